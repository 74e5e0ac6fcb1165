//! Typed messages between the page and the simulation worker.
//!
//! The page says `Hello` and waits for `Ready` before anything else (a worker drops messages
//! that arrive before it is listening). A run is driven batch by batch: the worker answers
//! `Run` and each `Continue` with one batch and a `Progress`, so between batches it is free to
//! hear `Cancel`, and a cancelled run stops within one batch. The last batch answers `Done`.

use serde::{Deserialize, Serialize};

use crate::sim::analysis::{ComparisonReport, SensitivityRow, TeamReport};
use crate::sim::{Report, RunConfig};

/// Trials per batch: about 20–40 ms of work in the browser, so Cancel is heard well within
/// 100 ms and progress moves smoothly.
pub const BATCH_TRIALS: u64 = 2_000;

/// Page → worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Request {
    /// Handshake; the worker answers `Ready`.
    Hello,
    /// Starts run `id` of a scenario given as JSON, replacing any run in progress.
    Run {
        /// Run id, echoed in every answer.
        id: u64,
        /// The scenario, as JSON (validated again in the worker).
        scenario: String,
        /// Trials, seed, tolerance.
        config: RunConfig,
    },
    /// Starts job `id`: scenario A against B on common random numbers.
    Compare {
        /// Job id.
        id: u64,
        /// Scenario A, as JSON.
        a: String,
        /// Scenario B, as JSON.
        b: String,
        /// Trials, seed.
        config: RunConfig,
    },
    /// Starts job `id`: ±10% of each parameter of a scenario.
    Sensitivity {
        /// Job id.
        id: u64,
        /// The scenario, as JSON.
        scenario: String,
        /// Trials, seed.
        config: RunConfig,
    },
    /// Starts job `id`: a team file (members by preset or inline scenario).
    Team {
        /// Job id.
        id: u64,
        /// The team, as JSON.
        team: String,
        /// Trials, seed.
        config: RunConfig,
    },
    /// Runs the next batch of run `id`.
    Continue {
        /// Run id.
        id: u64,
    },
    /// Forgets run `id`.
    Cancel {
        /// Run id.
        id: u64,
    },
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker is listening.
    Ready,
    /// `done` of `total` trials of run `id` are finished.
    Progress {
        /// Run id.
        id: u64,
        /// Trials done.
        done: u64,
        /// Trials in the run.
        total: u64,
    },
    /// Run `id` finished.
    Done {
        /// Run id.
        id: u64,
        /// Its report.
        report: Box<Report>,
    },
    /// Comparison `id` finished.
    Compared {
        /// Job id.
        id: u64,
        /// Its report.
        report: Box<ComparisonReport>,
    },
    /// Sensitivity `id` finished.
    Sensitivities {
        /// Job id.
        id: u64,
        /// Its rows, largest effect first.
        rows: Vec<SensitivityRow>,
    },
    /// Team `id` finished.
    TeamDone {
        /// Job id.
        id: u64,
        /// Its report.
        report: Box<TeamReport>,
    },
    /// Run `id` could not start; the message says why.
    Failed {
        /// Run id.
        id: u64,
        /// Why, in words.
        message: String,
    },
}
