//! Reading a FHIR R4 JSON file: its resources, their identities, and references between them.
//!
//! Words: a *resource* is one JSON object with a `resourceType` — the file itself, or each
//! `entry[i].resource` of a Bundle of any type (collection, batch, transaction, searchset).
//! Its *label* names it in messages: `Practitioner "pr-1" (entry[4])`. Its *keys* are how
//! Switchboard recognises it again: the literal `Practitioner/pr-1` and each identifier as
//! `system|value` (the FHIR token form, so an NPI is
//! `http://hl7.org/fhir/sid/us-npi|1234567890`). A *reference* is literal
//! (`Practitioner/pr-1`, an absolute URL, or a Bundle `fullUrl` such as `urn:uuid:…`),
//! logical (an identifier only) or display-only; [`Catalog::resolve`] finds what it points at.

use std::collections::HashMap;

use serde_json::{Map, Value};

use super::FhirError;
use super::json::wrong_type;
pub(super) use super::json::{codes, opt_flag, opt_list, opt_object, opt_text, text, texts};

/// The NPI's system: the one identifier people are matched by.
pub(super) const NPI_SYSTEM: &str = "http://hl7.org/fhir/sid/us-npi";

/// One resource of the file.
pub(super) struct Resource<'a> {
    /// Its place in the Bundle, `None` when the file is this single resource.
    pub index: Option<usize>,
    pub kind: &'a str,
    pub id: Option<&'a str>,
    pub json: &'a Map<String, Value>,
    /// Its identifiers as `system|value`, in file order (checked for their JSON types).
    pub identifiers: Vec<String>,
    /// `Practitioner/pr-1`, or with the server's base when the Bundle entry's `fullUrl`
    /// gives one (`https://ehr.example/fhir/Practitioner/pr-1`): the same id from the same
    /// source. `None` without an id.
    pub literal_key: Option<String>,
}

impl<'a> Resource<'a> {
    /// `Practitioner "pr-1" (entry[4])`, for messages.
    pub fn label(&self) -> String {
        let mut label = self.kind.to_owned();
        if let Some(id) = self.id {
            label.push_str(&format!(" \"{id}\""));
        }
        if let Some(index) = self.index {
            label.push_str(&format!(" (entry[{index}])"));
        }
        label
    }

    /// `Practitioner/pr-1`, when the resource has an id (how references in the file name it).
    pub fn literal(&self) -> Option<String> {
        self.id.map(|id| format!("{}/{id}", self.kind))
    }

    /// The keys Switchboard recognises the resource by, identifiers first: for a
    /// Practitioner only its NPIs (an SSN or a payer's member id says nothing about the
    /// practitioner's role), for other resources every identifier; then the literal key.
    pub fn keys(&self) -> Vec<String> {
        let identifiers = self.identifiers.iter();
        let identifiers: Vec<String> = if self.kind == "Practitioner" {
            identifiers.filter(|k| is_npi(k)).cloned().collect()
        } else {
            identifiers.cloned().collect()
        };
        identifiers
            .into_iter()
            .chain(self.literal_key.clone())
            .collect()
    }

    /// A text field, trimmed; `None` when absent or blank; an error when it is not a text.
    pub fn text(&self, field: &str) -> Result<Option<&'a str>, FhirError> {
        opt_text(self, field, self.json.get(field))
    }

    /// A list field (absent means empty); an error when it is not a list.
    pub fn list(&self, field: &str) -> Result<&'a [Value], FhirError> {
        opt_list(self, field, self.json.get(field))
    }

    /// An object field; an error when it is there but not an object.
    pub fn object(&self, field: &str) -> Result<Option<&'a Value>, FhirError> {
        opt_object(self, field, self.json.get(field))
    }

    /// A boolean field; an error when it is there but not a boolean.
    pub fn flag(&self, field: &str) -> Result<Option<bool>, FhirError> {
        opt_flag(self, field, self.json.get(field))
    }

    pub fn invalid(&self, field: &str, reason: impl Into<String>) -> FhirError {
        FhirError::Invalid {
            resource: self.label(),
            field: field.into(),
            reason: reason.into(),
        }
    }
}

