//! The Topics screen in the real app.

use switchboard_core::TopicKey;
use switchboard_store::{EntryKind, Store};

use crate::harness::App;

/// The CSS selector of a topic's switch.
fn switch(topic: &str) -> String {
    format!("li[data-topic='{topic}'] input[role='switch']")
}

async fn is_on(app: &App, topic: &str) -> bool {
    app.wait_for(&switch(topic))
        .await
        .is_selected()
        .await
        .expect("read the switch state")
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn topic_switch_persists_across_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("practice.db");

    let app = App::start("topic_switch_persists", &database).await;
    app.open_screen("topics").await;
    assert!(
        is_on(&app, "appointments").await,
        "the demo starts with Appointments on"
    );
    assert!(
        is_on(&app, "referrals").await,
        "the demo starts with Referrals on"
    );
    app.wait_for(&switch("appointments"))
        .await
        .click()
        .await
        .expect("click the switch");
    app.wait_for("li[data-topic='appointments'].topic-off")
        .await;
    app.wait_for_text(".status-line", "Saved · 1 change not yet synced")
        .await;
    assert!(
        !is_on(&app, "appointments").await,
        "the click switched Appointments off"
    );
    assert!(is_on(&app, "referrals").await, "Referrals is untouched");
    app.screenshot("after-toggle").await;
    app.quit().await;

    let app = App::start("topic_switch_persists_restarted", &database).await;
    app.open_screen("topics").await;
    assert!(
        !is_on(&app, "appointments").await,
        "Appointments is still off after a restart"
    );
    assert!(
        is_on(&app, "referrals").await,
        "Referrals is still on after a restart"
    );
    app.screenshot("after-restart").await;
    app.quit().await;

    let store = Store::open(&database)
        .await
        .expect("the app's database opens in the store");
    let config = store.load().await.expect("loads").config;
    let enabled = |key: &str| config.topic(&TopicKey::new(key)).map(|topic| topic.enabled);
    assert_eq!(
        enabled("appointments"),
        Some(false),
        "the database says Appointments is off"
    );
    assert_eq!(
        enabled("referrals"),
        Some(true),
        "the database says Referrals is on"
    );
    let history = store.history().await.expect("history");
    assert_eq!(history.len(), 1, "one click, one logged change");
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn undo_with_the_keyboard_and_redo_with_the_toolbar() {
    let dir = tempfile::tempdir().expect("temp dir");
    let database = dir.path().join("practice.db");
    let app = App::start("undo_redo", &database).await;
    app.open_screen("topics").await;
    let redo_disabled = async || {
        app.wait_for("button[data-action='redo']")
            .await
            .attr("disabled")
            .await
            .expect("read disabled")
            .is_some()
    };
    assert!(redo_disabled().await, "nothing to redo at first");

    app.click(&switch("referrals")).await;
    app.wait_for("li[data-topic='referrals'].topic-off").await;
    app.wait_for_text(".status-line", "Saved · 1 change not yet synced")
        .await;

    app.press_ctrl('z').await;
    app.wait_for("li[data-topic='referrals']:not(.topic-off)")
        .await;
    app.wait_for_text(".status-line", "Saved · 2 changes not yet synced")
        .await;
    assert!(
        is_on(&app, "referrals").await,
        "Ctrl+Z switched Referrals back on"
    );
    assert!(!redo_disabled().await, "after an undo, redo is offered");

    app.click("button[data-action='redo']").await;
    app.wait_for("li[data-topic='referrals'].topic-off").await;
    app.wait_for_text(".status-line", "Saved · 3 changes not yet synced")
        .await;
    assert!(
        !is_on(&app, "referrals").await,
        "Redo switched it off again"
    );
    assert!(redo_disabled().await, "nothing left to redo");
    app.screenshot("after-redo").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let kinds: Vec<EntryKind> = store
        .history()
        .await
        .expect("history")
        .iter()
        .map(|entry| entry.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            EntryKind::Edit,
            EntryKind::Undo { reverts: 1 },
            EntryKind::Redo { reverts: 2 }
        ],
        "the window's undo and redo went through the store's log"
    );
}
