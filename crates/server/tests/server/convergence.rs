//! Convergence: three app stores edit the same practice offline and sync through a network
//! that cuts connections at random points, against a real server process. In the end every
//! store holds the server's configuration, the server applied no change twice, and every
//! change a store made is either in the server's log or waiting in that store's conflicts.
//! Then the conflicts are settled at random (keep mine / take theirs) and they converge again.
//!
//! The edits are core's generated ones (`fixtures::changes::change`), made from each store's
//! own current configuration; an edit the store refuses is skipped. SQLite only: the engine
//! is the subject here, and the server's backends are tested against each other elsewhere.

use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use switchboard_core::fixtures::changes::{Pick, change};
use switchboard_core::sync::LogEntry;
use switchboard_core::{Config, PracticeId};
use switchboard_store::{Author, Store, StoreError};
use switchboard_sync::{Client, Connected, SyncReport, connect, sync_once};

use crate::fixture::{Backend, PASSWORD, Place};
use crate::processes::{Process, seeded};
use crate::proxy::{Fault, Proxy};

/// Edits per store. The figure is 1,000 per store; measured on a 2-core machine in a
/// debug build that run takes about 108 s (2,977 edits accepted, 727 conflicts, 230 cut
/// rounds retried), well past the minute a test may take in the normal run, so the default
/// is 300 and `SWITCHBOARD_SYNC_EDITS=1000` runs the full count.
fn edits_per_store() -> usize {
    std::env::var("SWITCHBOARD_SYNC_EDITS")
        .ok()
        .and_then(|text| text.parse().ok())
        .unwrap_or(300)
}

/// Edits are made in this many bursts per store, each followed by a sync of every store.
const BURSTS: usize = 10;

/// Retries of one round before the test gives up (the network cuts one read in ten).
const MAX_TRIES: usize = 500;

struct Member {
    store: Store,
    pick: Pick,
    author: Author,
    /// Edits the store accepted.
    accepted: usize,
}

#[derive(Debug, Default)]
struct Tally {
    rounds: usize,
    retries: usize,
    duplicates: usize,
    conflicts: usize,
    pulled: usize,
}

impl Tally {
    fn add(&mut self, report: SyncReport, retries: usize) {
        self.rounds += 1;
        self.retries += retries;
        self.duplicates += report.duplicates;
        self.conflicts += report.conflicts;
        self.pulled += report.pulled;
    }
}

/// One sync round, retried through the cuts.
async fn sync_retrying(store: &Store, client: &Client, tally: &mut Tally) -> SyncReport {
    for tries in 0..MAX_TRIES {
        match sync_once(store, client).await {
            Ok(report) => {
                tally.add(report, tries);
                return report;
            }
            Err(err) if err.is_retryable() => continue,
            Err(err) => panic!("a sync round fails only for a passing reason: {err}"),
        }
    }
    panic!("a sync round succeeds within {MAX_TRIES} tries through the cut network");
}

/// The server's whole log after the upload, read directly (no proxy).
async fn server_log(client: &Client, practice: PracticeId) -> Vec<LogEntry> {
    let mut since = 1;
    let mut all = Vec::new();
    loop {
        let page = client.pull(practice, since).await.expect("pulls");
        since = page.changes.last().map_or(since, |e| e.revision);
        let more = page.more;
        all.extend(page.changes);
        if !more {
            return all;
        }
    }
}

async fn server_config(client: &Client, practice: PracticeId) -> Config {
    client
        .snapshot(practice)
        .await
        .expect("takes a snapshot")
        .config
        .expect("the practice is uploaded")
}

/// Syncs every store twice in turn, so the last one's changes reach the first.
async fn sync_all(members: &[Member], client: &Client, tally: &mut Tally) {
    for _ in 0..2 {
        for member in members {
            sync_retrying(&member.store, client, tally).await;
        }
    }
}

/// Every store holds the server's configuration, nothing pending; the log's ids are unique;
/// with `made`, every change a store made is in the log or in its conflicts.
async fn assert_converged(
    members: &[Member],
    direct: &Client,
    practice: PracticeId,
    made: Option<&[usize]>,
    when: &str,
) -> Vec<LogEntry> {
    let config = server_config(direct, practice).await;
    let log = server_log(direct, practice).await;
    let ids: HashSet<_> = log.iter().map(|entry| entry.id).collect();
    assert_eq!(
        ids.len(),
        log.len(),
        "{when}: no change is in the server's log twice"
    );
    for (n, member) in members.iter().enumerate() {
        let status = member.store.sync_status().await.expect("status");
        assert_eq!(status.pending, 0, "{when}: store {n} has pushed everything");
        let head = log.last().map_or(1, |e| e.revision);
        assert_eq!(
            status.base, head,
            "{when}: store {n} is at the server's head"
        );
        assert!(
            member.store.load().await.expect("loads").config == config,
            "{when}: store {n} holds exactly the server's configuration"
        );
        let device = member.store.device().to_string();
        let in_log = log.iter().filter(|entry| entry.device == device).count();
        if let Some(made) = made {
            assert_eq!(
                in_log + usize::try_from(status.conflicts).unwrap_or(0),
                made[n],
                "{when}: every change store {n} made is in the server's log or in its conflicts"
            );
        }
    }
    log
}

