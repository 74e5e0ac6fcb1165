//! Studies over the engine, one per page of tools: calibration from a CRM export, the metrics
//! post's calculators and lab, and the product ladder. Each is plain Rust over [`crate::sim`].

pub mod calibrate;
pub mod lab;
pub mod ladder;
pub mod metrics;
pub mod midmonth;
