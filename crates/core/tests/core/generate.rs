//! Generators of changes that are valid for the current configuration.
//!
//! Proptest draws plain numbers (seeds); [`change`] turns a seed and the current state into
//! one change, so shrinking works on the seeds and every change fits the state it meets.

use proptest::test_runner::{Config as RunnerConfig, TestRunner};
pub use switchboard_core::fixtures::changes::{Pick, change, new_person, recipients, stale};

mod practice;

pub use practice::troubled_practice;

/// A proptest runner for `cases` cases that keeps no failure files (the seeds are printed).
pub fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}
