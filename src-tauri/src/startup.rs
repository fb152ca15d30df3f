//! Start-up: the database is opened before the window is built. When it cannot be opened,
//! a native dialog shows the store's sentence (a corrupt file, a newer version's file, a
//! read-only folder each have their own) with three choices — "Open another database…",
//! "Start a new one…", "Quit" — and the app never panics or aborts.
//!
//! Words: the *answer* is what the person chose in that dialog (and, for the first two, the
//! file they picked); [`next`] turns it into the *next step* and is tested natively. The
//! dialog is shown before Tauri's event loop runs, with `rfd` — the native dialog crate
//! tauri-plugin-dialog itself uses. Tests cannot click a native dialog: with
//! [`TEST_ANSWER_ENV`] set the dialog is not shown, its sentence goes to standard error, and
//! the answer is read from the variable instead.
//!
//! Files on disk (Unix): the app's own data folder is made 0700 and the database's files 0600,
//! so that nobody else on the computer can read the practice's configuration.

use std::path::{Path, PathBuf};

use switchboard_store::Store;

/// Environment variable answering the start-up dialog without showing it: `quit`,
/// `open:PATH` or `new:PATH`. For tests only.
pub const TEST_ANSWER_ENV: &str = "SWITCHBOARD_TEST_STARTUP_ANSWER";

/// The identifier in tauri.conf.json, which names the app's folders.
const APP_ID: &str = "health.switchboard.desktop";

/// What the person answered in the start-up dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// "Open another database…", and the file picked (`None`: the file dialog was cancelled).
    OpenAnother(Option<PathBuf>),
    /// "Start a new one…", and where to create it (`None`: the file dialog was cancelled).
    StartNew(Option<PathBuf>),
    /// "Quit", or the dialog was closed.
    Quit,
}

/// What start-up does after an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Next {
    /// Try to open this file.
    Open(PathBuf),
    /// Show the dialog again, with this sentence.
    Ask(String),
    /// End the app (exit status 1: it did not start).
    Quit,
}

/// The next step after `answer`; `exists` tells whether a path is taken already.
pub fn next(answer: Answer, exists: impl Fn(&Path) -> bool, sentence: &str) -> Next {
    match answer {
        Answer::Quit => Next::Quit,
        Answer::OpenAnother(Some(path)) => Next::Open(path),
        Answer::StartNew(Some(path)) if exists(&path) => Next::Ask(format!(
            "There is already a file at {}. Switchboard starts a new database only where there \
             is none, so that no file is overwritten: choose another name.",
            path.display()
        )),
        Answer::StartNew(Some(path)) => Next::Open(path),
        // A cancelled file dialog goes back to the question.
        Answer::OpenAnother(None) | Answer::StartNew(None) => Next::Ask(sentence.to_string()),
    }
}

/// Reads an answer given in [`TEST_ANSWER_ENV`].
pub fn parse_test_answer(text: &str) -> Result<Answer, String> {
    if text == "quit" {
        Ok(Answer::Quit)
    } else if let Some(path) = text.strip_prefix("open:") {
        Ok(Answer::OpenAnother(Some(PathBuf::from(path))))
    } else if let Some(path) = text.strip_prefix("new:") {
        Ok(Answer::StartNew(Some(PathBuf::from(path))))
    } else {
        Err(format!(
            "{TEST_ANSWER_ENV} must be quit, open:PATH or new:PATH, not {text:?}"
        ))
    }
}

/// The platform's data folder for the app (the one Tauri's `app_data_dir` names).
pub fn data_dir() -> Option<PathBuf> {
    dirs::data_dir().map(|dir| dir.join(APP_ID))
}

/// Opens the database at `first` (or the default one in the app's data folder); when it
/// cannot be opened, asks what to do until a database opens or the person quits (`None`).
pub fn open(first: Option<PathBuf>) -> Option<(PathBuf, Store)> {
    let mut path = match first {
        Some(path) => path,
        None => {
            let Some(folder) = data_dir() else {
                let sentence = "Switchboard cannot tell where your data folder is (the HOME \
                                variable is not set). Open a database file instead.";
                return ask_until_open(sentence.to_string());
            };
            private_folder(&folder);
            folder.join("switchboard.db")
        }
    };
    loop {
        match tauri::async_runtime::block_on(Store::open(&path)) {
            Ok(store) => {
                private_files(&path);
                return Some((path, store));
            }
            Err(err) => {
                let sentence = err.to_string();
                tracing::error!("the database did not open: {sentence}");
                match ask_until_next(sentence) {
                    Some(next) => path = next,
                    None => return None,
                }
            }
        }
    }
}

/// Asks with `sentence` until an answer names a file to try (or the person quits: `None`),
/// then opens it as [`open`] does.
fn ask_until_open(sentence: String) -> Option<(PathBuf, Store)> {
    let path = ask_until_next(sentence)?;
    open(Some(path))
}

