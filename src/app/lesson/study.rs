//! The mid-month lesson's study on its reveal: the post's two claims tested once
//! ([`crate::ui::midmonth_view`]): the reliability chart of P(plan | the checkpoint's record)
//! and the numbers in words.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::state::AppState;
use crate::app::widgets::chart::PlotCanvas;
use crate::charts::{draw_reliability, ChartText, ReliabilityPoint};
use crate::ui::midmonth_view::{points, sentences, shipped};
use crate::words::i18n::Phrase;

/// The chart and the sentences.
#[component]
pub fn StudyPanel() -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let Some(study) = shipped() else { return view! { <p>"—"</p> }.into_any() };
    let pts = points(&study);
    let chart = Signal::derive(move || {
        let l = lang.get();
        let legend = [Phrase::ReliabilityObserved, Phrase::ReliabilityPerfect]
            .map(|k| tr(l, k).to_owned())
            .to_vec();
        Some((
            pts.clone(),
            ChartText {
                title: tr(l, Phrase::ReliabilityChart).into(),
                day: tr(l, Phrase::ReliabilityForecast).into(),
                plan: tr(l, Phrase::ReliabilityObservedAxis).into(),
                legend,
                numbers: crate::words::format::Numbers(l),
                ..ChartText::default()
            },
        ))
    });
    let words = move || sentences(lang.get() == Lang::En, &study);
    view! {
        <div class="study-panel">
            <PlotCanvas data=chart testid="midmonth-reliability" class="curve-chart"
                draw=|area, (p, t): &(Vec<ReliabilityPoint>, ChartText), s| draw_reliability(area, p, t, s)
                describe=|(p, t), en| crate::charts::alt::reliability(en, p, t) />
            <div data-testid="midmonth-study">
                {move || words().into_iter().map(|w| view! { <p>{w}</p> }).collect_view()}
            </div>
        </div>
    }
    .into_any()
}
