//! Typed messages between the page and the simulation worker.
//!
//! The page says `Hello` and waits for `Ready` before anything else (a worker drops messages
//! that arrive before it is listening). A run is driven batch by batch: the worker answers
//! `Run` and each `Continue` with one batch and a `Progress`, so between batches it is free to
//! hear `Cancel`, and a cancelled run stops within one batch. The last batch answers `Done`.
//! Comparisons, sensitivities, teams, lab and ladder experiments and the plan check step alike.

use serde::{Deserialize, Serialize};

use crate::sim::analysis::{ComparisonReport, SensitivityRow, TeamReport};
use crate::sim::{Report, RunConfig};
use crate::studies::calibrate::{
    CalibrateError, CalibrateOptions, Calibration, PlanCheck, PlanCheckConfig,
};
use crate::studies::lab::{
    CohortParams, CohortReport, CoverageRow, CplParams, CplPoint, RomiParams, RomiPoint,
};
use crate::studies::ladder::{LadderReport, PeriodRevenue};

/// Why a job could not be done: typed, so that the page words it in its own language.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum JobError {
    /// The run's settings or its size were refused.
    #[error("{0}")]
    Run(#[from] crate::sim::run::RunError),
    /// The exact path cannot serve the scenario (only the Monte Carlo plays it).
    #[error("{0}")]
    Exact(#[from] crate::sim::exact::ExactError),
    /// The scenario, team or other input could not be read; the engine's words (the page
    /// validates a scenario before it sends it, so this is rare).
    #[error("{0}")]
    Input(String),
    /// A study (lab, ladder, plan check) could not be computed; the engine's words.
    #[error("{0}")]
    Study(String),
    /// A plan check was asked before any file was calibrated.
    #[error("no calibration to check: read a file first")]
    NoCalibration,
    /// The simulation worker could not be started; the browser's words.
    #[error("the simulation worker could not start: {0}")]
    Worker(String),
}

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
    /// Starts shard `shard` of `shards` of run `id`: the worker plays the run's batches
    /// `shard, shard + shards, …` (of [`BATCH_TRIALS`] each) and answers `Progress` after each
    /// and `Shard` with its summary at the end. The page merges the shards (exactly), so the
    /// report is the same whatever the number of workers.
    RunShard {
        /// Run id.
        id: u64,
        /// The scenario, as JSON.
        scenario: String,
        /// Trials, seed, tolerance of the whole run.
        config: RunConfig,
        /// This worker's shard, 0-based.
        shard: u32,
        /// Workers in the pool.
        shards: u32,
    },
    /// Job `id`: merges the shards' summaries of a pooled run (in shard order, exactly) and
    /// answers `Done` with the report, so the page never builds the model.
    Merge {
        /// Run id.
        id: u64,
        /// The scenario, as JSON.
        scenario: String,
        /// Trials, seed, tolerance of the whole run.
        config: RunConfig,
        /// Every shard's summary, by shard.
        parts: Vec<crate::sim::Aggregate>,
    },
    /// Job `id`: what one trial of a scenario (JSON) costs, in the page's work units, or why
    /// the scenario cannot run; answered at once, a running job left alone. The page checks a
    /// run's trials against it before it asks for the run.
    Estimate {
        /// Job id.
        id: u64,
        /// The scenario, as JSON.
        scenario: String,
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
    /// Starts job `id`: one experiment of the ladder or the metrics lab, played step by step
    /// like a run (`Progress` after each step, `Continue` for the next; see [`super::steps`]).
    Lab {
        /// Job id.
        id: u64,
        /// The experiment.
        job: LabJob,
    },
    /// Starts job `id`: the exact path (no sampling) for a scenario, answered at once.
    Exact {
        /// Job id.
        id: u64,
        /// The scenario, as JSON.
        scenario: String,
        /// A step of a drag: solve on the coarser grid of [`DRAG_EXACT`] rather than
        /// [`LINE_EXACT`].
        #[serde(default)]
        quick: bool,
    },
    /// Job `id`: what it takes (issue #21) for a scenario given as JSON to reach P(plan) =
    /// `target`. The worker prepares the question (the base and the commit line) and answers
    /// `GoalHead` at once; then each `GoalNext` searches one lever of its shard (levers
    /// `shard, shard + shards, …`) and answers `GoalRow`, so rows stream in, a newer request
    /// replaces this one between two rows, and several workers share the table. A running job
    /// is left alone.
    Goal {
        /// Job id.
        id: u64,
        /// The scenario, as JSON.
        scenario: String,
        /// The chance to reach, in (0, 1).
        target: f64,
        /// This worker's shard of the levers, 0-based.
        #[serde(default)]
        shard: u32,
        /// Workers sharing the levers (0 or 1: all of them here).
        #[serde(default)]
        shards: u32,
    },
    /// Searches the next lever of what-it-takes job `id`; a job replaced or finished answers
    /// nothing.
    GoalNext {
        /// Job id.
        id: u64,
    },
    /// Starts job `id`: reads a CRM export's text and estimates its funnel, in one go (a
    /// 200,000-row file takes well under a second); the worker keeps the calibration for a
    /// `PlanCheck` after it.
    Calibrate {
        /// Job id.
        id: u64,
        /// The file's text.
        text: String,
        /// Format, stage order, as-of date, calendar.
        options: Box<CalibrateOptions>,
    },
    /// Starts job `id`: P(plan) for the rest of the month and the shape check of the worker's
    /// latest calibration, played step by step like a run.
    PlanCheck {
        /// Job id.
        id: u64,
        /// Parameter draws, trials, seed.
        config: PlanCheckConfig,
    },
    /// Runs the next batch (step) of job `id`.
    Continue {
        /// Run id.
        id: u64,
    },
    /// Forgets job `id`.
    Cancel {
        /// Run id.
        id: u64,
    },
    /// Test hook: the worker panics (its profile aborts on panic, so the wasm instance dies as it
    /// would out of memory). The page sends it only when `localStorage["funnel-lab.test.crash-worker"]`
    /// is `"1"` as a run starts (and clears the key), so that a browser test can check the page
    /// recovers: the failure said, the worker replaced, the run done again.
    Crash,
}

/// Worker → page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Response {
    /// The worker is listening.
    Ready,
    /// `done` of `total` units of job `id` are finished: trials (a ladder's simulated months),
    /// or growth rates for the LTV cohorts.
    Progress {
        /// Run id.
        id: u64,
        /// Trials done.
        done: u64,
        /// Trials in the run.
        total: u64,
    },
    /// Shard `shard` of run `id` finished: the summary of its trials.
    Shard {
        /// Run id.
        id: u64,
        /// Which shard.
        shard: u32,
        /// Its summary.
        aggregate: Box<crate::sim::Aggregate>,
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
    /// Lab job `id` finished.
    LabDone {
        /// Job id.
        id: u64,
        /// Its result.
        result: Box<LabResult>,
    },
    /// Exact job `id` finished: the distribution, or why the exact path cannot serve the
    /// scenario (it then runs by Monte Carlo only).
    ExactDone {
        /// Job id.
        id: u64,
        /// The result or the reason.
        result: Result<Box<crate::sim::exact::ExactResult>, JobError>,
    },
    /// What-it-takes job `id` is prepared: everything but the levers (the commit line, the
    /// plan lever, P(plan) now), or why it cannot be answered.
    GoalHead {
        /// Job id.
        id: u64,
        /// The head, or the reason in one line.
        result: Result<Box<crate::sim::goal::GoalHead>, String>,
    },
    /// One lever of what-it-takes job `id`, searched.
    GoalRow {
        /// Job id.
        id: u64,
        /// The lever's index (0..the head's `levers`).
        index: u32,
        /// Its answer.
        row: Box<crate::sim::goal::LeverGoal>,
        /// Whether this worker's shard has more levers to search.
        more: bool,
    },
    /// Estimate `id`: work units a trial, or why one trial is over the engine's limit.
    Estimated {
        /// Job id.
        id: u64,
        /// Work per trial, or the refusal.
        work: Result<f64, JobError>,
    },
    /// Calibration `id` finished: the estimates, or why the file could not be read.
    Calibrated {
        /// Job id.
        id: u64,
        /// The calibration or its error.
        result: Box<Result<Calibration, CalibrateError>>,
    },
    /// Plan check `id` finished.
    PlanChecked {
        /// Job id.
        id: u64,
        /// P(plan) and the shape check.
        check: Box<PlanCheck>,
    },
    /// Job `id` could not start or finish; the error says why.
    Failed {
        /// Job id.
        id: u64,
        /// Why.
        error: JobError,
    },
}

/// The trials of shard `shard` of `shards` in a run of `trials`: batches of [`BATCH_TRIALS`]
/// dealt round-robin, so every worker gets a fair share and any pool size covers each trial
/// exactly once.
pub fn shard_batches(
    trials: u64,
    shard: u32,
    shards: u32,
) -> impl Iterator<Item = std::ops::Range<u64>> {
    let shards = u64::from(shards.max(1));
    let batches = trials.div_ceil(BATCH_TRIALS);
    (u64::from(shard)..batches).step_by(shards as usize).map(move |b| {
        let start = b * BATCH_TRIALS;
        start..(start + BATCH_TRIALS).min(trials)
    })
}

/// Trials in shard `shard` of `shards`.
pub fn shard_trials(trials: u64, shard: u32, shards: u32) -> u64 {
    shard_batches(trials, shard, shards).map(|r| r.end - r.start).sum()
}

/// One experiment of the ladder page or the metrics lab.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LabJob {
    /// A ladder file (JSON), read exactly, with a simulated month.
    Ladder {
        /// The ladder file, as JSON.
        ladder: String,
        /// Trials of the period.
        trials: u64,
        /// Seed.
        seed: u64,
    },
    /// The arms of a ladder lesson: each ladder file (JSON) read exactly, with a simulated
    /// month.
    LadderArms {
        /// The ladder files, baseline first.
        ladders: Vec<String>,
        /// Trials of each month.
        trials: u64,
        /// Seed.
        seed: u64,
    },
    /// (a) LTV = ARPU / churn against the cohorts.
    Cohort(CohortParams, u64),
    /// (b) The CPL trap on the default month.
    Cpl(CplParams, u64),
    /// (c) ROMI against returns and margin on the default month.
    Romi(RomiParams, u64),
    /// The tripwire's break-even on the built-in ladders (a constant of the presets, computed
    /// by a worker rather than on the page).
    BreakEven,
    /// (d) Pipeline coverage against P(plan) for the built-in funnels.
    Coverage {
        /// Trials per funnel.
        trials: u64,
        /// Seed.
        seed: u64,
    },
}

/// What a [`LabJob`] gives.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum LabResult {
    /// The ladder and its period.
    Ladder(Box<LadderReport>, Box<PeriodRevenue>),
    /// A ladder lesson's arms, in order.
    LadderArms(Vec<(LadderReport, PeriodRevenue)>),
    /// (a)
    Cohort(Box<CohortReport>),
    /// (b)
    Cpl(Vec<CplPoint>),
    /// (c)
    Romi(Vec<RomiPoint>),
    /// (d)
    Coverage(Vec<CoverageRow>),
    /// The share of lead-magnet users who, without a tripwire, would have to go straight to the
    /// selling session for the ladder to earn per lead what the one with a tripwire earns; and
    /// the share the file without it assumes.
    BreakEven(Option<(f64, f64)>),
}
