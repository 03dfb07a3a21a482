-- The clock hint at the code step: the offset (seconds) of the last wrong
-- code that fitted another step of this authenticator, and when it came.
-- The hint is shown only when the next wrong code fits the same offset (a
-- drifting phone does that; a guesser cannot), so one lucky guess never
-- reveals a code that will work later.
ALTER TABLE authenticators ADD COLUMN drift_offset BIGINT;
ALTER TABLE authenticators ADD COLUMN drift_seen_at BIGINT;
