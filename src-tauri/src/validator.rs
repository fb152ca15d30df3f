//! The validator, run in the shell: natively and on a blocking thread, so the page's only
//! thread never waits for it (in the page, the large practice's check took ~2.4 s of it).
//!
//! Words: a *check* is the validator's findings for the stored configuration at one revision,
//! over the default window from a day (`lists::findings`). The shell keeps the last check; the
//! next one starts from it (`lists::findings_since`): when only rules changed in between —
//! however they changed: an edit, an undo, a sync — only the topics whose rules differ are
//! checked again.

use std::sync::{Mutex, PoisonError};

use switchboard_core::ipc::Checked;
use switchboard_core::{Config, Date, Finding, lists};

/// The last check, for the next one to start from.
#[derive(Debug, Default)]
pub struct Validator(Mutex<Option<Last>>);

#[derive(Debug)]
struct Last {
    day: Date,
    config: Config,
    findings: Vec<Finding>,
}

impl Validator {
    /// The findings for `config`, stored at `revision`, over the window from `day`. Runs as
    /// long as the validator does: call it off the async runtime's threads.
    pub fn check(&self, revision: i64, config: Config, day: Date) -> Checked {
        let mut last = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        let findings = match last.as_ref() {
            Some(last) if last.day == day => {
                lists::findings_since(&last.config, &last.findings, &config, day)
            }
            _ => lists::findings(&config, day),
        };
        *last = Some(Last {
            day,
            config,
            findings: findings.clone(),
        });
        Checked { revision, findings }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_core::{Change, Scope, TopicKey, apply, demo_practice};

    #[test]
    fn each_check_equals_the_findings_from_scratch_whatever_came_before() {
        let day = Date::from_ymd(2026, 11, 30).expect("a day");
        let validator = Validator::default();
        let mut config = demo_practice();
        let first = validator.check(1, config.clone(), day);
        assert_eq!(
            first.findings,
            lists::findings(&config, day),
            "the first check"
        );
        assert_eq!(first.revision, 1);
        // A routing edit: the practice's default for General lets the patient choose.
        let general = TopicKey::new("general");
        let change = Change::SetRoute {
            topic: general.clone(),
            scope: Scope::Practice,
            expected: config.routes.stored(&general, Scope::Practice).cloned(),
            value: None,
        };
        apply(&mut config, &change).expect("applies");
        let second = validator.check(2, config.clone(), day);
        assert_eq!(
            second.findings,
            lists::findings(&config, day),
            "after a rule"
        );
        // Another day: checked from scratch.
        let later = day.add_days(40);
        let third = validator.check(2, config.clone(), later);
        assert_eq!(
            third.findings,
            lists::findings(&config, later),
            "another day"
        );
    }
}
