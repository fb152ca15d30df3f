//! The UI benchmark of issue 4 (a harness, not a timed test: it prints, it asserts no time).
//! Run it with `cargo xtask bench --ui`, which builds the release UI and starts Xvfb;
//! `cargo xtask test` skips it (`--skip bench_`). Figures in BENCHMARKS.md.
//!
//! The page is reloaded with `?bench`, which turns on the UI's timing marks
//! (`src-ui/src/marks.rs`); every figure is a difference of two `performance.now()` marks
//! taken inside the page, so WebDriver's own latency is not in them. WebKit rounds those marks
//! to whole milliseconds, so no ratio is printed of figures shorter than 50 of them
//! (`switchboard_bench_support::MIN_TICKS`); each median is printed with its min–max.
//!
//! An edit shows in the page before the store answers (optimistic: applied with core's
//! `apply`, see `src-ui/src/workspace.rs`), so a drop has two ends, both measured: the grid
//! showing the change (the first frame after the grid rendered the revision the change is
//! shown at), and the store acknowledging it (its answer arrived, at that same revision —
//! checked). The findings follow the frame; each drop waits for them before the next step, so
//! validation never overlaps a measurement.
//!
//! Beside the page's millisecond marks, the drop's cost is also read on a nanosecond clock:
//! the CPU time of WebKit's web process main thread (`/proc/…/task/…/schedstat`, read while
//! it waits), from just before the mouse button is let go (the drag already held over the
//! cell, the page quiet) to [`QUIET_MS`] later — everything the drop makes that thread do:
//! the page's code (handler, render, findings check, the store's answer) and WebKit's style,
//! layout and painting. Two baselines in the same run, read the same way: the same wait with
//! nothing happening (the thread's background), and a trivial DOM change made by a script.
//! And beside each drop among other edits, its DOM floor, paired round by round: the same DOM
//! changes and command made by a script, none of the app's code (`bench_layout::SCRIPTED`).
//! Without a GPU WebKit paints on that same thread, so its time is the page's code and WebKit's
//! answer to the drop's DOM changes together; the page's own work (issue 18, item 1) is the
//! drop less its floor, pair by pair.
//!
//! To see what that CPU time is, run the harness under `perf record -a --delay=-1 --control
//! fifo:<fifo>` with `SWITCHBOARD_PERF_CONTROL=<fifo>`: the harness enables the profile for
//! exactly those windows after letting go of a drop, and nothing else.

use std::collections::BTreeMap;

use serde_json::{Value, json};
use switchboard_bench_support::{Ratio, Rounds, process};

use crate::bench_layout::SCRIPTED;
use crate::harness::{App, Key, temp_database, with_five_hundred_providers};

/// Times the Routing screen is opened from the Overview.
const FIRST_RENDERS: usize = 9;
/// Drags from the palette into a cell (each undone with Ctrl+Z); `SWITCHBOARD_BENCH_DROPS`
/// sets another number (this machine's medians of 20 move by ±1 ms between runs: more drops
/// narrow a comparison of two builds).
const DROPS: usize = 20;

/// [`DROPS`], or `SWITCHBOARD_BENCH_DROPS`.
fn drop_count() -> usize {
    std::env::var("SWITCHBOARD_BENCH_DROPS")
        .ok()
        .and_then(|drops| drops.parse().ok())
        .unwrap_or(DROPS)
}
/// The cells (row, topic) of the drops among other edits (see (d) in the test), in turn: in
/// view without scrolling, and not (b)'s and (c)'s (rows 1 and 2).
const CELLS_AMONG: [(usize, usize); 9] = [
    (3, 0),
    (4, 0),
    (5, 0),
    (3, 1),
    (4, 1),
    (5, 1),
    (3, 2),
    (4, 2),
    (5, 2),
];
/// No-op IPC round trips after each drag.
const PINGS_PER_DROP: u32 = 5;
/// The target for drop → committed grid: one frame.
const FRAME_MS: f64 = 16.0;
/// The target for drop → committed grid, against the no-op round trip.
const PING_RATIO: f64 = 3.0;
/// The target for the first render of the 500 × 10 grid.
const FIRST_RENDER_MS: f64 = 200.0;
/// Issue 18 item 1: the page's own work per drop (a drop less its DOM floor, pair by pair).
const DROP_WORK_MS: f64 = 4.0;
/// How long after letting go (or a baseline's start) the web process's CPU time is read
/// again: long past the frame, the findings and the store's answer.
const QUIET_MS: u64 = 400;

