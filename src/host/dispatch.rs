//! The worker's side of the seam as plain Rust: a [`Dispatcher`] takes each [`Request`] and
//! gives the [`Response`]s to send back, in order. It holds at most one long job — a run, a
//! comparison, a sensitivity, a team, or a lab, ladder or plan-check job ([`super::steps`]) —
//! played one step per request (the job's request, then `Continue` after each `Progress`), so
//! between steps the worker hears `Cancel`; the quick ones (exact, estimate, merge, calibration)
//! answer at once.
//! The wasm worker (`host::worker`) is a shim that passes messages through it, so everything
//! here is tested natively.

use std::collections::VecDeque;
use std::ops::Range;

use super::protocol::{
    shard_batches, shard_trials, JobError, LabJob, LabResult, Request, Response, BATCH_TRIALS,
};
use super::steps::Steps;
use crate::sim::analysis::{Comparison, Sensitivity, Team, TeamSpec};
use crate::sim::exact::ExactConfig;
use crate::sim::goal::Goal;
use crate::sim::job::{batch_of, batches, Job, Summary};
use crate::sim::run::check_page_work;
use crate::sim::{preset, RunConfig};
use crate::sim::{Aggregate, Scenario, Simulation};
use crate::studies::calibrate::{
    calibrate, plan_check, CalibrateError, CalibrateOptions, Calibration, PlanCheck,
    PlanCheckConfig,
};
use crate::studies::lab::{cohort_ltv, coverage, cpl_trap, romi_returns, COVERAGE_PRESETS};
use crate::studies::ladder::{ladder, period_revenue, Ladder};

/// A job in progress, whatever its kind: the worker drives every [`Job`] alike.
trait Running {
    /// Plays the next batch; false when none is left.
    fn step(&mut self) -> bool;
    /// Trials played, and trials to play in all.
    fn progress(&self) -> (u64, u64);
    /// The answer once every batch is played.
    fn answer(&mut self, id: u64) -> Response;
}

/// A [`Job`] with its summary so far, the batches still to play (next first) and how its
/// answer is made from them.
struct InProgress<J: Job> {
    job: J,
    summary: J::Summary,
    batches: VecDeque<Range<u64>>,
    total: u64,
    answer: Answer<J>,
}

/// How a finished job's answer is made: from its id, the job and its summary.
type Answer<J> = Box<dyn Fn(u64, &J, &<J as Job>::Summary) -> Response>;

impl<J: Job> InProgress<J> {
    /// The whole job, in batches of [`BATCH_TRIALS`] plain trials.
    fn whole(
        job: J,
        answer: impl Fn(u64, &J, &J::Summary) -> Response + 'static,
    ) -> Box<dyn Running>
    where
        J: 'static,
    {
        let batches = batches(job.trials(), batch_of::<J>(BATCH_TRIALS)).collect();
        let (summary, total) = (job.empty(), job.trials());
        Box::new(InProgress { job, summary, batches, total, answer: Box::new(answer) })
    }
}

impl<J: Job> Running for InProgress<J> {
    fn step(&mut self) -> bool {
        if let Some(range) = self.batches.pop_front() {
            self.summary.merge(&self.job.run_batch(range));
        }
        !self.batches.is_empty()
    }

    fn progress(&self) -> (u64, u64) {
        (self.summary.trials(), self.total)
    }

    fn answer(&mut self, id: u64) -> Response {
        (self.answer)(id, &self.job, &self.summary)
    }
}

/// A lab, ladder or plan-check job steps like a run (see [`super::steps`]).
impl Running for Steps {
    fn step(&mut self) -> bool {
        Steps::step(self)
    }

    fn progress(&self) -> (u64, u64) {
        Steps::progress(self)
    }

    fn answer(&mut self, id: u64) -> Response {
        Steps::answer(self, id)
    }
}

/// A job and its id.
struct Active {
    id: u64,
    job: Box<dyn Running>,
}

fn scenario(json: &str) -> Result<Scenario, JobError> {
    Scenario::from_checked_json(json).map_err(|e| JobError::Input(e.to_string()))
}

