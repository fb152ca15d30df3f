//! The resolution walk itself, reporting each step to a [`Trace`]: [`route`](super::route)
//! passes one that ignores everything, `explain` one that writes sentences, and the validator
//! one that collects what went wrong.

use std::borrow::Cow;
use std::sync::Arc;

use rustc_hash::FxHashSet;

use super::here::{PeopleHere, people_here};
use super::{
    Closed, Context, Decision, FallbackReason, MAX_DELEGATION_HOPS, Outcome, choose_text,
    closed_here, closed_text,
};
use crate::model::{
    Config, Date, GroupId, PersonId, ProviderChoice, Recipient, Route, Scope, TopicKey,
};

/// Why a person named by a rule does not receive the message.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The id names nobody (the person was removed).
    Missing,
    Inactive,
    Unavailable,
    /// Out of office with no delegate.
    AbsentWithoutDelegate,
    /// Out of office, and following delegates went past the hop limit.
    TooManyHops,
    /// Out of office, and the delegation leads back to someone already in the chain.
    Cycle,
}

/// One step of a resolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Event<'a> {
    Closed(Closed),
    /// The rule that decided.
    Rule {
        scope: Scope,
        route: &'a Route,
    },
    /// No rule at any scope: the patient chooses.
    NoRule,
    /// A group stood for these members.
    Group {
        group: GroupId,
        members: &'a [PersonId],
    },
    EmptyGroup {
        group: GroupId,
    },
    MissingGroup {
        group: GroupId,
    },
    Dropped {
        person: PersonId,
        why: DropReason,
    },
    /// `person` is away until `until`; `delegate` receives instead.
    Delegated {
        person: PersonId,
        until: Date,
        delegate: Recipient,
    },
    /// The people the patient may choose from, before filtering.
    Choices {
        choice: ProviderChoice,
        candidates: &'a [PersonId],
    },
    Fallback {
        inbox: Recipient,
        reason: FallbackReason,
    },
    /// Everyone who reads the fallback inbox is away with nobody standing in: the inbox
    /// keeps the message for these readers.
    Held {
        people: &'a [PersonId],
    },
    Done {
        outcome: &'a Outcome,
    },
}

