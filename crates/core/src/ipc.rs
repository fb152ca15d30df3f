//! The IPC contract between the desktop shell and the UI: command names, their arguments and
//! answers, and the `{ code, message }` error every command fails with.
//!
//! Both sides use these types, so the JSON is written once; tests pin it.

use serde::{Deserialize, Serialize};

use crate::{ApplyError, Change, Config, ImportError};

/// Command names, as registered in the shell and invoked by the UI.
pub mod command {
    /// `() -> Snapshot`
    pub const LOAD_CONFIG: &str = "load_config";
    /// `ApplyChangeArgs -> Applied`. Like [`UNDO`] and [`REDO`], it carries the UI's word
    /// about its unsaved edits ([`SavingArgs`], counting this one), which holds while the store
    /// works on it; once it is answered the shell counts one edit fewer (unless a later word
    /// came meanwhile). So an edit made alone needs no [`SAVING`] word at all. An edit that
    /// changes what the menu's Undo and Redo can do carries that too (`menu`), in place of a
    /// [`desktop::UNDO_STATE`] command.
    pub const APPLY_CHANGE: &str = "apply_change";
    /// `UndoArgs -> Applied`: takes back this device's latest change, when it is the one named.
    pub const UNDO: &str = "undo";
    /// `RedoArgs -> Applied`: takes back this device's latest undo, when it is the one named.
    pub const REDO: &str = "redo";
    /// `() -> ()`: does nothing; the UI benchmark's baseline IPC round trip.
    pub const PING: &str = "ping";
    /// `SavingArgs -> ()`: how many edits the UI has shown but the store has not answered yet
    /// (`unsaved`, 0: none); the shell keeps its window open while there are, and names their
    /// number when it asks whether to quit without them. Sent when that count changes other
    /// than by an edit sent or answered (an edit queued behind another, say): those carry
    /// their own word.
    pub const SAVING: &str = "saving";
    /// `() -> SyncView`: where sync with the practice server stands.
    pub const SYNC_STATUS: &str = "sync_status";
    /// `SignInArgs -> SyncView`: signs in to a practice server (the token goes to the OS
    /// credential store) and, on a first connection, takes its practice or asks what to do.
    pub const SIGN_IN: &str = "sign_in";
    /// `SignOutArgs -> SyncView`: refused while changes are not yet synced, unless forced
    /// (they stay on this computer either way).
    pub const SIGN_OUT: &str = "sign_out";
    /// `() -> SyncView`: one sync round now.
    pub const SYNC_NOW: &str = "sync_now";
    /// `() -> SyncView`: uploads this computer's practice to an empty server (never the demo).
    pub const UPLOAD_PRACTICE: &str = "upload_practice";
    /// `ChoosePracticeArgs -> SyncView`: both sides had a practice; the admin's choice.
    pub const CHOOSE_PRACTICE: &str = "choose_practice";
    /// `() -> Vec<ConflictView>`: the changes waiting for a person's choice.
    pub const CONFLICTS: &str = "conflicts";
    /// `ResolveConflictArgs -> SyncView`: keep mine or take theirs.
    pub const RESOLVE_CONFLICT: &str = "resolve_conflict";
    /// `() -> Vec<history::HistoryEntry>`: the practice's change log, newest first.
    pub const HISTORY: &str = "history";
    /// `FindingsArgs -> Checked`: the validator's findings for the stored configuration, over
    /// the default window from `day` (`lists::findings`), worked out in the shell — natively,
    /// off the page's thread — from the previous check where only rules changed since.
    pub const FINDINGS: &str = "findings";
    /// The commands whose answer comes as JSON bytes rather than a JavaScript value: the large
    /// ones, which the page parses in one go (the others are small).
    pub const ANSWERED_AS_JSON_BYTES: [&str; 3] = [LOAD_CONFIG, HISTORY, FINDINGS];
}

/// The practice server this database follows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerView {
    pub url: String,
    pub practice: String,
    pub practice_name: String,
    pub account: String,
}

/// What a first connection still needs from the admin.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FirstStep {
    /// The server has no practice yet: "Upload this practice".
    Upload,
    /// Both have a practice and they differ: which one wins.
    Choose { differences: Vec<String> },
}

/// Where sync stands: for the status line, the Overview and Settings → Practice server.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncView {
    /// The server this database follows, once connected.
    pub server: Option<ServerView>,
    /// Signed in now (a token in memory).
    pub signed_in: bool,
    /// Reached the server at the last try (`None`: not tried yet). Offline is a state, not an
    /// error.
    pub online: Option<bool>,
    /// When the last sync finished (UTC, RFC 3339).
    pub last_sync: Option<String>,
    /// Own changes not yet synced.
    pub pending: i64,
    /// Changes waiting for a choice.
    pub conflicts: i64,
    /// A first connection waiting for the admin.
    pub first_step: Option<FirstStep>,
    /// A sentence for the person (no credential store; signed out by the server; a refusal).
    pub note: Option<String>,
    /// Grows each time sync changed the rows: screens load again when it does.
    pub changed: u64,
}

