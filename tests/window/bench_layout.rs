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
//! `announce` (the live region's sentence), `one-announce`, `one-announce-laid-out`, `ping`
//! (one no-op round trip to the shell, as every command makes), `ping3` (three, one after the
//! other).
//! `script-drop` and `script-drop-nowhere`: the `drop` and `drop-nowhere` below with pointer
//! events dispatched by script (the app's code and the page's rendering, without WebKit's own
//! handling of a real pointer). `mutations` prints what one such drop changes in the DOM
//! (a MutationObserver's records, by kind and element) and measures nothing.
//! Cases made as a user does, through WebDriver (each undone after): `drop` (a palette group
//! dropped into a provider's cell), `drop-unchanged` (the same group dropped where it already
//! is: nothing changes), `drop-nowhere` (dropped on the page's heading), `move-near` (a chip
//! dragged from one cell to the next), `keyboard-move` (the same chip moved a row down by
//! keyboard: Space, Down, Space), `held` (a drag held still, nothing else), `drop-held`
//! (`drop` after the drag was held still for 5 s).
//!
//! `status` (the status line's words), `one-status`, `one-status-laid-out`; `focus` (the
//! keyboard focus moved by script from one cell to another, as a drop moves it to its cell);
//! `nothing` (no change at all: the thread's background).
//! `background` prints what the page does over a second with nothing happening — DOM changes,
//! scrolls, timers and frames asked for, its reads of layout (`getBoundingClientRect`,
//! `elementFromPoint`, `querySelector`) and the text selection — and measures nothing.
//! `held-events` prints the events the page hears over a second of a drag held still.
//!
//! `drop-dom` makes by script every DOM change a palette drop makes (as `mutations` lists
//! them) and its one command; `drop-dom-laid-out` lays each part out before the next changes,
//! as `src-ui/src/relayout.rs` does — the drop's DOM floor, with none of the app's code. Suffixes
//! leave a part out: `-no-status`, `-no-announce`, `-no-ping`, `-no-undo` (e.g.
//! `drop-dom-laid-out-no-status`); `-dragged` adds the drag's end (the ghost hidden, the cell
//! no longer lit, the focus moved to the cell) to a page that `held-over` (not measured) made
//! look as a drag held over the cell does.
//!
//! Each row also splits the median CPU time by when it was spent (up to 10, 30, 60, 120 and
//! 300 ms after the start), to tell a change's own frame from what follows it.
//!
//! Under `perf record -a --delay=-1 --control fifo:<fifo>` with
//! `SWITCHBOARD_PERF_CONTROL=<fifo>`, the profile covers the measured windows and nothing else.
//!
//! `SWITCHBOARD_LAYOUT_ROUNDS` sets the rounds (7 by default); `SWITCHBOARD_LAYOUT_CASES`
//! (comma-separated) picks cases; `SWITCHBOARD_LAYOUT_CSS` (variants
//! separated by `;;`) adds a style sheet to the page for a run of every case, to try a CSS change
//! without a build.

use serde_json::json;
use switchboard_bench_support::{Rounds, process};