/// `job` if its `trials` fit the page's budget on one job (MODEL.md's bounded work; the page
/// checks first, this keeps a worker from ever starting more). A shard is checked with its
/// whole run's trials.
fn within_budget<J: Job>(job: J, trials: u64) -> Result<J, JobError> {
    Ok(check_page_work(trials, job.work_per_trial()).map(|()| job)?)
}

/// A started job, or why it could not start.
type Started = Result<Box<dyn Running>, JobError>;

/// The job a request starts, with the request's id (`None` for a request that starts none).
fn prepare(req: Request) -> Option<(u64, Started)> {
    Some(match req {
        Request::Run { id, scenario: s, config } => {
            let job = scenario(&s)
                .and_then(|s| Ok(Simulation::new(s, config)?))
                .and_then(|sim| within_budget(sim, config.trials))
                .map(|sim| {
                    InProgress::whole(sim, |id, sim, agg| Response::Done {
                        id,
                        report: Box::new(sim.report(agg)),
                    })
                });
            (id, job)
        }
        Request::RunShard { id, scenario: s, config, shard, shards } => {
            // A shard plays the run's batches `shard, shard + shards, …` and answers with its
            // summary; its progress counts up to its own trials.
            let job = scenario(&s)
                .and_then(|s| Ok(Simulation::new(s, config)?))
                .and_then(|sim| within_budget(sim, config.trials))
                .map(|sim| -> Box<dyn Running> {
                    let summary = sim.empty();
                    Box::new(InProgress {
                        job: sim,
                        summary,
                        batches: shard_batches(config.trials, shard, shards).collect(),
                        total: shard_trials(config.trials, shard, shards),
                        answer: Box::new(move |id, _, agg: &Aggregate| Response::Shard {
                            id,
                            shard,
                            aggregate: Box::new(agg.clone()),
                        }),
                    })
                });
            (id, job)
        }
        Request::Compare { id, a, b, config } => {
            let job = scenario(&a)
                .and_then(|a| Ok((a, scenario(&b)?)))
                .and_then(|(a, b)| Ok(Comparison::new(a, b, config)?))
                .and_then(|cmp| within_budget(cmp, config.trials))
                .map(|cmp| {
                    InProgress::whole(cmp, |id, cmp, agg| Response::Compared {
                        id,
                        report: Box::new(cmp.report(agg)),
                    })
                });
            (id, job)
        }
        Request::Sensitivity { id, scenario: s, config } => {
            let job = scenario(&s)
                .and_then(|s| Ok(Sensitivity::new(s, config)?))
                .and_then(|sens| within_budget(sens, config.trials))
                .map(|sens| {
                    InProgress::whole(sens, |id, sens, agg| Response::Sensitivities {
                        id,
                        rows: sens.report(agg),
                    })
                });
            (id, job)
        }
        Request::Team { id, team, config } => {
            let job = TeamSpec::from_checked_json(&team)
                .and_then(|spec| {
                    spec.resolve(|f| Err(format!("{f}: the page cannot read files")))
                        .map(|members| (spec, members))
                })
                .map_err(JobError::Input)
                .and_then(|(spec, members)| Ok(Team::new(spec.name, spec.plan, members, config)?))
                .and_then(|team| within_budget(team, config.trials))
                .map(|team| {
                    InProgress::whole(team, |id, team, agg| Response::TeamDone {
                        id,
                        report: Box::new(team.report(agg)),
                    })
                });
            (id, job)
        }
        _ => return None,
    })
}

/// The tornado by the exact path, when it serves the scenario.
fn exact_tornado(json: &str) -> Option<Vec<crate::sim::analysis::SensitivityRow>> {
    let scenario = Scenario::from_checked_json(json).ok()?;
    crate::sim::analysis::exact_sensitivity(&scenario).ok()
}

/// A what-it-takes question being answered lever by lever: the next lever of this worker's
/// shard, and the stride between its levers.
struct GoalJob {
    id: u64,
    goal: Goal,
    next: usize,
    stride: usize,
}

/// The worker's state: at most one job, at most one what-it-takes question (beside it), and
/// the latest calibration for its plan check.
#[derive(Default)]
pub struct Dispatcher {
    active: Option<Active>,
    goal: Option<GoalJob>,
    calibrator: Calibrator,
}

