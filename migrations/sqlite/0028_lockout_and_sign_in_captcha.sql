-- Wrong second factors (authenticator or recovery codes typed after the
-- right password, or after the mailed reset code), counted apart from
-- wrong passwords: only these lead to a permanent lock. Wrong passwords,
-- which anyone who knows a NIP can type, earn temporary locks capped at
-- ASN_LOCKOUT_MAX_SECS.
ALTER TABLE credentials ADD COLUMN second_factor_failures BIGINT NOT NULL DEFAULT 0;

-- The captchas a sign-in form shows after repeated wrong passwords for one
-- NIP: hashes of the two accepted answers (the picture's letters and the
-- sum in words), spent by their first use, living ten minutes.
CREATE TABLE sign_in_captchas (
    id_hash      TEXT    PRIMARY KEY,
    answer_hash  TEXT    NOT NULL,
    alt_hash     TEXT    NOT NULL,
    expires_at   BIGINT  NOT NULL
);
CREATE INDEX sign_in_captchas_expiry ON sign_in_captchas (expires_at);
