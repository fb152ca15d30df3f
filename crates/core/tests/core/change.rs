//! apply(): refusals that tell the admin what to do, and the bulk helpers.

use switchboard_core::{
    ApplyError, Change, GroupField, PersonField, Route, Scope, Setting, Target, apply, bulk,
    demo_ids, demo_practice, uses_of,
};

use crate::fixture::*;

#[test]
fn removing_someone_still_used_is_refused_with_the_places() {
    let mut config = demo_practice();
    let jane = config
        .person(demo_ids::JANE_SMITH)
        .expect("in the demo")
        .clone();
    let before = config.clone();
    let err = apply(&mut config, &Change::RemovePerson { person: jane }).expect_err("Jane is used");
    let message = err.to_string();
    assert!(
        matches!(err, ApplyError::InUse { .. }),
        "in use, not a conflict: {err:?}"
    );
    assert!(
        message.contains("member of group Nursing"),
        "the message names the group: {message}"
    );
    assert!(
        message.contains("receives Appointments"),
        "and the rule: {message}"
    );
    assert!(message.contains("first"), "and says what to do: {message}");
    assert_eq!(config, before, "nothing changed");
}

#[test]
fn builtin_topics_are_switched_off_not_removed() {
    let mut config = demo_practice();
    let topic = config.topics[0].clone();
    let err = apply(
        &mut config,
        &Change::RemoveTopic {
            topic,
            position: 0,
            rules: Vec::new(),
        },
    )
    .expect_err("built-in");
    assert!(
        matches!(err, ApplyError::BuiltinTopic { .. }),
        "built-in topics stay: {err:?}"
    );
    assert!(
        err.to_string().contains("Switch it off"),
        "the message says what to do instead: {err}"
    );
}

#[test]
fn an_edit_naming_two_fields_is_refused() {
    let mut config = practice();
    let err = apply(
        &mut config,
        &Change::SetPersonField {
            person: COLE,
            expected: PersonField::Active(true),
            value: PersonField::AvailableForPortal(false),
        },
    )
    .expect_err("mismatched fields");
    assert!(
        matches!(err, ApplyError::MismatchedFields { .. }),
        "expected and value must name one field: {err:?}"
    );
}

#[test]
fn a_stale_route_edit_is_a_conflict_that_names_the_rule() {
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[p(COLE)]));
    let err = apply(
        &mut config,
        &Change::SetRoute {
            topic: appointments(),
            scope: Scope::Practice,
            expected: None,
            value: Some(Route::PatientChooses),
        },
    )
    .expect_err("someone set a rule meanwhile");
    assert!(
        err.is_conflict(),
        "a stale expectation is a conflict: {err:?}"
    );
    assert!(
        err.to_string()
            .contains("The Appointments rule for the whole practice"),
        "the message names the rule: {err}"
    );
}

#[test]
fn set_recipients_for_all_providers_skips_blank_and_unchanged() {
    let mut config = practice();
    assert_eq!(
        bulk::set_recipients_for_all_providers(&config, &appointments(), &[]),
        Change::Batch {
            changes: Vec::new()
        },
        "a blank cell means no change"
    );
    rule(
        &mut config,
        Scope::Provider { provider: ADAMS },
        to(&[g(DESK)]),
    );
    let change = bulk::set_recipients_for_all_providers(&config, &appointments(), &[g(DESK)]);
    let Change::Batch { changes } = &change else {
        panic!("bulk edits are batches")
    };
    assert_eq!(
        changes.len(),
        1,
        "Adams already has Desk, only Baker changes"
    );
    apply(&mut config, &change).expect("the batch applies");
    for provider in [ADAMS, BAKER] {
        assert_eq!(
            config
                .routes
                .get(&appointments(), Scope::Provider { provider }),
            Some(&to(&[g(DESK)])),
            "every provider now routes appointments to Desk"
        );
    }
}

