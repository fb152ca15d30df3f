//! The command line: `serve` (the default) and the administrator's commands — practices,
//! user accounts, portal keys. Every option is also an environment variable.

use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use clap::{Args, Parser, Subcommand};
use switchboard_core::PracticeId;
use switchboard_core::sync::Role;

use crate::db::{AccountRow, Database, PostgresDb, SqliteDb};
use crate::{AppState, api, auth, clock};

/// Switchboard's practice server.
#[derive(Debug, Parser)]
#[command(name = "switchboard-server", version, about)]
pub struct Cli {
    /// A PostgreSQL database (postgres://user@host/db), for several server processes.
    /// Without it, an SQLite file in the data folder.
    #[arg(long, env = "SWITCHBOARD_DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// The folder of the SQLite database (default: the platform's data folder).
    #[arg(long, env = "SWITCHBOARD_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// What to do.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server (the default).
    Serve(Serve),
    /// Practices on this server.
    #[command(subcommand)]
    Practice(PracticeCommand),
    /// User accounts of a practice.
    #[command(subcommand)]
    User(UserCommand),
    /// Read-only keys for a patient portal's backend.
    #[command(subcommand, name = "portal-key")]
    PortalKey(PortalKeyCommand),
    /// Print the API's OpenAPI 3.1 document.
    Openapi,
}

/// Options of `serve`.
#[derive(Debug, Clone, Args)]
pub struct Serve {
    /// The address to listen on.
    #[arg(long, env = "SWITCHBOARD_LISTEN", default_value = "127.0.0.1:7878")]
    pub listen: SocketAddr,
    /// Listen on a non-loopback address without TLS (only behind a TLS proxy on a trusted
    /// network).
    #[arg(long, env = "SWITCHBOARD_INSECURE_LISTEN_ANY")]
    pub insecure_listen_any: bool,
    /// The name of the practice made on first start.
    #[arg(long, default_value = "My Practice")]
    pub practice_name: String,
    /// A PEM certificate chain: serve HTTPS (with --tls-key), on any address.
    #[arg(long, env = "SWITCHBOARD_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The certificate's PEM private key.
    #[arg(long, env = "SWITCHBOARD_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
}

impl Default for Serve {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 7878)),
            insecure_listen_any: false,
            practice_name: "My Practice".into(),
            tls_cert: None,
            tls_key: None,
        }
    }
}

/// `practice …`.
#[derive(Debug, Subcommand)]
pub enum PracticeCommand {
    /// Add a practice (prints its id).
    Add { name: String },
    /// List the practices.
    List,
}

/// `user …`.
#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Add an account; its password comes from a prompt (or one line on standard input).
    Add {
        #[arg(long)]
        practice: PracticeId,
        name: String,
        #[arg(long, default_value = "admin", value_parser = ["admin", "viewer"])]
        role: String,
    },
    /// Set an account's password (ends its sessions).
    Passwd {
        #[arg(long)]
        practice: PracticeId,
        name: String,
    },
    /// Disable an account (ends its sessions).
    Disable {
        #[arg(long)]
        practice: PracticeId,
        name: String,
    },
    /// List a practice's accounts.
    List {
        #[arg(long)]
        practice: PracticeId,
    },
}

/// `portal-key …`.
#[derive(Debug, Subcommand)]
pub enum PortalKeyCommand {
    /// Make a portal key (printed once).
    Add {
        #[arg(long)]
        practice: PracticeId,
        #[arg(long, default_value = "patient portal")]
        label: String,
    },
    /// Revoke a portal key by its id.
    Revoke { id: String },
}

/// A failed command, as a sentence.
pub type CliResult = Result<(), String>;

/// Runs `cli`.
pub async fn run(cli: Cli) -> CliResult {
    let command = cli.command.unwrap_or(Command::Serve(Serve::default()));
    if let Command::Openapi = command {
        print!("{}", api::v1::openapi_json());
        return Ok(());
    }
    match cli.database_url {
        Some(url) => {
            if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
                return Err(format!(
                    "--database-url must be a PostgreSQL address (postgres://…); for SQLite, leave it out and use --data-dir. Got \"{}\".",
                    url.split('@').next_back().unwrap_or_default()
                ));
            }
            let db = PostgresDb::open(&url)
                .await
                .map_err(|err| format!("Could not open the PostgreSQL database: {err}"))?;
            let result = dispatch(&db, command).await;
            db.close().await;
            result
        }
        None => {
            let dir = cli.data_dir.unwrap_or_else(default_data_dir);
            let path = dir.join("switchboard-server.sqlite3");
            let db = SqliteDb::open(&path).await.map_err(|err| {
                format!("Could not open the database at {}: {err}", path.display())
            })?;
            let result = dispatch(&db, command).await;
            db.close().await;
            result
        }
    }
}

