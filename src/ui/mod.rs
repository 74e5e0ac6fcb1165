//! The page's logic as plain Rust: routes, fields, run settings, stage edits and the words in
//! both languages. It compiles on every target and is tested natively; the Leptos components in
//! `app` only wire signals to it.

pub mod errors;
pub mod fields;
pub mod i18n;
pub mod route;
pub mod settings;
pub mod stages;
