//! The IPC contract as the shell answers it, pinned on Tauri's mock runtime: every command
//! name in `switchboard_core::ipc::command` is registered under that name and takes the
//! arguments' JSON as core spells it, and the window's capability allows it from the app's own
//! origin. A rename on either side, or a command left out of the capability, fails here, not
//! only in a real window. (What the commands do is the real-window tests' business.)

use serde::Serialize;
use serde::de::DeserializeOwned;
use switchboard_core::history::HistoryEntry;
use switchboard_core::ipc::desktop::{
    self, CheckForUpdatesArgs, FileKind, SaveFileArgs, UndoStateArgs,
};
use switchboard_core::ipc::{
    Applied, ApplyChangeArgs, Checked, ChoosePracticeArgs, CommandError, ConflictView, ErrorCode,
    FindingsArgs, RedoArgs, ResolveConflictArgs, SavingArgs, SignInArgs, SignOutArgs, Snapshot,
    SyncView, UndoArgs, command,
};
use switchboard_core::{Change, PracticeName};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

use crate::{Launch, builder};

fn app(database: &std::path::Path) -> (App<MockRuntime>, WebviewWindow<MockRuntime>) {
    let mut app = builder(
        mock_builder(),
        Launch {
            database: Some(database.to_path_buf()),
        },
    )
    // The app's own context: its capabilities decide which commands the window may call.
    .build(tauri::generate_context!())
    .expect("the app builds on the mock runtime");
    // One turn of the (mock) event loop runs the app's setup, which opens the store. Tauri
    // deprecates calling it in a loop; once is what a test needs.
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let window = match app.get_webview_window("main") {
        Some(window) => window,
        None => WebviewWindowBuilder::new(&app, "main", Default::default())
            .build()
            .expect("a window"),
    };
    (app, window)
}

/// Invokes `cmd` with `args` as the UI does; answers the command's JSON, or its error.
fn invoke<T: DeserializeOwned>(
    window: &WebviewWindow<MockRuntime>,
    cmd: &str,
    args: &impl Serialize,
) -> Result<T, CommandError> {
    let response = get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            // The app's own origin, which the capability allows (`URL: local`).
            url: if cfg!(windows) {
                "http://tauri.localhost"
            } else {
                "tauri://localhost"
            }
            .parse()
            .expect("a URL"),
            body: InvokeBody::Json(serde_json::to_value(args).expect("arguments serialise")),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    );
    answer(cmd, response)
}

