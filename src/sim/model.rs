//! What a validated scenario means for the simulation: the effective stage parameters of each
//! kind of deal once the levers are applied, the individual funnel shape, and the
//! probabilities behind the manager's checkpoint forecast.
//!
//! Deals come in two kinds: without a purchase deadline (kind 0) and with one (kind 1, a share
//! `deadline_share` of new deals). The question lever acts on both; the deadline lever on kind 1.

use super::outcomes::{OutcomeTables, Thinned, MAX_ENTRIES};
use super::rng::{Geometric, Poisson};
use super::scenario::{InitialPipeline, Phase, Scenario};

/// Kind index of deals without a deadline.
pub const NO_DEADLINE: usize = 0;
/// Kind index of deals with a deadline.
pub const DEADLINE: usize = 1;

/// A stage as one kind of deal experiences it.
#[derive(Clone, Debug, PartialEq)]
pub struct StageParams {
    /// Conversion once the question and deadline levers are applied.
    pub conversion: f64,
    /// Mean days in stage once the deadline lever is applied.
    pub mean_days: f64,
    /// Daily exit probability h = 1 / mean_days.
    pub exit_prob: f64,
    /// Daily probability of leaving the stage either way (exit, or a reverse move).
    pub(crate) leave_prob: f64,
    /// The stay's distribution (days until it leaves), capped at T + 1.
    pub(crate) stay: Geometric,
    /// Share of leaves that are exits rather than reverse moves.
    pub(crate) exit_share: f64,
}

/// Expected count and budget of one stage in the stationary funnel.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ShapeStage {
    /// L_k: expected deals in the stage.
    pub count: f64,
    /// L_k · E[budget].
    pub budget: f64,
}

/// Capacity lever, when talk minutes are limited.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Capacity {
    /// Minutes available a day, M.
    pub minutes_per_day: f64,
    /// Minutes one active deal needs a day, m.
    pub minutes_per_deal: f64,
    /// Exponent of the conversion penalty.
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
    /// One Poisson per stage and kind.
    Steady(Vec<[Poisson; 2]>),
    Counts(Vec<u64>),
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
    pub(crate) reverse: f64,
    pub(crate) capacity: Option<Capacity>,
    pub(crate) shape: Vec<ShapeStage>,
    pub(crate) stage_names: Vec<String>,
    /// Whole-deal outcome tables, when deals are independent, never move back and the tables
    /// are small enough.
    pub(crate) outcomes: Option<OutcomeTables>,
    /// The thinned Poisson sources for the outcome tables' method.
    pub(crate) thinned: Option<Thinned>,
}

/// The question lever's multiplier for a phase: 1 + e·(2·fit − 1).
fn question_factor(scenario: &Scenario, phase: Option<Phase>) -> f64 {
    let levers = &scenario.spec().levers;
    let fit = match phase {
        Some(Phase::Forming) => levers.open_question_share.forming,
        Some(Phase::Norming) => 1.0 - levers.open_question_share.norming,
        _ => return 1.0,
    };
    1.0 + levers.question_effect * (2.0 * fit - 1.0)
}

