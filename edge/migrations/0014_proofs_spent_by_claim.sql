-- A public form's batch may share its transaction with other forms' (group commit), so
-- spending a proof of work no longer fails on a reused one: the spend is
-- `ON CONFLICT DO NOTHING` under the batch's random claim, everything else the form writes
-- is conditional on that claim, and the batch reads the claim back to tell a spent proof.
ALTER TABLE used_challenges ADD COLUMN claim TEXT;
