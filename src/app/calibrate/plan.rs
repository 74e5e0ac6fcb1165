//! The calibrate page's plan check (P(plan) for the rest of the month, with and without the
//! estimates' uncertainty, and today's open deals beside the plan shape) and the file's problems.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::state::AppState;
use crate::ui::calibrate_view::{money, number, p_with_se, plan_source, problem_kind, w};

/// Problems listed one by one; the counts cover them all.
const PROBLEMS_SHOWN: usize = 30;

/// P(plan) and the shape check.
#[component]
pub fn PlanCheckView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let en = state.lang.get() == Lang::En;
        let source = state.calibrate.calibration.with(|c| match c {
            Some(Ok(c)) => Some(c.month.plan_source.clone()),
            _ => None,
        })?;
        let Some(check) = state.calibrate.plan_check.get() else {
            return Some(view! {
                <p class="status" role="status" data-testid="calibrate-plan-busy">{w(en, "Считаю вероятность плана до конца месяца…", "Computing the chance of the plan for the rest of the month…")}</p>
            }.into_any());
        };
        let p = match check {
            Ok(p) => p,
            Err(why) => return Some(view! { <p class="error" role="alert">{w(en, "Проверка плана не удалась: ", "The plan check failed: ")}{crate::ui::errors::job_error_text(if en { crate::words::i18n::Lang::En } else { crate::words::i18n::Lang::Ru }, &why)}</p> }.into_any()),
        };
        let rows = p.shape.iter().map(|r| {
            let flag = |b: Option<bool>| match b {
                Some(true) => w(en, "ниже", "below"),
                Some(false) => w(en, "не ниже", "not below"),
                None => "—",
            };
            view! {
                <tr>
                    <td>{r.stage.clone()}</td><td class="num">{r.count}</td>
                    <td class="num">{number(r.plan_shape_count, 1, en)}</td><td>{flag(r.below_count)}</td>
                    <td class="num">{money(r.budget, en)}</td><td class="num">{money(r.plan_shape_budget, en)}</td><td>{flag(r.below_budget)}</td>
                </tr>
            }
        }).collect_view();
        let warn = p.warn.map(|b| if b {
            w(en, "Проверка середины месяца: какой-то этап ниже формы плана — сделок или денег на нём меньше, чем нужно, чтобы план пришёл.", "Mid-month check: some stage is below the plan shape: it holds fewer deals or less money than the plan needs.")
        } else {
            w(en, "Проверка середины месяца: все этапы не ниже формы плана.", "Mid-month check: no stage is below the plan shape.")
        });
        Some(view! {
            <div class="calibrate-plan" data-testid="calibrate-plan">
                <h3>{w(en, "Вероятность плана до конца месяца", "The chance of the plan for the rest of the month")}</h3>
                <p>{w(en, "План месяца ", "The month's plan ")}{money(p.plan, en)}" ("{plan_source(&source, en)}
                    {w(en, "), выиграно с начала месяца ", "), won this month so far ")}{money(p.won_so_far, en)}
                    {w(en, ", осталось ", ", to win ")}{money(p.target.max(0.0), en)}{w(en, " за ", " in ")}{p.days_left}
                    {w(en, " дн. после ", " days after ")}{p.as_of.to_string()}"."</p>
                <p class="p-plan-pair">
                    <span data-testid="calibrate-p-plan" data-value=p.p_plan.to_string()>
                        {w(en, "С учётом неточности оценок: ", "With the estimates' uncertainty: ")}<strong>{p_with_se(p.p_plan, p.p_plan_se, en)}</strong></span>
                    <span data-testid="calibrate-p-point" data-value=p.p_plan_point.to_string()>
                        {w(en, "если бы оценки были точны: ", "if the estimates were exact: ")}<strong>{p_with_se(p.p_plan_point, p.p_plan_point_se, en)}</strong></span>
                </p>
                <table class="calibrate-table" data-testid="calibrate-shape">
                    <caption>{w(en, "Открытые сделки на дату среза рядом с формой плана", "Open deals at the as-of date beside the plan shape")}</caption>
                    <thead><tr>
                        <th>{w(en, "Этап", "Stage")}</th><th>{w(en, "Сделок", "Deals")}</th><th>{w(en, "Форма плана", "Plan shape")}</th><th><span class="sr-only">{w(en, "Сделок ниже формы?", "Deals below the shape?")}</span></th>
                        <th>{w(en, "Бюджет", "Budget")}</th><th>{w(en, "Форма плана", "Plan shape")}</th><th><span class="sr-only">{w(en, "Бюджет ниже формы?", "Budget below the shape?")}</span></th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
                {warn.map(|t| view! { <p class="finding">{t}</p> })}
            </div>
        }.into_any())
    }
}

/// Every problem of the file: counts per kind, then the first ones with their rows.
#[component]
pub fn ProblemsView() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        let en = state.lang.get() == Lang::En;
        state.calibrate.calibration.with(|c| {
            let c = c.as_ref()?.as_ref().ok()?;
            if c.problems.is_empty() {
                return Some(view! { <p data-testid="calibrate-problems">{w(en, "Проблем в файле не найдено.", "No problems found in the file.")}</p> }.into_any());
            }
            let counts = c.problem_counts.iter().map(|(k, n)| view! {
                <tr><td>{problem_kind(*k, en)}</td><td class="num">{*n}</td></tr>
            }).collect_view();
            let list = c.problems.iter().take(PROBLEMS_SHOWN).map(|p| {
                let row = p.row.map_or_else(|| w(en, "файл", "file").to_owned(), |r| format!("{}{r}", w(en, "строка ", "row ")));
                view! { <li><span class="row">{row}</span>": "{problem_kind(p.kind, en)}" — "{p.detail.clone()}</li> }
            }).collect_view();
            let more = c.problems.len().saturating_sub(PROBLEMS_SHOWN);
            Some(view! {
                <div class="calibrate-problems" data-testid="calibrate-problems">
                    <table class="calibrate-table">
                        <caption>{w(en, "Проблемы файла (ничего не отброшено молча)", "Problems of the file (nothing dropped silently)")}</caption>
                        <thead><tr><th>{w(en, "Что", "What")}</th><th>{w(en, "Сколько", "Count")}</th></tr></thead>
                        <tbody>{counts}</tbody>
                    </table>
                    <ul class="problem-list">{list}</ul>
                    {(more > 0).then(|| view! { <p class="hint">{w(en, "…и ещё ", "…and ")}{more}{w(en, " (счёт выше — по всем).", " more (the counts above cover all).")}</p> })}
                </div>
            }.into_any())
        })
    }
}
