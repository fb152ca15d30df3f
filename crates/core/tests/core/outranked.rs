//! What still outranks a bulk edit: table tests for "Routing for all providers", "Replace
//! someone everywhere" and "Copy routing from…", and including those rules in one undo step.
//!
//! The fixture's Dr. Adams works at North and South, Dr. Baker at North only.

use switchboard_core::bulk::{
    self, AllProviders, Outranking, including, outranked_all_providers, outranked_copy,
    outranked_replace,
};
use switchboard_core::{
    Change, Config, Context, Recipient, Route, Scope, Sender, TopicKey, apply, route,
};

use crate::fixture::{
    ADAMS, BAKER, COLE, DIAZ, EVANS, FORD, NORTH, SOUTH, appointments, day, p, practice, rule, to,
};

fn at(location: switchboard_core::LocationId, provider: switchboard_core::PersonId) -> Scope {
    Scope::LocationProvider { location, provider }
}

fn own(provider: switchboard_core::PersonId) -> Scope {
    Scope::Provider { provider }
}

/// A practice with these appointments rules.
fn with(rules: &[(Scope, Route)]) -> Config {
    let mut config = practice();
    for (scope, route) in rules {
        rule(&mut config, *scope, route.clone());
    }
    config
}

/// Each entry in words: whose patients, whom they reach now, what including it does.
fn words(list: &[Outranking]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|o| (o.patients.clone(), o.reaches.clone(), o.if_included.clone()))
        .collect()
}

/// One case of the all-providers table: why, the rules, add or set, recipients, the list.
type AllProvidersCase = (
    &'static str,
    Vec<(Scope, Route)>,
    AllProviders,
    Vec<Recipient>,
    Vec<(String, String, String)>,
);

/// One case of the replace table: why, the rules, the list.
type ReplaceCase = (
    &'static str,
    Vec<(Scope, Route)>,
    Vec<(String, String, String)>,
);

fn entry(patients: &str, reaches: &str, if_included: &str) -> (String, String, String) {
    (patients.into(), reaches.into(), if_included.into())
}

#[test]
fn routing_for_all_providers_lists_each_location_rule_of_a_provider_that_keeps_deciding() {
    use AllProviders::{Add, Set};
    let table: Vec<AllProvidersCase> = vec![
        (
            "no rules: nothing outranks",
            vec![],
            Set,
            vec![p(COLE)],
            vec![],
        ),
        (
            "Dr. Adams's rule at North outranks her own rule; set to Cole",
            vec![(at(NORTH, ADAMS), to(&[p(EVANS)]))],
            Set,
            vec![p(COLE)],
            vec![entry("Dr. Adams's patients at North", "Evans", "Cole")],
        ),
        (
            "adding keeps what the rule at North has and adds Cole",
            vec![(at(NORTH, ADAMS), to(&[p(EVANS)]))],
            Add,
            vec![p(COLE)],
            vec![entry(
                "Dr. Adams's patients at North",
                "Evans",
                "Evans, Cole",
            )],
        ),
        (
            "a rule at North that already is Cole gives what the tool gives",
            vec![(at(NORTH, ADAMS), to(&[p(COLE)]))],
            Set,
            vec![p(COLE)],
            vec![],
        ),
        (
            "a rule at North that already lists Cole needs nothing added",
            vec![(at(NORTH, ADAMS), to(&[p(EVANS), p(COLE)]))],
            Add,
            vec![p(COLE)],
            vec![],
        ),
        (
            "a 'patient chooses' rule at North becomes the list when included",
            vec![(at(NORTH, ADAMS), Route::PatientChooses)],
            Add,
            vec![p(COLE)],
            vec![entry(
                "Dr. Adams's patients at North",
                "the provider the patient chooses",
                "Cole",
            )],
        ),
        (
            "Dr. Baker does not work at South: a rule for him there decides for nobody",
            vec![(at(SOUTH, BAKER), to(&[p(EVANS)]))],
            Set,
            vec![p(COLE)],
            vec![],
        ),
        (
            "a location's rule is broader than a provider's own, so it never outranks it",
            vec![(Scope::Location { location: NORTH }, to(&[p(EVANS)]))],
            Set,
            vec![p(COLE)],
            vec![],
        ),
        (
            "sorted by scope: North before South, Dr. Adams before Dr. Baker",
            vec![
                (at(SOUTH, ADAMS), to(&[p(EVANS)])),
                (at(NORTH, BAKER), to(&[p(DIAZ)])),
                (at(NORTH, ADAMS), to(&[p(EVANS)])),
            ],
            Set,
            vec![p(COLE)],
            vec![
                entry("Dr. Adams's patients at North", "Evans", "Cole"),
                entry("Dr. Baker's patients at North", "Diaz", "Cole"),
                entry("Dr. Adams's patients at South", "Evans", "Cole"),
            ],
        ),
        (
            "a blank topic is left alone, so nothing outranks it",
            vec![(at(NORTH, ADAMS), to(&[p(EVANS)]))],
            Set,
            vec![],
            vec![],
        ),
    ];
    for (why, rules, mode, recipients, expected) in table {
        let config = with(&rules);
        let plan = [(appointments(), mode, recipients)];
        let outranked = outranked_all_providers(&config, &plan);
        assert_eq!(words(&outranked), expected, "{why}");
        for o in &outranked {
            assert_eq!(o.topic_label, "Appointments", "{why}: the topic in words");
        }
    }
}

