//! What it takes (issue #21): for a chance q you choose, the value each lever needs for
//! P(plan) = q, all else equal, and the plan you can commit to with that chance.
//!
//! P(plan) is monotone in every lever searched here (a higher conversion, more leads a day, a
//! larger budget, a lower plan or shorter stays never lose a deal or a rouble on any path), so
//! the value where it crosses q is found by bracketing and a safeguarded regula falsi (Illinois,
//! with a bisection whenever a step fails to halve the bracket) on the exact path, solved on a
//! coarse grid while searching and on the fine grid once at the answer. The plan lever and the
//! commit line are one question, the largest R with P(revenue >= R) >= q, read off the exact
//! distribution. Where the exact path cannot serve a scenario (the capacity lever, given deals)
//! the same search runs on a Monte Carlo estimate with common random numbers (one seed for every
//! evaluation), and each answer carries its standard error instead of a bound.

use serde::{Deserialize, Serialize};

use super::exact::{revenue_floor, solve_with, ExactConfig, ExactError};
use super::run::{RunConfig, RunError, Simulation, DEFAULT_SEED};
use super::scenario::{Scenario, ScenarioSpec, MAX_MONEY, MAX_PER_DAY};
use super::trial::Trial;

/// The chance asked for when none is given.
pub const DEFAULT_TARGET: f64 = 0.8;
/// The search stops when its bracket is this narrow, relative to the lever's value.
pub const REL_TOL: f64 = 1e-4;
/// The exact path's grid while searching: a coarse bound (5·10⁻³) on at most 32,768 cells. It
/// only has to bring the search near the crossing; each answer's error comes from the
/// verification on the fine grid (when that is the smaller bound).
pub const SEARCH_EXACT: ExactConfig = ExactConfig { target_error: 5e-3, max_cells: 1 << 15 };
/// The search also stops when the search grid's P(plan) at the answer is this close above q.
pub const P_TOL: f64 = 2e-5;
/// Trials of each Monte Carlo evaluation (where the exact path cannot serve).
pub const DEFAULT_MC_TRIALS: u64 = 4_000;
/// Most evaluations one lever's search may take.
const MAX_EVALS: u32 = 60;
/// A lever's far edge is probed directly when within this factor of its value; beyond, the
/// bracket grows by doubling (or halving) from the value.
const NEAR: f64 = 64.0;
/// The slope behind an answer's error is measured over about this much P(plan).
const SLOPE_SPAN: f64 = 0.01;

/// How to search.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalConfig {
    /// The chance q, in (0, 1).
    pub target: f64,
    /// The exact path's grid while searching (coarse: the page's drag grid).
    pub search: ExactConfig,
    /// The exact path's grid of the verification at each answer (the default grid).
    pub verify: ExactConfig,
    /// The grid of the two solves beside each answer that measure the slope its error is
    /// divided by: the verification's (the CLI), or the search's with a span wide enough for its
    /// bound (the page: a ladder's fine grid is 131,072 cells, and two fewer fine solves a lever
    /// bring its whole table under a second).
    pub slope: SlopeGrid,
    /// The bracket's relative width at which a search stops.
    pub rel_tol: f64,
    /// Trials of each Monte Carlo evaluation.
    pub mc_trials: u64,
    /// The seed every Monte Carlo evaluation shares (common random numbers); the verification
    /// at an answer uses the next seed, independent of the search.
    pub mc_seed: u64,
}

impl Default for GoalConfig {
    fn default() -> Self {
        GoalConfig {
            target: DEFAULT_TARGET,
            search: SEARCH_EXACT,
            verify: ExactConfig::default(),
            slope: SlopeGrid::Verify,
            rel_tol: REL_TOL,
            mc_trials: DEFAULT_MC_TRIALS,
            mc_seed: DEFAULT_SEED,
        }
    }
}

/// Which grid measures the slope behind each answer's error.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SlopeGrid {
    /// The verification's grid, about [`SLOPE_SPAN`] of P(plan) to each side: the tightest.
    Verify,
    /// The search's grid, over a span of at least [`SEARCH_SLOPE_BOUNDS`] times its bound, so
    /// the bounds take a small share of the measured rise: a slightly wider error, for two
    /// coarse solves instead of two fine ones.
    Search,
}

/// With [`SlopeGrid::Search`], the slope's span of P(plan) is at least this many of the search
/// grid's bounds.
pub const SEARCH_SLOPE_BOUNDS: f64 = 16.0;

