//! The Routing grid in the real app.

use switchboard_core::{Recipient, Route, Scope, TopicKey, demo_ids};
use switchboard_store::{Author, Store};

use crate::harness::{
    App, Key, stored, temp_database, with_five_hundred_providers, with_tom_lee_inactive,
};

/// The Appointments cell of Dr. McCoy's row in the practice view.
const MCCOY_APPOINTMENTS: &str =
    "div.grid-row[data-provider='{mccoy}'] div.grid-cell[data-topic='appointments']";

fn mccoy_cell() -> String {
    MCCOY_APPOINTMENTS.replace("{mccoy}", &demo_ids::MCCOY.to_string())
}

/// The Appointments cell of Dr. Crusher's row in the practice view (her nurse, Jane Smith).
fn crusher_cell() -> String {
    MCCOY_APPOINTMENTS.replace("{mccoy}", &demo_ids::CRUSHER.to_string())
}

/// The chip of `recipient` inside whatever `within` selects.
fn chip(within: &str, recipient: Recipient) -> String {
    let id = match recipient {
        Recipient::Person(id) => format!("person:{id}"),
        Recipient::Group(id) => format!("group:{id}"),
    };
    format!("{within} .chip[data-recipient='{id}']")
}

/// The recipients of the appointments rule at `scope` in the database, if it has one.
async fn appointments(store: &Store, scope: Scope) -> Option<Vec<Recipient>> {
    let config = store.load().await.expect("loads").config;
    config
        .routes
        .get(&TopicKey::new("appointments"), scope)
        .map(|route| match route {
            Route::Recipients(list) => list.as_slice().to_vec(),
            Route::PatientChooses => Vec::new(),
        })
}

