-- The PDF files of an organisation's documents. The bytes are in R2 (the FILES bucket,
-- under `object_key`); each upload is a new version and the older ones stay.
CREATE TABLE document_files (
    org         TEXT NOT NULL REFERENCES organisations (slug),
    document_id TEXT NOT NULL,
    version     INTEGER NOT NULL,
    object_key  TEXT NOT NULL,
    size        INTEGER NOT NULL,
    sha256      TEXT NOT NULL,
    pages       INTEGER NOT NULL,
    -- The last day the file is valid for (a SOC 2 report's period), YYYY-MM-DD.
    valid_until TEXT,
    uploaded_by TEXT NOT NULL,
    uploaded_at INTEGER NOT NULL,
    -- When the editors were reminded that `valid_until` is 30 days away.
    reminded_at INTEGER,
    PRIMARY KEY (org, document_id, version)
) STRICT;
CREATE INDEX document_files_to_remind ON document_files (valid_until) WHERE reminded_at IS NULL;

-- Access to a gated document for a time: made when a request is approved (by a member or
-- a rule), revocable and renewable. The viewer's details are sealed, as the request's
-- are; `reference` is printed on every copy and finds the grant again (leak lookup).
CREATE TABLE grants (
    id             TEXT PRIMARY KEY NOT NULL,
    org            TEXT NOT NULL REFERENCES organisations (slug),
    reference      TEXT NOT NULL UNIQUE,
    document_id    TEXT NOT NULL,
    document_title TEXT NOT NULL,
    request_id     TEXT NOT NULL UNIQUE REFERENCES document_requests (id),
    -- Keyed hash of the viewer's e-mail address: their grants, and their NDA.
    email_hash     TEXT NOT NULL,
    key_id         TEXT,
    name_sealed    TEXT,
    company_sealed TEXT,
    email_sealed   TEXT,
    granted_at     INTEGER NOT NULL,
    granted_by     TEXT NOT NULL,
    -- The approval rule that granted it, when no member did.
    rule           TEXT,
    expires_at     INTEGER NOT NULL,
    renewed_at     INTEGER,
    renewed_by     TEXT,
    revoked_at     INTEGER,
    revoked_by     TEXT,
    retention_days INTEGER NOT NULL,
    erased_at      INTEGER
) STRICT;
CREATE INDEX grants_by_document ON grants (org, document_id, granted_at);
CREATE INDEX grants_by_viewer ON grants (org, email_hash, granted_at);

-- Every copy handed out under a grant: when, which file version, and from where (sealed).
CREATE TABLE grant_downloads (
    id             TEXT PRIMARY KEY NOT NULL,
    grant_id       TEXT NOT NULL REFERENCES grants (id),
    at             INTEGER NOT NULL,
    file_version   INTEGER NOT NULL,
    key_id         TEXT,
    address_sealed TEXT,
    agent_sealed   TEXT
) STRICT;
CREATE INDEX grant_downloads_by_grant ON grant_downloads (grant_id, at);

-- How a request was decided when a rule decided it (the rule, in words).
ALTER TABLE document_requests ADD COLUMN decided_by_rule TEXT;

-- How an organisation's document requests are decided without a member: by the
-- requester's e-mail domain, free-mail refused, an NDA remembered for 12 months.
CREATE TABLE approval_rules (
    org                 TEXT PRIMARY KEY NOT NULL REFERENCES organisations (slug),
    -- JSON: [{ "domain": "example.com" | "*.example.com", "decision": "approve" | "deny" | "review" }]
    domains             TEXT NOT NULL DEFAULT '[]',
    refuse_free_mail    INTEGER NOT NULL DEFAULT 1,
    remember_nda        INTEGER NOT NULL DEFAULT 1,
    -- The days an automatic approval grants access for.
    grant_days          INTEGER NOT NULL DEFAULT 30,
    updated_at          INTEGER,
    updated_by          TEXT
) STRICT;
