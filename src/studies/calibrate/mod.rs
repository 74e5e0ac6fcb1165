//! Your own funnel from your CRM: reads a deal-stage history (a generic CSV or a CRM's export),
//! estimates each stage's conversion and mean stay, the inflow, the deal size and the rework
//! rate with 95% intervals, lists every problem it met with its row, and writes the scenario
//! (schema 2) whose initial pipeline is the deals open at the as-of date.
//!
//! Pure Rust for native and wasm32: no clock (the as-of date is an input or the file's last
//! date), no DOM, no file system. The page calls [`calibrate`] on the file's text and
//! [`plan_check`] for P(plan) over the rest of the month; the command line does the same.
//!
//! The estimates follow MODEL.md's daily dynamics, so a log the engine writes is recovered
//! (see `estimate` for the day convention, and `tests/calibrate.rs`).

mod amocrm;
pub mod date;
mod estimate;
mod input;
pub mod interval;
mod plan;
pub mod simlog;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::sim::analysis::TeamSpec;
use crate::sim::scenario::ScenarioSpec;

pub use date::{Calendar, Date};
pub use plan::{plan_check, PlanCheck, PlanCheckConfig, PlanCheckRun, ShapeRow};

/// Largest input accepted, in bytes (50 MiB).
pub const MAX_BYTES: usize = 50 * 1024 * 1024;
/// Most data rows accepted.
pub const MAX_ROWS: usize = 1_000_000;
/// Rows of the preview.
pub const PREVIEW_ROWS: usize = 20;
/// A deal with only its creation row, open for more than this many times the average completed
/// stay of its stage, is reported as stale (`no_rows_after_creation`): under the model's
/// geometric stay that happens to fewer than 1% of live deals (e^-5).
pub const STALE_FACTOR: f64 = 5.0;
/// Fewest amounts the budget is fitted from; with fewer the default deal size is kept.
pub const MIN_AMOUNTS: usize = 3;

/// The export formats recognised.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// `deal_id, stage, entered_at[, amount, manager]`, stage `won` / `lost` to close.
    Generic,
    /// Bitrix24 `crm.stagehistory.list`.
    Bitrix24,
    /// Salesforce `OpportunityHistory`.
    Salesforce,
    /// HubSpot deal property history of `dealstage`.
    Hubspot,
    /// amoCRM (Kommo) events API.
    Amocrm,
}

/// The format to read: recognised from the header, or given.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormatChoice {
    /// Recognise it from the header (or JSON for amoCRM).
    #[default]
    Auto,
    /// The generic CSV (with `columns` to map other names).
    Generic,
    /// Bitrix24.
    Bitrix24,
    /// Salesforce.
    Salesforce,
    /// HubSpot.
    Hubspot,
    /// amoCRM.
    Amocrm,
}

impl FormatChoice {
    /// Parses a command-line name.
    pub fn parse(name: &str) -> Option<FormatChoice> {
        Some(match name {
            "auto" => FormatChoice::Auto,
            "generic" => FormatChoice::Generic,
            "bitrix24" => FormatChoice::Bitrix24,
            "salesforce" => FormatChoice::Salesforce,
            "hubspot" => FormatChoice::Hubspot,
            "amocrm" => FormatChoice::Amocrm,
            _ => return None,
        })
    }
}

/// Column names of a CSV in another layout, read as the generic format.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnMap {
    /// The deal's id.
    pub deal_id: Option<String>,
    /// The stage entered (or the words for won and lost).
    pub stage: Option<String>,
    /// When it was entered.
    pub entered_at: Option<String>,
    /// The deal's amount.
    pub amount: Option<String>,
    /// The deal's manager.
    pub manager: Option<String>,
}

impl ColumnMap {
    /// Whether any column is mapped.
    pub fn is_set(&self) -> bool {
        [&self.deal_id, &self.stage, &self.entered_at, &self.amount, &self.manager]
            .iter()
            .any(|c| c.is_some())
    }
}

