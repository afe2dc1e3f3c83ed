//! Checks that `node/openapi.yaml` documents exactly the routes of the local
//! API's router: those of the route files under `node/src/api/` (one per
//! service), which `api/mod.rs` merges into its router with
//! `.merge(<file>::routes())` (checked too). Every route and method of
//! these files is under `paths:`, every documented path and method is
//! routed, and no path and method is routed twice (within a file or across
//! the files).
//!
//! The files are parsed with plain string handling (no YAML or Rust parser
//! is a dependency of this crate), which relies on their layout:
//!
//! - the route files: routes are written
//!   `.route("/path", get(handler))`, possibly with several methods chained
//!   (`get(a).post(b)`), one call per `.route(`; the path is the first
//!   string literal after `.route(`. Every `.route(` in any of the files
//!   counts, so none may hold one outside its router (not even in a
//!   comment).
//! - `openapi.yaml`: block style with two-space indentation. The `paths:`
//!   key starts at column 0 and ends at the next line at column 0; inside
//!   it, a line indented by exactly 2 spaces and ending with `:` is a path
//!   key (optionally quoted), and a line indented by exactly 4 spaces and
//!   ending with `:` whose key is an HTTP method is an operation of the
//!   path above it (other 4-space keys, such as `parameters:`, are not
//!   methods and are ignored). Flow style (`{...}`) for paths is not
//!   supported.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::Path;

const METHODS: &[&str] = &["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// (path, method), method in lower case.
type Route = (String, String);

fn read(relative: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The arguments of the call whose `(` is at `open` in `s`: the text up to
/// the matching `)`, skipping parentheses inside string literals.
fn call_args(s: &str, open: usize) -> &str {
    let mut depth = 0usize;
    let mut in_str = false;
    let mut escaped = false;
    for (i, c) in s[open..].char_indices() {
        if in_str {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return &s[open + 1..open + i];
                }
            }
            _ => {}
        }
    }
    panic!("unbalanced parentheses after byte {open}");
}

/// Every `(path, method)` routed in one router source file.
fn router_routes(src: &str) -> BTreeSet<Route> {
    let mut routes = BTreeSet::new();
    let needle = ".route(";
    let mut from = 0;
    while let Some(found) = src[from..].find(needle) {
        let open = from + found + needle.len() - 1;
        let args = call_args(src, open);
        from = open + 1;

        let (path, rest) = {
            let start = args.find('"').unwrap_or_else(|| panic!("route without a path literal: {args}"));
            let len = args[start + 1..].find('"').unwrap_or_else(|| panic!("unterminated path literal: {args}"));
            (&args[start + 1..start + 1 + len], &args[start + 1 + len + 1..])
        };
        assert!(path.starts_with('/'), "route path {path:?} does not start with /");

        // The method router: `get(x)`, `post(y)`, chained with `.`. A method
        // name is an identifier directly followed by `(` at depth 0.
        let mut methods = Vec::new();
        let mut depth = 0usize;
        let mut ident = String::new();
        for c in rest.chars() {
            match c {
                '(' => {
                    if depth == 0 && METHODS.contains(&ident.as_str()) {
                        methods.push(ident.clone());
                    }
                    ident.clear();
                    depth += 1;
                }
                ')' => {
                    ident.clear();
                    depth = depth.saturating_sub(1);
                }
                c if c.is_ascii_alphanumeric() || c == '_' => ident.push(c),
                _ => ident.clear(),
            }
        }
        assert!(!methods.is_empty(), "no method found for route {path:?} in: {rest}");
        for m in methods {
            assert!(routes.insert((path.to_string(), m.clone())), "{m} {path} is routed twice");
        }
    }
    routes
}

/// Every `(path, method)` under `paths:` in the OpenAPI document (see the
/// module comment for the layout assumed).
fn documented_routes(yaml: &str) -> BTreeSet<Route> {
    let mut routes = BTreeSet::new();
    let mut in_paths = false;
    let mut current: Option<String> = None;
    for (n, raw) in yaml.lines().enumerate() {
        let line = raw.trim_end();
        if line.trim_start().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let indent = line.len() - line.trim_start().len();
        if indent == 0 {
            in_paths = line == "paths:";
            current = None;
            continue;
        }
        if !in_paths {
            continue;
        }
        assert!(!line.contains('\t'), "line {}: tabs are not YAML indentation", n + 1);
        let Some(key) = line.trim_start().strip_suffix(':') else { continue };
        match indent {
            2 => {
                let key = key.trim_matches(|c| c == '"' || c == '\'');
                assert!(key.starts_with('/'), "line {}: path key {key:?} does not start with /", n + 1);
                current = Some(key.to_string());
            }
            4 if METHODS.contains(&key) => {
                let path = current.clone().unwrap_or_else(|| panic!("line {}: method {key} outside a path", n + 1));
                assert!(routes.insert((path.clone(), key.to_string())), "{key} {path} is documented twice");
            }
            _ => {}
        }
    }
    routes
}

