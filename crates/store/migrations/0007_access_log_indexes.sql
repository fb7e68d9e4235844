-- The unit manager's start page lists the system administrator's changes in
-- the unit (accounts, passwords) of the last days. Without an index of its
-- own that query read every access-log entry of those days, so the start page
-- grew slower with every page anyone viewed. The index holds only those
-- rare entries, so writing the log costs nothing more.
CREATE INDEX access_log_admin_changes ON access_log (case_unit_id, seq)
    WHERE kind IN ('admin', 'password_reset');

-- Only reviews refer to another entry: index just those rows, so that the
-- great number of entries without a reference cost nothing to index.
DROP INDEX access_log_ref;
CREATE INDEX access_log_ref ON access_log (ref_seq) WHERE ref_seq IS NOT NULL;
