-- Where the follow-up's snapshot left off (issue 11): one counter, bumped
-- by every write of a case or a person, and the counter's value at each
-- case's and each person's last write. The one writer (src/writer.rs)
-- runs every write, so the counter grows in commit order. A build that
-- starts from a snapshot made at counter value n reads only the cases and
-- persons written after it (`changed > n`, by index) instead of a row per
-- case and per person; rows written before this migration have 0.
CREATE TABLE change_sequence (
    id   BIGINT PRIMARY KEY,
    last BIGINT NOT NULL
);
INSERT INTO change_sequence (id, last) VALUES (1, 0);
ALTER TABLE cases ADD COLUMN changed BIGINT NOT NULL DEFAULT 0;
CREATE INDEX cases_changed ON cases (changed);
ALTER TABLE persons ADD COLUMN changed BIGINT NOT NULL DEFAULT 0;
CREATE INDEX persons_changed ON persons (changed);
