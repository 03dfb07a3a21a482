-- Supervisors may read their reports' documents where an agency's
-- configuration allows it (ASN_DOCUMENTS_SUPERVISOR_ACCESS); such reads are
-- recorded with their own role. SQLite cannot change a CHECK constraint:
-- the table is rebuilt (same columns, same rows).
CREATE TABLE document_access_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  BIGINT  NOT NULL REFERENCES documents (id),
    viewer_id    BIGINT  NOT NULL REFERENCES employees (id),
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'agency_admin', 'national_admin', 'supervisor')),
    action       TEXT    NOT NULL CHECK (action IN ('view', 'download')),
    ip           TEXT,
    at           BIGINT  NOT NULL
);
INSERT INTO document_access_new (id, document_id, viewer_id, role, action, ip, at)
    SELECT id, document_id, viewer_id, role, action, ip, at FROM document_access;
DROP TABLE document_access;
ALTER TABLE document_access_new RENAME TO document_access;
CREATE INDEX document_access_document ON document_access (document_id, id);
