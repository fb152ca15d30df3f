//! A large generated practice, for the benchmarks (behind the `fixtures` feature, off by
//! default: it is not part of the crate's normal API).
//!
//! Words: the *size* is how many providers, staff, groups, locations and topics there are;
//! [`Size::LARGE`] is the practice the targets are set for (2,000 providers, 400
//! staff, 60 groups, 50 locations, 10 topics) and [`Size::times`] scales everything but the
//! topics, so "twice the practice" is `large_practice(seed, 2)`. The *window* is the 30 days
//! from [`window_start`] (a Monday) that the benchmarks route and validate over.
//!
//! What is in it: every location has a front-desk group of the staff who work there, and ten
//! practice-wide pools; rules at every scope — a practice rule for every topic (one lets the
//! patient choose), location rules to the front desk, provider rules (a provider reads their
//! own results, their nurse handles refills) and location+provider rules at a provider's
//! second site. About 2% of people are inactive, 2% not available for portal messages, 3%
//! out of office with a delegate (a colleague or a group) and a few out of office with none,
//! so routing meets every kind of substitution and the validator has findings to report.
//! Absences run from a Monday to a Sunday, as real ones mostly do, so the window has the same
//! few breakpoints at every scale.
//!
//! Deterministic: the same seed and scale give the same configuration. Built only from the
//! crate's public types, like any other caller's configuration.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{
    Attachments, Config, Date, Group, GroupId, Limits, Localized, Location, LocationId,
    LocationSettings, OutOfOffice, Person, PersonId, PersonKind, PracticeName, PracticeSettings,
    ProviderChoice, Quota, Recipient, RecipientList, Route, RouteRule, RouteTable, Scope, Topic,
    TopicKey,
};
use crate::preset::Preset;

/// How many of each entity a generated practice has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub providers: usize,
    pub staff: usize,
    pub groups: usize,
    pub locations: usize,
    pub topics: usize,
}

impl Size {
    /// The large practice of the benchmark targets.
    pub const LARGE: Size = Size {
        providers: 2_000,
        staff: 400,
        groups: 60,
        locations: 50,
        topics: 10,
    };

    /// `scale` times as many people, groups and locations (topics stay: a practice does not
    /// get more kinds of message by growing).
    pub fn times(self, scale: usize) -> Size {
        Size {
            providers: self.providers * scale,
            staff: self.staff * scale,
            groups: self.groups * scale,
            locations: self.locations * scale,
            topics: self.topics,
        }
    }
}

/// The first day of the benchmarks' 30-day window: Monday 23 November 2026.
pub fn window_start() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap_or(Date::EPOCH)
}

/// The large practice at `scale` (1 = [`Size::LARGE`]), generated from `seed`.
pub fn large_practice(seed: u64, scale: usize) -> Config {
    practice(seed, Size::LARGE.times(scale.max(1)))
}

/// A practice of `size`, generated from `seed`.
pub fn practice(seed: u64, size: Size) -> Config {
    let mut make = Maker {
        pick: Pick(seed),
        size,
    };
    let locations: Vec<LocationId> = (0..size.locations).map(location_id).collect();
    let providers: Vec<PersonId> = (0..size.providers).map(|i| person_id(i, true)).collect();
    let staff: Vec<PersonId> = (0..size.staff).map(|i| person_id(i, false)).collect();

    let mut people: BTreeMap<PersonId, Person> = BTreeMap::new();
    for (i, id) in providers.iter().enumerate() {
        people.insert(*id, make.person(*id, PersonKind::Provider, i, &locations));
    }
    for (i, id) in staff.iter().enumerate() {
        people.insert(*id, make.person(*id, PersonKind::Staff, i, &locations));
    }
    let groups = make.groups(&locations, &people, &staff);
    let group_ids: Vec<GroupId> = groups.keys().copied().collect();
    make.absences(&mut people, &providers, &group_ids);

    let topics = topics(size.topics);
    let routes = make.routes(&topics, &locations, &people, &groups);
    let central = Recipient::Group(pool_id(&size, 0));
    Config {
        practice_name: PracticeName(format!("Generated Practice (seed {seed})")),
        demo: false,
        topics,
        locations: locations
            .iter()
            .enumerate()
            .map(|(i, id)| (*id, make.location(*id, i)))
            .collect(),
        people,
        groups,
        routes,
        settings: settings(central),
    }
}

