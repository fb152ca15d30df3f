//! Who may do what: every endpoint × every kind of caller, sign-in limits, sign-out, expiry.

use std::collections::BTreeMap;

use switchboard_core::PracticeId;
use switchboard_core::sync::PushRequest;
use switchboard_server::api::v1::openapi_json;
use switchboard_server::auth;
use switchboard_server::db::Database;

use crate::fixture::{PASSWORD, TestServer, backends, practice_config, seed};
use crate::sync::{pushed, rename};
use crate::with_db;

/// The kinds of caller, in the order of the expectation table's columns.
const CALLERS: [&str; 6] = [
    "anonymous",
    "expired",
    "viewer",
    "admin",
    "other admin",
    "portal",
];

/// The status each kind of caller gets from each endpoint (columns as [`CALLERS`]).
fn expectations() -> BTreeMap<(&'static str, &'static str), [u16; 6]> {
    BTreeMap::from([
        (("POST", "/api/v1/sessions"), [200, 200, 200, 200, 200, 200]),
        (("GET", "/api/v1/session"), [401, 401, 200, 200, 200, 403]),
        (
            ("DELETE", "/api/v1/session"),
            [401, 401, 204, 204, 204, 403],
        ),
        (
            ("GET", "/api/v1/practices/{practice}/snapshot"),
            [401, 401, 200, 200, 404, 403],
        ),
        // Already uploaded: the admin may, and is told it is there already.
        (
            ("POST", "/api/v1/practices/{practice}/snapshot"),
            [401, 401, 403, 409, 404, 403],
        ),
        (
            ("POST", "/api/v1/practices/{practice}/changes"),
            [401, 401, 403, 200, 404, 403],
        ),
        (
            ("GET", "/api/v1/practices/{practice}/changes"),
            [401, 401, 200, 200, 404, 403],
        ),
        (
            ("GET", "/api/v1/practices/{practice}/route"),
            [401, 401, 200, 200, 404, 200],
        ),
        (
            ("GET", "/api/v1/practices/{practice}/portal-view"),
            [401, 401, 200, 200, 404, 200],
        ),
    ])
}

/// An expired session token of `account` in `practice`.
async fn expired_token<D: Database>(db: &D, practice: PracticeId) -> String {
    let account = db
        .account(practice, "admin")
        .await
        .expect("reads")
        .expect("the admin");
    let (token, hash) = auth::new_session_token();
    let now = switchboard_server::clock::now();
    db.add_session(&hash, &account.id, now - 100, now - 1)
        .await
        .expect("a session");
    token
}