/// What to calibrate and how.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CalibrateOptions {
    /// The format.
    pub format: FormatChoice,
    /// Stage order, first to last; none infers it from the moves.
    pub stages: Option<Vec<String>>,
    /// The day the export was taken (deals open then are censored and become the pipeline);
    /// none takes the file's last date.
    pub as_of: Option<Date>,
    /// Working days or every day.
    pub calendar: Calendar,
    /// Column names for another layout.
    pub columns: ColumnMap,
    /// Further stage values that mean won (besides `won`), generic format.
    pub won_labels: Vec<String>,
    /// Further stage values that mean lost (besides `lost`).
    pub lost_labels: Vec<String>,
    /// The month's plan; none takes the observed pace of won amounts over a month.
    pub plan: Option<f64>,
    /// Currency of the amounts.
    pub currency: String,
    /// The scenario's name.
    pub name: String,
}

impl Default for CalibrateOptions {
    fn default() -> Self {
        CalibrateOptions {
            format: FormatChoice::Auto,
            stages: None,
            as_of: None,
            calendar: Calendar::Workdays,
            columns: ColumnMap::default(),
            won_labels: Vec::new(),
            lost_labels: Vec::new(),
            plan: None,
            currency: "RUB".into(),
            name: "Calibrated from a CRM export".into(),
        }
    }
}

/// The kinds of problem a file can have; each is reported with its row and never silently
/// dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// A date that cannot be read; the row is left out.
    BadDate,
    /// A needed field is empty, or the row is unreadable; left out.
    MissingValue,
    /// An amount that is not a positive number; read as none.
    BadAmount,
    /// The same deal, stage and time again; left out.
    DuplicateRow,
    /// A row earlier in time than the deal's row before it in the file; the rows are sorted.
    UnorderedRows,
    /// A stage not in the given stage list; the row is left out.
    UnknownStage,
    /// A move back to an earlier stage: rework in the moving record (its rate is reported).
    BackwardMove,
    /// A move forward over one or more stages: they count as passed, without a stay.
    SkippedStage,
    /// A deal open with only its creation row for far longer than its stage's mean stay.
    NoRowsAfterCreation,
    /// A row after the deal was won or lost; left out.
    RowAfterClose,
    /// A row dated after the as-of date; left out.
    AfterAsOf,
    /// A deal whose first row is won or lost: it never was in a stage; left out.
    ClosedAtCreation,
    /// The deal's stage again, later: read as an update (its amount), not a move.
    RepeatedStage,
    /// A row of something else (another property, event or entity); left out.
    IgnoredRow,
    /// A stage no deal left: its conversion and stay are guesses, said in the detail.
    NoExits,
}

/// One problem found in the input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Problem {
    /// Line of the file (1 is the header; the event's number in a JSON export); none for a
    /// problem of a stage or of the whole file.
    pub row: Option<u64>,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// What exactly, in words.
    pub detail: String,
}

/// Why a file could not be calibrated at all (serialisable so the worker can hand it to the page,
/// which words it in the page's language).
#[derive(Clone, Debug, PartialEq, thiserror::Error, Serialize, Deserialize)]
pub enum CalibrateError {
    /// Nothing in the file.
    #[error("the file is empty")]
    Empty,
    /// Over [`MAX_BYTES`].
    #[error(
        "the file has {bytes} bytes; the limit is {MAX_BYTES} (50 MiB): export a shorter period"
    )]
    TooLarge {
        /// Its size.
        bytes: usize,
    },
    /// Over [`MAX_ROWS`].
    #[error("the file has more than {MAX_ROWS} rows (stopped at {rows}): export a shorter period")]
    TooManyRows {
        /// Rows read when it stopped.
        rows: usize,
    },
    /// Not text.
    #[error("this is not a text export ({junk} of the first {of} characters are binary)")]
    Binary {
        /// Control or undecodable characters seen.
        junk: usize,
        /// Characters looked at.
        of: usize,
    },
    /// The header fits no known format.
    #[error("the header ({}) fits no known export; give --format or map the columns (deal_id, stage, entered_at)", .columns.join(", "))]
    UnknownFormat {
        /// The header's columns.
        columns: Vec<String>,
    },
    /// Columns the format needs are missing.
    #[error("{format:?} export without column(s) {}; the header has: {}", .missing.join(", "), .found.join(", "))]
    Columns {
        /// The format.
        format: Format,
        /// The missing columns.
        missing: Vec<String>,
        /// The header's columns.
        found: Vec<String>,
    },
    /// The CSV itself is broken.
    #[error("row {line}: {message}")]
    Csv {
        /// Line.
        line: u64,
        /// The reader's message.
        message: String,
    },
    /// JSON that does not parse.
    #[error("JSON line {line}: {message}")]
    Json {
        /// Line.
        line: u64,
        /// The parser's message.
        message: String,
    },
    /// JSON without events.
    #[error("JSON without an events list (expected _embedded.events or an array of events)")]
    UnknownJson,
    /// No row could be used.
    #[error("no usable rows: {0}")]
    NoRows(String),
    /// A funnel needs two stages.
    #[error("only one stage ({0}) is in the file; a funnel needs 2..=10")]
    OneStage(String),
    /// More stages than the engine takes.
    #[error("{count} stages in the file ({}); the engine takes at most 10: give --stages to choose them", .names.join(", "))]
    TooManyStages {
        /// How many.
        count: usize,
        /// Their names.
        names: Vec<String>,
    },
    /// An option that cannot be used.
    #[error("{0}")]
    Option(String),
}

