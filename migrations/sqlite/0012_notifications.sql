-- The notification centre. Texts are not stored: kind and detail are
-- rendered in the reader's language. Open pages learn of new rows through
-- /events, which reads this table, so an event on any app instance reaches
-- a page served by any other.

CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN ('sign_in', 'device_added', 'device_removed', 'password_changed')),
    detail       TEXT,
    link         TEXT,
    created_at   BIGINT  NOT NULL,
    read_at      BIGINT
);
CREATE INDEX notifications_employee ON notifications (employee_id, id);

-- E-mail preferences; no row means the defaults.
CREATE TABLE notification_prefs (
    employee_id    BIGINT  PRIMARY KEY REFERENCES employees (id) ON DELETE CASCADE,
    email_sign_in  BIGINT  NOT NULL DEFAULT 0 CHECK (email_sign_in IN (0, 1)),
    updated_at     BIGINT  NOT NULL
);
