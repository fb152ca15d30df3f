//! [`validate`]: the routes that do not work, over a window of days.
//!
//! Words: a *cell* is a kind of patient at a location — the patients of one provider who
//! works there, or the patients with no provider. For every location, every active provider
//! who works there plus "no provider", and every enabled topic, the validator resolves the
//! message on each day of the window where someone's absence starts or ends (the answer only
//! changes on those days), with the care team being the provider alone. It reports a
//! [`Finding`] exactly when that resolution
//!
//! - lands in the fallback inbox ([`Problem::LandsInFallback`]);
//! - drops someone the rule relies on: inactive, unavailable, removed, out of office with no
//!   delegate, or lost in a too-long or circular delegation ([`Problem::Drops`]; the person
//!   named is the one who is dropped: for a long chain, the one away when the hop limit is used
//!   up, for a circle, the one whose delegate leads back into the chain);
//! - meets an empty or removed group ([`Problem::EmptyGroup`], [`Problem::MissingGroup`]);
//!
//! plus, for the configuration as a whole: a fallback inbox that names nobody or nobody who can
//! receive on some day; two people with the same display name at one location; messaging on
//! with no topic enabled. Findings about one rule are gathered into one finding listing the
//! cells it affects. A finding carries the change that fixes it, where there is one.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::change::Change;
use crate::model::{Config, Date, GroupId, LocationId, PersonId, Recipient, Scope, TopicKey};
use crate::resolve::{DropReason, FallbackReason};

mod fixes;
mod roster;
mod routed;
#[cfg(test)]
mod tests;
mod walk;
mod walks;

use roster::Roster;
pub use routed::{Gathered, revalidate_rules, revalidate_rules_in};
use walks::Walks;

/// Where a finding is.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Place {
    Practice,
    Location {
        location: LocationId,
    },
    /// The rule for `topic` at `scope`; `scope: None` is "no rule" (the patient chooses).
    Rule {
        topic: TopicKey,
        scope: Option<Scope>,
    },
}

/// What is wrong.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// The message lands in the fallback inbox.
    LandsInFallback {
        reason: FallbackReason,
    },
    /// Someone the rule relies on does not receive it.
    Drops {
        person: PersonId,
        why: DropReason,
    },
    EmptyGroup {
        group: GroupId,
    },
    MissingGroup {
        group: GroupId,
    },
    /// The fallback inbox names a person or group that does not exist.
    FallbackInboxMissing {
        inbox: Recipient,
    },
    /// The fallback inbox stands for nobody who can receive (inactive, unavailable, away).
    FallbackInboxUnreachable {
        inbox: Recipient,
    },
    /// Several people at one location show the same name.
    DuplicateName {
        name: String,
        people: Vec<PersonId>,
    },
    /// Messaging is on but patients have no topic to pick.
    NoTopicEnabled,
}

/// Patients of `provider` (or with no provider) at `location`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Cell {
    pub location: LocationId,
    pub provider: Option<PersonId>,
}

/// One problem, where it is, whom it affects, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Finding {
    pub place: Place,
    pub problem: Problem,
    /// The cells affected, sorted (empty for practice- and location-wide findings).
    pub cells: Vec<Cell>,
    /// The first day of the window on which it holds.
    pub first_date: Date,
    /// What is wrong and what to do, for an admin.
    pub message: String,
    /// The same in the words of one of its cells (the Routing grid's mark): what is wrong and
    /// what to do, without whom else it affects — so a cell joining or leaving the finding
    /// leaves the other cells' words alone.
    pub in_cell: String,
    /// The change that fixes it, where one exists.
    pub fix: Option<Change>,
}

/// How many days the validator looks ahead by default.
pub const DEFAULT_WINDOW_DAYS: i32 = 30;

/// Every finding over the days `from..=to`, sorted by place then problem.
pub fn validate(config: &Config, from: Date, to: Date) -> Vec<Finding> {
    findings(config, from, to, None)
}

