//! Analyses over several scenarios on common random numbers: a paired A/B comparison, a
//! sensitivity (tornado) table, and a team of managers.
//!
//! Trial `i` of every scenario uses the stream `(seed, i)`, and within it every deal its own
//! stream named by its origin, so scenarios that differ in one parameter share all the luck they
//! can. The paired difference then has a much smaller standard error than two independent runs;
//! both are reported. Everything merges exactly and uses memory fixed by the scenarios.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::aggregate::Aggregate;
use super::report::Report;
use super::run::{RunConfig, RunError, Simulation};
use super::scenario::{Scenario, ScenarioSpec};
use super::stats::{ExactSum, LogBuckets, LogHistogram, SignedHistogram};
use super::trial::Trial;

const DIFF_BUCKETS: LogBuckets = LogBuckets { per_octave: 64, min_exp: -30, octaves: 42 };

/// Sums of per-trial differences between a variant and a base.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PairedSums {
    n: u64,
    diff: ExactSum,
    diff_sq: ExactSum,
    /// Trials where only the base met its plan.
    base_only: u64,
    /// Trials where only the variant met its plan.
    variant_only: u64,
}

impl PairedSums {
    fn record(&mut self, base: (f64, bool), variant: (f64, bool)) {
        let d = variant.0 - base.0;
        self.n += 1;
        self.diff.add(d);
        self.diff_sq.add(d * d);
        self.base_only += u64::from(base.1 && !variant.1);
        self.variant_only += u64::from(variant.1 && !base.1);
    }

