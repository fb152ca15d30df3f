//! The practice server's benchmarks, each a ratio against a baseline measured in the same run
//! on the same database (not run in CI; `cargo xtask bench --server`):
//!
//! - push: 10,000 changes in batches of 100 over HTTP, against inserting the same log rows
//!   straight into the same database, one transaction each and 100 to a transaction (the
//!   server commits a push's applied changes together) (target: within 3×);
//! - pull: 100,000 changes to a fresh client over HTTP, a page of 1,000 at a time, against
//!   reading the same pages straight from the database (target: within 3×);
//! - route: requests per second on loopback, against `explain` called in-process on the same
//!   questions (reported: the cost should be the HTTP stack, not the routing).
//!
//! Each figure is the median of several rounds of wall-clock time (the work is I/O: the
//! process's CPU clock would miss the database), with the spread (min–max) beside it.
//! PostgreSQL is measured when `SWITCHBOARD_TEST_POSTGRES_URL` names a server.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use switchboard_bench_support::{Clock, Ratio, Rounds};
use switchboard_core::sync::{PushRequest, PushedChange};
use switchboard_core::{
    Change, ChangeId, Config, Context, PracticeId, Sender, apply, demo_practice, explain,
};
use switchboard_server::db::{PostgresDb, SqliteDb};

const ROUNDS: usize = 3;
const PUSH: usize = 10_000;
const BATCH: usize = 100;
const PULL: usize = 100_000;
const ROUTES: usize = 2_000;
use common::PASSWORD;

type Http = Hyper<HttpConnector, Full<Bytes>>;

fn practice_config() -> Config {
    let mut config = demo_practice();
    config.demo = false;
    config
}

/// `count` topic switches that apply one after the other.
fn toggles(count: usize) -> Vec<PushedChange> {
    let mut config = practice_config();
    (0..count)
        .map(|n| {
            let topic = &config.topics[n % config.topics.len()];
            let change = Change::SetTopicEnabled {
                topic: topic.key.clone(),
                expected: topic.enabled,
                value: !topic.enabled,
            };
            let _ = apply(&mut config, &change);
            PushedChange {
                id: ChangeId::from_u128(uuid::Uuid::now_v7().as_u128()),
                change,
                device: "bench".into(),
                made_at: "2026-11-30T09:00:00Z".into(),
            }
        })
        .collect()
}

/// Where a round's database lives.
enum Backend {
    Sqlite,
    Postgres(String),
}

/// A fresh database, served on 127.0.0.1, with a practice uploaded and an admin signed in.
struct Bench {
    address: SocketAddr,
    http: Http,
    token: String,
    practice: PracticeId,
    raw: Raw,
    _dir: Option<tempfile::TempDir>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

/// Direct access to the same database, for the baselines.
enum Raw {
    Sqlite(sqlx::SqlitePool),
    Postgres(sqlx::PgPool),
}

impl Bench {
    async fn new(backend: &Backend) -> Self {
        let practice = PracticeId::from_u128(uuid::Uuid::now_v7().as_u128());
        let (address, stop, raw, dir) = match backend {
            Backend::Sqlite => {
                let dir = tempfile::tempdir().expect("a folder");
                let path = switchboard_server::cli::sqlite_path(dir.path());
                let db = SqliteDb::open(&path).await.expect("opens");
                let (address, stop) = common::start(db, practice, Some(&practice_config())).await;
                let options = sqlx::sqlite::SqliteConnectOptions::new()
                    .filename(&path)
                    .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
                    .busy_timeout(Duration::from_secs(10));
                let pool = sqlx::SqlitePool::connect_with(options)
                    .await
                    .expect("raw pool");
                (address, stop, Raw::Sqlite(pool), Some(dir))
            }
            Backend::Postgres(admin) => {
                let name = format!("sb_bench_{}", uuid::Uuid::now_v7().simple());
                let pool = sqlx::PgPool::connect(admin)
                    .await
                    .expect("PostgreSQL answers");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .expect("a database");
                pool.close().await;
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(base, _)| base);
                let url = format!("{base}/{name}");
                let db = PostgresDb::open(&url).await.expect("opens");
                let (address, stop) = common::start(db, practice, Some(&practice_config())).await;
                let raw = sqlx::PgPool::connect(&url).await.expect("raw pool");
                (address, stop, Raw::Postgres(raw), None)
            }
        };
        let http: Http = Hyper::builder(TokioExecutor::new()).build_http();
        let mut bench = Self {
            address,
            http,
            token: String::new(),
            practice,
            raw,
            _dir: dir,
            stop: Some(stop),
        };
        let signed_in = bench
            .request(
                "POST",
                "/api/v1/sessions",
                Some(serde_json::to_vec(&serde_json::json!({"practice": practice, "account": "admin", "password": PASSWORD})).expect("json")),
            )
            .await;
        let answer: serde_json::Value = serde_json::from_slice(&signed_in).expect("json");
        bench.token = answer["token"].as_str().expect("a token").to_owned();
        bench
    }

