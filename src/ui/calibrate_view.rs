//! What the calibrate page (`#/calibrate`) shows, as plain words and numbers in Russian or
//! English: the formats, the problem kinds, the reasons a file is refused, numbers with their 95%
//! intervals, and the page's fields read into [`CalibrateOptions`]. Native code, tested by
//! `cargo test`; the page components only lay it out.

use crate::studies::calibrate::{
    Calendar, CalibrateError, CalibrateOptions, Date, Format, FormatChoice, Interval, ProblemKind,
    MAX_BYTES, MAX_ROWS,
};
use crate::words::calibrate::CalibrateWord;
use crate::words::format::Numbers;
use crate::words::i18n::Lang;
use crate::words::phrases::fill;

/// Picks the words of the page's language.
pub fn w(en: bool, p: CalibrateWord) -> &'static str {
    p.text(if en { Lang::En } else { Lang::Ru })
}

/// `x` with `places` decimals, a decimal comma in Russian, `∞` when unbounded.
pub fn number(x: f64, places: usize, en: bool) -> String {
    if x.is_infinite() && x > 0.0 {
        return "∞".into();
    }
    if !x.is_finite() {
        return "—".into();
    }
    let text = nums(en).decimal(x, places);
    if en {
        text
    } else {
        text.replace('-', "−")
    }
}

/// How the page's language writes numbers.
fn nums(en: bool) -> Numbers {
    Numbers(if en { Lang::En } else { Lang::Ru })
}

/// A share with its interval: `52.1% (47.0–57.3%)`.
pub fn percent_ci(p: f64, ci: Interval, en: bool) -> String {
    format!(
        "{}% ({}–{}%)",
        number(p * 100.0, 1, en),
        number(ci.low * 100.0, 1, en),
        number(ci.high * 100.0, 1, en)
    )
}

/// A daily rate as a percentage with two decimals and its interval: `0.12% (0.05–0.30%)`.
pub fn rate_ci(p: f64, ci: Interval, en: bool) -> String {
    format!(
        "{}% ({}–{}%)",
        number(p * 100.0, 2, en),
        number(ci.low * 100.0, 2, en),
        number(ci.high * 100.0, 2, en)
    )
}

/// A number with its interval: `3.4 (2.9–4.1)`.
pub fn number_ci(x: f64, ci: Interval, places: usize, en: bool) -> String {
    format!(
        "{} ({}–{})",
        number(x, places, en),
        number(ci.low, places, en),
        number(ci.high, places, en)
    )
}

/// An amount with its interval, grouped: `120 000 (95 000–150 000)`.
pub fn money_ci(x: f64, ci: Interval, en: bool) -> String {
    let g = |v: f64| if v.is_infinite() { "∞".to_owned() } else { nums(en).grouped(v) };
    format!("{} ({}–{})", g(x), g(ci.low), g(ci.high))
}

/// An amount, grouped in the page's language.
pub fn money(x: f64, en: bool) -> String {
    nums(en).grouped(x)
}

/// A probability with its standard error: `43.2% ± 1.1`.
pub fn p_with_se(p: f64, se: f64, en: bool) -> String {
    format!("{}% ± {}", number(p * 100.0, 1, en), number(se * 100.0, 1, en))
}

/// The format's name.
pub fn format_name(f: Format, en: bool) -> &'static str {
    match f {
        Format::Generic => w(en, CalibrateWord::GenericCsv),
        Format::Bitrix24 => "Bitrix24",
        Format::Salesforce => "Salesforce",
        Format::Hubspot => "HubSpot",
        Format::Amocrm => "amoCRM",
    }
}

/// The keys of the format select, in order, with their names.
pub fn format_choices(en: bool) -> [(&'static str, &'static str); 6] {
    [
        ("auto", w(en, CalibrateWord::RecogniseHeader)),
        ("generic", w(en, CalibrateWord::GenericCsv)),
        ("bitrix24", "Bitrix24"),
        ("salesforce", "Salesforce"),
        ("hubspot", "HubSpot"),
        ("amocrm", "amoCRM"),
    ]
}

/// The delimiter in words; none for a JSON export.
pub fn delimiter_name(d: Option<char>, en: bool) -> String {
    match d {
        Some(',') => w(en, CalibrateWord::Comma).into(),
        Some(';') => w(en, CalibrateWord::Semicolon).into(),
        Some('\t') => w(en, CalibrateWord::Tab).into(),
        Some(c) if en => format!("'{c}'"),
        Some(c) => format!("«{c}»"),
        None => w(en, CalibrateWord::NoneJson).into(),
    }
}

