//! One cell of the Routing grid: its chips, "Patient chooses", or, greyed, what it inherits and
//! from where, plus the validator's findings about it; click it (or press Enter) to add.

use leptos::prelude::*;
use switchboard_core::grid::{self, GridView, edits};
use switchboard_core::{Config, PersonId, Recipient, Route, Scope, TopicKey};

use crate::today::today;
use crate::workspace::Workspace;
use crate::{marks, relayout};

use super::add_box::{AddBox, inside_add_box};
use super::chip::CellChip;
use super::drag::Moves;
use super::findings::GridFindings;
use super::{At, GridState};

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
        let cell = grid::cell(config, view, provider, topic);
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
pub(super) fn Cell(
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
                .with_cell(view, provider, topic, |config| {
                    Contents::of(config, view, provider, topic)
                })
                .unwrap_or(Contents::NoRule)
        })
    });
    let findings = expect_context::<GridFindings>();
    let finding_text = Memo::new(move |_| topic.with_value(|topic| findings.text(topic, provider)));
    let has_own = Signal::derive(move || contents.with(Contents::own));
    let has_finding = Memo::new(move |_| finding_text.with(|text| !text.is_empty()));
    let node = NodeRef::<leptos::html::Div>::new();
    let focused = move || state.focused.is(&at);
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
    let content = move || {
        let contents = contents.get();
        // Before the cell's insides change, the part of the page that changed last is laid
        // out (see `relayout`): a drop that changes several cells makes WebKit lay each out
        // alone.
        if let Some(cell) = node.get_untracked() {
            relayout::before_change(&cell);
        }
        match contents {
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
            Contents::Chooses => {
                view! { <span class="chooses">"Patient chooses"</span> }.into_any()
            }
            Contents::Inherited { text, source } => view! {
                <span class="inherited" data-part="inherited">{text}</span>
                <span class="inherited-source">{source}</span>
            }
            .into_any(),
            Contents::NoRule => {
                view! { <span class="chooses inherited">"Patient chooses (no rule)"</span> }
                    .into_any()
            }
        }
    };
    view! {
        <div class="grid-cell" role="gridcell" node_ref=node
            tabindex=move || if focused() { "0" } else { "-1" }
            data-topic=topic.get_value().to_string()
            data-scope=scope_kind(scope)
            data-at=format!("{}:{}", at.0, at.1)
            class:drop-target=move || moves.is_target.is(&Some(at))
            class:cell-own=move || has_own.get()
            class:cell-finding=move || has_finding.get()
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
            // The finding's words are the mark's name and tooltip, not text in the page: a
            // drop that changes the words of a column's findings changes attributes only. And
            // the mark is always there, hidden (out of the accessibility tree too) while the
            // cell has no finding: placed on its own, it is a layer of WebKit's, and a layer
            // made or dropped as a drop changes a cell made WebKit repaint the whole page area.
            <span class="cell-finding-mark" class:idle=move || !has_finding.get()
                data-part=move || has_finding.get().then_some("cell-finding")
                role=move || has_finding.get().then_some("img")
                aria-hidden=move || (!has_finding.get()).then_some("true")
                aria-label=move || has_finding.get().then(|| finding_text.get())
                title=move || has_finding.get().then(|| finding_text.get())>"⚠"</span>
            <Show when=move || state.is_adding.is(&Some(at))>
                <AddBox topic=topic.get_value() scope row_name has_own />
            </Show>
        </div>
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
