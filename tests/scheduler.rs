//! The page's worker pool, natively: the scheduler (`host::scheduler`) driving real worker
//! dispatchers (`host::dispatch`) as the browser would, with no browser. A pool carries out the
//! scheduler's commands in order, as the page's runner does; a worker's answers come back as
//! events only when the test lets them (so deaths and races happen where the test says).

use std::collections::VecDeque;

use funnel_lab::host::dispatch::Dispatcher;
use funnel_lab::host::protocol::{LabJob, Request, Response};
use funnel_lab::host::scheduler::{
    Command, Event, InterruptedJob, Job, RunStatus, Scheduler, Work,
};
use funnel_lab::sim::{preset, Job as _, RunConfig, Simulation};
use funnel_lab::studies::calibrate::{CalibrateOptions, Date, PlanCheckConfig};
use funnel_lab::studies::lab::CohortParams;
use funnel_lab::studies::ladder::LADDER_PRESETS;

/// A pool of in-memory workers and what the page was told.
struct Pool {
    scheduler: Scheduler,
    workers: Vec<Worker>,
    /// Answers delivered to tickets, in order (a job's progress apart, in `progress`).
    delivered: Vec<(u64, Response)>,
    /// Progress streamed to tickets: (ticket, done, total), in order.
    progress: Vec<(u64, u64, u64)>,
    dropped: Vec<u64>,
    statuses: Vec<RunStatus>,
    exact_line: Vec<Option<bool>>,
    deaths: Vec<(InterruptedJob, u64)>,
}

/// One worker: its dispatcher, its generation, and what it has received and not yet handled.
struct Worker {
    dispatcher: Dispatcher,
    generation: u64,
    inbox: VecDeque<Request>,
    /// Every request it received (for the test to read).
    seen: Vec<Request>,
}

impl Pool {
    fn new(n: usize) -> Pool {
        let (scheduler, commands) = Scheduler::new(n);
        let workers = (0..n)
            .map(|_| Worker {
                dispatcher: Dispatcher::new(),
                generation: 0,
                inbox: VecDeque::new(),
                seen: Vec::new(),
            })
            .collect();
        let mut pool = Pool {
            scheduler,
            workers,
            delivered: Vec::new(),
            progress: Vec::new(),
            dropped: Vec::new(),
            statuses: Vec::new(),
            exact_line: Vec::new(),
            deaths: Vec::new(),
        };
        pool.execute(commands);
        pool
    }

    fn event(&mut self, event: Event) {
        let commands = self.scheduler.on(event);
        self.execute(commands);
    }

    fn execute(&mut self, commands: Vec<Command>) {
        for c in commands {
            match c {
                Command::Spawn { slot, generation } => {
                    let w = &mut self.workers[slot];
                    w.dispatcher = Dispatcher::new();
                    w.generation = generation;
                    w.inbox = VecDeque::from([Request::Hello]);
                }
                Command::Send { to, request } => {
                    self.workers[to].seen.push(request.clone());
                    self.workers[to].inbox.push_back(request);
                }
                Command::Stream { ticket, response: Response::Progress { done, total, .. } } => {
                    self.progress.push((ticket, done, total))
                }
                Command::Deliver { ticket, response } | Command::Stream { ticket, response } => {
                    self.delivered.push((ticket, response))
                }
                Command::Dropped(t) => self.dropped.extend(t),
                Command::Status(s) => self.statuses.push(s),
                Command::ExactLine(r) => self.exact_line.push(r.map(|r| r.is_ok())),
                Command::WorkerDied { job, restarts, .. } => self.deaths.push((job, restarts)),
            }
        }
    }

    /// Worker `slot` handles its next request; its answers go back to the scheduler. False if
    /// it had nothing to do.
    fn step(&mut self, slot: usize) -> bool {
        let w = &mut self.workers[slot];
        let Some(request) = w.inbox.pop_front() else { return false };
        let generation = w.generation;
        let answers = w.dispatcher.on(request);
        for response in answers {
            self.event(Event::Heard { slot, generation, response });
        }
        true
    }

