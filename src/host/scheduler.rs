//! The page's side of the worker pool as plain Rust: a [`Scheduler`] takes each [`Event`] (a
//! page's request, a worker's answer or death) and gives the [`Command`]s to carry out (send a
//! request, start a worker, hand an answer to whoever asked, say where the pool stands). The
//! browser side (`app::pool::runner`) only carries commands out, so the queue, the workers'
//! generations, death and rerun, the pooled run's shards and the exact line's state are all
//! tested natively.
//!
//! - **Jobs** come in a batch that replaces whatever runs or waits ([`Event::Submit`]). Each
//!   carries the [`Ticket`] of the page that asked; its one final answer (`Done`, `Compared`,
//!   …, or `Failed`) is handed back with that ticket ([`Command::Deliver`]), and a ticket whose
//!   job will never answer is named in [`Command::Dropped`], so the page can forget it. Every
//!   job steps (runs, comparisons, sensitivities, teams, lab and ladder experiments, the plan
//!   check): each `Progress` goes to its page too ([`Command::Stream`]) and is answered
//!   `Continue`, so [`Event::Cancel`] stops it between two steps.
//! - **A pooled run** is played by every ready worker, one shard each; when every shard's
//!   summary is back, the first of them merges them (exactly, in shard order) and writes the
//!   report: the page never builds the model.
//! - **Side requests** ([`Event::Ask`]) go to the first worker at once, beside a running job (the
//!   worker answers between two batches): the goal solver's table.
//! - **The exact line** beside the main result: a drag's steps are asked at once on a coarse
//!   grid, only the latest waiting while one is computed; when an edit settles, the main run's
//!   batch asks for it on the fine grid first ([`Event::Start`]). Scenarios are named by their
//!   revision, a number the page bumps on every edit, not by their text.
//! - **The what-it-takes line** (issue #21): a page asks for a scenario's table at a chance
//!   ([`Event::Goal`]); every ready worker prepares it and searches its shard of the levers,
//!   one lever per `GoalNext`, and each head and row is handed to the page as it comes
//!   ([`Command::Stream`]). While a question is being prepared only the latest newer one
//!   waits; once prepared, a newer one replaces it between two rows.
//! - **A worker that dies** is replaced (a new generation; a late answer of the old one is
//!   ignored); the job it was part of runs again once, and a job that kills a worker twice
//!   waits for [`Event::Retry`].

use std::collections::VecDeque;

use super::protocol::{LabJob, Request, Response};
use crate::sim::{Aggregate, RunConfig};
use crate::studies::calibrate::{CalibrateOptions, PlanCheckConfig};

/// Names the page (and the request) a job's answer goes back to.
pub type Ticket = u64;

/// The exact line's own ticket: its answers are the scheduler's to sort, never delivered.
const EXACT_LINE: Ticket = 0;

/// Ids of the exact line's quick requests start here, far above the queue's job ids.
const EXACT_IDS: u64 = 1 << 48;
/// Ids of side requests start here.
const SIDE_IDS: u64 = 1 << 49;
/// Ids of the what-it-takes line's questions start here.
const GOAL_IDS: u64 = 1 << 50;

/// What a job runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Work {
    /// One scenario (JSON), played by the whole pool.
    Run(String),
    /// A against B (JSON).
    Compare(String, String),
    /// ±10% of each parameter of a scenario (JSON).
    Sensitivity(String),
    /// A team file (JSON).
    Team(String),
    /// An experiment of the ladder or the metrics lab.
    Lab(LabJob),
    /// The exact path for a scenario (JSON), on the fine grid.
    Exact(String),
    /// A CRM export's text to calibrate.
    Calibrate(String, Box<CalibrateOptions>),
    /// The plan check of the worker's latest calibration.
    PlanCheck(PlanCheckConfig),
}

/// A job: what to run and who asked.
#[derive(Clone, Debug, PartialEq)]
pub struct Job {
    /// Who gets its answer.
    pub ticket: Ticket,
    /// What to run.
    pub work: Work,
}

/// Where the pool stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunStatus {
    /// Nothing running.
    Idle,
    /// `done` of `total` trials finished.
    Running {
        /// Trials done.
        done: u64,
        /// Trials in the job.
        total: u64,
    },
    /// The last job was cancelled.
    Cancelled,
}

