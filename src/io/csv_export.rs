//! A run's report as CSV for spreadsheets: the summary, one row per stage and the per-day fan,
//! three tables one after another in one file. The page's "Export CSV" and `funnel-lab run
//! --csv` write the same bytes.
//!
//! Spreadsheets in a locale whose decimal mark is a comma (Russian, German) split columns on
//! `;` and read `0,5` as a number; [`Separator::Semicolon`] writes that, [`Separator::Comma`]
//! the `0.5` and `,` that English-locale spreadsheets expect. The text starts with a UTF-8 byte
//! order mark so that Excel reads Cyrillic stage names as UTF-8. Numbers are written in full
//! (the shortest text that reads back to the same number), without thousands separators.

use std::fmt::Write as _;

use crate::sim::Report;

/// The UTF-8 byte order mark that starts the text.
pub const BOM: char = '\u{feff}';

/// Why a separator was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CsvError {
    /// Only `,` and `;` are offered.
    #[error("separator '{0}' is not ',' or ';'")]
    Separator(String),
}

/// Column separator, which also fixes the decimal mark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Separator {
    /// `,` between fields, `.` in numbers.
    #[default]
    Comma,
    /// `;` between fields, `,` in numbers.
    Semicolon,
}

impl Separator {
    /// Reads `,` or `;` (also the words `comma` and `semicolon`).
    pub fn parse(text: &str) -> Result<Separator, CsvError> {
        match text.trim() {
            "," | "comma" => Ok(Separator::Comma),
            ";" | "semicolon" => Ok(Separator::Semicolon),
            other => Err(CsvError::Separator(other.to_owned())),
        }
    }

    /// The field separator.
    pub fn char(self) -> char {
        match self {
            Separator::Comma => ',',
            Separator::Semicolon => ';',
        }
    }

    /// The decimal mark that goes with it.
    pub fn decimal(self) -> char {
        match self {
            Separator::Comma => '.',
            Separator::Semicolon => ',',
        }
    }
}

/// One cell: text or a number (absent numbers are empty cells).
enum Cell<'a> {
    Text(&'a str),
    Num(Option<f64>),
}

struct Writer {
    out: String,
    sep: Separator,
}

impl Writer {
    fn row(&mut self, cells: &[Cell]) {
        for (i, c) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(self.sep.char());
            }
            match c {
                Cell::Text(t) => self.text(t),
                Cell::Num(Some(x)) if x.is_finite() => {
                    let s = format!("{x}");
                    self.out.push_str(&s.replace('.', &self.sep.decimal().to_string()));
                }
                Cell::Num(_) => {}
            }
        }
        self.out.push_str("\r\n");
    }

    /// RFC 4180 quoting: a field holding the separator, a quote or a line break is quoted and
    /// its quotes doubled.
    fn text(&mut self, t: &str) {
        if t.contains([self.sep.char(), '"', '\n', '\r']) {
            let _ = write!(self.out, "\"{}\"", t.replace('"', "\"\""));
        } else {
            self.out.push_str(t);
        }
    }
}

fn num(x: f64) -> Cell<'static> {
    Cell::Num(Some(x))
}

/// One voter's answer in one round, for [`room_csv`].
#[derive(Clone, Copy, Debug)]
pub struct VoteRow<'a> {
    /// The round.
    pub round: u32,
    /// The id the phone made.
    pub voter: &'a str,
    /// The name the voter gave, if any.
    pub name: Option<&'a str>,
    /// One guess per arm, in percent.
    pub guesses: &'a [f64],
}

/// A room's votes as CSV: one row per voter, round and arm (`round, voter, name, arm, guess,
/// truth`), guesses and the simulation's P(plan) in percent; `truth` is empty before the
/// reveal. Byte order mark first, lines ended by CRLF, names quoted as RFC 4180 says.
pub fn room_csv<'a>(
    votes: impl IntoIterator<Item = VoteRow<'a>>,
    arms: &[String],
    truths: &[Option<f64>],
    sep: Separator,
) -> String {
    let mut w = Writer { out: String::from(BOM), sep };
    use Cell::Text as T;
    w.row(&[T("round"), T("voter"), T("name"), T("arm"), T("guess"), T("truth")]);
    for v in votes {
        for (i, g) in v.guesses.iter().enumerate() {
            let arm = arms.get(i).map_or("", String::as_str);
            let truth = truths.get(i).copied().flatten();
            let name = v.name.unwrap_or("");
            let round = num(f64::from(v.round));
            w.row(&[round, T(v.voter), T(name), T(arm), num(*g), Cell::Num(truth)]);
        }
    }
    w.out
}

