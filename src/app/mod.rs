//! The Leptos single-page app: one state provided in `<App/>`, one component per file.

mod chart;
mod editor;
mod fields;
mod header;
pub mod i18n;
mod results;
mod run_bar;
mod runner;
mod stage_table;
pub mod state;

use std::time::Duration;

use leptos::prelude::*;

use chart::{ChartCanvas, ChartKind};
use editor::ScenarioEditor;
use header::Header;
use i18n::Lang;
use results::Results;
use run_bar::RunBar;
use runner::Runner;
use state::AppState;

const SPEC_KEY: &str = "funnel-lab.scenario";
const LANG_KEY: &str = "funnel-lab.lang";
/// Pause after an edit before it re-runs by itself.
const RERUN_DELAY: Duration = Duration::from_millis(500);

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
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
        .and_then(|t| crate::sim::ScenarioSpec::from_json(&t).ok());
    let state = AppState::new(saved, lang);
    provide_context(state);
    let runner = Runner::spawn(state);
    provide_context(runner);

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
        if let Some(s) = storage() {
            let _ = s.set_item(SPEC_KEY, &json);
        }
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

    view! {
        <Header />
        <main>
            <ScenarioEditor />
            <section class="output">
                <RunBar />
                <Results />
                <div class="charts">
                    <ChartCanvas kind=ChartKind::Histogram testid="chart-histogram" />
                    <ChartCanvas kind=ChartKind::Funnel testid="chart-funnel" />
                    <ChartCanvas kind=ChartKind::Fan testid="chart-fan" />
                </div>
            </section>
        </main>
    }
}