/// Whether a key `system|value` is an NPI.
pub(super) fn is_npi(key: &str) -> bool {
    key.strip_prefix(NPI_SYSTEM)
        .is_some_and(|rest| rest.starts_with('|'))
}

/// A key in words, for messages: "NPI 1234567893", "identifier sys|v", "the id Location/x".
pub(super) fn describe_key(key: &str) -> String {
    if is_npi(key) {
        format!("NPI {}", &key[NPI_SYSTEM.len() + 1..])
    } else if key.contains('|') {
        format!("the identifier {key}")
    } else {
        format!("the id {key}")
    }
}

/// An Identifier as `system|value` (`|value` without a system); `None` without a value.
fn identifier_key(
    from: &Resource<'_>,
    field: &str,
    identifier: &Value,
) -> Result<Option<String>, FhirError> {
    opt_object(from, field, Some(identifier))?;
    let value = opt_text(from, &format!("{field}.value"), identifier.get("value"))?;
    let system = opt_text(from, &format!("{field}.system"), identifier.get("system"))?;
    Ok(value.map(|value| format!("{}|{value}", system.unwrap_or(""))))
}

/// The resources of `root`, a Bundle or a single resource, and the Bundle's entries that
/// hold no resource. An element that is not a resource is an error naming its place.
pub(super) fn resources(root: &Value) -> Result<(Vec<Resource<'_>>, usize), FhirError> {
    let Some(object) = root.as_object() else {
        return Err(FhirError::NotFhir {
            reason: "the file holds no JSON object".into(),
        });
    };
    let Some(kind) = text(object.get("resourceType")) else {
        return Err(FhirError::NotFhir {
            reason: "it has no \"resourceType\"".into(),
        });
    };
    if kind != "Bundle" {
        return Ok((vec![resource(None, object, None, "the file")?], 0));
    }
    let entries = match object.get("entry") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(entries)) => entries.as_slice(),
        Some(_) => {
            return Err(FhirError::NotFhir {
                reason: "the Bundle's \"entry\" is not a list".into(),
            });
        }
    };
    let mut found = Vec::new();
    let mut empty = 0;
    for (index, entry) in entries.iter().enumerate() {
        let at = format!("entry[{index}]");
        let Some(entry) = entry.as_object() else {
            return Err(FhirError::NotAResource {
                at,
                reason: "it is not a JSON object".into(),
            });
        };
        let full_url = match entry.get("fullUrl") {
            None | Some(Value::Null) => None,
            Some(Value::String(url)) => Some(url.trim()),
            Some(_) => {
                return Err(FhirError::NotAResource {
                    at: format!("{at}.fullUrl"),
                    reason: "it is not a text (a URL)".into(),
                });
            }
        };
        match entry.get("resource") {
            None | Some(Value::Null) => empty += 1,
            Some(Value::Object(object)) => {
                found.push(resource(Some(index), object, full_url, &at)?);
            }
            Some(_) => {
                return Err(FhirError::NotAResource {
                    at: format!("{at}.resource"),
                    reason: "it is not a JSON object".into(),
                });
            }
        }
    }
    Ok((found, empty))
}

fn resource<'a>(
    index: Option<usize>,
    json: &'a Map<String, Value>,
    full_url: Option<&str>,
    at: &str,
) -> Result<Resource<'a>, FhirError> {
    let kind = match json.get("resourceType") {
        Some(Value::String(kind)) if !kind.trim().is_empty() => kind.trim(),
        _ => {
            return Err(FhirError::NotAResource {
                at: at.to_owned(),
                reason: "it has no \"resourceType\" text".into(),
            });
        }
    };
    let mut resource = Resource {
        index,
        kind,
        id: None,
        json,
        identifiers: Vec::new(),
        literal_key: None,
    };
    resource.id = opt_text(&resource, "id", json.get("id"))?;
    let mut identifiers = Vec::new();
    for (k, identifier) in resource.list("identifier")?.iter().enumerate() {
        identifiers.extend(identifier_key(
            &resource,
            &format!("identifier[{k}]"),
            identifier,
        )?);
    }
    resource.identifiers = identifiers;
    resource.literal_key = resource.literal().map(|literal| {
        let url = full_url.map(|u| u.split("/_history/").next().unwrap_or(u));
        match url {
            Some(url) if url.contains("://") && url.ends_with(&format!("/{literal}")) => {
                url.to_owned()
            }
            _ => literal,
        }
    });
    Ok(resource)
}

