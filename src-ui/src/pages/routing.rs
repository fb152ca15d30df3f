//! The Routing screen: who receives each topic, as a grid — a first row for everyone, then one
//! row per provider, one column per enabled topic — for the practice as a whole or for one
//! location. A cell shows its recipients as chips, "Patient chooses", or, greyed, what it
//! inherits and from where, plus the validator's findings about it. Click a cell (or press
//! Enter on it) to add a person or group; × or Delete on a chip takes it out; arrow keys move
//! between cells. Only the rows in view are rendered, so hundreds of providers stay smooth.
//! Chips move by dragging (from the palette beside the grid, between and within cells, out of
//! the grid) or by keyboard (Space picks up, arrows, Space drops): see [`drag`].
//! The grid's contents and every edit come from `switchboard_core::grid`.

use leptos::prelude::*;
use switchboard_core::grid::{self, GridCell, GridRow, GridView, edits};
use switchboard_core::{Config, Recipient, Route, Scope, TopicKey};

use crate::app::{Navigation, Screen, Workspace};
use crate::marks;
use crate::pages::routing_bulk::{
    AllProvidersPanel, BulkPanel, CopyPanel, ReceivesPanel, ReplacePanel,
};
use crate::pages::{Preview, findings};
use crate::today::today;

mod chip;
mod drag;
mod palette;

use chip::CellChip;
use drag::Moves;
use palette::Palette;

/// Height of one grid row in pixels (rows are fixed-height so only visible ones render).
const ROW_HEIGHT: f64 = 64.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;

/// A cell's place in the grid: row index, column index.
type At = (usize, usize);

