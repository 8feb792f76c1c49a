-- One row per published version that changed an organisation's subprocessor list: the
-- Atom feed's entries and, later, what subscribers are told.
CREATE TABLE subprocessor_changes (
    org          TEXT NOT NULL REFERENCES organisations (slug),
    version      INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    summary      TEXT NOT NULL,
    changes_json TEXT NOT NULL,
    PRIMARY KEY (org, version),
    FOREIGN KEY (org, version) REFERENCES profile_versions (org, version)
) STRICT;
