//! The *save queue*: this window's edits on their way to the store, as plain data (no signals,
//! no I/O), so that its rules are tested natively. The [`Workspace`](super::Workspace) wraps
//! it: it hands the queue the shown snapshot to edit, sends what [`SaveQueue::next`] answers
//! to the store, and reports the store's answers back ([`SaveQueue::answered`]).
//!
//! Words (see also the workspace's): an edit is *shown* when it applies to the shown snapshot
//! here; it is then given the revision the store should record it at (its *prediction*: the
//! shown revision + 1). Edits go to the store one at a time, in the order they were made; the
//! one with the store is *in flight*, the others *wait*. The queue is *saving* from the first
//! edit until the store has answered the last one: the shell keeps the window open meanwhile.
//! The shell learns how many edits are on their way from *words* (`SavingArgs`, numbered): the
//! edit in flight carries one ([`SaveQueue::word_for_sending`]), and the shell counts one fewer
//! by it once the store answers; a word on its own ([`SaveQueue::word_to_tell`]) is needed only
//! when the count changes otherwise (an edit queued behind another).

use std::collections::VecDeque;

use switchboard_core::ipc::desktop::UndoStateArgs;
use switchboard_core::ipc::{
    Applied, CommandError, ErrorCode, HISTORY_TARGETS, SavingArgs, Snapshot,
};
use switchboard_core::{Change, apply};

use super::stacks::{Edit, Entry, Stacks};

/// An edit waiting its turn (`id`: its place in this window's order of edits), with the
/// revision the store should record it at when it was shown (`None`: not shown — it did not
/// apply here, or it is an undo or redo).
#[derive(Clone, Debug)]
struct Queued {
    id: u64,
    edit: Edit,
    predicted: Option<i64>,
}

/// What to ask of the store next.
#[derive(Debug, PartialEq)]
pub(super) enum Request {
    Apply(Box<Change>),
    /// Take back the log entry at this revision.
    Undo(i64),
    /// Take back the undo at this revision.
    Redo(i64),
}

/// The edits of this window that the store has not answered yet, and what undo and redo name.
#[derive(Debug, Default)]
pub(super) struct SaveQueue {
    waiting: VecDeque<Queued>,
    /// The edit with the store, from [`SaveQueue::next`] until [`SaveQueue::answered`].
    in_flight: Option<Queued>,
    stacks: Stacks,
    next_id: u64,
    saving: bool,
    /// What the shell was last told: the word's sequence number and the count it gave.
    told: (u64, u32),
    /// The word the edit in flight was sent with, if it was sent.
    sent_with: Option<SavingArgs>,
    /// The menu's Undo and Redo as the shell was last told (it starts with both off).
    menu_told: (bool, bool),
}

/// What [`SaveQueue::submit`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Submitted {
    /// The revision the edit is shown at, or `None` when it is not shown.
    pub(super) shown: Option<i64>,
    /// The queue was idle: sending starts now (and the shell is to be told).
    pub(super) start: bool,
}

impl SaveQueue {
    /// Queues `edit`, showing it on `shown` (the shown snapshot, once loaded) when it is a
    /// change that applies there.
    pub(super) fn submit(&mut self, edit: Edit, shown: Option<&mut Snapshot>) -> Submitted {
        let predicted = match (&edit, shown) {
            (Edit::Apply(change), Some(snapshot)) => show(snapshot, change),
            _ => None,
        };
        let id = self.next_id;
        self.next_id += 1;
        self.stacks.follow(id, &edit);
        self.waiting.push_back(Queued {
            id,
            edit,
            predicted,
        });
        let start = !self.saving;
        self.saving = true;
        Submitted {
            shown: predicted,
            start,
        }
    }

