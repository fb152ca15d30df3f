//! Each cell's findings (`CellFindings`) are exactly the validator's findings about that
//! cell's rule and patients — checked against a plain scan of every finding — and a location
//! view's columns are the topics open there.

use switchboard_core::fixtures::{Size, practice, window_start};
use switchboard_core::grid::{CellFindings, GridView, row_heads};
use switchboard_core::{Config, Finding, PersonId, Place, TopicKey, validate};

/// A practice small enough to scan, with every kind of trouble the generator makes.
fn troubled() -> (Config, Vec<Finding>) {
    let config = practice(
        11,
        Size {
            providers: 40,
            staff: 12,
            groups: 4,
            locations: 3,
            topics: 8,
        },
    );
    let from = window_start();
    let findings = validate(&config, from, from.add_days(30));
    (config, findings)
}

/// The views of `config`: the practice and each location.
fn views(config: &Config) -> Vec<GridView> {
    std::iter::once(GridView::Practice)
        .chain(
            config
                .locations
                .keys()
                .map(|&location| GridView::Location { location }),
        )
        .collect()
}

/// Each finding about `topic`'s rule that affects `provider`'s patients (at the view's
/// location), by scanning them all — what a cell showed before it could look them up.
fn scanned(
    findings: &[Finding],
    view: GridView,
    provider: Option<PersonId>,
    topic: &TopicKey,
) -> Vec<String> {
    findings
        .iter()
        .filter(|finding| matches!(&finding.place, Place::Rule { topic: t, .. } if t == topic))
        .filter(|finding| {
            finding.cells.iter().any(|c| {
                c.provider == provider
                    && match view {
                        GridView::Practice => true,
                        GridView::Location { location } => c.location == location,
                    }
            })
        })
        .map(|finding| finding.in_cell.clone())
        .collect()
}

#[test]
fn cell_findings_are_the_scanned_findings_of_every_cell_in_every_view() {
    let (config, findings) = troubled();
    let mut noted = 0;
    for view in views(&config) {
        let found = CellFindings::of(view, &findings);
        for (provider, _) in row_heads(&config, view) {
            for topic in config.topics.iter().filter(|t| t.enabled) {
                let expected = scanned(&findings, view, provider, &topic.key);
                noted += expected.len();
                assert_eq!(
                    found.get(&topic.key, provider),
                    expected.as_slice(),
                    "a cell's findings are the findings about its rule and its patients, in the validator's order"
                );
            }
        }
    }
    assert!(
        noted > 0,
        "the generated practice has findings about cells, so the comparison says something"
    );
}

/// A cell's words for a finding say what is wrong and what to do, not whom else it affects:
/// the admin's message less its "Affects …" sentence, so that a cell joining or leaving a
/// finding leaves the other cells' words alone.
#[test]
fn a_cell_words_its_finding_without_naming_the_other_cells() {
    let (_, findings) = troubled();
    let mut with_cells = 0;
    for finding in &findings {
        assert!(
            !finding.in_cell.contains(" Affects "),
            "a cell's words name no cells: {:?}",
            finding.in_cell
        );
        if finding.cells.is_empty() {
            assert_eq!(finding.in_cell, finding.message, "nothing to leave out");
            continue;
        }
        with_cells += 1;
        // The message is the cell's words with one sentence put in: " Affects ….".
        let at = finding
            .message
            .find(" Affects ")
            .expect("the admin's message says whom it affects");
        let (head, tail) = finding.in_cell.split_at(at);
        let put_in = finding
            .message
            .strip_prefix(head)
            .and_then(|rest| rest.strip_suffix(tail));
        assert!(
            put_in.is_some_and(
                |sentence| sentence.starts_with(" Affects ") && sentence.ends_with('.')
            ),
            "the cell's words are the message less its \"Affects …\" sentence: {:?} / {:?}",
            finding.in_cell,
            finding.message
        );
    }
    assert!(with_cells > 0, "the practice has findings about cells");
}

