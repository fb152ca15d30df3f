//! The one module that talks to the desktop shell. Each function is one command of
//! `switchboard_core::ipc`; failures arrive as `CommandError { code, message }`, never a panic.

use serde::Serialize;
use serde::de::DeserializeOwned;
use switchboard_core::Change;
use switchboard_core::history::HistoryEntry;
use switchboard_core::ipc::desktop::{
    self, CheckForUpdatesArgs, FileKind, OpenFileArgs, OpenedFile, SaveFileArgs, UndoStateArgs,
    UpdateView,
};
use switchboard_core::ipc::{
    Applied, ApplyChangeArgs, Checked, ChoosePracticeArgs, CommandError, ConflictView, ErrorCode,
    FindingsArgs, RedoArgs, ResolveConflictArgs, SavingArgs, SignInArgs, SignOutArgs, Snapshot,
    SyncView, UndoArgs, command,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.core.invoke`, present because tauri.conf.json sets `withGlobalTauri`.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;
}

#[derive(Serialize)]
struct NoArgs {}

async fn invoke<A: Serialize, T: DeserializeOwned>(cmd: &str, args: &A) -> Result<T, CommandError> {
    let answer = invoke_raw(cmd, args).await?;
    serde_wasm_bindgen::from_value(answer).map_err(|err| contract_error(cmd, &err.to_string()))
}

/// [`invoke`] for the commands that answer JSON bytes (the large answers: the configuration,
/// the findings, the history): parsed in one go by serde_json rather than walked as a
/// JavaScript object.
async fn invoke_json<A: Serialize, T: DeserializeOwned>(
    cmd: &str,
    args: &A,
) -> Result<T, CommandError> {
    debug_assert!(command::ANSWERED_AS_JSON_BYTES.contains(&cmd), "{cmd}");
    let answer = invoke_raw(cmd, args).await?;
    if !answer.is_instance_of::<js_sys::ArrayBuffer>() {
        return Err(contract_error(cmd, "the answer is not JSON bytes"));
    }
    let bytes = js_sys::Uint8Array::new(&answer).to_vec();
    serde_json::from_slice(&bytes).map_err(|err| contract_error(cmd, &err.to_string()))
}

/// Calls `cmd` with `args`: its answer as the shell sent it, or its error.
async fn invoke_raw<A: Serialize>(cmd: &str, args: &A) -> Result<JsValue, CommandError> {
    let serializer = serde_wasm_bindgen::Serializer::json_compatible();
    let args = args
        .serialize(&serializer)
        .map_err(|err| contract_error(cmd, &err.to_string()))?;
    match tauri_invoke(cmd, args).await {
        Ok(answer) => Ok(answer),
        Err(thrown) => Err(
            serde_wasm_bindgen::from_value::<CommandError>(thrown.clone()).unwrap_or_else(|_| {
                let text = thrown
                    .as_string()
                    .or_else(|| js_sys_message(&thrown))
                    .unwrap_or_else(|| "no details".into());
                CommandError::new(
                    ErrorCode::Internal,
                    format!(
                        "Switchboard could not reach its desktop side ({text}). Restart the app."
                    ),
                )
            }),
        ),
    }
}

/// The `message` of a thrown JavaScript `Error`, if it is one.
fn js_sys_message(value: &JsValue) -> Option<String> {
    value
        .dyn_ref::<js_sys::Error>()
        .map(|err| String::from(err.message()))
}

fn contract_error(cmd: &str, detail: &str) -> CommandError {
    CommandError::new(
        ErrorCode::Internal,
        format!(
            "The app's two halves disagree about \"{cmd}\" ({detail}). Please report this; restarting may help."
        ),
    )
}

/// The whole configuration at the current revision.
pub async fn load_config() -> Result<Snapshot, CommandError> {
    invoke_json(command::LOAD_CONFIG, &NoArgs {}).await
}

/// Applies one change; the store records it in the change log. `saving`: this window's word
/// about its unsaved edits, this one counted (the shell counts one fewer once it answers);
/// `menu`: the menu's Undo and Redo, when this edit changes them.
pub async fn apply_change(
    change: Change,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
) -> Result<Applied, CommandError> {
    invoke(
        command::APPLY_CHANGE,
        &ApplyChangeArgs {
            change,
            saving,
            menu,
        },
    )
    .await
}

/// Takes back the log entry `target`, when it is still this device's latest change (`saving`,
/// `menu`: as for [`apply_change`]).
pub async fn undo(
    target: i64,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
) -> Result<Applied, CommandError> {
    invoke(
        command::UNDO,
        &UndoArgs {
            target,
            saving,
            menu,
        },
    )
    .await
}

/// Takes back the undo `target` (re-applying what it took back), when it is still the latest
/// (`saving`, `menu`: as for [`apply_change`]).
pub async fn redo(
    target: i64,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
) -> Result<Applied, CommandError> {
    invoke(
        command::REDO,
        &RedoArgs {
            target,
            saving,
            menu,
        },
    )
    .await
}

/// Tells the shell how many edits are on their way to the store (it keeps the window open
/// while there are), in its `sequence`-th word about them.
pub async fn saving(unsaved: u32, sequence: u64) -> Result<(), CommandError> {
    invoke(command::SAVING, &SavingArgs { unsaved, sequence }).await
}

/// A no-op round trip to the shell (the UI benchmark's baseline).
pub async fn ping() -> Result<(), CommandError> {
    invoke(command::PING, &NoArgs {}).await
}

/// Where sync with the practice server stands.
pub async fn sync_status() -> Result<SyncView, CommandError> {
    invoke(command::SYNC_STATUS, &NoArgs {}).await
}

/// Signs in to a practice server.
pub async fn sign_in(args: SignInArgs) -> Result<SyncView, CommandError> {
    invoke(command::SIGN_IN, &args).await
}

/// Signs out (refused while changes wait to be synced, unless `force`).
pub async fn sign_out(force: bool) -> Result<SyncView, CommandError> {
    invoke(command::SIGN_OUT, &SignOutArgs { force }).await
}

/// One sync round now.
pub async fn sync_now() -> Result<SyncView, CommandError> {
    invoke(command::SYNC_NOW, &NoArgs {}).await
}

/// Uploads this practice to an empty server.
pub async fn upload_practice() -> Result<SyncView, CommandError> {
    invoke(command::UPLOAD_PRACTICE, &NoArgs {}).await
}

/// The first connection's choice: `mine` wins, or the server's.
pub async fn choose_practice(mine: bool) -> Result<SyncView, CommandError> {
    invoke(command::CHOOSE_PRACTICE, &ChoosePracticeArgs { mine }).await
}

/// The changes waiting for a choice.
pub async fn conflicts() -> Result<Vec<ConflictView>, CommandError> {
    invoke(command::CONFLICTS, &NoArgs {}).await
}

/// Keep mine or take theirs.
pub async fn resolve_conflict(id: i64, keep_mine: bool) -> Result<SyncView, CommandError> {
    invoke(
        command::RESOLVE_CONFLICT,
        &ResolveConflictArgs { id, keep_mine },
    )
    .await
}

/// The practice's change log, newest first.
pub async fn history() -> Result<Vec<HistoryEntry>, CommandError> {
    invoke_json(command::HISTORY, &NoArgs {}).await
}

/// Tells the shell whether there is something to undo and to redo (the menu's Undo and Redo
/// follow it).
pub async fn undo_state(menu: UndoStateArgs) -> Result<(), CommandError> {
    invoke(desktop::UNDO_STATE, &menu).await
}

/// The validator's findings for the stored configuration over the window from `day`, worked
/// out by the shell off the page's thread.
pub async fn findings(day: switchboard_core::Date) -> Result<Checked, CommandError> {
    invoke_json(command::FINDINGS, &FindingsArgs { day }).await
}

/// Asks the shell to check for updates: at start (unless Settings turned it off) quietly, or
/// because the person `asked`, telling every outcome.
pub async fn check_for_updates(asked: bool) -> Result<(), CommandError> {
    invoke(desktop::CHECK_FOR_UPDATES, &CheckForUpdatesArgs { asked }).await
}

/// Asks the shell to show its open dialog for a `kind` of file: the picked file's name and
/// text, or `None` when the person cancelled. The webview never names a path.
pub async fn open_file(kind: FileKind) -> Result<Option<OpenedFile>, CommandError> {
    invoke(desktop::OPEN_FILE, &OpenFileArgs { kind }).await
}

/// Asks the shell to show its open dialog for a picture of `kind` (the logo): the picture,
/// checked and ready for the logo setting, or `None` when the person cancelled.
pub async fn open_picture(kind: FileKind) -> Result<Option<switchboard_core::Logo>, CommandError> {
    invoke(desktop::OPEN_PICTURE, &OpenFileArgs { kind }).await
}

/// Asks the shell to save `text` as a `kind` of file through its save dialog, suggesting
/// `suggested_name`: the saved file's name, or `None` when the person cancelled.
pub async fn save_file(
    kind: FileKind,
    suggested_name: &str,
    text: String,
) -> Result<Option<String>, CommandError> {
    let args = SaveFileArgs {
        kind,
        suggested_name: suggested_name.to_string(),
        text,
    };
    invoke(desktop::SAVE_FILE, &args).await
}

#[wasm_bindgen]
extern "C" {
    /// `window.__TAURI__.event.listen`: the shell's events for this window.
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

/// Calls `handler` with the id of every menu item the shell passes to the window (see
/// `switchboard_core::ipc::desktop::MENU_EVENT`), for as long as the app runs.
pub fn on_menu(mut handler: impl FnMut(String) + 'static) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let payload = js_sys::Reflect::get(&event, &JsValue::from_str("payload"))
            .ok()
            .and_then(|payload| payload.as_string());
        if let Some(id) = payload {
            handler(id);
        }
    });
    leptos::task::spawn_local(async move {
        if tauri_listen(desktop::MENU_EVENT, &closure).await.is_err() {
            leptos::logging::warn!(
                "Switchboard could not listen to its menu; use the buttons and shortcuts in the window."
            );
        }
        // The menu is listened to for the app's whole life.
        closure.forget();
    });
}

/// Calls `handler` with every step of an update the shell downloads (see
/// `switchboard_core::ipc::desktop::UPDATE_EVENT`), for as long as the app runs.
pub fn on_update(mut handler: impl FnMut(UpdateView) + 'static) {
    let closure = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let view = js_sys::Reflect::get(&event, &JsValue::from_str("payload"))
            .ok()
            .and_then(|payload| serde_wasm_bindgen::from_value::<UpdateView>(payload).ok());
        if let Some(view) = view {
            handler(view);
        }
    });
    leptos::task::spawn_local(async move {
        if tauri_listen(desktop::UPDATE_EVENT, &closure).await.is_err() {
            leptos::logging::warn!(
                "Switchboard could not listen to its updater; an update's progress is not shown."
            );
        }
        // Listened to for the app's whole life.
        closure.forget();
    });
}
