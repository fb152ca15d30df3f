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

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

use switchboard_core::{PracticeId, RoutingIndex};

/// Each practice's routing index, with the revision it was built for.
type Indexes = HashMap<PracticeId, (i64, Arc<RoutingIndex>)>;

/// What every request handler shares: the database, and the routing index of each practice
/// at the revision it was built for (checked against the database's head on every use, so it
/// can never answer for a revision other than the current one).
#[derive(Debug, Clone)]
pub struct AppState<D> {
    pub db: D,
    indexes: Arc<Mutex<Indexes>>,
}

impl<D> AppState<D> {
    /// The state over `db`.
    pub fn new(db: D) -> Self {
        Self {
            db,
            indexes: Arc::default(),
        }
    }

    fn indexes(&self) -> std::sync::MutexGuard<'_, Indexes> {
        // A poisoned map holds at worst an index for an older revision, which the revision
        // check ignores.
        self.indexes.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn cached_index(
        &self,
        practice: PracticeId,
        revision: i64,
    ) -> Option<Arc<RoutingIndex>> {
        self.indexes()
            .get(&practice)
            .filter(|(at, _)| *at == revision)
            .map(|(_, index)| Arc::clone(index))
    }

    pub(crate) fn keep_index(&self, practice: PracticeId, revision: i64, index: Arc<RoutingIndex>) {
        let mut indexes = self.indexes();
        let newer = indexes.get(&practice).is_none_or(|(at, _)| *at <= revision);
        if newer {
            indexes.insert(practice, (revision, index));
        }
    }
}
