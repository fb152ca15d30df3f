//! FHIR directory import on files as real directories come (issue 16), in the real window:
//! a bad record skips itself with its own line in the preview while the rest imports, the
//! same NPI under another name is a conflict the admin decides, the practice's name changes
//! only when the admin picks an organization, and a file that is not UTF-8 is refused
//! naming the byte offset. Screenshots: `fhir_preview-skipped`, `fhir_preview-conflict`,
//! `fhir_preview-organization`, `fhir_preview-decided`.

use serde_json::{Value, json};

use crate::harness::{App, DialogAnswer, stored, temp_database};

const NPI: &str = "http://hl7.org/fhir/sid/us-npi";
const ORG_TYPE: &str = "http://terminology.hl7.org/CodeSystem/organization-type";

fn bundle(resources: Vec<Value>) -> String {
    let entries: Vec<Value> = resources
        .into_iter()
        .map(|resource| json!({"resource": resource}))
        .collect();
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries}).to_string()
}

fn practitioner(id: &str, npi: &str, text: &str) -> Value {
    json!({"resourceType": "Practitioner", "id": id,
        "identifier": [{"system": NPI, "value": npi}], "name": [{"text": text}]})
}

/// Scrolls the element matching `css` into view, so a screenshot shows it.
async fn show(app: &App, css: &str) {
    app.wait_for(css).await;
    app.run_async(
        "document.querySelector(arguments[0]).scrollIntoView({block: 'start'});
         arguments[arguments.length - 1](true);",
        vec![Value::from(css)],
    )
    .await;
}

