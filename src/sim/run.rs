//! Running trials: the run's settings, batches of trials, and the report.
//!
//! Trial `i` of a run always uses the stream `(seed, i)`, and batch summaries merge exactly, so
//! any split of `0..trials` into batches (one call, many, in any worker) gives the same report.

use std::ops::Range;

use super::advice::advise;
use super::aggregate::{Aggregate, ReportHeader};
use super::job::Job;
use super::model::Model;
use super::report::Report;
use super::rng::TrialRng;
use super::scenario::Scenario;
use super::trial::{Method, Trial};

/// Most trials one run may have.
pub const MAX_TRIALS: u64 = 10_000_000;
/// Default number of trials.
pub const DEFAULT_TRIALS: u64 = 10_000;
/// Default seed.
pub const DEFAULT_SEED: u64 = 1;
/// Default tolerance of the mid-month check: the posts' "any downward deviation".
pub const DEFAULT_SHAPE_TOLERANCE: f64 = 0.0;

/// How to run a scenario.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RunConfig {
    /// Independent months to simulate, 1..=10,000,000.
    pub trials: u64,
    /// Seed of the run.
    pub seed: u64,
    /// The mid-month check: warn when a stage's recorded count or budget at the checkpoint is
    /// below (1 − this) of its plan shape.
    pub shape_tolerance: f64,
    /// Simulation method; `Auto` unless a test or benchmark wants a particular one.
    #[serde(default)]
    pub method: Method,
}

impl Default for RunConfig {
    fn default() -> Self {
        RunConfig {
            trials: DEFAULT_TRIALS,
            seed: DEFAULT_SEED,
            shape_tolerance: DEFAULT_SHAPE_TOLERANCE,
            method: Method::Auto,
        }
    }
}

/// Why a run's settings were refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum RunError {
    /// Trials outside 1..=MAX_TRIALS.
    #[error("trials: {0} is outside 1..={MAX_TRIALS}")]
    Trials(u64),
    /// Tolerance outside 0..=1.
    #[error("tolerance: {0} is outside 0..=1")]
    Tolerance(f64),
    /// A variant scenario of an analysis is invalid.
    #[error("variant: {0}")]
    Variant(String),
    /// The forced method cannot play this scenario.
    #[error("method: {0:?} cannot simulate this scenario (capacity lever or rework)")]
    Method(Method),
}

impl RunConfig {
    /// Checks the settings.
    pub fn validate(&self) -> Result<(), RunError> {
        if !(1..=MAX_TRIALS).contains(&self.trials) {
            return Err(RunError::Trials(self.trials));
        }
        if !(0.0..=1.0).contains(&self.shape_tolerance) {
            return Err(RunError::Tolerance(self.shape_tolerance));
        }
        Ok(())
    }
}

/// A scenario with its run settings, ready to run in batches.
#[derive(Clone, Debug)]
pub struct Simulation {
    scenario: Scenario,
    model: Model,
    config: RunConfig,
}

impl Simulation {
    /// Prepares a run.
    pub fn new(scenario: Scenario, config: RunConfig) -> Result<Self, RunError> {
        config.validate()?;
        let model = Model::new(&scenario);
        let fits = match config.method {
            Method::Auto | Method::DayByDay => true,
            Method::Outcomes => model.outcomes.is_some(),
            Method::PerDeal => model.capacity.is_none(),
        };
        if !fits {
            return Err(RunError::Method(config.method));
        }
        Ok(Simulation { scenario, model, config })
    }

    /// The derived model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The settings.
    pub fn config(&self) -> &RunConfig {
        &self.config
    }

    /// Plays trial `i` of the run into `trial`.
    pub fn play(&self, i: u64, trial: &mut Trial) {
        let mut rng = TrialRng::for_trial(self.config.seed, i);
        trial.simulate_with(&self.model, &mut rng, self.config.method);
    }

    /// Adds a played trial to a summary.
    pub fn record(&self, agg: &mut Aggregate, trial: &Trial) {
        agg.record(&self.model, trial, self.config.shape_tolerance);
    }

    /// The plan.
    pub fn plan(&self) -> f64 {
        self.model.plan
    }
}

impl Job for Simulation {
    type Summary = Aggregate;
    type Report = Report;

    fn trials(&self) -> u64 {
        self.config.trials
    }

    fn empty(&self) -> Aggregate {
        Aggregate::new(&self.model)
    }

    /// Runs trials `range` (indices into the run's trials) into a fresh summary.
    fn run_batch(&self, range: Range<u64>) -> Aggregate {
        let mut agg = self.empty();
        let mut trial = Trial::default();
        for i in range {
            self.play(i, &mut trial);
            self.record(&mut agg, &trial);
        }
        agg
    }

    fn report(&self, agg: &Aggregate) -> Report {
        let spec = self.scenario.spec();
        agg.report(
            &self.model,
            ReportHeader {
                scenario: spec.name.clone(),
                currency: spec.currency.clone(),
                seed: self.config.seed,
                shape_tolerance: self.config.shape_tolerance,
                warnings: advise(spec),
            },
        )
    }
}

/// Runs a scenario with the given settings.
pub fn run(scenario: &Scenario, config: RunConfig) -> Result<Report, RunError> {
    Ok(Simulation::new(scenario.clone(), config)?.run())
}
