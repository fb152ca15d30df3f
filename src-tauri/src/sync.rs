//! Sync with the practice server, as the app runs it: the signed-in client (its token in the
//! OS credential store, never in a file), the first connection's steps, and the background
//! loop that syncs shortly after each edit, every [`INTERVAL_ENV`] seconds while online, and
//! on "Sync now" — backing off while the server cannot be reached. Offline is a state the
//! status shows, never an error dialog.
//!
//! The model and every step's transaction are the store's (`switchboard_store::sync`); the
//! HTTP is `switchboard_sync`'s. This module only keeps the session and decides when to sync.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use switchboard_core::history::{self, HistoryEntry};
use switchboard_core::ipc::{
    CommandError, ConflictView, ErrorCode, FirstStep, ServerView, SyncView,
};
use switchboard_core::sync::SnapshotResponse;
use switchboard_core::{Config, Date, PracticeId, reconcile};
use switchboard_store::{Author, Conflict, Connection, EntryKind, FirstChoice, Store};
use switchboard_sync::{Backoff, Client};
use tokio::sync::{Mutex, Notify};

/// Seconds between syncs while nothing happens (default 30).
pub const INTERVAL_ENV: &str = "SWITCHBOARD_SYNC_SECONDS";
/// How long after an edit the sync waits for the next one, so that a burst syncs once.
const DEBOUNCE: Duration = Duration::from_millis(700);
/// The credential store's service name.
const KEYRING_SERVICE: &str = "Switchboard practice server";

/// The app's sync session, shared by the commands and the background loop.
#[derive(Debug)]
pub struct SyncService {
    session: Mutex<Session>,
    wake: Notify,
    changed: AtomicU64,
    interval: Duration,
}

#[derive(Debug, Default)]
struct Session {
    client: Option<Client>,
    online: Option<bool>,
    note: Option<String>,
    first: Option<First>,
    backoff: Backoff,
}

/// A first connection waiting for the admin.
#[derive(Debug)]
enum First {
    Upload,
    Choose {
        differences: Vec<String>,
        snapshot: Box<SnapshotResponse>,
    },
}

impl Default for SyncService {
    fn default() -> Self {
        let seconds = std::env::var(INTERVAL_ENV)
            .ok()
            .and_then(|text| text.parse::<u64>().ok())
            .filter(|seconds| *seconds > 0)
            .unwrap_or(30);
        Self {
            session: Mutex::default(),
            wake: Notify::new(),
            changed: AtomicU64::new(0),
            interval: Duration::from_secs(seconds),
        }
    }
}

fn sentence(err: impl std::fmt::Display) -> CommandError {
    CommandError::new(ErrorCode::Invalid, err.to_string())
}

fn keyring_user(url: &str, practice: PracticeId) -> String {
    format!("{practice} at {url}")
}

/// Keeps `token` in the OS credential store; the sentence to show when there is none.
async fn keep_token(url: &str, practice: PracticeId, token: String) -> Option<String> {
    let user = keyring_user(url, practice);
    let kept = tokio::task::spawn_blocking(move || {
        keyring::Entry::new(KEYRING_SERVICE, &user).and_then(|entry| entry.set_password(&token))
    })
    .await;
    match kept {
        Ok(Ok(())) => None,
        Ok(Err(err)) => Some(format!(
            "This computer has no credential store Switchboard can use ({err}), so the sign-in is kept only while the app runs: you will be asked to sign in again at the next start."
        )),
        Err(err) => Some(format!(
            "The credential store could not be reached ({err})."
        )),
    }
}

async fn stored_token(url: &str, practice: PracticeId) -> Option<String> {
    let user = keyring_user(url, practice);
    tokio::task::spawn_blocking(move || {
        keyring::Entry::new(KEYRING_SERVICE, &user).and_then(|entry| entry.get_password())
    })
    .await
    .ok()?
    .ok()
}

async fn forget_token(url: &str, practice: PracticeId) {
    let user = keyring_user(url, practice);
    let _ = tokio::task::spawn_blocking(move || {
        keyring::Entry::new(KEYRING_SERVICE, &user).and_then(|entry| entry.delete_credential())
    })
    .await;
}

