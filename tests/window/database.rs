//! A database file Switchboard cannot use: the window still opens and says what is wrong and
//! what to do, and the file is left as it was.

use crate::harness::{App, temp_database};

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_file_that_is_not_a_database_is_named_in_the_window_and_left_alone() {
    let (_dir, database) = temp_database();
    let text = "Practice notes\n- call the lab\n".repeat(100);
    std::fs::write(&database, &text).expect("write a text file where the database goes");

    let app = App::start("not_a_database", &database).await;
    app.eventually(
        "the window should say the file is not a Switchboard database",
        || async {
            app.text_content(".notice-error")
                .await
                .contains("is not a Switchboard database")
        },
    )
    .await;
    app.wait_for_text(".status-line", "Not connected to the local database")
        .await;
    app.screenshot("not-a-database").await;
    app.quit().await;

    assert_eq!(
        std::fs::read_to_string(&database).expect("read"),
        text,
        "the file is left exactly as it was"
    );
}
