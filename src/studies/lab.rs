//! The metrics lab: four simulations that test the critique of the metrics post («Аналитика,
//! которая ничего не показывает») instead of repeating it.
//!
//! - [`cohort_ltv`]: a customer base simulated client by client; the post's formula
//!   ARPU / churn, taken month by month, against the true expected lifetime value, in
//!   shrinking, flat and growing bases; how far one month's cohort strays from that value by
//!   chance is reported apart.
//! - [`cpl_trap`]: cheaper but weaker lead sources run through the funnel engine: the cost per
//!   lead falls while the cost per client and P(plan) get worse.
//! - [`romi_returns`]: ROMI as a marketer reports it against the return on the budget after
//!   returns and margin, on the funnel's simulated revenue.
//! - [`coverage`]: the CRM rule "keep 3× the plan in the pipeline" against the P(plan) each
//!   funnel really gives, and the coverage it needs for 80%.
//!
//! Every number here that is not the post's is a field of a parameter struct, so the page can
//! show it as an assumption and let the user change it. All runs are seeded.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::sim::rng::{Poisson, TrialRng};
use crate::sim::trial::Trial;
use crate::sim::{preset, Model, RunConfig, RunError, Scenario, ScenarioSpec, Simulation};

/// Days in a month of the cohort simulation (calendar-like; only ratios matter).
const MONTH_DAYS: f64 = 30.0;
/// Most clients one cohort run may create, so a run stays well under a second.
pub const MAX_CLIENTS: u64 = 2_000_000;

/// Why a lab simulation was refused.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum LabError {
    /// A parameter out of range.
    #[error("{field}: {reason}")]
    Param {
        /// The parameter.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The funnel engine refused a run.
    #[error("run: {0}")]
    Run(#[from] RunError),
    /// A scenario the lab builds was invalid.
    #[error("scenario: {0}")]
    Scenario(String),
}

fn param(field: &'static str, reason: impl Into<String>) -> LabError {
    LabError::Param { field, reason: reason.into() }
}

fn check(field: &'static str, x: f64, lo: f64, hi: f64) -> Result<(), LabError> {
    if !(x >= lo && x <= hi) {
        return Err(param(field, format!("{x} is outside {lo}..={hi}")));
    }
    Ok(())
}

/// Mean, 10th and 90th percentile of a sample.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Spread {
    /// Mean.
    pub mean: f64,
    /// Median.
    pub p50: f64,
    /// 10th percentile.
    pub p10: f64,
    /// 90th percentile.
    pub p90: f64,
}

fn spread(xs: &mut [f64]) -> Spread {
    if xs.is_empty() {
        return Spread::default();
    }
    xs.sort_by(f64::total_cmp);
    let q = |p: f64| quantile(xs, p);
    Spread { mean: xs.iter().sum::<f64>() / xs.len() as f64, p50: q(0.5), p10: q(0.1), p90: q(0.9) }
}

// ---------------------------------------------------------------------------------------------
// (a) LTV = ARPU / churn in a base that grows or shrinks

/// The customer base of the LTV simulation. Every client behaves the same in every base: the
/// same revenue a month and the same chance to leave; only the inflow of new clients differs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortParams {
    /// Revenue of one client a month (the post's growth example has ARPU 2,000 ₽).
    pub arpu: f64,
    /// Share of clients who leave within a month (ours; the post's tables have 25–40%).
    pub monthly_churn: f64,
    /// Clients at the start.
    pub start_clients: u32,
    /// Months simulated; each month gives one formula value and one cohort.
    pub months: u32,
    /// Independent bases simulated per growth rate.
    pub runs: u32,
    /// Monthly growth rates of the base to try, e.g. −0.1 for a base shrinking 10% a month.
    pub growth: Vec<f64>,
}

impl Default for CohortParams {
    fn default() -> Self {
        CohortParams {
            arpu: 2_000.0,
            monthly_churn: 0.2,
            start_clients: 200,
            months: 12,
            runs: 30,
            growth: vec![-0.15, -0.1, -0.05, 0.0, 0.05, 0.1, 0.2, 0.3],
        }
    }
}