/// One row of the preview, as read.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// Line of the file.
    pub row: u64,
    /// The deal.
    pub deal_id: String,
    /// The stage, or `won` / `lost`.
    pub stage: String,
    /// Date (and time) as read.
    pub entered_at: String,
    /// Amount, if any.
    pub amount: Option<f64>,
    /// Manager, if any.
    pub manager: Option<String>,
}

/// The stage order used, and whether it was inferred.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageOrder {
    /// Stage names, first to last.
    pub names: Vec<String>,
    /// True when inferred from the moves (confirm it, or give `--stages`).
    pub inferred: bool,
    /// `moves[i][j]`: deals whose first entry into stage i came before their first entry into
    /// stage j: the evidence of the order.
    pub precedes: Vec<Vec<u64>>,
}

/// A number with its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Interval {
    /// Lower bound.
    pub low: f64,
    /// Upper bound; infinite when nothing bounds it (JSON writes that as `null`, read back as
    /// infinite).
    #[serde(deserialize_with = "infinite_if_null")]
    pub high: f64,
}

/// Reads a number, or `null` (how JSON writes an unbounded upper bound) as +∞.
fn infinite_if_null<'de, D: serde::Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    Ok(Option::<f64>::deserialize(d)?.unwrap_or(f64::INFINITY))
}

/// One stage's estimates.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageEstimate {
    /// Stage name.
    pub stage: String,
    /// Forward exits ÷ exits.
    pub conversion: f64,
    /// Wilson 95% interval.
    pub conversion_ci: Interval,
    /// Mean stay d = 1 / (daily exit hazard).
    pub mean_days: f64,
    /// 95% interval (the hazard's Wilson interval, inverted).
    pub mean_days_ci: Interval,
    /// Deals that entered the stage (created there, moved in, or passed over it).
    pub entries: u64,
    /// Deals that left it (forward or lost), passes over it included.
    pub exits: u64,
    /// Of them, forward.
    pub forward: u64,
    /// Deals still in it at the as-of date.
    pub censored: u64,
    /// Exits with a timed stay (passes over the stage have none).
    pub timed_exits: u64,
    /// Exit rolls observed: the days deals spent in the stage, in the engine's convention.
    pub exposure_days: u64,
}

/// New deals a day entering at one stage.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InflowEstimate {
    /// Stage name.
    pub stage: String,
    /// Stage number, from 1.
    pub stage_number: usize,
    /// Deals created there.
    pub deals: u64,
    /// Days of the window.
    pub days: i64,
    /// deals ÷ days.
    pub per_day: f64,
    /// Garwood exact 95% interval.
    pub per_day_ci: Interval,
}

/// The deal size.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetEstimate {
    /// Median = exp(mean of log amounts).
    pub median: f64,
    /// 90th percentile of the fitted log-normal.
    pub p90: f64,
    /// Mean and sd of log amounts.
    pub log_mean: f64,
    /// Sample sd of log amounts.
    pub log_sd: f64,
    /// 95% interval of the median (t-free normal approximation on the log mean).
    pub median_ci: Interval,
    /// Amounts it is fitted from.
    pub amounts: u64,
    /// "won" (amounts of won deals), "all" (every deal's amount, when fewer than
    /// [`MIN_AMOUNTS`] won deals have one) or "none" (no amounts: a placeholder of 1).
    pub source: String,
}

/// Backward moves, read as MODEL.md v2's rework in the moving record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReworkEstimate {
    /// Backward moves.
    pub backward_moves: u64,
    /// Days on which a deal in stage 2 or later could have started rework.
    pub exposure_days: u64,
    /// `rework_per_day`: backward moves ÷ exposure days.
    pub per_day: f64,
    /// Wilson 95% interval.
    pub per_day_ci: Interval,
}

