//! Rows of the directory and the rules: locations, people, groups, routes and practice
//! settings. Each entity is a row keyed by its id with core's JSON form as its body; writes
//! touch only the rows whose entity changed.

use std::collections::BTreeMap;
use std::fmt::Display;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::SqliteConnection;
use switchboard_core::{Config, PracticeSettings, RouteRule, RouteTable, Scope, TopicKey, Touched};

use crate::StoreError;

/// The SQL of one table of entities keyed by id.
struct EntityTable {
    /// For messages: "location", "person", "group".
    what: &'static str,
    select: &'static str,
    upsert: &'static str,
    delete: &'static str,
}

const LOCATIONS: EntityTable = EntityTable {
    what: "location",
    select: "SELECT id, body FROM locations",
    upsert: "INSERT INTO locations (id, body) VALUES (?, ?)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    delete: "DELETE FROM locations WHERE id = ?",
};

const PEOPLE: EntityTable = EntityTable {
    what: "person",
    select: "SELECT id, body FROM people",
    upsert: "INSERT INTO people (id, body) VALUES (?, ?)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    delete: "DELETE FROM people WHERE id = ?",
};

const GROUPS: EntityTable = EntityTable {
    what: "group",
    select: "SELECT id, body FROM recipient_groups",
    upsert: "INSERT INTO recipient_groups (id, body) VALUES (?, ?)
             ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    delete: "DELETE FROM recipient_groups WHERE id = ?",
};

/// The parts of a [`Config`] kept in this module's tables.
pub(crate) struct Directory {
    pub locations: BTreeMap<switchboard_core::LocationId, switchboard_core::Location>,
    pub people: BTreeMap<switchboard_core::PersonId, switchboard_core::Person>,
    pub groups: BTreeMap<switchboard_core::GroupId, switchboard_core::Group>,
    pub routes: RouteTable,
    pub settings: PracticeSettings,
}

