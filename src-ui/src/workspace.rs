//! The [`Workspace`]: the configuration every screen reads, the one way to change it, and the
//! validator's findings about it.
//!
//! Words: the *store* (the desktop side's SQLite database) is the source of truth. The *shown*
//! snapshot is the store's latest snapshot with this device's *unanswered* edits applied on
//! top: an edit is applied here first, with `switchboard_core::apply` (pure — the very function
//! the store runs), so it shows at once, before the store answers (*optimistic*). Edits then go
//! to the store one at a time, in the order they were made (the *queue*: plain data with its
//! own unit tests, in [`queue`]; the workspace wraps it in signals and does its I/O), so none
//! is lost and each is checked against the state the one before left. Sending starts at once,
//! and each edit sent carries this window's word about its unsaved edits (the shell keeps the
//! window open while there are): an edit made alone costs the page one command, not three
//! (BENCHMARKS.md, issue 18, session 14).
//!
//! - The store accepts an edit: nothing is reloaded. The shown revision and history were
//!   predicted when the edit was shown (revision + 1; undo possible, redo not, one more change
//!   to sync: the store's rules for a new edit); if the store's revision differs (another
//!   window or process wrote in between), the snapshot is reloaded.
//! - The store refuses an edit (a conflict, an invalid change): the snapshot is reloaded from
//!   the store — which rolls back every unanswered edit —, the refusal is shown
//!   ([`Workspace::refused`]), and the edits still waiting are applied again on top. A state the
//!   store refused is never left on screen.
//! - An edit that does not apply here is not shown; it still goes to the store, whose answer
//!   decides (and is shown).
//! - Undo and redo are the store's (it knows this device's log): they wait their turn in the
//!   queue, then the snapshot is reloaded. Each names its *target*, the log entry it means to
//!   take back, chosen when it is clicked from the workspace's *stacks* (the store's undo and
//!   redo targets, plus the edits, undos and redos still waiting in the queue); the store
//!   refuses it when its own top is another entry. So an undo clicked after an edit the store
//!   then refuses takes back nothing, never an older edit the person did not mean (a target
//!   still waiting in the queue when its undo's turn comes was refused: nothing is sent, and
//!   the refusal says why).
//!
//! *Findings* are the validator's findings for the shown configuration. The shell works them
//! out (the `findings` command: natively, on a thread of its own, from its previous check
//! where only rules changed), so the page's thread never waits for the validator. They are
//! asked for once the store has answered an edit: the grid shows the edit first, the store
//! records it, its findings (and the Overview's badge) follow a moment later, and are right
//! once settled.
//!
//! A routing edit (one that sets or clears rules only) is the exception: when the findings
//! shown describe the configuration just before it, the page brings them up to date itself,
//! with the edit (`lists::findings_after`: only the cells that read a rule it touched are
//! walked again — well under a millisecond for a 500-provider practice), and the shell is not
//! asked. What the validator reads of the directory is gathered once per directory (`Gathered`,
//! kept while `directory_version` stays), not per edit. Whatever the store then answers, a
//! reload of the snapshot asks the shell again.
//!
//! A reload that brings a configuration differing from the shown one in its rules alone (after
//! an undo, a redo, a refusal) counts as a routing change: only the cells that read those rules
//! look again, and the directory's followers stay as they are.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use switchboard_core::grid::{self, GridView};
use switchboard_core::ipc::{CommandError, SavingArgs, Snapshot};
use switchboard_core::{Change, Config, Date, Finding, Gathered, PersonId, Scope, TopicKey, lists};

mod queue;
mod stacks;
use crate::counters::Counters;
use crate::today::today;
use crate::{ipc, marks};
use queue::{Request, SaveQueue};
use stacks::Edit;

