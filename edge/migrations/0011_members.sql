-- The team: people who sign in, their memberships with a role, invitations, and how they
-- sign in (e-mail links, single sign-on, passkeys). Every secret handed out (a link, a
-- session cookie, an SSO flow's state) is kept only as its SHA-256; an SSO client secret
-- is sealed like personal data. Times are Unix seconds.

CREATE TABLE people (
    id          TEXT PRIMARY KEY NOT NULL,
    -- Lowercase; verified by the way they first signed in (a link sent to it, or an
    -- identity provider that says `email_verified`).
    email       TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE memberships (
    org         TEXT NOT NULL REFERENCES organisations (slug),
    person_id   TEXT NOT NULL REFERENCES people (id),
    role        TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'privacy', 'security', 'editor', 'viewer')),
    joined_at   INTEGER NOT NULL,
    PRIMARY KEY (org, person_id)
) STRICT;
CREATE INDEX memberships_by_person ON memberships (person_id);

CREATE TABLE invitations (
    id           TEXT PRIMARY KEY NOT NULL,
    org          TEXT NOT NULL REFERENCES organisations (slug),
    email        TEXT NOT NULL,
    role         TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'privacy', 'security', 'editor', 'viewer')),
    token_hash   TEXT NOT NULL UNIQUE,
    invited_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    expires_at   INTEGER NOT NULL,
    accepted_at  INTEGER,
    accepted_by  TEXT REFERENCES people (id),
    revoked_at   INTEGER
) STRICT;
CREATE INDEX invitations_by_org ON invitations (org, created_at);
CREATE INDEX invitations_by_email ON invitations (email);

-- A sign-in link sent by e-mail: single use, 15 minutes.
CREATE TABLE sign_in_links (
    token_hash  TEXT PRIMARY KEY NOT NULL,
    email       TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    -- Who spent it: the batch that did writes this and the session only where it is its own.
    claim       TEXT
) STRICT;
CREATE INDEX sign_in_links_by_email ON sign_in_links (email, created_at);

CREATE TABLE sessions (
    id            TEXT PRIMARY KEY NOT NULL,
    token_hash    TEXT NOT NULL UNIQUE,
    person_id     TEXT NOT NULL REFERENCES people (id),
    -- `link`, `sso` or `passkey`: an organisation that requires two factors accepts the
    -- last two only.
    method        TEXT NOT NULL CHECK (method IN ('link', 'sso', 'passkey')),
    -- For SSO: the organisation whose provider said who this is.
    sso_org       TEXT,
    user_agent    TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    expires_at    INTEGER NOT NULL,
    ended_at      INTEGER
) STRICT;
CREATE INDEX sessions_by_person ON sessions (person_id, created_at);

-- An organisation's sign-in settings.
CREATE TABLE sign_in_settings (
    org                   TEXT PRIMARY KEY NOT NULL REFERENCES organisations (slug),
    -- Single sign-on through OpenID Connect; all four or none.
    issuer                TEXT,
    client_id             TEXT,
    client_secret_sealed  TEXT,
    key_id                TEXT,
    -- Comma-separated, lowercase: who may sign in through it.
    allowed_domains       TEXT NOT NULL DEFAULT '',
    -- A session from an e-mail link is not enough: SSO or a passkey.
    two_factor_required   INTEGER NOT NULL DEFAULT 0,
    updated_at            INTEGER NOT NULL
) STRICT;

-- Who an identity provider's subject is: matched on (issuer, subject) after the first
-- sign-in, so a reassigned address at the provider does not open another's account.
CREATE TABLE identities (
    issuer      TEXT NOT NULL,
    subject     TEXT NOT NULL,
    person_id   TEXT NOT NULL REFERENCES people (id),
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (issuer, subject)
) STRICT;

-- A single sign-on under way: `state` (kept hashed) ties the provider's answer to it,
-- and to the browser that started it (the same value is in a cookie).
CREATE TABLE sso_flows (
    state_hash     TEXT PRIMARY KEY NOT NULL,
    org            TEXT NOT NULL REFERENCES organisations (slug),
    nonce          TEXT NOT NULL,
    code_verifier  TEXT NOT NULL,
    invitation     TEXT,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    used_at        INTEGER,
    claim          TEXT
) STRICT;

-- Attempts to sign in, per address and per kind: the rate limit's count.
CREATE TABLE sign_in_attempts (
    id      INTEGER PRIMARY KEY AUTOINCREMENT,
    email   TEXT NOT NULL,
    kind    TEXT NOT NULL,
    at      INTEGER NOT NULL
) STRICT;
CREATE INDEX sign_in_attempts_by_email ON sign_in_attempts (email, kind, at);

-- Passkeys (WebAuthn): the credential's public key as COSE, its signature counter.
CREATE TABLE passkeys (
    id            TEXT PRIMARY KEY NOT NULL, -- the credential id, base64url
    person_id     TEXT NOT NULL REFERENCES people (id),
    name          TEXT NOT NULL,
    public_key    TEXT NOT NULL,             -- COSE_Key, base64url
    algorithm     INTEGER NOT NULL,          -- COSE: -7 ES256, -257 RS256
    sign_count    INTEGER NOT NULL DEFAULT 0,
    created_at    INTEGER NOT NULL,
    last_used_at  INTEGER,
    removed_at    INTEGER
) STRICT;
CREATE INDEX passkeys_by_person ON passkeys (person_id);

-- A passkey ceremony's challenge: single use, five minutes.
CREATE TABLE passkey_challenges (
    challenge   TEXT PRIMARY KEY NOT NULL,   -- base64url, as the browser echoes it
    person_id   TEXT,                        -- registering: who; signing in: NULL
    kind        TEXT NOT NULL CHECK (kind IN ('register', 'sign_in')),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER,
    claim       TEXT
) STRICT;
