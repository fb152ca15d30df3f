#![forbid(unsafe_code)]
//! Switchboard's domain core: the practice configuration, the [`Change`] that every edit
//! is, and [`apply`], the only way a configuration changes.
//!
//! What belongs here: pure data and pure decisions — no I/O, no clock, no randomness — so the
//! crate compiles to wasm32 and the UI uses these very types over IPC. What does not: SQL
//! (crates/store), windows and commands (src-tauri), rendering (src-ui).
//!
//! At this stage the model holds what the Topics slice needs; routes, people, groups,
//! locations and settings join it with the domain-core work.

mod change;
mod demo;
pub mod ipc;
mod model;

pub use change::{ApplyError, Change, apply};
pub use demo::demo_practice;
pub use model::{Config, Language, Localized, PracticeName, Topic, TopicKey};
