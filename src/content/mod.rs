//! What the app teaches, as data embedded at build time: the workshop's lessons
//! (`assets/lessons/`), the posts' concepts (`assets/concepts.json`) and the preset picker's
//! cards (`assets/scenarios/cards.json`).

pub mod concepts;
pub mod lessons;
pub mod presets;
