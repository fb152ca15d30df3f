//! From the file's resources to the directory they describe ([`Wanted`]), each entry matched
//! with the practice's own record or given a new id — or skipped, with its reason.
//!
//! Words: an entry is *matched* when one of the practice's records already carries one of
//! its keys in `external_ids` — an identifier first (for a Practitioner: its NPI only), then
//! the literal key (the same id from the same source); otherwise it is *new*, with an id
//! derived from `fhir:<first key>` ([`derive_id`]). The practice's records are indexed by
//! key once per plan ([`Known`]), so reading a file is linear in the file and the practice.
//! A Practitioner matched by NPI but not by its own id, whose name differs from the
//! person's, is a *conflict*: it is skipped unless the admin chose to update the name.
//! A resource Switchboard cannot use (no name, not a site, a value `apply` would refuse, a
//! practice at its limits) is *skipped* with its own line; a reference to it becomes a note.
//! Roles: see [`super`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::fields::{self, LocationFields};
use super::identity::{Known, display, same_name};
use super::read::{Catalog, Resolved, Resource, is_npi, within};
use super::{FhirChoices, FhirConflict, FhirError};
use crate::change::valid;
use crate::limits::{LOCATIONS, PEOPLE};
use crate::model::{Config, GroupId, LocationField, LocationId, PersonField, PersonId};

/// How a file's entry relates to the practice.
pub(super) struct Entry<Id> {
    pub id: Id,
    /// The resource's label, for lines and messages.
    pub source: String,
    /// The record's external ids after the import (its old ones, then any new keys).
    pub external_ids: Vec<String>,
}

pub(super) struct WantedLocation {
    pub entry: Entry<LocationId>,
    pub fields: LocationFields,
}

/// A person the file speaks of: a Practitioner, or a known person only its roles name.
pub(super) struct WantedPerson {
    pub entry: Entry<PersonId>,
    pub name: Option<String>,
    pub credentials: Option<String>,
    /// `Practitioner.active` when the file says.
    pub active: Option<bool>,
    /// The locations of this person's roles in effect, once a role names them.
    pub roles: Option<BTreeSet<LocationId>>,
    /// Whether any of those roles is in effect.
    pub any_role_in_effect: bool,
}

pub(super) struct WantedGroup {
    pub entry: Entry<GroupId>,
    pub name: String,
    pub members: Vec<PersonId>,
}

/// The directory a file describes.
#[derive(Default)]
pub(super) struct Wanted {
    pub practice_name: Option<String>,
    pub locations: Vec<WantedLocation>,
    pub people: Vec<WantedPerson>,
    pub groups: Vec<WantedGroup>,
    /// Every location the file describes or a role names: a person's locations among these
    /// come from the file, the others are left as they are.
    pub described: BTreeSet<LocationId>,
    pub skipped: BTreeMap<String, usize>,
    pub skipped_records: Vec<String>,
    pub notes: Vec<String>,
    pub conflicts: Vec<FhirConflict>,
    /// `(FHIR id, name)` of each Organization whose name the practice may take.
    pub organizations: Vec<(String, String)>,
}

/// Reads the catalog into a [`Wanted`], matching against `current`.
pub(super) struct Reader<'c, 'a> {
    pub catalog: &'c Catalog<'a>,
    pub current: &'c Config,
    pub choices: &'c FhirChoices,
    /// `YYYY-MM-DD`.
    pub today: String,
    pub wanted: Wanted,
    pub(super) locations: Known<'c>,
    pub(super) people: Known<'c>,
    pub(super) groups: Known<'c>,
    location_of: HashMap<usize, LocationId>,
    person_of: HashMap<usize, usize>,
    /// Resources skipped, by position: what a reference to them says.
    pub(super) skipped_at: HashMap<usize, String>,
    /// Where each person is among the wanted people.
    person_index: HashMap<PersonId, usize>,
    /// Ids given out so far (matched or new), per kind, with the resource that took each.
    pub(super) claimed: HashMap<(char, u128), String>,
    /// The keys of each offered Organization (its id, literal and identifiers).
    organization_keys: Vec<Vec<String>>,
    /// Keys seen so far, per kind, with the resource that had each: two resources with one
    /// key are one record twice.
    pub(super) claimed_keys: HashMap<(char, String), String>,
    /// New records so far, per kind, against the practice's limits.
    pub(super) added: HashMap<char, usize>,
}

