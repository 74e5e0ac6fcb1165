//! The exact path: revenue's distribution without sampling (issue #11, "the exact answer while
//! you drag").
//!
//! Without the capacity lever deals are independent and arrivals Poisson. Split every deal by
//! its class, (the stage it starts in, the last stage it leaves forward by day T): by the
//! colouring theorem the number of deals of each class is Poisson for arrivals and a
//! steady-state start, and the deals of an explicit initial count at one stage are that many
//! independent draws of a class (a multinomial), so each stage's count is a compound Binomial
//! part. A class's deal earns the prices of the stages it passed and, if it passed the last
//! one, its budget; all of them independent log-normals (or fixed). Rework only lengthens stays
//! (a deal in rework stays in its stage and leaves it forward once), so the classes hold with
//! it; the record's levers never change revenue. The levers that reshape parameters reach this
//! path through the same [`Model`] the Monte Carlo plays.
//!
//! Revenue's distribution is computed on a grid of `cells` points of width `step`: each
//! log-normal is discretised twice, rounded down and rounded up to the grid, so the two
//! revenues bracket the true one on every path and P(plan) lies between their tails. The
//! compound sums are taken by FFT with an exponential tilt against wrap-around. The reported
//! `p_plan_error` is half the bracket plus bounds on wrap-around, floating-point error and the
//! probability mass left outside the discretisation window; P(plan) is the bracket's midpoint.
//! Mean and sd are closed forms (the grid's bracket them in tests).

use serde::{Deserialize, Serialize};

use super::fft::{Complex, Fft};
use super::model::{day_step, Budget, Initial, Model, DEADLINE, NO_DEADLINE};
use super::report::{MeanSd, RevenueSummary};
use super::scenario::Scenario;
use super::stages::StageParams;

/// The P(plan) error bound a default solve sizes its grid for.
pub const DEFAULT_TARGET_ERROR: f64 = 5e-4;
/// Fewest grid cells.
pub const MIN_CELLS: usize = 1 << 12;
/// Most grid cells a default solve uses.
pub const DEFAULT_MAX_CELLS: usize = 1 << 17;
/// Most grid cells any solve may use.
pub const MAX_CELLS: usize = 1 << 22;
/// A solve whose P(plan) bound is wider than this is refused.
pub const REFUSE_ERROR: f64 = 0.01;
/// The exponential tilt e^{−α·x/cells} damps wrap-around by e^{−α} and amplifies rounding
/// errors by e^{α·x/cells} at x; α is chosen per solve in this range (by steps of 0.5) to make
/// the sum of the two bounds below the plan least.
const TILTS: (f64, f64) = (4.0, 30.0);
/// Generous constant of the standard FFT round-off bound c·ε·log2(n).
const ROUND_OFF_C: f64 = 4.0;
/// Log-normals are discretised within this many σ of their median; the mass outside is reported.
const WINDOW_SIGMAS: f64 = 9.0;

/// How finely to solve.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactConfig {
    /// The P(plan) error bound the grid is sized for, in (0, 0.01]. A guide: the reported bound
    /// is what holds.
    pub target_error: f64,
    /// Most grid cells, a power of two in MIN_CELLS..=MAX_CELLS.
    pub max_cells: usize,
}

impl Default for ExactConfig {
    fn default() -> Self {
        ExactConfig { target_error: DEFAULT_TARGET_ERROR, max_cells: DEFAULT_MAX_CELLS }
    }
}

/// Why the exact path cannot serve a scenario (or a configuration).
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum ExactError {
    /// The capacity lever makes a day's pace depend on every active deal.
    #[error(
        "the capacity lever (minutes_per_day) makes deals wait for each other, so they are not \
         independent; only the Monte Carlo plays it"
    )]
    Capacity,
    /// A pipeline of given deals (from a CRM) carries its own amounts, one class each.
    #[error(
        "a pipeline of given deals (initial_pipeline.deals) is not served by the exact path; \
         only the Monte Carlo plays it"
    )]
    GivenDeals,
    /// The bracket on P(plan) stays too wide even on the largest grid.
    #[error(
        "the grid of {cells} cells bounds P(plan) only within ±{:.2} pp (more than ±{:.0} pp); \
         use the Monte Carlo",
        error * 100.0,
        REFUSE_ERROR * 100.0
    )]
    Imprecise {
        /// The bound reached.
        error: f64,
        /// Cells used.
        cells: usize,
    },
    /// Budgets or prices spread so wide that revenue's moments overflow.
    #[error(
        "budgets or prices spread so wide that revenue's mean or sd overflows; use the Monte Carlo"
    )]
    Overflow,
    /// The configuration is out of range.
    #[error("exact config: {0}")]
    Config(String),
}

