//! The product ladder as the ladder post («Как выстроить продуктовую воронку…») draws it: rungs
//! from the free lead magnet to VIP, **every rung an entry point**, and from each rung moves to
//! any higher rung (the tripwire into the flagship through a selling session, the mid-ticket as a
//! bridge for those not ready for the flagship, VIP on top).
//!
//! A ladder file names the rungs bottom first. A new lead starts at rung `i` with probability
//! `entry_share` (and buys it on arrival: a free rung is "bought" at price 0); a buyer of rung `i`
//! moves on to a higher rung `to` with probability `share` after a stay of `mean_days` working
//! days on average (geometric, at least a day), or stops there with the rest. Rungs only move up,
//! so a lead buys each rung at most once, and the chain is absorbing:
//!
//! * **reach** of rung `j` (the share of leads who ever buy it) solves the DAG
//!   `reach_j = entry_j + Σ_{i<j} reach_i · share_{i→j}`;
//! * **revenue per lead** = Σ reach × mean price, exact;
//! * **the climb to the flagship**: the day of each purchase is a mixture over paths of sums of
//!   geometric stays; its exact mean, its distribution (a convolution along the DAG) and each
//!   path's share and mean days;
//! * **a month** is simulated lead by lead (Poisson arrivals, log-normal or fixed prices) with a
//!   warm-up long enough that the month starts in the steady state, giving P(plan), the revenue
//!   distribution and how much of it the top rung decides.
//!
//! Everything here is plain arithmetic over the file's numbers and the engine's samplers
//! ([`crate::sim::rng`]); no clock, no global randomness.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::sim::model::Budget;
use crate::sim::rng::{Geometric, Poisson, TrialRng};
use crate::sim::scenario::BudgetSpec;

/// The longest climb the time distribution follows, in working days; past it the remaining
/// probability is reported as `beyond`.
pub const MAX_CLIMB_DAYS: usize = 2_000;
/// Most rungs a ladder may have.
pub const MAX_RUNGS: usize = 12;
/// Most new leads a day.
pub const MAX_LEADS_PER_DAY: f64 = 10_000.0;
/// Most working days in a simulated period.
pub const MAX_DAYS: u32 = 250;
/// Most days a buyer may stay on a rung on average.
pub const MAX_MEAN_DAYS: f64 = 1_000.0;
/// The warm-up leaves at most this share of a lead's lifetime revenue unplayed.
const WARMUP_TAIL: f64 = 1e-6;

/// A rung's price: a fixed number, or log-normal by its median and 90th percentile.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum PriceSpec {
    /// Every buyer pays this.
    Fixed(f64),
    /// Log-normal: half pay below `median`, 90% below `p90`.
    Spread {
        /// Median price.
        median: f64,
        /// 90th percentile (>= the median).
        p90: f64,
    },
}

impl PriceSpec {
    /// The median and the 90th percentile (equal for a fixed price).
    pub fn pair(&self) -> (f64, f64) {
        match *self {
            PriceSpec::Fixed(x) => (x, x),
            PriceSpec::Spread { median, p90 } => (median, p90),
        }
    }

    /// The mean price: median · exp(σ²/2), σ = ln(p90 / median) / z(0.9); the number itself
    /// when fixed (a free rung is 0).
    pub fn mean(&self) -> f64 {
        let (median, p90) = self.pair();
        if median <= 0.0 || p90 <= median {
            return median.max(0.0);
        }
        Budget::from_spec(&BudgetSpec { median, p90 }).mean()
    }
}

/// A move from a rung to a higher one.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveSpec {
    /// The rung moved to (0-based index, higher than the rung moved from).
    pub to: usize,
    /// Share of this rung's buyers who move there.
    pub share: f64,
}

/// One rung of a ladder file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RungSpec {
    /// Its name.
    pub name: String,
    /// Its English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Its price (0 for a free rung).
    pub price: PriceSpec,
    /// Share of new leads who start here.
    pub entry_share: f64,
    /// Mean working days from buying this rung to the next purchase, for those who move on.
    pub mean_days: f64,
    /// Moves to higher rungs; their shares sum to at most 1, the rest stop here.
    #[serde(default)]
    pub next: Vec<MoveSpec>,
    /// Marks the flagship (at most one rung); without a mark the flagship is the dearest rung
    /// below the top.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub flagship: bool,
}

/// A ladder file (`"kind": "ladder"`, schema 1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LadderSpec {
    /// File format version: 1.
    pub schema: u32,
    /// Always `"ladder"`, so a ladder file is not mistaken for a scenario.
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its English name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// What it is and where its numbers come from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The same in English.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// New leads a working day (Poisson).
    pub leads_per_day: f64,
    /// Working days in the simulated period.
    pub days: u32,
    /// The period's revenue plan.
    pub plan: f64,
    /// The rungs, bottom (cheapest) first.
    pub rungs: Vec<RungSpec>,
}

