-- An admin's correction of a registered e-mail address waits here until
-- the new address confirms it (its link), or the old address stops it (its
-- link), or three days pass. Only the SHA-256 of each link's token is kept.
-- outcome: NULL while open, then confirmed, stopped or replaced (by a newer
-- request for the same employee).
CREATE TABLE email_changes (
    id            BIGSERIAL PRIMARY KEY,
    employee_id   BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    old_email     TEXT    NOT NULL,
    new_email     TEXT    NOT NULL,
    confirm_hash  TEXT    NOT NULL UNIQUE,
    object_hash   TEXT    NOT NULL UNIQUE,
    admin_id      BIGINT  NOT NULL,
    reason        TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    outcome       TEXT    CHECK (outcome IN ('confirmed', 'stopped', 'replaced')),
    decided_at    BIGINT
);
CREATE INDEX email_changes_employee ON email_changes (employee_id, id);