/// Shared state of the grid: what the keyboard is on, which cell's add box is open, and the
/// sentence screen readers hear after an edit.
#[derive(Clone, Copy)]
struct GridState {
    focus: RwSignal<At>,
    adding: RwSignal<Option<At>>,
    announce: RwSignal<String>,
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
    let state = GridState {
        focus: RwSignal::new((0, 0)),
        adding: RwSignal::new(None),
        announce: RwSignal::new(String::new()),
    };
    provide_context(state);
    view! {
        <section class="page page-wide" data-screen=Screen::Routing.id()>
            <header class="page-header">
                <h1>{Screen::Routing.title()}</h1>
                <p class="lede">"Who receives each topic. A provider's own rule beats the location's and the practice's; greyed cells inherit."</p>
            </header>
            <div class="sr-only" role="status" aria-live="polite" data-part="announce">{move || state.announce.get()}</div>
            {move || workspace.snapshot.get().and_then(Result::ok).map(|snapshot| {
                let config = snapshot.config;
                // The benchmark's "grid shows this snapshot": after this render, next frame.
                let revision = snapshot.revision;
                marks::mark("snapshot", Some(revision));
                Effect::new(move |_| marks::mark_next_frame("grid", Some(revision)));
                let locations: Vec<_> = {
                    let mut list: Vec<_> = config.locations.values().map(|l| (l.id, l.name.clone())).collect();
                    list.sort_by(|a, b| a.1.cmp(&b.1));
                    list
                };
                view! {
                    <div class="grid-controls">
                        <label class="field inline">
                            <span>"Show"</span>
                            <select data-control="view" on:change=move |ev| {
                                let value = event_target_value(&ev);
                                view_choice.set(value.parse().map(|location| GridView::Location { location }).unwrap_or(GridView::Practice));
                                state.adding.set(None);
                            }>
                                <option value="practice" selected=move || view_choice.get() == GridView::Practice>"The whole practice"</option>
                                {locations.into_iter().map(|(id, name)| view! {
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
                            <button class="tool" data-action="open-receives"
                                on:click=move |_| panel.set(Some(BulkPanel::Receives))>"What does someone receive?"</button>
                        </div>
                    </div>
                    {
                        let panel_config = config.clone();
                        move || match panel.get() {
                            Some(BulkPanel::AllProviders) => Some(view! { <AllProvidersPanel config=panel_config.clone() open=panel /> }.into_any()),
                            Some(BulkPanel::Replace) => Some(view! { <ReplacePanel config=panel_config.clone() open=panel /> }.into_any()),
                            Some(BulkPanel::Copy) => Some(view! { <CopyPanel config=panel_config.clone() open=panel /> }.into_any()),
                            Some(BulkPanel::Receives) => Some(view! { <ReceivesPanel config=panel_config.clone() open=panel /> }.into_any()),
                            None => None,
                        }
                    }
                    <Grid config view=view_choice search preview />
                }
            })}
        </section>
    }
}

/// The grid for one configuration.
#[component]
fn Grid(
    /// The configuration shown.
    config: Config,
    /// Practice or one location.
    view: RwSignal<GridView>,
    /// Text that provider rows must contain.
    search: RwSignal<String>,
    /// The patient's preview is open beside the grid (in place of the palette).
    preview: RwSignal<bool>,
) -> impl IntoView {
    let state = expect_context::<GridState>();
    let config = StoredValue::new(config);
    let all_findings = StoredValue::new(config.with_value(findings));
    let rows = Memo::new(move |_| {
        let needle = search.get().to_lowercase();
        config.with_value(|config| {
            all_findings.with_value(|found| {
                grid::rows(config, view.get(), found)
                    .into_iter()
                    .enumerate()
                    .filter(|(index, row)| *index == 0 || row.name.to_lowercase().contains(&needle))
                    .map(|(_, row)| row)
                    .collect::<Vec<GridRow>>()
            })
        })
    });
    let columns = config.with_value(|config| {
        config
            .topics
            .iter()
            .filter(|topic| topic.enabled)
            .map(|topic| (topic.label.en.clone(), topic.display_name.en.clone()))
            .collect::<Vec<_>>()
    });
    let column_count = columns.len();
    let moves = Moves::new(rows, config, column_count);
    provide_context(moves);
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(600.0_f64);
    let body = NodeRef::<leptos::html::Div>::new();
    // The Overview's "Show": focus that rule's cell once the rows are there.
    let navigation = expect_context::<Navigation>();
    let topic_keys: Vec<TopicKey> = config.with_value(|config| {
        config
            .topics
            .iter()
            .filter(|topic| topic.enabled)
            .map(|topic| topic.key.clone())
            .collect()
    });
    Effect::new(move |_| {
        let Some((topic, scope)) = navigation.show_rule.get() else {
            return;
        };
        let scope = scope.unwrap_or(Scope::Practice);
        let row = rows.with(|rows| {
            rows.iter()
                .position(|row| grid::row_scope(view.get_untracked(), row.provider) == scope)
        });
        let column = topic_keys.iter().position(|key| *key == topic);
        if let (Some(row), Some(column)) = (row, column) {
            state.focus.set((row, column));
            if let Some(body) = body.get_untracked() {
                body.set_scroll_top((row as f64 * ROW_HEIGHT) as i32);
            }
        }
        navigation.show_rule.set(None);
    });
    Effect::new(move |_| {
        if let Some(body) = body.get() {
            viewport.set(f64::from(body.client_height()).max(ROW_HEIGHT));
        }
    });
    let window = move || {
        let total = rows.with(Vec::len);
        let first = ((scroll_top.get() / ROW_HEIGHT).floor() as usize).saturating_sub(OVERSCAN);
        let shown = (viewport.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        (first.min(total), (first + shown).min(total), total)
    };
    let header = columns
        .into_iter()
        .map(|(label, to)| {
            view! {
                <div class="grid-head" role="columnheader">
                    <span class="grid-topic">{label}</span>
                    <span class="grid-to">"To: " {to}</span>
                </div>
            }
        })
        .collect_view();

    // Keep row `row` in view.
    let keep_in_view = move |row: usize| {
        if let Some(body) = body.get_untracked() {
            let top = row as f64 * ROW_HEIGHT;
            let height = f64::from(body.client_height());
            if top < f64::from(body.scroll_top()) {
                body.set_scroll_top(top as i32);
            } else if top + ROW_HEIGHT > f64::from(body.scroll_top()) + height {
                body.set_scroll_top((top + ROW_HEIGHT - height) as i32);
            }
        }
    };

    // Arrow keys move between cells (or, carrying a chip, the drop target); Enter opens the
    // add box; Escape closes it.
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if moves.carrying() {
            if let Some((row, _)) = moves.carry_key(&event) {
                keep_in_view(row);
            }
            return;
        }
        if state.adding.get_untracked().is_some() {
            return;
        }
        let (row, column) = state.focus.get_untracked();
        let last_row = rows.with_untracked(Vec::len).saturating_sub(1);
        let last_column = column_count.saturating_sub(1);
        let next = match event.key().as_str() {
            "ArrowUp" => (row.saturating_sub(1), column),
            "ArrowDown" => ((row + 1).min(last_row), column),
            "ArrowLeft" => (row, column.saturating_sub(1)),
            "ArrowRight" => (row, (column + 1).min(last_column)),
            "Enter" => {
                event.prevent_default();
                state.adding.set(Some((row, column)));
                return;
            }
            _ => return,
        };
        event.prevent_default();
        state.focus.set(next);
        keep_in_view(next.0);
    };

    view! {
        <div class="routing-layout">
        <div class="grid" role="grid" aria-label="Routing" aria-rowcount=move || rows.with(Vec::len)>
            <div class="grid-body" node_ref=body on:keydown=on_keydown
                on:scroll=move |ev| {
                    let target = event_target::<leptos::web_sys::HtmlElement>(&ev);
                    scroll_top.set(f64::from(target.scroll_top()));
                    viewport.set(f64::from(target.client_height()));
                }>
                <div class="grid-row grid-header" role="row" style:grid-template-columns=columns_template(column_count)>
                    <div class="grid-head grid-corner" role="columnheader">"Patients of"</div>
                    {header}
                </div>
                <div class="grid-spacer" style:height=move || format!("{}px", window().0 as f64 * ROW_HEIGHT)></div>
                {move || {
                    let (first, end, _) = window();
                    rows.with(|rows| rows[first..end].to_vec())
                        .into_iter()
                        .enumerate()
                        .map(|(offset, row)| view! { <Row row index=first + offset config column_count /> })
                        .collect_view()
                }}
                <div class="grid-spacer" style:height=move || {
                    let (_, end, total) = window();
                    format!("{}px", (total - end) as f64 * ROW_HEIGHT)
                }></div>
            </div>
        </div>
        {move || if preview.get() {
            view! {
                <aside class="preview-pane" data-part="preview-pane" aria-label="Patient preview">
                    <Preview config=config.get_value() />
                </aside>
            }.into_any()
        } else {
            view! { <Palette config /> }.into_any()
        }}
        </div>
        <Show when=move || moves.ghost.with(Option::is_some)>
            <div class="drag-ghost" aria-hidden="true" data-part="drag-ghost"
                style:transform=move || {
                    let (x, y) = moves.pointer.get();
                    format!("translate({}px, {}px)", x + 10.0, y + 10.0)
                }>
                {move || moves.ghost.get().unwrap_or_default()}
            </div>
        </Show>
    }
}

/// One rendered row.
#[component]
fn Row(
    /// The row's contents.
    row: GridRow,
    /// Its index among the (filtered) rows.
    index: usize,
    /// The configuration, for names and edits.
    config: StoredValue<Config>,
    /// How many topic columns the grid has.
    column_count: usize,
) -> impl IntoView {
    let GridRow {
        provider,
        name,
        cells,
    } = row;
    let row_name = StoredValue::new(name.clone());
    view! {
        <div class="grid-row" role="row" data-row=index style:grid-template-columns=columns_template(column_count) data-provider=provider.map(|id| id.to_string()).unwrap_or_default()
            class:grid-default=provider.is_none()>
            <div class="grid-name" role="rowheader">{name}</div>
            {cells.into_iter().enumerate().map(|(column, cell)| view! {
                <Cell cell at=(index, column) row_name config />
            }).collect_view()}
        </div>
    }
}

/// One cell: its chips or what it inherits, its findings, and the add box when open.
#[component]
fn Cell(
    /// What the cell shows.
    cell: GridCell,
    /// Its place in the grid.
    at: At,
    /// Its row's name, for announcements.
    row_name: StoredValue<String>,
    /// The configuration, for names and edits.
    config: StoredValue<Config>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GridState>();
    let moves = expect_context::<Moves>();
    let GridCell {
        topic,
        scope,
        own,
        inherited,
        findings,
    } = cell;
    let topic = StoredValue::new(topic);
    let node = NodeRef::<leptos::html::Div>::new();
    let focused = move || state.focus.get() == at;
    Effect::new(move |_| {
        if focused()
            && state.adding.get().is_none()
            && let Some(node) = node.get()
        {
            let _ = node.focus();
        }
    });
    let topic_name = move || {
        config.with_value(|config| {
            config
                .topic(&topic.get_value())
                .map_or_else(String::new, |t| t.label.en.clone())
        })
    };
    let name_of =
        move |recipient: Recipient| config.with_value(|config| config.recipient_name(recipient));
    let remove = move |recipient: Recipient| {
        let change = config.with_value(|config| {
            edits::remove_recipient(config, &topic.get_value(), scope, recipient)
        });
        if let Some(change) = change {
            state.announce.set(format!(
                "Removed {} from {} for {}.",
                name_of(recipient),
                topic_name(),
                row_name.get_value()
            ));
            workspace.apply(change);
        }
    };
    let has_findings = !findings.is_empty();
    let finding_text = findings.join(" ");
    let has_own = own.is_some();
    let content = match (&own, &inherited) {
        (Some(Route::Recipients(list)), _) => list
            .as_slice()
            .iter()
            .enumerate()
            .map(|(index, recipient)| {
                let recipient = *recipient;
                let label = name_of(recipient);
                let badge = config.with_value(|config| grid::badge(config, recipient, today()));
                view! {
                    <CellChip recipient label badge at index focused=Signal::derive(focused)
                        remove=Callback::new(remove) />
                }
            })
            .collect_view()
            .into_any(),
        (Some(Route::PatientChooses), _) => {
            view! { <span class="chooses">"Patient chooses"</span> }.into_any()
        }
        (None, Some((source, route))) => {
            let text = match route {
                Route::Recipients(list) => list
                    .as_slice()
                    .iter()
                    .map(|r| name_of(*r))
                    .collect::<Vec<_>>()
                    .join(", "),
                Route::PatientChooses => "Patient chooses".to_string(),
            };
            let source = config.with_value(|config| grid::source_name(config, *source));
            view! {
                <span class="inherited" data-part="inherited">{text}</span>
                <span class="inherited-source">{source}</span>
            }
            .into_any()
        }
        (None, None) => {
            view! { <span class="chooses inherited">"Patient chooses (no rule)"</span> }.into_any()
        }
    };
    view! {
        <div class="grid-cell" role="gridcell" node_ref=node
            tabindex=move || if focused() { "0" } else { "-1" }
            data-topic=topic.get_value().to_string()
            data-scope=scope_kind(scope)
            data-at=format!("{}:{}", at.0, at.1)
            class:drop-target=move || moves.target.get() == Some(at)
            class:cell-own=has_own
            class:cell-finding=has_findings
            on:focus=move |_| state.focus.set(at)
            on:click=move |ev| {
                // A click inside the open add box (a match, "Patient chooses", "Close") is the
                // box's own; the cell must not open it again.
                if moves.take_click() || inside_add_box(&ev) {
                    return;
                }
                state.focus.set(at);
                state.adding.set(Some(at));
            }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                // Delete takes out the cell's last recipient when the cell itself is focused.
                if (ev.key() == "Delete" || ev.key() == "Backspace")
                    && state.adding.get_untracked().is_none()
                    && let Some(Route::Recipients(list)) = config.with_value(|c| c.routes.get(&topic.get_value(), scope).cloned())
                    && let Some(last) = list.as_slice().last()
                {
                    ev.prevent_default();
                    remove(*last);
                }
            }>
            <div class="cell-chips">{content}</div>
            {has_findings.then(|| view! {
                <span class="cell-finding-mark" title=finding_text.clone() data-part="cell-finding">
                    "⚠ " <span class="sr-only">{finding_text.clone()}</span>
                </span>
            })}
            <Show when=move || state.adding.get() == Some(at)>
                <AddBox topic=topic.get_value() scope row_name config has_own />
            </Show>
        </div>
    }
}

/// "Add provider, staff, or group in practice…": a search box listing matches.
#[component]
fn AddBox(
    /// The cell's topic.
    topic: TopicKey,
    /// The cell's scope.
    scope: Scope,
    /// The row's name, for announcements.
    row_name: StoredValue<String>,
    /// The configuration, for names and edits.
    config: StoredValue<Config>,
    /// The cell has a rule of its own (so it can be reset).
    has_own: bool,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GridState>();
    let query = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let topic = StoredValue::new(topic);
    let matches = move || {
        let needle = query.get().to_lowercase();
        config.with_value(|config| {
            let mut found: Vec<(Recipient, String, &'static str)> = config
                .groups
                .values()
                .map(|g| (Recipient::Group(g.id), g.name.clone(), "Group"))
                .chain(config.people.values().filter(|p| p.active).map(|p| {
                    let kind = if p.is_provider() { "Provider" } else { "Staff" };
                    (Recipient::Person(p.id), p.display_name(), kind)
                }))
                .filter(|(_, name, _)| name.to_lowercase().contains(&needle))
                .collect();
            found.sort_by(|a, b| a.1.cmp(&b.1));
            found.truncate(8);
            found
        })
    };
    let close = move || state.adding.set(None);
    let commit = move |change: Option<switchboard_core::Change>, sentence: String| {
        if let Some(change) = change {
            state.announce.set(sentence);
            workspace.apply(change);
        }
        close();
    };
    let add = move |recipient: Recipient, name: String| {
        let change = config.with_value(|config| {
            edits::add_recipient(config, &topic.get_value(), scope, recipient)
        });
        let topic_name = config.with_value(|c| {
            c.topic(&topic.get_value())
                .map_or_else(String::new, |t| t.label.en.clone())
        });
        commit(
            change,
            format!("Added {name} to {topic_name} for {}.", row_name.get_value()),
        );
    };
    view! {
        <div class="add-box" data-part="add-box" on:click=|ev| ev.stop_propagation()
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                ev.stop_propagation();
                match ev.key().as_str() {
                    "Escape" => { ev.prevent_default(); close(); }
                    "Enter" => {
                        ev.prevent_default();
                        if let Some((recipient, name, _)) = matches().into_iter().next() {
                            add(recipient, name);
                        }
                    }
                    _ => {}
                }
            }>
            <input type="search" node_ref=input data-part="add-search"
                placeholder="Add provider, staff, or group in practice…"
                aria-label="Add provider, staff, or group in practice"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev)) />
            <ul class="add-matches" role="listbox">
                {move || matches().into_iter().map(|(recipient, name, kind)| {
                    let label = name.clone();
                    view! {
                        <li role="option">
                            <button type="button" data-recipient=recipient_id(recipient)
                                on:click=move |_| add(recipient, label.clone())>
                                <span>{name}</span><span class="match-kind">{kind}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <div class="add-actions">
                <button type="button" class="tool" data-action="patient-chooses" on:click=move |_| {
                    let change = config.with_value(|config| edits::patient_chooses(config, &topic.get_value(), scope));
                    commit(change, format!("Patients of {} choose for this topic.", row_name.get_value()));
                }>"Patient chooses"</button>
                <Show when=move || has_own && scope != Scope::Practice>
                    <button type="button" class="tool" data-action="reset" on:click=move |_| {
                        let change = config.with_value(|config| edits::reset_to_inherited(config, &topic.get_value(), scope));
                        commit(change, format!("{} inherits this topic again.", row_name.get_value()));
                    }>"Reset to inherited"</button>
                </Show>
                <button type="button" class="tool" on:click=move |_| close()>"Close"</button>
            </div>
        </div>
    }
}

/// Whether a click happened inside a cell's add box.
fn inside_add_box(event: &leptos::ev::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|element| element.closest(".add-box").ok().flatten())
        .is_some()
}

/// The CSS columns: the row names, then one per topic.
fn columns_template(columns: usize) -> String {
    format!("220px repeat({columns}, 200px)")
}

/// `person:<id>` or `group:<id>`, the chips' `data-recipient`.
fn recipient_id(recipient: Recipient) -> String {
    match recipient {
        Recipient::Person(id) => format!("person:{id}"),
        Recipient::Group(id) => format!("group:{id}"),
    }
}

fn scope_kind(scope: Scope) -> &'static str {
    match scope {
        Scope::Practice => "practice",
        Scope::Provider { .. } => "provider",
        Scope::Location { .. } => "location",
        Scope::LocationProvider { .. } => "location_provider",
    }
}
