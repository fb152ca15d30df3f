//! Edits of the topic list as the Topics screen makes them: rename, move, add a custom topic,
//! remove one. Each reads the current configuration to fill in what the change expects, so
//! the screen never builds compare-and-set values by hand.

use super::Change;
use crate::model::{Config, Localized, Topic, TopicField, TopicKey};

/// Why a topic edit cannot be built. The message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TopicEditError {
    #[error("Give the topic a name in English: it is what patients pick from.")]
    NoLabel,
    #[error("Give the topic a To: name in English: it is what patients see as the recipient.")]
    NoDisplayName,
}

/// The texts a patient sees for a topic, checked: English is required, Spanish falls back
/// to English when left empty.
fn texts(
    label: Localized,
    display_name: Localized,
) -> Result<(Localized, Localized), TopicEditError> {
    let tidy = |text: Localized| Localized::new(text.en.trim(), text.es.trim());
    let (label, display_name) = (tidy(label), tidy(display_name));
    if label.en.is_empty() {
        return Err(TopicEditError::NoLabel);
    }
    if display_name.en.is_empty() {
        return Err(TopicEditError::NoDisplayName);
    }
    Ok((label, display_name))
}

/// Sets a topic's label and To: name. `Ok(None)` when nothing differs or the topic is gone.
pub fn set_texts(
    config: &Config,
    key: &TopicKey,
    label: Localized,
    display_name: Localized,
) -> Result<Option<Change>, TopicEditError> {
    let (label, display_name) = texts(label, display_name)?;
    let Some(topic) = config.topic(key) else {
        return Ok(None);
    };
    let mut changes = Vec::new();
    if topic.label != label {
        changes.push(Change::SetTopicText {
            topic: key.clone(),
            expected: TopicField::Label(topic.label.clone()),
            value: TopicField::Label(label),
        });
    }
    if topic.display_name != display_name {
        changes.push(Change::SetTopicText {
            topic: key.clone(),
            expected: TopicField::DisplayName(topic.display_name.clone()),
            value: TopicField::DisplayName(display_name),
        });
    }
    Ok(match changes.len() {
        0 => None,
        1 => changes.pop(),
        _ => Some(Change::Batch { changes }),
    })
}

/// Moves a topic `offset` places (−1 up, +1 down). `None` at either end or for an unknown topic.
pub fn move_by(config: &Config, key: &TopicKey, offset: isize) -> Option<Change> {
    let from = config.topics.iter().position(|t| &t.key == key)?;
    let to = from.checked_add_signed(offset)?;
    move_to(config, key, to)
}

/// Moves a topic to `index` in the patients' order (where a drag dropped it). `None` when it
/// is already there, the index is past the end, or the topic is unknown.
pub fn move_to(config: &Config, key: &TopicKey, index: usize) -> Option<Change> {
    let expected: Vec<TopicKey> = config.topics.iter().map(|t| t.key.clone()).collect();
    let from = expected.iter().position(|k| k == key)?;
    if index >= expected.len() || index == from {
        return None;
    }
    let mut value = expected.clone();
    let moved = value.remove(from);
    value.insert(index, moved);
    Some(Change::ReorderTopics { expected, value })
}

/// Adds a custom topic at the end, switched on, with a key made from its English label.
pub fn add_custom(
    config: &Config,
    label: Localized,
    display_name: Localized,
) -> Result<Change, TopicEditError> {
    let (label, display_name) = texts(label, display_name)?;
    Ok(Change::AddTopic {
        topic: Topic {
            key: unused_key(config, &label.en),
            enabled: true,
            label,
            display_name,
            builtin: false,
        },
        position: config.topics.len(),
        rules: Vec::new(),
    })
}

/// Removes a custom topic with its rules. `None` for a built-in or unknown topic.
pub fn remove(config: &Config, key: &TopicKey) -> Option<Change> {
    let position = config.topics.iter().position(|t| &t.key == key)?;
    let topic = &config.topics[position];
    if topic.builtin {
        return None;
    }
    let rules = config.routes.rules_of(key);
    Some(Change::RemoveTopic {
        topic: topic.clone(),
        position,
        rules,
    })
}

/// How many routing rules name `key`: what removing it would take away.
pub fn rule_count(config: &Config, key: &TopicKey) -> usize {
    config.routes.of_topic(key).count()
}

