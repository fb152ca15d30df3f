//! What undo and redo name: this device's undo and redo *stacks* as the workspace expects
//! them once its queue is through — the store's (as its snapshot lists them) with the edits,
//! undos and redos still waiting applied by the store's own rules ([`Stacks::follow`]). The
//! next undo names the undo stack's top, the next redo the redo stack's; an entry still in
//! the queue is named by its id until the store records it ([`Stacks::resolve`]).

use switchboard_core::Change;
use switchboard_core::ipc::Snapshot;

/// What the user asks of the configuration: a new change, or a step back or forward naming
/// the entry it takes back.
#[derive(Clone, Debug)]
pub(super) enum Edit {
    Apply(Box<Change>),
    Undo(Entry),
    Redo(Entry),
}

/// An entry of this device's log, as an undo or redo names it: recorded by the store (its
/// revision), or an edit, undo or redo still in the queue (its id in the queue).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Entry {
    Logged(i64),
    Queued(u64),
}

/// This device's undo and redo stacks as the workspace expects them once the queue is
/// through (tops last): what the next undo or redo names.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Stacks {
    pub(super) undo: Vec<Entry>,
    pub(super) redo: Vec<Entry>,
}

impl Stacks {
    /// The store's stacks (as far as the snapshot lists them).
    pub(super) fn of(snapshot: &Snapshot) -> Self {
        let logged = |targets: &[i64]| {
            targets
                .iter()
                .rev()
                .map(|&seq| Entry::Logged(seq))
                .collect()
        };
        Self {
            undo: logged(&snapshot.history.undo_targets),
            redo: logged(&snapshot.history.redo_targets),
        }
    }

    /// What the store does to its stacks when it accepts queued item `id`.
    pub(super) fn follow(&mut self, id: u64, edit: &Edit) {
        match edit {
            Edit::Apply(_) => {
                self.undo.push(Entry::Queued(id));
                self.redo.clear();
            }
            Edit::Undo(target) => {
                if self.undo.last() == Some(target) {
                    self.undo.pop();
                    self.redo.push(Entry::Queued(id));
                }
            }
            Edit::Redo(target) => {
                if self.redo.last() == Some(target) {
                    self.redo.pop();
                    self.undo.push(Entry::Queued(id));
                }
            }
        }
    }

    /// Queued item `id` is recorded at `revision`.
    pub(super) fn resolve(&mut self, id: u64, revision: i64) {
        for entry in self.undo.iter_mut().chain(self.redo.iter_mut()) {
            if *entry == Entry::Queued(id) {
                *entry = Entry::Logged(revision);
            }
        }
    }
}
