//! [`Counters`]: one counter per key, for screens that re-render a part only when what that
//! part read was changed (a rule, a topic's findings).

use std::collections::HashMap;
use std::hash::Hash;

use leptos::prelude::*;

/// One counter per key, made when something first tracks it; growing a key's counter re-runs
/// what tracked that key, and nothing else. The counters are reference-counted signals, so
/// they outlive the part that asked first.
pub struct Counters<K>(StoredValue<HashMap<K, ArcRwSignal<u64>>>)
where
    K: Eq + Hash + Send + Sync + 'static;

impl<K> Clone for Counters<K>
where
    K: Eq + Hash + Send + Sync + 'static,
{
    fn clone(&self) -> Self {
        *self
    }
}

impl<K> Copy for Counters<K> where K: Eq + Hash + Send + Sync + 'static {}

impl<K> Counters<K>
where
    K: Eq + Hash + Clone + Send + Sync + 'static,
{
    /// No counters yet.
    pub fn new() -> Self {
        Self(StoredValue::new(HashMap::new()))
    }

    /// Tracks `key`'s counter, made on first use.
    pub fn track(&self, key: &K) {
        let known = self.0.with_value(|counters| counters.get(key).cloned());
        let counter = known.unwrap_or_else(|| {
            let counter = ArcRwSignal::new(0);
            self.0.update_value(|counters| {
                counters.insert(key.clone(), counter.clone());
            });
            counter
        });
        counter.track();
    }

    /// Grows the counters of `keys` (those something tracked; the others do not exist yet).
    pub fn grow<'a>(&self, keys: impl IntoIterator<Item = &'a K>)
    where
        K: 'a,
    {
        let grown: Vec<ArcRwSignal<u64>> = self.0.with_value(|counters| {
            keys.into_iter()
                .filter_map(|key| counters.get(key).cloned())
                .collect()
        });
        for counter in grown {
            counter.update(|count| *count += 1);
        }
    }

    /// Grows every counter.
    pub fn grow_all(&self) {
        let grown: Vec<ArcRwSignal<u64>> = self
            .0
            .with_value(|counters| counters.values().cloned().collect());
        for counter in grown {
            counter.update(|count| *count += 1);
        }
    }
}
