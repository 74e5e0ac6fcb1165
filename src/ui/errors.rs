//! Validation errors in words: each [`FieldErrorKind`] worded in Russian and English from its
//! numbers, never by translating the English message. The English is the engine's own (the
//! command line's one-line messages).

use crate::host::protocol::JobError;
use crate::io::library::LibraryError;
use crate::io::share::{
    FileError, ShareError, LINK_PREFIX, LINK_VERSION, MAX_DECODED_BYTES, MAX_FILE_BYTES,
};
use crate::sim::exact::{ExactError, REFUSE_ERROR};
use crate::sim::run::{RunError, MAX_TRIALS, MAX_TRIAL_WORK};
use crate::sim::scenario::{list, FieldError, FieldErrorKind, RangeOf, ScenarioError, Shown};
use crate::words::errors::ErrorWord as E;
use crate::words::format::Numbers;
use crate::words::i18n::{tr, Lang, Phrase};
use crate::words::phrases::say;

/// A number of an error as a page in `lang` shows it.
fn shown(lang: Lang, x: &Shown) -> String {
    match x {
        Shown::Real(v) if !v.is_finite() => E::NotANumber.text(lang).into(),
        other => other.to_string(),
    }
}

/// A real number of an error as a page in `lang` shows it.
fn real(lang: Lang, x: f64) -> String {
    shown(lang, &Shown::Real(x))
}

/// What is wrong, in `lang`, without the field's path.
pub fn kind_text(lang: Lang, kind: &FieldErrorKind) -> String {
    if lang == Lang::En {
        return kind.to_string();
    }
    kind_words(lang, kind)
}

/// What is wrong, worded from the error table in `lang` (the English page shows `Display`,
/// which these words equal but for a parse error's, where it shows the parser's own).
fn kind_words(lang: Lang, kind: &FieldErrorKind) -> String {
    match kind {
        FieldErrorKind::Parse { line, column, syntax, .. } => {
            let what = if *syntax { E::ParseSyntax } else { E::ParseShape }.text(lang);
            // Where parsing stopped, when the parser knows (a shape error found after reading
            // the text has no position).
            if *line > 0 {
                say(lang, E::ParseAt, &[&what, line, column])
            } else {
                what.to_owned()
            }
        }
        FieldErrorKind::Schema { schema } => say(lang, E::Schema, &[schema]),
        FieldErrorKind::Outside { value, lo, hi, hi_open, of } => {
            let dots = if *hi_open { ".." } else { "..=" };
            let of = match of {
                None => "",
                Some(RangeOf::Horizon) => E::OfHorizon.text(lang),
                Some(RangeOf::ContactsPerDeal) => E::OfContacts.text(lang),
            };
            say(lang, E::Outside, &[&shown(lang, value), lo, &dots, hi, &of])
        }
        FieldErrorKind::AtLeast { value, lo } => say(lang, E::AtLeast, &[&real(lang, *value), lo]),
        FieldErrorKind::Positive { value } => say(lang, E::Positive, &[&real(lang, *value)]),
        FieldErrorKind::BelowMedian { value } => say(lang, E::BelowMedian, &[&real(lang, *value)]),
        FieldErrorKind::Empty => E::Empty.text(lang).into(),
        FieldErrorKind::StageCount { count } => {
            let (lo, hi) =
                (crate::sim::scenario::STAGES.start(), crate::sim::scenario::STAGES.end());
            say(lang, E::StageCount, &[count, lo, hi])
        }
        FieldErrorKind::CountsPerStage { given, stages } => {
            say(lang, E::CountsPerStage, &[given, stages])
        }
        FieldErrorKind::TooManyDeals { given, max } => say(lang, E::TooManyDeals, &[given, max]),
        FieldErrorKind::LastStagePrice => E::LastStagePrice.text(lang).into(),
        FieldErrorKind::ManyDecisions { stages } => say(lang, E::ManyDecisions, &[&list(stages)]),
    }
}

/// One field's error in `lang` as `path: what is wrong` (just the words when there is no path).
pub fn error_line(lang: Lang, e: &FieldError) -> String {
    let text = kind_text(lang, &e.kind);
    if e.path.is_empty() {
        text
    } else {
        format!("{}: {text}", e.path)
    }
}

