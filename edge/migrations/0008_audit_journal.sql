-- Changes write their audit entry to this journal in their own transaction: an
-- autoincrement id orders them without any contention. `audit::chain` then appends each,
-- in journal order, to the hash-chained `audit_log` (rows in both are only ever inserted).
CREATE TABLE audit_journal (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org         TEXT NOT NULL,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    target      TEXT NOT NULL,
    before_json TEXT,
    after_json  TEXT
) STRICT;
CREATE INDEX audit_journal_by_org ON audit_journal (org, id);

-- The journal entry each chained entry came from (none for entries chained before the
-- journal existed).
ALTER TABLE audit_log ADD COLUMN journal_id INTEGER;
CREATE UNIQUE INDEX audit_log_by_journal ON audit_log (journal_id);
