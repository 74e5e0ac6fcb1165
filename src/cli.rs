//! The `funnel-lab` command line: argument parsing, commands and their output, kept out of the
//! binary so tests can call [`main_with`] directly.
//!
//! Every failure is one line naming the problem and exit code 2; nothing panics on bad input.

mod calibrate;
mod ladder;
mod metrics;

use std::fmt::Write as _;

use crate::format::{grouped, percent, percent_or_dash};
use crate::sim::analysis::{Comparison, Sensitivity, Team, TeamSpec};
use crate::sim::report::WarningScore;
use crate::sim::run::{DEFAULT_SEED, DEFAULT_SHAPE_TOLERANCE, DEFAULT_TRIALS};
use crate::sim::{advise, preset, Report, RunConfig, Scenario, ScenarioSpec, Simulation, PRESETS};

/// Exit code of bad input.
pub const EXIT_USAGE: i32 = 2;

const USAGE: &str = "\
funnel-lab — Monte Carlo simulation of a fact-based sales funnel

USAGE:
  funnel-lab run <FILE|PRESET> [--trials N] [--seed S] [--tolerance X] [--threads N] [--json]
      [--csv [--sep ';']]
  funnel-lab exact <FILE|PRESET> [--json]   P(plan) and revenue without sampling (no capacity lever)
  funnel-lab validate <FILE>
  funnel-lab presets
  funnel-lab preset <NAME>
  funnel-lab compare <A> <B> [--trials N] [--seed S] [--json]    paired A/B on common random numbers
  funnel-lab sensitivity <FILE|PRESET> [--trials N] [--seed S] [--json]   ±10% tornado
  funnel-lab team <TEAM.json> [--trials N] [--seed S] [--json]   several managers, one team plan
  funnel-lab metrics ltv --start N --left N --new N --revenue R [--margin F] [--lead-cost C] [--json]
  funnel-lab metrics cac --spend S --leads N --conversion F [--json]
  funnel-lab metrics romi --spend S --revenue R [--margin F] [--costs C] [--json]
  funnel-lab metrics seed [--json]   every worked table of the metrics post, the post's figure and ours
  funnel-lab metrics lab [--seed S] [--json]   the four experiments that test the post's critique
  funnel-lab ladder <FILE|PRESET> [--trials N] [--seed S] [--json]   rungs, revenue per lead, time to the flagship
  funnel-lab calibrate <EXPORT> [--format auto|generic|bitrix24|salesforce|hubspot|amocrm]
      [--stages \"A,B,C\"] [--as-of YYYY-MM-DD] [--calendar workdays|all] [--plan X]
      [--map deal_id=..,stage=..,entered_at=..,amount=..,manager=..] [--won W,..] [--lost L,..]
      [--batches B] [--trials N] [--seed S] [--team] [--json]
      your funnel from a CRM export: prints the scenario (schema 2), a summary on stderr
  funnel-lab simulate-log <FILE|PRESET> --days N [--seed S] [--start YYYY-MM-DD] [--calendar C]
      [--manager NAME]   a generic CRM log (CSV) written by the engine

OPTIONS:
  --trials N     independent months to simulate (1..=10000000, default 10000)
  --seed S       seed of the run (default 1); same scenario, trials and seed, same numbers
  --tolerance X  mid-month shape rule: warn below (1 - X) of the shape (default 0.2)
  --threads N    run's threads (1..=1024, default: all cores); the numbers never depend on it
  --json         print one JSON object instead of a table
  --csv          run only: print the summary, per-stage and per-day tables as CSV (UTF-8 with BOM)
  --sep C        with --csv: ',' (default) or ';' (then numbers take a decimal comma)";

/// What a command produced: the exit code and the text for stdout and stderr.
#[derive(Debug, Default, PartialEq)]
pub struct Outcome {
    /// Process exit code.
    pub code: i32,
    /// Standard output.
    pub stdout: String,
    /// Standard error.
    pub stderr: String,
}

impl Outcome {
    fn ok(stdout: String) -> Self {
        Outcome { code: 0, stdout, stderr: String::new() }
    }

    fn fail(message: impl Into<String>) -> Self {
        Outcome { code: EXIT_USAGE, stdout: String::new(), stderr: message.into() }
    }
}

/// A command-line error, shown as one line.
type CliResult<T> = Result<T, String>;

thread_local! {
    /// Notes for standard error that do not stop a command (a schema 1 file was upgraded).
    static NOTES: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

fn note(text: String) {
    NOTES.with(|n| n.borrow_mut().push(text));
}

/// Runs the command line on `args` (without the program name).
pub fn main_with(args: &[String]) -> Outcome {
    let Some(command) = args.first() else {
        return Outcome::fail(format!("funnel-lab: no command given\n\n{USAGE}"));
    };
    let rest = &args[1..];
    let result = match command.as_str() {
        "run" => cmd_run(rest),
        "exact" => cmd_exact(rest),
        "validate" => return cmd_validate(rest),
        "presets" => Ok(cmd_presets()),
        "compare" => cmd_compare(rest),
        "sensitivity" => cmd_sensitivity(rest),
        "team" => cmd_team(rest),
        "preset" => cmd_preset(rest),
        "metrics" => metrics::cmd_metrics(rest),
        "ladder" => ladder::cmd_ladder(rest),
        "calibrate" => calibrate::cmd_calibrate(rest),
        "simulate-log" => calibrate::cmd_simulate_log(rest),
        "help" | "--help" | "-h" => Ok(format!("{USAGE}\n")),
        "--version" | "-V" => Ok(format!("funnel-lab {}\n", env!("CARGO_PKG_VERSION"))),
        other => Err(format!("unknown command '{other}'; try 'funnel-lab --help'")),
    };
    let notes = NOTES.with(|n| std::mem::take(&mut *n.borrow_mut()));
    let mut out = match result {
        Ok(text) => Outcome::ok(text),
        Err(message) => Outcome::fail(format!("funnel-lab: {message}")),
    };
    if !notes.is_empty() {
        let mut all = notes.join("\n");
        if !out.stderr.is_empty() {
            all = all + "\n" + &out.stderr;
        }
        out.stderr = all;
    }
    out
}

/// Options shared by the commands that run simulations.
struct RunArgs {
    targets: Vec<String>,
    config: RunConfig,
    json: bool,
    /// `--threads`, for `run` only.
    threads: Option<usize>,
    /// `--csv` (with its `--sep`), for `run` only.
    csv: Option<crate::csv_export::Separator>,
}

/// Most threads `--threads` accepts.
const MAX_THREADS: usize = 1024;

/// Trials per batch when `run` goes on several threads. Fixed, so the batches and the order they
/// are merged in are the same for any number of threads (and the merge is exact anyway).
#[cfg(not(target_arch = "wasm32"))]
const THREAD_BATCH: u64 = 10_000;

fn parse_run_args(args: &[String]) -> CliResult<RunArgs> {
    let mut targets = Vec::new();
    let mut config = RunConfig {
        trials: DEFAULT_TRIALS,
        seed: DEFAULT_SEED,
        shape_tolerance: DEFAULT_SHAPE_TOLERANCE,
        ..RunConfig::default()
    };
    let mut json = false;
    let mut threads = None;
    let (mut csv, mut sep) = (false, None);
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let mut value =
            |name: &str| it.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match a.as_str() {
            "--json" => json = true,
            "--csv" => csv = true,
            "--sep" => {
                let v = value("--sep")?;
                sep = Some(
                    crate::csv_export::Separator::parse(&v).map_err(|e| format!("--sep: {e}"))?,
                );
            }
            "--trials" => {
                let v = value("--trials")?;
                config.trials = v
                    .parse()
                    .map_err(|_| format!("--trials: '{v}' is not a whole number of trials"))?;
            }
            "--seed" => {
                let v = value("--seed")?;
                config.seed =
                    v.parse().map_err(|_| format!("--seed: '{v}' is not a whole number >= 0"))?;
            }
            "--tolerance" => {
                let v = value("--tolerance")?;
                config.shape_tolerance =
                    v.parse().map_err(|_| format!("--tolerance: '{v}' is not a number"))?;
            }
            "--threads" => {
                let v = value("--threads")?;
                let n: usize =
                    v.parse().ok().filter(|n| (1..=MAX_THREADS).contains(n)).ok_or_else(|| {
                        format!("--threads: '{v}' is not a whole number in 1..={MAX_THREADS}")
                    })?;
                threads = Some(n);
            }
            flag if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            positional => targets.push(positional.to_owned()),
        }
    }
    config.validate().map_err(|e| e.to_string())?;
    if sep.is_some() && !csv {
        return Err("--sep: only with --csv".into());
    }
    if csv && json {
        return Err("--csv and --json: choose one".into());
    }
    let csv = csv.then(|| sep.unwrap_or_default());
    Ok(RunArgs { targets, config, json, threads, csv })
}

/// Parses options and exactly `n` positional arguments, naming them in the error.
fn parse_n(args: &[String], n: usize, what: &str) -> CliResult<RunArgs> {
    let a = parse_run_args(args)?;
    if a.targets.len() != n {
        return Err(format!("give {what}"));
    }
    if a.threads.is_some() && what != RUN_TARGET {
        return Err("--threads: only 'run' takes it".into());
    }
    if a.csv.is_some() && what != RUN_TARGET {
        return Err("--csv: only 'run' takes it".into());
    }
    Ok(a)
}

fn to_json<T: serde::Serialize>(value: &T) -> CliResult<String> {
    serde_json::to_string(value).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn cmd_compare(args: &[String]) -> CliResult<String> {
    let a = parse_n(args, 2, "two scenarios: compare <A> <B>")?;
    let (sa, sb) = (load(&a.targets[0])?, load(&a.targets[1])?);
    let r = Comparison::new(sa, sb, a.config).map_err(|e| e.to_string())?.run();
    if a.json {
        return to_json(&r);
    }
    let mut o = String::new();
    let _ = writeln!(
        o,
        "A: {} — P(plan) {} ± {}",
        a.targets[0],
        percent(r.a.p_plan),
        percent(r.a.p_plan_se)
    );
    let _ = writeln!(
        o,
        "B: {} — P(plan) {} ± {}",
        a.targets[1],
        percent(r.b.p_plan),
        percent(r.b.p_plan_se)
    );
    let _ = writeln!(
        o,
        "ΔP(plan) B − A: {:+.1} pp ± {:.1} pp paired (± {:.1} pp if run independently)",
        r.delta_p_plan * 100.0,
        r.delta_p_plan_se_paired * 100.0,
        r.delta_p_plan_se_independent * 100.0
    );
    let d = &r.delta_revenue;
    let _ = writeln!(
        o,
        "Δrevenue B − A: mean {} ± {} paired (± {} independent); P10 {}  P50 {}  P90 {}",
        money(d.mean),
        money(d.se_paired),
        money(d.se_independent),
        money(d.p10),
        money(d.p50),
        money(d.p90)
    );
    Ok(o)
}

fn cmd_sensitivity(args: &[String]) -> CliResult<String> {
    let a = parse_n(args, 1, "one scenario: sensitivity <FILE|PRESET>")?;
    let rows = Sensitivity::new(load(&a.targets[0])?, a.config).map_err(|e| e.to_string())?.run();
    if a.json {
        return to_json(&rows);
    }
    let mut o = format!(
        "{:<24} {:>12}   {:>10} {:>14}   {:>10} {:>14}\n",
        "parameter", "value", "-10% ΔP", "-10% Δrevenue", "+10% ΔP", "+10% Δrevenue"
    );
    for r in rows {
        let _ = writeln!(
            o,
            "{:<24} {:>12}   {:>+9.1}pp {:>14}   {:>+9.1}pp {:>14}",
            r.parameter,
            format!("{:.4}", r.base).trim_end_matches('0').trim_end_matches('.'),
            r.minus.delta_p_plan * 100.0,
            money(r.minus.delta_revenue_mean),
            r.plus.delta_p_plan * 100.0,
            money(r.plus.delta_revenue_mean)
        );
    }
    Ok(o)
}

fn cmd_team(args: &[String]) -> CliResult<String> {
    let a = parse_n(args, 1, "one team file: team <TEAM.json>")?;
    let path = std::path::Path::new(&a.targets[0]);
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let spec = TeamSpec::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let members = spec
        .resolve(|f| load(&dir.join(f).to_string_lossy()))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let r = Team::new(spec.name, spec.plan, members, a.config).map_err(|e| e.to_string())?.run();
    if a.json {
        return to_json(&r);
    }
    let mut o = format!(
        "{} — team plan {}: P(plan) {} ± {}; members on their own plan: {} on average\n",
        r.name,
        money(r.plan),
        percent(r.p_plan),
        percent(r.p_plan_se),
        percent(r.share_members_on_plan)
    );
    let _ = writeln!(
        o,
        "team revenue: mean {}  P10 {}  P50 {}  P90 {}",
        money(r.revenue.mean),
        money(r.revenue.p10),
        money(r.revenue.p50),
        money(r.revenue.p90)
    );
    for m in &r.members {
        let _ = writeln!(
            o,
            "  {:<28} plan {:>12}  P(plan) {:>6}  mean {:>12}",
            m.name,
            money(m.plan),
            percent(m.p_plan),
            money(m.revenue_mean)
        );
    }
    Ok(o)
}

/// Reads a scenario from a file, or a built-in by name when no such file exists.
fn load(target: &str) -> CliResult<Scenario> {
    let path = std::path::Path::new(target);
    if !path.exists() {
        if let Some(p) = preset(target) {
            return p.scenario().map_err(|e| format!("preset {target}: {e}"));
        }
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        let names: Vec<_> = PRESETS.iter().map(|p| p.key).collect();
        format!("cannot read '{target}': {e} (built-in presets: {})", names.join(", "))
    })?;
    let (spec, upgrade) = ScenarioSpec::from_json_upgrading(&text).map_err(|e| {
        let errors: Vec<String> = e.errors().iter().map(ToString::to_string).collect();
        format!("{target}: {}", errors.join("; "))
    })?;
    if let Some(u) = upgrade {
        note(format!("funnel-lab: note: {target}: {u}"));
    }
    Scenario::new(spec).map_err(|e| {
        let errors: Vec<String> = e.errors().iter().map(ToString::to_string).collect();
        format!("{target}: {}", errors.join("; "))
    })
}

/// What `run` wants as its one positional argument.
const RUN_TARGET: &str = "a scenario file or a preset name";

fn cmd_run(args: &[String]) -> CliResult<String> {
    let a = parse_n(args, 1, RUN_TARGET)?;
    let scenario = load(&a.targets[0])?;
    let sim = Simulation::new(scenario, a.config).map_err(|e| e.to_string())?;
    let report = run_on_threads(&sim, a.threads)?;
    if let Some(sep) = a.csv {
        return Ok(crate::csv_export::report_csv(&report, sep));
    }
    if a.json {
        serde_json::to_string(&report).map(|s| s + "\n").map_err(|e| e.to_string())
    } else {
        Ok(table(&report))
    }
}

/// Runs every trial in batches of [`THREAD_BATCH`] on `threads` threads (all cores when
/// `None`), merging the batches in their order, a few rounds at a time so memory stays bounded.
#[cfg(not(target_arch = "wasm32"))]
fn run_on_threads(sim: &Simulation, threads: Option<usize>) -> CliResult<Report> {
    use rayon::prelude::*;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    let pool = builder.build().map_err(|e| format!("--threads: {e}"))?;
    let total = sim.config().trials;
    let batches: Vec<std::ops::Range<u64>> = (0..total.div_ceil(THREAD_BATCH))
        .map(|b| b * THREAD_BATCH..((b + 1) * THREAD_BATCH).min(total))
        .collect();
    let round = pool.current_num_threads() * 4;
    let mut all = sim.empty();
    for chunk in batches.chunks(round) {
        let done: Vec<_> =
            pool.install(|| chunk.par_iter().map(|r| sim.run_batch(r.clone())).collect());
        for agg in &done {
            all.merge(agg);
        }
    }
    Ok(sim.report(&all))
}

/// In the browser the command line is only parsed in tests; it runs on one thread.
#[cfg(target_arch = "wasm32")]
fn run_on_threads(sim: &Simulation, _threads: Option<usize>) -> CliResult<Report> {
    Ok(sim.run())
}

fn cmd_exact(args: &[String]) -> CliResult<String> {
    let mut json = false;
    let mut targets = Vec::new();
    for a in args {
        match a.as_str() {
            "--json" => json = true,
            flag if flag.starts_with("--") => {
                return Err(format!(
                    "exact: unknown option '{flag}' (it takes a scenario and --json)"
                ))
            }
            t => targets.push(t),
        }
    }
    let [target] = targets.as_slice() else {
        return Err("give one scenario: exact <FILE|PRESET> [--json]".into());
    };
    let scenario = load(target)?;
    let r = crate::sim::exact::solve(&scenario).map_err(|e| format!("exact: {target}: {e}"))?;
    if json {
        return to_json(&r);
    }
    let spec = scenario.spec();
    let mut o = String::new();
    let _ = writeln!(o, "{} — exact, no sampling", spec.name);
    let _ = writeln!(
        o,
        "P(plan)   {:.2}% ± {:.2} pp   (plan {} {}, {} days)",
        r.p_plan * 100.0,
        r.p_plan_error * 100.0,
        money(r.plan),
        spec.currency,
        spec.horizon_days
    );
    revenue_lines(&mut o, &r.revenue);
    let _ = writeln!(o, "Deals     won {:.2} (sd {:.2})", r.wins.mean, r.wins.sd);
    let _ = writeln!(
        o,
        "Method    {}: {} cells of {:.2} {}; P(plan) between {:.3}% and {:.3}%",
        r.method,
        money(r.grid.cells as f64),
        r.grid.step,
        spec.currency,
        r.grid.p_plan_low * 100.0,
        r.grid.p_plan_high * 100.0
    );
    Ok(o)
}

fn cmd_validate(args: &[String]) -> Outcome {
    let [file] = args else {
        return Outcome::fail("funnel-lab: validate takes exactly one scenario file");
    };
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => return Outcome::fail(format!("funnel-lab: cannot read '{file}': {e}")),
    };
    match ScenarioSpec::from_json_upgrading(&text)
        .and_then(|(spec, upgrade)| Ok((Scenario::new(spec)?, upgrade)))
    {
        Ok((scenario, upgrade)) => {
            let mut out = format!("{file}: valid\n");
            if let Some(u) = upgrade {
                let _ = writeln!(out, "note: {u}");
            }
            for a in advise(scenario.spec()) {
                let _ = writeln!(out, "advice: {} [{}]", a.message, a.source);
            }
            Outcome::ok(out)
        }
        Err(e) => Outcome {
            code: EXIT_USAGE,
            stdout: String::new(),
            stderr: e.errors().iter().map(|e| format!("{e}\n")).collect(),
        },
    }
}

