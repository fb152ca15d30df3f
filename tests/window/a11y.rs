//! Accessibility in the real window (issue 17): axe-core (WCAG 2.2 AA) on every screen, panel,
//! form, error notice and preview state, failing on any critical or serious violation.

use serde_json::json;

use crate::axe::Audit;
use crate::harness::{App, Key, temp_database};

/// The eight screens, in navigation order, then the preview in Spanish and at phone width.
#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn axe_finds_nothing_serious_on_any_screen() {
    let (_dir, database) = temp_database();
    let app = App::start("a11y_screens", &database).await;
    let mut audit = Audit::default();
    for screen in [
        "overview",
        "topics",
        "routing",
        "locations",
        "people",
        "settings",
        "preview",
        "history",
    ] {
        app.open_screen(screen).await;
        audit.check(&app, screen).await;
    }
    app.open_screen("preview").await;
    app.click("button[data-control='spanish']").await;
    audit.check(&app, "preview in Spanish").await;
    app.click("button[data-control='phone']").await;
    audit.check(&app, "preview in Spanish at phone width").await;
    app.quit().await;
    audit.finish();
}

/// The Routing screen's open states: a cell's add box, each bulk panel, the patient preview.
#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn axe_finds_nothing_serious_in_the_routing_panels() {
    let (_dir, database) = temp_database();
    let app = App::start("a11y_routing", &database).await;
    let mut audit = Audit::default();
    app.open_screen("routing").await;
    app.click("div.grid-row[data-row='1'] div.grid-cell").await;
    app.wait_for(".add-box").await;
    audit.check(&app, "routing: a cell's add box").await;
    app.press(Key::Escape.into()).await;
    for (action, state) in [
        ("open-all-providers", "routing: all providers (bulk)"),
        ("open-replace", "routing: replace someone"),
        ("open-copy", "routing: copy routing"),
        ("open-receives", "routing: what does someone receive"),
    ] {
        app.click(&format!("button[data-action='{action}']")).await;
        app.wait_for(".bulk-panel").await;
        audit.check(&app, state).await;
    }
    app.click("button[data-action='toggle-preview']").await;
    app.wait_for("[data-part='preview-pane']").await;
    audit.check(&app, "routing: patient preview pane").await;
    app.quit().await;
    audit.finish();
}

/// People & groups and Topics: each form open, and a form's error notice.
#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn axe_finds_nothing_serious_in_the_people_and_topic_forms() {
    let (_dir, database) = temp_database();
    let app = App::start("a11y_forms", &database).await;
    let mut audit = Audit::default();
    app.open_screen("people").await;
    app.click("button[data-action='add-person']").await;
    app.wait_for("[data-part='person-form']").await;
    audit.check(&app, "people: new person").await;
    app.click("button[data-action='save-person']").await;
    app.wait_for("[data-part='person-form'] [data-part='problem']")
        .await;
    audit.check(&app, "people: new person's error").await;
    app.press(Key::Escape.into()).await;
    app.click("button[data-action='edit-person']").await;
    app.wait_for("[data-part='person-form']").await;
    audit.check(&app, "people: edit person").await;
    app.press(Key::Escape.into()).await;
    app.click("button[data-action='edit-away']").await;
    app.wait_for("[data-part='away-form']").await;
    audit.check(&app, "people: time away").await;
    app.click("[data-part='away-form'] button[data-action='cancel']")
        .await;
    app.click("button[data-action='edit-members']").await;
    app.wait_for("[data-part='members-editor']").await;
    audit.check(&app, "people: group members").await;
    app.click("button[data-action='rename-group']").await;
    app.wait_for("[data-part='rename']").await;
    audit.check(&app, "people: rename group").await;

    app.open_screen("topics").await;
    app.click("button[data-action='edit']").await;
    app.wait_for("[data-part='topic-editor']").await;
    audit.check(&app, "topics: edit a topic").await;
    app.click("button[data-action='add-topic']").await;
    app.wait_for("[data-part='add-topic'] input").await;
    audit.check(&app, "topics: add a topic").await;
    app.quit().await;
    audit.finish();
}

