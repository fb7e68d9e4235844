-- Categories the system administrator adds to a catalogue of the domain
-- (incident categories, ...), beside the built-in ones, each with the
-- dates it is valid. A code is never removed or renamed: a record written
-- with it keeps its name; a category no longer used gets an end date.

CREATE TABLE catalog_entries (
    catalog     TEXT NOT NULL,
    code        TEXT NOT NULL,
    label       TEXT NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT,
    created_by  BIGINT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (catalog, code)
);
