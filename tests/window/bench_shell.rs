//! The desktop shell against an empty Tauri app of the same Tauri version (issue 15): a
//! harness, not a timed test — it prints, it asserts no time. `cargo xtask bench --shell`
//! builds the release UI, the release app and the empty app (`xtask/empty-tauri`), starts
//! Xvfb and runs it; everywhere else the window test binary skips it (`--skip bench_`).
//!
//! Both apps are measured the same way, from outside, in the same run:
//! - start to first paint: from spawning the process until the lower half of its window (the
//!   webview's part: below Switchboard's menu bar) is no longer one colour, read from the X
//!   server (`GetImage`) — both pages have a dark sidebar on a light page, so their first
//!   paint shows there. One warm-up launch, then [`ROUNDS`] measured ones (warm disk cache:
//!   "cold" is a fresh process, not a cold disk);
//! - idle memory: the resident set (`VmRSS`) of the app's process and every process under it
//!   (WebKit's web and network processes), [`IDLE`] after the first paint;
//! - the binaries' sizes, and the UI's wasm (release) raw and with brotli (quality 11).

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use x11rb::connection::Connection as _;
use x11rb::protocol::xproto::{AtomEnum, ConnectionExt as _, ImageFormat, MapState};

/// Measured launches of each app (after one warm-up launch).
const ROUNDS: usize = 5;
/// How long each app is left idle before its memory is read.
const IDLE: Duration = Duration::from_secs(5);
/// The longest a launch may take to paint before the harness gives up.
const PAINT_LIMIT: Duration = Duration::from_secs(60);

/// One app under measurement.
struct Subject {
    name: &'static str,
    binary: PathBuf,
    args: Vec<String>,
    title: &'static str,
}

/// What one launch measured.
struct Launch {
    first_paint: Duration,
    rss_kib: u64,
}

#[tokio::test]
#[ignore = "a benchmark: run with `cargo xtask bench --shell`"]
async fn bench_shell_against_an_empty_tauri_app() {
    let binary = |var: &str| {
        PathBuf::from(std::env::var_os(var).unwrap_or_else(|| {
            panic!("{var} is not set: run this benchmark with `cargo xtask bench --shell`")
        }))
    };
    let dir = tempfile::tempdir().expect("a folder");
    let database = dir.path().join("bench.db");
    let subjects = [
        Subject {
            name: "Switchboard",
            binary: binary("SWITCHBOARD_BENCH_APP"),
            args: vec![
                "--database".into(),
                database.to_str().expect("a UTF-8 path").into(),
            ],
            title: "Switchboard",
        },
        Subject {
            name: "empty Tauri app",
            binary: binary("SWITCHBOARD_BENCH_EMPTY_APP"),
            args: Vec::new(),
            title: "Empty",
        },
    ];
    let mut results = Vec::new();
    for subject in &subjects {
        launch(subject);
        let launches: Vec<Launch> = (0..ROUNDS).map(|_| launch(subject)).collect();
        results.push(launches);
    }
    let median = |mut values: Vec<f64>| {
        values.sort_by(f64::total_cmp);
        (
            values[values.len() / 2],
            values[0],
            values[values.len() - 1],
        )
    };
    let paint = |launches: &[Launch]| {
        median(
            launches
                .iter()
                .map(|l| l.first_paint.as_secs_f64() * 1000.0)
                .collect(),
        )
    };
    let rss =
        |launches: &[Launch]| median(launches.iter().map(|l| l.rss_kib as f64 / 1024.0).collect());
    let size = |path: &Path| std::fs::metadata(path).expect("a binary").len() as f64 / 1e6;
    let (app_paint, empty_paint) = (paint(&results[0]), paint(&results[1]));
    let (app_rss, empty_rss) = (rss(&results[0]), rss(&results[1]));
    let (app_size, empty_size) = (size(&subjects[0].binary), size(&subjects[1].binary));
    let (wasm_raw, wasm_brotli) = wasm_sizes();
    let verdict = |ratio: f64, target: f64| if ratio <= target { "met" } else { "MISS" };
    println!(
        "\nThe desktop shell against an empty Tauri app ({ROUNDS} launches each, median (min–max)):\n"
    );
    println!("| what | Switchboard | empty Tauri app | ratio | target |");
    println!("|---|---|---|---|---|");
    println!(
        "| start to first paint | {:.0} ms ({:.0}–{:.0}) | {:.0} ms ({:.0}–{:.0}) | {:.2}× | ≤ 1.3× ({}) |",
        app_paint.0,
        app_paint.1,
        app_paint.2,
        empty_paint.0,
        empty_paint.1,
        empty_paint.2,
        app_paint.0 / empty_paint.0,
        verdict(app_paint.0 / empty_paint.0, 1.3)
    );
    println!(
        "| idle memory, app + WebKit processes (RSS) | {:.0} MB ({:.0}–{:.0}) | {:.0} MB ({:.0}–{:.0}) | {:.2}× | ≤ 1.3× ({}) |",
        app_rss.0,
        app_rss.1,
        app_rss.2,
        empty_rss.0,
        empty_rss.1,
        empty_rss.2,
        app_rss.0 / empty_rss.0,
        verdict(app_rss.0 / empty_rss.0, 1.3)
    );
    println!(
        "| release binary | {app_size:.1} MB | {empty_size:.1} MB | {:.2}× | ≤ 3× ({}) |",
        app_size / empty_size,
        verdict(app_size / empty_size, 3.0)
    );
    println!(
        "| UI wasm (release) | {:.0} KB raw, {:.0} KB brotli | — | — | < 1 MB brotli ({}) |",
        wasm_raw as f64 / 1024.0,
        wasm_brotli as f64 / 1024.0,
        verdict(wasm_brotli as f64, 1024.0 * 1024.0)
    );
}

