//! Edits of groups as the People & groups screen makes them: create, rename, remove (refused
//! while something sends the group messages, with the list of those places), and add or
//! remove several members at once. Each reads the current configuration to fill in what the
//! change expects.

use super::Change;
use super::uses::{Target, uses_of};
use crate::model::{Config, Group, GroupField, GroupId, PersonId};

/// Why a group edit cannot be built. The message says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GroupEditError {
    #[error("Give the group a name: it is how it appears in the routing grid.")]
    NoName,
    #[error("There already is a group called \"{name}\". Choose another name.")]
    NameTaken { name: String },
    #[error("This group is no longer there. Reload the screen and try again.")]
    UnknownGroup,
    #[error(
        "Group \"{group}\" cannot be removed while messages are sent to it ({} {}, listed below). Change those first, then remove it.",
        uses.len(),
        if uses.len() == 1 { "place" } else { "places" }
    )]
    InUse { group: String, uses: Vec<String> },
}

/// The name trimmed, refused when empty or taken by another group (case aside).
fn name_for(config: &Config, id: GroupId, name: &str) -> Result<String, GroupEditError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(GroupEditError::NoName);
    }
    if config
        .groups
        .values()
        .any(|group| group.id != id && group.name.to_lowercase() == name.to_lowercase())
    {
        return Err(GroupEditError::NameTaken { name: name.into() });
    }
    Ok(name.into())
}

/// Creates an empty group with id `id` (made by the caller).
pub fn add_group(config: &Config, id: GroupId, name: &str) -> Result<Change, GroupEditError> {
    Ok(Change::AddGroup {
        group: Group {
            id,
            name: name_for(config, id, name)?,
            members: Vec::new(),
            external_ids: Vec::new(),
        },
    })
}

/// Renames group `id`. `Ok(None)` when the name is unchanged.
pub fn rename_group(
    config: &Config,
    id: GroupId,
    name: &str,
) -> Result<Option<Change>, GroupEditError> {
    let group = config.group(id).ok_or(GroupEditError::UnknownGroup)?;
    let name = name_for(config, id, name)?;
    Ok((group.name != name).then(|| Change::SetGroupField {
        group: id,
        expected: GroupField::Name(group.name.clone()),
        value: GroupField::Name(name),
    }))
}

/// Where group `id` is sent messages, in words: the rules that list it, the people who
/// delegate to it, and the fallback inboxes it is.
pub fn uses_of_group(config: &Config, id: GroupId) -> Vec<String> {
    uses_of(config, Target::Group(id))
        .iter()
        .map(|use_| use_.describe(config))
        .collect()
}

/// Removes group `id` (with its member list, so undo brings it back whole), or says why not.
pub fn remove_group(config: &Config, id: GroupId) -> Result<Change, GroupEditError> {
    let group = config.group(id).ok_or(GroupEditError::UnknownGroup)?;
    let uses = uses_of_group(config, id);
    if !uses.is_empty() {
        return Err(GroupEditError::InUse {
            group: group.name.clone(),
            uses,
        });
    }
    Ok(Change::RemoveGroup {
        group: group.clone(),
    })
}

fn set_members(config: &Config, id: GroupId, members: Vec<PersonId>) -> Option<Change> {
    let group = config.group(id)?;
    (group.members != members).then(|| Change::SetGroupField {
        group: id,
        expected: GroupField::Members(group.members.clone()),
        value: GroupField::Members(members),
    })
}

/// Adds `people` to group `id` at the end, in the order given; members already in it and
/// unknown people are left out. `None` when nothing would change.
pub fn add_members(config: &Config, id: GroupId, people: &[PersonId]) -> Option<Change> {
    let mut members = config.group(id)?.members.clone();
    for person in people {
        if config.person(*person).is_some() && !members.contains(person) {
            members.push(*person);
        }
    }
    set_members(config, id, members)
}

