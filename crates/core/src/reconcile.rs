//! Reconciling a client's configuration with the practice server's, without I/O: the two
//! decisions a person makes in the app's Sync screen.
//!
//! - [`over_current`]: "keep mine" for a change the server refused as a conflict. The same
//!   change (the same new values) with every *expected* value rebuilt from the configuration
//!   as it is now, so it sets the same fields over whatever the server holds.
//! - [`differences`]: the first connection of an app that has a practice to a server that has
//!   another one: what differs between the two, in sentences, from the change that would
//!   turn one into the other ([`import_as_change`](crate::import_as_change)).
//!
//! Words: *current* is the configuration the rebuilt change will meet (the server's at the
//! client's base, plus the client's pending changes); *mine* is the client's.

use std::collections::BTreeMap;

use crate::change::{Change, apply_one, scope_name, topic_name};
use crate::model::{Config, RouteRule, TopicKey};
use crate::{ApplyError, ImportError};

/// `change` with its expected values taken from `current`, so that it applies there and sets
/// what it set. `Ok(None)` when there is nothing left to do (every value is already the one
/// the change sets, or what it removes is gone). An error when the change cannot be made over
/// `current` at all (it edits a person the server has removed): its sentence says so.
///
/// Adds are kept as they are: an entity that exists already is someone else's, and adding
/// mine under the same id again is a conflict a person must look at.
pub fn over_current(current: &Config, change: &Change) -> Result<Option<Change>, ApplyError> {
    let mut scratch = current.clone();
    let rebuilt = rebuild(&mut scratch, change)?;
    Ok(rebuilt.filter(|change| !change.is_noop()))
}

/// Rebuilds `change` against `config` and applies it there (so a batch's later parts meet
/// the state after its earlier ones).
fn rebuild(config: &mut Config, change: &Change) -> Result<Option<Change>, ApplyError> {
    let rebuilt = match change {
        Change::Batch { changes } => {
            let mut parts = Vec::new();
            for part in changes {
                parts.extend(rebuild(config, part)?);
            }
            // The parts are applied already, one by one.
            return Ok((!parts.is_empty()).then_some(Change::Batch { changes: parts }));
        }
        other => expectations_from(config, other)?,
    };
    let Some(rebuilt) = rebuilt.filter(|change| !change.is_noop()) else {
        return Ok(None);
    };
    apply_one(config, &rebuilt)?;
    Ok(Some(rebuilt))
}

/// One change that is not a batch, its expectations read from `config`.
fn expectations_from(config: &Config, change: &Change) -> Result<Option<Change>, ApplyError> {
    let topic = |key: &TopicKey| {
        config
            .topic(key)
            .ok_or_else(|| ApplyError::UnknownTopic { topic: key.clone() })
    };
    let location = |id| {
        config
            .location(id)
            .ok_or(ApplyError::UnknownLocation { id })
    };
    let mut rebuilt = change.clone();
    match &mut rebuilt {
        Change::SetTopicEnabled {
            topic: key,
            expected,
            ..
        } => *expected = topic(key)?.enabled,
        Change::SetTopicText {
            topic: key,
            expected,
            ..
        } => *expected = topic(key)?.field(expected),
        Change::RemoveTopic {
            topic: gone,
            position,
            rules,
        } => {
            let Some(found) = config.topics.iter().position(|t| t.key == gone.key) else {
                return Ok(None);
            };
            *gone = config.topics[found].clone();
            *position = found;
            *rules = rules_of(config, |key| *key == gone.key);
        }
        Change::ReorderTopics { expected, value } => {
            let now: Vec<TopicKey> = config.topics.iter().map(|t| t.key.clone()).collect();
            value.retain(|key| now.contains(key));
            let missing: Vec<TopicKey> =
                now.iter().filter(|k| !value.contains(k)).cloned().collect();
            value.extend(missing);
            *expected = now;
        }
        Change::SetTopics {
            expected,
            value,
            removed_rules,
            ..
        } => {
            *expected = config.topics.clone();
            let stays = |key: &TopicKey| value.iter().any(|t| &t.key == key);
            *removed_rules = rules_of(config, |key| !stays(key));
        }
        Change::SetPracticeName { expected, .. } => *expected = config.practice_name.clone(),
        Change::SetDemo { expected, .. } => *expected = config.demo,
        Change::RemoveLocation { location: gone } => match config.location(gone.id) {
            Some(now) => *gone = now.clone(),
            None => return Ok(None),
        },
        Change::SetLocationField {
            location: id,
            expected,
            ..
        } => *expected = location(*id)?.field(expected),
        Change::RemovePerson { person } => match config.person(person.id) {
            Some(now) => *person = now.clone(),
            None => return Ok(None),
        },
        Change::SetPersonField {
            person, expected, ..
        } => {
            let id = *person;
            *expected = config
                .person(id)
                .ok_or(ApplyError::UnknownPerson { id })?
                .field(expected);
        }
        Change::RemoveGroup { group } => match config.group(group.id) {
            Some(now) => *group = now.clone(),
            None => return Ok(None),
        },
        Change::SetGroupField {
            group, expected, ..
        } => {
            let id = *group;
            *expected = config
                .group(id)
                .ok_or(ApplyError::UnknownGroup { id })?
                .field(expected);
        }
        Change::SetRoute {
            topic: key,
            scope,
            expected,
            ..
        } => {
            topic(key)?;
            *expected = config.routes.get(key, *scope).cloned();
        }
        Change::SetPracticeSetting { expected, value } => {
            *expected = config.settings.get(value.field());
        }
        Change::SetLocationSetting {
            location: id,
            field,
            expected,
            ..
        } => *expected = location(*id)?.settings.get(*field),
        Change::SetLocationTopic {
            location: id,
            topic: key,
            expected,
            ..
        } => {
            *expected = location(*id)?
                .settings
                .topics
                .get(key)
                .cloned()
                .unwrap_or_default();
        }
        Change::AddTopic { .. }
        | Change::AddLocation { .. }
        | Change::AddPerson { .. }
        | Change::AddGroup { .. }
        | Change::Batch { .. } => {}
    }
    Ok(Some(rebuilt))
}

