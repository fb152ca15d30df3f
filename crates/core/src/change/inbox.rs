//! The promise that no patient message reaches nobody, as [`apply`](crate::apply) keeps it:
//! every fallback inbox — the practice's, and each location's own — has at least one *reader*,
//! a person who is active and available for portal messages. A message that no rule delivers
//! lands there, so a fallback inbox without a reader would swallow it.
//!
//! [`Readerless`] is the set of places whose inbox has no reader. A change may not add a place
//! to it (deactivating the inbox's only reader, emptying its group, naming an inbox nobody
//! reads); a configuration that already had one (from an old version) can still be edited,
//! and fixed.

use std::collections::BTreeSet;

use super::ApplyError;
use crate::model::{Config, LocationId, Person, Recipient};

/// The places whose fallback inbox nobody reads: `None` is the practice's own inbox (the one
/// every location without an inbox of its own uses), `Some(id)` a location's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Readerless(BTreeSet<Option<LocationId>>);

impl Readerless {
    /// The places of `config` whose inbox has no reader.
    pub(crate) fn of(config: &Config) -> Self {
        let mut places = BTreeSet::new();
        if !has_reader(config, config.settings.fallback_inbox) {
            places.insert(None);
        }
        for location in config.locations.values() {
            if let Some(inbox) = location.settings.fallback_inbox
                && !has_reader(config, inbox)
            {
                places.insert(Some(location.id));
            }
        }
        Self(places)
    }

    /// The first place without a reader, if any.
    pub(crate) fn first(&self) -> Option<Option<LocationId>> {
        self.0.first().copied()
    }

    /// Refuses `after` when it has a place without a reader that `self` (the state before the
    /// change) did not have; the sentence names the inbox and the fix.
    pub(crate) fn refuse_new(&self, after: &Config) -> Result<(), ApplyError> {
        let now = Self::of(after);
        match now.0.difference(&self.0).next() {
            None => Ok(()),
            Some(place) => Err(refusal(after, *place)),
        }
    }
}

/// Whether someone active and available for portal messages reads `inbox`.
pub(crate) fn has_reader(config: &Config, inbox: Recipient) -> bool {
    readers(config, inbox).next().is_some()
}

/// The people who read `inbox`: its person or its group's members, active and available for
/// portal messages (absences aside: an inbox keeps a message for a reader who is away).
pub(crate) fn readers(config: &Config, inbox: Recipient) -> impl Iterator<Item = &Person> {
    config
        .members(inbox)
        .iter()
        .filter_map(|id| config.person(*id))
        .filter(|person| person.receives_messages())
}

/// What is wrong at `place`, in words, for a sentence: whose inbox it is, where its setting is,
/// and why nobody reads it (the inbox being a person or a group).
pub(crate) struct Unread {
    pub whose: String,
    pub setting: String,
    pub why: String,
}

/// Describes the readerless inbox at `place` of `config`.
pub(crate) fn unread(config: &Config, place: Option<LocationId>) -> Unread {
    let location = place.and_then(|id| config.location(id));
    let inbox = location
        .and_then(|location| location.settings.fallback_inbox)
        .unwrap_or(config.settings.fallback_inbox);
    let (whose, setting) = match location {
        Some(location) => (
            format!("{}'s fallback inbox", location.name),
            format!("for {} under Message settings", location.name),
        ),
        None => (
            "The practice's fallback inbox".to_owned(),
            "under Message settings".to_owned(),
        ),
    };
    let why = match inbox {
        Recipient::Person(_) => format!(
            "{} is not both active and available for portal messages",
            config.recipient_name(inbox)
        ),
        Recipient::Group(_) => format!(
            "group \"{}\" has no member who is active and available for portal messages",
            config.recipient_name(inbox)
        ),
    };
    Unread {
        whose,
        setting,
        why,
    }
}

/// The refusal of a change that leaves the inbox at `place` of `after` unread.
fn refusal(after: &Config, place: Option<LocationId>) -> ApplyError {
    let Unread {
        whose,
        setting,
        why,
    } = unread(after, place);
    ApplyError::Invalid {
        message: format!(
            "{whose} would have nobody to read it: after this change, {why}. Messages that no rule delivers go there, so they would reach no one. Choose another fallback inbox {setting} first, or use \"Replace with…\" to hand this person's inboxes to someone else; then save again."
        ),
    }
}
