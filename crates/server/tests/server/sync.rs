//! Upload, push, pull and snapshot: exactly once, in order, conflicts reported and not lost.

use switchboard_core::sync::{PushOutcome, PushRequest, PushedChange, Upload};
use switchboard_core::{Change, ChangeId, Config, PracticeName, apply};

use crate::fixture::{TestServer, backends, practice_config};

pub fn pushed(change: Change) -> PushedChange {
    PushedChange {
        id: ChangeId::from_u128(uuid::Uuid::now_v7().as_u128()),
        change,
        device: "test-device".into(),
        made_at: "2026-11-30T09:00:00Z".into(),
    }
}

pub fn rename(config: &Config, to: &str) -> Change {
    Change::SetPracticeName {
        expected: config.practice_name.clone(),
        value: PracticeName(to.into()),
    }
}

fn toggle(config: &Config, index: usize) -> Change {
    let topic = &config.topics[index];
    Change::SetTopicEnabled {
        topic: topic.key.clone(),
        expected: topic.enabled,
        value: !topic.enabled,
    }
}

pub fn outcomes(response: &crate::http::Response) -> Vec<PushOutcome> {
    serde_json::from_value(response.json["outcomes"].clone())
        .unwrap_or_else(|err| panic!("a push answers outcomes ({err}): {}", response.text))
}

#[tokio::test]
async fn pushed_changes_are_pulled_in_order_with_their_authors() {
    for backend in backends() {
        let (server, admin) = TestServer::with_practice(&backend).await;
        let mut config = practice_config();
        let mut changes = Vec::new();
        for change in [
            rename(&config, "Renamed"),
            toggle(&config, 0),
            toggle(&config, 1),
        ] {
            apply(&mut config, &change).expect("the test's changes apply");
            changes.push(pushed(change));
        }
        let response = server
            .client
            .post(
                &server.path("changes"),
                Some(&admin),
                &PushRequest {
                    changes: changes.clone(),
                },
            )
            .await;
        assert_eq!(response.status, 200, "{backend:?}: {}", response.text);
        assert_eq!(
            outcomes(&response),
            vec![
                PushOutcome::Applied { revision: 2 },
                PushOutcome::Applied { revision: 3 },
                PushOutcome::Applied { revision: 4 }
            ],
            "{backend:?}: revisions follow the upload's (1) without a gap"
        );
        let viewer = server.sign_in("viewer").await;
        let pulled = server
            .client
            .get(&server.path("changes?since=1"), Some(&viewer))
            .await;
        assert_eq!(pulled.status, 200, "{backend:?}: {}", pulled.text);
        let entries = pulled.json["changes"].as_array().expect("changes");
        assert_eq!(entries.len(), 3, "{backend:?}: all three come back");
        for (entry, sent) in entries.iter().zip(&changes) {
            assert_eq!(
                entry["id"],
                serde_json::to_value(sent.id).expect("id"),
                "{backend:?}: in the order pushed"
            );
            assert_eq!(entry["account"], "admin", "{backend:?}: with who pushed it");
            assert_eq!(
                entry["device"], "test-device",
                "{backend:?}: and from where"
            );
        }
        assert_eq!(pulled.json["head"], 4, "{backend:?}: the head");
        assert_eq!(pulled.json["more"], false, "{backend:?}: nothing more");
        let paged = server
            .client
            .get(&server.path("changes?since=2&limit=1"), Some(&viewer))
            .await;
        assert_eq!(
            paged.json["changes"][0]["revision"], 3,
            "{backend:?}: a page starts after `since`"
        );
        assert_eq!(
            paged.json["more"], true,
            "{backend:?}: and says there is more"
        );
        let snapshot = server
            .client
            .get(&server.path("snapshot"), Some(&viewer))
            .await;
        let served: Config =
            serde_json::from_value(snapshot.json["config"].clone()).expect("a configuration");
        assert_eq!(
            served, config,
            "{backend:?}: the snapshot is the changes applied"
        );
        assert_eq!(snapshot.json["revision"], 4, "{backend:?}: at the head");
        server.stop().await;
    }
}

#[tokio::test]
async fn the_same_push_twice_is_applied_once() {
    for backend in backends() {
        let (server, admin) = TestServer::with_practice(&backend).await;
        let config = practice_config();
        let batch = PushRequest {
            changes: vec![pushed(rename(&config, "Once")), pushed(toggle(&config, 2))],
        };
        let first = server
            .client
            .post(&server.path("changes"), Some(&admin), &batch)
            .await;
        let again = server
            .client
            .post(&server.path("changes"), Some(&admin), &batch)
            .await;
        assert_eq!(
            outcomes(&first),
            vec![
                PushOutcome::Applied { revision: 2 },
                PushOutcome::Applied { revision: 3 }
            ],
            "{backend:?}: the first push applies"
        );
        assert_eq!(
            outcomes(&again),
            vec![
                PushOutcome::Duplicate { revision: 2 },
                PushOutcome::Duplicate { revision: 3 }
            ],
            "{backend:?}: the retry applies nothing and names the revisions"
        );
        assert_eq!(again.json["head"], 3, "{backend:?}: the head did not move");
        server.stop().await;
    }
}

