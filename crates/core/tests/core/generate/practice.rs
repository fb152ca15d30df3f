//! Whole practices with trouble in them, for the validator's properties: the fixture practice
//! plus a few people and groups, rules at every scope naming people and groups (or letting the
//! patient choose), people inactive, unavailable or away around a window of days — with or
//! without a delegate, in delegation chains longer than the hop limit and in circles — some
//! locations closed or with their own choice and fallback inbox, and random valid changes on
//! top. With `dangling`, a person or group may vanish without the checks [`apply`] makes, so
//! that rules and delegates name someone removed.

use switchboard_core::{
    Change, Config, Date, Group, GroupId, Localized, OutOfOffice, PersonId, PersonKind,
    ProviderChoice, Recipient, RecipientList, Route, Scope, apply,
};

use super::{Pick, change, new_person, recipients};
use crate::fixture;

/// A troubled practice for the days `from..=to`, from `setup`, with the changes drawn from
/// `changes` applied on top (those that do not apply are skipped).
pub fn troubled_practice(
    setup: u64,
    changes: &[u64],
    (from, to): (Date, Date),
    dangling: bool,
) -> Config {
    let mut pick = Pick::new(setup);
    let pick = &mut pick;
    let mut config = fixture::practice();
    // Some practices are calm (few inactive, few absences without cover), so that silence is
    // checked as much as trouble.
    let calm = pick.chance(60);
    for _ in 0..pick.below(4) {
        let person = new_person(&config, pick);
        config.people.insert(person.id, person);
    }
    regroup(&mut config, pick);
    statuses(&mut config, pick, (from, to), calm);
    rules(&mut config, pick);
    if !calm && pick.chance(80) {
        plant_chain(&mut config, pick, from, to);
    }
    settings(&mut config, pick);
    if dangling && !calm && pick.chance(50) {
        remove_unchecked(&mut config, pick);
    }
    for seed in changes {
        let next = change(&config, &mut Pick::new(*seed));
        let _ = apply(&mut config, &next);
    }
    config
}

fn person_ids(config: &Config) -> Vec<PersonId> {
    config.people.keys().copied().collect()
}

/// New member lists for the fixture's groups (sometimes empty) and up to two more groups.
fn regroup(config: &mut Config, pick: &mut Pick) {
    let people = person_ids(config);
    for group in config.groups.values_mut() {
        if pick.chance(40) {
            group.members = pick.subset(&people);
        }
    }
    for _ in 0..pick.below(3) {
        let group = Group {
            id: GroupId::from_u128(pick.id()),
            name: pick.text("Group"),
            members: pick.subset(&people),
            external_ids: Vec::new(),
        };
        config.groups.insert(group.id, group);
    }
}

/// A day near the window: mostly inside, sometimes on either edge or just outside it.
fn near(pick: &mut Pick, from: Date, to: Date) -> Date {
    let len = from.days_until(to);
    match pick.below(10) {
        0 => from.add_days(-1 - i32::try_from(pick.below(5)).unwrap_or(0)),
        1 => to.add_days(i32::try_from(pick.below(3)).unwrap_or(0)),
        2 => from,
        // Two busy weeks, so that absences overlap and delegation chains form.
        3..=5 => from.add_days((len / 4) + i32::try_from(pick.below(3)).unwrap_or(0)),
        _ => {
            from.add_days(i32::try_from(pick.below(usize::try_from(len).unwrap_or(1))).unwrap_or(0))
        }
    }
}

/// Active, available and away at random; delegates often point at someone else away.
fn statuses(config: &mut Config, pick: &mut Pick, (from, to): (Date, Date), calm: bool) {
    let ids = person_ids(config);
    let (off, uncovered) = if calm { (1, 0) } else { (15, 6) };
    for id in &ids {
        let away = pick.chance(if calm { 25 } else { 50 }).then(|| {
            let start = near(pick, from, to);
            (
                start,
                start.add_days(i32::try_from(pick.below(10)).unwrap_or(0)),
            )
        });
        let person = config.people.get_mut(id).expect("picked from the map");
        person.active = !pick.chance(off);
        person.available_for_portal = !pick.chance(off);
        person.out_of_office = away.map(|(from, until)| OutOfOffice {
            from,
            until,
            delegate: None,
            auto_reply: Localized::new("Away", "Ausente"),
        });
    }
    let away: Vec<PersonId> = config
        .people
        .values()
        .filter(|p| p.out_of_office.is_some())
        .map(|p| p.id)
        .collect();
    let all = recipients(config);
    let present: Vec<Recipient> = all
        .iter()
        .copied()
        .filter(|r| !matches!(r, Recipient::Person(id) if away.contains(id)))
        .collect();
    for id in &away {
        let delegate = match pick.below(20) {
            n if n < uncovered => None,
            _ if calm => pick.one(&present).copied(),
            6 | 7 => Some(Recipient::Person(*id)),
            8..=13 => pick.one(&away).copied().map(Recipient::Person),
            _ => pick.one(&all).copied(),
        };
        if let Some(absence) = config
            .people
            .get_mut(id)
            .and_then(|p| p.out_of_office.as_mut())
        {
            absence.delegate = delegate;
        }
    }
}

