//! The harness: start the app under a WebDriver on free ports, drive it, save screenshots,
//! and stop every process it started.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::actions::{
    Actions, InputSource, KeyAction, KeyActions, MOUSE_BUTTON_LEFT, MouseActions, PointerAction,
};
use fantoccini::elements::Element;
pub use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;
use switchboard_bench_support::process;

/// The app binary cargo built for this test run.
pub const APP: &str = env!("CARGO_BIN_EXE_switchboard");
/// The app's file name, as it appears in a process list.
const APP_NAME: &str = "switchboard";
/// How long to wait for the UI to show something before failing.
const UI_TIMEOUT: Duration = Duration::from_secs(20);

/// Where test artifacts go: `target/screenshots` and `target/window-logs`.
pub fn artifacts(kind: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("CARGO_TARGET_TMPDIR is target/tmp")
        .join(kind);
    std::fs::create_dir_all(&dir).expect("create the artifacts folder under target/");
    dir
}

/// The configuration in the database after the app has closed.
pub async fn stored(database: &std::path::Path) -> switchboard_core::Config {
    let store = switchboard_store::Store::open(database)
        .await
        .expect("the app's database opens");
    let config = store.load().await.expect("loads").config;
    store.close().await;
    config
}

/// A fresh folder for a test's database, and the database path in it (the app creates the
/// file). Keep the folder alive for the whole test: dropping it deletes the database.
pub fn temp_database() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let database = dir.path().join("practice.db");
    (dir, database)
}

/// Stores a generated practice of 500 providers (60 staff, 10 groups, 5 locations, 10 topics)
/// in place of the demo, and answers it.
pub async fn with_five_hundred_providers(database: &Path) -> switchboard_core::Config {
    let size = switchboard_core::fixtures::Size {
        providers: 500,
        staff: 60,
        groups: 10,
        locations: 5,
        topics: 10,
    };
    let large = switchboard_core::fixtures::practice(7, size);
    let store = switchboard_store::Store::open(database)
        .await
        .expect("creates");
    store
        .import(
            &switchboard_core::export(&large),
            &switchboard_store::Author("test-setup".into()),
        )
        .await
        .expect("the generated practice imports")
        .expect("it differs from the demo");
    store.close().await;
    large
}

/// Makes Tom Lee — the demo's only recipient of Lakeview's appointments — inactive in the
/// database before the app opens, and returns the configuration. Several tests start there.
pub async fn with_tom_lee_inactive(database: &Path) -> switchboard_core::Config {
    use switchboard_core::{Change, PersonField, demo_ids};
    let store = switchboard_store::Store::open(database)
        .await
        .expect("creates the database");
    store
        .apply(
            &Change::SetPersonField {
                person: demo_ids::TOM_LEE,
                expected: PersonField::Active(true),
                value: PersonField::Active(false),
            },
            &switchboard_store::Author("test-setup".into()),
        )
        .await
        .expect("Tom Lee is active in the demo");
    let config = store.load().await.expect("loads").config;
    store.close().await;
    config
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|addr| addr.port())
        .expect("a free port on 127.0.0.1")
}

/// A tauri-driver process; dropping it stops it with SIGTERM so its WebKitWebDriver child
/// goes too (SIGKILL would orphan the child, which keeps the port and the output pipe).
#[derive(Debug)]
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts the driver with `env` added to its environment, which the app it starts inherits.
    fn start_with_env(test: &str, env: &[(&str, &str)]) -> Self {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "no DISPLAY: run the real-window tests through `cargo xtask test`, which starts Xvfb"
        );
        let port = free_port();
        let native_port = free_port();
        let log_path = artifacts("window-logs").join(format!("{test}.driver.log"));
        let log = File::create(&log_path).expect("create the driver log");
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("clone the log handle"))
            .stderr(log)
            .spawn()
            .unwrap_or_else(|err| {
                panic!("cannot start tauri-driver ({err}): `cargo xtask test` installs it")
            });
        let mut driver = Self { child, port };
        // tauri-driver listens before its WebKitWebDriver child does; a session request in
        // between fails. Wait for both.
        let deadline = Instant::now() + Duration::from_secs(20);
        for listening in [port, native_port] {
            while TcpStream::connect(("127.0.0.1", listening)).is_err() {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    panic!(
                        "tauri-driver exited at start ({status}); its log: {}",
                        std::fs::read_to_string(&log_path).unwrap_or_default()
                    );
                }
                assert!(
                    Instant::now() < deadline,
                    "the WebDriver did not listen on port {listening} within 20 s; log in {}",
                    log_path.display()
                );
                std::thread::sleep(Duration::from_millis(50));
            }
        }
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let pid = self.child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Last resort, so a stuck driver cannot hang the run.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The real app in a real window, on the given database file.
#[derive(Debug)]
pub struct App {
    client: Client,
    test: String,
    database: PathBuf,
    _driver: Driver,
}

