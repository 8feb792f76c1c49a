-- A public form is stored in one batch: the batch claims its Idempotency-Key, spends the
-- proof of work and writes everything else only where the claim is the batch's own
-- (`claim`, random per request), so a replay of a stored answer writes nothing and reads
-- it back in the same round trip. A claim and its answer are written together: there is
-- no "in progress" key any more, and none is left behind by a failure.
ALTER TABLE idempotency_keys ADD COLUMN claim TEXT;
CREATE UNIQUE INDEX idempotency_keys_by_claim ON idempotency_keys (claim);
DELETE FROM idempotency_keys WHERE status = 0;

-- Webhook events are one outbox row each (channel `event`), written in the change's own
-- transaction without reading the endpoints; the sender fans each out to the endpoints
-- subscribed when it happened (channel `webhook` rows, delivered as before).
CREATE INDEX outbox_events ON outbox (channel, sent_at);

-- Each confirmation e-mail of a subscription names itself (a random nonce in its link's
-- token), so a newer one replaces the older even within the same second. Pending
-- subscriptions from before keep their links (token over the time sent).
ALTER TABLE subscriptions ADD COLUMN confirm_nonce TEXT;

-- The sender looks for what is due per channel: e-mail that waits for a provider is never
-- scanned on the way to the webhook calls that are due.
CREATE INDEX outbox_due_by_channel ON outbox (channel, sent_at, next_attempt_at);