fn cmd_presets() -> String {
    let mut out = String::new();
    for p in PRESETS {
        let name = p
            .scenario()
            .map(|s| {
                let spec = s.spec();
                spec.name_en.clone().unwrap_or_else(|| spec.name.clone())
            })
            .unwrap_or_else(|e| format!("(invalid: {e})"));
        let _ = writeln!(out, "{:<10} {name}", p.key);
    }
    out
}

fn cmd_preset(args: &[String]) -> CliResult<String> {
    let [name] = args else { return Err("preset takes exactly one name".into()) };
    let p = preset(name).ok_or_else(|| {
        let names: Vec<_> = PRESETS.iter().map(|p| p.key).collect();
        format!("no preset '{name}'; built-ins: {}", names.join(", "))
    })?;
    Ok(p.json.to_owned())
}

/// The revenue lines of the run and exact tables: mean, sd and the quantiles.
fn revenue_lines(o: &mut String, v: &crate::sim::report::RevenueSummary) {
    let _ = writeln!(o, "Revenue   mean {}   sd {}", money(v.mean), money(v.sd));
    let _ = writeln!(
        o,
        "          P5 {}   P10 {}   P50 {}   P90 {}   P95 {}",
        money(v.p5),
        money(v.p10),
        money(v.p50),
        money(v.p90),
        money(v.p95)
    );
}