/// Today, by this computer's clock (UTC).
fn today() -> Date {
    let days = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |since| since.as_secs() / 86_400);
    Date::from_ymd(1970, 1, 1)
        .expect("a valid date")
        .add_days(i32::try_from(days).unwrap_or(0))
}

impl SyncService {
    /// Where sync stands.
    pub async fn view(&self, store: &Store) -> Result<SyncView, CommandError> {
        let status = store.sync_status().await?;
        let session = self.session.lock().await;
        Ok(SyncView {
            server: status.server.map(|server| ServerView {
                url: server.url,
                practice: server.practice.to_string(),
                practice_name: server.practice_name,
                account: server.account,
            }),
            signed_in: session.client.is_some(),
            online: session.online,
            last_sync: status.last_sync,
            pending: status.pending,
            conflicts: status.conflicts,
            first_step: session.first.as_ref().map(|first| match first {
                First::Upload => FirstStep::Upload,
                First::Choose { differences, .. } => FirstStep::Choose {
                    differences: differences.clone(),
                },
            }),
            note: session.note.clone(),
            changed: self.changed.load(Ordering::SeqCst),
        })
    }

    /// After an edit: sync soon.
    pub fn poke(&self) {
        self.wake.notify_one();
    }

    /// At start: the token this database's server left in the credential store, if any.
    pub async fn resume(&self, store: &Store) {
        let Ok(status) = store.sync_status().await else {
            return;
        };
        let Some(server) = status.server else {
            return;
        };
        let token = stored_token(&server.url, server.practice).await;
        let mut session = self.session.lock().await;
        match (Client::new(&server.url), token) {
            (Ok(client), Some(token)) => session.client = Some(client.with_token(token)),
            _ => {
                session.note = Some(format!(
                    "Sign in to {} to sync: this computer has no saved sign-in for it.",
                    server.url
                ));
            }
        }
    }

    /// Signs in, keeps the token, and goes on with the first connection or a sync.
    pub async fn sign_in(
        &self,
        store: &Store,
        url: &str,
        practice: &str,
        account: &str,
        password: &str,
    ) -> Result<SyncView, CommandError> {
        let practice: PracticeId = practice.trim().parse().map_err(|_| {
            sentence(format!(
                "\"{}\" is not a practice id. Ask whoever runs the server for your practice's id (it looks like 0190f3e4-8a2b-7c3d-9e4f-5a6b7c8d9e0f).",
                practice.trim()
            ))
        })?;
        if account.trim().is_empty() || password.is_empty() {
            return Err(sentence(
                "Enter your account and password for the practice server.",
            ));
        }
        let url = url.trim().trim_end_matches('/');
        if let Some(server) = store.sync_status().await?.server
            && (server.url != url || server.practice != practice)
        {
            return Err(sentence(format!(
                "This database follows practice \"{}\" at {}. Sign in there, or open another database to connect to a different server.",
                server.practice_name, server.url
            )));
        }
        let client = Client::new(url).map_err(sentence)?;
        let signed = client
            .sign_in(practice, account.trim(), password)
            .await
            .map_err(sentence)?;
        let token = signed.token.clone().ok_or_else(|| {
            sentence("The practice server signed you in but sent no token. Ask whoever runs it to update it.")
        })?;
        let note = keep_token(url, practice, token.clone()).await;
        let client = client.with_token(token);
        {
            let mut session = self.session.lock().await;
            session.client = Some(client.clone());
            session.note = note;
            session.online = Some(true);
            session.first = None;
        }
        if store.sync_status().await?.server.is_none() {
            self.first_connection(store, &client).await?;
        } else {
            self.round(store).await;
        }
        self.view(store).await
    }