/// SplitMix64: small, fast and the same everywhere.
struct Pick(u64);

impl Pick {
    fn u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (0 when `n` is 0).
    fn below(&mut self, n: usize) -> usize {
        match u64::try_from(n) {
            Ok(n) if n > 0 => usize::try_from(self.u64() % n).unwrap_or(0),
            _ => 0,
        }
    }

    /// True `per_mille` times in a thousand.
    fn chance(&mut self, per_mille: u64) -> bool {
        self.u64() % 1000 < per_mille
    }
}

const FIRST: [&str; 50] = [
    "Ada", "Ben", "Cara", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivan", "Jo", "Kai", "Lena", "Mo",
    "Nia", "Omar", "Pia", "Quin", "Rosa", "Sam", "Tara", "Uma", "Vic", "Wes", "Xena", "Yuri",
    "Zoe", "Abel", "Bea", "Cruz", "Dina", "Emil", "Flor", "Gil", "Hugo", "Ines", "Jon", "Kira",
    "Leo", "Mila", "Ned", "Olga", "Pau", "Rafa", "Sol", "Teo", "Ugo", "Vera", "Walt", "Yara",
    "Zack",
];

const LAST: [&str; 40] = [
    "Adams", "Baker", "Cortez", "Diaz", "Evans", "Flores", "Garcia", "Hughes", "Ito", "Jones",
    "Khan", "Lopez", "Moreno", "Nguyen", "Ortiz", "Patel", "Quinn", "Reyes", "Silva", "Torres",
    "Ueda", "Vargas", "Walsh", "Xu", "Young", "Zhang", "Alvarez", "Brooks", "Castro", "Duarte",
    "Ellis", "Fischer", "Gomez", "Hale", "Ibarra", "Jensen", "Kim", "Lund", "Mendez", "Novak",
];

/// A different name for each `n` below 2,000, then with a number.
fn name(n: usize) -> String {
    let first = FIRST[n % FIRST.len()];
    let last = LAST[(n / FIRST.len()) % LAST.len()];
    match n / (FIRST.len() * LAST.len()) {
        0 => format!("{first} {last}"),
        round => format!("{first} {last} {}", round + 1),
    }
}

fn id(kind: u128, n: usize) -> u128 {
    0x0194_0000_0000_7000_8000_0000_0000_0000 | (kind << 32) | u128::try_from(n).unwrap_or(0)
}

fn location_id(n: usize) -> LocationId {
    LocationId::from_u128(id(1, n))
}

fn person_id(n: usize, provider: bool) -> PersonId {
    PersonId::from_u128(id(if provider { 2 } else { 3 }, n))
}

/// The front desk of location `n`.
fn desk_id(n: usize) -> GroupId {
    GroupId::from_u128(id(4, n))
}

/// Practice-wide pool `n` (pool 0 is the central inbox, the fallback).
fn pool_id(size: &Size, n: usize) -> GroupId {
    GroupId::from_u128(id(4, size.locations + n))
}

const POOLS: [&str; 10] = [
    "Central Inbox",
    "Scheduling Team",
    "Referrals Team",
    "Refill Nurses",
    "Results Nurses",
    "Billing Office",
    "Forms Desk",
    "Records Desk",
    "Nurse Line",
    "Care Coordinators",
];

