//! From rows to estimates: the stage order, each deal's path, and the maximum-likelihood
//! estimates of MODEL.md's parameters with their intervals.
//!
//! **The day convention** follows the engine (`sim/trial.rs`). Each day a deal in a stage rolls
//! once to exit, with probability h = 1/d. A deal created in a stage on day s rolls on days
//! s, s+1, …; a deal that moved into it on day t rolls from day t+1 (it does not move twice in
//! a day). So a stay entered by creation on day s and left on day e took e − s + 1 rolls; one
//! entered by a move took e − t; a deal still there at the end of the as-of day A took
//! A − s + 1 (or A − t) rolls, none of them an exit (right-censoring). The likelihood is
//! h^exits (1 − h)^(rolls − exits), so the MLE is h = exits / rolls, d = 1/h, and the interval
//! is Wilson's on (exits, rolls). A same-day pass through a stage (a CRM allows it, the engine
//! does not) counts one roll.
//!
//! **Backward moves** are MODEL.md's rework in the moving record: the day a deal moves back is
//! one failed exit roll of its stage; its stay in the earlier stage is a rework spell whose
//! daily finishing chance is that stage's 1/d, so the spell's days and its return count toward
//! that stage's stay, but not toward its conversion. `rework_per_day` = backward moves ÷ the
//! failed exit rolls of stages 2 and later.
//!
//! **Conversion** = forward exits ÷ exits. A move over skipped stages counts as a forward exit
//! of each of them, without a stay.

use std::collections::{BTreeMap, HashMap};

use super::date::{Calendar, Date, Stamp};
use super::input::{Label, Parsed, Row};
use super::interval::{poisson_mean, wilson};
use super::{
    BudgetEstimate, CalibrateError, CalibrateOptions, Calibration, Format, InflowEstimate,
    Interval, ManagerCalibration, MonthStatus, PreviewRow, Problem, ProblemKind, ReworkEstimate,
    StageEstimate, StageOrder, MIN_AMOUNTS, PREVIEW_ROWS, STALE_FACTOR,
};
use crate::sim::analysis::{MemberSpec, TeamSpec};
use crate::sim::model::Z90;
use crate::sim::scenario::{
    BudgetSpec, InflowSpec, InitialDeal, InitialPipeline, Levers, Scenario, ScenarioSpec,
    StageSpec, MAX_STAGES, SCHEMA_VERSION,
};

/// Sufficient statistics of one stage.
#[derive(Clone, Debug, Default)]
struct StageStats {
    entries: u64,
    exits: u64,
    forward: u64,
    censored: u64,
    timed_exits: u64,
    rolls: u64,
    /// Rolls of the stays that ended in a timed exit (for the staleness check).
    exit_rolls: u64,
    created: u64,
}

/// What one pass over a set of deals found.
#[derive(Clone, Debug, Default)]
struct Stats {
    stages: Vec<StageStats>,
    backward: u64,
    rework_rolls: u64,
    /// (stage, amount) of each deal open at the as-of date.
    open: Vec<(usize, Option<f64>)>,
    won_amounts: Vec<f64>,
    all_amounts: Vec<f64>,
    /// Won in the month so far: (count, sum of known amounts, count without amount).
    month_wins: (u64, f64, u64),
    /// Won in the window: (count, sum of known amounts, count without amount).
    window_wins: (u64, f64, u64),
    /// Deals open with only their creation row: (line, stage, rolls).
    single_row_open: Vec<(u64, usize, u64)>,
    deals: u64,
    rows_used: u64,
}

/// A stay in progress.
#[derive(Clone, Copy, Debug)]
struct Stay {
    stage: usize,
    entry: i64,
    created: bool,
    rework: bool,
}

/// The frame every pass shares.
struct Frame<'a> {
    calendar: Calendar,
    /// The as-of day's index.
    as_of: i64,
    month_start: i64,
    /// Parsed stage id → position in the order.
    position: &'a [Option<usize>],
    k: usize,
    format: Format,
    stage_names: &'a [String],
}

