//! [`Touched`]: the parts of a configuration a change can alter, named without applying it.
//!
//! The store keeps a configuration as rows — the practice, each topic, each location, person
//! and group, each rule (topic, scope) and the practice settings — and writes after an edit
//! only the rows the edit names: [`Change::touches`] is that list. It is read off the change
//! alone (no configuration), so it may name more than actually moved (a field set to the
//! value it had) but never less: [`Touched::between`] lists what does differ between two
//! configurations, and a property test checks that it is always within what the change named.
//!
//! Words: a *topic row* is one topic with its place in the list. `topics` names the topics
//! added, removed or edited; `topic_order` says that places may have moved, so every topic
//! row is to be written again (a topic removed is always named in `topics`).

use std::collections::BTreeSet;

use crate::model::{Config, GroupId, LocationId, PersonId, Scope, TopicKey};

use super::Change;

/// What a change may alter, by row; see the module.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Touched {
    /// The practice's name or whether it is a demo.
    pub practice: bool,
    /// The practice-wide settings.
    pub settings: bool,
    /// Topics added, removed or edited (by key).
    pub topics: BTreeSet<TopicKey>,
    /// Whether the topics' order (their positions) may have changed: every topic row moves.
    pub topic_order: bool,
    pub locations: BTreeSet<LocationId>,
    pub people: BTreeSet<PersonId>,
    pub groups: BTreeSet<GroupId>,
    /// Rules set or cleared, by (topic, scope).
    pub routes: BTreeSet<(TopicKey, Scope)>,
}

impl Touched {
    /// Nothing touched.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    /// Whether the change may alter who reads a fallback inbox: the inboxes are settings
    /// (the practice's and each location's), their readers people and groups.
    pub(crate) fn may_change_readers(&self) -> bool {
        self.settings
            || !self.locations.is_empty()
            || !self.people.is_empty()
            || !self.groups.is_empty()
    }

    /// Adds everything `other` names.
    pub fn extend(&mut self, other: Touched) {
        self.practice |= other.practice;
        self.settings |= other.settings;
        self.topic_order |= other.topic_order;
        self.topics.extend(other.topics);
        self.locations.extend(other.locations);
        self.people.extend(other.people);
        self.groups.extend(other.groups);
        self.routes.extend(other.routes);
    }

    /// Whether everything `self` names is named by `other` too.
    pub fn is_within(&self, other: &Touched) -> bool {
        (!self.practice || other.practice)
            && (!self.settings || other.settings)
            && (!self.topic_order || other.topic_order)
            && self.topics.is_subset(&other.topics)
            && self.locations.is_subset(&other.locations)
            && self.people.is_subset(&other.people)
            && self.groups.is_subset(&other.groups)
            && self.routes.is_subset(&other.routes)
    }

    /// The rows that differ between `before` and `after`: what a writer that compares whole
    /// configurations would write. Costs a walk over both; for tests and for writes that have
    /// no single change to go by.
    pub fn between(before: &Config, after: &Config) -> Touched {
        let mut touched = Touched {
            practice: before.practice_name != after.practice_name || before.demo != after.demo,
            settings: before.settings != after.settings,
            ..Touched::default()
        };
        let keys = |config: &Config| {
            config
                .topics
                .iter()
                .map(|t| t.key.clone())
                .collect::<Vec<_>>()
        };
        let (old_order, new_order) = (keys(before), keys(after));
        // Places moved when a topic that stays has another position.
        touched.topic_order = new_order.iter().enumerate().any(|(at, key)| {
            old_order
                .iter()
                .position(|old| old == key)
                .is_some_and(|was| was != at)
        });
        for topic in &before.topics {
            if after.topic(&topic.key) != Some(topic) {
                touched.topics.insert(topic.key.clone());
            }
        }
        for topic in &after.topics {
            if before.topic(&topic.key) != Some(topic) {
                touched.topics.insert(topic.key.clone());
            }
        }
        touched.locations = differing(&before.locations, &after.locations);
        touched.people = differing(&before.people, &after.people);
        touched.groups = differing(&before.groups, &after.groups);
        let rules = |config: &Config| {
            config
                .routes
                .iter()
                .map(|(topic, scope, route)| ((topic.clone(), scope), route.clone()))
                .collect::<std::collections::BTreeMap<_, _>>()
        };
        touched.routes = differing(&rules(before), &rules(after));
        touched
    }
}

/// The keys whose values differ (or are present on one side only).
fn differing<K: Ord + Clone, V: PartialEq>(
    before: &std::collections::BTreeMap<K, V>,
    after: &std::collections::BTreeMap<K, V>,
) -> BTreeSet<K> {
    let changed = before
        .iter()
        .filter(|(key, value)| after.get(key) != Some(value))
        .map(|(key, _)| key.clone());
    let added = after
        .keys()
        .filter(|key| !before.contains_key(key))
        .cloned();
    changed.chain(added).collect()
}

impl Change {
    /// The rows this change may alter, whether or not it applies (see the module). A refused
    /// change alters nothing; an applied one alters nothing outside this.
    pub fn touches(&self) -> Touched {
        let mut touched = Touched::default();
        self.collect_touched(&mut touched);
        touched
    }

