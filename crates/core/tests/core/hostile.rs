//! apply() as the one gate: changes with a field at its worst — empty, huge, markup, control
//! characters, the wrong kind of file, unknown references — are each refused with a sentence
//! and change nothing; and over any sequence of valid and hostile changes, whatever apply()
//! accepted exports and imports back to itself, and every message a patient can send
//! reaches at least one active person.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use proptest::collection::vec;
use proptest::prelude::*;
use switchboard_core::limits::{EXTERNAL_IDS, NAME_CHARS, TEXT_CHARS};
use switchboard_core::{
    Attachments, Change, Config, Context, Date, Group, GroupId, Localized, Location, LocationId,
    Logo, OutOfOffice, Person, PersonField, PersonId, PracticeName, Recipient, RecipientList,
    Route, Scope, Sender, Setting, SettingField, Topic, TopicField, TopicKey, TopicOverride, apply,
    demo_practice, export, import, route,
};

use crate::fixture;
use crate::generate::{Pick, change, new_person, recipients, runner};

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";

fn nobody() -> Recipient {
    Recipient::Person(PersonId::from_u128(0xDEAD))
}

/// A text at its worst, by number.
fn bad_text(n: usize) -> String {
    match n % 5 {
        0 => String::new(),
        1 => "   ".into(),
        2 => "x".repeat(1024 * 1024),
        3 => "Dr <script>alert(1)</script>".into(),
        _ => "Line one\u{0}\u{7}".into(),
    }
}

