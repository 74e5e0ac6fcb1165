//! Bounded work (issue #12): the largest scenario the fields allow is refused at once, with the
//! limit in the message, rather than run for minutes; what fits runs within seconds.

use std::time::{Duration, Instant};

use funnel_lab::sim::run::{check_page_work, MAX_PAGE_WORK, MAX_TRIAL_WORK};
use funnel_lab::sim::Job as _;
use funnel_lab::sim::{Model, RunConfig, RunError, Scenario, ScenarioSpec, Simulation};

/// Ten stages that all convert, `per_day` leads a day for `days` working days.
fn extreme(per_day: f64, days: i64) -> ScenarioSpec {
    let mut spec =
        ScenarioSpec::from_json(funnel_lab::sim::preset("default").expect("preset").json)
            .expect("the default parses");
    spec.horizon_days = days;
    spec.checkpoint_day = None;
    let stage = spec.stages[0].clone();
    spec.stages = (0..10)
        .map(|i| {
            let mut s = stage.clone();
            s.name = format!("S{i}");
            s.conversion = 0.999;
            s.mean_days = 1.0;
            s
        })
        .collect();
    spec.inflow[0].per_day = per_day;
    spec.initial_pipeline = funnel_lab::sim::scenario::InitialPipeline::Empty;
    spec
}

#[test]
fn ten_stages_a_year_of_100k_leads_a_day_is_refused_at_once() {
    let scenario = Scenario::new(extreme(100_000.0, 366)).expect("every field is in range");
    let t0 = Instant::now();
    let err = Simulation::new(scenario, RunConfig { trials: 1, ..RunConfig::default() })
        .expect_err("over the limit");
    assert!(t0.elapsed() < Duration::from_secs(2), "refused in {:?}", t0.elapsed());
    match &err {
        RunError::TrialWork { deals, work } => {
            assert!((deals - 3.66e7).abs() < 1e3, "{deals}");
            assert!(*work > MAX_TRIAL_WORK);
        }
        other => panic!("wrong refusal: {other}"),
    }
    let text = err.to_string();
    assert!(text.contains("36600000 deals") && text.contains("2500000"), "{text}");
    assert!(!text.contains('\n'));
}

#[test]
fn a_scenario_just_under_the_trial_limit_runs_one_trial_within_seconds() {
    // 680 leads a day for a year: 248,880 deals a trial, all followed by the outcome tables.
    let scenario = Scenario::new(extreme(6_800.0, 366)).expect("valid");
    let model = Model::new(&scenario);
    assert!(model.work_per_trial() <= MAX_TRIAL_WORK, "{}", model.work_per_trial());
    let sim = Simulation::new(scenario, RunConfig { trials: 2, ..RunConfig::default() })
        .expect("under the limit");
    let t0 = Instant::now();
    let report = sim.run();
    let took = t0.elapsed();
    eprintln!("2 trials at {} work each: {took:?}", model.work_per_trial());
    assert!(report.wins.mean > 1e6);
    // Generous for a shared, loaded machine and a debug build: the point is seconds, not minutes.
    assert!(took < Duration::from_secs(60), "{took:?}");
}

#[test]
fn a_steady_pipeline_of_endless_stays_is_refused_not_drawn() {
    // mean_days has no upper bound; a steady start would hold inflow × days deals.
    let mut spec = extreme(10.0, 21);
    spec.stages[0].mean_days = 1e12;
    spec.initial_pipeline = funnel_lab::sim::scenario::InitialPipeline::SteadyState;
    let scenario = Scenario::new(spec).expect("every field is in range");
    let t0 = Instant::now();
    let err = Simulation::new(scenario, RunConfig::default()).expect_err("refused");
    assert!(matches!(err, RunError::TrialWork { .. }), "{err}");
    assert!(t0.elapsed() < Duration::from_secs(2));
}

#[test]
fn the_page_budget_names_the_most_trials_that_fit() {
    let default = Scenario::new(
        ScenarioSpec::from_json(funnel_lab::sim::preset("default").expect("preset").json)
            .expect("parses"),
    )
    .expect("valid");
    let work = Model::new(&default).work_per_trial();
    // The engine's 10^7 trials of the default month fit (a long run, but one with progress and
    // a Cancel button); an A/B of it plays two scenarios a trial, so 10^7 of those do not.
    assert!(check_page_work(funnel_lab::sim::run::MAX_TRIALS, work).is_ok(), "{work}");
    let err = check_page_work(10_000_000, 2.0 * work).expect_err("over");
    let RunError::PageWork { most, .. } = err else { panic!("{err}") };
    assert_eq!(most, (MAX_PAGE_WORK / (2.0 * work)) as u64);
    let work = 2.0 * work;
    assert!(check_page_work(most, work).is_ok() && check_page_work(most + 1, work).is_err());
    assert!(err.to_string().contains(&format!("at most {most}")));
}

#[test]
fn the_cli_says_the_limit_in_one_line() {
    let dir = std::env::temp_dir().join(format!("funnel-limits-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("huge.json");
    std::fs::write(&path, extreme(100_000.0, 366).to_json()).expect("write");
    let t0 = Instant::now();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_funnel-lab"))
        .args(["run", path.to_str().expect("utf-8 path"), "--trials", "1000"])
        .output()
        .expect("runs");
    assert!(t0.elapsed() < Duration::from_secs(10), "{:?}", t0.elapsed());
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("36600000 deals"), "{err}");
}