/// Which grid (or seed) one evaluation uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Grid {
    /// The search's coarse grid (Monte Carlo: the shared seed).
    Search,
    /// The verification's fine grid (Monte Carlo: the next seed).
    Verify,
}

/// How the answers were computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GoalMethod {
    /// The exact path: errors are computation bounds.
    Exact,
    /// Monte Carlo on common random numbers: errors are standard errors.
    MonteCarlo,
}

/// Which way of a lever raises P(plan).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// A larger value raises P(plan) (conversion, leads, budget).
    Raise,
    /// A smaller value raises P(plan) (days in a stage, the plan).
    Lower,
}

/// One lever's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeverGoal {
    /// The field path, as validation names it (`stages[2].conversion`, `inflow[0].per_day`,
    /// `budget.median`, `plan`), or `leads_per_day` for every inflow scaled together.
    pub lever: String,
    /// Its value now (for `leads_per_day`, the sum over inflows).
    pub current: f64,
    /// The value where P(plan) = q, all else equal; none when the lever's range cannot get there.
    pub needed: Option<f64>,
    /// Whether the range reaches q.
    pub reachable: bool,
    /// P(plan) at `needed`, from one solve on the fine grid (Monte Carlo: a fresh seed).
    pub p_plan_at_needed: Option<f64>,
    /// Its bound (exact) or standard error (Monte Carlo).
    pub p_plan_at_needed_error: Option<f64>,
    /// How far the true crossing may lie from `needed`: the search's final bracket, widened by
    /// the search grid's P(plan) bound over the local slope (Monte Carlo: the standard error
    /// over the slope).
    pub needed_error: Option<f64>,
    /// (needed − current) / current; none when unreachable or the current value is 0.
    pub relative_change: Option<f64>,
    /// Which way of the lever raises P(plan).
    pub direction: Direction,
    /// The end of the lever's range searched in the direction that was needed.
    pub edge: f64,
    /// When unreachable: P(plan) at the edge, the best the range allows (fine grid).
    pub best_p_plan: Option<f64>,
    /// Its bound or standard error.
    pub best_p_plan_error: Option<f64>,
    /// The lever moves P(plan) by no more than the errors over its whole range (e.g. days in a
    /// stage from a steady-state start: the month's flow through a stage does not depend on
    /// how long deals stay in it).
    pub no_effect: bool,
    /// P(plan) is at or above q over the whole range searched: `needed` is the range's edge.
    pub holds_to_edge: bool,
    /// P(plan) at the edge is below its current value by more than the errors: the lever is not
    /// monotone here (more leads under the capacity lever overload the manager), so the best
    /// lies inside the range and the answer is only the first crossing from the current value.
    pub not_monotone: bool,
    /// Solves (or Monte Carlo runs) the answer took, the verification included.
    pub evaluations: u32,
}

/// The plan you can commit to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Commit {
    /// The largest revenue R with P(revenue >= R) >= q (exact: the lower end of its bracket,
    /// so the chance holds; Monte Carlo: the empirical quantile).
    pub revenue: f64,
    /// The bracket's upper end (exact), or the quantile one standard error of rank higher.
    pub revenue_high: f64,
    /// P(revenue >= `revenue`), from a solve with the plan set to it (NaN, written `null`, when
    /// that solve failed).
    #[serde(with = "nan_as_null")]
    pub probability: f64,
    /// Its bound or standard error.
    #[serde(with = "nan_as_null")]
    pub probability_error: f64,
    /// Leads per day (every inflow scaled together) that make the current plan reach q; none
    /// when the scenario has no inflow.
    pub leads_per_day: Option<LeverGoal>,
}

/// The whole answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalResult {
    /// The chance q.
    pub target: f64,
    /// P(plan) now.
    pub p_plan: f64,
    /// Its bound or standard error.
    pub p_plan_error: f64,
    /// How it was computed.
    pub method: GoalMethod,
    /// Why the exact path could not serve (Monte Carlo only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub why_monte_carlo: Option<String>,
    /// Trials of each Monte Carlo evaluation (Monte Carlo only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mc_trials: Option<u64>,
    /// Every lever, the smallest relative change first, unreachable ones last.
    pub levers: Vec<LeverGoal>,
    /// The plan you can commit to.
    pub commit: Commit,
}

