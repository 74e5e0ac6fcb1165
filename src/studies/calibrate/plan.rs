//! P(plan) for the rest of the month from a calibration, with the estimates' uncertainty
//! carried in, and the posts' mid-month check on real data: today's open deals beside the
//! plan shape.
//!
//! Each batch draws its own parameters from their posteriors (Jeffreys priors: Beta for a
//! conversion, a daily exit or rework probability; Gamma for an inflow rate; the normal /
//! scaled inverse chi-square posterior of the log-normal deal size) and runs the engine on
//! them. Batch `b`'s parameters come from the stream `(seed ^ PARAMETERS, b)` and its trials
//! from a seed drawn there, so the result depends only on the seed, never on a clock.

use serde::{Deserialize, Serialize};

use super::interval::{beta_draw, gamma_draw};
use super::{CalibrateError, Calibration, Date};
use crate::sim::model::{Model, Z90};
use crate::sim::rng::TrialRng;
use crate::sim::scenario::{BudgetSpec, InitialPipeline, Scenario, ScenarioSpec};
use crate::sim::Job;
use crate::sim::{RunConfig, Simulation};

/// Tag of the parameter streams.
const PARAMETERS: u64 = 0xCA1B_7A7E_0000_0001;

/// How to run the plan check.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanCheckConfig {
    /// Parameter draws.
    pub batches: u64,
    /// Months simulated per draw.
    pub trials_per_batch: u64,
    /// Seed.
    pub seed: u64,
}

impl Default for PlanCheckConfig {
    fn default() -> Self {
        PlanCheckConfig { batches: 200, trials_per_batch: 100, seed: 1 }
    }
}

/// One stage of the mid-month check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShapeRow {
    /// Stage name.
    pub stage: String,
    /// Deals open in it at the as-of date.
    pub count: u64,
    /// Their budget (known amounts; the budget's mean for the rest).
    pub budget: f64,
    /// The shape: expected count at the end of a day in the stationary funnel.
    pub shape_count: f64,
    /// The shape's budget.
    pub shape_budget: f64,
    /// The shape scaled to the month's plan.
    pub plan_shape_count: f64,
    /// Its budget.
    pub plan_shape_budget: f64,
    /// Whether the count is below the plan shape (none when the plan shape is 0).
    pub below_count: Option<bool>,
    /// Whether the budget is below it.
    pub below_budget: Option<bool>,
}

/// P(plan) over the rest of the month and the shape check.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanCheck {
    /// The as-of date.
    pub as_of: Date,
    /// The month's last day.
    pub month_end: Date,
    /// Days left after the as-of date.
    pub days_left: i64,
    /// The month's plan.
    pub plan: f64,
    /// Won in the month so far.
    pub won_so_far: f64,
    /// What remains to win: plan − won so far.
    pub target: f64,
    /// P(the rest of the month wins the target), parameters drawn from their posteriors;
    /// 1 when the plan is met already, 0 when no day is left and it is not.
    pub p_plan: f64,
    /// Its standard error (between batches).
    pub p_plan_se: f64,
    /// The same at the point estimates, as if they were exact.
    pub p_plan_point: f64,
    /// Its standard error.
    pub p_plan_point_se: f64,
    /// The settings.
    pub config: PlanCheckConfig,
    /// Today's open deals beside the plan shape, per stage.
    pub shape: Vec<ShapeRow>,
    /// The posts' check: some stage's count or budget is below its plan shape (none when no
    /// stage has a plan shape).
    pub warn: Option<bool>,
}

