//! The validator's cells, each kind of walk resolved once.
//!
//! Words: a cell's *walk* is what decides the problems its message on a topic meets: the rule
//! it reads, when that rule names recipients (the problems are those recipients' on each day,
//! whoever the patient is), or, when the patient chooses, that rule with the people they choose
//! from — their provider alone ("care team only") or everyone at the location ("selected
//! users"). Cells with the same walk of a topic meet the same problems on the same days, so
//! [`Walks`] resolves each walk once per breakpoint day and numbers each (place, problem) once:
//! most cells inherit one of a few rules, and a large practice has thousands of cells.

use std::collections::BTreeMap;

use rustc_hash::FxHashMap as HashMap;

use super::{Cell, Place, Problem, walk};
use crate::model::{Config, Date, LocationId, PersonId, PersonKind, ProviderChoice, Route, Scope};
use crate::resolve::{Context, PeopleHere, Sender, closed_here};

/// What decides the problems of a cell's message on one topic (see the module overview).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Walk {
    /// A rule that names recipients.
    Recipients(Scope),
    /// The patient chooses, by the rule at this scope (`None`: no rule).
    Chooses {
        rule: Option<Scope>,
        from: Candidates,
    },
}

/// Whom the patient chooses from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Candidates {
    /// Their care team: the provider alone, or nobody.
    CareTeam(Option<PersonId>),
    /// Everyone available at the location.
    Location(LocationId),
}

/// The cells the validator walks, numbered: every location open to patients, with "no
/// provider" then its active providers (in the directory's order, which is the ids').
pub(super) struct Cells {
    /// Each location open to patients, how patients choose there, and its cells.
    locations: Vec<(LocationId, ProviderChoice, Vec<Cell>)>,
    /// The number of each location's first cell.
    start: Vec<usize>,
    /// How many cells there are.
    len: usize,
    /// The numbers of each provider's cells (when [`Cells::indexed`]).
    of_provider: HashMap<PersonId, Vec<usize>>,
    /// The number of each provider's cell at a location (when [`Cells::indexed`]).
    at: HashMap<(LocationId, PersonId), usize>,
}

impl Cells {
    pub(super) fn of(config: &Config) -> Self {
        let mut providers: BTreeMap<LocationId, Vec<PersonId>> = BTreeMap::new();
        for person in config
            .people
            .values()
            .filter(|p| p.kind == PersonKind::Provider && p.active)
        {
            for location in &person.locations {
                providers.entry(*location).or_default().push(person.id);
            }
        }
        let mut cells = Self {
            locations: Vec::new(),
            start: Vec::new(),
            len: 0,
            of_provider: HashMap::default(),
            at: HashMap::default(),
        };
        for location in config.locations.values() {
            // Closed to patients: every message is closed there, which meets no problem.
            let context = Context {
                location: location.id,
                provider: None,
                care_team: Vec::new(),
                sender: Sender::Patient,
            };
            if closed_here(config, &context).is_some() {
                continue;
            }
            // In the order of `Cell`, so the cells of a finding come sorted.
            let list: Vec<Cell> = [None]
                .into_iter()
                .chain(
                    providers
                        .remove(&location.id)
                        .unwrap_or_default()
                        .into_iter()
                        .map(Some),
                )
                .map(|provider| Cell {
                    location: location.id,
                    provider,
                })
                .collect();
            cells.start.push(cells.len);
            cells.len += list.len();
            let choice = *config.settings_at(Some(location.id)).provider_choice();
            cells.locations.push((location.id, choice, list));
        }
        cells
    }

    /// [`Cells::of`] with each provider's cells found by number (what
    /// [`Walks::each_cell`] needs).
    pub(super) fn indexed(config: &Config) -> Self {
        let mut cells = Self::of(config);
        let mut n = 0;
        for (_, _, list) in &cells.locations {
            for cell in list {
                if let Some(provider) = cell.provider {
                    cells.of_provider.entry(provider).or_default().push(n);
                    cells.at.insert((cell.location, provider), n);
                }
                n += 1;
            }
        }
        cells
    }