#[test]
fn the_list_follows_the_practices_topic_order_not_the_alphabet() {
    let prescriptions = TopicKey::new("prescriptions");
    let general = TopicKey::new("general");
    let mut config = practice();
    for topic in [&general, &prescriptions] {
        apply(
            &mut config,
            &Change::SetRoute {
                topic: topic.clone(),
                scope: at(NORTH, ADAMS),
                expected: None,
                value: Some(to(&[p(EVANS)])),
            },
        )
        .expect("the rule applies");
    }
    let plan = [
        (general.clone(), AllProviders::Set, vec![p(COLE)]),
        (prescriptions.clone(), AllProviders::Set, vec![p(COLE)]),
    ];
    let topics: Vec<TopicKey> = outranked_all_providers(&config, &plan)
        .into_iter()
        .map(|o| o.topic)
        .collect();
    assert_eq!(
        topics,
        vec![prescriptions, general],
        "Prescriptions comes before General Inquiry on the practice's topic list"
    );
}

#[test]
fn including_the_outranking_rules_reaches_those_patients_too_in_one_undo_step() {
    let original = with(&[(at(NORTH, ADAMS), to(&[p(EVANS)]))]);
    let mut config = original.clone();
    let plan = [(appointments(), AllProviders::Set, vec![p(COLE)])];
    let outranked = outranked_all_providers(&config, &plan);
    let change = including(bulk::routing_for_all_providers(&config, &plan), &outranked);
    let Change::Batch { changes } = &change else {
        panic!("a bulk edit is one batch: {change:?}");
    };
    assert_eq!(
        changes.len(),
        3,
        "both providers' own rules and Dr. Adams's rule at North"
    );
    let undo = apply(&mut config, &change).expect("the bulk edit applies");
    let patient = Context {
        location: NORTH,
        provider: Some(ADAMS),
        care_team: vec![ADAMS],
        sender: Sender::Patient,
    };
    let outcome = route(&config, &patient, &appointments(), day("2026-12-01"));
    assert_eq!(
        config.routes.get(&appointments(), at(NORTH, ADAMS)),
        Some(&to(&[p(COLE)])),
        "Dr. Adams's rule at North now names Cole too"
    );
    assert_eq!(
        outcome.rule,
        Some(at(NORTH, ADAMS)),
        "her rule at North still decides, now for Cole"
    );
    assert!(
        outranked_all_providers(&config, &plan).is_empty(),
        "once included, nothing outranks the tool any more"
    );
    apply(&mut config, &undo).expect("the inverse applies");
    assert_eq!(
        config, original,
        "one undo takes back the rules included too"
    );
}

