//! The app's log: commands' spans and their failures (never a change's texts), appended to
//! `switchboard.log` in the platform's log folder (Linux `~/.local/share/<app id>/logs`,
//! macOS `~/Library/Logs/<app id>`, Windows `%LOCALAPPDATA%\<app id>\logs`), or to standard
//! error when that folder cannot be written. `RUST_LOG` sets what is kept (default: info).

use std::fs::OpenOptions;
use std::path::PathBuf;
use std::sync::Mutex;

use tracing_subscriber::EnvFilter;

/// The app's identifier in tauri.conf.json, which names its folders.
const APP_ID: &str = "health.switchboard.desktop";

/// The log folder, computed before Tauri starts (its path resolver needs a running app).
fn log_dir() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    if cfg!(windows) {
        var("LOCALAPPDATA").map(|dir| dir.join(APP_ID).join("logs"))
    } else if cfg!(target_os = "macos") {
        var("HOME").map(|home| home.join("Library/Logs").join(APP_ID))
    } else {
        var("XDG_DATA_HOME")
            .or_else(|| var("HOME").map(|home| home.join(".local/share")))
            .map(|dir| dir.join(APP_ID).join("logs"))
    }
}

/// Starts writing the log (once; later calls do nothing).
pub fn start() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let file = log_dir().and_then(|dir| {
        std::fs::create_dir_all(&dir).ok()?;
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("switchboard.log"))
            .ok()
    });
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false);
    let _already_started = match file {
        Some(file) => builder.with_writer(Mutex::new(file)).try_init(),
        None => builder.with_writer(std::io::stderr).try_init(),
    };
}
