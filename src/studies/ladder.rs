//! The product-ladder post («Как выстроить продуктовую воронку…»): a ladder is a funnel whose
//! rungs pay as they are climbed (stage `price`, MODEL.md v2). This module reads a scenario as a
//! ladder: what one lead earns on each rung over its whole climb, how long the climb to the
//! flagship takes, and what a simulated period earns per rung.
//!
//! The per-lead figures are exact (products of the stages' effective conversions, and the
//! distribution of a sum of geometric stays); the period figures come from the engine's own
//! trials. A deal that rewinds (rework) climbs slower than the stays say: the time to the
//! flagship is then marked as a lower bound.

use serde::{Deserialize, Serialize};

use crate::sim::trial::Trial;
use crate::sim::{Model, RunConfig, RunError, Scenario, Simulation};

/// The longest climb the time distribution follows, in working days; past it the remaining
/// probability is reported as `beyond`.
pub const MAX_CLIMB_DAYS: usize = 2_000;

/// One rung: the product a forward exit of a stage sells.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rung {
    /// 0-based stage whose forward exit is this purchase.
    pub stage: usize,
    /// The stage's name.
    pub name: String,
    /// Its English name, when the scenario has one.
    pub name_en: Option<String>,
    /// Mean price of the rung: the stage's `price`, or the deal's `budget` on the last stage.
    pub price: f64,
    /// Share of new leads who ever buy this rung.
    pub reach: f64,
    /// What one new lead earns on this rung over its whole climb: reach × price.
    pub revenue_per_lead: f64,
}

/// Working days from a lead's arrival to a purchase, for the leads who make it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Climb {
    /// 0-based stage whose purchase is timed.
    pub stage: usize,
    /// Mean days.
    pub mean: f64,
    /// Median days.
    pub p50: u32,
    /// 90th percentile of days.
    pub p90: u32,
    /// P(days = n) for n = 0..; index 0 is always 0 (a stay is at least a day).
    pub pmf: Vec<f64>,
    /// Probability beyond [`MAX_CLIMB_DAYS`].
    pub beyond: f64,
    /// True when rework makes the real climb slower than this (a lower bound).
    pub lower_bound: bool,
}

/// Revenue of a simulated period, split by rung.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodRevenue {
    /// Trials played.
    pub trials: u64,
    /// Per rung: mean revenue of the period.
    pub per_rung: Vec<f64>,
    /// Per rung: standard error of that mean.
    pub per_rung_se: Vec<f64>,
    /// Mean revenue of the period (all rungs).
    pub revenue: f64,
    /// Expected new leads of the period: the inflow × the working days.
    pub leads: f64,
    /// Mean revenue over mean new leads: what the period earned per lead it brought in
    /// (in a steady state, equal in expectation to the lifetime revenue per lead).
    pub revenue_per_lead: f64,
}

/// The ladder reading of a scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LadderReport {
    /// Every rung, bottom first (free rungs included, at price 0).
    pub rungs: Vec<Rung>,
    /// Lifetime revenue of one new lead, all rungs.
    pub revenue_per_lead: f64,
    /// The flagship: the priced rung below the top with the highest price (the top rung when
    /// no other is priced).
    pub flagship: usize,
    /// The climb from arrival to the flagship purchase.
    pub to_flagship: Climb,
}

/// Per kind of deal (normal, deadline) and stage: the effective conversion and mean days.
fn kinds(model: &Model) -> [(f64, Vec<(f64, f64)>); 2] {
    let share = model.deadline_share;
    [(1.0 - share, 0), (share, 1)]
        .map(|(w, k)| (w, model.stages(k).iter().map(|s| (s.conversion, s.mean_days)).collect()))
}

/// New leads a day by entry stage, as shares of all new leads.
fn entry_shares(scenario: &Scenario) -> Vec<(usize, f64)> {
    let inflow = &scenario.spec().inflow;
    let total: f64 = inflow.iter().map(|f| f.per_day).sum();
    if total <= 0.0 {
        // No inflow: read the ladder as for one lead entering at the bottom.
        return vec![(0, 1.0)];
    }
    inflow.iter().map(|f| ((f.stage - 1).max(0) as usize, f.per_day / total)).collect()
}

/// Mean price of each rung (0 where a stage has none).
fn prices(model: &Model) -> Vec<f64> {
    let k = model.stage_count();
    (0..k).map(|i| if i + 1 == k { model.budget().mean() } else { model.price_means[i] }).collect()
}

