//! Reading JSON values as FHIR types, strictly: a field that is there with the wrong JSON
//! type (a text where FHIR R4 has a list, a number where it has a text) is an error naming
//! the resource and the field, so a file that is not what it claims is refused whole.
//! Absent, `null` and blank texts read as nothing.

use serde_json::Value;

use super::FhirError;
use super::read::Resource;

/// How a JSON value is called in a sentence.
fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true or false",
        Value::Number(_) => "a number",
        Value::String(_) => "a text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

pub(super) fn wrong_type(
    from: &Resource<'_>,
    field: &str,
    value: &Value,
    wanted: &str,
) -> FhirError {
    from.invalid(
        field,
        format!(
            "is {}, but FHIR R4 has {wanted} there (the file may not be FHIR R4, or was edited by hand)",
            json_kind(value)
        ),
    )
}

/// `value` (the field `field` of `from`) as a trimmed, non-empty text; absent, null or blank
/// is `None`; any other JSON type is an error naming the field.
pub(super) fn opt_text<'v>(
    from: &Resource<'_>,
    field: &str,
    value: Option<&'v Value>,
) -> Result<Option<&'v str>, FhirError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.trim()).filter(|t| !t.is_empty())),
        Some(other) => Err(wrong_type(from, field, other, "a text")),
    }
}

/// `value` as a list (absent or null is empty); any other JSON type is an error.
pub(super) fn opt_list<'v>(
    from: &Resource<'_>,
    field: &str,
    value: Option<&'v Value>,
) -> Result<&'v [Value], FhirError> {
    match value {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(list)) => Ok(list.as_slice()),
        Some(other) => Err(wrong_type(from, field, other, "a list")),
    }
}

/// `value` as an object; absent or null is `None`; any other JSON type is an error.
pub(super) fn opt_object<'v>(
    from: &Resource<'_>,
    field: &str,
    value: Option<&'v Value>,
) -> Result<Option<&'v Value>, FhirError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(object @ Value::Object(_)) => Ok(Some(object)),
        Some(other) => Err(wrong_type(from, field, other, "an object")),
    }
}

/// `value` as a boolean; absent or null is `None`; any other JSON type is an error.
pub(super) fn opt_flag(
    from: &Resource<'_>,
    field: &str,
    value: Option<&Value>,
) -> Result<Option<bool>, FhirError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(on)) => Ok(Some(*on)),
        Some(other) => Err(wrong_type(from, field, other, "true or false")),
    }
}

/// Each text of the list `field` of `object`, checked for their JSON types.
pub(super) fn texts<'v>(
    from: &Resource<'_>,
    field: &str,
    value: Option<&'v Value>,
) -> Result<Vec<&'v str>, FhirError> {
    let mut found = Vec::new();
    for (k, item) in opt_list(from, field, value)?.iter().enumerate() {
        found.extend(opt_text(from, &format!("{field}[{k}]"), Some(item))?);
    }
    Ok(found)
}

/// The codes of a CodeableConcept (`field`) in `system`, checked for their JSON types.
pub(super) fn codes<'v>(
    from: &Resource<'_>,
    field: &str,
    concept: Option<&'v Value>,
    system: &str,
) -> Result<Vec<&'v str>, FhirError> {
    let Some(concept) = opt_object(from, field, concept)? else {
        return Ok(Vec::new());
    };
    let mut found = Vec::new();
    let coding = opt_list(from, &format!("{field}.coding"), concept.get("coding"))?;
    for (k, code) in coding.iter().enumerate() {
        let at = format!("{field}.coding[{k}]");
        opt_object(from, &at, Some(code))?;
        let in_system = opt_text(from, &format!("{at}.system"), code.get("system"))?;
        let value = opt_text(from, &format!("{at}.code"), code.get("code"))?;
        // A system may carry its version after a bar ("…/v2-0360|2.7").
        let unversioned = in_system.map(|s| s.split('|').next().unwrap_or(s));
        if unversioned.is_some_and(|s| s.trim_end_matches('/') == system) {
            found.extend(value);
        }
    }
    Ok(found)
}

/// A trimmed, non-empty text, leniently (for values already checked, or optional hints).
pub(super) fn text(value: Option<&Value>) -> Option<&str> {
    value
        .and_then(Value::as_str)
        .map(str::trim)
        .filter(|t| !t.is_empty())
}