/// Elation's six, then custom topics up to `count`.
fn topics(count: usize) -> Vec<Topic> {
    const CUSTOM: [(&str, &str, &str); 4] = [
        ("billing", "Billing", "Facturación"),
        ("forms", "Forms & Letters", "Formularios y cartas"),
        ("records", "Medical Records", "Expedientes médicos"),
        ("care_plan", "My Care Plan", "Mi plan de atención"),
    ];
    let mut topics = Preset::Elation.topics();
    topics.extend((0..count.saturating_sub(topics.len())).map(|n| {
        let (key, en, es) = CUSTOM[n % CUSTOM.len()];
        let key = match n / CUSTOM.len() {
            0 => key.to_owned(),
            round => format!("{key}_{round}"),
        };
        Topic {
            key: TopicKey::new(key),
            enabled: true,
            label: Localized::new(en, es),
            display_name: Localized::new(en, es),
            builtin: false,
        }
    }));
    topics.truncate(count);
    topics
}

fn settings(fallback_inbox: Recipient) -> PracticeSettings {
    PracticeSettings {
        messaging_enabled: true,
        patients_may_start: true,
        provider_choice: ProviderChoice::CareTeamOnly,
        limits: Limits {
            quota: Some(Quota { count: 5, days: 7 }),
            max_characters: 2000,
        },
        attachments: Attachments {
            allowed: true,
            max_count: 3,
            max_megabytes: 10,
        },
        guardian_may_write: true,
        guarantor_may_write: false,
        banner: Localized::default(),
        compose_note: Localized::new(
            "Please include your date of birth.",
            "Incluya su fecha de nacimiento.",
        ),
        emergency_disclaimer: Localized::new(
            "If this is an emergency, call 911.",
            "Si es una emergencia, llame al 911.",
        ),
        response_time: Localized::new(
            "We answer within two business days.",
            "Respondemos en dos días hábiles.",
        ),
        notification_email: "portal@generated.example".into(),
        fallback_inbox,
    }
}

struct Maker {
    pick: Pick,
    size: Size,
}

impl Maker {
    fn location(&mut self, id: LocationId, n: usize) -> Location {
        let mut settings = LocationSettings::default();
        if n % 10 == 3 {
            settings.response_time = Some(Localized::new(
                "This site answers within one business day.",
                "Este sitio responde en un día hábil.",
            ));
        }
        if n % 25 == 7 {
            settings.provider_choice = Some(ProviderChoice::SelectedUsers);
        }
        if n % 25 == 11 {
            settings.fallback_inbox = Some(Recipient::Group(desk_id(n)));
        }
        Location {
            id,
            name: format!("Site {n:03} Clinic"),
            alias: format!("Site {n}"),
            address: format!("{} Main St", 100 + n),
            phone: format!("555-{:04}", n % 10_000),
            time_zone: "America/Chicago".into(),
            settings,
            external_ids: Vec::new(),
        }
    }

    /// A person working at their home location (`n` modulo the locations) and up to two more.
    fn person(
        &mut self,
        id: PersonId,
        kind: PersonKind,
        n: usize,
        locations: &[LocationId],
    ) -> Person {
        let mut at = BTreeSet::from([locations[n % locations.len()]]);
        for _ in 0..self.pick.below(3) {
            at.insert(locations[self.pick.below(locations.len())]);
        }
        let provider = kind == PersonKind::Provider;
        let credentials = if provider {
            ["MD", "DO", "NP", "PA"][self.pick.below(4)]
        } else {
            ["", "", "RN", "MA"][self.pick.below(4)]
        };
        Person {
            id,
            kind,
            name: name(if provider { n } else { self.size.providers + n }),
            credentials: credentials.into(),
            active: !self.pick.chance(20),
            locations: at,
            available_for_portal: !self.pick.chance(20),
            may_view_others: !provider,
            out_of_office: None,
            external_ids: Vec::new(),
        }
    }

