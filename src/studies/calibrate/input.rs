//! Reading an export into rows: the size and binary checks, the delimiter, the format
//! (recognised from the header, or given), and each format's columns mapped onto one row type:
//! a deal entering a stage, or being won or lost, at a time.
//!
//! Nothing here stops on a bad row: it is reported as a [`Problem`] with its line and left out.

use std::collections::HashMap;

use super::date::{parse_stamp, Stamp};
use super::{CalibrateError, CalibrateOptions, ColumnMap, Format, FormatChoice, Problem};
use super::{ProblemKind, MAX_BYTES, MAX_ROWS};

/// What a row says happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Label {
    /// The deal entered the stage with this interned name.
    Stage(u32),
    /// The deal was won.
    Won,
    /// The deal was lost.
    Lost,
}

/// One usable row.
#[derive(Clone, Debug)]
pub(crate) struct Row {
    /// Line of the file it starts on (1 is the header), or the event's number in a JSON export.
    pub line: u64,
    /// Interned deal id.
    pub deal: u32,
    pub label: Label,
    pub stamp: Stamp,
    pub amount: Option<f64>,
    /// Interned manager.
    pub manager: Option<u32>,
}

/// A whole export, read.
#[derive(Debug, Default)]
pub(crate) struct Parsed {
    pub format: Option<Format>,
    pub delimiter: Option<char>,
    pub columns: Vec<String>,
    /// Data records read (usable or not).
    pub records: usize,
    pub rows: Vec<Row>,
    pub deals: Vec<String>,
    pub stages: Vec<String>,
    pub managers: Vec<String>,
    pub problems: Vec<Problem>,
}

/// Interns strings as dense ids.
#[derive(Default)]
struct Names {
    ids: HashMap<String, u32>,
    list: Vec<String>,
}

impl Names {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.ids.get(name) {
            return id;
        }
        let id = self.list.len() as u32;
        self.ids.insert(name.to_owned(), id);
        self.list.push(name.to_owned());
        id
    }
}

/// Refuses empty, oversized and binary input before any parsing.
pub(crate) fn check_text(text: &str) -> Result<&str, CalibrateError> {
    if text.len() > MAX_BYTES {
        return Err(CalibrateError::TooLarge { bytes: text.len() });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(CalibrateError::Empty);
    }
    let head: String = text.chars().take(65_536).collect();
    let total = head.chars().count().max(1);
    let junk = head
        .chars()
        .filter(|&c| c == '\u{fffd}' || (c.is_control() && !matches!(c, '\t' | '\r' | '\n')))
        .count();
    if head.contains('\0') || junk * 100 > total {
        return Err(CalibrateError::Binary { junk, of: total });
    }
    Ok(text)
}

/// The delimiter of the first line: the most frequent of `,`, `;` and tab outside quotes.
fn detect_delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for b in text.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => counts[0] += 1,
            b';' if !quoted => counts[1] += 1,
            b'\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = (0..3).max_by_key(|&i| (counts[i], 3 - i)).unwrap_or(0);
    [b',', b';', b'\t'][best]
}

/// Normalises a header for matching: trimmed, lower case.
fn key(h: &str) -> String {
    h.trim().trim_matches('"').to_lowercase()
}

/// Where each needed field is in a record.
struct Columns {
    deal: usize,
    stage: usize,
    time: usize,
    amount: Option<usize>,
    manager: Option<usize>,
    /// Bitrix24: STAGE_SEMANTIC_ID / STATUS_SEMANTIC_ID.
    semantic: Option<usize>,
    /// Salesforce: IsWon, IsClosed, IsDeleted.
    is_won: Option<usize>,
    is_closed: Option<usize>,
    is_deleted: Option<usize>,
    /// HubSpot: the `property` column when the export holds several properties.
    property: Option<usize>,
    /// amoCRM: the event type, and the status a change came from.
    event_type: Option<usize>,
    before: Option<usize>,
}

fn find(headers: &[String], names: &[&str]) -> Option<usize> {
    names.iter().find_map(|n| headers.iter().position(|h| h == n))
}

/// The format a header belongs to, most specific first.
fn recognise(headers: &[String]) -> Option<Format> {
    let has = |n: &str| headers.iter().any(|h| h == n);
    if has("owner_id") && has("created_time") && (has("stage_id") || has("status_id")) {
        Some(Format::Bitrix24)
    } else if has("opportunityid") && has("stagename") && has("createddate") {
        Some(Format::Salesforce)
    } else if has("timestamp")
        && (has("dealstage") || (has("property") && has("value")))
        && find(headers, HUBSPOT_ID).is_some()
    {
        Some(Format::Hubspot)
    } else if has("entity_id") && has("created_at") && find(headers, AMO_STATUS).is_some() {
        Some(Format::Amocrm)
    } else if has("deal_id") && has("stage") && has("entered_at") {
        Some(Format::Generic)
    } else {
        None
    }
}

