//! Screens that are not built yet: they say what will be there.

use leptos::prelude::*;

use crate::components::{Notice, NoticeKind};
use crate::navigation::Screen;

/// What a screen will do, shown until it is built.
fn purpose(screen: Screen) -> &'static str {
    match screen {
        Screen::Overview => {
            "Whether messaging is on, every place a patient message could get lost, and the sync state."
        }
        Screen::Topics => "The topics patients can choose.",
        Screen::Routing => {
            "Who receives each topic: per provider, for all providers at once, and per location."
        }
        Screen::Locations => "Your sites, their hours and their own messaging settings.",
        Screen::People => {
            "Providers, staff and groups, who is available for portal messages, and who is out of office."
        }
        Screen::Settings => {
            "Limits, attachments, the banner, the emergency disclaimer and the fallback inbox."
        }
        Screen::Preview => "Exactly what a patient sees when they write a new message.",
        Screen::History => {
            "Every change, who made it and when, and whether it has reached the practice server."
        }
    }
}

/// The placeholder of a screen that is still to come.
#[component]
pub fn EmptyScreen(
    /// Which screen this stands for.
    screen: Screen,
) -> impl IntoView {
    view! {
        <section class="page" data-screen=screen.id()>
            <header class="page-header">
                <h1>{screen.title()}</h1>
            </header>
            <div class="empty-state">
                <p class="empty-purpose">{purpose(screen)}</p>
                <Notice kind=NoticeKind::Info message="This screen is not available yet." />
            </div>
        </section>
    }
}
