//! Issue 16's cases, each on a small hand-written file in the shape of public FHIR examples
//! (the R4 specification's Location and Organization examples, payer directory examples,
//! NPPES-derived practitioners, a DSTU2 export): one bad record skips itself with a line and
//! the rest imports; identity by NPI only; the practice's name only on request; names that
//! never repeat a degree; groups never created empty; values `apply` refuses skipped; the
//! fallback inbox keeps its reader; the practice's limits.

use serde_json::{Value, json};
use switchboard_core::fhir::{FhirChoices, plan_file};
use switchboard_core::{Config, FhirError, FhirPlan, Person, apply};

use crate::fixture::{self, FORD};

const NPI: &str = "http://hl7.org/fhir/sid/us-npi";
const SSN: &str = "http://hl7.org/fhir/sid/us-ssn";
const PHYSICAL: &str = "http://terminology.hl7.org/CodeSystem/location-physical-type";
const ORG_TYPE: &str = "http://terminology.hl7.org/CodeSystem/organization-type";

fn bundle(resources: Vec<Value>) -> Vec<u8> {
    let entries: Vec<Value> = resources
        .into_iter()
        .map(|resource| json!({"resource": resource}))
        .collect();
    serde_json::to_vec(&json!({"resourceType": "Bundle", "type": "collection", "entry": entries}))
        .expect("a Value serialises")
}

fn plan_with(current: &Config, file: &[u8], choices: &FhirChoices) -> Result<FhirPlan, FhirError> {
    plan_file(current, file, choices, fixture::day("2024-06-01"))
}

/// Plans `file` into `current` with no choices, applies it, and returns both.
fn import(current: &Config, file: &[u8]) -> (FhirPlan, Config) {
    let planned = plan_with(current, file, &FhirChoices::default()).expect("the file plans");
    let mut after = current.clone();
    if !planned.is_noop() {
        // An empty batch is refused as an undo step that does nothing; the UI offers none.
        apply(&mut after, &planned.change).expect("apply accepts every plan");
    }
    (planned, after)
}

fn practitioner(id: &str, npi: &str, given: &str, family: &str) -> Value {
    json!({"resourceType": "Practitioner", "id": id,
        "identifier": [{"system": NPI, "value": npi}],
        "name": [{"family": family, "given": [given]}]})
}

fn location(id: &str, name: &str) -> Value {
    json!({"resourceType": "Location", "id": id, "name": name, "mode": "instance"})
}

fn role(id: &str, practitioner: &str, location: &str) -> Value {
    json!({"resourceType": "PractitionerRole", "id": id,
        "practitioner": {"reference": format!("Practitioner/{practitioner}")},
        "location": [{"reference": format!("Location/{location}")}]})
}

fn named<'c>(config: &'c Config, name: &str) -> Option<&'c Person> {
    config.people.values().find(|p| p.name == name)
}

fn line_about<'p>(lines: &'p [String], label: &str) -> &'p str {
    lines
        .iter()
        .find(|line| line.contains(label))
        .unwrap_or_else(|| panic!("a line names {label}: {lines:#?}"))
}

