//! [`StoreError`]: what can go wrong reading or writing the local database, each in a sentence
//! that says what is wrong and what to do.
//!
//! Words: a *broken file* is one Switchboard cannot use at all (not a database, cut short,
//! damaged, read-only, from a newer version); it is found when the file is opened, and trying
//! again does not help. A *busy* database is locked by another program for longer than the
//! busy timeout: the one case where trying again may succeed ([`StoreError::is_retryable`]).

use std::path::PathBuf;

use switchboard_core::ipc::{CommandError, ErrorCode};
use switchboard_core::{ApplyError, ImportError};

/// A failed store operation. Messages say what happened and what to do.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "Switchboard could not open its database at {path}: {source}. Check that the drive is connected and that you may write to that folder, then start Switchboard again."
    )]
    Open {
        path: PathBuf,
        #[source]
        source: sqlx::Error,
    },
    #[error(
        "The file {path} is not a Switchboard database (it may be another kind of file). Start Switchboard with another file, or move this one away and Switchboard will start a new database."
    )]
    NotADatabase { path: PathBuf },
    #[error(
        "The database file {path} is cut short: it holds {actual} bytes of the {expected} it should (a copy or a download may have stopped part-way). Switchboard has not changed it. Restore a backup, or copy the file again from where it came from."
    )]
    Truncated {
        path: PathBuf,
        actual: u64,
        expected: u64,
    },
    #[error(
        "The database file {path} is damaged ({detail}). Switchboard has not changed it. Restore a backup, or import your last export into a new database."
    )]
    Damaged { path: PathBuf, detail: String },
    #[error(
        "The database file {path} is read-only, so Switchboard could not save anything to it. Make the file writable (in its properties or permissions), or copy it to a folder of your own, then start Switchboard again."
    )]
    ReadOnlyFile { path: PathBuf },
    #[error(
        "The folder {folder} is read-only, and Switchboard needs to write its database and working files there. Choose a folder you may write to, or ask for write permission, then start Switchboard again."
    )]
    ReadOnlyFolder { folder: PathBuf },
    #[error(
        "The database at {path} was last used by a newer version of Switchboard (its layout has upgrade {version}, which this version does not know). Update Switchboard, or open a backup made with this version."
    )]
    NewerSchema { path: PathBuf, version: i64 },
    #[error(
        "Switchboard could not upgrade its database at {path}: {source}. Switchboard has not changed it. Restore a backup, or import your last export into a new database."
    )]
    Migrate {
        path: PathBuf,
        #[source]
        source: sqlx::migrate::MigrateError,
    },
    #[error(
        "The database at {path} is open in Switchboard more times than it can tell apart ({count}). Close some of its windows, then start Switchboard again."
    )]
    TooManyWindows { path: PathBuf, count: usize },
    #[error(
        "The local database is busy: another program (or another Switchboard window) has been writing to it for a while. Wait a moment and try again; if it keeps happening, close the other programs that use it."
    )]
    Busy(#[source] sqlx::Error),
    #[error(
        "The local database could not be written: its file or folder has become read-only ({0}). Your edit was not saved. Make them writable again, then restart Switchboard."
    )]
    BecameReadOnly(#[source] sqlx::Error),
    #[error(
        "The disk that holds the local database is full. Your edit was not saved. Free some space, then make the edit again."
    )]
    DiskFull(#[source] sqlx::Error),
    #[error(
        "The local database is damaged ({0}). Restore a backup, or import your last export into a new database."
    )]
    Corrupted(#[source] sqlx::Error),
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
        "Nothing was undone: the change you meant to take back (#{target}) is not the latest one in this window any more — it was not saved, or it is undone already. Look at the configuration as it is now; Undo takes back the latest change."
    )]
    UndoTargetMoved { target: i64 },
    #[error(
        "Nothing was redone: the undo you meant to take back (#{target}) is not the latest one in this window any more — it failed, or something was changed since. Look at the configuration as it is now."
    )]
    RedoTargetMoved { target: i64 },
    #[error(
        "The demo practice can never be uploaded to a practice server: it is made-up data. Start a new practice or import your own, then connect again."
    )]
    DemoUpload,
    #[error(
        "This database does not follow a practice server yet. Sign in to the practice server and connect first."
    )]
    NotConnected,
    #[error(
        "This database follows the practice server at {url} already. Disconnect from it before connecting to another."
    )]
    AlreadyConnected { url: String },
    #[error(
        "The server's changes came with a gap (revision {found} where {expected} was next). Nothing was changed; sync again."
    )]
    PullGap { expected: i64, found: i64 },
    #[error(
        "The server's change at revision {revision} does not fit this copy of the practice ({reason}). Nothing was changed. Disconnect and connect again to take the server's configuration."
    )]
    Diverged { revision: i64, reason: String },
    #[error("There is no conflict #{id} any more: it was settled already. Look at the list again.")]
    UnknownConflict { id: i64 },
    #[error(
        "Your change cannot be kept: {reason} Choose \"Take theirs\" for this conflict, then make the edit again if it is still needed."
    )]
    CannotKeepMine { reason: String },
    #[error(
        "The database holds {what} that Switchboard cannot read. Restore a backup or re-import the configuration."
    )]
    Corrupt { what: String },
    #[error(
        "Switchboard could not read its local database ({0}). Nothing was changed. Restart Switchboard; if it keeps happening, restore a backup."
    )]
    Read(#[source] sqlx::Error),
    #[error(
        "The local database failed ({0}). Your edit was not saved. Restart Switchboard; if it keeps happening, restore a backup."
    )]
    Write(#[source] sqlx::Error),
}

