//! Tidy checks (after rust-analyzer's `xtask/src/tidy.rs`): the architecture's invariants that
//! a compiler cannot see, checked on the source text so that breaking one fails `make test`
//! with a message saying where and why.

use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every file below `dir` (relative to the repository) whose name ends in one of `exts`.
fn files(dir: &str, exts: &[&str]) -> Vec<PathBuf> {
    fn walk(dir: &Path, exts: &[&str], out: &mut Vec<PathBuf>) {
        let Ok(read) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in read.flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() {
                if !matches!(name.as_str(), "node_modules" | "target" | "dist" | ".git") {
                    walk(&path, exts, out);
                }
            } else if exts.iter().any(|e| name.ends_with(e)) {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    walk(&repo().join(dir), exts, &mut out);
    out.sort();
    out
}

fn rel(path: &Path) -> String {
    path.strip_prefix(repo())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// Lines of `path` that are code, not comments (a cheap filter: `//` comments are skipped).
fn code_lines(path: &Path) -> Vec<(usize, String)> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim_start().starts_with("//"))
        .map(|(i, l)| (i + 1, l.to_string()))
        .collect()
}

fn fail_if_any(what: &str, hits: Vec<String>) {
    assert!(hits.is_empty(), "{what}:\n  {}", hits.join("\n  "));
}

#[test]
fn there_is_no_sql_or_rusqlite_outside_the_store() {
    let sql = [
        "SELECT ",
        "INSERT INTO",
        "DELETE FROM",
        "CREATE TABLE",
        "CREATE INDEX",
        "PRAGMA ",
    ];
    let mut hits = Vec::new();
    for path in files("src", &[".rs"]) {
        let name = rel(&path);
        if name.starts_with("src/store") {
            continue;
        }
        for (n, line) in code_lines(&path) {
            // The error type converts rusqlite's errors into the core's at the edge of the store.
            let uses_rusqlite = line.contains("rusqlite") && name != "src/error.rs";
            let has_sql = line.contains('"') && sql.iter().any(|s| line.contains(s));
            if uses_rusqlite || has_sql {
                hits.push(format!("{name}:{n}: {}", line.trim()));
            }
        }
    }
    fail_if_any(
        "SQL and rusqlite belong in src/store/ (ARCHITECTURE.md: 'There is no SQL outside src/store/')",
        hits,
    );
}

#[test]
fn the_core_does_not_depend_on_tauri() {
    let mut hits = Vec::new();
    for path in files("src", &[".rs"]) {
        for (n, line) in code_lines(&path) {
            if line.contains("tauri::") || line.contains("use tauri") {
                hits.push(format!("{}:{n}: {}", rel(&path), line.trim()));
            }
        }
    }
    let manifest = std::fs::read_to_string(repo().join("Cargo.toml")).unwrap();
    let core_deps = manifest
        .split("[dependencies]")
        .nth(1)
        .and_then(|s| s.split("\n[").next())
        .unwrap_or("");
    for line in core_deps.lines() {
        if line.trim_start().starts_with("tauri") {
            hits.push(format!("Cargo.toml: {}", line.trim()));
        }
    }
    fail_if_any("The core must not depend on tauri", hits);
}

#[test]
fn logic_reads_no_clock() {
    // Import, analysis, export, dates and the timeline take "today" as an argument; only the
    // edges (the API layer, the CLI, the store's audit stamps) read the clock.
    let logic = [
        "src/analysis",
        "src/import",
        "src/export",
        "src/dates",
        "src/timeline",
        "src/calendar.rs",
        "src/model",
        "src/editing.rs",
        "src/operation.rs",
        "src/vocabulary.rs",
    ];
    let clocks = ["Local::now", "Utc::now", "SystemTime::now", "today()"];
    let mut hits = Vec::new();
    for path in files("src", &[".rs"]) {
        let name = rel(&path);
        if !logic.iter().any(|l| name.starts_with(l)) {
            continue;
        }
        for (n, line) in code_lines(&path) {
            if clocks.iter().any(|c| line.contains(c)) {
                hits.push(format!("{name}:{n}: {}", line.trim()));
            }
        }
    }
    fail_if_any(
        "Logic must take the date as an argument, not read the clock",
        hits,
    );
}

#[test]
fn no_scaffolding_markers_or_links_outside_the_repository() {
    let mut hits = Vec::new();
    let mut sources = files("src", &[".rs"]);
    sources.extend(files("src-tauri/src", &[".rs"]));
    sources.extend(files("ui/src", &[".ts", ".svelte", ".css"]));
    sources.extend(files("tests", &[".rs"]));
    sources.push(repo().join("Cargo.toml"));
    sources.push(repo().join("Makefile"));
    let markers = ["below this line", "TODO(issue", "FIXME"];
    // Files the repository does not hold: the primer is docs/domain.md.
    let outside = ["DOMAIN.md", "CONVENTIONS.md"];
    for path in sources {
        let name = rel(&path);
        if name == "tests/it/tidy.rs" || name == "ui/src/bindings.ts" {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (i, line) in text.lines().enumerate() {
            if markers.iter().any(|m| line.contains(m)) {
                hits.push(format!("{name}:{}: scaffolding: {}", i + 1, line.trim()));
            }
            if outside.iter().any(|m| line.contains(m)) {
                hits.push(format!(
                    "{name}:{}: refers outside the repository: {}",
                    i + 1,
                    line.trim()
                ));
            }
        }
    }
    fail_if_any(
        "Remove scaffolding markers; point at docs/domain.md rather than files outside the repository",
        hits,
    );
}

/// The top-level module a path under `src/` belongs to (`src/import/read/mod.rs` -> `import`,
/// `src/model.rs` -> `model`).
fn module_of(name: &str) -> String {
    let rest = name.trim_start_matches("src/");
    let first = rest.split('/').next().unwrap_or(rest);
    first.trim_end_matches(".rs").to_string()
}

/// The crate modules a line of code names (`crate::store::Writer` -> `store`, and each name in
/// `use crate::{dates, model::Entry}`).
fn modules_named(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (i, _) in line.match_indices("crate::") {
        let after = &line[i + "crate::".len()..];
        if let Some(group) = after.strip_prefix('{') {
            let group = group.split('}').next().unwrap_or(group);
            for part in group.split(',') {
                let part = part.trim();
                let name: String = part
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                    .collect();
                if !name.is_empty() {
                    out.push(name);
                }
            }
        } else {
            let name: String = after
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            out.push(name);
        }
    }
    out
}

#[test]
fn dependencies_point_one_way_from_the_cli_down_to_the_model() {
    // model <- store <- import/analysis/export <- api <- cli: a module never names one above
    // it, so there are no cycles through the API and the domain can be read without it.
    let foundations = [
        "model",
        "dates",
        "calendar",
        "vocabulary",
        "operation",
        "phrases",
        "error",
        "files",
    ];
    let upper_for_foundations = [
        "store", "import", "analysis", "export", "json", "editing", "agency", "timeline", "demo",
        "api", "cli",
    ];
    let upper_for_store = [
        "import", "analysis", "export", "json", "editing", "agency", "timeline", "demo", "api",
        "cli",
    ];
    let cli_may_not_name = [
        "store", "import", "analysis", "export", "json", "editing", "agency", "timeline", "demo",
    ];
    let mut hits = Vec::new();
    for path in files("src", &[".rs"]) {
        let name = rel(&path);
        let module = module_of(&name);
        let forbidden: &[&str] = match module.as_str() {
            "api" => &["cli"],
            // The CLI goes through the app's `Session` for everything: it parses and prints.
            "cli" => &cli_may_not_name,
            "lib" | "main" => &[],
            "store" => &upper_for_store,
            m if foundations.contains(&m) => &upper_for_foundations,
            _ => &["api", "cli"],
        };
        for (n, line) in code_lines(&path) {
            for named in modules_named(&line) {
                if forbidden.contains(&named.as_str()) {
                    hits.push(format!(
                        "{name}:{n}: `{module}` names `crate::{named}`, which is above it: {}",
                        line.trim()
                    ));
                }
            }
        }
    }
    fail_if_any(
        "A module names one above it (model <- store <- import/analysis/export <- api <- cli); \
         move the shared piece down instead",
        hits,
    );
}

/// The module path of a file under `src/` (`src/import/read/mod.rs` -> `import::read`,
/// `src/model.rs` -> `model`; `src/lib.rs` and `src/main.rs` are the crate root, `[]`).
fn module_path(name: &str) -> Vec<String> {
    let rest = name.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = rest.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    if parts == ["lib"] || parts == ["main"] {
        parts.clear();
    }
    parts
}

/// The lines of `path` that build the product, numbered: code lines outside test-only files
/// (`tests.rs`, `*_tests.rs`) and `#[cfg(test)] mod ... { }` blocks (a test may use a fixture
/// from a module above, as a dev-dependency would). A `use` whose `{ }` group runs over
/// several lines is joined into its first line.
fn product_lines(path: &Path) -> Vec<(usize, String)> {
    let file = path.file_name().unwrap_or_default().to_string_lossy();
    if file == "tests.rs" || file.ends_with("_tests.rs") {
        return Vec::new();
    }
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let next = lines.get(i + 1).map_or("", |l| l.trim_start());
        if line.trim() == "#[cfg(test)]" && next.starts_with("mod ") && next.ends_with('{') {
            let indent = &lines[i + 1][..lines[i + 1].len() - next.len()];
            let end = format!("{indent}}}");
            i += 2;
            while i < lines.len() && lines[i] != end {
                i += 1;
            }
            i += 1;
            continue;
        }
        if line.trim_start().starts_with("//") {
            i += 1;
            continue;
        }
        let mut joined = line.to_string();
        let start = i;
        let open = |s: &str| s.matches('{').count() > s.matches('}').count();
        if (joined.contains("crate::") || joined.contains("super::")) && joined.contains("use ") {
            while open(&joined) && i + 1 < lines.len() {
                i += 1;
                joined.push(' ');
                joined.push_str(lines[i].trim());
            }
        }
        out.push((start + 1, joined));
        i += 1;
    }
    out
}

/// The absolute module paths a line names through `crate::` or `super::` (each name of a
/// `{ }` group separately), for a line in the module `here`.
fn paths_named(line: &str, here: &[String]) -> Vec<Vec<String>> {
    /// The names of a path at the start of `s` (`a::b::c`), and what follows a `::` before
    /// a group (`{`), if the path ends in one.
    fn segments(s: &str) -> (Vec<String>, Option<&str>) {
        let mut out = Vec::new();
        let mut rest = s;
        loop {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &rest[name.len()..];
            if !name.is_empty() {
                out.push(name);
            }
            if let Some(group) = rest.strip_prefix('{') {
                return (out, Some(group));
            }
            match rest.strip_prefix("::") {
                Some(r) if !out.is_empty() => rest = r,
                _ => return (out, None),
            }
        }
    }
    let mut out = Vec::new();
    let bytes = line.as_bytes();
    for (i, root) in line
        .match_indices("crate::")
        .chain(line.match_indices("super::"))
    {
        if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || matches!(bytes[i - 1], b'_' | b'$')) {
            continue; // `$crate::`, or part of a longer name
        }
        if root == "super::" && line[..i].ends_with("super::") {
            continue; // counted from the first `super::` of `super::super::`
        }
        let mut base: Vec<String> = if root == "crate::" {
            Vec::new()
        } else {
            here[..here.len().saturating_sub(1)].to_vec()
        };
        let mut after = &line[i + root.len()..];
        while let Some(r) = after.strip_prefix("super::") {
            base.pop();
            after = r;
        }
        let (head, group) = segments(after);
        base.extend(head);
        match group {
            Some(group) => {
                let group = group.split('}').next().unwrap_or(group);
                for part in group.split(',') {
                    let mut path = base.clone();
                    path.extend(segments(part.trim()).0);
                    out.push(path);
                }
            }
            None => out.push(base),
        }
    }
    out.retain(|p| !p.is_empty() && p[0] != "self");
    out
}

