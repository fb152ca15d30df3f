//! Per-location values through the store: every setting override, a topic's own wording,
//! office hours, branding and deactivation survive a reopen and undo exactly; and the FHIR
//! directory import lands as one undoable entry, is a no-op the second time, and a file with
//! a bad last entry changes nothing.

use switchboard_core::setting_edits::{self, TopicPart};
use switchboard_core::{
    Attachments, Config, Date, Limits, Localized, LocationField, Logo, OfficeHours, ProviderChoice,
    Quota, Recipient, Setting, SettingField, TopicKey, apply, demo_ids, fhir,
};
use switchboard_store::Store;

use crate::author;

async fn open(dir: &tempfile::TempDir) -> Store {
    Store::open(dir.path().join("switchboard.db"))
        .await
        .expect("opens")
}

/// A value of `field` different from every demo value.
fn other_value(field: SettingField) -> Setting {
    let text = |en: &str| Localized::new(en, format!("{en} (es)"));
    match field {
        SettingField::MessagingEnabled => Setting::MessagingEnabled(false),
        SettingField::PatientsMayStart => Setting::PatientsMayStart(false),
        SettingField::ProviderChoice => Setting::ProviderChoice(ProviderChoice::SelectedUsers),
        SettingField::Limits => Setting::Limits(Limits {
            quota: Some(Quota { count: 2, days: 3 }),
            max_characters: 500,
        }),
        SettingField::Attachments => Setting::Attachments(Attachments {
            allowed: true,
            max_count: 1,
            max_megabytes: 2,
        }),
        SettingField::GuardianMayWrite => Setting::GuardianMayWrite(false),
        SettingField::GuarantorMayWrite => Setting::GuarantorMayWrite(false),
        SettingField::Banner => Setting::Banner(text("Flu shots on Fridays")),
        SettingField::ComposeNote => Setting::ComposeNote(text("Add your date of birth")),
        SettingField::EmergencyDisclaimer => Setting::EmergencyDisclaimer(text("Call 911")),
        SettingField::ResponseTime => Setting::ResponseTime(text("Within a day")),
        SettingField::NotificationEmail => {
            Setting::NotificationEmail("downtown@riverside.example".into())
        }
        SettingField::FallbackInbox => Setting::FallbackInbox(Recipient::Group(demo_ids::NURSING)),
        SettingField::AfterHoursNotice => Setting::AfterHoursNotice(text("We are closed")),
        SettingField::Logo => {
            Setting::Logo(Logo::from_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").expect("a PNG"))
        }
    }
}

#[tokio::test]
async fn every_setting_override_survives_a_reopen_and_resets() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir).await;
    let mut expected = store.load().await.expect("loads").config;
    for field in SettingField::ALL {
        let change = setting_edits::set(&expected, Some(demo_ids::DOWNTOWN), other_value(*field))
            .unwrap_or_else(|| panic!("{field:?}: the value differs from Downtown's"));
        apply(&mut expected, &change).expect("applies in memory");
        store
            .apply(&change, &author())
            .await
            .expect("the store applies it");
    }
    store.close().await;

    let store = open(&dir).await;
    let config = store.load().await.expect("loads").config;
    assert_eq!(config, expected, "every override is read back exactly");
    for field in SettingField::ALL {
        assert_eq!(
            setting_edits::effective(&config, Some(demo_ids::DOWNTOWN), *field),
            (other_value(*field), setting_edits::Source::Location),
            "{field:?} is Downtown's own"
        );
        let reset = setting_edits::reset(&config, demo_ids::DOWNTOWN, *field).expect("has one");
        store.apply(&reset, &author()).await.expect("resets");
    }
    store.close().await;
    let store = open(&dir).await;
    let config = store.load().await.expect("loads").config;
    assert!(
        config.locations[&demo_ids::DOWNTOWN].settings.is_empty(),
        "after every reset Downtown follows the practice again"
    );
    store.close().await;
}

