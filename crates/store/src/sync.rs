//! The store's side of sync with a practice server: which server this file follows, the
//! server revision its rows are based on, its changes not yet synced, and the conflicts
//! waiting for a person.
//!
//! Words (the server's are in `switchboard_core::sync`): the *base* is the server revision the
//! rows are based on; a *pending* change is this file's own change not yet in the server's
//! log, pushed oldest first; an *unpulled* change is a pending one, or one the server
//! acknowledged at a revision after the base (it comes back with the next pull). The
//! invariant every operation keeps, each in one transaction:
//!
//! > rows = the server's configuration at `base` + the unpulled changes applied in order.
//!
//! A *rebase* puts pulled server changes under the unpulled ones: revert the unpulled (their
//! stored inverses, newest first), apply the pulled entries in order (one that is our own
//! change marks it synced; another's is appended to the log with its author, device and
//! time), then re-apply what is still unpulled. A pending change that no longer applies moves
//! to the *conflicts* with the reason: it is kept, but its effect is not in the rows. A pushed
//! change the server answered `conflict` or `refused` moves there too. Nothing there is
//! dropped until a person chooses [`Store::keep_mine`] (a new pending change that sets the
//! same values over the current ones) or [`Store::take_theirs`].
//!
//! Each log entry has a sync state (column `changes.sync`): `local` (made before this file
//! followed a server), `pending`, `synced`, `conflict`, `dropped` (a settled conflict),
//! `superseded` (made before the server's configuration replaced this one) and `snapshot`
//! (the entry that replaced it). Reverting and re-applying for a rebase adds no log entry;
//! undo and redo see only `local`, `pending` and `synced` entries (see `undo`).

use std::collections::HashMap;

use sqlx::{FromRow, SqliteConnection};
use switchboard_core::ipc::Applied;
use switchboard_core::sync::{LogEntry, PushOutcome, PushedChange};
use switchboard_core::{ApplyError, Change, ChangeId, Config, PracticeId, Touched, apply};
use uuid::Uuid;

use crate::directory::encode;
use crate::{Author, DeviceId, EntryKind, Store, StoreError, rows};

/// The server a store follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    /// The server's address, e.g. `https://switchboard.example.org`.
    pub url: String,
    pub practice: PracticeId,
    pub practice_name: String,
    /// The account signed in when this file was connected.
    pub account: String,
}

/// Where sync stands, for the Overview and Sync screens.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncStatus {
    /// `None` until the file is connected to a server.
    pub server: Option<Server>,
    /// The server revision the rows are based on.
    pub base: i64,
    /// Own changes not yet pushed.
    pub pending: i64,
    /// Changes waiting for a person's choice.
    pub conflicts: i64,
    /// When the last sync finished (RFC 3339, UTC).
    pub last_sync: Option<String>,
}

/// One pending change, as it is pushed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingChange {
    /// Its place in the local log.
    pub seq: i64,
    pub id: ChangeId,
    pub change: Change,
    /// When it was made (RFC 3339, UTC).
    pub made_at: String,
    pub device: String,
}

impl PendingChange {
    /// The change as the push request carries it.
    pub fn pushed(&self) -> PushedChange {
        PushedChange {
            id: self.id,
            change: self.change.clone(),
            device: self.device.clone(),
            made_at: self.made_at.clone(),
        }
    }
}

/// A change of this file's that the server refused or that no longer applies, waiting for a
/// person: [`Store::keep_mine`] or [`Store::take_theirs`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// This conflict's id (for keep mine / take theirs).
    pub id: i64,
    /// The change's place in the local log.
    pub seq: i64,
    pub change_id: ChangeId,
    pub change: Change,
    /// The server refused the change as invalid, rather than meeting someone else's value.
    pub refused: bool,
    /// What the change expected ("The practice name"); empty for a refusal.
    pub what: String,
    pub expected: String,
    pub current: String,
    pub set_by: Option<String>,
    pub set_at: Option<i64>,
    /// The sentence for a person.
    pub message: String,
    /// When the change was made, and when it met the conflict (RFC 3339, UTC).
    pub made_at: String,
    pub found_at: String,
}

/// What a rebase did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rebased {
    /// Others' changes added under ours.
    pub pulled: usize,
    /// Our own changes that came back in the pull (acknowledged).
    pub own: usize,
    /// Pending changes that no longer applied and moved to the conflicts.
    pub conflicts: usize,
    /// The new base.
    pub base: i64,
}

