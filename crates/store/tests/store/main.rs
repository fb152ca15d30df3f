//! The store against real SQLite files in temporary folders. Modules mirror `src/`.

mod apply;
mod crash;
mod exchange;
mod overrides;
mod replay;
mod undo;

use switchboard_core::{Change, TopicKey};
use switchboard_store::Author;

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