/// What a reference points at.
pub(super) enum Resolved {
    /// A resource of the file, by its position in the list of resources.
    InFile(usize),
    /// Something outside the file, known by these keys (it may be in Switchboard already).
    Outside {
        kind: Option<String>,
        keys: Vec<String>,
    },
    /// Nothing Switchboard can follow; the text says why (for notes).
    Unresolved(String),
}

/// The file's resources, indexed by every way a reference may name them.
pub(super) struct Catalog<'a> {
    pub resources: Vec<Resource<'a>>,
    by_literal: HashMap<String, usize>,
    by_url: HashMap<&'a str, usize>,
    by_identifier: HashMap<(&'a str, String), usize>,
}

impl<'a> Catalog<'a> {
    /// Indexes `resources`; `entries` is the Bundle's `entry` list, for the `fullUrl`s.
    pub fn new(resources: Vec<Resource<'a>>, entries: &'a [Value]) -> Self {
        let mut catalog = Self {
            by_literal: HashMap::with_capacity(resources.len()),
            by_url: HashMap::with_capacity(resources.len()),
            by_identifier: HashMap::with_capacity(resources.len()),
            resources: Vec::new(),
        };
        for (at, resource) in resources.iter().enumerate() {
            if let Some(literal) = resource.literal() {
                catalog.by_literal.entry(literal).or_insert(at);
            }
            let url = resource
                .index
                .and_then(|index| text(entries.get(index)?.get("fullUrl")));
            if let Some(url) = url {
                catalog.by_url.entry(url).or_insert(at);
            }
            for key in &resource.identifiers {
                catalog
                    .by_identifier
                    .entry((resource.kind, key.clone()))
                    .or_insert(at);
            }
        }
        catalog.resources = resources;
        catalog
    }

    /// The resource type `reference` names, when it says (literally, by `type`, or by
    /// pointing at a resource of the file).
    pub fn kind_of<'r>(&'r self, reference: &'r Value) -> Option<&'r str> {
        if let Some(literal) = text(reference.get("reference")) {
            if let Some(&at) = self.by_url.get(literal) {
                return Some(self.resources[at].kind);
            }
            if let Some((kind, _)) = split_literal(literal) {
                return Some(kind);
            }
        }
        text(reference.get("type")).map(|t| t.rsplit('/').next().unwrap_or(t))
    }

    /// Follows `reference`, the field `field` of `from`, which must point at one of `kinds`:
    /// a reference to another type is an error naming both, and so is a field of the
    /// wrong JSON type.
    pub fn resolve(
        &self,
        from: &Resource<'_>,
        field: &str,
        reference: &Value,
        kinds: &[&str],
    ) -> Result<Resolved, FhirError> {
        let wrong = |found: String| FhirError::WrongType {
            resource: from.label(),
            field: field.into(),
            expected: kinds.join(" or "),
            found,
        };
        if !reference.is_object() {
            return Err(wrong_type(
                from,
                field,
                reference,
                "a Reference (an object)",
            ));
        }
        let literal = opt_text(
            from,
            &format!("{field}.reference"),
            reference.get("reference"),
        )?;
        let kind = opt_text(from, &format!("{field}.type"), reference.get("type"))?
            .map(|t| t.rsplit('/').next().unwrap_or(t));
        let display = opt_text(from, &format!("{field}.display"), reference.get("display"))?;
        let identifier = opt_object(
            from,
            &format!("{field}.identifier"),
            reference.get("identifier"),
        )?;
        if let Some(literal) = literal {
            if literal.starts_with('#') {
                return Ok(Resolved::Unresolved(format!(
                    "{field} points at a contained resource ({literal}), which Switchboard does not read"
                )));
            }
            if let Some(&at) = self.by_url.get(literal) {
                let kind = self.resources[at].kind;
                return if kinds.contains(&kind) {
                    Ok(Resolved::InFile(at))
                } else {
                    Err(wrong(format!("{} ({literal})", self.resources[at].label())))
                };
            }
            let Some((kind, id)) = split_literal(literal) else {
                return Ok(Resolved::Unresolved(format!(
                    "{field} is \"{literal}\", which is not in the file"
                )));
            };
            if !kinds.contains(&kind) {
                return Err(wrong(format!("a {kind} ({literal})")));
            }
            let key = format!("{kind}/{id}");
            return Ok(match self.by_literal.get(&key) {
                Some(&at) => Resolved::InFile(at),
                None => Resolved::Outside {
                    kind: Some(kind.into()),
                    keys: vec![outside_key(from, literal, &key)],
                },
            });
        }
        if let Some(kind) = kind
            && !kinds.contains(&kind)
        {
            return Err(wrong(format!("a {kind}")));
        }
        let key = match identifier {
            Some(identifier) => identifier_key(from, &format!("{field}.identifier"), identifier)?,
            None => None,
        };
        if let Some(key) = key {
            let candidates = kind.map_or(kinds.to_vec(), |kind| vec![kind]);
            let found = candidates
                .iter()
                .find_map(|kind| self.by_identifier.get(&(*kind, key.clone())));
            return Ok(match found {
                Some(&at) => Resolved::InFile(at),
                None => Resolved::Outside {
                    kind: kind.map(str::to_owned),
                    keys: vec![key],
                },
            });
        }
        Ok(Resolved::Unresolved(match display {
            Some(display) => format!("{field} names \"{display}\" by display text only"),
            None => format!("{field} is empty"),
        }))
    }
}

