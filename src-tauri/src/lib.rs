#![forbid(unsafe_code)]
//! Switchboard's desktop shell: opens the window, the local database, and answers the UI's
//! commands. Commands are thin — parse, call the store, map the error; the rules live in
//! crates/core and the SQL in crates/store.

mod commands;
mod launch;

use switchboard_store::{Author, Store};
use tauri::{Manager, Runtime};

pub use launch::{DATABASE_ENV, Launch};

/// What every command needs: the open database and who is making changes.
#[derive(Debug)]
pub struct AppState {
    pub store: Store,
    pub author: Author,
}

/// The app, generic over the runtime so tests can build it on Tauri's mock runtime.
pub fn builder<R: Runtime>(launch: Launch) -> tauri::Builder<R> {
    tauri::Builder::<R>::new()
        .invoke_handler(tauri::generate_handler![
            commands::load_config,
            commands::apply_change,
            commands::undo,
            commands::redo,
            commands::ping,
        ])
        .setup(move |app| {
            let path = match launch.database.clone() {
                Some(path) => path,
                None => app.path().app_data_dir()?.join("switchboard.db"),
            };
            let store = tauri::async_runtime::block_on(Store::open(&path))?;
            app.manage(AppState {
                store,
                author: launch::os_author(),
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
    if let Err(err) = builder::<tauri::Wry>(launch).run(tauri::generate_context!()) {
        eprintln!("switchboard: {err}");
        std::process::exit(1);
    }
}