    fn collect_touched(&self, touched: &mut Touched) {
        let rules = |touched: &mut Touched, rules: &[crate::model::RouteRule]| {
            touched
                .routes
                .extend(rules.iter().map(|rule| (rule.topic.clone(), rule.scope)));
        };
        match self {
            Change::SetTopicEnabled { topic, .. } | Change::SetTopicText { topic, .. } => {
                touched.topics.insert(topic.clone());
            }
            Change::AddTopic {
                topic,
                rules: carried,
                ..
            }
            | Change::RemoveTopic {
                topic,
                rules: carried,
                ..
            } => {
                // The topics after it move one place.
                touched.topics.insert(topic.key.clone());
                touched.topic_order = true;
                rules(touched, carried);
            }
            Change::ReorderTopics { expected, value } => {
                touched.topics.extend(expected.iter().chain(value).cloned());
                touched.topic_order = true;
            }
            Change::SetTopics {
                expected,
                value,
                removed_rules,
                restored_rules,
            } => {
                touched
                    .topics
                    .extend(expected.iter().chain(value).map(|t| t.key.clone()));
                touched.topic_order = true;
                rules(touched, removed_rules);
                rules(touched, restored_rules);
            }
            Change::SetPracticeName { .. } | Change::SetDemo { .. } => touched.practice = true,
            Change::AddLocation { location } | Change::RemoveLocation { location } => {
                touched.locations.insert(location.id);
            }
            Change::SetLocationField { location, .. }
            | Change::SetLocationSetting { location, .. }
            | Change::SetLocationTopic { location, .. } => {
                touched.locations.insert(*location);
            }
            Change::AddPerson { person } | Change::RemovePerson { person } => {
                touched.people.insert(person.id);
            }
            Change::SetPersonField { person, .. } => {
                touched.people.insert(*person);
            }
            Change::AddGroup { group } | Change::RemoveGroup { group } => {
                touched.groups.insert(group.id);
            }
            Change::SetGroupField { group, .. } => {
                touched.groups.insert(*group);
            }
            Change::SetRoute { topic, scope, .. } => {
                touched.routes.insert((topic.clone(), *scope));
            }
            Change::SetPracticeSetting { .. } => touched.settings = true,
            Change::Batch { changes } => {
                for change in changes {
                    change.collect_touched(touched);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_practice;
    use crate::model::{LocationField, Route};

    #[test]
    fn a_rule_names_its_topic_and_scope_only() {
        let config = demo_practice();
        let topic = config.topics[0].key.clone();
        let location = *config
            .locations
            .keys()
            .next()
            .expect("the demo has locations");
        let scope = Scope::Location { location };
        let change = Change::SetRoute {
            topic: topic.clone(),
            scope,
            expected: None,
            value: Some(Route::PatientChooses),
        };
        assert_eq!(
            change.touches(),
            Touched {
                routes: [(topic, scope)].into_iter().collect(),
                ..Touched::default()
            },
            "a rule set at a location writes that rule's row and nothing else"
        );
    }

    #[test]
    fn a_batch_names_the_union_of_its_parts() {
        let config = demo_practice();
        let location = config.locations.values().next().expect("a location");
        let topic = &config.topics[1];
        let change = Change::Batch {
            changes: vec![
                Change::SetLocationField {
                    location: location.id,
                    expected: LocationField::Phone(location.phone.clone()),
                    value: LocationField::Phone("555-0100".into()),
                },
                Change::SetTopicEnabled {
                    topic: topic.key.clone(),
                    expected: topic.enabled,
                    value: !topic.enabled,
                },
            ],
        };
        let touched = change.touches();
        assert_eq!(
            touched.locations,
            [location.id].into_iter().collect(),
            "the batch's location field names the location"
        );
        assert_eq!(
            touched.topics,
            [topic.key.clone()].into_iter().collect(),
            "the batch's topic switch names the topic"
        );
        assert!(
            !touched.topic_order && !touched.practice && !touched.settings,
            "nothing else is named: {touched:?}"
        );
    }

    #[test]
    fn moving_topics_names_their_order() {
        let config = demo_practice();
        let keys: Vec<TopicKey> = config.topics.iter().map(|t| t.key.clone()).collect();
        let mut value = keys.clone();
        value.reverse();
        let change = Change::ReorderTopics {
            expected: keys,
            value,
        };
        assert!(
            change.touches().topic_order,
            "a reorder moves every topic's place"
        );
    }

    #[test]
    fn between_finds_what_apply_changed_and_nothing_else() {
        let before = demo_practice();
        let location = before.locations.values().next().expect("a location");
        let change = Change::SetLocationField {
            location: location.id,
            expected: LocationField::Phone(location.phone.clone()),
            value: LocationField::Phone("555-0199".into()),
        };
        let mut after = before.clone();
        crate::apply(&mut after, &change).expect("the phone changes");
        assert_eq!(
            Touched::between(&before, &after),
            change.touches(),
            "a phone change differs in exactly its location's row"
        );
        assert!(
            Touched::between(&before, &before).is_empty(),
            "a configuration does not differ from itself"
        );
    }

    #[test]
    fn within_needs_a_named_order_for_moved_places() {
        let moved = Touched {
            topic_order: true,
            ..Touched::default()
        };
        let one = Touched {
            topics: [TopicKey("billing".into())].into_iter().collect(),
            ..Touched::default()
        };
        assert!(
            !moved.is_within(&one),
            "moved places are not within a change that names one topic and no order"
        );
        assert!(
            !one.is_within(&moved),
            "an edited topic must be named even when the order is"
        );
        let mut both = one.clone();
        both.extend(moved.clone());
        assert!(
            one.is_within(&both) && moved.is_within(&both),
            "the union names both"
        );
    }
}
