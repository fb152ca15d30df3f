//! Opening the app (issue 18, items 4 and 6; a harness, not a timed test: it prints, it
//! asserts no time). Run it with `cargo xtask bench --ui`; `cargo xtask test` skips it
//! (`--skip bench_`). Figures in BENCHMARKS.md.
//!
//! Two databases, opened in turn in the same run: the demo practice (what a new database
//! holds) and the large practice (`fixtures::large_practice(2026, 1)`: 2,000 providers,
//! 50 locations). Each round starts the app on one of them and measures:
//!
//! - *process start → interactive Overview*: from the app process's creation (the kernel's
//!   start time, 10 ms steps: `switchboard_bench_support::process`) to the page's
//!   `switchboard:overview-interactive` User Timing mark (the main thread free after the first
//!   frame that painted the Overview with the practice loaded; `src-ui/src/marks.rs`), both put
//!   on the Unix wall clock. Beside it: → the UI's code started, → that frame, → the
//!   validator's first findings (which must come after the first paint).
//! - *first render of the Routing grid*: the page reloaded with `?bench` (the UI's timing
//!   marks on), then Overview → Routing several times: from the Routing screen starting to
//!   render to the first frame after the grid rendered (the `grid` mark), as the issue-4
//!   harness measures it with 500 providers.
//! - *memory*: `VmRSS` of the app process and of its WebKit processes (its descendants) after
//!   the Overview's findings, and again after the Routing grid was opened.
//!
//! The first round of each database is a warm-up (the files come into the page cache, WebKit
//! fills its caches) and is not counted.

use serde_json::json;
use switchboard_bench_support::process::{self, START_RESOLUTION_MS};
use switchboard_bench_support::{Ratio, Rounds};
use switchboard_core::fixtures::large_practice;
use switchboard_store::{Author, Store};

use crate::harness::{App, WEB_PROCESS, temp_database};

/// Counted rounds per database (after one warm-up each), interleaved demo, large, demo, ….
const ROUNDS: usize = 5;
/// Overview → Routing opens per round.
const ROUTING_OPENS: usize = 3;
/// Target: process start → interactive Overview with the large practice (ms).
const INTERACTIVE_MS: f64 = 1500.0;
/// Target: first render of the Routing grid with the large practice (ms).
const ROUTING_MS: f64 = 150.0;
/// Target: the app's RSS with the large practice against the demo.
const RSS_RATIO: f64 = 1.5;

/// Waits (inside the page) until the User Timing marks named in `arguments[0]` are all there
/// (15 s at most), then answers their times on the Unix clock (ms), or `null` for one missing.
const WAIT_FOR_MILESTONES: &str = "
    const [names, done] = arguments;
    const started = performance.now();
    const look = () => {
        const found = names.map(name => performance.getEntriesByName(name, 'mark')[0]);
        if (found.every(Boolean) || performance.now() - started > 15000) {
            const origin = Date.now() - performance.now();
            return done(found.map(mark => mark ? origin + mark.startTime : null));
        }
        setTimeout(look, 5);
    };
    look();";

/// Waits (inside the page) for the first timing mark at index ≥ `from` named `name`, and
/// answers its time (ms, page clock), or `null` after 15 s.
const WAIT_FOR_MARK: &str = "
    const [from, name, done] = arguments;
    const started = performance.now();
    const look = () => {
        const marks = window.__switchboardMarks || [];
        for (let i = from; i < marks.length; i++) {
            if (marks[i].name === name) {
                return done({ index: i, t: marks[i].t });
            }
        }
        if (performance.now() - started > 15000) {
            return done(null);
        }
        setTimeout(look, 2);
    };
    look();";

const MILESTONES: [&str; 4] = [
    "switchboard:ui-start",
    "switchboard:overview-painted",
    "switchboard:overview-interactive",
    "switchboard:findings",
];

