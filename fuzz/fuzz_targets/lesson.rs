//! Fuzz target: see `harness::lesson` (`fuzz/harness.rs`, which `tests/fuzz_corpus.rs` replays).
#![no_main]

#[path = "../harness.rs"]
#[allow(dead_code)]
mod harness;

libfuzzer_sys::fuzz_target!(|data: &[u8]| harness::lesson(data));
