//! What still outranks a bulk edit, said before it is applied.
//!
//! Words: a bulk tool *sets* rules at some scopes ("Routing for all providers" sets each
//! provider's own rule; "Replace someone everywhere" rewrites every rule that names the
//! person; "Copy routing from…" rewrites a provider's whole table). A rule for the same topic
//! at a *more specific* scope that covers some of the same patients — Dr. Bashir's patients
//! at Lakeview, under Dr. Bashir's own rule — keeps deciding for them: it *outranks* the rule
//! the tool sets, and those patients keep reaching whom they reach now. An [`Outranking`]
//! names such a rule in words and carries the change that would *include* it in the bulk edit
//! (the same edit made at that scope, or the rule removed so the broader one applies);
//! [`including`] adds those changes to the tool's batch, so it stays one undo step.
//!
//! Scopes outrank each other only where they share patients: a provider's rule at one
//! location outranks their own rule, that location's rule and the practice's, but only where
//! they work there; a provider's own rule outranks the rule of a location they work at and
//! the practice's; a location's rule outranks the practice's. Every list is sorted by topic,
//! in the practice's topic order, then by scope, most specific first.

use std::collections::{BTreeMap, BTreeSet};

use super::Change;
use super::bulk::{AllProviders, copy_routing, replace_person_everywhere};
use super::uses::{scope_name, topic_name};
use crate::model::{
    Config, PersonId, PersonKind, Recipient, RecipientList, Route, Scope, TopicKey,
};

/// A more specific rule that a bulk edit leaves deciding for some patients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outranking {
    /// The topic of the rule.
    pub topic: TopicKey,
    /// Where the rule applies (more specific than the rule the tool sets).
    pub scope: Scope,
    /// What the rule says now.
    pub route: Route,
    /// The change that includes this rule in the bulk edit.
    pub include: Change,
    /// The topic's label: "Prescriptions & Refills".
    pub topic_label: String,
    /// Whose messages the rule decides: "Dr. Bashir's patients at Lakeview".
    pub patients: String,
    /// Whom the rule reaches now: "Sam Carter", or "the provider the patient chooses".
    pub reaches: String,
    /// What including it does: "set to Jane Smith", or "removed, so the broader rule applies".
    pub if_included: String,
}

/// Whether a rule at `specific` beats a rule at `broad` for some patients: it is more
/// specific and covers patients `broad` covers too.
fn outranks(config: &Config, specific: Scope, broad: Scope) -> bool {
    let works_at = |provider: PersonId, location| {
        config
            .person(provider)
            .is_some_and(|person| person.locations.contains(&location))
    };
    match (specific, broad) {
        (Scope::LocationProvider { location, provider }, Scope::Provider { provider: other }) => {
            provider == other && works_at(provider, location)
        }
        (Scope::LocationProvider { location, provider }, Scope::Location { location: other }) => {
            location == other && works_at(provider, location)
        }
        (Scope::LocationProvider { location, provider }, Scope::Practice) => {
            works_at(provider, location)
        }
        (Scope::Provider { provider }, Scope::Location { location }) => {
            works_at(provider, location)
        }
        (Scope::Provider { .. } | Scope::Location { .. }, Scope::Practice) => true,
        _ => false,
    }
}

/// Whom a route reaches, in words.
fn reaches(config: &Config, route: Option<&Route>) -> String {
    match route {
        Some(Route::Recipients(list)) => list
            .as_slice()
            .iter()
            .map(|recipient| config.recipient_name(*recipient))
            .collect::<Vec<_>>()
            .join(", "),
        Some(Route::PatientChooses) => "the provider the patient chooses".into(),
        None => "whoever the broader rule names".into(),
    }
}

