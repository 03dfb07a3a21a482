-- A service's logo as the portal serves it on its own pages (consent, the
-- account's services, the dashboard tile): a PNG or JPEG of at most 64 KiB,
-- checked by content when registered, kept base64-encoded.
ALTER TABLE oidc_clients ADD COLUMN logo_type TEXT;
ALTER TABLE oidc_clients ADD COLUMN logo_data TEXT;
