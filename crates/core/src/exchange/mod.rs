//! Export and import: the whole configuration as a versioned JSON document,
//! `{"format": "switchboard-config", "version": 1, "config": {…}}`.
//!
//! Words: the *document* is that JSON. Inside it locations, people and groups are lists
//! (sorted by id on export), so a problem has a path an admin can find in the file —
//! `config.people[3].locations[0]` — and routes are the sorted list of rules. [`export`]
//! writes it, pretty and deterministic (the same configuration always gives the same text).
//! [`import`] reads it and checks everything before it returns anything: well-formed JSON,
//! the format tag and version, the shape of every value (with its path), that no field is
//! unknown (a misspelt optional field would otherwise vanish), then [`check`], the
//! referential integrity every configuration keeps — so an import is all or nothing, and
//! [`ImportError`] names the first problem by path with a sentence saying what to do.
//! [`import_as_change`] turns the current configuration into the imported one as one
//! [`Change::Batch`](crate::Change::Batch), so an import is one undoable step applied
//! through the normal path.

use serde::{Deserialize, Serialize};

use crate::change::inbox::{self, Readerless};
use crate::model::{
    Config, Group, Location, Person, PracticeName, PracticeSettings, RouteRule, Topic,
};

mod check;
mod diff;
mod error;

pub use check::check;
pub use diff::import_as_change;
pub use error::ImportError;

/// The `format` tag of a configuration document.
pub const DOCUMENT_FORMAT: &str = "switchboard-config";

/// The document version this Switchboard writes and reads.
pub const DOCUMENT_VERSION: u32 = 1;

/// The document around the configuration.
#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Document<C> {
    format: String,
    version: u32,
    config: C,
}

/// [`Config`] as the document spells it: entities as lists, so paths have indexes. Built
/// from and into a `Config` by destructuring, so a new field cannot be forgotten here.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ConfigDoc {
    pub practice_name: PracticeName,
    pub demo: bool,
    pub topics: Vec<Topic>,
    pub locations: Vec<Location>,
    pub people: Vec<Person>,
    pub groups: Vec<Group>,
    pub routes: Vec<RouteRule>,
    pub settings: PracticeSettings,
}

impl From<&Config> for ConfigDoc {
    fn from(config: &Config) -> Self {
        let Config {
            practice_name,
            demo,
            topics,
            locations,
            people,
            groups,
            routes,
            settings,
        } = config.clone();
        Self {
            practice_name,
            demo,
            topics,
            locations: locations.into_values().collect(),
            people: people.into_values().collect(),
            groups: groups.into_values().collect(),
            routes: routes.into(),
            settings,
        }
    }
}

impl ConfigDoc {
    /// The configuration, once [`check::check_doc`] has found no duplicate ids or rules (a
    /// duplicate would otherwise silently replace the first).
    fn into_config(self) -> Config {
        let ConfigDoc {
            practice_name,
            demo,
            topics,
            locations,
            people,
            groups,
            routes,
            settings,
        } = self;
        Config {
            practice_name,
            demo,
            topics,
            locations: locations.into_iter().map(|l| (l.id, l)).collect(),
            people: people.into_iter().map(|p| (p.id, p)).collect(),
            groups: groups.into_iter().map(|g| (g.id, g)).collect(),
            routes: routes.into(),
            settings,
        }
    }
}

/// The configuration as a document: pretty JSON, entities sorted by id, deterministic.
pub fn export(config: &Config) -> String {
    let document = Document {
        format: DOCUMENT_FORMAT.to_owned(),
        version: DOCUMENT_VERSION,
        config: ConfigDoc::from(config),
    };
    serde_json::to_string_pretty(&document)
        .expect("a configuration always serialises: it holds no maps with non-text keys")
}