/// Two to six people, all able to receive, away over the same days, each delegating to the
/// next; the last delegates back to the first, to someone present, or to nobody. The first is
/// named by the practice rule of one topic.
fn plant_chain(config: &mut Config, pick: &mut Pick, from: Date, to: Date) {
    let mut ids = person_ids(config);
    let len = 2 + pick.below(5);
    let mut chain = Vec::new();
    while chain.len() < len && !ids.is_empty() {
        chain.push(ids.remove(pick.below(ids.len())));
    }
    let start = near(pick, from, to);
    let until = start.add_days(i32::try_from(pick.below(8)).unwrap_or(0));
    let last = match pick.below(3) {
        0 => chain.first().copied().map(Recipient::Person),
        1 => pick.one(&ids).copied().map(Recipient::Person),
        _ => None,
    };
    for (at, id) in chain.iter().enumerate() {
        let delegate = chain.get(at + 1).copied().map(Recipient::Person).or(last);
        let person = config.people.get_mut(id).expect("picked from the map");
        person.active = true;
        person.available_for_portal = true;
        person.out_of_office = Some(OutOfOffice {
            from: start,
            until,
            delegate,
            auto_reply: Localized::default(),
        });
    }
    let topic = pick.one(&config.topics).map(|t| t.key.clone());
    if let (Some(topic), Some(head)) = (topic, chain.first()) {
        let set = Change::SetRoute {
            expected: config.routes.get(&topic, Scope::Practice).cloned(),
            topic,
            scope: Scope::Practice,
            value: Some(Route::Recipients(RecipientList::one(Recipient::Person(
                *head,
            )))),
        };
        apply(config, &set).expect("the head of the chain exists");
    }
}

/// Rules for every topic: usually a practice rule, sometimes rules at the other scopes.
fn rules(config: &mut Config, pick: &mut Pick) {
    let locations: Vec<_> = config.locations.keys().copied().collect();
    let providers: Vec<PersonId> = config
        .people
        .values()
        .filter(|p| p.kind == PersonKind::Provider)
        .map(|p| p.id)
        .collect();
    let mut scopes = vec![(Scope::Practice, 75)];
    scopes.extend(
        locations
            .iter()
            .map(|&location| (Scope::Location { location }, 25)),
    );
    scopes.extend(
        providers
            .iter()
            .map(|&provider| (Scope::Provider { provider }, 20)),
    );
    for &location in &locations {
        scopes.extend(
            providers
                .iter()
                .map(|&provider| (Scope::LocationProvider { location, provider }, 12)),
        );
    }
    let all = recipients(config);
    for topic in config.topics.clone() {
        for &(scope, percent) in &scopes {
            if !pick.chance(percent) {
                continue;
            }
            let route = if pick.chance(20) {
                Route::PatientChooses
            } else {
                let mut list = Vec::new();
                for _ in 0..=pick.below(3) {
                    list.extend(pick.one(&all).copied().filter(|r| !list.contains(r)));
                }
                Route::Recipients(RecipientList::new(list).expect("at least one recipient"))
            };
            let set = Change::SetRoute {
                topic: topic.key.clone(),
                scope,
                expected: None,
                value: Some(route),
            };
            apply(config, &set).expect("the rule names existing people and groups");
        }
    }
}

/// How patients may choose, locations closed or reply-only, own fallback inboxes, topics off.
fn settings(config: &mut Config, pick: &mut Pick) {
    let choice = |pick: &mut Pick| {
        if pick.chance(50) {
            ProviderChoice::CareTeamOnly
        } else {
            ProviderChoice::SelectedUsers
        }
    };
    config.settings.provider_choice = choice(pick);
    let all = recipients(config);
    for location in config.locations.values_mut() {
        let settings = &mut location.settings;
        if pick.chance(20) {
            settings.provider_choice = Some(choice(pick));
        }
        if pick.chance(8) {
            settings.messaging_enabled = Some(false);
        }
        if pick.chance(8) {
            settings.patients_may_start = Some(false);
        }
        if pick.chance(15) {
            settings.fallback_inbox = pick.one(&all).copied();
        }
    }
    let all_off = pick.chance(4);
    for topic in &mut config.topics {
        if all_off || pick.chance(10) {
            topic.enabled = false;
        }
    }
}

/// Removes a person or a group directly, leaving whatever named them pointing at nobody.
fn remove_unchecked(config: &mut Config, pick: &mut Pick) {
    if pick.chance(60) {
        let people = person_ids(config);
        if let Some(id) = pick.one(&people) {
            config.people.remove(id);
        }
    } else {
        let groups: Vec<GroupId> = config.groups.keys().copied().collect();
        if let Some(id) = pick.one(&groups) {
            config.groups.remove(id);
        }
    }
}
