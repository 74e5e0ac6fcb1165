//! What a validated scenario means for the simulation: the effective stage parameters of each
//! kind of deal once the levers are applied, the individual funnel shape, and the
//! probabilities behind the manager's checkpoint forecast.
//!
//! Deals come in two kinds: without a purchase deadline (kind 0) and with one (kind 1, a share
//! `deadline_share` of new deals). The question lever acts on both; the deadline lever on kind 1.

use super::outcomes::{OutcomeTables, Thinned};
use super::rng::Poisson;
use super::scenario::{InitialPipeline, Kpi, Scenario};
use super::stages::stage_params;
pub use super::stages::{decision_stage, StageParams};

/// Kind index of deals without a deadline.
pub const NO_DEADLINE: usize = 0;
/// Kind index of deals with a deadline.
pub const DEADLINE: usize = 1;

/// Expected recorded count and budget of one stage at the end of a day in the stationary
/// funnel, and the same scaled to the plan.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapeStage {
    /// S_k: expected recorded deals in the stage.
    pub count: f64,
    /// S_k · E[budget] from `budget_known_from_stage` on; 0 before it.
    pub budget: f64,
    /// The count scaled so that a stationary period earns the plan.
    pub plan_count: f64,
    /// The budget scaled likewise.
    pub plan_budget: f64,
}

/// Capacity lever, when talk minutes are limited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    /// Minutes available a day, M.
    pub minutes_per_day: f64,
    /// Minutes one active deal takes a day, m' (after the KPI and contact levers).
    pub minutes_per_deal: f64,
    /// Exponent of the conversion penalty on an overloaded day; 0 under the minutes KPI, where
    /// an overloaded day is slower, not shallower.
    pub depth_penalty: f64,
}

impl Capacity {
    /// The share f of the needed time that is available with `active` deals (1 if enough).
    pub fn factor(&self, active: usize) -> f64 {
        let need = self.minutes_per_deal * active as f64;
        if need > self.minutes_per_day {
            self.minutes_per_day / need
        } else {
            1.0
        }
    }
}

/// Deal budget: log-normal, or fixed when `sigma == 0`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Budget {
    /// μ = ln(median).
    pub mu: f64,
    /// σ = ln(p90 / median) / z(0.9).
    pub sigma: f64,
    /// The median, returned as is for a fixed budget.
    pub median: f64,
}

/// The standard normal's 90th percentile, as MODEL.md fixes it.
pub const Z90: f64 = 1.28155;

impl Budget {
    /// The log-normal of a `{median, p90}` pair (fixed when they are equal).
    pub fn from_spec(b: &super::scenario::BudgetSpec) -> Budget {
        Budget {
            mu: libm::log(b.median),
            sigma: libm::log(b.p90 / b.median) / Z90,
            median: b.median,
        }
    }

    /// E[B] = exp(μ + σ²/2).
    pub fn mean(&self) -> f64 {
        self.median * libm::exp(self.sigma * self.sigma / 2.0)
    }

    /// E[B²] = exp(2μ + 2σ²).
    pub fn second_moment(&self) -> f64 {
        self.median * self.median * libm::exp(2.0 * self.sigma * self.sigma)
    }
}

/// How the pipeline starts.
#[derive(Clone, Debug)]
pub(crate) enum Initial {
    Empty,
    /// Per stage and kind: deals out of rework, and deals in rework.
    Steady(Vec<[[Poisson; 2]; 2]>),
    Counts(Vec<u64>),
    /// Given deals: each one's stage and, when known, its budget.
    Deals(Vec<(usize, Option<f64>)>),
}

/// The stationary end-of-day counts of one kind of deal, per stage: out of rework (S^N) and
/// in rework (S^R), and the forward exits a day (the last stage's are the wins).
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Stationary {
    pub(crate) normal: Vec<f64>,
    pub(crate) rework: Vec<f64>,
    /// Forward exits a day out of each stage (the last stage's are the wins).
    pub(crate) forward: Vec<f64>,
}