const HUBSPOT_ID: &[&str] = &["dealid", "deal_id", "hs_object_id", "objectid", "record id"];
const AMO_STATUS: &[&str] =
    &["value_after[0].lead_status.id", "value_after.lead_status.id", "status_id", "lead_status_id"];
const AMO_BEFORE: &[&str] =
    &["value_before[0].lead_status.id", "value_before.lead_status.id", "status_before_id"];

/// The columns a format needs, or the list of missing ones.
fn columns(format: Format, h: &[String], map: &ColumnMap) -> Result<Columns, Vec<String>> {
    let mut missing = Vec::new();
    let mut need = |names: &[&str], label: &str| {
        let found = find(h, names);
        if found.is_none() {
            missing.push(label.to_owned());
        }
        found.unwrap_or(0)
    };
    let none = Columns {
        deal: 0,
        stage: 0,
        time: 0,
        amount: None,
        manager: None,
        semantic: None,
        is_won: None,
        is_closed: None,
        is_deleted: None,
        property: None,
        event_type: None,
        before: None,
    };
    let cols = match format {
        Format::Generic => {
            let mapped = |given: &Option<String>, default: &str| {
                given.as_deref().map_or_else(|| default.to_owned(), key)
            };
            let (d, s, t) = (
                mapped(&map.deal_id, "deal_id"),
                mapped(&map.stage, "stage"),
                mapped(&map.entered_at, "entered_at"),
            );
            let amount = mapped(&map.amount, "amount");
            let manager = mapped(&map.manager, "manager");
            Columns {
                deal: need(&[&d], &d),
                stage: need(&[&s], &s),
                time: need(&[&t], &t),
                amount: find(h, &[&amount]),
                manager: find(h, &[&manager]),
                ..none
            }
        }
        Format::Bitrix24 => Columns {
            deal: need(&["owner_id"], "OWNER_ID"),
            stage: need(&["stage_id", "status_id"], "STAGE_ID"),
            time: need(&["created_time"], "CREATED_TIME"),
            semantic: find(h, &["stage_semantic_id", "status_semantic_id"]),
            ..none
        },
        Format::Salesforce => Columns {
            deal: need(&["opportunityid"], "OpportunityId"),
            stage: need(&["stagename"], "StageName"),
            time: need(&["createddate"], "CreatedDate"),
            amount: find(h, &["amount"]),
            manager: find(h, &["ownerid", "owner.name", "owner"]),
            is_won: find(h, &["iswon"]),
            is_closed: find(h, &["isclosed"]),
            is_deleted: find(h, &["isdeleted"]),
            ..none
        },
        Format::Hubspot => Columns {
            deal: need(HUBSPOT_ID, "dealId"),
            stage: need(&["dealstage", "value"], "dealstage"),
            time: need(&["timestamp"], "timestamp"),
            amount: find(h, &["amount"]),
            manager: find(h, &["hubspot_owner_id"]),
            property: if h.iter().any(|x| x == "dealstage") {
                None
            } else {
                find(h, &["property"])
            },
            ..none
        },
        Format::Amocrm => Columns {
            deal: need(&["entity_id"], "entity_id"),
            stage: need(AMO_STATUS, "value_after[0].lead_status.id"),
            time: need(&["created_at"], "created_at"),
            event_type: find(h, &["type"]),
            before: find(h, AMO_BEFORE),
            manager: find(h, &["created_by"]),
            ..none
        },
    };
    if missing.is_empty() {
        Ok(cols)
    } else {
        Err(missing)
    }
}

/// Reads an amount: spaces and no-break spaces as thousands separators, a decimal comma.
pub(crate) fn parse_amount(text: &str) -> Option<f64> {
    let mut s: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '_' | '\''))
        .collect();
    if s.contains(',') {
        s = if s.contains('.') { s.replace(',', "") } else { s.replace(',', ".") };
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

fn truthy(text: &str) -> Option<bool> {
    match text.trim().to_lowercase().as_str() {
        "true" | "1" | "yes" | "t" => Some(true),
        "false" | "0" | "no" | "f" | "" => Some(false),
        _ => None,
    }
}

/// State while reading.
pub(crate) struct Reader<'o> {
    options: &'o CalibrateOptions,
    pub(crate) out: Parsed,
    deals: Names,
    stages: Names,
    managers: Names,
    amo: Vec<AmoEvent>,
}

