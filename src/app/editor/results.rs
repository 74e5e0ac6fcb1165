//! The result: P(plan) headline, revenue and deals, the forecast in one sentence, advice.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::state::AppState;
use crate::sim::Report;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;

fn money(lang: Lang, x: f64, currency: &str) -> String {
    format!("{} {currency}", Numbers(lang).grouped(x))
}

/// "10,000 trials · 21 working days"; Russian puts the count after the noun, which avoids
/// agreeing the noun with the number.
fn run_size(lang: Lang, trials: u64, days: u32) -> String {
    let t = Numbers(lang).grouped(trials as f64);
    match lang {
        Lang::Ru => format!("испытаний: {t} · рабочих дней: {days}"),
        Lang::En => format!("{t} trials · {days} working days"),
    }
}

/// The checkpoint forecast and both warnings, in one plain sentence.
pub fn forecast_sentence(lang: Lang, r: &Report) -> String {
    let f = &r.forecast;
    let n = Numbers(lang);
    let percent_or_dash = |p| n.percent_or_dash(p);
    let bias =
        f.bias_relative.map_or("—".to_owned(), |b| n.localize(&format!("{:+.1}%", b * 100.0)));
    let (wf, ws) = (&f.warn_forecast, &f.warn_shape);
    match lang {
        Lang::Ru => format!(
            "На {}-й день прогноз по воронке обещает в среднем {}: это {} к факту, ошибка в среднем {}. \
             Сигнал «прогноз ниже плана» прав в {} случаев и ловит {} провалов плана; \
             проверка «сделки или бюджет хоть одного этапа ниже плановой формы{}» срабатывает в {} месяцев, права в {} и ловит {}.",
            r.checkpoint_day, money(lang, f.mean, &r.currency), bias, percent_or_dash(f.mape),
            percent_or_dash(wf.precision), percent_or_dash(wf.recall), tolerance(lang, f.shape_tolerance),
            percent_or_dash(ws.rate), percent_or_dash(ws.precision), percent_or_dash(ws.recall)
        ),
        Lang::En => format!(
            "On day {} the funnel forecasts {} on average: {} against the actual, off by {} on average. \
             The warning \"forecast below plan\" is right {} of the time and catches {} of missed plans; \
             the check \"any stage's deals or budget below its plan shape{}\" fires in {} of months, is right {} and catches {}.",
            r.checkpoint_day, money(lang, f.mean, &r.currency), bias, percent_or_dash(f.mape),
            percent_or_dash(wf.precision), percent_or_dash(wf.recall), tolerance(lang, f.shape_tolerance),
            percent_or_dash(ws.rate), percent_or_dash(ws.precision), percent_or_dash(ws.recall)
        ),
    }
}

/// The check's tolerance as the sentence says it: nothing for the posts' "any downward
/// deviation", else by how much.
fn tolerance(lang: Lang, t: f64) -> String {
    match (t > 0.0, lang) {
        (false, _) => String::new(),
        (true, Lang::Ru) => format!(" более чем на {:.0}%", t * 100.0),
        (true, Lang::En) => format!(" by more than {:.0}%", t * 100.0),
    }
}