    /// The next edit to send, now in flight: a request for the store, or the queue's own
    /// refusal (an undo or redo whose target the store refused: there is nothing to send).
    /// `None` once nothing waits: the queue is no longer saving.
    pub(super) fn next(&mut self) -> Option<Result<Request, CommandError>> {
        debug_assert!(
            self.in_flight.is_none(),
            "one edit at a time is with the store"
        );
        let Some(queued) = self.waiting.pop_front() else {
            self.saving = false;
            return None;
        };
        let request = match &queued.edit {
            Edit::Apply(change) => Ok(Request::Apply(change.clone())),
            Edit::Undo(Entry::Logged(target)) => Ok(Request::Undo(*target)),
            Edit::Redo(Entry::Logged(target)) => Ok(Request::Redo(*target)),
            // The entry it names was queued before it and would be logged by now: the
            // store refused it, so there is nothing of it to take back.
            Edit::Undo(Entry::Queued(_)) => Err(CommandError::new(
                ErrorCode::Conflict,
                "Nothing was undone: the change you meant to take back was not saved, so there is nothing of it to undo.",
            )),
            Edit::Redo(Entry::Queued(_)) => Err(CommandError::new(
                ErrorCode::Conflict,
                "Nothing was redone: the undo you meant to take back did not go through, so there is nothing of it to redo.",
            )),
        };
        self.in_flight = Some(queued);
        Some(request)
    }

    /// The store's (or the queue's own) answer to the edit in flight; answers whether the
    /// shown snapshot must be reloaded from the store: after a refusal (which rolls back every
    /// unanswered edit), after an undo or redo (not shown until the store has done it), and
    /// when the store recorded an edit at another revision than predicted (another window or
    /// process wrote in between).
    pub(super) fn answered(&mut self, answer: &Result<Applied, CommandError>) -> bool {
        let Some(Queued {
            id,
            edit,
            predicted,
        }) = self.in_flight.take()
        else {
            debug_assert!(false, "an answer comes to an edit in flight");
            return true;
        };
        // The shell counts one fewer by the edit's word, unless a later word came meanwhile.
        if let Some(word) = self.sent_with.take()
            && self.told.0 == word.sequence
        {
            self.told.1 = word.unsaved.saturating_sub(1);
        }
        let Ok(applied) = answer else {
            return true;
        };
        self.stacks.resolve(id, applied.revision);
        for waiting in &mut self.waiting {
            if let Edit::Undo(target) | Edit::Redo(target) = &mut waiting.edit
                && *target == Entry::Queued(id)
            {
                *target = Entry::Logged(applied.revision);
            }
        }
        let shown = matches!(edit, Edit::Apply(_));
        !shown || predicted != Some(applied.revision)
    }

    /// The store's snapshot has been loaded into `loaded` (`None`: it could not be read): the
    /// edits still waiting are shown on top of it again, each with its new prediction, and the
    /// stacks are the store's followed by theirs. Answers the predictions of the edits shown.
    pub(super) fn reloaded(&mut self, mut loaded: Option<&mut Snapshot>) -> Vec<i64> {
        let mut stacks = loaded.as_deref().map(Stacks::of).unwrap_or_default();
        let mut shown = Vec::new();
        for queued in &mut self.waiting {
            queued.predicted = match (&queued.edit, loaded.as_deref_mut()) {
                (Edit::Apply(change), Some(snapshot)) => show(snapshot, change),
                _ => None,
            };
            shown.extend(queued.predicted);
            stacks.follow(queued.id, &queued.edit);
        }
        self.stacks = stacks;
        shown
    }

    /// The word the edit now in flight is sent with (call once [`SaveQueue::next`] has given
    /// a request): the edits on their way, this one counted; the shell takes it as told.
    pub(super) fn word_for_sending(&mut self) -> SavingArgs {
        let word = SavingArgs {
            unsaved: self.unsaved(),
            sequence: self.told.0 + 1,
        };
        self.told = (word.sequence, word.unsaved);
        self.sent_with = Some(word);
        word
    }

    /// The menu's Undo and Redo as the queue stands (undo and redo possible, counting the
    /// edits waiting), when they are not what the shell was last told; taken as told. An edit
    /// being sent carries them; otherwise they are told on their own.
    pub(super) fn menu_to_tell(&mut self) -> Option<UndoStateArgs> {
        let now = (self.undo_target().is_some(), self.redo_target().is_some());
        if now == self.menu_told {
            return None;
        }
        self.menu_told = now;
        Some(UndoStateArgs {
            can_undo: now.0,
            can_redo: now.1,
        })
    }