/// Revenue's distribution, computed without sampling.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactResult {
    /// The plan.
    pub plan: f64,
    /// P(revenue >= plan): the midpoint of the bracket.
    pub p_plan: f64,
    /// A bound on |p_plan − P(plan)|.
    pub p_plan_error: f64,
    /// Mean and sd (closed forms) and quantiles (midpoints of the bracket's).
    pub revenue: RevenueSummary,
    /// Wins in days 1..=T: mean and sd (closed forms).
    pub wins: MeanSd,
    /// How it was computed.
    pub method: String,
    /// The grid and the parts of the error bound.
    pub grid: ExactGrid,
    /// Expected deals leaving each stage forward in days 1..=T.
    pub stages: Vec<ExactStage>,
}

/// The grid a solve used, and what its bound is made of.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactGrid {
    /// Number of points (a power of two).
    pub cells: usize,
    /// Width of a cell, in currency.
    pub step: f64,
    /// P(plan) with every price and budget rounded down to the grid (a lower bound).
    pub p_plan_low: f64,
    /// P(plan) with every price and budget rounded up (an upper bound).
    pub p_plan_high: f64,
    /// Bound on the mass wrapped around the grid.
    pub wrap_bound: f64,
    /// Bound on floating-point error below the plan.
    pub round_off_bound: f64,
    /// Probability mass of prices and budgets outside the discretisation window.
    pub window_mass: f64,
    /// Mean revenue of the rounded-down distribution.
    pub mean_low: f64,
    /// Mean revenue of the rounded-up distribution.
    pub mean_high: f64,
    /// Revenue sd of the rounded-down distribution.
    pub sd_low: f64,
    /// Revenue sd of the rounded-up distribution.
    pub sd_high: f64,
}

/// One stage's expected flow.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ExactStage {
    /// The stage's name.
    pub name: String,
    /// Expected deals leaving it forward in days 1..=T.
    pub passed: f64,
}

/// Solves a scenario with the default grid.
pub fn solve(scenario: &Scenario) -> Result<ExactResult, ExactError> {
    solve_with(scenario, &ExactConfig::default())
}

/// Solves a scenario with the given grid settings.
pub fn solve_with(scenario: &Scenario, config: &ExactConfig) -> Result<ExactResult, ExactError> {
    if !(config.target_error > 0.0 && config.target_error <= REFUSE_ERROR) {
        return Err(ExactError::Config(format!(
            "target_error {} is outside (0, {REFUSE_ERROR}]",
            config.target_error
        )));
    }
    if !config.max_cells.is_power_of_two() || !(MIN_CELLS..=MAX_CELLS).contains(&config.max_cells) {
        return Err(ExactError::Config(format!(
            "max_cells {} is not a power of two in {MIN_CELLS}..={MAX_CELLS}",
            config.max_cells
        )));
    }
    solve_grid(scenario, config).map(|(_, _, result)| result)
}

/// The revenue a scenario reaches with probability `q`, from the same grid as [`solve_with`]:
/// the largest R with P(revenue >= R) >= q lies in `[low, high]` (issue #21, "the plan you can
/// commit to"). Each roundings' upper tails, widened by the wrap-around, round-off and window
/// bounds, bracket the true tail at every grid point: `low` is the largest point where the
/// rounded-down tail still reaches q (so P(revenue >= low) >= q holds), `high` the largest where
/// the rounded-up one does (above it the tail is surely below q).
pub fn revenue_floor(
    scenario: &Scenario,
    config: &ExactConfig,
    q: f64,
) -> Result<(ExactResult, RevenueFloor), ExactError> {
    if !(q > 0.0 && q < 1.0) {
        return Err(ExactError::Config(format!("probability {q} is outside (0, 1)")));
    }
    let (grid, dist, result) = solve_grid(scenario, config)?;
    let fixed = grid.wrap_bound() + dist.window_mass;
    // The largest x with 1 − Σ_{y<x} pmf[y] >= q ± (fixed + round-off below x).
    let largest = |pmf: &[f64], sign: f64| {
        let mut below = 0.0;
        let mut best = 0;
        for (x, &p) in pmf.iter().enumerate() {
            let slack = fixed + grid.round_off_below(x);
            if 1.0 - below >= q + sign * slack {
                best = x;
            } else {
                break;
            }
            below += p;
        }
        best
    };
    let (xl, xh) = (largest(&dist.low, 1.0), largest(&dist.high, -1.0));
    let floor = RevenueFloor {
        low: xl as f64 * grid.step,
        high: xh.max(xl) as f64 * grid.step,
        top: xh + 1 >= grid.cells,
    };
    Ok((result, floor))
}

