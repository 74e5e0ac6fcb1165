//! `funnel-lab midmonth [FILE|PRESET]`: the mid-month post's two claims tested
//! ([`crate::studies::midmonth`]): P(plan | the record at the checkpoint) against what happened
//! (reliability, Brier skill) beside the binary "below the shape" check, and which stage the
//! largest shortfall points at when one stage is weakened.

use std::fmt::Write as _;

use clap::Args;

use super::{load, number, seed, to_json, CliResult};
use crate::studies::midmonth::{study, MidMonthConfig};

/// Arguments of `midmonth`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(super) struct MidMonthArgs {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET", default_value = "default")]
    target: String,
    /// Months simulated for the forecast's reliability.
    #[arg(long, value_name = "N", default_value_t = MidMonthConfig::default().months,
          value_parser = number::<u64>)]
    months: u64,
    /// Continuations per month for P(plan | record).
    #[arg(long, value_name = "N", default_value_t = MidMonthConfig::default().inner,
          value_parser = number::<u64>)]
    inner: u64,
    /// Months simulated for the attribution.
    #[arg(long, value_name = "N", default_value_t = MidMonthConfig::default().attribution_months,
          value_parser = number::<u64>)]
    attribution_months: u64,
    /// The weakened stage's conversion factor.
    #[arg(long, value_name = "X", default_value_t = MidMonthConfig::default().weaken,
          value_parser = number::<f64>)]
    weaken: f64,
    /// Seed of everything.
    #[arg(long, value_name = "S", default_value_t = MidMonthConfig::default().seed,
          value_parser = seed)]
    seed: u64,
    /// Print one JSON object instead of a summary.
    #[arg(long)]
    json: bool,
}

fn pct(x: Option<f64>) -> String {
    x.map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", x * 100.0))
}

/// Runs `midmonth`.
pub(super) fn cmd_midmonth(a: &MidMonthArgs) -> CliResult<String> {
    let scenario = load(&a.target)?;
    let cfg = MidMonthConfig {
        months: a.months,
        inner: a.inner,
        attribution_months: a.attribution_months,
        weaken: a.weaken,
        seed: a.seed,
        ..MidMonthConfig::default()
    };
    let s = study(scenario.spec(), &cfg).map_err(|e| e.to_string())?;
    if a.json {
        return to_json(&s);
    }
    let f = &s.forecast;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} (checkpoint: end of day {} of {})",
        scenario.spec().name,
        s.checkpoint,
        s.horizon
    );
    let _ = writeln!(
        o,
        "P(plan | record): {} months × {} continuations; base rate {:.1}%; Brier {:.4} vs {:.4}; skill {} ± {}",
        f.months,
        f.inner,
        f.brier.base_rate * 100.0,
        f.brier.score,
        f.brier.reference,
        pct(f.brier.skill),
        pct(f.brier.skill_se)
    );
    let _ = writeln!(o, "{:>11} {:>7} {:>9} {:>16}", "forecast", "months", "mean", "made (± se)");
    for b in &f.bins {
        let _ = writeln!(
            o,
            "{:>4.0}–{:<4.0}% {:>7} {:>9} {:>8} ± {}",
            b.lo * 100.0,
            b.hi * 100.0,
            b.months,
            pct(b.forecast),
            pct(b.observed),
            pct(b.observed_se)
        );
    }
    let c = &f.check;
    let _ = writeln!(
        o,
        "Below the shape (tolerance 0): fires {}; hit rate {}; false alarms {}; precision {}; skill {}",
        pct(Some(c.fires)),
        pct(c.hit_rate),
        pct(c.false_alarm_rate),
        pct(c.precision),
        pct(c.skill)
    );
    let (w, n) = (&s.attribution, &s.control);
    let _ = writeln!(
        o,
        "Attribution ({} months, one of stages 1..{} × {}): largest shortfall right after it {:.1}% ± {:.1}%, at it {:.1}% ± {:.1}%; nothing weakened {:.1}% ± {:.1}% (paired gain {:+.1} ± {:.1} points); chance {:.1}%",
        w.months,
        w.candidates,
        w.weaken,
        w.next_stage.rate * 100.0,
        w.next_stage.se * 100.0,
        w.same_stage.rate * 100.0,
        w.same_stage.se * 100.0,
        n.next_stage.rate * 100.0,
        n.next_stage.se * 100.0,
        s.gain.rate * 100.0,
        s.gain.se * 100.0,
        w.chance * 100.0
    );
    Ok(o)
}
