//! The calibrate page (`#/calibrate`): a CRM export chosen, dropped or pasted, read and estimated
//! in the worker, its funnel shown with intervals and problems, and loaded into the editor as the
//! scenario. The words and numbers come from [`crate::ui::calibrate_view`].

pub(crate) mod plan;
pub(crate) mod table;

use leptos::prelude::*;

use crate::app::calibrate::plan::{PlanCheckView, ProblemsView};
use crate::app::calibrate::table::{EstimatesView, SummaryView};
use crate::app::i18n::Lang;
use crate::app::pool::runner::{Order, Runner, Work};
use crate::app::state::{AppState, CalibrateSource, Route};
use crate::app::widgets::job::{JobBar, JobProgress};
use crate::host::protocol::Response;
use crate::studies::calibrate::{PlanCheckConfig, MAX_BYTES};
use crate::ui::calibrate_view::{error_text, format_choices, options, too_large, w};
use crate::words::calibrate::CalibrateWord;

/// The page's fields and what it is doing; `Copy`, so every handler can hold it.
#[derive(Clone, Copy)]
struct Form {
    format: RwSignal<String>,
    stages: RwSignal<String>,
    /// The stage order was typed by the user (else it shows the order last used).
    stages_typed: RwSignal<bool>,
    as_of: RwSignal<String>,
    calendar: RwSignal<String>,
    paste: RwSignal<String>,
    /// Why the input cannot be calibrated, said before the worker is asked.
    error: RwSignal<Option<String>>,
    reading: RwSignal<bool>,
    /// The plan check's progress and Cancel.
    plan_bar: JobBar,
}

impl Form {
    /// Calibrates the current source with the fields' options, then checks the plan.
    fn run(self, state: AppState, runner: Runner) {
        let en = state.lang.get_untracked() == Lang::En;
        let text = state.calibrate.source.with_untracked(|s| s.as_ref().map(|s| s.text.clone()));
        let Some(text) = text else {
            let why = w(en, CalibrateWord::ChooseFilePasteExport);
            self.error.set(Some(why.into()));
            return;
        };
        let stages = if self.stages_typed.get_untracked() {
            self.stages.get_untracked()
        } else {
            String::new()
        };
        let opts = options(
            &self.format.get_untracked(),
            &stages,
            &self.as_of.get_untracked(),
            &self.calendar.get_untracked(),
            en,
        );
        let opts = match opts {
            Ok(o) => o,
            Err(why) => return self.error.set(Some(why)),
        };
        self.error.set(None);
        state.calibrate.calibration.set(None);
        // The previous plan check (it names its own date and plan) stays until the new one
        // replaces it, or after a cancel; a file that cannot be read has none.
        let page = state.calibrate;
        let bar = self.plan_bar;
        let orders = vec![
            Order::new(Work::Calibrate(text, Box::new(opts)), move |response| {
                if let Response::Calibrated { result, .. } = response {
                    if result.is_err() {
                        page.plan_check.set(None);
                        bar.start(0);
                    }
                    page.calibration.set(Some(*result));
                }
            }),
            Order::new(
                Work::PlanCheck(PlanCheckConfig::default()),
                bar.answers(move |response| match response {
                    Response::PlanChecked { check, .. } => page.plan_check.set(Some(Ok(*check))),
                    Response::Failed { error, .. } => page.plan_check.set(Some(Err(error))),
                    _ => {}
                }),
            ),
        ];
        bar.start(1);
        runner.submit(orders, state.config.get_untracked().unwrap_or_default());
    }

    /// Takes a new source: forgets a stage order that was not typed, and calibrates it.
    fn take(self, state: AppState, runner: Runner, source: CalibrateSource) {
        if !self.stages_typed.get_untracked() {
            self.stages.set(String::new());
        }
        state.calibrate.source.set(Some(source));
        self.run(state, runner);
    }

