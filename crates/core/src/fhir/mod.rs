//! FHIR R4 directory import: [`plan_file`] (or [`FhirFile::parse`] then [`FhirFile::plan`],
//! to plan again without parsing again) reads a FHIR JSON file — a Bundle of any type, or
//! a single resource — and says what it would add and update in the practice, as one
//! [`Change::Batch`] an admin reviews before applying (and undoes as one step).
//!
//! **Refuse or skip, by one rule.** A file that is not FHIR JSON at all (not UTF-8, not
//! JSON, no `resourceType`), or a resource whose fields have the wrong JSON types (or the
//! shape of an older FHIR version, DSTU2), is *refused*: the error names the resource and
//! field, and nothing changes. A valid resource that Switchboard cannot use is *skipped*,
//! with its own line in the preview saying why: a Location without a name, of `mode: kind`,
//! or whose physical type is a home, vehicle, jurisdiction or area; an inactive, payer or
//! insurer Organization; a Practitioner without a name; a Group none of whose members is
//! known; any record with a value `apply` would refuse (markup, a 500-character name) or
//! past the practice's limits. Everything else in the file is still imported. Resources of
//! other types are counted by type; a reference Switchboard cannot follow is left out with
//! a *note*.
//!
//! Words: the *directory* is the practice's locations, people and groups. What maps:
//! Location → a location (name, `alias[0]`, address, phone, the `timezone` extension);
//! Practitioner → a provider (name, credentials, active) and its PractitionerRoles → the
//! provider's locations and whether they are active (roles out of effect, below); a Group
//! of practitioners, or a CareTeam that is not one patient's → a group. An Organization is
//! only *offered*: the practice takes its name when the admin picks "Use this
//! organization's name" ([`FhirChoices::organization`]); by default the practice's name is
//! left alone. A new record's id is derived from its FHIR identity (below), so core stays
//! free of randomness and planning is deterministic.
//!
//! Identity: people are matched by NPI (system `http://hl7.org/fhir/sid/us-npi`), then by
//! the same resource id from the same source (`Practitioner/pr-1`, qualified by the server
//! base of the Bundle entry's `fullUrl` when it has one; a record imported without its source
//! carries the plain `Type/id`, and is found by that too) — never by an SSN or another
//! identifier. Locations and groups are matched by any identifier, then by id. A record's
//! `external_ids` hold those keys. A Practitioner whose NPI is a person's who does not
//! carry its id, under another name, is a [`FhirConflict`]: skipped unless the admin
//! chooses to update the name ([`FhirChoices::update_names`]). Two resources of one file
//! with one key are refused, naming the key. A new record's id is the FNV-1a 128-bit hash
//! of `fhir:<first key>` shaped as a UUID version 8 (RFC 9562 custom), rehashed with `#2`,
//! `#3`, … in the unlikely case it is taken.
//!
//! Roles: a PractitionerRole is *in effect* when it is not `active: false` and `today` falls
//! within its `period` (both ends included, at each end's precision). A role out of effect
//! gives the person no location — their role there is dropped — and a practitioner whose
//! roles in the file are all out of effect (or whose `active` is false) becomes inactive,
//! unless they alone read a fallback inbox (a skipped line says so); a practitioner with no
//! role in the file keeps their locations. A person's locations after the import are those
//! of their roles in effect plus any current location the file does not describe. New
//! people are providers, available for portal messages; an existing person's kind,
//! availability and absences are left alone.
//!
//! Scale: the practice's records are indexed by key once per plan, and each change is
//! applied to a scratch copy without re-checking the whole practice, so planning and
//! re-planning take time linear in the file and the practice.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::change::Change;
use crate::model::{Config, Date, PersonId};

mod changes;
mod directory;
mod error;
mod fields;
#[cfg(feature = "fixtures")]
pub mod fixtures;
mod groups;
mod identity;
mod json;
mod read;

pub use error::FhirError;
use read::Catalog;

/// What the admin decided in the preview; the default decides nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FhirChoices {
    /// The Organization whose name the practice takes ("Use this organization's name"): its
    /// FHIR id, `Organization/<id>`, or an identifier `system|value`. `None` leaves the
    /// practice's name alone.
    pub organization: Option<String>,
    /// The NPIs (the number alone) of conflicts where the admin chose to update the
    /// existing person's name; every other conflict is skipped.
    pub update_names: BTreeSet<String>,
}

/// A Practitioner whose NPI is an existing person's, under another name, from another
/// resource: not merged silently.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FhirConflict {
    /// The NPI they share (the number alone).
    pub npi: String,
    /// The existing person.
    pub person: PersonId,
    /// The person's name as Switchboard has it ("Beverly Crusher, MD").
    pub current: String,
    /// The name the file gives.
    pub incoming: String,
    /// The resource's label.
    pub source: String,
    /// Whether the plan updates the person (the admin chose to); else the resource is skipped.
    pub update: bool,
}

