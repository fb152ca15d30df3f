//! Who a resource is: its keys matched against the practice's records ([`Known`], indexed
//! once per plan), a new id derived from its first key ([`derive_id`]), a key two resources
//! of the file share (refused, naming it), and the practice's limits on new records.

use std::collections::HashMap;

use super::FhirError;
use super::directory::{Entry, Reader};
use super::read::{Resource, describe_key, is_npi};
use crate::model::{GroupId, LocationId, PersonId};

/// The practice's records of one kind, by every key in their `external_ids`.
pub(super) struct Known<'c> {
    by_key: HashMap<&'c str, u128>,
    ids: HashMap<u128, &'c [String]>,
}

impl<'c> Known<'c> {
    pub(super) fn new(records: impl Iterator<Item = (u128, &'c [String])>) -> Self {
        let mut known = Self {
            by_key: HashMap::new(),
            ids: HashMap::new(),
        };
        for (id, keys) in records {
            known.ids.insert(id, keys);
            for key in keys {
                known.by_key.entry(key.as_str()).or_insert(id);
            }
        }
        known
    }

    pub(super) fn find(&self, key: &str) -> Option<u128> {
        self.by_key.get(key).copied()
    }
}

/// How a resource was identified.
pub(super) struct Identified<Id> {
    pub entry: Entry<Id>,
    /// Whether it is one of the practice's records.
    pub existing: bool,
    /// The NPI it was matched by, when its own id did not match as well.
    pub by_npi_only: Option<String>,
}

impl Reader<'_, '_> {
    /// The identity of `resource` among `known` records: refuses a key another resource of
    /// the file already had; `None` (and a skipped line) when it has no key at all.
    pub(super) fn identify<Id: Copy>(
        &mut self,
        at: usize,
        resource: &Resource<'_>,
        tag: char,
        make: fn(u128) -> Id,
    ) -> Result<Option<Identified<Id>>, FhirError> {
        let keys = resource.keys();
        for key in &keys {
            if let Some(other) = self
                .claimed_keys
                .insert((tag, key.clone()), resource.label())
            {
                return Err(FhirError::Duplicate {
                    resource: resource.label(),
                    other,
                    what: resource.kind.to_lowercase(),
                    shared: describe_key(key),
                });
            }
        }
        if keys.is_empty() {
            let why = if resource.kind == "Practitioner" {
                "it has no id and no NPI, so Switchboard could not recognise it when the file is imported again"
            } else {
                "it has no id and no identifier, so Switchboard could not recognise it when the file is imported again"
            };
            self.skip_record(at, resource, why);
            return Ok(None);
        }
        let known = match tag {
            'L' => &self.locations,
            'P' => &self.people,
            _ => &self.groups,
        };
        let literal = resource.literal_key.as_deref();
        let by_identifier = (keys.iter())
            .filter(|k| Some(k.as_str()) != literal)
            .find_map(|k| known.find(k).map(|id| (id, k)));
        // A record imported from a file that named no source (or before sources were kept)
        // carries the plain `Type/id`: it is found by that too.
        let plain = resource
            .literal()
            .filter(|plain| Some(plain.as_str()) != literal);
        let found = by_identifier
            .map(|(id, _)| id)
            .or_else(|| literal.and_then(|k| known.find(k)))
            .or_else(|| plain.and_then(|k| known.find(&k)));
        let (id, mut external_ids, existing) = match found {
            Some(id) => (id, known.ids[&id].to_vec(), true),
            None => {
                let current = self.current;
                let claimed = &self.claimed;
                let taken = |id: u128| {
                    claimed.contains_key(&(tag, id))
                        || match tag {
                            'L' => current.locations.contains_key(&LocationId::from_u128(id)),
                            'P' => current.people.contains_key(&PersonId::from_u128(id)),
                            _ => current.groups.contains_key(&GroupId::from_u128(id)),
                        }
                };
                (
                    derive_id(&format!("fhir:{}", keys[0]), taken),
                    Vec::new(),
                    false,
                )
            }
        };
        let by_npi_only = by_identifier
            .filter(|(_, key)| is_npi(key))
            .filter(|_| literal.is_none_or(|own| !external_ids.iter().any(|k| k == own)))
            .map(|(_, key)| key.clone());
        for key in keys {
            if !external_ids.contains(&key) {
                external_ids.push(key);
            }
        }
        if let Some(other) = self.claimed.get(&(tag, id)).cloned() {
            return Err(FhirError::Duplicate {
                resource: resource.label(),
                other,
                what: resource.kind.to_lowercase(),
                shared: "the same record in Switchboard (by their ids)".into(),
            });
        }
        Ok(Some(Identified {
            entry: Entry {
                id: make(id),
                source: resource.label(),
                external_ids,
            },
            existing,
            by_npi_only,
        }))
    }

    /// Takes `id` for a record of kind `tag`; a new record counts against `limit`, and one
    /// past it is skipped with a line (`false`).
    pub(super) fn claim(
        &mut self,
        at: usize,
        resource: &Resource<'_>,
        tag: char,
        id: u128,
        existing: bool,
        (limit, had, things): (usize, usize, &str),
    ) -> bool {
        if !existing {
            let added = self.added.entry(tag).or_default();
            if had + *added >= limit {
                let why = format!(
                    "the practice has the most {things} Switchboard keeps ({limit}); remove some you no longer use and import again"
                );
                self.skip_record(at, resource, &why);
                return false;
            }
            *added += 1;
        }
        self.claimed.insert((tag, id), resource.label());
        true
    }
}

/// Whether two names are the same but for case and spacing.
pub(super) fn same_name(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    words(a) == words(b)
}

/// "Name, Credentials" as the person list shows it.
pub(super) fn display(name: &str, credentials: &str) -> String {
    if credentials.is_empty() {
        name.to_owned()
    } else {
        format!("{name}, {credentials}")
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
