//! One device per running app: two stores open on one file at once are two devices with
//! their own undo stacks; a store opened again after the first closed is the same device.

use switchboard_core::TopicKey;
use switchboard_store::Store;

use crate::{author, flip, undo_latest};

async fn enabled(store: &Store, topic: &str) -> bool {
    store
        .load()
        .await
        .expect("loads")
        .config
        .topic(&TopicKey::new(topic))
        .expect("a demo topic")
        .enabled
}

#[tokio::test]
async fn two_stores_open_on_one_file_are_two_devices_with_their_own_undo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let first = Store::open(&path).await.expect("the first app opens");
    let second = Store::open(&path)
        .await
        .expect("a second app opens the same file beside it");
    assert_ne!(
        first.device(),
        second.device(),
        "two running apps never share a device id"
    );
    assert_eq!(
        (first.device_slot(), second.device_slot()),
        (1, 2),
        "the second takes the next free slot"
    );

    first
        .apply(&flip("referrals", true), &author())
        .await
        .expect("the first switches Referrals off");
    second
        .apply(&flip("general", true), &author())
        .await
        .expect("the second switches General off");
    assert_eq!(
        first.load().await.expect("loads").history.undo_targets,
        [1],
        "the first can undo only its own edit"
    );
    assert_eq!(
        second.load().await.expect("loads").history.undo_targets,
        [2],
        "the second can undo only its own edit"
    );

    undo_latest(&first)
        .await
        .expect("the first undoes its edit");
    assert!(
        enabled(&first, "referrals").await,
        "the first's undo took back its own edit"
    );
    assert!(
        !enabled(&first, "general").await,
        "and left the second's edit alone"
    );
    undo_latest(&second)
        .await
        .expect("the second undoes its own");
    assert!(enabled(&second, "general").await, "each undid its own");
}

#[tokio::test]
async fn a_restarted_app_is_the_same_device_and_still_undoes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let store = Store::open(&path).await.expect("opens");
    let device = store.device();
    store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("applies");
    store.close().await;

    let other = Store::open(&path).await.expect("another app opens");
    assert_eq!(
        other.device(),
        device,
        "with the first closed, slot 1 is free"
    );
    let beside = Store::open(&path).await.expect("and one beside it");
    assert_ne!(
        beside.device(),
        device,
        "the one beside it is another device"
    );
    assert!(
        !beside.load().await.expect("loads").history.can_undo(),
        "and cannot undo the first device's edit"
    );
    other.close().await;
    beside.close().await;

    let restarted = Store::open(&path).await.expect("the app restarts");
    assert_eq!(
        restarted.device(),
        device,
        "a restarted app is the device it was, so its undo stack is still there"
    );
    undo_latest(&restarted)
        .await
        .expect("undo after a restart takes back the edit made before it");
    assert!(enabled(&restarted, "referrals").await, "undone");
}

/// Set in the child process: the database it holds open.
const HOLD_DB: &str = "SWITCHBOARD_TEST_HOLD_DB";

/// The child: opens the database, prints its device and slot, and holds the store open until
/// its standard input closes.
#[tokio::test]
#[ignore = "the child process of `an_app_in_another_process_is_another_device`"]
async fn hold_child() {
    let path =
        std::env::var(HOLD_DB).expect("run by the parent test with SWITCHBOARD_TEST_HOLD_DB");
    let store = Store::open(&path)
        .await
        .expect("the child opens the database");
    println!("device {} slot {}", store.device(), store.device_slot());
    let mut rest = String::new();
    let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut rest);
    store.close().await;
}

#[cfg(unix)]
#[tokio::test]
async fn an_app_in_another_process_is_another_device() {
    use std::io::{BufRead, BufReader};
    use std::process::{Command, Stdio};

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    Store::open(&path).await.expect("create").close().await;

    let mut child = Command::new(std::env::current_exe().expect("this test binary"))
        .args([
            "--exact",
            "devices::hold_child",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(HOLD_DB, &path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the child");
    let stdout = child.stdout.take().expect("piped stdout");
    // The harness may start the line with the test's name ("test devices::hold_child ... ").
    let mut lines = BufReader::new(stdout)
        .lines()
        .map(|line| line.expect("read the child's output"));
    let line = lines
        .by_ref()
        .find_map(|line| line.split_once("device ").map(|(_, said)| said.to_string()))
        .expect("the child says which device it is");
    let (child_device, slot) = line.split_once(" slot ").expect("device <id> slot <n>");
    assert_eq!(slot, "1", "the first app takes slot 1");
    let child_device = child_device.to_string();

    let mine = Store::open(&path).await.expect("this process opens it too");
    assert_eq!(mine.device_slot(), 2, "the other process holds slot 1");
    assert_ne!(
        mine.device().to_string(),
        child_device,
        "two processes on one file are two devices"
    );
    mine.close().await;

    drop(child.stdin.take());
    // Read the child's output to its end, so that it can finish writing it.
    lines.for_each(drop);
    let status = child.wait().expect("the child ends");
    assert!(status.success(), "the child closed its store: {status}");
    let restarted = Store::open(&path)
        .await
        .expect("opens after the child ended");
    assert_eq!(
        restarted.device().to_string(),
        child_device,
        "once that process has ended, the next app is its device again (undo after a restart)"
    );
}
