-- Audit events are sealed with a key (HMAC-SHA256 under a key derived from
-- ASN_SECRET_KEY) over every field, the agency included: format 2. Events
-- written before stay format 1 (NULL), and are accepted as such only up to
-- `legacy_through`, the newest event when this migration ran. The first
-- keyed instance seals that boundary (`mac`), so it cannot be moved later.
ALTER TABLE audit_events ADD COLUMN hash_version BIGINT;
CREATE TABLE audit_keying (
    id              BIGINT  PRIMARY KEY CHECK (id = 1),
    legacy_through  BIGINT  NOT NULL,
    mac             TEXT
);
INSERT INTO audit_keying (id, legacy_through) SELECT 1, COALESCE(MAX(id), 0) FROM audit_events;
