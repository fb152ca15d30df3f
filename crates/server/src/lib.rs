#![forbid(unsafe_code)]
//! Switchboard's practice server: where a practice's one configuration lives, where several
//! managers' edits meet, and where the patient portal asks where a message goes.
//!
//! What belongs here: HTTP ([`api`]), who may do what ([`auth`]), storage ([`db`]: SQLite by
//! default, PostgreSQL for several processes) and the command line ([`cli`]). What does not:
//! any decision about a configuration — applying a change, routing a message, the portal's
//! screen — which `switchboard_core` makes, exactly as in the desktop app.

pub mod api;
pub mod auth;
pub mod cli;
pub mod clock;
pub mod db;
pub mod error;
mod revisions;

use std::sync::Arc;

use switchboard_core::RoutingIndex;

use crate::revisions::AtRevision;

/// What every request handler shares: the database, and the routing index of each practice
/// at the revision it was built for (see [`revisions`]: it can never answer for a revision
/// other than the current one).
#[derive(Debug, Clone)]
pub struct AppState<D> {
    pub db: D,
    indexes: AtRevision<RoutingIndex>,
}

impl<D> AppState<D> {
    /// The state over `db`.
    pub fn new(db: D) -> Self {
        Self {
            db,
            indexes: AtRevision::default(),
        }
    }

    pub(crate) fn cached_index(
        &self,
        practice: switchboard_core::PracticeId,
        revision: i64,
    ) -> Option<Arc<RoutingIndex>> {
        self.indexes.get(practice, revision)
    }

    pub(crate) fn keep_index(
        &self,
        practice: switchboard_core::PracticeId,
        revision: i64,
        index: Arc<RoutingIndex>,
    ) {
        self.indexes.keep(practice, revision, index);
    }
}