    /// Every worker handles everything, round-robin, until all are idle.
    fn settle(&mut self) {
        let mut guard = 0;
        while (0..self.workers.len()).map(|s| self.step(s)).fold(false, |a, b| a | b) {
            guard += 1;
            assert!(guard < 100_000, "the pool never settles");
        }
    }

    fn kill(&mut self, slot: usize) {
        let generation = self.workers[slot].generation;
        self.workers[slot].inbox.clear();
        self.event(Event::Died { slot, generation, detail: "RuntimeError: unreachable".into() });
    }

    fn reports(&self, ticket: u64) -> Vec<&Response> {
        self.delivered.iter().filter(|(t, _)| *t == ticket).map(|(_, r)| r).collect()
    }
}

fn default_json() -> String {
    preset("default").map(|p| p.json.to_owned()).expect("default preset")
}

fn config(trials: u64) -> RunConfig {
    RunConfig { trials, seed: 7, ..RunConfig::default() }
}

fn run(ticket: u64, scenario: String) -> Job {
    Job { ticket, work: Work::Run(scenario) }
}

fn submit(pool: &mut Pool, jobs: Vec<Job>, config: RunConfig) {
    pool.event(Event::Submit { jobs, config, arm_crash: false });
}

/// The engine's own report for the default scenario.
fn engine_report(config: RunConfig) -> funnel_lab::sim::Report {
    let scenario = funnel_lab::sim::Scenario::from_json(&default_json()).expect("parses");
    Simulation::new(scenario, config).expect("valid").run()
}

#[test]
fn a_pooled_run_is_the_engine_run_bit_for_bit_whatever_the_pool() {
    let c = config(9_000);
    let expected = engine_report(c);
    for n in [1, 2, 3] {
        let mut pool = Pool::new(n);
        pool.settle(); // every worker says Ready
        submit(&mut pool, vec![run(5, default_json())], c);
        pool.settle();
        let got = pool.reports(5);
        assert_eq!(got.len(), 1, "one answer for the run ({n} workers)");
        match got[0] {
            Response::Done { report, .. } => assert_eq!(**report, expected, "{n} workers"),
            other => panic!("expected Done, got {other:?}"),
        }
        // The shards were merged by a worker, and every worker played one.
        let merged = pool.workers[0].seen.iter().filter(|r| matches!(r, Request::Merge { .. }));
        assert_eq!(merged.count(), 1);
        for w in &pool.workers {
            assert!(w
                .seen
                .iter()
                .any(|r| matches!(r, Request::RunShard { shards, .. } if *shards == n as u32)));
        }
        assert_eq!(pool.statuses.last(), Some(&RunStatus::Idle));
        // Progress counted every worker's trials against the whole run.
        let most = pool.statuses.iter().filter_map(|s| match s {
            RunStatus::Running { done, total } => Some((*done, *total)),
            _ => None,
        });
        // (A shard's last batch answers with its summary, not with progress.)
        let (done, total) = most.max().expect("progress was said");
        assert_eq!(total, 9_000);
        assert!(done <= total && done >= 9_000 - 2_000 * n as u64, "{done} of {total}");
    }
}

#[test]
fn nothing_is_sent_before_a_worker_is_ready_and_a_run_starts_on_the_ready_ones() {
    let mut pool = Pool::new(2);
    submit(&mut pool, vec![run(1, default_json())], config(4_000));
    assert!(pool.workers.iter().all(|w| w.seen.is_empty()), "nothing before Ready");
    // Only the first worker has said Ready: the run is one shard on it.
    pool.step(0);
    assert!(matches!(pool.workers[0].seen[0], Request::RunShard { shards: 1, .. }));
    assert!(pool.workers[1].seen.is_empty());
    pool.settle();
    assert_eq!(pool.reports(1).len(), 1);
}

