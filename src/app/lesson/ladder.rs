//! A ladder lesson (`"kind": "ladder"`): its arms are ladder files, revealed by the ladder
//! model ([`crate::studies::ladder`]) in a worker. The lesson's page and its steps are the
//! funnel lessons' ([`crate::app::lesson::LessonView`]); this module gives what differs: the
//! arms, the reveal's job, each arm's P(plan) (the room's truth), the question's table (the
//! guess beside P(plan) and the difference from the baseline), the bars of the reveal step and
//! the details step's table: the month's revenue, the exact revenue per lead, the climb to the
//! flagship and P(plan) without the top rung's sales.

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::lesson::{text, ArmName};
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::{AppState, Route};
use crate::app::widgets::chart::PlotCanvas;
use crate::charts::{draw_reveal_bars, ChartText, RevealBar, Z95};
use crate::content::lessons::{Lesson, Text};
use crate::host::protocol::LabJob;
use crate::host::protocol::{LabResult, Response};
use crate::studies::ladder::{
    ladder_preset_json, read_arms, LadderReport, LadderSpec, PeriodRevenue,
};
use crate::ui::reveal::parse_guess;
use crate::ui::room::Truth;
use crate::words::format::Numbers;
use crate::words::i18n::Phrase;
use crate::words::ladder::LadderWord;

/// Trials of each arm's month.
const TRIALS: u64 = 4_000;

/// One arm's reading: its ladder and its month.
pub type ArmResult = (LadderReport, PeriodRevenue);

fn t(lang: Lang, p: LadderWord) -> &'static str {
    p.text(lang)
}

fn pct(lang: Lang, x: f64) -> String {
    Numbers(lang).percent(x)
}

/// A ladder lesson's arms: each arm's name and its ladder (none when a file does not read; the
/// native tests read every lesson's).
pub fn arms(lesson: &Lesson) -> Vec<(Text, LadderSpec)> {
    lesson.ladder_files(ladder_preset_json).and_then(|files| read_arms(&files)).unwrap_or_default()
}

/// The open ladder lesson's results, once its reveal is in: filed with the lesson's id by the
/// answer's handler, so a result of another lesson is never shown here.
pub fn results(state: AppState, id: String) -> Memo<Option<Vec<ArmResult>>> {
    Memo::new(move |_| {
        state.tools.lab.with(|l| {
            l.ladder_arms.as_ref().filter(|(of, _)| *of == id).map(|(_, arms)| arms.clone())
        })
    })
}

/// Forgets any ladder lesson's results (a ladder lesson opens and closes empty).
pub fn forget(state: AppState) {
    if state.tools.lab.with_untracked(|l| l.ladder_arms.is_some()) {
        state.tools.lab.update(|l| l.ladder_arms = None);
    }
}

/// Each arm's P(plan) with its 95% interval, once revealed: the truth the room's guesses meet.
pub fn truths(results: Memo<Option<Vec<ArmResult>>>, arms: usize) -> Vec<Option<Truth>> {
    results.with(|r| match r {
        Some(r) => r.iter().map(|(_, p)| Some(Truth::of(p.p_plan, p.p_plan_se, Z95))).collect(),
        None => vec![None; arms],
    })
}

/// Runs the lesson's ladders in a worker, as a run of the open lesson's slot (so leaving the
/// lesson drops it, and a late answer is not taken); a reveal already in stands (the same
/// ladders, trials and seed give the same numbers).
pub fn reveal(state: AppState, runner: Runner, lesson: &Lesson) {
    let arms = arms(lesson);
    let id = lesson.id.clone();
    let done = state.tools.lab.with_untracked(|l| {
        l.ladder_arms.as_ref().is_some_and(|(of, r)| *of == id && r.len() == arms.len())
    });
    if arms.is_empty() || done {
        return;
    }
    let slot = state.lesson;
    let Some(run) = slot.begin(&id, arms.len()) else { return };
    let count = arms.len();
    let ladders = arms.iter().map(|(_, s)| s.to_json()).collect();
    let job = LabJob::LadderArms { ladders, trials: TRIALS, seed: 1 };
    let config = state.config.get_untracked().unwrap_or_default();
    let order = Order::new(Work::Lab(job), move |response| match response {
        Response::LabDone { result, .. } => {
            if let LabResult::LadderArms(arms) = *result {
                if arms.len() == count && slot.wants(run) {
                    let id = id.clone();
                    state.tools.lab.update(|l| l.ladder_arms = Some((id, arms)));
                }
            }
        }
        Response::Failed { error, .. } => slot.fail(run, error),
        _ => {}
    })
    .while_wanted(move || slot.wants(run));
    runner.submit(vec![order], config);
}

/// The difference of arm `n`'s P(plan) from the baseline's, with the 95% interval of
/// independent samples (each ladder plays its own months).
fn delta(lang: Lang, r: &[ArmResult], n: usize) -> String {
    match (r.first(), r.get(n)) {
        (Some((_, base)), Some((_, per))) if n > 0 => {
            let se = (base.p_plan_se.powi(2) + per.p_plan_se.powi(2)).sqrt();
            Numbers(lang).points_interval(per.p_plan - base.p_plan, Z95 * se)
        }
        _ => String::new(),
    }
}

