//! Per-location values on the demo practice: topic overrides, office hours and the
//! after-hours notice, branding, the logo, deactivation, and the checks that refuse bad values.

use switchboard_core::{
    Change, Closed, Context, Decision, Language, Localized, LocationField, Logo, OfficeHours,
    Screen, Sender, Setting, TimeOfDay, TopicKey, TopicOverride, apply, demo_ids, demo_practice,
    export, portal_view_at, route,
};

use crate::fixture::day;

fn patient_at(location: switchboard_core::LocationId) -> Context {
    Context {
        location,
        provider: Some(demo_ids::CRUSHER),
        care_team: vec![demo_ids::CRUSHER],
        sender: Sender::Patient,
    }
}

fn time(text: &str) -> Option<TimeOfDay> {
    Some(text.parse().expect("a time"))
}

fn appointments() -> TopicKey {
    TopicKey::new("appointments")
}

fn override_at(
    config: &mut switchboard_core::Config,
    location: switchboard_core::LocationId,
    value: TopicOverride,
) -> Change {
    let expected = config.locations[&location]
        .settings
        .topics
        .get(&appointments())
        .cloned()
        .unwrap_or_default();
    apply(
        config,
        &Change::SetLocationTopic {
            location,
            topic: appointments(),
            expected,
            value,
        },
    )
    .expect("an override of an existing topic at an existing location applies")
}

#[test]
fn a_location_can_word_a_topic_its_own_way_and_reset_it() {
    let mut config = demo_practice();
    let monday = day("2026-11-23");
    let before = route(
        &config,
        &patient_at(demo_ids::DOWNTOWN),
        &appointments(),
        monday,
    );
    let inverse = override_at(
        &mut config,
        demo_ids::DOWNTOWN,
        TopicOverride {
            display_name: Some(Localized::new(
                "Downtown Front Desk",
                "Recepción del centro",
            )),
            ..TopicOverride::default()
        },
    );
    let here = route(
        &config,
        &patient_at(demo_ids::DOWNTOWN),
        &appointments(),
        monday,
    );
    assert_eq!(
        here.to.en, "Downtown Front Desk",
        "the location's To: name wins here"
    );
    assert_eq!(
        here.decision, before.decision,
        "wording never changes who receives it"
    );
    let northside = Context {
        location: demo_ids::NORTHSIDE,
        ..patient_at(demo_ids::NORTHSIDE)
    };
    assert_eq!(
        route(&config, &northside, &appointments(), monday).to.en,
        before.to.en,
        "other locations keep the practice's name"
    );
    let view = portal_view_at(
        &config,
        &patient_at(demo_ids::DOWNTOWN),
        Language::Spanish,
        monday,
        None,
    );
    let Screen::Open(compose) = &view.screen else {
        panic!("Downtown is open");
    };
    let topic = compose
        .topics
        .iter()
        .find(|t| t.key == appointments())
        .expect("appointments shows");
    assert_eq!(
        topic.to,
        switchboard_core::ToField::Fixed {
            name: "Recepción del centro".into()
        },
        "the preview shows the location's Spanish To: name"
    );
    apply(&mut config, &inverse).expect("undo");
    assert_eq!(
        config,
        demo_practice(),
        "the inverse resets to the practice's wording"
    );
}

#[test]
fn a_location_can_switch_a_topic_off_for_its_patients_only() {
    let mut config = demo_practice();
    let monday = day("2026-11-23");
    override_at(
        &mut config,
        demo_ids::DOWNTOWN,
        TopicOverride {
            enabled: Some(false),
            ..TopicOverride::default()
        },
    );
    let outcome = route(
        &config,
        &patient_at(demo_ids::DOWNTOWN),
        &appointments(),
        monday,
    );
    assert_eq!(
        outcome.decision,
        Decision::Closed {
            reason: Closed::TopicOff
        },
        "switched off here, nothing is routed"
    );
    let view = portal_view_at(
        &config,
        &patient_at(demo_ids::DOWNTOWN),
        Language::English,
        monday,
        None,
    );
    let Screen::Open(compose) = &view.screen else {
        panic!("Downtown still has other topics");
    };
    assert!(
        compose.topics.iter().all(|t| t.key != appointments()),
        "the patient no longer sees the topic here"
    );
    let index = switchboard_core::RoutingIndex::build(&config);
    assert_eq!(
        index.route(&patient_at(demo_ids::DOWNTOWN), &appointments(), monday),
        outcome,
        "the compiled index agrees with route"
    );
    let empty = Change::SetLocationTopic {
        location: demo_ids::DOWNTOWN,
        topic: appointments(),
        expected: TopicOverride::default(),
        value: TopicOverride::default(),
    };
    let err = apply(&mut config, &empty).expect_err("stale expectation");
    assert!(err.is_conflict(), "a stale override is a conflict: {err}");
}

