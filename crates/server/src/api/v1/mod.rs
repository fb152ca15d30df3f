//! Version 1 of the API. Every answer is JSON; every failure is `{ code, message }`.
//!
//! | method | path | who |
//! |---|---|---|
//! | POST | `/sessions` | anyone (sign in) |
//! | GET, DELETE | `/session` | a signed-in account (who am I, sign out) |
//! | GET | `/practices/{practice}/snapshot` | the practice's viewers and admins |
//! | POST | `/practices/{practice}/snapshot` | its admins, once (upload the practice) |
//! | POST | `/practices/{practice}/changes` | its admins (push) |
//! | GET | `/practices/{practice}/changes?since=` | its viewers and admins (pull) |
//! | GET | `/practices/{practice}/route?…` | its portal key, viewers and admins |
//! | GET | `/practices/{practice}/portal-view?…` | its portal key, viewers and admins |

mod portal;
mod sessions;
mod sync;

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;
use crate::db::Database;

/// The routes of version 1, as a table: the authorization test reads it too.
pub const ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/v1/sessions"),
    ("GET", "/api/v1/session"),
    ("DELETE", "/api/v1/session"),
    ("GET", "/api/v1/practices/{practice}/snapshot"),
    ("POST", "/api/v1/practices/{practice}/snapshot"),
    ("POST", "/api/v1/practices/{practice}/changes"),
    ("GET", "/api/v1/practices/{practice}/changes"),
    ("GET", "/api/v1/practices/{practice}/route"),
    ("GET", "/api/v1/practices/{practice}/portal-view"),
];

/// The practice id in a path, or a sentence.
fn practice_id(text: &str) -> Result<switchboard_core::PracticeId, crate::error::ApiError> {
    text.parse().map_err(|_| {
        crate::error::ApiError::bad_request(format!(
            "\"{}\" is not a practice id. Use the id `switchboard-server practice list` shows.",
            text.chars().take(60).collect::<String>()
        ))
    })
}

pub(super) fn routes<D: Database>() -> Router<AppState<D>> {
    Router::new()
        .route("/sessions", post(sessions::sign_in::<D>))
        .route(
            "/session",
            get(sessions::current::<D>).delete(sessions::sign_out::<D>),
        )
        .route(
            "/practices/{practice}/snapshot",
            get(sync::snapshot::<D>).post(sync::upload::<D>),
        )
        .route(
            "/practices/{practice}/changes",
            post(sync::push::<D>).get(sync::pull::<D>),
        )
        .route("/practices/{practice}/route", get(portal::route::<D>))
        .route(
            "/practices/{practice}/portal-view",
            get(portal::portal_view::<D>),
        )
}