/// Receives the steps of a resolution.
pub(crate) trait Trace {
    fn event(&mut self, event: Event<'_>);
}

/// Ignores every step (plain routing).
pub(crate) struct NoTrace;

impl Trace for NoTrace {
    #[inline]
    fn event(&mut self, _: Event<'_>) {}
}

/// Resolves `topic` for `context` on `date`, reporting each step to `trace`.
pub(crate) fn resolve(
    config: &Config,
    context: &Context,
    topic: &TopicKey,
    date: Date,
    here: Option<&PeopleHere>,
    trace: &mut impl Trace,
) -> Outcome {
    let closed = closed_here(config, context).or_else(|| {
        (!config.topic_enabled_at(context.location, topic)).then_some(Closed::TopicOff)
    });
    if let Some(reason) = closed {
        trace.event(Event::Closed(reason));
        let outcome = Outcome {
            decision: Decision::Closed { reason },
            rule: None,
            to: Arc::new(closed_text(reason)),
        };
        trace.event(Event::Done { outcome: &outcome });
        return outcome;
    }

    let rule = Scope::chain(context.location, context.provider)
        .find_map(|scope| config.routes.get(topic, scope).map(|route| (scope, route)));
    resolve_by(config, context, topic, rule, date, here, trace)
}

/// [`resolve`] once the message is known to be open (not closed here, the topic enabled) and
/// `rule` is the first rule of the context's scope chain (`None`: none at any scope).
fn resolve_by(
    config: &Config,
    context: &Context,
    topic: &TopicKey,
    rule: Option<(Scope, &Route)>,
    date: Date,
    here: Option<&PeopleHere>,
    trace: &mut impl Trace,
) -> Outcome {
    let decided = decide_by(config, context, rule, date, here, trace);
    let to = match decided {
        Decided::Chooses { .. } => choose_text(),
        Decided::Deliver(_) | Decided::Fallback { .. } => config
            .display_name_at(context.location, topic)
            .cloned()
            .unwrap_or_default(),
    };
    let decision = match decided {
        Decided::Deliver(people) => Decision::Deliver {
            people: people.into(),
        },
        Decided::Chooses { choice, choices } => Decision::PatientChooses {
            choice,
            choices: choices.into(),
        },
        Decided::Fallback {
            inbox,
            people,
            reason,
        } => Decision::FallbackInbox {
            inbox,
            people: people.into(),
            reason,
        },
    };
    let outcome = Outcome {
        decision,
        rule: rule.map(|(scope, _)| scope),
        to: Arc::new(to),
    };
    trace.event(Event::Done { outcome: &outcome });
    outcome
}

/// What the walk of an open message decides, before [`resolve_by`] makes it an [`Outcome`]:
/// the validator reads only the steps, and would pay for an outcome's shared lists and To:
/// text on every one of its many thousands of walks.
pub(crate) enum Decided {
    Deliver(Vec<PersonId>),
    Chooses {
        choice: ProviderChoice,
        choices: Vec<PersonId>,
    },
    Fallback {
        inbox: Recipient,
        people: Vec<PersonId>,
        reason: FallbackReason,
    },
}

/// The walk of [`resolve_by`], reporting each step to `trace` but the last
/// ([`Event::Done`], which needs the outcome).
pub(crate) fn decide_by(
    config: &Config,
    context: &Context,
    rule: Option<(Scope, &Route)>,
    date: Date,
    here: Option<&PeopleHere>,
    trace: &mut impl Trace,
) -> Decided {
    match rule {
        Some((scope, route @ Route::Recipients(list))) => {
            trace.event(Event::Rule { scope, route });
            let people = expand(config, here, list.as_slice().iter().copied(), date, trace);
            if people.is_empty() {
                fallback(
                    config,
                    here,
                    context,
                    date,
                    FallbackReason::NobodyLeft,
                    trace,
                )
            } else {
                Decided::Deliver(people)
            }
        }
        Some((scope, route @ Route::PatientChooses)) => {
            trace.event(Event::Rule { scope, route });
            choose(config, context, date, here, trace)
        }
        None => {
            trace.event(Event::NoRule);
            choose(config, context, date, here, trace)
        }
    }
}

fn choose(
    config: &Config,
    context: &Context,
    date: Date,
    here: Option<&PeopleHere>,
    trace: &mut impl Trace,
) -> Decided {
    let settings = config.settings_at(Some(context.location));
    let choice = *settings.provider_choice();
    // Borrowed where the list exists already: copying everyone at a location for each walk
    // is most of what a walk allocates.
    let candidates: Cow<'_, [PersonId]> = match choice {
        ProviderChoice::CareTeamOnly => Cow::Borrowed(&context.care_team),
        ProviderChoice::SelectedUsers => match here.and_then(|here| here.at(context.location)) {
            Some(people) => Cow::Borrowed(people),
            None => Cow::Owned(people_here(config, context.location)),
        },
    };
    trace.event(Event::Choices {
        choice,
        candidates: &candidates,
    });
    let recipients = candidates.iter().copied().map(Recipient::Person);
    let choices = expand(config, here, recipients, date, trace);
    if choices.is_empty() {
        fallback(config, here, context, date, FallbackReason::NoChoice, trace)
    } else {
        Decided::Chooses { choice, choices }
    }
}

fn fallback(
    config: &Config,
    here: Option<&PeopleHere>,
    context: &Context,
    date: Date,
    reason: FallbackReason,
    trace: &mut impl Trace,
) -> Decided {
    let inbox = *config.settings_at(Some(context.location)).fallback_inbox();
    trace.event(Event::Fallback { inbox, reason });
    let mut people = expand(config, here, [inbox], date, trace);
    if people.is_empty() {
        // An inbox is read when its readers are back: it never drops a message (`apply`
        // keeps every fallback inbox with at least one reader).
        people = crate::change::inbox_readers(config, inbox)
            .map(|person| person.id)
            .collect();
        trace.event(Event::Held { people: &people });
    }
    Decided::Fallback {
        inbox,
        people,
        reason,
    }
}

/// The people `recipients` stand for on `date`: groups expanded, first occurrence kept,
/// inactive and unavailable people dropped, absent people replaced by their delegates.
pub(crate) fn expand(
    config: &Config,
    here: Option<&PeopleHere>,
    recipients: impl IntoIterator<Item = Recipient>,
    date: Date,
    trace: &mut impl Trace,
) -> Vec<PersonId> {
    let people = People { config, here };
    let mut out = Picked::default();
    let mut chain = Vec::new();
    for recipient in recipients {
        for person in people.members(recipient, trace) {
            people.add(*person, date, 0, &mut chain, &mut out, trace);
        }
    }
    out.order
}

/// The people picked so far, in order, each once. Most rules name a handful, checked by a
/// scan; "the patient chooses from everyone at this location" names everyone who works there
/// (a hundred in a large practice), where scanning for each made the walk quadratic: past
/// [`Picked::SCAN`] people a set remembers who is in.
#[derive(Default)]
struct Picked {
    order: Vec<PersonId>,
    seen: FxHashSet<PersonId>,
}

impl Picked {
    const SCAN: usize = 16;

