//! Properties of validate() over generated troubled practices: someone is reported dropped
//! exactly when resolving a message drops them — checked against an oracle written from
//! DESIGN.md › Resolution rules, day by day — and every fix the validator offers applies,
//! removes its finding and brings to light only what `validate`'s fixes promise.
//!
//! Words: the *oracle* is this file's own reading of the rules; it shares no code with the
//! validator or with route(), only the model's accessors.

use std::cell::Cell as Counter;
use std::collections::{BTreeMap, BTreeSet};

use proptest::collection::vec;
use proptest::prelude::*;
use switchboard_core::{
    Cell, Change, Config, Date, DropReason, Finding, Gathered, LocationId, PersonId, PersonKind,
    Place, Problem, ProviderChoice, Recipient, Route, Scope, apply, check, revalidate,
    revalidate_rules, revalidate_rules_in, validate,
};

use crate::generate::{runner, troubled_practice};

const CASES: u32 = 64;

/// DESIGN.md › Resolution rules: "delegation is followed at most 3 hops".
const HOPS: usize = 3;

/// The window every case is validated over: three weeks, so absences start and end inside it.
fn window() -> (Date, Date) {
    let from = Date::from_ymd(2026, 11, 20).expect("a real day");
    (from, from.add_days(20))
}

/// A dropped person, at a rule, for a cell.
type Key = (Place, Problem, Cell);

/// The oracle: for every (place, drop, cell), the first day of `from..=to` on which resolving
/// that cell's message drops that person for that reason.
fn expected_drops(config: &Config, from: Date, to: Date) -> BTreeMap<Key, Date> {
    let mut expected = BTreeMap::new();
    for location in config.locations.keys().copied() {
        let settings = config.settings_at(Some(location));
        // Rule 1: where patients cannot write (messaging off, reply only, or a deactivated
        // location), nothing is routed and nobody is dropped.
        if !*settings.messaging_enabled()
            || !*settings.patients_may_start()
            || !config.locations[&location].active
        {
            continue;
        }
        // Rule 1b: the topics on here: the location's own switch wins over the practice's.
        let overrides = &config.locations[&location].settings.topics;
        let on_here = |topic: &&switchboard_core::Topic| {
            (overrides.get(&topic.key))
                .and_then(|over| over.enabled)
                .unwrap_or(topic.enabled)
        };
        for provider in cells_at(config, location) {
            let cell = Cell { location, provider };
            for topic in config.topics.iter().filter(on_here) {
                // Rule 2: the first scope, most specific first, with a rule (absent = Inherit).
                let rule = Scope::chain(location, provider)
                    .find_map(|scope| config.routes.get(&topic.key, scope).map(|r| (scope, r)));
                let place = Place::Rule {
                    topic: topic.key.clone(),
                    scope: rule.map(|(scope, _)| scope),
                };
                let named: Vec<Recipient> = match rule {
                    // Rule 3: the people and groups the rule names.
                    Some((_, Route::Recipients(list))) => list.as_slice().to_vec(),
                    // Rule 4 (and no rule at all): the patient chooses from the candidates.
                    Some((_, Route::PatientChooses)) | None => {
                        candidates(config, location, provider, *settings.provider_choice())
                    }
                };
                let mut day = from;
                while day <= to {
                    let mut drops = BTreeSet::new();
                    for recipient in &named {
                        for person in stands_for(config, *recipient) {
                            fate(config, person, day, &[], &mut drops);
                        }
                    }
                    for (person, why) in drops {
                        expected
                            .entry((place.clone(), Problem::Drops { person, why }, cell))
                            .or_insert(day);
                    }
                    day = day.add_days(1);
                }
            }
        }
    }
    expected
}

/// The cells of a location: each active provider who works there, and "no provider".
fn cells_at(config: &Config, location: LocationId) -> Vec<Option<PersonId>> {
    let mut cells: Vec<Option<PersonId>> = config
        .people
        .values()
        .filter(|p| p.kind == PersonKind::Provider && p.active && p.locations.contains(&location))
        .map(|p| Some(p.id))
        .collect();
    cells.push(None);
    cells
}

