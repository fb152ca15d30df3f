//! A small practice built by hand, so each test states exactly the rules it relies on.
//!
//! Two locations (North, South); providers Dr. Adams and Dr. Baker; staff Cole, Diaz, Evans
//! and Ford; groups Desk (Cole, Diaz) and Nurses (Evans). The fallback inbox is Ford. No
//! routing rules: tests add the ones they need.

use std::collections::BTreeMap;

use switchboard_core::{
    Attachments, Config, Date, Group, GroupId, Limits, Localized, Location, LocationId, Logo,
    Person, PersonId, PersonKind, PracticeName, PracticeSettings, Preset, ProviderChoice,
    Recipient, RecipientList, Route, Scope, TopicKey,
};

pub const NORTH: LocationId = LocationId::from_u128(0x11);
pub const SOUTH: LocationId = LocationId::from_u128(0x12);
pub const ADAMS: PersonId = PersonId::from_u128(0x21);
pub const BAKER: PersonId = PersonId::from_u128(0x22);
pub const COLE: PersonId = PersonId::from_u128(0x31);
pub const DIAZ: PersonId = PersonId::from_u128(0x32);
pub const EVANS: PersonId = PersonId::from_u128(0x33);
pub const FORD: PersonId = PersonId::from_u128(0x34);
pub const DESK: GroupId = GroupId::from_u128(0x41);
pub const NURSES: GroupId = GroupId::from_u128(0x42);

pub fn appointments() -> TopicKey {
    TopicKey::new("appointments")
}

pub fn day(text: &str) -> Date {
    text.parse().expect("test dates are valid")
}

pub fn p(id: PersonId) -> Recipient {
    Recipient::Person(id)
}

pub fn g(id: GroupId) -> Recipient {
    Recipient::Group(id)
}

pub fn to(recipients: &[Recipient]) -> Route {
    Route::Recipients(
        RecipientList::new(recipients.to_vec()).expect("tests name at least one recipient"),
    )
}

fn location(id: LocationId, name: &str) -> Location {
    Location::new(id, name, "America/New_York")
}

fn person(id: PersonId, kind: PersonKind, name: &str, at: &[LocationId]) -> Person {
    Person {
        id,
        kind,
        name: name.into(),
        credentials: String::new(),
        active: true,
        locations: at.iter().copied().collect(),
        available_for_portal: true,
        may_view_others: false,
        out_of_office: None,
        external_ids: Vec::new(),
    }
}

pub fn practice() -> Config {
    use PersonKind::{Provider, Staff};
    let people = [
        person(ADAMS, Provider, "Dr. Adams", &[NORTH, SOUTH]),
        person(BAKER, Provider, "Dr. Baker", &[NORTH]),
        person(COLE, Staff, "Cole", &[NORTH]),
        person(DIAZ, Staff, "Diaz", &[NORTH, SOUTH]),
        person(EVANS, Staff, "Evans", &[SOUTH]),
        person(FORD, Staff, "Ford", &[NORTH, SOUTH]),
    ];
    let groups = [
        Group {
            id: DESK,
            name: "Desk".into(),
            members: vec![COLE, DIAZ],
            external_ids: Vec::new(),
        },
        Group {
            id: NURSES,
            name: "Nurses".into(),
            members: vec![EVANS],
            external_ids: Vec::new(),
        },
    ];
    Config {
        practice_name: PracticeName("Fixture Practice".into()),
        demo: false,
        topics: Preset::Elation.topics(),
        locations: [location(NORTH, "North"), location(SOUTH, "South")]
            .into_iter()
            .map(|l| (l.id, l))
            .collect(),
        people: people.into_iter().map(|p| (p.id, p)).collect(),
        groups: groups
            .into_iter()
            .map(|g| (g.id, g))
            .collect::<BTreeMap<_, _>>(),
        routes: Default::default(),
        settings: PracticeSettings {
            messaging_enabled: true,
            patients_may_start: true,
            provider_choice: ProviderChoice::CareTeamOnly,
            limits: Limits {
                quota: None,
                max_characters: 1000,
            },
            attachments: Attachments {
                allowed: true,
                max_count: 1,
                max_megabytes: 5,
            },
            guardian_may_write: true,
            guarantor_may_write: false,
            banner: Localized::default(),
            compose_note: Localized::default(),
            emergency_disclaimer: Localized::new("Call 911.", "Llame al 911."),
            response_time: Localized::default(),
            notification_email: String::new(),
            fallback_inbox: p(FORD),
            after_hours_notice: Localized::default(),
            logo: Logo::default(),
        },
    }
}

/// Sets a rule directly (tests of resolution need no change log).
pub fn rule(config: &mut Config, scope: Scope, route: Route) {
    let change = switchboard_core::Change::SetRoute {
        topic: appointments(),
        scope,
        expected: config.routes.get(&appointments(), scope).cloned(),
        value: Some(route),
    };
    switchboard_core::apply(config, &change).expect("fixture rules name existing entities");
}
