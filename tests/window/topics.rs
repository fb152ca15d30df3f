//! The Topics screen in the real app.

use switchboard_core::TopicKey;
use switchboard_store::Store;

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
    app.wait_for_text(".status-line", "Saved · revision 1")
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