impl<'c, 'a> Reader<'c, 'a> {
    pub fn new(
        catalog: &'c Catalog<'a>,
        current: &'c Config,
        choices: &'c FhirChoices,
        today: String,
    ) -> Self {
        Self {
            catalog,
            current,
            choices,
            today,
            wanted: Wanted::default(),
            locations: Known::new(
                (current.locations.values()).map(|l| (l.id.as_u128(), l.external_ids.as_slice())),
            ),
            people: Known::new(
                (current.people.values()).map(|p| (p.id.as_u128(), p.external_ids.as_slice())),
            ),
            groups: Known::new(
                (current.groups.values()).map(|g| (g.id.as_u128(), g.external_ids.as_slice())),
            ),
            location_of: HashMap::new(),
            person_of: HashMap::new(),
            skipped_at: HashMap::new(),
            person_index: HashMap::new(),
            claimed: HashMap::new(),
            organization_keys: Vec::new(),
            claimed_keys: HashMap::new(),
            added: HashMap::new(),
        }
    }

    pub(super) fn skip(&mut self, what: &str) {
        *self.wanted.skipped.entry(what.to_owned()).or_default() += 1;
    }

    /// Skips the resource at `at` with its own line saying why.
    pub(super) fn skip_record(&mut self, at: usize, resource: &Resource<'_>, why: &str) {
        self.wanted
            .skipped_records
            .push(format!("{}: {why}; skipped.", resource.label()));
        self.skipped_at.insert(at, resource.label());
    }

    pub(super) fn note(&mut self, resource: &Resource<'_>, why: String) {
        self.wanted
            .notes
            .push(format!("{}: {why}; left out.", resource.label()));
    }

    /// Organizations, locations, then practitioners, their roles, groups and care teams;
    /// everything else is counted as skipped.
    pub fn read(&mut self) -> Result<(), FhirError> {
        let catalog = self.catalog;
        for (at, resource) in catalog.resources.iter().enumerate() {
            match resource.kind {
                "Organization" => self.organization(at, resource)?,
                "Location" => self.location(at, resource)?,
                _ => {}
            }
        }
        self.choose_organization()?;
        for (at, resource) in catalog.resources.iter().enumerate() {
            if resource.kind == "Practitioner" {
                self.practitioner(at, resource)?;
            }
        }
        for (at, resource) in catalog.resources.iter().enumerate() {
            match resource.kind {
                "Location" | "Practitioner" | "Organization" => {}
                "PractitionerRole" => self.role(resource)?,
                "Group" => self.group(at, resource)?,
                "CareTeam" => self.care_team(at, resource)?,
                other => self.skip(other),
            }
        }
        Ok(())
    }

    /// An Organization is offered to name the practice, or skipped with its reason.
    fn organization(&mut self, at: usize, resource: &Resource<'_>) -> Result<(), FhirError> {
        let name = match fields::organization(resource)? {
            Ok(name) => name,
            Err(why) => {
                self.skip_record(at, resource, &why);
                return Ok(());
            }
        };
        if let Err(invalid) = valid::practice_name(&name) {
            self.skip_record(at, resource, &invalid.message);
            return Ok(());
        }
        let id = (resource.id.map(str::to_owned))
            .or_else(|| resource.keys().into_iter().next())
            .unwrap_or_else(|| resource.label());
        let mut keys = resource.keys();
        keys.extend(resource.literal());
        keys.push(id.clone());
        self.organization_keys.push(keys);
        self.wanted.organizations.push((id, name));
        Ok(())
    }

    /// The name of the Organization the admin chose, if any, becomes the practice's.
    fn choose_organization(&mut self) -> Result<(), FhirError> {
        let Some(chosen) = self.choices.organization.as_deref() else {
            return Ok(());
        };
        let offered = &self.wanted.organizations;
        let at = (self.organization_keys.iter()).position(|keys| keys.iter().any(|k| k == chosen));
        match at.map(|at| &offered[at]) {
            Some((_, name)) => {
                self.wanted.practice_name = Some(name.clone());
                Ok(())
            }
            None => Err(FhirError::UnknownOrganization {
                chosen: chosen.to_owned(),
                candidates: offered.clone(),
            }),
        }
    }