/// Everything of the answer but the searched levers: known once the question is prepared
/// ([`Goal::head`]), so a page can show the commit line before any lever is searched and
/// assemble the table from rows searched on several workers ([`GoalHead::assemble`]).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GoalHead {
    /// The chance q.
    pub target: f64,
    /// P(plan) now.
    pub p_plan: f64,
    /// Its bound or standard error.
    pub p_plan_error: f64,
    /// How it was computed.
    pub method: GoalMethod,
    /// Why the exact path could not serve (Monte Carlo only).
    pub why_monte_carlo: Option<String>,
    /// Trials of each Monte Carlo evaluation (Monte Carlo only).
    pub mc_trials: Option<u64>,
    /// The plan lever (read off the distribution, no search).
    pub plan: LeverGoal,
    /// The commit line (its leads line is filled on assembly).
    pub commit: Commit,
    /// Inflows in the scenario: with one, its lever is the leads line.
    pub inflows: usize,
    /// Levers to search ([`Goal::len`]).
    pub levers: usize,
}

impl GoalHead {
    /// The answer from the levers searched so far (in any order, any subset): sorted, with the
    /// plan lever, and the leads line (the one inflow's answer, or every inflow scaled
    /// together) once it is among them.
    pub fn assemble(&self, answers: Vec<LeverGoal>) -> GoalResult {
        let mut out: Vec<LeverGoal> = Vec::with_capacity(answers.len() + 1);
        let mut leads = None;
        for a in answers {
            if a.lever == "leads_per_day" {
                leads = Some(a);
            } else {
                out.push(a);
            }
        }
        if self.inflows == 1 {
            leads = out
                .iter()
                .find(|g| g.lever == "inflow[0].per_day")
                .map(|g| LeverGoal { lever: "leads_per_day".into(), ..g.clone() });
        }
        out.push(self.plan.clone());
        sort_levers(&mut out);
        GoalResult {
            target: self.target,
            p_plan: self.p_plan,
            p_plan_error: self.p_plan_error,
            method: self.method,
            why_monte_carlo: self.why_monte_carlo.clone(),
            mc_trials: self.mc_trials,
            levers: out,
            commit: Commit { leads_per_day: leads, ..self.commit.clone() },
        }
    }
}

/// Why the question cannot be answered.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum GoalError {
    /// The chance is outside (0, 1).
    #[error("target: {0} is outside 0..1 (a chance such as 0.8)")]
    Target(f64),
    /// The exact path refused the base scenario for a reason the Monte Carlo does not cure.
    #[error("{0}")]
    Exact(ExactError),
    /// The search's coarser grid refused the base scenario.
    #[error("the search grid: {0}")]
    Search(String),
    /// The Monte Carlo refused it.
    #[error("{0}")]
    Run(RunError),
}

/// Sets a lever's value in a scenario.
type Setter = Box<dyn Fn(&mut ScenarioSpec, f64) + Send + Sync>;

/// One lever: how to set it, its range, and which way raises P(plan).
struct Lever {
    path: String,
    current: f64,
    lo: f64,
    hi: f64,
    direction: Direction,
    set: Setter,
}

/// The levers searched by bisection: each stage's conversion and mean days, each inflow's
/// leads a day, the budget's median (with the P90, so the spread stays), and every inflow
/// scaled together (last; `None` without inflow). The plan is read off the distribution.
fn levers(spec: &ScenarioSpec) -> (Vec<Lever>, Option<Lever>) {
    let mut out = Vec::new();
    let horizon = spec.horizon_days.max(1) as f64;
    for (k, st) in spec.stages.iter().enumerate() {
        out.push(Lever {
            path: format!("stages[{k}].conversion"),
            current: st.conversion,
            lo: 0.0,
            hi: 1.0,
            direction: Direction::Raise,
            set: Box::new(move |s, x| s.stages[k].conversion = x),
        });
        out.push(Lever {
            path: format!("stages[{k}].mean_days"),
            current: st.mean_days,
            lo: 1.0,
            // Far beyond any month: a stay this long lets almost no deal through.
            hi: NEAR * st.mean_days.max(horizon),
            direction: Direction::Lower,
            set: Box::new(move |s, x| s.stages[k].mean_days = x),
        });
    }
    for (i, f) in spec.inflow.iter().enumerate() {
        out.push(Lever {
            path: format!("inflow[{i}].per_day"),
            current: f.per_day,
            lo: 0.0,
            hi: MAX_PER_DAY,
            direction: Direction::Raise,
            set: Box::new(move |s, x| s.inflow[i].per_day = x),
        });
    }
    let (median, p90) = (spec.budget.median, spec.budget.p90);
    let spread = if median > 0.0 { p90 / median } else { 1.0 };
    out.push(Lever {
        path: "budget.median".into(),
        current: median,
        lo: median * 1e-9,
        hi: MAX_MONEY / spread.max(1.0),
        direction: Direction::Raise,
        set: Box::new(move |s, x| {
            s.budget.median = x;
            s.budget.p90 = x * spread;
        }),
    });
    let total: f64 = spec.inflow.iter().map(|f| f.per_day).sum();
    let biggest = spec.inflow.iter().map(|f| f.per_day).fold(0.0, f64::max);
    let leads = (total > 0.0).then(|| {
        let shares: Vec<f64> = spec.inflow.iter().map(|f| f.per_day / total).collect();
        Lever {
            path: "leads_per_day".into(),
            current: total,
            lo: 0.0,
            hi: total * MAX_PER_DAY / biggest,
            direction: Direction::Raise,
            set: Box::new(move |s, x| {
                for (f, share) in s.inflow.iter_mut().zip(&shares) {
                    f.per_day = (x * share).min(MAX_PER_DAY);
                }
            }),
        }
    });
    (out, leads)
}

