//! The grid cells' findings: looked up once per change of the findings (`CellFindings`), and,
//! after a routing edit the page checked itself, brought up to date for the topics it touched
//! only — so a drop makes the cells of one column look at their findings again, not every
//! rendered cell.

use std::collections::BTreeSet;
use std::sync::Arc;

use leptos::prelude::*;
use switchboard_core::grid::{CellFindings, GridView};
use switchboard_core::{Finding, PersonId, TopicKey};

use crate::counters::Counters;
use crate::marks;
use crate::workspace::Workspace;

/// Each cell's findings in the grid's view, with a counter per topic that grows when that
/// topic's cells may show other findings (provided to the cells).
#[derive(Clone, Copy)]
pub(super) struct GridFindings {
    found: StoredValue<CellFindings>,
    /// The view and the findings `found` was looked up from.
    built: StoredValue<Option<(GridView, Arc<Vec<Finding>>)>>,
    /// One counter per topic, made when a cell of it first asks.
    versions: Counters<TopicKey>,
}

impl GridFindings {
    /// Follows the workspace's findings in `view`: looked up at once, then again whenever the
    /// findings or the view change — for the topics a routing edit touched when the findings
    /// came from the ones looked up before ([`crate::workspace::FindingsStep`]), otherwise for
    /// all.
    pub(super) fn follow(workspace: Workspace, view: RwSignal<GridView>) -> Self {
        let findings = Self {
            found: StoredValue::new(CellFindings::default()),
            built: StoredValue::new(None),
            versions: Counters::new(),
        };
        findings.look_up(
            view.get_untracked(),
            workspace.findings.get_untracked(),
            None,
        );
        Effect::new(move |_| {
            let shown = workspace.findings.get();
            let view = view.get();
            // The findings looked up last, against those shown now: the same (nothing to do),
            // the ones a routing edit's step came from (look its topics up again: `Some`), or
            // any other (look everything up again: `None`).
            let again: Option<Option<BTreeSet<TopicKey>>> =
                findings.built.with_value(|built| match (built, &shown) {
                    (None, None) => None,
                    (Some((built_view, from)), Some(shown)) if *built_view == view => {
                        (!Arc::ptr_eq(from, shown)).then(|| {
                            workspace
                                .findings_step()
                                .filter(|step| step.follows(from))
                                .map(|step| step.topics)
                        })
                    }
                    _ => Some(None),
                });
            let Some(topics) = again else {
                return;
            };
            findings.look_up(view, shown, topics);
            marks::mark("cell-findings", None);
        });
        findings
    }

    /// Looks the cells' findings up in `shown` for `view`: only for `topics` when given (the
    /// others are as in the findings looked up before), and grows those topics' counters.
    fn look_up(
        &self,
        view: GridView,
        shown: Option<Arc<Vec<Finding>>>,
        topics: Option<BTreeSet<TopicKey>>,
    ) {
        match (&shown, &topics) {
            (Some(shown), Some(topics)) => self
                .found
                .update_value(|found| found.update(view, shown, topics)),
            (Some(shown), None) => self.found.set_value(CellFindings::of(view, shown)),
            (None, _) => self.found.set_value(CellFindings::default()),
        }
        self.built.set_value(shown.map(|shown| (view, shown)));
        match &topics {
            Some(topics) => self.versions.grow(topics),
            None => self.versions.grow_all(),
        }
    }

    /// The findings about the cell of `topic` in `provider`'s row, in words (tracked: re-run
    /// when that topic's cells may show other findings).
    pub(super) fn text(&self, topic: &TopicKey, provider: Option<PersonId>) -> String {
        self.versions.track(topic);
        marks::mark("cell-finding", None);
        self.found
            .with_value(|found| found.get(topic, provider).join(" "))
    }
}