impl Frame<'_> {
    fn day(&self, stamp: Stamp) -> i64 {
        self.calendar.index(stamp.date).min(self.as_of)
    }

    fn name(&self, stage: usize) -> &str {
        self.stage_names.get(stage).map_or("?", String::as_str)
    }
}

/// Rolls of a stay ending on `day` (see the module's day convention).
fn rolls(stay: &Stay, day: i64) -> u64 {
    (day - stay.entry + i64::from(stay.created)).max(0) as u64
}

/// Walks every deal's rows (each slice sorted by time), adding to `stats`; problems go to
/// `problems` when given.
fn walk<'r>(
    deals: impl Iterator<Item = &'r [Row]>,
    frame: &Frame<'_>,
    mut problems: Option<&mut Vec<Problem>>,
) -> Stats {
    let k = frame.k;
    let mut st = Stats { stages: vec![StageStats::default(); k], ..Stats::default() };
    let mut report = |row: u64, kind: ProblemKind, detail: String| {
        if let Some(p) = problems.as_deref_mut() {
            p.push(Problem { row: Some(row), kind, detail });
        }
    };
    for rows in deals {
        st.deals += 1;
        let mut cur: Option<Stay> = None;
        let mut closed = false;
        let mut amount: Option<f64> = None;
        let mut used = 0u64;
        let mut first_line = 0;
        for r in rows {
            if closed {
                let detail = "a row after the deal was won or lost; left out".to_owned();
                report(r.line, ProblemKind::RowAfterClose, detail);
                continue;
            }
            if r.amount.is_some() {
                amount = r.amount;
            }
            let day = frame.day(r.stamp);
            // Won is a move forward out of the last stage.
            let target = match r.label {
                Label::Stage(id) => frame.position[id as usize],
                Label::Won => Some(k),
                Label::Lost => None,
            };
            let Some(s) = cur else {
                used += 1;
                first_line = r.line;
                match (r.label, target) {
                    (Label::Stage(_), Some(j)) => {
                        st.stages[j].entries += 1;
                        st.stages[j].created += 1;
                        cur = Some(Stay { stage: j, entry: day, created: true, rework: false });
                    }
                    _ => {
                        let detail =
                            "the deal's first row closes it; it never was in a stage".to_owned();
                        report(r.line, ProblemKind::ClosedAtCreation, detail);
                        closed = true;
                    }
                }
                continue;
            };
            let n = rolls(&s, day);
            match target {
                Some(j) if j == s.stage => {
                    if frame.format != Format::Salesforce {
                        let detail = format!(
                            "'{}' again; read as an update, not a move",
                            frame.name(s.stage)
                        );
                        report(r.line, ProblemKind::RepeatedStage, detail);
                    }
                    continue;
                }
                Some(j) if j > s.stage => {
                    let stage = &mut st.stages[s.stage];
                    stage.rolls += n.max(1);
                    stage.exit_rolls += n.max(1);
                    stage.timed_exits += 1;
                    if !s.rework {
                        stage.exits += 1;
                        stage.forward += 1;
                        if s.stage >= 1 {
                            st.rework_rolls += n.max(1) - 1;
                        }
                    }
                    if j > s.stage + 1 {
                        for m in s.stage + 1..j {
                            let skipped = &mut st.stages[m];
                            skipped.entries += 1;
                            skipped.exits += 1;
                            skipped.forward += 1;
                        }
                        let names: Vec<&str> = (s.stage + 1..j).map(|m| frame.name(m)).collect();
                        let detail = format!(
                            "from '{}' to {}, passing over {}",
                            frame.name(s.stage),
                            if j == k { "won".to_owned() } else { format!("'{}'", frame.name(j)) },
                            names.join(", ")
                        );
                        report(r.line, ProblemKind::SkippedStage, detail);
                    }
                    if j == k {
                        closed = true;
                        st.won_amounts.extend(amount);
                        let month = day >= frame.month_start;
                        for (on, w) in [(true, &mut st.window_wins), (month, &mut st.month_wins)] {
                            if on {
                                w.0 += 1;
                                match amount {
                                    Some(a) => w.1 += a,
                                    None => w.2 += 1,
                                }
                            }
                        }
                    } else {
                        if !s.rework {
                            st.stages[j].entries += 1;
                        }
                        cur = Some(Stay { stage: j, entry: day, created: false, rework: false });
                    }
                }
                Some(j) => {
                    st.backward += 1;
                    st.stages[s.stage].rolls += n;
                    if s.stage >= 1 && !s.rework {
                        st.rework_rolls += n;
                    }
                    let detail =
                        format!("back from '{}' to '{}'", frame.name(s.stage), frame.name(j));
                    report(r.line, ProblemKind::BackwardMove, detail);
                    cur = Some(Stay { stage: j, entry: day, created: false, rework: true });
                }
                None => {
                    let stage = &mut st.stages[s.stage];
                    stage.rolls += n.max(1);
                    stage.exit_rolls += n.max(1);
                    stage.timed_exits += 1;
                    stage.exits += 1;
                    if s.stage >= 1 && !s.rework {
                        st.rework_rolls += n.max(1) - 1;
                    }
                    closed = true;
                }
            }
            used += 1;
        }
        st.rows_used += used;
        st.all_amounts.extend(amount);
        if let (false, Some(s)) = (closed, cur) {
            let n = rolls(&s, frame.as_of);
            let stage = &mut st.stages[s.stage];
            stage.rolls += n;
            stage.censored += 1;
            if s.stage >= 1 && !s.rework {
                st.rework_rolls += n;
            }
            st.open.push((s.stage, amount));
            if used == 1 {
                st.single_row_open.push((first_line, s.stage, n));
            }
        }
    }
    st
}

