//! Undo in the real app names the change it takes back: an undo queued behind an edit the
//! store refuses takes back nothing, never the earlier edit.

use switchboard_core::{Change, TopicKey};
use switchboard_store::{Author, EntryKind, Store};

use crate::harness::{App, stored, temp_database};

/// The CSS selector of a topic's switch.
fn switch(topic: &str) -> String {
    format!("li[data-topic='{topic}'] input[role='switch']")
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn an_undo_queued_behind_a_refused_edit_leaves_the_earlier_edit_in_place() {
    let (_dir, database) = temp_database();
    let app = App::start("undo_behind_refused", &database).await;
    app.open_screen("topics").await;

    // The earlier edit: Referrals off, saved.
    app.click(&switch("referrals")).await;
    app.wait_for("li[data-topic='referrals'].topic-off").await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;

    // Another Switchboard open on the same file switches General off; this window has not
    // seen it and still shows General on.
    let other = Store::open(&database).await.expect("opens beside the app");
    other
        .apply(
            &Change::SetTopicEnabled {
                topic: TopicKey::new("general"),
                expected: true,
                value: false,
            },
            &Author("someone else".into()),
        )
        .await
        .expect("the other app's edit applies");
    other.close().await;

    // In one turn of the page, before the store has answered anything: switch General off
    // (the store will refuse it: it is off already) and undo that at once.
    app.run_async(
        &format!(
            "document.querySelector(\"{}\").click(); \
             document.querySelector(\"button[data-action='undo']\").click(); \
             arguments[arguments.length - 1](true);",
            switch("general")
        ),
        Vec::new(),
    )
    .await;
    app.eventually(
        "the undo should be refused, saying nothing was undone",
        || async {
            app.text_content(".notice-error")
                .await
                .contains("Nothing was undone")
        },
    )
    .await;
    app.wait_for("li[data-topic='referrals'].topic-off").await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.screenshot("undo-behind-refused").await;
    app.quit().await;

    let config = stored(&database).await;
    let enabled = |topic: &str| {
        config
            .topic(&TopicKey::new(topic))
            .expect("a demo topic")
            .enabled
    };
    assert!(
        !enabled("referrals"),
        "the earlier edit is still in place: the undo did not take it back"
    );
    assert!(!enabled("general"), "the other app's edit stands");
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
        [EntryKind::Edit, EntryKind::Edit],
        "the log holds the two edits and no undo"
    );
}
