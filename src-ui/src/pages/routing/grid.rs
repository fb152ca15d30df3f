//! The Routing grid: a first row for everyone, then one row per provider, one column per
//! enabled topic; only the rows in view are rendered, so hundreds of providers stay smooth.

use leptos::prelude::*;
use switchboard_core::grid::{self, GridView};
use switchboard_core::{Config, PersonId, Scope, TopicKey};

use crate::marks;
use crate::navigation::Navigation;
use crate::pages::Preview;
use crate::workspace::Workspace;

use super::cell::Cell;
use super::drag::Moves;
use super::findings::GridFindings;
use super::palette::Palette;
use super::{Column, GridState, Rows};

/// Height of one grid row in pixels (rows are fixed-height so only visible ones render).
const ROW_HEIGHT: f64 = 64.0;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 4;

/// The grid of the shown configuration. Rows, columns and each cell's contents are memos of
/// the configuration (rows and columns of its directory only, so a routing edit leaves them
/// alone), so an edit re-renders the cells whose contents it changed, not the grid; scrolling
/// renders the rows that come into view.
#[component]
pub(super) fn Grid(
    /// Practice or one location.
    view: RwSignal<GridView>,
    /// Text that provider rows must contain.
    search: RwSignal<String>,
    /// The patient's preview is open beside the grid (in place of the palette).
    preview: RwSignal<bool>,
    /// The palette is shown beside the grid (folded away, the grid has its width).
    palette: RwSignal<bool>,
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
    // Each cell's findings, looked up once per change of the findings (after a routing edit,
    // for the topics it touched only).
    provide_context(GridFindings::follow(workspace, view));
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
        marks::mark("grid-effect", Some(revision));
        marks::mark_when_idle("idle", Some(revision));
        marks::mark_next_frame("grid", Some(revision));
    });
    // The ghost's words: the chip being dragged, kept once the drag ends (the hidden ghost is
    // not laid out again on the drop).
    let ghost_label = Memo::new(move |last: Option<&String>| {
        moves
            .ghost
            .get()
            .or_else(|| last.cloned())
            .unwrap_or_default()
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
            palette.get().then(|| view! { <Palette /> }.into_any())
        }}
        </div>
        // Always in the page, hidden between drags (see `.drag-ghost` in style.css).
        <div class="drag-ghost" aria-hidden="true" data-part="drag-ghost"
            class:idle=move || moves.ghost.with(Option::is_none)
            style:transform=move || {
                let (x, y) = moves.pointer.get();
                format!("translate({}px, {}px)", x + 10.0, y + 10.0)
            }>
            {ghost_label}
        </div>
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

/// The CSS columns: the row names, then one per topic (widths in style.css).
fn columns_template(columns: usize) -> String {
    format!("var(--grid-name-column) repeat({columns}, var(--grid-topic-column))")
}
