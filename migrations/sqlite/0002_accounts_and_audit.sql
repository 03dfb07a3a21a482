-- Accounts: the credential and brute-force state of an employee's account,
-- and the append-only audit trail. Timestamps are Unix seconds (UTC); flags
-- are BIGINT 0/1.

CREATE TABLE credentials (
    employee_id          BIGINT  PRIMARY KEY REFERENCES employees (id) ON DELETE CASCADE,
    password_hash        TEXT,
    must_change          BIGINT  NOT NULL DEFAULT 0 CHECK (must_change IN (0, 1)),
    disabled             BIGINT  NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    failed_count         BIGINT  NOT NULL DEFAULT 0,
    locked_until         BIGINT,
    locked_permanently   BIGINT  NOT NULL DEFAULT 0 CHECK (locked_permanently IN (0, 1)),
    password_changed_at  BIGINT,
    updated_at           BIGINT  NOT NULL
);

-- No foreign keys: the trail outlives the rows it speaks of.
CREATE TABLE audit_events (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at        BIGINT  NOT NULL,
    event              TEXT    NOT NULL,
    reason             TEXT,
    employee_id        BIGINT,
    nip                TEXT,
    actor_employee_id  BIGINT,
    actor              TEXT    NOT NULL,
    ip                 TEXT,
    user_agent         TEXT,
    request_id         TEXT,
    detail             TEXT
);
CREATE INDEX audit_events_employee ON audit_events (employee_id, occurred_at);
CREATE INDEX audit_events_time ON audit_events (occurred_at);

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;