    async fn request(&self, method: &str, path: &str, body: Option<Vec<u8>>) -> Bytes {
        let mut request = axum::http::Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address))
            .header("content-type", "application/json");
        if !self.token.is_empty() {
            request = request.header("authorization", format!("Bearer {}", self.token));
        }
        let response = self
            .http
            .request(
                request
                    .body(Full::new(Bytes::from(body.unwrap_or_default())))
                    .expect("request"),
            )
            .await
            .expect("the server answers");
        assert!(
            response.status().is_success(),
            "{method} {path}: {}",
            response.status()
        );
        response
            .into_body()
            .collect()
            .await
            .expect("a body")
            .to_bytes()
    }

    /// Inserts log rows straight into the database, from revision `from` on, `per` rows to a
    /// transaction.
    async fn raw_insert(&self, changes: &[PushedChange], from: i64, per: usize) {
        let practice = self.practice.to_string();
        let sql = "INSERT INTO changes (practice, revision, id, account, device, made_at, received_at, change, inverse)
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)";
        let rows = |chunk: &[PushedChange], k: usize| -> Vec<(i64, String, String, String)> {
            chunk
                .iter()
                .enumerate()
                .map(|(n, pushed)| {
                    (
                        from + i64::try_from(k * per + n).expect("fits"),
                        pushed.id.to_string(),
                        serde_json::to_string(&pushed.change).expect("json"),
                        pushed.made_at.clone(),
                    )
                })
                .collect()
        };
        for (k, chunk) in changes.chunks(per).enumerate() {
            let rows = rows(chunk, k);
            match &self.raw {
                Raw::Sqlite(pool) => {
                    let mut tx = pool.begin().await.expect("begins");
                    for (revision, id, change, at) in &rows {
                        sqlx::query(sql)
                            .bind(&practice)
                            .bind(revision)
                            .bind(id)
                            .bind("admin")
                            .bind("bench")
                            .bind(at)
                            .bind(at)
                            .bind(change)
                            .execute(&mut *tx)
                            .await
                            .expect("inserts");
                    }
                    tx.commit().await.expect("commits");
                }
                Raw::Postgres(pool) => {
                    let mut tx = pool.begin().await.expect("begins");
                    for (revision, id, change, at) in &rows {
                        sqlx::query(sql)
                            .bind(&practice)
                            .bind(revision)
                            .bind(id)
                            .bind("admin")
                            .bind("bench")
                            .bind(at)
                            .bind(at)
                            .bind(change)
                            .execute(&mut *tx)
                            .await
                            .expect("inserts");
                    }
                    tx.commit().await.expect("commits");
                }
            }
        }
    }

    /// Reads every log row after revision 1 straight from the database, a page at a time.
    async fn raw_read(&self) -> usize {
        let practice = self.practice.to_string();
        let sql = "SELECT revision, id, change, account, device, made_at, received_at FROM changes
                   WHERE practice = $1 AND revision > $2 ORDER BY revision LIMIT 1000";
        let mut since = 1_i64;
        let mut count = 0;
        loop {
            let rows: Vec<(i64, String, String, String, String, String, String)> =
                match &self.raw {
                    Raw::Sqlite(pool) => {
                        sqlx::query_as(sql)
                            .bind(&practice)
                            .bind(since)
                            .fetch_all(pool)
                            .await
                    }
                    Raw::Postgres(pool) => {
                        sqlx::query_as(sql)
                            .bind(&practice)
                            .bind(since)
                            .fetch_all(pool)
                            .await
                    }
                }
                .expect("reads");
            let Some(last) = rows.last() else {
                return count;
            };
            since = last.0;
            count += rows.len();
            // Decoded as a client would receive them.
            for row in &rows {
                let _: Change = serde_json::from_str(&row.2).expect("a change");
            }
        }
    }

    async fn set_head(&self, head: i64) {
        let sql = "UPDATE practices SET head = $1 WHERE id = $2";
        let practice = self.practice.to_string();
        match &self.raw {
            Raw::Sqlite(pool) => sqlx::query(sql)
                .bind(head)
                .bind(&practice)
                .execute(pool)
                .await
                .map(|_| ()),
            Raw::Postgres(pool) => sqlx::query(sql)
                .bind(head)
                .bind(&practice)
                .execute(pool)
                .await
                .map(|_| ()),
        }
        .expect("sets the head");
    }

    fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

/// The figure and its baseline in milliseconds (median, min–max of the rounds), and their
/// ratio with the spread of the rounds' ratios (each round times both).
fn report(what: &str, measured: &[Duration], baseline: &[Duration], target: Option<f64>) {
    let secs = |times: &[Duration]| times.iter().map(Duration::as_secs_f64).collect::<Vec<_>>();
    let resolution = Clock::Wall.resolution().as_secs_f64();
    let ratio = Ratio::of_pairs(&secs(measured), &secs(baseline), resolution);
    let verdict = match target {
        Some(limit) => format!(" (target ≤ {limit}×: {})", ratio.verdict(limit)),
        None => String::new(),
    };
    println!(
        "{what}: {} against {}: {ratio}{verdict}",
        Rounds::of_durations(measured).scaled(1e3).show("ms", 0),
        Rounds::of_durations(baseline).scaled(1e3).show("ms", 0),
    );
}

