//! Lessons: the list, and one lesson from the posts' claim and the room's prediction to the
//! reveal.

pub(crate) mod checks;
pub(crate) mod head;
pub(crate) mod ladder;
pub(crate) mod present;
pub(crate) mod reveal;
pub(crate) mod slot;
pub(crate) mod stages;
pub(crate) mod study;
pub(crate) mod table;

use leptos::prelude::*;

use crate::app::i18n::{tr, Lang};
use crate::app::lesson::head::LessonHead;
use crate::app::lesson::present::Slides;
use crate::app::lesson::reveal::{RevealCharts, RevealDetails};
use crate::app::lesson::table::ArmTable;
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::room::notes::{announce, open_notes};
use crate::app::room::words::{word, Word};
use crate::app::room::{poll, Room, RoomBar, RoomOpen, RoomPanel, RoomSpread};
use crate::app::state::{AppState, Route};
use crate::app::widgets::header::ShapeMini;
use crate::charts::Z95;
use crate::content::lessons::{lessons, Lesson, LessonKind, Text};
use crate::host::protocol::Response;
use crate::sim::model::shape_counts;
use crate::sim::{RunConfig, Scenario, ScenarioSpec};
use crate::ui::reveal::is_column;
use crate::ui::room::{NotesMsg, Truth};
use crate::ui::slides::{slides as steps, Slide};
use crate::words::i18n::Phrase;

/// A text in the page's language.
pub fn text(lang: Lang, t: &Text) -> String {
    match lang {
        Lang::Ru => t.ru.clone(),
        Lang::En => t.en.clone(),
    }
}

/// Every lesson (the files are checked by the native tests; a broken one shows as none).
pub fn all_lessons() -> Vec<Lesson> {
    lessons().unwrap_or_default()
}

/// One arm of the open lesson, as the page shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmView {
    /// Its name.
    pub label: Text,
    /// Its scenario.
    pub spec: ScenarioSpec,
    /// Its individual shape (expected deals per stage), drawn beside its name.
    pub shape: Vec<f64>,
}

fn arms(lesson: &Lesson) -> Vec<ArmView> {
    let Ok(arms) = lesson.scenarios() else { return Vec::new() };
    arms.into_iter()
        .map(|(label, spec)| {
            let shape = Scenario::new(spec.clone()).map(|s| shape_counts(&s)).unwrap_or_default();
            ArmView { label, spec, shape }
        })
        .collect()
}

/// Each arm's name, the baseline first, whatever the lesson's kind.
pub fn arm_labels(lesson: &Lesson) -> Vec<Text> {
    match lesson.kind {
        LessonKind::Ladder => ladder::arms(lesson).into_iter().map(|(t, _)| t).collect(),
        LessonKind::Funnel => {
            lesson.scenarios().map(|a| a.into_iter().map(|(t, _)| t).collect()).unwrap_or_default()
        }
    }
}

/// The simulation's answer for each arm of the open funnel lesson, from its reveal.
fn funnel_truths(state: AppState) -> Vec<Option<Truth>> {
    state.lesson.reports().with(|v| {
        v.iter().map(|r| r.as_ref().map(|r| Truth::of(r.p_plan, r.p_plan_se, Z95))).collect()
    })
}

/// Reveals the open lesson: a funnel lesson's scenarios in the simulation, a ladder lesson's
/// ladders in the ladder model ([`ladder::reveal`]).
pub fn reveal(state: AppState, runner: Runner, lesson: &Lesson) {
    match lesson.kind {
        LessonKind::Ladder => ladder::reveal(state, runner, lesson),
        LessonKind::Funnel => reveal_funnel(state, runner, lesson),
    }
}

