//! [`import_as_change`]: the one [`Change::Batch`] that turns the current configuration into
//! an imported one, so an import is applied, logged, synced and undone like any edit.
//!
//! The batch is planned on a scratch copy: each change is made from the scratch state (so
//! its expected values and positions are exact) and applied to it at once. The order keeps
//! every intermediate state valid for [`apply`]: first add what is new (locations without
//! overrides, people without absences, groups), then edit what both have (people, groups,
//! locations and their settings, topics, rules, practice settings), and only then remove
//! what the import no longer has — leaving locations' fallback inboxes and leaving people's
//! absences first, then groups, people and locations — when nothing names them any more.
//! The plan ends by comparing the scratch copy with the import, so a batch that would not
//! give exactly the imported configuration is never returned.

use super::{ImportError, check};
use crate::change::{Change, apply_one};
use crate::model::{
    Config, Location, LocationSettings, Person, PersonField, Setting, SettingField, Topic,
    TopicField, TopicKey,
};

/// The batch that turns `current` into `imported`: `apply(current, batch)` gives exactly
/// `imported`, and its inverse gives `current` back. Fails when `imported` is inconsistent
/// (see [`check`]) or differs in what no edit may change: its built-in topics.
pub fn import_as_change(current: &Config, imported: &Config) -> Result<Change, ImportError> {
    check(imported)?;
    same_builtin_topics(current, imported)?;
    let mut plan = Plan {
        scratch: current.clone(),
        changes: Vec::new(),
    };
    plan.add_entities(imported)?;
    plan.edit_people_and_groups(imported)?;
    plan.edit_locations(imported)?;
    plan.edit_topics(imported)?;
    plan.edit_routes(imported)?;
    plan.edit_practice(imported)?;
    plan.remove_entities(imported)?;
    if plan.scratch != *imported {
        return Err(ImportError::NotRepresentable {
            reason: "Switchboard could not express this import as edits of the current practice (a bug in Switchboard). Nothing was changed; please report it with the file.".into(),
        });
    }
    Ok(Change::Batch {
        changes: plan.changes,
    })
}

/// Built-in topics come from a preset: no edit adds or removes one.
fn same_builtin_topics(current: &Config, imported: &Config) -> Result<(), ImportError> {
    let builtin = |config: &Config, key: &TopicKey| config.topic(key).is_some_and(|t| t.builtin);
    let differs = |from: &Config, to: &Config| {
        from.topics
            .iter()
            .find(|topic| topic.builtin && !builtin(to, &topic.key))
            .map(|topic| topic.label.en.clone())
    };
    let (label, where_) = match (differs(imported, current), differs(current, imported)) {
        (Some(label), _) => (label, "in the file but not in this practice"),
        (None, Some(label)) => (label, "in this practice but not in the file"),
        (None, None) => return Ok(()),
    };
    Err(ImportError::NotRepresentable {
        reason: format!(
            "The file starts from other built-in topics than this practice: \"{label}\" is built in {where_}. Built-in topics come from a preset and cannot be added or removed, so this file can only be imported into a practice that starts from the same preset. Nothing was changed."
        ),
    })
}

struct Plan {
    scratch: Config,
    changes: Vec<Change>,
}

impl Plan {
    /// Applies `change` to the scratch copy and keeps it.
    fn push(&mut self, change: Change) -> Result<(), ImportError> {
        apply_one(&mut self.scratch, &change).map_err(|err| ImportError::NotRepresentable {
            reason: format!("The import cannot be applied to this practice: {err}"),
        })?;
        self.changes.push(change);
        Ok(())
    }

