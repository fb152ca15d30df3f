//! Starting a practice: [`new_practice`] builds the smallest configuration that routes every
//! message somewhere — one location, one person as the fallback inbox, the current preset's
//! topics — from the three things the setup form asks. The app turns it into one undoable
//! change with [`import_as_change`](crate::import_as_change), like any import.

use std::collections::BTreeMap;

use crate::model::{
    Attachments, Config, Limits, Localized, Location, LocationId, Logo, Person, PersonId,
    PersonKind, PracticeName, PracticeSettings, ProviderChoice, Quota, Recipient, RouteTable,
};

/// What the "New practice" form asks.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NewPractice {
    /// "Riverside Family Medicine".
    pub name: String,
    /// The IANA time zone of the first location ("America/Chicago").
    pub time_zone: String,
    /// Who reads messages no rule delivers, until the practice sets routing up ("Ana Ruiz").
    pub inbox_name: String,
}

/// Why the form cannot make a practice.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SetupError {
    #[error("Type the practice's name, as patients know it.")]
    NoName,
    #[error("Choose the time zone the practice works in, such as America/Chicago.")]
    NoTimeZone,
    #[error(
        "Type the name of the person who reads messages no rule delivers (the fallback inbox). Every message must reach someone."
    )]
    NoInbox,
}

/// The settings a new practice starts with: messaging on, modest limits, the standard
/// emergency disclaimer in both languages.
pub fn default_settings(fallback_inbox: Recipient) -> PracticeSettings {
    PracticeSettings {
        messaging_enabled: true,
        patients_may_start: true,
        provider_choice: ProviderChoice::CareTeamOnly,
        limits: Limits {
            quota: Some(Quota { count: 5, days: 7 }),
            max_characters: 2000,
        },
        attachments: Attachments {
            allowed: true,
            max_count: 3,
            max_megabytes: 10,
        },
        guardian_may_write: true,
        guarantor_may_write: false,
        banner: Localized::default(),
        compose_note: Localized::default(),
        emergency_disclaimer: Localized::new(
            "Do not use messages for emergencies. Call 911.",
            "No use los mensajes para emergencias. Llame al 911.",
        ),
        response_time: Localized::new(
            "We answer within two business days.",
            "Respondemos en dos días hábiles.",
        ),
        notification_email: String::new(),
        fallback_inbox,
        after_hours_notice: Localized::new(
            "Our office is closed now. We will read your message when we open.",
            "Nuestra oficina está cerrada. Leeremos su mensaje cuando abramos.",
        ),
        logo: Logo::default(),
    }
}

/// A new, empty practice from `form`, keeping `current`'s built-in topics (its preset) as
/// they are; `location` and `inbox` are the ids of its first location and person.
pub fn new_practice(
    current: &Config,
    form: &NewPractice,
    location: LocationId,
    inbox: PersonId,
) -> Result<Config, SetupError> {
    let name = form.name.trim();
    let time_zone = form.time_zone.trim();
    let inbox_name = form.inbox_name.trim();
    if name.is_empty() {
        return Err(SetupError::NoName);
    }
    if time_zone.is_empty() {
        return Err(SetupError::NoTimeZone);
    }
    if inbox_name.is_empty() {
        return Err(SetupError::NoInbox);
    }
    let person = Person {
        id: inbox,
        kind: PersonKind::Staff,
        name: inbox_name.to_owned(),
        credentials: String::new(),
        active: true,
        locations: [location].into(),
        available_for_portal: true,
        may_view_others: true,
        out_of_office: None,
        external_ids: Vec::new(),
    };
    Ok(Config {
        practice_name: PracticeName(name.to_owned()),
        demo: false,
        topics: current
            .topics
            .iter()
            .filter(|t| t.builtin)
            .cloned()
            .collect(),
        locations: BTreeMap::from([(location, Location::new(location, name, time_zone))]),
        people: BTreeMap::from([(inbox, person)]),
        groups: BTreeMap::new(),
        routes: RouteTable::default(),
        settings: default_settings(Recipient::Person(inbox)),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply, demo_practice, import_as_change, validate};

    #[test]
    fn a_new_practice_replaces_the_demo_in_one_undoable_step_and_reaches_someone() {
        let demo = demo_practice();
        let form = NewPractice {
            name: " Lakeside Family Care ".into(),
            time_zone: "America/New_York".into(),
            inbox_name: "Ana Ruiz".into(),
        };
        let fresh = new_practice(
            &demo,
            &form,
            LocationId::from_u128(901),
            PersonId::from_u128(902),
        )
        .expect("a complete form");
        assert!(!fresh.demo, "a real practice is not a demo");
        assert_eq!(fresh.practice_name.0, "Lakeside Family Care", "trimmed");
        let change = import_as_change(&demo, &fresh).expect("expressible as edits");
        let mut config = demo.clone();
        let inverse = apply(&mut config, &change).expect("applies");
        assert_eq!(config, fresh);
        let from = crate::Date::from_ymd(2026, 11, 22).expect("date");
        let findings = validate(&config, from, from.add_days(30));
        assert!(
            findings
                .iter()
                .all(|f| !matches!(f.problem, crate::Problem::Drops { .. })),
            "nobody is dropped in a new practice: {findings:?}"
        );
        apply(&mut config, &inverse).expect("undo");
        assert_eq!(config, demo, "one undo brings the demo back");
    }

    #[test]
    fn an_incomplete_form_says_what_is_missing() {
        let demo = demo_practice();
        let ids = (LocationId::from_u128(1), PersonId::from_u128(2));
        let form = |name: &str, zone: &str, inbox: &str| NewPractice {
            name: name.into(),
            time_zone: zone.into(),
            inbox_name: inbox.into(),
        };
        for (form, err) in [
            (form(" ", "America/Chicago", "Ana"), SetupError::NoName),
            (form("Clinic", "", "Ana"), SetupError::NoTimeZone),
            (form("Clinic", "America/Chicago", ""), SetupError::NoInbox),
        ] {
            assert_eq!(new_practice(&demo, &form, ids.0, ids.1), Err(err));
        }
    }
}