/// Each `(from, to, where)` where a module of the product names another (by `crate::` or
/// `super::`), with both cut to their first `depth` levels (`import::read::text` at depth 2
/// is `import::read`). A module naming its own parent or child is not counted: they are one
/// unit at the parent's depth.
fn module_edges(depth: usize) -> Vec<(String, String, String)> {
    let sources = files("src", &[".rs"]);
    let modules: std::collections::BTreeSet<Vec<String>> =
        sources.iter().map(|p| module_path(&rel(p))).collect();
    // The longest known module that `path` starts with, at most `depth` levels deep.
    let unit = |path: &[String]| -> Option<Vec<String>> {
        (1..=depth.min(path.len()))
            .rev()
            .map(|n| path[..n].to_vec())
            .find(|p| modules.contains(p))
    };
    let mut edges = Vec::new();
    for path in &sources {
        let name = rel(path);
        let here = module_path(&name);
        let Some(from) = unit(&here) else { continue };
        for (n, line) in product_lines(path) {
            for named in paths_named(&line, &here) {
                let Some(to) = unit(&named) else { continue };
                if from.starts_with(&to) || to.starts_with(&from) {
                    continue;
                }
                edges.push((from.join("::"), to.join("::"), format!("{name}:{n}")));
            }
        }
    }
    edges
}

