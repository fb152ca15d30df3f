//! Generators of changes that are valid for the current configuration.
//!
//! Proptest draws plain numbers (seeds); [`change`] turns a seed and the current state into
//! one change, so shrinking works on the seeds and every change fits the state it meets.

use std::collections::BTreeSet;

use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use switchboard_core::{
    Change, Config, Date, Group, GroupField, GroupId, Localized, Location, LocationField,
    LocationId, LocationSettings, OutOfOffice, Person, PersonField, PersonId, PersonKind,
    PracticeName, Recipient, RecipientList, Route, RouteRule, Scope, Setting, SettingField, Target,
    Topic, TopicField, TopicKey, uses_of,
};

mod practice;

pub use practice::troubled_practice;

/// A proptest runner for `cases` cases that keeps no failure files (the seeds are printed).
pub fn runner(cases: u32) -> TestRunner {
    TestRunner::new(RunnerConfig {
        cases,
        failure_persistence: None,
        ..RunnerConfig::default()
    })
}

/// A small deterministic random source (SplitMix64) seeded by proptest.
pub struct Pick(u64);

impl Pick {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.u64() % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.u64() % 100 < percent
    }

    pub fn one<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }

    fn id(&mut self) -> u128 {
        (u128::from(self.u64()) << 64) | u128::from(self.u64())
    }

    fn subset<T: Clone>(&mut self, items: &[T]) -> Vec<T> {
        items.iter().filter(|_| self.chance(40)).cloned().collect()
    }

    fn text(&mut self, stem: &str) -> String {
        format!("{stem} {}", self.below(1000))
    }

    fn date(&mut self) -> Date {
        Date::from_ymd(2026, 11, 1)
            .expect("a real day")
            .add_days(i32::try_from(self.below(90)).unwrap_or(0))
    }
}

fn people(config: &Config) -> Vec<PersonId> {
    config.people.keys().copied().collect()
}

fn recipients(config: &Config) -> Vec<Recipient> {
    config
        .people
        .keys()
        .map(|id| Recipient::Person(*id))
        .chain(config.groups.keys().map(|id| Recipient::Group(*id)))
        .collect()
}

fn recipient_list(config: &Config, pick: &mut Pick) -> Option<RecipientList> {
    let all = recipients(config);
    let mut list = pick.subset(&all);
    if list.is_empty() {
        list.extend(pick.one(&all).copied());
    }
    RecipientList::new(list)
}

fn scope(config: &Config, pick: &mut Pick) -> Scope {
    let locations: Vec<LocationId> = config.locations.keys().copied().collect();
    let providers: Vec<PersonId> = config
        .people
        .values()
        .filter(|p| p.kind == PersonKind::Provider)
        .map(|p| p.id)
        .collect();
    match (pick.below(4), pick.one(&locations), pick.one(&providers)) {
        (0, Some(location), Some(provider)) => Scope::LocationProvider {
            location: *location,
            provider: *provider,
        },
        (1, _, Some(provider)) => Scope::Provider {
            provider: *provider,
        },
        (2, Some(location), _) => Scope::Location {
            location: *location,
        },
        _ => Scope::Practice,
    }
}

fn absence(config: &Config, pick: &mut Pick) -> Option<OutOfOffice> {
    pick.chance(60).then(|| {
        let from = pick.date();
        OutOfOffice {
            from,
            until: from.add_days(i32::try_from(pick.below(20)).unwrap_or(0)),
            delegate: if pick.chance(70) {
                pick.one(&recipients(config)).copied()
            } else {
                None
            },
            auto_reply: Localized::new("Away", "Ausente"),
        }
    })
}

fn new_person(config: &Config, pick: &mut Pick) -> Person {
    let locations: Vec<LocationId> = config.locations.keys().copied().collect();
    Person {
        id: PersonId::from_u128(pick.id()),
        kind: if pick.chance(50) {
            PersonKind::Provider
        } else {
            PersonKind::Staff
        },
        name: pick.text("Person"),
        credentials: String::new(),
        active: pick.chance(85),
        locations: pick.subset(&locations).into_iter().collect(),
        available_for_portal: pick.chance(85),
        may_view_others: pick.chance(50),
        out_of_office: absence(config, pick),
        external_ids: Vec::new(),
    }
}

fn unused(config: &Config, target: Target) -> bool {
    uses_of(config, target).is_empty()
}