impl Model {
    /// Derives everything the simulation needs from a validated scenario.
    pub fn new(scenario: &Scenario) -> Model {
        let spec = scenario.spec();
        let levers = &spec.levers;
        let k = spec.stages.len();
        let reverse = levers.rework_per_day;

        let kinds = stage_params(scenario);

        let horizon = scenario.horizon();
        let checkpoint = scenario.checkpoint();
        let win_by_end = [0, 1].map(|kind| win_within(&kinds[kind], horizon - checkpoint));

        let share = levers.deadline_share;
        let stationary = stationary(scenario, &kinds);

        let budget = {
            let b = &spec.budget;
            Budget {
                mu: libm::log(b.median),
                sigma: libm::log(b.p90 / b.median) / Z90,
                median: b.median,
            }
        };
        let mean_budget = budget.mean();
        let shape = (0..k)
            .map(|i| {
                let count = stationary[0][i] + stationary[1][i];
                ShapeStage { count, budget: count * mean_budget }
            })
            .collect();

        let initial = match &spec.initial_pipeline {
            InitialPipeline::Empty => Initial::Empty,
            InitialPipeline::SteadyState => Initial::Steady(
                (0..k)
                    .map(|i| [Poisson::new(stationary[0][i]), Poisson::new(stationary[1][i])])
                    .collect(),
            ),
            InitialPipeline::Counts(c) => Initial::Counts(c.iter().map(|&n| n as u64).collect()),
        };

        let capacity = levers.minutes_per_day.map(|m| Capacity {
            minutes_per_day: m,
            minutes_per_deal: levers.minutes_per_deal,
            depth_penalty: levers.depth_penalty,
        });
        let outcomes = (capacity.is_none()
            && reverse == 0.0
            && OutcomeTables::entries(k, horizon as usize) <= MAX_ENTRIES)
            .then(|| OutcomeTables::new(&kinds, horizon));
        let thinned = outcomes.as_ref().map(|tables| {
            // A deal that exists before the checkpoint's end is first followed up to it.
            let days_to_horizon =
                |pos: u32| if pos < checkpoint { checkpoint - pos } else { horizon - pos };
            let kind_share = [1.0 - levers.deadline_share, levers.deadline_share];
            let mut lost_mean = 0.0;
            let mut follow = |mean: f64, lost: f64| {
                lost_mean += mean * lost;
                Poisson::new(mean * (1.0 - lost))
            };
            let arrivals = spec
                .inflow
                .iter()
                .filter(|f| f.per_day > 0.0)
                .map(|f| {
                    let stage = f.stage as usize - 1;
                    (1..=horizon)
                        .map(|day| {
                            let days = days_to_horizon(day - 1);
                            [0, 1].map(|kind| {
                                let lost = tables.lost_prob(kind, stage, days);
                                follow(f.per_day * kind_share[kind], lost)
                            })
                        })
                        .collect()
                })
                .collect();
            let steady = spec.initial_pipeline == InitialPipeline::SteadyState;
            let initial = (0..k)
                .map(|stage| {
                    [0, 1].map(|kind| {
                        let lost = tables.lost_prob(kind, stage, checkpoint);
                        // Only a steady-state start is thinned; given counts are followed one by one.
                        let mean = if steady { stationary[kind][stage] } else { 0.0 };
                        follow(mean, lost)
                    })
                })
                .collect();
            Thinned { arrivals, initial, lost: Poisson::new(lost_mean) }
        });
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
            reverse,
            capacity,
            shape,
            stage_names: spec.stages.iter().map(|s| s.name.clone()).collect(),
            outcomes,
            thinned,
        }
    }

    /// Number of stages.
    pub fn stage_count(&self) -> usize {
        self.shape.len()
    }

    /// The individual funnel shape: expected count and budget per stage.
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

    /// Expected wins in days 1..=T, by the mean-flow recursion of the daily dynamics (exact
    /// without the capacity lever, which is ignored here).
    pub fn expected_wins(&self) -> f64 {
        let k = self.stage_count();
        let kind_share = [1.0 - self.deadline_share, self.deadline_share];
        let mut wins = 0.0;
        for kind in [NO_DEADLINE, DEADLINE] {
            if kind_share[kind] == 0.0 {
                continue;
            }
            let st = &self.kinds[kind];
            let mut m: Vec<f64> = match &self.initial {
                Initial::Empty => vec![0.0; k],
                Initial::Steady(p) => p.iter().map(|pk| pk[kind].mean()).collect(),
                Initial::Counts(c) => c.iter().map(|&n| n as f64 * kind_share[kind]).collect(),
            };
            let mut next = vec![0.0; k];
            for _day in 1..=self.horizon {
                for (stage, pois) in &self.inflows {
                    m[*stage] += pois.mean() * kind_share[kind];
                }
                for i in 0..k {
                    let r = if i == 0 { 0.0 } else { self.reverse };
                    let stay = m[i] * (1.0 - st[i].exit_prob) * (1.0 - r);
                    let from_above = if i > 0 {
                        m[i - 1] * st[i - 1].exit_prob * st[i - 1].conversion
                    } else {
                        0.0
                    };
                    let from_below = if i + 1 < k {
                        m[i + 1] * (1.0 - st[i + 1].exit_prob) * self.reverse
                    } else {
                        0.0
                    };
                    next[i] = stay + from_above + from_below;
                }
                wins += m[k - 1] * st[k - 1].exit_prob * st[k - 1].conversion;
                std::mem::swap(&mut m, &mut next);
            }
        }
        wins
    }

    /// Expected revenue of the period (exact without the capacity lever).
    pub fn expected_revenue(&self) -> f64 {
        self.expected_wins() * self.budget.mean()
    }
}

/// Each stage as each kind of deal experiences it (`[no deadline, deadline]`), with the question
/// and deadline levers applied.
fn stage_params(scenario: &Scenario) -> [Vec<StageParams>; 2] {
    let spec = scenario.spec();
    let levers = &spec.levers;
    let reverse = levers.rework_per_day;
    [false, true].map(|deadline| {
        spec.stages
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let mut p = (s.conversion * question_factor(scenario, s.phase)).min(1.0);
                let mut d = s.mean_days;
                if deadline {
                    p = (p * (1.0 + levers.deadline_lift)).min(1.0);
                    d = (d * (1.0 - levers.deadline_speedup)).max(1.0);
                }
                let h = 1.0 / d;
                let r = if i == 0 { 0.0 } else { reverse };
                let leave = h + (1.0 - h) * r;
                StageParams {
                    conversion: p,
                    mean_days: d,
                    exit_prob: h,
                    leave_prob: leave,
                    stay: Geometric::new(leave, scenario.horizon() + 1),
                    exit_share: h / leave,
                }
            })
            .collect()
    })
}

/// The stationary count L_k per kind: λ_k = inflow_k + λ_{k-1}·p_{k-1}, L_k = λ_k·d_k, with a
/// kind's inflow scaled by its share of new deals.
fn stationary(scenario: &Scenario, kinds: &[Vec<StageParams>; 2]) -> [Vec<f64>; 2] {
    let spec = scenario.spec();
    let k = spec.stages.len();
    let share = spec.levers.deadline_share;
    let kind_share = [1.0 - share, share];
    let mut inflow_by_stage = vec![0.0; k];
    for f in &spec.inflow {
        inflow_by_stage[f.stage as usize - 1] += f.per_day;
    }
    [0, 1].map(|kind| {
        let mut prev_out = 0.0;
        (0..k)
            .map(|i| {
                let st = &kinds[kind][i];
                let flow = inflow_by_stage[i] * kind_share[kind] + prev_out;
                prev_out = flow * st.conversion;
                flow * st.mean_days
            })
            .collect()
    })
}

/// The individual funnel shape's expected deal counts L_k, without building a whole [`Model`]
/// (no outcome tables): what the page draws beside presets, lessons and team members.
pub fn shape_counts(scenario: &Scenario) -> Vec<f64> {
    let st = stationary(scenario, &stage_params(scenario));
    st[0].iter().zip(&st[1]).map(|(a, b)| a + b).collect()
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
