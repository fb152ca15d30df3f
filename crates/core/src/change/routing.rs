//! Applying the changes to routing rules.

use super::uses::{scope_name, topic_name};
use super::{ApplyError, Change, check, require_recipient, valid};
use crate::limits::RULES;
use crate::model::{Config, Route, RouteRule, Scope, TopicKey};

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
    // The practice rule is never absent: clearing it means the patient chooses.
    let practice_rule = |route: &Option<Route>| match (scope, route) {
        (Scope::Practice, None) => Some(Route::PatientChooses),
        _ => route.clone(),
    };
    let (expected, value) = (&practice_rule(expected), &practice_rule(value));
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
        let adds_a_row = config.routes.stored(topic, scope).is_none()
            && (RouteRule {
                topic: topic.clone(),
                scope,
                route: route.clone(),
            })
            .is_stored();
        if adds_a_row && config.routes.len() >= RULES {
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
