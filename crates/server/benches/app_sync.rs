//! The app's sync as a practice manager feels it (issue 14), against a real server on
//! 127.0.0.1 (SQLite) and real store files, through the sync engine the app runs:
//!
//! - the first sync of the large practice (2,000 providers, 50 locations) into a new local
//!   database, against reading the same practice from a local database (`Store::load` after
//!   `Store::open`), in the same run — target within 3×;
//! - an edit in one connected store until it is in another's: apply, that store's sync round,
//!   the other's sync round. (In the app each round is started by the background loop: 0.7 s
//!   after an edit in the first app, and at the other's next tick — every 30 s by default —, so
//!   those waits come on top of the figure here.)
//!
//! Wall-clock times (`Instant`, nanosecond resolution, far finer than what is timed); each
//! figure is the median of its rounds with their min–max beside it.
//!
//! Run: `cargo bench -p switchboard-server --bench app_sync`.

mod common;

use std::time::{Duration, Instant};

use switchboard_core::fixtures::large_practice;
use switchboard_core::{Change, Config, PracticeId};
use switchboard_server::db::SqliteDb;
use switchboard_store::{Author, Store};
use switchboard_sync::Client;

const ROUNDS: usize = 9;
const EDITS: usize = 30;
use common::PASSWORD;

/// A server over a new SQLite database in `dir` with one practice and its admin (nothing
/// uploaded); answers its URL and the sender that stops it.
async fn serve(
    dir: &std::path::Path,
    practice: PracticeId,
) -> (String, tokio::sync::oneshot::Sender<()>) {
    let db = SqliteDb::open(&switchboard_server::cli::sqlite_path(dir))
        .await
        .expect("the server's database opens");
    let (address, stop) = common::start(db, practice, None).await;
    (format!("http://{address}"), stop)
}

async fn signed_in(url: &str, practice: PracticeId) -> Client {
    let client = Client::new(url).expect("a loopback address");
    let session = client
        .sign_in(practice, "admin", PASSWORD)
        .await
        .expect("signs in");
    client.with_token(session.token.expect("a token"))
}

/// (median, min, max) in milliseconds.
fn spread(times: &mut [Duration]) -> (f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    (
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
    )
}

fn toggle(config: &Config, n: usize) -> Change {
    let topic = &config.topics[n % config.topics.len()];
    Change::SetTopicEnabled {
        topic: topic.key.clone(),
        expected: topic.enabled,
        value: !topic.enabled,
    }
}

fn main() {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("a folder");
        let practice = PracticeId::from_u128(uuid::Uuid::now_v7().as_u128());
        let (url, _stop) = serve(dir.path(), practice).await;
        let mut config = large_practice(7, 1);
        config.demo = false;
        let admin = signed_in(&url, practice).await;
        admin.upload(practice, &config).await.expect("uploads");
        println!(
            "the large practice: {} people, {} locations, {} rules",
            config.people.len(),
            config.locations.len(),
            config.routes.len()
        );

        // The first sync into a new database, and reading it back from a local one.
        let (mut first, mut local) = (Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            let path = dir.path().join(format!("first-{round}.db"));
            let store = Store::open(&path).await.expect("opens");
            let started = Instant::now();
            switchboard_sync::connect(&store, &admin)
                .await
                .expect("takes the server's practice");
            first.push(started.elapsed());
            store.close().await;
            let started = Instant::now();
            let store = Store::open(&path).await.expect("opens again");
            let read = store.load().await.expect("loads");
            local.push(started.elapsed());
            assert_eq!(read.config, config, "the server's practice, whole");
            store.close().await;
        }
        let (first, first_min, first_max) = spread(&mut first);
        let (local, local_min, local_max) = spread(&mut local);
        let ratio = first / local;
        println!(
            "first sync of the large practice: {first:.0} ms ({first_min:.0}–{first_max:.0}); reading it from a local database: {local:.0} ms ({local_min:.0}–{local_max:.0}); ratio {ratio:.2}× (target ≤ 3×): {}",
            if ratio <= 3.0 { "PASS" } else { "MISS" }
        );

        // An edit from one connected store to another.
        let a = Store::open(dir.path().join("a.db")).await.expect("opens");
        let b = Store::open(dir.path().join("b.db")).await.expect("opens");
        let (client_a, client_b) = (signed_in(&url, practice).await, signed_in(&url, practice).await);
        switchboard_sync::connect(&a, &client_a).await.expect("a connects");
        switchboard_sync::connect(&b, &client_b).await.expect("b connects");
        let author = Author("bench".into());
        let mut arrival = Vec::new();
        for n in 0..EDITS {
            let config = a.load().await.expect("loads").config;
            let change = toggle(&config, n);
            let started = Instant::now();
            a.apply(&change, &author).await.expect("applies");
            switchboard_sync::sync_once(&a, &client_a).await.expect("a pushes");
            switchboard_sync::sync_once(&b, &client_b).await.expect("b pulls");
            arrival.push(started.elapsed());
        }
        assert_eq!(
            a.load().await.expect("loads").config,
            b.load().await.expect("loads").config,
            "every edit arrived"
        );
        let (median, min, max) = spread(&mut arrival);
        println!(
            "an edit in one store until it is in another's (large practice): {median:.1} ms ({min:.1}–{max:.1}) over {EDITS} edits"
        );
    });
}