/// Runs a lesson's baseline and its variants on common random numbers, as a run of its own
/// whose results only this lesson's rows take, and only while it is open; a reveal already on
/// screen stands (the same arms, trials and seed would give the same numbers).
fn reveal_funnel(state: AppState, runner: Runner, lesson: &Lesson) {
    let Ok(arms) = lesson.scenarios() else { return };
    if state.lesson.complete(&lesson.id) {
        return;
    }
    let Some(run) = state.lesson.begin(&lesson.id, arms.len()) else { return };
    let config = state.config.get_untracked().unwrap_or_default();
    let config = RunConfig { trials: config.trials.min(20_000), ..config };
    let base = arms[0].1.to_json();
    let slot = state.lesson;
    // Each arm's answer fills its row of this run only, and only while the run is current.
    let order = |arm: usize, work: Work| {
        Order::new(work, move |response| match response {
            Response::Done { report, .. } => {
                slot.fill(run, arm, *report, None);
            }
            Response::Compared { report, .. } => {
                let delta = (report.delta_p_plan, report.delta_p_plan_se_paired);
                slot.fill(run, arm, report.b, Some(delta));
            }
            Response::Failed { error, .. } => slot.fail(run, error),
            _ => {}
        })
        .while_wanted(move || slot.wants(run))
    };
    let mut orders = vec![order(0, Work::Run(base.clone()))];
    for (arm, (_, spec)) in arms.iter().enumerate().skip(1) {
        orders.push(order(arm, Work::Compare(base.clone(), spec.to_json())));
    }
    runner.submit(orders, config);
}

/// Opens an arm in the editor, named after the arm, so the trainer can change a number and
/// run it again.
pub fn open_arm(state: AppState, arm: &ArmView) {
    let mut spec = arm.spec.clone();
    spec.name = arm.label.ru.clone();
    spec.name_en = Some(arm.label.en.clone());
    state.load(spec, String::new());
    let _ = window().location().set_hash(&Route::Editor.hash());
}

