//! Typed messages between the page and the simulation worker.
//!
//! The page says `Hello` and waits for `Ready` before anything else (a worker drops messages
//! that arrive before it is listening). A run is driven batch by batch: the worker answers
//! `Run` and each `Continue` with one batch and a `Progress`, so between batches it is free to
//! hear `Cancel`, and a cancelled run stops within one batch. The last batch answers `Done`.

use serde::{Deserialize, Serialize};

use crate::sim::analysis::{ComparisonReport, SensitivityRow, TeamReport};
use crate::sim::exact::ExactConfig;
use crate::sim::{preset, Report, RunConfig, Scenario};
use crate::studies::calibrate::{
    calibrate, plan_check, CalibrateError, CalibrateOptions, Calibration, PlanCheck,
    PlanCheckConfig,
};
use crate::studies::lab::{
    cohort_ltv, coverage, cpl_trap, romi_returns, CohortParams, CohortReport, CoverageRow,
    CplParams, CplPoint, RomiParams, RomiPoint, COVERAGE_PRESETS,
};
use crate::studies::ladder::{ladder, period_revenue, LadderReport, PeriodRevenue};

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
    /// Starts job `id`: one experiment of the ladder or the metrics lab, run in one go (each
    /// takes well under a second).
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
    /// latest calibration.
    PlanCheck {
        /// Job id.
        id: u64,
        /// Parameter draws, trials, seed.
        config: PlanCheckConfig,
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
    /// `done` of `total` trials of run `id` are finished.
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
        result: Result<Box<crate::sim::exact::ExactResult>, String>,
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
    /// Run `id` could not start; the message says why.
    Failed {
        /// Run id.
        id: u64,
        /// Why, in words.
        message: String,
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
    /// A scenario (JSON) read as a product ladder, with a simulated period.
    Ladder {
        /// The scenario, as JSON.
        scenario: String,
        /// Trials of the period.
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
    /// (a)
    Cohort(Box<CohortReport>),
    /// (b)
    Cpl(Vec<CplPoint>),
    /// (c)
    Romi(Vec<RomiPoint>),
    /// (d)
    Coverage(Vec<CoverageRow>),
}

fn default_month() -> Result<Scenario, String> {
    preset("default").ok_or("no default preset")?.checked_scenario().map_err(|e| e.to_string())
}

/// How finely the page's exact line solves once an edit has settled. It prints P(plan) to
/// 0.1 pp, next to the bound, so a bound near ±0.1 pp (a target of 10⁻³ rather than the
/// default 5·10⁻⁴) is all it can show; that halves the grid (the default scenario: 32,768 cells,
/// not 65,536). The CLI, the tornado and the tests solve on the default grid.
pub const LINE_EXACT: ExactConfig =
    ExactConfig { target_error: 1e-3, max_cells: crate::sim::exact::DEFAULT_MAX_CELLS };

/// How finely each step of a drag solves: half the grid again (the default scenario: 16,384
/// cells, a bound near ±0.15 pp, shown with it), so the answer is on screen within a frame
/// (issue #11). When the edit settles, the line is solved again on [`LINE_EXACT`]'s grid.
pub const DRAG_EXACT: ExactConfig =
    ExactConfig { target_error: 2e-3, max_cells: crate::sim::exact::DEFAULT_MAX_CELLS };

/// The exact line for a scenario given as JSON (`quick`: a step of a drag): the result, or the
/// reason in one line.
pub fn exact_for(
    scenario: &str,
    quick: bool,
) -> Result<Box<crate::sim::exact::ExactResult>, String> {
    let s = Scenario::from_checked_json(scenario).map_err(|e| e.to_string())?;
    let config = if quick { DRAG_EXACT } else { LINE_EXACT };
    crate::sim::exact::solve_with(&s, &config).map(Box::new).map_err(|e| e.to_string())
}

impl LabJob {
    /// Runs the experiment; the error says why it could not.
    pub fn run(&self) -> Result<LabResult, String> {
        let text = |e: crate::studies::lab::LabError| e.to_string();
        Ok(match self {
            LabJob::Ladder { scenario, trials, seed } => {
                let s = Scenario::from_checked_json(scenario).map_err(|e| e.to_string())?;
                let config = RunConfig { trials: *trials, seed: *seed, ..RunConfig::default() };
                let period = period_revenue(&s, config).map_err(|e| e.to_string())?;
                LabResult::Ladder(Box::new(ladder(&s)), Box::new(period))
            }
            LabJob::Cohort(p, seed) => {
                LabResult::Cohort(Box::new(cohort_ltv(p, *seed).map_err(text)?))
            }
            LabJob::Cpl(p, seed) => {
                LabResult::Cpl(cpl_trap(&default_month()?, p, *seed).map_err(text)?)
            }
            LabJob::Romi(p, seed) => {
                LabResult::Romi(romi_returns(&default_month()?, p, *seed).map_err(text)?)
            }
            LabJob::Coverage { trials, seed } => {
                LabResult::Coverage(coverage(&COVERAGE_PRESETS, *trials, *seed).map_err(text)?)
            }
        })
    }
}

/// The lab's latest results, each filled when its job is done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabResults {
    /// The ladder page's scenario.
    pub ladder: Option<(LadderReport, PeriodRevenue)>,
    /// (a)
    pub cohort: Option<CohortReport>,
    /// (b)
    pub cpl: Option<Vec<CplPoint>>,
    /// (c)
    pub romi: Option<Vec<RomiPoint>>,
    /// (d)
    pub coverage: Option<Vec<CoverageRow>>,
}

impl LabResults {
    /// Files a finished job's result in its place.
    pub fn store(&mut self, r: LabResult) {
        match r {
            LabResult::Ladder(l, p) => self.ladder = Some((*l, *p)),
            LabResult::Cohort(c) => self.cohort = Some(*c),
            LabResult::Cpl(c) => self.cpl = Some(c),
            LabResult::Romi(r) => self.romi = Some(r),
            LabResult::Coverage(c) => self.coverage = Some(c),
        }
    }
}

/// The worker's calibration jobs: it keeps the latest good calibration so the plan check that
/// follows need not receive it back from the page.
#[derive(Debug, Default)]
pub struct Calibrator {
    last: Option<Calibration>,
}

impl Calibrator {
    /// Calibrates a file's text; a failure forgets the previous calibration, so a plan check
    /// after it cannot answer for another file.
    pub fn calibrate(
        &mut self,
        text: &str,
        options: &CalibrateOptions,
    ) -> Result<Calibration, CalibrateError> {
        let result = calibrate(text, options);
        self.last = result.as_ref().ok().cloned();
        result
    }

    /// P(plan) of the latest calibration; the error says why not.
    pub fn plan_check(&self, config: &PlanCheckConfig) -> Result<PlanCheck, String> {
        let cal = self.last.as_ref().ok_or("no calibration to check: read a file first")?;
        plan_check(cal, config).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Job;

    /// Whether two JSON values are equal, numbers to 1e-12 relative (serde_json's fast float
    /// parsing may miss the last bit).
    fn close(a: &serde_json::Value, b: &serde_json::Value) -> bool {
        use serde_json::Value as V;
        match (a, b) {
            (V::Number(x), V::Number(y)) => {
                let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
                x == y || (x - y).abs() <= 1e-12 * x.abs().max(y.abs())
            }
            (V::Array(x), V::Array(y)) => {
                x.len() == y.len() && x.iter().zip(y).all(|(x, y)| close(x, y))
            }
            (V::Object(x), V::Object(y)) => {
                x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| close(v, w)))
            }
            _ => a == b,
        }
    }

    fn survives(resp: &Response) -> bool {
        let text = serde_json::to_string(resp).expect("json");
        let back: Response = serde_json::from_str(&text).expect("parses");
        close(
            &serde_json::to_value(resp).expect("value"),
            &serde_json::to_value(&back).expect("value"),
        )
    }

    /// Every answer of a calibration survives the worker's JSON, infinite bounds included.
    #[test]
    fn calibration_jobs_round_trip_as_json() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/crm");
        let mut files: Vec<_> =
            std::fs::read_dir(dir).expect("fixtures").map(|e| e.expect("entry").path()).collect();
        files.push(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/samples/generic.csv").into());
        let mut worker = Calibrator::default();
        for path in files {
            let text = std::fs::read_to_string(&path).expect("reads");
            let req = Request::Calibrate { id: 1, text: text.clone(), options: Box::default() };
            let back: Request =
                serde_json::from_str(&serde_json::to_string(&req).expect("json")).expect("parses");
            assert_eq!(back, req);
            let result = worker.calibrate(&text, &CalibrateOptions::default());
            let cal = result.clone().unwrap_or_else(|e| panic!("{path:?}: {e}"));
            assert!(
                survives(&Response::Calibrated { id: 1, result: Box::new(result) }),
                "{path:?}"
            );
            let config = PlanCheckConfig { batches: 4, trials_per_batch: 20, seed: 1 };
            let check = worker.plan_check(&config).expect("checks");
            assert_eq!(check.shape.len(), cal.estimates.len());
            assert!(survives(&Response::PlanChecked { id: 2, check: Box::new(check) }), "{path:?}");
        }
        let err = worker.calibrate("deal_id,stage\n1,a\n", &CalibrateOptions::default());
        assert!(err.is_err());
        assert!(survives(&Response::Calibrated { id: 3, result: Box::new(err) }));
        assert!(worker.plan_check(&PlanCheckConfig::default()).is_err());
    }

    #[test]
    fn an_unbounded_interval_is_read_back() {
        let i = crate::studies::calibrate::Interval { low: 2.0, high: f64::INFINITY };
        let text = serde_json::to_string(&i).expect("json");
        assert_eq!(text, r#"{"low":2.0,"high":null}"#);
        assert_eq!(
            serde_json::from_str::<crate::studies::calibrate::Interval>(&text).expect("parses"),
            i
        );
    }

    /// Shards cover every trial once, and their summaries, sent as JSON and merged in shard
    /// order, give the very report of one run, for any pool size.
    #[test]
    fn shards_merged_from_json_give_the_same_report_for_any_pool() {
        use crate::sim::{Aggregate, Simulation};
        let scenario = preset("default").expect("built-in").scenario().expect("valid");
        let config = RunConfig { trials: 9_500, seed: 7, ..RunConfig::default() };
        let sim = Simulation::new(scenario, config).expect("ok");
        let whole = serde_json::to_string(&sim.run()).expect("json");
        for shards in [1, 2, 3, 4, 16] {
            let mut total = sim.empty();
            let mut covered = 0;
            for shard in 0..shards {
                let mut agg = sim.empty();
                for range in shard_batches(config.trials, shard, shards) {
                    covered += range.end - range.start;
                    agg.merge(&sim.run_batch(range));
                }
                assert_eq!(agg.trials(), shard_trials(config.trials, shard, shards));
                let text = serde_json::to_string(&agg).expect("json");
                let back: Aggregate = serde_json::from_str(&text).expect("parses");
                assert_eq!(back, agg, "a summary survives JSON exactly");
                total.merge(&back);
            }
            assert_eq!(covered, config.trials, "{shards} shards cover every trial once");
            let report = serde_json::to_string(&sim.report(&total)).expect("json");
            assert_eq!(report, whole, "{shards} shards");
        }
    }

    #[test]
    fn lab_jobs_round_trip_as_json_and_run() {
        let job = LabJob::Ladder {
            scenario: preset("ladder").map(|p| p.json.to_owned()).unwrap_or_default(),
            trials: 200,
            seed: 1,
        };
        let text = serde_json::to_string(&Request::Lab { id: 3, job: job.clone() }).expect("json");
        let back: Request = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, Request::Lab { id: 3, job: job.clone() });
        let mut results = LabResults::default();
        results.store(job.run().expect("runs"));
        let (l, p) = results.ladder.expect("stored");
        assert_eq!(l.flagship, 3);
        assert_eq!(p.trials, 200);
        let bad = LabJob::Ladder { scenario: "{".into(), trials: 200, seed: 1 };
        assert!(bad.run().is_err());
        let exact = exact_for(preset("default").map(|p| p.json).unwrap_or_default(), false)
            .expect("served");
        assert!((exact.p_plan - 0.5877).abs() < 0.001, "{}", exact.p_plan);
        // The line's coarser grid: half the default's cells, a bound within the 0.1 pp it
        // prints, and brackets that overlap the default solve's.
        let scenario = preset("default").and_then(|p| p.scenario().ok()).expect("default");
        let fine = crate::sim::exact::solve(&scenario).expect("served");
        assert_eq!(exact.grid.cells * 2, fine.grid.cells);
        assert!(exact.p_plan_error <= 1e-3, "{}", exact.p_plan_error);
        assert!(
            (exact.p_plan - fine.p_plan).abs() <= exact.p_plan_error + fine.p_plan_error,
            "{} ± {} vs {} ± {}",
            exact.p_plan,
            exact.p_plan_error,
            fine.p_plan,
            fine.p_plan_error
        );
        assert!(exact_for("{", false).is_err());
        // A drag's step: half the line's grid again, a bound it shows (under 0.2 pp), and a
        // bracket that overlaps the settled one's.
        let quick =
            exact_for(preset("default").map(|p| p.json).unwrap_or_default(), true).expect("served");
        assert_eq!(quick.grid.cells * 2, exact.grid.cells);
        assert!(quick.p_plan_error <= 2e-3, "{}", quick.p_plan_error);
        assert!((quick.p_plan - exact.p_plan).abs() <= quick.p_plan_error + exact.p_plan_error);
        let bad = LabJob::Coverage { trials: 5, seed: 1 };
        assert!(bad.run().expect_err("refused").contains("trials"));
    }
}