#[test]
fn a_record_switchboard_cannot_use_is_skipped_with_its_line_and_the_rest_imports() {
    let physical = |id: &str, name: &str, code: &str| {
        json!({"resourceType": "Location", "id": id, "name": name,
            "physicalType": {"coding": [{"system": PHYSICAL, "code": code}]}})
    };
    let file = bundle(vec![
        json!({"resourceType": "Organization", "id": "hosp", "active": true, "name": "General Hospital",
            "type": [{"coding": [{"system": ORG_TYPE, "code": "prov"}]}]}),
        json!({"resourceType": "Organization", "id": "old", "active": false, "name": "Old Clinic"}),
        json!({"resourceType": "Organization", "id": "payer", "name": "Acme Health Plan",
            "type": [{"coding": [{"system": ORG_TYPE, "code": "pay"}]}]}),
        json!({"resourceType": "Organization", "id": "insurer", "name": "Acme Insurance",
            "type": [{"coding": [{"system": ORG_TYPE, "code": "ins"}]}]}),
        // The specification's "patient's home" example: a kind, without a name.
        json!({"resourceType": "Location", "id": "ph", "status": "active", "mode": "kind",
            "physicalType": {"coding": [{"system": PHYSICAL, "code": "ho"}]}}),
        json!({"resourceType": "Location", "id": "pharmacies", "name": "Retail pharmacies", "mode": "kind"}),
        physical("amb", "Ambulance 4", "ve"),
        physical("state", "State of Illinois", "jdn"),
        physical("south", "South catchment", "area"),
        json!({"resourceType": "Location", "id": "noname", "status": "active"}),
        location("ward", "Ward 7 Clinic"),
        practitioner("pr-1", "1111111116", "Ada", "Okafor"),
        json!({"resourceType": "Practitioner", "id": "pr-anon",
            "identifier": [{"system": NPI, "value": "1111111124"}]}),
        role("r-1", "pr-1", "ward"),
        role("r-2", "pr-1", "ph"),
    ]);
    let (planned, after) = import(&fixture::practice(), &file);
    let skipped = &planned.skipped_records;
    for (label, why) in [
        ("Organization \"old\"", "inactive"),
        ("Organization \"payer\"", "a payer (type pay)"),
        (
            "Organization \"insurer\"",
            "an insurance company (type ins)",
        ),
        ("Location \"ph\"", "mode: kind"),
        ("Location \"pharmacies\"", "mode: kind"),
        ("Location \"amb\"", "a vehicle (physicalType ve)"),
        ("Location \"state\"", "a jurisdiction (physicalType jdn)"),
        ("Location \"south\"", "an area (physicalType area)"),
        ("Location \"noname\"", "no name"),
        ("Practitioner \"pr-anon\"", "no name"),
    ] {
        let line = line_about(skipped, label);
        assert!(
            line.contains(why) && line.ends_with("skipped."),
            "{label} has its own line saying why ({why}): {line}"
        );
    }
    assert_eq!(
        skipped.len(),
        10,
        "exactly the unusable records are skipped: {skipped:#?}"
    );
    assert_eq!(
        planned.organizations,
        vec![("hosp".to_owned(), "General Hospital".to_owned())],
        "payers, insurers and inactive organizations are never offered"
    );
    let ada = named(&after, "Ada Okafor").expect("the usable practitioner is imported");
    let ward = (after.locations.values())
        .find(|l| l.name == "Ward 7 Clinic")
        .expect("the site is imported");
    assert_eq!(
        ada.locations,
        [ward.id].into(),
        "her role at the site gives her the site; the role at the skipped home gives nothing"
    );
    assert!(
        planned
            .notes
            .iter()
            .any(|n| n.contains("PractitionerRole \"r-2\"")
                && n.contains("Location \"ph\"")
                && n.contains("skipped")),
        "the role naming a skipped location says so: {:#?}",
        planned.notes
    );
    assert_eq!(
        after.locations.len(),
        fixture::practice().locations.len() + 1,
        "only the one site became a location"
    );
}

#[test]
fn a_file_of_the_wrong_json_types_is_refused_naming_resource_and_field() {
    let cases = [
        (
            json!({"resourceType": "Location", "id": "l", "name": ["Main"]}),
            "Location \"l\" (entry[0]): name is a list",
        ),
        (
            json!({"resourceType": "Practitioner", "id": "p", "name": [{"given": "Ada"}]}),
            "Practitioner \"p\" (entry[0]): name[0].given is a text",
        ),
        (
            json!({"resourceType": "Organization", "id": "o", "name": "X", "active": 1}),
            "Organization \"o\" (entry[0]): active is a number",
        ),
        (
            json!({"resourceType": "Group", "id": "g", "name": "G", "member": [{"entity": "Practitioner/p"}]}),
            "Group \"g\" (entry[0]): member[0].entity is a text",
        ),
    ];
    for (resource, phrase) in cases {
        let err = plan_with(
            &fixture::practice(),
            &bundle(vec![resource]),
            &FhirChoices::default(),
        )
        .expect_err("a wrong JSON type refuses the whole file");
        assert!(
            err.to_string().contains(phrase),
            "the sentence names the resource and field ({phrase}): {err}"
        );
    }
}

