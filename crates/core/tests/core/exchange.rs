//! export(), import(), check() and import_as_change(): round trips, every kind of problem
//! named by its path, and the import as one undoable batch.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::test_runner::{Config as RunnerConfig, TestRunner};
use serde_json::{Value, json};
use switchboard_core::{
    Change, Config, ImportError, Preset, apply, check, demo_ids, demo_practice, export, import,
    import_as_change,
};

use crate::fixture;
use crate::generate::{Pick, change};

/// What a case is about, how it breaks the document, the path and a phrase of the reason.
type Case = (
    &'static str,
    Box<dyn Fn(&mut Value)>,
    &'static str,
    &'static str,
);

/// The demo's export, parsed, for tests that break one thing in it.
fn demo_document() -> Value {
    serde_json::from_str(&export(&demo_practice())).expect("the export is JSON")
}

fn import_value(document: &Value) -> Result<Config, ImportError> {
    import(&serde_json::to_string_pretty(document).expect("a Value serialises"))
}

#[test]
fn the_demo_round_trips_exactly() {
    let demo = demo_practice();
    let text = export(&demo);
    let back = import(&text).expect("the demo's own export imports");
    assert_eq!(
        back, demo,
        "export then import gives the same configuration"
    );
    assert_eq!(
        export(&back),
        text,
        "export is deterministic: the same configuration gives the same text"
    );
    let document: Value = serde_json::from_str(&text).expect("the export is JSON");
    assert_eq!(
        (&document["format"], &document["version"]),
        (&json!("switchboard-config"), &json!(1)),
        "the document says what it is and which version"
    );
    assert!(
        document["config"]["people"].is_array(),
        "people are a list in the document, so paths have indexes"
    );
    assert!(
        text.contains("\n  \"config\": {"),
        "the export is pretty-printed for people who read it"
    );
}

#[test]
fn external_ids_round_trip_and_stay_out_of_documents_without_them() {
    let mut config = demo_practice();
    let plain = export(&config);
    assert!(
        !plain.contains("external_ids"),
        "entities without external ids export as before, so older documents stay the same"
    );
    let person = config
        .people
        .get_mut(&demo_ids::JANE_SMITH)
        .expect("the demo has Jane Smith");
    person.external_ids = vec![
        "Practitioner/123".into(),
        "http://hl7.org/fhir/sid/us-npi|1234567890".into(),
    ];
    let text = export(&config);
    assert_eq!(
        import(&text),
        Ok(config.clone()),
        "external ids survive export and import"
    );
    let mut document: Value = serde_json::from_str(&plain).expect("the export is JSON");
    document["config"]["locations"][0]["external_ids"] = json!([]);
    assert_eq!(
        import_value(&document),
        Ok(demo_practice()),
        "an empty list of external ids reads as none, not as an unknown field"
    );
}

#[test]
fn an_error_in_the_last_element_is_named_by_its_path() {
    let mut document = demo_document();
    let people = document["config"]["people"]
        .as_array_mut()
        .expect("people are a list");
    let last = people.len() - 1;
    let missing = "0193aaaa-0000-7000-8000-000000000001";
    people[last]["locations"]
        .as_array_mut()
        .expect("a person's locations are a list")
        .push(json!(missing));
    let err = import_value(&document).expect_err("the last person works at a missing location");
    assert_eq!(
        err.path(),
        Some(format!("config.people[{last}].locations[1]").as_str()),
        "the path names the last person and the missing location's place in the file: {err}"
    );
    let message = err.to_string();
    assert!(
        message.contains(missing) && message.contains("add that location"),
        "the message names the id and says what to do: {message}"
    );
}

