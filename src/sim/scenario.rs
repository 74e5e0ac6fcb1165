//! The scenario: one manager's (or team's) sales month, as JSON (`"schema": 1`).
//!
//! [`ScenarioSpec`] is the document as written, which editors change freely; [`Scenario`] is a
//! spec that passed [`Scenario::new`], the only door into the engine. Validation reports every
//! bad field at once, each error naming its field path and the allowed range, e.g.
//! `stages[2].conversion: 1.3 is outside 0..=1`. Unknown fields are errors so typos are caught.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this engine reads.
pub const SCHEMA_VERSION: u32 = 1;
/// Most stages a funnel may have.
pub const MAX_STAGES: usize = 10;
/// Allowed number of stages.
pub const STAGES: std::ops::RangeInclusive<usize> = 2..=MAX_STAGES;
/// Allowed horizon in working days.
pub const HORIZON_DAYS: std::ops::RangeInclusive<i64> = 1..=366;
/// Largest inflow a day we accept, so a typo cannot make a run take hours.
pub const MAX_PER_DAY: f64 = 100_000.0;
/// Largest explicit initial count of one stage, for the same reason.
pub const MAX_INITIAL_COUNT: i64 = 1_000_000;

/// A negotiation phase (Tuckman), which decides how the question lever acts on a stage.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// First contact: open questions fit.
    Forming,
    /// Positions clash; the question mix has no effect in this model.
    Storming,
    /// Terms are agreed: closed questions fit.
    Norming,
    /// The deal is carried out; the question mix has no effect in this model.
    Performing,
}

impl Phase {
    /// All phases in order.
    pub const ALL: [Phase; 4] =
        [Phase::Forming, Phase::Storming, Phase::Norming, Phase::Performing];

    /// The JSON name.
    pub fn key(self) -> &'static str {
        match self {
            Phase::Forming => "forming",
            Phase::Storming => "storming",
            Phase::Norming => "norming",
            Phase::Performing => "performing",
        }
    }
}

/// One stage of the funnel, named as a process and closed by a verifiable fact.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    /// What the manager does in this stage ("Agreeing the spec").
    pub name: String,
    /// English name, when `name` is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// The verifiable fact that moves a deal on ("Spec agreed").
    #[serde(default)]
    pub exit_fact: String,
    /// English exit fact, when `exit_fact` is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exit_fact_en: Option<String>,
    /// Probability p that a deal leaving the stage advances rather than is lost.
    pub conversion: f64,
    /// Mean days d a deal spends in the stage.
    pub mean_days: f64,
    /// Negotiation phase, for the question lever; none means the lever does not act here.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phase: Option<Phase>,
}

/// New deals entering the funnel at one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InflowSpec {
    /// Stage the deals enter at, counting from 1.
    pub stage: i64,
    /// Mean new deals a day (Poisson).
    pub per_day: f64,
}

/// The pipeline on the morning of day 1.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InitialPipeline {
    /// No deals.
    Empty,
    /// Poisson counts at the stationary means L_k (the individual funnel shape).
    SteadyState,
    /// Given counts, one per stage.
    Counts(Vec<i64>),
}

/// Deal size: log-normal from its median and 90th percentile.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BudgetSpec {
    /// Median deal budget.
    pub median: f64,
    /// 90th percentile; equal to the median for a fixed budget.
    pub p90: f64,
}

/// Share of open questions in each negotiation phase.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuestionShares {
    /// Forming.
    pub forming: f64,
    /// Storming.
    pub storming: f64,
    /// Norming.
    pub norming: f64,
    /// Performing.
    pub performing: f64,
}

impl Default for QuestionShares {
    fn default() -> Self {
        QuestionShares { forming: 0.5, storming: 0.5, norming: 0.5, performing: 0.5 }
    }
}

impl QuestionShares {
    /// The share for a phase.
    pub fn get(&self, phase: Phase) -> f64 {
        match phase {
            Phase::Forming => self.forming,
            Phase::Storming => self.storming,
            Phase::Norming => self.norming,
            Phase::Performing => self.performing,
        }
    }

    /// Sets the share for a phase.
    pub fn set(&mut self, phase: Phase, value: f64) {
        match phase {
            Phase::Forming => self.forming = value,
            Phase::Storming => self.storming = value,
            Phase::Norming => self.norming = value,
            Phase::Performing => self.performing = value,
        }
    }
}