/// What is wrong with a field of a ladder file.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum LadderErrorKind {
    /// Not JSON of a ladder file's shape.
    #[error("{message}")]
    Parse {
        /// The parser's words.
        message: String,
    },
    /// A schema other than 1.
    #[error("{schema} is not supported; a ladder file has schema 1")]
    Schema {
        /// The file's schema.
        schema: u32,
    },
    /// `kind` is not "ladder".
    #[error("\"{given}\" is not \"ladder\"")]
    Kind {
        /// What the file says.
        given: String,
    },
    /// An empty text.
    #[error("must not be empty")]
    Empty,
    /// A number outside `lo..=hi`.
    #[error("{} is outside {lo}..={hi}", shown(*.value))]
    Outside {
        /// The value given.
        value: f64,
        /// Least allowed.
        lo: f64,
        /// Greatest allowed.
        hi: f64,
    },
    /// A P90 below the median.
    #[error("{} must be a finite number >= the median", shown(*.value))]
    BelowMedian {
        /// The P90 given.
        value: f64,
    },
    /// Too few or too many rungs.
    #[error("{count} rungs; a ladder has 1..={MAX_RUNGS}")]
    RungCount {
        /// Rungs given.
        count: usize,
    },
    /// Entry shares that sum above 1, or to nothing.
    #[error("entry shares sum to {}; they must sum to more than 0 and at most 1", shown(*.sum))]
    EntrySum {
        /// The sum.
        sum: f64,
    },
    /// A rung's move shares sum above 1.
    #[error("shares sum to {}; at most 1 (the rest stop on the rung)", shown(*.sum))]
    NextSum {
        /// The sum.
        sum: f64,
    },
    /// A move that does not go to a higher rung.
    #[error("{to} is not a higher rung: moves from rung {from} go to {lo}..={hi}", lo = .from + 1, hi = .count - 1)]
    NotHigher {
        /// The rung named.
        to: usize,
        /// The rung moved from.
        from: usize,
        /// Rungs in the ladder.
        count: usize,
    },
    /// The top rung has moves.
    #[error("the top rung has no higher rung to move to")]
    TopMoves,
    /// The same target twice.
    #[error("rung {to} is named twice; give one share per rung")]
    Duplicate {
        /// The rung named twice.
        to: usize,
    },
    /// More than one flagship.
    #[error("rungs {} are all marked flagship; mark at most one", list(.rungs))]
    ManyFlagships {
        /// The rungs marked.
        rungs: Vec<usize>,
    },
}

impl LadderErrorKind {
    /// The same in Russian, for the page.
    pub fn ru(&self) -> String {
        match self {
            LadderErrorKind::Parse { message } => {
                format!("не читается как файл лестницы: {message}")
            }
            LadderErrorKind::Schema { schema } => {
                format!("версия {schema} не поддерживается; у файла лестницы версия 1")
            }
            LadderErrorKind::Kind { given } => format!("«{given}» — не «ladder»"),
            LadderErrorKind::Empty => "не может быть пустым".into(),
            LadderErrorKind::Outside { value, lo, hi } => {
                format!("{} вне диапазона {lo}..{hi}", shown(*value))
            }
            LadderErrorKind::BelowMedian { value } => {
                format!("{} должно быть числом не меньше медианы", shown(*value))
            }
            LadderErrorKind::RungCount { count } => {
                format!("ступеней {count}; в лестнице их от 1 до {MAX_RUNGS}")
            }
            LadderErrorKind::EntrySum { sum } => format!(
                "доли входа в сумме {}; сумма должна быть больше 0 и не больше 1",
                shown(*sum)
            ),
            LadderErrorKind::NextSum { sum } => format!(
                "доли переходов в сумме {}; не больше 1 (остальные остаются на ступени)",
                shown(*sum)
            ),
            LadderErrorKind::NotHigher { to, from, count } => format!(
                "{to} — не более высокая ступень: со ступени {from} переходят на {}..{}",
                from + 1,
                count - 1
            ),
            LadderErrorKind::TopMoves => "с верхней ступени некуда переходить выше".into(),
            LadderErrorKind::Duplicate { to } => {
                format!("ступень {to} названа дважды; одна доля на ступень")
            }
            LadderErrorKind::ManyFlagships { rungs } => {
                format!("флагманом отмечены ступени {}; отметьте не больше одной", list(rungs))
            }
        }
    }
}

fn shown(x: f64) -> String {
    if x.is_finite() {
        format!("{}", (x * 1e9).round() / 1e9)
    } else {
        "no number".into()
    }
}

fn list(xs: &[usize]) -> String {
    xs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// One refused field: its path (`rungs[2].next[0].share`) and what is wrong.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LadderFieldError {
    /// Path of the field; empty for the whole file.
    pub path: String,
    /// What is wrong.
    pub kind: LadderErrorKind,
}

