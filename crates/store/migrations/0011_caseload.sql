-- The caseload lists (my cases, the unit's cases): the day each case entered
-- its current phase, for "days in stage". Written with the rest of the
-- `cases` read model on every append; the cases already stored get it from
-- their events right after this migration (schema.rs, `after_sql`).
ALTER TABLE cases ADD COLUMN phase_since TEXT;

-- The open cases of a unit, the caseload's query.
CREATE INDEX cases_unit_open ON cases (unit_id, closed_on, phase)
;

-- The LVU ground (`lvu2`, `lvu3`) the child is cared for or removed under
-- now, NULL for SoL: the caseload's filter by legal basis.
ALTER TABLE cases ADD COLUMN lvu_ground TEXT
