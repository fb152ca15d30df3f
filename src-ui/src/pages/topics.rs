//! The Topics screen: the topics patients may choose, in the order they see them — each with
//! its on/off switch, its label and To: name in English and Spanish (edited in place), Move
//! up / Move down (also Alt+↑ / Alt+↓), and for custom topics, Remove. New custom topics are
//! added at the end. Every edit is a `Change` built by `switchboard_core::topic_edits`.

use leptos::html;
use leptos::prelude::*;
use switchboard_core::presets::switch_preset;
use switchboard_core::{Change, Localized, Preset, Topic, TopicKey, topic_edits};

use crate::components::Switch;
use crate::navigation::Screen;
use crate::pages::page::Page;
use crate::workspace::{Workspace, keyed_on};

/// The topic whose row should have the keyboard focus after the list re-renders.
#[derive(Clone, Copy)]
struct FocusAfterMove(RwSignal<Option<TopicKey>>);

/// A topic being dragged by its handle, and the row (index) it would be dropped on.
#[derive(Clone, Copy)]
struct TopicDrag {
    dragging: RwSignal<Option<TopicKey>>,
    over: RwSignal<Option<usize>>,
}

impl TopicDrag {
    /// The index of the topic row under the pointer, if any.
    fn row_at(event: &leptos::ev::PointerEvent) -> Option<usize> {
        let document = leptos::web_sys::window()?.document()?;
        let element =
            document.element_from_point(event.client_x() as f32, event.client_y() as f32)?;
        let row = element.closest("li.topic-row").ok()??;
        row.get_attribute("data-index")?.parse().ok()
    }
}

/// The Topics screen.
#[component]
pub fn TopicsPage() -> impl IntoView {
    provide_context(FocusAfterMove(RwSignal::new(None)));
    provide_context(TopicDrag {
        dragging: RwSignal::new(None),
        over: RwSignal::new(None),
    });
    view! {
        <Page
            screen=Screen::Topics
            lede="The topics patients can choose when they write to the practice, in the order they see them."
            loading="Loading topics…"
        >
            <TopicList />
        </Page>
    }
}

/// The list of topics, and the forms that add one and switch presets. The list re-renders when
/// the topics' order changes, each row when its own topic does — so saving one topic leaves
/// what is typed in another's editor alone.
#[component]
fn TopicList() -> impl IntoView {
    let rows = keyed_on(
        |c| c.topics.iter().map(|t| t.key.clone()).collect::<Vec<_>>(),
        |config| {
            let keys: Vec<TopicKey> =
                config.with_value(|c| c.topics.iter().map(|t| t.key.clone()).collect());
            let last = keys.len().saturating_sub(1);
            keys.into_iter()
                .enumerate()
                .map(|(index, key)| {
                    let key_here = key.clone();
                    keyed_on(
                        move |c| {
                            c.topic(&key_here)
                                .cloned()
                                .map(|topic| (topic, topic_edits::rule_count(c, &key_here)))
                        },
                        move |config| {
                            let topic = config.with_value(|c| c.topic(&key).cloned());
                            topic.map(|topic| {
                                view! { <TopicRow topic index first=index == 0 last=index == last /> }
                            })
                        },
                    )
                })
                .collect_view()
        },
    );
    view! {
        <ol class="topic-list" aria-label="Topics, in the order patients see them">{rows}</ol>
        <AddTopic />
        <PresetSwitch />
    }
}

