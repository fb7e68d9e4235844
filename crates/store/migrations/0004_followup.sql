-- Follow-up (issue 5): the goal tree with its indicators, targets,
-- activities and assessments; manual series and their values; the texts a
-- person writes for a report. Portable SQL as in 0001: TEXT and BIGINT only,
-- `@ID_PK@` is each database's auto-increment key. Numbers typed by people
-- (targets, manual values) are TEXT in Rust's shortest round-trip form, so
-- that what was entered is what is read back, on both databases.
--
-- Nothing here is ever deleted. A goal, indicator or activity that is no
-- longer followed is marked dropped. Text edits, targets, activity
-- follow-ups, assessments, manual values and report texts are appended, and
-- the newest row is the current one.

-- Goals ---------------------------------------------------------------------------

-- One goal of the tree KF inriktningsmål -> KF-mål -> nämndmål -> enhetsmål
-- (`level` is the level's code) for a plan period of whole years. `unit_id`
-- is the unit of an enhetsmål, NULL for goals above the unit. `replaces_id`
-- is the goal of the previous plan period this one continues. A dropped goal
-- names the plan period it was dropped in. The text columns are the current
-- texts; every version is in goal_revisions.
CREATE TABLE goals (
    id                   @ID_PK@,
    level                TEXT NOT NULL,
    parent_id            BIGINT REFERENCES goals (id),
    plan_first_year      BIGINT NOT NULL,
    plan_last_year       BIGINT NOT NULL,
    unit_id              BIGINT REFERENCES units (id),
    perspective          TEXT,
    position             BIGINT NOT NULL,
    title                TEXT NOT NULL,
    description          TEXT NOT NULL,
    expected_result      TEXT NOT NULL,
    replaces_id          BIGINT REFERENCES goals (id),
    created_by           BIGINT NOT NULL,
    created_at           TEXT NOT NULL,
    dropped_first_year   BIGINT,
    dropped_last_year    BIGINT,
    dropped_reason       TEXT,
    dropped_by           BIGINT,
    dropped_at           TEXT
);
CREATE INDEX goals_parent ON goals (parent_id);
CREATE INDEX goals_plan ON goals (plan_first_year, plan_last_year);

-- Every version of a goal's texts, the first included. Append-only.
CREATE TABLE goal_revisions (
    id              @ID_PK@,
    goal_id         BIGINT NOT NULL REFERENCES goals (id),
    title           TEXT NOT NULL,
    description     TEXT NOT NULL,
    expected_result TEXT NOT NULL,
    perspective     TEXT,
    changed_by      BIGINT NOT NULL,
    changed_at      TEXT NOT NULL
);
CREATE INDEX goal_revisions_goal ON goal_revisions (goal_id);

-- An indicator that follows a goal: `source` is `computed` (a catalogue
-- indicator's code) or `manual` (a manual series' code); `direction` is
-- `higher` or `lower` (which way is better).
CREATE TABLE goal_indicators (
    id         @ID_PK@,
    goal_id    BIGINT NOT NULL REFERENCES goals (id),
    source     TEXT NOT NULL,
    code       TEXT NOT NULL,
    direction  TEXT NOT NULL,
    position   BIGINT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    dropped_by BIGINT,
    dropped_at TEXT
);
CREATE INDEX goal_indicators_goal ON goal_indicators (goal_id);

-- A target of a goal indicator: `kind` is `annual` (årsmål) or `council`
-- (KF:s mål). A number, a text ("tas fram av nämnd"), or neither (the target
-- was removed). Append-only: the newest per (indicator, kind) holds.
CREATE TABLE goal_targets (
    id                @ID_PK@,
    goal_indicator_id BIGINT NOT NULL REFERENCES goal_indicators (id),
    kind              TEXT NOT NULL,
    number            TEXT,
    text              TEXT,
    set_by            BIGINT NOT NULL,
    set_at            TEXT NOT NULL
);
CREATE INDEX goal_targets_indicator ON goal_targets (goal_indicator_id);

-- An activity under a goal.
CREATE TABLE goal_activities (
    id         @ID_PK@,
    goal_id    BIGINT NOT NULL REFERENCES goals (id),
    title      TEXT NOT NULL,
    starts_on  TEXT,
    ends_on    TEXT,
    position   BIGINT NOT NULL,
    created_by BIGINT NOT NULL,
    created_at TEXT NOT NULL,
    dropped_by BIGINT,
    dropped_at TEXT
);
CREATE INDEX goal_activities_goal ON goal_activities (goal_id);

-- The follow-up of an activity: the deviation (avvikelse, empty when none)
-- and the analysis. Append-only: the newest holds.
CREATE TABLE goal_activity_followups (
    id          @ID_PK@,
    activity_id BIGINT NOT NULL REFERENCES goal_activities (id),
    deviation   TEXT NOT NULL,
    analysis    TEXT NOT NULL,
    written_by  BIGINT NOT NULL,
    written_at  TEXT NOT NULL
);
CREATE INDEX goal_activity_followups_activity ON goal_activity_followups (activity_id);

-- A person's judgement of a goal for a period (a period code such as `2025`
-- or `2025-T2`): the status code and the analysis. Append-only: the newest
-- per (goal, period) holds, and the earlier ones are the history.
CREATE TABLE goal_assessments (
    id          @ID_PK@,
    goal_id     BIGINT NOT NULL REFERENCES goals (id),
    period      TEXT NOT NULL,
    status      TEXT NOT NULL,
    analysis    TEXT NOT NULL,
    assessed_by BIGINT NOT NULL,
    assessed_at TEXT NOT NULL
);
CREATE INDEX goal_assessments_goal ON goal_assessments (goal_id);

