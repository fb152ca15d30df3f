//! [`Change`]: every edit a user makes, as a value, and [`apply`], the only way a
//! [`Config`] changes.
//!
//! A change that overwrites a value carries the value it expects to replace
//! (compare-and-set): a stale edit is an [`ApplyError::Conflict`], never a silent overwrite.
//! An add expects the entity to be absent; a remove expects it present and equal to the
//! whole entity it carries, so that its inverse (an add) can bring it back exactly. Applying
//! returns the inverse change, which is how undo, the audit log and sync work. Compound edits
//! are a [`Change::Batch`], applied all or nothing; [`bulk`] builds the common ones.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::{
    Config, Group, GroupField, GroupId, Location, LocationField, LocationId, Person, PersonField,
    PersonId, PracticeName, Route, RouteRule, Scope, Setting, SettingField, Topic, TopicField,
    TopicKey, TopicOverride,
};

mod before;
pub mod bulk;
mod describe;
mod entities;
mod error;
pub mod group_edits;
pub(crate) mod inbox;
mod outranked;
pub mod people_edits;
pub mod presets;
mod routing;
pub mod setting_edits;
mod settings;
pub mod topic_edits;
mod touched;
mod uses;
pub(crate) mod valid;

use before::Before;
pub(crate) use describe::Describe;
pub use error::ApplyError;
pub(crate) use inbox::readers as inbox_readers;
pub use touched::Touched;
pub use uses::{Target, Use, uses_of};
pub(crate) use uses::{scope_name, topic_name};

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
    /// Edit a topic's label or To: display name.
    SetTopicText {
        topic: TopicKey,
        expected: TopicField,
        value: TopicField,
    },
    /// Add a custom topic at `position` (0 = first), with its rules (usually none).
    AddTopic {
        topic: Topic,
        position: usize,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rules: Vec<RouteRule>,
    },
    /// Remove a custom topic, which must be at `position`, and its rules, which must be `rules`.
    RemoveTopic {
        topic: Topic,
        position: usize,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        rules: Vec<RouteRule>,
    },
    /// Put the topics in a new order; `expected` is the order the editor saw.
    ReorderTopics {
        expected: Vec<TopicKey>,
        value: Vec<TopicKey>,
    },
    SetPracticeName {
        expected: PracticeName,
        value: PracticeName,
    },
    /// Mark the configuration as a demo practice or not (an import of a real practice
    /// over the demo clears it).
    SetDemo {
        expected: bool,
        value: bool,
    },
    AddLocation {
        location: Location,
    },
    RemoveLocation {
        location: Location,
    },
    SetLocationField {
        location: LocationId,
        expected: LocationField,
        value: LocationField,
    },
    AddPerson {
        person: Person,
    },
    RemovePerson {
        person: Person,
    },
    SetPersonField {
        person: PersonId,
        expected: PersonField,
        value: PersonField,
    },
    AddGroup {
        group: Group,
    },
    RemoveGroup {
        group: Group,
    },
    SetGroupField {
        group: GroupId,
        expected: GroupField,
        value: GroupField,
    },
    /// Set (`Some`) or clear (`None`, Inherit) the rule for `topic` at `scope`.
    SetRoute {
        topic: TopicKey,
        scope: Scope,
        expected: Option<Route>,
        value: Option<Route>,
    },
    /// Change one practice-wide setting; `expected` and `value` name the same setting.
    SetPracticeSetting {
        expected: Setting,
        value: Setting,
    },
    /// Set (`Some`) or clear (`None`: as the practice) one location's override of `field`.
    SetLocationSetting {
        location: LocationId,
        field: SettingField,
        expected: Option<Setting>,
        value: Option<Setting>,
    },
    /// Set how `topic` differs at `location` (an empty override: as the practice). The topic
    /// need not exist: an override of a topic the practice no longer has is ignored.
    SetLocationTopic {
        location: LocationId,
        topic: TopicKey,
        expected: TopicOverride,
        value: TopicOverride,
    },
    /// Replace the whole topic list (switching presets): `expected` is the list the editor
    /// saw; `removed_rules` are the rules of the topics that go (exactly the current ones);
    /// `restored_rules` are put back (the inverse of a switch that removed them).
    SetTopics {
        expected: Vec<Topic>,
        value: Vec<Topic>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        removed_rules: Vec<RouteRule>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        restored_rules: Vec<RouteRule>,
    },
    /// Several changes applied all together or not at all.
    Batch {
        changes: Vec<Change>,
    },
}

