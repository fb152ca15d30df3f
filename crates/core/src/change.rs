//! [`Change`]: every edit a user makes, as a value, and [`apply`], the only way a
//! [`Config`] changes.
//!
//! A change that overwrites a value carries the value it expects to replace
//! (compare-and-set): a stale edit is a [`ApplyError::Conflict`], never a silent overwrite.
//! Applying returns the inverse change, which is how undo, the audit log and sync work.

use serde::{Deserialize, Serialize};

use crate::model::{Config, TopicKey};

/// One edit of the configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Change {
    /// Switch a topic on or off for patients.
    SetTopicEnabled {
        topic: TopicKey,
        /// The value the editor saw; a different current value is a conflict.
        expected: bool,
        value: bool,
    },
    /// Several changes applied all together or not at all.
    Batch { changes: Vec<Change> },
}

/// Why a change could not be applied. The message says what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApplyError {
    #[error("There is no topic \"{topic}\". It may have been removed; reload and try again.")]
    UnknownTopic { topic: TopicKey },
    #[error(
        "{what} changed since you looked at it: it is now {found}, not {expected}. Your edit was not saved; review the current value and try again."
    )]
    Conflict {
        what: String,
        expected: String,
        found: String,
    },
}

/// Applies `change` to `config` and returns its inverse. On error `config` is unchanged.
pub fn apply(config: &mut Config, change: &Change) -> Result<Change, ApplyError> {
    match change {
        Change::SetTopicEnabled {
            topic,
            expected,
            value,
        } => {
            let current = config
                .topic_mut(topic)
                .ok_or_else(|| ApplyError::UnknownTopic {
                    topic: topic.clone(),
                })?;
            if current.enabled != *expected {
                return Err(ApplyError::Conflict {
                    what: format!("Whether topic \"{}\" is on", current.label.en),
                    expected: on_off(*expected).into(),
                    found: on_off(current.enabled).into(),
                });
            }
            current.enabled = *value;
            Ok(Change::SetTopicEnabled {
                topic: topic.clone(),
                expected: *value,
                value: *expected,
            })
        }
        Change::Batch { changes } => {
            // All or nothing: work on a copy and keep it only when every change applied.
            let mut scratch = config.clone();
            let mut inverses = Vec::with_capacity(changes.len());
            for change in changes {
                inverses.push(apply(&mut scratch, change)?);
            }
            *config = scratch;
            inverses.reverse();
            Ok(Change::Batch { changes: inverses })
        }
    }
}

fn on_off(enabled: bool) -> &'static str {
    if enabled { "on" } else { "off" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_practice;

    fn toggle(config: &Config, key: &str) -> Change {
        let key = TopicKey::new(key);
        let enabled = config.topic(&key).map(|t| t.enabled).unwrap_or_default();
        Change::SetTopicEnabled {
            topic: key,
            expected: enabled,
            value: !enabled,
        }
    }

    #[test]
    fn inverse_restores_the_configuration() {
        let original = demo_practice();
        let mut config = original.clone();
        let change = toggle(&config, "referrals");
        let inverse = apply(&mut config, &change).expect("the demo has a referrals topic");
        assert_ne!(config, original, "the toggle changed something");
        apply(&mut config, &inverse).expect("the inverse applies right after the change");
        assert_eq!(config, original, "change then inverse restores the configuration");
    }

    #[test]
    fn stale_expectation_is_a_conflict_and_changes_nothing() {
        let mut config = demo_practice();
        let change = toggle(&config, "referrals");
        apply(&mut config, &change).expect("first toggle applies");
        let before = config.clone();
        let err = apply(&mut config, &change).expect_err("the same toggle again is stale");
        assert!(
            matches!(err, ApplyError::Conflict { .. }),
            "a stale expected value is a conflict, got {err:?}"
        );
        assert!(
            err.to_string().contains("Referrals"),
            "the message names the topic: {err}"
        );
        assert_eq!(config, before, "a refused change leaves the configuration as it was");
    }

    #[test]
    fn unknown_topic_is_refused() {
        let mut config = demo_practice();
        let change = toggle(&config, "no-such-topic");
        let err = apply(&mut config, &change)
            .expect_err("unknown topics are refused");
        assert_eq!(
            err,
            ApplyError::UnknownTopic {
                topic: TopicKey::new("no-such-topic")
            }
        );
    }

    #[test]
    fn batch_is_all_or_nothing() {
        let mut config = demo_practice();
        let before = config.clone();
        let batch = Change::Batch {
            changes: vec![toggle(&config, "referrals"), toggle(&config, "missing")],
        };
        apply(&mut config, &batch).expect_err("the second change fails");
        assert_eq!(config, before, "the first change of a failed batch is not kept");

        let batch = Change::Batch {
            changes: vec![toggle(&config, "referrals"), toggle(&config, "appointments")],
        };
        let inverse = apply(&mut config, &batch).expect("both toggles apply");
        apply(&mut config, &inverse).expect("the inverse batch applies");
        assert_eq!(config, before, "the inverse of a batch undoes all of it");
    }
}
