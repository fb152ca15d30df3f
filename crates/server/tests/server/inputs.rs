//! Bad input: every malformed request gets a 4xx with a sentence, and changes nothing (the
//! log's head and the snapshot are compared before and after).

use switchboard_core::sync::{PushOutcome, PushRequest};
use switchboard_core::{Change, PersonField, PersonId};
use switchboard_server::api::MAX_BODY_BYTES;

use crate::fixture::{TestServer, backends, practice_config};
use crate::sync::{outcomes, pushed};

#[tokio::test]
async fn malformed_requests_are_refused_with_a_sentence_and_change_nothing() {
    for backend in backends() {
        let (server, admin) = TestServer::with_practice(&backend).await;
        let before = server
            .client
            .get(&server.path("snapshot"), Some(&admin))
            .await;
        let push = server.path("changes");
        let change_id = uuid::Uuid::now_v7();
        let deep = format!(
            r#"{{"changes":[{{"id":"{change_id}","change":{}{},"device":"d","made_at":"2026-11-30T09:00:00Z"}}]}}"#,
            "[".repeat(10_000),
            "]".repeat(10_000)
        );
        let cases: Vec<(&str, String, Vec<u8>, u16, &str)> = vec![
            ("malformed JSON", push.clone(), br#"{"changes": ["#.to_vec(), 400, "not valid JSON"),
            ("wrong types", push.clone(), br#"{"changes": "all of them"}"#.to_vec(), 400, "not what this request takes"),
            (
                "an unknown change kind",
                push.clone(),
                format!(r#"{{"changes":[{{"id":"{change_id}","change":{{"kind":"launch_missiles"}},"device":"d","made_at":"2026-11-30T09:00:00Z"}}]}}"#).into_bytes(),
                400,
                "launch_missiles",
            ),
            ("JSON nested 10,000 deep", push.clone(), deep.into_bytes(), 400, "not"),
            ("an oversized body", push.clone(), vec![b' '; MAX_BODY_BYTES + 1], 413, "too large"),
            (
                "a practice id that is not one",
                "/api/v1/practices/not-an-id/changes".into(),
                br#"{"changes": []}"#.to_vec(),
                400,
                "not a practice id",
            ),
        ];
        for (what, path, body, status, words) in cases {
            let response = server
                .client
                .raw("POST", &path, Some(&admin), Some(body))
                .await;
            assert_eq!(
                response.status, status,
                "{backend:?}: {what}: {}",
                response.text
            );
            assert!(
                response.message().contains(words),
                "{backend:?}: {what}: the sentence says what is wrong ({words}): {}",
                response.message()
            );
        }
        let bad_query = server
            .client
            .get(&server.path("changes?since=yesterday"), Some(&admin))
            .await;
        assert_eq!(
            bad_query.status, 400,
            "{backend:?}: a bad query: {}",
            bad_query.text
        );
        assert!(
            bad_query.message().contains("since"),
            "{backend:?}: names the parameter"
        );

        // Well-formed, but naming someone who does not exist: refused, per change.
        let ghost = Change::SetPersonField {
            person: PersonId::from_u128(0xDEAD),
            expected: PersonField::Active(true),
            value: PersonField::Active(false),
        };
        let mut stale_time = pushed(switchboard_core::Change::SetPracticeName {
            expected: practice_config().practice_name,
            value: switchboard_core::PracticeName("Later".into()),
        });
        stale_time.made_at = "last Tuesday".into();
        let response = server
            .client
            .post(
                &push,
                Some(&admin),
                &PushRequest {
                    changes: vec![pushed(ghost), stale_time],
                },
            )
            .await;
        for (outcome, words) in outcomes(&response).iter().zip(["no person", "RFC 3339"]) {
            assert!(
                matches!(outcome, PushOutcome::Refused { reason } if reason.contains(words)),
                "{backend:?}: refused, saying so ({words}): {outcome:?}"
            );
        }
        let after = server
            .client
            .get(&server.path("snapshot"), Some(&admin))
            .await;
        assert_eq!(
            after.json, before.json,
            "{backend:?}: nothing changed, the head included"
        );
        server.stop().await;
    }
}