/// The formula's error at one growth rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortPoint {
    /// Monthly growth of the base.
    pub growth: f64,
    /// The formula month by month: ARPU / churn with the post's definitions.
    pub formula: Spread,
    /// What each month's new clients really brought over their lives, per client.
    pub realised: Spread,
    /// Signed relative error of the formula against the true expected lifetime value (the same
    /// in every base: every client behaves alike), month by month: formula / true LTV − 1.
    pub error: Spread,
    /// Mean size of that error, |formula / true LTV − 1|.
    pub abs_error: f64,
    /// How far one month's cohort strays from the true lifetime value by chance, realised /
    /// true LTV − 1: the noise a check against a single cohort would add, reported apart.
    pub cohort_noise: Spread,
    /// The error in a very large base, where only the bias is left: 2 / (2 + g) − 1. The
    /// formula's churn counts the month's new clients who leave against the clients at the
    /// start, and its ARPU divides by the mean of the month's two ends; with the expected base
    /// S₀(1 + g)^t these give ARPU / churn = true LTV × 2 / (2 + g).
    pub large_base_bias: f64,
    /// Months × runs compared.
    pub months: usize,
}

/// The whole LTV experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CohortReport {
    /// The parameters used.
    pub params: CohortParams,
    /// The true lifetime value: ARPU × mean life in months, 1 / −ln(1 − churn).
    pub true_ltv: f64,
    /// One point per growth rate.
    pub points: Vec<CohortPoint>,
}

impl CohortParams {
    fn validate(&self) -> Result<(), LabError> {
        check("arpu", self.arpu, 1.0, 1e9)?;
        check("monthly_churn", self.monthly_churn, 0.01, 0.9)?;
        check("start_clients", f64::from(self.start_clients), 10.0, 100_000.0)?;
        check("months", f64::from(self.months), 2.0, 60.0)?;
        check("runs", f64::from(self.runs), 1.0, 1_000.0)?;
        if self.growth.is_empty() || self.growth.len() > 40 {
            return Err(param("growth", "give 1 to 40 growth rates"));
        }
        for &g in &self.growth {
            // A base cannot shrink faster than its clients leave.
            check("growth", g, -self.monthly_churn, 1.0)?;
        }
        let worst = self.growth.iter().copied().fold(f64::MIN, f64::max);
        let clients = f64::from(self.start_clients)
            * (1.0 + worst).powf(f64::from(self.months))
            * f64::from(self.runs)
            * self.growth.len() as f64;
        if clients > MAX_CLIENTS as f64 * 4.0 {
            return Err(param(
                "growth",
                format!("about {clients:.0} clients to simulate; the limit keeps a run short"),
            ));
        }
        Ok(())
    }
}

/// Per month of one simulated base: the formula's inputs and the month's cohort.
#[derive(Clone, Default)]
struct Month {
    start: f64,
    end: f64,
    left: f64,
    revenue: f64,
    cohort: f64,
    cohort_revenue: f64,
}

/// One base at one growth rate, client by client in continuous time: lives are exponential
/// (so a month's survival is 1 − churn) and arrivals Poisson with the rate that makes the
/// expected base grow by `growth` a month.
fn simulate_base(p: &CohortParams, growth: f64, rng: &mut TrialRng) -> Vec<Month> {
    let months = p.months as usize;
    let horizon = months as f64 * MONTH_DAYS;
    let hazard = -(1.0 - p.monthly_churn).ln() / MONTH_DAYS;
    let rate = (1.0 + growth).ln() / MONTH_DAYS;
    let per_day = p.arpu / MONTH_DAYS;
    let mut out = vec![Month::default(); months];
    let add = |joined: f64, out: &mut Vec<Month>, rng: &mut TrialRng| {
        let life = -rng.uniform_open0().ln() / hazard;
        let left = joined + life;
        let first = (joined / MONTH_DAYS) as usize;
        for (m, month) in out.iter_mut().enumerate().skip(first) {
            let (a, b) = (m as f64 * MONTH_DAYS, (m + 1) as f64 * MONTH_DAYS);
            if left <= a {
                break;
            }
            if joined <= a {
                month.start += 1.0;
            }
            if left > b {
                month.end += 1.0;
            } else {
                month.left += 1.0;
            }
            month.revenue += per_day * (left.min(b) - joined.max(a));
        }
        if joined > 0.0 && first < months {
            // The cohort's lifetime revenue counts every month it lives, past the horizon too.
            out[first].cohort += 1.0;
            out[first].cohort_revenue += per_day * life;
        }
    };
    for _ in 0..p.start_clients {
        add(0.0, &mut out, rng);
    }
    let start = f64::from(p.start_clients);
    let mut day = 0.0;
    while day < horizon {
        // Expected arrivals this day: S0·e^{rt}·(r + h) integrated over the day.
        let mean = start
            * (rate + hazard)
            * if rate.abs() < 1e-12 {
                1.0
            } else {
                ((rate * (day + 1.0)).exp() - (rate * day).exp()) / rate
            };
        let n = Poisson::new(mean.max(0.0)).sample(rng);
        for _ in 0..n {
            add(day + rng.uniform_open0(), &mut out, rng);
        }
        day += 1.0;
    }
    out
}

