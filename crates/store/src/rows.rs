//! Rows: the SQL side of the store. Row structs stay here and convert into domain types.

use sqlx::{FromRow, SqliteConnection};
use switchboard_core::{Change, Config, Localized, PracticeName, Topic, TopicKey, Touched};
use uuid::Uuid;

use crate::directory::{self, encode};
use crate::{Author, DeviceId, EntryKind, LoggedChange, StoreError};

#[derive(FromRow)]
struct PracticeRow {
    name: String,
    demo: bool,
}

#[derive(FromRow)]
struct TopicRow {
    key: String,
    enabled: bool,
    label_en: String,
    label_es: String,
    display_en: String,
    display_es: String,
    builtin: bool,
}

impl From<TopicRow> for Topic {
    fn from(row: TopicRow) -> Self {
        Topic {
            key: TopicKey(row.key),
            enabled: row.enabled,
            label: Localized::new(row.label_en, row.label_es),
            display_name: Localized::new(row.display_en, row.display_es),
            builtin: row.builtin,
        }
    }
}

#[derive(FromRow)]
struct ChangeRow {
    seq: i64,
    id: String,
    author: String,
    device: String,
    at: String,
    kind: String,
    reverts: Option<i64>,
    change: String,
    inverse: String,
    sync: String,
    server_revision: Option<i64>,
}

impl TryFrom<ChangeRow> for LoggedChange {
    type Error = StoreError;

    fn try_from(row: ChangeRow) -> Result<Self, StoreError> {
        let corrupt = |what: &str| StoreError::Corrupt {
            what: format!("{what} in change #{}", row.seq),
        };
        Ok(LoggedChange {
            revision: row.seq,
            id: Uuid::parse_str(&row.id).map_err(|_| corrupt("an unreadable id"))?,
            device: row
                .device
                .parse()
                .map_err(|_| corrupt("an unreadable device id"))?,
            kind: EntryKind::from_row(&row.kind, row.reverts, &row.sync)
                .ok_or_else(|| corrupt("an unknown kind of entry"))?,
            change: serde_json::from_str(&row.change)
                .map_err(|_| corrupt("an unreadable change"))?,
            inverse: serde_json::from_str(&row.inverse)
                .map_err(|_| corrupt("an unreadable inverse"))?,
            author: row.author,
            at: row.at,
            synced: matches!(row.sync.as_str(), "synced" | "snapshot"),
            server_revision: row.server_revision,
        })
    }
}

/// The device id of `slot` (see `open`), made and stored on first use.
pub(crate) async fn device_id_tx(
    conn: &mut SqliteConnection,
    slot: i64,
) -> Result<DeviceId, StoreError> {
    let stored: Option<String> = sqlx::query_scalar("SELECT id FROM devices WHERE slot = ?")
        .bind(slot)
        .fetch_optional(&mut *conn)
        .await?;
    if let Some(text) = stored {
        return text.parse().map_err(|_| StoreError::Corrupt {
            what: format!("an unreadable device id (slot {slot})"),
        });
    }
    let device = DeviceId(Uuid::now_v7());
    sqlx::query("INSERT INTO devices (slot, id) VALUES (?, ?)")
        .bind(slot)
        .bind(device.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(device)
}

pub(crate) async fn has_practice_tx(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    Ok(
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM practice")
            .fetch_one(&mut *conn)
            .await?
            > 0,
    )
}

pub(crate) async fn load_config(conn: &mut SqliteConnection) -> Result<Config, StoreError> {
    let practice: PracticeRow = sqlx::query_as("SELECT name, demo FROM practice WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Corrupt {
            what: "no practice".into(),
        })?;
    let topics: Vec<TopicRow> = sqlx::query_as(
        "SELECT key, enabled, label_en, label_es, display_en, display_es, builtin
         FROM topics ORDER BY position",
    )
    .fetch_all(&mut *conn)
    .await?;
    let directory = directory::load(conn).await?;
    Ok(Config {
        practice_name: PracticeName(practice.name),
        demo: practice.demo,
        topics: topics.into_iter().map(Topic::from).collect(),
        locations: directory.locations,
        people: directory.people,
        groups: directory.groups,
        routes: directory.routes,
        settings: directory.settings,
    })
}

/// Writes the rows that differ between `before` (None: an empty database) and `after`.
pub(crate) async fn write_config_tx(
    conn: &mut SqliteConnection,
    before: Option<&Config>,
    after: &Config,
) -> Result<(), StoreError> {
    let practice_changed = before.is_none_or(|before| {
        before.practice_name != after.practice_name || before.demo != after.demo
    });
    if practice_changed {
        write_practice(conn, after).await?;
    }

    let old_topics = before
        .map(|config| config.topics.as_slice())
        .unwrap_or_default();
    for old in old_topics {
        if after.topic(&old.key).is_none() {
            sqlx::query("DELETE FROM topics WHERE key = ?")
                .bind(old.key.as_str())
                .execute(&mut *conn)
                .await?;
        }
    }
    for (position, topic) in after.topics.iter().enumerate() {
        let unchanged = old_topics.get(position) == Some(topic);
        if unchanged {
            continue;
        }
        upsert_topic(conn, position, topic).await?;
    }
    directory::write_tx(conn, before, after).await
}

