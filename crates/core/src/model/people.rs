//! People (providers and staff), groups of people, and [`Recipient`]: who a message can go to.
//!
//! Words: a person is *active* while they work for the practice; *available for portal
//! messages* when they may receive patients' messages at all; *out of office* between two
//! dates (both inclusive), during which a *delegate* receives their messages. A group holds
//! people only — groups never nest.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::fields::fields;
use super::{Date, GroupId, Localized, LocationId, PersonId};

/// Whether a person sees patients or supports those who do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonKind {
    Provider,
    Staff,
}

/// A time away during which someone else receives a person's messages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutOfOffice {
    /// First day away.
    pub from: Date,
    /// Last day away (inclusive).
    pub until: Date,
    /// Who receives the messages meanwhile; `None` means nobody (the validator says so).
    pub delegate: Option<Recipient>,
    /// The automatic answer patients get.
    pub auto_reply: Localized,
}

impl OutOfOffice {
    /// Whether `date` falls within the absence, both ends included.
    pub fn covers(&self, date: Date) -> bool {
        self.from <= date && date <= self.until
    }
}

/// A provider or a staff member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    pub id: PersonId,
    pub kind: PersonKind,
    /// Full name as staff and patients read it ("Beverly Crusher").
    pub name: String,
    /// "MD", "NP", "RN"; empty for most staff.
    pub credentials: String,
    /// Works for the practice. Inactive people receive nothing.
    pub active: bool,
    /// The locations the person works at.
    pub locations: BTreeSet<LocationId>,
    /// May receive patients' portal messages.
    pub available_for_portal: bool,
    /// May read messages addressed to others (matters for inboxes, not routing).
    pub may_view_others: bool,
    pub out_of_office: Option<OutOfOffice>,
    /// Who this person is in other systems, so a re-import finds them: for FHIR, the
    /// `Practitioner/<id>` and each identifier as `system|value` (an NPI). Usually empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<String>,
}

impl Person {
    /// The name with credentials: "Beverly Crusher, MD".
    pub fn display_name(&self) -> String {
        if self.credentials.is_empty() {
            self.name.clone()
        } else {
            format!("{}, {}", self.name, self.credentials)
        }
    }

    /// Whether the person can receive a message at all (active and available), ignoring absences.
    pub fn receives_messages(&self) -> bool {
        self.active && self.available_for_portal
    }

    /// The absence covering `date`, if any.
    pub fn absence_on(&self, date: Date) -> Option<&OutOfOffice> {
        self.out_of_office.as_ref().filter(|away| away.covers(date))
    }

    /// Whether the person sees patients.
    pub fn is_provider(&self) -> bool {
        self.kind == PersonKind::Provider
    }
}

fields!(Person =>
    /// An editable field of a [`Person`] with its value.
    PersonField {
        kind: Kind(PersonKind),
        name: Name(String),
        credentials: Credentials(String),
        active: Active(bool),
        locations: Locations(BTreeSet<LocationId>),
        available_for_portal: AvailableForPortal(bool),
        may_view_others: MayViewOthers(bool),
        out_of_office: OutOfOffice(Option<OutOfOffice>),
        external_ids: ExternalIds(Vec<String>),
    }
);

/// A pool of people who share messages, such as "Front Office".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Group {
    pub id: GroupId,
    pub name: String,
    /// People, in display order, each at most once.
    pub members: Vec<PersonId>,
    /// Who this group is in other systems, so a re-import finds it: for FHIR, the
    /// `Group/<id>` or `CareTeam/<id>` and each identifier as `system|value`. Usually empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub external_ids: Vec<String>,
}

fields!(Group =>
    /// An editable field of a [`Group`] with its value.
    GroupField {
        name: Name(String),
        members: Members(Vec<PersonId>),
        external_ids: ExternalIds(Vec<String>),
    }
);

/// Who a route, a delegation or the fallback inbox names: one person or one group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Recipient {
    Person(PersonId),
    Group(GroupId),
}
