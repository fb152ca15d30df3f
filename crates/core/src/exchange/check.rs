//! [`check`]: the referential integrity every configuration keeps — what [`apply`](crate::apply)
//! guarantees edit by edit, checked at once for a configuration from elsewhere (an imported
//! file, a database).
//!
//! The rules: ids and topic keys are unique; every location, person and group named exists
//! (people's locations, out-of-office delegates, group members, routes' topics, scopes and
//! recipients, fallback inboxes); groups hold people only, each once; an absence does not end
//! before it starts; one rule per topic and scope. (Non-empty recipient lists and valid ids
//! and dates are guaranteed by the types themselves.) Problems are found in document order
//! and named by their path in the document.

use std::collections::BTreeMap;

use super::{ConfigDoc, ImportError};
use crate::change::valid::{self, Invalid};
use crate::limits;
use crate::model::{
    Config, GroupId, LocationId, PersonId, Recipient, Route, RouteRule, Scope, TopicKey,
};

/// Checks that `config` is consistent: everything it names exists, nothing is duplicated.
/// Paths are those of `config`'s exported document (entities sorted by id).
pub fn check(config: &Config) -> Result<(), ImportError> {
    let filed = |kind: &str,
                 index: usize,
                 key: &dyn std::fmt::Display,
                 id: &dyn std::fmt::Display| {
        ImportError::integrity(
            format!("config.{kind}[{index}].id"),
            format!("this entry is filed under id {key} but its id is {id}; the two must match"),
        )
    };
    for (index, (key, location)) in config.locations.iter().enumerate() {
        if *key != location.id {
            return Err(filed("locations", index, key, &location.id));
        }
    }
    for (index, (key, person)) in config.people.iter().enumerate() {
        if *key != person.id {
            return Err(filed("people", index, key, &person.id));
        }
    }
    for (index, (key, group)) in config.groups.iter().enumerate() {
        if *key != group.id {
            return Err(filed("groups", index, key, &group.id));
        }
    }
    check_doc(&ConfigDoc::from(config), None)
}

/// Checks a document's configuration in document order. `raw` is the parsed file, used to
/// give the index a set element (a person's locations) has in the file rather than sorted.
pub(super) fn check_doc(
    doc: &ConfigDoc,
    raw: Option<&serde_json::Value>,
) -> Result<(), ImportError> {
    let index = Index::new(doc);
    check_sizes(doc)?;
    valid::practice_name(&doc.practice_name.0).map_err(|err| invalid("config", err))?;
    check_topics(doc)?;
    for (i, location) in doc.locations.iter().enumerate() {
        let path = format!("config.locations[{i}]");
        index.unique_location(i, location.id, &path)?;
        valid::location(location).map_err(|err| invalid(&path, err))?;
        if let Some(inbox) = location.settings.fallback_inbox {
            index.recipient(
                inbox,
                &format!("{path}.settings.fallback_inbox"),
                &format!("{}'s fallback inbox", location.name),
                "choose another fallback inbox for this location",
            )?;
        }
    }
    for (i, person) in doc.people.iter().enumerate() {
        let path = format!("config.people[{i}]");
        index.unique_person(i, person.id, &path)?;
        valid::person(person).map_err(|err| invalid(&path, err))?;
        for (k, location) in person.locations.iter().enumerate() {
            if !index.locations.contains_key(location) {
                let k = position_in(raw, &path, "locations", &location.to_string()).unwrap_or(k);
                return Err(ImportError::integrity(
                    format!("{path}.locations[{k}]"),
                    format!(
                        "{} works at a location with id {location}, and there is no location with that id; add that location or remove it from the person",
                        person.name
                    ),
                ));
            }
        }
        if let Some(away) = &person.out_of_office {
            if away.until < away.from {
                return Err(ImportError::integrity(
                    format!("{path}.out_of_office.until"),
                    format!(
                        "{}'s time away ends ({}) before it starts ({}); choose a last day on or after the first day",
                        person.name, away.until, away.from
                    ),
                ));
            }
            if let Some(delegate) = away.delegate {
                index.recipient(
                    delegate,
                    &format!("{path}.out_of_office.delegate"),
                    &format!("{}'s out-of-office delegate", person.name),
                    "add them or choose another delegate",
                )?;
            }
        }
    }
    for (i, group) in doc.groups.iter().enumerate() {
        let path = format!("config.groups[{i}]");
        index.unique_group(i, group.id, &path)?;
        valid::group(group).map_err(|err| invalid(&path, err))?;
        for (k, member) in group.members.iter().enumerate() {
            let member_path = format!("{path}.members[{k}]");
            if !index.people.contains_key(member) {
                let hint = if index
                    .groups
                    .contains_key(&GroupId::from_u128(member.as_u128()))
                {
                    " (that is a group's id: groups hold people only, so list its members instead)"
                } else {
                    ""
                };
                return Err(ImportError::integrity(
                    member_path,
                    format!(
                        "group \"{}\" lists a member with id {member}, and there is no person with that id{hint}; add that person or remove them from the group",
                        group.name
                    ),
                ));
            }
            if group.members[..k].contains(member) {
                return Err(ImportError::integrity(
                    member_path,
                    format!(
                        "group \"{}\" lists the person with id {member} twice; list each member once",
                        group.name
                    ),
                ));
            }
        }
    }
    check_routes(doc, &index)?;
    valid::practice_settings(&doc.settings).map_err(|err| invalid("config.settings", err))?;
    index.recipient(
        doc.settings.fallback_inbox,
        "config.settings.fallback_inbox",
        "the practice's fallback inbox",
        "every practice needs one: choose an existing person or group",
    )
}