/// The rules of the topics `which` picks, as a removal carries them.
fn rules_of(config: &Config, which: impl Fn(&TopicKey) -> bool) -> Vec<RouteRule> {
    config
        .topics
        .iter()
        .filter(|t| which(&t.key))
        .flat_map(|t| config.routes.rules_of(&t.key))
        .collect()
}

/// What differs between `mine` and `theirs`, one sentence per kind of difference, in a stable
/// order (empty when they are the same). Fails as an import would when `mine` cannot replace
/// `theirs` (they have different built-in topics).
pub fn differences(mine: &Config, theirs: &Config) -> Result<Vec<String>, ImportError> {
    let change = crate::import_as_change(theirs, mine)?;
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines = Vec::new();
    let Change::Batch { changes } = &change else {
        return Ok(Vec::new());
    };
    for part in changes {
        match part {
            Change::SetPracticeName { expected, value } => lines.push(format!(
                "The practice is called \"{}\" here and \"{}\" on the server.",
                value.0, expected.0
            )),
            Change::SetRoute { topic, scope, .. } => lines.push(format!(
                "The {} rule for {} differs.",
                topic_name(theirs, topic),
                scope_name(theirs, *scope)
            )),
            Change::SetPracticeSetting { value, .. } => lines.push(format!(
                "The practice setting \"{}\" differs.",
                value.field().name().replace('_', " ")
            )),
            other => *counts.entry(kind_of(other).to_owned()).or_default() += 1,
        }
    }
    lines.extend(
        counts
            .into_iter()
            .map(|(kind, count)| format!("{kind}: {count}.")),
    );
    Ok(lines)
}

/// The kind of a difference, as the summary counts it.
fn kind_of(change: &Change) -> &'static str {
    match change {
        Change::AddLocation { .. } => "Locations only here",
        Change::RemoveLocation { .. } => "Locations only on the server",
        Change::SetLocationField { .. }
        | Change::SetLocationSetting { .. }
        | Change::SetLocationTopic { .. } => "Location details that differ",
        Change::AddPerson { .. } => "People only here",
        Change::RemovePerson { .. } => "People only on the server",
        Change::SetPersonField { .. } => "People's details that differ",
        Change::AddGroup { .. } => "Groups only here",
        Change::RemoveGroup { .. } => "Groups only on the server",
        Change::SetGroupField { .. } => "Group details that differ",
        _ => "Topic differences",
    }
}

/// The validator's findings, in words, under each choice for the conflicts waiting: with
/// `current` as it is ("take theirs", one list for all), and with each change kept over it
/// ("keep mine"; `None` when it can no longer be made). Over the default window from `from`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceFindings {
    pub theirs: Vec<String>,
    /// One per change, in their order.
    pub mine: Vec<Option<Vec<String>>>,
}