/// Whom the patient may pick, before filtering: the care team (the validator's care team is
/// the provider alone) or everyone at the location who is active and available.
fn candidates(
    config: &Config,
    location: LocationId,
    provider: Option<PersonId>,
    choice: ProviderChoice,
) -> Vec<Recipient> {
    match choice {
        ProviderChoice::CareTeamOnly => provider.into_iter().map(Recipient::Person).collect(),
        ProviderChoice::SelectedUsers => config
            .people
            .values()
            .filter(|p| p.locations.contains(&location) && p.active && p.available_for_portal)
            .map(|p| Recipient::Person(p.id))
            .collect(),
    }
}

/// The people a recipient names: the person (existing or not), or the group's members (a
/// removed group names nobody; that is a group finding, not a dropped person).
fn stands_for(config: &Config, recipient: Recipient) -> Vec<PersonId> {
    match recipient {
        Recipient::Person(id) => vec![id],
        Recipient::Group(id) => config
            .groups
            .get(&id)
            .map(|g| g.members.clone())
            .unwrap_or_default(),
    }
}

/// What happens to `id` on `day`, reached by delegation from `chain` (so `chain.len()` hops
/// were taken to get here): every drop on the way goes into `drops`. Checked in this order:
/// removed, inactive, unavailable; present (receives); away with no delegate; away when the
/// hop limit is used up (following the delegate would be one hop too many); and a delegate
/// leading back to anyone in the chain (or to `id`) drops `id`, the one whose delegation
/// closes the circle.
fn fate(
    config: &Config,
    id: PersonId,
    day: Date,
    chain: &[PersonId],
    drops: &mut BTreeSet<(PersonId, DropReason)>,
) {
    let Some(person) = config.people.get(&id) else {
        drops.insert((id, DropReason::Missing));
        return;
    };
    if !person.active {
        drops.insert((id, DropReason::Inactive));
        return;
    }
    if !person.available_for_portal {
        drops.insert((id, DropReason::Unavailable));
        return;
    }
    let Some(away) = person
        .out_of_office
        .as_ref()
        .filter(|away| away.from <= day && day <= away.until)
    else {
        return;
    };
    let Some(delegate) = away.delegate else {
        drops.insert((id, DropReason::AbsentWithoutDelegate));
        return;
    };
    if chain.len() >= HOPS {
        drops.insert((id, DropReason::TooManyHops));
        return;
    }
    let mut longer = chain.to_vec();
    longer.push(id);
    for next in stands_for(config, delegate) {
        if longer.contains(&next) {
            drops.insert((id, DropReason::Cycle));
        } else {
            fate(config, next, day, &longer, drops);
        }
    }
}

/// The validator's Drops findings, one key per cell, with the finding's first day.
fn reported_drops(findings: &[Finding]) -> BTreeMap<Key, Date> {
    findings
        .iter()
        .filter(|f| matches!(f.problem, Problem::Drops { .. }))
        .flat_map(|f| {
            f.cells
                .iter()
                .map(|cell| ((f.place.clone(), f.problem.clone(), *cell), f.first_date))
        })
        .collect()
}

fn run(name: &str, test: impl Fn((u64, Vec<u64>)) -> Result<(), TestCaseError>) {
    if let Err(err) = runner(CASES).run(&(any::<u64>(), vec(any::<u64>(), 0..8)), test) {
        panic!("{name}: {err}");
    }
}