    /// A word to tell the shell on its own: `Some` when the edits on their way are not as many
    /// as it was last told.
    pub(super) fn word_to_tell(&mut self) -> Option<SavingArgs> {
        let unsaved = self.unsaved();
        if self.told.1 == unsaved {
            return None;
        }
        self.told = (self.told.0 + 1, unsaved);
        Some(SavingArgs {
            unsaved,
            sequence: self.told.0,
        })
    }

    /// What the next undo would take back, counting the edits still waiting.
    pub(super) fn undo_target(&self) -> Option<Entry> {
        self.stacks.undo.last().copied()
    }

    /// What the next redo would take back, counting the edits still waiting.
    pub(super) fn redo_target(&self) -> Option<Entry> {
        self.stacks.redo.last().copied()
    }

    /// Whether an edit is with the store or waiting its turn: closing the window waits.
    pub(super) fn saving(&self) -> bool {
        self.saving
    }

    /// How many edits the store has not answered yet: the one with it and those waiting (the
    /// shell names their number when it asks whether to quit without them).
    pub(super) fn unsaved(&self) -> u32 {
        let count = self.waiting.len() + usize::from(self.in_flight.is_some());
        u32::try_from(count).unwrap_or(u32::MAX)
    }
}

/// Applies `change` to `snapshot` with the revision and history a new edit gets in the store;
/// answers that revision, or `None` (`snapshot` untouched) when it does not apply.
fn show(snapshot: &mut Snapshot, change: &Change) -> Option<i64> {
    apply(&mut snapshot.config, change).ok()?;
    snapshot.revision += 1;
    // The store's rules for a new edit: it is the next undo target, redo is emptied, and it
    // waits to be synced.
    let history = &mut snapshot.history;
    history.undo_targets.insert(0, snapshot.revision);
    history.undo_targets.truncate(HISTORY_TARGETS);
    history.redo_targets.clear();
    history.unsynced += 1;
    Some(snapshot.revision)
}

#[cfg(test)]
mod tests {
    use switchboard_core::ipc::HistoryState;
    use switchboard_core::{Config, demo_practice};

    use super::*;

    /// The store's snapshot of the demo practice at `revision`, with `undo` as its undo
    /// targets (the next first).
    fn store_at(revision: i64, undo: &[i64]) -> Snapshot {
        Snapshot {
            revision,
            config: demo_practice(),
            history: HistoryState {
                undo_targets: undo.to_vec(),
                redo_targets: Vec::new(),
                unsynced: 0,
            },
        }
    }

    /// Switches topic `index` of `config` to `on` (expecting the opposite).
    fn switch(config: &Config, index: usize, on: bool) -> Edit {
        Edit::Apply(Box::new(Change::SetTopicEnabled {
            topic: config.topics[index].key.clone(),
            expected: !on,
            value: on,
        }))
    }

    /// Whether topic `index` of `config` is on.
    fn on(config: &Config, index: usize) -> bool {
        config.topics[index].enabled
    }

    /// A queue that has loaded `store` (as the workspace's first load does).
    fn queue_on(store: &mut Snapshot) -> SaveQueue {
        let mut queue = SaveQueue::default();
        assert!(queue.reloaded(Some(store)).is_empty(), "nothing waits yet");
        queue
    }

    fn applied(revision: i64) -> Result<Applied, CommandError> {
        Ok(Applied { revision })
    }

    fn refused() -> Result<Applied, CommandError> {
        Err(CommandError::new(ErrorCode::Conflict, "someone else first"))
    }

    /// The change an `Apply` request carries.
    fn change_of(request: Option<Result<Request, CommandError>>) -> Change {
        match request {
            Some(Ok(Request::Apply(change))) => *change,
            other => panic!("expected a change to send, got {other:?}"),
        }
    }

