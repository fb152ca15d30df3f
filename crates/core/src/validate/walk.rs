//! The validator's walk: which problems one resolution meets, and the practice-wide checks.

use super::roster::Names;
#[cfg(test)]
use super::roster::add_name;
use super::{Place, Problem};
#[cfg(test)]
use crate::model::TopicKey;
use crate::model::{Config, Date, Recipient, Route, Scope};
use crate::resolve::{Context, Event, PeopleHere, Trace, decide_by, expand};

/// [`breakpoints_of`] every absence in the directory (the validator reads them from its
/// roster instead, in its one pass over the directory).
#[cfg(test)]
pub(super) fn breakpoints(config: &Config, from: Date, to: Date) -> Vec<Date> {
    let absences = config
        .people
        .values()
        .filter_map(|p| p.out_of_office.as_ref())
        .map(|away| (away.from, away.until));
    breakpoints_of(absences, from, to)
}

/// The days of `from..=to` on which one of `absences` (first and last day) starts or ends,
/// and `from` itself: between two of them every answer stays the same.
pub(super) fn breakpoints_of(
    absences: impl IntoIterator<Item = (Date, Date)>,
    from: Date,
    to: Date,
) -> Vec<Date> {
    let mut days = vec![from];
    for (first, last) in absences {
        for day in [first, last.add_days(1)] {
            if from < day && day <= to {
                days.push(day);
            }
        }
    }
    days.sort();
    days.dedup();
    days
}

/// Collects what goes wrong in one resolution, up to the fallback (whose own health is a
/// practice-wide check): each problem with the scope of the rule it is met under (`None`: no
/// rule), the place being that rule of the resolution's topic.
#[derive(Default)]
struct Problems {
    scope: Option<Scope>,
    found: Vec<(Option<Scope>, Problem)>,
    in_fallback: bool,
}

impl Problems {
    fn push(&mut self, problem: Problem) {
        let scope = self.scope;
        if !self.found.iter().any(|(s, q)| *s == scope && *q == problem) {
            self.found.push((scope, problem));
        }
    }
}

impl Trace for Problems {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Rule { scope, .. } => self.scope = Some(scope),
            Event::Fallback { reason, .. } => {
                self.push(Problem::LandsInFallback { reason });
                self.in_fallback = true;
            }
            _ if self.in_fallback => {}
            Event::Dropped { person, why } => self.push(Problem::Drops { person, why }),
            Event::EmptyGroup { group } => self.push(Problem::EmptyGroup { group }),
            Event::MissingGroup { group } => self.push(Problem::MissingGroup { group }),
            Event::Closed(_)
            | Event::NoRule
            | Event::Group { .. }
            | Event::Delegated { .. }
            | Event::Choices { .. }
            | Event::Held { .. }
            | Event::Done { .. } => {}
        }
    }
}

/// The problems the message of `context` on `topic` meets on `date`.
#[cfg(test)]
pub(super) fn problems(
    config: &Config,
    here: &PeopleHere,
    context: &Context,
    topic: &TopicKey,
    date: Date,
) -> Vec<(Place, Problem)> {
    let mut trace = Problems::default();
    crate::resolve::resolve(config, context, topic, date, Some(here), &mut trace);
    trace
        .found
        .into_iter()
        .map(|(scope, problem)| {
            let topic = topic.clone();
            (Place::Rule { topic, scope }, problem)
        })
        .collect()
}

/// [`problems`] of a message known to be open (its location open to patients, its topic
/// enabled there) whose first rule on the scope chain is `rule`, each with the scope of the
/// rule (of the message's topic) it is met under.
pub(super) fn problems_by(
    config: &Config,
    here: &PeopleHere,
    context: &Context,
    rule: Option<(Scope, &Route)>,
    date: Date,
) -> Vec<(Option<Scope>, Problem)> {
    let mut trace = Problems::default();
    decide_by(config, context, rule, date, Some(here), &mut trace);
    trace.found
}

struct Ignore;

impl Trace for Ignore {
    fn event(&mut self, _: Event<'_>) {}
}

/// [`practice_problems_by`] with the names gathered from the directory here (the validator
/// gathers them in its roster, in its one pass over the directory).
#[cfg(test)]
pub(super) fn practice_problems(config: &Config, days: &[Date]) -> Vec<(Place, Problem, Date)> {
    let mut names = Names::new();
    for person in config.people.values() {
        add_name(&mut names, person);
    }
    practice_problems_by(config, days, names)
}

/// Fallback inboxes, duplicate names and topics: the checks not tied to one cell, given the
/// names people show at each location (see [`Roster`]).
///
/// [`Roster`]: super::roster::Roster
pub(super) fn practice_problems_by(
    config: &Config,
    days: &[Date],
    mut by_location: Names,
) -> Vec<(Place, Problem, Date)> {
    let mut found = Vec::new();
    let first = days.first().copied();
    let mut inbox = |place: Place, inbox: Recipient| {
        if !config.has_recipient(inbox) {
            found.extend(first.map(|day| (place, Problem::FallbackInboxMissing { inbox }, day)));
            return;
        }
        if let Some(day) = days
            .iter()
            .find(|day| expand(config, None, [inbox], **day, &mut Ignore).is_empty())
        {
            found.push((place, Problem::FallbackInboxUnreachable { inbox }, *day));
        }
    };
    inbox(Place::Practice, config.settings.fallback_inbox);
    for location in config.locations.values() {
        if let Some(own) = location.settings.fallback_inbox {
            inbox(
                Place::Location {
                    location: location.id,
                },
                own,
            );
        }
    }

    for location in config.locations.values() {
        let names = by_location.remove(&location.id).unwrap_or_default();
        for people in names.into_values().filter(|people| people.len() > 1) {
            let name = config.recipient_name(Recipient::Person(people[0]));
            found.extend(first.map(|day| {
                (
                    Place::Location {
                        location: location.id,
                    },
                    Problem::DuplicateName { name, people },
                    day,
                )
            }));
        }
    }

    let messaging_on = config.settings.messaging_enabled
        || config
            .locations
            .values()
            .any(|l| l.settings.messaging_enabled == Some(true));
    if messaging_on && !config.topics.iter().any(|t| t.enabled) {
        found.extend(first.map(|day| (Place::Practice, Problem::NoTopicEnabled, day)));
    }
    found
}
