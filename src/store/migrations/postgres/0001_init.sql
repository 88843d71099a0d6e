-- Users, their prompts and the logged outputs of those prompts: the same
-- tables as the SQLite schema, value for value, so rows move between the
-- two unchanged (`promptcrafter db migrate`).
-- Timestamps are RFC 3339 UTC text with milliseconds and ids a prefix plus a
-- UUIDv7; the "C" collation compares them byte by byte, as SQLite does, so
-- both backends sort them the same way whatever the cluster's locale.

CREATE TABLE users (
    id            TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    name          TEXT NOT NULL,
    -- Lower-cased on the way in: emails are unique regardless of case.
    email         TEXT COLLATE "C" NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at    TEXT COLLATE "C" NOT NULL
);

CREATE TABLE prompts (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    owner_id   TEXT COLLATE "C" NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    content    TEXT NOT NULL,
    model      TEXT NOT NULL,
    -- A JSON array of strings, as text (jsonb would rewrite the spacing).
    tags       TEXT NOT NULL DEFAULT '[]',
    created_at TEXT COLLATE "C" NOT NULL,
    updated_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX prompts_by_owner ON prompts(owner_id, created_at, id);

CREATE TABLE logs (
    id         TEXT COLLATE "C" PRIMARY KEY NOT NULL,
    prompt_id  TEXT COLLATE "C" NOT NULL REFERENCES prompts(id) ON DELETE CASCADE,
    output     TEXT NOT NULL,
    model_used TEXT NOT NULL,
    notes      TEXT,
    score      BIGINT,
    created_at TEXT COLLATE "C" NOT NULL
);

CREATE INDEX logs_by_prompt ON logs(prompt_id, created_at, id);
