//! [`RoutingIndex`]: routing answered from a structure compiled once per configuration
//! revision, for the practice server, which routes every incoming message.
//!
//! What is compiled: for every rule that names recipients, whose people are never out of
//! office (so the answer cannot depend on the day), the finished delivery — people list and
//! To: text behind `Arc`s, so answering clones pointers, never allocates. Everything else
//! (the patient chooses, fallbacks, absences) goes through the same walk as
//! [`route`](super::route), so the two always agree; a property test checks that.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::walk::{NoTrace, PeopleHere, expand, resolve};
use super::{Context, Decision, Outcome};
use crate::model::{Config, Date, Localized, LocationId, Route, Scope, TopicKey};

/// A configuration compiled for fast, repeated routing.
#[derive(Debug, Clone)]
pub struct RoutingIndex {
    config: Arc<Config>,
    /// Deliveries that do not depend on the day, by topic then scope.
    deliveries: HashMap<TopicKey, HashMap<Scope, Outcome>>,
    /// Who patients may pick at each location, for the answers that are not precomputed.
    here: PeopleHere,
    /// Locations that switch or word a topic their own way: never answered from `deliveries`.
    own_topics: HashSet<LocationId>,
}

impl RoutingIndex {
    /// Compiles `config`.
    pub fn build(config: &Config) -> Self {
        let config = Arc::new(config.clone());
        let mut deliveries: HashMap<TopicKey, HashMap<Scope, Outcome>> = HashMap::new();
        for topic in config.topics.iter().filter(|t| t.enabled) {
            let to: Arc<Localized> = Arc::new(topic.display_name.clone());
            for (scope, route) in config.routes.of_topic(&topic.key) {
                let Route::Recipients(list) = route else {
                    continue;
                };
                let dated = list.as_slice().iter().any(|recipient| {
                    config.members(*recipient).iter().any(|id| {
                        config
                            .person(*id)
                            .is_some_and(|p| p.out_of_office.is_some())
                    })
                });
                if dated {
                    continue;
                }
                // Nobody named is ever away, so any day gives the answer of every day.
                let people = expand(&config, list.as_slice(), Date::EPOCH, &mut NoTrace);
                if people.is_empty() {
                    continue; // the fallback inbox depends on the location
                }
                let outcome = Outcome {
                    decision: Decision::Deliver {
                        people: people.into(),
                    },
                    rule: Some(scope),
                    to: Arc::clone(&to),
                };
                deliveries
                    .entry(topic.key.clone())
                    .or_default()
                    .insert(scope, outcome);
            }
        }
        let here = PeopleHere::of(&config);
        let own_topics = config
            .locations
            .values()
            .filter(|location| !location.settings.topics.is_empty())
            .map(|location| location.id)
            .collect();
        Self {
            config,
            deliveries,
            here,
            own_topics,
        }
    }

    /// The configuration this index answers for.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same answer as [`route`](super::route) on the compiled configuration.
    pub fn route(&self, context: &Context, topic: &TopicKey, date: Date) -> Outcome {
        if let Some(rules) = self.deliveries.get(topic)
            && (self.own_topics.is_empty() || !self.own_topics.contains(&context.location))
            && self.open(context)
            && let Some(scope) = Scope::chain(context.location, context.provider)
                .find(|scope| self.config.routes.get(topic, *scope).is_some())
            && let Some(outcome) = rules.get(&scope)
        {
            return outcome.clone();
        }
        resolve(
            &self.config,
            context,
            topic,
            date,
            Some(&self.here),
            &mut NoTrace,
        )
    }

    /// Whether messaging is open at the context's location for its sender (topics are
    /// checked at build time: only enabled topics have deliveries).
    fn open(&self, context: &Context) -> bool {
        super::closed_here(&self.config, context).is_none()
    }
}