/// Sets lever `path` (as [`LeverGoal::lever`] names it, `plan` included) to `value` in a
/// scenario exactly as the search set it (the budget's P90 kept in proportion, every inflow
/// scaled by its share for `leads_per_day`); false when the scenario has no such lever.
pub fn apply_lever(spec: &mut ScenarioSpec, path: &str, value: f64) -> bool {
    if path == "plan" {
        spec.plan = value;
        return true;
    }
    let (all, leads) = levers(spec);
    match all.into_iter().chain(leads).find(|l| l.path == path) {
        Some(lever) => {
            (lever.set)(spec, value);
            true
        }
        None => false,
    }
}

/// P(plan) of a scenario: the exact path on a grid, or Monte Carlo on fixed trials.
enum Evaluator {
    Exact {
        search: ExactConfig,
        verify: ExactConfig,
    },
    /// `max_work`: the most work (trials × work per trial) one evaluation may take.
    MonteCarlo {
        trials: u64,
        seed: u64,
        max_work: f64,
    },
}

/// A Monte Carlo evaluation may cost this many times the base scenario's: the search stops
/// there (more leads under the capacity lever make each trial dearer, and need not help).
const MC_WORK_FACTOR: f64 = 8.0;

/// One evaluation: P(plan) and its bound or standard error.
#[derive(Clone, Copy, Debug)]
struct Point {
    x: f64,
    p: f64,
    err: f64,
}

impl Evaluator {
    /// P(plan) of `spec` on the search's grid (or the shared seed), or the verification's grid
    /// (or the next seed).
    fn p_plan(&self, spec: &ScenarioSpec, grid: Grid) -> Result<(f64, f64), String> {
        let fine = grid == Grid::Verify;
        let scenario = Scenario::new(spec.clone()).map_err(|e| e.to_string())?;
        match self {
            Evaluator::Exact { search, verify } => {
                let config = if fine { verify } else { search };
                let r = solve_with(&scenario, config).map_err(|e| e.to_string())?;
                Ok((r.p_plan, r.p_plan_error))
            }
            Evaluator::MonteCarlo { trials, seed, max_work } => {
                let seed = if fine { seed.wrapping_add(1) } else { *seed };
                let sim = mc_simulation(&scenario, *trials, seed).map_err(|e| e.to_string())?;
                let work = sim.model().work_per_trial() * *trials as f64;
                if !(work <= *max_work) {
                    return Err(format!("one evaluation would take {work:.0} units of work"));
                }
                let revenue = mc_revenues(&sim, *trials);
                let plan = scenario.plan();
                let hits = revenue.iter().filter(|&&r| r >= plan).count();
                let n = revenue.len() as f64;
                let p = hits as f64 / n;
                Ok((p, mc_se(p, n)))
            }
        }
    }
}

/// The standard error of a share p of n trials (at least that of one trial in n).
fn mc_se(p: f64, n: f64) -> f64 {
    libm::sqrt(p * (1.0 - p) / n).max(1.0 / n)
}

/// `n` trials of a scenario on seed `seed`.
fn mc_simulation(scenario: &Scenario, n: u64, seed: u64) -> Result<Simulation, RunError> {
    Simulation::new(scenario.clone(), RunConfig { trials: n, seed, ..Default::default() })
}

