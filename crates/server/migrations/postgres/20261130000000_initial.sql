-- The practice server's first schema (PostgreSQL): practices with their configuration at the head, accounts, sessions, portal keys, the change log, and failed sign-ins for rate limiting.
CREATE TABLE practices (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    -- The latest revision; 0 until a configuration is uploaded.
    head BIGINT NOT NULL DEFAULT 0,
    -- The revision of the uploaded configuration the log starts from (1), or 0.
    base_revision BIGINT NOT NULL DEFAULT 0,
    -- The uploaded configuration (JSON), from which the log replays; NULL until uploaded.
    base_config TEXT,
    -- The configuration at the head (JSON); NULL until uploaded.
    config TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE accounts (
    id TEXT PRIMARY KEY NOT NULL,
    practice TEXT NOT NULL REFERENCES practices (id),
    name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    UNIQUE (practice, name)
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY NOT NULL,
    account TEXT NOT NULL REFERENCES accounts (id),
    -- Unix seconds.
    created_at BIGINT NOT NULL,
    last_used_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE portal_keys (
    id TEXT PRIMARY KEY NOT NULL,
    key_hash TEXT NOT NULL UNIQUE,
    practice TEXT NOT NULL REFERENCES practices (id),
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE changes (
    practice TEXT NOT NULL REFERENCES practices (id),
    revision BIGINT NOT NULL,
    id TEXT NOT NULL,
    account TEXT NOT NULL,
    device TEXT NOT NULL,
    made_at TEXT NOT NULL,
    received_at TEXT NOT NULL,
    change TEXT NOT NULL,
    inverse TEXT NOT NULL,
    PRIMARY KEY (practice, revision),
    UNIQUE (practice, id)
);

CREATE TABLE failed_signins (
    key TEXT PRIMARY KEY NOT NULL,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL
);