/// The CPU time (ms) WebKit's web process has run so far: its main thread, and its other
/// threads (compositing and painting; with software GL, llvmpipe's).
#[derive(Debug, Clone, Copy)]
struct WebCpu {
    main: f64,
    rest: f64,
    /// Pages the main thread touched for the first time: painting without compositing, the
    /// size of what WebKit repainted (see `bench_layout.rs`).
    pages: f64,
}

impl WebCpu {
    fn now(web: u32) -> Self {
        let main = process::thread_cpu_ns(web, web).expect("the web process's main thread reads");
        let whole = process::process_cpu_ns(web).expect("the web process reads");
        let pages = process::thread_minor_faults(web, web).expect("the main thread reads");
        WebCpu {
            main: main as f64 / 1e6,
            rest: whole.saturating_sub(main) as f64 / 1e6,
            pages: pages as f64,
        }
    }

    fn since(self, before: WebCpu) -> WebCpu {
        WebCpu {
            main: self.main - before.main,
            rest: self.rest - before.rest,
            pages: self.pages - before.pages,
        }
    }
}

/// Waits until the page has painted twice and then for a moment more: nothing of an earlier
/// step is still running when a CPU time is read.
pub(crate) async fn settle(app: &App) {
    app.run_async(
        "const done = arguments[0]; \
         requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(() => done(true), 0)));",
        Vec::new(),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
}

/// The web process's CPU time from just before `start` to `QUIET_MS` after it, with no other
/// script of ours running meanwhile; profiled when `profile` (see the module's words).
async fn web_cpu_over_quiet(
    web: u32,
    start: impl std::future::Future<Output = ()>,
    profile: bool,
) -> WebCpu {
    if profile {
        tell_perf("enable");
    }
    let before = WebCpu::now(web);
    start.await;
    tokio::time::sleep(std::time::Duration::from_millis(QUIET_MS)).await;
    let cpu = WebCpu::now(web).since(before);
    if profile {
        tell_perf("disable");
    }
    cpu
}

/// One round of a change `bench_layout::SCRIPTED` makes (`case`), the page quiet before it,
/// read as [`web_cpu_over_quiet`] reads a drop, and undone by script after.
async fn scripted_round(app: &App, web: u32, case: &str) -> WebCpu {
    settle(app).await;
    let cpu = web_cpu_over_quiet(
        web,
        async {
            app.run(SCRIPTED, vec![json!(case)]).await;
        },
        false,
    )
    .await;
    app.run(SCRIPTED, vec![json!("undo")]).await;
    cpu
}

/// Under `perf record --control fifo:<fifo>` with `SWITCHBOARD_PERF_CONTROL=<fifo>`: tells perf
/// to `enable` or `disable` its profile (nothing without the variable).
pub(crate) fn tell_perf(command: &str) {
    if let Some(fifo) = std::env::var_os("SWITCHBOARD_PERF_CONTROL") {
        std::fs::write(fifo, format!("{command}\n")).expect("perf's control fifo takes a command");
    }
}

/// Waits (inside the page) for the first mark at index ≥ `from` named `name` whose revision
/// is at least `revision`, and answers it with its index.
const WAIT_FOR_MARK: &str = "
    const [from, name, revision, done] = arguments;
    const started = performance.now();
    const look = () => {
        const marks = window.__switchboardMarks;
        for (let i = from; i < marks.length; i++) {
            if (marks[i].name === name && marks[i].revision >= revision) {
                return done({ index: i, t: marks[i].t, revision: marks[i].revision });
            }
        }
        if (performance.now() - started > 15000) {
            return done(null);
        }
        setTimeout(look, 2);
    };
    look();";

/// A page script that starts with `probe` bound to a hidden element of the harness's own
/// (nothing of the app), made on first use: what the trivial changes below change.
macro_rules! with_probe {
    ($script:literal) => {
        concat!(
            "let probe = document.getElementById('bench-frame-probe');
            if (!probe) {
                probe = document.createElement('div');
                probe.id = 'bench-frame-probe';
                probe.setAttribute('aria-hidden', 'true');
                probe.style.cssText = 'position:fixed;left:0;bottom:0;font-size:1px;opacity:0.01';
                document.body.appendChild(probe);
            }",
            $script
        )
    };
}

/// Changes the probe's text, then answers the time to the next animation frame: WebKit's
/// latency to paint a change, the floor under any "drop → first frame" figure.
const FRAME_AFTER_CHANGE: &str = with_probe!(
    "const done = arguments[0];
    setTimeout(() => {
        const started = performance.now();
        let frame = null;
        let idle = null;
        const both = () => { if (frame !== null && idle !== null) done([frame, idle]); };
        probe.textContent = String(started);
        requestAnimationFrame(() => { frame = performance.now() - started; both(); });
        setTimeout(() => { idle = performance.now() - started; both(); }, 0);
    }, 0);"
);

/// A trivial DOM change, made at once: the probe's text (as [`FRAME_AFTER_CHANGE`] changes it).
const TRIVIAL_CHANGE: &str = with_probe!("probe.textContent = String(performance.now());");

/// One mark's times over the drops: when it first and last came after the drop (ms), and how
/// often it came.
#[derive(Debug, Default)]
struct Step {
    first: Vec<f64>,
    last: Vec<f64>,
    count: Vec<f64>,
}

#[derive(Debug, Clone, Copy)]
struct Mark {
    index: usize,
    t: f64,
    revision: i64,
}

async fn wait_for_mark(app: &App, from: usize, name: &str, revision: i64) -> Mark {
    let found = app
        .run_async(
            WAIT_FOR_MARK,
            vec![json!(from), json!(name), json!(revision)],
        )
        .await;
    assert!(
        !found.is_null(),
        "no `{name}` mark (revision ≥ {revision}) after mark {from} within 15 s"
    );
    Mark {
        index: found["index"].as_u64().expect("an index") as usize,
        t: found["t"].as_f64().expect("a time"),
        revision: found["revision"].as_i64().expect("a revision"),
    }
}

/// Ctrl+Z on the change shown at `revision`, then waits for the grid to show the undo and for
/// the findings to follow (an undo reloads: everything is checked) before anything else starts.
/// Answers the undo's revision and the validator's own time (ms).
async fn undo_and_check(app: &App, revision: i64) -> (i64, f64) {
    let from = mark_count(app).await;
    app.press_ctrl('z').await;
    let undone = wait_for_mark(app, from, "grid", revision + 1).await;
    // Looked for from the key press, not from the grid's frame: when WebKit's frames come later
    // than `after_next_paint`'s wait for one (a loaded machine, software compositing), the
    // validator starts before that frame and its mark comes first.
    let validating = wait_for_mark(app, from, "validating", undone.revision).await;
    let findings = wait_for_mark(app, validating.index, "findings", undone.revision).await;
    (undone.revision, findings.t - validating.t)
}

async fn mark_count(app: &App) -> usize {
    app.run_async(
        "arguments[0](window.__switchboardMarks.length);",
        Vec::new(),
    )
    .await
    .as_u64()
    .expect("the marks array is there") as usize
}

/// WebKit rounds `performance.now()` to whole milliseconds: every figure here is a number of
/// these ticks, and no ratio is printed of figures shorter than `MIN_TICKS` of them.
const PAGE_CLOCK_MS: f64 = 1.0;
/// The step of the web process's CPU clock (`schedstat`: nanoseconds), ms.
const CPU_CLOCK_MS: f64 = 1e-6;

fn median(values: &[f64]) -> f64 {
    Rounds::of(values.to_vec()).median()
}

fn verdict(pass: bool) -> &'static str {
    if pass { "PASS" } else { "MISS" }
}

