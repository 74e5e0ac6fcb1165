//! Source invariants, checked by reading the code (as rust-analyzer's tidy tests do).
//!
//! The engine stays pure and portable: `src/sim/` never mentions a browser crate, a clock or a
//! global RNG, and takes its transcendental functions from `libm` so that a seed gives the same
//! numbers natively and in WebAssembly; and no two of its modules use each other, directly or
//! round a longer cycle.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("readable source dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn engine_is_pure_and_portable() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() >= 5, "found the engine's sources");
    let forbidden = [
        "leptos",
        "web_sys",
        "web-sys",
        "js_sys",
        "js-sys",
        "wasm_bindgen",
        "wasm-bindgen",
        "Instant",
        "SystemTime",
        "thread_rng",
        "rand::rng",
        "OsRng",
        "getrandom",
        // Platform maths: results may differ in the last bit between targets.
        ".ln()",
        ".exp()",
        ".powf(",
        ".powi(",
        ".sin(",
        ".cos(",
        ".ln_1p(",
        ".exp_m1(",
        ".log10(",
    ];
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable source");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in forbidden {
                if code.contains(word) {
                    found.push(format!("{}:{}: {word}", f.display(), i + 1));
                }
            }
        }
    }
    assert!(found.is_empty(), "the engine must stay pure:\n{}", found.join("\n"));
}

/// The page's logic in `src/ui/` compiles natively and is tested by `cargo test`: no browser
/// crate, no `cfg` that would hide it from native builds.
#[test]
fn ui_logic_is_plain_rust() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    assert!(files.len() >= 5, "found the page's logic");
    let forbidden = ["leptos", "web_sys", "js_sys", "wasm_bindgen", "gloo", "target_arch"];
    let mut found = Vec::new();
    for f in &files {
        let text = std::fs::read_to_string(f).expect("readable source");
        for (i, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            found.extend(
                forbidden
                    .iter()
                    .filter(|w| code.contains(*w))
                    .map(|w| format!("{}:{}: {w}", f.display(), i + 1)),
            );
        }
    }
    assert!(found.is_empty(), "browser-only code in src/ui:\n{}", found.join("\n"));
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    let line = lib.lines().position(|l| l == "pub mod ui;").expect("pub mod ui in lib.rs");
    assert!(
        !lib.lines().nth(line.saturating_sub(1)).unwrap_or("").contains("cfg"),
        "ui is not gated"
    );
}

/// A module of the engine: its path under `sim` (`["analysis", "team"]`; `[]` is `sim` itself),
/// and its code without comments or unit tests.
struct Module {
    path: Vec<String>,
    code: String,
}

fn engine_modules(root: &Path) -> Vec<Module> {
    let mut files = Vec::new();
    rust_files(root, &mut files);
    files
        .iter()
        .map(|f| {
            let rel = f.strip_prefix(root).expect("under src/sim");
            let mut path: Vec<String> =
                rel.with_extension("").iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if path.last().is_some_and(|p| p == "mod") {
                path.pop();
            }
            let text = std::fs::read_to_string(f).expect("readable source");
            (path, text)
        })
        .map(|(path, text)| Module { path, code: code_of(&text) })
        .collect()
}

/// The code of a file without comments (doc links are not uses) and without its unit tests
/// (`use super::*` there is the module itself).
fn code_of(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with("#[cfg(test)]") {
            break;
        }
        out.push_str(line.split("//").next().unwrap_or(""));
        out.push('\n');
    }
    out
}

/// Every path a module names that starts with `super::` or `crate::sim::`, `use` groups
/// (`use super::{a::X, b}`) expanded, as segments.
fn paths_named(code: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes: Vec<char> = code.chars().collect();
    let starts_path = |i: usize| {
        let rest: String = bytes[i..].iter().take(11).collect();
        let before = if i == 0 { ' ' } else { bytes[i - 1] };
        (rest.starts_with("super::") || rest.starts_with("crate::sim"))
            && !(before.is_alphanumeric() || before == '_' || before == ':')
    };
    let mut i = 0;
    while i < bytes.len() {
        if starts_path(i) {
            let (paths, end) = expand(&bytes, i);
            out.extend(paths);
            i = end;
        } else {
            i += 1;
        }
    }
    out
}

