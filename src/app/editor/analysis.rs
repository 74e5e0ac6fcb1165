//! Analysis beside the result: A/B on common random numbers (a pinned scenario against the
//! current one) and the sensitivity tornado.

use leptos::html::Canvas;
use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::AppState;
use crate::app::state::Tagged;
use crate::app::widgets::chart::paint;
use crate::charts::{alt, draw_tornado, ChartText, TornadoBar};
use crate::host::protocol::Response;
use crate::sim::analysis::SensitivityRow;
use crate::sim::ScenarioSpec;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;
use crate::words::text::Named;

/// A sensitivity parameter path in words.
pub fn parameter_label(lang: Lang, spec: &ScenarioSpec, path: &str) -> String {
    let stage_name =
        |i: usize| spec.stages.get(i).map_or(String::new(), |s| s.name_in(lang).to_owned());
    let index =
        |p: &str| p.split(['[', ']']).nth(1).and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
    if path.ends_with(".conversion") {
        format!("{}: {}", tr(lang, Phrase::ConversionShort), stage_name(index(path)))
    } else if path.ends_with(".mean_days") {
        format!("{}: {}", tr(lang, Phrase::Days), stage_name(index(path)))
    } else if path.starts_with("inflow") {
        let stage = spec.inflow.get(index(path)).map_or(0, |f| f.stage);
        format!("{} → {stage}", tr(lang, Phrase::InflowShort))
    } else {
        tr(lang, Phrase::Budget).to_owned()
    }
}

/// The tornado's bars: ΔP(plan) on each side of each parameter, named in words.
fn tornado_bars(lang: Lang, spec: &ScenarioSpec, rows: &[SensitivityRow]) -> Vec<TornadoBar> {
    rows.iter()
        .map(|r| TornadoBar {
            label: parameter_label(lang, spec, &r.parameter),
            minus: r.minus.delta_p_plan,
            plus: r.plus.delta_p_plan,
        })
        .collect()
}

