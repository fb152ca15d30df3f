//! portal_view() on the demo practice: languages, the To: field, closed screens, edits.

use switchboard_core::{
    Change, Closed, Context, Language, Localized, LocationId, PersonId, PortalTopic, PortalView,
    Screen, Sender, Setting, SettingField, ToField, TopicField, TopicKey, apply, demo_ids,
    demo_practice, portal_view,
};

use crate::fixture::day;

fn patient(location: LocationId, provider: PersonId, care_team: &[PersonId]) -> Context {
    Context {
        location,
        provider: Some(provider),
        care_team: care_team.to_vec(),
        sender: Sender::Patient,
    }
}

/// Dr. Crusher's patient at Downtown, whose care team is Crusher and McCoy.
fn crusher_patient() -> Context {
    patient(
        demo_ids::DOWNTOWN,
        demo_ids::CRUSHER,
        &[demo_ids::CRUSHER, demo_ids::MCCOY],
    )
}

fn topics(view: &PortalView) -> &[PortalTopic] {
    match &view.screen {
        Screen::Open(compose) => &compose.topics,
        Screen::Closed { message, .. } => {
            panic!("expected the compose form, got closed: {message}")
        }
    }
}

fn topic<'v>(view: &'v PortalView, key: &str) -> &'v PortalTopic {
    topics(view)
        .iter()
        .find(|t| t.key.as_str() == key)
        .unwrap_or_else(|| panic!("topic {key} is shown"))
}

#[test]
fn labels_follow_the_requested_language() {
    let config = demo_practice();
    let date = day("2026-10-01");
    let en = portal_view(&config, &crusher_patient(), Language::English, date);
    let es = portal_view(&config, &crusher_patient(), Language::Spanish, date);
    let labels = |view: &PortalView| -> Vec<String> {
        topics(view).iter().map(|t| t.label.clone()).collect()
    };
    assert_eq!(
        labels(&en),
        [
            "Appointments",
            "Referrals",
            "Prescriptions & Refills",
            "Lab or Other Test Results",
            "General Inquiry",
            "Question About My Health"
        ],
        "English labels, in the practice's order"
    );
    assert_eq!(
        labels(&es)[0],
        "Citas",
        "the same first topic, labelled in Spanish"
    );
    assert_eq!(
        topic(&es, "appointments").to,
        ToField::Fixed {
            name: "Equipo de citas".into()
        },
        "the To: display name is in Spanish too"
    );
    assert_eq!(
        es.emergency_disclaimer.as_deref(),
        Some("Si es una emergencia, llame al 911."),
        "the disclaimer is in Spanish"
    );
    let Screen::Open(compose) = &es.screen else {
        panic!("Downtown is open to patients");
    };
    assert_eq!(
        compose.limits.text, "Hasta 2000 caracteres. Puede enviar hasta 5 mensajes cada 7 días.",
        "the limits are written in Spanish"
    );
    assert_eq!(
        en.branding.name, "Downtown",
        "the header uses the location's alias"
    );
    assert_eq!(
        en.branding.address, "14 Market St, Springfield",
        "the header shows the location's address"
    );
    assert!(en.branding.demo, "the demo practice is marked as a demo");
}

#[test]
fn a_patient_chooses_topic_lists_the_care_team() {
    let config = demo_practice();
    let view = portal_view(
        &config,
        &crusher_patient(),
        Language::English,
        day("2026-10-01"),
    );
    assert_eq!(
        topic(&view, "health_question").to,
        ToField::Choose {
            prompt: "Choose who to write to".into(),
            choices: vec![
                switchboard_core::ProviderChoiceItem {
                    person: demo_ids::CRUSHER,
                    name: "Beverly Crusher, MD".into()
                },
                switchboard_core::ProviderChoiceItem {
                    person: demo_ids::MCCOY,
                    name: "Leonard McCoy, MD".into()
                },
            ],
        },
        "the practice lets patients choose for health questions, from their care team"
    );
    assert_eq!(
        topic(&view, "appointments").to,
        ToField::Fixed {
            name: "Scheduling Team".into()
        },
        "a topic with recipients shows its fixed display name, never the people"
    );
}

#[test]
fn a_location_with_messaging_off_shows_the_closed_sentence() {
    let mut config = demo_practice();
    apply(
        &mut config,
        &Change::SetLocationSetting {
            location: demo_ids::NORTHSIDE,
            field: SettingField::MessagingEnabled,
            expected: None,
            value: Some(Setting::MessagingEnabled(false)),
        },
    )
    .expect("Northside exists and has no override yet");
    let context = patient(demo_ids::NORTHSIDE, demo_ids::BASHIR, &[demo_ids::BASHIR]);
    let view = portal_view(&config, &context, Language::English, day("2026-10-01"));
    assert_eq!(
        view.screen,
        Screen::Closed {
            reason: Closed::MessagingOff,
            message: "Messaging is not available at this location. Please call us at 555-0120."
                .into()
        },
        "messaging off at the location closes the form and says whom to call"
    );
    assert!(
        view.emergency_disclaimer.is_some(),
        "the emergency disclaimer shows even when the patient cannot write"
    );
    let downtown = portal_view(
        &config,
        &crusher_patient(),
        Language::English,
        day("2026-10-01"),
    );
    assert!(
        matches!(downtown.screen, Screen::Open(_)),
        "other locations stay open"
    );
}

