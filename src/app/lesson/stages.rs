//! Per-stage tables of one arm's reveal: the true conversion beside the one the record shows,
//! and the funnel at the checkpoint beside the plan shape. A gap is highlighted.

use leptos::prelude::*;

use crate::app::i18n::tr;
use crate::app::state::AppState;
use crate::ui::reveal::{checkpoint_rows, conversion_rows};
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;

/// True against recorded conversion, per stage, for arm `n`.
#[component]
pub fn ConversionTable(n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let rows = move || {
        state.lesson.reports().with(|v| {
            v.get(n).and_then(Option::as_ref).map(|r| conversion_rows(r, Numbers(lang.get())))
        })
    };
    let th = move |k: Phrase| view! { <th>{move || tr(lang.get(), k)}</th> };
    view! {
        <table class="stages-table" data-testid="conversion-table">
            <thead><tr>{th(Phrase::StageName)}{th(Phrase::TrueConversion)}{th(Phrase::RecordedConv)}{th(Phrase::Difference)}</tr></thead>
            <tbody>
                {move || rows().unwrap_or_default().into_iter().map(|r| view! {
                    <tr class:gap=r.highlight>
                        <td>{r.stage}</td><td>{r.truth}</td><td>{r.recorded}</td><td class="diff">{r.gap}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}

/// Deals and budget at the checkpoint against the plan shape, per stage, for arm `n`.
#[component]
pub fn CheckpointTable(n: usize) -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let rows = move || {
        state.lesson.reports().with(|v| {
            v.get(n).and_then(Option::as_ref).map(|r| checkpoint_rows(r, Numbers(lang.get())))
        })
    };
    let th = move |k: Phrase| view! { <th>{move || tr(lang.get(), k)}</th> };
    view! {
        <table class="stages-table" data-testid="checkpoint-table">
            <thead><tr>
                {th(Phrase::StageName)}{th(Phrase::DealsAtCheckpoint)}{th(Phrase::PlanShape)}
                {th(Phrase::BudgetAtCheckpoint)}{th(Phrase::PlanShape)}
            </tr></thead>
            <tbody>
                {move || rows().unwrap_or_default().into_iter().map(|r| view! {
                    <tr>
                        <td>{r.stage}</td>
                        <td class:short=r.count_short>{r.count}</td><td>{r.plan_count}</td>
                        <td class:short=r.budget_short>{r.budget}</td><td>{r.plan_budget}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
    }
}
