//! route() and explain(): precedence, group expansion, out of office, choice, fallback, closed.

use switchboard_core::{
    Closed, Context, Decision, FallbackReason, OutOfOffice, PersonId, ProviderChoice, Route, Scope,
    Sender, demo_ids, demo_practice, explain, route,
};

use crate::fixture::*;

fn patient_of(location: switchboard_core::LocationId, provider: Option<PersonId>) -> Context {
    Context {
        location,
        provider,
        care_team: provider.into_iter().collect(),
        sender: Sender::Patient,
    }
}

fn delivered(outcome: &switchboard_core::Outcome) -> Vec<PersonId> {
    match &outcome.decision {
        Decision::Deliver { people } => people.to_vec(),
        other => panic!("expected a delivery, got {other:?}"),
    }
}

#[test]
fn the_most_specific_rule_wins() {
    let mut config = practice();
    rule(
        &mut config,
        Scope::LocationProvider {
            location: NORTH,
            provider: ADAMS,
        },
        to(&[p(COLE)]),
    );
    rule(
        &mut config,
        Scope::Provider { provider: ADAMS },
        to(&[p(DIAZ)]),
    );
    rule(
        &mut config,
        Scope::Location { location: NORTH },
        to(&[p(EVANS)]),
    );
    rule(&mut config, Scope::Practice, to(&[p(FORD)]));
    let date = day("2026-12-01");
    // (location, provider, who receives, which scope decided, why)
    let table = [
        (
            NORTH,
            Some(ADAMS),
            COLE,
            Scope::LocationProvider {
                location: NORTH,
                provider: ADAMS,
            },
            "location+provider beats everything",
        ),
        (
            SOUTH,
            Some(ADAMS),
            DIAZ,
            Scope::Provider { provider: ADAMS },
            "a provider's own rule beats the location rule",
        ),
        (
            NORTH,
            Some(BAKER),
            EVANS,
            Scope::Location { location: NORTH },
            "the location rule applies to providers without one",
        ),
        (
            NORTH,
            None,
            EVANS,
            Scope::Location { location: NORTH },
            "patients without a provider get the location rule",
        ),
        (
            SOUTH,
            None,
            FORD,
            Scope::Practice,
            "the practice rule is the last resort",
        ),
        (
            SOUTH,
            Some(BAKER),
            FORD,
            Scope::Practice,
            "no provider or location rule at South for Baker",
        ),
    ];
    for (location, provider, expected, scope, why) in table {
        let outcome = route(
            &config,
            &patient_of(location, provider),
            &appointments(),
            date,
        );
        assert_eq!(delivered(&outcome), vec![expected], "{why}");
        assert_eq!(
            outcome.rule,
            Some(scope),
            "{why}: the outcome names the deciding scope"
        );
    }
}

#[test]
fn groups_expand_in_order_keeping_the_first_occurrence() {
    let mut config = practice();
    rule(
        &mut config,
        Scope::Practice,
        to(&[p(DIAZ), g(DESK), g(NURSES), p(COLE)]),
    );
    let outcome = route(
        &config,
        &patient_of(NORTH, None),
        &appointments(),
        day("2026-12-01"),
    );
    assert_eq!(
        delivered(&outcome),
        vec![DIAZ, COLE, EVANS],
        "Diaz first (named first), Cole from Desk, Evans from Nurses; duplicates keep their first place"
    );
}

#[test]
fn inactive_and_unavailable_people_drop_out_and_nobody_left_means_fallback() {
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[g(DESK), p(EVANS)]));
    config.people.get_mut(&COLE).expect("fixture").active = false;
    config
        .people
        .get_mut(&EVANS)
        .expect("fixture")
        .available_for_portal = false;
    let date = day("2026-12-01");
    let outcome = route(&config, &patient_of(NORTH, None), &appointments(), date);
    assert_eq!(
        delivered(&outcome),
        vec![DIAZ],
        "inactive Cole and unavailable Evans receive nothing"
    );

    config.people.get_mut(&DIAZ).expect("fixture").active = false;
    let outcome = route(&config, &patient_of(NORTH, None), &appointments(), date);
    assert_eq!(
        outcome.decision,
        Decision::FallbackInbox {
            inbox: p(FORD),
            people: vec![FORD].into(),
            reason: FallbackReason::NobodyLeft
        },
        "with nobody left the fallback inbox receives it, never nobody"
    );
    assert_eq!(
        outcome.to.en, "Scheduling Team",
        "the patient still sees the topic's display name in To:"
    );
}

