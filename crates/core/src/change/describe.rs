//! Short, admin-readable descriptions of values, for conflict messages ("it is now off, not on").

use std::collections::BTreeSet;

use crate::model::{
    Attachments, GroupField, Limits, Localized, LocationField, LocationId, OutOfOffice,
    PersonField, PersonId, PersonKind, ProviderChoice, Recipient, Route, Setting, TopicField,
    TopicKey,
};

/// A value described in a few words.
pub(crate) trait Describe {
    fn describe(&self) -> String;
}

impl Describe for bool {
    fn describe(&self) -> String {
        if *self { "on" } else { "off" }.into()
    }
}

impl Describe for String {
    fn describe(&self) -> String {
        format!("\"{self}\"")
    }
}

impl Describe for Localized {
    fn describe(&self) -> String {
        format!("\"{}\" / \"{}\"", self.en, self.es)
    }
}

impl Describe for PersonKind {
    fn describe(&self) -> String {
        match self {
            PersonKind::Provider => "provider",
            PersonKind::Staff => "staff",
        }
        .into()
    }
}

impl Describe for BTreeSet<LocationId> {
    fn describe(&self) -> String {
        plural(self.len(), "location")
    }
}

impl Describe for Vec<PersonId> {
    fn describe(&self) -> String {
        plural(self.len(), "member")
    }
}

/// External ids ("Practitioner/123", "http://hl7.org/fhir/sid/us-npi|1234567890").
impl Describe for Vec<String> {
    fn describe(&self) -> String {
        if self.is_empty() {
            "no external ids".into()
        } else {
            format!("[{}]", self.join(", "))
        }
    }
}

impl Describe for Vec<TopicKey> {
    fn describe(&self) -> String {
        let keys: Vec<&str> = self.iter().map(TopicKey::as_str).collect();
        format!("[{}]", keys.join(", "))
    }
}

impl Describe for Option<OutOfOffice> {
    fn describe(&self) -> String {
        match self {
            None => "not away".into(),
            Some(away) => format!("away {} to {}", away.from, away.until),
        }
    }
}

impl Describe for Option<Route> {
    fn describe(&self) -> String {
        match self {
            None => "no rule (inherit)".into(),
            Some(Route::PatientChooses) => "the patient chooses".into(),
            Some(Route::Recipients(list)) => plural(list.as_slice().len(), "recipient"),
        }
    }
}

impl Describe for Recipient {
    fn describe(&self) -> String {
        match self {
            Recipient::Person(id) => format!("person {id}"),
            Recipient::Group(id) => format!("group {id}"),
        }
    }
}

impl Describe for TopicField {
    fn describe(&self) -> String {
        match self {
            TopicField::Label(text) | TopicField::DisplayName(text) => text.describe(),
        }
    }
}

impl Describe for LocationField {
    fn describe(&self) -> String {
        match self {
            LocationField::Name(text)
            | LocationField::Alias(text)
            | LocationField::Address(text)
            | LocationField::Phone(text)
            | LocationField::TimeZone(text) => text.describe(),
            LocationField::Active(on) | LocationField::OwnBranding(on) => on.describe(),
            LocationField::OfficeHours(hours) => hours.describe(),
            LocationField::ExternalIds(ids) => ids.describe(),
        }
    }
}

impl Describe for PersonField {
    fn describe(&self) -> String {
        match self {
            PersonField::Kind(kind) => kind.describe(),
            PersonField::Name(text) | PersonField::Credentials(text) => text.describe(),
            PersonField::Active(on)
            | PersonField::AvailableForPortal(on)
            | PersonField::MayViewOthers(on) => on.describe(),
            PersonField::Locations(set) => set.describe(),
            PersonField::OutOfOffice(away) => away.describe(),
            PersonField::ExternalIds(ids) => ids.describe(),
        }
    }
}

impl Describe for GroupField {
    fn describe(&self) -> String {
        match self {
            GroupField::Name(text) => text.describe(),
            GroupField::Members(members) => members.describe(),
            GroupField::ExternalIds(ids) => ids.describe(),
        }
    }
}

impl Describe for Setting {
    fn describe(&self) -> String {
        match self {
            Setting::MessagingEnabled(on)
            | Setting::PatientsMayStart(on)
            | Setting::GuardianMayWrite(on)
            | Setting::GuarantorMayWrite(on) => on.describe(),
            Setting::ProviderChoice(ProviderChoice::CareTeamOnly) => "care team only".into(),
            Setting::ProviderChoice(ProviderChoice::SelectedUsers) => "selected users".into(),
            Setting::Limits(Limits {
                quota,
                max_characters,
            }) => match quota {
                Some(quota) => format!(
                    "{} per {} days, {max_characters} characters",
                    quota.count, quota.days
                ),
                None => format!("no quota, {max_characters} characters"),
            },
            Setting::Attachments(Attachments {
                allowed,
                max_count,
                max_megabytes,
            }) => {
                if *allowed {
                    format!("{max_count} attachments of {max_megabytes} MB")
                } else {
                    "no attachments".into()
                }
            }
            Setting::Banner(text)
            | Setting::ComposeNote(text)
            | Setting::EmergencyDisclaimer(text)
            | Setting::ResponseTime(text)
            | Setting::AfterHoursNotice(text) => text.describe(),
            Setting::Logo(logo) if logo.is_empty() => "no logo".into(),
            Setting::Logo(logo) => format!(
                "a {} logo of {} KB",
                logo.media_type,
                logo.len().div_ceil(1024)
            ),
            Setting::NotificationEmail(text) => text.describe(),
            Setting::FallbackInbox(recipient) => recipient.describe(),
        }
    }
}

impl Describe for Option<Setting> {
    fn describe(&self) -> String {
        match self {
            None => "as the practice".into(),
            Some(setting) => setting.describe(),
        }
    }
}

fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

impl Describe for Vec<crate::model::Topic> {
    fn describe(&self) -> String {
        let labels: Vec<&str> = self.iter().map(|t| t.label.en.as_str()).collect();
        format!("[{}]", labels.join(", "))
    }
}

impl Describe for crate::model::OfficeHours {
    fn describe(&self) -> String {
        if self.is_empty() {
            return "no office hours".into();
        }
        let spans: Vec<String> = (self.clone().sorted().0.iter())
            .map(|o| format!("{} {}–{}", &o.day.name()[..3], o.open, o.close))
            .collect();
        spans.join(", ")
    }
}

impl Describe for crate::model::TopicOverride {
    fn describe(&self) -> String {
        let mut parts = Vec::new();
        if let Some(on) = self.enabled {
            parts.push(format!("switched {}", on.describe()));
        }
        if let Some(label) = &self.label {
            parts.push(format!("labelled {}", label.describe()));
        }
        if let Some(name) = &self.display_name {
            parts.push(format!("addressed to {}", name.describe()));
        }
        if parts.is_empty() {
            "as the practice".into()
        } else {
            parts.join(", ")
        }
    }
}

impl Describe for Vec<crate::model::RouteRule> {
    fn describe(&self) -> String {
        plural(self.len(), "rule")
    }
}
