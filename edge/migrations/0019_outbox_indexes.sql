-- The outbox's indexes as its queries use them. Every form writes two outbox rows (its
-- e-mail and its webhook event), and each index is a write of its own.
--
-- Unused since the sender looks for what is due per channel (0010): (sent_at,
-- next_attempt_at) is read by no query, and (channel, sent_at) is the start of
-- (channel, sent_at, next_attempt_at), which serves the same lookups.
DROP INDEX outbox_due;
DROP INDEX outbox_events;
-- Retention erases the contents of a request's messages by the request (`related_id`):
-- without this, each erased request scanned the whole outbox.
CREATE INDEX outbox_by_related ON outbox (related_id);
