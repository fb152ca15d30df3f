//! Routing and validation of the large generated practice (`switchboard_core::fixtures`).
//!
//! Criterion times each call; then a short summary measures each target against its
//! baseline in the same run and prints the ratios, which are the targets (absolute times
//! depend on the machine):
//!
//! - `RoutingIndex::route` with random keys over every (location, provider, topic, date) of
//!   the 30-day window, against one `HashMap::get` on the same key type: within 3×;
//! - `RoutingIndex::build`, timed on its own; `explain` per call;
//! - `validate` of the large practice over 30 days: under 250 ms; of twice the practice: at
//!   most 2.2× the time;
//! - `revalidate` after a routing edit of one topic, against `validate` of the same
//!   configuration (information: what the app saves by re-checking only the edited topic).

use std::collections::HashMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::Criterion;
use switchboard_core::fixtures::{large_practice, window_start};
use switchboard_core::{
    Change, Config, Context, Date, LocationId, Outcome, PersonId, PersonKind, Recipient,
    RecipientList, Route, RoutingIndex, Scope, Sender, TopicKey, apply, explain, revalidate,
    validate,
};

const SEED: u64 = 2026;
const WINDOW_DAYS: i32 = 30;
const KEYS: usize = 1 << 16;

/// What the practice server is asked: the context's location and provider, the topic, the day.
type Key = (LocationId, Option<PersonId>, TopicKey, Date);

/// A query as `route` takes it, with its key.
struct Query {
    key: Key,
    context: Context,
}

/// SplitMix64, so the keys are the same on every run.
struct Pick(u64);

impl Pick {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        usize::try_from(z % u64::try_from(n.max(1)).unwrap_or(1)).unwrap_or(0)
    }
}

/// `count` random queries over every cell the validator walks (each provider who works at a
/// location, and "no provider"), every topic and every day of the window.
fn queries(config: &Config, count: usize) -> Vec<Query> {
    let cells: Vec<(LocationId, Option<PersonId>)> = config
        .locations
        .keys()
        .flat_map(|location| {
            config
                .people
                .values()
                .filter(|p| p.kind == PersonKind::Provider && p.locations.contains(location))
                .map(|p| Some(p.id))
                .chain([None])
                .map(|provider| (*location, provider))
        })
        .collect();
    let mut pick = Pick(SEED);
    (0..count)
        .map(|_| {
            let (location, provider) = cells[pick.below(cells.len())];
            let topic = config.topics[pick.below(config.topics.len())].key.clone();
            let offset = i32::try_from(pick.below(30)).unwrap_or(0);
            let date = window_start().add_days(offset);
            Query {
                key: (location, provider, topic, date),
                context: Context {
                    location,
                    provider,
                    care_team: provider.into_iter().collect(),
                    sender: Sender::Patient,
                },
            }
        })
        .collect()
}

fn route_all(index: &RoutingIndex, queries: &[Query]) {
    for query in queries {
        let (_, _, topic, date) = &query.key;
        black_box(index.route(black_box(&query.context), topic, *date));
    }
}

fn get_all(table: &HashMap<Key, Outcome>, queries: &[Query]) {
    for query in queries {
        black_box(table.get(black_box(&query.key)));
    }
}

fn validate_window(config: &Config) {
    let from = window_start();
    black_box(validate(config, from, from.add_days(WINDOW_DAYS - 1)));
}

struct Fixture {
    config: Config,
    double: Config,
    index: RoutingIndex,
    queries: Vec<Query>,
    table: HashMap<Key, Outcome>,
}

fn fixture() -> Fixture {
    let config = large_practice(SEED, 1);
    let double = large_practice(SEED, 2);
    let index = RoutingIndex::build(&config);
    let queries = queries(&config, KEYS);
    let table = queries
        .iter()
        .map(|q| {
            let (_, _, topic, date) = &q.key;
            (q.key.clone(), index.route(&q.context, topic, *date))
        })
        .collect();
    Fixture {
        config,
        double,
        index,
        queries,
        table,
    }
}

fn benches(c: &mut Criterion, f: &Fixture) {
    let mut group = c.benchmark_group("route");
    let mut next = 0;
    group.bench_function("RoutingIndex::route", |b| {
        b.iter(|| {
            let query = &f.queries[next % KEYS];
            next += 1;
            let (_, _, topic, date) = &query.key;
            f.index.route(black_box(&query.context), topic, *date)
        })
    });
    let mut next = 0;
    group.bench_function("HashMap::get (baseline)", |b| {
        b.iter(|| {
            let query = &f.queries[next % KEYS];
            next += 1;
            f.table.get(black_box(&query.key))
        })
    });
    let mut next = 0;
    group.bench_function("explain", |b| {
        b.iter(|| {
            let query = &f.queries[next % KEYS];
            next += 1;
            let (_, _, topic, date) = &query.key;
            explain(&f.config, black_box(&query.context), topic, *date)
        })
    });
    group.finish();

    let mut group = c.benchmark_group("large practice");
    group.sample_size(10);
    group.bench_function("RoutingIndex::build", |b| {
        b.iter(|| RoutingIndex::build(black_box(&f.config)))
    });
    group.bench_function("validate 30 days", |b| {
        b.iter(|| validate_window(black_box(&f.config)))
    });
    group.bench_function("validate 30 days, twice the practice", |b| {
        b.iter(|| validate_window(black_box(&f.double)))
    });
    group.finish();
}

/// The CPU time this thread has run, from /proc/thread-self/schedstat (Linux), so that the
/// summary is not skewed by other processes taking the CPU on a shared 2-core machine.
fn cpu_time() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    let nanos = stat.split_whitespace().next()?.parse().ok()?;
    Some(Duration::from_nanos(nanos))
}