/// The key of a resource outside the file that `literal` names from `from`: an absolute URL
/// as it is (without `/_history/…`); a relative one with `from`'s server base when `from`
/// has one (the same source), else `Type/id`.
fn outside_key(from: &Resource<'_>, literal: &str, relative: &str) -> String {
    if literal.contains("://") {
        return literal
            .split("/_history/")
            .next()
            .unwrap_or(literal)
            .to_owned();
    }
    let base = (from.literal_key.as_deref())
        .zip(from.literal())
        .and_then(|(key, own)| key.strip_suffix(own.as_str()))
        .filter(|base| !base.is_empty());
    match base {
        Some(base) => format!("{base}{relative}"),
        None => relative.to_owned(),
    }
}

/// `("Practitioner", "pr-1")` from `Practitioner/pr-1`, `https://x/fhir/Practitioner/pr-1` or
/// `Practitioner/pr-1/_history/2`; `None` when the text has no `Type/id` at its end.
fn split_literal(literal: &str) -> Option<(&str, &str)> {
    let literal = literal.split("/_history/").next().unwrap_or(literal);
    let mut parts = literal.rsplit('/');
    let id = parts.next().filter(|id| !id.is_empty())?;
    let kind = parts.next()?;
    kind.starts_with(|c: char| c.is_ascii_uppercase())
        .then_some((kind, id))
}

/// Whether `today` (`YYYY-MM-DD`) falls within a FHIR Period, both ends included, compared
/// at each end's own precision (`2024` ends on the last day of 2024). A malformed date is an
/// error naming `field`.
pub(super) fn within(
    from: &Resource<'_>,
    field: &str,
    period: Option<&Value>,
    today: &str,
) -> Result<bool, FhirError> {
    let Some(period) = opt_object(from, field, period)? else {
        return Ok(true);
    };
    let date = |end: &str| -> Result<Option<&str>, FhirError> {
        let Some(value) = period.get(end).filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        let date = value.as_str().map(|t| t.split('T').next().unwrap_or(t));
        match date {
            Some(date) if is_fhir_date(date) => Ok(Some(date)),
            _ => Err(from.invalid(
                &format!("{field}.{end}"),
                format!("is {value}, which is not a FHIR date such as \"2024-03-31\""),
            )),
        }
    };
    let at_precision = |date: &str| &today[..date.len().min(today.len())];
    let started = date("start")?.is_none_or(|start| start <= at_precision(start));
    let not_ended = date("end")?.is_none_or(|end| at_precision(end) <= end);
    Ok(started && not_ended)
}

/// `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn is_fhir_date(text: &str) -> bool {
    let shape = |pattern: &str| {
        text.len() == pattern.len()
            && text.bytes().zip(pattern.bytes()).all(|(c, p)| match p {
                b'9' => c.is_ascii_digit(),
                _ => c == p,
            })
    };
    shape("9999") || shape("9999-99") || shape("9999-99-99")
}
