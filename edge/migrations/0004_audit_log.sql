-- The audit log: one hash chain per organisation. Rows are only ever inserted (the code
-- has no update or delete path); `hash` covers the entry and `prev_hash` links it to the
-- one before, so an edited or removed row is found by GET /v1/admin/orgs/{org}/audit/verify.
CREATE TABLE audit_log (
    org         TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL,
    PRIMARY KEY (org, seq)
) STRICT;
CREATE INDEX audit_log_by_target ON audit_log (org, target, seq);
CREATE INDEX audit_log_by_action ON audit_log (org, action, seq);
