//! One module per screen; a screen with parts is a folder whose `mod.rs` holds the page and
//! the state its parts share (`people/{directory, forms, groups}`, `routing/{grid, cell,
//! add_box, chip, palette, drag, bulk, outranked}`). Pages read the
//! [`Workspace`](crate::workspace::Workspace), move between screens with
//! [`navigation`](crate::navigation), take their lists from `switchboard_core::lists`, and
//! never import the window's frame (`app.rs`, which imports them): `crate::layering` checks.

mod appearance;
mod locations;
mod overview;
mod page;
mod people;
mod practice;
mod preview;
mod routing;
mod settings;
mod sync;
mod topics;

pub use locations::LocationsPage;
pub use overview::OverviewPage;
pub use people::PeoplePage;
pub use practice::PracticeSettingsPage;
pub use preview::{Choices as PreviewChoices, Preview, PreviewPage};
pub use routing::RoutingPage;
pub use sync::SyncPage;
pub use topics::TopicsPage;
