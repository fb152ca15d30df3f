//! The window's frame: the sidebar that moves between screens ([`crate::navigation`]), the
//! history toolbar, and the [`Workspace`] every screen reads the configuration from and sends
//! its changes through, provided to them all.

use leptos::prelude::*;

use crate::components::{Notice, NoticeKind};
use crate::navigation::{Navigation, Screen};
use crate::pages::{
    LocationsPage, OverviewPage, PeoplePage, PracticeSettingsPage, PreviewChoices, PreviewPage,
    RoutingPage, SyncPage, TopicsPage,
};
use crate::sync_state::{self, SyncState};
use crate::workspace::Workspace;
use switchboard_core::ipc::desktop::UpdateView;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    crate::marks::milestone("switchboard:ui-start");
    let workspace = Workspace::new();
    provide_context(workspace);
    history_shortcuts(workspace);
    let screen = RwSignal::new(Screen::Overview);
    PreviewChoices::provide();
    let sync = SyncState::provide(workspace);
    menu_actions(workspace, screen);
    let update = RwSignal::new(None);
    crate::ipc::on_update(move |view| update.set(Some(view)));
    provide_context(Navigation {
        screen,
        show_rule: RwSignal::new(None),
    });

    // The Overview's badge: how many findings the validator has now (they follow an edit by
    // a frame: see `workspace`).
    let finding_count = Memo::new(move |_| {
        workspace
            .findings
            .with(|found| found.as_ref().map_or(0, |found| found.len()))
    });
    let nav_items = Screen::ALL
        .into_iter()
        .map(|item| {
            let badge = move || {
                let (count, part, title) = match item {
                    Screen::Overview => (finding_count.get(), "finding-count", "Findings"),
                    Screen::History => (
                        sync.view
                            .with(|v| v.as_ref().map_or(0, |v| v.conflicts as usize)),
                        "conflict-count",
                        "Conflicts waiting for a choice",
                    ),
                    _ => (0, "", ""),
                };
                (count > 0).then(|| {
                    view! {
                        <span class="nav-badge" data-part=part title=title>
                            {count}
                        </span>
                    }
                })
            };
            view! {
                <li>
                    <button
                        class="nav-item"
                        data-screen=item.id()
                        aria-current=move || (screen.get() == item).then_some("page")
                        on:click=move |_| screen.set(item)
                    >
                        <span>{item.title()}</span>
                        {badge}
                    </button>
                </li>
            }
        })
        .collect_view();

    view! {
        <div class="shell">
            <aside class="sidebar">
                <div class="brand">"Switchboard"</div>
                <PracticeName />
                <nav aria-label="Screens">
                    <ul class="nav-list">{nav_items}</ul>
                </nav>
            </aside>
            <main class="content" data-current-screen=move || screen.get().id()>
                <HistoryToolbar />
                <UpdateBanner update=update />
                <ApplyError />
                {move || match screen.get() {
                    Screen::Overview => view! { <OverviewPage /> }.into_any(),
                    Screen::Topics => view! { <TopicsPage /> }.into_any(),
                    Screen::Preview => view! { <PreviewPage /> }.into_any(),
                    Screen::Routing => view! { <RoutingPage /> }.into_any(),
                    Screen::Locations => view! { <LocationsPage /> }.into_any(),
                    Screen::Settings => view! { <PracticeSettingsPage /> }.into_any(),
                    Screen::People => view! { <PeoplePage /> }.into_any(),
                    Screen::History => view! { <SyncPage /> }.into_any(),
                }}
            </main>
            <StatusLine />
        </div>
    }
}

/// The practice's name under the app name, with a demo label when it is the demo.
#[component]
fn PracticeName() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let shown = Memo::new(move |_| {
        workspace.with_directory(|config| (config.practice_name.0.clone(), config.demo))
    });
    move || {
        shown.get().map(|(name, demo)| {
            view! {
                <div class="practice">
                    <span class="practice-name">{name}</span>
                    <Show when=move || demo>
                        <span class="badge badge-demo" title="Demo data: never sent to a server">
                            "Demo"
                        </span>
                    </Show>
                </div>
            }
        })
    }
}

