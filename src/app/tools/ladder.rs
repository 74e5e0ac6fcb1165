//! The product ladder page (`#/ladder`): a ladder scenario's rungs, what one lead earns on each,
//! what a simulated month earns, and how long the climb to the flagship takes.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::{AppState, Route};
use crate::app::widgets::chart::PlotCanvas;
use crate::charts::draw_lines;
use crate::host::protocol::LabJob;
use crate::sim::{preset, Scenario, ScenarioSpec};
use crate::studies::ladder::break_even_conversion;
use crate::ui::lab_view::climb_chart;
use crate::words::format::{grouped, percent};

/// Trials of the simulated period.
const TRIALS: u64 = 4_000;
/// The ladders to choose from; `editor` is the scenario being edited.
const CHOICES: [&str; 3] = ["ladder", "ladder-no-tripwire", "editor"];

fn t(lang: Lang, ru: &'static str, en: &'static str) -> &'static str {
    if lang == Lang::En {
        en
    } else {
        ru
    }
}

fn spec_of(state: AppState, key: &str) -> Option<ScenarioSpec> {
    if key == "editor" {
        return Some(state.spec.get_untracked());
    }
    ScenarioSpec::from_json(preset(key)?.json).ok()
}

fn choice_name(lang: Lang, key: &str) -> String {
    match key {
        "editor" => t(lang, "Сценарий из редактора", "The scenario in the editor").to_owned(),
        _ => preset(key)
            .and_then(|p| ScenarioSpec::from_json(p.json).ok())
            .map(|s| if lang == Lang::En { s.name_en.unwrap_or(s.name) } else { s.name })
            .unwrap_or_else(|| key.to_owned()),
    }
}

/// `x` with `places` decimals and a decimal comma, as Russian writes it.
fn ru_decimal(x: f64, places: usize) -> String {
    format!("{x:.places$}").replace('.', ",")
}

/// The tripwire's break-even: the direct conversion into the mid-ticket rung at which the
/// ladder without a tripwire earns per lead what the ladder with one does.
fn break_even() -> Option<f64> {
    let with = preset("ladder")?.scenario().ok()?;
    let without = preset("ladder-no-tripwire")?.scenario().ok()?;
    break_even_conversion(&with, &without, 1)
}

