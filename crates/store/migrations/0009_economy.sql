-- The economy (issue 13, see src/economy.rs): the structure
-- (responsibilities, activities, projects with financing), outcome
-- imported from the ledger with a row per import, the budget as decided
-- and its revisions, forecasts, and the providers' catalogue. Amounts are
-- whole öre (BIGINT), signed as the income statement signs them
-- (intäkter +, kostnader -). Months are TEXT 'YYYY-MM'; an empty string is
-- "no object" in a dimension, so that keys can be primary keys.

CREATE TABLE economy_responsibilities (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    unit_id    BIGINT,
    valid_from TEXT NOT NULL,
    valid_to   TEXT
);

CREATE TABLE economy_activities (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    placement_type TEXT,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT
);

CREATE TABLE economy_projects (
    code           TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    responsibility TEXT,
    valid_from     TEXT NOT NULL,
    valid_to       TEXT
);

CREATE TABLE economy_project_financing (
    project TEXT NOT NULL,
    year    BIGINT NOT NULL,
    kind    TEXT NOT NULL,
    source  TEXT NOT NULL,
    amount  BIGINT NOT NULL,
    PRIMARY KEY (project, year, kind, source)
);

-- Names the ledger gives its accounts (#KONTO), newest import wins.
CREATE TABLE economy_account_names (
    account TEXT PRIMARY KEY,
    name    TEXT NOT NULL
);

-- One row per import: what was read and what it changed.
CREATE TABLE economy_imports (
    id          @ID_PK@,
    file_name   TEXT NOT NULL,
    sha256      TEXT NOT NULL,
    format      TEXT NOT NULL,
    encoding    TEXT NOT NULL,
    months      TEXT NOT NULL,
    rows_read   BIGINT NOT NULL,
    line_count  BIGINT NOT NULL,
    added       BIGINT NOT NULL,
    changed     BIGINT NOT NULL,
    removed     BIGINT NOT NULL,
    unchanged   BIGINT NOT NULL,
    receipt     TEXT NOT NULL,
    imported_by BIGINT NOT NULL,
    imported_at TEXT NOT NULL
);

-- The outcome: the newest import of each month holds it whole.
CREATE TABLE economy_outcome (
    month          TEXT NOT NULL,
    account        TEXT NOT NULL,
    responsibility TEXT NOT NULL,
    activity       TEXT NOT NULL,
    project        TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    import_id      BIGINT NOT NULL,
    PRIMARY KEY (month, account, responsibility, activity, project)
);

-- Revision 0 of a year is the budget as decided; 1, 2, ... are the
-- ombudgeteringar, each a list of changes.
CREATE TABLE economy_budget_revisions (
    year       BIGINT NOT NULL,
    revision   BIGINT NOT NULL,
    decided_on TEXT NOT NULL,
    reason     TEXT NOT NULL,
    entered_by BIGINT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (year, revision)
);

CREATE TABLE economy_budget (
    year           BIGINT NOT NULL,
    revision       BIGINT NOT NULL,
    responsibility TEXT NOT NULL,
    activity       TEXT NOT NULL,
    project        TEXT NOT NULL,
    account        TEXT NOT NULL,
    amount         BIGINT NOT NULL,
    PRIMARY KEY (year, revision, responsibility, activity, project, account)
);

-- Forecasts as entered; the newest per key holds, the earlier stay.
CREATE TABLE economy_forecasts (
    id             @ID_PK@,
    year           BIGINT NOT NULL,
    point          TEXT NOT NULL,
    responsibility TEXT NOT NULL,
    activity       TEXT NOT NULL,
    project        TEXT NOT NULL,
    income         BIGINT NOT NULL,
    staff          BIGINT NOT NULL,
    other          BIGINT NOT NULL,
    comment        TEXT NOT NULL,
    entered_by     BIGINT NOT NULL,
    entered_at     TEXT NOT NULL
);
CREATE INDEX economy_forecasts_key ON economy_forecasts (year, point, responsibility, activity, project);

CREATE TABLE economy_providers (
    code       TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    category   TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT
);

-- kind: an intervention kind's code, or '' for every kind.
CREATE TABLE economy_provider_prices (
    provider   TEXT NOT NULL,
    kind       TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    per_day    BIGINT NOT NULL,
    PRIMARY KEY (provider, kind, valid_from)
);

CREATE TABLE economy_provider_fees (
    provider   TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    fee        BIGINT NOT NULL,
    expenses   BIGINT NOT NULL,
    PRIMARY KEY (provider, valid_from)
);