impl LadderFieldError {
    /// "path: message" in Russian.
    pub fn ru(&self) -> String {
        if self.path.is_empty() {
            self.kind.ru()
        } else {
            format!("{}: {}", self.path, self.kind.ru())
        }
    }
}

impl fmt::Display for LadderFieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

/// Why a ladder was refused: every field at fault, in one line.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
pub struct LadderError(pub Vec<LadderFieldError>);

impl LadderError {
    /// The same line in Russian.
    pub fn ru(&self) -> String {
        self.0.iter().map(LadderFieldError::ru).collect::<Vec<_>>().join("; ")
    }
}

fn fail(path: impl Into<String>, kind: LadderErrorKind) -> LadderFieldError {
    LadderFieldError { path: path.into(), kind }
}

impl LadderSpec {
    /// Reads a ladder file (no range checks: [`Ladder::new`] does those).
    pub fn from_json(text: &str) -> Result<LadderSpec, LadderError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." || path == "?" { String::new() } else { path };
            let message = e.into_inner().to_string();
            LadderError(vec![fail(path, LadderErrorKind::Parse { message })])
        })
    }

    /// The file as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// Every field out of range, with its path.
    pub fn check(&self) -> Vec<LadderFieldError> {
        use LadderErrorKind as K;
        let mut errors = Vec::new();
        let range = |errors: &mut Vec<LadderFieldError>, path: String, x: f64, lo: f64, hi: f64| {
            if !(x.is_finite() && (lo..=hi).contains(&x)) {
                errors.push(fail(path, K::Outside { value: x, lo, hi }));
            }
        };
        if self.schema != 1 {
            errors.push(fail("schema", K::Schema { schema: self.schema }));
        }
        if self.kind != "ladder" {
            errors.push(fail("kind", K::Kind { given: self.kind.clone() }));
        }
        if self.name.trim().is_empty() {
            errors.push(fail("name", K::Empty));
        }
        range(&mut errors, "leads_per_day".into(), self.leads_per_day, 0.0, MAX_LEADS_PER_DAY);
        range(&mut errors, "days".into(), f64::from(self.days), 1.0, f64::from(MAX_DAYS));
        range(&mut errors, "plan".into(), self.plan, 0.0, 1e15);
        let count = self.rungs.len();
        if !(1..=MAX_RUNGS).contains(&count) {
            errors.push(fail("rungs", K::RungCount { count }));
            return errors;
        }
        let mut entry_sum = 0.0;
        let mut flagships = Vec::new();
        for (i, r) in self.rungs.iter().enumerate() {
            let at = |f: &str| format!("rungs[{i}].{f}");
            if r.name.trim().is_empty() {
                errors.push(fail(at("name"), K::Empty));
            }
            match r.price {
                PriceSpec::Fixed(x) => range(&mut errors, at("price"), x, 0.0, 1e12),
                PriceSpec::Spread { median, p90 } => {
                    range(&mut errors, at("price.median"), median, 0.0, 1e12);
                    if !(p90.is_finite() && p90 >= median && p90 <= 1e12) {
                        errors.push(fail(at("price.p90"), K::BelowMedian { value: p90 }));
                    }
                }
            }
            range(&mut errors, at("entry_share"), r.entry_share, 0.0, 1.0);
            entry_sum += r.entry_share;
            range(&mut errors, at("mean_days"), r.mean_days, 1.0, MAX_MEAN_DAYS);
            if r.flagship {
                flagships.push(i);
            }
            if i + 1 == count && !r.next.is_empty() {
                errors.push(fail(at("next"), K::TopMoves));
                continue;
            }
            let mut seen = Vec::new();
            let mut sum = 0.0;
            for (m, mv) in r.next.iter().enumerate() {
                let path = |f: &str| format!("rungs[{i}].next[{m}].{f}");
                if mv.to <= i || mv.to >= count {
                    errors.push(fail(path("to"), K::NotHigher { to: mv.to, from: i, count }));
                } else if seen.contains(&mv.to) {
                    errors.push(fail(path("to"), K::Duplicate { to: mv.to }));
                }
                seen.push(mv.to);
                range(&mut errors, path("share"), mv.share, 0.0, 1.0);
                sum += mv.share;
            }
            if sum > 1.0 + 1e-9 {
                errors.push(fail(at("next"), K::NextSum { sum }));
            }
        }
        if entry_sum.is_finite() && !(entry_sum > 0.0 && entry_sum <= 1.0 + 1e-9) {
            errors.push(fail("rungs", K::EntrySum { sum: entry_sum }));
        }
        if flagships.len() > 1 {
            errors.push(fail("rungs", K::ManyFlagships { rungs: flagships }));
        }
        errors
    }
}

/// A checked ladder.
#[derive(Clone, Debug, PartialEq)]
pub struct Ladder {
    spec: LadderSpec,
}

impl Ladder {
    /// Checks a ladder file; every field out of range is named.
    pub fn new(spec: LadderSpec) -> Result<Ladder, LadderError> {
        let errors = spec.check();
        if errors.is_empty() {
            Ok(Ladder { spec })
        } else {
            Err(LadderError(errors))
        }
    }

