//! Every limit of `switchboard_core::limits`, at the limit (accepted) and one past it
//! (refused with a sentence naming the limit, changing nothing), through apply().

use switchboard_core::limits::{
    ATTACHMENT_COUNT, EXTERNAL_IDS, GROUPS, LABEL_CHARS, LINE_CHARS, LOCATIONS, MESSAGE_CHARS,
    NAME_CHARS, PEOPLE, QUOTA_COUNT, QUOTA_DAYS, RECIPIENTS_PER_RULE, RULES, TEXT_CHARS, TOPICS,
};
use switchboard_core::{
    Attachments, Change, Config, Group, GroupId, Limits, Localized, Location, LocationField,
    LocationId, Person, PersonField, PersonId, PracticeName, Quota, Recipient, RecipientList,
    Route, Scope, Setting, Topic, TopicField, TopicKey, apply,
};

use crate::fixture::{self, FORD, NORTH, appointments};
use crate::generate::{Pick, new_person};

fn accepted(config: &Config, change: &Change, what: &str) {
    let mut config = config.clone();
    if let Err(err) = apply(&mut config, change) {
        panic!("{what}: at the limit is accepted, got: {err}");
    }
}

fn refused(config: &Config, change: &Change, what: &str, words: &str) {
    let mut after = config.clone();
    let err = apply(&mut after, change).expect_err(what);
    assert!(
        err.to_string().contains(words),
        "{what}: the sentence names the limit ({words}): {err}"
    );
    assert_eq!(&after, config, "{what}: a refused change changes nothing");
}

/// Makes the change that sets one text.
type MakeChange<'a> = Box<dyn Fn(String) -> Change + 'a>;

fn chars(n: usize) -> String {
    "x".repeat(n)
}

fn rename(config: &Config, name: String) -> Change {
    Change::SetPracticeName {
        expected: config.practice_name.clone(),
        value: PracticeName(name),
    }
}

#[test]
fn texts_are_accepted_at_their_limit_and_refused_past_it() {
    let config = fixture::practice();
    let cases: Vec<(&str, usize, MakeChange)> = vec![
        (
            "practice name",
            NAME_CHARS,
            Box::new(|t| rename(&config, t)),
        ),
        (
            "person name",
            NAME_CHARS,
            Box::new(|t| Change::SetPersonField {
                person: FORD,
                expected: PersonField::Name(config.people[&FORD].name.clone()),
                value: PersonField::Name(t),
            }),
        ),
        (
            "location address",
            LINE_CHARS,
            Box::new(|t| Change::SetLocationField {
                location: NORTH,
                expected: LocationField::Address(config.locations[&NORTH].address.clone()),
                value: LocationField::Address(t),
            }),
        ),
        (
            "topic label",
            LABEL_CHARS,
            Box::new(|t| Change::SetTopicText {
                topic: appointments(),
                expected: TopicField::Label(
                    config.topic(&appointments()).expect("topic").label.clone(),
                ),
                value: TopicField::Label(Localized::new(t, "Citas")),
            }),
        ),
        (
            "banner",
            TEXT_CHARS,
            Box::new(|t| Change::SetPracticeSetting {
                expected: Setting::Banner(config.settings.banner.clone()),
                value: Setting::Banner(Localized::new("Hello", t)),
            }),
        ),
        (
            "new person's name",
            NAME_CHARS,
            Box::new(|t| Change::AddPerson {
                person: Person {
                    name: t,
                    ..new_person(&config, &mut Pick::new(7))
                },
            }),
        ),
    ];
    for (what, max, make) in cases {
        accepted(&config, &make(chars(max)), what);
        refused(
            &config,
            &make(chars(max + 1)),
            what,
            &format!("the longest allowed is {max}"),
        );
    }
}

