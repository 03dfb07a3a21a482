-- Supervisors may read their reports' documents where an agency's
-- configuration allows it (ASN_DOCUMENTS_SUPERVISOR_ACCESS); such reads are
-- recorded with their own role.
ALTER TABLE document_access DROP CONSTRAINT document_access_role_check;
ALTER TABLE document_access ADD CONSTRAINT document_access_role_check
    CHECK (role IN ('owner', 'agency_admin', 'national_admin', 'supervisor'));
