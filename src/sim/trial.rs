//! One simulated month.
//!
//! Three exact ways to play MODEL.md's daily dynamics:
//!
//! - **Outcome tables** ([`Trial::simulate_outcomes`]), without the capacity lever and without
//!   rework: one or two categorical draws per deal (see [`super::outcomes`]).
//! - **Per deal** ([`Trial::simulate_events`]), used when talk minutes are unlimited. Deals are
//!   then independent, so each is followed alone from creation to its end: its stay in a stage
//!   is Geometric until its next event (an exit, or the start of rework), a rework spell is
//!   Geometric in the previous stage's days, then the exit fact is checked against the stage's
//!   conversion. This draws a few numbers per event instead of one per deal per day, and has
//!   exactly the day-by-day process's distribution.
//! - **Day by day** ([`Trial::simulate_days`]), the literal dynamics, used with the capacity
//!   lever, where the day's number of active deals sets everyone's pace.
//!
//! Besides what happened (revenue, wins, losses, each stage's true forward exits and losses),
//! a trial keeps what the manager's **record** shows: counts and budgets per recorded stage at
//! the checkpoint and the end, the forecast, and the record's own moves. The record never
//! draws from a deal's path: the seller's early budget estimate comes from a side stream named
//! by the deal, so the record policy and the budget levers never change revenue.
//!
//! A test runs all three on the same scenarios and checks that they agree.

use super::events::{DealEvent, EventSink, NoEvents};
use super::fast_exp;
use super::model::{Model, DEADLINE, NO_DEADLINE};
use super::outcomes::{Outcome, OutcomeTables};
use super::rng::TrialRng;

/// Which exact simulation method plays a trial. All give the same distribution; they differ in
/// speed and in what they can handle.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// The fastest method the scenario allows.
    #[default]
    Auto,
    /// One or two categorical draws per deal (no capacity lever, no reverse moves).
    Outcomes,
    /// A few draws per stage a deal visits (no capacity lever).
    PerDeal,
    /// The literal daily dynamics (anything).
    DayByDay,
}

/// Tag of the side streams the record's budget estimates come from.
const SIDE: u64 = 0x5EED_E571_A7E5;

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
    /// Rework spells started in days 1..=T.
    pub rework_starts: u64,
    /// Work done: events followed (per-deal method) or deal-days stepped (day by day).
    pub steps: u64,
    /// True forward exits of each stage in days 1..=T (wins for the last).
    pub forward: Vec<u64>,
    /// Deals lost at each stage in days 1..=T.
    pub lost_at: Vec<u64>,
    /// Backward moves out of each stage in the record (only under the moving record).
    pub back: Vec<u64>,
    /// Forward moves out of each stage that the record adds when a deal's rework ends.
    pub reforward: Vec<u64>,
    /// Deals per recorded stage at the end of the checkpoint day.
    pub checkpoint_count: Vec<u64>,
    /// Their recorded budgets.
    pub checkpoint_budget: Vec<f64>,
    /// Deals per recorded stage at the end of day T.
    pub end_count: Vec<u64>,
    /// Their recorded budgets.
    pub end_budget: Vec<f64>,
    /// Σ recorded budget × P(win by T from the recorded stage) over the deals in the record at
    /// the end of the checkpoint day.
    pub pipeline_forecast: f64,
    deals: Vec<Deal>,
    /// The whole-deal method's forward exits as differences: a deal that passes stages
    /// `from..to` adds 1 at `from` and takes 1 at `to` (wrapping), and the running sum is each
    /// stage's count. One add and one subtract a deal instead of a loop whose length the branch
    /// predictor cannot guess; the counts are the same integers.
    crossed: [u64; super::scenario::MAX_STAGES + 1],
}

/// A deal in the day-by-day simulation.
#[derive(Clone, Copy, Debug)]
struct Deal {
    stage: usize,
    kind: usize,
    budget: f64,
    serial: u64,
    in_rework: bool,
    /// Highest stage the record has shown it at, at the end of a day.
    seen: Option<usize>,
}

/// The record's budget of a deal last seen at `seen`: empty before `budget_known_from_stage`,
/// the seller's estimate before the decision stage, the true budget from it on.
fn recorded_budget(
    model: &Model,
    budget: f64,
    seen: usize,
    side: impl FnOnce() -> TrialRng,
) -> f64 {
    if seen < model.budget_from {
        0.0
    } else if seen >= model.decision || model.early_sigma == 0.0 {
        budget
    } else {
        budget * fast_exp::exp(model.early_sigma * side().standard_normal())
    }
}