/// One amoCRM event, as read from a CSV row or a JSON object, before it becomes rows.
#[derive(Clone, Debug)]
pub(crate) struct AmoEvent {
    pub line: u64,
    pub kind: String,
    pub entity: String,
    pub time: String,
    pub after: Option<String>,
    pub before: Option<String>,
    pub manager: Option<String>,
}

impl<'o> Reader<'o> {
    /// An empty reader of a given format.
    pub(crate) fn new(options: &'o CalibrateOptions, format: Format) -> Self {
        Reader {
            options,
            out: Parsed { format: Some(format), ..Parsed::default() },
            deals: Names::default(),
            stages: Names::default(),
            managers: Names::default(),
            amo: Vec::new(),
        }
    }

    /// Adds amoCRM events (the JSON reader).
    pub(crate) fn push_amo(&mut self, event: AmoEvent) {
        self.amo.push(event);
    }

    /// Adds a row, interning its names.
    pub(crate) fn push_row(
        &mut self,
        line: u64,
        deal: &str,
        label: AmoLabel<'_>,
        stamp: Stamp,
        manager: Option<&str>,
    ) {
        let deal = self.deals.id(deal);
        let label = match label {
            AmoLabel::Won => Label::Won,
            AmoLabel::Lost => Label::Lost,
            AmoLabel::Stage(s) => Label::Stage(self.stages.id(s)),
        };
        let manager = manager.map(|m| self.managers.id(m));
        self.out.rows.push(Row { line, deal, label, stamp, amount: None, manager });
    }

    pub(crate) fn problem(&mut self, line: u64, kind: ProblemKind, detail: String) {
        self.out.problems.push(Problem { row: Some(line), kind, detail });
    }

    /// Generic labels: `won` and `lost` (any case) and the user's own words for them.
    fn generic_label(&mut self, stage: &str) -> Label {
        let lower = stage.to_lowercase();
        let is = |words: &[String], fixed: &str| {
            lower == fixed || words.iter().any(|w| w.trim().to_lowercase() == lower)
        };
        if is(&self.options.won_labels, "won") {
            Label::Won
        } else if is(&self.options.lost_labels, "lost") {
            Label::Lost
        } else {
            Label::Stage(self.stages.id(stage))
        }
    }

    /// Turns one record into a row, or reports why it cannot be one.
    fn record(&mut self, line: u64, format: Format, cols: &Columns, rec: &csv::StringRecord) {
        let field = |i: usize| rec.get(i).map(str::trim).unwrap_or("");
        if format == Format::Amocrm {
            let opt = |i: Option<usize>| i.map(field).filter(|v| !v.is_empty()).map(str::to_owned);
            self.amo.push(AmoEvent {
                line,
                kind: opt(cols.event_type).unwrap_or_else(|| "lead_status_changed".into()),
                entity: field(cols.deal).to_owned(),
                time: field(cols.time).to_owned(),
                after: opt(Some(cols.stage)),
                before: opt(cols.before),
                manager: opt(cols.manager),
            });
            return;
        }
        let headers = &self.out.columns;
        for (idx, label) in [(cols.deal, "deal"), (cols.stage, "stage"), (cols.time, "time")] {
            if field(idx).is_empty() {
                let name = headers.get(idx).cloned().unwrap_or_default();
                let detail = format!("no {label} (column '{name}' is empty or missing)");
                self.problem(line, ProblemKind::MissingValue, detail);
                return;
            }
        }
        if let Some(p) = cols.property {
            if !field(p).eq_ignore_ascii_case("dealstage") {
                self.out.problems.push(Problem {
                    row: Some(line),
                    kind: ProblemKind::IgnoredRow,
                    detail: format!("property '{}' is not dealstage; left out", field(p)),
                });
                return;
            }
        }
        if let Some(d) = cols.is_deleted {
            if truthy(field(d)) == Some(true) {
                let detail = "IsDeleted is true; left out".to_owned();
                self.problem(line, ProblemKind::IgnoredRow, detail);
                return;
            }
        }
        let raw_time = field(cols.time);
        let Some(stamp) = parse_stamp(raw_time) else {
            let detail = format!("'{raw_time}' is not a date (YYYY-MM-DD[ HH:MM], DD.MM.YYYY[ HH:MM] or a Unix time)");
            self.problem(line, ProblemKind::BadDate, detail);
            return;
        };
        let stage = field(cols.stage);
        let label = match format {
            Format::Generic => self.generic_label(stage),
            Format::Bitrix24 => match cols.semantic.map(field) {
                Some("S") => Label::Won,
                Some("F") => Label::Lost,
                _ => match stage {
                    "WON" => Label::Won,
                    "LOSE" => Label::Lost,
                    _ if stage.ends_with(":WON") => Label::Won,
                    _ if stage.ends_with(":LOSE") => Label::Lost,
                    _ => Label::Stage(self.stages.id(stage)),
                },
            },
            Format::Salesforce => {
                let won = cols.is_won.and_then(|i| truthy(field(i)));
                let closed = cols.is_closed.and_then(|i| truthy(field(i)));
                match (stage.to_lowercase().as_str(), closed, won) {
                    ("closed won", _, _) | (_, Some(true), Some(true)) => Label::Won,
                    ("closed lost", _, _) | (_, Some(true), Some(false)) => Label::Lost,
                    _ => Label::Stage(self.stages.id(stage)),
                }
            }
            Format::Hubspot => match stage.to_lowercase().as_str() {
                "closedwon" | "closed won" => Label::Won,
                "closedlost" | "closed lost" => Label::Lost,
                _ => Label::Stage(self.stages.id(stage)),
            },
            Format::Amocrm => Label::Stage(self.stages.id(stage)),
        };
        let amount = match cols.amount.map(field).filter(|a| !a.is_empty()) {
            None => None,
            Some(a) => match parse_amount(a) {
                Some(x) if x > 0.0 && x <= crate::sim::scenario::MAX_MONEY => Some(x),
                _ => {
                    let detail = format!(
                        "amount '{a}' is not a positive number up to {:e}; read as none",
                        crate::sim::scenario::MAX_MONEY
                    );
                    self.problem(line, ProblemKind::BadAmount, detail);
                    None
                }
            },
        };
        let manager =
            cols.manager.map(field).filter(|m| !m.is_empty()).map(|m| self.managers.id(m));
        let deal = self.deals.id(field(cols.deal));
        self.out.rows.push(Row { line, deal, label, stamp, amount, manager });
    }

