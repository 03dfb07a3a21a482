-- The personnel record an employee reads on "My data" (data pribadi), and
-- the external services the dashboard links to. Calendar dates are ISO
-- 8601 text (YYYY-MM-DD), the same on both engines. The employee reads
-- these rows and never writes them: the agency's HR office does.

-- TMT CPNS (PNS and CPNS) or TMT PPPK, and TMT PNS once appointed.
ALTER TABLE employees ADD COLUMN tmt_appointment TEXT CHECK (length(tmt_appointment) = 10);
ALTER TABLE employees ADD COLUMN tmt_pns TEXT CHECK (length(tmt_pns) = 10);

-- Riwayat jabatan. unit_name is the unit as it was called then.
CREATE TABLE position_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id    BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    position       TEXT    NOT NULL,
    position_kind  TEXT    NOT NULL CHECK (position_kind IN ('struktural', 'fungsional', 'pelaksana')),
    unit_name      TEXT    NOT NULL,
    tmt            TEXT    NOT NULL CHECK (length(tmt) = 10),
    decree_number  TEXT
);
CREATE INDEX position_history_employee ON position_history (employee_id, tmt);

-- Riwayat pangkat/golongan.
CREATE TABLE rank_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id    BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    rank_code      TEXT    NOT NULL,
    tmt            TEXT    NOT NULL CHECK (length(tmt) = 10),
    decree_number  TEXT
);
CREATE INDEX rank_history_employee ON rank_history (employee_id, tmt);

-- Riwayat pendidikan.
CREATE TABLE education_history (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id      BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    level            TEXT    NOT NULL CHECK (level IN ('sd', 'smp', 'sma', 'd3', 'd4', 's1', 's2', 's3')),
    institution      TEXT    NOT NULL,
    major            TEXT,
    graduation_year  BIGINT  NOT NULL
);
CREATE INDEX education_history_employee ON education_history (employee_id, graduation_year);

-- Riwayat diklat (training).
CREATE TABLE training_history (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id         BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    name                TEXT    NOT NULL,
    organiser           TEXT    NOT NULL,
    start_date          TEXT    NOT NULL CHECK (length(start_date) = 10),
    end_date            TEXT    NOT NULL CHECK (length(end_date) = 10),
    hours               BIGINT  NOT NULL CHECK (hours > 0),
    certificate_number  TEXT
);
CREATE INDEX training_history_employee ON training_history (employee_id, start_date);

-- Data keluarga.
CREATE TABLE family_members (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    relation     TEXT    NOT NULL CHECK (relation IN ('spouse', 'child', 'father', 'mother')),
    full_name    TEXT    NOT NULL,
    birth_date   TEXT    CHECK (length(birth_date) = 10)
);
CREATE INDEX family_members_employee ON family_members (employee_id);

-- Links on the dashboard to services outside the portal (MyASN, SIASN,
-- e-Kinerja...). audience limits them by kind of employee; agency_id, when
-- set, to one agency's employees. Only https URLs are stored.
CREATE TABLE external_services (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    url         TEXT    NOT NULL CHECK (url LIKE 'https://%'),
    icon        TEXT    NOT NULL,
    audience    TEXT    NOT NULL CHECK (audience IN ('all', 'pns', 'pppk')),
    agency_id   BIGINT  REFERENCES agencies (id) ON DELETE CASCADE,
    sort_order  BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL
);
