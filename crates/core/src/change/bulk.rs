//! Bulk edits, built as one [`Change::Batch`] of ordinary changes so that they apply all or
//! nothing and undo in one step. Each helper reads the current configuration to fill in the
//! expected values, and leaves out the parts that would not change anything. Before applying,
//! the `outranked_*` functions say which more specific rules will keep deciding for some
//! patients, and [`including`] adds them to the same batch.

use super::Change;
pub use super::outranked::{
    Outranking, including, outranked_all_providers, outranked_copy, outranked_replace,
};
use super::uses::{Target, Use, uses_of};
use crate::model::{
    Config, GroupField, PersonField, PersonId, PersonKind, Recipient, RecipientList, Route, Scope,
    Setting, SettingField, TopicKey,
};

/// Sets the provider-scope rule of `topic` to `recipients` for every provider. A blank list
/// means "no change" (an empty batch), as a blank cell in the bulk editor does. Providers
/// whose rule is already that list are left out.
pub fn set_recipients_for_all_providers(
    config: &Config,
    topic: &TopicKey,
    recipients: &[Recipient],
) -> Change {
    let Some(list) = RecipientList::new(recipients.to_vec()) else {
        return Change::Batch {
            changes: Vec::new(),
        };
    };
    let value = Some(Route::Recipients(list));
    let changes = config
        .people
        .values()
        .filter(|person| person.kind == PersonKind::Provider)
        .filter_map(|provider| {
            let scope = Scope::Provider {
                provider: provider.id,
            };
            let expected = config.routes.get(topic, scope).cloned();
            (expected != value).then(|| Change::SetRoute {
                topic: topic.clone(),
                scope,
                expected,
                value: value.clone(),
            })
        })
        .collect();
    Change::Batch { changes }
}

/// Sets "available for portal messages" to `value` for each of `people` (unknown ids and
/// people who already have that value are left out).
pub fn set_available_for_many(config: &Config, people: &[PersonId], value: bool) -> Change {
    let changes = people
        .iter()
        .filter_map(|id| config.person(*id))
        .filter(|person| person.available_for_portal != value)
        .map(|person| Change::SetPersonField {
            person: person.id,
            expected: PersonField::AvailableForPortal(person.available_for_portal),
            value: PersonField::AvailableForPortal(value),
        })
        .collect();
    Change::Batch { changes }
}

/// Replaces person `old` by `new` wherever `old` receives messages: as a recipient of any
/// rule, as a group member, as someone's out-of-office delegate, and as a fallback inbox.
/// Where `new` is already listed, `old` is simply dropped (first occurrence kept). Rules
/// *about* `old` (their own provider table) are left alone; so is `new`'s own delegate.
pub fn replace_person_everywhere(config: &Config, old: PersonId, new: PersonId) -> Change {
    if old == new {
        return Change::Batch {
            changes: Vec::new(),
        };
    }
    let swap = |list: &[Recipient]| -> Vec<Recipient> {
        let mut out: Vec<Recipient> = Vec::with_capacity(list.len());
        for recipient in list {
            let recipient = if *recipient == Recipient::Person(old) {
                Recipient::Person(new)
            } else {
                *recipient
            };
            if !out.contains(&recipient) {
                out.push(recipient);
            }
        }
        out
    };
    let mut changes = Vec::new();
    for use_ in uses_of(config, Target::Person(old)) {
        match use_ {
            Use::GroupMember { group } => {
                let Some(current) = config.group(group) else {
                    continue;
                };
                let mut members: Vec<PersonId> = Vec::with_capacity(current.members.len());
                for id in &current.members {
                    let id = if *id == old { new } else { *id };
                    if !members.contains(&id) {
                        members.push(id);
                    }
                }
                changes.push(Change::SetGroupField {
                    group,
                    expected: GroupField::Members(current.members.clone()),
                    value: GroupField::Members(members),
                });
            }
            Use::RouteRecipient { topic, scope } => {
                let Some(Route::Recipients(list)) = config.routes.get(&topic, scope) else {
                    continue;
                };
                let Some(swapped) = RecipientList::new(swap(list.as_slice())) else {
                    continue;
                };
                changes.push(Change::SetRoute {
                    expected: Some(Route::Recipients(list.clone())),
                    value: Some(Route::Recipients(swapped)),
                    topic,
                    scope,
                });
            }
            Use::Delegate { person } if person != new => {
                let Some(current) = config.person(person) else {
                    continue;
                };
                let mut away = current.out_of_office.clone();
                if let Some(away) = away.as_mut() {
                    away.delegate = Some(Recipient::Person(new));
                }
                changes.push(Change::SetPersonField {
                    person,
                    expected: PersonField::OutOfOffice(current.out_of_office.clone()),
                    value: PersonField::OutOfOffice(away),
                });
            }
            Use::FallbackInbox { location: None } => changes.push(Change::SetPracticeSetting {
                expected: Setting::FallbackInbox(Recipient::Person(old)),
                value: Setting::FallbackInbox(Recipient::Person(new)),
            }),
            Use::FallbackInbox {
                location: Some(location),
            } => changes.push(Change::SetLocationSetting {
                location,
                field: SettingField::FallbackInbox,
                expected: Some(Setting::FallbackInbox(Recipient::Person(old))),
                value: Some(Setting::FallbackInbox(Recipient::Person(new))),
            }),
            Use::Delegate { .. } | Use::RouteScope { .. } | Use::WorksAt { .. } => {}
        }
    }
    Change::Batch { changes }
}

