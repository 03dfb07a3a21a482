//! The real binary: help, configuration refusals, employee commands.

use std::process::{Command, Output};

const BIN: &str = env!("CARGO_BIN_EXE_asn-portal");

/// The binary with a clean `ASN_*` environment plus `env`.
fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut cmd = Command::new(BIN);
    for (key, _) in std::env::vars().filter(|(k, _)| k.starts_with("ASN_")) {
        cmd.env_remove(key);
    }
    cmd.args(args).envs(env.iter().copied()).env("ASN_LOG", "warn");
    cmd
}

fn run(args: &[&str], env: &[(&str, &str)]) -> Output {
    command(args, env).output().expect("the binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn archive_requirements_are_listed_and_changed() {
    let dir = tempfile::tempdir().unwrap();
    let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
    let listed = text(&run(&["archive", "required"], &env).stdout);
    assert!(listed.contains("pns   SK_PNS") && !listed.contains("SK_PANGKAT"), "{listed}");
    let out = run(&["archive", "require", "--kind", "pns", "--type", "SK_PANGKAT"], &env);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("now required"));
    let again = run(&["archive", "require", "--kind", "pns", "--type", "SK_PANGKAT"], &env);
    assert!(text(&again.stdout).contains("already required"));
    assert!(text(&run(&["archive", "required"], &env).stdout).contains("pns   SK_PANGKAT"));
    // Only core types, only known kinds.
    let out = run(&["archive", "require", "--kind", "pns", "--type", "DIKLAT"], &env);
    assert!(!out.status.success() && text(&out.stderr).contains("arsip utama"), "{}", text(&out.stderr));
    let out = run(&["archive", "require", "--kind", "honorer", "--type", "IJAZAH"], &env);
    assert!(!out.status.success() && text(&out.stderr).contains("cpns, pns, pppk"));
    assert!(run(&["archive", "unrequire", "--kind", "pns", "--type", "SK_PANGKAT"], &env).status.success());
    assert!(!text(&run(&["archive", "required"], &env).stdout).contains("SK_PANGKAT"));
}

#[test]
fn help_lists_every_command() {
    let out = run(&["--help"], &[]);
    assert!(out.status.success());
    let help = text(&out.stdout);
    for command in [
        "serve",
        "migrate",
        "demo-data",
        "employee",
        "agency",
        "unit",
        "role",
        "account",
        "audit",
        "archive",
        "service",
        "office",
        "work-hours",
        "documents",
        "calendar",
        "leave",
        "oidc",
    ] {
        assert!(help.contains(command), "{command} missing from help:\n{help}");
    }
    let employee = text(&run(&["employee", "--help"], &[]).stdout);
    assert!(employee.contains("add") && employee.contains("import"), "{employee}");
}

