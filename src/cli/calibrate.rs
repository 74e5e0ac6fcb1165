//! `funnel-lab calibrate FILE …` and `funnel-lab simulate-log SCENARIO …`: a funnel from a CRM
//! export ([`crate::studies::calibrate`]), and an export written by the engine to test it on.

use std::fmt::Write as _;

use clap::Args;

use super::{load, money, note, to_json, CliResult};
use crate::studies::calibrate::simlog::{simulate_log, SimLogConfig};
use crate::studies::calibrate::{
    calibrate_bytes, plan_check, Calendar, CalibrateOptions, Calibration, ColumnMap, Date,
    FormatChoice, PlanCheck, PlanCheckConfig,
};
use crate::words::format::percent;

/// How many problems of each kind the readable summary lists (`--json` lists them all).
const SHOWN_PER_KIND: usize = 5;

/// `calibrate <EXPORT> [options]`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(super) struct CalibrateArgs {
    /// The CRM export (CSV, or amoCRM's events JSON).
    #[arg(value_name = "EXPORT")]
    file: String,
    /// The export's format (auto recognises the header).
    #[arg(long, value_name = "F", value_parser = format_choice,
          help = "auto|generic|bitrix24|salesforce|hubspot|amocrm (default auto: by the header)")]
    format: Option<FormatChoice>,
    /// The stage order, "A,B,C" (otherwise inferred and printed for you to confirm).
    #[arg(long, value_name = "A,B,C")]
    stages: Option<String>,
    /// The day of the estimate (default: the file's last date; later rows are left out).
    #[arg(long = "as-of", value_name = "YYYY-MM-DD", value_parser = date)]
    as_of: Option<Date>,
    /// workdays (Mon–Fri, the default) or all.
    #[arg(long, value_name = "C", value_parser = calendar)]
    calendar: Option<Calendar>,
    /// Another layout's columns: deal_id=..,stage=..,entered_at=..,amount=..,manager=..
    #[arg(long, value_name = "MAP", value_parser = column_map)]
    map: Option<ColumnMap>,
    /// Stage labels that mean won, "W,..".
    #[arg(long, value_name = "W,..")]
    won: Option<String>,
    /// Stage labels that mean lost, "L,..".
    #[arg(long, value_name = "L,..")]
    lost: Option<String>,
    /// The month's plan (default: the observed pace of won amounts).
    #[arg(long, value_name = "X", value_parser = super::number::<f64>, allow_negative_numbers = true)]
    plan: Option<f64>,
    /// Currency of the scenario.
    #[arg(long)]
    currency: Option<String>,
    /// Name of the scenario.
    #[arg(long)]
    name: Option<String>,
    /// Plan check: parameter draws (1..=100000, default 200).
    #[arg(long, value_name = "B", value_parser = super::number::<u64>)]
    batches: Option<u64>,
    /// Plan check: trials a draw (1..=100000, default 100).
    #[arg(long, value_name = "N", value_parser = super::number::<u64>)]
    trials: Option<u64>,
    /// Plan check: seed (default 1).
    #[arg(long, value_name = "S", value_parser = super::seed, allow_negative_numbers = true)]
    seed: Option<u64>,
    /// Print the team file (one scenario per manager) instead of the scenario.
    #[arg(long)]
    team: bool,
    /// Print the whole calibration as one JSON object.
    #[arg(long)]
    json: bool,
}

/// `simulate-log <FILE|PRESET> --days N [options]`.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
pub(super) struct SimLogArgs {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET")]
    target: String,
    /// Days of log to write.
    #[arg(long, value_name = "N", value_parser = super::number::<u32>)]
    days: u32,
    /// Seed.
    #[arg(long, value_name = "S", value_parser = super::seed, allow_negative_numbers = true)]
    seed: Option<u64>,
    /// The first day (default 2025-01-01).
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = date)]
    start: Option<Date>,
    /// workdays (the default) or all.
    #[arg(long, value_name = "C", value_parser = calendar)]
    calendar: Option<Calendar>,
    /// A manager column with this name.
    #[arg(long, value_name = "NAME")]
    manager: Option<String>,
}

fn date(v: &str) -> CliResult<Date> {
    Date::parse_iso(v).ok_or_else(|| format!("'{v}' is not a date YYYY-MM-DD"))
}

fn calendar(v: &str) -> CliResult<Calendar> {
    match v {
        "workdays" => Ok(Calendar::Workdays),
        "all" => Ok(Calendar::All),
        _ => Err(format!("'{v}' is not workdays or all")),
    }
}

