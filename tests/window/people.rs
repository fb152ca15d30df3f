//! The People & groups screen in the real app.

use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use switchboard_core::directory;
use switchboard_core::{
    Change, Date, Localized, OutOfOffice, PersonField, PersonId, Recipient, RecipientList, Route,
    Scope, TopicKey, demo_ids, demo_practice,
};
use switchboard_store::{Author, EntryKind, Store};

use crate::harness::{App, temp_database};

/// The directory row of `person`.
fn row(person: PersonId) -> String {
    format!("section[data-part='people'] tr[data-person='{person}']")
}

/// Today by the computer's clock (UTC; the tests choose dates a few days around it, so the
/// webview's local day is covered too).
fn today() -> Date {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    Date::EPOCH.add_days(i32::try_from(seconds / 86_400).expect("days since 1970 fit an i32"))
}

/// Makes Ana Ruiz and Maria Gomez unavailable for portal messages before the app opens.
async fn with_two_unavailable(database: &Path) {
    let store = Store::open(database).await.expect("creates the database");
    for person in [demo_ids::ANA_RUIZ, demo_ids::MARIA_GOMEZ] {
        store
            .apply(
                &Change::SetPersonField {
                    person,
                    expected: PersonField::AvailableForPortal(true),
                    value: PersonField::AvailableForPortal(false),
                },
                &Author("test-setup".into()),
            )
            .await
            .expect("everyone is available in the demo");
    }
    store.close().await;
}

/// Waits until the keyboard is on the form field `field` (a form that opens puts it on its
/// first field, which may scroll the page: go on only once it has).
async fn wait_for_focus(app: &App, field: &str) {
    app.eventually(
        &format!("the form should put the keyboard on its {field} field"),
        || async { app.focused_attr("data-field").await.as_deref() == Some(field) },
    )
    .await;
}

/// Opens `person`'s details (`edit-person`) or time-away (`edit-away`) form from their row, and
/// waits for the keyboard on its first field; answers the form's selector.
async fn open_form(app: &App, person: PersonId, action: &str) -> &'static str {
    app.click(&format!("{} button[data-action='{action}']", row(person)))
        .await;
    let (form, first) = match action {
        "edit-away" => ("form[data-part='away-form']", "from"),
        _ => ("form[data-part='person-form']", "name"),
    };
    wait_for_focus(app, first).await;
    form
}