/// Reads the path at `i` (with a `{…}` group) into full paths; returns them and where it ended.
fn expand(s: &[char], mut i: usize) -> (Vec<Vec<String>>, usize) {
    let mut prefix = Vec::new();
    let mut word = String::new();
    loop {
        let c = s.get(i).copied().unwrap_or(';');
        if c.is_alphanumeric() || c == '_' {
            word.push(c);
            i += 1;
        } else if c == ':' && s.get(i + 1) == Some(&':') {
            prefix.push(std::mem::take(&mut word));
            i += 2;
        } else if c == '{' && word.is_empty() {
            let mut paths = Vec::new();
            i += 1;
            loop {
                while s.get(i).is_some_and(|c| c.is_whitespace() || *c == ',') {
                    i += 1;
                }
                if s.get(i).is_none_or(|c| *c == '}') {
                    return (paths, i + 1);
                }
                let (inner, end) = expand(s, i);
                paths.extend(inner.into_iter().map(|p| [prefix.clone(), p].concat()));
                i = end;
            }
        } else {
            if !word.is_empty() {
                prefix.push(word);
            }
            return (vec![prefix], i);
        }
    }
}

/// The module a path from module `from` names: `super` and `crate::sim` resolved, then the
/// longest prefix that is a module, and a name a `mod.rs` re-exports followed to its source.
fn target(
    from: &Module,
    path: &[String],
    modules: &[Vec<String>],
    reexports: &[(Vec<String>, String, Vec<String>)],
) -> Option<Vec<String>> {
    // A `mod.rs` is the module of its directory, so its `super` is one level further up.
    let mut at = from.path.clone();
    let mut rest = path;
    if rest.first().is_some_and(|s| s == "crate") {
        at.clear();
        rest = &rest[2..];
    }
    while rest.first().is_some_and(|s| s == "super") {
        at.pop();
        rest = &rest[1..];
    }
    for seg in rest {
        let mut next = at.clone();
        next.push(seg.clone());
        if modules.contains(&next) {
            at = next;
        } else {
            if let Some((_, _, source)) = reexports.iter().find(|(m, n, _)| *m == at && n == seg) {
                return Some(source.clone());
            }
            break;
        }
    }
    Some(at)
}

/// Edges `module -> module it uses` between the engine's modules, self-uses left out.
fn engine_graph(modules: &[Module]) -> Vec<(Vec<String>, Vec<String>)> {
    let names: Vec<Vec<String>> = modules.iter().map(|m| m.path.clone()).collect();
    // `pub use x::Name;` in a module: Name there means module x.
    let mut reexports = Vec::new();
    for m in modules {
        for line in m.code.lines().filter(|l| l.trim_start().starts_with("pub use ")) {
            let body = line.trim_start().trim_start_matches("pub use ").trim_end_matches(';');
            let chars: Vec<char> = body.chars().collect();
            for p in expand(&chars, 0).0 {
                if let Some((name, module)) = p.split_last() {
                    let mut source = m.path.clone();
                    source.extend(module.iter().cloned());
                    if names.contains(&source) {
                        reexports.push((m.path.clone(), name.clone(), source));
                    }
                }
            }
        }
    }
    let mut edges = Vec::new();
    for m in modules {
        for p in paths_named(&m.code) {
            if let Some(t) = target(m, &p, &names, &reexports) {
                if t != m.path && !edges.contains(&(m.path.clone(), t.clone())) {
                    edges.push((m.path.clone(), t));
                }
            }
        }
    }
    edges
}

