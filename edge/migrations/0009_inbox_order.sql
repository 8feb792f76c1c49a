-- The inbox lists an organisation's requests by due date: this index serves that order
-- (and its first page) without sorting every request the organisation ever had.
CREATE INDEX privacy_requests_inbox ON privacy_requests (org, due_by, received_at, id);
