//! `load` reads one moment: a reader racing a writer never sees half of one change.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use switchboard_core::{Change, TopicKey};
use switchboard_store::Store;

use crate::{author, flip};

/// Loads the reader makes while the writer writes. 5,000, not the 10,000: a load and
/// a write take about 1.5 ms each in a debug build, so 10,000 pairs took 31–35 s on a busy
/// 2-core machine (it passed), over the suite's budget of ~20 s for one test; 5,000 take about
/// half. With `load` reading outside one transaction this test failed at load 267, so 5,000
/// leaves a wide margin.
const LOADS: usize = 5_000;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_load_racing_a_writer_never_mixes_two_revisions() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let writer = Store::open(&path).await.expect("the writer opens");
    // Another handle on the same file (as another window would be), so that its reads come
    // from the rows, not from the writer's cache.
    let reader = Store::open(&path).await.expect("the reader opens");
    let start = reader.load().await.expect("loads").revision;

    // Each change switches Referrals and General together, so in every whole snapshot they
    // agree, and they are off exactly after an odd number of changes. The writer writes once
    // per load, starting as the next load starts: each load then races a write and reads the
    // rows (not the cache of an unchanged revision), and the log stays small enough for the
    // whole test to take seconds. The reader starts its next load only once the writer has
    // started that write (`started`): left to the scheduler, a fast writer on a busy machine
    // could sit out hundreds of loads (they then read an unchanged revision from the cache),
    // and the test would race nothing.
    let done = Arc::new(AtomicBool::new(false));
    let loaded = Arc::new(tokio::sync::Notify::new());
    let started_writing = Arc::new(tokio::sync::Notify::new());
    let writing = {
        let (done, loaded) = (Arc::clone(&done), Arc::clone(&loaded));
        let started_writing = Arc::clone(&started_writing);
        tokio::spawn(async move {
            let mut writes = 0_u64;
            loop {
                loaded.notified().await;
                if done.load(Ordering::Relaxed) {
                    break;
                }
                started_writing.notify_one();
                let on = writes.is_multiple_of(2);
                let both = Change::Batch {
                    changes: vec![flip("referrals", on), flip("general", on)],
                };
                writer
                    .apply(&both, &author())
                    .await
                    .expect("each batch expects what the previous one left");
                writes += 1;
            }
            writes
        })
    };

    let started = Instant::now();
    let mut revisions_seen = std::collections::BTreeSet::new();
    for n in 0..LOADS {
        let snapshot = reader.load().await.expect("loads");
        let on = |topic: &str| {
            snapshot
                .config
                .topic(&TopicKey::new(topic))
                .expect("a demo topic")
                .enabled
        };
        let (referrals, general) = (on("referrals"), on("general"));
        assert_eq!(
            referrals, general,
            "load {n} at revision {}: both topics switch in one change, so a whole snapshot has them agree",
            snapshot.revision
        );
        let changes = snapshot.revision - start;
        assert_eq!(
            referrals,
            changes.rem_euclid(2) == 0,
            "load {n}: the revision ({}) is the one the content is at",
            snapshot.revision
        );
        revisions_seen.insert(snapshot.revision);
        loaded.notify_one();
        started_writing.notified().await;
    }
    let elapsed = started.elapsed();
    done.store(true, Ordering::Relaxed);
    loaded.notify_one();
    let writes = writing.await.expect("the writer ends");
    eprintln!(
        "{LOADS} loads in {elapsed:.1?} beside {writes} writes; {} revisions seen",
        revisions_seen.len()
    );
    assert!(
        revisions_seen.len() > LOADS / 4,
        "the loads raced the writes (saw {} revisions), so the check is not vacuous",
        revisions_seen.len()
    );
}
