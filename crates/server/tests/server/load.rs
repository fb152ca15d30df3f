//! A bounded load test: 200 clients on loopback push and pull at once for 20 seconds
//! (`SWITCHBOARD_LOAD_SECONDS` changes it), against each backend. No request may fail and no
//! acknowledged change may be missing or doubled; the latency percentiles are printed (run
//! with `--nocapture` to see them; BENCHMARKS.md records them).

use std::collections::BTreeSet;
use std::time::{Duration, Instant};

use switchboard_core::sync::{PushOutcome, PushRequest};
use switchboard_core::{Change, Group, GroupField, GroupId};

use crate::fixture::{TestServer, backends};
use crate::sync::{outcomes, pushed};

const CLIENTS: usize = 200;

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss,
        clippy::cast_precision_loss
    )]
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_clients_push_and_pull_for_twenty_seconds_without_an_error_or_a_lost_change() {
    let seconds: u64 = std::env::var("SWITCHBOARD_LOAD_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for backend in backends() {
        let (server, admin) = TestServer::with_practice(&backend).await;
        let path = server.path("changes");
        let deadline = Instant::now() + Duration::from_secs(seconds);
        let mut clients = Vec::new();
        for n in 0..CLIENTS {
            let client = server.client.clone();
            let token = admin.clone();
            let path = path.clone();
            clients.push(tokio::spawn(async move {
                // Each client adds its own group, then renames it again and again: no two
                // clients touch the same value, so every push must apply.
                let id = GroupId::from_u128(0x10_0000 + n as u128);
                let mut name = format!("Load {n}");
                let mut change = Change::AddGroup {
                    group: Group {
                        id,
                        name: name.clone(),
                        members: Vec::new(),
                        external_ids: Vec::new(),
                    },
                };
                let mut acknowledged = Vec::new();
                let mut latencies = Vec::new();
                let mut errors = Vec::new();
                let mut since = 1_i64;
                let mut round = 0;
                while Instant::now() < deadline {
                    let sent = pushed(change.clone());
                    let started = Instant::now();
                    let response = client
                        .post(
                            &path,
                            Some(&token),
                            &PushRequest {
                                changes: vec![sent.clone()],
                            },
                        )
                        .await;
                    latencies.push(started.elapsed());
                    match (response.status, outcomes(&response).first()) {
                        (200, Some(PushOutcome::Applied { revision })) => {
                            acknowledged.push((*revision, sent.id.to_string()));
                        }
                        _ => errors.push(format!("push: {}", response.text)),
                    }
                    let started = Instant::now();
                    let pulled = client
                        .get(&format!("{path}?since={since}&limit=100"), Some(&token))
                        .await;
                    latencies.push(started.elapsed());
                    match pulled.json["changes"].as_array() {
                        Some(page) if pulled.status == 200 => {
                            since = page
                                .last()
                                .and_then(|e| e["revision"].as_i64())
                                .unwrap_or(since);
                        }
                        _ => errors.push(format!("pull: {}", pulled.text)),
                    }
                    round += 1;
                    let next = format!("Load {n} round {round}");
                    change = Change::SetGroupField {
                        group: id,
                        expected: GroupField::Name(name.clone()),
                        value: GroupField::Name(next.clone()),
                    };
                    name = next;
                }
                (acknowledged, latencies, errors)
            }));
        }
        let mut acknowledged = BTreeSet::new();
        let mut latencies = Vec::new();
        let mut errors = Vec::new();
        for client in clients {
            let (acked, times, failed) = client.await.expect("a client finishes");
            for entry in acked {
                assert!(
                    acknowledged.insert(entry),
                    "{backend:?}: a revision acknowledged twice"
                );
            }
            latencies.extend(times);
            errors.extend(failed);
        }
        assert!(
            errors.is_empty(),
            "{backend:?}: no request failed: {:?}",
            &errors[..errors.len().min(3)]
        );
        // Every acknowledged change is in the log, each once, at its revision.
        let mut logged = BTreeSet::new();
        let mut since = 1;
        loop {
            let page = server
                .client
                .get(&format!("{path}?since={since}"), Some(&admin))
                .await;
            let entries = page.json["changes"].as_array().cloned().unwrap_or_default();
            for entry in &entries {
                logged.insert((
                    entry["revision"].as_i64().unwrap_or(0),
                    entry["id"].as_str().unwrap_or_default().to_owned(),
                ));
            }
            since = entries
                .last()
                .and_then(|e| e["revision"].as_i64())
                .unwrap_or(since);
            if page.json["more"] != true {
                break;
            }
        }
        assert_eq!(
            logged, acknowledged,
            "{backend:?}: the log is exactly what was acknowledged"
        );
        latencies.sort();
        let kind = match backend {
            crate::fixture::Backend::Sqlite => "SQLite",
            crate::fixture::Backend::Postgres(_) => "PostgreSQL",
        };
        println!(
            "load ({kind}, {CLIENTS} clients, {seconds} s): {} pushes applied, {} requests, p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
            acknowledged.len(),
            latencies.len(),
            percentile(&latencies, 0.50).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        );
        assert!(
            acknowledged.len() >= CLIENTS,
            "{backend:?}: every client got through"
        );
        server.stop().await;
    }
}