/// Where the largest revenue reached with a given probability lies (see [`revenue_floor`]).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevenueFloor {
    /// A lower bound, itself reached with at least the probability asked.
    pub low: f64,
    /// An upper bound.
    pub high: f64,
    /// The upper bound is the grid's top (the answer may lie above it).
    pub top: bool,
}

/// The grid, its two distributions and the summary of one solve.
fn solve_grid(
    scenario: &Scenario,
    config: &ExactConfig,
) -> Result<(Grid, Distribution, ExactResult), ExactError> {
    let model = Model::new(scenario);
    if model.capacity.is_some() {
        return Err(ExactError::Capacity);
    }
    if matches!(model.initial, Initial::Deals(_)) {
        return Err(ExactError::GivenDeals);
    }
    let classes = Classes::new(&model);
    let laws = Laws::new(&model);
    let moments = classes.moments(&laws);
    if !(moments.mean.is_finite() && moments.var.is_finite()) {
        return Err(ExactError::Overflow);
    }
    let grid = Grid::choose(&model, &laws, &moments, config);
    let dist = grid.distribution(&classes, &laws);
    let result = summarise(&model, &moments, &grid, &dist);
    if !(result.p_plan_error <= REFUSE_ERROR) {
        return Err(ExactError::Imprecise { error: result.p_plan_error, cells: grid.cells });
    }
    Ok((grid, dist, result))
}

/// The deals of a scenario by class: `poisson[s·K + j]` is the Poisson mean of deals starting
/// at stage s whose last forward exit by day T is out of stage j; `counts[s]` the explicit
/// initial deals at s, each of class (s, j) with probability `q[s·K + j]`.
struct Classes {
    k: usize,
    poisson: Vec<f64>,
    counts: Vec<u64>,
    q: Vec<f64>,
}

/// P(a deal passed stage j forward within l of its rolls) at `[l·K + j]`, l = 0..=days.
fn passes(
    stages: &[StageParams],
    rework: f64,
    start: usize,
    in_rework: bool,
    days: u32,
) -> Vec<f64> {
    let k = stages.len();
    let (mut normal, mut rw) = (vec![0.0; k], vec![0.0; k]);
    if in_rework {
        rw[start] = 1.0;
    } else {
        normal[start] = 1.0;
    }
    let mut out = vec![0.0; (days as usize + 1) * k];
    let mut acc = vec![0.0; k];
    for l in 1..=days as usize {
        day_step(stages, rework, &mut normal, &mut rw, |i, x| acc[i] += x);
        out[l * k..(l + 1) * k].copy_from_slice(&acc);
    }
    out
}

/// Adds `weight` × P(the last stage passed is j) for each j from a row of [`passes`].
fn add_last(row: &[f64], start: usize, weight: f64, into: &mut [f64]) {
    let k = row.len();
    for j in start..k {
        let next = if j + 1 < k { row[j + 1] } else { 0.0 };
        into[start * k + j] += weight * (row[j] - next).max(0.0);
    }
}

impl Classes {
    fn new(model: &Model) -> Classes {
        let k = model.stage_count();
        let t = model.horizon;
        let tk = t as usize * k;
        let share = [1.0 - model.deadline_share, model.deadline_share];
        let mut cache: Vec<Option<Vec<f64>>> = vec![None; 2 * k * 2];
        let mut pass = |kind: usize, start: usize, rw: bool| -> Vec<f64> {
            cache[(kind * k + start) * 2 + usize::from(rw)]
                .get_or_insert_with(|| passes(&model.kinds[kind], model.rework, start, rw, t))
                .clone()
        };
        let mut poisson = vec![0.0; k * k];
        let mut q = vec![0.0; k * k];
        let mut counts = vec![0; k];
        for kind in [NO_DEADLINE, DEADLINE] {
            if share[kind] <= 0.0 {
                continue;
            }
            for (stage, pois) in &model.inflows {
                let rows = pass(kind, *stage, false);
                // A deal arriving on day d rolls on days d..=T: T − d + 1 times.
                for l in 1..=t as usize {
                    add_last(
                        &rows[l * k..(l + 1) * k],
                        *stage,
                        pois.mean() * share[kind],
                        &mut poisson,
                    );
                }
            }
            match &model.initial {
                Initial::Empty => {}
                Initial::Steady(per_stage) => {
                    for (stage, pois) in per_stage.iter().enumerate() {
                        for (rw, p) in [false, true].into_iter().zip(&pois[kind]) {
                            if p.mean() > 0.0 {
                                let rows = pass(kind, stage, rw);
                                add_last(&rows[tk..], stage, p.mean(), &mut poisson);
                            }
                        }
                    }
                }
                // Refused by `solve_with` before the classes are built.
                Initial::Deals(_) => {}
                Initial::Counts(c) => {
                    for (stage, &n) in c.iter().enumerate() {
                        counts[stage] = n;
                        if n > 0 {
                            let rows = pass(kind, stage, false);
                            add_last(&rows[tk..], stage, share[kind], &mut q);
                        }
                    }
                }
            }
        }
        Classes { k, poisson, counts, q }
    }

