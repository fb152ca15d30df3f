//! Build script of the desktop app: Tauri's code generation with our capabilities and the
//! app commands the capabilities may grant.

use std::path::Path;

/// The app's own IPC commands. Each gets `allow-…`/`deny-…` permissions; capabilities grant them.
const COMMANDS: &[&str] = &[
    "load_config",
    "apply_change",
    "undo",
    "redo",
    "ping",
    "saving",
    "sync_status",
    "sign_in",
    "sign_out",
    "sync_now",
    "upload_practice",
    "choose_practice",
    "conflicts",
    "resolve_conflict",
    "history",
    "findings",
    "open_file",
    "open_picture",
    "save_file",
    "undo_state",
    "check_for_updates",
];

fn main() {
    ensure_frontend_dist();
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed: check tauri.conf.json and src-tauri/capabilities");
}

/// The UI is built by `cargo xtask` (wasm + wasm-bindgen) into src-ui/dist, which Tauri embeds.
/// A plain `cargo build` on a fresh clone would fail on the missing folder; give it a page
/// that says how to build the real UI instead.
fn ensure_frontend_dist() {
    let dist = Path::new("src-ui/dist");
    // The folder itself changes only when a file is added or removed; each file is named too,
    // so that a rebuilt UI (same names, new contents) is embedded again.
    println!("cargo:rerun-if-changed=src-ui/dist");
    if let Ok(entries) = std::fs::read_dir(dist) {
        for entry in entries.flatten() {
            println!("cargo:rerun-if-changed={}", entry.path().display());
        }
    }
    if dist.join("index.html").exists() {
        return;
    }
    std::fs::create_dir_all(dist).expect("create src-ui/dist");
    std::fs::write(
        dist.join("index.html"),
        "<!doctype html><title>Switchboard</title>\
         <p>The user interface has not been built. Run <code>cargo xtask run</code>.</p>",
    )
    .expect("write the placeholder src-ui/dist/index.html");
}
