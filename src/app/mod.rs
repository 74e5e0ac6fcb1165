//! The Leptos single-page app: one state provided in `<App/>`, one component per file.

mod analysis;
mod calibrate;
mod calibrate_plan;
mod calibrate_table;
mod chart;
mod concepts;
mod editor;
mod export;
mod fields;
mod header;
pub mod i18n;
mod keep;
mod keep_bar;
mod keep_keys;
mod keep_words;
mod lab;
mod ladder;
mod lesson;
mod lesson_checks;
mod lesson_head;
mod lesson_reveal;
mod lesson_stages;
mod lesson_table;
mod library_panel;
mod metrics;
mod print_summary;
mod results;
mod run_bar;
mod runner;
mod scenario_files;
mod share_link;
mod share_panel;
mod share_words;
mod stage_table;
pub mod state;
mod team;

use std::time::Duration;

use leptos::prelude::*;

use i18n::tr;

use analysis::AnalysisPanel;
use calibrate::CalibrateView;
use chart::{ChartCanvas, ChartKind};
use concepts::ConceptsView;
use editor::ScenarioEditor;
use header::Header;
use i18n::Lang;
use ladder::LadderView;
use lesson::{all_lessons, LessonList, LessonView};
use metrics::MetricsView;
use results::Results;
use run_bar::{Progress, RunBar};
use runner::Runner;
use state::{AppState, Route};
use team::TeamView;

const SPEC_KEY: &str = "funnel-lab.scenario";
const LANG_KEY: &str = "funnel-lab.lang";
/// Pause after an edit before it re-runs by itself.
const RERUN_DELAY: Duration = Duration::from_millis(500);

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
                    <button on:click=move |_| state.upgrade.set(None)>{i18n::tr(lang, "dismiss")}</button>
                </p>
            }
        })
    }
}

/// The whole page.
#[component]
pub fn App() -> impl IntoView {
    let store = storage();
    let lang = match store.as_ref().and_then(|s| s.get_item(LANG_KEY).ok().flatten()).as_deref() {
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
    // Undo, the library, the last valid scenario, and storage that may refuse writes.
    let keep = keep::Keep::install(state, runner);
    let share = share_link::ShareState::provide();

    // Any valid edit re-runs after a pause; the first run starts at once.
    let first = StoredValue::new(true);
    Effect::new(move |_| {
        let ok = state.validated.with(Result::is_ok) && state.config.with(Result::is_ok);
        if ok {
            let delay = if first.get_value() { Duration::ZERO } else { RERUN_DELAY };
            first.set_value(false);
            runner.start_after(state, delay);
        }
    });
    // Nothing lost: the scenario and language survive a reload.
    Effect::new(move |_| {
        let json = state.spec.with(|s| s.to_json());
        keep.write(SPEC_KEY, &json);
    });
    Effect::new(move |_| {
        let l = state.lang.get();
        if let Some(s) = storage() {
            let _ = s.set_item(LANG_KEY, l.code());
        }
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", l.code());
        }
    });

    // Each lesson has its own URL: the hash is the route.
    let read_route = move || {
        let hash = window().location().hash().unwrap_or_default();
        // A share link sets the scenario, run and view itself (or is refused, keeping the work).
        if share_link::open_link(state, share, &hash) {
            return;
        }
        let route = Route::parse(&hash);
        // The keys may have set it already (below); setting it again would re-mount the view.
        if state.route.get_untracked() != route {
            state.route.set(route);
        }
    };
    read_route();
    let _ = window_event_listener(leptos::ev::hashchange, move |_| read_route());
    let _ = window_event_listener(leptos::ev::keydown, move |ev| on_key(state, runner, &ev));

    view! {
        <div class="app" class:presenter=move || state.presenter.get()>
            <Nav />
            <share_link::ShareNotice />
            {move || match state.route.get() {
                Route::Editor => view! {
                    <Header />
                    <main>
                        <ScenarioEditor />
                        <section class="output">
                            <keep_bar::KeepBar />
                            <print_summary::PrintSummary />
                            <UpgradeNotice />
                            <RunBar />
                            <Results />
                            <div class="charts">
                                <ChartCanvas kind=ChartKind::Histogram testid="chart-histogram" />
                                <ChartCanvas kind=ChartKind::Funnel testid="chart-funnel" />
                                <ChartCanvas kind=ChartKind::Fan testid="chart-fan" />
                            </div>
                            <export::ExportBar />
                            <AnalysisPanel />
                        </section>
                    </main>
                }.into_any(),
                Route::Lessons => view! { <main class="single"><PageTitle /><LessonList /></main> }.into_any(),
                Route::Lesson(id) => view! { <main class="single"><PageTitle /><Progress /><LessonView id=id /></main> }.into_any(),
                Route::Team => view! { <main class="single"><PageTitle /><Progress /><TeamView /></main> }.into_any(),
                Route::Concepts(_) => view! { <main class="single"><PageTitle /><ConceptsView /></main> }.into_any(),
                Route::Ladder => view! { <main class="single"><PageTitle /><Progress /><LadderView /></main> }.into_any(),
                Route::Metrics => view! { <main class="single"><PageTitle /><Progress /><MetricsView /></main> }.into_any(),
                Route::Calibrate => view! { <main class="single"><PageTitle /><CalibrateView /></main> }.into_any(),
            }}
        </div>
    }
}