    /// A front desk per location (the staff who work there) and ten practice-wide pools,
    /// up to `size.groups` in all.
    fn groups(
        &mut self,
        locations: &[LocationId],
        people: &BTreeMap<PersonId, Person>,
        staff: &[PersonId],
    ) -> BTreeMap<GroupId, Group> {
        let mut groups = BTreeMap::new();
        for (n, location) in locations.iter().enumerate().take(self.size.groups) {
            let members: Vec<PersonId> = staff
                .iter()
                .filter(|id| people[*id].locations.contains(location))
                .copied()
                .take(6)
                .collect();
            let id = desk_id(n);
            groups.insert(
                id,
                Group {
                    id,
                    name: format!("Front Desk — Site {n}"),
                    members,
                    external_ids: Vec::new(),
                },
            );
        }
        for n in 0..self.size.groups.saturating_sub(locations.len()) {
            let mut members: Vec<PersonId> = Vec::new();
            let count = (4 + self.pick.below(6)).min(staff.len());
            while members.len() < count {
                let member = staff[self.pick.below(staff.len())];
                if !members.contains(&member) {
                    members.push(member);
                }
            }
            let id = pool_id(&self.size, n);
            let name = match n / POOLS.len() {
                0 => POOLS[n].to_owned(),
                round => format!("{} {}", POOLS[n % POOLS.len()], round + 1),
            };
            groups.insert(
                id,
                Group {
                    id,
                    name,
                    members,
                    external_ids: Vec::new(),
                },
            );
        }
        groups
    }

    /// About 3% of people away with a delegate and 0.5% away with none, Monday to Sunday
    /// for one or two weeks starting between a week before the window and its last week.
    fn absences(
        &mut self,
        people: &mut BTreeMap<PersonId, Person>,
        providers: &[PersonId],
        groups: &[GroupId],
    ) {
        for person in people.values_mut() {
            let delegate = if self.pick.chance(30) {
                Some(
                    if person.kind == PersonKind::Provider && self.pick.chance(500) {
                        Recipient::Person(providers[self.pick.below(providers.len())])
                    } else {
                        Recipient::Group(groups[self.pick.below(groups.len())])
                    },
                )
            } else if self.pick.chance(5) {
                None
            } else {
                continue;
            };
            if delegate == Some(Recipient::Person(person.id)) {
                continue;
            }
            let weeks = i32::try_from(self.pick.below(6)).unwrap_or(0) - 1;
            let from = window_start().add_days(7 * weeks);
            let length = 7 * (1 + i32::try_from(self.pick.below(2)).unwrap_or(0));
            person.out_of_office = Some(OutOfOffice {
                from,
                until: from.add_days(length - 1),
                delegate,
                auto_reply: Localized::new(
                    format!("{} is away; a colleague will answer.", person.name),
                    format!("{} está ausente; un colega le responderá.", person.name),
                ),
            });
        }
    }

