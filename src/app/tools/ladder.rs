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
use crate::words::format::grouped;

/// Trials of the simulated month.
const TRIALS: u64 = 4_000;
/// The built-in ladders to choose from.
const CHOICES: [&str; 2] = ["ladder", "ladder-no-tripwire"];

fn t(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En {
        en
    } else {
        ru
    }
}

/// A share as a percentage with `places` decimals, with a decimal comma in Russian.
fn pct(lang: Lang, x: f64, places: usize) -> String {
    let s = format!("{:.places$}%", x * 100.0);
    if lang == Lang::En {
        s
    } else {
        s.replace('.', ",")
    }
}

fn rung_name(lang: Lang, spec: &LadderSpec, i: usize) -> String {
    let r = &spec.rungs[i];
    match (&r.name_en, lang) {
        (Some(n), Lang::En) => n.clone(),
        _ => r.name.clone(),
    }
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
                // The break-even is exact arithmetic, answered at once: the bar follows the month.
                let break_even = Order::new(Work::Lab(LabJob::BreakEven), move |response| {
                    if let Response::LabDone { result, .. } = response {
                        if let LabResult::BreakEven(x) = *result {
                            be.try_set(x);
                        }
                    }
                });
                bar.start(1);
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
        let sep = l.thousands();
        result().map(|(spec, lad, per)| {
            lad.rungs
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    let name = rung_name(l, &spec, i);
                    // "(flagship)" marks the rung unless its name already says so.
                    let word = t(l, "флагман", "flagship");
                    let named = name.to_lowercase().contains(word);
                    let flag = (i == lad.flagship && !named).then(|| t(l, " (флагман)", " (flagship)"));
                    let moves: Vec<String> = spec.rungs[i]
                        .next
                        .iter()
                        .map(|m| format!("{} {}", rung_name(l, &spec, m.to), pct(l, m.share, 1)))
                        .collect();
                    let moves = if moves.is_empty() { "—".to_owned() } else { moves.join(", ") };
                    view! {
                        <tr data-testid="ladder-rung">
                            <td>{name}{flag}</td>
                            <td class="num">{grouped(r.price, sep)}</td>
                            <td class="num">{pct(l, r.entry_share, 2)}</td>
                            <td class="moves">{moves}</td>
                            <td class="num">{pct(l, r.reach, 2)}</td>
                            <td class="num">{format!("{:.0}", r.revenue_per_lead)}</td>
                            <td class="num">{grouped(per.per_rung[i], sep)}" ± "{grouped(per.per_rung_se[i], sep)}</td>
                            <td class="num">{pct(l, per.variance_share[i], 0)}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let summary = move || {
        let l = lang.get();
        let sep = l.thousands();
        result().map(|(_, lad, per)| {
            let c = &lad.to_flagship;
            let days = |x: f64| if l == Lang::En { format!("{x:.1}") } else { format!("{x:.1}").replace('.', ",") };
            view! {
                <p data-testid="ladder-per-lead" data-value=lad.revenue_per_lead.to_string()>
                    {t(l, "Выручка с одного лида за весь его путь по лестнице (точно): ", "Revenue from one lead over its whole climb (exact): ")}
                    <strong>{grouped(lad.revenue_per_lead, sep)}</strong>
                    {t(l, "; за смоделированный месяц: ", "; in a simulated month: ")}
                    <span data-testid="ladder-period-per-lead" data-value=per.revenue_per_lead.to_string()
                        data-se=per.revenue_per_lead_se.to_string()>{grouped(per.revenue_per_lead, sep)}" ± "{grouped(per.revenue_per_lead_se, sep)}</span>
                    {t(l, " на каждый из ", " for each of ")}{grouped(per.leads, sep)}
                    {t(l, " новых лидов (выручка месяца ", " new leads (the month's revenue ")}{grouped(per.revenue, sep)}")."
                </p>
                <p data-testid="ladder-p-plan" data-value=per.p_plan.to_string()>
                    {t(l, "План месяца ", "The month's plan of ")}{grouped(per.plan, sep)}
                    {t(l, " выполняется с вероятностью ", " is met with probability ")}<strong>{pct(l, per.p_plan, 1)}</strong>
                    {t(l, " (выручка: P10 ", " (revenue: P10 ")}{grouped(per.p10, sep)}
                    {t(l, ", медиана ", ", median ")}{grouped(per.p50, sep)}", P90 "{grouped(per.p90, sep)}")."
                </p>
                <p class="finding" data-testid="ladder-vip" data-without=per.p_plan_without_top.to_string()>
                    {ladder_vip_finding(&lad, &per, l == Lang::En)}
                </p>
                <p data-testid="ladder-flagship-days" data-value=c.mean.to_string()>
                    {t(l, "От лида до покупки флагмана: в среднем ", "From a lead to the flagship purchase: on average ")}
                    <strong>{days(c.mean)}</strong>
                    {t(l, " рабочих дней, медиана ", " working days, median ")}{c.p50}
                    {t(l, ", у 90% — не дольше ", ", 90% within ")}{c.p90}
                    {t(l, " (вошедшие прямо во флагман — день 0).", " (those who enter at the flagship: day 0).")}
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
                    let days = format!("{:.0}", p.mean_days);
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
            <h2>{move || t(lang.get(), "Продуктовая лестница", "The product ladder")}</h2>
            <p class="source">{move || t(lang.get(),
                "Источник: «Как выстроить продуктовую воронку…» — лид-магнит, трипвайр (200–5 000 ₽), флагман (30 000–500 000 ₽ и выше), среднечек и VIP; каждая ступень — точка входа; трипвайр ведёт в основную программу через продающий урок или личную сессию; среднечек — мост для тех, кто к флагману ещё не готов.",
                "Source: «How to build a product funnel…» — lead magnet, tripwire (200–5,000 RUB), flagship (30,000–500,000 RUB and more), mid-ticket and VIP; every rung is an entry point; the tripwire leads into the main programme through a selling lesson or a one-to-one session; the mid-ticket is a bridge for those not yet ready for the flagship.")}</p>
            <p class="hint">{move || t(lang.get(),
                "Как считается: новый лид входит на любую ступень с её долей входа и сразу её покупает (бесплатную — по цене 0). Купивший ступень через какое-то время переходит на одну из более высоких ступеней с её долей или останавливается. Подняться можно только вверх, поэтому каждую ступень лид покупает не больше одного раза, и выручка с лида — точная сумма «доля дошедших × средняя цена». Месяц моделируется лид за лидом с разогревом, так что он начинается в установившемся режиме.",
                "How it is computed: a new lead enters at any rung with that rung's entry share and buys it at once (a free rung at price 0). A buyer of a rung later moves to one of the higher rungs with that move's share, or stops. Moves only go up, so a lead buys each rung at most once, and the revenue per lead is the exact sum of reach × mean price. The month is simulated lead by lead after a warm-up, so it starts in the steady state.")}</p>
            <ul class="assumptions" data-testid="ladder-assumptions">
                <li>{move || t(lang.get(),
                    "Из поста: ступени и их порядок, то, что каждая — точка входа, переходы (трипвайр → продающая сессия → флагман; среднечек — мост к флагману; VIP — после флагмана) и диапазоны цен трипвайра и флагмана.",
                    "From the post: the rungs and their order, every rung an entry point, the moves (tripwire → selling session → flagship; the mid-ticket a bridge to the flagship; VIP after the flagship) and the price ranges of the tripwire and the flagship.")}</li>
                <li>{move || t(lang.get(),
                    "Наши допущения (в посте их нет): все доли входа и переходов, сроки на ступенях, цены внутри диапазонов (трипвайр 1 490 ₽, среднечек 12 000 ₽, флагман 90 000 ₽, VIP — медиана 300 000 ₽, P90 500 000 ₽), 30 лидов в день, 21 рабочий день, план 2 400 000 ₽. Поменяйте их в файле ниже.",
                    "Our assumptions (the post gives none): every entry and move share, the days on each rung, the prices inside the ranges (tripwire 1,490 RUB, mid-ticket 12,000 RUB, flagship 90,000 RUB, VIP median 300,000 RUB, P90 500,000 RUB), 30 leads a day, 21 working days, a plan of 2,400,000 RUB. Change them in the file below.")}</li>
            </ul>
            <div class="buttons">
                <label class="field"><span class="label">{move || t(lang.get(), "Лестница", "Ladder")}</span>
                    <select data-testid="ladder-choice" prop:value=move || choice.get()
                        on:change=move |ev| choice.set(event_target_value(&ev))>
                        {move || CHOICES.iter().map(|k| {
                            let name = ladder_preset(k).map(|s| s.title(lang.get() == Lang::En).to_owned()).unwrap_or_default();
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
                <caption>{move || t(lang.get(), "Ступени: цена, доля входа, переходы вверх, доля лидов, купивших ступень, выручка с лида за весь путь, выручка месяца (± стандартная ошибка) и доля ступени в разбросе выручки месяца", "Rungs: price, entry share, moves up, share of leads who buy it, revenue per lead over the whole climb, the month's revenue (± standard error) and the rung's part of the month's revenue variance")}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), "Ступень", "Rung")}</th>
                    <th>{move || t(lang.get(), "Цена", "Price")}</th>
                    <th>{move || t(lang.get(), "Вход", "Entry")}</th>
                    <th>{move || t(lang.get(), "Переходы", "Moves")}</th>
                    <th>{move || t(lang.get(), "Доходят", "Reach")}</th>
                    <th>{move || t(lang.get(), "С лида", "Per lead")}</th>
                    <th>{move || t(lang.get(), "За месяц", "In the month")}</th>
                    <th>{move || t(lang.get(), "Разброс", "Variance")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <table class="ladder-top" data-testid="ladder-by-top">
                <caption>{move || t(lang.get(), "Шанс выполнить план в зависимости от числа продаж верхней ступени (VIP) за месяц", "The chance of meeting the plan by the number of top-rung (VIP) sales in the month")}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), "Продаж VIP", "VIP sales")}</th>
                    <th>{move || t(lang.get(), "Доля месяцев", "Share of months")}</th>
                    <th>{move || t(lang.get(), "План выполнен", "Plan met")}</th>
                </tr></thead>
                <tbody>{by_top}</tbody>
            </table>
            <table class="ladder-paths" data-testid="ladder-paths">
                <caption>{move || t(lang.get(), "Пути во флагман: откуда входят, доля покупателей флагмана и средние рабочие дни до покупки", "Paths into the flagship: where they enter, the share of flagship buyers and the mean working days to the purchase")}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), "Путь", "Path")}</th>
                    <th>{move || t(lang.get(), "Доля", "Share")}</th>
                    <th>{move || t(lang.get(), "Дней", "Days")}</th>
                </tr></thead>
                <tbody>{paths}</tbody>
            </table>
            <p class="hint" data-testid="ladder-break-even">{move || be.get().map(|(x, assumed)| if lang.get() == Lang::En {
                format!("The tripwire's break-even: without it, {} of lead-magnet users would have to go straight to the selling session (the file without it assumes {}) for the ladder to earn as much per lead as with it. Everything else stays as in the ladder without the tripwire.", pct(Lang::En, x, 2), pct(Lang::En, assumed, 1))
            } else {
                format!("Точка безубыточности трипвайра: без него на продающую сессию сразу после лид-магнита должны приходить {} изучивших лид-магнит (в файле без трипвайра допущено {}), чтобы выручка с лида была той же, что с трипвайром. Всё остальное — как в лестнице без трипвайра.", pct(Lang::Ru, x, 2), pct(Lang::Ru, assumed, 1))
            })}</p>
            <PlotCanvas data=climb draw=|area, (c, en): &(crate::studies::ladder::Climb, bool), s| draw_lines(area, &climb_chart(c, *en), s)
                describe=|(c, en), _| crate::charts::alt::lines(&climb_chart(c, *en)) testid="chart-climb" />
            <details class="ladder-file" open>
                <summary>{move || t(lang.get(), "Файл лестницы (JSON): поменяйте число и пересчитайте", "The ladder file (JSON): change a number and recompute")}</summary>
                <textarea rows="14" data-testid="ladder-file" spellcheck="false" prop:value=move || text.get()
                    aria-label=move || t(lang.get(), "Файл лестницы (JSON)", "The ladder file (JSON)")
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <div class="buttons">
                    <button class="run" data-testid="ladder-run" on:click=move |_| run()>
                        {move || t(lang.get(), "Пересчитать", "Recompute")}</button>
                </div>
            </details>
        </section>
    }
}