#[test]
fn malformed_json_says_where() {
    let text = export(&demo_practice());
    let cut = &text[..text.len() / 2];
    let err = import(cut).expect_err("half a document is not JSON");
    let ImportError::Syntax { line, .. } = &err else {
        panic!("a syntax error, got {err:?}");
    };
    assert!(*line > 1, "the line is where the text stops, not the start");
    assert!(
        err.to_string().contains(&format!("line {line}")),
        "the message gives the line: {err}"
    );
    let err = import("").expect_err("an empty file");
    assert!(
        err.to_string().contains("the file is empty"),
        "an empty file is called empty: {err}"
    );
}

#[test]
fn format_and_version_are_checked_first() {
    let mut document = demo_document();
    document["version"] = json!(2);
    document["config"]["a_field_from_the_future"] = json!(true);
    let err = import_value(&document).expect_err("version 2 is newer than this Switchboard");
    assert!(
        matches!(err, ImportError::NewerVersion { found: 2, .. }),
        "a newer version is reported as such, before its unknown fields: {err:?}"
    );
    assert!(
        err.to_string().contains("Update Switchboard"),
        "the message says to update: {err}"
    );

    let mut document = demo_document();
    document["version"] = json!("one");
    let err = import_value(&document).expect_err("a version must be a number");
    assert!(
        matches!(err, ImportError::UnknownVersion { .. }),
        "not a version: {err:?}"
    );

    let mut document = demo_document();
    document["format"] = json!("something-else");
    let err = import_value(&document).expect_err("another format");
    assert!(
        matches!(err, ImportError::NotAConfiguration { .. })
            && err.to_string().contains("something-else"),
        "another program's file is refused by name: {err}"
    );
    let err = import("[1, 2]").expect_err("a list is not a document");
    assert!(
        matches!(err, ImportError::NotAConfiguration { .. }),
        "JSON that is not an object: {err:?}"
    );
}

#[test]
fn shape_errors_name_the_path_and_the_reason() {
    let cases: [Case; 4] = [
        (
            "an unknown person kind",
            Box::new(|doc| doc["config"]["people"][2]["kind"] = json!("doctor")),
            "config.people[2].kind",
            "unknown variant `doctor`",
        ),
        (
            "a missing name",
            Box::new(|doc| {
                doc["config"]["locations"][1]
                    .as_object_mut()
                    .expect("a location is an object")
                    .remove("name");
            }),
            "config.locations[1]",
            "\"name\" is missing",
        ),
        (
            "a misspelt top-level field",
            Box::new(|doc| doc["config"]["groupz"] = json!([])),
            "config.groupz",
            "does not know the field \"groupz\"",
        ),
        (
            "an id that is not a UUID",
            Box::new(|doc| doc["config"]["groups"][0]["members"][0] = json!("ana")),
            "config.groups[0].members[0]",
            "is not an id",
        ),
    ];
    for (what, break_it, path, reason) in cases {
        let mut document = demo_document();
        break_it(&mut document);
        let err = import_value(&document).expect_err(what);
        assert!(
            matches!(err, ImportError::Shape { .. }),
            "{what} is a shape error: {err:?}"
        );
        assert_eq!(err.path(), Some(path), "{what} is named by its path: {err}");
        assert!(
            err.to_string().contains(reason),
            "{what}: the reason says what is wrong: {err}"
        );
    }
}

#[test]
fn a_misspelt_optional_field_is_not_silently_dropped() {
    let mut document = demo_document();
    document["config"]["locations"][0]["settings"]["bannr"] = json!({"en": "Hi", "es": "Hola"});
    let err = import_value(&document).expect_err("\"bannr\" is no setting");
    assert_eq!(
        err,
        ImportError::UnknownField {
            path: "config.locations[0].settings.bannr".into()
        },
        "an optional override with a typo would vanish without this check"
    );
    assert!(
        err.to_string().contains("Check its spelling"),
        "the message says what to do: {err}"
    );

    let mut document = demo_document();
    document["config"]["routes"][0]["scope"]["locaton"] = json!("x");
    let err = import_value(&document).expect_err("a stray field inside a tagged value");
    assert_eq!(
        err.path(),
        Some("config.routes[0].scope.locaton"),
        "fields inside tagged values are checked too: {err}"
    );

    let mut document = demo_document();
    document["config"]["locations"][0]["settings"]["banner"] = Value::Null;
    assert_eq!(
        import_value(&document),
        Ok(demo_practice()),
        "an optional override written as null means no override"
    );
}

