-- The document cabinet (Lemari Digital). Files live in the blob store,
-- encrypted; a blob row holds what is needed to find, open and check one
-- (the key id, the size and SHA-256 of the plaintext, the type found by
-- reading the content). A blob and its document row are committed together.

CREATE TABLE document_types (
    code                 TEXT    PRIMARY KEY,
    archive              TEXT    NOT NULL CHECK (archive IN ('utama', 'kondisional')),
    name_id              TEXT    NOT NULL,
    name_en              TEXT    NOT NULL,
    employee_may_upload  BIGINT  NOT NULL DEFAULT 0 CHECK (employee_may_upload IN (0, 1)),
    is_decree            BIGINT  NOT NULL DEFAULT 0 CHECK (is_decree IN (0, 1)),
    sort_order           BIGINT  NOT NULL DEFAULT 100
);
INSERT INTO document_types (code, archive, name_id, name_en, employee_may_upload, is_decree, sort_order) VALUES
    ('SK_CPNS',    'utama',       'SK CPNS',                'Civil-servant candidate decree (SK CPNS)', 0, 1, 10),
    ('SK_PNS',     'utama',       'SK PNS',                 'Civil-servant decree (SK PNS)',            0, 1, 20),
    ('SK_PPPK',    'utama',       'Perjanjian kerja PPPK',  'PPPK employment contract',                 0, 1, 25),
    ('SK_PANGKAT', 'utama',       'SK kenaikan pangkat',    'Promotion decree (SK pangkat)',            0, 1, 30),
    ('SK_JABATAN', 'utama',       'SK jabatan',             'Position decree (SK jabatan)',             0, 1, 40),
    ('IJAZAH',     'utama',       'Ijazah',                 'Diploma',                                  1, 0, 50),
    ('TRANSKRIP',  'utama',       'Transkrip nilai',        'Academic transcript',                      1, 0, 60),
    ('DIKLAT',     'kondisional', 'Sertifikat diklat',      'Training certificate',                     1, 0, 70),
    ('SK_CUTI',    'kondisional', 'Surat izin cuti',        'Leave letter',                             0, 1, 80);

CREATE TABLE blobs (
    id            TEXT    PRIMARY KEY,
    key_id        TEXT    NOT NULL,
    size_bytes    BIGINT  NOT NULL CHECK (size_bytes >= 0),
    sha256        TEXT    NOT NULL CHECK (length(sha256) = 64),
    content_type  TEXT    NOT NULL CHECK (content_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    created_at    BIGINT  NOT NULL
);

CREATE TABLE documents (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id    BIGINT  NOT NULL REFERENCES employees (id),
    type_code      TEXT    NOT NULL REFERENCES document_types (code),
    title          TEXT    NOT NULL,
    decree_number  TEXT,
    decree_date    TEXT,
    file_name      TEXT    NOT NULL,
    blob_id        TEXT    NOT NULL REFERENCES blobs (id),
    -- NULL: filed by the portal itself (a system document such as a leave letter).
    uploaded_by    BIGINT  REFERENCES employees (id),
    uploaded_at    BIGINT  NOT NULL,
    deleted_at     BIGINT
);
CREATE INDEX documents_employee ON documents (employee_id, type_code);

-- Every view and download: who, in which role, when, from where.
CREATE TABLE document_access (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    document_id  BIGINT  NOT NULL REFERENCES documents (id),
    viewer_id    BIGINT  NOT NULL REFERENCES employees (id),
    role         TEXT    NOT NULL CHECK (role IN ('owner', 'agency_admin', 'national_admin')),
    action       TEXT    NOT NULL CHECK (action IN ('view', 'download')),
    ip           TEXT,
    at           BIGINT  NOT NULL
);
CREATE INDEX document_access_document ON document_access (document_id, id);
