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
use switchboard_core::grid::{self, CellFindings, GridView, edits};
use switchboard_core::{Config, PersonId, Recipient, Route, Scope, TopicKey};

use crate::app::{Navigation, Screen, Workspace};
use crate::marks;
use crate::pages::Preview;
use crate::pages::routing_bulk::{
    AllProvidersPanel, BulkPanel, CopyPanel, ReceivesPanel, ReplacePanel,
};
use crate::today::today;

mod chip;
mod drag;
pub(crate) mod outranked;
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

/// Each cell's findings in the grid's view (provided to the cells).
#[derive(Clone, Copy)]
struct CellFindingsMemo(Memo<CellFindings>);

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
    // The page is built once the configuration is there; after that, edits re-render only
    // what they touch (each part below reads the configuration it shows).
    let loaded = Memo::new(move |_| workspace.with_directory(|_| ()).is_some());
    let locations = Memo::new(move |_| {
        workspace
            .with_directory(|config| {
                let mut list: Vec<_> = config
                    .locations
                    .values()
                    .map(|l| (l.id, l.name.clone()))
                    .collect();
                list.sort_by(|a, b| a.1.cmp(&b.1));
                list
            })
            .unwrap_or_default()
    });
    view! {
        <section class="page page-wide" data-screen=Screen::Routing.id()>
            <header class="page-header">
                <h1>{Screen::Routing.title()}</h1>
                <p class="lede">"Who receives each topic. A provider's own rule beats the location's and the practice's; greyed cells inherit."</p>
            </header>
            <div class="sr-only" role="status" aria-live="polite" data-part="announce">{move || state.announce.get()}</div>
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
                <Grid view=view_choice search preview />
            </Show>
        </section>
    }
}