/// What became of the job a dead worker was part of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterruptedJob {
    /// The worker was idle: nothing to redo.
    None,
    /// The job runs again on the fresh worker.
    Rerun,
    /// It died a second time: it waits for the user to run it again (one click).
    Waiting,
}

/// Something that happened: the page asked, or a worker answered or died.
#[derive(Clone, Debug, PartialEq)]
pub enum Event {
    /// Worker `slot` of `generation` answered.
    Heard {
        /// Its slot.
        slot: usize,
        /// The generation it was started as (see [`Command::Spawn`]).
        generation: u64,
        /// What it said.
        response: Response,
    },
    /// Worker `slot` of `generation` died (a panic or a trap); `detail` is what the browser said.
    Died {
        /// Its slot.
        slot: usize,
        /// Its generation.
        generation: u64,
        /// The browser's words.
        detail: String,
    },
    /// Replace whatever runs or waits with these jobs. `arm_crash` is the test hook (see
    /// [`Request::Crash`]): the first pooled run of this batch crashes one of its workers after
    /// its first batch.
    Submit {
        /// The jobs, in order.
        jobs: Vec<Job>,
        /// Trials and seed for all of them.
        config: RunConfig,
        /// The crash hook.
        arm_crash: bool,
    },
    /// The main run of the edited scenario (revision `revision`), with the exact line's fine
    /// answer first unless it is on screen already.
    Start {
        /// The main run's ticket.
        ticket: Ticket,
        /// The scenario's revision.
        revision: u64,
        /// The scenario (JSON).
        scenario: String,
        /// Trials and seed.
        config: RunConfig,
        /// The crash hook, as for [`Event::Submit`].
        arm_crash: bool,
    },
    /// The main run of revision `revision` was played before the page loaded (`boot.js` asks the
    /// first worker for the open scenario's result, and the page shows that report): only the
    /// exact line's fine answer is asked, as [`Event::Start`] would ask it, and a later start of
    /// the same revision finds it on screen.
    Adopted {
        /// The scenario's revision.
        revision: u64,
        /// The scenario (JSON).
        scenario: String,
        /// Trials and seed.
        config: RunConfig,
    },
    /// The exact line for a drag step of the scenario at `revision`, now, on the coarse grid.
    ExactNow {
        /// The scenario's revision.
        revision: u64,
        /// The scenario (JSON).
        scenario: String,
    },
    /// A side request answered at once by the first worker, beside any running job; its
    /// answer goes to `ticket`. The request's `id` is set by the scheduler.
    Ask {
        /// Who gets the answer.
        ticket: Ticket,
        /// The request (its id is replaced).
        request: Request,
    },
    /// The what-it-takes table of a scenario at chance `target`, for `ticket`: its head and
    /// each row streamed to it as they come ([`Command::Stream`]), on every ready worker, beside
    /// any running job. It replaces the question asked before (whose ticket is dropped).
    Goal {
        /// Who gets the head and the rows.
        ticket: Ticket,
        /// The scenario (JSON).
        scenario: String,
        /// The chance, in (0, 1).
        target: f64,
    },
    /// Stop the running job and drop the waiting ones.
    Cancel,
    /// The jobs of these tickets are no longer wanted (a lesson left mid-reveal).
    Forget(Vec<Ticket>),
    /// Run again the job that killed its worker twice.
    Retry,
}

/// Something for the page to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Start a fresh worker in `slot` (ending the one there) and say `Hello` to it; its answers
    /// and death come back tagged with `generation`.
    Spawn {
        /// The slot.
        slot: usize,
        /// The new worker's generation.
        generation: u64,
    },
    /// Send a request to worker `to`.
    Send {
        /// The worker's slot.
        to: usize,
        /// The request.
        request: Request,
    },
    /// A job's final answer, for the page that asked.
    Deliver {
        /// Who asked.
        ticket: Ticket,
        /// The answer.
        response: Response,
    },
    /// One of several answers for a ticket that stays open: the what-it-takes line's head and
    /// rows (closed by [`Command::Dropped`]), or a job's `Progress` before its final answer.
    Stream {
        /// Who asked.
        ticket: Ticket,
        /// The answer.
        response: Response,
    },
    /// These tickets' jobs will never answer (replaced, cancelled or forgotten).
    Dropped(Vec<Ticket>),
    /// Where the pool stands.
    Status(RunStatus),
    /// The exact line's answer to show (`None`: clear it until one comes).
    ExactLine(Option<Result<Box<crate::sim::exact::ExactResult>, super::protocol::JobError>>),
    /// A worker died and was replaced; `restarts` counts every replacement so far.
    WorkerDied {
        /// What the browser said.
        detail: String,
        /// What became of its job.
        job: InterruptedJob,
        /// Replacements so far.
        restarts: u64,
    },
}

