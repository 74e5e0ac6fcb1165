//! The `funnel-lab` command line: argument parsing, commands and their output, kept out of the
//! binary so tests can call [`main_with`] directly.
//!
//! Every failure is one line naming the problem and exit code 2; nothing panics on bad input.

mod calibrate;
mod ladder;
mod metrics;
mod midmonth;

use std::fmt::Write as _;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand};

use crate::io::csv_export::Separator;
use crate::lint::{advise, Advice};
use crate::sim::analysis::{Comparison, Sensitivity, Team, TeamSpec};
use crate::sim::job::{batch_of, batches, Job, Summary};
use crate::sim::report::WarningScore;
use crate::sim::run::{DEFAULT_SEED, DEFAULT_SHAPE_TOLERANCE, DEFAULT_TRIALS};
use crate::sim::{preset, Report, RunConfig, Scenario, ScenarioSpec, Simulation, PRESETS};
use crate::words::format::{grouped, percent, percent_or_dash};
use crate::words::i18n::Lang;
use crate::words::text::Named;

/// Exit code of bad input.
pub const EXIT_USAGE: i32 = 2;

/// Printed under the commands by `--help`: one line of each kind of use.
const EXAMPLES: &str = "\
Examples:
  funnel-lab run default --trials 100000 --seed 7 --json
  funnel-lab run my.json --threads 2 --csv --sep ';'
  funnel-lab exact default
  funnel-lab compare default pipe
  funnel-lab sensitivity default
  funnel-lab goal default --target 0.8
  funnel-lab team assets/teams/example.json
  funnel-lab metrics ltv --start 200 --left 50 --new 80 --revenue 1000000 --margin 0.3
  funnel-lab metrics seed
  funnel-lab metrics lab --seed 1
  funnel-lab ladder ladder --trials 2000
  funnel-lab calibrate export.csv --stages \"A,B,C\" --as-of 2025-03-14 > mine.json
  funnel-lab simulate-log default --days 60 > log.csv
  funnel-lab serve --lan

Every failure is one line on standard error and exit code 2.";

/// The command line.
#[derive(Debug, Parser)]
#[command(
    name = "funnel-lab",
    version,
    about = "Monte Carlo simulation of a fact-based sales funnel",
    after_help = EXAMPLES,
    subcommand_required = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Simulates a scenario: a table, JSON, or the page's CSV.
    Run(RunArgs),
    /// P(plan) and revenue without sampling (no capacity lever).
    Exact(ExactArgs),
    /// Checks a scenario file: exit 0 and the linter's advice, or exit 2 and every error.
    Validate {
        /// The scenario file.
        file: String,
    },
    /// Lists the built-in scenarios.
    Presets,
    /// Prints a built-in scenario as JSON.
    Preset {
        /// Its key (see `presets`).
        name: String,
    },
    /// Paired A/B on common random numbers.
    Compare(CompareArgs),
    /// ±10% of each parameter: the tornado table.
    Sensitivity(SensitivityArgs),
    /// What it takes: each lever's value for P(plan) = Q, and the plan you can commit to.
    Goal(GoalArgs),
    /// Several managers, one team plan.
    Team(TeamArgs),
    /// The calculators of the metrics post, and the lab that tests its critique.
    #[command(subcommand)]
    Metrics(metrics::MetricsCommand),
    /// A product ladder file (`"kind": "ladder"`) or built-in ladder: every rung an entry
    /// point, reach and revenue per lead (exact), the climb to the flagship, a simulated month.
    Ladder(OneScenario),
    /// The mid-month post's claims tested: P(plan | the checkpoint's record), and which stage
    /// the largest shortfall points at.
    Midmonth(midmonth::MidMonthArgs),
    /// Your funnel from a CRM export: the scenario on stdout, a summary on stderr.
    Calibrate(Box<calibrate::CalibrateArgs>),
    /// A generic CRM log (CSV) written by the engine.
    SimulateLog(calibrate::SimLogArgs),
    /// Serves the app, the phone page and workshop rooms (runs until stopped).
    Serve(crate::serve::ServeArgs),
}

/// Options shared by the commands that run simulations.
#[derive(Debug, Args)]
struct SimOptions {
    /// Independent months to simulate (1..=10000000).
    #[arg(long, value_name = "N", default_value_t = DEFAULT_TRIALS, value_parser = trials)]
    trials: u64,
    /// Seed of the run; same scenario, trials and seed, same numbers.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED, value_parser = seed,
          allow_negative_numbers = true)]
    seed: u64,
    /// Mid-month shape rule: warn below (1 - X) of the plan shape.
    #[arg(long, value_name = "X", default_value_t = DEFAULT_SHAPE_TOLERANCE,
          value_parser = number::<f64>, allow_negative_numbers = true)]
    tolerance: f64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

