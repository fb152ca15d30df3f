//! Real-window tests: the real app binary on a temporary SQLite file, driven over WebDriver
//! (tauri-driver → WebKitWebDriver) in a real window.
//!
//! Ignored by a plain `cargo test`; `cargo xtask test` starts Xvfb, installs the drivers and
//! runs them with `--ignored --test-threads=1` (one automation session per app process).
//! A test that cannot start the display, the driver or the app fails; it never skips.

mod a11y;
mod appearance;
mod axe;
mod bench;
mod bench_layout;
mod bench_open;
mod bench_shell;
mod fhir;
mod files;
mod harness;
mod kept;
mod keyboard;
mod layout;
mod locations;
mod menu;
mod people;
mod preview;
mod quit;
mod rendering;
mod routing;
mod single;
mod startup;
mod sync;
mod topics;
mod undo;
mod update;
