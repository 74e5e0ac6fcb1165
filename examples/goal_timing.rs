//! What the page's what-it-takes table costs, per preset: the question prepared (the base and
//! the commit line), each lever's search in the order the worker streams them, and the whole
//! table, with the grids the page uses (`host::dispatch::page_goal_config`).
//!
//! `cargo run --profile test-opt --example goal_timing -- [TARGET] [REPEATS]` (default 0.8, 3):
//! the median over the repeats of each time, in ms, on one thread as in one worker.

use std::time::Instant;

use funnel_lab::host::dispatch::page_goal_config;
use funnel_lab::sim::goal::{Goal, GoalConfig};
use funnel_lab::sim::PRESETS;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let target: f64 = args.get(1).and_then(|t| t.parse().ok()).unwrap_or(0.8);
    let repeats: usize = args.get(2).and_then(|t| t.parse().ok()).unwrap_or(3).max(1);
    let config = page_goal_config(target);
    println!(
        "{:<20} {:>8} {:>10} {:>10} {:>8} {:>6}  slowest lever",
        "preset", "prepare", "first row", "whole", "levers", "evals"
    );
    for p in PRESETS {
        let scenario = p.scenario().expect("preset is valid");
        if std::env::var_os("GOAL_GRIDS").is_some() {
            for c in [config.search, config.verify] {
                let t = Instant::now();
                let r = funnel_lab::sim::exact::solve_with(&scenario, &c).expect("solves");
                let ms = t.elapsed().as_secs_f64() * 1e3;
                println!("  {} grid {:?}: {} cells, {ms:.1} ms", p.key, c, r.grid.cells);
            }
        }
        if std::env::var_os("GOAL_ERRORS").is_some() {
            use funnel_lab::sim::goal::{what_it_takes, SlopeGrid};
            for slope in [SlopeGrid::Verify, SlopeGrid::Search] {
                let r = what_it_takes(&scenario, &GoalConfig { slope, ..config }).expect("answers");
                for l in &r.levers {
                    if let (Some(n), Some(e)) = (l.needed, l.needed_error) {
                        println!(
                            "  {} {slope:?} {}: {n:.6} ± {:.2e} rel, {} evals",
                            p.key,
                            l.lever,
                            e / n.abs(),
                            l.evaluations
                        );
                    }
                }
            }
        }
        let (mut prep, mut first, mut whole) = (Vec::new(), Vec::new(), Vec::new());
        let (mut evals, mut levers, mut slowest) = (0, 0, (0.0, String::new()));
        for _ in 0..repeats {
            let t0 = Instant::now();
            let goal = Goal::new(&scenario, &config).expect("answers");
            prep.push(t0.elapsed().as_secs_f64() * 1e3);
            let mut answers = Vec::new();
            slowest = (0.0, String::new());
            for i in 0..goal.len() {
                let t = Instant::now();
                answers.push(goal.lever(i));
                let ms = t.elapsed().as_secs_f64() * 1e3;
                if i == 0 {
                    first.push(t0.elapsed().as_secs_f64() * 1e3);
                }
                if ms > slowest.0 {
                    slowest = (ms, goal.path(i).unwrap_or("?").to_owned());
                }
            }
            levers = answers.len();
            evals = answers.iter().map(|a| a.evaluations).sum::<u32>();
            let _ = goal.finish(answers);
            whole.push(t0.elapsed().as_secs_f64() * 1e3);
        }
        println!(
            "{:<20} {:>8.1} {:>10.1} {:>10.1} {:>8} {:>6}  {} {:.1}",
            p.key,
            median(prep),
            median(first),
            median(whole),
            levers,
            evals,
            slowest.1,
            slowest.0
        );
    }
}
