//! The scenario: one manager's (or team's) sales month, as JSON (`"schema": 2`).
//!
//! Schema 1 files are read and upgraded by [`ScenarioSpec::from_json_upgrading`], which says
//! what it changed ([`Upgrade`]); the engine itself only ever sees schema 2.
//!
//! [`ScenarioSpec`] is the document as written, which editors change freely; [`Scenario`] is a
//! spec that passed [`Scenario::new`], the only door into the engine. Validation reports every
//! bad field at once, each error naming its field path and the allowed range, e.g.
//! `stages[2].conversion: 1.3 is outside 0..=1`. Unknown fields are errors so typos are caught.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The schema version this engine reads.
pub const SCHEMA_VERSION: u32 = 2;
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
/// Largest amount of money a scenario names (a budget's or price's median or P90, a given deal's
/// amount): 10¹⁵, beyond any deal in any currency, so that a month's revenue stays a finite
/// number (found by fuzzing: a P90 of 5·10⁶⁴ drew infinite budgets).
pub const MAX_MONEY: f64 = 1e15;
/// Largest P90 / median of a log-normal (σ ≤ ln 10⁶ / 1.28 ≈ 10.8): wider is not a budget
/// spread but a typo, and its draws would overflow.
pub const MAX_SPREAD: f64 = 1e6;
/// Most people on the client's side a deal may involve.
pub const MAX_CONTACTS: i64 = 20;

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
    /// The stage where the client's decision is taken, where secondary contacts can veto; at
    /// most one stage. None marked: the second-to-last.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub decision: bool,
    /// The next task a manager typically plans in this stage, for the linter ("Agree…").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task: Option<String>,
    /// English task, when `task` is in another language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_en: Option<String>,
    /// Revenue earned when a deal leaves this stage forward (a product ladder's rung), drawn like
    /// the budget; none on the last stage, which earns the deal's budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub price: Option<BudgetSpec>,
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
    /// Given deals, each in its stage and with its amount when known: a pipeline read from a
    /// CRM (see `crate::studies::calibrate`).
    Deals(Vec<InitialDeal>),
}

/// One open deal of a given initial pipeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InitialDeal {
    /// Its stage, counting from 1.
    pub stage: i64,
    /// Its budget; none draws one from `budget` like any new deal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
}

impl InitialPipeline {
    /// Deals per stage of an explicit pipeline (given counts or given deals); none for an empty
    /// or steady-state start. Stages outside 1..=k are left out (validation refuses them).
    pub fn explicit_counts(&self, k: usize) -> Option<Vec<u64>> {
        match self {
            InitialPipeline::Empty | InitialPipeline::SteadyState => None,
            InitialPipeline::Counts(c) => Some(c.iter().map(|&n| n.max(0) as u64).collect()),
            InitialPipeline::Deals(deals) => {
                let mut counts = vec![0; k];
                for d in deals {
                    if (1..=k as i64).contains(&d.stage) {
                        counts[d.stage as usize - 1] += 1;
                    }
                }
                Some(counts)
            }
        }
    }
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

/// The KPI a manager's talks are judged by (the posts' duty 11).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kpi {
    /// Talk minutes: each talk takes as long as it needs (the posts' advice).
    #[default]
    Minutes,
    /// Number of calls: talks are cut short to make the count.
    Calls,
}