/// What recording a push's outcomes did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushRecorded {
    /// Applied or duplicate: now synced.
    pub synced: usize,
    /// Conflict or refused, and later changes that no longer applied without them.
    pub conflicts: usize,
}

/// How the first connection to a server goes, decided by [`first_connection`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Connection {
    /// The server has no configuration: upload this file's, then [`Store::connect_uploaded`].
    Upload,
    /// This file holds the demo (or nothing of its own): take the server's configuration with
    /// [`Store::connect_to_snapshot`].
    TakeServer,
    /// Both hold the same configuration: [`Store::connect_to_snapshot`] changes no row.
    Same,
    /// Both hold a practice and they differ: show `differences` and let the admin choose
    /// ([`Store::connect_choosing`]).
    Choose { differences: Vec<String> },
}

/// The admin's choice when this file and the server hold different practices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstChoice {
    /// One pending change turns the server's configuration into this file's.
    MineWins,
    /// The server's configuration replaces this file's, as one logged step.
    TheirsWins,
}

/// The first connection's plan, from this file's configuration and the server's (`None`
/// when nothing is uploaded). Refused, with a sentence, when the server is empty and this
/// file holds only the demo: the demo is made-up data and is never uploaded.
pub fn first_connection(local: &Config, server: Option<&Config>) -> Result<Connection, StoreError> {
    let nothing_of_its_own = local.demo || local.locations.is_empty() && local.people.is_empty();
    match server {
        None if nothing_of_its_own => Err(StoreError::DemoUpload),
        None => Ok(Connection::Upload),
        Some(server) if server == local => Ok(Connection::Same),
        Some(_) if nothing_of_its_own => Ok(Connection::TakeServer),
        Some(server) => Ok(Connection::Choose {
            differences: switchboard_core::reconcile::differences(local, server)?,
        }),
    }
}

#[derive(FromRow)]
struct ServerRow {
    url: String,
    practice: String,
    practice_name: String,
    account: String,
    base: i64,
    last_sync: Option<String>,
}

/// One unpulled change, with what the rebase needs.
struct Unpulled {
    seq: i64,
    id: String,
    change: Change,
    inverse: Change,
}

#[derive(FromRow)]
struct UnpulledRow {
    seq: i64,
    id: String,
    change: String,
    inverse: String,
}

#[derive(FromRow)]
struct ConflictRow {
    id: i64,
    seq: i64,
    change_id: String,
    change: String,
    refused: bool,
    what: String,
    expected: String,
    current: String,
    set_by: Option<String>,
    set_at: Option<i64>,
    message: String,
    made_at: String,
    found_at: String,
}

/// Why a change went to the conflicts, as stored.
struct Reason {
    refused: bool,
    what: String,
    expected: String,
    current: String,
    set_by: Option<String>,
    set_at: Option<i64>,
    message: String,
}

impl Reason {
    fn from_apply(err: &ApplyError) -> Self {
        match err {
            ApplyError::Conflict {
                what,
                expected,
                found,
            } => Reason {
                refused: false,
                what: what.clone(),
                expected: expected.clone(),
                current: found.clone(),
                set_by: None,
                set_at: None,
                message: err.to_string(),
            },
            other => Reason {
                refused: !other.is_conflict(),
                what: String::new(),
                expected: String::new(),
                current: String::new(),
                set_by: None,
                set_at: None,
                message: other.to_string(),
            },
        }
    }

    fn from_outcome(outcome: &PushOutcome) -> Option<Self> {
        match outcome {
            PushOutcome::Applied { .. } | PushOutcome::Duplicate { .. } => None,
            PushOutcome::Conflict {
                what,
                expected,
                current,
                set_at,
                set_by,
                message,
                ..
            } => Some(Reason {
                refused: false,
                what: what.clone(),
                expected: expected.clone(),
                current: current.clone(),
                set_by: set_by.clone(),
                set_at: *set_at,
                message: message.clone(),
            }),
            PushOutcome::Refused { reason } => Some(Reason {
                refused: true,
                what: String::new(),
                expected: String::new(),
                current: String::new(),
                set_by: None,
                set_at: None,
                message: reason.clone(),
            }),
        }
    }
}

fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Corrupt { what: what.into() }
}

fn parse_change(text: &str, seq: i64) -> Result<Change, StoreError> {
    serde_json::from_str(text)
        .map_err(|_| corrupt(format!("an unreadable change in change #{seq}")))
}

