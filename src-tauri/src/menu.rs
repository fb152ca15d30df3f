//! The native menu bar, with each platform's shortcuts (`CmdOrCtrl`: ⌘ on macOS, Ctrl
//! elsewhere). On macOS the app menu comes first, in Apple's layout (About, Services, Hide,
//! Hide Others, Show All, Quit); elsewhere Quit ends the File menu and About the Help menu.
//!
//! Words: an *action* is a menu item the UI carries out (undo, open a screen, start an
//! import); the shell sends it to the window as the [`MENU_EVENT`] event with the item's id,
//! and never acts on the webview's behalf. Quit, zoom, the logs folder and About are the
//! shell's own. Undo and Redo are enabled as the UI's undo state says (`undo_state`).

use tauri::menu::{Menu, MenuEvent, MenuItem, MenuItemKind, PredefinedMenuItem, Submenu};
use tauri::{AppHandle, Emitter, Manager, Runtime};

use crate::quit;

/// The event the window receives for a menu action; its payload is the item's id.
pub const MENU_EVENT: &str = "menu";

/// The screens of View, in the navigation's order, with their `data-screen` ids.
const SCREENS: [(&str, &str); 8] = [
    ("overview", "Overview"),
    ("topics", "Topics"),
    ("routing", "Routing"),
    ("locations", "Locations"),
    ("people", "People & Groups"),
    ("settings", "Message Settings"),
    ("preview", "Portal Preview"),
    ("history", "Sync & History"),
];

/// Ids of the items the shell handles itself.
const QUIT: &str = "quit";
const ZOOM_IN: &str = "zoom-in";
const ZOOM_OUT: &str = "zoom-out";
const ZOOM_RESET: &str = "zoom-reset";
const LOGS: &str = "open-logs";
const ABOUT: &str = "about";
/// Ids of Undo and Redo, and of the Edit menu that holds them.
const EDIT: &str = "edit";
const UNDO: &str = "undo";
const REDO: &str = "redo";

/// The menu bar.
pub fn build<R: Runtime>(app: &AppHandle<R>) -> tauri::Result<Menu<R>> {
    let item = |id: &str, text: &str, shortcut: Option<&str>| {
        MenuItem::with_id(app, id, text, true, shortcut)
    };
    let separator = || PredefinedMenuItem::separator(app);
    let quit = item(QUIT, "Quit Switchboard", Some("CmdOrCtrl+Q"))?;
    let about = item(ABOUT, "About Switchboard", None)?;

    let file = Submenu::with_items(
        app,
        "File",
        true,
        &[
            &item("new-practice", "New Practice…", Some("CmdOrCtrl+N"))?,
            &separator()?,
            &item("import-configuration", "Import Configuration…", None)?,
            &item("export-configuration", "Export Configuration…", None)?,
            &item("import-fhir", "Import FHIR Directory…", None)?,
        ],
    )?;
    // Redo is ⇧⌘Z on macOS, Ctrl+Y on Windows, Ctrl+Shift+Z on Linux desktops.
    let redo_shortcut = if cfg!(windows) {
        "Ctrl+Y"
    } else {
        "CmdOrCtrl+Shift+Z"
    };
    let edit = Submenu::with_id_and_items(
        app,
        EDIT,
        "Edit",
        true,
        &[
            &MenuItem::with_id(app, UNDO, "Undo", false, Some("CmdOrCtrl+Z"))?,
            &MenuItem::with_id(app, REDO, "Redo", false, Some(redo_shortcut))?,
            &separator()?,
            &PredefinedMenuItem::cut(app, None)?,
            &PredefinedMenuItem::copy(app, None)?,
            &PredefinedMenuItem::paste(app, None)?,
            &PredefinedMenuItem::select_all(app, None)?,
        ],
    )?;
    let view = Submenu::new(app, "View", true)?;
    for (index, (id, name)) in SCREENS.iter().enumerate() {
        let shortcut = format!("CmdOrCtrl+{}", index + 1);
        view.append(&item(&format!("screen:{id}"), name, Some(&shortcut))?)?;
    }
    view.append_items(&[
        &separator()?,
        &item(ZOOM_IN, "Zoom In", Some("CmdOrCtrl+="))?,
        &item(ZOOM_OUT, "Zoom Out", Some("CmdOrCtrl+-"))?,
        &item(ZOOM_RESET, "Actual Size", Some("CmdOrCtrl+0"))?,
    ])?;
    let help = Submenu::with_items(
        app,
        "Help",
        true,
        &[
            &item("check-updates", "Check for Updates…", None)?,
            &item(LOGS, "Open Logs Folder", None)?,
        ],
    )?;

    if cfg!(target_os = "macos") {
        let app_menu = Submenu::with_items(
            app,
            "Switchboard",
            true,
            &[
                &about,
                &separator()?,
                &PredefinedMenuItem::services(app, None)?,
                &separator()?,
                &PredefinedMenuItem::hide(app, None)?,
                &PredefinedMenuItem::hide_others(app, None)?,
                &PredefinedMenuItem::show_all(app, None)?,
                &separator()?,
                &quit,
            ],
        )?;
        Menu::with_items(app, &[&app_menu, &file, &edit, &view, &help])
    } else {
        file.append_items(&[&separator()?, &quit])?;
        help.append_items(&[&separator()?, &about])?;
        Menu::with_items(app, &[&file, &edit, &view, &help])
    }
}

