//! Opening, applying and logging.

use switchboard_core::{Change, TopicKey};
use switchboard_store::{Store, StoreError};

use crate::{author, flip};

fn switch_off(topic: &str) -> Change {
    flip(topic, true)
}

#[tokio::test]
async fn a_new_database_is_seeded_with_the_demo_practice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("nested/folder/switchboard.db");
    let store = Store::open(&path)
        .await
        .expect("opens and creates the file");
    let snapshot = store.load().await.expect("loads");
    assert!(
        path.exists(),
        "the database file was created with its folders"
    );
    assert!(
        snapshot.config.demo,
        "a new database starts from the demo practice"
    );
    assert_eq!(
        snapshot.config.topics.len(),
        6,
        "Elation's six topics are the default"
    );
    assert_eq!(
        snapshot.revision, 0,
        "seeding is not an edit: the log is empty"
    );
}

#[tokio::test]
async fn an_applied_change_survives_reopen_and_is_logged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let store = Store::open(&path).await.expect("opens");
    let device = store.device();
    let applied = store
        .apply(&switch_off("referrals"), &author())
        .await
        .expect("the demo's referrals topic is on, so switching it off applies");
    assert_eq!(applied.revision, 1, "the first change is revision 1");
    let before = store.load().await.expect("loads");
    store.close().await;

    let reopened = Store::open(&path).await.expect("reopens");
    let after = reopened.load().await.expect("loads");
    assert_eq!(
        after, before,
        "reopening gives identical state and revision"
    );
    let referrals = after
        .config
        .topic(&TopicKey::new("referrals"))
        .expect("still there");
    assert!(!referrals.enabled, "the switch-off persisted");
    assert_eq!(
        reopened.device(),
        device,
        "the device id is made once and kept"
    );

    let history = reopened.history().await.expect("history");
    assert_eq!(history.len(), 1, "one change, one log entry");
    assert_eq!(history[0].change, switch_off("referrals"));
    assert_eq!(
        history[0].inverse,
        Change::SetTopicEnabled {
            topic: TopicKey::new("referrals"),
            expected: false,
            value: true,
        },
        "the inverse is logged with the change"
    );
    assert_eq!(applied.revision, 1, "the first change is revision 1");
    assert_eq!(history[0].author, "test-admin");
    assert_eq!(history[0].device, device);
}

#[tokio::test]
async fn a_conflicting_change_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens");
    store
        .apply(&switch_off("general"), &author())
        .await
        .expect("first switch-off applies");
    let before = store.load().await.expect("loads");

    let err = store
        .apply(&switch_off("general"), &author())
        .await
        .expect_err("it is already off: the expectation is stale");
    assert!(
        matches!(err, StoreError::Rejected(_)),
        "a conflict is a rejected edit: {err:?}"
    );
    assert!(!err.is_retryable(), "retrying a conflict cannot succeed");
    assert_eq!(
        store.load().await.expect("loads"),
        before,
        "nothing changed, not even the revision"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "the refused change is not logged"
    );
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_with_a_sentence() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    std::fs::write(&path, "this is not SQLite, it is a shopping list").expect("write");
    let err = Store::open(&path)
        .await
        .expect_err("garbage is not a database");
    let message = err.to_string();
    assert!(
        message.contains(&path.display().to_string()),
        "the message names the file: {message}"
    );
}

#[tokio::test]
async fn a_new_database_holds_the_whole_demo_practice() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens");
    let loaded = store.load().await.expect("loads").config;
    assert_eq!(
        loaded,
        switchboard_core::demo_practice(),
        "every part of the demo (locations, people, groups, routes, settings) is written and read back"
    );
}

#[tokio::test]
async fn rows_after_reopen_equal_core_applying_the_same_changes_and_a_replay_of_the_log() {
    use switchboard_core::{apply, bulk, demo_ids, demo_practice};

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let store = Store::open(&path).await.expect("opens");

    // Edits that touch people, groups and routes at once.
    let mut expected = demo_practice();
    let edits = [
        bulk::replace_person_everywhere(&expected, demo_ids::JANE_SMITH, demo_ids::MARIA_GOMEZ),
        bulk::set_available_for_many(&expected, &[demo_ids::TOM_LEE], false),
    ];
    for edit in &edits {
        let current = store.load().await.expect("loads").config;
        assert_eq!(
            current, expected,
            "the store and core agree before each edit"
        );
        apply(&mut expected, edit).expect("the edit applies in core");
        store
            .apply(edit, &author())
            .await
            .expect("the edit applies in the store");
    }
    assert_ne!(expected, demo_practice(), "the edits changed something");
    store.close().await;

    let reopened = Store::open(&path).await.expect("reopens");
    let rows = reopened.load().await.expect("loads").config;
    assert_eq!(rows, expected, "after reopen the rows equal core's result");

    let mut replay = demo_practice();
    for logged in reopened.history().await.expect("history") {
        apply(&mut replay, &logged.change).expect("every logged change replays");
    }
    assert_eq!(
        replay, rows,
        "replaying the log from the demo gives the same rows"
    );
}