#[tokio::test]
async fn every_endpoint_answers_each_kind_of_caller_as_the_table_says() {
    let table = expectations();
    let document: serde_json::Value =
        serde_json::from_str(&openapi_json()).expect("the OpenAPI document is JSON");
    let paths = document["paths"].as_object().expect("paths");
    let mut documented = 0;
    for (path, item) in paths {
        for method in item.as_object().expect("methods").keys() {
            let method = method.to_uppercase();
            documented += 1;
            assert!(
                table.keys().any(|(m, p)| *m == method && *p == path),
                "{method} {path} is in the OpenAPI document but has no row in the authorization table: add one"
            );
        }
    }
    assert_eq!(
        documented,
        table.len(),
        "every row of the table is a documented endpoint"
    );
    for backend in backends() {
        let (server, _) = TestServer::with_practice(&backend).await;
        let other = PracticeId::from_u128(uuid::Uuid::now_v7().as_u128());
        with_db!(&server.db, db => seed(db, other).await);
        let expired = with_db!(&server.db, db => expired_token(db, server.practice).await);
        let config = practice_config();
        let location = *config.locations.keys().next().expect("a location");
        let topic = config.topics[0].key.clone();
        for ((method, template), expected) in &table {
            for (caller, want) in CALLERS.iter().zip(expected) {
                let token = match *caller {
                    "anonymous" => None,
                    "expired" => Some(expired.clone()),
                    "viewer" => Some(server.sign_in("viewer").await),
                    "admin" => Some(server.sign_in("admin").await),
                    "other admin" => {
                        let response = server
                            .client
                            .post(
                                "/api/v1/sessions",
                                None,
                                &serde_json::json!({"practice": other, "account": "admin", "password": PASSWORD}),
                            )
                            .await;
                        Some(response.json["token"].as_str().expect("a token").to_owned())
                    }
                    _ => Some(server.portal_key.clone()),
                };
                let mut path = template.replace("{practice}", &server.practice.to_string());
                let body = match (*method, template.rsplit('/').next()) {
                    ("POST", Some("sessions")) => Some(serde_json::json!({
                        "practice": server.practice, "account": "viewer", "password": PASSWORD
                    })),
                    ("POST", Some("snapshot")) => Some(serde_json::json!({ "config": config })),
                    ("POST", Some("changes")) => Some(
                        serde_json::to_value(PushRequest {
                            changes: vec![pushed(rename(&config, "Matrix"))],
                        })
                        .expect("json"),
                    ),
                    _ => None,
                };
                match template.rsplit('/').next() {
                    Some("changes") if *method == "GET" => path.push_str("?since=1"),
                    Some("route") => path.push_str(&format!(
                        "?location={location}&topic={topic}&date=2026-12-01"
                    )),
                    Some("portal-view") => {
                        path.push_str(&format!("?location={location}&date=2026-12-01"))
                    }
                    _ => {}
                }
                let response = server
                    .client
                    .raw(
                        method,
                        &path,
                        token.as_deref(),
                        body.map(|b| serde_json::to_vec(&b).expect("json")),
                    )
                    .await;
                assert_eq!(
                    response.status, *want,
                    "{backend:?}: {method} {template} as {caller}: {}",
                    response.text
                );
                if response.status >= 400 {
                    assert!(
                        response.message().len() > 20,
                        "{backend:?}: {method} {template} as {caller} says why: {}",
                        response.text
                    );
                }
            }
        }
        server.stop().await;
    }
}

#[tokio::test]
async fn failed_sign_ins_are_limited_and_sessions_end_at_sign_out() {
    for backend in backends() {
        let server = TestServer::start(&backend).await;
        let wrong = server.sign_in_with("admin", "not the password").await;
        assert_eq!(
            wrong.status, 401,
            "{backend:?}: a wrong password is refused"
        );
        assert!(
            !wrong.text.contains("not the password"),
            "{backend:?}: the answer never repeats the password"
        );
        let nobody = server.sign_in_with("nobody", PASSWORD).await;
        assert_eq!(
            nobody.message(),
            wrong.message(),
            "{backend:?}: an unknown account is told the same as a wrong password"
        );
        for _ in 0..4 {
            server.sign_in_with("admin", "still wrong").await;
        }
        let limited = server.sign_in_with("admin", PASSWORD).await;
        assert_eq!(
            limited.status, 429,
            "{backend:?}: after 5 failures even the right password waits: {}",
            limited.text
        );
        assert_eq!(limited.json["code"], "too_many_attempts", "{backend:?}");
        let viewer = server.sign_in("viewer").await;
        let me = server.client.get("/api/v1/session", Some(&viewer)).await;
        assert_eq!(me.json["account"], "viewer", "{backend:?}: who am I");
        assert_eq!(me.json["role"], "viewer", "{backend:?}");
        assert!(
            me.json.get("token").is_none(),
            "{backend:?}: the token is not repeated"
        );
        let out = server
            .client
            .raw("DELETE", "/api/v1/session", Some(&viewer), None)
            .await;
        assert_eq!(out.status, 204, "{backend:?}: signed out");
        let after = server.client.get("/api/v1/session", Some(&viewer)).await;
        assert_eq!(after.status, 401, "{backend:?}: the token no longer works");
        server.stop().await;
    }
}
