//! The page's side of the simulation workers: handshake, a queue of jobs run batch by batch,
//! cancel. Each job's result goes where it was asked for (the main result, the A/B panel, the
//! tornado, a lesson's reveal).
//!
//! A pool of workers, one per core (capped at [`MAX_WORKERS`]), plays a run's trials: each worker
//! takes every n-th batch and returns its summary, and the page merges them in shard order.
//! Merging is exact, so the report is the same bit for bit whatever the pool's size. Other jobs
//! go to the first worker.
//!
//! A worker that dies (a panic aborts its wasm instance; running out of memory traps it) fires
//! `error`: the page says so, terminates it, starts a fresh one in its place and runs the job it
//! was part of again, once; a job that kills its worker twice waits for the user's click. The
//! other workers go on, and nothing the user typed is touched.

use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;

use crate::app::pool::bridge::{self, Heard, WorkerHandle};
use crate::app::state::{AppState, InterruptedJob, RunStatus, Tagged, WorkerNotice};
use crate::host::protocol::{LabJob, Request, Response};
use crate::sim::Job as _;
use crate::sim::{Aggregate, RunConfig, Scenario, Simulation};
use crate::studies::calibrate::{CalibrateOptions, PlanCheckConfig};

/// Where a job's result goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sink {
    /// The main result.
    Main,
    /// The A/B panel.
    Compare,
    /// The tornado.
    Sensitivity,
    /// Arm `arm` of a lesson's reveal, run `run` (see [`LessonSlot`]): taken only while that
    /// run is the open lesson's current one.
    ///
    /// [`LessonSlot`]: crate::app::lesson::slot::LessonSlot
    Lesson { run: u64, arm: usize },
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

/// The input an A/B result is stored with: both scenarios (JSON).
pub fn compare_input(a: &str, b: &str) -> String {
    format!("{a}\n{b}")
}

/// Most workers in the pool: each holds its own copy of the engine (a few MB).
pub const MAX_WORKERS: usize = 4;
/// localStorage key that fixes the pool's size (1..=16), for tests and for slow machines.
const WORKERS_KEY: &str = "funnel-lab.workers";
/// Test hook (see `Request::Crash`): `"1"` makes the next pooled run crash one of its workers
/// after its first batch; read and cleared as the run starts.
const CRASH_KEY: &str = "funnel-lab.test.crash-worker";

/// A queued job, its run settings, and how many times it has killed a worker.
type Queued = (Job, RunConfig, u32);

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

/// Marks the page when its first simulation result is on screen: `data-first-result` on the
/// root holds the time since navigation began, in ms. The service worker's cache waits for it
/// (`offline.js`), so filling the cache never competes with the first run, and tests read it.
fn mark_first_result() {
    let Some(root) = document().document_element() else { return };
    if root.has_attribute("data-first-result") {
        return;
    }
    let ms = window().performance().map_or(0.0, |p| p.now());
    let _ = root.set_attribute("data-first-result", &format!("{ms:.0}"));
}

/// A run shared by the pool: the page's copy of the simulation (to write the report), each
/// shard's summary once it is back (by shard), and each worker's progress (by worker).
struct Pooled {
    sim: Simulation,
    parts: Vec<Option<Aggregate>>,
    done: Vec<u64>,
    /// The workers playing it (by slot).
    workers: Vec<usize>,
}

