//! One simulated month.
//!
//! Two exact ways to play MODEL.md's daily dynamics:
//!
//! - **Per deal** ([`Trial::simulate_events`]), used when talk minutes are unlimited. Deals are
//!   then independent, so each is followed alone from creation to its end: its stay in a stage
//!   is Geometric (the first day it leaves, by exit or reverse move), then the exit fact is
//!   checked against the stage's conversion. This draws a few numbers per stage a deal visits
//!   instead of one per deal per day, and has exactly the day-by-day process's distribution.
//! - **Day by day** ([`Trial::simulate_days`]), the literal dynamics, used with the capacity
//!   lever, where the day's number of active deals sets everyone's pace.
//!
//! A test runs both on the same scenarios and checks that they agree.

use super::model::{Model, DEADLINE, NO_DEADLINE};
use super::outcomes::{Outcome, OutcomeTables};
use super::rng::TrialRng;
use super::run::Method;

/// What one trial produced; its buffers are reused from trial to trial.
#[derive(Clone, Debug, Default)]
pub struct Trial {
    /// Revenue won on each day, index 1..=T (index 0 unused).
    pub won_by_day: Vec<f64>,
    /// Deals won in days 1..=T.
    pub wins: u64,
    /// Deals lost in days 1..=T.
    pub losses: u64,
    /// Deals that existed at some point: the initial pipeline plus arrivals.
    pub created: u64,
    /// Reverse moves made.
    pub reverse_moves: u64,
    /// Work done: stage stays followed (per-deal method) or deal-days stepped (day by day).
    pub steps: u64,
    /// Deals per stage at the end of the checkpoint day.
    pub checkpoint_count: Vec<u64>,
    /// Their budgets.
    pub checkpoint_budget: Vec<f64>,
    /// Deals per stage at the end of day T.
    pub end_count: Vec<u64>,
    /// Their budgets.
    pub end_budget: Vec<f64>,
    /// Σ budget × P(win by T) over the deals active at the end of the checkpoint day.
    pub pipeline_forecast: f64,
    deals: Vec<Deal>,
}

/// A deal in the day-by-day simulation.
#[derive(Clone, Copy, Debug)]
struct Deal {
    stage: usize,
    kind: usize,
    budget: f64,
}

impl Trial {
    fn reset(&mut self, model: &Model) {
        let k = model.stage_count();
        let t = model.horizon as usize;
        self.won_by_day.clear();
        self.won_by_day.resize(t + 1, 0.0);
        for v in [&mut self.checkpoint_count, &mut self.end_count] {
            v.clear();
            v.resize(k, 0);
        }
        for v in [&mut self.checkpoint_budget, &mut self.end_budget] {
            v.clear();
            v.resize(k, 0.0);
        }
        self.wins = 0;
        self.losses = 0;
        self.created = 0;
        self.reverse_moves = 0;
        self.steps = 0;
        self.pipeline_forecast = 0.0;
    }

    /// Revenue of the period.
    pub fn revenue(&self) -> f64 {
        self.won_by_day.iter().sum()
    }

    /// Simulates one month with the fastest exact method the scenario allows.
    pub fn simulate(&mut self, model: &Model, rng: &mut TrialRng) {
        self.simulate_with(model, rng, Method::Auto);
    }

    /// Simulates one month with a given method; a method the scenario does not allow falls back
    /// to the next more general one.
    pub fn simulate_with(&mut self, model: &Model, rng: &mut TrialRng, method: Method) {
        match (method, &model.outcomes, model.capacity) {
            (Method::Auto | Method::Outcomes, Some(tables), None) => {
                self.simulate_outcomes(model, tables, rng);
            }
            (Method::Auto | Method::Outcomes | Method::PerDeal, _, None) => {
                self.simulate_events(model, rng);
            }
            _ => self.simulate_days(model, rng),
        }
    }

    /// The whole-deal method: one draw per followed deal, two for deals active at the
    /// checkpoint. Deals lost before their first horizon are only counted (see
    /// [`super::outcomes::Thinned`]). Each followed deal draws its outcome and budget from its
    /// own stream named by its origin, so two scenarios on one seed share every deal they have in
    /// common.
    pub fn simulate_outcomes(&mut self, model: &Model, tables: &OutcomeTables, rng: &mut TrialRng) {
        /// Origin tag of the initial pipeline (arrival days are 1..=366).
        const INITIAL: u64 = 1 << 40;
        self.reset(model);
        let thinned = model.thinned.as_ref();
        if let Some(th) = thinned {
            let lost = th.lost.sample(rng);
            self.losses += lost;
            self.created += lost;
        }
        match (&model.initial, thinned) {
            (super::model::Initial::Steady(_), Some(th)) => {
                for (stage, split) in th.initial.iter().enumerate() {
                    for (kind, follow) in split.iter().enumerate() {
                        for n in 0..follow.sample(rng) {
                            let mut own = rng.for_deal([INITIAL, (stage * 2 + kind) as u64, n]);
                            let start = DealStart { stage, kind, pos: 0, from: 0 };
                            self.draw_deal(model, tables, &mut own, start, true);
                        }
                    }
                }
            }
            _ => {
                let mut serial = [0u64; super::scenario::MAX_STAGES];
                Self::for_each_initial_kinded(model, rng, |stage, kind, rng| {
                    let n = &mut serial[stage];
                    *n += 1;
                    let mut own = rng.for_deal([INITIAL, stage as u64, *n]);
                    let kind = kind.unwrap_or_else(|| Self::draw_kind(model, &mut own));
                    let start = DealStart { stage, kind, pos: 0, from: 0 };
                    self.draw_deal(model, tables, &mut own, start, false);
                });
            }
        }
        let Some(th) = thinned else { return };
        for day in 1..=model.horizon {
            for (source, (stage, _)) in model.inflows.iter().enumerate() {
                for (kind, follow) in th.arrivals[source][day as usize - 1].iter().enumerate() {
                    for n in 0..follow.sample(rng) {
                        let mut own = rng.for_deal([u64::from(day), (source * 2 + kind) as u64, n]);
                        let start = DealStart { stage: *stage, kind, pos: day - 1, from: day };
                        self.draw_deal(model, tables, &mut own, start, true);
                    }
                }
            }
        }
    }

