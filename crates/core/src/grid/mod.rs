//! The routing grid as the Routing screen shows it, and the edits its cells make.
//!
//! Words: a *view* is the practice as a whole or one location. Its *rows* are a first row for
//! everyone (the practice default, or the location's default) and then one row per provider
//! (every provider in the practice view; those who work at the location in a location view).
//! Its *columns* are the topics patients can pick there, in its words ([`columns`]: the
//! practice's enabled topics; at a location, with the location's own switches and words). A *cell* edits the rule at one [`Scope`]: practice →
//! `Practice` / `Provider`, location → `Location` / `LocationProvider`. A cell without a rule of
//! its own *inherits*: it shows the rule that applies instead and names where it comes from.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::model::{Config, LocationId, PersonId, PersonKind, Route, Scope, Topic, TopicKey};
use crate::validate::{Finding, Place};

pub mod edits;
mod receives;

pub use receives::{Received, receives};

/// Which part of the practice the grid shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum GridView {
    Practice,
    Location { location: LocationId },
}

/// What a cell shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GridCell {
    pub topic: TopicKey,
    /// The scope whose rule this cell edits.
    pub scope: Scope,
    /// The cell's own rule; `None` means it inherits.
    pub own: Option<Route>,
    /// When it inherits: the rule that applies instead and where it comes from. `None` when
    /// the cell has a rule of its own (the practice default always has one; see
    /// [`crate::model::RouteTable::get`]).
    pub inherited: Option<(Scope, Route)>,
}

/// The scope a row edits in `view`.
pub fn row_scope(view: GridView, provider: Option<PersonId>) -> Scope {
    match (view, provider) {
        (GridView::Practice, None) => Scope::Practice,
        (GridView::Practice, Some(provider)) => Scope::Provider { provider },
        (GridView::Location { location }, None) => Scope::Location { location },
        (GridView::Location { location }, Some(provider)) => {
            Scope::LocationProvider { location, provider }
        }
    }
}

/// The scopes after `scope` in precedence, for a patient it covers.
fn parents(scope: Scope) -> Vec<Scope> {
    match scope {
        Scope::LocationProvider { location, provider } => vec![
            Scope::Provider { provider },
            Scope::Location { location },
            Scope::Practice,
        ],
        Scope::Provider { .. } | Scope::Location { .. } => vec![Scope::Practice],
        Scope::Practice => Vec::new(),
    }
}

/// What applies to a cell at `scope` that has no rule of its own.
pub fn inherited(config: &Config, topic: &TopicKey, scope: Scope) -> Option<(Scope, Route)> {
    parents(scope).into_iter().find_map(|parent| {
        config
            .routes
            .get(topic, parent)
            .map(|route| (parent, route.clone()))
    })
}

/// Where an inherited rule comes from, in words ("from the practice default").
pub fn source_name(config: &Config, scope: Scope) -> String {
    match scope {
        Scope::Practice => "from the practice default".into(),
        Scope::Location { location } => format!(
            "from {}'s default",
            config
                .location(location)
                .map_or("the location", |l| l.short_name())
        ),
        Scope::Provider { provider } => format!(
            "from {}'s own table",
            config
                .person(provider)
                .map_or_else(|| "the provider".into(), |p| p.display_name())
        ),
        Scope::LocationProvider { .. } => "from this provider at this location".into(),
    }
}

/// A short warning for a recipient's chip on `date`: why they may not receive what the cell
/// sends them ("inactive", "not available", "away until 3 Dec", "empty group"). `None` when
/// they receive normally. An absence with a delegate still shows: messages go elsewhere.
pub fn badge(
    config: &Config,
    recipient: crate::model::Recipient,
    date: crate::model::Date,
) -> Option<String> {
    match recipient {
        crate::model::Recipient::Person(id) => {
            let Some(person) = config.person(id) else {
                return Some("removed".into());
            };
            if !person.active {
                Some("inactive".into())
            } else if !person.available_for_portal {
                Some("not available".into())
            } else {
                person
                    .absence_on(date)
                    .map(|away| format!("away until {}", away.until.short(false)))
            }
        }
        crate::model::Recipient::Group(id) => match config.group(id) {
            None => Some("removed".into()),
            Some(group) if group.members.is_empty() => Some("empty group".into()),
            Some(group)
                if !group
                    .members
                    .iter()
                    .filter_map(|id| config.person(*id))
                    .any(|p| p.receives_messages() && p.absence_on(date).is_none()) =>
            {
                Some("nobody can receive".into())
            }
            Some(_) => None,
        },
    }
}

/// The columns of `view`, in the order patients see them: the topics patients can pick there,
/// as they read there (at a location: a topic switched off there has no column, one switched
/// on there only has one, and the location's own label and To: name are shown).
pub fn columns(config: &Config, view: GridView) -> Vec<Topic> {
    match view {
        GridView::Practice => config
            .topics
            .iter()
            .filter(|topic| topic.enabled)
            .cloned()
            .collect(),
        GridView::Location { location } => config.topics_at(Some(location)),
    }
}

