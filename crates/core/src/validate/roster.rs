//! The directory as the validator reads it, gathered in one pass.
//!
//! Words: the *roster* is what the validator needs of the people: who may be chosen at each
//! location and everyone's standing (for the walks), the absences (for the breakpoint days),
//! each location's active providers (for the cells) and, for the practice-wide checks, the
//! names people show at each location. The directory's entries are large and scattered (names,
//! location sets, absences with their answers); in a large practice they no longer fit the
//! cache, so each pass over them costs the same misses again. Reading them once, into these
//! smaller tables, keeps that cost to one pass.

use std::collections::BTreeMap;

use crate::model::{Config, Date, LocationId, Person, PersonId, PersonKind};
use crate::resolve::PeopleHere;

/// The people who receive messages at each location, by their name as patients read it
/// (trimmed, lowercase): several under one name cannot be told apart.
pub(super) type Names = BTreeMap<LocationId, BTreeMap<String, Vec<PersonId>>>;

/// What the validator reads of the directory (see the module overview).
pub(super) struct Roster {
    /// Who may be chosen at each location, and everyone's standing.
    pub(super) here: PeopleHere,
    /// Each absence's first and last day.
    pub(super) absences: Vec<(Date, Date)>,
    /// Each location's active providers, in the directory's order, each with a number of its
    /// own (its place among the active providers).
    pub(super) providers: BTreeMap<LocationId, Vec<(PersonId, u32)>>,
    /// The names several people share at each location, when gathered
    /// ([`Roster::with_names`]).
    pub(super) names: Option<Names>,
}

impl Roster {
    /// The roster of `config` for walking cells.
    pub(super) fn of(config: &Config) -> Self {
        Self::gather(config, false)
    }

    /// [`Roster::of`] with the names at each location, for the practice-wide checks.
    pub(super) fn with_names(config: &Config) -> Self {
        Self::gather(config, true)
    }

    fn gather(config: &Config, names: bool) -> Self {
        let mut absences = Vec::new();
        let mut providers: BTreeMap<LocationId, Vec<(PersonId, u32)>> = BTreeMap::new();
        let mut next_provider = 0;
        let mut by_name = NameList::default();
        let here = PeopleHere::of_each(config, |person| {
            if let Some(away) = &person.out_of_office {
                absences.push((away.from, away.until));
            }
            if person.kind == PersonKind::Provider && person.active {
                for location in &person.locations {
                    providers
                        .entry(*location)
                        .or_default()
                        .push((person.id, next_provider));
                }
                next_provider += 1;
            }
            if names {
                by_name.add(person);
            }
        });
        Self {
            here,
            absences,
            providers,
            names: names.then(|| by_name.shared()),
        }
    }
}

/// The names of the people who receive messages, as [`Roster::gather`] collects them: each
/// name once, listed at each of its person's locations by number. Only names shared at a
/// location matter, and a map of every name at every location (a string and a list for each)
/// wrote several times as much memory as the directory pass read.
#[derive(Default)]
struct NameList {
    /// Each name as patients read it, by number.
    names: Vec<String>,
    /// (location, name number, person), in the directory's order.
    at: Vec<(LocationId, u32, PersonId)>,
}

impl NameList {
    fn add(&mut self, person: &Person) {
        if !person.receives_messages() {
            return;
        }
        let number = self.names.len() as u32;
        self.names.push(person.display_name().trim().to_lowercase());
        for location in &person.locations {
            self.at.push((*location, number, person.id));
        }
    }

    /// The names shared by several people at a location (with those people in the
    /// directory's order): what [`Names`] holds of them that the practice-wide checks read.
    fn shared(mut self) -> Names {
        let names = &self.names;
        // Stable: each name's people stay in the directory's order.
        self.at
            .sort_by(|a, b| (a.0, &names[a.1 as usize]).cmp(&(b.0, &names[b.1 as usize])));
        let mut shared = Names::new();
        for group in self
            .at
            .chunk_by(|a, b| a.0 == b.0 && names[a.1 as usize] == names[b.1 as usize])
            .filter(|group| group.len() > 1)
        {
            let (location, name, _) = group[0];
            shared.entry(location).or_default().insert(
                names[name as usize].clone(),
                group.iter().map(|(_, _, person)| *person).collect(),
            );
        }
        shared
    }
}

/// Adds `person` to `names` at each of their locations, if they receive messages (the tests'
/// way to the names; the validator gathers only the shared ones, see [`NameList`]).
#[cfg(test)]
pub(super) fn add_name(names: &mut Names, person: &Person) {
    if !person.receives_messages() {
        return;
    }
    let name = person.display_name().trim().to_lowercase();
    for location in &person.locations {
        names
            .entry(*location)
            .or_default()
            .entry(name.clone())
            .or_default()
            .push(person.id);
    }
}
