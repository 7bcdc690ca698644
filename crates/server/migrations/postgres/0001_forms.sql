-- Every version of every form the server has published. A submission names its form and
-- version; old versions stay so that phones can finish drafts started on them.
-- (The same schema as migrations/sqlite/0001_forms.sql.)
CREATE TABLE forms (
    id          TEXT NOT NULL,
    version     TEXT NOT NULL,
    title       TEXT NOT NULL,
    definition  TEXT NOT NULL,
    public_key  TEXT,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
