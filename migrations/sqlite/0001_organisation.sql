-- Organisation model: agencies (instansi), the work-unit tree (unit kerja),
-- employees and role assignments. Timestamps are Unix seconds; flags are
-- BIGINT 0/1 (sqlx's Any driver cannot decode SQLite BOOLEAN columns).

CREATE TABLE agencies (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    code        TEXT    NOT NULL UNIQUE,
    name        TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);

CREATE TABLE units (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id         BIGINT  NOT NULL REFERENCES agencies (id),
    parent_id         BIGINT  REFERENCES units (id),
    code              TEXT    NOT NULL,
    name              TEXT    NOT NULL,
    head_employee_id  BIGINT  REFERENCES employees (id),
    created_at        BIGINT  NOT NULL,
    UNIQUE (agency_id, code)
);
CREATE INDEX units_parent ON units (parent_id);

CREATE TABLE employees (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    nip            TEXT    NOT NULL UNIQUE CHECK (length(nip) = 18),
    full_name      TEXT    NOT NULL,
    email          TEXT    NOT NULL,
    phone          TEXT,
    kind           TEXT    NOT NULL CHECK (kind IN ('pns', 'cpns', 'pppk')),
    agency_id      BIGINT  NOT NULL REFERENCES agencies (id),
    unit_id        BIGINT  REFERENCES units (id),
    position       TEXT,
    rank_code      TEXT,
    supervisor_id  BIGINT  REFERENCES employees (id),
    active         BIGINT  NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL
);
CREATE INDEX employees_agency ON employees (agency_id);
CREATE INDEX employees_unit ON employees (unit_id);
CREATE INDEX employees_supervisor ON employees (supervisor_id);

-- Explicit roles. "employee" is implicit for everyone and "supervisor" is
-- derived from the org tree, so neither is stored here.
CREATE TABLE role_assignments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    role         TEXT    NOT NULL CHECK (role IN ('pybmc', 'agency_admin', 'national_admin')),
    agency_id    BIGINT  NOT NULL REFERENCES agencies (id),
    created_at   BIGINT  NOT NULL,
    UNIQUE (employee_id, role, agency_id)
);
