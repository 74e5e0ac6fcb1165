//! The Leptos single-page app: one state provided in `<App/>`, one component per file.

mod calibrate;
mod editor;
mod keep;
mod lesson;
mod pool;
mod room;
mod share;
pub mod state;
mod tools;
mod widgets;

/// The translations live in [`crate::words::i18n`], compiled and tested natively.
pub use crate::words::i18n;

use std::time::Duration;

use leptos::prelude::*;

use i18n::tr;

use crate::ui::slides::Slide;
use crate::words::i18n::Phrase;
use calibrate::CalibrateView;
use editor::analysis::AnalysisPanel;
use editor::results::Results;
use editor::run_bar::{Progress, RunBar};
use editor::ScenarioEditor;
use i18n::Lang;
use lesson::{all_lessons, LessonList, LessonView};
use pool::runner::Runner;
use state::{AppState, Route};
use tools::concepts::ConceptsView;
use tools::ladder::LadderView;
use tools::metrics::MetricsView;
use tools::team::TeamView;
use widgets::chart::{ChartCanvas, ChartKind};
use widgets::header::Header;

const SPEC_KEY: &str = "funnel-lab.scenario";
const LANG_KEY: &str = "funnel-lab.lang";
/// Pause after an edit before it re-runs by itself.
const RERUN_DELAY: Duration = Duration::from_millis(500);
/// The simulator is mounted in pieces, one browser task each, after the page's first task
/// (docs/load.md): the first builds the navigation, the header and the result; then the
/// editor; then the app is shown (the static frame in `index.html` stays on screen until then,
/// and the app, hidden behind it by the style sheet, does no layout while it is built); then
/// the levers' fields (folded in the editor), and below the result the goal panel, each of the
/// three charts, the export bar and the analysis. No single task then builds the whole page,
/// which on a phone blocked the main thread for a third of a second.
const LATER_PIECES: u8 = 9;
/// The piece whose task shows the app in place of the static frame.
const SHOW_PIECE: u8 = 2;

/// Mounts the next later piece in a task of its own, then schedules the one after it.
fn mount_later(later: RwSignal<u8>) {
    set_timeout(
        move || {
            later.update(|n| *n += 1);
            let now = later.get_untracked();
            if now == SHOW_PIECE {
                show_app();
            }
            if now < LATER_PIECES {
                mount_later(later);
            } else if let Some(root) = document().document_element() {
                // Tests (load.test.mjs) read that the whole page is there.
                let _ = root.set_attribute("data-mounted-all", "");
            }
        },
        Duration::ZERO,
    );
}

