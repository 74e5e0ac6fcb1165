//! Replays every fuzz input kept in the repository (`fuzz/corpus/<target>/`, the seeds in
//! `fuzz/seeds/<target>/` and the fixed crashes in `fuzz/artifacts/<target>/`) through the same
//! harness functions the fuzz targets call (`fuzz/harness.rs`, kept out of the crate's API and
//! compiled into both), so `cargo test` on stable
//! catches a regression on any of them without nightly or cargo-fuzz.

#[path = "../fuzz/harness.rs"]
mod harness;

use std::path::{Path, PathBuf};
use std::time::Instant;

type Harness = fn(&[u8]);

const TARGETS: [(&str, Harness); 6] = [
    ("scenario", harness::scenario),
    ("team", harness::team),
    ("lesson", harness::lesson),
    ("share", harness::share),
    ("csv", harness::csv),
    ("library", harness::library),
];

fn files(dir: &Path) -> Vec<PathBuf> {
    let Ok(read) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut out: Vec<PathBuf> = read
        .map(|e| e.expect("a directory entry").path())
        .filter(|p| {
            p.is_file() && p.file_name().is_some_and(|n| !n.to_string_lossy().starts_with('.'))
        })
        .collect();
    out.sort();
    out
}

fn replay(kind: &str, min_per_target: usize) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for (target, harness) in TARGETS {
        let inputs = files(&root.join(kind).join(target));
        assert!(
            inputs.len() >= min_per_target,
            "fuzz/{kind}/{target} holds {} inputs, expected at least {min_per_target}",
            inputs.len()
        );
        let start = Instant::now();
        for path in &inputs {
            let data = std::fs::read(path).expect("a fuzz input reads");
            let outcome = std::panic::catch_unwind(|| harness(&data));
            assert!(outcome.is_ok(), "{target} panicked on {}", path.display());
        }
        eprintln!("fuzz/{kind}/{target}: {} inputs in {:?}", inputs.len(), start.elapsed());
    }
}

#[test]
fn the_seeds_pass() {
    replay("seeds", 1);
}

#[test]
fn the_minimised_corpus_passes() {
    replay("corpus", 1);
}

#[test]
fn the_fixed_crashes_pass() {
    replay("artifacts", 0);
}