fn show(routes: &BTreeSet<Route>) -> String {
    routes.iter().map(|(p, m)| format!("  {} {p}", m.to_uppercase())).collect::<Vec<_>>().join("\n")
}

/// The files whose routes make up the router, relative to the crate.
const ROUTER_SOURCES: &[&str] = &[
    "src/api/node.rs",
    "src/api/keys.rs",
    "src/api/cases.rs",
    "src/api/attachments.rs",
    "src/api/procedures.rs",
    "src/api/contacts.rs",
    "src/api/meetings.rs",
    "src/api/users.rs",
];

/// Route files served on their own listener, not by the API's router.
const OTHER_SERVERS: &[&str] = &["src/api/metrics.rs"];

/// Every `(path, method)` routed in [`ROUTER_SOURCES`], refusing one routed
/// twice across the files.
fn all_router_routes() -> BTreeSet<Route> {
    let mut all = BTreeSet::new();
    for file in ROUTER_SOURCES {
        let routes = router_routes(&read(file));
        assert!(!routes.is_empty(), "found no `.route(` in {file}");
        for route in routes {
            assert!(!all.contains(&route), "{} {} is routed twice (again in {file})", route.1.to_uppercase(), route.0);
            all.insert(route);
        }
    }
    all
}

#[test]
fn openapi_documents_exactly_the_routes_of_the_router() {
    // The routes of each file are served only if api/mod.rs merges them.
    let api = read("src/api/mod.rs");
    for file in ROUTER_SOURCES {
        let module = file.trim_start_matches("src/api/").trim_end_matches(".rs");
        assert!(
            api.contains(&format!(".merge({module}::routes())")),
            "src/api/mod.rs does not merge {module}::routes(): update ROUTER_SOURCES and this test"
        );
    }
    // A new route file must be listed above, or its routes escape this check.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let name = format!("src/api/{}", entry.unwrap().file_name().to_string_lossy());
        if read(&name).contains(".route(") {
            assert!(
                ROUTER_SOURCES.contains(&name.as_str()) || OTHER_SERVERS.contains(&name.as_str()),
                "{name} has routes but is not in ROUTER_SOURCES (nor OTHER_SERVERS)"
            );
        }
    }
    let routed = all_router_routes();
    let documented = documented_routes(&read("openapi.yaml"));
    assert!(!documented.is_empty(), "found no operations under `paths:` in openapi.yaml");

    let undocumented: BTreeSet<Route> = routed.difference(&documented).cloned().collect();
    let unrouted: BTreeSet<Route> = documented.difference(&routed).cloned().collect();
    assert!(
        undocumented.is_empty() && unrouted.is_empty(),
        "openapi.yaml and the router disagree.\nRouted but not documented:\n{}\nDocumented but not routed:\n{}",
        show(&undocumented),
        show(&unrouted)
    );
}

#[test]
fn parsers_read_the_layouts_they_assume() {
    let src = r#"
        Router::new()
            .route("/v1/a", get(a))
            .route("/v1/b/{id}", get(b).post(create_b))
            .route( "/v1/c", post(c) )
            .layer(x)
    "#;
    let routed = router_routes(src);
    let expected: BTreeSet<Route> =
        [("/v1/a", "get"), ("/v1/b/{id}", "get"), ("/v1/b/{id}", "post"), ("/v1/c", "post")]
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
    assert_eq!(routed, expected);

    let yaml = "openapi: 3.0.3\npaths:\n  /v1/a:\n    get:\n      responses: {}\n  \"/v1/b/{id}\":\n    \
                parameters:\n      - name: id\n    get:\n      x: 1\n    post:\n      x: 2\n  /v1/c:\n    \
                post:\n      x: 3\ncomponents:\n  schemas:\n    get:\n      type: object\n";
    assert_eq!(documented_routes(yaml), expected);
}
