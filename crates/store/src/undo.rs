//! Undo and redo, per device, as new entries of the append-only log.
//!
//! A device's *undo stack* is its edits (and redos) not yet taken back; its *redo stack* is
//! its undos not yet redone, emptied by any new edit. Both are derived from the log itself —
//! each entry's `kind` and `reverts` — so they survive restarts and need no table of their own.
//!
//! Entries that are not part of the rows (a change the server refused, waiting in the
//! conflicts or settled; see `sync`) and entries from before the server's configuration
//! replaced this one are on neither stack.
//!
//! An undo (redo) names the entry it means to take back, its *target*: it goes ahead only when
//! the target is the top of the stack, so an undo queued behind an edit the store refused
//! never takes back an older edit instead.

use sqlx::SqliteConnection;
use switchboard_core::Change;
use switchboard_core::ipc::{HISTORY_TARGETS, HistoryState};

use crate::{DeviceId, StoreError};

/// What a log entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A change someone made.
    Edit,
    /// Takes back the entry `reverts`.
    Undo { reverts: i64 },
    /// Takes back the undo `reverts`.
    Redo { reverts: i64 },
    /// The server's configuration replaced this file's when it first connected (at the
    /// entry's `server_revision`). Not undoable. Its change and inverse are empty: the entries
    /// before it lead to the rows it replaced, the server's log to the rows it wrote. Stored
    /// as an edit whose sync state is "snapshot" (the kind column's check predates it).
    Snapshot,
}

impl EntryKind {
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Edit => "edit",
            EntryKind::Undo { .. } => "undo",
            EntryKind::Redo { .. } => "redo",
            EntryKind::Snapshot => "snapshot",
        }
    }

    /// Its `kind` column.
    pub(crate) fn column(self) -> &'static str {
        match self {
            EntryKind::Snapshot => "edit",
            other => other.name(),
        }
    }

    pub(crate) fn reverts(self) -> Option<i64> {
        match self {
            EntryKind::Edit | EntryKind::Snapshot => None,
            EntryKind::Undo { reverts } | EntryKind::Redo { reverts } => Some(reverts),
        }
    }

    pub(crate) fn from_row(kind: &str, reverts: Option<i64>, sync: &str) -> Option<Self> {
        match (kind, reverts) {
            ("edit", None) if sync == "snapshot" => Some(EntryKind::Snapshot),
            ("edit", None) => Some(EntryKind::Edit),
            ("undo", Some(reverts)) => Some(EntryKind::Undo { reverts }),
            ("redo", Some(reverts)) => Some(EntryKind::Redo { reverts }),
            _ => None,
        }
    }
}

/// This device's undo and redo stacks (sequence numbers, top last).
#[derive(Debug, Default)]
pub(crate) struct Stacks {
    pub undo: Vec<i64>,
    pub redo: Vec<i64>,
}

pub(crate) async fn stacks(
    conn: &mut SqliteConnection,
    device: DeviceId,
) -> Result<Stacks, StoreError> {
    let entries: Vec<(i64, String, Option<i64>, String)> =
        sqlx::query_as(
            "SELECT seq, kind, reverts, sync FROM changes WHERE device = ? AND sync IN ('local', 'pending', 'synced') ORDER BY seq",
        )
            .bind(device.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let mut stacks = Stacks::default();
    for (seq, kind, reverts, sync) in entries {
        match EntryKind::from_row(&kind, reverts, &sync) {
            Some(EntryKind::Edit) => {
                stacks.undo.push(seq);
                stacks.redo.clear();
            }
            Some(EntryKind::Undo { .. }) => {
                stacks.undo.pop();
                stacks.redo.push(seq);
            }
            Some(EntryKind::Redo { .. }) => {
                stacks.redo.pop();
                stacks.undo.push(seq);
            }
            // Not selected (its sync state is "snapshot"), and never undoable.
            Some(EntryKind::Snapshot) => {}
            None => {
                return Err(StoreError::Corrupt {
                    what: format!("an unknown kind of entry ({kind}) in change #{seq}"),
                });
            }
        }
    }
    Ok(stacks)
}

impl Stacks {
    /// The top of the undo stack, when it is `target`.
    pub fn undo_top(&self, target: i64) -> Result<i64, StoreError> {
        match self.undo.last() {
            None => Err(StoreError::NothingToUndo),
            Some(&top) if top == target => Ok(top),
            Some(_) => Err(StoreError::UndoTargetMoved { target }),
        }
    }

    /// The top of the redo stack, when it is `target`.
    pub fn redo_top(&self, target: i64) -> Result<i64, StoreError> {
        match self.redo.last() {
            None => Err(StoreError::NothingToRedo),
            Some(&top) if top == target => Ok(top),
            Some(_) => Err(StoreError::RedoTargetMoved { target }),
        }
    }
}

/// The inverse recorded with entry `seq`: applying it takes that entry back.
pub(crate) async fn inverse_of(
    conn: &mut SqliteConnection,
    seq: i64,
) -> Result<Change, StoreError> {
    let text: String = sqlx::query_scalar("SELECT inverse FROM changes WHERE seq = ?")
        .bind(seq)
        .fetch_one(&mut *conn)
        .await?;
    serde_json::from_str(&text).map_err(|_| StoreError::Corrupt {
        what: format!("an unreadable inverse in change #{seq}"),
    })
}

pub(crate) async fn state(
    conn: &mut SqliteConnection,
    device: DeviceId,
) -> Result<HistoryState, StoreError> {
    let stacks = stacks(conn, device).await?;
    let unsynced: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM changes WHERE sync = 'pending'")
        .fetch_one(&mut *conn)
        .await?;
    let next_first = |stack: &[i64]| stack.iter().rev().take(HISTORY_TARGETS).copied().collect();
    Ok(HistoryState {
        undo_targets: next_first(&stacks.undo),
        redo_targets: next_first(&stacks.redo),
        unsynced,
    })
}
