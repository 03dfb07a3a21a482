-- Leave (cuti). Every number the law sets lives in these rows, not in code:
-- the types with their eligibility and maximums, the annual-leave policy,
-- and the calendar of national holidays and collective-leave days.

-- One row per leave type and staff class ('pns' covers CPNS too). Lengths
-- are in `unit`; `attachment_over` requires an attachment when the length
-- exceeds it (0: always; NULL: never).
CREATE TABLE leave_types (
    staff               TEXT    NOT NULL CHECK (staff IN ('pns', 'pppk')),
    code                TEXT    NOT NULL CHECK (code IN ('annual', 'long', 'sick', 'maternity', 'important', 'collective', 'unpaid')),
    name_id             TEXT    NOT NULL,
    name_en             TEXT    NOT NULL,
    unit                TEXT    NOT NULL CHECK (unit IN ('working_days', 'calendar_days', 'months')),
    min_length          BIGINT  NOT NULL CHECK (min_length >= 1),
    max_length          BIGINT  NOT NULL CHECK (max_length >= min_length),
    min_service_months  BIGINT  NOT NULL DEFAULT 0 CHECK (min_service_months >= 0),
    women_only          BIGINT  NOT NULL DEFAULT 0 CHECK (women_only IN (0, 1)),
    max_children        BIGINT,
    attachment_over     BIGINT,
    uses_annual_balance BIGINT  NOT NULL DEFAULT 0 CHECK (uses_annual_balance IN (0, 1)),
    forfeits_annual     BIGINT  NOT NULL DEFAULT 0 CHECK (forfeits_annual IN (0, 1)),
    requestable         BIGINT  NOT NULL DEFAULT 1 CHECK (requestable IN (0, 1)),
    legal_reference     TEXT    NOT NULL,
    sort_order          BIGINT  NOT NULL,
    PRIMARY KEY (staff, code)
);
INSERT INTO leave_types (staff, code, name_id, name_en, unit, min_length, max_length, min_service_months, women_only, max_children, attachment_over, uses_annual_balance, forfeits_annual, requestable, legal_reference, sort_order) VALUES
    ('pns', 'annual',     'Cuti tahunan',                      'Annual leave',                      'working_days',  1,  24, 12, 0, NULL, NULL, 1, 0, 1, 'PP 11/2017 Pasal 310 huruf a jo. PP 17/2020; Peraturan BKN 24/2017 jo. Peraturan BKN 7/2021', 10),
    ('pns', 'long',       'Cuti besar',                        'Long leave',                        'months',        1,   3, 60, 0, NULL, NULL, 0, 1, 1, 'PP 11/2017 Pasal 310 huruf b jo. PP 17/2020; Peraturan BKN 24/2017 jo. Peraturan BKN 7/2021', 20),
    ('pns', 'sick',       'Cuti sakit',                        'Sick leave',                        'calendar_days', 1, 548,  0, 0, NULL,    0, 0, 0, 1, 'PP 11/2017 Pasal 310 huruf c jo. PP 17/2020; Peraturan BKN 24/2017 jo. Peraturan BKN 7/2021', 30),
    ('pns', 'maternity',  'Cuti melahirkan',                   'Maternity leave',                   'months',        1,   3,  0, 1,    3, NULL, 0, 0, 1, 'PP 11/2017 Pasal 310 huruf d jo. PP 17/2020; Peraturan BKN 24/2017 jo. Peraturan BKN 7/2021', 40),
    ('pns', 'important',  'Cuti karena alasan penting',        'Leave for important reasons',       'calendar_days', 1,  30,  0, 0, NULL, NULL, 0, 0, 1, 'PP 11/2017 Pasal 310 huruf e jo. PP 17/2020; Peraturan BKN 24/2017 jo. Peraturan BKN 7/2021', 50),
    ('pns', 'collective', 'Cuti bersama',                      'Collective leave',                  'working_days',  1,  30,  0, 0, NULL, NULL, 0, 0, 0, 'PP 11/2017 Pasal 310 huruf f jo. PP 17/2020; Keputusan Presiden tentang cuti bersama', 60),
    ('pns', 'unpaid',     'Cuti di luar tanggungan negara',    'Unpaid leave',                      'months',        1,  36, 60, 0, NULL, NULL, 0, 0, 1, 'PP 11/2017 Pasal 310 huruf g jo. PP 17/2020; Peraturan BKN 24/2017 jo. Peraturan BKN 7/2021', 70),
    ('pppk', 'annual',    'Cuti tahunan',                      'Annual leave',                      'working_days',  1,  24, 12, 0, NULL, NULL, 1, 0, 1, 'PP 49/2018 Pasal 70; Peraturan BKN 7/2022 Pasal 5-11', 10),
    ('pppk', 'sick',      'Cuti sakit',                        'Sick leave',                        'calendar_days', 1,  30,  0, 0, NULL,    0, 0, 0, 1, 'PP 49/2018 Pasal 70; Peraturan BKN 7/2022 Pasal 12-17', 30),
    ('pppk', 'maternity', 'Cuti melahirkan',                   'Maternity leave',                   'months',        1,   3,  0, 1,    3, NULL, 0, 0, 1, 'PP 49/2018 Pasal 70; Peraturan BKN 7/2022 Pasal 18-19', 40),
    ('pppk', 'collective','Cuti bersama',                      'Collective leave',                  'working_days',  1,  30,  0, 0, NULL, NULL, 0, 0, 0, 'PP 49/2018 Pasal 70; Keputusan Presiden tentang cuti bersama', 60);