#[test]
fn a_proxy_who_may_not_write_sees_a_closed_screen() {
    let config = demo_practice();
    let mut context = crusher_patient();
    context.sender = Sender::Guarantor;
    let view = portal_view(&config, &context, Language::Spanish, day("2026-10-01"));
    assert!(
        matches!(
            view.screen,
            Screen::Closed {
                reason: Closed::SenderNotAllowed {
                    sender: Sender::Guarantor
                },
                ..
            }
        ),
        "guarantors may not write at Downtown (only Northside allows them): {:?}",
        view.screen
    );
    context.location = demo_ids::NORTHSIDE;
    let view = portal_view(&config, &context, Language::Spanish, day("2026-10-01"));
    assert!(
        matches!(view.screen, Screen::Open(_)),
        "Northside lets guarantors write"
    );
}

#[test]
fn a_display_name_edit_shows_up_in_the_to_field() {
    let mut config = demo_practice();
    let key = TopicKey::new("appointments");
    let old = config
        .topic(&key)
        .expect("the demo has appointments")
        .display_name
        .clone();
    apply(
        &mut config,
        &Change::SetTopicText {
            topic: key,
            expected: TopicField::DisplayName(old),
            value: TopicField::DisplayName(Localized::new("Booking Desk", "Mostrador de citas")),
        },
    )
    .expect("the expected display name is the current one");
    let en = portal_view(
        &config,
        &crusher_patient(),
        Language::English,
        day("2026-10-01"),
    );
    let es = portal_view(
        &config,
        &crusher_patient(),
        Language::Spanish,
        day("2026-10-01"),
    );
    assert_eq!(
        topic(&en, "appointments").to,
        ToField::Fixed {
            name: "Booking Desk".into()
        },
        "the preview shows the new English display name at once"
    );
    assert_eq!(
        topic(&es, "appointments").to,
        ToField::Fixed {
            name: "Mostrador de citas".into()
        },
        "and the new Spanish one"
    );
}

#[test]
fn switched_off_topics_are_hidden_and_no_topic_closes_the_form() {
    let mut config = demo_practice();
    let keys: Vec<TopicKey> = config.topics.iter().map(|t| t.key.clone()).collect();
    apply(
        &mut config,
        &Change::SetTopicEnabled {
            topic: keys[1].clone(),
            expected: true,
            value: false,
        },
    )
    .expect("referrals is on");
    let view = portal_view(
        &config,
        &crusher_patient(),
        Language::English,
        day("2026-10-01"),
    );
    assert!(
        topics(&view).iter().all(|t| t.key != keys[1]),
        "a switched-off topic is not offered"
    );
    let rest: Vec<Change> = keys
        .iter()
        .filter(|k| **k != keys[1])
        .map(|k| Change::SetTopicEnabled {
            topic: k.clone(),
            expected: true,
            value: false,
        })
        .collect();
    apply(&mut config, &Change::Batch { changes: rest }).expect("the others are on");
    let view = portal_view(
        &config,
        &crusher_patient(),
        Language::English,
        day("2026-10-01"),
    );
    assert!(
        matches!(
            view.screen,
            Screen::Closed {
                reason: Closed::TopicOff,
                ..
            }
        ),
        "with no topic on, the patient cannot write: {:?}",
        view.screen
    );
}

#[test]
fn location_overrides_reach_the_patient() {
    let config = demo_practice();
    let date = day("2026-10-01");
    let lakeview = portal_view(
        &config,
        &patient(demo_ids::LAKEVIEW, demo_ids::BASHIR, &[demo_ids::BASHIR]),
        Language::English,
        date,
    );
    let Screen::Open(compose) = &lakeview.screen else {
        panic!("Lakeview is open");
    };
    assert!(
        !compose.attachments.allowed && compose.attachments.text == "Attachments are not accepted.",
        "Lakeview forbids attachments: {:?}",
        compose.attachments
    );
    let northside = portal_view(
        &config,
        &patient(demo_ids::NORTHSIDE, demo_ids::BASHIR, &[demo_ids::BASHIR]),
        Language::English,
        date,
    );
    let Screen::Open(compose) = &northside.screen else {
        panic!("Northside is open");
    };
    assert_eq!(
        compose.response_time.as_deref(),
        Some("Northside answers within one business day."),
        "Northside's own response time replaces the practice's"
    );
}

#[test]
fn the_view_serialises_for_the_ui() {
    let view = portal_view(
        &demo_practice(),
        &crusher_patient(),
        Language::English,
        day("2026-10-01"),
    );
    let json = serde_json::to_value(&view).expect("the view serialises");
    assert_eq!(
        json["screen"]["state"], "open",
        "the UI tells the states apart by `state`"
    );
    assert_eq!(
        json["screen"]["topics"][5]["to"]["kind"], "choose",
        "the UI tells the To: field kinds apart by `kind`"
    );
    let back: PortalView = serde_json::from_value(json).expect("and deserialises");
    assert_eq!(back, view, "the view survives the trip over IPC");
}