/// The training levers; every default means "no effect".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Levers {
    /// Open-question share per phase.
    pub open_question_share: QuestionShares,
    /// Strength e of the question fit, 0..=0.9.
    pub question_effect: f64,
    /// Daily probability r that a deal in stage 2 or later falls back a stage.
    pub reverse_per_day: f64,
    /// Share of deals with a purchase deadline.
    pub deadline_share: f64,
    /// Relative conversion lift of deals with a deadline.
    pub deadline_lift: f64,
    /// Relative cut in days-in-stage of deals with a deadline.
    pub deadline_speedup: f64,
    /// Talk minutes available a day; `None` is unlimited.
    pub minutes_per_day: Option<f64>,
    /// Minutes one active deal needs a day.
    pub minutes_per_deal: f64,
    /// How conversion suffers when time is short: p·f^depth_penalty.
    pub depth_penalty: f64,
}

impl Default for Levers {
    fn default() -> Self {
        Levers {
            open_question_share: QuestionShares::default(),
            question_effect: 0.0,
            reverse_per_day: 0.0,
            deadline_share: 0.0,
            deadline_lift: 0.3,
            deadline_speedup: 0.3,
            minutes_per_day: None,
            minutes_per_deal: 15.0,
            depth_penalty: 0.5,
        }
    }
}

fn default_currency() -> String {
    "RUB".to_owned()
}

/// A scenario as written, before validation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioSpec {
    /// Schema version; must be 1.
    pub schema: u32,
    /// Display name.
    #[serde(default)]
    pub name: String,
    /// English display name, when `name` is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// One or two sentences on what the scenario shows.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// English description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_en: Option<String>,
    /// Currency code of plan and budgets.
    #[serde(default = "default_currency")]
    pub currency: String,
    /// Working days T.
    pub horizon_days: i64,
    /// Day c of the mid-month look; default ⌊T/2⌋ (at least 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub checkpoint_day: Option<i64>,
    /// Revenue target of the period.
    pub plan: f64,
    /// Stages, top of the funnel first.
    pub stages: Vec<StageSpec>,
    /// Where new deals enter.
    #[serde(default)]
    pub inflow: Vec<InflowSpec>,
    /// The pipeline on day 1.
    #[serde(default = "default_initial")]
    pub initial_pipeline: InitialPipeline,
    /// Deal size.
    pub budget: BudgetSpec,
    /// Training levers.
    #[serde(default)]
    pub levers: Levers,
}

fn default_initial() -> InitialPipeline {
    InitialPipeline::Empty
}

/// One invalid field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field, e.g. `stages[2].conversion`.
    pub path: String,
    /// What is wrong, with the allowed range.
    pub message: String,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.message)
        } else {
            write!(f, "{}: {}", self.path, self.message)
        }
    }
}

/// Why a scenario was refused.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ScenarioError {
    /// The text is not JSON of the scenario's shape (one error, where parsing stopped).
    #[error("{0}")]
    Parse(FieldError),
    /// The JSON has the right shape but some values are out of range (all of them listed).
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid(Vec<FieldError>),
}

impl ScenarioError {
    /// Every error, one per field.
    pub fn errors(&self) -> Vec<FieldError> {
        match self {
            ScenarioError::Parse(e) => vec![e.clone()],
            ScenarioError::Invalid(v) => v.clone(),
        }
    }
}

/// A validated scenario: every field in range.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    spec: ScenarioSpec,
    checkpoint_day: u32,
}

impl ScenarioSpec {
    /// Parses JSON text; the error names the field where parsing stopped.
    pub fn from_json(text: &str) -> Result<ScenarioSpec, ScenarioError> {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            ScenarioError::Parse(FieldError { path, message: e.into_inner().to_string() })
        })
    }

    /// Pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// The checkpoint day after applying the default ⌊T/2⌋ (at least 1).
    pub fn resolved_checkpoint(&self) -> i64 {
        self.checkpoint_day.unwrap_or((self.horizon_days / 2).max(1))
    }
}

/// A number as an error message shows it.
fn shown(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "not a finite number".into()
    }
}

/// Collects field errors with uniformly worded messages.
struct Check(Vec<FieldError>);

impl Check {
    fn fail(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError { path: path.into(), message: message.into() });
    }

    /// `lo <= x <= hi` (or `< hi` when `hi_open`), NaN-safe.
    fn range(&mut self, path: impl Into<String>, x: f64, lo: f64, hi: f64, hi_open: bool) {
        let ok = x >= lo && if hi_open { x < hi } else { x <= hi };
        if !ok {
            let dots = if hi_open { ".." } else { "..=" };
            self.fail(path, format!("{} is outside {lo}{dots}{hi}", shown(x)));
        }
    }

    fn finite_at_least(&mut self, path: impl Into<String>, x: f64, lo: f64) {
        if !(x >= lo && x.is_finite()) {
            self.fail(path, format!("{} must be a finite number >= {lo}", shown(x)));
        }
    }

    fn positive(&mut self, path: impl Into<String>, x: f64) {
        if !(x > 0.0 && x.is_finite()) {
            self.fail(path, format!("{} must be a finite number > 0", shown(x)));
        }
    }
}

