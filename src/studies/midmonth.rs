//! The mid-month post's two claims, tested with the engine (duty 2 of «12 неочевидных
//! обязанностей…», seed lines 106–110): the two numbers per stage at mid-month (deals and their
//! summed budget) let the manager (a) "predict the probability of the plan fairly precisely" and
//! (b) see "which stage to focus on".
//!
//! - [`p_plan_given`]: P(plan | the record at the checkpoint), by the engine: the rest of the
//!   month is simulated from the record (each stage's deals, each worth its stage's mean
//!   recorded budget, plus the revenue won so far) with the scenario's own inflow and stages.
//! - [`forecast_study`]: over many simulated months, that probability against what happened:
//!   a reliability table, the Brier score and its skill against the base rate, beside the
//!   binary "below the plan shape" check (tolerance 0) on the same months.
//! - [`attribution`]: months in which one stage's conversion is weakened (the manager does not
//!   know it; the month starts from the normal steady state): how often the largest shortfall
//!   against the plan shape at the checkpoint sits right after the weakened stage (where a
//!   weaker exit shows in the record) or at the weakened stage itself, against chance.
//!
//! Everything is seeded and plain Rust over [`crate::sim`]; the lesson embeds the result of
//! [`study`] with [`MidMonthConfig::default`] (`assets/studies/midmonth.json`, a test recomputes
//! it).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::sim::rng::{Poisson, TrialRng};
use crate::sim::scenario::{InitialDeal, InitialPipeline};
use crate::sim::trial::Trial;
use crate::sim::{Model, RunConfig, RunError, Scenario, ScenarioError, ScenarioSpec, Simulation};

/// Why a study was refused.
#[derive(Clone, Debug, PartialEq, Error)]
pub enum MidMonthError {
    /// A parameter out of range.
    #[error("{field}: {reason}")]
    Param {
        /// The parameter.
        field: &'static str,
        /// Why.
        reason: String,
    },
    /// The engine refused a run.
    #[error("run: {0}")]
    Run(#[from] RunError),
    /// A scenario the study builds was invalid.
    #[error("scenario: {0}")]
    Scenario(String),
}

impl From<ScenarioError> for MidMonthError {
    fn from(e: ScenarioError) -> Self {
        MidMonthError::Scenario(e.to_string())
    }
}

fn param(field: &'static str, reason: impl Into<String>) -> MidMonthError {
    MidMonthError::Param { field, reason: reason.into() }
}

/// The study's numbers that are ours, not the post's: each is shown on the lesson.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MidMonthConfig {
    /// Months simulated for the forecast's reliability.
    pub months: u64,
    /// Continuations simulated per month to estimate P(plan | record).
    pub inner: u64,
    /// Bins of the reliability table over [0, 1].
    pub bins: usize,
    /// Months simulated for the attribution.
    pub attribution_months: u64,
    /// The weakened stage's conversion is multiplied by this.
    pub weaken: f64,
    /// Seed of everything.
    pub seed: u64,
}

impl Default for MidMonthConfig {
    fn default() -> Self {
        MidMonthConfig {
            months: 4_000,
            inner: 500,
            bins: 10,
            attribution_months: 10_000,
            weaken: 0.8,
            seed: 19,
        }
    }
}

impl MidMonthConfig {
    fn validate(&self) -> Result<(), MidMonthError> {
        if !(1..=100_000).contains(&self.months) {
            return Err(param("months", format!("{} is outside 1..=100000", self.months)));
        }
        if !(1..=100_000).contains(&self.inner) {
            return Err(param("inner", format!("{} is outside 1..=100000", self.inner)));
        }
        if !(1..=50).contains(&self.bins) {
            return Err(param("bins", format!("{} is outside 1..=50", self.bins)));
        }
        if !(1..=1_000_000).contains(&self.attribution_months) {
            let n = self.attribution_months;
            return Err(param("attribution_months", format!("{n} is outside 1..=1000000")));
        }
        if !(0.0..=1.0).contains(&self.weaken) {
            return Err(param("weaken", format!("{} is outside 0..=1", self.weaken)));
        }
        Ok(())
    }
}

/// What the manager's record shows at the end of the checkpoint day: the post's two numbers
/// per stage, and the revenue won so far.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// Deals per stage.
    pub counts: Vec<u64>,
    /// Their summed recorded budget per stage.
    pub budgets: Vec<f64>,
    /// Revenue won in days 1..=c.
    pub revenue_so_far: f64,
}

