//! What the desktop keeps between runs: the window opens where and as large as it was left
//! (tauri-plugin-window-state), and the log file in the app's log folder is rotated, keeps
//! only the latest files, and never holds what an admin typed (tauri-plugin-log, `logging.rs`).
//!
//! Each test gives the app its own XDG folders (Linux's places for the app's settings and
//! data), so that what it keeps is this test's alone.

use std::path::Path;

use crate::harness::{App, temp_database};

/// The app's identifier (tauri.conf.json), which names its folders.
const APP_ID: &str = "health.switchboard.desktop";

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_window_opens_where_and_as_large_as_it_was_left() {
    let (dir, database) = temp_database();
    let config_home = dir.path().join("config");
    let env = [(
        "XDG_CONFIG_HOME",
        config_home.to_str().expect("a UTF-8 temp path"),
    )];
    let app = App::start_with_env("window_state_first", &database, &env).await;
    let first = app.window_rect().await;
    let wanted = (70, 50, 1010, 730);
    assert_ne!(first, wanted, "the window starts elsewhere");
    app.set_window_rect(70, 50, 1010, 730).await;
    app.eventually("the window is moved and sized", || async {
        app.window_rect().await == wanted
    })
    .await;
    app.close_window().await;

    let app = App::start_with_env("window_state_again", &database, &env).await;
    assert_eq!(
        app.window_rect().await,
        wanted,
        "the next start opens the window where and as large as it was left"
    );
    app.quit().await;
}

/// The rotated log files in `logs`, by name.
fn rotated(logs: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(logs)
        .expect("the log folder")
        .flatten()
        .filter_map(|entry| entry.file_name().into_string().ok())
        .filter(|name| name.starts_with("switchboard_") && name.ends_with(".log"))
        .collect();
    names.sort();
    names
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_log_is_rotated_keeps_the_latest_files_and_never_holds_what_an_admin_typed() {
    let (dir, database) = temp_database();
    let data_home = dir.path().join("data");
    let logs = data_home.join(APP_ID).join("logs");
    std::fs::create_dir_all(&logs).expect("the log folder");
    // A full log (past logging.rs's 1 MiB) and six older rotated ones.
    let full = "[2026-11-29][09:00:00][switchboard][INFO] an older line\n".repeat(20_000);
    assert!(full.len() > 1024 * 1024);
    std::fs::write(logs.join("switchboard.log"), &full).expect("a full log");
    for day in 1..=6 {
        std::fs::write(
            logs.join(format!("switchboard_2026-11-0{day}_09-00-00.log")),
            "an old file\n",
        )
        .expect("an old log file");
    }
    let app = App::start_with_env(
        "log_rotation",
        &database,
        &[(
            "XDG_DATA_HOME",
            data_home.to_str().expect("a UTF-8 temp path"),
        )],
    )
    .await;
    // Something only an admin typed: a topic's To: name.
    let typed = "Quokka Desk 4711";
    app.open_screen("topics").await;
    app.click("li[data-topic='appointments'] button[data-action='edit']")
        .await;
    app.fill(
        "li[data-topic='appointments'] input[data-field='to-en']",
        typed,
    )
    .await;
    app.click("li[data-topic='appointments'] button[data-action='save']")
        .await;
    app.wait_for_text(
        "li[data-topic='appointments'] .topic-to",
        &format!("To: {typed}"),
    )
    .await;
    app.close_window().await;

    let names = rotated(&logs);
    assert_eq!(
        names.len(),
        5,
        "the full log was rotated and only the latest five rotated files are kept: {names:?}"
    );
    assert!(
        !names
            .iter()
            .any(|name| name.starts_with("switchboard_2026-11-01")
                || name.starts_with("switchboard_2026-11-02")),
        "the oldest went: {names:?}"
    );
    assert!(
        names.iter().any(|name| {
            std::fs::read_to_string(logs.join(name)).is_ok_and(|text| text == full)
        }),
        "the full log is kept whole under a dated name: {names:?}"
    );
    let current = std::fs::read_to_string(logs.join("switchboard.log")).expect("a new log");
    assert!(
        current.len() < 1024 * 1024 && current.contains("load_config"),
        "the new log holds this run's commands: {current:?}"
    );
    assert!(
        current.contains("apply_change"),
        "the edit's command is logged: {current:?}"
    );
    for name in names.iter().map(String::as_str).chain(["switchboard.log"]) {
        let text = std::fs::read_to_string(logs.join(name)).expect("a log file");
        assert!(
            !text.contains(typed),
            "{name} must not hold what the admin typed"
        );
    }
}
