//! Streaming aggregation of trials into a mergeable summary, and its final [`Report`].
//!
//! Memory is fixed by the scenario (stages, days), never by the number of trials: sums are
//! [`ExactSum`]s and integer counters, quantiles come from [`LogHistogram`]s. Revenue
//! quantiles use 128 buckets an octave and keep each bucket's extremes (exact for revenue made
//! of a few fixed budgets, within 0.8% otherwise); the daily fan uses 32 an octave (within
//! 1.6%, bucket midpoints). Merging is exact, so a run's report does not depend on how its
//! trials were split into batches.

use super::job::Summary;
use super::model::Model;
use super::report::{
    AttainmentHistogram, CheckBasis, FanPoint, ForecastReport, Mean, MeanSd, Report,
    RevenueSummary, ShapeCurvePoint, StageReport, WarningScore,
};
use super::stats::{ratio, Confusion, ExactSum, LogBuckets, LogHistogram};
use super::trial::Trial;

/// Width of an attainment bin, as a share of plan.
pub const ATTAINMENT_BIN: f64 = 0.05;
/// Attainment bins; the last one is open-ended (300% and more).
pub const ATTAINMENT_BINS: usize = 61;

/// The tolerances the mid-month check is also scored at (MODEL.md, `warn_shape_curve`).
pub const CURVE_TOLERANCES: [f64; 6] = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5];
/// The bases it is scored on, in the curve's order.
pub const CURVE_BASES: [CheckBasis; 3] = [CheckBasis::Both, CheckBasis::Count, CheckBasis::Budget];

const REVENUE_BUCKETS: LogBuckets = LogBuckets { per_octave: 128, min_exp: -30, octaves: 42 };
const FAN_BUCKETS: LogBuckets = LogBuckets { per_octave: 32, min_exp: -24, octaves: 36 };

/// The mergeable summary of some trials of one scenario. It travels between the workers of a
/// pool and the page as JSON (exact: serde_json's `float_roundtrip` reads every float back to
/// the bit).
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Aggregate {
    trials: u64,
    plan_hits: u64,
    revenue: ExactSum,
    revenue_sq: ExactSum,
    revenue_hist: LogHistogram,
    attainment: Vec<u64>,
    wins: u64,
    wins_sq: u128,
    losses: u64,
    created: u64,
    rework_starts: u64,
    reverse_moves: u64,
    forward: Vec<u64>,
    lost_at: Vec<u64>,
    back: Vec<u64>,
    reforward: Vec<u64>,
    checkpoint_count: Vec<u64>,
    checkpoint_budget: Vec<ExactSum>,
    end_count: Vec<u64>,
    end_budget: Vec<ExactSum>,
    fan: Vec<LogHistogram>,
    forecast: ExactSum,
    forecast_error: ExactSum,
    abs_pct_error: ExactSum,
    abs_pct_trials: u64,
    warn_forecast: Confusion,
    warn_shape: Confusion,
    /// One per (basis, tolerance), bases outer, in the order of the constants above.
    warn_curve: Vec<Confusion>,
}

/// The lowest ratio of a recorded number to its plan shape over the stages checked on it;
/// `None` when no stage has a plan shape for it.
fn lowest_ratio(values: impl Iterator<Item = (f64, f64)>) -> Option<f64> {
    values.filter(|&(_, plan)| plan > 0.0).map(|(v, plan)| v / plan).reduce(f64::min)
}

/// The posts' check: does any checked number fall below (1 − tolerance) of its plan shape?
/// `None` when nothing was checked.
fn check_warns(
    count: Option<f64>,
    budget: Option<f64>,
    basis: CheckBasis,
    tol: f64,
) -> Option<bool> {
    let low = match basis {
        CheckBasis::Both => match (count, budget) {
            (Some(c), Some(b)) => Some(c.min(b)),
            (c, b) => c.or(b),
        },
        CheckBasis::Count => count,
        CheckBasis::Budget => budget,
    };
    low.map(|r| r < 1.0 - tol)
}

impl Aggregate {
    /// An empty summary for a model.
    pub fn new(model: &Model) -> Self {
        let k = model.stage_count();
        let plan = model.plan;
        Aggregate {
            trials: 0,
            plan_hits: 0,
            revenue: ExactSum::default(),
            revenue_sq: ExactSum::default(),
            revenue_hist: LogHistogram::new(plan, REVENUE_BUCKETS, true),
            attainment: vec![0; ATTAINMENT_BINS],
            wins: 0,
            wins_sq: 0,
            losses: 0,
            created: 0,
            rework_starts: 0,
            reverse_moves: 0,
            forward: vec![0; k],
            lost_at: vec![0; k],
            back: vec![0; k],
            reforward: vec![0; k],
            checkpoint_count: vec![0; k],
            checkpoint_budget: vec![ExactSum::default(); k],
            end_count: vec![0; k],
            end_budget: vec![ExactSum::default(); k],
            fan: vec![LogHistogram::new(plan, FAN_BUCKETS, false); model.horizon as usize],
            forecast: ExactSum::default(),
            forecast_error: ExactSum::default(),
            abs_pct_error: ExactSum::default(),
            abs_pct_trials: 0,
            warn_forecast: Confusion::default(),
            warn_shape: Confusion::default(),
            warn_curve: vec![Confusion::default(); CURVE_BASES.len() * CURVE_TOLERANCES.len()],
        }
    }

