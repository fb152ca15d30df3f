//! The window's frame: the navigation between screens, and the [`Workspace`] every screen
//! reads the configuration from and sends its changes through.

use leptos::prelude::*;
use switchboard_core::Change;
use switchboard_core::ipc::{Applied, CommandError, Snapshot};

use crate::components::{Notice, NoticeKind};
use crate::ipc;
use crate::pages::{EmptyScreen, TopicsPage};

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

/// The configuration as every screen sees it, and the one way to change it.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The configuration, reloaded whenever a change has been applied.
    pub snapshot: LocalResource<Result<Snapshot, CommandError>>,
    /// Applies a change through the store.
    pub apply: Action<Change, Result<Applied, CommandError>>,
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let apply = Action::new_local(|change: &Change| ipc::apply_change(change.clone()));
    let snapshot = LocalResource::new(move || {
        apply.version().get();
        ipc::load_config()
    });
    provide_context(Workspace { snapshot, apply });
    let screen = RwSignal::new(Screen::Overview);

    let nav_items = Screen::ALL
        .into_iter()
        .map(|item| {
            view! {
                <li>
                    <button
                        class="nav-item"
                        data-screen=item.id()
                        aria-current=move || (screen.get() == item).then_some("page")
                        on:click=move |_| screen.set(item)
                    >
                        {item.title()}
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
                <ApplyError />
                {move || match screen.get() {
                    Screen::Topics => view! { <TopicsPage /> }.into_any(),
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
    move || match workspace.apply.value().get() {
        Some(Err(err)) => Some(view! { <Notice kind=NoticeKind::Error message=err.message /> }),
        _ => None,
    }
}

/// The bottom line: saved state and revision.
#[component]
fn StatusLine() -> impl IntoView {
    let workspace = expect_context::<Workspace>();
    let text = move || {
        if workspace.apply.pending().get() {
            return "Saving…".to_string();
        }
        match workspace.snapshot.get() {
            Some(Ok(snapshot)) => format!("Saved · revision {}", snapshot.revision),
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
