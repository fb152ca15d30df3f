//! Findings in words, and the change that fixes each one where there is one.
//!
//! The promise of a fix: once applied, the same problem is no longer reported at the same
//! place. A fix is offered only where that is sure — someone or a group is taken out of a rule
//! only when nothing else in the rule leads to them (as a member of a group it names, or along
//! a delegation); otherwise the fix is on the person, where that is clear. A fix may bring
//! other findings to light, and only these:
//!
//! - taking someone or a group out of a rule: on the days they received, the rest of the rule
//!   may be nobody, so the rule lands in the fallback inbox;
//! - giving an absent person the fallback inbox as delegate: every rule that reaches them now
//!   reaches the inbox's people too, with their own troubles (someone dropped, an empty group);
//! - switching a topic on: that topic's rules come under review (any finding about them);
//! - resetting a rule that reaches nobody to inherited (for a rule more specific than the
//!   practice's): its cells now follow the next rule for the topic, with that rule's troubles
//!   (any finding about the topic's other rules, or about patients choosing).

use std::collections::BTreeSet;

use super::{Cell, Place, Problem};
use crate::change::Change;
use crate::model::{
    Config, Date, PersonField, PersonId, Recipient, RecipientList, Route, Scope, TopicKey,
};
use crate::resolve::{DropReason, FallbackReason};

fn person(config: &Config, id: PersonId) -> String {
    config.recipient_name(Recipient::Person(id))
}

fn place_name(config: &Config, place: &Place) -> String {
    match place {
        Place::Practice => "The practice".into(),
        Place::Location { location } => config
            .location(*location)
            .map_or_else(|| format!("Location {location}"), |l| l.name.clone()),
        Place::Rule { topic, scope } => {
            let topic = crate::change::topic_name(config, topic);
            match scope {
                Some(scope) => format!("{topic} for {}", crate::change::scope_name(config, *scope)),
                None => format!("{topic} (no rule: the patient chooses)"),
            }
        }
    }
}

fn cells_text(config: &Config, cells: &[Cell]) -> String {
    let Some(first) = cells.first() else {
        return String::new();
    };
    let location = config
        .location(first.location)
        .map_or("a removed location", |l| l.short_name());
    let who = match first.provider {
        Some(id) => format!("{}'s patients at {location}", person(config, id)),
        None => format!("patients with no provider at {location}"),
    };
    match cells.len() {
        1 => format!(" Affects {who}."),
        n => format!(" Affects {who} and {} more.", n - 1),
    }
}

/// The finding in an admin's words: what is wrong, since when, whom it affects, what to do.
pub(super) fn message(
    config: &Config,
    place: &Place,
    problem: &Problem,
    cells: &[Cell],
    first: Date,
) -> String {
    let at = place_name(config, place);
    let when = first.short(false);
    let affects = cells_text(config, cells);
    match problem {
        Problem::LandsInFallback {
            reason: FallbackReason::NobodyLeft,
        } => format!(
            "{at}: nobody the rule names can receive it from {when}, so it lands in the fallback inbox.{affects} Add someone who can receive it."
        ),
        Problem::LandsInFallback {
            reason: FallbackReason::NoChoice,
        } => format!(
            "{at}: the patient has nobody to choose from on {when}, so it lands in the fallback inbox.{affects} Name recipients for this topic, or let patients choose from everyone at the location."
        ),
        Problem::Drops { person: id, why } => {
            let name = person(config, *id);
            let why = match why {
                DropReason::Missing => "no longer exists".to_owned(),
                DropReason::Inactive => "is inactive".to_owned(),
                DropReason::Unavailable => "is not available for portal messages".to_owned(),
                DropReason::AbsentWithoutDelegate => {
                    format!("is out of office from {when} with no delegate")
                }
                DropReason::TooManyHops => {
                    format!("is out of office from {when} and the delegation goes past 3 hops")
                }
                DropReason::Cycle => {
                    format!("is out of office from {when} and the delegation goes in a circle")
                }
            };
            format!(
                "{at}: {name} {why}, so they receive nothing.{affects} Replace them in this rule or fix their status."
            )
        }
        Problem::EmptyGroup { group } => format!(
            "{at}: group {} has no members.{affects} Add members or take the group out of the rule.",
            config.recipient_name(Recipient::Group(*group))
        ),
        Problem::MissingGroup { group } => {
            format!("{at}: group {group} no longer exists.{affects} Take it out of the rule.")
        }
        Problem::FallbackInboxMissing { .. } => {
            format!(
                "{at}: the fallback inbox names someone who no longer exists. Choose a fallback inbox."
            )
        }
        Problem::FallbackInboxUnreachable { inbox } => format!(
            "{at}: the fallback inbox ({}) has nobody who can receive messages on {when}. Choose another fallback inbox or make its people available.",
            config.recipient_name(*inbox)
        ),
        Problem::DuplicateName { name, people } => format!(
            "{at}: {} people are called \"{name}\"; patients cannot tell them apart. Add credentials or a middle initial.",
            people.len()
        ),
        Problem::NoTopicEnabled => {
            format!(
                "{at}: messaging is on but no topic is switched on, so patients cannot write. Switch a topic on."
            )
        }
    }
}

