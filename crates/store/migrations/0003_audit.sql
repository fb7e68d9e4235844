-- Access control and audit (issue 4): teams, emergency access, and the
-- hash-chained access log. Portable SQL as in 0001; `@ID_PK@` is each
-- database's auto-increment key.

-- Teams (arbetsgrupper) -----------------------------------------------------------

-- A unit has teams; a user belongs to at most one team, of the user's unit
-- (checked by the store, see src/access.rs).
CREATE TABLE teams (
    id      @ID_PK@,
    unit_id BIGINT NOT NULL REFERENCES units (id),
    name    TEXT NOT NULL
);
CREATE UNIQUE INDEX teams_unit_name ON teams (unit_id, name);

ALTER TABLE users ADD COLUMN team_id BIGINT REFERENCES teams (id);

-- Emergency access (nödåtkomst) ---------------------------------------------------

-- Read access to one case outside the user's unit, for a limited time, after
-- stating a reason. `log_seq` is the access-log entry that recorded the grant.
CREATE TABLE emergency_access (
    id         @ID_PK@,
    user_id    BIGINT NOT NULL REFERENCES users (id),
    case_id    TEXT NOT NULL,
    reason     TEXT NOT NULL,
    granted_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    log_seq    BIGINT NOT NULL
);
CREATE INDEX emergency_access_user_case ON emergency_access (user_id, case_id, expires_at);

-- The access log (behandlingshistorik) ------------------------------------------

-- Append-only. Every row carries `hash` = SHA-256 of its canonical content
-- and of `prev_hash`, the previous row's hash (see src/audit.rs), so changing
-- or deleting any row breaks the chain at that point. `seq` is assigned by
-- the writer (previous + 1) under the write lock, so the chain cannot fork.
-- No foreign keys: like the event log, it is the record of what happened.
CREATE TABLE access_log (
    seq          BIGINT PRIMARY KEY,
    at           TEXT NOT NULL,
    user_id      BIGINT NOT NULL,
    username     TEXT NOT NULL,
    role         TEXT NOT NULL,
    user_unit_id BIGINT,
    client_addr  TEXT NOT NULL,
    kind         TEXT NOT NULL,
    case_id      TEXT,
    case_unit_id BIGINT,
    person_id    TEXT,
    request_id   TEXT NOT NULL,
    reason       TEXT,
    flags        TEXT NOT NULL,
    ref_seq      BIGINT,
    detail       TEXT,
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL
);
CREATE INDEX access_log_person ON access_log (person_id, seq);
CREATE INDEX access_log_user ON access_log (user_id, at);
CREATE INDEX access_log_at ON access_log (at);
CREATE INDEX access_log_ref ON access_log (ref_seq);

-- The head of the chain: the last entry's number and hash, updated in the
-- same transaction as every append. Lets `verify` notice entries removed
-- from the end, and on PostgreSQL its row lock serialises the writers.
CREATE TABLE access_log_head (
    id   BIGINT PRIMARY KEY,
    seq  BIGINT NOT NULL,
    hash TEXT NOT NULL
);
INSERT INTO access_log_head (id, seq, hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
