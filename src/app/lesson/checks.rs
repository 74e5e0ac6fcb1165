//! One arm's mid-month check: precision and recall along the tolerance (the posts' two numbers
//! solid, one number dashed or dotted), and the numbers at tolerance 0 beside the forecast
//! warning.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::state::AppState;
use crate::app::widgets::chart::PlotCanvas;
use crate::charts::{draw_warn_curve, ChartText, CurveLine};
use crate::sim::report::CheckBasis;
use crate::ui::reveal::{check_rows, curve_lines, Check};
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;

fn check_phrase(check: Check) -> Phrase {
    match check {
        Check::Shape(CheckBasis::Both) => Phrase::BasisBoth,
        Check::Shape(CheckBasis::Count) => Phrase::BasisCount,
        Check::Shape(CheckBasis::Budget) => Phrase::BasisBudget,
        Check::Forecast => Phrase::WarnForecastShort,
    }
}

fn check_name(lang: Lang, check: Check) -> &'static str {
    tr(lang, check_phrase(check))
}

/// The curve and the table at tolerance 0 for arm `n`.
#[component]
pub fn CheckPanel(n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let curve = Signal::derive(move || {
        let l = lang.get();
        let lines = state.lesson.reports().with(|v| {
            v.get(n).and_then(Option::as_ref).map(|r| curve_lines(&r.forecast.warn_shape_curve))
        })?;
        let legend = [
            Phrase::Precision,
            Phrase::Recall,
            Phrase::BasisBoth,
            Phrase::BasisCount,
            Phrase::BasisBudget,
        ]
        .map(|k| tr(l, k).to_owned())
        .to_vec();
        Some((
            lines,
            ChartText {
                title: tr(l, Phrase::WarnCurve).into(),
                day: tr(l, Phrase::Tolerance).into(),
                legend,
                numbers: crate::words::format::Numbers(l),
                ..ChartText::default()
            },
        ))
    });
    let rows = move || {
        state
            .lesson
            .reports()
            .with(|v| v.get(n).and_then(Option::as_ref).map(|r| check_rows(r, Numbers(lang.get()))))
    };
    let th = move |k: Phrase| view! { <th>{move || tr(lang.get(), k)}</th> };
    view! {
        <div class="check-panel">
            <PlotCanvas data=curve testid="lesson-curve" class="curve-chart"
                draw=|area, (lines, t): &(Vec<CurveLine>, ChartText), s| draw_warn_curve(area, lines, t, s)
                describe=|(lines, t), en| crate::charts::alt::curve(en, lines, t) />
            <table class="stages-table" data-testid="check-table">
                <thead><tr>{th(Phrase::AtZero)}{th(Phrase::Precision)}{th(Phrase::Recall)}{th(Phrase::FiringRate)}</tr></thead>
                <tbody>
                    {move || rows().unwrap_or_default().into_iter().map(|r| view! {
                        <tr class:forecast=r.check == Check::Forecast>
                            <td>{move || check_name(lang.get(), r.check)}</td>
                            <td>{r.precision}</td><td>{r.recall}</td><td>{r.rate}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