#[test]
fn a_new_batch_replaces_the_old_and_its_late_answers_are_ignored() {
    let mut pool = Pool::new(1);
    pool.step(0);
    submit(&mut pool, vec![run(1, default_json()), run(2, default_json())], config(6_000));
    pool.step(0); // the first batch of job 1
    submit(&mut pool, vec![run(3, default_json())], config(2_000));
    assert_eq!(pool.dropped, vec![1, 2], "the running and the waiting tickets are dropped");
    assert!(pool.workers[0].seen.iter().any(|r| matches!(r, Request::Cancel { id: 1 })));
    pool.settle();
    assert!(pool.reports(1).is_empty() && pool.reports(2).is_empty());
    assert_eq!(pool.reports(3).len(), 1);
}

#[test]
fn a_dead_worker_is_replaced_and_its_job_runs_again_once_then_waits_for_retry() {
    let c = config(6_000);
    let expected = engine_report(c);
    let mut pool = Pool::new(2);
    pool.step(0);
    pool.step(1);
    submit(&mut pool, vec![run(9, default_json())], c);
    pool.step(1); // worker 1 plays a batch, then dies
    let old = pool.workers[1].generation;
    pool.kill(1);
    assert_eq!(pool.deaths, vec![(InterruptedJob::Rerun, 1)]);
    assert_eq!(pool.workers[1].generation, old + 1, "a fresh generation");
    // A late answer of the dead worker's generation is ignored.
    pool.event(Event::Heard { slot: 1, generation: old, response: Response::Ready });
    pool.settle();
    match pool.reports(9).as_slice() {
        [Response::Done { report, .. }] => assert_eq!(**report, expected),
        other => panic!("one Done expected, got {other:?}"),
    }
    // Twice: the job waits for the user.
    submit(&mut pool, vec![run(10, default_json())], c);
    pool.step(0);
    pool.kill(0);
    pool.step(0); // the fresh worker 0 says Ready: the job runs again
    pool.step(0);
    pool.kill(0);
    assert_eq!(pool.deaths.last().map(|d| d.0), Some(InterruptedJob::Waiting));
    pool.settle();
    assert!(pool.reports(10).is_empty(), "it waits");
    pool.event(Event::Retry);
    pool.settle();
    assert_eq!(pool.reports(10).len(), 1);
    // An idle worker's death interrupts nothing.
    pool.kill(1);
    assert_eq!(pool.deaths.last().map(|d| d.0), Some(InterruptedJob::None));
    assert_eq!(pool.deaths.last().map(|d| d.1), Some(4), "four replacements in all");
}

#[test]
fn forgetting_a_ticket_stops_its_job_and_the_next_one_starts() {
    let mut pool = Pool::new(1);
    pool.step(0);
    submit(&mut pool, vec![run(1, default_json()), run(2, default_json())], config(6_000));
    pool.step(0);
    pool.event(Event::Forget(vec![1]));
    assert_eq!(pool.dropped, vec![1]);
    pool.settle();
    assert!(pool.reports(1).is_empty());
    assert_eq!(pool.reports(2).len(), 1);
}

#[test]
fn cancel_drops_everything_and_says_cancelled() {
    let mut pool = Pool::new(1);
    pool.step(0);
    submit(&mut pool, vec![run(1, default_json()), run(2, default_json())], config(6_000));
    pool.event(Event::Cancel);
    assert_eq!(pool.statuses.last(), Some(&RunStatus::Cancelled));
    pool.settle();
    assert!(pool.delivered.is_empty());
    assert!(!pool.scheduler.busy());
}

#[test]
fn a_refused_calibration_drops_the_plan_check_behind_it() {
    let mut pool = Pool::new(1);
    pool.step(0);
    let jobs = vec![
        Job { ticket: 1, work: Work::Calibrate("not a crm export".into(), Box::default()) },
        Job { ticket: 2, work: Work::PlanCheck(PlanCheckConfig::default()) },
    ];
    submit(&mut pool, jobs, config(1_000));
    pool.settle();
    assert!(
        matches!(pool.reports(1).as_slice(), [Response::Calibrated { result, .. }] if result.is_err())
    );
    assert!(pool.reports(2).is_empty(), "no plan check of a refused file");
    assert!(!pool.scheduler.busy());
}