    /// Each location open to patients, with its cells.
    pub(super) fn by_location(&self) -> impl Iterator<Item = (LocationId, &[Cell])> {
        self.locations
            .iter()
            .map(|(location, _, cells)| (*location, cells.as_slice()))
    }
}

/// The problems of cells, resolved once per walk and day, with every (place, problem) numbered.
pub(super) struct Walks<'c> {
    config: &'c Config,
    /// Everyone patients may choose from at each location, once a walk needs it.
    here: Option<PeopleHere>,
    days: Vec<Date>,
    /// Each (place, problem) met so far, by number.
    keys: Vec<(Place, Problem)>,
    numbers: HashMap<(Place, Problem), usize>,
    /// The numbers of problems under a rule, by topic number and scope.
    rule_numbers: HashMap<(usize, Option<Scope>, Problem), usize>,
    /// Each (topic number, walk) resolved so far: its place in `met`.
    walks: HashMap<(usize, Walk), usize>,
    /// What each walk meets: the number of each problem, once, with the first day.
    met: Vec<Vec<(usize, Date)>>,
}

impl<'c> Walks<'c> {
    /// Walks over the days `from..=to` of `config`.
    pub(super) fn new(config: &'c Config, from: Date, to: Date) -> Self {
        Self {
            config,
            here: None,
            days: walk::breakpoints(config, from, to),
            keys: Vec::new(),
            numbers: HashMap::default(),
            rule_numbers: HashMap::default(),
            walks: HashMap::default(),
            met: Vec::new(),
        }
    }

    /// The days on which answers may change (see [`walk::breakpoints`]).
    pub(super) fn days(&self) -> &[Date] {
        &self.days
    }

    /// The number of `(place, problem)`, given on first sight.
    pub(super) fn number(&mut self, place: Place, problem: Problem) -> usize {
        let topic = match &place {
            Place::Rule { topic, .. } => self.config.topics.iter().position(|t| t.key == *topic),
            _ => None,
        };
        match (topic, &place) {
            (Some(topic), Place::Rule { scope, .. }) => self.rule_number(topic, *scope, problem),
            _ => {
                let key = (place, problem);
                if let Some(n) = self.numbers.get(&key) {
                    return *n;
                }
                self.keys.push(key.clone());
                self.numbers.insert(key, self.keys.len() - 1);
                self.keys.len() - 1
            }
        }
    }

    /// The number of `problem` under the rule of topic number `topic` at `scope`, given on
    /// first sight (without building the place each time: it holds the topic's key).
    fn rule_number(&mut self, topic: usize, scope: Option<Scope>, problem: Problem) -> usize {
        let key = (topic, scope, problem);
        if let Some(n) = self.rule_numbers.get(&key) {
            return *n;
        }
        let (_, scope, problem) = key.clone();
        let topic_key = self.config.topics[topic].key.clone();
        self.keys.push((
            Place::Rule {
                topic: topic_key,
                scope,
            },
            problem,
        ));
        self.rule_numbers.insert(key, self.keys.len() - 1);
        self.keys.len() - 1
    }

    /// Each (place, problem) by its number.
    pub(super) fn into_keys(self) -> Vec<(Place, Problem)> {
        self.keys
    }

    /// The problems the message of `cell` on topic number `topic` (of `config.topics`) meets
    /// over the days, by number, each once, with the first day it meets it. The cell must be
    /// one of [`Cells`] and the topic enabled at its location.
    pub(super) fn cell(&mut self, topic: usize, cell: Cell) -> &[(usize, Date)] {
        let config = self.config;
        let key = &config.topics[topic].key;
        let rule = Scope::chain(cell.location, cell.provider)
            .find_map(|scope| config.routes.get(key, scope).map(|route| (scope, route)));
        let choice = *config.settings_at(Some(cell.location)).provider_choice();
        let n = self.resolved(topic, walk_of(rule, choice, cell), rule, cell);
        &self.met[n]
    }