impl Store {
    /// Where sync stands: the server, the base, how many changes are pending and in conflict,
    /// and when the last sync finished.
    pub async fn sync_status(&self) -> Result<SyncStatus, StoreError> {
        let read = async {
            let mut tx = self.pool.begin().await?;
            let server = server_row(&mut tx).await?;
            let (pending, conflicts): (i64, i64) = sqlx::query_as(
                "SELECT (SELECT COUNT(*) FROM changes WHERE sync = 'pending'),
                        (SELECT COUNT(*) FROM sync_conflicts)",
            )
            .fetch_one(&mut *tx)
            .await?;
            tx.commit().await?;
            let (server, base, last_sync) = match server {
                Some(row) => (Some(server_of(&row)?), row.base, row.last_sync),
                None => (None, 0, None),
            };
            Ok(SyncStatus {
                server,
                base,
                pending,
                conflicts,
                last_sync,
            })
        };
        read.await.map_err(StoreError::reading)
    }

    /// The pending changes, oldest first: what the next push sends (in chunks). Empty until
    /// the file is connected.
    pub async fn pending(&self) -> Result<Vec<PendingChange>, StoreError> {
        let read = async {
            let mut conn = self.pool.acquire().await?;
            if server_row(&mut conn).await?.is_none() {
                return Ok(Vec::new());
            }
            let rows: Vec<(i64, String, String, String, String)> = sqlx::query_as(
                "SELECT seq, id, change, at, device FROM changes WHERE sync = 'pending' ORDER BY seq",
            )
            .fetch_all(&mut *conn)
            .await?;
            rows.into_iter()
                .map(|(seq, id, change, at, device)| {
                    Ok(PendingChange {
                        seq,
                        id: id
                            .parse()
                            .map_err(|_| corrupt(format!("an unreadable id in change #{seq}")))?,
                        change: parse_change(&change, seq)?,
                        made_at: at,
                        device,
                    })
                })
                .collect()
        };
        read.await.map_err(StoreError::reading)
    }