/// A field shown scaled (a share in percent: `scale` 100) says its range in its own units,
/// e.g. "должно быть в пределах 0–100%"; any other error is worded as usual.
pub fn scaled_text(lang: Lang, kind: &FieldErrorKind, scale: f64) -> String {
    match kind {
        FieldErrorKind::Outside { lo: Shown::Real(lo), hi: Shown::Real(hi), .. } => {
            let shown = |x: f64| crate::ui::fields::show(x * scale);
            format!("{} {}–{}%", tr(lang, Phrase::RangeIs), shown(*lo), shown(*hi))
        }
        other => kind_text(lang, other),
    }
}

/// A refused run in `lang`: a refused setting as its field error, the work limits (MODEL.md's
/// bounded work) from their numbers; English is the engine's own one-line message.
pub fn run_error_text(lang: Lang, e: &RunError) -> String {
    if let Some(field) = e.field_error() {
        return error_line(lang, &field);
    }
    if lang == Lang::En {
        return e.to_string();
    }
    run_words(lang, e)
}

/// A refused run worded from the error table in `lang` (the English equals `Display`).
fn run_words(lang: Lang, e: &RunError) -> String {
    match e {
        RunError::TrialWork { deals, work } => say(
            lang,
            E::TrialWork,
            &[&format!("{deals:.0}"), &format!("{work:.0}"), &format!("{MAX_TRIAL_WORK:.0}")],
        ),
        RunError::PageWork { trials, most } => say(lang, E::PageWork, &[trials, most]),
        RunError::Variant(m) => say(lang, E::Variant, &[m]),
        RunError::Method(m) => say(lang, E::Method, &[&format!("{m:?}")]),
        RunError::Trials(_) | RunError::Tolerance(_) => e.to_string(),
    }
}

/// Why the exact path does not serve a scenario, in `lang`.
pub fn exact_error_text(lang: Lang, e: &ExactError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    exact_words(lang, e)
}

/// The exact path's refusal worded from the error table in `lang`, its numbers as the page in
/// `lang` writes them (the English, written plainly, equals `Display`).
fn exact_words(lang: Lang, e: &ExactError) -> String {
    match e {
        ExactError::Capacity => E::ExactCapacity.text(lang).into(),
        ExactError::GivenDeals => E::ExactGivenDeals.text(lang).into(),
        ExactError::Imprecise { error, cells } => {
            let n = Numbers(lang);
            let (cells, error, limit) = if lang == Lang::En {
                (
                    cells.to_string(),
                    format!("{:.2}", error * 100.0),
                    format!("{:.0}", REFUSE_ERROR * 100.0),
                )
            } else {
                (
                    n.grouped(*cells as f64),
                    n.decimal(error * 100.0, 2),
                    n.decimal(REFUSE_ERROR * 100.0, 0),
                )
            };
            say(lang, E::ExactImprecise, &[&cells, &error, &limit])
        }
        ExactError::Overflow => E::ExactOverflow.text(lang).into(),
        ExactError::Config(m) => say(lang, E::ExactConfig, &[m]),
    }
}

/// Why a worker could not do a job, in `lang`: typed errors worded here; the engine's own
/// words only where it gave nothing but words (an unreadable input, a study's refusal).
pub fn job_error_text(lang: Lang, e: &JobError) -> String {
    let en = lang == Lang::En;
    match e {
        JobError::Run(e) => run_error_text(lang, e),
        JobError::Exact(e) => exact_error_text(lang, e),
        JobError::Input(m) => say(lang, E::JobInput, &[m]),
        JobError::Study(m) => say(lang, E::JobStudy, &[m]),
        JobError::NoCalibration if en => e.to_string(),
        JobError::NoCalibration => E::NoCalibration.text(lang).into(),
        JobError::Worker(_) if en => e.to_string(),
        JobError::Worker(m) => say(lang, E::WorkerDown, &[m]),
    }
}

/// Why a link was refused, in `lang`.
pub fn link_error(lang: Lang, e: &ShareError) -> String {
    if lang == Lang::En {
        return e.to_string();
    }
    link_words(lang, e)
}

