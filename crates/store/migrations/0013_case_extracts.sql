-- The follow-up's case extracts (issue 11): one row per case with what the
-- follow-up reads from its events, so that a process can build the
-- follow-up without decoding the event log. Derived data: `version` is the
-- case's version it was made from, and an extract whose version is not the
-- case's is never used (the case is read from its events instead and the
-- extract made again). `data` is the follow-up's own text form
-- (`tillit_followup::CaseExtract::encode`); the store does not read it.
CREATE TABLE case_extracts (
    case_id TEXT PRIMARY KEY REFERENCES cases (id),
    version BIGINT NOT NULL,
    data    TEXT NOT NULL
);