#[test]
fn practitioners_sharing_an_ssn_are_two_people_and_the_ssn_is_not_kept() {
    let with_ssn = |mut p: Value| {
        p["identifier"]
            .as_array_mut()
            .expect("identifiers")
            .push(json!({"system": SSN, "value": "000-12-3456"}));
        p
    };
    let file = bundle(vec![
        with_ssn(practitioner("a", "1111111116", "Ada", "Okafor")),
        with_ssn(practitioner("b", "1111111124", "Ben", "Lindqvist")),
    ]);
    let (planned, after) = import(&fixture::practice(), &file);
    assert_eq!(
        planned.added.len(),
        2,
        "a shared SSN says nothing about who a practitioner is: {planned:#?}"
    );
    let ada = named(&after, "Ada Okafor").expect("imported");
    assert!(
        !ada.external_ids.iter().any(|k| k.contains("000-12-3456")),
        "an SSN is not an identity Switchboard keeps: {:?}",
        ada.external_ids
    );
}

#[test]
fn the_same_npi_under_another_name_is_a_conflict_to_decide() {
    let first = bundle(vec![practitioner("a", "1111111116", "Ada", "Okafor")]);
    let (_, imported) = import(&fixture::practice(), &first);
    // Another source's record with Ada's NPI (a typo there) and another name.
    let other = bundle(vec![practitioner("x-77", "1111111116", "Ben", "Lindqvist")]);
    let planned = plan_with(&imported, &other, &FhirChoices::default()).expect("plans");
    assert_eq!(
        planned.conflicts.len(),
        1,
        "the conflict is listed, not merged silently: {planned:#?}"
    );
    let conflict = &planned.conflicts[0];
    assert_eq!(
        (
            conflict.npi.as_str(),
            conflict.current.as_str(),
            conflict.incoming.as_str(),
            conflict.update
        ),
        ("1111111116", "Ada Okafor", "Ben Lindqvist", false),
        "it names the NPI, both names, and by default skips"
    );
    assert!(
        planned.is_noop() && planned.updated.is_empty(),
        "skipping changes nothing: {planned:#?}"
    );
    let choices = FhirChoices {
        update_names: ["1111111116".to_owned()].into(),
        ..FhirChoices::default()
    };
    let chosen = plan_with(&imported, &other, &choices).expect("plans");
    let mut after = imported.clone();
    apply(&mut after, &chosen.change).expect("applies");
    assert!(
        named(&after, "Ben Lindqvist").is_some() && named(&after, "Ada Okafor").is_none(),
        "choosing to update renames the existing person"
    );
    assert_eq!(
        after.people.len(),
        imported.people.len(),
        "updating is not adding a second person"
    );

    let same_file = bundle(vec![
        practitioner("a", "1111111116", "Ada", "Okafor"),
        practitioner("b", "1111111116", "Ben", "Lindqvist"),
    ]);
    let err = plan_with(&fixture::practice(), &same_file, &FhirChoices::default())
        .expect_err("one NPI twice in a file is refused");
    assert!(
        err.to_string().contains("both have NPI 1111111116"),
        "the duplicate says which identifier they share: {err}"
    );
}

#[test]
fn the_same_record_renamed_at_its_source_is_an_ordinary_update() {
    let (_, imported) = import(
        &fixture::practice(),
        &bundle(vec![practitioner("a", "1111111116", "Ada", "Okafor")]),
    );
    let renamed = bundle(vec![practitioner("a", "1111111116", "Ada", "Okafor-Reyes")]);
    let planned = plan_with(&imported, &renamed, &FhirChoices::default()).expect("plans");
    assert!(
        planned.conflicts.is_empty() && planned.updated.len() == 1,
        "the same id from the same source with its NPI is the same record, renamed: {planned:#?}"
    );
}

