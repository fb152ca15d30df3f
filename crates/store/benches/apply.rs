//! `Store::apply` against plain inserts, one transaction each, same SQLite settings.
//!
//! Criterion times one apply and one insert; then a summary applies 10,000 changes to a fresh
//! store and inserts 10,000 rows into a fresh database with the store's settings (WAL,
//! synchronous FULL, foreign keys), interleaved in batches of 1,000, and prints the ratio —
//! the target is within 3×. The rows inserted are the change-log rows the store appends for
//! the same changes (same columns, same JSON), so the baseline does the part of an apply that
//! any log must do; the store also reads the configuration, applies the change with core and
//! writes the touched entity row.
//!
//! The changes are ordinary edits of the demo practice a new store opens with: a person's
//! availability, a location's phone, a topic on or off, a location rule set or cleared. For
//! information, the summary also applies a few hundred such edits with the large generated
//! practice in the store.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use sqlx::sqlite::SqlitePool;
use switchboard_core::{
    Change, Config, LocationField, PersonField, Recipient, RecipientList, Route, Scope, apply,
    demo_practice, fixtures, import_as_change,
};
use switchboard_store::{Author, Store};
use tokio::runtime::Runtime;

const CHANGES: usize = 10_000;
const BATCH: usize = 1_000;
const LARGE_CHANGES: usize = 300;

/// Makes the next edit valid for the state it meets, keeping its own copy of that state.
struct Editor {
    mirror: Config,
    step: usize,
}

impl Editor {
    fn new(mirror: Config) -> Self {
        Self { mirror, step: 0 }
    }

    /// The next change and its inverse (applied to the mirror).
    fn next(&mut self) -> (Change, Change) {
        let config = &self.mirror;
        let n = self.step;
        self.step += 1;
        let people: Vec<_> = config.people.keys().copied().collect();
        let locations: Vec<_> = config.locations.keys().copied().collect();
        let change = match n % 4 {
            0 => {
                let person = &config.people[&people[(n / 4) % people.len().min(64)]];
                Change::SetPersonField {
                    person: person.id,
                    // Credentials, not availability: switching someone off could leave the
                    // fallback inbox with no reader, which apply refuses.
                    expected: PersonField::Credentials(person.credentials.clone()),
                    value: PersonField::Credentials(format!("C{}", n % 100)),
                }
            }
            1 => {
                let location = &config.locations[&locations[(n / 4) % locations.len()]];
                Change::SetLocationField {
                    location: location.id,
                    expected: LocationField::Phone(location.phone.clone()),
                    value: LocationField::Phone(format!("555-{:04}", n % 10_000)),
                }
            }
            2 => {
                let topic = &config.topics[(n / 4) % config.topics.len()];
                Change::SetTopicEnabled {
                    topic: topic.key.clone(),
                    expected: topic.enabled,
                    value: !topic.enabled,
                }
            }
            _ => {
                let topic = config.topics[(n / 4) % config.topics.len()].key.clone();
                let scope = Scope::Location {
                    location: locations[(n / 4) % locations.len()],
                };
                let expected = config.routes.get(&topic, scope).cloned();
                let group = *config
                    .groups
                    .keys()
                    .next()
                    .expect("the practice has groups");
                let value = match expected {
                    Some(_) => None,
                    None => Some(Route::Recipients(RecipientList::one(Recipient::Group(
                        group,
                    )))),
                };
                Change::SetRoute {
                    topic,
                    scope,
                    expected,
                    value,
                }
            }
        };
        let inverse = apply(&mut self.mirror, &change).expect("the editor makes valid changes");
        (change, inverse)
    }
}

fn author() -> Author {
    Author("bench".into())
}

/// Plain sqlx on a database with the store's settings and schema (`plain_pool`).
struct PlainLog {
    pool: SqlitePool,
    device: String,
}

impl PlainLog {
    async fn open(path: &Path) -> Self {
        let pool = switchboard_store::plain_pool(path)
            .await
            .expect("the baseline database opens with the store's schema");
        Self {
            pool,
            device: uuid::Uuid::now_v7().to_string(),
        }
    }

    /// Inserts the log row of `change` in its own transaction.
    async fn insert(&self, change: &Change, inverse: &Change) {
        let mut tx = self
            .pool
            .begin_with("BEGIN IMMEDIATE")
            .await
            .expect("a transaction starts");
        sqlx::query(
            "INSERT INTO changes (id, author, device, kind, reverts, change, inverse)
             VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING seq",
        )
        .bind(uuid::Uuid::now_v7().to_string())
        .bind("bench")
        .bind(&self.device)
        .bind("edit")
        .bind(None::<i64>)
        .bind(serde_json::to_string(change).expect("changes encode"))
        .bind(serde_json::to_string(inverse).expect("changes encode"))
        .fetch_one(&mut *tx)
        .await
        .expect("the row is inserted");
        tx.commit().await.expect("the transaction commits");
    }
}

