#![forbid(unsafe_code)]
//! Timing shared by the benchmark harnesses (`crates/*/benches`, and the summary arithmetic of
//! the UI harness `tests/window/bench.rs`): which clock, how rounds are summarised, and when a
//! ratio may be printed at all.
//!
//! Words:
//! - a *round* is one timing of the work (often many calls); a figure is the *median* of its
//!   rounds, always printed with its *spread*, the min–max of the rounds;
//! - the *resolution* of a clock is the smallest step it was seen to move by (never less than
//!   what the system says it has). A ratio is printed only of figures at least
//!   [`MIN_TICKS`] resolutions long: shorter ones are whole numbers of ticks, and their ratio
//!   says more about the clock than about the work.
//!
//! Why not `/proc/thread-self/schedstat`: for the running thread it advances only at
//! scheduler ticks (4 ms on this project's machines), so a 20 ms round read as 5 or 6 ticks.
//! [`Clock::ThreadCpu`] is `clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, which the kernel brings
//! up to date on every read (nanoseconds).

pub mod process;

use std::fmt;
use std::time::{Duration, Instant};

/// A figure must be at least this many clock resolutions long to be put in a ratio.
pub const MIN_TICKS: f64 = 50.0;

/// What a harness times by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Clock {
    /// CPU time of the calling thread: other processes taking the CPU on a shared machine do
    /// not count. Right for CPU-bound work on one thread.
    ThreadCpu,
    /// Wall time (`Instant`): right where the work waits (a database, a socket, a frame).
    Wall,
}

impl Clock {
    /// The thread's CPU clock where the system has one, else wall time.
    pub fn thread_cpu_or_wall() -> Self {
        if thread_cpu().is_some() {
            Clock::ThreadCpu
        } else {
            Clock::Wall
        }
    }

    /// What to call it in a summary.
    pub fn name(self) -> &'static str {
        match self {
            Clock::ThreadCpu => "thread CPU time, clock_gettime(CLOCK_THREAD_CPUTIME_ID)",
            Clock::Wall => "wall time, Instant",
        }
    }

    /// How long `run` takes on this clock.
    pub fn time(self, run: impl FnOnce()) -> Duration {
        match self {
            Clock::ThreadCpu => {
                let before = thread_cpu();
                run();
                match (before, thread_cpu()) {
                    (Some(before), Some(after)) => after.saturating_sub(before),
                    _ => Duration::ZERO,
                }
            }
            Clock::Wall => {
                let started = Instant::now();
                run();
                started.elapsed()
            }
        }
    }

    /// The smallest step this clock was seen to move by, over a few thousand reads, and never
    /// less than a nanosecond: what [`MIN_TICKS`] counts in.
    pub fn resolution(self) -> Duration {
        let read = || match self {
            Clock::ThreadCpu => thread_cpu().unwrap_or_default(),
            Clock::Wall => WALL_ORIGIN.with(|origin| origin.elapsed()),
        };
        let mut smallest = Duration::MAX;
        let mut last = read();
        let mut moves = 0;
        // Spin until the clock has moved a few hundred times (bounded: a clock that never
        // moves in this many reads is coarser than anything measured with it).
        for _ in 0..2_000_000 {
            let now = read();
            if now > last {
                smallest = smallest.min(now - last);
                last = now;
                moves += 1;
                if moves == 200 {
                    break;
                }
            }
        }
        smallest.max(Duration::from_nanos(1))
    }
}

thread_local! {
    static WALL_ORIGIN: Instant = Instant::now();
}

#[cfg(unix)]
fn thread_cpu() -> Option<Duration> {
    use nix::time::{ClockId, clock_gettime};
    let spec = clock_gettime(ClockId::CLOCK_THREAD_CPUTIME_ID).ok()?;
    let secs = u64::try_from(spec.tv_sec()).ok()?;
    let nanos = u32::try_from(spec.tv_nsec()).ok()?;
    Some(Duration::new(secs, nanos))
}

#[cfg(not(unix))]
fn thread_cpu() -> Option<Duration> {
    None
}

/// The rounds of one figure: its median and spread.
#[derive(Debug, Clone, PartialEq)]
pub struct Rounds(Vec<f64>);

impl Rounds {
    /// Rounds given as numbers in one unit (seconds, milliseconds: the caller's).
    pub fn of(mut values: Vec<f64>) -> Self {
        assert!(!values.is_empty(), "a figure needs at least one round");
        values.sort_by(f64::total_cmp);
        Self(values)
    }

    /// Rounds given as durations, kept in seconds.
    pub fn of_durations(values: &[Duration]) -> Self {
        Self::of(values.iter().map(Duration::as_secs_f64).collect())
    }

    /// The middle round (the mean of the two middle ones for an even count).
    pub fn median(&self) -> f64 {
        let middle = self.0.len() / 2;
        if self.0.len().is_multiple_of(2) {
            (self.0[middle - 1] + self.0[middle]) / 2.0
        } else {
            self.0[middle]
        }
    }

    pub fn min(&self) -> f64 {
        self.0[0]
    }