/// A menu item was chosen.
pub fn on_event<R: Runtime>(app: &AppHandle<R>, event: MenuEvent) {
    let id = event.id().as_ref();
    match id {
        QUIT => quit::request(app, quit::Ending::App),
        ZOOM_IN | ZOOM_OUT | ZOOM_RESET => zoom(app, id),
        LOGS => open_logs_folder(app),
        ABOUT => about(app),
        "check-updates" => crate::updater::check_from_menu(app),
        _ => {
            if let Err(err) = app.emit_to("main", MENU_EVENT, id) {
                tracing::error!("cannot send the menu action to the window: {err}");
            }
        }
    }
}

/// The zoom levels View › Zoom steps through.
const ZOOMS: [f64; 7] = [0.67, 0.8, 0.9, 1.0, 1.1, 1.25, 1.5];

/// The zoom level after `id` from `current`.
pub fn next_zoom(current: f64, id: &str) -> f64 {
    let here = ZOOMS
        .iter()
        .position(|zoom| (zoom - current).abs() < 0.01)
        .unwrap_or(3);
    match id {
        ZOOM_IN => ZOOMS[(here + 1).min(ZOOMS.len() - 1)],
        ZOOM_OUT => ZOOMS[here.saturating_sub(1)],
        _ => 1.0,
    }
}

/// The window's zoom, kept here (the webview cannot be asked for it).
#[derive(Debug)]
pub struct Zoom(pub std::sync::Mutex<f64>);

fn zoom<R: Runtime>(app: &AppHandle<R>, id: &str) {
    let (Some(window), Some(zoom)) = (app.get_webview_window("main"), app.try_state::<Zoom>())
    else {
        return;
    };
    let Ok(mut current) = zoom.0.lock() else {
        return;
    };
    *current = next_zoom(*current, id);
    if let Err(err) = window.set_zoom(*current) {
        tracing::error!("cannot zoom: {err}");
    }
}

/// Enables Undo and Redo as the UI's undo state says.
pub fn set_undo_state<R: Runtime>(app: &AppHandle<R>, can_undo: bool, can_redo: bool) {
    let Some(MenuItemKind::Submenu(edit)) = app.menu().and_then(|menu| menu.get(EDIT)) else {
        return;
    };
    for (id, enabled) in [(UNDO, can_undo), (REDO, can_redo)] {
        if let Some(MenuItemKind::MenuItem(item)) = edit.get(id)
            && let Err(err) = item.set_enabled(enabled)
        {
            tracing::error!("cannot update the menu's {id}: {err}");
        }
    }
}

fn open_logs_folder<R: Runtime>(app: &AppHandle<R>) {
    let Ok(folder) = app.path().app_log_dir() else {
        return;
    };
    let opener = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(err) = std::process::Command::new(opener).arg(&folder).spawn() {
        tracing::error!("cannot open the logs folder: {err}");
    }
}

fn about<R: Runtime>(app: &AppHandle<R>) {
    use tauri_plugin_dialog::DialogExt;
    let database = app
        .try_state::<crate::AppState>()
        .and_then(|state| state.database.clone())
        .map_or_else(|| "none".to_string(), |path| path.display().to_string());
    let version = app.package_info().version.to_string();
    app.dialog()
        .message(format!(
            "Switchboard {version}\nDecide how patient-portal messages reach your practice.\n\nDatabase: {database}"
        ))
        .title("About Switchboard")
        .show(|_| {});
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zoom_steps_through_the_levels_and_stops_at_the_ends() {
        assert_eq!(next_zoom(1.0, ZOOM_IN), 1.1, "one step in");
        assert_eq!(next_zoom(1.0, ZOOM_OUT), 0.9, "one step out");
        assert_eq!(next_zoom(1.5, ZOOM_IN), 1.5, "the largest stays");
        assert_eq!(next_zoom(0.67, ZOOM_OUT), 0.67, "the smallest stays");
        assert_eq!(next_zoom(1.25, ZOOM_RESET), 1.0, "Actual Size resets");
    }
}
