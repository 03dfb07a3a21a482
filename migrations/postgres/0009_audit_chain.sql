-- Tamper evidence for the audit trail. Each event joins a chain (its
-- employee's, or `system` for events about no employee) at the next
-- sequence number and carries the SHA-256 of the previous event of that
-- chain and its own; audit_chain_heads holds each chain's last number and
-- hash, so removing the newest events shows too. `asn-portal audit verify`
-- walks every chain. Events recorded before this migration have no chain.

ALTER TABLE audit_events ADD COLUMN chain TEXT;
ALTER TABLE audit_events ADD COLUMN seq BIGINT;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN row_hash TEXT;
CREATE UNIQUE INDEX audit_events_chain_seq ON audit_events (chain, seq);

CREATE TABLE audit_chain_heads (
    chain      TEXT   NOT NULL PRIMARY KEY,
    seq        BIGINT NOT NULL,
    last_hash  TEXT   NOT NULL
);