#[tokio::test]
async fn a_conflict_in_a_push_is_reported_and_the_rest_still_apply() {
    for backend in backends() {
        let (server, admin) = TestServer::with_practice(&backend).await;
        let config = practice_config();
        // Someone else renames the practice first (revision 2).
        let theirs = server
            .client
            .post(
                &server.path("changes"),
                Some(&admin),
                &PushRequest {
                    changes: vec![pushed(rename(&config, "Theirs"))],
                },
            )
            .await;
        assert_eq!(
            outcomes(&theirs),
            vec![PushOutcome::Applied { revision: 2 }]
        );
        // This client pushes two toggles, a rename from the old name, and one more toggle.
        let mine = PushRequest {
            changes: vec![
                pushed(toggle(&config, 0)),
                pushed(toggle(&config, 1)),
                pushed(rename(&config, "Mine")),
                pushed(toggle(&config, 2)),
            ],
        };
        let response = server
            .client
            .post(&server.path("changes"), Some(&admin), &mine)
            .await;
        let outcomes = outcomes(&response);
        assert_eq!(
            outcomes[0],
            PushOutcome::Applied { revision: 3 },
            "{backend:?}"
        );
        assert_eq!(
            outcomes[1],
            PushOutcome::Applied { revision: 4 },
            "{backend:?}"
        );
        match &outcomes[2] {
            PushOutcome::Conflict {
                current,
                set_at,
                set_by,
                head,
                message,
                ..
            } => {
                assert!(
                    current.contains("Theirs"),
                    "{backend:?}: the current value: {current}"
                );
                assert_eq!(*set_at, Some(2), "{backend:?}: revision 2 set it");
                assert_eq!(set_by.as_deref(), Some("admin"), "{backend:?}: by admin");
                assert_eq!(*head, 4, "{backend:?}: the head when it was found");
                assert!(
                    message.contains("changed since"),
                    "{backend:?}: a sentence: {message}"
                );
            }
            other => panic!("{backend:?}: the rename from the old name conflicts, got {other:?}"),
        }
        assert_eq!(
            outcomes[3],
            PushOutcome::Applied { revision: 5 },
            "{backend:?}: the change after the conflict is tried on its own"
        );
        let snapshot = server
            .client
            .get(&server.path("snapshot"), Some(&admin))
            .await;
        assert_eq!(
            snapshot.json["config"]["practice_name"], "Theirs",
            "{backend:?}: the conflicting change was not applied"
        );
        server.stop().await;
    }
}

#[tokio::test]
async fn a_practice_is_uploaded_once_and_never_the_demo() {
    for backend in backends() {
        let server = TestServer::start(&backend).await;
        let admin = server.sign_in("admin").await;
        let empty = server
            .client
            .get(&server.path("snapshot"), Some(&admin))
            .await;
        assert_eq!(
            empty.json["revision"], 0,
            "{backend:?}: nothing uploaded yet"
        );
        assert!(
            empty.json["config"].is_null(),
            "{backend:?}: no configuration"
        );
        let early = server
            .client
            .post(
                &server.path("changes"),
                Some(&admin),
                &PushRequest {
                    changes: vec![pushed(rename(&practice_config(), "Early"))],
                },
            )
            .await;
        assert!(
            matches!(&outcomes(&early)[0], PushOutcome::Refused { reason } if reason.contains("Upload")),
            "{backend:?}: a push before the upload is refused: {}",
            early.text
        );
        let demo = server
            .client
            .post(
                &server.path("snapshot"),
                Some(&admin),
                &Upload {
                    config: switchboard_core::demo_practice(),
                },
            )
            .await;
        assert_eq!(demo.status, 400, "{backend:?}: the demo is refused");
        assert!(
            demo.message().contains("demo"),
            "{backend:?}: {}",
            demo.message()
        );
        let upload = Upload {
            config: practice_config(),
        };
        let first = server
            .client
            .post(&server.path("snapshot"), Some(&admin), &upload)
            .await;
        assert_eq!(first.status, 201, "{backend:?}: {}", first.text);
        let second = server
            .client
            .post(&server.path("snapshot"), Some(&admin), &upload)
            .await;
        assert_eq!(
            second.status, 409,
            "{backend:?}: a second upload is refused"
        );
        assert!(
            second.message().contains("already has"),
            "{backend:?}: {}",
            second.message()
        );
        let behind = server
            .client
            .get(&server.path("changes?since=0"), Some(&admin))
            .await;
        assert_eq!(
            behind.status, 410,
            "{backend:?}: revision 0 is before the log"
        );
        assert_eq!(behind.json["code"], "snapshot_required", "{backend:?}");
        server.stop().await;
    }
}
