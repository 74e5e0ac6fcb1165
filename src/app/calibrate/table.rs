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
                w(en, "выведен из переходов сделок — проверьте его и при необходимости исправьте в поле выше", "inferred from the deals' moves: check it, and correct it in the field above if needed")
            } else {
                w(en, "задан вами", "as you gave it")
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
                        {w(en, "Формат: ", "Format: ")}<strong>{format_name(c.format, en)}</strong>
                        {w(en, "; разделитель: ", "; delimiter: ")}{delimiter_name(c.delimiter, en)}
                        {w(en, ". Строк: ", ". Rows: ")}{money(c.records as f64, en)}
                        {w(en, ", использовано: ", ", used: ")}{money(c.rows_used as f64, en)}
                        {w(en, "; сделок: ", "; deals: ")}{money(c.deals as f64, en)}
                        {w(en, "; с ", "; from ")}{c.first_date.to_string()}{w(en, " по ", " to ")}{c.as_of.to_string()}
                        " (" {c.window_days} {w(en, " дн.)", " days)")}
                    </p>
                    <p data-testid="calibrate-order" data-inferred=c.stage_order.inferred.to_string()>
                        {w(en, "Порядок этапов: ", "Stage order: ")}<strong>{order}</strong>" — "{inferred}"."
                    </p>
                    <table class="calibrate-table preview" data-testid="calibrate-preview">
                        <caption>{w(en, "Первые строки, как они прочитаны", "The first rows, as read")}</caption>
                        <thead><tr>
                            <th>{w(en, "Строка", "Row")}</th><th>{w(en, "Сделка", "Deal")}</th><th>{w(en, "Этап", "Stage")}</th>
                            <th>{w(en, "Дата", "Date")}</th><th>{w(en, "Сумма", "Amount")}</th><th>{w(en, "Менеджер", "Manager")}</th>
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
                    {w(en, " новых сделок в день (", " new deals a day (")}{f.deals}{w(en, " за ", " in ")}{f.days}{w(en, " дн.)", " days)")}</li>
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
                        <caption>{w(en, "По менеджерам: своя воронка у каждого", "Per manager: each one's own funnel")}</caption>
                        <thead><tr><th>{w(en, "Менеджер", "Manager")}</th><th>{w(en, "Сделок", "Deals")}</th>
                            <th>{w(en, "Конверсии этапов", "Stage conversions")}</th><th>{w(en, "Средние сроки, дн.", "Mean days")}</th></tr></thead>
                        <tbody>{list}</tbody>
                    </table>
                }
            });
            view! {
                <table class="calibrate-table" data-testid="calibrate-estimates">
                    <caption>{w(en, "Оценки по этапам (в скобках — 95% интервал)", "Estimates per stage (95% interval in brackets)")}</caption>
                    <thead><tr>
                        <th>{w(en, "Этап", "Stage")}</th><th>{w(en, "Конверсия", "Conversion")}</th>
                        <th>{w(en, "Средний срок, дн.", "Mean days")}</th><th>{w(en, "Вошло", "Entries")}</th>
                        <th>{w(en, "Вышло", "Exits")}</th><th>{w(en, "Ещё на этапе", "Censored")}</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                <ul class="calibrate-rates" data-testid="calibrate-rates">
                    {inflow}
                    <li>{w(en, "Размер сделки: медиана ", "Deal size: median ")}{money_ci(b.median, b.median_ci, en)}
                        {w(en, ", 90-й процентиль ", ", 90th percentile ")}{money(b.p90, en)}" — "{budget_source(&b.source, en)}
                        " (" {b.amounts} {w(en, " сумм)", " amounts)")}</li>
                    <li>{w(en, "Переработка (возвраты на прежний этап): ", "Rework (moves back to an earlier stage): ")}
                        {rate_ci(r.per_day, r.per_day_ci, en)}
                        {w(en, " сделок в день (", " of deals a day (")}{r.backward_moves}{w(en, " возвратов)", " moves back)")}</li>
                </ul>
                {managers}
            }
        })
    }
}