#[test]
fn the_practice_takes_an_organizations_name_only_when_chosen() {
    let file = bundle(vec![
        json!({"resourceType": "Organization", "id": "o1", "name": "Riverside Family Medicine"}),
        json!({"resourceType": "Organization", "id": "pay", "name": "Acme Health Plan",
            "type": [{"coding": [{"system": ORG_TYPE, "code": "pay"}]}]}),
    ]);
    let current = fixture::practice();
    let (planned, after) = import(&current, &file);
    assert_eq!(
        (after.practice_name.clone(), planned.is_noop()),
        (current.practice_name.clone(), true),
        "by default the practice keeps its name"
    );
    let choose = |id: &str| FhirChoices {
        organization: Some(id.into()),
        ..FhirChoices::default()
    };
    let chosen = plan_with(&current, &file, &choose("o1")).expect("plans");
    let mut renamed = current.clone();
    apply(&mut renamed, &chosen.change).expect("applies");
    assert_eq!(
        renamed.practice_name.0, "Riverside Family Medicine",
        "\"Use this organization's name\" renames the practice"
    );
    let payer = plan_with(&current, &file, &choose("pay")).expect_err("a payer is not offered");
    assert!(
        matches!(payer, FhirError::UnknownOrganization { ref candidates, .. } if candidates.len() == 1),
        "a payer cannot name the practice: {payer}"
    );
}

#[test]
fn names_never_repeat_a_degree_and_a_dstu2_name_is_refused() {
    let file = bundle(vec![
        json!({"resourceType": "Practitioner", "id": "a",
            "identifier": [{"system": NPI, "value": "1111111116"}],
            "name": [{"text": "Beverly Crusher, MD", "family": "Crusher", "given": ["Beverly"], "suffix": ["MD"]}]}),
        json!({"resourceType": "Practitioner", "id": "b",
            "identifier": [{"system": NPI, "value": "1111111124"}],
            "name": [{"text": "Leonard McCoy DO", "suffix": ["DO", "FACC"]}]}),
    ]);
    let (_, after) = import(&fixture::practice(), &file);
    let crusher = named(&after, "Beverly Crusher").expect("the degree is cut from the text");
    assert_eq!(
        crusher.display_name(),
        "Beverly Crusher, MD",
        "the degree the text carries is said once"
    );
    let mccoy = named(&after, "Leonard McCoy").expect("imported");
    assert_eq!(
        mccoy.display_name(),
        "Leonard McCoy, DO, FACC",
        "every suffix is kept once"
    );

    // DSTU2's Practitioner.name is one HumanName, and its family a list.
    for resource in [
        json!({"resourceType": "Practitioner", "id": "d2",
            "name": [{"family": ["van", "Houten"], "given": ["Ada"]}]}),
        json!({"resourceType": "Practitioner", "id": "d2",
            "name": {"family": ["Houten"], "given": ["Ada"]}}),
    ] {
        let err = plan_with(
            &fixture::practice(),
            &bundle(vec![resource]),
            &FhirChoices::default(),
        )
        .expect_err("a DSTU2 name is refused");
        assert!(
            matches!(err, FhirError::Dstu2 { .. })
                && err.to_string().contains("DSTU2")
                && err.to_string().contains("FHIR R4"),
            "the sentence names the version: {err}"
        );
    }
}

#[test]
fn bytes_that_are_not_utf8_are_refused_at_their_offset() {
    let mut file =
        br#"{"resourceType": "Practitioner", "id": "a", "name": [{"text": "Ren"#.to_vec();
    let offset = file.len();
    file.extend_from_slice(b"\xE9e Dupont\"}]}");
    let err = plan_with(&fixture::practice(), &file, &FhirChoices::default())
        .expect_err("Latin-1 bytes are not UTF-8");
    assert_eq!(
        err,
        FhirError::NotUtf8 { offset, line: 1 },
        "the error gives the byte offset of the first bad byte"
    );
    assert!(
        err.to_string().contains(&format!("offset {offset}")),
        "the sentence names it: {err}"
    );
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend_from_slice(&bundle(vec![location("l", "Main")]));
    assert!(
        plan_with(&fixture::practice(), &bom, &FhirChoices::default()).is_ok(),
        "a UTF-8 byte order mark is not a problem"
    );
}

