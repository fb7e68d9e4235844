-- The journal's drafts, and an index for the unit overview. Portable SQL for
-- SQLite and PostgreSQL, as in 0001.

-- A journal text being written: one draft per case and user, saved as the
-- user types (and by the "Spara utkast" button), so that closing the tab, a
-- lost connection or a session timeout loses nothing. Deleted when the entry
-- is signed. `corrects` is the entry a correction is being written for.
CREATE TABLE journal_drafts (
    case_id    TEXT NOT NULL REFERENCES cases (id),
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    text       TEXT NOT NULL,
    corrects   TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (case_id, user_id)
);

-- Events of one kind in a period (reports received this month, per unit).
CREATE INDEX events_type_occurred ON events (event_type, occurred_on);