#[test]
fn an_empty_recipient_list_is_refused() {
    let mut document = demo_document();
    let routes = document["config"]["routes"]
        .as_array_mut()
        .expect("routes are a list");
    let index = routes
        .iter()
        .position(|rule| rule["route"]["kind"] == "recipients")
        .expect("the demo has rules with recipients");
    routes[index]["route"]["recipients"] = json!([]);
    let err = import_value(&document).expect_err("a rule with no recipients");
    assert_eq!(
        err.path(),
        Some(format!("config.routes[{index}].route.recipients").as_str()),
        "the path names the empty list: {err}"
    );
    assert!(
        err.to_string().contains("at least one recipient"),
        "the reason explains: {err}"
    );
}

#[test]
fn integrity_problems_are_named() {
    let ana = demo_ids::ANA_RUIZ.to_string();
    let front_office = demo_ids::FRONT_OFFICE.to_string();
    let cases: [Case; 6] = [
        (
            "a duplicate person id",
            Box::new(move |doc| doc["config"]["people"][3]["id"] = json!(ana.clone())),
            "config.people[5].id",
            "a second person with id",
        ),
        (
            "a group inside a group",
            Box::new(move |doc| {
                doc["config"]["groups"][1]["members"][0] = json!(front_office.clone())
            }),
            "config.groups[1].members[0]",
            "groups hold people only",
        ),
        (
            "a rule for a missing topic",
            Box::new(|doc| doc["config"]["routes"][0]["topic"] = json!("billing")),
            "config.routes[0].topic",
            "no topic with that key",
        ),
        (
            "a duplicate topic key",
            Box::new(|doc| doc["config"]["topics"][4]["key"] = json!("appointments")),
            "config.topics[4].key",
            "a second topic with key \"appointments\"",
        ),
        (
            "a missing fallback inbox",
            Box::new(|doc| {
                doc["config"]["settings"]["fallback_inbox"] =
                    json!({"kind": "person", "id": "0193aaaa-0000-7000-8000-000000000002"})
            }),
            "config.settings.fallback_inbox.id",
            "every practice needs one",
        ),
        (
            "an absence that ends before it starts",
            Box::new(|doc| {
                let people = doc["config"]["people"]
                    .as_array_mut()
                    .expect("people are a list");
                let away = people
                    .iter_mut()
                    .find(|p| !p["out_of_office"].is_null())
                    .expect("the demo has someone away");
                away["out_of_office"]["until"] = json!("2020-01-01");
            }),
            "config.people[4].out_of_office.until",
            "ends (2020-01-01) before it starts",
        ),
    ];
    for (what, break_it, path, reason) in cases {
        let mut document = demo_document();
        break_it(&mut document);
        let err = import_value(&document).expect_err(what);
        assert!(
            matches!(err, ImportError::Integrity { .. }),
            "{what} is an integrity error: {err:?}"
        );
        assert_eq!(err.path(), Some(path), "{what} is named by its path: {err}");
        assert!(
            err.to_string().contains(reason),
            "{what}: the reason says what is wrong: {err}"
        );
    }
}

#[test]
fn check_accepts_the_demo_and_refuses_a_misfiled_entity() {
    let mut config = demo_practice();
    assert_eq!(check(&config), Ok(()), "the demo is consistent");
    let mut jane = config
        .people
        .remove(&demo_ids::JANE_SMITH)
        .expect("the demo has Jane");
    jane.id = demo_ids::PULASKI;
    config.people.insert(demo_ids::JANE_SMITH, jane);
    let err = check(&config).expect_err("an entity filed under another id");
    assert!(
        err.to_string().contains("filed under id"),
        "the store's rows can disagree with themselves; check says so: {err}"
    );
}