/// `custom_<slug>` from the label, made unique with a number when taken.
fn unused_key(config: &Config, label: &str) -> TopicKey {
    let mut slug = String::new();
    for c in label.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_');
    let base = if slug.is_empty() {
        "custom".to_string()
    } else {
        format!("custom_{slug}")
    };
    let taken = |key: &str| {
        let key = TopicKey::new(key);
        config.topic(&key).is_some() || config.routes.of_topic(&key).next().is_some()
    };
    if !taken(&base) {
        return TopicKey::new(base);
    }
    (2..)
        .map(|n| format!("{base}_{n}"))
        .find(|key| !taken(key))
        .map(TopicKey::new)
        .expect("some numbered key is free")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply, demo_practice};

    #[test]
    fn a_custom_topic_is_added_removed_and_its_key_is_unique() {
        let mut config = demo_practice();
        let billing = || Localized::new("Billing question", "");
        let change = add_custom(&config, billing(), Localized::new("Billing Office", ""))
            .expect("English texts given");
        apply(&mut config, &change).expect("a new custom topic applies");
        let added = config.topics.last().expect("added at the end").clone();
        assert_eq!(
            added.key.as_str(),
            "custom_billing_question",
            "the key comes from the label"
        );
        assert!(
            added.enabled && !added.builtin,
            "custom topics start on and can be removed"
        );

        let again = add_custom(&config, billing(), Localized::new("Billing", "")).expect("valid");
        apply(&mut config, &again).expect("a second topic with the same label applies");
        assert_eq!(
            config.topics.last().map(|t| t.key.as_str()),
            Some("custom_billing_question_2"),
            "a taken key gets a number"
        );

        let removal = remove(&config, &added.key).expect("custom topics can be removed");
        apply(&mut config, &removal).expect("the removal applies");
        assert!(config.topic(&added.key).is_none(), "it is gone");
        assert!(
            remove(&config, &TopicKey::new("appointments")).is_none(),
            "built-in topics are switched off, not removed"
        );
    }

    #[test]
    fn empty_english_texts_are_refused_with_a_sentence() {
        let config = demo_practice();
        let err = add_custom(
            &config,
            Localized::new("  ", "Algo"),
            Localized::new("X", ""),
        )
        .expect_err("no English label");
        assert_eq!(err, TopicEditError::NoLabel);
        assert!(
            err.to_string().contains("English"),
            "says what is missing: {err}"
        );
    }

    #[test]
    fn moving_stops_at_the_ends_and_renaming_only_changes_what_differs() {
        let mut config = demo_practice();
        let first = config.topics[0].key.clone();
        assert!(
            move_by(&config, &first, -1).is_none(),
            "the first topic cannot move up"
        );
        let down = move_by(&config, &first, 1).expect("it can move down");
        apply(&mut config, &down).expect("the reorder applies");
        assert_eq!(config.topics[1].key, first, "it moved one place down");
        let last = config.topics.len() - 1;
        let to_end = move_to(&config, &first, last).expect("a drop at the end moves it there");
        apply(&mut config, &to_end).expect("the reorder applies");
        assert_eq!(config.topics[last].key, first, "dropped last, it is last");
        assert!(
            move_to(&config, &first, last).is_none(),
            "dropping it where it is is no edit"
        );
        assert!(
            move_to(&config, &first, last + 1).is_none(),
            "past the end is no edit"
        );
        let back = move_to(&config, &first, 1).expect("and back");
        apply(&mut config, &back).expect("applies");

        let topic = config.topics[1].clone();
        assert_eq!(
            set_texts(
                &config,
                &topic.key,
                topic.label.clone(),
                topic.display_name.clone()
            ),
            Ok(None),
            "saving unchanged texts is no edit"
        );
        let renamed = Localized::new("Front Desk", "Recepción");
        let change = set_texts(&config, &topic.key, topic.label.clone(), renamed.clone())
            .expect("valid")
            .expect("the To: name differs");
        assert!(
            matches!(change, Change::SetTopicText { .. }),
            "one field changed, one change: {change:?}"
        );
        apply(&mut config, &change).expect("applies");
        assert_eq!(
            config.topics[1].display_name, renamed,
            "the new To: name is in place"
        );
    }
}
