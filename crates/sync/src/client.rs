//! [`Client`]: the practice server's API v1 over HTTPS (rustls with ring; no OpenSSL).
//!
//! Addresses must be `https://`, except plain `http://` to this computer (127.0.0.1, ::1,
//! localhost), where nothing crosses a network: a practice server reached over a network
//! without TLS would show every token and the practice's data to anyone on the way.
//!
//! Failures are sorted once, here: no answer at all (refused, cut, timed out, a body cut
//! short) is [`SyncError::Offline`]; 401 is [`SyncError::SignedOut`]; any other failure is
//! the server's own sentence ([`SyncError::Server`]).

use std::net::IpAddr;
use std::time::Duration;

use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;
use switchboard_core::sync::{
    ApiErrorBody, ApiErrorCode, PullResponse, PushRequest, PushResponse, Session, SignIn,
    SnapshotResponse, Upload,
};
use switchboard_core::{Config, PracticeId};

use crate::SyncError;

/// How long one request may take, start to end (a push of 1,000 changes included).
const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A client of one practice server, holding the session token once signed in (in memory
/// only). Cheap to clone.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    token: Option<String>,
}

impl std::fmt::Debug for Client {
    /// Never prints the token.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .field("signed_in", &self.token.is_some())
            .finish()
    }
}

impl Client {
    /// A client of the server at `url` (see the module for which addresses are allowed).
    pub fn new(url: &str) -> Result<Self, SyncError> {
        let base = server_url(url)?;
        // reqwest is built without a crypto provider: make ring the process's, once (an
        // application that installed one already keeps its own).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .timeout(REQUEST_TIMEOUT)
            .connect_timeout(CONNECT_TIMEOUT)
            .https_only(base.scheme() == "https")
            .build()
            .map_err(|err| SyncError::Offline {
                detail: format!("the HTTP client could not start: {err}"),
            })?;
        Ok(Self {
            http,
            base,
            token: None,
        })
    }

    /// The same client, signed in with `token` (from [`Client::sign_in`], kept by the caller).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The server's address, as the store records it.
    pub fn url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// Signs in; the answer carries the token (keep it in the OS credential store, and make
    /// the client to use with [`Client::with_token`]). A wrong account or password is a
    /// [`SyncError::Server`] (status 401) with the server's sentence, not
    /// [`SyncError::SignedOut`].
    pub async fn sign_in(
        &self,
        practice: PracticeId,
        account: &str,
        password: &str,
    ) -> Result<Session, SyncError> {
        let body = SignIn {
            practice,
            account: account.to_owned(),
            password: password.to_owned(),
        };
        match self.send(Method::POST, "sessions", Some(&body)).await {
            Err(Failure::Unauthorized(message)) => Err(SyncError::Server {
                status: 401,
                code: Some(ApiErrorCode::Unauthenticated),
                message,
            }),
            other => other.map_err(SyncError::from),
        }
    }

    /// The server this client is signed in to, as a store records it: its address, the
    /// session's practice and account.
    pub async fn server(&self) -> Result<switchboard_store::Server, SyncError> {
        let session = self.session().await?;
        Ok(switchboard_store::Server {
            url: self.url().to_owned(),
            practice: session.practice,
            practice_name: session.practice_name,
            account: session.account,
        })
    }

    /// Who the token belongs to (and whether it still works).
    pub async fn session(&self) -> Result<Session, SyncError> {
        Ok(self.send(Method::GET, "session", None::<&()>).await?)
    }

    /// Ends the session on the server.
    pub async fn sign_out(&self) -> Result<(), SyncError> {
        self.send_empty(Method::DELETE, "session").await
    }

    /// The practice's configuration at the head (`config: None` before the upload).
    pub async fn snapshot(&self, practice: PracticeId) -> Result<SnapshotResponse, SyncError> {
        let path = format!("practices/{practice}/snapshot");
        Ok(self.send(Method::GET, &path, None::<&()>).await?)
    }

    /// Uploads `config` as the practice's, once, while the server has none.
    pub async fn upload(
        &self,
        practice: PracticeId,
        config: &Config,
    ) -> Result<SnapshotResponse, SyncError> {
        let path = format!("practices/{practice}/snapshot");
        let body = Upload {
            config: config.clone(),
        };
        Ok(self.send(Method::POST, &path, Some(&body)).await?)
    }

    /// Pushes changes; one outcome comes back per change, in order.
    pub async fn push(
        &self,
        practice: PracticeId,
        request: &PushRequest,
    ) -> Result<PushResponse, SyncError> {
        let path = format!("practices/{practice}/changes");
        let response: PushResponse = self.send(Method::POST, &path, Some(request)).await?;
        if response.outcomes.len() != request.changes.len() {
            return Err(SyncError::Protocol {
                detail: format!(
                    "{} changes were pushed and {} outcomes came back",
                    request.changes.len(),
                    response.outcomes.len()
                ),
            });
        }
        Ok(response)
    }

    /// One page of the log after `since`.
    pub async fn pull(&self, practice: PracticeId, since: i64) -> Result<PullResponse, SyncError> {
        let path = format!("practices/{practice}/changes?since={since}");
        Ok(self.send(Method::GET, &path, None::<&()>).await?)
    }

