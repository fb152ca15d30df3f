//! No message reaches nobody: apply() keeps every fallback inbox read by someone active and
//! available, and route() never answers the fallback inbox with nobody in it.

use switchboard_core::{
    ApplyError, Change, Context, Decision, GroupField, PersonField, Recipient, Route, Scope,
    Sender, Setting, SettingField, apply, explain, route,
};

use crate::fixture::{self, DESK, DIAZ, FORD, NORTH, appointments, day, g, p, to};

fn deactivate(config: &switchboard_core::Config, id: switchboard_core::PersonId) -> Change {
    Change::SetPersonField {
        person: id,
        expected: PersonField::Active(config.people[&id].active),
        value: PersonField::Active(false),
    }
}

fn refused_and_unchanged(config: &mut switchboard_core::Config, change: &Change) -> String {
    let before = config.clone();
    let err = apply(config, change).expect_err("a change that leaves an inbox unread is refused");
    assert_eq!(
        *config, before,
        "a refused change leaves everything as it was"
    );
    assert!(
        matches!(err, ApplyError::Invalid { .. } | ApplyError::InUse { .. }),
        "the edit itself is wrong, not a conflict: {err:?}"
    );
    err.to_string()
}

#[test]
fn the_only_reader_of_the_practice_inbox_cannot_be_deactivated_or_made_unavailable() {
    let mut config = fixture::practice();
    assert_eq!(
        config.settings.fallback_inbox,
        p(FORD),
        "the fixture's inbox is Ford"
    );
    let change = deactivate(&config, FORD);
    let message = refused_and_unchanged(&mut config, &change);
    assert!(
        message.contains("fallback inbox") && message.contains("Ford"),
        "the sentence names the inbox and its reader: {message}"
    );
    assert!(
        message.contains("Choose another fallback inbox") && message.contains("Replace with"),
        "the sentence names the fixes: {message}"
    );
    let unavailable = Change::SetPersonField {
        person: FORD,
        expected: PersonField::AvailableForPortal(true),
        value: PersonField::AvailableForPortal(false),
    };
    refused_and_unchanged(&mut config, &unavailable);

    // Moving the inbox first, in the same step, makes the same deactivation fine.
    let both = Change::Batch {
        changes: vec![
            Change::SetPracticeSetting {
                expected: Setting::FallbackInbox(p(FORD)),
                value: Setting::FallbackInbox(g(DESK)),
            },
            deactivate(&config, FORD),
        ],
    };
    apply(&mut config, &both).expect("with the inbox moved to Desk, Ford may go");
}

#[test]
fn a_group_inbox_keeps_a_reader_and_cannot_be_removed() {
    let mut config = fixture::practice();
    apply(
        &mut config,
        &Change::SetPracticeSetting {
            expected: Setting::FallbackInbox(p(FORD)),
            value: Setting::FallbackInbox(g(DESK)),
        },
    )
    .expect("Desk (Cole, Diaz) may be the inbox");
    let change = deactivate(&config, DIAZ);
    apply(&mut config, &change).expect("Cole still reads Desk");
    let cole = config.groups[&DESK].members[0];
    let change = deactivate(&config, cole);
    let message = refused_and_unchanged(&mut config, &change);
    assert!(
        message.contains("group \"Desk\""),
        "the sentence names the group: {message}"
    );
    let empty_desk = Change::SetGroupField {
        group: DESK,
        expected: GroupField::Members(config.groups[&DESK].members.clone()),
        value: GroupField::Members(vec![DIAZ]),
    };
    refused_and_unchanged(&mut config, &empty_desk);
    let remove = Change::RemoveGroup {
        group: config.groups[&DESK].clone(),
    };
    let message = refused_and_unchanged(&mut config, &remove);
    assert!(
        message.contains("fallback inbox"),
        "removing the inbox's group names the use: {message}"
    );
}

#[test]
fn a_location_inbox_nobody_reads_cannot_be_chosen() {
    let mut config = fixture::practice();
    let change = deactivate(&config, DIAZ);
    apply(&mut config, &change).expect("Diaz reads no inbox");
    let change = Change::SetLocationSetting {
        location: NORTH,
        field: SettingField::FallbackInbox,
        expected: None,
        value: Some(Setting::FallbackInbox(p(DIAZ))),
    };
    let message = refused_and_unchanged(&mut config, &change);
    assert!(
        message.contains("North's fallback inbox") && message.contains("for North"),
        "the sentence names the location: {message}"
    );
}

