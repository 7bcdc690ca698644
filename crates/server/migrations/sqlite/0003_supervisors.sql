-- Supervisors sign in to the review pages. Only an argon2id hash of a password is kept.
CREATE TABLE supervisors (
    name           TEXT PRIMARY KEY,
    password_hash  TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    disabled_at    INTEGER
) STRICT;

-- A signed-in browser. The cookie carries 256 random bits; only their SHA-256 is kept, so a
-- copy of the database cannot sign in.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    supervisor  TEXT NOT NULL REFERENCES supervisors (name),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
) STRICT;

CREATE INDEX sessions_expires ON sessions (expires_at);
