//! The directory of the People & groups screen: search and filters, a row per person with
//! their states, the person and time-away forms opened in place, and several people made
//! available or unavailable for portal messages at once (one undo step). Who is listed comes
//! from `switchboard_core::directory`.

use std::collections::BTreeSet;

use leptos::prelude::*;
use switchboard_core::directory::{self, Filter};
use switchboard_core::{Config, Person, PersonId, PersonKind, bulk};

use super::forms::{AwayForm, PersonForm};
use super::{Editing, PeopleState, sorted_locations};
use crate::components::{Notice, NoticeKind};
use crate::today::today;
use crate::workspace::{Workspace, keyed_on};

/// "yes" / "no" / "" (any) for a yes-or-no filter.
fn choice_value(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "yes",
        Some(false) => "no",
        None => "",
    }
}

fn parse_choice(value: &str) -> Option<bool> {
    match value {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

/// A yes-or-no filter as a select: any, `yes`, `no`.
#[component]
fn ChoiceFilter(
    /// `data-filter`, for tests.
    name: &'static str,
    /// The caption above it.
    caption: &'static str,
    /// The three option texts: any, yes, no.
    options: [&'static str; 3],
    /// Reads the filter's value.
    get: fn(&Filter) -> Option<bool>,
    /// Writes the filter's value.
    set: fn(&mut Filter, Option<bool>),
) -> impl IntoView {
    let state = expect_context::<PeopleState>();
    let current = move || state.filter.with(|f| choice_value(get(f)));
    view! {
        <label class="field">
            <span>{caption}</span>
            <select data-filter=name on:change=move |ev| {
                let value = parse_choice(&event_target_value(&ev));
                state.filter.update(|f| set(f, value));
            }>
                <option value="" selected=move || current().is_empty()>{options[0]}</option>
                <option value="yes" selected=move || current() == "yes">{options[1]}</option>
                <option value="no" selected=move || current() == "no">{options[2]}</option>
            </select>
        </label>
    }
}

/// The directory: filters, the bulk bar, the list, and the open form.
#[component]
pub(super) fn Directory(
    /// The configuration shown.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<PeopleState>();
    let day = today();
    // Who is listed follows the directory; each row re-renders only when its person changes,
    // so saving one person (or a bulk edit of others) leaves a form open on another alone.
    let listed = Memo::new(move |_| {
        let filter = state.filter.get();
        workspace
            .with_directory(|config| {
                directory::list(config, &filter, day)
                    .into_iter()
                    .map(|p| p.id)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let total = Memo::new(move |_| workspace.with_directory(|c| c.people.len()).unwrap_or(0));
    // Forget ticks of people who are gone (removed elsewhere).
    Effect::new(move |_| {
        let people: BTreeSet<PersonId> = workspace
            .with_directory(|c| c.people.keys().copied().collect())
            .unwrap_or_default();
        if state
            .selected
            .with_untracked(|selected| selected.iter().any(|id| !people.contains(id)))
        {
            state
                .selected
                .update(|selected| selected.retain(|id| people.contains(id)));
        }
    });
    let locations = config.with_value(sorted_locations);
    let location_options = locations
        .into_iter()
        .map(|(id, name)| {
            view! {
                <option value=id.to_string()
                    selected=move || state.filter.with(|f| f.location == Some(id))>{name}</option>
            }
        })
        .collect_view();
    let kind_value = move || match state.filter.with(|f| f.kind) {
        Some(PersonKind::Provider) => "provider",
        Some(PersonKind::Staff) => "staff",
        None => "",
    };
    let bulk_set = move |value: bool| {
        let people: Vec<PersonId> = state.selected.get_untracked().into_iter().collect();
        let Some(change) =
            workspace.with_config_untracked(|c| bulk::set_available_for_many(c, &people, value))
        else {
            return;
        };
        if change.is_noop() {
            state.bulk_note.set(Some(if value {
                "They all are available for portal messages already.".to_string()
            } else {
                "They all are unavailable for portal messages already.".to_string()
            }));
        } else {
            state.bulk_note.set(None);
            state.selected.set(BTreeSet::new());
            workspace.apply(change);
        }
    };
    let all_listed_selected = move || {
        let listed = listed.get();
        !listed.is_empty()
            && state
                .selected
                .with(|s| listed.iter().all(|id| s.contains(id)))
    };
    view! {
        <section class="people" data-part="people" aria-label="People">
            <div class="people-filters" data-part="filters">
                <label class="field people-search">
                    <span>"Search"</span>
                    <input type="search" data-part="search" placeholder="Name or credentials"
                        prop:value=move || state.filter.with(|f| f.text.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            state.filter.update(|f| f.text = text);
                        } />
                </label>
                <label class="field">
                    <span>"Role"</span>
                    <select data-filter="kind" on:change=move |ev| {
                        let kind = match event_target_value(&ev).as_str() {
                            "provider" => Some(PersonKind::Provider),
                            "staff" => Some(PersonKind::Staff),
                            _ => None,
                        };
                        state.filter.update(|f| f.kind = kind);
                    }>
                        <option value="" selected=move || kind_value().is_empty()>"Providers and staff"</option>
                        <option value="provider" selected=move || kind_value() == "provider">"Providers"</option>
                        <option value="staff" selected=move || kind_value() == "staff">"Staff"</option>
                    </select>
                </label>
                <label class="field">
                    <span>"Location"</span>
                    <select data-filter="location" on:change=move |ev| {
                        let location = event_target_value(&ev).parse().ok();
                        state.filter.update(|f| f.location = location);
                    }>
                        <option value="" selected=move || state.filter.with(|f| f.location.is_none())>"Any location"</option>
                        {location_options}
                    </select>
                </label>
                <ChoiceFilter name="active" caption="Active" options=["Active or not", "Active", "Inactive"]
                    get=|f| f.active set=|f, v| f.active = v />
                <ChoiceFilter name="available" caption="Portal messages" options=["Available or not", "Available", "Not available"]
                    get=|f| f.available set=|f, v| f.available = v />
                <ChoiceFilter name="away" caption="Out of office" options=["Away or not", "Away (now or coming)", "Not away"]
                    get=|f| f.out_of_office set=|f, v| f.out_of_office = v />
                <button class="tool" data-action="clear-filters" on:click=move |_| state.filter.set(Filter::default())>
                    "Clear filters"
                </button>
                <button class="tool primary" data-action="add-person"
                    on:click=move |_| state.editing.set(Some(Editing::New))>"+ Add a person"</button>
            </div>
            <Show when=move || state.editing.get() == Some(Editing::New)>
                <PersonForm config person=None />
            </Show>
            <Show when=move || state.selected.with(|s| !s.is_empty())>
                <div class="people-bulk" data-part="bulk" role="toolbar" aria-label="Selected people">
                    <span data-part="selected-count">{move || match state.selected.with(BTreeSet::len) {
                        1 => "1 person selected".to_string(),
                        n => format!("{n} people selected"),
                    }}</span>
                    <button class="tool" data-action="assign-available" on:click=move |_| bulk_set(true)>
                        "Make available for portal messages"
                    </button>
                    <button class="tool" data-action="unassign-available" on:click=move |_| bulk_set(false)>
                        "Make unavailable"
                    </button>
                    <button class="tool" data-action="clear-selection" on:click=move |_| {
                        state.selected.set(BTreeSet::new());
                        state.bulk_note.set(None);
                    }>"Clear selection"</button>
                </div>
            </Show>
            {move || state.bulk_note.get().map(|note| view! { <Notice kind=NoticeKind::Info message=note /> })}
            <table class="people-table" data-part="directory">
                <thead>
                    <tr>
                        <th class="people-check">
                            <input type="checkbox" data-part="select-all" aria-label="Select everyone listed"
                                prop:checked=all_listed_selected
                                on:change=move |ev| {
                                    let on = event_target_checked(&ev);
                                    let listed = listed.get_untracked();
                                    state.selected.update(|s| for id in listed {
                                        if on { s.insert(id); } else { s.remove(&id); }
                                    });
                                } />
                        </th>
                        <th>"Name"</th>
                        <th>"Role"</th>
                        <th>"Locations"</th>
                        <th>"Portal messages"</th>
                        <th>"Status"</th>
                        <th><span class="sr-only">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || listed.get() key=|id| *id let:id>
                        {keyed_on(
                            move |c| c.person(id).cloned(),
                            move |config| {
                                config
                                    .with_value(|c| c.person(id).cloned())
                                    .map(|person| view! { <PersonRow person config day /> })
                            },
                        )}
                    </For>
                </tbody>
            </table>
            <p class="people-count" data-part="count" role="status">{move || {
                let shown = listed.with(Vec::len);
                let total = total.get();
                if shown == total {
                    format!("{total} people")
                } else {
                    format!("{shown} of {total} people match")
                }
            }}</p>
        </section>
    }
}

/// One person in the directory.
#[component]
fn PersonRow(
    /// Who.
    person: Person,
    /// The configuration, for location names.
    config: StoredValue<Config>,
    /// The day states are computed for.
    day: switchboard_core::Date,
) -> impl IntoView {
    let state = expect_context::<PeopleState>();
    let id = person.id;
    let name = person.display_name();
    let locations = config.with_value(|c| {
        let mut names: Vec<String> = person
            .locations
            .iter()
            .filter_map(|l| c.location(*l))
            .map(|l| l.short_name().to_string())
            .collect();
        names.sort();
        names.join(", ")
    });
    let states = directory::states(&person, day)
        .into_iter()
        .map(|text| view! { <span class="person-state">{text}</span> })
        .collect_view();
    let role = if person.is_provider() {
        "Provider"
    } else {
        "Staff"
    };
    view! {
        <tr data-person=id.to_string() class:person-inactive=!person.active>
            <td class="people-check">
                <input type="checkbox" data-part="select" aria-label=format!("Select {name}")
                    prop:checked=move || state.selected.with(|s| s.contains(&id))
                    on:change=move |ev| {
                        let on = event_target_checked(&ev);
                        state.bulk_note.set(None);
                        state.selected.update(|s| if on { s.insert(id); } else { s.remove(&id); });
                    } />
            </td>
            <td class="person-name" data-part="name">{name.clone()}</td>
            <td data-part="role">{role}</td>
            <td class="person-locations" data-part="locations">{locations}</td>
            <td data-part="available">{if person.available_for_portal { "Available" } else { "Not available" }}</td>
            <td data-part="states">{states}</td>
            <td class="row-tools">
                <button class="tool" data-action="edit-person" aria-label=format!("Edit {name}")
                    aria-expanded=move || (state.editing.get() == Some(Editing::Person(id))).to_string()
                    on:click=move |_| state.editing.set(Some(Editing::Person(id)))>"Edit"</button>
                <button class="tool" data-action="edit-away" aria-label=format!("Time away for {name}")
                    aria-expanded=move || (state.editing.get() == Some(Editing::Away(id))).to_string()
                    on:click=move |_| state.editing.set(Some(Editing::Away(id)))>"Time away…"</button>
            </td>
        </tr>
        // The person's forms open right under their row, where the admin clicked.
        {move || match state.editing.get() {
            Some(Editing::Person(editing)) if editing == id => Some(view! {
                <tr class="person-editing"><td colspan="7"><PersonForm config person=Some(id) /></td></tr>
            }.into_any()),
            Some(Editing::Away(editing)) if editing == id => Some(view! {
                <tr class="person-editing"><td colspan="7"><AwayForm config person=id /></td></tr>
            }.into_any()),
            _ => None,
        }}
    }
}
