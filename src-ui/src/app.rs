//! The window's frame: the navigation between screens, and the [`Workspace`] every screen
//! reads the configuration from and sends its changes through.

use leptos::prelude::*;
use switchboard_core::Change;
use switchboard_core::ipc::{Applied, CommandError, HistoryState, Snapshot};

use crate::components::{Notice, NoticeKind};
use crate::ipc;
use crate::pages::{
    EmptyScreen, LocationsPage, OverviewPage, PeoplePage, PracticeSettingsPage, PreviewChoices,
    PreviewPage, RoutingPage, TopicsPage, findings,
};

/// The screens of the app, in navigation order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Screen {
    Overview,
    Topics,
    Routing,
    Locations,
    People,
    Settings,
    Preview,
    History,
}

impl Screen {
    pub const ALL: [Screen; 8] = [
        Screen::Overview,
        Screen::Topics,
        Screen::Routing,
        Screen::Locations,
        Screen::People,
        Screen::Settings,
        Screen::Preview,
        Screen::History,
    ];

    /// The name in the navigation and the page heading.
    pub fn title(self) -> &'static str {
        match self {
            Screen::Overview => "Overview",
            Screen::Topics => "Topics",
            Screen::Routing => "Routing",
            Screen::Locations => "Locations",
            Screen::People => "People & groups",
            Screen::Settings => "Message settings",
            Screen::Preview => "Portal preview",
            Screen::History => "Sync & history",
        }
    }

    /// A stable identifier (`data-screen`), for tests and styles.
    pub fn id(self) -> &'static str {
        match self {
            Screen::Overview => "overview",
            Screen::Topics => "topics",
            Screen::Routing => "routing",
            Screen::Locations => "locations",
            Screen::People => "people",
            Screen::Settings => "settings",
            Screen::Preview => "preview",
            Screen::History => "history",
        }
    }
}

/// What the user asks of the configuration: a new change, or a step back or forward.
#[derive(Clone, Debug)]
pub enum Edit {
    Apply(Box<Change>),
    Undo,
    Redo,
}

/// The configuration as every screen sees it, and the one way to change it.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The configuration, reloaded whenever an edit has been applied.
    pub snapshot: LocalResource<Result<Snapshot, CommandError>>,
    /// Applies an edit through the store; one at a time.
    pub edit: Action<Edit, Result<Applied, CommandError>>,
}

impl Workspace {
    /// Applies `change`.
    pub fn apply(&self, change: Change) {
        self.edit.dispatch(Edit::Apply(Box::new(change)));
    }
}

/// Moving between screens from inside one: the current screen, and a routing rule another
/// screen asked the Routing grid to show (the Overview's "Show").
#[derive(Clone, Copy)]
pub struct Navigation {
    pub screen: RwSignal<Screen>,
    /// Topic and scope to bring into view and focus; `None` scope: the practice default row.
    pub show_rule: RwSignal<Option<(switchboard_core::TopicKey, Option<switchboard_core::Scope>)>>,
}

