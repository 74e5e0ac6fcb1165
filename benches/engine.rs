//! Engine benchmark: trials per second, nanoseconds per deal-stage step, and peak memory for
//! 10,000 vs 1,000,000 trials; and the exact path's time per solve (one frame is 16 ms). Run
//! with `cargo bench --bench engine` (`-- exact` for the exact path alone); one core, no threads.
//!
//! Peak memory is the process's VmHWM, measured in a child process per trial count so that
//! one measurement cannot hide in another's high-water mark.

use std::time::Instant;

use funnel_lab::host::dispatch::{DRAG_EXACT, LINE_EXACT};
use funnel_lab::sim::exact::{solve_with, ExactConfig};
use funnel_lab::sim::model::Model;
use funnel_lab::sim::rng::TrialRng;
use funnel_lab::sim::trial::Trial;
use funnel_lab::sim::Job;
use funnel_lab::sim::{preset, Method, RunConfig, Scenario, Simulation, PRESETS};

const WIDE: &str = r#"{"schema": 1, "name": "10 stages, 50 leads a day", "horizon_days": 21,
  "plan": 10000000, "initial_pipeline": "steady_state",
  "budget": {"median": 150000, "p90": 400000},
  "inflow": [{"stage": 1, "per_day": 50}],
  "stages": [
    {"name": "S1", "conversion": 0.7, "mean_days": 2}, {"name": "S2", "conversion": 0.8, "mean_days": 2},
    {"name": "S3", "conversion": 0.8, "mean_days": 3}, {"name": "S4", "conversion": 0.85, "mean_days": 2},
    {"name": "S5", "conversion": 0.85, "mean_days": 3}, {"name": "S6", "conversion": 0.9, "mean_days": 2},
    {"name": "S7", "conversion": 0.9, "mean_days": 2}, {"name": "S8", "conversion": 0.9, "mean_days": 3},
    {"name": "S9", "conversion": 0.95, "mean_days": 2}, {"name": "S10", "conversion": 0.95, "mean_days": 2}]}"#;

fn scenario(name: &str) -> Scenario {
    match name {
        "wide" => Scenario::from_json(WIDE).expect("bench scenario"),
        key => preset(key).and_then(|p| p.scenario().ok()).expect("preset"),
    }
}

fn peak_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn speed(name: &str, trials: u64, method: Method) {
    let s = scenario(name);
    let model = Model::new(&s);
    let mut steps = 0;
    let mut trial = Trial::default();
    for i in 0..2000 {
        trial.simulate_with(&model, &mut TrialRng::for_trial(99, i), method);
        steps += trial.steps;
    }
    let steps_per_trial = steps as f64 / 2000.0;
    let sim =
        Simulation::new(s, RunConfig { trials, seed: 1, ..RunConfig::default() }).expect("config");
    let mut best = f64::INFINITY;
    for _ in 0..3 {
        let t0 = Instant::now();
        let report = sim.run();
        let dt = t0.elapsed().as_secs_f64();
        std::hint::black_box(report);
        best = best.min(dt);
    }
    println!(
        "{name:<8} {:<9} {trials:>9} trials  best of 3: {best:.3} s  {:>10.0} trials/s  {:>7.1} steps/trial  {:.1} ns/step",
        format!("{method:?}"),
        trials as f64 / best,
        steps_per_trial,
        best * 1e9 / (trials as f64 * steps_per_trial)
    );
}

/// The exact path on the default grid: best of 20 solves, and the median, in milliseconds.
fn exact(name: &str) {
    exact_on(name, "", &ExactConfig::default());
}

/// The exact path for scenario `key` on a grid (`label` follows the key in the output).
fn exact_on(key: &str, label: &str, config: &ExactConfig) {
    let s = scenario(key);
    let name = format!("{key}{label}");
    let mut times = Vec::new();
    let mut result = None;
    for _ in 0..20 {
        let t0 = Instant::now();
        let r = solve_with(&s, config).expect("no capacity lever");
        times.push(t0.elapsed().as_secs_f64() * 1e3);
        result = Some(r);
    }
    times.sort_by(f64::total_cmp);
    let r = result.expect("solved");
    println!(
        "exact    {name:<9} best {:>6.2} ms  median {:>6.2} ms  {:>7} cells  P(plan) {:.4} ± {:.4}",
        times[0],
        times[times.len() / 2],
        r.grid.cells,
        r.p_plan,
        r.p_plan_error
    );
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(pos) = args.iter().position(|a| a == "--memory-child") {
        let trials: u64 = args.get(pos + 1).and_then(|t| t.parse().ok()).expect("trials");
        let sim = Simulation::new(
            scenario("default"),
            RunConfig { trials, seed: 1, ..RunConfig::default() },
        )
        .expect("config");
        let report = sim.run_with_progress(10_000, |_, _| {});
        println!("{} {}", peak_kib(), report.trials);
        return;
    }
    for p in PRESETS {
        exact(p.key);
    }
    exact("wide");
    // The page's exact line: each step of a drag, then the settled edit (protocol.rs).
    exact_on("default", " drag", &DRAG_EXACT);
    exact_on("default", " line", &LINE_EXACT);
    if args.iter().any(|a| a == "exact") {
        return;
    }
    // A step is a stage stay for PerDeal, a table draw for Outcomes, a deal-day for DayByDay.
    for method in [Method::Outcomes, Method::PerDeal] {
        speed("default", 100_000, method);
        speed("wide", 10_000, method);
    }
    speed("default", 10_000, Method::DayByDay);
    let exe = std::env::current_exe().expect("own path");
    for trials in [10_000u64, 1_000_000] {
        let out = std::process::Command::new(&exe)
            .args(["--memory-child", &trials.to_string()])
            .output()
            .expect("child runs");
        let text = String::from_utf8_lossy(&out.stdout);
        let kib = text.split_whitespace().next().unwrap_or("?");
        println!("memory   {trials:>9} trials  peak RSS {kib} KiB");
    }
}
