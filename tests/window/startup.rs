//! A clear start-up error: a database that cannot be opened stops the app before its window
//! is built, with a native dialog that shows the store's sentence and offers "Open another
//! database…", "Start a new one…" and "Quit" — never a panic or an abort.
//!
//! A test cannot click a native dialog. With `SWITCHBOARD_TEST_STARTUP_ANSWER` the app does not
//! show it: it writes the dialog's sentence to standard error and takes the answer from the
//! variable (`quit`, `open:PATH`, `new:PATH`). The choice → next step logic is a pure function
//! tested natively in `src-tauri/src/startup.rs`; what is tested here is the real binary.
//! These need a display (Tauri's event loop is made before the database is opened).

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use sqlx::Connection as _;

/// The app binary cargo built for this test run.
const APP: &str = env!("CARGO_BIN_EXE_switchboard");

/// Starts the app on `database` answering the start-up dialog with `answer`; waits for it to
/// end and answers its exit code and standard error.
fn start_answering(database: &Path, answer: &str) -> (Option<i32>, String) {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run the real-window tests through `cargo xtask test`, which starts Xvfb"
    );
    let output = Command::new(APP)
        .arg("--database")
        .arg(database)
        .env(switchboard::STARTUP_TEST_ANSWER_ENV, answer)
        .stdin(Stdio::null())
        .output()
        .expect("the app starts");
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The app quits with exit status 1 (not a signal: no panic, no abort), having said `sentence`.
fn assert_quits_saying(database: &Path, sentence: &str) {
    let (code, stderr) = start_answering(database, "quit");
    assert_eq!(
        code,
        Some(1),
        "Quit ends the app with status 1, never a panic or an abort; it said: {stderr}"
    );
    assert!(
        stderr.contains(sentence),
        "the dialog shows the store's sentence ({sentence:?}); it said: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "no panic: {stderr}");
}

#[test]
#[ignore = "real window: run with `cargo xtask test`"]
fn a_corrupt_file_is_named_and_left_alone() {
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("practice.db");
    let text = "Practice notes\n- call the lab\n".repeat(100);
    std::fs::write(&database, &text).expect("write a text file where the database goes");
    assert_quits_saying(&database, "is not a Switchboard database");
    assert_eq!(
        std::fs::read_to_string(&database).expect("read"),
        text,
        "the file is left exactly as it was"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_file_from_a_newer_version_asks_for_a_newer_switchboard() {
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("practice.db");
    switchboard_store::Store::open(&database)
        .await
        .expect("a database")
        .close()
        .await;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display()))
        .await
        .expect("raw connection");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000000, 'a change from the future', 1, X'00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("record a migration this build does not have");
    conn.close().await.expect("close");
    assert_quits_saying(&database, "was last used by a newer version of Switchboard");
}

#[test]
#[ignore = "real window: run with `cargo xtask test`"]
fn a_read_only_folder_says_so() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a folder");
    let folder = dir.path().join("locked");
    std::fs::create_dir(&folder).expect("a folder");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    assert_quits_saying(&folder.join("practice.db"), "is read-only");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert!(
        !folder.join("practice.db").exists(),
        "nothing was created in the read-only folder"
    );
}

/// "Start a new one…" after a corrupt file: the app opens its window on a new database, made
/// private to its owner (0600), and SIGTERM ends it normally.
#[test]
#[ignore = "real window: run with `cargo xtask test`"]
fn start_a_new_one_opens_the_window_on_a_new_private_database() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("a folder");
    let broken = dir.path().join("broken.db");
    std::fs::write(
        &broken,
        "not a database at all, but long enough ".repeat(20),
    )
    .expect("write");
    let fresh = dir.path().join("fresh.db");
    let mut app = Command::new(APP)
        .arg("--database")
        .arg(&broken)
        .env(
            switchboard::STARTUP_TEST_ANSWER_ENV,
            format!("new:{}", fresh.display()),
        )
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the app starts");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !crate::harness::window_is_shown("Switchboard") {
        assert!(
            app.try_wait().expect("status").is_none(),
            "the app should keep running on the new database"
        );
        assert!(
            Instant::now() < deadline,
            "the window should open on the new database"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mode = std::fs::metadata(&fresh)
        .expect("the new database exists")
        .permissions()
        .mode();
    let status = Command::new("kill")
        .args(["-TERM", &app.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success(), "SIGTERM sent");
    let exit = app.wait().expect("the app ends");
    assert_eq!(
        mode & 0o777,
        0o600,
        "the database file is readable by its owner only"
    );
    assert_eq!(
        exit.code(),
        Some(0),
        "SIGTERM with nothing to save ends the app normally: {exit:?}"
    );
}

/// With no `--database`, the app's own data folder is made 0700 and its database 0600.
#[test]
#[ignore = "real window: run with `cargo xtask test`"]
fn the_data_folder_and_database_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let home = tempfile::tempdir().expect("a home folder");
    let mut app = Command::new(APP)
        .env("XDG_DATA_HOME", home.path().join("data"))
        .env("XDG_CONFIG_HOME", home.path().join("config"))
        .env_remove(switchboard::DATABASE_ENV)
        .stdin(Stdio::null())
        .spawn()
        .expect("the app starts");
    let folder = home.path().join("data").join("health.switchboard.desktop");
    let database = folder.join("switchboard.db");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !crate::harness::window_is_shown("Switchboard") {
        assert!(Instant::now() < deadline, "the window should open");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mode = |path: &Path| {
        std::fs::metadata(path)
            .unwrap_or_else(|err| panic!("{} exists: {err}", path.display()))
            .permissions()
            .mode()
            & 0o777
    };
    let (folder_mode, database_mode) = (mode(&folder), mode(&database));
    let _ = Command::new("kill")
        .args(["-TERM", &app.id().to_string()])
        .status();
    let _ = app.wait();
    assert_eq!(folder_mode, 0o700, "the data folder is its owner's only");
    assert_eq!(
        database_mode, 0o600,
        "the database file is its owner's only"
    );
}
