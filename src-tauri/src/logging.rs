//! The app's log, through the official log plugin (tauri-plugin-log): commands' spans and their
//! failures (never a change's texts: commands record errors, never payloads), written to
//! `switchboard.log` in the platform's log folder (Linux `~/.local/share/<app id>/logs`, macOS
//! `~/Library/Logs/<app id>`, Windows `%LOCALAPPDATA%\<app id>\logs`) and to standard error.
//! The file is rotated at [`MAX_FILE_BYTES`]; the latest [`KEPT_FILES`] are kept.
//!
//! The shell and its crates log with `tracing`; its `log` feature forwards every event to the
//! `log` crate, which the plugin writes (there is one logger, not two). Info and above are kept
//! unless [`LEVEL_ENV`] says otherwise; the SQL driver's statements are never logged.

use tauri::Runtime;
use tauri::plugin::TauriPlugin;
use tauri_plugin_log::log::LevelFilter;
use tauri_plugin_log::{RotationStrategy, Target, TargetKind};

/// A log file is rotated when it grows past this.
const MAX_FILE_BYTES: u128 = 1024 * 1024;
/// How many rotated files are kept beside the current one.
const KEPT_FILES: usize = 5;

/// Environment variable choosing how much is logged: `error`, `warn`, `info` (the default),
/// `debug` or `trace`.
pub const LEVEL_ENV: &str = "SWITCHBOARD_LOG";

fn level() -> LevelFilter {
    std::env::var(LEVEL_ENV)
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(LevelFilter::Info)
}

/// The log plugin: info and above to the log folder's `switchboard.log` and to standard error.
pub fn plugin<R: Runtime>() -> TauriPlugin<R> {
    tauri_plugin_log::Builder::new()
        .clear_targets()
        .target(Target::new(TargetKind::LogDir {
            file_name: Some("switchboard".into()),
        }))
        .target(Target::new(TargetKind::Stderr))
        .level(level())
        // The SQL driver logs statements at info; they are no business of the log.
        .level_for("sqlx", LevelFilter::Warn)
        .max_file_size(MAX_FILE_BYTES)
        .rotation_strategy(RotationStrategy::KeepSome(KEPT_FILES))
        .build()
}
