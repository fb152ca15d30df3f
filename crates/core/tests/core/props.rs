//! Properties of apply() over generated changes: the inverse restores, redo re-applies, a
//! refused change changes nothing, a batch is all or nothing — and the generator is checked
//! to make mostly valid changes, so the properties are not passed by rejecting everything.

use std::cell::Cell;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use switchboard_core::{Change, apply, demo_practice};

use crate::fixture;
use crate::generate::{Pick, change, stale};

fn runner() -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases: 128,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
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