    pub(crate) fn finish(mut self) -> Parsed {
        if !self.amo.is_empty() {
            let events = std::mem::take(&mut self.amo);
            super::amocrm::rows(events, &mut self);
        }
        self.out.deals = self.deals.list;
        self.out.stages = self.stages.list;
        self.out.managers = self.managers.list;
        self.out
    }
}

/// A label before interning.
pub(crate) enum AmoLabel<'a> {
    Stage(&'a str),
    Won,
    Lost,
}

/// Reads a text export into rows.
pub(crate) fn read(text: &str, options: &CalibrateOptions) -> Result<Parsed, CalibrateError> {
    let text = check_text(text)?;
    let trimmed = text.trim_start();
    let json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if json && matches!(options.format, FormatChoice::Auto | FormatChoice::Amocrm) {
        return super::amocrm::read_json(text, options);
    }
    let delimiter = detect_delimiter(text);
    let mut csv = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut records = csv.records();
    let header = match records.next() {
        Some(Ok(h)) => h,
        Some(Err(e)) => return Err(CalibrateError::Csv { line: 1, message: e.to_string() }),
        None => return Err(CalibrateError::Empty),
    };
    let headers: Vec<String> = header.iter().map(key).collect();
    let format = match options.format {
        FormatChoice::Auto if options.columns.is_set() => Format::Generic,
        FormatChoice::Auto => recognise(&headers).ok_or_else(|| CalibrateError::UnknownFormat {
            columns: header.iter().map(|h| h.trim().to_owned()).collect(),
        })?,
        FormatChoice::Generic => Format::Generic,
        FormatChoice::Bitrix24 => Format::Bitrix24,
        FormatChoice::Salesforce => Format::Salesforce,
        FormatChoice::Hubspot => Format::Hubspot,
        FormatChoice::Amocrm => Format::Amocrm,
    };
    let cols =
        columns(format, &headers, &options.columns).map_err(|missing| CalibrateError::Columns {
            format,
            missing,
            found: header.iter().map(|h| h.trim().to_owned()).collect(),
        })?;
    let mut reader = Reader::new(options, format);
    reader.out.delimiter = Some(char::from(delimiter));
    reader.out.columns = header.iter().map(|h| h.trim().to_owned()).collect();
    for rec in records {
        reader.out.records += 1;
        if reader.out.records > MAX_ROWS {
            return Err(CalibrateError::TooManyRows { rows: reader.out.records });
        }
        match rec {
            Ok(rec) => {
                let line = rec.position().map_or(0, |p| p.line());
                if rec.iter().all(|f| f.trim().is_empty()) {
                    reader.out.records -= 1;
                    continue;
                }
                reader.record(line, format, &cols, &rec);
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let detail = format!("unreadable row: {e}");
                reader.problem(line, ProblemKind::MissingValue, detail);
            }
        }
    }
    Ok(reader.finish())
}