/// The report as CSV text, byte order mark first, lines ended by CRLF.
pub fn report_csv(r: &Report, sep: Separator) -> String {
    let mut w = Writer { out: String::from(BOM), sep };
    use Cell::Text as T;
    w.row(&[T("summary")]);
    w.row(&[T("metric"), T("value")]);
    w.row(&[T("scenario"), T(&r.scenario)]);
    w.row(&[T("currency"), T(&r.currency)]);
    let v = &r.revenue;
    let f = &r.forecast;
    let numbers: [(&str, Option<f64>); 24] = [
        ("trials", Some(r.trials as f64)),
        ("seed", Some(r.seed as f64)),
        ("plan", Some(r.plan)),
        ("horizon_days", Some(f64::from(r.horizon_days))),
        ("checkpoint_day", Some(f64::from(r.checkpoint_day))),
        ("p_plan", Some(r.p_plan)),
        ("p_plan_se", Some(r.p_plan_se)),
        ("revenue_mean", Some(v.mean)),
        ("revenue_sd", Some(v.sd)),
        ("revenue_p5", Some(v.p5)),
        ("revenue_p10", Some(v.p10)),
        ("revenue_p50", Some(v.p50)),
        ("revenue_p90", Some(v.p90)),
        ("revenue_p95", Some(v.p95)),
        ("expected_revenue", r.expected_revenue),
        ("wins_mean", Some(r.wins.mean)),
        ("wins_sd", Some(r.wins.sd)),
        ("losses_mean", Some(r.losses.mean)),
        ("created_mean", Some(r.created.mean)),
        ("forecast_mean", Some(f.mean)),
        ("forecast_bias", Some(f.bias)),
        ("forecast_bias_relative", f.bias_relative),
        ("forecast_mape", f.mape),
        ("shape_tolerance", Some(f.shape_tolerance)),
    ];
    for (name, x) in numbers {
        w.row(&[T(name), Cell::Num(x)]);
    }
    w.row(&[]);
    w.row(&[T("stages")]);
    let head = [
        "stage",
        "shape_count",
        "shape_budget",
        "plan_shape_count",
        "plan_shape_budget",
        "conversion",
        "recorded_conversion",
        "checkpoint_count",
        "checkpoint_budget",
        "end_count",
        "end_budget",
    ];
    w.row(&head.map(T));
    for s in &r.stages {
        w.row(&[
            T(&s.name),
            num(s.shape_count),
            num(s.shape_budget),
            num(s.plan_shape_count),
            num(s.plan_shape_budget),
            Cell::Num(s.conversion),
            Cell::Num(s.recorded_conversion),
            num(s.checkpoint_count),
            num(s.checkpoint_budget),
            num(s.end_count),
            num(s.end_budget),
        ]);
    }
    w.row(&[]);
    w.row(&[T("fan")]);
    w.row(&[T("day"), T("revenue_p10"), T("revenue_p50"), T("revenue_p90")]);
    for p in &r.fan {
        w.row(&[num(f64::from(p.day)), num(p.p10), num(p.p50), num(p.p90)]);
    }
    w.out
}

#[cfg(test)]
mod room_tests {
    use super::*;

    #[test]
    fn room_votes_one_row_per_arm_with_the_truth() {
        let a = [40.0, 5.5];
        let b = [70.0, 0.0];
        let rounds = [
            VoteRow { round: 2, voter: "v1", name: Some("Ann, \"A\""), guesses: &a },
            VoteRow { round: 2, voter: "v2", name: None, guesses: &b },
        ];
        let arms = vec!["Base".to_owned(), "Узкая".to_owned()];
        let csv = room_csv(rounds, &arms, &[Some(62.5), None], Separator::Comma);
        let want = "\u{feff}round,voter,name,arm,guess,truth\r\n\
                    2,v1,\"Ann, \"\"A\"\"\",Base,40,62.5\r\n\
                    2,v1,\"Ann, \"\"A\"\"\",Узкая,5.5,\r\n\
                    2,v2,,Base,70,62.5\r\n\
                    2,v2,,Узкая,0,\r\n";
        assert_eq!(csv, want);
        let semi = room_csv(rounds, &arms, &[Some(62.5), None], Separator::Semicolon);
        assert!(semi.contains("2;v1;\"Ann, \"\"A\"\"\";Base;40;62,5\r\n"), "{semi}");
        assert!(semi.contains(";5,5;"));
    }
}
