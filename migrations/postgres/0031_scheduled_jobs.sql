-- Jobs the server runs on a schedule (once per WIB day), each claimed by
-- one app instance at a time with a lease: the same conditional UPDATE the
-- mail outbox uses, so several instances behind a load balancer run a job
-- once. `done_day` is the last day the job finished (ISO date), `outcome`
-- what it did; a failure keeps `last_error` and tries again at `retry_at`.
CREATE TABLE scheduled_jobs (
    name           TEXT    PRIMARY KEY,
    done_day       TEXT,
    claimed_until  BIGINT,
    started_at     BIGINT,
    finished_at    BIGINT,
    outcome        TEXT,
    failures       BIGINT  NOT NULL DEFAULT 0,
    failed_at      BIGINT,
    last_error     TEXT,
    retry_at       BIGINT
);
