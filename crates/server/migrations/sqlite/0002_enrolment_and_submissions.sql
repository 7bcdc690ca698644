-- Enumerators, the one-time codes that enrol their phones, the phones (devices) with the hash of
-- their token, and the submissions the phones send. Times are Unix milliseconds (UTC), which
-- compare and sort the same way in SQLite and PostgreSQL.

CREATE TABLE enumerators (
    name        TEXT PRIMARY KEY,
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT;

-- Only the SHA-256 of a code is kept: a copy of the database cannot enrol a phone.
CREATE TABLE enrollment_codes (
    code_hash   TEXT PRIMARY KEY,
    enumerator  TEXT NOT NULL REFERENCES enumerators (name),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    used_at     INTEGER
) STRICT;

-- Only the SHA-256 of a token is kept: a copy of the database cannot send as a phone.
CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    enumerator  TEXT NOT NULL REFERENCES enumerators (name),
    token_hash  TEXT NOT NULL UNIQUE,
    enrolled_at INTEGER NOT NULL,
    revoked_at  INTEGER
) STRICT;

CREATE INDEX devices_enumerator ON devices (enumerator);

-- `content` is the submission's canonical JSON and `digest` its SHA-256: a resent submission
-- with the same id is a duplicate when the digests agree and a conflict when they differ.
CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    device_id     TEXT NOT NULL REFERENCES devices (id),
    device_seq    INTEGER NOT NULL,
    form_id       TEXT NOT NULL,
    form_version  TEXT NOT NULL,
    started_at    INTEGER NOT NULL,
    finalized_at  INTEGER NOT NULL,
    received_at   INTEGER NOT NULL,
    -- completed, refused or ineligible; NULL for a sealed submission, which the server cannot read.
    outcome       TEXT,
    content       TEXT NOT NULL,
    digest        TEXT NOT NULL,
    FOREIGN KEY (form_id, form_version) REFERENCES forms (id, version)
) STRICT;

CREATE INDEX submissions_device_seq ON submissions (device_id, device_seq);
CREATE INDEX submissions_form_time ON submissions (form_id, form_version, finalized_at);
