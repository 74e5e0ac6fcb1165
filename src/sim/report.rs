//! What a run reports, as MODEL.md lists it. This is the JSON of `funnel-lab run --json`
//! (which adds the linter's `warnings`, see `crate::lint`) and the message the simulation
//! worker sends the page.
//!
//! A ratio with nothing to divide by is `None` (JSON `null`), never 0 or NaN.

use serde::{Deserialize, Serialize};

/// The result of a run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// Scenario name.
    pub scenario: String,
    /// Currency of plan and revenue.
    pub currency: String,
    /// Trials run.
    pub trials: u64,
    /// Seed of the run.
    pub seed: u64,
    /// The plan.
    pub plan: f64,
    /// Working days T.
    pub horizon_days: u32,
    /// Checkpoint day c.
    pub checkpoint_day: u32,
    /// Share of trials with revenue >= plan.
    pub p_plan: f64,
    /// Its standard error, sqrt(p(1−p)/n).
    pub p_plan_se: f64,
    /// Revenue of the period.
    pub revenue: RevenueSummary,
    /// Expected revenue by the mean-flow recursion; `None` with the capacity lever, where it
    /// has no closed form.
    pub expected_revenue: Option<f64>,
    /// Histogram of attainment = revenue / plan.
    pub attainment: AttainmentHistogram,
    /// Deals won in the period.
    pub wins: MeanSd,
    /// Deals lost in the period.
    pub losses: Mean,
    /// Deals that existed (initial pipeline plus arrivals).
    pub created: Mean,
    /// Rework spells started (the client redoes an earlier stage's condition).
    pub rework_starts: Mean,
    /// Backward moves in the record (0 under the posts' rule).
    pub reverse_moves: Mean,
    /// Per stage, top first.
    pub stages: Vec<StageReport>,
    /// Cumulative revenue by day: p10/p50/p90 across trials.
    pub fan: Vec<FanPoint>,
    /// The checkpoint forecast and the two mid-month warnings, judged against the outcome.
    pub forecast: ForecastReport,
}

/// Summary of the revenue distribution.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct RevenueSummary {
    /// Mean.
    pub mean: f64,
    /// Standard deviation (n − 1 in the denominator).
    pub sd: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// A mean and standard deviation.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct MeanSd {
    /// Mean.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
}

/// A mean.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Mean {
    /// Mean.
    pub mean: f64,
}

/// Attainment histogram: `counts[i]` trials had attainment in `[i·w, (i+1)·w)`; the last bin
/// holds everything from `(counts.len() − 1)·w` up.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct AttainmentHistogram {
    /// Bin width w, as a share of plan.
    pub bin_width: f64,
    /// Trials per bin.
    pub counts: Vec<u64>,
}

/// One stage's numbers: the individual shape and the means at the checkpoint and the end.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageReport {
    /// Stage name.
    pub name: String,
    /// Its English name, where the scenario gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// S_k: expected recorded deals at the end of a day in the stationary funnel.
    pub shape_count: f64,
    /// S_k · E[budget] from `budget_known_from_stage` on, 0 before it.
    pub shape_budget: f64,
    /// The shape scaled so that a stationary period earns the plan: what the stage must hold.
    pub plan_shape_count: f64,
    /// The plan shape's budget.
    pub plan_shape_budget: f64,
    /// True conversion in the period: forward exits ÷ exits of the real process; `None`
    /// without exits.
    pub conversion: Option<f64>,
    /// What the record shows: recorded forward moves ÷ all recorded moves out of the stage
    /// (forward, lost, backward); `None` without moves.
    pub recorded_conversion: Option<f64>,
    /// Mean deals at the end of the checkpoint day.
    pub checkpoint_count: f64,
    /// Mean budget at the end of the checkpoint day.
    pub checkpoint_budget: f64,
    /// Mean deals at the end of day T.
    pub end_count: f64,
    /// Mean budget at the end of day T.
    pub end_budget: f64,
}

/// Quantiles of cumulative revenue at the end of one day.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct FanPoint {
    /// Day, 1..=T.
    pub day: u32,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// How a warning fared against "actual revenue < plan".
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct WarningScore {
    /// Share of warnings followed by a missed plan; `None` if it never warned.
    pub precision: Option<f64>,
    /// Share of missed plans that were warned of; `None` if the plan was never missed.
    pub recall: Option<f64>,
    /// Share of trials in which it warned.
    pub rate: Option<f64>,
}

/// The checkpoint forecast: revenue won by day c plus, for every active deal, budget × its
/// probability of winning by day T from its own stage parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastReport {
    /// Mean forecast.
    pub mean: f64,
    /// Mean of forecast − actual, in currency.
    pub bias: f64,
    /// `bias` over mean actual revenue; `None` when mean revenue is 0.
    pub bias_relative: Option<f64>,
    /// Mean |forecast − actual| / actual over trials with actual > 0; `None` if there are none.
    pub mape: Option<f64>,
    /// Trials that entered `mape`.
    pub mape_trials: u64,
    /// Warning "forecast < plan".
    pub warn_forecast: WarningScore,
    /// The posts' mid-month check: some stage's recorded count or budget at the end of day c is
    /// below (1 − tolerance) of its plan shape; `None` rates when nothing could be checked.
    pub warn_shape: WarningScore,
    /// The tolerance of the shape rule.
    pub shape_tolerance: f64,
    /// The check at other tolerances and on one number only.
    pub warn_shape_curve: Vec<ShapeCurvePoint>,
}

/// Which numbers the mid-month check compares with the plan shape.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckBasis {
    /// Count and budget: the posts' two numbers.
    Both,
    /// Deal count only.
    Count,
    /// Budget only.
    Budget,
}

/// The mid-month check at one tolerance and basis.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShapeCurvePoint {
    /// Warn below (1 − tolerance) × plan shape.
    pub tolerance: f64,
    /// Which numbers are compared.
    pub basis: CheckBasis,
    /// Share of warnings followed by a missed plan.
    pub precision: Option<f64>,
    /// Share of missed plans warned of.
    pub recall: Option<f64>,
    /// Share of trials warned in.
    pub rate: Option<f64>,
}