/// Why a link was refused, worded from the error table in `lang` (the English equals `Display`
/// but for a damaged link's decoder detail, which only the English page shows).
fn link_words(lang: Lang, e: &ShareError) -> String {
    match e {
        ShareError::NotALink => say(lang, E::NotALink, &[&LINK_PREFIX, &LINK_VERSION]),
        ShareError::UnknownVersion(v) => say(lang, E::UnknownVersion, &[v, &LINK_VERSION]),
        ShareError::TooLarge => say(lang, E::LinkTooLarge, &[&(MAX_DECODED_BYTES / 1024)]),
        ShareError::Malformed(_) | ShareError::Corrupt => E::LinkDamaged.text(lang).into(),
        ShareError::Truncated => E::LinkTruncated.text(lang).into(),
        ShareError::Payload(m) => say(lang, E::LinkPayload, &[m]),
        ShareError::Scenario(s) => {
            say(lang, E::LinkScenario, &[&scenario_lines(lang, s).join("; ")])
        }
        ShareError::Trials(n) => say(lang, E::LinkTrials, &[n, &MAX_TRIALS]),
        ShareError::View(v) => say(lang, E::LinkView, &[&format!("{v:?}")]),
        ShareError::TooLongForQr(n) => say(lang, E::LinkTooLongForQr, &[n]),
    }
}

/// Why a file was refused, one line per field, in `lang`.
pub fn file_error(lang: Lang, e: &FileError) -> Vec<String> {
    match (lang, e) {
        (Lang::En, FileError::TooLarge(_)) => vec![e.to_string()],
        (_, FileError::TooLarge(n)) => vec![say(lang, E::FileTooLarge, &[n, &MAX_FILE_BYTES])],
        (_, FileError::Scenario(s)) => {
            let whole = E::TheFile.text(lang);
            s.errors()
                .iter()
                .map(|f| {
                    if f.path.is_empty() {
                        format!("{whole}: {}", error_line(lang, f))
                    } else {
                        error_line(lang, f)
                    }
                })
                .collect()
        }
    }
}

/// Each field's error as `path: reason`.
fn scenario_lines(lang: Lang, e: &ScenarioError) -> Vec<String> {
    e.errors().iter().map(|f| error_line(lang, f)).collect()
}

/// A library error in `lang`; an unreadable library's text is kept aside under `kept_in`.
pub fn library_error(lang: Lang, e: &LibraryError, kept_in: &str) -> String {
    match (lang, e) {
        (Lang::En, e @ (LibraryError::Unreadable(_) | LibraryError::NewerVersion(_))) => {
            format!("{}; its text is kept aside in {kept_in}.", capitalise(&e.to_string()))
        }
        (Lang::En, e) => format!("{}.", capitalise(&e.to_string())),
        (_, e) => library_words(lang, e, kept_in),
    }
}

/// A library error worded from the error table in `lang` (the English equals what the English
/// page says, `Display` capitalised with a full stop, but for a newer library's, whose English
/// page also says which version it reads).
fn library_words(lang: Lang, e: &LibraryError, kept_in: &str) -> String {
    use crate::io::library::{MAX_ENTRIES, MAX_NAME_CHARS};
    match e {
        LibraryError::EmptyName => E::EmptyName.text(lang).into(),
        LibraryError::NameTooLong => say(lang, E::NameTooLong, &[&MAX_NAME_CHARS]),
        LibraryError::NameTaken(n) => say(lang, E::NameTaken, &[n]),
        LibraryError::NotFound(n) => say(lang, E::NotFound, &[n]),
        LibraryError::Full => say(lang, E::LibraryFull, &[&MAX_ENTRIES]),
        LibraryError::Unreadable(why) => say(lang, E::LibraryUnreadable, &[why, &kept_in]),
        LibraryError::NewerVersion(v) => say(lang, E::LibraryNewer, &[v, &kept_in]),
    }
}

