-- Indexes the scale benchmark (scripts/bench-scale.sh: 1 million employees,
-- 2 million leave requests, 10 million audit events) showed were missing.

-- An approver's "decided lately" list (considered_by / decided_by, newest
-- first): a unit head's scanned most of the table backwards (227 ms).
CREATE INDEX leave_requests_considered_by ON leave_requests (considered_by, id);
CREATE INDEX leave_requests_decided_by ON leave_requests (decided_by, id);

-- The console's search by the start of a NIP (LIKE 'prefix%'): the unique
-- index cannot serve LIKE under a non-C collation; a national admin's
-- lookup of one NIP read every employee (212 ms).
CREATE INDEX employees_nip_prefix ON employees (nip text_pattern_ops);

-- The console's search by part of a name (LIKE '%text%' on the lower-cased
-- name): trigrams. pg_trgm ships with PostgreSQL (contrib) and is a trusted
-- extension, so the database's owner can create it.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX employees_name_trigrams ON employees USING gin (LOWER(full_name) gin_trgm_ops);

-- The console's list of an agency's employees by name.
CREATE INDEX employees_agency_name ON employees (agency_id, full_name, id);

-- The audit viewer's filter by client address, newest first.
CREATE INDEX audit_events_ip ON audit_events (ip, id);
