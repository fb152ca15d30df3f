//! validate(): each kind of finding, its place and fix, and the window.

use switchboard_core::{
    Cell, DropReason, FallbackReason, Finding, OutOfOffice, Place, Problem, Scope, apply,
    demo_practice, validate,
};

use crate::fixture::*;

fn window() -> (switchboard_core::Date, switchboard_core::Date) {
    (day("2026-12-01"), day("2026-12-30"))
}

fn findings(config: &switchboard_core::Config) -> Vec<Finding> {
    let (from, to) = window();
    validate(config, from, to)
}

/// A fixture where every enabled topic is routed to Desk, so the baseline has no findings.
fn healthy() -> switchboard_core::Config {
    let mut config = practice();
    for topic in config.topics.clone() {
        let change = switchboard_core::Change::SetRoute {
            topic: topic.key,
            scope: Scope::Practice,
            expected: None,
            value: Some(to(&[g(DESK)])),
        };
        apply(&mut config, &change).expect("fixture");
    }
    config
}

#[test]
fn a_healthy_practice_has_no_findings() {
    assert_eq!(
        findings(&healthy()),
        Vec::new(),
        "every topic reaches Desk: nothing to report"
    );
}

#[test]
fn an_inactive_recipient_is_reported_with_a_fix_that_removes_the_finding() {
    let mut config = healthy();
    rule(
        &mut config,
        Scope::Location { location: NORTH },
        to(&[p(COLE), p(EVANS)]),
    );
    config.people.get_mut(&EVANS).expect("fixture").active = false;
    let found = findings(&config);
    assert_eq!(
        found.len(),
        1,
        "only the North appointments rule relies on Evans: {found:#?}"
    );
    let finding = &found[0];
    assert_eq!(
        finding.place,
        Place::Rule {
            topic: appointments(),
            scope: Some(Scope::Location { location: NORTH })
        },
        "the finding names the rule"
    );
    assert_eq!(
        finding.problem,
        Problem::Drops {
            person: EVANS,
            why: DropReason::Inactive
        },
        "and why"
    );
    assert_eq!(
        finding.cells,
        vec![
            Cell {
                location: NORTH,
                provider: None
            },
            Cell {
                location: NORTH,
                provider: Some(ADAMS)
            },
            Cell {
                location: NORTH,
                provider: Some(BAKER)
            },
        ],
        "every kind of patient at North is affected, sorted (no provider first)"
    );
    assert!(
        finding.message.contains("Evans is inactive"),
        "the message says who and why: {}",
        finding.message
    );
    let fix = finding
        .fix
        .clone()
        .expect("removing Evans from the rule fixes it");
    apply(&mut config, &fix).expect("the fix applies");
    assert_eq!(
        findings(&config),
        Vec::new(),
        "after the fix there is nothing to report"
    );
}

#[test]
fn an_absence_without_delegate_shows_from_its_first_day_in_the_window() {
    let mut config = healthy();
    config.people.get_mut(&COLE).expect("fixture").out_of_office = Some(OutOfOffice {
        from: day("2026-12-20"),
        until: day("2027-01-05"),
        delegate: None,
        auto_reply: Default::default(),
    });
    let found = findings(&config);
    assert!(
        !found.is_empty(),
        "Cole is in Desk, which receives everything"
    );
    for finding in &found {
        assert_eq!(
            finding.problem,
            Problem::Drops {
                person: COLE,
                why: DropReason::AbsentWithoutDelegate
            },
            "the only problem is Cole away with nobody covering"
        );
        assert_eq!(
            finding.first_date,
            day("2026-12-20"),
            "it starts on the first day away"
        );
    }
    let fix = found[0]
        .fix
        .clone()
        .expect("delegating to the fallback inbox fixes it");
    apply(&mut config, &fix).expect("applies");
    assert_eq!(
        findings(&config),
        Vec::new(),
        "with a delegate, nothing to report"
    );

    let (from, _) = window();
    assert_eq!(
        validate(&config, from, day("2026-12-19")),
        Vec::new(),
        "an absence after the window is not reported"
    );
}

#[test]
fn fallback_landings_and_broken_fallback_inboxes_are_reported() {
    let mut config = healthy();
    rule(
        &mut config,
        Scope::Provider { provider: ADAMS },
        to(&[p(EVANS)]),
    );
    config
        .people
        .get_mut(&EVANS)
        .expect("fixture")
        .available_for_portal = false;
    config.people.get_mut(&FORD).expect("fixture").active = false;
    let found = findings(&config);
    let problems: Vec<&Problem> = found.iter().map(|f| &f.problem).collect();
    assert!(
        problems.contains(&&Problem::LandsInFallback {
            reason: FallbackReason::NobodyLeft
        }),
        "Adams's appointments land in the fallback inbox: {problems:?}"
    );
    assert!(
        problems.contains(&&Problem::FallbackInboxUnreachable { inbox: p(FORD) }),
        "the inactive fallback inbox is reported: {problems:?}"
    );
}