/// The training levers; every default means "no effect".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Levers {
    /// Open-question share per phase.
    pub open_question_share: QuestionShares,
    /// Strength e of the question fit, 0..=0.9.
    pub question_effect: f64,
    /// Daily probability r that a deal in stage 2 or later starts rework: the client must redo
    /// the previous stage's condition.
    pub rework_per_day: f64,
    /// Whether the record moves a deal in rework back a stage (false: the posts' rule).
    pub record_reverse: bool,
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
    /// How conversion suffers from shortened talks: p·f^depth_penalty.
    pub depth_penalty: f64,
    /// What the manager's talks are counted in.
    pub kpi: Kpi,
    /// Under the calls KPI, the share of a talk's needed length it gets, 0..=1.
    pub call_kpi_factor: f64,
    /// People on the client's side who take part in the decision, n >= 1.
    pub contacts_per_deal: i64,
    /// Of them, the ones the manager works with, 1..=n.
    pub contacts_worked: i64,
    /// Chance that one contact not worked with vetoes the deal at the decision stage.
    pub veto_per_contact: f64,
    /// The first stage (from 1) at which the record holds the deal's budget.
    pub budget_known_from_stage: i64,
    /// Spread σ of the seller's early budget estimate: true × exp(σ·Z).
    pub early_budget_sigma: f64,
}

impl Default for Levers {
    fn default() -> Self {
        Levers {
            open_question_share: QuestionShares::default(),
            question_effect: 0.0,
            rework_per_day: 0.0,
            record_reverse: false,
            deadline_share: 0.0,
            deadline_lift: 0.3,
            deadline_speedup: 0.3,
            minutes_per_day: None,
            minutes_per_deal: 15.0,
            depth_penalty: 0.5,
            kpi: Kpi::Minutes,
            call_kpi_factor: 0.6,
            contacts_per_deal: 1,
            contacts_worked: 1,
            veto_per_contact: 0.0,
            budget_known_from_stage: 1,
            early_budget_sigma: 0.0,
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
    /// Schema version; must be 2 (schema 1 is upgraded on reading).
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
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldError {
    /// Path of the field, e.g. `stages[2].conversion`.
    pub path: String,
    /// What is wrong, with the numbers and limits involved.
    pub kind: FieldErrorKind,
}

impl FieldError {
    /// An error of the field at `path`.
    pub fn new(path: impl Into<String>, kind: FieldErrorKind) -> Self {
        FieldError { path: path.into(), kind }
    }

    /// What is wrong, in English with the allowed range (the command line's wording).
    pub fn message(&self) -> String {
        self.kind.to_string()
    }
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "{}", self.kind)
        } else {
            write!(f, "{}: {}", self.path, self.kind)
        }
    }
}

/// A number in an error: whole, real (NaN and infinities shown as no number), or the text typed
/// where a number was wanted.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Shown {
    /// A signed whole number.
    Int(i64),
    /// An unsigned whole number (trials, seeds).
    Nat(u64),
    /// A real number.
    Real(f64),
    /// Text that is no number.
    Text(String),
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Shown::Int(n) => write!(f, "{n}"),
            Shown::Nat(n) => write!(f, "{n}"),
            Shown::Real(x) => write!(f, "{}", shown(*x)),
            Shown::Text(t) => write!(f, "{t}"),
        }
    }
}

/// Which other field bounds a range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RangeOf {
    /// The horizon bounds the checkpoint.
    Horizon,
    /// The decision's contacts bound those worked with.
    ContactsPerDeal,
}

