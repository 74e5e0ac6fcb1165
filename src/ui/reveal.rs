//! What a lesson's reveal shows, as plain data: the room's guesses, each arm's bar and
//! distribution, the one-number columns, and the per-stage tables (true against recorded
//! conversion; the checkpoint against the plan shape; the mid-month check along its
//! tolerances). The page only wires signals to these functions, so they are tested natively.
//! A number that does not exist is shown as [`DASH`].

use crate::charts::{CurveLine, CurvePoint, OverlaySeries, RevealBar};
use crate::content::lessons::Metric;
use crate::sim::report::{CheckBasis, ShapeCurvePoint, WarningScore};
use crate::sim::Report;
use crate::words::format::{compact, percent, percent_or_dash, Numbers};
use crate::words::i18n::Phrase;
use crate::words::text::Named;

/// Shown for a number that does not exist.
pub const DASH: &str = "—";

/// A recorded conversion at least this far (as a share) from the true one is highlighted.
pub const GAP_HIGHLIGHT: f64 = 0.005;

/// Tolerances closer than this are the same point of the curve.
const SAME_TOLERANCE: f64 = 1e-6;

/// A guess typed by the room, in percent (`60`, `60%`, `60,5`), as a share; `None` when it is
/// empty, not a number, or outside 0–100%.
pub fn parse_guess(text: &str) -> Option<f64> {
    let t = text.trim().trim_end_matches('%').trim().replace(',', ".");
    let v: f64 = t.parse().ok()?;
    (0.0..=100.0).contains(&v).then_some(v / 100.0)
}

/// Whether a metric is one number per arm (a column of the reveal table); the others are
/// tables of their own under it.
pub fn is_column(m: Metric) -> bool {
    !matches!(
        m,
        Metric::RecordedConversion
            | Metric::CheckpointVsPlan
            | Metric::WarnShapeCurve
            | Metric::MidMonthStudy
    )
}

/// The interface word naming a metric (its key is the detail section's test id).
pub fn metric_key(m: Metric) -> Phrase {
    match m {
        Metric::PPlan => Phrase::PPlan,
        Metric::Mean => Phrase::Revenue,
        Metric::P10 => Phrase::P10Short,
        Metric::P90 => Phrase::P90Short,
        Metric::Wins => Phrase::Wins,
        Metric::Pipeline => Phrase::Pipeline,
        Metric::Conversion => Phrase::ConversionTotal,
        Metric::ForecastBias => Phrase::ForecastBias,
        Metric::Mape => Phrase::Mape,
        Metric::WarnShape => Phrase::WarnShape,
        Metric::WarnForecast => Phrase::WarnForecast,
        Metric::RecordedConversion => Phrase::RecordedVsTrue,
        Metric::CheckpointVsPlan => Phrase::CheckpointVsPlan,
        Metric::WarnShapeCurve => Phrase::WarnCurve,
        Metric::MidMonthStudy => Phrase::MidMonthStudy,
    }
}

fn score_pair(w: &WarningScore) -> String {
    format!("{} / {}", percent_or_dash(w.precision), percent_or_dash(w.recall))
}

/// One arm's cell of a column metric, with `sep` between thousands; empty for a table metric.
pub fn metric_cell(m: Metric, r: &Report, n: Numbers) -> String {
    match m {
        Metric::Mean => n.grouped(r.revenue.mean),
        Metric::P10 => n.grouped(r.revenue.p10),
        Metric::P90 => n.grouped(r.revenue.p90),
        // The rest have no thousands: written with a decimal point, then in the page's language.
        _ => n.localize(&point_cell(m, r)),
    }
}

/// A one-number metric with a decimal point (see [`metric_cell`]).
fn point_cell(m: Metric, r: &Report) -> String {
    match m {
        Metric::PPlan => percent(r.p_plan),
        Metric::Mean | Metric::P10 | Metric::P90 => String::new(),
        Metric::Wins => format!("{:.1}", r.wins.mean),
        Metric::Pipeline => {
            format!("{:.1}", r.stages.iter().map(|s| s.checkpoint_count).sum::<f64>())
        }
        Metric::Conversion => {
            let exits = r.wins.mean + r.losses.mean;
            if exits > 0.0 {
                percent(r.wins.mean / exits)
            } else {
                DASH.into()
            }
        }
        Metric::ForecastBias => {
            r.forecast.bias_relative.map_or(DASH.into(), |b| format!("{:+.1}%", b * 100.0))
        }
        Metric::Mape => percent_or_dash(r.forecast.mape),
        Metric::WarnShape => score_pair(&r.forecast.warn_shape),
        Metric::WarnForecast => score_pair(&r.forecast.warn_forecast),
        Metric::RecordedConversion
        | Metric::CheckpointVsPlan
        | Metric::WarnShapeCurve
        | Metric::MidMonthStudy => String::new(),
    }
}