#[test]
fn out_of_office_swaps_in_the_delegate_on_both_boundary_days() {
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[p(COLE)]));
    config.people.get_mut(&COLE).expect("fixture").out_of_office = Some(OutOfOffice {
        from: day("2026-12-01"),
        until: day("2026-12-03"),
        delegate: Some(g(NURSES)),
        auto_reply: Default::default(),
    });
    let table = [
        (
            "2026-11-30",
            COLE,
            "the day before the absence Cole receives",
        ),
        (
            "2026-12-01",
            EVANS,
            "the first day away is covered (inclusive)",
        ),
        ("2026-12-02", EVANS, "a middle day is covered"),
        (
            "2026-12-03",
            EVANS,
            "the last day away is covered (inclusive)",
        ),
        ("2026-12-04", COLE, "the day after, Cole is back"),
    ];
    for (date, expected, why) in table {
        let outcome = route(
            &config,
            &patient_of(NORTH, None),
            &appointments(),
            day(date),
        );
        assert_eq!(delivered(&outcome), vec![expected], "{why}");
    }
}

fn away(
    config: &mut switchboard_core::Config,
    who: PersonId,
    delegate: Option<switchboard_core::Recipient>,
) {
    config.people.get_mut(&who).expect("fixture").out_of_office = Some(OutOfOffice {
        from: day("2026-12-01"),
        until: day("2026-12-31"),
        delegate,
        auto_reply: Default::default(),
    });
}

#[test]
fn delegation_follows_three_hops_and_no_more() {
    let date = day("2026-12-10");
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[p(COLE)]));
    away(&mut config, COLE, Some(p(DIAZ)));
    away(&mut config, DIAZ, Some(p(EVANS)));
    away(&mut config, EVANS, Some(p(ADAMS)));
    let outcome = route(&config, &patient_of(NORTH, None), &appointments(), date);
    assert_eq!(
        delivered(&outcome),
        vec![ADAMS],
        "Cole → Diaz → Evans → Adams is three hops: allowed"
    );

    away(&mut config, ADAMS, Some(p(BAKER)));
    let outcome = route(&config, &patient_of(NORTH, None), &appointments(), date);
    assert!(
        outcome.is_fallback(),
        "a fourth hop is not followed, so Cole's message has nobody left: {outcome:?}"
    );
}

#[test]
fn a_delegation_cycle_is_cut_and_the_rest_still_receive() {
    let date = day("2026-12-10");
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[p(COLE), p(EVANS)]));
    away(&mut config, COLE, Some(p(DIAZ)));
    away(&mut config, DIAZ, Some(p(COLE)));
    let outcome = route(&config, &patient_of(NORTH, None), &appointments(), date);
    assert_eq!(
        delivered(&outcome),
        vec![EVANS],
        "the Cole ⇄ Diaz cycle is cut; Evans still receives"
    );

    away(&mut config, EVANS, None);
    let outcome = route(&config, &patient_of(NORTH, None), &appointments(), date);
    assert!(
        outcome.is_fallback(),
        "Evans away without delegate leaves nobody: fallback"
    );
}

#[test]
fn patient_chooses_from_the_care_team_or_from_everyone_at_the_location() {
    let mut config = practice();
    config.people.get_mut(&BAKER).expect("fixture").active = false;
    let date = day("2026-12-01");
    let context = Context {
        location: NORTH,
        provider: Some(ADAMS),
        care_team: vec![BAKER, ADAMS, COLE],
        sender: Sender::Patient,
    };
    let outcome = route(&config, &context, &appointments(), date);
    assert_eq!(
        outcome.rule,
        Some(Scope::Practice),
        "no rule of the topic's own: the practice default (the patient chooses) applies"
    );
    assert_eq!(
        outcome.decision,
        Decision::PatientChooses {
            choice: ProviderChoice::CareTeamOnly,
            choices: vec![ADAMS, COLE].into()
        },
        "the care team in its own order, without inactive Dr. Baker"
    );

    let no_team = Context {
        care_team: Vec::new(),
        ..context.clone()
    };
    let outcome = route(&config, &no_team, &appointments(), date);
    assert!(
        matches!(
            outcome.decision,
            Decision::FallbackInbox {
                reason: FallbackReason::NoChoice,
                ..
            }
        ),
        "an empty care team leaves no choice: fallback, got {outcome:?}"
    );

    config.settings.provider_choice = ProviderChoice::SelectedUsers;
    rule(
        &mut config,
        Scope::Location { location: SOUTH },
        Route::PatientChooses,
    );
    let south = Context {
        location: SOUTH,
        ..no_team
    };
    let outcome = route(&config, &south, &appointments(), date);
    assert_eq!(
        outcome.decision,
        Decision::PatientChooses {
            choice: ProviderChoice::SelectedUsers,
            choices: vec![DIAZ, ADAMS, EVANS, FORD].into()
        },
        "everyone available at South, sorted by name (\"Diaz\" < \"Dr. Adams\")"
    );
    assert_eq!(
        outcome.rule,
        Some(Scope::Location { location: SOUTH }),
        "the location rule decided"
    );
}

