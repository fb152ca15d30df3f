use super::edits::{add_recipient, move_recipient, remove_recipient, reset_to_inherited};
use super::*;
use crate::demo::ids::{BASHIR, CRUSHER, FRONT_OFFICE, JANE_SMITH, LAKEVIEW, MCCOY, SAM_CARTER};
use crate::model::Recipient;
use crate::{Change, apply, demo_practice};

fn key(topic: &str) -> TopicKey {
    TopicKey::new(topic)
}

/// One row as a screen renders it: its provider, its name and a cell per column.
struct GridRow {
    provider: Option<PersonId>,
    name: String,
    cells: Vec<GridCell>,
}

fn rows(config: &Config, view: GridView) -> Vec<GridRow> {
    let topics = columns(config, view);
    row_heads(config, view)
        .into_iter()
        .map(|(provider, name)| GridRow {
            provider,
            name,
            cells: topics
                .iter()
                .map(|topic| super::cell(config, view, provider, &topic.key))
                .collect(),
        })
        .collect()
}

fn cell<'a>(rows: &'a [GridRow], provider: Option<PersonId>, topic: &str) -> &'a GridCell {
    rows.iter()
        .find(|row| row.provider == provider)
        .and_then(|row| row.cells.iter().find(|cell| cell.topic == key(topic)))
        .expect("the row and topic are in the grid")
}

fn recipients(route: &Route) -> Vec<Recipient> {
    match route {
        Route::Recipients(list) => list.as_slice().to_vec(),
        Route::PatientChooses => Vec::new(),
    }
}

#[test]
fn the_practice_view_shows_own_rules_and_names_where_inherited_ones_come_from() {
    let config = demo_practice();
    let rows = rows(&config, GridView::Practice);
    assert_eq!(rows[0].provider, None, "the first row is everyone");
    assert_eq!(rows[0].name, "All patients (practice default)");
    assert!(
        rows.iter().skip(1).all(|row| row.provider.is_some()),
        "then one row per provider"
    );

    let default = cell(&rows, None, "appointments");
    assert_eq!(
        default.scope,
        Scope::Practice,
        "the first row edits the practice default"
    );
    assert_eq!(
        default.own.as_ref().map(recipients),
        Some(vec![Recipient::Group(FRONT_OFFICE)]),
        "the practice sends appointments to Front Office"
    );

    let crusher = cell(&rows, Some(CRUSHER), "appointments");
    assert_eq!(crusher.scope, Scope::Provider { provider: CRUSHER });
    assert_eq!(
        crusher.own.as_ref().map(recipients),
        Some(vec![Recipient::Person(JANE_SMITH)]),
        "Dr. Crusher's own table names her nurse"
    );
    assert_eq!(
        crusher.inherited, None,
        "a cell with its own rule inherits nothing"
    );

    let mccoy = cell(&rows, Some(MCCOY), "appointments");
    assert_eq!(mccoy.own, None, "Dr. McCoy has no rule of his own");
    assert_eq!(
        mccoy.inherited.as_ref().map(|(scope, _)| *scope),
        Some(Scope::Practice),
        "so he inherits the practice default"
    );
    assert_eq!(
        source_name(&config, Scope::Practice),
        "from the practice default"
    );
}

#[test]
fn a_location_view_edits_location_scopes_and_inherits_through_the_provider() {
    let config = demo_practice();
    let view = GridView::Location { location: LAKEVIEW };
    let rows = rows(&config, view);
    assert!(
        rows.iter().skip(1).all(|row| {
            row.provider
                .and_then(|id| config.person(id))
                .is_some_and(|person| person.locations.contains(&LAKEVIEW))
        }),
        "only providers who work at Lakeview have rows"
    );
    let bashir = cell(&rows, Some(BASHIR), "prescriptions");
    assert_eq!(
        bashir.own.as_ref().map(recipients),
        Some(vec![Recipient::Person(SAM_CARTER)]),
        "Dr. Bashir's refills at Lakeview go to Sam Carter"
    );
    let default = cell(&rows, None, "prescriptions");
    assert_eq!(default.scope, Scope::Location { location: LAKEVIEW });
    assert_eq!(
        default.inherited.as_ref().map(|(scope, _)| *scope),
        Some(Scope::Practice),
        "Lakeview has no prescriptions rule of its own"
    );
}