/// A Drops finding for a rule and cell exists exactly when, on some day of the window,
/// resolving that cell's message drops that person for that reason — no missing findings, no
/// false ones — and it names the first such day.
#[test]
fn the_validator_reports_a_dropped_person_exactly_when_resolution_drops_them() {
    let with_drops = Counter::new(0u32);
    let without = Counter::new(0u32);
    let (from, to) = window();
    run("dropped people", |(setup, changes)| {
        let config = troubled_practice(setup, &changes, (from, to), true);
        let findings = validate(&config, from, to);
        let expected = expected_drops(&config, from, to);
        let reported = reported_drops(&findings);

        let missing: Vec<_> = expected
            .keys()
            .filter(|k| !reported.contains_key(*k))
            .collect();
        let false_ones: Vec<_> = reported
            .keys()
            .filter(|k| !expected.contains_key(*k))
            .collect();
        prop_assert!(
            missing.is_empty(),
            "every drop resolution makes is reported (missing {} of {}): {:#?}",
            missing.len(),
            expected.len(),
            missing.iter().take(3).collect::<Vec<_>>()
        );
        prop_assert!(
            false_ones.is_empty(),
            "every reported drop happens on some day of the window (false {} of {}): {:#?}",
            false_ones.len(),
            reported.len(),
            false_ones.iter().take(3).collect::<Vec<_>>()
        );
        for finding in findings
            .iter()
            .filter(|f| matches!(f.problem, Problem::Drops { .. }))
        {
            prop_assert!(
                !finding.cells.is_empty(),
                "a dropped person is dropped for some patients, so the finding names them: {:?}",
                finding
            );
            prop_assert!(
                finding.cells.windows(2).all(|pair| pair[0] < pair[1]),
                "a finding lists its cells sorted, each once: {:?}",
                finding
            );
            let first = finding
                .cells
                .iter()
                .filter_map(|cell| {
                    expected.get(&(finding.place.clone(), finding.problem.clone(), *cell))
                })
                .min();
            prop_assert_eq!(
                Some(&finding.first_date),
                first,
                "the finding's first day is the first day any of its cells drops the person: {:?}",
                finding
            );
        }

        if reported.is_empty() {
            without.set(without.get() + 1);
        } else {
            with_drops.set(with_drops.get() + 1);
        }
        Ok(())
    });
    let (with_drops, without) = (with_drops.get(), without.get());
    let total = with_drops + without;
    assert!(
        with_drops * 100 >= total * 15,
        "the generator makes trouble, so a good share of cases drop someone ({with_drops} of {total})"
    );
    assert!(
        without * 100 >= total * 15,
        "and a good share drop nobody, so silence is checked too ({without} of {total})"
    );
}

/// Every fix applies, and afterwards the same problem is no longer reported at the same place;
/// whatever new finding appears is one the fix's documentation allows.
#[test]
fn applying_a_findings_fix_removes_that_finding() {
    let exercised = Counter::new(0u32);
    let (from, to) = window();
    run("fixes", |(setup, changes)| {
        let config = troubled_practice(setup, &changes, (from, to), false);
        prop_assert!(
            check(&config).is_ok(),
            "fixes are for configurations the app can hold: everything named exists"
        );
        let findings = validate(&config, from, to);
        let before: BTreeSet<(Place, Problem)> = findings
            .iter()
            .map(|f| (f.place.clone(), f.problem.clone()))
            .collect();
        for finding in &findings {
            let Some(fix) = &finding.fix else { continue };
            let mut fixed = config.clone();
            apply(&mut fixed, fix).map_err(|err| {
                TestCaseError::fail(format!(
                    "the fix offered for {finding:?} must apply to the configuration it was made for: {err}"
                ))
            })?;
            exercised.set(exercised.get() + 1);
            let after = validate(&fixed, from, to);
            prop_assert!(
                !after
                    .iter()
                    .any(|f| f.place == finding.place && f.problem == finding.problem),
                "the fix {:?} removes {:?} at {:?}",
                fix,
                finding.problem,
                finding.place
            );
            for new in after
                .iter()
                .filter(|f| !before.contains(&(f.place.clone(), f.problem.clone())))
            {
                prop_assert!(
                    may_bring_to_light(fix, new),
                    "the fix {:?} for {:?} brings to light only what fixes.rs promises, not {:?}",
                    fix,
                    finding.problem,
                    new
                );
            }
        }
        Ok(())
    });
    let exercised = exercised.get();
    assert!(
        exercised > 0,
        "the generated practices have findings with fixes, so fixes were checked ({exercised})"
    );
}

