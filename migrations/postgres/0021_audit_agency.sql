-- The agency an audit event belongs to: its employee's agency when it was
-- recorded (NULL for events about no employee). An agency admin's audit
-- viewer reads by it, from an index, instead of joining every newest event
-- to its employee: on 10 million events in 200 agencies that join read about
-- 40,000 events for a page of 200 (300-800 ms, whole-table scans for the CSV).
-- An employee who moves to another agency leaves the earlier events with the
-- agency they happened in.
ALTER TABLE audit_events ADD COLUMN agency_id BIGINT;

-- Existing events take their employee's agency today. The trail is
-- append-only, so the guard steps aside for this one backfill.
ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_change;
UPDATE audit_events a SET agency_id = e.agency_id FROM employees e WHERE e.id = a.employee_id;
ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_change;

CREATE INDEX audit_events_agency ON audit_events (agency_id, id);
CREATE INDEX audit_events_agency_event ON audit_events (agency_id, event, id);