impl Dispatcher {
    /// A worker with nothing to do.
    pub fn new() -> Dispatcher {
        Dispatcher::default()
    }

    /// The id of the job in progress, if one is.
    pub fn active(&self) -> Option<u64> {
        self.active.as_ref().map(|a| a.id)
    }

    /// Plays the active job's next batch: its progress, or its answer when it is done.
    fn step(&mut self) -> Option<Response> {
        let active = self.active.as_mut()?;
        if active.job.step() {
            let (done, total) = active.job.progress();
            Some(Response::Progress { id: active.id, done, total })
        } else {
            let response = active.job.answer(active.id);
            self.active = None;
            Some(response)
        }
    }

    /// Handles one request and gives what to answer, in order. `Crash` belongs to the shim (a
    /// real panic must happen in the worker); here it answers nothing.
    pub fn on(&mut self, msg: Request) -> Vec<Response> {
        match msg {
            Request::Hello => vec![Response::Ready],
            Request::Continue { id } => {
                if self.active.as_ref().is_some_and(|a| a.id == id) {
                    self.step().into_iter().collect()
                } else {
                    Vec::new()
                }
            }
            Request::Lab { id, job } => {
                // Played step by step like a run; it replaces whatever ran.
                let job = Steps::lab(&job).map(|s| Box::new(s) as Box<dyn Running>);
                self.start(id, job)
            }
            Request::Exact { id, scenario, quick } => {
                // Answered at once and leaves a running job alone: the page asks for it on every
                // step of a drag, possibly while a run plays.
                let result = exact_for(&scenario, quick);
                vec![Response::ExactDone { id, result }]
            }
            Request::Estimate { id, scenario: json } => {
                let work = scenario(&json)
                    .and_then(|s| Ok(Simulation::new(s, RunConfig::default())?))
                    .map(|sim| sim.model().work_per_trial());
                vec![Response::Estimated { id, work }]
            }
            Request::Merge { id, scenario: json, config, parts } => {
                // The shards' summaries, merged in shard order: exactly the run's.
                self.active = None;
                let sim = scenario(&json).and_then(|s| Ok(Simulation::new(s, config)?));
                vec![match sim {
                    Ok(sim) => {
                        let mut total = sim.empty();
                        for part in &parts {
                            total.merge(part);
                        }
                        Response::Done { id, report: Box::new(sim.report(&total)) }
                    }
                    Err(error) => Response::Failed { id, error },
                }]
            }
            Request::Goal { id, scenario, target, shard, shards } => {
                // Like the exact line, a running job is left alone; a newer question replaces
                // an older one.
                self.goal = None;
                let prepared =
                    Scenario::from_checked_json(&scenario).map_err(|e| e.to_string()).and_then(
                        |s| Goal::new(&s, &page_goal_config(target)).map_err(|e| e.to_string()),
                    );
                let result = match prepared {
                    Ok(goal) => {
                        let head = goal.head();
                        let stride = shards.max(1) as usize;
                        self.goal = Some(GoalJob { id, goal, next: shard as usize, stride });
                        Ok(Box::new(head))
                    }
                    Err(message) => Err(message),
                };
                vec![Response::GoalHead { id, result }]
            }
            Request::GoalNext { id } => {
                let Some(job) = self.goal.as_mut().filter(|g| g.id == id) else {
                    return Vec::new();
                };
                if job.next >= job.goal.len() {
                    self.goal = None;
                    return Vec::new();
                }
                let index = job.next;
                let row = Box::new(job.goal.lever(index));
                job.next += job.stride;
                let more = job.next < job.goal.len();
                if !more {
                    self.goal = None;
                }
                vec![Response::GoalRow { id, index: index as u32, row, more }]
            }
            Request::Calibrate { id, text, options } => {
                // One file in one go, like a lab job: it replaces whatever ran.
                self.active = None;
                let result = self.calibrator.calibrate(&text, &options);
                vec![Response::Calibrated { id, result: Box::new(result) }]
            }
            Request::PlanCheck { id, config } => {
                // Stepped too: the point estimates' trials, then the parameter draws.
                let job = match &self.calibrator.last {
                    Some(cal) => Steps::plan(cal, &config),
                    None => Err(JobError::NoCalibration),
                };
                self.start(id, job.map(|s| Box::new(s) as Box<dyn Running>))
            }
            Request::Cancel { id } => {
                if self.active.as_ref().is_some_and(|a| a.id == id) {
                    self.active = None;
                }
                Vec::new()
            }
            Request::Crash => Vec::new(),
            start => {
                // A tornado the exact path can serve is answered at once, without sampling.
                if let Request::Sensitivity { id, scenario, .. } = &start {
                    if let Some(rows) = exact_tornado(scenario) {
                        self.active = None;
                        return vec![Response::Sensitivities { id: *id, rows }];
                    }
                }
                let Some((id, job)) = prepare(start) else { return Vec::new() };
                self.start(id, job)
            }
        }
    }