/// A queued job, its run settings, and how many times it has killed a worker.
#[derive(Clone, Debug)]
struct Queued {
    job: Job,
    config: RunConfig,
    deaths: u32,
    arm_crash: bool,
}

/// A worker's slot in the pool.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    generation: u64,
    ready: bool,
}

/// A run shared by the pool: the scenario, each shard's summary once it is back (by shard),
/// each worker's progress (by slot), and the workers playing it (by shard).
#[derive(Debug)]
struct Pooled {
    scenario: String,
    parts: Vec<Option<Aggregate>>,
    done: Vec<u64>,
    workers: Vec<usize>,
}

/// The job running now.
#[derive(Debug)]
struct Current {
    id: u64,
    queued: Queued,
    pooled: Option<Pooled>,
    crash_next: bool,
}

/// The what-it-takes line's state (see the module's doc).
#[derive(Debug)]
struct GoalLine {
    /// Id of the latest question sent.
    id: u64,
    /// The question sent, with its ticket.
    asked: Option<(Ticket, String, f64)>,
    /// The workers answering it, by shard.
    workers: Vec<usize>,
    /// Heads still to come: the question is being prepared.
    heads: usize,
    /// A newer question, waiting for the current one to be prepared (or for a ready worker).
    next: Option<(Ticket, String, f64)>,
}

/// The exact line's state (see the module's doc).
#[derive(Debug, Default)]
struct ExactLine {
    /// Id of the latest quick request.
    id: u64,
    /// A quick request is in flight.
    busy: bool,
    /// The drag step asked while one was in flight (only the latest waits).
    next: Option<(u64, String)>,
    /// The revision last asked for.
    sent: Option<u64>,
    /// What was last asked for is a drag step (coarse grid); false once a fine answer is asked.
    sent_quick: bool,
    /// The revision of the fine answer on screen, if one is: set when it arrives, not when it
    /// is asked for, since a queued request can be cancelled.
    settled: Option<u64>,
}

/// The pool's scheduler: see the module's doc.
#[derive(Debug)]
pub struct Scheduler {
    slots: Vec<Slot>,
    queue: VecDeque<Queued>,
    current: Option<Current>,
    last_id: u64,
    interrupted: Option<Queued>,
    exact: ExactLine,
    /// Side requests sent to the first worker and not yet answered: id, ticket and request
    /// (sent again if that worker dies).
    side: Vec<(u64, Ticket, Request)>,
    /// Side requests waiting for the first worker to be ready.
    side_waiting: Vec<(u64, Ticket, Request)>,
    side_id: u64,
    goal: GoalLine,
}

impl Scheduler {
    /// A pool of `workers` (at least one), and the commands that start them.
    pub fn new(workers: usize) -> (Scheduler, Vec<Command>) {
        let n = workers.max(1);
        let mut s = Scheduler {
            slots: vec![Slot::default(); n],
            queue: VecDeque::new(),
            current: None,
            last_id: 0,
            interrupted: None,
            exact: ExactLine { id: EXACT_IDS, ..ExactLine::default() },
            side: Vec::new(),
            side_waiting: Vec::new(),
            side_id: SIDE_IDS,
            goal: GoalLine { id: GOAL_IDS, asked: None, workers: Vec::new(), heads: 0, next: None },
        };
        let out = (0..n).map(|slot| s.respawn(slot)).collect();
        (s, out)
    }

    /// Workers in the pool.
    pub fn workers(&self) -> usize {
        self.slots.len()
    }

    /// Whether a job runs or waits.
    pub fn busy(&self) -> bool {
        self.current.is_some() || !self.queue.is_empty()
    }