/// Locations, practice setup (its error and its review) and the FHIR import's review.
#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn axe_finds_nothing_serious_in_setup_locations_and_imports() {
    let (dir, database) = temp_database();
    let bundle = dir.path().join("directory.json");
    let npi = "http://hl7.org/fhir/sid/us-npi";
    std::fs::write(
        &bundle,
        json!({"resourceType": "Bundle", "type": "collection", "entry": [
            {"resource": {"resourceType": "Location", "id": "main", "name": "Lakeside Main Clinic"}},
            {"resource": {"resourceType": "Practitioner", "id": "a",
                "identifier": [{"system": npi, "value": "1111111116"}], "name": [{"text": "Ada Okafor"}]}},
            {"resource": {"resourceType": "PractitionerRole", "id": "r-a",
                "practitioner": {"reference": "Practitioner/a"},
                "location": [{"reference": "Location/main"}]}},
        ]})
        .to_string(),
    )
    .expect("write the directory");
    let dialog = crate::harness::DialogAnswer::new(dir.path());
    let app = App::start_with_env("a11y_setup", &database, &[dialog.env()]).await;
    let mut audit = Audit::default();
    app.open_screen("locations").await;
    app.wait_for("[data-part='topics-here']").await;
    audit.check(&app, "locations: a location's sections").await;
    app.click("button[data-action='add-location']").await;
    audit.check(&app, "locations: add location's error").await;

    app.open_screen("settings").await;
    dialog.pick(&bundle);
    app.click("button[data-action='fhir-open']").await;
    app.wait_for("[data-part='fhir-import'] [data-part='fhir-counts']")
        .await;
    audit.check(&app, "settings: FHIR import review").await;
    app.click("[data-part='fhir-import'] button[data-action='cancel-import']")
        .await;

    app.open_screen("overview").await;
    app.click("button[data-action='set-up']").await;
    app.wait_for("[data-part='setup']").await;
    audit.check(&app, "practice setup").await;
    app.fill("input[data-part='new-name']", "Lakeside Family Care")
        .await;
    app.click("button[data-action='new-practice']").await;
    app.wait_for("[data-part='setup'] .notice-error").await;
    audit.check(&app, "practice setup's error").await;
    app.fill("input[data-part='new-inbox']", "Ana Ruiz").await;
    app.click("button[data-action='new-practice']").await;
    app.wait_for("[data-part='setup'] [data-part='review']")
        .await;
    audit
        .check(&app, "practice setup's review (import review)")
        .await;
    app.quit().await;
    audit.finish();
}

/// Every icon-only control's name, and each chip's remove target: the symbol's meaning is in
/// the name (SC 2.5.3), and × is at least 24×24 px (SC 2.5.8).
const ICON_NAMES: &str = r#"
const meaning = { '✎': /edit/i, '↑': /up/i, '↓': /down/i, '⋮⋮': /drag/i, '×': /remove/i, '✕': /remove/i };
const problems = [];
let checked = 0;
for (const el of document.querySelectorAll('button, [role=img], [role=button], .drag-handle')) {
  const text = el.textContent.trim();
  if (!text || /[\p{L}\p{N}]/u.test(text)) continue;
  checked += 1;
  const name = el.getAttribute('aria-label') || '';
  const want = meaning[text];
  if (!name || (want && !want.test(name))) problems.push(`${text} named ${JSON.stringify(name)}`);
}
const small = [...document.querySelectorAll('.chip-remove')]
  .map((b) => b.getBoundingClientRect())
  .filter((r) => r.width > 0 && (r.width < 24 || r.height < 24))
  .map((r) => `${r.width}×${r.height}`);
return { checked, problems, small, removes: document.querySelectorAll('.chip-remove').length };
"#;

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn icon_only_buttons_say_what_their_symbol_means_and_chip_removes_are_24_px() {
    let (_dir, database) = temp_database();
    let app = App::start("a11y_names", &database).await;
    app.open_screen("topics").await;
    app.wait_for("button[data-action='move-up']").await;
    let topics = app.run(ICON_NAMES, vec![]).await;
    app.open_screen("routing").await;
    app.wait_for(".grid-cell .chip-remove").await;
    let routing = app.run(ICON_NAMES, vec![]).await;
    app.click("button[data-action='open-all-providers']").await;
    app.pick_value(
        ".bulk-row select[data-part='pick']",
        &format!("person:{}", switchboard_core::demo_ids::JANE_SMITH),
    )
    .await;
    app.wait_for(".bulk-row .chip-remove").await;
    let bulk = app.run(ICON_NAMES, vec![]).await;
    app.quit().await;
    for (screen, found) in [
        ("topics", topics),
        ("routing", routing),
        ("bulk panel", bulk),
    ] {
        println!("names {screen}: {found}");
        assert!(
            found["problems"].as_array().is_some_and(Vec::is_empty),
            "{screen}: every icon-only control's name says what its symbol means: {}",
            found["problems"]
        );
        assert!(
            found["small"].as_array().is_some_and(Vec::is_empty),
            "{screen}: every chip's × is at least 24×24 px: {}",
            found["small"]
        );
    }
}