    async fn send_empty(&self, method: Method, path: &str) -> Result<(), SyncError> {
        let response = self.request(method, path, None::<&()>).await?;
        check(response).await.map(drop).map_err(SyncError::from)
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<T, Failure> {
        let response = self.request(method, path, body).await?;
        let bytes = check(response).await?;
        serde_json::from_slice(&bytes).map_err(|err| Failure::Protocol(err.to_string()))
    }

    async fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl Serialize>,
    ) -> Result<reqwest::Response, Failure> {
        let url = self
            .base
            .join(&format!("api/v1/{path}"))
            .map_err(|err| Failure::Protocol(err.to_string()))?;
        let mut request = self.http.request(method, url);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.json(body);
        }
        request.send().await.map_err(offline)
    }
}

/// What went wrong with one request, before it is worded for the caller.
enum Failure {
    Offline(String),
    Unauthorized(String),
    Status(u16, Option<ApiErrorCode>, String),
    Protocol(String),
}

impl From<Failure> for SyncError {
    fn from(failure: Failure) -> Self {
        match failure {
            Failure::Offline(detail) => SyncError::Offline { detail },
            Failure::Unauthorized(_) => SyncError::SignedOut,
            Failure::Status(410, _, _)
            | Failure::Status(_, Some(ApiErrorCode::SnapshotRequired), _) => {
                SyncError::SnapshotRequired
            }
            Failure::Status(status, code, message) => SyncError::Server {
                status,
                code,
                message,
            },
            Failure::Protocol(detail) => SyncError::Protocol { detail },
        }
    }
}

fn offline(err: reqwest::Error) -> Failure {
    Failure::Offline(without_url(err).to_string())
}

/// The error without the request's address (it may carry a query, never a secret, but the
/// sentence is shorter).
fn without_url(err: reqwest::Error) -> reqwest::Error {
    err.without_url()
}

/// The body of a successful answer, or the failure its status and body say.
async fn check(response: reqwest::Response) -> Result<Vec<u8>, Failure> {
    let status = response.status();
    let bytes = response.bytes().await.map_err(offline)?;
    if status.is_success() {
        return Ok(bytes.to_vec());
    }
    let body: Option<ApiErrorBody> = serde_json::from_slice(&bytes).ok();
    let message = body.as_ref().map_or_else(
        || format!("it answered {status} without a reason"),
        |body| body.message.clone(),
    );
    if status == StatusCode::UNAUTHORIZED {
        return Err(Failure::Unauthorized(message));
    }
    Err(Failure::Status(
        status.as_u16(),
        body.map(|body| body.code),
        message,
    ))
}

/// `url` as the base of the API's paths, when it is an allowed server address.
fn server_url(url: &str) -> Result<Url, SyncError> {
    let trimmed = url.trim();
    let bad = |reason: &str| SyncError::BadUrl {
        url: trimmed.chars().take(200).collect(),
        reason: reason.into(),
    };
    let mut parsed = Url::parse(trimmed).map_err(|err| bad(&err.to_string()))?;
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err(bad("it has a ? or # part"));
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        return Err(bad("it carries a user name or password; sign in instead"));
    }
    let host = parsed.host_str().ok_or_else(|| bad("it names no server"))?;
    match parsed.scheme() {
        "https" => {}
        "http" if is_loopback(host) => {}
        "http" => {
            return Err(SyncError::Insecure {
                url: trimmed.chars().take(200).collect(),
            });
        }
        _ => return Err(bad("it is not a web address")),
    }
    if !parsed.path().ends_with('/') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    Ok(parsed)
}

fn is_loopback(host: &str) -> bool {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.eq_ignore_ascii_case("localhost")
        || bare
            .parse::<IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn https_anywhere_and_http_only_to_this_computer() {
        for allowed in [
            "https://switchboard.example.org",
            "https://10.0.0.5:8443/base",
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://[::1]:9000",
        ] {
            assert!(server_url(allowed).is_ok(), "{allowed} is allowed");
        }
        for insecure in ["http://switchboard.example.org", "http://10.0.0.5:8080"] {
            assert!(
                matches!(server_url(insecure), Err(SyncError::Insecure { .. })),
                "{insecure} would send tokens in the clear"
            );
        }
        for bad in [
            "switchboard",
            "ftp://example.org",
            "https://u:p@example.org",
        ] {
            assert!(
                matches!(server_url(bad), Err(SyncError::BadUrl { .. })),
                "{bad} is not a server address"
            );
        }
        let sentence = server_url("http://example.org")
            .err()
            .map(|e| e.to_string());
        assert!(
            sentence.as_deref().is_some_and(|s| s.contains("https://")),
            "the refusal says to use https: {sentence:?}"
        );
    }

    #[test]
    fn paths_join_under_the_base() {
        let base = server_url("https://example.org/switchboard").expect("allowed");
        assert_eq!(
            base.join("api/v1/session").expect("joins").as_str(),
            "https://example.org/switchboard/api/v1/session",
            "a server under a path keeps it"
        );
    }
}
