//! Routes: who receives a topic, at four scopes.
//!
//! Words: a *scope* is where a rule applies — a provider at one location, a provider
//! everywhere, a location, or the whole practice; scopes are ordered most specific first
//! (the derived `Ord`). A *route* is Recipients (a non-empty ordered list) or PatientChooses;
//! the absence of a rule at a scope is *Inherit*. The practice scope never inherits: its rule
//! is PatientChooses unless it lists recipients. That has one encoding — the table stores no
//! practice-wide PatientChooses, and [`RouteTable::get`] answers PatientChooses for a practice
//! scope without a stored rule — so every reader sees the practice rule, and "clear the
//! practice rule" and "the patient chooses" are the same edit.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{LocationId, PersonId, Recipient, TopicKey};

/// Where a rule applies. Ordered most specific first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Scope {
    /// Patients of `provider` at `location`.
    LocationProvider {
        location: LocationId,
        provider: PersonId,
    },
    /// Patients of `provider`, wherever they are seen.
    Provider { provider: PersonId },
    /// Patients at `location`, whoever their provider.
    Location { location: LocationId },
    /// Everyone.
    Practice,
}

impl Scope {
    /// The scopes that may apply to a patient of `provider` at `location`, most specific first.
    pub fn chain(location: LocationId, provider: Option<PersonId>) -> impl Iterator<Item = Scope> {
        let with_provider = provider.map(|provider| {
            [
                Scope::LocationProvider { location, provider },
                Scope::Provider { provider },
            ]
        });
        with_provider
            .into_iter()
            .flatten()
            .chain([Scope::Location { location }, Scope::Practice])
    }

    /// Whether this scope is in the chain of the cell at `location` for `provider`
    /// ([`Scope::chain`]), without walking it.
    pub fn in_chain(self, location: LocationId, provider: Option<PersonId>) -> bool {
        match self {
            Scope::LocationProvider {
                location: at,
                provider: who,
            } => at == location && provider == Some(who),
            Scope::Provider { provider: who } => provider == Some(who),
            Scope::Location { location: at } => at == location,
            Scope::Practice => true,
        }
    }

    /// The location this scope names, if any.
    pub fn location(self) -> Option<LocationId> {
        match self {
            Scope::LocationProvider { location, .. } | Scope::Location { location } => {
                Some(location)
            }
            Scope::Provider { .. } | Scope::Practice => None,
        }
    }

    /// The provider this scope names, if any.
    pub fn provider(self) -> Option<PersonId> {
        match self {
            Scope::LocationProvider { provider, .. } | Scope::Provider { provider } => {
                Some(provider)
            }
            Scope::Location { .. } | Scope::Practice => None,
        }
    }
}

/// A non-empty ordered list of recipients. An empty list is not a state.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "Vec<Recipient>", into = "Vec<Recipient>")]
pub struct RecipientList(Vec<Recipient>);

/// Why a list cannot be a route's recipients.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "A route needs at least one recipient. Add a person or a group, or let the patient choose."
)]
pub struct EmptyRecipients;

impl RecipientList {
    /// The list, unless it is empty.
    pub fn new(recipients: Vec<Recipient>) -> Option<Self> {
        (!recipients.is_empty()).then_some(Self(recipients))
    }

    /// A list of one.
    pub fn one(recipient: Recipient) -> Self {
        Self(vec![recipient])
    }

    pub fn as_slice(&self) -> &[Recipient] {
        &self.0
    }
}

impl TryFrom<Vec<Recipient>> for RecipientList {
    type Error = EmptyRecipients;

    fn try_from(recipients: Vec<Recipient>) -> Result<Self, EmptyRecipients> {
        Self::new(recipients).ok_or(EmptyRecipients)
    }
}

impl From<RecipientList> for Vec<Recipient> {
    fn from(list: RecipientList) -> Self {
        list.0
    }
}

/// Who receives a topic at one scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "recipients", rename_all = "snake_case")]
pub enum Route {
    /// Everyone listed receives the message, in this display order.
    Recipients(RecipientList),
    /// The patient picks a provider.
    PatientChooses,
}

/// One rule as it travels: topic, scope and route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteRule {
    pub topic: TopicKey,
    pub scope: Scope,
    pub route: Route,
}

impl RouteRule {
    /// Whether a table keeps this rule: a practice-wide PatientChooses is kept as no rule.
    pub(crate) fn is_stored(&self) -> bool {
        is_stored(self.scope, &self.route)
    }
}

fn is_stored(scope: Scope, route: &Route) -> bool {
    !(scope == Scope::Practice && *route == Route::PatientChooses)
}

/// Every rule, by topic then scope. Serialises as a sorted list of [`RouteRule`]s.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "Vec<RouteRule>", into = "Vec<RouteRule>")]
pub struct RouteTable(BTreeMap<TopicKey, BTreeMap<Scope, Route>>);

