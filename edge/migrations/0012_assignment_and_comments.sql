-- The privacy team's work on a request: who it is assigned to (a member), and the
-- comments the team leaves for each other (sealed, never shown to the requester, erased
-- with the request's personal data).

ALTER TABLE privacy_requests ADD COLUMN assignee TEXT REFERENCES people (id);
-- "Mine" and "assigned to …": the inbox's first page for one member without reading the
-- organisation's other requests.
CREATE INDEX privacy_requests_by_assignee ON privacy_requests (org, assignee, due_by, received_at, id);

CREATE TABLE request_comments (
    id          TEXT PRIMARY KEY NOT NULL,
    request_id  TEXT NOT NULL REFERENCES privacy_requests (id),
    at          INTEGER NOT NULL,
    -- `member:<address>` or `token:<name>`, as the audit log names them.
    author      TEXT NOT NULL,
    -- NULL once erased (retention), with the request's personal data.
    key_id      TEXT,
    body_sealed TEXT
) STRICT;
CREATE INDEX request_comments_by_request ON request_comments (request_id, at, id);
