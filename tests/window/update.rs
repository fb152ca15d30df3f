//! Signed updates against a local update feed on 127.0.0.1 that the test builds itself: a
//! `latest.json` announcing Switchboard 0.2.0 and an artefact signed as the Tauri signer signs
//! (minisign, base64 of the `.sig` text), with a key pair made for the test. The app's check
//! at start finds the newer version, and the window shows its download as a determinate
//! progress bar and the signature's verdict. A tampered artefact, and one signed with another
//! key, are each refused with a sentence, and nothing is installed: the app's executable is
//! unchanged (the artefact is an ELF file, which the updater would write over it).
//!
//! Debug-build test hooks (a release build reads neither): `SWITCHBOARD_TEST_UPDATE_PUBKEY`
//! puts the test's public key in place of tauri.conf.json's, and
//! `SWITCHBOARD_TEST_UPDATE_ANSWER=download` answers "Install and Restart" with yes but stops
//! once the artefact is verified, so the test machine keeps its app.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use minisign::KeyPair;

use crate::harness::{APP, App, ask_window_to_close, temp_database, window_is_shown};

/// The version the feed announces (the app is 0.1.0).
const NEW_VERSION: &str = "0.2.0";

/// A signing key pair in the Tauri signer's format.
struct Signer {
    pair: KeyPair,
}

impl Signer {
    fn new() -> Self {
        Self {
            pair: KeyPair::generate_unencrypted_keypair().expect("a test key pair"),
        }
    }

    /// The public key as tauri.conf.json holds it: base64 of the `.pub` file's text.
    fn public_key(&self) -> String {
        let text = self
            .pair
            .pk
            .to_box()
            .expect("the public key's text")
            .into_string();
        STANDARD.encode(text)
    }

    /// The signature as latest.json holds it: base64 of the `.sig` file's text, with the
    /// trusted comment the Tauri signer writes (time, file name, version).
    fn sign(&self, bytes: &[u8], file: &str) -> String {
        let trusted = format!("timestamp:1764460800\tfile:{file}\tversion:{NEW_VERSION}");
        let signature = minisign::sign(
            Some(&self.pair.pk),
            &self.pair.sk,
            bytes,
            Some(&trusted),
            Some("signature from tauri secret key"),
        )
        .expect("signs");
        STANDARD.encode(signature.into_string())
    }
}

/// The artefact: an ELF file (what the Linux updater writes over the running AppImage), large
/// enough to arrive in many pieces.
fn artefact() -> Vec<u8> {
    let mut bytes = b"\x7fELF\x02\x01\x01".to_vec();
    bytes.extend((0..300_000u32).map(|i| (i % 251) as u8));
    bytes
}

const ARTEFACT_NAME: &str = "Switchboard_0.2.0_amd64.AppImage";

/// An update feed on 127.0.0.1: `/latest.json` and the artefact, each with its length. It
/// stops when dropped.
struct Feed {
    port: u16,
    stop: Arc<AtomicBool>,
}

impl Feed {
    /// Serves `artefact` with `signature` (which need not match it) as version 0.2.0.
    fn start(artefact: Vec<u8>, signature: String) -> Self {
        Self::announcing(NEW_VERSION, artefact, signature)
    }

    /// Serves `artefact` with `signature` as `version`.
    fn announcing(version: &str, artefact: Vec<u8>, signature: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port for the feed");
        let port = listener.local_addr().expect("its address").port();
        let latest = serde_json::json!({
            "version": version,
            "notes": "Faster routing grid.",
            "pub_date": "2026-11-30T12:00:00Z",
            "platforms": {
                "linux-x86_64": {
                    "signature": signature,
                    "url": format!("http://127.0.0.1:{port}/{ARTEFACT_NAME}"),
                }
            }
        })
        .to_string()
        .into_bytes();
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                if stopping.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(mut stream) = stream else { continue };
                let mut request = String::new();
                let mut reader = BufReader::new(&stream);
                if reader.read_line(&mut request).is_err() {
                    continue;
                }
                // The rest of the request (headers) is not needed.
                let path = request.split_whitespace().nth(1).unwrap_or("/").to_string();
                let (status, body, kind) = if path == "/latest.json" {
                    ("200 OK", latest.as_slice(), "application/json")
                } else if path == format!("/{ARTEFACT_NAME}") {
                    ("200 OK", artefact.as_slice(), "application/octet-stream")
                } else {
                    ("404 Not Found", &b""[..], "text/plain")
                };
                let head = format!(
                    "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream
                    .write_all(head.as_bytes())
                    .and_then(|()| stream.write_all(body));
            }
        });
        Self { port, stop }
    }

    fn address(&self) -> String {
        format!("http://127.0.0.1:{}/latest.json", self.port)
    }
}

impl Drop for Feed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accepting thread so that it sees the flag.
        let _ = std::net::TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// The app's executable as it is on disk: size and modification time.
fn executable() -> (u64, std::time::SystemTime) {
    let meta = std::fs::metadata(APP).expect("the app's executable");
    (meta.len(), meta.modified().expect("a modification time"))
}