    /// Makes `job` the active one (replacing whatever ran) and plays its first step; a job
    /// that could not start fails with its reason.
    fn start(&mut self, id: u64, job: Started) -> Vec<Response> {
        match job {
            Ok(job) => {
                self.active = Some(Active { id, job });
                self.step().into_iter().collect()
            }
            Err(error) => {
                self.active = None;
                vec![Response::Failed { id, error }]
            }
        }
    }
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
) -> Result<Box<crate::sim::exact::ExactResult>, JobError> {
    let s = self::scenario(scenario)?;
    let config = if quick { DRAG_EXACT } else { LINE_EXACT };
    Ok(crate::sim::exact::solve_with(&s, &config).map(Box::new)?)
}

/// The page's what-it-takes table for a scenario given as JSON: searched on the engine's coarse
/// grid and verified on the exact line's settled grid ([`LINE_EXACT`], the bound the page
/// shows), or the reason in one line.
pub fn goal_for(scenario: &str, target: f64) -> Result<Box<crate::sim::goal::GoalResult>, String> {
    use crate::sim::goal::what_it_takes;
    let s = Scenario::from_checked_json(scenario).map_err(|e| e.to_string())?;
    what_it_takes(&s, &page_goal_config(target)).map(Box::new).map_err(|e| e.to_string())
}

/// The grids of the page's what-it-takes table for the chance `target`: the engine's coarse
/// search grid, each answer verified once on the exact line's settled grid ([`LINE_EXACT`]),
/// and the slope behind its error measured on the search grid (two coarse solves a lever
/// rather than two fine ones: the ladder's whole table under a second).
pub fn page_goal_config(target: f64) -> crate::sim::goal::GoalConfig {
    use crate::sim::goal::{GoalConfig, SlopeGrid};
    GoalConfig { target, verify: LINE_EXACT, slope: SlopeGrid::Search, ..GoalConfig::default() }
}

/// The tripwire's break-even on the built-in ladders, and the share the one without a tripwire
/// assumes (see [`LabResult::BreakEven`]).
pub(super) fn tripwire_break_even() -> Option<(f64, f64)> {
    use crate::studies::ladder::{break_even_share, ladder_preset};
    let with = ladder_preset("ladder")?;
    let without = ladder_preset("ladder-no-tripwire")?;
    let assumed = without.rungs[0].next.iter().find(|m| m.to == 1).map(|m| m.share)?;
    Some((break_even_share(&with, &without, 0, 1)?, assumed))
}