/// Writes the rows `touched` names as they are in `after` (a row named but absent from
/// `after` is deleted): the rows one change can alter (see `Change::touches`), without
/// comparing the rest of the configuration.
pub(crate) async fn write_touched_tx(
    conn: &mut SqliteConnection,
    after: &Config,
    touched: &Touched,
) -> Result<(), StoreError> {
    if touched.practice {
        write_practice(conn, after).await?;
    }
    for key in &touched.topics {
        if after.topic(key).is_none() {
            sqlx::query("DELETE FROM topics WHERE key = ?")
                .bind(key.as_str())
                .execute(&mut *conn)
                .await?;
        }
    }
    for (position, topic) in after.topics.iter().enumerate() {
        if touched.topic_order || touched.topics.contains(&topic.key) {
            upsert_topic(conn, position, topic).await?;
        }
    }
    directory::write_touched_tx(conn, after, touched).await
}

async fn write_practice(conn: &mut SqliteConnection, config: &Config) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO practice (id, name, demo) VALUES (1, ?, ?)
         ON CONFLICT (id) DO UPDATE SET name = excluded.name, demo = excluded.demo",
    )
    .bind(&config.practice_name.0)
    .bind(config.demo)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn upsert_topic(
    conn: &mut SqliteConnection,
    position: usize,
    topic: &Topic,
) -> Result<(), StoreError> {
    sqlx::query(
            "INSERT INTO topics (key, position, enabled, label_en, label_es, display_en, display_es, builtin)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)
             ON CONFLICT (key) DO UPDATE SET position = excluded.position, enabled = excluded.enabled,
               label_en = excluded.label_en, label_es = excluded.label_es,
               display_en = excluded.display_en, display_es = excluded.display_es,
               builtin = excluded.builtin",
        )
        .bind(topic.key.as_str())
        .bind(i64::try_from(position).unwrap_or(i64::MAX))
        .bind(topic.enabled)
        .bind(&topic.label.en)
        .bind(&topic.label.es)
        .bind(&topic.display_name.en)
        .bind(&topic.display_name.es)
        .bind(topic.builtin)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// One entry to append to the log.
pub(crate) struct Entry<'a> {
    pub id: Uuid,
    pub author: &'a Author,
    pub device: DeviceId,
    pub kind: EntryKind,
    pub change: &'a Change,
    pub inverse: &'a Change,
    /// Where it stands with the server (see `sync`): "pending" for this device's edits.
    pub sync: &'static str,
    /// Its revision on the server, when it has one already (pulled, or a snapshot's).
    pub server_revision: Option<i64>,
    /// When it was made, UTC, RFC 3339; `None`: now.
    pub at: Option<&'a str>,
}

pub(crate) async fn append_change_tx(
    conn: &mut SqliteConnection,
    entry: &Entry<'_>,
) -> Result<i64, StoreError> {
    let change = encode(entry.change);
    let inverse = encode(entry.inverse);
    // The log entry's size limit (core's table of limits): one entry, one undo step.
    if let Some(message) =
        switchboard_core::limits::change_size_problem(change.len().max(inverse.len()))
    {
        return Err(StoreError::Rejected(
            switchboard_core::ApplyError::Invalid { message },
        ));
    }
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO changes (id, author, device, kind, reverts, change, inverse, sync, server_revision, at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))) RETURNING seq",
    )
    .bind(entry.id.to_string())
    .bind(&entry.author.0)
    .bind(entry.device.to_string())
    .bind(entry.kind.column())
    .bind(entry.kind.reverts())
    .bind(change)
    .bind(inverse)
    .bind(entry.sync)
    .bind(entry.server_revision)
    .bind(entry.at)
    .fetch_one(&mut *conn)
    .await?;
    Ok(seq)
}

/// Where the rows are: the log's latest entry, and how many times the rows were rewritten
/// without a new entry (a sync's rebase). Either moving means a cached configuration is stale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Version {
    pub revision: i64,
    pub generation: i64,
}

pub(crate) async fn version(conn: &mut SqliteConnection) -> Result<Version, StoreError> {
    let (revision, generation): (i64, i64) = sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(seq), 0) FROM changes),
                (SELECT COALESCE(MAX(generation), 0) FROM rows_generation)",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Version {
        revision,
        generation,
    })
}

/// Counts a rewrite of the rows that added no log entry; answers the new version.
pub(crate) async fn rewritten_tx(conn: &mut SqliteConnection) -> Result<Version, StoreError> {
    sqlx::query("UPDATE rows_generation SET generation = generation + 1 WHERE id = 1")
        .execute(&mut *conn)
        .await?;
    version(conn).await
}

pub(crate) async fn history(conn: &mut SqliteConnection) -> Result<Vec<LoggedChange>, StoreError> {
    let rows: Vec<ChangeRow> = sqlx::query_as(
        "SELECT seq, id, author, device, at, kind, reverts, change, inverse, sync, server_revision
         FROM changes ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(LoggedChange::try_from).collect()
}
