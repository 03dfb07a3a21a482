-- Data-correction requests: the employee proposes one change with an
-- evidence document from their cabinet; an agency admin accepts (the change
-- is applied in the same transaction, the old value kept in record_changes)
-- or rejects with a reason.

CREATE TABLE correction_requests (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id      BIGINT  NOT NULL REFERENCES employees (id),
    kind             TEXT    NOT NULL CHECK (kind IN ('add_education', 'position_tmt', 'family_birth_date')),
    proposed         TEXT    NOT NULL,
    current_value    TEXT,
    evidence_id      BIGINT  NOT NULL REFERENCES documents (id),
    note             TEXT,
    status           TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'accepted', 'rejected')),
    decided_by       BIGINT  REFERENCES employees (id),
    decided_at       BIGINT,
    decision_reason  TEXT,
    created_at       BIGINT  NOT NULL
);
CREATE INDEX correction_requests_status ON correction_requests (status, employee_id);

-- Every change made to a personnel record, with the value it replaced.
CREATE TABLE record_changes (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id),
    request_id   BIGINT  REFERENCES correction_requests (id),
    item         TEXT    NOT NULL,
    old_value    TEXT,
    new_value    TEXT    NOT NULL,
    changed_by   BIGINT  NOT NULL REFERENCES employees (id),
    changed_at   BIGINT  NOT NULL
);
CREATE INDEX record_changes_employee ON record_changes (employee_id, id);

-- SQLite cannot change a CHECK constraint: the table is rebuilt with the
-- wider list of kinds (same columns, same rows).
CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN (
        'sign_in', 'device_added', 'device_removed', 'password_changed',
        'correction_requested', 'correction_accepted', 'correction_rejected')),
    detail       TEXT,
    link         TEXT,
    created_at   BIGINT  NOT NULL,
    read_at      BIGINT
);
INSERT INTO notifications_new (id, employee_id, kind, detail, link, created_at, read_at)
    SELECT id, employee_id, kind, detail, link, created_at, read_at FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_new RENAME TO notifications;
CREATE INDEX notifications_employee ON notifications (employee_id, id);