    fn routes(
        &mut self,
        topics: &[Topic],
        locations: &[LocationId],
        people: &BTreeMap<PersonId, Person>,
        groups: &BTreeMap<GroupId, Group>,
    ) -> RouteTable {
        let mut rules: BTreeMap<(TopicKey, Scope), Route> = BTreeMap::new();
        let pools = self.size.groups.saturating_sub(self.size.locations);
        let to = |recipients: Vec<Recipient>| {
            RecipientList::new(recipients).map_or(Route::PatientChooses, Route::Recipients)
        };
        let key = |n: usize| topics[n % topics.len()].key.clone();

        // Practice: each topic to a pool; "Question About My Health" lets the patient choose.
        for (n, topic) in topics.iter().enumerate() {
            let route = if topic.key.as_str() == "health_question" || pools == 0 {
                Route::PatientChooses
            } else {
                let pool = if pools > 1 { 1 + n % (pools - 1) } else { 0 };
                to(vec![Recipient::Group(pool_id(&self.size, pool))])
            };
            rules.insert((topic.key.clone(), Scope::Practice), route);
        }
        // Location: appointments and general to the front desk, a third topic now and then.
        for (n, location) in locations.iter().enumerate() {
            let desk = desk_id(n);
            if !groups.contains_key(&desk) {
                continue;
            }
            let scope = Scope::Location {
                location: *location,
            };
            for topic in [0, 4] {
                rules.insert((key(topic), scope), to(vec![Recipient::Group(desk)]));
            }
            if self.pick.chance(300) {
                let topic = key(1 + self.pick.below(topics.len()));
                rules.insert((topic, scope), to(vec![Recipient::Group(desk)]));
            }
        }
        // Provider and location+provider: own results, a nurse for refills, a second site's desk.
        for provider in people.values().filter(|p| p.kind == PersonKind::Provider) {
            let scope = Scope::Provider {
                provider: provider.id,
            };
            if self.pick.chance(500) {
                rules.insert((key(3), scope), to(vec![Recipient::Person(provider.id)]));
            }
            let home = provider.locations.iter().next().copied();
            let nurse = home.and_then(|home| {
                people
                    .values()
                    .filter(|p| p.kind == PersonKind::Staff && p.locations.contains(&home))
                    .nth(self.pick.below(4))
            });
            if let Some(nurse) = nurse
                && self.pick.chance(300)
            {
                let list = vec![Recipient::Person(nurse.id), Recipient::Person(provider.id)];
                rules.insert((key(2), scope), to(list));
            }
            if self.pick.chance(100) {
                rules.insert((key(5), scope), to(vec![Recipient::Person(provider.id)]));
            }
            if let Some(second) = provider.locations.iter().nth(1)
                && self.pick.chance(400)
            {
                let desk = desk_id(locations.iter().position(|l| l == second).unwrap_or(0));
                if groups.contains_key(&desk) {
                    let scope = Scope::LocationProvider {
                        location: *second,
                        provider: provider.id,
                    };
                    rules.insert((key(0), scope), to(vec![Recipient::Group(desk)]));
                }
            }
        }
        RouteTable::from(
            rules
                .into_iter()
                .map(|((topic, scope), route)| RouteRule {
                    topic,
                    scope,
                    route,
                })
                .collect::<Vec<_>>(),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_large_practice_has_the_promised_size_and_passes_check() {
        let config = large_practice(7, 1);
        crate::check(&config).expect("a generated practice keeps every reference intact");
        let count = |kind| config.people.values().filter(|p| p.kind == kind).count();
        assert_eq!(count(PersonKind::Provider), 2_000, "2,000 providers");
        assert_eq!(count(PersonKind::Staff), 400, "400 staff");
        assert_eq!(config.groups.len(), 60, "60 groups");
        assert_eq!(config.locations.len(), 50, "50 locations");
        assert_eq!(config.topics.len(), 10, "10 topics");
    }

    #[test]
    fn rules_exist_at_every_scope() {
        let config = large_practice(7, 1);
        let mut kinds = BTreeSet::new();
        for (_, scope, _) in config.routes.iter() {
            kinds.insert(match scope {
                Scope::LocationProvider { .. } => 0,
                Scope::Provider { .. } => 1,
                Scope::Location { .. } => 2,
                Scope::Practice => 3,
            });
        }
        assert_eq!(kinds.len(), 4, "a rule at each of the four scopes");
        let people = config.people.values();
        let away = people.clone().filter(|p| p.out_of_office.is_some());
        assert!(
            away.clone().any(|p| p
                .out_of_office
                .as_ref()
                .is_some_and(|a| a.delegate.is_some())),
            "someone is away with a delegate"
        );
        assert!(
            people.clone().any(|p| !p.active) && people.clone().any(|p| !p.available_for_portal),
            "someone is inactive and someone unavailable"
        );
    }

    #[test]
    fn the_same_seed_gives_the_same_practice_and_scale_two_doubles_it() {
        assert_eq!(
            large_practice(3, 1),
            large_practice(3, 1),
            "generation is deterministic"
        );
        let double = large_practice(3, 2);
        crate::check(&double).expect("the doubled practice keeps every reference intact");
        assert_eq!(double.people.len(), 4_800, "twice the people");
        assert_eq!(double.locations.len(), 100, "twice the locations");
        assert_eq!(double.groups.len(), 120, "twice the groups");
    }

    #[test]
    fn the_window_starts_on_a_monday() {
        assert_eq!(
            window_start().to_string(),
            "2026-11-23",
            "the benchmarks' window starts on Monday 23 November 2026"
        );
    }
}
