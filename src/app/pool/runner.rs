//! The page's side of the simulation workers: it carries out what the pool's scheduler
//! ([`crate::host::scheduler`], plain Rust, tested natively) decides. A page asks for work with
//! an [`Order`] that carries its own answer handler, so each page keeps its own results and its
//! own errors; nothing here names a page.
//!
//! A pool of workers, one per core (capped at [`MAX_WORKERS`]), plays a run's trials: each
//! worker takes every n-th batch, and the first of them merges the shards' summaries (exactly,
//! so the report is the same bit for bit whatever the pool's size). Other jobs go to the first
//! worker. A worker that dies is replaced and its job run again once; a job that kills its
//! worker twice waits for the user's click.

use std::collections::{HashMap, VecDeque};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

use crate::app::pool::bridge::{self, Heard, WorkerHandle};
use crate::app::state::{AppState, WorkerNotice};
use crate::host::protocol::{Request, Response};
pub use crate::host::scheduler::Work;
use crate::host::scheduler::{Command, Event, Job, Scheduler, Ticket};
use crate::sim::RunConfig;

/// Most workers in the pool: each holds its own copy of the engine (a few MB).
pub const MAX_WORKERS: usize = 4;
/// localStorage key that fixes the pool's size (1..=16), for tests and for slow machines.
const WORKERS_KEY: &str = "funnel-lab.workers";
/// Test hook (see `Request::Crash`): `"1"` makes the next pooled run crash one of its workers
/// after its first batch; read and cleared as the run is asked for.
const CRASH_KEY: &str = "funnel-lab.test.crash-worker";

/// What a page does with a job's final answer (`Failed` included).
pub type OnAnswer = Rc<dyn Fn(Response)>;
/// Whether a page still wants a job's answer (a lesson's reveal only while its run is current).
type Wanted = Rc<dyn Fn() -> bool>;

/// Work a page asks for, with what to do with its answer.
pub struct Order {
    work: Work,
    on: OnAnswer,
    wanted: Option<Wanted>,
}

impl Order {
    /// `work`, whose final answer goes to `on`.
    pub fn new(work: Work, on: impl Fn(Response) + 'static) -> Order {
        Order { work, on: Rc::new(on), wanted: None }
    }

    /// Wanted only while `wanted` says so: [`Runner::drop_unwanted`] stops it once it does not.
    pub fn while_wanted(mut self, wanted: impl Fn() -> bool + 'static) -> Order {
        self.wanted = Some(Rc::new(wanted));
        self
    }
}

/// Who waits for a ticket's answer.
struct Owner {
    on: OnAnswer,
    wanted: Option<Wanted>,
}

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

/// Reads and clears the crash hook.
fn crash_armed() -> bool {
    window().local_storage().ok().flatten().is_some_and(|s| {
        let armed = s.get_item(CRASH_KEY).ok().flatten().as_deref() == Some("1");
        if armed {
            let _ = s.remove_item(CRASH_KEY);
        }
        armed
    })
}

/// Marks the page when its first simulation result is on screen: `data-first-result` on the
/// root holds the time since navigation began, in ms. The service worker's cache waits for it
/// (`offline.js`), so filling the cache never competes with the first run, and tests read it.
pub fn mark_first_result() {
    let Some(root) = document().document_element() else { return };
    if root.has_attribute("data-first-result") {
        return;
    }
    let ms = window().performance().map_or(0.0, |p| p.now());
    let _ = root.set_attribute("data-first-result", &format!("{ms:.0}"));
}

fn set_root(name: &str, value: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute(name, value);
    }
}

/// Handle to the workers; `Copy`, provided as context.
#[derive(Clone, Copy)]
pub struct Runner {
    state: AppState,
    scheduler: StoredValue<Scheduler, LocalStorage>,
    bridges: StoredValue<Vec<Option<WorkerHandle>>, LocalStorage>,
    owners: StoredValue<HashMap<Ticket, Owner>, LocalStorage>,
    last_ticket: StoredValue<Ticket>,
    /// Events that arrived while others were being carried out (an answer handler that asks
    /// for more work): taken in order after them.
    pending: StoredValue<VecDeque<Event>, LocalStorage>,
    dispatching: StoredValue<bool>,
    timer: StoredValue<Option<TimeoutHandle>, LocalStorage>,
    /// The main run waits for the work estimate of the scenario's revision.
    start_waits: StoredValue<bool>,
    /// The revision whose estimate was last asked for.
    estimate_asked: StoredValue<Option<u64>>,
}

impl Runner {
    /// Spawns the pool and says hello to each worker.
    pub fn spawn(state: AppState) -> Runner {
        let n = pool_size();
        let (scheduler, commands) = Scheduler::new(n);
        let runner = Runner {
            state,
            scheduler: StoredValue::new_local(scheduler),
            bridges: StoredValue::new_local((0..n).map(|_| None).collect()),
            owners: StoredValue::new_local(HashMap::new()),
            last_ticket: StoredValue::new(0),
            pending: StoredValue::new_local(VecDeque::new()),
            dispatching: StoredValue::new(false),
            timer: StoredValue::new_local(None),
            start_waits: StoredValue::new(false),
            estimate_asked: StoredValue::new(None),
        };
        runner.execute(commands);
        bridge::stop_unadopted();
        // Said on the page so that tests (and the curious) can see the pool.
        set_root("data-workers", &n.to_string());
        runner
    }

