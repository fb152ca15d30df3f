//! The values Switchboard takes from one resource: a Practitioner's name and credentials, a
//! Location's name, alias, address, phone and time zone, an Organization's name — and why a
//! valid resource is not one Switchboard can use (a *skip reason*).
//!
//! Words: a *HumanName* is FHIR's structured name; the one used is the `official`, else the
//! `usual`, else the first. *Credentials* are the name's `suffix`es ("MD"), else the degree
//! codes of `qualification` (code system v2-0360); a credential the name's `text` already
//! carries is not repeated ("Beverly Crusher, MD" with suffix MD is the name "Beverly
//! Crusher" with credentials "MD"). A *ContactPoint* is a phone, e-mail, …; the phone used
//! is the first `work` phone, else the first phone. A Location is a *site* unless it is a
//! kind of place (`mode: kind`) or its physical type is a home, vehicle, jurisdiction or
//! area. Every field read is checked for its JSON type: a wrong type is an error naming it.

use serde_json::Value;

use super::FhirError;
use super::read::{Resource, codes, opt_list, opt_object, opt_text, texts};

/// The FHIR R4 extension that gives a Location its IANA time zone.
const TIME_ZONE_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/timezone";

/// The degree / license code system of `Practitioner.qualification`.
const DEGREE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v2-0360";

/// Location physical types (`Location.physicalType`).
const PHYSICAL_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/location-physical-type";

/// Physical types that are not a site patients write to, with their words.
const NOT_SITES: [(&str, &str); 4] = [
    ("ho", "a house (a patient's home)"),
    ("ve", "a vehicle"),
    ("jdn", "a jurisdiction"),
    ("area", "an area"),
];

/// Organization types (`Organization.type`).
const ORGANIZATION_TYPE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/organization-type";

/// What a Practitioner says about the person.
pub(super) struct PractitionerFields {
    pub name: String,
    pub credentials: String,
    pub active: Option<bool>,
}

/// A Practitioner's fields; `Ok(Err(reason))` when it has no name Switchboard can show.
pub(super) fn practitioner(
    resource: &Resource<'_>,
) -> Result<Result<PractitionerFields, String>, FhirError> {
    let active = resource.flag("active")?;
    if matches!(resource.json.get("name"), Some(Value::Object(_))) {
        return Err(FhirError::Dstu2 {
            resource: resource.label(),
            field: "name".into(),
            shape: "one HumanName object".into(),
            r4: "Practitioner.name is a list of HumanNames".into(),
        });
    }
    let names = resource.list("name")?;
    let mut uses = Vec::with_capacity(names.len());
    for (k, name) in names.iter().enumerate() {
        let at = format!("name[{k}]");
        opt_object(resource, &at, Some(name))?;
        if let Some(Value::Array(_)) = name.get("family") {
            return Err(FhirError::Dstu2 {
                resource: resource.label(),
                field: format!("{at}.family"),
                shape: "a list of family names".into(),
                r4: "family is one text".into(),
            });
        }
        uses.push(opt_text(resource, &format!("{at}.use"), name.get("use"))?);
    }
    let pick = ["official", "usual"]
        .iter()
        .find_map(|wanted| uses.iter().position(|u| *u == Some(*wanted)))
        .or(if names.is_empty() { None } else { Some(0) });
    let Some(pick) = pick else {
        return Ok(Err("it has no name".into()));
    };
    let at = format!("name[{pick}]");
    let chosen = &names[pick];
    let whole = opt_text(resource, &format!("{at}.text"), chosen.get("text"))?;
    let given = texts(resource, &format!("{at}.given"), chosen.get("given"))?;
    let family = opt_text(resource, &format!("{at}.family"), chosen.get("family"))?;
    let mut credentials: Vec<&str> =
        texts(resource, &format!("{at}.suffix"), chosen.get("suffix"))?;
    if credentials.is_empty() {
        for (k, qualification) in resource.list("qualification")?.iter().enumerate() {
            let field = format!("qualification[{k}]");
            opt_object(resource, &field, Some(qualification))?;
            credentials.extend(codes(
                resource,
                &format!("{field}.code"),
                qualification.get("code"),
                DEGREE_SYSTEM,
            )?);
        }
    }
    let name = match whole {
        Some(whole) => without_credentials(whole, &mut credentials),
        None => given
            .into_iter()
            .chain(family)
            .collect::<Vec<_>>()
            .join(" "),
    };
    if name.is_empty() {
        return Ok(Err(format!("{at} has no text, given or family name")));
    }
    let mut unique: Vec<&str> = Vec::new();
    for credential in credentials {
        if !unique.iter().any(|c| c.eq_ignore_ascii_case(credential)) {
            unique.push(credential);
        }
    }
    Ok(Ok(PractitionerFields {
        name,
        credentials: unique.join(", "),
        active,
    }))
}

/// `whole` without the credentials of the list it ends with ("Beverly Crusher, MD" with
/// suffix MD → "Beverly Crusher"); a credential `whole` carries elsewhere is dropped from
/// the list instead. Either way the display name never says a degree twice.
fn without_credentials(whole: &str, credentials: &mut Vec<&str>) -> String {
    let token = |word: &str| word.trim_matches(|c: char| c == ',' || c == '.').to_owned();
    let same = |a: &str, b: &str| token(a).eq_ignore_ascii_case(&token(b));
    let mut words: Vec<&str> = whole.split_whitespace().collect();
    let mut cut = Vec::new();
    while words.len() > 1 {
        let last = words[words.len() - 1];
        match credentials.iter().position(|c| same(c, last)) {
            Some(at) => {
                cut.push(credentials[at]);
                words.pop();
            }
            None => break,
        }
    }
    let name = words.join(" ");
    let name = name.trim_end_matches([',', ' ']).to_owned();
    credentials.retain(|c| cut.contains(c) || !name.split_whitespace().any(|word| same(word, c)));
    name
}

