//! The funnel engine of MODEL.md: pure Rust, seeded, with no clock, no DOM and no global RNG.
//!
//! A [`ScenarioSpec`] is validated into a [`Scenario`], turned into a [`Model`] (levers
//! applied, the individual funnel shape computed), and simulated trial by trial in a
//! [`Simulation`], whose batch [`Aggregate`]s merge exactly into one [`Report`]. Without the
//! capacity lever, [`exact::solve`] computes revenue's distribution without sampling.

pub mod aggregate;
pub mod analysis;
pub mod events;
pub mod exact;
pub mod fast_exp;
pub mod fft;
pub mod goal;
pub mod job;
pub mod model;
pub mod outcomes;
pub mod presets;
pub mod report;
pub mod rng;
pub mod run;
pub mod scenario;
pub mod stages;
pub mod stats;
pub mod trial;

pub use aggregate::Aggregate;
pub use exact::{solve, ExactConfig, ExactError, ExactResult};
pub use goal::{what_it_takes, GoalConfig, GoalResult};
pub use job::{Job, Summary};
pub use model::Model;
pub use presets::{preset, Preset, PRESETS};
pub use report::Report;
pub use run::{run, RunConfig, RunError, Simulation};
pub use scenario::{Scenario, ScenarioError, ScenarioSpec};
pub use trial::Method;