    /// Records what the server answered to pushed changes (`outcomes[i]` for the change with
    /// id `outcomes[i].0`): applied and duplicate ones are synced at their revision; a
    /// conflict or a refusal moves the change to the conflicts and takes its effect out of the
    /// rows (a later pending change that needed it moves there too). Outcomes for ids that
    /// are not pending (recorded already) are ignored, so recording twice is harmless.
    pub async fn record_push(
        &self,
        outcomes: &[(ChangeId, PushOutcome)],
    ) -> Result<PushRecorded, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let server = server_row(&mut tx).await?.ok_or(StoreError::NotConnected)?;
        let mut recorded = PushRecorded::default();
        let mut refused = HashMap::new();
        for (id, outcome) in outcomes {
            match (outcome, Reason::from_outcome(outcome)) {
                (PushOutcome::Applied { revision } | PushOutcome::Duplicate { revision }, _) => {
                    let done = sqlx::query(
                        "UPDATE changes SET sync = 'synced', server_revision = ? WHERE id = ? AND sync = 'pending'",
                    )
                    .bind(revision)
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
                    recorded.synced += usize::try_from(done.rows_affected()).unwrap_or(0);
                }
                (_, Some(reason)) => {
                    refused.insert(id.to_string(), reason);
                }
                (_, None) => {}
            }
        }
        if refused.is_empty() {
            tx.commit().await?;
            return Ok(recorded);
        }
        let replayed = self.replay_tx(&mut tx, server.base, &[], refused).await?;
        recorded.conflicts = replayed.conflicts;
        tx.commit().await?;
        self.remember(replayed.version, replayed.config);
        Ok(recorded)
    }

    /// Puts `pulled` (the server's entries after the base, in order, with no gap) under the
    /// unpulled changes, as the module says; the base becomes the last pulled revision, and
    /// the last sync time now (also with nothing pulled).
    pub async fn rebase(&self, pulled: &[LogEntry]) -> Result<Rebased, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let server = server_row(&mut tx).await?.ok_or(StoreError::NotConnected)?;
        for (n, entry) in pulled.iter().enumerate() {
            let expected = server.base + i64::try_from(n).unwrap_or(i64::MAX) + 1;
            if entry.revision != expected {
                return Err(StoreError::PullGap {
                    expected,
                    found: entry.revision,
                });
            }
        }
        let base = pulled.last().map_or(server.base, |entry| entry.revision);
        let replayed = self
            .replay_tx(&mut tx, server.base, pulled, HashMap::new())
            .await?;
        sqlx::query(
            "UPDATE sync_server SET base = ?, last_sync = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE id = 1",
        )
        .bind(base)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        self.remember(replayed.version, replayed.config);
        Ok(Rebased {
            pulled: replayed.foreign,
            own: replayed.own,
            conflicts: replayed.conflicts,
            base,
        })
    }

    /// The changes waiting for a person's choice, oldest first.
    pub async fn conflicts(&self) -> Result<Vec<Conflict>, StoreError> {
        let read = async {
            let mut conn = self.pool.acquire().await?;
            let rows: Vec<ConflictRow> = sqlx::query_as(
                "SELECT k.id, k.seq, c.id AS change_id, c.change, k.refused, k.what, k.expected, k.current,
                        k.set_by, k.set_at, k.message, c.at AS made_at, k.found_at
                 FROM sync_conflicts k JOIN changes c ON c.seq = k.seq ORDER BY k.seq",
            )
            .fetch_all(&mut *conn)
            .await?;
            rows.into_iter()
                .map(conflict_of)
                .collect::<Result<Vec<_>, StoreError>>()
        };
        read.await.map_err(StoreError::reading)
    }

    /// Keeps my change of `conflict`: a new pending change (one undo step, by `author`) sets
    /// the same values over the current ones, and the conflict is settled. `None` when the
    /// current configuration already has my values (settled, nothing new). Refused, keeping
    /// the conflict, when my change cannot be made any more (it edits something removed).
    pub async fn keep_mine(
        &self,
        conflict: i64,
        author: &Author,
    ) -> Result<Option<Applied>, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let found = conflict_tx(&mut tx, conflict).await?;
        let (_, current) = self.config_at_current_revision(&mut tx).await?;
        let rebuilt =
            switchboard_core::reconcile::over_current(&current, &found.change).map_err(|err| {
                StoreError::CannotKeepMine {
                    reason: err.to_string(),
                }
            })?;
        settle_tx(&mut tx, &found).await?;
        let Some(change) = rebuilt else {
            tx.commit().await?;
            return Ok(None);
        };
        let (applied, version, after) = self
            .apply_tx(&mut tx, &change, author, EntryKind::Edit)
            .await
            .map_err(|err| match err {
                StoreError::Rejected(err) => StoreError::CannotKeepMine {
                    reason: err.to_string(),
                },
                other => other,
            })?;
        tx.commit().await?;
        self.remember(version, after);
        Ok(Some(applied))
    }

    /// Takes the server's values for `conflict`: my change is dropped (it stays in the history,
    /// marked settled). The rows do not change: the change's effect was never in them.
    pub async fn take_theirs(&self, conflict: i64) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let found = conflict_tx(&mut tx, conflict).await?;
        settle_tx(&mut tx, &found).await?;
        tx.commit().await?;
        Ok(())
    }

    /// The first connection's plan for this file and the server's configuration (`None`:
    /// nothing uploaded yet); see [`first_connection`].
    pub async fn connection_plan(&self, server: Option<&Config>) -> Result<Connection, StoreError> {
        let local = self.load().await?.config;
        first_connection(&local, server)
    }

    /// Follows `server` after this file's configuration, read at local revision `read_at`,
    /// was uploaded and became the server's at `revision`. The changes up to `read_at` are
    /// history (`local`); any made since the upload was read are pending.
    pub async fn connect_uploaded(
        &self,
        server: &Server,
        read_at: i64,
        revision: i64,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        refuse_second_connection(&mut tx).await?;
        sqlx::query("UPDATE changes SET sync = 'local' WHERE sync = 'pending' AND seq <= ?")
            .bind(read_at)
            .execute(&mut *tx)
            .await?;
        insert_server_tx(&mut tx, server, revision).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Follows `server`, taking its configuration `config` at `revision` in place of this
    /// file's, as one logged step ([`EntryKind::Snapshot`]: not undoable; nothing pending).
    /// The earlier history stays readable but leaves the undo stack. Used for
    /// [`Connection::TakeServer`], [`Connection::Same`] and [`FirstChoice::TheirsWins`].
    ///
    /// The step writes only the rows that differ, a few hundred to a statement, and logs no
    /// change: spelling a whole practice as a batch of edits (and its inverse) made a first
    /// sync of a large practice seventeen times slower than reading it.
    pub async fn connect_to_snapshot(
        &self,
        server: &Server,
        revision: i64,
        config: &Config,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        refuse_second_connection(&mut tx).await?;
        let (_, current) = self.config_at_current_revision(&mut tx).await?;
        // The same configuration keeps its history undoable; another one replaces it.
        let same = current == *config;
        sqlx::query("UPDATE changes SET sync = ? WHERE sync = 'pending'")
            .bind(if same { "local" } else { "superseded" })
            .execute(&mut *tx)
            .await?;
        let replaced = if same {
            None
        } else {
            // The server's word is checked like an imported file's before a row is written.
            switchboard_core::check(config)?;
            rows::write_config_tx(&mut tx, Some(&current), config).await?;
            let nothing = Change::Batch {
                changes: Vec::new(),
            };
            let entry = rows::Entry {
                id: Uuid::now_v7(),
                author: &Author(server.account.clone()),
                device: self.device,
                kind: EntryKind::Snapshot,
                change: &nothing,
                inverse: &nothing,
                sync: "snapshot",
                server_revision: Some(revision),
                at: None,
            };
            rows::append_change_tx(&mut tx, &entry).await?;
            Some(rows::version(&mut tx).await?)
        };
        insert_server_tx(&mut tx, server, revision).await?;
        tx.commit().await?;
        if let Some(version) = replaced {
            self.remember(version, config.clone());
        }
        Ok(())
    }

    /// Follows `server` whose configuration `config` (at `revision`) differs from this file's,
    /// as the admin chose: [`FirstChoice::MineWins`] keeps the rows and makes one pending
    /// change that turns the server's configuration into this file's (so the next sync
    /// pushes it); [`FirstChoice::TheirsWins`] is [`Store::connect_to_snapshot`].
    pub async fn connect_choosing(
        &self,
        server: &Server,
        revision: i64,
        config: &Config,
        choice: FirstChoice,
        author: &Author,
    ) -> Result<(), StoreError> {
        if choice == FirstChoice::TheirsWins {
            return self.connect_to_snapshot(server, revision, config).await;
        }
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        refuse_second_connection(&mut tx).await?;
        let (_, mine) = self.config_at_current_revision(&mut tx).await?;
        sqlx::query("UPDATE changes SET sync = 'local' WHERE sync = 'pending'")
            .execute(&mut *tx)
            .await?;
        if mine != *config {
            let change = switchboard_core::import_as_change(config, &mine)?;
            // The rows are mine already: log the change as made over the server's config.
            let mut after = config.clone();
            let inverse = apply(&mut after, &change)?;
            let entry = rows::Entry {
                id: Uuid::now_v7(),
                author,
                device: self.device,
                kind: EntryKind::Edit,
                change: &change,
                inverse: &inverse,
                sync: "pending",
                server_revision: None,
                at: None,
            };
            rows::append_change_tx(&mut tx, &entry).await?;
        }
        insert_server_tx(&mut tx, server, revision).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Stops following the server (after a sign-out that forgets it): the rows, the log and
    /// the conflicts stay; pending changes stay pending for a later connection.
    pub async fn disconnect(&self) -> Result<(), StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        sqlx::query("DELETE FROM sync_server")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The heart of sync, inside one transaction: revert the unpulled changes, apply
    /// `pulled`, move the `refused` ones to the conflicts, re-apply the rest (those that no
    /// longer apply move to the conflicts too), write the rows.
    async fn replay_tx(
        &self,
        tx: &mut SqliteConnection,
        base: i64,
        pulled: &[LogEntry],
        mut refused: HashMap<String, Reason>,
    ) -> Result<Replayed, StoreError> {
        let (_, mut config) = self.config_at_current_revision(tx).await?;
        let mut unpulled = unpulled_tx(tx, base).await?;
        // The rows any step below may alter: only those are written at the end.
        let mut touched = Touched::default();
        for change in unpulled.iter().rev() {
            touched.extend(change.inverse.touches());
            apply(&mut config, &change.inverse).map_err(|err| {
                corrupt(format!(
                    "a change (#{}) whose recorded inverse does not apply ({err})",
                    change.seq
                ))
            })?;
        }
        let (mut foreign, mut own, mut conflicts) = (0, 0, 0);
        for entry in pulled {
            let id = entry.id.to_string();
            if let Some(at) = unpulled.iter().position(|u| u.id == id) {
                unpulled.remove(at);
                own += 1;
            }
            touched.extend(entry.change.touches());
            let inverse =
                apply(&mut config, &entry.change).map_err(|err| StoreError::Diverged {
                    revision: entry.revision,
                    reason: err.to_string(),
                })?;
            if !mark_pulled_tx(tx, &id, entry.revision).await? {
                append_pulled_tx(tx, entry, &inverse).await?;
                foreign += 1;
            }
        }
        for change in unpulled {
            let reason = match refused.remove(&change.id) {
                Some(reason) => Some(reason),
                None => {
                    touched.extend(change.change.touches());
                    match apply(&mut config, &change.change) {
                        Ok(inverse) => {
                            if inverse != change.inverse {
                                sqlx::query("UPDATE changes SET inverse = ? WHERE seq = ?")
                                    .bind(encode(&inverse))
                                    .bind(change.seq)
                                    .execute(&mut *tx)
                                    .await?;
                            }
                            None
                        }
                        Err(err) => Some(Reason::from_apply(&err)),
                    }
                }
            };
            if let Some(reason) = reason {
                conflict_tx_insert(tx, change.seq, &reason).await?;
                conflicts += 1;
            }
        }
        rows::write_touched_tx(tx, &config, &touched).await?;
        Ok(Replayed {
            foreign,
            own,
            conflicts,
            version: rows::rewritten_tx(tx).await?,
            config,
        })
    }
}

/// Marks the local entry with id `id` (our own change, back from the server) as synced at
/// `revision`; `false` when the log has no such entry.
async fn mark_pulled_tx(
    tx: &mut SqliteConnection,
    id: &str,
    revision: i64,
) -> Result<bool, StoreError> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT seq FROM changes WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
    let Some(seq) = seq else {
        return Ok(false);
    };
    // A change in the conflicts that the server has after all (its answer was lost, and
    // the retry was refused): it is in the rows now, so the conflict is gone.
    sqlx::query("DELETE FROM sync_conflicts WHERE seq = ?")
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE changes SET sync = 'synced', server_revision = ? WHERE seq = ?")
        .bind(revision)
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    Ok(true)
}