    /// Reads and checks a ladder file.
    pub fn from_json(text: &str) -> Result<Ladder, LadderError> {
        Ladder::new(LadderSpec::from_json(text)?)
    }

    /// The file as written.
    pub fn spec(&self) -> &LadderSpec {
        &self.spec
    }
}

/// One rung, read exactly.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Rung {
    /// 0-based index.
    pub index: usize,
    /// Its name.
    pub name: String,
    /// Its English name, when the file has one.
    pub name_en: Option<String>,
    /// Mean price.
    pub price: f64,
    /// Share of new leads who start here.
    pub entry_share: f64,
    /// Share of new leads who ever buy it.
    pub reach: f64,
    /// What one new lead earns on it over its whole climb: reach × price.
    pub revenue_per_lead: f64,
}

/// One path into the flagship: where it starts, the rungs it climbs, its share of flagship buyers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClimbPath {
    /// The rungs, entry first, the flagship last.
    pub rungs: Vec<usize>,
    /// Share of new leads who take this path to the flagship.
    pub per_lead: f64,
    /// Share of the flagship's buyers who came this way.
    pub share: f64,
    /// Mean working days from arrival to the flagship on this path.
    pub mean_days: f64,
}

/// Working days from a lead's arrival to the flagship purchase, for the leads who buy it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Climb {
    /// The flagship rung.
    pub rung: usize,
    /// Mean days (exact, from the DAG).
    pub mean: f64,
    /// Median days.
    pub p50: u32,
    /// 90th percentile of days.
    pub p90: u32,
    /// P(days = n) for n = 0.. (day 0: bought on arrival).
    pub pmf: Vec<f64>,
    /// Probability beyond [`MAX_CLIMB_DAYS`].
    pub beyond: f64,
    /// Every path into the flagship, the most common first.
    pub paths: Vec<ClimbPath>,
}

/// The exact reading of a ladder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LadderReport {
    /// Every rung, bottom first.
    pub rungs: Vec<Rung>,
    /// Lifetime revenue of one new lead: Σ reach × mean price.
    pub revenue_per_lead: f64,
    /// The flagship rung (marked, or the dearest rung below the top).
    pub flagship: usize,
    /// The top rung (VIP in the post's ladder).
    pub top: usize,
    /// The climb to the flagship.
    pub to_flagship: Climb,
}

/// The months with `sales` sales of the top rung.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TopSalesRow {
    /// Top-rung sales in the month (the last row: this many or more).
    pub sales: u32,
    /// Share of months with that many.
    pub months: f64,
    /// P(plan) among them.
    pub p_plan: f64,
}

/// A simulated period of a ladder in its steady state.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodRevenue {
    /// Trials played.
    pub trials: u64,
    /// Working days of the period.
    pub days: u32,
    /// Days of lead arrivals played before the period so that it starts in the steady state.
    pub warmup_days: u32,
    /// Expected new leads of the period: leads a day × days.
    pub leads: f64,
    /// The plan.
    pub plan: f64,
    /// Mean revenue of the period.
    pub revenue: f64,
    /// Its standard error.
    pub revenue_se: f64,
    /// Mean revenue over the expected new leads: in the steady state equal in expectation to
    /// the exact lifetime revenue per lead.
    pub revenue_per_lead: f64,
    /// Its standard error.
    pub revenue_per_lead_se: f64,
    /// Share of periods that meet the plan.
    pub p_plan: f64,
    /// Its standard error.
    pub p_plan_se: f64,
    /// Revenue percentiles 10, 50, 90.
    pub p10: f64,
    /// Median revenue.
    pub p50: f64,
    /// 90th percentile of revenue.
    pub p90: f64,
    /// Per rung: mean revenue of the period.
    pub per_rung: Vec<f64>,
    /// Per rung: its standard error.
    pub per_rung_se: Vec<f64>,
    /// Per rung: Cov(rung's revenue, total) / Var(total), the rung's part of the month's
    /// revenue variance (the parts sum to 1).
    pub variance_share: Vec<f64>,
    /// Mean sales of the top rung in the period.
    pub top_sales: f64,
    /// P(revenue without the top rung's sales meets the plan).
    pub p_plan_without_top: f64,
    /// P(plan) by the number of top-rung sales in the month.
    pub by_top_sales: Vec<TopSalesRow>,
}

/// The rungs' numbers the arithmetic needs, read without range checks.
struct Flow {
    entry: Vec<f64>,
    price: Vec<f64>,
    days: Vec<f64>,
    /// Per rung: (to, share).
    next: Vec<Vec<(usize, f64)>>,
}

