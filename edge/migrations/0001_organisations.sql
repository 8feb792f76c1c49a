-- Organisations and their API tokens: the system of record behind the published snapshots.
CREATE TABLE organisations (
    slug        TEXT PRIMARY KEY NOT NULL CHECK (length(slug) BETWEEN 2 AND 63),
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
) STRICT;

-- Published versions of each organisation's profile; the newest is also in KV.
CREATE TABLE profile_versions (
    org          TEXT NOT NULL REFERENCES organisations (slug),
    version      INTEGER NOT NULL CHECK (version >= 1),
    profile_json TEXT NOT NULL,
    published_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    published_by TEXT NOT NULL,
    PRIMARY KEY (org, version)
) STRICT;

-- API tokens: only the SHA-256 of the secret is kept.
CREATE TABLE api_tokens (
    id          TEXT PRIMARY KEY NOT NULL,
    org         TEXT NOT NULL REFERENCES organisations (slug),
    name        TEXT NOT NULL,
    token_hash  TEXT NOT NULL,
    scopes      TEXT NOT NULL,
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    expires_at  TEXT,
    revoked_at  TEXT
) STRICT;
-- A token is scoped to one organisation; the operator may register one secret for several.
CREATE UNIQUE INDEX api_tokens_by_hash ON api_tokens (token_hash, org);
