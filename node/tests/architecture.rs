//! The layering of `node/src`, checked by reading the sources (issue 10;
//! ARCHITECTURE.md, invariants 7 and 11):
//!
//! - **The core imports no service**: no file under `src/core/` names a
//!   path outside `crate::core` (`crate::services`, `crate::api`,
//!   `crate::federation`, or the crate root's re-exports).
//! - **No import circle among the files** of `src/`: a file's imports are
//!   its `use` paths and the `crate::`, `super::`, `self::` and child-module
//!   paths in its code, each resolved to the deepest file it names; `mod`
//!   declarations are containment, not imports.
//! - `rocksdb` is named only under `src/core/store`, `libp2p` only under
//!   `src/core/network` (invariant 7).
//! - No function outside tests is longer than 120 lines.
//!
//! The sources are read with plain string handling (no Rust parser is a
//! dependency), which relies on rustfmt's layout: one item per line, a
//! file's tests in a trailing `#[cfg(test)]` module. The checkers are
//! tested on small inputs below, so that each rule can be seen to fail.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const MAX_FN_LINES: usize = 120;

/// A source file: its path relative to `src/`, its module path, and its
/// code without comments, string contents and trailing tests.
struct Source {
    rel: String,
    module: Vec<String>,
    code: String,
}

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn module_of(rel: &str) -> Vec<String> {
    let trimmed = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod") | Some("lib")) {
        parts.pop();
    }
    parts
}

/// Drops line comments, the contents of string literals, and everything
/// from the first `#[cfg(test)]` on (the file's test module).
fn strip(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        let mut cleaned = String::new();
        let mut in_str = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            if in_str {
                match c {
                    '\\' => {
                        chars.next();
                    }
                    '"' => {
                        in_str = false;
                        cleaned.push('"');
                    }
                    _ => {}
                }
                continue;
            }
            match c {
                '"' => {
                    in_str = true;
                    cleaned.push('"');
                }
                '/' if chars.peek() == Some(&'/') => break,
                _ => cleaned.push(c),
            }
        }
        out.push_str(&cleaned);
        out.push('\n');
    }
    out
}

fn read_sources(root: &Path) -> Vec<Source> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<Source>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).unwrap();
                out.push(Source { module: module_of(&rel), code: strip(&text), rel });
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, &mut out);
    out
}

/// Expands `a::{b, c::{d, e}}` into `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
    let Some(open) = tree.find('{') else { return vec![tree] };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.iter().filter(|p| !p.is_empty()).flat_map(|p| expand(&format!("{prefix}{p}"))).collect()
}

/// Every path the code names: the expanded `use` trees, and the
/// `crate::`/`super::`/`self::`/`child::` paths written in the code.
fn paths_in(code: &str, children: &BTreeSet<String>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = code;
    // `use` statements (possibly spanning lines, possibly `pub use`).
    while let Some(at) = rest.find("use ") {
        let before = &rest[..at];
        let at_item_start = before.is_empty() || before.ends_with('\n') || before.ends_with(' ');
        let after = &rest[at + 4..];
        let Some(end) = after.find(';') else { break };
        if at_item_start && !before.trim_end().ends_with("r#") {
            let tree = &after[..end];
            if tree.chars().all(|c| c.is_alphanumeric() || "_:{}, \n*".contains(c)) {
                for p in expand(tree) {
                    out.push(p.split("::").map(str::to_string).filter(|s| !s.is_empty()).collect());
                }
            }
        }
        rest = &after[end..];
    }
    // Paths in code.
    let bytes: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i < bytes.len() {
        let boundary = i == 0 || !(bytes[i - 1].is_alphanumeric() || bytes[i - 1] == '_' || bytes[i - 1] == ':');
        if boundary && (bytes[i].is_alphabetic() || bytes[i] == '_') {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_alphanumeric() || bytes[j] == '_' || bytes[j] == ':') {
                j += 1;
            }
            let word: String = bytes[i..j].iter().collect();
            let segs: Vec<String> = word.split("::").filter(|s| !s.is_empty()).map(str::to_string).collect();
            if segs.len() > 1 {
                let head = segs[0].as_str();
                if head == "crate" || head == "super" || head == "self" || children.contains(head) {
                    out.push(segs);
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    out
}

/// The modules a file declares with `mod x;`.
fn declared_children(code: &str) -> BTreeSet<String> {
    code.lines()
        .filter_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").or_else(|| l.strip_prefix("pub(crate) ")).unwrap_or(l);
            l.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')).map(str::to_string)
        })
        .collect()
}

/// Resolves a path named in the file of module `from` to the deepest
/// module file it names, if any (an extern crate's path is `None`).
fn resolve(
    from: &[String],
    path: &[String],
    children: &BTreeSet<String>,
    files: &BTreeMap<Vec<String>, String>,
) -> Option<String> {
    let mut module: Vec<String> = match path.first().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => from.to_vec(),
        Some("super") => {
            let mut m = from.to_vec();
            m.pop();
            m
        }
        Some(head) if children.contains(head) => from.to_vec(),
        _ => return None,
    };
    let mut segs = path.iter().skip(usize::from(matches!(path[0].as_str(), "crate" | "self" | "super")));
    // Further leading `super`s.
    let mut pending: Vec<&String> = Vec::new();
    for s in segs.by_ref() {
        if s == "super" {
            module.pop();
        } else {
            pending.push(s);
            break;
        }
    }
    let mut target = files.get(&module).cloned();
    for s in pending.into_iter().chain(segs) {
        module.push(s.clone());
        match files.get(&module) {
            Some(f) => target = Some(f.clone()),
            None => break,
        }
    }
    target
}

