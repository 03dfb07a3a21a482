-- Scale data for the query benchmark (scripts/bench-scale.sh): a national
-- civil service on PostgreSQL. Run by psql on a freshly migrated, empty
-- database with the variables `employees` and `audit`:
--
--   psql -v employees=1000000 -v audit=10000000 -f scripts/scale-data.sql URL
--
-- Shape (identity columns start at 1 on an empty database, which the
-- script checks first):
--   * one agency per 5,000 employees, 25 work units per agency; each unit's
--     first employee heads it and supervises the rest of the unit;
--   * per agency one leave official (pybmc), one agency admin; one national
--     admin in agency 1;
--   * a password for 9 in 10 employees, a confirmed authenticator for 8 in 10;
--   * two leave requests per employee (9 in 10 decided, the rest waiting for
--     the supervisor or the official, refused or withdrawn), two-stage agencies;
--   * `audit` events over the last two years, ids in time order, 1 in 20
--     about an unknown NIP, addresses from a /16.
-- Rows are synthetic (names from short lists, one placeholder password hash
-- nobody can sign in with); the audit events have no hash chain, as events
-- recorded before the chain existed.

\set ON_ERROR_STOP on
\timing on

DO $$
BEGIN
    IF (SELECT COUNT(*) FROM employees) > 0 OR (SELECT COUNT(*) FROM agencies) > 0 THEN
        RAISE EXCEPTION 'scale data goes into an empty, freshly migrated database';
    END IF;
END $$;

SELECT (:employees / 5000)::bigint AS agencies \gset
SELECT (:agencies * 25)::bigint AS units \gset
SELECT extract(epoch FROM now())::bigint AS now \gset

\echo agencies :agencies, units :units
INSERT INTO agencies (code, name, created_at)
SELECT 'S' || lpad(g::text, 4, '0'), 'Instansi Skala ' || g, :now
FROM generate_series(1, :agencies) g;

INSERT INTO units (agency_id, code, name, created_at)
SELECT (g - 1) / 25 + 1, 'U' || lpad(((g - 1) % 25 + 1)::text, 2, '0'),
       (ARRAY['Sekretariat', 'Bidang Anggaran', 'Bidang Kepegawaian', 'Bidang Pendidikan', 'Bidang Kesehatan'])[(g - 1) % 5 + 1]
           || ' ' || ((g - 1) % 25 + 1),
       :now
FROM generate_series(1, :units) g;

\echo employees :employees
-- Employee g sits in unit (g - 1) % units + 1; employees 1..units head them.
INSERT INTO employees (nip, full_name, email, kind, agency_id, unit_id, position, rank_code, supervisor_id,
                       active, created_at, updated_at)
SELECT
    to_char(birth, 'YYYYMMDD')
        || to_char(make_date(extract(year FROM birth)::int + 22 + (g % 8), 1 + (g % 12), 1), 'YYYYMM')
        || (1 + g % 2)::text
        || lpad((g / 14600 + 1)::text, 3, '0'),
    (ARRAY['Siti', 'Ahmad', 'Dewi', 'Budi', 'Rina', 'Agus', 'Sri', 'Eko', 'Nur', 'Wahyu', 'Putri', 'Hendra',
           'Ayu', 'Joko', 'Indah', 'Rudi', 'Fitri', 'Bambang', 'Lestari', 'Dedi', 'Ratna', 'Yusuf', 'Wulan',
           'Andi', 'Maya', 'Fajar', 'Intan', 'Teguh', 'Kartika', 'Made'])[g % 30 + 1]
        || ' ' ||
    (ARRAY['Rahma', 'Kusuma', 'Putra', 'Sari', 'Hidayat', 'Pratama', 'Wijaya', 'Lestari', 'Saputra', 'Utami',
           'Nugroho', 'Permata', 'Santoso', 'Rahayu', 'Setiawan', 'Handayani', 'Gunawan', 'Purnama', 'Syahputra',
           'Anggraini'])[(g / 30) % 20 + 1]
        || ' ' ||
    (ARRAY['Siregar', 'Nasution', 'Harahap', 'Lubis', 'Simanjuntak', 'Tanjung', 'Pohan', 'Daulay', 'Sinaga',
           'Pane', 'Wibowo', 'Hakim', 'Firmansyah', 'Kurniawan', 'Susanto', 'Halim', 'Sembiring', 'Ginting',
           'Tarigan', 'Manurung', 'Effendi', 'Rangkuti', 'Batubara', 'Matondang', 'Ritonga'])[(g / 600) % 25 + 1],
    'pegawai' || g || '@skala.go.id',
    (ARRAY['pns', 'pns', 'pns', 'pppk', 'cpns'])[g % 5 + 1],
    ((g - 1) % :units) / 25 + 1,
    (g - 1) % :units + 1,
    CASE WHEN g <= :units THEN 'Kepala Unit' ELSE 'Analis' END,
    (ARRAY['III/a', 'III/b', 'III/c', 'III/d', 'IV/a'])[g % 5 + 1],
    CASE WHEN g <= :units THEN NULL ELSE (g - 1) % :units + 1 END,
    1, :now, :now
FROM generate_series(1, :employees) g,
     LATERAL (SELECT date '1960-01-01' + ((g::bigint * 7919) % 14600)::int AS birth) b;

UPDATE units SET head_employee_id = id;

