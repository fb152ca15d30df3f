//! Applying the changes to routing rules and message settings.

use super::entities::{require_recipient, same_field};
use super::uses::{scope_name, topic_name};
use super::{ApplyError, Change, check};
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
    if let Some(Route::Recipients(list)) = value {
        for recipient in list.as_slice() {
            require_recipient(config, *recipient)?;
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
    if value.label.as_ref().is_some_and(|l| l.en.trim().is_empty())
        || value
            .display_name
            .as_ref()
            .is_some_and(|d| d.en.trim().is_empty())
    {
        return Err(ApplyError::Invalid {
            message: "A topic's English label and To: name cannot be empty. Type a name, or reset the field to use the practice's.".into(),
        });
    }
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

/// Refuses a setting value no practice may have.
fn check_setting(config: &Config, value: &Setting) -> Result<(), ApplyError> {
    let invalid = |message: String| Err(ApplyError::Invalid { message });
    match value {
        Setting::FallbackInbox(inbox) => require_recipient(config, *inbox),
        Setting::Logo(logo) => logo.check().or_else(|err| invalid(err.to_string())),
        Setting::NotificationEmail(address) => match email_problem(address) {
            Some(problem) => invalid(format!(
                "\"{address}\" is not an e-mail address: {problem}. Write it like office@example.org, or leave it empty."
            )),
            None => Ok(()),
        },
        Setting::Limits(limits) if limits.max_characters == 0 => invalid(
            "The longest message must allow at least 1 character. Enter a number such as 2000."
                .into(),
        ),
        Setting::Limits(limits) if limits.quota.is_some_and(|q| q.count == 0 || q.days == 0) => {
            invalid("A message limit needs at least 1 message in at least 1 day. Enter both numbers, or switch the limit off.".into())
        }
        _ => Ok(()),
    }
}

/// What is wrong with an e-mail address, if anything; an empty one is fine (none set).
pub fn email_problem(address: &str) -> Option<&'static str> {
    if address.is_empty() {
        return None;
    }
    if address.trim() != address || address.chars().any(char::is_whitespace) {
        return Some("it contains spaces");
    }
    let Some((local, domain)) = address.rsplit_once('@') else {
        return Some("it has no @");
    };
    if local.is_empty() {
        return Some("nothing comes before the @");
    }
    if local.contains('@') {
        return Some("it has more than one @");
    }
    let labels: Vec<&str> = domain.split('.').collect();
    if labels.len() < 2 || labels.iter().any(|label| label.is_empty()) {
        return Some("the part after the @ must be a domain such as example.org");
    }
    None
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