/// The flagship rung of a ladder with these prices.
pub fn flagship(prices: &[f64]) -> usize {
    let below_top = &prices[..prices.len().saturating_sub(1)];
    below_top
        .iter()
        .enumerate()
        .filter(|(_, p)| **p > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(prices.len().saturating_sub(1), |(i, _)| i)
}

/// P(sum of geometric stays = n), each stay with daily exit chance 1/d and at least a day.
fn climb_pmf(days: &[f64]) -> (Vec<f64>, f64) {
    let mut pmf = vec![0.0; MAX_CLIMB_DAYS + 1];
    pmf[0] = 1.0;
    for &d in days {
        let h = 1.0 / d;
        // One stay's pmf convolved in: next[n] = h · Σ_{j>=1} (1−h)^{j−1} · pmf[n−j], by the
        // recursion next[n] = (1−h)·next[n−1] + h·pmf[n−1].
        let mut next = vec![0.0; MAX_CLIMB_DAYS + 1];
        for n in 1..=MAX_CLIMB_DAYS {
            next[n] = (1.0 - h) * next[n - 1] + h * pmf[n - 1];
        }
        pmf = next;
    }
    let beyond = (1.0 - pmf.iter().sum::<f64>()).max(0.0);
    (pmf, beyond)
}

fn quantile(pmf: &[f64], q: f64) -> u32 {
    let mut acc = 0.0;
    for (n, p) in pmf.iter().enumerate() {
        acc += p;
        if acc >= q {
            return n as u32;
        }
    }
    pmf.len() as u32
}

/// The climb to `stage`'s purchase, mixed over kinds of deal and entry stages in proportion
/// to the leads who make it.
fn climb(scenario: &Scenario, model: &Model, stage: usize) -> Climb {
    let mut pmf = vec![0.0; MAX_CLIMB_DAYS + 1];
    let mut beyond = 0.0;
    let mut weight = 0.0;
    let mut mean = 0.0;
    for (w_kind, params) in kinds(model) {
        for &(entry, w_entry) in &entry_shares(scenario) {
            if entry > stage {
                continue;
            }
            let reach: f64 = params[entry..=stage].iter().map(|p| p.0).product();
            let w = w_kind * w_entry * reach;
            if w <= 0.0 {
                continue;
            }
            let days: Vec<f64> = params[entry..=stage].iter().map(|p| p.1).collect();
            let (part, out) = climb_pmf(&days);
            for (acc, p) in pmf.iter_mut().zip(&part) {
                *acc += w * p;
            }
            beyond += w * out;
            mean += w * days.iter().sum::<f64>();
            weight += w;
        }
    }
    if weight > 0.0 {
        pmf.iter_mut().for_each(|p| *p /= weight);
        beyond /= weight;
        mean /= weight;
    }
    // Trailing days with no mass are dropped so the page draws only what is there.
    let last = pmf.iter().rposition(|p| *p > 1e-9).map_or(1, |i| i + 1);
    pmf.truncate(last.max(1));
    Climb {
        stage,
        mean,
        p50: quantile(&pmf, 0.5),
        p90: quantile(&pmf, 0.9),
        pmf,
        beyond,
        lower_bound: scenario.spec().levers.rework_per_day > 0.0,
    }
}

/// The ladder reading of a scenario: rungs, lifetime revenue per lead, the climb.
pub fn ladder(scenario: &Scenario) -> LadderReport {
    let model = Model::new(scenario);
    let prices = prices(&model);
    let entries = entry_shares(scenario);
    let k = model.stage_count();
    let rungs: Vec<Rung> = (0..k)
        .map(|i| {
            let reach: f64 = kinds(&model)
                .iter()
                .map(|(w_kind, params)| {
                    w_kind
                        * entries
                            .iter()
                            .filter(|(e, _)| *e <= i)
                            .map(|(e, w)| w * params[*e..=i].iter().map(|p| p.0).product::<f64>())
                            .sum::<f64>()
                })
                .sum();
            let stage = &scenario.spec().stages[i];
            Rung {
                stage: i,
                name: stage.name.clone(),
                name_en: stage.name_en.clone(),
                price: prices[i],
                reach,
                revenue_per_lead: reach * prices[i],
            }
        })
        .collect();
    let flagship = flagship(&prices);
    LadderReport {
        revenue_per_lead: rungs.iter().map(|r| r.revenue_per_lead).sum(),
        to_flagship: climb(scenario, &model, flagship),
        flagship,
        rungs,
    }
}

/// Plays `config.trials` periods and splits their revenue by rung (forward exits × mean price,
/// which is the rung's revenue itself when prices are fixed and its unbiased estimate
/// otherwise).
pub fn period_revenue(scenario: &Scenario, config: RunConfig) -> Result<PeriodRevenue, RunError> {
    let sim = Simulation::new(scenario.clone(), config)?;
    let prices = prices(sim.model());
    let k = prices.len();
    let mut sum = vec![0.0; k];
    let mut sum_sq = vec![0.0; k];
    let mut trial = Trial::default();
    for i in 0..config.trials {
        sim.play(i, &mut trial);
        for s in 0..k {
            let x = trial.forward[s] as f64 * prices[s];
            sum[s] += x;
            sum_sq[s] += x * x;
        }
    }
    let n = config.trials as f64;
    let per_rung: Vec<f64> = sum.iter().map(|s| s / n).collect();
    let per_rung_se = sum_sq
        .iter()
        .zip(&per_rung)
        .map(|(sq, m)| ((sq / n - m * m).max(0.0) / (n - 1.0).max(1.0)).sqrt())
        .collect();
    let revenue: f64 = per_rung.iter().sum();
    let per_day: f64 = scenario.spec().inflow.iter().map(|f| f.per_day).sum();
    let leads = per_day * f64::from(scenario.horizon());
    Ok(PeriodRevenue {
        trials: config.trials,
        per_rung,
        per_rung_se,
        revenue,
        leads,
        revenue_per_lead: if leads > 0.0 { revenue / leads } else { 0.0 },
    })
}

/// The conversion into `stage` (0-based) at which `without` earns per lead what `with` earns:
/// revenue per lead is linear in one stage's conversion, so the break-even is a ratio. `None`
/// when `without` earns nothing through that stage.
pub fn break_even_conversion(with: &Scenario, without: &Scenario, stage: usize) -> Option<f64> {
    let target = ladder(with).revenue_per_lead;
    let current = without.spec().stages.get(stage)?.conversion;
    let without = ladder(without);
    let per_unit = without.revenue_per_lead;
    // Revenue per lead = a + b·p for the stage's conversion p; a is what the rungs below earn.
    let below: f64 = without.rungs.iter().take(stage).map(|r| r.revenue_per_lead).sum();
    let slope = (per_unit - below) / current;
    (slope > 0.0 && current > 0.0).then(|| (target - below) / slope)
}