/// The page's h1 for screen readers on every page but the editor, whose header shows it.
#[component]
fn PageTitle() -> impl IntoView {
    let lang = expect_context::<AppState>().lang;
    view! { <h1 class="sr-only">{move || tr(lang.get(), "title")}</h1> }
}

/// What has the focus when a key is pressed.
enum Focus {
    /// A field being typed into: a text input, text area, select or editable text.
    Field,
    /// A button, link or summary, which Space would click.
    Control,
    /// Anything else.
    Other,
}

fn focus(ev: &web_sys::KeyboardEvent) -> Focus {
    let el =
        ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(t).ok());
    match el {
        Some(el) if el.is_content_editable() => Focus::Field,
        Some(el) => match el.tag_name().as_str() {
            "INPUT" | "SELECT" | "TEXTAREA" => Focus::Field,
            "BUTTON" | "A" | "SUMMARY" => Focus::Control,
            _ => Focus::Other,
        },
        None => Focus::Other,
    }
}

/// Presenter keys, heard on the window: space runs (or reveals a lesson), arrows step through
/// lessons, Esc leaves presenter mode. Keys typed into a field are left alone. On a lesson or in
/// presenter mode the keys act whatever else has focus (Space right after clicking the presenter
/// button reveals instead of clicking it again); elsewhere a focused button keeps its Space.
/// The keys acted on lose their default.
fn on_key(state: AppState, runner: Runner, ev: &web_sys::KeyboardEvent) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
        return;
    }
    let route = state.route.get_untracked();
    let presenting = state.presenter.get_untracked() || matches!(route, Route::Lesson(_));
    match focus(ev) {
        Focus::Field => return,
        Focus::Control if !presenting => return,
        _ => {}
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
    match ev.key().as_str() {
        " " => match pos {
            Some(i) => lesson::reveal(state, runner, &lessons[i]),
            None => runner.start(state),
        },
        "ArrowRight" => go(pos.map_or(0, |i| i + 1)),
        "ArrowLeft" => go(pos.map_or(0, |i| i.saturating_sub(1))),
        "Escape" => state.presenter.set(false),
        _ => return,
    }
    ev.prevent_default();
}

/// Links between the simulator and the lessons, and the presenter switch.
#[component]
fn Nav() -> impl IntoView {
    let state = expect_context::<AppState>();
    let lang = state.lang;
    view! {
        <nav class="top" aria-label=move || if lang.get() == Lang::En { "Sections" } else { "Разделы" }>
            <a href="#/" class:active=move || state.route.get() == Route::Editor>{move || tr(lang.get(), "editor")}</a>
            <a href="#/lessons" data-testid="nav-lessons" class:active=move || matches!(state.route.get(), Route::Lessons | Route::Lesson(_))>{move || tr(lang.get(), "lessons")}</a>
            <a href="#/team" data-testid="nav-team" class:active=move || state.route.get() == Route::Team>{move || tr(lang.get(), "team")}</a>
            <a href="#/concepts" data-testid="nav-concepts" class:active=move || matches!(state.route.get(), Route::Concepts(_))>{move || tr(lang.get(), "concepts")}</a>
            <a href="#/ladder" data-testid="nav-ladder" class:active=move || state.route.get() == Route::Ladder>{move || tr(lang.get(), "ladder")}</a>
            <a href="#/metrics" data-testid="nav-metrics" class:active=move || state.route.get() == Route::Metrics>{move || tr(lang.get(), "metrics")}</a>
            <a href="#/calibrate" data-testid="nav-calibrate" class:active=move || state.route.get() == Route::Calibrate>{move || tr(lang.get(), "calibrate")}</a>
            <button class="lang" data-testid="lang" on:click=move |_| lang.update(|l| *l = l.other())>
                {move || tr(lang.get(), "switch_lang")}</button>
            <button data-testid="presenter" class:active=move || state.presenter.get()
                on:click=move |_| state.presenter.update(|p| *p = !*p)>{move || tr(lang.get(), "presenter")}</button>
            <share_panel::ShareButton />
            <scenario_files::ScenarioFiles />
        </nav>
    }
}
