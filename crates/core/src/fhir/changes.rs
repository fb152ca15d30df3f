//! From the wanted directory to the one [`Change::Batch`] that makes it, with the lines an
//! admin reads before applying.
//!
//! The batch is planned on a scratch copy, like an import of our own format: each change is
//! made from the scratch state and applied to it at once, so expected values are exact and a
//! change that would not apply is caught here. Only a change that can take a fallback inbox's
//! last reader away (deactivating someone who reads one, changing an inbox group's members)
//! is checked against the inboxes as it is made — refused, it is left out with a skipped
//! line and the record keeps that value; the whole batch is checked once at the end. So
//! planning stays linear, and the batch is always one `apply` accepts. Order keeps every step valid: locations
//! first (people name them), then people (groups name them), then groups, then the practice
//! name. Only fields that differ are set, so planning a file against the state it produced
//! gives an empty batch. A person's locations are the locations of their roles in effect
//! plus those of their current locations the file does not describe.

use std::collections::BTreeSet;

use super::FhirError;
use super::directory::{Wanted, WantedPerson};
use crate::change::inbox::Readerless;
use crate::change::{ApplyError, Change, Describe, apply, apply_one};
use crate::model::{
    Config, Group, GroupField, GroupId, Location, LocationField, LocationId, Person, PersonField,
    PersonId, PersonKind, PracticeName, Recipient,
};

/// The time zone of a new location whose resource gives none: the practice's first
/// location's, else UTC (the admin sees it in the added line and can change it).
fn default_time_zone(current: &Config) -> String {
    current
        .locations
        .values()
        .next()
        .map_or_else(|| "UTC".to_owned(), |l| l.time_zone.clone())
}

/// The batch and its lines.
pub(super) struct Planned {
    pub changes: Vec<Change>,
    pub added: Vec<String>,
    pub updated: Vec<String>,
    pub unchanged: usize,
    /// Values left as they are because `apply` would refuse them, one line each.
    pub skipped_records: Vec<String>,
}

struct Plan {
    scratch: Config,
    out: Planned,
    /// Everyone who reads a fallback inbox (directly or through its group).
    readers: BTreeSet<PersonId>,
    /// The groups that are a fallback inbox.
    inbox_groups: BTreeSet<GroupId>,
}

impl Plan {
    fn push(&mut self, change: Change) -> Result<(), FhirError> {
        apply_one(&mut self.scratch, &change).map_err(|err| FhirError::NotRepresentable {
            reason: err.to_string(),
        })?;
        self.out.changes.push(change);
        Ok(())
    }

    /// Pushes a change that may leave a fallback inbox without a reader, checked as `apply`
    /// checks it: `Ok(Some(sentence))` when refused (the change is then left out).
    fn push_guarded(&mut self, change: Change) -> Result<Option<String>, FhirError> {
        match apply(&mut self.scratch, &change) {
            Ok(_) => {
                self.out.changes.push(change);
                Ok(None)
            }
            Err(ApplyError::Invalid { message }) => Ok(Some(message)),
            Err(err) => Err(FhirError::NotRepresentable {
                reason: err.to_string(),
            }),
        }
    }

    /// Names of locations, sorted, for lines.
    fn places(&self, ids: &BTreeSet<LocationId>) -> String {
        let mut names: Vec<&str> = (ids.iter())
            .filter_map(|id| self.scratch.location(*id).map(|l| l.name.as_str()))
            .collect();
        names.sort_unstable();
        if names.is_empty() {
            "no location".into()
        } else {
            names.join(", ")
        }
    }

    fn names(&self, ids: &[PersonId]) -> String {
        let names: Vec<String> = (ids.iter())
            .filter_map(|id| self.scratch.person(*id).map(Person::display_name))
            .collect();
        format!("[{}]", names.join("; "))
    }

    /// Records an update line for `what` when `diffs` is not empty, else counts it unchanged.
    fn report(&mut self, what: String, diffs: Vec<String>) {
        if diffs.is_empty() {
            self.out.unchanged += 1;
        } else {
            (self.out.updated).push(format!("Update {what}: {}", diffs.join("; ")));
        }
    }
}

