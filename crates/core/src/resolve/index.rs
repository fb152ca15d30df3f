//! [`RoutingIndex`]: routing answered from a structure compiled once per configuration
//! revision, for the practice server, which routes every incoming message.
//!
//! What is compiled: for every rule that names recipients, whose people are never out of
//! office (so the answer cannot depend on the day), the finished delivery — people list and
//! To: text behind `Arc`s, so answering clones pointers, never allocates. Everything else
//! (the patient chooses, fallbacks, absences) goes through the same walk as
//! [`route`](super::route), so the two always agree; a property test checks that.

use std::collections::HashMap;
use std::sync::Arc;

use super::here::PeopleHere;
use super::walk::{NoTrace, expand, resolve};
use super::{Context, Decision, Outcome, Sender};
use crate::model::{Config, Date, Localized, LocationId, Route, Scope, TopicKey};

/// A configuration compiled for fast, repeated routing.
#[derive(Debug, Clone)]
pub struct RoutingIndex {
    config: Arc<Config>,
    /// Every rule of every enabled topic, by topic then scope: the delivery when it does not
    /// depend on the day, `None` when the answer needs the walk. A scope missing here has no
    /// rule (inherits).
    rules: HashMap<TopicKey, HashMap<Scope, Option<Outcome>>>,
    /// Who patients may pick at each location, for the answers that are not precomputed.
    here: PeopleHere,
    /// The locations answered from `rules`: for each, whether each kind of sender may write
    /// there (by [`sender_slot`]). A location that switches or words a topic its own way is
    /// not here: it is never answered from `rules`.
    gates: HashMap<LocationId, [bool; 3]>,
}

/// The place of `sender` in a location's gate.
fn sender_slot(sender: Sender) -> usize {
    match sender {
        Sender::Patient => 0,
        Sender::Guardian => 1,
        Sender::Guarantor => 2,
    }
}

impl RoutingIndex {
    /// Compiles `config`.
    pub fn build(config: &Config) -> Self {
        let config = Arc::new(config.clone());
        let mut rules: HashMap<TopicKey, HashMap<Scope, Option<Outcome>>> = HashMap::new();
        for topic in config.topics.iter().filter(|t| t.enabled) {
            let to: Arc<Localized> = Arc::new(topic.display_name.clone());
            let of_topic = rules.entry(topic.key.clone()).or_default();
            for (scope, route) in config.routes.of_topic(&topic.key) {
                // Every rule is noted (the walk stops at the first); only some are answered.
                of_topic.insert(scope, None);
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
                let people = expand(
                    &config,
                    None,
                    list.as_slice().iter().copied(),
                    Date::EPOCH,
                    &mut NoTrace,
                );
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
                of_topic.insert(scope, Some(outcome));
            }
        }
        let here = PeopleHere::of(&config);
        let gates = config
            .locations
            .values()
            .filter(|location| location.settings.topics.is_empty())
            .map(|location| {
                let open = |sender| {
                    let context = Context {
                        location: location.id,
                        provider: None,
                        care_team: Vec::new(),
                        sender,
                    };
                    super::closed_here(&config, &context).is_none()
                };
                let gate = [Sender::Patient, Sender::Guardian, Sender::Guarantor].map(open);
                (location.id, gate)
            })
            .collect();
        Self {
            config,
            rules,
            here,
            gates,
        }
    }

    /// The configuration this index answers for.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The same answer as [`route`](super::route) on the compiled configuration.
    pub fn route(&self, context: &Context, topic: &TopicKey, date: Date) -> Outcome {
        // The first scope of the chain with a rule decides (the practice always has one:
        // without a stored rule there the patient chooses, which the walk answers).
        if let Some(gate) = self.gates.get(&context.location)
            && gate[sender_slot(context.sender)]
            && let Some(rules) = self.rules.get(topic)
            && let Some(Some(outcome)) =
                Scope::chain(context.location, context.provider).find_map(|scope| rules.get(&scope))
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
}