/// Removes the static frame `index.html` shows until the app is there (`boot.js` filled it);
/// the style sheet hides the app while the frame is in the page.
fn show_app() {
    if let Some(frame) = document().get_element_by_id("first-view") {
        frame.remove();
    }
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

/// Says, until dismissed, that the saved scenario was a schema 1 file and what reading it
/// changed (MODEL.md: the upgrade is never silent).
#[component]
fn UpgradeNotice() -> impl IntoView {
    let state = expect_context::<AppState>();
    move || {
        state.upgrade.get().map(|u| {
            let lang = state.lang.get();
            view! {
                <p class="upgrade-notice" role="status" data-testid="upgrade-notice">
                    {i18n::upgrade_text(lang, &u)}" "
                    <button on:click=move |_| state.upgrade.set(None)>{i18n::tr(lang, Phrase::Dismiss)}</button>
                </p>
            }
        })
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let store = storage();
    let chosen = store.as_ref().and_then(|s| s.get_item(LANG_KEY).ok().flatten());
    let lang = match chosen.as_deref() {
        Some("en") => Lang::En,
        _ => Lang::Ru,
    };
    let saved = store
        .as_ref()
        .and_then(|s| s.get_item(SPEC_KEY).ok().flatten())
        .and_then(|t| crate::sim::ScenarioSpec::from_json_upgrading(&t).ok());
    let (saved, upgrade) = saved.map_or((None, None), |(spec, u)| (Some(spec), u));
    let state = AppState::new(saved, upgrade, lang);
    provide_context(state);
    let runner = Runner::spawn(state);
    provide_context(runner);
    let slides = lesson::present::Slides::new();
    provide_context(slides);
    // Undo, the library, the last valid scenario, and storage that may refuse writes.
    let keep = keep::Keep::install(state, runner);
    let share = share::link::ShareState::provide(chosen.is_some());

    // On the simulator, `boot.js` had the first worker play the open scenario before the page's
    // wasm loaded (docs/load.md). When that was this very scenario with these settings, its
    // report is the page's first result: shown at mount, not played again.
    let adopted = pool::bridge::take_first_run()
        .filter(|(scenario, config, _)| {
            // The text the page keeps is its own writing of the scenario; one saved by hand (or
            // by an older version) is compared as the page reads it.
            let open = state.spec.with_untracked(|s| s.to_json());
            let same = open == *scenario
                || crate::sim::ScenarioSpec::from_json_upgrading(scenario)
                    .is_ok_and(|(spec, _)| spec.to_json() == open);
            same && serde_json::from_str::<crate::sim::RunConfig>(config).ok()
                == state.config.get_untracked().ok()
        })
        .map(|(_, _, report)| state.editor.report.set(Some(*report)))
        .is_some();
    // Any valid edit re-runs after a pause; the first run starts at once (or only its exact
    // line is asked, when its report was adopted).
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let ok = state.validated.with(Result::is_ok) && state.config.with(Result::is_ok);
        if ok {
            // The exact line follows every edit at once (a drag included); the Monte Carlo
            // waits for the pause.
            let delay = if first.get_value() { Duration::ZERO } else { RERUN_DELAY };
            // What a trial of this revision costs: the run bar says at once if a run is over
            // the page's limits.
            runner.estimate();
            if !first.get_value() {
                runner.exact_now();
            }
            if first.get_value() && adopted {
                runner.adopted();
            } else {
                runner.start_after(delay);
            }
            first.set_value(false);
        }
    });
    // Nothing lost: the scenario and a chosen language survive a reload.
    Effect::new(move |_| {
        let json = state.spec.with(|s| s.to_json());
        keep.write(SPEC_KEY, &json);
    });
    // The language is saved once it changes (a choice), not at the first drawing: a first
    // visit has no saved language, so a share link's language applies to it, and a language
    // the link set is not saved as the receiver's choice.
    Effect::new(move |first: Option<Lang>| {
        let l = state.lang.get();
        if first.is_some_and(|before| before != l) {
            if let Some(s) = storage() {
                let _ = s.set_item(LANG_KEY, l.code());
            }
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
        l
    });

    // Each lesson has its own URL: the hash is the route.
    let read_route = move || {
        let hash = window().location().hash().unwrap_or_default();
        // A share link sets the scenario, run and view itself (or is refused, keeping the work).
        if share::link::open_link(state, share, &hash) {
            return;
        }
        let route = Route::parse(&hash);
        // The keys may have set it already (below); setting it again would re-mount the view.
        if state.route.get_untracked() != route {
            state.route.set(route);
        }
    };
    read_route();
    // What is mounted now: the frame, the editor and the result; the rest follows piece by piece.
    let later = RwSignal::new(0u8);
    mount_later(later);
    let shown = move |piece: u8| later.get() >= piece;
    // Another page is built in this task whole: the frame goes with it.
    if state.route.get_untracked() != Route::Editor {
        show_app();
    }
    let _ = window_event_listener(leptos::ev::hashchange, move |_| read_route());
    let _ =
        window_event_listener(leptos::ev::keydown, move |ev| on_key(state, runner, slides, &ev));
    let _ = window_event_listener(leptos::ev::keyup, move |ev| on_key(state, runner, slides, &ev));

    view! {
        <div class="app" class:presenter=move || state.presenter.get()>
            <Nav />
            <share::link::ShareNotice />
            <pool::worker_notice::WorkerNoticeView />
            {move || match state.route.get() {
                Route::Editor => view! {
                    <Header />
                    <main>
                        <Show when=move || shown(1)><ScenarioEditor levers=Signal::derive(move || shown(3)) /></Show>
                        <section class="output">
                            <keep::bar::KeepBar />
                            <editor::print_summary::PrintSummary />
                            <UpgradeNotice />
                            <RunBar />
                            <Results />
                            <Show when=move || shown(4)><editor::goal::GoalPanel /></Show>
                            // Each chart draws as it mounts: one task each.
                            <div class="charts">
                                <Show when=move || shown(5)><ChartCanvas kind=ChartKind::Histogram testid="chart-histogram" /></Show>
                                <Show when=move || shown(6)><ChartCanvas kind=ChartKind::Funnel testid="chart-funnel" /></Show>
                                <Show when=move || shown(7)><ChartCanvas kind=ChartKind::Fan testid="chart-fan" /></Show>
                            </div>
                            <Show when=move || shown(8)><editor::export::ExportBar /></Show>
                            <Show when=move || shown(9)><AnalysisPanel /></Show>
                        </section>
                    </main>
                }.into_any(),
                Route::Lessons => view! { <main class="single"><PageTitle /><LessonList /></main> }.into_any(),
                Route::Lesson(id) => view! { <main class="single"><PageTitle /><PageProgress /><LessonView id=id /></main> }.into_any(),
                Route::Team => view! { <main class="single"><PageTitle /><PageProgress /><TeamView /></main> }.into_any(),
                Route::Concepts(_) => view! { <main class="single"><PageTitle /><ConceptsView /></main> }.into_any(),
                Route::Ladder => view! { <main class="single"><PageTitle /><PageProgress /><LadderView /></main> }.into_any(),
                Route::Metrics => view! { <main class="single"><PageTitle /><PageProgress /><MetricsView /></main> }.into_any(),
                Route::Calibrate => view! { <main class="single"><PageTitle /><CalibrateView /></main> }.into_any(),
                Route::Notes => view! { <main class="single"><room::notes::NotesView /></main> }.into_any(),
            }}
        </div>
    }
}

/// The progress bar of a page without a run bar: there only while a job runs, so an idle page
/// has no empty strip above its card.
#[component]
fn PageProgress() -> impl IntoView {
    let status = expect_context::<AppState>().status;
    view! {
        <Show when=move || matches!(status.get(), state::RunStatus::Running { .. })>
            <Progress />
        </Show>
    }
}

/// The page's h1 for screen readers on every page but the editor, whose header shows it.
#[component]
fn PageTitle() -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    view! { <h1 class="sr-only">{move || tr(lang.get(), Phrase::Title)}</h1> }
}

