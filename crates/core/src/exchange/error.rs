//! [`ImportError`]: why a document was not imported, with the path of the first problem.

/// Why a document was not imported. Nothing was changed; the message says where and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    #[error(
        "The file is not valid JSON: {reason} at line {line}, column {column}. Fix the file there, or export the configuration again."
    )]
    Syntax {
        line: usize,
        column: usize,
        reason: String,
    },
    #[error(
        "This is not a Switchboard configuration: {reason}. Choose a file made by Switchboard's Export."
    )]
    NotAConfiguration { reason: String },
    #[error(
        "This file was exported by a newer Switchboard (format version {found}; this one reads version {supported}). Update Switchboard, then import it again."
    )]
    NewerVersion { found: u64, supported: u32 },
    #[error(
        "The file's format version ({found}) is not one Switchboard knows; this one reads version {supported}. Export the configuration again."
    )]
    UnknownVersion { found: String, supported: u32 },
    /// A value does not have the shape Switchboard expects (wrong type, unknown field, bad id).
    #[error("{path}: {reason} (line {line}, column {column}).")]
    Shape {
        path: String,
        reason: String,
        line: usize,
        column: usize,
    },
    /// A field Switchboard does not know, probably misspelt.
    #[error("{path}: Switchboard does not know this field. Check its spelling, or remove it.")]
    UnknownField { path: String },
    /// A value names something that is not there, or repeats something that must be unique.
    #[error("{path}: {reason}.")]
    Integrity { path: String, reason: String },
    /// The file is valid, but this practice cannot become it through ordinary edits.
    #[error("{reason}")]
    NotRepresentable { reason: String },
}

impl ImportError {
    /// The JSON path of the problem (`config.people[3].locations[0]`), when it has one.
    pub fn path(&self) -> Option<&str> {
        match self {
            ImportError::Shape { path, .. }
            | ImportError::UnknownField { path }
            | ImportError::Integrity { path, .. } => Some(path),
            ImportError::Syntax { .. }
            | ImportError::NotAConfiguration { .. }
            | ImportError::NewerVersion { .. }
            | ImportError::UnknownVersion { .. }
            | ImportError::NotRepresentable { .. } => None,
        }
    }

    pub(super) fn integrity(path: impl Into<String>, reason: impl Into<String>) -> Self {
        ImportError::Integrity {
            path: path.into(),
            reason: reason.into(),
        }
    }
}

/// serde_json's message without its " at line L column C" (the error says that its own
/// way), with serde's terse phrases turned into sentences an admin reads.
pub(super) fn reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    let text = match text.rfind(" at line ") {
        Some(at) if err.line() > 0 => text[..at].to_owned(),
        _ => text,
    };
    if let Some(field) = between(&text, "missing field `", "`") {
        format!("\"{field}\" is missing; add it")
    } else if let Some(field) = between(&text, "unknown field `", "`") {
        format!("Switchboard does not know the field \"{field}\"; check its spelling or remove it")
    } else if let Some(field) = between(&text, "duplicate field `", "`") {
        format!("\"{field}\" is written twice; keep one")
    } else {
        text
    }
}

fn between<'t>(text: &'t str, start: &str, end: &str) -> Option<&'t str> {
    let rest = text.strip_prefix(start)?;
    rest.find(end).map(|at| &rest[..at])
}