/// Handle to the workers; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Runner {
    bridges: StoredValue<Vec<Option<WorkerHandle>>, LocalStorage>,
    /// Per slot: the generation of its worker. A replaced worker's late answers are ignored.
    generation: StoredValue<Vec<u64>>,
    /// Per worker: has it answered the handshake? A run starts on the workers ready then (the
    /// numbers do not depend on how many), so the first result does not wait for the last
    /// worker to compile.
    ready: StoredValue<Vec<bool>>,
    pooled: StoredValue<Option<Pooled>, LocalStorage>,
    queue: StoredValue<VecDeque<Queued>>,
    /// Id and sink of the job whose answers count; `None` between jobs.
    current: StoredValue<(u64, Option<Sink>)>,
    /// What the current A/B, tornado or team job was given: its result is stored with it, and
    /// shown only while the page still holds that input.
    input: StoredValue<String>,
    /// The job running now, kept to run again if a worker dies under it.
    running: StoredValue<Option<Queued>>,
    /// A job that killed its worker twice, waiting for the user to run it again.
    interrupted: StoredValue<Option<(Job, RunConfig)>>,
    /// The test hook is armed for the run in progress.
    crash_next: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The exact line's own requests, outside the queue (no debounce, so a drag updates it at
    /// once): the id of the one in flight (ids from [`EXACT_IDS`]), the scenario asked next
    /// (only the latest step of a drag waits) and the scenario last asked for.
    exact: StoredValue<ExactLine>,
}

/// Ids of the exact line's requests start here, far above the queue's job ids.
const EXACT_IDS: u64 = 1 << 48;

#[derive(Default)]
struct ExactLine {
    id: u64,
    busy: bool,
    next: Option<String>,
    sent: String,
    /// What was last asked for is a drag step (coarser grid); false once [`Runner::start`] has
    /// asked for it on the settled grid.
    sent_quick: bool,
    /// The scenario of the settled-grid answer on screen, if one is: set when that answer
    /// arrives, not when it is asked for, since a queued request can be cancelled.
    settled: String,
}

