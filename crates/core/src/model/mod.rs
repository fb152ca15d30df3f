//! The configuration a practice manager edits.
//!
//! Words: a *topic* is what a patient picks for a message ("Appointments"); its *label* is
//! the text in the patient's topic list and its *display name* what the To: field shows.
//! Patient-facing texts exist in every [`Language`]. The rest of the configuration — locations,
//! people and groups, routes and settings — lives in the submodules and is gathered in
//! [`Config`]. Maps are `BTreeMap`s so that the configuration serialises deterministically.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

mod date;
mod fields;
mod hours;
mod ids;
mod location;
mod logo;
mod people;
mod route;
mod settings;

pub use date::{Date, ParseDateError};
pub use hours::{HoursError, OfficeHours, Opening, ParseTimeError, TimeOfDay, Weekday};
pub use ids::{ChangeId, GroupId, LocationId, ParseIdError, PersonId, PracticeId};
pub use location::{Location, LocationField};
pub use logo::{Logo, LogoError, MAX_LOGO_BYTES};
pub use people::{Group, GroupField, OutOfOffice, Person, PersonField, PersonKind, Recipient};
pub use route::{EmptyRecipients, RecipientList, Route, RouteRule, RouteTable, Scope};
pub use settings::{
    Attachments, EffectiveSettings, Limits, LocationSettings, PracticeSettings, ProviderChoice,
    Quota, Setting, SettingField, TopicOverride,
};

/// The stable key of a topic ("appointments"): survives renames and reorders.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TopicKey(pub String);

impl TopicKey {
    /// A key from its text form.
    pub fn new(key: impl Into<String>) -> Self {
        Self(key.into())
    }

    /// The text form, as stored and shown in messages.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for TopicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The practice's name as patients and staff see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PracticeName(pub String);

/// A language patients may use the portal in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    English,
    Spanish,
}

/// A patient-facing text in every supported language.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub es: String,
}

impl Language {
    /// Every supported language.
    pub const ALL: [Language; 2] = [Language::English, Language::Spanish];
}

impl Localized {
    /// A text given in English and Spanish.
    pub fn new(en: impl Into<String>, es: impl Into<String>) -> Self {
        Self {
            en: en.into(),
            es: es.into(),
        }
    }

    /// The text in `language`.
    pub fn get(&self, language: Language) -> &str {
        match language {
            Language::English => &self.en,
            Language::Spanish => &self.es,
        }
    }
}

/// One topic a patient may choose for a message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Topic {
    pub key: TopicKey,
    /// Whether patients may pick this topic.
    pub enabled: bool,
    /// The text in the patient's topic list.
    pub label: Localized,
    /// The name the patient sees in the To: field.
    pub display_name: Localized,
    /// Part of a preset (may be switched off and renamed, not removed).
    pub builtin: bool,
}

/// An editable text of a [`Topic`] with its value (switching on and off has its own change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "field", content = "value", rename_all = "snake_case")]
pub enum TopicField {
    Label(Localized),
    DisplayName(Localized),
}

impl TopicField {
    /// The field's name, for messages.
    pub fn name(&self) -> &'static str {
        match self {
            TopicField::Label(_) => "label",
            TopicField::DisplayName(_) => "display_name",
        }
    }

    /// Whether `self` and `other` are values of the same field.
    pub fn same_field(&self, other: &Self) -> bool {
        std::mem::discriminant(self) == std::mem::discriminant(other)
    }
}

impl Topic {
    /// The current value of the field `like` is a value of.
    pub fn field(&self, like: &TopicField) -> TopicField {
        match like {
            TopicField::Label(_) => TopicField::Label(self.label.clone()),
            TopicField::DisplayName(_) => TopicField::DisplayName(self.display_name.clone()),
        }
    }

    pub(crate) fn set_field(&mut self, value: TopicField) {
        match value {
            TopicField::Label(text) => self.label = text,
            TopicField::DisplayName(text) => self.display_name = text,
        }
    }
}

/// A practice's whole messaging configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub practice_name: PracticeName,
    /// A demo practice is labelled as such everywhere and never sent to a server.
    pub demo: bool,
    /// Topics in the order patients see them.
    pub topics: Vec<Topic>,
    pub locations: BTreeMap<LocationId, Location>,
    pub people: BTreeMap<PersonId, Person>,
    pub groups: BTreeMap<GroupId, Group>,
    pub routes: RouteTable,
    /// Practice-wide settings; each location may override them.
    pub settings: PracticeSettings,
}

impl Config {
    /// The rules (topic and scope) in which `self` differs from `other`, when the two are the
    /// same apart from their rules ([`Config::same_apart_from_rules`]); `None` when they differ
    /// in more.
    pub fn rules_differing_alone(
        &self,
        other: &Config,
    ) -> Option<std::collections::BTreeSet<(TopicKey, Scope)>> {
        self.same_apart_from_rules(other)
            .then(|| self.routes.rules_differing(&other.routes))
    }

