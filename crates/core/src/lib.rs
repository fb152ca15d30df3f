#![forbid(unsafe_code)]
//! Switchboard's domain core: the practice configuration, the [`Change`] that every edit
//! is, [`apply`], the only way a configuration changes, [`route`] / [`explain`], which say
//! where a patient's message goes and why, [`validate`], which finds the routes that do not
//! work, [`portal_view`], what a patient's New Message screen shows, and [`export`] /
//! [`import`], the whole configuration as a versioned JSON document.
//!
//! What belongs here: pure data and pure decisions — no I/O, no clock, no randomness — so the
//! crate compiles to wasm32 and the UI uses these very types over IPC. Ids and dates are
//! made by the caller and passed in. What does not: SQL (crates/store), windows and commands
//! (src-tauri), rendering (src-ui).

mod change;
mod demo;
pub mod directory;
mod exchange;
pub mod fhir;
#[cfg(feature = "fixtures")]
pub mod fixtures;
pub mod grid;
pub mod history;
pub mod ipc;
pub mod limits;
pub mod lists;
mod model;
mod portal;
mod preset;
pub mod reconcile;
mod resolve;
pub mod setup;
mod severity;
pub mod sync;
mod validate;

pub use change::{
    ApplyError, Change, Target, Touched, Use, apply, bulk, group_edits, people_edits, presets,
    setting_edits, topic_edits, uses_of,
};
pub use demo::{demo_practice, ids as demo_ids};
pub use exchange::{
    DOCUMENT_FORMAT, DOCUMENT_VERSION, ImportError, check, export, import, import_as_change,
};
pub use fhir::{FhirError, FhirPlan};
pub use model::*;
pub use portal::{
    AttachmentRule, Branding, Compose, PortalLimits, PortalTopic, PortalView, ProviderChoiceItem,
    Screen, ToField, portal_view, portal_view_at, tester,
};
pub use preset::Preset;
pub use resolve::{
    Closed, Context, Decision, DropReason, Explanation, FallbackReason, MAX_DELEGATION_HOPS,
    Outcome, RoutingIndex, Sender, Step, explain, route,
};
pub use severity::Severity;
pub use validate::{
    Cell, DEFAULT_WINDOW_DAYS, Finding, Gathered, Place, Problem, revalidate, revalidate_rules,
    revalidate_rules_in, validate,
};
