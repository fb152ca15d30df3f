//! Undo and redo: per device, as new log entries, refused when the state moved on.

use switchboard_core::ipc::HistoryState;
use switchboard_core::{TopicKey, demo_practice};
use switchboard_store::{EntryKind, Store, StoreError};

use crate::{author, flip};

fn enabled(config: &switchboard_core::Config, topic: &str) -> bool {
    config
        .topic(&TopicKey::new(topic))
        .expect("a demo topic")
        .enabled
}

#[tokio::test]
async fn undo_and_redo_walk_back_and_forth_and_are_logged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let store = Store::open(&path).await.expect("opens");
    assert_eq!(
        store.load().await.expect("loads").history,
        HistoryState::default(),
        "a new database has nothing to undo, redo or sync"
    );

    store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("off");
    store
        .apply(&flip("general", true), &author())
        .await
        .expect("off");

    crate::undo_latest(&store)
        .await
        .expect("undo the general switch");
    let snapshot = store.load().await.expect("loads");
    assert!(
        enabled(&snapshot.config, "general"),
        "the latest change is undone first"
    );
    assert!(
        !enabled(&snapshot.config, "referrals"),
        "the earlier one is not"
    );
    assert!(
        snapshot.history.can_undo() && snapshot.history.can_redo(),
        "both ways are open"
    );

    crate::undo_latest(&store)
        .await
        .expect("undo the referrals switch");
    assert_eq!(
        store.load().await.expect("loads").config,
        demo_practice(),
        "two undos take back both changes"
    );
    let err = crate::undo_latest(&store).await.expect_err("nothing left");
    assert!(matches!(err, StoreError::NothingToUndo), "{err:?}");

    store.close().await;
    let store = Store::open(&path).await.expect("reopens");
    crate::redo_latest(&store)
        .await
        .expect("redo survives a restart");
    let config = store.load().await.expect("loads").config;
    assert!(
        !enabled(&config, "referrals"),
        "redo re-applies the first undone change"
    );
    assert!(enabled(&config, "general"), "one redo, one change");

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
            EntryKind::Edit,
            EntryKind::Undo { reverts: 2 },
            EntryKind::Undo { reverts: 1 },
            EntryKind::Redo { reverts: 4 },
        ],
        "undo and redo append to the log; nothing is rewritten"
    );
    assert_eq!(
        store.load().await.expect("loads").history.unsynced,
        5,
        "every local entry waits for the server"
    );
}

#[tokio::test]
async fn a_new_edit_clears_redo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens");
    store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("off");
    crate::undo_latest(&store).await.expect("undo");
    store
        .apply(&flip("general", true), &author())
        .await
        .expect("a new edit");
    let err = crate::redo_latest(&store)
        .await
        .expect_err("redo is gone after a new edit");
    assert!(matches!(err, StoreError::NothingToRedo), "{err:?}");
    assert!(
        !store.load().await.expect("loads").history.can_redo(),
        "the toolbar agrees"
    );
}

/// Rewrites the file's first device id, so the next open acts as another computer sharing the
/// log (as synced changes from other devices will).
async fn become_device(path: &std::path::Path, device: &str) {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("raw connection");
    sqlx::query("UPDATE devices SET id = ? WHERE slot = 1")
        .bind(device)
        .execute(&mut conn)
        .await
        .expect("set the device id");
    conn.close().await.expect("close");
}

