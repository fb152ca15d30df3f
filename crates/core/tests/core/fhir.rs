//! fhir::plan(): a FHIR R4 directory Bundle planned into the fixture practice — first import,
//! re-import, a two-field edit, what is skipped, and errors that name the resource and field
//! even when the bad element is the last one. The cases of issue 16 (skip or refuse,
//! identity, organizations, names, groups) are in `fhir_cases`, the folder property in
//! `fhir_folder`.

use serde_json::{Value, json};
use switchboard_core::fhir::plan;
use switchboard_core::{Change, Config, Date, FhirError, FhirPlan, Group, Location, Person, apply};

use crate::fixture;

const DIRECTORY: &str = include_str!("fhir/directory.json");

fn today() -> Date {
    fixture::day("2024-06-01")
}

fn directory() -> Value {
    serde_json::from_str(DIRECTORY).expect("the fixture is JSON")
}

fn text(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("a Value serialises")
}

/// Plans `json` into `current` and applies it, returning the plan and the result.
fn import(current: &Config, json: &str) -> (FhirPlan, Config) {
    let planned = plan(current, json, None, today()).expect("the fixture plans");
    let mut after = current.clone();
    apply(&mut after, &planned.change).expect("a plan applies to the state it was made from");
    (planned, after)
}

fn location<'c>(config: &'c Config, name: &str) -> &'c Location {
    (config.locations.values())
        .find(|l| l.name == name)
        .unwrap_or_else(|| panic!("the import has a location named {name}"))
}

fn person<'c>(config: &'c Config, name: &str) -> &'c Person {
    (config.people.values())
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("the import has a person named {name}"))
}

fn group<'c>(config: &'c Config, name: &str) -> &'c Group {
    (config.groups.values())
        .find(|g| g.name == name)
        .unwrap_or_else(|| panic!("the import has a group named {name}"))
}

fn batch_len(change: &Change) -> usize {
    match change {
        Change::Batch { changes } => changes.len(),
        _ => 1,
    }
}

#[test]
fn the_first_import_adds_the_named_records() {
    let current = fixture::practice();
    let (planned, after) = import(&current, DIRECTORY);
    assert_eq!(
        planned.added.len(),
        7,
        "two locations, three practitioners and two groups are new: {:#?}",
        planned.added
    );
    assert!(
        planned
            .added
            .iter()
            .any(|line| line.contains("Beverly Crusher, MD")
                && line.contains("Riverside Main Clinic, Riverside North")),
        "the added line names the provider and their locations: {:#?}",
        planned.added
    );
    assert!(
        planned.updated.is_empty(),
        "no existing record changes, not even the practice's name: {:#?}",
        planned.updated
    );
    assert_eq!(
        after.practice_name, current.practice_name,
        "an Organization names the practice only when the admin picks it"
    );
    assert_eq!(
        planned.organizations,
        vec![("org-1".to_owned(), "Riverside Family Medicine".to_owned())],
        "the provider Organization is offered to name the practice"
    );

    let main = location(&after, "Riverside Main Clinic");
    assert_eq!(
        (
            main.alias.as_str(),
            main.address.as_str(),
            main.phone.as_str()
        ),
        (
            "Main",
            "1000 Main St, Suite 200, Springfield, IL 62701",
            "(217) 555-0101"
        ),
        "alias[0], the address lines and the work phone (not the fax) are taken"
    );
    assert_eq!(
        main.time_zone, "America/Chicago",
        "the timezone extension gives the time zone"
    );
    assert_eq!(
        main.external_ids,
        vec![
            "http://example.org/fhir/sid/site|RFM-01",
            "http://example.org/fhir/Location/loc-main"
        ],
        "the identifier and the id with its source (the fullUrl) are kept so a re-import finds the location"
    );
    let north = location(&after, "Riverside North");
    assert_eq!(
        (north.address.as_str(), north.time_zone.as_str()),
        ("42 Lake Rd, Springfield, IL 62702", "America/New_York"),
        "the address text is taken; without the extension the practice's time zone is used"
    );

    let crusher = person(&after, "Beverly Crusher");
    assert_eq!(
        (crusher.credentials.as_str(), crusher.active),
        ("MD", true),
        "the official name's suffix gives the credentials; a role in effect keeps her active"
    );
    assert_eq!(
        crusher.locations,
        [main.id, north.id].into(),
        "her role's two locations (one by relative, one by absolute reference) are hers"
    );
    let mccoy = person(&after, "Leonard H. McCoy");
    assert_eq!(
        (mccoy.credentials.as_str(), mccoy.locations.clone()),
        ("DO", [north.id].into()),
        "the degree code gives credentials; a role found by NPI gives his location"
    );
    let bashir = person(&after, "Julian Bashir");
    assert!(
        !bashir.active && bashir.locations.is_empty(),
        "a role whose period ended before today leaves the practitioner inactive, without locations"
    );
    assert_eq!(
        group(&after, "Cardiology Pool").members,
        vec![crusher.id, mccoy.id],
        "group members by Practitioner and by PractitionerRole are people, in file order"
    );
    assert_eq!(
        group(&after, "Night Coverage").members,
        vec![crusher.id],
        "a care team without a patient is a group of its practitioners"
    );
    assert_eq!(
        planned.skipped,
        [
            ("CareTeam (a patient's)".to_owned(), 1),
            ("Endpoint".to_owned(), 1),
            ("Patient".to_owned(), 1),
        ]
        .into(),
        "the patient's care team and resources Switchboard does not use are counted"
    );
    assert!(
        planned
            .notes
            .iter()
            .any(|n| n.contains("Riverside Mobile Van"))
            && planned.notes.iter().any(|n| n.contains("Organization")),
        "a display-only location and a non-practitioner participant are named as left out: {:#?}",
        planned.notes
    );
    let mut twice = after.clone();
    let err = apply(&mut twice, &planned.change).expect_err("the batch adds, so twice fails");
    assert!(
        err.is_conflict(),
        "adding the same records twice is refused as already there"
    );
}

