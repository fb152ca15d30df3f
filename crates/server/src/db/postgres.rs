//! [`PostgresDb`]: the practice server's storage in PostgreSQL — for practices that outgrow
//! one machine: any number of server processes share it, and the database orders revisions.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use switchboard_core::sync::{LogEntry, PushOutcome, PushedChange};
use switchboard_core::{ApplyError, Config, PracticeId};

use super::sql::{AccountTuple, account_row, sql_database};
use super::{
    AccountRow, DbError, PracticeRow, Pulled, Pusher, SessionRow, json, practice_id, push,
};

/// The server's PostgreSQL database. Cheap to clone; clones share the pool.
#[derive(Debug, Clone)]
pub struct PostgresDb {
    pool: PgPool,
    configs: super::ConfigCache,
}

impl PostgresDb {
    /// Connects to `url` (`postgres://…`) and brings the schema up to date. Several server
    /// processes may do this at once: migrations take PostgreSQL's advisory lock.
    pub async fn open(url: &str) -> Result<Self, DbError> {
        let pool = PgPoolOptions::new()
            .max_connections(16)
            .acquire_timeout(Duration::from_secs(10))
            .connect(url)
            .await?;
        sqlx::migrate!("./migrations/postgres").run(&pool).await?;
        Ok(Self {
            pool,
            configs: super::ConfigCache::default(),
        })
    }

    /// Closes the pool.
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

sql_database!(
    PostgresDb,
    begin_write = "BEGIN",
    lock_practice = " FOR UPDATE OF p"
);
