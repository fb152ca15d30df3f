//! [`ApplyError`]: why a change was refused. Every message says what is wrong and what to do.

use crate::model::{Date, GroupId, LocationId, PersonId, TopicKey};

/// Why a change could not be applied. The message says what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("There is no topic \"{topic}\". It may have been removed; reload and try again.")]
    UnknownTopic { topic: TopicKey },
    #[error("There is no location with id {id}. It may have been removed; reload and try again.")]
    UnknownLocation { id: LocationId },
    #[error("There is no person with id {id}. They may have been removed; reload and try again.")]
    UnknownPerson { id: PersonId },
    #[error("There is no group with id {id}. It may have been removed; reload and try again.")]
    UnknownGroup { id: GroupId },
    #[error("{what} already exists. Reload to see it, or add it under a new id.")]
    AlreadyExists { what: String },
    #[error(
        "{what} changed since you looked at it: it is now {found}, not {expected}. Your edit was not saved; review the current value and try again."
    )]
    Conflict {
        what: String,
        expected: String,
        found: String,
    },
    #[error("{what} cannot be removed while it is used: {}. Change or remove those first, then try again.", uses.join("; "))]
    InUse { what: String, uses: Vec<String> },
    #[error(
        "Topic \"{topic}\" is built in: it can be switched off or renamed, not added or removed. Switch it off instead."
    )]
    BuiltinTopic { topic: String },
    #[error(
        "The edit names two different fields ({expected_field} and {value_field}). This is a bug in the app; reload and try again."
    )]
    MismatchedFields {
        expected_field: &'static str,
        value_field: &'static str,
    },
    #[error(
        "{person}'s time away would end ({until}) before it starts ({from}). Choose a last day on or after the first day."
    )]
    AbsenceEndsBeforeStart {
        person: String,
        from: Date,
        until: Date,
    },
    #[error(
        "The new topic order must list each current topic exactly once. Reload and reorder again."
    )]
    NotAReorder,
    #[error("{person} is listed twice in group \"{group}\". List each member once.")]
    DuplicateMember { group: String, person: String },
    /// A value no practice may have (office hours that close before they open, a logo that
    /// is not a picture, an e-mail address without a domain); the message says which and why.
    #[error("{message}")]
    Invalid { message: String },
    #[error(
        "Position {position} is past the end of the topic list ({len} topics). Reload and try again."
    )]
    PositionOutOfRange { position: usize, len: usize },
}

impl ApplyError {
    /// Whether the change was refused because someone else changed the configuration first
    /// (reloading shows what changed), rather than because the edit itself is invalid.
    pub fn is_conflict(&self) -> bool {
        matches!(
            self,
            ApplyError::Conflict { .. } | ApplyError::AlreadyExists { .. }
        )
    }
}
