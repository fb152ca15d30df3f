#![forbid(unsafe_code)]
//! Switchboard's desktop shell: opens the window, the local database, and answers the UI's
//! commands. Commands are thin — parse, call the store, map the error; the rules live in
//! crates/core and the SQL in crates/store.

mod commands;
#[cfg(test)]
mod contract;
mod files;
mod launch;
mod logging;
mod menu;
mod quit;
mod rendering;
mod single;
mod startup;
mod sync;
mod updater;
mod validator;

use std::path::PathBuf;

use switchboard_core::ipc::CommandError;
use switchboard_store::{Author, Store};
use tauri::{Manager, Runtime, WebviewWindowBuilder};

pub use files::TEST_PATH_ENV as FILE_DIALOG_TEST_ENV;
pub use launch::{DATABASE_ENV, Launch};
pub use quit::TEST_ANSWER_ENV as QUIT_TEST_ANSWER_ENV;
pub use startup::TEST_ANSWER_ENV as STARTUP_TEST_ANSWER_ENV;
pub use updater::{
    ENDPOINTS_ENV as UPDATE_ENDPOINTS_ENV, TEST_ANSWER_ENV as UPDATE_TEST_ANSWER_ENV,
    TEST_PUBKEY_ENV as UPDATE_TEST_PUBKEY_ENV,
};

/// What every command needs: the open database and who is making changes.
#[derive(Debug)]
pub struct AppState {
    /// The open database, or why it could not be opened (only on Tauri's mock runtime: the
    /// real app asks the person what to do before its window is built, see `startup.rs`).
    pub store: Result<Store, CommandError>,
    /// The database file that is open (Help › About shows it).
    pub database: Option<PathBuf>,
    pub author: Author,
    /// The UI's edits shown but not yet saved (it says so with the `saving` command).
    pub ui_unsaved: quit::Unsaved,
    /// Sync with the practice server (see `sync`).
    pub sync: std::sync::Arc<sync::SyncService>,
    /// The validator's last check, which the next starts from (see `validator`).
    pub validator: std::sync::Arc<validator::Validator>,
}

impl AppState {
    /// The open database, or the sentence saying why there is none.
    pub fn store(&self) -> Result<&Store, CommandError> {
        self.store.as_ref().map_err(Clone::clone)
    }
}

/// The app on `base`, generic over the runtime: the real one, or Tauri's mock runtime in the
/// test that pins the IPC contract (`contract.rs`). The database is opened (asking the person
/// when it cannot be) before the window is built: tauri.conf.json's window has `create: false`.
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
        commands::findings,
        commands::open_file,
        commands::open_picture,
        commands::save_file,
        commands::undo_state,
        commands::check_for_updates,
    ])
    .on_window_event(quit::on_window_event)
    .setup(move |app| {
        app.manage(quit::Quitting::default());
        app.manage(menu::Zoom(std::sync::Mutex::new(1.0)));
        let Some((database, store)) = startup::open(launch.database.clone()) else {
            // "Quit" in the start-up dialog: end without a window (no panic, no abort).
            app.handle().exit(1);
            return Ok(());
        };
        let sync = std::sync::Arc::new(sync::SyncService::default());
        {
            let (sync, store) = (sync.clone(), store.clone());
            tauri::async_runtime::spawn(async move { sync.run(store).await });
        }
        app.manage(AppState {
            store: Ok(store),
            database: Some(database),
            author: launch::os_author(),
            ui_unsaved: quit::Unsaved::default(),
            sync,
            validator: std::sync::Arc::default(),
        });
        for window in &app.config().app.windows {
            let window = WebviewWindowBuilder::from_config(app.handle(), window)?.build()?;
            rendering::fit_to_machine(&window);
        }
        Ok(())
    })
}

/// Starts the desktop app (the binary's `main`): the official plugins (a second launch focuses
/// the running window instead of opening the database twice), the native menu, and the quit
/// path that waits for edits on their way.
pub fn run() {
    let launch = match Launch::from_env() {
        Ok(launch) => launch,
        Err(message) => {
            eprintln!("switchboard: {message}");
            std::process::exit(2);
        }
    };
    let context = tauri::generate_context!();
    // A second launch hands over to the running app and ends before it opens anything.
    #[cfg(target_os = "linux")]
    let single = match single::claim(&context.config().identifier) {
        Ok(single::Claimed::First(connection)) => single::plugin(connection),
        Ok(single::Claimed::HandedOver) => return,
        Err(message) => {
            eprintln!("switchboard: {message}");
            std::process::exit(1);
        }
    };
    #[cfg(not(target_os = "linux"))]
    let single = single::plugin();
    let base = tauri::Builder::<tauri::Wry>::new()
        // First, so that a second launch ends before it opens anything.
        .plugin(single)
        .plugin(logging::plugin())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .menu(menu::build)
        .on_menu_event(menu::on_event);
    let app = match builder(base, launch).build(context) {
        Ok(app) => app,
        Err(err) => {
            eprintln!("switchboard: {err}");
            std::process::exit(1);
        }
    };
    quit::on_signals(app.handle());
    app.run(|handle, event| quit::on_run_event(handle, &event));
}