/// The edges of `edges` that lie on a cycle (the module they point to leads back), each once
/// per pair of modules, with the first place it is made.
fn edges_on_cycles(edges: &[(String, String, String)]) -> Vec<String> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut graph: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (from, to, _) in edges {
        graph.entry(from).or_default().insert(to);
    }
    let reaches = |start: &str, goal: &str| -> bool {
        let mut seen = BTreeSet::new();
        let mut stack = vec![start];
        while let Some(m) = stack.pop() {
            if m == goal {
                return true;
            }
            if seen.insert(m) {
                stack.extend(graph.get(m).into_iter().flatten().copied());
            }
        }
        false
    };
    let mut reported = BTreeSet::new();
    let mut hits = Vec::new();
    for (from, to, place) in edges {
        if reaches(to, from) && reported.insert((from, to)) {
            hits.push(format!(
                "`{from}` names `{to}` ({place}), and `{to}` leads back to `{from}`"
            ));
        }
    }
    hits
}

#[test]
fn no_module_depends_on_itself_through_others() {
    // A cycle between modules (even two of one layer, or two files of one folder) means
    // neither can be read, tested or moved without the other: move the shared piece into a
    // module both can name. Checked between top-level modules, and between the modules of
    // each folder down to three levels (`import::read::docx`).
    let mut hits = Vec::new();
    for depth in 1..=3 {
        for hit in edges_on_cycles(&module_edges(depth)) {
            if !hits.contains(&hit) {
                hits.push(hit);
            }
        }
    }
    fail_if_any(
        "Modules depend on each other in a cycle; move the piece they share into a module \
         lower down (a leaf) that both name",
        hits,
    );
}

