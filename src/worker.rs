//! The simulation worker: runs the engine's jobs in batches off the page's thread.

use gloo_worker::{HandlerId, Worker, WorkerScope};
use wasm_bindgen::JsValue;

use crate::protocol::{shard_batches, shard_trials, Calibrator, Request, Response, BATCH_TRIALS};
use crate::sim::analysis::{
    Comparison, PairedAggregate, Sensitivity, SensitivityAggregate, Team, TeamAggregate, TeamSpec,
};
use crate::sim::run::check_page_work;
use crate::sim::{Aggregate, RunConfig, Scenario, Simulation};

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

/// A job in progress, with its summary so far.
enum Job {
    Run(Box<Simulation>, Box<Aggregate>),
    /// One shard of a pooled run: its summary, the batches still to play (next first) and the
    /// shard's index. Its trial counts (`done`, the job's total) are the shard's own.
    Shard(Box<Simulation>, Box<Aggregate>, std::collections::VecDeque<std::ops::Range<u64>>, u32),
    Compare(Box<Comparison>, Box<PairedAggregate>),
    Sensitivity(Box<Sensitivity>, SensitivityAggregate),
    Team(Box<Team>, Box<TeamAggregate>),
}

impl Job {
    fn done(&self) -> u64 {
        match self {
            Job::Run(_, agg) | Job::Shard(_, agg, ..) => agg.trials(),
            Job::Compare(_, agg) => agg.trials(),
            Job::Sensitivity(_, agg) => agg.trials(),
            Job::Team(_, agg) => agg.trials(),
        }
    }

    /// Trials per batch: a sensitivity runs ~2·(2K + 2) scenarios a trial, so fewer.
    fn batch(&self) -> u64 {
        match self {
            Job::Run(..) | Job::Shard(..) => BATCH_TRIALS,
            Job::Compare(..) => BATCH_TRIALS / 2,
            Job::Sensitivity(..) => BATCH_TRIALS / 20,
            Job::Team(..) => BATCH_TRIALS / 5,
        }
    }

    /// Work of one trial, all its scenarios together.
    fn work_per_trial(&self) -> f64 {
        match self {
            Job::Run(sim, _) | Job::Shard(sim, ..) => sim.model().work_per_trial(),
            Job::Compare(cmp, _) => cmp.work_per_trial(),
            Job::Sensitivity(sens, _) => sens.work_per_trial(),
            Job::Team(team, _) => team.work_per_trial(),
        }
    }

    fn step(&mut self, range: std::ops::Range<u64>) {
        match self {
            Job::Run(sim, agg) => agg.merge(&sim.run_batch(range)),
            // A shard's trials are not contiguous: it plays its next batch, which has the
            // length of `range` (both are one batch, the last possibly short).
            Job::Shard(sim, agg, batches, _) => {
                if let Some(r) = batches.pop_front() {
                    debug_assert_eq!(r.end - r.start, range.end - range.start);
                    agg.merge(&sim.run_batch(r));
                }
            }
            Job::Compare(cmp, agg) => agg.merge(&cmp.run_batch(range)),
            Job::Sensitivity(sens, agg) => agg.merge(&sens.run_batch(range)),
            Job::Team(team, agg) => agg.merge(&team.run_batch(range)),
        }
    }

    fn finish(&self, id: u64) -> Response {
        match self {
            Job::Run(sim, agg) => Response::Done { id, report: Box::new(sim.report(agg)) },
            Job::Shard(_, agg, _, shard) => {
                Response::Shard { id, shard: *shard, aggregate: Box::new((**agg).clone()) }
            }
            Job::Compare(cmp, agg) => Response::Compared { id, report: Box::new(cmp.report(agg)) },
            Job::Sensitivity(sens, agg) => Response::Sensitivities { id, rows: sens.report(agg) },
            Job::Team(team, agg) => Response::TeamDone { id, report: Box::new(team.report(agg)) },
        }
    }
}

/// A job and its id and size.
struct Active {
    id: u64,
    total: u64,
    job: Job,
}

/// The worker's state: at most one job, and the latest calibration for its plan check.
pub struct SimWorker {
    active: Option<Active>,
    calibrator: Calibrator,
}

