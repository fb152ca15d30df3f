//! The server's storage: one [`Database`] trait, one implementation per backend —
//! [`SqliteDb`] (one process, zero setup, the default) and [`PostgresDb`] (any number of
//! stateless server processes behind a load balancer).
//!
//! Both keep, per practice, the change log (revision, change id, account, device, client and
//! server time, the change and its inverse) and the configuration at the head it replays to,
//! and write them in one transaction per change, holding the practice's row locked, so
//! revisions are gap-free and strictly increasing however many processes write. No process
//! keeps state another could contradict: every decision reads the database inside the
//! transaction that writes it. What a change does is decided by `switchboard_core::apply`.
//!
//! Both backends run the same SQL (written with `$1, $2, …` in order of appearance, which
//! SQLite numbers the same way), generated for each by `sql_database!` in `sql.rs`; only
//! opening the pool, the migrations, how a write transaction starts and how the practice row
//! is locked differ.

mod postgres;
mod push;
mod sql;
mod sqlite;

use std::future::Future;

use switchboard_core::sync::{LogEntry, PushOutcome, PushedChange, Role};
use switchboard_core::{Config, PracticeId};

pub use postgres::PostgresDb;
pub use sqlite::SqliteDb;

/// A failed database operation.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "The server's database could not be reached or failed ({0}). Try again in a moment; if it keeps happening, the server's operator should check the database."
    )]
    Sql(#[from] sqlx::Error),
    #[error(
        "The server's database could not be upgraded: {0}. Update the server, or restore a backup."
    )]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("The server's database holds {what} that it cannot read. Restore a backup.")]
    Corrupt { what: String },
    #[error("{0}")]
    Invalid(String),
}

impl DbError {
    pub(crate) fn corrupt(what: impl Into<String>) -> Self {
        DbError::Corrupt { what: what.into() }
    }
}

/// A practice as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PracticeRow {
    pub id: PracticeId,
    pub name: String,
    pub head: i64,
}

/// An account as the server keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub id: String,
    pub practice: PracticeId,
    pub name: String,
    pub role: Role,
    pub password_hash: String,
    pub disabled: bool,
}

/// A session found by its token, with its account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRow {
    pub account: AccountRow,
    pub last_used_at: i64,
    pub expires_at: i64,
}

/// What a pull finds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    NoPractice,
    /// The log does not reach back to `since` (or `since` is past the head): the client
    /// takes a snapshot.
    SnapshotRequired {
        head: i64,
    },
    Changes {
        changes: Vec<LogEntry>,
        head: i64,
    },
}

/// Who pushed a change, as the log records it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pusher<'a> {
    pub account: &'a str,
    /// When the server received it (RFC 3339, UTC).
    pub received_at: &'a str,
}

