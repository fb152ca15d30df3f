//! What one change to the Routing page costs WebKit's main thread, and how much of the page it
//! repaints (issue 18, session 13). A harness, not a timed test: it prints, asserts no time,
//! and `cargo xtask test` skips it (`--skip bench_`). Figures in BENCHMARKS.md.
//!
//! Each *case* is made 7 times on the 500-provider practice, the page quiet before each; for
//! each, two readings over the [`WINDOW_MS`] after it starts:
//!
//! - the web process's main-thread CPU time (`/proc/…/task/…/schedstat`, nanoseconds);
//! - the pages that thread touched for the first time (its minor page faults): painting without
//!   compositing, WebKit paints into a fresh buffer the size of what it repaints, so this is
//!   the repainted area in 4 KiB pages (the whole page area is ~730; one cell ~15–30).
//!
//! Cases made by a script in the page (DOM changes only, none of the app's code):
//! `one` (a chip added to one cell), `two` (to two cells in one task), `two-laid-out` (the
//! same, the first cell's height read in between — what `src-ui/src/relayout.rs` does),
//! `announce` (the live region's sentence), `one-announce`, `one-announce-laid-out`.
//! Cases made as a user does, through WebDriver (each undone after): `drop` (a palette group
//! dropped into a provider's cell), `drop-unchanged` (the same group dropped where it already
//! is: nothing changes), `drop-nowhere` (dropped on the page's heading), `move-near` (a chip
//! dragged from one cell to the next), `keyboard-move` (the same chip moved a row down by
//! keyboard: Space, Down, Space), `held` (a drag held still, nothing else).
//!
//! `SWITCHBOARD_LAYOUT_CASES` (comma-separated) picks cases; `SWITCHBOARD_LAYOUT_CSS` (variants
//! separated by `;;`) adds a style sheet to the page for a run of every case, to try a CSS change
//! without a build.

use serde_json::json;
use switchboard_bench_support::{Rounds, process};

use crate::bench::settle;
use crate::harness::{App, Key, temp_database, with_five_hundred_providers};

/// Rounds of each case.
const ROUNDS: usize = 7;
/// How long after a case starts the readings are taken again: past its frame, the findings and
/// the store's answer.
const WINDOW_MS: u64 = 300;
/// The main thread's CPU time over a window with nothing happening, once the page is quiet.
const QUIET_MS: f64 = 5.0;
/// The cell the drops land in (the first provider's first topic).
const CELL: &str = ".grid-body .grid-row[data-row='1'] .grid-cell[data-at='1:0']";
/// The cell a chip is moved to (the next provider's, same topic).
const NEXT_CELL: &str = ".grid-body .grid-row[data-row='2'] .grid-cell[data-at='2:0']";

/// The DOM changes made by script, by case name.
const SCRIPTED: &str = r#"
const [change] = arguments;
const cell = (at) => document.querySelector(`.grid-body .grid-cell[data-at='${at}'] .cell-chips`);
const [a, b] = [cell('1:0'), cell('5:0')];
const announcer = document.querySelector("[data-part='announce']");
const add = (chips) => { const chip = document.createElement('span'); chip.className = 'chip bench-layout'; chip.textContent = 'Added'; chips.appendChild(chip); };
const say = () => { announcer.textContent = 'Added a chip to a cell ' + Math.random(); };
const layOut = () => a.offsetHeight;
switch (change) {
  case 'one': add(a); break;
  case 'two': add(a); add(b); break;
  case 'two-laid-out': add(a); layOut(); add(b); break;
  case 'announce': say(); break;
  case 'one-announce': add(a); say(); break;
  case 'one-announce-laid-out': add(a); layOut(); say(); break;
  case 'undo': document.querySelectorAll('.bench-layout').forEach((chip) => chip.remove()); announcer.textContent = ''; break;
  default: throw new Error('no such change: ' + change);
}
"#;

/// Main-thread CPU (ms) and fresh pages from just before `start` to [`WINDOW_MS`] after it.
async fn reading(web: u32, start: impl std::future::Future<Output = ()>) -> (f64, f64) {
    let cpu = process::thread_cpu_ns(web, web).expect("the main thread reads");
    let faults = process::thread_minor_faults(web, web).expect("the main thread reads");
    start.await;
    tokio::time::sleep(std::time::Duration::from_millis(WINDOW_MS)).await;
    let cpu = process::thread_cpu_ns(web, web).expect("the main thread reads") - cpu;
    let faults = process::thread_minor_faults(web, web).expect("the main thread reads") - faults;
    (cpu as f64 / 1e6, faults as f64)
}

