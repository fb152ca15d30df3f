#![forbid(unsafe_code)]
//! `cargo xtask`: the project's tasks. Each one installs what it needs first, so a fresh
//! machine with only rustup gets from clone to a running app (`run`) or a green suite (`test`).
//!
//! - `run [--release] [-- APP ARGS]`: build the UI and open the app.
//! - `server [-- SERVER ARGS]`: run the practice server (`switchboard-server`; `serve` on
//!   127.0.0.1 with an SQLite file in the platform's data folder unless told otherwise).
//! - `test`: fmt, clippy, every test (the practice server's against SQLite and a throwaway
//!   PostgreSQL it installs and starts), and the real-window tests under Xvfb (one or two that
//!   fail run once more, alone, and are named: `FAILED ONCE`).
//! - `ui [--release]`: build the UI into src-ui/dist only.
//! - `setup [--test]`: install prerequisites only.
//! - `bundle [--check]`: the release installers (here the .deb); `--check` installs the .deb
//!   with dpkg and starts the installed app once under Xvfb (not run by `test`: see README).
//! - `bench [--ui | --server | --shell] [-- CRITERION ARGS]`: the benchmarks (release build),
//!   each printing its ratios against a baseline measured in the same run; see BENCHMARKS.md.
//!   CI builds them (clippy `--all-targets` in `test`) but never runs them. The UI timings
//!   (release UI, real window under Xvfb) run last; `--ui` runs only them. `--shell` runs only
//!   the desktop shell against an empty Tauri app it builds (`xtask/empty-tauri`).

mod bundle;
mod postgres;
mod prereq;
mod shell;
mod xvfb;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use shell::{Step, cargo};

const USAGE: &str = "usage: cargo xtask <run [--release] [-- APP ARGS] | server [-- SERVER ARGS] | test | ui [--release] | setup [--test] | bundle [--check] | bench [--ui | --server | --shell] [-- CRITERION ARGS]>";
const UI_CRATE: &str = "switchboard-ui";
const WASM_TARGET: &str = "wasm32-unknown-unknown";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = match args.first().map(String::as_str) {
        Some("run") => run(&args[1..]),
        Some("server") => server(&args[1..]),
        Some("test") => test(),
        Some("bench") => bench(&args[1..]),
        Some("bundle") => bundle::bundle(args.iter().any(|a| a == "--check")),
        Some("ui") => {
            let release = args.iter().any(|a| a == "--release");
            prereq::ui()
                .and_then(|()| build_ui(release))
                .and_then(|()| prereq::app())
                .and_then(|()| embed_ui(release))
        }
        Some("setup") => {
            let with_tests = args.iter().any(|a| a == "--test");
            prereq::ui()
                .and_then(|()| prereq::app())
                .and_then(|()| if with_tests { prereq::tests() } else { Ok(()) })
        }
        _ => Err(USAGE.to_string()),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("\nxtask: {message}");
            ExitCode::FAILURE
        }
    }
}

