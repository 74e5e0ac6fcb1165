//! The built-in scenarios, shipped as JSON under `assets/scenarios/` and embedded here: the
//! default B2B month, the five individual funnel shapes calibrated to one common plan, and the
//! product ladder (with and without its tripwire rung), whose rungs earn stage prices.

use super::scenario::{Scenario, ScenarioError};

/// A built-in scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Preset {
    /// Short name used on the command line and in URLs.
    pub key: &'static str,
    /// The scenario's JSON text.
    pub json: &'static str,
}

/// Every built-in, the default first.
pub const PRESETS: &[Preset] = &[
    Preset { key: "default", json: include_str!("../../assets/scenarios/default.json") },
    Preset { key: "trapezoid", json: include_str!("../../assets/scenarios/trapezoid.json") },
    Preset { key: "pipe", json: include_str!("../../assets/scenarios/pipe.json") },
    Preset { key: "barrel", json: include_str!("../../assets/scenarios/barrel.json") },
    Preset { key: "skirt", json: include_str!("../../assets/scenarios/skirt.json") },
    Preset { key: "guitar", json: include_str!("../../assets/scenarios/guitar.json") },
    Preset { key: "ladder", json: include_str!("../../assets/scenarios/ladder.json") },
    Preset {
        key: "ladder-no-tripwire",
        json: include_str!("../../assets/scenarios/ladder-no-tripwire.json"),
    },
];

/// The keys of the five shapes.
pub const SHAPES: [&str; 5] = ["trapezoid", "pipe", "barrel", "skirt", "guitar"];

/// Finds a built-in by key.
pub fn preset(key: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.key == key)
}

impl Preset {
    /// The validated scenario. Built-ins are checked by the tests, so this does not fail in
    /// practice; the `Result` keeps that a test's job rather than a panic's.
    pub fn scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::from_json(self.json)
    }

    /// The same scenario read without field paths ([`Scenario::from_checked_json`]): the
    /// simulation worker's way, so its wasm carries no path-tracking parser (the page keeps
    /// [`Preset::scenario`], which shares the parser it needs for imported files).
    pub fn checked_scenario(&self) -> Result<Scenario, ScenarioError> {
        Scenario::from_checked_json(self.json)
    }
}

/// The default scenario.
pub fn default_preset() -> &'static Preset {
    &PRESETS[0]
}
