//! Dark mode: the window follows the system unless Settings › Appearance chooses; the choice
//! is kept on this computer. Screenshots of both are saved as test artefacts. And the start
//! frame (index.html's sidebar and "Opening the practice…", painted before the wasm loads,
//! issue 15) gives way to the app.

use crate::harness::{App, temp_database};

/// The page's background colour as the browser computes it.
async fn background(app: &App) -> String {
    app.run_async(
        "arguments[0](getComputedStyle(document.documentElement).backgroundColor);",
        Vec::new(),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn appearance_switches_between_light_and_dark_and_is_kept() {
    let (_dir, database) = temp_database();
    let app = App::start("appearance", &database).await;
    app.open_screen("settings").await;
    app.click("input[data-theme-choice='dark']").await;
    app.eventually("the page turns dark", || async {
        background(&app).await == "rgb(17, 24, 27)"
    })
    .await;
    app.screenshot("dark").await;
    app.click("input[data-theme-choice='light']").await;
    app.eventually("the page turns light", || async {
        background(&app).await == "rgb(246, 248, 249)"
    })
    .await;
    app.screenshot("light").await;
    app.click("input[data-theme-choice='dark']").await;
    app.reload_with_query("").await;
    app.eventually("the choice is kept across a reload", || async {
        background(&app).await == "rgb(17, 24, 27)"
    })
    .await;
    app.click("nav button[data-screen='settings']").await;
    app.click("input[data-theme-choice='system']").await;
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_start_frame_gives_way_to_the_app() {
    let (_dir, database) = temp_database();
    let app = App::start("start_frame", &database).await;
    assert_eq!(
        app.count("[data-part='boot']").await,
        0,
        "once the app is up the start frame is gone, so nothing is shown or read out twice"
    );
    assert_eq!(
        app.count(".sidebar").await,
        1,
        "one sidebar, the app's, beside the screen"
    );
    app.quit().await;
}