/// One topic: switch, texts (or their editor), move and remove.
#[component]
fn TopicRow(
    /// The topic shown.
    topic: Topic,
    /// Its place in the patients' order.
    index: usize,
    /// It is the first topic (cannot move up).
    first: bool,
    /// It is the last topic (cannot move down).
    last: bool,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let FocusAfterMove(focus_after_move) = expect_context::<FocusAfterMove>();
    let drag = expect_context::<TopicDrag>();
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let row = NodeRef::<html::Li>::new();
    let key = StoredValue::new(topic.key.clone());
    let enabled = topic.enabled;
    let label = topic.label.en.clone();

    let on_toggle = Callback::new(move |value: bool| {
        workspace.apply(Change::SetTopicEnabled {
            topic: key.get_value(),
            expected: enabled,
            value,
        });
    });
    let move_by = move |offset: isize| {
        let change = workspace
            .with_config_untracked(|config| topic_edits::move_by(config, &key.get_value(), offset))
            .flatten();
        if let Some(change) = change {
            focus_after_move.set(Some(key.get_value()));
            workspace.apply(change);
        }
    };
    // Keep the keyboard on the topic that just moved.
    Effect::new(move |_| {
        if focus_after_move.get().as_ref() == Some(&key.get_value())
            && let Some(row) = row.get()
        {
            let _ = row.focus();
            focus_after_move.set(None);
        }
    });
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        if !event.alt_key() || editing.get_untracked() {
            return;
        }
        let offset = match event.key().as_str() {
            "ArrowUp" => -1,
            "ArrowDown" => 1,
            _ => return,
        };
        event.prevent_default();
        move_by(offset);
    };
    let rule_count = workspace
        .with_config_untracked(|config| topic_edits::rule_count(config, &topic.key))
        .unwrap_or_default();
    let builtin = topic.builtin;
    let (label_en, label_move, label_edit) = (label.clone(), label.clone(), label.clone());
    let drag_name = format!("Drag handle: drag {label} to reorder (or Alt+↑, Alt+↓)");
    let remove_name = format!("Remove {label}");
    let topic_for_editor = StoredValue::new(topic.clone());

    view! {
        <li
            class="topic-row"
            class:topic-off=!enabled
            data-topic=topic.key.to_string()
            data-index=index
            class:drop-over=move || drag.over.get() == Some(index) && drag.dragging.with(Option::is_some)
            class:dragging=move || drag.dragging.get().as_ref() == Some(&key.get_value())
            tabindex="0"
            node_ref=row
            aria-label=format!("{label_en}, {}", if enabled { "on" } else { "off" })
            on:keydown=on_keydown
        >
            <span class="drag-handle" data-action="drag" title="Drag to reorder" role="img"
                aria-label=drag_name
                on:pointerdown=move |ev: leptos::ev::PointerEvent| {
                    if ev.button() != 0 {
                        return;
                    }
                    ev.prevent_default();
                    if let Some(handle) = ev.current_target().and_then(|t| {
                        use wasm_bindgen::JsCast;
                        t.dyn_into::<leptos::web_sys::Element>().ok()
                    }) {
                        let _ = handle.set_pointer_capture(ev.pointer_id());
                    }
                    drag.dragging.set(Some(key.get_value()));
                    drag.over.set(Some(index));
                }
                on:pointermove=move |ev: leptos::ev::PointerEvent| {
                    if drag.dragging.with_untracked(Option::is_some)
                        && let Some(over) = TopicDrag::row_at(&ev)
                    {
                        drag.over.set(Some(over));
                    }
                }
                on:pointerup=move |ev: leptos::ev::PointerEvent| {
                    let Some(dragged) = drag.dragging.get_untracked() else {
                        return;
                    };
                    let target = TopicDrag::row_at(&ev).or_else(|| drag.over.get_untracked());
                    drag.dragging.set(None);
                    drag.over.set(None);
                    if let Some(target) = target
                        && let Some(change) = workspace.with_config_untracked(|config| topic_edits::move_to(config, &dragged, target)).flatten()
                    {
                        focus_after_move.set(Some(dragged));
                        workspace.apply(change);
                    }
                }
                on:pointercancel=move |_| {
                    drag.dragging.set(None);
                    drag.over.set(None);
                }>"⋮⋮"</span>
            <Switch on=enabled label=label.clone() on_toggle />
            <Show
                when=move || editing.get()
                fallback=move || {
                    let topic = topic_for_editor.get_value();
                    view! {
                        <div class="topic-text">
                            <span class="topic-label">{topic.label.en.clone()}</span>
                            <span class="topic-to">"To: " {topic.display_name.en.clone()}</span>
                            <span class="topic-es" lang="es">
                                {spanish_line(&topic)}
                            </span>
                        </div>
                    }
                }
            >
                <TopicEditor topic=topic_for_editor.get_value() editing=editing />
            </Show>
            <span class="topic-state">{if enabled { "On" } else { "Off" }}</span>
            <div class="row-tools">
                <button class="icon" data-action="edit" title="Edit texts"
                    aria-label=format!("Edit {label_edit}")
                    disabled=move || editing.get()
                    on:click=move |_| editing.set(true)>"✎"</button>
                <button class="icon" data-action="move-up" title="Move up (Alt+↑)"
                    aria-label=format!("Move {label_move} up")
                    disabled=first
                    on:click=move |_| move_by(-1)>"↑"</button>
                <button class="icon" data-action="move-down" title="Move down (Alt+↓)"
                    aria-label=format!("Move {} down", topic.label.en)
                    disabled=last
                    on:click=move |_| move_by(1)>"↓"</button>
                <Show when=move || !builtin>
                    <button class="icon danger" data-action="remove" title="Remove this custom topic"
                        aria-label=remove_name.clone()
                        on:click=move |_| confirming.set(true)>"✕"</button>
                </Show>
            </div>
            <Show when=move || confirming.get()>
                <div class="confirm" role="alertdialog" aria-label="Remove topic">
                    <span>
                        {format!(
                            "Remove “{label}”? {}",
                            match rule_count {
                                0 => "No routing rule uses it.".to_string(),
                                1 => "1 routing rule uses it and will be removed with it.".to_string(),
                                n => format!("{n} routing rules use it and will be removed with it."),
                            }
                        )}
                    </span>
                    <button class="tool danger" data-action="confirm-remove" on:click=move |_| {
                        confirming.set(false);
                        if let Some(change) = workspace.with_config_untracked(|config| topic_edits::remove(config, &key.get_value())).flatten() {
                            workspace.apply(change);
                        }
                    }>"Remove"</button>
                    <button class="tool" on:click=move |_| confirming.set(false)>"Cancel"</button>
                </div>
            </Show>
        </li>
    }
}

