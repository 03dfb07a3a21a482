-- The OpenID Connect provider: the services that sign civil servants in
-- through the portal (clients), the keys that sign ID tokens, each
-- employee's consent per client, and the short-lived codes and tokens.
-- Codes and tokens are stored as SHA-256 hashes only.

CREATE TABLE oidc_clients (
    id                        INTEGER PRIMARY KEY AUTOINCREMENT,
    client_id                 TEXT    NOT NULL UNIQUE,
    name                      TEXT    NOT NULL,
    logo_url                  TEXT,
    -- Where the dashboard tile sends the user: the service's own page that
    -- starts a sign-in with the portal (OIDC's initiate_login_uri).
    home_url                  TEXT,
    icon                      TEXT    NOT NULL DEFAULT 'link',
    -- One exact URI per line.
    redirect_uris             TEXT    NOT NULL,
    post_logout_redirect_uris TEXT    NOT NULL DEFAULT '',
    backchannel_logout_uri    TEXT,
    -- The scopes it may ask for, space-separated ('openid' always among them).
    scopes                    TEXT    NOT NULL,
    -- SHA-256 of the secret of a confidential client; NULL for a public one.
    secret_hash               TEXT,
    -- First-party services skip the consent screen.
    first_party               BIGINT  NOT NULL DEFAULT 0 CHECK (first_party IN (0, 1)),
    -- The NIP is the subject instead of a pairwise identifier.
    nip_as_sub                BIGINT  NOT NULL DEFAULT 0 CHECK (nip_as_sub IN (0, 1)),
    disabled                  BIGINT  NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at                BIGINT  NOT NULL,
    updated_at                BIGINT  NOT NULL
);

-- The agencies whose employees may use a client; none listed means every agency.
CREATE TABLE oidc_client_agencies (
    client_pk  BIGINT NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    agency_id  BIGINT NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
    PRIMARY KEY (client_pk, agency_id)
);

-- ID-token signing keys. The private key is sealed with ASN_TOTP_KEYS'
-- current key; the public half is published in the JWKS until retired.
CREATE TABLE oidc_keys (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kid             TEXT    NOT NULL UNIQUE,
    alg             TEXT    NOT NULL,
    sealed_private  TEXT    NOT NULL,
    public_jwk      TEXT    NOT NULL,
    created_at      BIGINT  NOT NULL,
    -- Published from creation, used for signing from this time on.
    signs_from      BIGINT  NOT NULL,
    -- No longer published (and never used) from this time on.
    retired_at      BIGINT
);

-- One row per client and employee, kept after revocation so the pairwise
-- subject never changes.
CREATE TABLE oidc_grants (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    client_pk     BIGINT  NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    employee_id   BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    subject       TEXT    NOT NULL UNIQUE,
    -- Consented scopes, space-separated; empty until the first consent.
    scopes        TEXT    NOT NULL DEFAULT '',
    consented_at  BIGINT,
    last_used_at  BIGINT,
    revoked_at    BIGINT,
    UNIQUE (client_pk, employee_id)
);
CREATE INDEX oidc_grants_employee ON oidc_grants (employee_id);

-- Authorization requests waiting for the employee's consent.
CREATE TABLE oidc_requests (
    id_hash         TEXT    PRIMARY KEY,
    session_hash    TEXT    NOT NULL,
    client_pk       BIGINT  NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    employee_id     BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    redirect_uri    TEXT    NOT NULL,
    scopes          TEXT    NOT NULL,
    state           TEXT,
    nonce           TEXT,
    code_challenge  TEXT    NOT NULL,
    expires_at      BIGINT  NOT NULL
);

CREATE TABLE oidc_codes (
    code_hash       TEXT    PRIMARY KEY,
    family          TEXT    NOT NULL,
    client_pk       BIGINT  NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    employee_id     BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    session_hash    TEXT    NOT NULL,
    redirect_uri    TEXT    NOT NULL,
    scopes          TEXT    NOT NULL,
    nonce           TEXT,
    code_challenge  TEXT    NOT NULL,
    auth_time       BIGINT  NOT NULL,
    expires_at      BIGINT  NOT NULL,
    used_at         BIGINT
);

-- Access and refresh tokens. A family is everything issued from one code;
-- a refresh token used twice revokes its whole family.
CREATE TABLE oidc_tokens (
    token_hash    TEXT    PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('access', 'refresh')),
    family        TEXT    NOT NULL,
    client_pk     BIGINT  NOT NULL REFERENCES oidc_clients (id) ON DELETE CASCADE,
    employee_id   BIGINT  NOT NULL REFERENCES employees (id) ON DELETE CASCADE,
    session_hash  TEXT    NOT NULL,
    scopes        TEXT    NOT NULL,
    auth_time     BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    used_at       BIGINT,
    revoked_at    BIGINT
);
CREATE INDEX oidc_tokens_family ON oidc_tokens (family);
CREATE INDEX oidc_tokens_session ON oidc_tokens (session_hash);
CREATE INDEX oidc_tokens_grant ON oidc_tokens (client_pk, employee_id);
-- The token endpoint deletes what expired a day ago, by these.
CREATE INDEX oidc_tokens_expiry ON oidc_tokens (expires_at);
CREATE INDEX oidc_codes_expiry ON oidc_codes (expires_at);
CREATE INDEX oidc_requests_expiry ON oidc_requests (expires_at);
