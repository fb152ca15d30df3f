//! `Store::apply` against plain inserts, one transaction each, same SQLite settings.
//!
//! Criterion times one apply and one insert; then a summary applies 10,000 changes to a fresh
//! store and inserts 10,000 rows into a fresh database with the store's settings (WAL,
//! synchronous FULL, foreign keys), interleaved in rounds of 1,000, and prints the medians
//! of the rounds with their spread and the ratio (issue 18's target: within 1.3×; issue 3's
//! was 3×). Wall time (`Instant`): the work waits on the disk. The rows inserted are the change-log rows the store appends for
//! the same changes (same columns, same JSON), so the baseline does the part of an apply that
//! any log must do; the store also reads the configuration, applies the change with core and
//! writes the touched entity row.
//!
//! The changes are ordinary edits of the demo practice a new store opens with: a person's
//! availability, a location's phone, a topic on or off, a location rule set or cleared. The
//! summary also applies 500 such edits with the large generated practice in the store,
//! against inserts into a database of its own, in rounds of 50 (target: within 2×).

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use criterion::Criterion;
use sqlx::sqlite::SqlitePool;
use switchboard_bench_support::{Clock, Ratio, Rounds};
use switchboard_core::{
    Change, Config, LocationField, PersonField, Recipient, RecipientList, Route, Scope, apply,
    demo_practice, fixtures, import_as_change,
};
use switchboard_store::{Author, Store};
use tokio::runtime::Runtime;

const CHANGES: usize = 10_000;
const BATCH: usize = 1_000;
const LARGE_CHANGES: usize = 500;
const LARGE_BATCH: usize = 50;

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

/// Applies and inserts `per_round` of the same changes, one after the other, `rounds` times;
/// answers the rounds in microseconds per change: (store, baseline).
async fn interleaved(
    edited: &mut Edited,
    plain: &PlainLog,
    rounds: usize,
    per_round: usize,
) -> (Vec<f64>, Vec<f64>) {
    let (mut store, mut baseline) = (Vec::new(), Vec::new());
    let each = |elapsed: Duration| elapsed.as_secs_f64() * 1e6 / per_round as f64;
    for _ in 0..rounds {
        // The same changes on both sides: the store applies them, the baseline logs them.
        let changes = edited.next(per_round as u64);
        let started = Instant::now();
        for (change, _) in &changes {
            edited.apply(change).await;
        }
        store.push(each(started.elapsed()));
        let started = Instant::now();
        for (change, inverse) in &changes {
            plain.insert(change, inverse).await;
        }
        baseline.push(each(started.elapsed()));
    }
    (store, baseline)
}

/// One line: the store's figure, the baseline's and their ratio, each with its spread.
fn report(what: &str, store: &[f64], baseline: &[f64], resolution_us: f64, target: f64) {
    let ratio = Ratio::of_pairs(store, baseline, resolution_us);
    println!(
        "{what}: {} against sqlx insert {}; ratio {ratio} (target <= {target}x): {}",
        Rounds::of(store.to_vec()).show("us/change", 0),
        Rounds::of(baseline.to_vec()).show("us/row", 0),
        ratio.verdict(target)
    );
}

/// Applies against inserts, interleaved by rounds, on fresh databases: with the demo practice
/// (the store a new file opens with), then with the large generated practice in the store.
async fn summary(dir: &Path) {
    let clock = Clock::Wall;
    // Figures are per change, in microseconds: so is the clock's step.
    let resolution_us = clock.resolution().as_secs_f64() * 1e6;
    println!(
        "\n== summary: ratios against baselines measured in this run ({}, step {:.0} ns; medians of rounds, min–max beside) ==",
        clock.name(),
        resolution_us * 1e3
    );
    let mut edited = Edited::open(&dir.join("summary-store.db"), None).await;
    let plain = PlainLog::open(&dir.join("summary-plain.db")).await;
    let (store, baseline) = interleaved(&mut edited, &plain, CHANGES / BATCH, BATCH).await;
    report(
        &format!(
            "Store::apply x {CHANGES} (demo practice, {} rounds of {BATCH})",
            CHANGES / BATCH
        ),
        &store,
        &baseline,
        // A round lasts `BATCH` changes: its length in clock steps is what MIN_TICKS counts.
        resolution_us / BATCH as f64,
        1.3,
    );

    let large = fixtures::large_practice(2026, 1);
    let mut edited = Edited::open(&dir.join("summary-large.db"), Some(large)).await;
    let plain = PlainLog::open(&dir.join("summary-plain-large.db")).await;
    let rounds = LARGE_CHANGES / LARGE_BATCH;
    let (store, baseline) = interleaved(&mut edited, &plain, rounds, LARGE_BATCH).await;
    report(
        &format!(
            "Store::apply x {LARGE_CHANGES} with the large practice in the store ({rounds} rounds of {LARGE_BATCH})"
        ),
        &store,
        &baseline,
        resolution_us / LARGE_BATCH as f64,
        2.0,
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