#[tokio::test]
async fn three_stores_converge_through_a_cut_network() {
    let started = Instant::now();
    let edits = edits_per_store();
    let place = Place::new(&Backend::Sqlite).await;
    let practice = seeded(&place).await;
    let server = Process::start(&place).await;
    let direct_url = format!("http://127.0.0.1:{}", server.port);
    let signed_out = Client::new(&direct_url).expect("a loopback address is allowed");
    let session = signed_out
        .sign_in(practice, "admin", PASSWORD)
        .await
        .expect("signs in");
    let token = session.token.clone().expect("a sign-in answers a token");
    let direct = signed_out.with_token(token.clone());
    let proxy = Proxy::start(
        server.port,
        Fault::Cut {
            pick: Arc::new(Mutex::new(Pick::new(0x5eed))),
            percent: 10,
        },
    )
    .await;
    let cut = Client::new(&proxy.url())
        .expect("a loopback address is allowed")
        .with_token(token);

    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut members = Vec::new();
    for n in 0..3u64 {
        let store = Store::open(dir.path().join(format!("store-{n}.db")))
            .await
            .expect("opens");
        assert_eq!(
            connect(&store, &direct).await.expect("connects"),
            Connected::Done,
            "a store with the demo takes the server's practice"
        );
        members.push(Member {
            store,
            pick: Pick::new(1_000 + n),
            author: Author(format!("admin-{n}")),
            accepted: 0,
        });
    }

    let mut tally = Tally::default();
    for burst in 0..BURSTS {
        for member in &mut members {
            let count = edits / BURSTS + usize::from(burst < edits % BURSTS);
            for _ in 0..count {
                let config = member.store.load().await.expect("loads").config;
                let edit = change(&config, &mut member.pick);
                match member.store.apply(&edit, &member.author).await {
                    Ok(_) => member.accepted += 1,
                    Err(StoreError::Rejected(_)) => {}
                    Err(err) => panic!("only refused edits are skipped: {err}"),
                }
            }
        }
        for member in &members {
            sync_retrying(&member.store, &cut, &mut tally).await;
        }
    }
    sync_all(&members, &cut, &mut tally).await;
    let made: Vec<usize> = members.iter().map(|m| m.accepted).collect();
    let log = assert_converged(&members, &direct, practice, Some(&made), "after the edits").await;
    let mut first_conflicts = 0;
    for member in &members {
        first_conflicts += member.store.conflicts().await.expect("lists").len();
    }

    // Settle every conflict at random, sync, and again while keeping mine meets new ones.
    let mut pick = Pick::new(77);
    let (mut kept, mut taken) = (0, 0);
    for round in 0..10 {
        let mut any = false;
        for member in &members {
            for conflict in member.store.conflicts().await.expect("lists conflicts") {
                any = true;
                if pick.chance(50) {
                    match member.store.keep_mine(conflict.id, &member.author).await {
                        Ok(_) => kept += 1,
                        Err(StoreError::CannotKeepMine { .. }) => {
                            member
                                .store
                                .take_theirs(conflict.id)
                                .await
                                .expect("takes theirs");
                            taken += 1;
                        }
                        Err(err) => panic!("keep mine fails only with a sentence: {err}"),
                    }
                } else {
                    member
                        .store
                        .take_theirs(conflict.id)
                        .await
                        .expect("takes theirs");
                    taken += 1;
                }
            }
        }
        if !any {
            break;
        }
        sync_all(&members, &cut, &mut tally).await;
        assert!(round < 9, "the conflicts are settled within ten rounds");
    }
    let final_log = assert_converged(
        &members,
        &direct,
        practice,
        None,
        "after settling the conflicts",
    )
    .await;
    for member in &members {
        assert!(
            member.store.conflicts().await.expect("lists").is_empty(),
            "every conflict is settled"
        );
    }
    eprintln!(
        "convergence: {edits} edits per store attempted, {:?} accepted; {} sync rounds, {} retried after a cut ({} connections cut); {} conflicts surfaced, then {kept} kept mine / {taken} took theirs ({} conflicts reported by completed rounds); {} duplicates answered in completed rounds; server log {} entries after the edits, {} at the end; {:.1} s",
        members.iter().map(|m| m.accepted).collect::<Vec<_>>(),
        tally.rounds,
        tally.retries,
        proxy.cuts(),
        first_conflicts,
        tally.conflicts,
        tally.duplicates,
        log.len(),
        final_log.len(),
        started.elapsed().as_secs_f64()
    );
}
