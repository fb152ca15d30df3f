//! Applying the changes to routing rules and message settings.

use super::entities::{require_recipient, same_field};
use super::uses::{scope_name, topic_name};
use super::{ApplyError, Change, check, valid};
use crate::limits::RULES;
use crate::model::{
    Config, LocationId, Route, RouteRule, Scope, Setting, SettingField, TopicKey, TopicOverride,
};

pub(super) fn set_route(
    config: &mut Config,
    topic: &TopicKey,
    scope: Scope,
    expected: &Option<Route>,
    value: &Option<Route>,
) -> Result<Change, ApplyError> {
    if config.topic(topic).is_none() {
        return Err(ApplyError::UnknownTopic {
            topic: topic.clone(),
        });
    }
    if let Some(id) = scope.location()
        && !config.locations.contains_key(&id)
    {
        return Err(ApplyError::UnknownLocation { id });
    }
    if let Some(id) = scope.provider()
        && !config.people.contains_key(&id)
    {
        return Err(ApplyError::UnknownPerson { id });
    }
    check(
        || {
            format!(
                "The {} rule for {}",
                topic_name(config, topic),
                scope_name(config, scope)
            )
        },
        expected,
        &config.routes.get(topic, scope).cloned(),
    )?;
    if let Some(route) = value {
        valid::route(route)?;
        if let Route::Recipients(list) = route {
            for recipient in list.as_slice() {
                require_recipient(config, *recipient)?;
            }
        }
        if expected.is_none() && config.routes.len() >= RULES {
            return Err(ApplyError::Invalid {
                message: format!(
                    "This practice has {RULES} routing rules, the most Switchboard keeps. Clear rules that say the same as a broader one (Routing → \"Reset to inherited\"), then add this one."
                ),
            });
        }
    }
    config.routes.set(topic, scope, value.clone());
    Ok(Change::SetRoute {
        topic: topic.clone(),
        scope,
        expected: value.clone(),
        value: expected.clone(),
    })
}

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

/// Puts back `rules` whose topics are in `config` and whose places are free (re-adding a topic
/// with its rules, undoing a preset switch). The first rule for an unknown topic, or for a
/// place that already has a rule, is refused.
pub(super) fn restore_rules(config: &mut Config, rules: &[RouteRule]) -> Result<(), ApplyError> {
    for rule in rules {
        if config.topic(&rule.topic).is_none() {
            return Err(ApplyError::UnknownTopic {
                topic: rule.topic.clone(),
            });
        }
        set_route(
            config,
            &rule.topic,
            rule.scope,
            &None,
            &Some(rule.route.clone()),
        )?;
    }
    Ok(())
}
