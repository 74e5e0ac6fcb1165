//! Fuzz target: see `funnel_lab::fuzzing::library`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| funnel_lab::fuzzing::library(data));
