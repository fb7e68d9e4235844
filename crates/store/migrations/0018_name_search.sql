-- Person search at a city's size (issue 11): the name index carries the
-- order of the hit list, so that the first hits of a name key come out of
-- the index in order instead of every match being read from `persons` and
-- sorted (see src/person_search.rs). One row per key of a person's name
-- (`w:` + a folded word, `s:` + its sound key, as in migration 6) with the
-- person's sort key (folded family name, given name, id) and year of birth,
-- which a query may filter on ("andersson 2015") without reading `persons`.
-- `@C_COLLATE@`: byte order on PostgreSQL as on SQLite, for the prefix
-- ranges and the order of the sort key. `@WITHOUT_ROWID@`: on SQLite the
-- primary key is the table, so an ordered read is one b-tree walk.
-- It replaces `person_name_keys`; the rows of persons already stored are
-- written by the migration runner (src/schema.rs) right after this file.
DROP TABLE person_name_keys;
CREATE TABLE person_name_index (
    name_key   TEXT @C_COLLATE@ NOT NULL,
    sort_key   TEXT @C_COLLATE@ NOT NULL,
    person_id  TEXT NOT NULL REFERENCES persons (id),
    birth_year BIGINT,
    PRIMARY KEY (name_key, sort_key)
) @WITHOUT_ROWID@;
-- Rewriting a person's rows, and checking a query's other words per
-- candidate.
CREATE INDEX person_name_index_person ON person_name_index (person_id, name_key);
-- The need-to-know check of every candidate (is the person, or a child
-- they are related to, in a case of the user's unit, assigned to the user,
-- or in no case at all) answered from these indexes alone, without
-- reading `cases` or `relations` rows. They replace the single-column
-- indexes, which are their prefixes.
DROP INDEX cases_child;
CREATE INDEX cases_child ON cases (child_id, unit_id, caseworker_id, id);
DROP INDEX relations_other;
CREATE INDEX relations_other ON relations (other_id, child_id)
