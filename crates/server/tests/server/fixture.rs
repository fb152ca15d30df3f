//! [`TestServer`]: the real server on 127.0.0.1 over a real database — an SQLite file in a
//! temporary folder, or a new database on the PostgreSQL server `cargo xtask test` starts
//! (`SWITCHBOARD_TEST_POSTGRES_URL`). Every test runs against each of [`backends`]. Without
//! that PostgreSQL a test fails under `CI=true`, and elsewhere says loudly that it ran on
//! SQLite only.

use switchboard_core::sync::{Role, Upload};
use switchboard_core::{Config, PracticeId, demo_practice};
use switchboard_server::db::{AccountRow, Database, PostgresDb, SqliteDb};
use switchboard_server::{AppState, api, auth, clock};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

use crate::http::{Client, Response};

/// The password of every test account.
pub const PASSWORD: &str = "correct horse battery staple";

/// A database backend to test against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// The admin URL of a PostgreSQL server; each test gets its own database on it.
    Postgres(String),
}

/// The backends every server test runs against.
pub fn backends() -> Vec<Backend> {
    let mut found = vec![Backend::Sqlite];
    match std::env::var("SWITCHBOARD_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => found.push(Backend::Postgres(url)),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => panic!(
            "SWITCHBOARD_TEST_POSTGRES_URL is not set: under CI=true the server's tests must reach PostgreSQL. Run them with `cargo xtask test`, which starts one."
        ),
        _ => eprintln!(
            "NOTE: SWITCHBOARD_TEST_POSTGRES_URL is not set, so this test ran against SQLite only. `cargo xtask test` runs it against PostgreSQL too."
        ),
    }
    found
}

/// A database of either backend.
#[derive(Debug, Clone)]
pub enum TestDb {
    Sqlite(SqliteDb),
    Postgres(PostgresDb),
}

/// Runs `$body` with `$db` bound to the concrete database inside `$test_db`.
#[macro_export]
macro_rules! with_db {
    ($test_db:expr, $db:ident => $body:expr) => {
        match $test_db {
            $crate::fixture::TestDb::Sqlite($db) => $body,
            $crate::fixture::TestDb::Postgres($db) => $body,
        }
    };
}

/// Where a test's database lives, kept alive as long as the test needs it.
#[derive(Debug)]
pub struct Place {
    /// The SQLite folder.
    pub dir: Option<tempfile::TempDir>,
    /// The PostgreSQL URL of this test's own database.
    pub url: Option<String>,
}

impl Place {
    /// A new empty database of `backend`.
    pub async fn new(backend: &Backend) -> Self {
        match backend {
            Backend::Sqlite => Self {
                dir: Some(tempfile::tempdir().expect("a temporary folder")),
                url: None,
            },
            Backend::Postgres(admin) => {
                let name = format!("sb_{}", uuid::Uuid::now_v7().simple());
                let pool = sqlx::PgPool::connect(admin)
                    .await
                    .expect("the test PostgreSQL server answers");
                sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
                    .execute(&pool)
                    .await
                    .expect("a new database");
                pool.close().await;
                let base = admin
                    .rsplit_once('/')
                    .map_or(admin.as_str(), |(base, _)| base);
                Self {
                    dir: None,
                    url: Some(format!("{base}/{name}")),
                }
            }
        }
    }

    /// Opens the database (migrating it).
    pub async fn open(&self) -> TestDb {
        match (&self.dir, &self.url) {
            (Some(dir), _) => TestDb::Sqlite(
                SqliteDb::open(&switchboard_server::cli::sqlite_path(dir.path()))
                    .await
                    .expect("the SQLite database opens"),
            ),
            (None, Some(url)) => TestDb::Postgres(
                PostgresDb::open(url)
                    .await
                    .expect("the PostgreSQL database opens"),
            ),
            (None, None) => unreachable!("a place is a folder or a URL"),
        }
    }

    /// The command-line options that name this database.
    pub fn args(&self) -> Vec<String> {
        match (&self.dir, &self.url) {
            (Some(dir), _) => vec!["--data-dir".into(), dir.path().display().to_string()],
            (None, Some(url)) => vec!["--database-url".into(), url.clone()],
            (None, None) => Vec::new(),
        }
    }
}