/// Every rule more specific than one of `set` (the scopes the tool sets, per topic) that the
/// tool does not set itself, for which `include` gives a value different from the rule's
/// (`None` removes the rule). Sorted by topic order, then scope.
fn more_specific(
    config: &Config,
    set: &BTreeSet<(TopicKey, Scope)>,
    include: impl Fn(&TopicKey, &Route) -> Option<Route>,
) -> Vec<Outranking> {
    let position = |topic: &TopicKey| {
        config
            .topics
            .iter()
            .position(|t| &t.key == topic)
            .unwrap_or(usize::MAX)
    };
    let mut found: BTreeMap<(usize, TopicKey, Scope), Outranking> = BTreeMap::new();
    for (topic, broad) in set {
        for (scope, route) in config.routes.of_topic(topic) {
            let key = (position(topic), topic.clone(), scope);
            if found.contains_key(&key)
                || set.contains(&(topic.clone(), scope))
                || !outranks(config, scope, *broad)
            {
                continue;
            }
            let value = include(topic, route);
            if value.as_ref() == Some(route) {
                continue;
            }
            let if_included = match &value {
                None => "removed, so the broader rule applies".to_string(),
                Some(value) => format!("set to {}", reaches(config, Some(value))),
            };
            found.insert(
                key,
                Outranking {
                    topic: topic.clone(),
                    scope,
                    route: route.clone(),
                    include: Change::SetRoute {
                        topic: topic.clone(),
                        scope,
                        expected: Some(route.clone()),
                        value,
                    },
                    topic_label: topic_name(config, topic),
                    patients: scope_name(config, scope),
                    reaches: reaches(config, Some(route)),
                    if_included,
                },
            );
        }
    }
    found.into_values().collect()
}

/// The scopes a change sets or removes rules at.
fn scopes_set(change: &Change, into: &mut BTreeSet<(TopicKey, Scope)>) {
    match change {
        Change::Batch { changes } => {
            for change in changes {
                scopes_set(change, into);
            }
        }
        Change::SetRoute { topic, scope, .. } => {
            into.insert((topic.clone(), *scope));
        }
        _ => {}
    }
}

/// What outranks "Routing for all providers" (see [`super::bulk::routing_for_all_providers`]):
/// each provider's rule for one of their locations, where it does not already give what the
/// tool gives. Including it makes the same edit there: "Set to" sets the rule to the
/// recipients, "Add" adds them to its list (a "patient chooses" rule becomes the list).
pub fn outranked_all_providers(
    config: &Config,
    topics: &[(TopicKey, AllProviders, Vec<Recipient>)],
) -> Vec<Outranking> {
    let mut set = BTreeSet::new();
    let mut edits: BTreeMap<&TopicKey, (AllProviders, &[Recipient])> = BTreeMap::new();
    for (topic, mode, recipients) in topics {
        if recipients.is_empty() || edits.contains_key(topic) {
            continue;
        }
        edits.insert(topic, (*mode, recipients.as_slice()));
        for provider in config
            .people
            .values()
            .filter(|person| person.kind == PersonKind::Provider)
        {
            set.insert((
                topic.clone(),
                Scope::Provider {
                    provider: provider.id,
                },
            ));
        }
    }
    more_specific(config, &set, |topic, route| {
        let (mode, recipients) = edits.get(topic)?;
        let mut list = match (mode, route) {
            (AllProviders::Add, Route::Recipients(list)) => list.as_slice().to_vec(),
            _ => Vec::new(),
        };
        for recipient in *recipients {
            if !list.contains(recipient) {
                list.push(*recipient);
            }
        }
        RecipientList::new(list).map(Route::Recipients)
    })
}

/// What outranks "Replace someone everywhere" (see [`replace_person_everywhere`]): every rule
/// that does not name `old` but is more specific than one that does, so its patients reach
/// neither `old` before nor `new` after. Including it removes it, so the rewritten broader
/// rule applies to them.
pub fn outranked_replace(config: &Config, old: PersonId, new: PersonId) -> Vec<Outranking> {
    let mut set = BTreeSet::new();
    scopes_set(&replace_person_everywhere(config, old, new), &mut set);
    more_specific(config, &set, |_, _| None)
}

/// What outranks "Copy routing from…" (see [`copy_routing`]). The copy rewrites or removes
/// every rule of `to`'s, and only `to`'s rules are more specific than `to`'s own rule, so
/// nothing can: the list is always empty. It exists so that every bulk tool answers the
/// same question the same way.
pub fn outranked_copy(config: &Config, from: PersonId, to: PersonId) -> Vec<Outranking> {
    let mut set = BTreeSet::new();
    scopes_set(&copy_routing(config, from, to), &mut set);
    // The rules of `to` the copy leaves as they are (already the same) are its too.
    for (topic, scope, _) in config.routes.iter() {
        if scope.provider() == Some(to) && from != to {
            set.insert((topic.clone(), scope));
        }
    }
    more_specific(config, &set, |_, _| None)
}

/// `change` (a bulk tool's batch) with the changes that include `outranked` added at its end:
/// one [`Change::Batch`], one undo step.
pub fn including(change: Change, outranked: &[Outranking]) -> Change {
    let mut changes = match change {
        Change::Batch { changes } => changes,
        other => vec![other],
    };
    changes.extend(outranked.iter().map(|o| o.include.clone()));
    Change::Batch { changes }
}