#[test]
fn the_plan_is_deterministic_and_undoable() {
    let current = fixture::practice();
    let first = plan(&current, DIRECTORY, None, today()).expect("the fixture plans");
    let second = plan(&current, DIRECTORY, None, today()).expect("the fixture plans");
    assert_eq!(
        first, second,
        "core has no randomness: the same file gives the same plan and the same new ids"
    );
    let mut after = current.clone();
    let inverse = apply(&mut after, &first.change).expect("the plan applies");
    let crusher = person(&after, "Beverly Crusher").id.to_string();
    assert_eq!(
        &crusher[14..15],
        "8",
        "new ids are UUID version 8, derived from the FHIR identity: {crusher}"
    );
    apply(&mut after, &inverse).expect("the inverse applies right after");
    assert_eq!(after, current, "the import is undone as one batch");
}

#[test]
fn importing_the_same_file_again_changes_nothing() {
    let (_, imported) = import(&fixture::practice(), DIRECTORY);
    let again = plan(&imported, DIRECTORY, None, today()).expect("the fixture plans again");
    assert!(
        again.is_noop() && batch_len(&again.change) == 0,
        "every record matches and no field differs, so the batch is empty: {:?}",
        again.change
    );
    assert!(
        again.added.is_empty() && again.updated.is_empty(),
        "nothing is shown as added or updated: {again:#?}"
    );
    assert_eq!(
        again.unchanged, 7,
        "the seven records are reported as left alone"
    );
}

