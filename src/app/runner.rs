//! The page's side of the simulation workers: handshake, a queue of jobs run batch by batch,
//! cancel. Each job's result goes where it was asked for (the main result, the A/B panel, the
//! tornado, a lesson's reveal).
//!
//! A pool of workers, one per core (capped at [`MAX_WORKERS`]), plays a run's trials: each worker
//! takes every n-th batch and returns its summary, and the page merges them in shard order.
//! Merging is exact, so the report is the same bit for bit whatever the pool's size. Other jobs
//! go to the first worker.

use std::collections::VecDeque;
use std::time::Duration;

use gloo_worker::{Spawnable, WorkerBridge};
use leptos::prelude::*;

use super::state::{AppState, RunStatus};
use crate::calibrate::{CalibrateOptions, PlanCheckConfig};
use crate::protocol::{LabJob, Request, Response};
use crate::sim::Job as _;
use crate::sim::{Aggregate, RunConfig, Scenario, Simulation};
use crate::worker::{JsonCodec, SimWorker};

/// Where a job's result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sink {
    /// The main result.
    Main,
    /// The A/B panel.
    Compare,
    /// The tornado.
    Sensitivity,
    /// Row `n` of the open lesson's reveal.
    Lesson(usize),
    /// The team view.
    Team,
    /// The ladder page or the metrics lab.
    Lab,
    /// The exact answer beside the main result.
    Exact,
    /// The calibrate page.
    Calibrate,
}

/// A job waiting for its turn.
#[derive(Clone, Debug)]
pub struct Job {
    /// Where its result goes.
    pub sink: Sink,
    /// What to run.
    pub work: Work,
}

/// What a job runs.
#[derive(Clone, Debug)]
pub enum Work {
    /// One scenario (JSON).
    Run(String),
    /// A against B (JSON).
    Compare(String, String),
    /// ±10% of each parameter of a scenario (JSON).
    Sensitivity(String),
    /// A team file (JSON).
    Team(String),
    /// An experiment of the ladder or the metrics lab.
    Lab(LabJob),
    /// The exact path for a scenario (JSON).
    Exact(String),
    /// A CRM export's text to calibrate.
    Calibrate(String, CalibrateOptions),
    /// The plan check of the worker's latest calibration.
    PlanCheck(PlanCheckConfig),
}

/// Most workers in the pool: each holds its own copy of the engine (a few MB).
pub const MAX_WORKERS: usize = 4;
/// localStorage key that fixes the pool's size (1..=16), for tests and for slow machines.
const WORKERS_KEY: &str = "funnel-lab.workers";

/// How many workers to start: the stored choice, else one per core up to [`MAX_WORKERS`].
fn pool_size() -> usize {
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(WORKERS_KEY).ok().flatten())
        .and_then(|v| v.trim().parse::<usize>().ok())
        .filter(|n| (1..=16).contains(n));
    stored.unwrap_or_else(|| {
        let cores = window().navigator().hardware_concurrency();
        (cores as usize).clamp(1, MAX_WORKERS)
    })
}

/// A run shared by the pool: the page's copy of the simulation (to write the report), each
/// shard's summary once it is back (by shard), and each worker's progress (by worker).
struct Pooled {
    sim: Simulation,
    parts: Vec<Option<Aggregate>>,
    done: Vec<u64>,
}

/// Handle to the workers; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Runner {
    bridges: StoredValue<Vec<WorkerBridge<SimWorker>>, LocalStorage>,
    /// Per worker: has it answered the handshake? A run starts on the workers ready then (the
    /// numbers do not depend on how many), so the first result does not wait for the last
    /// worker to compile.
    ready: StoredValue<Vec<bool>>,
    pooled: StoredValue<Option<Pooled>, LocalStorage>,
    queue: StoredValue<VecDeque<(Job, RunConfig)>>,
    /// Id and sink of the job whose answers count; `None` between jobs.
    current: StoredValue<(u64, Option<Sink>)>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
}