    /// P(an explicit initial deal at stage s passes nothing by day T).
    fn q_none(&self, s: usize) -> f64 {
        (1.0 - self.q[s * self.k..(s + 1) * self.k].iter().sum::<f64>()).max(0.0)
    }

    fn moments(&self, laws: &Laws) -> Moments {
        let k = self.k;
        let (mut mean, mut var, mut wins, mut wins_var) = (0.0, 0.0, 0.0, 0.0);
        let mut passed = vec![0.0; k];
        let mut total_deals = 0.0;
        let mut draws = 0.0;
        for s in 0..k {
            let n = self.counts[s] as f64;
            let (mut x1, mut x2) = (0.0, 0.0);
            for j in s..k {
                let (m, v, severities) = laws.class_moments(s, j);
                let lam = self.poisson[s * k + j];
                let q = self.q[s * k + j];
                mean += lam * m;
                var += lam * (v + m * m);
                x1 += q * m;
                x2 += q * (v + m * m);
                draws += (lam + n * q) * severities as f64;
                for p in &mut passed[s..=j] {
                    *p += lam + n * q;
                }
                if j + 1 == k {
                    wins += lam + n * q;
                    wins_var += lam + n * q * (1.0 - q);
                }
                total_deals += lam;
            }
            mean += n * x1;
            var += n * (x2 - x1 * x1).max(0.0);
            total_deals += n;
        }
        Moments { mean, var, wins, wins_var, passed, total_deals, draws }
    }
}

/// Closed-form moments of a scenario's revenue and wins.
struct Moments {
    mean: f64,
    var: f64,
    wins: f64,
    wins_var: f64,
    passed: Vec<f64>,
    /// Expected Poisson deals plus explicit ones (for the round-off bound).
    total_deals: f64,
    /// Expected prices and budgets paid (for sizing the grid).
    draws: f64,
}

/// The laws paid: the budget (index K − 1) and each stage's price, if any.
struct Laws {
    k: usize,
    /// Per stage: the price's law, and the budget at K − 1.
    laws: Vec<Option<Budget>>,
}

impl Laws {
    fn new(model: &Model) -> Laws {
        let k = model.stage_count();
        let mut laws: Vec<Option<Budget>> = model.prices.clone();
        laws[k - 1] = Some(model.budget);
        Laws { k, laws }
    }

    /// Mean, variance and number of random laws of a class's value.
    fn class_moments(&self, s: usize, j: usize) -> (f64, f64, usize) {
        let (mut m, mut v, mut n) = (0.0, 0.0, 0);
        for i in s..=j {
            // The budget is paid only by deals that passed the last stage.
            if let Some(law) = self.paid(i, j) {
                m += law.mean();
                v += law.second_moment() - law.mean() * law.mean();
                n += 1;
            }
        }
        (m, v, n)
    }

    /// The law paid on leaving stage i forward by a deal whose last forward exit is out of j.
    fn paid(&self, i: usize, j: usize) -> Option<&Budget> {
        if i + 1 == self.k && j + 1 != self.k {
            None
        } else {
            self.laws[i].as_ref()
        }
    }
}

/// The grid: `cells` points 0, step, 2·step, ...; laws are capped at `(cells − 2)·step`.
struct Grid {
    cells: usize,
    step: f64,
    plan: f64,
    /// The tilt's α.
    tilt: f64,
    /// Bound on the round-off error of one point of the tilted distribution.
    per_point: f64,
}

/// The rounded-down and rounded-up distributions on the grid, and the window mass.
struct Distribution {
    low: Vec<f64>,
    high: Vec<f64>,
    window_mass: f64,
}

