//! Funnel Lab: a Monte Carlo simulator of a fact-based sales funnel.
//!
//! The crate is built by layers; each folder is one floor and imports only from the floors
//! below it (`tests/tidy.rs` holds this):
//!
//! - [`sim`]: the engine (scenario, model, trials, the exact path, analyses), pure Rust;
//! - [`lint`]: the posts' rules for a fact-based funnel, checked on a scenario as advice (the
//!   page shows it beside the stages, the command line beside the report), never in a run;
//! - [`studies`]: what is computed over the engine for one page: the metrics post's
//!   calculators and lab, the product ladder, calibration from a CRM export;
//! - [`content`]: the workshop's lessons and the posts' concepts, as data;
//! - [`io`]: files and links: share links, the scenario library, CSV export;
//! - [`words`]: the page's words in both languages and the language-aware number format;
//! - [`charts`]: drawing on any plotters backend;
//! - [`host`]: the messages between the page and its workers, and the worker's side;
//! - [`ui`]: the page's view models and words, plain Rust tested natively;
//! - `app` (wasm only): the Leptos page, one folder per page; `cli` (native only): the command
//!   line; `room` and `serve` (native only): the workshop room's logic and `funnel-lab serve`,
//!   which serves the app, the phone page and the rooms.

pub mod charts;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod content;
pub mod host;
pub mod io;
pub mod lint;
#[cfg(not(target_arch = "wasm32"))]
pub mod room;
#[cfg(not(target_arch = "wasm32"))]
pub mod serve;
pub mod sim;
pub mod studies;
pub mod ui;
pub mod words;

#[cfg(target_arch = "wasm32")]
pub mod app;