/// Quits `app`, opens its database and checks the Appointments rule at each scope of
/// `expected`: its recipients (empty: the patient chooses), or `None` where the scope inherits,
/// with why it must be so. Answers the store, for what else the test checks.
async fn quit_then_expect_appointments(
    app: App,
    database: &std::path::Path,
    expected: &[(Scope, Option<Vec<Recipient>>, &str)],
) -> Store {
    app.quit().await;
    let store = Store::open(database)
        .await
        .expect("the database opens once the app has quit");
    for (scope, recipients, why) in expected {
        assert_eq!(&appointments(&store, *scope).await, recipients, "{why}");
    }
    store
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn add_a_recipient_with_the_search_box_and_remove_it_with_the_keyboard() {
    let (_dir, database) = temp_database();
    let app = App::start("routing_add_remove", &database).await;
    app.open_screen("routing").await;
    let cell = mccoy_cell();

    let inherited = app.text(&format!("{cell} [data-part='inherited']")).await;
    assert_eq!(
        inherited, "Front Office",
        "Dr. McCoy inherits the practice default"
    );
    assert!(
        app.text(&cell).await.contains("from the practice default"),
        "the cell names where its value comes from"
    );

    app.click(&cell).await;
    app.type_into(&format!("{cell} input[data-part='add-search']"), "Jane")
        .await;
    app.press(crate::harness::Key::Enter.into()).await;
    app.wait_for(&format!("{cell} .chip")).await;
    assert!(
        app.text(&format!("{cell} .chip .chip-name"))
            .await
            .starts_with("Jane Smith"),
        "the cell now names Jane Smith"
    );
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Added Jane Smith") && announced.contains("Appointments"),
        "the live region announced the addition: {announced:?}"
    );
    app.screenshot("added").await;

    // The cell keeps the keyboard focus; Delete takes the chip out again.
    app.press(crate::harness::Key::Delete.into()).await;
    app.wait_for(&format!("{cell} [data-part='inherited']"))
        .await;
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Removed Jane Smith"),
        "the live region announced the removal: {announced:?}"
    );
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    let store = quit_then_expect_appointments(
        app,
        &database,
        &[(
            Scope::Provider {
                provider: demo_ids::MCCOY,
            },
            None,
            "added then removed: Dr. McCoy inherits again, in the database",
        )],
    )
    .await;
    assert_eq!(
        store.history().await.expect("history").len(),
        2,
        "two edits logged"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn holding_a_drag_at_the_grid_edge_scrolls_to_rows_below() {
    let (_dir, database) = temp_database();
    with_five_hundred_providers(&database).await;
    let app = App::start("routing_edge_scroll", &database).await;
    app.open_screen("routing").await;
    app.wait_for(".grid-body .grid-row[data-row]").await;
    let first_screen = app.count(".grid-body .grid-row[data-row]").await;
    let (_, _, _, height) = app
        .wait_for(".grid-body")
        .await
        .rectangle()
        .await
        .expect("the grid's size");
    let chip = app.wait_for(".palette .chip.chip-group").await;
    let group = chip
        .attr("data-recipient")
        .await
        .expect("read data-recipient")
        .expect("a palette chip names its recipient");
    let from = format!(".palette .chip[data-recipient='{group}']");

    // Held just inside the grid's bottom edge, the drag scrolls the grid down.
    app.drag_and_hold_at(&from, ".grid-body", (0.0, height / 2.0 - 12.0))
        .await;
    let scrolled = || async {
        app.run_async(
            "arguments[0](document.querySelector('.grid-body').scrollTop);",
            Vec::new(),
        )
        .await
        .as_f64()
        .unwrap_or_default()
    };
    app.eventually(
        "the grid scrolls while a drag waits at its bottom edge",
        || async { scrolled().await > 1500.0 },
    )
    .await;
    // Back up into the middle of the grid: the scrolling stops, and the cell under the pointer
    // is the one lit.
    app.move_held_by(0.0, -(height / 2.0 - 12.0)).await;
    let stopped = scrolled().await;
    app.eventually(
        "the grid stops scrolling once the drag leaves the edge",
        || async {
            let now = scrolled().await;
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
            scrolled().await == now
        },
    )
    .await;
    assert!(stopped > 1500.0, "still scrolled down: {stopped}");
    app.wait_for(".grid-cell.drop-target").await;
    let at = app.attribute(".grid-cell.drop-target", "data-at").await;
    let topic = app.attribute(".grid-cell.drop-target", "data-topic").await;
    let row: usize = at
        .split(':')
        .next()
        .and_then(|row| row.parse().ok())
        .expect("data-at is row:column");
    assert!(
        row > first_screen,
        "the lit cell is in a row that was not on the first screen ({row} > {first_screen})"
    );
    let provider = app
        .attribute(&format!(".grid-row[data-row='{row}']"), "data-provider")
        .await;
    app.release().await;
    app.wait_for(&format!(
        ".grid-cell[data-at='{at}'] .chip[data-recipient='{group}']"
    ))
    .await;
    // The generated practice's import, then the drop.
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.quit().await;

    let config = stored(&database).await;
    let scope = Scope::Provider {
        provider: provider.parse().expect("a provider id"),
    };
    let group: switchboard_core::GroupId = group
        .trim_start_matches("group:")
        .parse()
        .expect("a group id");
    assert!(
        matches!(
            config.routes.get(&TopicKey::new(&topic), scope),
            Some(Route::Recipients(list)) if list.as_slice().contains(&Recipient::Group(group))
        ),
        "the store has the group in that provider's rule for {topic}"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn five_hundred_providers_render_only_the_visible_rows() {
    let (_dir, database) = temp_database();
    let large = with_five_hundred_providers(&database).await;
    let last_provider = large
        .people
        .values()
        .filter(|person| person.is_provider())
        .map(|person| person.display_name())
        .max()
        .expect("providers");

    let app = App::start("routing_500", &database).await;
    app.open_screen("routing").await;
    app.wait_for(".grid-body .grid-row[data-row]").await;
    let rendered = app.count(".grid-body .grid-row:not(.grid-header)").await;
    assert!(
        rendered < 60,
        "only the rows in view (plus a few) are in the DOM, not 501: {rendered}"
    );
    assert_eq!(
        app.count(".grid-header .grid-head").await,
        11,
        "one column per enabled topic plus the names"
    );
    app.scroll_to_bottom(".grid-body").await;
    app.wait_for_text_content(
        ".grid-body .grid-row:nth-last-child(2) .grid-name",
        &last_provider,
    )
    .await;
    assert!(
        app.count(".grid-body .grid-row:not(.grid-header)").await < 60,
        "scrolled to the end, still only the visible rows"
    );
    app.screenshot("scrolled-to-end").await;

    // The palette shows the first 80 people and groups, says how many more, and narrows as a
    // name is typed.
    let in_palette = large.groups.len() + large.people.values().filter(|p| p.active).count();
    assert_eq!(app.count(".palette .palette-chip").await, 80);
    assert_eq!(
        app.text("[data-part='palette-more']").await,
        format!("{} more — type a name to narrow the list.", in_palette - 80)
    );
    let needle = last_provider.to_lowercase();
    let matching = large
        .people
        .values()
        .filter(|p| p.active && p.display_name().to_lowercase().contains(&needle))
        .count();
    app.fill("[data-part='palette-search']", &last_provider)
        .await;
    app.wait_for_text(
        ".palette .palette-chip:first-child .chip-name",
        &last_provider,
    )
    .await;
    assert_eq!(app.count(".palette .palette-chip").await, matching);
    assert_eq!(
        app.count("[data-part='palette-more']").await,
        0,
        "all the matches are shown"
    );
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_drop_the_store_refuses_is_rolled_back_and_the_refusal_shown() {
    let (_dir, database) = temp_database();
    let app = App::start("routing_refused", &database).await;
    app.open_screen("routing").await;
    let mccoy = mccoy_cell();
    let front_office = Recipient::Group(demo_ids::FRONT_OFFICE);
    app.wait_for(&format!("{mccoy} [data-part='inherited']"))
        .await;

    // Someone else (another process on the same database) gives Dr. McCoy's Appointments a
    // rule of its own; the app has not seen it.
    let other = Store::open(&database).await.expect("opens beside the app");
    let scope = Scope::Provider {
        provider: demo_ids::MCCOY,
    };
    let config = other.load().await.expect("loads").config;
    let theirs = switchboard_core::grid::edits::patient_chooses(
        &config,
        &TopicKey::new("appointments"),
        scope,
    )
    .expect("McCoy's Appointments inherits, so choosing is a change");
    other
        .apply(&theirs, &Author("someone else".into()))
        .await
        .expect("applies");
    other.close().await;

    // The drop shows at once (applied in the page), but the store refuses it: the page rolls
    // back to the store's state and says why.
    app.drag(&chip(".palette", front_office), &mccoy).await;
    app.wait_for(".notice-error").await;
    app.wait_for_text(&format!("{mccoy} .chooses"), "Patient chooses")
        .await;
    assert_eq!(
        app.count(&chip(&mccoy, front_office)).await,
        0,
        "the refused addition is not left on screen"
    );
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    app.screenshot("refused").await;
    quit_then_expect_appointments(
        app,
        &database,
        &[(
            scope,
            Some(Vec::new()),
            "the store keeps the other writer's rule (the patient chooses), not the refused drop",
        )],
    )
    .await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn drag_a_group_from_the_palette_into_a_cell_then_move_a_chip_between_cells() {
    let (_dir, database) = temp_database();
    let app = App::start("routing_drag", &database).await;
    app.open_screen("routing").await;
    let mccoy = mccoy_cell();
    let crusher = crusher_cell();
    let front_office = Recipient::Group(demo_ids::FRONT_OFFICE);
    let jane = Recipient::Person(demo_ids::JANE_SMITH);

    // Palette → cell: add.
    app.drag_and_hold(&chip(".palette", front_office), &mccoy)
        .await;
    app.wait_for("[data-part='drag-ghost']:not(.idle)").await;
    assert_eq!(
        app.text("[data-part='drag-ghost']").await,
        "Front Office",
        "a ghost of the chip follows the pointer"
    );
    assert_eq!(
        app.count(&format!("{mccoy}.drop-target")).await,
        1,
        "the cell under the pointer is highlighted as the drop target"
    );
    app.screenshot("dragging").await;
    app.release().await;
    app.wait_for(&chip(&mccoy, front_office)).await;
    assert_eq!(
        app.text("[data-part='drag-ghost']").await,
        "",
        "the ghost goes away on drop (hidden: WebDriver reads no visible text)"
    );
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Added Front Office to Appointments for"),
        "the live region announced the addition: {announced:?}"
    );

    // Cell → cell: move.
    app.drag(&chip(&crusher, jane), &mccoy).await;
    app.wait_for(&chip(&mccoy, jane)).await;
    assert_eq!(
        app.count(&chip(&crusher, jane)).await,
        0,
        "moved, not copied: Jane Smith left Dr. Crusher's cell"
    );
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Moved Jane Smith")
            && announced.contains(" from Appointments for ")
            && announced.contains(" to Appointments for "),
        "the live region announced the move: {announced:?}"
    );
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.screenshot("moved").await;
    let store = quit_then_expect_appointments(
        app,
        &database,
        &[
            (
                Scope::Provider {
                    provider: demo_ids::MCCOY,
                },
                Some(vec![front_office, jane]),
                "Dr. McCoy's own rule: the dropped group, then the moved nurse, in the database",
            ),
            (
                Scope::Provider {
                    provider: demo_ids::CRUSHER,
                },
                None,
                "Jane Smith left Dr. Crusher's rule; with nobody left it inherits again",
            ),
        ],
    )
    .await;
    assert_eq!(
        store.history().await.expect("history").len(),
        2,
        "the add and the move are two logged edits: the move is one undoable step"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn pick_a_chip_up_with_space_move_it_with_arrows_and_drop_it_with_space() {
    let (_dir, database) = temp_database();
    let app = App::start("routing_keyboard_move", &database).await;
    app.open_screen("routing").await;
    let mccoy = mccoy_cell();
    let crusher = crusher_cell();
    let jane = Recipient::Person(demo_ids::JANE_SMITH);
    let row_of = |provider: String| format!("div.grid-row[data-provider='{provider}']");
    let from: usize = app
        .attribute(&row_of(demo_ids::CRUSHER.to_string()), "data-row")
        .await
        .parse()
        .expect("a row index");
    let to: usize = app
        .attribute(&row_of(demo_ids::MCCOY.to_string()), "data-row")
        .await
        .parse()
        .expect("a row index");

    // Focus Dr. Crusher's cell (clicking opens its add box; Escape closes it), then Tab to
    // the chip in it.
    app.click(&crusher).await;
    app.press(Key::Escape.into()).await;
    app.press(Key::Tab.into()).await;
    app.press(Key::Space.into()).await;
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Picked up Jane Smith")
            && announced.contains(" from Appointments for "),
        "the live region announced the pick-up: {announced:?}"
    );
    assert_eq!(
        app.count(&format!("{}.chip-lifted", chip(&crusher, jane)))
            .await,
        1,
        "the picked-up chip is marked"
    );

    let arrow = if to > from { Key::Down } else { Key::Up };
    for _ in 0..from.abs_diff(to) {
        app.press(arrow.into()).await;
    }
    assert_eq!(
        app.count(&format!("{mccoy}.drop-target")).await,
        1,
        "the arrows moved the highlighted target to Dr. McCoy's cell"
    );
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Over Appointments for"),
        "each target is announced: {announced:?}"
    );
    app.screenshot("carrying").await;

    app.press(Key::Space.into()).await;
    app.wait_for(&chip(&mccoy, jane)).await;
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Moved Jane Smith")
            && announced.contains(" from Appointments for ")
            && announced.contains(" to Appointments for "),
        "the live region announced the drop: {announced:?}"
    );
    assert_eq!(
        app.count(&chip(&crusher, jane)).await,
        0,
        "moved, not copied: Dr. Crusher's cell no longer lists her"
    );
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    quit_then_expect_appointments(
        app,
        &database,
        &[(
            Scope::Provider {
                provider: demo_ids::MCCOY,
            },
            Some(vec![jane]),
            "the keyboard move reached the database",
        )],
    )
    .await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn alt_drop_copies_a_drag_within_a_cell_reorders_and_a_drag_out_removes() {
    let (_dir, database) = temp_database();
    let app = App::start("routing_drag_more", &database).await;
    app.open_screen("routing").await;
    let mccoy = mccoy_cell();
    let crusher = crusher_cell();
    let front_office = Recipient::Group(demo_ids::FRONT_OFFICE);
    let jane = Recipient::Person(demo_ids::JANE_SMITH);

    // Alt held on the drop: copy.
    app.drag_and_hold(&chip(&crusher, jane), &mccoy).await;
    app.release_with(Key::Alt).await;
    app.wait_for(&chip(&mccoy, jane)).await;
    assert_eq!(
        app.count(&chip(&crusher, jane)).await,
        1,
        "copied, not moved: Dr. Crusher's cell still lists Jane Smith"
    );
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Copied Jane Smith"),
        "the live region announced the copy: {announced:?}"
    );

    // Within a cell: reorder. Add Front Office after Jane Smith, then drop it onto her chip.
    app.drag(&chip(".palette", front_office), &mccoy).await;
    app.wait_for(&chip(&mccoy, front_office)).await;
    app.drag(&chip(&mccoy, front_office), &chip(&mccoy, jane))
        .await;
    app.wait_for(&format!(
        "{} + .chip[data-index='1']",
        chip(&mccoy, front_office)
    ))
    .await;
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Moved Front Office to place 1 in Appointments for"),
        "the live region announced the reorder: {announced:?}"
    );

    // Out of the grid: remove.
    app.drag(&chip(&crusher, jane), "section[data-screen='routing'] h1")
        .await;
    app.wait_for(&format!("{crusher} [data-part='inherited']"))
        .await;
    let announced = app.text_content("[data-part='announce']").await;
    assert!(
        announced.starts_with("Removed Jane Smith"),
        "the live region announced the removal: {announced:?}"
    );
    app.wait_for_saved("Saved · 4 changes not yet synced").await;
    quit_then_expect_appointments(
        app,
        &database,
        &[
            (
                Scope::Provider {
                    provider: demo_ids::MCCOY,
                },
                Some(vec![front_office, jane]),
                "Dr. McCoy's rule holds the copy and the added group, reordered",
            ),
            (
                Scope::Provider {
                    provider: demo_ids::CRUSHER,
                },
                None,
                "dragged out of the grid, Jane Smith left Dr. Crusher's rule",
            ),
        ],
    )
    .await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn routing_for_all_providers_leaves_blank_topics_alone_and_undoes_in_one_step() {
    use switchboard_core::{Recipient, Route, demo_practice};

    let (_dir, database) = temp_database();
    let app = App::start("routing_all_providers", &database).await;
    app.open_screen("routing").await;
    app.click("button[data-action='open-all-providers']").await;
    let appointments = "section[data-part='all-providers'] .bulk-row[data-topic='appointments']";
    app.wait_for(&format!("{appointments} select[data-part='pick']"))
        .await
        .select_by_value(&format!("person:{}", demo_ids::JANE_SMITH))
        .await
        .expect("pick Jane Smith for Appointments");
    app.wait_for_text(
        "section[data-part='all-providers'] [data-part='summary']",
        "This changes 3 cells for 3 providers.",
    )
    .await;
    app.screenshot("bulk-panel").await;
    app.click("button[data-action='apply-bulk']").await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let after = store.load().await.expect("loads").config;
    let demo = demo_practice();
    for topic in [
        "referrals",
        "prescriptions",
        "test_results",
        "general",
        "health_question",
    ] {
        let topic = TopicKey::new(topic);
        assert_eq!(
            after.routes.of_topic(&topic).collect::<Vec<_>>(),
            demo.routes.of_topic(&topic).collect::<Vec<_>>(),
            "{topic} was left blank, so its rules are unchanged"
        );
    }
    let mccoy = after.routes.get(
        &TopicKey::new("appointments"),
        Scope::Provider {
            provider: demo_ids::MCCOY,
        },
    );
    assert!(
        matches!(mccoy, Some(Route::Recipients(list))
            if list.as_slice() == [Recipient::Group(demo_ids::FRONT_OFFICE), Recipient::Person(demo_ids::JANE_SMITH)]),
        "Dr. McCoy now has Front Office (what he had) and Jane Smith: {mccoy:?}"
    );
    store.close().await;

    // Undo survives a restart and takes back the whole bulk edit in one step.
    let app = App::start("routing_all_providers_undo", &database).await;
    app.click("button[data-action='undo']").await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    app.quit().await;
    let store = Store::open(&database).await.expect("opens");
    assert_eq!(
        store.load().await.expect("loads").config,
        demo,
        "one undo reverted every provider's table"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn replace_someone_everywhere_shows_the_places_then_applies_in_one_step() {
    use switchboard_core::{Target, uses_of};

    let (_dir, database) = temp_database();
    let app = App::start("routing_replace", &database).await;
    app.open_screen("routing").await;
    app.click("button[data-action='open-replace']").await;
    let panel = "section[data-part='replace']";
    app.wait_for(&format!("{panel} select[data-part='old']"))
        .await
        .select_by_value(&demo_ids::TOM_LEE.to_string())
        .await
        .expect("choose Tom Lee");
    let places = app.texts(&format!("{panel} [data-part='places'] li")).await;
    assert!(
        places.len() >= 2,
        "the panel lists where Tom Lee is named before anything changes: {places:#?}"
    );
    app.wait_for(&format!("{panel} select[data-part='new']"))
        .await
        .select_by_value(&demo_ids::MARIA_GOMEZ.to_string())
        .await
        .expect("choose Maria Gomez");
    app.click("button[data-action='apply-replace']").await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    let left: Vec<String> = uses_of(&config, Target::Person(demo_ids::TOM_LEE))
        .iter()
        .map(|place| place.describe(&config))
        .collect();
    assert!(left.is_empty(), "nothing names Tom Lee any more: {left:#?}");
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "one undoable step"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_cell_whose_only_recipient_is_inactive_shows_its_finding_and_a_badge() {
    let (_dir, database) = temp_database();
    with_tom_lee_inactive(&database).await;

    let app = App::start("routing_inactive_finding", &database).await;
    app.open_screen("routing").await;
    app.wait_for("select[data-control='view']")
        .await
        .select_by_value(&demo_ids::LAKEVIEW.to_string())
        .await
        .expect("show Lakeview");
    let cell = "div.grid-row.grid-default div.grid-cell[data-topic='appointments']";
    app.wait_for(&format!("{cell}.cell-finding")).await;
    let finding = app
        .attribute(&format!("{cell} [data-part='cell-finding']"), "aria-label")
        .await;
    assert!(
        finding.contains("fallback inbox"),
        "Lakeview's appointments reach nobody, and the cell says so: {finding:?}"
    );
    assert_eq!(
        app.text(&format!("{cell} [data-part='badge']")).await,
        "inactive",
        "Tom Lee's chip is badged"
    );
    // Every rendered cell keeps its mark (see cell.rs); only a cell with a finding shows it,
    // and only that one names it to assistive technology.
    let marks = app
        .run(
            "return [...document.querySelectorAll('.grid-body .grid-cell')].map((cell) => {                const mark = cell.querySelector('.cell-finding-mark');                return [cell.classList.contains('cell-finding'),                        getComputedStyle(mark).visibility === 'visible',                        mark.getAttribute('role') === 'img' && !!mark.getAttribute('aria-label')                          && mark.getAttribute('aria-hidden') !== 'true']; });",
            Vec::new(),
        )
        .await;
    let marks: Vec<(bool, bool, bool)> =
        serde_json::from_value(marks).expect("each cell: finding, mark shown, mark named");
    assert!(
        marks.iter().any(|m| m.0) && marks.iter().any(|m| !m.0),
        "some cells have findings and some do not: {marks:?}"
    );
    for (finding, shown, named) in &marks {
        assert_eq!(
            (finding, finding),
            (shown, named),
            "a cell's mark is shown and named exactly when the cell has a finding"
        );
    }
    app.screenshot("lakeview").await;
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn copy_routing_to_a_new_provider_and_see_what_someone_receives() {
    let (_dir, database) = temp_database();
    let app = App::start("routing_copy_receives", &database).await;
    app.open_screen("routing").await;

    app.click("button[data-action='open-copy']").await;
    let panel = "section[data-part='copy']";
    app.wait_for(&format!("{panel} select[data-part='from']"))
        .await
        .select_by_value(&demo_ids::CRUSHER.to_string())
        .await
        .expect("copy from Dr. Crusher");
    app.wait_for(&format!("{panel} select[data-part='to']"))
        .await
        .select_by_value(&demo_ids::MCCOY.to_string())
        .await
        .expect("to Dr. McCoy");
    assert_eq!(
        app.text(&format!("{panel} [data-part='summary']")).await,
        "This changes 2 cells.",
        "Dr. Crusher has two rules of her own (appointments, test results)"
    );
    app.click("button[data-action='apply-copy']").await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;

    app.click("button[data-action='open-receives']").await;
    app.wait_for("section[data-part='receives'] select[data-part='who']")
        .await
        .select_by_value(&demo_ids::ANA_RUIZ.to_string())
        .await
        .expect("choose Ana Ruiz");
    let rows = app.texts("section[data-part='receives'] tbody tr").await;
    assert!(
        rows.iter().any(|row| row.contains("through Front Office")),
        "Ana Ruiz is in Front Office, which receives the practice's appointments: {rows:#?}"
    );
    app.screenshot("receives").await;
    app.quit().await;

    let store = Store::open(&database).await.expect("opens");
    let config = store.load().await.expect("loads").config;
    for topic in &config.topics {
        assert_eq!(
            config.routes.get(
                &topic.key,
                Scope::Provider {
                    provider: demo_ids::MCCOY
                }
            ),
            config.routes.get(
                &topic.key,
                Scope::Provider {
                    provider: demo_ids::CRUSHER
                }
            ),
            "{}: Dr. McCoy's own rule is a copy of Dr. Crusher's",
            topic.key
        );
    }
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn the_bulk_panel_lists_a_rule_that_still_wins_and_includes_it_on_request() {
    use switchboard_core::RecipientList;

    let (_dir, database) = temp_database();
    let app = App::start("routing_outranked", &database).await;
    app.open_screen("routing").await;
    app.click("button[data-action='open-all-providers']").await;
    let panel = "section[data-part='all-providers']";
    let prescriptions = format!("{panel} .bulk-row[data-topic='prescriptions']");
    app.wait_for(&format!("{prescriptions} select[data-part='mode']"))
        .await
        .select_by_value("set")
        .await
        .expect("Set to, for Prescriptions");
    app.wait_for(&format!("{prescriptions} select[data-part='pick']"))
        .await
        .select_by_value(&format!("person:{}", demo_ids::JANE_SMITH))
        .await
        .expect("pick Jane Smith for Prescriptions");
    let summary = format!("{panel} [data-part='summary']");
    app.wait_for_text(&summary, "This changes 4 cells for 4 providers.")
        .await;
    let outranked = format!("{panel} section[data-part='outranked']");
    assert_eq!(
        app.text(&format!("{outranked} h3#outranked-heading")).await,
        "Rules that will still win for some patients",
        "the list has a heading that labels it"
    );
    assert_eq!(
        app.attribute(&format!("{outranked} ul"), "aria-labelledby")
            .await,
        "outranked-heading",
        "the heading names the list for a screen reader"
    );
    let rules = app.texts(&format!("{outranked} li")).await;
    assert_eq!(
        rules.len(),
        1,
        "the demo has one rule more specific than a provider's own: {rules:#?}"
    );
    assert!(
        rules[0].starts_with(
            "Prescriptions & Refills: Julian Bashir, MD's patients at Lakeview reach Sam Carter"
        ) && rules[0].contains("If included, they reach Jane Smith"),
        "Dr. Bashir's Lakeview rule keeps his refills there with Sam Carter, and says what \
         including it does: {:?}",
        rules[0]
    );
    app.click(&format!("{outranked} input[data-part='include-outranked']"))
        .await;
    app.wait_for_text(&summary, "This changes 5 cells for 4 providers.")
        .await;
    app.screenshot("bulk-outranked").await;
    app.click("button[data-action='apply-bulk']").await;
    app.wait_for_saved("Saved · 1 change not yet synced").await;
    app.quit().await;

    let config = stored(&database).await;
    let jane =
        RecipientList::new(vec![Recipient::Person(demo_ids::JANE_SMITH)]).map(Route::Recipients);
    let topic = TopicKey::new("prescriptions");
    assert_eq!(
        config
            .routes
            .get(
                &topic,
                Scope::LocationProvider {
                    location: demo_ids::LAKEVIEW,
                    provider: demo_ids::BASHIR,
                },
            )
            .cloned(),
        jane,
        "included, Dr. Bashir's Lakeview rule now names Jane Smith too"
    );
    assert_eq!(
        config
            .routes
            .get(
                &topic,
                Scope::Provider {
                    provider: demo_ids::BASHIR,
                },
            )
            .cloned(),
        jane,
        "and his own rule names her, as every provider's does"
    );
    let store = Store::open(&database).await.expect("opens");
    assert_eq!(
        store.history().await.expect("history").len(),
        1,
        "the provider rules and the included one are one undoable step"
    );
    store.close().await;
}

/// The findings a routing edit leaves, as the Overview lists them.
async fn overview_findings(app: &App) -> Vec<String> {
    app.open_screen("overview").await;
    app.wait_for("li.finding").await;
    let mut messages = app.texts(".finding .finding-message").await;
    messages.sort();
    messages
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_drop_brings_the_findings_up_to_date_at_once_as_a_fresh_check_finds_them() {
    let (_dir, database) = temp_database();
    with_tom_lee_inactive(&database).await;
    let lost =
        |text: &String| text.contains("patients at Lakeview") && text.contains("fallback inbox");

    let app = App::start("routing_drop_findings", &database).await;
    // `?bench` turns on the page's timing marks: they tell who worked the findings out.
    app.reload_with_query("bench").await;
    let before = overview_findings(&app).await;
    assert!(
        before.iter().any(lost),
        "Tom Lee alone receives Lakeview's appointments: {before:#?}"
    );

    app.open_screen("routing").await;
    app.wait_for("select[data-control='view']")
        .await
        .select_by_value(&demo_ids::LAKEVIEW.to_string())
        .await
        .expect("show Lakeview");
    let cell = "div.grid-row.grid-default div.grid-cell[data-topic='appointments']";
    app.wait_for(&format!("{cell}.cell-finding")).await;
    let front_office = Recipient::Group(demo_ids::FRONT_OFFICE);
    app.drag(&chip(".palette", front_office), cell).await;
    app.wait_for(&chip(cell, front_office)).await;
    // Tom Lee is still there, inactive; what goes is "reaches nobody".
    app.eventually(
        "the cell no longer says that its messages land in the fallback inbox",
        || async {
            !app.attribute(&format!("{cell} [data-part='cell-finding']"), "aria-label")
                .await
                .contains("fallback inbox")
        },
    )
    .await;
    app.wait_for_saved("Saved · 2 changes not yet synced").await;
    // The page brought them up to date with the drop, before the store's answer came (the
    // shell was not asked).
    let order = app
        .run_async(
            "const done = arguments[0]; const marks = window.__switchboardMarks; \
             const acknowledged = marks.findLastIndex(m => m.name === 'acknowledged'); \
             const revision = acknowledged < 0 ? null : marks[acknowledged].revision; \
             done([marks.findIndex(m => m.name === 'findings' && m.revision === revision), acknowledged]);",
            Vec::new(),
        )
        .await;
    let (findings, acknowledged) = (order[0].as_i64(), order[1].as_i64());
    assert!(
        matches!((findings, acknowledged), (Some(f), Some(a)) if f >= 0 && a > f),
        "the findings for the drop's revision came with it, before the store acknowledged it (mark indices {order})"
    );
    let after = overview_findings(&app).await;
    assert!(
        !after.iter().any(lost),
        "Front Office now receives Lakeview's appointments too: {after:#?}"
    );
    assert_ne!(after, before, "the findings followed the drop");
    app.quit().await;

    // A fresh app checks the stored practice from scratch: the same findings.
    let app = App::start("routing_drop_findings_fresh", &database).await;
    assert_eq!(
        overview_findings(&app).await,
        after,
        "the findings brought up to date in the page equal a fresh check's"
    );
    app.quit().await;
}