/// A location view's columns are the topics patients at that location can pick, in the
/// location's words: a topic switched off there has no column there (it keeps its column in
/// the practice view and at other locations), and one switched on only there has one.
#[test]
fn a_location_view_has_a_column_for_each_topic_open_there_in_its_words() {
    use switchboard_core::grid::columns;
    use switchboard_core::{Change, Localized, TopicOverride, apply, demo_ids, demo_practice};
    let mut config = demo_practice();
    // One topic the practice has switched off, to be switched on at Downtown only.
    let off_everywhere = config.topics.last().expect("topics").key.clone();
    apply(
        &mut config,
        &Change::SetTopicEnabled {
            topic: off_everywhere.clone(),
            expected: true,
            value: false,
        },
    )
    .expect("the demo's last topic is on");
    fn keys_of(config: &Config, view: GridView) -> Vec<TopicKey> {
        columns(config, view)
            .into_iter()
            .map(|topic| topic.key)
            .collect()
    }
    let practice_keys: Vec<TopicKey> = config
        .topics
        .iter()
        .filter(|topic| topic.enabled)
        .map(|topic| topic.key.clone())
        .collect();
    assert_eq!(keys_of(&config, GridView::Practice), practice_keys);
    let downtown = GridView::Location {
        location: demo_ids::DOWNTOWN,
    };
    let northside = GridView::Location {
        location: demo_ids::NORTHSIDE,
    };
    assert_eq!(
        keys_of(&config, downtown),
        practice_keys,
        "no override: the practice's"
    );

    let off_here = practice_keys[1].clone();
    let mut set = |topic: &TopicKey, value: TopicOverride| {
        apply(
            &mut config,
            &Change::SetLocationTopic {
                location: demo_ids::DOWNTOWN,
                topic: topic.clone(),
                expected: TopicOverride::default(),
                value,
            },
        )
        .expect("applies");
    };
    set(
        &off_here,
        TopicOverride {
            enabled: Some(false),
            ..TopicOverride::default()
        },
    );
    set(
        &practice_keys[0],
        TopicOverride {
            label: Some(Localized::new("Visits", "Visitas")),
            ..TopicOverride::default()
        },
    );
    set(
        &off_everywhere,
        TopicOverride {
            enabled: Some(true),
            ..TopicOverride::default()
        },
    );

    let here = keys_of(&config, downtown);
    assert!(
        !here.contains(&off_here),
        "switched off at Downtown: {here:?}"
    );
    assert!(
        keys_of(&config, northside).contains(&off_here),
        "Northside keeps it"
    );
    assert!(
        keys_of(&config, GridView::Practice).contains(&off_here),
        "the practice keeps it"
    );
    assert!(
        here.contains(&off_everywhere),
        "switched on at Downtown only"
    );
    assert!(!keys_of(&config, northside).contains(&off_everywhere));
    assert!(!keys_of(&config, GridView::Practice).contains(&off_everywhere));
    assert_eq!(
        columns(&config, downtown)[0].label.en,
        "Visits",
        "in Downtown's words"
    );
    assert_ne!(columns(&config, northside)[0].label.en, "Visits");
}

