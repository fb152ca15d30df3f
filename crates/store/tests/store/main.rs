//! The store against real SQLite files in temporary folders. Modules mirror `src/`.

mod apply;
#[cfg(unix)]
mod broken;
mod crash;
mod devices;
mod exchange;
mod load;
mod migrate;
mod overrides;
mod replay;
mod sync;
mod undo;

use switchboard_core::ipc::Applied;
use switchboard_core::{Change, TopicKey};
use switchboard_store::{Author, Store, StoreError};

pub fn author() -> Author {
    Author("test-admin".into())
}

/// Switches `topic` from `from` to the opposite.
pub fn flip(topic: &str, from: bool) -> Change {
    Change::SetTopicEnabled {
        topic: TopicKey::new(topic),
        expected: from,
        value: !from,
    }
}

/// Undoes this device's latest change: the first undo target the store shows (0, which no
/// entry has, when there is none).
pub async fn undo_latest(store: &Store) -> Result<Applied, StoreError> {
    let targets = store.load().await?.history.undo_targets;
    store
        .undo(targets.first().copied().unwrap_or(0), &author())
        .await
}

/// Redoes this device's latest undo, as [`undo_latest`] does.
pub async fn redo_latest(store: &Store) -> Result<Applied, StoreError> {
    let targets = store.load().await?.history.redo_targets;
    store
        .redo(targets.first().copied().unwrap_or(0), &author())
        .await
}
