//! No edit lost, whatever ends the app: closing the window, the app's own Quit menu item
//! (Ctrl+Q / ⌘Q), the platform asking the app to exit (`RunEvent::ExitRequested`: the Dock's
//! Quit, the last window gone), and on Unix SIGTERM, SIGHUP and SIGINT (logging out, a service
//! manager, Ctrl+C in a terminal) all go through [`request`].
//!
//! Words: the UI is *saving* while it has edits on their way to the store (it says so with the
//! `saving` command). A *quit* (or a window *close*) waits while the UI is saving; past
//! [`WAIT_LIMIT`] the person is asked whether to quit without saving or keep waiting — an edit
//! is never dropped without that choice. SIGKILL and a power cut cannot be caught; the store's
//! write-ahead log keeps every edit the store has answered.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use tauri::{AppHandle, Manager, RunEvent, Runtime, Window, WindowEvent};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};

use crate::AppState;

/// How long a quit waits for the UI's edits before asking the person what to do.
pub const WAIT_LIMIT: Duration = Duration::from_secs(5);

/// Environment variable that answers the "Quit without saving?" question without showing it
/// (`quit` or `wait`): for tests only, where nobody can click a native dialog.
pub const TEST_ANSWER_ENV: &str = "SWITCHBOARD_TEST_QUIT_ANSWER";

/// Whether a quit is under way, and whether it has finished waiting (the exit it asks for is
/// then let through).
#[derive(Debug, Default)]
pub struct Quitting {
    under_way: AtomicBool,
    may_exit: AtomicBool,
}

/// What ends once the edits are saved.
#[derive(Debug)]
pub enum Ending<R: Runtime> {
    /// The whole app.
    App,
    /// One window (the app ends with its last window, through `ExitRequested`).
    Window(Window<R>),
}

/// What a quit does next, having waited `waited` while the UI is `saving` (or not).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Nothing is on its way: end now.
    End,
    /// Keep waiting a little.
    Wait,
    /// Waited past the limit: ask whether to quit without saving.
    Ask,
}

/// The quit's decision, kept pure so that it is tested natively.
pub fn step(saving: bool, waited: Duration) -> Step {
    match (saving, waited >= WAIT_LIMIT) {
        (false, _) => Step::End,
        (true, false) => Step::Wait,
        (true, true) => Step::Ask,
    }
}

fn saving<R: Runtime>(app: &AppHandle<R>) -> bool {
    app.try_state::<AppState>()
        .is_some_and(|state| state.ui_saving.load(Ordering::SeqCst))
}

/// Ends `ending` once the UI has no edit on its way to the store (asking past [`WAIT_LIMIT`]).
/// A second request while one is under way is let be: the first one ends the app.
pub fn request<R: Runtime>(app: &AppHandle<R>, ending: Ending<R>) {
    let Some(quitting) = app.try_state::<Quitting>() else {
        return;
    };
    if quitting.under_way.swap(true, Ordering::SeqCst) {
        return;
    }
    let app = app.clone();
    std::thread::spawn(move || {
        let mut started = Instant::now();
        loop {
            match step(saving(&app), started.elapsed()) {
                Step::End => break,
                Step::Wait => std::thread::sleep(Duration::from_millis(20)),
                Step::Ask if quit_without_saving(&app) => {
                    tracing::warn!("quit without saving the edits on their way to the store");
                    break;
                }
                Step::Ask => started = Instant::now(),
            }
        }
        let quitting = app.state::<Quitting>();
        match ending {
            Ending::App => {
                quitting.may_exit.store(true, Ordering::SeqCst);
                app.exit(0);
            }
            Ending::Window(window) => {
                quitting.under_way.store(false, Ordering::SeqCst);
                let _ = window.destroy();
            }
        }
    });
}

/// Asks "Quit without saving?" with a native dialog; `true` to quit, `false` to keep waiting.
fn quit_without_saving<R: Runtime>(app: &AppHandle<R>) -> bool {
    if let Some(answer) = std::env::var_os(TEST_ANSWER_ENV) {
        return answer == "quit";
    }
    app.dialog()
        .message(
            "Switchboard has waited 5 seconds for the database to save your latest change, and it \
             is still on its way. If you quit now, that change is lost; if you keep waiting, \
             Switchboard quits as soon as it is saved.",
        )
        .title("Quit without saving 1 change?")
        .kind(MessageDialogKind::Warning)
        .buttons(MessageDialogButtons::OkCancelCustom(
            "Quit without saving".into(),
            "Keep waiting".into(),
        ))
        .blocking_show()
}

/// The window's close button: put off while the UI is saving, then the window closes.
pub fn on_window_event<R: Runtime>(window: &Window<R>, event: &WindowEvent) {
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    if saving(window.app_handle()) {
        api.prevent_close();
        request(window.app_handle(), Ending::Window(window.clone()));
    }
}

/// `RunEvent::ExitRequested`, however it came: put off while the UI is saving.
pub fn on_run_event<R: Runtime>(app: &AppHandle<R>, event: &RunEvent) {
    let RunEvent::ExitRequested { api, .. } = event else {
        return;
    };
    let may_exit = app
        .try_state::<Quitting>()
        .is_some_and(|quitting| quitting.may_exit.load(Ordering::SeqCst));
    if !may_exit && saving(app) {
        api.prevent_exit();
        request(app, Ending::App);
    }
}

/// On Unix, SIGTERM, SIGHUP and SIGINT quit the way the Quit menu item does.
#[cfg(unix)]
pub fn on_signals<R: Runtime>(app: &AppHandle<R>) {
    use tokio::signal::unix::{SignalKind, signal};
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let signals = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        );
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = signals else {
            tracing::error!("cannot listen for SIGTERM: a signal would end the app at once");
            return;
        };
        loop {
            let name = tokio::select! {
                _ = term.recv() => "SIGTERM",
                _ = hup.recv() => "SIGHUP",
                _ = int.recv() => "SIGINT",
            };
            tracing::info!("{name}: quitting once the edits on their way are saved");
            request(&app, Ending::App);
        }
    });
}

#[cfg(not(unix))]
pub fn on_signals<R: Runtime>(_app: &AppHandle<R>) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quit_ends_at_once_when_nothing_is_saving_and_asks_only_past_the_limit() {
        assert_eq!(
            step(false, Duration::ZERO),
            Step::End,
            "nothing on its way: no wait"
        );
        assert_eq!(
            step(false, WAIT_LIMIT * 2),
            Step::End,
            "saved after a long wait: ends without asking"
        );
        assert_eq!(
            step(true, WAIT_LIMIT / 2),
            Step::Wait,
            "an edit on its way within the limit: wait for it"
        );
        assert_eq!(
            step(true, WAIT_LIMIT),
            Step::Ask,
            "still on its way at the limit: the person decides, the edit is never dropped silently"
        );
    }
}
