//! Lab, ladder and plan check as jobs (issue #20 item 2): played step by step through the
//! worker's dispatch, each answers exactly what the one-go study answers, bit for bit; and the
//! numbers are those the studies gave before they were made to step (the JSON in
//! `tests/fixtures/jobs/`, written by the one-go code before the change; JSON floats are the
//! shortest text that reads back to the same bits, so equal text is equal bits).

use funnel_lab::host::dispatch::Dispatcher;
use funnel_lab::host::protocol::{LabJob, LabResult, Request, Response};
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

#[test]
#[ignore = "writes the fixtures; run once on the one-go code"]
fn bless() {
    for (name, job) in jobs() {
        let result = job.run().expect("runs");
        std::fs::write(fixture(name), serde_json::to_string(&result).expect("json"))
            .expect("writes");
    }
    let mut d = Dispatcher::new();
    d.on(Request::Calibrate { id: 1, text: plan_text(), options: plan_options() });
    let answers = d.on(Request::PlanCheck { id: 2, config: PLAN });
    let [Response::PlanChecked { check, .. }] = answers.as_slice() else { panic!("{answers:?}") };
    std::fs::write(fixture("plan-check"), serde_json::to_string(check).expect("json"))
        .expect("writes");
}
