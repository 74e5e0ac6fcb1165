//! Source invariants, checked by reading the code (as rust-analyzer's tidy tests do).
//!
//! The engine stays pure and portable: `src/sim/` never mentions a browser crate, a clock or a
//! global RNG, and takes its transcendental functions from `libm` so that a seed gives the same
//! numbers natively and in WebAssembly.

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
