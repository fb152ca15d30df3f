//! Broken files: each kind gets a sentence of its own that says what is wrong and what to do,
//! and only a busy database is worth trying again.

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::time::Instant;

use sqlx::Connection;
use switchboard_store::{Store, StoreError};

use crate::{author, flip};

/// A database made by the store, with a few edits, closed (so the log is checkpointed into
/// the file).
async fn made_database(dir: &Path) -> PathBuf {
    let path = dir.join("switchboard.db");
    let store = Store::open(&path).await.expect("creates");
    for i in 0..4 {
        store
            .apply(&flip("general", i % 2 == 0), &author())
            .await
            .expect("applies");
    }
    store.close().await;
    assert!(
        std::fs::metadata(path.with_extension("db-wal")).map_or(true, |wal| wal.len() == 0),
        "closing copied the write-ahead log into the file"
    );
    path
}

/// Asserts that `err` is final (not worth retrying) and its sentence has `gist` and does not
/// tell the user to try again.
fn assert_final(err: &StoreError, gist: &str) {
    let sentence = err.to_string();
    assert!(
        sentence.contains(gist),
        "the sentence says {gist:?}: {sentence}"
    );
    assert!(
        !err.is_retryable(),
        "trying again unchanged cannot help: {sentence}"
    );
    assert!(
        !sentence.to_lowercase().contains("try again"),
        "so the sentence does not say to try again: {sentence}"
    );
}

#[tokio::test]
async fn a_text_file_is_not_a_database() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("notes.db");
    let text = "Shopping list\n- coffee\n- paper\n".repeat(200);
    std::fs::write(&path, &text).expect("write");
    let err = Store::open(&path)
        .await
        .expect_err("a text file is refused");
    assert!(matches!(err, StoreError::NotADatabase { .. }), "{err:?}");
    assert_final(&err, "is not a Switchboard database");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        text,
        "the file is left as it was"
    );
}

#[tokio::test]
async fn a_truncated_database_is_called_cut_short() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = made_database(dir.path()).await;
    let len = std::fs::metadata(&path).expect("metadata").len();
    assert!(
        len >= 8 * 4096,
        "the demo fills several pages ({len} bytes)"
    );
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .expect("open");
    file.set_len(len / 2).expect("cut the file in half");
    drop(file);

    let err = Store::open(&path).await.expect_err("a cut file is refused");
    assert!(
        matches!(err, StoreError::Truncated { actual, expected, .. } if actual == len / 2 && expected == len),
        "{err:?}"
    );
    assert_final(&err, "is cut short");
    assert!(
        !err.to_string().contains("folder exists"),
        "it is not about the folder: {err}"
    );
}

#[tokio::test]
async fn damaged_pages_are_found_at_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = made_database(dir.path()).await;
    let mut bytes = std::fs::read(&path).expect("read");
    // Scribble over every page but the first (the header and the schema), keeping the length.
    let page = 4096;
    for byte in bytes.iter_mut().skip(page).step_by(7) {
        *byte = 0xA5;
    }
    std::fs::write(&path, &bytes).expect("write");

    let err = Store::open(&path)
        .await
        .expect_err("a damaged file is refused");
    assert!(matches!(err, StoreError::Damaged { .. }), "{err:?}");
    assert_final(&err, "is damaged");
    assert!(
        !err.to_string().contains("newer version"),
        "damage is not blamed on a newer version: {err}"
    );
    assert_eq!(
        std::fs::read(&path).expect("read"),
        bytes,
        "the damaged file is left as it was, for recovery"
    );
}

#[tokio::test]
async fn a_read_only_file_is_refused_at_open_not_at_the_first_edit() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = made_database(dir.path()).await;
    // Tests may run as root, for whom the kernel ignores permission bits: the store reads the
    // bits itself, as a person's own account would be refused by them.
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).expect("chmod");
    let err = Store::open(&path)
        .await
        .expect_err("a read-only file is refused");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).expect("chmod back");
    assert!(matches!(err, StoreError::ReadOnlyFile { .. }), "{err:?}");
    assert_final(&err, "is read-only");
    Store::open(&path)
        .await
        .expect("made writable again, it opens");
}

#[tokio::test]
async fn a_read_only_folder_is_refused_at_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join("shared");
    std::fs::create_dir(&folder).expect("mkdir");
    let path = made_database(&folder).await;
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let err = Store::open(&path)
        .await
        .expect_err("a read-only folder is refused");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).expect("chmod back");
    assert!(
        matches!(&err, StoreError::ReadOnlyFolder { folder: named } if *named == folder),
        "{err:?}"
    );
    assert_final(&err, "is read-only");
}

#[tokio::test]
async fn a_newer_schema_asks_for_a_newer_switchboard() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = made_database(dir.path()).await;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("raw connection");
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000000, 'a change from the future', 1, X'00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("record a migration this build does not have");
    conn.close().await.expect("close");

    let err = Store::open(&path)
        .await
        .expect_err("a newer schema is refused");
    assert!(
        matches!(
            err,
            StoreError::NewerSchema {
                version: 29991231000000,
                ..
            }
        ),
        "{err:?}"
    );
    assert_final(&err, "newer version of Switchboard");
}

#[tokio::test]
async fn a_database_locked_past_the_busy_timeout_is_busy_and_worth_retrying() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = made_database(dir.path()).await;
    let store = Store::open(&path).await.expect("opens");
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("another program's connection");
    sqlx::query("BEGIN IMMEDIATE")
        .execute(&mut other)
        .await
        .expect("the other program takes the write lock");

    let started = Instant::now();
    let err = store
        .apply(&flip("referrals", true), &author())
        .await
        .expect_err("the write lock is held past the busy timeout");
    assert!(
        started.elapsed().as_secs_f64() >= 4.5,
        "the store waited for the lock first ({:?})",
        started.elapsed()
    );
    assert!(matches!(err, StoreError::Busy(_)), "{err:?}");
    assert!(err.is_retryable(), "a busy database is worth trying again");
    let sentence = err.to_string();
    assert!(
        sentence.contains("busy") && sentence.contains("try again"),
        "the sentence says it is busy and to try again: {sentence}"
    );
    assert!(
        store.load().await.is_ok(),
        "reading goes on beside the other program's write lock"
    );

    sqlx::query("ROLLBACK")
        .execute(&mut other)
        .await
        .expect("the other program lets go");
    store
        .apply(&flip("referrals", true), &author())
        .await
        .expect("trying again, once the lock is free, works");
}
