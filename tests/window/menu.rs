//! The native menu: its shortcuts pressed as a keyboard does (X11 XTEST, so that GTK's menu
//! accelerators see them, not only the page). View › a screen (Ctrl+1…8) opens that screen;
//! Edit › Undo (Ctrl+Z), enabled once there is something to undo, takes the edit back.

use crate::harness::{App, temp_database};

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn view_shortcuts_open_screens_and_edit_undo_takes_an_edit_back() {
    let (_dir, database) = temp_database();
    let app = App::start("menu_shortcuts", &database).await;
    app.press_menu_shortcut(b'2');
    app.wait_for("main section[data-screen='topics']").await;
    app.click(&crate::topics::switch("appointments")).await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    // Focus leaves the switch, so that Undo is the app's and not a text field's.
    app.press_menu_shortcut(b'1');
    app.wait_for("main section[data-screen='overview']").await;
    app.press_menu_shortcut(b'z');
    app.press_menu_shortcut(b'2');
    app.wait_for("main section[data-screen='topics']").await;
    app.eventually("Edit › Undo takes the edit back", || async {
        crate::topics::is_on(&app, "appointments").await
    })
    .await;
    app.quit().await;
    let config = crate::harness::stored(&database).await;
    assert!(
        config
            .topic(&switchboard_core::TopicKey::new("appointments"))
            .expect("the demo has Appointments")
            .enabled,
        "the undo is in the database"
    );
}
