//! Sync in the real app against a real practice server process on 127.0.0.1: signing in (a
//! wrong password gets a sentence; the demo is never uploaded), an edit made offline that
//! reaches the server and a second app, conflicts settled by a person, and the history's
//! filters and CSV.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use switchboard_core::{Change, Config, Localized, Setting, demo_practice};
use switchboard_store::{Author, Store};
use switchboard_sync::Client;

use serde_json::json;

use crate::axe::Audit;
use crate::harness::{App, temp_database};

const PASSWORD: &str = "correct horse battery staple";

/// The server binary, built beside the app (`cargo xtask test` builds the whole workspace
/// before the window tests).
fn server_binary() -> PathBuf {
    let app = Path::new(env!("CARGO_BIN_EXE_switchboard"));
    let server = app.with_file_name(format!(
        "switchboard-server{}",
        std::env::consts::EXE_SUFFIX
    ));
    assert!(
        server.exists(),
        "the practice server is not built at {}: run `cargo build -p switchboard-server` (cargo xtask test does)",
        server.display()
    );
    server
}

/// A practice server process with one practice and its admin, on a port of its own.
struct PracticeServer {
    dir: tempfile::TempDir,
    port: u16,
    practice: String,
    child: Option<Child>,
}

impl PracticeServer {
    fn command(&self) -> Command {
        let mut command = Command::new(server_binary());
        command.arg("--data-dir").arg(self.dir.path());
        command
    }

