//! Embeds every lesson file of `assets/lessons/` (sorted by name), so a trainer adds a lesson by
//! adding a JSON file, without touching code.
//!
//! For native builds it also embeds what `funnel-lab serve` serves: the phone page
//! (`assets/phone/`) and, when it was built, the app (`dist/`, or the folder `FUNNEL_LAB_DIST`
//! names), each file with a gzip copy made here once, and the app's Content-Security-Policy.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // Read at run time: `env!` would freeze the directory of whichever checkout first compiled
    // this script, and a target directory shared between worktrees would embed its lessons.
    let root = std::env::var("CARGO_MANIFEST_DIR").unwrap_or_else(|_| ".".into());
    let dir = Path::new(&root).join("assets/lessons");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .map(|rd| rd.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "json"));
    files.sort();
    let mut out = String::from("/// Every lesson file, as (file name, JSON text).\npub const LESSON_FILES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed={}", f.display());
        let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let _ = writeln!(out, "    ({name:?}, include_str!({:?})),", f.display().to_string());
    }
    out.push_str("];\n");
    let dest =
        Path::new(&std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into())).join("lessons.rs");
    if let Err(e) = std::fs::write(&dest, out) {
        panic!("cannot write {}: {e}", dest.display());
    }
    embed_served(Path::new(&root));
}

/// Files whose gzip copy is worth serving.
fn compressible(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some(
            "html" | "js" | "mjs" | "css" | "wasm" | "json" | "svg" | "webmanifest" | "txt" | "map"
        )
    )
}

fn files_under(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = rd.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        // Hidden entries (trunk's `.stage` while it builds) are not the app.
        if p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')) {
            continue;
        }
        if p.is_dir() {
            files_under(&p, out);
        } else if p.extension().is_none_or(|e| e != "gz") {
            out.push(p);
        }
    }
}

/// Writes `embedded.rs`: `(url path, bytes, gzip bytes or empty)` tables for the app and the
/// phone page, and the app's CSP.
fn embed_served(root: &Path) {
    let out_dir = std::path::PathBuf::from(std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into()));
    let dest = out_dir.join("embedded.rs");
    println!("cargo:rerun-if-env-changed=FUNNEL_LAB_DIST");
    let native = std::env::var("CARGO_CFG_TARGET_ARCH").map_or(true, |a| a != "wasm32");
    let mut text = String::new();
    let phone = root.join("assets/phone");
    println!("cargo:rerun-if-changed={}", phone.display());
    // The wasm build (trunk, writing into dist/ meanwhile) never looks at dist/: watching it
    // would rebuild the page after every trunk build.
    let dist = if !native {
        None
    } else {
        match std::env::var("FUNNEL_LAB_DIST") {
            Ok(d) if !d.is_empty() => {
                let d = std::path::PathBuf::from(d);
                assert!(
                    d.join("index.html").is_file(),
                    "FUNNEL_LAB_DIST={} has no index.html",
                    d.display()
                );
                Some(d)
            }
            _ => Some(root.join("dist")).filter(|d| d.join("index.html").is_file()),
        }
    };
    if let Some(d) = &dist {
        println!("cargo:rerun-if-changed={}", d.display());
    }
    let gz_dir = out_dir.join("gz");
    let mut n = 0usize;
    for (name, dir) in [("PHONE_FILES", Some(phone)), ("DIST_FILES", dist.clone())] {
        let mut files = Vec::new();
        if native {
            if let Some(dir) = &dir {
                files_under(dir, &mut files);
            }
        }
        let _ = writeln!(text, "/// Embedded files: (URL path, bytes, gzip bytes or empty).\npub const {name}: &[(&str, &[u8], &[u8])] = &[");
        for f in &files {
            let rel = f.strip_prefix(dir.as_deref().unwrap_or(root)).unwrap_or(f);
            let url = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let mut gz = String::from("&[]");
            if compressible(f) {
                let raw = std::fs::read(f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
                let mut enc =
                    flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
                let packed = std::io::Write::write_all(&mut enc, &raw).and_then(|()| enc.finish());
                if let Ok(packed) = packed {
                    if packed.len() < raw.len() {
                        let _ = std::fs::create_dir_all(&gz_dir);
                        let p = gz_dir.join(format!("{n}.gz"));
                        n += 1;
                        std::fs::write(&p, packed)
                            .unwrap_or_else(|e| panic!("{}: {e}", p.display()));
                        gz = format!("include_bytes!({:?})", p.display().to_string());
                    }
                }
            }
            let _ = writeln!(
                text,
                "    ({url:?}, include_bytes!({:?}), {gz}),",
                f.display().to_string()
            );
        }
        text.push_str("];\n");
    }
    // The policy the app's page declares, sent as a header too (and on the phone page).
    println!("cargo:rerun-if-changed={}", root.join("index.html").display());
    let index = dist.map_or_else(|| root.join("index.html"), |d| d.join("index.html"));
    let html = std::fs::read_to_string(&index).unwrap_or_default();
    let csp = html
        .split("http-equiv=\"Content-Security-Policy\"")
        .nth(1)
        .and_then(|rest| rest.split("content=\"").nth(1))
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("default-src 'self'");
    let _ = writeln!(text, "/// The app's Content-Security-Policy (from its index.html).\npub const CSP: &str = {csp:?};");
    let _ = writeln!(text, "/// Whether the app (`dist/`) was built before this binary.\npub const HAS_APP: bool = {};", !text.contains("DIST_FILES: &[(&str, &[u8], &[u8])] = &[\n];"));
    if let Err(e) = std::fs::write(&dest, text) {
        panic!("cannot write {}: {e}", dest.display());
    }
}