/// Four text fields: the label and the To: name, each in English and Spanish.
#[component]
fn TextFields(
    /// Label, English.
    label_en: RwSignal<String>,
    /// Label, Spanish.
    label_es: RwSignal<String>,
    /// To: name, English.
    to_en: RwSignal<String>,
    /// To: name, Spanish.
    to_es: RwSignal<String>,
) -> impl IntoView {
    let field = move |name: &'static str,
                      caption: &'static str,
                      value: RwSignal<String>,
                      lang: &'static str| {
        view! {
            <label class="mini-field">
                <span>{caption}</span>
                <input type="text" lang=lang data-field=name prop:value=move || value.get()
                    on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    view! {
        <div class="text-fields">
            {field("label-en", "Label (English)", label_en, "en")}
            {field("label-es", "Label (Spanish)", label_es, "es")}
            {field("to-en", "To: name (English)", to_en, "en")}
            {field("to-es", "To: name (Spanish)", to_es, "es")}
        </div>
    }
}

/// The in-place editor of a topic's texts. Enter saves, Escape cancels.
#[component]
fn TopicEditor(
    /// The topic edited.
    topic: Topic,
    /// Set to false to close the editor.
    editing: RwSignal<bool>,
) -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let label_en = RwSignal::new(topic.label.en.clone());
    let label_es = RwSignal::new(topic.label.es.clone());
    let to_en = RwSignal::new(topic.display_name.en.clone());
    let to_es = RwSignal::new(topic.display_name.es.clone());
    let problem = RwSignal::new(None::<String>);
    let key = topic.key.clone();
    let save = move || {
        let Some(result) = workspace.with_config_untracked(|config| {
            topic_edits::set_texts(
                config,
                &key,
                Localized::new(label_en.get_untracked(), label_es.get_untracked()),
                Localized::new(to_en.get_untracked(), to_es.get_untracked()),
            )
        }) else {
            return;
        };
        match result {
            Ok(change) => {
                if let Some(change) = change {
                    workspace.apply(change);
                }
                editing.set(false);
            }
            Err(err) => problem.set(Some(err.to_string())),
        }
    };
    let save_on_enter = save.clone();
    view! {
        <form class="topic-editor" data-part="topic-editor"
            on:submit=move |ev| { ev.prevent_default(); save(); }
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    editing.set(false);
                }
            }>
            <TextFields label_en label_es to_en to_es />
            {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
            <div class="editor-actions">
                <button type="submit" class="tool primary" data-action="save" on:click=move |ev| {
                    ev.prevent_default();
                    save_on_enter();
                }>"Save"</button>
                <button type="button" class="tool" data-action="cancel" on:click=move |_| editing.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}

