-- The agency an audit event belongs to: its employee's agency when it was
-- recorded (NULL for events about no employee). An agency admin's audit
-- viewer reads by it, from an index, instead of joining every newest event
-- to its employee (see migrations/postgres/0021). An employee who moves to
-- another agency leaves the earlier events with the agency they happened in.
ALTER TABLE audit_events ADD COLUMN agency_id BIGINT;

-- Existing events take their employee's agency today. The trail is
-- append-only, so the guard steps aside for this one backfill.
DROP TRIGGER audit_events_no_update;
UPDATE audit_events SET agency_id = (SELECT e.agency_id FROM employees e WHERE e.id = audit_events.employee_id)
WHERE employee_id IS NOT NULL;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit events are append-only');
END;

CREATE INDEX audit_events_agency ON audit_events (agency_id, id);
CREATE INDEX audit_events_agency_event ON audit_events (agency_id, event, id);