/// The configuration as every screen sees it, and the one way to change it.
#[derive(Clone, Copy)]
pub struct Workspace {
    /// The shown snapshot (see the module's words); `None` while the first one loads.
    pub snapshot: ReadSignal<Option<Result<Snapshot, CommandError>>>,
    set_snapshot: WriteSignal<Option<Result<Snapshot, CommandError>>>,
    /// Grows whenever the shown configuration changes (not when only the revision or the
    /// history does): what the findings follow.
    config_version: RwSignal<u64>,
    /// Grows whenever the shown configuration changes in more than its routing rules (see
    /// [`Workspace::with_directory`]).
    directory_version: RwSignal<u64>,
    /// One counter per rule (`(topic, scope)`), grown when a routing edit sets or clears it
    /// (see [`Workspace::with_cell`]); made when a cell first reads the rule.
    rule_versions: Counters<(TopicKey, Scope)>,
    /// The validator's findings for the shown configuration, once computed (they follow an
    /// edit by a frame; see the module's words).
    pub findings: ReadSignal<Option<Arc<Vec<Finding>>>>,
    set_findings: WriteSignal<Option<Arc<Vec<Finding>>>>,
    /// What the shown findings describe: the configuration's version (`config_version`) and
    /// the first day of their window.
    findings_follow: StoredValue<Option<(u64, Date)>>,
    /// How the shown findings came from the ones before them when a routing edit brought them
    /// up to date here (see [`FindingsStep`]); `None` when the shell checked them.
    findings_step: StoredValue<Option<FindingsStep>>,
    /// What the validator reads of the shown directory, gathered by the first routing edit
    /// after it changed (`directory_version` then): the next ones reuse it.
    gathered: StoredValue<Option<(u64, Arc<Gathered>)>>,
    /// The last edit the store refused, cleared by the next one it accepts.
    pub refused: ReadSignal<Option<CommandError>>,
    set_refused: WriteSignal<Option<CommandError>>,
    /// The edits on their way to the store, and what the next undo and redo name (see the
    /// module's words).
    queue: StoredValue<SaveQueue>,
    /// The queue is saving: an edit is with the store, or waiting its turn.
    busy: RwSignal<bool>,
    /// Whether there is something to undo, and to redo, counting the queue.
    can_step: RwSignal<(bool, bool)>,
}

impl Workspace {
    /// Loads the first snapshot, and keeps the findings following the shown configuration.
    pub fn new() -> Self {
        let (snapshot, set_snapshot) = signal(None);
        let (findings, set_findings) = signal(None);
        let (refused, set_refused) = signal(None);
        let workspace = Self {
            snapshot,
            set_snapshot,
            config_version: RwSignal::new(0),
            directory_version: RwSignal::new(0),
            rule_versions: Counters::new(),
            findings,
            set_findings,
            findings_follow: StoredValue::new(None),
            findings_step: StoredValue::new(None),
            gathered: StoredValue::new(None),
            refused,
            set_refused,
            queue: StoredValue::new(SaveQueue::default()),
            busy: RwSignal::new(false),
            can_step: RwSignal::new((false, false)),
        };
        spawn_local(async move { workspace.reload().await });
        workspace.follow_with_findings();
        workspace
    }

    /// Applies `change`: shown at once, then sent to the store.
    pub fn apply(&self, change: Change) {
        self.submit(Edit::Apply(Box::new(change)));
    }

    /// Takes back this device's latest change (through the store), naming it; nothing when
    /// there is none.
    pub fn undo(&self) {
        if let Some(target) = self.queue.with_value(SaveQueue::undo_target) {
            self.submit(Edit::Undo(target));
        }
    }

    /// Takes back this device's latest undo (through the store), naming it; nothing when there
    /// is none.
    pub fn redo(&self) {
        if let Some(target) = self.queue.with_value(SaveQueue::redo_target) {
            self.submit(Edit::Redo(target));
        }
    }

    /// Whether there is a change to undo, counting the edits still waiting (tracked).
    pub fn can_undo(&self) -> bool {
        self.can_step.with(|(undo, _)| *undo)
    }

    /// Whether there is an undo to redo, counting the edits still waiting (tracked).
    pub fn can_redo(&self) -> bool {
        self.can_step.with(|(_, redo)| *redo)
    }

    /// Whether an edit is with the store or waiting its turn (tracked). Nothing waits for this:
    /// edits made meanwhile join the queue, in order.
    pub fn saving(&self) -> bool {
        self.busy.get()
    }

    /// `read` of the shown configuration, once loaded (tracked: re-runs on every edit).
    pub fn with_config<T>(&self, read: impl FnOnce(&Config) -> T) -> Option<T> {
        self.snapshot.with(|shown| {
            shown
                .as_ref()
                .and_then(|s| s.as_ref().ok())
                .map(|s| read(&s.config))
        })
    }

    /// `read` of the shown configuration's topics, locations, people, groups and settings —
    /// re-run when anything but its routing rules changes (or a snapshot is loaded), not on a
    /// routing edit. `read` must look at nothing but those.
    pub fn with_directory<T>(&self, read: impl FnOnce(&Config) -> T) -> Option<T> {
        self.directory_version.track();
        self.with_config_untracked(read)
    }