-- Manual series -----------------------------------------------------------------

-- A series defined by the municipality in addition to the standard ones
-- (which are known to the follow-up crate and not stored). `unit_code` is
-- the measure unit's code.
CREATE TABLE manual_series (
    id             @ID_PK@,
    code           TEXT NOT NULL UNIQUE,
    name           TEXT NOT NULL,
    description    TEXT NOT NULL,
    unit_code      TEXT NOT NULL,
    counts_persons BIGINT NOT NULL,
    created_by     BIGINT NOT NULL,
    created_at     TEXT NOT NULL
);

-- One value of a series (by code) for a period code, a unit (NULL: the
-- whole area) and a gender (`totalt` or a gender code). `value` NULL is
-- "uppgift saknas", never 0; `base` is the persons behind the figure when
-- known (respondents). A new value for the same series, unit, period and
-- gender supersedes the old one, which stays: the newest row holds.
CREATE TABLE manual_values (
    id          @ID_PK@,
    series_code TEXT NOT NULL,
    unit_id     BIGINT REFERENCES units (id),
    period      TEXT NOT NULL,
    gender      TEXT NOT NULL,
    value       TEXT,
    estimate    BIGINT NOT NULL,
    base        BIGINT,
    note        TEXT NOT NULL,
    entered_by  BIGINT NOT NULL,
    entered_at  TEXT NOT NULL
);
CREATE INDEX manual_values_series ON manual_values (series_code, period);

-- Report texts --------------------------------------------------------------------

-- A text a person writes for a report (the summary analysis, economy,
-- internal control, quality work, staff), per unit (NULL: the whole area),
-- report kind and period code. Append-only: the newest per (unit, kind,
-- period, section) holds.
CREATE TABLE report_texts (
    id          @ID_PK@,
    unit_id     BIGINT REFERENCES units (id),
    report_kind TEXT NOT NULL,
    period      TEXT NOT NULL,
    section     TEXT NOT NULL,
    text        TEXT NOT NULL,
    written_by  BIGINT NOT NULL,
    written_at  TEXT NOT NULL
);
CREATE INDEX report_texts_report ON report_texts (report_kind, period)