use crate::bench::{settle, tell_perf};
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
pub(crate) const SCRIPTED: &str = r#"
const [change] = arguments;
const cell = (at) => document.querySelector(`.grid-body .grid-cell[data-at='${at}'] .cell-chips`);
const [a, b] = [cell('1:0'), cell('5:0')];
const announcer = document.querySelector("[data-part='announce']");
const add = (chips) => { const chip = document.createElement('span'); chip.className = 'chip bench-layout'; chip.textContent = 'Added'; chips.appendChild(chip); };
const status = document.querySelector('.status-line');
// Words change as the page's own code changes them: the text node's data, so that the page's
// code, which keeps that node, still shows its words in later cases and drops.
const setText = (element, text) => {
  const node = element.firstChild;
  if (node && node.nodeType === Node.TEXT_NODE) node.data = text; else element.textContent = text;
};
const report = () => setText(status, 'Saved · ' + Math.floor(Math.random() * 1000) + ' changes not yet synced');
const say = () => setText(announcer, 'Added a chip to a cell ' + Math.random());
const layOut = () => a.offsetHeight;
if (change.startsWith('drop-dom')) {
  // Every DOM change a palette drop makes (see `mutations`), by script, and its command;
  // `-laid-out`: each part laid out before the next changes, as `relayout` does; `-no-status`,
  // `-no-announce`, `-no-ping`, `-no-undo`: without the status line's words, the live
  // region's sentence, the command, the toolbar's Undo.
  // `-dragged` (after `held-over`): also the drag's end as a real drop shows it — the ghost
  // hidden, the cell no longer lit, the focus moved to the cell.
  const has = (part) => !change.includes('-no-' + part);
  const laidOut = change.includes('-laid-out');
  const dragged = change.includes('-dragged');
  const grid = a.parentElement;
  const ghost = document.querySelector('.drag-ghost');
  const mark = grid.querySelector('.cell-finding-mark');
  if (dragged) { ghost.classList.add('idle'); grid.classList.remove('drop-target'); }
  const saved = [...a.childNodes];
  saved.forEach((node) => node.remove());
  const chip = document.querySelector('.grid-body .chip').cloneNode(true);
  chip.classList.add('bench-layout');
  a.appendChild(chip);
  window.__benchSaved = saved;
  if (!dragged) { grid.classList.add('drop-target'); grid.classList.remove('drop-target'); }
  grid.classList.toggle('cell-own');
  mark.classList.toggle('idle');
  for (const name of ['aria-label', 'title']) mark.setAttribute(name, 'A finding ' + Math.random());
  mark.setAttribute('role', 'img'); mark.setAttribute('data-part', 'cell-finding');
  mark.toggleAttribute('aria-hidden');
  if (dragged) grid.focus();
  if (laidOut) grid.offsetHeight;
  if (has('status')) {
    status.setAttribute('aria-busy', 'true'); report();
    if (laidOut) status.offsetHeight;
  }
  window.__benchUndo = has('undo');
  if (has('undo')) document.querySelector('.toolbar .tool').toggleAttribute('disabled');
  if (!dragged) { ghost.classList.toggle('idle'); ghost.classList.toggle('idle'); }
  if (has('announce')) say();
  if (has('ping')) window.__TAURI_INTERNALS__.invoke('ping').then(() => status.removeAttribute('aria-busy'));
  else status.removeAttribute('aria-busy');
  return;
}
switch (change) {
  case 'one': add(a); break;
  case 'two': add(a); add(b); break;
  case 'two-laid-out': add(a); layOut(); add(b); break;
  case 'announce': say(); break;
  case 'one-announce': add(a); say(); break;
  case 'one-announce-laid-out': add(a); layOut(); say(); break;
  case 'nothing': break;
  case 'held-over': {
    // The page as a drag held over the first provider's first cell shows it, for `-dragged`:
    // the ghost beside the pointer at the cell's middle, the cell lit as the target, and the
    // focus where it was during a real drag held still (`window.__benchHeldFocus`, kept by the
    // harness), or nowhere.
    const box = a.parentElement.getBoundingClientRect();
    const ghost = document.querySelector('.drag-ghost');
    ghost.style.transform = `translate(${box.left + box.width / 2 + 10}px, ${box.top + box.height / 2 + 10}px)`;
    ghost.classList.remove('idle');
    a.parentElement.classList.add('drop-target');
    const held = window.__benchHeldFocus;
    if (held && held !== document.body && held.isConnected) held.focus();
    else if (document.activeElement) document.activeElement.blur();
    break;
  }
  case 'focus': {
    // The keyboard focus moved from one cell to another, as a drop moves it to its cell.
    const one = document.querySelector(".grid-body .grid-cell[data-at='1:0']");
    const other = document.querySelector(".grid-body .grid-cell[data-at='3:1']");
    (document.activeElement === other ? one : other).focus();
    break;
  }
  case 'status': report(); break;
  case 'one-status': add(a); report(); break;
  case 'one-status-laid-out': add(a); layOut(); report(); break;
  case 'ping': window.__TAURI_INTERNALS__.invoke('ping'); break;
  case 'ping3': (async () => { for (let i = 0; i < 3; i++) await window.__TAURI_INTERNALS__.invoke('ping'); })(); break;
  case 'undo':
    document.querySelectorAll('.bench-layout').forEach((chip) => chip.remove());
    if (window.__benchSaved) {
      window.__benchSaved.forEach((node) => a.appendChild(node));
      window.__benchSaved = null;
      const grid = a.parentElement;
      grid.classList.toggle('cell-own');
      grid.querySelector('.cell-finding-mark').classList.toggle('idle');
      grid.querySelector('.cell-finding-mark').toggleAttribute('aria-hidden');
      if (window.__benchUndo) document.querySelector('.toolbar .tool').toggleAttribute('disabled');
    }
    setText(announcer, '');
    break;
  default: throw new Error('no such change: ' + change);
}
"#;

