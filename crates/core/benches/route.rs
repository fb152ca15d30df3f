//! Routing and validation of the large generated practice (`switchboard_core::fixtures`).
//!
//! Criterion times each call; then a short summary measures each target against its
//! baseline in the same run and prints the ratios, which are the targets (absolute times
//! depend on the machine). The summary times by the thread's CPU clock
//! (`switchboard_bench_support::Clock::ThreadCpu`, nanoseconds), interleaves target and
//! baseline, and prints each median with the min–max of its rounds:
//!
//! - `RoutingIndex::route` with random keys over every (location, provider, topic, date) of
//!   the 30-day window, against one `HashMap::get` on the same key type: within 3×;
//! - `RoutingIndex::build`, timed on its own; `explain` per call;
//! - `validate` of the large practice over 30 days: under 250 ms; of twice the practice: at
//!   most 2.2× the time;
//! - `revalidate` after a routing edit of one topic, against `validate` of the same
//!   configuration (information: what the app saves by re-checking only the edited topic);
//! - `revalidate_rules` after that edit (only the cells that read the rule it set), against
//!   `revalidate` of its topic, with the large practice and with the app's benchmark practice
//!   (500 providers, 10 topics; issue 18 item 2).

use std::collections::HashMap;
use std::hint::black_box;

use criterion::Criterion;
use switchboard_bench_support::{Clock, MIN_TICKS, Ratio, Rounds};
use switchboard_core::fixtures::{Size, large_practice, practice, window_start};
use switchboard_core::{
    Change, Config, Context, Date, Gathered, LocationId, Outcome, PersonId, PersonKind, Recipient,
    RecipientList, Route, RoutingIndex, Scope, Sender, TopicKey, apply, explain, revalidate,
    revalidate_rules, revalidate_rules_in, validate,
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

/// The summary's clock and its step, in seconds.
struct Timer {
    clock: Clock,
    resolution: f64,
}

impl Timer {
    fn new() -> Self {
        let clock = Clock::thread_cpu_or_wall();
        Self {
            clock,
            resolution: clock.resolution().as_secs_f64(),
        }
    }

    /// One round of `run`, in seconds.
    fn time(&self, run: impl FnOnce()) -> f64 {
        self.clock.time(run).as_secs_f64()
    }

    /// `rounds` rounds of `run`, in seconds.
    fn rounds(&self, rounds: usize, mut run: impl FnMut()) -> Vec<f64> {
        (0..rounds).map(|_| self.time(&mut run)).collect()
    }

    /// `rounds` rounds of `a` and of `b`, interleaved (a, b, a, b…), in seconds.
    fn pairs(
        &self,
        rounds: usize,
        mut a: impl FnMut(),
        mut b: impl FnMut(),
    ) -> (Vec<f64>, Vec<f64>) {
        let (mut first, mut second) = (Vec::new(), Vec::new());
        for _ in 0..rounds {
            first.push(self.time(&mut a));
            second.push(self.time(&mut b));
        }
        (first, second)
    }
}

/// Rounds of seconds for `calls` calls each, shown per call in nanoseconds.
fn per_call_ns(rounds: &[f64], calls: usize) -> Rounds {
    Rounds::of(rounds.to_vec()).scaled(1e9 / calls as f64)
}

fn ms(rounds: &[f64]) -> Rounds {
    Rounds::of(rounds.to_vec()).scaled(1e3)
}

/// PASS/MISS of a figure against an upper bound.
fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "MISS" }
}

/// Each target against its baseline, measured here, interleaved, as medians with their spread.
fn summary(f: &Fixture, timer: &Timer) {
    println!(
        "\n== summary: ratios against baselines measured in this run ({}, step {:.0} ns; medians of rounds, min–max beside; no ratio of figures under {MIN_TICKS} steps) ==",
        timer.clock.name(),
        timer.resolution * 1e9
    );
    let (route, get) = timer.pairs(
        15,
        || route_all(&f.index, &f.queries),
        || get_all(&f.table, &f.queries),
    );
    let ratio = Ratio::of_pairs(&route, &get, timer.resolution);
    println!(
        "route (RoutingIndex, {KEYS} random keys): {}; HashMap::get: {}; ratio {ratio} (issue 3 target <= 3x: {}; issue 18 target <= 1.5x: {})",
        per_call_ns(&route, KEYS).show("ns/call", 1),
        per_call_ns(&get, KEYS).show("ns/call", 1),
        ratio.verdict(3.0),
        ratio.verdict(1.5)
    );

    let cloned = timer.rounds(15, || {
        for query in &f.queries {
            black_box(f.table.get(black_box(&query.key)).cloned());
        }
    });
    println!(
        "(information) HashMap::get then clone the Outcome, as route() returns one: {}; route is {} that",
        per_call_ns(&cloned, KEYS).show("ns/call", 1),
        Ratio::of(
            &Rounds::of(route.clone()),
            &Rounds::of(cloned.clone()),
            timer.resolution
        )
    );

    let explain_time = timer.rounds(5, || {
        for query in f.queries.iter().take(4096) {
            let (_, _, topic, date) = &query.key;
            black_box(explain(&f.config, &query.context, topic, *date));
        }
    });
    println!(
        "explain: {}",
        per_call_ns(&explain_time, 4096)
            .scaled(1e-3)
            .show("us/call", 2)
    );

    let build = timer.rounds(5, || {
        black_box(RoutingIndex::build(&f.config));
    });
    println!(
        "RoutingIndex::build (large practice): {}",
        ms(&build).show("ms", 2)
    );

    let (one, two) = timer.pairs(
        7,
        || validate_window(&f.config),
        || validate_window(&f.double),
    );
    let one_ms = ms(&one);
    println!(
        "validate, 30 days, large practice: {} (issue 3 target < 250 ms: {}; issue 18 target <= 100 ms: {})",
        one_ms.show("ms", 1),
        verdict(one_ms.median() < 250.0),
        verdict(one_ms.median() <= 100.0)
    );
    let ratio = Ratio::of_pairs(&two, &one, timer.resolution);
    println!(
        "validate, 30 days, twice the practice: {}; ratio {ratio} (issue 3 target <= 2.2x: {}; issue 18 target <= 2.1x: {})",
        ms(&two).show("ms", 1),
        ratio.verdict(2.2),
        ratio.verdict(2.1)
    );
}

