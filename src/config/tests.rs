//! Configuration: what loads, what production refuses, and why.

use super::*;

fn env(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

const STRONG: &str = "9f2c4e7a1b3d5f60817263544a5b6c7d8e9f0a1b2c3d4e5f";

#[test]
fn dev_defaults_serve_sqlite_under_the_data_folder() {
    let dir = tempfile::tempdir().unwrap();
    let c = Config::load(&env(&[("ASN_DATA_DIR", dir.path().to_str().unwrap())])).unwrap();
    assert_eq!(c.mode, Mode::Dev);
    assert_eq!(c.bind.to_string(), "127.0.0.1:3000");
    assert!(c.database.url.starts_with("sqlite://") && c.database.url.ends_with("asn-portal.db"));
    assert!(!c.cookie_secure);
    assert!(c.scheduled_jobs, "every instance runs the scheduled jobs unless told not to");
    // The generated dev key is kept and reused.
    let again = Config::load(&env(&[("ASN_DATA_DIR", dir.path().to_str().unwrap())])).unwrap();
    assert_eq!(c.secret_key.expose(), again.secret_key.expose());
}

#[test]
fn production_refuses_every_insecure_setting_and_names_each() {
    let err = Config::load(&env(&[
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "http://portal.example.go.id"),
        ("ASN_COOKIE_SECURE", "false"),
        ("ASN_DEMO_DATA", "true"),
        ("ASN_SECRET_KEY", "changeme-changeme-changeme-changeme"),
        ("ASN_SMTP_URL", "smtp://mail.example.go.id:25"),
        ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
        ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
    ]))
    .unwrap_err();
    let text = err.to_string();
    for key in ["ASN_PUBLIC_URL", "ASN_COOKIE_SECURE", "ASN_DEMO_DATA", "ASN_SECRET_KEY", "ASN_SMTP_URL"] {
        assert!(text.contains(key), "{key} missing from: {text}");
    }
}

#[test]
fn production_requires_a_secret_key_and_a_public_url() {
    let text = Config::load(&env(&[("ASN_MODE", "production")])).unwrap_err().to_string();
    assert!(text.contains("ASN_SMTP_URL"), "{text}");
    assert!(text.contains("ASN_SECRET_KEY") && text.contains("ASN_PUBLIC_URL"), "{text}");
}

#[test]
fn production_metrics_need_a_token_of_sixteen_characters() {
    let base = [
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
        ("ASN_SECRET_KEY", STRONG),
        ("ASN_SMTP_URL", "smtp://localhost:25"),
        ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
        ("ASN_TOTP_KEYS", "k1:5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809"),
        ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
    ];
    let text = Config::load(&env(&base)).unwrap_err().to_string();
    assert!(text.contains("ASN_METRICS_TOKEN") && text.contains("required in production"), "{text}");
    let short = [&base[..], &[("ASN_METRICS_TOKEN", "short-token")]].concat();
    assert!(Config::load(&env(&short)).unwrap_err().to_string().contains("at least 16 characters"));
    // Dev mode keeps /metrics open when no token is set.
    assert!(
        Config::load(&env(&[("ASN_DATA_DIR", tempfile::tempdir().unwrap().path().to_str().unwrap())]))
            .unwrap()
            .metrics_token
            .is_none()
    );
}

#[test]
fn production_requires_totp_keys_and_refuses_malformed_ones() {
    let base = [
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
        ("ASN_SECRET_KEY", STRONG),
        ("ASN_SMTP_URL", "smtp://localhost:25"),
        ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
        ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
    ];
    let text = Config::load(&env(&base)).unwrap_err().to_string();
    assert!(text.contains("ASN_TOTP_KEYS") && text.contains("required in production"), "{text}");
    for bad in ["k1:abcd", "5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809", "k1:zz"] {
        let text = Config::load(&env(&[&base[..], &[("ASN_TOTP_KEYS", bad)]].concat())).unwrap_err().to_string();
        assert!(text.contains("ASN_TOTP_KEYS"), "{bad}: {text}");
    }
    let issuer = [&base[..], &[("ASN_TOTP_ISSUER", "Portal: ASN")]].concat();
    assert!(Config::load(&env(&issuer)).unwrap_err().to_string().contains("ASN_TOTP_ISSUER"));
}

