//! No edit lost, whatever ends the app: closing the window, the app's own Quit menu item
//! (Ctrl+Q / ⌘Q), the platform asking the app to exit (`RunEvent::ExitRequested`: the Dock's
//! Quit, the last window gone), and on Unix SIGTERM, SIGHUP and SIGINT (logging out, a service
//! manager, Ctrl+C in a terminal) all go through [`request`].
//!
//! Words: the UI is *saving* while it has edits on their way to the store (it says how many
//! with the `saving` command: [`Unsaved`]). A *quit* (or a window *close*) waits while the UI is saving; past
//! [`WAIT_LIMIT`] the person is asked whether to quit without saving or keep waiting — an edit
//! is never dropped without that choice. SIGKILL and a power cut cannot be caught; the store's
//! write-ahead log keeps every edit the store has answered.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use switchboard_core::ipc::SavingArgs;
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

/// How many edits the UI has on their way to the store, as its latest word says: the `saving`
/// commands may arrive out of order, so an older word (a lower sequence) is ignored.
#[derive(Debug, Default)]
pub struct Unsaved(Mutex<(u64, u32)>);

impl Unsaved {
    /// The UI's `sequence`-th word: `unsaved` edits are on their way.
    pub fn set(&self, unsaved: u32, sequence: u64) {
        let mut latest = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if sequence >= latest.0 {
            *latest = (sequence, unsaved);
        }
    }

    /// The store's work on an edit the UI sent with its word `word` (that word counts the edit
    /// itself): the word is taken at once and holds while the store works; once the store has
    /// answered, one edit fewer is on its way — by the same word, so a later word that came
    /// meanwhile (another edit queued) stands. So an edit made alone costs the UI no `saving`
    /// command, before or after.
    pub async fn while_storing<T>(
        &self,
        word: SavingArgs,
        storing: impl std::future::Future<Output = T>,
    ) -> T {
        self.set(word.unsaved, word.sequence);
        let answer = storing.await;
        self.set(word.unsaved.saturating_sub(1), word.sequence);
        answer
    }

    /// The edits on their way, by the latest word.
    pub fn count(&self) -> u32 {
        self.0
            .lock()
            .map_or_else(|poisoned| poisoned.into_inner().1, |latest| latest.1)
    }
}

/// How many edits the UI has on their way to the store (0: it is not saving).
fn unsaved<R: Runtime>(app: &AppHandle<R>) -> u32 {
    app.try_state::<AppState>()
        .map_or(0, |state| state.ui_unsaved.count())
}

fn saving<R: Runtime>(app: &AppHandle<R>) -> bool {
    unsaved(app) > 0
}

/// The question asked past [`WAIT_LIMIT`] with `count` edits still on their way: its title
/// and its text.
pub fn question(count: u32) -> (String, String) {
    let (changes, it, is) = if count == 1 {
        ("1 change".to_string(), "it", "is")
    } else {
        (format!("{count} changes"), "they", "are")
    };
    let latest = if count == 1 {
        "your latest change"
    } else {
        "your latest changes"
    };
    (
        format!("Quit without saving {changes}?"),
        format!(
            "Switchboard has waited {} seconds for the database to save {latest}, and {changes} \
             {is} still on {} way. If you quit now, {it} {} lost; if you keep waiting, \
             Switchboard quits as soon as {it} {} saved.",
            WAIT_LIMIT.as_secs(),
            if count == 1 { "its" } else { "their" },
            if count == 1 { "is" } else { "are" },
            if count == 1 { "is" } else { "are" },
        ),
    )
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
    // Asked only while saving: at least one edit is on its way.
    let (title, text) = question(unsaved(app).max(1));
    app.dialog()
        .message(text)
        .title(title)
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
    fn the_question_counts_the_edits_on_their_way() {
        let (title, text) = question(1);
        assert_eq!(title, "Quit without saving 1 change?", "one: singular");
        assert_eq!(
            text,
            "Switchboard has waited 5 seconds for the database to save your latest change, and 1 change is still on its way. If you quit now, it is lost; if you keep waiting, Switchboard quits as soon as it is saved."
        );
        let (title, text) = question(3);
        assert_eq!(title, "Quit without saving 3 changes?", "more: plural");
        assert!(
            text.contains("your latest changes, and 3 changes are still on their way. If you quit now, they are lost")
                && text.ends_with("as soon as they are saved."),
            "{text}"
        );
    }

    #[test]
    fn the_latest_word_about_unsaved_edits_wins_whatever_order_it_arrives_in() {
        let unsaved = Unsaved::default();
        assert_eq!(unsaved.count(), 0, "nothing said: nothing on its way");
        unsaved.set(2, 2);
        unsaved.set(1, 1);
        assert_eq!(unsaved.count(), 2, "an older word arriving late is ignored");
        unsaved.set(0, 3);
        assert_eq!(unsaved.count(), 0, "the newer word: all saved");
    }

    #[test]
    fn an_edit_sent_with_its_word_counts_until_the_store_has_answered_it() {
        let unsaved = Unsaved::default();
        let word = |unsaved, sequence| SavingArgs { unsaved, sequence };
        let during = tauri::async_runtime::block_on(
            unsaved.while_storing(word(1, 1), async { unsaved.count() }),
        );
        assert_eq!(during, 1, "while the store works, the edit is on its way");
        assert_eq!(unsaved.count(), 0, "answered: nothing is on its way");

        // A second edit is queued (the UI's word 3: two on their way) while the first, sent
        // with word 2, is with the store.
        let during = tauri::async_runtime::block_on(unsaved.while_storing(word(1, 2), async {
            unsaved.set(2, 3);
            unsaved.count()
        }));
        assert_eq!(during, 2, "the later word counts the queued edit too");
        assert_eq!(
            unsaved.count(),
            2,
            "the first answer does not undo the later word: the queued edit keeps the window open"
        );
        tauri::async_runtime::block_on(unsaved.while_storing(word(1, 4), async {}));
        assert_eq!(
            unsaved.count(),
            0,
            "the queued edit, sent and answered: all saved"
        );

        unsaved.set(0, 5);
        tauri::async_runtime::block_on(unsaved.while_storing(word(1, 4), async {}));
        assert_eq!(
            unsaved.count(),
            0,
            "an edit's word arriving after a newer word is ignored, at the start and the end"
        );
    }

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