/// What a problem kind means, in a few words.
pub fn problem_kind(kind: ProblemKind, en: bool) -> &'static str {
    use ProblemKind as K;
    match kind {
        K::BadDate => w(en, CalibrateWord::UnreadableDateRowLeft),
        K::MissingValue => w(en, CalibrateWord::NeededFieldEmptyRow),
        K::BadAmount => w(en, CalibrateWord::AmountNotPositiveNumber),
        K::DuplicateRow => w(en, CalibrateWord::DuplicateRowLeftOut),
        K::UnorderedRows => w(en, CalibrateWord::DealSRowsOut),
        K::UnknownStage => w(en, CalibrateWord::StageNotGivenOrder),
        K::BackwardMove => w(en, CalibrateWord::MoveBackEarlierStage),
        K::SkippedStage => w(en, CalibrateWord::StagesSkippedPassedWithout),
        K::NoRowsAfterCreation => w(en, CalibrateWord::DealStaleSinceCreation),
        K::RowAfterClose => w(en, CalibrateWord::RowAfterDealWas),
        K::AfterAsOf => w(en, CalibrateWord::RowAfterDateLeft),
        K::ClosedAtCreation => w(en, CalibrateWord::DealClosedCreationLeft),
        K::RepeatedStage => w(en, CalibrateWord::SameStageAgainRead),
        K::IgnoredRow => w(en, CalibrateWord::RowAboutSomethingElse),
        K::NoExits => w(en, CalibrateWord::NoDealLeftStage),
    }
}

/// Why a file was refused, in words for the page (its fields, not the command line's flags).
pub fn error_text(e: &CalibrateError, en: bool) -> String {
    use CalibrateError as E;
    let list = |v: &[String]| v.join(", ");
    match e {
        E::Empty => w(en, CalibrateWord::FileEmpty).into(),
        E::TooLarge { bytes } => too_large(*bytes as f64, en),
        E::TooManyRows { rows } => {
            fill(w(en, CalibrateWord::TooManyRowsError), &[&MAX_ROWS, &rows])
        }
        E::Binary { junk, of } => fill(w(en, CalibrateWord::BinaryError), &[&junk, &of]),
        E::UnknownFormat { columns } => {
            fill(w(en, CalibrateWord::UnknownFormatError), &[&list(columns)])
        }
        E::Columns { format, missing, found } => fill(
            w(en, CalibrateWord::ColumnsError),
            &[&format_name(*format, en), &list(missing), &list(found)],
        ),
        E::Csv { line, message } => fill(w(en, CalibrateWord::CsvError), &[&line, &message]),
        E::Json { line, message } => fill(w(en, CalibrateWord::JsonError), &[&line, &message]),
        E::UnknownJson => w(en, CalibrateWord::JsonHasNoEvents).into(),
        E::NoRows(why) => fill(w(en, CalibrateWord::NoRowsError), &[&why]),
        E::OneStage(name) => fill(w(en, CalibrateWord::OneStageError), &[&name]),
        E::TooManyStages { count, names } => {
            fill(w(en, CalibrateWord::TooManyStagesError), &[&count, &list(names)])
        }
        E::Option(why) => why.clone(),
    }
}

/// The refusal of a file over the size limit, said before reading it.
pub fn too_large(bytes: f64, en: bool) -> String {
    let mb = |b: f64| number(b / (1024.0 * 1024.0), 1, en);
    fill(
        CalibrateWord::FileTooLarge.text(if en { Lang::En } else { Lang::Ru }),
        &[&mb(bytes), &mb(MAX_BYTES as f64)],
    )
}

/// Where the deal size came from.
pub fn budget_source(source: &str, en: bool) -> &'static str {
    match source {
        "won" => w(en, CalibrateWord::WonDealsAmounts),
        "all" => w(en, CalibrateWord::AllDealsAmountsFewer),
        _ => w(en, CalibrateWord::NoAmountsBudget1),
    }
}

/// Where the month's plan came from.
pub fn plan_source(source: &str, en: bool) -> &'static str {
    match source {
        "given" => w(en, CalibrateWord::Given),
        _ => w(en, CalibrateWord::ObservedPaceWonAmounts),
    }
}