/// What is wrong with a field: a kind with its numbers, so each language can word it. The
/// English wording (`Display`) is the command line's.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum FieldErrorKind {
    /// The text is not JSON of the scenario's shape (the parser's message and where it stopped).
    #[error("{message}")]
    Parse {
        /// The parser's own words.
        message: String,
        /// Line where parsing stopped (1-based; 0 when unknown).
        line: usize,
        /// Column there.
        column: usize,
        /// True when the text is not JSON at all; false when the JSON has the wrong shape.
        syntax: bool,
    },
    /// A schema this engine does not read.
    #[error("{schema} is not supported; this engine reads schemas 1 and 2")]
    Schema {
        /// The file's schema.
        schema: u32,
    },
    /// Outside `lo..=hi` (or `lo..hi`).
    #[error("{value} is outside {lo}{}{hi}{}", if *.hi_open { ".." } else { "..=" }, range_of_en(*.of))]
    Outside {
        /// The value given.
        value: Shown,
        /// Least allowed.
        lo: Shown,
        /// Greatest allowed (or the first not allowed when `hi_open`).
        hi: Shown,
        /// The upper end is excluded.
        hi_open: bool,
        /// The field that sets `hi`, if another one does.
        of: Option<RangeOf>,
    },
    /// Not a finite number at least `lo`.
    #[error("{} must be a finite number >= {lo}", shown(*.value))]
    AtLeast {
        /// The value given.
        value: f64,
        /// Least allowed.
        lo: f64,
    },
    /// Not a finite positive number.
    #[error("{} must be a finite number > 0", shown(*.value))]
    Positive {
        /// The value given.
        value: f64,
    },
    /// A P90 below its median (or not finite).
    #[error("{} must be a finite number >= the median", shown(*.value))]
    BelowMedian {
        /// The P90 given.
        value: f64,
    },
    /// Empty text.
    #[error("must not be empty")]
    Empty,
    /// A funnel with too few or too many stages.
    #[error("{count} stages; a funnel has {}..={}", STAGES.start(), STAGES.end())]
    StageCount {
        /// Stages given.
        count: usize,
    },
    /// Starting counts not one per stage.
    #[error("has {given} numbers; give one per stage ({stages})")]
    CountsPerStage {
        /// Numbers given.
        given: usize,
        /// Stages.
        stages: usize,
    },
    /// Too many starting deals.
    #[error("has {given} deals; at most {max}")]
    TooManyDeals {
        /// Deals given.
        given: usize,
        /// Most allowed.
        max: i64,
    },
    /// A price on the last stage, which earns the deal's budget.
    #[error("the last stage earns the deal's budget; give prices to earlier stages")]
    LastStagePrice,
    /// More than one decision stage (1-based numbers).
    #[error("stages {} are all marked decision; mark at most one", list(.stages))]
    ManyDecisions {
        /// The stages marked, 1-based.
        stages: Vec<usize>,
    },
}

fn range_of_en(of: Option<RangeOf>) -> &'static str {
    match of {
        None => "",
        Some(RangeOf::Horizon) => " (the horizon)",
        Some(RangeOf::ContactsPerDeal) => " (contacts_per_deal)",
    }
}

/// Numbers joined with ", ".
pub fn list(xs: &[usize]) -> String {
    xs.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
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

/// What reading a schema 1 file changed, so the reader can say so.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "change")]
pub enum UpgradeChange {
    /// `reverse_per_day` r became `rework_per_day` r with `record_reverse: true`: version 1
    /// made deals redo the earlier stage and recorded them there.
    ReverseToRework {
        /// The rate carried over.
        rate: f64,
    },
    /// A file with `minutes_per_day` got `kpi: "calls"` and `call_kpi_factor: 1`, which keeps
    /// version 1's overload rule (slower and shallower).
    CapacityToCallsKpi,
    /// A steady-state start now follows the end-of-day shape, so its numbers move slightly.
    SteadyStateShape,
}

impl fmt::Display for UpgradeChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpgradeChange::ReverseToRework { rate } => write!(
                f,
                "levers.reverse_per_day {rate} became rework_per_day {rate} with record_reverse: true"
            ),
            UpgradeChange::CapacityToCallsKpi => write!(
                f,
                "minutes_per_day is set: kpi \"calls\" with call_kpi_factor 1 keeps schema 1's overload rule"
            ),
            UpgradeChange::SteadyStateShape => write!(
                f,
                "the steady-state start now follows the end-of-day shape; numbers change slightly"
            ),
        }
    }
}

/// A schema 1 file read as schema 2.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Upgrade {
    /// The schema the file was written in.
    pub from: u32,
    /// What changed in reading it.
    pub changes: Vec<UpgradeChange>,
}

impl fmt::Display for Upgrade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "read as schema {SCHEMA_VERSION} (the file is schema {})", self.from)?;
        for c in &self.changes {
            write!(f, "; {c}")?;
        }
        Ok(())
    }
}

