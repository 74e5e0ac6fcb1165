//! A paired A/B comparison: two scenarios on the same trials.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::paired::{outcome, PairedSums};
use crate::sim::aggregate::Aggregate;
use crate::sim::job::{Job, Summary};
use crate::sim::report::Report;
use crate::sim::run::{RunConfig, RunError, Simulation};
use crate::sim::scenario::Scenario;
use crate::sim::stats::{LogBuckets, SignedHistogram};
use crate::sim::trial::Trial;

const DIFF_BUCKETS: LogBuckets = LogBuckets { per_octave: 64, min_exp: -30, octaves: 42 };

/// The mergeable summary of an A/B comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct PairedAggregate {
    a: Aggregate,
    b: Aggregate,
    sums: PairedSums,
    diff_hist: SignedHistogram,
}

impl PairedAggregate {
    /// Adds another summary of the same comparison.
    pub fn merge(&mut self, o: &PairedAggregate) {
        self.a.merge(&o.a);
        self.b.merge(&o.b);
        self.sums.merge(&o.sums);
        self.diff_hist.merge(&o.diff_hist);
    }

    /// Trials so far.
    pub fn trials(&self) -> u64 {
        self.sums.n
    }
}

/// Two scenarios run on the same trials.
#[derive(Clone, Debug)]
pub struct Comparison {
    a: Simulation,
    b: Simulation,
}

/// The paired difference of revenue, B − A.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct DeltaRevenue {
    /// Mean.
    pub mean: f64,
    /// Standard deviation across trials.
    pub sd: f64,
    /// Paired standard error of the mean.
    pub se_paired: f64,
    /// Standard error of the mean had A and B been run independently.
    pub se_independent: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// What `compare` reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonReport {
    /// Trials of each scenario.
    pub trials: u64,
    /// Seed.
    pub seed: u64,
    /// P(plan) of B minus P(plan) of A.
    pub delta_p_plan: f64,
    /// Its standard error from the paired differences.
    pub delta_p_plan_se_paired: f64,
    /// Its standard error had the runs been independent.
    pub delta_p_plan_se_independent: f64,
    /// Paired over independent standard error (smaller is sharper); `None` if the latter is 0.
    pub se_ratio: Option<f64>,
    /// Revenue of B minus revenue of A, trial by trial.
    pub delta_revenue: DeltaRevenue,
    /// Report of A.
    pub a: Report,
    /// Report of B.
    pub b: Report,
}

impl Comparison {
    /// Prepares A and B with one configuration.
    pub fn new(a: Scenario, b: Scenario, config: RunConfig) -> Result<Self, RunError> {
        Ok(Comparison { a: Simulation::new(a, config)?, b: Simulation::new(b, config)? })
    }

    /// The settings.
    pub fn config(&self) -> &RunConfig {
        self.a.config()
    }
}

impl Job for Comparison {
    type Summary = PairedAggregate;
    type Report = ComparisonReport;
    const WEIGHT: u64 = 2;

    /// Both scenarios' work.
    fn work_per_trial(&self) -> f64 {
        self.a.model().work_per_trial() + self.b.model().work_per_trial()
    }

    fn trials(&self) -> u64 {
        self.config().trials
    }

    /// An empty summary.
    fn empty(&self) -> PairedAggregate {
        PairedAggregate {
            a: self.a.empty(),
            b: self.b.empty(),
            sums: PairedSums::default(),
            diff_hist: SignedHistogram::new(self.a.plan(), DIFF_BUCKETS),
        }
    }

    /// Runs trials `range` of both scenarios.
    fn run_batch(&self, range: Range<u64>) -> PairedAggregate {
        let mut agg = self.empty();
        let (mut ta, mut tb) = (Trial::default(), Trial::default());
        for i in range {
            self.a.play(i, &mut ta);
            self.b.play(i, &mut tb);
            self.a.record(&mut agg.a, &ta);
            self.b.record(&mut agg.b, &tb);
            let (oa, ob) = (outcome(&self.a, &ta), outcome(&self.b, &tb));
            agg.sums.record(oa, ob);
            agg.diff_hist.record(ob.0 - oa.0);
        }
        agg
    }

    /// The report of a summary.
    fn report(&self, agg: &PairedAggregate) -> ComparisonReport {
        let (a, b) = (self.a.report(&agg.a), self.b.report(&agg.b));
        let n = agg.trials().max(1) as f64;
        let (dp, se_paired) = agg.sums.delta_p_plan();
        let se_indep = ((a.p_plan * (1.0 - a.p_plan) + b.p_plan * (1.0 - b.p_plan)) / n).sqrt();
        let (mean, sd, se) = agg.sums.delta_revenue();
        let q = |p| agg.diff_hist.quantile(p).unwrap_or(0.0);
        ComparisonReport {
            trials: agg.trials(),
            seed: self.config().seed,
            delta_p_plan: dp,
            delta_p_plan_se_paired: se_paired,
            delta_p_plan_se_independent: se_indep,
            se_ratio: (se_indep > 0.0).then(|| se_paired / se_indep),
            delta_revenue: DeltaRevenue {
                mean,
                sd,
                se_paired: se,
                se_independent: ((a.revenue.sd * a.revenue.sd + b.revenue.sd * b.revenue.sd) / n)
                    .sqrt(),
                p10: q(0.1),
                p50: q(0.5),
                p90: q(0.9),
            },
            a,
            b,
        }
    }
}

impl Summary for PairedAggregate {
    fn merge(&mut self, other: &Self) {
        PairedAggregate::merge(self, other);
    }

    fn trials(&self) -> u64 {
        PairedAggregate::trials(self)
    }
}