/// Runs the LTV experiment.
pub fn cohort_ltv(p: &CohortParams, seed: u64) -> Result<CohortReport, LabError> {
    let mut study = CohortStudy::new(p, seed)?;
    while study.step() {}
    Ok(study.finish())
}

/// The LTV experiment played in steps, one growth rate a step, in order: the same answer as
/// [`cohort_ltv`], bit for bit.
pub struct CohortStudy {
    p: CohortParams,
    seed: u64,
    true_ltv: f64,
    points: Vec<CohortPoint>,
}

impl CohortStudy {
    /// The experiment with no growth rate played yet, or why its parameters are refused.
    pub fn new(p: &CohortParams, seed: u64) -> Result<CohortStudy, LabError> {
        p.validate()?;
        let true_ltv = p.arpu / -(1.0 - p.monthly_churn).ln();
        Ok(CohortStudy { p: p.clone(), seed, true_ltv, points: Vec::new() })
    }

    /// Growth rates played, and in all.
    pub fn progress(&self) -> (u64, u64) {
        (self.points.len() as u64, self.p.growth.len() as u64)
    }

    /// Plays the next growth rate; false when none is left.
    pub fn step(&mut self) -> bool {
        let gi = self.points.len();
        if let Some(&g) = self.p.growth.get(gi) {
            self.points.push(cohort_point(&self.p, gi, g, self.seed, self.true_ltv));
        }
        self.points.len() < self.p.growth.len()
    }

    /// The report, once the growth rates left (if any) are played.
    pub fn finish(mut self) -> CohortReport {
        while self.step() {}
        CohortReport { params: self.p, true_ltv: self.true_ltv, points: self.points }
    }
}

/// The formula against the cohorts at growth rate `g`, the `gi`-th of the experiment.
fn cohort_point(p: &CohortParams, gi: usize, g: f64, seed: u64, true_ltv: f64) -> CohortPoint {
    let (mut formula, mut realised) = (Vec::new(), Vec::new());
    let (mut error, mut noise) = (Vec::new(), Vec::new());
    for run in 0..p.runs {
        let mut rng = TrialRng::for_trial(seed, (gi as u64) << 32 | u64::from(run));
        for m in simulate_base(p, g, &mut rng) {
            if m.start < 1.0 || m.left < 1.0 || m.cohort < 1.0 {
                continue;
            }
            let arpu = m.revenue / ((m.start + m.end) / 2.0);
            let churn = m.left / m.start;
            let f = arpu / churn;
            let r = m.cohort_revenue / m.cohort;
            formula.push(f);
            realised.push(r);
            error.push(f / true_ltv - 1.0);
            noise.push(r / true_ltv - 1.0);
        }
    }
    let abs_error = error.iter().map(|e| e.abs()).sum::<f64>() / error.len().max(1) as f64;
    CohortPoint {
        growth: g,
        months: error.len(),
        formula: spread(&mut formula),
        realised: spread(&mut realised),
        error: spread(&mut error),
        abs_error,
        cohort_noise: spread(&mut noise),
        large_base_bias: 2.0 / (2.0 + g) - 1.0,
    }
}

// ---------------------------------------------------------------------------------------------
// Runs of the funnel engine

/// The revenue of each of a scenario's trials, played in order in any steps.
struct Sample {
    sim: Simulation,
    trial: Trial,
    out: Vec<f64>,
    trials: u64,
}