#[test]
fn cell_edits_add_remove_and_reset_and_undo_cleanly() {
    let original = demo_practice();
    let mut config = original.clone();
    let topic = key("appointments");
    let scope = Scope::Provider { provider: MCCOY };

    let add = add_recipient(&config, &topic, scope, Recipient::Person(JANE_SMITH))
        .expect("an inheriting cell gets a rule of its own");
    let undo_add = apply(&mut config, &add).expect("applies");
    assert_eq!(
        config.routes.get(&topic, scope).map(recipients),
        Some(vec![Recipient::Person(JANE_SMITH)]),
        "the new rule names just the added recipient, not the inherited ones"
    );
    assert!(
        add_recipient(&config, &topic, scope, Recipient::Person(JANE_SMITH)).is_none(),
        "adding someone already listed is no edit"
    );

    let remove = remove_recipient(&config, &topic, scope, Recipient::Person(JANE_SMITH))
        .expect("listed, so removable");
    apply(&mut config, &remove).expect("applies");
    assert_eq!(
        config.routes.get(&topic, scope),
        None,
        "taking out the last recipient lets the cell inherit again"
    );
    assert_eq!(config, original, "add then remove is back where we started");

    apply(&mut config, &add).expect("add again");
    let reset = reset_to_inherited(&config, &topic, scope).expect("it has a rule");
    apply(&mut config, &reset).expect("applies");
    assert_eq!(
        config, original,
        "reset to inherited removes the cell's own rule"
    );
    apply(&mut config, &add).expect("and again");
    apply(&mut config, &undo_add).expect("the first add's inverse still undoes it");
    assert_eq!(config, original, "undo restores the configuration");

    let practice = remove_recipient(
        &config,
        &topic,
        Scope::Practice,
        Recipient::Group(FRONT_OFFICE),
    )
    .expect("Front Office is the practice's appointments recipient");
    apply(&mut config, &practice).expect("applies");
    assert_eq!(
        config.routes.get(&topic, Scope::Practice),
        Some(&Route::PatientChooses),
        "the practice default never inherits: emptied, the patient chooses"
    );
    assert!(
        reset_to_inherited(&config, &topic, Scope::Practice).is_none(),
        "the practice default has nothing to inherit from"
    );
}

#[test]
fn moving_a_recipient_between_cells_is_one_batch_that_undoes_as_one() {
    let original = demo_practice();
    let mut config = original.clone();
    let topic = key("appointments");
    let crusher = Scope::Provider { provider: CRUSHER };
    let mccoy = Scope::Provider { provider: MCCOY };
    let jane = Recipient::Person(JANE_SMITH);

    let moved = move_recipient(&config, &topic, crusher, &topic, mccoy, jane)
        .expect("Jane Smith is in Dr. Crusher's appointments cell");
    assert!(
        matches!(&moved, Change::Batch { changes } if changes.len() == 2),
        "a move is one batch of a removal and an addition: {moved:?}"
    );
    let undo = apply(&mut config, &moved).expect("applies");
    assert_eq!(
        config.routes.get(&topic, crusher),
        None,
        "her only recipient gone, Dr. Crusher's cell inherits again"
    );
    assert_eq!(
        config.routes.get(&topic, mccoy).map(recipients),
        Some(vec![jane]),
        "Dr. McCoy's cell now names Jane Smith"
    );
    apply(&mut config, &undo).expect("the inverse applies");
    assert_eq!(config, original, "one undo reverts the whole move");

    assert!(
        move_recipient(&config, &topic, crusher, &topic, crusher, jane).is_none(),
        "moving onto the same cell is no edit"
    );
    assert!(
        move_recipient(&config, &topic, mccoy, &topic, crusher, jane).is_none(),
        "Dr. McCoy's cell does not list Jane Smith, so there is nothing to move"
    );

    let add = add_recipient(&config, &topic, mccoy, jane).expect("an inheriting cell takes her");
    apply(&mut config, &add).expect("applies");
    let already = move_recipient(&config, &topic, crusher, &topic, mccoy, jane)
        .expect("still listed at Dr. Crusher's");
    apply(&mut config, &already).expect("applies");
    assert_eq!(
        config.routes.get(&topic, mccoy).map(recipients),
        Some(vec![jane]),
        "moving onto a cell that already lists her only takes her out of the first"
    );
}

#[test]
fn badges_say_why_a_chip_may_not_receive() {
    use crate::model::Date;
    use crate::{Change, PersonField};
    let mut config = demo_practice();
    let day = Date::from_ymd(2026, 11, 25).expect("a day Jane Smith is away");
    assert_eq!(
        badge(&config, Recipient::Person(JANE_SMITH), day),
        Some("away until 3 Dec".into()),
        "the demo's Jane Smith is away then"
    );
    assert_eq!(
        badge(&config, Recipient::Group(FRONT_OFFICE), day),
        None,
        "a group with someone who can receive needs no badge"
    );
    apply(
        &mut config,
        &Change::SetPersonField {
            person: MCCOY,
            expected: PersonField::Active(true),
            value: PersonField::Active(false),
        },
    )
    .expect("applies");
    assert_eq!(
        badge(&config, Recipient::Person(MCCOY), day),
        Some("inactive".into()),
        "an inactive person is badged"
    );
}
