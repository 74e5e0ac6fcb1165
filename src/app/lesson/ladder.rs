//! A ladder lesson (`"kind": "ladder"`): its arms are ladder files, revealed by the ladder
//! model ([`crate::studies::ladder`]) in a worker: each arm's P(plan) beside the room's guess,
//! its revenue, the exact revenue per lead, the climb to the flagship and P(plan) without the
//! top rung's sales.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::lesson::head::LessonHead;
use crate::app::lesson::{text, ArmName};
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::{AppState, Route};
use crate::app::widgets::chart::PlotCanvas;
use crate::charts::{draw_reveal_bars, ChartText, RevealBar, Z95};
use crate::content::lessons::{Lesson, Text};
use crate::host::protocol::LabJob;
use crate::host::protocol::{LabResult, Response};
use crate::studies::ladder::{ladder_preset_json, read_arms, LadderSpec};
use crate::ui::reveal::parse_guess;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;
use crate::words::ladder::LadderWord;

/// Trials of each arm's month.
const TRIALS: u64 = 4_000;

fn t(lang: Lang, p: LadderWord) -> &'static str {
    p.text(lang)
}

fn pct(lang: Lang, x: f64) -> String {
    Numbers(lang).percent(x)
}

/// One ladder lesson, from the claim to the reveal.
#[component]
pub fn LadderLesson(lesson: Lesson, prev: Option<String>, next: Option<String>) -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let arms: Vec<(Text, LadderSpec)> = lesson
        .ladder_files(ladder_preset_json)
        .and_then(|files| read_arms(&files))
        .unwrap_or_default();
    // This lesson's results: filed with the lesson's id by the answer's handler, so a result of
    // another lesson (still arriving) is not shown here; emptied on arrival and on leaving. They
    // live in the page's state, not in this view, which the lesson page may draw afresh while a
    // reveal runs.
    let id = lesson.id.clone();
    state.tools.lab.update(|l| l.ladder_arms = None);
    on_cleanup(move || state.tools.lab.update(|l| l.ladder_arms = None));
    let results = Memo::new({
        let id = id.clone();
        move |_| {
            state.tools.lab.with(|l| {
                l.ladder_arms.as_ref().filter(|(of, _)| *of == id).map(|(_, arms)| arms.clone())
            })
        }
    });
    let arms_count = arms.len();
    let guesses = RwSignal::new(vec![String::new(); arms.len()]);
    let asked = RwSignal::new(false);
    let revealed = move || results.with(Option::is_some);
    let files: Vec<String> = arms.iter().map(|(_, s)| s.to_json()).collect();
    let reveal = move |_| {
        asked.set(true);
        let id = id.clone();
        let job = LabJob::LadderArms { ladders: files.clone(), trials: TRIALS, seed: 1 };
        let config = state.config.get_untracked().unwrap_or_default();
        runner.submit(
            vec![Order::new(Work::Lab(job), move |response| match response {
                Response::LabDone { result, .. } => {
                    if let LabResult::LadderArms(arms) = *result {
                        if arms.len() == arms_count {
                            let id = id.clone();
                            state.tools.lab.update(|l| l.ladder_arms = Some((id, arms)));
                        }
                    }
                }
                Response::Failed { error, .. } => {
                    state.tools.lab_failure.set(Some(error));
                }
                _ => {}
            })],
            config,
        );
    };
    let labels: Vec<Text> = arms.iter().map(|(l, _)| l.clone()).collect();
    let rows = labels
        .iter()
        .enumerate()
        .map(|(n, label)| {
            let guess = move || guesses.with(|g| g.get(n).cloned().unwrap_or_default());
            let set_guess = move |ev| {
                guesses.update(|g| {
                    if let Some(slot) = g.get_mut(n) {
                        *slot = event_target_value(&ev);
                    }
                })
            };
            let guess_label = label.clone();
            let cells = move || {
                let l = lang.get();
                let nf = Numbers(l);
                let r = results.get()?;
                let (lad, per) = r.get(n)?.clone();
                let days = nf.decimal(lad.to_flagship.mean, 1);
                let delta = if n == 0 {
                    String::new()
                } else {
                    let base = &r[0].1;
                    let se = (base.p_plan_se.powi(2) + per.p_plan_se.powi(2)).sqrt();
                    nf.points_interval(per.p_plan - base.p_plan, Z95 * se)
                };
                Some(view! {
                    <td>{format!("{} ± {}", pct(l, per.p_plan), pct(l, Z95 * per.p_plan_se))}</td>
                    <td>{nf.grouped(per.revenue)}</td>
                    <td>{nf.grouped(per.p10)}</td>
                    <td>{nf.grouped(per.p90)}</td>
                    <td data-testid="ladder-lesson-per-lead">{nf.grouped(lad.revenue_per_lead)}</td>
                    <td>{days}</td>
                    <td>{pct(l, per.p_plan_without_top)}</td>
                    <td class="delta">{delta}</td>
                })
            };
            let blank = move || {
                results.with(Option::is_none).then(|| (0..8).map(|i| view! { <td class:delta=i == 7></td> }).collect_view())
            };
            view! {
                <tr>
                    <td class="arm"><ArmName n=n label=label.clone() /></td>
                    <td><input class="guess" data-testid="lesson-guess" inputmode="decimal" placeholder="%"
                        aria-label=move || format!("{}: {}", tr(lang.get(), Phrase::YourGuess), text(lang.get(), &guess_label))
                        prop:value=guess on:input=set_guess /></td>
                    {cells}
                    {blank}
                </tr>
            }
        })
        .collect_view();
    let names = labels.clone();
    let bar_data = Signal::derive(move || {
        let l = lang.get();
        let r = results.get()?;
        let guessed: Vec<Option<f64>> =
            guesses.with(|g| g.iter().map(|t| parse_guess(t)).collect());
        let base = r.first()?.1.clone();
        let bars = r
            .iter()
            .enumerate()
            .map(|(i, (_, p))| RevealBar {
                label: names.get(i).map(|t| text(l, t)).unwrap_or_default(),
                p: p.p_plan,
                se: p.p_plan_se,
                guess: guessed.get(i).copied().flatten(),
                delta: (i > 0).then(|| {
                    (p.p_plan - base.p_plan, (p.p_plan_se.powi(2) + base.p_plan_se.powi(2)).sqrt())
                }),
            })
            .collect();
        let legend =
            vec![tr(l, Phrase::BarsLegend).to_owned(), tr(l, Phrase::GuessMarker).to_owned()];
        Some((
            bars,
            ChartText {
                title: tr(l, Phrase::ChartBars).into(),
                legend,
                numbers: crate::words::format::Numbers(l),
                ..ChartText::default()
            },
        ))
    });
    let tt = move |x: &Text| {
        let x = x.clone();
        move || text(lang.get(), &x)
    };
    view! {
        <section class="lesson" data-testid="lesson" tabindex="-1" class:revealed=revealed>
            <h2>{tt(&lesson.title)}</h2>
            <LessonHead lesson=lesson.clone() />
            <p class="intro">{tt(&lesson.intro)}</p>
            <p class="question"><b>{tt(&lesson.question)}</b></p>
            <p class="hint">{move || tr(lang.get(), Phrase::PredictFirst)}</p>
            <table class="reveal" data-testid="lesson-result">
                <thead><tr>
                    <th>{move || tr(lang.get(), Phrase::Arm)}</th>
                    <th>{move || tr(lang.get(), Phrase::YourGuess)}</th>
                    <th>{move || t(lang.get(), LadderWord::PPlan95)}</th>
                    <th>{move || t(lang.get(), LadderWord::MonthSRevenue)}</th>
                    <th>"P10"</th>
                    <th>"P90"</th>
                    <th>{move || t(lang.get(), LadderWord::PerLeadExact)}</th>
                    <th>{move || t(lang.get(), LadderWord::DaysFlagship)}</th>
                    <th>{move || t(lang.get(), LadderWord::PPlanWithoutVip)}</th>
                    <th>{move || tr(lang.get(), Phrase::VsBase)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">{move || t(lang.get(), LadderWord::EachLadderOwn4)}</p>
            <div class="buttons">
                <button class="run" data-testid="lesson-reveal" on:click=reveal>
                    {move || tr(lang.get(), Phrase::Reveal)}</button>
            </div>
            {move || (asked.get() && !revealed()).then(|| view! { <p class="hint">"…"</p> })}
            <Show when=revealed>
                <p class="moral" data-testid="lesson-moral">{tt(&lesson.moral)}</p>
                <div class="reveal-charts">
                    <PlotCanvas data=bar_data testid="lesson-bars" class="reveal-chart"
                        draw=|area, (b, t): &(Vec<RevealBar>, ChartText), s| draw_reveal_bars(area, b, t, s)
                        describe=|(b, t), en| crate::charts::alt::reveal_bars(en, b, t) />
                </div>
                <p><a href=Route::Ladder.hash() data-testid="lesson-ladder-link">{move || t(lang.get(), LadderWord::PathsIntoFlagshipRevenue)}</a></p>
            </Show>
            <nav class="lesson-nav" aria-label=move || tr(lang.get(), Phrase::Lessons)>
                {prev.map(|h| view! { <a data-testid="lesson-prev" href=h>{move || tr(lang.get(), Phrase::Prev)}</a> })}
                {next.map(|h| view! { <a data-testid="lesson-next" href=h>{move || tr(lang.get(), Phrase::Next)}</a> })}
            </nav>
        </section>
    }
}