impl Sample {
    /// No trial played yet of `trials` seeded by `seed`, or why the engine refuses the run.
    fn new(scenario: &Scenario, trials: u64, seed: u64) -> Result<Sample, LabError> {
        let config = RunConfig { trials, seed, ..RunConfig::default() };
        let sim = Simulation::new(scenario.clone(), config)?;
        let out = Vec::with_capacity(trials as usize);
        Ok(Sample { sim, trial: Trial::default(), out, trials })
    }

    fn played(&self) -> u64 {
        self.out.len() as u64
    }

    /// Plays the next `n` trials (fewer if fewer are left).
    fn play(&mut self, n: u64) {
        let from = self.played();
        for i in from..from.saturating_add(n).min(self.trials) {
            self.sim.play(i, &mut self.trial);
            self.out.push(self.trial.revenue());
        }
    }

    /// The revenues, sorted, once the trials left are played.
    fn finish(mut self) -> Vec<f64> {
        self.play(self.trials - self.played());
        self.out.sort_by(f64::total_cmp);
        self.out
    }
}

/// An experiment of runs of the funnel engine played in steps: its runs in order, each in
/// batches of trials, and then its answer made from their sorted revenues. Any split into
/// steps gives the one-go answer bit for bit (each run's trials are played in order).
pub struct SampledStudy<R> {
    samples: Vec<Sample>,
    done: Vec<Vec<f64>>,
    answer: Box<dyn FnOnce(Vec<Vec<f64>>) -> R>,
}

impl<R> SampledStudy<R> {
    fn new(samples: Vec<Sample>, answer: impl FnOnce(Vec<Vec<f64>>) -> R + 'static) -> Self {
        let mut samples = samples;
        samples.reverse();
        SampledStudy { samples, done: Vec::new(), answer: Box::new(answer) }
    }

    /// Trials played, and in all.
    pub fn progress(&self) -> (u64, u64) {
        let per = |s: &Sample| s.trials;
        let done: u64 = self.done.iter().map(|d| d.len() as u64).sum();
        let playing: u64 = self.samples.iter().map(Sample::played).sum();
        let left: u64 = self.samples.iter().map(per).sum();
        (done + playing, done + left)
    }

    /// Plays up to `batch` trials of the current run; false when no trial is left.
    pub fn step(&mut self, batch: u64) -> bool {
        if let Some(sample) = self.samples.last_mut() {
            sample.play(batch.max(1));
            if sample.played() >= sample.trials {
                if let Some(sample) = self.samples.pop() {
                    self.done.push(sample.finish());
                }
            }
        }
        !self.samples.is_empty()
    }

    /// The answer, once the trials left (if any) are played.
    pub fn finish(mut self) -> R {
        while self.step(u64::MAX) {}
        (self.answer)(self.done)
    }
}

/// Share of a sorted sample at or above `x`.
fn share_at_least(sorted: &[f64], x: f64) -> f64 {
    let below = sorted.partition_point(|r| *r < x);
    (sorted.len() - below) as f64 / sorted.len().max(1) as f64
}

fn quantile(sorted: &[f64], p: f64) -> f64 {
    sorted[((p * (sorted.len() - 1) as f64).round() as usize).min(sorted.len() - 1)]
}

fn edited(base: &ScenarioSpec, edit: impl FnOnce(&mut ScenarioSpec)) -> Result<Scenario, LabError> {
    let mut spec = base.clone();
    edit(&mut spec);
    Scenario::new(spec).map_err(|e| LabError::Scenario(e.to_string()))
}

fn default_scenario() -> Result<Scenario, LabError> {
    preset("default")
        .ok_or_else(|| LabError::Scenario("no default preset".into()))?
        .checked_scenario()
        .map_err(|e| LabError::Scenario(e.to_string()))
}

fn check_trials(trials: u64) -> Result<(), LabError> {
    check("trials", trials as f64, 100.0, 200_000.0)
}

// ---------------------------------------------------------------------------------------------
// (b) The CPL trap

/// A lead source: what a lead costs and how far its leads get through the first stage.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadSource {
    /// Cost per lead.
    pub cpl: f64,
    /// Conversion of the funnel's first stage for these leads.
    pub first_conversion: f64,
}

/// The CPL experiment: one monthly budget spent on each source in turn.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CplParams {
    /// Advertising budget of the period.
    pub spend: f64,
    /// The sources, the first being today's.
    pub sources: Vec<LeadSource>,
    /// Trials per source.
    pub trials: u64,
}