impl Scenario {
    /// Validates a spec, listing every invalid field.
    pub fn new(spec: ScenarioSpec) -> Result<Scenario, ScenarioError> {
        let mut c = Check(Vec::new());
        if spec.schema != SCHEMA_VERSION {
            c.fail(
                "schema",
                format!("{} is not supported; this engine reads schema 1", spec.schema),
            );
        }
        if !HORIZON_DAYS.contains(&spec.horizon_days) {
            c.fail("horizon_days", format!("{} is outside 1..=366", spec.horizon_days));
        }
        let t = spec.horizon_days.clamp(1, 366);
        let checkpoint = spec.resolved_checkpoint();
        if !(1..=t).contains(&checkpoint) {
            c.fail("checkpoint_day", format!("{checkpoint} is outside 1..={t} (the horizon)"));
        }
        c.positive("plan", spec.plan);
        if spec.currency.trim().is_empty() {
            c.fail("currency", "must not be empty");
        }

        let k = spec.stages.len();
        if !STAGES.contains(&k) {
            c.fail("stages", format!("{k} stages; a funnel has 2..=10"));
        }
        for (i, s) in spec.stages.iter().enumerate() {
            if s.name.trim().is_empty() {
                c.fail(format!("stages[{i}].name"), "must not be empty");
            }
            c.range(format!("stages[{i}].conversion"), s.conversion, 0.0, 1.0, false);
            c.finite_at_least(format!("stages[{i}].mean_days"), s.mean_days, 1.0);
        }

        for (i, f) in spec.inflow.iter().enumerate() {
            if !(1..=k as i64).contains(&f.stage) {
                c.fail(format!("inflow[{i}].stage"), format!("{} is outside 1..={k}", f.stage));
            }
            c.range(format!("inflow[{i}].per_day"), f.per_day, 0.0, MAX_PER_DAY, false);
        }

        if let InitialPipeline::Counts(counts) = &spec.initial_pipeline {
            if counts.len() != k {
                c.fail(
                    "initial_pipeline.counts",
                    format!("has {} numbers; give one per stage ({k})", counts.len()),
                );
            }
            for (i, &n) in counts.iter().enumerate() {
                if !(0..=MAX_INITIAL_COUNT).contains(&n) {
                    c.fail(
                        format!("initial_pipeline.counts[{i}]"),
                        format!("{n} is outside 0..={MAX_INITIAL_COUNT}"),
                    );
                }
            }
        }

        c.positive("budget.median", spec.budget.median);
        if !(spec.budget.p90 >= spec.budget.median && spec.budget.p90.is_finite()) {
            let p90 = shown(spec.budget.p90);
            c.fail("budget.p90", format!("{p90} must be a finite number >= the median"));
        }

        let l = &spec.levers;
        for phase in Phase::ALL {
            let path = format!("levers.open_question_share.{}", phase.key());
            c.range(path, l.open_question_share.get(phase), 0.0, 1.0, false);
        }
        c.range("levers.question_effect", l.question_effect, 0.0, 0.9, false);
        c.range("levers.reverse_per_day", l.reverse_per_day, 0.0, 1.0, true);
        c.range("levers.deadline_share", l.deadline_share, 0.0, 1.0, false);
        c.finite_at_least("levers.deadline_lift", l.deadline_lift, 0.0);
        c.range("levers.deadline_speedup", l.deadline_speedup, 0.0, 1.0, false);
        if let Some(m) = l.minutes_per_day {
            c.finite_at_least("levers.minutes_per_day", m, 0.0);
        }
        c.positive("levers.minutes_per_deal", l.minutes_per_deal);
        c.finite_at_least("levers.depth_penalty", l.depth_penalty, 0.0);

        if c.0.is_empty() {
            Ok(Scenario { checkpoint_day: checkpoint as u32, spec })
        } else {
            Err(ScenarioError::Invalid(c.0))
        }
    }

    /// Parses and validates JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::new(ScenarioSpec::from_json(text)?)
    }

    /// The spec as written.
    pub fn spec(&self) -> &ScenarioSpec {
        &self.spec
    }

    /// Working days T.
    pub fn horizon(&self) -> u32 {
        self.spec.horizon_days as u32
    }

    /// Checkpoint day c.
    pub fn checkpoint(&self) -> u32 {
        self.checkpoint_day
    }

    /// Number of stages K.
    pub fn stage_count(&self) -> usize {
        self.spec.stages.len()
    }

    /// The plan.
    pub fn plan(&self) -> f64 {
        self.spec.plan
    }
}
