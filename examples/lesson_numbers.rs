//! Prints what each lesson's reveal shows, arm by arm against the baseline, on paired runs:
//! `cargo run --release --example lesson_numbers [trials] [seed] [lesson id…]` (no ids: every
//! lesson). Trainers can read the numbers
//! before a workshop; the issue notes quote them.

use funnel_lab::content::lessons::lessons;
use funnel_lab::sim::analysis::Comparison;
use funnel_lab::sim::report::CheckBasis;
use funnel_lab::sim::Job;
use funnel_lab::sim::{RunConfig, Scenario};

fn pct(x: Option<f64>) -> String {
    x.map_or("—".into(), |v| format!("{:.1}%", v * 100.0))
}

fn main() -> Result<(), String> {
    let mut args = std::env::args().skip(1);
    let trials = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let only: Vec<String> = args.collect();
    let config = RunConfig { trials, seed, ..RunConfig::default() };
    for lesson in lessons()?.into_iter().filter(|l| only.is_empty() || only.contains(&l.id)) {
        println!("\n## {} ({}): {}", lesson.id, lesson.source.en, lesson.title.en);
        if lesson.kind == funnel_lab::content::lessons::LessonKind::Ladder {
            println!("(a ladder lesson: `cargo run --release --example ladder_numbers`)");
            continue;
        }
        let arms = lesson.scenarios()?;
        let base = Scenario::new(arms[0].1.clone()).map_err(|e| e.to_string())?;
        for (i, (label, spec)) in arms.iter().enumerate() {
            let arm = Scenario::new(spec.clone()).map_err(|e| e.to_string())?;
            let r = Comparison::new(base.clone(), arm, config).map_err(|e| e.to_string())?.run();
            let b = &r.b;
            let f = &b.forecast;
            let tol0 = f
                .warn_shape_curve
                .iter()
                .find(|p| p.basis == CheckBasis::Both && p.tolerance == 0.0)
                .copied();
            print!(
                "- {}: P(plan) {:.3} ± {:.3}; mean revenue {:.0}",
                label.en, b.p_plan, b.p_plan_se, b.revenue.mean
            );
            if i > 0 {
                print!(
                    "; ΔP {:+.3} ± {:.3} (paired), Δrevenue {:+.0}",
                    r.delta_p_plan, r.delta_p_plan_se_paired, r.delta_revenue.mean
                );
            }
            println!(
                "; forecast bias {}; check@0 rate {} precision {} recall {}; forecast warn precision {} recall {}",
                pct(f.bias_relative),
                pct(tol0.and_then(|p| p.rate)),
                pct(tol0.and_then(|p| p.precision)),
                pct(tol0.and_then(|p| p.recall)),
                pct(f.warn_forecast.precision),
                pct(f.warn_forecast.recall)
            );
            let conv: Vec<String> = b
                .stages
                .iter()
                .map(|s| format!("{}/{}", pct(s.conversion), pct(s.recorded_conversion)))
                .collect();
            println!("    true/recorded conversion: {}", conv.join("  "));
        }
    }
    Ok(())
}
