//! Durability: a process killed mid-burst loses nothing it acknowledged and leaves nothing
//! half-written.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

use switchboard_core::{apply, demo_practice};
use switchboard_store::Store;

use crate::{author, flip};

/// Set in the child process: the database it writes the burst to.
const BURST_DB: &str = "SWITCHBOARD_TEST_BURST_DB";
/// How many changes the child would write if nobody stopped it.
const BURST: usize = 5_000;
/// Acknowledgements the parent waits for before it kills the child.
const KILL_AFTER: usize = 25;

/// The child: applies a burst of changes and prints `ack <revision>` after each commit.
#[tokio::test]
#[ignore = "the child process of `a_killed_writer_keeps_every_acknowledged_change`"]
async fn burst_child() {
    let path =
        std::env::var(BURST_DB).expect("run by the parent test with SWITCHBOARD_TEST_BURST_DB");
    let store = Store::open(&path)
        .await
        .expect("the child opens the database");
    for i in 0..BURST {
        let applied = store
            .apply(&flip("general", i % 2 == 0), &author())
            .await
            .expect("each flip expects the state the previous one left");
        println!("ack {}", applied.revision);
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_killed_writer_keeps_every_acknowledged_change() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    Store::open(&path).await.expect("create").close().await;

    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "crash::burst_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(BURST_DB, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the child");
    let stdout = child.stdout.take().expect("piped stdout");
    let mut acked: Vec<i64> = Vec::new();
    let mut killed = false;
    for line in BufReader::new(stdout).lines() {
        let line = line.expect("read the child's output");
        if let Some(revision) = line.strip_prefix("ack ") {
            acked.push(revision.parse().expect("a revision number"));
        }
        if acked.len() == KILL_AFTER && !killed {
            child.kill().expect("SIGKILL the child mid-burst");
            killed = true;
        }
        // Acknowledgements already in the pipe when the kill landed are acknowledged too.
    }
    let status = child.wait().expect("reap the child");
    assert!(killed, "the child was killed, not left to finish");
    assert!(!status.success(), "the child died of the kill: {status}");
    assert!(
        acked.len() >= KILL_AFTER && acked.len() < BURST,
        "the kill landed mid-burst: {} of {BURST} acknowledged",
        acked.len()
    );

    let store = Store::open(&path).await.expect("reopens after the crash");
    let history = store.history().await.expect("history");
    let revisions: Vec<i64> = history.iter().map(|entry| entry.revision).collect();
    for revision in &acked {
        assert!(
            revisions.contains(revision),
            "acknowledged change #{revision} survived the kill"
        );
    }
    assert_eq!(
        revisions,
        (1..=i64::try_from(history.len()).expect("small")).collect::<Vec<_>>(),
        "the log has no gaps: every change is whole or absent"
    );

    let mut replay = demo_practice();
    for entry in &history {
        apply(&mut replay, &entry.change).expect("every logged change replays in order");
    }
    assert_eq!(
        store.load().await.expect("loads").config,
        replay,
        "the rows equal a replay of the log: no change is half there"
    );
}
