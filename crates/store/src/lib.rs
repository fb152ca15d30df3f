#![forbid(unsafe_code)]
//! Switchboard's local store: the practice configuration in a SQLite file, and the append-only
//! log of every [`Change`] made to it.
//!
//! The table rows are the source of truth for reads; the `changes` log is the history. Every
//! edit goes through [`Store::apply`], which runs `core::apply`, writes the touched rows and
//! appends the change in one transaction — so an acknowledged edit is never half there.
//!
//! What does not belong here: domain rules (crates/core) and anything about windows.

mod directory;
mod error;
mod open;
mod rows;
mod sync;
mod undo;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::{Arc, Mutex};

use sqlx::SqliteConnection;
use sqlx::sqlite::SqlitePool;
use switchboard_core::ipc::{Applied, Snapshot};
use switchboard_core::{Change, Config, demo_practice};
use uuid::Uuid;

pub use error::StoreError;
pub use sync::{
    Conflict, Connection, FirstChoice, PendingChange, PushRecorded, Rebased, Server, SyncStatus,
    first_connection,
};
pub use undo::EntryKind;

/// A running Switchboard's identity in the change log: undo and redo follow it. A restarted
/// app is the same device; two apps open on one file at once are two (see `open`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DeviceId(pub Uuid);

impl std::fmt::Display for DeviceId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// Who made a change: the signed-in account once there is a server, the OS user before that.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Author(pub String);

/// One entry of the change log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoggedChange {
    pub revision: i64,
    pub id: Uuid,
    pub author: String,
    pub device: DeviceId,
    /// UTC, RFC 3339.
    pub at: String,
    pub kind: EntryKind,
    pub change: Change,
    pub inverse: Change,
    /// The practice server has it (pushed and acknowledged, pulled from it, or part of the
    /// configuration taken from it).
    pub synced: bool,
    /// Its revision on the server, once it has one.
    pub server_revision: Option<i64>,
}

/// The open database. Cheap to clone; clones share the connection pool.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    device: DeviceId,
    /// This store's device slot, locked while any clone is open.
    lease: Arc<open::Lease>,
    path: PathBuf,
    /// The configuration as of a version, so that an edit does not re-read every row. Every
    /// write appends to the log or counts a rewrite (a sync's rebase), so a different version
    /// on disk means it is stale.
    cached: Arc<Mutex<Option<(rows::Version, Config)>>>,
}

/// A pool on a new database at `path` with the store's connection settings and schema, and
/// no store around it: for the benchmark's baseline (plain sqlx inserts into the same log
/// table), so that the comparison is with the same database, not a copy of it.
#[doc(hidden)]
pub async fn plain_pool(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    open::plain(path).await
}

