-- Back-channel logout notices waiting to be delivered. Whenever a portal
-- session ends (signing out, another device's session ended, a password
-- reset, an admin disabling the account), each service it signed in to that
-- registered a back-channel logout URI gets a row here, in the transaction
-- that ended the session. Workers (one per instance) claim rows as the mail
-- outbox does and retry with a growing delay while the service is down.

CREATE TABLE oidc_logout_queue (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    client_pk        BIGINT  NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    employee_id      BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    -- The ended session's id hash (the logout token names it as `sid`).
    session_hash     TEXT    NOT NULL,
    created_at       BIGINT  NOT NULL,
    next_attempt_at  BIGINT  NOT NULL,
    claimed_until    BIGINT,
    attempts         BIGINT  NOT NULL DEFAULT 0,
    delivered_at     BIGINT,
    -- Given up: the service refused the token, or every attempt failed.
    failed_at        BIGINT,
    last_error       TEXT
);
CREATE INDEX oidc_logout_queue_due ON oidc_logout_queue (delivered_at, failed_at, next_attempt_at);
