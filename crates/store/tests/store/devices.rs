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