#[test]
fn import_as_change_is_one_undoable_batch() {
    let demo = demo_practice();
    let other = fixture::practice();
    let batch = import_as_change(&demo, &other).expect("both start from Elation's topics");
    assert!(
        matches!(batch, Change::Batch { .. }),
        "an import is one batch, so one undo step"
    );
    let mut config = demo.clone();
    let inverse = apply(&mut config, &batch).expect("the batch applies to the demo");
    assert_eq!(
        config, other,
        "applying the batch gives the imported practice"
    );
    assert!(
        !config.demo,
        "importing a real practice over the demo clears the demo flag"
    );
    apply(&mut config, &inverse).expect("the inverse applies right after");
    assert_eq!(config, demo, "undoing the import brings the demo back");
    assert_eq!(
        import_as_change(&demo, &demo),
        Ok(Change::Batch {
            changes: Vec::new()
        }),
        "importing the same configuration changes nothing"
    );
}

#[test]
fn import_as_change_refuses_other_builtin_topics() {
    let demo = demo_practice();
    let mut icanotes = demo.clone();
    icanotes.topics = Preset::IcaNotes.topics();
    icanotes.routes = Default::default();
    let err = import_as_change(&demo, &icanotes).expect_err("presets differ");
    assert!(
        matches!(err, ImportError::NotRepresentable { .. }) && err.to_string().contains("built in"),
        "the admin is told why: {err}"
    );
}

/// A configuration reached from the demo or the fixture by applying generated changes.
fn evolve(from_demo: bool, seeds: &[u64]) -> Config {
    let mut config = if from_demo {
        demo_practice()
    } else {
        fixture::practice()
    };
    for seed in seeds {
        let next = change(&config, &mut Pick::new(*seed));
        let _refused_changes_are_skipped = apply(&mut config, &next);
    }
    config
}

#[test]
fn export_import_and_import_as_change_hold_for_evolved_configs() {
    let mut runner = TestRunner::new(RunnerConfig {
        cases: 64,
        failure_persistence: None,
        ..RunnerConfig::default()
    });
    let seeds = || vec(any::<u64>(), 0..30);
    let result = runner.run(
        &(seeds(), any::<bool>(), seeds(), any::<bool>()),
        |(a_seeds, a_demo, b_seeds, b_demo)| {
            let a = evolve(a_demo, &a_seeds);
            let b = evolve(b_demo, &b_seeds);
            prop_assert_eq!(
                check(&a),
                Ok(()),
                "every configuration apply() reaches passes check()"
            );
            let back = import(&export(&a))
                .map_err(|err| TestCaseError::fail(format!("a's export must import: {err}")))?;
            prop_assert_eq!(&back, &a, "export then import is the identity");
            let batch = import_as_change(&a, &b).map_err(|err| {
                TestCaseError::fail(format!("both start from Elation's topics: {err}"))
            })?;
            if batch.is_noop() {
                // apply refuses an empty edit; there is nothing to check but that a is b.
                prop_assert_eq!(&a, &b, "no change between a and b means they are equal");
                return Ok(());
            }
            let mut config = a.clone();
            let inverse = apply(&mut config, &batch)
                .map_err(|err| TestCaseError::fail(format!("the batch must apply: {err}")))?;
            prop_assert_eq!(&config, &b, "import_as_change(a, b) applied to a gives b");
            apply(&mut config, &inverse)
                .map_err(|err| TestCaseError::fail(format!("its inverse must apply: {err}")))?;
            prop_assert_eq!(&config, &a, "and its inverse gives a back");
            Ok(())
        },
    );
    if let Err(err) = result {
        panic!("{err}");
    }
}
