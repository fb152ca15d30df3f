//! The edits a grid cell makes: add a recipient, take one out, move one to another cell, let
//! the patient choose, reset to inherited. Each reads the current rule to fill in what the
//! change expects.

use crate::change::Change;
use crate::model::{Config, Recipient, RecipientList, Route, Scope, TopicKey};

fn set(config: &Config, topic: &TopicKey, scope: Scope, value: Option<Route>) -> Option<Change> {
    let expected = config.routes.get(topic, scope).cloned();
    (expected != value).then(|| Change::SetRoute {
        topic: topic.clone(),
        scope,
        expected,
        value,
    })
}

/// Adds `recipient` at the end of the cell's own list. A cell that inherits, or where the
/// patient chooses, gets a rule of its own naming just `recipient`. `None` when already listed.
pub fn add_recipient(
    config: &Config,
    topic: &TopicKey,
    scope: Scope,
    recipient: Recipient,
) -> Option<Change> {
    let mut list = match config.routes.get(topic, scope) {
        Some(Route::Recipients(list)) => list.as_slice().to_vec(),
        _ => Vec::new(),
    };
    if list.contains(&recipient) {
        return None;
    }
    list.push(recipient);
    set(
        config,
        topic,
        scope,
        RecipientList::new(list).map(Route::Recipients),
    )
}

/// Takes `recipient` out of the cell's own list. When nobody is left, the cell inherits again
/// (the practice default, which never inherits, becomes "the patient chooses").
pub fn remove_recipient(
    config: &Config,
    topic: &TopicKey,
    scope: Scope,
    recipient: Recipient,
) -> Option<Change> {
    let Some(Route::Recipients(list)) = config.routes.get(topic, scope) else {
        return None;
    };
    let rest: Vec<Recipient> = list
        .as_slice()
        .iter()
        .copied()
        .filter(|r| *r != recipient)
        .collect();
    let value = match RecipientList::new(rest) {
        Some(rest) => Some(Route::Recipients(rest)),
        None if scope == Scope::Practice => Some(Route::PatientChooses),
        None => None,
    };
    set(config, topic, scope, value)
}

/// Moves `recipient` out of one cell's own list into another's, as one [`Change::Batch`] (one
/// undoable step): taken out as [`remove_recipient`] does, added as [`add_recipient`] does
/// (nothing to add when the target already lists them). `None` when the cells are the same or
/// the first does not list `recipient`.
pub fn move_recipient(
    config: &Config,
    from_topic: &TopicKey,
    from_scope: Scope,
    to_topic: &TopicKey,
    to_scope: Scope,
    recipient: Recipient,
) -> Option<Change> {
    if from_topic == to_topic && from_scope == to_scope {
        return None;
    }
    let remove = remove_recipient(config, from_topic, from_scope, recipient)?;
    let add = add_recipient(config, to_topic, to_scope, recipient);
    Some(Change::Batch {
        changes: std::iter::once(remove).chain(add).collect(),
    })
}

/// Moves the recipient at `from` to `to` within the cell's own list.
pub fn reorder_recipient(
    config: &Config,
    topic: &TopicKey,
    scope: Scope,
    from: usize,
    to: usize,
) -> Option<Change> {
    let Some(Route::Recipients(list)) = config.routes.get(topic, scope) else {
        return None;
    };
    let mut list = list.as_slice().to_vec();
    if from >= list.len() || to >= list.len() {
        return None;
    }
    let moved = list.remove(from);
    list.insert(to, moved);
    set(
        config,
        topic,
        scope,
        RecipientList::new(list).map(Route::Recipients),
    )
}

/// The patient picks a provider for this cell.
pub fn patient_chooses(config: &Config, topic: &TopicKey, scope: Scope) -> Option<Change> {
    set(config, topic, scope, Some(Route::PatientChooses))
}

/// Removes the cell's own rule so it inherits. `None` for the practice default (it never
/// inherits) or a cell that already inherits.
pub fn reset_to_inherited(config: &Config, topic: &TopicKey, scope: Scope) -> Option<Change> {
    if scope == Scope::Practice {
        return None;
    }
    set(config, topic, scope, None)
}
