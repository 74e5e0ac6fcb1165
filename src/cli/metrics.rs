//! `funnel-lab metrics …`: the calculators of the metrics post ([`crate::studies::metrics`]) on the
//! command line, each a readable table or one JSON object with `--json`.

use std::fmt::Write as _;

use clap::{Args, Subcommand};

use super::{number, seed, to_json, CliResult};
use crate::studies::lab::{run_all, LabParams, LabReport};
use crate::studies::metrics::{
    cac, ltv, romi, seed_tables, CacInput, Figure, LtvInput, RomiInput, SeedTables, Unit,
};
use crate::words::format::grouped;

/// `metrics <ltv|cac|romi|seed|lab>`.
#[derive(Debug, Subcommand)]
pub(super) enum MetricsCommand {
    /// LTV = ARPU / churn and what a new client nets, by the post's definitions.
    Ltv(LtvArgs),
    /// CPL and CAC of a lead source.
    Cac(CacArgs),
    /// ROMI, profit and the marginal ROI.
    Romi(RomiArgs),
    /// Every worked table of the metrics post: the post's figure and ours.
    Seed(JsonOnly),
    /// The four experiments that test the post's critique.
    Lab(LabArgs),
}

/// `metrics ltv`.
#[derive(Debug, Args)]
#[command(args_override_self = true, allow_negative_numbers = true)]
pub(super) struct LtvArgs {
    /// Clients at the start of the month.
    #[arg(long, value_name = "N", value_parser = number::<f64>)]
    start: f64,
    /// Clients who left.
    #[arg(long, value_name = "N", value_parser = number::<f64>)]
    left: f64,
    /// New clients.
    #[arg(long, value_name = "N", value_parser = number::<f64>)]
    new: f64,
    /// Revenue of the month.
    #[arg(long, value_name = "R", value_parser = number::<f64>)]
    revenue: f64,
    /// Margin, a share (0.3 is 30%).
    #[arg(long, value_name = "F", value_parser = number::<f64>)]
    margin: Option<f64>,
    /// One lead's cost.
    #[arg(long = "lead-cost", value_name = "C", value_parser = number::<f64>)]
    lead_cost: Option<f64>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// `metrics cac`.
#[derive(Debug, Args)]
#[command(args_override_self = true, allow_negative_numbers = true)]
pub(super) struct CacArgs {
    /// Spend on the source.
    #[arg(long, value_name = "S", value_parser = number::<f64>)]
    spend: f64,
    /// Leads it brought.
    #[arg(long, value_name = "N", value_parser = number::<f64>)]
    leads: f64,
    /// Share of leads who buy.
    #[arg(long, value_name = "F", value_parser = number::<f64>)]
    conversion: f64,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// `metrics romi`.
#[derive(Debug, Args)]
#[command(args_override_self = true, allow_negative_numbers = true)]
pub(super) struct RomiArgs {
    /// Spend on marketing.
    #[arg(long, value_name = "S", value_parser = number::<f64>)]
    spend: f64,
    /// Revenue it brought.
    #[arg(long, value_name = "R", value_parser = number::<f64>)]
    revenue: f64,
    /// Margin, a share.
    #[arg(long, value_name = "F", value_parser = number::<f64>)]
    margin: Option<f64>,
    /// Other costs (goods, logistics).
    #[arg(long, value_name = "C", value_parser = number::<f64>)]
    costs: Option<f64>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Only `--json`.
#[derive(Debug, Args)]
pub(super) struct JsonOnly {
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// `metrics lab`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(super) struct LabArgs {
    /// Seed of the experiments.
    #[arg(long, value_name = "S", value_parser = seed, allow_negative_numbers = true)]
    seed: Option<u64>,
    /// Print one JSON object.
    #[arg(long)]
    json: bool,
}

/// Runs `metrics <ltv|cac|romi|seed|lab> …`.
pub(super) fn cmd_metrics(m: &MetricsCommand) -> CliResult<String> {
    match m {
        MetricsCommand::Ltv(a) => cmd_ltv(a),
        MetricsCommand::Cac(a) => cmd_cac(a),
        MetricsCommand::Romi(a) => cmd_romi(a),
        MetricsCommand::Seed(a) => cmd_seed(a.json),
        MetricsCommand::Lab(a) => cmd_lab(a),
    }
}

fn money(x: f64) -> String {
    grouped(x, ",")
}

fn cmd_ltv(f: &LtvArgs) -> CliResult<String> {
    let input = LtvInput {
        start: f.start,
        left: f.left,
        new: f.new,
        revenue: f.revenue,
        margin: f.margin,
        lead_cost: f.lead_cost,
    };
    let r = ltv(&input).map_err(|e| e.to_string())?;
    if f.json {
        return to_json(&r);
    }
    let mut o = String::new();
    let _ = writeln!(o, "clients at the end   {:>12.2}", r.clients_end);
    let _ = writeln!(o, "average clients      {:>12.2}", r.clients_avg);
    let _ = writeln!(o, "ARPU                 {:>12.2} ₽", r.arpu);
    let _ = writeln!(o, "churn (left/start)   {:>11.2}%", r.churn * 100.0);
    let _ = writeln!(o, "LTV = ARPU / churn   {:>12.2} ₽", r.ltv);
    let rows = [
        ("profit per client", r.profit_per_client),
        ("net per new client", r.net_per_new),
        ("net from new", r.net_from_new),
    ];
    for (label, v) in rows {
        if let Some(v) = v {
            let _ = writeln!(o, "{label:<20} {v:>12.2} ₽");
        }
    }
    Ok(o)
}

fn cmd_cac(f: &CacArgs) -> CliResult<String> {
    let input = CacInput { spend: f.spend, leads: f.leads, conversion: f.conversion };
    let r = cac(&input).map_err(|e| e.to_string())?;
    if f.json {
        return to_json(&r);
    }
    Ok(format!(
        "CPL      {:>12.2} ₽\nclients  {:>12.3}\nCAC      {:>12.2} ₽\n",
        r.cpl, r.clients, r.cac
    ))
}

fn cmd_romi(f: &RomiArgs) -> CliResult<String> {
    let input = RomiInput { spend: f.spend, revenue: f.revenue, margin: f.margin, costs: f.costs };
    let r = romi(&input).map_err(|e| e.to_string())?;
    if f.json {
        return to_json(&r);
    }
    Ok(format!(
        "ROMI          {:>10.1}%\nprofit        {:>12} ₽\nmarginal ROI  {:>10.1}%\n",
        r.romi * 100.0,
        money(r.profit),
        r.roi_margin * 100.0
    ))
}

fn cmd_seed(json: bool) -> CliResult<String> {
    let tables = seed_tables().map_err(|e| e.to_string())?;
    if json {
        return to_json(&tables);
    }
    Ok(seed_text(&tables))
}

/// A figure as the post would print it.
fn shown(unit: Unit, x: f64) -> String {
    match unit {
        Unit::Rub => format!("{} ₽", money(x)),
        Unit::Clients => format!("{x:.0}"),
        Unit::Share => format!("{:.1}%", x * 100.0),
        Unit::Ratio => format!("{x:.1}×"),
    }
}

fn figure_line(o: &mut String, g: &Figure) {
    let post = g.post.map(|p| shown(g.unit, p)).unwrap_or_else(|| "—".into());
    let exact = match g.unit {
        Unit::Rub => format!("{:.2} ₽", g.exact),
        Unit::Clients => format!("{:.3}", g.exact),
        Unit::Share => format!("{:.2}%", g.exact * 100.0),
        Unit::Ratio => format!("{:.3}×", g.exact),
    };
    let mark = if g.note.is_some() { " *" } else { "" };
    let _ = writeln!(o, "  {:<48} {:>14} {:>16}{mark}", g.label, post, exact);
}

/// The seed tables as text, notes after each table.
fn seed_text(t: &SeedTables) -> String {
    let mut o = String::new();
    for table in &t.tables {
        let _ = writeln!(o, "{}\n  {:<48} {:>14} {:>16}", table.title_en, "", "post", "ours");
        for g in &table.figures {
            figure_line(&mut o, g);
        }
        for g in table.figures.iter().filter(|g| g.note.is_some()) {
            if let Some(n) = &g.note {
                let _ = writeln!(o, "  * {}: {}", g.key, n.en);
            }
        }
        o.push('\n');
    }
    o
}

fn cmd_lab(f: &LabArgs) -> CliResult<String> {
    let mut params = LabParams::standard();
    if let Some(seed) = f.seed {
        params.seed = seed;
    }
    let report = run_all(&params).map_err(|e| e.to_string())?;
    if f.json {
        return to_json(&report);
    }
    Ok(lab_text(&report))
}

fn pct(x: f64) -> String {
    format!("{:+.1}%", x * 100.0)
}

/// The lab's four experiments as text.
fn lab_text(r: &LabReport) -> String {
    let mut o = String::new();
    let c = &r.cohort;
    let _ = writeln!(
        o,
        "(a) LTV = ARPU / churn, month by month, against each month's cohort (true LTV {})",
        money(c.true_ltv)
    );
    let _ = writeln!(
        o,
        "  {:>8} {:>10} {:>10} {:>9} {:>19} {:>9} {:>11}",
        "growth", "formula", "realised", "median", "error p10..p90", "|error|", "large base"
    );
    for p in &c.points {
        let _ = writeln!(
            o,
            "  {:>8} {:>10} {:>10} {:>9} {:>9}..{:<9} {:>8.1}% {:>11}",
            pct(p.growth),
            money(p.formula.mean),
            money(p.realised.mean),
            pct(p.error.p50),
            pct(p.error.p10),
            pct(p.error.p90),
            p.abs_error * 100.0,
            pct(p.large_base_bias)
        );
    }
    let _ = writeln!(o, "\n(b) The CPL trap: one budget on cheaper, weaker lead sources");
    let _ = writeln!(
        o,
        "  {:>6} {:>6} {:>10} {:>10} {:>9} {:>9} {:>14}",
        "CPL", "stage1", "leads/day", "conv", "clients", "CAC", "P(plan)"
    );
    for p in &r.cpl {
        let _ = writeln!(
            o,
            "  {:>6} {:>5.0}% {:>10.2} {:>9.2}% {:>9.2} {:>9} {:>7.1}% ± {:.1}",
            money(p.source.cpl),
            p.source.first_conversion * 100.0,
            p.leads_per_day,
            p.conversion * 100.0,
            p.clients,
            money(p.cac),
            p.p_plan * 100.0,
            p.p_plan_se * 100.0
        );
    }
    let _ = writeln!(o, "\n(c) ROMI as reported against the return after returns and margin");
    let _ = writeln!(
        o,
        "  {:>8} {:>14} {:>14} {:>14} {:>10} {:>18}",
        "returns", "ROMI reported", "ROMI net", "marginal ROI", "P(profit)", "break-even margin"
    );
    for p in &r.romi {
        let _ = writeln!(
            o,
            "  {:>7.0}% {:>14} {:>14} {:>14} {:>9.1}% {:>17.1}%",
            p.returns * 100.0,
            pct(p.romi_reported.mean),
            pct(p.romi_net.mean),
            pct(p.roi.mean),
            p.p_profit * 100.0,
            p.break_even_margin * 100.0
        );
    }
    let _ = writeln!(o, "\n(d) \"Keep 3x the plan in the pipeline\" against P(plan)");
    let _ = writeln!(
        o,
        "  {:<10} {:>12} {:>9} {:>9} {:>10} {:>14}",
        "funnel", "pipeline", "coverage", "P(plan)", "P at 3x", "needs for 80%"
    );
    for row in &r.coverage {
        let _ = writeln!(
            o,
            "  {:<10} {:>12} {:>8.2}x {:>8.1}% {:>9.1}% {:>13.2}x",
            row.preset,
            money(row.pipeline),
            row.coverage,
            row.p_plan * 100.0,
            row.p_at_3x * 100.0,
            row.coverage_for_80
        );
    }
    o
}