    pub fn max(&self) -> f64 {
        self.0[self.0.len() - 1]
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every round multiplied by `factor` (seconds to milliseconds, a total to per call).
    pub fn scaled(&self, factor: f64) -> Self {
        Self(self.0.iter().map(|v| v * factor).collect())
    }

    /// "median unit (min–max)" with `decimals` decimals.
    pub fn show(&self, unit: &str, decimals: usize) -> String {
        format!(
            "{:.decimals$} {unit} ({:.decimals$}–{:.decimals$}, n {})",
            self.median(),
            self.min(),
            self.max(),
            self.len()
        )
    }
}

/// `a` over `b`, as medians, with the spread of the per-round ratios when the rounds were
/// interleaved in pairs — or the reason there is no ratio: a median shorter than
/// [`MIN_TICKS`] resolutions. Both in the unit of `resolution` (seconds for durations).
#[derive(Debug, Clone, PartialEq)]
pub enum Ratio {
    Of {
        median: f64,
        /// Min–max of the ratios of paired rounds, when the rounds were paired.
        spread: Option<(f64, f64)>,
    },
    TooShort {
        /// The shorter median, in ticks of the clock.
        ticks: f64,
    },
}

impl Ratio {
    /// The ratio of the medians of `a` and `b`, measured by a clock of `resolution` (same
    /// unit as the rounds); none when either median is under [`MIN_TICKS`] resolutions.
    pub fn of(a: &Rounds, b: &Rounds, resolution: f64) -> Self {
        let ticks = a.median().min(b.median()) / resolution;
        if ticks < MIN_TICKS || !ticks.is_finite() {
            return Ratio::TooShort { ticks };
        }
        Ratio::Of {
            median: a.median() / b.median(),
            spread: None,
        }
    }

    /// As [`Ratio::of`], from rounds taken in pairs (`a[i]` beside `b[i]`): the spread is that
    /// of the ratios of the pairs.
    pub fn of_pairs(a: &[f64], b: &[f64], resolution: f64) -> Self {
        let ratio = Self::of(&Rounds::of(a.to_vec()), &Rounds::of(b.to_vec()), resolution);
        match ratio {
            Ratio::Of { median, .. } => {
                let pairs = Rounds::of(a.iter().zip(b).map(|(a, b)| a / b).collect());
                Ratio::Of {
                    median,
                    spread: Some((pairs.min(), pairs.max())),
                }
            }
            too_short => too_short,
        }
    }

    /// The ratio, if the figures were long enough to have one.
    pub fn value(&self) -> Option<f64> {
        match self {
            Ratio::Of { median, .. } => Some(*median),
            Ratio::TooShort { .. } => None,
        }
    }

    /// "PASS"/"MISS" against `limit`, or "not judged" without a ratio.
    pub fn verdict(&self, limit: f64) -> &'static str {
        match self.value() {
            Some(ratio) if ratio <= limit => "PASS",
            Some(_) => "MISS",
            None => "not judged",
        }
    }
}

impl fmt::Display for Ratio {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Ratio::Of {
                median,
                spread: Some((min, max)),
            } => write!(f, "{median:.2}× (pairs {min:.2}–{max:.2})"),
            Ratio::Of {
                median,
                spread: None,
            } => write!(f, "{median:.2}×"),
            Ratio::TooShort { ticks } => write!(
                f,
                "no ratio: a figure is {ticks:.0} clock ticks long, under {MIN_TICKS}"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_and_spread_come_from_sorted_rounds() {
        let rounds = Rounds::of(vec![5.0, 1.0, 3.0]);
        assert_eq!(
            (rounds.median(), rounds.min(), rounds.max()),
            (3.0, 1.0, 5.0),
            "the middle round, and the extremes"
        );
        assert_eq!(
            Rounds::of(vec![4.0, 1.0, 2.0, 3.0]).median(),
            2.5,
            "an even count takes the mean of the two middle rounds"
        );
        assert_eq!(
            rounds.show("ms", 1),
            "3.0 ms (1.0–5.0, n 3)",
            "the spread is printed beside the median"
        );
    }

    #[test]
    fn no_ratio_of_figures_shorter_than_fifty_ticks() {
        // A page clock of 1 ms: a 7 ms drop against a 1 ms ping is no ratio.
        let drop = Rounds::of(vec![7.0, 6.0, 11.0]);
        let ping = Rounds::of(vec![1.0, 1.0, 2.0]);
        assert_eq!(
            Ratio::of(&drop, &ping, 1.0),
            Ratio::TooShort { ticks: 1.0 },
            "the ping is one tick long"
        );
        assert_eq!(Ratio::of(&drop, &ping, 1.0).verdict(3.0), "not judged");
        let long = Rounds::of(vec![120.0]);
        let base = Rounds::of(vec![60.0]);
        assert_eq!(
            Ratio::of(&long, &base, 1.0).value(),
            Some(2.0),
            "60 and 120 ticks make a ratio"
        );
    }

    #[test]
    fn paired_rounds_give_the_spread_of_their_ratios() {
        let ratio = Ratio::of_pairs(&[200.0, 300.0, 100.0], &[100.0, 100.0, 100.0], 1.0);
        assert_eq!(
            ratio,
            Ratio::Of {
                median: 2.0,
                spread: Some((1.0, 3.0))
            },
            "the median ratio of the medians, the spread of each pair's"
        );
        assert_eq!(ratio.to_string(), "2.00× (pairs 1.00–3.00)");
    }

    #[test]
    fn the_thread_clock_moves_in_steps_far_finer_than_a_scheduler_tick() {
        let clock = Clock::thread_cpu_or_wall();
        let resolution = clock.resolution();
        assert!(
            resolution < Duration::from_millis(1),
            "{} must resolve well under the 4 ms ticks of schedstat; it moved by {resolution:?}",
            clock.name()
        );
        let spent = clock.time(|| {
            let mut x = 0u64;
            for i in 0..200_000u64 {
                x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
            }
        });
        assert!(
            spent > Duration::ZERO,
            "a loop of 200,000 steps takes some CPU time on {}",
            clock.name()
        );
    }
}
