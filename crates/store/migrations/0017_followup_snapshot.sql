-- The follow-up's snapshot (issue 11): every person's and every case's
-- follow-up inputs in a few large parts, so that a cold process reads a
-- few dozen rows instead of a row per case and per person. Derived data,
-- like case_extracts: every part carries the store's stamp (the lengths of
-- the event log and the person register) it was made at, part 0 is the
-- header with the number of parts, and the snapshot is used only when the
-- header and every part carry the store's current stamp. `data` is the
-- follow-up's own text form (`tillit_followup::Snapshot::encode`).
CREATE TABLE followup_snapshot (
    part  BIGINT PRIMARY KEY,
    stamp TEXT NOT NULL,
    data  TEXT NOT NULL
);