/// The question's table: each arm, the guess typed beside it and, once revealed, its P(plan)
/// and its difference from the baseline.
#[component]
pub fn LadderTable(
    labels: Vec<Text>,
    guesses: RwSignal<Vec<String>>,
    results: Memo<Option<Vec<ArmResult>>>,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let rows = labels
        .into_iter()
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
            let p_plan = move || {
                let l = lang.get();
                results.with(|r| {
                    let (_, per) = r.as_ref()?.get(n)?;
                    Some(format!("{} ± {}", pct(l, per.p_plan), pct(l, Z95 * per.p_plan_se)))
                })
            };
            let delta = move || results.with(|r| r.as_ref().map(|r| delta(lang.get(), r, n)));
            view! {
                <tr>
                    <td class="arm"><ArmName n=n label=label /></td>
                    <td><input class="guess" data-testid="lesson-guess" inputmode="decimal" placeholder="%"
                        aria-label=move || format!("{}: {}", tr(lang.get(), Phrase::YourGuess), text(lang.get(), &guess_label))
                        prop:value=guess on:input=set_guess /></td>
                    <td data-testid="ladder-lesson-p-plan">{p_plan}</td>
                    <td class="delta">{delta}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="reveal" data-testid="lesson-result">
            <thead><tr>
                <th>{move || tr(lang.get(), Phrase::Arm)}</th>
                <th>{move || tr(lang.get(), Phrase::YourGuess)}</th>
                <th>{move || t(lang.get(), LadderWord::PPlan95)}</th>
                <th>{move || tr(lang.get(), Phrase::VsBase)}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}

/// The reveal's bars: each arm's P(plan) with its interval beside the guess typed for it.
#[component]
pub fn LadderBars(
    labels: Vec<Text>,
    guesses: RwSignal<Vec<String>>,
    results: Memo<Option<Vec<ArmResult>>>,
) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
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
                label: labels.get(i).map(|t| text(l, t)).unwrap_or_default(),
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
                numbers: Numbers(l),
                ..ChartText::default()
            },
        ))
    });
    view! {
        <div class="reveal-charts">
            <PlotCanvas data=bar_data testid="lesson-bars" class="reveal-chart"
                draw=|area, (b, t): &(Vec<RevealBar>, ChartText), s| draw_reveal_bars(area, b, t, s)
                describe=|(b, t), en| crate::charts::alt::reveal_bars(en, b, t) />
        </div>
    }
}

/// The details step: each arm's month (revenue and its 10th and 90th percentiles), the exact
/// revenue per lead, the days to the flagship and P(plan) without the top rung's sales; a link
/// to the ladder page for the paths.
#[component]
pub fn LadderNumbers(labels: Vec<Text>, results: Memo<Option<Vec<ArmResult>>>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let rows = labels
        .into_iter()
        .enumerate()
        .map(|(n, label)| {
            let cells = move || {
                let l = lang.get();
                let nf = Numbers(l);
                results.with(|r| {
                    let (lad, per) = r.as_ref()?.get(n)?;
                    Some(view! {
                        <td>{nf.grouped(per.revenue)}</td>
                        <td>{nf.grouped(per.p10)}</td>
                        <td>{nf.grouped(per.p90)}</td>
                        <td data-testid="ladder-lesson-per-lead">{nf.grouped(lad.revenue_per_lead)}</td>
                        <td>{nf.decimal(lad.to_flagship.mean, 1)}</td>
                        <td>{pct(l, per.p_plan_without_top)}</td>
                    })
                })
            };
            view! { <tr><td class="arm"><ArmName n=n label=label /></td>{cells}</tr> }
        })
        .collect_view();
    view! {
        <section class="reveal-detail ladder-numbers" data-testid="ladder-lesson-numbers" data-i="0">
            <h3>{move || t(lang.get(), LadderWord::LadderNumbers)}</h3>
            <table class="reveal">
                <thead><tr>
                    <th>{move || tr(lang.get(), Phrase::Arm)}</th>
                    <th>{move || t(lang.get(), LadderWord::MonthSRevenue)}</th>
                    <th>"P10"</th>
                    <th>"P90"</th>
                    <th>{move || t(lang.get(), LadderWord::PerLeadExact)}</th>
                    <th>{move || t(lang.get(), LadderWord::DaysFlagship)}</th>
                    <th>{move || t(lang.get(), LadderWord::PPlanWithoutVip)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            <p class="hint">{move || t(lang.get(), LadderWord::EachLadderOwn4)}</p>
            <p><a href=Route::Ladder.hash() data-testid="lesson-ladder-link">{move || t(lang.get(), LadderWord::PathsIntoFlagshipRevenue)}</a></p>
        </section>
    }
}
