//! The grid a screen renders cell by cell (`row_heads` + `cell` + `CellFindings`) is the grid
//! `rows` builds whole, and each cell's findings are exactly the validator's findings about
//! that cell's rule and patients — checked against a plain scan of every finding.

use switchboard_core::fixtures::{Size, practice, window_start};
use switchboard_core::grid::{CellFindings, GridView, cell, row_heads, rows};
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
        .map(|finding| finding.message.clone())
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

#[test]
fn cells_built_one_by_one_are_the_rows_built_whole() {
    let (config, findings) = troubled();
    for view in views(&config) {
        let whole = rows(&config, view, &findings);
        let heads = row_heads(&config, view);
        assert_eq!(
            heads,
            whole
                .iter()
                .map(|row| (row.provider, row.name.clone()))
                .collect::<Vec<_>>(),
            "the row heads are the rows' providers and names, in the same order"
        );
        let found = CellFindings::of(view, &findings);
        for row in &whole {
            for built in &row.cells {
                assert_eq!(
                    &cell(&config, view, row.provider, &built.topic, &found),
                    built,
                    "a cell built on its own shows what the whole grid shows there"
                );
            }
        }
    }
}
