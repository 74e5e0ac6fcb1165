//! The page's logic as plain Rust: routes, fields, run settings, stage edits and the words in
//! both languages. It compiles on every target and is tested natively; the Leptos components in
//! `app` only wire signals to it.

pub mod errors;
pub mod fields;
pub mod route;
pub mod settings;
pub mod stages;

// View models of the pages, plain Rust over the studies' and the engine's results.
pub mod calibrate_view;
pub mod goal_view;
pub mod history;
pub mod lab_view;
pub mod midmonth_view;
pub mod reveal;
pub mod room;
pub mod slides;