    /// Takes one event; gives what to do, in order.
    pub fn on(&mut self, event: Event) -> Vec<Command> {
        let mut out = Vec::new();
        match event {
            Event::Heard { slot, generation, response } => {
                if self.slots.get(slot).map(|s| s.generation) == Some(generation) {
                    self.heard(slot, response, &mut out);
                }
            }
            Event::Died { slot, generation, detail } => {
                if self.slots.get(slot).map(|s| s.generation) == Some(generation) {
                    self.died(slot, detail, &mut out);
                }
            }
            Event::Submit { jobs, config, arm_crash } => {
                self.submit(jobs, config, arm_crash, &mut out);
            }
            Event::Start { ticket, revision, scenario, config, arm_crash } => {
                let mut jobs = vec![Job { ticket, work: Work::Run(scenario.clone()) }];
                let e = &mut self.exact;
                let asked = e.sent == Some(revision);
                let shown = asked && !e.sent_quick && e.settled == Some(revision);
                // Asked again unless the fine answer for this very revision is on screen (a
                // Run click, or a new seed): a request queued before may have been cancelled.
                if !shown {
                    if !asked {
                        out.push(Command::ExactLine(None));
                    }
                    e.sent = Some(revision);
                    e.sent_quick = false;
                    jobs.insert(0, Job { ticket: EXACT_LINE, work: Work::Exact(scenario) });
                }
                self.submit(jobs, config, arm_crash, &mut out);
            }
            Event::Adopted { revision, scenario, config } => {
                let e = &mut self.exact;
                e.sent = Some(revision);
                e.sent_quick = false;
                let job = Job { ticket: EXACT_LINE, work: Work::Exact(scenario) };
                self.submit(vec![job], config, false, &mut out);
            }
            Event::ExactNow { revision, scenario } => {
                if !self.first_ready() {
                    return out;
                }
                let e = &mut self.exact;
                // The same revision (only the trials or the seed changed): its answer stands.
                if e.sent == Some(revision) && e.next.is_none() {
                    return out;
                }
                if e.busy {
                    e.next = Some((revision, scenario));
                } else {
                    self.send_exact(revision, scenario, &mut out);
                }
            }
            Event::Ask { ticket, mut request } => {
                self.side_id += 1;
                let id = self.side_id;
                if set_id(&mut request, id) {
                    self.side_waiting.push((id, ticket, request));
                    self.send_side(&mut out);
                } else {
                    out.push(Command::Dropped(vec![ticket]));
                }
            }
            Event::Goal { ticket, scenario, target } => {
                if let Some((old, ..)) = self.goal.next.replace((ticket, scenario, target)) {
                    out.push(Command::Dropped(vec![old]));
                }
                if self.goal.heads == 0 {
                    self.send_goal(&mut out);
                }
            }
            Event::Cancel => {
                let mut dropped = self.stop_current(&mut out);
                dropped.extend(self.queue.drain(..).map(|q| q.job.ticket));
                push_dropped(dropped, &mut out);
                out.push(Command::Status(RunStatus::Cancelled));
            }
            Event::Forget(tickets) => {
                let mut dropped = Vec::new();
                self.queue.retain(|q| {
                    let keep = !tickets.contains(&q.job.ticket);
                    if !keep {
                        dropped.push(q.job.ticket);
                    }
                    keep
                });
                if self.current.as_ref().is_some_and(|c| tickets.contains(&c.queued.job.ticket)) {
                    dropped.extend(self.stop_current(&mut out));
                    out.push(Command::Status(RunStatus::Idle));
                }
                push_dropped(dropped, &mut out);
                self.next(&mut out);
            }
            Event::Retry => {
                if let Some(mut q) = self.interrupted.take() {
                    q.deaths = 0;
                    self.queue.push_front(q);
                    self.next(&mut out);
                }
            }
        }
        out
    }

    /// Sends the waiting side requests if the first worker is ready.
    fn send_side(&mut self, out: &mut Vec<Command>) {
        if !self.first_ready() {
            return;
        }
        for (id, ticket, request) in std::mem::take(&mut self.side_waiting) {
            out.push(Command::Send { to: 0, request: request.clone() });
            self.side.push((id, ticket, request));
        }
    }

    /// Sends the waiting what-it-takes question to every ready worker, one shard each,
    /// replacing the current one (its ticket dropped, its late answers ignored).
    fn send_goal(&mut self, out: &mut Vec<Command>) {
        let ready: Vec<usize> = (0..self.slots.len()).filter(|&s| self.slots[s].ready).collect();
        if ready.is_empty() {
            return;
        }
        let Some((ticket, scenario, target)) = self.goal.next.take() else { return };
        let g = &mut self.goal;
        if let Some((old, ..)) = g.asked.take() {
            out.push(Command::Dropped(vec![old]));
        }
        g.id += 1;
        let shards = ready.len() as u32;
        for (shard, &to) in ready.iter().enumerate() {
            let request = Request::Goal {
                id: g.id,
                scenario: scenario.clone(),
                target,
                shard: shard as u32,
                shards,
            };
            out.push(Command::Send { to, request });
        }
        g.heads = ready.len();
        g.workers = ready;
        g.asked = Some((ticket, scenario, target));
    }

