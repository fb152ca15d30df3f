//! `cargo xtask bundle [--check]`: the release installers Tauri's bundler makes on this
//! platform — here (Linux) the .deb; AppImage is configured in tauri.conf.json but its tool
//! (linuxdeploy) is a download these machines cannot make, so it is not built here. The Tauri
//! CLI comes from npm (`@tauri-apps/cli@2`, which carries its binary), installed into the
//! target folder. `--check` then installs the .deb with dpkg, starts the installed app once
//! under Xvfb and waits for its window (Linux, as root or with sudo).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::shell::{Step, has, output};
use crate::{root, target_dir};

/// The Tauri CLI's npm package (its major line matches the `tauri` crate's).
const TAURI_CLI: &str = "@tauri-apps/cli@2";

/// The Tauri CLI binary, installed with npm into the target folder when missing.
fn tauri_cli() -> Result<PathBuf, String> {
    let folder = target_dir().join("tauri-cli");
    let binary = folder.join("node_modules/.bin/tauri");
    if binary.exists() {
        return Ok(binary);
    }
    if !has("npm") {
        crate::prereq::debian_packages(&["nodejs", "npm"])?;
    }
    std::fs::create_dir_all(&folder)
        .map_err(|err| format!("cannot create {}: {err}", folder.display()))?;
    let mut install = Command::new("npm");
    install
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&folder)
        .arg(TAURI_CLI);
    Step::new("install the Tauri CLI (npm)", install).run()?;
    Ok(binary)
}

/// Builds the release UI and the installers; with `check`, installs and starts the .deb.
pub fn bundle(check: bool) -> Result<(), String> {
    crate::prereq::ui()?;
    crate::prereq::app()?;
    let cli = tauri_cli()?;
    crate::build_ui(true)?;
    let mut build = Command::new(&cli);
    build.current_dir(root()).arg("build");
    if cfg!(target_os = "linux") {
        build.args(["--bundles", "deb"]);
    }
    // Updater artefacts are signed only where the signing key is given (the release workflow).
    if std::env::var_os("TAURI_SIGNING_PRIVATE_KEY").is_none() {
        build.args(["--config", r#"{"bundle":{"createUpdaterArtifacts":false}}"#]);
    }
    Step::new("build the installers (tauri build)", build).run()?;
    let deb = find_deb()?;
    println!("xtask: {}", deb.display());
    if check && cfg!(target_os = "linux") {
        check_deb(&deb)?;
    }
    Ok(())
}

fn find_deb() -> Result<PathBuf, String> {
    let folder = target_dir().join("release/bundle/deb");
    std::fs::read_dir(&folder)
        .map_err(|err| format!("no .deb folder at {}: {err}", folder.display()))?
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|ext| ext == "deb"))
        .ok_or_else(|| format!("tauri build made no .deb in {}", folder.display()))
}

/// Installs `deb` with dpkg (apt for its dependencies), starts `/usr/bin/switchboard` under
/// Xvfb on a temporary database, waits for its window, and ends it with SIGTERM.
fn check_deb(deb: &std::path::Path) -> Result<(), String> {
    crate::prereq::debian_packages(&["xvfb", "x11-utils"])?;
    let root_user = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let privileged = |program: &str| {
        let mut command = if root_user {
            Command::new(program)
        } else {
            let mut sudo = Command::new("sudo");
            sudo.arg(program);
            sudo
        };
        command.env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    let mut install = privileged("apt-get");
    install
        .args(["install", "-y", "--no-install-recommends"])
        .arg(deb);
    Step::new(
        "install the .deb (apt-get install ./switchboard.deb)",
        install,
    )
    .run()?;

    let display = crate::xvfb::Xvfb::start()?;
    let folder = tempfile_dir()?;
    let mut app = Command::new("/usr/bin/switchboard")
        .arg("--database")
        .arg(folder.join("practice.db"))
        .env("DISPLAY", display.name())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|err| format!("the installed app did not start: {err}"))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    let shown = loop {
        let tree = Command::new("xwininfo")
            .args(["-root", "-tree", "-display", &display.name()])
            .output()
            .map(|out| String::from_utf8_lossy(&out.stdout).into_owned())
            .unwrap_or_default();
        if tree.contains("\"Switchboard\"") {
            break true;
        }
        if app.try_wait().ok().flatten().is_some() || Instant::now() > deadline {
            break false;
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    let _ = Command::new("kill")
        .args(["-TERM", &app.id().to_string()])
        .status();
    let _ = app.wait();
    let _ = std::fs::remove_dir_all(&folder);
    if shown {
        println!("xtask: the installed app opened its window");
        Ok(())
    } else {
        Err("the installed app did not open its window within 60 s".into())
    }
}

fn tempfile_dir() -> Result<PathBuf, String> {
    let folder = std::env::temp_dir().join(format!("switchboard-deb-check-{}", std::process::id()));
    std::fs::create_dir_all(&folder)
        .map_err(|err| format!("cannot create {}: {err}", folder.display()))?;
    Ok(folder)
}