/// One opening of the app on a database.
#[derive(Debug, Default)]
struct Opening {
    /// Process start → each of [`MILESTONES`] (ms).
    to: [f64; 4],
    /// Routing opened → the grid's first frame (ms), each open.
    routing: Vec<f64>,
    /// RSS (KiB) after the Overview's findings: the app, its WebKit web process(es), the rest
    /// of its descendants (WebKit's network process).
    rss_overview: Rss,
    /// The same after the Routing grid was opened.
    rss_routing: Rss,
}

#[derive(Debug, Default, Clone, Copy)]
struct Rss {
    app: f64,
    web: f64,
    other: f64,
}

fn rss_of(pid: u32) -> Rss {
    let mut rss = Rss {
        app: process::rss_kib(pid).expect("the app is running") as f64,
        ..Rss::default()
    };
    for child in process::descendants(pid) {
        let kib = process::rss_kib(child).unwrap_or(0) as f64;
        if process::name(child).is_some_and(|name| name.starts_with(WEB_PROCESS)) {
            rss.web += kib;
        } else {
            rss.other += kib;
        }
    }
    rss
}

async fn mark_count(app: &App) -> usize {
    app.run_async(
        "arguments[0]((window.__switchboardMarks || []).length);",
        Vec::new(),
    )
    .await
    .as_u64()
    .expect("the marks array is there") as usize
}

async fn wait_for_mark(app: &App, from: usize, name: &str) -> (usize, f64) {
    let found = app
        .run_async(WAIT_FOR_MARK, vec![json!(from), json!(name)])
        .await;
    assert!(
        !found.is_null(),
        "no `{name}` mark after mark {from} within 15 s"
    );
    (
        found["index"].as_u64().expect("an index") as usize,
        found["t"].as_f64().expect("a time"),
    )
}

async fn open_once(database: &std::path::Path) -> Opening {
    let app = App::start("bench_open", database).await;
    let pid = app.pid();
    let started = process::started_at_ms(pid).expect("the app's start time");
    let times = app
        .run_async(WAIT_FOR_MILESTONES, vec![json!(MILESTONES)])
        .await;
    let mut opening = Opening::default();
    for (i, name) in MILESTONES.iter().enumerate() {
        let at = times[i]
            .as_f64()
            .unwrap_or_else(|| panic!("no `{name}` mark within 15 s of the first screen"));
        opening.to[i] = at - started;
    }
    opening.rss_overview = rss_of(pid);

    app.reload_with_query("bench").await;
    for _ in 0..ROUTING_OPENS {
        app.open_screen("overview").await;
        let from = mark_count(&app).await;
        app.open_screen("routing").await;
        let (open, opened_at) = wait_for_mark(&app, from, "routing-open").await;
        let (_, grid_at) = wait_for_mark(&app, open, "grid").await;
        opening.routing.push(grid_at - opened_at);
    }
    app.wait_for(".grid-body .grid-row[data-row]").await;
    opening.rss_routing = rss_of(pid);
    app.quit().await;
    opening
}

fn rounds(values: impl IntoIterator<Item = f64>) -> Rounds {
    Rounds::of(values.into_iter().collect())
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "MISS" }
}

