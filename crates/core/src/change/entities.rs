//! Applying the changes that add, remove and edit topics, locations, people and groups.

use std::collections::BTreeSet;

use super::uses::{Target, uses_of};
use super::{ApplyError, Change, check, require_recipient, same_field, valid};
use crate::limits::{GROUPS, LOCATIONS, PEOPLE, TOPICS};
use crate::model::{
    Config, Group, GroupField, GroupId, Location, LocationField, LocationId, OutOfOffice, Person,
    PersonField, PersonId, RouteRule, Topic, TopicField, TopicKey,
};

pub(super) fn set_topic_text(
    config: &mut Config,
    key: &TopicKey,
    expected: &TopicField,
    value: &TopicField,
) -> Result<Change, ApplyError> {
    same_field(expected.name(), value.name(), expected.same_field(value))?;
    valid::topic_field(key, value)?;
    let topic = config
        .topic_mut(key)
        .ok_or_else(|| ApplyError::UnknownTopic { topic: key.clone() })?;
    let label = topic.label.en.clone();
    check(
        || {
            format!(
                "The {} of topic \"{label}\"",
                expected.name().replace('_', " ")
            )
        },
        expected,
        &topic.field(expected),
    )?;
    topic.set_field(value.clone());
    Ok(Change::SetTopicText {
        topic: key.clone(),
        expected: value.clone(),
        value: expected.clone(),
    })
}

pub(super) fn add_topic(
    config: &mut Config,
    topic: &Topic,
    position: usize,
    rules: &[RouteRule],
) -> Result<Change, ApplyError> {
    if topic.builtin {
        return Err(ApplyError::BuiltinTopic {
            topic: topic.label.en.clone(),
        });
    }
    valid::topic(topic)?;
    if config.topic(&topic.key).is_some() || config.routes.of_topic(&topic.key).next().is_some() {
        return Err(ApplyError::AlreadyExists {
            what: format!("A topic with key \"{}\"", topic.key),
        });
    }
    too_many(
        config.topics.len(),
        TOPICS,
        "topics",
        "Switch off or remove a topic you no longer use",
    )?;
    if position > config.topics.len() {
        return Err(ApplyError::PositionOutOfRange {
            position,
            len: config.topics.len(),
        });
    }
    let mut scratch = config.clone();
    scratch.topics.insert(position, topic.clone());
    if let Some(stray) = rules.iter().find(|rule| rule.topic != topic.key) {
        return Err(ApplyError::UnknownTopic {
            topic: stray.topic.clone(),
        });
    }
    super::routing::restore_rules(&mut scratch, rules)?;
    *config = scratch;
    Ok(Change::RemoveTopic {
        topic: topic.clone(),
        position,
        rules: rules.to_vec(),
    })
}

pub(super) fn remove_topic(
    config: &mut Config,
    topic: &Topic,
    position: usize,
    rules: &[RouteRule],
) -> Result<Change, ApplyError> {
    let found = config
        .topics
        .iter()
        .position(|t| t.key == topic.key)
        .ok_or_else(|| ApplyError::UnknownTopic {
            topic: topic.key.clone(),
        })?;
    let current = &config.topics[found];
    if current.builtin {
        return Err(ApplyError::BuiltinTopic {
            topic: current.label.en.clone(),
        });
    }
    let what = || format!("Topic \"{}\"", current.label.en);
    if current != topic {
        return Err(ApplyError::Conflict {
            what: what(),
            expected: "as you saw it".into(),
            found: "edited by someone else".into(),
        });
    }
    check(
        || format!("The position of {}", what()),
        &position.to_string(),
        &found.to_string(),
    )?;
    let current_rules: Vec<RouteRule> = config.routes.rules_of(&topic.key);
    let expected_rules: Vec<RouteRule> = rules.iter().filter(|r| r.is_stored()).cloned().collect();
    if current_rules != expected_rules {
        return Err(ApplyError::Conflict {
            what: format!("The routing rules of {}", what().to_lowercase()),
            expected: format!("{} rules", expected_rules.len()),
            found: format!("{} rules", current_rules.len()),
        });
    }
    config.topics.remove(found);
    for rule in rules {
        config.routes.set(&rule.topic, rule.scope, None);
    }
    Ok(Change::AddTopic {
        topic: topic.clone(),
        position,
        rules: rules.to_vec(),
    })
}