impl StoreError {
    /// Whether trying the same operation again, unchanged, may succeed: only when the database
    /// was busy. Every other error needs something done first (or is final).
    pub fn is_retryable(&self) -> bool {
        matches!(self, Self::Busy(_))
    }

    /// The same error, worded for a read: a failed read saved nothing because it wrote
    /// nothing, so it must not talk about an edit.
    pub(crate) fn reading(self) -> Self {
        match self {
            Self::Write(source) => Self::Read(source),
            other => other,
        }
    }
}

/// SQLite's primary result codes that decide the sentence (sqlite3.h).
mod code {
    pub const BUSY: i64 = 5;
    pub const LOCKED: i64 = 6;
    pub const READONLY: i64 = 8;
    pub const CORRUPT: i64 = 11;
    pub const FULL: i64 = 13;
    pub const NOTADB: i64 = 26;
}

/// The primary SQLite result code of `err`, if it is an error SQLite reported.
pub(crate) fn sqlite_code(err: &sqlx::Error) -> Option<i64> {
    let sqlx::Error::Database(db) = err else {
        return None;
    };
    // sqlx reports SQLite's extended code; its low byte is the primary code.
    db.code()?
        .parse::<i64>()
        .ok()
        .map(|extended| extended & 0xff)
}

impl From<sqlx::Error> for StoreError {
    /// Classified once, here: busy, read-only, full and damaged databases get their own
    /// sentence; anything else is a failed write (reads are mapped by `StoreError::reading`).
    fn from(err: sqlx::Error) -> Self {
        if matches!(err, sqlx::Error::PoolTimedOut) {
            return Self::Busy(err);
        }
        match sqlite_code(&err) {
            Some(code::BUSY | code::LOCKED) => Self::Busy(err),
            Some(code::READONLY) => Self::BecameReadOnly(err),
            Some(code::FULL) => Self::DiskFull(err),
            Some(code::CORRUPT | code::NOTADB) => Self::Corrupted(err),
            _ => Self::Write(err),
        }
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
            StoreError::DemoUpload
            | StoreError::NotConnected
            | StoreError::AlreadyConnected { .. }
            | StoreError::CannotKeepMine { .. } => {
                CommandError::new(ErrorCode::Invalid, err.to_string())
            }
            StoreError::UnknownConflict { .. } => {
                CommandError::new(ErrorCode::Conflict, err.to_string())
            }
            StoreError::UndoTargetMoved { .. } | StoreError::RedoTargetMoved { .. } => {
                CommandError::new(ErrorCode::Conflict, err.to_string())
            }
            other => CommandError::new(ErrorCode::Storage, other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_read_does_not_talk_about_an_edit() {
        let read = StoreError::from(sqlx::Error::RowNotFound).reading();
        assert!(matches!(read, StoreError::Read(_)), "{read:?}");
        let sentence = read.to_string();
        assert!(
            sentence.contains("could not read") && !sentence.contains("edit"),
            "a read saved nothing, so it says nothing about an edit: {sentence}"
        );
        let write = StoreError::from(sqlx::Error::RowNotFound);
        assert!(
            write.to_string().contains("Your edit was not saved"),
            "a failed write says the edit was not saved: {write}"
        );
        assert!(
            !read.is_retryable() && !write.is_retryable(),
            "an unknown failure is not worth retrying unchanged"
        );
    }

    #[test]
    fn busy_is_the_only_retryable_error() {
        let busy = StoreError::from(sqlx::Error::PoolTimedOut);
        assert!(matches!(busy, StoreError::Busy(_)), "{busy:?}");
        assert!(
            busy.is_retryable(),
            "a busy database may be free in a moment"
        );
        assert!(
            busy.to_string().contains("try again"),
            "and the sentence says to try again: {busy}"
        );
        let target = StoreError::UndoTargetMoved { target: 4 };
        assert_eq!(
            CommandError::from(target).code,
            ErrorCode::Conflict,
            "an undo whose target moved is a conflict the UI shows"
        );
    }
}