fn check_topics(doc: &ConfigDoc) -> Result<(), ImportError> {
    let mut seen: BTreeMap<&TopicKey, usize> = BTreeMap::new();
    for (i, topic) in doc.topics.iter().enumerate() {
        valid::topic(topic).map_err(|err| invalid(&format!("config.topics[{i}]"), err))?;
        if let Some(first) = seen.insert(&topic.key, i) {
            return Err(ImportError::integrity(
                format!("config.topics[{i}].key"),
                format!(
                    "a second topic with key \"{}\" (the first is config.topics[{first}]); give each topic its own key",
                    topic.key
                ),
            ));
        }
    }
    Ok(())
}

fn check_routes(doc: &ConfigDoc, index: &Index) -> Result<(), ImportError> {
    let topics: BTreeMap<&TopicKey, usize> = doc
        .topics
        .iter()
        .enumerate()
        .map(|(i, t)| (&t.key, i))
        .collect();
    let mut seen: BTreeMap<(&TopicKey, Scope), usize> = BTreeMap::new();
    for (
        i,
        RouteRule {
            topic,
            scope,
            route,
        },
    ) in doc.routes.iter().enumerate()
    {
        let path = format!("config.routes[{i}]");
        if !topics.contains_key(topic) {
            return Err(ImportError::integrity(
                format!("{path}.topic"),
                format!(
                    "a rule for topic \"{topic}\", and there is no topic with that key; add the topic or remove the rule"
                ),
            ));
        }
        if let Some(first) = seen.insert((topic, *scope), i) {
            return Err(ImportError::integrity(
                path,
                format!(
                    "a second rule for topic \"{topic}\" at the same scope (the first is config.routes[{first}]); keep one"
                ),
            ));
        }
        if let Some(location) = scope.location()
            && !index.locations.contains_key(&location)
        {
            return Err(ImportError::integrity(
                format!("{path}.scope.location"),
                format!(
                    "a rule for the location with id {location}, and there is no location with that id; add that location or remove the rule"
                ),
            ));
        }
        if let Some(provider) = scope.provider()
            && !index.people.contains_key(&provider)
        {
            return Err(ImportError::integrity(
                format!("{path}.scope.provider"),
                format!(
                    "a rule for the provider with id {provider}, and there is no person with that id; add that provider or remove the rule"
                ),
            ));
        }
        valid::route(route).map_err(|err| invalid(&path, err))?;
        if let Route::Recipients(list) = route {
            for (k, recipient) in list.as_slice().iter().enumerate() {
                index.recipient(
                    *recipient,
                    &format!("{path}.route.recipients[{k}]"),
                    &format!("a recipient of the \"{topic}\" rule"),
                    "add them or remove them from the rule",
                )?;
            }
        }
    }
    Ok(())
}

/// The ids a document defines, each with the index of its first entry.
struct Index {
    locations: BTreeMap<LocationId, usize>,
    people: BTreeMap<PersonId, usize>,
    groups: BTreeMap<GroupId, usize>,
}