/// The classes grouped by the set of laws their value sums (a bit mask over the laws' stages):
/// classes with one set share one transform.
struct Terms {
    masks: Vec<u32>,
    /// (mask index, total Poisson mean) of every set with a positive mean.
    poisson: Vec<(usize, f64)>,
    /// One per start stage with explicit deals.
    binomial: Vec<BinomialPart>,
}

/// The explicit initial deals of one stage: `deals` independent draws, each paying nothing with
/// probability `none` and the laws of mask `m` with probability `p` for each `(m, p)` in `parts`.
struct BinomialPart {
    deals: f64,
    none: f64,
    parts: Vec<(usize, f64)>,
}

impl Terms {
    fn new(classes: &Classes, laws: &Laws) -> Terms {
        let k = laws.k;
        let mut masks: Vec<u32> = Vec::new();
        let mut index = |mask: u32| match masks.iter().position(|&m| m == mask) {
            Some(i) => i,
            None => {
                masks.push(mask);
                masks.len() - 1
            }
        };
        let mut poisson: Vec<(usize, f64)> = Vec::new();
        let mut binomial = Vec::new();
        for s in 0..k {
            let mut parts: Vec<(usize, f64)> = Vec::new();
            let mut none = classes.q_none(s);
            for j in s..k {
                let mask =
                    (s..=j).filter(|&i| laws.paid(i, j).is_some()).fold(0u32, |m, i| m | 1 << i);
                let (lam, q) = (classes.poisson[s * k + j], classes.q[s * k + j]);
                if mask == 0 {
                    none += q;
                    continue;
                }
                if lam > 0.0 {
                    let m = index(mask);
                    match poisson.iter_mut().find(|(i, _)| *i == m) {
                        Some((_, total)) => *total += lam,
                        None => poisson.push((m, lam)),
                    }
                }
                if classes.counts[s] > 0 && q > 0.0 {
                    parts.push((index(mask), q));
                }
            }
            if classes.counts[s] > 0 {
                binomial.push(BinomialPart { deals: classes.counts[s] as f64, none, parts });
            }
        }
        Terms { masks, poisson, binomial }
    }
}