/// Upgrades a schema 1 document in place, saying what changed; other schemas are left as read.
fn upgrade_if_v1(doc: &mut serde_json::Value) -> Option<Upgrade> {
    (doc.get("schema").and_then(serde_json::Value::as_u64) == Some(1)).then(|| upgrade_v1(doc))
}

/// Rewrites a schema 1 document as schema 2 in place, as MODEL.md's last section says.
fn upgrade_v1(doc: &mut serde_json::Value) -> Upgrade {
    use serde_json::{json, Value};
    let mut changes = Vec::new();
    doc["schema"] = json!(SCHEMA_VERSION);
    if doc.get("initial_pipeline").and_then(Value::as_str) == Some("steady_state") {
        changes.push(UpgradeChange::SteadyStateShape);
    }
    if let Some(levers) = doc.get_mut("levers").and_then(Value::as_object_mut) {
        if let Some(r) = levers.remove("reverse_per_day") {
            let rate = r.as_f64().unwrap_or(f64::NAN);
            levers.insert("rework_per_day".into(), r);
            levers.insert("record_reverse".into(), json!(true));
            changes.push(UpgradeChange::ReverseToRework { rate });
        }
        if levers.get("minutes_per_day").is_some_and(|m| !m.is_null()) {
            levers.insert("kpi".into(), json!("calls"));
            levers.insert("call_kpi_factor".into(), json!(1.0));
            changes.push(UpgradeChange::CapacityToCallsKpi);
        }
    }
    Upgrade { from: 1, changes }
}

/// A JSON error at `path` ("" for the document or an unknown place).
fn json_error(path: String, e: serde_json::Error) -> ScenarioError {
    let kind = FieldErrorKind::Parse {
        message: e.to_string(),
        line: e.line(),
        column: e.column(),
        syntax: !e.is_data(),
    };
    ScenarioError::Parse(FieldError { path, kind })
}

impl ScenarioSpec {
    /// Parses JSON text (schema 1 is upgraded; use [`ScenarioSpec::from_json_upgrading`] to
    /// learn what changed); the error names the field where parsing stopped.
    pub fn from_json(text: &str) -> Result<ScenarioSpec, ScenarioError> {
        Self::from_json_upgrading(text).map(|(spec, _)| spec)
    }

    /// Parses JSON text, upgrading a schema 1 file and saying what that changed.
    ///
    /// A good file is read without tracking field paths (the page reads one as it mounts, and
    /// tracking every field cost it several milliseconds a file on a phone); only a file that
    /// fails is read again with them, so its error names the field. Both readings accept the same
    /// files and give the same scenario: the tracked one wraps the same deserializer.
    pub fn from_json_upgrading(
        text: &str,
    ) -> Result<(ScenarioSpec, Option<Upgrade>), ScenarioError> {
        if let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(text) {
            let upgrade = upgrade_if_v1(&mut doc);
            if let Ok(spec) = ScenarioSpec::deserialize(&doc) {
                return Ok((spec, upgrade));
            }
        }
        Self::from_json_naming_the_field(text)
    }

    /// [`ScenarioSpec::from_json_upgrading`] with field paths tracked, for the error.
    fn from_json_naming_the_field(
        text: &str,
    ) -> Result<(ScenarioSpec, Option<Upgrade>), ScenarioError> {
        let parse_error = |e: serde_path_to_error::Error<serde_json::Error>| {
            let path = e.path().to_string();
            // The root ("."), or a place the parser could not name ("?", "?.?" where the text
            // stopped mid-document): no field path, the error's line and column say where.
            let unnamed = path.split('.').all(|seg| seg.is_empty() || seg == "?");
            let path = if unnamed { String::new() } else { path };
            json_error(path, e.into_inner())
        };
        let de = &mut serde_json::Deserializer::from_str(text);
        let mut doc: serde_json::Value =
            serde_path_to_error::deserialize(&mut *de).map_err(parse_error)?;
        // Nothing but white space may follow the document (as `from_checked_json` reads it).
        de.end().map_err(|e| json_error(String::new(), e))?;
        let upgrade = upgrade_if_v1(&mut doc);
        let spec = serde_path_to_error::deserialize(doc).map_err(parse_error)?;
        Ok((spec, upgrade))
    }