/// What a screen keeps per cell to redraw only the cells an edit alters: the rules each cell
/// read (`grid::cell_reads`). After a routing edit (one whose `routed_topics` says it sets or
/// clears rules only), a cell that read none of the `(topic, scope)` rules the edit names
/// (`Change::touches`) shows what it showed — compared on the full render data
/// (`grid::cell`: own rule, inherited rule and its source) of every cell of every view — and,
/// for a single rule actually set or cleared, a cell that read it shows something else: the
/// cells skipped are exactly the cells whose content did not change.
#[test]
fn a_routing_edit_alters_exactly_the_cells_that_read_its_rules() {
    use std::cell::Cell as Count;

    use proptest::collection::vec;
    use proptest::prelude::*;
    use switchboard_core::grid::{cell, cell_reads, columns};
    use switchboard_core::{Change, Touched, apply};

    use crate::fixture;
    use crate::generate::{Pick, change};

    let edits = Count::new(0usize);
    let exact = Count::new(0usize);
    let skipped = Count::new(0usize);
    let result = crate::generate::runner(96).run(&vec(any::<u64>(), 1..30), |seeds| {
        let mut config = fixture::practice();
        for seed in seeds {
            let edit = change(&config, &mut Pick::new(seed));
            let before = config.clone();
            if apply(&mut config, &edit).is_err() || edit.routed_topics().is_none() {
                continue;
            }
            edits.set(edits.get() + 1);
            let named = edit.touches().routes;
            // A single rule that was really set or cleared: its cells must all change.
            let single = matches!(edit, Change::SetRoute { .. })
                && Touched::between(&before, &config).routes == named;
            for view in views(&before) {
                for (provider, _) in row_heads(&before, view) {
                    for topic in columns(&before, view) {
                        let topic = &topic.key;
                        let reads = cell_reads(&before, view, provider, topic);
                        let redrawn = reads
                            .iter()
                            .any(|scope| named.contains(&(topic.clone(), *scope)));
                        let changed = cell(&before, view, provider, topic)
                            != cell(&config, view, provider, topic);
                        if !redrawn {
                            skipped.set(skipped.get() + 1);
                            prop_assert!(
                                !changed,
                                "{:?} changed the cell of {:?} for {:?} in {:?}, which read only {:?}",
                                edit,
                                topic,
                                provider,
                                view,
                                reads
                            );
                        } else if single {
                            exact.set(exact.get() + 1);
                            prop_assert!(
                                changed,
                                "{:?} names a rule the cell of {:?} for {:?} in {:?} read ({:?}), yet it shows the same: redrawn for nothing",
                                edit,
                                topic,
                                provider,
                                view,
                                reads
                            );
                        }
                    }
                }
            }
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
    assert!(
        edits.get() >= 50 && exact.get() >= 50 && skipped.get() >= 1_000,
        "the generator makes routing edits often enough to test this ({} edits, {} redrawn cells checked, {} skipped)",
        edits.get(),
        exact.get(),
        skipped.get()
    );
}

/// What the grid keeps after a routing edit: the cells' findings brought up to date for the
/// topics the edit touched only (`CellFindings::update`) are the findings a fresh look-up of
/// the new findings gives, in every view, for generated routing edits (each checked from the
/// findings just before it, as the page does).
#[test]
fn after_a_routing_edit_updating_the_touched_topics_equals_a_fresh_look_up() {
    use std::cell::Cell as Count;
    use std::collections::BTreeSet;

    use proptest::collection::vec;
    use proptest::prelude::*;
    use switchboard_core::{apply, lists};

    use crate::generate::{Pick, change};

    let (start, _) = troubled();
    let from = window_start();
    let edits = Count::new(0usize);
    let changed_topics = Count::new(0usize);
    let result = crate::generate::runner(64).run(&vec(any::<u64>(), 1..16), |seeds| {
        let mut config = start.clone();
        let mut findings = lists::findings(&config, from);
        let mut kept: Vec<(GridView, CellFindings)> = views(&config)
            .into_iter()
            .map(|view| (view, CellFindings::of(view, &findings)))
            .collect();
        for seed in seeds {
            let edit = change(&config, &mut Pick::new(seed));
            if edit.routed_topics().is_none() || apply(&mut config, &edit).is_err() {
                continue;
            }
            edits.set(edits.get() + 1);
            let rules = edit.touches().routes;
            let topics: BTreeSet<TopicKey> = rules.iter().map(|(topic, _)| topic.clone()).collect();
            let after = lists::findings_after(&findings, &config, from, &rules);
            for (view, found) in &mut kept {
                let fresh = CellFindings::of(*view, &after);
                if *found != fresh {
                    changed_topics.set(changed_topics.get() + 1);
                }
                found.update(*view, &after, &topics);
                prop_assert_eq!(
                    &*found,
                    &fresh,
                    "{:?} in {:?}: the cells of the touched topics {:?} noted again",
                    &edit,
                    view,
                    &topics
                );
            }
            findings = after;
        }
        Ok(())
    });
    if let Err(err) = result {
        panic!("{err}");
    }
    assert!(
        edits.get() >= 50 && changed_topics.get() >= 20,
        "the generator makes routing edits that change cells' findings often enough to test this ({} edits, {} views whose findings changed)",
        edits.get(),
        changed_topics.get()
    );
}
