//! [`Backoff`]: how long the app's background sync loop waits after a failed round. Pure: it
//! counts failures and answers delays; the caller sleeps.
//!
//! The delay doubles with each failure in a row, from `first` up to `max`; a success resets
//! it. Deterministic on purpose (no jitter): one desktop app per practice server does not
//! stampede, and a test can say exactly what it waits.

use std::time::Duration;

/// Delays after failures in a row: `first`, `2 × first`, `4 × first`, … at most `max`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    first: Duration,
    max: Duration,
    failures: u32,
}

impl Default for Backoff {
    /// 2 s after the first failure, then up to 5 minutes.
    fn default() -> Self {
        Self::new(Duration::from_secs(2), Duration::from_secs(300))
    }
}

impl Backoff {
    /// Starts with `first` and never waits longer than `max` (nor less than `first`).
    pub fn new(first: Duration, max: Duration) -> Self {
        Self {
            first,
            max: max.max(first),
            failures: 0,
        }
    }

    /// Counts a failed round and answers how long to wait before the next one.
    pub fn failed(&mut self) -> Duration {
        let delay = self.current();
        self.failures = self.failures.saturating_add(1);
        delay
    }

    /// A round succeeded: the next failure starts again from `first`.
    pub fn succeeded(&mut self) {
        self.failures = 0;
    }

    /// Failed rounds in a row.
    pub fn failures(&self) -> u32 {
        self.failures
    }

    fn current(&self) -> Duration {
        let factor = 1u32.checked_shl(self.failures.min(31)).unwrap_or(u32::MAX);
        self.first.saturating_mul(factor).min(self.max)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_double_up_to_the_limit_and_reset_on_success() {
        let mut backoff = Backoff::new(Duration::from_secs(1), Duration::from_secs(10));
        let delays: Vec<u64> = (0..6).map(|_| backoff.failed().as_secs()).collect();
        assert_eq!(
            delays,
            vec![1, 2, 4, 8, 10, 10],
            "each failure doubles the wait, never past the limit"
        );
        assert_eq!(backoff.failures(), 6, "failures are counted");
        backoff.succeeded();
        assert_eq!(
            backoff.failed(),
            Duration::from_secs(1),
            "a success starts again from the first delay"
        );
    }

    #[test]
    fn many_failures_do_not_overflow() {
        let mut backoff = Backoff::default();
        for _ in 0..100 {
            backoff.failed();
        }
        assert_eq!(
            backoff.failed(),
            Duration::from_secs(300),
            "after a long outage the wait stays at the limit"
        );
        let odd = Backoff::new(Duration::from_secs(5), Duration::from_secs(1));
        assert_eq!(
            { odd }.failed(),
            Duration::from_secs(5),
            "a limit below the first delay is raised to it"
        );
    }
}