    /// Parses JSON that the page has already read and checked (what the simulation worker is
    /// sent): as [`ScenarioSpec::from_json`], but an error names no field. Reading without
    /// tracking field paths keeps serde_path_to_error out of the worker's wasm (docs/load.md).
    pub fn from_checked_json(text: &str) -> Result<ScenarioSpec, ScenarioError> {
        let mut doc: serde_json::Value =
            serde_json::from_str(text).map_err(|e| json_error(String::new(), e))?;
        upgrade_if_v1(&mut doc);
        serde_json::from_value(doc).map_err(|e| json_error(String::new(), e))
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

/// Collects field errors.
struct Check(Vec<FieldError>);

impl Check {
    fn fail(&mut self, path: impl Into<String>, kind: FieldErrorKind) {
        self.0.push(FieldError::new(path, kind));
    }

    /// `lo <= x <= hi` (or `< hi` when `hi_open`), NaN-safe.
    fn range(&mut self, path: impl Into<String>, x: f64, lo: f64, hi: f64, hi_open: bool) {
        let ok = x >= lo && if hi_open { x < hi } else { x <= hi };
        if !ok {
            let (value, lo, hi) = (Shown::Real(x), Shown::Real(lo), Shown::Real(hi));
            self.fail(path, FieldErrorKind::Outside { value, lo, hi, hi_open, of: None });
        }
    }

    /// `lo <= n <= hi` for a whole number, `of` naming the field that sets `hi`.
    fn whole(&mut self, path: impl Into<String>, n: i64, lo: i64, hi: i64, of: Option<RangeOf>) {
        if !(lo..=hi).contains(&n) {
            let (value, lo, hi) = (Shown::Int(n), Shown::Int(lo), Shown::Int(hi));
            self.fail(path, FieldErrorKind::Outside { value, lo, hi, hi_open: false, of });
        }
    }

    fn finite_at_least(&mut self, path: impl Into<String>, x: f64, lo: f64) {
        if !(x >= lo && x.is_finite()) {
            self.fail(path, FieldErrorKind::AtLeast { value: x, lo });
        }
    }

    /// A `{median, p90}` pair: 0 < median <= [`MAX_MONEY`], median <= p90 <= [`MAX_SPREAD`] ×
    /// median (and <= [`MAX_MONEY`]).
    fn log_normal(&mut self, path: &str, b: &BudgetSpec) {
        self.money(format!("{path}.median"), b.median);
        if !(b.p90 >= b.median && b.p90.is_finite()) {
            self.fail(format!("{path}.p90"), FieldErrorKind::BelowMedian { value: b.p90 });
        } else if b.median > 0.0 && b.median <= MAX_MONEY {
            let hi = (b.median * MAX_SPREAD).min(MAX_MONEY);
            if b.p90 > hi {
                let (value, lo, hi) = (Shown::Real(b.p90), Shown::Real(b.median), Shown::Real(hi));
                self.fail(
                    format!("{path}.p90"),
                    FieldErrorKind::Outside { value, lo, hi, hi_open: false, of: None },
                );
            }
        }
    }

    /// An amount of money: 0 < x <= [`MAX_MONEY`].
    fn money(&mut self, path: impl Into<String>, x: f64) {
        let path = path.into();
        if !(x > 0.0 && x.is_finite()) {
            self.fail(path, FieldErrorKind::Positive { value: x });
        } else if x > MAX_MONEY {
            let (value, lo, hi) = (Shown::Real(x), Shown::Real(0.0), Shown::Real(MAX_MONEY));
            self.fail(path, FieldErrorKind::Outside { value, lo, hi, hi_open: false, of: None });
        }
    }

    fn positive(&mut self, path: impl Into<String>, x: f64) {
        if !(x > 0.0 && x.is_finite()) {
            self.fail(path, FieldErrorKind::Positive { value: x });
        }
    }
}

impl Scenario {
    /// Validates a spec, listing every invalid field.
    pub fn new(spec: ScenarioSpec) -> Result<Scenario, ScenarioError> {
        let mut c = Check(Vec::new());
        if spec.schema != SCHEMA_VERSION {
            c.fail("schema", FieldErrorKind::Schema { schema: spec.schema });
        }
        let (h_lo, h_hi) = (*HORIZON_DAYS.start(), *HORIZON_DAYS.end());
        c.whole("horizon_days", spec.horizon_days, h_lo, h_hi, None);
        let t = spec.horizon_days.clamp(1, 366);
        let checkpoint = spec.resolved_checkpoint();
        c.whole("checkpoint_day", checkpoint, 1, t, Some(RangeOf::Horizon));
        c.positive("plan", spec.plan);
        if spec.currency.trim().is_empty() {
            c.fail("currency", FieldErrorKind::Empty);
        }

        let k = spec.stages.len();
        if !STAGES.contains(&k) {
            c.fail("stages", FieldErrorKind::StageCount { count: k });
        }
        for (i, s) in spec.stages.iter().enumerate() {
            if s.name.trim().is_empty() {
                c.fail(format!("stages[{i}].name"), FieldErrorKind::Empty);
            }
            c.range(format!("stages[{i}].conversion"), s.conversion, 0.0, 1.0, false);
            c.finite_at_least(format!("stages[{i}].mean_days"), s.mean_days, 1.0);
        }

        for (i, f) in spec.inflow.iter().enumerate() {
            c.whole(format!("inflow[{i}].stage"), f.stage, 1, k as i64, None);
            c.range(format!("inflow[{i}].per_day"), f.per_day, 0.0, MAX_PER_DAY, false);
        }

        if let InitialPipeline::Counts(counts) = &spec.initial_pipeline {
            if counts.len() != k {
                let kind = FieldErrorKind::CountsPerStage { given: counts.len(), stages: k };
                c.fail("initial_pipeline.counts", kind);
            }
            for (i, &n) in counts.iter().enumerate() {
                c.whole(format!("initial_pipeline.counts[{i}]"), n, 0, MAX_INITIAL_COUNT, None);
            }
        }

        if let InitialPipeline::Deals(deals) = &spec.initial_pipeline {
            if deals.len() as i64 > MAX_INITIAL_COUNT {
                let kind =
                    FieldErrorKind::TooManyDeals { given: deals.len(), max: MAX_INITIAL_COUNT };
                c.fail("initial_pipeline.deals", kind);
            }
            for (i, d) in deals.iter().enumerate() {
                c.whole(format!("initial_pipeline.deals[{i}].stage"), d.stage, 1, k as i64, None);
                if let Some(a) = d.amount {
                    c.money(format!("initial_pipeline.deals[{i}].amount"), a);
                }
            }
        }

        c.log_normal("budget", &spec.budget);
        for (i, s) in spec.stages.iter().enumerate() {
            let Some(price) = &s.price else { continue };
            if i + 1 == k {
                c.fail(format!("stages[{i}].price"), FieldErrorKind::LastStagePrice);
            } else {
                c.log_normal(&format!("stages[{i}].price"), price);
            }
        }

        let l = &spec.levers;
        for phase in Phase::ALL {
            let path = format!("levers.open_question_share.{}", phase.key());
            c.range(path, l.open_question_share.get(phase), 0.0, 1.0, false);
        }
        c.range("levers.question_effect", l.question_effect, 0.0, 0.9, false);
        c.range("levers.rework_per_day", l.rework_per_day, 0.0, 1.0, true);
        c.range("levers.deadline_share", l.deadline_share, 0.0, 1.0, false);
        c.finite_at_least("levers.deadline_lift", l.deadline_lift, 0.0);
        c.range("levers.deadline_speedup", l.deadline_speedup, 0.0, 1.0, false);
        if let Some(m) = l.minutes_per_day {
            c.finite_at_least("levers.minutes_per_day", m, 0.0);
        }
        c.positive("levers.minutes_per_deal", l.minutes_per_deal);
        c.finite_at_least("levers.depth_penalty", l.depth_penalty, 0.0);
        c.range("levers.call_kpi_factor", l.call_kpi_factor, 0.0, 1.0, false);
        c.whole("levers.contacts_per_deal", l.contacts_per_deal, 1, MAX_CONTACTS, None);
        let n = l.contacts_per_deal.clamp(1, MAX_CONTACTS);
        let of = Some(RangeOf::ContactsPerDeal);
        c.whole("levers.contacts_worked", l.contacts_worked, 1, n, of);
        c.range("levers.veto_per_contact", l.veto_per_contact, 0.0, 1.0, false);
        c.whole("levers.budget_known_from_stage", l.budget_known_from_stage, 1, k as i64, None);
        c.range("levers.early_budget_sigma", l.early_budget_sigma, 0.0, 3.0, false);
        let decisions: Vec<usize> = spec
            .stages
            .iter()
            .enumerate()
            .filter(|(_, s)| s.decision)
            .map(|(i, _)| i + 1)
            .collect();
        if decisions.len() > 1 {
            c.fail("stages", FieldErrorKind::ManyDecisions { stages: decisions });
        }

        if !c.0.is_empty() {
            return Err(ScenarioError::Invalid(c.0));
        }
        let scenario = Scenario { checkpoint_day: checkpoint as u32, spec };
        Ok(scenario)
    }

    /// Parses and validates JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::new(ScenarioSpec::from_json(text)?)
    }

    /// Parses and validates JSON the page has already checked (see
    /// [`ScenarioSpec::from_checked_json`]): the simulation worker's way in.
    pub fn from_checked_json(text: &str) -> Result<Scenario, ScenarioError> {
        Scenario::new(ScenarioSpec::from_checked_json(text)?)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reading and the one that tracks field paths give the same scenario and the same
    /// upgrade for every built-in file and a schema 1 file; a bad file gets the tracked error.
    #[test]
    fn both_readings_agree() {
        let schema1 = r#"{"schema": 1, "horizon_days": 5, "plan": 1, "budget": {"median": 1, "p90": 1},
            "stages": [{"name": "Agreeing", "exit_fact": "x", "conversion": 1, "mean_days": 1}],
            "levers": {"reverse_per_day": 0.1}}"#;
        let texts: Vec<&str> =
            crate::sim::PRESETS.iter().map(|p| p.json).chain([schema1]).collect();
        for text in texts {
            let fast = ScenarioSpec::from_json_upgrading(text).expect("a good file");
            let tracked = ScenarioSpec::from_json_naming_the_field(text).expect("a good file");
            assert_eq!(fast.0.to_json(), tracked.0.to_json());
            assert_eq!(fast.1, tracked.1);
        }
        assert!(ScenarioSpec::from_json_upgrading(schema1).expect("v1").1.is_some());
        let bad = crate::sim::PRESETS[0].json.replacen(
            "\"conversion\": 0.5",
            "\"conversion\": \"half\"",
            1,
        );
        assert_ne!(bad, crate::sim::PRESETS[0].json, "the default has a stage at 0.5");
        let err = ScenarioSpec::from_json_upgrading(&bad).expect_err("a string for a number");
        let tracked = ScenarioSpec::from_json_naming_the_field(&bad).expect_err("the same");
        assert_eq!(err.to_string(), tracked.to_string());
        assert!(
            err.to_string().contains("stages[0].conversion")
                || err.to_string().contains("stages.0.conversion"),
            "{err}"
        );
    }
}
