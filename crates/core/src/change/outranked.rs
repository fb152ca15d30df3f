//! What still outranks a bulk edit, said before it is applied.
//!
//! Words: a bulk tool *sets* rules at some scopes ("Routing for all providers" sets each
//! provider's own rule; "Replace someone everywhere" rewrites every rule that names the
//! person; "Copy routing from…" rewrites a provider's whole table). Patients come in *kinds*:
//! a provider's patients at one location they work at, and patients at a location with no
//! provider. For each kind the first rule in scope order decides. Where a rule the tool sets
//! is the first *it* sets for a kind of patient, but another rule comes before it, that rule
//! *outranks* the tool for them — Dr. Bashir's rule at Lakeview, under his own rule — and
//! those patients keep reaching whom they reach now.
//!
//! An [`Outranking`] names those patients (the narrowest scope both rules cover: the
//! outranking rule's own scope, or a provider at one location when a provider's own rule
//! outranks a location's), the rule that wins for them and whom it reaches, and carries the
//! change that *includes* them: it makes those patients reach what the tool gives them (the
//! same edit at that scope for "Routing for all providers"; the rewritten rule's recipients
//! for "Replace someone everywhere"). [`including`] adds those changes to the tool's batch,
//! so it stays one undo step. Every list is sorted by topic, in the practice's topic order,
//! then by scope, most specific first.

use std::collections::{BTreeMap, BTreeSet};

use super::Change;
use super::bulk::{AllProviders, copy_routing, replace_person_everywhere};
use super::uses::{scope_name, topic_name};
use crate::model::{
    Config, LocationId, PersonId, PersonKind, Recipient, RecipientList, Route, Scope, TopicKey,
};

/// Patients a bulk edit does not reach because a more specific rule decides for them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outranking {
    /// The topic.
    pub topic: TopicKey,
    /// Which patients: the narrowest scope both the outranking rule and the tool's rule cover.
    pub scope: Scope,
    /// Where the rule that wins for them applies (`scope` itself, or a provider's own rule).
    pub rule: Scope,
    /// What that rule says now.
    pub route: Route,
    /// The change that makes these patients reach what the tool gives them.
    pub include: Change,
    /// The topic's label: "Prescriptions & Refills".
    pub topic_label: String,
    /// The patients in words: "Dr. Bashir's patients at Lakeview".
    pub patients: String,
    /// Whom they reach now: "Sam Carter", or "the provider the patient chooses".
    pub reaches: String,
    /// Whom they would reach if included: "Jane Smith".
    pub if_included: String,
}

/// Every kind of patient: each provider's patients at each location they work at, then the
/// patients at each location who have no provider.
fn patient_kinds(config: &Config) -> Vec<(LocationId, Option<PersonId>)> {
    let providers = config
        .people
        .values()
        .filter(|person| person.kind == PersonKind::Provider)
        .flat_map(|person| {
            person
                .locations
                .iter()
                .filter(|location| config.locations.contains_key(location))
                .map(|location| (*location, Some(person.id)))
        });
    let nobody = config.locations.keys().map(|location| (*location, None));
    providers.chain(nobody).collect()
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
        None => "whoever the broader rules name".into(),
    }
}