impl Store {
    /// Opens the database at `path`, creating its folder and file if needed, upgrading its
    /// schema, and on a new database writing the demo practice. A file Switchboard cannot use
    /// (not a database, cut short, damaged, read-only, from a newer version) is refused with a
    /// sentence of its own and left as it is. Each open store is a device of its own while it
    /// is open: the lowest device slot no other open store holds (see `open`).
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let open::Opened { pool, lease } = open::open(&path).await?;
        let device = match prepare(&pool, lease.slot).await {
            Ok(device) => device,
            Err(err) => {
                pool.close().await;
                return Err(open::first_write_error(&path, err));
            }
        };
        Ok(Self {
            pool,
            device,
            lease: Arc::new(lease),
            path,
            cached: Arc::default(),
        })
    }

    /// The file this store reads and writes.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// This store's device id.
    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// This store's device slot: 1 for the first store open on the file, 2 for a second one
    /// open beside it, and so on (see `open`).
    pub fn device_slot(&self) -> i64 {
        self.lease.slot
    }

    /// The whole configuration, the revision it is at and this device's history, all as of
    /// one moment: read in one transaction, so a write committed meanwhile is either wholly
    /// in the snapshot or not at all.
    pub async fn load(&self) -> Result<Snapshot, StoreError> {
        let read = async {
            let mut tx = self.pool.begin().await?;
            let (revision, config) = self.config_at_current_revision(&mut tx).await?;
            let history = undo::state(&mut tx, self.device).await?;
            tx.commit().await?;
            Ok(Snapshot {
                revision,
                config,
                history,
            })
        };
        read.await.map_err(StoreError::reading)
    }

    /// Applies `change` and records it with `author`, all in one transaction. A change that
    /// does not apply (a conflict, an unknown topic) changes nothing.
    pub async fn apply(&self, change: &Change, author: &Author) -> Result<Applied, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (applied, version, after) = self
            .apply_tx(&mut tx, change, author, EntryKind::Edit)
            .await?;
        tx.commit().await?;
        self.remember(version, after);
        Ok(applied)
    }

    /// Takes back `target`, which must be this device's latest change not yet undone (the
    /// first of `HistoryState::undo_targets`), as a new entry of the log. Refused, changing
    /// nothing, when the latest is another entry (the one meant was refused, or undone
    /// already), or when something it touched has changed since.
    pub async fn undo(&self, target: i64, author: &Author) -> Result<Applied, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let target = undo::stacks(&mut tx, self.device).await?.undo_top(target)?;
        let change = undo::inverse_of(&mut tx, target).await?;
        let kind = EntryKind::Undo { reverts: target };
        let (applied, version, after) = self.apply_tx(&mut tx, &change, author, kind).await?;
        tx.commit().await?;
        self.remember(version, after);
        Ok(applied)
    }

    /// Takes back the undo `target` (re-applying what it took back), which must be this
    /// device's latest undo not yet redone, with no new edit since (the first of
    /// `HistoryState::redo_targets`). Refused, changing nothing, otherwise.
    pub async fn redo(&self, target: i64, author: &Author) -> Result<Applied, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let target = undo::stacks(&mut tx, self.device).await?.redo_top(target)?;
        let change = undo::inverse_of(&mut tx, target).await?;
        let kind = EntryKind::Redo { reverts: target };
        let (applied, version, after) = self.apply_tx(&mut tx, &change, author, kind).await?;
        tx.commit().await?;
        self.remember(version, after);
        Ok(applied)
    }

    /// The whole configuration as a versioned JSON document (see `switchboard_core::export`).
    pub async fn export(&self) -> Result<String, StoreError> {
        Ok(switchboard_core::export(&self.load().await?.config))
    }

    /// Replaces the configuration with the one in `document`, as one entry of the log (so one
    /// undo step). The document is checked whole first: on any problem nothing changes and the
    /// error names the first one. `None` when the document equals the current configuration.
    pub async fn import(
        &self,
        document: &str,
        author: &Author,
    ) -> Result<Option<Applied>, StoreError> {
        let imported = switchboard_core::import(document)?;
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let (_, current) = self.config_at_current_revision(&mut tx).await?;
        let change = switchboard_core::import_as_change(&current, &imported)?;
        if change.is_noop() {
            return Ok(None);
        }
        let (applied, version, after) = self
            .apply_tx(&mut tx, &change, author, EntryKind::Edit)
            .await?;
        tx.commit().await?;
        self.remember(version, after);
        Ok(Some(applied))
    }

    async fn apply_tx(
        &self,
        tx: &mut SqliteConnection,
        change: &Change,
        author: &Author,
        kind: EntryKind,
    ) -> Result<(Applied, rows::Version, Config), StoreError> {
        let (version, mut after) = self.config_to_edit(tx).await?;
        let inverse = match switchboard_core::apply(&mut after, change) {
            Ok(inverse) => inverse,
            Err(refused) => {
                // A refused change leaves the configuration as it was: still the one at
                // `version`, worth keeping.
                self.remember(version, after);
                return Err(refused.into());
            }
        };
        // Only the rows the change names: core's `Change::touches` lists every row it can
        // alter (a property test holds it to that), so the rest are equal already.
        rows::write_touched_tx(tx, &after, &change.touches()).await?;
        let entry = rows::Entry {
            id: Uuid::now_v7(),
            author,
            device: self.device,
            kind,
            change,
            inverse: &inverse,
            sync: "pending",
            server_revision: None,
            at: None,
        };
        let revision = rows::append_change_tx(tx, &entry).await?;
        let version = rows::Version {
            revision,
            ..version
        };
        Ok((Applied { revision }, version, after))
    }

    /// The configuration and the revision it is at (see [`Self::config_at_current_version`]).
    async fn config_at_current_revision(
        &self,
        conn: &mut SqliteConnection,
    ) -> Result<(i64, Config), StoreError> {
        let (version, config) = self.config_at_current_version(conn).await?;
        Ok((version.revision, config))
    }

    /// The configuration and the version it is at: from the cache when the log has not moved
    /// and the rows were not rewritten since, else read from the rows (and cached).
    async fn config_at_current_version(
        &self,
        conn: &mut SqliteConnection,
    ) -> Result<(rows::Version, Config), StoreError> {
        let version = rows::version(conn).await?;
        if let Some((cached, config)) = self.cache().as_ref()
            && *cached == version
        {
            return Ok((version, config.clone()));
        }
        let config = rows::load_config(conn).await?;
        self.remember(version, config.clone());
        Ok((version, config))
    }

    /// The configuration at the current version to edit in place: taken out of the cache
    /// (no copy) when it is current, else read from the rows. Whoever takes it puts the
    /// edited one back with [`Self::remember`] after committing; if that never happens (an
    /// error, a rollback), the next read finds no cache and reads the rows.
    async fn config_to_edit(
        &self,
        conn: &mut SqliteConnection,
    ) -> Result<(rows::Version, Config), StoreError> {
        let version = rows::version(conn).await?;
        let cached = self.cache().take();
        match cached {
            Some((at, config)) if at == version => Ok((version, config)),
            _ => Ok((version, rows::load_config(conn).await?)),
        }
    }

    /// Keeps `config` as the configuration at `version` (call only after it is committed).
    fn remember(&self, version: rows::Version, config: Config) {
        *self.cache() = Some((version, config));
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Option<(rows::Version, Config)>> {
        // A panic while holding the lock leaves at worst a stale entry, which the revision
        // check then ignores: the poisoned value is safe to use.
        self.cached
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The change log, oldest first.
    pub async fn history(&self) -> Result<Vec<LoggedChange>, StoreError> {
        let read = async {
            let mut conn = self.pool.acquire().await?;
            rows::history(&mut conn).await
        };
        read.await.map_err(StoreError::reading)
    }

    /// Closes the pool, checkpointing the write-ahead log.
    pub async fn close(self) {
        self.pool.close().await;
    }
}

/// On a just-opened database: this slot's device id (made on first use), and the demo practice
/// when the file is new.
async fn prepare(pool: &SqlitePool, slot: i64) -> Result<DeviceId, StoreError> {
    let mut tx = pool.begin_with("BEGIN IMMEDIATE").await?;
    let device = rows::device_id_tx(&mut tx, slot).await?;
    if !rows::has_practice_tx(&mut tx).await? {
        rows::write_config_tx(&mut tx, None, &demo_practice()).await?;
    }
    tx.commit().await?;
    Ok(device)
}

impl FromStr for DeviceId {
    type Err = uuid::Error;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(text).map(Self)
    }
}