impl SimOptions {
    /// The run's settings, checked.
    fn config(&self) -> CliResult<RunConfig> {
        let config = RunConfig {
            trials: self.trials,
            seed: self.seed,
            shape_tolerance: self.tolerance,
            ..RunConfig::default()
        };
        config.validate().map_err(|e| e.to_string())?;
        Ok(config)
    }
}

#[derive(Debug, Args)]
#[command(args_override_self = true)]
struct RunArgs {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET")]
    target: String,
    #[command(flatten)]
    options: SimOptions,
    #[command(flatten)]
    threads: Threads,
    /// Print the summary, per-stage and per-day tables as CSV (UTF-8 with BOM).
    #[arg(long, conflicts_with = "json")]
    csv: bool,
    /// With --csv: ',' (default) or ';' (then numbers take a decimal comma).
    #[arg(long, value_name = "C", value_parser = separator)]
    sep: Option<Separator>,
}

/// `--threads`, for the commands that run a [`Job`].
#[derive(Debug, Args)]
struct Threads {
    /// Threads (1..=1024, default: every core); the numbers never depend on it.
    #[arg(long, value_name = "N", value_parser = threads)]
    threads: Option<usize>,
}

#[derive(Debug, Args)]
struct ExactArgs {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET")]
    target: String,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[command(args_override_self = true)]
struct CompareArgs {
    /// Scenario A: a file or a preset name.
    a: String,
    /// Scenario B.
    b: String,
    #[command(flatten)]
    options: SimOptions,
    #[command(flatten)]
    threads: Threads,
}

/// One scenario and the simulation options.
#[derive(Debug, Args)]
#[command(args_override_self = true)]
struct OneScenario {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET")]
    target: String,
    #[command(flatten)]
    options: SimOptions,
}

#[derive(Debug, Args)]
#[command(args_override_self = true)]
struct SensitivityArgs {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET")]
    target: String,
    #[command(flatten)]
    options: SimOptions,
    #[command(flatten)]
    threads: Threads,
}

#[derive(Debug, Args)]
#[command(args_override_self = true)]
struct GoalArgs {
    /// A scenario file or a preset name.
    #[arg(value_name = "FILE|PRESET")]
    target: String,
    /// The chance to reach, in (0, 1).
    #[arg(long = "target", value_name = "Q", default_value_t = crate::sim::goal::DEFAULT_TARGET,
          value_parser = number::<f64>, allow_negative_numbers = true)]
    chance: f64,
    /// Trials of each Monte Carlo evaluation, where the exact path cannot serve.
    #[arg(long, value_name = "N", default_value_t = crate::sim::goal::DEFAULT_MC_TRIALS,
          value_parser = trials)]
    trials: u64,
    /// The seed those evaluations share (common random numbers).
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SEED, value_parser = seed,
          allow_negative_numbers = true)]
    seed: u64,
    /// Print one JSON object instead of a table.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    threads: Threads,
}

#[derive(Debug, Args)]
#[command(args_override_self = true)]
struct TeamArgs {
    /// The team file (members by preset, file or inline scenario).
    #[arg(value_name = "TEAM.json")]
    file: String,
    #[command(flatten)]
    options: SimOptions,
    #[command(flatten)]
    threads: Threads,
}

/// Most threads `--threads` accepts.
const MAX_THREADS: usize = 1024;

/// Trials of a plain run per batch on several threads (a heavier job's batches are smaller, by
/// its weight). Fixed, so the batches and the order they are merged in are the same for any
/// number of threads (and the merge is exact anyway).
const THREAD_BATCH: u64 = 10_000;

fn trials(v: &str) -> Result<u64, String> {
    v.parse().map_err(|_| format!("'{v}' is not a whole number of trials"))
}

fn seed(v: &str) -> Result<u64, String> {
    v.parse().map_err(|_| format!("'{v}' is not a whole number >= 0"))
}

fn number<T: std::str::FromStr>(v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("'{v}' is not a number"))
}

fn threads(v: &str) -> Result<usize, String> {
    v.parse()
        .ok()
        .filter(|n| (1..=MAX_THREADS).contains(n))
        .ok_or_else(|| format!("'{v}' is not a whole number in 1..={MAX_THREADS}"))
}