/// A cycle in a directed graph, if any, as the modules along it.
fn find_cycle(edges: &[(Vec<String>, Vec<String>)]) -> Option<Vec<Vec<String>>> {
    fn visit(
        node: &Vec<String>,
        edges: &[(Vec<String>, Vec<String>)],
        stack: &mut Vec<Vec<String>>,
        done: &mut Vec<Vec<String>>,
    ) -> Option<Vec<Vec<String>>> {
        if let Some(i) = stack.iter().position(|n| n == node) {
            return Some(stack[i..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.clone());
        for (_, to) in edges.iter().filter(|(from, _)| from == node) {
            if let Some(c) = visit(to, edges, stack, done) {
                return Some(c);
            }
        }
        stack.pop();
        done.push(node.clone());
        None
    }
    let mut done = Vec::new();
    edges.iter().find_map(|(from, _)| visit(from, edges, &mut Vec::new(), &mut done))
}

fn show(path: &[String]) -> String {
    if path.is_empty() {
        "sim".into()
    } else {
        format!("sim::{}", path.join("::"))
    }
}

#[test]
fn engine_modules_have_no_import_cycles() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/sim");
    let modules = engine_modules(&root);
    let edges = engine_graph(&modules);
    let has = |a: &str, b: &str| {
        edges.iter().any(|(x, y)| show(x) == format!("sim::{a}") && show(y) == format!("sim::{b}"))
    };
    // The reader sees what it should: plain, grouped and re-exported uses.
    assert!(has("run", "aggregate") && has("analysis::compare", "analysis::paired"), "{edges:?}");
    assert!(has("analysis::team", "presets") && has("outcomes", "stages"), "{edges:?}");
    if let Some(cycle) = find_cycle(&edges) {
        let names: Vec<String> = cycle.iter().map(|p| show(p)).collect();
        panic!("modules of sim/ use each other: {} -> {}", names.join(" -> "), names[0]);
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let module = |path: &[&str], code: &str| Module {
        path: path.iter().map(|s| s.to_string()).collect(),
        code: code_of(code),
    };
    let modules = [
        module(&[], "pub mod a;\npub mod b;\npub use b::Thing;\n"),
        module(&["a"], "use super::{c::X, Thing};\n"),
        module(&["b"], "fn f() { crate::sim::a::g() }\n"),
        module(&["c"], "//! [`super::a`]\n"),
    ];
    let edges = engine_graph(&modules);
    let cycle = find_cycle(&edges).expect("a -> b (re-exported Thing) -> a");
    assert_eq!(cycle.len(), 2, "{cycle:?}");
    // Without b's use of a, no cycle; c's doc link is not a use.
    let fixed = [
        module(&[], "pub mod a;\npub mod b;\npub use b::Thing;\n"),
        module(&["a"], "use super::{c::X, Thing};\n"),
        module(&["b"], "fn f() {}\n"),
        module(&["c"], "//! [`super::a`]\n"),
    ];
    assert_eq!(find_cycle(&engine_graph(&fixed)), None);
}

/// The floors of the house, bottom first: a module may use its own floor's code and the floors
/// below, never one above, and rooms on one floor do not use each other. `app` (the page) and
/// `cli` (the command line) are the top; the binaries in `src/bin` are glue over the library.
const FLOORS: &[&[&str]] = &[
    &["sim"],
    &["words"],
    // The posts' rules, read off a scenario: above the engine, which never lints.
    &["lint"],
    &["studies", "content", "io"],
    &["charts"],
    // `room`: the workshop room's logic (uses `content`'s lessons); `serve`: `funnel-lab serve`
    // over it (native only), used by `cli` for its options.
    &["host", "room"],
    &["ui", "serve"],
    &["cli", "app"],
];

fn floor_of(room: &str) -> Option<usize> {
    FLOORS.iter().position(|f| f.contains(&room))
}

/// Every `crate::<room>` a file names in code (`use` trees and paths, test modules left out),
/// read with `syn`.
fn rooms_used(text: &str) -> Vec<String> {
    use syn::visit::Visit;
    #[derive(Default)]
    struct Uses(Vec<String>);
    impl<'a> Visit<'a> for Uses {
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            let is_test = m.attrs.iter().any(|a| {
                a.path().is_ident("cfg")
                    && a.parse_args::<syn::Meta>().is_ok_and(|meta| meta.path().is_ident("test"))
            });
            if !is_test {
                syn::visit::visit_item_mod(self, m);
            }
        }
        fn visit_path(&mut self, p: &'a syn::Path) {
            let mut segs = p.segments.iter();
            if segs.next().is_some_and(|s| s.ident == "crate") {
                if let Some(room) = segs.next() {
                    self.0.push(room.ident.to_string());
                }
            }
            syn::visit::visit_path(self, p);
        }
        fn visit_use_path(&mut self, u: &'a syn::UsePath) {
            if u.ident == "crate" {
                let mut rooms = Vec::new();
                collect_use_heads(&u.tree, &mut rooms);
                self.0.extend(rooms);
            } else {
                syn::visit::visit_use_path(self, u);
            }
        }
    }
    fn collect_use_heads(tree: &syn::UseTree, out: &mut Vec<String>) {
        match tree {
            syn::UseTree::Path(p) => out.push(p.ident.to_string()),
            syn::UseTree::Name(n) => out.push(n.ident.to_string()),
            syn::UseTree::Rename(r) => out.push(r.ident.to_string()),
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| collect_use_heads(t, out)),
            syn::UseTree::Glob(_) => {}
        }
    }
    let file = syn::parse_file(text).expect("every source file parses");
    let mut uses = Uses::default();
    uses.visit_file(&file);
    uses.0
}