impl Flow {
    fn of(spec: &LadderSpec) -> Flow {
        let k = spec.rungs.len();
        Flow {
            entry: spec.rungs.iter().map(|r| r.entry_share).collect(),
            price: spec.rungs.iter().map(|r| r.price.mean()).collect(),
            days: spec.rungs.iter().map(|r| r.mean_days).collect(),
            next: spec
                .rungs
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    r.next
                        .iter()
                        .filter(|m| m.to > i && m.to < k)
                        .map(|m| (m.to, m.share))
                        .collect()
                })
                .collect(),
        }
    }

    /// reach_j = entry_j + Σ_{i<j} reach_i · share_{i→j}, bottom up (moves only go up).
    fn reach(&self) -> Vec<f64> {
        let mut reach = self.entry.clone();
        for i in 0..reach.len() {
            for &(to, share) in &self.next[i] {
                reach[to] += reach[i] * share;
            }
        }
        reach
    }

    /// Per rung: Σ_n n · P(bought on day n), by the same recursion on first moments.
    fn day_moments(&self, reach: &[f64]) -> Vec<f64> {
        let mut m = vec![0.0; reach.len()];
        for i in 0..reach.len() {
            for &(to, share) in &self.next[i] {
                m[to] += share * (m[i] + reach[i] * self.days[i]);
            }
        }
        m
    }

    /// Per rung: P(bought on day n) for n = 0..=MAX_CLIMB_DAYS (mass = reach).
    fn day_pmfs(&self) -> Vec<Vec<f64>> {
        let k = self.entry.len();
        let mut g: Vec<Vec<f64>> = (0..k)
            .map(|j| {
                let mut v = vec![0.0; MAX_CLIMB_DAYS + 1];
                v[0] = self.entry[j];
                v
            })
            .collect();
        for i in 0..k {
            if self.next[i].is_empty() {
                continue;
            }
            // g_i convolved with a stay of daily exit chance 1/d (at least a day):
            // s[n] = (1 − h)·s[n−1] + h·g_i[n−1].
            let h = 1.0 / self.days[i];
            let mut s = vec![0.0; MAX_CLIMB_DAYS + 1];
            for n in 1..=MAX_CLIMB_DAYS {
                s[n] = (1.0 - h) * s[n - 1] + h * g[i][n - 1];
            }
            for &(to, share) in &self.next[i] {
                for (acc, x) in g[to].iter_mut().zip(&s) {
                    *acc += share * x;
                }
            }
        }
        g
    }

    /// Every path from an entry to `target`, with its share of new leads and mean days.
    fn paths(&self, target: usize) -> Vec<(Vec<usize>, f64, f64)> {
        let mut out = Vec::new();
        let mut stack: Vec<(Vec<usize>, f64, f64)> = (0..=target)
            .filter(|&j| self.entry[j] > 0.0)
            .map(|j| (vec![j], self.entry[j], 0.0))
            .collect();
        while let Some((path, p, d)) = stack.pop() {
            let last = *path.last().unwrap_or(&0);
            if last == target {
                out.push((path, p, d));
                continue;
            }
            for &(to, share) in &self.next[last] {
                if to <= target && share > 0.0 {
                    let mut longer = path.clone();
                    longer.push(to);
                    stack.push((longer, p * share, d + self.days[last]));
                }
            }
        }
        out
    }
}

/// The flagship: the marked rung, or else the dearest rung below the top (the top rung when
/// nothing below it is priced).
pub fn flagship(spec: &LadderSpec) -> usize {
    if let Some(i) = spec.rungs.iter().position(|r| r.flagship) {
        return i;
    }
    let prices: Vec<f64> = spec.rungs.iter().map(|r| r.price.mean()).collect();
    let below_top = &prices[..prices.len().saturating_sub(1)];
    below_top
        .iter()
        .enumerate()
        .filter(|(_, p)| **p > 0.0)
        .max_by(|a, b| a.1.total_cmp(b.1))
        .map_or(prices.len().saturating_sub(1), |(i, _)| i)
}

fn quantile(pmf: &[f64], total: f64, q: f64) -> u32 {
    let mut acc = 0.0;
    for (n, p) in pmf.iter().enumerate() {
        acc += p;
        if acc >= q * total {
            return n as u32;
        }
    }
    pmf.len() as u32
}

/// Lifetime revenue of one new lead, Σ reach × mean price, for any ladder file (unchecked).
pub fn revenue_per_lead(spec: &LadderSpec) -> f64 {
    let flow = Flow::of(spec);
    flow.reach().iter().zip(&flow.price).map(|(r, p)| r * p).sum()
}

