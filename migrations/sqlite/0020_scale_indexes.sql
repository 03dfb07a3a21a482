-- Indexes the scale benchmark (scripts/bench-scale.sh, on PostgreSQL)
-- showed were missing; the ones SQLite can use too. (The NIP-prefix and
-- trigram indexes of migrations/postgres/0020 have no SQLite equivalent.)

-- An approver's "decided lately" list, newest first.
CREATE INDEX leave_requests_considered_by ON leave_requests (considered_by, id);
CREATE INDEX leave_requests_decided_by ON leave_requests (decided_by, id);

-- The console's list of an agency's employees by name.
CREATE INDEX employees_agency_name ON employees (agency_id, full_name, id);

-- The audit viewer's filter by client address, newest first.
CREATE INDEX audit_events_ip ON audit_events (ip, id);