    /// Trials summarised so far.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Adds one trial.
    pub fn record(&mut self, model: &Model, trial: &Trial, shape_tolerance: f64) {
        let plan = model.plan;
        self.trials += 1;
        let mut cumulative = 0.0;
        let mut by_checkpoint = 0.0;
        for (day, hist) in self.fan.iter_mut().enumerate() {
            cumulative += trial.won_by_day[day + 1];
            hist.record(cumulative);
            if day + 1 == model.checkpoint as usize {
                by_checkpoint = cumulative;
            }
        }
        let revenue = cumulative;
        let missed = revenue < plan;
        self.plan_hits += u64::from(!missed);
        self.revenue.add(revenue);
        self.revenue_sq.add(revenue * revenue);
        self.revenue_hist.record(revenue);
        let bin = ((revenue / plan) / ATTAINMENT_BIN).floor();
        self.attainment[(bin as usize).min(ATTAINMENT_BINS - 1)] += 1;

        self.wins += trial.wins;
        self.wins_sq += u128::from(trial.wins) * u128::from(trial.wins);
        self.losses += trial.losses;
        self.created += trial.created;
        self.rework_starts += trial.rework_starts;
        self.reverse_moves += trial.reverse_moves();

        for k in 0..model.shape.len() {
            self.checkpoint_count[k] += trial.checkpoint_count[k];
            self.checkpoint_budget[k].add(trial.checkpoint_budget[k]);
            self.end_count[k] += trial.end_count[k];
            self.end_budget[k].add(trial.end_budget[k]);
            self.forward[k] += trial.forward[k];
            self.lost_at[k] += trial.lost_at[k];
            self.back[k] += trial.back[k];
            self.reforward[k] += trial.reforward[k];
        }
        let count = lowest_ratio(
            model.shape.iter().zip(&trial.checkpoint_count).map(|(s, &n)| (n as f64, s.plan_count)),
        );
        let budget = lowest_ratio(
            model.shape.iter().zip(&trial.checkpoint_budget).map(|(s, &b)| (b, s.plan_budget)),
        );
        if let Some(warn) = check_warns(count, budget, CheckBasis::Both, shape_tolerance) {
            self.warn_shape.record(warn, missed);
        }
        let points = CURVE_BASES.iter().flat_map(|&b| CURVE_TOLERANCES.map(|t| (b, t)));
        for (conf, (basis, tol)) in self.warn_curve.iter_mut().zip(points) {
            if let Some(warn) = check_warns(count, budget, basis, tol) {
                conf.record(warn, missed);
            }
        }

        let forecast = by_checkpoint + trial.pipeline_forecast;
        self.forecast.add(forecast);
        self.forecast_error.add(forecast - revenue);
        if revenue > 0.0 {
            self.abs_pct_error.add((forecast - revenue).abs() / revenue);
            self.abs_pct_trials += 1;
        }
        self.warn_forecast.record(forecast < plan, missed);
    }

    /// Adds another summary of the same scenario.
    pub fn merge(&mut self, o: &Aggregate) {
        self.trials += o.trials;
        self.plan_hits += o.plan_hits;
        self.revenue.merge(&o.revenue);
        self.revenue_sq.merge(&o.revenue_sq);
        self.revenue_hist.merge(&o.revenue_hist);
        for (a, b) in self.attainment.iter_mut().zip(&o.attainment) {
            *a += b;
        }
        self.wins += o.wins;
        self.wins_sq += o.wins_sq;
        self.losses += o.losses;
        self.created += o.created;
        self.rework_starts += o.rework_starts;
        self.reverse_moves += o.reverse_moves;
        for k in 0..self.checkpoint_count.len() {
            self.forward[k] += o.forward[k];
            self.lost_at[k] += o.lost_at[k];
            self.back[k] += o.back[k];
            self.reforward[k] += o.reforward[k];
            self.checkpoint_count[k] += o.checkpoint_count[k];
            self.checkpoint_budget[k].merge(&o.checkpoint_budget[k]);
            self.end_count[k] += o.end_count[k];
            self.end_budget[k].merge(&o.end_budget[k]);
        }
        for (a, b) in self.fan.iter_mut().zip(&o.fan) {
            a.merge(b);
        }
        self.forecast.merge(&o.forecast);
        self.forecast_error.merge(&o.forecast_error);
        self.abs_pct_error.merge(&o.abs_pct_error);
        self.abs_pct_trials += o.abs_pct_trials;
        self.warn_forecast.merge(&o.warn_forecast);
        self.warn_shape.merge(&o.warn_shape);
        for (a, b) in self.warn_curve.iter_mut().zip(&o.warn_curve) {
            a.merge(b);
        }
    }