#[test]
fn an_old_configuration_without_a_reader_can_still_be_edited_and_fixed() {
    let mut config = fixture::practice();
    config.people.get_mut(&FORD).expect("Ford").active = false;
    let rename = Change::SetPracticeName {
        expected: config.practice_name.clone(),
        value: switchboard_core::PracticeName("Renamed".into()),
    };
    apply(&mut config, &rename).expect("an edit that leaves the inbox as broken as it was applies");
    apply(
        &mut config,
        &Change::SetPracticeSetting {
            expected: Setting::FallbackInbox(p(FORD)),
            value: Setting::FallbackInbox(g(DESK)),
        },
    )
    .expect("and the inbox can be fixed");
}

#[test]
fn when_every_reader_is_away_the_inbox_keeps_the_message_for_them() {
    let mut config = fixture::practice();
    let (from, until) = (day("2026-12-01"), day("2026-12-05"));
    config.people.get_mut(&FORD).expect("Ford").out_of_office =
        Some(switchboard_core::OutOfOffice {
            from,
            until,
            delegate: None,
            auto_reply: switchboard_core::Localized::default(),
        });
    // A rule naming only Diaz, who is inactive: the message falls back to Ford's inbox.
    config.people.get_mut(&DIAZ).expect("Diaz").active = false;
    config.routes = vec![switchboard_core::RouteRule {
        topic: appointments(),
        scope: Scope::Practice,
        route: to(&[p(DIAZ)]),
    }]
    .into();
    let context = Context {
        location: NORTH,
        provider: None,
        care_team: Vec::new(),
        sender: Sender::Patient,
    };
    let outcome = route(&config, &context, &appointments(), day("2026-12-03"));
    match &outcome.decision {
        Decision::FallbackInbox { inbox, people, .. } => {
            assert_eq!(*inbox, Recipient::Person(FORD), "Ford's inbox");
            assert_eq!(
                people.as_ref(),
                &[FORD],
                "Ford is away without a delegate; the inbox keeps the message for Ford"
            );
        }
        other => panic!("expected the fallback inbox, got {other:?}"),
    }
    let why = explain(&config, &context, &appointments(), day("2026-12-03"));
    assert!(
        why.steps
            .iter()
            .any(|step| step.text.contains("keeps the message for Ford")),
        "the explanation says the inbox holds it: {:?}",
        why.steps
    );
    assert!(
        !matches!(
            config.routes.get(&appointments(), Scope::Practice),
            Some(Route::PatientChooses)
        ),
        "the rule names people"
    );
}

#[test]
fn the_person_form_offers_a_replacement_for_the_inbox_someone_alone_reads() {
    use switchboard_core::people_edits::{PersonDraft, deactivation, edit_person};
    let mut config = fixture::practice();
    let mut unavailable = PersonDraft::of(&config.people[&FORD]);
    unavailable.available_for_portal = false;
    let what = deactivation(&config, FORD, &unavailable)
        .expect("making the inbox's only reader unavailable takes something away");
    assert_eq!(
        what.sole_reader_of,
        vec!["the practice's fallback inbox".to_owned()],
        "the form says which inbox Ford alone reads"
    );
    let alone = edit_person(&config, FORD, unavailable.clone(), None)
        .expect("the edit builds")
        .expect("something changes");
    refused_and_unchanged(&mut config, &alone);
    let handed_over = edit_person(&config, FORD, unavailable, Some(DIAZ))
        .expect("the edit builds")
        .expect("something changes");
    apply(&mut config, &handed_over).expect("with Diaz taking over the inbox, Ford may stop");
    assert_eq!(
        config.settings.fallback_inbox,
        p(DIAZ),
        "the inbox went to Diaz in the same step"
    );
}

#[test]
fn a_file_whose_fallback_inbox_nobody_reads_is_refused_at_that_path() {
    let mut config = fixture::practice();
    config.people.get_mut(&FORD).expect("Ford").active = false;
    let err = switchboard_core::import(&switchboard_core::export(&config))
        .expect_err("an inbox nobody reads is not imported");
    assert_eq!(
        err.path(),
        Some("config.settings.fallback_inbox"),
        "the path names the setting: {err}"
    );
    assert!(
        err.to_string().contains("has nobody to read it")
            && err
                .to_string()
                .contains("Ford is not both active and available"),
        "the sentence says why: {err}"
    );
}
