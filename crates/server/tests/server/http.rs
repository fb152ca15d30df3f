//! A small HTTP/1.1 client for the tests: real requests to the server on 127.0.0.1.

use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client as Hyper;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// An answer: status, body text, and the body as JSON (`Null` when it is not JSON).
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub text: String,
    pub json: serde_json::Value,
}

impl Response {
    /// The `message` of an error answer.
    pub fn message(&self) -> &str {
        self.json["message"].as_str().unwrap_or_default()
    }
}

/// A client of one server.
#[derive(Debug, Clone)]
pub struct Client {
    address: SocketAddr,
    hyper: Hyper<HttpConnector, Full<Bytes>>,
}

impl Client {
    pub fn new(address: SocketAddr) -> Self {
        Self {
            address,
            hyper: Hyper::builder(TokioExecutor::new()).build_http(),
        }
    }

    /// Sends `method path` with `body` (raw) and `token`.
    pub async fn raw(
        &self,
        method: &str,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
    ) -> Response {
        let mut request = axum::http::Request::builder()
            .method(method)
            .uri(format!("http://{}{path}", self.address));
        if let Some(token) = token {
            request = request.header("authorization", format!("Bearer {token}"));
        }
        if body.is_some() {
            request = request.header("content-type", "application/json");
        }
        let request = request
            .body(Full::new(Bytes::from(body.unwrap_or_default())))
            .expect("a well-formed request");
        let response = self
            .hyper
            .request(request)
            .await
            .unwrap_or_else(|err| panic!("{method} {path}: the server answers: {err}"));
        let status = response.status().as_u16();
        let bytes = response
            .into_body()
            .collect()
            .await
            .expect("the body arrives")
            .to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let json = serde_json::from_str(&text).unwrap_or(serde_json::Value::Null);
        Response { status, text, json }
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.raw("GET", path, token, None).await
    }

    pub async fn post(
        &self,
        path: &str,
        token: Option<&str>,
        body: &impl serde::Serialize,
    ) -> Response {
        let body = serde_json::to_vec(body).expect("serialisable");
        self.raw("POST", path, token, Some(body)).await
    }
}
