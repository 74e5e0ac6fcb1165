//! Running trials: the run's settings, batches of trials, and the report.
//!
//! Trial `i` of a run always uses the stream `(seed, i)`, and batch summaries merge exactly, so
//! any split of `0..trials` into batches (one call, many, in any worker) gives the same report.

use std::ops::Range;

use super::aggregate::{Aggregate, ReportHeader};
use super::job::Job;
use super::model::Model;
use super::report::Report;
use super::rng::TrialRng;
use super::scenario::{FieldError, FieldErrorKind, Scenario, Shown};
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

/// Most work one trial may take, in outcome-table draws ([`Model::work_per_trial`]): 0.1–0.2 s
/// natively and well under a second in the browser's worker, and its deals fit in a few tens of MB. It refuses
/// scenarios no month of one seller's funnel needs (e.g. 100,000 leads a day for a year: 3.7e7
/// deals a trial, over a minute a trial) before they can hang a page.
pub const MAX_TRIAL_WORK: f64 = 2.5e6;

/// Most work the page sends to its workers at once (trials × work per trial): the engine's
/// [`MAX_TRIALS`] trials of the default month (114.8 units a trial) with a little room. Such a
/// run takes minutes, not seconds, but it shows its progress and can be cancelled at any batch,
/// and its memory does not grow with trials (a summary is histograms and sums); the bound keeps a
/// typo in a heavier scenario (up to [`MAX_TRIAL_WORK`] a trial) from starting a run of hours.
/// The command line, which the user waits for on purpose, is not held to it.
pub const MAX_PAGE_WORK: f64 = 1.2e9;

/// Checks what a whole job costs against [`MAX_PAGE_WORK`]: `work_per_trial` summed over every
/// scenario it plays each trial. The error says the most trials that would fit.
pub fn check_page_work(trials: u64, work_per_trial: f64) -> Result<(), RunError> {
    if trials as f64 * work_per_trial <= MAX_PAGE_WORK {
        Ok(())
    } else {
        Err(RunError::PageWork { trials, most: (MAX_PAGE_WORK / work_per_trial.max(1.0)) as u64 })
    }
}

/// Why a run's settings were refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error, serde::Serialize, serde::Deserialize)]
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
    /// One trial of this scenario is over [`MAX_TRIAL_WORK`].
    #[error(
        "one trial would create about {deals:.0} deals ({work:.0} units of work; the limit is 2500000 so that a run ends within seconds): lower the inflow, the working days or the pipeline on day 1"
    )]
    TrialWork {
        /// Expected deals a trial.
        deals: f64,
        /// Its work.
        work: f64,
    },
    /// A job over [`MAX_PAGE_WORK`] asked of the page.
    #[error(
        "trials: {trials} is more than this page runs at once for this scenario (at most {most}; the page's bound on one job is ten million trials of the default month); the command line has no such limit"
    )]
    PageWork {
        /// Trials asked for.
        trials: u64,
        /// The most that fit.
        most: u64,
    },
    /// The forced method cannot play this scenario.
    #[error("method: {0:?} cannot simulate this scenario (capacity lever or rework)")]
    Method(Method),
}

impl RunError {
    /// The refused setting as a field error with its kind, for a page that words it; `None`
    /// for errors that are not about one setting.
    pub fn field_error(&self) -> Option<FieldError> {
        let outside =
            |value, lo, hi| FieldErrorKind::Outside { value, lo, hi, hi_open: false, of: None };
        match self {
            RunError::Trials(n) => Some(FieldError::new(
                "trials",
                outside(Shown::Nat(*n), Shown::Nat(1), Shown::Nat(MAX_TRIALS)),
            )),
            RunError::Tolerance(x) => Some(FieldError::new(
                "tolerance",
                outside(Shown::Real(*x), Shown::Real(0.0), Shown::Real(1.0)),
            )),
            RunError::Variant(_)
            | RunError::Method(_)
            | RunError::TrialWork { .. }
            | RunError::PageWork { .. } => None,
        }
    }
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
        let work = model.work_per_trial();
        if !(work <= MAX_TRIAL_WORK) {
            return Err(RunError::TrialWork { deals: model.expected_deals(), work });
        }
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

    fn work_per_trial(&self) -> f64 {
        self.model().work_per_trial()
    }

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
            },
        )
    }
}

/// Runs a scenario with the given settings.
pub fn run(scenario: &Scenario, config: RunConfig) -> Result<Report, RunError> {
    Ok(Simulation::new(scenario.clone(), config)?.run())
}