    /// Follows one deal by its outcome tables; `kept` when it is known not to be lost before
    /// its first horizon (the thinned sources).
    fn draw_deal(
        &mut self,
        model: &Model,
        tables: &OutcomeTables,
        rng: &mut TrialRng,
        start: DealStart,
        kept: bool,
    ) {
        let DealStart { mut stage, kind, mut pos, .. } = start;
        let (t, c) = (model.horizon, model.checkpoint);
        let mut budget = None;
        self.created += 1;
        self.steps += 1;
        let first = |rng: &mut TrialRng, stage, days| {
            if kept {
                tables.sample_kept(rng, kind, stage, days)
            } else {
                tables.sample(rng, kind, stage, days)
            }
        };
        // A deal that exists before the checkpoint's end is first followed up to it.
        if pos < c {
            match first(rng, stage, c - pos) {
                Outcome::Active(k) => {
                    let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                    self.checkpoint_count[k] += 1;
                    self.checkpoint_budget[k] += b;
                    self.pipeline_forecast += b * model.win_by_end[kind][k];
                    stage = k;
                    pos = c;
                    self.steps += 1;
                }
                Outcome::Lost => {
                    self.losses += 1;
                    return;
                }
                Outcome::Won(w) => {
                    self.win(model, rng, pos + w, budget);
                    return;
                }
            }
        }
        let outcome = if start.pos < c {
            tables.sample(rng, kind, stage, t - pos)
        } else {
            first(rng, stage, t - pos)
        };
        match outcome {
            Outcome::Active(k) => {
                let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                self.end_count[k] += 1;
                self.end_budget[k] += b;
            }
            Outcome::Lost => self.losses += 1,
            Outcome::Won(w) => self.win(model, rng, pos + w, budget),
        }
    }

    fn win(&mut self, model: &Model, rng: &mut TrialRng, day: u32, budget: Option<f64>) {
        let b = budget.unwrap_or_else(|| Self::draw_budget(model, rng));
        self.wins += 1;
        self.won_by_day[day as usize] += b;
    }

    fn draw_kind(model: &Model, rng: &mut TrialRng) -> usize {
        let s = model.deadline_share;
        if s <= 0.0 {
            NO_DEADLINE
        } else if s >= 1.0 || rng.bernoulli(s) {
            DEADLINE
        } else {
            NO_DEADLINE
        }
    }

    fn draw_budget(model: &Model, rng: &mut TrialRng) -> f64 {
        let b = model.budget;
        if b.sigma == 0.0 {
            b.median
        } else {
            libm::exp(b.mu + b.sigma * rng.standard_normal())
        }
    }

    /// Calls `start(stage, kind, rng)` for every deal of the initial pipeline.
    fn for_each_initial(
        model: &Model,
        rng: &mut TrialRng,
        mut start: impl FnMut(usize, usize, &mut TrialRng),
    ) {
        Self::for_each_initial_kinded(model, rng, |stage, kind, rng| {
            let kind = kind.unwrap_or_else(|| Self::draw_kind(model, rng));
            start(stage, kind, rng);
        });
    }

    /// Like `for_each_initial`, but deals from explicit counts come with `None` for their kind,
    /// for the caller to draw from the deal's own stream.
    fn for_each_initial_kinded(
        model: &Model,
        rng: &mut TrialRng,
        mut start: impl FnMut(usize, Option<usize>, &mut TrialRng),
    ) {
        match &model.initial {
            super::model::Initial::Empty => {}
            super::model::Initial::Steady(per_stage) => {
                for (stage, pois) in per_stage.iter().enumerate() {
                    for kind in [NO_DEADLINE, DEADLINE] {
                        for _ in 0..pois[kind].sample(rng) {
                            start(stage, Some(kind), rng);
                        }
                    }
                }
            }
            super::model::Initial::Counts(counts) => {
                for (stage, &n) in counts.iter().enumerate() {
                    for _ in 0..n {
                        start(stage, None, rng);
                    }
                }
            }
        }
    }