#[test]
fn a_copy_with_two_fields_changed_updates_exactly_those_two() {
    let (_, imported) = import(&fixture::practice(), DIRECTORY);
    let mut copy = directory();
    copy["entry"][1]["resource"]["telecom"][1]["value"] = json!("(217) 555-0111");
    copy["entry"][4]["resource"]["name"][0]["family"] = json!("McCoy-Jones");
    let planned = plan(&imported, &text(&copy), None, today()).expect("the copy plans");
    assert_eq!(
        batch_len(&planned.change),
        2,
        "one change per edited field, nothing else: {:?}",
        planned.change
    );
    assert_eq!(
        planned.updated.len(),
        2,
        "two records are shown as updated: {:#?}",
        planned.updated
    );
    assert!(
        planned.updated[0].contains("phone \"(217) 555-0101\" → \"(217) 555-0111\""),
        "the line names the field with its old and new value: {}",
        planned.updated[0]
    );
    let mut after = imported.clone();
    apply(&mut after, &planned.change).expect("the plan applies");

    let mut expected = imported.clone();
    let main = location(&imported, "Riverside Main Clinic").id;
    let mccoy = person(&imported, "Leonard H. McCoy").id;
    expected
        .locations
        .get_mut(&main)
        .expect("main exists")
        .phone = "(217) 555-0111".into();
    expected.people.get_mut(&mccoy).expect("McCoy exists").name = "Leonard H. McCoy-Jones".into();
    for (id, location) in &after.locations {
        assert_eq!(
            Some(location),
            expected.locations.get(id),
            "only Main's phone changes among the locations"
        );
    }
    for (id, person) in &after.people {
        assert_eq!(
            Some(person),
            expected.people.get(id),
            "only McCoy's name changes among the people"
        );
    }
    assert_eq!(
        after, expected,
        "groups, routes and settings are untouched too"
    );
}

#[test]
fn a_practitioner_is_matched_by_identifier_before_id() {
    let (_, imported) = import(&fixture::practice(), DIRECTORY);
    let mut copy = directory();
    copy["entry"][3]["resource"]["id"] = json!("pr-1-renumbered");
    copy["entry"][6]["resource"]["practitioner"]["reference"] =
        json!("Practitioner/pr-1-renumbered");
    copy["entry"][9]["resource"]["member"][0]["entity"]["reference"] =
        json!("Practitioner/pr-1-renumbered");
    copy["entry"][10]["resource"]["participant"][0]["member"]["reference"] =
        json!("Practitioner/pr-1-renumbered");
    let planned = plan(&imported, &text(&copy), None, today()).expect("the copy plans");
    assert!(
        planned.added.is_empty(),
        "the NPI finds Dr. Crusher although her FHIR id changed: {:#?}",
        planned.added
    );
    assert_eq!(
        planned.updated.len(),
        1,
        "only her external ids grow: {:#?}",
        planned.updated
    );
    assert!(
        planned.updated[0].contains("Practitioner/pr-1-renumbered"),
        "the new FHIR id is recorded: {}",
        planned.updated[0]
    );
}

#[test]
fn several_organizations_are_offered_and_only_the_chosen_one_names_the_practice() {
    let current = fixture::practice();
    let mut file = directory();
    let entries = file["entry"]
        .as_array_mut()
        .expect("the Bundle has entries");
    entries.push(json!({"resource": {
        "resourceType": "Organization", "id": "org-lab", "name": "Springfield Lab Partners"
    }}));
    let json = text(&file);
    let plain = plan(&current, &json, None, today()).expect("two organizations plan");
    assert_eq!(
        plain.organizations,
        vec![
            ("org-1".into(), "Riverside Family Medicine".into()),
            ("org-lab".into(), "Springfield Lab Partners".into()),
        ],
        "the admin is offered every usable Organization by id and name"
    );
    assert!(
        !plain
            .updated
            .iter()
            .any(|line| line.contains("Rename the practice")),
        "without a choice the practice keeps its name: {:#?}",
        plain.updated
    );

    let chosen = plan(&current, &json, Some("org-lab"), today()).expect("a choice plans");
    let mut after = current.clone();
    apply(&mut after, &chosen.change).expect("the plan applies");
    assert_eq!(
        after.practice_name.0, "Springfield Lab Partners",
        "the chosen Organization names the practice"
    );
    assert_eq!(
        chosen.organization.as_deref(),
        Some("org-lab"),
        "the plan says which organization it took the name from"
    );
    let unknown = plan(&current, &json, Some("org-9"), today()).expect_err("no such org");
    assert!(
        matches!(unknown, FhirError::UnknownOrganization { .. }) && unknown.needs_choice(),
        "a choice that is not in the file is refused and asks again: {unknown}"
    );
}

