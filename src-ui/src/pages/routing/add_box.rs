//! A cell's add box: "Add provider, staff, or group…", a search box listing the recipients one
//! may pick (`switchboard_core::lists::recipients`).

use leptos::prelude::*;
use switchboard_core::grid::edits;
use switchboard_core::{Recipient, Scope, TopicKey, lists};

use crate::pick::recipient_value;
use crate::workspace::Workspace;

use super::GridState;

/// "Add provider, staff, or group in practice…": a search box listing matches.
#[component]
pub(super) fn AddBox(
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
                lists::recipients(config)
                    .into_iter()
                    .filter(|choice| {
                        choice.offered() && choice.name.to_lowercase().contains(&needle)
                    })
                    .take(8)
                    .map(|choice| (choice.recipient, choice.name, choice.kind.label()))
                    .collect::<Vec<(Recipient, String, &'static str)>>()
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
            <ul class="add-matches" aria-label="Matches">
                {move || matches().into_iter().map(|(recipient, name, kind)| {
                    let label = name.clone();
                    view! {
                        <li>
                            <button type="button" data-recipient=recipient_value(recipient)
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
pub(super) fn inside_add_box(event: &leptos::ev::MouseEvent) -> bool {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|target| target.dyn_into::<leptos::web_sys::Element>().ok())
        .and_then(|element| element.closest(".add-box").ok().flatten())
        .is_some()
}
