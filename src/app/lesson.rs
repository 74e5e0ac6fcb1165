//! Lessons: the list, and one lesson from prediction to reveal.

use leptos::prelude::*;

use super::header::ShapeMini;
use super::i18n::{tr, Lang};
use super::runner::{Job, Runner, Sink, Work};
use super::state::{AppState, Route};
use crate::format::{grouped, percent, percent_or_dash};
use crate::lessons::{lessons, Lesson, Metric, Text};
use crate::sim::{Report, RunConfig};

fn text(lang: Lang, t: &Text) -> String {
    match lang {
        Lang::Ru => t.ru.clone(),
        Lang::En => t.en.clone(),
    }
}

/// Every lesson (the files are checked by the native tests; a broken one shows as none).
pub fn all_lessons() -> Vec<Lesson> {
    lessons().unwrap_or_default()
}

/// Runs a lesson's baseline and its variants on common random numbers.
pub fn reveal(state: AppState, runner: Runner, lesson: &Lesson) {
    let Ok(arms) = lesson.scenarios() else { return };
    let config = state.config.get_untracked().unwrap_or_default();
    let config = RunConfig { trials: config.trials.min(20_000), ..config };
    state.lesson_reports.set(vec![None; arms.len()]);
    state.lesson_deltas.set(vec![None; arms.len()]);
    let base = arms[0].1.to_json();
    let mut jobs = vec![Job { sink: Sink::Lesson(0), work: Work::Run(base.clone()) }];
    for (n, (_, spec)) in arms.iter().enumerate().skip(1) {
        jobs.push(Job { sink: Sink::Lesson(n), work: Work::Compare(base.clone(), spec.to_json()) });
    }
    runner.submit(state, jobs, config);
}

fn metric_name(lang: Lang, m: Metric) -> &'static str {
    let key = match m {
        Metric::PPlan => "p_plan",
        Metric::Mean => "revenue",
        Metric::P10 => "P10",
        Metric::P90 => "P90",
        Metric::Wins => "wins",
        Metric::Pipeline => "pipeline",
        Metric::Conversion => "conversion_total",
        Metric::ForecastBias => "forecast_bias",
        Metric::Mape => "mape",
        Metric::WarnShape => "warn_shape",
        Metric::WarnForecast => "warn_forecast",
        // Stopgap until the lesson UI shows the v2 metrics (another branch words them).
        Metric::RecordedConversion | Metric::CheckpointVsPlan | Metric::WarnShapeCurve => {
            "no_phase"
        }
    };
    match key {
        "P10" => "P10",
        "P90" => "P90",
        k => tr(lang, k),
    }
}

fn metric_value(lang: Lang, m: Metric, r: &Report) -> String {
    let sep = lang.thousands();
    match m {
        Metric::PPlan => percent(r.p_plan),
        Metric::Mean => grouped(r.revenue.mean, sep),
        Metric::P10 => grouped(r.revenue.p10, sep),
        Metric::P90 => grouped(r.revenue.p90, sep),
        Metric::Wins => format!("{:.1}", r.wins.mean),
        Metric::Pipeline => {
            format!("{:.1}", r.stages.iter().map(|s| s.checkpoint_count).sum::<f64>())
        }
        Metric::Conversion => percent(r.wins.mean / (r.wins.mean + r.losses.mean).max(1e-9)),
        Metric::ForecastBias => {
            r.forecast.bias_relative.map_or("—".into(), |b| format!("{:+.1}%", b * 100.0))
        }
        Metric::Mape => percent_or_dash(r.forecast.mape),
        Metric::WarnShape => format!(
            "{} / {}",
            percent_or_dash(r.forecast.warn_shape.precision),
            percent_or_dash(r.forecast.warn_shape.recall)
        ),
        Metric::WarnForecast => format!(
            "{} / {}",
            percent_or_dash(r.forecast.warn_forecast.precision),
            percent_or_dash(r.forecast.warn_forecast.recall)
        ),
        Metric::RecordedConversion | Metric::CheckpointVsPlan | Metric::WarnShapeCurve => {
            "—".into()
        }
    }
}