#[test]
fn replace_everywhere_then_the_old_person_can_be_removed() {
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[p(COLE), p(DIAZ)]));
    rule(
        &mut config,
        Scope::Location { location: NORTH },
        to(&[p(DIAZ)]),
    );
    let change = bulk::replace_person_everywhere(&config, DIAZ, COLE);
    let before = config.clone();
    let inverse = apply(&mut config, &change).expect("replacing applies");
    assert_eq!(
        config.routes.get(&appointments(), Scope::Practice),
        Some(&to(&[p(COLE)])),
        "Cole was already listed: Diaz's entry goes, the first occurrence stays"
    );
    assert_eq!(
        config.group(DESK).map(|g| g.members.clone()),
        Some(vec![COLE]),
        "Desk held both: it now holds Cole once"
    );
    assert!(
        uses_of(&config, Target::Person(DIAZ)).is_empty(),
        "Diaz is used nowhere now"
    );
    let diaz = config.person(DIAZ).expect("still there").clone();
    apply(&mut config, &Change::RemovePerson { person: diaz })
        .expect("an unused person can be removed");
    assert!(config.person(DIAZ).is_none(), "removed");
    let mut undo = before.clone();
    apply(&mut undo, &change).expect("re-applies on the original");
    apply(&mut undo, &inverse).expect("and undoes");
    assert_eq!(undo, before, "replace everywhere undoes in one step");
}

#[test]
fn set_available_for_many_changes_only_those_that_differ() {
    let mut config = practice();
    config
        .people
        .get_mut(&COLE)
        .expect("fixture")
        .available_for_portal = false;
    let change = bulk::set_available_for_many(&config, &[COLE, DIAZ], true);
    assert_eq!(
        change,
        Change::Batch {
            changes: vec![Change::SetPersonField {
                person: COLE,
                expected: PersonField::AvailableForPortal(false),
                value: PersonField::AvailableForPortal(true),
            }]
        },
        "Diaz is already available, so only Cole's flag changes"
    );
    apply(&mut config, &change).expect("applies");
    assert!(
        config.person(COLE).is_some_and(|p| p.available_for_portal),
        "Cole is available now"
    );
}

#[test]
fn group_members_must_exist_and_be_listed_once() {
    let mut config = practice();
    let err = apply(
        &mut config,
        &Change::SetGroupField {
            group: DESK,
            expected: GroupField::Members(vec![COLE, DIAZ]),
            value: GroupField::Members(vec![COLE, COLE]),
        },
    )
    .expect_err("duplicate");
    assert!(
        matches!(err, ApplyError::DuplicateMember { .. }),
        "each member once: {err:?}"
    );
    let err = apply(
        &mut config,
        &Change::SetPracticeSetting {
            expected: Setting::FallbackInbox(p(FORD)),
            value: Setting::FallbackInbox(g(switchboard_core::GroupId::from_u128(0xdead))),
        },
    )
    .expect_err("unknown group");
    assert!(
        matches!(err, ApplyError::UnknownGroup { .. }),
        "the fallback must exist: {err:?}"
    );
}

#[test]
fn only_rule_changes_change_only_routes() {
    use switchboard_core::grid::edits;
    use switchboard_core::{Scope, TopicKey, demo_ids, demo_practice};
    let config = demo_practice();
    let topic = TopicKey::new("appointments");
    let mccoy = Scope::Provider {
        provider: demo_ids::MCCOY,
    };
    let crusher = Scope::Provider {
        provider: demo_ids::CRUSHER,
    };
    let chooses = edits::patient_chooses(&config, &topic, mccoy).expect("a change");
    assert!(
        chooses.routed_topics().is_some(),
        "setting a rule changes routes only"
    );
    let moved = edits::move_recipient(
        &config,
        &topic,
        crusher,
        &topic,
        mccoy,
        switchboard_core::Recipient::Person(demo_ids::JANE_SMITH),
    )
    .expect("Jane Smith is in Dr. Crusher's cell");
    assert!(
        moved.routed_topics().is_some(),
        "a move is a batch of rule changes: routes only"
    );
    let off = Change::SetTopicEnabled {
        topic: topic.clone(),
        expected: true,
        value: false,
    };
    assert!(
        off.routed_topics().is_none(),
        "switching a topic off changes the topics"
    );
    assert!(
        Change::Batch {
            changes: vec![chooses, off]
        }
        .routed_topics()
        .is_none(),
        "a batch with anything but rule changes is not routes only"
    );
}