/// Greatest common divisor.
fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Grid {
    fn choose(model: &Model, laws: &Laws, m: &Moments, config: &ExactConfig) -> Grid {
        let sd = libm::sqrt(m.var);
        // The grid must hold the plan well inside, and p95: by Cantelli's inequality
        // P(R >= mean + 5 sd) <= 1/26, and by Markov's P(R >= 21·mean) <= 1/21.
        let extent = (1.25 * model.plan).max((m.mean + 5.0 * sd).min(21.0 * m.mean));
        // The bracket's width is about density × step × (prices and budgets paid); the density
        // is at most about 0.4 / sd near a normal's peak.
        let target = 5.0 * config.target_error * sd / m.draws;
        let target = if target.is_finite() && target > 0.0 { target } else { extent };
        let cells_for = |step: f64| {
            ((extent / step).ceil() as usize)
                .saturating_add(2)
                .checked_next_power_of_two()
                .unwrap_or(usize::MAX)
        };
        let cells = cells_for(target).clamp(MIN_CELLS, config.max_cells);
        let mut step = extent / (cells - 2) as f64;
        let mut cells = cells;
        // Fixed prices and budgets on the grid leave no bracket at all: align to their lattice.
        if let Some(lattice) = fixed_lattice(laws) {
            if lattice >= step {
                // The lattice split into whole cells no narrower than planned: same cells.
                step = lattice / (lattice / step).floor();
            } else if cells_for(lattice) <= config.max_cells {
                step = lattice;
                cells = cells_for(lattice).max(MIN_CELLS);
            }
        }
        // Round-off: the standard FFT bound c·ε·log2(n) for each transform, the laws' errors
        // entering the exponent once per law of a class and per expected deal.
        let max_laws = (0..laws.k).map(|s| laws.class_moments(s, laws.k - 1).2).max().unwrap_or(0);
        let per_point = ROUND_OFF_C
            * f64::EPSILON
            * f64::from(cells.trailing_zeros())
            * (1.0 + m.total_deals * max_laws.max(1) as f64);
        let mut grid = Grid { cells, step, plan: model.plan, tilt: TILTS.0, per_point };
        let (mut best, mut best_bound) = (TILTS.0, f64::INFINITY);
        let mut alpha = TILTS.0;
        while alpha <= TILTS.1 {
            grid.tilt = alpha;
            let bound = grid.wrap_bound() + grid.round_off_bound();
            if bound < best_bound {
                (best, best_bound) = (alpha, bound);
            }
            alpha += 0.5;
        }
        grid.tilt = best;
        grid
    }

    /// Bound on the probability wrapped around the grid onto points below the plan.
    fn wrap_bound(&self) -> f64 {
        libm::exp(-self.tilt)
    }

    /// Bound on the round-off error of P(revenue below the plan): the per-point bound times
    /// Σ_{x < below} e^{α·x/n}, a geometric sum.
    fn round_off_bound(&self) -> f64 {
        self.round_off_below(self.below_plan())
    }

    /// The same bound for the points below `below`.
    fn round_off_below(&self, below: usize) -> f64 {
        let r = self.tilt / self.cells as f64;
        self.per_point * libm::expm1(r * below as f64) / libm::expm1(r)
    }

    /// Number of grid points x with x·step < plan.
    fn below_plan(&self) -> usize {
        let v = self.plan / self.step;
        // A plan on the lattice is reached by revenue equal to it, despite rounding in v.
        let n = (v - 1e-9 * v.max(1.0)).ceil().max(0.0) as usize;
        n.min(self.cells)
    }

    fn distribution(&self, classes: &Classes, laws: &Laws) -> Distribution {
        let n = self.cells;
        let k = laws.k;
        let fft = Fft::new(n);
        // θ^x for x in 0..n, θ = e^{−α/n}, by blocks of 256 from libm.
        let tilt: Vec<f64> = {
            let at = |x: usize| libm::exp(-self.tilt * x as f64 / n as f64);
            let fine: Vec<f64> = (0..256).map(at).collect();
            let coarse: Vec<f64> = (0..n.div_ceil(256)).map(|c| at(c * 256)).collect();
            (0..n).map(|x| coarse[x / 256] * fine[x % 256]).collect()
        };
        let theta = libm::exp(-self.tilt / n as f64);
        // The transforms of the laws, rounded down, for frequencies 0..=n/2; and whether the
        // rounded-up law equals it (a fixed value on the grid) rather than its shift by a cell.
        let half = n / 2;
        let mut transforms: Vec<Option<(Vec<Complex>, bool)>> = vec![None; k];
        let mut window_mass = 0.0;
        let present: Vec<usize> = (0..k).filter(|&i| laws.laws[i].is_some()).collect();
        let mut buf = vec![Complex::ZERO; n];
        let mut a = vec![0.0; n];
        let mut b = vec![0.0; n];
        for pair in present.chunks(2) {
            // Two real sequences share one complex transform.
            let mut same = [true, true];
            for (slot, &i) in pair.iter().enumerate() {
                let target = if slot == 0 { &mut a } else { &mut b };
                if let Some(law) = &laws.laws[i] {
                    let (on_grid, lost) = discretise(law, self.step, target);
                    same[slot] = on_grid;
                    window_mass += lost;
                }
            }
            if pair.len() == 1 {
                b.fill(0.0);
            }
            for x in 0..n {
                buf[x] = Complex::new(a[x] * tilt[x], b[x] * tilt[x]);
            }
            fft.forward(&mut buf);
            let mut ta = Vec::with_capacity(half + 1);
            let mut tb = Vec::with_capacity(half + 1);
            for f in 0..=half {
                let z = buf[f];
                let w = buf[(n - f) % n].conj();
                ta.push((z + w).scale(0.5));
                let d = (z - w).scale(0.5);
                tb.push(Complex::new(d.im, -d.re));
            }
            transforms[pair[0]] = Some((ta, same[0]));
            if let Some(&i) = pair.get(1) {
                transforms[i] = Some((tb, same[1]));
            }
        }
        // The compound transform at each frequency, for both roundings, packed as low + i·high.
        let terms = Terms::new(classes, laws);
        let mut fd = vec![Complex::ZERO; k];
        let mut fu = vec![Complex::ZERO; k];
        let mut phi_d = vec![Complex::ZERO; terms.masks.len()];
        let mut phi_u = vec![Complex::ZERO; terms.masks.len()];
        for f in 0..=half {
            let shift = fft.root(f).scale(theta);
            for i in 0..k {
                if let Some((t, same)) = &transforms[i] {
                    fd[i] = t[f];
                    fu[i] = if *same { t[f] } else { t[f] * shift };
                }
            }
            for (m, &mask) in terms.masks.iter().enumerate() {
                let (mut pd, mut pu) = (Complex::ONE, Complex::ONE);
                for i in (0..k).filter(|i| mask & (1 << i) != 0) {
                    pd = pd * fd[i];
                    pu = pu * fu[i];
                }
                phi_d[m] = pd;
                phi_u[m] = pu;
            }
            let (mut ed, mut eu) = (Complex::ZERO, Complex::ZERO);
            for &(m, lam) in &terms.poisson {
                ed = ed + (phi_d[m] - Complex::ONE).scale(lam);
                eu = eu + (phi_u[m] - Complex::ONE).scale(lam);
            }
            for part in &terms.binomial {
                let none = Complex::new(part.none, 0.0);
                let (mut psi_d, mut psi_u) = (none, none);
                for &(m, q) in &part.parts {
                    psi_d = psi_d + phi_d[m].scale(q);
                    psi_u = psi_u + phi_u[m].scale(q);
                }
                ed = ed + psi_d.clog().scale(part.deals);
                eu = eu + psi_u.clog().scale(part.deals);
            }
            let (gd, gu) = (ed.cexp(), eu.cexp());
            buf[f] = Complex::new(gd.re - gu.im, gd.im + gu.re);
            if f > 0 && f < half {
                buf[n - f] = Complex::new(gd.re + gu.im, gu.re - gd.im);
            }
        }
        fft.inverse(&mut buf);
        let mut low = vec![0.0; n];
        let mut high = vec![0.0; n];
        for x in 0..n {
            let untilt = 1.0 / (tilt[x] * n as f64);
            low[x] = buf[x].re * untilt;
            high[x] = buf[x].im * untilt;
        }
        Distribution { low, high, window_mass }
    }
}