pub(super) fn reorder_topics(
    config: &mut Config,
    expected: &[TopicKey],
    value: &[TopicKey],
) -> Result<Change, ApplyError> {
    let current: Vec<TopicKey> = config.topics.iter().map(|t| t.key.clone()).collect();
    check(
        || "The order of the topics".into(),
        &expected.to_vec(),
        &current,
    )?;
    let mut sorted_new = value.to_vec();
    sorted_new.sort();
    let mut sorted_old = current;
    sorted_old.sort();
    if sorted_new != sorted_old {
        return Err(ApplyError::NotAReorder);
    }
    let mut topics = std::mem::take(&mut config.topics);
    config.topics = value
        .iter()
        .filter_map(|key| {
            topics
                .iter()
                .position(|t| &t.key == key)
                .map(|at| topics.swap_remove(at))
        })
        .collect();
    Ok(Change::ReorderTopics {
        expected: value.to_vec(),
        value: expected.to_vec(),
    })
}

pub(super) fn add_location(config: &mut Config, location: &Location) -> Result<Change, ApplyError> {
    if config.locations.contains_key(&location.id) {
        return Err(ApplyError::AlreadyExists {
            what: format!("A location with id {}", location.id),
        });
    }
    valid::location(location)?;
    too_many(
        config.locations.len(),
        LOCATIONS,
        "locations",
        "Remove a location you no longer use",
    )?;
    if let Some(inbox) = location.settings.fallback_inbox {
        require_recipient(config, inbox)?;
    }
    config.locations.insert(location.id, location.clone());
    Ok(Change::RemoveLocation {
        location: location.clone(),
    })
}

pub(super) fn remove_location(
    config: &mut Config,
    location: &Location,
) -> Result<Change, ApplyError> {
    let current = config
        .location(location.id)
        .ok_or(ApplyError::UnknownLocation { id: location.id })?;
    require_same(current == location, || {
        format!("Location \"{}\"", current.name)
    })?;
    refuse_if_used(config, Target::Location(location.id), || {
        format!("Location \"{}\"", location.name)
    })?;
    config.locations.remove(&location.id);
    Ok(Change::AddLocation {
        location: location.clone(),
    })
}

pub(super) fn set_location_field(
    config: &mut Config,
    id: LocationId,
    expected: &LocationField,
    value: &LocationField,
) -> Result<Change, ApplyError> {
    same_field(expected.name(), value.name(), expected.same_field(value))?;
    let location = config
        .locations
        .get_mut(&id)
        .ok_or(ApplyError::UnknownLocation { id })?;
    let name = location.name.clone();
    valid::location_field(&name, value)?;
    check(
        || {
            format!(
                "The {} of location \"{name}\"",
                expected.name().replace('_', " ")
            )
        },
        expected,
        &location.field(expected),
    )?;
    location.set_field(value.clone());
    Ok(Change::SetLocationField {
        location: id,
        expected: value.clone(),
        value: expected.clone(),
    })
}

pub(super) fn add_person(config: &mut Config, person: &Person) -> Result<Change, ApplyError> {
    if config.people.contains_key(&person.id) {
        return Err(ApplyError::AlreadyExists {
            what: format!("A person with id {}", person.id),
        });
    }
    valid::person(person)?;
    too_many(
        config.people.len(),
        PEOPLE,
        "people",
        "Remove people who have left (deactivated people count too)",
    )?;
    require_locations(config, &person.locations)?;
    require_absence(config, &person.name, person.out_of_office.as_ref())?;
    config.people.insert(person.id, person.clone());
    Ok(Change::RemovePerson {
        person: person.clone(),
    })
}

pub(super) fn remove_person(config: &mut Config, person: &Person) -> Result<Change, ApplyError> {
    let current = config
        .person(person.id)
        .ok_or(ApplyError::UnknownPerson { id: person.id })?;
    require_same(current == person, || current.display_name())?;
    refuse_if_used(config, Target::Person(person.id), || person.display_name())?;
    config.people.remove(&person.id);
    Ok(Change::AddPerson {
        person: person.clone(),
    })
}

pub(super) fn set_person_field(
    config: &mut Config,
    id: PersonId,
    expected: &PersonField,
    value: &PersonField,
) -> Result<Change, ApplyError> {
    same_field(expected.name(), value.name(), expected.same_field(value))?;
    let current = config.person(id).ok_or(ApplyError::UnknownPerson { id })?;
    valid::person_field(&current.name, value)?;
    check(
        || {
            format!(
                "{}'s {}",
                current.display_name(),
                expected.name().replace('_', " ")
            )
        },
        expected,
        &current.field(expected),
    )?;
    match value {
        PersonField::Locations(locations) => require_locations(config, locations)?,
        PersonField::OutOfOffice(away) => require_absence(config, &current.name, away.as_ref())?,
        _ => {}
    }
    if let Some(person) = config.people.get_mut(&id) {
        person.set_field(value.clone());
    }
    Ok(Change::SetPersonField {
        person: id,
        expected: value.clone(),
        value: expected.clone(),
    })
}

