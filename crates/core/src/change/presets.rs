//! Switching the topic preset (Elation's six, ICANotes' five): the whole topic list is
//! replaced in one [`Change::SetTopics`], whose compare-and-set covers the list the admin saw
//! and the rules that go with the topics leaving — so the switch, its preview and its undo
//! agree exactly.

use serde::{Deserialize, Serialize};

use super::{ApplyError, Change, check};
use crate::model::{Config, RouteRule, Topic, TopicKey};
use crate::preset::Preset;

/// What switching to a preset would do, for the admin to read before applying.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PresetPreview {
    /// Labels of the topics that come in.
    pub added: Vec<String>,
    /// Labels of the topics that go, each with how many routing rules go with it.
    pub removed: Vec<(String, usize)>,
    /// Labels of the topics that stay (same key, or custom topics, kept at the end).
    pub kept: Vec<String>,
    /// The change that does it: one undo step. `None` when the list is already the preset's.
    pub change: Option<Change>,
}

/// The topic list after switching to `preset`: the preset's topics in its order (keeping the
/// practice's own texts and on/off for topics it already has), then the custom topics.
pub fn switch_preset(config: &Config, preset: Preset) -> PresetPreview {
    let mut value: Vec<Topic> = preset
        .topics()
        .into_iter()
        .map(|topic| config.topic(&topic.key).cloned().unwrap_or(topic))
        .collect();
    value.extend(config.topics.iter().filter(|t| !t.builtin).cloned());
    let stays = |key: &TopicKey| value.iter().any(|t| &t.key == key);
    let removed_rules: Vec<RouteRule> = config
        .topics
        .iter()
        .filter(|t| !stays(&t.key))
        .flat_map(|t| config.routes.rules_of(&t.key))
        .collect();
    let preview = PresetPreview {
        added: value
            .iter()
            .filter(|t| config.topic(&t.key).is_none())
            .map(|t| t.label.en.clone())
            .collect(),
        removed: config
            .topics
            .iter()
            .filter(|t| !stays(&t.key))
            .map(|t| (t.label.en.clone(), config.routes.of_topic(&t.key).count()))
            .collect(),
        kept: value
            .iter()
            .filter(|t| config.topic(&t.key).is_some())
            .map(|t| t.label.en.clone())
            .collect(),
        change: None,
    };
    let change = (value != config.topics).then(|| Change::SetTopics {
        expected: config.topics.clone(),
        value,
        removed_rules,
        restored_rules: Vec::new(),
    });
    PresetPreview { change, ..preview }
}

/// Applies [`Change::SetTopics`].
pub(super) fn set_topics(
    config: &mut Config,
    expected: &[Topic],
    value: &[Topic],
    removed_rules: &[RouteRule],
    restored_rules: &[RouteRule],
) -> Result<Change, ApplyError> {
    check(
        || "The list of topics".into(),
        &expected.to_vec(),
        &config.topics,
    )?;
    if value.len() > crate::limits::TOPICS {
        return Err(ApplyError::Invalid {
            message: format!(
                "A practice can have at most {} topics; this list has {}. Leave some out and switch again.",
                crate::limits::TOPICS,
                value.len()
            ),
        });
    }
    for (index, topic) in value.iter().enumerate() {
        super::valid::topic(topic)?;
        if value[..index].iter().any(|t| t.key == topic.key) {
            return Err(ApplyError::AlreadyExists {
                what: format!("A topic with key \"{}\"", topic.key),
            });
        }
    }
    let leaving = |key: &TopicKey| !value.iter().any(|t| &t.key == key);
    let current_rules: Vec<RouteRule> = config
        .topics
        .iter()
        .filter(|t| leaving(&t.key))
        .flat_map(|t| config.routes.rules_of(&t.key))
        .collect();
    let expected_rules: Vec<RouteRule> = removed_rules
        .iter()
        .filter(|r| r.is_stored())
        .cloned()
        .collect();
    check(
        || "The routing rules of the topics being removed".into(),
        &expected_rules,
        &current_rules,
    )?;
    let mut scratch = config.clone();
    for rule in removed_rules {
        scratch.routes.set(&rule.topic, rule.scope, None);
    }
    scratch.topics = value.to_vec();
    super::routing::restore_rules(&mut scratch, restored_rules)?;
    *config = scratch;
    Ok(Change::SetTopics {
        expected: value.to_vec(),
        value: expected.to_vec(),
        removed_rules: restored_rules.to_vec(),
        restored_rules: removed_rules.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply, demo_practice};

    #[test]
    fn switching_to_icanotes_previews_then_applies_and_one_undo_restores_everything() {
        let original = demo_practice();
        let mut config = original.clone();
        let preview = switch_preset(&config, Preset::IcaNotes);
        assert_eq!(
            preview.added,
            ["Medical", "Appointment", "Medication", "Billing", "Other"],
            "ICANotes' five come in"
        );
        assert_eq!(preview.removed.len(), 6, "Elation's six go");
        let rules: usize = preview.removed.iter().map(|(_, n)| n).sum();
        assert_eq!(
            rules,
            original.routes.len(),
            "every demo rule belongs to an Elation topic, so all go with them"
        );
        let change = preview.change.expect("the lists differ");
        let undo = apply(&mut config, &change).expect("the switch applies");
        assert_eq!(
            config
                .topics
                .iter()
                .map(|t| t.key.as_str())
                .collect::<Vec<_>>(),
            Preset::IcaNotes
                .topics()
                .iter()
                .map(|t| t.key.as_str())
                .collect::<Vec<_>>(),
            "the topics are ICANotes' five"
        );
        assert!(
            config.routes.is_empty(),
            "their rules went with the Elation topics"
        );
        assert!(
            switch_preset(&config, Preset::IcaNotes).change.is_none(),
            "switching to the preset in use changes nothing"
        );
        apply(&mut config, &undo).expect("the inverse applies");
        assert_eq!(
            config, original,
            "one undo brings back the topics and their rules"
        );
        assert!(
            apply(&mut config, &change).is_ok() && apply(&mut config, &change).is_err(),
            "a switch built for a list that is gone is a conflict"
        );
    }
}