    /// The per-deal method (no capacity lever).
    pub fn simulate_events(&mut self, model: &Model, rng: &mut TrialRng) {
        self.reset(model);
        Self::for_each_initial(model, rng, |stage, kind, rng| {
            self.follow_deal(model, rng, DealStart { stage, kind, pos: 0, from: 0 });
        });
        for day in 1..=model.horizon {
            for (stage, pois) in &model.inflows {
                for _ in 0..pois.sample(rng) {
                    let kind = Self::draw_kind(model, rng);
                    let start = DealStart { stage: *stage, kind, pos: day - 1, from: day };
                    self.follow_deal(model, rng, start);
                }
            }
        }
    }

    /// Follows one deal to its end or to day T. The budget is drawn only if the deal is ever
    /// counted (won, or active at the checkpoint or the end), which changes no distribution.
    fn follow_deal(&mut self, model: &Model, rng: &mut TrialRng, start: DealStart) {
        let DealStart { mut stage, kind, mut pos, mut from } = start;
        let (t, c) = (model.horizon, model.checkpoint);
        let params = &model.kinds[kind];
        let last = params.len() - 1;
        let mut budget = None;
        self.created += 1;
        loop {
            self.steps += 1;
            let st = &params[stage];
            // The stay ends on day `leave` (by exit or reverse move); past T it does not matter
            // how far past.
            let leave = pos + st.stay.sample(rng, t + 1 - pos);
            if from <= c && c < leave {
                let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                self.checkpoint_count[stage] += 1;
                self.checkpoint_budget[stage] += b;
                self.pipeline_forecast += b * model.win_by_end[kind][stage];
            }
            if leave > t {
                let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                self.end_count[stage] += 1;
                self.end_budget[stage] += b;
                return;
            }
            if st.exit_share < 1.0 && !rng.bernoulli(st.exit_share) {
                self.reverse_moves += 1;
                stage -= 1;
            } else if rng.bernoulli(st.conversion) {
                if stage == last {
                    let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                    self.wins += 1;
                    self.won_by_day[leave as usize] += b;
                    return;
                }
                stage += 1;
            } else {
                self.losses += 1;
                return;
            }
            pos = leave;
            from = leave;
        }
    }

    /// The literal day-by-day dynamics of MODEL.md (any levers).
    pub fn simulate_days(&mut self, model: &Model, rng: &mut TrialRng) {
        self.reset(model);
        let mut deals = std::mem::take(&mut self.deals);
        deals.clear();
        Self::for_each_initial(model, rng, |stage, kind, rng| {
            deals.push(Deal { stage, kind, budget: Self::draw_budget(model, rng) });
        });
        self.created = deals.len() as u64;
        let last = model.stage_count() - 1;
        for day in 1..=model.horizon {
            // 1. Arrivals.
            for (stage, pois) in &model.inflows {
                for _ in 0..pois.sample(rng) {
                    let kind = Self::draw_kind(model, rng);
                    deals.push(Deal { stage: *stage, kind, budget: Self::draw_budget(model, rng) });
                    self.created += 1;
                }
            }
            // 2. At most one transition each, at a pace set by the day's talk time.
            let (pace, depth) = match model.capacity {
                Some(cap) => {
                    let f = cap.factor(deals.len());
                    (f, if f < 1.0 { libm::pow(f, cap.depth_penalty) } else { 1.0 })
                }
                None => (1.0, 1.0),
            };
            self.steps += deals.len() as u64;
            let mut i = 0;
            while i < deals.len() {
                let deal = deals[i];
                let st = &model.kinds[deal.kind][deal.stage];
                if rng.bernoulli(st.exit_prob * pace) {
                    if !rng.bernoulli(st.conversion * depth) {
                        self.losses += 1;
                        deals.swap_remove(i);
                        continue;
                    }
                    if deal.stage == last {
                        self.wins += 1;
                        self.won_by_day[day as usize] += deal.budget;
                        deals.swap_remove(i);
                        continue;
                    }
                    deals[i].stage += 1;
                } else if deal.stage > 0 && model.reverse > 0.0 && rng.bernoulli(model.reverse) {
                    deals[i].stage -= 1;
                    self.reverse_moves += 1;
                }
                i += 1;
            }
            if day == model.checkpoint {
                for d in &deals {
                    self.checkpoint_count[d.stage] += 1;
                    self.checkpoint_budget[d.stage] += d.budget;
                    self.pipeline_forecast += d.budget * model.win_by_end[d.kind][d.stage];
                }
            }
            if day == model.horizon {
                for d in &deals {
                    self.end_count[d.stage] += 1;
                    self.end_budget[d.stage] += d.budget;
                }
            }
        }
        self.deals = deals;
    }
}

/// Where a deal's story starts: its stage and kind, the last day before its first move
/// (`pos`), and the first day it is counted at the end of (`from`).
#[derive(Clone, Copy, Debug)]
struct DealStart {
    stage: usize,
    kind: usize,
    pos: u32,
    from: u32,
}
