//! What the kernel knows about a running process (Linux `/proc`): when it started, on the
//! wall clock, and how much memory it and its descendants hold. For harnesses that time a
//! whole app from its start (the window benchmark of opening a practice).
//!
//! Words: the *start* of a process is the moment it was created (`/proc/<pid>/stat` field 22,
//! in the kernel's `USER_HZ` ticks since boot: 10 ms steps on Linux, which exports 100 per
//! second whatever its internal tick), put on the Unix wall clock by adding the moment of boot
//! (`CLOCK_REALTIME` − `CLOCK_BOOTTIME`, read now, nanoseconds). *RSS* is `VmRSS` of
//! `/proc/<pid>/status`: the memory resident in RAM (shared pages counted in every process
//! that maps them). A thread's *CPU time* is the first field of
//! `/proc/<pid>/task/<tid>/schedstat`: nanoseconds it has run, brought up to date whenever it
//! leaves the CPU — exact for a thread that is waiting when it is read (a running thread's
//! figure may lag by up to a scheduler tick, 4 ms here).

use std::path::Path;

/// The kernel's `USER_HZ`: the unit of process start times in `/proc` (fixed at 100 on Linux).
pub const USER_HZ: f64 = 100.0;

/// The step of [`started_at_ms`], in milliseconds.
pub const START_RESOLUTION_MS: f64 = 1000.0 / USER_HZ;

/// When process `pid` started, in milliseconds since the Unix epoch (10 ms steps, see the
/// module's words); `None` when it is gone or this is not Linux.
pub fn started_at_ms(pid: u32) -> Option<f64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let ticks: f64 = stat_fields(&stat)?.nth(19)?.parse().ok()?;
    Some(boot_ms()? + ticks * 1000.0 / USER_HZ)
}

/// The fields after the command name (which may hold spaces and parentheses): field 3 on.
fn stat_fields(stat: &str) -> Option<std::str::SplitWhitespace<'_>> {
    let after_name = stat.rfind(')')?;
    Some(stat[after_name + 1..].split_whitespace())
}

/// The moment of boot, in milliseconds since the Unix epoch.
#[cfg(target_os = "linux")]
fn boot_ms() -> Option<f64> {
    use nix::time::{ClockId, clock_gettime};
    let since_boot = clock_gettime(ClockId::CLOCK_BOOTTIME).ok()?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    let since_boot_ms = since_boot.tv_sec() as f64 * 1000.0 + since_boot.tv_nsec() as f64 / 1e6;
    Some(now.as_secs_f64() * 1000.0 - since_boot_ms)
}

#[cfg(not(target_os = "linux"))]
fn boot_ms() -> Option<f64> {
    None
}

