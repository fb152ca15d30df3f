//! What the server's benchmarks share: a real server over a database, with one practice and
//! its admin, serving on a free port of 127.0.0.1.

use std::net::SocketAddr;

use switchboard_core::sync::Role;
use switchboard_core::{Config, PracticeId};
use switchboard_server::db::{AccountRow, Database};
use switchboard_server::{AppState, api, auth, clock};

/// The admin's password.
pub const PASSWORD: &str = "benchmark password 1";

/// Serves `db` with practice `practice`, its "admin" account and, when given, `config`
/// uploaded; answers the address and the sender that stops it.
pub async fn start<D: Database>(
    db: D,
    practice: PracticeId,
    config: Option<&Config>,
) -> (SocketAddr, tokio::sync::oneshot::Sender<()>) {
    db.add_practice(practice, "Bench", &clock::now_text())
        .await
        .expect("practice");
    db.add_account(
        &AccountRow {
            id: uuid::Uuid::now_v7().to_string(),
            practice,
            name: "admin".into(),
            role: Role::Admin,
            password_hash: auth::hash_password(PASSWORD).expect("hash"),
            disabled: false,
        },
        &clock::now_text(),
    )
    .await
    .expect("account");
    if let Some(config) = config {
        assert!(
            db.upload(practice, config).await.expect("upload"),
            "uploaded"
        );
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("port");
    let address = listener.local_addr().expect("address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(api::serve(
        listener,
        api::router(AppState::new(db)),
        async {
            let _ = stopped.await;
        },
    ));
    (address, stop)
}