/// Appends another client's change, pulled from the server, with the `inverse` its
/// application gave.
async fn append_pulled_tx(
    tx: &mut SqliteConnection,
    entry: &LogEntry,
    inverse: &Change,
) -> Result<(), StoreError> {
    // Device ids are UUIDs; one that is not (another kind of client) is kept as the nil id.
    let device = entry.device.parse().map_or(DeviceId(Uuid::nil()), DeviceId);
    let author = Author(entry.account.clone());
    let row = rows::Entry {
        id: Uuid::from_u128(entry.id.as_u128()),
        author: &author,
        device,
        kind: EntryKind::Edit,
        change: &entry.change,
        inverse,
        sync: "synced",
        server_revision: Some(entry.revision),
        at: Some(&entry.made_at),
    };
    rows::append_change_tx(tx, &row).await?;
    Ok(())
}

/// What a replay did, and the rows it left.
struct Replayed {
    foreign: usize,
    own: usize,
    conflicts: usize,
    version: rows::Version,
    config: Config,
}

async fn server_row(conn: &mut SqliteConnection) -> Result<Option<ServerRow>, StoreError> {
    Ok(sqlx::query_as(
        "SELECT url, practice, practice_name, account, base, last_sync FROM sync_server WHERE id = 1",
    )
    .fetch_optional(&mut *conn)
    .await?)
}