#[test]
fn floors_use_only_the_floors_below() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    // Nothing loose at the top: the crate root, the binaries and one folder per room.
    let mut loose = Vec::new();
    for entry in std::fs::read_dir(&src).expect("src") {
        let path = entry.expect("entry").path();
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if path.is_dir() {
            if name != "bin" && floor_of(&name).is_none() {
                loose.push(format!("{name}/ (a folder on no floor)"));
            }
        } else if name != "lib.rs" {
            loose.push(name);
        }
    }
    assert!(loose.is_empty(), "loose at the top of src/: {loose:?}");
    let mut wrong = Vec::new();
    let mut seen = 0;
    for floor in FLOORS {
        for room in *floor {
            let mut files = Vec::new();
            rust_files(&src.join(room), &mut files);
            assert!(!files.is_empty(), "src/{room} has sources");
            for f in files {
                let text = std::fs::read_to_string(&f).expect("readable");
                for used in rooms_used(&text) {
                    seen += 1;
                    if used == *room {
                        continue;
                    }
                    match (floor_of(&used), floor_of(room)) {
                        (Some(a), Some(b)) if a < b => {}
                        _ => wrong.push(format!("{}: crate::{used}", f.display())),
                    }
                }
            }
        }
    }
    assert!(seen > 100, "the reader found the crate's paths ({seen})");
    wrong.sort();
    wrong.dedup();
    assert!(wrong.is_empty(), "a floor uses one above it or beside it:\n{}", wrong.join("\n"));
}

#[test]
fn the_floor_reader_sees_uses_and_paths_but_not_tests_or_comments() {
    let text = "use crate::{sim::X, words::format};\n// crate::app\nfn f() { crate::io::share::g() }\n#[cfg(test)]\nmod tests { use crate::app::Y; }\n";
    let mut rooms = rooms_used(text);
    rooms.sort();
    assert_eq!(rooms, ["io", "sim", "words"]);
}

/// Every `crate::…` path a file names in code, whole (`use` trees expanded; test modules left
/// out), read with `syn`.
fn crate_paths(text: &str) -> Vec<Vec<String>> {
    use syn::visit::Visit;
    #[derive(Default)]
    struct Paths(Vec<Vec<String>>);
    impl<'a> Visit<'a> for Paths {
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            let is_test = m.attrs.iter().any(|a| {
                a.path().is_ident("cfg")
                    && a.parse_args::<syn::Meta>().is_ok_and(|meta| meta.path().is_ident("test"))
            });
            if !is_test {
                syn::visit::visit_item_mod(self, m);
            }
        }
        fn visit_path(&mut self, p: &'a syn::Path) {
            let segs: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            if segs.first().is_some_and(|s| s == "crate") {
                self.0.push(segs[1..].to_vec());
            }
            syn::visit::visit_path(self, p);
        }
        fn visit_use_path(&mut self, u: &'a syn::UsePath) {
            if u.ident == "crate" {
                expand_use(&u.tree, &mut Vec::new(), &mut self.0);
            } else {
                syn::visit::visit_use_path(self, u);
            }
        }
    }
    fn expand_use(tree: &syn::UseTree, head: &mut Vec<String>, out: &mut Vec<Vec<String>>) {
        match tree {
            syn::UseTree::Path(p) => {
                head.push(p.ident.to_string());
                expand_use(&p.tree, head, out);
                head.pop();
            }
            syn::UseTree::Name(n) => {
                let mut path = head.clone();
                if n.ident != "self" {
                    path.push(n.ident.to_string());
                }
                out.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = head.clone();
                path.push(r.ident.to_string());
                out.push(path);
            }
            syn::UseTree::Group(g) => g.items.iter().for_each(|t| expand_use(t, head, out)),
            syn::UseTree::Glob(_) => {
                let mut path = head.clone();
                path.push("*".into());
                out.push(path);
            }
        }
    }
    let file = syn::parse_file(text).expect("every source file parses");
    let mut paths = Paths::default();
    paths.visit_file(&file);
    paths.0
}