    fn add_entities(&mut self, imported: &Config) -> Result<(), ImportError> {
        for location in imported.locations.values() {
            if !self.scratch.locations.contains_key(&location.id) {
                // Overrides may name people not added yet: they are set with the others.
                self.push(Change::AddLocation {
                    location: Location {
                        settings: LocationSettings::default(),
                        ..location.clone()
                    },
                })?;
            }
        }
        for person in imported.people.values() {
            if !self.scratch.people.contains_key(&person.id) {
                // A delegate may be someone not added yet: absences are set with the edits.
                self.push(Change::AddPerson {
                    person: Person {
                        out_of_office: None,
                        ..person.clone()
                    },
                })?;
            }
        }
        for group in imported.groups.values() {
            if !self.scratch.groups.contains_key(&group.id) {
                self.push(Change::AddGroup {
                    group: group.clone(),
                })?;
            }
        }
        Ok(())
    }

    fn edit_people_and_groups(&mut self, imported: &Config) -> Result<(), ImportError> {
        for person in imported.people.values() {
            for value in person.fields() {
                let Some(current) = self.scratch.person(person.id) else {
                    continue;
                };
                let expected = current.field(&value);
                if expected != value {
                    self.push(Change::SetPersonField {
                        person: person.id,
                        expected,
                        value,
                    })?;
                }
            }
        }
        for group in imported.groups.values() {
            for value in group.fields() {
                let Some(current) = self.scratch.group(group.id) else {
                    continue;
                };
                let expected = current.field(&value);
                if expected != value {
                    self.push(Change::SetGroupField {
                        group: group.id,
                        expected,
                        value,
                    })?;
                }
            }
        }
        Ok(())
    }

    fn edit_locations(&mut self, imported: &Config) -> Result<(), ImportError> {
        for location in imported.locations.values() {
            for value in location.fields() {
                let Some(current) = self.scratch.location(location.id) else {
                    continue;
                };
                let expected = current.field(&value);
                if expected != value {
                    self.push(Change::SetLocationField {
                        location: location.id,
                        expected,
                        value,
                    })?;
                }
            }
            for field in SettingField::ALL {
                let Some(current) = self.scratch.location(location.id) else {
                    continue;
                };
                let expected = current.settings.get(*field);
                let value = location.settings.get(*field);
                if expected != value {
                    self.push(Change::SetLocationSetting {
                        location: location.id,
                        field: *field,
                        expected,
                        value,
                    })?;
                }
            }
            let Some(current) = self.scratch.location(location.id) else {
                continue;
            };
            let keys: std::collections::BTreeSet<&TopicKey> = (current.settings.topics.keys())
                .chain(location.settings.topics.keys())
                .collect();
            let edits: Vec<Change> = keys
                .into_iter()
                .filter_map(|key| {
                    let expected = current
                        .settings
                        .topics
                        .get(key)
                        .cloned()
                        .unwrap_or_default();
                    let value = location
                        .settings
                        .topics
                        .get(key)
                        .cloned()
                        .unwrap_or_default();
                    (expected != value).then(|| Change::SetLocationTopic {
                        location: location.id,
                        topic: key.clone(),
                        expected,
                        value,
                    })
                })
                .collect();
            for edit in edits {
                self.push(edit)?;
            }
        }
        Ok(())
    }

    fn edit_topics(&mut self, imported: &Config) -> Result<(), ImportError> {
        // Custom topics the file does not have go, with their rules.
        while let Some((position, topic)) = self
            .scratch
            .topics
            .iter()
            .enumerate()
            .find(|(_, topic)| imported.topic(&topic.key).is_none())
        {
            let topic = topic.clone();
            let rules = self.scratch.routes.rules_of(&topic.key);
            self.push(Change::RemoveTopic {
                topic,
                position,
                rules,
            })?;
        }
        for topic in &imported.topics {
            match self.scratch.topic(&topic.key) {
                None => self.push(Change::AddTopic {
                    topic: topic.clone(),
                    position: self.scratch.topics.len(),
                    rules: Vec::new(),
                })?,
                Some(current) => {
                    let current: Topic = current.clone();
                    if current.enabled != topic.enabled {
                        self.push(Change::SetTopicEnabled {
                            topic: topic.key.clone(),
                            expected: current.enabled,
                            value: topic.enabled,
                        })?;
                    }
                    for value in [
                        TopicField::Label(topic.label.clone()),
                        TopicField::DisplayName(topic.display_name.clone()),
                    ] {
                        let expected = current.field(&value);
                        if expected != value {
                            self.push(Change::SetTopicText {
                                topic: topic.key.clone(),
                                expected,
                                value,
                            })?;
                        }
                    }
                }
            }
        }
        let order = |config: &Config| -> Vec<TopicKey> {
            config.topics.iter().map(|t| t.key.clone()).collect()
        };
        let (expected, value) = (order(&self.scratch), order(imported));
        if expected != value {
            self.push(Change::ReorderTopics { expected, value })?;
        }
        Ok(())
    }