/// The grid of the shown configuration. Rows, columns and each cell's contents are memos of
/// the configuration (rows and columns of its directory only, so a routing edit leaves them
/// alone), so an edit re-renders the cells whose contents it changed, not the grid; scrolling
/// renders the rows that come into view.
#[component]
fn Grid(
    /// Practice or one location.
    view: RwSignal<GridView>,
    /// Text that provider rows must contain.
    search: RwSignal<String>,
    /// The patient's preview is open beside the grid (in place of the palette).
    preview: RwSignal<bool>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GridState>();
    let rows = Memo::new(move |_| {
        let view = view.get();
        let needle = search.get().to_lowercase();
        let heads = workspace
            .with_directory(|config| grid::row_heads(config, view))
            .unwrap_or_default();
        Rows {
            view,
            heads: heads
                .into_iter()
                .enumerate()
                .filter(|(index, (_, name))| *index == 0 || name.to_lowercase().contains(&needle))
                .map(|(_, head)| head)
                .collect(),
        }
    });
    let columns = Memo::new(move |_| {
        workspace
            .with_directory(|config| {
                grid::columns(config, view.get())
                    .into_iter()
                    .map(|topic| Column {
                        key: topic.key.clone(),
                        label: topic.label.en.clone(),
                        to: topic.display_name.en.clone(),
                    })
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let column_count = Memo::new(move |_| columns.with(Vec::len));
    // Each cell's findings, looked up; they follow an edit by a frame (see `workspace`).
    let found = Memo::new(move |_| {
        let view = view.get();
        workspace.findings.with(|findings| {
            findings
                .as_deref()
                .map(|findings| CellFindings::of(view, findings))
                .unwrap_or_default()
        })
    });
    provide_context(CellFindingsMemo(found));
    let moves = Moves::new(rows, columns);
    provide_context(moves);
    // The chip that captured the pointer may have scrolled out of the rendered rows: the
    // window hears the release too (a release the chip already handled is ignored).
    let release = window_event_listener(leptos::ev::pointerup, move |event| moves.release(&event));
    on_cleanup(move || release.remove());
    // The benchmark's "grid shows this revision": the frame after the cells rendered it.
    let revision = Memo::new(move |_| workspace.revision());
    Effect::new(move |_| {
        let revision = revision.get();
        marks::mark_when_idle("idle", Some(revision));
        marks::mark_next_frame("grid", Some(revision));
    });
    let scroll_top = RwSignal::new(0.0_f64);
    let viewport = RwSignal::new(600.0_f64);
    let body = NodeRef::<leptos::html::Div>::new();
    // The Overview's "Show": focus that rule's cell once the rows are there.
    let navigation = expect_context::<Navigation>();
    Effect::new(move |_| {
        let Some((topic, scope)) = navigation.show_rule.get() else {
            return;
        };
        let scope = scope.unwrap_or(Scope::Practice);
        let row = rows.with(|rows| {
            rows.heads
                .iter()
                .position(|(provider, _)| grid::row_scope(rows.view, *provider) == scope)
        });
        let column = columns.with_untracked(|columns| columns.iter().position(|c| c.key == topic));
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
        let total = rows.with(|rows| rows.heads.len());
        let first = ((scroll_top.get() / ROW_HEIGHT).floor() as usize).saturating_sub(OVERSCAN);
        let shown = (viewport.get() / ROW_HEIGHT).ceil() as usize + 2 * OVERSCAN;
        (first.min(total), (first + shown).min(total), total)
    };
    let header = move || {
        columns
            .get()
            .into_iter()
            .map(|Column { key, label, to }| {
                view! {
                    <div class="grid-head" role="columnheader" data-topic=key.to_string()>
                        <span class="grid-topic">{label}</span>
                        <span class="grid-to">"To: " {to}</span>
                    </div>
                }
            })
            .collect_view()
    };

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
        let last_row = rows
            .with_untracked(|rows| rows.heads.len())
            .saturating_sub(1);
        let last_column = column_count.get_untracked().saturating_sub(1);
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
        <div class="grid" role="grid" aria-label="Routing" aria-rowcount=move || rows.with(|rows| rows.heads.len())>
            <div class="grid-body" node_ref=body on:keydown=on_keydown
                on:scroll=move |ev| {
                    let target = event_target::<leptos::web_sys::HtmlElement>(&ev);
                    scroll_top.set(f64::from(target.scroll_top()));
                    viewport.set(f64::from(target.client_height()));
                }>
                <div class="grid-row grid-header" role="row" style:grid-template-columns=move || columns_template(column_count.get())>
                    <div class="grid-head grid-corner" role="columnheader">"Patients of"</div>
                    {header}
                </div>
                <div class="grid-spacer" style:height=move || format!("{}px", window().0 as f64 * ROW_HEIGHT)></div>
                // Rows are keyed by their place and provider: scrolling (or the viewport's size
                // settling) renders only the rows that come into the window, not all of them.
                // New rows or columns render them all again.
                {move || {
                    let topics: Vec<TopicKey> = columns.with(|columns| columns.iter().map(|c| c.key.clone()).collect());
                    let view = rows.with(|rows| rows.view);
                    view! {
                        <For
                            each=move || {
                                let (first, end, _) = window();
                                rows.with(|rows| {
                                    rows.heads[first..end]
                                        .iter()
                                        .enumerate()
                                        .map(|(offset, (provider, name))| (first + offset, *provider, name.clone()))
                                        .collect::<Vec<_>>()
                                })
                            }
                            key=|(index, provider, _)| (*index, *provider)
                            children=move |(index, provider, name)| view! {
                                <Row provider name index view topics=topics.clone() />
                            }
                        />
                    }
                }}
                <div class="grid-spacer" style:height=move || {
                    let (_, end, total) = window();
                    format!("{}px", (total - end) as f64 * ROW_HEIGHT)
                }></div>
            </div>
        </div>
        {move || if preview.get() {
            workspace.with_config(Config::clone).map(|config| view! {
                <aside class="preview-pane" data-part="preview-pane" aria-label="Patient preview">
                    <Preview config />
                </aside>
            }.into_any())
        } else {
            Some(view! { <Palette /> }.into_any())
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
    /// The row's provider; `None` for the first row (everyone).
    provider: Option<PersonId>,
    /// The row's name.
    name: String,
    /// Its index among the (filtered) rows.
    index: usize,
    /// The view the row belongs to.
    view: GridView,
    /// The topic of each column.
    topics: Vec<TopicKey>,
) -> impl IntoView {
    let row_name = StoredValue::new(name.clone());
    let column_count = topics.len();
    view! {
        <div class="grid-row" role="row" data-row=index style:grid-template-columns=columns_template(column_count) data-provider=provider.map(|id| id.to_string()).unwrap_or_default()
            class:grid-default=provider.is_none()>
            <div class="grid-name" role="rowheader">{name}</div>
            {topics.into_iter().enumerate().map(|(column, topic)| view! {
                <Cell topic provider view at=(index, column) row_name />
            }).collect_view()}
        </div>
    }
}

/// What a cell shows, in words: a memo of the configuration, so the cell re-renders only when
/// this changes.
#[derive(Clone, Debug, PartialEq)]
enum Contents {
    /// Its own recipients: who, their name, and their badge.
    Chips(Vec<(Recipient, String, Option<String>)>),
    /// Its own rule: the patient chooses.
    Chooses,
    /// No rule of its own: what applies instead, and where it comes from.
    Inherited { text: String, source: String },
    /// No rule here or above: the patient chooses.
    NoRule,
}

impl Contents {
    /// The contents of the cell of `topic` in `provider`'s row of `view`.
    fn of(config: &Config, view: GridView, provider: Option<PersonId>, topic: &TopicKey) -> Self {
        let cell = grid::cell(config, view, provider, topic, &CellFindings::default());
        match (cell.own, cell.inherited) {
            (Some(Route::Recipients(list)), _) => Contents::Chips(
                list.as_slice()
                    .iter()
                    .map(|&recipient| {
                        (
                            recipient,
                            config.recipient_name(recipient),
                            grid::badge(config, recipient, today()),
                        )
                    })
                    .collect(),
            ),
            (Some(Route::PatientChooses), _) => Contents::Chooses,
            (None, Some((source, route))) => Contents::Inherited {
                text: match route {
                    Route::Recipients(list) => list
                        .as_slice()
                        .iter()
                        .map(|r| config.recipient_name(*r))
                        .collect::<Vec<_>>()
                        .join(", "),
                    Route::PatientChooses => "Patient chooses".to_string(),
                },
                source: grid::source_name(config, source),
            },
            (None, None) => Contents::NoRule,
        }
    }

    /// Whether the cell has a rule of its own.
    fn own(&self) -> bool {
        matches!(self, Contents::Chips(_) | Contents::Chooses)
    }
}

/// One cell: its chips or what it inherits, its findings, and the add box when open.
#[component]
fn Cell(
    /// The cell's topic.
    topic: TopicKey,
    /// Its row's provider (`None`: the first row).
    provider: Option<PersonId>,
    /// The view it belongs to.
    view: GridView,
    /// Its place in the grid.
    at: At,
    /// Its row's name, for announcements.
    row_name: StoredValue<String>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let state = expect_context::<GridState>();
    let moves = expect_context::<Moves>();
    let scope = grid::row_scope(view, provider);
    let topic = StoredValue::new(topic);
    let contents = Memo::new(move |_| {
        marks::mark("cell", None);
        topic.with_value(|topic| {
            workspace
                .with_rules_of(topic, |config| Contents::of(config, view, provider, topic))
                .unwrap_or(Contents::NoRule)
        })
    });
    let CellFindingsMemo(found) = expect_context::<CellFindingsMemo>();
    let finding_text = Memo::new(move |_| {
        found.with(|found| topic.with_value(|topic| found.get(topic, provider).join(" ")))
    });
    let has_own = Signal::derive(move || contents.with(Contents::own));
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
        workspace
            .with_config_untracked(|config| {
                config.topic(&topic.get_value()).map(|t| t.label.en.clone())
            })
            .flatten()
            .unwrap_or_default()
    };
    let name_of = move |recipient: Recipient| {
        workspace
            .with_config_untracked(|config| config.recipient_name(recipient))
            .unwrap_or_default()
    };
    let remove = move |recipient: Recipient| {
        let change = workspace
            .with_config_untracked(|config| {
                edits::remove_recipient(config, &topic.get_value(), scope, recipient)
            })
            .flatten();
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
    let content = move || match contents.get() {
        Contents::Chips(chips) => chips
            .into_iter()
            .enumerate()
            .map(|(index, (recipient, label, badge))| {
                view! {
                    <CellChip recipient label badge at index focused=Signal::derive(focused)
                        remove=Callback::new(remove) />
                }
            })
            .collect_view()
            .into_any(),
        Contents::Chooses => view! { <span class="chooses">"Patient chooses"</span> }.into_any(),
        Contents::Inherited { text, source } => view! {
            <span class="inherited" data-part="inherited">{text}</span>
            <span class="inherited-source">{source}</span>
        }
        .into_any(),
        Contents::NoRule => {
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
            class:cell-own=move || has_own.get()
            class:cell-finding=move || finding_text.with(|text| !text.is_empty())
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
                    && let Some(last) = contents.with_untracked(|contents| match contents {
                        Contents::Chips(chips) => chips.last().map(|(recipient, _, _)| *recipient),
                        _ => None,
                    })
                {
                    ev.prevent_default();
                    remove(last);
                }
            }>
            <div class="cell-chips">{content}</div>
            {move || finding_text.with(|text| (!text.is_empty()).then(|| view! {
                <span class="cell-finding-mark" title=text.clone() data-part="cell-finding">
                    "⚠ " <span class="sr-only">{text.clone()}</span>
                </span>
            }))}
            <Show when=move || state.adding.get() == Some(at)>
                <AddBox topic=topic.get_value() scope row_name has_own />
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
    /// The cell has a rule of its own (so it can be reset).
    has_own: Signal<bool>,
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
        workspace
            .with_config_untracked(|config| {
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
            .unwrap_or_default()
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
        let change = workspace
            .with_config_untracked(|config| {
                edits::add_recipient(config, &topic.get_value(), scope, recipient)
            })
            .flatten();
        let topic_name = workspace
            .with_config_untracked(|c| {
                c.topic(&topic.get_value())
                    .map_or_else(String::new, |t| t.label.en.clone())
            })
            .unwrap_or_default();
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
                    let change = workspace.with_config_untracked(|config| edits::patient_chooses(config, &topic.get_value(), scope)).flatten();
                    commit(change, format!("Patients of {} choose for this topic.", row_name.get_value()));
                }>"Patient chooses"</button>
                <Show when=move || has_own.get() && scope != Scope::Practice>
                    <button type="button" class="tool" data-action="reset" on:click=move |_| {
                        let change = workspace.with_config_untracked(|config| edits::reset_to_inherited(config, &topic.get_value(), scope)).flatten();
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
