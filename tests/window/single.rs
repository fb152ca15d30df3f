//! One running app: a second launch (same user, same session) hands over to the running one,
//! which shows its window, and ends without opening the database (tauri-plugin-single-instance,
//! over the session's D-Bus on Linux). The test starts its own D-Bus session daemon.

use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The app binary cargo built for this test run.
const APP: &str = env!("CARGO_BIN_EXE_switchboard");

/// A private D-Bus session daemon, stopped when dropped.
struct SessionBus {
    child: Child,
    address: String,
}

impl SessionBus {
    fn start() -> Self {
        let mut child = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts (the dbus package; `cargo xtask test` installs it)");
        let mut line = String::new();
        let stdout = child.stdout.take().expect("its output");
        std::io::BufRead::read_line(&mut std::io::BufReader::new(stdout), &mut line)
            .expect("dbus-daemon prints its address");
        Self {
            child,
            address: line.trim().to_string(),
        }
    }
}

impl Drop for SessionBus {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the app on `database` with the test's session bus; what it (and its WebKit
/// processes) print goes to `target/window-logs/single-<which>.log`.
fn launch(bus: &SessionBus, database: &std::path::Path, which: &str) -> Child {
    let log = std::fs::File::create(
        crate::harness::artifacts("window-logs").join(format!("single-{which}.log")),
    )
    .expect("create the launch's log");
    Command::new(APP)
        .arg("--database")
        .arg(database)
        .env("DBUS_SESSION_BUS_ADDRESS", &bus.address)
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("the log, twice"))
        .stderr(log)
        .spawn()
        .expect("the app starts")
}

#[test]
#[ignore = "real window: run with `cargo xtask test`"]
fn a_second_launch_hands_over_to_the_running_app_and_never_opens_the_database() {
    assert!(
        std::env::var_os("DISPLAY").is_some(),
        "no DISPLAY: run the real-window tests through `cargo xtask test`, which starts Xvfb"
    );
    let bus = SessionBus::start();
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("practice.db");
    // The first app's window is the sign that it holds the single-instance name (it claims the
    // name before it builds anything): an earlier test's window, still closing, must not pass
    // for it, or the second launch would start before the first claimed the name.
    let deadline = Instant::now() + Duration::from_secs(30);
    while crate::harness::window_is_shown("Switchboard") {
        assert!(
            Instant::now() < deadline,
            "an earlier test's Switchboard window closes"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut first = launch(&bus, &database, "first");
    let deadline = Instant::now() + Duration::from_secs(30);
    while !crate::harness::window_is_shown("Switchboard") {
        assert!(Instant::now() < deadline, "the first app opens its window");
        std::thread::sleep(Duration::from_millis(100));
    }
    let mut second = launch(&bus, &database, "second");
    let deadline = Instant::now() + Duration::from_secs(30);
    let status = loop {
        if let Some(status) = second.try_wait().expect("status") {
            break status;
        }
        if Instant::now() >= deadline {
            let first_ended = first.try_wait().expect("status");
            for launched in [&mut first, &mut second] {
                let _ = launched.kill();
                let _ = launched.wait();
            }
            panic!(
                "the second launch should hand over and end; it still runs after 30 s (the first launch: {}; their output: target/window-logs/single-*.log)",
                first_ended.map_or("still running".to_string(), |status| format!(
                    "ended, {status}"
                ))
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let mut slot_two = database.as_os_str().to_owned();
    slot_two.push("-device-2.lock");
    let opened_twice = std::path::Path::new(&slot_two).exists();
    let first_running = first.try_wait().expect("status").is_none();
    let _ = Command::new("kill")
        .args(["-TERM", &first.id().to_string()])
        .status();
    let _ = first.wait();
    assert!(
        status.success(),
        "the second launch ends normally: {status:?}"
    );
    assert!(
        !opened_twice,
        "the second launch never opened the database (no second device slot)"
    );
    assert!(first_running, "the running app keeps running");
}
