//! How serious a validator finding is, so the Overview can count and order them.

use serde::{Deserialize, Serialize};

use crate::validate::Problem;

/// The seriousness of a [`Problem`], most serious first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// A message may reach nobody, or patients cannot write at all.
    Error,
    /// Messages reach someone, but not whom the rule names (the fallback inbox, a dropped
    /// person, an empty group).
    Warning,
    /// Confusing for patients, harmless for delivery (two people with the same name).
    Notice,
}

impl Severity {
    /// The word for the UI ("Errors").
    pub fn plural(self) -> &'static str {
        match self {
            Severity::Error => "Errors",
            Severity::Warning => "Warnings",
            Severity::Notice => "Notices",
        }
    }
}

impl Problem {
    /// How serious this problem is.
    pub fn severity(&self) -> Severity {
        match self {
            Problem::FallbackInboxMissing { .. }
            | Problem::FallbackInboxUnreachable { .. }
            | Problem::NoTopicEnabled => Severity::Error,
            Problem::LandsInFallback { .. }
            | Problem::Drops { .. }
            | Problem::EmptyGroup { .. }
            | Problem::MissingGroup { .. } => Severity::Warning,
            Problem::DuplicateName { .. } => Severity::Notice,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_broken_fallback_inbox_outranks_a_message_landing_in_it() {
        let landing = Problem::LandsInFallback {
            reason: crate::FallbackReason::NobodyLeft,
        };
        assert!(
            Problem::NoTopicEnabled.severity() < landing.severity(),
            "errors sort before warnings"
        );
        assert_eq!(
            landing.severity(),
            Severity::Warning,
            "the inbox still gets the message"
        );
    }
}
