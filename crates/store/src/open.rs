//! Opening the database file: the checks that give each kind of broken file its own sentence,
//! the window's *device lease*, and the connection pool.
//!
//! Words: a *device* is one running Switchboard's identity in the change log, and undo and
//! redo follow it (see `undo`). Devices are numbered *slots* of the file, each with its id in
//! the `devices` table; an open store holds an exclusive lock on its slot's *lease file*
//! (`<database>-device-<slot>.lock`, next to the database) for as long as it is open, and
//! takes the lowest free slot. So a restarted app is the same device as before (slot 1, its
//! undo stack intact), while a second app open on the same file at the same time gets a slot
//! of its own and never shares an undo stack. The operating system drops the lock when the
//! process ends, however it ends.
//!
//! Checks, in order, before SQLite touches the file: the folder and the file are writable
//! (their permission bits: a read-only file would otherwise open and then fail every edit),
//! the file starts as an SQLite database does, and it is as long as its header says. After
//! connecting: `PRAGMA quick_check` (damaged pages), then the migrations (a newer schema).

use std::fs::{File, OpenOptions, TryLockError};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::Duration;

use sqlx::migrate::MigrateError;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

use crate::StoreError;

/// How long a statement waits for another connection's write lock before giving up.
pub(crate) const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// At most this many Switchboards may have one file open at once.
const MAX_SLOTS: i64 = 32;

/// The first bytes of every SQLite database file.
const MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An exclusive lock on one device slot of a database file, held while the store is open.
#[derive(Debug)]
pub(crate) struct Lease {
    pub slot: i64,
    /// Locked; closing it (on drop) releases the slot.
    _file: File,
}

/// The open database: its pool, and the slot this store holds.
pub(crate) struct Opened {
    pub pool: SqlitePool,
    pub lease: Lease,
}

/// Checks `path`, takes a device slot, connects, checks the pages and migrates.
pub(crate) async fn open(path: &Path) -> Result<Opened, StoreError> {
    let folder = match path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        Some(dir) => dir.to_path_buf(),
        None => PathBuf::from("."),
    };
    let io_error = |source: std::io::Error| StoreError::Open {
        path: path.to_path_buf(),
        source: sqlx::Error::Io(source),
    };
    std::fs::create_dir_all(&folder).map_err(io_error)?;
    // Only where a folder's read-only flag means what it says: Windows sets it on folders
    // it customises and ignores it for writing (there, creating the lease file tells).
    #[cfg(unix)]
    if std::fs::metadata(&folder)
        .map_err(io_error)?
        .permissions()
        .readonly()
    {
        return Err(StoreError::ReadOnlyFolder { folder });
    }
    if let Ok(metadata) = std::fs::metadata(path) {
        if metadata.permissions().readonly() {
            return Err(StoreError::ReadOnlyFile {
                path: path.to_path_buf(),
            });
        }
        check_header(path, metadata.len()).map_err(|err| match err {
            HeaderError::Io(source) => io_error(source),
            HeaderError::Broken(broken) => broken,
        })?;
    }
    let lease = take_lease(path).map_err(|err| match err.kind() {
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnlyFolder {
                folder: folder.clone(),
            }
        }
        _ => io_error(err),
    })??;

    let pool = pool(path).await.map_err(|err| connect_error(path, err))?;
    let problems: Vec<String> = sqlx::query_scalar("PRAGMA quick_check(3)")
        .fetch_all(&pool)
        .await
        .map_err(|err| connect_error(path, err))?;
    if problems.first().is_some_and(|first| first != "ok") {
        pool.close().await;
        return Err(StoreError::Damaged {
            path: path.to_path_buf(),
            detail: problems.join("; "),
        });
    }
    if let Err(err) = sqlx::migrate!("./migrations").run(&pool).await {
        pool.close().await;
        return Err(migrate_error(path, err));
    }
    Ok(Opened { pool, lease })
}

/// A pool on the database at `path` with the store's settings: write-ahead log, full sync,
/// foreign keys, the busy timeout.
pub(crate) async fn pool(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(BUSY_TIMEOUT);
    SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
}

/// [`pool`] with the store's schema and nothing in it: the baseline the store's benchmark
/// measures `Store::apply` against uses the same settings and tables.
pub(crate) async fn plain(path: &Path) -> Result<SqlitePool, sqlx::Error> {
    let pool = pool(path).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(pool)
}

/// The lease file of `slot` for the database at `path`.
fn lease_path(path: &Path, slot: i64) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(format!("-device-{slot}.lock"));
    PathBuf::from(name)
}

