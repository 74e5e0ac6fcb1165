//! `funnel-lab calibrate FILE …` and `funnel-lab simulate-log SCENARIO …`: a funnel from a CRM
//! export ([`crate::calibrate`]), and an export written by the engine to test it on.

use std::fmt::Write as _;

use super::{load, money, note, to_json, CliResult};
use crate::calibrate::simlog::{simulate_log, SimLogConfig};
use crate::calibrate::{
    calibrate_bytes, plan_check, Calendar, CalibrateOptions, Calibration, ColumnMap, Date,
    FormatChoice, PlanCheck, PlanCheckConfig,
};
use crate::format::percent;

/// How many problems of each kind the readable summary lists (`--json` lists them all).
const SHOWN_PER_KIND: usize = 5;

fn date_arg(name: &str, v: &str) -> CliResult<Date> {
    Date::parse_iso(v).ok_or_else(|| format!("{name}: '{v}' is not a date YYYY-MM-DD"))
}

fn calendar_arg(v: &str) -> CliResult<Calendar> {
    match v {
        "workdays" => Ok(Calendar::Workdays),
        "all" => Ok(Calendar::All),
        _ => Err(format!("--calendar: '{v}' is not workdays or all")),
    }
}

fn number<T: std::str::FromStr>(name: &str, v: &str) -> CliResult<T> {
    v.parse().map_err(|_| format!("{name}: '{v}' is not a valid number"))
}

/// `--map deal_id=Id,stage=Status,entered_at=Date,amount=Sum,manager=Owner`.
fn column_map(v: &str) -> CliResult<ColumnMap> {
    let mut map = ColumnMap::default();
    for part in v.split(',').filter(|p| !p.trim().is_empty()) {
        let (field, column) =
            part.split_once('=').ok_or_else(|| format!("--map: '{part}' is not field=column"))?;
        let column = Some(column.trim().to_owned());
        match field.trim() {
            "deal_id" => map.deal_id = column,
            "stage" => map.stage = column,
            "entered_at" => map.entered_at = column,
            "amount" => map.amount = column,
            "manager" => map.manager = column,
            other => {
                return Err(format!(
                    "--map: '{other}' is not one of deal_id, stage, entered_at, amount, manager"
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
pub(super) fn cmd_calibrate(args: &[String]) -> CliResult<String> {
    let mut options = CalibrateOptions::default();
    let mut check = PlanCheckConfig::default();
    let (mut json, mut team) = (false, false);
    let mut file = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value =
            |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--json" => json = true,
            "--team" => team = true,
            "--format" => {
                let v = value("--format")?;
                options.format = FormatChoice::parse(&v).ok_or_else(|| {
                    format!("--format: '{v}' is not auto, generic, bitrix24, salesforce, hubspot or amocrm")
                })?;
            }
            "--stages" => options.stages = Some(list(&value("--stages")?)),
            "--as-of" => options.as_of = Some(date_arg("--as-of", &value("--as-of")?)?),
            "--calendar" => options.calendar = calendar_arg(&value("--calendar")?)?,
            "--map" => options.columns = column_map(&value("--map")?)?,
            "--won" => options.won_labels = list(&value("--won")?),
            "--lost" => options.lost_labels = list(&value("--lost")?),
            "--plan" => options.plan = Some(number("--plan", &value("--plan")?)?),
            "--currency" => options.currency = value("--currency")?,
            "--name" => options.name = value("--name")?,
            "--seed" => check.seed = number("--seed", &value("--seed")?)?,
            "--batches" => check.batches = number("--batches", &value("--batches")?)?,
            "--trials" => check.trials_per_batch = number("--trials", &value("--trials")?)?,
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            path if file.is_none() => file = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    let Some(file) = file else { return Err("give an export file: calibrate <FILE>".into()) };
    if !(1..=100_000).contains(&check.batches) || !(1..=100_000).contains(&check.trials_per_batch) {
        return Err("--batches and --trials must be in 1..=100000".into());
    }
    let bytes = std::fs::read(&file).map_err(|e| format!("cannot read '{file}': {e}"))?;
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
    note(summary(&file, &cal, &plan));
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
pub(super) fn cmd_simulate_log(args: &[String]) -> CliResult<String> {
    let mut config = SimLogConfig::default();
    let mut days = None;
    let mut target = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value =
            |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--days" => days = Some(number::<u32>("--days", &value("--days")?)?),
            "--seed" => config.seed = number("--seed", &value("--seed")?)?,
            "--start" => config.start = date_arg("--start", &value("--start")?)?,
            "--calendar" => config.calendar = calendar_arg(&value("--calendar")?)?,
            "--manager" => config.manager = Some(value("--manager")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            path if target.is_none() => target = Some(path.to_owned()),
            extra => return Err(format!("unexpected argument '{extra}'")),
        }
    }
    let Some(target) = target else {
        return Err("give a scenario: simulate-log <FILE|PRESET> --days N".into());
    };
    config.days = days.ok_or("simulate-log needs --days N")?;
    let scenario = load(&target)?;
    let log = simulate_log(&scenario, &config).map_err(|e| e.to_string())?;
    if let Some(n) = &log.note {
        note(format!("funnel-lab: note: {n}"));
    }
    Ok(log.csv)
}