impl Drop for App {
    /// On a failed test the session may still be open: stop the app by its unique database
    /// path (the driver goes when `_driver` drops right after).
    fn drop(&mut self) {
        let _ = Command::new("pkill")
            .args(["-TERM", "-f"])
            .arg(format!("{APP_NAME} --database {}", self.database.display()))
            .status();
    }
}

impl App {
    /// Starts the app with `--database <database>` and waits for its first screen.
    pub async fn start(test: &str, database: &Path) -> Self {
        Self::start_with_env(test, database, &[]).await
    }

    /// As [`App::start`], with `env` added to the app's environment (the test answers of its
    /// native dialogs, say).
    pub async fn start_with_env(test: &str, database: &Path, env: &[(&str, &str)]) -> Self {
        let driver = Driver::start_with_env(test, env);
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("browserName".into(), json!("wry"));
        capabilities.insert(
            "tauri:options".into(),
            json!({
                "application": APP,
                "args": ["--database", database.to_str().expect("a UTF-8 temp path")],
            }),
        );
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", driver.port))
            .await
            .unwrap_or_else(|err| panic!("the app did not start under WebDriver: {err}"));
        let app = Self {
            client,
            test: test.to_string(),
            database: database.to_path_buf(),
            _driver: driver,
        };
        app.wait_for("nav button[data-screen]").await;
        app
    }

    /// Waits for the first element matching `css`.
    pub async fn wait_for(&self, css: &str) -> Element {
        match self
            .client
            .wait()
            .at_most(UI_TIMEOUT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => element,
            Err(err) => {
                // What the window shows instead, so a failure says more than "not there".
                let shown = self
                    .client
                    .execute(
                        "return document.body ? document.body.innerText.slice(0, 400) : '(no body)';",
                        Vec::new(),
                    )
                    .await
                    .map(|text| text.as_str().unwrap_or_default().to_string())
                    .unwrap_or_else(|err| format!("(not readable: {err})"));
                panic!(
                    "no element matching `{css}` within {UI_TIMEOUT:?}: {err}; the window shows: {shown:?}"
                )
            }
        }
    }

