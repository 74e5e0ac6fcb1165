//! The exact path beside a large Monte Carlo run, for every built-in scenario: P(plan) with its
//! error bound, the Monte Carlo's estimate and standard error, and how far apart they are in
//! units of the allowed gap (bound + 4 SE).
//!
//! `cargo run --release --example exact_vs_mc -- [TRIALS] [THREADS]` (default 1,000,000 trials,
//! as issue #11 asks, on every core; batches merge exactly, so the thread count changes nothing).

use std::time::Instant;

use funnel_lab::sim::exact::solve;
use funnel_lab::sim::Job;
use funnel_lab::sim::{RunConfig, Simulation, PRESETS};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let trials: u64 = args.get(1).and_then(|t| t.parse().ok()).unwrap_or(1_000_000);
    let threads: usize = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(0);
    println!(
        "{:<10} {:>9} {:>9} {:>9} {:>9} {:>8} {:>12} {:>12} {:>8}",
        "preset", "exact", "± bound", "MC", "MC se", "|d|/gap", "mean exact", "mean MC", "solve"
    );
    for p in PRESETS {
        let scenario = p.scenario().expect("preset is valid");
        let t0 = Instant::now();
        let exact = solve(&scenario).expect("presets have no capacity lever");
        let solve_ms = t0.elapsed().as_secs_f64() * 1e3;
        let sim =
            Simulation::new(scenario, RunConfig { trials, seed: 2024, ..RunConfig::default() })
                .expect("config");
        let report = run_parallel(&sim, threads);
        let se = libm::sqrt(exact.p_plan * (1.0 - exact.p_plan) / trials as f64);
        let gap = exact.p_plan_error + 4.0 * se;
        println!(
            "{:<10} {:>8.4}% {:>8.4}% {:>8.4}% {:>8.4}% {:>8.2} {:>12.0} {:>12.0} {:>6.2}ms",
            p.key,
            exact.p_plan * 100.0,
            exact.p_plan_error * 100.0,
            report.p_plan * 100.0,
            report.p_plan_se * 100.0,
            (report.p_plan - exact.p_plan).abs() / gap,
            exact.revenue.mean,
            report.revenue.mean,
            solve_ms
        );
    }
}

/// Batches of 20,000 trials on `threads` threads (0: one per core), merged in order.
fn run_parallel(sim: &Simulation, threads: usize) -> funnel_lab::sim::Report {
    let threads = if threads == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        threads
    };
    let total = sim.config().trials;
    let batch = 20_000;
    let batches: Vec<(u64, u64)> =
        (0..total.div_ceil(batch)).map(|b| (b * batch, ((b + 1) * batch).min(total))).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(vec![None; batches.len()]);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&(a, b)) = batches.get(i) else { break };
                let agg = sim.run_batch(a..b);
                results.lock().expect("no panics")[i] = Some(agg);
            });
        }
    });
    let mut all = sim.empty();
    for agg in results.into_inner().expect("no panics").into_iter().flatten() {
        all.merge(&agg);
    }
    sim.report(&all)
}