/// Revenue of trials 0..n of a simulation.
fn mc_revenues(sim: &Simulation, n: u64) -> Vec<f64> {
    let mut trial = Trial::default();
    (0..n)
        .map(|i| {
            sim.play(i, &mut trial);
            trial.revenue()
        })
        .collect()
}

/// Everything one lever's search needs besides the lever.
struct Search {
    base: ScenarioSpec,
    eval: Evaluator,
    q: f64,
    rel_tol: f64,
    slope: SlopeGrid,
    /// P(plan) of the base on the search's grid (or seed).
    p0: Point,
}

impl Search {
    fn at(&self, lever: &Lever, x: f64, fine: bool) -> Result<Point, String> {
        let mut spec = self.base.clone();
        (lever.set)(&mut spec, x);
        let grid = if fine { Grid::Verify } else { Grid::Search };
        let (p, err) = self.eval.p_plan(&spec, grid)?;
        Ok(Point { x, p, err })
    }

    /// The lever's answer.
    fn lever(&self, lever: &Lever) -> LeverGoal {
        let mut goal = LeverGoal {
            lever: lever.path.clone(),
            current: lever.current,
            needed: None,
            reachable: false,
            p_plan_at_needed: None,
            p_plan_at_needed_error: None,
            needed_error: None,
            relative_change: None,
            direction: lever.direction,
            edge: lever.current,
            best_p_plan: None,
            best_p_plan_error: None,
            no_effect: false,
            holds_to_edge: false,
            not_monotone: false,
            evaluations: 0,
        };
        let evals = std::cell::Cell::new(0u32);
        let at = |x: f64, fine: bool| {
            evals.set(evals.get() + 1);
            self.at(lever, x, fine)
        };
        // Below q: go the way that raises P(plan); at or above: the way that lowers it, to find
        // how much slack there is.
        let below = self.p0.p < self.q;
        let larger = below == (lever.direction == Direction::Raise);
        let edge = if larger { lever.hi } else { lever.lo };
        goal.edge = edge;
        let good = |p: &Point| p.p >= self.q;
        // Grow a bracket [bad, good] from the current value toward the edge.
        let c = lever.current;
        let direct =
            if larger { edge <= NEAR * c.max(0.0) } else { edge == 0.0 || edge >= c / NEAR };
        let p0 = Point { x: c, ..self.p0 };
        let mut last = p0;
        let mut far: Option<Point> = None;
        let mut k = 1;
        while far.is_none() {
            let x = if direct {
                edge
            } else if larger {
                let from = if c > 0.0 { c } else { 0.5 };
                (from * f64::powi(2.0, k)).min(edge)
            } else {
                (c / f64::powi(2.0, k)).max(edge)
            };
            k += 1;
            let point = match at(x, false).or_else(|_| at(x, true)) {
                Ok(p) => p,
                // Beyond what the path can solve: the range ends at the last point solved.
                Err(_) => {
                    goal.edge = last.x;
                    break;
                }
            };
            if good(&point) != good(&p0) {
                far = Some(point);
            } else if x == edge || k > 64 {
                last = point;
                break;
            } else {
                last = point;
            }
        }
        let Some(far) = far else {
            // The whole range stays on the current side of q.
            goal.no_effect = (last.p - p0.p).abs() <= last.err + p0.err;
            goal.not_monotone =
                if below { last.p < p0.p } else { last.p > p0.p } && !goal.no_effect;
            let fine = at(last.x, true);
            goal.evaluations = evals.get();
            let Ok(fine) = fine else { return goal };
            if below && !good(&fine) {
                goal.best_p_plan = Some(fine.p);
                goal.best_p_plan_error = Some(fine.err);
            } else {
                // At or above q up to the edge: the edge is what the lever can give up.
                goal.reachable = true;
                goal.holds_to_edge = true;
                goal.needed = Some(last.x);
                goal.p_plan_at_needed = Some(fine.p);
                goal.p_plan_at_needed_error = Some(fine.err);
                goal.needed_error = Some(0.0);
                goal.relative_change = relative(c, last.x);
            }
            return goal;
        };
        let (mut bad, mut ok) = if good(&far) { (last, far) } else { (far, last) };
        let (bad0, ok0) = (bad, ok);
        // Illinois: regula falsi on f = P − q with the retained end's f halved, and a bisection
        // whenever two steps have not halved the bracket.
        let (mut fb, mut fo) = (bad.p - self.q, ok.p - self.q);
        let mut side = 0i8;
        let mut width = (ok.x - bad.x).abs();
        let mut since = 0;
        let scale = c.abs().max(ok.x.abs()).max(f64::MIN_POSITIVE);
        while (ok.x - bad.x).abs() > self.rel_tol * scale
            && ok.p - self.q > P_TOL
            && evals.get() < MAX_EVALS
        {
            let mut x = (bad.x * fo - ok.x * fb) / (fo - fb);
            since += 1;
            let inside = x.is_finite() && (x - bad.x) * (x - ok.x) < 0.0;
            if !inside || since > 2 {
                x = 0.5 * (bad.x + ok.x);
            }
            // Near a jump (a fixed budget against the plan) the search grid's bracket may be
            // too wide to solve; the fine grid's is narrower.
            let Ok(point) = at(x, false).or_else(|_| at(x, true)) else { break };
            if good(&point) {
                ok = point;
                fo = point.p - self.q;
                if side == 1 {
                    fb *= 0.5;
                }
                side = 1;
            } else {
                bad = point;
                fb = point.p - self.q;
                if side == -1 {
                    fo *= 0.5;
                }
                side = -1;
            }
            let w = (ok.x - bad.x).abs();
            if w <= 0.5 * width {
                width = w;
                since = 0;
            }
        }
        // The verification at the answer, and solves about SLOPE_SPAN of P(plan) (on the
        // search grid: wider, see `SlopeGrid`) to each side of it for the local slope.
        let answer = ok.x;
        let verified = at(answer, true);
        goal.reachable = true;
        goal.needed = Some(answer);
        goal.relative_change = relative(c, answer);
        let Ok(v) = verified else {
            goal.evaluations = evals.get();
            return goal;
        };
        goal.p_plan_at_needed = Some(v.p);
        goal.p_plan_at_needed_error = Some(v.err);
        let secant = (ok0.p - bad0.p).abs() / (ok0.x - bad0.x).abs();
        let toward = if bad0.x < answer { -1.0 } else { 1.0 };
        let search_err = ok.err.max(bad.err);
        let bracket = (ok.x - bad.x).abs();
        // Both ends of the bracket surely on their side of q (a jump, e.g. a fixed budget
        // against the plan): the crossing is inside it, whatever the slope.
        let sure = bad.p + bad.err < self.q && ok.p - ok.err >= self.q;
        let sure = if sure { bracket } else { (ok0.x - bad0.x).abs() };
        // The error with the slope measured on the fine grid (`fine`) or the search grid.
        let error_with = |fine: bool| {
            // On the search's grid the span is wide enough that its bounds are a small share
            // of the rise measured.
            let span =
                if fine { SLOPE_SPAN } else { SLOPE_SPAN.max(SEARCH_SLOPE_BOUNDS * search_err) };
            let h = (span / secant).min((ok0.x - bad0.x).abs());
            // Secants on both sides of the answer (the far one within the range), each the
            // least slope the two solves' bounds allow; the smaller bounds the slope at the
            // answer when the slope is monotone there (P(plan) concave or convex near it). They
            // run from the answer on their own grid: the verification, or the search's point
            // there (its last good end).
            let from = if fine { v } else { ok };
            let beyond = (answer - toward * h).clamp(lever.lo, lever.hi);
            let slope = [answer + toward * h, beyond]
                .into_iter()
                .map(|x| (x, (x - answer).abs()))
                .filter(|(_, d)| *d > 0.0)
                .map(|(x, d)| match at(x, fine) {
                    Ok(s) => ((from.p - s.p).abs() - from.err - s.err).max(0.0) / d,
                    Err(_) => 0.0,
                })
                .fold(f64::INFINITY, f64::min);
            let slope = if slope.is_finite() { slope } else { 0.0 };
            // Three bounds, the last two linearised over the slope; the smallest holds: the
            // search grid's crossing lies in the bracket (or within its distance from q over
            // the slope) and the true P(plan) within the search bound of it; or, from the
            // verification, the true P(plan) at the answer is within its bound of the fine
            // grid's.
            if slope > 0.0 {
                let search = bracket.min((ok.p - self.q) / slope) + search_err / slope;
                let fine = ((v.p - self.q).abs() + v.err) / slope;
                sure.min(search).min(fine)
            } else {
                sure
            }
        };
        let error = error_with(self.slope == SlopeGrid::Verify);
        goal.needed_error = Some(error);
        goal.evaluations = evals.get();
        goal
    }
}

