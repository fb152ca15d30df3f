//! `lists::findings_since`: the findings of a configuration brought up to date from those of
//! an earlier one, whatever lies between them — edits of every kind, several at once, or an
//! undo back — equal the findings worked out from scratch. What lets the shell check only the
//! topics whose rules moved, without being told which edits came in between.

use std::cell::Cell as Counter;

use proptest::collection::vec;
use proptest::prelude::*;
use switchboard_core::lists::{findings, findings_since};
use switchboard_core::{Date, apply};

use crate::generate::{runner, troubled_practice};

const CASES: u32 = 48;

#[test]
fn findings_since_an_earlier_configuration_equal_findings_from_scratch() {
    let (rules_alone, everything) = (Counter::new(0u32), Counter::new(0u32));
    let from = Date::from_ymd(2026, 11, 20).expect("a real day");
    let steps = (
        any::<u64>(),
        vec((any::<u64>(), 1..4usize, any::<bool>()), 3..12),
    );
    let result = runner(CASES).run(&steps, |(setup, steps)| {
        let mut config = troubled_practice(setup, &[], (from, from.add_days(30)), true);
        let mut before = config.clone();
        let mut previous = findings(&before, from);
        for (seed, edits, routing_only) in steps {
            // One to three edits between two checks, as when several reach the store at once;
            // in half the steps routing edits only (generated edits of every kind, the others
            // skipped), so that both of `findings_since`'s paths are taken often.
            let mut pick = crate::generate::Pick::new(seed);
            for _ in 0..edits {
                let change = crate::generate::change(&config, &mut pick);
                if routing_only && change.routed_topics().is_none() {
                    continue;
                }
                let _ = apply(&mut config, &change);
            }
            let scratch = findings(&config, from);
            let since = findings_since(&before, &previous, &config, from);
            prop_assert_eq!(&since, &scratch, "brought up to date ≠ from scratch");
            if config.same_apart_from_rules(&before) {
                rules_alone.set(rules_alone.get() + 1);
            } else {
                everything.set(everything.get() + 1);
            }
            // And back again, as an undo of all of them does.
            let back = findings_since(&config, &scratch, &before, from);
            prop_assert_eq!(&back, &previous, "undone ≠ the findings before");
            before = config.clone();
            previous = scratch;
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("findings_since: {err}");
    }
    assert!(
        rules_alone.get() >= 50 && everything.get() >= 50,
        "both paths were taken often: {} by rules alone, {} from scratch",
        rules_alone.get(),
        everything.get()
    );
}
