//! The Routing screen: who receives each topic, as a grid — a first row for everyone, then one
//! row per provider, one column per enabled topic — for the practice as a whole or for one
//! location. A cell shows its recipients as chips, "Patient chooses", or, greyed, what it
//! inherits and from where, plus the validator's findings about it. Click a cell (or press
//! Enter on it) to add a person or group; × or Delete on a chip takes it out; arrow keys move
//! between cells. Only the rows in view are rendered, so hundreds of providers stay smooth.
//! Chips move by dragging (from the palette beside the grid, between and within cells, out of
//! the grid) or by keyboard (Space picks up, arrows, Space drops): see [`drag`].
//! "People & groups" folds the palette away so a 1280-px window shows five topic columns; this
//! device remembers the choice (`prefs`).
//! The grid's contents and every edit come from `switchboard_core::grid`.

use leptos::prelude::*;
use leptos::reactive::computed::Selector;
use switchboard_core::grid::GridView;
use switchboard_core::{Config, PersonId, TopicKey, lists};

use crate::navigation::{Navigation, Screen};
use crate::workspace::Workspace;
use crate::{marks, prefs, relayout};
use bulk::{AllProvidersPanel, BulkPanel, CopyPanel, ReceivesPanel, ReplacePanel};

/// Where this device keeps whether the palette is shown ("shown" or "folded").
const PALETTE_PREF: &str = "switchboard.routing.palette";

mod add_box;
mod bulk;
mod cell;
mod chip;
mod drag;
mod findings;
mod grid;
mod outranked;
mod palette;

use grid::Grid;

/// A cell's place in the grid: row index, column index.
type At = (usize, usize);

/// Shared state of the grid: what the keyboard is on, which cell's add box is open, and the
/// sentence screen readers hear after an edit.
#[derive(Clone, Copy)]
struct GridState {
    focus: RwSignal<At>,
    /// Whether a cell has the keyboard, for the cells to ask (see [`Picked`]).
    focused: Picked<At>,
    adding: RwSignal<Option<At>>,
    /// Whether a cell's add box is open, for the cells to ask.
    is_adding: Picked<Option<At>>,
    announce: RwSignal<String>,
}

/// Which one of many parts a signal picks — the cell with the keyboard, the drop target, the
/// lifted chip — for the parts that each ask "is it me?": a change of the signal notifies the
/// part it picked before and the one it picks now, not every part that asked (hundreds of
/// cells and chips on a drop; Leptos' `Selector`).
struct Picked<K>(StoredValue<Selector<K>>)
where
    K: Eq + Clone + std::hash::Hash + Send + Sync + 'static;

impl<K> Clone for Picked<K>
where
    K: Eq + Clone + std::hash::Hash + Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Picked<K> where K: Eq + Clone + std::hash::Hash + Send + Sync + 'static {}

impl<K> Picked<K>
where
    K: Eq + Clone + std::hash::Hash + Send + Sync + 'static,
{
    /// Follows `signal`.
    fn new(signal: RwSignal<K>) -> Self {
        Self(StoredValue::new(Selector::new(move || signal.get())))
    }

    /// Whether the signal picks `key` (tracked: re-run when that answer changes).
    fn is(&self, key: &K) -> bool {
        self.0.with_value(|selector| selector.selected(key))
    }
}

/// The grid's rows as filtered and shown: the view they belong to (so a change of view is a
/// change of rows even when the providers are the same), then each row's provider (`None`: the
/// first row) and name.
#[derive(Clone, Debug, PartialEq)]
struct Rows {
    view: GridView,
    heads: Vec<(Option<PersonId>, String)>,
}

/// One topic column: its key, its patient label and its To: name.
#[derive(Clone, Debug, PartialEq)]
struct Column {
    key: TopicKey,
    label: String,
    to: String,
}

