//! Files through the shell's native dialogs: the routing summary saved as CSV, the practice
//! saved as an export and opened again. The webview never names a path: it asks for a kind of
//! file and the shell shows the dialog, then reads or writes the file itself.
//!
//! A test cannot click a native dialog: `SWITCHBOARD_TEST_FILE_DIALOG` makes the app answer its
//! open and save dialogs with that path without showing them. Everything after the dialog —
//! the shell writing or reading the file, the size check, the UI's answer — is the real thing.

use crate::harness::{App, temp_database};

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_routing_summary_is_saved_as_a_csv_file() {
    let (dir, database) = temp_database();
    let csv = dir.path().join("summary.csv");
    let csv_text = csv.to_str().expect("a UTF-8 path");
    let app = App::start_with_env(
        "save_summary_csv",
        &database,
        &[(switchboard::FILE_DIALOG_TEST_ENV, csv_text)],
    )
    .await;
    app.open_screen("preview").await;
    app.click("button[data-action='csv']").await;
    let shown = app.value("textarea[data-part='csv']").await;
    app.click("button[data-action='save-csv']").await;
    app.wait_for_text("[data-part='saved-note']", "Saved as \"summary.csv\".")
        .await;
    app.quit().await;
    let saved = std::fs::read_to_string(&csv).expect("the shell wrote the file");
    assert!(!saved.is_empty(), "the summary has rows");
    assert!(
        saved.contains("\r\n"),
        "lines end in CRLF, as RFC 4180 (and spreadsheets) expect"
    );
    // A textarea shows line ends as LF.
    assert_eq!(
        saved.replace("\r\n", "\n"),
        shown,
        "the file holds exactly the CSV the screen shows"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_practice_is_saved_as_an_export_and_opened_again() {
    let (dir, database) = temp_database();
    let export = dir.path().join("export.json");
    let export_text = export.to_str().expect("a UTF-8 path");
    let app = App::start_with_env(
        "export_and_import",
        &database,
        &[(switchboard::FILE_DIALOG_TEST_ENV, export_text)],
    )
    .await;
    app.open_screen("settings").await;
    app.click("button[data-action='export-save']").await;
    app.wait_for_text("[data-part='export-note']", "Saved as \"export.json\".")
        .await;
    app.click("button[data-action='import-open']").await;
    app.eventually(
        "opening the export offers to replace everything with it",
        || async {
            app.text_content("[data-part='setup']")
                .await
                .contains("Replace everything with \"export.json\".")
        },
    )
    .await;
    app.quit().await;
    let config = crate::harness::stored(&database).await;
    assert_eq!(
        std::fs::read_to_string(&export).expect("the shell wrote the export"),
        switchboard_core::export(&config),
        "the file is the practice's export, byte for byte"
    );
}
