//! Analyses over several scenarios on common random numbers: a paired A/B comparison, a
//! sensitivity (tornado) table, and a team of managers.
//!
//! Trial `i` of every scenario uses the stream `(seed, i)`, and within it every deal its own
//! stream named by its origin, so scenarios that differ in one parameter share all the luck they
//! can. The paired difference then has a much smaller standard error than two independent runs;
//! both are reported. Everything merges exactly and uses memory fixed by the scenarios.

mod compare;
mod paired;
mod sensitivity;
mod team;

pub use compare::{Comparison, ComparisonReport, DeltaRevenue, PairedAggregate};
pub use paired::PairedSums;
pub use sensitivity::{
    exact_sensitivity, variants, Effect, Sensitivity, SensitivityAggregate, SensitivityRow,
};
pub use team::{
    MemberReport, MemberSpec, Team, TeamAggregate, TeamReport, TeamRevenue, TeamSpec, EXAMPLE_TEAM,
};