    /// A head or row of the current what-it-takes question from worker `slot`: handed to the
    /// page; then that worker searches its next lever, unless a newer question waits (it is
    /// sent once the current one is prepared on every worker).
    fn heard_goal(&mut self, slot: usize, response: Response, more: bool, out: &mut Vec<Command>) {
        let g = &mut self.goal;
        let Some((ticket, ..)) = g.asked else { return };
        if matches!(response, Response::GoalHead { .. }) {
            g.heads = g.heads.saturating_sub(1);
        }
        let id = g.id;
        out.push(Command::Stream { ticket, response });
        if g.next.is_some() {
            if g.heads == 0 {
                self.send_goal(out);
            }
        } else if more {
            out.push(Command::Send { to: slot, request: Request::GoalNext { id } });
        }
    }

    fn first_ready(&self) -> bool {
        self.slots.first().is_some_and(|s| s.ready)
    }

    /// A fresh generation in `slot`, not ready until it says so.
    fn respawn(&mut self, slot: usize) -> Command {
        let s = &mut self.slots[slot];
        s.generation += 1;
        s.ready = false;
        Command::Spawn { slot, generation: s.generation }
    }

    fn broadcast(&self, request: &Request, out: &mut Vec<Command>) {
        for to in 0..self.slots.len() {
            out.push(Command::Send { to, request: request.clone() });
        }
    }

    /// Stops the running job (its answers are ignored from now on); gives its ticket.
    fn stop_current(&mut self, out: &mut Vec<Command>) -> Vec<Ticket> {
        match self.current.take() {
            Some(c) => {
                self.broadcast(&Request::Cancel { id: c.id }, out);
                vec![c.queued.job.ticket]
            }
            None => Vec::new(),
        }
    }

    fn submit(&mut self, jobs: Vec<Job>, config: RunConfig, arm: bool, out: &mut Vec<Command>) {
        let mut dropped = self.stop_current(out);
        dropped.extend(self.queue.drain(..).map(|q| q.job.ticket));
        push_dropped(dropped, out);
        let mut armed = arm;
        for job in jobs {
            // The hook goes with the first pooled run only.
            let arm_crash = armed && matches!(job.work, Work::Run(_));
            armed &= !arm_crash;
            self.queue.push_back(Queued { job, config, deaths: 0, arm_crash });
        }
        self.next(out);
    }

    /// Starts the next queued job if the pool is free.
    fn next(&mut self, out: &mut Vec<Command>) {
        // The first worker runs every job but the pooled runs, so it must be ready.
        if !self.first_ready() || self.current.is_some() {
            return;
        }
        let Some(queued) = self.queue.pop_front() else { return };
        self.last_id += 1;
        let id = self.last_id;
        let config = queued.config;
        out.push(Command::Status(RunStatus::Running { done: 0, total: config.trials }));
        let request = match &queued.job.work {
            Work::Run(scenario) => {
                let workers: Vec<usize> =
                    (0..self.slots.len()).filter(|&i| self.slots[i].ready).collect();
                let shards = workers.len() as u32;
                for (shard, &to) in workers.iter().enumerate() {
                    let request = Request::RunShard {
                        id,
                        scenario: scenario.clone(),
                        config,
                        shard: shard as u32,
                        shards,
                    };
                    out.push(Command::Send { to, request });
                }
                let pooled = Pooled {
                    scenario: scenario.clone(),
                    parts: vec![None; workers.len()],
                    done: vec![0; self.slots.len()],
                    workers,
                };
                let crash_next = queued.arm_crash;
                self.current = Some(Current { id, queued, pooled: Some(pooled), crash_next });
                return;
            }
            Work::Compare(a, b) => Request::Compare { id, a: a.clone(), b: b.clone(), config },
            Work::Sensitivity(s) => Request::Sensitivity { id, scenario: s.clone(), config },
            Work::Team(team) => Request::Team { id, team: team.clone(), config },
            Work::Lab(job) => Request::Lab { id, job: job.clone() },
            Work::Exact(s) => Request::Exact { id, scenario: s.clone(), quick: false },
            Work::Calibrate(text, options) => {
                Request::Calibrate { id, text: text.clone(), options: options.clone() }
            }
            Work::PlanCheck(c) => Request::PlanCheck { id, config: *c },
        };
        out.push(Command::Send { to: 0, request });
        self.current = Some(Current { id, queued, pooled: None, crash_next: false });
    }