/// The stage order by Copeland's rule on "first entered before": stage a precedes b when more
/// deals entered a first than b first; ties keep the order of first appearance in the file.
fn infer_order(deal_rows: &[&[Row]], stage_count: usize) -> (Vec<usize>, Vec<Vec<u64>>) {
    let mut precedes = vec![vec![0u64; stage_count]; stage_count];
    let mut seen = Vec::with_capacity(MAX_STAGES);
    for rows in deal_rows {
        seen.clear();
        for r in rows.iter() {
            if let Label::Stage(id) = r.label {
                let id = id as usize;
                if !seen.contains(&id) {
                    for &earlier in &seen {
                        precedes[earlier][id] += 1;
                    }
                    seen.push(id);
                }
            }
        }
    }
    let score = |a: usize| (0..stage_count).filter(|&b| precedes[a][b] > precedes[b][a]).count();
    let mut order: Vec<usize> = (0..stage_count).collect();
    order.sort_by_key(|&a| std::cmp::Reverse(score(a)));
    (order, precedes)
}

fn interval((low, high): (f64, f64)) -> Interval {
    Interval { low, high }
}

/// Stage estimates from their statistics; stages no deal left get a stated guess.
fn stage_estimates(
    stats: &Stats,
    names: &[String],
    problems: Option<&mut Vec<Problem>>,
) -> Vec<StageEstimate> {
    let mut notes = Vec::new();
    let out = stats
        .stages
        .iter()
        .zip(names)
        .map(|(s, name)| {
            let (conversion, conversion_ci) = if s.exits > 0 {
                (s.forward as f64 / s.exits as f64, wilson(s.forward as f64, s.exits as f64))
            } else {
                notes.push(format!("no deal left '{name}': its conversion is set to 0.5"));
                (0.5, (0.0, 1.0))
            };
            let (mean_days, mean_days_ci) = if s.timed_exits > 0 {
                let (lo, hi) = wilson(s.timed_exits as f64, s.rolls as f64);
                let d = s.rolls as f64 / s.timed_exits as f64;
                (d.max(1.0), (1.0 / hi, if lo > 0.0 { 1.0 / lo } else { f64::INFINITY }))
            } else {
                let d = (s.rolls as f64 + 1.0).clamp(1.0, 366.0);
                notes.push(format!(
                    "no timed exit from '{name}': its stay is set to {d} days, a lower bound"
                ));
                (d, (d, f64::INFINITY))
            };
            StageEstimate {
                stage: name.clone(),
                conversion,
                conversion_ci: interval(conversion_ci),
                mean_days,
                mean_days_ci: interval(mean_days_ci),
                entries: s.entries,
                exits: s.exits,
                forward: s.forward,
                censored: s.censored,
                timed_exits: s.timed_exits,
                exposure_days: s.rolls,
            }
        })
        .collect();
    if let Some(p) = problems {
        p.extend(notes.into_iter().map(|detail| Problem {
            row: None,
            kind: ProblemKind::NoExits,
            detail,
        }));
    }
    out
}