/// The list of lessons.
#[component]
pub fn LessonList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    view! {
        <section class="lessons">
            <h2>{move || tr(lang.get(), "lessons")}</h2>
            <ol>
                {move || all_lessons().into_iter().map(|l| {
                    let href = Route::Lesson(l.id.clone()).hash();
                    view! { <li><a data-testid="lesson-link" href=href>{text(lang.get(), &l.title)}</a>
                        <p>{text(lang.get(), &l.question)}</p></li> }
                }).collect_view()}
            </ol>
        </section>
    }
}

/// One lesson: explanation, prediction, reveal.
#[component]
pub fn LessonView(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let all = all_lessons();
    let Some(pos) = all.iter().position(|l| l.id == id) else {
        return view! { <section class="lesson"><p>"?"</p><a href="#/lessons">{move || tr(lang.get(), "lessons")}</a></section> }.into_any();
    };
    let lesson = all[pos].clone();
    let prev = pos.checked_sub(1).map(|i| Route::Lesson(all[i].id.clone()).hash());
    let next = all.get(pos + 1).map(|l| Route::Lesson(l.id.clone()).hash());
    // Each arm's label and individual shape (expected deals per stage), drawn beside it.
    let labels: Vec<(Text, Vec<f64>)> = lesson
        .scenarios()
        .map(|arms| {
            arms.into_iter()
                .map(|(t, spec)| {
                    let shape = crate::sim::Scenario::new(spec)
                        .map(|s| crate::sim::model::shape_counts(&s))
                        .unwrap_or_default();
                    (t, shape)
                })
                .collect()
        })
        .unwrap_or_default();
    state.lesson_reports.set(vec![None; labels.len()]);
    state.lesson_deltas.set(vec![None; labels.len()]);
    let revealed =
        move || state.lesson_reports.with(|v| !v.is_empty() && v.iter().all(Option::is_some));
    let metrics = lesson.metrics.clone();
    let lesson_for_reveal = lesson.clone();
    let rows = labels.into_iter().enumerate().map(|(n, (label, shape))| {
        let metrics = metrics.clone();
        view! {
            <tr>
                <td class="arm"><ShapeMini shape=shape />{move || text(lang.get(), &label)}</td>
                <td><input class="guess" data-testid="lesson-guess" inputmode="decimal" placeholder="%" /></td>
                {move || {
                    let l = lang.get();
                    let report = state.lesson_reports.with(|v| v.get(n).cloned().flatten());
                    metrics.iter().map(|&m| view! { <td>{report.as_ref().map(|r| metric_value(l, m, r)).unwrap_or_default()}</td> }).collect_view()
                }}
                <td>{move || state.lesson_deltas.with(|v| v.get(n).copied().flatten())
                    .map(|(d, se)| format!("{:+.1} ± {:.1} pp", d * 100.0, se * 100.0)).unwrap_or_default()}</td>
            </tr>
        }
    }).collect_view();
    let head_metrics = lesson.metrics.clone();
    view! {
        <section class="lesson" data-testid="lesson">
            <h2>{let t = lesson.title.clone(); move || text(lang.get(), &t)}</h2>
            <p class="intro">{let t = lesson.intro.clone(); move || text(lang.get(), &t)}</p>
            <p class="question"><b>{let t = lesson.question.clone(); move || text(lang.get(), &t)}</b></p>
            <p class="hint">{move || tr(lang.get(), "predict_first")}</p>
            <table class="reveal" data-testid="lesson-result" class:revealed=revealed>
                <thead><tr>
                    <th>{move || tr(lang.get(), "arm")}</th>
                    <th>{move || tr(lang.get(), "your_guess")}</th>
                    {move || head_metrics.iter().map(|&m| view! { <th>{metric_name(lang.get(), m)}</th> }).collect_view()}
                    <th>{move || tr(lang.get(), "vs_base")}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="buttons">
                <button class="run" data-testid="lesson-reveal" on:click=move |_| reveal(state, runner, &lesson_for_reveal)>
                    {move || tr(lang.get(), "reveal")}</button>
            </div>
            <Show when=revealed>
                <p class="moral" data-testid="lesson-moral">{let t = lesson.moral.clone(); move || text(lang.get(), &t)}</p>
            </Show>
            <nav class="lesson-nav">
                {prev.map(|h| view! { <a data-testid="lesson-prev" href=h>{move || tr(lang.get(), "prev")}</a> })}
                {next.map(|h| view! { <a data-testid="lesson-next" href=h>{move || tr(lang.get(), "next")}</a> })}
            </nav>
        </section>
    }.into_any()
}
