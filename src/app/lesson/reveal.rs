//! The reveal drawn: each arm's P(plan) with its interval beside the room's guess, the arms'
//! attainment distributions overlaid, and under them the lesson's per-stage tables.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::lesson::checks::CheckPanel;
use crate::app::lesson::stages::{CheckpointTable, ConversionTable};
use crate::app::lesson::study::StudyPanel;
use crate::app::lesson::{text, ArmName};
use crate::app::state::AppState;
use crate::app::widgets::chart::PlotCanvas;
use crate::charts::{
    draw_attainment_overlay, draw_reveal_bars, ChartText, OverlaySeries, RevealBar,
};
use crate::content::lessons::{Metric, Text};
use crate::ui::reveal::{bars, is_column, metric_key, overlay, parse_guess};
use crate::words::i18n::Phrase;

/// The bar chart and the overlaid distributions.
#[component]
pub fn RevealCharts(labels: Vec<Text>, guesses: RwSignal<Vec<String>>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let names =
        move |labels: &[Text]| labels.iter().map(|t| text(lang.get(), t)).collect::<Vec<_>>();
    let for_bars = labels.clone();
    let bar_data = Signal::derive(move || {
        let l = lang.get();
        let guessed: Vec<Option<f64>> =
            guesses.with(|g| g.iter().map(|t| parse_guess(t)).collect());
        let bars = state
            .lesson
            .reports()
            .with(|r| state.lesson.deltas().with(|d| bars(&names(&for_bars), r, d, &guessed)))?;
        let legend =
            vec![tr(l, Phrase::BarsLegend).to_owned(), tr(l, Phrase::GuessMarker).to_owned()];
        Some((
            bars,
            ChartText {
                title: tr(l, Phrase::ChartBars).into(),
                legend,
                numbers: crate::words::format::Numbers(l),
                ..ChartText::default()
            },
        ))
    });
    let overlay_data = Signal::derive(move || {
        let l = lang.get();
        let series = state.lesson.reports().with(|r| overlay(&names(&labels), r))?;
        let t = ChartText {
            title: tr(l, Phrase::ChartOverlay).into(),
            plan: tr(l, Phrase::Plan).into(),
            numbers: crate::words::format::Numbers(l),
            ..ChartText::default()
        };
        Some((series, t))
    });
    view! {
        <div class="reveal-charts">
            <PlotCanvas data=bar_data testid="lesson-bars" class="reveal-chart"
                draw=|area, (b, t): &(Vec<RevealBar>, ChartText), s| draw_reveal_bars(area, b, t, s)
                describe=|(b, t), en| crate::charts::alt::reveal_bars(en, b, t) />
            <PlotCanvas data=overlay_data testid="lesson-overlay" class="reveal-chart"
                draw=|area, (o, t): &(Vec<OverlaySeries>, ChartText), s| draw_attainment_overlay(area, o, t, s)
                describe=|(o, t), en| crate::charts::alt::overlay(en, o, t) />
        </div>
    }
}

/// The lesson's table metrics, each a section with one block per arm.
#[component]
pub fn RevealDetails(labels: Vec<Text>, metrics: Vec<Metric>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    metrics
        .into_iter()
        .filter(|&m| !is_column(m))
        .enumerate()
        .map(|(i, m)| {
            if m == Metric::MidMonthStudy {
                // Computed once for the lesson, not per arm.
                return view! {
                    <section class="reveal-detail" data-testid=metric_key(m).key() data-i=i.to_string()>
                        <h3>{move || tr(lang.get(), metric_key(m))}</h3>
                        <StudyPanel />
                    </section>
                }
                .into_any();
            }
            let blocks = labels
                .iter()
                .enumerate()
                .map(|(n, label)| {
                    let body = match m {
                        Metric::RecordedConversion => view! { <ConversionTable n=n /> }.into_any(),
                        Metric::CheckpointVsPlan => view! { <CheckpointTable n=n /> }.into_any(),
                        _ => view! { <CheckPanel n=n /> }.into_any(),
                    };
                    view! { <div class="arm-block"><h4><ArmName n=n label=label.clone() /></h4>{body}</div> }
                })
                .collect_view();
            view! {
                <section class="reveal-detail" data-testid=metric_key(m).key() data-i=i.to_string()>
                    <h3>{move || tr(lang.get(), metric_key(m))}</h3>
                    <div class="arm-blocks">{blocks}</div>
                </section>
            }
            .into_any()
        })
        .collect_view()
}