/// A scenario ready to simulate.
#[derive(Clone, Debug)]
pub struct Model {
    pub(crate) horizon: u32,
    pub(crate) checkpoint: u32,
    pub(crate) plan: f64,
    pub(crate) kinds: [Vec<StageParams>; 2],
    /// Per kind and stage: P(win by day T) of a deal in that stage at the end of day c.
    pub(crate) win_by_end: [Vec<f64>; 2],
    pub(crate) deadline_share: f64,
    pub(crate) inflows: Vec<(usize, Poisson)>,
    pub(crate) initial: Initial,
    pub(crate) budget: Budget,
    /// Per stage: the price earned on a forward exit, if any.
    pub(crate) prices: Vec<Option<Budget>>,
    /// Per stage: E[price], 0 without one.
    pub(crate) price_means: Vec<f64>,
    /// Per kind and stage: the expected prices a deal in that stage at the end of day c still
    /// earns by day T (the forecast's second part).
    pub(crate) prices_by_end: [Vec<f64>; 2],
    /// Daily chance r of starting rework (stages 2 and later).
    pub(crate) rework: f64,
    /// The record moves a deal in rework back a stage.
    pub(crate) record_reverse: bool,
    /// The record holds a deal's budget from this stage (0-based) on.
    pub(crate) budget_from: usize,
    /// The decision stage (0-based): from it on the record holds the true budget.
    pub(crate) decision: usize,
    /// Spread of the seller's early budget estimate.
    pub(crate) early_sigma: f64,
    pub(crate) capacity: Option<Capacity>,
    pub(crate) shape: Vec<ShapeStage>,
    pub(crate) stage_names: Vec<String>,
    /// Each stage's English name, where the scenario gives one (reports carry both).
    pub(crate) stage_names_en: Vec<Option<String>>,
    /// Whole-deal outcome tables, when deals are independent, never rework and the tables
    /// are small enough.
    pub(crate) outcomes: Option<OutcomeTables>,
    /// The thinned Poisson sources for the outcome tables' method.
    pub(crate) thinned: Option<Thinned>,
}

impl Model {
    /// Derives everything the simulation needs from a validated scenario.
    pub fn new(scenario: &Scenario) -> Model {
        let spec = scenario.spec();
        let levers = &spec.levers;
        let k = spec.stages.len();
        let rework = levers.rework_per_day;

        let kinds = stage_params(scenario);

        let horizon = scenario.horizon();
        let checkpoint = scenario.checkpoint();
        let win_by_end = [0, 1].map(|kind| win_within(&kinds[kind], horizon - checkpoint));

        let share = levers.deadline_share;
        let stationary = stationary(scenario, &kinds);

        let budget = Budget::from_spec(&spec.budget);
        let prices: Vec<Option<Budget>> =
            spec.stages.iter().map(|s| s.price.as_ref().map(Budget::from_spec)).collect();
        let price_means: Vec<f64> = prices.iter().map(|p| p.map_or(0.0, |p| p.mean())).collect();
        let prices_by_end =
            [0, 1].map(|kind| prices_within(&kinds[kind], &price_means, horizon - checkpoint));
        let stationary_price_revenue: f64 = stationary
            .iter()
            .map(|st| st.forward.iter().zip(&price_means).map(|(f, m)| f * m).sum::<f64>())
            .sum();
        let budget_from = (levers.budget_known_from_stage.max(1) - 1) as usize;
        let shape = plan_shape(
            &recorded_shape(&stationary, levers.record_reverse),
            budget.mean(),
            budget_from,
            (stationary.iter().filter_map(|st| st.forward.last()).sum::<f64>() * budget.mean()
                + stationary_price_revenue)
                * f64::from(horizon),
            spec.plan,
        );

        let initial = match &spec.initial_pipeline {
            InitialPipeline::Empty => Initial::Empty,
            InitialPipeline::SteadyState => Initial::Steady(
                (0..k)
                    .map(|i| {
                        [0, 1].map(|kind| {
                            let st = &stationary[kind];
                            [Poisson::new(st.normal[i]), Poisson::new(st.rework[i])]
                        })
                    })
                    .collect(),
            ),
            InitialPipeline::Counts(c) => Initial::Counts(c.iter().map(|&n| n as u64).collect()),
            InitialPipeline::Deals(d) => {
                Initial::Deals(d.iter().map(|d| (d.stage as usize - 1, d.amount)).collect())
            }
        };

        let calls = levers.kpi == Kpi::Calls;
        let capacity = levers.minutes_per_day.map(|m| Capacity {
            minutes_per_day: m,
            minutes_per_deal: levers.minutes_per_deal
                * if calls { levers.call_kpi_factor } else { 1.0 }
                * levers.contacts_worked as f64,
            depth_penalty: if calls { levers.depth_penalty } else { 0.0 },
        });
        let (outcomes, thinned) =
            OutcomeTables::for_scenario(spec, &kinds, checkpoint, horizon, |kind, stage| {
                stationary[kind].normal[stage]
            })
            .unzip();
        Model {
            horizon,
            checkpoint,
            plan: spec.plan,
            kinds,
            win_by_end,
            deadline_share: share,
            inflows: spec
                .inflow
                .iter()
                .filter(|f| f.per_day > 0.0)
                .map(|f| (f.stage as usize - 1, Poisson::new(f.per_day)))
                .collect(),
            initial,
            budget,
            prices,
            price_means,
            prices_by_end,
            rework,
            record_reverse: levers.record_reverse,
            budget_from,
            decision: decision_stage(spec),
            early_sigma: levers.early_budget_sigma,
            capacity,
            shape,
            stage_names: spec.stages.iter().map(|s| s.name.clone()).collect(),
            stage_names_en: spec.stages.iter().map(|s| s.name_en.clone()).collect(),
            outcomes,
            thinned,
        }
    }