/// What src/validate/fixes.rs allows a fix to bring to light.
fn may_bring_to_light(fix: &Change, new: &Finding) -> bool {
    match fix {
        // Resetting a rule to inherited: its patients follow the topic's next rule.
        Change::SetRoute {
            topic, value: None, ..
        } => matches!(&new.place, Place::Rule { topic: t, .. } if t == topic),
        // Taking someone out of a rule: on the days they were there, the rest may be nobody.
        Change::SetRoute { topic, scope, .. } => {
            new.place
                == Place::Rule {
                    topic: topic.clone(),
                    scope: Some(*scope),
                }
                && matches!(new.problem, Problem::LandsInFallback { .. })
        }
        // Switching a topic on puts that topic's rules under review.
        Change::SetTopicEnabled { topic, .. } => {
            matches!(&new.place, Place::Rule { topic: t, .. } if t == topic)
        }
        // A delegate for an absent person: the rules reaching them now reach the delegate's
        // people too, with their own troubles.
        Change::SetPersonField { .. } => {
            matches!(new.place, Place::Rule { .. })
                && matches!(
                    new.problem,
                    Problem::Drops { .. } | Problem::EmptyGroup { .. }
                )
        }
        _ => false,
    }
}

/// The random runs above differ from run to run; this fixed set of practices shows the
/// generator reaches every reason to drop someone, and every kind of fix, so the properties
/// are not passed by never meeting a cycle, a long chain or a removed person.
#[test]
fn the_generator_reaches_every_reason_to_drop_and_every_kind_of_fix() {
    const SETUPS: u64 = 200;
    let (from, to) = window();
    let mut reasons: BTreeMap<DropReason, u64> = BTreeMap::new();
    let mut fixes: BTreeMap<&str, u64> = BTreeMap::new();
    for setup in 0..SETUPS {
        let changes: Vec<u64> = (0..setup % 8).map(|i| setup * 31 + i).collect();
        let seed = setup.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let config = troubled_practice(seed, &changes, (from, to), true);
        let seen: BTreeSet<DropReason> = expected_drops(&config, from, to)
            .into_keys()
            .filter_map(|(_, problem, _)| match problem {
                Problem::Drops { why, .. } => Some(why),
                _ => None,
            })
            .collect();
        for why in seen {
            *reasons.entry(why).or_default() += 1;
        }
        let config = troubled_practice(seed, &changes, (from, to), false);
        let kinds: BTreeSet<&str> = validate(&config, from, to)
            .into_iter()
            .filter_map(|f| f.fix)
            .map(|fix| match fix {
                Change::SetRoute { .. } => "take out of a rule",
                Change::SetPersonField { .. } => "give a delegate",
                Change::SetTopicEnabled { .. } => "switch a topic on",
                _ => "other",
            })
            .collect();
        for kind in kinds {
            *fixes.entry(kind).or_default() += 1;
        }
    }
    for why in [
        DropReason::Missing,
        DropReason::Inactive,
        DropReason::Unavailable,
        DropReason::AbsentWithoutDelegate,
        DropReason::TooManyHops,
        DropReason::Cycle,
    ] {
        let cases = reasons.get(&why).copied().unwrap_or(0);
        assert!(
            cases * 100 >= SETUPS * 5,
            "at least 5% of practices drop someone as {why:?}, so that rule is exercised ({cases} of {SETUPS})"
        );
    }
    for kind in ["take out of a rule", "give a delegate", "switch a topic on"] {
        assert!(
            fixes.get(kind).copied().unwrap_or(0) > 0,
            "some practice offers the fix \"{kind}\", so its promise is tested: {fixes:?}"
        );
    }
}