#[test]
fn the_after_hours_notice_shows_only_outside_office_hours() {
    let config = demo_practice();
    let context = patient_at(demo_ids::DOWNTOWN);
    let monday = day("2026-11-23");
    let sunday = day("2026-11-22");
    let notice =
        |date, at| portal_view_at(&config, &context, Language::English, date, at).after_hours;
    assert_eq!(
        notice(monday, time("10:00")),
        None,
        "open on a weekday morning"
    );
    let evening = notice(monday, time("18:30")).expect("closed in the evening");
    assert!(evening.contains("closed"), "{evening}");
    assert!(notice(sunday, time("10:00")).is_some(), "closed on Sunday");
    assert_eq!(notice(monday, None), None, "no time given: no notice");
    let spanish = portal_view_at(&config, &context, Language::Spanish, sunday, time("10:00"));
    assert!(
        spanish.after_hours.expect("closed").contains("cerrada"),
        "the notice follows the language"
    );
    let saturday = day("2026-11-28");
    let northside = Context {
        location: demo_ids::NORTHSIDE,
        ..context.clone()
    };
    assert_eq!(
        portal_view_at(
            &config,
            &northside,
            Language::English,
            saturday,
            time("09:30")
        )
        .after_hours,
        None,
        "Northside opens on Saturday mornings"
    );
}

#[test]
fn branding_uses_the_location_only_when_asked_and_shows_the_logo() {
    let mut config = demo_practice();
    let context = patient_at(demo_ids::DOWNTOWN);
    let monday = day("2026-11-23");
    let view = portal_view_at(&config, &context, Language::English, monday, None);
    assert_eq!(
        view.branding.name, "Downtown",
        "the alias wins over the name"
    );
    assert_eq!(view.branding.logo, None, "the demo has no logo");
    apply(
        &mut config,
        &Change::SetLocationField {
            location: demo_ids::DOWNTOWN,
            expected: LocationField::OwnBranding(true),
            value: LocationField::OwnBranding(false),
        },
    )
    .expect("applies");
    let png = Logo::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("a png");
    apply(
        &mut config,
        &Change::SetPracticeSetting {
            expected: Setting::Logo(Logo::default()),
            value: Setting::Logo(png.clone()),
        },
    )
    .expect("a checked logo applies");
    let view = portal_view_at(&config, &context, Language::English, monday, None);
    assert_eq!(
        view.branding.name, config.practice_name.0,
        "the practice's name"
    );
    assert_eq!(view.branding.address, "", "and not the location's address");
    assert_eq!(view.branding.logo, png.data_url());
}

#[test]
fn a_deactivated_location_is_closed_to_new_messages() {
    let mut config = demo_practice();
    apply(
        &mut config,
        &Change::SetLocationField {
            location: demo_ids::LAKEVIEW,
            expected: LocationField::Active(true),
            value: LocationField::Active(false),
        },
    )
    .expect("applies");
    let outcome = route(
        &config,
        &patient_at(demo_ids::LAKEVIEW),
        &appointments(),
        day("2026-11-23"),
    );
    assert!(
        matches!(outcome.decision, Decision::Closed { .. }),
        "patients cannot start messages at a deactivated location: {outcome:?}"
    );
}

#[test]
fn bad_values_are_refused_with_a_sentence_and_change_nothing() {
    let mut config = demo_practice();
    let before = export(&config);
    let backwards = OfficeHours::weekdays(
        "17:00".parse().expect("time"),
        "09:00".parse().expect("time"),
    );
    let bad = [
        Change::SetLocationField {
            location: demo_ids::DOWNTOWN,
            expected: LocationField::OfficeHours(
                config.locations[&demo_ids::DOWNTOWN].office_hours.clone(),
            ),
            value: LocationField::OfficeHours(backwards),
        },
        Change::SetLocationField {
            location: demo_ids::DOWNTOWN,
            expected: LocationField::Name("Downtown Medical Center".into()),
            value: LocationField::Name("  ".into()),
        },
        Change::SetPracticeSetting {
            expected: Setting::NotificationEmail(config.settings.notification_email.clone()),
            value: Setting::NotificationEmail("frontdesk.example.org".into()),
        },
        Change::SetPracticeSetting {
            expected: Setting::Logo(Logo::default()),
            value: Setting::Logo(Logo {
                media_type: "image/svg+xml".into(),
                base64: "PHN2Zz4=".into(),
            }),
        },
    ];
    let expect_words = ["must come after", "needs a name", "no @", "PNG"];
    for (change, words) in bad.iter().zip(expect_words) {
        let err = apply(&mut config, change).expect_err("refused");
        assert!(
            err.to_string().contains(words),
            "the sentence says what is wrong ({words}): {err}"
        );
    }
    assert_eq!(export(&config), before, "nothing changed");
}

#[test]
fn rows_written_before_these_fields_existed_still_load() {
    let mut json: serde_json::Value = serde_json::to_value(demo_practice()).expect("serialises");
    for location in json["locations"].as_object_mut().expect("map").values_mut() {
        let fields = location.as_object_mut().expect("object");
        for old in ["active", "office_hours", "own_branding"] {
            fields.remove(old);
        }
    }
    let settings = json["settings"].as_object_mut().expect("object");
    settings.remove("after_hours_notice");
    settings.remove("logo");
    let config: switchboard_core::Config = serde_json::from_value(json).expect("old form loads");
    assert!(
        config
            .locations
            .values()
            .all(|l| l.active && l.own_branding)
    );
    assert!(config.locations.values().all(|l| l.office_hours.is_empty()));
    assert!(config.settings.logo.is_empty() && config.settings.after_hours_notice.en.is_empty());
}