#[test]
fn numbers_are_accepted_at_their_limit_and_refused_past_it() {
    let config = fixture::practice();
    let limits = |max_characters, quota| Change::SetPracticeSetting {
        expected: Setting::Limits(config.settings.limits.clone()),
        value: Setting::Limits(Limits {
            quota,
            max_characters,
        }),
    };
    accepted(&config, &limits(MESSAGE_CHARS, None), "longest message");
    refused(
        &config,
        &limits(MESSAGE_CHARS + 1, None),
        "longest message",
        &MESSAGE_CHARS.to_string(),
    );
    let quota = |count, days| limits(2000, Some(Quota { count, days }));
    accepted(&config, &quota(QUOTA_COUNT, QUOTA_DAYS), "quota");
    refused(
        &config,
        &quota(QUOTA_COUNT + 1, 1),
        "quota count",
        "at most",
    );
    refused(&config, &quota(1, QUOTA_DAYS + 1), "quota days", "at most");
    let attachments = |max_count| Change::SetPracticeSetting {
        expected: Setting::Attachments(config.settings.attachments),
        value: Setting::Attachments(Attachments {
            allowed: true,
            max_count,
            max_megabytes: 10,
        }),
    };
    accepted(&config, &attachments(ATTACHMENT_COUNT), "attachments");
    refused(
        &config,
        &attachments(ATTACHMENT_COUNT + 1),
        "attachments",
        "at most",
    );
}

#[test]
fn lists_are_accepted_at_their_limit_and_refused_past_it() {
    let config = fixture::practice();
    let ids = |n: usize| (0..n).map(|i| format!("urn:test|{i}")).collect::<Vec<_>>();
    let external = |n| Change::SetPersonField {
        person: FORD,
        expected: PersonField::ExternalIds(Vec::new()),
        value: PersonField::ExternalIds(ids(n)),
    };
    accepted(&config, &external(EXTERNAL_IDS), "external ids");
    refused(
        &config,
        &external(EXTERNAL_IDS + 1),
        "external ids",
        "the most allowed",
    );

    // A rule's recipients: make enough people, then name them all.
    let mut big = config.clone();
    let people: Vec<PersonId> = (0..=RECIPIENTS_PER_RULE)
        .map(|i| PersonId::from_u128(0x9000 + i as u128))
        .collect();
    for id in &people {
        big.people.insert(
            *id,
            Person {
                id: *id,
                ..config.people[&FORD].clone()
            },
        );
    }
    let rule = |n: usize| Change::SetRoute {
        topic: appointments(),
        scope: Scope::Practice,
        expected: None,
        value: Some(Route::Recipients(
            RecipientList::new(
                people[..n]
                    .iter()
                    .map(|id| Recipient::Person(*id))
                    .collect(),
            )
            .expect("not empty"),
        )),
    };
    accepted(&big, &rule(RECIPIENTS_PER_RULE), "recipients of a rule");
    refused(
        &big,
        &rule(RECIPIENTS_PER_RULE + 1),
        "recipients of a rule",
        "at most 200 recipients",
    );
}

