-- Announcements (pengumuman) published by agency and national admins.
-- body_html is rendered from body_markdown on the server when published,
-- with raw HTML shown as text and only http(s), mailto and same-site links
-- kept. audience 'unit' reaches the unit and every unit below it.

CREATE TABLE announcements (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    title          TEXT    NOT NULL,
    body_markdown  TEXT    NOT NULL,
    body_html      TEXT    NOT NULL,
    audience       TEXT    NOT NULL CHECK (audience IN ('everyone', 'agency', 'unit')),
    agency_id      BIGINT  REFERENCES agencies (id) ON DELETE CASCADE,
    unit_id        BIGINT  REFERENCES units (id) ON DELETE CASCADE,
    pinned         BIGINT  NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    publish_at     BIGINT  NOT NULL,
    expires_at     BIGINT,
    author_id      BIGINT  NOT NULL REFERENCES employees (id),
    created_at     BIGINT  NOT NULL,
    CHECK ((audience = 'everyone' AND agency_id IS NULL AND unit_id IS NULL)
        OR (audience = 'agency' AND agency_id IS NOT NULL AND unit_id IS NULL)
        OR (audience = 'unit' AND agency_id IS NOT NULL AND unit_id IS NOT NULL)),
    CHECK (expires_at IS NULL OR expires_at > publish_at)
);
CREATE INDEX announcements_publish ON announcements (publish_at);

-- Who has read which announcement (the unread markers).
CREATE TABLE announcement_reads (
    announcement_id  BIGINT  NOT NULL REFERENCES announcements (id) ON DELETE CASCADE,
    employee_id      BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    read_at          BIGINT  NOT NULL,
    PRIMARY KEY (announcement_id, employee_id)
);
