//! [`Before`]: the rows a change may alter (its [`Touched`]), as they were before it, so that
//! [`apply`](super::apply) can put them back when the change as a whole is refused.
//!
//! Putting rows back by value, rather than applying the change's inverse, trusts nothing
//! about the configuration it restores: a configuration that already held something
//! [`apply`](super::apply) refuses (an old version's dangling reference, say) comes back as
//! it was, where re-applying the old value through the checks would be refused in turn.

use crate::model::{
    Config, Group, GroupId, Location, LocationId, Person, PersonId, PracticeName, PracticeSettings,
    Route, Scope, Topic, TopicKey,
};

use super::Touched;

/// The touched rows of a configuration, as they were: `None` for a row that did not exist.
pub(crate) struct Before {
    practice: Option<(PracticeName, bool)>,
    settings: Option<PracticeSettings>,
    /// The whole list when any topic (or the order) is touched: topics are few.
    topics: Option<Vec<Topic>>,
    locations: Vec<(LocationId, Option<Location>)>,
    people: Vec<(PersonId, Option<Person>)>,
    groups: Vec<(GroupId, Option<Group>)>,
    routes: Vec<(TopicKey, Scope, Option<Route>)>,
}

impl Before {
    /// The rows of `config` that `touched` names.
    pub(crate) fn take(config: &Config, touched: &Touched) -> Self {
        Before {
            practice: touched
                .practice
                .then(|| (config.practice_name.clone(), config.demo)),
            settings: touched.settings.then(|| config.settings.clone()),
            topics: (touched.topic_order || !touched.topics.is_empty())
                .then(|| config.topics.clone()),
            locations: touched
                .locations
                .iter()
                .map(|id| (*id, config.locations.get(id).cloned()))
                .collect(),
            people: touched
                .people
                .iter()
                .map(|id| (*id, config.people.get(id).cloned()))
                .collect(),
            groups: touched
                .groups
                .iter()
                .map(|id| (*id, config.groups.get(id).cloned()))
                .collect(),
            routes: touched
                .routes
                .iter()
                .map(|(topic, scope)| {
                    (
                        topic.clone(),
                        *scope,
                        config.routes.stored(topic, *scope).cloned(),
                    )
                })
                .collect(),
        }
    }

    /// Puts the rows back into `config`, which may differ from the one they were taken from
    /// in those rows alone.
    pub(crate) fn restore(self, config: &mut Config) {
        if let Some((name, demo)) = self.practice {
            config.practice_name = name;
            config.demo = demo;
        }
        if let Some(settings) = self.settings {
            config.settings = settings;
        }
        if let Some(topics) = self.topics {
            config.topics = topics;
        }
        put_back(&mut config.locations, self.locations);
        put_back(&mut config.people, self.people);
        put_back(&mut config.groups, self.groups);
        for (topic, scope, route) in self.routes {
            config.routes.set(&topic, scope, route);
        }
    }
}

fn put_back<K: Ord, V>(map: &mut std::collections::BTreeMap<K, V>, rows: Vec<(K, Option<V>)>) {
    for (key, row) in rows {
        match row {
            Some(row) => map.insert(key, row),
            None => map.remove(&key),
        };
    }
}