/// `VmRSS` of process `pid` in KiB; `None` when it is gone (or a kernel thread).
pub fn rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The CPU time thread `tid` of process `pid` has run so far, in nanoseconds (see the
/// module's words: read it while the thread waits); `None` when it is gone or the kernel keeps
/// no scheduler statistics.
pub fn thread_cpu_ns(pid: u32, tid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/schedstat"))
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

/// The minor page faults thread `tid` of process `pid` has taken so far: pages it touched
/// for the first time (a fresh buffer's pages, say); `None` when it is gone.
pub fn thread_minor_faults(pid: u32, tid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/stat")).ok()?;
    // The command (field 2) is in parentheses and may hold spaces; after it come the state
    // (field 3) and, seven fields on, minflt (field 10).
    let after_command = stat.get(stat.rfind(')')? + 2..)?;
    after_command.split(' ').nth(7)?.parse().ok()
}

/// The CPU time all threads of process `pid` have run so far, in nanoseconds: the sum of
/// [`thread_cpu_ns`] over its threads (a thread running while it is read may lag by up to a
/// scheduler tick); `None` when it is gone.
pub fn process_cpu_ns(pid: u32) -> Option<u64> {
    Some(
        threads(pid)?
            .filter_map(|tid| thread_cpu_ns(pid, tid))
            .sum(),
    )
}

/// The threads of process `pid` whose name (`/proc/<pid>/task/<tid>/comm`, at most 15 bytes)
/// starts with `prefix`; empty when it is gone.
pub fn threads_named(pid: u32, prefix: &str) -> Vec<u32> {
    threads(pid)
        .into_iter()
        .flatten()
        .filter(|tid| {
            std::fs::read_to_string(format!("/proc/{pid}/task/{tid}/comm"))
                .is_ok_and(|name| name.starts_with(prefix))
        })
        .collect()
}

/// The thread ids of process `pid` (`/proc/<pid>/task`); `None` when it is gone.
fn threads(pid: u32) -> Option<impl Iterator<Item = u32>> {
    let tasks = std::fs::read_dir(format!("/proc/{pid}/task")).ok()?;
    Some(
        tasks
            .flatten()
            .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok()),
    )
}

/// The command name of process `pid` (`/proc/<pid>/comm`, at most 15 bytes).
pub fn name(pid: u32) -> Option<String> {
    std::fs::read_to_string(format!("/proc/{pid}/comm"))
        .ok()
        .map(|name| name.trim_end().to_string())
}

/// Every process below `pid` (children, their children, …), found through each process's
/// parent in `/proc/<pid>/stat`.
pub fn descendants(pid: u32) -> Vec<u32> {
    let parents: Vec<(u32, u32)> = std::fs::read_dir(Path::new("/proc"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| entry.file_name().to_str()?.parse::<u32>().ok())
        .filter_map(|child| {
            let stat = std::fs::read_to_string(format!("/proc/{child}/stat")).ok()?;
            let parent = stat_fields(&stat)?.nth(1)?.parse().ok()?;
            Some((child, parent))
        })
        .collect();
    let mut found = Vec::new();
    let mut frontier = vec![pid];
    while let Some(parent) = frontier.pop() {
        for &(child, of) in &parents {
            if of == parent && !found.contains(&child) {
                found.push(child);
                frontier.push(child);
            }
        }
    }
    found
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use std::time::{SystemTime, UNIX_EPOCH};

    use super::*;

    #[test]
    fn this_process_started_before_now_and_holds_memory() {
        let pid = std::process::id();
        let started = started_at_ms(pid).expect("our own start time");
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .expect("after 1970")
            .as_secs_f64()
            * 1000.0;
        assert!(
            started <= now + START_RESOLUTION_MS && now - started < 3_600_000.0,
            "a test process started within the last hour, not in the future: {started} vs {now}"
        );
        assert!(
            rss_kib(pid).is_some_and(|kib| kib > 0),
            "a running process has resident memory"
        );
    }

    #[test]
    fn a_thread_s_cpu_time_grows_by_the_work_it_did() {
        use std::sync::mpsc::channel;
        use std::time::Duration;
        let pid = std::process::id();
        let (tell, told) = channel();
        let (go, wait) = channel::<()>();
        let worker = std::thread::spawn(move || {
            // `/proc/thread-self` links to `<pid>/task/<tid>`.
            let me = std::fs::read_link("/proc/thread-self").expect("/proc/thread-self");
            let tid = me
                .file_name()
                .and_then(|tid| tid.to_str()?.parse().ok())
                .expect("a thread id");
            tell.send(tid).expect("send the thread id");
            // Wait (off the CPU) until asked, spin for 50 ms of this thread's own CPU time,
            // say so, and wait again while it is read.
            wait.recv().expect("go");
            let start = crate::thread_cpu().expect("the thread's CPU clock");
            let mut x = 0u64;
            while crate::thread_cpu().expect("the clock") - start < Duration::from_millis(50) {
                x = std::hint::black_box(x.wrapping_add(1));
            }
            tell.send(0).expect("say it is done");
            wait.recv().ok();
        });
        let tid = told.recv().expect("the worker's thread id");
        std::thread::sleep(Duration::from_millis(20));
        let before = thread_cpu_ns(pid, tid).expect("a waiting thread's CPU time reads");
        go.send(()).expect("start the spin");
        told.recv().expect("the spin ends");
        std::thread::sleep(Duration::from_millis(20));
        let after = thread_cpu_ns(pid, tid).expect("it reads again");
        let whole = process_cpu_ns(pid).expect("the whole process reads");
        let named = threads_named(pid, "");
        drop(go);
        worker.join().expect("the worker ends");
        let spun_ms = (after - before) as f64 / 1e6;
        assert!(
            (50.0..=55.0).contains(&spun_ms),
            "50 ms of spinning read as {spun_ms:.3} ms of the thread's CPU time"
        );
        assert!(
            whole >= after,
            "the process's CPU time ({whole} ns) holds its thread's ({after} ns)"
        );
        assert!(
            named.contains(&tid) && named.contains(&pid),
            "every thread's name starts with the empty prefix: {named:?}"
        );
    }

    #[test]
    fn a_thread_s_minor_faults_grow_as_it_touches_fresh_memory() {
        // 64 MiB: above glibc's largest mmap threshold (32 MiB), so fresh pages from the
        // kernel; one fault per 4 KiB page, or per 2 MiB where huge pages are always on.
        const SIZE: usize = 64 << 20;
        const LEAST: u64 = (SIZE >> 21) as u64;
        let pid = std::process::id();
        let me = std::fs::read_link("/proc/thread-self").expect("/proc/thread-self");
        let tid = me
            .file_name()
            .and_then(|tid| tid.to_str()?.parse().ok())
            .expect("a thread id");
        let before = thread_minor_faults(pid, tid).expect("our own thread reads");
        let mut fresh = vec![0u8; SIZE];
        for page in fresh.chunks_mut(4096) {
            page[0] = 1;
        }
        let after = thread_minor_faults(pid, tid).expect("our own thread reads");
        assert_eq!(fresh.iter().filter(|&&b| b == 1).count(), SIZE / 4096);
        assert!(
            after - before >= LEAST,
            "touching 64 MiB of fresh memory faulted at least {LEAST} times: {before} → {after}"
        );
    }

    #[test]
    fn a_child_is_found_below_its_parent() {
        let mut child = std::process::Command::new("sleep")
            .arg("5")
            .spawn()
            .expect("start sleep");
        let found = descendants(std::process::id());
        let _ = child.kill();
        let _ = child.wait();
        assert!(
            found.contains(&child.id()),
            "the child we started is among our descendants"
        );
        assert!(name(std::process::id()).is_some(), "our own name reads");
    }
}
