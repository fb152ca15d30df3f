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

/// The OpenAPI 3.1 document of version 1, generated from the handlers; served at
/// `/api/v1/openapi.json` and committed as `crates/server/openapi.json`.
#[derive(Debug, utoipa::OpenApi)]
#[openapi(
    info(title = "Switchboard practice server", description = "Sync for the Switchboard desktop app, and routing for the patient portal."),
    paths(
        sessions::sign_in, sessions::current, sessions::sign_out,
        sync::snapshot, sync::upload, sync::push, sync::pull,
        portal::route, portal::portal_view,
    ),
    modifiers(&Security),
    tags(
        (name = "sessions", description = "Signing in and out"),
        (name = "sync", description = "The practice's configuration and its change log"),
        (name = "portal", description = "The patient portal's questions, with a portal key"),
    )
)]
pub struct ApiDoc;

/// The two ways to authenticate: a session token, or a practice's portal key — both as
/// `Authorization: Bearer …`.
#[derive(Debug)]
struct Security;

impl utoipa::Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        for (name, what) in [
            ("session", "A session token from POST /api/v1/sessions"),
            (
                "portal_key",
                "A practice's portal key (switchboard-server portal-key add)",
            ),
        ] {
            components.add_security_scheme(
                name,
                SecurityScheme::Http(
                    HttpBuilder::new()
                        .scheme(HttpAuthScheme::Bearer)
                        .description(Some(what))
                        .build(),
                ),
            );
        }
    }
}

/// The document as committed: pretty JSON and a final newline.
pub fn openapi_json() -> String {
    let mut text = <ApiDoc as utoipa::OpenApi>::openapi()
        .to_pretty_json()
        .unwrap_or_default();
    text.push('\n');
    text
}

/// The OpenAPI document.
async fn openapi() -> ([(axum::http::HeaderName, &'static str); 1], String) {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_json(),
    )
}

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
        .route("/openapi.json", get(openapi))
}
