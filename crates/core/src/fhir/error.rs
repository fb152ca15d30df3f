//! [`FhirError`]: why a FHIR file was not planned. Nothing was changed; the message names the
//! resource (its type, id and place in the Bundle) and the field, and says what to do.

/// Why a FHIR file cannot be imported. Nothing was changed; the message says where and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FhirError {
    /// The file's bytes are not UTF-8 text, which FHIR JSON must be.
    #[error(
        "The file is not UTF-8 text: the byte at offset {offset} (line {line}) cannot start or continue a character. FHIR JSON is UTF-8; export the directory again as UTF-8, or convert the file, then import again."
    )]
    NotUtf8 { offset: usize, line: usize },
    #[error(
        "The file is not valid JSON: {reason} at line {line}, column {column}. Fix the file there, or export the directory from its system again."
    )]
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    /// The file is JSON, but not a FHIR resource or Bundle.
    #[error(
        "This is not a FHIR R4 file: {reason}. Choose a FHIR R4 JSON file: a Bundle, or a single resource."
    )]
    NotFhir { reason: String },
    /// An element where a resource must be is not one (not an object, or no `resourceType`).
    #[error(
        "{at} is not a FHIR resource: {reason}. Fix that entry or remove it from the file, then import again."
    )]
    NotAResource { at: String, reason: String },
    /// A reference points at a resource of a type that cannot stand there.
    #[error(
        "{resource}: {field} refers to {found}, but it must refer to a {expected}. Point it at a {expected} or remove it, then import again."
    )]
    WrongType {
        resource: String,
        field: String,
        expected: String,
        found: String,
    },
    /// A field is there but its value cannot be read.
    #[error("{resource}: {field} {reason}. Correct it, then import again.")]
    Invalid {
        resource: String,
        field: String,
        reason: String,
    },
    /// A resource is written in an older FHIR version's shape (DSTU2), which reads differently.
    #[error(
        "{resource}: {field} has the FHIR DSTU2 shape ({shape}); Switchboard reads FHIR R4, where {r4}. Export the directory as FHIR R4, then import again."
    )]
    Dstu2 {
        resource: String,
        field: String,
        shape: String,
        r4: String,
    },
    /// Two resources of the file are the same directory entry.
    #[error(
        "{resource} and {other} are the same {what}: both have {shared}. Keep one of them, then import again."
    )]
    Duplicate {
        resource: String,
        other: String,
        what: String,
        /// The identity they share, in words ("NPI 1234567893", "the id Practitioner/pr-1").
        shared: String,
    },
    /// The organization chosen to name the practice is not one the file offers.
    #[error(
        "There is no organization \"{chosen}\" in the file whose name the practice can take; choose one of: {}.",
        names(candidates)
    )]
    UnknownOrganization {
        chosen: String,
        candidates: Vec<(String, String)>,
    },
    /// The plan did not apply to the practice it was made from (a bug).
    #[error(
        "Switchboard could not express this import as edits of the current practice ({reason}). This is a bug in Switchboard; nothing was changed. Please report it with the file."
    )]
    NotRepresentable { reason: String },
}

fn names(candidates: &[(String, String)]) -> String {
    let names: Vec<String> = candidates
        .iter()
        .map(|(id, name)| format!("\"{name}\" ({id})"))
        .collect();
    names.join(", ")
}

impl FhirError {
    /// Whether the admin must choose the practice's Organization again (the one chosen is
    /// not offered by this file).
    pub fn needs_choice(&self) -> bool {
        matches!(self, FhirError::UnknownOrganization { .. })
    }
}