impl RouteTable {
    /// The rule for `topic` at `scope`; `None` means Inherit. Never `None` for the practice
    /// scope: without recipients there, the patient chooses.
    pub fn get(&self, topic: &TopicKey, scope: Scope) -> Option<&Route> {
        static CHOOSES: Route = Route::PatientChooses;
        let stored = self.stored(topic, scope);
        match scope {
            Scope::Practice => stored.or(Some(&CHOOSES)),
            _ => stored,
        }
    }

    /// The rule as the table keeps it: `None` for a practice scope where the patient chooses.
    pub fn stored(&self, topic: &TopicKey, scope: Scope) -> Option<&Route> {
        self.0.get(topic)?.get(&scope)
    }

    /// The rules of one topic, most specific scope first.
    pub fn of_topic(&self, topic: &TopicKey) -> impl Iterator<Item = (Scope, &Route)> {
        self.0
            .get(topic)
            .into_iter()
            .flatten()
            .map(|(scope, route)| (*scope, route))
    }

    /// The rules of `topic` as they travel (a removed topic carries them), most specific
    /// scope first.
    pub fn rules_of(&self, topic: &TopicKey) -> Vec<RouteRule> {
        self.of_topic(topic)
            .map(|(scope, route)| RouteRule {
                topic: topic.clone(),
                scope,
                route: route.clone(),
            })
            .collect()
    }

    /// Every rule.
    pub fn iter(&self) -> impl Iterator<Item = (&TopicKey, Scope, &Route)> {
        self.0.iter().flat_map(|(topic, rules)| {
            rules
                .iter()
                .map(move |(scope, route)| (topic, *scope, route))
        })
    }

    /// The rules (topic and scope) that differ between `self` and `other`: set in one and not
    /// the other, or set differently.
    pub fn rules_differing(&self, other: &RouteTable) -> BTreeSet<(TopicKey, Scope)> {
        let empty = BTreeMap::new();
        let mut differing = BTreeSet::new();
        for topic in self.0.keys().chain(other.0.keys()) {
            let (mine, theirs) = (
                self.0.get(topic).unwrap_or(&empty),
                other.0.get(topic).unwrap_or(&empty),
            );
            if mine == theirs {
                continue;
            }
            for scope in mine.keys().chain(theirs.keys()) {
                if mine.get(scope) != theirs.get(scope) {
                    differing.insert((topic.clone(), *scope));
                }
            }
        }
        differing
    }

    /// How many rules there are.
    pub fn len(&self) -> usize {
        self.0.values().map(BTreeMap::len).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sets (`Some`) or removes (`None`) a rule and returns the one it replaces, as stored. A
    /// practice-wide PatientChooses is stored as no rule (see the module's words).
    pub(crate) fn set(
        &mut self,
        topic: &TopicKey,
        scope: Scope,
        route: Option<Route>,
    ) -> Option<Route> {
        match route.filter(|route| is_stored(scope, route)) {
            Some(route) => self
                .0
                .entry(topic.clone())
                .or_default()
                .insert(scope, route),
            None => {
                let rules = self.0.get_mut(topic)?;
                let old = rules.remove(&scope);
                if rules.is_empty() {
                    self.0.remove(topic);
                }
                old
            }
        }
    }
}

impl From<Vec<RouteRule>> for RouteTable {
    fn from(rules: Vec<RouteRule>) -> Self {
        let mut table = RouteTable::default();
        for rule in rules {
            table.set(&rule.topic, rule.scope, Some(rule.route));
        }
        table
    }
}

impl From<RouteTable> for Vec<RouteRule> {
    fn from(table: RouteTable) -> Self {
        table
            .0
            .into_iter()
            .flat_map(|(topic, rules)| {
                rules.into_iter().map(move |(scope, route)| RouteRule {
                    topic: topic.clone(),
                    scope,
                    route,
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(n: u128) -> Recipient {
        Recipient::Person(PersonId::from_u128(n))
    }

    #[test]
    fn the_practice_rule_has_one_encoding() {
        let topic = TopicKey::new("general");
        let to_someone = Route::Recipients(RecipientList::new(vec![person(1)]).expect("one"));
        let mut table = RouteTable::default();
        assert_eq!(
            table.get(&topic, Scope::Practice),
            Some(&Route::PatientChooses),
            "no practice rule: the patient chooses"
        );
        table.set(&topic, Scope::Practice, Some(to_someone.clone()));
        assert_eq!(table.get(&topic, Scope::Practice), Some(&to_someone));
        table.set(&topic, Scope::Practice, Some(Route::PatientChooses));
        assert_eq!(
            table,
            RouteTable::default(),
            "a practice-wide PatientChooses is stored as no rule"
        );
        let provider = Scope::Provider {
            provider: PersonId::from_u128(2),
        };
        table.set(&topic, provider, Some(Route::PatientChooses));
        assert_eq!(
            table.get(&topic, provider),
            Some(&Route::PatientChooses),
            "below the practice, PatientChooses is a rule of its own"
        );
        assert_eq!(table.len(), 1);
        let read: RouteTable = vec![RouteRule {
            topic: topic.clone(),
            scope: Scope::Practice,
            route: Route::PatientChooses,
        }]
        .into();
        assert_eq!(
            read,
            RouteTable::default(),
            "a document written before the rule reads the same way"
        );
    }
}