/// The exact reading: reach, revenue per lead, the climb to the flagship.
pub fn ladder(l: &Ladder) -> LadderReport {
    let spec = l.spec();
    let flow = Flow::of(spec);
    let reach = flow.reach();
    let rungs: Vec<Rung> = spec
        .rungs
        .iter()
        .enumerate()
        .map(|(i, r)| Rung {
            index: i,
            name: r.name.clone(),
            name_en: r.name_en.clone(),
            price: flow.price[i],
            entry_share: r.entry_share,
            reach: reach[i],
            revenue_per_lead: reach[i] * flow.price[i],
        })
        .collect();
    let f = flagship(spec);
    let pmfs = flow.day_pmfs();
    let moments = flow.day_moments(&reach);
    let mass = reach[f];
    let mut pmf: Vec<f64> =
        pmfs[f].iter().map(|p| if mass > 0.0 { p / mass } else { 0.0 }).collect();
    let beyond = if mass > 0.0 { (1.0 - pmf.iter().sum::<f64>()).max(0.0) } else { 0.0 };
    let last = pmf.iter().rposition(|p| *p > 1e-9).map_or(1, |i| i + 1);
    pmf.truncate(last.max(1));
    let mut paths: Vec<ClimbPath> = flow
        .paths(f)
        .into_iter()
        .map(|(rungs, per_lead, mean_days)| ClimbPath {
            rungs,
            per_lead,
            share: if mass > 0.0 { per_lead / mass } else { 0.0 },
            mean_days,
        })
        .collect();
    paths.sort_by(|a, b| b.per_lead.total_cmp(&a.per_lead));
    LadderReport {
        revenue_per_lead: rungs.iter().map(|r| r.revenue_per_lead).sum(),
        flagship: f,
        top: rungs.len() - 1,
        to_flagship: Climb {
            rung: f,
            mean: if mass > 0.0 { moments[f] / mass } else { 0.0 },
            p50: quantile(&pmf, 1.0 - beyond, 0.5),
            p90: quantile(&pmf, 1.0 - beyond, 0.9),
            pmf,
            beyond,
            paths,
        },
        rungs,
    }
}

/// The days of arrivals to play before the period: the shortest warm-up after which the
/// purchases still to come are at most [`WARMUP_TAIL`] of a lead's lifetime revenue.
pub fn warmup_days(spec: &LadderSpec) -> u32 {
    let flow = Flow::of(spec);
    let pmfs = flow.day_pmfs();
    let total: f64 = flow.reach().iter().zip(&flow.price).map(|(r, p)| r * p).sum();
    if total <= 0.0 {
        return 0;
    }
    // Revenue of purchases made after lead age n, from the top of the table down.
    let mut tail = 0.0;
    for n in (0..=MAX_CLIMB_DAYS).rev() {
        let here: f64 = pmfs.iter().zip(&flow.price).map(|(g, p)| g[n] * p).sum();
        if tail + here > WARMUP_TAIL * total {
            return n as u32 + 1;
        }
        tail += here;
    }
    0
}

/// How a simulated lead walks the ladder.
struct Walker {
    /// Per rung: Poisson arrivals a day of leads who start there (for a free rung, only those
    /// who move on: the others earn nothing, and thinning a Poisson stream keeps it Poisson).
    arrivals: Vec<Poisson>,
    /// Per rung: true when its arrivals are the thinned stream of those who move on.
    forced: Vec<bool>,
    /// Per rung: log-normal (μ, σ) of the price, or the fixed price with σ = 0.
    price: Vec<(f64, f64)>,
    /// Per rung: cumulative move shares.
    next: Vec<Vec<(usize, f64)>>,
    stay: Vec<Geometric>,
}

impl Walker {
    fn new(spec: &LadderSpec, cap: u32) -> Walker {
        let flow = Flow::of(spec);
        let k = spec.rungs.len();
        let moving: Vec<f64> = flow.next.iter().map(|n| n.iter().map(|m| m.1).sum()).collect();
        let free: Vec<bool> = (0..k).map(|i| flow.price[i] <= 0.0).collect();
        Walker {
            arrivals: (0..k)
                .map(|i| {
                    let share = if free[i] { flow.entry[i] * moving[i] } else { flow.entry[i] };
                    Poisson::new(spec.leads_per_day * share)
                })
                .collect(),
            forced: free,
            price: spec
                .rungs
                .iter()
                .map(|r| match r.price.pair() {
                    (m, p) if m > 0.0 && p > m => {
                        let b = Budget::from_spec(&BudgetSpec { median: m, p90: p });
                        (b.mu, b.sigma)
                    }
                    (m, _) => (m, 0.0),
                })
                .collect(),
            next: flow
                .next
                .iter()
                .map(|n| {
                    let mut acc = 0.0;
                    n.iter()
                        .map(|&(to, s)| {
                            acc += s;
                            (to, acc)
                        })
                        .collect()
                })
                .collect(),
            stay: flow.days.iter().map(|d| Geometric::new(1.0 / d, cap)).collect(),
        }
    }

    fn price(&self, rung: usize, rng: &mut TrialRng) -> f64 {
        let (a, sigma) = self.price[rung];
        if sigma > 0.0 {
            libm::exp(a + sigma * rng.standard_normal())
        } else {
            a
        }
    }