#[tokio::test]
async fn a_locations_own_topic_hours_branding_and_deactivation_persist_and_undo() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir).await;
    let before = store.load().await.expect("loads").config;
    let key = TopicKey::new("appointments");
    let topic = setting_edits::set_topic_parts(
        &before,
        demo_ids::LAKEVIEW,
        &key,
        [
            TopicPart::Enabled(Some(false)),
            TopicPart::DisplayName(Some(Localized::new("Kids' desk", "Recepción"))),
        ],
    )
    .expect("differs");
    let lakeview = before.location(demo_ids::LAKEVIEW).expect("demo").clone();
    let fields = [
        LocationField::OfficeHours(OfficeHours::weekdays(
            "07:30".parse().expect("time"),
            "19:00".parse().expect("time"),
        )),
        LocationField::OwnBranding(false),
        LocationField::Active(false),
    ];
    let mut changes = vec![topic];
    changes.extend(
        fields
            .into_iter()
            .filter_map(|value| setting_edits::set_location_field(&lakeview, value)),
    );
    for change in &changes {
        store.apply(change, &author()).await.expect("applies");
    }
    store.close().await;

    let store = open(&dir).await;
    let config: Config = store.load().await.expect("loads").config;
    let lakeview = config.location(demo_ids::LAKEVIEW).expect("kept");
    assert!(!lakeview.active && !lakeview.own_branding);
    assert_eq!(
        lakeview
            .office_hours
            .day_text(switchboard_core::Weekday::Friday),
        "07:30-19:00"
    );
    let here = config
        .topic_at(Some(demo_ids::LAKEVIEW), &key)
        .expect("topic");
    assert_eq!(
        (here.enabled, here.display_name.en.as_str()),
        (false, "Kids' desk")
    );
    for _ in &changes {
        crate::undo_latest(&store).await.expect("undoes");
    }
    assert_eq!(
        store.load().await.expect("loads").config,
        before,
        "undoing each step restores the demo exactly"
    );
    store.close().await;
}

const DIRECTORY: &str = include_str!("../../../core/tests/core/fhir/directory.json");

fn today() -> Date {
    "2026-11-22".parse().expect("date")
}

#[tokio::test]
async fn a_fhir_import_is_one_undoable_entry_and_a_bad_file_changes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = open(&dir).await;
    let export_before = store.export().await.expect("exports");

    // The bad element last: the whole file is refused, nothing reaches the log.
    let mut bundle: serde_json::Value = serde_json::from_str(DIRECTORY).expect("JSON");
    bundle["entry"]
        .as_array_mut()
        .expect("entries")
        .push(serde_json::json!({
            "resource": {"resourceType": "PractitionerRole", "id": "bad", "practitioner": "pr-1"}
        }));
    let config = store.load().await.expect("loads").config;
    let err = fhir::plan(&config, &bundle.to_string(), None, today()).expect_err("refused");
    let message = err.to_string();
    assert!(
        message.contains("PractitionerRole") && message.contains("practitioner"),
        "names the resource and the field: {message}"
    );
    assert_eq!(store.history().await.expect("history").len(), 0);
    assert_eq!(
        store.export().await.expect("exports"),
        export_before,
        "nothing changed"
    );

    let plan = fhir::plan(&config, DIRECTORY, None, today()).expect("plans");
    store.apply(&plan.change, &author()).await.expect("applies");
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "one entry"
    );
    store.close().await;

    let store = open(&dir).await;
    let config = store.load().await.expect("loads").config;
    let again = fhir::plan(&config, DIRECTORY, None, today()).expect("plans");
    assert!(
        again.is_noop(),
        "re-importing the same file changes nothing: {again:?}"
    );
    crate::undo_latest(&store).await.expect("undo");
    assert_eq!(
        store.export().await.expect("exports"),
        export_before,
        "one undo takes the whole import back"
    );
    store.close().await;
}