/// The reveal's bars, once every arm has its report: labels, reports, paired differences and
/// guesses are per arm, baseline first.
pub fn bars(
    labels: &[String],
    reports: &[Option<Report>],
    deltas: &[Option<(f64, f64)>],
    guesses: &[Option<f64>],
) -> Option<Vec<RevealBar>> {
    if reports.is_empty() {
        return None;
    }
    labels
        .iter()
        .zip(reports)
        .enumerate()
        .map(|(i, (label, r))| {
            let r = r.as_ref()?;
            Some(RevealBar {
                label: label.clone(),
                p: r.p_plan,
                se: r.p_plan_se,
                guess: guesses.get(i).copied().flatten(),
                delta: if i == 0 { None } else { deltas.get(i).copied().flatten() },
            })
        })
        .collect()
}

/// The arms' attainment distributions, once every arm has its report.
pub fn overlay(labels: &[String], reports: &[Option<Report>]) -> Option<Vec<OverlaySeries>> {
    if reports.is_empty() {
        return None;
    }
    labels
        .iter()
        .zip(reports)
        .map(|(label, r)| {
            let r = r.as_ref()?;
            Some(OverlaySeries { label: label.clone(), histogram: r.attainment.clone() })
        })
        .collect()
}

/// One stage of "true against recorded conversion".
#[derive(Clone, Debug, PartialEq)]
pub struct ConversionRow {
    /// Stage name.
    pub stage: String,
    /// The true conversion.
    pub truth: String,
    /// What the record shows.
    pub recorded: String,
    /// Recorded − true, in percentage points.
    pub gap: String,
    /// Whether the gap is at least [`GAP_HIGHLIGHT`].
    pub highlight: bool,
}

/// Per stage, the true conversion beside the recorded one, named and written in `n`'s language.
pub fn conversion_rows(r: &Report, n: Numbers) -> Vec<ConversionRow> {
    r.stages
        .iter()
        .map(|st| {
            let gap = st.conversion.zip(st.recorded_conversion).map(|(t, rec)| rec - t);
            ConversionRow {
                stage: st.name_in(n.0).to_owned(),
                truth: n.percent_or_dash(st.conversion),
                recorded: n.percent_or_dash(st.recorded_conversion),
                gap: gap.map_or(DASH.into(), |g| n.points(g)),
                highlight: gap.is_some_and(|g| g.abs() >= GAP_HIGHLIGHT),
            }
        })
        .collect()
}

/// One stage of "the checkpoint against the plan shape".
#[derive(Clone, Debug, PartialEq)]
pub struct CheckpointRow {
    /// Stage name.
    pub stage: String,
    /// Mean deals at the end of the checkpoint day.
    pub count: String,
    /// Deals the plan shape asks for.
    pub plan_count: String,
    /// Mean budget at the end of the checkpoint day.
    pub budget: String,
    /// Budget the plan shape asks for.
    pub plan_budget: String,
    /// The count is below its plan shape.
    pub count_short: bool,
    /// The budget is below its plan shape.
    pub budget_short: bool,
}

/// Per stage, the mean deals and budget at the checkpoint beside the plan shape. A plan
/// shape of 0 is not checked (the posts' check skips it too), so it is never "short". Names and
/// numbers are in `n`'s language; "short" is judged on the English text, the same numbers.
pub fn checkpoint_rows(r: &Report, n: Numbers) -> Vec<CheckpointRow> {
    let money = |x: f64| if x.is_finite() { compact(x) } else { DASH.into() };
    let count = |x: f64| if x.is_finite() { format!("{x:.1}") } else { DASH.into() };
    let shown_money = |x: f64| if x.is_finite() { n.compact(x) } else { DASH.into() };
    let shown_count = |x: f64| if x.is_finite() { n.decimal(x, 1) } else { DASH.into() };
    r.stages
        .iter()
        .map(|st| CheckpointRow {
            stage: st.name_in(n.0).to_owned(),
            count: shown_count(st.checkpoint_count),
            plan_count: shown_count(st.plan_shape_count),
            budget: shown_money(st.checkpoint_budget),
            plan_budget: shown_money(st.plan_shape_budget),
            count_short: st.plan_shape_count > 0.0
                && below(&count(st.checkpoint_count), &count(st.plan_shape_count)),
            budget_short: st.plan_shape_budget > 0.0
                && below(&money(st.checkpoint_budget), &money(st.plan_shape_budget)),
        })
        .collect()
}