    /// [`Walks::cell`] for every cell of `cells` (made [`Cells::indexed`]) where topic number
    /// `topic` is enabled, passed to `visit`. Looks up the topic's rules once, not per cell.
    pub(super) fn each_cell(
        &mut self,
        topic: usize,
        cells: &Cells,
        mut visit: impl FnMut(Cell, &[(usize, Date)]),
    ) {
        let config = self.config;
        let key = &config.topics[topic].key;
        // The cells' own rules: at the provider, then at (location, provider), which beats it.
        let mut own: Vec<Option<(Scope, &Route)>> = vec![None; cells.len];
        for (scope, route) in config.routes.of_topic(key) {
            if let Scope::Provider { provider } = scope {
                for n in cells.of_provider.get(&provider).into_iter().flatten() {
                    own[*n] = Some((scope, route));
                }
            }
        }
        for (scope, route) in config.routes.of_topic(key) {
            if let Scope::LocationProvider { location, provider } = scope
                && let Some(n) = cells.at.get(&(location, provider))
            {
                own[*n] = Some((scope, route));
            }
        }
        // Neighbouring cells mostly inherit the same rule: the last walk is kept at hand.
        let mut last: Option<(Walk, usize)> = None;
        for ((location, choice, list), start) in cells.locations.iter().zip(&cells.start) {
            if !config.topic_enabled_at(*location, key) {
                continue;
            }
            let inherited = [
                Scope::Location {
                    location: *location,
                },
                Scope::Practice,
            ]
            .into_iter()
            .find_map(|scope| config.routes.get(key, scope).map(|route| (scope, route)));
            for (cell, own) in list.iter().zip(&own[*start..]) {
                let rule = own.or(inherited);
                let walk = walk_of(rule, *choice, *cell);
                let n = match last {
                    Some((seen, n)) if seen == walk => n,
                    _ => self.resolved(topic, walk, rule, *cell),
                };
                last = Some((walk, n));
                visit(*cell, &self.met[n]);
            }
        }
    }

    /// The place in `met` of `walk` of topic number `topic`, resolving it (as `cell`'s, one of
    /// the cells it is the walk of, whose first rule is `rule`) on first sight.
    fn resolved(
        &mut self,
        topic: usize,
        walk: Walk,
        rule: Option<(Scope, &Route)>,
        cell: Cell,
    ) -> usize {
        if let Some(n) = self.walks.get(&(topic, walk)) {
            return *n;
        }
        let config = self.config;
        let key = &config.topics[topic].key;
        let context = Context {
            location: cell.location,
            provider: cell.provider,
            care_team: cell.provider.into_iter().collect(),
            sender: Sender::Patient,
        };
        let mut found: Vec<(usize, Date)> = Vec::new();
        for day in 0..self.days.len() {
            let date = self.days[day];
            let here = self.here.get_or_insert_with(|| PeopleHere::of(config));
            for (scope, problem) in walk::problems_by(config, here, &context, key, rule, date) {
                let n = self.rule_number(topic, scope, problem);
                // The days go forward: the first day seen is the first day.
                if !found.iter().any(|(m, _)| *m == n) {
                    found.push((n, date));
                }
            }
        }
        self.met.push(found);
        self.walks.insert((topic, walk), self.met.len() - 1);
        self.met.len() - 1
    }
}

/// The walk of `cell` whose first rule on its scope chain is `rule`, where patients choose by
/// `choice`.
fn walk_of(rule: Option<(Scope, &Route)>, choice: ProviderChoice, cell: Cell) -> Walk {
    let chooses = |rule| Walk::Chooses {
        rule,
        from: match choice {
            ProviderChoice::SelectedUsers => Candidates::Location(cell.location),
            ProviderChoice::CareTeamOnly => Candidates::CareTeam(cell.provider),
        },
    };
    match rule {
        Some((scope, Route::Recipients(_))) => Walk::Recipients(scope),
        Some((scope, Route::PatientChooses)) => chooses(Some(scope)),
        None => chooses(None),
    }
}