impl Default for CplParams {
    fn default() -> Self {
        // Today's source buys the default scenario's 4 leads a day over its 21 days at the
        // post's 500 ₽ a lead; the cheaper ones are ours: each step cheaper and weaker.
        let steps = [(500.0, 0.5), (400.0, 0.36), (300.0, 0.24), (250.0, 0.18), (200.0, 0.12)];
        CplParams {
            spend: 42_000.0,
            sources: steps
                .iter()
                .map(|&(cpl, first_conversion)| LeadSource { cpl, first_conversion })
                .chain([LeadSource { cpl: 150.0, first_conversion: 0.08 }])
                .collect(),
            trials: 4_000,
        }
    }
}

/// One source's outcome.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CplPoint {
    /// The source.
    pub source: LeadSource,
    /// New leads a day the budget buys.
    pub leads_per_day: f64,
    /// Lead-to-client conversion through the whole funnel.
    pub conversion: f64,
    /// Expected clients of the period (exact, from the model).
    pub clients: f64,
    /// Cost per client: spend / expected clients.
    pub cac: f64,
    /// P(plan), simulated.
    pub p_plan: f64,
    /// Its standard error.
    pub p_plan_se: f64,
    /// Mean revenue of the period, simulated.
    pub revenue: f64,
}

/// Runs the CPL experiment on `base` (its inflow is replaced by what the budget buys).
pub fn cpl_trap(base: &Scenario, p: &CplParams, seed: u64) -> Result<Vec<CplPoint>, LabError> {
    Ok(cpl_study(base, p, seed)?.finish())
}

/// The CPL experiment to play in steps: one run per source, in order.
pub fn cpl_study(
    base: &Scenario,
    p: &CplParams,
    seed: u64,
) -> Result<SampledStudy<Vec<CplPoint>>, LabError> {
    check("spend", p.spend, 1.0, 1e12)?;
    check_trials(p.trials)?;
    if p.sources.is_empty() || p.sources.len() > 20 {
        return Err(param("sources", "give 1 to 20 sources"));
    }
    let spec = base.spec();
    let days = f64::from(base.horizon());
    let mut heads = Vec::new();
    let mut samples = Vec::new();
    for src in &p.sources {
        check("cpl", src.cpl, 1.0, 1e9)?;
        check("first_conversion", src.first_conversion, 0.0, 1.0)?;
        let leads_per_day = p.spend / src.cpl / days;
        let scenario = edited(spec, |s| {
            s.inflow = vec![crate::sim::scenario::InflowSpec { stage: 1, per_day: leads_per_day }];
            s.stages[0].conversion = src.first_conversion;
        })?;
        let model = Model::new(&scenario);
        let clients = model.expected_wins();
        let conversion: f64 = model.stages(0).iter().map(|s| s.conversion).product();
        samples.push(Sample::new(&scenario, p.trials, seed)?);
        heads.push((*src, leads_per_day, conversion, clients));
    }
    let (plan, spend, n) = (spec.plan, p.spend, p.trials as f64);
    Ok(SampledStudy::new(samples, move |revs| {
        heads
            .into_iter()
            .zip(revs)
            .map(|((source, leads_per_day, conversion, clients), rev)| {
                let p_plan = share_at_least(&rev, plan);
                CplPoint {
                    source,
                    leads_per_day,
                    conversion,
                    clients,
                    cac: if clients > 0.0 { spend / clients } else { f64::INFINITY },
                    p_plan,
                    p_plan_se: (p_plan * (1.0 - p_plan) / n).sqrt(),
                    revenue: rev.iter().sum::<f64>() / n,
                }
            })
            .collect()
    }))
}

// ---------------------------------------------------------------------------------------------
// (c) ROMI against the return after returns and margin

/// The ROMI experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RomiParams {
    /// Advertising budget of the period (ours: it makes the default month's ROMI about the
    /// post's "200%").
    pub spend: f64,
    /// Gross margin on what is kept (the post's example: 10%).
    pub margin: f64,
    /// Shares of sales returned to try (the post's example: 30%).
    pub returns: Vec<f64>,
    /// Trials per return share.
    pub trials: u64,
}

