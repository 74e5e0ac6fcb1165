//! Whole-deal outcome tables: with independent deals and no reverse moves, what happens to a deal
//! over the next `L` days depends only on its kind, its stage and `L`, so each deal's story can be
//! drawn in one categorical draw instead of a few draws per stage it visits.
//!
//! For a deal at the start of a day in stage `j`, the table for `L` days gives the probability of
//! each outcome by the end of day `L`: still active in stage `k`, lost at stage `i`, or won on
//! day `w` (1..=L). Knowing where a deal was lost gives each stage's true conversion.
//! The tables come from propagating the exact daily dynamics (step 2 of MODEL.md) as
//! probabilities, so sampling from them has the day-by-day process's distribution. A deal that is
//! active at the checkpoint draws twice: up to the checkpoint, then from there to day T.

use super::rng::{Poisson, TrialRng};
use super::scenario::{InitialPipeline, ScenarioSpec};
use super::stages::StageParams;

/// What happened to a deal over a table's days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Still in this stage at the end.
    Active(usize),
    /// Lost on some day, at this stage.
    Lost(usize),
    /// Won on this day, counted from the table's start (1 = its first day).
    Won(u32),
}

/// A categorical distribution sampled by inversion with a guide table (Chen and Asau). The
/// probabilities may sum to less than one (a conditional distribution with a category removed);
/// draws are scaled to their total. Its cumulative sums live in the tables' shared pool (one
/// allocation for every table, so a draw touches this header and one run of the pool).
///
/// The guide only says where to start looking: entry g is the first category whose cumulative
/// sum exceeds g/GUIDE of the total, which is never past the answer, so the draw is the same
/// for any guide size; a larger guide means fewer steps. Inversion keeps draws monotone in the
/// uniform, which keeps common random numbers sharp: a slightly different table moves few
/// deals' outcomes.
#[derive(Clone, Debug, PartialEq)]
struct Categorical {
    total: f64,
    /// Where its cumulative sums start in the pool.
    start: u32,
    /// Index of the last category with positive probability (guards against rounding).
    last: u16,
    /// Entry g: the first category whose cumulative sum exceeds g/GUIDE of the total; entry
    /// GUIDE is `last`. A draw in bucket g lies between entries g and g + 1.
    guide: [u16; GUIDE + 1],
}

const GUIDE: usize = 1 << GUIDE_BITS;
const GUIDE_BITS: u32 = 6;

impl Categorical {
    /// Appends the cumulative sums of `probs` to `pool`.
    fn new(probs: &[f64], pool: &mut Vec<f64>) -> Self {
        let start = pool.len();
        let mut acc = 0.0;
        for &p in probs {
            acc += p;
            pool.push(acc);
        }
        let cdf = &pool[start..];
        let last = probs.iter().rposition(|&p| p > 0.0).unwrap_or(0) as u16;
        let total = acc;
        let mut guide = [0u16; GUIDE + 1];
        let mut i = 0;
        for (g, slot) in guide.iter_mut().enumerate() {
            let lo = g as f64 / GUIDE as f64 * total;
            while i < usize::from(last) && cdf[i] <= lo {
                i += 1;
            }
            *slot = i as u16;
        }
        Categorical { total, start: start as u32, last, guide }
    }

    #[inline]
    fn sample(&self, pool: &[f64], rng: &mut TrialRng) -> usize {
        let (v, g) = rng.uniform_bucket(GUIDE_BITS);
        let u = v * self.total;
        // The answer is at most the next bucket's start (u <= its bound), so most buckets,
        // which hold no cumulative sum inside, need no comparison at all.
        let mut i = usize::from(self.guide[g]);
        let end = usize::from(self.guide[g + 1]);
        let start = self.start as usize;
        let cdf = &pool[start..start + end];
        while i < end && cdf[i] <= u {
            i += 1;
        }
        i
    }
}