pub(super) fn add_group(config: &mut Config, group: &Group) -> Result<Change, ApplyError> {
    if config.groups.contains_key(&group.id) {
        return Err(ApplyError::AlreadyExists {
            what: format!("A group with id {}", group.id),
        });
    }
    valid::group(group)?;
    too_many(
        config.groups.len(),
        GROUPS,
        "groups",
        "Remove a group you no longer use",
    )?;
    require_members(config, &group.name, &group.members)?;
    config.groups.insert(group.id, group.clone());
    Ok(Change::RemoveGroup {
        group: group.clone(),
    })
}

pub(super) fn remove_group(config: &mut Config, group: &Group) -> Result<Change, ApplyError> {
    let current = config
        .group(group.id)
        .ok_or(ApplyError::UnknownGroup { id: group.id })?;
    require_same(current == group, || format!("Group \"{}\"", current.name))?;
    refuse_if_used(config, Target::Group(group.id), || {
        format!("Group \"{}\"", group.name)
    })?;
    config.groups.remove(&group.id);
    Ok(Change::AddGroup {
        group: group.clone(),
    })
}

pub(super) fn set_group_field(
    config: &mut Config,
    id: GroupId,
    expected: &GroupField,
    value: &GroupField,
) -> Result<Change, ApplyError> {
    same_field(expected.name(), value.name(), expected.same_field(value))?;
    let current = config.group(id).ok_or(ApplyError::UnknownGroup { id })?;
    valid::group_field(&current.name, value)?;
    check(
        || format!("The {} of group \"{}\"", expected.name(), current.name),
        expected,
        &current.field(expected),
    )?;
    if let GroupField::Members(members) = value {
        require_members(config, &current.name, members)?;
    }
    if let Some(group) = config.groups.get_mut(&id) {
        group.set_field(value.clone());
    }
    Ok(Change::SetGroupField {
        group: id,
        expected: value.clone(),
        value: expected.clone(),
    })
}

/// A remove expects the entity exactly as the editor saw it.
fn require_same(same: bool, what: impl FnOnce() -> String) -> Result<(), ApplyError> {
    if same {
        Ok(())
    } else {
        Err(ApplyError::Conflict {
            what: what(),
            expected: "as you saw it".into(),
            found: "edited by someone else".into(),
        })
    }
}

fn refuse_if_used(
    config: &Config,
    target: Target,
    what: impl FnOnce() -> String,
) -> Result<(), ApplyError> {
    let uses = uses_of(config, target);
    if uses.is_empty() {
        return Ok(());
    }
    Err(ApplyError::InUse {
        what: what(),
        uses: uses.iter().map(|use_| use_.describe(config)).collect(),
    })
}

fn require_locations(config: &Config, locations: &BTreeSet<LocationId>) -> Result<(), ApplyError> {
    match locations
        .iter()
        .find(|id| !config.locations.contains_key(id))
    {
        Some(id) => Err(ApplyError::UnknownLocation { id: *id }),
        None => Ok(()),
    }
}

fn require_absence(
    config: &Config,
    person: &str,
    away: Option<&OutOfOffice>,
) -> Result<(), ApplyError> {
    let Some(away) = away else { return Ok(()) };
    if away.until < away.from {
        return Err(ApplyError::AbsenceEndsBeforeStart {
            person: person.into(),
            from: away.from,
            until: away.until,
        });
    }
    away.delegate
        .map_or(Ok(()), |delegate| require_recipient(config, delegate))
}

fn require_members(config: &Config, group: &str, members: &[PersonId]) -> Result<(), ApplyError> {
    let mut seen = BTreeSet::new();
    for id in members {
        let person = config
            .person(*id)
            .ok_or(ApplyError::UnknownPerson { id: *id })?;
        if !seen.insert(id) {
            return Err(ApplyError::DuplicateMember {
                group: group.into(),
                person: person.display_name(),
            });
        }
    }
    Ok(())
}

/// Refuses adding one more when a practice already has `count` of at most `max` `things`.
pub(super) fn too_many(
    count: usize,
    max: usize,
    things: &str,
    fix: &str,
) -> Result<(), ApplyError> {
    if count < max {
        Ok(())
    } else {
        Err(ApplyError::Invalid {
            message: format!(
                "This practice has {count} {things}, the most Switchboard keeps. {fix}, then add this one."
            ),
        })
    }
}
