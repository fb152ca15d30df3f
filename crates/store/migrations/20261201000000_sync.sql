-- Sync with a practice server: the server and practice this file follows and the server revision its rows are based on; each log entry's sync state; the pending changes that met a conflict, kept until a person decides; and a counter of rewrites of the rows that add no log entry (a rebase), so a cached configuration knows it is stale.
CREATE TABLE sync_server (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    url           TEXT    NOT NULL,
    practice      TEXT    NOT NULL,
    practice_name TEXT    NOT NULL,
    account       TEXT    NOT NULL,
    base          INTEGER NOT NULL CHECK (base >= 0),
    last_sync     TEXT
) STRICT;

-- local: made before this file followed a server (history only); pending: to push; synced: in the server's log (server_revision);
-- conflict: refused by the server, waiting in sync_conflicts; dropped: its conflict was settled (take theirs, or keep mine as a new change);
-- superseded: made before the server's configuration replaced this one; snapshot: the entry that replaced it (neither is undoable).
ALTER TABLE changes ADD COLUMN sync TEXT NOT NULL DEFAULT 'pending'
    CHECK (sync IN ('local', 'pending', 'synced', 'conflict', 'dropped', 'superseded', 'snapshot'));
CREATE INDEX changes_pending ON changes (seq) WHERE sync = 'pending';
CREATE INDEX changes_by_server_revision ON changes (server_revision) WHERE server_revision IS NOT NULL;

CREATE TABLE sync_conflicts (
    id       INTEGER PRIMARY KEY AUTOINCREMENT,
    seq      INTEGER NOT NULL UNIQUE REFERENCES changes (seq),
    refused  INTEGER NOT NULL CHECK (refused IN (0, 1)),
    what     TEXT    NOT NULL,
    expected TEXT    NOT NULL,
    current  TEXT    NOT NULL,
    set_by   TEXT,
    set_at   INTEGER,
    message  TEXT    NOT NULL,
    found_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
) STRICT;

CREATE TABLE rows_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
) STRICT;
INSERT INTO rows_generation (id, generation) VALUES (1, 0);