/// An invoke request from the app's own origin.
fn request(cmd: &str, args: serde_json::Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        // The app's own origin, which the capability allows (`URL: local`).
        url: if cfg!(windows) {
            "http://tauri.localhost"
        } else {
            "tauri://localhost"
        }
        .parse()
        .expect("a URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

fn answer<T: DeserializeOwned>(
    cmd: &str,
    response: Result<tauri::ipc::InvokeResponseBody, serde_json::Value>,
) -> Result<T, CommandError> {
    use tauri::ipc::InvokeResponseBody;
    match response {
        Ok(body) => {
            let bytes = matches!(body, InvokeResponseBody::Raw(_));
            assert_eq!(
                bytes,
                command::ANSWERED_AS_JSON_BYTES.contains(&cmd),
                "{cmd} answers JSON bytes exactly when core's contract says so (the UI reads \
                 those with invoke_json, the others as a JavaScript value)"
            );
            let parsed = match body {
                InvokeResponseBody::Json(text) => serde_json::from_str(&text),
                InvokeResponseBody::Raw(bytes) => serde_json::from_slice(&bytes),
            };
            Ok(parsed.unwrap_or_else(|err| panic!("{cmd} answers the JSON core reads: {err}")))
        }
        Err(value) => Err(serde_json::from_value(value.clone())
            .unwrap_or_else(|_| panic!("{cmd} fails with {{ code, message }}, got {value}"))),
    }
}

#[test]
fn every_command_answers_under_its_contract_name_with_its_contract_arguments() {
    let dir = tempfile::tempdir().expect("a folder");
    let (app, window) = app(&dir.path().join("contract.db"));
    let loaded: Snapshot =
        invoke(&window, command::LOAD_CONFIG, &serde_json::json!({})).expect("loads");
    assert!(
        loaded.config.demo,
        "a new database starts on the demo practice"
    );

    let rename = Change::SetPracticeName {
        expected: loaded.config.practice_name.clone(),
        value: PracticeName("Contract Clinic".into()),
    };
    let word = |unsaved, sequence| SavingArgs { unsaved, sequence };
    let applied: Applied = invoke(
        &window,
        command::APPLY_CHANGE,
        &ApplyChangeArgs {
            change: rename,
            saving: word(1, 1),
            menu: Some(UndoStateArgs {
                can_undo: true,
                can_redo: false,
            }),
        },
    )
    .expect("applies");
    assert_eq!(applied.revision, 1, "the first change is revision 1");
    let unsaved = || app.state::<crate::AppState>().ui_unsaved.count();
    assert_eq!(
        unsaved(),
        0,
        "answered, the edit sent alone is no longer on its way: no `saving` word was needed"
    );

    let undone: Applied = invoke(
        &window,
        command::UNDO,
        &UndoArgs {
            target: applied.revision,
            saving: word(1, 2),
            menu: None,
        },
    )
    .expect("undoes the change it names");
    let _redone: Applied = invoke(
        &window,
        command::REDO,
        &RedoArgs {
            target: undone.revision,
            saving: word(1, 3),
            menu: None,
        },
    )
    .expect("redoes the undo it names");

    let stale = invoke::<Applied>(
        &window,
        command::UNDO,
        &UndoArgs {
            target: 999,
            saving: word(1, 4),
            menu: None,
        },
    )
    .expect_err("an undo naming another entry is refused");
    assert_eq!(
        unsaved(),
        0,
        "a refused edit is no longer on its way either"
    );
    assert_eq!(
        stale.code,
        ErrorCode::Conflict,
        "as a conflict: {}",
        stale.message
    );

    let (): () = invoke(&window, command::PING, &serde_json::json!({})).expect("pings");
    let (): () = invoke(
        &window,
        command::SAVING,
        &SavingArgs {
            unsaved: 2,
            sequence: 5,
        },
    )
    .expect("takes the count of edits on their way");
    assert_eq!(unsaved(), 2, "the shell keeps the UI's latest word");
    let (): () = invoke(&window, command::SAVING, &word(0, 6)).expect("and the next");

    // Sync: not connected, so the answers are the status and the sentences that say so.
    let status: SyncView =
        invoke(&window, command::SYNC_STATUS, &serde_json::json!({})).expect("a status");
    assert!(
        status.server.is_none() && !status.signed_in && status.pending == 3,
        "not connected, three local changes: {status:?}"
    );
    let bad = invoke::<SyncView>(
        &window,
        command::SIGN_IN,
        &SignInArgs {
            url: "http://example.org".into(),
            practice: "not-a-practice".into(),
            account: "admin".into(),
            password: "x".into(),
        },
    )
    .expect_err("a practice id that is not one is refused");
    assert!(bad.message.contains("not a practice id"), "{}", bad.message);
    let refused = invoke::<SyncView>(&window, command::SIGN_OUT, &SignOutArgs { force: false })
        .expect_err("signing out with changes not synced asks first");
    assert_eq!(refused.code, ErrorCode::Conflict, "{}", refused.message);
    let _: SyncView = invoke(&window, command::SIGN_OUT, &SignOutArgs { force: true })
        .expect("signs out when told to");
    let _: SyncView = invoke(&window, command::SYNC_NOW, &serde_json::json!({})).expect("syncs");
    let upload = invoke::<SyncView>(&window, command::UPLOAD_PRACTICE, &serde_json::json!({}))
        .expect_err("no upload before signing in");
    assert!(upload.message.contains("Sign in"), "{}", upload.message);
    let choose = invoke::<SyncView>(
        &window,
        command::CHOOSE_PRACTICE,
        &ChoosePracticeArgs { mine: true },
    )
    .expect_err("nothing to choose");
    assert!(choose.message.contains("Sign in"), "{}", choose.message);
    let conflicts: Vec<ConflictView> =
        invoke(&window, command::CONFLICTS, &serde_json::json!({})).expect("conflicts");
    assert!(conflicts.is_empty());
    let unknown = invoke::<SyncView>(
        &window,
        command::RESOLVE_CONFLICT,
        &ResolveConflictArgs {
            id: 7,
            keep_mine: false,
        },
    )
    .expect_err("an unknown conflict");
    assert!(!unknown.message.is_empty());
    let history: Vec<HistoryEntry> =
        invoke(&window, command::HISTORY, &serde_json::json!({})).expect("the log");
    assert_eq!(
        history
            .iter()
            .map(|entry| entry.kind.as_str())
            .collect::<Vec<_>>(),
        ["redo", "undo", "edit"],
        "newest first, undo and redo marked"
    );
    assert!(
        history[2].words.contains("Contract Clinic"),
        "{:?}",
        history[2]
    );
    let (): () = invoke(
        &window,
        desktop::UNDO_STATE,
        &UndoStateArgs {
            can_undo: true,
            can_redo: false,
        },
    )
    .expect("takes the undo state (the menu follows it)");
    // The validator runs in the shell: the stored configuration's findings, as core finds them.
    let day = switchboard_core::Date::from_ymd(2026, 11, 30).expect("a day");
    let checked: Checked =
        invoke(&window, command::FINDINGS, &FindingsArgs { day }).expect("checks");
    let stored: Snapshot =
        invoke(&window, command::LOAD_CONFIG, &serde_json::json!({})).expect("loads");
    assert_eq!(checked.revision, stored.revision, "for the stored revision");
    assert_eq!(
        checked.findings,
        switchboard_core::lists::findings(&stored.config, day),
        "the findings core works out for it"
    );
    assert_eq!(
        serde_json::to_value(FindingsArgs { day }).expect("serialisable"),
        serde_json::json!({"day": "2026-11-30"}),
        "findings' argument by its name"
    );

    // No update address in a test build: the check at start says nothing and answers.
    let (): () = invoke(
        &window,
        desktop::CHECK_FOR_UPDATES,
        &CheckForUpdatesArgs { asked: false },
    )
    .expect("the check at start answers at once");
    assert_eq!(
        serde_json::to_value(CheckForUpdatesArgs { asked: true }).expect("serialisable"),
        serde_json::json!({"asked": true}),
        "check_for_updates' argument by its name"
    );
    let refused = get_ipc_response(
        &window,
        request(desktop::CHECK_FOR_UPDATES, serde_json::json!({})),
    )
    .expect_err("a check that does not say whether it was asked for is refused");
    assert!(
        refused.to_string().contains("asked"),
        "the command reads `asked`: {refused}"
    );
    // The file commands show a native dialog, which a test cannot answer: pin that they are
    // registered and allowed, and read their arguments as core spells them, by a kind that
    // core does not know (refused before any dialog).
    for cmd in [
        desktop::OPEN_FILE,
        desktop::OPEN_PICTURE,
        desktop::SAVE_FILE,
    ] {
        let refused = get_ipc_response(
            &window,
            request(
                cmd,
                serde_json::json!({"kind": "a-path", "suggested_name": "x", "text": ""}),
            ),
        )
        .expect_err("an unknown kind of file is refused");
        let text = refused.to_string();
        assert!(
            text.contains("unknown variant") && text.contains("configuration"),
            "{cmd} is registered, allowed, and reads core's FileKind: {text}"
        );
    }
    let kinds = serde_json::to_value([
        FileKind::Configuration,
        FileKind::FhirDirectory,
        FileKind::RoutingSummary,
        FileKind::History,
        FileKind::Logo,
    ])
    .expect("serialisable");
    assert_eq!(
        kinds,
        serde_json::json!([
            "configuration",
            "fhir-directory",
            "routing-summary",
            "history",
            "logo"
        ]),
        "the kinds of file as the UI spells them"
    );
    let saved = serde_json::to_value(SaveFileArgs {
        kind: FileKind::History,
        suggested_name: "history.csv".into(),
        text: "a,b".into(),
    })
    .expect("serialisable");
    assert_eq!(
        saved,
        serde_json::json!({"kind": "history", "suggested_name": "history.csv", "text": "a,b"}),
        "save_file's arguments by their names (the command reads them in snake_case)"
    );
}
