//! Data written by an earlier Switchboard reads as this one keeps it.

use sqlx::Connection;
use switchboard_core::{Change, Route, Scope, TopicKey};
use switchboard_store::Store;

use crate::author;

/// Before the practice rule had one encoding, "the patient chooses" for the whole practice was
/// sometimes a row of its own. The migration removes such rows, so the rows equal the
/// configuration they load as, and an edit of that rule writes and reads back in one form.
#[tokio::test]
async fn a_practice_wide_patient_chooses_row_from_before_is_migrated_away() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("switchboard.db");
    let store = Store::open(&path).await.expect("opens");
    let before = store.load().await.expect("loads").config;
    store.close().await;

    // The database as an earlier build left it: the row, and the migration not yet run.
    let url = format!("sqlite://{}", path.display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("raw");
    sqlx::query(
        "INSERT OR REPLACE INTO routes (topic, scope, route)
         VALUES ('general', '{\"kind\":\"practice\"}', '{\"kind\":\"patient_chooses\"}')",
    )
    .execute(&mut conn)
    .await
    .expect("an old row");
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 20261130000002")
        .execute(&mut conn)
        .await
        .expect("as before the migration");
    conn.close().await.expect("close");

    let store = Store::open(&path).await.expect("opens and migrates");
    let general = TopicKey::new("general");
    let config = store.load().await.expect("loads").config;
    assert_eq!(
        config.routes.get(&general, Scope::Practice),
        Some(&Route::PatientChooses),
        "the old row meant the patient chooses, and still does"
    );
    let rows: i64 = {
        let mut conn = sqlx::SqliteConnection::connect(&url).await.expect("raw");
        sqlx::query_scalar(
            "SELECT COUNT(*) FROM routes
             WHERE json_extract(scope, '$.kind') = 'practice'
               AND json_extract(route, '$.kind') = 'patient_chooses'",
        )
        .fetch_one(&mut conn)
        .await
        .expect("counts")
    };
    assert_eq!(rows, 0, "no practice-wide patient-chooses row is left");

    // Setting the practice rule back to what it was writes it as a row again, and an
    // undo returns to the one encoding.
    let restore = Change::SetRoute {
        topic: general.clone(),
        scope: Scope::Practice,
        expected: None,
        value: before.routes.get(&general, Scope::Practice).cloned(),
    };
    store.apply(&restore, &author()).await.expect("applies");
    assert_eq!(store.load().await.expect("loads").config, before);
    store.close().await;
}