/// The real server on 127.0.0.1, in this process, with a practice, an admin, a viewer and a
/// portal key. Stops when dropped.
#[derive(Debug)]
pub struct TestServer {
    /// Keeps the database's folder for as long as the server runs.
    _place: Place,
    pub db: TestDb,
    pub practice: PracticeId,
    pub client: Client,
    pub portal_key: String,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

/// A practice configuration to upload: the demo's, as a real practice.
pub fn practice_config() -> Config {
    let mut config = demo_practice();
    config.demo = false;
    config
}

impl TestServer {
    /// A server over a new database of `backend`, with nothing uploaded yet.
    pub async fn start(backend: &Backend) -> Self {
        let place = Place::new(backend).await;
        let db = place.open().await;
        let practice = PracticeId::from_u128(uuid::Uuid::now_v7().as_u128());
        let portal_key = with_db!(&db, db => seed(db, practice).await);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let address = listener.local_addr().expect("an address");
        let (stop, stopped) = oneshot::channel::<()>();
        let app = with_db!(db.clone(), db => api::router(AppState::new(db)));
        let task = tokio::spawn(api::serve(listener, app, async {
            let _ = stopped.await;
        }));
        Self {
            _place: place,
            db,
            practice,
            client: Client::new(address),
            portal_key,
            stop: Some(stop),
            task: Some(task),
        }
    }

    /// A server with the practice uploaded (revision 1), and the admin's token.
    pub async fn with_practice(backend: &Backend) -> (Self, String) {
        let server = Self::start(backend).await;
        let admin = server.sign_in("admin").await;
        let uploaded = server
            .client
            .post(
                &server.path("snapshot"),
                Some(&admin),
                &Upload {
                    config: practice_config(),
                },
            )
            .await;
        assert_eq!(
            uploaded.status, 201,
            "the upload is created: {}",
            uploaded.text
        );
        (server, admin)
    }

    /// `/api/v1/practices/{practice}/{rest}`.
    pub fn path(&self, rest: &str) -> String {
        format!("/api/v1/practices/{}/{rest}", self.practice)
    }

    /// Signs `account` in and answers its token.
    pub async fn sign_in(&self, account: &str) -> String {
        let response = self.sign_in_with(account, PASSWORD).await;
        assert_eq!(
            response.status, 200,
            "{account} signs in: {}",
            response.text
        );
        response.json["token"]
            .as_str()
            .expect("a sign-in answers a token")
            .to_owned()
    }

    /// Tries to sign `account` in with `password`.
    pub async fn sign_in_with(&self, account: &str, password: &str) -> Response {
        self.client
            .post(
                "/api/v1/sessions",
                None,
                &serde_json::json!({
                    "practice": self.practice,
                    "account": account,
                    "password": password,
                }),
            )
            .await
    }

    /// Stops the server, finishing requests in flight.
    pub async fn stop(mut self) {
        self.shut().await;
    }

    async fn shut(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

/// A practice with accounts "admin" and "viewer", and a portal key (answered).
pub async fn seed<D: Database>(db: &D, practice: PracticeId) -> String {
    db.add_practice(practice, "Test Practice", &clock::now_text())
        .await
        .expect("a practice");
    // Hashing is slow on purpose; one hash serves every test account.
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let hash = HASH.get_or_init(|| auth::hash_password(PASSWORD).expect("hashes"));
    for (name, role) in [("admin", Role::Admin), ("viewer", Role::Viewer)] {
        db.add_account(
            &AccountRow {
                id: uuid::Uuid::now_v7().to_string(),
                practice,
                name: name.into(),
                role,
                password_hash: hash.clone(),
                disabled: false,
            },
            &clock::now_text(),
        )
        .await
        .expect("an account");
    }
    let (key, key_hash) = auth::new_portal_key();
    db.add_portal_key(
        &uuid::Uuid::now_v7().to_string(),
        &key_hash,
        practice,
        "test portal",
        &clock::now_text(),
    )
    .await
    .expect("a portal key");
    key
}