/// Import edges between files: file -> files it imports, without itself.
fn import_graph(sources: &[Source]) -> BTreeMap<String, BTreeSet<String>> {
    let files: BTreeMap<Vec<String>, String> = sources.iter().map(|s| (s.module.clone(), s.rel.clone())).collect();
    let mut graph = BTreeMap::new();
    for s in sources {
        let children = declared_children(&s.code);
        let edges: BTreeSet<String> = paths_in(&s.code, &children)
            .iter()
            .filter_map(|p| resolve(&s.module, p, &children, &files))
            .filter(|t| *t != s.rel)
            .collect();
        graph.insert(s.rel.clone(), edges);
    }
    graph
}

/// One import circle, as the files around it, if there is any.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(node.to_string(), 1);
        stack.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            match state.get(next.as_str()).copied().unwrap_or(0) {
                1 => {
                    let from = stack.iter().position(|n| n == next).unwrap_or(0);
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                0 => {
                    if let Some(c) = visit(next, graph, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(node.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in graph.keys() {
        if state.get(node.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(node, graph, &mut state, &mut Vec::new()) {
                return Some(c);
            }
        }
    }
    None
}

/// Paths outside `crate::core` named by files under `core/`.
fn core_violations(sources: &[Source]) -> Vec<String> {
    let mut out = Vec::new();
    for s in sources.iter().filter(|s| s.module.first().is_some_and(|m| m == "core")) {
        let children = declared_children(&s.code);
        for p in paths_in(&s.code, &children) {
            if p.first().is_some_and(|h| h == "crate") && p.get(1).is_none_or(|m| m != "core") {
                out.push(format!("{} names {}", s.rel, p.join("::")));
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Files outside `allowed` (a path prefix under `src/`) that name `krate`.
fn crate_outside(sources: &[Source], krate: &str, allowed: &str) -> Vec<String> {
    let pat = format!("{krate}::");
    sources
        .iter()
        .filter(|s| !s.rel.starts_with(allowed))
        .filter(|s| {
            s.code.match_indices(&pat).any(|(i, _)| {
                let prev = s.code[..i].chars().next_back();
                prev.is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
            })
        })
        .map(|s| s.rel.clone())
        .collect()
}

/// Functions longer than `max` lines: (file, first line, name, lines).
fn long_functions(sources: &[Source], max: usize) -> Vec<(String, usize, String, usize)> {
    let mut out = Vec::new();
    for s in sources {
        let lines: Vec<&str> = s.code.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            let t = t.strip_prefix("pub ").or_else(|| t.strip_prefix("pub(crate) ")).unwrap_or(t);
            let t = t.strip_prefix("pub(super) ").unwrap_or(t);
            let t = t.strip_prefix("pub(in crate::core) ").unwrap_or(t);
            let t = t.strip_prefix("async ").unwrap_or(t);
            let Some(rest) = t.strip_prefix("fn ") else {
                i += 1;
                continue;
            };
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            let (mut depth, mut started, mut j) = (0i32, false, i);
            while j < lines.len() {
                for c in lines[j].chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            started = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if started && depth <= 0 {
                    break;
                }
                if !started && lines[j].trim_end().ends_with(';') {
                    break;
                }
                j += 1;
            }
            let n = j - i + 1;
            if n > max {
                out.push((s.rel.clone(), i + 1, name, n));
            }
            i = j + 1;
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The rules, on this crate
// ---------------------------------------------------------------------------

#[test]
fn the_core_imports_no_service() {
    let sources = read_sources(&src_dir());
    assert!(sources.iter().any(|s| s.rel == "core/inbox.rs"), "the core is not where this test looks");
    let violations = core_violations(&sources);
    assert!(violations.is_empty(), "the core must not import a service (ARCHITECTURE.md):\n{}", violations.join("\n"));
}

#[test]
fn no_import_circle_among_the_files() {
    let sources = read_sources(&src_dir());
    let graph = import_graph(&sources);
    // Positive control: the edges this test relies on are seen.
    assert!(graph["core/inbox.rs"].contains("core/service.rs"), "{:?}", graph["core/inbox.rs"]);
    assert!(graph["api/mod.rs"].contains("api/cases.rs"), "{:?}", graph["api/mod.rs"]);
    if let Some(cycle) = find_cycle(&graph) {
        panic!("import circle: {}", cycle.join(" -> "));
    }
}

#[test]
fn rocksdb_and_libp2p_stay_in_their_modules() {
    let sources = read_sources(&src_dir());
    let anywhere = "\0";
    assert!(!crate_outside(&sources, "rocksdb", anywhere).is_empty(), "positive control: rocksdb is used somewhere");
    assert_eq!(crate_outside(&sources, "rocksdb", "core/store"), Vec::<String>::new());
    assert_eq!(crate_outside(&sources, "libp2p", "core/network"), Vec::<String>::new());
}

#[test]
fn no_function_is_longer_than_120_lines() {
    let sources = read_sources(&src_dir());
    assert!(!long_functions(&sources, 60).is_empty(), "positive control: some function has over 60 lines");
    let long = long_functions(&sources, MAX_FN_LINES);
    let shown: Vec<String> = long.iter().map(|(f, l, n, len)| format!("{f}:{l} {n} ({len} lines)")).collect();
    assert!(long.is_empty(), "functions over {MAX_FN_LINES} lines:\n{}", shown.join("\n"));
}

// ---------------------------------------------------------------------------
// The checkers, on small inputs: each rule can fail
// ---------------------------------------------------------------------------

fn source(rel: &str, code: &str) -> Source {
    Source { rel: rel.into(), module: module_of(rel), code: strip(code) }
}

#[test]
fn a_circle_is_found_and_containment_is_not_one() {
    let sources = vec![
        source("lib.rs", "pub mod core;\npub mod services;\n"),
        source("core/mod.rs", "pub mod a;\npub mod b;\n"),
        source("core/a.rs", "use crate::core::b::Thing;\n"),
        source("core/b.rs", "fn f() { crate::core::a::g(); }\n"),
        source("services/mod.rs", "mod x;\npub use x::Y;\n"),
        source("services/x.rs", "use crate::core::{a, b::Thing};\n"),
    ];
    let graph = import_graph(&sources);
    assert!(graph["services/mod.rs"].contains("services/x.rs"));
    assert!(graph["services/x.rs"].contains("core/a.rs") && graph["services/x.rs"].contains("core/b.rs"));
    let cycle = find_cycle(&graph).expect("the a <-> b circle");
    assert!(cycle.contains(&"core/a.rs".to_string()) && cycle.contains(&"core/b.rs".to_string()), "{cycle:?}");
    // Without the back edge there is none.
    let sources = vec![source("core/a.rs", "use crate::core::b::Thing;\n"), source("core/b.rs", "// crate::core::a\n")];
    assert_eq!(find_cycle(&import_graph(&sources)), None);
}

#[test]
fn a_core_file_naming_a_service_is_caught() {
    let sources = vec![
        source("core/inbox.rs", "use crate::core::store::Batch;\nfn f() { crate::services::meetings::apply(); }\n"),
        source(
            "core/node.rs",
            "use crate::{NodeResult, core::clock::Clock};\n#[cfg(test)]\nmod tests { use crate::federation; }\n",
        ),
        source("services/mod.rs", "use crate::core::node::Node;\n"),
    ];
    assert_eq!(
        core_violations(&sources),
        vec!["core/inbox.rs names crate::services::meetings::apply", "core/node.rs names crate::NodeResult"]
    );
}

#[test]
fn crate_use_and_long_functions_are_caught() {
    let sources = vec![
        source("core/store.rs", "use rocksdb::DB;\n"),
        source("services/cases.rs", "fn f() { let _ = rocksdb::DB::open(); }\n// libp2p::Swarm in a comment\n"),
    ];
    assert_eq!(crate_outside(&sources, "rocksdb", "core/store"), vec!["services/cases.rs"]);
    assert!(crate_outside(&sources, "libp2p", "core/network").is_empty());
    let body = "    x();\n".repeat(130);
    let sources = vec![source("a.rs", &format!("pub async fn long() {{\n{body}}}\nfn short() {{}}\n"))];
    let long = long_functions(&sources, MAX_FN_LINES);
    assert_eq!(long.len(), 1);
    assert_eq!((long[0].2.as_str(), long[0].3), ("long", 132));
}
