//! A sensitivity (tornado) table: ±10% of each parameter against the base, on the same trials,
//! or by the exact path without sampling.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::paired::{outcome, PairedSums};
use crate::sim::exact::{solve, ExactError};
use crate::sim::job::{Job, Summary};
use crate::sim::run::{RunConfig, RunError, Simulation};
use crate::sim::scenario::{Scenario, ScenarioSpec};
use crate::sim::trial::Trial;

/// A ±10% change of one parameter, against the base.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Effect {
    /// Change in P(plan).
    pub delta_p_plan: f64,
    /// Its paired standard error.
    pub delta_p_plan_se: f64,
    /// Change in mean revenue.
    pub delta_revenue_mean: f64,
    /// Its paired standard error.
    pub delta_revenue_mean_se: f64,
}

/// One bar of the tornado.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SensitivityRow {
    /// Which parameter, as a scenario path (`stages[2].conversion`).
    pub parameter: String,
    /// Its value in the base scenario.
    pub base: f64,
    /// The parameter lowered by 10%.
    pub minus: Effect,
    /// The parameter raised by 10%.
    pub plus: Effect,
    /// Computed by the exact path: the effects' errors are computation bounds, not sampling
    /// errors.
    #[serde(default)]
    pub exact: bool,
}

/// The ±10% variants of a scenario: each stage's conversion and mean days, each inflow, the
/// budget level (median and P90 together, so the spread stays). A conversion is capped at 1 and
/// days kept at least 1, as validation requires.
pub fn variants(spec: &ScenarioSpec) -> Vec<(String, f64, [ScenarioSpec; 2])> {
    let mut out = Vec::new();
    let mut push = |path: String, base: f64, set: &dyn Fn(&mut ScenarioSpec, f64)| {
        let variant = |f: f64| {
            let mut s = spec.clone();
            set(&mut s, f);
            s
        };
        out.push((path, base, [variant(0.9), variant(1.1)]));
    };
    for (k, st) in spec.stages.iter().enumerate() {
        push(format!("stages[{k}].conversion"), st.conversion, &|s, f| {
            s.stages[k].conversion = (s.stages[k].conversion * f).min(1.0);
        });
        push(format!("stages[{k}].mean_days"), st.mean_days, &|s, f| {
            s.stages[k].mean_days = (s.stages[k].mean_days * f).max(1.0);
        });
    }
    for (i, inflow) in spec.inflow.iter().enumerate() {
        push(format!("inflow[{i}].per_day"), inflow.per_day, &|s, f| s.inflow[i].per_day *= f);
    }
    push("budget.median".into(), spec.budget.median, &|s, f| {
        s.budget.median *= f;
        s.budget.p90 *= f;
    });
    out
}

/// A base scenario and its ±10% variants, run on the same trials.
#[derive(Clone, Debug)]
pub struct Sensitivity {
    base: Simulation,
    rows: Vec<(String, f64, [Simulation; 2])>,
}

/// The mergeable summary of a sensitivity run.
#[derive(Clone, Debug, PartialEq)]
pub struct SensitivityAggregate {
    sums: Vec<[PairedSums; 2]>,
}

impl SensitivityAggregate {
    /// Adds another summary of the same analysis.
    pub fn merge(&mut self, o: &SensitivityAggregate) {
        for (a, b) in self.sums.iter_mut().zip(&o.sums) {
            a[0].merge(&b[0]);
            a[1].merge(&b[1]);
        }
    }

    /// Trials so far.
    pub fn trials(&self) -> u64 {
        self.sums.first().map_or(0, |s| s[0].n)
    }
}

impl Sensitivity {
    /// Prepares the base and every variant.
    pub fn new(base: Scenario, config: RunConfig) -> Result<Self, RunError> {
        let rows = variants(base.spec())
            .into_iter()
            .map(|(path, value, [minus, plus])| {
                let sim = |s: ScenarioSpec| {
                    // Variants of a valid scenario stay valid: conversions are capped, days
                    // floored, rates and budgets scaled by a positive factor.
                    let scenario =
                        Scenario::new(s).map_err(|e| RunError::Variant(e.to_string()))?;
                    Simulation::new(scenario, config)
                };
                Ok((path, value, [sim(minus)?, sim(plus)?]))
            })
            .collect::<Result<Vec<_>, RunError>>()?;
        Ok(Sensitivity { base: Simulation::new(base, config)?, rows })
    }
}

