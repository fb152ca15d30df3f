//! From the file's resources to the directory they describe ([`Wanted`]), each entry matched
//! with the practice's own record or given a new id.
//!
//! Words: an entry is *matched* when one of the practice's records already carries one of
//! its keys in `external_ids` — an identifier first, then the literal `Type/id`; otherwise it
//! is *new*, with an id derived from `fhir:<first key>` ([`derive_id`]). A PractitionerRole
//! is *in effect* when it is not `active: false` and `today` falls within its `period`.
//! The decision on roles: a role not in effect gives the person no location (their role
//! there is dropped), and a practitioner whose roles in the file are all out of effect is
//! inactive; a practitioner with no role in the file keeps their locations.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::FhirError;
use super::fields::{self, LocationFields};
use super::read::{Catalog, Resolved, Resource, within};
use crate::model::{Config, GroupId, LocationId, PersonId};

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
    pub notes: Vec<String>,
}

/// Reads the catalog into a [`Wanted`], matching against `current`.
pub(super) struct Reader<'c, 'a> {
    pub catalog: &'c Catalog<'a>,
    pub current: &'c Config,
    /// `YYYY-MM-DD`.
    pub today: String,
    pub wanted: Wanted,
    /// The Organization chosen as the practice, as a position in the catalog: roles of
    /// other organizations in the file are not this practice's.
    pub chosen_organization: Option<usize>,
    location_of: BTreeMap<usize, LocationId>,
    person_of: BTreeMap<usize, usize>,
    outside_person: BTreeMap<PersonId, usize>,
    /// Ids given out so far (matched or new), per kind, with the resource that took each.
    claimed: BTreeMap<(char, u128), String>,
    /// Keys seen so far, per kind: two resources with one key are one record twice.
    claimed_keys: BTreeMap<(char, String), String>,
}

impl<'c, 'a> Reader<'c, 'a> {
    pub fn new(catalog: &'c Catalog<'a>, current: &'c Config, today: String) -> Self {
        Self {
            catalog,
            current,
            today,
            wanted: Wanted::default(),
            chosen_organization: None,
            location_of: BTreeMap::new(),
            person_of: BTreeMap::new(),
            outside_person: BTreeMap::new(),
            claimed: BTreeMap::new(),
            claimed_keys: BTreeMap::new(),
        }
    }

    pub(super) fn skip(&mut self, what: &str) {
        *self.wanted.skipped.entry(what.to_owned()).or_default() += 1;
    }

    pub(super) fn note(&mut self, resource: &Resource<'_>, why: String) {
        self.wanted
            .notes
            .push(format!("{}: {why}; left out.", resource.label()));
    }

    /// Locations, then practitioners, their roles, groups and care teams; everything else
    /// is counted as skipped. Organizations are read by the caller.
    pub fn read(&mut self) -> Result<(), FhirError> {
        let catalog = self.catalog;
        for (at, resource) in catalog.resources.iter().enumerate() {
            if resource.kind == "Location" {
                self.location(at, resource)?;
            }
        }
        for (at, resource) in catalog.resources.iter().enumerate() {
            if resource.kind == "Practitioner" {
                self.practitioner(at, resource)?;
            }
        }
        for resource in &catalog.resources {
            match resource.kind {
                "Location" | "Practitioner" | "Organization" => {}
                "PractitionerRole" => self.role(resource)?,
                "Group" => self.group(resource)?,
                "CareTeam" => self.care_team(resource)?,
                other => self.skip(other),
            }
        }
        Ok(())
    }

    /// The id for `resource`: the matched record's (the first record of `records` carrying
    /// one of its identifiers, else its literal), or a new one derived from its first key.
    pub(super) fn identify<Id: Copy>(
        &mut self,
        resource: &Resource<'_>,
        tag: char,
        records: Vec<(u128, &[String])>,
        make: fn(u128) -> Id,
    ) -> Result<Entry<Id>, FhirError> {
        let keys = resource.keys();
        if keys.is_empty() {
            return Err(resource.missing(
                "id",
                "recognising this record when the file is imported again (give it an id or an identifier)",
            ));
        }
        let by_key = |key: &String| records.iter().find(|(_, ids)| ids.contains(key));
        let found = (resource.identifiers().iter().find_map(by_key))
            .or_else(|| resource.literal().as_ref().and_then(by_key));
        let (id, mut external_ids) = match found {
            Some((id, ids)) => (*id, ids.to_vec()),
            None => {
                let taken = |id: u128| {
                    records.iter().any(|(old, _)| *old == id)
                        || self.claimed.contains_key(&(tag, id))
                };
                (derive_id(&format!("fhir:{}", keys[0]), taken), Vec::new())
            }
        };
        for key in keys {
            if !external_ids.contains(&key) {
                external_ids.push(key);
            }
        }
        for key in resource.keys() {
            if let Some(other) = self.claimed_keys.insert((tag, key), resource.label()) {
                return Err(FhirError::Duplicate {
                    resource: resource.label(),
                    other,
                    what: resource.kind.to_lowercase(),
                });
            }
        }
        if let Some(other) = self.claimed.insert((tag, id), resource.label()) {
            return Err(FhirError::Duplicate {
                resource: resource.label(),
                other,
                what: resource.kind.to_lowercase(),
            });
        }
        Ok(Entry {
            id: make(id),
            source: resource.label(),
            external_ids,
        })
    }