impl Default for RomiParams {
    fn default() -> Self {
        RomiParams {
            spend: 1_000_000.0,
            margin: 0.1,
            returns: vec![0.0, 0.1, 0.2, 0.3, 0.4, 0.5],
            trials: 4_000,
        }
    }
}

/// The measures at one return share.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RomiPoint {
    /// Share of sales returned.
    pub returns: f64,
    /// ROMI as reported: (sales − spend) / spend, returns not counted.
    pub romi_reported: Spread,
    /// ROMI with returns taken off the sales.
    pub romi_net: Spread,
    /// Marginal ROI: (kept sales × margin − spend) / spend.
    pub roi: Spread,
    /// P(reported ROMI > 0).
    pub p_romi_positive: f64,
    /// P(marginal ROI > 0): the campaign really earned its budget.
    pub p_profit: f64,
    /// The margin at which the mean kept sales pay back the spend.
    pub break_even_margin: f64,
    /// The margin the marginal ROI was computed with (a finding names the numbers it used).
    #[serde(default)]
    pub margin: f64,
}

/// Runs the ROMI experiment on `base`. A returned sale is one that did not happen, so the kept
/// sales are the revenue of the same funnel with its last stage's conversion × (1 − returns):
/// thinning a compound Poisson sum keeps it compound Poisson.
pub fn romi_returns(
    base: &Scenario,
    p: &RomiParams,
    seed: u64,
) -> Result<Vec<RomiPoint>, LabError> {
    Ok(romi_study(base, p, seed)?.finish())
}

/// The ROMI experiment to play in steps: the gross run, then one run per return share.
pub fn romi_study(
    base: &Scenario,
    p: &RomiParams,
    seed: u64,
) -> Result<SampledStudy<Vec<RomiPoint>>, LabError> {
    check("spend", p.spend, 1.0, 1e12)?;
    check("margin", p.margin, 0.0, 1.0)?;
    check_trials(p.trials)?;
    if p.returns.is_empty() || p.returns.len() > 20 {
        return Err(param("returns", "give 1 to 20 return shares"));
    }
    let mut samples = vec![Sample::new(base, p.trials, seed)?];
    for &rho in &p.returns {
        check("returns", rho, 0.0, 0.99)?;
        let last = base.spec().stages.len() - 1;
        let kept = edited(base.spec(), |sp| sp.stages[last].conversion *= 1.0 - rho)?;
        samples.push(Sample::new(&kept, p.trials, seed)?);
    }
    let (s, margin, returns) = (p.spend, p.margin, p.returns.clone());
    Ok(SampledStudy::new(samples, move |revs| {
        let mut revs = revs.into_iter();
        let gross = revs.next().unwrap_or_default();
        let mut reported: Vec<f64> = gross.iter().map(|r| (r - s) / s).collect();
        let romi_reported = spread(&mut reported);
        let p_romi_positive = share_at_least(&gross, s + f64::EPSILON * s);
        returns
            .into_iter()
            .zip(revs)
            .map(|(rho, net)| {
                let mut romi_net: Vec<f64> = net.iter().map(|r| (r - s) / s).collect();
                let mut roi: Vec<f64> = net.iter().map(|r| (r * margin - s) / s).collect();
                let mean_net = net.iter().sum::<f64>() / net.len() as f64;
                RomiPoint {
                    returns: rho,
                    romi_reported,
                    romi_net: spread(&mut romi_net),
                    roi: spread(&mut roi),
                    p_romi_positive,
                    p_profit: if margin > 0.0 { share_at_least(&net, s / margin) } else { 0.0 },
                    break_even_margin: if mean_net > 0.0 { s / mean_net } else { f64::INFINITY },
                    margin,
                }
            })
            .collect()
    }))
}

// ---------------------------------------------------------------------------------------------
// (d) "Keep 3× the plan in the pipeline"

/// Coverage ratios the curve is drawn at.
pub const COVERAGE_GRID: [f64; 12] = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0, 8.0, 10.0];