#[test]
fn the_main_run_asks_the_fine_exact_line_first_unless_it_is_on_screen() {
    let mut pool = Pool::new(1);
    pool.step(0);
    let start = |ticket, revision| Event::Start {
        ticket,
        revision,
        scenario: default_json(),
        config: config(2_000),
        arm_crash: false,
    };
    pool.event(start(1, 4));
    assert!(matches!(pool.workers[0].seen.last(), Some(Request::Exact { quick: false, .. })));
    assert_eq!(pool.exact_line, vec![None], "a new revision clears the line first");
    pool.settle();
    assert_eq!(pool.exact_line, vec![None, Some(true)]);
    assert_eq!(pool.reports(1).len(), 1);
    // The same revision again (a new seed): its fine answer is on screen, only the run goes.
    let sent = pool.workers[0].seen.len();
    pool.event(start(2, 4));
    pool.settle();
    let exact_again =
        pool.workers[0].seen[sent..].iter().filter(|r| matches!(r, Request::Exact { .. })).count();
    assert_eq!(exact_again, 0);
    assert_eq!(pool.reports(2).len(), 1);
}

#[test]
fn an_adopted_first_result_asks_only_the_exact_line_and_a_start_of_it_plays_no_exact_again() {
    // boot.js played revision 1 before the page loaded; the page shows that report.
    let mut pool = Pool::new(2);
    pool.event(Event::Adopted { revision: 1, scenario: default_json(), config: config(2_000) });
    // Nothing is sent before the first worker has said hello; then the exact job alone.
    assert!(pool.workers.iter().all(|w| w.seen.is_empty()));
    pool.settle();
    let runs = |w: &Worker| w.seen.iter().filter(|r| matches!(r, Request::RunShard { .. })).count();
    assert_eq!(pool.workers.iter().map(runs).sum::<usize>(), 0, "no trials played again");
    let exact: Vec<_> =
        pool.workers[0].seen.iter().filter(|r| matches!(r, Request::Exact { .. })).collect();
    assert_eq!(exact.len(), 1);
    assert!(matches!(exact[0], Request::Exact { quick: false, .. }), "the fine grid");
    assert_eq!(pool.exact_line, vec![Some(true)], "not blanked first: nothing was on screen");
    assert!(pool.delivered.is_empty(), "the exact line is the scheduler's, not a ticket's");
    assert_eq!(pool.statuses.last(), Some(&RunStatus::Idle));
    // A Run click on the same revision plays the trials and leaves the settled line alone.
    let sent = pool.workers[0].seen.len();
    pool.event(Event::Start {
        ticket: 1,
        revision: 1,
        scenario: default_json(),
        config: config(2_000),
        arm_crash: false,
    });
    pool.settle();
    let exact_again =
        pool.workers[0].seen[sent..].iter().filter(|r| matches!(r, Request::Exact { .. })).count();
    assert_eq!(exact_again, 0);
    assert_eq!(pool.exact_line, vec![Some(true)]);
    assert_eq!(pool.reports(1).len(), 1);
}

#[test]
fn a_drag_keeps_one_exact_request_in_flight_and_only_the_latest_waits() {
    let mut pool = Pool::new(1);
    pool.step(0);
    let step = |revision| Event::ExactNow { revision, scenario: default_json() };
    pool.event(step(1));
    pool.event(step(2));
    pool.event(step(3));
    let exact = |p: &Pool| {
        p.workers[0].seen.iter().filter(|r| matches!(r, Request::Exact { quick: true, .. })).count()
    };
    assert_eq!(exact(&pool), 1, "one in flight");
    pool.settle();
    assert_eq!(exact(&pool), 2, "then only the latest (3), not 2");
    assert_eq!(pool.exact_line, vec![Some(true), Some(true)]);
    // The same revision again is not asked.
    pool.event(step(3));
    assert_eq!(exact(&pool), 2);
}