/// The log-normal deal size from won amounts, or all amounts when too few deals won with one.
fn budget_estimate(stats: &Stats) -> BudgetEstimate {
    let (amounts, source) = if stats.won_amounts.len() >= MIN_AMOUNTS {
        (&stats.won_amounts, "won")
    } else if stats.all_amounts.len() >= MIN_AMOUNTS {
        (&stats.all_amounts, "all")
    } else {
        let one = Interval { low: 1.0, high: 1.0 };
        return BudgetEstimate {
            median: 1.0,
            p90: 1.0,
            log_mean: 0.0,
            log_sd: 0.0,
            median_ci: one,
            amounts: 0,
            source: "none".into(),
        };
    };
    let n = amounts.len() as f64;
    let logs: Vec<f64> = amounts.iter().map(|&a| libm::log(a)).collect();
    let mu = logs.iter().sum::<f64>() / n;
    let var = logs.iter().map(|l| (l - mu) * (l - mu)).sum::<f64>() / (n - 1.0).max(1.0);
    let sd = libm::sqrt(var);
    let half = super::interval::Z95 * sd / libm::sqrt(n);
    BudgetEstimate {
        median: libm::exp(mu),
        p90: libm::exp(mu + Z90 * sd),
        log_mean: mu,
        log_sd: sd,
        median_ci: Interval { low: libm::exp(mu - half), high: libm::exp(mu + half) },
        amounts: amounts.len() as u64,
        source: source.into(),
    }
}

/// Rounds a money figure to 3 significant digits, as a plan is written.
fn round_money(x: f64) -> f64 {
    if !(x > 0.0) || !x.is_finite() {
        return x;
    }
    let scale = libm::pow(10.0, libm::floor(libm::log10(x)) - 2.0);
    libm::round(x / scale) * scale
}

