//! Sync's store side against real SQLite files: rebase, push outcomes, conflicts and the
//! first connection. The server is played by hand-made log entries (the real server's part is
//! in the server crate's tests).

use switchboard_core::sync::{LogEntry, PushOutcome};
use switchboard_core::{Change, ChangeId, Config, PracticeId, PracticeName, apply, demo_practice};
use switchboard_store::{Connection, EntryKind, FirstChoice, Server, Store, StoreError};

use crate::{author, flip, undo_latest};

fn server() -> Server {
    Server {
        url: "http://127.0.0.1:1".into(),
        practice: PracticeId::from_u128(7),
        practice_name: "Test Practice".into(),
        account: "admin".into(),
    }
}

/// The practice the "server" holds: the demo's, as a real practice.
fn theirs() -> Config {
    let mut config = demo_practice();
    config.demo = false;
    config.practice_name = PracticeName("Server Practice".into());
    config
}

fn rename(config: &Config, to: &str) -> Change {
    Change::SetPracticeName {
        expected: config.practice_name.clone(),
        value: PracticeName(to.into()),
    }
}

/// Another client's change at `revision`.
fn foreign(revision: i64, change: Change) -> LogEntry {
    LogEntry {
        revision,
        id: ChangeId::from_u128(uuid::Uuid::now_v7().as_u128()),
        change,
        account: "colleague".into(),
        device: uuid::Uuid::now_v7().to_string(),
        made_at: "2026-11-30T09:00:00Z".into(),
        received_at: "2026-11-30T09:00:01Z".into(),
    }
}

/// A store connected to the server at revision 1, holding [`theirs`].
async fn connected() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path().join("sync.db"))
        .await
        .expect("opens");
    store
        .connect_to_snapshot(&server(), 1, &theirs())
        .await
        .expect("connects");
    (dir, store)
}

async fn config(store: &Store) -> Config {
    store.load().await.expect("loads").config
}

#[tokio::test]
async fn a_pulled_change_goes_under_a_pending_one() {
    let (_dir, store) = connected().await;
    let status = store.sync_status().await.expect("status");
    assert_eq!(
        (status.base, status.pending, status.conflicts),
        (1, 0, 0),
        "taking the server's configuration leaves nothing pending"
    );
    let mine = flip("referrals", true);
    store
        .apply(&mine, &author())
        .await
        .expect("my edit applies");
    let theirs_change = rename(&theirs(), "Renamed by a colleague");
    let rebased = store
        .rebase(&[foreign(2, theirs_change)])
        .await
        .expect("rebases");
    assert_eq!(
        (rebased.pulled, rebased.conflicts, rebased.base),
        (1, 0, 2),
        "one change pulled, none in conflict, base at the server's revision"
    );
    let now = config(&store).await;
    let mut expected = theirs();
    apply(&mut expected, &rename(&theirs(), "Renamed by a colleague")).expect("applies");
    apply(&mut expected, &mine).expect("applies");
    assert_eq!(
        now, expected,
        "rows = the server at the new base + my pending edit"
    );
    let pending = store.pending().await.expect("pending");
    assert_eq!(pending.len(), 1, "my edit is still pending");
    assert_eq!(pending[0].change, mine, "unchanged");
    let history = store.history().await.expect("history");
    assert!(
        history.iter().any(|entry| entry.author == "colleague"),
        "the colleague's change is in the log with its author"
    );
}

#[tokio::test]
async fn a_pending_change_that_no_longer_applies_waits_in_the_conflicts() {
    let (_dir, store) = connected().await;
    store
        .apply(&rename(&theirs(), "Mine"), &author())
        .await
        .expect("my rename applies");
    let rebased = store
        .rebase(&[foreign(2, rename(&theirs(), "Theirs"))])
        .await
        .expect("rebases");
    assert_eq!(rebased.conflicts, 1, "my rename met theirs");
    assert_eq!(
        config(&store).await.practice_name.0,
        "Theirs",
        "the rows hold the server's value: my change's effect is out"
    );
    let status = store.sync_status().await.expect("status");
    assert_eq!(
        (status.pending, status.conflicts),
        (0, 1),
        "the change left the pending ones and was not lost"
    );
    let conflicts = store.conflicts().await.expect("conflicts");
    assert!(
        conflicts[0].message.contains("Theirs") && conflicts[0].current.contains("Theirs"),
        "the conflict says what the value is now: {:?}",
        conflicts[0]
    );
    assert!(
        undo_latest(&store).await.is_err(),
        "a change in the conflicts is not on the undo stack"
    );

    store
        .keep_mine(conflicts[0].id, &author())
        .await
        .expect("keeps mine")
        .expect("a new change");
    assert_eq!(
        config(&store).await.practice_name.0,
        "Mine",
        "keep mine sets my value over theirs"
    );
    let pending = store.pending().await.expect("pending");
    assert_eq!(pending.len(), 1, "as a new pending change");
    assert_eq!(
        pending[0].change,
        rename(&config_named("Theirs"), "Mine"),
        "that expects the server's value"
    );
    assert!(
        store.conflicts().await.expect("conflicts").is_empty(),
        "the conflict is settled"
    );
    assert!(
        matches!(
            store.take_theirs(conflicts[0].id).await,
            Err(StoreError::UnknownConflict { .. })
        ),
        "a settled conflict cannot be settled again"
    );
}