#[test]
fn a_side_request_waits_for_the_first_worker_and_survives_its_death() {
    let mut pool = Pool::new(1);
    let ask = Request::Exact { id: 0, scenario: default_json(), quick: false };
    pool.event(Event::Ask { ticket: 7, request: ask });
    assert!(pool.workers[0].seen.is_empty(), "not before Ready");
    pool.step(0); // Ready: the request goes
    assert!(matches!(pool.workers[0].seen.last(), Some(Request::Exact { .. })));
    pool.kill(0); // dies before answering
    pool.settle(); // the fresh worker says Ready and gets the request again
    match pool.reports(7).as_slice() {
        [Response::ExactDone { result, .. }] => assert!(result.is_ok()),
        other => panic!("one ExactDone expected, got {other:?}"),
    }
    // The estimate a page asks before a run is a side request too.
    pool.event(Event::Ask {
        ticket: 8,
        request: Request::Estimate { id: 0, scenario: default_json() },
    });
    pool.settle();
    assert!(
        matches!(pool.reports(8).as_slice(), [Response::Estimated { work: Ok(w), .. }] if *w > 1.0)
    );
}

#[test]
fn the_crash_hook_crashes_one_worker_after_its_first_batch() {
    let mut pool = Pool::new(1);
    pool.step(0);
    pool.event(Event::Submit {
        jobs: vec![run(1, default_json())],
        config: config(6_000),
        arm_crash: true,
    });
    pool.step(0);
    assert!(matches!(pool.workers[0].seen.last(), Some(Request::Crash)));
}

/// The what-it-takes rows delivered to `ticket`, by lever index (the latest of each), and how
/// many heads came.
fn goal_rows(pool: &Pool, ticket: u64) -> (usize, Vec<Option<funnel_lab::sim::goal::LeverGoal>>) {
    let mut heads = 0;
    let mut rows = vec![None; 12];
    for r in pool.reports(ticket) {
        match r {
            Response::GoalHead { result, .. } => {
                assert_eq!(result.as_ref().expect("prepared").levers, 12);
                heads += 1;
            }
            Response::GoalRow { index, row, .. } => rows[*index as usize] = Some((**row).clone()),
            other => panic!("{other:?}"),
        }
    }
    (heads, rows)
}

/// Two workers share a question's levers and stream every row once; assembled, they are the
/// table of one whole solve. A newer question waits while one is prepared, only the latest
/// (the one between is dropped); a worker that dies mid-table has its question asked again.
#[test]
fn the_goal_line_streams_shards_from_every_worker_and_the_latest_question_wins() {
    let mut pool = Pool::new(2);
    pool.settle(); // both Ready
    let ask = |ticket, target| Event::Goal { ticket, scenario: default_json(), target };
    pool.event(ask(1, 0.8));
    let sent = |p: &Pool, w: usize| {
        p.workers[w].seen.iter().filter(|r| matches!(r, Request::Goal { .. })).count()
    };
    assert_eq!((sent(&pool, 0), sent(&pool, 1)), (1, 1), "one shard each");
    pool.settle();
    let (heads, rows) = goal_rows(&pool, 1);
    assert_eq!(heads, 2);
    let rows: Vec<_> = rows.into_iter().map(|r| r.expect("every lever")).collect();
    let head = match pool.reports(1)[0] {
        Response::GoalHead { result: Ok(h), .. } => (**h).clone(),
        ref other => panic!("{other:?}"),
    };
    let whole = funnel_lab::host::dispatch::goal_for(&default_json(), 0.8).expect("answers");
    assert_eq!(
        serde_json::to_string(&head.assemble(rows)).ok(),
        serde_json::to_string(&*whole).ok()
    );
    let next_count = |p: &Pool| {
        p.workers
            .iter()
            .flat_map(|w| &w.seen)
            .filter(|r| matches!(r, Request::GoalNext { .. }))
            .count()
    };
    assert_eq!(next_count(&pool), 12, "one GoalNext a lever");

    // Three questions in a row: the first is being prepared, the second waits and is replaced
    // by the third; the first gives way once prepared.
    pool.event(ask(2, 0.8));
    pool.event(ask(3, 0.6));
    pool.event(ask(4, 0.9));
    // Ticket 1 closed as 2 was sent; 3 dropped while waiting.
    assert_eq!(pool.dropped, vec![1, 3], "the waiting one is dropped");
    pool.settle();
    assert!(pool.dropped.contains(&2), "the replaced one is closed");
    assert!(pool.reports(3).is_empty());
    assert!(goal_rows(&pool, 2).1.iter().all(Option::is_none), "no rows for a replaced question");
    let (_, rows) = goal_rows(&pool, 4);
    assert!(rows.iter().all(Option::is_some), "the latest is answered whole");
    match pool.reports(4)[0] {
        Response::GoalHead { result: Ok(h), .. } => assert_eq!(h.target, 0.9),
        ref other => panic!("{other:?}"),
    }

    // A worker dies mid-table: the question is asked again and answered whole.
    pool.event(ask(5, 0.7));
    pool.step(0);
    pool.step(1); // both heads
    pool.step(0); // a row from worker 0
    pool.kill(1);
    pool.settle();
    let (_, rows) = goal_rows(&pool, 5);
    assert!(rows.iter().all(Option::is_some), "every lever after the death");
}

