//! The simulation worker: runs the engine's jobs in batches off the page's thread.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsValue;

use std::collections::VecDeque;
use std::ops::Range;

use crate::host::protocol::{
    shard_batches, shard_trials, Calibrator, Request, Response, BATCH_TRIALS,
};
use crate::sim::analysis::{Comparison, Sensitivity, Team, TeamSpec};
use crate::sim::job::{batch_of, batches, Job, Summary};
use crate::sim::run::check_page_work;
use crate::sim::{Aggregate, Scenario, Simulation};

/// Messages between page and worker travel as JSON text: the scenario and report types use
/// serde attributes (optional and skipped fields) that a non-self-describing codec mishandles.
pub struct JsonCodec;

impl gloo_worker::Codec for JsonCodec {
    fn encode<I: serde::Serialize>(input: I) -> JsValue {
        JsValue::from_str(&serde_json::to_string(&input).unwrap_or_default())
    }

    fn decode<O: for<'de> serde::Deserialize<'de>>(input: JsValue) -> O {
        let text = input.as_string().unwrap_or_default();
        // The page and the worker are built from one crate, so a message always parses.
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("malformed worker message: {e}"))
    }
}

/// A job in progress, whatever its kind: the worker drives every [`Job`] alike.
trait Running {
    /// Plays the next batch; false when none is left.
    fn step(&mut self) -> bool;
    /// Trials played, and trials to play in all.
    fn progress(&self) -> (u64, u64);
    /// The answer once every batch is played.
    fn answer(&self, id: u64) -> Response;
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

    fn answer(&self, id: u64) -> Response {
        (self.answer)(id, &self.job, &self.summary)
    }
}

/// A job and its id.
struct Active {
    id: u64,
    job: Box<dyn Running>,
}

/// The worker's state: at most one job, and the latest calibration for its plan check.
pub struct SimWorker {
    active: Option<Active>,
    calibrator: Calibrator,
}

fn scenario(json: &str) -> Result<Scenario, String> {
    Scenario::from_checked_json(json).map_err(|e| e.to_string())
}

/// `job` if its `trials` fit the page's budget on one job (MODEL.md's bounded work; the page
/// checks first, this keeps a worker from ever starting more). A shard is checked with its
/// whole run's trials.
fn within_budget<J: Job>(job: J, trials: u64) -> Result<J, String> {
    check_page_work(trials, job.work_per_trial()).map(|()| job).map_err(|e| e.to_string())
}

/// A started job, or why it could not start.
type Started = Result<Box<dyn Running>, String>;

/// The job a request starts, with the request's id (`None` for a request that starts none).
fn prepare(req: Request) -> Option<(u64, Started)> {
    Some(match req {
        Request::Run { id, scenario: s, config } => {
            let job = scenario(&s)
                .and_then(|s| Simulation::new(s, config).map_err(|e| e.to_string()))
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
                .and_then(|s| Simulation::new(s, config).map_err(|e| e.to_string()))
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
                .and_then(|(a, b)| Comparison::new(a, b, config).map_err(|e| e.to_string()))
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
                .and_then(|s| Sensitivity::new(s, config).map_err(|e| e.to_string()))
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
                    let members =
                        spec.resolve(|f| Err(format!("{f}: the page cannot read files")))?;
                    Team::new(spec.name, spec.plan, members, config).map_err(|e| e.to_string())
                })
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

impl SimWorker {
    fn step(&mut self, scope: &WorkerScope<Self>, who: HandlerId) {
        let Some(active) = &mut self.active else { return };
        if active.job.step() {
            let (done, total) = active.job.progress();
            scope.respond(who, Response::Progress { id: active.id, done, total });
        } else {
            let response = active.job.answer(active.id);
            self.active = None;
            scope.respond(who, response);
        }
    }
}

impl Worker for SimWorker {
    type Message = ();
    type Input = Request;
    type Output = Response;

    fn create(_scope: &WorkerScope<Self>) -> Self {
        SimWorker { active: None, calibrator: Calibrator::default() }
    }

    fn update(&mut self, _scope: &WorkerScope<Self>, _msg: Self::Message) {}

    fn received(&mut self, scope: &WorkerScope<Self>, msg: Self::Input, who: HandlerId) {
        match msg {
            Request::Hello => scope.respond(who, Response::Ready),
            Request::Continue { id } => {
                if self.active.as_ref().is_some_and(|a| a.id == id) {
                    self.step(scope, who);
                }
            }
            Request::Lab { id, job } => {
                // One experiment in one go: it replaces whatever ran (the page sends one job at a
                // time) and answers at once.
                self.active = None;
                let response = match job.run() {
                    Ok(result) => Response::LabDone { id, result: Box::new(result) },
                    Err(message) => Response::Failed { id, message },
                };
                scope.respond(who, response);
            }
            Request::Exact { id, scenario, quick } => {
                // Answered at once and leaves a running job alone: the page asks for it on every
                // step of a drag, possibly while a run plays.
                let result = crate::host::protocol::exact_for(&scenario, quick);
                scope.respond(who, Response::ExactDone { id, result });
            }
            Request::Calibrate { id, text, options } => {
                // One file in one go, like a lab job: it replaces whatever ran.
                self.active = None;
                let result = self.calibrator.calibrate(&text, &options);
                scope.respond(who, Response::Calibrated { id, result: Box::new(result) });
            }
            Request::PlanCheck { id, config } => {
                self.active = None;
                let response = match self.calibrator.plan_check(&config) {
                    Ok(check) => Response::PlanChecked { id, check: Box::new(check) },
                    Err(message) => Response::Failed { id, message },
                };
                scope.respond(who, response);
            }
            Request::Cancel { id } => {
                if self.active.as_ref().is_some_and(|a| a.id == id) {
                    self.active = None;
                }
            }
            // The test hook (see `Request::Crash`): a real panic, so a real dead worker.
            #[allow(clippy::panic)]
            Request::Crash => panic!("test hook: the page asked this worker to crash"),
            start => {
                // A tornado the exact path can serve is answered at once, without sampling.
                if let Request::Sensitivity { id, scenario, .. } = &start {
                    if let Some(rows) = exact_tornado(scenario) {
                        self.active = None;
                        scope.respond(who, Response::Sensitivities { id: *id, rows });
                        return;
                    }
                }
                let Some((id, job)) = prepare(start) else { return };
                match job {
                    Ok(job) => {
                        self.active = Some(Active { id, job });
                        self.step(scope, who);
                    }
                    Err(message) => {
                        self.active = None;
                        scope.respond(who, Response::Failed { id, message });
                    }
                }
            }
        }
    }
}
