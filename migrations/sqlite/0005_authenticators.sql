-- Authenticator apps (TOTP). A row with confirmed_at
-- NULL is an enrolment in progress; its secret becomes usable only once a
-- correct code confirms it. The seed is stored sealed (XChaCha20-Poly1305,
-- key id inside the value), never in the clear. last_step is the last
-- accepted 30-second step: a code is accepted only by the one UPDATE that
-- raises it, so it works once even across app instances.

CREATE TABLE authenticators (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id    BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    device_name    TEXT    NOT NULL,
    secret_sealed  TEXT    NOT NULL,
    created_at     BIGINT  NOT NULL,
    confirmed_at   BIGINT,
    last_used_at   BIGINT,
    last_step      BIGINT
);
CREATE INDEX authenticators_employee ON authenticators (employee_id);