    /// Number of stages.
    pub fn stage_count(&self) -> usize {
        self.shape.len()
    }

    /// Deals one trial creates, in expectation: the inflow over the horizon plus the pipeline
    /// on day 1.
    pub fn expected_deals(&self) -> f64 {
        let inflow: f64 = self.inflows.iter().map(|(_, p)| p.mean()).sum();
        let initial = match &self.initial {
            Initial::Empty => 0.0,
            Initial::Steady(p) => p.iter().flatten().flatten().map(Poisson::mean).sum(),
            Initial::Counts(c) => c.iter().sum::<u64>() as f64,
            Initial::Deals(d) => d.len() as f64,
        };
        inflow * f64::from(self.horizon) + initial
    }

    /// What one trial costs, in units of one outcome-table draw (about 40 ns natively, 60–120 ns
    /// in the browser's worker): the expected deals times what the method does with each. Per
    /// deal, rework adds events; day by day (the capacity lever), each deal costs every day it
    /// stays, at about a sixth of a draw. Measured in README, "Limits".
    pub fn work_per_trial(&self) -> f64 {
        let deals = self.expected_deals();
        let per_deal = match (&self.outcomes, &self.capacity) {
            (Some(_), None) => 1.0,
            (None, None) => 1.0 + 10.0 * self.rework,
            (_, Some(_)) => {
                let stay: f64 = self.kinds[0].iter().map(|s| s.mean_days).sum();
                (stay.min(f64::from(self.horizon)) / 6.0).max(1.0)
            }
        };
        deals * per_deal
    }

    /// The individual funnel shape and the plan shape: expected recorded count and budget per
    /// stage at the end of a day.
    pub fn shape(&self) -> &[ShapeStage] {
        &self.shape
    }

    /// The effective parameters of a kind of deal (`NO_DEADLINE` or `DEADLINE`).
    pub fn stages(&self, kind: usize) -> &[StageParams] {
        &self.kinds[kind]
    }

    /// Deal budget distribution.
    pub fn budget(&self) -> Budget {
        self.budget
    }

    /// Expected wins in days 1..=T, by the mean-flow recursion of the daily dynamics with the
    /// rework state (exact without the capacity lever, which is ignored here).
    pub fn expected_wins(&self) -> f64 {
        self.expected_flows().0
    }

    /// Expected revenue of the period: wins × E[budget] plus each stage's forward exits ×
    /// E[price] (exact without the capacity lever).
    pub fn expected_revenue(&self) -> f64 {
        self.expected_flows().1
    }