    /// `read` of the shown configuration for the Routing grid's cell of `topic` in
    /// `provider`'s row of `view`: the directory (as [`Workspace::with_directory`]) and the
    /// rules that cell reads (`grid::cell_reads`: its own, and those it inherits from up to
    /// the first that has one) — re-run when either changes, not when an edit sets or clears
    /// other rules (core's property `a_routing_edit_alters_exactly_the_cells_that_read_its_rules`
    /// checks that those cells show the same). `read` must look at nothing else.
    pub fn with_cell<T>(
        &self,
        view: GridView,
        provider: Option<PersonId>,
        topic: &TopicKey,
        read: impl FnOnce(&Config) -> T,
    ) -> Option<T> {
        self.directory_version.track();
        let (value, reads) = self.with_config_untracked(|config| {
            (
                read(config),
                grid::cell_reads(config, view, provider, topic),
            )
        })?;
        for scope in reads {
            self.rule_versions.track(&(topic.clone(), scope));
        }
        Some(value)
    }

    /// `read` of the shown configuration, once loaded (not tracked: for event handlers).
    pub fn with_config_untracked<T>(&self, read: impl FnOnce(&Config) -> T) -> Option<T> {
        self.snapshot.with_untracked(|shown| {
            shown
                .as_ref()
                .and_then(|s| s.as_ref().ok())
                .map(|s| read(&s.config))
        })
    }

    /// The shown revision (tracked), or -1 before the first snapshot.
    pub fn revision(&self) -> i64 {
        self.snapshot.with(|shown| {
            shown
                .as_ref()
                .and_then(|s| s.as_ref().ok())
                .map_or(-1, |s| s.revision)
        })
    }

    /// Shows `edit` (when it is a change that applies), queues it, and starts sending the
    /// queue when it is not already under way.
    fn submit(&self, edit: Edit) {
        // What the edit touches, for the counters the screens follow (read before the queue
        // takes it): the topics and rules of a routing edit.
        let routed: Option<Option<Routed>> = match &edit {
            Edit::Apply(change) => Some(change.routed_topics().map(|_| Routed {
                rules: change.touches().routes,
            })),
            Edit::Undo(_) | Edit::Redo(_) => None,
        };
        let mut edit = Some(edit);
        let mut submitted = None;
        self.set_snapshot.maybe_update(|shown| {
            let shown = shown.as_mut().and_then(|shown| shown.as_mut().ok());
            let Some(edit) = edit.take() else {
                return false;
            };
            let done = self
                .queue
                .try_update_value(|queue| queue.submit(edit, shown));
            submitted = done;
            done.is_some_and(|done| done.shown.is_some())
        });
        self.follow_signals();
        let Some(submitted) = submitted else {
            return;
        };
        if !submitted.start {
            // It waits behind an edit with the store: the shell hears of it now. (An edit sent
            // at once is told by the command that carries it.)
            self.tell_shell();
        }
        if let (Some(revision), Some(routed)) = (submitted.shown, routed) {
            let before = self.config_version.get_untracked();
            self.shown_change(routed.as_ref());
            marks::mark("snapshot", Some(revision));
            if let Some(Routed { rules }) = routed {
                self.findings_after_routing(before, revision, rules);
            }
            marks::mark("submitted", Some(revision));
        }
        if submitted.start {
            // Sent at once, with the word that keeps the window open until the store answers.
            let workspace = *self;
            spawn_local(async move { workspace.send_queue().await });
        }
    }

