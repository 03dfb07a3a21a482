-- The admin console's actions (issue 9).

-- When this session last proved both factors (sign-in, or the console's
-- re-authentication): admin actions need it to be recent. Sessions from
-- before this column count from their creation.
ALTER TABLE sessions ADD COLUMN authenticated_at BIGINT;
UPDATE sessions SET authenticated_at = created_at;

-- Every change of an employee's registered e-mail address, the old value
-- kept: by an admin (with the reason) or by an import.
CREATE TABLE email_history (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id        BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    old_email          TEXT    NOT NULL,
    new_email          TEXT    NOT NULL,
    changed_at         BIGINT  NOT NULL,
    actor_employee_id  BIGINT,
    source             TEXT    NOT NULL CHECK (source IN ('admin', 'import')),
    reason             TEXT
);
CREATE INDEX email_history_employee ON email_history (employee_id, id);

-- The core documents (arsip utama) each kind of employee must have in the
-- cabinet: the archive-completeness view counts against this table.
CREATE TABLE required_documents (
    kind       TEXT  NOT NULL CHECK (kind IN ('pns', 'cpns', 'pppk')),
    type_code  TEXT  NOT NULL REFERENCES document_types (code),
    PRIMARY KEY (kind, type_code)
);
INSERT INTO required_documents (kind, type_code) VALUES
    ('cpns', 'SK_CPNS'), ('cpns', 'IJAZAH'), ('cpns', 'TRANSKRIP'),
    ('pns', 'SK_CPNS'), ('pns', 'SK_PNS'), ('pns', 'IJAZAH'), ('pns', 'TRANSKRIP'),
    ('pppk', 'SK_PPPK'), ('pppk', 'IJAZAH'), ('pppk', 'TRANSKRIP');

-- A reminder that the cabinet misses core documents.
CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN (
        'sign_in', 'device_added', 'device_removed', 'password_changed',
        'correction_requested', 'correction_accepted', 'correction_rejected',
        'leave_to_consider', 'leave_to_decide', 'leave_updated', 'archive_incomplete')),
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

-- The live feed and the viewer read the newest events by id.
CREATE INDEX audit_events_event ON audit_events (event, id);