/// What happened in the as-of month so far, and the plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MonthStatus {
    /// First day of the month.
    pub month_start: Date,
    /// Last day of the month.
    pub month_end: Date,
    /// Days of the calendar in the month.
    pub month_days: i64,
    /// Days of the calendar after the as-of date to the month's end.
    pub days_left: i64,
    /// The month's plan.
    pub plan: f64,
    /// "given", or "observed pace" (won amounts a day × days of the month).
    pub plan_source: String,
    /// Revenue won in the month up to the as-of date (won deals without an amount count the
    /// budget's mean).
    pub won_so_far: f64,
    /// Deals won in the month so far.
    pub wins_so_far: u64,
}

/// One manager's own funnel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ManagerCalibration {
    /// The manager.
    pub name: String,
    /// Their deals.
    pub deals: u64,
    /// Their estimates.
    pub estimates: Vec<StageEstimate>,
    /// Their scenario.
    pub scenario: ScenarioSpec,
}

/// Everything calibration found: what the page shows, and the scenario.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Calibration {
    /// The format read.
    pub format: Format,
    /// The delimiter of a CSV.
    pub delimiter: Option<char>,
    /// The header's columns.
    pub columns: Vec<String>,
    /// The first rows as read.
    pub preview: Vec<PreviewRow>,
    /// Data rows in the file.
    pub records: u64,
    /// Rows used.
    pub rows_used: u64,
    /// Deals.
    pub deals: u64,
    /// The stage order.
    pub stage_order: StageOrder,
    /// How days are counted.
    pub calendar: Calendar,
    /// The as-of date.
    pub as_of: Date,
    /// The first date of the file.
    pub first_date: Date,
    /// Days of the calendar from the first date to the as-of date.
    pub window_days: i64,
    /// Per stage.
    pub estimates: Vec<StageEstimate>,
    /// Per entry stage.
    pub inflow: Vec<InflowEstimate>,
    /// The deal size.
    pub budget: BudgetEstimate,
    /// Backward moves.
    pub rework: ReworkEstimate,
    /// Deals open at the as-of date, per stage.
    pub open_deals: Vec<u64>,
    /// Their known amounts, per stage.
    pub open_amounts: Vec<f64>,
    /// The month of the as-of date.
    pub month: MonthStatus,
    /// Every problem, in row order (stage-level ones last).
    pub problems: Vec<Problem>,
    /// Problems per kind.
    pub problem_counts: BTreeMap<ProblemKind, u64>,
    /// The calibrated scenario: one month of the as-of date's length, starting from the open
    /// deals.
    pub scenario: ScenarioSpec,
    /// Per manager, when the file has managers.
    pub managers: Vec<ManagerCalibration>,
    /// A team file of the managers (inline scenarios; the team plan is the sum of theirs).
    pub team: Option<TeamSpec>,
}

/// Calibrates a funnel from an export's text.
pub fn calibrate(text: &str, options: &CalibrateOptions) -> Result<Calibration, CalibrateError> {
    let parsed = input::read(text, options)?;
    estimate::calibrate(parsed, options)
}

/// Calibrates from raw bytes (a file as read): refuses text that is not UTF-8.
pub fn calibrate_bytes(
    bytes: &[u8],
    options: &CalibrateOptions,
) -> Result<Calibration, CalibrateError> {
    if bytes.len() > MAX_BYTES {
        return Err(CalibrateError::TooLarge { bytes: bytes.len() });
    }
    if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
        return Err(CalibrateError::Option(
            "the file is UTF-16 text: save it as UTF-8 (CSV UTF-8 in Excel)".into(),
        ));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => calibrate(text, options),
        Err(e) => {
            let head = &bytes[..bytes.len().min(65_536)];
            let junk = head
                .iter()
                .filter(|&&b| (b < 0x20 && !matches!(b, b'\t' | b'\r' | b'\n')) || b == 0x7f)
                .count();
            if head.contains(&0) || junk * 100 > head.len() {
                Err(CalibrateError::Binary { junk, of: head.len() })
            } else {
                Err(CalibrateError::Option(format!(
                    "the file is not UTF-8 (byte {} is not; a Windows-1251 export is not): save it as UTF-8",
                    e.valid_up_to()
                )))
            }
        }
    }
}
