//! Prints the figures the ladder lessons and docs quote: `cargo run --release --example ladder_numbers`.

use funnel_lab::content::lessons::lessons;
use funnel_lab::studies::ladder::{
    break_even_share, ladder, ladder_preset, ladder_preset_json, period_revenue, read_arms, Ladder,
};

fn main() {
    let with = ladder_preset("ladder").expect("built in");
    let without = ladder_preset("ladder-no-tripwire").expect("built in");
    let x = break_even_share(&with, &without, 0, 1).expect("exists");
    println!("break-even magnet -> session share without the tripwire: {:.5}", x);
    for l in lessons().expect("parse") {
        let Ok(arms) = l.ladder_files(ladder_preset_json).and_then(|f| read_arms(&f)) else {
            continue;
        };
        for (label, spec) in arms {
            let lad = Ladder::new(spec).expect("valid");
            let r = ladder(&lad);
            let start = std::time::Instant::now();
            let p = period_revenue(&lad, 4_000, 1);
            println!(
                "{} / {}: per lead {:.1} (rungs {:?}), days to flagship {:.2} (p50 {}, p90 {}), P(plan) {:.4} ± {:.4}, without top {:.4}, mean {:.0} p10 {:.0} p90 {:.0}, top var share {:.3}, top sales {:.2}, 4000 months in {:.2} s",
                l.id, label.en, r.revenue_per_lead,
                r.rungs.iter().map(|x| (x.revenue_per_lead * 10.0).round() / 10.0).collect::<Vec<_>>(),
                r.to_flagship.mean, r.to_flagship.p50, r.to_flagship.p90, p.p_plan, p.p_plan_se, p.p_plan_without_top,
                p.revenue, p.p10, p.p90, p.variance_share[r.top], p.top_sales, start.elapsed().as_secs_f64()
            );
        }
    }
}