    /// Waits until the element matching `css` has exactly `text` as its `textContent`
    /// (rendered or not: a row just scrolled into view may not count as visible yet).
    pub async fn wait_for_text_content(&self, css: &str, text: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let current = self.text_content(css).await;
            if current == text {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`{css}` still holds {current:?}, not {text:?}, after {UI_TIMEOUT:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the element matching `css` has exactly `text`.
    pub async fn wait_for_text(&self, css: &str, text: &str) {
        let deadline = Instant::now() + UI_TIMEOUT;
        loop {
            let current = self.wait_for(css).await.text().await.unwrap_or_default();
            if current == text {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "`{css}` still reads {current:?}, not {text:?}, after {UI_TIMEOUT:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the status line reads `text` with nothing on its way to the store (it is
    /// no longer `aria-busy`): the line already says what an edit makes of it while the store
    /// works, so its words alone do not mean saved.
    pub async fn wait_for_saved(&self, text: &str) {
        self.wait_for_text(".status-line:not([aria-busy])", text)
            .await;
    }

    /// Polls `check` every 50 ms until it answers true; fails saying `what` should have
    /// happened when it has not within the UI timeout.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F)
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = bool>,
    {
        let deadline = Instant::now() + UI_TIMEOUT;
        while !check().await {
            assert!(Instant::now() < deadline, "{what} (waited {UI_TIMEOUT:?})");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until the form field matching `css` holds `value`.
    pub async fn wait_for_value(&self, css: &str, value: &str) {
        self.eventually(&format!("`{css}` should hold {value:?}"), || async {
            self.value(css).await == value
        })
        .await;
    }

    /// Opens a screen from the navigation, by its `data-screen` id.
    pub async fn open_screen(&self, screen: &str) {
        self.wait_for(&format!("nav button[data-screen='{screen}']"))
            .await
            .click()
            .await
            .unwrap_or_else(|err| panic!("cannot click the {screen} navigation item: {err}"));
        self.wait_for(&format!("main section[data-screen='{screen}']"))
            .await;
    }

    /// An attribute of the element that has the keyboard focus.
    pub async fn focused_attr(&self, name: &str) -> Option<String> {
        self.client
            .active_element()
            .await
            .expect("some element has the focus")
            .attr(name)
            .await
            .expect("read the focused element's attribute")
    }

    /// Every element matching `css` (after the first one appears).
    pub async fn elements(&self, css: &str) -> Vec<Element> {
        self.wait_for(css).await;
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("cannot list `{css}`: {err}"))
    }

    /// How many elements match `css` right now (zero is an answer, not a wait).
    pub async fn count(&self, css: &str) -> usize {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|err| panic!("cannot count `{css}`: {err}"))
            .len()
    }

    /// The text of the first element matching `css`.
    pub async fn text(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .text()
            .await
            .unwrap_or_else(|err| panic!("cannot read the text of `{css}`: {err}"))
    }

    /// The `textContent` of the first element matching `css`: its text even when it is only
    /// for screen readers (WebDriver's text is what is visible).
    pub async fn text_content(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("textContent")
            .await
            .unwrap_or_else(|err| panic!("cannot read the textContent of `{css}`: {err}"))
            .unwrap_or_default()
    }

    /// The texts of every element matching `css`, in document order.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self.elements(css).await {
            texts.push(element.text().await.unwrap_or_default());
        }
        texts
    }

    /// The current value of the form field matching `css`.
    pub async fn value(&self, css: &str) -> String {
        self.wait_for(css)
            .await
            .prop("value")
            .await
            .unwrap_or_else(|err| panic!("cannot read the value of `{css}`: {err}"))
            .unwrap_or_default()
    }

    /// Types `text` into the field matching `css`, as keystrokes.
    pub async fn type_into(&self, css: &str, text: &str) {
        self.wait_for(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("cannot type into `{css}`: {err}"));
    }

    /// Sets a field that has no keyboard text entry (a date picker, say) to `value` and fires
    /// its `change` event, as picking a value does.
    pub async fn pick_value(&self, css: &str, value: &str) {
        self.wait_for(css).await;
        self.client
            .execute(
                "const el = document.querySelector(arguments[0]);
                 el.value = arguments[1];
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::Value::from(css), serde_json::Value::from(value)],
            )
            .await
            .unwrap_or_else(|err| panic!("cannot set `{css}` to {value:?}: {err}"));
    }

    /// Scrolls the element matching `css` to its end, as a person dragging the scrollbar.
    pub async fn scroll_to_bottom(&self, css: &str) {
        self.wait_for(css).await;
        self.client
            .execute(
                "const el = document.querySelector(arguments[0]);
                 el.scrollTop = el.scrollHeight;
                 el.dispatchEvent(new Event('scroll'));",
                vec![serde_json::Value::from(css)],
            )
            .await
            .unwrap_or_else(|err| panic!("cannot scroll `{css}`: {err}"));
    }

    /// Presses Ctrl+`key` in the focused element, the way a person does.
    pub async fn press_ctrl(&self, key: char) {
        self.press_with(Key::Control, key).await;
    }

    /// Presses `key` (a character or a [`Key`] as char) in the focused element.
    pub async fn press(&self, key: char) {
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key });
        self.client
            .perform_actions(keys)
            .await
            .unwrap_or_else(|err| panic!("cannot press {key:?}: {err}"));
    }

    /// Presses `modifier`+`key` (a character or a [`Key`] as char) in the focused element.
    pub async fn press_with(&self, modifier: Key, key: char) {
        let modifier: char = modifier.into();
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .then(KeyAction::Up { value: modifier });
        self.client
            .perform_actions(keys)
            .await
            .unwrap_or_else(|err| panic!("cannot press {modifier:?}+{key:?}: {err}"));
    }

    /// Replaces the text of the field matching `css` with `text`.
    pub async fn fill(&self, css: &str, text: &str) {
        let field = self.wait_for(css).await;
        field
            .clear()
            .await
            .unwrap_or_else(|err| panic!("cannot clear `{css}`: {err}"));
        field
            .send_keys(text)
            .await
            .unwrap_or_else(|err| panic!("cannot type into `{css}`: {err}"));
    }

    /// Clicks the first element matching `css`, scrolled to the middle of the page first (the
    /// native menu bar takes some of the window's height, and the status line covers the
    /// page's last line).
    pub async fn click(&self, css: &str) {
        let element = self.wait_for(css).await;
        self.client
            .execute(
                "arguments[0].scrollIntoView({ block: 'center', inline: 'nearest' });",
                vec![serde_json::to_value(&element).expect("an element reference")],
            )
            .await
            .unwrap_or_else(|err| panic!("cannot scroll `{css}` into view: {err}"));
        element
            .click()
            .await
            .unwrap_or_else(|err| panic!("cannot click `{css}`: {err}"));
    }

    /// Presses the mouse on the element matching `from`, moves it in steps onto the element
    /// matching `to` (through the middle of the way, then its centre) and leaves it held there:
    /// pointer events, the way a person drags. [`App::release`] lets go.
    pub async fn drag_and_hold(&self, from: &str, to: &str) {
        self.drag_and_hold_at(from, to, (0.0, 0.0)).await;
    }

    /// As [`App::drag_and_hold`], holding at `offset` (x, y pixels) from the centre of `to`.
    pub async fn drag_and_hold_at(&self, from: &str, to: &str, offset: (f64, f64)) {
        let source = self.wait_for(from).await;
        let target = self.wait_for(to).await;
        let step = Some(Duration::from_millis(30));
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::MoveToElement {
                element: source,
                duration: None,
                x: 0.0,
                y: 0.0,
            })
            .then(PointerAction::Down {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::MoveBy {
                duration: step,
                x: 3.0,
                y: 3.0,
            })
            .then(PointerAction::MoveBy {
                duration: step,
                x: 6.0,
                y: 6.0,
            })
            .then(PointerAction::MoveToElement {
                element: target.clone(),
                duration: step,
                x: offset.0 - 30.0,
                y: offset.1 - 10.0,
            })
            .then(PointerAction::MoveToElement {
                element: target,
                duration: step,
                x: offset.0,
                y: offset.1,
            });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|err| panic!("cannot drag `{from}` to `{to}`: {err}"));
    }