#[test]
fn production_requires_blob_keys_and_a_sane_upload_limit() {
    let base = [
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
        ("ASN_SECRET_KEY", STRONG),
        ("ASN_SMTP_URL", "smtp://localhost:25"),
        ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
        ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
        ("ASN_TOTP_KEYS", "k1:5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809"),
    ];
    let text = Config::load(&env(&base)).unwrap_err().to_string();
    assert!(text.contains("ASN_BLOB_KEYS") && text.contains("required in production"), "{text}");
    for bad in ["b1:abcd", "b1:zz", "nocolon"] {
        let text = Config::load(&env(&[&base[..], &[("ASN_BLOB_KEYS", bad)]].concat())).unwrap_err().to_string();
        assert!(text.contains("ASN_BLOB_KEYS"), "{bad}: {text}");
    }
    let keys = ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");
    for bad in ["0", "ten", "-5"] {
        let text =
            Config::load(&env(&[&base[..], &[keys, ("ASN_UPLOAD_MAX_BYTES", bad)]].concat())).unwrap_err().to_string();
        assert!(text.contains("ASN_UPLOAD_MAX_BYTES"), "{bad}: {text}");
    }
    let c = Config::load(&env(&[&base[..], &[keys, ("ASN_UPLOAD_MAX_BYTES", "104857600")]].concat())).unwrap();
    assert_eq!(c.documents.max_bytes, 100 * 1024 * 1024);
    assert!(c.documents.store.dir().is_some(), "a local folder by default");

    // A bucket: every credential named when missing, plain HTTP refused in
    // production, an unknown store refused; the secret never shows.
    let s3 = [keys, ("ASN_BLOB_STORE", "s3")];
    let text = Config::load(&env(&[&base[..], &s3].concat())).unwrap_err().to_string();
    for key in ["ASN_S3_BUCKET", "ASN_S3_ACCESS_KEY_ID", "ASN_S3_SECRET_ACCESS_KEY"] {
        assert!(text.contains(key), "{key}: {text}");
    }
    let creds = [
        ("ASN_S3_BUCKET", "dokumen"),
        ("ASN_S3_ACCESS_KEY_ID", "AKIAEXAMPLE"),
        ("ASN_S3_SECRET_ACCESS_KEY", "very-secret-value"),
    ];
    let plain = [("ASN_S3_ENDPOINT", "http://minio.internal:9000")];
    let text = Config::load(&env(&[&base[..], &s3, &creds, &plain].concat())).unwrap_err().to_string();
    assert!(text.contains("ASN_S3_ENDPOINT") && text.contains("https://"), "{text}");
    let tls = [("ASN_S3_ENDPOINT", "https://s3.bkpsdm.example.go.id")];
    let c = Config::load(&env(&[&base[..], &s3, &creds, &tls].concat())).unwrap();
    assert!(c.documents.store.dir().is_none(), "a bucket");
    assert!(!format!("{:?}", c.documents).contains("very-secret-value"));
    let text = Config::load(&env(&[&base[..], &[keys, ("ASN_BLOB_STORE", "ftp")]].concat())).unwrap_err().to_string();
    assert!(text.contains("ASN_BLOB_STORE"), "{text}");
}

#[test]
fn development_derives_a_stable_totp_key_from_the_secret_key() {
    let dir = tempfile::tempdir().unwrap();
    let dev = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
    let a = Config::load(&env(&dev)).unwrap();
    let b = Config::load(&env(&dev)).unwrap();
    assert_eq!(a.mfa.keyring.current_id(), "dev");
    let sealed = a.mfa.keyring.seal(b"seed", "totp:1");
    assert_eq!(b.mfa.keyring.open(&sealed, "totp:1").unwrap().as_slice(), b"seed", "same key across restarts");
    assert_eq!(a.mfa.issuer, "Portal ASN");
}

#[test]
fn a_secure_production_configuration_loads() {
    let c = Config::load(&env(&[
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
        ("ASN_SECRET_KEY", STRONG),
        ("ASN_DATABASE_URL", "postgres://asn@db/asn"),
        ("ASN_SMTP_URL", "smtps://portal:Rahasia-Surat-99@mail.example.go.id"),
        ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
        ("ASN_MAIL_FROM", "Portal ASN <noreply@bkpsdm.example.go.id>"),
        ("ASN_TOTP_KEYS", "k1:5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809"),
        ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
    ]))
    .unwrap();
    assert!(c.cookie_secure && c.log_format == LogFormat::Json);
    assert_eq!(c.public_origin(), "https://portal.example.go.id");
    let printed = format!("{c:?}");
    assert!(!printed.contains(STRONG), "the key must never be printed");
    assert!(!printed.contains("Rahasia-Surat-99"), "the SMTP password must never be printed");
    assert!(!printed.contains("5a0c1f9e7d3b"), "TOTP keys must never be printed");
    assert!(!printed.contains("0f1e2d3c4b5a"), "blob keys must never be printed");
    assert_eq!(c.mfa.keyring.current_id(), "k1");
    assert_eq!(c.documents.max_bytes, DEFAULT_UPLOAD_MAX_BYTES);
}