    fn merge(&mut self, o: &PairedSums) {
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

fn outcome(sim: &Simulation, trial: &Trial) -> (f64, bool) {
    let r = trial.revenue();
    (r, r >= sim.plan())
}

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

    /// Work of one trial of both (see [`crate::sim::Model::work_per_trial`]).
    pub fn work_per_trial(&self) -> f64 {
        self.a.model().work_per_trial() + self.b.model().work_per_trial()
    }

    /// The settings.
    pub fn config(&self) -> &RunConfig {
        self.a.config()
    }

    /// An empty summary.
    pub fn empty(&self) -> PairedAggregate {
        PairedAggregate {
            a: self.a.empty(),
            b: self.b.empty(),
            sums: PairedSums::default(),
            diff_hist: SignedHistogram::new(self.a.plan(), DIFF_BUCKETS),
        }
    }

    /// Runs trials `range` of both scenarios.
    pub fn run_batch(&self, range: Range<u64>) -> PairedAggregate {
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
    pub fn report(&self, agg: &PairedAggregate) -> ComparisonReport {
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

    /// Runs every trial.
    pub fn run(&self) -> ComparisonReport {
        self.report(&self.run_batch(0..self.config().trials))
    }
}

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

    /// Work of one trial of the base and every variant.
    pub fn work_per_trial(&self) -> f64 {
        let rows: f64 = self
            .rows
            .iter()
            .flat_map(|(_, _, sims)| sims.iter())
            .map(|s| s.model().work_per_trial())
            .sum();
        rows + self.base.model().work_per_trial()
    }

    /// An empty summary.
    pub fn empty(&self) -> SensitivityAggregate {
        SensitivityAggregate { sums: vec![Default::default(); self.rows.len()] }
    }

    /// Runs trials `range` of the base and every variant.
    pub fn run_batch(&self, range: Range<u64>) -> SensitivityAggregate {
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
    pub fn report(&self, agg: &SensitivityAggregate) -> Vec<SensitivityRow> {
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

    /// Runs every trial.
    pub fn run(&self) -> Vec<SensitivityRow> {
        self.report(&self.run_batch(0..self.base.config().trials))
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
pub fn exact_sensitivity(base: &Scenario) -> Result<Vec<SensitivityRow>, super::exact::ExactError> {
    let solve = super::exact::solve;
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

/// A team file: one team plan and the members, each with a preset, a scenario file or an inline
/// scenario (exactly one of the three).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamSpec {
    /// Must be 1.
    pub schema: u32,
    /// Team name.
    #[serde(default)]
    pub name: String,
    /// The team plan.
    pub plan: f64,
    /// The managers.
    pub members: Vec<MemberSpec>,
}

/// One manager of a team file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MemberSpec {
    /// The manager's name.
    pub name: String,
    /// A built-in scenario by key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preset: Option<String>,
    /// A scenario file, relative to the team file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// An inline scenario.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scenario: Option<ScenarioSpec>,
}

impl TeamSpec {
    /// Parses a team file; the error names the field where parsing stopped.
    pub fn from_json(text: &str) -> Result<TeamSpec, String> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| format!("{}: {}", e.path(), e.inner()))
    }

    /// Checks the team and turns each member into a validated scenario. `load_file` reads a
    /// member's `file` (the command line reads the disk; the page has no files).
    pub fn resolve(
        &self,
        load_file: impl Fn(&str) -> Result<Scenario, String>,
    ) -> Result<Vec<(String, Scenario)>, String> {
        if self.schema != 1 {
            return Err(format!(
                "schema: {} is not supported; this engine reads schema 1",
                self.schema
            ));
        }
        if !(self.plan > 0.0 && self.plan.is_finite()) {
            return Err(format!("plan: {} must be a finite number > 0", self.plan));
        }
        if self.members.is_empty() {
            return Err("members: a team needs at least one member".into());
        }
        self.members
            .iter()
            .enumerate()
            .map(|(i, m)| {
                let scenario = match (&m.preset, &m.file, &m.scenario) {
                    (Some(p), None, None) => super::presets::preset(p)
                        .ok_or_else(|| format!("members[{i}].preset: no preset '{p}'"))?
                        .scenario()
                        .map_err(|e| e.to_string())?,
                    (None, Some(f), None) => load_file(f)?,
                    (None, None, Some(s)) => Scenario::new(s.clone())
                        .map_err(|e| format!("members[{i}].scenario: {e}"))?,
                    _ => {
                        return Err(format!(
                            "members[{i}]: give exactly one of preset, file, scenario"
                        ))
                    }
                };
                Ok((m.name.clone(), scenario))
            })
            .collect()
    }
}

/// The example team shipped with the app: five managers, one of each shape.
pub const EXAMPLE_TEAM: &str = include_str!("../../assets/teams/example.json");

/// A team: several managers, each with their own scenario, and one team plan.
#[derive(Clone, Debug)]
pub struct Team {
    name: String,
    plan: f64,
    members: Vec<(String, Simulation)>,
    config: RunConfig,
}

/// One member's line of a team report.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MemberReport {
    /// The member.
    pub name: String,
    /// Their own plan.
    pub plan: f64,
    /// Share of months they met their own plan.
    pub p_plan: f64,
    /// Their mean revenue.
    pub revenue_mean: f64,
}

/// What `team` reports.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamReport {
    /// Team name.
    pub name: String,
    /// Trials.
    pub trials: u64,
    /// Seed.
    pub seed: u64,
    /// The team plan.
    pub plan: f64,
    /// Share of months the team's total met the team plan.
    pub p_plan: f64,
    /// Its standard error.
    pub p_plan_se: f64,
    /// Mean over months of the share of members who met their own plan.
    pub share_members_on_plan: f64,
    /// Team revenue: mean, P10, P50, P90.
    pub revenue: TeamRevenue,
    /// Each member.
    pub members: Vec<MemberReport>,
}

/// Team revenue summary.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct TeamRevenue {
    /// Mean.
    pub mean: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// The mergeable summary of a team run.
#[derive(Clone, Debug, PartialEq)]
pub struct TeamAggregate {
    trials: u64,
    hits: u64,
    member_hits: Vec<u64>,
    member_revenue: Vec<ExactSum>,
    revenue: ExactSum,
    hist: LogHistogram,
}

impl TeamAggregate {
    /// Trials so far.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Adds another summary of the same team.
    pub fn merge(&mut self, o: &TeamAggregate) {
        self.trials += o.trials;
        self.hits += o.hits;
        for (a, b) in self.member_hits.iter_mut().zip(&o.member_hits) {
            *a += b;
        }
        for (a, b) in self.member_revenue.iter_mut().zip(&o.member_revenue) {
            a.merge(b);
        }
        self.revenue.merge(&o.revenue);
        self.hist.merge(&o.hist);
    }
}

const TEAM_BUCKETS: LogBuckets = LogBuckets { per_octave: 128, min_exp: -30, octaves: 42 };

impl Team {
    /// A team of named members; member `m` runs on its own seed derived from the team's.
    pub fn new(
        name: String,
        plan: f64,
        members: Vec<(String, Scenario)>,
        config: RunConfig,
    ) -> Result<Self, RunError> {
        let members = members
            .into_iter()
            .enumerate()
            .map(|(m, (name, s))| {
                let seed =
                    config.seed.wrapping_add((m as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15));
                Ok((name, Simulation::new(s, RunConfig { seed, ..config })?))
            })
            .collect::<Result<Vec<_>, RunError>>()?;
        Ok(Team { name, plan, members, config })
    }

