//! The groups of the People & groups screen: create, rename, remove (refused while messages
//! are sent to the group, with the list of those places), and members added or taken out
//! several at a time by ticking them. Changes come from `switchboard_core::group_edits`.

use std::collections::BTreeSet;

use leptos::html;
use leptos::prelude::*;
use switchboard_core::group_edits::{self, GroupEditError};
use switchboard_core::{Config, Group, GroupId, PersonId, Recipient, lists};

use super::reveal;
use crate::ids::fresh_id;
use crate::workspace::Workspace;

/// What is open on a group.
#[derive(Clone, Debug, PartialEq, Eq)]
enum GroupPanel {
    Rename,
    Members,
    ConfirmRemove,
    /// Removal refused: the sentence and the places that send the group messages.
    Refused(String, Vec<String>),
}

/// The groups' state that outlives a re-render.
#[derive(Clone, Copy)]
struct GroupsState {
    open: RwSignal<Option<(GroupId, GroupPanel)>>,
    /// What creating a group said, when it could not.
    problem: RwSignal<Option<String>>,
}

/// Provides the groups' state to the page (call once, outside the re-rendered part).
pub(super) fn provide_state() {
    provide_context(GroupsState {
        open: RwSignal::new(None),
        problem: RwSignal::new(None),
    });
}

/// The groups and the form that creates one.
#[component]
pub(super) fn Groups(
    /// The configuration shown.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GroupsState>();
    let name = RwSignal::new(String::new());
    let mut groups: Vec<Group> = config.with_value(|c| c.groups.values().cloned().collect());
    groups.sort_by_key(|group| group.name.to_lowercase());
    let rows = groups
        .into_iter()
        .map(|group| view! { <GroupRow group config /> })
        .collect_view();
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let id = GroupId::from_u128(fresh_id());
        match workspace
            .with_config_untracked(|c| group_edits::add_group(c, id, &name.get_untracked()))
        {
            None => {}
            Some(Ok(change)) => {
                state.problem.set(None);
                name.set(String::new());
                workspace.apply(change);
            }
            Some(Err(err)) => state.problem.set(Some(err.to_string())),
        }
    };
    view! {
        <section class="groups" data-part="groups" aria-label="Groups">
            <h2>"Groups"</h2>
            <p class="lede">"Pools of people who share messages. A group holds people only; everyone in it receives what is sent to it."</p>
            <ul class="group-list">{rows}</ul>
            <form class="group-add" data-part="add-group" on:submit=create>
                <input type="text" data-field="group-name" aria-label="New group's name" placeholder="New group's name"
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                <button type="submit" class="tool" data-action="add-group">"+ Create group"</button>
            </form>
            {move || state.problem.get().map(|text| view! { <p class="field-error" role="alert" data-part="group-problem">{text}</p> })}
        </section>
    }
}

/// One group: its name, members, and what can be done with it.
#[component]
fn GroupRow(
    /// The group shown.
    group: Group,
    /// The configuration, for names.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GroupsState>();
    let id = group.id;
    let panel = move || {
        state.open.with(|open| {
            open.as_ref()
                .filter(|(g, _)| *g == id)
                .map(|(_, p)| p.clone())
        })
    };
    let open = move |what: GroupPanel| state.open.set(Some((id, what)));
    let close = move || state.open.set(None);
    let member_names: Vec<String> = config.with_value(|c| {
        group
            .members
            .iter()
            .filter_map(|m| c.person(*m))
            .map(|p| p.display_name())
            .collect()
    });
    let count = match member_names.len() {
        0 => "no members".to_string(),
        1 => "1 member".to_string(),
        n => format!("{n} members"),
    };
    let remove =
        move |_| match workspace.with_config_untracked(|c| group_edits::remove_group(c, id)) {
            None => {}
            Some(Ok(_)) => open(GroupPanel::ConfirmRemove),
            Some(Err(err)) => {
                let uses = match &err {
                    GroupEditError::InUse { uses, .. } => uses.clone(),
                    _ => Vec::new(),
                };
                open(GroupPanel::Refused(err.to_string(), uses));
            }
        };
    let group_name = group.name.clone();
    view! {
        <li class="group-row" data-group=id.to_string()>
            <div class="group-head">
                <span class="group-name" data-part="group-name">{group.name.clone()}</span>
                <span class="group-count" data-part="member-count">{count}</span>
                <div class="group-tools">
                    <button class="tool" data-action="edit-members" on:click=move |_| open(GroupPanel::Members)>"Members…"</button>
                    <button class="tool" data-action="rename-group" on:click=move |_| open(GroupPanel::Rename)>"Rename"</button>
                    <button class="tool" data-action="remove-group" on:click=remove>"Remove"</button>
                </div>
            </div>
            <div class="group-members" data-part="members">
                {member_names.into_iter().map(|name| view! { <span class="chip">{name}</span> }).collect_view()}
            </div>
            {move || panel().map(|what| match what {
                GroupPanel::Rename => view! { <RenameGroup id name=group_name.clone() /> }.into_any(),
                GroupPanel::Members => view! { <Members id config /> }.into_any(),
                GroupPanel::ConfirmRemove => view! {
                    <div class="confirm" role="alertdialog" aria-label="Remove group" data-part="confirm-remove">
                        <span>{format!("Remove group “{}”? Its members stay in the directory.", group_name)}</span>
                        <button class="tool danger" data-action="confirm-remove" on:click=move |_| {
                            close();
                            if let Some(Ok(change)) = workspace.with_config_untracked(|c| group_edits::remove_group(c, id)) {
                                workspace.apply(change);
                            }
                        }>"Remove"</button>
                        <button class="tool" on:click=move |_| close()>"Cancel"</button>
                    </div>
                }.into_any(),
                GroupPanel::Refused(message, uses) => view! { <InUse message uses /> }.into_any(),
            })}
        </li>
    }
}

