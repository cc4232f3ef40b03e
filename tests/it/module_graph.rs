//! The module graph of `src/` has no circles: a module never depends, through others, on a
//! module that depends on it. Nodes are the top-level modules and each stage
//! (`stages::clean`, ...); an edge is a `crate::`/`super::` path in one that names another.
//! `cargo test --release module_graph -- --nocapture` prints the graph.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::repo_root;

/// The module path of a source file: `src/stages/clean/model.rs` → `["stages", "clean", "model"]`.
fn module_of(relative: &Path) -> Vec<String> {
    let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
    let file = parts.pop().expect("a file name");
    if file != "mod.rs" && file != "lib.rs" {
        parts.push(file.trim_end_matches(".rs").to_string());
    }
    parts
}

/// The graph node a module belongs to: a stage, or a top-level module; `crate` for lib.rs.
fn node_of(module: &[String], stages: &BTreeSet<String>) -> String {
    match module {
        [] => "crate".into(),
        [first, second, ..] if first == "stages" && stages.contains(second) => format!("stages::{second}"),
        [first, ..] => first.clone(),
    }
}

/// Code without `//` comments (doc comments name modules in prose).
fn code_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines().map(|line| line.find("//").map_or(line, |at| &line[..at]))
}

/// Module paths a line names: `crate::a::b`, `crate::{a::x, b}`, `super::super::c`, resolved
/// against the file's own module.
fn named_paths(line: &str, module: &[String]) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut from = 0;
    loop {
        let next = ["crate::", "super::"].into_iter().filter_map(|word| Some((from + line[from..].find(word)?, word))).min();
        let Some((at, word)) = next else { break };
        from = at + word.len();
        // Part of a longer name (`my_crate::`), or the second `super` of `super::super::`.
        if line[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
            continue;
        }
        let mut base = if word == "crate::" { Vec::new() } else { module[..module.len().saturating_sub(1)].to_vec() };
        let mut rest = &line[from..];
        while let Some(after) = rest.strip_prefix("super::") {
            base.pop();
            rest = after;
        }
        if let Some(group) = rest.strip_prefix('{') {
            // Each item of the group, up to its first `::` (nested groups are rare enough).
            let end = group.find('}').unwrap_or(group.len());
            for item in group[..end].split(',') {
                let name: String = item.trim().chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() {
                    let mut path = base.clone();
                    path.push(name);
                    found.push(path);
                }
            }
        } else {
            let mut path = base;
            for segment in rest.split("::") {
                let name: String = segment.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if name.is_empty() {
                    break;
                }
                let whole = name.len() == segment.len();
                path.push(name);
                if !whole {
                    break;
                }
            }
            found.push(path);
        }
    }
    found
}

fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = repo_root().join("src");
    let mut files = Vec::new();
    let mut dirs = vec![src.clone()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let stages: BTreeSet<String> = std::fs::read_dir(src.join("stages"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir() || p.file_name().is_some_and(|n| n != "mod.rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    let top: BTreeSet<String> = files.iter().map(|f| module_of(f.strip_prefix(&src).unwrap())).filter_map(|m| m.first().cloned()).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        if relative == Path::new("main.rs") {
            continue; // the binary: a crate of its own on top of the library
        }
        let module = module_of(relative);
        let from = node_of(&module, &stages);
        let text = std::fs::read_to_string(file).unwrap();
        graph.entry(from.clone()).or_default();
        // Inline modules (`mod tests {`) come last in a file: the lines after one are inside it.
        let mut module = module;
        for line in code_lines(&text) {
            if let Some(inline) = line.trim().strip_prefix("mod ").and_then(|rest| rest.strip_suffix(" {")) {
                module.push(inline.to_string());
            }
            for path in named_paths(line, &module) {
                // An item of lib.rs itself (`crate::package_dir`) belongs to the root.
                let to = if path.first().is_some_and(|first| top.contains(first)) { node_of(&path, &stages) } else { "crate".into() };
                if to != from {
                    graph.get_mut(&from).unwrap().insert(to);
                }
            }
        }
    }
    graph
}

/// Every circle of the graph, each as the path from a module back to itself.
fn circles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    for start in graph.keys() {
        // Depth-first from `start`, looking for a way back to it through larger names only, so
        // that each circle is reported once (from its smallest module).
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        let mut seen = BTreeSet::new();
        while let Some((node, path)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    let mut circle = path.clone();
                    circle.push(start.clone());
                    found.push(circle);
                } else if next > start && seen.insert(next.clone()) {
                    let mut longer = path.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found
}

#[test]
fn module_graph_has_no_circles() {
    let graph = module_graph();
    for (module, uses) in &graph {
        println!("{module} -> {}", uses.iter().cloned().collect::<Vec<_>>().join(", "));
    }
    assert!(graph.contains_key("pipeline") && graph["pipeline"].contains("stages::clean"), "the graph misses known edges: {graph:?}");
    let circles = circles(&graph);
    let shown: Vec<String> = circles.iter().map(|c| c.join(" -> ")).collect();
    assert!(circles.is_empty(), "import circles in src/:\n{}", shown.join("\n"));
}

#[test]
fn circles_are_found() {
    let edge = |a: &str, b: &[&str]| (a.to_string(), b.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>());
    let graph: BTreeMap<_, _> = [edge("a", &["b"]), edge("b", &["c"]), edge("c", &["a"]), edge("d", &["a"])].into_iter().collect();
    assert_eq!(circles(&graph), vec![vec!["a", "b", "c", "a"]]);
    let module: Vec<String> = ["stages", "aggregate", "catalog", "tests"].map(String::from).to_vec();
    assert_eq!(named_paths("let k = super::super::name_key(x);", &module), vec![["stages", "aggregate", "name_key"].map(String::from).to_vec()]);
    assert_eq!(
        named_paths("use crate::{config::X, error};", &[]),
        vec![vec!["config".to_string()], vec!["error".to_string()]]
    );
}
