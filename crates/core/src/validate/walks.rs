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
use std::ops::Range;

use rustc_hash::FxHashMap as HashMap;

use super::{Cell, Place, Problem, walk};
use crate::model::{Config, Date, LocationId, PersonId, ProviderChoice, Route, Scope};
use crate::resolve::{Context, PeopleHere, Sender, closed_here};

/// What decides the problems of a cell's message on one topic (see the module overview),
/// with locations and providers by the numbers [`Cells`] gives them: a topic's walks are
/// looked up once per cell, and a key of small numbers keeps that table a fraction of the
/// size it has with ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Walk {
    /// A rule that names recipients.
    Recipients(RuleAt),
    /// The patient chooses, by the rule at this scope (`None`: no rule).
    Chooses {
        rule: Option<RuleAt>,
        from: Candidates,
    },
}

/// The scope of a rule on a cell's scope chain, by number: a [`Scope`] whose location and
/// provider are the cell's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum RuleAt {
    LocationProvider(Numbers),
    Provider(Option<u32>),
    Location(u32),
    Practice,
}

/// Whom the patient chooses from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Candidates {
    /// Their care team: the provider (by number) alone, or nobody.
    CareTeam(Option<u32>),
    /// Everyone available at the location (by number).
    Location(u32),
}

/// A cell's location and provider by number (see [`Walk`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
struct Numbers {
    location: u32,
    provider: Option<u32>,
}

/// The cells the validator walks, numbered: every location open to patients, with "no
/// provider" then its active providers (in the directory's order, which is the ids'). The
/// numbers follow the order of [`Cell`], so cells listed by number come sorted.
pub(super) struct Cells {
    /// Every cell, by number.
    cells: Vec<Cell>,
    /// The numbers of each cell's location and provider, by cell number.
    numbers: Vec<Numbers>,
    /// Each location open to patients, how patients choose there, and the numbers of its cells.
    locations: Vec<(LocationId, ProviderChoice, Range<usize>)>,
    /// Every provider's cells as (provider, cell number), sorted (when [`Cells::indexed`]): one
    /// flat list rather than a map of lists, so that finding a provider's cells allocates
    /// nothing per provider and reads one dense array.
    by_provider: Vec<(PersonId, usize)>,
}

impl Cells {
    /// The cells of `config`, whose active providers at each location (with their numbers)
    /// are `providers` (see [`Roster`](super::roster::Roster)).
    pub(super) fn of(
        config: &Config,
        mut providers: BTreeMap<LocationId, Vec<(PersonId, u32)>>,
    ) -> Self {
        let mut cells = Self {
            cells: Vec::new(),
            numbers: Vec::new(),
            locations: Vec::new(),
            by_provider: Vec::new(),
        };
        for (number, location) in (0..).zip(config.locations.values()) {
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
            let start = cells.cells.len();
            let here = providers.remove(&location.id).unwrap_or_default();
            for provider in [None].into_iter().chain(here.into_iter().map(Some)) {
                cells.cells.push(Cell {
                    location: location.id,
                    provider: provider.map(|(id, _)| id),
                });
                cells.numbers.push(Numbers {
                    location: number,
                    provider: provider.map(|(_, number)| number),
                });
            }
            let choice = *config.settings_at(Some(location.id)).provider_choice();
            cells
                .locations
                .push((location.id, choice, start..cells.cells.len()));
        }
        cells
    }

    /// [`Cells::of`] with each provider's cells found by number (what
    /// [`Walks::each_cell`] needs).
    pub(super) fn indexed(
        config: &Config,
        providers: BTreeMap<LocationId, Vec<(PersonId, u32)>>,
    ) -> Self {
        let mut cells = Self::of(config, providers);
        cells.by_provider = cells
            .cells
            .iter()
            .enumerate()
            .filter_map(|(n, cell)| Some((cell.provider?, n)))
            .collect();
        cells.by_provider.sort_unstable();
        cells
    }

    /// The cell numbered `n`.
    pub(super) fn get(&self, n: usize) -> Cell {
        self.cells[n]
    }

    /// The numbers of `cell`'s location and provider, if it is one of these cells.
    fn numbers_of(&self, cell: Cell) -> Option<Numbers> {
        // By number, the cells are in their own order.
        let n = self.cells.binary_search(&cell).ok()?;
        Some(self.numbers[n])
    }

    /// Each location open to patients, with its cells.
    pub(super) fn by_location(&self) -> impl Iterator<Item = (LocationId, &[Cell])> {
        self.locations
            .iter()
            .map(|(location, _, range)| (*location, &self.cells[range.clone()]))
    }