/// One change that applies to `config` (the generator aims for that; the properties count).
pub fn change(config: &Config, pick: &mut Pick) -> Change {
    let kind = pick.below(20);
    let person_ids = people(config);
    let topics: Vec<&Topic> = config.topics.iter().collect();
    match kind {
        0 => {
            let topic = pick
                .one(&topics)
                .expect("configs keep their built-in topics");
            Change::SetTopicEnabled {
                topic: topic.key.clone(),
                expected: topic.enabled,
                value: !topic.enabled,
            }
        }
        1 => {
            let topic = pick
                .one(&topics)
                .expect("configs keep their built-in topics");
            let value = Localized::new(pick.text("Label"), pick.text("Etiqueta"));
            Change::SetTopicText {
                topic: topic.key.clone(),
                expected: TopicField::Label(topic.label.clone()),
                value: TopicField::Label(value),
            }
        }
        2 => {
            let custom: Vec<(usize, &Topic)> = topics
                .iter()
                .copied()
                .enumerate()
                .filter(|(_, t)| !t.builtin)
                .collect();
            match pick.one(&custom) {
                Some((position, topic)) if pick.chance(50) => Change::RemoveTopic {
                    topic: (*topic).clone(),
                    position: *position,
                    rules: config
                        .routes
                        .of_topic(&topic.key)
                        .map(|(scope, route)| RouteRule {
                            topic: topic.key.clone(),
                            scope,
                            route: route.clone(),
                        })
                        .collect(),
                },
                _ => Change::AddTopic {
                    topic: Topic {
                        key: TopicKey::new(format!("custom-{}", pick.u64())),
                        enabled: pick.chance(70),
                        label: Localized::new(pick.text("Custom"), pick.text("Personalizado")),
                        display_name: Localized::new("Desk", "Recepción"),
                        builtin: false,
                    },
                    position: pick.below(topics.len() + 1),
                    rules: Vec::new(),
                },
            }
        }
        3 => {
            let expected: Vec<TopicKey> = topics.iter().map(|t| t.key.clone()).collect();
            let mut value = expected.clone();
            let len = value.len().max(1);
            value.rotate_left(pick.below(len));
            let (a, b) = (pick.below(len), pick.below(len));
            if a < value.len() && b < value.len() {
                value.swap(a, b);
            }
            Change::ReorderTopics { expected, value }
        }
        4 => Change::SetPracticeName {
            expected: config.practice_name.clone(),
            value: PracticeName(pick.text("Practice")),
        },
        5 => {
            let removable: Vec<&Location> = config
                .locations
                .values()
                .filter(|l| unused(config, Target::Location(l.id)))
                .collect();
            match pick.one(&removable) {
                Some(location) if pick.chance(50) => Change::RemoveLocation {
                    location: (*location).clone(),
                },
                _ => Change::AddLocation {
                    location: Location {
                        id: LocationId::from_u128(pick.id()),
                        name: pick.text("Site"),
                        alias: String::new(),
                        address: pick.text("Street"),
                        phone: "555-0100".into(),
                        time_zone: "America/Denver".into(),
                        settings: LocationSettings::default(),
                        external_ids: Vec::new(),
                    },
                },
            }
        }
        6 => {
            let locations: Vec<&Location> = config.locations.values().collect();
            match pick.one(&locations) {
                Some(location) => {
                    let (expected, value) = match pick.below(3) {
                        0 => (
                            LocationField::Name(location.name.clone()),
                            LocationField::Name(pick.text("Site")),
                        ),
                        1 => (
                            LocationField::Alias(location.alias.clone()),
                            LocationField::Alias(pick.text("S")),
                        ),
                        _ => (
                            LocationField::TimeZone(location.time_zone.clone()),
                            LocationField::TimeZone("America/Los_Angeles".into()),
                        ),
                    };
                    Change::SetLocationField {
                        location: location.id,
                        expected,
                        value,
                    }
                }
                None => Change::SetPracticeName {
                    expected: config.practice_name.clone(),
                    value: PracticeName(pick.text("Practice")),
                },
            }
        }
        7 => {
            let removable: Vec<&Person> = config
                .people
                .values()
                .filter(|p| unused(config, Target::Person(p.id)))
                .collect();
            match pick.one(&removable) {
                Some(person) if pick.chance(40) => Change::RemovePerson {
                    person: (*person).clone(),
                },
                _ => Change::AddPerson {
                    person: new_person(config, pick),
                },
            }
        }
        8..=10 => {
            let Some(id) = pick.one(&person_ids).copied() else {
                return Change::AddPerson {
                    person: new_person(config, pick),
                };
            };
            let person = config.person(id).expect("picked from the map");
            let locations: Vec<LocationId> = config.locations.keys().copied().collect();
            let (expected, value) = match pick.below(6) {
                0 => (
                    PersonField::Active(person.active),
                    PersonField::Active(!person.active),
                ),
                1 => (
                    PersonField::AvailableForPortal(person.available_for_portal),
                    PersonField::AvailableForPortal(!person.available_for_portal),
                ),
                2 => (
                    PersonField::Locations(person.locations.clone()),
                    PersonField::Locations(
                        pick.subset(&locations).into_iter().collect::<BTreeSet<_>>(),
                    ),
                ),
                3 => (
                    PersonField::Name(person.name.clone()),
                    PersonField::Name(pick.text("Person")),
                ),
                4 => (
                    PersonField::Kind(person.kind),
                    PersonField::Kind(match person.kind {
                        PersonKind::Provider => PersonKind::Staff,
                        PersonKind::Staff => PersonKind::Provider,
                    }),
                ),
                _ => (
                    PersonField::OutOfOffice(person.out_of_office.clone()),
                    PersonField::OutOfOffice(absence(config, pick)),
                ),
            };
            Change::SetPersonField {
                person: id,
                expected,
                value,
            }
        }
        11 => {
            let removable: Vec<&Group> = config
                .groups
                .values()
                .filter(|g| unused(config, Target::Group(g.id)))
                .collect();
            match pick.one(&removable) {
                Some(group) if pick.chance(40) => Change::RemoveGroup {
                    group: (*group).clone(),
                },
                _ => Change::AddGroup {
                    group: Group {
                        id: GroupId::from_u128(pick.id()),
                        name: pick.text("Group"),
                        members: pick.subset(&person_ids),
                        external_ids: Vec::new(),
                    },
                },
            }
        }
        12 => {
            let groups: Vec<&Group> = config.groups.values().collect();
            match pick.one(&groups) {
                Some(group) => Change::SetGroupField {
                    group: group.id,
                    expected: GroupField::Members(group.members.clone()),
                    value: GroupField::Members(pick.subset(&person_ids)),
                },
                None => Change::AddGroup {
                    group: Group {
                        id: GroupId::from_u128(pick.id()),
                        name: pick.text("Group"),
                        members: Vec::new(),
                        external_ids: Vec::new(),
                    },
                },
            }
        }
        13..=16 => {
            let topic = pick
                .one(&topics)
                .expect("configs keep their built-in topics")
                .key
                .clone();
            let scope = scope(config, pick);
            let value = match pick.below(4) {
                0 => None,
                1 => Some(Route::PatientChooses),
                _ => recipient_list(config, pick).map(Route::Recipients),
            };
            Change::SetRoute {
                expected: config.routes.get(&topic, scope).cloned(),
                topic,
                scope,
                value,
            }
        }
        17 => {
            let field = *pick
                .one(&[
                    SettingField::MessagingEnabled,
                    SettingField::PatientsMayStart,
                    SettingField::FallbackInbox,
                    SettingField::Banner,
                ])
                .expect("non-empty");
            let value = setting_value(config, field, pick);
            Change::SetPracticeSetting {
                expected: config.settings.get(field),
                value,
            }
        }
        18 => {
            let locations: Vec<&Location> = config.locations.values().collect();
            let Some(location) = pick.one(&locations) else {
                return Change::SetTopicEnabled {
                    topic: topics[0].key.clone(),
                    expected: topics[0].enabled,
                    value: !topics[0].enabled,
                };
            };
            let field = *pick.one(SettingField::ALL).expect("non-empty");
            let value = pick.chance(60).then(|| setting_value(config, field, pick));
            Change::SetLocationSetting {
                location: location.id,
                field,
                expected: location.settings.get(field),
                value,
            }
        }
        _ => {
            // A batch of changes, each valid after the ones before it.
            let mut scratch = config.clone();
            let mut changes = Vec::new();
            for _ in 0..=pick.below(3) {
                let next = change(&scratch, pick);
                if switchboard_core::apply(&mut scratch, &next).is_ok() {
                    changes.push(next);
                }
            }
            Change::Batch { changes }
        }
    }
}

fn setting_value(config: &Config, field: SettingField, pick: &mut Pick) -> Setting {
    let current = config.settings.get(field);
    match current {
        Setting::MessagingEnabled(on) => Setting::MessagingEnabled(!on),
        Setting::PatientsMayStart(on) => Setting::PatientsMayStart(!on),
        Setting::GuardianMayWrite(on) => Setting::GuardianMayWrite(!on),
        Setting::GuarantorMayWrite(on) => Setting::GuarantorMayWrite(!on),
        Setting::FallbackInbox(inbox) => {
            Setting::FallbackInbox(pick.one(&recipients(config)).copied().unwrap_or(inbox))
        }
        Setting::Banner(_) => {
            Setting::Banner(Localized::new(pick.text("Banner"), pick.text("Aviso")))
        }
        Setting::NotificationEmail(_) => {
            Setting::NotificationEmail(format!("inbox{}@example.org", pick.below(99)))
        }
        other => other,
    }
}

/// A change that cannot apply: a stale expectation on an existing topic.
pub fn stale(config: &Config) -> Change {
    let topic = &config.topics[0];
    Change::SetTopicEnabled {
        topic: topic.key.clone(),
        expected: !topic.enabled,
        value: topic.enabled,
    }
}