impl Change {
    /// The topics whose rules the change sets or clears, when that is all it can touch (a rule
    /// set or cleared, or a batch of only those: topics, locations, people, groups and settings
    /// stay as they are); `None` when it can touch anything else. A screen showing one topic's
    /// rules need not look again after a change that does not name it.
    pub fn routed_topics(&self) -> Option<BTreeSet<&TopicKey>> {
        let mut topics = BTreeSet::new();
        self.collect_routed_topics(&mut topics).then_some(topics)
    }

    fn collect_routed_topics<'a>(&'a self, topics: &mut BTreeSet<&'a TopicKey>) -> bool {
        match self {
            Change::SetRoute { topic, .. } => {
                topics.insert(topic);
                true
            }
            Change::Batch { changes } => changes
                .iter()
                .all(|change| change.collect_routed_topics(topics)),
            _ => false,
        }
    }

    /// Whether applying the change would leave every configuration as it is (an empty batch,
    /// or a field set to the value it expects).
    pub fn is_noop(&self) -> bool {
        match self {
            Change::Batch { changes } => changes.iter().all(Change::is_noop),
            Change::SetTopicEnabled {
                expected, value, ..
            } => expected == value,
            Change::SetTopicText {
                expected, value, ..
            } => expected == value,
            Change::ReorderTopics { expected, value } => expected == value,
            Change::SetTopics {
                expected,
                value,
                removed_rules,
                restored_rules,
            } => expected == value && removed_rules.is_empty() && restored_rules.is_empty(),
            Change::SetPracticeName { expected, value } => expected == value,
            Change::SetDemo { expected, value } => expected == value,
            Change::SetLocationField {
                expected, value, ..
            } => expected == value,
            Change::SetPersonField {
                expected, value, ..
            } => expected == value,
            Change::SetGroupField {
                expected, value, ..
            } => expected == value,
            Change::SetRoute {
                expected, value, ..
            } => expected == value,
            Change::SetPracticeSetting { expected, value } => expected == value,
            Change::SetLocationSetting {
                expected, value, ..
            } => expected == value,
            Change::SetLocationTopic {
                expected, value, ..
            } => expected == value,
            Change::AddTopic { .. }
            | Change::RemoveTopic { .. }
            | Change::AddLocation { .. }
            | Change::RemoveLocation { .. }
            | Change::AddPerson { .. }
            | Change::RemovePerson { .. }
            | Change::AddGroup { .. }
            | Change::RemoveGroup { .. } => false,
        }
    }
}

/// Applies `change` to `config` and returns its inverse. On error `config` is unchanged.
///
/// This is the one gate every change passes, from the app's own screens or from a synced
/// client: it trusts nothing the change carries. Every value is checked (see `valid` and
/// [`limits`](crate::limits)), everything named must exist, expectations must hold
/// (compare-and-set), and no fallback inbox may be left without a reader (see `inbox`).
pub fn apply(config: &mut Config, change: &Change) -> Result<Change, ApplyError> {
    let touched = change.touches();
    if !touched.may_change_readers() {
        return apply_one(config, change);
    }
    let readerless = inbox::Readerless::of(config);
    let before = Before::take(config, &touched);
    let inverse = apply_one(config, change)?;
    if let Err(refused) = readerless.refuse_new(config) {
        // By value: the configuration may hold what the checks refuse (see `before`).
        before.restore(config);
        return Err(refused);
    }
    Ok(inverse)
}