/// Launches `subject`, waits for its first paint, lets it idle, reads its memory, stops it.
fn launch(subject: &Subject) -> Launch {
    // A window of the same title left on the display (an earlier run that failed) would be
    // measured instead of this launch's.
    let (conn, screen) = x11rb::connect(None).expect("the X display ($DISPLAY)");
    let root = conn.setup().roots[screen].root;
    assert!(
        find_window(&conn, root, subject.title).is_none(),
        "a window titled {:?} is already open on this display: end that program, then run the benchmark again",
        subject.title
    );
    let started = Instant::now();
    let mut child = Running(
        Command::new(&subject.binary)
            .args(&subject.args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start {}: {err}", subject.binary.display())),
    );
    let first_paint = wait_for_paint(subject, &mut child.0, started);
    std::thread::sleep(IDLE);
    let rss_kib = tree_rss_kib(child.0.id());
    Launch {
        first_paint,
        rss_kib,
    }
}

/// A launched app, stopped when dropped — also when the harness fails mid-launch.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        stop(&mut self.0);
    }
}

/// Polls the X server until `subject`'s window shows more than one colour in its lower half.
fn wait_for_paint(subject: &Subject, child: &mut Child, started: Instant) -> Duration {
    let (conn, screen) = x11rb::connect(None).expect("the X display ($DISPLAY)");
    let root = conn.setup().roots[screen].root;
    loop {
        if let Ok(Some(status)) = child.try_wait() {
            panic!("{} exited before it painted ({status})", subject.name);
        }
        assert!(
            started.elapsed() < PAINT_LIMIT,
            "{} did not paint within {PAINT_LIMIT:?}",
            subject.name
        );
        if let Some(window) = find_window(&conn, root, subject.title)
            && painted(&conn, window)
        {
            return started.elapsed();
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

fn find_window(conn: &impl x11rb::connection::Connection, root: u32, title: &str) -> Option<u32> {
    conn.query_tree(root)
        .ok()?
        .reply()
        .ok()?
        .children
        .into_iter()
        .find(|window| {
            conn.get_property(false, *window, AtomEnum::WM_NAME, AtomEnum::ANY, 0, 256)
                .ok()
                .and_then(|cookie| cookie.reply().ok())
                .is_some_and(|name| name.value == title.as_bytes())
        })
}

/// Whether the lower half of `window` is mapped and shows more than one colour.
fn painted(conn: &impl x11rb::connection::Connection, window: u32) -> bool {
    let viewable = conn
        .get_window_attributes(window)
        .ok()
        .and_then(|cookie| cookie.reply().ok())
        .is_some_and(|attributes| attributes.map_state == MapState::VIEWABLE);
    let Some(geometry) = viewable
        .then(|| conn.get_geometry(window).ok()?.reply().ok())
        .flatten()
    else {
        return false;
    };
    let (width, half) = (geometry.width, geometry.height / 2);
    let Some(image) = conn
        .get_image(
            ImageFormat::Z_PIXMAP,
            window,
            0,
            half as i16,
            width,
            half,
            !0,
        )
        .ok()
        .and_then(|cookie| cookie.reply().ok())
    else {
        return false;
    };
    // 32 bits a pixel at depth 24; the fourth byte is padding.
    let pixel = |chunk: &[u8]| [chunk[0], chunk[1], chunk[2]];
    let mut pixels = image.data.chunks_exact(4).step_by(7).map(pixel);
    let Some(first) = pixels.next() else {
        return false;
    };
    pixels.any(|other| other != first)
}

/// The resident set of `pid` and every process under it, in KiB.
fn tree_rss_kib(pid: u32) -> u64 {
    let mut parents = Vec::new();
    for entry in std::fs::read_dir("/proc").expect("/proc").flatten() {
        let Ok(child) = entry.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(stat) = std::fs::read_to_string(entry.path().join("stat")) else {
            continue;
        };
        // The command name is in parentheses and may hold spaces: the parent comes after it.
        let parent = stat
            .rsplit_once(')')
            .and_then(|(_, rest)| rest.split_whitespace().nth(1))
            .and_then(|parent| parent.parse::<u32>().ok());
        if let Some(parent) = parent {
            parents.push((child, parent));
        }
    }
    let mut tree = vec![pid];
    let mut next = 0;
    while next < tree.len() {
        let here = tree[next];
        tree.extend(
            parents
                .iter()
                .filter(|(_, parent)| *parent == here)
                .map(|(child, _)| *child),
        );
        next += 1;
    }
    tree.iter()
        .filter_map(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .filter_map(|status| {
            status
                .lines()
                .find_map(|line| line.strip_prefix("VmRSS:"))
                .and_then(|value| {
                    value
                        .trim()
                        .trim_end_matches("kB")
                        .trim()
                        .parse::<u64>()
                        .ok()
                })
        })
        .sum()
}

/// Asks the app to end (SIGTERM, as at log-out) and waits for it.
fn stop(child: &mut Child) {
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// The release UI's wasm: its size, and its size with brotli at quality 11.
fn wasm_sizes() -> (u64, u64) {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("src-ui/dist");
    let wasm = std::fs::read_dir(&dist)
        .expect("src-ui/dist: build the release UI first")
        .flatten()
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "wasm"))
        .expect("a .wasm in src-ui/dist");
    let bytes = std::fs::read(&wasm).expect("read the wasm");
    let mut compressed = Vec::new();
    {
        let mut writer = brotli::CompressorWriter::new(&mut compressed, 4096, 11, 22);
        writer.write_all(&bytes).expect("compress");
    }
    (bytes.len() as u64, compressed.len() as u64)
}