impl Navigation {
    /// Opens the Routing grid on the cell of `topic` at `scope`.
    pub fn show(&self, topic: switchboard_core::TopicKey, scope: Option<switchboard_core::Scope>) {
        self.show_rule.set(Some((topic, scope)));
        self.screen.set(Screen::Routing);
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let edit = Action::new_local(|edit: &Edit| {
        let edit = edit.clone();
        async move {
            match edit {
                Edit::Apply(change) => ipc::apply_change(*change).await,
                Edit::Undo => ipc::undo().await,
                Edit::Redo => ipc::redo().await,
            }
        }
    });
    let snapshot = LocalResource::new(move || {
        edit.version().get();
        ipc::load_config()
    });
    let workspace = Workspace { snapshot, edit };
    provide_context(workspace);
    history_shortcuts(workspace);
    let screen = RwSignal::new(Screen::Overview);
    PreviewChoices::provide();
    provide_context(Navigation {
        screen,
        show_rule: RwSignal::new(None),
    });

    // The Overview's badge: how many findings the validator has now.
    let finding_count = Memo::new(move |_| {
        snapshot
            .get()
            .and_then(Result::ok)
            .map_or(0, |snapshot| findings(&snapshot.config).len())
    });
    let nav_items = Screen::ALL
        .into_iter()
        .map(|item| {
            let badge = (item == Screen::Overview).then_some(move || {
                let count = finding_count.get();
                (count > 0).then(|| {
                    view! {
                        <span class="nav-badge" data-part="finding-count" title="Findings">
                            {count}
                        </span>
                    }
                })
            });
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
                <ApplyError />
                {move || match screen.get() {
                    Screen::Overview => view! { <OverviewPage /> }.into_any(),
                    Screen::Topics => view! { <TopicsPage /> }.into_any(),
                    Screen::Preview => view! { <PreviewPage /> }.into_any(),
                    Screen::Routing => view! { <RoutingPage /> }.into_any(),
                    Screen::Locations => view! { <LocationsPage /> }.into_any(),
                    Screen::Settings => view! { <PracticeSettingsPage /> }.into_any(),
                    Screen::People => view! { <PeoplePage /> }.into_any(),
                    other => view! { <EmptyScreen screen=other /> }.into_any(),
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
    move || {
        workspace.snapshot.get().and_then(Result::ok).map(|snapshot| {
            let demo = snapshot.config.demo;
            view! {
                <div class="practice">
                    <span class="practice-name">{snapshot.config.practice_name.0}</span>
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

/// The last refused change, in words.
#[component]
fn ApplyError() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    move || match workspace.edit.value().get() {
        Some(Err(err)) => Some(view! { <Notice kind=NoticeKind::Error message=err.message /> }),
        _ => None,
    }
}

/// What undo and redo can do now, from the latest snapshot.
fn history_state(workspace: Workspace) -> HistoryState {
    workspace
        .snapshot
        .get()
        .and_then(Result::ok)
        .map(|snapshot| snapshot.history)
        .unwrap_or_default()
}

/// Undo and redo buttons.
#[component]
fn HistoryToolbar() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let busy = move || workspace.edit.pending().get();
    view! {
        <div class="toolbar" role="toolbar" aria-label="History">
            <button
                class="tool"
                data-action="undo"
                title="Undo (Ctrl+Z, ⌘Z)"
                disabled=move || busy() || !history_state(workspace).can_undo
                on:click=move |_| {
                    workspace.edit.dispatch(Edit::Undo);
                }
            >
                "↶ Undo"
            </button>
            <button
                class="tool"
                data-action="redo"
                title="Redo (Ctrl+Y, ⇧⌘Z)"
                disabled=move || busy() || !history_state(workspace).can_redo
                on:click=move |_| {
                    workspace.edit.dispatch(Edit::Redo);
                }
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
            ("z", false) => Some((Edit::Undo, history_state(workspace).can_undo)),
            ("z", true) | ("y", false) => Some((Edit::Redo, history_state(workspace).can_redo)),
            _ => None,
        };
        if let Some((edit, possible)) = wanted {
            event.prevent_default();
            if possible && !workspace.edit.pending().get_untracked() {
                workspace.edit.dispatch(edit);
            }
        }
    });
    on_cleanup(move || handle.remove());
}

/// Whether a key event happened in a field that edits text.
fn in_text_field(event: &leptos::ev::KeyboardEvent) -> bool {
    use wasm_bindgen::JsCast;
    let Some(element) = event
        .target()
        .and_then(|target| target.dyn_into::<leptos::web_sys::HtmlElement>().ok())
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

/// The bottom line: saving, saved, and how many changes wait for the practice server.
#[component]
fn StatusLine() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let text = move || {
        if workspace.edit.pending().get() {
            return "Saving…".to_string();
        }
        match workspace.snapshot.get() {
            Some(Ok(snapshot)) => match snapshot.history.unsynced {
                0 => "Saved".to_string(),
                1 => "Saved · 1 change not yet synced".to_string(),
                n => format!("Saved · {n} changes not yet synced"),
            },
            Some(Err(_)) => "Not connected to the local database".to_string(),
            None => "Loading…".to_string(),
        }
    };
    view! {
        <footer class="status-line" role="status" aria-live="polite">
            {text}
        </footer>
    }
}