/// An update the person chose to install: its download as a determinate progress bar, then
/// its verification, or why it was refused (nothing was installed then).
#[component]
fn UpdateBanner(
    /// The shell's latest word about the update (`None`: no update under way).
    update: RwSignal<Option<UpdateView>>,
) -> impl IntoView {
    let bar = |received: u64, total: u64| {
        let percent = received.saturating_mul(100) / total.max(1);
        view! {
            <progress id="update-progress" max=total.to_string() value=received.to_string()>
                {format!("{percent}%")}
            </progress>
        }
    };
    move || {
        update.get().map(|step| match step {
            UpdateView::Downloading {
                version,
                received,
                total,
            } => view! {
                <div class="notice notice-info update-banner" data-part="update" data-state="downloading" role="status">
                    <label for="update-progress">{format!("Downloading Switchboard {version}…")}</label>
                    {match total {
                        Some(total) => bar(received, total).into_any(),
                        // The server did not say how large it is: an indeterminate bar.
                        None => view! { <progress id="update-progress"></progress> }.into_any(),
                    }}
                </div>
            }
            .into_any(),
            UpdateView::Installing { version, size } => view! {
                <div class="notice notice-info update-banner" data-part="update" data-state="installing" role="status">
                    <label for="update-progress">
                        {format!("Switchboard {version} is downloaded and its signature verified. Installing it and restarting…")}
                    </label>
                    {bar(size, size)}
                </div>
            }
            .into_any(),
            UpdateView::Verified { version, size } => view! {
                <div class="notice notice-info update-banner" data-part="update" data-state="verified" role="status">
                    <label for="update-progress">
                        {format!("Switchboard {version} is downloaded and its signature verified. This test build does not install it.")}
                    </label>
                    {bar(size, size)}
                </div>
            }
            .into_any(),
            UpdateView::Refused { version, message } => view! {
                <div class="notice notice-error update-banner" data-part="update" data-state="refused" role="alert">
                    <p>{format!("Switchboard {version}: {message}")}</p>
                    <button data-action="dismiss-update" on:click=move |_| update.set(None)>
                        "Dismiss"
                    </button>
                </div>
            }
            .into_any(),
        })
    }
}

/// The last refused change, in words.
#[component]
fn ApplyError() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    move || {
        workspace
            .refused
            .get()
            .map(|err| view! { <Notice kind=NoticeKind::Error message=err.message /> })
    }
}

/// Undo and redo buttons.
#[component]
fn HistoryToolbar() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    view! {
        <div class="toolbar" role="toolbar" aria-label="History">
            <button
                class="tool"
                data-action="undo"
                title="Undo (Ctrl+Z, ⌘Z)"
                disabled=move || !workspace.can_undo()
                on:click=move |_| workspace.undo()
            >
                "↶ Undo"
            </button>
            <button
                class="tool"
                data-action="redo"
                title="Redo (Ctrl+Y, ⇧⌘Z)"
                disabled=move || !workspace.can_redo()
                on:click=move |_| workspace.redo()
            >
                "↷ Redo"
            </button>
        </div>
    }
}

/// Ctrl/Cmd+Z undoes, Ctrl+Y and Cmd+Shift+Z redo — except in a text field, where they
/// belong to the text.
fn history_shortcuts(workspace: Workspace) {
    let handle = window_event_listener(leptos::ev::keydown, move |event| {
        if !(event.ctrl_key() || event.meta_key()) || event.alt_key() || in_text_field(&event) {
            return;
        }
        let key = event.key().to_lowercase();
        let wanted = match (key.as_str(), event.shift_key()) {
            ("z", false) => Some(Workspace::undo as fn(&Workspace)),
            ("z", true) | ("y", false) => Some(Workspace::redo as fn(&Workspace)),
            _ => None,
        };
        if let Some(step) = wanted {
            event.prevent_default();
            // Each does nothing when there is nothing to undo or redo.
            step(&workspace);
        }
    });
    on_cleanup(move || handle.remove());
}

/// Whether a key event happened in a field that edits text.
fn in_text_field(event: &leptos::ev::KeyboardEvent) -> bool {
    is_text_field(event.target())
}

/// Whether `target` is a field that takes typed text.
fn is_text_field(target: Option<impl wasm_bindgen::JsCast>) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) =
        target.and_then(|target| target.dyn_into::<leptos::web_sys::HtmlElement>().ok())
    else {
        return false;
    };
    if element.is_content_editable() || element.tag_name() == "TEXTAREA" {
        return true;
    }
    element
        .dyn_into::<leptos::web_sys::HtmlInputElement>()
        .is_ok_and(|input| !matches!(input.type_().as_str(), "checkbox" | "radio" | "button"))
}

