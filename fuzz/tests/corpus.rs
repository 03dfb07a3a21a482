//! Replays every stored input of each fuzz target through the function the
//! target calls, as an ordinary test: the seeds (`seeds/<target>/`), the
//! corpus long runs kept (`corpus/<target>/`), and the inputs that once
//! broke a property (`regressions/<target>/`). Each stored input is also
//! mutated a fixed number of times with a seeded generator, so the test
//! explores a little beyond the stored files and reruns identically.
//!
//! A failure names the input's origin and writes the exact bytes under
//! `$CARGO_TARGET_TMPDIR/fuzz-failures/`; `cargo fuzz run <target> <file>`
//! reproduces it under libFuzzer.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

use asn_portal_fuzz::{TARGETS, Target};

/// Mutations tried per stored input.
const MUTATIONS: usize = 200;

fn stored_inputs(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = Vec::new();
    for folder in ["seeds", "corpus", "regressions"] {
        let Ok(entries) = std::fs::read_dir(root.join(folder).join(target)) else { continue };
        let mut paths: Vec<PathBuf> =
            entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.is_file()).collect();
        paths.sort();
        for path in paths {
            let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
            inputs.push((path, bytes));
        }
    }
    inputs
}

/// xorshift64*: small, seeded, the same sequence on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 { 0 } else { (self.next() % n as u64) as usize }
    }
}

/// Bytes the parsers treat specially: separators, quotes, line ends, digits,
/// the file signatures' first bytes, and bytes that start multi-byte UTF-8.
const INTERESTING: &[u8] = b"\0\n\r,;\"' -.0123456789%PNG\x89\xff\xd8\xc3\xe2\xf0\x7f";

/// One to four of libFuzzer's simpler moves: flip a bit, overwrite, insert,
/// delete, duplicate a run, splice in part of another input, truncate.
fn mutate(rng: &mut Rng, input: &[u8], others: &[(PathBuf, Vec<u8>)]) -> Vec<u8> {
    let mut out = input.to_vec();
    for _ in 0..1 + rng.below(4) {
        let at = rng.below(out.len() + 1);
        match rng.below(7) {
            0 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
            }
            1 if !out.is_empty() => {
                let i = rng.below(out.len());
                out[i] = INTERESTING[rng.below(INTERESTING.len())];
            }
            2 => out.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            3 if at < out.len() => {
                let end = (at + 1 + rng.below(8)).min(out.len());
                out.drain(at..end);
            }
            4 if at < out.len() => {
                let end = (at + 1 + rng.below(32)).min(out.len());
                let run = out[at..end].to_vec();
                out.splice(at..at, run);
            }
            5 if !others.is_empty() => {
                let other = &others[rng.below(others.len())].1;
                let from = rng.below(other.len() + 1);
                let end = (from + rng.below(64)).min(other.len());
                out.splice(at..at, other[from..end].iter().copied());
            }
            _ => out.truncate(at),
        }
    }
    out
}

fn replay(name: &str, target: Target) {
    let stored = stored_inputs(name);
    assert!(!stored.is_empty(), "fuzz/seeds/{name}/ holds no input");
    let mut failures = Vec::new();
    let mut run = |origin: String, input: &[u8]| {
        if catch_unwind(AssertUnwindSafe(|| target(input))).is_err() {
            let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
            let file = dir.join(format!("{name}-{}", failures.len()));
            let _ = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&file, input));
            failures.push(format!("{origin} (bytes in {})", file.display()));
        }
    };
    let mut rng = Rng(0x5EED_F0A5_u64 ^ name.len() as u64);
    for (path, bytes) in &stored {
        run(path.display().to_string(), bytes);
        for i in 0..MUTATIONS {
            let mutated = mutate(&mut rng, bytes, &stored);
            run(format!("mutation {i} of {}", path.display()), &mutated);
        }
    }
    assert!(failures.is_empty(), "{name}: {} input(s) broke a property:\n{}", failures.len(), failures.join("\n"));
}

fn target(name: &str) -> Target {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).expect("a known target")
}

#[test]
fn every_stored_nip_input_keeps_the_nip_properties() {
    replay("nip", target("nip"));
}

#[test]
fn every_stored_password_input_keeps_the_policy_properties() {
    replay("password", target("password"));
}

#[test]
fn every_stored_csv_input_keeps_the_import_properties() {
    replay("csv_import", target("csv_import"));
}

#[test]
fn every_stored_upload_input_keeps_the_sniffer_properties() {
    replay("upload_sniff", target("upload_sniff"));
}

#[test]
fn every_target_has_a_test_here() {
    let tested = ["nip", "password", "csv_import", "upload_sniff"];
    for (name, _) in TARGETS {
        assert!(tested.contains(&name), "the fuzz target {name} has no replay test in tests/corpus.rs");
    }
    for entry in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz_targets")).expect("fuzz_targets/") {
        let file = entry.expect("an entry").file_name().to_string_lossy().trim_end_matches(".rs").to_string();
        assert!(TARGETS.iter().any(|(n, _)| *n == file), "fuzz_targets/{file}.rs is missing from TARGETS");
    }
}
