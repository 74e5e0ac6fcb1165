//! Times calibration (parse + estimate) of a large export: a log of the default scenario with
//! its inflow raised until the file has about 200,000 rows. Run with
//! `cargo run --release --example calibrate_timing`.

use std::time::Instant;

use funnel_lab::sim::{preset, Scenario};
use funnel_lab::studies::calibrate::simlog::{simulate_log, SimLogConfig};
use funnel_lab::studies::calibrate::{calibrate, CalibrateOptions};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let base = preset("default").ok_or("no default preset")?.scenario()?;
    let mut spec = base.spec().clone();
    // About 2.8 rows per deal in 250 working days: 255 deals a day gives ~200,000 rows.
    spec.inflow[0].per_day = 255.0;
    let scenario = Scenario::new(spec)?;
    let log = simulate_log(&scenario, &SimLogConfig { days: 250, seed: 1, ..Default::default() })?;
    let options = CalibrateOptions { as_of: Some(log.last_day), ..CalibrateOptions::default() };
    let mut best = f64::INFINITY;
    let mut cal = None;
    for _ in 0..5 {
        let start = Instant::now();
        cal = Some(calibrate(&log.csv, &options)?);
        best = best.min(start.elapsed().as_secs_f64());
    }
    let cal = cal.ok_or("no run")?;
    println!(
        "{} rows, {} deals, {:.1} MB: parse + estimate {:.0} ms (best of 5)",
        cal.records,
        cal.deals,
        log.csv.len() as f64 / 1e6,
        best * 1e3
    );
    Ok(())
}
