//! Sync: upload the practice, push changes, pull them, take a snapshot.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use switchboard_core::sync::{
    ApiErrorBody, MAX_PULL, MAX_PUSH, PullResponse, PushRequest, PushResponse, SnapshotResponse,
    Upload,
};
use switchboard_core::{PracticeId, export, import};

use super::practice_id;
use crate::api::{Json, Query};
use crate::auth::Caller;
use crate::db::{Database, Pulled, Pusher};
use crate::error::ApiError;
use crate::{AppState, clock};

/// The whole configuration at the head (none before the upload).
#[utoipa::path(get, path = "/api/v1/practices/{practice}/snapshot", tag = "sync", params(("practice" = String, Path, description = "The practice id")), security(("session" = [])),
    responses(
        (status = 200, description = "The configuration and its revision", body = SnapshotResponse),
        (status = 400, description = "The request is malformed; the message says how", body = ApiErrorBody), (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 403, description = "A portal key reads routing only", body = ApiErrorBody),
        (status = 404, description = "No such practice for this account", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %practice), err(Display))]
pub(super) async fn snapshot<D: Database>(
    State(state): State<AppState<D>>,
    Path(practice): Path<String>,
    caller: Caller,
) -> Result<impl IntoResponse, ApiError> {
    let practice = practice_id(&practice)?;
    caller.may_read(practice)?;
    let (revision, config) = state.db.snapshot_json(practice).await?;
    Ok((
        [(header::CONTENT_TYPE, "application/json")],
        snapshot_body(practice, revision, config.as_deref()),
    ))
}

/// A [`SnapshotResponse`]'s JSON, with the configuration spliced in as the text the server
/// stored (its own `serde_json` form of a checked configuration) instead of parsed and
/// written again: a large practice's first sync spent a quarter of its time on that.
fn snapshot_body(practice: PracticeId, revision: i64, config: Option<&str>) -> String {
    format!(
        "{{\"practice\":\"{practice}\",\"revision\":{revision},\"config\":{}}}",
        config.unwrap_or("null")
    )
}

/// Upload the practice, once, while the server has none (admins; never the demo).
#[utoipa::path(post, path = "/api/v1/practices/{practice}/snapshot", tag = "sync", params(("practice" = String, Path, description = "The practice id")), security(("session" = [])), request_body = Upload,
    responses(
        (status = 201, description = "Uploaded at revision 1", body = SnapshotResponse),
        (status = 400, description = "The request is malformed; the message says how", body = ApiErrorBody), (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 403, description = "Viewers and portal keys may not change the practice", body = ApiErrorBody),
        (status = 404, description = "No such practice for this account", body = ApiErrorBody),
        (status = 409, description = "The practice has a configuration already", body = ApiErrorBody),
        (status = 413, description = "The body is too large", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %practice), err(Display))]
pub(super) async fn upload<D: Database>(
    State(state): State<AppState<D>>,
    Path(practice): Path<String>,
    caller: Caller,
    Json(body): Json<Upload>,
) -> Result<(StatusCode, Json<SnapshotResponse>), ApiError> {
    let practice = practice_id(&practice)?;
    caller.may_change(practice)?;
    if body.config.demo {
        return Err(ApiError::bad_request(
            "The demo practice cannot be uploaded: it is made-up data. Start a new practice in the app (or import your own), then upload it.",
        ));
    }
    // Every check an import makes: the practice on the server must be one any client can read.
    let config = import(&export(&body.config))
        .map_err(|err| ApiError::bad_request(format!("This practice cannot be uploaded: {err}")))?;
    if !state.db.upload(practice, &config).await? {
        let (head, _) = state.db.snapshot(practice).await?;
        return Err(ApiError::conflict(format!(
            "This practice already has a configuration on the server (at revision {head}). Take it instead, or choose in the app which one wins."
        )));
    }
    Ok((
        StatusCode::CREATED,
        Json(SnapshotResponse {
            practice,
            revision: 1,
            config: Some(config),
        }),
    ))
}