async fn dispatch<D: Database>(db: &D, command: Command) -> CliResult {
    match command {
        Command::Serve(options) => serve(db.clone(), options).await,
        Command::Practice(command) => practice(db, command).await,
        Command::User(command) => user(db, command).await,
        Command::PortalKey(command) => portal_key(db, command).await,
        Command::Openapi => Ok(()),
    }
}

/// The platform's folder for the server's data.
pub fn default_data_dir() -> PathBuf {
    let var = |name: &str| std::env::var_os(name).map(PathBuf::from);
    if cfg!(windows) {
        var("APPDATA")
            .unwrap_or_else(|| PathBuf::from("."))
            .join("Switchboard Server")
    } else if cfg!(target_os = "macos") {
        var("HOME")
            .unwrap_or_else(|| PathBuf::from("."))
            .join("Library/Application Support/Switchboard Server")
    } else {
        var("XDG_DATA_HOME")
            .or_else(|| var("HOME").map(|home| home.join(".local/share")))
            .unwrap_or_else(|| PathBuf::from("."))
            .join("switchboard-server")
    }
}

/// Runs the server until Ctrl+C or SIGTERM, then finishes the requests in flight.
pub async fn serve<D: Database>(db: D, options: Serve) -> CliResult {
    let tls = options.tls_cert.as_deref().zip(options.tls_key.as_deref());
    if tls.is_none() && !options.listen.ip().is_loopback() && !options.insecure_listen_any {
        return Err(format!(
            "{} is not a loopback address, and without --tls-cert and --tls-key this server speaks plain HTTP. Give a certificate, listen on 127.0.0.1 behind a TLS proxy, or pass --insecure-listen-any on a trusted network only.",
            options.listen
        ));
    }
    first_start(&db, &options.practice_name).await?;
    if let Some((cert, key)) = tls {
        let listener = std::net::TcpListener::bind(options.listen)
            .map_err(|err| format!("Could not listen on {}: {err}", options.listen))?;
        let address = listener
            .local_addr()
            .map_err(|err| format!("Could not read the listening address: {err}"))?;
        println!("switchboard-server: listening on https://{address}");
        api::serve_tls(
            listener,
            cert,
            key,
            api::router(AppState::new(db)),
            shutdown(),
        )
        .await?;
        println!("switchboard-server: stopped");
        return Ok(());
    }
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|err| format!("Could not listen on {}: {err}", options.listen))?;
    let address = listener
        .local_addr()
        .map_err(|err| format!("Could not read the listening address: {err}"))?;
    if !address.ip().is_loopback() {
        eprintln!(
            "warning: listening on {address} without TLS (--insecure-listen-any): passwords and tokens cross the network in the clear unless a TLS proxy is in front."
        );
    }
    println!("switchboard-server: listening on http://{address}");
    api::serve(listener, api::router(AppState::new(db)), shutdown())
        .await
        .map_err(|err| format!("The server stopped: {err}"))?;
    println!("switchboard-server: stopped");
    Ok(())
}

/// Resolves at Ctrl+C or SIGTERM.
async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    println!("switchboard-server: stopping after the requests in flight");
}

/// On a server with no practice: makes one and its administrator, and says how to sign in.
async fn first_start<D: Database>(db: &D, name: &str) -> CliResult {
    if !db.practices().await.map_err(|e| e.to_string())?.is_empty() {
        return Ok(());
    }
    let id = new_practice_id();
    db.add_practice(id, name, &clock::now_text())
        .await
        .map_err(|e| e.to_string())?;
    let interactive = std::io::stdin().is_terminal();
    let password = if interactive {
        println!("First start: made practice \"{name}\" ({id}).");
        read_password("Choose a password for the account \"admin\": ")?
    } else {
        auth::generate_password()
    };
    add_account(db, id, "admin", Role::Admin, &password).await?;
    println!(
        "First start: practice \"{name}\" (id {id}) with the administrator account \"admin\"."
    );
    if !interactive {
        println!("  Its password, shown only this once: {password}");
    }
    println!(
        "  In Switchboard: Settings → Practice server → this server's address, practice {id}, account admin."
    );
    Ok(())
}

/// A new practice id (UUIDv7).
fn new_practice_id() -> PracticeId {
    PracticeId::from_u128(uuid::Uuid::now_v7().as_u128())
}