fn config_named(name: &str) -> Config {
    let mut config = theirs();
    config.practice_name = PracticeName(name.into());
    config
}

#[tokio::test]
async fn a_push_conflict_takes_the_change_out_and_take_theirs_drops_it() {
    let (_dir, store) = connected().await;
    store
        .apply(&rename(&theirs(), "Mine"), &author())
        .await
        .expect("applies");
    store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("applies");
    let pending = store.pending().await.expect("pending");
    let outcomes = vec![
        (
            pending[0].id,
            PushOutcome::Conflict {
                what: "The practice name".into(),
                expected: "\"Server Practice\"".into(),
                current: "\"Theirs\"".into(),
                set_at: Some(2),
                set_by: Some("colleague".into()),
                head: 2,
                message: "The practice name changed since you looked at it.".into(),
            },
        ),
        (pending[1].id, PushOutcome::Applied { revision: 3 }),
    ];
    let recorded = store.record_push(&outcomes).await.expect("records");
    assert_eq!(
        (recorded.synced, recorded.conflicts),
        (1, 1),
        "one synced, one in conflict"
    );
    let now = config(&store).await;
    assert_eq!(
        now.practice_name.0, "Server Practice",
        "the conflicting rename's effect left the rows"
    );
    assert!(
        !now.topic(&switchboard_core::TopicKey::new("referrals"))
            .expect("a topic")
            .enabled,
        "the applied toggle stays"
    );
    assert!(
        store.record_push(&outcomes).await.is_ok(),
        "recording the same outcomes twice is harmless"
    );
    // The server's log: the colleague's rename at 2, my toggle at 3.
    let mut toggle_back = foreign(3, flip("referrals", true));
    toggle_back.id = pending[1].id;
    let rebased = store
        .rebase(&[foreign(2, rename(&theirs(), "Theirs")), toggle_back])
        .await
        .expect("rebases");
    assert_eq!(
        (rebased.pulled, rebased.own, rebased.base),
        (1, 1, 3),
        "my own change comes back as acknowledged, not as a new entry"
    );
    let conflict = &store.conflicts().await.expect("conflicts")[0];
    assert_eq!(
        conflict.set_by.as_deref(),
        Some("colleague"),
        "who set it is kept"
    );
    store.take_theirs(conflict.id).await.expect("takes theirs");
    let status = store.sync_status().await.expect("status");
    assert_eq!((status.pending, status.conflicts), (0, 0), "nothing left");
    assert_eq!(
        config(&store).await.practice_name.0,
        "Theirs",
        "theirs stays"
    );
}

#[tokio::test]
async fn undo_works_before_and_after_sync() {
    let (_dir, store) = connected().await;
    let toggle = flip("referrals", true);
    store.apply(&toggle, &author()).await.expect("applies");
    let pending = store.pending().await.expect("pending");
    store
        .record_push(&[(pending[0].id, PushOutcome::Applied { revision: 2 })])
        .await
        .expect("records");
    let mut mine = foreign(2, toggle.clone());
    mine.id = pending[0].id;
    store.rebase(&[mine]).await.expect("rebases");
    assert!(store.pending().await.expect("pending").is_empty(), "synced");
    undo_latest(&store)
        .await
        .expect("a synced edit can be undone");
    let pending = store.pending().await.expect("pending");
    assert_eq!(pending.len(), 1, "the undo is a new pending change");
    let referrals = switchboard_core::TopicKey::new("referrals");
    assert!(
        config(&store)
            .await
            .topic(&referrals)
            .expect("a topic")
            .enabled,
        "and takes the toggle back"
    );
    // A colleague's change under the pending undo does not break the redo.
    store
        .rebase(&[foreign(3, rename(&theirs(), "Renamed"))])
        .await
        .expect("rebases");
    crate::redo_latest(&store)
        .await
        .expect("the undo can be redone after a rebase");
    assert!(
        !config(&store)
            .await
            .topic(&referrals)
            .expect("a topic")
            .enabled,
        "the redo applies"
    );
    assert_eq!(
        config(&store).await.practice_name.0,
        "Renamed",
        "over the colleague's change"
    );
}