pub(crate) async fn load(conn: &mut SqliteConnection) -> Result<Directory, StoreError> {
    let settings: String = sqlx::query_scalar("SELECT body FROM practice_settings WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .ok_or_else(|| StoreError::Corrupt {
            what: "no practice settings".into(),
        })?;
    let rules: Vec<(String, String, String)> =
        sqlx::query_as("SELECT topic, scope, route FROM routes ORDER BY topic, scope")
            .fetch_all(&mut *conn)
            .await?;
    let rules = rules
        .into_iter()
        .map(|(topic, scope, route)| {
            let corrupt = || StoreError::Corrupt {
                what: format!("an unreadable rule for topic \"{topic}\""),
            };
            Ok(RouteRule {
                scope: serde_json::from_str(&scope).map_err(|_| corrupt())?,
                route: serde_json::from_str(&route).map_err(|_| corrupt())?,
                topic: TopicKey(topic),
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    Ok(Directory {
        locations: load_entities(conn, &LOCATIONS).await?,
        people: load_entities(conn, &PEOPLE).await?,
        groups: load_entities(conn, &GROUPS).await?,
        routes: RouteTable::from(rules),
        settings: serde_json::from_str(&settings).map_err(|_| StoreError::Corrupt {
            what: "unreadable practice settings".into(),
        })?,
    })
}

async fn load_entities<K, V>(
    conn: &mut SqliteConnection,
    table: &EntityTable,
) -> Result<BTreeMap<K, V>, StoreError>
where
    K: Ord + std::str::FromStr,
    V: DeserializeOwned,
{
    let rows: Vec<(String, String)> = sqlx::query_as(table.select).fetch_all(&mut *conn).await?;
    rows.into_iter()
        .map(|(id, body)| {
            let corrupt = || StoreError::Corrupt {
                what: format!("an unreadable {} ({id})", table.what),
            };
            let key = id.parse().map_err(|_| corrupt())?;
            let value = serde_json::from_str(&body).map_err(|_| corrupt())?;
            Ok((key, value))
        })
        .collect()
}

/// Writes what differs between `before` (None: an empty database) and `after`.
pub(crate) async fn write_tx(
    conn: &mut SqliteConnection,
    before: Option<&Config>,
    after: &Config,
) -> Result<(), StoreError> {
    write_entities(
        conn,
        &LOCATIONS,
        before.map(|c| &c.locations),
        &after.locations,
    )
    .await?;
    write_entities(conn, &PEOPLE, before.map(|c| &c.people), &after.people).await?;
    write_entities(conn, &GROUPS, before.map(|c| &c.groups), &after.groups).await?;
    write_routes(conn, before.map(|c| &c.routes), &after.routes).await?;
    if before.is_none_or(|before| before.settings != after.settings) {
        write_settings(conn, &after.settings).await?;
    }
    Ok(())
}

/// Writes the rows `touched` names as they are in `after`, deleting those it no longer has
/// (see `rows::write_touched_tx`).
pub(crate) async fn write_touched_tx(
    conn: &mut SqliteConnection,
    after: &Config,
    touched: &Touched,
) -> Result<(), StoreError> {
    for id in &touched.locations {
        write_entity(conn, &LOCATIONS, id, after.locations.get(id)).await?;
    }
    for id in &touched.people {
        write_entity(conn, &PEOPLE, id, after.people.get(id)).await?;
    }
    for id in &touched.groups {
        write_entity(conn, &GROUPS, id, after.groups.get(id)).await?;
    }
    for (topic, scope) in &touched.routes {
        match after.routes.stored(topic, *scope) {
            Some(route) => upsert_route(conn, topic, scope, route).await?,
            None => delete_route(conn, topic, scope).await?,
        }
    }
    if touched.settings {
        write_settings(conn, &after.settings).await?;
    }
    Ok(())
}

/// Upserts the entity `id` as `value`, or deletes its row when it is gone.
async fn write_entity<K: Display, V: Serialize>(
    conn: &mut SqliteConnection,
    table: &EntityTable,
    id: &K,
    value: Option<&V>,
) -> Result<(), StoreError> {
    let query = match value {
        Some(value) => sqlx::query(table.upsert)
            .bind(id.to_string())
            .bind(encode(value)),
        None => sqlx::query(table.delete).bind(id.to_string()),
    };
    query.execute(&mut *conn).await?;
    Ok(())
}

async fn write_settings(
    conn: &mut SqliteConnection,
    settings: &PracticeSettings,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO practice_settings (id, body) VALUES (1, ?)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    )
    .bind(encode(settings))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn upsert_route(
    conn: &mut SqliteConnection,
    topic: &TopicKey,
    scope: &Scope,
    route: &switchboard_core::Route,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO routes (topic, scope, route) VALUES (?, ?, ?)
         ON CONFLICT (topic, scope) DO UPDATE SET route = excluded.route",
    )
    .bind(topic.as_str())
    .bind(encode::<Scope>(scope))
    .bind(encode(route))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn delete_route(
    conn: &mut SqliteConnection,
    topic: &TopicKey,
    scope: &Scope,
) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM routes WHERE topic = ? AND scope = ?")
        .bind(topic.as_str())
        .bind(encode(scope))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

async fn write_entities<K, V>(
    conn: &mut SqliteConnection,
    table: &EntityTable,
    before: Option<&BTreeMap<K, V>>,
    after: &BTreeMap<K, V>,
) -> Result<(), StoreError>
where
    K: Ord + Display,
    V: Serialize + PartialEq,
{
    if let Some(before) = before {
        for id in before.keys().filter(|id| !after.contains_key(id)) {
            sqlx::query(table.delete)
                .bind(id.to_string())
                .execute(&mut *conn)
                .await?;
        }
    }
    for (id, value) in after {
        if before.and_then(|before| before.get(id)) == Some(value) {
            continue;
        }
        sqlx::query(table.upsert)
            .bind(id.to_string())
            .bind(encode(value))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

async fn write_routes(
    conn: &mut SqliteConnection,
    before: Option<&RouteTable>,
    after: &RouteTable,
) -> Result<(), StoreError> {
    // Rows are the rules the tables hold (`iter`), not what `get` answers: the practice scope
    // reads as "the patient chooses" where no row is kept.
    let rows = |table: &RouteTable| {
        table
            .iter()
            .map(|(topic, scope, route)| ((topic.clone(), scope), route.clone()))
            .collect::<std::collections::HashMap<_, _>>()
    };
    let before = before.map(rows).unwrap_or_default();
    let after = rows(after);
    for (topic, scope) in before.keys() {
        if !after.contains_key(&(topic.clone(), *scope)) {
            delete_route(conn, topic, scope).await?;
        }
    }
    for (key, route) in &after {
        if before.get(key) == Some(route) {
            continue;
        }
        let (topic, scope) = key;
        upsert_route(conn, topic, scope, route).await?;
    }
    Ok(())
}

/// Core's JSON form of a value. Core's types are plain data with string map keys, so this
/// cannot fail.
pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("core's types always encode as JSON")
}