/// Why a group cannot be removed, and the places that send it messages.
#[component]
fn InUse(
    /// The refusal, as a sentence.
    message: String,
    /// Each place, in words.
    uses: Vec<String>,
) -> impl IntoView {
    let state = expect_context::<GroupsState>();
    let node = NodeRef::<html::Div>::new();
    Effect::new(move |_| {
        if let Some(notice) = node.get() {
            reveal(&notice);
        }
    });
    view! {
        <div class="notice notice-error group-in-use" role="alert" data-part="in-use" node_ref=node>
            <p>{message}</p>
            <ul data-part="uses">
                {uses.into_iter().map(|text| view! { <li>{text}</li> }).collect_view()}
            </ul>
            <button class="tool" data-action="close-in-use" on:click=move |_| state.open.set(None)>"Close"</button>
        </div>
    }
}

/// The in-place rename of a group.
#[component]
fn RenameGroup(
    /// The group renamed.
    id: GroupId,
    /// Its current name.
    name: String,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GroupsState>();
    let text = RwSignal::new(name);
    let problem = RwSignal::new(None::<String>);
    let node = NodeRef::<html::Form>::new();
    Effect::new(move |_| {
        if let Some(form) = node.get() {
            reveal(&form);
        }
    });
    view! {
        <form class="group-rename" data-part="rename" node_ref=node on:submit=move |ev| {
            ev.prevent_default();
            match workspace.with_config_untracked(|c| group_edits::rename_group(c, id, &text.get_untracked())) {
                None => {}
                Some(Ok(change)) => {
                    state.open.set(None);
                    if let Some(change) = change {
                        workspace.apply(change);
                    }
                }
                Some(Err(err)) => problem.set(Some(err.to_string())),
            }
        }>
            <input type="text" data-field="rename" aria-label="Group name" prop:value=move || text.get()
                on:input=move |ev| text.set(event_target_value(&ev)) />
            <button type="submit" class="tool primary" data-action="save-rename">"Save"</button>
            <button type="button" class="tool" on:click=move |_| state.open.set(None)>"Cancel"</button>
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
        </form>
    }
}

/// Members in and out of a group, ticked several at a time.
#[component]
fn Members(
    /// The group edited.
    id: GroupId,
    /// The configuration, for who is and is not in the group.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GroupsState>();
    let ticked = RwSignal::new(BTreeSet::<PersonId>::new());
    let (members, others) = config.with_value(|c| {
        let members: Vec<PersonId> = c.group(id).map(|g| g.members.clone()).unwrap_or_default();
        let name = |p: PersonId| c.person(p).map(|p| p.display_name()).unwrap_or_default();
        let inside: Vec<(PersonId, String)> = members.iter().map(|p| (*p, name(*p))).collect();
        let outside: Vec<(PersonId, String)> = lists::new_members(c, id)
            .into_iter()
            .filter_map(|choice| match choice.recipient {
                Recipient::Person(person) if choice.offered() => Some((person, choice.name)),
                _ => None,
            })
            .collect();
        (inside, outside)
    });
    let boxes = move |people: Vec<(PersonId, String)>, side: &'static str| {
        people
            .into_iter()
            .map(|(person, name)| {
                view! {
                    <label class="check" data-side=side>
                        <input type="checkbox" data-person=person.to_string()
                            prop:checked=move || ticked.with(|t| t.contains(&person))
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                ticked.update(|t| if on { t.insert(person); } else { t.remove(&person); });
                            } />
                        <span>{name}</span>
                    </label>
                }
            })
            .collect_view()
    };
    let apply = move |adding: bool| {
        let people: Vec<PersonId> = ticked.get_untracked().into_iter().collect();
        let change = workspace.with_config_untracked(|c| {
            if adding {
                group_edits::add_members(c, id, &people)
            } else {
                group_edits::remove_members(c, id, &people)
            }
        });
        if let Some(change) = change.flatten() {
            workspace.apply(change);
        }
        ticked.set(BTreeSet::new());
    };
    view! {
        <div class="group-members-editor" data-part="members-editor">
            <div class="member-column" data-part="in-group">
                <h3>"In the group"</h3>
                {boxes(members, "in")}
                <button class="tool" data-action="remove-members" on:click=move |_| apply(false)>"Take ticked out"</button>
            </div>
            <div class="member-column" data-part="not-in-group">
                <h3>"Not in the group"</h3>
                {boxes(others, "out")}
                <button class="tool" data-action="add-members" on:click=move |_| apply(true)>"Add ticked"</button>
            </div>
            <div class="editor-actions">
                <button class="tool" data-action="close-members" on:click=move |_| state.open.set(None)>"Done"</button>
            </div>
        </div>
    }
}