/// Whether the page may name this item of the engine (`sim`) or the studies: the scenario's
/// types and validation, the presets, the reports' and inputs' types and the page's limits
/// (the linter is a floor of its own, `lint`, and the page's to run). Anything that builds a model or plays trials (the simulation, the exact path,
/// the solver, the studies' computations) is the workers' (issue #20: one crossing each way).
fn page_may_use(path: &[String]) -> bool {
    let is_type = |s: &str| s.chars().next().is_some_and(char::is_uppercase);
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    match p.as_slice() {
        ["sim", "Scenario" | "ScenarioSpec" | "Report" | "RunConfig" | "preset" | "PRESETS"] => {
            true
        }
        ["sim", "Scenario" | "ScenarioSpec", _] => true,
        // The scenario's types, its validation and schema upgrade.
        ["sim", "scenario", ..] => true,
        // The page's limits, checked against the workers' estimate.
        ["sim", "run", "RunError" | "MAX_TRIALS" | "check_page_work"] => true,
        // Setting one lever of the scenario by its field path (the what-it-takes panel's row
        // applied): an edit of the scenario, nothing computed.
        ["sim", "goal", "apply_lever"] => true,
        // The reports' and inputs' types (no functions).
        ["sim", "report" | "analysis" | "exact" | "goal", item] => is_type(item),
        // The scenario's plan shape in closed form: the stationary expected counts of its
        // stages from its numbers alone, no model built and nothing sampled (it draws the
        // shape next to every funnel the page names).
        ["sim", "model", "shape_counts"] => true,
        ["sim", ..] => false,
        // The studies' types and constants; their post tables (static data); nothing that
        // computes.
        ["studies", "metrics", "seed_tables"] => true,
        // The ladder file's presets and reading (as the scenario's presets and validation).
        ["studies", "ladder", "ladder_preset" | "ladder_preset_json" | "read_arms"] => true,
        ["studies", .., item] => {
            is_type(item) || item.chars().all(|c| c.is_uppercase() || c == '_')
        }
        _ => true,
    }
}

#[test]
fn the_page_uses_of_the_engine_only_scenarios_checks_and_report_types() {
    let app = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/app");
    let mut files = Vec::new();
    rust_files(&app, &mut files);
    let mut wrong = Vec::new();
    let mut seen = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).expect("readable");
        for path in crate_paths(&text) {
            if matches!(path.first().map(String::as_str), Some("sim" | "studies")) {
                seen += 1;
                if !page_may_use(&path) {
                    wrong.push(format!("{}: crate::{}", f.display(), path.join("::")));
                }
            }
        }
    }
    assert!(seen > 30, "the reader found the page's engine paths ({seen})");
    wrong.sort();
    wrong.dedup();
    assert!(
        wrong.is_empty(),
        "the page uses engine code that belongs in a worker:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn the_page_rule_refuses_the_simulation_and_allows_the_scenario() {
    let text = "use crate::sim::{Scenario, Simulation, scenario::FieldError, exact::{ExactResult, solve}};\nfn f() { crate::studies::ladder::ladder(); crate::lint::advise(); crate::sim::run::run(); }\n";
    let paths = crate_paths(text);
    let allowed: Vec<String> =
        paths.iter().filter(|p| page_may_use(p)).map(|p| p.join("::")).collect();
    let refused: Vec<String> =
        paths.iter().filter(|p| !page_may_use(p)).map(|p| p.join("::")).collect();
    assert_eq!(
        allowed,
        ["sim::Scenario", "sim::scenario::FieldError", "sim::exact::ExactResult", "lint::advise"]
    );
    assert_eq!(
        refused,
        ["sim::Simulation", "sim::exact::solve", "studies::ladder::ladder", "sim::run::run"]
    );
}