/// A drag made of pointer events dispatched by script on the palette chip `arguments[0]`,
/// over the element `arguments[1]`: the press and two moves, or (`arguments[2]`) the release.
const SYNTHETIC_DRAG: &str = r#"
const [from, to, release] = arguments;
const chip = document.querySelector(from);
const start = chip.getBoundingClientRect();
const end = document.querySelector(to).getBoundingClientRect();
const [x, y] = [end.left + end.width / 2, end.top + end.height / 2];
const send = (type, at, buttons) => chip.dispatchEvent(new PointerEvent(type, {
  bubbles: true, cancelable: true, composed: true, pointerId: 1, pointerType: 'mouse',
  isPrimary: true, button: 0, buttons, clientX: at[0], clientY: at[1] }));
if (release) {
  send('pointerup', [x, y], 0);
} else {
  send('pointerdown', [start.left + 5, start.top + 5], 1);
  send('pointermove', [start.left + 30, start.top + 5], 1);
  send('pointermove', [x, y], 1);
}
"#;

/// When after a case starts its CPU time is split ([`Reading::cpu_by`]): ms.
const SPLITS_MS: [u64; 5] = [10, 30, 60, 120, WINDOW_MS];

/// What one round of a case cost the main thread.
#[derive(Debug, Clone, Copy)]
struct Reading {
    /// CPU time, ms, from just before the start to [`WINDOW_MS`] after it.
    cpu: f64,
    /// Fresh pages over the same window.
    pages: f64,
    /// CPU time, ms, up to each of [`SPLITS_MS`] (the last is `cpu`).
    cpu_by: [f64; SPLITS_MS.len()],
}

impl Reading {
    /// For the cases that print what they saw and measure nothing.
    const NONE: Reading = Reading {
        cpu: 0.0,
        pages: 0.0,
        cpu_by: [0.0; SPLITS_MS.len()],
    };
}

/// What the main thread spent from just before `start` to [`WINDOW_MS`] after it, read every
/// millisecond or two so that it can be split by when it was spent.
async fn reading(web: u32, start: impl std::future::Future<Output = ()>) -> Reading {
    // Under perf (see the module's words), the profile covers these windows and nothing else.
    tell_perf("enable");
    let cpu_now = || process::thread_cpu_ns(web, web).expect("the main thread reads");
    let cpu = cpu_now();
    let faults = process::thread_minor_faults(web, web).expect("the main thread reads");
    start.await;
    let started = std::time::Instant::now();
    let mut cpu_by = [0.0; SPLITS_MS.len()];
    for (split, by) in SPLITS_MS.iter().zip(&mut cpu_by) {
        let until = started + std::time::Duration::from_millis(*split);
        while std::time::Instant::now() < until {
            tokio::time::sleep(std::time::Duration::from_millis(1)).await;
        }
        *by = (cpu_now() - cpu) as f64 / 1e6;
    }
    tell_perf("disable");
    let faults = process::thread_minor_faults(web, web).expect("the main thread reads") - faults;
    Reading {
        cpu: cpu_by[SPLITS_MS.len() - 1],
        pages: faults as f64,
        cpu_by,
    }
}