    /// Moves the mouse [`App::drag_and_hold`] holds by (`x`, `y`) pixels, still held.
    pub async fn move_held_by(&self, x: f64, y: f64) {
        let mouse = MouseActions::new("mouse".into()).then(PointerAction::MoveBy {
            duration: Some(Duration::from_millis(30)),
            x,
            y,
        });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|err| panic!("cannot move the held mouse: {err}"));
    }

    /// Lets go of the mouse button [`App::drag_and_hold`] holds.
    pub async fn release(&self) {
        let mouse = MouseActions::new("mouse".into()).then(PointerAction::Up {
            button: MOUSE_BUTTON_LEFT,
        });
        self.client
            .perform_actions(mouse)
            .await
            .unwrap_or_else(|err| panic!("cannot release the mouse button: {err}"));
    }

    /// Lets go of the mouse button [`App::drag_and_hold`] holds while holding `modifier` down
    /// (Alt to copy instead of move).
    pub async fn release_with(&self, modifier: Key) {
        let modifier: char = modifier.into();
        let tick = Duration::from_millis(20);
        let keys = KeyActions::new("keyboard".into())
            .then(KeyAction::Down { value: modifier })
            .then(KeyAction::Pause { duration: tick })
            .then(KeyAction::Up { value: modifier });
        let mouse = MouseActions::new("mouse".into())
            .then(PointerAction::Pause { duration: tick })
            .then(PointerAction::Up {
                button: MOUSE_BUTTON_LEFT,
            })
            .then(PointerAction::Pause { duration: tick });
        self.client
            .perform_actions(Actions::from(keys).and(mouse))
            .await
            .unwrap_or_else(|err| panic!("cannot release the mouse with {modifier:?}: {err}"));
    }

    /// Drags the element matching `from` onto the element matching `to` and drops it there.
    pub async fn drag(&self, from: &str, to: &str) {
        self.drag_and_hold(from, to).await;
        self.release().await;
    }

    /// The value of attribute `name` of the first element matching `css`.
    pub async fn attribute(&self, css: &str, name: &str) -> String {
        self.wait_for(css)
            .await
            .attr(name)
            .await
            .unwrap_or_else(|err| panic!("cannot read `{name}` of `{css}`: {err}"))
            .unwrap_or_else(|| panic!("`{css}` has no `{name}` attribute"))
    }

    /// Saves a PNG of the window as `target/screenshots/<test>-<name>.png`.
    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // WebKit may capture before it has painted the latest DOM change: wait two frames.
        // WebKitWebDriver takes the picture at the page's next paint; painting without
        // compositing (the app's choice without a GPU, `src-tauri/src/rendering.rs`), a page
        // where nothing changes paints no more and the screenshot would wait for ever. So
        // while it is taken, a hidden one-pixel element of the harness changes every 30 ms.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const tick = document.createElement('div');
                 tick.id = 'harness-screenshot-tick';
                 tick.setAttribute('aria-hidden', 'true');
                 tick.style.cssText = 'position:fixed;left:0;bottom:0;font-size:1px;opacity:0.01;pointer-events:none';
                 document.body.appendChild(tick);
                 window.__harnessTick = setInterval(() => { tick.textContent = String(performance.now()); }, 30);
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await
            .expect("the webview renders frames");
        let png = self.client.screenshot().await;
        self.client
            .execute(
                "clearInterval(window.__harnessTick);
                 document.getElementById('harness-screenshot-tick')?.remove();",
                vec![],
            )
            .await
            .expect("the screenshot's tick stops");
        let png = png.expect("a WebDriver screenshot");
        assert!(png.starts_with(b"\x89PNG"), "WebDriver returned a PNG");
        let path = artifacts("screenshots").join(format!("{}-{name}.png", self.test));
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// Reloads the page with `query` as its address's query (`?bench` turns the UI's timing
    /// marks on) and waits for the first screen again.
    pub async fn reload_with_query(&self, query: &str) {
        let mut url = self
            .client
            .current_url()
            .await
            .expect("the page has an address");
        url.set_query(Some(query));
        self.client
            .goto(url.as_str())
            .await
            .unwrap_or_else(|err| panic!("cannot open {url}: {err}"));
        self.wait_for("nav button[data-screen]").await;
    }

    /// Sets the window's outer size, as a person dragging its corner does.
    pub async fn resize(&self, width: u32, height: u32) {
        self.client
            .set_window_size(width, height)
            .await
            .unwrap_or_else(|err| panic!("cannot resize the window to {width}×{height}: {err}"));
    }

    /// Moves and sizes the window (outer size), as a person dragging it and its corner does.
    pub async fn set_window_rect(&self, x: u32, y: u32, width: u32, height: u32) {
        self.client
            .set_window_rect(x, y, width, height)
            .await
            .unwrap_or_else(|err| {
                panic!("cannot move the window to ({x}, {y}) at {width}×{height}: {err}")
            });
    }

    /// The window's position and outer size: `(x, y, width, height)`.
    pub async fn window_rect(&self) -> (u64, u64, u64, u64) {
        self.client
            .get_window_rect()
            .await
            .unwrap_or_else(|err| panic!("cannot read the window's position and size: {err}"))
    }

    /// Presses Shift+Tab: the keyboard focus moves back.
    pub async fn shift_tab(&self) {
        self.press_with(Key::Shift, Key::Tab.into()).await;
    }

    /// Runs `script` in the page (a plain script: its `return` is the answer) and returns the
    /// answer.
    pub async fn run(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|err| panic!("the page script failed: {err}"))
    }

    /// Runs `script` in the page (an async script: it calls `arguments[arguments.length - 1]`
    /// with its answer) and returns the answer.
    pub async fn run_async(&self, script: &str, args: Vec<serde_json::Value>) -> serde_json::Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|err| panic!("the page script failed: {err}"))
    }

    /// Asks the app's window to close the way a window manager's close button does (the X11
    /// `WM_DELETE_WINDOW` message), with no wait for anything, and waits until the app has
    /// exited. The WebDriver session ends with it.
    pub async fn close_window(self) {
        ask_window_to_close(WINDOW_TITLE);
        self.wait_for_exit("its window is closed").await;
    }

    /// Presses the Quit menu item's shortcut (Ctrl+Q) as a keyboard does (X11 XTEST).
    pub fn press_quit_shortcut(&self) {
        press_ctrl_key_in_window(WINDOW_TITLE, b'q');
    }

    /// Presses Ctrl+`key` as a keyboard does (X11 XTEST): the native menu's shortcuts see it.
    pub fn press_menu_shortcut(&self, key: u8) {
        press_ctrl_key_in_window(WINDOW_TITLE, key);
    }

    /// Sends the app process `signal` (`TERM`, `HUP`) as the system does at log-out.
    pub fn signal(&self, signal: &str) {
        let status = Command::new("pkill")
            .arg(format!("-{signal}"))
            .arg("-f")
            .arg(self.process_pattern())
            .status()
            .expect("run pkill");
        assert!(
            status.success(),
            "the app process was running to be sent {signal}"
        );
    }

    /// The app's process id (the process started with this test's database).
    pub fn pid(&self) -> u32 {
        let wanted = self.process_pattern();
        std::fs::read_dir("/proc")
            .expect("read /proc")
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
            .find(|pid| {
                std::fs::read(format!("/proc/{pid}/cmdline")).is_ok_and(|cmdline| {
                    let words: Vec<String> = cmdline
                        .split(|byte| *byte == 0)
                        .filter(|word| !word.is_empty())
                        .map(|word| String::from_utf8_lossy(word).into_owned())
                        .collect();
                    words.join(" ").ends_with(&wanted)
                        && words.first().is_some_and(|first| first.ends_with(APP_NAME))
                })
            })
            .unwrap_or_else(|| panic!("no running process `{wanted}`"))
    }

    /// The app's WebKit web process (its main thread runs the page).
    pub fn web_process(&self) -> u32 {
        let webs: Vec<u32> = process::descendants(self.pid())
            .into_iter()
            .filter(|&child| process::name(child).is_some_and(|n| n.starts_with(WEB_PROCESS)))
            .collect();
        assert_eq!(webs.len(), 1, "the app runs one WebKit web process");
        webs[0]
    }

    fn process_pattern(&self) -> String {
        format!("{APP_NAME} --database {}", self.database.display())
    }

    /// Waits until the app process has exited (after `what`).
    pub async fn wait_for_exit(self, what: &str) {
        let pattern = self.process_pattern();
        let running = || {
            Command::new("pgrep")
                .args(["-f", &pattern])
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|status| status.success())
        };
        let deadline = Instant::now() + UI_TIMEOUT;
        while running() {
            assert!(
                Instant::now() < deadline,
                "the app should exit once {what} (waited {UI_TIMEOUT:?})"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Ends the WebDriver session, which closes the app, then stops the driver.
    pub async fn quit(self) {
        // Ending the WebDriver session ends the app without asking its window to close, so
        // the app cannot wait for edits still on their way to the store (as it does when its
        // window is closed, see `close_window`): leave once the status line is no longer
        // busy (`aria-busy`, from the first edit until the store has answered the last).
        self.eventually(
            "the app should finish saving before it is closed",
            || async {
                let busy = self
                    .run_async(
                        "const line = document.querySelector('.status-line'); \
                     arguments[0](line ? line.getAttribute('aria-busy') : null);",
                        Vec::new(),
                    )
                    .await;
                busy.as_str() != Some("true")
            },
        )
        .await;
        self.client
            .clone()
            .close()
            .await
            .expect("the WebDriver session ends and the app closes");
    }
}

/// How a WebKit web process names itself (`comm` is cut at 15 bytes: "WebKitWebProces").
pub const WEB_PROCESS: &str = "WebKitWebProc";

/// The app window's title (tauri.conf.json).
const WINDOW_TITLE: &str = "Switchboard";

/// The top-level window titled `title` on `$DISPLAY`.
fn find_window(conn: &impl x11rb::connection::Connection, root: u32, title: &str) -> u32 {
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _};
    conn.query_tree(root)
        .expect("ask for the windows")
        .reply()
        .expect("the windows")
        .children
        .into_iter()
        .find(|window| {
            conn.get_property(false, *window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 256)
                .ok()
                .and_then(|cookie| cookie.reply().ok())
                .is_some_and(|name| name.value == title.as_bytes())
        })
        .unwrap_or_else(|| panic!("no window titled {title:?} on the display"))
}