/// What importing a FHIR file would do, for the admin to review before applying `change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FhirPlan {
    /// One line per record added ("Add provider \"Beverly Crusher, MD\" at Downtown Clinic from …").
    pub added: Vec<String>,
    /// One line per record updated, naming each field that changes, old → new.
    pub updated: Vec<String>,
    /// How many records the file describes exactly as the practice has them.
    pub unchanged: usize,
    /// Resources of kinds Switchboard does not import, counted by kind ("Patient",
    /// "CareTeam (a patient's)").
    pub skipped: BTreeMap<String, usize>,
    /// One line per resource Switchboard could use but skipped, saying why (`Location
    /// "home-1" (entry[3]): it describes a kind of place (mode: kind), …; skipped.`).
    pub skipped_records: Vec<String>,
    /// Practitioners whose NPI is an existing person's, under another name: the admin decides.
    pub conflicts: Vec<FhirConflict>,
    /// `(FHIR id, name)` of each Organization whose name the practice may take, in file order.
    pub organizations: Vec<(String, String)>,
    /// The organization whose name the practice takes, as chosen.
    pub organization: Option<String>,
    /// What was left out of an imported resource and why (a reference Switchboard cannot follow).
    pub notes: Vec<String>,
    /// The one batch that makes the import; applying it to the planned-from configuration
    /// gives the imported directory.
    pub change: Change,
}

impl FhirPlan {
    /// Whether applying the plan would change nothing (the file was imported already).
    pub fn is_noop(&self) -> bool {
        self.change.is_noop()
    }
}

/// Plans the import of `json` into `current`, taking the practice's name from
/// `organization` when given (see [`FhirChoices::organization`]); see [`plan_file`].
pub fn plan(
    current: &Config,
    json: &str,
    organization: Option<&str>,
    today: Date,
) -> Result<FhirPlan, FhirError> {
    let choices = FhirChoices {
        organization: organization.map(str::to_owned),
        ..FhirChoices::default()
    };
    plan_file(current, json.as_bytes(), &choices, today)
}

/// Plans the import of `bytes`, a FHIR R4 Bundle or resource as read from the file, into
/// `current`, with what the admin decided in `choices`: [`FhirFile::parse`], then
/// [`FhirFile::plan`].
pub fn plan_file(
    current: &Config,
    bytes: &[u8],
    choices: &FhirChoices,
    today: Date,
) -> Result<FhirPlan, FhirError> {
    FhirFile::parse(bytes)?.plan(current, choices, today)
}

/// A file that is FHIR JSON: UTF-8 text holding a JSON object. Parsed once, planned as often
/// as the admin changes a decision.
#[derive(Debug, Clone, PartialEq)]
pub struct FhirFile {
    root: Value,
}

impl FhirFile {
    /// Reads `bytes` as UTF-8 JSON (a byte order mark is allowed): bytes that are not UTF-8
    /// are refused naming the offset of the first bad byte, JSON that does not parse naming
    /// its line and column.
    pub fn parse(bytes: &[u8]) -> Result<Self, FhirError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let json = std::str::from_utf8(bytes).map_err(|err| {
            let offset = err.valid_up_to();
            FhirError::NotUtf8 {
                offset,
                line: 1 + bytes[..offset].iter().filter(|b| **b == b'\n').count(),
            }
        })?;
        if json.trim().is_empty() {
            return Err(FhirError::NotFhir {
                reason: "the file is empty".into(),
            });
        }
        let root = serde_json::from_str(json).map_err(|err| FhirError::Syntax {
            line: err.line(),
            column: err.column(),
            reason: reason(&err),
        })?;
        Ok(Self { root })
    }

    /// Plans the import of this file into `current`, with what the admin decided in
    /// `choices`. `today` is the day PractitionerRole periods are judged on (core has no
    /// clock). The plan is made from the whole file before anything is returned: a problem
    /// that refuses the file anywhere is an error.
    pub fn plan(
        &self,
        current: &Config,
        choices: &FhirChoices,
        today: Date,
    ) -> Result<FhirPlan, FhirError> {
        let root = &self.root;
        let (resources, empty) = read::resources(root)?;
        let entries = match root.get("resourceType").and_then(Value::as_str) {
            Some("Bundle") => match root.get("entry") {
                Some(Value::Array(entries)) => entries.as_slice(),
                _ => &[],
            },
            _ => &[],
        };
        let catalog = Catalog::new(resources, entries);
        let mut reader = directory::Reader::new(&catalog, current, choices, today.to_string());
        reader.read()?;
        let mut wanted = reader.wanted;
        if empty > 0 {
            wanted
                .skipped
                .insert("Bundle entry without a resource".into(), empty);
        }
        let planned = changes::plan(current, &wanted)?;
        let mut skipped_records = wanted.skipped_records;
        skipped_records.extend(planned.skipped_records);
        Ok(FhirPlan {
            added: planned.added,
            updated: planned.updated,
            unchanged: planned.unchanged,
            skipped: wanted.skipped,
            skipped_records,
            conflicts: wanted.conflicts,
            organizations: wanted.organizations,
            organization: wanted.practice_name.and(choices.organization.clone()),
            notes: wanted.notes,
            change: Change::Batch {
                changes: planned.changes,
            },
        })
    }
}

/// serde_json's message without its own " at line L column C".
fn reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(at) if err.line() > 0 => text[..at].to_owned(),
        _ => text,
    }
}
