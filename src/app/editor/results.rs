//! The result: P(plan) headline, revenue and deals, the forecast in one sentence, advice.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::state::AppState;
use crate::sim::Report;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;
use crate::words::page::PageWord;
use crate::words::phrases::fill;

fn money(lang: Lang, x: f64, currency: &str) -> String {
    format!("{} {currency}", Numbers(lang).grouped(x))
}

/// "10,000 trials · 21 working days"; Russian puts the count after the noun, which avoids
/// agreeing the noun with the number.
fn run_size(lang: Lang, trials: u64, days: u32) -> String {
    let t = Numbers(lang).grouped(trials as f64);
    fill(PageWord::RunSize.text(lang), &[&t, &days])
}

/// The checkpoint forecast and both warnings, in one plain sentence.
pub fn forecast_sentence(lang: Lang, r: &Report) -> String {
    let f = &r.forecast;
    let n = Numbers(lang);
    let percent_or_dash = |p| n.percent_or_dash(p);
    let bias =
        f.bias_relative.map_or("—".to_owned(), |b| n.localize(&format!("{:+.1}%", b * 100.0)));
    let (wf, ws) = (&f.warn_forecast, &f.warn_shape);
    fill(
        PageWord::ForecastSentence.text(lang),
        &[
            &r.checkpoint_day,
            &money(lang, f.mean, &r.currency),
            &bias,
            &percent_or_dash(f.mape),
            &percent_or_dash(wf.precision),
            &percent_or_dash(wf.recall),
            &tolerance(lang, f.shape_tolerance),
            &percent_or_dash(ws.rate),
            &percent_or_dash(ws.precision),
            &percent_or_dash(ws.recall),
        ],
    )
}

/// The check's tolerance as the sentence says it: nothing for the posts' "any downward
/// deviation", else by how much.
fn tolerance(lang: Lang, t: f64) -> String {
    if t > 0.0 {
        fill(PageWord::ByMoreThan.text(lang), &[&Numbers(lang).percent_places(t, 0)])
    } else {
        String::new()
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
                let (msg, src) = (a.message.get(l).to_owned(), a.source.get(l).to_owned());
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
                        fill(PageWord::ExactAgrees.text(l), &[&n.decimal(z, 1)])
                    })
                });
                let text = fill(PageWord::ExactLine.text(l), &[&p, &bound, &n.pp(), &q[0], &q[1], &q[2]]);
                view! {
                    <p class="exact" data-testid="exact" data-value=x.p_plan.to_string()
                        data-error=x.p_plan_error.to_string()>{text}{agree}</p>
                }
                .into_any()
            }
            Err(reason) => {
                let lead = PageWord::ExactRefused.text(l);
                view! { <p class="exact refused" data-testid="exact-refused">{lead}{crate::ui::errors::job_error_text(l, &reason)}</p> }.into_any()
            }
        })
    }
}