fn scenario(json: &str) -> Result<Scenario, String> {
    Scenario::from_json(json).map_err(|e| e.to_string())
}

fn prepare(req: Request) -> Option<(u64, RunConfig, Result<Job, String>)> {
    // A shard's config counts the shard's own trials; the budget is the whole run's.
    let req_trials = match &req {
        Request::RunShard { config, .. } => Some(config.trials),
        _ => None,
    };
    Some(match req {
        Request::Run { id, scenario: s, config } => {
            let job = scenario(&s)
                .and_then(|s| Simulation::new(s, config).map_err(|e| e.to_string()))
                .map(|sim| {
                    let agg = sim.empty();
                    Job::Run(Box::new(sim), Box::new(agg))
                });
            (id, config, job)
        }
        Request::RunShard { id, scenario: s, config, shard, shards } => {
            let job = scenario(&s)
                .and_then(|s| Simulation::new(s, config).map_err(|e| e.to_string()))
                .map(|sim| {
                    let agg = sim.empty();
                    let batches = shard_batches(config.trials, shard, shards).collect();
                    Job::Shard(Box::new(sim), Box::new(agg), batches, shard)
                });
            // The shard's own size is what its progress counts up to.
            let config = RunConfig { trials: shard_trials(config.trials, shard, shards), ..config };
            (id, config, job)
        }
        Request::Compare { id, a, b, config } => {
            let job = scenario(&a)
                .and_then(|a| Ok((a, scenario(&b)?)))
                .and_then(|(a, b)| Comparison::new(a, b, config).map_err(|e| e.to_string()))
                .map(|cmp| {
                    let agg = cmp.empty();
                    Job::Compare(Box::new(cmp), Box::new(agg))
                });
            (id, config, job)
        }
        Request::Sensitivity { id, scenario: s, config } => {
            let job = scenario(&s)
                .and_then(|s| Sensitivity::new(s, config).map_err(|e| e.to_string()))
                .map(|sens| {
                    let agg = sens.empty();
                    Job::Sensitivity(Box::new(sens), agg)
                });
            (id, config, job)
        }
        Request::Team { id, team, config } => {
            let job = TeamSpec::from_json(&team)
                .and_then(|spec| {
                    let members =
                        spec.resolve(|f| Err(format!("{f}: the page cannot read files")))?;
                    Team::new(spec.name, spec.plan, members, config).map_err(|e| e.to_string())
                })
                .map(|team| {
                    let agg = team.empty();
                    Job::Team(Box::new(team), Box::new(agg))
                });
            (id, config, job)
        }
        _ => return None,
    })
    .map(|(id, config, job)| {
        // The whole job against the page's budget: a shard's share is its run's.
        let job = job.and_then(|job| {
            let trials = req_trials.unwrap_or(config.trials);
            check_page_work(trials, job.work_per_trial()).map(|()| job).map_err(|e| e.to_string())
        });
        (id, config, job)
    })
}

/// The tornado by the exact path, when it serves the scenario.
fn exact_tornado(json: &str) -> Option<Vec<crate::sim::analysis::SensitivityRow>> {
    let scenario = Scenario::from_json(json).ok()?;
    crate::sim::analysis::exact_sensitivity(&scenario).ok()
}

impl SimWorker {
    fn step(&mut self, scope: &WorkerScope<Self>, who: HandlerId) {
        let Some(active) = &mut self.active else { return };
        let start = active.job.done();
        let end = (start + active.job.batch()).min(active.total);
        active.job.step(start..end);
        if end >= active.total {
            let response = active.job.finish(active.id);
            self.active = None;
            scope.respond(who, response);
        } else {
            scope
                .respond(who, Response::Progress { id: active.id, done: end, total: active.total });
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
            Request::Exact { id, scenario } => {
                // Answered at once and leaves a running job alone: the page asks for it on every
                // step of a drag, possibly while a run plays.
                let result = crate::protocol::exact_for(&scenario);
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
                let Some((id, config, job)) = prepare(start) else { return };
                match job {
                    Ok(job) => {
                        self.active = Some(Active { id, total: config.trials, job });
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
