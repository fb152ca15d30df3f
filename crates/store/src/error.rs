//! [`StoreError`]: what can go wrong reading or writing the local database.

use std::path::PathBuf;

use switchboard_core::ipc::{CommandError, ErrorCode};
use switchboard_core::{ApplyError, ImportError};

/// A failed store operation. Messages say what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Switchboard could not open its database at {path}: {source}. Check that the folder exists and that you may write to it."
    )]
    Open {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
    #[error(
        "Switchboard could not upgrade its database at {path}: {source}. The file may come from a newer version of Switchboard; update the app, or restore a backup."
    )]
    Migrate {
        path: PathBuf,
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error(transparent)]
    Rejected(#[from] ApplyError),
    #[error(transparent)]
    Import(#[from] ImportError),
    #[error(
        "There is nothing to undo: you have made no change on this computer that is not undone already."
    )]
    NothingToUndo,
    #[error(
        "There is nothing to redo: redo brings back what undo took back, until you make a new change."
    )]
    NothingToRedo,
    #[error(
        "The database holds {what} that Switchboard cannot read. Restore a backup or re-import the configuration."
    )]
    Corrupt { what: String },
    #[error(
        "The local database failed ({0}). Your edit was not saved; try again, and restart Switchboard if it keeps happening."
    )]
    Database(#[from] sqlx::Error),
}

impl StoreError {
    /// Whether trying the same operation again may succeed (a busy or failing disk, not a bad edit).
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Database(_))
    }
}

impl From<StoreError> for CommandError {
    fn from(err: StoreError) -> Self {
        match err {
            StoreError::Rejected(rejected) => rejected.into(),
            StoreError::Import(import) => import.into(),
            StoreError::NothingToUndo | StoreError::NothingToRedo => {
                CommandError::new(ErrorCode::Invalid, err.to_string())
            }
            other => CommandError::new(ErrorCode::Storage, other.to_string()),
        }
    }
}