/// Whether the number shown as `value` is below the one shown as `plan` (`16.2`, `3.2M`,
/// `350k`): a cell is marked short by what the reader sees, so two equal numbers are never one
/// red and one not. A dash (no number) is never below anything.
fn below(value: &str, plan: &str) -> bool {
    match (shown_number(value), shown_number(plan)) {
        (Some(v), Some(p)) => v < p,
        _ => false,
    }
}

/// The number a cell shows, with `compact`'s suffixes read back.
fn shown_number(text: &str) -> Option<f64> {
    let (digits, scale) = match text.chars().last()? {
        'k' => (&text[..text.len() - 1], 1e3),
        'M' => (&text[..text.len() - 1], 1e6),
        'B' => (&text[..text.len() - 1], 1e9),
        _ => (text, 1.0),
    };
    digits.parse::<f64>().ok().map(|x| x * scale)
}

/// The curve as lines to draw: both numbers, count only, budget only (each present only if the
/// report has points for it), each by tolerance ascending.
pub fn curve_lines(curve: &[ShapeCurvePoint]) -> Vec<CurveLine> {
    [CheckBasis::Both, CheckBasis::Count, CheckBasis::Budget]
        .into_iter()
        .filter_map(|basis| {
            let mut points: Vec<CurvePoint> = curve
                .iter()
                .filter(|p| p.basis == basis && p.tolerance.is_finite())
                .map(|p| CurvePoint {
                    tolerance: p.tolerance,
                    precision: p.precision,
                    recall: p.recall,
                })
                .collect();
            points.sort_by(|a, b| a.tolerance.total_cmp(&b.tolerance));
            (!points.is_empty()).then_some(CurveLine { basis, points })
        })
        .collect()
}

/// Which warning a row of the check table scores.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// The posts' mid-month check on these numbers, at tolerance 0.
    Shape(CheckBasis),
    /// "Forecast below plan".
    Forecast,
}

/// A warning's scores in words.
#[derive(Clone, Debug, PartialEq)]
pub struct CheckRow {
    /// Which warning.
    pub check: Check,
    /// Share of warnings followed by a missed plan.
    pub precision: String,
    /// Share of missed plans warned of.
    pub recall: String,
    /// Share of trials warned in.
    pub rate: String,
}

fn check_row(
    n: Numbers,
    check: Check,
    precision: Option<f64>,
    recall: Option<f64>,
    rate: Option<f64>,
) -> CheckRow {
    CheckRow {
        check,
        precision: n.percent_or_dash(precision),
        recall: n.percent_or_dash(recall),
        rate: n.percent_or_dash(rate),
    }
}

