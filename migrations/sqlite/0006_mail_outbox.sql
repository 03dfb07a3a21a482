-- Outgoing mail, written in the same transaction as the change it reports,
-- so no message is lost when the SMTP server is down or the process dies.
-- Workers on any instance claim a due row with a conditional UPDATE (a
-- lease in claimed_until), send it, and mark it sent; failures back off
-- through next_attempt_at; a permanent refusal, or too many attempts, sets
-- failed_at. Rows are kept after sending, for the record.

CREATE TABLE mail_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    to_address       TEXT    NOT NULL,
    subject          TEXT    NOT NULL,
    body_text        TEXT    NOT NULL,
    body_html        TEXT,
    created_at       BIGINT  NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    claimed_until    BIGINT,
    sent_at          BIGINT,
    failed_at        BIGINT,
    last_error       TEXT
);
CREATE INDEX mail_outbox_due ON mail_outbox (sent_at, next_attempt_at);