/// Arguments of [`command::SIGN_IN`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInArgs {
    pub url: String,
    pub practice: String,
    pub account: String,
    pub password: String,
}

/// Arguments of [`command::SIGN_OUT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignOutArgs {
    pub force: bool,
}

/// Arguments of [`command::CHOOSE_PRACTICE`]: `mine` wins, or the server's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChoosePracticeArgs {
    pub mine: bool,
}

/// Arguments of [`command::RESOLVE_CONFLICT`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResolveConflictArgs {
    pub id: i64,
    pub keep_mine: bool,
}

/// One change waiting for a person, in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConflictView {
    pub id: i64,
    /// What I wanted, in words, and its screen.
    pub wanted: String,
    pub screen: crate::history::Screen,
    /// What the server has now ("Front Office"), and what I expected there.
    pub server_now: String,
    pub expected: String,
    /// Who changed it and when (UTC), when known.
    pub set_by: Option<String>,
    pub set_when: Option<String>,
    /// The server's or the store's sentence.
    pub message: String,
    /// The validator's findings with my value (keep mine) and with the server's (take
    /// theirs), in words; `None` when mine can no longer be made.
    pub findings_if_mine: Option<Vec<String>>,
    pub findings_if_theirs: Vec<String>,
}

/// The arguments of [`command::SAVING`]: the UI's count of edits on their way to the store,
/// and the `sequence` number of this word about it (the UI numbers them 1, 2, …). Commands can
/// arrive out of order; the shell keeps the count with the highest sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavingArgs {
    pub unsaved: u32,
    pub sequence: u64,
}

/// The configuration at a revision of the local change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// How many changes the local log holds; grows by one per applied change.
    pub revision: i64,
    pub config: Config,
    /// What undo and redo can do, and what is still to sync.
    pub history: HistoryState,
}

/// The arguments of [`command::FINDINGS`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FindingsArgs {
    /// The first day of the window: the UI's today.
    pub day: crate::Date,
}

/// The answer of [`command::FINDINGS`]: the findings for the configuration at `revision`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checked {
    pub revision: i64,
    pub findings: Vec<crate::Finding>,
}

/// How many of the next undo (and redo) targets a [`HistoryState`] lists: enough for the
/// clicks a person makes before the store has answered the first.
pub const HISTORY_TARGETS: usize = 20;

/// The state of this device's history, for the toolbar and the status line.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryState {
    /// The log entries (revisions) undo would take back, the next one first: the top of this
    /// device's undo stack, at most [`HISTORY_TARGETS`] of it. An undo names the entry it
    /// means, so it never takes back another one.
    pub undo_targets: Vec<i64>,
    /// The undos redo would take back, the next one first (at most [`HISTORY_TARGETS`]);
    /// emptied by a new edit.
    pub redo_targets: Vec<i64>,
    /// Local changes the practice server has not acknowledged yet.
    pub unsynced: i64,
}

impl HistoryState {
    /// This device has a change that undo would take back.
    pub fn can_undo(&self) -> bool {
        !self.undo_targets.is_empty()
    }

    /// The latest undo can be redone (no new edit since).
    pub fn can_redo(&self) -> bool {
        !self.redo_targets.is_empty()
    }
}

/// Arguments of [`command::UNDO`]: the log entry to take back, which must be the top of this
/// device's undo stack (else nothing is undone and the error says why).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct UndoArgs {
    pub target: i64,
    /// The UI's word about its unsaved edits, this one counted.
    pub saving: SavingArgs,
    /// The menu's Undo and Redo, when this edit changes them (as [`ApplyChangeArgs::menu`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu: Option<desktop::UndoStateArgs>,
}

/// Arguments of [`command::REDO`]: the undo to take back, which must be the top of this
/// device's redo stack.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RedoArgs {
    pub target: i64,
    /// The UI's word about its unsaved edits, this one counted.
    pub saving: SavingArgs,
    /// The menu's Undo and Redo, when this edit changes them (as [`ApplyChangeArgs::menu`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu: Option<desktop::UndoStateArgs>,
}

/// Arguments of [`command::APPLY_CHANGE`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApplyChangeArgs {
    pub change: Change,
    /// The UI's word about its unsaved edits, this one counted.
    pub saving: SavingArgs,
    /// The menu's Undo and Redo as the UI's queue stands with this edit in it, when that
    /// differs from what the shell was last told (else `None`, absent from the JSON): an edit
    /// that changes them needs no [`desktop::UNDO_STATE`] command of its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub menu: Option<desktop::UndoStateArgs>,
}

