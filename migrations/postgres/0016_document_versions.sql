-- Versions: a replacement names the document it replaces, which is then
-- superseded (hidden from the cabinet list, still viewable by its owner and
-- the agency's admins). Deletion by the owner stays soft: deleted_at hides
-- the document from the owner; the agency keeps it.
ALTER TABLE documents ADD COLUMN replaces_id BIGINT REFERENCES documents (id);
ALTER TABLE documents ADD COLUMN superseded_at BIGINT;