/// Posterior draw of every estimated parameter into a copy of `spec`.
fn draw_parameters(cal: &Calibration, spec: &mut ScenarioSpec, rng: &mut TrialRng) {
    for (stage, e) in spec.stages.iter_mut().zip(&cal.estimates) {
        let lost = e.exits.saturating_sub(e.forward);
        stage.conversion = beta_draw(rng, e.forward as f64 + 0.5, lost as f64 + 0.5);
        let stays = e.exposure_days.saturating_sub(e.timed_exits);
        let h = beta_draw(rng, e.timed_exits as f64 + 0.5, stays as f64 + 0.5);
        stage.mean_days = if h > 0.0 { (1.0 / h).clamp(1.0, 10_000.0) } else { 10_000.0 };
    }
    for f in &mut spec.inflow {
        if let Some(e) = cal.inflow.iter().find(|e| e.stage_number as i64 == f.stage) {
            f.per_day = gamma_draw(rng, e.deals as f64 + 0.5) / e.days.max(1) as f64;
        }
    }
    let b = &cal.budget;
    if b.amounts >= 2 {
        let n = b.amounts as f64;
        let chi2 = 2.0 * gamma_draw(rng, (n - 1.0) / 2.0);
        let sigma = libm::sqrt((n - 1.0) * b.log_sd * b.log_sd / chi2.max(1e-300));
        let mu = b.log_mean + sigma / libm::sqrt(n) * rng.standard_normal();
        // Held inside what a scenario accepts (only absurd files reach the bounds).
        use crate::sim::scenario::{MAX_MONEY, MAX_SPREAD};
        let median = libm::exp(mu).clamp(f64::MIN_POSITIVE, MAX_MONEY);
        let p90 = (median * libm::exp(Z90 * sigma)).min(median * MAX_SPREAD).min(MAX_MONEY);
        spec.budget = BudgetSpec { median, p90: p90.max(median) };
    }
    let r = &cal.rework;
    if r.backward_moves > 0 {
        let stays = r.exposure_days.saturating_sub(r.backward_moves);
        spec.levers.rework_per_day =
            beta_draw(rng, r.backward_moves as f64 + 0.5, stays as f64 + 0.5).min(0.99);
    }
}

/// P(plan) of a spec: (share of trials with revenue >= plan, its standard error).
fn p_plan(spec: ScenarioSpec, trials: u64, seed: u64) -> Result<(f64, f64), CalibrateError> {
    let report = simulation(spec, trials, seed)?.run();
    Ok((report.p_plan, report.p_plan_se))
}

/// The engine's run of a spec.
fn simulation(spec: ScenarioSpec, trials: u64, seed: u64) -> Result<Simulation, CalibrateError> {
    let scenario = Scenario::new(spec).map_err(|e| CalibrateError::Option(e.to_string()))?;
    let config = RunConfig { trials, seed, ..RunConfig::default() };
    Simulation::new(scenario, config).map_err(|e| CalibrateError::Option(e.to_string()))
}

/// P(plan) over the rest of the as-of month and today's funnel beside the plan shape.
pub fn plan_check(
    cal: &Calibration,
    config: &PlanCheckConfig,
) -> Result<PlanCheck, CalibrateError> {
    let mut run = PlanCheckRun::new(cal, config)?;
    while run.step(u64::MAX)? {}
    run.finish()
}

/// The plan check played in steps: the point estimates' trials in batches (the engine's
/// summaries merge exactly), then the parameter draws, a few a step, in order; the same answer
/// as [`plan_check`], bit for bit.
pub struct PlanCheckRun {
    cal: Calibration,
    config: PlanCheckConfig,
    target: f64,
    /// The rest of the month, when there is something to simulate.
    rest: Option<ScenarioSpec>,
    /// The point estimates' run and its summary so far, while it plays.
    point: Option<(Simulation, crate::sim::Aggregate)>,
    point_done: u64,
    p_point: f64,
    se_point: f64,
    draws_done: u64,
    sum: f64,
    sum_sq: f64,
}

impl PlanCheckRun {
    /// The check with nothing played yet, or why it cannot run.
    pub fn new(
        cal: &Calibration,
        config: &PlanCheckConfig,
    ) -> Result<PlanCheckRun, CalibrateError> {
        if config.batches == 0 || config.trials_per_batch == 0 {
            return Err(CalibrateError::Option("the plan check needs batches and trials".into()));
        }
        let month = &cal.month;
        let target = month.plan - month.won_so_far;
        let mut run = PlanCheckRun {
            cal: cal.clone(),
            config: *config,
            target,
            rest: None,
            point: None,
            point_done: 0,
            p_point: 0.0,
            se_point: 0.0,
            draws_done: 0,
            sum: 0.0,
            sum_sq: 0.0,
        };
        if target <= 0.0 {
            run.p_point = 1.0;
        } else if month.days_left > 0 {
            let mut rest = cal.scenario.clone();
            rest.horizon_days = month.days_left.min(366);
            rest.checkpoint_day = None;
            rest.plan = target;
            let all = config.batches.saturating_mul(config.trials_per_batch);
            let sim = simulation(rest.clone(), all, config.seed)?;
            let empty = sim.empty();
            run.point = Some((sim, empty));
            run.rest = Some(rest);
        }
        Ok(run)
    }

