-- How a session last proved its second factor: 'otp' (an authenticator
-- code) or 'recovery' (a recovery code). Tokens for connected services
-- claim `otp` in `amr` only for the first.
ALTER TABLE sessions ADD COLUMN second_factor TEXT;