    /// Takes an event now, or after the one being carried out.
    fn dispatch(&self, event: Event) {
        self.pending.update_value(|p| p.push_back(event));
        if self.dispatching.get_value() {
            return;
        }
        self.dispatching.set_value(true);
        while let Some(event) = self.pending.try_update_value(VecDeque::pop_front).flatten() {
            let commands = self.scheduler.try_update_value(|s| s.on(event)).unwrap_or_default();
            self.execute(commands);
        }
        self.dispatching.set_value(false);
    }

    fn execute(&self, commands: Vec<Command>) {
        let state = self.state;
        for command in commands {
            match command {
                Command::Spawn { slot, generation } => self.spawn_slot(slot, generation),
                Command::Send { to, request } => self.bridges.with_value(|b| {
                    if let Some(Some(b)) = b.get(to) {
                        b.send(&request);
                    }
                }),
                Command::Deliver { ticket, response } => {
                    let owner = self.owners.try_update_value(|o| o.remove(&ticket)).flatten();
                    if let Some(owner) = owner {
                        (owner.on)(response);
                    }
                }
                Command::Stream { ticket, response } => {
                    // The ticket stays open for the answers after this one.
                    let on = self.owners.with_value(|o| o.get(&ticket).map(|o| o.on.clone()));
                    if let Some(on) = on {
                        on(response);
                    }
                }
                Command::Dropped(tickets) => self.owners.update_value(|o| {
                    for t in tickets {
                        o.remove(&t);
                    }
                }),
                Command::Status(status) => state.status.set(status),
                Command::ExactLine(result) => {
                    state.editor.exact.set(result.map(|r| r.map(|r| *r)));
                }
                Command::WorkerDied { detail, job, restarts } => {
                    set_root("data-worker-restarts", &restarts.to_string());
                    state.worker_notice.set(Some(WorkerNotice { detail, job }));
                }
            }
        }
    }

    /// Starts a fresh worker in `slot` (dropping the handle there terminates the old one) and
    /// says hello.
    fn spawn_slot(&self, slot: usize, generation: u64) {
        let runner = *self;
        let heard = move |heard: Heard| match heard {
            Heard::Answer(response) => {
                runner.dispatch(Event::Heard { slot, generation, response });
            }
            // Taken after this listener returns: the worker's handle owns the listener.
            Heard::Died(detail) => set_timeout(
                move || runner.dispatch(Event::Died { slot, generation, detail }),
                Duration::ZERO,
            ),
        };
        match bridge::spawn("./worker.js", heard) {
            Ok(handle) => {
                handle.send(&Request::Hello);
                self.bridges.update_value(|b| {
                    if let Some(b) = b.get_mut(slot) {
                        *b = Some(handle);
                    }
                });
            }
            Err(message) => {
                let error = crate::host::protocol::JobError::Worker(message);
                self.state.editor.failure.set(Some(error));
            }
        }
    }

    fn ticket(&self, owner: Owner) -> Ticket {
        let ticket = self.last_ticket.try_update_value(|t| {
            *t += 1;
            *t
        });
        let ticket = ticket.unwrap_or_default();
        self.owners.update_value(|o| {
            o.insert(ticket, owner);
        });
        ticket
    }

    /// Replaces whatever runs or waits with these orders.
    pub fn submit(&self, orders: Vec<Order>, config: RunConfig) {
        self.clear_timer();
        let arm_crash = orders.iter().any(|o| matches!(o.work, Work::Run(_))) && crash_armed();
        let jobs = orders
            .into_iter()
            .map(|o| Job {
                ticket: self.ticket(Owner { on: o.on, wanted: o.wanted }),
                work: o.work,
            })
            .collect();
        self.dispatch(Event::Submit { jobs, config, arm_crash });
    }

    /// Asks the first worker now, beside any running job (the worker answers between two
    /// batches): a one-shot request such as the goal solver's table. Its id is set here.
    pub fn ask(&self, request: Request, on: impl Fn(Response) + 'static) {
        let ticket = self.ticket(Owner { on: Rc::new(on), wanted: None });
        self.dispatch(Event::Ask { ticket, request });
    }

    /// Asks every ready worker for the what-it-takes table of a scenario (JSON) at chance
    /// `target`, beside any running job: `on` gets its head and then each row as it is solved
    /// (issue #21). A newer question replaces this one, and its handler is then dropped.
    pub fn goal(&self, scenario: String, target: f64, on: impl Fn(Response) + 'static) {
        let ticket = self.ticket(Owner { on: Rc::new(on), wanted: None });
        self.dispatch(Event::Goal { ticket, scenario, target });
    }

