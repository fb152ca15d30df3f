//! The Locations and Message settings screens, practice setup, and the FHIR directory import, in the real app.

use switchboard_core::{LocationId, SettingField, TopicKey, demo_ids};

use crate::harness::{App, DialogAnswer, stored, temp_database};

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn add_a_location_and_word_one_topic_its_own_way() {
    let (_dir, database) = temp_database();
    let app = App::start("location_topic", &database).await;
    app.open_screen("locations").await;
    app.fill("input[data-part='new-location']", "Eastside Clinic")
        .await;
    app.fill("input[data-part='new-location-zone']", "America/Denver")
        .await;
    app.click("button[data-action='add-location']").await;
    app.wait_for_text(".location-title", "Eastside Clinic")
        .await;
    let id: LocationId = app
        .attribute(".location-detail-pane", "data-location")
        .await
        .parse()
        .expect("the pane names its location");

    let row = ".topic-here[data-topic='appointments']";
    assert_eq!(
        app.text(&format!("{row} .source")).await,
        "From the practice",
        "a new location follows the practice"
    );
    app.fill(
        &format!("{row} input[data-part='to'][data-lang='en']"),
        "Eastside Scheduling",
    )
    .await;
    app.click(&format!("{row} button[data-action='save-topic']"))
        .await;
    app.wait_for_text(&format!("{row} .source"), "Set for this location")
        .await;
    app.screenshot("locations").await;
    // Referrals are switched off here: no column for them in this location's routing grid,
    // whose Appointments column reads the location's own To: name.
    app.click(".topic-here[data-topic='referrals'] input[role='switch']")
        .await;
    app.wait_for_text(
        ".topic-here[data-topic='referrals'] .source",
        "Set for this location",
    )
    .await;
    app.open_screen("routing").await;
    app.pick_value("select[data-control='view']", &id.to_string())
        .await;
    app.wait_for_text(
        ".grid-head[data-topic='appointments'] .grid-to",
        "To: Eastside Scheduling",
    )
    .await;
    assert_eq!(
        app.count(".grid-head[data-topic='referrals']").await,
        0,
        "a topic switched off at the location has no column in its grid"
    );
    assert_eq!(
        app.count(".grid-body .grid-cell[data-topic='referrals']")
            .await,
        0,
        "nor cells"
    );
    app.pick_value("select[data-control='view']", "practice")
        .await;
    app.wait_for(".grid-head[data-topic='referrals']").await;

    // The preview at the new location shows its own To: name; Downtown keeps the practice's.
    app.open_screen("preview").await;
    app.pick_value("select[data-control='location']", &id.to_string())
        .await;
    app.pick_value("select[data-part='topic']", "appointments")
        .await;
    app.wait_for_value("input[data-part='to']", "Eastside Scheduling")
        .await;
    app.pick_value(
        "select[data-control='location']",
        &demo_ids::DOWNTOWN.to_string(),
    )
    .await;
    app.pick_value("select[data-part='topic']", "appointments")
        .await;
    app.wait_for_value("input[data-part='to']", "Scheduling Team")
        .await;
    app.quit().await;

    let config = stored(&database).await;
    let eastside = config.location(id).expect("the new location is stored");
    assert_eq!(
        (eastside.name.as_str(), eastside.time_zone.as_str()),
        ("Eastside Clinic", "America/Denver")
    );
    let own = &eastside.settings.topics[&TopicKey::new("appointments")];
    assert_eq!(
        own.display_name.as_ref().map(|d| d.en.as_str()),
        Some("Eastside Scheduling"),
        "the override is stored"
    );
    assert_eq!(own.label, None, "an unchanged label stays inherited");
    assert_eq!(own.enabled, None, "and so does the switch");
    assert_eq!(
        eastside.settings.topics[&TopicKey::new("referrals")].enabled,
        Some(false),
        "Referrals are off at Eastside"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn office_hours_show_the_after_hours_notice_and_an_override_resets() {
    let (_dir, database) = temp_database();
    let app = App::start("office_hours", &database).await;
    app.open_screen("locations").await;
    app.click(&format!(
        "button.location-item[data-location='{}']",
        demo_ids::DOWNTOWN
    ))
    .await;
    app.wait_for_text(".location-title", "Downtown Medical Center")
        .await;
    // A phone number typed but not saved yet stays through saving the hours.
    app.fill("[data-part='details'] input[data-part='phone']", "555-0199")
        .await;
    app.fill("input[data-day='monday']", "09:00-12:00, 13:00-16:00")
        .await;
    app.fill("input[data-day='tuesday']", "17:00-09:00").await;
    app.click("button[data-action='save-hours']").await;
    let refusal = app.text("[data-part='office-hours'] .notice-error").await;
    assert!(
        refusal.contains("Tuesday") && refusal.contains("must come after"),
        "backwards hours are refused with a sentence: {refusal}"
    );
    app.fill("input[data-day='tuesday']", "08:00-17:00").await;
    app.click("button[data-action='save-hours']").await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    app.wait_for_value("[data-part='details'] input[data-part='phone']", "555-0199")
        .await;

    // Lakeview lets guardians write on its own; reset it to the practice's value.
    app.click(&format!(
        "button.location-item[data-location='{}']",
        demo_ids::LAKEVIEW
    ))
    .await;
    app.wait_for_text(".location-title", "Lakeview Pediatrics")
        .await;
    let guardians = "[data-setting='guardian_may_write']";
    assert_eq!(
        app.text(&format!("{guardians} .source")).await,
        "Set for this location"
    );
    app.click(&format!("{guardians} button[data-action='reset']"))
        .await;
    app.wait_for_text(&format!("{guardians} .source"), "From the practice")
        .await;

    // The preview on Monday 12:30 at Downtown is after hours (lunch); at 10:00 it is not.
    app.open_screen("preview").await;
    app.pick_value(
        "select[data-control='location']",
        &demo_ids::DOWNTOWN.to_string(),
    )
    .await;
    app.pick_value("input[data-control='date']", "2026-11-23")
        .await;
    app.pick_value("input[data-control='time']", "12:30").await;
    let notice = app.text("[data-part='after-hours']").await;
    assert!(
        notice.contains("closed"),
        "the after-hours notice shows: {notice}"
    );
    app.screenshot("after-hours").await;
    app.pick_value("input[data-control='time']", "10:00").await;
    app.eventually("no notice within office hours", || async {
        app.count("[data-part='after-hours']").await == 0
    })
    .await;
    app.quit().await;

    let config = stored(&database).await;
    let downtown = config.location(demo_ids::DOWNTOWN).expect("demo");
    assert_eq!(
        downtown
            .office_hours
            .day_text(switchboard_core::Weekday::Monday),
        "09:00-12:00, 13:00-16:00"
    );
    assert_eq!(
        config
            .location(demo_ids::LAKEVIEW)
            .expect("demo")
            .settings
            .get(SettingField::GuardianMayWrite),
        None,
        "Lakeview's override is gone"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn message_settings_count_the_banner_and_check_the_email() {
    let (dir, database) = temp_database();
    let dialog = DialogAnswer::new(dir.path());
    let app = App::start_with_env("message_settings", &database, &[dialog.env()]).await;
    app.open_screen("settings").await;
    let banner = "[data-setting='banner']";
    app.fill(
        &format!("{banner} textarea[data-lang='en']"),
        "Closed on Friday",
    )
    .await;
    app.wait_for_text(
        &format!("{banner} [data-part='char-count']"),
        "16 characters",
    )
    .await;
    app.fill(
        &format!("{banner} textarea[data-lang='es']"),
        "Cerrado el viernes",
    )
    .await;
    app.click(&format!("{banner} button[data-action='save']"))
        .await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;

    let email = "[data-setting='notification_email']";
    app.fill(
        &format!("{email} input[data-part='email']"),
        "frontdesk.example.org",
    )
    .await;
    let problem = app
        .text(&format!("{email} [data-part='email-error']"))
        .await;
    assert!(
        problem.contains("no @"),
        "the address is checked as typed: {problem}"
    );
    assert_eq!(
        app.attribute(&format!("{email} button[data-action='save']"), "disabled")
            .await,
        "true",
        "a bad address cannot be saved"
    );
    // What is typed in one setting survives saving another on the same screen.
    app.fill(
        &format!("{banner} textarea[data-lang='en']"),
        "Closed on Friday afternoon",
    )
    .await;
    app.click("[data-setting='guardian_may_write'] input[role='switch']")
        .await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.wait_for_value(
        &format!("{email} input[data-part='email']"),
        "frontdesk.example.org",
    )
    .await;
    app.wait_for_value(
        &format!("{banner} textarea[data-lang='en']"),
        "Closed on Friday afternoon",
    )
    .await;
    app.fill(
        &format!("{banner} textarea[data-lang='en']"),
        "Closed on Friday",
    )
    .await;
    // The logo: an SVG drawing is refused with a sentence; a PNG is kept and shown.
    let icons = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("icons");
    let logo = "[data-setting='logo']";
    let open = format!("{logo} button[data-action='logo-open']");
    dialog.pick(&icons.join("source.svg"));
    app.click(&open).await;
    let refusal = app.text(&format!("{logo} .field-error")).await;
    assert!(
        refusal.starts_with("\"source.svg\": ") && refusal.contains("SVG"),
        "an SVG is refused, naming the file: {refusal}"
    );
    dialog.pick(&icons.join("128x128.png"));
    app.click(&open).await;
    app.wait_for(&format!("{logo} img[data-part='logo']")).await;
    app.screenshot("settings").await;
    app.open_screen("preview").await;
    let shown = app.attribute(".portal img[data-part='logo']", "src").await;
    assert!(
        shown.starts_with("data:image/png;base64,"),
        "the preview shows the logo"
    );
    app.wait_for_text("[data-part='banner']", "Closed on Friday")
        .await;
    app.click("button[data-control='spanish']").await;
    app.wait_for_text("[data-part='banner']", "Cerrado el viernes")
        .await;
    app.quit().await;

    let config = stored(&database).await;
    assert_eq!(config.settings.banner.en, "Closed on Friday");
    assert!(
        !config.settings.guardian_may_write,
        "the guardians switch was saved"
    );
    assert_eq!(
        config.settings.logo,
        switchboard_core::Logo::from_bytes(
            &std::fs::read(icons.join("128x128.png")).expect("icon")
        )
        .expect("a PNG"),
        "the logo is kept in the database, byte for byte"
    );
    assert_eq!(
        config.settings.notification_email, "portal@riverside.example",
        "the bad address was never saved"
    );
}

/// The FHIR R4 directory the core tests use: 2 locations, 3 practitioners, a group, care
/// teams, a patient and an endpoint.
fn fhir_directory() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/core/tests/core/fhir/directory.json")
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn import_a_fhir_directory_and_see_it_appear() {
    let (dir, database) = temp_database();
    let dialog = DialogAnswer::new(dir.path());
    let app = App::start_with_env("fhir_import", &database, &[dialog.env()]).await;
    app.open_screen("settings").await;

    // A file whose last entry is broken: named, and nothing changes.
    let mut bundle: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fhir_directory()).expect("fixture"))
            .expect("fixture is JSON");
    bundle["entry"].as_array_mut().expect("entries").push(
        serde_json::json!({"resource": {"resourceType": "Location", "id": "bad", "name": 42}}),
    );
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, bundle.to_string()).expect("write");
    dialog.pick(&broken);
    app.click("button[data-action='fhir-open']").await;
    let error = app.text("[data-part='fhir-import'] .notice-error").await;
    assert!(
        error.contains("broken.json")
            && error.contains("name")
            && error.contains("Nothing was imported"),
        "the error names the file, the field, and that nothing changed: {error}"
    );
    assert_eq!(
        app.count("[data-part='fhir-import'] [data-part='review']")
            .await,
        0
    );

    dialog.pick(&fhir_directory());
    app.click("button[data-action='fhir-open']").await;
    let summary = app
        .text("[data-part='fhir-import'] [data-part='fhir-counts']")
        .await;
    assert!(
        summary.contains("7 to add"),
        "the review counts what is new: {summary}"
    );
    app.screenshot("fhir-review").await;
    // The practice takes the organization's name only when the admin picks it (issue 16).
    app.click("[data-part='organization-choice'] input[data-organization='org-1']")
        .await;
    app.wait_for_text(
        "[data-part='fhir-import'] [data-part='fhir-counts']",
        "From \"directory.json\": 7 to add, 1 to update, 0 already up to date, 0 skipped.",
    )
    .await;
    app.click("[data-part='fhir-import'] button[data-action='apply-import']")
        .await;
    app.wait_for_text(".practice-name", "Riverside Family Medicine")
        .await;

    // The new locations are listed, and their providers are rows of the routing grid.
    app.open_screen("locations").await;
    let names = app.texts(".location-item .location-name").await;
    assert!(
        names.iter().any(|n| n == "Riverside North")
            && names.iter().any(|n| n == "Riverside Main Clinic"),
        "imported locations appear: {names:?}"
    );
    // And the practitioners are in the directory, at the imported locations.
    app.open_screen("people").await;
    app.fill("input[data-part='search']", "Crusher").await;
    app.eventually(
        "the imported Dr. Crusher is listed at the Riverside locations",
        || async {
            let places = app
                .texts("[data-part='directory'] td[data-part='locations']")
                .await;
            places.iter().any(|p| p.contains("Riverside"))
        },
    )
    .await;
    app.quit().await;

    let config = stored(&database).await;
    let imported: Vec<String> = config
        .people
        .values()
        .filter(|p| {
            p.external_ids
                .iter()
                .any(|id| id.contains("/Practitioner/"))
        })
        .map(|p| p.display_name())
        .collect();
    assert_eq!(
        imported.len(),
        3,
        "three practitioners imported: {imported:?}"
    );

    // Importing the same file again changes nothing.
    let app = App::start_with_env("fhir_import_again", &database, &[dialog.env()]).await;
    app.open_screen("settings").await;
    dialog.pick(&fhir_directory());
    app.click("button[data-action='fhir-open']").await;
    let summary = app
        .text("[data-part='fhir-import'] [data-part='fhir-counts']")
        .await;
    assert!(summary.contains("0 to add, 0 to update"), "{summary}");
    assert_eq!(
        app.attribute(
            "[data-part='fhir-import'] button[data-action='apply-import']",
            "disabled"
        )
        .await,
        "true",
        "nothing to apply"
    );
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn start_a_new_practice_then_undo_back_to_the_demo() {
    let (dir, database) = temp_database();
    let dialog = DialogAnswer::new(dir.path());
    let app = App::start_with_env("practice_setup", &database, &[dialog.env()]).await;
    app.wait_for("[data-part='demo-welcome']").await;
    app.click("button[data-action='set-up']").await;
    app.wait_for("main section[data-screen='settings']").await;

    // An incomplete form says what is missing and changes nothing.
    app.fill("input[data-part='new-name']", "Lakeside Family Care")
        .await;
    app.click("button[data-action='new-practice']").await;
    let missing = app.text("[data-part='setup'] .notice-error").await;
    assert!(
        missing.contains("fallback inbox"),
        "names the missing field: {missing}"
    );

    app.fill("input[data-part='new-inbox']", "Ana Ruiz").await;
    app.click("button[data-action='new-practice']").await;
    let review = app
        .texts("[data-part='setup'] [data-part='review'] li")
        .await;
    assert!(
        review
            .iter()
            .any(|line| line.contains("Lakeside Family Care")),
        "the review says what replaces the demo: {review:?}"
    );
    app.click("[data-part='setup'] button[data-action='apply-import']")
        .await;
    app.wait_for_text(".practice-name", "Lakeside Family Care")
        .await;
    assert_eq!(
        app.count(".practice .badge-demo").await,
        0,
        "no longer labelled Demo"
    );

    // A Switchboard export file is reviewed and applied the same way.
    let store_view = {
        let mut config = switchboard_core::demo_practice();
        config.practice_name = switchboard_core::PracticeName("Harbor Clinic".into());
        config.demo = false;
        switchboard_core::export(&config)
    };
    let file = dir.path().join("harbor.json");
    std::fs::write(&file, store_view).expect("write");
    dialog.pick(&file);
    app.click("button[data-action='import-open']").await;
    app.wait_for("[data-part='setup'] [data-part='review']")
        .await;
    app.click("[data-part='setup'] button[data-action='apply-import']")
        .await;
    app.wait_for_text(".practice-name", "Harbor Clinic").await;

    // Each replacement is one undo step.
    app.click("button[data-action='undo']").await;
    app.wait_for_text(".practice-name", "Lakeside Family Care")
        .await;
    app.click("button[data-action='undo']").await;
    app.wait_for_text(".practice-name", "Riverside Family Medicine (demo)")
        .await;
    app.quit().await;

    let config = stored(&database).await;
    assert_eq!(
        config,
        switchboard_core::demo_practice(),
        "two undos: the demo exactly"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn limits_and_attachments_save_their_numbers_and_name_the_one_that_is_wrong() {
    let (_dir, database) = temp_database();
    let app = App::start("message_settings_numbers", &database).await;
    app.open_screen("settings").await;
    let limits = "[data-setting='limits']";
    // Emptied with Backspace, as a person would (a number box takes no letters).
    app.type_into(
        &format!("{limits} input[data-part='max-characters']"),
        &"\u{E003}".repeat(10),
    )
    .await;
    app.click(&format!("{limits} button[data-action='save']"))
        .await;
    app.screenshot("limits-refused").await;
    let error = app.text(&format!("{limits} .field-error")).await;
    assert_eq!(
        error, "The longest message must be a whole number, such as 5.",
        "an empty box is named, and nothing is saved"
    );
    app.fill(
        &format!("{limits} input[data-part='max-characters']"),
        "1200",
    )
    .await;
    app.click(&format!("{limits} button[data-action='save']"))
        .await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    assert_eq!(
        app.count(&format!("{limits} .field-error")).await,
        0,
        "the sentence goes once the numbers are saved"
    );

    let attachments = "[data-setting='attachments']";
    if !switchboard_core::demo_practice()
        .settings
        .attachments
        .allowed
    {
        app.click(&format!("{attachments} input[data-part='attachments-on']"))
            .await;
    }
    app.fill(&format!("{attachments} input[data-part='max-count']"), "4")
        .await;
    app.fill(
        &format!("{attachments} input[data-part='max-megabytes']"),
        "12",
    )
    .await;
    app.click(&format!("{attachments} button[data-action='save']"))
        .await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.quit().await;

    let settings = stored(&database).await.settings;
    assert_eq!(
        settings.limits.max_characters, 1200,
        "the longest message is saved"
    );
    assert_eq!(
        (
            settings.attachments.allowed,
            settings.attachments.max_count,
            settings.attachments.max_megabytes
        ),
        (true, 4, 12),
        "patients may attach up to 4 files of 12 MB each"
    );
}
