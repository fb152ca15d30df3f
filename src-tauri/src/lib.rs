#![forbid(unsafe_code)]
//! Switchboard's desktop shell: opens the window, the local database, and answers the UI's
//! commands. Commands are thin — parse, call the store, map the error; the rules live in
//! crates/core and the SQL in crates/store.

mod commands;
#[cfg(test)]
mod contract;
mod launch;
mod logging;
mod sync;

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use switchboard_core::ipc::CommandError;
use switchboard_store::{Author, Store};
use tauri::{Manager, Runtime, Window, WindowEvent};

pub use launch::{DATABASE_ENV, Launch};

/// What every command needs: the open database and who is making changes.
#[derive(Debug)]
pub struct AppState {
    /// The open database, or why it could not be opened (a broken file, a read-only folder):
    /// the window still opens, and every command answers with that sentence.
    pub store: Result<Store, CommandError>,
    pub author: Author,
    /// The UI has edits shown but not yet saved (it says so with the `saving` command).
    pub ui_saving: AtomicBool,
    /// Sync with the practice server (see `sync`).
    pub sync: std::sync::Arc<sync::SyncService>,
}

impl AppState {
    /// The open database, or the sentence saying why there is none.
    pub fn store(&self) -> Result<&Store, CommandError> {
        self.store.as_ref().map_err(Clone::clone)
    }
}

/// How long closing the window waits at most for the UI's edits to be saved.
const CLOSE_WAIT: Duration = Duration::from_secs(5);

/// Keeps the window open while the UI still has edits on their way to the store: the close is
/// put off, and the window closed once they are saved (or after [`CLOSE_WAIT`]).
fn hold_close_while_saving<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let saving = |window: &Window<R>| {
        window
            .try_state::<AppState>()
            .is_some_and(|state| state.ui_saving.load(Ordering::SeqCst))
    };
    if !saving(window) {
        return;
    }
    api.prevent_close();
    let window = window.clone();
    std::thread::spawn(move || {
        let started = Instant::now();
        while saving(&window) && started.elapsed() < CLOSE_WAIT {
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = window.destroy();
    });
}

/// The app on `base`, generic over the runtime: the real one, or Tauri's mock runtime in the
/// test that pins the IPC contract (`contract.rs`).
pub fn builder<R: Runtime>(base: tauri::Builder<R>, launch: Launch) -> tauri::Builder<R> {
    base.invoke_handler(tauri::generate_handler![
        commands::load_config,
        commands::apply_change,
        commands::undo,
        commands::redo,
        commands::ping,
        commands::saving,
        commands::sync_status,
        commands::sign_in,
        commands::sign_out,
        commands::sync_now,
        commands::upload_practice,
        commands::choose_practice,
        commands::conflicts,
        commands::resolve_conflict,
        commands::history,
    ])
    .on_window_event(hold_close_while_saving)
    .setup(move |app| {
        let path = match launch.database.clone() {
            Some(path) => path,
            None => app.path().app_data_dir()?.join("switchboard.db"),
        };
        let store = tauri::async_runtime::block_on(Store::open(&path)).map_err(|err| {
            eprintln!("switchboard: {err}");
            CommandError::from(err)
        });
        let sync = std::sync::Arc::new(sync::SyncService::default());
        if let Ok(store) = &store {
            let (sync, store) = (sync.clone(), store.clone());
            tauri::async_runtime::spawn(async move { sync.run(store).await });
        }
        app.manage(AppState {
            store,
            author: launch::os_author(),
            ui_saving: AtomicBool::new(false),
            sync,
        });
        Ok(())
    })
}

/// Starts the desktop app (the binary's `main`).
pub fn run() {
    let launch = match Launch::from_env() {
        Ok(launch) => launch,
        Err(message) => {
            eprintln!("switchboard: {message}");
            std::process::exit(2);
        }
    };
    logging::start();
    if let Err(err) =
        builder(tauri::Builder::<tauri::Wry>::new(), launch).run(tauri::generate_context!())
    {
        eprintln!("switchboard: {err}");
        std::process::exit(1);
    }
}
