//! [`revalidate_rules`]: the findings after a routing edit, walking only the cells that read
//! the rules it set or cleared.
//!
//! Words: a cell *reads* a rule of a topic when the rule's scope is on the cell's scope chain
//! up to and including the first scope with a rule (as [`crate::grid::cell_reads`] says for
//! the grid's cells). A routing edit changes the walk of exactly the cells that read one of
//! its rules afterwards: any other cell reads the same unchanged rules before and after. A
//! finding about a rule lists cells of every kind of walk that met it, so the findings of the
//! edited topics are merged: the touched cells leave the findings they were listed in, the
//! findings their new walks meet gain them, and a finding left with no cell goes.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Cell, Finding, Place, Roster, Walks, finding, walks};
use crate::model::{Config, Date, Scope, TopicKey};
use crate::resolve::PeopleHere;

/// [`validate`](super::validate) brought up to date after changes that set or cleared only the
/// `rules` (topic and scope; what [`Change::touches`](crate::Change::touches) names in
/// `routes`): `previous` is what `validate` answered for the configuration before them, over
/// the same days (in any order). Equal to `validate(config, from, to)`, but walks only the
/// cells that read one of `rules` in `config`, plus, for a finding that loses some of its
/// cells and keeps others, the kept cells until one meets it on its old first day (the first
/// day of the rest may be later; each kind of walk is resolved once).
pub fn revalidate_rules(
    previous: &[Finding],
    config: &Config,
    from: Date,
    to: Date,
    rules: &BTreeSet<(TopicKey, Scope)>,
) -> Vec<Finding> {
    revalidate_rules_in(&Gathered::of(config), previous, config, from, to, rules)
}

/// What [`revalidate_rules`] reads of a configuration's directory (its people, locations and
/// settings; not its rules), gathered in one pass: most of that function's own work in a large
/// practice. It holds for every configuration that differs from the one it was gathered from
/// in its rules alone, so a screen that brings the findings up to date after edit after edit
/// gathers it once per directory ([`revalidate_rules_in`]).
pub struct Gathered {
    here: PeopleHere,
    absences: Vec<(Date, Date)>,
    cells: walks::Cells,
}

impl std::fmt::Debug for Gathered {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gathered")
            .field("absences", &self.absences.len())
            .finish_non_exhaustive()
    }
}

impl Gathered {
    /// What [`revalidate_rules`] reads of `config`'s directory.
    pub fn of(config: &Config) -> Self {
        let roster = Roster::of(config);
        Self {
            cells: walks::Cells::of(config, roster.providers),
            here: roster.here,
            absences: roster.absences,
        }
    }
}

/// [`revalidate_rules`] with its directory `gathered` beforehand: `gathered` must be
/// [`Gathered::of`] a configuration that differs from `config` in its rules alone (else the
/// findings are wrong).
pub fn revalidate_rules_in(
    gathered: &Gathered,
    previous: &[Finding],
    config: &Config,
    from: Date,
    to: Date,
    rules: &BTreeSet<(TopicKey, Scope)>,
) -> Vec<Finding> {
    let every_cell = &gathered.cells;
    let mut walks = Walks::new(config, &gathered.here, &gathered.absences, from, to);
    // The touched cells, by topic number, and what their walks meet: by number of (place,
    // problem), the cells and the first day.
    let mut touched: HashSet<(usize, Cell)> = HashSet::new();
    let mut fresh: BTreeMap<usize, (Vec<Cell>, Date)> = BTreeMap::new();
    for (topic, key) in config.topics.iter().map(|t| &t.key).enumerate() {
        let scopes: BTreeSet<Scope> = rules
            .iter()
            .filter(|(t, _)| t == key)
            .map(|(_, scope)| *scope)
            .collect();
        if scopes.is_empty() {
            continue;
        }
        for (location, here) in every_cell.by_location() {
            if !config.topic_enabled_at(location, key) {
                continue;
            }
            for cell in here {
                // Most cells cannot read any of the rules (a provider's rule is read by that
                // provider's cells alone): only a cell in whose chain one of them is, is
                // walked up its chain to see whether it reads it.
                if !scopes
                    .iter()
                    .any(|scope| scope.in_chain(cell.location, cell.provider))
                {
                    continue;
                }
                let reads_touched = Scope::chain(cell.location, cell.provider)
                    .find_map(|scope| {
                        if scopes.contains(&scope) {
                            Some(true)
                        } else {
                            config.routes.get(key, scope).map(|_| false)
                        }
                    })
                    .unwrap_or(false);
                if !reads_touched {
                    continue;
                }
                touched.insert((topic, *cell));
                for &(n, date) in walks.cell(topic, every_cell, *cell) {
                    let entry = fresh.entry(n).or_insert((Vec::new(), date));
                    entry.0.push(*cell);
                    entry.1 = entry.1.min(date);
                }
            }
        }
    }

    let mut found: Vec<Finding> = Vec::with_capacity(previous.len());
    for old in previous {
        let topic = match &old.place {
            Place::Rule { topic, .. } if rules.iter().any(|(t, _)| t == topic) => {
                config.topics.iter().position(|t| &t.key == topic)
            }
            _ => None,
        };
        let Some(topic) = topic else {
            found.push(old.clone());
            continue;
        };
        let n = walks.number(old.place.clone(), old.problem.clone());
        let kept: Vec<Cell> = old
            .cells
            .iter()
            .filter(|cell| !touched.contains(&(topic, **cell)))
            .copied()
            .collect();
        let gained = fresh.remove(&n);
        let lost_some = kept.len() < old.cells.len();
        if !lost_some && gained.is_none() {
            found.push(old.clone());
            continue;
        }
        let (mut cells, mut first) = gained.map_or((Vec::new(), None), |(c, d)| (c, Some(d)));
        if !lost_some {
            first = first.min(Some(old.first_date));
        } else if !kept.is_empty() && first != Some(old.first_date) {
            // The kept cells' first day is no earlier than the old one (a first day over
            // more cells): walk them until one meets the problem on that day.
            let mut kept_first: Option<Date> = None;
            for cell in &kept {
                let day = walks
                    .cell(topic, every_cell, *cell)
                    .iter()
                    .find(|(m, _)| *m == n)
                    .map(|(_, day)| *day);
                kept_first = match (kept_first, day) {
                    (Some(a), Some(b)) => Some(a.min(b)),
                    (a, b) => a.or(b),
                };
                if kept_first == Some(old.first_date) {
                    break;
                }
            }
            first = match (first, kept_first) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
        }
        cells.extend(kept);
        if let Some(first) = first.filter(|_| !cells.is_empty()) {
            found.push(finding(
                config,
                old.place.clone(),
                old.problem.clone(),
                cells,
                first,
            ));
        }
    }
    // What the touched cells meet that nothing met before.
    let keys = walks.into_keys();
    for (n, (cells, first)) in fresh {
        let (place, problem) = keys[n].clone();
        found.push(finding(config, place, problem, cells, first));
    }
    found.sort_by(|a, b| (&a.place, &a.problem).cmp(&(&b.place, &b.problem)));
    found
}
