//! [`AtRevision`]: something derived from each practice's configuration (the configuration
//! itself, its routing index), kept with the revision it was derived at. Revisions are unique
//! per practice however many server processes write, so a kept value is used only when the
//! database's head is still that revision: a head that moved on, here or in another process,
//! simply misses. Nothing kept can contradict the database.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use switchboard_core::PracticeId;

/// Each practice's value, with the revision it was derived at.
type Kept<T> = HashMap<PracticeId, (i64, Arc<T>)>;

/// Each practice's `T`, with the revision it was derived at.
#[derive(Debug)]
pub(crate) struct AtRevision<T>(Arc<Mutex<Kept<T>>>);

impl<T> Clone for AtRevision<T> {
    fn clone(&self) -> Self {
        Self(Arc::clone(&self.0))
    }
}

impl<T> Default for AtRevision<T> {
    fn default() -> Self {
        Self(Arc::default())
    }
}

impl<T> AtRevision<T> {
    fn map(&self) -> MutexGuard<'_, Kept<T>> {
        // A poisoned map holds at worst a value for another revision, which `get` ignores.
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// `practice`'s value at `revision`, if kept.
    pub(crate) fn get(&self, practice: PracticeId, revision: i64) -> Option<Arc<T>> {
        self.map()
            .get(&practice)
            .filter(|(at, _)| *at == revision)
            .map(|(_, value)| Arc::clone(value))
    }

    /// Keeps `value` as `practice`'s at `revision` (only once that revision is committed),
    /// unless a later revision's is kept already.
    pub(crate) fn keep(&self, practice: PracticeId, revision: i64, value: Arc<T>) {
        let mut map = self.map();
        if map.get(&practice).is_none_or(|(at, _)| *at <= revision) {
            map.insert(practice, (revision, value));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_is_found_only_at_its_revision_and_never_replaced_by_an_older_one() {
        let kept = AtRevision::<&str>::default();
        let practice = PracticeId::from_u128(7);
        kept.keep(practice, 3, Arc::new("three"));
        assert_eq!(
            kept.get(practice, 3).as_deref(),
            Some(&"three"),
            "found at its revision"
        );
        assert_eq!(kept.get(practice, 4), None, "a head that moved on misses");
        kept.keep(practice, 2, Arc::new("two"));
        assert_eq!(
            kept.get(practice, 3).as_deref(),
            Some(&"three"),
            "an older value does not replace it"
        );
    }
}