    /// A new server with practice "Riverside Clinic" and the account "admin".
    fn start() -> Self {
        let dir = tempfile::tempdir().expect("a folder for the server");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let mut server = Self {
            dir,
            port,
            practice: String::new(),
            child: None,
        };
        let added = server
            .command()
            .args(["practice", "add", "Riverside Clinic"])
            .output()
            .expect("the server adds a practice");
        assert!(added.status.success(), "{added:?}");
        server.practice = String::from_utf8_lossy(&added.stdout).trim().to_owned();
        let mut user = server
            .command()
            .args(["user", "add", "--practice", &server.practice, "admin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .expect("the server adds an account");
        use std::io::Write;
        writeln!(user.stdin.take().expect("stdin"), "{PASSWORD}").expect("the password");
        assert!(user.wait().expect("it ends").success());
        server.run();
        server
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Starts serving and waits until it listens.
    fn run(&mut self) {
        let child = self
            .command()
            .args(["serve", "--listen", &format!("127.0.0.1:{}", self.port)])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("the server starts");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "the server did not listen in 20 s"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops serving (the data stays).
    fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// A client signed in as the admin.
    async fn admin(&self) -> Client {
        let client = Client::new(&self.url()).expect("a loopback address");
        let session = client
            .sign_in(self.practice.parse().expect("an id"), "admin", PASSWORD)
            .await
            .expect("the admin signs in");
        client.with_token(session.token.expect("a token"))
    }

    /// Uploads a real practice (the demo's data, not marked demo).
    async fn upload_practice(&self) {
        let mut config = demo_practice();
        config.demo = false;
        self.admin()
            .await
            .upload(self.practice.parse().expect("an id"), &config)
            .await
            .expect("uploads");
    }

    /// What `read` gives of the server's configuration once it equals `expected` (asked every
    /// 0.1 s for 10 s), else its last answer: the app syncs in the background.
    async fn eventually<T: PartialEq>(&self, read: impl Fn(&Config) -> T, expected: &T) -> T {
        let mut now = read(&self.config().await);
        for _ in 0..100 {
            if now == *expected {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            now = read(&self.config().await);
        }
        now
    }

    /// The server's configuration now.
    async fn config(&self) -> Config {
        self.admin()
            .await
            .snapshot(self.practice.parse().expect("an id"))
            .await
            .expect("a snapshot")
            .config
            .expect("a practice is uploaded")
    }
}

impl Drop for PracticeServer {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Fills in the sign-in form on the Sync & history screen and signs in.
async fn sign_in(app: &App, server: &PracticeServer, password: &str) {
    app.open_screen("history").await;
    app.fill("input[data-part='server-url']", &server.url())
        .await;
    app.fill("input[data-part='server-practice']", &server.practice)
        .await;
    app.fill("input[data-part='server-account']", "admin").await;
    app.fill("input[data-part='server-password']", password)
        .await;
    app.click("button[data-action='sign-in']").await;
}

/// Another computer: its own database, connected and synced through the engine.
async fn other_computer(server: &PracticeServer) -> (tempfile::TempDir, Store, Client) {
    let (dir, path) = temp_database();
    let store = Store::open(&path).await.expect("opens");
    let client = server.admin().await;
    switchboard_sync::connect(&store, &client)
        .await
        .expect("takes the server's practice");
    (dir, store, client)
}

fn banner(to: &str) -> impl Fn(&Config) -> Change {
    let to = to.to_owned();
    move |config: &Config| Change::SetPracticeSetting {
        expected: Setting::Banner(config.settings.banner.clone()),
        value: Setting::Banner(Localized::new(
            to.clone(),
            config.settings.banner.es.clone(),
        )),
    }
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_wrong_password_gets_a_sentence_and_the_demo_is_never_uploaded() {
    let server = PracticeServer::start();
    let (_dir, database) = temp_database();
    let app = App::start("sync_sign_in", &database).await;

    sign_in(&app, &server, "not the password at all").await;
    let refusal = app.text("[data-part='server'] .notice-error").await;
    assert!(
        refusal.contains("password is not right"),
        "the server's sentence: {refusal}"
    );
    let mut audit = Audit::default();
    audit.check(&app, "sync sign-in refused").await;

    sign_in(&app, &server, PASSWORD).await;
    app.wait_for("[data-part='first-upload']").await;
    app.click("button[data-action='upload-practice']").await;
    app.wait_for_text_content(
        "[data-part='server'] .notice-error",
        "The demo practice can never be uploaded to a practice server: it is made-up data. Start a new practice or import your own, then connect again.",
    )
    .await;
    let snapshot = server
        .admin()
        .await
        .snapshot(server.practice.parse().expect("an id"))
        .await
        .expect("a snapshot");
    assert!(snapshot.config.is_none(), "nothing was uploaded");
    audit
        .check(&app, "sync first connection: upload refused")
        .await;
    app.quit().await;
    audit.finish();
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn an_edit_made_offline_reaches_the_server_and_a_second_app() {
    let mut server = PracticeServer::start();
    server.upload_practice().await;
    let (_dir, database) = temp_database();
    let app = App::start("sync_offline", &database).await;
    sign_in(&app, &server, PASSWORD).await;
    app.wait_for_text_content(
        "[data-part='connected-as']",
        &format!(
            "Connected as admin to {} (practice Riverside Clinic)",
            server.url()
        ),
    )
    .await;
    app.eventually(
        "the demo label goes: the server's practice is taken",
        || async { app.count(".badge-demo").await == 0 },
    )
    .await;

    server.stop();
    app.open_screen("topics").await;
    app.click("li[data-topic='referrals'] input[role='switch']")
        .await;
    app.wait_for("li[data-topic='referrals'].topic-off").await;
    app.eventually("the status says offline, one change waiting", || async {
        app.text(".status-line")
            .await
            .contains("Offline · last synced")
            && app
                .text(".status-line")
                .await
                .ends_with("1 change not yet synced")
    })
    .await;
    assert_eq!(
        app.count(".notice-error").await,
        0,
        "offline is a state, not an error"
    );

    server.run();
    app.open_screen("history").await;
    app.click("button[data-action='sync-now']").await;
    app.eventually("synced once the server is back", || async {
        app.text(".status-line").await.contains("Online")
            && app
                .text(".status-line")
                .await
                .contains("all changes synced")
    })
    .await;
    let referrals = |config: &Config| {
        config
            .topics
            .iter()
            .find(|t| t.key.as_str() == "referrals")
            .map(|t| t.enabled)
    };
    assert_eq!(referrals(&server.config().await), Some(false));
    app.quit().await;

    let (_second_dir, second_database) = temp_database();
    let second = App::start("sync_second_app", &second_database).await;
    sign_in(&second, &server, PASSWORD).await;
    second.wait_for("[data-part='connected-as']").await;
    second.open_screen("topics").await;
    second
        .wait_for("li[data-topic='referrals'].topic-off")
        .await;
    second.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_conflict_waits_for_a_choice_and_each_choice_reaches_the_server() {
    let server = PracticeServer::start();
    server.upload_practice().await;
    let (_dir, database) = temp_database();
    let app = App::start("sync_conflict", &database).await;
    sign_in(&app, &server, PASSWORD).await;
    app.wait_for("[data-part='connected-as']").await;
    let (_other_dir, other, other_client) = other_computer(&server).await;
    let author = Author("someone else".into());

    for (theirs, mine, keep_mine) in [
        ("Theirs: closed Friday", "Mine: closed Monday", true),
        ("Theirs again", "Mine again", false),
    ] {
        // The other computer changes the banner and syncs; this app has not pulled it.
        let config = other.load().await.expect("loads").config;
        other
            .apply(&banner(theirs)(&config), &author)
            .await
            .expect("applies");
        switchboard_sync::sync_once(&other, &other_client)
            .await
            .expect("syncs");

        app.open_screen("settings").await;
        let field = "[data-setting='banner'] textarea[data-lang='en']";
        app.fill(field, mine).await;
        app.click("[data-setting='banner'] button[data-action='save']")
            .await;
        app.eventually("the conflict is counted in the navigation", || async {
            app.count("[data-part='conflict-count']").await == 1
        })
        .await;
        app.open_screen("history").await;
        app.wait_for("[data-part='conflict']").await;
        let mut audit = Audit::default();
        audit.check(&app, "sync conflict").await;
        audit.finish();
        let card = app.text("[data-part='conflict']").await;
        assert!(
            card.contains(theirs) && card.contains("admin"),
            "what the server has now and who set it: {card}"
        );
        app.click(if keep_mine {
            "[data-part='conflict'] button[data-action='keep-mine']"
        } else {
            "[data-part='conflict'] button[data-action='take-theirs']"
        })
        .await;
        app.eventually("the choice is synced", || async {
            app.count("[data-part='conflict']").await == 0
                && app
                    .text(".status-line")
                    .await
                    .contains("all changes synced")
        })
        .await;
        let expected = (if keep_mine { mine } else { theirs }).to_owned();
        let on_server = server
            .eventually(|config| config.settings.banner.en.clone(), &expected)
            .await;
        assert_eq!(on_server, expected, "keep mine: {keep_mine}");
        switchboard_sync::sync_once(&other, &other_client)
            .await
            .expect("the other computer syncs");
    }
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_history_filters_by_person_and_screen_and_exports_formula_safe_csv() {
    let (dir, database) = temp_database();
    {
        let store = Store::open(&database).await.expect("opens");
        let config = store.load().await.expect("loads").config;
        store
            .apply(
                &banner("=HYPERLINK(\"x\")")(&config),
                &Author("=cmd".into()),
            )
            .await
            .expect("applies");
        let topics = Change::SetTopicEnabled {
            topic: switchboard_core::TopicKey::new("referrals"),
            expected: true,
            value: false,
        };
        store
            .apply(&topics, &Author("ana".into()))
            .await
            .expect("applies");
        store.close().await;
    }
    let saved = dir.path().join("history.csv");
    let app = App::start_with_env(
        "sync_history",
        &database,
        &[(
            switchboard::FILE_DIALOG_TEST_ENV,
            saved.to_str().expect("a UTF-8 path"),
        )],
    )
    .await;
    app.open_screen("history").await;
    app.wait_for_text("[data-part='history-count']", "2 entries")
        .await;
    app.pick_value("select[data-part='history-person']", "ana")
        .await;
    app.wait_for_text("[data-part='history-count']", "1 entry")
        .await;
    assert_eq!(app.text("[data-part='entry-screen']").await, "Topics");
    app.pick_value("select[data-part='history-person']", "")
        .await;
    app.pick_value("select[data-part='history-screen']", "Message settings")
        .await;
    app.wait_for_text("[data-part='history-count']", "1 entry")
        .await;
    assert_eq!(app.text("[data-part='history-who']").await, "=cmd");
    app.click("button[data-action='history-csv']").await;
    let csv = app.value("textarea[data-part='history-csv-text']").await;
    assert!(
        csv.contains("\"'=cmd\"") && csv.contains("\"The practice's banner"),
        "formulas are defused: {csv}"
    );
    assert!(!csv.contains("ana"), "the CSV holds what the filters show");
    app.click("button[data-action='history-save-csv']").await;
    app.wait_for_text("[data-part='history-saved']", "Saved as \"history.csv\".")
        .await;
    assert_eq!(
        std::fs::read_to_string(&saved)
            .expect("the shell wrote the file")
            .replace("\r\n", "\n"),
        csv,
        "the saved file is the CSV the screen shows"
    );
    let mut audit = Audit::default();
    audit.check(&app, "history filtered, with its CSV").await;
    app.quit().await;
    audit.finish();
}

/// A database that holds a practice of its own (not the demo) called `name`.
async fn own_practice(database: &Path, name: &str) {
    let store = Store::open(database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    let author = Author("ana".into());
    store
        .apply(
            &Change::SetDemo {
                expected: true,
                value: false,
            },
            &author,
        )
        .await
        .expect("no longer the demo");
    store
        .apply(
            &Change::SetPracticeName {
                expected: config.practice_name.clone(),
                value: switchboard_core::PracticeName(name.into()),
            },
            &author,
        )
        .await
        .expect("renamed");
    store.close().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn when_both_have_a_practice_the_admin_sees_the_differences_and_the_choice_wins() {
    let server = PracticeServer::start();
    server.upload_practice().await;
    let on_server = server.config().await.practice_name.0;

    // Keep this computer's practice: the server ends with it.
    let (_dir, database) = temp_database();
    own_practice(&database, "Lakeside Clinic").await;
    let app = App::start("sync_choose_mine", &database).await;
    sign_in(&app, &server, PASSWORD).await;
    app.wait_for("[data-part='first-choose']").await;
    let differences = app
        .texts("[data-part='first-choose'] .differences li")
        .await;
    assert!(
        differences.contains(&format!(
            "The practice is called \"Lakeside Clinic\" here and \"{on_server}\" on the server."
        )),
        "the summary names what differs: {differences:?}"
    );
    let mut audit = Audit::default();
    audit
        .check(&app, "sync first connection: both have a practice")
        .await;
    app.click("button[data-action='mine-wins']").await;
    app.wait_for("[data-part='connected-as']").await;
    app.click("button[data-action='sync-now']").await;
    let name = server
        .eventually(
            |config| config.practice_name.0.clone(),
            &"Lakeside Clinic".to_owned(),
        )
        .await;
    assert_eq!(name, "Lakeside Clinic", "this computer's practice won");
    app.quit().await;

    // Take the server's practice: this computer ends with it, as one step in the history.
    let (_second_dir, second_database) = temp_database();
    own_practice(&second_database, "Hillside Clinic").await;
    let second = App::start("sync_choose_theirs", &second_database).await;
    sign_in(&second, &server, PASSWORD).await;
    second.wait_for("[data-part='first-choose']").await;
    second.click("button[data-action='theirs-wins']").await;
    second.wait_for("[data-part='connected-as']").await;
    second
        .eventually("the history shows the step that took it", || async {
            second
                .text("[data-part='history-entry'][data-kind='snapshot']")
                .await
                .contains("Took the practice from the server (its revision 2)")
        })
        .await;
    second.quit().await;
    assert_eq!(
        crate::harness::stored(&second_database)
            .await
            .practice_name
            .0,
        "Lakeside Clinic",
        "the server's practice is in this computer's database"
    );
    audit.finish();
}

/// Inside the page: clicks the element `arguments[0]` — or, with a value `arguments[1]`,
/// picks that value in the select `arguments[0]` — then waits until the element
/// `arguments[2]` reads `arguments[3]` (with `null`: until there are more elements
/// `arguments[2]` than before) and the next frame is painted; answers the milliseconds from
/// the action (WebKit's `performance.now()` counts whole milliseconds: far finer than what
/// is timed here), or `null` after 30 s.
const ACT_UNTIL_PAINTED: &str = "
    const [target, value, css, text, done] = arguments;
    const before = document.querySelectorAll(css).length;
    const shown = () => {
        if (text === null) {
            return document.querySelectorAll(css).length > before;
        }
        const element = document.querySelector(css);
        return element !== null && element.textContent.trim() === text;
    };
    const started = performance.now();
    const observer = new MutationObserver(() => {
        if (shown()) {
            observer.disconnect();
            requestAnimationFrame(() => done(performance.now() - started));
        }
    });
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const element = document.querySelector(target);
    if (value === null) {
        element.click();
    } else {
        element.value = value;
        element.dispatchEvent(new Event('change', { bubbles: true }));
    }
    setTimeout(() => { observer.disconnect(); done(null); }, 30000);";

/// The History screen with a long log (issue 14: "10,000 entries stay smooth"), against the
/// same screen with 100 entries in the same run. A harness that prints, not a timed test:
/// run it with `cargo test -p switchboard --test window -- --ignored --exact
/// sync::bench_history_of_10000_entries --nocapture` under Xvfb.
#[tokio::test]
#[ignore = "benchmark: run by hand (see its comment)"]
async fn bench_history_of_10000_entries() {
    const ROUNDS: usize = 7;
    let mut report = Vec::new();
    for entries in [100_usize, 10_000] {
        let (_dir, database) = temp_database();
        {
            let store = Store::open(&database).await.expect("opens");
            let mut config = store.load().await.expect("loads").config;
            for n in 0..entries {
                // Two people take turns, so the person filter keeps half.
                let author = Author(if n % 2 == 0 { "ana" } else { "ben" }.into());
                let topic = config
                    .topics
                    .iter()
                    .find(|topic| topic.key.as_str() == "referrals")
                    .expect("the demo has Referrals");
                let toggle = Change::SetTopicEnabled {
                    topic: topic.key.clone(),
                    expected: topic.enabled,
                    value: !topic.enabled,
                };
                store.apply(&toggle, &author).await.expect("applies");
                switchboard_core::apply(&mut config, &toggle).expect("applies");
            }
            store.close().await;
        }
        let app = App::start(&format!("bench_history_{entries}"), &database).await;
        app.wait_for("nav button[data-screen='history']").await;
        let all = format!("{entries} entries");
        let half = format!("{} entries", entries / 2);
        let (mut open, mut filter, mut more_rows) = (Vec::new(), Vec::new(), Vec::new());
        for _ in 0..ROUNDS {
            app.open_screen("overview").await;
            let timed = |target: &'static str,
                         value: Option<&str>,
                         css: &'static str,
                         text: Option<&str>| {
                let args = vec![json!(target), json!(value), json!(css), json!(text)];
                let app = &app;
                async move {
                    app.run_async(ACT_UNTIL_PAINTED, args)
                        .await
                        .as_f64()
                        .expect("the page answered in time")
                }
            };
            let count = "[data-part='history-count']";
            open.push(timed("nav button[data-screen='history']", None, count, Some(&all)).await);
            let person = "select[data-part='history-person']";
            filter.push(timed(person, Some("ana"), count, Some(&half)).await);
            app.pick_value(person, "").await;
            app.wait_for_text(count, &all).await;
            if entries > 200 {
                let more = "button[data-action='history-more']";
                more_rows.push(timed(more, None, "[data-part='history-entry']", None).await);
            }
        }
        app.quit().await;
        let line = |what: &str, times: &mut Vec<f64>| {
            times.sort_by(f64::total_cmp);
            format!(
                "{entries} entries, {what}: {:.0} ms ({:.0}–{:.0}), {} rounds",
                times[times.len() / 2],
                times[0],
                times[times.len() - 1],
                times.len()
            )
        };
        report.push(line(
            "open History from the Overview until the count and first page are painted",
            &mut open,
        ));
        report.push(line("filter by person until painted", &mut filter));
        if !more_rows.is_empty() {
            report.push(line(
                "\"Show more\" until the next 200 rows are painted",
                &mut more_rows,
            ));
        }
    }
    for line in report {
        println!("{line}");
    }
}