fn format_choice(v: &str) -> CliResult<FormatChoice> {
    FormatChoice::parse(v).ok_or_else(|| {
        format!("'{v}' is not auto, generic, bitrix24, salesforce, hubspot or amocrm")
    })
}

/// `--map deal_id=Id,stage=Status,entered_at=Date,amount=Sum,manager=Owner`.
fn column_map(v: &str) -> CliResult<ColumnMap> {
    let mut map = ColumnMap::default();
    for part in v.split(',').filter(|p| !p.trim().is_empty()) {
        let (field, column) =
            part.split_once('=').ok_or_else(|| format!("'{part}' is not field=column"))?;
        let column = Some(column.trim().to_owned());
        match field.trim() {
            "deal_id" => map.deal_id = column,
            "stage" => map.stage = column,
            "entered_at" => map.entered_at = column,
            "amount" => map.amount = column,
            "manager" => map.manager = column,
            other => {
                return Err(format!(
                    "'{other}' is not one of deal_id, stage, entered_at, amount, manager"
                ))
            }
        }
    }
    Ok(map)
}

fn list(v: &str) -> Vec<String> {
    v.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
}

/// Runs `calibrate FILE [options]`.
pub(super) fn cmd_calibrate(a: &CalibrateArgs) -> CliResult<String> {
    let defaults = CalibrateOptions::default();
    let options = CalibrateOptions {
        format: a.format.unwrap_or(defaults.format),
        stages: a.stages.as_deref().map(list),
        as_of: a.as_of,
        calendar: a.calendar.unwrap_or(defaults.calendar),
        columns: a.map.clone().unwrap_or_default(),
        won_labels: a.won.as_deref().map_or(defaults.won_labels.clone(), list),
        lost_labels: a.lost.as_deref().map_or(defaults.lost_labels.clone(), list),
        plan: a.plan,
        currency: a.currency.clone().unwrap_or(defaults.currency.clone()),
        name: a.name.clone().unwrap_or(defaults.name.clone()),
    };
    let base = PlanCheckConfig::default();
    let check = PlanCheckConfig {
        seed: a.seed.unwrap_or(base.seed),
        batches: a.batches.unwrap_or(base.batches),
        trials_per_batch: a.trials.unwrap_or(base.trials_per_batch),
    };
    let (file, json, team) = (&a.file, a.json, a.team);
    if !(1..=100_000).contains(&check.batches) || !(1..=100_000).contains(&check.trials_per_batch) {
        return Err("--batches and --trials must be in 1..=100000".into());
    }
    let bytes = std::fs::read(file).map_err(|e| format!("cannot read '{file}': {e}"))?;
    let cal = calibrate_bytes(&bytes, &options).map_err(|e| format!("{file}: {e}"))?;
    let plan = plan_check(&cal, &check).map_err(|e| format!("{file}: {e}"))?;
    if json {
        let mut value = serde_json::to_value(&cal).map_err(|e| e.to_string())?;
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "plan_check".into(),
                serde_json::to_value(&plan).map_err(|e| e.to_string())?,
            );
        }
        return to_json(&value);
    }
    note(summary(file, &cal, &plan));
    if team {
        let Some(t) = &cal.team else {
            return Err(format!("{file}: no manager column, so no team"));
        };
        return serde_json::to_string_pretty(t).map(|s| s + "\n").map_err(|e| e.to_string());
    }
    Ok(cal.scenario.to_json() + "\n")
}