impl Record {
    /// The record of a played month.
    pub fn of(trial: &Trial, checkpoint: u32) -> Record {
        Record {
            counts: trial.checkpoint_count.clone(),
            budgets: trial.checkpoint_budget.clone(),
            revenue_so_far: trial.won_by_day.iter().take(checkpoint as usize + 1).sum(),
        }
    }
}

/// The rest of the month as a scenario of its own: days c+1..T become days 1..T−c, the
/// record's deals its initial pipeline (each worth its stage's mean recorded budget; a stage
/// whose budget the record does not hold draws budgets like any new deal), and the plan what is
/// still missing. None when nothing is left to decide (the plan is already made, or no day is
/// left).
pub fn continuation(
    spec: &ScenarioSpec,
    record: &Record,
) -> Result<Option<ScenarioSpec>, MidMonthError> {
    let scenario = Scenario::new(spec.clone())?;
    let left = i64::from(scenario.horizon()) - i64::from(scenario.checkpoint());
    let missing = spec.plan - record.revenue_so_far;
    if left < 1 || missing <= 0.0 {
        return Ok(None);
    }
    let mut deals = Vec::new();
    for (k, (&n, &b)) in record.counts.iter().zip(&record.budgets).enumerate() {
        let amount = (n > 0 && b > 0.0).then(|| b / n as f64);
        deals.extend((0..n).map(|_| InitialDeal { stage: k as i64 + 1, amount }));
    }
    let mut rest = spec.clone();
    rest.horizon_days = left;
    rest.checkpoint_day = Some((left / 2).max(1));
    rest.plan = missing;
    rest.initial_pipeline = InitialPipeline::Deals(deals);
    Ok(Some(rest))
}

/// P(plan | record), by the engine: the share of `inner` simulated continuations (seed `seed`)
/// that make what is missing; exactly 0 or 1 when nothing is left to decide.
pub fn p_plan_given(
    spec: &ScenarioSpec,
    record: &Record,
    inner: u64,
    seed: u64,
) -> Result<f64, MidMonthError> {
    let Some(rest) = continuation(spec, record)? else {
        return Ok(if record.revenue_so_far >= spec.plan { 1.0 } else { 0.0 });
    };
    let sim = Simulation::new(
        Scenario::new(rest)?,
        RunConfig { trials: inner, seed, ..RunConfig::default() },
    )?;
    let mut trial = Trial::default();
    let made = (0..inner)
        .filter(|&i| {
            sim.play(i, &mut trial);
            trial.revenue() >= sim.plan()
        })
        .count();
    Ok(made as f64 / inner as f64)
}

/// The Brier score of probability forecasts of "plan made", and its skill against always
/// forecasting the base rate.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Brier {
    /// Mean squared difference between forecast and outcome (1 made, 0 missed).
    pub score: f64,
    /// Share of months that made the plan.
    pub base_rate: f64,
    /// The score of always forecasting the base rate: base_rate × (1 − base_rate).
    pub reference: f64,
    /// 1 − score ÷ reference; null when every month ended alike.
    pub skill: Option<f64>,
    /// Its standard error (delta method over months); null with the skill.
    pub skill_se: Option<f64>,
}

/// Brier score and skill of `forecasts` for `outcomes` (true = plan made).
pub fn brier(forecasts: &[f64], outcomes: &[bool]) -> Brier {
    let n = forecasts.len().min(outcomes.len());
    if n == 0 {
        return Brier { score: 0.0, base_rate: 0.0, reference: 0.0, skill: None, skill_se: None };
    }
    let y = |i: usize| if outcomes[i] { 1.0 } else { 0.0 };
    let nf = n as f64;
    let base_rate = (0..n).map(y).sum::<f64>() / nf;
    let a: Vec<f64> = (0..n).map(|i| (forecasts[i] - y(i)).powi(2)).collect();
    let b: Vec<f64> = (0..n).map(|i| (base_rate - y(i)).powi(2)).collect();
    let score = a.iter().sum::<f64>() / nf;
    let reference = b.iter().sum::<f64>() / nf;
    if reference <= 0.0 {
        return Brier { score, base_rate, reference, skill: None, skill_se: None };
    }
    let ratio = score / reference;
    // Var(mean a / mean b) ≈ Var(a − ratio·b) / (n · (mean b)²).
    let resid: Vec<f64> = a.iter().zip(&b).map(|(a, b)| a - ratio * b).collect();
    let mean_r = resid.iter().sum::<f64>() / nf;
    let var_r = resid.iter().map(|r| (r - mean_r).powi(2)).sum::<f64>() / (nf - 1.0).max(1.0);
    let se = (var_r / nf).sqrt() / reference;
    Brier { score, base_rate, reference, skill: Some(1.0 - ratio), skill_se: Some(se) }
}

