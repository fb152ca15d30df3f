//! Bulk edits, built as one [`Change::Batch`] of ordinary changes so that they apply all or
//! nothing and undo in one step. Each helper reads the current configuration to fill in the
//! expected values, and leaves out the parts that would not change anything.

use super::Change;
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