#[tokio::test]
async fn undo_is_per_device_and_refused_when_someone_changed_the_value_since() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let mine = Store::open(&path).await.expect("opens");
    let my_device = mine.device().to_string();
    mine.apply(&flip("referrals", true), &author())
        .await
        .expect("I switch it off");
    mine.close().await;

    become_device(&path, "0190a5d2-0000-7000-8000-000000000002").await;
    let theirs = Store::open(&path).await.expect("opens as the other device");
    assert_ne!(theirs.device().to_string(), my_device, "another device");
    assert!(
        !theirs.load().await.expect("loads").history.can_undo(),
        "the other device cannot undo my change"
    );
    theirs
        .apply(&flip("referrals", false), &author())
        .await
        .expect("they switch it on");
    theirs.close().await;

    become_device(&path, &my_device).await;
    let mine = Store::open(&path).await.expect("opens as me again");
    let before = mine.load().await.expect("loads");
    let log_before = mine.history().await.expect("history").len();
    let err = crate::undo_latest(&mine)
        .await
        .expect_err("my undo expects off, but it is on now");
    assert!(
        matches!(err, StoreError::Rejected(_)),
        "a conflict, not a storage error: {err:?}"
    );
    assert!(
        err.to_string().contains("Referrals"),
        "the message says what changed since: {err}"
    );
    assert_eq!(
        mine.load().await.expect("loads"),
        before,
        "a refused undo changes nothing"
    );
    assert_eq!(
        mine.history().await.expect("history").len(),
        log_before,
        "and is not logged"
    );
}

#[tokio::test]
async fn an_undo_naming_a_refused_edit_undoes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens");
    let earlier = store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("the earlier edit applies");
    // The window shows the next edit at once, predicting revision 2, and queues an undo of it.
    let predicted = earlier.revision + 1;
    let refused = store
        .apply(&flip("general", false), &author())
        .await
        .expect_err("General is on, so switching it on from off is a conflict");
    assert!(matches!(refused, StoreError::Rejected(_)), "{refused:?}");
    let before = store.load().await.expect("loads");
    assert_eq!(
        before.history.undo_targets,
        [earlier.revision],
        "the refused edit never reached the undo stack"
    );

    let err = store
        .undo(predicted, &author())
        .await
        .expect_err("the undo names the refused edit, which is not the top");
    assert!(
        matches!(err, StoreError::UndoTargetMoved { target } if target == predicted),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("Nothing was undone"),
        "the sentence says nothing was undone: {err}"
    );
    assert!(
        !err.is_retryable(),
        "trying the same undo again cannot help"
    );
    assert_eq!(
        store.load().await.expect("loads"),
        before,
        "the earlier edit stays in place: the undo took back nothing"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "and logged nothing"
    );
}

#[tokio::test]
async fn undo_and_redo_go_ahead_only_for_the_top_of_their_stack() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens");
    for (topic, from) in [("referrals", true), ("general", true)] {
        store
            .apply(&flip(topic, from), &author())
            .await
            .expect("applies");
    }
    let history = store.load().await.expect("loads").history;
    assert_eq!(history.undo_targets, [2, 1], "next first: the latest edit");
    assert!(history.redo_targets.is_empty(), "nothing undone yet");

    let err = store
        .undo(1, &author())
        .await
        .expect_err("#1 is under #2: undoing it first would skip #2");
    assert!(
        matches!(err, StoreError::UndoTargetMoved { target: 1 }),
        "{err:?}"
    );

    let undone = store.undo(2, &author()).await.expect("#2 is the top");
    assert_eq!(undone.revision, 3, "the undo is a new entry of the log");
    let history = store.load().await.expect("loads").history;
    assert_eq!(history.undo_targets, [1], "#1 is next");
    assert_eq!(history.redo_targets, [3], "redo takes back the undo #3");

    let err = store
        .undo(2, &author())
        .await
        .expect_err("#2 is undone already");
    assert!(
        matches!(err, StoreError::UndoTargetMoved { target: 2 }),
        "{err:?}"
    );
    let err = store
        .redo(2, &author())
        .await
        .expect_err("redo names the undo, not the edit it undid");
    assert!(
        matches!(err, StoreError::RedoTargetMoved { target: 2 }),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("Nothing was redone"),
        "the sentence says so: {err}"
    );

    let redone = store.redo(3, &author()).await.expect("#3 is the redo top");
    let snapshot = store.load().await.expect("loads");
    assert!(
        !enabled(&snapshot.config, "general"),
        "the redo switched General off again"
    );
    assert_eq!(
        snapshot.history.undo_targets,
        [redone.revision, 1],
        "the redo is the next undo target"
    );
    assert!(
        snapshot.history.redo_targets.is_empty(),
        "nothing left to redo"
    );
}
