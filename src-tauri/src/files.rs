//! Files through native dialogs (tauri-plugin-dialog): the shell shows the dialog and reads or
//! writes the file itself; the webview says only what kind of file it wants and gets its name
//! (never its folder) and text back. There is no file-system plugin and no command that takes a
//! path. A file's size is checked before a byte of it is read. A logo is a picture, not text:
//! [`open_picture`] answers it already checked, as the `Logo` the practice's setting takes.

use std::path::{Path, PathBuf};

use switchboard_core::Logo;
use switchboard_core::ipc::desktop::{FileKind, OpenedFile};
use switchboard_core::ipc::{CommandError, ErrorCode};
use tauri::{AppHandle, Runtime};
use tauri_plugin_dialog::DialogExt;

/// Environment variable that answers the open and save dialogs with this path without showing
/// them: for tests only, where nobody can click a native dialog. A symbolic link is followed,
/// so that a test can answer each dialog with another file by pointing the link elsewhere.
pub const TEST_PATH_ENV: &str = "SWITCHBOARD_TEST_FILE_DIALOG";

fn test_path() -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(TEST_PATH_ENV)?);
    // A file to be saved need not exist yet: then it is the answer as it is.
    Some(std::fs::canonicalize(&path).unwrap_or(path))
}

/// The dialog's title and the file type's name and extensions for `kind`.
fn dialog_of(kind: FileKind) -> (&'static str, &'static str, &'static [&'static str]) {
    match kind {
        FileKind::Configuration => ("Switchboard export", "Switchboard export", &["json"]),
        FileKind::FhirDirectory => ("FHIR directory", "FHIR R4 JSON", &["json"]),
        FileKind::RoutingSummary => ("Routing summary", "CSV", &["csv"]),
        FileKind::History => ("History", "CSV", &["csv"]),
        FileKind::Logo => ("Logo", "Pictures", &["png", "jpg", "jpeg", "gif", "webp"]),
    }
}

/// Why the file at `path` cannot be read as a `kind`, before reading it.
pub fn size_problem(len: u64) -> Option<String> {
    switchboard_core::limits::import_file_problem(len)
}