    /// Runs again the job that killed its worker twice (the notice's button).
    pub fn retry(&self) {
        self.state.worker_notice.set(None);
        self.dispatch(Event::Retry);
    }

    /// The main run's answer handler: the result on the simulator page, or why it failed there.
    fn main_answer(state: AppState) -> impl Fn(Response) + 'static {
        move |response| match response {
            Response::Done { report, .. } => {
                state.editor.failure.set(None);
                state.editor.report.set(Some(*report));
                mark_first_result();
            }
            Response::Failed { error, .. } => state.editor.failure.set(Some(error)),
            _ => {}
        }
    }

    /// Runs a scenario (JSON) for the main result (the last valid scenario, when the saved one
    /// is not).
    pub fn run_main(&self, scenario: String, config: RunConfig) {
        self.submit(vec![Order::new(Work::Run(scenario), Self::main_answer(self.state))], config);
    }

    /// Asks the first worker what one trial of the edited scenario costs, once per revision.
    pub fn estimate(&self) {
        let state = self.state;
        if state.validated.with_untracked(Result::is_err) {
            return;
        }
        let revision = state.revision.get_untracked();
        if self.estimate_asked.get_value() == Some(revision) {
            return;
        }
        self.estimate_asked.set_value(Some(revision));
        let scenario = state.spec.with_untracked(|s| s.to_json());
        let runner = *self;
        self.ask(Request::Estimate { id: 0, scenario }, move |response| {
            if let Response::Estimated { work, .. } = response {
                state.estimate.set(Some((revision, work)));
                if runner.start_waits.get_value() {
                    runner.start();
                }
            }
        });
    }

    /// Runs the edited scenario for the main result: the exact answer first (milliseconds),
    /// then the Monte Carlo for what only it gives. It waits for the scenario's work estimate
    /// (asked at once if it was not), so a run over the page's limits is never sent.
    pub fn start(&self) {
        let state = self.state;
        self.start_waits.set_value(false);
        let (Ok(_), Ok(config)) = (state.validated.get_untracked(), state.config.get_untracked())
        else {
            return;
        };
        let revision = state.revision.get_untracked();
        if state.estimate.with_untracked(|e| e.as_ref().map(|e| e.0)) != Some(revision) {
            self.start_waits.set_value(true);
            self.estimate();
            return;
        }
        // Over the limits the run bar says why; nothing is sent.
        if state.work.with_untracked(Result::is_err) {
            return;
        }
        self.clear_timer();
        let scenario = state.spec.with_untracked(|s| s.to_json());
        let ticket = self.ticket(Owner { on: Rc::new(Self::main_answer(state)), wanted: None });
        let arm_crash = crash_armed();
        self.dispatch(Event::Start { ticket, revision, scenario, config, arm_crash });
    }

    /// The main result of the edited scenario is on screen already (the run `boot.js` asked of
    /// the first worker before the page loaded, docs/load.md): asks only for the exact line, as
    /// [`Runner::start`] would, instead of playing the same trials again.
    pub fn adopted(&self) {
        let state = self.state;
        let Ok(config) = state.config.get_untracked() else { return };
        let revision = state.revision.get_untracked();
        let scenario = state.spec.with_untracked(|s| s.to_json());
        self.dispatch(Event::Adopted { revision, scenario, config });
    }

    /// Asks the first worker for the exact answer to the edited scenario now, on a drag step's
    /// grid, beside whatever runs. While one is computed only the latest edit waits, so a drag
    /// never builds a backlog; when the edit settles, [`Runner::start`] asks on the finer grid.
    pub fn exact_now(&self) {
        let state = self.state;
        if state.validated.with_untracked(Result::is_err) {
            return;
        }
        let revision = state.revision.get_untracked();
        let scenario = state.spec.with_untracked(|s| s.to_json());
        self.dispatch(Event::ExactNow { revision, scenario });
    }

    /// Starts the main run after `delay`, unless something else starts first.
    pub fn start_after(&self, delay: Duration) {
        self.clear_timer();
        let runner = *self;
        if let Ok(h) = set_timeout_with_handle(move || runner.start(), delay) {
            self.timer.set_value(Some(h));
        }
    }

    fn clear_timer(&self) {
        if let Some(h) = self.timer.try_update_value(Option::take).flatten() {
            h.clear();
        }
    }

    /// Stops the jobs whose pages no longer want them (a lesson left mid-reveal); other jobs
    /// go on. Their answers would be dropped anyway: this frees the workers at once.
    pub fn drop_unwanted(&self) {
        let unwanted: Vec<Ticket> = self.owners.with_value(|o| {
            o.iter()
                .filter(|(_, owner)| owner.wanted.as_ref().is_some_and(|w| !w()))
                .map(|(t, _)| *t)
                .collect()
        });
        if !unwanted.is_empty() {
            self.dispatch(Event::Forget(unwanted));
        }
    }

    /// Stops the current job and drops the queue; their later answers are ignored.
    pub fn cancel(&self) {
        self.clear_timer();
        self.start_waits.set_value(false);
        self.dispatch(Event::Cancel);
    }
}