impl Job for Sensitivity {
    type Summary = SensitivityAggregate;
    type Report = Vec<SensitivityRow>;
    const WEIGHT: u64 = 20;

    /// The base's and every variant's work.
    fn work_per_trial(&self) -> f64 {
        let rows: f64 = self
            .rows
            .iter()
            .flat_map(|(_, _, sims)| sims.iter())
            .map(|s| s.model().work_per_trial())
            .sum();
        rows + self.base.model().work_per_trial()
    }

    fn trials(&self) -> u64 {
        self.base.config().trials
    }

    /// An empty summary.
    fn empty(&self) -> SensitivityAggregate {
        SensitivityAggregate { sums: vec![Default::default(); self.rows.len()] }
    }

    /// Runs trials `range` of the base and every variant.
    fn run_batch(&self, range: Range<u64>) -> SensitivityAggregate {
        let mut agg = self.empty();
        let (mut tb, mut tv) = (Trial::default(), Trial::default());
        for i in range {
            self.base.play(i, &mut tb);
            let ob = outcome(&self.base, &tb);
            for (row, sums) in self.rows.iter().zip(agg.sums.iter_mut()) {
                for (sim, side) in row.2.iter().zip(sums.iter_mut()) {
                    sim.play(i, &mut tv);
                    side.record(ob, outcome(sim, &tv));
                }
            }
        }
        agg
    }

    /// The rows, the largest effect on P(plan) first.
    fn report(&self, agg: &SensitivityAggregate) -> Vec<SensitivityRow> {
        let effect = |s: &PairedSums| {
            let (dp, dp_se) = s.delta_p_plan();
            let (dr, _, dr_se) = s.delta_revenue();
            Effect {
                delta_p_plan: dp,
                delta_p_plan_se: dp_se,
                delta_revenue_mean: dr,
                delta_revenue_mean_se: dr_se,
            }
        };
        let mut rows: Vec<SensitivityRow> = self
            .rows
            .iter()
            .zip(&agg.sums)
            .map(|((path, base, _), sums)| SensitivityRow {
                parameter: path.clone(),
                base: *base,
                minus: effect(&sums[0]),
                plus: effect(&sums[1]),
                exact: false,
            })
            .collect();
        sort_rows(&mut rows);
        rows
    }
}

/// Largest effect first: by |ΔP(plan)|, then by |Δ mean revenue|.
fn sort_rows(rows: &mut [SensitivityRow]) {
    let size = |r: &SensitivityRow| {
        let p = r.minus.delta_p_plan.abs().max(r.plus.delta_p_plan.abs());
        let m = r.minus.delta_revenue_mean.abs().max(r.plus.delta_revenue_mean.abs());
        (p, m)
    };
    rows.sort_by(|x, y| size(y).partial_cmp(&size(x)).unwrap_or(std::cmp::Ordering::Equal));
}

/// The same tornado by the exact path, without sampling: each variant solved, its P(plan) and
/// mean revenue against the base's. A ΔP(plan)'s error is the sum of the two computation bounds
/// and the revenue's is 0 (closed forms). Refused, like the exact path, for scenarios it cannot
/// serve (capacity lever, given deals); those run by Monte Carlo.
pub fn exact_sensitivity(base: &Scenario) -> Result<Vec<SensitivityRow>, ExactError> {
    let b = solve(base)?;
    let mut rows = Vec::new();
    for (path, value, specs) in variants(base.spec()) {
        let mut effects = Vec::with_capacity(2);
        for spec in specs {
            // The variants obey validation by construction (conversions capped, days >= 1).
            let Ok(v) = Scenario::new(spec) else { continue };
            let x = solve(&v)?;
            effects.push(Effect {
                delta_p_plan: x.p_plan - b.p_plan,
                delta_p_plan_se: x.p_plan_error + b.p_plan_error,
                delta_revenue_mean: x.revenue.mean - b.revenue.mean,
                delta_revenue_mean_se: 0.0,
            });
        }
        if let [minus, plus] = effects[..] {
            rows.push(SensitivityRow { parameter: path, base: value, minus, plus, exact: true });
        }
    }
    sort_rows(&mut rows);
    Ok(rows)
}

impl Summary for SensitivityAggregate {
    fn merge(&mut self, other: &Self) {
        SensitivityAggregate::merge(self, other);
    }

    fn trials(&self) -> u64 {
        SensitivityAggregate::trials(self)
    }
}