/// A store and the editor that knows its state.
struct Edited {
    store: Store,
    editor: Editor,
}

impl Edited {
    async fn open(path: &Path, config: Option<Config>) -> Self {
        let store = Store::open(path).await.expect("the store opens");
        let author = author();
        if let Some(config) = &config {
            let current = store.load().await.expect("the store loads").config;
            let change =
                import_as_change(&current, config).expect("the generated practice imports");
            store
                .apply(&change, &author)
                .await
                .expect("the import applies");
        }
        let editor = Editor::new(config.unwrap_or_else(demo_practice));
        Self { store, editor }
    }

    /// The next `count` edits, made before any timing starts.
    fn next(&mut self, count: u64) -> Vec<(Change, Change)> {
        (0..count).map(|_| self.editor.next()).collect()
    }

    async fn apply(&self, change: &Change) {
        black_box(
            self.store
                .apply(change, &author())
                .await
                .expect("the store applies the change"),
        );
    }
}

fn benches(c: &mut Criterion, runtime: &Runtime, dir: &Path) {
    let mut edited = runtime.block_on(Edited::open(&dir.join("criterion-store.db"), None));
    let plain = runtime.block_on(PlainLog::open(&dir.join("criterion-plain.db")));
    let mut rows = Editor::new(demo_practice());
    let mut group = c.benchmark_group("store");
    group.sample_size(10);
    group.bench_function("Store::apply (demo practice)", |b| {
        b.iter_custom(|iters| {
            let changes = edited.next(iters);
            runtime.block_on(async {
                let started = Instant::now();
                for (change, _) in &changes {
                    edited.apply(change).await;
                }
                started.elapsed()
            })
        })
    });
    group.bench_function("sqlx insert (baseline)", |b| {
        b.iter_custom(|iters| {
            let changes: Vec<_> = (0..iters).map(|_| rows.next()).collect();
            runtime.block_on(async {
                let started = Instant::now();
                for (change, inverse) in &changes {
                    plain.insert(change, inverse).await;
                }
                started.elapsed()
            })
        })
    });
    group.finish();
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "MISS" }
}

/// 10,000 applies against 10,000 inserts, interleaved by batches, on fresh databases.
async fn summary(dir: &Path) {
    println!("\n== summary: ratios against baselines measured in this run ==");
    let mut edited = Edited::open(&dir.join("summary-store.db"), None).await;
    let plain = PlainLog::open(&dir.join("summary-plain.db")).await;
    let (mut store_time, mut plain_time) = (Duration::ZERO, Duration::ZERO);
    for _ in 0..CHANGES / BATCH {
        // The same changes on both sides: the store applies them, the baseline logs them.
        let changes = edited.next(BATCH as u64);
        let started = Instant::now();
        for (change, _) in &changes {
            edited.apply(change).await;
        }
        store_time += started.elapsed();
        let started = Instant::now();
        for (change, inverse) in &changes {
            plain.insert(change, inverse).await;
        }
        plain_time += started.elapsed();
    }
    let ratio = store_time.as_secs_f64() / plain_time.as_secs_f64();
    println!(
        "Store::apply x {CHANGES} (demo practice): {:.2} s ({:.0} us/change); sqlx insert x {CHANGES}: {:.2} s ({:.0} us/row); ratio {ratio:.2}x (target <= 3x): {}",
        store_time.as_secs_f64(),
        store_time.as_secs_f64() * 1e6 / CHANGES as f64,
        plain_time.as_secs_f64(),
        plain_time.as_secs_f64() * 1e6 / CHANGES as f64,
        verdict(ratio <= 3.0)
    );

    let large = fixtures::large_practice(2026, 1);
    let mut edited = Edited::open(&dir.join("summary-large.db"), Some(large)).await;
    let changes = edited.next(LARGE_CHANGES as u64);
    let started = Instant::now();
    for (change, _) in &changes {
        edited.apply(change).await;
    }
    let large_time = started.elapsed().as_secs_f64() * 1e6 / LARGE_CHANGES as f64;
    let plain_each = plain_time.as_secs_f64() * 1e6 / CHANGES as f64;
    println!(
        "(information) Store::apply x {LARGE_CHANGES} with the large practice in the store: {large_time:.0} us/change, {:.1}x an insert",
        large_time / plain_each
    );
}

fn main() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime starts");
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion, &runtime, dir.path());
    criterion.final_summary();
    // `cargo test --benches` runs each benchmark once as a test; the summary is for `cargo bench`.
    if std::env::args().any(|arg| arg == "--bench") {
        runtime.block_on(summary(dir.path()));
    }
}