/// The scenario of a set of estimates.
#[allow(clippy::too_many_arguments)]
fn scenario_of(
    name: String,
    format: Format,
    options: &CalibrateOptions,
    estimates: &[StageEstimate],
    inflow: &[InflowEstimate],
    budget: &BudgetEstimate,
    rework: &ReworkEstimate,
    open: &[(usize, Option<f64>)],
    month_days: i64,
    plan: f64,
) -> ScenarioSpec {
    let mut levers = Levers::default();
    if rework.backward_moves > 0 {
        // The file's record moves deals back: MODEL.md's moving record.
        levers.rework_per_day = rework.per_day.min(0.99);
        levers.record_reverse = true;
    }
    ScenarioSpec {
        schema: SCHEMA_VERSION,
        name,
        name_en: None,
        description: Some(format!(
            "Calibrated from a {} export; the pipeline is the deals open at the as-of date.",
            format_name(format)
        )),
        description_en: None,
        currency: options.currency.clone(),
        horizon_days: month_days.clamp(1, 366),
        checkpoint_day: None,
        plan,
        stages: estimates
            .iter()
            .map(|e| StageSpec {
                name: e.stage.clone(),
                name_en: None,
                exit_fact: String::new(),
                exit_fact_en: None,
                conversion: e.conversion,
                mean_days: e.mean_days,
                phase: None,
                decision: false,
                task: None,
                task_en: None,
                price: None,
            })
            .collect(),
        inflow: inflow
            .iter()
            .filter(|f| f.per_day > 0.0)
            .map(|f| InflowSpec { stage: f.stage_number as i64, per_day: f.per_day })
            .collect(),
        initial_pipeline: InitialPipeline::Deals(
            open.iter()
                .map(|&(stage, amount)| InitialDeal { stage: stage as i64 + 1, amount })
                .collect(),
        ),
        // Amounts are at most MAX_MONEY; their spread is held to what a scenario accepts.
        budget: BudgetSpec {
            median: budget.median,
            p90: budget
                .p90
                .max(budget.median)
                .min(budget.median * crate::sim::scenario::MAX_SPREAD),
        },
        levers,
    }
}

fn format_name(format: Format) -> &'static str {
    match format {
        Format::Generic => "CRM",
        Format::Bitrix24 => "Bitrix24",
        Format::Salesforce => "Salesforce",
        Format::Hubspot => "HubSpot",
        Format::Amocrm => "amoCRM",
    }
}

/// Everything one set of deals gives: stage estimates, inflow, budget, rework.
struct Fit {
    estimates: Vec<StageEstimate>,
    inflow: Vec<InflowEstimate>,
    budget: BudgetEstimate,
    rework: ReworkEstimate,
}

fn fit(stats: &Stats, names: &[String], window: i64, problems: Option<&mut Vec<Problem>>) -> Fit {
    let estimates = stage_estimates(stats, names, problems);
    let inflow = stats
        .stages
        .iter()
        .zip(names)
        .enumerate()
        .filter(|(_, (s, _))| s.created > 0)
        .map(|(i, (s, name))| {
            let days = window.max(1) as f64;
            let (lo, hi) = poisson_mean(s.created as f64);
            InflowEstimate {
                stage: name.clone(),
                stage_number: i + 1,
                deals: s.created,
                days: window,
                per_day: s.created as f64 / days,
                per_day_ci: Interval { low: lo / days, high: hi / days },
            }
        })
        .collect();
    let rework = ReworkEstimate {
        backward_moves: stats.backward,
        exposure_days: stats.rework_rolls,
        per_day: if stats.rework_rolls > 0 {
            stats.backward as f64 / stats.rework_rolls as f64
        } else {
            0.0
        },
        per_day_ci: interval(wilson(stats.backward as f64, stats.rework_rolls as f64)),
    };
    Fit { estimates, inflow, budget: budget_estimate(stats), rework }
}

/// Revenue won over a span: known amounts plus the budget's mean for wins without one.
fn revenue((_, known, unknown): (u64, f64, u64), budget: &BudgetEstimate) -> f64 {
    let mean = budget.median * libm::exp(budget.log_sd * budget.log_sd / 2.0);
    known + unknown as f64 * mean
}

fn format_stamp(s: Stamp) -> String {
    if s.seconds == 0 {
        s.date.to_string()
    } else {
        format!("{} {:02}:{:02}", s.date, s.seconds / 3600, s.seconds / 60 % 60)
    }
}

