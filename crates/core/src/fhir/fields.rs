//! The values Switchboard takes from one resource: a Practitioner's name and credentials, a
//! Location's name, alias, address, phone and time zone, an Organization's name.
//!
//! Words: a *HumanName* is FHIR's structured name; the one used is the `official`, else the
//! `usual`, else the first. *Credentials* are the name's `suffix`es ("MD"), else the degree
//! codes of `qualification` (code system v2-0360). A *ContactPoint* is a phone, e-mail, …;
//! the phone used is the first `work` phone, else the first phone.

use serde_json::Value;

use super::FhirError;
use super::read::{Resource, list, text};

/// The FHIR R4 extension that gives a Location its IANA time zone.
const TIME_ZONE_EXTENSION: &str = "http://hl7.org/fhir/StructureDefinition/timezone";

/// The degree / license code system of `Practitioner.qualification`.
const DEGREE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v2-0360";

/// What a Practitioner says about the person.
pub(super) struct PractitionerFields {
    pub name: String,
    pub credentials: String,
    pub active: Option<bool>,
}

pub(super) fn practitioner(resource: &Resource<'_>) -> Result<PractitionerFields, FhirError> {
    let names = resource.list("name");
    let pick = ["official", "usual"]
        .iter()
        .find_map(|wanted| names.iter().find(|n| text(n.get("use")) == Some(*wanted)))
        .or_else(|| names.first());
    let name = pick.and_then(human_name).ok_or_else(|| {
        resource.missing(
            "name",
            "the name staff and patients see (give a name with \"text\", or \"given\" and \"family\")",
        )
    })?;
    let mut credentials: Vec<&str> = pick
        .map(|n| list(n.get("suffix")))
        .unwrap_or_default()
        .iter()
        .filter_map(|s| text(Some(s)))
        .collect();
    if credentials.is_empty() {
        credentials = resource
            .list("qualification")
            .iter()
            .flat_map(|q| list(q.get("code").and_then(|c| c.get("coding"))))
            .filter(|coding| {
                text(coding.get("system")).is_some_and(|s| s.starts_with(DEGREE_SYSTEM))
            })
            .filter_map(|coding| text(coding.get("code")))
            .collect();
    }
    Ok(PractitionerFields {
        name,
        credentials: credentials.join(", "),
        active: resource.flag("active")?,
    })
}

/// "Beverly Crusher" from `text`, else the given names and the family name.
fn human_name(name: &Value) -> Option<String> {
    if let Some(whole) = text(name.get("text")) {
        return Some(whole.to_owned());
    }
    let parts: Vec<&str> = list(name.get("given"))
        .iter()
        .filter_map(|g| text(Some(g)))
        .chain(text(name.get("family")))
        .collect();
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// What a Location says about the site.
pub(super) struct LocationFields {
    pub name: String,
    pub alias: String,
    pub address: String,
    pub phone: String,
    pub time_zone: Option<String>,
}

pub(super) fn location(resource: &Resource<'_>) -> Result<LocationFields, FhirError> {
    let name = resource
        .text("name")
        .ok_or_else(|| resource.missing("name", "the location's name in lists and the portal"))?;
    let alias = resource
        .list("alias")
        .first()
        .and_then(|a| text(Some(a)))
        .unwrap_or("");
    let time_zone = resource
        .list("extension")
        .iter()
        .find(|e| text(e.get("url")) == Some(TIME_ZONE_EXTENSION))
        .and_then(|e| text(e.get("valueCode")))
        .map(str::to_owned);
    Ok(LocationFields {
        name: name.to_owned(),
        alias: alias.to_owned(),
        address: resource
            .json
            .get("address")
            .map(address)
            .unwrap_or_default(),
        phone: phone(resource.list("telecom")),
        time_zone,
    })
}

/// An Address on one line: its `text`, else "lines, city, state postal code".
fn address(address: &Value) -> String {
    if let Some(whole) = text(address.get("text")) {
        return whole.to_owned();
    }
    let mut parts: Vec<String> = list(address.get("line"))
        .iter()
        .filter_map(|l| text(Some(l)).map(str::to_owned))
        .collect();
    parts.extend(text(address.get("city")).map(str::to_owned));
    let region: Vec<&str> = [address.get("state"), address.get("postalCode")]
        .into_iter()
        .filter_map(text)
        .collect();
    if !region.is_empty() {
        parts.push(region.join(" "));
    }
    parts.join(", ")
}

/// The first work phone, else the first phone; empty when there is none.
fn phone(telecom: &[Value]) -> String {
    let phones: Vec<&Value> = telecom
        .iter()
        .filter(|t| text(t.get("system")) == Some("phone"))
        .collect();
    phones
        .iter()
        .find(|t| text(t.get("use")) == Some("work"))
        .or(phones.first())
        .and_then(|t| text(t.get("value")))
        .unwrap_or("")
        .to_owned()
}

/// An Organization's name, when it has one.
pub(super) fn organization_name(resource: &Resource<'_>) -> Option<String> {
    resource.text("name").map(str::to_owned)
}
