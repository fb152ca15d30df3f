//! One module per screen. Pages read the [`Workspace`](crate::app::Workspace) and build changes.

mod empty;
mod topics;

pub use empty::EmptyScreen;
pub use topics::TopicsPage;
