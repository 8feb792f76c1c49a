//! The edge's layers, checked from its sources: `shared` imports neither `public` nor
//! `admin`, those two never import each other, only the crate root and the OpenAPI
//! generator read the route table, and no module of `edge/src` imports one
//! that imports it back, however long the way round.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every module of `edge/src` (by its path from the crate root, `shared::http`) with the
/// modules its code names through `crate::…`.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut graph = BTreeMap::new();
    for file in files {
        let relative = file.strip_prefix(&root).unwrap().with_extension("");
        let mut parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.last().is_some_and(|p| p == "mod") {
            parts.pop();
        }
        let module = parts.join("::");
        if module == "lib" {
            // The crate root assembles the layers; nothing imports it.
            continue;
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let code: String = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .collect::<Vec<_>>()
            .join("\n");
        let mut named = BTreeSet::new();
        for (at, _) in code.match_indices("crate::") {
            for target in targets(&code[at + "crate::".len()..]) {
                if target != module {
                    named.insert(target);
                }
            }
        }
        graph.insert(module, named);
    }
    graph
}

/// The modules a path after `crate::` names: `shared::http::json` names `shared::http`,
/// `{admin, public}` names both, `shared::{http, storage}` both of those.
fn targets(path: &str) -> Vec<String> {
    let segment = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    if let Some(group) = path.strip_prefix('{') {
        let inner = &group[..group.find('}').unwrap_or(group.len())];
        return inner
            .split(',')
            .map(|s| segment(s.trim()))
            .filter(|s| !s.is_empty())
            .collect();
    }
    let first = segment(path);
    let rest = &path[first.len()..];
    if !matches!(first.as_str(), "shared" | "public" | "admin") {
        return vec![first];
    }
    match rest.strip_prefix("::") {
        Some(rest) if rest.starts_with('{') => targets(rest)
            .into_iter()
            .map(|s| format!("{first}::{s}"))
            .collect(),
        Some(rest) if !segment(rest).is_empty() => vec![format!("{first}::{}", segment(rest))],
        _ => vec![first],
    }
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, files);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
}

fn layer(module: &str) -> &str {
    module.split("::").next().unwrap()
}

#[test]
fn shared_imports_neither_side_and_the_sides_do_not_import_each_other() {
    let mut wrong = Vec::new();
    for (module, named) in imports() {
        for target in named {
            let allowed = !matches!(
                (layer(&module), layer(&target)),
                ("shared", "public" | "admin" | "router" | "routes")
                    | ("public", "admin")
                    | ("admin", "public")
            ) && (target != "routes" || module == "openapi");
            if !allowed {
                wrong.push(format!("{module} imports {target}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    let graph = imports();
    // Depth-first search for a back edge; the cycle found is printed whole.
    fn visit(
        module: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == module) {
            let mut cycle = path[at..].to_vec();
            cycle.push(module.to_owned());
            return Some(cycle);
        }
        if done.contains(module) {
            return None;
        }
        path.push(module.to_owned());
        for next in graph.get(module).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(module.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    for module in graph.keys() {
        if let Some(cycle) = visit(module, &graph, &mut Vec::new(), &mut done) {
            panic!("an import cycle: {}", cycle.join(" → "));
        }
    }
    // The check sees the edges it should: the router stands on shared.
    assert!(graph["router"].contains("shared::auth"));
    assert!(graph["routes"].contains("admin"));
}

#[test]
fn the_clock_is_read_once_per_request_where_it_arrives() {
    // A request reads the time once (`Ctx::now`) and every record it writes carries that
    // reading; only the crate root (the fetch and scheduled events, the after-response
    // runner) asks the runtime's clock for seconds.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    let mut readers: Vec<String> = files
        .iter()
        .filter(|file| {
            std::fs::read_to_string(file)
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .any(|l| l.contains("now_unix_seconds()") && !l.contains("pub fn now_unix_seconds"))
        })
        .map(|file| file.strip_prefix(&root).unwrap().display().to_string())
        .collect();
    readers.sort();
    assert_eq!(readers, ["lib.rs"]);
}
