//! [`SqliteDb`]: the practice server's storage in one SQLite file — the default, for one
//! server process.

use std::path::Path;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use switchboard_core::sync::{LogEntry, PushOutcome, PushedChange};
use switchboard_core::{ApplyError, Config, PracticeId};

use super::sql::{AccountTuple, account_row, sql_database};
use super::{
    AccountRow, DbError, PracticeRow, Pulled, Pusher, SessionRow, json, practice_id, push,
};

/// The server's SQLite database. Cheap to clone; clones share the pool.
#[derive(Debug, Clone)]
pub struct SqliteDb {
    pool: SqlitePool,
    configs: super::ConfigCache,
}

impl SqliteDb {
    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Self, DbError> {
        if let Some(dir) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|err| DbError::Sql(sqlx::Error::Io(err)))?;
        }
        let options = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(8)
            .connect_with(options)
            .await?;
        sqlx::migrate!("./migrations/sqlite").run(&pool).await?;
        Ok(Self {
            pool,
            configs: super::ConfigCache::default(),
        })
    }

    /// Closes the pool, checkpointing the write-ahead log.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

sql_database!(
    SqliteDb,
    begin_write = "BEGIN IMMEDIATE",
    lock_practice = ""
);