/// The answer of [`command::APPLY_CHANGE`], [`command::UNDO`] and [`command::REDO`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// The revision the change was recorded at.
    pub revision: i64,
}

/// What the UI does with an error. Add a code only when the UI acts on it differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// Someone else changed the value first: reload and review.
    Conflict,
    /// The edit does not fit the configuration (unknown topic, bad value).
    Invalid,
    /// The local database could not be read or written.
    Storage,
    /// The UI and the shell disagree about the contract (a bug).
    Internal,
}

/// Every command's error: a code the UI acts on and a sentence a person reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{message}")]
pub struct CommandError {
    pub code: ErrorCode,
    pub message: String,
}

impl CommandError {
    /// An error with `code` and a sentence for the user.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
        }
    }
}

impl From<ApplyError> for CommandError {
    fn from(err: ApplyError) -> Self {
        let code = match err {
            ApplyError::Conflict { .. } | ApplyError::AlreadyExists { .. } => ErrorCode::Conflict,
            ApplyError::UnknownTopic { .. }
            | ApplyError::UnknownLocation { .. }
            | ApplyError::UnknownPerson { .. }
            | ApplyError::UnknownGroup { .. }
            | ApplyError::InUse { .. }
            | ApplyError::BuiltinTopic { .. }
            | ApplyError::MismatchedFields { .. }
            | ApplyError::AbsenceEndsBeforeStart { .. }
            | ApplyError::NotAReorder
            | ApplyError::DuplicateMember { .. }
            | ApplyError::PositionOutOfRange { .. }
            | ApplyError::Invalid { .. } => ErrorCode::Invalid,
        };
        Self::new(code, err.to_string())
    }
}

impl From<ImportError> for CommandError {
    /// Every import problem is in the file, never a conflict: the user fixes the file.
    fn from(err: ImportError) -> Self {
        Self::new(ErrorCode::Invalid, err.to_string())
    }
}

/// The desktop shell's own commands (issue 15): files through native dialogs, and the menu's
/// Undo/Redo following the UI's undo state. The webview never names a file path: it says what
/// kind of file it wants, and the shell shows the dialog and reads or writes the file.
pub mod desktop {
    use serde::{Deserialize, Serialize};

    /// `OpenFileArgs -> Option<OpenedFile>` (`None`: the person cancelled the dialog).
    pub const OPEN_FILE: &str = "open_file";
    /// `SaveFileArgs -> Option<String>` (the saved file's name; `None`: cancelled).
    pub const SAVE_FILE: &str = "save_file";
    /// `OpenFileArgs -> Option<Logo>` for [`FileKind::Logo`]: the picture the person picked in
    /// the open dialog, checked and ready for a `SetLogo`-style setting (`None`: cancelled).
    pub const OPEN_PICTURE: &str = "open_picture";
    /// `UndoStateArgs -> ()`: whether there is something to undo and to redo, when that changed
    /// other than with an edit sent to the store (those carry it: `ApplyChangeArgs::menu`).
    pub const UNDO_STATE: &str = "undo_state";
    /// `CheckForUpdatesArgs -> ()`: a check for updates. At start (Settings can turn it off,
    /// `asked: false`) it is quiet unless there is a new version; asked for (Help › Check for
    /// Updates…, or Settings' "Check Now", `asked: true`) it tells every outcome, "up to date"
    /// and an unreachable feed included, in a native dialog. A new version is offered in a
    /// native dialog; its download is shown through [`UPDATE_EVENT`].
    pub const CHECK_FOR_UPDATES: &str = "check_for_updates";
    /// The event the shell sends the window for a menu action; its payload is the item's id
    /// (`undo`, `redo`, `screen:<data-screen>`, `new-practice`, `import-configuration`,
    /// `export-configuration`, `import-fhir`).
    pub const MENU_EVENT: &str = "menu";
    /// The event the shell sends the window while it downloads and checks an update the person
    /// chose to install; its payload is an [`UpdateView`].
    pub const UPDATE_EVENT: &str = "update";

