//! What a comparison and a sensitivity share: sums of per-trial differences between a variant
//! and a base, on common random numbers.

use crate::sim::run::Simulation;
use crate::sim::stats::ExactSum;
use crate::sim::trial::Trial;

/// Sums of per-trial differences between a variant and a base.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairedSums {
    pub(super) n: u64,
    diff: ExactSum,
    diff_sq: ExactSum,
    /// Trials where only the base met its plan.
    base_only: u64,
    /// Trials where only the variant met its plan.
    variant_only: u64,
}

impl PairedSums {
    pub(super) fn record(&mut self, base: (f64, bool), variant: (f64, bool)) {
        let d = variant.0 - base.0;
        self.n += 1;
        self.diff.add(d);
        self.diff_sq.add(d * d);
        self.base_only += u64::from(base.1 && !variant.1);
        self.variant_only += u64::from(variant.1 && !base.1);
    }

    pub(super) fn merge(&mut self, o: &PairedSums) {
        self.n += o.n;
        self.diff.merge(&o.diff);
        self.diff_sq.merge(&o.diff_sq);
        self.base_only += o.base_only;
        self.variant_only += o.variant_only;
    }

    /// Mean difference in P(plan) and its paired standard error.
    pub fn delta_p_plan(&self) -> (f64, f64) {
        let n = self.n.max(1) as f64;
        let d = (self.variant_only as f64 - self.base_only as f64) / n;
        let second = (self.variant_only + self.base_only) as f64 / n;
        let var = if self.n > 1 { (second - d * d).max(0.0) * n / (n - 1.0) } else { 0.0 };
        (d, (var / n).sqrt())
    }

    /// Mean revenue difference, its sample sd, and the paired standard error of the mean.
    pub fn delta_revenue(&self) -> (f64, f64, f64) {
        let n = self.n.max(1) as f64;
        let mean = self.diff.value() / n;
        let var = if self.n > 1 {
            ((self.diff_sq.value() - mean * mean * n) / (n - 1.0)).max(0.0)
        } else {
            0.0
        };
        (mean, var.sqrt(), (var / n).sqrt())
    }
}

/// A trial's revenue and whether it met the plan.
pub(super) fn outcome(sim: &Simulation, trial: &Trial) -> (f64, bool) {
    let r = trial.revenue();
    (r, r >= sim.plan())
}
