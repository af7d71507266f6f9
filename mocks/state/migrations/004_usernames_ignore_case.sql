-- Usernames ignore case (mocks/sls/users.ts, usernameKey): the login's lookup and its limits use the
-- lower-cased name, so two users may not differ by case alone, and this index serves the lookup.
-- Expired portal sessions are purged as new ones are made (mocks/sls/sessions.ts): by this index.

CREATE UNIQUE INDEX users_username_ignoring_case ON users (lower(username));
CREATE INDEX portal_sessions_by_expiry ON portal_sessions (expires_at);
