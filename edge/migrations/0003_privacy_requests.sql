-- Privacy requests and vulnerability reports. Personal data is sealed by the edge before
-- it gets here (AES-256-GCM, `key_id` names the key for rotation): the columns ending in
-- `_sealed` hold ciphertext, look-ups go through keyed hashes, and secrets handed to a
-- requester (status token, verification code, link token) are kept only as hashes.

CREATE TABLE privacy_requests (
    id                TEXT PRIMARY KEY NOT NULL,
    org               TEXT NOT NULL REFERENCES organisations (slug),
    jurisdiction      TEXT NOT NULL,
    kind              TEXT NOT NULL,
    status            TEXT NOT NULL,
    received_at       INTEGER NOT NULL,
    due_by            TEXT NOT NULL,
    extended          INTEGER NOT NULL DEFAULT 0,
    gpc               INTEGER NOT NULL DEFAULT 0,
    -- Days the personal data is kept once the request is closed (the org's setting then).
    retention_days    INTEGER NOT NULL,
    status_token_hash TEXT NOT NULL,
    -- NULL once the personal data is erased; the rest stays as the record of the answer.
    key_id            TEXT,
    email_sealed      TEXT,
    name_sealed       TEXT,
    details_sealed    TEXT,
    email_hash        TEXT,
    verified_at       INTEGER,
    closed_at         INTEGER,
    erased_at         INTEGER
) STRICT;
CREATE INDEX privacy_requests_by_org ON privacy_requests (org, received_at);
CREATE INDEX privacy_requests_by_email ON privacy_requests (org, email_hash);
CREATE INDEX privacy_requests_by_status ON privacy_requests (status, received_at);

-- Every step of a request: when, who, from and to which status, and why.
CREATE TABLE request_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  TEXT NOT NULL REFERENCES privacy_requests (id),
    at          INTEGER NOT NULL,
    actor       TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    -- `status` (a change of status), `extension` (a new deadline) or `erasure`.
    kind        TEXT NOT NULL DEFAULT 'status',
    note        TEXT
) STRICT;
CREATE INDEX request_events_by_request ON request_events (request_id, id);

-- The open e-mail verification of a request: a 6-digit code (10 minutes, 3 tries) and
-- a link (24 hours), both kept as hashes.
CREATE TABLE verifications (
    request_id      TEXT PRIMARY KEY NOT NULL REFERENCES privacy_requests (id),
    code_hash       TEXT NOT NULL,
    link_token_hash TEXT NOT NULL,
    link_expires_at INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0
) STRICT;

-- Proof-of-work challenges already used: each is accepted once, until it expires.
CREATE TABLE used_challenges (
    salt       TEXT PRIMARY KEY NOT NULL,
    expires_at INTEGER NOT NULL
) STRICT;

-- Answers to requests sent with an Idempotency-Key, sealed (they hold a status token).
CREATE TABLE idempotency_keys (
    org        TEXT NOT NULL,
    key        TEXT NOT NULL,
    body_hash  TEXT NOT NULL,
    status     INTEGER NOT NULL,
    key_id     TEXT NOT NULL,
    response_sealed TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (org, key)
) STRICT;

-- Every e-mail (and webhook call) the edge sends, sent or not: a sender delivers and
-- retries.
CREATE TABLE outbox (
    id               TEXT PRIMARY KEY NOT NULL,
    org              TEXT NOT NULL,
    -- `email`, or `webhook` (then `related_id` is the webhook, the recipient its URL,
    -- the subject the event and the body its JSON).
    channel          TEXT NOT NULL DEFAULT 'email',
    purpose          TEXT NOT NULL,
    related_id       TEXT,
    key_id           TEXT,
    recipient_sealed TEXT,
    subject_sealed   TEXT,
    body_sealed      TEXT,
    created_at       INTEGER NOT NULL,
    attempts         INTEGER NOT NULL DEFAULT 0,
    next_attempt_at  INTEGER NOT NULL,
    sent_at          INTEGER,
    last_error       TEXT
) STRICT;
CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
CREATE INDEX outbox_by_org ON outbox (org, id);

CREATE TABLE security_reports (
    id                 TEXT PRIMARY KEY NOT NULL,
    org                TEXT NOT NULL REFERENCES organisations (slug),
    status             TEXT NOT NULL DEFAULT 'new',
    received_at        INTEGER NOT NULL,
    acknowledge_by     INTEGER NOT NULL,
    key_id             TEXT NOT NULL,
    title_sealed       TEXT NOT NULL,
    description_sealed TEXT NOT NULL,
    steps_sealed       TEXT,
    impact_sealed      TEXT,
    email_sealed       TEXT,
    credit_sealed      TEXT
) STRICT;
CREATE INDEX security_reports_by_org ON security_reports (org, received_at);
