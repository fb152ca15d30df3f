//! One module per screen. Pages read the [`Workspace`](crate::app::Workspace) and build changes.

mod empty;
mod overview;
mod people;
mod people_forms;
mod people_groups;
mod preview;
mod routing;
mod routing_bulk;
mod topics;

pub use empty::EmptyScreen;
pub use overview::{OverviewPage, findings};
pub use people::PeoplePage;
pub use preview::{Choices as PreviewChoices, Preview, PreviewPage};
pub use routing::RoutingPage;
pub use topics::TopicsPage;