/// Asks with `sentence` until the answer names a file to try; `None` to quit.
fn ask_until_next(mut sentence: String) -> Option<PathBuf> {
    loop {
        let answer = ask(&sentence);
        match next(answer, Path::exists, &sentence) {
            Next::Open(path) => return Some(path),
            Next::Ask(again) => sentence = again,
            Next::Quit => return None,
        }
    }
}

/// Shows the start-up dialog (or reads the test answer) and, for the first two choices, the
/// file dialog.
fn ask(sentence: &str) -> Answer {
    if let Some(text) = std::env::var_os(TEST_ANSWER_ENV) {
        eprintln!("switchboard: {sentence}");
        let text = text.to_string_lossy();
        return parse_test_answer(&text).unwrap_or_else(|err| {
            eprintln!("switchboard: {err}");
            Answer::Quit
        });
    }
    const OPEN: &str = "Open another database…";
    const NEW: &str = "Start a new one…";
    let choice = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("Switchboard could not open its database")
        .set_description(sentence)
        .set_buttons(rfd::MessageButtons::YesNoCancelCustom(
            OPEN.into(),
            NEW.into(),
            "Quit".into(),
        ))
        .show();
    let filter = |dialog: rfd::FileDialog| {
        dialog.add_filter("Switchboard database", &["db", "sqlite", "sqlite3"])
    };
    match choice {
        rfd::MessageDialogResult::Custom(label) if label == OPEN => {
            Answer::OpenAnother(filter(rfd::FileDialog::new().set_title(OPEN)).pick_file())
        }
        rfd::MessageDialogResult::Custom(label) if label == NEW => Answer::StartNew(
            filter(rfd::FileDialog::new().set_title(NEW))
                .set_file_name("practice.db")
                .save_file(),
        ),
        rfd::MessageDialogResult::Yes => {
            Answer::OpenAnother(filter(rfd::FileDialog::new().set_title(OPEN)).pick_file())
        }
        rfd::MessageDialogResult::No => Answer::StartNew(
            filter(rfd::FileDialog::new().set_title(NEW))
                .set_file_name("practice.db")
                .save_file(),
        ),
        _ => Answer::Quit,
    }
}

/// Makes the app's own data folder readable by its owner only (Unix).
fn private_folder(folder: &Path) {
    if let Err(err) = std::fs::create_dir_all(folder) {
        tracing::warn!("cannot create the data folder: {err}");
        return;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Err(err) = std::fs::set_permissions(folder, std::fs::Permissions::from_mode(0o700)) {
            tracing::warn!("cannot make the data folder private: {err}");
        }
    }
}

/// Makes the database file and its write-ahead log files readable by their owner only (Unix).
/// SQLite gives the log files it creates later the database file's mode.
fn private_files(database: &Path) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            let file = PathBuf::from(name);
            if file.exists()
                && let Err(err) =
                    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
            {
                tracing::warn!("cannot make {} private: {err}", file.display());
            }
        }
    }
    #[cfg(not(unix))]
    let _ = database;
}

#[cfg(test)]
mod tests {
    use super::*;

    const SENTENCE: &str = "The file is not a Switchboard database.";

    #[test]
    fn each_answer_leads_to_its_step() {
        let nothing_exists = |_: &Path| false;
        assert_eq!(
            next(Answer::Quit, nothing_exists, SENTENCE),
            Next::Quit,
            "Quit quits"
        );
        assert_eq!(
            next(
                Answer::OpenAnother(Some("/tmp/other.db".into())),
                nothing_exists,
                SENTENCE
            ),
            Next::Open("/tmp/other.db".into()),
            "another database is tried"
        );
        assert_eq!(
            next(
                Answer::StartNew(Some("/tmp/new.db".into())),
                nothing_exists,
                SENTENCE
            ),
            Next::Open("/tmp/new.db".into()),
            "a new database is created where nothing is"
        );
        assert_eq!(
            next(Answer::OpenAnother(None), nothing_exists, SENTENCE),
            Next::Ask(SENTENCE.into()),
            "a cancelled file dialog goes back to the same question"
        );
    }

    #[test]
    fn a_new_database_never_overwrites_a_file() {
        let everything_exists = |_: &Path| true;
        let Next::Ask(sentence) = next(
            Answer::StartNew(Some("/tmp/taken.db".into())),
            everything_exists,
            SENTENCE,
        ) else {
            panic!("a taken name is asked again, never opened or overwritten");
        };
        assert!(
            sentence.contains("/tmp/taken.db") && sentence.contains("choose another name"),
            "names the file and says what to do: {sentence}"
        );
    }

    #[test]
    fn test_answers_are_read_or_refused_with_a_sentence() {
        assert_eq!(parse_test_answer("quit"), Ok(Answer::Quit));
        assert_eq!(
            parse_test_answer("new:/tmp/n.db"),
            Ok(Answer::StartNew(Some("/tmp/n.db".into())))
        );
        assert_eq!(
            parse_test_answer("open:/tmp/o.db"),
            Ok(Answer::OpenAnother(Some("/tmp/o.db".into())))
        );
        let err = parse_test_answer("maybe").expect_err("unknown answer");
        assert!(err.contains("quit, open:PATH or new:PATH"), "{err}");
    }
}