/// The A/B and sensitivity panel.
#[component]
pub fn AnalysisPanel() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let canvas = NodeRef::<Canvas>::new();
    let config = move || state.config.get_untracked().ok();
    // The A/B result and the tornado on screen are those of the scenarios now held: after an
    // edit (or a pin) they go until run again, so none is read against another scenario.
    let editor = state.editor;
    let comparison = Memo::new(move |_| {
        let pinned = editor.pinned.with(|p| p.as_ref().map(|p| p.0))?;
        let input = (pinned, state.revision.get());
        editor.comparison.with(|c| c.as_ref().and_then(|c| c.for_input(&input)).cloned())
    });
    let tornado = Memo::new(move |_| {
        let input = state.revision.get();
        editor.sensitivity.with(|s| s.as_ref().and_then(|s| s.for_input(&input)).cloned())
    });
    let compare = move |_| {
        let (Some(a), Ok(_), Some(config)) =
            (state.editor.pinned.get_untracked(), state.validated.get_untracked(), config())
        else {
            return;
        };
        let b = state.spec.with_untracked(ScenarioSpec::to_json);
        let input = (a.0, state.revision.get_untracked());
        let order = Order::new(Work::Compare(a.1.to_json(), b), move |response| match response {
            Response::Compared { report, .. } => {
                editor.failure.set(None);
                editor.comparison.set(Some(Tagged::new(input, *report)));
            }
            Response::Failed { error, .. } => editor.failure.set(Some(error)),
            _ => {}
        });
        runner.submit(vec![order], config);
    };
    let sensitivity = move |_| {
        let (Ok(_), Some(config)) = (state.validated.get_untracked(), config()) else { return };
        let s = state.spec.with_untracked(ScenarioSpec::to_json);
        let input = state.revision.get_untracked();
        let order = Order::new(Work::Sensitivity(s), move |response| match response {
            Response::Sensitivities { rows, .. } => {
                editor.failure.set(None);
                editor.sensitivity.set(Some(Tagged::new(input, rows)));
            }
            Response::Failed { error, .. } => editor.failure.set(Some(error)),
            _ => {}
        });
        runner.submit(vec![order], config);
    };
    Effect::new(move |_| {
        let l = lang.get();
        let Some(rows) = tornado.get() else { return };
        let Some(c) = canvas.get() else { return };
        let bars = state.spec.with_untracked(|spec| tornado_bars(l, spec, &rows));
        let text = ChartText {
            title: format!(
                "{}{}",
                tr(l, Phrase::TornadoTitle),
                if rows.first().is_some_and(|r| r.exact) {
                    tr(l, Phrase::TornadoExact)
                } else {
                    ""
                }
            ),
            legend: vec!["−10%".into(), "+10%".into()],
            numbers: crate::words::format::Numbers(l),
            ..ChartText::default()
        };
        paint(&c, |root, dpr| draw_tornado(root, &bars, &text, dpr));
    });
    // The bars in words: the tornado's text alternative.
    let tornado_alt = move || {
        let l = lang.get();
        let rows = tornado.get()?;
        let bars = state.spec.with_untracked(|spec| tornado_bars(l, spec, &rows));
        Some(alt::tornado(l == Lang::En, tr(l, Phrase::TornadoTitle), &bars))
    };
    let result = move || {
        let l = lang.get();
        comparison.get().map(|r| {
            let d = r.delta_revenue;
            let n = Numbers(l);
            let pp = |x: f64| format!("{}\u{a0}{}", n.decimal(x * 100.0, 2), n.pp());
            let p_plan = crate::words::page::PageWord::PPlan.text(l);
            view! {
                <div class="ab-result" data-testid="ab-result" data-delta=r.delta_p_plan.to_string()>
                    <p class="big-delta">{format!("Δ{p_plan} = {}", n.points_interval(r.delta_p_plan, r.delta_p_plan_se_paired))}</p>
                    <p>{format!("A {} → B {}", n.percent(r.a.p_plan), n.percent(r.b.p_plan))}</p>
                    <p>{tr(l, Phrase::PairedSe)}" "{pp(r.delta_p_plan_se_paired)}" · "
                       {tr(l, Phrase::IndependentSe)}" "{pp(r.delta_p_plan_se_independent)}
                       {r.se_ratio.map(|x| format!(" ({} ×{})", tr(l, Phrase::Sharper), n.decimal(1.0 / x.max(1e-9), 1))).unwrap_or_default()}</p>
                    <p>{tr(l, Phrase::DeltaRevenue)}": "{n.grouped(d.mean)}" (P10 "{n.grouped(d.p10)}", P50 "{n.grouped(d.p50)}", P90 "{n.grouped(d.p90)}")"</p>
                </div>
            }
        })
    };
    view! {
        <section class="analysis">
            <h2>{move || tr(lang.get(), Phrase::AbTitle)}</h2>
            <p class="hint">{move || tr(lang.get(), Phrase::AbHint)}</p>
            <div class="buttons">
                <button data-testid="ab-pin" on:click=move |_| state.editor.pinned.set(Some((state.revision.get_untracked(), state.spec.get_untracked())))>
                    {move || tr(lang.get(), Phrase::AbPin)}</button>
                <button data-testid="ab-run" disabled=move || state.editor.pinned.with(Option::is_none) || !state.runnable()
                    on:click=compare>{move || tr(lang.get(), Phrase::AbRun)}</button>
                <button data-testid="tornado-run" disabled=move || !state.runnable()
                    on:click=sensitivity>{move || tr(lang.get(), Phrase::TornadoRun)}</button>
            </div>
            {result}
            <canvas class="chart tornado" data-testid="tornado" node_ref=canvas role="img" aria-label=tornado_alt
                data-exact=move || tornado.with(|r| r.as_ref().is_some_and(|r| r.first().is_some_and(|x| x.exact)).to_string())
                class:hidden=move || tornado.with(Option::is_none)></canvas>
        </section>
    }
}