/// One bin of the reliability table.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Bin {
    /// Lower end of the forecast range (inclusive).
    pub lo: f64,
    /// Upper end (exclusive, inclusive for the last bin).
    pub hi: f64,
    /// Months whose forecast fell in it.
    pub months: u64,
    /// Their mean forecast; null when empty.
    pub forecast: Option<f64>,
    /// The share of them that made the plan; null when empty.
    pub observed: Option<f64>,
    /// Its standard error; null when empty.
    pub observed_se: Option<f64>,
}

/// Forecasts binned over [0, 1] in `bins` equal bins, with the share of each bin's months that
/// made the plan.
pub fn reliability(forecasts: &[f64], outcomes: &[bool], bins: usize) -> Vec<Bin> {
    let bins = bins.max(1);
    let mut sum = vec![0.0; bins];
    let mut made = vec![0u64; bins];
    let mut count = vec![0u64; bins];
    for (&p, &y) in forecasts.iter().zip(outcomes) {
        let i = ((p * bins as f64).floor().max(0.0) as usize).min(bins - 1);
        sum[i] += p;
        count[i] += 1;
        made[i] += u64::from(y);
    }
    (0..bins)
        .map(|i| {
            let n = count[i];
            let (forecast, observed, observed_se) = if n == 0 {
                (None, None, None)
            } else {
                let o = made[i] as f64 / n as f64;
                (Some(sum[i] / n as f64), Some(o), Some((o * (1.0 - o) / n as f64).sqrt()))
            };
            Bin {
                lo: i as f64 / bins as f64,
                hi: (i + 1) as f64 / bins as f64,
                months: n,
                forecast,
                observed,
                observed_se,
            }
        })
        .collect()
}

/// The binary "a stage's count or budget below its plan shape" check (tolerance 0) on the
/// same months.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct BinaryCheck {
    /// Share of months in which it fires.
    pub fires: f64,
    /// Share of the months that missed the plan in which it fired (hit rate, recall).
    pub hit_rate: Option<f64>,
    /// Share of the months that made the plan in which it fired anyway (false alarms).
    pub false_alarm_rate: Option<f64>,
    /// Share of its alarms that were followed by a miss (precision).
    pub precision: Option<f64>,
    /// The Brier skill of the best probability the check alone can give: the share of
    /// plan-made months among those with the same verdict (fitted on these months).
    pub skill: Option<f64>,
}

/// True when any stage's count or budget at the checkpoint is below its plan shape (stages
/// whose plan shape is 0 for a number are not checked on it).
pub fn below_shape(model: &Model, record: &Record) -> bool {
    model.shape().iter().zip(record.counts.iter().zip(&record.budgets)).any(|(s, (&n, &b))| {
        (s.plan_count > 0.0 && (n as f64) < s.plan_count)
            || (s.plan_budget > 0.0 && b < s.plan_budget)
    })
}

fn ratio(num: u64, den: u64) -> Option<f64> {
    (den > 0).then(|| num as f64 / den as f64)
}

/// The forecast study: each month's P(plan | record) against whether it made the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastStudy {
    /// Months simulated.
    pub months: u64,
    /// Continuations per month.
    pub inner: u64,
    /// Brier score and skill of P(plan | record).
    pub brier: Brier,
    /// The reliability table.
    pub bins: Vec<Bin>,
    /// The binary check on the same months.
    pub check: BinaryCheck,
}

