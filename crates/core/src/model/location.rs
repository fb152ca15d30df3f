//! Locations: the practice's sites, each with its own time zone and setting overrides.

use serde::{Deserialize, Serialize};

use super::LocationId;
use super::fields::fields;
use super::settings::LocationSettings;

/// A site of the practice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub id: LocationId,
    /// "Downtown Clinic".
    pub name: String,
    /// A short name for tight places ("Downtown"); may be empty.
    pub alias: String,
    pub address: String,
    pub phone: String,
    /// IANA time zone ("America/Chicago"): the day a message is sent is the day here.
    pub time_zone: String,
    /// Settings that differ here from the practice's.
    #[serde(default)]
    pub settings: LocationSettings,
    /// Who this location is in other systems, so a re-import finds it: for FHIR, the
    /// resource's `Location/<id>` and each identifier as `system|value`. Usually empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<String>,
}

impl Location {
    /// The alias when there is one, else the name.
    pub fn short_name(&self) -> &str {
        if self.alias.is_empty() {
            &self.name
        } else {
            &self.alias
        }
    }
}

fields!(Location =>
    /// An editable field of a [`Location`] with its value (settings have their own change).
    LocationField {
        name: Name(String),
        alias: Alias(String),
        address: Address(String),
        phone: Phone(String),
        time_zone: TimeZone(String),
        external_ids: ExternalIds(Vec<String>),
    }
);
