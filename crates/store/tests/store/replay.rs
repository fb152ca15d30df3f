//! The rows are the source of truth and the log is the history: for random valid edits, undos
//! and redos, replaying the log from the demo gives exactly the rows, before and after reopen.

use switchboard_core::fixtures::changes::{Pick, change};
use switchboard_core::{apply, demo_practice};
use switchboard_store::Store;

use crate::author;

/// Practices (seeds) and edits per practice: modest, so the suite stays quick.
const SEEDS: u64 = 12;
const EDITS: usize = 25;

#[tokio::test]
async fn replaying_the_log_from_the_demo_gives_the_rows() {
    let mut applied_total = 0;
    for seed in 0..SEEDS {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("switchboard.db");
        let store = Store::open(&path).await.expect("opens");
        let mut pick = Pick::new(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0x5EED);
        for step in 0..EDITS {
            // Mostly edits, sometimes a step back or forward, as a person works.
            let outcome = match pick.below(10) {
                0 => crate::undo_latest(&store).await.map(|_| ()),
                1 => crate::redo_latest(&store).await.map(|_| ()),
                _ => {
                    let current = store.load().await.expect("loads").config;
                    let edit = change(&current, &mut pick);
                    store.apply(&edit, &author()).await.map(|_| ())
                }
            };
            if outcome.is_ok() {
                applied_total += 1;
            } else if let Err(err) = outcome {
                assert!(
                    !err.is_retryable(),
                    "seed {seed} step {step}: only edits that do not fit are refused, not storage: {err}"
                );
            }
        }
        let rows = store.load().await.expect("loads").config;
        let mut replay = demo_practice();
        for entry in store.history().await.expect("history") {
            apply(&mut replay, &entry.change).unwrap_or_else(|err| {
                panic!(
                    "seed {seed}: logged change #{} replays: {err}",
                    entry.revision
                )
            });
        }
        assert_eq!(
            replay, rows,
            "seed {seed}: replaying the log gives the rows"
        );
        store.close().await;
        let reopened = Store::open(&path).await.expect("reopens");
        assert_eq!(
            reopened.load().await.expect("loads").config,
            rows,
            "seed {seed}: the rows survive reopening"
        );
    }
    let attempted = SEEDS as usize * EDITS;
    assert!(
        applied_total * 10 >= attempted * 7,
        "most generated steps apply ({applied_total} of {attempted}), so the check is not vacuous"
    );
}
