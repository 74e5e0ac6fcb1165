//! The calibrate page's plan check (P(plan) for the rest of the month, with and without the
//! estimates' uncertainty, and today's open deals beside the plan shape) and the file's problems.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::state::AppState;
use crate::ui::calibrate_view::{money, number, p_with_se, plan_source, problem_kind, w};
use crate::words::calibrate::CalibrateWord;

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
                <p class="status" role="status" data-testid="calibrate-plan-busy">{w(en, CalibrateWord::ComputingChancePlanRest)}</p>
            }.into_any());
        };
        let p = match check {
            Ok(p) => p,
            Err(why) => return Some(view! { <p class="error" role="alert">{w(en, CalibrateWord::PlanCheckFailed)}{crate::ui::errors::job_error_text(if en { crate::words::i18n::Lang::En } else { crate::words::i18n::Lang::Ru }, &why)}</p> }.into_any()),
        };
        let rows = p.shape.iter().map(|r| {
            let flag = |b: Option<bool>| match b {
                Some(true) => w(en, CalibrateWord::Below),
                Some(false) => w(en, CalibrateWord::NotBelow),
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
        let warn = p.warn.map(|b| {
            if b {
                w(en, CalibrateWord::MidMonthCheckSome)
            } else {
                w(en, CalibrateWord::MidMonthCheckNo)
            }
        });
        Some(view! {
            <div class="calibrate-plan" data-testid="calibrate-plan">
                <h3>{w(en, CalibrateWord::ChancePlanRestMonth)}</h3>
                <p>{w(en, CalibrateWord::MonthSPlan)}{money(p.plan, en)}" ("{plan_source(&source, en)}
                    {w(en, CalibrateWord::WonThisMonthSo)}{money(p.won_so_far, en)}
                    {w(en, CalibrateWord::Win)}{money(p.target.max(0.0), en)}{w(en, CalibrateWord::In)}{p.days_left}
                    {w(en, CalibrateWord::DaysAfter)}{p.as_of.to_string()}"."</p>
                <p class="p-plan-pair">
                    <span data-testid="calibrate-p-plan" data-value=p.p_plan.to_string()>
                        {w(en, CalibrateWord::EstimatesUncertainty)}<strong>{p_with_se(p.p_plan, p.p_plan_se, en)}</strong></span>
                    <span data-testid="calibrate-p-point" data-value=p.p_plan_point.to_string()>
                        {w(en, CalibrateWord::IfEstimatesWereExact)}<strong>{p_with_se(p.p_plan_point, p.p_plan_point_se, en)}</strong></span>
                </p>
                <table class="calibrate-table" data-testid="calibrate-shape">
                    <caption>{w(en, CalibrateWord::OpenDealsDateBeside)}</caption>
                    <thead><tr>
                        <th>{w(en, CalibrateWord::Stage)}</th><th>{w(en, CalibrateWord::Deals)}</th><th>{w(en, CalibrateWord::PlanShape)}</th><th><span class="sr-only">{w(en, CalibrateWord::DealsBelowShape)}</span></th>
                        <th>{w(en, CalibrateWord::Budget)}</th><th>{w(en, CalibrateWord::PlanShape)}</th><th><span class="sr-only">{w(en, CalibrateWord::BudgetBelowShape)}</span></th>
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
                return Some(view! { <p data-testid="calibrate-problems">{w(en, CalibrateWord::NoProblemsFoundFile)}</p> }.into_any());
            }
            let counts = c.problem_counts.iter().map(|(k, n)| view! {
                <tr><td>{problem_kind(*k, en)}</td><td class="num">{*n}</td></tr>
            }).collect_view();
            let list = c.problems.iter().take(PROBLEMS_SHOWN).map(|p| {
                let row = p.row.map_or_else(|| w(en, CalibrateWord::File2).to_owned(), |r| format!("{}{r}", w(en, CalibrateWord::Row)));
                view! { <li><span class="row">{row}</span>": "{problem_kind(p.kind, en)}" — "{p.detail.clone()}</li> }
            }).collect_view();
            let more = c.problems.len().saturating_sub(PROBLEMS_SHOWN);
            Some(view! {
                <div class="calibrate-problems" data-testid="calibrate-problems">
                    <table class="calibrate-table">
                        <caption>{w(en, CalibrateWord::ProblemsFileNothingDropped)}</caption>
                        <thead><tr><th>{w(en, CalibrateWord::What)}</th><th>{w(en, CalibrateWord::Count)}</th></tr></thead>
                        <tbody>{counts}</tbody>
                    </table>
                    <ul class="problem-list">{list}</ul>
                    {(more > 0).then(|| view! { <p class="hint">{w(en, CalibrateWord::And)}{more}{w(en, CalibrateWord::MoreCountsAboveCover)}</p> })}
                </div>
            }.into_any())
        })
    }
}
