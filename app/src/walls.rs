//! The walls between the app's top-level modules (ARCHITECTURE.md): each
//! may use only the modules declared before it in `lib.rs`, so the layers
//! run one way (domain → server → features → pages) and no two modules
//! depend on each other. The test reads every `crate::…` path in `src/`,
//! builds the module-level graph and fails on a cycle, naming it, or on a
//! use that goes up the order, naming the file.
//!
//! Standard library only, so it also runs on its own against another tree:
//! `rustc --edition 2024 --test src/walls.rs -o /tmp/walls && CARGO_MANIFEST_DIR=<app dir> /tmp/walls`.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Files at the top of `src/` that are not modules of the graph: the crate
/// root (it wires every module) and this test.
const NOT_MODULES: [&str; 2] = ["lib", "walls"];

/// One module's use of another: the file it is written in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    to: String,
    file: String,
}

/// The top-level modules under `src` (a `name.rs` file or a `name/` folder).
fn modules(src: &Path) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for entry in fs::read_dir(src).expect("src/ is readable").flatten() {
        let path = entry.path();
        let name = match (path.is_dir(), path.extension().and_then(|e| e.to_str())) {
            (true, _) => path.file_name().and_then(|n| n.to_str()).map(str::to_string),
            (false, Some("rs")) => path.file_stem().and_then(|n| n.to_str()).map(str::to_string),
            _ => None,
        };
        if let Some(name) = name.filter(|n| !NOT_MODULES.contains(&n.as_str())) {
            names.insert(name);
        }
    }
    names
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("a source folder is readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without comments (a path in a comment is no dependency).
fn without_comments(source: &str) -> String {
    source.lines().map(|line| line.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The top-level modules a source names: `crate::x…` anywhere, and each
/// head of a grouped `crate::{x, y::z}`.
fn named_modules(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    let mut rest = source;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(is_ident) {
            continue; // `my_crate::`, not this crate
        }
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let head: String = part.trim().chars().take_while(|c| is_ident(*c)).collect();
                if !head.is_empty() {
                    names.insert(head);
                }
            }
        } else {
            let head: String = rest.chars().take_while(|c| is_ident(*c)).collect();
            if !head.is_empty() {
                names.insert(head);
            }
        }
    }
    names
}

/// Each module's uses of the others, from the sources under `src`.
fn graph(src: &Path) -> BTreeMap<String, BTreeSet<Edge>> {
    let modules = modules(src);
    let mut graph: BTreeMap<String, BTreeSet<Edge>> = modules.iter().map(|m| (m.clone(), BTreeSet::new())).collect();
    let mut files = Vec::new();
    rust_files(src, &mut files);
    for file in files {
        let relative = file.strip_prefix(src).expect("under src").to_string_lossy().replace('\\', "/");
        let top = relative.split('/').next().unwrap_or("").trim_end_matches(".rs").to_string();
        if !modules.contains(&top) {
            continue;
        }
        let source = without_comments(&fs::read_to_string(&file).expect("a source file is readable"));
        for to in named_modules(&source) {
            if to != top && modules.contains(&to) {
                graph.get_mut(&top).expect("a module").insert(Edge { to, file: relative.clone() });
            }
        }
    }
    graph
}

/// The graph's cycles: each strongly connected set of two or more modules,
/// as one closed path through it with the file behind each step.
fn cycles(graph: &BTreeMap<String, BTreeSet<Edge>>) -> Vec<String> {
    let reaches = |from: &str| {
        let mut seen = BTreeSet::from([from.to_string()]);
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            for e in &graph[&m] {
                if seen.insert(e.to.clone()) {
                    todo.push(e.to.clone());
                }
            }
        }
        seen
    };
    let reach: BTreeMap<&String, BTreeSet<String>> = graph.keys().map(|m| (m, reaches(m))).collect();
    let mut placed = BTreeSet::new();
    let mut found = Vec::new();
    for m in graph.keys() {
        if placed.contains(m) {
            continue;
        }
        let set: BTreeSet<&String> = graph.keys().filter(|n| reach[m].contains(*n) && reach[*n].contains(m)).collect();
        placed.extend(set.iter().map(|n| (*n).clone()));
        if set.len() < 2 {
            continue;
        }
        // One closed path: from m, always to a member that leads back.
        let mut path = vec![m.clone()];
        let mut steps = Vec::new();
        let mut at = m.clone();
        loop {
            let edge = graph[&at]
                .iter()
                .filter(|e| set.contains(&e.to) && !path[1..].contains(&e.to))
                .find(|e| e.to == *m || reach[&e.to].contains(m))
                .expect("a member of a cycle has a way back");
            steps.push(format!("{} → {} ({})", at, edge.to, edge.file));
            if edge.to == *m {
                break;
            }
            at = edge.to.clone();
            path.push(at.clone());
        }
        let names: Vec<&str> = set.iter().map(|s| s.as_str()).collect();
        found.push(format!("{} modules in one cycle: {}\n    {}", set.len(), names.join(", "), steps.join("\n    ")));
    }
    found
}