/// Push changes: each is applied once, on its own, in order, and comes back as applied,
/// duplicate, conflict or refused (admins).
#[utoipa::path(post, path = "/api/v1/practices/{practice}/changes", tag = "sync", params(("practice" = String, Path, description = "The practice id")), security(("session" = [])), request_body = PushRequest,
    responses(
        (status = 200, description = "One outcome per change, in order", body = PushResponse),
        (status = 400, description = "The request is malformed; the message says how", body = ApiErrorBody), (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 403, description = "Viewers and portal keys may not change the practice", body = ApiErrorBody),
        (status = 404, description = "No such practice for this account", body = ApiErrorBody),
        (status = 413, description = "The body is too large", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %practice, changes = body.changes.len()), err(Display))]
pub(super) async fn push<D: Database>(
    State(state): State<AppState<D>>,
    Path(practice): Path<String>,
    caller: Caller,
    Json(body): Json<PushRequest>,
) -> Result<Json<PushResponse>, ApiError> {
    let practice = practice_id(&practice)?;
    let account = caller.may_change(practice)?;
    if body.changes.len() > MAX_PUSH {
        return Err(ApiError::bad_request(format!(
            "A push carries at most {MAX_PUSH} changes; this one has {}. Push them in several batches.",
            body.changes.len()
        )));
    }
    let received_at = clock::now_text();
    let by = Pusher {
        account: &account.name,
        received_at: &received_at,
    };
    let outcomes = state.db.push(practice, &body.changes, &by).await?;
    let head = state.db.practice(practice).await?.map_or(0, |row| row.head);
    Ok(Json(PushResponse { outcomes, head }))
}

/// The query of a pull.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub(super) struct Since {
    /// The revision the client has; the answer starts after it.
    since: i64,
    /// At most this many changes (and at most 1000).
    limit: Option<usize>,
}

/// Pull the changes after a revision, oldest first, a page at a time.
#[utoipa::path(get, path = "/api/v1/practices/{practice}/changes", tag = "sync", params(("practice" = String, Path, description = "The practice id"), Since), security(("session" = [])),
    responses(
        (status = 200, description = "The changes after `since`", body = PullResponse),
        (status = 400, description = "The request is malformed; the message says how", body = ApiErrorBody), (status = 401, description = "Not signed in, or the session ended", body = ApiErrorBody),
        (status = 403, description = "A portal key reads routing only", body = ApiErrorBody),
        (status = 404, description = "No such practice for this account", body = ApiErrorBody),
        (status = 410, description = "The log does not reach back to `since`: take a snapshot", body = ApiErrorBody),
    ))]
#[tracing::instrument(skip_all, fields(practice = %practice, since = query.since), err(Display))]
pub(super) async fn pull<D: Database>(
    State(state): State<AppState<D>>,
    Path(practice): Path<String>,
    caller: Caller,
    Query(query): Query<Since>,
) -> Result<Json<PullResponse>, ApiError> {
    let practice = practice_id(&practice)?;
    caller.may_read(practice)?;
    let limit = query.limit.unwrap_or(MAX_PULL).clamp(1, MAX_PULL);
    match state.db.pull(practice, query.since, limit).await? {
        Pulled::NoPractice => Err(ApiError::not_found()),
        Pulled::SnapshotRequired { head } => Err(ApiError::snapshot_required(head)),
        Pulled::Changes { changes, head } => {
            let more = changes.last().is_some_and(|last| last.revision < head);
            Ok(Json(PullResponse {
                changes,
                head,
                more,
            }))
        }
    }
}

#[cfg(test)]
mod tests {
    use switchboard_core::demo_practice;
    use switchboard_core::sync::SnapshotResponse;

    use super::*;

    #[test]
    fn a_spliced_snapshot_is_the_same_json_as_the_response_type() {
        let practice = PracticeId::from_u128(0x0123_4567_89ab_cdef);
        let config = demo_practice();
        let stored = serde_json::to_string(&config).expect("encodes");
        for (config, text) in [(Some(config), Some(stored.as_str())), (None, None)] {
            let expected = SnapshotResponse {
                practice,
                revision: 7,
                config,
            };
            let body = snapshot_body(practice, 7, text);
            let read: SnapshotResponse = serde_json::from_str(&body).expect("parses");
            assert_eq!(read, expected);
            assert_eq!(
                body,
                serde_json::to_string(&expected).expect("encodes"),
                "byte for byte"
            );
        }
    }
}