/// The change that fixes the finding, where one exists.
pub(super) fn fix(config: &Config, place: &Place, problem: &Problem) -> Option<Change> {
    match (place, problem) {
        // A rule below the practice's that reaches nobody: let its patients inherit again.
        (
            Place::Rule {
                topic,
                scope: Some(scope),
            },
            Problem::LandsInFallback {
                reason: FallbackReason::NobodyLeft,
            },
        ) if *scope != Scope::Practice => {
            config
                .routes
                .get(topic, *scope)
                .map(|current| Change::SetRoute {
                    topic: topic.clone(),
                    scope: *scope,
                    expected: Some(current.clone()),
                    value: None,
                })
        }
        (Place::Practice, Problem::NoTopicEnabled) => {
            config.topics.first().map(|topic| Change::SetTopicEnabled {
                topic: topic.key.clone(),
                expected: topic.enabled,
                value: true,
            })
        }
        (
            Place::Rule {
                topic,
                scope: Some(scope),
            },
            Problem::Drops { person: id, why },
        ) => {
            let out = Recipient::Person(*id);
            if let Some(change) = without(config, topic, *scope, out) {
                return Some(change);
            }
            // Reached through a group or a delegation: fix the person, where that is clear.
            let current = config.person(*id)?;
            match why {
                DropReason::AbsentWithoutDelegate => {
                    let inbox = config.settings.fallback_inbox;
                    if config.members(inbox).contains(id) {
                        return None;
                    }
                    let mut away = current.out_of_office.clone()?;
                    away.delegate = Some(inbox);
                    Some(Change::SetPersonField {
                        person: *id,
                        expected: PersonField::OutOfOffice(current.out_of_office.clone()),
                        value: PersonField::OutOfOffice(Some(away)),
                    })
                }
                _ => None,
            }
        }
        (
            Place::Rule {
                topic,
                scope: Some(scope),
            },
            Problem::EmptyGroup { group } | Problem::MissingGroup { group },
        ) => without(config, topic, *scope, Recipient::Group(*group)),
        _ => None,
    }
}

/// The rule without `out`, when `out` is named in it, someone else is left, and nothing else
/// in it leads to `out` (so the problems `out` meets are gone from the rule).
fn without(config: &Config, topic: &TopicKey, scope: Scope, out: Recipient) -> Option<Change> {
    let Some(Route::Recipients(list)) = config.routes.get(topic, scope) else {
        return None;
    };
    if !list.as_slice().contains(&out) {
        return None;
    }
    let rest: Vec<Recipient> = list
        .as_slice()
        .iter()
        .copied()
        .filter(|r| *r != out)
        .collect();
    if leads_to(config, &rest, out) {
        return None;
    }
    let rest = RecipientList::new(rest)?;
    Some(Change::SetRoute {
        topic: topic.clone(),
        scope,
        expected: Some(Route::Recipients(list.clone())),
        value: Some(Route::Recipients(rest)),
    })
}

/// Whether resolving `recipients` may meet `target` on some day: as one of them, as a member
/// of a group among them, or as a delegate along the way (every absence counted, whatever its
/// dates, so a "no" is sure).
fn leads_to(config: &Config, recipients: &[Recipient], target: Recipient) -> bool {
    let mut seen: BTreeSet<Recipient> = BTreeSet::new();
    let mut todo: Vec<Recipient> = recipients.to_vec();
    while let Some(next) = todo.pop() {
        if next == target {
            return true;
        }
        if !seen.insert(next) {
            continue;
        }
        match next {
            Recipient::Person(id) => todo.extend(
                config
                    .person(id)
                    .and_then(|p| p.out_of_office.as_ref())
                    .and_then(|away| away.delegate),
            ),
            Recipient::Group(id) => todo.extend(
                config
                    .group(id)
                    .into_iter()
                    .flat_map(|g| g.members.iter().map(|m| Recipient::Person(*m))),
            ),
        }
    }
    false
}