#[tokio::test]
async fn the_first_connection_uploads_takes_or_lets_the_admin_choose() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path().join("first.db"))
        .await
        .expect("opens");
    assert!(
        matches!(
            store.connection_plan(None).await,
            Err(StoreError::DemoUpload)
        ),
        "the demo is never uploaded"
    );
    assert_eq!(
        store.connection_plan(Some(&theirs())).await.expect("plans"),
        Connection::TakeServer,
        "the demo takes the server's practice"
    );
    store
        .apply(
            &Change::SetDemo {
                expected: true,
                value: false,
            },
            &author(),
        )
        .await
        .expect("no longer the demo");
    assert_eq!(
        store.connection_plan(None).await.expect("plans"),
        Connection::Upload,
        "a real practice goes to an empty server"
    );
    let Connection::Choose { differences } =
        store.connection_plan(Some(&theirs())).await.expect("plans")
    else {
        panic!("two different practices need the admin's choice");
    };
    assert!(!differences.is_empty(), "and say what differs");

    let mine = config(&store).await;
    store
        .connect_choosing(&server(), 5, &theirs(), FirstChoice::MineWins, &author())
        .await
        .expect("connects");
    assert_eq!(config(&store).await, mine, "mine wins: the rows stay mine");
    let pending = store.pending().await.expect("pending");
    assert_eq!(pending.len(), 1, "one change turns the server's into mine");
    let mut server_side = theirs();
    apply(&mut server_side, &pending[0].change).expect("it applies to the server's");
    assert_eq!(server_side, mine, "and gives mine");
    assert!(
        matches!(
            store.connect_uploaded(&server(), 0, 1).await,
            Err(StoreError::AlreadyConnected { .. })
        ),
        "a connected file does not connect again"
    );
}

#[tokio::test]
async fn theirs_wins_is_one_step_that_cannot_be_undone() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(dir.path().join("theirs.db"))
        .await
        .expect("opens");
    store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("applies");
    let before = store.history().await.expect("history").len();
    store
        .connect_choosing(&server(), 4, &theirs(), FirstChoice::TheirsWins, &author())
        .await
        .expect("connects");
    assert_eq!(
        config(&store).await,
        theirs(),
        "the server's practice is here"
    );
    let history = store.history().await.expect("history");
    assert_eq!(history.len(), before + 1, "as one logged step");
    let step = history.last().expect("the step");
    assert_eq!(
        (
            step.kind,
            step.server_revision,
            step.synced,
            step.author.as_str()
        ),
        (EntryKind::Snapshot, Some(4), true, "admin"),
        "a snapshot of the server's revision 4, by the signed-in account"
    );
    let status = store.sync_status().await.expect("status");
    assert_eq!(
        (status.base, status.pending),
        (4, 0),
        "based on the server's revision"
    );
    let path = store.path().to_path_buf();
    store.close().await;
    let store = Store::open(&path).await.expect("opens again");
    assert_eq!(
        config(&store).await,
        theirs(),
        "the rows on disk are the server's, not only the cached configuration"
    );
    assert!(
        undo_latest(&store).await.is_err(),
        "the edits the server's practice replaced are not undone over it"
    );
}

/// A rebase writes only the rows its steps touch (not a diff of the whole configuration):
/// for generated local and pulled edits, the rows on disk after it equal the configuration
/// it left, read again from a reopened file.
#[tokio::test]
async fn a_rebase_writes_every_row_it_replays() {
    use switchboard_core::fixtures::changes::{Pick, change};
    for seed in 0..8_u64 {
        let (dir, store) = connected().await;
        let mut pick = Pick::new(seed ^ 0x00C0_FFEE);
        for _ in 0..6 {
            let current = config(&store).await;
            let edit = change(&current, &mut pick);
            // A generated edit the store refuses changes nothing; only the applied ones matter.
            let _ = store.apply(&edit, &author()).await;
        }
        let mut server_side = theirs();
        let mut pulled = Vec::new();
        while pulled.len() < 6 {
            let edit = change(&server_side, &mut pick);
            if apply(&mut server_side, &edit).is_ok() {
                pulled.push(foreign(2 + pulled.len() as i64, edit));
            }
        }
        store.rebase(&pulled).await.expect("rebases");
        let after = config(&store).await;
        let path = dir.path().join("sync.db");
        store.close().await;
        let reopened = Store::open(&path).await.expect("opens again");
        assert_eq!(
            config(&reopened).await,
            after,
            "seed {seed}: the rows on disk are the rebased configuration"
        );
    }
}