/// A password from the terminal (not echoed), or one line of standard input.
fn read_password(prompt: &str) -> Result<String, String> {
    let password = if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(prompt).map_err(|err| err.to_string())?;
        let again = rpassword::prompt_password("Type it again: ").map_err(|err| err.to_string())?;
        if first != again {
            return Err("The two passwords differ. Run the command again.".into());
        }
        first
    } else {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .map_err(|err| err.to_string())?;
        line.trim_end_matches(['\r', '\n']).to_owned()
    };
    match auth::password_problem(&password) {
        Some(problem) => Err(problem),
        None => Ok(password),
    }
}

async fn add_account<D: Database>(
    db: &D,
    practice: PracticeId,
    name: &str,
    role: Role,
    password: &str,
) -> CliResult {
    if name.trim().is_empty() || name.chars().count() > 100 || name.chars().any(char::is_control) {
        return Err("An account name is 1 to 100 characters, such as \"jordan\".".into());
    }
    let account = AccountRow {
        id: uuid::Uuid::now_v7().to_string(),
        practice,
        name: name.to_owned(),
        role,
        password_hash: auth::hash_password(password)?,
        disabled: false,
    };
    db.add_account(&account, &clock::now_text())
        .await
        .map_err(|err| format!("Could not add the account (is the name taken?): {err}"))
}

async fn practice<D: Database>(db: &D, command: PracticeCommand) -> CliResult {
    match command {
        PracticeCommand::Add { name } => {
            let id = new_practice_id();
            db.add_practice(id, &name, &clock::now_text())
                .await
                .map_err(|e| e.to_string())?;
            println!("{id}");
        }
        PracticeCommand::List => {
            for practice in db.practices().await.map_err(|e| e.to_string())? {
                println!(
                    "{}\t{}\trevision {}",
                    practice.id, practice.name, practice.head
                );
            }
        }
    }
    Ok(())
}

async fn account<D: Database>(
    db: &D,
    practice: PracticeId,
    name: &str,
) -> Result<AccountRow, String> {
    db.account(practice, name)
        .await
        .map_err(|e| e.to_string())?
        .ok_or_else(|| format!("Practice {practice} has no account \"{name}\". `user list --practice {practice}` shows its accounts."))
}

async fn user<D: Database>(db: &D, command: UserCommand) -> CliResult {
    match command {
        UserCommand::Add {
            practice,
            name,
            role,
        } => {
            let role = Role::from_name(&role).unwrap_or(Role::Viewer);
            let password = read_password(&format!("Password for \"{name}\": "))?;
            add_account(db, practice, &name, role, &password).await?;
            println!("Added {} \"{name}\".", role.name());
        }
        UserCommand::Passwd { practice, name } => {
            let found = account(db, practice, &name).await?;
            let password = read_password(&format!("New password for \"{name}\": "))?;
            db.set_password(&found.id, &auth::hash_password(&password)?)
                .await
                .map_err(|e| e.to_string())?;
            println!("Changed the password of \"{name}\"; its sessions have ended.");
        }
        UserCommand::Disable { practice, name } => {
            let found = account(db, practice, &name).await?;
            db.disable(&found.id).await.map_err(|e| e.to_string())?;
            println!("Disabled \"{name}\"; its sessions have ended.");
        }
        UserCommand::List { practice } => {
            for account in db.accounts(practice).await.map_err(|e| e.to_string())? {
                let state = if account.disabled {
                    "disabled"
                } else {
                    "active"
                };
                println!("{}\t{}\t{state}", account.name, account.role.name());
            }
        }
    }
    Ok(())
}

async fn portal_key<D: Database>(db: &D, command: PortalKeyCommand) -> CliResult {
    match command {
        PortalKeyCommand::Add { practice, label } => {
            if db
                .practice(practice)
                .await
                .map_err(|e| e.to_string())?
                .is_none()
            {
                return Err(format!(
                    "There is no practice {practice}. `practice list` shows them."
                ));
            }
            let (key, hash) = auth::new_portal_key();
            let id = uuid::Uuid::now_v7().to_string();
            db.add_portal_key(&id, &hash, practice, &label, &clock::now_text())
                .await
                .map_err(|e| e.to_string())?;
            println!("Portal key {id} for practice {practice} (shown only this once):\n{key}");
        }
        PortalKeyCommand::Revoke { id } => {
            if !db.revoke_portal_key(&id).await.map_err(|e| e.to_string())? {
                return Err(format!("There is no portal key {id}."));
            }
            println!("Revoked portal key {id}.");
        }
    }
    Ok(())
}

/// The SQLite file `serve` uses in `dir`.
pub fn sqlite_path(dir: &Path) -> PathBuf {
    dir.join("switchboard-server.sqlite3")
}