/// How long `run` takes: CPU time where the system tells it, else wall time.
fn time(run: impl FnOnce()) -> Duration {
    let (wall, cpu) = (Instant::now(), cpu_time());
    run();
    match (cpu, cpu_time()) {
        (Some(before), Some(after)) => after.saturating_sub(before),
        _ => wall.elapsed(),
    }
}

/// The median of `rounds` timings of `run`.
fn median(rounds: usize, mut run: impl FnMut()) -> Duration {
    let mut times: Vec<Duration> = (0..rounds).map(|_| time(&mut run)).collect();
    times.sort();
    times[times.len() / 2]
}

fn per_call(total: Duration, calls: usize) -> f64 {
    total.as_secs_f64() * 1e9 / calls as f64
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "MISS" }
}

/// Each target against its baseline, measured here, interleaved, as medians.
fn summary(f: &Fixture) {
    let clock = if cpu_time().is_some() {
        "thread CPU time"
    } else {
        "wall time"
    };
    println!("\n== summary: ratios against baselines measured in this run ({clock}, medians) ==");
    let mut route = Vec::new();
    let mut get = Vec::new();
    for _ in 0..15 {
        route.push(median(1, || route_all(&f.index, &f.queries)));
        get.push(median(1, || get_all(&f.table, &f.queries)));
    }
    route.sort();
    get.sort();
    let route = per_call(route[route.len() / 2], KEYS);
    let get = per_call(get[get.len() / 2], KEYS);
    let ratio = route / get;
    println!(
        "route (RoutingIndex, {KEYS} random keys): {route:.1} ns/call; HashMap::get: {get:.1} ns/call; ratio {ratio:.2}x (target <= 3x): {}",
        verdict(ratio <= 3.0)
    );

    let cloned = per_call(
        median(15, || {
            for query in &f.queries {
                black_box(f.table.get(black_box(&query.key)).cloned());
            }
        }),
        KEYS,
    );
    println!(
        "(information) HashMap::get then clone the Outcome, as route() returns one: {cloned:.1} ns/call; route is {:.2}x that",
        route / cloned
    );

    let explain_time = per_call(
        median(5, || {
            for query in f.queries.iter().take(4096) {
                let (_, _, topic, date) = &query.key;
                black_box(explain(&f.config, &query.context, topic, *date));
            }
        }),
        4096,
    );
    println!("explain: {:.2} us/call", explain_time / 1e3);

    let build = median(5, || {
        black_box(RoutingIndex::build(&f.config));
    });
    println!(
        "RoutingIndex::build (large practice): {:.2} ms",
        build.as_secs_f64() * 1e3
    );

    let mut one = Vec::new();
    let mut two = Vec::new();
    for _ in 0..7 {
        one.push(median(1, || validate_window(&f.config)));
        two.push(median(1, || validate_window(&f.double)));
    }
    one.sort();
    two.sort();
    let one = one[one.len() / 2].as_secs_f64() * 1e3;
    let two = two[two.len() / 2].as_secs_f64() * 1e3;
    println!(
        "validate, 30 days, large practice: {one:.1} ms (target < 250 ms): {}",
        verdict(one < 250.0)
    );
    let ratio = two / one;
    println!(
        "validate, 30 days, twice the practice: {two:.1} ms; ratio {ratio:.2}x (target <= 2.2x): {}",
        verdict(ratio <= 2.2)
    );
}

/// The large practice after one routing edit (the first provider's own rule for the first
/// topic names the second provider), the topic it names, and the findings before it.
fn routing_edit(config: &Config) -> (Config, TopicKey, Vec<switchboard_core::Finding>) {
    let from = window_start();
    let before = validate(config, from, from.add_days(WINDOW_DAYS - 1));
    let mut providers = config.people.values().filter(|p| p.is_provider());
    let (first, second) = (
        providers.next().expect("providers").id,
        providers.next().expect("two providers").id,
    );
    let topic = config.topics[0].key.clone();
    let scope = Scope::Provider { provider: first };
    let change = Change::SetRoute {
        topic: topic.clone(),
        scope,
        expected: config.routes.get(&topic, scope).cloned(),
        value: Some(Route::Recipients(
            RecipientList::new(vec![Recipient::Person(second)]).expect("one recipient"),
        )),
    };
    let mut after = config.clone();
    apply(&mut after, &change).expect("the edit applies");
    (after, topic, before)
}

/// `revalidate` after one topic's routing edit against `validate` of the same configuration.
fn revalidate_summary(config: &Config) {
    let from = window_start();
    let to = from.add_days(WINDOW_DAYS - 1);
    let (after, topic, before) = routing_edit(config);
    let topics = [&topic].into_iter().collect();
    assert_eq!(
        revalidate(&before, &after, from, to, &topics),
        validate(&after, from, to),
        "revalidate answers what validate does"
    );
    let mut again = Vec::new();
    let mut whole = Vec::new();
    for _ in 0..7 {
        again.push(median(1, || {
            black_box(revalidate(&before, &after, from, to, &topics));
        }));
        whole.push(median(1, || {
            black_box(validate(&after, from, to));
        }));
    }
    again.sort();
    whole.sort();
    let again = again[again.len() / 2].as_secs_f64() * 1e3;
    let whole = whole[whole.len() / 2].as_secs_f64() * 1e3;
    println!(
        "(information) revalidate after a routing edit of 1 of {} topics: {again:.1} ms; validate: {whole:.1} ms; ratio {:.2}x",
        config.topics.len(),
        again / whole
    );
}

fn main() {
    let f = fixture();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion, &f);
    criterion.final_summary();
    // `cargo test --benches` runs each benchmark once as a test; the summary is for `cargo bench`.
    if std::env::args().any(|arg| arg == "--bench") {
        summary(&f);
        revalidate_summary(&f.config);
    }
}