async fn available(store: &Store, person: PersonId) -> bool {
    store
        .load()
        .await
        .expect("loads")
        .config
        .person(person)
        .expect("still in the directory")
        .available_for_portal
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn bulk_assign_availability_then_one_undo_reverts_both() {
    let (_dir, database) = temp_database();
    with_two_unavailable(&database).await;

    let app = App::start("people_bulk_available", &database).await;
    app.open_screen("people").await;
    app.wait_for("select[data-filter='available']")
        .await
        .select_by_value("no")
        .await
        .expect("show only the people who are not available");
    app.wait_for_text("[data-part='count']", "2 of 9 people match")
        .await;
    for person in [demo_ids::ANA_RUIZ, demo_ids::MARIA_GOMEZ] {
        app.click(&format!("{} input[data-part='select']", row(person)))
            .await;
    }
    app.wait_for_text("[data-part='selected-count']", "2 people selected")
        .await;
    app.screenshot("selected").await;
    app.click("button[data-action='assign-available']").await;
    app.wait_for_text("[data-part='count']", "0 of 9 people match")
        .await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    assert!(
        available(&store, demo_ids::ANA_RUIZ).await
            && available(&store, demo_ids::MARIA_GOMEZ).await,
        "both are available for portal messages in the database"
    );
    let history = store.history().await.expect("history");
    assert_eq!(
        history.len(),
        3,
        "the two setup edits, then the bulk edit as one logged change"
    );
    store.close().await;

    let app = App::start("people_bulk_available_undo", &database).await;
    app.open_screen("people").await;
    // Enabled once the store's history has loaded: a click before that would do nothing.
    app.click("button[data-action='undo']:not([disabled])")
        .await;
    for person in [demo_ids::ANA_RUIZ, demo_ids::MARIA_GOMEZ] {
        app.wait_for_text(
            &format!("{} [data-part='available']", row(person)),
            "Not available",
        )
        .await;
    }
    app.quit().await;
    let store = Store::open(&database).await.expect("opens");
    assert!(
        !available(&store, demo_ids::ANA_RUIZ).await
            && !available(&store, demo_ids::MARIA_GOMEZ).await,
        "one undo made both unavailable again"
    );
    let last = store
        .history()
        .await
        .expect("history")
        .pop()
        .expect("entries");
    assert!(
        matches!(last.kind, EntryKind::Undo { .. }),
        "the last entry is the one undo: {:?}",
        last.kind
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn time_away_with_a_group_as_delegate_badges_the_routing_cell() {
    let (_dir, database) = temp_database();
    let (from, until) = (today().add_days(-2), today().add_days(40));
    let badge_text = format!("away until {}", until.short(false));
    let cell = format!(
        "div.grid-row[data-provider='{}'] div.grid-cell[data-topic='appointments']",
        demo_ids::CRUSHER
    );
    let jane_badge = format!(
        "{cell} .chip[data-recipient='person:{}'] [data-part='badge']",
        demo_ids::JANE_SMITH
    );

    let app = App::start("people_time_away", &database).await;
    app.open_screen("routing").await;
    app.wait_for(&cell).await;
    if app.count(&jane_badge).await > 0 {
        assert_ne!(
            app.text(&jane_badge).await,
            badge_text,
            "before the edit, Jane Smith's chip does not show the new absence"
        );
    }

    app.open_screen("people").await;
    let form = open_form(&app, demo_ids::JANE_SMITH, "edit-away").await;
    app.pick_value(
        &format!("{form} input[data-field='from']"),
        &from.to_string(),
    )
    .await;
    app.pick_value(
        &format!("{form} input[data-field='until']"),
        &until.to_string(),
    )
    .await;
    app.wait_for(&format!("{form} select[data-field='delegate']"))
        .await
        .select_by_value(&format!("group:{}", demo_ids::NURSING))
        .await
        .expect("Nursing takes her messages");
    app.fill(
        &format!("{form} textarea[data-field='reply-en']"),
        "I am away; the nurses will answer.",
    )
    .await;
    app.fill(
        &format!("{form} textarea[data-field='reply-es']"),
        "Estoy ausente; las enfermeras le responderán.",
    )
    .await;
    app.click(&format!("{form} button[data-action='save-away']"))
        .await;
    // The directory says the same, in its own words (with the year when it differs).
    let mut jane = demo_practice()
        .person(demo_ids::JANE_SMITH)
        .cloned()
        .expect("Jane Smith");
    jane.out_of_office = Some(OutOfOffice {
        from,
        until,
        delegate: None,
        auto_reply: Localized::default(),
    });
    app.wait_for_text(
        &format!("{} [data-part='states']", row(demo_ids::JANE_SMITH)),
        &directory::states(&jane, today()).join(" "),
    )
    .await;

    app.open_screen("routing").await;
    app.wait_for_text(&jane_badge, &badge_text).await;
    app.screenshot("routing-badge").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    let away = config
        .person(demo_ids::JANE_SMITH)
        .and_then(|jane| jane.out_of_office.clone())
        .expect("Jane Smith is away in the database");
    assert_eq!(
        (away.from, away.until, away.delegate),
        (from, until, Some(Recipient::Group(demo_ids::NURSING))),
        "the dates and the group delegate were saved"
    );
    assert_eq!(
        away.auto_reply.es, "Estoy ausente; las enfermeras le responderán.",
        "the Spanish reply was saved"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn filter_the_directory_add_a_person_and_an_empty_name_is_refused_with_a_sentence() {
    let (_dir, database) = temp_database();
    let app = App::start("people_add", &database).await;
    app.open_screen("people").await;
    app.wait_for_text("[data-part='count']", "9 people").await;

    // Search and filters narrow the directory; "Clear filters" shows everyone again.
    app.type_into("input[data-part='search']", "smi").await;
    app.wait_for_text("[data-part='count']", "1 of 9 people match")
        .await;
    assert_eq!(
        app.text("section[data-part='people'] tbody [data-part='name']")
            .await,
        "Jane Smith, RN",
        "the search found Jane Smith"
    );
    app.click("button[data-action='clear-filters']").await;
    for (filter, value) in [
        ("kind", "provider".to_string()),
        ("location", demo_ids::LAKEVIEW.to_string()),
        ("active", "yes".to_string()),
    ] {
        app.wait_for(&format!("select[data-filter='{filter}']"))
            .await
            .select_by_value(&value)
            .await
            .unwrap_or_else(|err| panic!("choose {value} in the {filter} filter: {err}"));
    }
    app.wait_for_text("[data-part='count']", "1 of 9 people match")
        .await;
    assert_eq!(
        app.text("section[data-part='people'] tbody [data-part='name']")
            .await,
        "Julian Bashir, MD",
        "the only active provider at Lakeview (Dr. Pulaski is inactive)"
    );
    app.click("button[data-action='clear-filters']").await;
    app.wait_for_text("[data-part='count']", "9 people").await;

    // An empty name: a sentence, and nothing changes.
    app.click("button[data-action='add-person']").await;
    let form = "form[data-part='person-form']";
    wait_for_focus(&app, "name").await;
    app.fill(&format!("{form} input[data-field='credentials']"), "PA")
        .await;
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.wait_for_text(
        &format!("{form} [data-part='problem']"),
        "Give the person a name: it is how staff and patients find them.",
    )
    .await;
    app.screenshot("empty-name").await;
    assert_eq!(
        app.text("[data-part='count']").await,
        "9 people",
        "nobody was added"
    );

    app.fill(
        &format!("{form} input[data-field='name']"),
        "<b>Geordi</b> La Forge",
    )
    .await;
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.eventually(
        "a name with markup should be refused in the form with a sentence",
        || async {
            app.text(&format!("{form} [data-part='problem']"))
                .await
                .contains("looks like web page markup")
        },
    )
    .await;
    assert_eq!(
        app.text("[data-part='count']").await,
        "9 people",
        "nobody was added"
    );
    app.fill(
        &format!("{form} input[data-field='name']"),
        "Geordi La Forge",
    )
    .await;
    app.wait_for(&format!("{form} select[data-field='kind']"))
        .await
        .select_by_value("provider")
        .await
        .expect("a provider");
    app.click(&format!(
        "{form} input[data-field='location'][value='{}']",
        demo_ids::DOWNTOWN
    ))
    .await;
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.wait_for_text("[data-part='count']", "10 people").await;
    let names = app
        .texts("section[data-part='people'] [data-part='name']")
        .await;
    assert!(
        names.iter().any(|name| name == "Geordi La Forge, PA"),
        "the new person is listed with credentials: {names:#?}"
    );
    app.screenshot("added").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    let added = config
        .people
        .values()
        .find(|person| person.name == "Geordi La Forge")
        .expect("the new person is in the database");
    assert!(
        added.is_provider()
            && added.credentials == "PA"
            && added.active
            && added.available_for_portal
            && added.locations.iter().eq([&demo_ids::DOWNTOWN]),
        "saved as entered: {added:#?}"
    );
    assert_eq!(
        (added.id.as_u128() >> 76) & 0xF,
        7,
        "a UUIDv7 made on this device"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "only the addition was logged: the refused form changed nothing"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn deactivating_someone_who_receives_routes_offers_a_replacement_in_one_undo_step() {
    let (_dir, database) = temp_database();
    let app = App::start("people_deactivate", &database).await;
    app.open_screen("people").await;
    let form = open_form(&app, demo_ids::TOM_LEE, "edit-person").await;
    app.click(&format!("{form} input[data-field='active']"))
        .await;
    let count = app.text(&format!("{form} [data-part='route-count']")).await;
    assert!(
        count.starts_with("Tom Lee receives 1 routing rule."),
        "the form says how many rules name him: {count:?}"
    );
    app.wait_for(&format!("{form} select[data-part='replacement']"))
        .await
        .select_by_value(&demo_ids::MARIA_GOMEZ.to_string())
        .await
        .expect("Maria Gomez takes over");
    let summary = app
        .text(&format!("{form} [data-part='replacement-summary']"))
        .await;
    assert!(
        summary.contains("to Maria Gomez") && summary.contains("one undo step"),
        "the form says what saving does: {summary:?}"
    );
    app.screenshot("deactivate").await;
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.wait_for_text(
        &format!("{} [data-part='states']", row(demo_ids::TOM_LEE)),
        "inactive",
    )
    .await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    assert!(
        !config.person(demo_ids::TOM_LEE).expect("Tom Lee").active,
        "Tom Lee is inactive in the database"
    );
    assert_eq!(
        config.routes.get(
            &TopicKey::new("appointments"),
            Scope::Location {
                location: demo_ids::LAKEVIEW
            }
        ),
        RecipientList::new(vec![Recipient::Person(demo_ids::MARIA_GOMEZ)])
            .map(Route::Recipients)
            .as_ref(),
        "Lakeview's appointments now name Maria Gomez"
    );
    assert_eq!(
        config
            .group(demo_ids::FRONT_OFFICE)
            .map(|group| group.members.clone()),
        Some(vec![demo_ids::ANA_RUIZ, demo_ids::MARIA_GOMEZ]),
        "she took his place in Front Office too"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "replacing and deactivating are one logged change"
    );
    store.close().await;

    let app = App::start("people_deactivate_undo", &database).await;
    app.open_screen("people").await;
    app.click("button[data-action='undo']").await;
    app.wait_for_text(
        &format!("{} [data-part='states']", row(demo_ids::TOM_LEE)),
        "",
    )
    .await;
    app.quit().await;
    let store = Store::open(&database).await.expect("opens");
    assert_eq!(
        store.load().await.expect("loads").config,
        demo_practice(),
        "one undo brought Tom Lee back and his rule and group with him"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_group_in_use_cannot_be_removed_and_a_new_group_gets_members_by_ticking() {
    let (_dir, database) = temp_database();
    let app = App::start("people_groups", &database).await;
    app.open_screen("people").await;
    let front_office = format!("li[data-group='{}']", demo_ids::FRONT_OFFICE);
    app.click(&format!(
        "{front_office} button[data-action='remove-group']"
    ))
    .await;
    let refusal = app
        .text(&format!("{front_office} [data-part='in-use'] p"))
        .await;
    assert!(
        refusal
            .starts_with("Group \"Front Office\" cannot be removed while messages are sent to it"),
        "a clear sentence: {refusal:?}"
    );
    let uses = app
        .texts(&format!("{front_office} [data-part='uses'] li"))
        .await;
    assert!(
        uses.iter()
            .any(|place| place == "receives Appointments for the whole practice")
            && uses
                .iter()
                .any(|place| place == "the practice's fallback inbox"),
        "the places that send it messages are listed: {uses:#?}"
    );
    app.screenshot("in-use").await;

    // A new group, two members ticked at once, then removed (nothing sends it messages).
    app.fill("input[data-field='group-name']", "Billing").await;
    app.click("button[data-action='add-group']").await;
    app.wait_for_text(
        "li.group-row:first-child [data-part='group-name']",
        "Billing",
    )
    .await;
    let billing = "li.group-row:first-child";
    app.click(&format!("{billing} button[data-action='edit-members']"))
        .await;
    for person in [demo_ids::ANA_RUIZ, demo_ids::SAM_CARTER] {
        app.click(&format!(
            "{billing} [data-part='not-in-group'] input[data-person='{person}']"
        ))
        .await;
    }
    app.click(&format!("{billing} button[data-action='add-members']"))
        .await;
    app.wait_for_text(
        &format!("{billing} [data-part='member-count']"),
        "2 members",
    )
    .await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    assert!(
        config.group(demo_ids::FRONT_OFFICE).is_some(),
        "Front Office is still there"
    );
    let added = config
        .groups
        .values()
        .find(|group| group.name == "Billing")
        .expect("Billing is in the database");
    assert_eq!(
        added.members,
        vec![demo_ids::ANA_RUIZ, demo_ids::SAM_CARTER],
        "both ticked people joined in one step"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        2,
        "the refused removal logged nothing: the group and its members are the only edits"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_person_form_keeps_what_is_typed_while_groups_and_other_people_are_saved() {
    let (_dir, database) = temp_database();
    with_two_unavailable(&database).await;
    let app = App::start("people_drafts_kept", &database).await;
    app.open_screen("people").await;

    // Ana Ruiz's form, half typed.
    let form = open_form(&app, demo_ids::ANA_RUIZ, "edit-person").await;
    app.fill(
        &format!("{form} input[data-field='name']"),
        "Ana Ruiz-Lopez",
    )
    .await;

    // A group saved meanwhile.
    app.fill("input[data-field='group-name']", "Billing").await;
    app.click("button[data-action='add-group']").await;
    app.wait_for_text(
        "li.group-row:first-child [data-part='group-name']",
        "Billing",
    )
    .await;
    app.wait_for_saved("Saved · 3 changes not yet synced").await;
    assert_eq!(
        app.value(&format!("{form} input[data-field='name']")).await,
        "Ana Ruiz-Lopez",
        "saving a group leaves the person form's draft alone"
    );

    // A group's new name, half typed too, while someone else's availability is saved.
    app.click("li.group-row:first-child button[data-action='rename-group']")
        .await;
    app.fill(
        "li.group-row:first-child input[data-field='rename']",
        "Billing desk",
    )
    .await;
    app.click(&format!(
        "{} input[data-part='select']",
        row(demo_ids::MARIA_GOMEZ)
    ))
    .await;
    app.click("button[data-action='assign-available']").await;
    app.wait_for_text(
        &format!("{} [data-part='available']", row(demo_ids::MARIA_GOMEZ)),
        "Available",
    )
    .await;
    app.wait_for_saved("Saved · 4 changes not yet synced").await;
    assert_eq!(
        app.value("li.group-row:first-child input[data-field='rename']")
            .await,
        "Billing desk",
        "saving someone's availability leaves the group's new name as typed"
    );
    assert_eq!(
        app.value(&format!("{form} input[data-field='name']")).await,
        "Ana Ruiz-Lopez",
        "saving someone else's availability leaves the person form's draft alone"
    );
    app.click("li.group-row:first-child button[data-action='save-rename']")
        .await;
    app.wait_for_text(
        "li.group-row:first-child [data-part='group-name']",
        "Billing desk",
    )
    .await;
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.wait_for_text(
        &format!("{} [data-part='name']", row(demo_ids::ANA_RUIZ)),
        "Ana Ruiz-Lopez",
    )
    .await;
    app.quit().await;

    let config = crate::harness::stored(&database).await;
    assert_eq!(
        config
            .person(demo_ids::ANA_RUIZ)
            .map(switchboard_core::Person::display_name)
            .as_deref(),
        Some("Ana Ruiz-Lopez"),
        "the person form saved what was typed"
    );
    assert!(
        config.groups.values().any(|g| g.name == "Billing desk"),
        "the rename saved what was typed"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_only_reader_of_the_fallback_inbox_is_not_made_unavailable_without_a_replacement() {
    let (_dir, database) = temp_database();
    // Ana Ruiz unavailable: Tom Lee alone reads Front Office, the demo's fallback inbox.
    let store = Store::open(&database).await.expect("creates the database");
    store
        .apply(
            &Change::SetPersonField {
                person: demo_ids::ANA_RUIZ,
                expected: PersonField::AvailableForPortal(true),
                value: PersonField::AvailableForPortal(false),
            },
            &Author("test-setup".into()),
        )
        .await
        .expect("Ana is available in the demo");
    store.close().await;

    let app = App::start("people_sole_reader", &database).await;
    app.open_screen("people").await;
    let form = open_form(&app, demo_ids::TOM_LEE, "edit-person").await;
    app.click(&format!("{form} input[data-field='available']"))
        .await;
    let warning = app.text(&format!("{form} [data-part='sole-reader']")).await;
    assert!(
        warning.contains("Tom Lee is the only one who reads the practice's fallback inbox"),
        "the form says whose inbox would go unread: {warning:?}"
    );
    let summary = app
        .text(&format!("{form} [data-part='replacement-summary']"))
        .await;
    assert!(
        summary.contains("cannot be saved"),
        "and that saving needs someone to take over: {summary:?}"
    );
    app.screenshot("sole_reader").await;
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.eventually(
        "saving without a replacement should be refused with a sentence naming the inbox",
        || async {
            let refusal = app.text(".notice-error").await;
            refusal.contains("fallback inbox would have nobody to read it")
                && refusal.contains("Front Office")
        },
    )
    .await;

    let form = open_form(&app, demo_ids::TOM_LEE, "edit-person").await;
    app.click(&format!("{form} input[data-field='available']"))
        .await;
    app.wait_for(&format!("{form} select[data-part='replacement']"))
        .await
        .select_by_value(&demo_ids::MARIA_GOMEZ.to_string())
        .await
        .expect("Maria Gomez takes over");
    app.click(&format!("{form} button[data-action='save-person']"))
        .await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    assert!(
        !config
            .person(demo_ids::TOM_LEE)
            .expect("Tom Lee")
            .available_for_portal,
        "with a replacement, Tom Lee is unavailable"
    );
    let front_office = config
        .group(demo_ids::FRONT_OFFICE)
        .expect("Front Office")
        .members
        .clone();
    assert!(
        front_office.contains(&demo_ids::MARIA_GOMEZ),
        "Maria Gomez reads Front Office now: {front_office:?}"
    );
    assert_eq!(
        store.history().await.expect("history").len(),
        2,
        "the setup and the handover with its edit: the refused save logged nothing"
    );
    store.close().await;
}