#[test]
fn duplicate_names_and_no_enabled_topic_are_reported() {
    let mut config = healthy();
    config.people.get_mut(&DIAZ).expect("fixture").name = "Cole".into();
    for topic in &mut config.topics {
        topic.enabled = false;
    }
    let found = findings(&config);
    assert!(
        found
            .iter()
            .any(|f| f.place == Place::Location { location: NORTH }
                && matches!(f.problem, Problem::DuplicateName { .. })),
        "two Coles at North: {found:#?}"
    );
    let no_topic = found
        .iter()
        .find(|f| f.problem == Problem::NoTopicEnabled)
        .expect("messaging on, no topic: reported");
    apply(
        &mut config,
        no_topic
            .fix
            .as_ref()
            .expect("switching a topic on fixes it"),
    )
    .expect("applies");
    assert!(
        !findings(&config)
            .iter()
            .any(|f| f.problem == Problem::NoTopicEnabled),
        "after the fix a topic is on"
    );
}

#[test]
fn the_demo_reports_patients_without_a_provider_who_cannot_choose() {
    let found = validate(&demo_practice(), day("2026-11-22"), day("2026-12-21"));
    assert!(
        found.iter().any(|f| f.problem
            == Problem::LandsInFallback {
                reason: FallbackReason::NoChoice
            }),
        "the demo's health questions let patients choose from their care team; with no provider there is none"
    );
    assert!(
        !found
            .iter()
            .any(|f| matches!(f.problem, Problem::FallbackInboxMissing { .. })),
        "the demo's fallback inbox exists"
    );
}

#[test]
fn no_fix_takes_someone_out_of_a_rule_that_still_reaches_them() {
    let mut config = healthy();
    rule(
        &mut config,
        Scope::Location { location: SOUTH },
        to(&[p(EVANS), g(NURSES), p(DIAZ)]),
    );
    config.people.get_mut(&EVANS).expect("fixture").active = false;
    let found = findings(&config);
    let dropped = found
        .iter()
        .find(|f| {
            f.problem
                == Problem::Drops {
                    person: EVANS,
                    why: DropReason::Inactive,
                }
        })
        .expect("the South rule relies on inactive Evans");
    assert_eq!(
        dropped.fix, None,
        "taking Evans out of the rule would leave Nurses, which is Evans: no fix is sure"
    );
}

#[test]
fn an_empty_group_met_as_a_delegate_is_not_fixed_by_editing_the_rule() {
    let mut config = healthy();
    config
        .groups
        .get_mut(&NURSES)
        .expect("fixture")
        .members
        .clear();
    config.people.get_mut(&COLE).expect("fixture").out_of_office = Some(OutOfOffice {
        from: day("2026-12-05"),
        until: day("2026-12-06"),
        delegate: Some(g(NURSES)),
        auto_reply: Default::default(),
    });
    let found = findings(&config);
    let empty: Vec<&Finding> = found
        .iter()
        .filter(|f| f.problem == Problem::EmptyGroup { group: NURSES })
        .collect();
    assert!(
        !empty.is_empty(),
        "Desk's Cole delegates to the empty Nurses: {found:#?}"
    );
    for finding in empty {
        assert_eq!(
            finding.fix, None,
            "the rules name Desk, not Nurses: removing Nurses from them would change nothing"
        );
    }
}

/// After a routing edit, a finding that loses the cells that met it first keeps the first day
/// of the cells it keeps: `revalidate_rules` walks those again rather than keep the old day.
#[test]
fn a_routing_edit_moves_a_findings_first_day_to_that_of_the_cells_it_keeps() {
    let mut config = practice();
    config.settings.provider_choice = switchboard_core::ProviderChoice::SelectedUsers;
    let away = |from: &str, until: &str, delegate| OutOfOffice {
        from: day(from),
        until: day(until),
        delegate,
        auto_reply: Default::default(),
    };
    // Cole (North) is away with nobody standing in; Evans (South) hands over to Cole later.
    config.people.get_mut(&COLE).expect("fixture").out_of_office =
        Some(away("2026-12-10", "2026-12-25", None));
    config
        .people
        .get_mut(&EVANS)
        .expect("fixture")
        .out_of_office = Some(away("2026-12-20", "2026-12-28", Some(p(COLE))));
    let (from, until) = window();
    let cole_dropped = |findings: &[Finding]| {
        findings
            .iter()
            .find(|f| {
                f.place
                    == Place::Rule {
                        topic: appointments(),
                        scope: Some(Scope::Practice),
                    }
                    && f.problem
                        == Problem::Drops {
                            person: COLE,
                            why: DropReason::AbsentWithoutDelegate,
                        }
            })
            .map(|f| {
                (
                    f.cells.iter().map(|c| c.location).collect::<Vec<_>>(),
                    f.first_date,
                )
            })
    };
    let before = validate(&config, from, until);
    assert_eq!(
        cole_dropped(&before),
        Some((vec![NORTH, NORTH, NORTH, SOUTH, SOUTH], day("2026-12-10"))),
        "patients choosing at North lose Cole from the 10th, at South (through Evans) from the 20th"
    );
    let change = switchboard_core::Change::SetRoute {
        topic: appointments(),
        scope: Scope::Location { location: NORTH },
        expected: None,
        value: Some(to(&[g(NURSES)])),
    };
    apply(&mut config, &change).expect("a rule naming an existing group applies");
    let again =
        switchboard_core::revalidate_rules(&before, &config, from, until, &change.touches().routes);
    assert_eq!(
        again,
        validate(&config, from, until),
        "revalidating the touched cells answers what validate does"
    );
    assert_eq!(
        cole_dropped(&again),
        Some((vec![SOUTH, SOUTH], day("2026-12-20"))),
        "North's cells follow their own rule now: the finding keeps South's, from the 20th"
    );
}
