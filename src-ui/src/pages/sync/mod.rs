//! The Sync & history screen: the practice server (sign in, first connection, status, sign
//! out), the conflicts waiting for a choice, and the practice's change log.

mod conflicts;
mod history;
mod server;

use leptos::prelude::*;

use crate::navigation::Screen;
use crate::pages::page::Page;

pub use conflicts::ConflictsSection;
pub use history::HistorySection;
pub use server::ServerSection;

/// The Sync & history screen.
#[component]
pub fn SyncPage() -> impl IntoView {
    view! {
        <Page screen=Screen::History
            lede="Connect to your practice server, settle changes that clashed with someone else's, and review every change: who made it, when, from which computer, and whether it has reached the server."
            loading="Loading the history…">
            <ServerSection />
            <ConflictsSection />
            <HistorySection />
        </Page>
    }
}