/// What has the focus when a key is pressed.
enum Focus {
    /// A field being typed into (a text input, text area, select or editable text), or
    /// anything in a dialog: its keys are left alone.
    Field,
    /// A button, link or summary, which Space would click.
    Control,
    /// Anything else.
    Other,
}

fn focus(ev: &web_sys::KeyboardEvent) -> Focus {
    let el =
        ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok());
    let in_dialog = |el: &web_sys::HtmlElement| el.closest("dialog, [role=dialog]").ok().flatten();
    match el {
        Some(el) if el.is_content_editable() => Focus::Field,
        // A dialog's keys are its own.
        Some(el) if in_dialog(&el).is_some() => Focus::Field,
        Some(el) => match el.tag_name().as_str() {
            "INPUT" | "SELECT" | "TEXTAREA" => Focus::Field,
            "BUTTON" | "A" | "SUMMARY" => Focus::Control,
            _ => Focus::Other,
        },
        None => Focus::Other,
    }
}

/// What a key asks for, on a lesson or in presenter mode.
#[derive(Clone, Copy, PartialEq, Eq)]
enum KeyAction {
    /// Reveal the lesson (elsewhere: run the scenario).
    Reveal,
    /// The next lesson.
    Next,
    /// The previous lesson.
    Prev,
    /// Leave presenter mode.
    Leave,
}

/// The presenter key `key` means, if any: Space or Enter reveal, → or PageDown go on (a
/// presentation clicker sends PageDown and PageUp), ← or PageUp go back, Esc leaves presenter
/// mode.
fn key_action(key: &str) -> Option<KeyAction> {
    match key {
        " " | "Spacebar" | "Enter" => Some(KeyAction::Reveal),
        "ArrowRight" | "PageDown" => Some(KeyAction::Next),
        "ArrowLeft" | "PageUp" => Some(KeyAction::Prev),
        "Escape" => Some(KeyAction::Leave),
        _ => None,
    }
}