/// (to − from) / from, when from is not 0.
fn relative(from: f64, to: f64) -> Option<f64> {
    (from != 0.0).then(|| (to - from) / from)
}

/// For a scenario and a chance q: every lever's needed value, and the plan you can commit to.
/// The exact path serves when it can; otherwise (the capacity lever, given deals) Monte Carlo
/// on common random numbers, said so in [`GoalResult::method`]. One lever after another; see
/// [`Goal`] to spread them over threads or workers.
pub fn what_it_takes(scenario: &Scenario, config: &GoalConfig) -> Result<GoalResult, GoalError> {
    let goal = Goal::new(scenario, config)?;
    let answers = (0..goal.len()).map(|i| goal.lever(i)).collect();
    Ok(goal.finish(answers))
}

/// The question prepared: the base solved, the commit line and the plan lever answered, and
/// the levers still to search, each independent of the others ([`Goal::lever`]), so a caller
/// may answer them on several threads or workers and hand them back to [`Goal::finish`].
pub struct Goal {
    search: Search,
    levers: Vec<Lever>,
    plan: LeverGoal,
    commit: Commit,
    p_plan: (f64, f64),
    method: GoalMethod,
    why_monte_carlo: Option<String>,
    mc_trials: Option<u64>,
}

impl Goal {
    /// Solves the base and the commit line; refuses a target outside (0, 1).
    pub fn new(scenario: &Scenario, config: &GoalConfig) -> Result<Goal, GoalError> {
        let q = config.target;
        if !(q > 0.0 && q < 1.0) {
            return Err(GoalError::Target(q));
        }
        let spec = scenario.spec();
        let (eval, p0, p_plan, floor, method, why, rel_tol) =
            match revenue_floor(scenario, &config.verify, q) {
                Ok((base, floor)) => {
                    let eval = Evaluator::Exact { search: config.search, verify: config.verify };
                    let (p, e) = eval.p_plan(spec, Grid::Search).map_err(GoalError::Search)?;
                    let p0 = Point { x: 0.0, p, err: e };
                    let floor = (floor.low, floor.high);
                    let p_plan = (base.p_plan, base.p_plan_error);
                    (eval, p0, p_plan, floor, GoalMethod::Exact, None, config.rel_tol)
                }
                Err(
                    why @ (ExactError::Capacity
                    | ExactError::GivenDeals
                    | ExactError::Imprecise { .. }),
                ) => {
                    let sim = mc_simulation(scenario, config.mc_trials, config.mc_seed)
                        .map_err(GoalError::Run)?;
                    let max_work =
                        MC_WORK_FACTOR * sim.model().work_per_trial() * config.mc_trials as f64;
                    let eval = Evaluator::MonteCarlo {
                        trials: config.mc_trials,
                        seed: config.mc_seed,
                        max_work,
                    };
                    let revenue = mc_revenues(&sim, config.mc_trials);
                    let n = revenue.len() as f64;
                    let hits = revenue.iter().filter(|&&r| r >= spec.plan).count();
                    let p = hits as f64 / n;
                    let p0 = Point { x: 0.0, p, err: mc_se(p, n) };
                    let floor = mc_floor(revenue, q);
                    let rel_tol = config.rel_tol.max(1e-3);
                    (
                        eval,
                        p0,
                        (p, p0.err),
                        floor,
                        GoalMethod::MonteCarlo,
                        Some(why.to_string()),
                        rel_tol,
                    )
                }
                Err(e) => return Err(GoalError::Exact(e)),
            };
        let (low, high) = floor;
        let mut at_commit = spec.clone();
        at_commit.plan = low;
        let commit_p = if low > 0.0 { eval.p_plan(&at_commit, Grid::Verify).ok() } else { None };
        let plan = plan_goal(spec.plan, low, high, commit_p, low > 0.0);
        let commit = Commit {
            revenue: low,
            revenue_high: high,
            // Nothing to commit to: revenue >= 0 holds surely.
            probability: if low > 0.0 { commit_p.map_or(f64::NAN, |c| c.0) } else { 1.0 },
            probability_error: if low > 0.0 { commit_p.map_or(f64::NAN, |c| c.1) } else { 0.0 },
            leads_per_day: None,
        };
        let (mut levers, leads) = levers(spec);
        // With one inflow, scaling every inflow is that inflow's lever: answered once.
        if spec.inflow.len() > 1 {
            levers.extend(leads);
        }
        let mc_trials = (method == GoalMethod::MonteCarlo).then_some(config.mc_trials);
        Ok(Goal {
            search: Search { base: spec.clone(), eval, q, rel_tol, slope: config.slope, p0 },
            levers,
            plan,
            commit,
            p_plan,
            method,
            why_monte_carlo: why,
            mc_trials,
        })
    }