    #[test]
    fn edits_are_shown_at_once_and_sent_in_order() {
        let mut shown = store_at(7, &[7]);
        let mut queue = queue_on(&mut shown);
        let first = switch(&shown.config, 0, false);
        let second = switch(&shown.config, 1, false);

        let submitted = queue.submit(first, Some(&mut shown));
        assert_eq!(
            submitted,
            Submitted {
                shown: Some(8),
                start: true
            },
            "the first edit is shown at the next revision and starts the sending"
        );
        let submitted = queue.submit(second, Some(&mut shown));
        assert_eq!(
            submitted,
            Submitted {
                shown: Some(9),
                start: false
            },
            "a second edit is shown on top of the first and joins the sending under way"
        );
        assert!(
            !on(&shown.config, 0) && !on(&shown.config, 1),
            "both edits show before the store answers"
        );
        assert_eq!(
            shown.history.undo_targets,
            vec![9, 8, 7],
            "the shown history predicts the store's: the newest edit is undone first"
        );
        assert_eq!(shown.history.unsynced, 2, "both wait to be synced");

        let sent = change_of(queue.next());
        assert!(
            matches!(&sent, Change::SetTopicEnabled { topic, .. } if topic == &shown.config.topics[0].key),
            "the first edit made is sent first"
        );
        assert!(
            !queue.answered(&applied(8)),
            "recorded as predicted: nothing to reload"
        );
        let sent = change_of(queue.next());
        assert!(
            matches!(&sent, Change::SetTopicEnabled { topic, .. } if topic == &shown.config.topics[1].key),
            "then the second"
        );
        assert!(!queue.answered(&applied(9)), "recorded as predicted");
        assert!(queue.next().is_none(), "nothing is left to send");
        assert_eq!(
            queue.undo_target(),
            Some(Entry::Logged(9)),
            "undo names the latest edit by the revision the store recorded it at"
        );
    }

    #[test]
    fn an_undo_queued_behind_an_edit_names_it_and_is_sent_once_it_is_recorded() {
        let mut shown = store_at(3, &[3]);
        let mut queue = queue_on(&mut shown);
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        let target = queue.undo_target();
        assert_eq!(
            target,
            Some(Entry::Queued(0)),
            "an undo clicked before the store answers names the waiting edit, not revision 3"
        );
        let submitted = queue.submit(Edit::Undo(Entry::Queued(0)), Some(&mut shown));
        assert_eq!(
            submitted.shown, None,
            "an undo is not shown before the store has done it"
        );
        assert_eq!(
            queue.undo_target(),
            Some(Entry::Logged(3)),
            "the next undo would name the entry below"
        );
        assert_eq!(
            queue.redo_target(),
            Some(Entry::Queued(1)),
            "redo would take back the waiting undo"
        );

        change_of(queue.next());
        assert!(
            !queue.answered(&applied(4)),
            "the edit is recorded as predicted"
        );
        assert_eq!(
            queue.next(),
            Some(Ok(Request::Undo(4))),
            "the undo names the revision the store recorded its edit at"
        );
        assert!(
            queue.answered(&applied(5)),
            "after an undo the store's snapshot is loaded"
        );
        assert_eq!(
            queue.redo_target(),
            Some(Entry::Logged(5)),
            "redo names the recorded undo"
        );
        assert!(queue.next().is_none(), "nothing is left to send");
    }

    #[test]
    fn a_refusal_in_the_middle_rolls_back_and_the_later_edits_are_shown_again() {
        let mut shown = store_at(10, &[]);
        let mut queue = queue_on(&mut shown);
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        queue.submit(switch(&shown.config, 1, false), Some(&mut shown));
        let undo_of_second = queue.undo_target().expect("the second edit can be undone");
        queue.submit(switch(&shown.config, 2, false), Some(&mut shown));
        queue.submit(Edit::Undo(undo_of_second), Some(&mut shown));

        change_of(queue.next());
        assert!(!queue.answered(&applied(11)), "the first is recorded");
        change_of(queue.next());
        assert!(
            queue.answered(&refused()),
            "a refusal reloads the store's snapshot"
        );
        // The store has the first edit only.
        let mut loaded = store_at(11, &[11]);
        loaded.config.topics[0].enabled = false;
        let replayed = queue.reloaded(Some(&mut loaded));
        assert_eq!(
            replayed,
            vec![12],
            "the third edit, still waiting, is shown again at the revision after the store's"
        );
        assert!(
            !on(&loaded.config, 0) && on(&loaded.config, 1) && !on(&loaded.config, 2),
            "the refused edit is rolled back; the accepted and the waiting ones show"
        );

        let sent = change_of(queue.next());
        assert!(
            matches!(&sent, Change::SetTopicEnabled { topic, .. } if topic == &loaded.config.topics[2].key),
            "the third edit still goes to the store after the refusal"
        );
        assert!(!queue.answered(&applied(12)), "recorded as newly predicted");
        let undo = queue.next();
        assert!(
            matches!(&undo, Some(Err(err)) if err.message.starts_with("Nothing was undone")),
            "an undo of the refused edit is refused here, never sent to take back another: {undo:?}"
        );
        assert!(
            queue.answered(&Err(CommandError::new(ErrorCode::Conflict, "own"))),
            "its refusal reloads too"
        );
        assert!(queue.next().is_none(), "nothing is left to send");
    }

