//! Lab, ladder and plan check as jobs (issue #20 item 2): played step by step through the
//! worker's dispatch, each answers exactly what the one-go study answers, bit for bit; and the
//! numbers are those the studies gave before they were made to step (the JSON in
//! `tests/fixtures/jobs/`, written by `LabJob::run` and the dispatcher's plan check on the code
//! before the change, commits "Fixtures of today's one-go…" and "Plan-check fixture…"; JSON
//! floats are the shortest text that reads back to the same bits, so equal text is equal bits).

use funnel_lab::host::dispatch::Dispatcher;
use funnel_lab::host::protocol::{LabJob, Request, Response};
use funnel_lab::studies::calibrate::{CalibrateOptions, Date, PlanCheckConfig};
use funnel_lab::studies::lab::{CohortParams, CplParams, RomiParams};
use funnel_lab::studies::ladder::LADDER_PRESETS;

/// The jobs checked, by name: the page's own settings where they are quick enough.
fn jobs() -> Vec<(&'static str, LabJob)> {
    let ladder = |key: &str| {
        LADDER_PRESETS.iter().find(|p| p.key == key).map(|p| p.json.to_owned()).expect("preset")
    };
    vec![
        ("ladder", LabJob::Ladder { ladder: ladder("ladder"), trials: 4_000, seed: 1 }),
        (
            "ladder-arms",
            LabJob::LadderArms {
                ladders: vec![ladder("ladder"), ladder("ladder-no-tripwire")],
                trials: 1_500,
                seed: 3,
            },
        ),
        ("cohort", LabJob::Cohort(CohortParams::default(), 1)),
        ("cpl", LabJob::Cpl(CplParams { trials: 1_000, ..CplParams::default() }, 1)),
        ("romi", LabJob::Romi(RomiParams { trials: 1_000, ..RomiParams::default() }, 2)),
        ("coverage", LabJob::Coverage { trials: 1_500, seed: 1 }),
        ("break-even", LabJob::BreakEven),
    ]
}

fn fixture(name: &str) -> String {
    format!("{}/tests/fixtures/jobs/{name}.json", env!("CARGO_MANIFEST_DIR"))
}

fn plan_text() -> String {
    std::fs::read_to_string(format!("{}/assets/samples/generic.csv", env!("CARGO_MANIFEST_DIR")))
        .expect("fixture")
}

/// The sample file read as of mid-March with a plan it has not met, so the check simulates
/// the rest of the month.
fn plan_options() -> Box<CalibrateOptions> {
    Box::new(CalibrateOptions {
        as_of: Date::from_ymd(2025, 3, 12),
        plan: Some(3_300_000.0),
        ..CalibrateOptions::default()
    })
}

const PLAN: PlanCheckConfig = PlanCheckConfig { batches: 60, trials_per_batch: 100, seed: 4 };

/// Drives job `id` to its end as the page does (`Continue` after every `Progress`): its answer
/// and the progress it reported.
fn drive(d: &mut Dispatcher, first: Vec<Response>, id: u64) -> (Response, Vec<(u64, u64)>) {
    let mut answers = first;
    let mut progress = Vec::new();
    loop {
        assert_eq!(answers.len(), 1, "one answer a step: {answers:?}");
        match answers.pop().expect("an answer") {
            Response::Progress { id: p, done, total } => {
                assert_eq!(p, id);
                progress.push((done, total));
                answers = d.on(Request::Continue { id });
            }
            last => return (last, progress),
        }
    }
}

/// Progress counts up, never past its total, and the total never changes.
fn check_progress(name: &str, progress: &[(u64, u64)]) {
    let total = progress.first().map_or(0, |p| p.1);
    for w in progress.windows(2) {
        assert!(w[0].0 < w[1].0, "{name}: progress moves on: {progress:?}");
    }
    assert!(progress.iter().all(|&(d, t)| t == total && d < t), "{name}: {progress:?}");
}

