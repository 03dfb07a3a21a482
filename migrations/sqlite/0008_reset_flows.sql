-- The reset wizard (password reset / activation, and a lost authenticator).
-- The browser holds a random flow token in a cookie; this table keeps only
-- its SHA-256. Captcha answers and e-mailed codes are stored as keyed
-- hashes, never in the clear. employee_id is set when the NIP typed at step
-- one exists, and is never shown: every step answers the same either way.

CREATE TABLE reset_flows (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    flow_hash         TEXT    NOT NULL UNIQUE,
    purpose           TEXT    NOT NULL CHECK (purpose IN ('password', 'authenticator')),
    step              TEXT    NOT NULL CHECK (step IN ('identify', 'email', 'code')),
    created_at        BIGINT  NOT NULL,
    expires_at        BIGINT  NOT NULL,
    captcha_hash      TEXT,
    captcha_alt_hash  TEXT,
    captcha_expires_at BIGINT,
    captcha_failures  BIGINT  NOT NULL DEFAULT 0,
    nip               TEXT,
    employee_id       BIGINT  REFERENCES employees (id) ON DELETE CASCADE,
    code_hash         TEXT,
    code_expires_at   BIGINT,
    code_attempts     BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX reset_flows_employee ON reset_flows (employee_id);
CREATE INDEX reset_flows_expires ON reset_flows (expires_at);