/// Starts the app against `feed`, trusting `trusted`'s key, and waits for the update banner
/// to reach `state`; answers the database's folder (kept while the app runs), the app and the
/// banner's text.
async fn run_update(
    test: &str,
    feed: &Feed,
    trusted: &Signer,
    state: &str,
) -> (tempfile::TempDir, App, String) {
    let (dir, database) = temp_database();
    let endpoints = feed.address();
    let pubkey = trusted.public_key();
    let app = App::start_with_env(
        test,
        &database,
        &[
            (switchboard::UPDATE_ENDPOINTS_ENV, endpoints.as_str()),
            (switchboard::UPDATE_TEST_PUBKEY_ENV, pubkey.as_str()),
            (switchboard::UPDATE_TEST_ANSWER_ENV, "download"),
        ],
    )
    .await;
    let banner = format!("[data-part='update'][data-state='{state}']");
    app.wait_for(&banner).await;
    let text = app.text_content(&banner).await;
    (dir, app, text)
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_newer_signed_version_is_found_downloaded_with_progress_and_verified() {
    let signer = Signer::new();
    let bytes = artefact();
    let feed = Feed::start(bytes.clone(), signer.sign(&bytes, ARTEFACT_NAME));
    let before = executable();
    let (_dir, app, text) = run_update("update_verified", &feed, &signer, "verified").await;
    assert!(
        text.contains("Switchboard 0.2.0 is downloaded and its signature verified"),
        "the newer version was found, and its signature checked against the trusted key: {text:?}"
    );
    let size = bytes.len().to_string();
    assert_eq!(
        app.attribute("#update-progress", "max").await,
        size,
        "the progress bar is determinate: its end is the artefact's length"
    );
    assert_eq!(
        app.attribute("#update-progress", "value").await,
        size,
        "every byte arrived"
    );
    assert_eq!(
        app.attribute("label[for='update-progress']", "for").await,
        "update-progress",
        "the progress bar has a label"
    );
    app.screenshot("verified").await;
    app.quit().await;
    assert_eq!(
        executable(),
        before,
        "a test build stops at verification: the app's executable is not replaced"
    );
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn a_tampered_artefact_is_refused_and_nothing_is_installed() {
    let signer = Signer::new();
    let bytes = artefact();
    let signature = signer.sign(&bytes, ARTEFACT_NAME);
    let mut tampered = bytes;
    tampered[1000] ^= 0x01;
    let feed = Feed::start(tampered, signature);
    let before = executable();
    let (_dir, app, text) = run_update("update_tampered", &feed, &signer, "refused").await;
    assert!(
        text.starts_with("Switchboard 0.2.0: ")
            && text.contains("is not signed by Switchboard's publisher"),
        "one changed byte breaks the signature, and the window says so: {text:?}"
    );
    app.screenshot("refused").await;
    app.quit().await;
    assert_eq!(executable(), before, "nothing was installed");
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn an_artefact_signed_with_another_key_is_refused_and_nothing_is_installed() {
    let (trusted, other) = (Signer::new(), Signer::new());
    let bytes = artefact();
    let feed = Feed::start(bytes.clone(), other.sign(&bytes, ARTEFACT_NAME));
    let before = executable();
    let (_dir, app, text) = run_update("update_other_key", &feed, &trusted, "refused").await;
    assert!(
        text.starts_with("Switchboard 0.2.0: ")
            && text.contains("is not signed by Switchboard's publisher"),
        "a valid signature by a key the app does not trust is refused: {text:?}"
    );
    app.quit().await;
    assert_eq!(executable(), before, "nothing was installed");
}

/// Starts the app against the feed at `endpoints`, asks for updates in Settings (the same check
/// as Help › Check for Updates…), waits for the native dialog titled `title`, and closes it.
async fn ask_for_updates(test: &str, endpoints: &str, title: &str) {
    let (_dir, database) = temp_database();
    let trusted = Signer::new();
    let pubkey = trusted.public_key();
    let app = App::start_with_env(
        test,
        &database,
        &[
            (switchboard::UPDATE_ENDPOINTS_ENV, endpoints),
            (switchboard::UPDATE_TEST_PUBKEY_ENV, pubkey.as_str()),
        ],
    )
    .await;
    assert!(
        !window_is_shown(title),
        "the check at start says nothing unless there is a new version"
    );
    app.open_screen("settings").await;
    app.click("button[data-action='check-updates-now']").await;
    app.eventually(&format!("a dialog titled {title:?}"), || async {
        window_is_shown(title)
    })
    .await;
    ask_window_to_close(title);
    app.eventually("the dialog closes", || async { !window_is_shown(title) })
        .await;
    assert_eq!(
        app.count("[data-part='update']").await,
        0,
        "no download was started"
    );
    app.quit().await;
}

#[tokio::test]
#[ignore = "real window: run with `cargo xtask test`"]
async fn asking_for_updates_says_when_this_is_the_latest_version_or_why_it_cannot_tell() {
    let signer = Signer::new();
    let bytes = artefact();
    let current = env!("CARGO_PKG_VERSION");
    let feed = Feed::announcing(current, bytes.clone(), signer.sign(&bytes, ARTEFACT_NAME));
    ask_for_updates(
        "update_up_to_date",
        &feed.address(),
        "Switchboard is up to date",
    )
    .await;
    // A feed that does not answer: a port nothing listens on any more.
    let closed = {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
        listener.local_addr().expect("its address").port()
    };
    ask_for_updates(
        "update_unreachable",
        &format!("http://127.0.0.1:{closed}/latest.json"),
        "Switchboard could not update",
    )
    .await;
}
