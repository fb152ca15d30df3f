//! FHIR R4 directory import: [`plan`] reads a FHIR JSON file — a Bundle of any type, or a
//! single resource — and says what it would add and update in the practice, as one
//! [`Change::Batch`] an admin reviews before applying (and undoes as one step).
//!
//! Words: the *directory* is the practice's locations, people and groups. What maps:
//! Location → a location (name, `alias[0]`, address, phone, the `timezone` extension);
//! Practitioner → a provider (name, credentials, active) and its PractitionerRoles → the
//! provider's locations and whether they are active (roles out of
//! effect, below); Organization → the practice's name (with several, the admin chooses:
//! [`FhirError::ChooseOrganization`]); a Group of practitioners, or a CareTeam that is not
//! one patient's → a group. Every other resource is *skipped* and counted by type; a
//! reference Switchboard cannot follow is left out with a *note*. Records are matched with
//! the practice's by FHIR identifier, then by FHIR id, through their `external_ids`; a new
//! record's id is derived from its FHIR identity (below), so core stays
//! free of randomness and planning is deterministic. An error anywhere in the file is an
//! `Err` naming the resource and field — nothing is planned from a file with a problem.
//!
//! Roles: a PractitionerRole is *in effect* when it is not `active: false` and `today` falls
//! within its `period` (both ends included, at each end's precision). A role out of effect
//! gives the person no location — their role there is dropped — and a practitioner whose
//! roles in the file are all out of effect (or whose `active` is false) becomes inactive; a
//! practitioner with no role in the file keeps their locations. A person's locations after
//! the import are those of their roles in effect plus any current location the file does
//! not describe. New people are providers, available for portal messages; an existing
//! person's kind, availability and absences are left alone. Roles of an Organization other
//! than the practice's are skipped.
//!
//! Identity: a record's `external_ids` hold `Type/id` and each identifier as `system|value`.
//! A new record's id is the FNV-1a 128-bit hash of `fhir:<first key>` (`fhir:Practitioner/pr-1`)
//! shaped as a UUID version 8 (RFC 9562 custom), rehashed with `#2`, `#3`, … in the unlikely
//! case it is taken.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::change::Change;
use crate::model::{Config, Date};

mod changes;
mod directory;
mod error;
mod fields;
mod groups;
mod read;

pub use error::FhirError;
use read::{Catalog, Resource};

/// What importing a FHIR file would do, for the admin to review before applying `change`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FhirPlan {
    /// One line per record added ("Add provider \"Beverly Crusher, MD\" at Downtown Clinic from …").
    pub added: Vec<String>,
    /// One line per record updated, naming each field that changes, old → new.
    pub updated: Vec<String>,
    /// How many records the file describes exactly as the practice has them.
    pub unchanged: usize,
    /// Resources not imported, counted by kind ("Patient", "CareTeam (a patient's)").
    pub skipped: BTreeMap<String, usize>,
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

/// Plans the import of `json`, a FHIR R4 Bundle or resource, into `current`.
///
/// `organization` is the FHIR id (or `Organization/<id>`, or an identifier `system|value`)
/// of the Organization that is the practice, needed when the file has several. `today` is
/// the day PractitionerRole periods are judged on (core has no clock). The plan is made
/// from the whole file before anything is returned: a problem anywhere is an error.
pub fn plan(
    current: &Config,
    json: &str,
    organization: Option<&str>,
    today: Date,
) -> Result<FhirPlan, FhirError> {
    if json.trim().is_empty() {
        return Err(FhirError::NotFhir {
            reason: "the file is empty".into(),
        });
    }
    let root: Value = serde_json::from_str(json).map_err(|err| FhirError::Syntax {
        line: err.line(),
        column: err.column(),
        reason: reason(&err),
    })?;
    let (resources, empty) = read::resources(&root)?;
    let entries = match root.get("resourceType").and_then(Value::as_str) {
        Some("Bundle") => read::list(root.get("entry")),
        _ => &[],
    };
    let catalog = Catalog::new(resources, entries);
    let mut reader = directory::Reader::new(&catalog, current, today.to_string());
    let chosen = choose_organization(&catalog, organization)?;
    reader.chosen_organization = chosen;
    for (at, resource) in catalog.resources.iter().enumerate() {
        if resource.kind == "Organization" && Some(at) != chosen {
            reader.skip("Organization (not the practice)");
        }
    }
    if let Some(at) = chosen {
        let practice = &catalog.resources[at];
        let name = fields::organization_name(practice)
            .ok_or_else(|| practice.missing("name", "the practice's name"))?;
        reader.wanted.practice_name = Some(name);
    }
    reader.read()?;
    let mut wanted = reader.wanted;
    if empty > 0 {
        wanted
            .skipped
            .insert("Bundle entry without a resource".into(), empty);
    }
    let planned = changes::plan(current, &wanted)?;
    Ok(FhirPlan {
        added: planned.added,
        updated: planned.updated,
        unchanged: planned.unchanged,
        skipped: wanted.skipped,
        notes: wanted.notes,
        change: Change::Batch {
            changes: planned.changes,
        },
    })
}

/// The Organization that is the practice, as a position in the catalog: the one named by
/// `chosen`, else the only one; several and no choice is [`FhirError::ChooseOrganization`].
fn choose_organization(
    catalog: &Catalog<'_>,
    chosen: Option<&str>,
) -> Result<Option<usize>, FhirError> {
    let organizations: Vec<(usize, &Resource<'_>)> = (catalog.resources.iter().enumerate())
        .filter(|(_, r)| r.kind == "Organization")
        .collect();
    let candidates = || {
        (organizations.iter())
            .map(|(_, r)| {
                let id =
                    r.id.map(str::to_owned)
                        .or_else(|| r.keys().into_iter().next());
                let name = fields::organization_name(r).unwrap_or_else(|| "(no name)".into());
                (id.unwrap_or_else(|| r.label()), name)
            })
            .collect::<Vec<_>>()
    };
    match (chosen, organizations.as_slice()) {
        (_, []) => Ok(None),
        (Some(chosen), _) => organizations
            .iter()
            .find(|(_, r)| r.id == Some(chosen) || r.keys().iter().any(|k| k == chosen))
            .map(|(at, _)| Some(*at))
            .ok_or_else(|| FhirError::UnknownOrganization {
                chosen: chosen.to_owned(),
                candidates: candidates(),
            }),
        (None, [(at, _)]) => Ok(Some(*at)),
        (None, _) => Err(FhirError::ChooseOrganization {
            candidates: candidates(),
        }),
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