#[tokio::test]
#[ignore = "benchmark: run with `cargo xtask bench --ui`"]
async fn bench_open_large_practice() {
    let (_demo_dir, demo) = temp_database();
    Store::open(&demo)
        .await
        .expect("a new database holds the demo practice")
        .close()
        .await;
    let (_large_dir, large) = temp_database();
    let store = Store::open(&large).await.expect("creates");
    store
        .import(
            &switchboard_core::export(&large_practice(2026, 1)),
            &Author("bench-setup".into()),
        )
        .await
        .expect("the large practice imports")
        .expect("it differs from the demo");
    store.close().await;

    let mut demo_openings = Vec::new();
    let mut large_openings = Vec::new();
    for round in 0..=ROUNDS {
        let d = open_once(&demo).await;
        let l = open_once(&large).await;
        if round > 0 {
            demo_openings.push(d);
            large_openings.push(l);
        }
    }

    let ui = std::env::var("SWITCHBOARD_BENCH_UI")
        .unwrap_or_else(|_| "unknown (run through `cargo xtask bench --ui`)".into());
    println!(
        "\nOpening the app (issue 18, items 4 and 6), UI build: {ui}; {ROUNDS} rounds each after a warm-up, interleaved"
    );
    println!(
        "clocks: process start from /proc (steps of {START_RESOLUTION_MS} ms), page marks performance.now() (1 ms)"
    );
    let labels = [
        "process start → UI code starts",
        "process start → first frame of the Overview",
        "process start → interactive Overview",
        "process start → the validator's first findings",
    ];
    for (i, label) in labels.iter().enumerate() {
        let d = rounds(demo_openings.iter().map(|o| o.to[i]));
        let l = rounds(large_openings.iter().map(|o| o.to[i]));
        let ratio = Ratio::of_pairs(
            &large_openings.iter().map(|o| o.to[i]).collect::<Vec<_>>(),
            &demo_openings.iter().map(|o| o.to[i]).collect::<Vec<_>>(),
            START_RESOLUTION_MS,
        );
        println!(
            "{label}: demo {}; large {}; large/demo {ratio}",
            d.show("ms", 0),
            l.show("ms", 0)
        );
    }
    let interactive = rounds(large_openings.iter().map(|o| o.to[2])).median();
    println!(
        "  target: interactive Overview with the large practice ≤ {INTERACTIVE_MS} ms: {interactive:.0} ms, {}",
        verdict(interactive <= INTERACTIVE_MS)
    );
    let findings_after_paint = large_openings
        .iter()
        .chain(&demo_openings)
        .all(|o| o.to[3] >= o.to[1]);
    println!(
        "  the validator's first findings came after the Overview's first frame in every opening: {findings_after_paint}"
    );
    let d = rounds(demo_openings.iter().flat_map(|o| o.routing.clone()));
    let l = rounds(large_openings.iter().flat_map(|o| o.routing.clone()));
    println!(
        "first render of the Routing grid (Routing opened → first frame), {ROUTING_OPENS} per opening: demo {}; large {}; large/demo {}",
        d.show("ms", 0),
        l.show("ms", 0),
        Ratio::of(&l, &d, 1.0)
    );
    println!(
        "  target: large ≤ {ROUTING_MS} ms: {}",
        verdict(l.median() <= ROUTING_MS)
    );
    for (label, pick) in [
        (
            "after the Overview's findings",
            (|o: &Opening| o.rss_overview) as fn(&Opening) -> Rss,
        ),
        ("after the Routing grid", |o: &Opening| o.rss_routing),
    ] {
        let of = |openings: &[Opening], part: fn(Rss) -> f64| {
            rounds(openings.iter().map(|o| part(pick(o)) / 1024.0))
        };
        let app_d = of(&demo_openings, |r| r.app);
        let app_l = of(&large_openings, |r| r.app);
        let web_d = of(&demo_openings, |r| r.web);
        let web_l = of(&large_openings, |r| r.web);
        let other_d = of(&demo_openings, |r| r.other);
        let other_l = of(&large_openings, |r| r.other);
        let app_ratio = app_l.median() / app_d.median();
        println!(
            "RSS {label}: app demo {}, large {} ({app_ratio:.2}×, target ≤ {RSS_RATIO}×: {}); WebKit web process demo {}, large {} ({:.2}×); other WebKit processes demo {}, large {}",
            app_d.show("MiB", 1),
            app_l.show("MiB", 1),
            verdict(app_ratio <= RSS_RATIO),
            web_d.show("MiB", 1),
            web_l.show("MiB", 1),
            web_l.median() / web_d.median(),
            other_d.show("MiB", 1),
            other_l.show("MiB", 1),
        );
    }
}
