-- Reminders to the privacy team (the Cron Trigger): each request is reminded of once three
-- days before its deadline and once when it is overdue; each organisation gets a daily
-- digest of new requests; each member turns each kind off for themselves.

CREATE TABLE reminders_sent (
    request_id  TEXT NOT NULL REFERENCES privacy_requests (id),
    kind        TEXT NOT NULL CHECK (kind IN ('due_soon', 'overdue')),
    sent_at     INTEGER NOT NULL,
    PRIMARY KEY (request_id, kind)
) STRICT;

CREATE TABLE digests (
    org      TEXT PRIMARY KEY NOT NULL REFERENCES organisations (slug),
    last_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE reminder_opt_outs (
    org        TEXT NOT NULL REFERENCES organisations (slug),
    person_id  TEXT NOT NULL REFERENCES people (id),
    kind       TEXT NOT NULL CHECK (kind IN ('digest', 'due_soon', 'overdue')),
    PRIMARY KEY (org, person_id, kind)
) STRICT;
