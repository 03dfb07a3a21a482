-- Attendance (presensi). The server's clock decides every time; the day of
-- a record is the local date in the agency's time zone. Coordinates are
-- stored in microdegrees (1e-6 degree, about 11 cm) as integers, so both
-- engines store and compare them exactly.

-- The agency's time zone as hours east of UTC: 7 WIB, 8 WITA, 9 WIT.
ALTER TABLE agencies ADD COLUMN utc_offset_hours BIGINT NOT NULL DEFAULT 7 CHECK (utc_offset_hours IN (7, 8, 9));

-- Working hours per weekday (1 Monday .. 7 Sunday) in minutes after local
-- midnight. Rows with agency_id NULL are the national default; an agency
-- with rows of its own uses only those. A weekday without a row is not a
-- working day.
CREATE TABLE work_hours (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id   BIGINT  REFERENCES agencies (id) ON DELETE CASCADE,
    weekday     BIGINT  NOT NULL CHECK (weekday BETWEEN 1 AND 7),
    starts_at   BIGINT  NOT NULL CHECK (starts_at BETWEEN 0 AND 1439),
    ends_at     BIGINT  NOT NULL CHECK (ends_at <= 1440),
    CHECK (ends_at > starts_at),
    UNIQUE (agency_id, weekday)
);
-- The national default: Monday to Thursday 07:30-16:00, Friday 07:30-16:30.
INSERT INTO work_hours (agency_id, weekday, starts_at, ends_at) VALUES
    (NULL, 1, 450, 960), (NULL, 2, 450, 960), (NULL, 3, 450, 960), (NULL, 4, 450, 960), (NULL, 5, 450, 990);

-- Offices with a geofence. unit_id NULL: the office serves the whole
-- agency; otherwise the unit and every unit below it.
CREATE TABLE offices (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    agency_id     BIGINT  NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    unit_id       BIGINT  REFERENCES units (id) ON DELETE CASCADE,
    code          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    latitude_e6   BIGINT  NOT NULL CHECK (latitude_e6 BETWEEN -90000000 AND 90000000),
    longitude_e6  BIGINT  NOT NULL CHECK (longitude_e6 BETWEEN -180000000 AND 180000000),
    radius_m      BIGINT  NOT NULL CHECK (radius_m BETWEEN 10 AND 5000),
    created_at    BIGINT  NOT NULL,
    UNIQUE (agency_id, code)
);

-- "Work from anywhere" (WFA): an admin lets one employee check in from
-- anywhere between two local dates (inclusive, ISO text).
CREATE TABLE wfa_grants (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    starts_on    TEXT    NOT NULL,
    ends_on      TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    granted_by   BIGINT  NOT NULL REFERENCES employees (id),
    created_at   BIGINT  NOT NULL,
    CHECK (ends_on >= starts_on)
);
CREATE INDEX wfa_grants_employee ON wfa_grants (employee_id, ends_on);

-- One row per employee and local day: the first check-in (a second one
-- changes nothing) and the latest check-out.
CREATE TABLE attendance (
    employee_id       BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    day               TEXT    NOT NULL,
    check_in_at       BIGINT  NOT NULL,
    check_in_mode     TEXT    NOT NULL CHECK (check_in_mode IN ('office', 'wfa')),
    check_in_office   BIGINT  REFERENCES offices (id) ON DELETE SET NULL,
    check_in_lat_e6   BIGINT,
    check_in_lon_e6   BIGINT,
    check_in_accuracy_m BIGINT,
    check_in_ip       TEXT,
    check_out_at      BIGINT,
    check_out_mode    TEXT    CHECK (check_out_mode IN ('office', 'wfa')),
    check_out_office  BIGINT  REFERENCES offices (id) ON DELETE SET NULL,
    check_out_lat_e6  BIGINT,
    check_out_lon_e6  BIGINT,
    check_out_accuracy_m BIGINT,
    check_out_ip      TEXT,
    PRIMARY KEY (employee_id, day),
    CHECK (check_out_at IS NULL OR check_out_at >= check_in_at)
);
CREATE INDEX attendance_day ON attendance (day);
