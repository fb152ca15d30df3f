//! One sync round ([`sync_once`]) and the first connection ([`connect`],
//! [`connect_choosing`]): the steps between a [`Store`] and a [`Client`], each ending in
//! one store transaction.
//!
//! A round: push the pending changes, oldest first, in pushes of at most
//! [`MAX_PUSH`](switchboard_core::sync::MAX_PUSH), recording each push's outcomes as soon as
//! they come back; then pull every page after the base; then rebase once. Cut anywhere, the
//! next round starts over from what the store recorded: a change pushed but not recorded is
//! pushed again and comes back `duplicate`.

use switchboard_core::sync::{MAX_PUSH, PushOutcome, PushRequest, SnapshotResponse};
use switchboard_core::{ChangeId, Config, PracticeId};
use switchboard_store::{Author, Connection, FirstChoice, Store, StoreError};

use crate::{Client, SyncError};

/// What one round did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    /// Changes pushed (each push counted once, retries included).
    pub pushed: usize,
    /// Pushed changes the server had already (a retry after a lost answer).
    pub duplicates: usize,
    /// Changes that moved to the conflicts in this round (refused or no longer applying).
    pub conflicts: usize,
    /// Others' changes pulled and put under ours.
    pub pulled: usize,
    /// The base after the round.
    pub base: i64,
    /// Whether the rows changed, so that screens must load again.
    pub rows_changed: bool,
}

/// How the first connection ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connected {
    /// Connected: uploaded, or the server's configuration taken (or the same already).
    Done,
    /// Both sides have a practice and they differ: show `differences`, then call
    /// [`connect_choosing`] with the admin's choice and this `snapshot`.
    Choose {
        differences: Vec<String>,
        snapshot: Box<SnapshotResponse>,
    },
}

/// One round: push, record, pull, rebase (see the module). Needs a connected store and a
/// signed-in client.
pub async fn sync_once(store: &Store, client: &Client) -> Result<SyncReport, SyncError> {
    let server = store
        .sync_status()
        .await?
        .server
        .ok_or(SyncError::Store(StoreError::NotConnected))?;
    let practice = server.practice;
    let mut report = SyncReport::default();
    loop {
        let pending = store.pending().await?;
        if pending.is_empty() {
            break;
        }
        let chunk = &pending[..pending.len().min(MAX_PUSH)];
        let request = PushRequest {
            changes: chunk.iter().map(|change| change.pushed()).collect(),
        };
        let response = client.push(practice, &request).await?;
        let outcomes: Vec<(ChangeId, PushOutcome)> = chunk
            .iter()
            .map(|change| change.id)
            .zip(response.outcomes)
            .collect();
        report.pushed += chunk.len();
        report.duplicates += outcomes
            .iter()
            .filter(|(_, outcome)| matches!(outcome, PushOutcome::Duplicate { .. }))
            .count();
        let recorded = store.record_push(&outcomes).await?;
        report.conflicts += recorded.conflicts;
        report.rows_changed |= recorded.conflicts > 0;
    }
    let base = store.sync_status().await?.base;
    let pulled = pull_all(client, practice, base).await?;
    let rebased = store.rebase(&pulled).await?;
    report.pulled = rebased.pulled;
    report.conflicts += rebased.conflicts;
    report.base = rebased.base;
    report.rows_changed |= rebased.pulled > 0 || rebased.conflicts > 0;
    Ok(report)
}

/// Every log entry after `since`, page by page.
async fn pull_all(
    client: &Client,
    practice: PracticeId,
    since: i64,
) -> Result<Vec<switchboard_core::sync::LogEntry>, SyncError> {
    let mut entries = Vec::new();
    let mut since = since;
    loop {
        let page = client.pull(practice, since).await?;
        since = page.changes.last().map_or(since, |entry| entry.revision);
        let more = page.more && !page.changes.is_empty();
        entries.extend(page.changes);
        if !more {
            return Ok(entries);
        }
    }
}

/// Connects `store` to the server `client` is signed in to, for the first time: uploads this
/// file's practice to an empty server (never the demo: refused with a sentence), takes the
/// server's when this file holds the demo, or answers [`Connected::Choose`] when both hold a
/// practice and they differ.
pub async fn connect(store: &Store, client: &Client) -> Result<Connected, SyncError> {
    let server = client.server().await?;
    let snapshot = client.snapshot(server.practice).await?;
    match store.connection_plan(snapshot.config.as_ref()).await? {
        Connection::Upload => {
            let local = store.load().await?;
            let uploaded = client.upload(server.practice, &local.config).await?;
            store
                .connect_uploaded(&server, local.revision, uploaded.revision)
                .await?;
            Ok(Connected::Done)
        }
        Connection::TakeServer | Connection::Same => {
            let config = server_config(&snapshot)?;
            store
                .connect_to_snapshot(&server, snapshot.revision, config)
                .await?;
            Ok(Connected::Done)
        }
        Connection::Choose { differences } => Ok(Connected::Choose {
            differences,
            snapshot: Box::new(snapshot),
        }),
    }
}

/// Finishes a first connection that needed the admin's `choice` (see [`Connected::Choose`]).
/// With [`FirstChoice::MineWins`] the next [`sync_once`] pushes this file's configuration as
/// one change by `author`.
pub async fn connect_choosing(
    store: &Store,
    client: &Client,
    snapshot: &SnapshotResponse,
    choice: FirstChoice,
    author: &Author,
) -> Result<(), SyncError> {
    let server = client.server().await?;
    let config = server_config(snapshot)?;
    store
        .connect_choosing(&server, snapshot.revision, config, choice, author)
        .await?;
    Ok(())
}

fn server_config(snapshot: &SnapshotResponse) -> Result<&Config, SyncError> {
    snapshot.config.as_ref().ok_or_else(|| SyncError::Protocol {
        detail: "the server's snapshot holds no configuration".into(),
    })
}