#[test]
fn a_patients_care_team_and_unknown_types_are_skipped_and_counted() {
    let current = fixture::practice();
    let single = json!({
        "resourceType": "CareTeam", "id": "ct-9", "name": "Care team of a patient",
        "subject": {"reference": "Patient/pat-9"},
        "participant": [{"member": {"reference": "Practitioner/pr-1"}}]
    });
    let planned = plan(&current, &text(&single), None, today()).expect("a single resource plans");
    assert_eq!(
        planned.skipped,
        [("CareTeam (a patient's)".to_owned(), 1)].into(),
        "a care team for one patient is not a practice group"
    );
    assert!(planned.is_noop(), "nothing to import, nothing to change");

    let search = json!({"resourceType": "Bundle", "type": "searchset", "entry": [
        {"resource": {"resourceType": "Observation", "id": "o1", "status": "final"}},
        {"resource": {"resourceType": "Observation", "id": "o2", "status": "final"}},
        {"resource": {"resourceType": "OperationOutcome", "issue": []}, "search": {"mode": "outcome"}},
        {"request": {"method": "DELETE", "url": "Patient/1"}}
    ]});
    let planned = plan(&current, &text(&search), None, today()).expect("a searchset plans");
    assert_eq!(
        planned.skipped,
        [
            ("Bundle entry without a resource".to_owned(), 1),
            ("Observation".to_owned(), 2),
            ("OperationOutcome".to_owned(), 1),
        ]
        .into(),
        "every resource Switchboard does not use is counted by type"
    );
}

#[test]
fn malformed_json_says_where() {
    let err = plan(
        &fixture::practice(),
        "{\n  \"resourceType\": \"Bundle\",\n  \"entry\": [\n}",
        None,
        today(),
    )
    .expect_err("a broken file is refused");
    assert!(
        matches!(err, FhirError::Syntax { line: 4, .. }),
        "the error gives the line of the problem: {err:?}"
    );
    assert!(
        err.to_string().contains("line 4, column"),
        "the message says where: {err}"
    );
}

/// The fixture with `entry` appended LAST, planned: the error it gives.
fn last_entry_error(entry: Value) -> FhirError {
    let mut file = directory();
    file["entry"]
        .as_array_mut()
        .expect("the Bundle has entries")
        .push(entry);
    plan(&fixture::practice(), &text(&file), None, today())
        .expect_err("a bad last entry makes the whole plan fail, so nothing can change")
}

#[test]
fn a_bad_last_element_is_named_and_nothing_is_planned() {
    let last = "(entry[14])";
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "a role whose practitioner is a Location",
            json!({"resource": {"resourceType": "PractitionerRole", "id": "role-bad",
                "practitioner": {"reference": "Location/loc-main"}}}),
            "PractitionerRole \"role-bad\" (entry[14]): practitioner refers to a Location",
        ),
        (
            "a Practitioner whose name is a text, not a list",
            json!({"resource": {"resourceType": "Practitioner", "id": "pr-x",
                "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1111111111"}],
                "name": "Dr. X"}}),
            "Practitioner \"pr-x\" (entry[14]): name is a text, but FHIR R4 has a list there",
        ),
        (
            "a Location whose telecom value is a number",
            json!({"resource": {"resourceType": "Location", "id": "loc-x", "name": "X",
                "telecom": [{"system": "phone", "value": 5550101}]}}),
            "Location \"loc-x\" (entry[14]): telecom[0].value is a number",
        ),
        (
            "a role whose active flag is a text",
            json!({"resource": {"resourceType": "PractitionerRole", "id": "role-t",
                "active": "yes", "practitioner": {"reference": "Practitioner/pr-1"}}}),
            "PractitionerRole \"role-t\" (entry[14]): active is a text",
        ),
        (
            "an identifier list that is an object",
            json!({"resource": {"resourceType": "Practitioner", "id": "pr-y",
                "identifier": {"system": "http://hl7.org/fhir/sid/us-npi", "value": "1111111111"},
                "name": [{"text": "Y"}]}}),
            "Practitioner \"pr-y\" (entry[14]): identifier is an object",
        ),
        (
            "a resource without resourceType",
            json!({"resource": {"id": "mystery"}}),
            "entry[14] is not a FHIR resource",
        ),
        (
            "an entry that is not an object",
            json!(["not", "an", "entry"]),
            "entry[14] is not a FHIR resource",
        ),
        (
            "a role period that is not a date",
            json!({"resource": {"resourceType": "PractitionerRole", "id": "role-d",
                "practitioner": {"reference": "Practitioner/pr-1"},
                "period": {"end": "last Tuesday"}}}),
            "PractitionerRole \"role-d\" (entry[14]): period.end is \"last Tuesday\"",
        ),
        (
            "a second resource for the same practitioner",
            json!({"resource": {"resourceType": "Practitioner", "id": "pr-1-copy",
                "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893"}],
                "name": [{"text": "Beverly Crusher"}]}}),
            "Practitioner \"pr-1-copy\" (entry[14]) and Practitioner \"pr-1\" (entry[3]) are the same practitioner: both have NPI 1234567893",
        ),
    ];
    for (what, entry, phrase) in cases {
        let err = last_entry_error(entry);
        let message = err.to_string();
        assert!(
            message.contains(phrase),
            "{what}: the message names the resource and field ({phrase}): {message}"
        );
        assert!(
            message.contains(last) || message.contains("entry[14]"),
            "{what}: the message says where the bad element is: {message}"
        );
    }
}