-- The annual-leave numbers: days granted a year, the carry-over from the
-- previous year, and the caps with the current year (18; 24 after two
-- untaken years or with deferred leave).
CREATE TABLE leave_policy (
    staff         TEXT    PRIMARY KEY CHECK (staff IN ('pns', 'pppk')),
    annual_days   BIGINT  NOT NULL CHECK (annual_days >= 0),
    carry_cap     BIGINT  NOT NULL CHECK (carry_cap >= 0),
    total_cap     BIGINT  NOT NULL CHECK (total_cap >= annual_days),
    extended_cap  BIGINT  NOT NULL CHECK (extended_cap >= total_cap)
);
INSERT INTO leave_policy (staff, annual_days, carry_cap, total_cap, extended_cap) VALUES
    ('pns', 12, 6, 18, 24),
    ('pppk', 12, 6, 18, 24);

-- National holidays and collective-leave days, managed by the national
-- admin (`calendar import`).
CREATE TABLE leave_calendar (
    day   TEXT  PRIMARY KEY CHECK (length(day) = 10),
    kind  TEXT  NOT NULL CHECK (kind IN ('holiday', 'collective')),
    name  TEXT  NOT NULL
);

-- Per agency: two stages (supervisor's consideration, then the official's
-- decision) or one (the official only).
CREATE TABLE leave_settings (
    agency_id  BIGINT  PRIMARY KEY REFERENCES agencies (id),
    stages     BIGINT  NOT NULL CHECK (stages IN (1, 2))
);

CREATE TABLE leave_requests (
    id                   INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id          BIGINT  NOT NULL REFERENCES employees (id),
    staff                TEXT    NOT NULL CHECK (staff IN ('pns', 'pppk')),
    type_code            TEXT    NOT NULL,
    start_date           TEXT    NOT NULL CHECK (length(start_date) = 10),
    end_date             TEXT    NOT NULL CHECK (length(end_date) = 10),
    length               BIGINT  NOT NULL CHECK (length >= 1),
    unit                 TEXT    NOT NULL CHECK (unit IN ('working_days', 'calendar_days', 'months')),
    reason               TEXT    NOT NULL,
    address              TEXT    NOT NULL,
    phone                TEXT    NOT NULL,
    attachment_id        BIGINT  REFERENCES documents (id),
    status               TEXT    NOT NULL CHECK (status IN ('draft', 'awaiting_supervisor', 'awaiting_official', 'approved', 'changed', 'deferred', 'refused', 'withdrawn')),
    version              BIGINT  NOT NULL DEFAULT 1,
    supervisor_id        BIGINT  REFERENCES employees (id),
    consideration        TEXT    CHECK (consideration IN ('approved', 'changed', 'deferred', 'refused')),
    consideration_note   TEXT,
    considered_by        BIGINT  REFERENCES employees (id),
    considered_at        BIGINT,
    decision             TEXT    CHECK (decision IN ('approved', 'changed', 'deferred', 'refused')),
    decision_note        TEXT,
    decided_by           BIGINT  REFERENCES employees (id),
    decided_at           BIGINT,
    proposed_start       TEXT,
    proposed_end         TEXT,
    letter_code          TEXT    UNIQUE,
    letter_sha256        TEXT,
    letter_document_id   BIGINT  REFERENCES documents (id),
    created_at           BIGINT  NOT NULL,
    submitted_at         BIGINT,
    updated_at           BIGINT  NOT NULL
);
CREATE INDEX leave_requests_employee ON leave_requests (employee_id, start_date);
CREATE INDEX leave_requests_status ON leave_requests (status, supervisor_id);

-- The timeline of a request: every step, who took it and what they said.
CREATE TABLE leave_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id  BIGINT  NOT NULL REFERENCES leave_requests (id),
    action      TEXT    NOT NULL CHECK (action IN ('created', 'submitted', 'withdrawn', 'considered', 'decided', 'change_accepted')),
    outcome     TEXT,
    note        TEXT,
    actor_id    BIGINT  NOT NULL REFERENCES employees (id),
    at          BIGINT  NOT NULL
);
CREATE INDEX leave_events_request ON leave_events (request_id, id);

-- The annual-leave ledger. `year` is the year the days can be used in;
-- `source_year` the year whose right they come from (N, N-1, N-2 on the
-- form). A balance is the sum of its rows, so it can always say why.
CREATE TABLE leave_ledger (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id),
    year         BIGINT  NOT NULL,
    source_year  BIGINT  NOT NULL,
    entry        TEXT    NOT NULL CHECK (entry IN ('grant', 'carry', 'taken', 'forfeit', 'collective_worked')),
    days         BIGINT  NOT NULL,
    request_id   BIGINT  REFERENCES leave_requests (id),
    note         TEXT,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX leave_ledger_employee ON leave_ledger (employee_id, year);
-- A year is opened once per employee: running the roll-over twice adds nothing.
CREATE UNIQUE INDEX leave_ledger_opening ON leave_ledger (employee_id, year, source_year, entry) WHERE entry IN ('grant', 'carry');

-- The years opened for an employee by the roll-over: once each.
CREATE TABLE leave_years (
    employee_id  BIGINT  NOT NULL REFERENCES employees (id),
    year         BIGINT  NOT NULL,
    opened_at    BIGINT  NOT NULL,
    PRIMARY KEY (employee_id, year)
);

INSERT INTO document_types (code, archive, name_id, name_en, employee_may_upload, is_decree, sort_order) VALUES
    ('LAMPIRAN_CUTI', 'kondisional', 'Lampiran cuti (surat dokter, dll.)', 'Leave attachment (doctor''s letter, etc.)', 1, 0, 85);

CREATE TABLE notifications_new (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    employee_id  BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    kind         TEXT    NOT NULL CHECK (kind IN (
        'sign_in', 'device_added', 'device_removed', 'password_changed',
        'correction_requested', 'correction_accepted', 'correction_rejected',
        'leave_to_consider', 'leave_to_decide', 'leave_updated')),
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