/// Whether a string literal's text (as written, quotes included) holds a Cyrillic letter.
fn is_russian(literal: &str) -> bool {
    literal.starts_with(['"', 'r']) && literal.chars().any(|c| matches!(c, 'А'..='я' | 'Ё' | 'ё'))
}

/// The Russian string literals of a file outside its phrase tables (`phrases!`) and test
/// modules, read with `syn` (inside other macros, such as `view!` and `format!`, token by token).
fn russian_outside_tables(text: &str) -> Vec<String> {
    use syn::visit::Visit;
    fn tokens(ts: proc_macro2::TokenStream, out: &mut Vec<String>) {
        for t in ts {
            match t {
                proc_macro2::TokenTree::Group(g) => tokens(g.stream(), out),
                proc_macro2::TokenTree::Literal(l) if is_russian(&l.to_string()) => {
                    out.push(l.to_string())
                }
                _ => {}
            }
        }
    }
    #[derive(Default)]
    struct Found(Vec<String>);
    impl<'a> Visit<'a> for Found {
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            let is_test = m.attrs.iter().any(|a| {
                a.path().is_ident("cfg")
                    && a.parse_args::<syn::Meta>().is_ok_and(|meta| meta.path().is_ident("test"))
            });
            if !is_test {
                syn::visit::visit_item_mod(self, m);
            }
        }
        fn visit_macro(&mut self, m: &'a syn::Macro) {
            if m.path.segments.last().is_some_and(|s| s.ident == "phrases") {
                return;
            }
            tokens(m.tokens.clone(), &mut self.0);
        }
        // Doc comments are attributes: words about the code, not words on the page.
        fn visit_attribute(&mut self, _: &'a syn::Attribute) {}
        fn visit_lit_str(&mut self, l: &'a syn::LitStr) {
            let text = l.token().to_string();
            if is_russian(&text) {
                self.0.push(text);
            }
        }
    }
    let file = syn::parse_file(text).expect("parses as Rust");
    let mut found = Found::default();
    found.visit_file(&file);
    found.0
}

#[test]
fn the_russian_reader_sees_literals_in_code_and_macros_but_not_tables_or_tests() {
    let text = r#"
        //! Модуль.
        /// Слово.
        fn a() -> &'static str { "Привет" }
        fn b() { let _ = view! { <p>{if en { "Hello" } else { "Пока" }}</p> }; }
        crate::words::phrases! { pub enum W { Hi => ("Привет", "Hi") } }
        #[cfg(test)]
        mod tests { fn c() { assert_eq!(x, "Тест"); } }
    "#;
    assert_eq!(russian_outside_tables(text), ["\"Привет\"", "\"Пока\""]);
    assert!(russian_outside_tables("fn a() -> &'static str { \"Hello, «x»\" }").is_empty());
}

#[test]
fn russian_words_live_in_phrase_tables() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut over = Vec::new();
    let mut seen = 0;
    for room in ["app", "ui", "charts"] {
        let mut files = Vec::new();
        rust_files(&src.join(room), &mut files);
        for f in files {
            let text = std::fs::read_to_string(&f).expect("readable");
            seen += text.matches("phrases!").count();
            let found = russian_outside_tables(&text);
            let name =
                f.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
            // No file is allowed any (issue #20 item 4 moved the last ones into tables).
            if !found.is_empty() {
                over.push(format!(
                    "src/{name}: {} Russian literals outside a phrases! table, e.g. {}",
                    found.len(),
                    found[0]
                ));
            }
        }
    }
    assert!(seen >= 3, "the phrase tables were found ({seen})");
    assert!(over.is_empty(), "move these words into a phrases! table:\n{}", over.join("\n"));
}
