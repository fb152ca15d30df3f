//! Signed updates (tauri-plugin-updater): the check at start (quiet unless there is a new
//! version) and Help › Check for Updates… ask the update feed, show the new version and its
//! notes, and on the person's yes download it with a determinate progress bar in the window,
//! verify its signature against the public key in tauri.conf.json, install it and restart.
//!
//! Words: the *feed* is a `latest.json` in the Tauri updater's format. Its address is set at
//! build time (`SWITCHBOARD_UPDATE_ENDPOINTS`, comma-separated, read by the compiler) and can
//! be overridden at run time by the same environment variable, which tests use to point the
//! app at a feed on 127.0.0.1. The *artefact* is the signed file the feed names.
//!
//! Three steps, kept apart so that the first two are tested in a real window without the
//! third: [`check`] the feed, [`download`] the artefact (its signature is verified as it is
//! downloaded, against the build's key), install it. The window follows the download through
//! the [`UPDATE_EVENT`] event ([`UpdateView`]). A refused artefact is never installed.
//!
//! Test hooks, compiled into debug builds only (a release build reads neither, so neither can
//! weaken it): [`TEST_PUBKEY_ENV`] replaces the public key with a test key, and
//! [`TEST_ANSWER_ENV`] answers the "Install and Restart" question without showing it
//! (`download`: yes, but stop once the artefact is verified, never installing it into the
//! machine that runs the tests; `later`: no).

use switchboard_core::ipc::desktop::{UPDATE_EVENT, UpdateView};
use tauri::{AppHandle, Emitter, Runtime, Url};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
use tauri_plugin_updater::{Update, UpdaterExt};

/// Environment variable (run time, and build time) naming the update feed's addresses.
pub const ENDPOINTS_ENV: &str = "SWITCHBOARD_UPDATE_ENDPOINTS";
/// Debug builds only: the updater's public key (the Tauri signer's base64 `.pub` text) in
/// place of tauri.conf.json's.
pub const TEST_PUBKEY_ENV: &str = "SWITCHBOARD_TEST_UPDATE_PUBKEY";
/// Debug builds only: the answer to "Install and Restart?" (`download` or `later`).
pub const TEST_ANSWER_ENV: &str = "SWITCHBOARD_TEST_UPDATE_ANSWER";

/// The feed's addresses: the run-time variable, else the build-time one; `Err` with a sentence
/// when one is not an address.
pub fn endpoints() -> Result<Vec<Url>, String> {
    let text = std::env::var(ENDPOINTS_ENV)
        .ok()
        .or_else(|| option_env!("SWITCHBOARD_UPDATE_ENDPOINTS").map(str::to_string))
        .unwrap_or_default();
    parse_endpoints(&text)
}

/// Parses comma-separated feed addresses.
pub fn parse_endpoints(text: &str) -> Result<Vec<Url>, String> {
    text.split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<Url>()
                .map_err(|err| format!("The update address {part:?} is not a web address ({err})."))
        })
        .collect()
}

/// A test hook's value: only in debug builds.
#[cfg(debug_assertions)]
fn test_hook(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// A test hook's value: a release build has none.
#[cfg(not(debug_assertions))]
fn test_hook(_name: &str) -> Option<String> {
    None
}

/// Checks for an update and walks the person through it (Help › Check for Updates…): every
/// outcome is told, "up to date" included.
pub fn check_from_menu<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let tell = |title: &str, text: String, kind: MessageDialogKind| {
            app.dialog()
                .message(text)
                .title(title)
                .kind(kind)
                .blocking_show();
        };
        match check(&app).await {
            Ok(None) => tell(
                "Switchboard is up to date",
                format!(
                    "You have the latest version, {}.",
                    app.package_info().version
                ),
                MessageDialogKind::Info,
            ),
            Ok(Some(update)) => offer(&app, update).await,
            Err(sentence) => tell(
                "Switchboard could not update",
                sentence,
                MessageDialogKind::Error,
            ),
        }
    });
}

/// The check at start: says nothing unless there is a new version (a feed that cannot be
/// reached is only logged: the person did not ask).
pub fn check_quietly<R: Runtime>(app: &AppHandle<R>) {
    // A build without an update address has nothing to check.
    if endpoints().is_ok_and(|endpoints| endpoints.is_empty()) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        match check(&app).await {
            Ok(Some(update)) => offer(&app, update).await,
            Ok(None) => {}
            Err(sentence) => tracing::warn!("the check for updates at start failed: {sentence}"),
        }
    });
}

/// Asks the feed whether there is a newer version (`None`: this one is the latest).
pub async fn check<R: Runtime>(app: &AppHandle<R>) -> Result<Option<Update>, String> {
    let endpoints = endpoints()?;
    if endpoints.is_empty() {
        return Err("This build of Switchboard has no update address. Download new versions from your IT department or the Switchboard website.".into());
    }
    let mut builder = app.updater_builder();
    if let Some(key) = test_hook(TEST_PUBKEY_ENV) {
        builder = builder.pubkey(key);
    }
    let updater = builder
        .endpoints(endpoints)
        .and_then(|builder| builder.build())
        .map_err(|err| format!("The update settings are not valid ({err})."))?;
    updater.check().await.map_err(|err| {
        format!("Switchboard could not reach its update server ({err}). Check the internet connection and try again.")
    })
}

