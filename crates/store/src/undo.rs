//! Undo and redo, per device, as new entries of the append-only log.
//!
//! A device's *undo stack* is its edits (and redos) not yet taken back; its *redo stack* is
//! its undos not yet redone, emptied by any new edit. Both are derived from the log itself —
//! each entry's `kind` and `reverts` — so they survive restarts and need no table of their own.

use sqlx::SqliteConnection;
use switchboard_core::Change;
use switchboard_core::ipc::HistoryState;

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
}

impl EntryKind {
    pub(crate) fn name(self) -> &'static str {
        match self {
            EntryKind::Edit => "edit",
            EntryKind::Undo { .. } => "undo",
            EntryKind::Redo { .. } => "redo",
        }
    }

    pub(crate) fn reverts(self) -> Option<i64> {
        match self {
            EntryKind::Edit => None,
            EntryKind::Undo { reverts } | EntryKind::Redo { reverts } => Some(reverts),
        }
    }

    pub(crate) fn from_row(kind: &str, reverts: Option<i64>) -> Option<Self> {
        match (kind, reverts) {
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
    let entries: Vec<(i64, String, Option<i64>)> =
        sqlx::query_as("SELECT seq, kind, reverts FROM changes WHERE device = ? ORDER BY seq")
            .bind(device.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let mut stacks = Stacks::default();
    for (seq, kind, reverts) in entries {
        match EntryKind::from_row(&kind, reverts) {
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
            None => {
                return Err(StoreError::Corrupt {
                    what: format!("an unknown kind of entry ({kind}) in change #{seq}"),
                });
            }
        }
    }
    Ok(stacks)
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
    let unsynced: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM changes WHERE server_revision IS NULL")
            .fetch_one(&mut *conn)
            .await?;
    Ok(HistoryState {
        can_undo: !stacks.undo.is_empty(),
        can_redo: !stacks.redo.is_empty(),
        unsynced,
    })
}