    /// How many levers there are to search.
    pub fn len(&self) -> usize {
        self.levers.len()
    }

    /// Whether there is none (never: every scenario has stages and a budget).
    pub fn is_empty(&self) -> bool {
        self.levers.is_empty()
    }

    /// The field path of lever `i`.
    pub fn path(&self, i: usize) -> Option<&str> {
        self.levers.get(i).map(|l| l.path.as_str())
    }

    /// Searches lever `i` (0..len()); out of range gives an unreachable row named "?".
    pub fn lever(&self, i: usize) -> LeverGoal {
        match self.levers.get(i) {
            Some(l) => self.search.lever(l),
            None => LeverGoal { lever: "?".into(), ..self.plan.clone() },
        }
    }

    /// Everything but the searched levers, for a page to show first and assemble with rows
    /// searched elsewhere.
    pub fn head(&self) -> GoalHead {
        GoalHead {
            target: self.search.q,
            p_plan: self.p_plan.0,
            p_plan_error: self.p_plan.1,
            method: self.method,
            why_monte_carlo: self.why_monte_carlo.clone(),
            mc_trials: self.mc_trials,
            plan: self.plan.clone(),
            commit: self.commit.clone(),
            inflows: self.search.base.inflow.len(),
            levers: self.levers.len(),
        }
    }