/// Locks the lowest free slot of `path`.
fn take_lease(path: &Path) -> std::io::Result<Result<Lease, StoreError>> {
    for slot in 1..=MAX_SLOTS {
        let file = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(lease_path(path, slot))?;
        match file.try_lock() {
            Ok(()) => return Ok(Ok(Lease { slot, _file: file })),
            Err(TryLockError::WouldBlock) => {}
            // A file system without locks (some network shares) cannot tell two apps apart:
            // the first slot, as before there were slots, rather than no database at all.
            Err(TryLockError::Error(err)) if err.kind() == std::io::ErrorKind::Unsupported => {
                return Ok(Ok(Lease { slot, _file: file }));
            }
            Err(TryLockError::Error(err)) => return Err(err),
        }
    }
    Ok(Err(StoreError::TooManyWindows {
        path: path.to_path_buf(),
        count: usize::try_from(MAX_SLOTS).unwrap_or(usize::MAX),
    }))
}

enum HeaderError {
    Io(std::io::Error),
    Broken(StoreError),
}

/// Whether the file at `path` (`len` bytes) starts as an SQLite database and is as long as
/// its header says. An empty file is a new database.
fn check_header(path: &Path, len: u64) -> Result<(), HeaderError> {
    if len == 0 {
        return Ok(());
    }
    let mut header = Vec::with_capacity(100);
    File::open(path)
        .and_then(|file| file.take(100).read_to_end(&mut header))
        .map_err(HeaderError::Io)?;
    let not_a_database = || {
        HeaderError::Broken(StoreError::NotADatabase {
            path: path.to_path_buf(),
        })
    };
    if header.len() < MAGIC.len() || &header[..MAGIC.len()] != MAGIC {
        return Err(not_a_database());
    }
    let truncated = |expected: u64| {
        HeaderError::Broken(StoreError::Truncated {
            path: path.to_path_buf(),
            actual: len,
            expected,
        })
    };
    // The page size (bytes 16–17; 1 means 65,536) and, when the header vouches for it
    // (bytes 92–95 equal the change counter, bytes 24–27), the page count (bytes 28–31).
    let Some(page_size) = header
        .get(16..18)
        .map(|bytes| u64::from(u16::from_be_bytes([bytes[0], bytes[1]])))
        .map(|size| if size == 1 { 65_536 } else { size })
    else {
        return Err(truncated(100));
    };
    if !(512..=65_536).contains(&page_size) || !page_size.is_power_of_two() {
        return Err(not_a_database());
    }
    if header.len() < 100 {
        return Err(truncated(page_size));
    }
    let word = |at: usize| {
        u32::from_be_bytes([header[at], header[at + 1], header[at + 2], header[at + 3]])
    };
    let pages = u64::from(word(28));
    let vouched = word(92) == word(24) && pages > 0;
    // A write-ahead log not yet copied back may hold the pages the file still lacks: SQLite
    // puts them in place when it opens the file, and quick_check judges the result.
    let wal_pending = {
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        std::fs::metadata(PathBuf::from(wal)).is_ok_and(|wal| wal.len() > 0)
    };
    let expected = pages.saturating_mul(page_size);
    if vouched && !wal_pending && len < expected {
        return Err(truncated(expected));
    }
    Ok(())
}

/// The sentence for a failure to connect to (or first read) the file at `path`.
fn connect_error(path: &Path, err: sqlx::Error) -> StoreError {
    match StoreError::from(err) {
        StoreError::Corrupted(source) => {
            if crate::error::sqlite_code(&source) == Some(26) {
                StoreError::NotADatabase {
                    path: path.to_path_buf(),
                }
            } else {
                StoreError::Damaged {
                    path: path.to_path_buf(),
                    detail: source.to_string(),
                }
            }
        }
        StoreError::BecameReadOnly(_) => StoreError::ReadOnlyFile {
            path: path.to_path_buf(),
        },
        StoreError::Write(source) | StoreError::Read(source) => StoreError::Open {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    }
}

/// The sentence for a failure of the first write to the file at `path` (at open): a file
/// SQLite could open only for reading is a read-only file, not one that *became* read-only.
pub(crate) fn first_write_error(path: &Path, err: StoreError) -> StoreError {
    match err {
        StoreError::BecameReadOnly(_) => StoreError::ReadOnlyFile {
            path: path.to_path_buf(),
        },
        StoreError::Corrupted(source) => connect_error(path, source),
        StoreError::Write(source) => StoreError::Open {
            path: path.to_path_buf(),
            source,
        },
        other => other,
    }
}

/// The sentence for a failed upgrade of the file at `path`.
fn migrate_error(path: &Path, err: MigrateError) -> StoreError {
    match err {
        MigrateError::VersionMissing(version) => StoreError::NewerSchema {
            path: path.to_path_buf(),
            version,
        },
        MigrateError::Execute(source) | MigrateError::ExecuteMigration(source, _) => {
            match connect_error(path, source) {
                StoreError::Open { source, .. } => StoreError::Migrate {
                    path: path.to_path_buf(),
                    source: MigrateError::Execute(source),
                },
                other => other,
            }
        }
        other => StoreError::Migrate {
            path: path.to_path_buf(),
            source: other,
        },
    }
}
