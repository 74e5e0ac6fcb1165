//! The calibrate page's reading of the file (format, delimiter, preview, stage order) and its
//! estimates (per stage, inflow, deal size, rework, per manager).

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::state::AppState;
use crate::studies::calibrate::Calibration;
use crate::ui::calibrate_view::{
    budget_source, delimiter_name, format_name, money, money_ci, number, number_ci, percent_ci,
    rate_ci, w,
};
use crate::words::calibrate::CalibrateWord;

/// Rows of the preview shown.
const PREVIEW_SHOWN: usize = 8;

/// Calls `f` with the latest good calibration and the language, if there is one.
fn with_cal<T>(state: AppState, f: impl FnOnce(&Calibration, bool) -> T) -> Option<T> {
    let en = state.lang.get() == Lang::En;
    state.calibrate.calibration.with(|c| c.as_ref().and_then(|r| r.as_ref().ok()).map(|c| f(c, en)))
}

/// What was read: the format, the delimiter, the counts, the stage order and the first rows.
#[component]
pub fn SummaryView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        with_cal(state, |c, en| {
            let format = format!("{:?}", c.format).to_lowercase();
            let order = c.stage_order.names.join(" → ");
            let inferred = if c.stage_order.inferred {
                w(en, CalibrateWord::InferredDealsMovesCheck)
            } else {
                w(en, CalibrateWord::YouGave)
            };
            let preview = c.preview.iter().take(PREVIEW_SHOWN).map(|r| view! {
                <tr>
                    <td class="num">{r.row}</td><td>{r.deal_id.clone()}</td><td>{r.stage.clone()}</td>
                    <td>{r.entered_at.clone()}</td>
                    <td class="num">{r.amount.map(|a| money(a, en))}</td><td>{r.manager.clone()}</td>
                </tr>
            }).collect_view();
            view! {
                <div class="calibrate-summary">
                    <p data-testid="calibrate-format" data-format=format>
                        {w(en, CalibrateWord::Format2)}<strong>{format_name(c.format, en)}</strong>
                        {w(en, CalibrateWord::Delimiter)}{delimiter_name(c.delimiter, en)}
                        {w(en, CalibrateWord::Rows)}{money(c.records as f64, en)}
                        {w(en, CalibrateWord::Used)}{money(c.rows_used as f64, en)}
                        {w(en, CalibrateWord::Deals2)}{money(c.deals as f64, en)}
                        {w(en, CalibrateWord::From)}{c.first_date.to_string()}{w(en, CalibrateWord::To)}{c.as_of.to_string()}
                        " (" {c.window_days} {w(en, CalibrateWord::Days)}
                    </p>
                    <p data-testid="calibrate-order" data-inferred=c.stage_order.inferred.to_string()>
                        {w(en, CalibrateWord::StageOrder)}<strong>{order}</strong>" — "{inferred}"."
                    </p>
                    <table class="calibrate-table preview" data-testid="calibrate-preview">
                        <caption>{w(en, CalibrateWord::FirstRowsRead)}</caption>
                        <thead><tr>
                            <th>{w(en, CalibrateWord::Row2)}</th><th>{w(en, CalibrateWord::Deal)}</th><th>{w(en, CalibrateWord::Stage)}</th>
                            <th>{w(en, CalibrateWord::Date)}</th><th>{w(en, CalibrateWord::Amount)}</th><th>{w(en, CalibrateWord::Manager)}</th>
                        </tr></thead>
                        <tbody>{preview}</tbody>
                    </table>
                </div>
            }
        })
    }
}

/// The estimates: per stage, then the inflow, deal size and rework, then per manager.
#[component]
pub fn EstimatesView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        with_cal(state, |c, en| {
            let rows = c.estimates.iter().map(|e| view! {
                <tr data-testid="calibrate-stage" data-conversion=e.conversion.to_string()
                    data-low=e.conversion_ci.low.to_string() data-high=e.conversion_ci.high.to_string()>
                    <td>{e.stage.clone()}</td>
                    <td class="num">{percent_ci(e.conversion, e.conversion_ci, en)}</td>
                    <td class="num">{number_ci(e.mean_days, e.mean_days_ci, 1, en)}</td>
                    <td class="num">{e.entries}</td><td class="num">{e.exits}</td><td class="num">{e.censored}</td>
                </tr>
            }).collect_view();
            let inflow = c.inflow.iter().map(|f| view! {
                <li>{f.stage.clone()}": "{number_ci(f.per_day, f.per_day_ci, 2, en)}
                    {w(en, CalibrateWord::NewDealsDay)}{f.deals}{w(en, CalibrateWord::In)}{f.days}{w(en, CalibrateWord::Days)}</li>
            }).collect_view();
            let b = &c.budget;
            let r = &c.rework;
            let managers = (!c.managers.is_empty()).then(|| {
                let list = c.managers.iter().map(|m| {
                    let conv = m.estimates.iter().map(|e| format!("{}%", number(e.conversion * 100.0, 0, en))).collect::<Vec<_>>().join(" · ");
                    let days = m.estimates.iter().map(|e| number(e.mean_days, 1, en)).collect::<Vec<_>>().join(" · ");
                    view! { <tr><td>{m.name.clone()}</td><td class="num">{m.deals}</td><td class="num">{conv}</td><td class="num">{days}</td></tr> }
                }).collect_view();
                view! {
                    <table class="calibrate-table" data-testid="calibrate-managers">
                        <caption>{w(en, CalibrateWord::PerManagerEachOne)}</caption>
                        <thead><tr><th>{w(en, CalibrateWord::Manager)}</th><th>{w(en, CalibrateWord::Deals)}</th>
                            <th>{w(en, CalibrateWord::StageConversions)}</th><th>{w(en, CalibrateWord::MeanDays)}</th></tr></thead>
                        <tbody>{list}</tbody>
                    </table>
                }
            });
            view! {
                <table class="calibrate-table" data-testid="calibrate-estimates">
                    <caption>{w(en, CalibrateWord::EstimatesPerStage95)}</caption>
                    <thead><tr>
                        <th>{w(en, CalibrateWord::Stage)}</th><th>{w(en, CalibrateWord::Conversion)}</th>
                        <th>{w(en, CalibrateWord::MeanDays2)}</th><th>{w(en, CalibrateWord::Entries)}</th>
                        <th>{w(en, CalibrateWord::Exits)}</th><th>{w(en, CalibrateWord::Censored)}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <ul class="calibrate-rates" data-testid="calibrate-rates">
                    {inflow}
                    <li>{w(en, CalibrateWord::DealSizeMedian)}{money_ci(b.median, b.median_ci, en)}
                        {w(en, CalibrateWord::P90thPercentile)}{money(b.p90, en)}" — "{budget_source(&b.source, en)}
                        " (" {b.amounts} {w(en, CalibrateWord::Amounts)}</li>
                    <li>{w(en, CalibrateWord::ReworkMovesBackEarlier)}
                        {rate_ci(r.per_day, r.per_day_ci, en)}
                        {w(en, CalibrateWord::DealsDay)}{r.backward_moves}{w(en, CalibrateWord::MovesBack)}</li>
                </ul>
                {managers}
            }
        })
    }
}
