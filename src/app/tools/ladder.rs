//! The product ladder page (`#/ladder`): a ladder file as the ladder post draws it (every rung
//! an entry point, moves to any higher rung), what one lead earns on each rung (exact), what a
//! simulated month earns and how much of it a few VIP sales decide, and how long the climb to the
//! flagship takes by every path. The file is on the page to change.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::AppState;
use crate::app::widgets::chart::PlotCanvas;
use crate::app::widgets::job::{JobBar, JobProgress};
use crate::charts::draw_lines;
use crate::host::protocol::{LabJob, LabResult, Response};
use crate::studies::ladder::{ladder_preset, Ladder, LadderReport, LadderSpec, PeriodRevenue};
use crate::ui::lab_view::{climb_chart, ladder_vip_finding};
use crate::words::format::Numbers;
use crate::words::ladder::LadderWord;
use crate::words::phrases::fill;
use crate::words::text::Named;

/// Trials of the simulated month.
const TRIALS: u64 = 4_000;
/// The built-in ladders to choose from.
const CHOICES: [&str; 2] = ["ladder", "ladder-no-tripwire"];

fn t(lang: Lang, p: LadderWord) -> &'static str {
    p.text(lang)
}

/// A share as a percentage with `places` decimals, written as `lang` writes numbers.
fn pct(lang: Lang, x: f64, places: usize) -> String {
    Numbers(lang).percent_places(x, places)
}

fn rung_name(lang: Lang, spec: &LadderSpec, i: usize) -> String {
    spec.rungs[i].name_in(lang).to_owned()
}