    /// Trials played, and in all (none when the month needs no simulation).
    pub fn progress(&self) -> (u64, u64) {
        if self.rest.is_none() {
            return (0, 0);
        }
        let all = self.config.batches.saturating_mul(self.config.trials_per_batch);
        let draws = self.draws_done.saturating_mul(self.config.trials_per_batch);
        (self.point_done + draws, all.saturating_mul(2))
    }

    /// Plays about `trials` more trials: a batch of the point run, or whole parameter draws
    /// (at least one); false when nothing is left. The error says why a draw could not run.
    pub fn step(&mut self, trials: u64) -> Result<bool, CalibrateError> {
        let Some(rest) = &self.rest else { return Ok(false) };
        let trials = trials.max(1);
        if let Some((sim, summary)) = &mut self.point {
            let all = sim.trials();
            let end = self.point_done.saturating_add(trials).min(all);
            summary.merge(&sim.run_batch(self.point_done..end));
            self.point_done = end;
            if end >= all {
                let report = sim.report(summary);
                (self.p_point, self.se_point) = (report.p_plan, report.p_plan_se);
                self.point = None;
            }
            return Ok(true);
        }
        let per = self.config.trials_per_batch;
        let draws = (trials / per).max(1);
        let end = self.draws_done.saturating_add(draws).min(self.config.batches);
        for b in self.draws_done..end {
            let mut rng = TrialRng::for_trial(self.config.seed ^ PARAMETERS, b);
            let mut spec = rest.clone();
            draw_parameters(&self.cal, &mut spec, &mut rng);
            let seed = (rng.uniform() * (1u64 << 53) as f64) as u64;
            let (pb, _) = p_plan(spec, per, seed)?;
            self.sum += pb;
            self.sum_sq += pb * pb;
        }
        self.draws_done = end;
        Ok(end < self.config.batches)
    }

    /// The check, once everything left (if anything) is played.
    pub fn finish(mut self) -> Result<PlanCheck, CalibrateError> {
        while self.step(u64::MAX)? {}
        let (cal, config, target) = (&self.cal, &self.config, self.target);
        let month = &cal.month;
        let (mut p, mut se) = (0.0, 0.0);
        let (p_point, se_point) = (self.p_point, self.se_point);
        if target <= 0.0 {
            p = 1.0;
        } else if self.rest.is_some() {
            let (sum, sum_sq) = (self.sum, self.sum_sq);
            let n = config.batches as f64;
            p = sum / n;
            let var = if n > 1.0 { ((sum_sq - sum * sum / n) / (n - 1.0)).max(0.0) } else { 0.0 };
            se = libm::sqrt(var / n);
        }
        let scenario = Scenario::new(cal.scenario.clone())
            .map_err(|e| CalibrateError::Option(e.to_string()))?;
        let model = Model::new(&scenario);
        let mean_budget = model.budget().mean();
        let k = cal.estimates.len();
        let mut budgets = vec![0.0; k];
        if let InitialPipeline::Deals(deals) = &cal.scenario.initial_pipeline {
            for d in deals {
                budgets[d.stage as usize - 1] += d.amount.unwrap_or(mean_budget);
            }
        }
        let shape: Vec<ShapeRow> = model
            .shape()
            .iter()
            .zip(&cal.estimates)
            .enumerate()
            .map(|(i, (s, e))| {
                let count = cal.open_deals[i];
                ShapeRow {
                    stage: e.stage.clone(),
                    count,
                    budget: budgets[i],
                    shape_count: s.count,
                    shape_budget: s.budget,
                    plan_shape_count: s.plan_count,
                    plan_shape_budget: s.plan_budget,
                    below_count: (s.plan_count > 0.0).then_some((count as f64) < s.plan_count),
                    below_budget: (s.plan_budget > 0.0).then_some(budgets[i] < s.plan_budget),
                }
            })
            .collect();
        let checks: Vec<bool> =
            shape.iter().flat_map(|r| [r.below_count, r.below_budget]).flatten().collect();
        let warn = (!checks.is_empty()).then(|| checks.iter().any(|&b| b));
        Ok(PlanCheck {
            as_of: cal.as_of,
            month_end: month.month_end,
            days_left: month.days_left,
            plan: month.plan,
            won_so_far: month.won_so_far,
            target,
            p_plan: p,
            p_plan_se: se,
            p_plan_point: p_point,
            p_plan_point_se: se_point,
            config: *config,
            shape,
            warn,
        })
    }
}
