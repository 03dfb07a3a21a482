-- The session a document read came from: a read that is not the owner's is
-- recorded whatever range it asks for, once per viewer, document, action
-- and session within a few minutes (a PDF viewer asks for many ranges).
ALTER TABLE document_access ADD COLUMN session_hash TEXT;