async fn push(backend: &Backend, label: &str) {
    let (mut measured, mut baseline, mut batched) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let changes = toggles(PUSH);
        let bench = Bench::new(backend).await;
        let path = format!("/api/v1/practices/{}/changes", bench.practice);
        let started = Instant::now();
        for batch in changes.chunks(BATCH) {
            let body = serde_json::to_vec(&PushRequest {
                changes: batch.to_vec(),
            })
            .expect("json");
            bench.request("POST", &path, Some(body)).await;
        }
        measured.push(started.elapsed());
        bench.stop();

        let fresh = toggles(PUSH);
        let bench = Bench::new(backend).await;
        let started = Instant::now();
        bench.raw_insert(&fresh, 2, 1).await;
        baseline.push(started.elapsed());
        bench.stop();

        let fresh = toggles(PUSH);
        let bench = Bench::new(backend).await;
        let started = Instant::now();
        bench.raw_insert(&fresh, 2, BATCH).await;
        batched.push(started.elapsed());
        bench.stop();
    }
    report(
        &format!(
            "push {PUSH} changes in batches of {BATCH} ({label}) vs raw inserts, one transaction each"
        ),
        &measured,
        &baseline,
        Some(3.0),
    );
    report(
        &format!(
            "push {PUSH} changes in batches of {BATCH} ({label}) vs raw inserts, {BATCH} to a transaction"
        ),
        &measured,
        &batched,
        Some(3.0),
    );
}

async fn pull(backend: &Backend, label: &str) {
    let bench = Bench::new(backend).await;
    // The log, written straight in (pulling does not care how it got there).
    let changes = toggles(PULL);
    bench.raw_insert(&changes, 2, BATCH).await;
    bench.set_head(1 + i64::try_from(PULL).expect("fits")).await;
    let (mut measured, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        let mut since = 1;
        let mut count = 0;
        loop {
            let page = bench
                .request(
                    "GET",
                    &format!("/api/v1/practices/{}/changes?since={since}", bench.practice),
                    None,
                )
                .await;
            let page: switchboard_core::sync::PullResponse =
                serde_json::from_slice(&page).expect("a page");
            count += page.changes.len();
            since = page.changes.last().map_or(since, |e| e.revision);
            if !page.more {
                break;
            }
        }
        measured.push(started.elapsed());
        assert_eq!(count, PULL, "every change pulled");
        let started = Instant::now();
        assert_eq!(bench.raw_read().await, PULL, "every row read");
        baseline.push(started.elapsed());
    }
    bench.stop();
    report(
        &format!("pull {PULL} changes ({label}) vs reading them from the database"),
        &measured,
        &baseline,
        Some(3.0),
    );
}

async fn route(backend: &Backend, label: &str) {
    let bench = Bench::new(backend).await;
    let config = practice_config();
    let questions: Vec<(Context, switchboard_core::TopicKey, String)> = config
        .locations
        .keys()
        .flat_map(|location| {
            config.topics.iter().map(move |topic| {
                let context = Context {
                    location: *location,
                    provider: None,
                    care_team: Vec::new(),
                    sender: Sender::Patient,
                };
                let path = format!(
                    "route?location={location}&topic={}&date=2026-12-01",
                    topic.key
                );
                (context, topic.key.clone(), path)
            })
        })
        .collect();
    let date = switchboard_core::Date::from_ymd(2026, 12, 1).expect("a day");
    let (mut measured, mut baseline) = (Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        let started = Instant::now();
        for n in 0..ROUTES {
            let (_, _, path) = &questions[n % questions.len()];
            bench
                .request(
                    "GET",
                    &format!("/api/v1/practices/{}/{path}", bench.practice),
                    None,
                )
                .await;
        }
        measured.push(started.elapsed());
        let started = Instant::now();
        for n in 0..ROUTES {
            let (context, topic, _) = &questions[n % questions.len()];
            std::hint::black_box(explain(&config, context, topic, date));
        }
        baseline.push(started.elapsed());
    }
    let median = Rounds::of_durations(&measured).median();
    #[allow(clippy::cast_precision_loss)]
    let per_second = ROUTES as f64 / median;
    println!("route over HTTP ({label}): {per_second:.0} requests/s, one client on loopback");
    report(
        &format!("route {ROUTES} questions over HTTP ({label}) vs explain in-process"),
        &measured,
        &baseline,
        None,
    );
    bench.stop();
}

fn main() {
    // `cargo bench` passes --bench; this harness takes no options.
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let mut backends = vec![(Backend::Sqlite, "SQLite")];
        if let Ok(url) = std::env::var("SWITCHBOARD_TEST_POSTGRES_URL") {
            backends.push((Backend::Postgres(url), "PostgreSQL"));
        } else {
            println!("(PostgreSQL not measured: set SWITCHBOARD_TEST_POSTGRES_URL, as `cargo xtask bench --server` does)");
        }
        for (backend, label) in &backends {
            push(backend, label).await;
            pull(backend, label).await;
            route(backend, label).await;
        }
    });
}
