-- Server-side sessions (the cookie holds only a random 256-bit id; the
-- table holds its SHA-256) and shared rate-limit counters, so several app
-- instances agree on both. Timestamps are Unix seconds (UTC).

CREATE TABLE sessions (
    id_hash       TEXT    PRIMARY KEY,
    employee_id   BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    created_at    BIGINT  NOT NULL,
    last_seen_at  BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    ip            TEXT,
    user_agent    TEXT
);
CREATE INDEX sessions_employee ON sessions (employee_id);

CREATE TABLE rate_limits (
    bucket        TEXT    NOT NULL,
    window_start  BIGINT  NOT NULL,
    hits          BIGINT  NOT NULL,
    PRIMARY KEY (bucket, window_start)
);
