//! Locations: the practice's sites, each with its own time zone and setting overrides.

use serde::{Deserialize, Serialize};

use super::LocationId;
use super::fields::fields;
use super::hours::OfficeHours;
use super::settings::LocationSettings;

fn yes() -> bool {
    true
}

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
    /// Open to patients' messages. A deactivated location is kept (its rules and history
    /// stay) but patients cannot write there.
    #[serde(default = "yes")]
    pub active: bool,
    /// When the office is open, in the location's own time; empty: not set.
    #[serde(default, skip_serializing_if = "OfficeHours::is_empty")]
    pub office_hours: OfficeHours,
    /// The patient's screen is branded with this location (its alias, else its name, its
    /// address and phone) rather than with the practice's name.
    #[serde(default = "yes")]
    pub own_branding: bool,
    /// Settings that differ here from the practice's.
    #[serde(default)]
    pub settings: LocationSettings,
    /// Who this location is in other systems, so a re-import finds it: for FHIR, the
    /// resource's `Location/<id>` and each identifier as `system|value`. Usually empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<String>,
}

impl Location {
    /// An active location with only a name and a time zone; every other field empty or as
    /// the practice, branded with its own information.
    pub fn new(id: LocationId, name: impl Into<String>, time_zone: impl Into<String>) -> Self {
        Self {
            id,
            name: name.into(),
            alias: String::new(),
            address: String::new(),
            phone: String::new(),
            time_zone: time_zone.into(),
            active: true,
            office_hours: OfficeHours::default(),
            own_branding: true,
            settings: LocationSettings::default(),
            external_ids: Vec::new(),
        }
    }

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
        active: Active(bool),
        office_hours: OfficeHours(OfficeHours),
        own_branding: OwnBranding(bool),
        external_ids: ExternalIds(Vec<String>),
    }
);