    /// Reads a chosen or dropped file (refusing one over the limit unread), then calibrates it.
    fn load(self, state: AppState, runner: Runner, file: web_sys::File) {
        let en = state.lang.get_untracked() == Lang::En;
        if file.size() > MAX_BYTES as f64 {
            state.calibrate.calibration.set(None);
            return self.error.set(Some(too_large(file.size(), en)));
        }
        self.reading.set(true);
        self.paste.set(String::new());
        let name = file.name();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            self.reading.set(false);
            match text.ok().and_then(|t| t.as_string()) {
                Some(text) => self.take(state, runner, CalibrateSource { name, text }),
                None => self.error.set(Some(w(en, CalibrateWord::FileCouldNotBe).into())),
            }
        });
    }
}

/// The calibrate page.
#[component]
pub fn CalibrateView() -> impl IntoView {
    let state = expect_context::<AppState>();
    let runner = expect_context::<Runner>();
    let lang = state.lang;
    let en = move || lang.get() == Lang::En;
    let f = Form {
        format: RwSignal::new("auto".into()),
        stages: RwSignal::new(String::new()),
        stages_typed: RwSignal::new(false),
        as_of: RwSignal::new(String::new()),
        calendar: RwSignal::new("workdays".into()),
        paste: RwSignal::new(String::new()),
        error: RwSignal::new(None),
        reading: RwSignal::new(false),
        plan_bar: JobBar::new(),
    };
    // The order used fills the field, for the user to correct and calibrate again.
    Effect::new(move |_| {
        let names = state.calibrate.calibration.with(|c| match c {
            Some(Ok(cal)) => Some(cal.stage_order.names.join(", ")),
            _ => None,
        });
        if let (Some(names), false) = (names, f.stages_typed.get_untracked()) {
            f.stages.set(names);
        }
    });
    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = event_target(&ev);
        if let Some(file) = input.files().and_then(|l| l.get(0)) {
            f.load(state, runner, file);
        }
        input.set_value("");
    };
    let over = RwSignal::new(false);
    let on_drop = move |ev: leptos::ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(file) = ev.data_transfer().and_then(|d| d.files()).and_then(|l| l.get(0)) {
            f.load(state, runner, file);
        }
    };
    let use_it = move |_| {
        let spec = state.calibrate.calibration.with_untracked(|c| {
            c.as_ref().and_then(|r| r.as_ref().ok()).map(|c| c.scenario.clone())
        });
        if let Some(spec) = spec {
            state.load(spec, String::new());
            let _ = window().location().set_hash(&Route::Editor.hash());
        }
    };
    let refused = move || match (
        f.error.get(),
        state.calibrate.calibration.with(|c| c.as_ref().and_then(|r| r.as_ref().err().cloned())),
    ) {
        (Some(why), _) => Some(why),
        (None, Some(e)) => Some(error_text(&e, en())),
        _ => None,
    };
    let busy = move || {
        let running = !matches!(
            state.status.get(),
            crate::app::state::RunStatus::Idle | crate::app::state::RunStatus::Cancelled
        );
        if f.reading.get() {
            Some(w(en(), CalibrateWord::ReadingFile))
        } else if running
            && state.calibrate.calibration.with(Option::is_none)
            && state.calibrate.source.with(Option::is_some)
            && f.error.with(Option::is_none)
        {
            Some(w(en(), CalibrateWord::ParsingExportEstimatingFunnel))
        } else {
            None
        }
    };
    let has_result = move || state.calibrate.calibration.with(|c| matches!(c, Some(Ok(_))));
    let source = move || {
        state.calibrate.source.with(|s| {
            s.as_ref().map(|s| {
                if s.name.is_empty() {
                    w(en(), CalibrateWord::PastedText).to_owned()
                } else {
                    s.name.clone()
                }
            })
        })
    };
    // The file being read, or the one calibrated; a refused file is not named as being read
    // (the refusal says what is wrong with it).
    let source_line = move || {
        if refused().is_some() {
            return None;
        }
        let done = state.calibrate.calibration.with(Option::is_some);
        let what =
            if done { w(en(), CalibrateWord::File) } else { w(en(), CalibrateWord::Reading) };
        source().map(|s| (what, s))
    };
    view! {
        <section class="calibrate-page">
            <h2>{move || w(en(), CalibrateWord::YourOwnFunnelCrm)}</h2>
            <p class="hint">{move || w(en(), CalibrateWord::DealStageHistoryGeneric)}</p>
            <div class="drop-zone" class:over=move || over.get() data-testid="calibrate-drop"
                on:dragover=move |ev: leptos::ev::DragEvent| { ev.prevent_default(); over.set(true); }
                on:dragleave=move |_| over.set(false) on:drop=on_drop>
                <label class="field"><span class="label">{move || w(en(), CalibrateWord::ExportFileCsvJson)}</span>
                    <input type="file" accept=".csv,.json,.txt,text/csv,application/json,text/plain" data-testid="calibrate-file" on:change=on_file />
                </label>
                {move || source_line().map(|(what, s)| view! { <p class="source-name" data-testid="calibrate-source">{what}{s}</p> })}
            </div>
            <label class="field paste"><span class="label">{move || w(en(), CalibrateWord::PasteExportSText)}</span>
                <textarea rows="4" data-testid="calibrate-paste" prop:value=move || f.paste.get()
                    on:input=move |ev| f.paste.set(event_target_value(&ev))></textarea>
            </label>
            <div class="calibrate-options">
                <label class="field"><span class="label">{move || w(en(), CalibrateWord::Format)}</span>
                    <select data-testid="calibrate-format-choice" prop:value=move || f.format.get() on:change=move |ev| f.format.set(event_target_value(&ev))>
                        {move || format_choices(en()).into_iter().map(|(k, name)| view! { <option value=k>{name}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field stages"><span class="label">{move || w(en(), CalibrateWord::StageOrderCommaSeparated)}</span>
                    <input type="text" data-testid="calibrate-stages" prop:value=move || f.stages.get()
                        on:input=move |ev| { let v = event_target_value(&ev); f.stages_typed.set(!v.trim().is_empty()); f.stages.set(v); } />
                </label>
                <label class="field"><span class="label">{move || w(en(), CalibrateWord::DateEmptyFileS)}</span>
                    <input type="date" data-testid="calibrate-as-of" prop:value=move || f.as_of.get() on:change=move |ev| f.as_of.set(event_target_value(&ev)) />
                </label>
                <label class="field"><span class="label">{move || w(en(), CalibrateWord::Calendar)}</span>
                    <select data-testid="calibrate-calendar" prop:value=move || f.calendar.get() on:change=move |ev| f.calendar.set(event_target_value(&ev))>
                        <option value="workdays">{move || w(en(), CalibrateWord::WorkingDaysMonFri)}</option>
                        <option value="all">{move || w(en(), CalibrateWord::EveryDay)}</option>
                    </select>
                </label>
            </div>
            <div class="buttons">
                <button data-testid="calibrate-run" on:click=move |_| {
                    let text = f.paste.get_untracked();
                    if text.trim().is_empty() { f.run(state, runner) } else { f.take(state, runner, CalibrateSource { name: String::new(), text }) }
                }>{move || w(en(), CalibrateWord::Calibrate)}</button>
                <button data-testid="calibrate-use" class="primary" disabled=move || !has_result() on:click=use_it>
                    {move || w(en(), CalibrateWord::UseScenario)}</button>
            </div>
            {move || busy().map(|m| view! { <p class="status" role="status" data-testid="calibrate-busy">{m}</p> })}
            {move || refused().map(|m| view! { <p class="error" role="alert" data-testid="calibrate-error">{m}</p> })}
            <SummaryView />
            <EstimatesView />
            <JobProgress bar=f.plan_bar lang=state.lang testid="calibrate-plan-job" />
            <PlanCheckView />
            <ProblemsView />
        </section>
    }
}