/// How the "routing for all providers" editor treats one topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllProviders {
    /// Add the recipients to what each provider receives now.
    Add,
    /// Make the recipients each provider's whole list.
    Set,
}

/// "Routing for all providers", as Elation does it: for each topic, recipients to add to or
/// set for every provider's own table. A topic with no recipients is left unchanged. Adding
/// starts from what the provider receives now (their own list, else the practice default's
/// list), so adding never takes anyone away. One [`Change::Batch`]: one undoable step.
pub fn routing_for_all_providers(
    config: &Config,
    topics: &[(TopicKey, AllProviders, Vec<Recipient>)],
) -> Change {
    let mut changes = Vec::new();
    for (topic, mode, recipients) in topics {
        if recipients.is_empty() {
            continue;
        }
        match mode {
            AllProviders::Set => {
                if let Change::Batch { changes: more } =
                    set_recipients_for_all_providers(config, topic, recipients)
                {
                    changes.extend(more);
                }
            }
            AllProviders::Add => {
                for provider in config
                    .people
                    .values()
                    .filter(|p| p.kind == PersonKind::Provider)
                {
                    let scope = Scope::Provider {
                        provider: provider.id,
                    };
                    let expected = config.routes.get(topic, scope).cloned();
                    let mut list: Vec<Recipient> = match expected
                        .as_ref()
                        .or_else(|| config.routes.get(topic, Scope::Practice))
                    {
                        Some(Route::Recipients(list)) => list.as_slice().to_vec(),
                        _ => Vec::new(),
                    };
                    for recipient in recipients {
                        if !list.contains(recipient) {
                            list.push(*recipient);
                        }
                    }
                    let value = RecipientList::new(list).map(Route::Recipients);
                    if value != expected {
                        changes.push(Change::SetRoute {
                            topic: topic.clone(),
                            scope,
                            expected,
                            value,
                        });
                    }
                }
            }
        }
    }
    Change::Batch { changes }
}

/// How many rules (cells) and how many different providers' tables a change touches: what
/// the bulk editors say before applying.
pub fn reach(change: &Change) -> (usize, usize) {
    fn walk(
        change: &Change,
        cells: &mut usize,
        providers: &mut std::collections::BTreeSet<PersonId>,
    ) {
        match change {
            Change::Batch { changes } => {
                for change in changes {
                    walk(change, cells, providers);
                }
            }
            Change::SetRoute { scope, .. } => {
                *cells += 1;
                if let Some(provider) = scope.provider() {
                    providers.insert(provider);
                }
            }
            _ => {}
        }
    }
    let mut cells = 0;
    let mut providers = std::collections::BTreeSet::new();
    walk(change, &mut cells, &mut providers);
    (cells, providers.len())
}