impl Index {
    fn new(doc: &ConfigDoc) -> Self {
        fn first<K: Ord>(ids: impl Iterator<Item = K>) -> BTreeMap<K, usize> {
            let mut map = BTreeMap::new();
            for (i, id) in ids.enumerate() {
                map.entry(id).or_insert(i);
            }
            map
        }
        Self {
            locations: first(doc.locations.iter().map(|l| l.id)),
            people: first(doc.people.iter().map(|p| p.id)),
            groups: first(doc.groups.iter().map(|g| g.id)),
        }
    }

    fn unique_location(&self, i: usize, id: LocationId, path: &str) -> Result<(), ImportError> {
        unique(self.locations.get(&id), i, "location", &id, path)
    }

    fn unique_person(&self, i: usize, id: PersonId, path: &str) -> Result<(), ImportError> {
        unique(self.people.get(&id), i, "person", &id, path)
    }

    fn unique_group(&self, i: usize, id: GroupId, path: &str) -> Result<(), ImportError> {
        unique(self.groups.get(&id), i, "group", &id, path)
    }

    /// `recipient`, named `what` at `path`, must exist; `fix` says what to do otherwise.
    fn recipient(
        &self,
        recipient: Recipient,
        path: &str,
        what: &str,
        fix: &str,
    ) -> Result<(), ImportError> {
        let (exists, kind, id) = match recipient {
            Recipient::Person(id) => (self.people.contains_key(&id), "person", id.as_u128()),
            Recipient::Group(id) => (self.groups.contains_key(&id), "group", id.as_u128()),
        };
        if exists {
            return Ok(());
        }
        let shown = match recipient {
            Recipient::Person(id) => id.to_string(),
            Recipient::Group(id) => id.to_string(),
        };
        let hint = match recipient {
            Recipient::Person(_) if self.groups.contains_key(&GroupId::from_u128(id)) => {
                " (a group has that id: write \"kind\": \"group\")"
            }
            Recipient::Group(_) if self.people.contains_key(&PersonId::from_u128(id)) => {
                " (a person has that id: write \"kind\": \"person\")"
            }
            _ => "",
        };
        Err(ImportError::integrity(
            format!("{path}.id"),
            format!(
                "{what} is the {kind} with id {shown}, and there is no {kind} with that id{hint}; {fix}"
            ),
        ))
    }
}

fn unique(
    first: Option<&usize>,
    i: usize,
    kind: &str,
    id: &dyn std::fmt::Display,
    path: &str,
) -> Result<(), ImportError> {
    match first {
        Some(first) if *first != i => {
            let list = path.rfind('[').map_or(path, |at| &path[..at]);
            Err(ImportError::integrity(
                format!("{path}.id"),
                format!(
                    "a second {kind} with id {id} (the first is {list}[{first}]); give each {kind} its own id"
                ),
            ))
        }
        _ => Ok(()),
    }
}

/// The index of the text `needle` in the array `field` of the element at `path` of the raw
/// document, if there is one.
fn position_in(
    raw: Option<&serde_json::Value>,
    path: &str,
    field: &str,
    needle: &str,
) -> Option<usize> {
    // `path` is "config.people[3]": turn it into the pointer "/config/people/3".
    let pointer = format!(
        "/{}/{field}",
        path.replace(['.', '['], "/").replace(']', "")
    );
    raw?.pointer(&pointer)?
        .as_array()?
        .iter()
        .position(|value| {
            value
                .as_str()
                .is_some_and(|text| text.eq_ignore_ascii_case(needle))
        })
}

/// A value no practice may have, at `path` (the entity) and its field.
fn invalid(path: &str, err: Invalid) -> ImportError {
    ImportError::integrity(
        format!("{path}.{}", err.field),
        err.message.trim_end_matches('.'),
    )
}

/// No more topics, locations, people, groups and rules than [`limits`] allows.
fn check_sizes(doc: &ConfigDoc) -> Result<(), ImportError> {
    for (list, len, max) in [
        ("topics", doc.topics.len(), limits::TOPICS),
        ("locations", doc.locations.len(), limits::LOCATIONS),
        ("people", doc.people.len(), limits::PEOPLE),
        ("groups", doc.groups.len(), limits::GROUPS),
        ("routes", doc.routes.len(), limits::RULES),
    ] {
        if len > max {
            return Err(ImportError::integrity(
                format!("config.{list}"),
                format!(
                    "the file has {len} {list}, and Switchboard keeps at most {max}; remove some and import again"
                ),
            ));
        }
    }
    Ok(())
}