    /// Plays one lead from `rung` on `day`; adds what it buys in `0..days` to `revenue` and
    /// counts top-rung sales.
    #[allow(clippy::too_many_arguments)]
    fn walk(
        &self,
        mut rung: usize,
        mut day: i64,
        mut forced: bool,
        days: i64,
        cap: u32,
        rng: &mut TrialRng,
        revenue: &mut [f64],
        top_sales: &mut u32,
    ) {
        let top = revenue.len() - 1;
        loop {
            if !forced && day >= 0 {
                revenue[rung] += self.price(rung, rng);
                if rung == top {
                    *top_sales += 1;
                }
            }
            let moves = &self.next[rung];
            let Some(&(_, total)) = moves.last() else { return };
            let mut u = rng.uniform();
            if forced {
                u *= total;
            }
            let Some(&(to, _)) = moves.iter().find(|m| u < m.1) else { return };
            day += i64::from(self.stay[rung].sample(rng, cap));
            if day >= days {
                return;
            }
            rung = to;
            forced = false;
        }
    }
}

/// Plays `trials` periods of the ladder in its steady state (seeded by `seed`).
pub fn period_revenue(l: &Ladder, trials: u64, seed: u64) -> PeriodRevenue {
    let mut play = PeriodPlay::new(l, trials, seed);
    play.play(play.trials());
    play.finish()
}

/// A simulated period of a ladder played in steps: [`PeriodPlay::play`] plays the next trials
/// in order into the same running sums, so any split into steps gives [`period_revenue`]'s
/// answer bit for bit (the worker plays it a batch per message, so it can be cancelled).
pub struct PeriodPlay {
    spec: LadderSpec,
    walker: Walker,
    warmup: u32,
    cap: u32,
    seed: u64,
    trials: u64,
    totals: Vec<f64>,
    sum: Vec<f64>,
    sum_sq: Vec<f64>,
    cross: Vec<f64>,
    met: u64,
    met_without: u64,
    /// By top-rung sales: months, months meeting the plan.
    by_top: Vec<(u64, u64)>,
    top_sales_sum: u64,
    revenue: Vec<f64>,
}

impl PeriodPlay {
    /// No trial played yet of `trials` periods (at least 2) seeded by `seed`.
    pub fn new(l: &Ladder, trials: u64, seed: u64) -> PeriodPlay {
        let spec = l.spec();
        let k = spec.rungs.len();
        let warmup = warmup_days(spec);
        let cap = warmup + spec.days + 1;
        let trials = trials.max(2);
        PeriodPlay {
            spec: spec.clone(),
            walker: Walker::new(spec, cap),
            warmup,
            cap,
            seed,
            trials,
            totals: Vec::with_capacity(trials as usize),
            sum: vec![0.0; k],
            sum_sq: vec![0.0; k],
            cross: vec![0.0; k],
            met: 0,
            met_without: 0,
            by_top: Vec::new(),
            top_sales_sum: 0,
            revenue: vec![0.0; k],
        }
    }

    /// Trials of the whole period.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Trials played so far.
    pub fn played(&self) -> u64 {
        self.totals.len() as u64
    }

    /// Plays the next `n` trials (fewer if the period has fewer left).
    pub fn play(&mut self, n: u64) {
        let from = self.played();
        let to = from.saturating_add(n).min(self.trials);
        let spec = &self.spec;
        let k = spec.rungs.len();
        let days = spec.days;
        let (walker, cap, warmup) = (&self.walker, self.cap, self.warmup);
        let revenue = &mut self.revenue;
        for t in from..to {
            let mut rng = TrialRng::for_trial(self.seed, t);
            revenue.iter_mut().for_each(|x| *x = 0.0);
            let mut top_sales = 0u32;
            for day in -i64::from(warmup)..i64::from(days) {
                for rung in 0..k {
                    let n = walker.arrivals[rung].sample(&mut rng);
                    for _ in 0..n {
                        walker.walk(
                            rung,
                            day,
                            walker.forced[rung],
                            i64::from(days),
                            cap,
                            &mut rng,
                            revenue,
                            &mut top_sales,
                        );
                    }
                }
            }
            let total: f64 = revenue.iter().sum();
            for (i, &r) in revenue.iter().enumerate() {
                self.sum[i] += r;
                self.sum_sq[i] += r * r;
                self.cross[i] += r * total;
            }
            let ok = total >= spec.plan;
            self.met += u64::from(ok);
            self.met_without += u64::from(total - revenue[k - 1] >= spec.plan);
            let row = (top_sales as usize).min(20);
            if self.by_top.len() <= row {
                self.by_top.resize(row + 1, (0, 0));
            }
            self.by_top[row].0 += 1;
            self.by_top[row].1 += u64::from(ok);
            self.top_sales_sum += u64::from(top_sales);
            self.totals.push(total);
        }
    }

