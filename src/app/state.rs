//! The page's one shared state, provided once in `<App/>`.

use leptos::prelude::*;

use crate::app::i18n::Lang;
use crate::app::lesson::slot::LessonSlot;
use crate::lint::Advice;
use crate::sim::analysis::{ComparisonReport, SensitivityRow, TeamReport, TeamSpec, EXAMPLE_TEAM};
use crate::sim::scenario::{FieldError, Upgrade};
use crate::sim::{preset, Report, RunConfig, Scenario, ScenarioSpec};
use crate::studies::calibrate::{CalibrateError, Calibration, PlanCheck};
pub use crate::ui::route::Route;
pub use crate::ui::settings::parse_config;

pub use crate::host::protocol::JobError;
pub use crate::host::scheduler::{InterruptedJob, RunStatus};

/// A simulation worker died and was replaced; said until dismissed.
#[derive(Clone, Debug, PartialEq)]
pub struct WorkerNotice {
    /// What the browser said about it (often "RuntimeError: unreachable").
    pub detail: String,
    /// What became of the job it was part of.
    pub job: InterruptedJob,
}

/// A CRM export read on the calibrate page, kept to calibrate again with other options.
#[derive(Clone, Debug, Default)]
pub struct CalibrateSource {
    /// The file's name, or empty for pasted text.
    pub name: String,
    /// Its text.
    pub text: String,
}

/// A result with what it was computed from (the revisions of the scenarios it ran, or a team's
/// JSON): the page shows it only while it still holds that input, so an answer to an edited
/// scenario or team never sits beside the new one (a team's members are matched by position).
#[derive(Clone, Debug, PartialEq)]
pub struct Tagged<K, T> {
    /// What it was computed from.
    pub input: K,
    /// The result.
    pub value: T,
}

impl<K: PartialEq, T> Tagged<K, T> {
    /// `value`, computed from `input`.
    pub fn new(input: K, value: T) -> Tagged<K, T> {
        Tagged { input, value }
    }

    /// The result, if it was computed from `input`.
    pub fn for_input(&self, input: &K) -> Option<&T> {
        (self.input == *input).then_some(&self.value)
    }
}

/// The simulator page's own results and errors.
#[derive(Clone, Copy)]
pub struct EditorState {
    /// The linter's advice on the scenario being edited, once per edit (the stage table and
    /// the results show it; runs never lint).
    pub advice: Memo<Vec<Advice>>,
    /// The last good result.
    pub report: RwSignal<Option<Report>>,
    /// Why the last run (or A/B, or tornado) failed, if it did.
    pub failure: RwSignal<Option<JobError>>,
    /// The last A/B comparison, with the revisions of the two scenarios it compared.
    pub comparison: RwSignal<Option<Tagged<(u64, u64), ComparisonReport>>>,
    /// Scenario A of the A/B panel, pinned by the user, with its revision.
    pub pinned: RwSignal<Option<(u64, ScenarioSpec)>>,
    /// The last sensitivity table, with the revision of the scenario it varied.
    pub sensitivity: RwSignal<Option<Tagged<u64, Vec<SensitivityRow>>>>,
    /// The exact path's answer for the scenario of the last run, or why it cannot serve it.
    pub exact: RwSignal<Option<Result<crate::sim::exact::ExactResult, JobError>>>,
}

/// The tools pages' own results and errors: the ladder, the metrics lab and the team view.
#[derive(Clone, Copy)]
pub struct ToolsState {
    /// The ladder page's and the metrics lab's latest results.
    pub lab: RwSignal<crate::ui::lab_view::LabResults>,
    /// Why the latest ladder or lab experiment failed, if it did.
    pub lab_failure: RwSignal<Option<JobError>>,
    /// The team being looked at.
    pub team: RwSignal<TeamSpec>,
    /// Its last result, with the team (JSON) it ran.
    pub team_report: RwSignal<Option<Tagged<String, TeamReport>>>,
    /// Why the team's last run failed, if it did.
    pub team_failure: RwSignal<Option<JobError>>,
}