/// Every lab and ladder job, stepped through the dispatch, answers the one-go study's result
/// and the fixture's, bit for bit; the long ones report progress on the way.
#[test]
fn stepped_lab_jobs_answer_the_one_go_results_bit_for_bit() {
    for (name, job) in jobs() {
        let fixture = std::fs::read_to_string(fixture(name)).expect("fixture");
        let one_go = serde_json::to_string(&job.run().expect("runs")).expect("json");
        assert_eq!(one_go, fixture, "{name}: the one-go study gives today's numbers");
        let mut d = Dispatcher::new();
        let first = d.on(Request::Lab { id: 5, job: job.clone() });
        let (answer, progress) = drive(&mut d, first, 5);
        let Response::LabDone { id: 5, result } = answer else { panic!("{name}: {answer:?}") };
        assert_eq!(serde_json::to_string(&result).expect("json"), fixture, "{name}: stepped");
        check_progress(name, &progress);
        let steps = progress.len() + 1;
        let least = match name {
            "break-even" => 1,
            // Months of 100 a step; a funnel's trials 2,000 a step, run after run.
            "ladder" => 40,
            "ladder-arms" => 30,
            "cohort" => CohortParams::default().growth.len(),
            "cpl" => CplParams::default().sources.len(),
            "romi" => RomiParams::default().returns.len() + 1,
            "coverage" => 6,
            other => panic!("{other}"),
        };
        assert!(steps >= least, "{name}: {steps} steps, expected at least {least}");
        assert_eq!(d.active(), None, "{name}: nothing left running");
    }
}

/// The plan check, stepped, answers the one-go check's numbers (the fixture) bit for bit,
/// after progress over the point run's and the draws' trials.
#[test]
fn a_stepped_plan_check_answers_the_one_go_check() {
    let fixture = std::fs::read_to_string(fixture("plan-check")).expect("fixture");
    let mut d = Dispatcher::new();
    let first = d.on(Request::Calibrate { id: 1, text: plan_text(), options: plan_options() });
    assert!(matches!(first.as_slice(), [Response::Calibrated { id: 1, .. }]), "{first:?}");
    let first = d.on(Request::PlanCheck { id: 2, config: PLAN });
    let (answer, progress) = drive(&mut d, first, 2);
    let Response::PlanChecked { id: 2, check } = answer else { panic!("{answer:?}") };
    assert_eq!(serde_json::to_string(&check).expect("json"), fixture);
    check_progress("plan check", &progress);
    // 6,000 trials at the point estimates, then 60 draws of 100: 2,000 trials a step.
    assert_eq!(progress.first(), Some(&(2_000, 12_000)), "{progress:?}");
    assert_eq!(progress.len() + 1, 6, "{progress:?}");
}

/// Cancel stops a lab job between two steps: later `Continue`s answer nothing; a newer
/// request replaces a job mid-way and answers its own result, the same as if alone.
#[test]
fn a_lab_job_is_cancelled_or_replaced_between_steps() {
    let (_, job) = jobs().into_iter().find(|(n, _)| *n == "ladder").expect("ladder");
    let mut d = Dispatcher::new();
    let first = d.on(Request::Lab { id: 1, job: job.clone() });
    assert!(matches!(first.as_slice(), [Response::Progress { id: 1, done: 100, total: 4_000 }]));
    assert!(matches!(d.on(Request::Continue { id: 1 }).as_slice(), [Response::Progress { .. }]));
    assert!(d.on(Request::Cancel { id: 1 }).is_empty());
    assert_eq!(d.active(), None);
    assert!(d.on(Request::Continue { id: 1 }).is_empty(), "a cancelled job is quiet");
    // Started again, then replaced by the coverage job before it ends.
    d.on(Request::Lab { id: 2, job });
    let (_, coverage) = jobs().into_iter().find(|(n, _)| *n == "coverage").expect("coverage");
    let first = d.on(Request::Lab { id: 3, job: coverage });
    assert!(d.on(Request::Continue { id: 2 }).is_empty(), "the replaced job is quiet");
    let (answer, _) = drive(&mut d, first, 3);
    let Response::LabDone { result, .. } = answer else { panic!("{answer:?}") };
    let fixture = std::fs::read_to_string(fixture("coverage")).expect("fixture");
    assert_eq!(serde_json::to_string(&result).expect("json"), fixture);
    // A refused job fails at once with the study's words.
    let bad = LabJob::Coverage { trials: 5, seed: 1 };
    let answers = d.on(Request::Lab { id: 4, job: bad });
    assert!(
        matches!(answers.as_slice(), [Response::Failed { id: 4, error }] if error.to_string().contains("trials")),
        "{answers:?}"
    );
}