/// "Add a topic": a custom topic at the end of the list.
#[component]
fn AddTopic() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let open = RwSignal::new(false);
    let label_en = RwSignal::new(String::new());
    let label_es = RwSignal::new(String::new());
    let to_en = RwSignal::new(String::new());
    let to_es = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(result) = workspace.with_config_untracked(|config| {
            topic_edits::add_custom(
                config,
                Localized::new(label_en.get_untracked(), label_es.get_untracked()),
                Localized::new(to_en.get_untracked(), to_es.get_untracked()),
            )
        }) else {
            return;
        };
        match result {
            Ok(change) => {
                workspace.apply(change);
                open.set(false);
            }
            Err(err) => problem.set(Some(err.to_string())),
        }
    };
    view! {
        <div class="add-topic">
            <Show
                when=move || open.get()
                fallback=move || view! {
                    <button class="tool" data-action="add-topic" on:click=move |_| open.set(true)>"+ Add a topic"</button>
                }
            >
                <form class="topic-editor" data-part="add-topic" on:submit=add>
                    <TextFields label_en label_es to_en to_es />
                    {move || problem.get().map(|text| view! { <p class="field-error" role="alert">{text}</p> })}
                    <div class="editor-actions">
                        <button type="submit" class="tool primary" data-action="create-topic">"Add topic"</button>
                        <button type="button" class="tool" on:click=move |_| open.set(false)>"Cancel"</button>
                    </div>
                </form>
            </Show>
        </div>
    }
}

/// The Spanish texts as one line; a missing one shows the English patients will see instead.
fn spanish_line(topic: &Topic) -> String {
    let or_english = |es: &str, en: &str| {
        if es.trim().is_empty() {
            format!("{en} (no Spanish text: English is shown)")
        } else {
            es.to_string()
        }
    };
    format!(
        "{} · {}",
        or_english(&topic.label.es, &topic.label.en),
        or_english(&topic.display_name.es, &topic.display_name.en)
    )
}

/// "Start from a preset": Elation's six topics or ICANotes' five, with a preview of what
/// changes (topics in, topics out with their rules, topics kept) before it applies.
#[component]
fn PresetSwitch() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let chosen = RwSignal::new(None::<Preset>);
    // Follows the configuration: what a switch would do now.
    let preview = Memo::new(move |_| {
        let preset = chosen.get()?;
        workspace.with_config(|config| switch_preset(config, preset))
    });
    let list = |items: Vec<String>| {
        items
            .into_iter()
            .map(|item| view! { <li>{item}</li> })
            .collect_view()
    };
    view! {
        <section class="preset" data-part="preset">
            <h2>"Presets"</h2>
            <p class="lede">"Replace the topic list with a preset. Your custom topics stay; topics that go take their routing rules with them."</p>
            <div class="editor-actions">
                <button class="tool" data-action="preset-elation" on:click=move |_| chosen.set(Some(Preset::Elation))>
                    "Elation's six topics…"
                </button>
                <button class="tool" data-action="preset-icanotes" on:click=move |_| chosen.set(Some(Preset::IcaNotes))>
                    "ICANotes' five topics…"
                </button>
            </div>
            {move || preview.get().map(|preview| {
                let change = preview.change.clone();
                let removed: Vec<String> = preview
                    .removed
                    .iter()
                    .map(|(label, rules)| match rules {
                        0 => label.clone(),
                        1 => format!("{label} (and its 1 routing rule)"),
                        n => format!("{label} (and its {n} routing rules)"),
                    })
                    .collect();
                view! {
                    <div class="preset-preview" data-part="preset-preview">
                        {match &change {
                            None => view! { <p>"The topic list already is this preset."</p> }.into_any(),
                            Some(_) => view! {
                                <div class="preset-columns">
                                    <div><h3>"Added"</h3><ul data-part="added">{list(preview.added.clone())}</ul></div>
                                    <div><h3>"Removed"</h3><ul data-part="removed">{list(removed)}</ul></div>
                                    <div><h3>"Kept"</h3><ul data-part="kept">{list(preview.kept.clone())}</ul></div>
                                </div>
                            }.into_any(),
                        }}
                        <div class="editor-actions">
                            <button class="tool primary" data-action="apply-preset" disabled=change.is_none()
                                on:click=move |_| {
                                    if let Some(change) = change.clone() {
                                        workspace.apply(change);
                                    }
                                    chosen.set(None);
                                }>"Switch topics"</button>
                            <button class="tool" on:click=move |_| chosen.set(None)>"Cancel"</button>
                        </div>
                    </div>
                }
            })}
        </section>
    }
}
