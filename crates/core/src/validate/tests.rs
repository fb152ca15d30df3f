//! The validator against its plain reading: every cell, every topic, every breakpoint day
//! resolved on its own (what `findings` did before it walked each kind of walk once).

use std::collections::BTreeMap;

use super::{Cell, Finding, Place, Problem, fixes, validate, walk};
use crate::fixtures::{Size, practice};
use crate::model::{Config, Date, PersonId, Route, Scope, TopicKey};
use crate::resolve::{Context, PeopleHere, Sender};

/// Resolves every cell's message on every topic and day, and gathers what goes wrong.
fn walking_every_cell(config: &Config, from: Date, to: Date) -> Vec<Finding> {
    let days = walk::breakpoints(config, from, to);
    let here = PeopleHere::of(config);
    let mut found: BTreeMap<(Place, Problem), (Vec<Cell>, Date)> = BTreeMap::new();
    let mut note = |place: Place, problem: Problem, cell: Option<Cell>, date: Date| {
        let entry = found.entry((place, problem)).or_insert((Vec::new(), date));
        entry.1 = entry.1.min(date);
        if let Some(cell) = cell
            && !entry.0.contains(&cell)
        {
            entry.0.push(cell);
        }
    };
    for location in config.locations.values() {
        let mut providers: Vec<Option<_>> = config
            .people
            .values()
            .filter(|p| p.is_provider() && p.active && p.locations.contains(&location.id))
            .map(|p| Some(p.id))
            .collect();
        providers.push(None);
        for provider in providers {
            let cell = Cell {
                location: location.id,
                provider,
            };
            let context = Context {
                location: location.id,
                provider,
                care_team: provider.into_iter().collect(),
                sender: Sender::Patient,
            };
            for topic in config
                .topics
                .iter()
                .filter(|t| config.topic_enabled_at(location.id, &t.key))
            {
                for &date in &days {
                    for (place, problem) in
                        walk::problems(config, &here, &context, &topic.key, date)
                    {
                        note(place, problem, Some(cell), date);
                    }
                }
            }
        }
    }
    for (place, problem, date) in walk::practice_problems(config, &days) {
        note(place, problem, None, date);
    }
    found
        .into_iter()
        .map(|((place, problem), (mut cells, first_date))| {
            cells.sort();
            Finding {
                message: fixes::message(config, &place, &problem, &cells, first_date),
                in_cell: fixes::message(config, &place, &problem, &[], first_date),
                fix: fixes::fix(config, &place, &problem),
                place,
                problem,
                cells,
                first_date,
            }
        })
        .collect()
}

/// `config` with a rule at (location, provider) below every other provider's own rule: the
/// patient chooses, or the rule of the next provider's (the one at the location beats it).
fn crossed(mut config: Config) -> Config {
    let own: Vec<(TopicKey, PersonId, Route)> = config
        .routes
        .iter()
        .filter_map(|(topic, scope, route)| match scope {
            Scope::Provider { provider } => Some((topic.clone(), provider, route.clone())),
            _ => None,
        })
        .collect();
    for (i, (topic, provider, _)) in own.iter().enumerate().filter(|(i, _)| i % 2 == 0) {
        let Some(location) = config
            .person(*provider)
            .and_then(|p| p.locations.first().copied())
        else {
            continue;
        };
        let route = match own.get(i + 1) {
            Some((_, _, next)) if i % 4 == 0 => next.clone(),
            _ => Route::PatientChooses,
        };
        let scope = Scope::LocationProvider {
            location,
            provider: *provider,
        };
        config.routes.set(topic, scope, Some(route));
    }
    config
}

#[test]
fn walking_each_kind_of_walk_once_finds_what_walking_every_cell_does() {
    let size = Size {
        providers: 80,
        staff: 30,
        groups: 8,
        locations: 6,
        topics: 4,
    };
    let from = Date::from_ymd(2026, 11, 20).expect("a real day");
    let to = from.add_days(29);
    let mut cells = 0;
    for seed in 0..12 {
        for config in [practice(seed, size), crossed(practice(seed, size))] {
            let expected = walking_every_cell(&config, from, to);
            cells += expected.iter().map(|f| f.cells.len()).sum::<usize>();
            assert_eq!(
                validate(&config, from, to),
                expected,
                "seed {seed}: cells with the same walk meet the same problems on the same days"
            );
        }
    }
    let demo = crate::demo_practice();
    assert_eq!(
        validate(&demo, from, to),
        walking_every_cell(&demo, from, to),
        "the demo: cells with the same walk meet the same problems on the same days"
    );
    assert!(
        cells >= 100,
        "the practices have findings over many cells to compare ({cells})"
    );
}