/// The server's storage. Every method is one transaction (or one statement).
pub trait Database: Clone + Send + Sync + 'static {
    /// Whether the database answers (for `/readyz`).
    fn ready(&self) -> impl Future<Output = Result<(), DbError>> + Send;

    /// Adds a practice with nothing uploaded yet.
    fn add_practice(
        &self,
        id: PracticeId,
        name: &str,
        now: &str,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// Every practice.
    fn practices(&self) -> impl Future<Output = Result<Vec<PracticeRow>, DbError>> + Send;

    /// The practice with `id`.
    fn practice(
        &self,
        id: PracticeId,
    ) -> impl Future<Output = Result<Option<PracticeRow>, DbError>> + Send;

    /// Makes `config` the practice's configuration at revision 1, if nothing is uploaded
    /// yet; `Ok(false)` when something is.
    fn upload(
        &self,
        practice: PracticeId,
        config: &Config,
    ) -> impl Future<Output = Result<bool, DbError>> + Send;

    /// Applies a push's changes in order, each all or nothing on its own (a conflict or a
    /// refusal writes nothing and the next change is still tried), holding the practice's
    /// row for the whole push and committing the applied ones together, with the rows at the
    /// new head, before answering: nothing is acknowledged before it is committed, and a
    /// failure of the database acknowledges nothing.
    fn push(
        &self,
        practice: PracticeId,
        batch: &[PushedChange],
        by: &Pusher<'_>,
    ) -> impl Future<Output = Result<Vec<PushOutcome>, DbError>> + Send;

    /// The log entries after `since`, oldest first, at most `limit`; with the head.
    fn pull(
        &self,
        practice: PracticeId,
        since: i64,
        limit: usize,
    ) -> impl Future<Output = Result<Pulled, DbError>> + Send;

    /// The configuration at the head, and the head (`None` before an upload).
    fn snapshot(
        &self,
        practice: PracticeId,
    ) -> impl Future<Output = Result<(i64, Option<Config>), DbError>> + Send;

    /// [`Database::snapshot`] with the configuration as the JSON text the server stored (it
    /// wrote that text itself, from a checked configuration): a snapshot served as it is
    /// stored is not parsed and written again for every first sync.
    fn snapshot_json(
        &self,
        practice: PracticeId,
    ) -> impl Future<Output = Result<(i64, Option<String>), DbError>> + Send;

    /// The uploaded configuration the log starts from, and its revision (for replay checks).
    fn base(
        &self,
        practice: PracticeId,
    ) -> impl Future<Output = Result<(i64, Option<Config>), DbError>> + Send;

    /// Adds an account.
    fn add_account(
        &self,
        account: &AccountRow,
        now: &str,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// The account called `name` in `practice`.
    fn account(
        &self,
        practice: PracticeId,
        name: &str,
    ) -> impl Future<Output = Result<Option<AccountRow>, DbError>> + Send;

    /// The accounts of `practice`, by name.
    fn accounts(
        &self,
        practice: PracticeId,
    ) -> impl Future<Output = Result<Vec<AccountRow>, DbError>> + Send;

    /// Sets an account's password hash; `Ok(false)` when there is no such account.
    fn set_password(
        &self,
        account_id: &str,
        hash: &str,
    ) -> impl Future<Output = Result<bool, DbError>> + Send;

    /// Disables an account and ends its sessions; `Ok(false)` when there is no such account.
    fn disable(&self, account_id: &str) -> impl Future<Output = Result<bool, DbError>> + Send;

    /// Records a new session.
    fn add_session(
        &self,
        token_hash: &str,
        account_id: &str,
        now: i64,
        expires_at: i64,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// The live (not revoked) session with `token_hash`, with its account.
    fn session(
        &self,
        token_hash: &str,
    ) -> impl Future<Output = Result<Option<SessionRow>, DbError>> + Send;

    /// Marks a session used at `now`.
    fn touch_session(
        &self,
        token_hash: &str,
        now: i64,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// Ends a session.
    fn revoke_session(&self, token_hash: &str) -> impl Future<Output = Result<(), DbError>> + Send;

    /// Adds a portal key (stored hashed).
    fn add_portal_key(
        &self,
        id: &str,
        key_hash: &str,
        practice: PracticeId,
        label: &str,
        now: &str,
    ) -> impl Future<Output = Result<(), DbError>> + Send;

    /// The practice a live portal key reads.
    fn portal_key(
        &self,
        key_hash: &str,
    ) -> impl Future<Output = Result<Option<PracticeId>, DbError>> + Send;

    /// Revokes a portal key; `Ok(false)` when there is no such key.
    fn revoke_portal_key(&self, id: &str) -> impl Future<Output = Result<bool, DbError>> + Send;

    /// Counts a failed sign-in against `key` in the window starting `window` seconds before
    /// `now`, and answers how many there are in it now.
    fn fail_signin(
        &self,
        key: &str,
        now: i64,
        window: i64,
    ) -> impl Future<Output = Result<i64, DbError>> + Send;

    /// How many failed sign-ins `key` has in the window ending `now`.
    fn signin_failures(
        &self,
        key: &str,
        now: i64,
        window: i64,
    ) -> impl Future<Output = Result<i64, DbError>> + Send;

    /// Forgets `key`'s failed sign-ins (after a successful one).
    fn clear_signin_failures(&self, key: &str) -> impl Future<Output = Result<(), DbError>> + Send;
}

/// Each practice's configuration at the head it was read or written at, so that a push need
/// not read and parse it again (see [`AtRevision`](crate::revisions::AtRevision)).
pub(crate) type ConfigCache = crate::revisions::AtRevision<Config>;

/// Parses a role column.
pub(crate) fn role(text: &str) -> Result<Role, DbError> {
    Role::from_name(text).ok_or_else(|| DbError::corrupt(format!("an account role \"{text}\"")))
}

/// Parses a practice id column.
pub(crate) fn practice_id(text: &str) -> Result<PracticeId, DbError> {
    text.parse()
        .map_err(|_| DbError::corrupt(format!("a practice id \"{text}\"")))
}

/// Parses a JSON column.
pub(crate) fn json<T: serde::de::DeserializeOwned>(text: &str, what: &str) -> Result<T, DbError> {
    serde_json::from_str(text).map_err(|err| DbError::corrupt(format!("{what} ({err})")))
}