    /// Work of one trial of every member.
    pub fn work_per_trial(&self) -> f64 {
        self.members.iter().map(|(_, s)| s.model().work_per_trial()).sum()
    }

    /// An empty summary.
    pub fn empty(&self) -> TeamAggregate {
        let m = self.members.len();
        TeamAggregate {
            trials: 0,
            hits: 0,
            member_hits: vec![0; m],
            member_revenue: vec![ExactSum::default(); m],
            revenue: ExactSum::default(),
            hist: LogHistogram::new(self.plan, TEAM_BUCKETS, true),
        }
    }

    /// Runs trials `range` of every member.
    pub fn run_batch(&self, range: Range<u64>) -> TeamAggregate {
        let mut agg = self.empty();
        let mut trial = Trial::default();
        for i in range {
            let mut total = 0.0;
            for (m, (_, sim)) in self.members.iter().enumerate() {
                sim.play(i, &mut trial);
                let (r, hit) = outcome(sim, &trial);
                total += r;
                agg.member_hits[m] += u64::from(hit);
                agg.member_revenue[m].add(r);
            }
            agg.trials += 1;
            agg.hits += u64::from(total >= self.plan);
            agg.revenue.add(total);
            agg.hist.record(total);
        }
        agg
    }

    /// The report of a summary.
    pub fn report(&self, agg: &TeamAggregate) -> TeamReport {
        let n = agg.trials.max(1) as f64;
        let p = agg.hits as f64 / n;
        let members: Vec<MemberReport> = self
            .members
            .iter()
            .enumerate()
            .map(|(m, (name, sim))| MemberReport {
                name: name.clone(),
                plan: sim.plan(),
                p_plan: agg.member_hits[m] as f64 / n,
                revenue_mean: agg.member_revenue[m].value() / n,
            })
            .collect();
        let share = if members.is_empty() {
            0.0
        } else {
            members.iter().map(|m| m.p_plan).sum::<f64>() / members.len() as f64
        };
        let q = |p| agg.hist.quantile(p).unwrap_or(0.0);
        TeamReport {
            name: self.name.clone(),
            trials: agg.trials,
            seed: self.config.seed,
            plan: self.plan,
            p_plan: p,
            p_plan_se: (p * (1.0 - p) / n).sqrt(),
            share_members_on_plan: share,
            revenue: TeamRevenue {
                mean: agg.revenue.value() / n,
                p10: q(0.1),
                p50: q(0.5),
                p90: q(0.9),
            },
            members,
        }
    }

    /// Runs every trial.
    pub fn run(&self) -> TeamReport {
        self.report(&self.run_batch(0..self.config.trials))
    }
}
