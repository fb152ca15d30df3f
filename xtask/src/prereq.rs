//! Prerequisites: find what is missing and install it, or say exactly what to install.

use std::process::Command;

use crate::shell::{Step, has, output};
use crate::{WASM_TARGET, root};

/// tauri-driver: the WebDriver server for Tauri apps (wraps WebKitWebDriver on Linux).
const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// Debian packages that building and running the app need (libdbus-1-dev: the credential
/// store's Secret Service client links the system's libdbus).
const APP_PACKAGES: &[&str] = &["pkg-config", "libwebkit2gtk-4.1-dev", "libdbus-1-dev"];
/// Debian packages that the real-window tests need (dbus-daemon: the single-instance test
/// starts its own session bus). npm, which fetches axe-core, comes from Debian only where no
/// npm is installed: a Node.js from elsewhere (NodeSource's, say) carries its own, and
/// Debian's npm package conflicts with it.
const TEST_PACKAGES: &[&str] = &["xvfb", "webkit2gtk-driver", "dbus-daemon"];
/// axe-core, which the accessibility window tests inject into the page (issue 17). Installed
/// from npm under the target folder, never committed.
pub const AXE_CORE_VERSION: &str = "4.14.1";

/// What building the UI needs: the wasm target and wasm-bindgen-cli at the crate's version.
pub fn ui() -> Result<(), String> {
    let installed = output("rustup", &["target", "list", "--installed"]).ok_or(
        "rustup was not found. Install Rust with rustup (see README › Platform notes) and try again.",
    )?;
    if !installed.lines().any(|line| line.trim() == WASM_TARGET) {
        let mut add = Command::new("rustup");
        add.args(["target", "add", WASM_TARGET]);
        Step::new("add the wasm32 target", add).run()?;
    }

    let wanted = wasm_bindgen_version()?;
    let current = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if current.split_whitespace().nth(1) != Some(wanted.as_str()) {
        let mut install =
            crate::shell::cargo(&["install", "wasm-bindgen-cli", "--version", &wanted]);
        // `--locked` fails for this crate: a locked dependency is no longer served.
        install.arg("--force");
        Step::new(
            "install wasm-bindgen-cli (the version in Cargo.lock)",
            install,
        )
        .run()?;
    }
    Ok(())
}

/// What compiling and opening the desktop app needs from the system.
pub fn app() -> Result<(), String> {
    if cfg!(target_os = "linux") {
        debian_packages(APP_PACKAGES)
    } else if cfg!(target_os = "macos") {
        if output("xcode-select", &["-p"]).is_none() {
            return Err("The Xcode command line tools are missing. Install them with `xcode-select --install`, then run this again.".into());
        }
        Ok(())
    } else if cfg!(target_os = "windows") {
        println!(
            "xtask: Windows needs the Microsoft C++ Build Tools (\"Desktop development with C++\") and the \
             WebView2 runtime (already part of Windows 10 21H2+ and 11). If the build fails on a linker \
             or WebView2 error, install those and run this again."
        );
        Ok(())
    } else {
        Err("Switchboard builds on Linux, macOS and Windows only.".into())
    }
}

/// What the test suite needs: Xvfb, WebKitWebDriver and tauri-driver (Linux only).
pub fn tests() -> Result<(), String> {
    if !cfg!(target_os = "linux") {
        return Ok(());
    }
    debian_packages(TEST_PACKAGES)?;
    // tauri-driver has no --version flag; cargo's own list of installed binaries knows.
    let installed = output(
        std::env::var("CARGO").as_deref().unwrap_or("cargo"),
        &["install", "--list"],
    )
    .unwrap_or_default();
    let wanted = format!("tauri-driver v{TAURI_DRIVER_VERSION}:");
    if !installed.lines().any(|line| line.trim() == wanted) {
        let install = crate::shell::cargo(&[
            "install",
            "tauri-driver",
            "--version",
            TAURI_DRIVER_VERSION,
            "--locked",
            "--force",
        ]);
        Step::new("install tauri-driver", install).run()?;
    }
    if !has("npm") {
        debian_packages(&["npm"])?;
    }
    axe_core()?;
    Ok(())
}

/// The axe-core script the window tests inject: `target/axe/node_modules/axe-core/axe.min.js`,
/// installed with npm at [`AXE_CORE_VERSION`] unless that version is already there.
pub fn axe_core() -> Result<std::path::PathBuf, String> {
    let prefix = crate::target_dir().join("axe");
    let package = prefix.join("node_modules/axe-core");
    let script = package.join("axe.min.js");
    let installed = std::fs::read_to_string(package.join("package.json")).unwrap_or_default();
    let wanted = format!("\"version\": \"{AXE_CORE_VERSION}\"");
    if !(installed.contains(&wanted) && script.is_file()) {
        std::fs::create_dir_all(&prefix)
            .map_err(|err| format!("cannot create {}: {err}", prefix.display()))?;
        let mut install = Command::new("npm");
        install
            .args([
                "install",
                "--no-audit",
                "--no-fund",
                "--no-save",
                "--prefix",
            ])
            .arg(&prefix)
            .arg(format!("axe-core@{AXE_CORE_VERSION}"));
        Step::new(
            "install axe-core (npm) for the accessibility tests",
            install,
        )
        .run()?;
    }
    if script.is_file() {
        Ok(script)
    } else {
        Err(format!(
            "npm installed axe-core but {} is missing",
            script.display()
        ))
    }
}

/// The wasm-bindgen crate's version in Cargo.lock (the CLI must match it exactly).
fn wasm_bindgen_version() -> Result<String, String> {
    let lock_path = root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .map_err(|err| format!("cannot read {}: {err}", lock_path.display()))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == "name = \"wasm-bindgen\""
            && let Some(version) = lines
                .next()
                .and_then(|line| line.trim().strip_prefix("version = \""))
                .and_then(|rest| rest.strip_suffix('"'))
        {
            return Ok(version.to_string());
        }
    }
    Err("Cargo.lock has no wasm-bindgen package; run `cargo build -p switchboard-ui --target wasm32-unknown-unknown` once.".into())
}

/// Installs the Debian packages that are missing, with sudo when not root.
pub(crate) fn debian_packages(packages: &[&str]) -> Result<(), String> {
    if !has("dpkg-query") || !has("apt-get") {
        return Err(format!(
            "This Linux is not Debian-based, so xtask cannot install packages for you. Install the \
             equivalents of these Debian packages and run this again: {}",
            packages.join(" ")
        ));
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|package| {
            output("dpkg-query", &["-W", "-f=${Status}", package])
                .is_none_or(|status| !status.contains("install ok installed"))
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let root_user = output("id", &["-u"]).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut command = if root_user {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root_user {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        command
    };
    Step::new(
        "update the package lists (apt-get update)",
        apt(&["update", "-qq"]),
    )
    .run()?;
    let mut install = apt(&["install", "-y", "--no-install-recommends"]);
    install.args(&missing);
    Step::new("install system packages (apt-get install)", install).run()
}