/// A whole main-thread figure beside item 1's 4 ms, which it is not judged by: with no GPU it
/// holds WebKit's software painting too (see "the page's own work").
fn against_drop_work(main_thread_ms: f64) -> String {
    format!(
        "{:.2}× {DROP_WORK_MS} ms (WebKit's painting included: not the target's figure)",
        main_thread_ms / DROP_WORK_MS
    )
}

fn spread(values: &[f64]) -> String {
    let rounds = Rounds::of(values.to_vec());
    format!(
        "min {:.1}, max {:.1}, n {}",
        rounds.min(),
        rounds.max(),
        rounds.len()
    )
}

/// `a` over `b` (medians), or why there is none: one of them is shorter than `MIN_TICKS` of
/// the page's clock.
fn ratio(a: &[f64], b: &[f64]) -> Ratio {
    Ratio::of(
        &Rounds::of(a.to_vec()),
        &Rounds::of(b.to_vec()),
        PAGE_CLOCK_MS,
    )
}

#[tokio::test]
#[ignore = "benchmark: run with `cargo xtask bench --ui`"]
async fn bench_ui_timings() {
    let (_dir, database) = temp_database();
    with_five_hundred_providers(&database).await;

    let app = App::start("bench_ui", &database).await;
    app.reload_with_query("bench").await;
    let marks_on = app
        .run_async(
            "arguments[0](Array.isArray(window.__switchboardMarks));",
            Vec::new(),
        )
        .await;
    assert_eq!(
        marks_on,
        Value::Bool(true),
        "`?bench` turns the UI's timing marks on (src-ui/src/marks.rs)"
    );

    // (a) First render of the grid: Overview → Routing, several times.
    let mut first_renders = Vec::new();
    let mut first_own_work = Vec::new();
    let mut revision = 0;
    for _ in 0..FIRST_RENDERS {
        app.open_screen("overview").await;
        let from = mark_count(&app).await;
        app.open_screen("routing").await;
        let open = wait_for_mark(&app, from, "routing-open", -1).await;
        let grid = wait_for_mark(&app, open.index, "grid", 0).await;
        let idle = wait_for_mark(&app, open.index, "idle", 0).await;
        first_renders.push(grid.t - open.t);
        first_own_work.push(idle.t - open.t);
        revision = grid.revision;
    }
    app.wait_for(".grid-body .grid-row[data-row]").await;

    // (b) Drop → the grid showing the committed change, with no-op round trips in between.
    let cell = ".grid-body .grid-row[data-row='1'] .grid-cell[data-at='1:0']";
    let palette_groups = app.elements(".palette .chip.chip-group").await;
    let mut chosen = None;
    for chip in palette_groups {
        let id = chip
            .attr("data-recipient")
            .await
            .expect("read data-recipient")
            .expect("a palette chip names its recipient");
        if app
            .count(&format!("{cell} .chip[data-recipient='{id}']"))
            .await
            == 0
        {
            chosen = Some(id);
            break;
        }
    }
    let group = chosen.expect("a palette group that the first provider's first cell lacks");
    let from_chip = format!(".palette .chip[data-recipient='{group}']");
    let dropped_chip = format!("{cell} .chip[data-recipient='{group}']");
    let on_screen = app.count(".grid-body .grid-cell").await;
    let mut drops = Vec::new();
    let mut pings = Vec::new();
    // Where a drop's time goes: applying it in the page, then the render; and beside them the
    // store's answer and the findings that follow.
    let mut to_snapshot = Vec::new();
    let mut renders = Vec::new();
    let mut acknowledged = Vec::new();
    let mut settled = Vec::new();
    // The validator's own time: after a drop (only the dropped-on topic is checked again),
    // and after the undo that follows it (a reload: everything is checked).
    let mut validator_after_drop = Vec::new();
    let mut validator_everything = Vec::new();
    let mut own_work = Vec::new();
    // How many cells looked again after a drop, and when the last of them had.
    let mut cells_per_drop = Vec::new();
    // Every mark between a drop and its `idle`, by name: when it first and last came (ms
    // after the drop) and how often — where the page's own work goes.
    let mut steps: BTreeMap<String, Step> = BTreeMap::new();
    let mut cells_done = Vec::new();
    // The second baseline: how long WebKit takes to paint a trivial DOM change made at a quiet
    // moment (no app work at all), measured in the page the same way as the grid's frame.
    let mut frames = Vec::new();
    // And the time to a zero timeout after that change: the `idle` mark's own wait, without
    // any app work.
    let mut idles = Vec::new();
    // The web process's CPU time (its main thread, and the rest): after letting go of a drop,
    // over the same wait with nothing happening, and after a trivial DOM change by script.
    let web = app.web_process();
    // Under `perf record --control` (see the module's words): the pointer drops' windows, or
    // with `SWITCHBOARD_PERF_KEYBOARD` set, the keyboard drops' instead.
    let profile_keyboard = std::env::var_os("SWITCHBOARD_PERF_KEYBOARD").is_some();
    let mut drop_cpu = Vec::new();
    let mut quiet_cpu = Vec::new();
    let mut trivial_cpu = Vec::new();
    for _ in 0..drop_count() {
        app.drag_and_hold(&from_chip, cell).await;
        settle(&app).await;
        let from = mark_count(&app).await;
        drop_cpu.push(web_cpu_over_quiet(web, app.release(), !profile_keyboard).await);
        let drop = wait_for_mark(&app, from, "drop", -1).await;
        let snapshot = wait_for_mark(&app, drop.index, "snapshot", revision + 1).await;
        let grid = wait_for_mark(&app, snapshot.index, "grid", revision + 1).await;
        let answer = wait_for_mark(&app, drop.index, "acknowledged", revision + 1).await;
        let idle = wait_for_mark(&app, drop.index, "idle", revision + 1).await;
        let validating = wait_for_mark(&app, drop.index, "validating", revision + 1).await;
        let findings = wait_for_mark(&app, validating.index, "findings", revision + 1).await;
        assert_eq!(
            answer.revision, grid.revision,
            "the store recorded the change at the revision the grid showed it at"
        );
        app.wait_for(&dropped_chip).await;
        drops.push(grid.t - drop.t);
        to_snapshot.push(snapshot.t - drop.t);
        renders.push(grid.t - snapshot.t);
        acknowledged.push(answer.t - drop.t);
        own_work.push(idle.t - drop.t);
        let between = app
            .run_async(
                "const [from, to, done] = arguments; \
                 done(window.__switchboardMarks.slice(from, to + 1).map(m => [m.name, m.t]));",
                vec![json!(drop.index), json!(idle.index)],
            )
            .await;
        let between: Vec<(String, f64)> =
            serde_json::from_value(between).expect("the marks between the drop and idle");
        let mut seen: BTreeMap<&str, (f64, f64, f64)> = BTreeMap::new();
        for (name, t) in &between {
            let at = t - drop.t;
            let entry = seen.entry(name).or_insert((at, at, 0.0));
            entry.1 = at;
            entry.2 += 1.0;
        }
        for (name, (first, last, count)) in seen {
            let step = steps.entry(name.to_string()).or_default();
            step.first.push(first);
            step.last.push(last);
            step.count.push(count);
        }
        let cells: Vec<f64> = between
            .iter()
            .filter(|(name, _)| name == "cell")
            .map(|(_, t)| *t)
            .collect();
        cells_per_drop.push(cells.len() as f64);
        if let Some(last) = cells.last() {
            cells_done.push(last - drop.t);
        }
        settled.push(findings.t - drop.t);
        validator_after_drop.push(findings.t - validating.t);
        revision = grid.revision;

        let round_trips = app
            .run_async(
                "const [n, done] = arguments; window.__switchboardPing(n).then(done, () => done(null));",
                vec![json!(PINGS_PER_DROP)],
            )
            .await;
        let round_trips = round_trips
            .as_array()
            .expect("the ping hook answers its round trips");
        pings.extend(round_trips.iter().filter_map(Value::as_f64));
        settle(&app).await;
        quiet_cpu.push(web_cpu_over_quiet(web, async {}, false).await);
        trivial_cpu.push(
            web_cpu_over_quiet(
                web,
                async {
                    app.run(TRIVIAL_CHANGE, Vec::new()).await;
                },
                false,
            )
            .await,
        );
        let frame = app.run_async(FRAME_AFTER_CHANGE, Vec::new()).await;
        let (frame, idle): (f64, f64) =
            serde_json::from_value(frame).expect("the frame and idle waits in milliseconds");
        frames.push(frame);
        idles.push(idle);

        let (revision_now, validator) = undo_and_check(&app, revision).await;
        validator_everything.push(validator);
        revision = revision_now;
        assert_eq!(
            app.count(&dropped_chip).await,
            0,
            "Ctrl+Z took the dropped group out again"
        );
    }
    // (c) The same drop made with the keyboard (Space picks the chip up, Down carries it a row
    // down, Space drops it there): what the page does for a drop without the pointer gesture,
    // whose own handling by WebKit (hover, capture, hit tests, the browser's drag checks) the
    // pointer drop above includes. Against a key the page ignores ('x' in the focused cell),
    // pressed the same way just before; both on the nanosecond clock.
    let from = mark_count(&app).await;
    app.drag(&from_chip, cell).await;
    let shown = wait_for_mark(&app, from, "grid", revision + 1).await;
    wait_for_mark(&app, from, "findings", shown.revision).await;
    revision = shown.revision;
    app.wait_for(&dropped_chip).await;
    let below = ".grid-body .grid-row[data-row='2'] .grid-cell[data-at='2:0']";
    let carried_chip = format!("{below} .chip[data-recipient='{group}']");
    let focus = "document.querySelector(arguments[0]).focus();";
    let mut key_drop_cpu = Vec::new();
    let mut ignored_key_cpu = Vec::new();
    for _ in 0..drop_count() {
        app.run(focus, vec![json!(cell)]).await;
        settle(&app).await;
        ignored_key_cpu.push(web_cpu_over_quiet(web, app.press('x'), false).await);
        app.run(focus, vec![json!(dropped_chip)]).await;
        app.press(Key::Space.into()).await;
        app.press(Key::Down.into()).await;
        settle(&app).await;
        let from = mark_count(&app).await;
        key_drop_cpu
            .push(web_cpu_over_quiet(web, app.press(Key::Space.into()), profile_keyboard).await);
        let moved = wait_for_mark(&app, from, "grid", revision + 1).await;
        wait_for_mark(&app, from, "findings", moved.revision).await;
        app.wait_for(&carried_chip).await;
        revision = moved.revision;
        revision = undo_and_check(&app, revision).await.0;
        app.wait_for(&dropped_chip).await;
    }
    // (d) The pointer drop of (b) among other edits, as a practice manager makes them: the
    // group dropped into other cells in turn ([`CELLS_AMONG`]), none undone until the series
    // ends. Every drop in (b) follows an undo, so it also turns the toolbar's Undo on and its
    // Redo off and tells the menu; a drop after another drop changes neither. Kept: each
    // series' drops after its first (that one follows the series' undos).
    let mut among_cpu = Vec::new();
    let mut floor_cpu = Vec::new();
    let mut dragged_floor_cpu = Vec::new();
    while among_cpu.len() < drop_count() {
        let mut made = 0;
        for (row, topic) in CELLS_AMONG {
            let target = format!(
                ".grid-body .grid-row[data-row='{row}'] .grid-cell[data-at='{row}:{topic}']"
            );
            let chip = format!("{target} .chip[data-recipient='{group}']");
            if app.count(&chip).await > 0 {
                continue;
            }
            app.drag_and_hold(&from_chip, &target).await;
            // Where the focus is while a drag is held, for the floor's `held-over` below.
            app.run(
                "window.__benchHeldFocus = document.activeElement;",
                Vec::new(),
            )
            .await;
            settle(&app).await;
            let from = mark_count(&app).await;
            let cpu = web_cpu_over_quiet(web, app.release(), false).await;
            let shown = wait_for_mark(&app, from, "grid", revision + 1).await;
            wait_for_mark(&app, from, "findings", shown.revision).await;
            app.wait_for(&chip).await;
            revision = shown.revision;
            if made > 0 {
                among_cpu.push(cpu);
                // Beside it, the same DOM changes made by script (`drop-dom-laid-out-no-undo`
                // of `bench_layout`, in the first provider's first cell, undone by script
                // after): every change such a drop makes to the page, each part laid out
                // before the next as `relayout` does, and its one command — none of the
                // app's code. The drop's DOM floor, paired round by round.
                floor_cpu.push(scripted_round(&app, web, "drop-dom-laid-out-no-undo").await);
                // And the same from a page made to look as during a held drag (`held-over`:
                // the ghost at the cell, the cell lit, the focus where the real drag left
                // it), with the drag's end added (`-dragged`: the ghost hidden, the cell no
                // longer lit, the focus moved to the cell): every change a drop shows.
                app.run(SCRIPTED, vec![json!("held-over")]).await;
                dragged_floor_cpu
                    .push(scripted_round(&app, web, "drop-dom-laid-out-no-undo-dragged").await);
            }
            made += 1;
        }
        assert!(
            made > 1,
            "the series found cells without the group to drop it in"
        );
        for _ in 0..made {
            revision = undo_and_check(&app, revision).await.0;
        }
    }
    app.quit().await;

    let ui = std::env::var("SWITCHBOARD_BENCH_UI")
        .unwrap_or_else(|_| "unknown (run through `cargo xtask bench --ui`)".into());
    let first = median(&first_renders);
    let drop = median(&drops);
    let ping = median(&pings);
    let against_ping = ratio(&drops, &pings);
    println!("\nUI timings (issue 4), UI build: {ui}; 500 providers × 10 topics");
    println!(
        "first render of the grid (Routing opened → first frame): median {first:.1} ms ({}); target ≤ {FIRST_RENDER_MS} ms: {:.2}× the target, {}",
        spread(&first_renders),
        first / FIRST_RENDER_MS,
        verdict(first <= FIRST_RENDER_MS)
    );
    println!(
        "  of which the page's own work (Routing opened → main thread free after the grid rendered): median {:.1} ms ({})",
        median(&first_own_work),
        spread(&first_own_work)
    );
    let answered = median(&acknowledged);
    println!(
        "drop → grid showing the change (first frame; shown before the store answers): median {drop:.1} ms ({})",
        spread(&drops)
    );
    println!(
        "  of which drop → change applied in the page: median {:.1} ms; → grid's first frame (render): median {:.1} ms",
        median(&to_snapshot),
        median(&renders)
    );
    println!(
        "drop → store acknowledged (apply_change answered, same revision; no reload): median {answered:.1} ms ({}); against the no-op: {}",
        spread(&acknowledged),
        ratio(&acknowledged, &pings)
    );
    let own = median(&own_work);
    let frame = median(&frames);
    println!(
        "  drop → the page's own work done (main thread free after the grid rendered): median {own:.1} ms ({}); target one frame ≤ {FRAME_MS} ms: {}",
        spread(&own_work),
        verdict(own <= FRAME_MS)
    );
    // Less the median wait with nothing happening (not each drop's own: now and then WebKit
    // does its own housekeeping in one of those waits, which would make a drop look cheaper).
    let less_quiet = |of: &[WebCpu], part: fn(&WebCpu) -> f64| -> Vec<f64> {
        let quiet = median(&quiet_cpu.iter().map(part).collect::<Vec<_>>());
        of.iter().map(|cpu| part(cpu) - quiet).collect()
    };
    let main = |cpu: &WebCpu| cpu.main;
    let rest = |cpu: &WebCpu| cpu.rest;
    let work = less_quiet(&drop_cpu, main);
    let trivial = less_quiet(&trivial_cpu, main);
    let quiet_main: Vec<f64> = quiet_cpu.iter().map(main).collect();
    let work_median = median(&work);
    println!(
        "  the main thread's work per drop on a nanosecond clock (WebKit's web process main thread, CPU time from letting go to {QUIET_MS} ms later, less the median of the same wait with nothing happening; the page's code and WebKit's style, layout and software painting together): median {work_median:.2} ms ({}); {}",
        spread(&work),
        against_drop_work(work_median)
    );
    println!(
        "    baselines, same run and clock: the wait with nothing happening {:.2} ms ({}); a trivial DOM change by script, less that wait, {:.2} ms ({}); the drop against the trivial change: {:.1}×",
        median(&quiet_main),
        spread(&quiet_main),
        median(&trivial),
        spread(&trivial),
        work_median / median(&trivial)
    );
    let pages = |of: &[WebCpu]| -> String {
        let pages: Vec<f64> = of.iter().map(|cpu| cpu.pages).collect();
        format!("{:.0} ({})", median(&pages), spread(&pages))
    };
    let among = less_quiet(&among_cpu, main);
    let among_median = median(&among);
    println!(
        "  the same pointer drop among other edits (after another drop: Undo already on, Redo off, the menu unchanged), same clock and window, less the same wait: median {among_median:.2} ms ({}); {}; pages {}",
        spread(&among),
        against_drop_work(among_median),
        pages(&among_cpu)
    );
    let floor = less_quiet(&floor_cpu, main);
    println!(
        "    its DOM floor, same run, clock and window, paired round by round: the same DOM changes and command made by script, none of the app's code (`bench_layout`'s `drop-dom-laid-out-no-undo`), less the same wait: median {:.2} ms ({}); pages {}; the drop against it: {}",
        median(&floor),
        spread(&floor),
        pages(&floor_cpu),
        Ratio::of_pairs(&among, &floor, CPU_CLOCK_MS)
    );
    let dragged_floor = less_quiet(&dragged_floor_cpu, main);
    println!(
        "    the same floor with the drag's end too (the ghost hidden, the cell no longer lit, the focus moved to the cell, from a page made to look as during the held drag): median {:.2} ms ({}); pages {}; the drop against it: {}",
        median(&dragged_floor),
        spread(&dragged_floor),
        pages(&dragged_floor_cpu),
        Ratio::of_pairs(&among, &dragged_floor, CPU_CLOCK_MS)
    );
    // Issue 18's "the page's own work": with no GPU WebKit paints on the page's thread, so that
    // thread's time is the page's code and WebKit's answer to the DOM changes together. What
    // the app's code adds is the drop less the same changes made with none of it, pair by pair.
    let less_floor = |floor: &[f64]| -> Vec<f64> {
        among
            .iter()
            .zip(floor)
            .map(|(drop, floor)| drop - floor)
            .collect()
    };
    let (share, share_dragged) = (less_floor(&floor), less_floor(&dragged_floor));
    let share_median = median(&share_dragged);
    println!(
        "  the page's own work per drop (among other edits): the drop less its DOM floor with the drag's end, pair by pair — what the app's code adds to what WebKit must do for the same change: median {share_median:.2} ms ({}); target ≤ {DROP_WORK_MS} ms: {}; less the floor without the drag's end: {:.2} ms ({})",
        spread(&share_dragged),
        verdict(share_median <= DROP_WORK_MS),
        median(&share),
        spread(&share)
    );
    // Paired by round: each keyboard drop less the ignored key pressed just before it.
    let key_work: Vec<f64> = key_drop_cpu
        .iter()
        .zip(&ignored_key_cpu)
        .map(|(drop, key)| drop.main - key.main)
        .collect();
    let key_work_median = median(&key_work);
    let key_drop_main: Vec<f64> = key_drop_cpu.iter().map(main).collect();
    let ignored_main: Vec<f64> = ignored_key_cpu.iter().map(main).collect();
    println!(
        "  the main thread's work per drop, the same drop by keyboard (Space drops a carried chip a row down; main thread, same clock and window, less a key the page ignores pressed just before, paired by round; two cells change): median {key_work_median:.2} ms ({}); {}",
        spread(&key_work),
        against_drop_work(key_work_median)
    );
    println!(
        "    the keyboard drop {:.2} ms ({}), the ignored key {:.2} ms ({}); the pointer drop above, for comparison: {work_median:.2} ms",
        median(&key_drop_main),
        spread(&key_drop_main),
        median(&ignored_main),
        spread(&ignored_main)
    );
    println!(
        "    pages the main thread touched afresh (≈ the area WebKit repainted, in 4 KiB pages; the whole page area is ~730), same windows: pointer drop {}, keyboard drop {}, ignored key {}, trivial change {}, nothing happening {}",
        pages(&drop_cpu),
        pages(&key_drop_cpu),
        pages(&ignored_key_cpu),
        pages(&trivial_cpu),
        pages(&quiet_cpu)
    );
    let quiet_rest: Vec<f64> = quiet_cpu.iter().map(rest).collect();
    let (drop_rest, trivial_rest) = (less_quiet(&drop_cpu, rest), less_quiet(&trivial_cpu, rest));
    println!(
        "    the web process's other threads (compositing, painting; llvmpipe here), same windows: per drop {:.1} ms ({}), per trivial change {:.1} ms ({}), both less the median wait with nothing happening, {:.1} ms ({})",
        median(&drop_rest),
        spread(&drop_rest),
        median(&trivial_rest),
        spread(&trivial_rest),
        median(&quiet_rest),
        spread(&quiet_rest)
    );
    println!(
        "  cells that worked out their contents again per drop: median {:.0} (of {on_screen} rendered); drop → the last of them: median {:.1} ms",
        median(&cells_per_drop),
        median(&cells_done)
    );
    let mut order: Vec<(&String, &Step)> = steps.iter().collect();
    order.sort_by(|a, b| median(&a.1.first).total_cmp(&median(&b.1.first)));
    println!(
        "  where it goes (ms after the drop, medians: first–last mark ×count per drop): {}",
        order
            .iter()
            .map(|(name, step)| {
                let (first, last, count) =
                    (median(&step.first), median(&step.last), median(&step.count));
                if count > 1.0 {
                    format!("{name} {first:.0}–{last:.0} ×{count:.0}")
                } else {
                    format!("{name} {first:.0}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    );
    println!(
        "  WebKit's frame latency, same run (a trivial DOM change → next frame, no app work): median {frame:.1} ms ({}); drop → grid against it: {}",
        spread(&frames),
        ratio(&drops, &frames)
    );
    println!(
        "  WebKit's idle after a trivial change, same run (a zero timeout, no app work): median {:.1} ms ({})",
        median(&idles),
        spread(&idles)
    );
    println!(
        "drop → findings settled (validator, after the frame): median {:.1} ms ({})",
        median(&settled),
        spread(&settled)
    );
    println!(
        "  the validator's own work after a drop (the dropped-on topic checked again): median {:.1} ms ({}); after an undo (everything checked): median {:.1} ms ({}); {}",
        median(&validator_after_drop),
        spread(&validator_after_drop),
        median(&validator_everything),
        spread(&validator_everything),
        ratio(&validator_after_drop, &validator_everything)
    );
    println!(
        "no-op IPC round trip (ping), same run: median {ping:.2} ms ({})",
        spread(&pings)
    );
    println!(
        "  target one frame ≤ {FRAME_MS} ms: {:.2}× the target, {}",
        drop / FRAME_MS,
        verdict(drop <= FRAME_MS)
    );
    println!(
        "  target within {PING_RATIO}× the no-op: {against_ping}, {}",
        against_ping.verdict(PING_RATIO)
    );
}