/// The native menu's actions (see the shell's `menu.rs`): Undo and Redo (in a text field they
/// belong to the text, as the shortcuts do), View's screens, and File's practice items, which
/// open the screen where the practice is set up, imported and exported.
fn menu_actions(workspace: Workspace, screen: RwSignal<Screen>) {
    crate::ipc::on_menu(move |id| {
        let in_text = is_text_field(
            leptos::web_sys::window()
                .and_then(|window| window.document())
                .and_then(|document| document.active_element()),
        );
        match id.as_str() {
            "undo" | "redo" if in_text => text_command(&id),
            "undo" => workspace.undo(),
            "redo" => workspace.redo(),
            "new-practice" | "import-configuration" | "export-configuration" | "import-fhir" => {
                screen.set(Screen::Settings)
            }
            other => {
                if let Some(target) = other
                    .strip_prefix("screen:")
                    .and_then(|id| Screen::ALL.into_iter().find(|screen| screen.id() == id))
                {
                    screen.set(target);
                }
            }
        }
    });
}

/// Runs the browser's own editing `command` ("undo", "redo") in the focused text field.
fn text_command(command: &str) {
    use wasm_bindgen::{JsCast, JsValue};
    let Some(document) = leptos::web_sys::window().and_then(|window| window.document()) else {
        return;
    };
    let exec = js_sys::Reflect::get(&document, &JsValue::from_str("execCommand"))
        .ok()
        .and_then(|exec| exec.dyn_into::<js_sys::Function>().ok());
    if let Some(exec) = exec {
        let _ = exec.call1(&document, &JsValue::from_str(command));
    }
}

/// How long edits must have been on their way to the store before the status line says
/// "Saving…": a save that ends sooner (nearly all do) changes the line once, with the edit,
/// instead of flashing a word too brief to read.
const SLOW_SAVE: std::time::Duration = std::time::Duration::from_millis(400);

/// The bottom line: saving, saved, and how many changes wait for the practice server. While
/// edits are on their way it is `aria-busy` (a screen reader waits for what was saved); it
/// says "Saving…" once that has taken [`SLOW_SAVE`], and until then already says what the
/// shown edits make of it (one more change to sync): the line changes in the frame that shows
/// the edit, and not again when the store answers as predicted (a second frame saved, issue
/// 18).
#[component]
fn StatusLine() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let sync = expect_context::<SyncState>();
    let slow = RwSignal::new(false);
    Effect::new(move |timer: Option<Option<TimeoutHandle>>| {
        if let Some(Some(timer)) = timer {
            timer.clear();
        }
        if workspace.saving() {
            set_timeout_with_handle(move || slow.set(true), SLOW_SAVE).ok()
        } else {
            if slow.get_untracked() {
                slow.set(false);
            }
            None
        }
    });
    let text = Memo::new(move |_| {
        if workspace.saving() && slow.get() {
            return "Saving…".to_string();
        }
        let connected = sync.view.with(|view| {
            view.as_ref()
                .filter(|view| view.server.is_some() || view.signed_in)
                .map(sync_state::summary)
        });
        if let Some(summary) = connected {
            return format!("Saved · {summary}");
        }
        workspace.snapshot.with(|shown| match shown {
            Some(Ok(snapshot)) => match snapshot.history.unsynced {
                0 => "Saved".to_string(),
                1 => "Saved · 1 change not yet synced".to_string(),
                n => format!("Saved · {n} changes not yet synced"),
            },
            Some(Err(_)) => "Not connected to the local database".to_string(),
            None => "Loading…".to_string(),
        })
    });
    let line = NodeRef::<leptos::html::Div>::new();
    // The words change in the frame that shows an edit: the part of the page the edit changed
    // is laid out first, so that WebKit does not lay out (and repaint) the whole page for the
    // two at once (see `relayout`).
    let words = move || {
        let words = text.get();
        if let Some(line) = line.get_untracked() {
            crate::relayout::before_change(&line);
        }
        words
    };
    view! {
        <div class="status-line" role="status" aria-live="polite" node_ref=line
            aria-busy=move || workspace.saving().then_some("true")>
            {words}
        </div>
    }
}