    /// The numbers of `provider`'s cells, by location (when [`Cells::indexed`]).
    fn of_provider(&self, provider: PersonId) -> impl Iterator<Item = usize> + '_ {
        let from = self.by_provider.partition_point(|(p, _)| *p < provider);
        self.by_provider[from..]
            .iter()
            .take_while(move |(p, _)| *p == provider)
            .map(|(_, n)| *n)
    }
}

/// The problems of cells, resolved once per walk and day, with every (place, problem) numbered.
///
/// Laid out so that a pass over one topic's cells reads little memory, however large the
/// practice: the walks are looked up in the topic's own table (a few hundred entries, where
/// one table for every topic would hold thousands and no longer fit the cache), and what the
/// walks meet sits in one flat list.
pub(super) struct Walks<'c> {
    config: &'c Config,
    /// Everyone patients may choose from at each location, and everyone's standing.
    here: &'c PeopleHere,
    days: Vec<Date>,
    /// Each (place, problem) met so far, by number.
    keys: Vec<(Place, Problem)>,
    numbers: HashMap<(Place, Problem), usize>,
    /// By topic number: the numbers of problems under a rule of that topic, by scope.
    rule_numbers: Vec<HashMap<(Option<Scope>, Problem), usize>>,
    /// By topic number: each walk of that topic resolved so far, by its number.
    walks: Vec<HashMap<Walk, usize>>,
    /// Where in `met` each walk's problems are, by the walk's number.
    met_of: Vec<Range<usize>>,
    /// What the walks meet, walk after walk: the number of each problem, once per walk, with
    /// the first day.
    met: Vec<(usize, Date)>,
    /// The rule each cell reads for the topic being walked, if it is the cell's own (see
    /// [`Walks::each_cell`]): an index into that topic's rules. Kept between topics so that
    /// the buffer is allocated once.
    own: Vec<Option<usize>>,
}

impl<'c> Walks<'c> {
    /// Walks over the days `from..=to` of `config`, whose people are `here` and whose
    /// absences (first and last day) are `absences` (see [`Roster`](super::roster::Roster)).
    pub(super) fn new(
        config: &'c Config,
        here: &'c PeopleHere,
        absences: &[(Date, Date)],
        from: Date,
        to: Date,
    ) -> Self {
        let topics = config.topics.len();
        Self {
            config,
            here,
            days: walk::breakpoints_of(absences.iter().copied(), from, to),
            keys: Vec::new(),
            numbers: HashMap::default(),
            rule_numbers: vec![HashMap::default(); topics],
            walks: vec![HashMap::default(); topics],
            met_of: Vec::new(),
            met: Vec::new(),
            own: Vec::new(),
        }
    }