/// [`apply`] less the fallback-inbox check, which holds for a whole change, not its parts:
/// for building a batch step by step (its intermediate states need not keep it), never for
/// a change on its own.
pub(crate) fn apply_one(config: &mut Config, change: &Change) -> Result<Change, ApplyError> {
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
            check(
                || format!("Whether topic \"{}\" is on", current.label.en),
                expected,
                &current.enabled,
            )?;
            current.enabled = *value;
            Ok(Change::SetTopicEnabled {
                topic: topic.clone(),
                expected: *value,
                value: *expected,
            })
        }
        Change::SetTopicText {
            topic,
            expected,
            value,
        } => entities::set_topic_text(config, topic, expected, value),
        Change::AddTopic {
            topic,
            position,
            rules,
        } => entities::add_topic(config, topic, *position, rules),
        Change::RemoveTopic {
            topic,
            position,
            rules,
        } => entities::remove_topic(config, topic, *position, rules),
        Change::ReorderTopics { expected, value } => {
            entities::reorder_topics(config, expected, value)
        }
        Change::SetTopics {
            expected,
            value,
            removed_rules,
            restored_rules,
        } => presets::set_topics(config, expected, value, removed_rules, restored_rules),
        Change::SetPracticeName { expected, value } => {
            valid::practice_name(&value.0)?;
            check(
                || "The practice name".into(),
                &expected.0,
                &config.practice_name.0,
            )?;
            config.practice_name = value.clone();
            Ok(Change::SetPracticeName {
                expected: value.clone(),
                value: expected.clone(),
            })
        }
        Change::SetDemo { expected, value } => {
            check(
                || "Whether this is a demo practice".into(),
                expected,
                &config.demo,
            )?;
            config.demo = *value;
            Ok(Change::SetDemo {
                expected: *value,
                value: *expected,
            })
        }
        Change::AddLocation { location } => entities::add_location(config, location),
        Change::RemoveLocation { location } => entities::remove_location(config, location),
        Change::SetLocationField {
            location,
            expected,
            value,
        } => entities::set_location_field(config, *location, expected, value),
        Change::AddPerson { person } => entities::add_person(config, person),
        Change::RemovePerson { person } => entities::remove_person(config, person),
        Change::SetPersonField {
            person,
            expected,
            value,
        } => entities::set_person_field(config, *person, expected, value),
        Change::AddGroup { group } => entities::add_group(config, group),
        Change::RemoveGroup { group } => entities::remove_group(config, group),
        Change::SetGroupField {
            group,
            expected,
            value,
        } => entities::set_group_field(config, *group, expected, value),
        Change::SetRoute {
            topic,
            scope,
            expected,
            value,
        } => routing::set_route(config, topic, *scope, expected, value),
        Change::SetPracticeSetting { expected, value } => {
            settings::set_practice_setting(config, expected, value)
        }
        Change::SetLocationSetting {
            location,
            field,
            expected,
            value,
        } => settings::set_location_setting(config, *location, *field, expected, value),
        Change::SetLocationTopic {
            location,
            topic,
            expected,
            value,
        } => settings::set_location_topic(config, *location, topic, expected, value),
        Change::Batch { changes } => {
            if changes.is_empty() {
                return Err(ApplyError::Invalid {
                    message: "This edit holds no changes, so there is nothing to save or undo. Make the edit again.".into(),
                });
            }
            // All or nothing: the rows the batch names go back as they were when a part fails.
            let before = Before::take(config, &change.touches());
            let mut inverses = Vec::with_capacity(changes.len());
            for change in changes {
                match apply_one(config, change) {
                    Ok(inverse) => inverses.push(inverse),
                    Err(refused) => {
                        before.restore(config);
                        return Err(refused);
                    }
                }
            }
            inverses.reverse();
            Ok(Change::Batch { changes: inverses })
        }
    }
}

/// Compare-and-set: `Ok` when the current value is the expected one, else a conflict naming `what`.
pub(crate) fn check<T: PartialEq + Describe>(
    what: impl FnOnce() -> String,
    expected: &T,
    found: &T,
) -> Result<(), ApplyError> {
    if expected == found {
        Ok(())
    } else {
        Err(ApplyError::Conflict {
            what: what(),
            expected: expected.describe(),
            found: found.describe(),
        })
    }
}

/// Refuses an edit whose expected and new values belong to different fields.
pub(crate) fn same_field(
    expected: &'static str,
    value: &'static str,
    same: bool,
) -> Result<(), ApplyError> {
    if same {
        Ok(())
    } else {
        Err(ApplyError::MismatchedFields {
            expected_field: expected,
            value_field: value,
        })
    }
}