#[test]
fn production_refuses_argon2_costs_below_owasp() {
    let base = [
        ("ASN_MODE", "production"),
        ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
        ("ASN_SECRET_KEY", STRONG),
        ("ASN_SMTP_URL", "smtp://localhost:25"),
        ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
        ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
        ("ASN_TOTP_KEYS", "k1:5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809"),
        ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
    ];
    let weak = [&base[..], &[("ASN_ARGON2_MEMORY_KIB", "4096")]].concat();
    assert!(Config::load(&env(&weak)).unwrap_err().to_string().contains("ASN_ARGON2_MEMORY_KIB"));
    let alternative = [&base[..], &[("ASN_ARGON2_MEMORY_KIB", "12288"), ("ASN_ARGON2_ITERATIONS", "3")]].concat();
    let c = Config::load(&env(&alternative)).unwrap();
    assert_eq!((c.passwords.params.memory_kib, c.passwords.params.iterations), (12288, 3));
    assert_eq!(c.passwords.profile, PolicyProfile::Portal);
    let nist = [&base[..], &[("ASN_PASSWORD_POLICY", "nist")]].concat();
    assert_eq!(Config::load(&env(&nist)).unwrap().passwords.profile, PolicyProfile::Nist);
}

#[test]
fn malformed_values_are_reported_together() {
    let text = Config::load(&env(&[
        ("ASN_MODE", "staging"),
        ("ASN_BIND", "localhost"),
        ("ASN_DATABASE_URL", "mysql://x"),
        ("ASN_DB_MAX_CONNECTIONS", "many"),
        ("ASN_SCHEDULED_JOBS", "sometimes"),
        ("ASN_SECRET_KEY", STRONG),
    ]))
    .unwrap_err()
    .to_string();
    for key in ["ASN_MODE", "ASN_BIND", "ASN_DATABASE_URL", "ASN_DB_MAX_CONNECTIONS", "ASN_SCHEDULED_JOBS"] {
        assert!(text.contains(key), "{key} missing from: {text}");
    }
}

#[test]
fn the_file_is_read_and_the_environment_wins() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portal.toml");
    std::fs::write(&file, format!("bind = \"0.0.0.0:8080\"\ndb_max_connections = 20\nsecret_key = \"{STRONG}\"\n"))
        .unwrap();
    let c = Config::load(&env(&[("ASN_CONFIG", file.to_str().unwrap()), ("ASN_DB_MAX_CONNECTIONS", "4")])).unwrap();
    assert_eq!(c.bind.port(), 8080);
    assert_eq!(c.database.max_connections, 4);
}

#[test]
fn an_unknown_key_in_the_file_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("portal.toml");
    std::fs::write(&file, "databse_url = \"sqlite://x\"\n").unwrap();
    let text = Config::load(&env(&[("ASN_CONFIG", file.to_str().unwrap())])).unwrap_err().to_string();
    assert!(text.contains("databse_url"), "{text}");
}

#[test]
fn admin_networks_and_the_reauthentication_window_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let c = Config::load(&env(&[("ASN_DATA_DIR", data), ("ASN_ADMIN_NETWORKS", "10.20.0.0/16, fd00::/8")])).unwrap();
    assert_eq!(c.auth.admin_networks.len(), 2);
    assert_eq!(c.auth.admin_reauth, 15 * 60);
    for (key, value) in [
        ("ASN_ADMIN_NETWORKS", "10.20.0.0/33"),
        ("ASN_ADMIN_NETWORKS", "intranet"),
        ("ASN_ADMIN_NETWORKS", " , "),
        ("ASN_ADMIN_REAUTH_MINUTES", "0"),
        ("ASN_ADMIN_REAUTH_MINUTES", "721"),
    ] {
        let text = Config::load(&env(&[("ASN_DATA_DIR", data), (key, value)])).unwrap_err().to_string();
        assert!(text.contains(key), "{key}={value}: {text}");
    }
}

#[test]
fn the_header_timeout_defaults_to_ten_seconds_and_refuses_zero_or_over_five_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().to_str().unwrap();
    let c = Config::load(&env(&[("ASN_DATA_DIR", data)])).unwrap();
    assert_eq!(c.header_timeout, std::time::Duration::from_secs(10));
    let c = Config::load(&env(&[("ASN_DATA_DIR", data), ("ASN_HEADER_TIMEOUT_SECS", "3")])).unwrap();
    assert_eq!(c.header_timeout, std::time::Duration::from_secs(3));
    for value in ["0", "301", "ten"] {
        let text =
            Config::load(&env(&[("ASN_DATA_DIR", data), ("ASN_HEADER_TIMEOUT_SECS", value)])).unwrap_err().to_string();
        assert!(text.contains("ASN_HEADER_TIMEOUT_SECS"), "{value}: {text}");
    }
}
