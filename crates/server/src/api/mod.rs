//! The HTTP API: `/healthz`, `/readyz`, and version 1 under `/api/v1` (see [`v1`]). Every
//! request gets an id (`x-request-id`, kept when the caller sends one) that tracing records
//! with the method, path and status — never a body, a password or a token.

pub mod v1;

use std::time::Duration;

use axum::Router;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, FromRequest, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderName, StatusCode};
use axum::routing::get;
use serde::de::DeserializeOwned;
use tower::ServiceBuilder;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

use crate::AppState;
use crate::db::Database;
use crate::error::ApiError;

/// The largest request body: one change at the largest size the log records, and some room.
pub const MAX_BODY_BYTES: usize = switchboard_core::limits::CHANGE_BYTES + 1024 * 1024;

/// How long one request may take before the server gives up on it.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// The whole API over `state`.
pub fn router<D: Database>(state: AppState<D>) -> Router {
    let request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz::<D>))
        .nest("/api/v1", v1::routes::<D>())
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(request_id.clone(), MakeRequestUuid))
                .layer(
                    TraceLayer::new_for_http().make_span_with(|request: &Request| {
                        let id = request
                            .headers()
                            .get("x-request-id")
                            .and_then(|value| value.to_str().ok())
                            .unwrap_or("-");
                        tracing::info_span!("request", id, method = %request.method(), path = %request.uri().path())
                    }),
                )
                .layer(TimeoutLayer::with_status_code(
                    StatusCode::REQUEST_TIMEOUT,
                    REQUEST_TIMEOUT,
                ))
                .layer(PropagateRequestIdLayer::new(request_id)),
        )
        .with_state(state)
}

/// The process is up.
async fn healthz() -> &'static str {
    "ok"
}

/// The process can serve: its database answers.
async fn readyz<D: Database>(State(state): State<AppState<D>>) -> Result<&'static str, ApiError> {
    state.db.ready().await?;
    Ok("ready")
}

/// A JSON body, whose rejections are sentences: malformed JSON, wrong types, unknown kinds,
/// too deep, too large.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for Json<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

/// A query string, whose rejections are sentences.
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for Query<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => Err(ApiError::bad_request(format!(
                "The query string is not what this request takes: {}. Check the parameter named there.",
                inner(&rejection.body_text())
            ))),
        }
    }
}

impl<T: serde::Serialize> axum::response::IntoResponse for Json<T> {
    fn into_response(self) -> axum::response::Response {
        axum::Json(self.0).into_response()
    }
}

fn json_rejection(rejection: &JsonRejection) -> ApiError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => ApiError::bad_request(
            "Send the body as JSON, with the header \"Content-Type: application/json\".",
        ),
        JsonRejection::JsonSyntaxError(err) => ApiError::bad_request(format!(
            "The body is not valid JSON: {}. Fix the JSON and send it again.",
            inner(&err.body_text())
        )),
        JsonRejection::JsonDataError(err) => ApiError::bad_request(format!(
            "The body is JSON, but not what this request takes: {}. Check the field named there.",
            inner(&err.body_text())
        )),
        JsonRejection::BytesRejection(_) => ApiError::too_large(format!(
            "The body is too large or could not be read; this server takes at most {} MB. Send fewer changes at once.",
            MAX_BODY_BYTES / (1024 * 1024)
        )),
        other => ApiError::bad_request(format!("The body could not be read: {other}.")),
    }
}

/// serde's message without axum's preamble.
fn inner(text: &str) -> String {
    let text = text
        .split_once(": ")
        .map_or(text, |(_, rest)| rest)
        .trim_end_matches('.');
    text.chars().take(300).collect()
}

/// Serves `app` over TLS (rustls) on `listener` (already bound) with the PEM certificate
/// chain and key at `cert` and `key`, until `shutdown` resolves, finishing requests in flight
/// (at most 30 s).
pub async fn serve_tls(
    listener: std::net::TcpListener,
    cert: &std::path::Path,
    key: &std::path::Path,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), String> {
    // One crypto provider for the process (ring); a second install is harmless.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let config = axum_server::tls_rustls::RustlsConfig::from_pem_file(cert, key)
        .await
        .map_err(|err| {
            format!(
                "Could not read the TLS certificate ({}) and key ({}): {err}. Give PEM files: the certificate chain and its private key.",
                cert.display(),
                key.display()
            )
        })?;
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(Some(Duration::from_secs(30)));
    });
    listener
        .set_nonblocking(true)
        .map_err(|err| format!("Could not use the listening socket: {err}"))?;
    axum_server::from_tcp_rustls(listener, config)
        .map_err(|err| format!("Could not use the listening socket: {err}"))?
        .handle(handle)
        .serve(app.into_make_service_with_connect_info::<std::net::SocketAddr>())
        .await
        .map_err(|err| format!("The server stopped: {err}"))
}

/// `axum::serve` over `listener` until `shutdown` resolves, finishing requests in flight.
pub async fn serve(
    listener: tokio::net::TcpListener,
    app: Router,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