/// Offers `update` to the person; on yes downloads it (the window shows the progress),
/// verifies it, installs it and restarts. A refusal is shown in the window; nothing is
/// installed then.
async fn offer<R: Runtime>(app: &AppHandle<R>, update: Update) {
    let answer = test_hook(TEST_ANSWER_ENV);
    let install = match answer.as_deref() {
        Some(answer) => answer == "download",
        None => app
            .dialog()
            .message(format!(
                "Switchboard {} is available (you have {}).\n\n{}",
                update.version,
                update.current_version,
                update.body.clone().unwrap_or_default()
            ))
            .title("A new version of Switchboard")
            .buttons(MessageDialogButtons::OkCancelCustom(
                "Install and Restart".into(),
                "Later".into(),
            ))
            .blocking_show(),
    };
    if !install {
        return;
    }
    let version = update.version.clone();
    let bytes = match download(app, &update).await {
        Ok(bytes) => bytes,
        Err(message) => {
            tracing::warn!("update {version} refused: {message}");
            show(app, UpdateView::Refused { version, message });
            return;
        }
    };
    let size = bytes.len() as u64;
    // A test build stops here: the artefact is verified, and the test machine keeps its app.
    if answer.is_some() {
        show(app, UpdateView::Verified { version, size });
        return;
    }
    show(
        app,
        UpdateView::Installing {
            version: version.clone(),
            size,
        },
    );
    // `install` verifies the bytes once more before it writes anything.
    match update.install(&bytes) {
        Ok(()) => app.restart(),
        Err(err) => show(
            app,
            UpdateView::Refused {
                version,
                message: refusal(&err),
            },
        ),
    }
}

/// Downloads `update`'s artefact, telling the window how much has arrived, and verifies its
/// signature; the verified bytes, or the sentence saying why they were refused.
pub async fn download<R: Runtime>(app: &AppHandle<R>, update: &Update) -> Result<Vec<u8>, String> {
    let version = update.version.clone();
    let mut received = 0u64;
    let mut shown = Progress::default();
    update
        .download(
            |chunk, total| {
                received += chunk as u64;
                if shown.advance(received, total) {
                    show(
                        app,
                        UpdateView::Downloading {
                            version: version.clone(),
                            received,
                            total,
                        },
                    );
                }
            },
            || {},
        )
        .await
        .map_err(|err| refusal(&err))
}

/// Which download progress is worth an event: each whole percent (or each MB when the size
/// is unknown), and the last byte, so that a large download does not flood the window.
#[derive(Debug, Default)]
struct Progress {
    last: Option<u64>,
}

impl Progress {
    /// Whether `received` of `total` should be shown.
    fn advance(&mut self, received: u64, total: Option<u64>) -> bool {
        let step = match total {
            Some(total) if received >= total => u64::MAX,
            Some(total) => received * 100 / total.max(1),
            None => received / (1024 * 1024),
        };
        let fresh = self.last != Some(step);
        self.last = Some(step);
        fresh
    }
}

fn show<R: Runtime>(app: &AppHandle<R>, view: UpdateView) {
    if let Err(err) = app.emit_to("main", UPDATE_EVENT, view) {
        tracing::error!("cannot show the update's progress in the window: {err}");
    }
}

/// The sentence for an update that was downloaded but refused (or failed to download).
fn refusal(err: &tauri_plugin_updater::Error) -> String {
    use tauri_plugin_updater::Error;
    match err {
        Error::Minisign(_)
        | Error::SignatureUtf8(_)
        | Error::Base64(_)
        | Error::SignedVersionMismatch { .. }
        | Error::MissingSignedVersion => format!(
            "The downloaded update is not signed by Switchboard's publisher ({err}), so it was not installed. Nothing has changed; tell your IT department."
        ),
        _ => format!(
            "The update could not be downloaded or installed ({err}). Nothing has changed; try again later."
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_addresses_are_read_or_refused_with_a_sentence() {
        assert_eq!(parse_endpoints("").expect("none"), Vec::<Url>::new());
        let two = parse_endpoints("http://127.0.0.1:1/latest.json, https://example.org/l.json")
            .expect("two addresses");
        assert_eq!(two.len(), 2, "comma-separated");
        let err = parse_endpoints("not an address").expect_err("refused");
        assert!(err.contains("is not a web address"), "{err}");
    }

    #[test]
    fn progress_is_shown_once_a_percent_and_always_at_the_end() {
        let mut progress = Progress::default();
        let shown: Vec<u64> = [1, 5, 9, 10, 11, 20, 999, 1000]
            .into_iter()
            .filter(|&received| progress.advance(received, Some(1000)))
            .collect();
        assert_eq!(
            shown,
            [1, 10, 20, 999, 1000],
            "each new whole percent once, and the last byte even within the last percent"
        );
        let mut unknown = Progress::default();
        let mb = 1024 * 1024;
        let shown: Vec<u64> = [1, mb - 1, mb, mb + 1, 3 * mb]
            .into_iter()
            .filter(|&received| unknown.advance(received, None))
            .collect();
        assert_eq!(shown, [1, mb, 3 * mb], "without a size: each new MB");
    }
}