/// Every recipient a change names must exist.
pub(crate) fn require_recipient(
    config: &Config,
    recipient: crate::model::Recipient,
) -> Result<(), ApplyError> {
    match recipient {
        crate::model::Recipient::Person(id) if !config.people.contains_key(&id) => {
            Err(ApplyError::UnknownPerson { id })
        }
        crate::model::Recipient::Group(id) if !config.groups.contains_key(&id) => {
            Err(ApplyError::UnknownGroup { id })
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_practice;
    use crate::model::Recipient;

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
        assert_eq!(
            config, original,
            "change then inverse restores the configuration"
        );
    }

    #[test]
    fn a_refused_change_leaves_a_configuration_that_held_a_dangling_member_as_it_was() {
        // The inbox's group lists someone not in the directory (an old version's leftover):
        // emptying it leaves the inbox unread, and the refusal must put the group back as it
        // was, dangling member and all, not through checks that refuse that member.
        let mut config = demo_practice();
        let Recipient::Group(inbox) = config.settings.fallback_inbox else {
            panic!("the demo's fallback inbox is a group")
        };
        let ghost = PersonId::from_u128(0xdead);
        assert!(config.person(ghost).is_none(), "nobody has that id");
        config
            .groups
            .get_mut(&inbox)
            .expect("the inbox group")
            .members
            .push(ghost);
        let original = config.clone();
        let members = original
            .group(inbox)
            .expect("the inbox group")
            .members
            .clone();
        let empty = Change::SetGroupField {
            group: inbox,
            expected: GroupField::Members(members),
            value: GroupField::Members(Vec::new()),
        };
        let err = apply(&mut config, &empty).expect_err("an inbox without readers is refused");
        assert!(
            err.to_string().contains("inbox"),
            "the refusal names the inbox: {err}"
        );
        assert_eq!(config, original, "the refusal changed nothing");
        let batch = Change::Batch {
            changes: vec![toggle(&config, "referrals"), empty],
        };
        apply(&mut config, &batch).expect_err("a batch emptying the inbox is refused too");
        assert_eq!(config, original, "the batch's refusal changed nothing");
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
        assert_eq!(
            config, before,
            "a refused change leaves the configuration as it was"
        );
    }

    #[test]
    fn clearing_the_practice_rule_means_the_patient_chooses_in_either_encoding() {
        let original = demo_practice();
        let general = TopicKey::new("general");
        let current = original.routes.get(&general, Scope::Practice).cloned();
        assert!(
            matches!(current, Some(Route::Recipients(_))),
            "the demo routes it"
        );
        for cleared in [None, Some(Route::PatientChooses)] {
            let mut config = original.clone();
            let inverse = apply(
                &mut config,
                &Change::SetRoute {
                    topic: general.clone(),
                    scope: Scope::Practice,
                    expected: current.clone(),
                    value: cleared.clone(),
                },
            )
            .expect("the practice rule may be cleared");
            assert_eq!(
                config.routes.get(&general, Scope::Practice),
                Some(&Route::PatientChooses),
                "{cleared:?}: the patient chooses"
            );
            assert_eq!(
                inverse,
                Change::SetRoute {
                    topic: general.clone(),
                    scope: Scope::Practice,
                    expected: Some(Route::PatientChooses),
                    value: current.clone(),
                },
                "{cleared:?}: the inverse is written in the one encoding"
            );
            for expected in [None, Some(Route::PatientChooses)] {
                let mut back = config.clone();
                apply(
                    &mut back,
                    &Change::SetRoute {
                        topic: general.clone(),
                        scope: Scope::Practice,
                        expected,
                        value: current.clone(),
                    },
                )
                .expect("either spelling of \"the patient chooses\" is what is there");
                assert_eq!(back, original);
            }
        }
    }

    #[test]
    fn unknown_topic_is_refused() {
        let mut config = demo_practice();
        let change = toggle(&config, "no-such-topic");
        let err = apply(&mut config, &change).expect_err("unknown topics are refused");
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
        assert_eq!(
            config, before,
            "the first change of a failed batch is not kept"
        );

        let batch = Change::Batch {
            changes: vec![
                toggle(&config, "referrals"),
                toggle(&config, "appointments"),
            ],
        };
        let inverse = apply(&mut config, &batch).expect("both toggles apply");
        apply(&mut config, &inverse).expect("the inverse batch applies");
        assert_eq!(config, before, "the inverse of a batch undoes all of it");
    }
}