/// The step of the lattice that every fixed price and budget lies on (in hundredths of the
/// currency), if there is at least one fixed law.
fn fixed_lattice(laws: &Laws) -> Option<f64> {
    let mut g = 0u64;
    for law in laws.laws.iter().flatten() {
        if law.sigma == 0.0 {
            let cents = law.median * 100.0;
            let r = cents.round();
            if !((cents - r).abs() <= 1e-6 * r.max(1.0)) || !(1.0..=9.0e15).contains(&r) {
                return None;
            }
            g = gcd(g, r as u64);
        }
    }
    (g > 0).then(|| g as f64 / 100.0)
}

/// The lower tail Φ(z) and the upper 1 − Φ(z), each without cancellation.
fn normal_tails(z: f64) -> (f64, f64) {
    let t = 0.5 * libm::erfc(z.abs() / std::f64::consts::SQRT_2);
    if z < 0.0 {
        (t, 1.0 - t)
    } else {
        (1.0 - t, t)
    }
}

/// The law rounded down to the grid: `out[x]` = P(x·step <= Y < (x+1)·step), with everything at
/// or above the cap `(n − 2)·step` at the cap. Returns whether the rounded-up law equals it (a
/// fixed value on the grid; otherwise it is this one shifted up a cell) and a bound on the mass
/// not bracketed: what lies outside the ±WINDOW_SIGMAS window, and the quadrature's error.
///
/// The log-normal's CDF (two tails from `erfc`, so no digits cancel) is taken exactly at every
/// boundary where cells are wide in z = (ln y − μ)/σ, and at every BLOCK-th boundary elsewhere;
/// within such a block the cells share the block's exact mass in proportion to the density at
/// their midpoints. The midpoint rule's relative error there is below Δz²·(1 + z²)/24 with
/// Δz <= NARROW, and twice the block's discrepancy is added to the bound.
fn discretise(law: &Budget, step: f64, out: &mut [f64]) -> (bool, f64) {
    const BLOCK: usize = 32;
    const NARROW: f64 = 0.005;
    out.fill(0.0);
    let n = out.len();
    let cap = n - 2;
    if law.sigma == 0.0 {
        let v = law.median / step;
        let r = v.round();
        let on_grid = (v - r).abs() <= 1e-9 * v.max(1.0);
        let x = if on_grid { r } else { v.floor() };
        out[(x as usize).min(cap)] = 1.0;
        return (on_grid, 0.0);
    }
    let (mu, sigma) = (law.mu, law.sigma);
    // Cells whose boundaries lie inside the window.
    let lo = (libm::exp(mu - WINDOW_SIGMAS * sigma) / step).floor().min(cap as f64) as usize;
    let hi_exact = libm::exp(mu + WINDOW_SIGMAS * sigma) / step;
    let hi = if hi_exact >= cap as f64 { cap } else { (hi_exact.ceil() as usize).max(lo + 1) };
    let z = |x: usize| {
        if x == 0 {
            f64::NEG_INFINITY
        } else {
            (libm::log(x as f64 * step) - mu) / sigma
        }
    };
    // Mass between two boundaries from their (lower, upper) tails.
    let between =
        |a: (f64, f64), b: (f64, f64)| if b.0 <= 0.5 { b.0 - a.0 } else { a.1 - b.1 }.max(0.0);
    // Cells from `narrow` on are at most NARROW wide in z: ln(1 + 1/x)/σ <= NARROW.
    let narrow = (1.0 / libm::expm1(NARROW * sigma)).ceil().min(cap as f64) as usize;
    let start = normal_tails(z(lo));
    let mut lost = start.0;
    let mut prev = start;
    let mut x = lo;
    while x < hi {
        if x < narrow {
            let next = normal_tails(z(x + 1));
            out[x] = between(prev, next);
            prev = next;
            x += 1;
            continue;
        }
        let end = (x + BLOCK).min(hi);
        let next = normal_tails(z(end));
        let exact = between(prev, next);
        let mut sum = 0.0;
        for (c, slot) in out[x..end].iter_mut().enumerate() {
            let y = (x + c) as f64 * step + 0.5 * step;
            let zm = (libm::log(y) - mu) / sigma;
            *slot = libm::exp(-0.5 * zm * zm) / y;
            sum += *slot;
        }
        if sum > 0.0 {
            let scale = exact / sum;
            for slot in &mut out[x..end] {
                *slot *= scale;
            }
            let quadrature = step / (sigma * libm::sqrt(std::f64::consts::TAU));
            lost += 2.0 * (sum * quadrature - exact).abs();
        } else {
            // Both tails underflowed: the block's mass sits at its bottom, which only the
            // rounded-down law brackets.
            out[x] = exact;
            lost += exact;
        }
        prev = next;
        x = end;
    }
    let upper = prev.1;
    out[lo] += start.0;
    if hi == cap {
        out[cap] += upper;
    } else {
        // Rounded down, the far tail at the window's edge is still below Y; rounded up it is not.
        out[hi] += upper;
        lost += upper;
    }
    (false, lost)
}