/// The presenter keys, one handler for the whole document (keydown acts; keyup only keeps a
/// focused button from taking Space as its click). On a lesson or in presenter mode the keys
/// act on the lesson whatever has focus, so Space right after clicking the presenter button
/// reveals instead of switching presenter mode off; the focus stays where it was, visible,
/// and Tab moves it as usual. Enter on a focused button or link still activates it (keyboard
/// users need one key for that), and nothing acts while a field is being typed into. Outside
/// lessons and presenter mode only Space on the page itself runs the scenario; the other keys
/// scroll as usual. The keys acted on lose their default.
fn on_key(
    state: AppState,
    runner: Runner,
    slides: lesson::present::Slides,
    ev: &web_sys::KeyboardEvent,
) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.shift_key() || ev.is_composing() {
        return;
    }
    let Some(action) = key_action(&ev.key()) else { return };
    let route = state.route.get_untracked();
    let presenter = state.presenter.get_untracked();
    let presenting = presenter || matches!(route, Route::Lesson(_));
    let key = ev.key();
    // Off presenter mode a lesson page scrolls with PageUp/PageDown, and Esc has nothing to do.
    let page_key = matches!(key.as_str(), "PageUp" | "PageDown") || action == KeyAction::Leave;
    let acts = match focus(ev) {
        Focus::Field => false,
        _ if page_key && !presenter => false,
        Focus::Control => presenting && key != "Enter",
        Focus::Other => presenting || key == " ",
    };
    if !acts {
        return;
    }
    ev.prevent_default();
    if ev.type_() != "keydown" {
        return;
    }
    let lessons = all_lessons();
    let pos = match &route {
        Route::Lesson(id) => lessons.iter().position(|l| &l.id == id),
        _ => None,
    };
    // The route changes at once, not when the hashchange event comes: a key pressed right after
    // an arrow must act on the lesson now shown.
    let go = |i: usize| {
        if let Some(l) = lessons.get(i) {
            let route = Route::Lesson(l.id.clone());
            let _ = window().location().set_hash(&route.hash());
            state.route.set(route);
        }
    };
    // In presenter mode a lesson is slides: the keys step through them, and past its last
    // (or before its first) to the next (previous) lesson. Arriving at the reveal reveals.
    let stepping = presenter && pos.is_some();
    match action {
        KeyAction::Reveal => match pos {
            Some(i) => {
                lesson::reveal(state, runner, &lessons[i]);
                slides.go(Slide::Reveal);
            }
            None => runner.start(),
        },
        KeyAction::Next => match (stepping, pos) {
            (true, Some(i)) => match slides.forward() {
                Some(Slide::Reveal) => lesson::reveal(state, runner, &lessons[i]),
                Some(_) => {}
                None => go(i + 1),
            },
            _ => go(pos.map_or(0, |i| i + 1)),
        },
        KeyAction::Prev => match (stepping, pos) {
            (true, Some(i)) => {
                if slides.back().is_none() {
                    go(i.saturating_sub(1));
                }
            }
            _ => go(pos.map_or(0, |i| i.saturating_sub(1))),
        },
        KeyAction::Leave => state.presenter.set(false),
    }
}

/// Switches presenter mode; switched on over a lesson, the lesson takes the focus (it is where
/// the keys act, and Enter there reveals rather than switching the mode off again). Tab goes on
/// from there as usual.
fn toggle_presenter(state: AppState) {
    state.presenter.update(|p| *p = !*p);
    if state.presenter.get_untracked() && matches!(state.route.get_untracked(), Route::Lesson(_)) {
        let lesson = document().query_selector("[data-testid=lesson]").ok().flatten();
        if let Some(el) =
            lesson.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
        {
            let _ = el.focus();
        }
    }
}

/// Links between the simulator and the lessons, and the presenter switch.
#[component]
fn Nav() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    view! {
        <nav class="top" aria-label=move || crate::words::page::PageWord::Sections.text(lang.get())>
            <a href="#/" class:active=move || state.route.get() == Route::Editor>{move || tr(lang.get(), Phrase::Editor)}</a>
            <a href="#/lessons" data-testid="nav-lessons" class:active=move || matches!(state.route.get(), Route::Lessons | Route::Lesson(_))>{move || tr(lang.get(), Phrase::Lessons)}</a>
            <a href="#/team" data-testid="nav-team" class:active=move || state.route.get() == Route::Team>{move || tr(lang.get(), Phrase::Team)}</a>
            <a href="#/concepts" data-testid="nav-concepts" class:active=move || matches!(state.route.get(), Route::Concepts(_))>{move || tr(lang.get(), Phrase::Concepts)}</a>
            <a href="#/ladder" data-testid="nav-ladder" class:active=move || state.route.get() == Route::Ladder>{move || tr(lang.get(), Phrase::Ladder)}</a>
            <a href="#/metrics" data-testid="nav-metrics" class:active=move || state.route.get() == Route::Metrics>{move || tr(lang.get(), Phrase::Metrics)}</a>
            <a href="#/calibrate" data-testid="nav-calibrate" class:active=move || state.route.get() == Route::Calibrate>{move || tr(lang.get(), Phrase::Calibrate)}</a>
            <button class="lang" data-testid="lang" on:click=move |_| lang.update(|l| *l = l.other())>
                {move || tr(lang.get(), Phrase::SwitchLang)}</button>
            <button data-testid="presenter" class:active=move || state.presenter.get()
                aria-pressed=move || state.presenter.get().to_string()
                on:click=move |_| toggle_presenter(state)>{move || tr(lang.get(), Phrase::Presenter)}</button>
            <share::panel::ShareButton />
            <share::files::ScenarioFiles />
        </nav>
    }
}
