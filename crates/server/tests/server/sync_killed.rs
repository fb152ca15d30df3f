//! An app killed (SIGKILL) between pushing its changes and recording the server's answer:
//! the server committed them, the store never heard. The next sync pushes them again, the
//! server answers `duplicate` for each, and nothing is applied twice.
//!
//! The app is this test binary run again as a child ([`child_syncs_until_killed`], which does
//! nothing unless the parent set [`CHILD_DB`]); a proxy forwards its push and keeps the
//! server's answer back, and the parent kills the child once the server has answered.

use std::collections::HashSet;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use switchboard_core::fixtures::changes::{Pick, change};
use switchboard_store::{Author, Store};
use switchboard_sync::{Client, connect, sync_once};

use crate::fixture::{Backend, PASSWORD, Place};
use crate::processes::{Process, seeded};
use crate::proxy::{Fault, Proxy};

/// The child's database file; its presence makes [`child_syncs_until_killed`] run.
const CHILD_DB: &str = "SWITCHBOARD_TEST_CHILD_DB";
const CHILD_URL: &str = "SWITCHBOARD_TEST_CHILD_URL";
const CHILD_TOKEN: &str = "SWITCHBOARD_TEST_CHILD_TOKEN";

/// The child's part: one sync round through the holding proxy, which never answers, so the
/// round waits until the parent kills the process. Without [`CHILD_DB`] (a plain test run)
/// there is nothing to do: this is the other half of the test below, not a test of its own.
#[tokio::test]
async fn child_syncs_until_killed() {
    let Ok(path) = std::env::var(CHILD_DB) else {
        return;
    };
    let url = std::env::var(CHILD_URL).expect("the parent names the proxy");
    let token = std::env::var(CHILD_TOKEN).expect("the parent passes the token");
    let store = Store::open(&path).await.expect("the child opens the store");
    let client = Client::new(&url)
        .expect("a loopback address")
        .with_token(token);
    let outcome = sync_once(&store, &client).await;
    panic!("the round should have been killed while waiting, but ended: {outcome:?}");
}

#[tokio::test]
async fn a_store_killed_before_recording_its_push_pushes_again_and_nothing_is_applied_twice() {
    let place = Place::new(&Backend::Sqlite).await;
    let practice = seeded(&place).await;
    let server = Process::start(&place).await;
    let url = format!("http://127.0.0.1:{}", server.port);
    let signed_out = Client::new(&url).expect("a loopback address");
    let token = signed_out
        .sign_in(practice, "admin", PASSWORD)
        .await
        .expect("signs in")
        .token
        .expect("a token");
    let direct = signed_out.with_token(token.clone());

    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("killed.db");
    let store = Store::open(&path).await.expect("opens");
    connect(&store, &direct).await.expect("connects");
    let mut pick = Pick::new(42);
    let mut made = 0;
    while made < 20 {
        let config = store.load().await.expect("loads").config;
        if store
            .apply(&change(&config, &mut pick), &Author("admin".into()))
            .await
            .is_ok()
        {
            made += 1;
        }
    }
    let pending: Vec<_> = store
        .pending()
        .await
        .expect("pending")
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(pending.len(), made, "every edit is pending");
    store.close().await;

    let answered = Arc::new(tokio::sync::Notify::new());
    let proxy = Proxy::start(
        server.port,
        Fault::Hold {
            answered: answered.clone(),
        },
    )
    .await;
    let mut child = Command::new(std::env::current_exe().expect("the test binary"))
        .args([
            "sync_killed::child_syncs_until_killed",
            "--exact",
            "--nocapture",
        ])
        .env(CHILD_DB, &path)
        .env(CHILD_URL, proxy.url())
        .env(CHILD_TOKEN, &token)
        .stdin(Stdio::null())
        .spawn()
        .expect("the child starts");
    let held = tokio::time::timeout(Duration::from_secs(60), answered.notified()).await;
    // SIGKILL: the child gets no chance to record anything.
    let _ = child.kill();
    let status = child.wait().expect("the child ends");
    assert!(
        held.is_ok(),
        "the server answered the child's push within 60 s"
    );
    assert!(!status.success(), "the child was killed, not finished");
    drop(proxy);

    let store = Store::open(&path).await.expect("opens again");
    assert_eq!(
        store.pending().await.expect("pending").len(),
        made,
        "the killed store never recorded the answer: its changes are still pending"
    );
    let report = sync_once(&store, &direct).await.expect("syncs");
    assert_eq!(
        (report.pushed, report.duplicates),
        (made, made),
        "the next sync pushes them again and the server answers duplicate for each"
    );
    let log = {
        let page = direct.pull(practice, 1).await.expect("pulls");
        page.changes
    };
    let ids: HashSet<_> = log.iter().map(|entry| entry.id).collect();
    assert_eq!(
        (log.len(), ids.len()),
        (made, made),
        "each change is in the server's log exactly once"
    );
    assert_eq!(
        ids,
        pending.into_iter().collect::<HashSet<_>>(),
        "and they are the store's changes"
    );
    let status = store.sync_status().await.expect("status");
    assert_eq!(status.pending, 0, "nothing pending after the sync");
    assert_eq!(
        store.load().await.expect("loads").config,
        direct
            .snapshot(practice)
            .await
            .expect("snapshot")
            .config
            .expect("uploaded"),
        "the store holds the server's configuration"
    );
}