    fn location(&mut self, at: usize, resource: &Resource<'_>) -> Result<(), FhirError> {
        let fields = fields::location(resource)?;
        let Some(found) = self.identify(at, resource, 'L', LocationId::from_u128)? else {
            return Ok(());
        };
        let fields = match fields {
            Ok(fields) => fields,
            Err(why) => {
                self.skip_record(at, resource, &why);
                return Ok(());
            }
        };
        let mut values = vec![
            LocationField::Name(fields.name.clone()),
            LocationField::Alias(fields.alias.clone()),
            LocationField::Address(fields.address.clone()),
            LocationField::Phone(fields.phone.clone()),
            LocationField::ExternalIds(found.entry.external_ids.clone()),
        ];
        values.extend(fields.time_zone.clone().map(LocationField::TimeZone));
        if let Some(invalid) = values
            .iter()
            .find_map(|value| valid::location_field(&fields.name, value).err())
        {
            self.skip_record(at, resource, &invalid.message);
            return Ok(());
        }
        let had = self.current.locations.len();
        let id = found.entry.id.as_u128();
        if !self.claim(
            at,
            resource,
            'L',
            id,
            found.existing,
            (LOCATIONS, had, "locations"),
        ) {
            return Ok(());
        }
        self.location_of.insert(at, found.entry.id);
        self.wanted.described.insert(found.entry.id);
        self.wanted.locations.push(WantedLocation {
            entry: found.entry,
            fields,
        });
        Ok(())
    }

    fn practitioner(&mut self, at: usize, resource: &Resource<'_>) -> Result<(), FhirError> {
        let fields = fields::practitioner(resource)?;
        let Some(found) = self.identify(at, resource, 'P', PersonId::from_u128)? else {
            return Ok(());
        };
        let fields = match fields {
            Ok(fields) => fields,
            Err(why) => {
                self.skip_record(at, resource, &why);
                return Ok(());
            }
        };
        let values = [
            PersonField::Name(fields.name.clone()),
            PersonField::Credentials(fields.credentials.clone()),
            PersonField::ExternalIds(found.entry.external_ids.clone()),
        ];
        if let Some(invalid) = values
            .iter()
            .find_map(|value| valid::person_field(&fields.name, value).err())
        {
            self.skip_record(at, resource, &invalid.message);
            return Ok(());
        }
        if let Some(npi) = &found.by_npi_only {
            let person = &self.current.people[&found.entry.id];
            if !same_name(&person.name, &fields.name) {
                let npi = npi.rsplit('|').next().unwrap_or(npi).to_owned();
                let update = self.choices.update_names.contains(&npi);
                self.wanted.conflicts.push(FhirConflict {
                    npi,
                    person: person.id,
                    current: person.display_name(),
                    incoming: display(&fields.name, &fields.credentials),
                    source: resource.label(),
                    update,
                });
                if !update {
                    self.skipped_at.insert(at, resource.label());
                    return Ok(());
                }
            }
        }
        let had = self.current.people.len();
        let id = found.entry.id.as_u128();
        if !self.claim(
            at,
            resource,
            'P',
            id,
            found.existing,
            (PEOPLE, had, "people"),
        ) {
            return Ok(());
        }
        self.person_of.insert(at, self.wanted.people.len());
        (self.person_index).insert(found.entry.id, self.wanted.people.len());
        self.wanted.people.push(WantedPerson {
            entry: found.entry,
            name: Some(fields.name),
            credentials: Some(fields.credentials),
            active: fields.active,
            roles: None,
            any_role_in_effect: false,
        });
        Ok(())
    }

