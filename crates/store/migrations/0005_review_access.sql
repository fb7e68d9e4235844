-- The outside review of access (need-to-know, OSL 26 kap.), item 7: a
-- password set by the system administrator (a new user's first password, or
-- a reset) is a one-time password. The user must choose a new one at the
-- first login and can do nothing else until then.
--
-- must_change_password: 1 while the password in force was set by someone
-- else than the user (the administrator); 0 once the user has chosen one.
-- password_set_seq: the access-log entry that recorded who set the password
-- in force when someone else than the user set it (the reset or the
-- creation); the entry that records the user's own change refers to it.
ALTER TABLE users ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN password_set_seq BIGINT;