fn server_of(row: &ServerRow) -> Result<Server, StoreError> {
    Ok(Server {
        url: row.url.clone(),
        practice: row
            .practice
            .parse()
            .map_err(|_| corrupt("an unreadable practice id in the sync settings"))?,
        practice_name: row.practice_name.clone(),
        account: row.account.clone(),
    })
}

async fn refuse_second_connection(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    match server_row(conn).await? {
        Some(row) => Err(StoreError::AlreadyConnected { url: row.url }),
        None => Ok(()),
    }
}

async fn insert_server_tx(
    conn: &mut SqliteConnection,
    server: &Server,
    base: i64,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO sync_server (id, url, practice, practice_name, account, base, last_sync)
         VALUES (1, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))",
    )
    .bind(&server.url)
    .bind(server.practice.to_string())
    .bind(&server.practice_name)
    .bind(&server.account)
    .bind(base)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// The unpulled changes (pending, or synced after `base`), oldest first.
async fn unpulled_tx(conn: &mut SqliteConnection, base: i64) -> Result<Vec<Unpulled>, StoreError> {
    let rows: Vec<UnpulledRow> = sqlx::query_as(
        "SELECT seq, id, change, inverse FROM changes
         WHERE sync = 'pending' OR (sync = 'synced' AND server_revision > ?) ORDER BY seq",
    )
    .bind(base)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|row| {
            Ok(Unpulled {
                change: parse_change(&row.change, row.seq)?,
                inverse: serde_json::from_str(&row.inverse).map_err(|_| {
                    corrupt(format!("an unreadable inverse in change #{}", row.seq))
                })?,
                seq: row.seq,
                id: row.id,
            })
        })
        .collect()
}