    fn location(&mut self, at: usize, resource: &Resource<'_>) -> Result<(), FhirError> {
        let fields = fields::location(resource)?;
        let current = self.current;
        let records = (current.locations.values())
            .map(|l| (l.id.as_u128(), l.external_ids.as_slice()))
            .collect();
        let entry = self.identify(resource, 'L', records, LocationId::from_u128)?;
        self.location_of.insert(at, entry.id);
        self.wanted.described.insert(entry.id);
        self.wanted.locations.push(WantedLocation { entry, fields });
        Ok(())
    }

    fn practitioner(&mut self, at: usize, resource: &Resource<'_>) -> Result<(), FhirError> {
        let fields = fields::practitioner(resource)?;
        let entry = self.identify(resource, 'P', self.people_records(), PersonId::from_u128)?;
        self.person_of.insert(at, self.wanted.people.len());
        self.wanted.people.push(WantedPerson {
            entry,
            name: Some(fields.name),
            credentials: Some(fields.credentials),
            active: fields.active,
            roles: None,
            any_role_in_effect: false,
        });
        Ok(())
    }

    fn people_records(&self) -> Vec<(u128, &'c [String])> {
        let current = self.current;
        (current.people.values())
            .map(|p| (p.id.as_u128(), p.external_ids.as_slice()))
            .collect()
    }

    /// A PractitionerRole adds its locations (when in effect) to its practitioner.
    fn role(&mut self, resource: &Resource<'_>) -> Result<(), FhirError> {
        let active = resource.flag("active")?;
        let in_effect = active != Some(false)
            && within(resource, "period", resource.json.get("period"), &self.today)?;
        let mut locations = Vec::new();
        for (k, reference) in resource.list("location").iter().enumerate() {
            let field = format!("location[{k}]");
            let resolved = self
                .catalog
                .resolve(resource, &field, reference, &["Location"])?;
            if let Some(id) = self.location_ref(resource, resolved) {
                locations.push(id);
            }
        }
        if let Some(reference) = resource.json.get("organization") {
            let resolved =
                (self.catalog).resolve(resource, "organization", reference, &["Organization"])?;
            if let Resolved::InFile(at) = resolved
                && self.other_organization(at)
            {
                self.skip("PractitionerRole (another organization)");
                return Ok(());
            }
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

    /// Whether the Organization at `at` is one the admin did not choose as the practice.
    fn other_organization(&self, at: usize) -> bool {
        self.chosen_organization.is_some_and(|chosen| chosen != at)
    }

    fn location_ref(&mut self, from: &Resource<'_>, resolved: Resolved) -> Option<LocationId> {
        match resolved {
            Resolved::InFile(at) => self.location_of.get(&at).copied(),
            Resolved::Outside { keys, .. } => {
                let found = (self.current.locations.values())
                    .find(|l| keys.iter().any(|k| l.external_ids.contains(k)))
                    .map(|l| l.id);
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
                Ok(self.person_of.get(&at).copied())
            }
            Resolved::Outside { kind, keys } => {
                let person = (self.current.people.values())
                    .find(|p| keys.iter().any(|k| p.external_ids.contains(k)));
                match person {
                    Some(person) if kind.as_deref() != Some("PractitionerRole") => {
                        Ok(Some(self.outside(person.id, from)))
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
        if let Some(&at) = self.outside_person.get(&id) {
            return at;
        }
        if let Some(at) = (self.wanted.people.iter()).position(|p| p.entry.id == id) {
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
        self.outside_person.insert(id, self.wanted.people.len() - 1);
        self.wanted.people.len() - 1
    }
}

/// A new id from `name` ("fhir:Practitioner/pr-1"): the FNV-1a 128-bit hash of its UTF-8
/// bytes, shaped as a UUID version 8 (custom) with the RFC 9562 variant, so the same
/// resource always gets the same id and an import planned twice adds the same records.
/// When the id is `taken`, `name#2`, `name#3`, … are hashed instead.
pub(super) fn derive_id(name: &str, taken: impl Fn(u128) -> bool) -> u128 {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;
    let hash = |text: &str| {
        let raw = text.bytes().fold(OFFSET, |hash, byte| {
            (hash ^ u128::from(byte)).wrapping_mul(PRIME)
        });
        (raw & !(0xf << 76) & !(0x3 << 62)) | (0x8 << 76) | (0x2 << 62)
    };
    let mut id = hash(name);
    let mut round = 1;
    while taken(id) {
        round += 1;
        id = hash(&format!("{name}#{round}"));
    }
    id
}