    /// The running job is over: its final answer goes to its page, and the next one starts.
    fn finish(&mut self, response: Response, out: &mut Vec<Command>) {
        if let Some(c) = self.current.take() {
            let ticket = c.queued.job.ticket;
            if ticket == EXACT_LINE {
                if let Response::ExactDone { result, .. } = response {
                    // Unless a drag has asked for a newer revision since.
                    if !self.exact.sent_quick {
                        out.push(Command::ExactLine(Some(result)));
                        self.exact.settled = self.exact.sent;
                    }
                }
            } else {
                out.push(Command::Deliver { ticket, response });
            }
        }
        out.push(Command::Status(RunStatus::Idle));
        self.next(out);
    }

    fn send_exact(&mut self, revision: u64, scenario: String, out: &mut Vec<Command>) {
        let e = &mut self.exact;
        e.id += 1;
        e.busy = true;
        e.sent = Some(revision);
        e.sent_quick = true;
        out.push(Command::Send {
            to: 0,
            request: Request::Exact { id: e.id, scenario, quick: true },
        });
    }

    fn heard(&mut self, slot: usize, response: Response, out: &mut Vec<Command>) {
        let current = self.current.as_ref().map(|c| c.id);
        let ours = |id: u64| Some(id) == current;
        match response {
            Response::Ready => {
                self.slots[slot].ready = true;
                self.send_side(out);
                if self.goal.heads == 0 {
                    self.send_goal(out);
                }
                self.next(out);
            }
            Response::GoalHead { id, ref result } if id == self.goal.id => {
                let more = result.is_ok();
                self.heard_goal(slot, response, more, out);
            }
            Response::GoalRow { id, more, .. } if id == self.goal.id => {
                self.heard_goal(slot, response, more, out);
            }
            Response::ExactDone { id, result } if (EXACT_IDS..SIDE_IDS).contains(&id) => {
                let e = &mut self.exact;
                if id != e.id {
                    return;
                }
                e.busy = false;
                // Once the edit has settled (a fine answer asked), a drag step's late answer
                // is dropped, and so is a waiting step for the revision asked on the fine grid;
                // a step for a newer edit still goes.
                let next = if e.sent_quick {
                    out.push(Command::ExactLine(Some(result)));
                    e.next.take()
                } else {
                    let sent = e.sent;
                    e.next.take().filter(|(revision, _)| Some(*revision) != sent)
                };
                if let Some((revision, scenario)) = next {
                    self.send_exact(revision, scenario, out);
                }
            }
            Response::Progress { id, done, total } if ours(id) => {
                let Some(c) = self.current.as_mut() else { return };
                // A pooled run counts every worker's progress against the whole run.
                let (done, total) = match c.pooled.as_mut() {
                    Some(p) => {
                        if let Some(d) = p.done.get_mut(slot) {
                            *d = done;
                        }
                        (p.done.iter().sum(), c.queued.config.trials)
                    }
                    None => (done, total),
                };
                out.push(Command::Status(RunStatus::Running { done, total }));
                // The page that asked sees its own job's progress (a lab or ladder page shows
                // it beside its Cancel button); the exact line's is the scheduler's.
                let ticket = c.queued.job.ticket;
                if ticket != EXACT_LINE {
                    let response = Response::Progress { id, done, total };
                    out.push(Command::Stream { ticket, response });
                }
                if c.crash_next {
                    c.crash_next = false;
                    out.push(Command::Send { to: slot, request: Request::Crash });
                } else {
                    out.push(Command::Send { to: slot, request: Request::Continue { id } });
                }
            }
            Response::Shard { id, shard, aggregate } if ours(id) => {
                let Some(c) = self.current.as_mut() else { return };
                let Some(p) = c.pooled.as_mut() else { return };
                let Some(part) = p.parts.get_mut(shard as usize) else { return };
                *part = Some(*aggregate);
                if p.parts.iter().all(Option::is_some) {
                    // Every shard is back: the first worker of the run merges them and writes
                    // the report.
                    let parts = p.parts.iter_mut().filter_map(Option::take).collect();
                    let request = Request::Merge {
                        id,
                        scenario: std::mem::take(&mut p.scenario),
                        config: c.queued.config,
                        parts,
                    };
                    out.push(Command::Send { to: p.workers[0], request });
                }
            }
            Response::Calibrated { id, ref result } if ours(id) => {
                if result.is_err() {
                    // Nothing to check: the plan check queued behind it would only fail.
                    self.queue.retain(|q| !matches!(q.job.work, Work::PlanCheck(_)));
                }
                self.finish(response, out);
            }
            Response::Done { id, .. }
            | Response::Compared { id, .. }
            | Response::Sensitivities { id, .. }
            | Response::TeamDone { id, .. }
            | Response::LabDone { id, .. }
            | Response::ExactDone { id, .. }
            | Response::PlanChecked { id, .. }
            | Response::Failed { id, .. }
                if ours(id) =>
            {
                self.finish(response, out);
            }
            other => {
                // A side request's answer (or its refusal).
                let id = answer_id(&other);
                if let Some(at) = self.side.iter().position(|(side, ..)| Some(*side) == id) {
                    let (_, ticket, _) = self.side.remove(at);
                    out.push(Command::Deliver { ticket, response: other });
                }
            }
        }
    }