/// The smallest grid point whose cumulative probability reaches `q`.
fn quantile_index(pmf: &[f64], q: f64) -> usize {
    let mut acc = 0.0;
    for (x, &p) in pmf.iter().enumerate() {
        acc += p;
        if acc >= q - 1e-12 {
            return x;
        }
    }
    pmf.len() - 1
}

fn mean_sd(pmf: &[f64], step: f64) -> (f64, f64) {
    let (mut m1, mut m2) = (0.0, 0.0);
    for (x, &p) in pmf.iter().enumerate() {
        let v = x as f64 * step;
        m1 += p * v;
        m2 += p * v * v;
    }
    (m1, libm::sqrt((m2 - m1 * m1).max(0.0)))
}

fn summarise(model: &Model, m: &Moments, grid: &Grid, dist: &Distribution) -> ExactResult {
    let below = grid.below_plan();
    let p_low = 1.0 - dist.low[..below].iter().sum::<f64>();
    let p_high = 1.0 - dist.high[..below].iter().sum::<f64>();
    let round_off_bound = grid.round_off_bound();
    let wrap_bound = grid.wrap_bound();
    let half_gap = (p_high - p_low).abs() / 2.0;
    let p_plan_error = half_gap + wrap_bound + round_off_bound + dist.window_mass;
    let p_plan = ((p_low + p_high) / 2.0).clamp(0.0, 1.0);
    let q = |p: f64| {
        let (lo, hi) = (quantile_index(&dist.low, p), quantile_index(&dist.high, p));
        (lo + hi) as f64 / 2.0 * grid.step
    };
    let (mean_low, sd_low) = mean_sd(&dist.low, grid.step);
    let (mean_high, sd_high) = mean_sd(&dist.high, grid.step);
    ExactResult {
        plan: model.plan,
        p_plan,
        p_plan_error,
        revenue: RevenueSummary {
            mean: m.mean,
            sd: libm::sqrt(m.var),
            p5: q(0.05),
            p10: q(0.10),
            p50: q(0.50),
            p90: q(0.90),
            p95: q(0.95),
        },
        wins: MeanSd { mean: m.wins, sd: libm::sqrt(m.wins_var) },
        method: "classes-fft".to_owned(),
        grid: ExactGrid {
            cells: grid.cells,
            step: grid.step,
            p_plan_low: p_low,
            p_plan_high: p_high,
            wrap_bound,
            round_off_bound,
            window_mass: dist.window_mass,
            mean_low,
            mean_high,
            sd_low,
            sd_high,
        },
        stages: model
            .stage_names
            .iter()
            .zip(&m.passed)
            .map(|(name, &passed)| ExactStage { name: name.clone(), passed })
            .collect(),
    }
}
