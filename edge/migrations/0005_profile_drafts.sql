-- The profile being edited, one per organisation, before it is published as a version.
CREATE TABLE profile_drafts (
    org          TEXT PRIMARY KEY NOT NULL REFERENCES organisations (slug),
    profile_json TEXT NOT NULL,
    etag         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL
) STRICT;