/// Whether a top-level window titled `title` is on `$DISPLAY`.
pub fn window_is_shown(title: &str) -> bool {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _};
    let Ok((conn, screen)) = x11rb::connect(None) else {
        return false;
    };
    let root = conn.setup().roots[screen].root;
    conn.query_tree(root)
        .ok()
        .and_then(|cookie| cookie.reply().ok())
        .is_some_and(|tree| {
            tree.children.into_iter().any(|window| {
                conn.get_property(false, window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 256)
                    .ok()
                    .and_then(|cookie| cookie.reply().ok())
                    .is_some_and(|name| name.value == title.as_bytes())
            })
        })
}

/// Gives the window titled `title` the keyboard focus and presses Ctrl+`key` there through the
/// X server's XTEST extension: the same path a real keyboard takes, so the window's menu
/// shortcuts see it (WebDriver's keys go to the page only).
fn press_ctrl_key_in_window(title: &str, key: u8) {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{ConnectionExt as _, InputFocus};
    use x11rb::protocol::xtest::ConnectionExt as _;

    const CONTROL_L: u32 = 0xffe3;
    let (conn, screen) = x11rb::connect(None).expect("connect to the X display");
    let root = conn.setup().roots[screen].root;
    let window = find_window(&conn, root, title);
    conn.set_input_focus(InputFocus::PARENT, window, x11rb::CURRENT_TIME)
        .expect("focus the window")
        .check()
        .expect("the X server focuses the window");
    let (min, max) = (conn.setup().min_keycode, conn.setup().max_keycode);
    let map = conn
        .get_keyboard_mapping(min, max - min + 1)
        .expect("ask for the keyboard map")
        .reply()
        .expect("the keyboard map");
    let per = usize::from(map.keysyms_per_keycode);
    let code = |keysym: u32| {
        map.keysyms
            .chunks(per)
            .position(|syms| syms.contains(&keysym))
            .map(|index| min + u8::try_from(index).expect("a keycode"))
            .unwrap_or_else(|| panic!("no key makes keysym {keysym:#x}"))
    };
    let (control, letter) = (code(CONTROL_L), code(u32::from(key)));
    const PRESS: u8 = 2;
    const RELEASE: u8 = 3;
    for (kind, keycode) in [
        (PRESS, control),
        (PRESS, letter),
        (RELEASE, letter),
        (RELEASE, control),
    ] {
        conn.xtest_fake_input(kind, keycode, x11rb::CURRENT_TIME, root, 0, 0, 0)
            .expect("send a key")
            .check()
            .expect("the X server takes the key");
    }
    conn.flush().expect("flush the X connection");
}

