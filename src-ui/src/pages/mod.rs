//! One module per screen; a screen with parts is a folder whose `mod.rs` holds the page and
//! the state its parts share (`people/{directory, forms, groups}`, `routing/{grid, cell,
//! add_box, chip, palette, drag, bulk, outranked}`). Pages read the
//! [`Workspace`](crate::workspace::Workspace), move between screens with
//! [`navigation`](crate::navigation), take their lists from `switchboard_core::lists`, and
//! never import the window's frame (`app.rs`, which imports them): a test below checks.

mod appearance;
mod empty;
mod locations;
mod overview;
mod page;
mod people;
mod practice;
mod preview;
mod routing;
mod settings;
mod topics;

pub use empty::EmptyScreen;
pub use locations::LocationsPage;
pub use overview::OverviewPage;
pub use people::PeoplePage;
pub use practice::PracticeSettingsPage;
pub use preview::{Choices as PreviewChoices, Preview, PreviewPage};
pub use routing::RoutingPage;
pub use topics::TopicsPage;

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    /// Every `.rs` file below `dir`.
    fn sources(dir: &Path) -> Vec<PathBuf> {
        let mut found = Vec::new();
        for entry in std::fs::read_dir(dir).expect("the pages folder is readable") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                found.extend(sources(&path));
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                found.push(path);
            }
        }
        found
    }

    #[test]
    fn pages_never_import_the_app_frame() {
        let pages = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/pages");
        // The Practice screen still imports from app.rs (re-exported there) until its FHIR
        // import work lands; then it moves to `navigation` and `workspace` like the others.
        let not_yet = pages.join("practice.rs");
        // Spelled in two halves so that this file does not name it.
        let frame = ["crate", "::app"].concat();
        let files = sources(&pages);
        assert!(files.len() > 10, "the pages are found: {files:?}");
        for file in files.into_iter().filter(|file| *file != not_yet) {
            let text = std::fs::read_to_string(&file).expect("a page is readable");
            assert!(
                !text.contains(&frame),
                "{} imports {frame}: pages depend on the workspace, navigation and components, never on the frame that shows them",
                file.display()
            );
        }
    }
}
