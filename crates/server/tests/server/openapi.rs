//! The committed OpenAPI document is the one the handlers generate, and the server serves it.

use switchboard_server::api::v1::openapi_json;

use crate::fixture::{TestServer, backends};

#[test]
fn the_committed_openapi_document_is_the_generated_one() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json");
    let generated = openapi_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(path, &generated).expect("writes openapi.json");
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        committed == generated,
        "crates/server/openapi.json differs from what the handlers generate. Regenerate it with \
         `UPDATE_OPENAPI=1 cargo test -p switchboard-server --test server openapi` (or \
         `cargo run -p switchboard-server -- openapi > crates/server/openapi.json`) and commit it."
    );
    let document: serde_json::Value = serde_json::from_str(&generated).expect("JSON");
    assert_eq!(document["openapi"], "3.1.0", "an OpenAPI 3.1 document");
}

#[tokio::test]
async fn the_server_serves_its_openapi_document() {
    let backend = backends().remove(0);
    let server = TestServer::start(&backend).await;
    let served = server.client.get("/api/v1/openapi.json", None).await;
    assert_eq!(served.status, 200, "anyone may read the API's description");
    assert_eq!(
        served.text,
        openapi_json(),
        "the served document is the generated one"
    );
    server.stop().await;
}
