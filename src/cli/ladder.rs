//! `funnel-lab ladder <FILE|PRESET>`: a ladder file read as the ladder post draws it
//! ([`crate::studies::ladder`]): each rung's price, reach and revenue per lead (exact), the climb
//! to the flagship by every path, and a simulated month: P(plan), revenue by rung and how much of
//! it the top rung decides.

use std::fmt::Write as _;

use serde::Serialize;

use super::{to_json, CliResult, OneScenario};
use crate::studies::ladder::{
    ladder, ladder_preset, period_revenue, Ladder, LadderReport, LadderSpec, PeriodRevenue,
    LADDER_PRESETS,
};
use crate::words::format::{grouped, percent};
use crate::words::i18n::Lang;
use crate::words::text::Named;

/// Both halves, as `--json` prints them.
#[derive(Serialize)]
struct Out {
    ladder: LadderReport,
    period: PeriodRevenue,
}

/// A ladder file, or a built-in ladder by key.
fn load(target: &str) -> CliResult<Ladder> {
    let path = std::path::Path::new(target);
    let spec = if !path.exists() && ladder_preset(target).is_some() {
        ladder_preset(target).ok_or_else(|| format!("preset {target}"))?
    } else {
        let text = std::fs::read_to_string(path).map_err(|e| {
            let names: Vec<_> = LADDER_PRESETS.iter().map(|p| p.key).collect();
            format!("cannot read '{target}': {e} (built-in ladders: {})", names.join(", "))
        })?;
        LadderSpec::from_json(&text).map_err(|e| format!("{target}: {e}"))?
    };
    Ladder::new(spec).map_err(|e| format!("{target}: {e}"))
}

/// Runs `ladder <FILE|PRESET> [--trials N] [--seed S] [--json]`.
pub(super) fn cmd_ladder(a: &OneScenario) -> CliResult<String> {
    let config = a.options.config()?;
    let l = load(&a.target)?;
    let out = Out { ladder: ladder(&l), period: period_revenue(&l, config.trials, config.seed) };
    if a.options.json {
        return to_json(&out);
    }
    let spec = l.spec();
    let (lad, per) = (&out.ladder, &out.period);
    let mut o = String::new();
    let _ = writeln!(o, "{}", spec.name_in(Lang::En));
    let _ = writeln!(
        o,
        "{:<32} {:>10} {:>7} {:>8} {:>10} {:>22} {:>9}",
        "Rung", "price", "entry", "reach", "per lead", "per month (± se)", "var share"
    );
    for (i, r) in lad.rungs.iter().enumerate() {
        let mark = if i == lad.flagship { " (flagship)" } else { "" };
        let _ = writeln!(
            o,
            "{:<32} {:>10} {:>6.2}% {:>7.3}% {:>10.1} {:>12} ± {:<7} {:>9}{mark}",
            r.name_in(Lang::En),
            grouped(r.price, ","),
            r.entry_share * 100.0,
            r.reach * 100.0,
            r.revenue_per_lead,
            grouped(per.per_rung[i], ","),
            grouped(per.per_rung_se[i], ","),
            percent(per.variance_share[i]),
        );
    }
    let _ = writeln!(
        o,
        "Revenue per lead: {:.1} exact over a lead's whole climb; {:.1} ± {:.1} in a simulated month ({} leads, {} trials, {} warm-up days)",
        lad.revenue_per_lead,
        per.revenue_per_lead,
        per.revenue_per_lead_se,
        grouped(per.leads, ","),
        per.trials,
        per.warmup_days
    );
    let _ = writeln!(
        o,
        "P(plan {}): {} ± {}; revenue P10 {}, median {}, P90 {}",
        grouped(per.plan, ","),
        percent(per.p_plan),
        percent(per.p_plan_se),
        grouped(per.p10, ","),
        grouped(per.p50, ","),
        grouped(per.p90, ",")
    );
    let top = &lad.rungs[lad.top];
    let _ = writeln!(
        o,
        "Top rung ({}): {:.2} sales a month on average, {} of the month's revenue variance; P(plan) without its sales {}",
        top.name_in(Lang::En),
        per.top_sales,
        percent(per.variance_share[lad.top]),
        percent(per.p_plan_without_top)
    );
    for row in &per.by_top_sales {
        let _ = writeln!(
            o,
            "  {:>2}{} top sales: {:>6} of months, P(plan) {}",
            row.sales,
            if row.sales == 20 { "+" } else { " " },
            percent(row.months),
            percent(row.p_plan)
        );
    }
    let c = &lad.to_flagship;
    let _ = writeln!(
        o,
        "Working days from a lead to the flagship: mean {:.1}, median {}, 90% within {}",
        c.mean, c.p50, c.p90
    );
    for p in &c.paths {
        let names: Vec<&str> = p.rungs.iter().map(|&i| lad.rungs[i].name_in(Lang::En)).collect();
        let _ = writeln!(
            o,
            "  {:>6} of flagship buyers, {:>5.1} days: {}",
            percent(p.share),
            p.mean_days,
            names.join(" → ")
        );
    }
    Ok(o)
}