    /// The whole answer from every lever's (in any order): sorted, with the plan lever, and the
    /// leads line (the one inflow's answer, or every inflow scaled together).
    pub fn finish(self, answers: Vec<LeverGoal>) -> GoalResult {
        self.head().assemble(answers)
    }
}

/// The empirical quantile: the largest R with a share >= q of the trials at or above it, and
/// the same one standard error of rank higher (sqrt(n·q·(1 − q)) trials).
fn mc_floor(mut revenue: Vec<f64>, q: f64) -> (f64, f64) {
    revenue.sort_by(|a, b| b.total_cmp(a));
    let n = revenue.len();
    let rank = ((q * n as f64).ceil() as usize).clamp(1, n);
    let se = libm::sqrt(n as f64 * q * (1.0 - q)).ceil() as usize;
    let high = rank.saturating_sub(se).max(1);
    (revenue[rank - 1], revenue[high - 1])
}

/// The plan lever: the commit revenue is the plan that reaches q.
fn plan_goal(
    plan: f64,
    low: f64,
    high: f64,
    verified: Option<(f64, f64)>,
    reachable: bool,
) -> LeverGoal {
    LeverGoal {
        lever: "plan".into(),
        current: plan,
        needed: reachable.then_some(low),
        reachable,
        p_plan_at_needed: verified.map(|v| v.0),
        p_plan_at_needed_error: verified.map(|v| v.1),
        needed_error: reachable.then_some(high - low),
        relative_change: if reachable { relative(plan, low) } else { None },
        direction: Direction::Lower,
        edge: 0.0,
        best_p_plan: None,
        best_p_plan_error: None,
        no_effect: false,
        holds_to_edge: false,
        not_monotone: false,
        evaluations: 2,
    }
}

/// Reachable levers by the size of their relative change, those with no relative change
/// (from 0) after them, then unreachable ones by the best chance they allow; a lever with no
/// effect last.
pub fn sort_levers(levers: &mut [LeverGoal]) {
    let key = |l: &LeverGoal| {
        let group = match (l.reachable, l.relative_change, l.no_effect) {
            (_, _, true) => 3u8,
            (true, Some(_), _) => 0,
            (true, None, _) => 1,
            (false, _, _) => 2,
        };
        let size = match group {
            0 => l.relative_change.map_or(f64::INFINITY, f64::abs),
            2 => -l.best_p_plan.unwrap_or(0.0),
            _ => 0.0,
        };
        (group, size)
    };
    levers.sort_by(|a, b| {
        let (ka, kb) = (key(a), key(b));
        ka.0.cmp(&kb.0).then(ka.1.total_cmp(&kb.1))
    });
}

/// A number that may be NaN, written `null` in JSON and read back as NaN (JSON has no NaN, and
/// the page's worker messages must read back what they wrote).
mod nan_as_null {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(x: &f64, s: S) -> Result<S::Ok, S::Error> {
        if x.is_finite() {
            s.serialize_f64(*x)
        } else {
            s.serialize_none()
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::NAN))
    }
}