/// After a change that sets or clears only some topics' rules, `revalidate` — the findings
/// before it, with only those topics walked again — equals validating everything from scratch:
/// what lets the app re-check just the topics an edit names. Changes of other kinds are
/// applied too (and validated from scratch), so routing edits land on every kind of history.
#[test]
fn revalidating_the_topics_a_routing_change_names_equals_validating_everything() {
    let routed = Counter::new(0u32);
    let (from, to) = window();
    let longer = (any::<u64>(), vec(any::<u64>(), 4..20));
    let result = runner(CASES).run(&longer, |(setup, changes)| {
        let mut config = troubled_practice(setup, &[], (from, to), true);
        let mut findings = validate(&config, from, to);
        for seed in changes {
            let change = crate::generate::change(&config, &mut crate::generate::Pick::new(seed));
            if apply(&mut config, &change).is_err() {
                continue;
            }
            let everything = validate(&config, from, to);
            if let Some(topics) = change.routed_topics() {
                routed.set(routed.get() + 1);
                let again = revalidate(&findings, &config, from, to, &topics);
                prop_assert_eq!(
                    &again,
                    &everything,
                    "revalidating {:?} after {:?} differs from validating everything",
                    topics,
                    change
                );
            }
            findings = everything;
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("revalidate: {err}");
    }
    assert!(
        routed.get() >= 100,
        "the generator makes routing changes often enough to test this ({} applied)",
        routed.get()
    );
}

/// After a change that sets or clears only some rules, `revalidate_rules` — the findings
/// before it, with only the cells that read those rules walked again and merged in — equals
/// validating everything from scratch — also with the directory gathered before the routing
/// edits since the last other change (`revalidate_rules_in`, as the UI reuses it). Every other
/// change is a routing edit. Counts the case
/// that makes merging hard: a finding that keeps some of its cells and gains or loses others
/// (one whose first day moves so is rare here: `validate::a_routing_edit_moves_a_findings_
/// first_day_to_that_of_the_cells_it_keeps` pins it).
#[test]
fn revalidating_the_cells_a_routing_change_touches_equals_validating_everything() {
    let routed = Counter::new(0u32);
    let merged = Counter::new(0u32);
    let (from, to) = window();
    let longer = (any::<u64>(), vec(any::<u64>(), 4..20));
    let result = runner(4 * CASES).run(&longer, |(setup, changes)| {
        let mut config = troubled_practice(setup, &[], (from, to), true);
        let mut findings = validate(&config, from, to);
        // The directory as the validator gathered it before the routing edits since the last
        // other change (what the UI keeps between edits).
        let mut gathered = Gathered::of(&config);
        for (step, seed) in changes.into_iter().enumerate() {
            // Every other step a routing edit (the first the seed's sequence draws).
            let change = (0..)
                .map(|n| {
                    let mut pick = crate::generate::Pick::new(seed.wrapping_add(n));
                    crate::generate::change(&config, &mut pick)
                })
                .take(64)
                .find(|change| step % 2 == 1 || change.routed_topics().is_some())
                .expect("a routing edit within 64 draws");
            if apply(&mut config, &change).is_err() {
                continue;
            }
            let everything = validate(&config, from, to);
            if change.routed_topics().is_some() {
                routed.set(routed.get() + 1);
                let rules = change.touches().routes;
                let again = revalidate_rules(&findings, &config, from, to, &rules);
                prop_assert_eq!(
                    &again,
                    &everything,
                    "revalidating the cells that read {:?} after {:?} differs from validating everything",
                    rules,
                    change
                );
                prop_assert_eq!(
                    &revalidate_rules_in(&gathered, &findings, &config, from, to, &rules),
                    &everything,
                    "so does it with the directory gathered before the routing edits since the last other change"
                );
                for new in &everything {
                    let Some(old) = findings
                        .iter()
                        .find(|old| (&old.place, &old.problem) == (&new.place, &new.problem))
                    else {
                        continue;
                    };
                    let kept = old.cells.iter().filter(|c| new.cells.contains(c)).count();
                    if kept > 0 && old.cells != new.cells {
                        merged.set(merged.get() + 1);
                    }
                }
            } else {
                gathered = Gathered::of(&config);
            }
            findings = everything;
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("revalidate_rules: {err}");
    }
    assert!(
        routed.get() >= 500,
        "routing edits are applied often enough to test this ({} applied)",
        routed.get()
    );
    assert!(
        merged.get() >= 50,
        "findings that keep some cells and gain or lose others are met ({})",
        merged.get()
    );
}