/// The Routing screen.
#[component]
pub fn RoutingPage() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let navigation = expect_context::<Navigation>();
    marks::mark("routing-open", None);
    // Opened by the Overview's "Show": start on the view that holds that rule.
    let view_choice = RwSignal::new(
        navigation
            .show_rule
            .get_untracked()
            .and_then(|(_, scope)| scope.and_then(|scope| scope.location()))
            .map_or(GridView::Practice, |location| GridView::Location {
                location,
            }),
    );
    let search = RwSignal::new(String::new());
    let panel = RwSignal::new(None::<BulkPanel>);
    let preview = RwSignal::new(false);
    // The palette folds away to give the grid its width; this device remembers the choice.
    let palette = RwSignal::new(prefs::get(PALETTE_PREF).as_deref() != Some("folded"));
    Effect::new(move |_| prefs::set(PALETTE_PREF, if palette.get() { "shown" } else { "folded" }));
    let focus = RwSignal::new((0, 0));
    let adding = RwSignal::new(None);
    let state = GridState {
        focus,
        focused: Picked::new(focus),
        adding,
        is_adding: Picked::new(adding),
        announce: RwSignal::new(String::new()),
    };
    provide_context(state);
    // The page is built once the configuration is there; after that, edits re-render only
    // what they touch (each part below reads the configuration it shows).
    let loaded = Memo::new(move |_| workspace.with_directory(|_| ()).is_some());
    let locations = Memo::new(move |_| {
        workspace
            .with_directory(|config| {
                lists::locations(config)
                    .into_iter()
                    .map(|l| (l.id, l.name.clone()))
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    // The live region is a part of its own for layout (a clipped 1 × 1 px box): its sentence
    // changes with a drop's cells, one part at a time (see `relayout`).
    let announcer = NodeRef::<leptos::html::Div>::new();
    view! {
        <section class="page page-wide" data-screen=Screen::Routing.id()>
            <header class="page-header">
                <h1>{Screen::Routing.title()}</h1>
                <p class="lede">"Who receives each topic. A provider's own rule beats the location's and the practice's; greyed cells inherit."</p>
            </header>
            <div class="sr-only" role="status" aria-live="polite" data-part="announce" node_ref=announcer>{move || {
                let sentence = state.announce.get();
                if let Some(announcer) = announcer.get_untracked() {
                    relayout::before_change(&announcer);
                }
                sentence
            }}</div>
            <Show when=move || loaded.get()>
                <div class="grid-controls">
                    <label class="field inline">
                        <span>"Show"</span>
                        <select data-control="view" on:change=move |ev| {
                            let value = event_target_value(&ev);
                            view_choice.set(value.parse().map(|location| GridView::Location { location }).unwrap_or(GridView::Practice));
                            state.adding.set(None);
                        }>
                            <option value="practice" selected=move || view_choice.get() == GridView::Practice>"The whole practice"</option>
                            {move || locations.get().into_iter().map(|(id, name)| view! {
                                <option value=id.to_string() selected=move || view_choice.get() == GridView::Location { location: id }>{name}</option>
                            }).collect_view()}
                        </select>
                    </label>
                    <label class="field inline">
                        <span>"Find a provider"</span>
                        <input type="search" data-control="search" placeholder="Name"
                            prop:value=move || search.get()
                            on:input=move |ev| search.set(event_target_value(&ev)) />
                    </label>
                    <div class="grid-actions">
                        <button class="tool" data-action="open-all-providers"
                            on:click=move |_| panel.set(Some(BulkPanel::AllProviders))>"Routing for all providers…"</button>
                        <button class="tool" data-action="open-replace"
                            on:click=move |_| panel.set(Some(BulkPanel::Replace))>"Replace someone everywhere…"</button>
                        <button class="tool" data-action="open-copy"
                            on:click=move |_| panel.set(Some(BulkPanel::Copy))>"Copy routing from…"</button>
                        <button class="tool" data-action="toggle-preview"
                            aria-pressed=move || preview.get().to_string()
                            on:click=move |_| preview.update(|shown| *shown = !*shown)>"Patient preview"</button>
                        <button class="tool" data-action="toggle-palette"
                            aria-pressed=move || palette.get().to_string()
                            title="Fold the people and groups away to show more topics"
                            on:click=move |_| palette.update(|shown| *shown = !*shown)>"People & groups"</button>
                        <button class="tool" data-action="open-receives"
                            on:click=move |_| panel.set(Some(BulkPanel::Receives))>"What does someone receive?"</button>
                    </div>
                </div>
                // An open panel works on the configuration as it is now (rebuilt on each edit).
                {move || {
                    let open = panel.get()?;
                    let config = workspace.with_config(Config::clone)?;
                    Some(match open {
                        BulkPanel::AllProviders => view! { <AllProvidersPanel config open=panel /> }.into_any(),
                        BulkPanel::Replace => view! { <ReplacePanel config open=panel /> }.into_any(),
                        BulkPanel::Copy => view! { <CopyPanel config open=panel /> }.into_any(),
                        BulkPanel::Receives => view! { <ReceivesPanel config open=panel /> }.into_any(),
                    })
                }}
                <Grid view=view_choice search preview palette />
            </Show>
        </section>
    }
}
