//! Signed updates (tauri-plugin-updater): Help › Check for Updates… asks the update feed, shows
//! the new version and its notes, and on the person's yes downloads it, verifies its signature
//! against the public key in tauri.conf.json, installs it and restarts.
//!
//! Words: the *feed* is a `latest.json` in the Tauri updater's format. Its address is set at
//! build time (`SWITCHBOARD_UPDATE_ENDPOINTS`, comma-separated, read by the compiler) and can
//! be overridden at run time by the same environment variable, which tests use to point the
//! app at a feed on 127.0.0.1.

use tauri::{AppHandle, Runtime, Url};
use tauri_plugin_dialog::{DialogExt, MessageDialogButtons, MessageDialogKind};
use tauri_plugin_updater::UpdaterExt;

/// Environment variable (run time, and build time) naming the update feed's addresses.
pub const ENDPOINTS_ENV: &str = "SWITCHBOARD_UPDATE_ENDPOINTS";

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

/// Checks for an update and walks the person through it, with native dialogs.
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
        match check_and_install(&app).await {
            Ok(Outcome::UpToDate) => tell(
                "Switchboard is up to date",
                format!(
                    "You have the latest version, {}.",
                    app.package_info().version
                ),
                MessageDialogKind::Info,
            ),
            Ok(Outcome::Declined) => {}
            Ok(Outcome::Installed) => app.restart(),
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
        match check_and_install(&app).await {
            Ok(Outcome::Installed) => app.restart(),
            Ok(_) => {}
            Err(sentence) => tracing::warn!("the check for updates at start failed: {sentence}"),
        }
    });
}

/// How a check ended.
#[derive(Debug)]
enum Outcome {
    UpToDate,
    Declined,
    Installed,
}

async fn check_and_install<R: Runtime>(app: &AppHandle<R>) -> Result<Outcome, String> {
    let endpoints = endpoints()?;
    if endpoints.is_empty() {
        return Err("This build of Switchboard has no update address. Download new versions from your IT department or the Switchboard website.".into());
    }
    let updater = app
        .updater_builder()
        .endpoints(endpoints)
        .and_then(|builder| builder.build())
        .map_err(|err| format!("The update settings are not valid ({err})."))?;
    let update = updater.check().await.map_err(|err| {
        format!("Switchboard could not reach its update server ({err}). Check the internet connection and try again.")
    })?;
    let Some(update) = update else {
        return Ok(Outcome::UpToDate);
    };
    let install = app
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
        .blocking_show();
    if !install {
        return Ok(Outcome::Declined);
    }
    update
        .download_and_install(|_chunk, _total| {}, || {})
        .await
        .map_err(|err| refusal(&err))?;
    Ok(Outcome::Installed)
}

/// The sentence for an update that was downloaded but refused (or failed to download).
fn refusal(err: &tauri_plugin_updater::Error) -> String {
    match err {
        tauri_plugin_updater::Error::Minisign(_)
        | tauri_plugin_updater::Error::SignatureUtf8(_)
        | tauri_plugin_updater::Error::Base64(_) => format!(
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
}
