//! Groups from the file: a Group of practitioners, and a CareTeam that is not one patient's.
//!
//! Words: a Group is *of practitioners* when its `type` is `practitioner`, or when it has no
//! type and every member is a Practitioner or PractitionerRole; other Groups (of patients,
//! devices, …) are skipped and counted. A CareTeam with a `subject` is one patient's care
//! team — that lives in the patient's chart, not the practice's directory — so it is skipped
//! and counted. A member who is `inactive`, or a participant whose `period` is over, is left
//! out; a member the file and Switchboard do not know is left out with a note.

use super::FhirError;
use super::directory::{Reader, WantedGroup};
use super::read::{Resource, within};
use crate::model::{GroupId, PersonId};

const PRACTITIONERS: [&str; 2] = ["Practitioner", "PractitionerRole"];

impl Reader<'_, '_> {
    pub(super) fn group(&mut self, resource: &Resource<'_>) -> Result<(), FhirError> {
        let members = resource.list("member");
        let of_practitioners = match resource.text("type") {
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
        let name = resource
            .text("name")
            .ok_or_else(|| resource.missing("name", "the group's name in lists and routes"))?;
        let mut people = Vec::new();
        for (k, member) in members.iter().enumerate() {
            if member.get("inactive").and_then(serde_json::Value::as_bool) == Some(true) {
                continue;
            }
            let field = format!("member[{k}].entity");
            let Some(entity) = member.get("entity") else {
                self.note(resource, format!("{field} is missing"));
                continue;
            };
            if let Some(person) = self.person_ref(resource, &field, entity, true)? {
                people.push(self.wanted.people[person].entry.id);
            }
        }
        self.push_group(resource, name, people)
    }

    pub(super) fn care_team(&mut self, resource: &Resource<'_>) -> Result<(), FhirError> {
        if resource.json.get("subject").is_some_and(|s| !s.is_null()) {
            self.skip("CareTeam (a patient's)");
            return Ok(());
        }
        let name = resource
            .text("name")
            .ok_or_else(|| resource.missing("name", "the group's name in lists and routes"))?;
        let mut people = Vec::new();
        for (k, participant) in resource.list("participant").iter().enumerate() {
            let field = format!("participant[{k}].member");
            let Some(member) = participant.get("member") else {
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
        self.push_group(resource, name, people)
    }

    fn push_group(
        &mut self,
        resource: &Resource<'_>,
        name: &str,
        people: Vec<PersonId>,
    ) -> Result<(), FhirError> {
        let current = self.current;
        let records = (current.groups.values())
            .map(|g| (g.id.as_u128(), g.external_ids.as_slice()))
            .collect();
        let entry = self.identify(resource, 'G', records, GroupId::from_u128)?;
        let mut members: Vec<PersonId> = Vec::new();
        for person in people {
            if !members.contains(&person) {
                members.push(person);
            }
        }
        self.wanted.groups.push(WantedGroup {
            entry,
            name: name.to_owned(),
            members,
        });
        Ok(())
    }
}