    /// Where an update the person chose to install stands (the window shows it).
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(tag = "state", rename_all = "snake_case")]
    pub enum UpdateView {
        /// `received` of `total` bytes of `version` have arrived (`total`: `None` when the
        /// server did not say how large the download is).
        Downloading {
            version: String,
            received: u64,
            total: Option<u64>,
        },
        /// The download is complete and signed with Switchboard's key: the shell installs it
        /// and restarts.
        Installing { version: String, size: u64 },
        /// The download is complete and signed with Switchboard's key, and a test build
        /// stops there (it never installs into the machine that runs the tests).
        Verified { version: String, size: u64 },
        /// The download was refused (a bad signature, a broken download): nothing was
        /// installed; `message` says why and what to do.
        Refused { version: String, message: String },
    }

    /// What a file is for: it picks the dialog's title, file types and size limit.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "kebab-case")]
    pub enum FileKind {
        /// A Switchboard export (JSON).
        Configuration,
        /// A FHIR R4 directory (JSON: a Bundle or one resource).
        FhirDirectory,
        /// The routing summary, as CSV.
        RoutingSummary,
        /// The change history, as CSV.
        History,
        /// The practice's logo: a PNG, JPEG, GIF or WebP picture (read as bytes, never text).
        Logo,
    }

    /// The arguments of [`OPEN_FILE`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct OpenFileArgs {
        pub kind: FileKind,
    }

    /// A file the person picked: its name (never its folder) and its text.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct OpenedFile {
        pub name: String,
        pub text: String,
    }

    /// The arguments of [`SAVE_FILE`]: what kind of file, the name to suggest, the text.
    #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
    pub struct SaveFileArgs {
        pub kind: FileKind,
        pub suggested_name: String,
        pub text: String,
    }

    /// The arguments of [`CHECK_FOR_UPDATES`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct CheckForUpdatesArgs {
        /// The person asked (every outcome is told), rather than the check at start.
        pub asked: bool,
    }

    /// The arguments of [`UNDO_STATE`].
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    pub struct UndoStateArgs {
        pub can_undo: bool,
        pub can_redo: bool,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TopicKey;
    use serde_json::json;

    #[test]
    fn command_error_json_is_code_and_message() {
        let err = CommandError::from(ApplyError::UnknownTopic {
            topic: TopicKey::new("billing"),
        });
        assert_eq!(
            serde_json::to_value(&err).expect("serialisable"),
            json!({
                "code": "invalid",
                "message": "There is no topic \"billing\". It may have been removed; reload and try again."
            }),
            "the UI reads errors as {{ code, message }}"
        );
    }

    #[test]
    fn apply_change_args_json_is_pinned() {
        let args = ApplyChangeArgs {
            change: Change::SetTopicEnabled {
                topic: TopicKey::new("referrals"),
                expected: true,
                value: false,
            },
            saving: SavingArgs {
                unsaved: 1,
                sequence: 4,
            },
            menu: None,
        };
        assert_eq!(
            serde_json::to_value(&args).expect("serialisable"),
            json!({
                "change": {"kind": "set_topic_enabled", "topic": "referrals", "expected": true, "value": false},
                "saving": {"unsaved": 1, "sequence": 4}
            }),
            "the UI sends changes tagged by kind, with its word about its unsaved edits"
        );
        let with_menu = ApplyChangeArgs {
            menu: Some(desktop::UndoStateArgs {
                can_undo: true,
                can_redo: false,
            }),
            ..args
        };
        let json = serde_json::to_value(&with_menu).expect("serialisable");
        assert_eq!(
            json["menu"],
            json!({"can_undo": true, "can_redo": false}),
            "an edit that changes the menu's Undo and Redo carries their state"
        );
        assert_eq!(
            serde_json::from_value::<ApplyChangeArgs>(json).expect("reads back"),
            with_menu,
            "and the shell reads it back"
        );
    }

    #[test]
    fn history_and_undo_json_is_pinned() {
        let history = HistoryState {
            undo_targets: vec![7, 4],
            redo_targets: vec![],
            unsynced: 9,
        };
        assert_eq!(
            serde_json::to_value(&history).expect("serialisable"),
            json!({"undo_targets": [7, 4], "redo_targets": [], "unsynced": 9}),
            "the toolbar reads the targets next-first"
        );
        assert!(
            history.can_undo() && !history.can_redo(),
            "can undo exactly when there is a target"
        );
        let saving = SavingArgs {
            unsaved: 2,
            sequence: 9,
        };
        assert_eq!(
            serde_json::to_value(UndoArgs {
                target: 7,
                saving,
                menu: None
            })
            .expect("serialisable"),
            json!({"target": 7, "saving": {"unsaved": 2, "sequence": 9}}),
            "the shell's `undo` command takes the entry by its argument name"
        );
        assert_eq!(
            serde_json::to_value(RedoArgs {
                target: 8,
                saving,
                menu: None
            })
            .expect("serialisable"),
            json!({"target": 8, "saving": {"unsaved": 2, "sequence": 9}}),
            "and so does `redo`"
        );
        assert_eq!(
            serde_json::to_value(Applied { revision: 8 }).expect("serialisable"),
            json!({"revision": 8}),
            "an answer is the revision alone: the UI never read the inverse"
        );
    }

    #[test]
    fn saving_args_json_is_pinned() {
        assert_eq!(
            serde_json::to_value(SavingArgs {
                unsaved: 2,
                sequence: 7
            })
            .expect("serialisable"),
            json!({"unsaved": 2, "sequence": 7}),
            "the shell's `saving` command takes the count and its sequence by their argument names"
        );
    }
}