fn money(x: f64) -> String {
    grouped(x, ",")
}

fn score_line(label: &str, s: &WarningScore) -> String {
    format!(
        "  {label:<24} warns in {:>6}   precision {:>6}   recall {:>6}\n",
        percent_or_dash(s.rate),
        percent_or_dash(s.precision),
        percent_or_dash(s.recall)
    )
}

/// The human-readable report.
pub fn table(r: &Report) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {} trials, seed {}", r.scenario, r.trials, r.seed);
    let _ = writeln!(
        o,
        "P(plan)   {} ± {}   (plan {} {}, {} days)",
        percent(r.p_plan),
        percent(r.p_plan_se),
        money(r.plan),
        r.currency,
        r.horizon_days
    );
    revenue_lines(&mut o, &r.revenue);
    let _ = writeln!(
        o,
        "Deals     won {:.2} (sd {:.2})   lost {:.2}   in the funnel at the end {:.2}",
        r.wins.mean,
        r.wins.sd,
        r.losses.mean,
        r.stages.iter().map(|s| s.end_count).sum::<f64>()
    );
    let _ = writeln!(
        o,
        "\n{:<34} {:>9} {:>13} {:>9} {:>13} {:>9} {:>13}",
        "Stage",
        "shape",
        "shape budget",
        "day ".to_owned() + &r.checkpoint_day.to_string(),
        "budget",
        "end",
        "budget"
    );
    for s in &r.stages {
        let name: String = s.name.chars().take(34).collect();
        let _ = writeln!(
            o,
            "{name:<34} {:>9.2} {:>13} {:>9.2} {:>13} {:>9.2} {:>13}",
            s.shape_count,
            money(s.shape_budget),
            s.checkpoint_count,
            money(s.checkpoint_budget),
            s.end_count,
            money(s.end_budget)
        );
    }
    let _ = writeln!(
        o,
        "\n{:<34} {:>9} {:>13} {:>11} {:>11}",
        "Stage", "plan shape", "plan budget", "conversion", "recorded"
    );
    for s in &r.stages {
        let name: String = s.name.chars().take(34).collect();
        let _ = writeln!(
            o,
            "{name:<34} {:>9.2} {:>13} {:>11} {:>11}",
            s.plan_shape_count,
            money(s.plan_shape_budget),
            percent_or_dash(s.conversion),
            percent_or_dash(s.recorded_conversion)
        );
    }
    let f = &r.forecast;
    let _ = writeln!(
        o,
        "\nCheckpoint forecast (day {}): mean {}, bias {}{}, MAPE {}",
        r.checkpoint_day,
        money(f.mean),
        money(f.bias),
        f.bias_relative.map(|b| format!(" ({:+.1}%)", b * 100.0)).unwrap_or_default(),
        percent_or_dash(f.mape)
    );
    o.push_str(&score_line("\"forecast < plan\"", &f.warn_forecast));
    o.push_str(&score_line(
        &format!("\"a stage below its plan shape -{:.0}%\"", f.shape_tolerance * 100.0),
        &f.warn_shape,
    ));
    if !r.warnings.is_empty() {
        o.push_str("\nAdvice (the posts' rules):\n");
        for a in &r.warnings {
            let _ = writeln!(o, "  - {} [{}]", a.message, a.source);
        }
    }
    o
}
