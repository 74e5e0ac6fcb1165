//! The page's one shared state, provided once in `<App/>`.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::lesson::slot::LessonSlot;
use crate::sim::analysis::{ComparisonReport, SensitivityRow, TeamReport, TeamSpec, EXAMPLE_TEAM};
use crate::sim::scenario::{FieldError, Upgrade};
use crate::sim::{preset, Report, RunConfig, Scenario, ScenarioSpec};
use crate::studies::calibrate::{CalibrateError, Calibration, PlanCheck};
pub use crate::ui::route::Route;
pub use crate::ui::settings::parse_config;

/// Where a run stands.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum RunStatus {
    /// Nothing running.
    Idle,
    /// `done` of `total` trials finished.
    Running {
        /// Trials done.
        done: u64,
        /// Trials in the run.
        total: u64,
    },
    /// The last run was cancelled.
    Cancelled,
}

/// A simulation worker died and was replaced; said until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerNotice {
    /// What the browser said about it (often "RuntimeError: unreachable").
    pub detail: String,
    /// What became of the job it was running.
    pub job: InterruptedJob,
}

/// What became of the job a dead worker was running.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InterruptedJob {
    /// The worker was idle: nothing to redo.
    None,
    /// The job runs again on the fresh worker.
    Rerun,
    /// It died a second time: it waits for the user to run it again (one click).
    Waiting,
}

/// A CRM export read on the calibrate page, kept to calibrate again with other options.
#[derive(Clone, Debug, Default)]
pub struct CalibrateSource {
    /// The file's name, or empty for pasted text.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// A result with the input it was computed from (a scenario's or a team's JSON): the page shows
/// it only while it still holds that input, so an answer to an edited scenario or team never
/// sits beside the new one (a team's members are matched by position).
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged<T> {
    /// The input, as it was sent.
    pub input: String,
    /// The result.
    pub value: T,
}

impl<T> Tagged<T> {
    /// `value`, computed from `input`.
    pub fn new(input: String, value: T) -> Tagged<T> {
        Tagged { input, value }
    }

