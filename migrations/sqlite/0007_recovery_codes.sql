-- Recovery codes: ten single-use codes per employee, kept only as keyed
-- hashes (HMAC-SHA256 under the server's secret, bound to the employee), so
-- the table alone does not reveal them. used_at is set by the one UPDATE
-- that accepts a code, so a code works once even across app instances.
-- Regenerating deletes the whole set.

CREATE TABLE recovery_codes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    code_hash    TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL,
    used_at      BIGINT
);
CREATE UNIQUE INDEX recovery_codes_employee_hash ON recovery_codes (employee_id, code_hash);

-- Codes generated for a session and not yet shown: sealed under the TOTP
-- keyring, cleared once the user confirms having saved them.
ALTER TABLE sessions ADD COLUMN reveal_sealed TEXT;