/// What each choice for each of `changes` would cause (see [`ChoiceFindings`]): the current
/// configuration is checked once, each kept change once.
pub fn choice_findings<'a>(
    current: &Config,
    changes: impl IntoIterator<Item = &'a Change>,
    from: crate::Date,
) -> ChoiceFindings {
    let words = |config: &Config| -> Vec<String> {
        crate::lists::findings(config, from)
            .into_iter()
            .map(|finding| finding.message)
            .collect()
    };
    let theirs = words(current);
    let mine = changes
        .into_iter()
        .map(|change| match over_current(current, change) {
            Ok(Some(mine)) => {
                let mut config = current.clone();
                crate::apply(&mut config, &mine)
                    .ok()
                    .map(|_| words(&config))
            }
            // The server already has my values.
            Ok(None) => Some(theirs.clone()),
            Err(_) => None,
        })
        .collect();
    ChoiceFindings { theirs, mine }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{PracticeName, apply, demo_practice};

    fn toggle(config: &Config, index: usize) -> Change {
        let topic = &config.topics[index];
        Change::SetTopicEnabled {
            topic: topic.key.clone(),
            expected: topic.enabled,
            value: !topic.enabled,
        }
    }

    #[test]
    fn keep_mine_sets_my_value_over_theirs() {
        let start = demo_practice();
        let mine = Change::SetPracticeName {
            expected: start.practice_name.clone(),
            value: PracticeName("Mine".into()),
        };
        let mut server = start.clone();
        apply(
            &mut server,
            &Change::SetPracticeName {
                expected: start.practice_name.clone(),
                value: PracticeName("Theirs".into()),
            },
        )
        .expect("theirs applies");
        assert!(
            apply(&mut server.clone(), &mine).is_err(),
            "mine conflicts with theirs as it was made"
        );
        let rebuilt = over_current(&server, &mine)
            .expect("rebuilds")
            .expect("something to do");
        apply(&mut server, &rebuilt).expect("the rebuilt change applies over theirs");
        assert_eq!(server.practice_name.0, "Mine", "and sets my value");
    }

    #[test]
    fn a_batch_is_rebuilt_part_by_part_and_done_parts_are_dropped() {
        let start = demo_practice();
        let mut server = start.clone();
        // The server switched topic 0 the way I did, and topic 1 the other way round.
        apply(&mut server, &toggle(&start, 0)).expect("applies");
        let mine = Change::Batch {
            changes: vec![toggle(&start, 0), toggle(&start, 1)],
        };
        let rebuilt = over_current(&server, &mine)
            .expect("rebuilds")
            .expect("topic 1 is still to do");
        assert_eq!(
            rebuilt,
            Change::Batch {
                changes: vec![toggle(&server, 1)]
            },
            "the part the server already has is dropped"
        );
        assert_eq!(
            over_current(&server, &toggle(&start, 0)).expect("rebuilds"),
            None,
            "a change whose values the server has already leaves nothing to do"
        );
    }

    #[test]
    fn a_removed_entity_cannot_be_edited_and_a_gone_one_needs_no_removal() {
        let start = demo_practice();
        let person = start
            .people
            .values()
            .next()
            .expect("the demo has people")
            .clone();
        let edit = Change::SetPersonField {
            person: person.id,
            expected: crate::PersonField::Active(person.active),
            value: crate::PersonField::Active(!person.active),
        };
        let mut server = start.clone();
        server.people.remove(&person.id);
        assert!(
            matches!(
                over_current(&server, &edit),
                Err(ApplyError::UnknownPerson { .. })
            ),
            "an edit of someone the server removed cannot be kept"
        );
        let removal = Change::RemovePerson { person };
        assert_eq!(
            over_current(&server, &removal).expect("rebuilds"),
            None,
            "removing someone already gone leaves nothing to do"
        );
    }

    #[test]
    fn differences_are_sentences_and_none_for_the_same_practice() {
        let theirs = demo_practice();
        assert!(
            differences(&theirs, &theirs).expect("compares").is_empty(),
            "the same configuration has no differences"
        );
        let mut mine = theirs.clone();
        mine.practice_name = PracticeName("Mine".into());
        let flipped = toggle(&mine, 0);
        apply(&mut mine, &flipped).expect("applies");
        let lines = differences(&mine, &theirs).expect("compares");
        assert!(
            lines.iter().any(|l| l.contains("\"Mine\" here")),
            "the name is told: {lines:?}"
        );
    }

    #[test]
    fn choice_findings_show_what_keeping_mine_would_cause() {
        let current = crate::demo_practice();
        let front_office = crate::demo_ids::FRONT_OFFICE;
        // Mine: nobody receives General at the practice level any more (the patient chooses).
        let mine = Change::SetRoute {
            topic: TopicKey::new("general"),
            scope: crate::Scope::Practice,
            expected: Some(crate::Route::Recipients(crate::RecipientList::one(
                crate::Recipient::Group(front_office),
            ))),
            value: None,
        };
        let from = crate::Date::from_ymd(2026, 12, 1).expect("a date");
        let unknown = Change::SetTopicEnabled {
            topic: TopicKey::new("removed-since"),
            expected: true,
            value: false,
        };
        let found = choice_findings(&current, [&mine, &unknown], from);
        assert_eq!(
            found.theirs,
            crate::lists::findings(&current, from)
                .into_iter()
                .map(|f| f.message)
                .collect::<Vec<_>>()
        );
        let kept = found.mine[0]
            .as_ref()
            .expect("mine can be made over the current value");
        assert_ne!(
            kept, &found.theirs,
            "the two choices differ in what they cause"
        );
        assert_eq!(
            found.mine[1], None,
            "a change about something gone can no longer be kept"
        );
    }
}