    fn died(&mut self, slot: usize, detail: String, out: &mut Vec<Command>) {
        let used = self.current.as_ref().is_some_and(|c| match &c.pooled {
            Some(p) => p.workers.contains(&slot),
            None => slot == 0,
        });
        out.push(self.respawn(slot));
        if slot == 0 {
            // The exact line's requests and side requests go to the first worker: the ones in
            // flight died with it. The exact line is asked afresh by the next edit; a side
            // request is sent again to the fresh worker once it is ready.
            self.exact.busy = false;
            self.exact.next = None;
            self.exact.sent = None;
            let lost = std::mem::take(&mut self.side);
            self.side_waiting.splice(0..0, lost);
        }
        if self.goal.workers.contains(&slot) {
            // Its shard of the question died with it: asked again of the ready workers (a
            // newer question waiting goes instead).
            let g = &mut self.goal;
            g.id += 1;
            g.heads = 0;
            g.workers.clear();
            if g.next.is_none() {
                g.next = g.asked.take();
            }
            self.send_goal(out);
        }
        let restarts =
            self.slots.iter().map(|s| s.generation).sum::<u64>() - self.slots.len() as u64;
        let mut job = InterruptedJob::None;
        if used {
            if let Some(c) = self.current.take() {
                self.broadcast(&Request::Cancel { id: c.id }, out);
                let mut q = c.queued;
                q.arm_crash = false;
                if q.deaths == 0 {
                    q.deaths = 1;
                    self.queue.push_front(q);
                    job = InterruptedJob::Rerun;
                } else {
                    self.interrupted = Some(q);
                    job = InterruptedJob::Waiting;
                }
            }
            out.push(Command::Status(RunStatus::Idle));
        }
        out.push(Command::WorkerDied { detail, job, restarts });
        self.next(out);
    }
}

/// Names dropped tickets, if any (the exact line's own is the scheduler's business).
fn push_dropped(mut tickets: Vec<Ticket>, out: &mut Vec<Command>) {
    tickets.retain(|&t| t != EXACT_LINE);
    if !tickets.is_empty() {
        out.push(Command::Dropped(tickets));
    }
}

/// Sets a one-shot request's id; false for a request that cannot be a side request.
fn set_id(request: &mut Request, new: u64) -> bool {
    match request {
        Request::Goal { id, .. } | Request::Exact { id, .. } | Request::Estimate { id, .. } => {
            *id = new;
            true
        }
        _ => false,
    }
}

/// The id an answer is for.
fn answer_id(response: &Response) -> Option<u64> {
    match response {
        Response::Ready => None,
        Response::Progress { id, .. }
        | Response::Shard { id, .. }
        | Response::Done { id, .. }
        | Response::Compared { id, .. }
        | Response::Sensitivities { id, .. }
        | Response::TeamDone { id, .. }
        | Response::LabDone { id, .. }
        | Response::ExactDone { id, .. }
        | Response::GoalHead { id, .. }
        | Response::GoalRow { id, .. }
        | Response::Estimated { id, .. }
        | Response::Calibrated { id, .. }
        | Response::PlanChecked { id, .. }
        | Response::Failed { id, .. } => Some(*id),
    }
}