pub(super) fn plan(current: &Config, wanted: &Wanted) -> Result<Planned, FhirError> {
    let mut plan = Plan {
        scratch: current.clone(),
        out: Planned {
            changes: Vec::new(),
            added: Vec::new(),
            updated: Vec::new(),
            unchanged: 0,
            skipped_records: Vec::new(),
        },
        readers: BTreeSet::new(),
        inbox_groups: BTreeSet::new(),
    };
    let inboxes = (current.locations.values())
        .filter_map(|l| l.settings.fallback_inbox)
        .chain([current.settings.fallback_inbox]);
    for inbox in inboxes {
        if let Recipient::Group(group) = inbox {
            plan.inbox_groups.insert(group);
        }
        plan.readers.extend(current.members(inbox).iter().copied());
    }
    locations(&mut plan, wanted)?;
    for person in &wanted.people {
        self::person(&mut plan, wanted, person)?;
    }
    groups(&mut plan, wanted)?;
    if let Some(name) = &wanted.practice_name {
        let expected = plan.scratch.practice_name.clone();
        if expected.0 != *name {
            plan.out.updated.push(format!(
                "Rename the practice: \"{}\" → \"{name}\"",
                expected.0
            ));
            plan.push(Change::SetPracticeName {
                expected,
                value: PracticeName(name.clone()),
            })?;
        }
    }
    if let Err(refused) = Readerless::of(current).refuse_new(&plan.scratch) {
        return Err(FhirError::NotRepresentable {
            reason: refused.to_string(),
        });
    }
    Ok(plan.out)
}

fn locations(plan: &mut Plan, wanted: &Wanted) -> Result<(), FhirError> {
    for location in &wanted.locations {
        let (entry, fields) = (&location.entry, &location.fields);
        let Some(current) = plan.scratch.location(entry.id).cloned() else {
            let time_zone =
                (fields.time_zone.clone()).unwrap_or_else(|| default_time_zone(&plan.scratch));
            plan.out.added.push(format!(
                "Add location \"{}\" (time zone {time_zone}) from {}",
                fields.name, entry.source
            ));
            plan.push(Change::AddLocation {
                location: Location {
                    alias: fields.alias.clone(),
                    address: fields.address.clone(),
                    phone: fields.phone.clone(),
                    external_ids: entry.external_ids.clone(),
                    ..Location::new(entry.id, fields.name.clone(), time_zone)
                },
            })?;
            continue;
        };
        let mut values = vec![
            LocationField::Name(fields.name.clone()),
            LocationField::Alias(fields.alias.clone()),
            LocationField::Address(fields.address.clone()),
            LocationField::Phone(fields.phone.clone()),
            LocationField::ExternalIds(entry.external_ids.clone()),
        ];
        values.extend(fields.time_zone.clone().map(LocationField::TimeZone));
        let mut diffs = Vec::new();
        for value in values {
            let expected = current.field(&value);
            if expected != value {
                diffs.push(format!(
                    "{} {} → {}",
                    value.name().replace('_', " "),
                    expected.describe(),
                    value.describe()
                ));
                plan.push(Change::SetLocationField {
                    location: entry.id,
                    expected,
                    value,
                })?;
            }
        }
        plan.report(format!("location \"{}\"", current.name), diffs);
    }
    Ok(())
}

