//! [`PeopleHere`]: what the walks read of the directory, gathered once for callers that
//! resolve many messages against one configuration.

use rustc_hash::FxHashMap;

use super::walk::{Away, Standing};
use crate::model::{Config, LocationId, Person, PersonId};

/// Everyone a patient at `location` may pick under "Selected users": the people who work
/// there and receive messages, by name.
pub(super) fn people_here(config: &Config, location: LocationId) -> Vec<PersonId> {
    let mut here: Vec<_> = config
        .people
        .values()
        .filter(|p| p.locations.contains(&location) && p.receives_messages())
        .collect();
    here.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
    here.into_iter().map(|p| p.id).collect()
}

/// [`people_here`] for every location, computed once, for callers that resolve many messages
/// against one configuration (the validator, the routing index): without it, every "the
/// patient chooses" answer would scan the whole practice.
#[derive(Debug, Clone, Default)]
pub(crate) struct PeopleHere {
    /// Everyone patients may choose from at each location, by name.
    at: FxHashMap<LocationId, Vec<PersonId>>,
    /// Everyone's standing (what a walk reads of a person), in entries a third of a [`Standing`]'s size: the
    /// walks look people up all over this table, and in a large practice the full entries
    /// made it too large for the cache.
    standing: FxHashMap<PersonId, Stored>,
    /// The absences, by the number a [`Stored`] standing gives (few people are away, and an
    /// absence is read only for them).
    absences: Vec<Away>,
}

/// A [`Standing`] as [`PeopleHere`] keeps it: the absence by number.
#[derive(Debug, Clone, Copy)]
struct Stored {
    active: bool,
    available_for_portal: bool,
    away: Option<u32>,
}

impl PeopleHere {
    pub(crate) fn of(config: &Config) -> Self {
        Self::of_each(config, |_| {})
    }

    /// [`PeopleHere::of`], showing each person of the directory to `also` on the way, so that
    /// a caller who needs more of the directory reads it in the same pass: a large practice's
    /// directory does not fit the cache, and each pass over it is paid for in full.
    pub(crate) fn of_each(config: &Config, mut also: impl FnMut(&Person)) -> Self {
        // Who may be chosen where, by their number in `receivers`: sorted by name once, after
        // the pass, rather than by name at each location (see `Receiver`).
        let mut receivers: Vec<Receiver> = Vec::with_capacity(config.people.len());
        let mut here: FxHashMap<LocationId, Vec<u32>> = FxHashMap::default();
        let mut standing = FxHashMap::default();
        standing.reserve(config.people.len());
        let mut absences = Vec::new();
        let mut next_absence = 0;
        for person in config.people.values() {
            also(person);
            let Standing {
                active,
                available_for_portal,
                away,
            } = Standing::of(person);
            let stored = Stored {
                active,
                available_for_portal,
                away: away.map(|away| {
                    let number = next_absence;
                    absences.push(away);
                    next_absence += 1;
                    number
                }),
            };
            standing.insert(person.id, stored);
            if person.receives_messages() {
                let number = receivers.len() as u32;
                receivers.push(Receiver::of(person, number));
                for location in &person.locations {
                    here.entry(*location).or_default().push(number);
                }
            }
        }
        receivers.sort_unstable_by(Receiver::by_name);
        // Each receiver's place in name order, by their number.
        let mut rank: Vec<u32> = vec![0; receivers.len()];
        for (place, receiver) in (0..).zip(&receivers) {
            rank[receiver.number as usize] = place;
        }
        Self {
            at: here
                .into_iter()
                .map(|(location, mut numbers)| {
                    numbers.sort_unstable_by_key(|number| rank[*number as usize]);
                    let people = numbers
                        .into_iter()
                        .map(|number| receivers[rank[number as usize] as usize].id)
                        .collect();
                    (location, people)
                })
                .collect(),
            standing,
            absences,
        }
    }

    /// Everyone patients may choose from at `location`, by name (`None`: nobody).
    pub(super) fn at(&self, location: LocationId) -> Option<&[PersonId]> {
        self.at.get(&location).map(Vec::as_slice)
    }

    /// The standing of the person `id`, if there is one.
    pub(super) fn standing(&self, id: PersonId) -> Option<Standing> {
        self.standing.get(&id).map(|stored| Standing {
            active: stored.active,
            available_for_portal: stored.available_for_portal,
            away: stored.away.map(|n| self.absences[n as usize]),
        })
    }

    /// The person `id` as the one-person list a recipient naming them stands for (empty: no
    /// such person), borrowed from this table.
    pub(super) fn person(&self, id: PersonId) -> &[PersonId] {
        self.standing
            .get_key_value(&id)
            .map_or(&[][..], |(key, _)| std::slice::from_ref(key))
    }
}

/// Someone patients may choose, as [`PeopleHere::of_each`] sorts them by name: with the name's
/// first bytes at hand, most comparisons read this entry alone, where comparing names reads
/// two strings from anywhere in a directory too large for the cache.
struct Receiver<'c> {
    /// The name's first 16 bytes, in order as a number (zeros past its end).
    prefix: u128,
    name: &'c str,
    id: PersonId,
    /// The receiver's number, in the directory's order.
    number: u32,
}

impl<'c> Receiver<'c> {
    fn of(person: &'c Person, number: u32) -> Self {
        let mut first = [0; 16];
        let bytes = person.name.as_bytes();
        let len = bytes.len().min(16);
        first[..len].copy_from_slice(&bytes[..len]);
        Self {
            prefix: u128::from_be_bytes(first),
            name: &person.name,
            id: person.id,
            number,
        }
    }

    /// By name, then by id (as [`people_here`] sorts). Prefixes in order are names in order;
    /// equal prefixes leave it to the names (they may still differ further on).
    fn by_name(a: &Self, b: &Self) -> std::cmp::Ordering {
        a.prefix
            .cmp(&b.prefix)
            .then_with(|| (a.name, a.id).cmp(&(b.name, b.id)))
    }
}