    /// A PractitionerRole adds its locations (when in effect) to its practitioner.
    fn role(&mut self, resource: &Resource<'_>) -> Result<(), FhirError> {
        let active = resource.flag("active")?;
        let in_effect = active != Some(false)
            && within(resource, "period", resource.json.get("period"), &self.today)?;
        let mut locations = Vec::new();
        for (k, reference) in resource.list("location")?.iter().enumerate() {
            let field = format!("location[{k}]");
            let resolved = self
                .catalog
                .resolve(resource, &field, reference, &["Location"])?;
            if let Some(id) = self.location_ref(resource, &field, resolved) {
                locations.push(id);
            }
        }
        if let Some(reference) = resource.json.get("organization") {
            (self.catalog).resolve(resource, "organization", reference, &["Organization"])?;
        }
        let Some(reference) = resource.json.get("practitioner") else {
            self.note(resource, "it names no practitioner".into());
            return Ok(());
        };
        let Some(person) = self.person_ref(resource, "practitioner", reference, false)? else {
            return Ok(());
        };
        self.wanted.described.extend(locations.iter().copied());
        let person = &mut self.wanted.people[person];
        let roles = person.roles.get_or_insert_with(BTreeSet::new);
        if in_effect {
            roles.extend(locations);
            person.any_role_in_effect = true;
        }
        Ok(())
    }

    fn location_ref(
        &mut self,
        from: &Resource<'_>,
        field: &str,
        resolved: Resolved,
    ) -> Option<LocationId> {
        match resolved {
            Resolved::InFile(at) => {
                let found = self.location_of.get(&at).copied();
                if found.is_none()
                    && let Some(label) = self.skipped_at.get(&at).cloned()
                {
                    self.note(from, format!("{field} names {label}, which is skipped"));
                }
                found
            }
            Resolved::Outside { keys, .. } => {
                let found = (keys.iter())
                    .find_map(|k| self.locations.find(k))
                    .map(LocationId::from_u128);
                if found.is_none() {
                    let why = format!(
                        "it names the location {}, which is neither in the file nor in Switchboard",
                        keys.join(" / ")
                    );
                    self.note(from, why);
                }
                found
            }
            Resolved::Unresolved(why) => {
                self.note(from, why);
                None
            }
        }
    }

    /// The person a reference names (a Practitioner, or with `via_role` a PractitionerRole's
    /// practitioner), as an index into the wanted people; `None` (with a note) when unknown.
    pub(super) fn person_ref(
        &mut self,
        from: &Resource<'_>,
        field: &str,
        reference: &Value,
        via_role: bool,
    ) -> Result<Option<usize>, FhirError> {
        let kinds: &[&str] = if via_role {
            &["Practitioner", "PractitionerRole"]
        } else {
            &["Practitioner"]
        };
        match self.catalog.resolve(from, field, reference, kinds)? {
            Resolved::InFile(at) => {
                let target = &self.catalog.resources[at];
                if target.kind == "PractitionerRole" {
                    return match target.json.get("practitioner") {
                        Some(inner) => self.person_ref(target, "practitioner", inner, false),
                        None => {
                            self.note(from, format!("{field} is a role that names no one"));
                            Ok(None)
                        }
                    };
                }
                let found = self.person_of.get(&at).copied();
                if found.is_none()
                    && let Some(label) = self.skipped_at.get(&at).cloned()
                {
                    self.note(from, format!("{field} names {label}, which is skipped"));
                }
                Ok(found)
            }
            Resolved::Outside { kind, keys } => {
                // People are known by NPI or by id, never by another identifier.
                let person = (keys.iter())
                    .filter(|k| !k.contains('|') || is_npi(k))
                    .find_map(|k| self.people.find(k))
                    .map(PersonId::from_u128);
                match person {
                    Some(person) if kind.as_deref() != Some("PractitionerRole") => {
                        Ok(Some(self.outside(person, from)))
                    }
                    _ => {
                        let why = format!(
                            "{field} names {}, which is neither in the file nor in Switchboard",
                            keys.join(" / ")
                        );
                        self.note(from, why);
                        Ok(None)
                    }
                }
            }
            Resolved::Unresolved(why) => {
                self.note(from, why);
                Ok(None)
            }
        }
    }

    /// The wanted entry of a known person whom only references in the file name.
    fn outside(&mut self, id: PersonId, from: &Resource<'_>) -> usize {
        if let Some(&at) = self.person_index.get(&id) {
            return at;
        }
        let external_ids = self.current.people[&id].external_ids.clone();
        self.wanted.people.push(WantedPerson {
            entry: Entry {
                id,
                source: format!("the practitioner named by {}", from.label()),
                external_ids,
            },
            name: None,
            credentials: None,
            active: None,
            roles: None,
            any_role_in_effect: false,
        });
        self.person_index.insert(id, self.wanted.people.len() - 1);
        self.wanted.people.len() - 1
    }
}