/// The stage order as typed: names separated by commas or new lines; none when empty.
pub fn parse_stage_order(text: &str) -> Option<Vec<String>> {
    let names: Vec<String> = text
        .split([',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect();
    (!names.is_empty()).then_some(names)
}

/// The page's fields read into options; the error says which field is wrong.
pub fn options(
    format: &str,
    stages: &str,
    as_of: &str,
    calendar: &str,
    en: bool,
) -> Result<CalibrateOptions, String> {
    let format = FormatChoice::parse(format).unwrap_or_default();
    let as_of = match as_of.trim() {
        "" => None,
        t => {
            Some(Date::parse_iso(t).ok_or_else(|| fill(w(en, CalibrateWord::BadAsOfDate), &[&t]))?)
        }
    };
    let calendar = if calendar == "all" { Calendar::All } else { Calendar::Workdays };
    let name = w(en, CalibrateWord::CalibratedCrmExport).into();
    Ok(CalibrateOptions {
        format,
        stages: parse_stage_order(stages),
        as_of,
        calendar,
        name,
        ..CalibrateOptions::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn intervals_are_written_in_each_language() {
        let ci = Interval { low: 0.47, high: 0.573 };
        assert_eq!(percent_ci(0.521, ci, true), "52.1% (47.0–57.3%)");
        assert_eq!(percent_ci(0.521, ci, false), "52,1% (47,0–57,3%)");
        let open = Interval { low: 2.94, high: f64::INFINITY };
        assert_eq!(number_ci(3.4, open, 1, true), "3.4 (2.9–∞)");
        assert_eq!(
            money_ci(120_000.0, Interval { low: 95_000.0, high: 1.5e5 }, true),
            "120,000 (95,000–150,000)"
        );
        assert_eq!(p_with_se(0.432, 0.011, false), "43,2% ± 1,1");
        assert_eq!(
            rate_ci(0.0012, Interval { low: 0.0005, high: 0.003 }, true),
            "0.12% (0.05–0.30%)"
        );
        assert_eq!(number(-0.5, 1, false), "−0,5");
        assert_eq!(number(f64::NAN, 1, true), "—");
    }

    #[test]
    fn every_problem_kind_has_words_in_both_languages() {
        use ProblemKind as K;
        let all = [
            K::BadDate,
            K::MissingValue,
            K::BadAmount,
            K::DuplicateRow,
            K::UnorderedRows,
            K::UnknownStage,
            K::BackwardMove,
            K::SkippedStage,
            K::NoRowsAfterCreation,
            K::RowAfterClose,
            K::AfterAsOf,
            K::ClosedAtCreation,
            K::RepeatedStage,
            K::IgnoredRow,
            K::NoExits,
        ];
        let mut seen = std::collections::HashSet::new();
        for k in all {
            let (ru, en) = (problem_kind(k, false), problem_kind(k, true));
            assert!(ru.chars().any(|c| ('а'..='я').contains(&c)), "{k:?}: {ru}");
            assert!(en.is_ascii(), "{k:?}: {en}");
            assert!(seen.insert(en), "{k:?} worded like another kind");
        }
    }

    #[test]
    fn refusals_speak_of_the_page_not_the_flags() {
        let e = CalibrateError::UnknownFormat { columns: vec!["a".into(), "b".into()] };
        assert!(error_text(&e, true).contains("(a, b)"));
        assert!(!error_text(&e, true).contains("--"));
        assert!(error_text(&e, false).starts_with("Заголовок (a, b)"));
        let e = CalibrateError::TooManyStages { count: 11, names: vec![] };
        assert!(error_text(&e, true).contains("stage order field"));
        assert_eq!(
            too_large(60.0 * 1024.0 * 1024.0, true),
            "The file has 60.0 MiB; the limit is 50.0 MiB: export a shorter period."
        );
        // A refusal from the module itself reads as a sentence too.
        let from_module =
            crate::studies::calibrate::calibrate("\u{0}\u{1}\u{2}junk", &Default::default());
        let e = from_module.expect_err("binary");
        assert!(error_text(&e, false).starts_with("Это не текстовая выгрузка"));
    }

    #[test]
    fn the_fields_become_options() {
        assert_eq!(
            parse_stage_order(" Meeting, Spec ,\nContract,, "),
            Some(vec!["Meeting".into(), "Spec".into(), "Contract".into()])
        );
        assert_eq!(parse_stage_order("  ,\n "), None);
        let o = options("bitrix24", "A, B", "2025-03-14", "all", true).expect("reads");
        assert_eq!(o.format, FormatChoice::Bitrix24);
        assert_eq!(o.as_of, Date::from_ymd(2025, 3, 14));
        assert_eq!(o.calendar, Calendar::All);
        assert_eq!(o.stages.as_deref().map(<[String]>::len), Some(2));
        let o = options("auto", "", "", "workdays", false).expect("reads");
        assert_eq!((o.format, o.as_of, o.calendar), (FormatChoice::Auto, None, Calendar::Workdays));
        assert!(options("auto", "", "2025-13-40", "workdays", false)
            .expect_err("bad date")
            .contains("ГГГГ"));
        assert_eq!(delimiter_name(Some(';'), true), "semicolon ';'");
        assert_eq!(format_name(Format::Generic, false), "общий CSV");
    }
}