/// Takes `people` out of group `id`. `None` when none of them is a member.
pub fn remove_members(config: &Config, id: GroupId, people: &[PersonId]) -> Option<Change> {
    let mut members = config.group(id)?.members.clone();
    members.retain(|member| !people.contains(member));
    set_members(config, id, members)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::demo_ids::{ANA_RUIZ, FRONT_OFFICE, MARIA_GOMEZ, NURSING, SAM_CARTER, TOM_LEE};
    use crate::{apply, demo_practice};

    const NEW: GroupId = GroupId::from_u128(0x0193_5e00_0000_7000_8000_0000_0009_0003);

    #[test]
    fn a_group_is_created_renamed_filled_emptied_and_removed() {
        let mut config = demo_practice();
        assert_eq!(add_group(&config, NEW, "  "), Err(GroupEditError::NoName));
        assert_eq!(
            add_group(&config, NEW, "front office"),
            Err(GroupEditError::NameTaken {
                name: "front office".into()
            }),
            "names are unique, case aside"
        );
        let add = add_group(&config, NEW, " Billing ").expect("a free name");
        apply(&mut config, &add).expect("applies");
        assert_eq!(
            config.group(NEW).map(|g| g.name.as_str()),
            Some("Billing"),
            "trimmed"
        );
        assert_eq!(
            rename_group(&config, NEW, "Billing"),
            Ok(None),
            "the same name is no edit"
        );
        let rename = rename_group(&config, NEW, "Billing Office")
            .expect("valid")
            .expect("differs");
        apply(&mut config, &rename).expect("applies");

        let fill = add_members(&config, NEW, &[TOM_LEE, ANA_RUIZ, TOM_LEE]).expect("new members");
        apply(&mut config, &fill).expect("applies");
        assert_eq!(
            config.group(NEW).map(|g| g.members.clone()),
            Some(vec![TOM_LEE, ANA_RUIZ]),
            "added in the order picked, each once"
        );
        assert!(
            add_members(&config, NEW, &[ANA_RUIZ]).is_none(),
            "a member already in the group is no edit"
        );
        let take = remove_members(&config, NEW, &[TOM_LEE, MARIA_GOMEZ]).expect("Tom is a member");
        apply(&mut config, &take).expect("applies");
        assert_eq!(
            config.group(NEW).map(|g| g.members.clone()),
            Some(vec![ANA_RUIZ]),
            "only members are taken out"
        );

        let before_removal = config.clone();
        let remove = remove_group(&config, NEW).expect("nothing sends it messages");
        let undo = apply(&mut config, &remove).expect("applies");
        assert!(config.group(NEW).is_none(), "removed");
        apply(&mut config, &undo).expect("undo applies");
        assert_eq!(
            config, before_removal,
            "undo brings the group back with its members"
        );
    }

    #[test]
    fn a_group_that_receives_messages_cannot_be_removed_and_the_places_are_listed() {
        let config = demo_practice();
        let err = remove_group(&config, FRONT_OFFICE).expect_err("Front Office is in use");
        let GroupEditError::InUse { uses, .. } = &err else {
            panic!("an in-use refusal, got {err:?}");
        };
        assert!(
            uses.iter()
                .any(|u| u == "receives Appointments for the whole practice"),
            "the practice's appointments rule is listed: {uses:#?}"
        );
        assert!(
            uses.iter().any(|u| u == "the practice's fallback inbox"),
            "so is the fallback inbox: {uses:#?}"
        );
        assert!(
            uses.iter().any(|u| u.starts_with("delegate of Jane Smith")),
            "and Jane Smith's delegation: {uses:#?}"
        );
        let text = err.to_string();
        assert!(
            text.starts_with(
                "Group \"Front Office\" cannot be removed while messages are sent to it"
            ) && text.contains(&format!("({} places", uses.len())),
            "the sentence names the group and the count: {text}"
        );
        assert_eq!(uses, &uses_of_group(&config, FRONT_OFFICE), "the same list");
        assert!(
            remove_group(&config, NURSING).is_err(),
            "Nursing receives prescriptions"
        );
        assert!(
            remove_members(&config, NURSING, &[SAM_CARTER]).is_some(),
            "members can still change while the group is in use"
        );
    }
}