    /// Brings the findings up to date after a routing edit that touched `rules` and is now
    /// shown at `revision`, here and at once, when they described the configuration just
    /// before it (`before`, on the same day); otherwise the shell is asked as after any edit.
    fn findings_after_routing(
        &self,
        before: u64,
        revision: i64,
        rules: BTreeSet<(TopicKey, Scope)>,
    ) {
        let day = today();
        if self.findings_follow.get_value() != Some((before, day)) {
            return;
        }
        let Some(previous) = self.findings.get_untracked() else {
            return;
        };
        let version = self.config_version.get_untracked();
        let workspace = *self;
        // Behind the work the edit itself queued (the cells it alters render first), before
        // the frame that paints it.
        spawn_local(async move {
            if workspace.config_version.get_untracked() != version {
                return;
            }
            marks::mark("validating", Some(revision));
            let gathered = workspace.gathered_directory();
            let Some(findings) = workspace.with_config_untracked(|config| {
                let gathered = gathered.unwrap_or_else(|| {
                    let gathered = Arc::new(Gathered::of(config));
                    let directory = workspace.directory_version.get_untracked();
                    workspace
                        .gathered
                        .set_value(Some((directory, Arc::clone(&gathered))));
                    gathered
                });
                lists::findings_after_in(&gathered, &previous, config, day, &rules)
            }) else {
                return;
            };
            workspace.findings_follow.set_value(Some((version, day)));
            workspace.findings_step.set_value(Some(FindingsStep {
                from: Arc::downgrade(&previous),
                topics: rules.into_iter().map(|(topic, _)| topic).collect(),
            }));
            workspace.set_findings.set(Some(Arc::new(findings)));
            marks::mark("findings", Some(revision));
            marks::milestone("switchboard:findings");
        });
    }

    /// What the validator reads of the shown directory, when it was gathered since the
    /// directory last changed.
    fn gathered_directory(&self) -> Option<Arc<Gathered>> {
        let directory = self.directory_version.get_untracked();
        self.gathered.with_value(|gathered| {
            gathered
                .as_ref()
                .filter(|(version, _)| *version == directory)
                .map(|(_, gathered)| Arc::clone(gathered))
        })
    }

    /// Grows the counters the screens follow after a change was shown: those of the rules it
    /// set or cleared (`routed`; only rules some cell has read have one), or the directory's
    /// (`None`).
    fn shown_change(&self, routed: Option<&Routed>) {
        self.config_version.update(|version| *version += 1);
        match routed {
            Some(Routed { rules }) => self.rule_versions.grow(rules),
            None => self.directory_version.update(|version| *version += 1),
        }
    }

    /// [`Workspace::follow_signals`], and tells the shell how many edits are on their way when
    /// that differs from what it was last told.
    fn follow_queue(&self) {
        self.follow_signals();
        self.tell_shell();
    }

    /// Tells the shell how many edits are on their way, and what the menu's Undo and Redo
    /// can do, when either differs from what it was last told.
    fn tell_shell(&self) {
        if let Some(word) = self
            .queue
            .try_update_value(SaveQueue::word_to_tell)
            .flatten()
        {
            spawn_local(tell_shell_saving(word));
        }
        if let Some(menu) = self
            .queue
            .try_update_value(SaveQueue::menu_to_tell)
            .flatten()
        {
            // Nothing on screen depends on the answer.
            spawn_local(async move {
                let _ = ipc::undo_state(menu).await;
            });
        }
    }

    /// Copies what the screens track of the queue (saving; undo and redo possible) into
    /// signals, setting only those that changed.
    fn follow_signals(&self) {
        let (saving, can_step) = self.queue.with_value(|queue| {
            (
                queue.saving(),
                (queue.undo_target().is_some(), queue.redo_target().is_some()),
            )
        });
        if self.busy.get_untracked() != saving {
            self.busy.set(saving);
        }
        if self.can_step.get_untracked() != can_step {
            // The menu's Undo and Redo follow: told by the next edit sent, or on their own
            // (`tell_shell`).
            self.can_step.set(can_step);
        }
    }

    /// Sends the queued edits to the store, one after the other, until none is left; the shell
    /// hears how many are on its way from the edits themselves, and once at the end if that
    /// differs.
    async fn send_queue(self) {
        while let Some(next) = self.queue.try_update_value(SaveQueue::next).flatten() {
            let answer = match next {
                Ok(request) => {
                    let Some((word, menu)) = self
                        .queue
                        .try_update_value(|queue| (queue.word_for_sending(), queue.menu_to_tell()))
                    else {
                        return;
                    };
                    match request {
                        Request::Apply(change) => ipc::apply_change(*change, word, menu).await,
                        Request::Undo(target) => ipc::undo(target, word, menu).await,
                        Request::Redo(target) => ipc::redo(target, word, menu).await,
                    }
                }
                Err(refused) => Err(refused),
            };
            let reload = self
                .queue
                .try_update_value(|queue| queue.answered(&answer))
                .unwrap_or(true);
            self.follow_signals();
            match answer {
                Ok(applied) => {
                    if self.refused.with_untracked(Option::is_some) {
                        self.set_refused.set(None);
                    }
                    marks::mark("acknowledged", Some(applied.revision));
                }
                Err(err) => self.set_refused.set(Some(err)),
            }
            if reload {
                self.reload().await;
            }
        }
        self.follow_queue();
    }

