//! Timing marks for the UI benchmark (`cargo xtask bench`, see BENCHMARKS.md), off unless the
//! page was opened with `?bench` in its address.
//!
//! When on, [`install`] creates `window.__switchboardMarks`, an array of
//! `{ name, t, revision }` (`t` from `performance.now()`, `revision` the snapshot's, or -1),
//! and `window.__switchboardPing(n)`, which calls [`ipc::ping`] `n` times one after the other
//! and resolves to the `n` round trips in milliseconds. Marks:
//!
//! - `routing-open`: the Routing screen starts to render;
//! - `drop`: a drag's `pointerup` is handled (before the change is built and shown);
//! - `snapshot`: the page's shown snapshot reaches a revision — an edit applied in the page
//!   before the store answers (optimistic, with the revision the store will record it at), or
//!   a snapshot loaded from the store (see `workspace`);
//! - `grid`: the first animation frame after the Routing grid rendered a revision (the frame
//!   that paints it), with that revision;
//! - `idle`: the page's main thread is free again after the grid rendered a revision (a zero
//!   timeout set when the grid's effect ran: the page's own work for an edit, without the wait
//!   for WebKit's next frame);
//! - `submitted`: an edit's handler is done (shown in the page, queued for the store, its
//!   findings check queued);
//! - `grid-effect`: the Routing grid's effect ran for a revision (it sets the `idle` timeout
//!   and asks for the `grid` frame);
//! - `cell`: a routing cell worked out what it shows (its contents memo ran) — counted per
//!   drop, to see how many cells an edit makes look again;
//! - `cell-findings`: the grid looked the cells' findings up again (all, or the topics a
//!   routing edit touched); `cell-finding`: one cell's findings text was worked out again;
//! - `acknowledged`: the store's answer to an edit has arrived (with the revision it recorded);
//! - `validating`: the validator starts on a revision (all of it, or after routing edits only
//!   the topics they named);
//! - `findings`: the validator's findings for a revision are computed (they follow the frame
//!   that shows an edit).
//!
//! Off (the normal app), every function here returns at once and the page holds no globals.
//!
//! *Start-up milestones* are the exception: they are recorded in every page, once each, as
//! standard User Timing marks (`performance.mark`, nothing of ours on `window`), because the
//! start-up benchmark cannot reload the page with `?bench` without losing what it measures
//! (process start → first screen). Four marks, a few microseconds in a page's life:
//!
//! - `switchboard:ui-start`: the UI's code starts (the wasm module is loaded);
//! - `switchboard:overview-painted`: the first animation frame after the Overview rendered a
//!   loaded practice (the frame that paints it);
//! - `switchboard:overview-interactive`: the main thread is free after that frame (a zero
//!   timeout set inside it): a click is handled from here on;
//! - `switchboard:findings`: the validator's first findings are computed (it starts after the
//!   first paint, see `workspace`).

use std::cell::OnceCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use crate::ipc;

const MARKS: &str = "__switchboardMarks";
const PING: &str = "__switchboardPing";

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn performance_now() -> f64;

    #[wasm_bindgen(js_namespace = performance, js_name = mark)]
    fn performance_mark(name: &str);

    #[wasm_bindgen(js_name = requestAnimationFrame)]
    fn request_animation_frame(callback: &Function) -> i32;
}

thread_local! {
    static ON: OnceCell<bool> = const { OnceCell::new() };
    /// The start-up milestones recorded so far (each is recorded once).
    static MILESTONES: std::cell::RefCell<Vec<&'static str>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Records the start-up milestone `name` (a User Timing mark, see the module's words) unless
/// it was recorded before; answers whether it was recorded now.
pub fn milestone(name: &'static str) -> bool {
    let first = MILESTONES.with(|done| {
        let mut done = done.borrow_mut();
        if done.contains(&name) {
            return false;
        }
        done.push(name);
        true
    });
    if first {
        performance_mark(name);
    }
    first
}

/// Records `painted` at the next animation frame and `interactive` once the main thread is
/// free after it (a zero timeout set in that frame) — the first time only.
pub fn milestones_of_first_paint(painted: &'static str, interactive: &'static str) {
    if MILESTONES.with(|done| done.borrow().contains(&painted)) {
        return;
    }
    let callback = Closure::once_into_js(move |_: f64| {
        if milestone(painted) {
            leptos::prelude::set_timeout(
                move || {
                    milestone(interactive);
                },
                std::time::Duration::ZERO,
            );
        }
    });
    let _ = request_animation_frame(callback.unchecked_ref());
}

/// Whether the page was opened with `?bench` (read once).
fn on() -> bool {
    ON.with(|on| {
        *on.get_or_init(|| {
            Reflect::get(&js_sys::global(), &"location".into())
                .and_then(|location| Reflect::get(&location, &"search".into()))
                .ok()
                .and_then(|search| search.as_string())
                .is_some_and(|search| {
                    search
                        .trim_start_matches('?')
                        .split('&')
                        .any(|pair| pair == "bench")
                })
        })
    })
}

/// With `?bench`: creates the marks array and the ping hook. Without: nothing.
pub fn install() {
    if !on() {
        return;
    }
    let global = js_sys::global();
    let _ = Reflect::set(&global, &MARKS.into(), &Array::new());
    let ping = Closure::<dyn Fn(u32) -> js_sys::Promise>::new(|times: u32| {
        wasm_bindgen_futures::future_to_promise(async move {
            let durations = Array::new();
            for _ in 0..times {
                let started = performance_now();
                ipc::ping()
                    .await
                    .map_err(|err| JsValue::from_str(&err.message))?;
                durations.push(&JsValue::from_f64(performance_now() - started));
            }
            Ok(durations.into())
        })
    });
    let _ = Reflect::set(&global, &PING.into(), ping.as_ref());
    // The hook lives as long as the page.
    ping.forget();
}

/// Records `name` now (with `revision`, or -1) when marks are on.
pub fn mark(name: &str, revision: Option<i64>) {
    if !on() {
        return;
    }
    record(name, performance_now(), revision);
}

/// Records `name` at the next animation frame (the frame that paints what was just rendered)
/// when marks are on.
pub fn mark_next_frame(name: &'static str, revision: Option<i64>) {
    if !on() {
        return;
    }
    let callback = Closure::once_into_js(move |_: f64| record(name, performance_now(), revision));
    let _ = request_animation_frame(callback.unchecked_ref());
}

/// Records `name` once the tasks and reactive updates queued now have run (a zero timeout)
/// when marks are on.
pub fn mark_when_idle(name: &'static str, revision: Option<i64>) {
    if !on() {
        return;
    }
    leptos::prelude::set_timeout(
        move || record(name, performance_now(), revision),
        std::time::Duration::ZERO,
    );
}

fn record(name: &str, t: f64, revision: Option<i64>) {
    let Ok(marks) = Reflect::get(&js_sys::global(), &MARKS.into()) else {
        return;
    };
    let Some(marks) = marks.dyn_ref::<Array>() else {
        return;
    };
    let entry = Object::new();
    let _ = Reflect::set(&entry, &"name".into(), &name.into());
    let _ = Reflect::set(&entry, &"t".into(), &t.into());
    let _ = Reflect::set(
        &entry,
        &"revision".into(),
        &(revision.unwrap_or(-1) as f64).into(),
    );
    marks.push(&entry);
}
