//! Export and import through the store: all or nothing, one undo step.

use serde_json::Value;
use switchboard_core::{PracticeName, demo_practice};
use switchboard_store::{Store, StoreError};

use crate::author;

async fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens")
}

fn edit(document: &str, change: impl FnOnce(&mut Value)) -> String {
    let mut value: Value = serde_json::from_str(document).expect("an export is JSON");
    change(&mut value);
    serde_json::to_string_pretty(&value).expect("JSON")
}

#[tokio::test]
async fn an_import_is_one_undoable_entry_and_reimporting_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir).await;
    let original = store.export().await.expect("exports");
    let renamed = edit(&original, |doc| {
        doc["config"]["practice_name"] = Value::from("Lakeside Pediatrics");
    });

    let applied = store
        .import(&renamed, &author())
        .await
        .expect("a valid document imports")
        .expect("it differs from the current configuration");
    let config = store.load().await.expect("loads").config;
    assert_eq!(
        config.practice_name,
        PracticeName("Lakeside Pediatrics".into()),
        "the imported value is in place"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "one import, one log entry"
    );
    assert_eq!(applied.revision, 1);

    assert!(
        store
            .import(&renamed, &author())
            .await
            .expect("imports")
            .is_none(),
        "importing the same document again changes nothing"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "and logs nothing"
    );

    crate::undo_latest(&store).await.expect("undo the import");
    assert_eq!(
        store.load().await.expect("loads").config,
        demo_practice(),
        "one undo takes back the whole import"
    );
}

#[tokio::test]
async fn an_import_whose_only_error_is_in_its_last_element_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir).await;
    store
        .apply(&crate::flip("referrals", true), &author())
        .await
        .expect("some history first");
    let before_export = store.export().await.expect("exports");
    let before_log = store.history().await.expect("history").len();

    let mut last = 0;
    let bad = edit(&before_export, |doc| {
        doc["config"]["practice_name"] = Value::from("Changed Before The Error");
        let people = doc["config"]["people"]
            .as_array_mut()
            .expect("people is a list");
        last = people.len() - 1;
        people[last]["locations"]
            .as_array_mut()
            .expect("locations is a list")
            .push(Value::from("0190a5d2-dead-7000-8000-000000000000"));
    });
    let err = store
        .import(&bad, &author())
        .await
        .expect_err("the last person names a location that does not exist");
    assert!(matches!(err, StoreError::Import(_)), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&format!("people[{last}]")),
        "the message names the last element: {message}"
    );
    assert_eq!(
        store.export().await.expect("exports"),
        before_export,
        "nothing changed, not even the practice name edited before the error"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        before_log,
        "nothing was logged"
    );
}

#[tokio::test]
async fn a_file_that_is_not_json_is_refused_with_line_and_column() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir).await;
    let err = store
        .import(
            "{\n  \"format\": \"switchboard-config\",\n  oops\n}",
            &author(),
        )
        .await
        .expect_err("not JSON");
    let message = err.to_string();
    assert!(message.contains("line 3"), "says where: {message}");
    assert_eq!(
        store.history().await.expect("history").len(),
        0,
        "nothing logged"
    );
}
