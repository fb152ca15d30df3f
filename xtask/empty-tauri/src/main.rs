//! An empty Tauri app: one window showing a static page.

fn main() {
    if let Err(err) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("empty-tauri: {err}");
        std::process::exit(1);
    }
}