    /// The first connection: takes the server's practice at once when this computer has the
    /// demo (or the same practice); otherwise waits for the admin (upload, or which wins).
    async fn first_connection(&self, store: &Store, client: &Client) -> Result<(), CommandError> {
        let server = client.server().await.map_err(sentence)?;
        let snapshot = client.snapshot(server.practice).await.map_err(sentence)?;
        let first = match &snapshot.config {
            None => Some(First::Upload),
            Some(config) => match store.connection_plan(Some(config)).await? {
                Connection::TakeServer | Connection::Same | Connection::Upload => {
                    store
                        .connect_to_snapshot(&server, snapshot.revision, config)
                        .await?;
                    self.changed.fetch_add(1, Ordering::SeqCst);
                    None
                }
                Connection::Choose { differences } => Some(First::Choose {
                    differences,
                    snapshot: Box::new(snapshot),
                }),
            },
        };
        self.session.lock().await.first = first;
        Ok(())
    }

    async fn client(&self) -> Result<Client, CommandError> {
        self.session
            .lock()
            .await
            .client
            .clone()
            .ok_or_else(|| sentence("Sign in to the practice server first."))
    }

    /// "Upload this practice": refused for the demo, with the store's sentence.
    pub async fn upload(&self, store: &Store) -> Result<SyncView, CommandError> {
        let client = self.client().await?;
        store.connection_plan(None).await?;
        let server = client.server().await.map_err(sentence)?;
        let local = store.load().await?;
        let uploaded = client
            .upload(server.practice, &local.config)
            .await
            .map_err(sentence)?;
        store
            .connect_uploaded(&server, local.revision, uploaded.revision)
            .await?;
        self.session.lock().await.first = None;
        self.round(store).await;
        self.view(store).await
    }

    /// Both sides had a practice: `mine` wins, or the server's; one logged step.
    pub async fn choose(
        &self,
        store: &Store,
        mine: bool,
        author: &Author,
    ) -> Result<SyncView, CommandError> {
        let client = self.client().await?;
        let snapshot = match self.session.lock().await.first.take() {
            Some(First::Choose { snapshot, .. }) => snapshot,
            other => {
                self.session.lock().await.first = other;
                return Err(sentence(
                    "There is nothing to choose: this database is not waiting for a first connection.",
                ));
            }
        };
        let choice = if mine {
            FirstChoice::MineWins
        } else {
            FirstChoice::TheirsWins
        };
        if let Err(err) =
            switchboard_sync::connect_choosing(store, &client, &snapshot, choice, author).await
        {
            let differences = store
                .connection_plan(snapshot.config.as_ref())
                .await
                .ok()
                .and_then(|plan| match plan {
                    Connection::Choose { differences } => Some(differences),
                    _ => None,
                })
                .unwrap_or_default();
            self.session.lock().await.first = Some(First::Choose {
                differences,
                snapshot,
            });
            return Err(sentence(err));
        }
        self.changed.fetch_add(1, Ordering::SeqCst);
        self.round(store).await;
        self.view(store).await
    }

    /// Signs out: refused while changes are not yet synced unless `force` (they stay here).
    pub async fn sign_out(&self, store: &Store, force: bool) -> Result<SyncView, CommandError> {
        let status = store.sync_status().await?;
        if status.pending > 0 && !force {
            return Err(CommandError::new(
                ErrorCode::Conflict,
                format!(
                    "{} not yet synced. They stay on this computer and sync when you sign in again.",
                    changes(status.pending)
                ),
            ));
        }
        let client = self.session.lock().await.client.take();
        if let Some(client) = client {
            let _ = client.sign_out().await;
            if let Some(server) = &status.server {
                forget_token(&server.url, server.practice).await;
            }
        }
        let mut session = self.session.lock().await;
        session.first = None;
        session.online = None;
        session.note = None;
        drop(session);
        self.view(store).await
    }

    /// One sync round, now; its outcome goes into the status.
    pub async fn round(&self, store: &Store) {
        let client = {
            let session = self.session.lock().await;
            if session.first.is_some() {
                return;
            }
            session.client.clone()
        };
        let Some(client) = client else {
            return;
        };
        if !matches!(store.sync_status().await, Ok(status) if status.server.is_some()) {
            return;
        }
        let outcome = switchboard_sync::sync_once(store, &client).await;
        let mut session = self.session.lock().await;
        match outcome {
            Ok(report) => {
                session.online = Some(true);
                session.backoff.succeeded();
                if session
                    .note
                    .as_deref()
                    .is_some_and(|n| !n.contains("credential store"))
                {
                    session.note = None;
                }
                if report.rows_changed || report.pulled > 0 || report.conflicts > 0 {
                    self.changed.fetch_add(1, Ordering::SeqCst);
                }
            }
            Err(err) if err.is_retryable() => session.online = Some(false),
            Err(err) if err.is_signed_out() => {
                session.client = None;
                session.note = Some(err.to_string());
            }
            Err(err) => {
                tracing::warn!(error = %err, "a sync round failed");
                session.note = Some(err.to_string());
            }
        }
    }