    fn edit_routes(&mut self, imported: &Config) -> Result<(), ImportError> {
        let mut keys: Vec<(TopicKey, crate::model::Scope)> = self
            .scratch
            .routes
            .iter()
            .chain(imported.routes.iter())
            .map(|(topic, scope, _)| (topic.clone(), scope))
            .collect();
        keys.sort();
        keys.dedup();
        for (topic, scope) in keys {
            let expected = self.scratch.routes.get(&topic, scope).cloned();
            let value = imported.routes.get(&topic, scope).cloned();
            if expected != value {
                self.push(Change::SetRoute {
                    topic,
                    scope,
                    expected,
                    value,
                })?;
            }
        }
        Ok(())
    }

    fn edit_practice(&mut self, imported: &Config) -> Result<(), ImportError> {
        if self.scratch.practice_name != imported.practice_name {
            self.push(Change::SetPracticeName {
                expected: self.scratch.practice_name.clone(),
                value: imported.practice_name.clone(),
            })?;
        }
        if self.scratch.demo != imported.demo {
            self.push(Change::SetDemo {
                expected: self.scratch.demo,
                value: imported.demo,
            })?;
        }
        for field in SettingField::ALL {
            let expected = self.scratch.settings.get(*field);
            let value = imported.settings.get(*field);
            if expected != value {
                self.push(Change::SetPracticeSetting { expected, value })?;
            }
        }
        Ok(())
    }

    fn remove_entities(&mut self, imported: &Config) -> Result<(), ImportError> {
        // A leaving location's fallback inbox and a leaving person's absence may name a
        // leaving group or person: clear them first, so nothing leaving is still in use
        // when its turn comes.
        let leaving_inboxes: Vec<_> = (self.scratch.locations.values())
            .filter(|location| !imported.locations.contains_key(&location.id))
            .filter_map(|location| Some((location.id, location.settings.fallback_inbox?)))
            .collect();
        for (location, inbox) in leaving_inboxes {
            self.push(Change::SetLocationSetting {
                location,
                field: SettingField::FallbackInbox,
                expected: Some(Setting::FallbackInbox(inbox)),
                value: None,
            })?;
        }
        let leaving_away: Vec<_> = (self.scratch.people.values())
            .filter(|person| !imported.people.contains_key(&person.id))
            .filter_map(|person| Some((person.id, person.out_of_office.clone()?)))
            .collect();
        for (person, away) in leaving_away {
            self.push(Change::SetPersonField {
                person,
                expected: PersonField::OutOfOffice(Some(away)),
                value: PersonField::OutOfOffice(None),
            })?;
        }
        let groups: Vec<_> = (self.scratch.groups.values())
            .filter(|group| !imported.groups.contains_key(&group.id))
            .cloned()
            .collect();
        for group in groups {
            self.push(Change::RemoveGroup { group })?;
        }
        let people: Vec<_> = (self.scratch.people.values())
            .filter(|person| !imported.people.contains_key(&person.id))
            .cloned()
            .collect();
        for person in people {
            self.push(Change::RemovePerson { person })?;
        }
        let locations: Vec<_> = (self.scratch.locations.values())
            .filter(|location| !imported.locations.contains_key(&location.id))
            .cloned()
            .collect();
        for location in locations {
            self.push(Change::RemoveLocation { location })?;
        }
        Ok(())
    }
}
