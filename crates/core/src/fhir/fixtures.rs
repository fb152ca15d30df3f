//! Generated FHIR R4 directories (the `fixtures` feature): the shape of a health system's
//! export, at any size, for tests and benchmarks. Deterministic from the size alone.
//!
//! A directory of `n` practitioners has one provider Organization, `n / 250` Locations
//! (at least 3, at most 400) with an identifier, address, phone and time zone, `n`
//! Practitioners with an NPI, a name and a suffix, one PractitionerRole each at one or two
//! locations, and 60 Groups of practitioners per 60,000 practitioners (at least 60), of up
//! to 10 members. Every reference is literal
//! (`Practitioner/pr-7`) and every entry has a `fullUrl` on one server, so a re-import finds
//! each record again.

use serde_json::{Value, json};

const BASE: &str = "https://ehr.example.org/fhir";
const GIVEN: [&str; 12] = [
    "Ada", "Ben", "Chloe", "Dev", "Elena", "Farid", "Grace", "Hiro", "Ines", "Jonah", "Kemi",
    "Luis",
];
const FAMILY: [&str; 10] = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Alvarez",
    "Nguyen",
    "Schmidt",
    "Haddad",
    "Kowalski",
    "Brennan",
];
const SUFFIX: [&str; 4] = ["MD", "DO", "NP", "PA"];
const ZONES: [&str; 3] = ["America/Chicago", "America/New_York", "America/Denver"];

/// Groups come in multiples of this, so that a split into any number of files dividing it
/// puts each group's members in one file.
const GROUP_STEP: usize = 60;

/// How many locations and groups a directory of `practitioners` has.
fn sizes(practitioners: usize) -> (usize, usize) {
    let locations = (practitioners / 250).clamp(3, 400);
    let groups = (practitioners / 1000).div_ceil(GROUP_STEP).max(1) * GROUP_STEP;
    (locations, groups)
}

fn entry(kind: &str, id: &str, resource: Value) -> Value {
    json!({"fullUrl": format!("{BASE}/{kind}/{id}"), "resource": resource})
}

fn location(i: usize) -> Value {
    let id = format!("loc-{i}");
    entry(
        "Location",
        &id,
        json!({
            "resourceType": "Location", "id": id, "status": "active",
            "identifier": [{"system": "https://ehr.example.org/sid/site", "value": format!("S{i:04}")}],
            "name": format!("Site {i} Clinic"),
            "extension": [{"url": "http://hl7.org/fhir/StructureDefinition/timezone",
                           "valueCode": ZONES[i % ZONES.len()]}],
            "telecom": [{"system": "phone", "use": "work", "value": format!("(555) 01{:02}-{:04}", i % 100, i)}],
            "address": {"line": [format!("{} Main St", 100 + i)], "city": "Springfield", "state": "IL", "postalCode": "62701"},
            "physicalType": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/location-physical-type", "code": "bu"}]}
        }),
    )
}

/// The locations of practitioner `j`'s role.
fn role_locations(j: usize, locations: usize) -> Vec<usize> {
    let first = j % locations;
    let second = (j * 7 + 1) % locations;
    if j.is_multiple_of(3) && second != first {
        vec![first, second]
    } else {
        vec![first]
    }
}

fn practitioner(j: usize) -> Value {
    let id = format!("pr-{j}");
    entry(
        "Practitioner",
        &id,
        json!({
            "resourceType": "Practitioner", "id": id, "active": true,
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": format!("1{j:09}")}],
            "name": [{"use": "official",
                      "family": FAMILY[j % FAMILY.len()],
                      "given": [GIVEN[(j / FAMILY.len()) % GIVEN.len()], format!("{}.", (b'A' + (j % 26) as u8) as char)],
                      "suffix": [SUFFIX[j % SUFFIX.len()]]}]
        }),
    )
}

fn role(j: usize, locations: usize) -> Value {
    let id = format!("role-{j}");
    let at: Vec<Value> = role_locations(j, locations)
        .into_iter()
        .map(|i| json!({"reference": format!("Location/loc-{i}")}))
        .collect();
    entry(
        "PractitionerRole",
        &id,
        json!({
            "resourceType": "PractitionerRole", "id": id, "active": true,
            "period": {"start": "2020-01-01"},
            "practitioner": {"reference": format!("Practitioner/pr-{j}")},
            "organization": {"reference": "Organization/org-1"},
            "location": at
        }),
    )
}

fn group(k: usize, groups: usize, practitioners: usize) -> Option<Value> {
    let members: Vec<Value> = (0..10)
        .map(|m| k + m * groups)
        .filter(|j| *j < practitioners)
        .map(|j| json!({"entity": {"reference": format!("Practitioner/pr-{j}")}}))
        .collect();
    let id = format!("grp-{k}");
    (!members.is_empty()).then(|| {
        entry(
            "Group",
            &id,
            json!({
                "resourceType": "Group", "id": id, "type": "practitioner", "actual": true,
                "name": format!("Pool {k}"), "member": members
            }),
        )
    })
}

fn bundle(entries: Vec<Value>) -> Value {
    json!({"resourceType": "Bundle", "type": "collection", "entry": entries})
}

/// A directory of `practitioners` practitioners as one Bundle.
pub fn directory(practitioners: usize) -> Value {
    let mut files = directory_files(practitioners, 1);
    files.pop().unwrap_or_else(|| bundle(Vec::new()))
}

/// The same directory cut into `files` Bundles, as a folder of exports: practitioner `j`
/// with their role in file `j % files`, each group in the file of its members, every
/// location a file's roles name copied into that file (so locations appear in several
/// files), the Organization in the first. `files` must divide 60 (else it is 1).
pub fn directory_files(practitioners: usize, files: usize) -> Vec<Value> {
    let files = if files > 0 && GROUP_STEP.is_multiple_of(files) {
        files
    } else {
        1
    };
    let (locations, groups) = sizes(practitioners);
    let mut out: Vec<Vec<Value>> = vec![Vec::new(); files];
    out[0].push(entry("Organization", "org-1", json!({
        "resourceType": "Organization", "id": "org-1", "active": true,
        "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1999999999"}],
        "type": [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/organization-type", "code": "prov"}]}],
        "name": "Generated Health System"
    })));
    for (f, file) in out.iter_mut().enumerate() {
        let mut named = vec![false; locations];
        for j in (f..practitioners).step_by(files) {
            for i in role_locations(j, locations) {
                named[i] = true;
            }
        }
        file.extend((0..locations).filter(|i| named[*i]).map(location));
    }
    for j in 0..practitioners {
        out[j % files].push(practitioner(j));
    }
    for j in 0..practitioners {
        out[j % files].push(role(j, locations));
    }
    for k in 0..groups {
        out[k % files].extend(group(k, groups, practitioners));
    }
    out.into_iter().map(bundle).collect()
}