/// One change that apply() must refuse, made for `config` from `pick`.
pub fn hostile(config: &Config, pick: &mut Pick) -> Change {
    let topic = config.topics[pick.below(config.topics.len())].clone();
    let location = config.locations.values().next().cloned();
    let person = config.people.values().next().cloned();
    let svg = Logo {
        media_type: "image/svg+xml".into(),
        base64: STANDARD.encode(b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
    };
    let mislabelled = Logo {
        media_type: "image/gif".into(),
        base64: STANDARD.encode(PNG),
    };
    let damaged = Logo {
        media_type: "image/png".into(),
        base64: "not base64 at all!".into(),
    };
    let logo = [svg, mislabelled, damaged][pick.below(3)].clone();
    let text = bad_text(pick.below(5));
    // Empty texts are fine where a text may be empty; those kinds use a non-empty bad text.
    let bad_nonempty = bad_text(2 + pick.below(3));
    match pick.below(22) {
        0 => Change::SetPracticeName {
            expected: config.practice_name.clone(),
            value: PracticeName(text),
        },
        1 => Change::AddPerson {
            person: Person {
                name: text,
                ..new_person(config, pick)
            },
        },
        2 => Change::AddPerson {
            person: Person {
                credentials: bad_nonempty,
                ..new_person(config, pick)
            },
        },
        3 => Change::AddLocation {
            location: {
                let mut site = Location::new(
                    LocationId::from_u128(pick.id()),
                    "New Site",
                    "America/Chicago",
                );
                site.settings.logo = Some(logo);
                site
            },
        },
        4 => Change::AddLocation {
            location: {
                let mut site = Location::new(
                    LocationId::from_u128(pick.id()),
                    "New Site",
                    "America/Chicago",
                );
                site.settings.fallback_inbox = Some(nobody());
                site
            },
        },
        5 => Change::AddLocation {
            location: Location::new(LocationId::from_u128(pick.id()), text, "America/Chicago"),
        },
        6 => Change::AddPerson {
            person: Person {
                locations: [LocationId::from_u128(0xBAD)].into_iter().collect(),
                ..new_person(config, pick)
            },
        },
        7 => Change::AddGroup {
            group: Group {
                id: GroupId::from_u128(pick.id()),
                name: "Pool".into(),
                members: vec![PersonId::from_u128(0xBAD)],
                external_ids: Vec::new(),
            },
        },
        8 => Change::AddGroup {
            group: Group {
                id: GroupId::from_u128(pick.id()),
                name: if pick.chance(50) { text } else { "Pool".into() },
                members: Vec::new(),
                external_ids: (0..=EXTERNAL_IDS).map(|i| format!("x|{i}")).collect(),
            },
        },
        9 => Change::SetRoute {
            topic: topic.key.clone(),
            scope: Scope::Practice,
            expected: config.routes.get(&topic.key, Scope::Practice).cloned(),
            value: Some(Route::Recipients(RecipientList::one(nobody()))),
        },
        10 => Change::SetRoute {
            topic: TopicKey::new("no-such-topic"),
            scope: Scope::Practice,
            expected: None,
            value: Some(Route::PatientChooses),
        },
        11 => {
            let one = *recipients(config).first().expect("someone");
            Change::SetRoute {
                topic: topic.key.clone(),
                scope: Scope::Practice,
                expected: config.routes.get(&topic.key, Scope::Practice).cloned(),
                value: Some(Route::Recipients(
                    RecipientList::new(vec![one, one]).expect("two"),
                )),
            }
        }
        12 => match &location {
            Some(location) => Change::SetLocationTopic {
                location: location.id,
                topic: topic.key.clone(),
                expected: location
                    .settings
                    .topics
                    .get(&topic.key)
                    .cloned()
                    .unwrap_or_default(),
                value: TopicOverride {
                    display_name: Some(Localized::new(text, "")),
                    ..TopicOverride::default()
                },
            },
            None => Change::Batch {
                changes: Vec::new(),
            },
        },
        13 => Change::AddTopic {
            topic: Topic {
                key: TopicKey::new(
                    ["", "../etc/passwd", "<b>", "UPPER", &"k".repeat(65)][pick.below(5)],
                ),
                enabled: true,
                label: Localized::new("Billing", "Facturación"),
                display_name: Localized::new("Billing", "Facturación"),
                builtin: false,
            },
            position: 0,
            rules: Vec::new(),
        },
        14 => Change::SetPracticeSetting {
            expected: Setting::NotificationEmail(config.settings.notification_email.clone()),
            value: Setting::NotificationEmail(
                ["no at sign", "a@b", "@example.org", "x@@example.org"][pick.below(4)].into(),
            ),
        },
        15 => Change::SetPracticeSetting {
            expected: Setting::Logo(config.settings.logo.clone()),
            value: Setting::Logo(logo),
        },
        16 => Change::Batch {
            changes: Vec::new(),
        },
        17 => {
            // A valid change followed by a hostile one: the batch is refused whole.
            let valid = change(config, pick);
            let mut bad = hostile(config, pick);
            while matches!(&bad, Change::Batch { .. }) {
                bad = Change::SetPracticeName {
                    expected: config.practice_name.clone(),
                    value: PracticeName(String::new()),
                };
            }
            Change::Batch {
                changes: vec![valid, bad],
            }
        }
        18 => match &person {
            Some(person) => Change::SetPersonField {
                person: person.id,
                expected: PersonField::OutOfOffice(person.out_of_office.clone()),
                value: PersonField::OutOfOffice(Some(OutOfOffice {
                    from: Date::from_ymd(2026, 12, 1).expect("a day"),
                    until: Date::from_ymd(2026, 12, 2).expect("a day"),
                    delegate: None,
                    auto_reply: Localized::new("x".repeat(TEXT_CHARS + 1), ""),
                })),
            },
            None => Change::Batch {
                changes: Vec::new(),
            },
        },
        19 => Change::SetTopicText {
            topic: topic.key.clone(),
            expected: TopicField::Label(topic.label.clone()),
            value: TopicField::Label(Localized::new(text, "Algo")),
        },
        20 => Change::SetPracticeSetting {
            expected: Setting::Attachments(config.settings.attachments),
            value: Setting::Attachments(Attachments {
                allowed: true,
                max_count: u32::MAX,
                max_megabytes: u32::MAX,
            }),
        },
        _ => match &location {
            Some(location) => Change::SetLocationSetting {
                location: location.id,
                field: SettingField::FallbackInbox,
                expected: location.settings.get(SettingField::FallbackInbox),
                value: Some(Setting::FallbackInbox(Recipient::Group(
                    GroupId::from_u128(0xBAD),
                ))),
            },
            None => Change::SetPracticeName {
                expected: config.practice_name.clone(),
                value: PracticeName("x".repeat(NAME_CHARS + 1)),
            },
        },
    }
}

fn start(from_demo: bool) -> Config {
    if from_demo {
        demo_practice()
    } else {
        fixture::practice()
    }
}

#[test]
fn every_hostile_change_is_refused_with_a_sentence_and_changes_nothing() {
    let result = runner(256).run(
        &(vec(any::<u64>(), 0..20), any::<u64>(), any::<bool>()),
        |(seeds, hostile_seed, from_demo)| {
            let mut config = start(from_demo);
            for seed in seeds {
                let next = change(&config, &mut Pick::new(seed));
                let _refused_changes_are_skipped = apply(&mut config, &next);
            }
            let bad = hostile(&config, &mut Pick::new(hostile_seed));
            let before = config.clone();
            match apply(&mut config, &bad) {
                Ok(_) => {
                    return Err(TestCaseError::fail(format!(
                        "a hostile change was accepted: {}",
                        format!("{bad:?}").chars().take(300).collect::<String>()
                    )));
                }
                Err(err) => {
                    let sentence = err.to_string();
                    prop_assert!(
                        sentence.len() > 20 && sentence.ends_with('.'),
                        "the refusal is a sentence: {}",
                        sentence
                    );
                    prop_assert!(
                        sentence.len() < 2_000,
                        "the sentence does not repeat a huge value back: {} bytes",
                        sentence.len()
                    );
                }
            }
            prop_assert_eq!(
                &config,
                &before,
                "a refused change leaves everything as it was"
            );
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{err}");
    }
}

/// Every (location, provider, topic, sender, day of the next 30) a patient can write from.
fn every_message_reaches_someone(config: &Config, from: Date) -> Result<(), String> {
    for location in config.locations.values() {
        let providers = std::iter::once(None).chain(
            config
                .people
                .values()
                .filter(|p| p.is_provider() && p.locations.contains(&location.id))
                .map(|p| Some(p.id)),
        );
        for provider in providers {
            for topic in &config.topics {
                for sender in [Sender::Patient, Sender::Guardian, Sender::Guarantor] {
                    let context = Context {
                        location: location.id,
                        provider,
                        care_team: provider.into_iter().collect(),
                        sender,
                    };
                    for days in 0..30 {
                        let date = from.add_days(days);
                        let outcome = route(config, &context, &topic.key, date);
                        if matches!(outcome.decision, switchboard_core::Decision::Closed { .. }) {
                            continue;
                        }
                        let people = outcome.people();
                        if people.is_empty() {
                            return Err(format!(
                                "{} at {} for {provider:?} on {date} reaches nobody: {:?}",
                                topic.key, location.name, outcome.decision
                            ));
                        }
                        if let Some(inactive) = people.iter().find(|id| {
                            !config.people.get(id).is_some_and(|p| p.receives_messages())
                        }) {
                            return Err(format!(
                                "{} at {} on {date} reaches {inactive}, who cannot receive messages",
                                topic.key, location.name
                            ));
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

#[test]
fn whatever_apply_accepts_exports_imports_back_and_reaches_someone() {
    let from = Date::from_ymd(2026, 11, 1).expect("a day");
    let result = runner(48).run(
        &(vec((any::<u64>(), any::<bool>()), 1..40), any::<bool>()),
        |(steps, from_demo)| {
            let mut config = start(from_demo);
            for (seed, bad) in steps {
                let mut pick = Pick::new(seed);
                let next = if bad {
                    hostile(&config, &mut pick)
                } else {
                    change(&config, &mut pick)
                };
                let _refused_changes_are_skipped = apply(&mut config, &next);
            }
            let back = import(&export(&config))
                .map_err(|err| TestCaseError::fail(format!("the export must import: {err}")))?;
            prop_assert_eq!(
                &back,
                &config,
                "export then import gives the same configuration"
            );
            every_message_reaches_someone(&config, from).map_err(TestCaseError::fail)?;
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{err}");
    }
}
