#![forbid(unsafe_code)]
//! Switchboard's user interface: Leptos, client-side rendered, compiled to wasm and embedded
//! by the desktop shell.
//!
//! The UI builds `Change` values and shows what the shell answers; it holds no business rules.
//! [`ipc`] is the only module that talks to Tauri; the [`workspace`] (every edit and load)
//! and [`marks`] (the benchmark's round trips) call it, pages and components never do.

mod app;
mod components;
mod counters;
mod files;
mod ids;
mod ipc;
#[cfg(test)]
mod layering;
mod marks;
mod navigation;
mod pages;
mod pick;
mod prefs;
mod relayout;
mod sync_state;
mod theme;
mod today;
mod workspace;

use wasm_bindgen::prelude::wasm_bindgen;

/// Entry point, run by `init()` in main.js.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    marks::install();
    theme::apply(theme::stored());
    remove_boot_frame();
    leptos::mount::mount_to_body(app::App);
    if theme::check_updates_at_start() {
        leptos::task::spawn_local(async {
            let _ = ipc::check_for_updates(false).await;
        });
    }
}

/// Removes the frame index.html paints while the wasm loads (`data-part="boot"`), in the same
/// task as the mount, so the window never shows it and the real frame together and a screen
/// reader never meets two "Opening the practice…".
fn remove_boot_frame() {
    if let Some(frame) = leptos::web_sys::window()
        .and_then(|window| window.document())
        .and_then(|document| document.query_selector("[data-part='boot']").ok().flatten())
    {
        frame.remove();
    }
}
