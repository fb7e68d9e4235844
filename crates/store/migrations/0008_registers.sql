-- Registers beside the cases (Lex Sarah, incidents, ...): every register in
-- the same three tables (see src/registers.rs). A record is a stream of
-- entries, like a case; its head is the read model lists and reports use,
-- and the stream head for the compare-and-set of a write.

CREATE TABLE register_records (
    id          TEXT PRIMARY KEY,
    register    TEXT NOT NULL,
    -- Running number within the register: the record's reference.
    number      BIGINT NOT NULL,
    unit_id     BIGINT NOT NULL,
    -- NULL: from the public (a complaint through the e-service).
    reported_by BIGINT,
    handler_id  BIGINT,
    opened_on   TEXT NOT NULL,
    closed_on   TEXT,
    status      TEXT NOT NULL,
    category    TEXT,
    serious     BIGINT NOT NULL,
    -- Reported to a supervising authority (Lex Sarah: IVO).
    external    BIGINT NOT NULL,
    measures      BIGINT NOT NULL,
    measures_done BIGINT NOT NULL,
    -- The person's gender code and age band, where the follow-up counts
    -- them (service matters); never a name.
    gender      TEXT,
    age_band    TEXT,
    version     BIGINT NOT NULL,
    UNIQUE (register, number)
);
CREATE INDEX register_records_opened ON register_records (register, opened_on);
CREATE INDEX register_records_reporter ON register_records (reported_by);

CREATE TABLE register_entries (
    record_id  TEXT NOT NULL,
    version    BIGINT NOT NULL,
    kind       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    written_by BIGINT NOT NULL,
    written_at TEXT NOT NULL,
    written_on TEXT NOT NULL,
    PRIMARY KEY (record_id, version)
);

-- What is due, replaced with every write of the record.
CREATE TABLE register_deadlines (
    record_id TEXT NOT NULL,
    register  TEXT NOT NULL,
    unit_id   BIGINT NOT NULL,
    what      TEXT NOT NULL,
    label     TEXT NOT NULL,
    due_on    TEXT NOT NULL,
    citation  TEXT NOT NULL
);
CREATE INDEX register_deadlines_due ON register_deadlines (register, due_on);
CREATE INDEX register_deadlines_record ON register_deadlines (record_id);