/// [`validate`] brought up to date after changes that set or cleared only the rules of
/// `topics` (what [`Change::routed_topics`] names): `previous` is what `validate` answered for
/// the configuration before them, over the same days. Equal to `validate(config, from, to)`,
/// but walks only those topics' cells: the other findings are kept from `previous`. (A
/// finding about a rule depends on that topic's rules and the directory alone; the
/// practice-wide checks do not read rules.) [`revalidate_rules`] walks fewer: only the cells
/// that read the rules changed.
pub fn revalidate(
    previous: &[Finding],
    config: &Config,
    from: Date,
    to: Date,
    topics: &BTreeSet<&TopicKey>,
) -> Vec<Finding> {
    let touched = |finding: &Finding| matches!(&finding.place, Place::Rule { topic, .. } if topics.contains(topic));
    let mut found: Vec<Finding> = previous
        .iter()
        .filter(|finding| !touched(finding))
        .cloned()
        .chain(findings(config, from, to, Some(topics)))
        .collect();
    found.sort_by(|a, b| (&a.place, &a.problem).cmp(&(&b.place, &b.problem)));
    found
}

/// The cells a problem affects, by number (a tenth of a [`Cell`]'s size: these lists are
/// written for every cell a walk's problems reach), and the first day it holds.
type Affected = (Vec<usize>, Date);

/// The findings over `from..=to`: of every topic and the practice-wide checks (`only: None`),
/// or of the rules of the topics in `only`.
fn findings(
    config: &Config,
    from: Date,
    to: Date,
    only: Option<&BTreeSet<&TopicKey>>,
) -> Vec<Finding> {
    // The practice-wide checks (`only: None`) read the names at each location too.
    let roster = if only.is_none() {
        Roster::with_names(config)
    } else {
        Roster::of(config)
    };
    let cells = walks::Cells::indexed(config, roster.providers);
    let mut walks = Walks::new(config, &roster.here, &roster.absences, from, to);
    // By number of (place, problem): the cells it affects and its first day.
    let mut found: Vec<Option<Affected>> = Vec::new();
    let note = |found: &mut Vec<Option<Affected>>, n: usize, cell, date| {
        if found.len() <= n {
            found.resize(n + 1, None);
        }
        let entry = found[n].get_or_insert((Vec::new(), date));
        entry.1 = entry.1.min(date);
        // Each cell is walked once per topic, and a walk meets each problem once.
        entry.0.extend(cell);
    };
    for topic in (0..config.topics.len())
        .filter(|topic| only.is_none_or(|only| only.contains(&config.topics[*topic].key)))
    {
        walks.each_cell(topic, &cells, |cell, met| {
            for &(n, date) in met {
                note(&mut found, n, Some(cell), date);
            }
        });
    }
    if let Some(names) = roster.names {
        for (place, problem, date) in walk::practice_problems_by(config, walks.days(), names) {
            let n = walks.number(place, problem);
            note(&mut found, n, None, date);
        }
    }

    let mut found: Vec<((Place, Problem), Affected)> = walks
        .into_keys()
        .into_iter()
        .zip(found)
        .filter_map(|(key, found)| Some((key, found?)))
        .collect();
    found.sort_unstable_by(|(a, _), (b, _)| a.cmp(b));
    found
        .into_iter()
        .map(|((place, problem), (numbers, first_date))| {
            let affected = numbers.into_iter().map(|n| cells.get(n)).collect();
            finding(config, place, problem, affected, first_date)
        })
        .collect()
}

/// The finding of `problem` at `place`, affecting `cells` from `first_date`, in words.
fn finding(
    config: &Config,
    place: Place,
    problem: Problem,
    mut cells: Vec<Cell>,
    first_date: Date,
) -> Finding {
    // Mostly sorted already (cells are walked in order): a stable sort finds the runs.
    cells.sort();
    let message = fixes::message(config, &place, &problem, &cells, first_date);
    let in_cell = fixes::message(config, &place, &problem, &[], first_date);
    let fix = fixes::fix(config, &place, &problem);
    Finding {
        place,
        problem,
        cells,
        first_date,
        message,
        in_cell,
        fix,
    }
}
