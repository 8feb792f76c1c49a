-- The audit log filtered by who acted (`actor=`), and the list of actors to filter by.
CREATE INDEX audit_log_by_actor ON audit_log (org, actor, seq);