/// What a Location says about the site.
pub(super) struct LocationFields {
    pub name: String,
    pub alias: String,
    pub address: String,
    pub phone: String,
    pub time_zone: Option<String>,
}

/// A Location's fields; `Ok(Err(reason))` when it is not a site Switchboard keeps.
pub(super) fn location(
    resource: &Resource<'_>,
) -> Result<Result<LocationFields, String>, FhirError> {
    let name = resource.text("name")?;
    let mode = resource.text("mode")?;
    let physical = codes(
        resource,
        "physicalType",
        resource.json.get("physicalType"),
        PHYSICAL_TYPE_SYSTEM,
    )?;
    let alias = texts(resource, "alias", resource.json.get("alias"))?;
    let mut time_zone = None;
    for (k, extension) in resource.list("extension")?.iter().enumerate() {
        let at = format!("extension[{k}]");
        opt_object(resource, &at, Some(extension))?;
        if opt_text(resource, &format!("{at}.url"), extension.get("url"))?
            == Some(TIME_ZONE_EXTENSION)
        {
            time_zone = opt_text(
                resource,
                &format!("{at}.valueCode"),
                extension.get("valueCode"),
            )?;
        }
    }
    let address = match resource.object("address")? {
        Some(found) => address(resource, found)?,
        None => String::new(),
    };
    let phone = phone(resource)?;
    if mode == Some("kind") {
        return Ok(Err(
            "it describes a kind of place (mode: kind), not one site patients write to".into(),
        ));
    }
    if let Some((code, words)) = physical
        .iter()
        .find_map(|code| NOT_SITES.iter().find(|(c, _)| c == code))
    {
        return Ok(Err(format!(
            "its physical type is {words} (physicalType {code}), not a site patients write to"
        )));
    }
    let Some(name) = name else {
        return Ok(Err(
            "it has no name, so patients and staff could not recognise it".into(),
        ));
    };
    Ok(Ok(LocationFields {
        name: name.to_owned(),
        alias: alias.first().copied().unwrap_or("").to_owned(),
        address,
        phone,
        time_zone: time_zone.map(str::to_owned),
    }))
}

/// An Address on one line: its `text`, else "lines, city, state postal code".
fn address(resource: &Resource<'_>, address: &Value) -> Result<String, FhirError> {
    let field = |part: &str| format!("address.{part}");
    let part = |name: &str| opt_text(resource, &field(name), address.get(name));
    if let Some(whole) = part("text")? {
        return Ok(whole.to_owned());
    }
    let mut parts: Vec<String> = texts(resource, "address.line", address.get("line"))?
        .into_iter()
        .map(str::to_owned)
        .collect();
    parts.extend(part("city")?.map(str::to_owned));
    let region: Vec<&str> = [part("state")?, part("postalCode")?]
        .into_iter()
        .flatten()
        .collect();
    if !region.is_empty() {
        parts.push(region.join(" "));
    }
    Ok(parts.join(", "))
}

/// The first work phone, else the first phone; empty when there is none.
fn phone(resource: &Resource<'_>) -> Result<String, FhirError> {
    let mut first = None;
    for (k, point) in resource.list("telecom")?.iter().enumerate() {
        let at = format!("telecom[{k}]");
        opt_object(resource, &at, Some(point))?;
        let system = opt_text(resource, &format!("{at}.system"), point.get("system"))?;
        let used = opt_text(resource, &format!("{at}.use"), point.get("use"))?;
        let value = opt_text(resource, &format!("{at}.value"), point.get("value"))?;
        if system != Some("phone") {
            continue;
        }
        if used == Some("work")
            && let Some(value) = value
        {
            return Ok(value.to_owned());
        }
        first = first.or(value);
    }
    Ok(first.unwrap_or("").to_owned())
}

/// An Organization's name, or why it cannot name the practice: inactive, a payer or
/// insurer, or no name.
pub(super) fn organization(resource: &Resource<'_>) -> Result<Result<String, String>, FhirError> {
    let active = resource.flag("active")?;
    let name = resource.text("name")?;
    let mut types = Vec::new();
    for (k, concept) in resource.list("type")?.iter().enumerate() {
        types.extend(codes(
            resource,
            &format!("type[{k}]"),
            Some(concept),
            ORGANIZATION_TYPE_SYSTEM,
        )?);
    }
    if let Some(code) = types.iter().find(|c| matches!(**c, "pay" | "ins")) {
        let what = if *code == "pay" {
            "a payer"
        } else {
            "an insurance company"
        };
        return Ok(Err(format!("it is {what} (type {code}), not a practice")));
    }
    if active == Some(false) {
        return Ok(Err("it is inactive (active: false)".into()));
    }
    match name {
        Some(name) => Ok(Ok(name.to_owned())),
        None => Ok(Err("it has no name".into())),
    }
}

/// The list `field` of `resource`, each item checked to be an object.
pub(super) fn objects<'a>(resource: &Resource<'a>, field: &str) -> Result<&'a [Value], FhirError> {
    let list = opt_list(resource, field, resource.json.get(field))?;
    for (k, item) in list.iter().enumerate() {
        opt_object(resource, &format!("{field}[{k}]"), Some(item))?;
    }
    Ok(list)
}