/// Calibrates from parsed rows.
pub(crate) fn calibrate(
    parsed: Parsed,
    options: &CalibrateOptions,
) -> Result<Calibration, CalibrateError> {
    let Parsed { format, delimiter, columns, records, rows, deals, stages, managers, mut problems } =
        parsed;
    let format = format.unwrap_or(Format::Generic);
    if rows.is_empty() {
        let why = problems
            .first()
            .map(|p| {
                format!(
                    "{} problems, the first: row {}: {}",
                    problems.len(),
                    p.row.unwrap_or(0),
                    p.detail
                )
            })
            .unwrap_or_else(|| "the file has a header and nothing else".into());
        return Err(CalibrateError::NoRows(why));
    }
    let label_name = |l: Label| match l {
        Label::Stage(id) => stages[id as usize].clone(),
        Label::Won => "won".into(),
        Label::Lost => "lost".into(),
    };
    let preview = rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| PreviewRow {
            row: r.line,
            deal_id: deals[r.deal as usize].clone(),
            stage: label_name(r.label),
            entered_at: format_stamp(r.stamp),
            amount: r.amount,
            manager: r.manager.map(|m| managers[m as usize].clone()),
        })
        .collect();

    // The as-of date, and rows after it.
    let file_last = rows.iter().map(|r| r.stamp.date).max().unwrap_or(Date(0));
    let as_of = options.as_of.unwrap_or(file_last);
    let calendar = options.calendar;
    let mut keep = vec![true; rows.len()];
    for (i, r) in rows.iter().enumerate() {
        if r.stamp.date > as_of {
            keep[i] = false;
            let detail = format!("dated {} after the as-of date {as_of}; left out", r.stamp.date);
            problems.push(Problem { row: Some(r.line), kind: ProblemKind::AfterAsOf, detail });
        }
    }

    // Stage order: given (unknown stages are left out) or inferred.
    let given: Option<Vec<Option<usize>>> = match &options.stages {
        None => None,
        Some(list) => {
            for name in list {
                if ["won", "lost"].contains(&name.trim().to_lowercase().as_str()) {
                    return Err(CalibrateError::Option(format!(
                        "--stages: '{name}' closes a deal; list only the stages"
                    )));
                }
            }
            Some(
                stages
                    .iter()
                    .map(|s| {
                        list.iter()
                            .position(|g| g.trim() == s)
                            .or_else(|| list.iter().position(|g| g.trim().eq_ignore_ascii_case(s)))
                    })
                    .collect(),
            )
        }
    };
    if let Some(pos) = &given {
        for (i, r) in rows.iter().enumerate() {
            if let Label::Stage(id) = r.label {
                if keep[i] && pos[id as usize].is_none() {
                    keep[i] = false;
                    let detail = format!(
                        "stage '{}' is not in the given stages; left out",
                        stages[id as usize]
                    );
                    problems.push(Problem {
                        row: Some(r.line),
                        kind: ProblemKind::UnknownStage,
                        detail,
                    });
                }
            }
        }
    }

    // Each deal's rows, by time (file order within the same moment), duplicates out.
    let mut order: Vec<usize> = (0..rows.len()).filter(|&i| keep[i]).collect();
    if format == Format::Generic {
        let mut last: HashMap<u32, Stamp> = HashMap::new();
        for &i in &order {
            let r = &rows[i];
            if let Some(prev) = last.insert(r.deal, r.stamp) {
                if r.stamp < prev {
                    let detail = format!(
                        "deal '{}' is dated {} after a row dated {}; rows are sorted by time",
                        deals[r.deal as usize],
                        format_stamp(r.stamp),
                        format_stamp(prev)
                    );
                    problems.push(Problem {
                        row: Some(r.line),
                        kind: ProblemKind::UnorderedRows,
                        detail,
                    });
                    last.insert(r.deal, prev);
                }
            }
        }
    }
    order.sort_by_key(|&i| (rows[i].deal, rows[i].stamp, rows[i].line));
    let mut sorted: Vec<Row> = Vec::with_capacity(order.len());
    let mut bounds: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    for &i in &order {
        let r = &rows[i];
        if sorted.len() > start && sorted[start].deal != r.deal {
            bounds.push((start, sorted.len()));
            start = sorted.len();
        }
        let dup = sorted[start..].iter().any(|q| q.label == r.label && q.stamp == r.stamp);
        if dup {
            let detail = format!(
                "deal '{}', '{}' at {} again; left out",
                deals[r.deal as usize],
                label_name(r.label),
                format_stamp(r.stamp)
            );
            problems.push(Problem { row: Some(r.line), kind: ProblemKind::DuplicateRow, detail });
            continue;
        }
        sorted.push(r.clone());
    }
    if sorted.len() > start {
        bounds.push((start, sorted.len()));
    }
    let deal_rows: Vec<&[Row]> = bounds.iter().map(|&(a, b)| &sorted[a..b]).collect();

    let (names, position, precedes, inferred) = match given {
        Some(pos) => {
            let list = options.stages.clone().unwrap_or_default();
            let names: Vec<String> = list.iter().map(|s| s.trim().to_owned()).collect();
            let n = names.len();
            (names, pos, vec![vec![0; n]; n], false)
        }
        None => {
            let (order, precedes) = infer_order(&deal_rows, stages.len());
            let mut position = vec![None; stages.len()];
            for (p, &id) in order.iter().enumerate() {
                position[id] = Some(p);
            }
            let names: Vec<String> = order.iter().map(|&id| stages[id].clone()).collect();
            let precedes =
                order.iter().map(|&a| order.iter().map(|&b| precedes[a][b]).collect()).collect();
            (names, position, precedes, true)
        }
    };
    match names.len() {
        0 => return Err(CalibrateError::NoRows("no row names a stage (only won / lost)".into())),
        1 => return Err(CalibrateError::OneStage(names[0].clone())),
        n if n > MAX_STAGES => {
            return Err(CalibrateError::TooManyStages { count: n, names: names.clone() })
        }
        _ => {}
    }

    // The window and the month.
    let as_of_index = match calendar {
        Calendar::Workdays if !as_of.is_workday() => calendar.index(as_of) - 1,
        _ => calendar.index(as_of),
    };
    let first_date = sorted.iter().map(|r| r.stamp.date).min().unwrap_or(as_of);
    let window_days = calendar.days_between(first_date, as_of).max(1);
    let (month_start, month_end) = (as_of.month_start(), as_of.month_end());
    let month_days = calendar.days_between(month_start, month_end).max(1);
    let days_left = calendar.days_between(Date(as_of.0 + 1), month_end);
    let frame = Frame {
        calendar,
        as_of: as_of_index,
        month_start: calendar.index(month_start),
        position: &position,
        k: names.len(),
        format,
        stage_names: &names,
    };

    let stats = walk(deal_rows.iter().copied(), &frame, Some(&mut problems));
    let Fit { estimates, inflow, budget, rework } =
        fit(&stats, &names, window_days, Some(&mut problems));
    for &(line, stage, n) in &stats.single_row_open {
        // Against the completed stays only: the stale deals' own days would inflate the mean.
        let s = &stats.stages[stage];
        let d = (s.exit_rolls as f64 / s.timed_exits.max(1) as f64).max(1.0);
        if n as f64 > STALE_FACTOR * d {
            problems.push(Problem {
                row: Some(line),
                kind: ProblemKind::NoRowsAfterCreation,
                detail: format!(
                    "open {n} days in '{}' with no row after its creation (completed stays there average {d:.1}); counted as still open",
                    names[stage]
                ),
            });
        }
    }

    let pace = revenue(stats.window_wins, &budget) / window_days as f64 * month_days as f64;
    let (plan, plan_source) = match options.plan {
        Some(p) if p > 0.0 && p.is_finite() => (p, "given"),
        Some(p) => return Err(CalibrateError::Option(format!("--plan: {p} must be a number > 0"))),
        None if pace > 0.0 => (round_money(pace), "observed pace"),
        None => (round_money(budget.median), "one deal (nothing was won in the file)"),
    };
    let month = MonthStatus {
        month_start,
        month_end,
        month_days,
        days_left,
        plan,
        plan_source: plan_source.into(),
        won_so_far: revenue(stats.month_wins, &budget),
        wins_so_far: stats.month_wins.0,
    };
    let scenario = scenario_of(
        options.name.clone(),
        format,
        options,
        &estimates,
        &inflow,
        &budget,
        &rework,
        &stats.open,
        month_days,
        plan,
    );
    check_valid(&scenario)?;

    // One funnel per manager: the deal's last named manager.
    let mut by_manager: BTreeMap<u32, Vec<&[Row]>> = BTreeMap::new();
    for rows in &deal_rows {
        if let Some(m) = rows.iter().rev().find_map(|r| r.manager) {
            by_manager.entry(m).or_default().push(rows);
        }
    }
    let mut manager_fits = Vec::new();
    for (m, list) in by_manager {
        let st = walk(list.iter().copied(), &frame, None);
        let f = fit(&st, &names, window_days, None);
        let pace = revenue(st.window_wins, &f.budget) / window_days as f64 * month_days as f64;
        manager_fits.push((managers[m as usize].clone(), st, f, pace));
    }
    let total_pace: f64 = manager_fits.iter().map(|m| m.3).sum();
    let mut managers_out = Vec::new();
    for (name, st, f, pace) in manager_fits {
        let own_plan = match options.plan {
            Some(p) if total_pace > 0.0 => p * pace / total_pace,
            _ if pace > 0.0 => pace,
            _ => f.budget.median,
        };
        let spec = scenario_of(
            format!("{} — {name}", options.name),
            format,
            options,
            &f.estimates,
            &f.inflow,
            &f.budget,
            &f.rework,
            &st.open,
            month_days,
            round_money(own_plan),
        );
        if check_valid(&spec).is_ok() {
            managers_out.push(ManagerCalibration {
                name,
                deals: st.deals,
                estimates: f.estimates,
                scenario: spec,
            });
        } else {
            problems.push(Problem {
                row: None,
                kind: ProblemKind::NoExits,
                detail: format!("manager '{name}': too few deals for a funnel of their own"),
            });
        }
    }
    let team = (!managers_out.is_empty()).then(|| TeamSpec {
        schema: 1,
        name: format!("{} — team", options.name),
        plan: managers_out.iter().map(|m| m.scenario.plan).sum(),
        members: managers_out
            .iter()
            .map(|m| MemberSpec {
                name: m.name.clone(),
                preset: None,
                file: None,
                scenario: Some(m.scenario.clone()),
            })
            .collect(),
    });

    problems.sort_by_key(|p| p.row.unwrap_or(u64::MAX));
    let mut problem_counts = BTreeMap::new();
    for p in &problems {
        *problem_counts.entry(p.kind).or_insert(0) += 1;
    }
    let k = names.len();
    let mut open_deals = vec![0; k];
    let mut open_amounts = vec![0.0; k];
    for &(s, a) in &stats.open {
        open_deals[s] += 1;
        open_amounts[s] += a.unwrap_or(0.0);
    }
    Ok(Calibration {
        format,
        delimiter,
        columns,
        preview,
        records: records as u64,
        rows_used: stats.rows_used,
        deals: stats.deals,
        stage_order: StageOrder { names, inferred, precedes },
        calendar,
        as_of,
        first_date,
        window_days,
        estimates,
        inflow,
        budget,
        rework,
        open_deals,
        open_amounts,
        month,
        problems,
        problem_counts,
        scenario,
        managers: managers_out,
        team,
    })
}

/// A calibrated scenario must pass the engine's validation; if not, say which field.
fn check_valid(spec: &ScenarioSpec) -> Result<(), CalibrateError> {
    Scenario::new(spec.clone())
        .map(|_| ())
        .map_err(|e| CalibrateError::Option(format!("the calibrated scenario is not valid: {e}")))
}