    /// The period's numbers, once the trials left (if any) are played.
    pub fn finish(mut self) -> PeriodRevenue {
        self.play(self.trials - self.played());
        let PeriodPlay {
            spec,
            warmup,
            totals,
            sum,
            sum_sq,
            cross,
            met,
            met_without,
            by_top,
            top_sales_sum,
            ..
        } = self;
        let spec = &spec;
        let days = spec.days;
        let trials = totals.len() as u64;
        let n = trials as f64;
        let per_rung: Vec<f64> = sum.iter().map(|s| s / n).collect();
        let var = |sq: f64, m: f64| ((sq / n - m * m) * n / (n - 1.0)).max(0.0);
        let per_rung_se =
            sum_sq.iter().zip(&per_rung).map(|(sq, m)| (var(*sq, *m) / n).sqrt()).collect();
        let mean: f64 = totals.iter().sum::<f64>() / n;
        let total_var = var(totals.iter().map(|x| x * x).sum(), mean);
        let variance_share = cross
            .iter()
            .zip(&per_rung)
            .map(|(c, m)| {
                let cov = (c / n - m * mean) * n / (n - 1.0);
                if total_var > 0.0 {
                    cov / total_var
                } else {
                    0.0
                }
            })
            .collect();
        let mut sorted = totals;
        sorted.sort_by(f64::total_cmp);
        let at = |q: f64| sorted[((q * n) as usize).min(sorted.len() - 1)];
        let leads = spec.leads_per_day * f64::from(days);
        let p_plan = met as f64 / n;
        let revenue_se = (total_var / n).sqrt();
        PeriodRevenue {
            trials,
            days,
            warmup_days: warmup,
            leads,
            plan: spec.plan,
            revenue: mean,
            revenue_se,
            revenue_per_lead: if leads > 0.0 { mean / leads } else { 0.0 },
            revenue_per_lead_se: if leads > 0.0 { revenue_se / leads } else { 0.0 },
            p_plan,
            p_plan_se: (p_plan * (1.0 - p_plan) / n).sqrt(),
            p10: at(0.1),
            p50: at(0.5),
            p90: at(0.9),
            per_rung,
            per_rung_se,
            variance_share,
            top_sales: top_sales_sum as f64 / n,
            p_plan_without_top: met_without as f64 / n,
            by_top_sales: by_top
                .iter()
                .enumerate()
                .filter(|(_, (m, _))| *m > 0)
                .map(|(s, &(m, ok))| TopSalesRow {
                    sales: s as u32,
                    months: m as f64 / n,
                    p_plan: ok as f64 / m as f64,
                })
                .collect(),
        }
    }
}

/// The share of `from`'s buyers who must move to `to` in `without` for it to earn per lead what
/// `with` earns. Revenue per lead is linear in one move's share (the reach of `from` does not
/// depend on it), so the break-even is a ratio. `None` when the move adds nothing.
pub fn break_even_share(
    with: &LadderSpec,
    without: &LadderSpec,
    from: usize,
    to: usize,
) -> Option<f64> {
    let target = revenue_per_lead(with);
    let at = |share: f64| {
        let mut s = without.clone();
        let r = s.rungs.get_mut(from)?;
        r.next.retain(|m| m.to != to);
        r.next.push(MoveSpec { to, share });
        Some(revenue_per_lead(&s))
    };
    let (a, b) = (at(0.0)?, at(1.0)?);
    (b > a).then(|| (target - a) / (b - a))
}

/// A built-in ladder file.
#[derive(Clone, Copy, Debug)]
pub struct LadderPreset {
    /// Its key.
    pub key: &'static str,
    /// The file.
    pub json: &'static str,
}

/// The built-in ladders.
pub const LADDER_PRESETS: &[LadderPreset] = &[
    LadderPreset { key: "ladder", json: include_str!("../../assets/ladders/ladder.json") },
    LadderPreset {
        key: "ladder-no-tripwire",
        json: include_str!("../../assets/ladders/ladder-no-tripwire.json"),
    },
];

/// A built-in ladder file by key, as JSON.
pub fn ladder_preset_json(key: &str) -> Option<&'static str> {
    LADDER_PRESETS.iter().find(|p| p.key == key).map(|p| p.json)
}

/// A built-in ladder file by key.
pub fn ladder_preset(key: &str) -> Option<LadderSpec> {
    ladder_preset_json(key).and_then(|j| LadderSpec::from_json(j).ok())
}

/// Reads and checks the ladder files of a ladder lesson's arms
/// ([`crate::content::lessons::Lesson::ladder_files`]), naming the arm that fails.
pub fn read_arms<T: Clone>(files: &[(T, String)]) -> Result<Vec<(T, LadderSpec)>, String> {
    files
        .iter()
        .enumerate()
        .map(|(i, (label, json))| {
            let spec = LadderSpec::from_json(json).map_err(|e| format!("arm {i}: {e}"))?;
            Ladder::new(spec.clone()).map_err(|e| format!("arm {i}: {e}"))?;
            Ok((label.clone(), spec))
        })
        .collect()
}
crate::words::text::named_by_fields!(RungSpec, LadderSpec, Rung);