#[test]
fn replace_everywhere_lists_the_more_specific_rules_that_name_someone_else() {
    let table: Vec<ReplaceCase> = vec![
        ("nothing names Cole: nothing to outrank", vec![], vec![]),
        (
            "Dr. Adams's own rule outranks the practice's rule naming Cole",
            vec![
                (Scope::Practice, to(&[p(COLE)])),
                (own(ADAMS), to(&[p(EVANS)])),
            ],
            vec![entry("Dr. Adams's patients", "Evans", "Diaz")],
        ),
        (
            "a more specific rule that names Cole is replaced too, so it does not outrank",
            vec![
                (Scope::Practice, to(&[p(COLE)])),
                (own(ADAMS), to(&[p(COLE), p(EVANS)])),
            ],
            vec![],
        ),
        (
            "Dr. Baker's rule at North shares no patients with Dr. Adams's own rule",
            vec![
                (own(ADAMS), to(&[p(COLE)])),
                (at(NORTH, ADAMS), Route::PatientChooses),
                (at(NORTH, BAKER), to(&[p(EVANS)])),
            ],
            vec![entry(
                "Dr. Adams's patients at North",
                "the provider the patient chooses",
                "Diaz",
            )],
        ),
        (
            "Dr. Adams's own rule outranks South's for her patients there only; Dr. Baker \
             does not work at South",
            vec![
                (Scope::Location { location: SOUTH }, to(&[p(COLE)])),
                (own(ADAMS), to(&[p(EVANS)])),
                (own(BAKER), to(&[p(DIAZ)])),
            ],
            vec![entry("Dr. Adams's patients at South", "Evans", "Diaz")],
        ),
        (
            "under the practice's rule each rule that comes first for someone is listed once, \
             most specific first; South's already names Diaz",
            vec![
                (Scope::Practice, to(&[p(COLE)])),
                (Scope::Location { location: NORTH }, to(&[p(EVANS)])),
                (Scope::Location { location: SOUTH }, to(&[p(DIAZ)])),
                (own(BAKER), to(&[p(EVANS)])),
                (at(SOUTH, ADAMS), to(&[p(EVANS)])),
            ],
            vec![
                entry("Dr. Adams's patients at South", "Evans", "Diaz"),
                entry("Dr. Baker's patients", "Evans", "Diaz"),
                entry("patients at North", "Evans", "Diaz"),
            ],
        ),
    ];
    for (why, rules, expected) in table {
        let config = with(&rules);
        let outranked = outranked_replace(&config, COLE, DIAZ);
        assert_eq!(words(&outranked), expected, "{why}");
        let mut after = config.clone();
        apply(
            &mut after,
            &including(
                bulk::replace_person_everywhere(&config, COLE, DIAZ),
                &outranked,
            ),
        )
        .unwrap_or_else(|error| {
            panic!("{why}: the replacement with its inclusions applies: {error}")
        });
        assert!(
            outranked_replace(&after, DIAZ, COLE).is_empty(),
            "{why}: once included, no rule outranks the ones naming Diaz"
        );
    }
    assert!(
        outranked_replace(&with(&[(Scope::Practice, to(&[p(COLE)]))]), COLE, COLE).is_empty(),
        "replacing someone with themselves changes nothing, so nothing outranks it"
    );
}

#[test]
fn copy_routing_rewrites_the_whole_table_so_nothing_outranks_it() {
    let table: Vec<(&str, Vec<(Scope, Route)>, _, _)> = vec![
        (
            "Dr. Adams's rules at North and her own, copied to Dr. Baker who has his own at North",
            vec![
                (own(ADAMS), to(&[p(COLE)])),
                (at(NORTH, ADAMS), to(&[p(EVANS)])),
                (at(NORTH, BAKER), to(&[p(DIAZ)])),
            ],
            ADAMS,
            BAKER,
        ),
        (
            "Dr. Adams's rule at South is removed by a copy from Dr. Baker, not left outranking",
            vec![
                (own(BAKER), to(&[p(COLE)])),
                (at(SOUTH, ADAMS), to(&[p(EVANS)])),
            ],
            BAKER,
            ADAMS,
        ),
        (
            "a rule already the same is the copy's own, not one that outranks it",
            vec![
                (own(ADAMS), to(&[p(COLE)])),
                (at(NORTH, ADAMS), to(&[p(EVANS)])),
                (at(NORTH, BAKER), to(&[p(EVANS)])),
            ],
            ADAMS,
            BAKER,
        ),
        (
            "copying to oneself changes nothing",
            vec![(at(NORTH, ADAMS), to(&[p(EVANS)]))],
            ADAMS,
            ADAMS,
        ),
    ];
    for (why, rules, from, into) in table {
        let config = with(&rules);
        assert_eq!(
            outranked_copy(&config, from, into),
            Vec::new(),
            "{why}: only the copy's own rules are more specific than its own"
        );
    }
}