/// The ladder page.
#[component]
pub fn LadderView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let choice = RwSignal::new("ladder".to_owned());
    let text = RwSignal::new(ladder_preset("ladder").map(|s| s.to_json()).unwrap_or_default());
    // The file of the last run, read, so the tables name its rungs.
    let shown = RwSignal::new(None::<LadderSpec>);
    let error = RwSignal::new(None::<crate::studies::ladder::LadderError>);
    // The tripwire's break-even on the built-in ladders, as a worker computes it.
    let be = RwSignal::new(None::<(f64, f64)>);
    let bar = JobBar::new();
    let run = move || {
        let json = text.get_untracked();
        match Ladder::from_json(&json) {
            Err(e) => error.set(Some(e)),
            Ok(l) => {
                error.set(None);
                // The previous ladder stays on screen (its rungs named by its own file) until
                // the new month replaces it, or after a cancel.
                let spec = l.spec().clone();
                let lab = super::lab::lab_answer(state.tools);
                let answer = bar.answers(move |response| {
                    if matches!(response, Response::LabDone { .. }) {
                        shown.try_set(Some(spec.clone()));
                    }
                    lab(response);
                });
                let job = LabJob::Ladder { ladder: json, trials: TRIALS, seed: 1 };
                let config = state.config.get_untracked().unwrap_or_default();
                let break_even = Order::new(
                    Work::Lab(LabJob::BreakEven),
                    bar.answers(move |response| {
                        if let Response::LabDone { result, .. } = response {
                            if let LabResult::BreakEven(x) = *result {
                                be.try_set(x);
                            }
                        }
                    }),
                );
                bar.start(2);
                runner.submit(vec![Order::new(Work::Lab(job), answer), break_even], config);
            }
        }
    };
    Effect::new(move |_| {
        let key = choice.get();
        if let Some(spec) = ladder_preset(&key) {
            text.set(spec.to_json());
        }
        run();
    });
    let result = move || -> Option<(LadderSpec, LadderReport, PeriodRevenue)> {
        let spec = shown.get()?;
        let (l, p) = state.tools.lab.with(|l| l.ladder.clone())?;
        (l.rungs.len() == spec.rungs.len()).then_some((spec, l, p))
    };
    // The language rides with the data so that switching it redraws the chart.
    let climb =
        Signal::derive(move || result().map(|(_, l, _)| (l.to_flagship, lang.get() == Lang::En)));
    let rows = move || {
        let l = lang.get();
        let n = Numbers(l);
        result().map(|(spec, lad, per)| {
            lad.rungs
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let name = rung_name(l, &spec, i);
                    // "(flagship)" marks the rung unless its name already says so.
                    let word = t(l, LadderWord::Flagship);
                    let named = name.to_lowercase().contains(word);
                    let flag = (i == lad.flagship && !named).then(|| t(l, LadderWord::FlagshipMark));
                    let moves: Vec<String> = spec.rungs[i]
                        .next
                        .iter()
                        .map(|m| format!("{} {}", rung_name(l, &spec, m.to), pct(l, m.share, 1)))
                        .collect();
                    let moves = if moves.is_empty() { "—".to_owned() } else { moves.join(", ") };
                    view! {
                        <tr data-testid="ladder-rung">
                            <td>{name}{flag}</td>
                            <td class="num">{n.grouped(r.price)}</td>
                            <td class="num">{pct(l, r.entry_share, 2)}</td>
                            <td class="moves">{moves}</td>
                            <td class="num">{pct(l, r.reach, 2)}</td>
                            <td class="num">{n.grouped(r.revenue_per_lead)}</td>
                            <td class="num">{n.grouped(per.per_rung[i])}" ± "{n.grouped(per.per_rung_se[i])}</td>
                            <td class="num">{pct(l, per.variance_share[i], 0)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let summary = move || {
        let l = lang.get();
        let n = Numbers(l);
        result().map(|(_, lad, per)| {
            let c = &lad.to_flagship;
            let days = |x: f64| Numbers(l).decimal(x, 1);
            view! {
                <p data-testid="ladder-per-lead" data-value=lad.revenue_per_lead.to_string()>
                    {t(l, LadderWord::RevenueOneLeadOver)}
                    <strong>{n.grouped(lad.revenue_per_lead)}</strong>
                    {t(l, LadderWord::SimulatedMonth)}
                    <span data-testid="ladder-period-per-lead" data-value=per.revenue_per_lead.to_string()
                        data-se=per.revenue_per_lead_se.to_string()>{n.grouped(per.revenue_per_lead)}" ± "{n.grouped(per.revenue_per_lead_se)}</span>
                    {t(l, LadderWord::Each)}{n.grouped(per.leads)}
                    {t(l, LadderWord::NewLeadsMonthS)}{n.grouped(per.revenue)}")."
                </p>
                <p data-testid="ladder-p-plan" data-value=per.p_plan.to_string()>
                    {t(l, LadderWord::MonthSPlan)}{n.grouped(per.plan)}
                    {t(l, LadderWord::MetProbability)}<strong>{pct(l, per.p_plan, 1)}</strong>
                    {t(l, LadderWord::RevenueP10)}{n.grouped(per.p10)}
                    {t(l, LadderWord::Median)}{n.grouped(per.p50)}", P90 "{n.grouped(per.p90)}")."
                </p>
                <p class="finding" data-testid="ladder-vip" data-without=per.p_plan_without_top.to_string()>
                    {ladder_vip_finding(&lad, &per, l == Lang::En)}
                </p>
                <p data-testid="ladder-flagship-days" data-value=c.mean.to_string()>
                    {t(l, LadderWord::LeadFlagshipPurchaseAverage)}
                    <strong>{days(c.mean)}</strong>
                    {t(l, LadderWord::WorkingDaysMedian)}{c.p50}
                    {t(l, LadderWord::P90Within)}{c.p90}
                    {t(l, LadderWord::ThoseWhoEnterFlagship)}
                </p>
            }
        })
    };
    let paths = move || {
        let l = lang.get();
        result().map(|(spec, lad, _)| {
            lad.to_flagship
                .paths
                .iter()
                .map(|p| {
                    let names: Vec<String> =
                        p.rungs.iter().map(|&i| rung_name(l, &spec, i)).collect();
                    let days = Numbers(l).grouped(p.mean_days);
                    view! {
                        <tr data-testid="ladder-path">
                            <td>{names.join(" → ")}</td>
                            <td class="num">{pct(l, p.share, 1)}</td>
                            <td class="num">{days}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let by_top = move || {
        let l = lang.get();
        result().map(|(_, _, per)| {
            per.by_top_sales
                .iter()
                .filter(|r| r.months >= 0.005)
                .map(|r| {
                    view! {
                        <tr data-testid="ladder-top-row">
                            <td class="num">{r.sales}</td>
                            <td class="num">{pct(l, r.months, 1)}</td>
                            <td class="num">{pct(l, r.p_plan, 1)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="ladder-page">
            <h2>{move || t(lang.get(), LadderWord::ProductLadder)}</h2>
            <p class="source">{move || t(lang.get(), LadderWord::SourceHowBuildProduct)}</p>
            <p class="hint">{move || t(lang.get(), LadderWord::HowComputedNewLead)}</p>
            <ul class="assumptions" data-testid="ladder-assumptions">
                <li>{move || t(lang.get(), LadderWord::PostRungsTheirOrder)}</li>
                <li>{move || t(lang.get(), LadderWord::OurAssumptionsPostGives)}</li>
            </ul>
            <div class="buttons">
                <label class="field"><span class="label">{move || t(lang.get(), LadderWord::Ladder)}</span>
                    <select data-testid="ladder-choice" prop:value=move || choice.get()
                        on:change=move |ev| choice.set(event_target_value(&ev))>
                        {move || CHOICES.iter().map(|k| {
                            let name = ladder_preset(k).map(|s| s.name_in(lang.get()).to_owned()).unwrap_or_default();
                            view! { <option value=*k>{name}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {move || error.get().map(|e| {
                let m = if lang.get() == Lang::En { e.to_string() } else { e.ru() };
                view! { <p class="error" role="alert" data-testid="ladder-error">{m}</p> }
            })}
            {move || state.tools.lab_failure.get().map(|m| view! { <p class="error" role="alert">{crate::ui::errors::job_error_text(lang.get(), &m)}</p> })}
            <JobProgress bar=bar lang=lang testid="ladder-job" />
            {summary}
            <table class="ladder-rungs" data-testid="ladder-rungs">
                <caption>{move || t(lang.get(), LadderWord::RungsPriceEntryShare)}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), LadderWord::Rung)}</th>
                    <th>{move || t(lang.get(), LadderWord::Price)}</th>
                    <th>{move || t(lang.get(), LadderWord::Entry)}</th>
                    <th>{move || t(lang.get(), LadderWord::Moves)}</th>
                    <th>{move || t(lang.get(), LadderWord::Reach)}</th>
                    <th>{move || t(lang.get(), LadderWord::PerLead)}</th>
                    <th>{move || t(lang.get(), LadderWord::Month)}</th>
                    <th>{move || t(lang.get(), LadderWord::Variance)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <table class="ladder-top" data-testid="ladder-by-top">
                <caption>{move || t(lang.get(), LadderWord::ChanceMeetingPlanNumber)}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), LadderWord::VipSales)}</th>
                    <th>{move || t(lang.get(), LadderWord::ShareMonths)}</th>
                    <th>{move || t(lang.get(), LadderWord::PlanMet)}</th>
                </tr></thead>
                <tbody>{by_top}</tbody>
            </table>
            <table class="ladder-paths" data-testid="ladder-paths">
                <caption>{move || t(lang.get(), LadderWord::PathsIntoFlagshipWhere)}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), LadderWord::Path)}</th>
                    <th>{move || t(lang.get(), LadderWord::Share)}</th>
                    <th>{move || t(lang.get(), LadderWord::Days)}</th>
                </tr></thead>
                <tbody>{paths}</tbody>
            </table>
            <p class="hint" data-testid="ladder-break-even">{move || be.get().map(|(x, assumed)| { let l = lang.get(); fill(t(l, LadderWord::BreakEven), &[&pct(l, x, 2), &pct(l, assumed, 1)]) })}</p>
            <PlotCanvas data=climb draw=|area, (c, en): &(crate::studies::ladder::Climb, bool), s| draw_lines(area, &climb_chart(c, *en), s)
                describe=|(c, en), _| crate::charts::alt::lines(&climb_chart(c, *en)) testid="chart-climb" />
            <details class="ladder-file" open>
                <summary>{move || t(lang.get(), LadderWord::LadderFileJsonChange)}</summary>
                <textarea rows="14" data-testid="ladder-file" spellcheck="false" prop:value=move || text.get()
                    aria-label=move || t(lang.get(), LadderWord::LadderFileJson)
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <div class="buttons">
                    <button class="run" data-testid="ladder-run" on:click=move |_| run()>
                        {move || t(lang.get(), LadderWord::Recompute)}</button>
                </div>
            </details>
        </section>
    }
}
