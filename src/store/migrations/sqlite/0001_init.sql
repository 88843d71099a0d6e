-- Users, their prompts and the logged outputs of those prompts.
-- Timestamps are RFC 3339 UTC text with milliseconds, so they sort as text;
-- ids are a prefix plus a UUIDv7, so ties on time sort by creation too.

CREATE TABLE users (
    id            TEXT PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    -- Lower-cased on the way in: emails are unique regardless of case.
    email         TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE prompts (
    id         TEXT PRIMARY KEY NOT NULL,
    owner_id   TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL,
    model      TEXT NOT NULL,
    -- A JSON array of strings.
    tags       TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE INDEX prompts_by_owner ON prompts(owner_id, created_at, id);

CREATE TABLE logs (
    id         TEXT PRIMARY KEY NOT NULL,
    prompt_id  TEXT NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    output     TEXT NOT NULL,
    model_used TEXT NOT NULL,
    notes      TEXT,
    score      INTEGER,
    created_at TEXT NOT NULL
);

CREATE INDEX logs_by_prompt ON logs(prompt_id, created_at, id);
