//! The portal's API answers exactly what core answers in the app: `route` equals `explain`
//! (and the automatic replies) for every cell of a practice, `portal-view` equals
//! `portal_view`, through HTTP with the portal key.

use switchboard_core::sync::{PortalViewAnswer, PushRequest, RouteAnswer};
use switchboard_core::{Context, Date, Language, Sender, apply, explain, portal_view, tester};

use crate::fixture::{TestServer, backends, practice_config};
use crate::sync::{outcomes, pushed};

#[tokio::test]
async fn route_and_portal_view_equal_core_for_every_cell() {
    for backend in backends() {
        let (server, admin) = TestServer::with_practice(&backend).await;
        // Evolve the practice with generated changes, so the answers come from revision > 1.
        let mut config = practice_config();
        let mut changes = Vec::new();
        for seed in 0..25_u64 {
            let change = switchboard_core::fixtures::changes::change(
                &config,
                &mut switchboard_core::fixtures::changes::Pick::new(seed * 7919),
            );
            if apply(&mut config, &change).is_ok() {
                changes.push(pushed(change));
            }
        }
        let response = server
            .client
            .post(
                &server.path("changes"),
                Some(&admin),
                &PushRequest { changes },
            )
            .await;
        assert!(
            outcomes(&response)
                .iter()
                .all(|o| matches!(o, switchboard_core::sync::PushOutcome::Applied { .. })),
            "{backend:?}: the server applies what applied here: {}",
            response.text
        );
        let date = Date::from_ymd(2026, 12, 1).expect("a day");
        let key = server.portal_key.clone();
        let mut cells = 0;
        for location in config.locations.values() {
            let providers = std::iter::once(None).chain(
                config
                    .people
                    .values()
                    .filter(|p| p.is_provider())
                    .map(|p| Some(p.id)),
            );
            for provider in providers {
                let context = Context {
                    location: location.id,
                    provider,
                    care_team: provider.into_iter().collect(),
                    sender: Sender::Patient,
                };
                let team = provider
                    .map(|p| format!("&provider={p}&care_team={p}"))
                    .unwrap_or_default();
                for topic in &config.topics {
                    let path = server.path(&format!(
                        "route?location={}&topic={}&date={date}{team}",
                        location.id, topic.key
                    ));
                    let response = server.client.get(&path, Some(&key)).await;
                    assert_eq!(response.status, 200, "{backend:?}: {}", response.text);
                    let answer: RouteAnswer =
                        serde_json::from_value(response.json).expect("a route answer");
                    assert_eq!(
                        answer.explanation,
                        explain(&config, &context, &topic.key, date),
                        "{backend:?}: {} at {} for {provider:?}: the API equals explain",
                        topic.key,
                        location.name
                    );
                    assert_eq!(
                        answer.auto_replies,
                        tester::auto_replies(
                            &config,
                            &context,
                            &topic.key,
                            date,
                            Language::English
                        ),
                        "{backend:?}: and the automatic replies"
                    );
                    cells += 1;
                }
                let view = server
                    .client
                    .get(
                        &server.path(&format!(
                            "portal-view?location={}&date={date}{team}",
                            location.id
                        )),
                        Some(&key),
                    )
                    .await;
                let answer: PortalViewAnswer =
                    serde_json::from_value(view.json).expect("a portal view");
                assert_eq!(
                    answer.view,
                    portal_view(&config, &context, Language::English, date),
                    "{backend:?}: the portal view equals core's"
                );
            }
        }
        assert!(
            cells > 50,
            "{backend:?}: many cells were compared ({cells})"
        );
        server.stop().await;
    }
}

#[test]
fn route_equals_explain_for_every_cell_of_generated_practices() {
    use proptest::prelude::*;
    use switchboard_core::fixtures::{Size, practice};
    use switchboard_core::sync::Upload;

    let runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let mut runner = proptest::test_runner::TestRunner::new(proptest::test_runner::Config {
        cases: 3,
        failure_persistence: None,
        ..proptest::test_runner::Config::default()
    });
    let size = Size {
        providers: 8,
        staff: 6,
        groups: 4,
        locations: 3,
        topics: 6,
    };
    let result = runner.run(&any::<u64>(), |seed| {
        runtime.block_on(async {
            let config = practice(seed, size);
            for backend in backends() {
                let server = TestServer::start(&backend).await;
                let admin = server.sign_in("admin").await;
                let uploaded = server
                    .client
                    .post(
                        &server.path("snapshot"),
                        Some(&admin),
                        &Upload {
                            config: config.clone(),
                        },
                    )
                    .await;
                prop_assert_eq!(uploaded.status, 201, "{:?}: {}", backend, uploaded.text);
                let date = Date::from_ymd(2026, 11, 25).expect("a day");
                for location in config.locations.values() {
                    for provider in std::iter::once(None).chain(
                        config
                            .people
                            .values()
                            .filter(|p| p.is_provider() && p.locations.contains(&location.id))
                            .map(|p| Some(p.id)),
                    ) {
                        let context = Context {
                            location: location.id,
                            provider,
                            care_team: provider.into_iter().collect(),
                            sender: Sender::Patient,
                        };
                        let team = provider
                            .map(|p| format!("&provider={p}&care_team={p}"))
                            .unwrap_or_default();
                        for topic in &config.topics {
                            let path = server.path(&format!(
                                "route?location={}&topic={}&date={date}{team}",
                                location.id, topic.key
                            ));
                            let response = server.client.get(&path, Some(&server.portal_key)).await;
                            let answer: RouteAnswer =
                                serde_json::from_value(response.json).expect("a route answer");
                            prop_assert_eq!(
                                answer.explanation,
                                explain(&config, &context, &topic.key, date),
                                "{:?} seed {}",
                                backend,
                                seed
                            );
                        }
                    }
                }
                server.stop().await;
            }
            Ok(())
        })
    });
    if let Err(err) = result {
        panic!("{err}");
    }
}