/// The ladder page.
#[component]
pub fn LadderView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let choice = RwSignal::new("ladder".to_owned());
    let run = move || {
        let Some(spec) = spec_of(state, &choice.get_untracked()) else { return };
        if let Err(e) = Scenario::new(spec.clone()) {
            state
                .tools
                .lab_failure
                .set(Some(crate::host::protocol::JobError::Input(e.to_string())));
            return;
        }
        state.tools.lab.update(|l| l.ladder = None);
        let job = LabJob::Ladder { scenario: spec.to_json(), trials: TRIALS, seed: 1 };
        let config = state.config.get_untracked().unwrap_or_default();
        runner
            .submit(vec![Order::new(Work::Lab(job), super::lab::lab_answer(state.tools))], config);
    };
    Effect::new(move |_| {
        choice.track();
        run();
    });
    let open = move |_| {
        let key = choice.get_untracked();
        if let Some(spec) = spec_of(state, &key) {
            state.load(spec, if key == "editor" { String::new() } else { key });
        }
        let _ = window().location().set_hash(&Route::Editor.hash());
    };
    let ladder = move || state.tools.lab.with(|l| l.ladder.clone());
    // The language rides with the data so that switching it redraws the chart.
    let climb =
        Signal::derive(move || ladder().map(|(l, _)| (l.to_flagship, lang.get() == Lang::En)));
    let rows = move || {
        let l = lang.get();
        let sep = l.thousands();
        ladder().map(|(lad, per)| {
            lad.rungs
                .iter()
                .zip(per.per_rung.iter().zip(&per.per_rung_se))
                .map(|(r, (m, se))| {
                    let name = if l == Lang::En {
                        r.name_en.clone().unwrap_or(r.name.clone())
                    } else {
                        r.name.clone()
                    };
                    // "(flagship)" marks the rung unless its name already says so.
                    let word = t(l, "флагман", "flagship");
                    let named = name.to_lowercase().contains(word);
                    let flag = (r.stage == lad.flagship && !named)
                        .then(|| t(l, " (флагман)", " (flagship)"));
                    let share =
                        if per.revenue > 0.0 { percent(m / per.revenue) } else { "—".into() };
                    view! {
                        <tr data-testid="ladder-rung">
                            <td>{name}{flag}</td>
                            <td class="num">{grouped(r.price, sep)}</td>
                            <td class="num">{format!("{:.2}%", r.reach * 100.0)}</td>
                            <td class="num">{format!("{:.1}", r.revenue_per_lead)}</td>
                            <td class="num">{grouped(*m, sep)}" ± "{grouped(*se, sep)}</td>
                            <td class="num">{share}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let summary = move || {
        let l = lang.get();
        let sep = l.thousands();
        ladder().map(|(lad, per)| {
            let c = &lad.to_flagship;
            let bound = c.lower_bound.then(|| t(l, " (не меньше: переработка замедляет путь)", " (at least: rework slows the climb)"));
            view! {
                <p data-testid="ladder-per-lead" data-value=lad.revenue_per_lead.to_string()>
                    {t(l, "Выручка с одного лида за весь его путь по лестнице: ", "Revenue from one lead over its whole climb: ")}
                    <strong>{format!("{:.0}", lad.revenue_per_lead)}</strong>
                    {t(l, "; за смоделированный месяц: ", "; in a simulated month: ")}
                    {format!("{:.0}", per.revenue_per_lead)}{t(l, " на каждый из ", " for each of ")}{grouped(per.leads, sep)}
                    {t(l, " новых лидов (выручка месяца ", " new leads (the month's revenue ")}{grouped(per.revenue, sep)}")."
                </p>
                <p data-testid="ladder-flagship-days" data-value=c.mean.to_string()>
                    {t(l, "От лида до покупки флагмана: в среднем ", "From a lead to the flagship purchase: on average ")}
                    <strong>{if l == Lang::En { format!("{:.1}", c.mean) } else { ru_decimal(c.mean, 1) }}</strong>
                    {t(l, " рабочих дней, медиана ", " working days, median ")}{c.p50}
                    {t(l, ", у 90% — не дольше ", ", 90% within ")}{c.p90}{bound}"."
                </p>
            }
        })
    };
    let be = break_even();
    view! {
        <section class="ladder-page">
            <h2>{move || t(lang.get(), "Продуктовая лестница", "The product ladder")}</h2>
            <p class="source">{move || t(lang.get(),
                "Источник: «Как выстроить продуктовую воронку…» — лид-магнит, трипвайр (200–5 000 ₽), флагман (30 000–500 000 ₽ и выше), среднечек и VIP; знакомство → вовлечение → доверие → продажа → лояльность.",
                "Source: «How to build a product funnel…» — lead magnet, tripwire (200–5,000 RUB), flagship (30,000–500,000 RUB and more), mid-ticket and VIP; acquaintance → engagement → trust → sale → loyalty.")}</p>
            <p class="hint">{move || t(lang.get(),
                "Лестница — это воронка, ступени которой платят, когда по ним поднимаются: цена ступени приходит, когда клиент выходит с неё вперёд. Цены взяты в диапазонах поста; конверсии, сроки и поток лидов — наши допущения, их можно поменять в редакторе.",
                "A ladder is a funnel whose rungs pay as they are climbed: a rung's price comes in when a client moves on from it. The prices lie in the post's ranges; the conversions, days and stream of leads are our assumptions, to change in the editor.")}</p>
            <div class="buttons">
                <label class="field"><span class="label">{move || t(lang.get(), "Лестница", "Ladder")}</span>
                    <select data-testid="ladder-choice" prop:value=move || choice.get()
                        on:change=move |ev| choice.set(event_target_value(&ev))>
                        {move || CHOICES.iter().map(|k| view! { <option value=*k>{choice_name(lang.get(), k)}</option> }).collect_view()}
                    </select>
                </label>
                <button data-testid="ladder-open" on:click=open>{move || t(lang.get(), "Открыть в редакторе", "Open in the editor")}</button>
            </div>
            {move || state.tools.lab_failure.get().map(|m| view! { <p class="error" role="alert">{crate::ui::errors::job_error_text(lang.get(), &m)}</p> })}
            {summary}
            <table class="ladder-rungs" data-testid="ladder-rungs">
                <caption>{move || t(lang.get(), "Ступени: цена, доля лидов, дошедших до покупки, выручка с лида за весь путь и выручка месяца (± стандартная ошибка)", "Rungs: price, share of leads who buy it, revenue per lead over the whole climb, and the month's revenue (± standard error)")}</caption>
                <thead><tr>
                    <th>{move || t(lang.get(), "Ступень", "Rung")}</th>
                    <th>{move || t(lang.get(), "Цена", "Price")}</th>
                    <th>{move || t(lang.get(), "Доходят", "Reach")}</th>
                    <th>{move || t(lang.get(), "С лида", "Per lead")}</th>
                    <th>{move || t(lang.get(), "За месяц", "In the month")}</th>
                    <th>{move || t(lang.get(), "Доля", "Share")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint" data-testid="ladder-break-even">{move || be.map(|x| if lang.get() == Lang::En {
                format!("The tripwire's break-even: without it, the mid-ticket offer made straight after the lead magnet would have to convert {:.1}% of those who used the magnet (we assume 2%) to earn as much per lead. The tripwire's own revenue covers a lead's cost only up to its revenue per lead.", x * 100.0)
            } else {
                format!("Точка безубыточности трипвайра: без него среднечек, предложенный сразу после лид-магнита, должен покупать {}% изучивших лид-магнит (мы допускаем 2%), чтобы выручка с лида была той же. Собственная выручка трипвайра окупает лид, только если он стоит не больше выручки трипвайра с лида.", ru_decimal(x * 100.0, 1))
            })}</p>
            <PlotCanvas data=climb draw=|area, (c, en): &(crate::studies::ladder::Climb, bool), s| draw_lines(area, &climb_chart(c, *en), s)
                describe=|(c, en), _| crate::charts::alt::lines(&climb_chart(c, *en)) testid="chart-climb" />
        </section>
    }
}
