-- Help (Bantuan). Each agency's HR office (BKPSDM) contact, shown on the
-- help page and wherever the portal says "contact your BKPSDM": the unit's
-- name, its e-mail, phone and WhatsApp numbers and its service hours, as the
-- agency's admins keep them in the console.
CREATE TABLE agency_contacts (
    agency_id   BIGINT  PRIMARY KEY REFERENCES agencies (id),
    unit_name   TEXT    NOT NULL,
    email       TEXT,
    phone       TEXT,
    whatsapp    TEXT,
    hours       TEXT,
    updated_at  BIGINT  NOT NULL
);

-- The reset wizard's code step names where the code went: the address typed
-- at the e-mail step, masked (s•••@nusajaya.go.id). It is the typed one, not
-- the registered one, so the page reads the same whether or not it matched.
ALTER TABLE reset_flows ADD COLUMN email_hint TEXT;
