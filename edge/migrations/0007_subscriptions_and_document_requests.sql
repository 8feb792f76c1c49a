-- People who asked to be told of changes to an organisation's subprocessors (GDPR
-- art. 28(2)). Double opt-in: `pending` until the link in the first e-mail is followed.
-- The address is sealed; `email_hash` (keyed) finds a returning subscriber. Unsubscribing
-- erases both and keeps the dates.
CREATE TABLE subscriptions (
    id              TEXT PRIMARY KEY NOT NULL,
    org             TEXT NOT NULL REFERENCES organisations (slug),
    status          TEXT NOT NULL CHECK (status IN ('pending', 'confirmed', 'unsubscribed')),
    email_hash      TEXT NOT NULL,
    key_id          TEXT,
    email_sealed    TEXT,
    created_at      INTEGER NOT NULL,
    confirm_sent_at INTEGER NOT NULL,
    confirmed_at    INTEGER,
    unsubscribed_at INTEGER
) STRICT;
CREATE UNIQUE INDEX subscriptions_by_email ON subscriptions (org, email_hash);
CREATE INDEX subscriptions_by_status ON subscriptions (org, status);

-- Requests for documents sent on request, with the NDA acceptance for `nda` ones: the
-- version accepted, when, and from which address (sealed, like the requester's details).
CREATE TABLE document_requests (
    id                 TEXT PRIMARY KEY NOT NULL,
    org                TEXT NOT NULL REFERENCES organisations (slug),
    document_id        TEXT NOT NULL,
    document_title     TEXT NOT NULL,
    access             TEXT NOT NULL CHECK (access IN ('on_request', 'nda')),
    status             TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
    received_at        INTEGER NOT NULL,
    retention_days     INTEGER NOT NULL,
    key_id             TEXT,
    name_sealed        TEXT,
    company_sealed     TEXT,
    email_sealed       TEXT,
    nda_version        TEXT,
    nda_accepted_at    INTEGER,
    nda_address_sealed TEXT,
    decided_at         INTEGER,
    decided_by         TEXT,
    note_sealed        TEXT,
    erased_at          INTEGER
) STRICT;
CREATE INDEX document_requests_by_org ON document_requests (org, status, received_at);

-- The one-click unsubscribe link of mail to a list (`List-Unsubscribe`), sealed.
ALTER TABLE outbox ADD COLUMN unsubscribe_sealed TEXT;