/// One round of `case`, undone after.
async fn round(app: &App, web: u32, case: &str, group: &str) -> (f64, f64) {
    let palette_chip = format!(".palette .chip[data-recipient='{group}']");
    let dropped = format!("{CELL} .chip[data-recipient='{group}']");
    let focus = "document.querySelector(arguments[0]).focus();";
    let undo = |times: usize| async move {
        for _ in 0..times {
            settle(app).await;
            app.press_ctrl('z').await;
        }
    };
    match case {
        "drop" | "drop-unchanged" | "drop-nowhere" | "held" => {
            if case == "drop-unchanged" {
                app.drag(&palette_chip, CELL).await;
                app.wait_for(&dropped).await;
                settle(app).await;
            }
            let to = if case == "drop-nowhere" {
                ".page-header h1"
            } else {
                CELL
            };
            app.drag_and_hold(&palette_chip, to).await;
            settle(app).await;
            let figures = if case == "held" {
                let figures = reading(web, async {}).await;
                app.release().await;
                figures
            } else {
                reading(web, app.release()).await
            };
            undo(usize::from(case != "drop-nowhere")).await;
            figures
        }
        "move-near" | "keyboard-move" => {
            app.drag(&palette_chip, CELL).await;
            app.wait_for(&dropped).await;
            let figures = if case == "move-near" {
                app.drag_and_hold(&dropped, NEXT_CELL).await;
                settle(app).await;
                reading(web, app.release()).await
            } else {
                app.run(focus, vec![json!(dropped)]).await;
                app.press(Key::Space.into()).await;
                app.press(Key::Down.into()).await;
                settle(app).await;
                reading(web, app.press(Key::Space.into())).await
            };
            app.wait_for(&format!("{NEXT_CELL} .chip[data-recipient='{group}']"))
                .await;
            undo(2).await;
            figures
        }
        scripted => {
            let figures = reading(web, async {
                app.run(SCRIPTED, vec![json!(scripted)]).await;
            })
            .await;
            app.run(SCRIPTED, vec![json!("undo")]).await;
            figures
        }
    }
}

#[tokio::test]
#[ignore = "a benchmark harness: run by hand (see the module's words)"]
async fn bench_layout_roots() {
    let (_dir, database) = temp_database();
    with_five_hundred_providers(&database).await;
    let app = App::start("bench_layout", &database).await;
    app.open_screen("routing").await;
    app.wait_for(".grid-body .grid-row[data-row]").await;
    let web = app.web_process();
    let mut group = None;
    for chip in app.elements(".palette .chip.chip-group").await {
        let id = chip
            .attr("data-recipient")
            .await
            .expect("read data-recipient")
            .expect("a palette chip names its recipient");
        let here = format!("{CELL} .chip[data-recipient='{id}']");
        let next = format!("{NEXT_CELL} .chip[data-recipient='{id}']");
        if app.count(&here).await == 0 && app.count(&next).await == 0 {
            group = Some(id);
            break;
        }
    }
    let group = group.expect("a palette group that neither cell has");
    let cases: Vec<String> = std::env::var("SWITCHBOARD_LAYOUT_CASES")
        .unwrap_or_else(|_| {
            "one,two,two-laid-out,announce,one-announce,one-announce-laid-out,\
             drop,drop-unchanged,drop-nowhere,move-near,keyboard-move,held"
                .into()
        })
        .split(',')
        .map(str::to_string)
        .collect();
    let variants: Vec<String> = std::env::var("SWITCHBOARD_LAYOUT_CSS")
        .map(|css| css.split(";;").map(str::to_string).collect())
        .unwrap_or_else(|_| vec![String::new()]);
    // The page is busy for a few seconds after it opens (the first findings): wait until a
    // window with nothing happening costs the main thread under `QUIET_MS`, or 30 s.
    for _ in 0..100 {
        if reading(web, async {}).await.0 < QUIET_MS {
            break;
        }
    }
    for css in &variants {
        app.run(
            "const sheet = new CSSStyleSheet(); sheet.replaceSync(arguments[0]); \
             document.adoptedStyleSheets = arguments[0] ? [sheet] : [];",
            vec![json!(css)],
        )
        .await;
        println!("\nstyle added: `{css}`");
        println!(
            "{:>22}  main-thread CPU, ms (min–max)   fresh pages (min–max)",
            "case"
        );
        for case in &cases {
            let mut cpu = Vec::new();
            let mut pages = Vec::new();
            for _ in 0..ROUNDS {
                settle(&app).await;
                let (ms, fresh) = round(&app, web, case, &group).await;
                cpu.push(ms);
                pages.push(fresh);
            }
            let (cpu, pages) = (Rounds::of(cpu), Rounds::of(pages));
            println!(
                "{case:>22}  {:>6.2} ({:.2}–{:.2})           {:>5.0} ({:.0}–{:.0})",
                cpu.median(),
                cpu.min(),
                cpu.max(),
                pages.median(),
                pages.min(),
                pages.max()
            );
        }
    }
    app.quit().await;
}