/// Sends `WM_DELETE_WINDOW` to the top-level window titled `title` on `$DISPLAY`: what a window
/// manager does when the close button is pressed (Xvfb runs none). A native dialog closes so.
pub fn ask_window_to_close(title: &str) {
    use x11rb::connection::Connection as _;
    use x11rb::protocol::xproto::{ClientMessageEvent, ConnectionExt as _, EventMask};

    let (conn, screen) = x11rb::connect(None).expect("connect to the X display");
    let root = conn.setup().roots[screen].root;
    let atom = |name: &[u8]| {
        conn.intern_atom(false, name)
            .expect("ask for an atom")
            .reply()
            .expect("an atom")
            .atom
    };
    let (protocols, delete) = (atom(b"WM_PROTOCOLS"), atom(b"WM_DELETE_WINDOW"));
    let window = find_window(&conn, root, title);
    let message = ClientMessageEvent::new(32, window, protocols, [delete, 0, 0, 0, 0]);
    conn.send_event(false, window, EventMask::NO_EVENT, message)
        .expect("send the close request")
        .check()
        .expect("the X server takes the close request");
    conn.flush().expect("flush the X connection");
}

/// The answer the app's open and save dialogs give in a test (`SWITCHBOARD_TEST_FILE_DIALOG`):
/// a symbolic link in the test's folder, which the app follows, pointed at the file the next
/// dialog should pick.
#[derive(Debug)]
pub struct DialogAnswer {
    link: PathBuf,
}

impl DialogAnswer {
    /// A link in `dir`, pointing nowhere yet.
    pub fn new(dir: &Path) -> Self {
        Self {
            link: dir.join("dialog-answer"),
        }
    }

    /// The environment variable that makes the app answer its dialogs with the link.
    pub fn env(&self) -> (&'static str, &str) {
        (
            switchboard::FILE_DIALOG_TEST_ENV,
            self.link.to_str().expect("a UTF-8 temp path"),
        )
    }

    /// The next dialog picks `file`.
    pub fn pick(&self, file: &Path) {
        let _ = std::fs::remove_file(&self.link);
        std::os::unix::fs::symlink(file, &self.link).expect("point the dialog's answer");
    }
}