#[tokio::test]
async fn two_handles_on_one_file_each_see_the_others_edits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let first = Store::open(&path).await.expect("opens");
    let second = Store::open(&path).await.expect("opens again");
    first.load().await.expect("first caches the demo");
    second.load().await.expect("second caches the demo");

    first
        .apply(&switch_off("referrals"), &author())
        .await
        .expect("first switches referrals off");
    let seen = second.load().await.expect("loads").config;
    assert!(
        !seen
            .topic(&TopicKey::new("referrals"))
            .expect("demo topic")
            .enabled,
        "the second handle does not serve its stale copy: the log moved on"
    );
    let err = second
        .apply(&switch_off("referrals"), &author())
        .await
        .expect_err("the second handle's edit expects on, which is stale");
    assert!(matches!(err, StoreError::Rejected(_)), "{err:?}");
    second
        .apply(&flip("referrals", false), &author())
        .await
        .expect("an edit made against the current value applies");
    let (first_sees, second_sees) = (
        first.load().await.expect("loads"),
        second.load().await.expect("loads"),
    );
    assert_eq!(
        (first_sees.revision, &first_sees.config),
        (second_sees.revision, &second_sees.config),
        "both handles agree on the configuration"
    );
    assert_eq!(
        (
            first_sees.history.undo_targets,
            second_sees.history.undo_targets
        ),
        (vec![1], vec![2]),
        "each handle is a device of its own and undoes only its own edit"
    );
}

#[tokio::test]
async fn a_change_larger_than_a_log_entry_may_be_is_refused_and_changes_nothing() {
    use switchboard_core::limits::{CHANGE_BYTES, EXTERNAL_IDS, LINE_CHARS};
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("big.db")).await.expect("opens");
    let before = store.load().await.expect("loads");
    // People carrying as many ids from other systems as they may, each as long as it may be:
    // every one valid, together past the log entry's limit (128 MB).
    let template = before
        .config
        .people
        .values()
        .next()
        .expect("the demo has people")
        .clone();
    let ids: Vec<String> = (0..EXTERNAL_IDS)
        .map(|n| format!("urn:x|{n:0>width$}", width = LINE_CHARS - 6))
        .collect();
    let per_person = serde_json::to_string(&ids).expect("json").len();
    let count = CHANGE_BYTES / per_person + 10;
    let changes = (0..count)
        .map(|n| Change::AddPerson {
            person: switchboard_core::Person {
                id: switchboard_core::PersonId::from_u128(0x5000_0000 + n as u128),
                name: format!("Person {n}"),
                external_ids: ids.clone(),
                ..template.clone()
            },
        })
        .collect();
    let err = store
        .apply(&Change::Batch { changes }, &author())
        .await
        .expect_err("a change past the log entry's limit is refused");
    assert!(
        matches!(err, StoreError::Rejected(_)) && err.to_string().contains("at most 128 MB"),
        "the sentence names the limit: {err}"
    );
    assert!(!err.is_retryable(), "trying again cannot help");
    assert_eq!(
        store.load().await.expect("loads"),
        before,
        "nothing changed: no person, no log entry"
    );
}

/// The store writes only the rows a change names (`Change::touches`): after every generated
/// edit, preset switch, demo flag and undo, a second store open on the same file — which reads
/// the rows, its cache being behind — loads exactly the configuration the first one holds.
#[tokio::test]
async fn after_every_kind_of_edit_the_rows_hold_the_configuration() {
    use switchboard_core::fixtures::changes::{Pick, change};
    use switchboard_core::{Preset, presets::switch_preset};

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let store = Store::open(&path).await.expect("opens");
    let reader = Store::open(&path)
        .await
        .expect("a second store opens beside it");
    let mut pick = Pick::new(0x70_0C4E5);
    let mut applied = 0;
    for step in 0..120 {
        let current = store.load().await.expect("loads").config;
        let outcome = match pick.below(12) {
            0 => crate::undo_latest(&store).await.map(|_| ()),
            1 => match switch_preset(&current, Preset::IcaNotes).change {
                Some(switch) => store.apply(&switch, &author()).await.map(|_| ()),
                None => Ok(()),
            },
            2 => match switch_preset(&current, Preset::Elation).change {
                Some(switch) => store.apply(&switch, &author()).await.map(|_| ()),
                None => Ok(()),
            },
            3 => {
                let flag = Change::SetDemo {
                    expected: current.demo,
                    value: !current.demo,
                };
                store.apply(&flag, &author()).await.map(|_| ())
            }
            _ => {
                let edit = change(&current, &mut pick);
                store.apply(&edit, &author()).await.map(|_| ())
            }
        };
        if outcome.is_ok() {
            applied += 1;
        }
        assert_eq!(
            reader.load().await.expect("the second store loads").config,
            store.load().await.expect("loads").config,
            "step {step}: the rows (read by the second store) hold what the first store applied"
        );
    }
    assert!(
        applied >= 80,
        "most steps apply ({applied} of 120), so the check is not vacuous"
    );
}
