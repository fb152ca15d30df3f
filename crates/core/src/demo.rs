//! The demo practice the app opens with on first start: three locations, a handful of
//! providers and staff, three groups, rules at every scope, a few location overrides and one
//! person out of office. Its name says "(demo)" and `demo` is true, so it is labelled as a
//! demo everywhere and never sent to a server.

use std::collections::BTreeMap;

use crate::model::{
    Attachments, Config, Date, Group, Localized, Location, LocationId, LocationSettings,
    OfficeHours, Opening, OutOfOffice, Person, PersonId, PersonKind, PracticeName,
    PracticeSettings, ProviderChoice, Recipient, RecipientList, Route, RouteTable, Scope,
    TimeOfDay, TopicKey, Weekday,
};
use crate::preset::Preset;

/// Ids of the demo's entities, so tests and docs can name them.
pub mod ids {
    use crate::model::{GroupId, LocationId, PersonId};

    const fn id(kind: u128, n: u128) -> u128 {
        0x0193_5e00_0000_7000_8000_0000_0000_0000 | (kind << 16) | n
    }

    pub const DOWNTOWN: LocationId = LocationId::from_u128(id(1, 1));
    pub const NORTHSIDE: LocationId = LocationId::from_u128(id(1, 2));
    pub const LAKEVIEW: LocationId = LocationId::from_u128(id(1, 3));

    pub const CRUSHER: PersonId = PersonId::from_u128(id(2, 1));
    pub const MCCOY: PersonId = PersonId::from_u128(id(2, 2));
    pub const BASHIR: PersonId = PersonId::from_u128(id(2, 3));
    pub const PULASKI: PersonId = PersonId::from_u128(id(2, 4));
    pub const JANE_SMITH: PersonId = PersonId::from_u128(id(2, 11));
    pub const ANA_RUIZ: PersonId = PersonId::from_u128(id(2, 12));
    pub const TOM_LEE: PersonId = PersonId::from_u128(id(2, 13));
    pub const MARIA_GOMEZ: PersonId = PersonId::from_u128(id(2, 14));
    pub const SAM_CARTER: PersonId = PersonId::from_u128(id(2, 15));

    pub const FRONT_OFFICE: GroupId = GroupId::from_u128(id(3, 1));
    pub const NURSING: GroupId = GroupId::from_u128(id(3, 2));
    pub const REFERRALS_TEAM: GroupId = GroupId::from_u128(id(3, 3));
}

use ids::*;

fn location(id: LocationId, name: &str, alias: &str, address: &str, phone: &str) -> Location {
    Location {
        alias: alias.into(),
        address: address.into(),
        phone: phone.into(),
        office_hours: OfficeHours::weekdays(time(8, 0), time(17, 0)),
        ..Location::new(id, name, "America/Chicago")
    }
}

fn time(hour: u16, minute: u16) -> TimeOfDay {
    TimeOfDay::new(hour, minute).unwrap_or(TimeOfDay::MIDNIGHT)
}

fn person(
    id: PersonId,
    kind: PersonKind,
    name: &str,
    credentials: &str,
    at: &[LocationId],
) -> Person {
    Person {
        id,
        kind,
        name: name.into(),
        credentials: credentials.into(),
        active: true,
        locations: at.iter().copied().collect(),
        available_for_portal: true,
        may_view_others: kind == PersonKind::Staff,
        out_of_office: None,
        external_ids: Vec::new(),
    }
}

fn date(year: i32, month: u32, day: u32) -> Date {
    Date::from_ymd(year, month, day).expect("the demo's dates are days of the calendar")
}

fn to(recipients: &[Recipient]) -> Route {
    RecipientList::new(recipients.to_vec()).map_or(Route::PatientChooses, Route::Recipients)
}

