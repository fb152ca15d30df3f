//! Properties of apply() over generated changes: the inverse restores, redo re-applies, a
//! refused change changes nothing, a batch is all or nothing — and the generator is checked
//! to make mostly valid changes, so the properties are not passed by rejecting everything.

use std::cell::Cell;

use proptest::collection::vec;
use proptest::prelude::*;
use switchboard_core::{Change, apply, demo_practice};

use crate::fixture;
use crate::generate::{Pick, change, stale};

fn runner() -> proptest::test_runner::TestRunner {
    crate::generate::runner(128)
}

#[test]
fn apply_then_inverse_restores_and_redo_reapplies() {
    let accepted = Cell::new(0usize);
    let total = Cell::new(0usize);
    let result = runner().run(
        &(vec(any::<u64>(), 1..40), any::<bool>()),
        |(seeds, from_demo)| {
            let mut config = if from_demo {
                demo_practice()
            } else {
                fixture::practice()
            };
            for seed in seeds {
                let change = change(&config, &mut Pick::new(seed));
                let before = config.clone();
                total.set(total.get() + 1);
                match apply(&mut config, &change) {
                    Ok(inverse) => {
                        accepted.set(accepted.get() + 1);
                        let after = config.clone();
                        let mut undone = after.clone();
                        let redo = apply(&mut undone, &inverse).map_err(|err| {
                            TestCaseError::fail(format!(
                                "the inverse of {change:?} must apply: {err}"
                            ))
                        })?;
                        prop_assert_eq!(
                            &undone,
                            &before,
                            "change then inverse restores the configuration: {:?}",
                            change
                        );
                        let mut redone = undone;
                        apply(&mut redone, &redo).map_err(|err| {
                            TestCaseError::fail(format!("redo of {change:?} must apply: {err}"))
                        })?;
                        prop_assert_eq!(
                            &redone,
                            &after,
                            "redo (the inverse of the inverse) re-applies {:?}",
                            change
                        );
                    }
                    Err(_) => prop_assert_eq!(
                        &config,
                        &before,
                        "a refused change leaves the configuration as it was"
                    ),
                }
            }
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{err}");
    }
    let (accepted, total) = (accepted.get(), total.get());
    assert!(
        accepted * 100 >= total * 80,
        "the generator makes changes valid for the state, so at least 80% apply ({accepted} of {total})"
    );
}

#[test]
fn a_batch_is_all_or_nothing() {
    let result = runner().run(&vec(any::<u64>(), 1..8), |seeds| {
        let mut config = demo_practice();
        let mut scratch = config.clone();
        let mut changes = Vec::new();
        for seed in seeds {
            let next = change(&scratch, &mut Pick::new(seed));
            if apply(&mut scratch, &next).is_ok() {
                changes.push(next);
            }
        }
        let before = config.clone();
        if changes.is_empty() {
            // None of the generated changes applied: an empty batch is refused as such.
            prop_assert!(
                apply(&mut config, &Change::Batch { changes }).is_err(),
                "a batch of no changes is refused"
            );
            prop_assert_eq!(&config, &before, "a refused empty batch changes nothing");
            return Ok(());
        }
        let mut failing = changes.clone();
        failing.push(stale(&scratch));
        let err = apply(&mut config, &Change::Batch { changes: failing });
        prop_assert!(
            err.is_err(),
            "a batch whose last change is stale is refused"
        );
        prop_assert_eq!(
            &config,
            &before,
            "a refused batch keeps none of its earlier changes"
        );

        let inverse = apply(&mut config, &Change::Batch { changes }).map_err(|err| {
            TestCaseError::fail(format!("the valid prefix applies as a batch: {err}"))
        })?;
        prop_assert_eq!(
            &config,
            &scratch,
            "a batch does what its changes do one by one"
        );
        apply(&mut config, &inverse)
            .map_err(|err| TestCaseError::fail(format!("the inverse batch applies: {err}")))?;
        prop_assert_eq!(&config, &before, "the inverse of a batch undoes all of it");
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

#[test]
fn changes_and_configs_survive_json() {
    let result = runner().run(&vec(any::<u64>(), 1..20), |seeds| {
        let mut config = demo_practice();
        for seed in seeds {
            let change = change(&config, &mut Pick::new(seed));
            let json =
                serde_json::to_string(&change).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let back: Change = serde_json::from_str(&json)
                .map_err(|e| TestCaseError::fail(format!("{e}: {json}")))?;
            prop_assert_eq!(
                &back,
                &change,
                "a change reads back as written (the log stores JSON)"
            );
            let _ = apply(&mut config, &change);
        }
        let json =
            serde_json::to_string(&config).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let back: switchboard_core::Config =
            serde_json::from_str(&json).map_err(|e| TestCaseError::fail(format!("{e}")))?;
        prop_assert_eq!(&back, &config, "a configuration reads back as written");
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

/// The validator reports a fallback landing for a cell exactly when route() lands in the
/// fallback inbox for that cell on some day of the window — checked day by day, so the
/// validator's shortcut (only the days where an absence starts or ends) is checked too.
#[test]
fn the_validator_reports_fallback_exactly_when_route_falls_back() {
    use switchboard_core::{
        Cell, Context, Date, PersonKind, Place, Problem, Sender, route, validate,
    };

    let result = runner().run(&(any::<u64>(), vec(any::<u64>(), 0..20)), |(setup, seeds)| {
        // Rules naming single people, some of whom are away in the window, often without a
        // delegate: so that fallbacks start and stop inside the window.
        let mut config = fixture::practice();
        let mut pick = Pick::new(setup);
        let people: Vec<_> = config.people.keys().copied().collect();
        for topic in config.topics.clone() {
            let who = *pick.one(&people).expect("the fixture has people");
            let value = Some(fixture::to(&[fixture::p(who)]));
            let change = Change::SetRoute { topic: topic.key, scope: switchboard_core::Scope::Practice, expected: None, value };
            apply(&mut config, &change).map_err(|e| TestCaseError::fail(e.to_string()))?;
        }
        for id in &people {
            if pick.chance(50) {
                let start = Date::from_ymd(2026, 11, 15).expect("a day").add_days(i32::try_from(pick.below(30)).unwrap_or(0));
                let delegate = if pick.chance(50) { pick.one(&people).copied().map(fixture::p) } else { None };
                if let Some(person) = config.people.get_mut(id) {
                    person.out_of_office = Some(switchboard_core::OutOfOffice {
                        from: start,
                        until: start.add_days(i32::try_from(pick.below(10)).unwrap_or(0)),
                        delegate,
                        auto_reply: Default::default(),
                    });
                }
            }
        }
        for seed in seeds {
            let change = change(&config, &mut Pick::new(seed));
            let _ = apply(&mut config, &change);
        }
        let from = Date::from_ymd(2026, 11, 20).expect("a day");
        let to = from.add_days(20);
        let findings = validate(&config, from, to);
        for location in config.locations.values() {
            let mut providers: Vec<_> = config
                .people
                .values()
                .filter(|p| p.kind == PersonKind::Provider && p.active && p.locations.contains(&location.id))
                .map(|p| Some(p.id))
                .collect();
            providers.push(None);
            for provider in providers {
                let cell = Cell { location: location.id, provider };
                let context = Context {
                    location: location.id,
                    provider,
                    care_team: provider.into_iter().collect(),
                    sender: Sender::Patient,
                };
                for topic in config.topics.iter().filter(|t| t.enabled) {
                    let falls_back = (0..=20).any(|d| route(&config, &context, &topic.key, from.add_days(d)).is_fallback());
                    let reported = findings.iter().any(|f| {
                        matches!(f.problem, Problem::LandsInFallback { .. })
                            && matches!(&f.place, Place::Rule { topic: t, .. } if *t == topic.key)
                            && f.cells.contains(&cell)
                    });
                    prop_assert_eq!(
                        falls_back,
                        reported,
                        "a fallback finding for {:?} / {} exists exactly when route() falls back in the window",
                        cell,
                        topic.key
                    );
                }
            }
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

/// The compiled index answers exactly what route() answers.
#[test]
fn the_routing_index_agrees_with_route() {
    use switchboard_core::{Context, Date, RoutingIndex, Sender, route};

    let result = runner().run(
        &(vec(any::<u64>(), 0..30), any::<u64>()),
        |(seeds, probe)| {
            let mut config = demo_practice();
            for seed in seeds {
                let change = change(&config, &mut Pick::new(seed));
                let _ = apply(&mut config, &change);
            }
            let index = RoutingIndex::build(&config);
            let mut pick = Pick::new(probe);
            let locations: Vec<_> = config.locations.keys().copied().collect();
            let people: Vec<_> = config.people.keys().copied().collect();
            for _ in 0..50 {
                let Some(location) = pick.one(&locations).copied() else {
                    break;
                };
                let provider = if pick.chance(80) {
                    pick.one(&people).copied()
                } else {
                    None
                };
                let context = Context {
                    location,
                    provider,
                    care_team: provider.into_iter().collect(),
                    sender: *pick
                        .one(&[Sender::Patient, Sender::Guardian, Sender::Guarantor])
                        .expect("non-empty"),
                };
                let topic = pick.one(&config.topics).expect("topics").key.clone();
                let date = Date::from_ymd(2026, 11, 15)
                    .expect("a day")
                    .add_days(i32::try_from(pick.below(40)).unwrap_or(0));
                prop_assert_eq!(
                    index.route(&context, &topic, date),
                    route(&config, &context, &topic, date),
                    "the index is a cache of route(), never a different answer"
                );
            }
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{err}");
    }
}

/// Switching presets (`Change::SetTopics`) on configurations evolved by random edits —
/// custom topics added, rules at every scope, locations wording topics their own way — then
/// undoing it restores the configuration exactly, and redo switches again. (Kept out of the
/// general generator: a switch changes the built-in topics, which exports and imports
/// between evolved configurations rightly refuse to do.)
#[test]
fn a_preset_switch_on_an_evolved_practice_undoes_and_redoes_exactly() {
    use switchboard_core::Preset;
    use switchboard_core::presets::switch_preset;
    let result = runner().run(&vec(any::<u64>(), 0..30), |seeds| {
        let mut config = demo_practice();
        for seed in seeds {
            let next = change(&config, &mut Pick::new(seed));
            let _ = apply(&mut config, &next);
        }
        for preset in [Preset::IcaNotes, Preset::Elation] {
            let Some(switch) = switch_preset(&config, preset).change else {
                continue;
            };
            let before = config.clone();
            let inverse = apply(&mut config, &switch)
                .map_err(|err| TestCaseError::fail(format!("the switch must apply: {err}")))?;
            let after = config.clone();
            prop_assert!(
                config.topics.iter().filter(|t| t.builtin).count() == preset.topics().len(),
                "the built-in topics are the preset's"
            );
            let redo = apply(&mut config, &inverse)
                .map_err(|err| TestCaseError::fail(format!("undo must apply: {err}")))?;
            prop_assert_eq!(&config, &before, "undo restores topics and their rules");
            apply(&mut config, &redo)
                .map_err(|err| TestCaseError::fail(format!("redo must apply: {err}")))?;
            prop_assert_eq!(&config, &after, "redo switches again");
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}

/// A change that says it touches only some topics' rules (`routed_topics`) leaves everything
/// else as it was — what lets a screen skip the cells of other topics after it.
#[test]
fn a_routing_change_touches_only_the_rules_of_the_topics_it_names() {
    use switchboard_core::TopicKey;
    let routed = Cell::new(0usize);
    let result = runner().run(&vec(any::<u64>(), 1..40), |seeds| {
        let mut config = fixture::practice();
        for seed in seeds {
            let change = change(&config, &mut Pick::new(seed));
            let before = config.clone();
            if apply(&mut config, &change).is_err() {
                continue;
            }
            let Some(topics) = change.routed_topics() else {
                continue;
            };
            routed.set(routed.get() + 1);
            let rules_except = |config: &switchboard_core::Config| {
                config
                    .routes
                    .iter()
                    .filter(|(topic, _, _)| !topics.contains(topic))
                    .map(|(topic, scope, route)| (topic.clone(), scope, route.clone()))
                    .collect::<Vec<(TopicKey, _, _)>>()
            };
            prop_assert_eq!(
                rules_except(&config),
                rules_except(&before),
                "{:?} changed the rules of a topic it does not name",
                change
            );
            let mut same_rules = config.clone();
            same_rules.routes = before.routes.clone();
            prop_assert_eq!(
                &same_rules,
                &before,
                "{:?} changed more than routing rules",
                change
            );
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
    assert!(
        routed.get() >= 50,
        "the generator makes routing changes often enough to test this ({} applied)",
        routed.get()
    );
}

/// What the store writes after a change is what `Change::touches` names (crates/store): for
/// generated changes (every kind the generator makes, batches of them, preset switches and
/// the demo flag), every row that differs between before and after is named, so a store
/// writing only the named rows keeps every row equal to the configuration.
#[test]
fn every_row_a_change_alters_is_one_it_names() {
    use switchboard_core::presets::switch_preset;
    use switchboard_core::{Preset, Touched};
    let applied = Cell::new(0usize);
    let result = runner().run(
        &(vec(any::<u64>(), 1..40), any::<bool>()),
        |(seeds, from_demo)| {
            let mut config = if from_demo {
                demo_practice()
            } else {
                fixture::practice()
            };
            for seed in seeds {
                let mut pick = Pick::new(seed);
                let change = match pick.below(20) {
                    0 => switch_preset(&config, Preset::IcaNotes)
                        .change
                        .unwrap_or_else(|| change(&config, &mut pick)),
                    1 => switch_preset(&config, Preset::Elation)
                        .change
                        .unwrap_or_else(|| change(&config, &mut pick)),
                    2 => Change::SetDemo {
                        expected: config.demo,
                        value: !config.demo,
                    },
                    _ => change(&config, &mut pick),
                };
                let before = config.clone();
                if apply(&mut config, &change).is_err() {
                    continue;
                }
                applied.set(applied.get() + 1);
                let differs = Touched::between(&before, &config);
                let named = change.touches();
                prop_assert!(
                    differs.is_within(&named),
                    "{:?} altered rows it does not name: differs {:?}, named {:?}",
                    change,
                    differs,
                    named
                );
            }
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{err}");
    }
    assert!(
        applied.get() >= 1_000,
        "enough generated changes applied to test this ({})",
        applied.get()
    );
}

/// A refused change leaves the configuration exactly as it was, also when the configuration
/// already held what `apply` refuses (a rule or a group naming someone removed, as an old
/// version's file may): `apply` puts the rows back by value, not through its own checks.
/// The recorded case first: emptying a fallback inbox's group that lists someone removed was
/// refused, and putting the members back through the checks panicked (2026-12-01).
#[test]
fn a_refused_change_changes_nothing_on_a_practice_with_dangling_references() {
    use switchboard_core::Date;
    let from = Date::from_ymd(2026, 11, 20).expect("a real day");
    let window = (from, from.add_days(20));
    let refused = Cell::new(0usize);
    let recorded = Just((2953352795016585717u64, vec![0, 222310378091928132, 0, 0]));
    let generated = (any::<u64>(), vec(any::<u64>(), 1..40));
    for (cases, strategy) in [(1, recorded.boxed()), (256, generated.boxed())] {
        let result = crate::generate::runner(cases).run(&strategy, |(setup, seeds)| {
            let mut config = crate::generate::troubled_practice(setup, &[], window, true);
            for seed in seeds {
                let change = change(&config, &mut Pick::new(seed));
                let before = config.clone();
                if apply(&mut config, &change).is_err() {
                    refused.set(refused.get() + 1);
                    prop_assert_eq!(
                        &config,
                        &before,
                        "refusing {:?} changed the configuration",
                        change
                    );
                }
            }
            Ok(())
        });
        if let Err(err) = result {
            panic!("{err}");
        }
    }
    assert!(
        refused.get() >= 20,
        "the troubled practice meets refusals often enough to test this ({})",
        refused.get()
    );
}