/// "Copy routing from…" for a provider joining the practice: `to`'s own rules become a copy
/// of `from`'s — provider-wide and per location (where `to` also works) — topic by topic.
/// Rules `to` has where `from` has none are removed, so the tables end up the same. One
/// [`Change::Batch`].
pub fn copy_routing(config: &Config, from: PersonId, to: PersonId) -> Change {
    if from == to {
        return Change::Batch {
            changes: Vec::new(),
        };
    }
    let works_at = |person: PersonId| {
        config
            .person(person)
            .map(|p| p.locations.clone())
            .unwrap_or_default()
    };
    let their_locations = works_at(to);
    // The scope of `to` that mirrors each scope of `from`.
    let mirror = |scope: Scope| match scope {
        Scope::Provider { provider } if provider == from => Some(Scope::Provider { provider: to }),
        Scope::LocationProvider { location, provider }
            if provider == from && their_locations.contains(&location) =>
        {
            Some(Scope::LocationProvider {
                location,
                provider: to,
            })
        }
        _ => None,
    };
    let mut changes = Vec::new();
    for topic in &config.topics {
        let key = &topic.key;
        let wanted: Vec<(Scope, Route)> = config
            .routes
            .of_topic(key)
            .filter_map(|(scope, route)| mirror(scope).map(|scope| (scope, route.clone())))
            .collect();
        let current: Vec<(Scope, Route)> = config
            .routes
            .of_topic(key)
            .filter(|(scope, _)| scope.provider() == Some(to))
            .map(|(scope, route)| (scope, route.clone()))
            .collect();
        for (scope, route) in &current {
            if !wanted.iter().any(|(s, _)| s == scope) {
                changes.push(Change::SetRoute {
                    topic: key.clone(),
                    scope: *scope,
                    expected: Some(route.clone()),
                    value: None,
                });
            }
        }
        for (scope, route) in wanted {
            let expected = config.routes.get(key, scope).cloned();
            if expected.as_ref() != Some(&route) {
                changes.push(Change::SetRoute {
                    topic: key.clone(),
                    scope,
                    expected,
                    value: Some(route),
                });
            }
        }
    }
    Change::Batch { changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{apply, demo_ids, demo_practice};

    #[test]
    fn all_providers_leaves_blank_topics_alone_adds_without_taking_away_and_undoes_in_one_step() {
        let original = demo_practice();
        let mut config = original.clone();
        let jane = Recipient::Person(demo_ids::JANE_SMITH);
        let edit = routing_for_all_providers(
            &config,
            &[
                (TopicKey::new("appointments"), AllProviders::Add, vec![jane]),
                (TopicKey::new("referrals"), AllProviders::Set, Vec::new()),
            ],
        );
        let providers = config
            .people
            .values()
            .filter(|p| p.kind == PersonKind::Provider)
            .count();
        let (cells, touched) = reach(&edit);
        assert_eq!(
            (cells, touched),
            (providers - 1, providers - 1),
            "every provider but Dr. Crusher (who already has Jane Smith) gets one rule"
        );
        let undo = apply(&mut config, &edit).expect("the bulk edit applies");
        let referrals = TopicKey::new("referrals");
        assert_eq!(
            config.routes.of_topic(&referrals).collect::<Vec<_>>(),
            original.routes.of_topic(&referrals).collect::<Vec<_>>(),
            "a blank topic is left unchanged"
        );
        let mccoy = config
            .routes
            .get(
                &TopicKey::new("appointments"),
                Scope::Provider {
                    provider: demo_ids::MCCOY,
                },
            )
            .cloned();
        assert_eq!(
            mccoy,
            RecipientList::new(vec![Recipient::Group(demo_ids::FRONT_OFFICE), jane])
                .map(Route::Recipients),
            "adding starts from the practice default, so Front Office still receives"
        );
        apply(&mut config, &undo).expect("the inverse applies");
        assert_eq!(config, original, "one undo reverts the whole bulk step");
    }

    #[test]
    fn a_new_provider_gets_the_same_table_and_one_undo_takes_it_back() {
        let original = demo_practice();
        let mut config = original.clone();
        let copy = copy_routing(&config, demo_ids::CRUSHER, demo_ids::MCCOY);
        let undo = apply(&mut config, &copy).expect("the copy applies");
        for topic in &config.topics {
            assert_eq!(
                config.routes.get(
                    &topic.key,
                    Scope::Provider {
                        provider: demo_ids::MCCOY
                    }
                ),
                config.routes.get(
                    &topic.key,
                    Scope::Provider {
                        provider: demo_ids::CRUSHER
                    }
                ),
                "{}: Dr. McCoy's own rule is now Dr. Crusher's",
                topic.key
            );
        }
        assert!(
            matches!(copy_routing(&config, demo_ids::CRUSHER, demo_ids::MCCOY), Change::Batch { changes } if changes.is_empty()),
            "copying again changes nothing"
        );
        apply(&mut config, &undo).expect("the inverse applies");
        assert_eq!(config, original, "one undo takes the copy back");
    }
}