#[test]
fn the_cycle_finder_reads_paths_and_finds_loops() {
    let here = ["import".to_string(), "read".to_string(), "docx".to_string()];
    assert_eq!(
        paths_named("use super::limits::{a, b};", &here),
        [
            ["import", "read", "limits", "a"],
            ["import", "read", "limits", "b"]
        ]
    );
    assert_eq!(
        paths_named("use crate::{dates, model::Entry};", &here),
        [vec!["dates"], vec!["model", "Entry"]]
    );
    assert_eq!(
        paths_named("let x = super::super::mapping::f();", &here),
        [["import", "mapping", "f"]]
    );
    assert!(paths_named("$crate::vocabulary::x", &here).is_empty());
    let edge = |a: &str, b: &str| (a.to_string(), b.to_string(), format!("src/{a}.rs:1"));
    let loops = edges_on_cycles(&[
        edge("a", "b"),
        edge("b", "c"),
        edge("c", "a"),
        edge("c", "d"),
    ]);
    assert_eq!(loops.len(), 3, "{loops:?}");
    assert!(
        loops[0].starts_with("`a` names `b` (src/a.rs:1)"),
        "{loops:?}"
    );
    assert!(edges_on_cycles(&[edge("a", "b"), edge("b", "c")]).is_empty());
    assert_eq!(module_path("src/import/read/mod.rs"), ["import", "read"]);
    assert!(module_path("src/lib.rs").is_empty());
}

/// Files allowed over the size limit, each with the reason it is not split today.
const LONG_FILES: &[(&str, &str)] = &[];

/// The most lines a source file may have.
const MAX_LINES: usize = 800;

#[test]
fn no_source_file_is_over_800_lines() {
    let mut hits = Vec::new();
    for path in files("src", &[".rs"]) {
        let name = rel(&path);
        let lines = std::fs::read_to_string(&path)
            .unwrap_or_default()
            .lines()
            .count();
        if lines > MAX_LINES && !LONG_FILES.iter().any(|(f, _)| *f == name) {
            hits.push(format!("{name}: {lines} lines"));
        }
    }
    fail_if_any(
        "Split these by concern (one unit you can read in one sitting), or allow-list them in \
         LONG_FILES with the reason",
        hits,
    );
    for (name, _) in LONG_FILES {
        assert!(
            repo().join(name).exists(),
            "{name} is allow-listed in LONG_FILES but no longer exists: remove it from the list"
        );
    }
}

#[test]
fn the_module_finder_reads_plain_and_grouped_paths() {
    assert_eq!(module_of("src/import/read/mod.rs"), "import");
    assert_eq!(module_of("src/model.rs"), "model");
    assert_eq!(modules_named("use crate::store::Writer;"), ["store"]);
    assert_eq!(
        modules_named("use crate::{dates, model::Entry};"),
        ["dates", "model"]
    );
}