/// The calibrate page's own state.
#[derive(Clone, Copy)]
pub struct CalibrateState {
    /// The export the page reads.
    pub source: RwSignal<Option<CalibrateSource>>,
    /// Its latest calibration, or why the file was refused; none while one is computed.
    pub calibration: RwSignal<Option<Result<Calibration, CalibrateError>>>,
    /// The plan check of that calibration, or why it failed; none while it runs.
    pub plan_check: RwSignal<Option<Result<PlanCheck, JobError>>>,
}

/// What every page shares (the scenario, the language, the route, the pool's status), and
/// each page's own state: signals are `Copy`, so the struct is too.
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
    /// Counts the scenario's changes: a scenario's identity in requests and results.
    pub revision: Memo<u64>,
    /// The work one trial of a revision costs (the workers say), or why it cannot run.
    pub estimate: RwSignal<Option<(u64, Result<f64, JobError>)>>,
    /// Where the pool stands.
    pub status: RwSignal<RunStatus>,
    /// The simulator page.
    pub editor: EditorState,
    /// The open lesson's results per arm (baseline first) and the run they may come from.
    pub lesson: LessonSlot,
    /// The ladder, lab and team pages.
    pub tools: ToolsState,
    /// The calibrate page.
    pub calibrate: CalibrateState,
    /// The current view.
    pub route: RwSignal<Route>,
    /// Presenter mode: large type, editor hidden.
    pub presenter: RwSignal<bool>,
    /// The scenario, validated.
    pub validated: Memo<Result<Scenario, Vec<FieldError>>>,
    /// Trials and seed, validated.
    pub config: Memo<Result<RunConfig, Vec<FieldError>>>,
    /// Whether the scenario at these trials fits what one run may cost (`Err` says why not),
    /// once the workers have estimated its revision (until then, `Ok`).
    pub work: Memo<Result<(), crate::sim::run::RunError>>,
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
        let revision = Memo::new(move |before: Option<&u64>| {
            spec.track();
            before.map_or(1, |b| b + 1)
        });
        let estimate = RwSignal::new(None::<(u64, Result<f64, JobError>)>);
        AppState {
            lang: RwSignal::new(lang),
            worker_notice: RwSignal::new(None),
            spec,
            preset: RwSignal::new(key),
            trials,
            seed,
            revision,
            estimate,
            status: RwSignal::new(RunStatus::Idle),
            editor: EditorState {
                advice: Memo::new(move |_| spec.with(crate::lint::advise)),
                report: RwSignal::new(None),
                failure: RwSignal::new(None),
                comparison: RwSignal::new(None),
                pinned: RwSignal::new(None),
                sensitivity: RwSignal::new(None),
                exact: RwSignal::new(None),
            },
            lesson: LessonSlot::new(),
            tools: ToolsState {
                lab: RwSignal::new(crate::ui::lab_view::LabResults::default()),
                lab_failure: RwSignal::new(None),
                team: RwSignal::new(
                    TeamSpec::from_json(EXAMPLE_TEAM).expect("the example team parses"),
                ),
                team_report: RwSignal::new(None),
                team_failure: RwSignal::new(None),
            },
            calibrate: CalibrateState {
                source: RwSignal::new(None),
                calibration: RwSignal::new(None),
                plan_check: RwSignal::new(None),
            },
            route: RwSignal::new(Route::Editor),
            presenter: RwSignal::new(false),
            upgrade: RwSignal::new(upgrade),
            validated,
            config,
            work: Memo::new(move |_| {
                let trials = config.with(|c| c.as_ref().ok().map(|c| c.trials));
                let revision = revision.get();
                estimate.with(|e| match (e, trials) {
                    (Some((r, Ok(work))), Some(trials)) if *r == revision => {
                        crate::sim::run::check_page_work(trials, *work)
                    }
                    (Some((r, Err(JobError::Run(e)))), _) if *r == revision => Err(e.clone()),
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