#[test]
fn a_transaction_with_urn_references_and_extensions_maps() {
    let current = fixture::practice();
    let transaction = json!({"resourceType": "Bundle", "type": "transaction", "entry": [
        {"fullUrl": "urn:uuid:9a1b0c2e-0000-4000-8000-000000000001",
         "resource": {"resourceType": "Location", "name": "Eastside Annex",
            "identifier": [{"system": "http://example.org/fhir/sid/site", "value": "EA-7"}],
            "extension": [{"url": "http://example.org/fhir/StructureDefinition/parking", "valueBoolean": true}]},
         "request": {"method": "POST", "url": "Location"}},
        {"fullUrl": "urn:uuid:9a1b0c2e-0000-4000-8000-000000000002",
         "resource": {"resourceType": "Practitioner",
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1588667638"}],
            "name": [{"given": ["Kathryn"], "family": "Pulaski", "suffix": ["MD"]}]},
         "request": {"method": "POST", "url": "Practitioner"}},
        {"fullUrl": "urn:uuid:9a1b0c2e-0000-4000-8000-000000000003",
         "resource": {"resourceType": "PractitionerRole", "active": true,
            "practitioner": {"reference": "urn:uuid:9a1b0c2e-0000-4000-8000-000000000002"},
            "location": [{"reference": "urn:uuid:9a1b0c2e-0000-4000-8000-000000000001"}]},
         "request": {"method": "POST", "url": "PractitionerRole"}}
    ]});
    let (planned, after) = import(&current, &text(&transaction));
    let annex = location(&after, "Eastside Annex");
    let pulaski = person(&after, "Kathryn Pulaski");
    assert_eq!(
        pulaski.locations,
        [annex.id].into(),
        "urn:uuid references are followed to the Bundle's fullUrls"
    );
    assert_eq!(
        pulaski.external_ids,
        vec!["http://hl7.org/fhir/sid/us-npi|1588667638"],
        "without a FHIR id the identifier alone is the practitioner's identity"
    );
    let again = plan(&after, &text(&transaction), None, today()).expect("plans again");
    assert!(
        again.is_noop(),
        "resources without ids are found again by identifier: {:?}",
        again.change
    );
    assert_eq!(
        planned.added.len(),
        2,
        "a location and a practitioner are added; a role is not a record of its own"
    );
}

#[test]
fn a_record_imported_without_its_source_is_found_by_its_plain_id() {
    let (_, mut imported) = import(&fixture::practice(), DIRECTORY);
    // As an import that did not keep the source wrote it: "Location/loc-north" alone.
    let north = location(&imported, "Riverside North").id;
    imported
        .locations
        .get_mut(&north)
        .expect("north exists")
        .external_ids = vec!["Location/loc-north".into()];
    let again = plan(&imported, DIRECTORY, None, today()).expect("plans again");
    assert!(
        again.added.is_empty(),
        "the location is found by its plain id, not added twice: {:#?}",
        again.added
    );
    assert_eq!(
        again.updated.len(),
        1,
        "its ids gain the id with its source: {:#?}",
        again.updated
    );
}
