//! The Overview (validator dashboard) and the Portal preview in the real app.

use switchboard_core::{demo_ids, demo_practice};
use switchboard_store::Store;

use crate::harness::{App, temp_database, with_tom_lee_inactive};

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_finding_appears_and_its_fix_removes_it() {
    let (_dir, database) = temp_database();
    // Tom Lee alone receives Lakeview's appointments; make him inactive before the app opens.
    let config = with_tom_lee_inactive(&database).await;
    let tom = config
        .person(demo_ids::TOM_LEE)
        .expect("in the demo")
        .display_name();

    let app = App::start("finding_fix", &database).await;
    app.open_screen("overview").await;
    app.wait_for("li.finding").await;
    let lost =
        |text: &String| text.contains("patients at Lakeview") && text.contains("fallback inbox");
    let messages = app.texts(".finding .finding-message").await;
    assert!(
        messages
            .iter()
            .any(|text| text.contains(&tom) && text.contains("inactive")),
        "a finding names {tom} as inactive: {messages:#?}"
    );
    let finding = messages
        .iter()
        .position(lost)
        .unwrap_or_else(|| panic!("Lakeview's appointments now reach nobody: {messages:#?}"));
    let badge_before = app.text("[data-part='finding-count']").await;
    app.screenshot("before-fix").await;

    // "Show" opens the Routing grid at Lakeview with that rule's cell focused.
    let rows = app.elements(".finding").await;
    rows[finding]
        .find(fantoccini::Locator::Css("button[data-action='show']"))
        .await
        .expect("a finding about a rule offers Show")
        .click()
        .await
        .expect("click Show");
    app.wait_for("main section[data-screen='routing']").await;
    assert_eq!(
        app.value("select[data-control='view']").await,
        demo_ids::LAKEVIEW.to_string(),
        "Show switched the grid to Lakeview"
    );
    let mut focused = None;
    for _ in 0..40 {
        focused = app.focused_attr("data-topic").await;
        if focused.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(
        focused.as_deref(),
        Some("appointments"),
        "the Appointments cell of Lakeview's default row has the focus"
    );
    assert_eq!(
        app.focused_attr("data-scope").await.as_deref(),
        Some("location"),
        "it is the location's own rule"
    );
    app.open_screen("overview").await;
    app.wait_for("li.finding").await;

    let rows = app.elements(".finding").await;
    let fix_button = rows[finding]
        .find(fantoccini::Locator::Css("button[data-action='fix']"))
        .await
        .expect("a rule that reaches nobody offers a fix");
    fix_button.click().await.expect("click Fix");
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    let messages = app.texts(".finding .finding-message").await;
    assert!(
        !messages.iter().any(lost),
        "the fix removed the finding: {messages:#?}"
    );
    assert_ne!(
        app.text("[data-part='finding-count']").await,
        badge_before,
        "the navigation badge follows"
    );
    app.screenshot("after-fix").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let fixed = store.load().await.expect("loads").config;
    assert_eq!(
        fixed.routes.get(
            &switchboard_core::TopicKey::new("appointments"),
            switchboard_core::Scope::Location {
                location: demo_ids::LAKEVIEW
            }
        ),
        None,
        "the fix reset Lakeview's appointments rule to inherited, in the database"
    );
    let lakeview_patient = switchboard_core::Context {
        location: demo_ids::LAKEVIEW,
        provider: None,
        care_team: Vec::new(),
        sender: switchboard_core::Sender::Patient,
    };
    let outcome = switchboard_core::route(
        &fixed,
        &lakeview_patient,
        &switchboard_core::TopicKey::new("appointments"),
        switchboard_core::Date::from_ymd(2026, 11, 1).expect("a day"),
    );
    assert!(
        matches!(&outcome.decision, switchboard_core::Decision::Deliver { people } if !people.is_empty()),
        "after the fix, Lakeview's appointments reach someone: {outcome:?}"
    );
    assert!(
        demo_practice()
            .routes
            .get(
                &switchboard_core::TopicKey::new("appointments"),
                switchboard_core::Scope::Location {
                    location: demo_ids::LAKEVIEW
                }
            )
            .is_some(),
        "the demo had that rule"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_preview_shows_the_patient_screen_in_both_languages_and_explains_a_test_message() {
    let (_dir, database) = temp_database();
    let app = App::start("portal_preview", &database).await;
    app.open_screen("preview").await;

    app.wait_for("select[data-part='topic']").await;
    assert_eq!(
        app.value("input[data-part='to']").await,
        "Scheduling Team",
        "Appointments (the first topic) shows its display name in the To: field"
    );
    let labels = app.texts("select[data-part='topic'] option").await;
    assert_eq!(
        labels.first().map(String::as_str),
        Some("Appointments"),
        "English labels: {labels:?}"
    );
    assert!(
        app.text("[data-part='disclaimer']").await.contains("911"),
        "the emergency disclaimer is shown"
    );
    app.screenshot("desktop").await;

    app.click("button[data-control='spanish']").await;
    app.wait_for_text("select[data-part='topic'] option", "Citas")
        .await;
    assert_eq!(
        app.value("input[data-part='to']").await,
        "Equipo de citas",
        "the To: field is in Spanish too"
    );

    app.click("button[data-control='english']").await;
    app.wait_for_text("select[data-part='topic'] option", "Appointments")
        .await;
    app.click("textarea[data-part='message']").await;
    app.type_into("textarea[data-part='message']", "Hello")
        .await;
    app.wait_for_text("[data-part='count']", "5 / 2000").await;

    app.click("button[data-action='send-test']").await;
    let steps = app.texts("[data-part='explanation'] li").await;
    assert!(
        steps.iter().any(|step| step.contains("Front Office")),
        "the explanation names the practice rule's group: {steps:#?}"
    );

    // Dr. Crusher's patient writes about appointments while Jane Smith, whom her rule names,
    // is away: the test message brings Jane's automatic reply.
    app.wait_for("select[data-control='provider']")
        .await
        .select_by_value(&demo_ids::CRUSHER.to_string())
        .await
        .expect("choose Dr. Crusher");
    app.pick_value("input[data-control='date']", "2026-11-25")
        .await;
    assert_eq!(
        app.value("textarea[data-part='message']").await,
        "Hello",
        "the test message survives other choices"
    );
    app.wait_for_text("[data-part='count']", "5 / 2000").await;
    app.click("button[data-action='send-test']").await;
    let reply = app.text("[data-part='auto-reply']").await;
    assert!(
        reply.contains("Automatic reply from Jane Smith")
            && reply.contains("away until 3 December"),
        "the out-of-office recipient's auto-reply appears after the test message: {reply:?}"
    );
    let summary = app.texts("[data-part='summary'] tbody tr").await;
    assert_eq!(
        summary.len(),
        6,
        "the routing summary lists every enabled topic: {summary:#?}"
    );
    app.screenshot("auto-reply").await;

    app.click("button[data-control='phone']").await;
    app.wait_for(".preview-frame[data-width='phone']").await;
    app.screenshot("phone").await;
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn markup_in_a_database_from_before_the_check_is_shown_as_text() {
    // `apply` refuses markup in every text now; a database written before that check could
    // still hold some, and the screens must show it as text, never run it.
    const MARKUP: &str = "<img src=x onerror=alert(1)>";
    let (_dir, database) = temp_database();
    let store = Store::open(&database).await.expect("creates the database");
    store.close().await;
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new().filename(&database),
    )
    .await
    .expect("opens the file directly");
    sqlx::query("UPDATE topics SET display_en = ?, display_es = ? WHERE key = 'appointments'")
        .bind(MARKUP)
        .bind(MARKUP)
        .execute(&pool)
        .await
        .expect("writes the old row");
    pool.close().await;

    let app = App::start("markup_as_text", &database).await;
    app.open_screen("topics").await;
    let to_line = app.text("li[data-topic='appointments'] .topic-to").await;
    assert_eq!(
        to_line,
        format!("To: {MARKUP}"),
        "the Topics list shows the markup literally"
    );
    app.open_screen("routing").await;
    assert!(
        app.text(".grid-header")
            .await
            .contains(&format!("To: {MARKUP}")),
        "the routing grid's header shows the markup literally"
    );
    app.open_screen("preview").await;
    assert_eq!(
        app.value("input[data-part='to']").await,
        MARKUP,
        "the preview's To: field shows the markup literally"
    );
    app.click("button[data-action='csv']").await;
    let csv = app.value("textarea[data-part='csv']").await;
    assert!(
        csv.contains(MARKUP),
        "the CSV carries the admin's text literally: {csv}"
    );
    let images = app.count("img").await;
    assert_eq!(
        images, 0,
        "no img element was created from the admin's text"
    );
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_preview_beside_the_grid_follows_an_edit_at_once() {
    let (_dir, database) = temp_database();
    let app = App::start("preview_pane", &database).await;
    app.open_screen("routing").await;
    app.click("button[data-action='toggle-preview']").await;
    let pane = "aside[data-part='preview-pane']";
    app.wait_for(&format!("{pane} select[data-control='provider']"))
        .await
        .select_by_value(&demo_ids::MCCOY.to_string())
        .await
        .expect("Dr. McCoy works at Downtown, the first location");
    assert_eq!(
        app.value(&format!("{pane} input[data-part='to']")).await,
        "Scheduling Team",
        "Dr. McCoy's patients write about appointments to the practice default's display name"
    );

    // The practice default for appointments becomes "the patient chooses": at once, the pane
    // offers Dr. McCoy's patients a choice of provider.
    let cell = "div.grid-row.grid-default div.grid-cell[data-topic='appointments']";
    app.click(cell).await;
    app.click(&format!("{cell} button[data-action='patient-chooses']"))
        .await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    let choices = app
        .texts(&format!("{pane} select[data-part='to-choose'] option"))
        .await;
    assert!(
        choices
            .iter()
            .any(|choice| choice.starts_with("Leonard McCoy")),
        "the pane's To: field now lets the patient choose, and keeps Dr. McCoy selected: {choices:?}"
    );
    app.screenshot("pane").await;
    app.quit().await;
}
