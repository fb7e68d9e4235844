-- Person search from an index (issue 8): one row per word of a person's
-- folded name (`w:` + the word) and per word's sound key (`s:` + key), see
-- src/persons.rs. A name word is found by prefix with a range scan on the
-- primary key, a sound key by equality; neither scans `persons`.
-- `@C_COLLATE@` makes PostgreSQL order the keys by bytes whatever the
-- database's locale, as SQLite does, so that the prefix range is exact.
-- The keys of persons already stored are written by the migration runner
-- (src/schema.rs) right after this file.
CREATE TABLE person_name_keys (
    name_key  TEXT @C_COLLATE@ NOT NULL,
    person_id TEXT NOT NULL REFERENCES persons (id),
    PRIMARY KEY (name_key, person_id)
);
CREATE INDEX person_name_keys_person ON person_name_keys (person_id);