    /// Loads the store's configuration again (sync changed it underneath), unless edits are
    /// on their way: the store's answer to them reloads it when it differs.
    pub fn refresh(&self) {
        if self.busy.get_untracked() {
            return;
        }
        let workspace = *self;
        spawn_local(async move { workspace.reload().await });
    }

    /// Replaces the shown snapshot with the store's, then shows the edits still waiting on
    /// top of it again.
    async fn reload(&self) {
        let mut loaded = ipc::load_config().await;
        let revision = loaded.as_ref().ok().map(|snapshot| snapshot.revision);
        if let Err(err) = &loaded {
            // Said on every screen (the database may be a broken file: the sentence says
            // what to do), not only on the screens that show the configuration.
            self.set_refused.set(Some(err.clone()));
        }
        let replayed = self
            .queue
            .try_update_value(|queue| queue.reloaded(loaded.as_mut().ok()))
            .unwrap_or_default();
        // Loaded after an undo, a redo or a refusal, the configuration mostly differs from the
        // shown one in a few rules: then only the cells that read them look again, and the
        // directory's followers (its forms, what the validator gathered) stay as they are.
        let rules = loaded.as_ref().ok().and_then(|loaded| {
            self.with_config_untracked(|shown| loaded.config.rules_differing_alone(shown))
                .flatten()
        });
        self.set_snapshot.set(Some(loaded));
        self.shown_change(rules.map(|rules| Routed { rules }).as_ref());
        marks::mark("snapshot", revision);
        for predicted in replayed {
            marks::mark("snapshot", Some(predicted));
        }
        self.follow_queue();
    }

    /// Asks the shell for the findings whenever the shown configuration changes — once the
    /// store has answered the edits waiting for it (the first time, once the practice is
    /// painted).
    /// An answer is kept only while it is still about the shown configuration: when another
    /// change came meanwhile, that change's own request answers for it.
    /// Not asked when the findings already describe the shown configuration (a routing edit
    /// brought them up to date: [`Workspace::findings_after_routing`]).
    fn follow_with_findings(&self) {
        let workspace = *self;
        Effect::new(move |_| {
            let version = workspace.config_version.get();
            // While edits wait for the store, their answers come first; the findings follow
            // once the queue is empty (the shell checks what the store holds).
            if workspace.busy.get() {
                return;
            }
            if workspace
                .findings_follow
                .get_value()
                .is_some_and(|(follows, day)| follows == version && day == today())
            {
                return;
            }
            let ask = move || {
                if workspace.config_version.get_untracked() != version {
                    return;
                }
                let Some(revision) = workspace.shown_revision() else {
                    return;
                };
                marks::mark("validating", Some(revision));
                let day = today();
                spawn_local(async move {
                    let checked = match ipc::findings(day).await {
                        Ok(checked) => checked,
                        Err(err) => {
                            // The findings stay as they were; the next change asks
                            // again. Nothing on screen can help: said on the console.
                            leptos::logging::warn!(
                                "the routes could not be checked: {}",
                                err.message
                            );
                            return;
                        }
                    };
                    let current = workspace.config_version.get_untracked() == version
                        && workspace.shown_revision() == Some(checked.revision);
                    if current {
                        workspace.findings_follow.set_value(Some((version, day)));
                        workspace.findings_step.set_value(None);
                        workspace.set_findings.set(Some(Arc::new(checked.findings)));
                        marks::mark("findings", Some(checked.revision));
                        marks::milestone("switchboard:findings");
                    }
                });
            };
            // The first check waits for the frame that paints the practice, and behind anything
            // that frame queued (the Overview's first paint marks itself interactive that way):
            // its answer, parsed on the page's thread, never delays the first paint. Later
            // checks are asked for at once — the shell works while the page paints the edit.
            if workspace.findings.with_untracked(Option::is_some) {
                ask();
            } else {
                after_next_paint(move || set_timeout(ask, Duration::ZERO));
            }
        });
    }

    /// How the shown findings came from the ones before them, when a routing edit brought them
    /// up to date in the page (not tracked: read it when [`Workspace::findings`] changes).
    pub fn findings_step(&self) -> Option<FindingsStep> {
        self.findings_step.get_value()
    }