#[test]
fn production_with_insecure_settings_refuses_to_start_and_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let out = run(
        &["serve"],
        &[
            ("ASN_MODE", "production"),
            ("ASN_DATA_DIR", dir.path().to_str().unwrap()),
            ("ASN_PUBLIC_URL", "http://portal.example.go.id"),
            ("ASN_DEMO_DATA", "on"),
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    for key in ["ASN_SECRET_KEY", "ASN_PUBLIC_URL", "ASN_DEMO_DATA"] {
        assert!(err.contains(key), "{key} missing from:\n{err}");
    }
    assert!(!dir.path().join("asn-portal.db").exists(), "nothing may be created");
}

/// `sqlite` only: the commands' logic is covered on both engines elsewhere;
/// this checks exit codes and messages of the binary itself.
mod sqlite {
    use super::*;

    #[test]
    fn service_commands_accept_only_https_links_and_update_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
        let add = |url: &str, agency: Option<&str>| {
            let mut args =
                vec!["service", "add", "--code", "myasn", "--name", "MyASN", "--url", url, "--icon", "person"];
            if let Some(agency) = agency {
                args.extend(["--agency", agency]);
            }
            run(&args, &env)
        };
        let insecure = add("http://myasn.bkn.go.id", None);
        assert_eq!(insecure.status.code(), Some(1));
        assert!(text(&insecure.stderr).contains("https://"), "{}", text(&insecure.stderr));
        let script = add("javascript:alert(1)", None);
        assert_eq!(script.status.code(), Some(1));
        let unknown = add("https://myasn.bkn.go.id", Some("NOPE"));
        assert_eq!(unknown.status.code(), Some(1));
        assert!(text(&unknown.stderr).contains("NOPE"), "{}", text(&unknown.stderr));

        let added = add("https://myasn.bkn.go.id", None);
        assert!(added.status.success(), "{}", text(&added.stderr));
        assert_eq!(text(&added.stdout).trim(), "Added service MYASN.");
        let again = add("https://myasn.bkn.go.id/login", None);
        assert_eq!(text(&again.stdout).trim(), "Updated service MYASN.");
        let list = text(&run(&["service", "list"], &env).stdout);
        assert!(list.contains("MYASN") && list.contains("https://myasn.bkn.go.id/login"), "{list}");
        assert!(run(&["service", "remove", "--code", "myasn"], &env).status.success());
        assert_eq!(run(&["service", "remove", "--code", "myasn"], &env).status.code(), Some(1));
        assert!(!text(&run(&["service", "list"], &env).stdout).contains("MYASN"));
    }

    #[test]
    fn oidc_commands_register_services_show_a_secret_once_and_rotate_keys() {
        let dir = tempfile::tempdir().unwrap();
        let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
        let register = |extra: &[&str]| {
            let mut args = vec![
                "oidc",
                "register",
                "--client-id",
                "e-kinerja",
                "--name",
                "e-Kinerja",
                "--redirect-uri",
                "https://kinerja.example.go.id/callback",
                "--scopes",
                "openid profile asn",
            ];
            args.extend_from_slice(extra);
            run(&args, &env)
        };
        let out = register(&[]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let printed = text(&out.stdout);
        let secret =
            printed.lines().find_map(|l| l.strip_prefix("client_secret: ")).expect("the secret, once").to_string();
        assert_eq!(secret.len(), 64);
        // Registering the same id again needs --replace, and keeps the secret.
        let again = register(&[]);
        assert_eq!(again.status.code(), Some(1));
        assert!(text(&again.stderr).contains("--replace"), "{}", text(&again.stderr));
        let replaced = register(&["--replace", "--first-party"]);
        assert!(replaced.status.success());
        assert!(!text(&replaced.stdout).contains("client_secret"), "the secret stays and is not shown again");
        let stored = std::fs::read(dir.path().join("asn-portal.db")).unwrap();
        assert!(!stored.windows(secret.len()).any(|w| w == secret.as_bytes()), "only the hash is stored");
        // A logo is a small PNG or JPEG by its content, whatever its name.
        let exe = dir.path().join("logo.png");
        std::fs::write(&exe, b"MZ\x90\0\x03 this program cannot be run in DOS mode").unwrap();
        let png = dir.path().join("kinerja.png");
        std::fs::write(&png, [b"\x89PNG\r\n\x1a\n".as_slice(), &[7; 200]].concat()).unwrap();
        let with_logo = register(&["--replace", "--logo", png.to_str().unwrap()]);
        assert!(with_logo.status.success(), "{}", text(&with_logo.stderr));
        let refused = register(&["--replace", "--logo", exe.to_str().unwrap()]);
        assert_eq!(refused.status.code(), Some(1));
        assert!(text(&refused.stderr).contains("PNG or JPEG"), "{}", text(&refused.stderr));
        // A client id never starts with '-' (it would read as an option).
        let dash = run(
            &["oidc", "register", "--client-id=-x-y", "--name", "X", "--redirect-uri", "https://x.example/cb"],
            &env,
        );
        assert_eq!(dash.status.code(), Some(1));
        assert!(text(&dash.stderr).contains("starting with a letter or digit"), "{}", text(&dash.stderr));

        for bad in [
            vec!["--redirect-uri", "http://kinerja.example.go.id/cb"],
            vec!["--scopes", "openid phone"],
            vec!["--agency", "NOPE"],
            vec!["--logo", exe.to_str().unwrap()],
            vec!["--logo", "/no/such/logo.png"],
        ] {
            let mut args = vec!["oidc", "register", "--client-id", "other", "--name", "Other"];
            if bad[0] != "--redirect-uri" {
                args.extend(["--redirect-uri", "https://other.example/cb"]);
            }
            args.extend(bad.iter().copied());
            let out = run(&args, &env);
            assert_eq!(out.status.code(), Some(1), "{bad:?}: {}", text(&out.stdout));
        }
        let list = text(&run(&["oidc", "list"], &env).stdout);
        assert!(list.contains("e-kinerja") && list.contains("confidential") && !list.contains("other"), "{list}");

        assert!(run(&["oidc", "rotate-key", "--delay-minutes", "0"], &env).status.success());
        assert!(run(&["oidc", "rotate-key"], &env).status.success());
        let keys = text(&run(&["oidc", "keys"], &env).stdout);
        assert_eq!(keys.lines().count(), 2, "{keys}");
        assert!(keys.contains("published until") && keys.contains("not signing yet"), "{keys}");
        let signing = keys.lines().next().unwrap().split_whitespace().next().unwrap().to_string();
        let retire = run(&["oidc", "retire-key", &signing], &env);
        assert_eq!(retire.status.code(), Some(1), "the only key that signs now stays");
        assert!(text(&retire.stderr).contains("only key"), "{}", text(&retire.stderr));
        // Key ids are base64url and may start with '-': still a key id, not an option.
        let unknown = run(&["oidc", "retire-key", "-no-such-key"], &env);
        assert_eq!(unknown.status.code(), Some(1));
        assert!(text(&unknown.stderr).contains("no key has the id -no-such-key"), "{}", text(&unknown.stderr));
        assert!(run(&["oidc", "disable", "e-kinerja"], &env).status.success());
        assert_eq!(run(&["oidc", "disable", "nobody"], &env).status.code(), Some(1));
    }

    #[test]
    fn calendar_and_leave_commands_import_all_or_nothing_and_run_twice_safely() {
        let dir = tempfile::tempdir().unwrap();
        let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
        assert!(run(&["agency", "add", "--code", "AG", "--name", "Agency"], &env).status.success());
        let add = [
            "employee",
            "add",
            "--nip",
            "198003032005012003",
            "--name",
            "Siti Rahayu",
            "--email",
            "siti@uji.example",
            "--agency",
            "AG",
        ];
        assert!(run(&add, &env).status.success());
        let file = dir.path().join("libur.csv");
        std::fs::write(
            &file,
            "date,kind,name\n2027-01-01,holiday,Tahun Baru\n2027-02-30,holiday,Bad\n2027-03-03,party,Bad\n",
        )
        .unwrap();
        let out = run(&["calendar", "import", file.to_str().unwrap()], &env);
        assert_eq!(out.status.code(), Some(1));
        let why = text(&out.stderr);
        assert!(why.contains("line 3") && why.contains("line 4") && why.contains("nothing imported"), "{why}");
        assert_eq!(text(&run(&["calendar", "list", "--year", "2027"], &env).stdout), "", "nothing was written");
        std::fs::write(&file, "2027-01-01,holiday,Tahun Baru\n2027-12-24,collective,Cuti bersama Natal\n").unwrap();
        let out = run(&["calendar", "import", file.to_str().unwrap()], &env);
        assert_eq!(text(&out.stdout).trim(), format!("Imported 2 calendar days from {}.", file.display()));
        let list = text(&run(&["calendar", "list", "--year", "2027"], &env).stdout);
        assert_eq!(list.lines().count(), 2, "{list}");
        assert!(list.contains("2027-12-24  collective  Cuti bersama Natal"), "{list}");

        let first = run(&["leave", "roll-over", "--year", "2027"], &env);
        assert_eq!(
            text(&first.stdout).trim(),
            "Year 2027: opened for 1 employees, already open for 0, first-year grants 0."
        );
        let again = run(&["leave", "roll-over", "--year", "2027"], &env);
        assert_eq!(
            text(&again.stdout).trim(),
            "Year 2027: opened for 0 employees, already open for 1, first-year grants 0."
        );
        let worked = ["leave", "collective-worked", "--nip", "198003032005012003", "--date", "2027-12-24"];
        assert!(run(&worked, &env).status.success());
        assert_eq!(run(&worked, &env).status.code(), Some(1), "once per day");
        let not_collective = ["leave", "collective-worked", "--nip", "198003032005012003", "--date", "2027-01-01"];
        assert!(text(&run(&not_collective, &env).stderr).contains("not a collective-leave day"));
        assert!(run(&["leave", "stages", "--agency", "AG", "--stages", "1"], &env).status.success());
        assert_eq!(run(&["leave", "stages", "--agency", "AG", "--stages", "3"], &env).status.code(), Some(1));
        assert_eq!(run(&["leave", "stages", "--agency", "NOPE", "--stages", "2"], &env).status.code(), Some(1));
    }

    #[test]
    fn office_work_hours_and_time_zone_commands_check_their_input() {
        let dir = tempfile::tempdir().unwrap();
        let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
        assert!(run(&["agency", "add", "--code", "AG", "--name", "Agency"], &env).status.success());
        assert!(run(&["unit", "add", "--agency", "AG", "--code", "U1", "--name", "Unit"], &env).status.success());
        let office = |extra: &[&str]| {
            let mut args = vec!["office", "add", "--agency", "AG", "--code", "hq", "--name", "Kantor Pusat"];
            args.extend_from_slice(extra);
            run(&args, &env)
        };
        for (bad, says) in [
            (vec!["--latitude", "-91", "--longitude", "106.8"], "--latitude"),
            (vec!["--latitude", "-6.17", "--longitude", "east"], "--latitude"),
            (vec!["--latitude", "-6.17", "--longitude", "106.8", "--radius", "5"], "radius"),
            (vec!["--latitude", "-6.17", "--longitude", "106.8", "--unit", "NOPE"], "NOPE"),
        ] {
            let out = office(&bad);
            assert_eq!(out.status.code(), Some(1), "{bad:?}");
            assert!(text(&out.stderr).contains(says), "{bad:?}: {}", text(&out.stderr));
        }
        let added = office(&["--latitude", "-6.175392", "--longitude", "106.827153"]);
        assert_eq!(text(&added.stdout).trim(), "Added office HQ of AG at -6.175392, 106.827153, radius 100 m.");
        let moved = office(&["--latitude", "-6.2", "--longitude", "106.8", "--radius", "250", "--unit", "U1"]);
        assert!(text(&moved.stdout).starts_with("Updated office HQ"), "{}", text(&moved.stdout));
        let list = text(&run(&["office", "list", "--agency", "AG"], &env).stdout);
        assert!(list.contains("HQ") && list.contains("250 m") && list.contains("U1"), "{list}");
        assert!(run(&["office", "remove", "--agency", "AG", "--code", "hq"], &env).status.success());
        assert_eq!(run(&["office", "remove", "--agency", "AG", "--code", "hq"], &env).status.code(), Some(1));

        // Working hours: the national default until the agency has its own.
        let show = |agency: &[&str]| {
            let mut args = vec!["work-hours", "show"];
            args.extend_from_slice(agency);
            text(&run(&args, &env).stdout)
        };
        assert_eq!(show(&["--agency", "AG"]), show(&[]));
        assert!(show(&[]).contains("fri 07:30-16:30"), "{}", show(&[]));
        let bad = run(&["work-hours", "set", "--agency", "AG", "mon-fri=16:00-07:00"], &env);
        assert_eq!(bad.status.code(), Some(1));
        assert!(text(&bad.stderr).contains("mon-fri=16:00-07:00"), "{}", text(&bad.stderr));
        let six = run(&["work-hours", "set", "--agency", "AG", "mon-sat=07:00-14:00"], &env);
        assert!(six.status.success(), "{}", text(&six.stderr));
        assert_eq!(show(&["--agency", "AG"]).lines().count(), 6);
        assert_eq!(show(&[]).lines().count(), 5, "the national default is untouched");

        let zone = run(&["agency", "time-zone", "--code", "AG", "--zone", "wita"], &env);
        assert_eq!(text(&zone.stdout).trim(), "Agency AG keeps WITA time.");
        assert_eq!(run(&["agency", "time-zone", "--code", "AG", "--zone", "UTC"], &env).status.code(), Some(1));
        assert_eq!(run(&["agency", "time-zone", "--code", "NOPE", "--zone", "WIT"], &env).status.code(), Some(1));
    }

    #[test]
    fn documents_verify_reports_consistency_and_unreferenced_files() {
        let dir = tempfile::tempdir().unwrap();
        let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
        let empty = run(&["documents", "verify"], &env);
        assert!(empty.status.success(), "{}", text(&empty.stderr));
        assert_eq!(
            text(&empty.stdout).trim(),
            "documents consistent: 0 blobs checked: 0 missing, 0 altered, 0 unreferenced files"
        );
        // A file left by a crash between writing and committing.
        let stray = dir.path().join("blobs").join("ab");
        std::fs::create_dir_all(&stray).unwrap();
        std::fs::write(stray.join("ab0123456789abcdef0123456789abcd"), b"sealed bytes").unwrap();
        let out = run(&["documents", "verify"], &env);
        assert!(out.status.success(), "an unreferenced file is no inconsistency");
        assert!(text(&out.stdout).contains("UNREFERENCED  ab0123456789abcdef0123456789abcd"), "{}", text(&out.stdout));
    }

    #[test]
    fn audit_verify_reports_an_intact_trail_and_exits_zero() {
        let dir = tempfile::tempdir().unwrap();
        let env = [("ASN_DATA_DIR", dir.path().to_str().unwrap())];
        assert!(run(&["agency", "add", "--code", "AG", "--name", "Agency"], &env).status.success());
        let out = run(&["audit", "verify"], &env);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(text(&out.stdout).starts_with("audit trail intact: "), "{}", text(&out.stdout));
    }

    #[test]
    fn employee_commands_report_problems_by_line_and_exit_non_zero() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let env = [("ASN_DATA_DIR", data)];
        assert!(run(&["migrate"], &env).status.success());
        assert!(run(&["agency", "add", "--code", "AG", "--name", "Agency"], &env).status.success());

        let added = run(
            &[
                "employee",
                "add",
                "--nip",
                "19800101 200501 1 001",
                "--name",
                "Ahmad Fauzi",
                "--email",
                "a@x.example",
                "--agency",
                "AG",
            ],
            &env,
        );
        assert!(added.status.success(), "{}", text(&added.stderr));
        let again = run(
            &[
                "employee",
                "add",
                "--nip",
                "198001012005011001",
                "--name",
                "Ahmad",
                "--email",
                "a@x.example",
                "--agency",
                "AG",
            ],
            &env,
        );
        assert_eq!(again.status.code(), Some(1));
        assert!(text(&again.stderr).contains("already exists"), "{}", text(&again.stderr));

        let bad_flag =
            run(&["employee", "add", "--nip", "123", "--name", "X1", "--email", "x", "--agency", "AG"], &env);
        assert_eq!(bad_flag.status.code(), Some(1));
        let err = text(&bad_flag.stderr);
        assert!(err.contains("--nip") && err.contains("--email") && err.contains("--name"), "{err}");

        let csv = dir.path().join("staff.csv");
        std::fs::write(
            &csv,
            "nip,name,email,phone,kind,agency,unit,position,rank,supervisor_nip\n\
             199002022015032002,Siti,siti@x.example,,pns,AG,,,,198001012005011001\n\
             199002022015032003,Rina,rina@x.example,,pns,AG,,,III/z,\n",
        )
        .unwrap();
        let import = run(&["employee", "import", csv.to_str().unwrap()], &env);
        assert_eq!(import.status.code(), Some(1));
        let err = text(&import.stderr);
        assert!(err.contains("line 3") && err.contains("nothing was imported"), "{err}");

        std::fs::write(&csv, std::fs::read_to_string(&csv).unwrap().replace("III/z", "III/c")).unwrap();
        let ok = run(&["employee", "import", csv.to_str().unwrap()], &env);
        assert!(ok.status.success(), "{}", text(&ok.stderr));
        assert!(text(&ok.stdout).contains("2 created, 0 updated, 0 unchanged"), "{}", text(&ok.stdout));
        let rerun = run(&["employee", "import", csv.to_str().unwrap()], &env);
        assert!(text(&rerun.stdout).contains("0 created, 0 updated, 2 unchanged"), "{}", text(&rerun.stdout));
    }

    /// Runs with a password on standard input.
    fn run_with_stdin(args: &[&str], env: &[(&str, &str)], stdin: &str) -> Output {
        use std::io::Write;
        let mut child = command(args, env)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        child.wait_with_output().unwrap()
    }

    async fn stored_hash(data: &str, nip: &str) -> String {
        let db = app::server::Db::connect(&app::server::DbOptions::new(format!("sqlite://{data}/asn-portal.db")))
            .await
            .unwrap();
        let (hash,): (String,) = sqlx::query_as(
            "SELECT c.password_hash FROM credentials c JOIN employees e ON e.id = c.employee_id WHERE e.nip = $1",
        )
        .bind(nip)
        .fetch_one(db.pool())
        .await
        .unwrap();
        hash
    }

    #[tokio::test]
    async fn account_set_password_applies_the_policy_and_stores_a_verifiable_hash() {
        use app::server::hasher::{HashParams, Hasher};
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        // Cheap Argon2 for the test; production refuses such parameters.
        let env = [("ASN_DATA_DIR", data), ("ASN_ARGON2_MEMORY_KIB", "1024"), ("ASN_ARGON2_ITERATIONS", "1")];
        assert!(run(&["agency", "add", "--code", "AG", "--name", "Agency"], &env).status.success());
        let add = [
            "employee",
            "add",
            "--nip",
            "198001012005011001",
            "--name",
            "Ahmad Fauzi",
            "--email",
            "a@x.example",
            "--agency",
            "AG",
        ];
        assert!(run(&add, &env).status.success());

        let weak = run_with_stdin(&["account", "set-password", "198001012005011001"], &env, "Ahmad-19800101\n");
        assert_eq!(weak.status.code(), Some(1));
        let err = text(&weak.stderr);
        assert!(err.contains("must not contain the name") && err.contains("birth date"), "{err}");

        let common = run_with_stdin(&["account", "set-password", "198001012005011001"], &env, "Password123!\n");
        assert!(text(&common.stderr).contains("too common"), "{}", text(&common.stderr));

        let ok = run_with_stdin(&["account", "set-password", "19800101 200501 1 001"], &env, "Gudeg!Wijilan#77\n");
        assert!(ok.status.success(), "{}", text(&ok.stderr));
        let hasher = Hasher::new(
            HashParams { memory_kib: 1024, iterations: 1, parallelism: 1 },
            1,
            std::time::Duration::from_secs(5),
        )
        .unwrap();
        let hash = stored_hash(data, "198001012005011001").await;
        assert!(hasher.verify("Gudeg!Wijilan#77", Some(&hash)).await.unwrap().ok);

        let generated = run(&["account", "set-password", "198001012005011001", "--generate"], &env);
        assert!(generated.status.success(), "{}", text(&generated.stderr));
        let password = text(&generated.stdout).trim().to_string();
        assert_eq!(password.len(), 20);
        let hash = stored_hash(data, "198001012005011001").await;
        assert!(hasher.verify(&password, Some(&hash)).await.unwrap().ok);
        assert!(!hasher.verify("Gudeg!Wijilan#77", Some(&hash)).await.unwrap().ok, "the old password is gone");

        let unknown = run(&["account", "unlock", "199001012015052002"], &env);
        assert_eq!(unknown.status.code(), Some(1));
        assert!(text(&unknown.stderr).contains("no employee"));
        assert!(text(&run(&["account", "unlock", "198001012005011001"], &env).stdout).contains("was not locked"));
        assert!(run(&["account", "disable", "198001012005011001"], &env).status.success());
        let reset = run(&["account", "reset-mfa", "198001012005011001"], &env);
        assert!(reset.status.success(), "{}", text(&reset.stderr));
        assert!(text(&reset.stdout).contains("Removed 0 authenticator(s)"), "{}", text(&reset.stdout));
    }

    #[tokio::test]
    async fn demo_data_prints_the_accounts_once_with_a_first_password() {
        use app::server::hasher::{HashParams, Hasher};
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().to_str().unwrap();
        let env = [("ASN_DATA_DIR", data), ("ASN_ARGON2_MEMORY_KIB", "1024"), ("ASN_ARGON2_ITERATIONS", "1")];
        let out = run(&["demo-data"], &env);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let listing = text(&out.stdout);
        assert!(
            listing.contains("agency_admin") && listing.contains("national_admin") && listing.contains("pybmc"),
            "{listing}"
        );
        let password = listing
            .lines()
            .find_map(|l| l.strip_prefix("Every demo account's first password (this database only): "))
            .expect("the password is printed")
            .trim()
            .to_string();
        let admin = listing.lines().find(|l| l.contains("agency_admin")).unwrap();
        let nip: String = admin.chars().take(23).filter(char::is_ascii_digit).collect();
        let hasher = Hasher::new(
            HashParams { memory_kib: 1024, iterations: 1, parallelism: 1 },
            1,
            std::time::Duration::from_secs(5),
        )
        .unwrap();
        let hash = stored_hash(data, &nip).await;
        assert!(hasher.verify(&password, Some(&hash)).await.unwrap().ok, "the printed password opens {nip}");
        let second = run(&["demo-data"], &env);
        assert!(second.status.success());
        assert!(text(&second.stdout).contains("already holds agencies"));
    }

    #[test]
    fn production_refuses_demo_data_before_touching_the_database() {
        let dir = tempfile::tempdir().unwrap();
        let out = run(
            &["demo-data"],
            &[
                ("ASN_MODE", "production"),
                ("ASN_DATA_DIR", dir.path().to_str().unwrap()),
                ("ASN_PUBLIC_URL", "https://portal.example.go.id"),
                ("ASN_SECRET_KEY", "0f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778"),
                ("ASN_SMTP_URL", "smtp://localhost:25"),
                ("ASN_METRICS_TOKEN", "m3trics-token-for-tests"),
                ("ASN_MAIL_FROM", "noreply@bkpsdm.example.go.id"),
                ("ASN_TOTP_KEYS", "k1:5a0c1f9e7d3b2a4c6e8f0a1b3c5d7e9f1a2b3c4d5e6f708192a3b4c5d6e7f809"),
                ("ASN_BLOB_KEYS", "b1:0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0"),
            ],
        );
        assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
        assert!(text(&out.stderr).contains("production refuses demo data"));
        assert!(!dir.path().join("asn-portal.db").exists());
    }
}
