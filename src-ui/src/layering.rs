//! The UI's layers, checked over its `use` lines: `app` (the window's frame) sits on the pages,
//! the pages on the workspace and the components, and nothing imports back up.

use std::path::{Path, PathBuf};

/// Every `.rs` file below `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    let mut found = Vec::new();
    let entries = std::fs::read_dir(dir).expect("the UI's sources are readable");
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            let text = std::fs::read_to_string(&path).expect("a source file reads");
            found.push((path, text));
        }
    }
    found
}

/// The files of `src/` that name `module` (as `crate::module`), relative to `src/`.
fn naming(module: &str) -> Vec<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let needle = format!("crate::{module}");
    let mut files: Vec<String> = sources(&src)
        .into_iter()
        .filter(|(_, text)| {
            text.lines()
                .filter(|line| !line.trim_start().starts_with("//"))
                .any(|line| {
                    line.split(&needle).nth(1).is_some_and(|rest| {
                        rest.starts_with([':', ';', ',', '}', ' ']) || rest.is_empty()
                    })
                })
        })
        .map(|(path, _)| {
            path.strip_prefix(&src)
                .expect("below src")
                .display()
                .to_string()
        })
        .collect();
    files.sort();
    files
}

#[test]
fn only_the_entry_point_names_the_app_frame() {
    assert_eq!(
        naming("app"),
        Vec::<String>::new(),
        "pages, the workspace and the components never import `crate::app` (lib.rs mounts it as `app::App`)"
    );
}

#[test]
fn only_the_frame_and_the_pages_name_the_pages() {
    let outside: Vec<String> = naming("pages")
        .into_iter()
        .filter(|file| file != "app.rs" && !file.starts_with("pages/"))
        .collect();
    assert_eq!(
        outside,
        Vec::<String>::new(),
        "the workspace, navigation and components never import a page"
    );
}

#[test]
fn the_check_sees_imports() {
    assert!(
        naming("pages").contains(&"app.rs".to_string()),
        "app.rs imports the pages, so a file that imports them is found"
    );
    assert!(
        naming("workspace").len() > 3,
        "the pages import the workspace, so those imports are found"
    );
}