    fn push(&mut self, id: PersonId) {
        if self.order.len() < Self::SCAN {
            if self.order.contains(&id) {
                return;
            }
        } else {
            if self.seen.is_empty() {
                self.seen.extend(self.order.iter().copied());
            }
            if !self.seen.insert(id) {
                return;
            }
        }
        self.order.push(id);
    }
}

/// Who is who during a walk: the directory, and when the caller resolves many messages, its
/// [`PeopleHere`] with each person's standing in a hash table (a lookup in the directory's
/// ordered map descends a tree that deepens as the practice grows).
#[derive(Clone, Copy)]
struct People<'c> {
    config: &'c Config,
    here: Option<&'c PeopleHere>,
}

impl<'c> People<'c> {
    fn standing(&self, id: PersonId) -> Option<Standing> {
        match self.here {
            Some(here) => here.standing(id),
            None => self.config.person(id).map(Standing::of),
        }
    }

    fn members(&self, recipient: Recipient, trace: &mut impl Trace) -> &'c [PersonId] {
        match recipient {
            Recipient::Person(id) => {
                let members = match self.here {
                    Some(here) => here.person(id),
                    None => self.config.members(recipient),
                };
                if members.is_empty() {
                    trace.event(Event::Dropped {
                        person: id,
                        why: DropReason::Missing,
                    });
                }
                members
            }
            Recipient::Group(group) => match self.config.group(group) {
                None => {
                    trace.event(Event::MissingGroup { group });
                    &[]
                }
                Some(g) if g.members.is_empty() => {
                    trace.event(Event::EmptyGroup { group });
                    &[]
                }
                Some(g) => {
                    trace.event(Event::Group {
                        group,
                        members: &g.members,
                    });
                    &g.members
                }
            },
        }
    }

    fn add<T: Trace>(
        &self,
        id: PersonId,
        date: Date,
        hops: u8,
        chain: &mut Vec<PersonId>,
        out: &mut Picked,
        trace: &mut T,
    ) {
        let drop = |trace: &mut T, why| trace.event(Event::Dropped { person: id, why });
        let Some(person) = self.standing(id) else {
            return drop(trace, DropReason::Missing);
        };
        if !person.active {
            return drop(trace, DropReason::Inactive);
        }
        if !person.available_for_portal {
            return drop(trace, DropReason::Unavailable);
        }
        let Some(away) = person
            .away
            .filter(|away| away.from <= date && date <= away.until)
        else {
            out.push(id);
            return;
        };
        let Some(delegate) = away.delegate else {
            return drop(trace, DropReason::AbsentWithoutDelegate);
        };
        if hops >= MAX_DELEGATION_HOPS {
            return drop(trace, DropReason::TooManyHops);
        }
        trace.event(Event::Delegated {
            person: id,
            until: away.until,
            delegate,
        });
        chain.push(id);
        for next in self.members(delegate, trace) {
            if chain.contains(next) {
                trace.event(Event::Dropped {
                    person: id,
                    why: DropReason::Cycle,
                });
            } else {
                self.add(*next, date, hops + 1, chain, out, trace);
            }
        }
        chain.pop();
    }
}

/// What a walk reads of a person (see [`People`]).
#[derive(Debug, Clone, Copy)]
pub(super) struct Standing {
    pub(super) active: bool,
    pub(super) available_for_portal: bool,
    pub(super) away: Option<Away>,
}

/// An absence, as a walk reads it (the automatic answer left out).
#[derive(Debug, Clone, Copy)]
pub(super) struct Away {
    from: Date,
    until: Date,
    delegate: Option<Recipient>,
}

impl Standing {
    pub(super) fn of(person: &crate::model::Person) -> Self {
        Self {
            active: person.active,
            available_for_portal: person.available_for_portal,
            away: person.out_of_office.as_ref().map(|away| Away {
                from: away.from,
                until: away.until,
                delegate: away.delegate,
            }),
        }
    }
}