impl Runner {
    /// Spawns the pool and says hello to each worker.
    pub fn spawn(state: AppState) -> Runner {
        let runner = Runner {
            bridges: StoredValue::new_local(Vec::new()),
            ready: StoredValue::new(Vec::new()),
            pooled: StoredValue::new_local(None),
            queue: StoredValue::new(VecDeque::new()),
            current: StoredValue::new((0, None)),
            timer: StoredValue::new_local(None),
        };
        let n = pool_size();
        let bridges: Vec<_> = (0..n)
            .map(|from| {
                let bridge = SimWorker::spawner()
                    .encoding::<JsonCodec>()
                    .callback(move |msg| runner.on_message(state, from, msg))
                    .spawn("./worker.js");
                bridge.send(Request::Hello);
                bridge
            })
            .collect();
        runner.ready.set_value(vec![false; bridges.len()]);
        runner.bridges.set_value(bridges);
        // Said on the page so that tests (and the curious) can see the pool.
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-workers", &n.to_string());
        }
        runner
    }

    fn workers(&self) -> usize {
        self.bridges.with_value(Vec::len)
    }

    /// Sends to worker `to`.
    fn send_to(&self, to: usize, req: Request) {
        self.bridges.with_value(|b| {
            if let Some(b) = b.get(to) {
                b.send(req);
            }
        });
    }

    /// Sends to the first worker, which runs every job but the pooled runs.
    fn send(&self, req: Request) {
        self.send_to(0, req);
    }

    /// Sends to every worker.
    fn broadcast(&self, req: &Request) {
        for to in 0..self.workers() {
            self.send_to(to, req.clone());
        }
    }

    /// A finished report, to where its job asked.
    fn deliver(&self, state: AppState, sink: Option<Sink>, report: crate::sim::Report) {
        state.failure.set(None);
        match sink {
            Some(Sink::Lesson(n)) => state.lesson_reports.update(|v| {
                if n < v.len() {
                    v[n] = Some(report);
                }
            }),
            _ => state.report.set(Some(report)),
        }
        self.finished(state);
    }

    fn on_message(&self, state: AppState, from: usize, msg: Response) {
        let (current, sink) = self.current.get_value();
        let ours = |id: u64| id == current && sink.is_some();
        match msg {
            Response::Ready => {
                self.ready.update_value(|r| {
                    if let Some(r) = r.get_mut(from) {
                        *r = true;
                    }
                });
                self.next(state);
            }
            Response::Progress { id, done, total } if ours(id) => {
                // A pooled run counts every worker's progress against the whole run.
                let pooled = self.pooled.try_update_value(|p| {
                    let p = p.as_mut()?;
                    *p.done.get_mut(from)? = done;
                    Some((p.done.iter().sum(), p.sim.config().trials))
                });
                let (done, total) = pooled.flatten().unwrap_or((done, total));
                state.status.set(RunStatus::Running { done, total });
                self.send_to(from, Request::Continue { id });
            }
            Response::Shard { id, shard, aggregate } if ours(id) => {
                let merged = self.pooled.try_update_value(|p| {
                    let p = p.as_mut()?;
                    *p.parts.get_mut(shard as usize)? = Some(*aggregate);
                    if p.parts.iter().any(Option::is_none) {
                        return None;
                    }
                    // Every shard is back: merge in shard order, exactly.
                    let mut total = p.sim.empty();
                    for part in p.parts.iter().flatten() {
                        total.merge(part);
                    }
                    Some(p.sim.report(&total))
                });
                if let Some(report) = merged.flatten() {
                    self.pooled.set_value(None);
                    self.deliver(state, sink, report);
                }
            }
            Response::Done { id, report } if ours(id) => self.deliver(state, sink, *report),
            Response::Compared { id, report } if ours(id) => {
                match sink {
                    Some(Sink::Lesson(n)) => {
                        let delta = (report.delta_p_plan, report.delta_p_plan_se_paired);
                        state.lesson_deltas.update(|v| {
                            if n < v.len() {
                                v[n] = Some(delta);
                            }
                        });
                        state.lesson_reports.update(|v| {
                            if n < v.len() {
                                v[n] = Some(report.b);
                            }
                        });
                    }
                    _ => state.comparison.set(Some(*report)),
                }
                self.finished(state);
            }
            Response::Sensitivities { id, rows } if ours(id) => {
                state.sensitivity.set(Some(rows));
                self.finished(state);
            }
            Response::TeamDone { id, report } if ours(id) => {
                state.team_report.set(Some(*report));
                self.finished(state);
            }
            Response::LabDone { id, result } if ours(id) => {
                state.failure.set(None);
                state.lab.update(|l| l.store(*result));
                self.finished(state);
            }
            Response::ExactDone { id, result } if ours(id) => {
                state.exact.set(Some(result.map(|r| *r)));
                self.finished(state);
            }
            Response::Calibrated { id, result } if ours(id) => {
                if result.is_err() {
                    // Nothing to check: the plan check queued behind it would only fail.
                    self.queue.update_value(|q| {
                        q.retain(|(job, _)| !matches!(job.work, Work::PlanCheck(_)))
                    });
                }
                state.calibration.set(Some(*result));
                self.finished(state);
            }
            Response::PlanChecked { id, check } if ours(id) => {
                state.plan_check.set(Some(Ok(*check)));
                self.finished(state);
            }
            Response::Failed { id, message } if ours(id) && sink == Some(Sink::Calibrate) => {
                // Calibration answers its own errors; a failure here is the plan check's.
                state.plan_check.set(Some(Err(message)));
                self.finished(state);
            }
            Response::Failed { id, message } if ours(id) => {
                state.failure.set(Some(message));
                self.finished(state);
            }
            _ => {}
        }
    }

    fn finished(&self, state: AppState) {
        self.current.update_value(|c| c.1 = None);
        state.status.set(RunStatus::Idle);
        self.next(state);
    }

    /// Starts a run on the whole pool: one shard per worker.
    fn start_pooled(&self, state: AppState, id: u64, scenario: String, config: RunConfig) {
        let sim = Scenario::from_json(&scenario)
            .map_err(|e| e.to_string())
            .and_then(|s| Simulation::new(s, config).map_err(|e| e.to_string()));
        let sim = match sim {
            Ok(sim) => sim,
            Err(message) => {
                state.failure.set(Some(message));
                self.finished(state);
                return;
            }
        };
        let live: Vec<usize> = self.ready.with_value(|r| {
            r.iter().enumerate().filter(|(_, ready)| **ready).map(|(i, _)| i).collect()
        });
        let n = live.len();
        let done = vec![0; self.workers()];
        self.pooled.set_value(Some(Pooled { sim, parts: vec![None; n], done }));
        for (shard, &worker) in live.iter().enumerate() {
            let req = Request::RunShard {
                id,
                scenario: scenario.clone(),
                config,
                shard: shard as u32,
                shards: n as u32,
            };
            self.send_to(worker, req);
        }
    }

    /// Starts the next queued job if the pool is free.
    fn next(&self, state: AppState) {
        // The first worker runs every job but the pooled runs, so it must be ready.
        let first_ready = self.ready.with_value(|r| r.first().copied().unwrap_or(false));
        if !first_ready || self.current.get_value().1.is_some() {
            return;
        }
        let Some((job, config)) = self.queue.try_update_value(VecDeque::pop_front).flatten() else {
            return;
        };
        let id = self.current.get_value().0 + 1;
        self.current.set_value((id, Some(job.sink)));
        state.status.set(RunStatus::Running { done: 0, total: config.trials });
        self.send(match job.work {
            Work::Run(scenario) => return self.start_pooled(state, id, scenario, config),
            Work::Compare(a, b) => Request::Compare { id, a, b, config },
            Work::Sensitivity(scenario) => Request::Sensitivity { id, scenario, config },
            Work::Team(team) => Request::Team { id, team, config },
            Work::Lab(job) => Request::Lab { id, job },
            Work::Exact(scenario) => Request::Exact { id, scenario },
            Work::Calibrate(text, options) => {
                Request::Calibrate { id, text, options: Box::new(options) }
            }
            Work::PlanCheck(config) => Request::PlanCheck { id, config },
        });
    }

    /// Replaces whatever runs or waits with these jobs.
    pub fn submit(&self, state: AppState, jobs: Vec<Job>, config: RunConfig) {
        self.stop_current();
        self.queue.set_value(jobs.into_iter().map(|j| (j, config)).collect());
        self.next(state);
    }

    /// Runs the edited scenario for the main result.
    pub fn start(&self, state: AppState) {
        let (Ok(_), Ok(config)) = (state.validated.get_untracked(), state.config.get_untracked())
        else {
            return;
        };
        let scenario = state.spec.with_untracked(|s| s.to_json());
        // The exact answer first (milliseconds), then the Monte Carlo for what only it gives.
        state.exact.set(None);
        let jobs = vec![
            Job { sink: Sink::Exact, work: Work::Exact(scenario.clone()) },
            Job { sink: Sink::Main, work: Work::Run(scenario) },
        ];
        self.submit(state, jobs, config);
    }

    /// Starts the main run after `delay`, unless something else starts first.
    pub fn start_after(&self, state: AppState, delay: Duration) {
        self.clear_timer();
        let runner = *self;
        if let Ok(h) = set_timeout_with_handle(move || runner.start(state), delay) {
            self.timer.set_value(Some(h));
        }
    }

    fn clear_timer(&self) {
        if let Some(h) = self.timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    }

    fn stop_current(&self) {
        self.clear_timer();
        let (id, sink) = self.current.get_value();
        if sink.is_some() {
            self.broadcast(&Request::Cancel { id });
        }
        self.pooled.set_value(None);
        self.current.set_value((id, None));
    }

    /// Drops the waiting and running jobs whose results would go to a sink `which` accepts
    /// (a lesson left mid-reveal must not fill the next lesson's rows); other jobs go on.
    pub fn forget(&self, state: AppState, which: impl Fn(Sink) -> bool) {
        self.queue.update_value(|q| q.retain(|(job, _)| !which(job.sink)));
        let (id, sink) = self.current.get_value();
        if sink.is_some_and(&which) {
            self.broadcast(&Request::Cancel { id });
            self.pooled.set_value(None);
            self.current.set_value((id, None));
            state.status.set(RunStatus::Idle);
            self.next(state);
        }
    }

    /// Stops the current job and drops the queue; their later answers are ignored.
    pub fn cancel(&self, state: AppState) {
        self.stop_current();
        self.queue.set_value(VecDeque::new());
        state.status.set(RunStatus::Cancelled);
    }
}