    /// The revision of the shown configuration, once one is loaded.
    fn shown_revision(&self) -> Option<i64> {
        self.snapshot.with_untracked(|shown| {
            shown
                .as_ref()
                .and_then(|loaded| loaded.as_ref().ok())
                .map(|snapshot| snapshot.revision)
        })
    }
}

/// Tells the shell how many edits are on their way to the store (its `sequence`-th word about
/// them). When it cannot be told, closing the window may not wait for them: said on the
/// console, as nothing on screen can help.
async fn tell_shell_saving(word: SavingArgs) {
    let SavingArgs { unsaved, sequence } = word;
    if let Err(err) = ipc::saving(unsaved, sequence).await {
        leptos::logging::warn!(
            "Switchboard could not tell its desktop side that {unsaved} edits are on their way ({}); closing the window now may not wait for them to be saved.",
            err.message
        );
    }
}

/// How the shown findings came from the findings shown before them, after a routing edit:
/// they differ from those only in findings about the rules of `topics` (what
/// `lists::findings_after` re-checks), so a screen that keeps something per topic can bring
/// just those topics up to date (the Routing grid's cells do: `CellFindings::update`).
#[derive(Clone, Debug)]
pub struct FindingsStep {
    /// The findings before (compare with [`FindingsStep::follows`]).
    from: std::sync::Weak<Vec<Finding>>,
    /// The topics whose rules the edit set or cleared.
    pub topics: BTreeSet<TopicKey>,
}

impl FindingsStep {
    /// Whether the findings shown came from `before` in this step (the same list, not an equal
    /// one).
    pub fn follows(&self, before: &Arc<Vec<Finding>>) -> bool {
        std::ptr::eq(self.from.as_ptr(), Arc::as_ptr(before))
    }
}

/// What a routing edit (one that sets or clears rules only) touches.
struct Routed {
    /// The rules, as `(topic, scope)` (`Change::touches`).
    rules: BTreeSet<(TopicKey, Scope)>,
}

/// Runs `then` once the next frame has been painted (a zero timeout set inside an animation
/// frame runs after that frame) — or after [`NO_FRAME_WAIT`] when no frame comes (a hidden or
/// minimised window gets no animation frames), so an edit never waits on being seen.
fn after_next_paint(then: impl FnOnce() + 'static) {
    let once = Rc::new(Cell::new(Some(Box::new(then) as Box<dyn FnOnce()>)));
    let after_frame = Rc::clone(&once);
    request_animation_frame(move || {
        set_timeout(
            move || {
                if let Some(then) = after_frame.take() {
                    then();
                }
            },
            Duration::ZERO,
        );
    });
    set_timeout(
        move || {
            if let Some(then) = once.take() {
                then();
            }
        },
        NO_FRAME_WAIT,
    );
}

/// How long [`after_next_paint`] waits for a frame before going ahead without one.
const NO_FRAME_WAIT: Duration = Duration::from_millis(250);

/// Whether the first configuration has loaded (`Some(Ok)`), or why it could not: what a screen
/// whose parts re-render themselves waits on (it changes on a (re)load, not on an edit).
pub fn loaded(workspace: Workspace) -> Memo<Option<Result<(), CommandError>>> {
    Memo::new(move |_| {
        workspace.snapshot.with(|shown| {
            shown
                .as_ref()
                .map(|shown| shown.as_ref().map(|_| ()).map_err(Clone::clone))
        })
    })
}

/// Renders `render` with the shown configuration, and again only when `part` of it changes: a
/// form keyed on the part of the configuration it shows, so that saving another form on the
/// same screen (or the store answering) leaves what is being typed here alone. `part` reads
/// the directory only (see [`Workspace::with_directory`]). Handlers that build a change should
/// read the configuration as it is then ([`Workspace::with_config_untracked`]), not the copy
/// given to `render`.
pub fn keyed_on<K, V>(
    part: impl Fn(&Config) -> K + Send + Sync + 'static,
    render: impl Fn(StoredValue<Config>) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    K: PartialEq + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let workspace = expect_context::<Workspace>();
    let key = Memo::new(move |_| workspace.with_directory(&part));
    move || {
        // Read, not just tracked: a memo computes (and finds what it depends on) when read.
        key.with(|_| ());
        workspace
            .with_config_untracked(Config::clone)
            .map(|config| render(StoredValue::new(config)))
    }
}
