//! No edit lost, whatever ends the app: an edit still on its way to the database when the app
//! is told to quit — from its Quit menu item (Ctrl+Q) or by SIGTERM, as at log-out — is in the
//! database after the app has gone.
//!
//! To have an edit on its way for sure, the test holds the database's write lock from another
//! connection (as another program would) while it makes the edit and quits; the app's write
//! waits for the lock (the store's busy timeout is 5 s), and the lock is let go only after the
//! quit was sent. An app that did not wait would be gone with the edit unwritten.

use sqlx::Connection as _;
use switchboard_core::TopicKey;

use crate::harness::App;

async fn appointments_enabled(database: &std::path::Path) -> bool {
    crate::harness::stored(database)
        .await
        .topic(&TopicKey::new("appointments"))
        .expect("the demo has Appointments")
        .enabled
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn quitting_from_the_menu_keeps_an_edit_still_on_its_way() {
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("practice.db");
    run("quit_menu", &database, Quit::Menu).await;
    assert!(
        !appointments_enabled(&database).await,
        "the edit made just before Quit is in the database"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn sigterm_keeps_an_edit_still_on_its_way() {
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("practice.db");
    run("quit_sigterm", &database, Quit::Sigterm).await;
    assert!(
        !appointments_enabled(&database).await,
        "the edit made just before SIGTERM is in the database"
    );
}

#[derive(Debug, Clone, Copy)]
enum Quit {
    Menu,
    Sigterm,
}

/// Switches Appointments off on the Topics screen while another connection holds the write
/// lock, quits `how`, lets the lock go, and waits for the app to exit.
async fn run(test: &str, database: &std::path::Path, how: Quit) {
    let app = App::start(test, database).await;
    app.open_screen("topics").await;
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{}", database.display()))
        .await
        .expect("another program's connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("the other program takes the write lock");

    app.click(&crate::topics::switch("appointments")).await;
    app.wait_for_text(".status-line", "Saving…").await;
    match how {
        Quit::Menu => app.press_quit_shortcut(),
        Quit::Sigterm => app.signal("TERM"),
    }
    // Give the app the time to take the quit in while the edit cannot be written (a wait, not
    // a measurement: the assertion is on the database afterwards).
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("the other program lets go");
    other.close().await.expect("close");
    app.wait_for_exit("the quit was sent and the edit saved")
        .await;
}