/// The top-level modules in the order `lib.rs` declares them.
fn declared_order(lib: &str) -> Vec<String> {
    without_comments(lib)
        .lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod ").or_else(|| line.trim().strip_prefix("mod ")))
        .map(|rest| rest.trim_end_matches(';').trim().to_string())
        .filter(|name| !NOT_MODULES.contains(&name.as_str()))
        .collect()
}

/// Uses that go up the declared order (a module using one declared after it).
fn upward_uses(graph: &BTreeMap<String, BTreeSet<Edge>>, order: &[String]) -> Vec<String> {
    let rank = |m: &str| order.iter().position(|o| o == m);
    let mut found = Vec::new();
    for (from, edges) in graph {
        for edge in edges {
            match (rank(from), rank(&edge.to)) {
                (Some(f), Some(t)) if t < f => {}
                _ => found.push(format!("{from} uses {} ({}), declared after it in lib.rs", edge.to, edge.file)),
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src() -> PathBuf {
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo")).join("src")
    }

    #[test]
    fn the_top_level_modules_form_no_cycle() {
        let cycles = cycles(&graph(&src()));
        assert!(cycles.is_empty(), "the module graph has cycles:\n{}", cycles.join("\n"));
    }

    #[test]
    fn every_module_uses_only_modules_declared_before_it() {
        let src = src();
        let graph = graph(&src);
        let order = declared_order(&fs::read_to_string(src.join("lib.rs")).expect("lib.rs"));
        let undeclared: Vec<&String> = graph.keys().filter(|m| !order.contains(m)).collect();
        assert!(undeclared.is_empty(), "modules lib.rs does not declare: {undeclared:?}");
        let upward = upward_uses(&graph, &order);
        assert!(upward.is_empty(), "uses against the layer order:\n{}", upward.join("\n"));
    }

    /// The checker itself, on a small tree with a cycle through three
    /// modules beside one clean module.
    #[test]
    fn a_cycle_is_found_and_named_with_its_files() {
        let root = std::env::temp_dir().join(format!("asn-walls-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        fs::create_dir_all(root.join("b")).unwrap();
        fs::write(root.join("lib.rs"), "pub mod a;\npub mod b;\npub mod c;\npub mod d;\n").unwrap();
        fs::write(root.join("a.rs"), "use crate::b::thing;\n// crate::d only in a comment\n").unwrap();
        fs::write(root.join("b.rs"), "pub mod inner;\n").unwrap();
        fs::write(root.join("b/inner.rs"), "use crate::{c::x, a};\n").unwrap();
        fs::write(root.join("c.rs"), "fn f() { crate::a::g(); my_crate::d::h(); }\n").unwrap();
        fs::write(root.join("d.rs"), "use crate::a;\n").unwrap();
        let graph = graph(&root);
        let found = cycles(&graph);
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(found[0].starts_with("3 modules in one cycle: a, b, c"), "{}", found[0]);
        assert!(found[0].contains("a → b (a.rs)"), "{}", found[0]);
        assert!(found[0].contains("(b/inner.rs)"), "{}", found[0]);
        let order = declared_order(&fs::read_to_string(root.join("lib.rs")).unwrap());
        assert_eq!(order, ["a", "b", "c", "d"]);
        let upward = upward_uses(&graph, &order);
        assert!(upward.iter().any(|u| u.starts_with("a uses b (a.rs)")), "{upward:?}");
        assert!(!upward.iter().any(|u| u.starts_with("d uses")), "d uses a, declared before it: {upward:?}");
        fs::remove_dir_all(&root).unwrap();
    }
}