/// The readable summary (standard error, so standard output stays the scenario).
fn summary(file: &str, cal: &Calibration, plan: &PlanCheck) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{file}: {:?} export, {} rows, {} deals, {} .. {} ({} {} days)",
        cal.format,
        cal.records,
        cal.deals,
        cal.first_date,
        cal.as_of,
        cal.window_days,
        match cal.calendar {
            Calendar::Workdays => "working",
            Calendar::All => "calendar",
        }
    );
    let _ = writeln!(
        o,
        "stage order ({}): {}",
        if cal.stage_order.inferred { "inferred, confirm or give --stages" } else { "given" },
        cal.stage_order.names.join(" → ")
    );
    let _ = writeln!(
        o,
        "{:<28} {:>22} {:>22} {:>7} {:>7} {:>7}",
        "stage", "conversion (95%)", "mean days (95%)", "entries", "exits", "open"
    );
    for e in &cal.estimates {
        let name: String = e.stage.chars().take(28).collect();
        let _ = writeln!(
            o,
            "{name:<28} {:>22} {:>22} {:>7} {:>7} {:>7}",
            format!("{:.3} ({:.3}–{:.3})", e.conversion, e.conversion_ci.low, e.conversion_ci.high),
            format!("{:.2} ({:.2}–{:.2})", e.mean_days, e.mean_days_ci.low, e.mean_days_ci.high),
            e.entries,
            e.exits,
            e.censored
        );
    }
    for f in &cal.inflow {
        let _ = writeln!(
            o,
            "inflow at '{}': {:.3} a day ({:.3}–{:.3}), {} deals",
            f.stage, f.per_day, f.per_day_ci.low, f.per_day_ci.high, f.deals
        );
    }
    let b = &cal.budget;
    let _ = writeln!(
        o,
        "budget: median {} ({}–{}), p90 {}, from {} amounts ({})",
        money(b.median),
        money(b.median_ci.low),
        money(b.median_ci.high),
        money(b.p90),
        b.amounts,
        b.source
    );
    if cal.rework.backward_moves > 0 {
        let r = &cal.rework;
        let _ = writeln!(
            o,
            "rework_per_day {:.4} ({:.4}–{:.4}) from {} backward moves",
            r.per_day, r.per_day_ci.low, r.per_day_ci.high, r.backward_moves
        );
    }
    let m = &cal.month;
    let _ = writeln!(
        o,
        "plan {} ({}); won this month so far {}; {} days left to {}",
        money(m.plan),
        m.plan_source,
        money(m.won_so_far),
        m.days_left,
        m.month_end
    );
    let _ = writeln!(
        o,
        "P(plan) for the rest of the month: {} ± {} with the estimates' uncertainty; {} ± {} at the point estimates",
        percent(plan.p_plan),
        percent(plan.p_plan_se),
        percent(plan.p_plan_point),
        percent(plan.p_plan_point_se)
    );
    for r in &plan.shape {
        let flag = if r.below_count == Some(true) || r.below_budget == Some(true) {
            "  below the plan shape"
        } else {
            ""
        };
        let _ = writeln!(
            o,
            "  {:<28} open {:>5} (plan shape {:>7.1})  budget {:>14} (plan shape {:>14}){flag}",
            r.stage.chars().take(28).collect::<String>(),
            r.count,
            r.plan_shape_count,
            money(r.budget),
            money(r.plan_shape_budget)
        );
    }
    if !cal.managers.is_empty() {
        let names: Vec<&str> = cal.managers.iter().map(|m| m.name.as_str()).collect();
        let _ = writeln!(o, "managers: {} (--team prints the team file)", names.join(", "));
    }
    if cal.problems.is_empty() {
        let _ = writeln!(o, "no problems found");
    }
    for (kind, n) in &cal.problem_counts {
        let _ = writeln!(o, "{n} × {kind:?}:");
        for p in cal.problems.iter().filter(|p| p.kind == *kind).take(SHOWN_PER_KIND) {
            match p.row {
                Some(r) => {
                    let _ = writeln!(o, "  row {r}: {}", p.detail);
                }
                None => {
                    let _ = writeln!(o, "  {}", p.detail);
                }
            }
        }
        if *n as usize > SHOWN_PER_KIND {
            let _ = writeln!(
                o,
                "  … and {} more (--json lists them all)",
                *n as usize - SHOWN_PER_KIND
            );
        }
    }
    o.trim_end().to_owned()
}

/// Runs `simulate-log SCENARIO --days N [--seed S] [--start YYYY-MM-DD] [--calendar C]
/// [--manager NAME]`.
pub(super) fn cmd_simulate_log(a: &SimLogArgs) -> CliResult<String> {
    let defaults = SimLogConfig::default();
    let config = SimLogConfig {
        days: a.days,
        seed: a.seed.unwrap_or(defaults.seed),
        start: a.start.unwrap_or(defaults.start),
        calendar: a.calendar.unwrap_or(defaults.calendar),
        manager: a.manager.clone().or(defaults.manager.clone()),
    };
    let scenario = load(&a.target)?;
    let log = simulate_log(&scenario, &config).map_err(|e| e.to_string())?;
    if let Some(n) = &log.note {
        note(format!("funnel-lab: note: {n}"));
    }
    Ok(log.csv)
}