impl Trial {
    fn reset(&mut self, model: &Model) {
        let k = model.stage_count();
        let t = model.horizon as usize;
        self.won_by_day.clear();
        self.won_by_day.resize(t + 1, 0.0);
        for v in [
            &mut self.checkpoint_count,
            &mut self.end_count,
            &mut self.forward,
            &mut self.lost_at,
            &mut self.back,
            &mut self.reforward,
        ] {
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
        self.rework_starts = 0;
        self.steps = 0;
        self.pipeline_forecast = 0.0;
    }

    /// Revenue of the period.
    pub fn revenue(&self) -> f64 {
        self.won_by_day.iter().sum()
    }

    /// Backward moves in the record.
    pub fn reverse_moves(&self) -> u64 {
        self.back.iter().sum()
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

    /// Counts forward exits out of stages `from..to` (in [`Trial::crossed`], summed into
    /// `forward` when the trial ends).
    #[inline]
    fn pass(&mut self, from: usize, to: usize) {
        self.pass_n(from, to, 1);
    }

    /// Counts `n` deals' forward exits out of stages `from..to`.
    #[inline]
    fn pass_n(&mut self, from: usize, to: usize, n: u64) {
        self.crossed[from] = self.crossed[from].wrapping_add(n);
        self.crossed[to] = self.crossed[to].wrapping_sub(n);
    }

    /// Adds the differences of [`Trial::crossed`] up into `forward`.
    fn settle_crossed(&mut self) {
        let mut running = 0u64;
        for (f, &d) in self.forward.iter_mut().zip(&self.crossed) {
            running = running.wrapping_add(d);
            *f += running;
        }
    }

    /// Puts a deal in the checkpoint's record.
    fn at_checkpoint(&mut self, model: &Model, kind: usize, rec: usize, budget: f64) {
        self.checkpoint_count[rec] += 1;
        self.checkpoint_budget[rec] += budget;
        self.pipeline_forecast +=
            budget * model.win_by_end[kind][rec] + model.prices_by_end[kind][rec];
    }

    /// Books the price of a forward exit out of `stage` on `day`, if the stage has one.
    fn earn_price(&mut self, model: &Model, rng: &mut TrialRng, stage: usize, day: u32) {
        if let Some(p) = model.prices[stage] {
            self.won_by_day[day as usize] += Self::draw_from(p, rng);
        }
    }

    /// Puts a deal in the end-of-period record.
    fn at_end(&mut self, rec: usize, budget: f64) {
        self.end_count[rec] += 1;
        self.end_budget[rec] += budget;
    }

    /// The whole-deal method: one draw per followed deal, two for deals active at the
    /// checkpoint. Deals lost before their first horizon are only counted (see
    /// [`super::outcomes::Thinned`]). Each followed deal draws its outcome and budget from its
    /// own stream named by its origin, so two scenarios on one seed share every deal they have in
    /// common. Without rework the record is the process, so a deal's recorded stage is its
    /// stage.
    pub fn simulate_outcomes(&mut self, model: &Model, tables: &OutcomeTables, rng: &mut TrialRng) {
        self.reset(model);
        self.crossed = [0; super::scenario::MAX_STAGES + 1];
        self.outcomes_inner(model, tables, rng);
        self.settle_crossed();
    }

    fn outcomes_inner(&mut self, model: &Model, tables: &OutcomeTables, rng: &mut TrialRng) {
        /// Origin tag of the initial pipeline (arrival days are 1..=366).
        const INITIAL: u64 = 1 << 40;
        let thinned = model.thinned.as_ref();
        if let Some(th) = thinned {
            for (start, at, pois) in &th.lost {
                let n = pois.sample(rng);
                self.losses += n;
                self.created += n;
                self.lost_at[*at] += n;
                self.pass_n(*start, *at, n);
            }
        }
        match (&model.initial, thinned) {
            (super::model::Initial::Steady(_), Some(th)) => {
                for (stage, split) in th.initial.iter().enumerate() {
                    for (kind, follow) in split.iter().enumerate() {
                        for n in 0..follow.sample(rng) {
                            let mut own = rng.for_deal([INITIAL, (stage * 2 + kind) as u64, n]);
                            let start = DealStart::initial(stage, kind, false);
                            self.draw_deal(model, tables, &mut own, start, true);
                        }
                    }
                }
            }
            _ => {
                let mut serial = [0u64; super::scenario::MAX_STAGES];
                Self::for_each_initial_kinded(model, rng, |stage, kind, _, amount, rng| {
                    let n = &mut serial[stage];
                    *n += 1;
                    let mut own = rng.for_deal([INITIAL, stage as u64, *n]);
                    let kind = kind.unwrap_or_else(|| Self::draw_kind(model, &mut own));
                    let start = DealStart::initial(stage, kind, false).with_budget(amount);
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
                        let start = DealStart::arrival(*stage, kind, day);
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
        let last = model.stage_count() - 1;
        let mut budget = start.budget;
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
                    let shown = recorded_budget(model, b, k, || rng.for_deal([SIDE, 0, 0]));
                    self.at_checkpoint(model, kind, k, shown);
                    self.pass(stage, k);
                    stage = k;
                    pos = c;
                    self.steps += 1;
                }
                Outcome::Lost(at) => {
                    self.pass(stage, at);
                    self.lost_at[at] += 1;
                    self.losses += 1;
                    return;
                }
                Outcome::Won(w) => {
                    self.pass(stage, last + 1);
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
                let shown = recorded_budget(model, b, k, || rng.for_deal([SIDE, 0, 0]));
                self.pass(stage, k);
                self.at_end(k, shown);
            }
            Outcome::Lost(at) => {
                self.pass(stage, at);
                self.lost_at[at] += 1;
                self.losses += 1;
            }
            Outcome::Won(w) => {
                self.pass(stage, last + 1);
                self.win(model, rng, pos + w, budget);
            }
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
        Self::draw_from(model.budget, rng)
    }

    /// One draw of a log-normal (the median itself when it is fixed); `exp` is the engine's
    /// portable one ([`fast_exp`]), within an ulp of `libm::exp` and twice as fast.
    fn draw_from(b: super::model::Budget, rng: &mut TrialRng) -> f64 {
        if b.sigma == 0.0 {
            b.median
        } else {
            fast_exp::exp(b.mu + b.sigma * rng.standard_normal())
        }
    }

    /// Calls `start(stage, kind, in_rework, amount, rng)` for every deal of the initial
    /// pipeline; `amount` is a given deal's known budget.
    fn for_each_initial(
        model: &Model,
        rng: &mut TrialRng,
        mut start: impl FnMut(usize, usize, bool, Option<f64>, &mut TrialRng),
    ) {
        Self::for_each_initial_kinded(model, rng, |stage, kind, rework, amount, rng| {
            let kind = kind.unwrap_or_else(|| Self::draw_kind(model, rng));
            start(stage, kind, rework, amount, rng);
        });
    }

    /// Like `for_each_initial`, but deals from explicit counts or given deals come with `None`
    /// for their kind, for the caller to draw from the deal's own stream.
    fn for_each_initial_kinded(
        model: &Model,
        rng: &mut TrialRng,
        mut start: impl FnMut(usize, Option<usize>, bool, Option<f64>, &mut TrialRng),
    ) {
        match &model.initial {
            super::model::Initial::Empty => {}
            super::model::Initial::Steady(per_stage) => {
                for (stage, pois) in per_stage.iter().enumerate() {
                    for kind in [NO_DEADLINE, DEADLINE] {
                        for (rework, p) in [false, true].into_iter().zip(&pois[kind]) {
                            for _ in 0..p.sample(rng) {
                                start(stage, Some(kind), rework, None, rng);
                            }
                        }
                    }
                }
            }
            super::model::Initial::Counts(counts) => {
                for (stage, &n) in counts.iter().enumerate() {
                    for _ in 0..n {
                        start(stage, None, false, None, rng);
                    }
                }
            }
            super::model::Initial::Deals(deals) => {
                for &(stage, amount) in deals {
                    start(stage, None, false, amount, rng);
                }
            }
        }
    }

    /// The per-deal method (no capacity lever).
    pub fn simulate_events(&mut self, model: &Model, rng: &mut TrialRng) {
        self.reset(model);
        Self::for_each_initial(model, rng, |stage, kind, rework, amount, rng| {
            let start = DealStart::initial(stage, kind, rework).with_budget(amount);
            self.follow_deal(model, rng, start);
        });
        for day in 1..=model.horizon {
            for (stage, pois) in &model.inflows {
                for _ in 0..pois.sample(rng) {
                    let kind = Self::draw_kind(model, rng);
                    self.follow_deal(model, rng, DealStart::arrival(*stage, kind, day));
                }
            }
        }
    }

    /// Follows one deal to its end or to day T, event by event: the next exit or rework start
    /// (Geometric in the stage's leave probability), and each rework spell (Geometric in the
    /// previous stage's days). The budget is drawn only if the deal is ever counted (won, or
    /// active at the checkpoint or the end), which depends on its path alone.
    fn follow_deal(&mut self, model: &Model, rng: &mut TrialRng, start: DealStart) {
        let DealStart { mut stage, kind, mut pos, mut from, mut in_rework, budget } = start;
        let (t, c) = (model.horizon, model.checkpoint);
        let params = &model.kinds[kind];
        let last = params.len() - 1;
        let serial = self.created;
        self.created += 1;
        let mut budget = budget;
        let mut seen: Option<usize> = None;
        loop {
            self.steps += 1;
            let st = &params[stage];
            // The current stay ends on day `end` (past T it does not matter how far past).
            let (end, rec) = if in_rework {
                let rec = if model.record_reverse { stage - 1 } else { stage };
                (pos + st.spell.sample(rng, t + 1 - pos), rec)
            } else {
                (pos + st.stay.sample(rng, t + 1 - pos), stage)
            };
            // The record shows it at `rec` at the end of days from..=end − 1.
            if from < end {
                seen = Some(seen.map_or(rec, |s| s.max(rec)));
            }
            let counted_at_c = from <= c && c < end;
            if counted_at_c || end > t {
                let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                let seen = seen.unwrap_or(rec);
                let shown = recorded_budget(model, b, seen, || rng.for_deal([SIDE, serial, 0]));
                if counted_at_c {
                    self.at_checkpoint(model, kind, rec, shown);
                }
                if end > t {
                    self.at_end(rec, shown);
                    return;
                }
            }
            pos = end;
            from = end;
            if in_rework {
                in_rework = false;
                if model.record_reverse {
                    self.reforward[stage - 1] += 1;
                }
            } else if st.exit_share < 1.0 && !rng.bernoulli(st.exit_share) {
                in_rework = true;
                self.rework_starts += 1;
                if model.record_reverse {
                    self.back[stage] += 1;
                }
            } else if rng.bernoulli(st.conversion) {
                self.forward[stage] += 1;
                if stage == last {
                    let b = *budget.get_or_insert_with(|| Self::draw_budget(model, rng));
                    self.wins += 1;
                    self.won_by_day[end as usize] += b;
                    return;
                }
                self.earn_price(model, rng, stage, end);
                stage += 1;
            } else {
                self.lost_at[stage] += 1;
                self.losses += 1;
                return;
            }
        }
    }

    /// The literal day-by-day dynamics of MODEL.md (any levers).
    pub fn simulate_days(&mut self, model: &Model, rng: &mut TrialRng) {
        self.days_with(model, rng, &mut NoEvents);
    }

    /// The day-by-day dynamics, telling `sink` every deal event: the same draws in the same
    /// order as [`Trial::simulate_days`], so the same seed plays the same month.
    pub fn simulate_days_logged(
        &mut self,
        model: &Model,
        rng: &mut TrialRng,
        sink: &mut impl EventSink,
    ) {
        self.days_with(model, rng, sink);
    }

    fn days_with(&mut self, model: &Model, rng: &mut TrialRng, sink: &mut impl EventSink) {
        self.reset(model);
        let mut deals = std::mem::take(&mut self.deals);
        deals.clear();
        let rec =
            |d: &Deal| if d.in_rework && model.record_reverse { d.stage - 1 } else { d.stage };
        Self::for_each_initial(model, rng, |stage, kind, in_rework, amount, rng| {
            let budget = amount.unwrap_or_else(|| Self::draw_budget(model, rng));
            let serial = deals.len() as u64;
            let mut deal = Deal { stage, kind, budget, serial, in_rework, seen: None };
            deal.seen = Some(rec(&deal));
            deals.push(deal);
            sink.event(DealEvent::Created { deal: serial, day: 0, stage, budget, in_rework });
        });
        self.created = deals.len() as u64;
        let last = model.stage_count() - 1;
        let calls_depth = model.capacity.map_or(0.0, |cap| cap.depth_penalty);
        for day in 1..=model.horizon {
            // 1. Arrivals.
            for (stage, pois) in &model.inflows {
                for _ in 0..pois.sample(rng) {
                    let kind = Self::draw_kind(model, rng);
                    let budget = Self::draw_budget(model, rng);
                    let serial = self.created;
                    deals.push(Deal {
                        stage: *stage,
                        kind,
                        budget,
                        serial,
                        in_rework: false,
                        seen: None,
                    });
                    self.created += 1;
                    let created = DealEvent::Created {
                        deal: serial,
                        day,
                        stage: *stage,
                        budget,
                        in_rework: false,
                    };
                    sink.event(created);
                }
            }
            // 2. At most one event each, at a pace set by the day's talk time.
            let (pace, depth) = match model.capacity {
                Some(cap) => {
                    let f = cap.factor(deals.len());
                    (f, if f < 1.0 && calls_depth > 0.0 { libm::pow(f, calls_depth) } else { 1.0 })
                }
                None => (1.0, 1.0),
            };
            self.steps += deals.len() as u64;
            let mut i = 0;
            while i < deals.len() {
                let deal = deals[i];
                let st = &model.kinds[deal.kind][deal.stage];
                let (serial, stage) = (deal.serial, deal.stage);
                if deal.in_rework {
                    if rng.bernoulli(st.finish_prob) {
                        deals[i].in_rework = false;
                        sink.event(DealEvent::ReworkFinished { deal: serial, day, stage });
                        if model.record_reverse {
                            self.reforward[deal.stage - 1] += 1;
                        }
                    }
                } else if rng.bernoulli(st.exit_prob * pace) {
                    if !rng.bernoulli(st.conversion * depth) {
                        self.lost_at[deal.stage] += 1;
                        self.losses += 1;
                        deals.swap_remove(i);
                        sink.event(DealEvent::Lost { deal: serial, day, stage });
                        continue;
                    }
                    self.forward[deal.stage] += 1;
                    if deal.stage == last {
                        self.wins += 1;
                        self.won_by_day[day as usize] += deal.budget;
                        deals.swap_remove(i);
                        sink.event(DealEvent::Won { deal: serial, day });
                        continue;
                    }
                    sink.event(DealEvent::Advanced { deal: serial, day, stage });
                    self.earn_price(model, rng, deal.stage, day);
                    deals[i].stage += 1;
                } else if deal.stage > 0 && model.rework > 0.0 && rng.bernoulli(model.rework) {
                    deals[i].in_rework = true;
                    sink.event(DealEvent::ReworkStarted { deal: serial, day, stage });
                    self.rework_starts += 1;
                    if model.record_reverse {
                        self.back[deal.stage] += 1;
                    }
                }
                i += 1;
            }
            // 3. The record at the end of the day.
            for d in &mut deals {
                let r = rec(d);
                d.seen = Some(d.seen.map_or(r, |s| s.max(r)));
            }
            if day == model.checkpoint || day == model.horizon {
                for d in &deals {
                    let r = rec(d);
                    let seen = d.seen.unwrap_or(r);
                    let shown = recorded_budget(model, d.budget, seen, || {
                        rng.for_deal([SIDE, d.serial, 0])
                    });
                    if day == model.checkpoint {
                        self.at_checkpoint(model, d.kind, r, shown);
                    }
                    if day == model.horizon {
                        self.at_end(r, shown);
                    }
                }
            }
        }
        self.deals = deals;
    }
}

/// Where a deal's story starts: its stage and kind, the last day before its first event
/// (`pos`), the first day it is counted at the end of (`from`), and whether it starts in rework.
#[derive(Clone, Copy, Debug)]
struct DealStart {
    stage: usize,
    kind: usize,
    pos: u32,
    from: u32,
    in_rework: bool,
    /// A given deal's known budget.
    budget: Option<f64>,
}

impl DealStart {
    /// A deal of the pipeline at the end of day 0.
    fn initial(stage: usize, kind: usize, in_rework: bool) -> Self {
        DealStart { stage, kind, pos: 0, from: 0, in_rework, budget: None }
    }

    /// The same with a known budget (a given deal's amount).
    fn with_budget(self, budget: Option<f64>) -> Self {
        DealStart { budget, ..self }
    }

    /// A deal created on `day`: it may leave that same day.
    fn arrival(stage: usize, kind: usize, day: u32) -> Self {
        DealStart { stage, kind, pos: day - 1, from: day, in_rework: false, budget: None }
    }
}