/// The patients a bulk edit that sets the rules in `set` (by topic and scope, with the value
/// it gives them) does not reach, because a rule it does not set comes first for them.
/// `include` says what such patients should reach: from the topic, the outranking rule and
/// the value the tool gives the rule it outranks. Left out: patients who would reach the same
/// anyway. Sorted by topic order, then scope.
fn more_specific(
    config: &Config,
    set: &BTreeMap<(TopicKey, Scope), Option<Route>>,
    include: impl Fn(&TopicKey, &Route, Option<&Route>) -> Option<Route>,
) -> Vec<Outranking> {
    let position = |topic: &TopicKey| {
        config
            .topics
            .iter()
            .position(|t| &t.key == topic)
            .unwrap_or(usize::MAX)
    };
    let topics: BTreeSet<&TopicKey> = set.keys().map(|(topic, _)| topic).collect();
    let kinds = patient_kinds(config);
    let mut found: BTreeMap<(usize, TopicKey, Scope), Outranking> = BTreeMap::new();
    for topic in topics {
        for (location, provider) in &kinds {
            let chain: Vec<Scope> = Scope::chain(*location, *provider).collect();
            let Some(at) = chain
                .iter()
                .position(|scope| set.contains_key(&(topic.clone(), *scope)))
            else {
                continue;
            };
            let Some((rule, route)) = chain[..at]
                .iter()
                .find_map(|scope| config.routes.get(topic, *scope).map(|r| (*scope, r)))
            else {
                continue;
            };
            let broad = chain[at];
            let scope = match (rule, broad) {
                (Scope::Provider { provider }, Scope::Location { location }) => {
                    Scope::LocationProvider { location, provider }
                }
                _ => rule,
            };
            let key = (position(topic), topic.clone(), scope);
            if found.contains_key(&key) {
                continue;
            }
            let given = set.get(&(topic.clone(), broad)).and_then(Option::as_ref);
            let value = include(topic, route, given);
            let expected = config.routes.get(topic, scope).cloned();
            if value == expected {
                continue;
            }
            found.insert(
                key,
                Outranking {
                    topic: topic.clone(),
                    scope,
                    rule,
                    route: route.clone(),
                    if_included: reaches(config, value.as_ref()),
                    include: Change::SetRoute {
                        topic: topic.clone(),
                        scope,
                        expected,
                        value,
                    },
                    topic_label: topic_name(config, topic),
                    patients: scope_name(config, scope),
                    reaches: reaches(config, Some(route)),
                },
            );
        }
    }
    found.into_values().collect()
}

/// The rules a change sets or removes, with the value it gives each.
fn rules_set(change: &Change, into: &mut BTreeMap<(TopicKey, Scope), Option<Route>>) {
    match change {
        Change::Batch { changes } => {
            for change in changes {
                rules_set(change, into);
            }
        }
        Change::SetRoute {
            topic,
            scope,
            value,
            ..
        } => {
            into.insert((topic.clone(), *scope), value.clone());
        }
        _ => {}
    }
}

/// What outranks "Routing for all providers" (see [`super::bulk::routing_for_all_providers`]):
/// a provider's rule for one of their locations, where it does not already give what the
/// tool gives. Including it makes the same edit there: "Set to" sets the rule to the
/// recipients, "Add" adds them to its list (a "patient chooses" rule becomes the list).
pub fn outranked_all_providers(
    config: &Config,
    topics: &[(TopicKey, AllProviders, Vec<Recipient>)],
) -> Vec<Outranking> {
    let mut set = BTreeMap::new();
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
            let scope = Scope::Provider {
                provider: provider.id,
            };
            // The value each provider gets is not needed: the edit is made again below.
            set.insert((topic.clone(), scope), None);
        }
    }
    more_specific(config, &set, |topic, route, _| {
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

/// What outranks "Replace someone everywhere" (see [`replace_person_everywhere`]): patients
/// for whom a rule that does not name `old` comes before one that does, so they reached
/// neither `old` before nor `new` after. Including them sets their rule (or gives them one,
/// where a provider's own rule outranks a location's) to what the rewritten rule names.
pub fn outranked_replace(config: &Config, old: PersonId, new: PersonId) -> Vec<Outranking> {
    let mut set = BTreeMap::new();
    rules_set(&replace_person_everywhere(config, old, new), &mut set);
    more_specific(config, &set, |_, _, given| given.cloned())
}

/// What outranks "Copy routing from…" (see [`copy_routing`]). The copy rewrites or removes
/// every rule of `to`'s, and only `to`'s rules come before `to`'s own rule for their
/// patients, so nothing can: the list is always empty. It exists so that every bulk tool
/// answers the same question the same way.
pub fn outranked_copy(config: &Config, from: PersonId, to: PersonId) -> Vec<Outranking> {
    let mut set = BTreeMap::new();
    rules_set(&copy_routing(config, from, to), &mut set);
    // The rules of `to` the copy leaves as they are (already the same) are its own too.
    for (topic, scope, route) in config.routes.iter() {
        if scope.provider() == Some(to) && from != to {
            set.entry((topic.clone(), scope))
                .or_insert_with(|| Some(route.clone()));
        }
    }
    more_specific(config, &set, |_, _, given| given.cloned())
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
