-- Tillit's first schema. Portable SQL for SQLite and PostgreSQL: TEXT, BIGINT
-- and nothing else. `@ID_PK@` is replaced by each database's auto-increment
-- primary key. Booleans are BIGINT 0/1; dates ISO TEXT; timestamps fixed-width
-- RFC 3339 TEXT in UTC (see src/codec.rs).

-- Organisation --------------------------------------------------------------

CREATE TABLE units (
    id        @ID_PK@,
    name      TEXT NOT NULL,
    kind_code TEXT NOT NULL
);

CREATE TABLE users (
    id            @ID_PK@,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL,
    unit_id       BIGINT REFERENCES units (id),
    password_hash TEXT NOT NULL,
    active        BIGINT NOT NULL DEFAULT 1
);

-- Server-side sessions. Only the SHA-256 of the token is kept.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Persons ---------------------------------------------------------------------

CREATE TABLE persons (
    id              TEXT PRIMARY KEY,
    identity_number TEXT UNIQUE,
    given_name      TEXT NOT NULL,
    family_name     TEXT NOT NULL,
    gender          TEXT NOT NULL,
    birth_date      TEXT,
    protected       BIGINT NOT NULL,
    address         TEXT,
    -- ' given names family names ', folded (see src/persons.rs): searched by word prefix.
    search_key      TEXT NOT NULL
);

-- How `other_id` stands to the child `child_id`.
CREATE TABLE relations (
    child_id TEXT NOT NULL REFERENCES persons (id),
    other_id TEXT NOT NULL REFERENCES persons (id),
    kind     TEXT NOT NULL,
    PRIMARY KEY (child_id, other_id, kind)
);
CREATE INDEX relations_other ON relations (other_id);

-- Cases: the event log and its read models --------------------------------------

-- Read model and stream head: one row per case. `version` is the number of
-- events in the stream; every append compares and sets it.
CREATE TABLE cases (
    id            TEXT PRIMARY KEY,
    child_id      TEXT NOT NULL,
    unit_id       BIGINT NOT NULL,
    caseworker_id BIGINT,
    phase         TEXT NOT NULL,
    opened_on     TEXT NOT NULL,
    closed_on     TEXT,
    version       BIGINT NOT NULL,
    placed        BIGINT NOT NULL
);
CREATE INDEX cases_child ON cases (child_id);
CREATE INDEX cases_unit ON cases (unit_id);
CREATE INDEX cases_caseworker ON cases (caseworker_id);

-- The source of truth. Append-only; (case_id, version) is the key, so two
-- writers cannot both add version N of a case.
CREATE TABLE events (
    case_id     TEXT NOT NULL REFERENCES cases (id),
    version     BIGINT NOT NULL,
    event_type  TEXT NOT NULL,
    recorded_by BIGINT NOT NULL,
    recorded_at TEXT NOT NULL,
    occurred_on TEXT NOT NULL,
    payload     TEXT NOT NULL,
    PRIMARY KEY (case_id, version)
);

-- Read model: what is due in each case, rebuilt on every append.
CREATE TABLE deadlines (
    case_id       TEXT NOT NULL REFERENCES cases (id),
    seq           BIGINT NOT NULL,
    kind          TEXT NOT NULL,
    label         TEXT NOT NULL,
    item          TEXT,
    legal_date    TEXT NOT NULL,
    planning_date TEXT NOT NULL,
    citation      TEXT NOT NULL,
    owner_id      BIGINT,
    unit_id       BIGINT NOT NULL,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX deadlines_planning ON deadlines (planning_date);
CREATE INDEX deadlines_owner ON deadlines (owner_id, planning_date);
CREATE INDEX deadlines_unit ON deadlines (unit_id, planning_date);