#[test]
fn closed_messaging_says_why() {
    let date = day("2026-12-01");
    let mut config = practice();
    rule(&mut config, Scope::Practice, to(&[p(COLE)]));
    let closed = |config: &switchboard_core::Config, sender| {
        let context = Context {
            sender,
            ..patient_of(NORTH, None)
        };
        match route(config, &context, &appointments(), date).decision {
            Decision::Closed { reason } => Some(reason),
            _ => None,
        }
    };
    assert_eq!(
        closed(&config, Sender::Guardian),
        None,
        "guardians may write by default here"
    );
    assert_eq!(
        closed(&config, Sender::Guarantor),
        Some(Closed::SenderNotAllowed {
            sender: Sender::Guarantor
        }),
        "guarantors may not write in the fixture"
    );
    config
        .locations
        .get_mut(&NORTH)
        .expect("fixture")
        .settings
        .patients_may_start = Some(false);
    assert_eq!(
        closed(&config, Sender::Patient),
        Some(Closed::ReplyOnly),
        "the North override makes it reply-only"
    );
    config
        .locations
        .get_mut(&NORTH)
        .expect("fixture")
        .settings
        .messaging_enabled = Some(false);
    assert_eq!(
        closed(&config, Sender::Patient),
        Some(Closed::MessagingOff),
        "messaging off wins over reply-only"
    );
    config.locations.get_mut(&NORTH).expect("fixture").settings = Default::default();
    config.topics[0].enabled = false;
    assert_eq!(
        closed(&config, Sender::Patient),
        Some(Closed::TopicOff),
        "a switched-off topic cannot be sent"
    );
}

#[test]
fn explain_tells_the_demo_story_in_admin_sentences() {
    let config = demo_practice();
    let context = patient_of(demo_ids::DOWNTOWN, Some(demo_ids::CRUSHER));
    let date = day("2026-11-25");
    let explanation = explain(&config, &context, &appointments(), date);
    assert_eq!(
        explanation.outcome,
        route(&config, &context, &appointments(), date),
        "explain gives exactly route's answer"
    );
    let summary = explanation.summary();
    for part in [
        "Appointments for Beverly Crusher, MD's patients at Downtown",
        "provider rule → Jane Smith, RN",
        "Jane Smith, RN is out of office until 3 Dec → delegate Front Office",
        "Front Office → Ana Ruiz, Tom Lee",
        "delivered to Ana Ruiz, Tom Lee",
    ] {
        assert!(
            summary.contains(part),
            "the explanation says {part:?}; it was: {summary}"
        );
    }
}

#[test]
fn the_index_answers_from_shared_data() {
    let config = demo_practice();
    let index = switchboard_core::RoutingIndex::build(&config);
    let context = patient_of(demo_ids::LAKEVIEW, Some(demo_ids::BASHIR));
    let (a, b) = (
        index.route(&context, &appointments(), day("2026-11-25")),
        index.route(&context, &appointments(), day("2026-12-25")),
    );
    assert_eq!(
        a,
        route(&config, &context, &appointments(), day("2026-11-25")),
        "the index agrees with route()"
    );
    let (Decision::Deliver { people: pa }, Decision::Deliver { people: pb }) =
        (&a.decision, &b.decision)
    else {
        panic!("Lakeview's appointments go to Tom Lee: {a:?}");
    };
    assert!(
        std::sync::Arc::ptr_eq(pa, pb) && std::sync::Arc::ptr_eq(&a.to, &b.to),
        "a day-independent answer is shared, not freshly allocated"
    );
}