impl Runner {
    /// Spawns the pool and says hello to each worker.
    pub fn spawn(state: AppState) -> Runner {
        let runner = Runner {
            bridges: StoredValue::new_local(Vec::new()),
            generation: StoredValue::new(Vec::new()),
            ready: StoredValue::new(Vec::new()),
            pooled: StoredValue::new_local(None),
            queue: StoredValue::new(VecDeque::new()),
            current: StoredValue::new((0, None)),
            input: StoredValue::new(String::new()),
            running: StoredValue::new(None),
            interrupted: StoredValue::new(None),
            crash_next: StoredValue::new(false),
            timer: StoredValue::new_local(None),
            exact: StoredValue::new(ExactLine { id: EXACT_IDS, ..ExactLine::default() }),
        };
        let n = pool_size();
        runner.bridges.set_value((0..n).map(|_| None).collect());
        runner.generation.set_value(vec![0; n]);
        runner.ready.set_value(vec![false; n]);
        for slot in 0..n {
            runner.spawn_slot(state, slot);
        }
        bridge::stop_unadopted();
        // Said on the page so that tests (and the curious) can see the pool.
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-workers", &n.to_string());
        }
        runner
    }

    /// Starts a fresh worker in `slot` (terminating the one there) and says hello.
    fn spawn_slot(&self, state: AppState, slot: usize) {
        let generation = self
            .generation
            .try_update_value(|g| {
                let g = g.get_mut(slot)?;
                *g += 1;
                Some(*g)
            })
            .flatten()
            .unwrap_or_default();
        self.ready.update_value(|r| {
            if let Some(r) = r.get_mut(slot) {
                *r = false;
            }
        });
        let runner = *self;
        let heard = move |heard: Heard| {
            if runner.generation.with_value(|g| g.get(slot).copied()) != Some(generation) {
                return;
            }
            match heard {
                Heard::Answer(msg) => runner.on_message(state, slot, msg),
                // Replaced after this listener returns: the worker's handle owns the listener.
                Heard::Died(detail) => {
                    set_timeout(
                        move || runner.on_death(state, slot, generation, detail),
                        Duration::ZERO,
                    );
                }
            }
        };
        match bridge::spawn("./worker.js", heard) {
            Ok(handle) => {
                handle.send(&Request::Hello);
                // Dropping the old handle terminates the old worker.
                self.bridges.update_value(|b| {
                    if let Some(b) = b.get_mut(slot) {
                        *b = Some(handle);
                    }
                });
            }
            Err(message) => state.failure.set(Some(message)),
        }
    }

    /// Worker `slot` (of `generation`) died: say so, replace it, and run again what it was part of.
    fn on_death(&self, state: AppState, slot: usize, generation: u64, detail: String) {
        if self.generation.with_value(|g| g.get(slot).copied()) != Some(generation) {
            return;
        }
        let (id, sink) = self.current.get_value();
        let used = sink.is_some()
            && self.pooled.with_value(|p| match p {
                Some(p) => p.workers.contains(&slot),
                None => slot == 0,
            });
        self.spawn_slot(state, slot);
        // The exact line's requests go to the first worker: one in flight died with it.
        if slot == 0 {
            self.exact.update_value(|e| {
                e.busy = false;
                e.next = None;
                e.sent.clear();
            });
        }
        let restarts =
            self.generation.with_value(|g| g.iter().sum::<u64>()) - self.workers() as u64;
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-worker-restarts", &restarts.to_string());
        }
        let mut job = InterruptedJob::None;
        if used {
            self.broadcast(&Request::Cancel { id });
            self.pooled.set_value(None);
            self.crash_next.set_value(false);
            self.current.set_value((id, None));
            match self.running.try_update_value(Option::take).flatten() {
                Some((work, config, 0)) => {
                    self.queue.update_value(|q| q.push_front((work, config, 1)));
                    job = InterruptedJob::Rerun;
                }
                Some((work, config, _)) => {
                    self.interrupted.set_value(Some((work, config)));
                    job = InterruptedJob::Waiting;
                }
                None => {}
            }
            state.status.set(RunStatus::Idle);
        }
        state.worker_notice.set(Some(WorkerNotice { detail, job }));
        self.next(state);
    }

    /// Runs again the job that killed its worker twice (the notice's button).
    pub fn retry(&self, state: AppState) {
        state.worker_notice.set(None);
        if let Some((job, config)) = self.interrupted.try_update_value(Option::take).flatten() {
            self.queue.update_value(|q| q.push_front((job, config, 0)));
            self.next(state);
        }
    }

    fn workers(&self) -> usize {
        self.bridges.with_value(Vec::len)
    }

    /// Sends to worker `to`.
    fn send_to(&self, to: usize, req: Request) {
        self.bridges.with_value(|b| {
            if let Some(Some(b)) = b.get(to) {
                b.send(&req);
            }
        });
    }

    /// Sends to the first worker, which runs every job but the pooled runs.
    fn send(&self, req: &Request) {
        self.send_to(0, req.clone());
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
            Some(Sink::Lesson { run, arm }) => {
                state.lesson.fill(run, arm, report, None);
            }
            _ => {
                state.report.set(Some(report));
                mark_first_result();
            }
        }
        self.finished(state);
    }

    /// Whether a job's results are still wanted: a lesson's only while its run is the open
    /// lesson's current one; the others' always.
    fn wanted(state: AppState, sink: Sink) -> bool {
        match sink {
            Sink::Lesson { run, .. } => state.lesson.wants(run),
            _ => true,
        }
    }

    fn on_message(&self, state: AppState, from: usize, msg: Response) {
        // A job whose lesson was left (or revealed afresh) stops here: neither its progress nor
        // its result counts, since its id is no longer the current one.
        self.drop_unwanted(state);
        let (current, sink) = self.current.get_value();
        let ours = |id: u64| id == current && sink.is_some();
        match msg {
            Response::ExactDone { id, result } if id >= EXACT_IDS => {
                let next = self.exact.try_update_value(|e| {
                    if id != e.id {
                        return None;
                    }
                    e.busy = false;
                    // Once the edit has settled (`start` asked on the finer grid), a drag
                    // step's late answer is dropped, and so is a waiting step for the scenario
                    // asked on the finer grid; a step for a newer edit still goes.
                    if e.sent_quick {
                        state.exact.set(Some(result.map(|r| *r)));
                        e.next.take()
                    } else {
                        e.next.take().filter(|next| *next != e.sent)
                    }
                });
                if let Some(scenario) = next.flatten() {
                    self.send_exact(scenario);
                }
            }
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
                if self.crash_next.get_value() {
                    self.crash_next.set_value(false);
                    self.send_to(from, Request::Crash);
                    return;
                }
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
                    Some(Sink::Lesson { run, arm }) => {
                        let delta = (report.delta_p_plan, report.delta_p_plan_se_paired);
                        state.lesson.fill(run, arm, report.b, Some(delta));
                    }
                    _ => state.comparison.set(Some(Tagged::new(self.input(), *report))),
                }
                self.finished(state);
            }
            Response::Sensitivities { id, rows } if ours(id) => {
                state.sensitivity.set(Some(Tagged::new(self.input(), rows)));
                self.finished(state);
            }
            Response::TeamDone { id, report } if ours(id) => {
                state.team_report.set(Some(Tagged::new(self.input(), *report)));
                self.finished(state);
            }
            Response::LabDone { id, result } if ours(id) => {
                state.failure.set(None);
                state.lab.update(|l| l.store(*result));
                self.finished(state);
            }
            Response::ExactDone { id, result } if ours(id) => {
                // Unless a drag has asked for a newer scenario since.
                self.exact.update_value(|e| {
                    if !e.sent_quick {
                        state.exact.set(Some(result.map(|r| *r)));
                        e.settled.clone_from(&e.sent);
                    }
                });
                self.finished(state);
            }
            Response::Calibrated { id, result } if ours(id) => {
                if result.is_err() {
                    // Nothing to check: the plan check queued behind it would only fail.
                    self.queue.update_value(|q| {
                        q.retain(|(job, ..)| !matches!(job.work, Work::PlanCheck(_)))
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

    fn input(&self) -> String {
        self.input.get_value()
    }

    fn finished(&self, state: AppState) {
        self.current.update_value(|c| c.1 = None);
        self.running.set_value(None);
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
        let armed = window().local_storage().ok().flatten().is_some_and(|s| {
            let armed = s.get_item(CRASH_KEY).ok().flatten().as_deref() == Some("1");
            if armed {
                let _ = s.remove_item(CRASH_KEY);
            }
            armed
        });
        self.crash_next.set_value(armed);
        self.pooled.set_value(Some(Pooled {
            sim,
            parts: vec![None; n],
            done,
            workers: live.clone(),
        }));
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
        // Jobs whose results nobody wants any more (a lesson left) never start.
        self.queue.update_value(|q| q.retain(|(job, ..)| Self::wanted(state, job.sink)));
        let Some((job, config, deaths)) =
            self.queue.try_update_value(VecDeque::pop_front).flatten()
        else {
            return;
        };
        self.running.set_value(Some((job.clone(), config, deaths)));
        let id = self.current.get_value().0 + 1;
        self.current.set_value((id, Some(job.sink)));
        self.input.set_value(match &job.work {
            Work::Compare(a, b) => compare_input(a, b),
            Work::Sensitivity(s) | Work::Team(s) => s.clone(),
            _ => String::new(),
        });
        state.status.set(RunStatus::Running { done: 0, total: config.trials });
        self.send(&match job.work {
            Work::Run(scenario) => return self.start_pooled(state, id, scenario, config),
            Work::Compare(a, b) => Request::Compare { id, a, b, config },
            Work::Sensitivity(scenario) => Request::Sensitivity { id, scenario, config },
            Work::Team(team) => Request::Team { id, team, config },
            Work::Lab(job) => Request::Lab { id, job },
            Work::Exact(scenario) => Request::Exact { id, scenario, quick: false },
            Work::Calibrate(text, options) => {
                Request::Calibrate { id, text, options: Box::new(options) }
            }
            Work::PlanCheck(config) => Request::PlanCheck { id, config },
        });
    }

    /// Replaces whatever runs or waits with these jobs.
    pub fn submit(&self, state: AppState, jobs: Vec<Job>, config: RunConfig) {
        self.stop_current();
        self.queue.set_value(jobs.into_iter().map(|j| (j, config, 0)).collect());
        self.next(state);
    }

    /// Runs the edited scenario for the main result.
    pub fn start(&self, state: AppState) {
        let (Ok(_), Ok(config)) = (state.validated.get_untracked(), state.config.get_untracked())
        else {
            return;
        };
        // Over the limits the run bar says why; nothing is sent.
        if state.work.with_untracked(Result::is_err) {
            return;
        }
        let scenario = state.spec.with_untracked(|s| s.to_json());
        // The exact answer first (milliseconds), then the Monte Carlo for what only it gives.
        // An edit has already asked for a drag step's answer (`exact_now`), which stays on
        // screen until this one, on the settled grid, replaces it.
        let mut jobs = vec![Job { sink: Sink::Main, work: Work::Run(scenario.clone()) }];
        let (asked, shown) = self.exact.with_value(|e| {
            (e.sent == scenario, e.sent == scenario && !e.sent_quick && e.settled == scenario)
        });
        // Asked again unless the settled answer for this very scenario is on screen (a Run
        // click, or a new seed): a request queued before may have been cancelled.
        if !shown {
            if !asked {
                state.exact.set(None);
            }
            self.exact.update_value(|e| {
                e.sent.clone_from(&scenario);
                e.sent_quick = false;
            });
            jobs.insert(0, Job { sink: Sink::Exact, work: Work::Exact(scenario) });
        }
        self.submit(state, jobs, config);
    }

    /// Asks the first worker for the exact answer to the edited scenario now, on a drag step's
    /// grid, beside whatever runs (the worker answers between two batches). While one is
    /// computed only the latest edit waits, so a drag never builds a backlog. The line keeps the
    /// previous answer until the new one arrives; when the edit settles, [`Runner::start`] asks
    /// again on the finer grid.
    pub fn exact_now(&self, state: AppState) {
        if state.validated.with_untracked(Result::is_err) {
            return;
        }
        let first_ready = self.ready.with_value(|r| r.first().copied().unwrap_or(false));
        if !first_ready {
            return;
        }
        let scenario = state.spec.with_untracked(|s| s.to_json());
        // The same scenario (only the trials or the seed changed): its answer stands.
        if self.exact.with_value(|e| e.sent == scenario && e.next.is_none()) {
            return;
        }
        let busy = self.exact.try_update_value(|e| {
            if e.busy {
                e.next = Some(scenario.clone());
            }
            e.busy
        });
        if busy == Some(false) {
            self.send_exact(scenario);
        }
    }

    fn send_exact(&self, scenario: String) {
        let id = self.exact.try_update_value(|e| {
            e.id += 1;
            e.busy = true;
            e.sent.clone_from(&scenario);
            e.sent_quick = true;
            e.id
        });
        if let Some(id) = id {
            self.send(&Request::Exact { id, scenario, quick: true });
        }
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
        self.running.set_value(None);
        self.crash_next.set_value(false);
        self.current.set_value((id, None));
    }

    /// Stops the running job and drops the waiting ones whose results nobody wants any more
    /// (a lesson left mid-reveal); other jobs go on. Their answers would be dropped anyway:
    /// this frees the workers at once.
    pub fn drop_unwanted(&self, state: AppState) {
        self.queue.update_value(|q| q.retain(|(job, ..)| Self::wanted(state, job.sink)));
        let (id, sink) = self.current.get_value();
        if sink.is_some_and(|s| !Self::wanted(state, s)) {
            self.broadcast(&Request::Cancel { id });
            self.pooled.set_value(None);
            self.running.set_value(None);
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