/// The rows of `view` — the provider (`None` for the first row) and the row's name — first
/// row first, then providers by name. A screen renders the rows it shows, each with a
/// [`cell`] per [`columns`] topic, and looks their findings up in [`CellFindings`].
pub fn row_heads(config: &Config, view: GridView) -> Vec<(Option<PersonId>, String)> {
    let mut providers: Vec<(PersonId, String)> = config
        .people
        .values()
        .filter(|person| person.kind == PersonKind::Provider)
        .filter(|person| match view {
            GridView::Practice => true,
            GridView::Location { location } => person.locations.contains(&location),
        })
        .map(|person| (person.id, person.display_name()))
        .collect();
    providers.sort_by(|a, b| a.1.cmp(&b.1));
    let first = match view {
        GridView::Practice => "All patients (practice default)".to_string(),
        GridView::Location { .. } => "This location's default".to_string(),
    };
    std::iter::once((None, first))
        .chain(providers.into_iter().map(|(id, name)| (Some(id), name)))
        .collect()
}

/// The validator's findings about each cell of one view, by topic and row (the provider,
/// `None` for the first row): a finding about the rule for a topic belongs to a cell when it
/// affects that row's patients (in a location view: at that location). Built once per
/// validation, so a cell looks its findings up instead of scanning every finding; after a
/// routing edit, brought up to date for the topics it touched only ([`CellFindings::update`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CellFindings(HashMap<TopicKey, HashMap<Option<PersonId>, Vec<String>>>);

impl CellFindings {
    /// The findings of `findings` about the cells of `view`, each cell's in `findings`' order.
    pub fn of(view: GridView, findings: &[Finding]) -> Self {
        let mut found = Self::default();
        for finding in findings {
            found.note(view, finding);
        }
        found
    }

    /// `self` — the findings about the cells of `view` in findings that differ from
    /// `findings` only in findings about rules of `topics` (those before a routing edit of
    /// `topics`: see [`lists::findings_after`](crate::lists::findings_after)) — brought up to
    /// date with `findings`: equal to [`CellFindings::of`]`(view, findings)`, but only the
    /// findings about `topics` are noted again; the cells of other topics keep theirs.
    pub fn update(&mut self, view: GridView, findings: &[Finding], topics: &BTreeSet<TopicKey>) {
        self.0.retain(|topic, _| !topics.contains(topic));
        for finding in findings {
            if matches!(&finding.place, Place::Rule { topic, .. } if topics.contains(topic)) {
                self.note(view, finding);
            }
        }
    }

    /// Notes `finding` in the cells of `view` it is about.
    fn note(&mut self, view: GridView, finding: &Finding) {
        let Place::Rule { topic, .. } = &finding.place else {
            return;
        };
        let location = match view {
            GridView::Practice => None,
            GridView::Location { location } => Some(location),
        };
        // A finding lists each (location, provider) it affects; a row is one provider (at
        // every location in the practice view), so note each provider once.
        let providers: BTreeSet<Option<PersonId>> = finding
            .cells
            .iter()
            .filter(|cell| location.is_none_or(|id| cell.location == id))
            .map(|cell| cell.provider)
            .collect();
        if providers.is_empty() {
            return;
        }
        let rows = self.0.entry(topic.clone()).or_default();
        for provider in providers {
            rows.entry(provider)
                .or_default()
                .push(finding.in_cell.clone());
        }
    }

    /// The findings about the cell of `topic` in `provider`'s row, in the cell's words
    /// ([`Finding::in_cell`](crate::Finding)).
    pub fn get(&self, topic: &TopicKey, provider: Option<PersonId>) -> &[String] {
        self.0
            .get(topic)
            .and_then(|rows| rows.get(&provider))
            .map_or(&[], Vec::as_slice)
    }
}

/// The rules [`cell`] reads for the cell of `topic` in `provider`'s row of `view`, as scopes
/// of `topic`: its own scope, then (when it has no rule of its own) the scopes it inherits
/// from, up to and including the first that has a rule. With the directory, these decide what
/// the cell shows: a change that sets or clears none of these `(topic, scope)` rules (see
/// [`crate::Change::touches`]) leaves the cell as it was, and one that sets or clears one of
/// them alters it (property `a_routing_edit_alters_exactly_the_cells_that_read_its_rules` in
/// core's tests). A screen keeps a version per `(topic, scope)` and re-renders a cell only
/// when one of these moved.
pub fn cell_reads(
    config: &Config,
    view: GridView,
    provider: Option<PersonId>,
    topic: &TopicKey,
) -> Vec<Scope> {
    let scope = row_scope(view, provider);
    let mut reads = vec![scope];
    if config.routes.get(topic, scope).is_none() {
        for parent in parents(scope) {
            reads.push(parent);
            if config.routes.get(topic, parent).is_some() {
                break;
            }
        }
    }
    reads
}

/// The cell of `topic` in `provider`'s row (`None`: the first row) of `view`.
pub fn cell(
    config: &Config,
    view: GridView,
    provider: Option<PersonId>,
    topic: &TopicKey,
) -> GridCell {
    let scope = row_scope(view, provider);
    let own = config.routes.get(topic, scope).cloned();
    let inherited = if own.is_none() {
        inherited(config, topic, scope)
    } else {
        None
    };
    GridCell {
        topic: topic.clone(),
        scope,
        own,
        inherited,
    }
}

#[cfg(test)]
mod tests;