/// Outcome tables of one scenario, for every kind, stage and length up to the horizon.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeTables {
    stages: usize,
    horizon: usize,
    /// Indexed by `(kind * stages + stage) * (horizon + 1) + days`.
    tables: Vec<Categorical>,
    /// Every table's cumulative sums, one after another.
    pool: Vec<f64>,
    /// The same, conditioned on the deal not being lost.
    kept: Vec<Categorical>,
    /// P(lost at stage i), K numbers per index above.
    lost: Vec<f64>,
}

/// Poisson sources split by the colouring theorem: deals that will be lost before their first
/// horizon (the checkpoint, or day T for deals born after it) only add to counts (losses, and
/// each stage's forward exits and losses), which depend only on the stage the deal started in
/// and the stage it was lost at; so all of them are one Poisson draw a trial per such pair (a
/// sum of independent Poissons). Only the other deals are followed, source by source and day
/// by day.
#[derive(Clone, Debug)]
pub struct Thinned {
    /// Per inflow source, per arrival day (index day − 1), per kind: the deals followed.
    pub arrivals: Vec<Vec<[Poisson; 2]>>,
    /// Per stage, per kind, for a steady-state start: the deals followed.
    pub initial: Vec<[Poisson; 2]>,
    /// `(start stage, stage lost at, count)` of the deals lost before their first horizon.
    pub lost: Vec<(usize, usize, Poisson)>,
}

impl Thinned {
    /// Splits a scenario's sources; `steady(kind, stage)` is the steady-state start's mean.
    pub fn new(
        tables: &OutcomeTables,
        spec: &ScenarioSpec,
        checkpoint: u32,
        horizon: u32,
        steady: impl Fn(usize, usize) -> f64,
    ) -> Thinned {
        let k = tables.stages;
        // A deal that exists before the checkpoint's end is first followed up to it.
        let days_to_horizon =
            |pos: u32| if pos < checkpoint { checkpoint - pos } else { horizon - pos };
        let kind_share = [1.0 - spec.levers.deadline_share, spec.levers.deadline_share];
        let mut lost_mean = vec![0.0; k * k];
        let mut follow = |mean: f64, kind: usize, stage: usize, days: u32| {
            let lost = tables.lost_by_stage(kind, stage, days);
            for (at, p) in lost.iter().enumerate() {
                lost_mean[stage * k + at] += mean * p;
            }
            Poisson::new(mean * (1.0 - lost.iter().sum::<f64>()))
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
                        [0, 1].map(|kind| follow(f.per_day * kind_share[kind], kind, stage, days))
                    })
                    .collect()
            })
            .collect();
        let initial = (0..k)
            .map(|stage| [0, 1].map(|kind| follow(steady(kind, stage), kind, stage, checkpoint)))
            .collect();
        let lost = lost_mean
            .iter()
            .enumerate()
            .filter(|(_, &m)| m > 0.0)
            .map(|(i, &m)| (i / k, i % k, Poisson::new(m)))
            .collect();
        Thinned { arrivals, initial, lost }
    }
}

/// Tables larger than this many probabilities are not built; the per-deal method runs instead.
pub const MAX_ENTRIES: usize = 200_000;

impl OutcomeTables {
    /// Entries the tables of a scenario would hold.
    pub fn entries(stages: usize, horizon: usize) -> usize {
        2 * stages * (horizon + 1) * (2 * stages + horizon / 2)
    }

    /// The tables and the thinned sources of a scenario, when the whole-deal method serves it:
    /// deals independent (no capacity lever), no rework, no prices (a price is earned on the day
    /// of an exit inside the story the tables skip over) and tables of at most [`MAX_ENTRIES`].
    /// `stationary(kind, stage)` is the steady-state start's mean; only such a start is thinned
    /// (given counts are followed one by one).
    pub fn for_scenario(
        spec: &ScenarioSpec,
        kinds: &[Vec<StageParams>; 2],
        checkpoint: u32,
        horizon: u32,
        stationary: impl Fn(usize, usize) -> f64,
    ) -> Option<(OutcomeTables, Thinned)> {
        let levers = &spec.levers;
        let serves = levers.minutes_per_day.is_none()
            && levers.rework_per_day == 0.0
            && spec.stages.iter().all(|s| s.price.is_none())
            && Self::entries(kinds[0].len(), horizon as usize) <= MAX_ENTRIES;
        if !serves {
            return None;
        }
        let tables = OutcomeTables::new(kinds, horizon);
        let steady = spec.initial_pipeline == InitialPipeline::SteadyState;
        let thinned = Thinned::new(&tables, spec, checkpoint, horizon, |kind, stage| {
            if steady {
                stationary(kind, stage)
            } else {
                0.0
            }
        });
        Some((tables, thinned))
    }