    #[test]
    fn a_revision_other_than_predicted_reloads() {
        let mut shown = store_at(20, &[]);
        let mut queue = queue_on(&mut shown);
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        change_of(queue.next());
        assert!(
            queue.answered(&applied(22)),
            "another window wrote revision 21: the shown snapshot is reloaded"
        );
        assert_eq!(
            queue.undo_target(),
            Some(Entry::Logged(22)),
            "the edit is named by the revision the store gave it"
        );
    }

    #[test]
    fn a_reload_while_edits_wait_shows_them_again_on_the_store_snapshot() {
        let mut shown = store_at(5, &[5]);
        let mut queue = queue_on(&mut shown);
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        queue.submit(switch(&shown.config, 1, false), Some(&mut shown));
        change_of(queue.next());
        assert!(
            queue.answered(&applied(7)),
            "another process wrote revision 6: reload"
        );
        // The other process switched topic 3 off.
        let mut loaded = store_at(7, &[7, 5]);
        loaded.config.topics[0].enabled = false;
        loaded.config.topics[3].enabled = false;
        assert_eq!(
            queue.reloaded(Some(&mut loaded)),
            vec![8],
            "the waiting edit gets a new prediction on top of the store's revision"
        );
        assert!(
            !on(&loaded.config, 1) && !on(&loaded.config, 3),
            "the other process's change and the waiting edit both show"
        );
        assert_eq!(
            loaded.history.undo_targets,
            vec![8, 7, 5],
            "the waiting edit is predicted on top of the store's history"
        );
        assert_eq!(
            queue.undo_target(),
            Some(Entry::Queued(1)),
            "undo names the waiting edit"
        );
        change_of(queue.next());
        assert!(
            !queue.answered(&applied(8)),
            "recorded as newly predicted: no second reload"
        );
    }

    #[test]
    fn a_reload_that_fails_keeps_the_edits_waiting_unshown() {
        let mut shown = store_at(1, &[]);
        let mut queue = queue_on(&mut shown);
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        queue.submit(switch(&shown.config, 1, false), Some(&mut shown));
        change_of(queue.next());
        assert!(queue.answered(&refused()), "refused: reload");
        assert!(
            queue.reloaded(None).is_empty(),
            "with no snapshot nothing is shown"
        );
        assert!(
            matches!(queue.next(), Some(Ok(Request::Apply(_)))),
            "the waiting edit still goes to the store, whose answer decides"
        );
    }

    #[test]
    fn an_edit_that_does_not_apply_here_is_not_shown_but_still_sent() {
        let mut shown = store_at(2, &[]);
        let mut queue = queue_on(&mut shown);
        // Expects the topic off while it is on: a conflict here.
        let stale = switch(&shown.config, 0, true);
        let before = shown.clone();
        let submitted = queue.submit(stale, Some(&mut shown));
        assert_eq!(
            submitted.shown, None,
            "an edit that does not apply is not shown"
        );
        assert_eq!(shown, before, "and leaves the shown snapshot alone");
        assert!(
            matches!(queue.next(), Some(Ok(Request::Apply(_)))),
            "the store's answer decides"
        );
        assert!(
            queue.answered(&applied(3)),
            "an edit not shown is loaded once the store has it"
        );
    }

