//! Rows of the directory and the rules: locations, people, groups, routes and practice
//! settings. Each entity is a row keyed by its id with core's JSON form as its body; writes
//! touch only the rows whose entity changed.

use std::collections::BTreeMap;
use std::fmt::Display;

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};
use switchboard_core::{Config, PracticeSettings, RouteRule, RouteTable, Scope, TopicKey, Touched};

use crate::StoreError;

/// The SQL of one table of entities keyed by id.
struct EntityTable {
    /// For messages: "location", "person", "group".
    what: &'static str,
    select: &'static str,
    /// The head of a multi-row upsert, up to `VALUES`.
    insert: &'static str,
    /// The head of a multi-row delete, up to the list of ids.
    delete: &'static str,
}

const LOCATIONS: EntityTable = EntityTable {
    what: "location",
    select: "SELECT id, body FROM locations",
    insert: "INSERT INTO locations (id, body) ",
    delete: "DELETE FROM locations WHERE id IN ",
};

const PEOPLE: EntityTable = EntityTable {
    what: "person",
    select: "SELECT id, body FROM people",
    insert: "INSERT INTO people (id, body) ",
    delete: "DELETE FROM people WHERE id IN ",
};

const GROUPS: EntityTable = EntityTable {
    what: "group",
    select: "SELECT id, body FROM recipient_groups",
    insert: "INSERT INTO recipient_groups (id, body) ",
    delete: "DELETE FROM recipient_groups WHERE id IN ",
};

/// Rows a statement writes at most: three binds a row stays far below SQLite's 32,766
/// variables, and a first sync of 2,400 people is six statements instead of 2,400.
const ROWS_PER_STATEMENT: usize = 400;

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
    let mut locations = Writes::default();
    locations.diff(before.map(|c| &c.locations), &after.locations);
    locations.send(conn, &LOCATIONS).await?;
    let mut people = Writes::default();
    people.diff(before.map(|c| &c.people), &after.people);
    people.send(conn, &PEOPLE).await?;
    let mut groups = Writes::default();
    groups.diff(before.map(|c| &c.groups), &after.groups);
    groups.send(conn, &GROUPS).await?;
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
    let mut locations = Writes::default();
    locations.named(&touched.locations, &after.locations);
    locations.send(conn, &LOCATIONS).await?;
    let mut people = Writes::default();
    people.named(&touched.people, &after.people);
    people.send(conn, &PEOPLE).await?;
    let mut groups = Writes::default();
    groups.named(&touched.groups, &after.groups);
    groups.send(conn, &GROUPS).await?;
    let mut routes = RouteWrites::default();
    for (topic, scope) in &touched.routes {
        match after.routes.stored(topic, *scope) {
            Some(route) => routes.upsert(topic, scope, route),
            None => routes.delete(topic, scope),
        }
    }
    routes.send(conn).await?;
    if touched.settings {
        write_settings(conn, &after.settings).await?;
    }
    Ok(())
}

/// The rows of one entity table to write, gathered so that they go as a few multi-row
/// statements (one statement per row made a first sync of a large practice spend most of
/// its time waiting on SQLite's worker thread).
#[derive(Default)]
struct Writes {
    /// (id, body) to insert or replace.
    upserts: Vec<(String, String)>,
    /// Ids to delete.
    deletes: Vec<String>,
}

impl Writes {
    /// Every row that differs between `before` (None: an empty table) and `after`.
    fn diff<K, V>(&mut self, before: Option<&BTreeMap<K, V>>, after: &BTreeMap<K, V>)
    where
        K: Ord + Display,
        V: Serialize + PartialEq,
    {
        if let Some(before) = before {
            self.deletes.extend(
                before
                    .keys()
                    .filter(|id| !after.contains_key(id))
                    .map(ToString::to_string),
            );
        }
        for (id, value) in after {
            if before.and_then(|before| before.get(id)) != Some(value) {
                self.upserts.push((id.to_string(), encode(value)));
            }
        }
    }

    /// The rows `ids` as they are in `after` (deleted where `after` has none).
    fn named<'a, K, V>(&mut self, ids: impl IntoIterator<Item = &'a K>, after: &BTreeMap<K, V>)
    where
        K: Ord + Display + 'a,
        V: Serialize,
    {
        for id in ids {
            match after.get(id) {
                Some(value) => self.upserts.push((id.to_string(), encode(value))),
                None => self.deletes.push(id.to_string()),
            }
        }
    }

    async fn send(
        self,
        conn: &mut SqliteConnection,
        table: &EntityTable,
    ) -> Result<(), StoreError> {
        for ids in self.deletes.chunks(ROWS_PER_STATEMENT) {
            let mut query = QueryBuilder::<Sqlite>::new(table.delete);
            query.push_tuples(ids, |mut row, id| {
                row.push_bind(id.as_str());
            });
            query.build().execute(&mut *conn).await?;
        }
        for rows in self.upserts.chunks(ROWS_PER_STATEMENT) {
            let mut query = QueryBuilder::<Sqlite>::new(table.insert);
            query.push_values(rows, |mut row, (id, body)| {
                row.push_bind(id.as_str()).push_bind(body.as_str());
            });
            query.push(" ON CONFLICT (id) DO UPDATE SET body = excluded.body");
            query.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// The rule rows to write, gathered like [`Writes`]: (topic, scope, route) to insert or
/// replace, (topic, scope) to delete; scopes and routes in core's JSON form.
#[derive(Default)]
struct RouteWrites {
    upserts: Vec<(String, String, String)>,
    deletes: Vec<(String, String)>,
}

impl RouteWrites {
    fn upsert(&mut self, topic: &TopicKey, scope: &Scope, route: &switchboard_core::Route) {
        self.upserts
            .push((topic.as_str().to_owned(), encode(scope), encode(route)));
    }

    fn delete(&mut self, topic: &TopicKey, scope: &Scope) {
        self.deletes
            .push((topic.as_str().to_owned(), encode(scope)));
    }

    async fn send(self, conn: &mut SqliteConnection) -> Result<(), StoreError> {
        for keys in self.deletes.chunks(ROWS_PER_STATEMENT) {
            let mut query =
                QueryBuilder::<Sqlite>::new("DELETE FROM routes WHERE (topic, scope) IN (");
            query.push_values(keys, |mut row, (topic, scope)| {
                row.push_bind(topic.as_str()).push_bind(scope.as_str());
            });
            query.push(")");
            query.build().execute(&mut *conn).await?;
        }
        for rows in self.upserts.chunks(ROWS_PER_STATEMENT) {
            let mut query =
                QueryBuilder::<Sqlite>::new("INSERT INTO routes (topic, scope, route) ");
            query.push_values(rows, |mut row, (topic, scope, route)| {
                row.push_bind(topic.as_str())
                    .push_bind(scope.as_str())
                    .push_bind(route.as_str());
            });
            query.push(" ON CONFLICT (topic, scope) DO UPDATE SET route = excluded.route");
            query.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
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
    let mut writes = RouteWrites::default();
    for (topic, scope) in before.keys() {
        if !after.contains_key(&(topic.clone(), *scope)) {
            writes.delete(topic, scope);
        }
    }
    for ((topic, scope), route) in &after {
        if before.get(&(topic.clone(), *scope)) != Some(route) {
            writes.upsert(topic, scope, route);
        }
    }
    writes.send(conn).await
}

/// Core's JSON form of a value. Core's types are plain data with string map keys, so this
/// cannot fail.
pub(crate) fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("core's types always encode as JSON")
}