    /// Builds the tables for both kinds of deal (`kinds[kind][stage]`).
    pub fn new(kinds: &[Vec<StageParams>; 2], horizon: u32) -> Self {
        let k = kinds[0].len();
        let t = horizon as usize;
        let mut tables = Vec::with_capacity(2 * k * (t + 1));
        let mut kept = Vec::with_capacity(2 * k * (t + 1));
        let mut lost_probs = Vec::with_capacity(2 * k * k * (t + 1));
        let mut pool = Vec::with_capacity(2 * 2 * k * (t + 1) * (2 * k + t));
        for stages in kinds {
            for start in 0..k {
                let mut active = vec![0.0; k];
                active[start] = 1.0;
                let mut lost = vec![0.0; k];
                let mut wins: Vec<f64> = Vec::with_capacity(t);
                let mut probs = Vec::with_capacity(2 * k + t);
                for day in 0..=t {
                    if day > 0 {
                        let mut next = vec![0.0; k];
                        let mut won_today = 0.0;
                        for (i, &a) in active.iter().enumerate() {
                            if a == 0.0 {
                                continue;
                            }
                            let st = &stages[i];
                            next[i] += a * (1.0 - st.exit_prob);
                            let exits = a * st.exit_prob;
                            if i + 1 == k {
                                won_today += exits * st.conversion;
                            } else {
                                next[i + 1] += exits * st.conversion;
                            }
                            lost[i] += exits * (1.0 - st.conversion);
                        }
                        active = next;
                        wins.push(won_today);
                    }
                    probs.clear();
                    probs.extend_from_slice(&active);
                    probs.extend_from_slice(&lost);
                    probs.extend_from_slice(&wins);
                    tables.push(Categorical::new(&probs, &mut pool));
                    probs[k..2 * k].fill(0.0);
                    kept.push(Categorical::new(&probs, &mut pool));
                    lost_probs.extend_from_slice(&lost);
                }
            }
        }
        OutcomeTables { stages: k, horizon: t, tables, pool, kept, lost: lost_probs }
    }

    fn index(&self, kind: usize, stage: usize, days: u32) -> usize {
        (kind * self.stages + stage) * (self.horizon + 1) + days as usize
    }

    /// P(a deal of `kind` starting a day in `stage` is lost within `days` days at stage i),
    /// for each i.
    pub fn lost_by_stage(&self, kind: usize, stage: usize, days: u32) -> &[f64] {
        let i = self.index(kind, stage, days) * self.stages;
        &self.lost[i..i + self.stages]
    }

    /// Like [`OutcomeTables::sample`], given that the deal is not lost within `days` days.
    #[inline]
    pub fn sample_kept(&self, rng: &mut TrialRng, kind: usize, stage: usize, days: u32) -> Outcome {
        let i = self.kept[self.index(kind, stage, days)].sample(&self.pool, rng);
        self.outcome(i)
    }

    fn outcome(&self, i: usize) -> Outcome {
        if i < self.stages {
            Outcome::Active(i)
        } else if i < 2 * self.stages {
            Outcome::Lost(i - self.stages)
        } else {
            Outcome::Won((i + 1 - 2 * self.stages) as u32)
        }
    }

    /// Draws what happens over `days` days to a deal of `kind` starting a day in `stage`.
    #[inline]
    pub fn sample(&self, rng: &mut TrialRng, kind: usize, stage: usize, days: u32) -> Outcome {
        let i = self.tables[self.index(kind, stage, days)].sample(&self.pool, rng);
        self.outcome(i)
    }
}