fn separator(v: &str) -> Result<Separator, String> {
    Separator::parse(v).map_err(|e| e.to_string())
}

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
    let argv = std::iter::once("funnel-lab").chain(args.iter().map(String::as_str));
    let cli = match Cli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            return Outcome::ok(e.render().to_string());
        }
        Err(e) => return Outcome::fail(format!("funnel-lab: {}", usage_error(&e, args))),
    };
    let result = match cli.command {
        Command::Run(a) => cmd_run(&a),
        Command::Exact(a) => cmd_exact(&a),
        Command::Validate { file } => return cmd_validate(&file),
        Command::Presets => Ok(cmd_presets()),
        Command::Preset { name } => cmd_preset(&name),
        Command::Compare(a) => cmd_compare(&a),
        Command::Sensitivity(a) => cmd_sensitivity(&a),
        Command::Goal(a) => cmd_goal(&a),
        Command::Team(a) => cmd_team(&a),
        Command::Metrics(m) => metrics::cmd_metrics(&m),
        Command::Ladder(a) => ladder::cmd_ladder(&a),
        Command::Midmonth(a) => midmonth::cmd_midmonth(&a),
        Command::Calibrate(a) => calibrate::cmd_calibrate(&a),
        Command::SimulateLog(a) => calibrate::cmd_simulate_log(&a),
        // The binary runs `serve` itself (it never returns); here it is only described.
        Command::Serve(_) => Err("serve runs until stopped: start it as `funnel-lab serve`".into()),
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

/// A parse error in one line, in this command line's words (clap's own message spans several
/// lines with the usage).
fn usage_error(e: &clap::Error, args: &[String]) -> String {
    let strings = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => vec![s.clone()],
        Some(ContextValue::Strings(v)) => v.clone(),
        _ => Vec::new(),
    };
    // `--trials <N>` is named `--trials`.
    let name = |s: &String| {
        if s.starts_with('-') {
            s.split([' ', '=']).next().unwrap_or(s).to_owned()
        } else {
            s.clone()
        }
    };
    let arg = strings(ContextKind::InvalidArg).first().map(name).unwrap_or_default();
    let value = strings(ContextKind::InvalidValue).first().cloned().unwrap_or_default();
    let in_metrics = args.first().is_some_and(|a| a == "metrics");
    match e.kind() {
        ErrorKind::ValueValidation => match std::error::Error::source(e) {
            Some(why) => format!("{arg}: {why}"),
            None => format!("{arg}: '{value}' is not valid"),
        },
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} needs a value"),
        ErrorKind::InvalidValue => {
            let valid = strings(ContextKind::ValidValue).join(", ");
            format!("{arg}: '{value}' is not one of {valid}")
        }
        ErrorKind::UnknownArgument if arg.starts_with('-') => format!("unknown option '{arg}'"),
        ErrorKind::UnknownArgument => format!("unexpected argument '{arg}'"),
        ErrorKind::InvalidSubcommand if in_metrics => {
            let sub = strings(ContextKind::InvalidSubcommand).join("");
            format!("unknown metrics command '{sub}'; use ltv, cac, romi, seed or lab")
        }
        ErrorKind::InvalidSubcommand => {
            let sub = strings(ContextKind::InvalidSubcommand).join("");
            format!("unknown command '{sub}'; try 'funnel-lab --help'")
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            if in_metrics =>
        {
            "metrics needs one of: ltv, cac, romi, seed, lab".into()
        }
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "no command given; try 'funnel-lab --help'".into()
        }
        ErrorKind::MissingRequiredArgument => {
            let missing: Vec<String> = strings(ContextKind::InvalidArg).iter().map(name).collect();
            format!("{} is required", missing.join(" and "))
        }
        ErrorKind::ArgumentConflict => {
            let prior = strings(ContextKind::PriorArg).first().map(name).unwrap_or_default();
            format!("{arg} and {prior}: choose one")
        }
        _ => {
            let text = e.to_string();
            let line = text.lines().next().unwrap_or("invalid arguments");
            line.trim_start_matches("error: ").to_owned()
        }
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> CliResult<String> {
    serde_json::to_string(value).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn cmd_compare(a: &CompareArgs) -> CliResult<String> {
    let config = a.options.config()?;
    let (sa, sb) = (load(&a.a)?, load(&a.b)?);
    let job = Comparison::new(sa, sb, config).map_err(|e| e.to_string())?;
    let r = run_on_threads(&job, a.threads.threads)?;
    if a.options.json {
        return to_json(&r);
    }
    let mut o = String::new();
    let _ =
        writeln!(o, "A: {} — P(plan) {} ± {}", a.a, percent(r.a.p_plan), percent(r.a.p_plan_se));
    let _ =
        writeln!(o, "B: {} — P(plan) {} ± {}", a.b, percent(r.b.p_plan), percent(r.b.p_plan_se));
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

fn cmd_sensitivity(a: &SensitivityArgs) -> CliResult<String> {
    let config = a.options.config()?;
    let job = Sensitivity::new(load(&a.target)?, config).map_err(|e| e.to_string())?;
    let rows = run_on_threads(&job, a.threads.threads)?;
    if a.options.json {
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

fn cmd_goal(a: &GoalArgs) -> CliResult<String> {
    use crate::sim::goal::{Goal, GoalConfig, GoalMethod, LeverGoal};
    let q = a.chance;
    if !(q > 0.0 && q < 1.0) {
        return Err(format!("--target: {q} is outside 0..1 (a chance such as 0.8)"));
    }
    let (trials, seed) = (a.trials, a.seed);
    RunConfig { trials, seed, ..RunConfig::default() }.validate().map_err(|e| e.to_string())?;
    let scenario = load(&a.target)?;
    let config =
        GoalConfig { target: q, mc_trials: trials, mc_seed: seed, ..GoalConfig::default() };
    let goal = Goal::new(&scenario, &config).map_err(|e| format!("goal: {}: {e}", a.target))?;
    // The levers are independent searches: one per thread, merged in their order.
    let pool = {
        let mut builder = rayon::ThreadPoolBuilder::new();
        if let Some(n) = a.threads.threads {
            builder = builder.num_threads(n);
        }
        builder.build().map_err(|e| format!("--threads: {e}"))?
    };
    let answers = {
        use rayon::prelude::*;
        pool.install(|| (0..goal.len()).into_par_iter().map(|i| goal.lever(i)).collect())
    };
    let r = goal.finish(answers);
    if a.json {
        return to_json(&r);
    }
    let spec = scenario.spec();
    let pp = |x: f64| format!("{:.2} pp", x * 100.0);
    let exact = r.method == GoalMethod::Exact;
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} — what it takes for P(plan) = {}: now {} ± {}",
        spec.name,
        percent(q),
        percent(r.p_plan),
        pp(r.p_plan_error)
    );
    if let Some(why) = &r.why_monte_carlo {
        let _ = writeln!(
            o,
            "Monte Carlo, {} trials an evaluation on one seed ({why}); errors are standard errors",
            r.mc_trials.unwrap_or(0)
        );
    } else {
        let _ = writeln!(o, "Exact path; errors are computation bounds");
    }
    let value = |x: f64| {
        if x.abs() >= 1000.0 {
            money(x)
        } else {
            let t = format!("{x:.4}");
            t.trim_end_matches('0').trim_end_matches('.').to_owned()
        }
    };
    let row = |o: &mut String, g: &LeverGoal| {
        let needed = match (g.needed, g.no_effect) {
            (Some(n), _) => format!("{} ± {}", value(n), sig2(g.needed_error.unwrap_or(0.0))),
            (None, true) => "no effect".to_owned(),
            (None, false) if g.not_monotone => "unreachable, not monotone".to_owned(),
            (None, false) => "unreachable".to_owned(),
        };
        let change = g.relative_change.map(|c| format!("{:+.1}%", c * 100.0)).unwrap_or_default();
        let chance = match (g.p_plan_at_needed, g.best_p_plan) {
            (Some(p), _) if g.needed.is_some() => {
                format!("{} ± {}", percent(p), pp(g.p_plan_at_needed_error.unwrap_or(0.0)))
            }
            (_, Some(b)) => format!(
                "best {} ± {} at {}",
                percent(b),
                pp(g.best_p_plan_error.unwrap_or(0.0)),
                value(g.edge)
            ),
            _ => String::new(),
        };
        let _ = writeln!(
            o,
            "{:<24} {:>12}  {:>26}  {:>9}  {}",
            g.lever,
            value(g.current),
            needed,
            change,
            chance
        );
    };
    let _ = writeln!(
        o,
        "\n{:<24} {:>12}  {:>26}  {:>9}  P(plan) there",
        "lever", "now", "needed", "change"
    );
    for g in &r.levers {
        row(&mut o, g);
    }
    let c = &r.commit;
    let _ = writeln!(
        o,
        "\nThe plan you can commit to: with {} chance, revenue >= {} {}{} (P = {} ± {})",
        percent(q),
        money(c.revenue),
        spec.currency,
        if exact {
            format!(", the exact answer at most {}", money(c.revenue_high))
        } else {
            format!(", one SE of rank higher {}", money(c.revenue_high))
        },
        percent(c.probability),
        pp(c.probability_error)
    );
    match &c.leads_per_day {
        Some(g) => row(&mut o, g),
        None => o.push_str("leads_per_day: the scenario has no inflow\n"),
    }
    Ok(o)
}

/// An error to two significant digits (grouped when large).
fn sig2(x: f64) -> String {
    if !(x > 0.0) || !x.is_finite() {
        return "0".into();
    }
    let digits = 1 - libm::floor(libm::log10(x)) as i32;
    if digits <= 0 {
        let unit = libm::pow(10.0, f64::from(-digits));
        return money(libm::round(x / unit) * unit);
    }
    format!("{x:.*}", digits as usize)
}

fn cmd_team(a: &TeamArgs) -> CliResult<String> {
    let config = a.options.config()?;
    let path = std::path::Path::new(&a.file);
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read '{}': {e}", path.display()))?;
    let spec = TeamSpec::from_json(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let members = spec
        .resolve(|f| load(&dir.join(f).to_string_lossy()))
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let job = Team::new(spec.name, spec.plan, members, config).map_err(|e| e.to_string())?;
    let r = run_on_threads(&job, a.threads.threads)?;
    if a.options.json {
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

fn cmd_run(a: &RunArgs) -> CliResult<String> {
    if a.sep.is_some() && !a.csv {
        return Err("--sep: only with --csv".into());
    }
    let config = a.options.config()?;
    let scenario = load(&a.target)?;
    // The posts' rules are the linter's, beside the engine's report (a run never lints).
    let warnings = advise(scenario.spec());
    let sim = Simulation::new(scenario, config).map_err(|e| e.to_string())?;
    let report = run_on_threads(&sim, a.threads.threads)?;
    if a.csv {
        return Ok(crate::io::csv_export::report_csv(&report, a.sep.unwrap_or_default()));
    }
    if a.options.json {
        to_json(&RunOutput { report: &report, warnings: &warnings })
    } else {
        Ok(table(&report, &warnings))
    }
}

/// What `run --json` prints: the report's fields and the linter's advice as `warnings`.
#[derive(serde::Serialize)]
struct RunOutput<'a> {
    #[serde(flatten)]
    report: &'a Report,
    warnings: &'a [Advice],
}

/// Runs every trial of a job in batches on `threads` threads (all cores when `None`), merging
/// the batches in their order, a few rounds at a time so memory stays bounded. The batches are
/// fixed by the job, not by the threads, and merge exactly, so the report never depends on them.
fn run_on_threads<J>(job: &J, threads: Option<usize>) -> CliResult<J::Report>
where
    J: Job + Sync,
    J::Summary: Send,
{
    use rayon::prelude::*;
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = threads {
        builder = builder.num_threads(n);
    }
    let pool = builder.build().map_err(|e| format!("--threads: {e}"))?;
    let batches: Vec<std::ops::Range<u64>> =
        batches(job.trials(), batch_of::<J>(THREAD_BATCH)).collect();
    let round = pool.current_num_threads() * 4;
    let mut all = job.empty();
    for chunk in batches.chunks(round) {
        let done: Vec<_> =
            pool.install(|| chunk.par_iter().map(|r| job.run_batch(r.clone())).collect());
        for summary in &done {
            all.merge(summary);
        }
    }
    Ok(job.report(&all))
}

fn cmd_exact(a: &ExactArgs) -> CliResult<String> {
    let target = &a.target;
    let scenario = load(target)?;
    let r = crate::sim::exact::solve(&scenario).map_err(|e| format!("exact: {target}: {e}"))?;
    if a.json {
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

fn cmd_validate(file: &str) -> Outcome {
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
                let _ = writeln!(out, "advice: {} [{}]", a.message.en, a.source.en);
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
                spec.name_in(Lang::En).to_owned()
            })
            .unwrap_or_else(|e| format!("(invalid: {e})"));
        let _ = writeln!(out, "{:<10} {name}", p.key);
    }
    out
}

fn cmd_preset(name: &str) -> CliResult<String> {
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

/// The human-readable report, with the linter's advice on its scenario at the end.
pub fn table(r: &Report, warnings: &[Advice]) -> String {
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
    if !warnings.is_empty() {
        o.push_str("\nAdvice (the posts' rules):\n");
        for a in warnings {
            let _ = writeln!(o, "  - {} [{}]", a.message.en, a.source.en);
        }
    }
    o
}
