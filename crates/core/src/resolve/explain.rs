//! [`explain`]: the same answer as [`route`](super::route), with the steps that produced it
//! in sentences an admin understands, such as "Appointments for Beverly Crusher, MD's
//! patients at Downtown" → "provider rule → Jane Smith, RN" → "Jane Smith, RN is out of
//! office until 3 Dec → delegate Front Office → Ana Ruiz, Tom Lee".

use serde::{Deserialize, Serialize};

use super::walk::{DropReason, Event, Trace, resolve};
use super::{Closed, Context, Decision, FallbackReason, Outcome, Sender};
use crate::model::{Config, Date, PersonId, ProviderChoice, Recipient, Route, Scope, TopicKey};

/// One sentence of an explanation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub text: String,
}

/// [`route`](super::route)'s answer and how it was reached.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Explanation {
    pub outcome: Outcome,
    /// The first step says what is being routed; the last says where it lands.
    pub steps: Vec<Step>,
}

impl Explanation {
    /// The steps as one line: the first, a colon, then the rest joined by arrows.
    pub fn summary(&self) -> String {
        let mut steps = self.steps.iter().map(|step| step.text.as_str());
        let head = steps.next().unwrap_or_default();
        let rest: Vec<&str> = steps.collect();
        format!("{head}: {}", rest.join(" → "))
    }
}

/// Like [`route`](super::route), and says why.
pub fn explain(config: &Config, context: &Context, topic: &TopicKey, date: Date) -> Explanation {
    let mut writer = Writer {
        config,
        steps: vec![headline(config, context, topic, date)],
    };
    let outcome = resolve(config, context, topic, date, None, &mut writer);
    Explanation {
        outcome,
        steps: writer.steps.into_iter().map(|text| Step { text }).collect(),
    }
}

fn headline(config: &Config, context: &Context, topic: &TopicKey, date: Date) -> String {
    let topic = config
        .topic(topic)
        .map_or_else(|| format!("Topic \"{topic}\""), |t| t.label.en.clone());
    let location = config
        .location(context.location)
        .map_or("an unknown location", |l| l.short_name());
    let whose = match context.provider {
        Some(provider) => format!(
            "{}'s patients",
            config.recipient_name(Recipient::Person(provider))
        ),
        None => "patients with no provider".into(),
    };
    let sender = match context.sender {
        Sender::Patient => "",
        Sender::Guardian => " (written by a guardian)",
        Sender::Guarantor => " (written by a guarantor)",
    };
    format!(
        "{topic} for {whose} at {location} on {}{sender}",
        date.short(true)
    )
}

struct Writer<'c> {
    config: &'c Config,
    steps: Vec<String>,
}

impl Writer<'_> {
    fn person(&self, id: PersonId) -> String {
        self.config.recipient_name(Recipient::Person(id))
    }

    fn people(&self, ids: &[PersonId]) -> String {
        if ids.is_empty() {
            return "nobody".into();
        }
        ids.iter()
            .map(|id| self.person(*id))
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn recipients(&self, list: &[Recipient]) -> String {
        list.iter()
            .map(|r| self.config.recipient_name(*r))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

fn scope_word(scope: Scope) -> &'static str {
    match scope {
        Scope::LocationProvider { .. } => "location + provider rule",
        Scope::Provider { .. } => "provider rule",
        Scope::Location { .. } => "location rule",
        Scope::Practice => "practice rule",
    }
}

impl Trace for Writer<'_> {
    fn event(&mut self, event: Event<'_>) {
        let text = match event {
            Event::Closed(reason) => match reason {
                Closed::MessagingOff => "messaging is switched off at this location".into(),
                Closed::ReplyOnly => {
                    "patients may only reply here, not start a conversation".into()
                }
                Closed::SenderNotAllowed { sender } => format!(
                    "a {} may not write at this location",
                    match sender {
                        Sender::Patient => "patient",
                        Sender::Guardian => "guardian",
                        Sender::Guarantor => "guarantor",
                    }
                ),
                Closed::TopicOff => "this topic is switched off, so patients cannot pick it".into(),
            },
            Event::Rule {
                scope,
                route: Route::Recipients(list),
            } => format!(
                "{} → {}",
                scope_word(scope),
                self.recipients(list.as_slice())
            ),
            Event::Rule {
                scope,
                route: Route::PatientChooses,
            } => format!("{} → the patient chooses", scope_word(scope)),
            Event::NoRule => "no rule at any scope → the patient chooses".into(),
            // Group expansion is told with the step that named the group.
            Event::Group { group, members } => {
                let name = self.config.recipient_name(Recipient::Group(group));
                format!("{name} → {}", self.people(members))
            }
            Event::EmptyGroup { group } => format!(
                "{} has no members",
                self.config.recipient_name(Recipient::Group(group))
            ),
            Event::MissingGroup { group } => format!("group {group} no longer exists"),
            Event::Dropped { person, why } => {
                let name = self.person(person);
                match why {
                    DropReason::Missing => format!("person {person} no longer exists, skipped"),
                    DropReason::Inactive => format!("{name} is inactive, skipped"),
                    DropReason::Unavailable => {
                        format!("{name} is not available for portal messages, skipped")
                    }
                    DropReason::AbsentWithoutDelegate => {
                        format!("{name} is out of office with no delegate, skipped")
                    }
                    DropReason::TooManyHops => format!(
                        "{name} is out of office and delegation went past {} hops, skipped",
                        super::MAX_DELEGATION_HOPS
                    ),
                    DropReason::Cycle => {
                        format!("{name}'s delegation leads back to someone already away, cut")
                    }
                }
            }
            Event::Delegated {
                person,
                until,
                delegate,
            } => format!(
                "{} is out of office until {} → delegate {}",
                self.person(person),
                until.short(false),
                self.config.recipient_name(delegate)
            ),
            Event::Choices { choice, candidates } => match choice {
                ProviderChoice::CareTeamOnly => {
                    format!("care team only → {}", self.people(candidates))
                }
                ProviderChoice::SelectedUsers => format!(
                    "everyone available at this location → {}",
                    self.people(candidates)
                ),
            },
            Event::Fallback { inbox, reason } => format!(
                "{} → fallback inbox {}",
                match reason {
                    FallbackReason::NobodyLeft => "nobody left",
                    FallbackReason::NoChoice => "no one to choose from",
                },
                self.config.recipient_name(inbox)
            ),
            Event::Held { people } => format!(
                "everyone who reads the fallback inbox is away with nobody standing in → it keeps the message for {}",
                self.people(people)
            ),
            Event::Done { outcome } => match &outcome.decision {
                Decision::Deliver { people } => format!("delivered to {}", self.people(people)),
                Decision::PatientChooses { choices, .. } => {
                    format!("the patient chooses from {}", self.people(choices))
                }
                Decision::FallbackInbox { people, .. } => {
                    format!("delivered to {}", self.people(people))
                }
                Decision::Closed { .. } => "not sent".into(),
            },
        };
        self.steps.push(text);
    }
}
