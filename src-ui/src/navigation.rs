//! Where the window is: the [`Screen`] shown, and a routing rule one screen asks the Routing
//! grid to bring into view ([`Navigation`], provided by the app to every screen).

use leptos::prelude::*;
use switchboard_core::{Scope, TopicKey};

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

/// Moving between screens from inside one: the current screen, and a routing rule another
/// screen asked the Routing grid to show (the Overview's "Show").
#[derive(Clone, Copy)]
pub struct Navigation {
    pub screen: RwSignal<Screen>,
    /// Topic and scope to bring into view and focus; `None` scope: the practice default row.
    pub show_rule: RwSignal<Option<(TopicKey, Option<Scope>)>>,
}

impl Navigation {
    /// Opens the Routing grid on the cell of `topic` at `scope`.
    pub fn show(&self, topic: TopicKey, scope: Option<Scope>) {
        self.show_rule.set(Some((topic, scope)));
        self.screen.set(Screen::Routing);
    }
}