#[test]
fn a_practice_holds_at_most_so_many_of_each_thing() {
    let base = fixture::practice();

    // Topics.
    let mut full = base.clone();
    while full.topics.len() < TOPICS {
        let n = full.topics.len();
        full.topics.push(Topic {
            key: TopicKey::new(format!("filler-{n}")),
            builtin: false,
            ..full.topics[0].clone()
        });
    }
    let mut one_less = full.clone();
    one_less.topics.pop();
    let add_topic = |config: &Config| Change::AddTopic {
        topic: Topic {
            key: TopicKey::new("one-more"),
            builtin: false,
            ..config.topics[0].clone()
        },
        position: 0,
        rules: Vec::new(),
    };
    accepted(&one_less, &add_topic(&one_less), "the last topic");
    refused(
        &full,
        &add_topic(&full),
        "one topic too many",
        "the most Switchboard keeps",
    );

    // Locations.
    let mut full = base.clone();
    for n in full.locations.len()..LOCATIONS {
        let id = LocationId::from_u128(0x10_0000 + n as u128);
        full.locations.insert(
            id,
            Location::new(id, format!("Site {n}"), "America/Chicago"),
        );
    }
    let add_location = Change::AddLocation {
        location: Location::new(
            LocationId::from_u128(0xFFFF_FFFF),
            "One more",
            "America/Chicago",
        ),
    };
    let mut one_less = full.clone();
    let last = *one_less.locations.keys().next_back().expect("locations");
    one_less.locations.remove(&last);
    accepted(&one_less, &add_location, "the last location");
    refused(
        &full,
        &add_location,
        "one location too many",
        "1000 locations",
    );

    // Groups.
    let mut full = base.clone();
    for n in full.groups.len()..GROUPS {
        let id = GroupId::from_u128(0x20_0000 + n as u128);
        full.groups.insert(
            id,
            Group {
                id,
                name: format!("Pool {n}"),
                members: Vec::new(),
                external_ids: Vec::new(),
            },
        );
    }
    let add_group = Change::AddGroup {
        group: Group {
            id: GroupId::from_u128(0xFFFF_FFFF),
            name: "One more".into(),
            members: Vec::new(),
            external_ids: Vec::new(),
        },
    };
    let mut one_less = full.clone();
    let last = *one_less.groups.keys().next_back().expect("groups");
    one_less.groups.remove(&last);
    accepted(&one_less, &add_group, "the last group");
    refused(&full, &add_group, "one group too many", "10000 groups");

    // People: a health system's directory.
    let mut full = base.clone();
    let template = base.people[&FORD].clone();
    for n in full.people.len()..PEOPLE {
        let id = PersonId::from_u128(0x30_0000 + n as u128);
        full.people.insert(
            id,
            Person {
                id,
                ..template.clone()
            },
        );
    }
    let add_person = Change::AddPerson {
        person: Person {
            id: PersonId::from_u128(0xFFFF_FFFF_FFFF),
            ..template.clone()
        },
    };
    let mut one_less = full.clone();
    let last = *one_less.people.keys().next_back().expect("people");
    one_less.people.remove(&last);
    accepted(&one_less, &add_person, "the last person");
    refused(&full, &add_person, "one person too many", "250000 people");

    // Rules: one per provider and topic.
    let mut full = base.clone();
    let provider_ids: Vec<PersonId> = (0..RULES)
        .map(|n| PersonId::from_u128(0x40_0000 + n as u128))
        .collect();
    for id in &provider_ids {
        full.people.insert(
            *id,
            Person {
                id: *id,
                ..template.clone()
            },
        );
    }
    let to_ford = Route::Recipients(RecipientList::one(Recipient::Person(FORD)));
    let rule = |id: &PersonId| switchboard_core::RouteRule {
        topic: appointments(),
        scope: Scope::Provider { provider: *id },
        route: to_ford.clone(),
    };
    full.routes = provider_ids[..RULES - 1]
        .iter()
        .map(rule)
        .collect::<Vec<_>>()
        .into();
    let set_rule = |provider| Change::SetRoute {
        topic: appointments(),
        scope: Scope::Provider { provider },
        expected: None,
        value: Some(to_ford.clone()),
    };
    accepted(&full, &set_rule(provider_ids[RULES - 1]), "the last rule");
    full.routes = provider_ids.iter().map(rule).collect::<Vec<_>>().into();
    refused(
        &full,
        &set_rule(FORD),
        "one rule too many",
        "200000 routing rules",
    );
}

#[test]
fn an_empty_batch_is_refused() {
    let config = fixture::practice();
    refused(
        &config,
        &Change::Batch {
            changes: Vec::new(),
        },
        "an empty batch",
        "nothing to save or undo",
    );
    refused(
        &config,
        &Change::Batch {
            changes: vec![
                rename(&config, "Renamed".into()),
                Change::Batch {
                    changes: Vec::new(),
                },
            ],
        },
        "a batch holding an empty batch",
        "nothing to save or undo",
    );
}