/// A small, realistic demo practice, clearly marked as a demo.
pub fn demo_practice() -> Config {
    use PersonKind::{Provider, Staff};

    let mut lakeview = location(
        LAKEVIEW,
        "Lakeview Pediatrics",
        "Lakeview",
        "88 Shore Dr, Springfield",
        "555-0130",
    );
    lakeview.settings = LocationSettings {
        provider_choice: Some(ProviderChoice::SelectedUsers),
        attachments: Some(Attachments {
            allowed: false,
            max_count: 0,
            max_megabytes: 0,
        }),
        guardian_may_write: Some(true),
        ..LocationSettings::default()
    };
    let mut northside = location(
        NORTHSIDE,
        "Northside Clinic",
        "Northside",
        "1200 N Main St, Springfield",
        "555-0120",
    );
    northside.settings = LocationSettings {
        response_time: Some(Localized::new(
            "Northside answers within one business day.",
            "Northside responde en un día hábil.",
        )),
        guarantor_may_write: Some(true),
        ..LocationSettings::default()
    };
    northside.office_hours.0.push(Opening {
        day: Weekday::Saturday,
        open: time(9, 0),
        close: time(12, 0),
    });
    let downtown = location(
        DOWNTOWN,
        "Downtown Medical Center",
        "Downtown",
        "14 Market St, Springfield",
        "555-0110",
    );

    let mut jane = person(
        JANE_SMITH,
        Staff,
        "Jane Smith",
        "RN",
        &[DOWNTOWN, NORTHSIDE],
    );
    jane.out_of_office = Some(OutOfOffice {
        from: date(2026, 11, 23),
        until: date(2026, 12, 3),
        delegate: Some(Recipient::Group(FRONT_OFFICE)),
        auto_reply: Localized::new(
            "Jane is away until 3 December; the front office will answer you.",
            "Jane está ausente hasta el 3 de diciembre; la recepción le responderá.",
        ),
    });
    let mut pulaski = person(PULASKI, Provider, "Katherine Pulaski", "MD", &[LAKEVIEW]);
    pulaski.active = false;
    let people = [
        person(
            CRUSHER,
            Provider,
            "Beverly Crusher",
            "MD",
            &[DOWNTOWN, NORTHSIDE],
        ),
        person(MCCOY, Provider, "Leonard McCoy", "MD", &[DOWNTOWN]),
        person(
            BASHIR,
            Provider,
            "Julian Bashir",
            "MD",
            &[NORTHSIDE, LAKEVIEW],
        ),
        pulaski,
        jane,
        person(
            ANA_RUIZ,
            Staff,
            "Ana Ruiz",
            "",
            &[DOWNTOWN, NORTHSIDE, LAKEVIEW],
        ),
        person(TOM_LEE, Staff, "Tom Lee", "", &[DOWNTOWN, LAKEVIEW]),
        person(
            MARIA_GOMEZ,
            Staff,
            "Maria Gomez",
            "",
            &[DOWNTOWN, NORTHSIDE, LAKEVIEW],
        ),
        person(SAM_CARTER, Staff, "Sam Carter", "MA", &[LAKEVIEW]),
    ];
    let groups = [
        Group {
            id: FRONT_OFFICE,
            name: "Front Office".into(),
            members: vec![ANA_RUIZ, TOM_LEE],
            external_ids: Vec::new(),
        },
        Group {
            id: NURSING,
            name: "Nursing".into(),
            members: vec![JANE_SMITH, SAM_CARTER],
            external_ids: Vec::new(),
        },
        Group {
            id: REFERRALS_TEAM,
            name: "Referrals Team".into(),
            members: vec![MARIA_GOMEZ],
            external_ids: Vec::new(),
        },
    ];

    let front_office = Recipient::Group(FRONT_OFFICE);
    let nursing = Recipient::Group(NURSING);
    let mut routes = RouteTable::default();
    let mut rule = |topic: &str, scope: Scope, route: Route| {
        routes.set(&TopicKey::new(topic), scope, Some(route));
    };
    rule("appointments", Scope::Practice, to(&[front_office]));
    rule(
        "referrals",
        Scope::Practice,
        to(&[Recipient::Group(REFERRALS_TEAM)]),
    );
    rule("prescriptions", Scope::Practice, to(&[nursing]));
    rule("test_results", Scope::Practice, to(&[nursing]));
    rule("general", Scope::Practice, to(&[front_office]));
    rule("health_question", Scope::Practice, Route::PatientChooses);
    // Dr. Crusher's own table: her nurse books her appointments and she reads her results.
    rule(
        "appointments",
        Scope::Provider { provider: CRUSHER },
        to(&[Recipient::Person(JANE_SMITH)]),
    );
    rule(
        "test_results",
        Scope::Provider { provider: CRUSHER },
        to(&[Recipient::Person(CRUSHER)]),
    );
    // Lakeview books its own appointments.
    rule(
        "appointments",
        Scope::Location { location: LAKEVIEW },
        to(&[Recipient::Person(TOM_LEE)]),
    );
    // At Lakeview, Dr. Bashir's refills go to the medical assistant there.
    rule(
        "prescriptions",
        Scope::LocationProvider {
            location: LAKEVIEW,
            provider: BASHIR,
        },
        to(&[Recipient::Person(SAM_CARTER)]),
    );

    Config {
        practice_name: PracticeName("Riverside Family Medicine (demo)".into()),
        demo: true,
        topics: Preset::Elation.topics(),
        locations: [downtown, northside, lakeview]
            .into_iter()
            .map(|l| (l.id, l))
            .collect(),
        people: people.into_iter().map(|p| (p.id, p)).collect(),
        groups: groups
            .into_iter()
            .map(|g| (g.id, g))
            .collect::<BTreeMap<_, _>>(),
        routes,
        settings: PracticeSettings {
            banner: Localized::new(
                "This is a demo practice: nothing you send here reaches anyone.",
                "Esta es una práctica de demostración: nada de lo que envíe llega a nadie.",
            ),
            compose_note: Localized::new(
                "Please include your date of birth.",
                "Por favor incluya su fecha de nacimiento.",
            ),
            emergency_disclaimer: Localized::new(
                "If this is an emergency, call 911.",
                "Si es una emergencia, llame al 911.",
            ),
            notification_email: "portal@riverside.example".into(),
            after_hours_notice: Localized::new(
                "Our office is closed now. We will read your message when we open. If it cannot wait, call the office; in an emergency, call 911.",
                "Nuestra oficina está cerrada. Leeremos su mensaje cuando abramos. Si no puede esperar, llame a la oficina; en una emergencia, llame al 911.",
            ),
            ..crate::setup::default_settings(front_office)
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_is_labelled_and_consistent() {
        let config = demo_practice();
        assert!(config.demo, "the demo practice is flagged as a demo");
        assert!(
            config.practice_name.0.contains("(demo)"),
            "its name says it is a demo"
        );
        assert_eq!(config.locations.len(), 3, "three locations");
        assert!(
            config.has_recipient(config.settings.fallback_inbox),
            "the fallback inbox exists"
        );
        for (topic, scope, route) in config.routes.iter() {
            assert!(
                config.topic(topic).is_some(),
                "rule for an existing topic: {topic}"
            );
            assert!(
                scope
                    .location()
                    .is_none_or(|id| config.location(id).is_some())
                    && scope
                        .provider()
                        .is_none_or(|id| config.person(id).is_some()),
                "rule scope names existing entities: {scope:?}"
            );
            if let Route::Recipients(list) = route {
                assert!(
                    list.as_slice().iter().all(|r| config.has_recipient(*r)),
                    "every recipient of {topic} exists"
                );
            }
        }
        for person in config.people.values() {
            assert!(
                person
                    .locations
                    .iter()
                    .all(|id| config.location(*id).is_some()),
                "{} works at existing locations",
                person.name
            );
        }
        let away = config
            .people
            .values()
            .filter(|p| p.out_of_office.is_some())
            .count();
        assert_eq!(away, 1, "one person is out of office, to show delegation");
    }
}