fn person(plan: &mut Plan, wanted: &Wanted, person: &WantedPerson) -> Result<(), FhirError> {
    let entry = &person.entry;
    let active = match (person.active, &person.roles) {
        (Some(false), _) => Some(false),
        (_, Some(_)) => Some(person.any_role_in_effect),
        (active, None) => active,
    };
    let Some(current) = plan.scratch.person(entry.id).cloned() else {
        let new = Person {
            id: entry.id,
            kind: PersonKind::Provider,
            name: person.name.clone().unwrap_or_default(),
            credentials: person.credentials.clone().unwrap_or_default(),
            active: active.unwrap_or(true),
            locations: person.roles.clone().unwrap_or_default(),
            available_for_portal: true,
            may_view_others: false,
            out_of_office: None,
            external_ids: entry.external_ids.clone(),
        };
        let inactive = if new.active { "" } else { " (inactive)" };
        plan.out.added.push(format!(
            "Add provider \"{}\"{inactive} at {} from {}",
            new.display_name(),
            plan.places(&new.locations),
            entry.source
        ));
        return plan.push(Change::AddPerson { person: new });
    };
    let mut values = vec![PersonField::ExternalIds(entry.external_ids.clone())];
    values.extend(person.name.clone().map(PersonField::Name));
    values.extend(person.credentials.clone().map(PersonField::Credentials));
    values.extend(active.map(PersonField::Active));
    if let Some(roles) = &person.roles {
        let mut locations: BTreeSet<LocationId> = (current.locations.iter())
            .filter(|id| !wanted.described.contains(id))
            .copied()
            .collect();
        locations.extend(roles.iter().copied());
        values.push(PersonField::Locations(locations));
    }
    let mut diffs = Vec::new();
    for value in values {
        let expected = current.field(&value);
        if expected == value {
            continue;
        }
        let diff = match (&expected, &value) {
            (PersonField::Locations(old), PersonField::Locations(new)) => {
                format!("locations {} → {}", plan.places(old), plan.places(new))
            }
            _ => edit_line(value.name(), &expected, &value),
        };
        let change = Change::SetPersonField {
            person: entry.id,
            expected,
            value: value.clone(),
        };
        if value == PersonField::Active(false) && plan.readers.contains(&entry.id) {
            if let Some(refused) = plan.push_guarded(change)? {
                plan.out.skipped_records.push(format!(
                    "{}: \"{}\" stays active, because {refused}",
                    entry.source,
                    current.display_name()
                ));
                continue;
            }
        } else {
            plan.push(change)?;
        }
        diffs.push(diff);
    }
    plan.report(format!("\"{}\"", current.display_name()), diffs);
    Ok(())
}

/// One field's edit in the review's words: "credentials MD → DO".
fn edit_line(name: &str, expected: &impl Describe, value: &impl Describe) -> String {
    format!(
        "{} {} → {}",
        name.replace('_', " "),
        expected.describe(),
        value.describe()
    )
}

fn groups(plan: &mut Plan, wanted: &Wanted) -> Result<(), FhirError> {
    for group in &wanted.groups {
        let entry = &group.entry;
        let Some(current) = plan.scratch.group(entry.id).cloned() else {
            plan.out.added.push(format!(
                "Add group \"{}\" with {} from {}",
                group.name,
                plan.names(&group.members),
                entry.source
            ));
            plan.push(Change::AddGroup {
                group: Group {
                    id: entry.id,
                    name: group.name.clone(),
                    members: group.members.clone(),
                    external_ids: entry.external_ids.clone(),
                },
            })?;
            continue;
        };
        let values = [
            GroupField::Name(group.name.clone()),
            GroupField::Members(group.members.clone()),
            GroupField::ExternalIds(entry.external_ids.clone()),
        ];
        let mut diffs = Vec::new();
        for value in values {
            let expected = current.field(&value);
            if expected == value {
                continue;
            }
            let diff = match (&expected, &value) {
                (GroupField::Members(old), GroupField::Members(new)) => {
                    format!("members {} → {}", plan.names(old), plan.names(new))
                }
                _ => edit_line(value.name(), &expected, &value),
            };
            let members = matches!(value, GroupField::Members(_));
            let change = Change::SetGroupField {
                group: entry.id,
                expected,
                value,
            };
            if members && plan.inbox_groups.contains(&entry.id) {
                if let Some(refused) = plan.push_guarded(change)? {
                    plan.out.skipped_records.push(format!(
                        "{}: the members of group \"{}\" stay as they are, because {refused}",
                        entry.source, current.name
                    ));
                    continue;
                }
            } else {
                plan.push(change)?;
            }
            diffs.push(diff);
        }
        plan.report(format!("group \"{}\"", current.name), diffs);
    }
    Ok(())
}
