#![forbid(unsafe_code)]
//! Switchboard's sync engine: the practice server's HTTP client ([`Client`]), the first
//! connection of a local database to a server ([`connect`]), one sync round ([`sync_once`]:
//! push the pending changes, record what became of them, pull the server's changes, rebase)
//! and the [`Backoff`] the app's background loop waits by.
//!
//! The model lives in the store (`switchboard_store`, module `sync`): the rows always equal
//! the server's configuration at the store's *base* plus its pending changes. This crate only
//! moves changes between the store and the server, so every step it takes is one store
//! transaction, and a round cut short anywhere (the network drops, the app is killed) leaves
//! the store consistent: the next round pushes again what was not acknowledged, and the
//! server answers `duplicate` for what it had already applied.
//!
//! What does not belong here: tokens at rest (the caller keeps the token from
//! [`Client::sign_in`] in the OS credential store; nothing here writes it anywhere), screens,
//! and timers (the caller runs the loop; [`Backoff`] only says how long to wait).

mod backoff;
mod client;
mod error;
mod round;

pub use backoff::Backoff;
pub use client::Client;
pub use error::SyncError;
pub use round::{Connected, SyncReport, connect, connect_choosing, sync_once};