    /// Whether `self` and `other` are the same apart from their rules: the same practice,
    /// topics, locations, people, groups and settings (the rules may differ, or not).
    pub fn same_apart_from_rules(&self, other: &Config) -> bool {
        let Config {
            practice_name,
            demo,
            topics,
            locations,
            people,
            groups,
            routes: _,
            settings,
        } = self;
        *practice_name == other.practice_name
            && *demo == other.demo
            && *topics == other.topics
            && *locations == other.locations
            && *people == other.people
            && *groups == other.groups
            && *settings == other.settings
    }

    /// The topic with `key`, if there is one.
    pub fn topic(&self, key: &TopicKey) -> Option<&Topic> {
        self.topics.iter().find(|topic| &topic.key == key)
    }

    /// The topic with `key` as patients at `location` see it: the practice's topic with the
    /// location's override (switched on or off, other words) laid over it.
    pub fn topic_at(&self, location: Option<LocationId>, key: &TopicKey) -> Option<Topic> {
        let topic = self.topic(key)?;
        let here = location
            .and_then(|id| self.locations.get(&id))
            .and_then(|l| l.settings.topics.get(key));
        Some(match here {
            None => topic.clone(),
            Some(over) => Topic {
                enabled: over.enabled.unwrap_or(topic.enabled),
                label: over.label.clone().unwrap_or_else(|| topic.label.clone()),
                display_name: over
                    .display_name
                    .clone()
                    .unwrap_or_else(|| topic.display_name.clone()),
                ..topic.clone()
            },
        })
    }

    /// The topics switched on at `location` (the practice's when `None`), in the practice's order.
    pub fn topics_at(&self, location: Option<LocationId>) -> Vec<Topic> {
        self.topics
            .iter()
            .filter_map(|topic| self.topic_at(location, &topic.key))
            .filter(|topic| topic.enabled)
            .collect()
    }

    /// How `location` changes the topic `key`, if it does.
    pub fn topic_override(&self, location: LocationId, key: &TopicKey) -> Option<&TopicOverride> {
        self.locations.get(&location)?.settings.topics.get(key)
    }

    /// Whether patients at `location` may pick the topic `key`.
    pub fn topic_enabled_at(&self, location: LocationId, key: &TopicKey) -> bool {
        let Some(topic) = self.topic(key) else {
            return false;
        };
        self.topic_override(location, key)
            .and_then(|over| over.enabled)
            .unwrap_or(topic.enabled)
    }

    /// What the To: field shows for `key` at `location`.
    pub fn display_name_at(&self, location: LocationId, key: &TopicKey) -> Option<&Localized> {
        let topic = self.topic(key)?;
        Some(
            self.topic_override(location, key)
                .and_then(|over| over.display_name.as_ref())
                .unwrap_or(&topic.display_name),
        )
    }

    /// Whether any location words or switches a topic differently from the practice.
    pub fn has_topic_overrides(&self) -> bool {
        self.locations
            .values()
            .any(|location| !location.settings.topics.is_empty())
    }

    pub(crate) fn topic_mut(&mut self, key: &TopicKey) -> Option<&mut Topic> {
        self.topics.iter_mut().find(|topic| &topic.key == key)
    }

    pub fn location(&self, id: LocationId) -> Option<&Location> {
        self.locations.get(&id)
    }

    pub fn person(&self, id: PersonId) -> Option<&Person> {
        self.people.get(&id)
    }

    pub fn group(&self, id: GroupId) -> Option<&Group> {
        self.groups.get(&id)
    }

    /// The settings in force at `location` (the practice's when it has no overrides or is unknown).
    pub fn settings_at(&self, location: Option<LocationId>) -> EffectiveSettings<'_> {
        EffectiveSettings {
            practice: &self.settings,
            location: location
                .and_then(|id| self.locations.get(&id))
                .map(|location| &location.settings),
        }
    }

    /// The people `recipient` stands for, in order: the person, or the group's members.
    /// Unknown ids stand for nobody.
    pub fn members(&self, recipient: Recipient) -> &[PersonId] {
        match recipient {
            Recipient::Person(id) => self
                .people
                .get_key_value(&id)
                .map_or(&[], |(key, _)| std::slice::from_ref(key)),
            Recipient::Group(id) => self
                .groups
                .get(&id)
                .map_or(&[], |group| group.members.as_slice()),
        }
    }

    /// What admins call `recipient`: the person's display name or the group's name.
    pub fn recipient_name(&self, recipient: Recipient) -> String {
        match recipient {
            Recipient::Person(id) => self
                .person(id)
                .map_or_else(|| format!("a removed person ({id})"), Person::display_name),
            Recipient::Group(id) => self.group(id).map_or_else(
                || format!("a removed group ({id})"),
                |group| group.name.clone(),
            ),
        }
    }

    /// Whether `recipient` names an existing person or group.
    pub fn has_recipient(&self, recipient: Recipient) -> bool {
        match recipient {
            Recipient::Person(id) => self.people.contains_key(&id),
            Recipient::Group(id) => self.groups.contains_key(&id),
        }
    }
}
