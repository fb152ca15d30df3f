//! One module per screen. Pages read the [`Workspace`](crate::app::Workspace) and build changes.

mod empty;
mod locations;
mod overview;
mod people;
mod people_forms;
mod people_groups;
mod practice;
mod preview;
mod routing;
mod routing_bulk;
mod settings;
mod topics;

pub use empty::EmptyScreen;
pub use locations::LocationsPage;
pub use overview::{OverviewPage, findings, findings_after};
pub use people::PeoplePage;
pub use practice::PracticeSettingsPage;
pub use preview::{Choices as PreviewChoices, Preview, PreviewPage};
pub use routing::RoutingPage;
pub use topics::TopicsPage;