#[test]
fn a_group_whose_members_are_all_unknown_is_skipped_not_made_empty() {
    let file = bundle(vec![
        practitioner("a", "1111111116", "Ada", "Okafor"),
        json!({"resourceType": "Group", "id": "ghosts", "type": "practitioner", "actual": true,
            "name": "Ghost Pool", "member": [
                {"entity": {"reference": "Practitioner/nobody-1"}},
                {"entity": {"reference": "Practitioner/nobody-2"}}]}),
        json!({"resourceType": "Group", "id": "real", "type": "practitioner", "actual": true,
            "name": "Real Pool", "member": [
                {"entity": {"reference": "Practitioner/a"}},
                {"entity": {"reference": "Practitioner/nobody-1"}}]}),
    ]);
    let (planned, after) = import(&fixture::practice(), &file);
    assert!(
        !after.groups.values().any(|g| g.name == "Ghost Pool"),
        "no empty group is made"
    );
    let line = line_about(&planned.skipped_records, "Group \"ghosts\"");
    assert!(
        line.contains("none of its 2 members"),
        "the skipped line says why: {line}"
    );
    assert!(
        after
            .groups
            .values()
            .any(|g| g.name == "Real Pool" && g.members.len() == 1),
        "a group with one known member is made with that member"
    );
}

#[test]
fn a_value_apply_would_refuse_skips_its_record() {
    let long = "A".repeat(201);
    let file = bundle(vec![
        json!({"resourceType": "Practitioner", "id": "x",
            "identifier": [{"system": NPI, "value": "1111111116"}],
            "name": [{"text": "<b>Dr. Evil</b>"}]}),
        location("l-long", &long),
        location("l-ok", "Main Street Clinic"),
    ]);
    let (planned, after) = import(&fixture::practice(), &file);
    assert!(
        line_about(&planned.skipped_records, "Practitioner \"x\"").contains("markup"),
        "markup in a name skips the record with apply's sentence: {:#?}",
        planned.skipped_records
    );
    assert!(
        line_about(&planned.skipped_records, "Location \"l-long\"").contains("201 characters"),
        "a name past the limit skips the record: {:#?}",
        planned.skipped_records
    );
    assert!(
        after
            .locations
            .values()
            .any(|l| l.name == "Main Street Clinic"),
        "the rest still imports"
    );
}

#[test]
fn the_only_reader_of_the_fallback_inbox_stays_active() {
    let mut current = fixture::practice();
    let ford = current
        .people
        .get_mut(&FORD)
        .expect("Ford is in the fixture");
    ford.external_ids = vec![format!("{NPI}|1111111116")];
    let file = bundle(vec![
        json!({"resourceType": "Practitioner", "id": "ford", "active": false,
        "identifier": [{"system": NPI, "value": "1111111116"}],
        "name": [{"text": "Ford"}]}),
    ]);
    let (planned, after) = import(&current, &file);
    assert!(
        after.people[&FORD].active,
        "Ford alone reads the fallback inbox, so the import leaves him active"
    );
    assert!(
        line_about(&planned.skipped_records, "Practitioner \"ford\"").contains("stays active"),
        "the preview says why: {:#?}",
        planned.skipped_records
    );
}

#[test]
fn records_past_the_practices_limits_are_skipped() {
    let current = fixture::practice();
    let room = switchboard_core::limits::LOCATIONS - current.locations.len();
    let locations: Vec<Value> = (0..room + 2)
        .map(|i| location(&format!("l-{i}"), &format!("Site {i}")))
        .collect();
    let (planned, after) = import(&current, &bundle(locations));
    assert_eq!(
        after.locations.len(),
        switchboard_core::limits::LOCATIONS,
        "the practice fills up to its limit"
    );
    assert_eq!(
        planned.skipped_records.len(),
        2,
        "the two past it are skipped, each with a line: {:?}",
        &planned.skipped_records
    );
}

#[test]
fn a_parsed_file_plans_again_with_new_choices_as_a_fresh_read_does() {
    let file = bundle(vec![
        json!({"resourceType": "Organization", "id": "o1", "name": "Riverside Family Medicine"}),
        practitioner("a", "1111111116", "Ada", "Okafor"),
    ]);
    let current = fixture::practice();
    let parsed = switchboard_core::fhir::FhirFile::parse(&file).expect("the file parses");
    let chosen = FhirChoices {
        organization: Some("o1".into()),
        ..FhirChoices::default()
    };
    for choices in [FhirChoices::default(), chosen] {
        assert_eq!(
            parsed.plan(&current, &choices, fixture::day("2024-06-01")),
            plan_with(&current, &file, &choices),
            "planning the parsed file again (as the preview does on each decision) equals reading it afresh"
        );
    }
}
