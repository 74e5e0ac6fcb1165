//! A team: several managers, each with their own scenario, and one team plan.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::paired::outcome;
use crate::sim::job::{Job, Summary};
use crate::sim::presets::preset;
use crate::sim::run::{RunConfig, RunError, Simulation};
use crate::sim::scenario::{Scenario, ScenarioSpec};
use crate::sim::stats::{ExactSum, LogBuckets, LogHistogram};
use crate::sim::trial::Trial;

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
        let team = serde_path_to_error::deserialize(&mut *de)
            .map_err(|e| format!("{}: {}", e.path(), e.inner()))?;
        // Nothing but white space may follow the document.
        de.end().map_err(|e| e.to_string())?;
        Ok(team)
    }

    /// Parses a team the page has already read (what the simulation worker is sent), without
    /// tracking field paths (see `ScenarioSpec::from_checked_json`).
    pub fn from_checked_json(text: &str) -> Result<TeamSpec, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
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
                    (Some(p), None, None) => preset(p)
                        .ok_or_else(|| format!("members[{i}].preset: no preset '{p}'"))?
                        .checked_scenario()
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
pub const EXAMPLE_TEAM: &str = include_str!("../../../assets/teams/example.json");

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
}

impl Job for Team {
    type Summary = TeamAggregate;
    type Report = TeamReport;
    const WEIGHT: u64 = 5;

    /// Every member's work.
    fn work_per_trial(&self) -> f64 {
        self.members.iter().map(|(_, s)| s.model().work_per_trial()).sum()
    }

    fn trials(&self) -> u64 {
        self.config.trials
    }

    /// An empty summary.
    fn empty(&self) -> TeamAggregate {
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
    fn run_batch(&self, range: Range<u64>) -> TeamAggregate {
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
    fn report(&self, agg: &TeamAggregate) -> TeamReport {
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
}

impl Summary for TeamAggregate {
    fn merge(&mut self, other: &Self) {
        TeamAggregate::merge(self, other);
    }

    fn trials(&self) -> u64 {
        TeamAggregate::trials(self)
    }
}