    /// The days on which answers may change (see [`walk::breakpoints_of`]).
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
        let key = (scope, problem);
        if let Some(n) = self.rule_numbers[topic].get(&key) {
            return *n;
        }
        let (scope, problem) = key.clone();
        let topic_key = self.config.topics[topic].key.clone();
        self.keys.push((
            Place::Rule {
                topic: topic_key,
                scope,
            },
            problem,
        ));
        self.rule_numbers[topic].insert(key, self.keys.len() - 1);
        self.keys.len() - 1
    }

    /// Each (place, problem) by its number.
    pub(super) fn into_keys(self) -> Vec<(Place, Problem)> {
        self.keys
    }

    /// What walk number `walk` meets (see [`Walks::cell`]).
    fn met(&self, walk: usize) -> &[(usize, Date)] {
        &self.met[self.met_of[walk].clone()]
    }

    /// The problems the message of `cell` on topic number `topic` (of `config.topics`) meets
    /// over the days, by number, each once, with the first day it meets it. The cell should be
    /// one of `cells` (any other is resolved afresh at each call) and the topic enabled at its
    /// location.
    pub(super) fn cell(&mut self, topic: usize, cells: &Cells, cell: Cell) -> &[(usize, Date)] {
        let config = self.config;
        let key = &config.topics[topic].key;
        let rule = Scope::chain(cell.location, cell.provider)
            .find_map(|scope| config.routes.get(key, scope).map(|route| (scope, route)));
        let choice = *config.settings_at(Some(cell.location)).provider_choice();
        let walk = cells
            .numbers_of(cell)
            .map(|numbers| walk_of(rule, choice, numbers));
        let walk = self.resolved(topic, walk, rule, cell);
        self.met(walk)
    }

    /// [`Walks::cell`] for every cell of `cells` (made [`Cells::indexed`]) where topic number
    /// `topic` is enabled, passed to `visit` with the cell's number. Looks up the topic's rules
    /// once, not per cell.
    pub(super) fn each_cell(
        &mut self,
        topic: usize,
        cells: &Cells,
        mut visit: impl FnMut(usize, &[(usize, Date)]),
    ) {
        let config = self.config;
        let key = &config.topics[topic].key;
        let rules: Vec<(Scope, &Route)> = config.routes.of_topic(key).collect();
        // The cells' own rules, by index in `rules`: at the provider, then at (location,
        // provider), which beats it.
        let mut own = std::mem::take(&mut self.own);
        own.clear();
        own.resize(cells.cells.len(), None);
        for (index, (scope, _)) in rules.iter().enumerate() {
            if let Scope::Provider { provider } = scope {
                for n in cells.of_provider(*provider) {
                    own[n] = Some(index);
                }
            }
        }
        for (index, (scope, _)) in rules.iter().enumerate() {
            if let Scope::LocationProvider { location, provider } = scope
                && let Some(n) = cells
                    .of_provider(*provider)
                    .find(|n| cells.cells[*n].location == *location)
            {
                own[n] = Some(index);
            }
        }
        // Neighbouring cells mostly inherit the same rule: the last walk is kept at hand.
        let mut last: Option<(Walk, usize)> = None;
        for (location, choice, range) in &cells.locations {
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
            for n in range.clone() {
                let cell = cells.cells[n];
                let rule = own[n].map(|index| rules[index]).or(inherited);
                let walk = walk_of(rule, *choice, cells.numbers[n]);
                let resolved = match last {
                    Some((seen, resolved)) if seen == walk => resolved,
                    _ => self.resolved(topic, Some(walk), rule, cell),
                };
                last = Some((walk, resolved));
                visit(n, self.met(resolved));
            }
        }
        self.own = own;
    }

    /// The number of `walk` of topic number `topic`, resolving it (as `cell`'s, one of the
    /// cells it is the walk of, whose first rule is `rule`) on first sight, or every time when
    /// the walk is not known (`None`: a cell not among [`Cells`]).
    fn resolved(
        &mut self,
        topic: usize,
        walk: Option<Walk>,
        rule: Option<(Scope, &Route)>,
        cell: Cell,
    ) -> usize {
        if let Some(n) = walk.and_then(|walk| self.walks[topic].get(&walk)) {
            return *n;
        }
        let config = self.config;
        let context = Context {
            location: cell.location,
            provider: cell.provider,
            care_team: cell.provider.into_iter().collect(),
            sender: Sender::Patient,
        };
        let start = self.met.len();
        for day in 0..self.days.len() {
            let date = self.days[day];
            for (scope, problem) in walk::problems_by(config, self.here, &context, rule, date) {
                let n = self.rule_number(topic, scope, problem);
                // The days go forward: the first day seen is the first day.
                if !self.met[start..].iter().any(|(m, _)| *m == n) {
                    self.met.push((n, date));
                }
            }
        }
        self.met_of.push(start..self.met.len());
        let n = self.met_of.len() - 1;
        if let Some(walk) = walk {
            self.walks[topic].insert(walk, n);
        }
        n
    }
}

/// The walk of the cell numbered `numbers` whose first rule on its scope chain is `rule`,
/// where patients choose by `choice`.
fn walk_of(rule: Option<(Scope, &Route)>, choice: ProviderChoice, numbers: Numbers) -> Walk {
    // The rule is on the cell's chain: its location and provider are the cell's.
    let at = |scope| match scope {
        Scope::LocationProvider { .. } => RuleAt::LocationProvider(numbers),
        Scope::Provider { .. } => RuleAt::Provider(numbers.provider),
        Scope::Location { .. } => RuleAt::Location(numbers.location),
        Scope::Practice => RuleAt::Practice,
    };
    let chooses = |rule| Walk::Chooses {
        rule,
        from: match choice {
            ProviderChoice::SelectedUsers => Candidates::Location(numbers.location),
            ProviderChoice::CareTeamOnly => Candidates::CareTeam(numbers.provider),
        },
    };
    match rule {
        Some((scope, Route::Recipients(_))) => Walk::Recipients(at(scope)),
        Some((scope, Route::PatientChooses)) => chooses(Some(at(scope))),
        None => chooses(None),
    }
}
