//! The People & groups screen: the directory (search and filters: provider or staff,
//! location, active, available, out of office; several people made available or unavailable
//! for portal messages at once, one undo step: [`directory`]), the person form and the
//! time-away form ([`forms`]), and the groups ([`groups`]). Every edit is a `Change` built by
//! `switchboard_core::{people_edits, group_edits, bulk}`; who is listed comes from
//! `switchboard_core::directory`.

use std::collections::BTreeSet;

use leptos::prelude::*;
use switchboard_core::directory::Filter;
use switchboard_core::{Config, LocationId, PersonId, lists};

mod directory;
mod forms;
mod groups;

use crate::navigation::Screen;
use crate::pages::page::Page;
use crate::workspace::keyed_on;
use directory::Directory;
use groups::Groups;

/// Which form is open beside the directory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Editing {
    /// The form for someone new.
    New,
    /// The details of this person.
    Person(PersonId),
    /// This person's time away.
    Away(PersonId),
}

/// The screen's state that outlives a re-render (the directory renders again when locations
/// change, a directory row when its person does).
#[derive(Clone, Copy)]
struct PeopleState {
    pub filter: RwSignal<Filter>,
    /// The people ticked for a bulk edit.
    pub selected: RwSignal<BTreeSet<PersonId>>,
    pub editing: RwSignal<Option<Editing>>,
    /// What the last bulk edit said, when it did nothing.
    pub bulk_note: RwSignal<Option<String>>,
}

/// The People & groups screen.
#[component]
pub fn PeoplePage() -> impl IntoView {
    provide_context(PeopleState {
        filter: RwSignal::new(Filter::default()),
        selected: RwSignal::new(BTreeSet::new()),
        editing: RwSignal::new(None),
        bulk_note: RwSignal::new(None),
    });
    groups::provide_state();
    view! {
        <Page
            screen=Screen::People
            lede="Providers and staff, who is available for portal messages, who is away, and the groups messages can go to."
            loading="Loading people…"
        >
            <Halves />
        </Page>
    }
}

/// The directory and the groups. Each re-renders only when what it shows changes, so saving a
/// group leaves a person's form alone and the other way round.
#[component]
fn Halves() -> impl IntoView {
    view! {
        {keyed_on(location_names, |config| view! { <Directory config /> })}
        {keyed_on(
            |c| (c.groups.clone(), person_names(c)),
            |config| view! { <Groups config /> },
        )}
    }
}

/// Every location's id and names (what the directory's filter and rows show of them).
fn location_names(config: &Config) -> Vec<(LocationId, String, String)> {
    config
        .locations
        .values()
        .map(|l| (l.id, l.name.clone(), l.alias.clone()))
        .collect()
}

/// Every person's id, name and whether they are active (what the group forms show).
fn person_names(config: &Config) -> Vec<(PersonId, String, bool)> {
    config
        .people
        .values()
        .map(|p| (p.id, p.display_name(), p.active))
        .collect()
}

/// Locations in display order ([`lists::locations`]), by short name, for filters and forms.
fn sorted_locations(config: &Config) -> Vec<(LocationId, String)> {
    lists::locations(config)
        .into_iter()
        .map(|l| (l.id, l.short_name().to_string()))
        .collect()
}

/// Brings `panel` — a form or notice that just opened, perhaps out of sight — wholly into view
/// and puts the keyboard on its first field or button.
fn reveal(panel: &leptos::web_sys::Element) {
    use wasm_bindgen::JsCast;
    // `scrollIntoView({ block: "nearest" })`: no scrolling when it is in view already.
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"block".into(), &"nearest".into());
    if let Ok(scroll) = js_sys::Reflect::get(panel, &"scrollIntoView".into())
        && let Ok(scroll) = scroll.dyn_into::<js_sys::Function>()
    {
        let _ = scroll.call1(panel, &options);
    }
    if let Ok(Some(first)) = panel.query_selector("input, select, textarea, button")
        && let Ok(first) = first.dyn_into::<leptos::web_sys::HtmlElement>()
    {
        let _ = first.focus();
    }
}