/// Reads a document written by [`export`] (or by hand), checking everything first: the
/// configuration is returned only if all of it is valid; otherwise the first problem.
pub fn import(text: &str) -> Result<Config, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::NotAConfiguration {
            reason: "the file is empty".into(),
        });
    }
    let raw: serde_json::Value = serde_json::from_str(text).map_err(|err| ImportError::Syntax {
        line: err.line(),
        column: err.column(),
        reason: error::reason(&err),
    })?;
    check_envelope(&raw)?;
    let mut json = serde_json::Deserializer::from_str(text);
    let document: Document<ConfigDoc> =
        serde_path_to_error::deserialize(&mut json).map_err(|err| {
            let path = err.path().to_string();
            let inner = err.into_inner();
            ImportError::Shape {
                path,
                reason: error::reason(&inner),
                line: inner.line(),
                column: inner.column(),
            }
        })?;
    unknown_fields(
        &raw["config"],
        &serde_json::to_value(&document.config).unwrap_or_default(),
        "config",
    )?;
    check::check_doc(&document.config, Some(&raw))?;
    let config = document.config.into_config();
    if let Some(place) = Readerless::of(&config).first() {
        let path = match place {
            None => "config.settings.fallback_inbox".to_owned(),
            Some(id) => {
                let index = config.locations.keys().position(|l| *l == id).unwrap_or(0);
                format!("config.locations[{index}].settings.fallback_inbox")
            }
        };
        let inbox::Unread { whose, why, .. } = inbox::unread(&config, place);
        return Err(ImportError::Integrity {
            path,
            reason: format!(
                "{whose} has nobody to read it: {why}; choose a fallback inbox that someone active reads"
            ),
        });
    }
    Ok(config)
}

/// The format tag and version, read before the configuration so that a file from a newer
/// Switchboard says "update" rather than failing on a field this one does not know.
fn check_envelope(raw: &serde_json::Value) -> Result<(), ImportError> {
    let Some(object) = raw.as_object() else {
        return Err(ImportError::NotAConfiguration {
            reason: "the file holds no JSON object".into(),
        });
    };
    match object.get("format").and_then(serde_json::Value::as_str) {
        Some(DOCUMENT_FORMAT) => {}
        Some(other) => {
            return Err(ImportError::NotAConfiguration {
                reason: format!("its \"format\" is \"{other}\", not \"{DOCUMENT_FORMAT}\""),
            });
        }
        None => {
            return Err(ImportError::NotAConfiguration {
                reason: format!("it has no \"format\": \"{DOCUMENT_FORMAT}\""),
            });
        }
    }
    let version = object.get("version");
    match version.and_then(serde_json::Value::as_u64) {
        Some(found) if found == u64::from(DOCUMENT_VERSION) => Ok(()),
        Some(found) if found > u64::from(DOCUMENT_VERSION) => Err(ImportError::NewerVersion {
            found,
            supported: DOCUMENT_VERSION,
        }),
        _ => Err(ImportError::UnknownVersion {
            found: version.map_or_else(|| "missing".into(), ToString::to_string),
            supported: DOCUMENT_VERSION,
        }),
    }
}

/// The first field of `raw` that the configuration read from it does not have: a field
/// Switchboard does not know (a misspelt optional field would otherwise vanish silently).
/// `read` is that configuration written back, so every known field is in it; arrays keep
/// the file's order, so elements compare index by index.
fn unknown_fields(
    raw: &serde_json::Value,
    read: &serde_json::Value,
    path: &str,
) -> Result<(), ImportError> {
    use serde_json::Value;
    match (raw, read) {
        (Value::Object(raw), Value::Object(read)) => {
            for (key, value) in raw {
                let here = format!("{path}.{key}");
                match read.get(key) {
                    Some(known) => unknown_fields(value, known, &here)?,
                    // An optional field written as null, or a list written empty (external
                    // ids), reads back as absent.
                    None if value.is_null() || value.as_array().is_some_and(Vec::is_empty) => {}
                    None => return Err(ImportError::UnknownField { path: here }),
                }
            }
            Ok(())
        }
        (Value::Array(raw), Value::Array(read)) if raw.len() == read.len() => raw
            .iter()
            .zip(read)
            .enumerate()
            .try_for_each(|(i, (raw, read))| unknown_fields(raw, read, &format!("{path}[{i}]"))),
        // Sets (a person's locations) may be reordered or deduplicated: they hold no fields.
        _ => Ok(()),
    }
}
