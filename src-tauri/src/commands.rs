//! The IPC commands: thin async wrappers over the store (see `switchboard_core::ipc`). Each
//! carries a tracing span that records its failures (never a change's texts) in the log.

use switchboard_core::Change;
use switchboard_core::Date;
use switchboard_core::history::HistoryEntry;
use switchboard_core::ipc::desktop::{FileKind, OpenedFile, UndoStateArgs};
use switchboard_core::ipc::{
    Applied, Checked, CommandError, ConflictView, ErrorCode, SavingArgs, Snapshot, SyncView,
};
use tauri::State;

use crate::AppState;

/// A large answer as JSON bytes (the whole configuration, the findings, the history): the page
/// parses them in one go with serde_json, instead of walking a JavaScript object field by
/// field (serde-wasm-bindgen), which costs the page's thread far more for a large practice.
/// The UI reads these commands with `ipc::invoke_json`.
fn json_answer<T: serde::Serialize>(value: &T) -> Result<tauri::ipc::Response, CommandError> {
    serde_json::to_vec(value)
        .map(tauri::ipc::Response::new)
        .map_err(|err| {
            CommandError::new(
                ErrorCode::Internal,
                format!("Switchboard could not put its answer into words for the window ({err}). Please report this; restarting may help."),
            )
        })
}

/// The whole configuration at the current revision.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn load_config(state: State<'_, AppState>) -> Result<tauri::ipc::Response, CommandError> {
    let snapshot: Snapshot = state.store()?.load().await?;
    json_answer(&snapshot)
}

/// An edit through the store (`storing`), sent with the UI's word about its unsaved edits,
/// this one counted: the word holds until the store has answered (`Unsaved::while_storing`);
/// once stored, sync hears of it. When the edit changes the menu's Undo and Redo (`menu`),
/// they follow at once, as for `undo_state`.
async fn edit<R: tauri::Runtime>(
    app: &tauri::AppHandle<R>,
    state: &AppState,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
    storing: impl std::future::Future<Output = Result<Applied, CommandError>>,
) -> Result<Applied, CommandError> {
    if let Some(UndoStateArgs { can_undo, can_redo }) = menu {
        crate::menu::set_undo_state(app, can_undo, can_redo);
    }
    let stored = async {
        let applied = storing.await?;
        state.sync.poke();
        Ok(applied)
    };
    state.ui_unsaved.while_storing(saving, stored).await
}

/// Applies one change through the store and returns its revision (`saving`, `menu`: see
/// [`edit`]).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn apply_change<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    change: Change,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
) -> Result<Applied, CommandError> {
    edit(&app, &state, saving, menu, async {
        Ok(state.store()?.apply(&change, &state.author).await?)
    })
    .await
}

/// Takes back `target`, this device's latest change (refused when it is not the latest).
#[tauri::command]
#[tracing::instrument(skip(app, state, saving, menu), err(Display))]
pub async fn undo<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    target: i64,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
) -> Result<Applied, CommandError> {
    edit(&app, &state, saving, menu, async {
        Ok(state.store()?.undo(target, &state.author).await?)
    })
    .await
}

/// Takes back the undo `target`, this device's latest (refused when it is not the latest).
#[tauri::command]
#[tracing::instrument(skip(app, state, saving, menu), err(Display))]
pub async fn redo<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: State<'_, AppState>,
    target: i64,
    saving: SavingArgs,
    menu: Option<UndoStateArgs>,
) -> Result<Applied, CommandError> {
    edit(&app, &state, saving, menu, async {
        Ok(state.store()?.redo(target, &state.author).await?)
    })
    .await
}

/// Does nothing: the no-op round trip the UI benchmark measures edits against.
#[tauri::command]
pub async fn ping() {}

/// The UI has `unsaved` edits on their way to the store (its `sequence`-th word about them):
/// while it has, quitting and closing the window wait for them (see `quit.rs`).
#[tauri::command]
pub fn saving(state: State<'_, AppState>, unsaved: u32, sequence: u64) {
    state.ui_unsaved.set(unsaved, sequence);
}

/// Where sync with the practice server stands.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn sync_status(state: State<'_, AppState>) -> Result<SyncView, CommandError> {
    state.sync.view(state.store()?).await
}

/// Signs in to a practice server (the password is never logged).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn sign_in(
    state: State<'_, AppState>,
    url: String,
    practice: String,
    account: String,
    password: String,
) -> Result<SyncView, CommandError> {
    let store = state.store()?;
    state
        .sync
        .sign_in(store, &url, &practice, &account, &password)
        .await
}

/// Signs out; refused while changes are not yet synced unless `force`.
#[tauri::command]
#[tracing::instrument(skip(state), err(Display))]
pub async fn sign_out(state: State<'_, AppState>, force: bool) -> Result<SyncView, CommandError> {
    state.sync.sign_out(state.store()?, force).await
}

