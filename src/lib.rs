//! Funnel Lab: a Monte Carlo simulator of a fact-based sales funnel.
//!
//! The engine ([`sim`]) is pure Rust and runs the same natively (the `funnel-lab` command
//! line) and in the browser's Web Worker; the rest of the crate is the front ends over it.

pub mod calibrate;
pub mod calibrate_view;
pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod concepts;
pub mod csv_export;
pub mod format;
pub mod fuzzing;
pub mod history;
pub mod lab;
pub mod lab_view;
pub mod ladder;
pub mod lessons;
pub mod library;
pub mod metrics;
pub mod protocol;
pub mod reveal;
#[cfg(not(target_arch = "wasm32"))]
pub mod room;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod share;
pub mod sim;
pub mod ui;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod worker;
