//! The Topics screen in the real app.

use switchboard_core::TopicKey;
use switchboard_store::{EntryKind, Store};

use crate::harness::{App, temp_database};

/// The CSS selector of a topic's switch.
pub(crate) fn switch(topic: &str) -> String {
    format!("li[data-topic='{topic}'] input[role='switch']")
}

pub(crate) async fn is_on(app: &App, topic: &str) -> bool {
    app.wait_for(&switch(topic))
        .await
        .is_selected()
        .await
        .expect("read the switch state")
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn topic_switch_persists_across_restart() {
    let (_dir, database) = temp_database();

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
    app.wait_for_saved("Saved · 1 change not yet synced").await;
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
    let (_dir, database) = temp_database();
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
    app.wait_for_saved("Saved · 1 change not yet synced").await;

    app.press_ctrl('z').await;
    app.wait_for("li[data-topic='referrals']:not(.topic-off)")
        .await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    assert!(
        is_on(&app, "referrals").await,
        "Ctrl+Z switched Referrals back on"
    );
    assert!(!redo_disabled().await, "after an undo, redo is offered");

    app.click("button[data-action='redo']").await;
    app.wait_for("li[data-topic='referrals'].topic-off").await;
    app.wait_for_saved("Saved · 3 changes not yet synced").await;
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

/// The keys of the topic rows, in screen order.
async fn order(app: &App) -> Vec<String> {
    let mut keys = Vec::new();
    for row in app.elements("li.topic-row").await {
        keys.push(
            row.attr("data-topic")
                .await
                .expect("read data-topic")
                .expect("every row names its topic"),
        );
    }
    keys
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn rename_move_add_and_remove_topics() {
    use crate::harness::Key;

    let (_dir, database) = temp_database();
    let app = App::start("topic_editing", &database).await;
    app.open_screen("topics").await;

    // Rename Appointments' To: name, and see it in the patient's preview.
    app.click("li[data-topic='appointments'] button[data-action='edit']")
        .await;
    app.fill(
        "li[data-topic='appointments'] input[data-field='to-en']",
        "Booking Desk",
    )
    .await;
    // Switching another topic off meanwhile leaves what is typed here alone.
    app.click("li[data-topic='general'] input[role='switch']")
        .await;
    app.wait_for("li[data-topic='general'].topic-off").await;
    app.wait_for_value(
        "li[data-topic='appointments'] input[data-field='to-en']",
        "Booking Desk",
    )
    .await;
    app.click("li[data-topic='general'] input[role='switch']")
        .await;
    app.wait_for("li[data-topic='general']:not(.topic-off)")
        .await;
    app.click("li[data-topic='appointments'] button[data-action='save']")
        .await;
    app.wait_for_text(
        "li[data-topic='appointments'] .topic-to",
        "To: Booking Desk",
    )
    .await;
    app.open_screen("preview").await;
    assert_eq!(
        app.value("input[data-part='to']").await,
        "Booking Desk",
        "the preview's To: field shows the new name"
    );
    app.open_screen("routing").await;
    assert!(
        app.text(".grid-header").await.contains("To: Booking Desk"),
        "the routing grid's header shows the new To: name"
    );
    app.open_screen("topics").await;

    // An empty English label is refused with a sentence, and nothing is saved.
    app.click("li[data-topic='referrals'] button[data-action='edit']")
        .await;
    app.fill(
        "li[data-topic='referrals'] input[data-field='label-en']",
        " ",
    )
    .await;
    app.click("li[data-topic='referrals'] button[data-action='save']")
        .await;
    assert!(
        app.text("li[data-topic='referrals'] .field-error")
            .await
            .contains("English"),
        "the editor says what is missing"
    );
    app.click("li[data-topic='referrals'] button[data-action='cancel']")
        .await;
    app.wait_for_text("li[data-topic='referrals'] .topic-label", "Referrals")
        .await;

    // Alt+↓ moves the focused topic down; the Move up button moves it back.
    let before = order(&app).await;
    assert_eq!(
        before[..2],
        ["appointments", "referrals"],
        "the demo's order"
    );
    app.click("li[data-topic='appointments'] .topic-text").await;
    app.press_with(Key::Alt, Key::Down.into()).await;
    app.wait_for("li.topic-row:nth-child(2)[data-topic='appointments']")
        .await;
    assert_eq!(
        order(&app).await[..2],
        ["referrals", "appointments"],
        "Alt+↓ moved it"
    );
    app.click("li[data-topic='appointments'] button[data-action='move-up']")
        .await;
    app.wait_for("li.topic-row:nth-child(1)[data-topic='appointments']")
        .await;
    assert_eq!(order(&app).await, before, "Move up restored the order");

    // Add a custom topic, then remove it.
    app.click("button[data-action='add-topic']").await;
    app.fill(
        "form[data-part='add-topic'] input[data-field='label-en']",
        "Billing question",
    )
    .await;
    app.fill(
        "form[data-part='add-topic'] input[data-field='to-en']",
        "Billing Office",
    )
    .await;
    app.click("button[data-action='create-topic']").await;
    let custom = "li[data-topic='custom_billing_question']";
    app.wait_for(custom).await;
    assert_eq!(
        order(&app).await.last().map(String::as_str),
        Some("custom_billing_question"),
        "a new topic is added at the end"
    );
    app.screenshot("custom-topic").await;
    app.click(&format!("{custom} button[data-action='remove']"))
        .await;
    assert!(
        app.text(&format!("{custom} .confirm"))
            .await
            .contains("No routing rule uses it"),
        "the confirmation says how many rules use the topic"
    );
    app.click(&format!("{custom} button[data-action='confirm-remove']"))
        .await;
    app.wait_for_saved("Saved · 7 changes not yet synced").await;
    assert_eq!(app.count(custom).await, 0, "the custom topic is gone");
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    assert_eq!(
        config
            .topic(&TopicKey::new("appointments"))
            .map(|t| t.display_name.en.as_str()),
        Some("Booking Desk"),
        "the rename is in the database"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        7,
        "General off and on, rename, move down, move up, add, remove: seven changes (the refused edit is not one)"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn drag_a_topic_by_its_handle_to_reorder() {
    let (_dir, database) = temp_database();
    let app = App::start("topic_drag", &database).await;
    app.open_screen("topics").await;
    let before = order(&app).await;
    app.drag(
        "li[data-topic='appointments'] .drag-handle",
        "li[data-topic='prescriptions']",
    )
    .await;
    app.wait_for("li.topic-row:nth-child(3)[data-topic='appointments']")
        .await;
    let after = order(&app).await;
    assert_eq!(
        after[..3],
        ["referrals", "prescriptions", "appointments"],
        "Appointments was dropped on the third row: {after:?}"
    );
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let keys: Vec<String> = store
        .load()
        .await
        .expect("loads")
        .config
        .topics
        .iter()
        .map(|t| t.key.as_str().to_string())
        .collect();
    assert_eq!(keys, after, "the database has the dragged order");
    assert_ne!(keys, before, "and it is a new order");
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn switch_to_the_icanotes_preset_after_a_preview_and_undo_it() {
    use switchboard_core::demo_practice;

    let (_dir, database) = temp_database();
    let app = App::start("topic_preset", &database).await;
    app.open_screen("topics").await;
    app.click("button[data-action='preset-icanotes']").await;
    let added = app
        .texts("[data-part='preset-preview'] [data-part='added'] li")
        .await;
    assert_eq!(
        added,
        ["Medical", "Appointment", "Medication", "Billing", "Other"],
        "the preview lists ICANotes' five as added"
    );
    let removed = app
        .texts("[data-part='preset-preview'] [data-part='removed'] li")
        .await;
    assert_eq!(
        removed.len(),
        6,
        "and Elation's six as removed: {removed:?}"
    );
    assert!(
        removed
            .iter()
            .any(|r| r.starts_with("Appointments (and its")),
        "naming the routing rules that go with them: {removed:?}"
    );
    app.screenshot("preview").await;
    app.click("button[data-action='apply-preset']").await;
    app.wait_for("li[data-topic='medical']").await;
    assert_eq!(
        order(&app).await,
        ["medical", "appointment", "medication", "billing", "other"],
        "the topic list is ICANotes' five"
    );
    app.click("button[data-action='undo']").await;
    app.wait_for("li[data-topic='appointments']").await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    assert_eq!(
        store.load().await.expect("loads").config,
        demo_practice(),
        "one undo brought back Elation's topics and every rule that went with them"
    );
}

/// Closing the window right after an edit — before the page has even sent it to the store —
/// keeps the edit: the app holds its window open until the store has everything shown.
#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn closing_the_window_right_after_an_edit_keeps_the_edit() {
    let (_dir, database) = temp_database();
    let app = App::start("close_right_after_an_edit", &database).await;
    app.open_screen("topics").await;
    app.wait_for(&switch("appointments"))
        .await
        .click()
        .await
        .expect("click the switch");
    app.close_window().await;

    let config = crate::harness::stored(&database).await;
    assert!(
        !config
            .topic(&TopicKey::new("appointments"))
            .expect("the demo has Appointments")
            .enabled,
        "the edit made just before closing is in the database"
    );
}