/// One funnel against the rule of thumb.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CoverageRow {
    /// Preset key.
    pub preset: String,
    /// Scenario name.
    pub name: String,
    /// English name, when there is one.
    pub name_en: Option<String>,
    /// Expected open pipeline at the start of the period: deals in the stationary funnel ×
    /// the mean deal budget, as a CRM would add it up.
    pub pipeline: f64,
    /// The scenario's plan.
    pub plan: f64,
    /// Pipeline ÷ plan today.
    pub coverage: f64,
    /// P(plan) today.
    pub p_plan: f64,
    /// P(plan) if the plan were a third of the pipeline (the rule's 3×).
    pub p_at_3x: f64,
    /// The coverage at which P(plan) is 80%: pipeline ÷ the revenue's 20th percentile.
    pub coverage_for_80: f64,
    /// P(plan) at each ratio of [`COVERAGE_GRID`].
    pub curve: Vec<f64>,
}

/// Runs the coverage experiment on built-in scenarios.
pub fn coverage(presets: &[&str], trials: u64, seed: u64) -> Result<Vec<CoverageRow>, LabError> {
    Ok(coverage_study(presets, trials, seed)?.finish())
}

/// The coverage experiment to play in steps: one run per funnel, in order.
pub fn coverage_study(
    presets: &[&str],
    trials: u64,
    seed: u64,
) -> Result<SampledStudy<Vec<CoverageRow>>, LabError> {
    check_trials(trials)?;
    let mut heads = Vec::new();
    let mut samples = Vec::new();
    for key in presets {
        let p = preset(key).ok_or_else(|| param("preset", format!("no preset '{key}'")))?;
        let scenario = p.checked_scenario().map_err(|e| LabError::Scenario(e.to_string()))?;
        let model = Model::new(&scenario);
        let deals: f64 = model.shape().iter().map(|s| s.count).sum();
        let pipeline = deals * model.budget().mean();
        samples.push(Sample::new(&scenario, trials, seed)?);
        let spec = scenario.spec();
        heads.push((
            (*key).to_owned(),
            spec.name.clone(),
            spec.name_en.clone(),
            pipeline,
            spec.plan,
        ));
    }
    Ok(SampledStudy::new(samples, move |revs| {
        heads
            .into_iter()
            .zip(revs)
            .map(|((preset, name, name_en, pipeline, plan), rev)| {
                let at = |c: f64| share_at_least(&rev, pipeline / c);
                let q20 = quantile(&rev, 0.2);
                CoverageRow {
                    preset,
                    name,
                    name_en,
                    pipeline,
                    plan,
                    coverage: pipeline / plan,
                    p_plan: share_at_least(&rev, plan),
                    p_at_3x: at(3.0),
                    coverage_for_80: if q20 > 0.0 { pipeline / q20 } else { f64::INFINITY },
                    curve: COVERAGE_GRID.iter().map(|&c| at(c)).collect(),
                }
            })
            .collect()
    }))
}

// ---------------------------------------------------------------------------------------------
// Everything at once

/// What the lab page and `funnel-lab metrics lab` ask for.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LabParams {
    /// The LTV experiment.
    pub cohort: CohortParams,
    /// The CPL experiment.
    pub cpl: CplParams,
    /// The ROMI experiment.
    pub romi: RomiParams,
    /// Trials per funnel in the coverage experiment.
    pub coverage_trials: u64,
    /// Seed of every run.
    pub seed: u64,
}

/// Every experiment's result.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LabReport {
    /// (a)
    pub cohort: CohortReport,
    /// (b)
    pub cpl: Vec<CplPoint>,
    /// (c)
    pub romi: Vec<RomiPoint>,
    /// (d)
    pub coverage: Vec<CoverageRow>,
}

/// The funnels of the coverage experiment: the default month and the five shapes.
pub const COVERAGE_PRESETS: [&str; 6] =
    ["default", "trapezoid", "pipe", "barrel", "skirt", "guitar"];

impl LabParams {
    /// The defaults with a seed and the coverage trials set.
    pub fn standard() -> LabParams {
        LabParams { coverage_trials: 4_000, seed: 1, ..LabParams::default() }
    }
}

/// Runs all four experiments; (b) and (c) on the default scenario.
pub fn run_all(p: &LabParams) -> Result<LabReport, LabError> {
    let base = default_scenario()?;
    Ok(LabReport {
        cohort: cohort_ltv(&p.cohort, p.seed)?,
        cpl: cpl_trap(&base, &p.cpl, p.seed)?,
        romi: romi_returns(&base, &p.romi, p.seed)?,
        coverage: coverage(&COVERAGE_PRESETS, p.coverage_trials, p.seed)?,
    })
}
crate::words::text::named_by_fields!(CoverageRow);