const COUNTS: &str = "[data-part='fhir-import'] [data-part='fhir-counts']";

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn fhir_preview_skips_a_record_shows_an_npi_conflict_and_offers_the_organization() {
    let (dir, database) = temp_database();
    let first = dir.path().join("first.json");
    std::fs::write(
        &first,
        bundle(vec![
            json!({"resourceType": "Location", "id": "main", "name": "Lakeside Main Clinic"}),
            practitioner("a", "1111111116", "Ada Okafor"),
            json!({"resourceType": "PractitionerRole", "id": "r-a",
                "practitioner": {"reference": "Practitioner/a"},
                "location": [{"reference": "Location/main"}]}),
        ]),
    )
    .expect("write");
    // Another system's export: a patient's home (mode: kind, no name), a payer, the health
    // system, and Ada's NPI on someone else.
    let second = dir.path().join("hospital.json");
    std::fs::write(
        &second,
        bundle(vec![
            json!({"resourceType": "Organization", "id": "hs", "active": true, "name": "Lakeside Health System",
                "type": [{"coding": [{"system": ORG_TYPE, "code": "prov"}]}]}),
            json!({"resourceType": "Organization", "id": "plan", "name": "Acme Health Plan",
                "type": [{"coding": [{"system": ORG_TYPE, "code": "pay"}]}]}),
            json!({"resourceType": "Location", "id": "ph", "mode": "kind", "status": "active",
                "physicalType": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "ho"}]}}),
            json!({"resourceType": "Location", "id": "east", "name": "Lakeside East"}),
            practitioner("x-77", "1111111116", "Ben Lindqvist"),
            practitioner("c", "1111111124", "Chloe Moreau"),
        ]),
    )
    .expect("write");
    let latin1 = dir.path().join("latin1.json");
    let mut bytes =
        br#"{"resourceType": "Practitioner", "id": "r", "name": [{"text": "Ren"#.to_vec();
    let offset = bytes.len();
    bytes.extend_from_slice(b"\xE9e\"}]}");
    std::fs::write(&latin1, bytes).expect("write");

    let dialog = DialogAnswer::new(dir.path());
    let app = App::start_with_env("fhir_preview", &database, &[dialog.env()]).await;
    app.open_screen("settings").await;
    let practice = app.value("input[data-part='practice-name']").await;

    // A file that is not UTF-8 is refused at its byte.
    dialog.pick(&latin1);
    app.click("button[data-action='fhir-open']").await;
    let error = app.text("[data-part='fhir-import'] .notice-error").await;
    assert!(
        error.contains(&format!("offset {offset}")) && error.contains("Nothing was imported"),
        "the refusal names the byte offset and that nothing changed: {error}"
    );

    dialog.pick(&first);
    app.click("button[data-action='fhir-open']").await;
    app.wait_for_text_content(
        COUNTS,
        "From \"first.json\": 2 to add, 0 to update, 0 already up to date, 0 skipped.",
    )
    .await;
    app.click("[data-part='fhir-import'] button[data-action='apply-import']")
        .await;
    app.eventually(
        "the first import is applied and the preview closes",
        || async { app.count(COUNTS).await == 0 },
    )
    .await;

    dialog.pick(&second);
    app.click("button[data-action='fhir-open']").await;
    app.wait_for_text_content(
        COUNTS,
        "From \"hospital.json\": 2 to add, 0 to update, 0 already up to date, 2 skipped, 1 to decide.",
    )
    .await;
    let skipped = app
        .texts("[data-part='fhir-import'] [data-part='fhir-skipped'] li")
        .await;
    assert!(
        skipped
            .iter()
            .any(|l| l.contains("Location \"ph\"") && l.contains("mode: kind"))
            && skipped
                .iter()
                .any(|l| l.contains("Organization \"plan\"") && l.contains("payer")),
        "the home and the payer each have a line saying why they are skipped: {skipped:?}"
    );
    show(&app, "[data-part='fhir-import'] [data-part='fhir-skipped']").await;
    app.screenshot("skipped").await;

    let conflict = app
        .text("[data-part='fhir-import'] [data-part='fhir-conflicts'] .fhir-conflict p")
        .await;
    assert!(
        conflict.contains("NPI 1111111116")
            && conflict.contains("Ada Okafor")
            && conflict.contains("Ben Lindqvist"),
        "the conflict names the NPI and both names: {conflict}"
    );
    show(
        &app,
        "[data-part='fhir-import'] [data-part='fhir-conflicts']",
    )
    .await;
    app.screenshot("conflict").await;

    let offered = app
        .texts("[data-part='fhir-import'] [data-part='organization-choice'] label")
        .await;
    assert_eq!(
        offered,
        vec![
            format!("Keep \"{practice}\""),
            "Use this organization's name: \"Lakeside Health System\"".to_owned(),
        ],
        "keeping the name is the default choice and the payer is not offered"
    );
    show(
        &app,
        "[data-part='fhir-import'] [data-part='organization-choice']",
    )
    .await;
    app.screenshot("organization").await;

    // Decide: update Ada's name, and take the health system's name.
    app.click("[data-part='fhir-conflicts'] input[data-action='conflict-update']")
        .await;
    app.wait_for_text_content(
        COUNTS,
        "From \"hospital.json\": 2 to add, 1 to update, 0 already up to date, 2 skipped, 1 to decide.",
    )
    .await;
    app.click("[data-part='organization-choice'] input[data-organization='hs']")
        .await;
    app.wait_for_text_content(
        COUNTS,
        "From \"hospital.json\": 2 to add, 2 to update, 0 already up to date, 2 skipped, 1 to decide.",
    )
    .await;
    show(&app, "[data-part='fhir-import'] [data-part='review']").await;
    app.screenshot("decided").await;
    app.click("[data-part='fhir-import'] button[data-action='apply-import']")
        .await;
    app.wait_for_value("input[data-part='practice-name']", "Lakeside Health System")
        .await;
    app.quit().await;

    let config = stored(&database).await;
    let names: Vec<&str> = config.people.values().map(|p| p.name.as_str()).collect();
    assert!(
        names.contains(&"Ben Lindqvist")
            && names.contains(&"Chloe Moreau")
            && !names.contains(&"Ada Okafor"),
        "the chosen update renamed the person with that NPI, and the new practitioner is added: {names:?}"
    );
    let places: Vec<&str> = config.locations.values().map(|l| l.name.as_str()).collect();
    assert!(
        places.contains(&"Lakeside East"),
        "the site is imported: {places:?}"
    );
    assert!(
        !config
            .locations
            .values()
            .any(|l| l.external_ids.iter().any(|k| k.ends_with("Location/ph"))),
        "the patient's home never became a location"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn fhir_a_large_file_shows_its_progress_then_counts_and_a_page_of_lines() {
    let (dir, database) = temp_database();
    let count = 3_000;
    let mut resources =
        vec![json!({"resourceType": "Location", "id": "main", "name": "Lakeside Main Clinic"})];
    for j in 0..count {
        resources.push(practitioner(
            &format!("p-{j}"),
            &format!("1{j:09}"),
            &format!("Provider Number {j}"),
        ));
        resources.push(
            json!({"resourceType": "PractitionerRole", "id": format!("r-{j}"),
            "practitioner": {"reference": format!("Practitioner/p-{j}")},
            "location": [{"reference": "Location/main"}]}),
        );
    }
    let file = dir.path().join("large.json");
    std::fs::write(&file, bundle(resources)).expect("write");

    let dialog = DialogAnswer::new(dir.path());
    let app = App::start_with_env("fhir_large", &database, &[dialog.env()]).await;
    app.open_screen("settings").await;
    // Record every state of the progress bar while the file is read, parsed and planned.
    app.run_async(
        "window.fhirProgress = [];
         new MutationObserver(() => {
           const bar = document.querySelector(\"[data-part='fhir-progress'] progress\");
           if (bar) window.fhirProgress.push([Number(bar.value), Number(bar.max),
             document.querySelector(\"[data-part='fhir-progress']\").textContent]);
         }).observe(document.body, {subtree: true, childList: true, attributes: true, characterData: true});
         arguments[arguments.length - 1](true);",
        vec![],
    )
    .await;
    dialog.pick(&file);
    app.click("button[data-action='fhir-open']").await;
    app.wait_for_text_content(
        COUNTS,
        &format!(
            "From \"large.json\": {} to add, 0 to update, 0 already up to date, 0 skipped.",
            count + 1
        ),
    )
    .await;
    let seen = app
        .run_async(
            "arguments[arguments.length - 1](window.fhirProgress);",
            vec![],
        )
        .await;
    let seen = seen.as_array().expect("a list of states");
    assert!(
        seen.iter().any(|s| s[2]
            .as_str()
            .is_some_and(|t| t.contains("Checking that the file is FHIR JSON")))
            && seen.iter().any(|s| s[2]
                .as_str()
                .is_some_and(|t| t.contains("Comparing the file"))),
        "the bar says what it is doing, checking then comparing: {seen:?}"
    );
    let values: Vec<f64> = seen.iter().filter_map(|s| s[0].as_f64()).collect();
    assert!(
        seen.iter().all(|s| s[1].as_f64() == Some(1000.0))
            && values.windows(2).all(|w| w[0] <= w[1])
            && values.iter().any(|v| *v > 0.0),
        "the bar is determinate and only moves forward: {seen:?}"
    );
    assert_eq!(
        app.count("[data-part='fhir-added'] li").await,
        50,
        "the preview shows the counts and a first page of lines, not 3,001 rows"
    );
    app.click("[data-part='fhir-added'] button[data-action='show-more']")
        .await;
    app.eventually("Show more adds the next page", || async {
        app.count("[data-part='fhir-added'] li").await == 100
    })
    .await;
    show(&app, "[data-part='fhir-import'] [data-part='review']").await;
    app.screenshot("paged").await;
    app.quit().await;
}