impl LabJob {
    /// Runs the experiment; the error says why it could not.
    pub fn run(&self) -> Result<LabResult, String> {
        let text = |e: crate::studies::lab::LabError| e.to_string();
        Ok(match self {
            LabJob::Ladder { ladder: text, trials, seed } => {
                let l = Ladder::from_json(text).map_err(|e| e.to_string())?;
                let period = period_revenue(&l, *trials, *seed);
                LabResult::Ladder(Box::new(ladder(&l)), Box::new(period))
            }
            LabJob::LadderArms { ladders, trials, seed } => LabResult::LadderArms(
                ladders
                    .iter()
                    .map(|text| {
                        let l = Ladder::from_json(text).map_err(|e| e.to_string())?;
                        Ok((ladder(&l), period_revenue(&l, *trials, *seed)))
                    })
                    .collect::<Result<_, String>>()?,
            ),
            LabJob::BreakEven => LabResult::BreakEven(tripwire_break_even()),
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
    pub fn plan_check(&self, config: &PlanCheckConfig) -> Result<PlanCheck, JobError> {
        let cal = self.last.as_ref().ok_or(JobError::NoCalibration)?;
        plan_check(cal, config).map_err(|e| JobError::Study(e.to_string()))
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
            ladder: crate::studies::ladder::LADDER_PRESETS[0].json.to_owned(),
            trials: 200,
            seed: 1,
        };
        let text = serde_json::to_string(&Request::Lab { id: 3, job: job.clone() }).expect("json");
        let back: Request = serde_json::from_str(&text).expect("parses");
        assert_eq!(back, Request::Lab { id: 3, job: job.clone() });
        let LabResult::Ladder(l, p) = job.run().expect("runs") else {
            panic!("a ladder job answers with a ladder")
        };
        assert_eq!(l.flagship, 4);
        assert_eq!(p.trials, 200);
        let bad = LabJob::Ladder { ladder: "{".into(), trials: 200, seed: 1 };
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

/// The dispatch itself, natively: what the page sees of a worker, message by message.
#[cfg(test)]
mod dispatch_tests {
    use super::*;
    use crate::sim::goal::LeverGoal;

    fn default_json() -> String {
        preset("default").map(|p| p.json.to_owned()).unwrap_or_default()
    }

    /// Drives job `id` to its end as the page does: `Continue` after every `Progress`.
    fn drive(d: &mut Dispatcher, first: Vec<Response>, id: u64) -> (Response, usize) {
        let mut answers = first;
        let mut progress = 0;
        loop {
            let last = answers.pop().expect("every step answers");
            assert!(answers.is_empty(), "one answer a step");
            match last {
                Response::Progress { id: p, done, total } => {
                    assert_eq!(p, id);
                    assert!(done <= total);
                    progress += 1;
                    answers = d.on(Request::Continue { id });
                }
                done => return (done, progress),
            }
        }
    }

    #[test]
    fn hello_is_answered_ready() {
        assert_eq!(Dispatcher::new().on(Request::Hello), vec![Response::Ready]);
    }

    /// A run played batch by batch through the dispatch gives the very report of one
    /// `Simulation::run`, with one progress message per batch but the last.
    #[test]
    fn a_run_through_the_dispatch_is_the_engine_run() {
        let config = RunConfig { trials: 9_000, seed: 3, ..RunConfig::default() };
        let mut d = Dispatcher::new();
        let first = d.on(Request::Run { id: 7, scenario: default_json(), config });
        assert_eq!(d.active(), Some(7));
        let (done, progress) = drive(&mut d, first, 7);
        let Response::Done { id, report } = done else { panic!("a run ends Done: {done:?}") };
        assert_eq!(id, 7);
        assert_eq!(progress as u64, config.trials.div_ceil(BATCH_TRIALS) - 1);
        let scenario = Scenario::from_json(&default_json()).expect("valid");
        let direct = Simulation::new(scenario, config).expect("runs").run();
        assert_eq!(serde_json::to_string(&*report).ok(), serde_json::to_string(&direct).ok());
        assert_eq!(d.active(), None);
    }

    /// Shards through two dispatchers, merged in order, give the same report as one run.
    #[test]
    fn shards_through_two_dispatchers_merge_into_the_run() {
        let config = RunConfig { trials: 7_000, seed: 5, ..RunConfig::default() };
        let scenario = Scenario::from_json(&default_json()).expect("valid");
        let sim = Simulation::new(scenario, config).expect("runs");
        let mut total = sim.empty();
        for shard in 0..2 {
            let mut d = Dispatcher::new();
            let req =
                Request::RunShard { id: 1, scenario: default_json(), config, shard, shards: 2 };
            let first = d.on(req);
            let (answer, _) = drive(&mut d, first, 1);
            let Response::Shard { shard: s, aggregate, .. } = answer else {
                panic!("a shard ends Shard: {answer:?}")
            };
            assert_eq!(s, shard);
            assert_eq!(aggregate.trials(), shard_trials(config.trials, shard, 2));
            total.merge(&aggregate);
        }
        assert_eq!(
            serde_json::to_string(&sim.report(&total)).ok(),
            serde_json::to_string(&sim.run()).ok()
        );
    }

    /// Cancel forgets the job: a later `Continue` for it answers nothing, and one for another
    /// id never touched it.
    #[test]
    fn cancel_stops_a_run_and_stray_continues_are_ignored() {
        let config = RunConfig { trials: 10_000, seed: 1, ..RunConfig::default() };
        let mut d = Dispatcher::new();
        let first = d.on(Request::Run { id: 2, scenario: default_json(), config });
        assert!(matches!(first.as_slice(), [Response::Progress { id: 2, .. }]));
        assert!(d.on(Request::Continue { id: 99 }).is_empty());
        assert!(d.on(Request::Cancel { id: 99 }).is_empty());
        assert_eq!(d.active(), Some(2), "another id's cancel leaves the run");
        assert!(d.on(Request::Cancel { id: 2 }).is_empty());
        assert_eq!(d.active(), None);
        assert!(d.on(Request::Continue { id: 2 }).is_empty());
    }

    /// A job that cannot start says why, in one `Failed`, and leaves nothing running.
    #[test]
    fn a_refused_job_fails_with_its_reason() {
        let mut d = Dispatcher::new();
        let config = RunConfig { trials: 1_000, seed: 1, ..RunConfig::default() };
        let answers = d.on(Request::Run { id: 4, scenario: "{".into(), config });
        assert!(matches!(answers.as_slice(), [Response::Failed { id: 4, .. }]), "{answers:?}");
        // Over the page's budget on one job: refused before any trial.
        let huge = RunConfig { trials: 100_000_000, ..config };
        let answers = d.on(Request::Run { id: 5, scenario: default_json(), config: huge });
        assert!(matches!(answers.as_slice(), [Response::Failed { id: 5, .. }]), "{answers:?}");
        assert_eq!(d.active(), None);
        // A plan check before any calibration.
        let answers = d.on(Request::PlanCheck { id: 6, config: PlanCheckConfig::default() });
        assert!(matches!(answers.as_slice(), [Response::Failed { id: 6, .. }]), "{answers:?}");
    }

    /// The exact line is answered at once and leaves a running job alone; a lab job replaces it
    /// and steps like a run: the run's id is quiet from then on.
    #[test]
    fn exact_answers_beside_a_run_and_a_lab_job_replaces_it() {
        let config = RunConfig { trials: 10_000, seed: 1, ..RunConfig::default() };
        let mut d = Dispatcher::new();
        d.on(Request::Run { id: 8, scenario: default_json(), config });
        let answers = d.on(Request::Exact { id: 9, scenario: default_json(), quick: true });
        assert!(
            matches!(answers.as_slice(), [Response::ExactDone { id: 9, result: Ok(_) }]),
            "{answers:?}"
        );
        assert_eq!(d.active(), Some(8));
        let job = LabJob::Coverage { trials: 200, seed: 1 };
        let answers = d.on(Request::Lab { id: 10, job });
        assert!(
            matches!(answers.as_slice(), [Response::Progress { id: 10, done: 200, total: 1_200 }]),
            "one funnel's trials a step: {answers:?}"
        );
        assert_eq!(d.active(), Some(10));
        assert!(d.on(Request::Continue { id: 8 }).is_empty(), "the run was replaced");
        let (answer, progress) = drive(&mut d, answers, 10);
        assert!(matches!(answer, Response::LabDone { id: 10, .. }), "{answer:?}");
        assert_eq!(progress, 5, "six funnels, six steps");
        assert_eq!(d.active(), None);
    }

    /// Drives what-it-takes job `id` on one dispatcher: its head, then `GoalNext` after every
    /// row with more to come; the rows by index.
    fn goal_rows(d: &mut Dispatcher, id: u64, first: Vec<Response>) -> Vec<(u32, LeverGoal)> {
        let [Response::GoalHead { id: h, result: Ok(_) }] = first.as_slice() else {
            panic!("a question is answered with its head: {first:?}");
        };
        assert_eq!(*h, id);
        let mut rows = Vec::new();
        loop {
            let answers = d.on(Request::GoalNext { id });
            let [Response::GoalRow { id: r, index, row, more }] = answers.as_slice() else {
                assert!(answers.is_empty(), "{answers:?}");
                return rows;
            };
            assert_eq!(*r, id);
            rows.push((*index, (**row).clone()));
            if !more {
                assert!(d.on(Request::GoalNext { id }).is_empty(), "a finished shard is quiet");
                return rows;
            }
        }
    }

    /// The head comes at once and leaves a run alone; rows stream one per `GoalNext`; two
    /// workers' shards, assembled, are the very table of one whole solve; a newer question
    /// replaces an older one between two rows.
    #[test]
    fn goal_streams_rows_beside_a_run_and_shards_assemble_into_the_table() {
        let mut d = Dispatcher::new();
        let config = RunConfig { trials: 20_000, ..RunConfig::default() };
        let first = d.on(Request::Run { id: 1, scenario: default_json(), config });
        assert!(matches!(first.as_slice(), [Response::Progress { id: 1, .. }]), "{first:?}");
        let ask = |id, shard, shards| Request::Goal {
            id,
            scenario: default_json(),
            target: 0.8,
            shard,
            shards,
        };
        let first = d.on(ask(2, 0, 1));
        let Response::GoalHead { result: Ok(head), .. } = &first[0] else { panic!("{first:?}") };
        let head = (**head).clone();
        // Five stages × (conversion, days), one inflow, the budget; the plan is in the head.
        assert_eq!(head.levers, 12);
        let whole = goal_rows(&mut d, 2, first);
        assert_eq!(whole.len(), 12);
        assert_eq!(d.active(), Some(1), "the run is left alone");
        let table = head.assemble(whole.into_iter().map(|r| r.1).collect());
        let direct = goal_for(&default_json(), 0.8).expect("answers");
        assert_eq!(serde_json::to_string(&table).ok(), serde_json::to_string(&direct).ok());
        for l in table.levers.iter().filter(|l| l.reachable) {
            let (p, e) =
                (l.p_plan_at_needed.unwrap_or(0.0), l.p_plan_at_needed_error.unwrap_or(1.0));
            // Each answer lands on the target within its grid's bound and the search's stop.
            assert!((p - 0.8).abs() <= e + 2e-3, "{}: {p} ± {e}", l.lever);
        }
        // Two workers, each its shard: every lever once, and the same table.
        let mut rows = Vec::new();
        for shard in 0..2 {
            let mut w = Dispatcher::new();
            let first = w.on(ask(3, shard, 2));
            let part = goal_rows(&mut w, 3, first);
            assert!(part.iter().all(|(i, _)| *i % 2 == shard), "{shard}: its own levers");
            rows.extend(part);
        }
        rows.sort_by_key(|r| r.0);
        assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), (0..12).collect::<Vec<_>>());
        let sharded = head.assemble(rows.into_iter().map(|r| r.1).collect());
        assert_eq!(serde_json::to_string(&sharded).ok(), serde_json::to_string(&direct).ok());
        // A newer question replaces the older between two rows: the old id is quiet.
        d.on(ask(4, 0, 1));
        assert_eq!(d.on(Request::GoalNext { id: 4 }).len(), 1);
        d.on(ask(5, 0, 1));
        assert!(d.on(Request::GoalNext { id: 4 }).is_empty());
        assert_eq!(d.on(Request::GoalNext { id: 5 }).len(), 1);
        let bad = d.on(Request::Goal {
            id: 6,
            scenario: default_json(),
            target: 1.5,
            shard: 0,
            shards: 1,
        });
        assert!(
            matches!(bad.as_slice(), [Response::GoalHead { id: 6, result: Err(m) }] if m.contains("target")),
            "{bad:?}"
        );
        assert!(d.on(Request::GoalNext { id: 6 }).is_empty());
    }
}