    /// (expected wins, expected revenue of the wins and prices) in days 1..=T. Given deals
    /// with an amount earn that amount, every other win E[budget].
    fn expected_flows(&self) -> (f64, f64) {
        let k = self.stage_count();
        let kind_share = [1.0 - self.deadline_share, self.deadline_share];
        let mean_budget = self.budget.mean();
        // One accumulator across both kinds, in the order the sums have always been taken.
        let mut acc = (0.0, 0.0);
        let mut known = 0.0;
        for kind in [NO_DEADLINE, DEADLINE] {
            if kind_share[kind] == 0.0 {
                continue;
            }
            // Expected deals out of rework and in rework at the end of day 0.
            let (m, w): (Vec<f64>, Vec<f64>) = match &self.initial {
                Initial::Empty => (vec![0.0; k], vec![0.0; k]),
                Initial::Steady(p) => (
                    p.iter().map(|s| s[kind][0].mean()).collect(),
                    p.iter().map(|s| s[kind][1].mean()).collect(),
                ),
                Initial::Counts(c) => {
                    (c.iter().map(|&n| n as f64 * kind_share[kind]).collect(), vec![0.0; k])
                }
                Initial::Deals(d) => {
                    let mut m = vec![0.0; k];
                    for &(stage, _) in d {
                        m[stage] += kind_share[kind];
                    }
                    (m, vec![0.0; k])
                }
            };
            self.flows(kind, m, w, kind_share[kind], &mut acc);
            // The flows are linear in the starting mass: deals with a known amount replace
            // E[budget] by their amount.
            if let Initial::Deals(d) = &self.initial {
                let (mut count, mut amount) = (vec![0.0; k], vec![0.0; k]);
                for &(stage, a) in d {
                    if let Some(a) = a {
                        count[stage] += kind_share[kind];
                        amount[stage] += a * kind_share[kind];
                    }
                }
                let (mut wins, mut revenue) = ((0.0, 0.0), (0.0, 0.0));
                self.flows(kind, count, vec![0.0; k], 0.0, &mut wins);
                self.flows(kind, amount, vec![0.0; k], 0.0, &mut revenue);
                known += revenue.0 - wins.0 * mean_budget;
            }
        }
        (acc.0, acc.0 * mean_budget + acc.1 + known)
    }

    /// The mean-flow recursion of one kind from end-of-day-0 masses out of rework (`m`) and in
    /// rework (`w`), with the inflows scaled by `inflow_share`, adding (mass won, expected
    /// prices) to `acc`.
    fn flows(
        &self,
        kind: usize,
        mut m: Vec<f64>,
        mut w: Vec<f64>,
        inflow_share: f64,
        acc: &mut (f64, f64),
    ) {
        let st = &self.kinds[kind];
        let (wins, price_revenue) = (&mut acc.0, &mut acc.1);
        for _day in 1..=self.horizon {
            for (stage, pois) in &self.inflows {
                m[*stage] += pois.mean() * inflow_share;
            }
            *wins += day_step(st, self.rework, &mut m, &mut w, |i, exits| {
                *price_revenue += exits * self.price_means[i];
            });
        }
    }
}

/// One day of step 2 of the daily dynamics for expected numbers (or probabilities) of deals of
/// one kind: `normal[i]` deals out of rework and `rework[i]` in rework in stage i after the day's
/// arrivals. Deals leave (forward with the stage's conversion), start rework (stages 2 and later)
/// or finish it; a deal that advanced today does not move again today. `forward(i, x)` is told
/// the expected forward exits x out of each stage i in order; returns the last stage's (wins).
/// The mean-flow closed forms and the exact path both step with this one function.
pub(crate) fn day_step(
    stages: &[StageParams],
    rework: f64,
    normal: &mut [f64],
    in_rework: &mut [f64],
    mut forward: impl FnMut(usize, f64),
) -> f64 {
    let mut advancing = 0.0;
    for (i, s) in stages.iter().enumerate() {
        let r = if i == 0 { 0.0 } else { rework };
        let stay = normal[i] * (1.0 - s.exit_prob);
        let finished = in_rework[i] * s.finish_prob;
        let exits = normal[i] * s.exit_prob * s.conversion;
        in_rework[i] += stay * r - finished;
        normal[i] = stay * (1.0 - r) + finished + advancing;
        forward(i, exits);
        advancing = exits;
    }
    advancing
}

