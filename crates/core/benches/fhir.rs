//! FHIR directory planning against `serde_json` parsing the same file, in the same run
//! (issue 16): the first import (`plan_file` into a practice without the directory) and the
//! re-import (`plan_file` of the same file into the practice it made, which plans nothing)
//! of generated directories of 1,000, 10,000 and 100,000 practitioners with their roles,
//! locations and groups (`switchboard_core::fhir::fixtures`).
//!
//! A plain harness (`harness = false`): each figure is the wall time (`Instant`) of enough
//! calls to last at least 200 ms, divided by the calls; the three targets of one size are
//! interleaved in each of 7 rounds, and the median is printed with the spread (min–max of
//! the rounds). The target: at 10× the size, planning (first import and re-import) takes at
//! most 11× the time, measured against the baseline — 10 × (plan ÷ parse at 10n) ÷ (plan ÷
//! parse at n) ≤ 11 — because parsing the same file grows by more than 10× itself once the
//! file no longer fits the caches; the raw growth is printed beside it.

use std::hint::black_box;
use std::time::{Duration, Instant};

use serde_json::Value;
use switchboard_bench_support::Rounds;
use switchboard_core::fhir::fixtures::directory;
use switchboard_core::fhir::{FhirChoices, plan_file};
use switchboard_core::{Config, Date, apply, demo_practice};

const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const ROUNDS: usize = 7;
const SPAN: Duration = Duration::from_millis(200);

/// Seconds per call of `f`, called enough times to last at least [`SPAN`].
fn per_call(calls: u32, mut f: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        f();
    }
    start.elapsed().as_secs_f64() / f64::from(calls)
}

/// How many calls of `f` last at least [`SPAN`] (one call to find out).
fn calls_for(f: &mut impl FnMut()) -> u32 {
    let once = per_call(1, &mut *f).max(1e-6);
    ((SPAN.as_secs_f64() / once).ceil() as u32).max(1)
}

struct Size {
    practitioners: usize,
    megabytes: f64,
    parse: Rounds,
    plan: Rounds,
    replan: Rounds,
    /// plan / parse and replan / parse, per round, as figures.
    plan_ratio: Rounds,
    replan_ratio: Rounds,
}

fn measure(practitioners: usize, base: &Config, today: Date) -> Size {
    let bytes = serde_json::to_vec(&directory(practitioners)).expect("a Value serialises");
    let choices = FhirChoices::default();
    let first = plan_file(base, &bytes, &choices, today).expect("the directory plans");
    assert!(
        first.skipped_records.is_empty(),
        "a generated directory skips nothing"
    );
    let mut imported = base.clone();
    apply(&mut imported, &first.change).expect("the plan applies");
    drop(first);
    let again = plan_file(&imported, &bytes, &choices, today).expect("plans again");
    assert!(again.is_noop(), "re-importing the same file plans nothing");

    let mut parse = || {
        black_box(serde_json::from_slice::<Value>(black_box(&bytes)).expect("JSON"));
    };
    let mut plan = || {
        black_box(plan_file(base, black_box(&bytes), &choices, today).expect("plans"));
    };
    let mut replan = || {
        black_box(plan_file(&imported, black_box(&bytes), &choices, today).expect("plans"));
    };
    let calls = (
        calls_for(&mut parse),
        calls_for(&mut plan),
        calls_for(&mut replan),
    );
    let (mut p, mut f, mut r) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        p.push(per_call(calls.0, &mut parse));
        f.push(per_call(calls.1, &mut plan));
        r.push(per_call(calls.2, &mut replan));
    }
    let plan_ratio = f.iter().zip(&p).map(|(f, p)| f / p).collect();
    let replan_ratio = r.iter().zip(&p).map(|(r, p)| r / p).collect();
    Size {
        practitioners,
        megabytes: bytes.len() as f64 / 1e6,
        parse: Rounds::of(p),
        plan: Rounds::of(f),
        replan: Rounds::of(r),
        plan_ratio: Rounds::of(plan_ratio),
        replan_ratio: Rounds::of(replan_ratio),
    }
}

fn main() {
    // `cargo bench` passes `--bench`; `cargo test --benches` runs this as a quick check.
    let benching = std::env::args().any(|a| a == "--bench");
    let sizes: &[usize] = if benching { &SIZES } else { &SIZES[..1] };
    let base = demo_practice();
    let today: Date = "2026-11-30".parse().expect("a date");
    let mut rows = Vec::new();
    for &n in sizes {
        let size = measure(n, &base, today);
        println!(
            "fhir {:>7} practitioners ({:.1} MB): parse {} · plan {} = {:.1}× parse ({:.1}–{:.1}) · re-plan {} = {:.1}× parse ({:.1}–{:.1})",
            size.practitioners,
            size.megabytes,
            size.parse.scaled(1e3).show("ms", 1),
            size.plan.scaled(1e3).show("ms", 1),
            size.plan_ratio.median(),
            size.plan_ratio.min(),
            size.plan_ratio.max(),
            size.replan.scaled(1e3).show("ms", 1),
            size.replan_ratio.median(),
            size.replan_ratio.min(),
            size.replan_ratio.max(),
        );
        rows.push(size);
    }
    println!();
    println!(
        "| practitioners | file | serde_json parse | plan (first import) | plan ÷ parse | re-plan | re-plan ÷ parse |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for s in &rows {
        println!(
            "| {} | {:.1} MB | {} | {} | {:.1}× ({:.1}–{:.1}) | {} | {:.1}× ({:.1}–{:.1}) |",
            s.practitioners,
            s.megabytes,
            s.parse.scaled(1e3).show("ms", 1),
            s.plan.scaled(1e3).show("ms", 1),
            s.plan_ratio.median(),
            s.plan_ratio.min(),
            s.plan_ratio.max(),
            s.replan.scaled(1e3).show("ms", 1),
            s.replan_ratio.median(),
            s.replan_ratio.min(),
            s.replan_ratio.max(),
        );
    }
    println!();
    for pair in rows.windows(2) {
        let (small, large) = (&pair[0], &pair[1]);
        let parse = large.parse.median() / small.parse.median();
        println!(
            "serde_json parse (the baseline): {} → {} practitioners takes {parse:.1}× the time",
            small.practitioners, large.practitioners
        );
        for (what, a, b, ra, rb) in [
            (
                "plan",
                &small.plan,
                &large.plan,
                &small.plan_ratio,
                &large.plan_ratio,
            ),
            (
                "re-plan",
                &small.replan,
                &large.replan,
                &small.replan_ratio,
                &large.replan_ratio,
            ),
        ] {
            let growth = b.median() / a.median();
            // The growth measured against the baseline's: 10 × how much the ratio to
            // parsing the same file grew. Both pay the same memory hierarchy at each size.
            let against = 10.0 * rb.median() / ra.median();
            let verdict = if against <= 11.0 {
                "PASS (≤ 11×)"
            } else {
                "MISS (> 11×)"
            };
            println!(
                "{what}: {} → {} practitioners takes {growth:.1}× the time; against the baseline {against:.1}× (range {:.1}–{:.1}) {verdict}",
                small.practitioners,
                large.practitioners,
                10.0 * rb.min() / ra.max(),
                10.0 * rb.max() / ra.min(),
            );
        }
    }
}
