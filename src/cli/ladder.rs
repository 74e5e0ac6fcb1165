//! `funnel-lab ladder <FILE|PRESET>`: a scenario read as a product ladder ([`crate::studies::ladder`]):
//! each rung's price, reach and revenue per lead, the climb to the flagship, and a simulated
//! period's revenue by rung.

use std::fmt::Write as _;

use serde::Serialize;

use super::{load, to_json, CliResult, OneScenario};
use crate::studies::ladder::{ladder, period_revenue, LadderReport, PeriodRevenue};
use crate::words::format::grouped;

/// Both halves, as `--json` prints them.
#[derive(Serialize)]
struct Out {
    ladder: LadderReport,
    period: PeriodRevenue,
}

/// Runs `ladder <FILE|PRESET> [--trials N] [--seed S] [--json]`.
pub(super) fn cmd_ladder(a: &OneScenario) -> CliResult<String> {
    let config = a.options.config()?;
    let scenario = load(&a.target)?;
    let out = Out {
        ladder: ladder(&scenario),
        period: period_revenue(&scenario, config).map_err(|e| e.to_string())?,
    };
    if a.options.json {
        return to_json(&out);
    }
    let mut o = String::new();
    let _ = writeln!(o, "{}", scenario.spec().name);
    let _ = writeln!(
        o,
        "{:<36} {:>10} {:>9} {:>14} {:>16}",
        "Rung", "price", "reach", "per lead", "per period (± se)"
    );
    for (i, r) in out.ladder.rungs.iter().enumerate() {
        let mark = if i == out.ladder.flagship { " (flagship)" } else { "" };
        let _ = writeln!(
            o,
            "{:<36} {:>10} {:>8.3}% {:>14.1} {:>10} ± {}{mark}",
            r.name_en.as_deref().unwrap_or(&r.name),
            grouped(r.price, ","),
            r.reach * 100.0,
            r.revenue_per_lead,
            grouped(out.period.per_rung[i], ","),
            grouped(out.period.per_rung_se[i], ","),
        );
    }
    let c = &out.ladder.to_flagship;
    let _ = writeln!(
        o,
        "Revenue per lead: {:.1} over a lead's whole climb; {:.1} in a simulated period ({} leads)",
        out.ladder.revenue_per_lead,
        out.period.revenue_per_lead,
        grouped(out.period.leads, ",")
    );
    let _ = writeln!(
        o,
        "Working days from a lead to the flagship: mean {:.1}, median {}, 90% within {}{}",
        c.mean,
        c.p50,
        c.p90,
        if c.lower_bound { " (at least: rework slows the climb)" } else { "" }
    );
    Ok(o)
}