/// One round of `case`, undone after.
async fn round(app: &App, web: u32, case: &str, group: &str) -> Reading {
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
        "drop" | "drop-unchanged" | "drop-nowhere" | "held" | "drop-held" => {
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
            if case == "drop-held" {
                tokio::time::sleep(std::time::Duration::from_secs(5)).await;
            }
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
        "script-drop" | "script-drop-nowhere" => {
            // The app's drop code and the page's rendering, without WebKit's own handling of a
            // real pointer (hover, capture, the browser's checks): the events made by script.
            let to = if case == "script-drop" {
                CELL
            } else {
                ".page-header h1"
            };
            app.run(
                SYNTHETIC_DRAG,
                vec![json!(palette_chip), json!(to), json!(false)],
            )
            .await;
            settle(app).await;
            let figures = reading(web, async {
                app.run(
                    SYNTHETIC_DRAG,
                    vec![json!(palette_chip), json!(to), json!(true)],
                )
                .await;
            })
            .await;
            if case == "script-drop" {
                app.wait_for(&dropped).await;
                undo(1).await;
            }
            figures
        }
        "held-events" => {
            // The events the page hears over a second of a drag held still (no timing).
            const TYPES: &str = "['pointermove', 'mousemove', 'pointerover', 'pointerout', \
                                 'mouseover', 'scroll', 'focus', 'blur']";
            app.drag_and_hold(&palette_chip, CELL).await;
            settle(app).await;
            app.run(
                &format!(
                    "window.__benchEvents = {{}}; \
                     window.__benchHear = (e) => {{ window.__benchEvents[e.type] = (window.__benchEvents[e.type] || 0) + 1; }}; \
                     for (const type of {TYPES}) window.addEventListener(type, window.__benchHear, true);"
                ),
                Vec::new(),
            )
            .await;
            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            // The listeners go again: the later cases run without them.
            let heard = app
                .run(
                    &format!(
                        "for (const type of {TYPES}) window.removeEventListener(type, window.__benchHear, true); \
                         return window.__benchEvents;"
                    ),
                    Vec::new(),
                )
                .await;
            println!("events over a second of a drag held still: {heard}");
            app.release().await;
            undo(1).await;
            Reading::NONE
        }
        "background" => {
            // What the page does over a second with nothing happening (no timing; see the
            // module's words). Everything it wraps or listens with is put back after.
            let seen = app
                .run_async(
                    "const done = arguments[0]; const counts = {}; \
                     const count = (key) => { counts[key] = (counts[key] || 0) + 1; }; \
                     const selection = window.getSelection(); \
                     count('selection: ' + selection.type + ', ' + selection.toString().length + ' characters'); \
                     const wrap = (on, name) => { const was = on[name]; on[name] = function (...a) { count(name); return was.apply(this, a); }; return () => { on[name] = was; }; }; \
                     const unwrap = [wrap(Element.prototype, 'getBoundingClientRect'), wrap(Document.prototype, 'elementFromPoint'), wrap(Document.prototype, 'querySelector')]; \
                     const observer = new MutationObserver((records) => records.forEach((r) => \
                       count(r.type + ':' + (r.attributeName || '') + '@' + ((r.target.className || r.target.nodeName || '?').toString().split(' ')[0])))); \
                     observer.observe(document, { subtree: true, childList: true, attributes: true, characterData: true }); \
                     const onScroll = (e) => count('scroll@' + ((e.target.className || e.target.nodeName || '?').toString().split(' ')[0])); \
                     window.addEventListener('scroll', onScroll, true); \
                     const raf = window.requestAnimationFrame; \
                     window.requestAnimationFrame = (f) => { count('requestAnimationFrame'); return raf.call(window, f); }; \
                     const st = window.setTimeout; \
                     window.setTimeout = (f, t, ...a) => { count('setTimeout ' + t); return st.call(window, f, t, ...a); }; \
                     st.call(window, () => { observer.disconnect(); window.removeEventListener('scroll', onScroll, true); \
                       window.requestAnimationFrame = raf; window.setTimeout = st; unwrap.forEach((u) => u()); done(counts); }, 1000);",
                    Vec::new(),
                )
                .await;
            println!("the page over a second with nothing happening: {seen}");
            Reading::NONE
        }
        "mutations" => {
            // What a drop changes in the DOM, counted by a MutationObserver (no timing).
            app.run(
                SYNTHETIC_DRAG,
                vec![json!(palette_chip), json!(CELL), json!(false)],
            )
            .await;
            settle(app).await;
            app.run(
                "window.__benchMutations = []; \
                 window.__benchObserver = new MutationObserver((records) => window.__benchMutations.push(...records)); \
                 window.__benchObserver.observe(document, { subtree: true, childList: true, attributes: true, characterData: true }); \
                 window.__benchCalls = Object.assign({}, window.__wbgCounts || {});",
                Vec::new(),
            )
            .await;
            app.run(
                SYNTHETIC_DRAG,
                vec![json!(palette_chip), json!(CELL), json!(true)],
            )
            .await;
            settle(app).await;
            let counted = app
                .run_async(
                    "const done = arguments[0]; window.__benchObserver.disconnect(); \
                     const counts = {}; \
                     for (const r of window.__benchMutations) { \
                       const where = (r.target.className || r.target.nodeName || '?').toString().split(' ')[0]; \
                       const key = r.type + ':' + (r.attributeName || '') + '@' + where; \
                       counts[key] = (counts[key] || 0) + 1 + (r.addedNodes ? r.addedNodes.length + r.removedNodes.length : 0) * 1000; } \
                     done(counts);",
                    Vec::new(),
                )
                .await;
            println!("mutations of one drop (count + 1000 × nodes added or removed): {counted}");
            // With a UI whose wasm-bindgen glue counts its calls (`window.__wbgCounts`, a
            // measurement build only), the calls one drop makes between JavaScript and wasm.
            let calls = app
                .run(
                    "const now = window.__wbgCounts || {}; const before = window.__benchCalls || {}; \
                     const diff = {}; let total = 0; \
                     for (const k of Object.keys(now)) { const d = now[k] - (before[k] || 0); if (d) { diff[k] = d; total += d; } } \
                     diff.total = total; return diff;",
                    Vec::new(),
                )
                .await;
            println!("glue calls of one drop: {calls}");
            app.wait_for(&dropped).await;
            undo(1).await;
            Reading::NONE
        }
        scripted => {
            if scripted.contains("-dragged") {
                app.run(SCRIPTED, vec![json!("held-over")]).await;
                settle(app).await;
            }
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
    // `SWITCHBOARD_LAYOUT_QUERY=bench` opens the page with the UI's timing marks on (as
    // `bench_ui_timings` does), to see what they cost.
    if let Ok(query) = std::env::var("SWITCHBOARD_LAYOUT_QUERY") {
        app.reload_with_query(&query).await;
    }
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
    let rounds: usize = std::env::var("SWITCHBOARD_LAYOUT_ROUNDS")
        .ok()
        .and_then(|rounds| rounds.parse().ok())
        .unwrap_or(ROUNDS);
    let variants: Vec<String> = std::env::var("SWITCHBOARD_LAYOUT_CSS")
        .map(|css| css.split(";;").map(str::to_string).collect())
        .unwrap_or_else(|_| vec![String::new()]);
    // The page is busy for a few seconds after it opens (the first findings): wait until a
    // window with nothing happening costs the main thread under `QUIET_MS`, or 30 s.
    for _ in 0..100 {
        if reading(web, async {}).await.cpu < QUIET_MS {
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
            "{:>22}  main-thread CPU, ms (min–max)   fresh pages (min–max)  median CPU ms by ms after the start",
            "case"
        );
        for case in &cases {
            let mut readings = Vec::new();
            for _ in 0..rounds {
                settle(&app).await;
                readings.push(round(&app, web, case, &group).await);
            }
            let of = |part: fn(&Reading) -> f64| Rounds::of(readings.iter().map(part).collect());
            let (cpu, pages) = (of(|r| r.cpu), of(|r| r.pages));
            // The median CPU time spent in each stretch between two splits.
            let mut stretches = String::new();
            for (i, split) in SPLITS_MS.iter().enumerate() {
                let spent = Rounds::of(
                    readings
                        .iter()
                        .map(|r| r.cpu_by[i] - if i == 0 { 0.0 } else { r.cpu_by[i - 1] })
                        .collect(),
                );
                stretches.push_str(&format!(" ≤{split}:{:.2}", spent.median()));
            }
            println!(
                "{case:>22}  {:>6.2} ({:.2}–{:.2})           {:>5.0} ({:.0}–{:.0})  {stretches}",
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