    /// The report of the trials so far. `Header` carries what the summary does not know.
    pub fn report(&self, model: &Model, header: ReportHeader) -> Report {
        let n = self.trials.max(1) as f64;
        let mean = |s: &ExactSum| s.value() / n;
        let sd = |sum: f64, sum_sq: f64| {
            if self.trials < 2 {
                0.0
            } else {
                ((sum_sq - sum * sum / n) / (n - 1.0)).max(0.0).sqrt()
            }
        };
        let p_plan = self.plan_hits as f64 / n;
        let q = |p: f64| self.revenue_hist.quantile(p).unwrap_or(0.0);
        let revenue_mean = mean(&self.revenue);
        let bias = mean(&self.forecast_error);
        let score = |c: &Confusion| WarningScore {
            precision: c.precision(),
            recall: c.recall(),
            rate: c.rate(),
        };
        Report {
            scenario: header.scenario,
            currency: header.currency,
            trials: self.trials,
            seed: header.seed,
            plan: model.plan,
            horizon_days: model.horizon,
            checkpoint_day: model.checkpoint,
            p_plan,
            p_plan_se: (p_plan * (1.0 - p_plan) / n).sqrt(),
            revenue: RevenueSummary {
                mean: revenue_mean,
                sd: sd(self.revenue.value(), self.revenue_sq.value()),
                p5: q(0.05),
                p10: q(0.10),
                p50: q(0.50),
                p90: q(0.90),
                p95: q(0.95),
            },
            expected_revenue: model.capacity.is_none().then(|| model.expected_revenue()),
            attainment: AttainmentHistogram {
                bin_width: ATTAINMENT_BIN,
                counts: self.attainment.clone(),
            },
            wins: MeanSd {
                mean: self.wins as f64 / n,
                sd: sd(self.wins as f64, self.wins_sq as f64),
            },
            losses: Mean { mean: self.losses as f64 / n },
            created: Mean { mean: self.created as f64 / n },
            rework_starts: Mean { mean: self.rework_starts as f64 / n },
            reverse_moves: Mean { mean: self.reverse_moves as f64 / n },
            stages: model
                .shape
                .iter()
                .enumerate()
                .map(|(k, shape)| StageReport {
                    name: model.stage_names[k].clone(),
                    name_en: model.stage_names_en[k].clone(),
                    shape_count: shape.count,
                    shape_budget: shape.budget,
                    plan_shape_count: shape.plan_count,
                    plan_shape_budget: shape.plan_budget,
                    conversion: ratio(self.forward[k], self.forward[k] + self.lost_at[k]),
                    recorded_conversion: {
                        let fwd = self.forward[k] + self.reforward[k];
                        ratio(fwd, fwd + self.lost_at[k] + self.back[k])
                    },
                    checkpoint_count: self.checkpoint_count[k] as f64 / n,
                    checkpoint_budget: mean(&self.checkpoint_budget[k]),
                    end_count: self.end_count[k] as f64 / n,
                    end_budget: mean(&self.end_budget[k]),
                })
                .collect(),
            fan: self
                .fan
                .iter()
                .enumerate()
                .map(|(d, h)| FanPoint {
                    day: d as u32 + 1,
                    p10: h.quantile(0.10).unwrap_or(0.0),
                    p50: h.quantile(0.50).unwrap_or(0.0),
                    p90: h.quantile(0.90).unwrap_or(0.0),
                })
                .collect(),
            forecast: ForecastReport {
                mean: mean(&self.forecast),
                bias,
                bias_relative: (revenue_mean > 0.0).then(|| bias / revenue_mean),
                mape: ratio(1, self.abs_pct_trials).map(|inv| self.abs_pct_error.value() * inv),
                mape_trials: self.abs_pct_trials,
                warn_forecast: score(&self.warn_forecast),
                warn_shape: score(&self.warn_shape),
                shape_tolerance: header.shape_tolerance,
                warn_shape_curve: CURVE_BASES
                    .iter()
                    .flat_map(|&b| CURVE_TOLERANCES.map(|t| (b, t)))
                    .zip(&self.warn_curve)
                    .map(|((basis, tolerance), c)| ShapeCurvePoint {
                        tolerance,
                        basis,
                        precision: c.precision(),
                        recall: c.recall(),
                        rate: c.rate(),
                    })
                    .collect(),
            },
        }
    }
}

/// What a report says beyond the aggregated numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportHeader {
    /// Scenario name.
    pub scenario: String,
    /// Currency.
    pub currency: String,
    /// Seed.
    pub seed: u64,
    /// Shape-rule tolerance.
    pub shape_tolerance: f64,
}

impl Summary for Aggregate {
    fn merge(&mut self, other: &Self) {
        Aggregate::merge(self, other);
    }

    fn trials(&self) -> u64 {
        Aggregate::trials(self)
    }
}