// Lab, ladder and plan check as jobs (issue #20 item 2).

fn ladder_job(trials: u64) -> LabJob {
    let json = LADDER_PRESETS.iter().find(|p| p.key == "ladder").map(|p| p.json.to_owned());
    LabJob::Ladder { ladder: json.expect("preset"), trials, seed: 1 }
}

fn lab(ticket: u64, job: LabJob) -> Job {
    Job { ticket, work: Work::Lab(job) }
}

/// The page's progress of a ticket: (done, total), in order.
fn progress_of(pool: &Pool, ticket: u64) -> Vec<(u64, u64)> {
    pool.progress.iter().filter(|p| p.0 == ticket).map(|p| (p.1, p.2)).collect()
}

/// Each step's progress of a lab job, a ladder and a plan check reaches the handler of the
/// page that asked (and only it), counting up to its total; the answers are the one-go ones.
#[test]
fn lab_and_plan_check_progress_reaches_the_page_that_asked() {
    let mut pool = Pool::new(2);
    pool.settle();
    let coverage = LabJob::Coverage { trials: 1_000, seed: 2 };
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/samples/generic.csv"))
            .expect("sample");
    let options = CalibrateOptions {
        as_of: Date::from_ymd(2025, 3, 12),
        plan: Some(3_300_000.0),
        ..CalibrateOptions::default()
    };
    let plan = PlanCheckConfig { batches: 40, trials_per_batch: 100, seed: 1 };
    let jobs = vec![
        lab(1, ladder_job(500)),
        lab(2, coverage.clone()),
        Job { ticket: 3, work: Work::Calibrate(text, Box::new(options)) },
        Job { ticket: 4, work: Work::PlanCheck(plan) },
    ];
    submit(&mut pool, jobs, config(1_000));
    pool.settle();
    // A ladder of 500 months, 100 a step: four progress messages, then the answer.
    assert_eq!(progress_of(&pool, 1), vec![(100, 500), (200, 500), (300, 500), (400, 500)]);
    // Six funnels of 1,000 trials, a funnel a step.
    let cov: Vec<u64> = progress_of(&pool, 2).iter().map(|p| p.0).collect();
    assert_eq!(cov, vec![1_000, 2_000, 3_000, 4_000, 5_000]);
    assert!(progress_of(&pool, 3).is_empty(), "a calibration is one step");
    // 4,000 trials at the point estimates, then 40 draws of 100, 2,000 trials a step.
    assert_eq!(progress_of(&pool, 4), vec![(2_000, 8_000), (4_000, 8_000), (6_000, 8_000)]);
    let one_go = |job: &LabJob| serde_json::to_string(&job.run().expect("runs")).ok();
    match pool.reports(1).as_slice() {
        [Response::LabDone { result, .. }] => {
            assert_eq!(serde_json::to_string(result).ok(), one_go(&ladder_job(500)))
        }
        other => panic!("{other:?}"),
    }
    match pool.reports(2).as_slice() {
        [Response::LabDone { result, .. }] => {
            assert_eq!(serde_json::to_string(result).ok(), one_go(&coverage))
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(pool.reports(4).as_slice(), [Response::PlanChecked { .. }]));
    // Only the first worker played them: the pool's others stayed idle.
    assert!(pool.workers[1].seen.iter().all(|r| matches!(r, Request::Hello)));
    assert_eq!(pool.statuses.last(), Some(&RunStatus::Idle));
}

/// Cancel in the middle of a ladder: the worker is told, the ticket dropped, the progress
/// already on its way ignored, nothing delivered; a new request afterwards runs and answers.
#[test]
fn cancel_mid_lab_job_stops_it_and_drops_its_late_answers() {
    let mut pool = Pool::new(1);
    pool.step(0);
    submit(&mut pool, vec![lab(1, ladder_job(1_000))], config(1_000));
    pool.step(0); // the first step
    pool.step(0); // the second
    assert_eq!(progress_of(&pool, 1), vec![(100, 1_000), (200, 1_000)]);
    // The page cancels while the worker has a Continue waiting: its answer comes late.
    pool.event(Event::Cancel);
    assert_eq!(pool.dropped, vec![1]);
    assert_eq!(pool.statuses.last(), Some(&RunStatus::Cancelled));
    assert!(pool.workers[0].seen.iter().any(|r| matches!(r, Request::Cancel { id: 1 })));
    pool.settle();
    assert_eq!(progress_of(&pool, 1).len(), 2, "the late progress is not handed on");
    assert!(pool.reports(1).is_empty(), "nothing delivered for a cancelled job");
    assert_eq!(pool.workers[0].dispatcher.active(), None, "the worker stopped it");
    let continues = pool.workers[0].seen.iter().filter(|r| matches!(r, Request::Continue { .. }));
    assert_eq!(continues.count(), 2, "no Continue after the cancel");
    assert!(!pool.scheduler.busy());
    // Asked again, it runs to its end.
    submit(&mut pool, vec![lab(2, ladder_job(1_000))], config(1_000));
    pool.settle();
    assert_eq!(progress_of(&pool, 2).len(), 9);
    assert!(matches!(pool.reports(2).as_slice(), [Response::LabDone { .. }]));
}

/// A worker killed in the middle of a lab job is replaced and the job runs again once from its
/// start, answering exactly the one-go result (the progress starts again from zero).
#[test]
fn a_worker_killed_mid_lab_job_is_replaced_and_the_job_rerun_once() {
    let mut pool = Pool::new(1);
    pool.step(0);
    let job = LabJob::Cohort(CohortParams::default(), 3);
    submit(&mut pool, vec![lab(7, job.clone())], config(1_000));
    pool.step(0);
    pool.step(0);
    let old = pool.workers[0].generation;
    pool.kill(0);
    assert_eq!(pool.deaths, vec![(InterruptedJob::Rerun, 1)]);
    assert_eq!(pool.workers[0].generation, old + 1);
    pool.settle();
    let growth = CohortParams::default().growth.len() as u64;
    let seen: Vec<u64> = progress_of(&pool, 7).iter().map(|p| p.0).collect();
    let mut expected = vec![1, 2];
    expected.extend(1..growth);
    assert_eq!(seen, expected, "two steps, the death, then every step again");
    match pool.reports(7).as_slice() {
        [Response::LabDone { result, .. }] => assert_eq!(
            serde_json::to_string(result).ok(),
            serde_json::to_string(&job.run().expect("runs")).ok()
        ),
        other => panic!("one answer expected: {other:?}"),
    }
    // Killed twice, it waits for the user's retry.
    submit(&mut pool, vec![lab(8, job)], config(1_000));
    pool.step(0);
    pool.kill(0);
    pool.step(0); // Ready: run again
    pool.step(0);
    pool.kill(0);
    assert_eq!(pool.deaths.last().map(|d| d.0), Some(InterruptedJob::Waiting));
    pool.settle();
    assert!(pool.reports(8).is_empty());
    pool.event(Event::Retry);
    pool.settle();
    assert_eq!(pool.reports(8).len(), 1);
}
