//! Applying the changes to message settings: the practice's, a location's own, and how a
//! topic differs at a location.

use super::uses::topic_name;
use super::{ApplyError, Change, check, require_recipient, same_field, valid};
use crate::model::{Config, LocationId, Setting, SettingField, TopicKey, TopicOverride};

pub(super) fn set_practice_setting(
    config: &mut Config,
    expected: &Setting,
    value: &Setting,
) -> Result<Change, ApplyError> {
    same_field(
        expected.field().name(),
        value.field().name(),
        expected.field() == value.field(),
    )?;
    check(
        || {
            format!(
                "The practice's {} setting",
                expected.field().name().replace('_', " ")
            )
        },
        expected,
        &config.settings.get(expected.field()),
    )?;
    check_setting(config, value)?;
    config.settings.set(value.clone());
    Ok(Change::SetPracticeSetting {
        expected: value.clone(),
        value: expected.clone(),
    })
}

pub(super) fn set_location_setting(
    config: &mut Config,
    id: LocationId,
    field: SettingField,
    expected: &Option<Setting>,
    value: &Option<Setting>,
) -> Result<Change, ApplyError> {
    for setting in [expected, value].into_iter().flatten() {
        same_field(
            field.name(),
            setting.field().name(),
            setting.field() == field,
        )?;
    }
    if let Some(value) = value {
        check_setting(config, value)?;
    }
    let location = config
        .locations
        .get_mut(&id)
        .ok_or(ApplyError::UnknownLocation { id })?;
    let name = location.name.clone();
    check(
        || format!("The {} setting at {name}", field.name().replace('_', " ")),
        expected,
        &location.settings.get(field),
    )?;
    location.settings.set(field, value.clone());
    Ok(Change::SetLocationSetting {
        location: id,
        field,
        expected: value.clone(),
        value: expected.clone(),
    })
}

pub(super) fn set_location_topic(
    config: &mut Config,
    id: LocationId,
    topic: &TopicKey,
    expected: &TopicOverride,
    value: &TopicOverride,
) -> Result<Change, ApplyError> {
    valid::topic_override(topic, value)?;
    let what = format!("How topic \"{}\" differs at", topic_name(config, topic));
    let location = config
        .locations
        .get_mut(&id)
        .ok_or(ApplyError::UnknownLocation { id })?;
    let current = location
        .settings
        .topics
        .get(topic)
        .cloned()
        .unwrap_or_default();
    let name = location.name.clone();
    check(|| format!("{what} {name}"), expected, &current)?;
    if value.is_empty() {
        location.settings.topics.remove(topic);
    } else {
        location
            .settings
            .topics
            .insert(topic.clone(), value.clone());
    }
    Ok(Change::SetLocationTopic {
        location: id,
        topic: topic.clone(),
        expected: value.clone(),
        value: expected.clone(),
    })
}

/// Refuses a setting value no practice may have, or a fallback inbox that does not exist.
fn check_setting(config: &Config, value: &Setting) -> Result<(), ApplyError> {
    valid::setting(value)?;
    match value {
        Setting::FallbackInbox(inbox) => require_recipient(config, *inbox),
        _ => Ok(()),
    }
}
