//! Prints the metrics lab's and the ladder's numbers with the time each took, for the README
//! and the issue note: `cargo run --release --example lab_numbers`.

use std::time::Instant;

use funnel_lab::sim::preset;
use funnel_lab::studies::lab::{
    cohort_ltv, coverage, cpl_trap, romi_returns, LabParams, COVERAGE_PRESETS,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let p = LabParams::standard();
    let base = preset("default").ok_or("no default")?.scenario()?;
    let t = Instant::now();
    let c = cohort_ltv(&p.cohort, p.seed)?;
    println!("cohort LTV ({:.0} ms): true LTV {:.0}", t.elapsed().as_secs_f64() * 1e3, c.true_ltv);
    for pt in &c.points {
        println!(
            "  growth {:+5.0}%  formula {:8.0}  realised {:8.0}  error mean {:+6.1}% p10 {:+6.1}% p90 {:+6.1}%  |error| {:5.1}%  n={}",
            pt.growth * 100.0, pt.formula.mean, pt.realised.mean, pt.error.mean * 100.0,
            pt.error.p10 * 100.0, pt.error.p90 * 100.0, pt.abs_error * 100.0, pt.months
        );
    }
    let t = Instant::now();
    let cpl = cpl_trap(&base, &p.cpl, p.seed)?;
    println!("CPL trap ({:.0} ms)", t.elapsed().as_secs_f64() * 1e3);
    for pt in &cpl {
        println!(
            "  CPL {:4.0}  first {:.2}  leads/day {:5.2}  conv {:5.2}%  clients {:5.2}  CAC {:7.0}  P(plan) {:5.1}% ± {:.1}",
            pt.source.cpl, pt.source.first_conversion, pt.leads_per_day, pt.conversion * 100.0,
            pt.clients, pt.cac, pt.p_plan * 100.0, pt.p_plan_se * 100.0
        );
    }
    let t = Instant::now();
    let romi = romi_returns(&base, &p.romi, p.seed)?;
    println!("ROMI ({:.0} ms)", t.elapsed().as_secs_f64() * 1e3);
    for pt in &romi {
        println!(
            "  returns {:3.0}%  ROMI reported {:6.1}%  net {:6.1}%  ROI {:6.1}% (p10 {:6.1}% p90 {:6.1}%)  P(profit) {:5.1}%  break-even margin {:5.1}%",
            pt.returns * 100.0, pt.romi_reported.mean * 100.0, pt.romi_net.mean * 100.0,
            pt.roi.mean * 100.0, pt.roi.p10 * 100.0, pt.roi.p90 * 100.0, pt.p_profit * 100.0,
            pt.break_even_margin * 100.0
        );
    }
    let t = Instant::now();
    let cov = coverage(&COVERAGE_PRESETS, p.coverage_trials, p.seed)?;
    println!("coverage ({:.0} ms)", t.elapsed().as_secs_f64() * 1e3);
    for r in &cov {
        println!(
            "  {:10} pipeline {:>11.0} plan {:>9.0} coverage {:4.2}x P(plan) {:5.1}%  P at 3x {:5.1}%  needs {:4.2}x for 80%",
            r.preset, r.pipeline, r.plan, r.coverage, r.p_plan * 100.0, r.p_at_3x * 100.0, r.coverage_for_80
        );
    }
    println!("the ladder: `cargo run --release --example ladder_numbers`");
    Ok(())
}