/// The rule that decides for a patient of `provider` (or of nobody) at `location`.
fn deciding(
    config: &Config,
    location: switchboard_core::LocationId,
    provider: Option<switchboard_core::PersonId>,
) -> Option<Route> {
    let patient = Context {
        location,
        provider,
        care_team: provider.into_iter().collect(),
        sender: Sender::Patient,
    };
    let outcome = route(config, &patient, &appointments(), day("2026-12-01"));
    outcome
        .rule
        .and_then(|scope| config.routes.get(&appointments(), scope).cloned())
}

/// Every kind of patient of the fixture: a provider at each location they work at, then
/// patients with no provider.
const KINDS: [(
    switchboard_core::LocationId,
    Option<switchboard_core::PersonId>,
); 5] = [
    (NORTH, Some(ADAMS)),
    (SOUTH, Some(ADAMS)),
    (NORTH, Some(BAKER)),
    (NORTH, None),
    (SOUTH, None),
];

/// Rules at every scope, so that something outranks at each level.
fn crowded() -> Config {
    with(&[
        (Scope::Practice, to(&[p(DIAZ)])),
        (Scope::Location { location: NORTH }, to(&[p(EVANS)])),
        (Scope::Location { location: SOUTH }, to(&[p(COLE)])),
        (own(BAKER), to(&[p(EVANS)])),
        (own(ADAMS), to(&[p(COLE), p(EVANS)])),
        (at(SOUTH, ADAMS), Route::PatientChooses),
        (at(NORTH, BAKER), to(&[p(DIAZ)])),
    ])
}

#[test]
fn included_every_providers_patients_reach_what_all_providers_sets() {
    let mut config = crowded();
    let plan = [(appointments(), AllProviders::Set, vec![p(FORD)])];
    let outranked = outranked_all_providers(&config, &plan);
    let change = including(bulk::routing_for_all_providers(&config, &plan), &outranked);
    apply(&mut config, &change).expect("the bulk edit with its inclusions applies");
    for (location, provider) in KINDS.into_iter().filter(|(_, p)| p.is_some()) {
        assert_eq!(
            deciding(&config, location, provider),
            Some(to(&[p(FORD)])),
            "{provider:?} at {location:?}: no rule the list left out still wins"
        );
    }
}

#[test]
fn included_ford_is_reached_exactly_where_a_rule_on_the_patients_way_named_cole() {
    let before = crowded();
    let mut config = before.clone();
    let outranked = outranked_replace(&config, COLE, FORD);
    let change = including(
        bulk::replace_person_everywhere(&config, COLE, FORD),
        &outranked,
    );
    apply(&mut config, &change).expect("the replacement with its inclusions applies");
    for (location, provider) in KINDS {
        let chain_named_cole = Scope::chain(location, provider).any(|scope| {
            matches!(before.routes.get(&appointments(), scope),
                Some(Route::Recipients(list)) if list.as_slice().contains(&p(COLE)))
        });
        let now = deciding(&config, location, provider);
        let reaches_ford =
            matches!(&now, Some(Route::Recipients(list)) if list.as_slice().contains(&p(FORD)));
        assert_eq!(
            reaches_ford, chain_named_cole,
            "{provider:?} at {location:?}: Ford is reached exactly where a rule on their way \
             named Cole ({now:?})"
        );
    }
}