INSERT INTO role_assignments (employee_id, role, agency_id, created_at)
SELECT (a - 1) * 25 + 1, 'pybmc', a, :now FROM generate_series(1, :agencies) a
UNION ALL
SELECT :units + (a - 1) * 25 + 2, 'agency_admin', a, :now FROM generate_series(1, :agencies) a
UNION ALL
SELECT :units + 3, 'national_admin', 1, :now;

INSERT INTO leave_settings (agency_id, stages) SELECT a, 2 FROM generate_series(1, :agencies) a;

\echo credentials and authenticators
INSERT INTO credentials (employee_id, password_hash, password_changed_at, updated_at)
SELECT g, '$argon2id$v=19$m=19456,t=2,p=1$c2NhbGUtZGF0YQ$bm90LWEtcmVhbC1oYXNoLW5vYm9keS1zaWducy1pbg', :now, :now
FROM generate_series(1, :employees) g WHERE g % 10 <> 0;

INSERT INTO authenticators (employee_id, device_name, secret_sealed, created_at, confirmed_at)
SELECT g, 'Ponsel', 'scale-data-placeholder', :now, :now
FROM generate_series(1, :employees) g WHERE g % 10 NOT IN (0, 9);

\echo leave requests
-- Request k belongs to employee (k - 1) % employees + 1; its state by k % 100.
INSERT INTO leave_requests (employee_id, staff, type_code, start_date, end_date, length, unit, reason, address,
                            phone, status, supervisor_id, consideration, considered_by, considered_at, decision,
                            decided_by, decided_at, created_at, submitted_at, updated_at)
SELECT emp,
       CASE WHEN emp % 5 = 3 THEN 'pppk' ELSE 'pns' END,
       'annual',
       to_char(day, 'YYYY-MM-DD'), to_char(day + 2, 'YYYY-MM-DD'), 3, 'working_days',
       'Keperluan keluarga', 'Jl. Merdeka No. ' || (k % 200), '0812' || lpad((k % 100000000)::text, 8, '0'),
       st,
       sup,
       CASE WHEN st IN ('awaiting_official', 'approved', 'refused') THEN 'approved' END,
       CASE WHEN st IN ('awaiting_official', 'approved', 'refused') THEN sup END,
       CASE WHEN st IN ('awaiting_official', 'approved', 'refused') THEN :now END,
       CASE WHEN st IN ('approved', 'refused') THEN st END,
       CASE WHEN st IN ('approved', 'refused') THEN (agency - 1) * 25 + 1 END,
       CASE WHEN st IN ('approved', 'refused') THEN :now END,
       :now - (2 * :employees - k), :now - (2 * :employees - k), :now
FROM generate_series(1, 2 * :employees) k,
     LATERAL (SELECT (k - 1) % :employees + 1 AS emp) e,
     LATERAL (SELECT ((e.emp - 1) % :units) / 25 + 1 AS agency,
                     CASE WHEN e.emp <= :units THEN NULL ELSE (e.emp - 1) % :units + 1 END AS sup,
                     date '2025-01-06' + (k % 600)::int AS day,
                     CASE WHEN k % 100 < 2 AND e.emp > :units THEN 'awaiting_supervisor'
                          WHEN k % 100 < 5 THEN 'awaiting_official'
                          WHEN k % 100 < 7 THEN 'refused'
                          WHEN k % 100 < 9 THEN 'withdrawn'
                          ELSE 'approved' END AS st) s;

\echo audit events :audit
-- Event i at an even spacing over the last two years, so ids follow time.
INSERT INTO audit_events (occurred_at, event, reason, employee_id, nip, actor_employee_id, actor, ip, user_agent,
                          request_id, detail, agency_id)
SELECT :now - 2 * 365 * 86400 + (i * (2 * 365 * 86400::float8 / :audit))::bigint,
       ev,
       CASE WHEN ev = 'sign_in_failed' THEN 'wrong_password' END,
       CASE WHEN unknown THEN NULL ELSE emp END,
       CASE WHEN unknown THEN '19' || lpad((i % 10000000000000000)::text, 16, '0') END,
       CASE WHEN unknown THEN NULL ELSE emp END,
       CASE WHEN unknown THEN 'system' ELSE 'employee' END,
       '10.' || (i % 97) || '.' || (emp % 250) || '.' || (i % 251),
       'Mozilla/5.0 (Linux; Android 14) Chrome/131.0 Mobile',
       md5(i::text),
       NULL,
       CASE WHEN unknown THEN NULL ELSE ((emp - 1) % :units) / 25 + 1 END
FROM generate_series(1, :audit) i,
     LATERAL (SELECT (i * 2654435761) % :employees + 1 AS emp, i % 20 = 7 AS unknown,
                     (ARRAY['sign_in_succeeded', 'sign_in_succeeded', 'sign_in_succeeded', 'mfa_verified',
                            'mfa_verified', 'mfa_verified', 'signed_out', 'document_viewed', 'document_viewed',
                            'document_uploaded', 'sign_in_failed', 'mfa_failed', 'leave_submitted',
                            'leave_considered', 'leave_decided', 'password_changed', 'session_revoked',
                            'reset_requested', 'locked_out', 'email_corrected'])[i % 20 + 1] AS known_ev) x,
     LATERAL (SELECT CASE WHEN x.unknown THEN 'sign_in_failed' ELSE x.known_ev END AS ev) y;

ANALYZE;
SELECT (SELECT COUNT(*) FROM employees) AS employees, (SELECT COUNT(*) FROM leave_requests) AS leave_requests,
       (SELECT COUNT(*) FROM audit_events) AS audit_events;