/// `s` with its first letter upper-case.
fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The exact path's refusals and the workers' typed errors are Russian on a Russian page.
    #[test]
    fn exact_refusals_and_job_errors_are_worded_in_russian() {
        let exact = [
            ExactError::Capacity,
            ExactError::GivenDeals,
            ExactError::Imprecise { error: 0.0234, cells: 131_072 },
            ExactError::Overflow,
        ];
        for e in &exact {
            let ru = exact_error_text(Lang::Ru, e);
            let latin: String = ru.chars().filter(char::is_ascii_alphabetic).collect();
            // Only the field names the user types, and P of P(план), stay as they are.
            let latin = latin
                .replace("minutesperday", "")
                .replace("initialpipelinedeals", "")
                .replace('P', "");
            assert!(latin.is_empty(), "{ru}");
            assert_eq!(exact_error_text(Lang::En, e), e.to_string());
        }
        assert!(exact_error_text(Lang::Ru, &exact[2]).contains("±2,34\u{a0}п.\u{a0}п."));
        let work = JobError::Run(RunError::PageWork { trials: 3_000_000, most: 250_000 });
        assert_eq!(
            job_error_text(Lang::Ru, &work),
            run_error_text(Lang::Ru, &RunError::PageWork { trials: 3_000_000, most: 250_000 })
        );
        assert!(!job_error_text(Lang::Ru, &JobError::NoCalibration)
            .chars()
            .any(|c| c.is_ascii_alphabetic()));
        assert_eq!(
            job_error_text(Lang::En, &JobError::NoCalibration),
            JobError::NoCalibration.to_string()
        );
    }
    use crate::sim::{RunConfig, Scenario, ScenarioSpec};

    /// The work limits are worded in Russian from their numbers, with no English left.
    #[test]
    fn work_limits_are_worded_in_russian() {
        for e in [
            RunError::TrialWork { deals: 36_600_000.0, work: 36_600_000.0 },
            RunError::PageWork { trials: 3_000_000, most: 250_000 },
        ] {
            let ru = run_error_text(Lang::Ru, &e);
            assert!(!ru.chars().any(|c| c.is_ascii_alphabetic()), "{ru}");
            assert_eq!(run_error_text(Lang::En, &e), e.to_string());
        }
        let ru = run_error_text(Lang::Ru, &RunError::PageWork { trials: 3_000_000, most: 250_000 });
        assert!(ru.contains("3000000") && ru.contains("250000"), "{ru}");
    }

    /// One example of every kind; the match below does not compile when a kind is added.
    fn examples() -> Vec<FieldErrorKind> {
        use FieldErrorKind as K;
        let (n, r) = (Shown::Int, Shown::Real);
        let all = vec![
            K::Parse { message: "expected value".into(), line: 2, column: 5, syntax: true },
            K::Parse { message: "missing field `plan`".into(), line: 9, column: 1, syntax: false },
            K::Schema { schema: 3 },
            K::Outside { value: r(1.3), lo: r(0.0), hi: r(1.0), hi_open: false, of: None },
            K::Outside { value: r(f64::NAN), lo: r(0.0), hi: r(1.0), hi_open: true, of: None },
            K::Outside {
                value: n(22),
                lo: n(1),
                hi: n(21),
                hi_open: false,
                of: Some(RangeOf::Horizon),
            },
            K::Outside {
                value: n(9),
                lo: n(1),
                hi: n(5),
                hi_open: false,
                of: Some(RangeOf::ContactsPerDeal),
            },
            K::AtLeast { value: 0.5, lo: 1.0 },
            K::Positive { value: f64::INFINITY },
            K::BelowMedian { value: 100.0 },
            K::Empty,
            K::StageCount { count: 11 },
            K::CountsPerStage { given: 2, stages: 4 },
            K::TooManyDeals { given: 1_000_001, max: 1_000_000 },
            K::LastStagePrice,
            K::ManyDecisions { stages: vec![1, 3] },
        ];
        let mut seen = [false; 12];
        for k in &all {
            let i = match k {
                K::Parse { .. } => 0,
                K::Schema { .. } => 1,
                K::Outside { .. } => 2,
                K::AtLeast { .. } => 3,
                K::Positive { .. } => 4,
                K::BelowMedian { .. } => 5,
                K::Empty => 6,
                K::StageCount { .. } => 7,
                K::CountsPerStage { .. } => 8,
                K::TooManyDeals { .. } => 9,
                K::LastStagePrice => 10,
                K::ManyDecisions { .. } => 11,
            };
            seen[i] = true;
        }
        assert!(seen.iter().all(|&s| s), "an example of every kind");
        all
    }

    /// Latin words of three letters or more, other than names the Russian page keeps.
    fn english_words(text: &str) -> Vec<&str> {
        text.split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 3 && *w != "JSON")
            .collect()
    }

    #[test]
    fn every_kind_has_russian_and_english_words() {
        for k in examples() {
            let (ru, en) = (kind_text(Lang::Ru, &k), kind_text(Lang::En, &k));
            assert!(!ru.trim().is_empty() && !en.trim().is_empty(), "{k:?}");
            assert_ne!(ru, en, "{k:?}");
            assert_eq!(en, k.to_string(), "English is the engine's message");
            assert_eq!(english_words(&ru), Vec::<&str>::new(), "{k:?}: {ru}");
        }
    }

    /// The error table's English is the words `Display` prints, for every kind (a parse error's
    /// English page shows the parser's own message instead), every refused run and every
    /// refusal of the exact path.
    #[test]
    fn the_tables_english_is_what_display_prints() {
        for k in examples() {
            if !matches!(k, FieldErrorKind::Parse { .. }) {
                assert_eq!(kind_words(Lang::En, &k), k.to_string(), "{k:?}");
            }
        }
        for e in [
            RunError::TrialWork { deals: 36_600_000.0, work: 36_612_345.6 },
            RunError::PageWork { trials: 3_000_000, most: 250_000 },
            RunError::Variant("stages[0].conversion: 2 is outside 0..=1".into()),
            RunError::Method(crate::sim::trial::Method::PerDeal),
        ] {
            assert_eq!(run_words(Lang::En, &e), e.to_string());
        }
        for e in [
            ExactError::Capacity,
            ExactError::GivenDeals,
            ExactError::Imprecise { error: 0.0234, cells: 131_072 },
            ExactError::Overflow,
            ExactError::Config("grid".into()),
        ] {
            assert_eq!(exact_words(Lang::En, &e), e.to_string());
        }
        assert_eq!(E::NoCalibration.text(Lang::En), JobError::NoCalibration.to_string());
        assert_eq!(
            say(Lang::En, E::WorkerDown, &[&"blocked"]),
            JobError::Worker("blocked".into()).to_string()
        );
    }

    #[test]
    fn russian_keeps_the_numbers() {
        let k = FieldErrorKind::Outside {
            value: Shown::Int(22),
            lo: Shown::Int(1),
            hi: Shown::Int(21),
            hi_open: false,
            of: Some(RangeOf::Horizon),
        };
        assert_eq!(kind_text(Lang::Ru, &k), "22 вне диапазона 1..=21 (горизонт)");
        assert_eq!(kind_text(Lang::En, &k), "22 is outside 1..=21 (the horizon)");
        let k = FieldErrorKind::AtLeast { value: f64::NAN, lo: 1.0 };
        assert_eq!(kind_text(Lang::Ru, &k), "не число должно быть числом ≥ 1");
    }

    fn invalid_scenario() -> ScenarioSpec {
        let p = crate::sim::preset("default").expect("default preset");
        let mut s = ScenarioSpec::from_json(p.json).expect("parses");
        s.plan = 0.0;
        s.horizon_days = 400;
        s.currency = " ".into();
        s.stages[0].conversion = 1.3;
        s.stages[1].mean_days = f64::NAN;
        s.stages[1].name = String::new();
        s.budget.p90 = 1.0;
        s.levers.contacts_worked = 99;
        s.levers.rework_per_day = 1.0;
        for st in &mut s.stages {
            st.decision = true;
        }
        s.stages.last_mut().expect("stages").price = Some(s.budget.clone());
        s
    }

    #[test]
    fn a_russian_page_shows_no_english_message() {
        let errors = Scenario::new(invalid_scenario()).expect_err("invalid").errors();
        assert!(errors.len() >= 10, "{errors:?}");
        for e in &errors {
            let ru = error_line(Lang::Ru, e);
            let words = kind_text(Lang::Ru, &e.kind);
            assert_eq!(english_words(&words), Vec::<&str>::new(), "{ru}");
            assert!(!ru.contains(&e.message()), "{ru} holds the English {}", e.message());
            assert_eq!(
                error_line(Lang::En, e),
                e.to_string(),
                "English as the command line says it"
            );
        }
        // The run settings too, checked by the engine's RunConfig::validate.
        let settings = crate::ui::settings::parse_config("0", "x").expect_err("invalid");
        assert_eq!(settings.len(), 2);
        for e in &settings {
            let words = kind_text(Lang::Ru, &e.kind);
            assert_eq!(english_words(&words), Vec::<&str>::new(), "{e}");
        }
        assert!(RunConfig::default().validate().is_ok());
    }

    #[test]
    fn a_russian_parse_error_says_what_and_where() {
        let ru = |text: &str| {
            let e = ScenarioSpec::from_json(text).expect_err("bad");
            let lines = e.errors().iter().map(|f| error_line(Lang::Ru, f)).collect::<Vec<_>>();
            assert_eq!(lines.len(), 1);
            lines[0].clone()
        };
        let shape = ru("{\"schema\": 2,\n  \"plan\": \"many\"}");
        assert!(shape.starts_with("plan: JSON не того вида"), "{shape}");
        let syntax = ru("{\"schema\": 2,\n  \"plan\": }");
        assert_eq!(syntax, "plan: текст — не JSON (строка 2, столбец 11)");
    }

    #[test]
    fn a_percent_field_says_its_range_in_percent() {
        let k = FieldErrorKind::Outside {
            value: Shown::Real(1.3),
            lo: Shown::Real(0.0),
            hi: Shown::Real(1.0),
            hi_open: false,
            of: None,
        };
        assert_eq!(scaled_text(Lang::Ru, &k, 100.0), "должно быть в пределах 0–100%");
        assert_eq!(scaled_text(Lang::En, &k, 100.0), "must be within 0–100%");
    }

    /// Every refusal is worded in both languages, and the table's English is what `Display`
    /// prints (a damaged link's decoder detail aside, which only the English page shows).
    #[test]
    fn refusals_are_worded_and_the_english_is_display() {
        let scenario = crate::sim::ScenarioSpec::from_json("{").expect_err("not JSON");
        let all = [
            ShareError::NotALink,
            ShareError::UnknownVersion("7".into()),
            ShareError::TooLarge,
            ShareError::Malformed("bad byte".into()),
            ShareError::Truncated,
            ShareError::Corrupt,
            ShareError::Payload("missing field `v`".into()),
            ShareError::Scenario(scenario),
            ShareError::Trials(0),
            ShareError::View("nowhere".into()),
            ShareError::TooLongForQr(4000),
        ];
        for e in &all {
            let ru = link_error(Lang::Ru, e);
            assert!(ru.chars().any(|c| matches!(c, 'а'..='я')), "{ru}");
            assert_eq!(link_error(Lang::En, e), e.to_string());
            if !matches!(e, ShareError::Malformed(_) | ShareError::Scenario(_)) {
                assert_eq!(link_words(Lang::En, e), e.to_string(), "{e:?}");
            }
        }
        assert_eq!(
            link_error(Lang::Ru, &all[0]),
            "это не ссылка Funnel Lab (в ней должно быть #/s/1/…)."
        );
        let big = FileError::TooLarge(2_000_000);
        assert_eq!(file_error(Lang::En, &big), [big.to_string()]);
        assert_eq!(say(Lang::En, E::FileTooLarge, &[&2_000_000, &MAX_FILE_BYTES]), big.to_string());
        assert!(file_error(Lang::Ru, &big)[0].starts_with("файл весит 2000000 байт"));
    }

    /// Where the library page keeps an unreadable library's text.
    const KEPT: &str = "funnel-lab.library.unreadable";

    /// Every library error is worded in both languages; the table's English is what the English
    /// page says (a newer library's aside, whose English also names the version read).
    #[test]
    fn library_errors_are_worded_and_the_english_is_the_pages() {
        let all = [
            LibraryError::EmptyName,
            LibraryError::NameTooLong,
            LibraryError::NameTaken("Q3".into()),
            LibraryError::NotFound("Q4".into()),
            LibraryError::Full,
            LibraryError::Unreadable("expected value".into()),
            LibraryError::NewerVersion(9),
        ];
        for e in &all {
            let ru = library_error(Lang::Ru, e, KEPT);
            assert!(ru.chars().any(|c| matches!(c, 'а'..='я')), "{ru}");
            if !matches!(e, LibraryError::NewerVersion(_)) {
                assert_eq!(
                    library_words(Lang::En, e, KEPT),
                    library_error(Lang::En, e, KEPT),
                    "{e:?}"
                );
            }
        }
        assert_eq!(library_error(Lang::Ru, &all[2], KEPT), "Имя «Q3» уже занято.");
        assert_eq!(
            library_error(Lang::Ru, &all[6], KEPT),
            "Библиотека записана более новой версией (9); её текст отложен в funnel-lab.library.unreadable."
        );
    }
}
