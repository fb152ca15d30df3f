-- The first schema: this device's identity, the practice, its topics, and the log of every change.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;

CREATE TABLE practice (
    id   INTEGER PRIMARY KEY CHECK (id = 1),
    name TEXT    NOT NULL,
    demo INTEGER NOT NULL CHECK (demo IN (0, 1))
) STRICT;

CREATE TABLE topics (
    key        TEXT    PRIMARY KEY,
    position   INTEGER NOT NULL,
    enabled    INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    label_en   TEXT    NOT NULL,
    label_es   TEXT    NOT NULL,
    display_en TEXT    NOT NULL,
    display_es TEXT    NOT NULL,
    builtin    INTEGER NOT NULL CHECK (builtin IN (0, 1))
) STRICT;

-- Append-only. `change` and `inverse` are core::Change as JSON; seq is the local revision.
CREATE TABLE changes (
    seq             INTEGER PRIMARY KEY AUTOINCREMENT,
    id              TEXT    NOT NULL UNIQUE,
    author          TEXT    NOT NULL,
    device          TEXT    NOT NULL,
    at              TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    change          TEXT    NOT NULL,
    inverse         TEXT    NOT NULL,
    server_revision INTEGER
) STRICT;
