//! The configuration a practice manager edits.
//!
//! Words: a *topic* is what a patient picks for a message ("Appointments"); its *label* is
//! the text in the patient's topic list and its *display name* what the To: field shows.
//! Patient-facing texts exist in every [`Language`].

use serde::{Deserialize, Serialize};

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Language {
    English,
    Spanish,
}

/// A patient-facing text in every supported language.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Localized {
    pub en: String,
    pub es: String,
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

/// A practice's whole messaging configuration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Config {
    pub practice_name: PracticeName,
    /// A demo practice is labelled as such everywhere and never sent to a server.
    pub demo: bool,
    /// Topics in the order patients see them.
    pub topics: Vec<Topic>,
}

impl Config {
    /// The topic with `key`, if there is one.
    pub fn topic(&self, key: &TopicKey) -> Option<&Topic> {
        self.topics.iter().find(|topic| &topic.key == key)
    }

    pub(crate) fn topic_mut(&mut self, key: &TopicKey) -> Option<&mut Topic> {
        self.topics.iter_mut().find(|topic| &topic.key == key)
    }
}
