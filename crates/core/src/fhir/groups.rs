//! Groups from the file: a Group of practitioners, and a CareTeam that is not one patient's.
//!
//! Words: a Group is *of practitioners* when its `type` is `practitioner`, or when it has no
//! type and every member is a Practitioner or PractitionerRole; other Groups (of patients,
//! devices, …) are skipped and counted. A CareTeam with a `subject` is one patient's care
//! team — that lives in the patient's chart, not the practice's directory — so it is skipped
//! and counted. A member who is `inactive`, or a participant whose `period` is over, is left
//! out; a member the file and Switchboard do not know is left out with a note. A group none
//! of whose members is known (or with no members) is skipped with its own line, never made
//! empty.

use std::collections::BTreeSet;

use super::FhirError;
use super::directory::{Reader, WantedGroup};
use super::fields::objects;
use super::read::{Resource, opt_flag, opt_object, within};
use crate::change::valid;
use crate::limits::GROUPS;
use crate::model::{GroupField, GroupId, PersonId};

const PRACTITIONERS: [&str; 2] = ["Practitioner", "PractitionerRole"];

impl Reader<'_, '_> {
    pub(super) fn group(&mut self, at: usize, resource: &Resource<'_>) -> Result<(), FhirError> {
        let members = objects(resource, "member")?;
        let of_practitioners = match resource.text("type")? {
            Some(kind) => kind == "practitioner",
            None => members.iter().all(|member| {
                member.get("entity").is_none_or(|entity| {
                    (self.catalog.kind_of(entity)).is_none_or(|kind| PRACTITIONERS.contains(&kind))
                })
            }),
        };
        if !of_practitioners {
            self.skip("Group (not of practitioners)");
            return Ok(());
        }
        let name = resource.text("name")?;
        let mut people = Vec::new();
        for (k, member) in members.iter().enumerate() {
            let inactive = format!("member[{k}].inactive");
            if opt_flag(resource, &inactive, member.get("inactive"))? == Some(true) {
                continue;
            }
            let field = format!("member[{k}].entity");
            let Some(entity) = opt_object(resource, &field, member.get("entity"))? else {
                self.note(resource, format!("{field} is missing"));
                continue;
            };
            if let Some(person) = self.person_ref(resource, &field, entity, true)? {
                people.push(self.wanted.people[person].entry.id);
            }
        }
        self.push_group(at, resource, name, members.len(), people)
    }

    pub(super) fn care_team(
        &mut self,
        at: usize,
        resource: &Resource<'_>,
    ) -> Result<(), FhirError> {
        if resource.object("subject")?.is_some() {
            self.skip("CareTeam (a patient's)");
            return Ok(());
        }
        let name = resource.text("name")?;
        let participants = objects(resource, "participant")?;
        let mut people = Vec::new();
        for (k, participant) in participants.iter().enumerate() {
            let field = format!("participant[{k}].member");
            let Some(member) = opt_object(resource, &field, participant.get("member"))? else {
                continue;
            };
            let period = format!("participant[{k}].period");
            if !within(resource, &period, participant.get("period"), &self.today)? {
                continue;
            }
            match self.catalog.kind_of(member) {
                Some(kind) if !PRACTITIONERS.contains(&kind) => {
                    self.note(resource, format!("{field} is a {kind}, not a practitioner"));
                    continue;
                }
                _ => {}
            }
            if let Some(person) = self.person_ref(resource, &field, member, true)? {
                people.push(self.wanted.people[person].entry.id);
            }
        }
        self.push_group(at, resource, name, participants.len(), people)
    }

    /// The group `resource` describes, named `name`, with the `people` found among its
    /// `listed` members — or its skipped line.
    fn push_group(
        &mut self,
        at: usize,
        resource: &Resource<'_>,
        name: Option<&str>,
        listed: usize,
        people: Vec<PersonId>,
    ) -> Result<(), FhirError> {
        let Some(found) = self.identify(at, resource, 'G', GroupId::from_u128)? else {
            return Ok(());
        };
        let Some(name) = name else {
            self.skip_record(at, resource, "it has no name to show in lists and routes");
            return Ok(());
        };
        let mut seen = BTreeSet::new();
        let members: Vec<PersonId> = people.into_iter().filter(|p| seen.insert(*p)).collect();
        if members.is_empty() {
            let why = match listed {
                0 => "it has no members, and Switchboard does not make an empty group".to_owned(),
                1 => "its one member is not a practitioner in the file or in Switchboard, and Switchboard does not make an empty group".to_owned(),
                n => format!(
                    "none of its {n} members is a practitioner in the file or in Switchboard, and Switchboard does not make an empty group"
                ),
            };
            self.skip_record(at, resource, &why);
            return Ok(());
        }
        let values = [
            GroupField::Name(name.to_owned()),
            GroupField::ExternalIds(found.entry.external_ids.clone()),
        ];
        if let Some(invalid) = values
            .iter()
            .find_map(|value| valid::group_field(name, value).err())
        {
            self.skip_record(at, resource, &invalid.message);
            return Ok(());
        }
        let had = self.current.groups.len();
        let id = found.entry.id.as_u128();
        if !self.claim(
            at,
            resource,
            'G',
            id,
            found.existing,
            (GROUPS, had, "groups"),
        ) {
            return Ok(());
        }
        self.wanted.groups.push(WantedGroup {
            entry: found.entry,
            name: name.to_owned(),
            members,
        });
        Ok(())
    }
}