fn month_seed(seed: u64, i: u64) -> u64 {
    seed ^ (i + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// Plays `months` months of `spec` (seed `seed`) and for each compares P(plan | its record at
/// the checkpoint), estimated from `inner` continuations, with whether it made the plan.
pub fn forecast_study(
    spec: &ScenarioSpec,
    cfg: &MidMonthConfig,
) -> Result<ForecastStudy, MidMonthError> {
    cfg.validate()?;
    let scenario = Scenario::new(spec.clone())?;
    let checkpoint = scenario.checkpoint();
    let sim = Simulation::new(
        scenario,
        RunConfig { trials: cfg.months, seed: cfg.seed, ..RunConfig::default() },
    )?;
    let mut trial = Trial::default();
    let (mut forecasts, mut outcomes, mut fired) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..cfg.months {
        sim.play(i, &mut trial);
        let record = Record::of(&trial, checkpoint);
        forecasts.push(p_plan_given(spec, &record, cfg.inner, month_seed(cfg.seed, i))?);
        outcomes.push(trial.revenue() >= sim.plan());
        fired.push(below_shape(sim.model(), &record));
    }
    let count = |f: &dyn Fn(usize) -> bool| (0..outcomes.len()).filter(|&i| f(i)).count() as u64;
    let missed = count(&|i| !outcomes[i]);
    let fires = count(&|i| fired[i]);
    let hits = count(&|i| fired[i] && !outcomes[i]);
    let false_alarms = count(&|i| fired[i] && outcomes[i]);
    let made_when = |v: bool| {
        let n = count(&|i| fired[i] == v);
        let m = count(&|i| fired[i] == v && outcomes[i]);
        ratio(m, n).unwrap_or(0.0)
    };
    let (p_fired, p_quiet) = (made_when(true), made_when(false));
    let binary: Vec<f64> = fired.iter().map(|&f| if f { p_fired } else { p_quiet }).collect();
    let check = BinaryCheck {
        fires: fires as f64 / cfg.months as f64,
        hit_rate: ratio(hits, missed),
        false_alarm_rate: ratio(false_alarms, cfg.months - missed),
        precision: ratio(hits, fires),
        skill: brier(&binary, &outcomes).skill,
    };
    Ok(ForecastStudy {
        months: cfg.months,
        inner: cfg.inner,
        brier: brier(&forecasts, &outcomes),
        bins: reliability(&forecasts, &outcomes, cfg.bins),
        check,
    })
}

/// A share of months with its standard error.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rate {
    /// The share.
    pub rate: f64,
    /// Its standard error, √(rate(1 − rate)/n).
    pub se: f64,
}

fn rate(hits: u64, n: u64) -> Rate {
    let r = if n == 0 { 0.0 } else { hits as f64 / n as f64 };
    Rate { rate: r, se: if n == 0 { 0.0 } else { (r * (1.0 - r) / n as f64).sqrt() } }
}

/// The attribution study.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Attribution {
    /// Months simulated.
    pub months: u64,
    /// The weakened stage's conversion factor.
    pub weaken: f64,
    /// Stages that can be weakened: all but the last, whose weaker exit never shows in the
    /// record (only in revenue).
    pub candidates: usize,
    /// Chance of pointing at the weakened stage with a random pick: 1 ÷ candidates.
    pub chance: f64,
    /// Share of months with any shortfall against the plan shape at the checkpoint.
    pub any_shortfall: f64,
    /// Share of months whose largest shortfall is in the stage right after the weakened one
    /// (fewer deals pass its exit).
    pub next_stage: Rate,
    /// Share of months whose largest shortfall is in the weakened stage itself.
    pub same_stage: Rate,
    /// Per weakened stage (0-based): months, and the share pointing at it by the stage after.
    pub per_stage: Vec<(u64, f64)>,
    /// Per stage (0-based): the share of months whose largest shortfall is there.
    pub pointed: Vec<f64>,
}

/// The stage with the largest relative shortfall against the plan shape at the checkpoint
/// (the lower of its count's and its budget's ratio to the plan shape, minus 1); none when no
/// checked number is short.
pub fn largest_shortfall(model: &Model, record: &Record) -> Option<usize> {
    let mut worst: Option<(usize, f64)> = None;
    for (k, (s, (&n, &b))) in
        model.shape().iter().zip(record.counts.iter().zip(&record.budgets)).enumerate()
    {
        let mut dev = 0.0_f64;
        if s.plan_count > 0.0 {
            dev = dev.min(n as f64 / s.plan_count - 1.0);
        }
        if s.plan_budget > 0.0 {
            dev = dev.min(b / s.plan_budget - 1.0);
        }
        if dev < 0.0 && worst.is_none_or(|(_, w)| dev < w) {
            worst = Some((k, dev));
        }
    }
    worst.map(|(k, _)| k)
}

/// Months of `spec` in which one stage (chosen at random among all but the last) has its
/// conversion × `weaken` from day 1, unknown to the manager: the month starts from the normal
/// steady state and the plan shape is the normal one.
pub fn attribution(
    spec: &ScenarioSpec,
    weaken: f64,
    months: u64,
    seed: u64,
) -> Result<Attribution, MidMonthError> {
    Ok(attribution_months(spec, weaken, months, seed)?.0)
}