    /// The result, if it was computed from `input`.
    pub fn for_input(&self, input: &str) -> Option<&T> {
        (self.input == input).then_some(&self.value)
    }
}

/// Shared UI state: signals are `Copy`, so the struct is too.
#[derive(Clone, Copy)]
pub struct AppState {
    /// Interface language.
    pub lang: RwSignal<Lang>,
    /// A worker died and was replaced (said until dismissed).
    pub worker_notice: RwSignal<Option<WorkerNotice>>,
    /// The saved scenario was written in schema 1 and upgraded on loading; said until dismissed.
    pub upgrade: RwSignal<Option<Upgrade>>,
    /// The scenario being edited (may be invalid).
    pub spec: RwSignal<ScenarioSpec>,
    /// Key of the preset it started from, or empty once edited by hand.
    pub preset: RwSignal<String>,
    /// Trials, as typed.
    pub trials: RwSignal<String>,
    /// Seed, as typed.
    pub seed: RwSignal<String>,
    /// The last good result.
    pub report: RwSignal<Option<Report>>,
    /// The current run.
    pub status: RwSignal<RunStatus>,
    /// Why the last run failed, if it did.
    pub failure: RwSignal<Option<String>>,
    /// The last A/B comparison, with the two scenarios it compared.
    pub comparison: RwSignal<Option<Tagged<ComparisonReport>>>,
    /// Scenario A of the A/B panel, pinned by the user.
    pub pinned: RwSignal<Option<ScenarioSpec>>,
    /// The last sensitivity table, with the scenario it varied.
    pub sensitivity: RwSignal<Option<Tagged<Vec<SensitivityRow>>>>,
    /// The open lesson's results per arm (baseline first) and the run they may come from.
    pub lesson: LessonSlot,
    /// The team being looked at.
    pub team: RwSignal<TeamSpec>,
    /// Its last result, with the team (JSON) it ran.
    pub team_report: RwSignal<Option<Tagged<TeamReport>>>,
    /// The exact path's answer for the scenario of the last run, or why it cannot serve it.
    pub exact: RwSignal<Option<Result<crate::sim::exact::ExactResult, String>>>,
    /// The ladder page's and the metrics lab's latest results.
    pub lab: RwSignal<crate::ui::lab_view::LabResults>,
    /// The export the calibrate page reads.
    pub calibrate_source: RwSignal<Option<CalibrateSource>>,
    /// Its latest calibration, or why the file was refused; none while one is computed.
    pub calibration: RwSignal<Option<Result<Calibration, CalibrateError>>>,
    /// The plan check of that calibration, or why it failed; none while it runs.
    pub plan_check: RwSignal<Option<Result<PlanCheck, String>>>,
    /// The current view.
    pub route: RwSignal<Route>,
    /// Presenter mode: large type, editor hidden.
    pub presenter: RwSignal<bool>,
    /// The scenario, validated.
    pub validated: Memo<Result<Scenario, Vec<FieldError>>>,
    /// Trials and seed, validated.
    pub config: Memo<Result<RunConfig, Vec<FieldError>>>,
    /// Whether the scenario at these trials fits what one run may cost (`Err` says why not).
    pub work: Memo<Result<(), crate::sim::run::RunError>>,
}

/// Checks a run against the engine's limit on one trial and the page's on a whole run.
pub fn page_work(scenario: &Scenario, config: RunConfig) -> Result<(), crate::sim::run::RunError> {
    let sim = crate::sim::Simulation::new(scenario.clone(), config)?;
    crate::sim::run::check_page_work(config.trials, sim.model().work_per_trial())
}

impl AppState {
    /// The initial state: the saved scenario if there is one, else the default preset.
    pub fn new(saved: Option<ScenarioSpec>, upgrade: Option<Upgrade>, lang: Lang) -> Self {
        let (spec, key) = match saved {
            Some(s) => (s, String::new()),
            None => {
                let p = preset("default").expect("the default preset exists");
                (ScenarioSpec::from_json(p.json).expect("built-in presets parse"), p.key.to_owned())
            }
        };
        let spec = RwSignal::new(spec);
        let trials = RwSignal::new("10000".to_owned());
        let seed = RwSignal::new("1".to_owned());
        let validated = Memo::new(move |_| Scenario::new(spec.get()).map_err(|e| e.errors()));
        let config = Memo::new(move |_| parse_config(&trials.get(), &seed.get()));
        AppState {
            lang: RwSignal::new(lang),
            worker_notice: RwSignal::new(None),
            spec,
            preset: RwSignal::new(key),
            trials,
            seed,
            report: RwSignal::new(None),
            status: RwSignal::new(RunStatus::Idle),
            failure: RwSignal::new(None),
            comparison: RwSignal::new(None),
            pinned: RwSignal::new(None),
            sensitivity: RwSignal::new(None),
            lesson: LessonSlot::new(),
            team: RwSignal::new(
                TeamSpec::from_json(EXAMPLE_TEAM).expect("the example team parses"),
            ),
            team_report: RwSignal::new(None),
            exact: RwSignal::new(None),
            lab: RwSignal::new(crate::ui::lab_view::LabResults::default()),
            calibrate_source: RwSignal::new(None),
            calibration: RwSignal::new(None),
            plan_check: RwSignal::new(None),
            route: RwSignal::new(Route::Editor),
            presenter: RwSignal::new(false),
            upgrade: RwSignal::new(upgrade),
            validated,
            config,
            work: Memo::new(move |_| {
                let config = config.get().ok();
                validated.with(|v| match (v, config) {
                    (Ok(s), Some(c)) => page_work(s, c),
                    _ => Ok(()),
                })
            }),
        }
    }

    /// The error of one field, if any.
    pub fn error_at(&self, path: &str) -> Option<FieldError> {
        let find = |errs: &[FieldError]| errs.iter().find(|e| e.path == path).cloned();
        let from_scenario = self.validated.with(|v| v.as_ref().err().and_then(|e| find(e)));
        from_scenario.or_else(|| self.config.with(|c| c.as_ref().err().and_then(|e| find(e))))
    }

    /// Whether a run can start.
    pub fn runnable(&self) -> bool {
        self.validated.with(Result::is_ok)
            && self.config.with(Result::is_ok)
            && self.work.with(Result::is_ok)
    }

    /// Replaces the scenario being edited: a preset (`preset` is its key) or any other scenario
    /// (an empty key), such as a lesson's arm opened for the trainer to change.
    pub fn load(&self, spec: ScenarioSpec, preset: String) {
        self.spec.set(spec);
        self.preset.set(preset);
    }

    /// Edits the scenario; a hand edit leaves the preset.
    pub fn edit(&self, f: impl FnOnce(&mut ScenarioSpec)) {
        self.spec.update(f);
        self.preset.set(String::new());
    }
}
