-- The sign-in step a session has reached. `signed_in` opens every page;
-- `update_password` opens only the change-password page (an operator set
-- the password, or it no longer meets the policy). Later steps (the
-- authenticator) add their own values; the application rejects unknown ones.
ALTER TABLE sessions ADD COLUMN stage TEXT NOT NULL DEFAULT 'signed_in';