    /// The background loop: a round shortly after edits, every interval, and again after a
    /// back-off while the server cannot be reached.
    pub async fn run(&self, store: Store) {
        self.resume(&store).await;
        loop {
            let wait = {
                let mut session = self.session.lock().await;
                if session.online == Some(false) {
                    session.backoff.failed().min(self.interval)
                } else {
                    self.interval
                }
            };
            if tokio::time::timeout(wait, self.wake.notified())
                .await
                .is_ok()
            {
                // An edit: wait for the burst to end.
                while tokio::time::timeout(DEBOUNCE, self.wake.notified())
                    .await
                    .is_ok()
                {}
            }
            self.round(&store).await;
        }
    }

    /// The changes waiting for a choice, in words, with what each choice would cause.
    pub async fn conflicts(&self, store: &Store) -> Result<Vec<ConflictView>, CommandError> {
        let conflicts = store.conflicts().await?;
        if conflicts.is_empty() {
            return Ok(Vec::new());
        }
        let current = store.load().await?.config;
        let log = store.history().await?;
        let findings = reconcile::choice_findings(
            &current,
            conflicts.iter().map(|conflict| &conflict.change),
            today(),
        );
        Ok(conflicts
            .iter()
            .zip(findings.mine)
            .map(|(conflict, mine)| view_of(conflict, &current, &log, mine, &findings.theirs))
            .collect())
    }

    /// Keep mine (a new change over the server's value) or take theirs (mine is dropped).
    pub async fn resolve(
        &self,
        store: &Store,
        id: i64,
        keep_mine: bool,
        author: &Author,
    ) -> Result<SyncView, CommandError> {
        if keep_mine {
            store.keep_mine(id, author).await?;
        } else {
            store.take_theirs(id).await?;
        }
        self.changed.fetch_add(1, Ordering::SeqCst);
        self.poke();
        self.view(store).await
    }
}

fn changes(count: i64) -> String {
    if count == 1 {
        "1 change is".to_owned()
    } else {
        format!("{count} changes are")
    }
}

fn view_of(
    conflict: &Conflict,
    current: &Config,
    log: &[switchboard_store::LoggedChange],
    findings_if_mine: Option<Vec<String>>,
    findings_if_theirs: &[String],
) -> ConflictView {
    let described = history::describe(current, &conflict.change);
    let set_when = conflict.set_at.and_then(|revision| {
        log.iter()
            .find(|entry| entry.server_revision == Some(revision))
            .map(|entry| entry.at.clone())
    });
    ConflictView {
        id: conflict.id,
        wanted: described.words,
        screen: described.screen,
        server_now: conflict.current.clone(),
        expected: conflict.expected.clone(),
        set_by: conflict.set_by.clone(),
        set_when,
        message: conflict.message.clone(),
        findings_if_mine,
        findings_if_theirs: findings_if_theirs.to_vec(),
    }
}

/// The practice's change log in words, newest first.
pub async fn history(store: &Store) -> Result<Vec<HistoryEntry>, CommandError> {
    let config = store.load().await?.config;
    let log = store.history().await?;
    Ok(log
        .iter()
        .rev()
        .map(|entry| {
            let described = match entry.kind {
                EntryKind::Snapshot => {
                    history::taken_from_server(entry.server_revision.unwrap_or_default())
                }
                _ => history::describe(&config, &entry.change),
            };
            HistoryEntry {
                revision: entry.revision,
                at: entry.at.clone(),
                author: entry.author.clone(),
                device: entry.device.to_string(),
                screen: described.screen,
                words: described.words,
                kind: entry.kind.name().to_owned(),
                synced: entry.synced,
            }
        })
        .collect())
}