/// One sync round now.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn sync_now(state: State<'_, AppState>) -> Result<SyncView, CommandError> {
    let store = state.store()?;
    state.sync.round(store).await;
    state.sync.view(store).await
}

/// Uploads this computer's practice to an empty server (never the demo).
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn upload_practice(state: State<'_, AppState>) -> Result<SyncView, CommandError> {
    state.sync.upload(state.store()?).await
}

/// Both sides had a practice: `mine` wins, or the server's.
#[tauri::command]
#[tracing::instrument(skip(state), err(Display))]
pub async fn choose_practice(
    state: State<'_, AppState>,
    mine: bool,
) -> Result<SyncView, CommandError> {
    state.sync.choose(state.store()?, mine, &state.author).await
}

/// The changes waiting for a choice.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn conflicts(state: State<'_, AppState>) -> Result<Vec<ConflictView>, CommandError> {
    state.sync.conflicts(state.store()?).await
}

/// Keep mine or take theirs. (Arguments in core's snake_case, not Tauri's camelCase.)
#[tauri::command(rename_all = "snake_case")]
#[tracing::instrument(skip(state), err(Display))]
pub async fn resolve_conflict(
    state: State<'_, AppState>,
    id: i64,
    keep_mine: bool,
) -> Result<SyncView, CommandError> {
    state
        .sync
        .resolve(state.store()?, id, keep_mine, &state.author)
        .await
}

/// The practice's change log in words, newest first.
#[tauri::command]
#[tracing::instrument(skip_all, err(Display))]
pub async fn history(state: State<'_, AppState>) -> Result<tauri::ipc::Response, CommandError> {
    let entries: Vec<HistoryEntry> = crate::sync::history(state.store()?).await?;
    json_answer(&entries)
}

/// The validator's findings for the stored configuration over the window from `day`, worked
/// out on a blocking thread from the last check (see `validator.rs`).
#[tauri::command(rename_all = "snake_case")]
#[tracing::instrument(skip(state), err(Display))]
pub async fn findings(
    state: State<'_, AppState>,
    day: Date,
) -> Result<tauri::ipc::Response, CommandError> {
    let snapshot = state.store()?.load().await?;
    let validator = state.validator.clone();
    let checked: Checked = tauri::async_runtime::spawn_blocking(move || {
        validator.check(snapshot.revision, snapshot.config, day)
    })
    .await
    .map_err(|err| {
        CommandError::new(
            ErrorCode::Internal,
            format!("The check of the routes stopped before it finished ({err}). Restart Switchboard; if it happens again, tell your IT department."),
        )
    })?;
    json_answer(&checked)
}

/// Shows the open dialog for a `kind` of file and answers its name and text (`None`:
/// cancelled). The webview never names a path (see `files.rs`).
#[tauri::command(rename_all = "snake_case")]
#[tracing::instrument(skip(app), err(Display))]
pub async fn open_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    kind: FileKind,
) -> Result<Option<OpenedFile>, CommandError> {
    crate::files::open(&app, kind)
}

/// Shows the open dialog for a picture of `kind` (the logo) and answers it checked, as the
/// logo setting takes it (`None`: cancelled). The webview never names a path.
#[tauri::command(rename_all = "snake_case")]
#[tracing::instrument(skip(app), err(Display))]
pub async fn open_picture<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    kind: FileKind,
) -> Result<Option<switchboard_core::Logo>, CommandError> {
    crate::files::open_picture(&app, kind)
}

/// Shows the save dialog for a `kind` of file, suggesting `suggested_name`, and writes `text`
/// there; answers the saved file's name (`None`: cancelled).
#[tauri::command(rename_all = "snake_case")]
#[tracing::instrument(skip(app, text), err(Display))]
pub async fn save_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    kind: FileKind,
    suggested_name: String,
    text: String,
) -> Result<Option<String>, CommandError> {
    crate::files::save(&app, kind, &suggested_name, &text)
}

/// The UI's undo state: the menu's Undo and Redo follow it.
#[tauri::command(rename_all = "snake_case")]
pub fn undo_state<R: tauri::Runtime>(app: tauri::AppHandle<R>, can_undo: bool, can_redo: bool) {
    crate::menu::set_undo_state(&app, can_undo, can_redo);
}

/// A check for updates (see `updater.rs`): at start quiet unless there is a new version;
/// `asked` (Settings' "Check Now", as Help › Check for Updates…) tells every outcome.
#[tauri::command(rename_all = "snake_case")]
pub async fn check_for_updates<R: tauri::Runtime>(app: tauri::AppHandle<R>, asked: bool) {
    if asked {
        crate::updater::check_from_menu(&app);
    } else {
        crate::updater::check_quietly(&app);
    }
}
