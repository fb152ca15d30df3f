//! [`ApiError`]: every failed request answers `{ code, message }` with a fitting status; the
//! message says what was wrong and what to do, and never echoes a password or a token.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use switchboard_core::sync::{ApiErrorBody, ApiErrorCode};

use crate::db::DbError;

/// A failed request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    pub status: StatusCode,
    pub code: ApiErrorCode,
    pub message: String,
}

impl ApiError {
    fn new(status: StatusCode, code: ApiErrorCode, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            message: message.into(),
        }
    }

    /// The request is wrong: 400.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, ApiErrorCode::BadRequest, message)
    }

    /// The body is too large: 413.
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            ApiErrorCode::BadRequest,
            message,
        )
    }

    /// Not signed in, or the session ended: 401.
    pub fn unauthenticated(message: impl Into<String>) -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            ApiErrorCode::Unauthenticated,
            message,
        )
    }

    /// Signed in, but not allowed: 403.
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, ApiErrorCode::Forbidden, message)
    }

    /// No such practice for this caller: 404.
    pub fn not_found() -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            ApiErrorCode::NotFound,
            "There is no such practice on this server, or your account does not belong to it. Check the server address and sign in to your practice.",
        )
    }

    /// The practice's state forbids it (already uploaded): 409.
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, ApiErrorCode::BadRequest, message)
    }

    /// The client must take a snapshot: 410.
    pub fn snapshot_required(head: i64) -> Self {
        Self::new(
            StatusCode::GONE,
            ApiErrorCode::SnapshotRequired,
            format!(
                "The server's log does not reach back to your copy (the practice is at revision {head}). Take a snapshot, then pull from there."
            ),
        )
    }

    /// Too many failed sign-ins: 429.
    pub fn too_many_attempts(minutes: i64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ApiErrorCode::TooManyAttempts,
            format!(
                "Too many failed sign-ins. Wait {minutes} minutes, then try again; an administrator can reset the password with `switchboard-server user passwd`."
            ),
        )
    }
}

impl From<DbError> for ApiError {
    fn from(err: DbError) -> Self {
        tracing::error!(error = %err, "database");
        let status = match err {
            DbError::Invalid(_) => StatusCode::BAD_REQUEST,
            DbError::Corrupt { .. } => StatusCode::INTERNAL_SERVER_ERROR,
            DbError::Sql(_) | DbError::Migrate(_) => StatusCode::SERVICE_UNAVAILABLE,
        };
        let code = if status == StatusCode::BAD_REQUEST {
            ApiErrorCode::BadRequest
        } else {
            ApiErrorCode::Unavailable
        };
        Self::new(status, code, err.to_string())
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ApiErrorBody {
            code: self.code,
            message: self.message,
        };
        (self.status, axum::Json(body)).into_response()
    }
}