/// Headline and numbers of the last good run.
#[component]
pub fn Results() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    let body = move || {
        let l = lang.get();
        let n = Numbers(l);
        state.editor.report.get().map(|r| {
            let v = r.revenue;
            let cur = r.currency.clone();
            // The posts' rules the scenario breaks, from the page's linter (the report is
            // the engine's and carries none).
            let advice: Vec<_> = state.editor.advice.get().into_iter().map(|a| {
                let (msg, src) = match l { Lang::Ru => (a.message_ru, a.source_ru), Lang::En => (a.message, a.source) };
                view! { <li>{msg}" "<small class="source">{src}</small></li> }
            }).collect();
            let has_advice = !advice.is_empty();
            view! {
                <div class="headline">
                    <span class="label">{tr(l, Phrase::PPlan)}</span>
                    <span class="big" data-testid="p-plan" data-value=r.p_plan.to_string()>{n.percent(r.p_plan)}</span>
                    <span class="se">"± "{n.percent(r.p_plan_se)}</span>
                    <span class="plan">{tr(l, Phrase::Plan)}": "{money(l, r.plan, &cur)}" · "{run_size(l, r.trials, r.horizon_days)}</span>
                </div>
                <div class="numbers">
                    <div><span class="label">{tr(l, Phrase::Revenue)}" P10 / P50 / P90"</span>
                        <span data-testid="revenue-quantiles" data-p10=v.p10.to_string() data-p50=v.p50.to_string()
                            data-p90=v.p90.to_string() data-mean=v.mean.to_string()>{n.grouped(v.p10)}" / "{n.grouped(v.p50)}" / "{n.grouped(v.p90)}</span></div>
                    <div><span class="label">{tr(l, Phrase::Revenue)}", "{tr(l, Phrase::Mean)}</span><span>{money(l, v.mean, &cur)}</span></div>
                    <div><span class="label">{tr(l, Phrase::Wins)}</span>
                        <span>{n.decimal(r.wins.mean, 1)}" · "{tr(l, Phrase::Losses)}" "{n.decimal(r.losses.mean, 1)}</span></div>
                </div>
                <p class="forecast"><b>{tr(l, Phrase::Forecast)}": "</b>{forecast_sentence(l, &r)}</p>
                <Show when=move || has_advice>
                    <h2>{tr(l, Phrase::Advice)}</h2>
                </Show>
                <ul class="advice" data-testid="result-advice">{advice}</ul>
            }
        })
    };
    view! { <section class="results"><ExactLine />{body}</section> }
}

/// The exact answer (no sampling), shown as soon as the worker has it, and whether the Monte
/// Carlo run that follows agrees with it.
#[component]
fn ExactLine() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    move || {
        let l = lang.get();
        state.editor.exact.get().map(|e| match e {
            Ok(x) => {
                let n = Numbers(l);
                let bound = n.decimal(x.p_plan_error * 100.0, 3);
                let (p, q) = (n.percent(x.p_plan), [x.revenue.p10, x.revenue.p50, x.revenue.p90].map(|v| n.grouped(v)));
                let agree = state.editor.report.with(|r| {
                    r.as_ref().filter(|r| r.plan == x.plan).map(|r| {
                        let z = (r.p_plan - x.p_plan).abs() / r.p_plan_se.max(1e-12);
                        match l {
                            Lang::Ru => format!(" Монте-Карло расходится с ним на {} стандартной ошибки.", n.decimal(z, 1)),
                            Lang::En => format!(" The Monte Carlo differs from it by {z:.1} standard errors."),
                        }
                    })
                });
                let text = match l {
                    Lang::Ru => format!(
                        "Точно, без выборки: P(план) {p} (погрешность расчёта ± {bound}\u{a0}п.\u{a0}п.), выручка P10 / P50 / P90: {} / {} / {}.",
                        q[0], q[1], q[2]
                    ),
                    Lang::En => format!(
                        "Exact, no sampling: P(plan) {p} (computation error ± {bound} pp), revenue P10 / P50 / P90: {} / {} / {}.",
                        q[0], q[1], q[2]
                    ),
                };
                view! {
                    <p class="exact" data-testid="exact" data-value=x.p_plan.to_string()
                        data-error=x.p_plan_error.to_string()>{text}{agree}</p>
                }
                .into_any()
            }
            Err(reason) => {
                let lead = match l {
                    Lang::Ru => "Точный расчёт не для этого сценария (только Монте-Карло): ",
                    Lang::En => "The exact path does not serve this scenario (Monte Carlo only): ",
                };
                view! { <p class="exact refused" data-testid="exact-refused">{lead}{crate::ui::errors::job_error_text(l, &reason)}</p> }.into_any()
            }
        })
    }
}