/// The stationary end-of-day counts per kind (MODEL.md, "The individual funnel shape"):
/// S^N_k = (a_k + f_k)(d_k − 1) + f_k, S^R_k = r·d_{k−1}·(d_k − 1)·(a_k + f_k),
/// f_{k+1} = (a_k + f_k)·p_k, with a kind's inflow scaled by its share of new deals.
fn stationary(scenario: &Scenario, kinds: &[Vec<StageParams>; 2]) -> [Stationary; 2] {
    let spec = scenario.spec();
    let k = spec.stages.len();
    let share = spec.levers.deadline_share;
    let r = spec.levers.rework_per_day;
    let kind_share = [1.0 - share, share];
    let mut inflow_by_stage = vec![0.0; k];
    for f in &spec.inflow {
        inflow_by_stage[f.stage as usize - 1] += f.per_day;
    }
    [0, 1].map(|kind| {
        let st = &kinds[kind];
        let mut f = 0.0;
        let mut normal = Vec::with_capacity(k);
        let mut rework = Vec::with_capacity(k);
        let mut forward = Vec::with_capacity(k);
        for i in 0..k {
            let a = inflow_by_stage[i] * kind_share[kind];
            let d = st[i].mean_days;
            normal.push((a + f) * (d - 1.0) + f);
            let spell = if i == 0 { 0.0 } else { r * st[i - 1].mean_days };
            rework.push(spell * (d - 1.0) * (a + f));
            f = (a + f) * st[i].conversion;
            forward.push(f);
        }
        Stationary { normal, rework, forward }
    })
}

/// What the record shows at the end of a stationary day, per stage: under the rule a deal in
/// rework stays in its stage; under the moving record it is shown one stage back.
fn recorded_shape(stationary: &[Stationary; 2], record_reverse: bool) -> Vec<f64> {
    let k = stationary[0].normal.len();
    (0..k)
        .map(|i| {
            stationary
                .iter()
                .map(|st| {
                    let rework = if record_reverse {
                        st.rework.get(i + 1).copied().unwrap_or(0.0)
                    } else {
                        st.rework[i]
                    };
                    st.normal[i] + rework
                })
                .sum()
        })
        .collect()
}

/// The shape with its budgets, and the plan shape: the same scaled by plan / R*, where R* is
/// the revenue of a stationary period (no plan shape when R* is 0).
fn plan_shape(
    counts: &[f64],
    mean_budget: f64,
    budget_from: usize,
    stationary_revenue: f64,
    plan: f64,
) -> Vec<ShapeStage> {
    let scale = if stationary_revenue > 0.0 { plan / stationary_revenue } else { 0.0 };
    counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let budget = if i >= budget_from { count * mean_budget } else { 0.0 };
            ShapeStage { count, budget, plan_count: count * scale, plan_budget: budget * scale }
        })
        .collect()
}

/// The individual funnel shape's expected recorded deal counts at the end of a day, without
/// building a whole [`Model`] (no outcome tables): what the page draws beside presets, lessons
/// and team members.
pub fn shape_counts(scenario: &Scenario) -> Vec<f64> {
    let st = stationary(scenario, &stage_params(scenario));
    recorded_shape(&st, scenario.spec().levers.record_reverse)
}

/// For a deal at the start of a day in stage k: the expected prices of the forward exits it
/// makes within `days` days, Σ_j E[price_j] · P(it leaves j forward within `days`), each term by
/// the recursion of [`win_within`] with stage j as the end.
fn prices_within(stages: &[StageParams], price_means: &[f64], days: u32) -> Vec<f64> {
    let k = stages.len();
    let mut total = vec![0.0; k];
    for (j, &mean) in price_means.iter().enumerate() {
        if mean == 0.0 {
            continue;
        }
        for (t, p) in total.iter_mut().zip(win_within(&stages[..=j], days)) {
            *t += mean * p;
        }
    }
    total
}

/// P(a deal at the start of a day in stage k wins within `days` days), for each k, by
/// W_k(r) = h_k·p_k·W_{k+1}(r−1) + (1−h_k)·W_k(r−1), W_{K}(·) = 1, W_k(0) = 0.
fn win_within(stages: &[StageParams], days: u32) -> Vec<f64> {
    let k = stages.len();
    // w[i] holds W_i(r) for the current r; w[k] = 1 (already won).
    let mut w = vec![0.0; k + 1];
    w[k] = 1.0;
    for _ in 0..days {
        // Update from the first stage on, so w[i + 1] still holds W_{i+1}(r−1).
        for i in 0..k {
            let s = &stages[i];
            w[i] = s.exit_prob * s.conversion * w[i + 1] + (1.0 - s.exit_prob) * w[i];
        }
    }
    w.truncate(k);
    w
}