/// [`attribution`], with each month's verdict: did the largest shortfall sit right after the
/// weakened stage.
fn attribution_months(
    spec: &ScenarioSpec,
    weaken: f64,
    months: u64,
    seed: u64,
) -> Result<(Attribution, Vec<bool>), MidMonthError> {
    let cfg = MidMonthConfig { weaken, attribution_months: months, seed, ..Default::default() };
    cfg.validate()?;
    let normal = Model::new(&Scenario::new(spec.clone())?);
    let k = spec.stages.len();
    let candidates = k - 1;
    let starts: Vec<Poisson> = normal.shape().iter().map(|s| Poisson::new(s.count)).collect();
    // One model per weakened stage, its pipeline given month by month.
    let mut weakened = Vec::with_capacity(candidates);
    for j in 0..candidates {
        let mut w = spec.clone();
        w.stages[j].conversion *= weaken;
        w.initial_pipeline = InitialPipeline::Counts(vec![0; k]);
        weakened.push(w);
    }
    let (mut next, mut same, mut any) = (0u64, 0u64, 0u64);
    let mut per = vec![(0u64, 0u64); candidates];
    let mut pointed_at = vec![0u64; k];
    let mut verdicts = Vec::with_capacity(months as usize);
    let mut trial = Trial::default();
    for i in 0..months {
        let mut rng = TrialRng::for_trial(seed, i);
        let j = ((rng.uniform() * candidates as f64) as usize).min(candidates - 1);
        let counts: Vec<i64> = starts.iter().map(|p| p.sample(&mut rng) as i64).collect();
        let mut w = weakened[j].clone();
        w.initial_pipeline = InitialPipeline::Counts(counts);
        let model = Model::new(&Scenario::new(w)?);
        trial.simulate(&model, &mut rng);
        let record = Record::of(&trial, model.checkpoint);
        let pointed = largest_shortfall(&normal, &record);
        any += u64::from(pointed.is_some());
        if let Some(s) = pointed {
            pointed_at[s] += 1;
        }
        next += u64::from(pointed == Some(j + 1));
        verdicts.push(pointed == Some(j + 1));
        same += u64::from(pointed == Some(j));
        per[j].0 += 1;
        per[j].1 += u64::from(pointed == Some(j + 1));
    }
    let a = Attribution {
        months,
        weaken,
        candidates,
        chance: 1.0 / candidates as f64,
        any_shortfall: any as f64 / months as f64,
        next_stage: rate(next, months),
        same_stage: rate(same, months),
        per_stage: per.into_iter().map(|(n, h)| (n, ratio(h, n).unwrap_or(0.0))).collect(),
        pointed: pointed_at.iter().map(|&n| n as f64 / months as f64).collect(),
    };
    Ok((a, verdicts))
}

/// Both studies on one scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MidMonthStudy {
    /// The settings (the lesson shows them as assumptions).
    pub config: MidMonthConfig,
    /// The scenario's working days.
    pub horizon: u32,
    /// Its checkpoint day.
    pub checkpoint: u32,
    /// (a) P(plan | record) against what happened.
    pub forecast: ForecastStudy,
    /// (b) which stage the largest shortfall points at.
    pub attribution: Attribution,
    /// The same months (same seed: the same weakened-stage draws and starts) with nothing
    /// weakened: how often the rule "points at" a stage by chance in this funnel.
    pub control: Attribution,
    /// Weakened minus control, month by month (paired on the seed): the rate's gain over
    /// what this funnel's noise gives anyway, with its standard error.
    pub gain: Rate,
}

/// Runs both studies.
pub fn study(spec: &ScenarioSpec, cfg: &MidMonthConfig) -> Result<MidMonthStudy, MidMonthError> {
    let scenario = Scenario::new(spec.clone())?;
    let (attribution, weak) =
        attribution_months(spec, cfg.weaken, cfg.attribution_months, cfg.seed)?;
    let (control, none) = attribution_months(spec, 1.0, cfg.attribution_months, cfg.seed)?;
    Ok(MidMonthStudy {
        config: *cfg,
        horizon: scenario.horizon(),
        checkpoint: scenario.checkpoint(),
        forecast: forecast_study(spec, cfg)?,
        attribution,
        control,
        gain: paired_gain(&weak, &none),
    })
}

/// Mean of a − b over paired months (1 for a hit, 0 for a miss) and its standard error.
pub fn paired_gain(a: &[bool], b: &[bool]) -> Rate {
    let d: Vec<f64> =
        a.iter().zip(b).map(|(&x, &y)| f64::from(u8::from(x)) - f64::from(u8::from(y))).collect();
    let n = d.len() as f64;
    if d.len() < 2 {
        return Rate { rate: d.first().copied().unwrap_or(0.0), se: 0.0 };
    }
    let mean = d.iter().sum::<f64>() / n;
    let var = d.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    Rate { rate: mean, se: (var / n).sqrt() }
}
