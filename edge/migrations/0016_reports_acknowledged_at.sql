-- When a vulnerability report was acknowledged (moved on from `new`), for the dashboard's
-- "acknowledged within the commitment". Reports acknowledged before this column existed
-- keep NULL and are counted as neither in time nor late.
ALTER TABLE security_reports ADD COLUMN acknowledged_at INTEGER;
