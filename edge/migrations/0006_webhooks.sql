-- Endpoints an organisation registered for events. The signing secret is sealed: the
-- edge needs it to sign each delivery. Deliveries are outbox rows (channel `webhook`).
CREATE TABLE webhooks (
    id            TEXT PRIMARY KEY NOT NULL,
    org           TEXT NOT NULL REFERENCES organisations (slug),
    url           TEXT NOT NULL,
    events        TEXT NOT NULL,
    key_id        TEXT NOT NULL,
    secret_sealed TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    revoked_at    INTEGER
) STRICT;
CREATE INDEX webhooks_by_org ON webhooks (org);