fn unreadable(name: &str, err: &std::io::Error) -> CommandError {
    CommandError::new(
        ErrorCode::Invalid,
        format!(
            "\"{name}\" could not be read ({err}). Check that the file is not open in another program and that you may read it, then choose it again."
        ),
    )
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads the bytes of `path` once `too_large` (one of core's `*_file_problem`) has passed the
/// size the file system reports; answers the file's name and bytes.
fn read_checked(
    path: &Path,
    too_large: fn(u64) -> Option<String>,
) -> Result<(String, Vec<u8>), CommandError> {
    let name = file_name(path);
    let len = std::fs::metadata(path)
        .map_err(|err| unreadable(&name, &err))?
        .len();
    if let Some(problem) = too_large(len) {
        return Err(CommandError::new(ErrorCode::Invalid, problem));
    }
    let bytes = std::fs::read(path).map_err(|err| unreadable(&name, &err))?;
    Ok((name, bytes))
}

/// Reads the text of `path` as a `kind` of file, checking its size first.
pub fn read_text(path: &Path, kind: FileKind) -> Result<OpenedFile, CommandError> {
    if kind == FileKind::Logo {
        return Err(not_text());
    }
    let (name, bytes) = read_checked(path, size_problem)?;
    let text = String::from_utf8(bytes).map_err(|err| {
        let message = match kind {
            // Where the directory stops being UTF-8, as its import says it.
            FileKind::FhirDirectory => {
                match switchboard_core::fhir::FhirFile::parse(err.as_bytes()) {
                    Err(fhir) => format!("\"{name}\": {fhir} Nothing was imported."),
                    Ok(_) => format!("\"{name}\" is not UTF-8 text. Nothing was imported."),
                }
            }
            _ => format!(
                "\"{name}\" is not a text file (it is not UTF-8). Choose the JSON or CSV file itself, not a spreadsheet or an archive."
            ),
        };
        CommandError::new(ErrorCode::Invalid, message)
    })?;
    Ok(OpenedFile { name, text })
}

fn not_text() -> CommandError {
    CommandError::new(
        ErrorCode::Invalid,
        "A logo is a picture, not a text file: the app opens it as a picture. Please report this.",
    )
}

/// Reads the picture at `path` as the logo: its size is checked against the logo's limit
/// before it is read, and its bytes must be PNG, JPEG, GIF or WebP.
pub fn read_logo(path: &Path) -> Result<Logo, CommandError> {
    let (name, bytes) = read_checked(path, switchboard_core::limits::logo_file_problem)?;
    Logo::from_bytes(&bytes)
        .map_err(|err| CommandError::new(ErrorCode::Invalid, format!("\"{name}\": {err}")))
}

/// Shows the open dialog for `kind`; the picked path, or `None` if cancelled.
fn pick<R: Runtime>(app: &AppHandle<R>, kind: FileKind) -> Option<PathBuf> {
    let (title, filter, extensions) = dialog_of(kind);
    test_path().or_else(|| {
        app.dialog()
            .file()
            .set_title(format!("Open {title}"))
            .add_filter(filter, extensions)
            .blocking_pick_file()
            .and_then(|picked| picked.into_path().ok())
    })
}

/// Shows the open dialog for a picture of `kind` (the logo); the checked picture, or `None`
/// if cancelled.
pub fn open_picture<R: Runtime>(
    app: &AppHandle<R>,
    kind: FileKind,
) -> Result<Option<Logo>, CommandError> {
    if kind != FileKind::Logo {
        return Err(CommandError::new(
            ErrorCode::Invalid,
            "Only the logo is opened as a picture; this file is opened as text. Please report this.",
        ));
    }
    pick(app, kind).map(|path| read_logo(&path)).transpose()
}

/// Shows the open dialog for `kind`; the picked file's name and text, or `None` if cancelled.
pub fn open<R: Runtime>(
    app: &AppHandle<R>,
    kind: FileKind,
) -> Result<Option<OpenedFile>, CommandError> {
    if kind == FileKind::Logo {
        return Err(not_text());
    }
    pick(app, kind)
        .map(|path| read_text(&path, kind))
        .transpose()
}

/// Shows the save dialog for `kind` with `suggested_name`, and writes `text` there; the saved
/// file's name, or `None` if cancelled.
pub fn save<R: Runtime>(
    app: &AppHandle<R>,
    kind: FileKind,
    suggested_name: &str,
    text: &str,
) -> Result<Option<String>, CommandError> {
    let (title, filter, extensions) = dialog_of(kind);
    let picked = test_path().or_else(|| {
        app.dialog()
            .file()
            .set_title(format!("Save {title}"))
            .add_filter(filter, extensions)
            .set_file_name(suggested_name)
            .blocking_save_file()
            .and_then(|picked| picked.into_path().ok())
    });
    let Some(path) = picked else {
        return Ok(None);
    };
    write_text(&path, text).map(Some)
}

/// Writes `text` to `path` through a temporary file beside it, so that a failed write never
/// leaves half a file; answers the file's name.
pub fn write_text(path: &Path, text: &str) -> Result<String, CommandError> {
    let name = file_name(path);
    let failed = |err: std::io::Error| {
        CommandError::new(
            ErrorCode::Invalid,
            format!(
                "\"{name}\" could not be saved ({err}). Choose a folder you may write to, and check that the disk is not full."
            ),
        )
    };
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".part");
    std::fs::write(&temporary, text).map_err(failed)?;
    std::fs::rename(&temporary, path).map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        failed(err)
    })?;
    Ok(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_reads_back_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("summary.csv");
        let name = write_text(&path, "topic,recipients\n").expect("writes");
        assert_eq!(name, "summary.csv", "answers the name, never the folder");
        let opened = read_text(&path, FileKind::RoutingSummary).expect("reads");
        assert_eq!(opened.text, "topic,recipients\n", "the text round-trips");
        assert_eq!(
            std::fs::read_dir(dir.path()).expect("list").count(),
            1,
            "the temporary file is gone"
        );
    }

    #[test]
    fn a_file_that_is_not_text_is_refused_with_a_sentence() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("export.json");
        std::fs::write(&path, [0xff, 0xfe, 0x00]).expect("write");
        let err = read_text(&path, FileKind::Configuration).expect_err("not UTF-8");
        assert!(
            err.message.contains("is not a text file"),
            "{}",
            err.message
        );
    }

    #[test]
    fn a_file_past_the_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("huge.json");
        let file = std::fs::File::create(&path).expect("create");
        // A sparse file: its size says it is too large, and reading it would take the memory.
        file.set_len(switchboard_core::limits::IMPORT_FILE_BYTES + 1)
            .expect("grow");
        let err = read_text(&path, FileKind::Configuration).expect_err("too large");
        assert_eq!(err.code, ErrorCode::Invalid);
        assert!(
            size_problem(switchboard_core::limits::IMPORT_FILE_BYTES + 1).as_deref()
                == Some(err.message.as_str()),
            "core's sentence about the size: {}",
            err.message
        );
    }

    #[test]
    fn a_fhir_directory_that_is_not_utf8_is_refused_at_its_byte() {
        let dir = tempfile::tempdir().expect("a folder");
        let path = dir.path().join("latin1.json");
        std::fs::write(&path, b"{\"name\": \"Ren\xe9e\"}").expect("write");
        let err = read_text(&path, FileKind::FhirDirectory).expect_err("not UTF-8");
        assert!(
            err.message.starts_with("\"latin1.json\": ")
                && err.message.contains("offset 13")
                && err.message.ends_with("Nothing was imported."),
            "the FHIR import's own sentence, naming the byte: {}",
            err.message
        );
    }

    #[test]
    fn a_logo_is_read_as_a_checked_picture_or_refused_with_a_sentence() {
        let icons = Path::new(env!("CARGO_MANIFEST_DIR")).join("icons");
        let logo = read_logo(&icons.join("32x32.png")).expect("a PNG is a logo");
        assert_eq!(logo.media_type, "image/png", "recognised by its bytes");
        assert_eq!(
            logo,
            Logo::from_bytes(&std::fs::read(icons.join("32x32.png")).expect("read"))
                .expect("a logo"),
            "exactly what the setting takes"
        );
        let svg = read_logo(&icons.join("source.svg")).expect_err("SVG can carry script");
        assert!(
            svg.message.starts_with("\"source.svg\": ") && svg.message.contains("PNG"),
            "{}",
            svg.message
        );
        let dir = tempfile::tempdir().expect("a folder");
        let huge = dir.path().join("huge.png");
        std::fs::File::create(&huge)
            .and_then(|file| file.set_len(switchboard_core::MAX_LOGO_BYTES as u64 + 1))
            .expect("a large sparse file");
        let err = read_logo(&huge).expect_err("too large");
        assert!(
            err.message.contains("the largest allowed is 256 KB"),
            "refused by its size before it is read: {}",
            err.message
        );
        assert_eq!(
            read_text(&icons.join("32x32.png"), FileKind::Logo)
                .expect_err("never as text")
                .code,
            ErrorCode::Invalid
        );
    }
}