    #[test]
    fn an_edit_sent_alone_needs_no_word_of_its_own_and_one_queued_behind_does() {
        let mut shown = store_at(0, &[]);
        let mut queue = queue_on(&mut shown);
        assert_eq!(
            queue.word_to_tell(),
            None,
            "nothing on its way: nothing to tell"
        );
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        change_of(queue.next());
        let first = queue.word_for_sending();
        assert_eq!(
            first,
            SavingArgs {
                unsaved: 1,
                sequence: 1
            },
            "the edit carries the count, itself included"
        );
        assert_eq!(queue.word_to_tell(), None, "its word told the shell");

        queue.submit(switch(&shown.config, 1, false), Some(&mut shown));
        assert_eq!(
            queue.word_to_tell(),
            Some(SavingArgs {
                unsaved: 2,
                sequence: 2
            }),
            "an edit queued behind the one in flight is told on its own"
        );
        queue.answered(&applied(1));
        assert_eq!(
            queue.word_to_tell(),
            Some(SavingArgs {
                unsaved: 1,
                sequence: 3
            }),
            "the first edit's word was overtaken: the shell still counts two, so it is told one"
        );
        change_of(queue.next());
        let second = queue.word_for_sending();
        assert_eq!(
            (second.unsaved, second.sequence),
            (1, 4),
            "the second carries its own"
        );
        queue.answered(&applied(2));
        assert!(queue.next().is_none(), "nothing is left to send");
        assert_eq!(
            queue.word_to_tell(),
            None,
            "the shell counts none by the second edit's word, as the queue does: nothing to tell"
        );

        queue.submit(switch(&shown.config, 2, false), Some(&mut shown));
        change_of(queue.next());
        queue.word_for_sending();
        queue.answered(&refused());
        assert_eq!(
            queue.word_to_tell(),
            None,
            "a refused edit is no longer on its way either"
        );
    }

    #[test]
    fn the_menu_is_told_only_when_undo_or_redo_changes() {
        let mut shown = store_at(0, &[]);
        let mut queue = queue_on(&mut shown);
        assert_eq!(
            queue.menu_to_tell(),
            None,
            "nothing to undo or redo: the menu starts so"
        );
        queue.submit(switch(&shown.config, 0, false), Some(&mut shown));
        let menu = |can_undo, can_redo| Some(UndoStateArgs { can_undo, can_redo });
        assert_eq!(
            queue.menu_to_tell(),
            menu(true, false),
            "an edit queued makes Undo possible: its command carries that"
        );
        assert_eq!(queue.menu_to_tell(), None, "told once");
        change_of(queue.next());
        queue.answered(&applied(1));
        queue.submit(switch(&shown.config, 1, false), Some(&mut shown));
        assert_eq!(
            queue.menu_to_tell(),
            None,
            "a second edit changes nothing in the menu: no word about it"
        );
        change_of(queue.next());
        queue.answered(&applied(2));
        queue.submit(Edit::Undo(Entry::Logged(2)), None);
        assert_eq!(
            queue.menu_to_tell(),
            menu(true, true),
            "an undo queued makes Redo possible too"
        );
    }

    #[test]
    fn closing_waits_while_saving_until_the_last_answer() {
        let mut shown = store_at(0, &[]);
        let mut queue = queue_on(&mut shown);
        assert!(!queue.saving(), "nothing to save: the window may close");
        assert!(
            queue
                .submit(switch(&shown.config, 0, false), Some(&mut shown))
                .start,
            "the first edit starts the saving (the shell is told to wait)"
        );
        change_of(queue.next());
        assert!(
            !queue
                .submit(switch(&shown.config, 1, false), Some(&mut shown))
                .start,
            "an edit made while the first is with the store joins the same saving"
        );
        assert!(queue.saving(), "an edit is with the store: closing waits");
        assert_eq!(queue.unsaved(), 2, "one with the store, one waiting");
        queue.answered(&applied(1));
        assert!(queue.saving(), "one still waits: closing waits");
        assert_eq!(queue.unsaved(), 1, "the first is saved");
        change_of(queue.next());
        assert!(queue.saving(), "the last is with the store: closing waits");
        assert_eq!(queue.unsaved(), 1, "the last, now with the store");
        queue.answered(&applied(2));
        assert_eq!(queue.unsaved(), 0, "every edit is answered");
        assert!(queue.next().is_none(), "nothing is left");
        assert!(
            !queue.saving(),
            "every edit is answered: the window may close"
        );
        assert!(
            queue
                .submit(switch(&shown.config, 2, false), Some(&mut shown))
                .start,
            "a later edit starts a new saving"
        );
    }
}