/// The workspace root (where the root Cargo.toml is). `cargo run` tells the running xtask its
/// manifest folder, which is right even when several checkouts share one target folder (and
/// so one xtask binary); the compile-time folder is the fallback.
fn root() -> PathBuf {
    let manifest = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    manifest
        .parent()
        .expect("xtask lives one folder below the workspace root")
        .to_path_buf()
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

fn run(args: &[String]) -> Result<(), String> {
    let release = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--release");
    let app_args: Vec<&str> = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .map(String::as_str)
        .collect();
    prereq::ui()?;
    prereq::app()?;
    build_ui(release)?;
    let mut command = cargo(&["run", "--package", "switchboard"]);
    if release {
        command.arg("--release");
    }
    if !app_args.is_empty() {
        command.arg("--").args(&app_args);
    }
    Step::new("open the app", command).run()
}

/// Runs the practice server with `args` (after `--`).
fn server(args: &[String]) -> Result<(), String> {
    let server_args: Vec<&str> = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .map(String::as_str)
        .collect();
    let mut command = cargo(&["run", "--package", "switchboard-server", "--"]);
    command.args(&server_args);
    Step::new("run the practice server", command).run()
}

/// Builds src-ui to wasm and writes the static files the shell embeds into src-ui/dist.
pub(crate) fn build_ui(release: bool) -> Result<(), String> {
    let started = Instant::now();
    let mut build = cargo(&["build", "--package", UI_CRATE, "--target", WASM_TARGET]);
    if release {
        build.arg("--release");
    }
    Step::new("build the UI (wasm)", build).run()?;

    let profile = if release { "release" } else { "debug" };
    let wasm = target_dir()
        .join(WASM_TARGET)
        .join(profile)
        .join(format!("{}.wasm", UI_CRATE.replace('-', "_")));
    let dist = root().join("src-ui/dist");
    std::fs::create_dir_all(&dist)
        .map_err(|err| format!("cannot create {}: {err}", dist.display()))?;
    let mut bindgen = std::process::Command::new("wasm-bindgen");
    bindgen.args(["--target", "web", "--no-typescript"]);
    if release {
        // The function names (a third of the release wasm) serve only a debugger's stack
        // traces; the debug UI keeps them.
        bindgen.args(["--remove-name-section", "--remove-producers-section"]);
    }
    bindgen.arg("--out-dir").arg(&dist).arg(&wasm);
    Step::new("write the UI's JavaScript bindings (wasm-bindgen)", bindgen).run()?;

    for file in ["index.html", "main.js", "theme.js", "style.css"] {
        let from = root().join("src-ui").join(file);
        std::fs::copy(&from, dist.join(file))
            .map_err(|err| format!("cannot copy {} into src-ui/dist: {err}", from.display()))?;
    }
    println!(
        "xtask: UI ready in src-ui/dist ({:.1} s)",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Compresses the new UI into the app once, on its own, before anything builds the app's
/// library beside its unit tests. Tauri's `generate_context!` compresses each asset into a
/// file named by its content in the build script's folder, writes it only when that file is
/// missing, and never again (its date is set to 2000, so cargo never sees it change). When the
/// library and its unit tests expand the macro at the same time (`cargo test`, `cargo build
/// --tests` after a new UI), one of them can embed the file while the other is still writing
/// it: that app serves a cut-off `switchboard_ui_bg.wasm` ("doesn't start with '\0asm'") and
/// shows "Opening the practice…" for ever, until `cargo clean -p switchboard`. Building the
/// library's unit tests alone (the test build's features: the same build-script folder as
/// the window tests' library) writes the files first; later builds find them whole.
fn embed_ui(release: bool) -> Result<(), String> {
    let mut build = cargo(&["test", "--package", "switchboard", "--lib", "--no-run"]);
    if release {
        build.arg("--release");
    }
    Step::new(
        "compress the new UI into the app (its unit tests' build)",
        build,
    )
    .run()
}

/// The benchmarks: routing and validation (core), applying changes (store), then the UI
/// timings in a real window (`--ui`: only those).
fn bench(args: &[String]) -> Result<(), String> {
    let only_ui = args.iter().take_while(|a| *a != "--").any(|a| a == "--ui");
    let only_server = args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--server");
    if only_server {
        return server_benches();
    }
    if args
        .iter()
        .take_while(|a| *a != "--")
        .any(|a| a == "--shell")
    {
        return shell_bench();
    }
    if !only_ui {
        criterion_benches(args)?;
        server_benches()?;
    }
    ui_timings()?;
    println!("\nxtask: benchmarks done; each printed its ratios in its summary above");
    Ok(())
}

/// The practice server's benchmarks (release), against SQLite and a throwaway PostgreSQL, and
/// the app's sync against a server on 127.0.0.1.
fn server_benches() -> Result<(), String> {
    let postgres = if cfg!(target_os = "linux") {
        Some(postgres::Postgres::start()?)
    } else {
        None
    };
    // The server's own figures (issue 12), then sync as the app does it (issue 14).
    for (what, bench) in [
        ("benchmark the practice server", "sync"),
        ("benchmark sync in the app", "app_sync"),
    ] {
        let mut command = cargo(&["bench", "--package", "switchboard-server", "--bench", bench]);
        if let Some(postgres) = &postgres {
            command.env("SWITCHBOARD_TEST_POSTGRES_URL", postgres.url());
        }
        Step::new(what, command).run()?;
    }
    Ok(())
}

/// The criterion benchmarks of core and store.
fn criterion_benches(args: &[String]) -> Result<(), String> {
    let extra: Vec<&str> = args
        .iter()
        .skip_while(|a| *a != "--")
        .skip(1)
        .map(String::as_str)
        .collect();
    for (what, package, target) in [
        (
            "benchmark routing and validation",
            "switchboard-core",
            "route",
        ),
        ("benchmark the store", "switchboard-store", "apply"),
        ("benchmark FHIR planning", "switchboard-core", "fhir"),
    ] {
        let mut command = cargo(&["bench", "--package", package, "--bench", target]);
        if !extra.is_empty() {
            command.arg("--").args(&extra);
        }
        Step::new(what, command).run()?;
    }
    Ok(())
}

/// Before a benchmark in a real window: `false` (and a line saying so) off Linux, where it
/// needs `needs`; else the prerequisites are installed and the release UI is built.
fn window_bench_ready(what: &str, needs: &str) -> Result<bool, String> {
    if !cfg!(target_os = "linux") {
        println!("xtask: {what} run on Linux only ({needs}); not run here.");
        return Ok(false);
    }
    prereq::ui()?;
    prereq::app()?;
    prereq::tests()?;
    build_ui(true)?;
    embed_ui(true)?;
    Ok(true)
}

/// The desktop shell against an empty Tauri app of the same Tauri version (issue 15,
/// `tests/window/bench_shell.rs`): the release app and the empty app (`xtask/empty-tauri`,
/// copied under the target folder with the workspace's Cargo.lock so that it gets the same
/// Tauri), each launched under Xvfb.
fn shell_bench() -> Result<(), String> {
    if !window_bench_ready("the shell benchmark", "X11, /proc")? {
        return Ok(());
    }
    Step::new(
        "build the release app",
        cargo(&["build", "--release", "--package", "switchboard"]),
    )
    .run()?;
    let target = target_dir();
    let empty = target.join("empty-tauri");
    let template = root().join("xtask/empty-tauri");
    for file in [
        "Cargo.toml",
        "build.rs",
        "tauri.conf.json",
        "src/main.rs",
        "dist/index.html",
    ] {
        let to = empty.join(file);
        if let Some(folder) = to.parent() {
            std::fs::create_dir_all(folder)
                .map_err(|err| format!("cannot create {}: {err}", folder.display()))?;
        }
        let text = std::fs::read_to_string(template.join(file))
            .map_err(|err| format!("cannot read the empty app's {file}: {err}"))?;
        // Its icons are the workspace's, wherever the target folder is
        // (CARGO_TARGET_DIR may lie outside the workspace).
        let icons = root().join("icons");
        let text = text.replace("../../icons/", &format!("{}/", icons.display()));
        std::fs::write(&to, text)
            .map_err(|err| format!("cannot copy the empty app's {file}: {err}"))?;
    }
    std::fs::copy(root().join("Cargo.lock"), empty.join("Cargo.lock"))
        .map_err(|err| format!("cannot copy Cargo.lock for the empty app: {err}"))?;
    let manifest = empty.join("Cargo.toml");
    let mut build = cargo(&["build", "--release", "--manifest-path"]);
    build.arg(&manifest);
    // The same target folder: the dependencies both apps share are built once.
    build.env("CARGO_TARGET_DIR", &target);
    Step::new("build the empty Tauri app (release)", build).run()?;
    let display = xvfb::Xvfb::start()?;
    let mut bench = window_tests(
        false,
        &[
            "--exact",
            "bench_shell::bench_shell_against_an_empty_tauri_app",
            "--nocapture",
        ],
    );
    bench
        .env("DISPLAY", display.name())
        .env("SWITCHBOARD_BENCH_APP", target.join("release/switchboard"))
        .env(
            "SWITCHBOARD_BENCH_EMPTY_APP",
            target.join("release/empty-tauri"),
        );
    Step::new("the desktop shell against an empty Tauri app", bench).run()?;
    println!(
        "xtask: src-ui/dist now holds the release UI; `cargo xtask ui` (or `test`) rebuilds the debug one"
    );
    Ok(())
}

/// The UI timings of issue 4 (`tests/window/bench.rs`) and opening the app with the large
/// practice (issue 18, `tests/window/bench_open.rs`): the release UI in the release app,
/// under Xvfb and WebDriver. The window test binary skips it everywhere else (`--skip bench_`).
fn ui_timings() -> Result<(), String> {
    if !window_bench_ready("the UI timings", "WebKitWebDriver")? {
        return Ok(());
    }
    let display = xvfb::Xvfb::start()?;
    // Once, as the app runs on this machine: without a GPU it asks WebKit not to composite
    // (`src-tauri/src/rendering.rs`), so `WEBKIT_DISABLE_COMPOSITING_MODE` would change
    // nothing, and forcing compositing on makes llvmpipe's threads cost tens of times the
    // change's own CPU (BENCHMARKS.md, issue 18). The app shell in release too, as practices
    // run it: the store's answer to an edit is part of what is measured.
    let mut timings = window_tests(
        true,
        &[
            "--exact",
            "bench::bench_ui_timings",
            "bench_open::bench_open_large_practice",
            "--nocapture",
        ],
    );
    timings
        .env("DISPLAY", display.name())
        .env(
            "SWITCHBOARD_BENCH_UI",
            "release UI (cargo xtask ui --release) in the release app",
        )
        .env_remove("WEBKIT_DISABLE_COMPOSITING_MODE");
    Step::new("UI timings (release)", timings).run()?;
    println!(
        "xtask: src-ui/dist now holds the release UI; `cargo xtask ui` (or `test`) rebuilds the debug one"
    );
    Ok(())
}

/// `cargo test [--release] --package switchboard --test window -- --ignored --test-threads=1`
/// and `args`: the real-window tests (and the benchmarks among them), one at a time.
fn window_tests(release: bool, args: &[&str]) -> std::process::Command {
    let mut command = cargo(&["test"]);
    if release {
        command.arg("--release");
    }
    command
        .args(["--package", "switchboard", "--test", "window", "--"])
        .args(["--ignored", "--test-threads=1"])
        .args(args);
    command
}

/// How many real-window tests may fail and be run once more, alone (more failures than that are
/// not a loaded machine's bad luck).
const WINDOW_RETRIES_AT_MOST: usize = 2;

/// What GLib writes before it aborts a process whose errno a signal handler changed between
/// its two looks (`g_check_setuid`): seen in WebKit's web process under the window tests.
const ENGINE_ABORT: &str = "getauxval () failed";

/// The window-test logs in `logs` written since `since` that show WebKit's web process
/// aborting in GLib ([`ENGINE_ABORT`]), by file name.
fn engine_aborts(logs: &std::path::Path, since: std::time::SystemTime) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(logs) else {
        return Vec::new();
    };
    let mut aborted: Vec<String> = entries
        .flatten()
        .filter(|entry| {
            entry
                .metadata()
                .and_then(|meta| meta.modified())
                .is_ok_and(|modified| modified >= since)
        })
        .filter(|entry| {
            std::fs::read(entry.path())
                .is_ok_and(|bytes| String::from_utf8_lossy(&bytes).contains(ENGINE_ABORT))
        })
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    aborted.sort();
    aborted
}

fn test() -> Result<(), String> {
    let started = Instant::now();
    prereq::ui()?;
    prereq::app()?;
    prereq::tests()?;
    build_ui(false)?;
    embed_ui(false)?;

    Step::new("check formatting", cargo(&["fmt", "--all", "--check"])).run()?;
    Step::new(
        "clippy (desktop crates)",
        cargo(&[
            "clippy",
            "--workspace",
            "--exclude",
            UI_CRATE,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )
    .run()?;
    Step::new(
        "clippy (UI, wasm)",
        cargo(&[
            "clippy",
            "--package",
            UI_CRATE,
            "--target",
            WASM_TARGET,
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )
    .run()?;
    // The practice server's tests run against SQLite and this PostgreSQL; under CI=true a
    // test that cannot reach it fails.
    let postgres = if cfg!(target_os = "linux") {
        Some(postgres::Postgres::start()?)
    } else {
        println!(
            "xtask: PostgreSQL is started for the tests on Linux only; the server's PostgreSQL tests say so and pass over it here."
        );
        None
    };
    let mut tests = cargo(&["test", "--workspace", "--exclude", UI_CRATE]);
    if let Some(postgres) = &postgres {
        tests.env("SWITCHBOARD_TEST_POSTGRES_URL", postgres.url());
    }
    Step::new("unit and integration tests", tests).run()?;
    drop(postgres);
    // The UI crate is built for wasm above; its unit tests (the save queue's) are plain Rust
    // and run here, natively.
    Step::new(
        "UI unit tests (native)",
        cargo(&["test", "--package", UI_CRATE, "--lib"]),
    )
    .run()?;

    if cfg!(target_os = "linux") {
        let display = xvfb::Xvfb::start()?;
        let axe = prereq::axe_core()?;
        let all_but_benchmarks = |only: &[String]| {
            let mut tests = window_tests(false, &["--skip", "bench_"]);
            if !only.is_empty() {
                tests.arg("--exact").args(only);
            }
            tests
                .env("DISPLAY", display.name())
                .env("SWITCHBOARD_AXE", &axe);
            tests
        };
        let began = std::time::SystemTime::now();
        if let Err((failed, tests)) = Step::new(
            "real-window tests (Xvfb + WebDriver)",
            all_but_benchmarks(&[]),
        )
        .run_tests()
        {
            if tests.is_empty() || tests.len() > WINDOW_RETRIES_AT_MOST {
                return Err(failed);
            }
            let aborted = engine_aborts(&target_dir().join("window-logs"), began);
            let why = if aborted.is_empty() {
                "no log shows why: a click or a frame lost on a loaded machine, or a fault to find"
                    .to_string()
            } else {
                format!(
                    "WebKit's web process aborted during the run ({}: \"{ENGINE_ABORT}\" — GLib 2.74 aborts when errno changes under its getauxval check, as a signal handler in the web process can make it do; not Switchboard's code)",
                    aborted.join(", ")
                )
            };
            println!(
                "\nxtask: {failed}\nxtask: FAILED ONCE: {} ({why}). Running {} once more, alone; a second failure fails.",
                tests.join(", "),
                if tests.len() == 1 { "it" } else { "them" }
            );
            Step::new(
                "the failed real-window tests again (Xvfb + WebDriver)",
                all_but_benchmarks(&tests),
            )
            .run()?;
            println!(
                "xtask: FAILED ONCE, PASSED ALONE: {} — a flaky window test to look into",
                tests.join(", ")
            );
        }
        println!(
            "xtask: screenshots in {}",
            target_dir().join("screenshots").display()
        );
    } else {
        println!(
            "xtask: the real-window tests run on Linux only (WebKitWebDriver); they were not run here."
        );
    }
    println!(
        "\nxtask: all checks passed in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::engine_aborts;
    use crate::shell::failed_test;

    #[test]
    fn a_failed_test_is_read_off_libtest_s_line_for_it() {
        assert_eq!(
            failed_test("test sync::a_conflict_waits_for_a_choice ... FAILED"),
            Some("sync::a_conflict_waits_for_a_choice")
        );
        assert_eq!(
            failed_test("test sync::a_conflict_waits_for_a_choice ... ok"),
            None
        );
        assert_eq!(
            failed_test("test result: FAILED. 73 passed; 1 failed; 0 ignored"),
            None
        );
        assert_eq!(failed_test("    sync::a_conflict_waits_for_a_choice"), None);
    }

    #[test]
    fn an_engine_abort_is_found_only_in_logs_written_since_the_run_began() {
        let logs = std::env::temp_dir().join(format!("xtask-engine-aborts-{}", std::process::id()));
        std::fs::create_dir_all(&logs).expect("a folder for the logs");
        let began = SystemTime::now() - Duration::from_secs(2);
        std::fs::write(
            logs.join("sync_conflict.driver.log"),
            "[INFO] history;\n(WebKitWebProcess:16613): GLib-ERROR **: 00:04:37.099: getauxval () failed: Interrupted system call\n",
        )
        .expect("a log");
        std::fs::write(
            logs.join("topic_preset.driver.log"),
            "[INFO] load_config;\n",
        )
        .expect("a log");
        assert_eq!(
            engine_aborts(&logs, began),
            vec!["sync_conflict.driver.log".to_string()]
        );
        assert!(
            engine_aborts(&logs, SystemTime::now() + Duration::from_secs(60)).is_empty(),
            "a log from before the run does not count"
        );
        assert!(engine_aborts(&logs.join("missing"), began).is_empty());
        std::fs::remove_dir_all(&logs).expect("the folder goes");
    }
}
