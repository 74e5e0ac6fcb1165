//! amoCRM (Kommo) events: the events API's JSON (`_embedded.events`, or a bare array of
//! events) or the same events flattened to CSV columns, turned into stage-entry rows.
//!
//! Relied on: `type` (`lead_status_changed`; `lead_added` gives a lead's creation time),
//! `entity_id`, `entity_type` (`lead`), `created_at` (Unix seconds),
//! `value_after[0].lead_status.id` and `value_before[0].lead_status.id`. Statuses 142 (won) and
//! 143 (lost) are fixed in every pipeline.

use std::collections::BTreeMap;

use serde_json::Value;

use super::date::parse_stamp;
use super::input::{AmoEvent, AmoLabel, Parsed, Reader};
use super::{CalibrateError, CalibrateOptions, Format, Problem, ProblemKind};

fn label(status: &str) -> AmoLabel<'_> {
    match status {
        "142" => AmoLabel::Won,
        "143" => AmoLabel::Lost,
        s => AmoLabel::Stage(s),
    }
}

/// A JSON scalar as text (ids may be numbers or strings).
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `value_after[0].lead_status.id` (or `value_before`).
fn status(event: &Value, field: &str) -> Option<String> {
    text(event.get(field)?.get(0)?.get("lead_status")?.get("id"))
}

/// Reads the events API's JSON.
pub(crate) fn read_json(
    text_in: &str,
    options: &CalibrateOptions,
) -> Result<Parsed, CalibrateError> {
    let doc: Value = serde_json::from_str(text_in)
        .map_err(|e| CalibrateError::Json { line: e.line() as u64, message: e.to_string() })?;
    let events = doc
        .as_array()
        .or_else(|| doc.pointer("/_embedded/events").and_then(Value::as_array))
        .or_else(|| doc.get("events").and_then(Value::as_array))
        .ok_or(CalibrateError::UnknownJson)?;
    let mut reader = Reader::new(options, Format::Amocrm);
    reader.out.columns = ["type", "entity_id", "created_at", "value_after[0].lead_status.id"]
        .map(String::from)
        .into();
    let mut other_entities = 0usize;
    for (i, e) in events.iter().enumerate() {
        reader.out.records += 1;
        if reader.out.records > super::MAX_ROWS {
            return Err(CalibrateError::TooManyRows { rows: reader.out.records });
        }
        let line = i as u64 + 1;
        if let Some(kind) = e.get("entity_type").and_then(Value::as_str) {
            if kind != "lead" {
                other_entities += 1;
                continue;
            }
        }
        reader.push_amo(AmoEvent {
            line,
            kind: text(e.get("type")).unwrap_or_default(),
            entity: text(e.get("entity_id")).unwrap_or_default(),
            time: text(e.get("created_at")).unwrap_or_default(),
            after: status(e, "value_after"),
            before: status(e, "value_before"),
            manager: None,
        });
    }
    if other_entities > 0 {
        reader.out.problems.push(Problem {
            row: None,
            kind: ProblemKind::IgnoredRow,
            detail: format!("{other_entities} events of other entities than leads left out"),
        });
    }
    Ok(reader.finish())
}

/// Turns a lead's events into rows: each status change enters its `value_after` status; a
/// `lead_added` event dates the entry into the status the lead's first change left.
pub(crate) fn rows(events: Vec<AmoEvent>, reader: &mut Reader<'_>) {
    let mut by_lead: BTreeMap<String, Vec<(crate::studies::calibrate::date::Stamp, AmoEvent)>> =
        BTreeMap::new();
    let mut ignored: BTreeMap<String, usize> = BTreeMap::new();
    for e in events {
        if e.entity.is_empty() {
            reader.problem(e.line, ProblemKind::MissingValue, "no entity_id".into());
            continue;
        }
        if e.kind != "lead_status_changed" && e.kind != "lead_added" {
            *ignored.entry(e.kind.clone()).or_default() += 1;
            continue;
        }
        let Some(stamp) = parse_stamp(&e.time) else {
            let detail = format!("created_at '{}' is not a Unix time or a date", e.time);
            reader.problem(e.line, ProblemKind::BadDate, detail);
            continue;
        };
        if e.kind == "lead_status_changed" && e.after.is_none() {
            let detail = "a status change without value_after[0].lead_status.id".to_owned();
            reader.problem(e.line, ProblemKind::MissingValue, detail);
            continue;
        }
        by_lead.entry(e.entity.clone()).or_default().push((stamp, e));
    }
    for (kind, n) in ignored {
        let kind = if kind.is_empty() { "(none)".to_owned() } else { kind };
        reader.out.problems.push(Problem {
            row: None,
            kind: ProblemKind::IgnoredRow,
            detail: format!("{n} events of type '{kind}' left out (not status changes)"),
        });
    }
    for (lead, mut list) in by_lead {
        list.sort_by_key(|(stamp, e)| (*stamp, e.line));
        let added = list.iter().find(|(_, e)| e.kind == "lead_added").cloned();
        let first_change = list.iter().find(|(_, e)| e.kind == "lead_status_changed");
        if let Some((when, ev)) = added {
            let start =
                ev.after.clone().or_else(|| first_change.and_then(|(_, c)| c.before.clone()));
            match start {
                Some(status) => {
                    reader.push_row(ev.line, &lead, label(&status), when, ev.manager.as_deref());
                }
                None => {
                    let detail = "lead_added with no status to start in (no status change follows)"
                        .to_owned();
                    reader.problem(ev.line, ProblemKind::IgnoredRow, detail);
                }
            }
        }
        for (when, ev) in list.iter().filter(|(_, e)| e.kind == "lead_status_changed") {
            if let Some(after) = &ev.after {
                reader.push_row(ev.line, &lead, label(after), *when, ev.manager.as_deref());
            }
        }
    }
}