/// The list of lessons.
#[component]
pub fn LessonList() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    view! {
        <section class="lessons">
            <h2>{move || tr(lang.get(), Phrase::Lessons)}</h2>
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

/// What differs between a funnel lesson and a ladder lesson on the page: the arms' names, the
/// simulation's answer for each (the room's truth), whether the reveal is in, how many details
/// steps it has, and the views of its question's table, its reveal's charts and its details.
struct Parts {
    labels: Vec<Text>,
    truths: Signal<Vec<Option<Truth>>>,
    revealed: Signal<bool>,
    details: usize,
    table: AnyView,
    charts: AnyView,
    more: AnyView,
}

/// A funnel lesson's parts: its scenarios, the simulation's reports, the arms' table with the
/// lesson's columns, the bars and the overlaid distributions, and one details step per kind of
/// per-stage table.
fn funnel_parts(state: AppState, lesson: &Lesson, guesses: RwSignal<Vec<String>>) -> Parts {
    let arms = arms(lesson);
    let labels: Vec<Text> = arms.iter().map(|a| a.label.clone()).collect();
    let metrics = lesson.metrics.clone();
    let revealed = Signal::derive(move || {
        state.lesson.reports().with(|v| !v.is_empty() && v.iter().all(Option::is_some))
    });
    let (chart_labels, detail_labels) = (labels.clone(), labels.clone());
    let detail_metrics = metrics.clone();
    Parts {
        truths: Signal::derive(move || funnel_truths(state)),
        details: metrics.iter().filter(|&&m| !is_column(m)).count(),
        table: view! { <ArmTable arms=arms metrics=metrics guesses=guesses /> }.into_any(),
        charts: view! {
            <Show when=move || revealed.get()><RevealCharts labels=chart_labels.clone() guesses=guesses /></Show>
        }
        .into_any(),
        more: view! {
            <Show when=move || revealed.get()>
                <RevealDetails labels=detail_labels.clone() metrics=detail_metrics.clone() />
            </Show>
        }
        .into_any(),
        labels,
        revealed,
    }
}

/// A ladder lesson's parts: its ladders, the ladder model's month per arm, the guesses beside
/// each arm's P(plan), the bars, and one details step with the ladder's own numbers.
fn ladder_parts(state: AppState, lesson: &Lesson, guesses: RwSignal<Vec<String>>) -> Parts {
    let labels: Vec<Text> = ladder::arms(lesson).into_iter().map(|(t, _)| t).collect();
    // A ladder lesson opens and closes with no results (a reveal of another visit is not shown).
    ladder::forget(state);
    on_cleanup(move || ladder::forget(state));
    let results = ladder::results(state, lesson.id.clone());
    let n = labels.len();
    let (table_labels, chart_labels, detail_labels) =
        (labels.clone(), labels.clone(), labels.clone());
    let revealed = Signal::derive(move || results.with(Option::is_some));
    Parts {
        truths: Signal::derive(move || ladder::truths(results, n)),
        details: 1,
        table:
            view! { <ladder::LadderTable labels=table_labels guesses=guesses results=results /> }
                .into_any(),
        charts: view! {
            <Show when=move || revealed.get()>
                <ladder::LadderBars labels=chart_labels.clone() guesses=guesses results=results />
            </Show>
        }
        .into_any(),
        more: view! {
            <Show when=move || revealed.get()>
                <ladder::LadderNumbers labels=detail_labels.clone() results=results />
            </Show>
        }
        .into_any(),
        labels,
        revealed,
    }
}

/// One lesson: the claim and its source, our assumptions, the question, the room's guesses,
/// and the reveal drawn. In presenter mode it is slides: one step at a time (claim and
/// assumptions; question and votes; the room's spread; the reveal; the details), stepped by the
/// keys. With `funnel-lab serve` behind the page, the lesson opens to the room's phones. A
/// funnel lesson and a ladder lesson differ only in their [`Parts`].
#[component]
pub fn LessonView(id: String) -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let slides = expect_context::<Slides>();
    let lang = state.lang;
    let all = all_lessons();
    let Some(pos) = all.iter().position(|l| l.id == id) else {
        return view! { <section class="lesson"><p>"?"</p><a href="#/lessons">{move || tr(lang.get(), Phrase::Lessons)}</a></section> }.into_any();
    };
    let lesson = all[pos].clone();
    let prev = pos.checked_sub(1).map(|i| Route::Lesson(all[i].id.clone()).hash());
    let next = all.get(pos + 1).map(|l| Route::Lesson(l.id.clone()).hash());
    let is_ladder = lesson.kind == LessonKind::Ladder;
    let guesses = RwSignal::new(Vec::new());
    let Parts { labels, truths, revealed, details, table, charts, more } = if is_ladder {
        ladder_parts(state, &lesson, guesses)
    } else {
        funnel_parts(state, &lesson, guesses)
    };
    guesses.set(vec![String::new(); labels.len()]);
    // This visit's rows, empty: no run started before (a lesson left mid-reveal) fills them.
    // Leaving drops this visit's run too, so the workers are free for the next page.
    let visit = state.lesson.open(&lesson.id, labels.len());
    runner.drop_unwanted();
    on_cleanup(move || {
        state.lesson.close(visit);
        runner.drop_unwanted();
    });
    // Every lesson starts at its first step.
    slides.at.set(Slide::Claim);
    let room = Room::new(&lesson.id, truths);
    poll(room);
    Effect::new(move |_| slides.list.set(steps(room.is_open(), details)));
    // Arriving at the spread or the reveal closes the room's round and fetches its votes.
    Effect::new(move |_| {
        let at = slides.at.get();
        if matches!(at, Slide::Spread | Slide::Reveal) && room.open.with_untracked(Option::is_some)
        {
            room.collect();
        }
    });
    let for_key = StoredValue::new(lesson.clone());
    let do_reveal = move || {
        for_key.with_value(|l| reveal(state, runner, l));
        if slides.at.get_untracked() == Slide::Reveal {
            room.collect();
        }
        slides.go(Slide::Reveal);
    };
    let on_reveal = Callback::new(move |()| do_reveal());
    // Another round: the phones follow; the projector shows the question and the count again.
    let on_again = Callback::new(move |()| {
        room.again();
        slides.go(Slide::Question);
    });
    let on_spread = Callback::new(move |()| {
        if slides.at.get_untracked() == Slide::Spread {
            room.collect();
        }
        slides.go(Slide::Spread);
    });
    let lesson_id = lesson.id.clone();
    announce(Signal::derive(move || NotesMsg {
        lesson: lesson_id.clone(),
        slide: slides.at.get().key().to_owned(),
        truths: truths.get().into_iter().map(|t| t.map(|t| (t.p, t.lo, t.hi))).collect(),
        code: room.open.with(|o| o.as_ref().map(|c| c.code.clone())),
        round: room.status.with(|s| s.as_ref().map(|s| s.round)),
        answered: room.status.with(|s| s.as_ref().map(|s| s.answered())),
    }));
    // Between asking and the answer the reveal step says it is coming.
    let pending = move || {
        slides.at.get() == Slide::Reveal
            && !revealed.get()
            && state.lesson.failure().with(Option::is_none)
    };
    let t = move |t: &Text| {
        let t = t.clone();
        move || text(lang.get(), &t)
    };
    let w = move |x: Word| move || word(lang.get(), x);
    let (spread_labels, panel_labels) = (labels.clone(), labels.clone());
    let reveal_labels = StoredValue::new(labels);
    view! {
        <section class="lesson" data-testid="lesson" tabindex="-1" class:revealed=move || revealed.get()
            class:ladder=is_ladder
            class:with-room=move || room.is_open() data-slide=move || slides.at.get().key()
            data-detail=move || match slides.at.get() { Slide::Details(i) => i.to_string(), _ => String::new() }
            data-step=move || { let at = slides.at.get(); slides.list.with(|l| l.iter().position(|s| *s == at).unwrap_or(0)) }
            data-steps=move || slides.list.with(Vec::len)>
            <h2>{t(&lesson.title)}</h2>
            <div class="slide s-claim">
                <LessonHead lesson=lesson.clone() />
                <p class="intro">{t(&lesson.intro)}</p>
            </div>
            <div class="slide s-question">
                <div class="q-main">
                    <p class="question"><b>{t(&lesson.question)}</b></p>
                    <p class="hint">{move || tr(lang.get(), Phrase::PredictFirst)}</p>
                    {table}
                    <div class="buttons">
                        <button class="run" data-testid="lesson-reveal" on:click=move |_| do_reveal()>
                            {move || tr(lang.get(), Phrase::Reveal)}</button>
                        <RoomOpen room=room />
                        <button data-testid="notes-open" on:click=move |_| open_notes()>{w(Word::Notes)}</button>
                    </div>
                </div>
                <RoomPanel room=room labels=panel_labels on_spread=on_spread on_reveal=on_reveal on_again=on_again />
            </div>
            <Show when=move || room.is_open()>
                <div class="slide s-spread" data-testid="slide-spread">
                    <RoomSpread room=room labels=spread_labels.clone() reveal=false />
                    <RoomBar room=room labels=spread_labels.clone() on_spread=on_spread on_reveal=on_reveal on_again=on_again prefix="spread" />
                </div>
            </Show>
            {move || state.lesson.failure().get().map(|m| view! { <p class="error" role="alert" data-testid="lesson-error">{crate::ui::errors::job_error_text(lang.get(), &m)}</p> })}
            <div class="slide s-reveal">
                {move || pending().then(|| view! { <p class="hint" data-testid="lesson-pending">"…"</p> })}
                <Show when=move || revealed.get()>
                    <p class="moral" data-testid="lesson-moral">{t(&lesson.moral)}</p>
                    {let id = lesson.id.clone(); move || crate::ui::goal_view::lesson_prompt(&id, lang.get()).map(|(p, link)| view! {
                        <p class="goal-prompt" data-testid="lesson-goal">{p}" "<a href="#/">{link}</a></p>
                    })}
                    <Show when=move || room.is_open() && room.results.with(Option::is_some)>
                        <div class="room-revealed">
                            <RoomSpread room=room labels=reveal_labels.get_value() reveal=true />
                            <RoomBar room=room labels=reveal_labels.get_value() on_spread=on_spread on_reveal=on_reveal on_again=on_again prefix="reveal" />
                        </div>
                    </Show>
                </Show>
                {charts}
            </div>
            <div class="slide s-details">
                {more}
            </div>
            <nav class="lesson-nav" aria-label=move || tr(lang.get(), Phrase::Lessons)>
                {prev.map(|h| view! { <a data-testid="lesson-prev" href=h>{move || tr(lang.get(), Phrase::Prev)}</a> })}
                {next.map(|h| view! { <a data-testid="lesson-next" href=h>{move || tr(lang.get(), Phrase::Next)}</a> })}
            </nav>
        </section>
    }.into_any()
}

/// An arm's name with its colour (the colour of its bar and curve) and its shape.
#[component]
pub fn ArmName(n: usize, label: Text, #[prop(optional)] shape: Vec<f64>) -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    let c = crate::charts::arm_colour(n);
    let chip = format!("background: rgb({}, {}, {})", c.0, c.1, c.2);
    view! {
        <span class="arm-name">
            <i class="chip" style=chip></i>
            {(!shape.is_empty()).then(|| view! { <ShapeMini shape=shape /> })}
            <span>{move || text(lang.get(), &label)}</span>
        </span>
    }
}