/// The check at tolerance 0 on each basis, then the forecast warning beside it. Without a
/// curve point, the two-number row falls back to the report's own check when its tolerance is
/// 0, else shows dashes. Numbers are written as `n` writes them.
pub fn check_rows(r: &Report, n: Numbers) -> Vec<CheckRow> {
    let at_zero = |basis: CheckBasis| {
        r.forecast
            .warn_shape_curve
            .iter()
            .find(|p| p.basis == basis && p.tolerance.abs() < SAME_TOLERANCE)
    };
    let mut rows: Vec<CheckRow> = [CheckBasis::Both, CheckBasis::Count, CheckBasis::Budget]
        .into_iter()
        .map(|basis| match at_zero(basis) {
            Some(p) => check_row(n, Check::Shape(basis), p.precision, p.recall, p.rate),
            None if basis == CheckBasis::Both
                && r.forecast.shape_tolerance.abs() < SAME_TOLERANCE =>
            {
                let w = &r.forecast.warn_shape;
                check_row(n, Check::Shape(basis), w.precision, w.recall, w.rate)
            }
            None => check_row(n, Check::Shape(basis), None, None, None),
        })
        .collect();
    let w = &r.forecast.warn_forecast;
    rows.push(check_row(n, Check::Forecast, w.precision, w.recall, w.rate));
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::Job;
    use crate::sim::{preset, RunConfig, Simulation};
    use crate::words::i18n::Lang;

    fn report() -> Report {
        let s = preset("default").and_then(|p| p.scenario().ok()).expect("default");
        Simulation::new(s, RunConfig { trials: 500, ..RunConfig::default() }).expect("ok").run()
    }

    #[test]
    fn guesses_parse_in_percent() {
        assert_eq!(parse_guess("60"), Some(0.6));
        assert_eq!(parse_guess(" 45 % "), Some(0.45));
        assert_eq!(parse_guess("62,5"), Some(0.625));
        assert_eq!(parse_guess("0"), Some(0.0));
        assert_eq!(parse_guess(""), None);
        assert_eq!(parse_guess("abc"), None);
        assert_eq!(parse_guess("150"), None);
        assert_eq!(parse_guess("-5"), None);
    }

    #[test]
    fn table_metrics_are_not_columns() {
        assert!(is_column(Metric::PPlan) && is_column(Metric::WarnForecast));
        for m in [
            Metric::RecordedConversion,
            Metric::CheckpointVsPlan,
            Metric::WarnShapeCurve,
            Metric::MidMonthStudy,
        ] {
            assert!(!is_column(m));
            assert_eq!(metric_cell(m, &report(), Numbers::default()), "");
        }
    }

    #[test]
    fn bars_wait_for_every_arm() {
        let r = report();
        let labels = vec!["a".to_owned(), "b".to_owned()];
        let guesses = [Some(0.6), None];
        assert_eq!(bars(&labels, &[Some(r.clone()), None], &[None, None], &guesses), None);
        assert_eq!(bars(&labels, &[], &[], &guesses), None);
        let got = bars(
            &labels,
            &[Some(r.clone()), Some(r.clone())],
            &[None, Some((-0.1, 0.01))],
            &guesses,
        )
        .expect("both arms");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].guess, Some(0.6));
        assert_eq!(got[0].delta, None, "the baseline has no difference");
        assert_eq!(got[1].delta, Some((-0.1, 0.01)));
        assert_eq!(got[1].guess, None);
        let (lo, hi) = got[0].interval();
        assert!(lo < r.p_plan && r.p_plan < hi);
        assert_eq!(got[1].delta_text(Numbers::default()).as_deref(), Some("Δ -10.0 ± 2.0\u{a0}pp"));
        assert_eq!(got[0].delta_text(Numbers::default()), None);
        assert_eq!(overlay(&labels, &[Some(r.clone()), Some(r)]).map(|o| o.len()), Some(2));
    }

    #[test]
    fn conversion_gap_is_highlighted_and_missing_is_a_dash() {
        let mut r = report();
        r.stages[0].conversion = Some(0.5);
        r.stages[0].recorded_conversion = Some(0.6);
        r.stages[1].conversion = Some(0.5);
        r.stages[1].recorded_conversion = Some(0.501);
        r.stages[2].conversion = None;
        r.stages[2].recorded_conversion = Some(0.4);
        let rows = conversion_rows(&r, Numbers::default());
        assert_eq!(rows.len(), r.stages.len());
        assert_eq!((rows[0].truth.as_str(), rows[0].recorded.as_str()), ("50.0%", "60.0%"));
        assert_eq!(rows[0].gap, "+10.0\u{a0}pp");
        let ru = conversion_rows(&r, Numbers(Lang::Ru));
        assert_eq!((ru[0].truth.as_str(), ru[0].gap.as_str()), ("50,0%", "+10,0\u{a0}п.\u{a0}п."));
        assert!(rows[0].highlight);
        assert!(!rows[1].highlight, "a tenth of a point is noise");
        assert_eq!((rows[2].truth.as_str(), rows[2].gap.as_str()), (DASH, DASH));
        assert!(!rows[2].highlight);
    }

    #[test]
    fn checkpoint_short_of_plan_shape_is_marked() {
        let mut r = report();
        r.stages[0].checkpoint_count = 3.0;
        r.stages[0].plan_shape_count = 4.0;
        r.stages[0].checkpoint_budget = 5e6;
        r.stages[0].plan_shape_budget = 4e6;
        r.stages[1].plan_shape_count = 0.0;
        r.stages[1].plan_shape_budget = 0.0;
        let rows = checkpoint_rows(&r, Numbers::default());
        assert_eq!((rows[0].count.as_str(), rows[0].plan_count.as_str()), ("3.0", "4.0"));
        assert_eq!((rows[0].budget.as_str(), rows[0].plan_budget.as_str()), ("5M", "4M"));
        assert!(rows[0].count_short && !rows[0].budget_short);
        assert!(!rows[1].count_short && !rows[1].budget_short, "a zero plan shape is not checked");
    }

    #[test]
    fn a_checkpoint_cell_is_short_only_when_its_shown_number_is_below_the_plan_shapes() {
        let mut r = report();
        // 16.21 and 16.24 both show as 16.2; 3.21M and 3.24M both as 3.2M: nothing to mark.
        r.stages[0].checkpoint_count = 16.21;
        r.stages[0].plan_shape_count = 16.24;
        r.stages[0].checkpoint_budget = 3.21e6;
        r.stages[0].plan_shape_budget = 3.24e6;
        // 16.14 shows as 16.1 and 3.14M as 3.1M: below what the plan shape shows.
        r.stages[1].checkpoint_count = 16.14;
        r.stages[1].plan_shape_count = 16.16;
        r.stages[1].checkpoint_budget = 3.14e6;
        r.stages[1].plan_shape_budget = 3.16e6;
        let rows = checkpoint_rows(&r, Numbers::default());
        assert_eq!((rows[0].count.as_str(), rows[0].plan_count.as_str()), ("16.2", "16.2"));
        assert_eq!((rows[0].budget.as_str(), rows[0].plan_budget.as_str()), ("3.2M", "3.2M"));
        assert!(!rows[0].count_short && !rows[0].budget_short, "{:?}", rows[0]);
        assert_eq!((rows[1].count.as_str(), rows[1].plan_count.as_str()), ("16.1", "16.2"));
        assert_eq!((rows[1].budget.as_str(), rows[1].plan_budget.as_str()), ("3.1M", "3.2M"));
        assert!(rows[1].count_short && rows[1].budget_short, "{:?}", rows[1]);
        // Russian shows the same numbers in its own way and marks the same cells.
        let ru = checkpoint_rows(&r, Numbers(Lang::Ru));
        assert_eq!((ru[1].count.as_str(), ru[1].budget.as_str()), ("16,1", "3,1\u{a0}млн"));
        assert!(ru[1].count_short && ru[1].budget_short && !ru[0].count_short);
    }

    fn point(tolerance: f64, basis: CheckBasis, p: Option<f64>) -> ShapeCurvePoint {
        ShapeCurvePoint { tolerance, basis, precision: p, recall: p, rate: p }
    }

    #[test]
    fn curve_splits_by_basis_in_tolerance_order() {
        let curve = vec![
            point(0.1, CheckBasis::Both, Some(0.7)),
            point(0.0, CheckBasis::Both, Some(0.6)),
            point(0.0, CheckBasis::Budget, None),
        ];
        let lines = curve_lines(&curve);
        assert_eq!(lines.len(), 2, "no count-only points, no count-only line");
        assert_eq!(lines[0].basis, CheckBasis::Both);
        assert_eq!(lines[0].points.iter().map(|p| p.tolerance).collect::<Vec<_>>(), [0.0, 0.1]);
        assert_eq!(lines[1].basis, CheckBasis::Budget);
        assert!(curve_lines(&[]).is_empty());
    }

    #[test]
    fn check_rows_read_tolerance_zero_and_degrade_to_dashes() {
        let mut r = report();
        r.forecast.warn_shape_curve = vec![
            point(0.0, CheckBasis::Count, Some(0.25)),
            point(0.2, CheckBasis::Count, Some(0.9)),
        ];
        r.forecast.shape_tolerance = 0.0;
        r.forecast.warn_shape =
            WarningScore { precision: Some(0.5), recall: None, rate: Some(0.1) };
        let rows = check_rows(&r, Numbers::default());
        assert_eq!(rows.len(), 4);
        assert_eq!(rows[0].check, Check::Shape(CheckBasis::Both));
        assert_eq!((rows[0].precision.as_str(), rows[0].recall.as_str()), ("50.0%", DASH));
        assert_eq!(rows[1].precision, "25.0%", "count only at tolerance 0, not 0.2");
        assert_eq!((rows[2].precision.as_str(), rows[2].rate.as_str()), (DASH, DASH));
        assert_eq!(rows[3].check, Check::Forecast);
        r.forecast.shape_tolerance = 0.2;
        assert_eq!(
            check_rows(&r, Numbers::default())[0].precision,
            DASH,
            "the report's check is at another tolerance"
        );
    }
}