/// The large practice after one routing edit (the first provider's own rule for the first
/// topic names the second provider), the topic it names, and the findings before it.
fn routing_edit(config: &Config) -> (Config, Change, Vec<switchboard_core::Finding>) {
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
    (after, change, before)
}

/// `revalidate` after one topic's routing edit against `validate` of the same configuration.
fn revalidate_summary(config: &Config, timer: &Timer) {
    let from = window_start();
    let to = from.add_days(WINDOW_DAYS - 1);
    let (after, change, before) = routing_edit(config);
    let topics = change.routed_topics().expect("a routing edit");
    assert_eq!(
        revalidate(&before, &after, from, to, &topics),
        validate(&after, from, to),
        "revalidate answers what validate does"
    );
    let (again, whole) = timer.pairs(
        7,
        || {
            black_box(revalidate(&before, &after, from, to, &topics));
        },
        || {
            black_box(validate(&after, from, to));
        },
    );
    println!(
        "(information) revalidate after a routing edit of 1 of {} topics: {}; validate: {}; ratio {}",
        config.topics.len(),
        ms(&again).show("ms", 1),
        ms(&whole).show("ms", 1),
        Ratio::of_pairs(&again, &whole, timer.resolution)
    );
}

/// `revalidate_rules` after one routing edit (a provider's own rule) against `revalidate` of
/// the edited topic, with `config` (`name`).
fn revalidate_rules_summary(name: &str, config: &Config, timer: &Timer) {
    let from = window_start();
    let to = from.add_days(WINDOW_DAYS - 1);
    let (after, change, before) = routing_edit(config);
    let topics = change.routed_topics().expect("a routing edit");
    let rules = change.touches().routes;
    assert_eq!(
        revalidate_rules(&before, &after, from, to, &rules),
        validate(&after, from, to),
        "revalidate_rules answers what validate does"
    );
    let (cells, topic) = timer.pairs(
        15,
        || {
            black_box(revalidate_rules(&before, &after, from, to, &rules));
        },
        || {
            black_box(revalidate(&before, &after, from, to, &topics));
        },
    );
    println!(
        "revalidate_rules after a routing edit, {name}: {}; revalidate of the topic: {}; ratio {}",
        ms(&cells).show("ms", 2),
        ms(&topic).show("ms", 2),
        Ratio::of_pairs(&cells, &topic, timer.resolution)
    );
    // The UI gathers the directory once and keeps it across routing edits.
    let gathered = Gathered::of(config);
    assert_eq!(
        revalidate_rules_in(&gathered, &before, &after, from, to, &rules),
        validate(&after, from, to),
        "revalidate_rules_in answers what validate does"
    );
    let (reused, each) = timer.pairs(
        15,
        || {
            black_box(revalidate_rules_in(
                &gathered, &before, &after, from, to, &rules,
            ));
        },
        || {
            black_box(revalidate_rules(&before, &after, from, to, &rules));
        },
    );
    println!(
        "  with the directory gathered beforehand (as the UI keeps it): {}; gathered each time: {}; ratio {}",
        ms(&reused).show("ms", 3),
        ms(&each).show("ms", 3),
        Ratio::of_pairs(&reused, &each, timer.resolution)
    );
}

/// The practice of the app's window benchmark (`tests/window/bench.rs`): 500 providers and
/// 10 topics.
fn app_bench_practice() -> Config {
    practice(
        7,
        Size {
            providers: 500,
            staff: 60,
            groups: 10,
            locations: 5,
            topics: 10,
        },
    )
}

fn main() {
    let f = fixture();
    let mut criterion = Criterion::default().configure_from_args();
    benches(&mut criterion, &f);
    criterion.final_summary();
    // `cargo test --benches` runs each benchmark once as a test; the summary is for `cargo bench`.
    if std::env::args().any(|arg| arg == "--bench") {
        let timer = Timer::new();
        summary(&f, &timer);
        revalidate_summary(&f.config, &timer);
        revalidate_rules_summary("500 providers x 10 topics", &app_bench_practice(), &timer);
        revalidate_rules_summary("large practice", &f.config, &timer);
    }
}