async fn conflict_tx_insert(
    conn: &mut SqliteConnection,
    seq: i64,
    reason: &Reason,
) -> Result<(), StoreError> {
    sqlx::query("UPDATE changes SET sync = 'conflict' WHERE seq = ?")
        .bind(seq)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "INSERT INTO sync_conflicts (seq, refused, what, expected, current, set_by, set_at, message)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(seq)
    .bind(reason.refused)
    .bind(&reason.what)
    .bind(&reason.expected)
    .bind(&reason.current)
    .bind(&reason.set_by)
    .bind(reason.set_at)
    .bind(&reason.message)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn conflict_tx(conn: &mut SqliteConnection, id: i64) -> Result<Conflict, StoreError> {
    let row: Option<ConflictRow> = sqlx::query_as(
        "SELECT k.id, k.seq, c.id AS change_id, c.change, k.refused, k.what, k.expected, k.current,
                k.set_by, k.set_at, k.message, c.at AS made_at, k.found_at
         FROM sync_conflicts k JOIN changes c ON c.seq = k.seq WHERE k.id = ?",
    )
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    conflict_of(row.ok_or(StoreError::UnknownConflict { id })?)
}

/// Settles `conflict`: it leaves the conflicts, and its change is marked dropped.
async fn settle_tx(conn: &mut SqliteConnection, conflict: &Conflict) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM sync_conflicts WHERE id = ?")
        .bind(conflict.id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE changes SET sync = 'dropped' WHERE seq = ?")
        .bind(conflict.seq)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

fn conflict_of(row: ConflictRow) -> Result<Conflict, StoreError> {
    Ok(Conflict {
        id: row.id,
        seq: row.seq,
        change_id: row
            .change_id
            .parse()
            .map_err(|_| corrupt(format!("an unreadable id in change #{}", row.seq)))?,
        change: parse_change(&row.change, row.seq)?,
        refused: row.refused,
        what: row.what,
        expected: row.expected,
        current: row.current,
        set_by: row.set_by,
        set_at: row.set_at,
        message: row.message,
        made_at: row.made_at,
        found_at: row.found_at,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use switchboard_core::demo_practice;

    fn real() -> Config {
        let mut config = demo_practice();
        config.demo = false;
        config
    }

    #[test]
    fn the_first_connection_follows_what_each_side_holds() {
        let demo = demo_practice();
        let mine = real();
        let mut theirs = real();
        theirs.practice_name = switchboard_core::PracticeName("Theirs".into());
        assert!(
            matches!(first_connection(&demo, None), Err(StoreError::DemoUpload)),
            "the demo is never uploaded"
        );
        assert_eq!(
            first_connection(&mine, None).ok(),
            Some(Connection::Upload),
            "a real practice goes to an empty server"
        );
        assert_eq!(
            first_connection(&demo, Some(&theirs)).ok(),
            Some(Connection::TakeServer),
            "the demo gives way to the server's practice"
        );
        assert_eq!(
            first_connection(&mine, Some(&mine)).ok(),
            Some(Connection::Same),
            "the same practice on both sides needs no choice"
        );
        assert!(
            matches!(
                first_connection(&mine, Some(&theirs)),
                Ok(Connection::Choose { differences }) if !differences.is_empty()
            ),
            "two different practices: the admin chooses, told what differs"
        );
    }

    #[test]
    fn the_demo_refusal_is_a_sentence() {
        let sentence = StoreError::DemoUpload.to_string();
        assert!(
            sentence.contains("demo") && sentence.contains("never"),
            "it says the demo can never be uploaded: {sentence}"
        );
    }
}
