//! The page's words in Russian (the default) and English.

use crate::sim::scenario::Phase;

/// Interface language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    /// Русский.
    Ru,
    /// English.
    En,
}

impl Lang {
    /// The other language.
    pub fn other(self) -> Lang {
        match self {
            Lang::Ru => Lang::En,
            Lang::En => Lang::Ru,
        }
    }

    /// Short code for storage and the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::En => "en",
        }
    }

    /// Thousands separator.
    pub fn thousands(self) -> &'static str {
        match self {
            Lang::Ru => "\u{202f}",
            Lang::En => ",",
        }
    }
}

/// A word or phrase of the interface: one variant per key, so a missing key does not compile.
/// Generated from the table in [`tr`] by i18n_migrate.py (the doc names each key).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Phrase {
    /// `title`: Funnel Lab — sales funnel simulator
    Title,
    /// `subtitle`: Fact-based Monte Carlo: how likely is the plan
    Subtitle,
    /// `switch_lang`: Русский
    SwitchLang,
    /// `preset`: Scenario
    Preset,
    /// `custom`: custom
    Custom,
    /// `month`: Month
    Month,
    /// `plan`: Plan
    Plan,
    /// `horizon`: Working days
    Horizon,
    /// `checkpoint`: Checkpoint day
    Checkpoint,
    /// `stages`: Stages (process → exit fact)
    Stages,
    /// `stage_name`: Stage
    StageName,
    /// `exit_fact`: Exit fact
    ExitFact,
    /// `task`: Task at this stage
    Task,
    /// `task_hint`: Task: Agree…
    TaskHint,
    /// `conversion`: Conversion, %
    Conversion,
    /// `days`: Days
    Days,
    /// `phase`: Phase
    Phase,
    /// `add_stage`: + stage
    AddStage,
    /// `inflow`: New deals coming in
    Inflow,
    /// `at_stage`: at stage
    AtStage,
    /// `per_day`: a day
    PerDay,
    /// `add_inflow`: + inflow
    AddInflow,
    /// `initial`: Pipeline on day 1
    Initial,
    /// `empty`: empty
    Empty,
    /// `steady_state`: at its shape (steady)
    SteadyState,
    /// `counts`: given counts
    Counts,
    /// `deals`: deals from a CRM
    Deals,
    /// `budget`: Deal budget
    Budget,
    /// `median`: Median
    Median,
    /// `p90`: 90th percentile
    P90,
    /// `levers`: Levers
    Levers,
    /// `question_effect`: Question effect
    QuestionEffect,
    /// `open_share`: Share of open questions
    OpenShare,
    /// `rework`: Rework: share of deals a day the client sends back to red…
    Rework,
    /// `record_reverse`: The manager moves such deals back in the CRM (breaks the…
    RecordReverse,
    /// `kpi`: The manager's KPI
    Kpi,
    /// `kpi_minutes`: talk minutes
    KpiMinutes,
    /// `kpi_calls`: number of calls
    KpiCalls,
    /// `call_kpi_factor`: Under a calls KPI: share of a talk's needed length
    CallKpiFactor,
    /// `contacts_per_deal`: People in the client's decision
    ContactsPerDeal,
    /// `contacts_worked`: Of them, the manager works with
    ContactsWorked,
    /// `veto_per_contact`: Veto chance of a contact not worked with
    VetoPerContact,
    /// `budget_known_from_stage`: Budget in the CRM from stage
    BudgetKnownFromStage,
    /// `early_budget_sigma`: Spread of the early budget estimate (σ)
    EarlyBudgetSigma,
    /// `deadline_share`: Deals with a deadline
    DeadlineShare,
    /// `deadline_lift`: Conversion lift
    DeadlineLift,
    /// `deadline_speedup`: Speed-up
    DeadlineSpeedup,
    /// `minutes_per_day`: Talk minutes a day (empty: no limit)
    MinutesPerDay,
    /// `minutes_per_deal`: Minutes a deal
    MinutesPerDeal,
    /// `depth_penalty`: Depth penalty
    DepthPenalty,
    /// `run_settings`: Run
    RunSettings,
    /// `trials`: Trials
    Trials,
    /// `seed`: Seed
    Seed,
    /// `run`: Run
    Run,
    /// `cancel`: Cancel
    Cancel,
    /// `p_plan`: Chance of making the plan
    PPlan,
    /// `revenue`: Revenue
    Revenue,
    /// `mean`: mean
    Mean,
    /// `wins`: Deals won
    Wins,
    /// `losses`: lost
    Losses,
    /// `chart_hist`: Plan attainment: share of trials
    ChartHist,
    /// `chart_funnel`: The funnel: plan shape vs mid-month (deals / budget)
    ChartFunnel,
    /// `chart_fan`: Cumulative revenue by day
    ChartFan,
    /// `shape`: shape
    Shape,
    /// `day`: day
    Day,
    /// `band`: P10–P90
    Band,
    /// `median_line`: median
    MedianLine,
    /// `past_plan`: past the plan
    PastPlan,
    /// `advice`: Funnel advice
    Advice,
    /// `invalid`: Fix the fields marked red: the run waits.
    Invalid,
    /// `stale`: Showing the last good result.
    Stale,
    /// `running`: Running…
    Running,
    /// `cancelled`: Cancelled.
    Cancelled,
    /// `kept_previous`: What had not been recomputed is shown from the previous run.
    KeptPrevious,
    /// `move_up`: Move up
    MoveUp,
    /// `move_down`: Move down
    MoveDown,
    /// `remove`: Remove
    Remove,
    /// `forecast`: The mid-month forecast
    Forecast,
    /// `no_phase`: —
    NoPhase,
    /// `conversion_short`: Conversion
    ConversionShort,
    /// `inflow_short`: Inflow
    InflowShort,
    /// `tornado_title`: Sensitivity: ΔP(plan) at ±10% of each parameter
    TornadoTitle,
    /// `tornado_exact`:  — exact, no sampling
    TornadoExact,
    /// `tornado_run`: Sensitivity ±10%
    TornadoRun,
    /// `ab_title`: A/B comparison
    AbTitle,
    /// `ab_hint`: Pin the scenario as A, change something, and compare: bot…
    AbHint,
    /// `ab_pin`: Pin as A
    AbPin,
    /// `ab_run`: Compare A with current
    AbRun,
    /// `paired_se`: paired error
    PairedSe,
    /// `independent_se`: independent
    IndependentSe,
    /// `sharper`: sharper by
    Sharper,
    /// `delta_revenue`: Δ revenue B − A
    DeltaRevenue,
    /// `lessons`: Lessons
    Lessons,
    /// `editor`: Simulator
    Editor,
    /// `presenter`: Presenter mode
    Presenter,
    /// `your_guess`: Your guess of P(plan), %
    YourGuess,
    /// `reveal`: Reveal
    Reveal,
    /// `next`: Next lesson →
    Next,
    /// `prev`: ← Previous
    Prev,
    /// `arm`: Variant
    Arm,
    /// `vs_base`: ΔP vs base, 95%
    VsBase,
    /// `pipeline`: Deals at mid-month
    Pipeline,
    /// `conversion_total`: Share won
    ConversionTotal,
    /// `forecast_bias`: Forecast bias
    ForecastBias,
    /// `mape`: Forecast error
    Mape,
    /// `warn_shape`: "Below the plan shape" (deals or budget): precision / recall
    WarnShape,
    /// `warn_forecast`: "Forecast < plan": precision / recall
    WarnForecast,
    /// `guess`: Guess
    Guess,
    /// `predict_first`: Predict first: write your guesses, then reveal the result.
    PredictFirst,
    /// `P10`: P10
    P10Short,
    /// `P90`: P90
    P90Short,
    /// `source`: Source
    Source,
    /// `assumptions`: Assumptions: these numbers are ours, not the posts'
    Assumptions,
    /// `open_arm`: Open in the simulator
    OpenArm,
    /// `chart_bars`: Chance of making the plan, by variant
    ChartBars,
    /// `bars_legend`: P(plan) and its 95% interval
    BarsLegend,
    /// `guess_marker`: guess
    GuessMarker,
    /// `chart_overlay`: Plan attainment by variant: share of trials
    ChartOverlay,
    /// `recorded_vs_true`: Stage conversion: true and as recorded
    RecordedVsTrue,
    /// `true_conversion`: True
    TrueConversion,
    /// `recorded_conv`: Recorded
    RecordedConv,
    /// `difference`: Difference
    Difference,
    /// `checkpoint_vs_plan`: The checkpoint against the plan shape
    CheckpointVsPlan,
    /// `deals_at_checkpoint`: Deals at the checkpoint
    DealsAtCheckpoint,
    /// `plan_shape`: Plan shape
    PlanShape,
    /// `dismiss`: Got it
    Dismiss,
    /// `same_every_month`: = the same in every month
    SameEveryMonth,
    /// `budget_at_checkpoint`: Budget at the checkpoint
    BudgetAtCheckpoint,
    /// `warn_curve`: The "below the plan shape" check by tolerance
    WarnCurve,
    /// `mid_month_study`: The post's two claims, tested
    MidMonthStudy,
    /// `reliability_chart`: Forecast P(plan) and what happened
    ReliabilityChart,
    /// `reliability_forecast`: forecast P(plan)
    ReliabilityForecast,
    /// `reliability_observed_axis`: share of months that made the plan
    ReliabilityObservedAxis,
    /// `reliability_observed`: observed share ± SE
    ReliabilityObserved,
    /// `reliability_perfect`: perfect forecast
    ReliabilityPerfect,
    /// `tolerance`: tolerance
    Tolerance,
    /// `precision`: precision
    Precision,
    /// `recall`: recall
    Recall,
    /// `firing_rate`: how often it fires
    FiringRate,
    /// `basis_both`: both numbers
    BasisBoth,
    /// `basis_count`: count only
    BasisCount,
    /// `basis_budget`: budget only
    BasisBudget,
    /// `warn_forecast_short`: forecast below plan
    WarnForecastShort,
    /// `at_zero`: Warning at tolerance 0
    AtZero,
    /// `team`: Team
    Team,
    /// `team_p`: Team's chance of its plan
    TeamP,
    /// `team_share`: Share of managers on their own plan (average)
    TeamShare,
    /// `team_plan`: Team plan
    TeamPlan,
    /// `team_add`: + manager
    TeamAdd,
    /// `team_run`: Run the team
    TeamRun,
    /// `team_hint`: Each manager has their own funnel shape and their own pla…
    TeamHint,
    /// `range_is`: must be within
    RangeIs,
    /// `concepts`: Concepts
    Concepts,
    /// `ladder`: Ladder
    Ladder,
    /// `metrics`: Metrics
    Metrics,
    /// `calibrate`: From CRM
    Calibrate,
    /// `concepts_title`: Concepts from the posts
    ConceptsTitle,
    /// `concepts_intro`: Every duty, funnel shape, requirement and mistake of the…
    ConceptsIntro,
    /// `shown_in`: Where in the app:
    ShownIn,
    /// `closest_place`: Closest place:
    ClosestPlace,
    /// `see_also`: See also
    SeeAlso,
    /// `permalink`: Link to this item
    Permalink,
    /// `worker_died`: A simulation worker stopped with an error and was started…
    WorkerDied,
    /// `worker_rerun`: The interrupted run is being done again.
    WorkerRerun,
    /// `worker_waiting`: The run was interrupted twice: run it again with the button.
    WorkerWaiting,
    /// `run_again`: Run again
    RunAgain,
}

impl Phrase {
    /// Every text, in the table's order.
    pub const ALL: [Phrase; 166] = [
        Phrase::Title,
        Phrase::Subtitle,
        Phrase::SwitchLang,
        Phrase::Preset,
        Phrase::Custom,
        Phrase::Month,
        Phrase::Plan,
        Phrase::Horizon,
        Phrase::Checkpoint,
        Phrase::Stages,
        Phrase::StageName,
        Phrase::ExitFact,
        Phrase::Task,
        Phrase::TaskHint,
        Phrase::Conversion,
        Phrase::Days,
        Phrase::Phase,
        Phrase::AddStage,
        Phrase::Inflow,
        Phrase::AtStage,
        Phrase::PerDay,
        Phrase::AddInflow,
        Phrase::Initial,
        Phrase::Empty,
        Phrase::SteadyState,
        Phrase::Counts,
        Phrase::Deals,
        Phrase::Budget,
        Phrase::Median,
        Phrase::P90,
        Phrase::Levers,
        Phrase::QuestionEffect,
        Phrase::OpenShare,
        Phrase::Rework,
        Phrase::RecordReverse,
        Phrase::Kpi,
        Phrase::KpiMinutes,
        Phrase::KpiCalls,
        Phrase::CallKpiFactor,
        Phrase::ContactsPerDeal,
        Phrase::ContactsWorked,
        Phrase::VetoPerContact,
        Phrase::BudgetKnownFromStage,
        Phrase::EarlyBudgetSigma,
        Phrase::DeadlineShare,
        Phrase::DeadlineLift,
        Phrase::DeadlineSpeedup,
        Phrase::MinutesPerDay,
        Phrase::MinutesPerDeal,
        Phrase::DepthPenalty,
        Phrase::RunSettings,
        Phrase::Trials,
        Phrase::Seed,
        Phrase::Run,
        Phrase::Cancel,
        Phrase::PPlan,
        Phrase::Revenue,
        Phrase::Mean,
        Phrase::Wins,
        Phrase::Losses,
        Phrase::ChartHist,
        Phrase::ChartFunnel,
        Phrase::ChartFan,
        Phrase::Shape,
        Phrase::Day,
        Phrase::Band,
        Phrase::MedianLine,
        Phrase::PastPlan,
        Phrase::Advice,
        Phrase::Invalid,
        Phrase::Stale,
        Phrase::Running,
        Phrase::Cancelled,
        Phrase::KeptPrevious,
        Phrase::MoveUp,
        Phrase::MoveDown,
        Phrase::Remove,
        Phrase::Forecast,
        Phrase::NoPhase,
        Phrase::ConversionShort,
        Phrase::InflowShort,
        Phrase::TornadoTitle,
        Phrase::TornadoExact,
        Phrase::TornadoRun,
        Phrase::AbTitle,
        Phrase::AbHint,
        Phrase::AbPin,
        Phrase::AbRun,
        Phrase::PairedSe,
        Phrase::IndependentSe,
        Phrase::Sharper,
        Phrase::DeltaRevenue,
        Phrase::Lessons,
        Phrase::Editor,
        Phrase::Presenter,
        Phrase::YourGuess,
        Phrase::Reveal,
        Phrase::Next,
        Phrase::Prev,
        Phrase::Arm,
        Phrase::VsBase,
        Phrase::Pipeline,
        Phrase::ConversionTotal,
        Phrase::ForecastBias,
        Phrase::Mape,
        Phrase::WarnShape,
        Phrase::WarnForecast,
        Phrase::Guess,
        Phrase::PredictFirst,
        Phrase::P10Short,
        Phrase::P90Short,
        Phrase::Source,
        Phrase::Assumptions,
        Phrase::OpenArm,
        Phrase::ChartBars,
        Phrase::BarsLegend,
        Phrase::GuessMarker,
        Phrase::ChartOverlay,
        Phrase::RecordedVsTrue,
        Phrase::TrueConversion,
        Phrase::RecordedConv,
        Phrase::Difference,
        Phrase::CheckpointVsPlan,
        Phrase::DealsAtCheckpoint,
        Phrase::PlanShape,
        Phrase::Dismiss,
        Phrase::SameEveryMonth,
        Phrase::BudgetAtCheckpoint,
        Phrase::WarnCurve,
        Phrase::MidMonthStudy,
        Phrase::ReliabilityChart,
        Phrase::ReliabilityForecast,
        Phrase::ReliabilityObservedAxis,
        Phrase::ReliabilityObserved,
        Phrase::ReliabilityPerfect,
        Phrase::Tolerance,
        Phrase::Precision,
        Phrase::Recall,
        Phrase::FiringRate,
        Phrase::BasisBoth,
        Phrase::BasisCount,
        Phrase::BasisBudget,
        Phrase::WarnForecastShort,
        Phrase::AtZero,
        Phrase::Team,
        Phrase::TeamP,
        Phrase::TeamShare,
        Phrase::TeamPlan,
        Phrase::TeamAdd,
        Phrase::TeamRun,
        Phrase::TeamHint,
        Phrase::RangeIs,
        Phrase::Concepts,
        Phrase::Ladder,
        Phrase::Metrics,
        Phrase::Calibrate,
        Phrase::ConceptsTitle,
        Phrase::ConceptsIntro,
        Phrase::ShownIn,
        Phrase::ClosestPlace,
        Phrase::SeeAlso,
        Phrase::Permalink,
        Phrase::WorkerDied,
        Phrase::WorkerRerun,
        Phrase::WorkerWaiting,
        Phrase::RunAgain,
    ];

    /// The text's key, as the table names it.
    pub fn key(self) -> &'static str {
        match self {
            Phrase::Title => "title",
            Phrase::Subtitle => "subtitle",
            Phrase::SwitchLang => "switch_lang",
            Phrase::Preset => "preset",
            Phrase::Custom => "custom",
            Phrase::Month => "month",
            Phrase::Plan => "plan",
            Phrase::Horizon => "horizon",
            Phrase::Checkpoint => "checkpoint",
            Phrase::Stages => "stages",
            Phrase::StageName => "stage_name",
            Phrase::ExitFact => "exit_fact",
            Phrase::Task => "task",
            Phrase::TaskHint => "task_hint",
            Phrase::Conversion => "conversion",
            Phrase::Days => "days",
            Phrase::Phase => "phase",
            Phrase::AddStage => "add_stage",
            Phrase::Inflow => "inflow",
            Phrase::AtStage => "at_stage",
            Phrase::PerDay => "per_day",
            Phrase::AddInflow => "add_inflow",
            Phrase::Initial => "initial",
            Phrase::Empty => "empty",
            Phrase::SteadyState => "steady_state",
            Phrase::Counts => "counts",
            Phrase::Deals => "deals",
            Phrase::Budget => "budget",
            Phrase::Median => "median",
            Phrase::P90 => "p90",
            Phrase::Levers => "levers",
            Phrase::QuestionEffect => "question_effect",
            Phrase::OpenShare => "open_share",
            Phrase::Rework => "rework",
            Phrase::RecordReverse => "record_reverse",
            Phrase::Kpi => "kpi",
            Phrase::KpiMinutes => "kpi_minutes",
            Phrase::KpiCalls => "kpi_calls",
            Phrase::CallKpiFactor => "call_kpi_factor",
            Phrase::ContactsPerDeal => "contacts_per_deal",
            Phrase::ContactsWorked => "contacts_worked",
            Phrase::VetoPerContact => "veto_per_contact",
            Phrase::BudgetKnownFromStage => "budget_known_from_stage",
            Phrase::EarlyBudgetSigma => "early_budget_sigma",
            Phrase::DeadlineShare => "deadline_share",
            Phrase::DeadlineLift => "deadline_lift",
            Phrase::DeadlineSpeedup => "deadline_speedup",
            Phrase::MinutesPerDay => "minutes_per_day",
            Phrase::MinutesPerDeal => "minutes_per_deal",
            Phrase::DepthPenalty => "depth_penalty",
            Phrase::RunSettings => "run_settings",
            Phrase::Trials => "trials",
            Phrase::Seed => "seed",
            Phrase::Run => "run",
            Phrase::Cancel => "cancel",
            Phrase::PPlan => "p_plan",
            Phrase::Revenue => "revenue",
            Phrase::Mean => "mean",
            Phrase::Wins => "wins",
            Phrase::Losses => "losses",
            Phrase::ChartHist => "chart_hist",
            Phrase::ChartFunnel => "chart_funnel",
            Phrase::ChartFan => "chart_fan",
            Phrase::Shape => "shape",
            Phrase::Day => "day",
            Phrase::Band => "band",
            Phrase::MedianLine => "median_line",
            Phrase::PastPlan => "past_plan",
            Phrase::Advice => "advice",
            Phrase::Invalid => "invalid",
            Phrase::Stale => "stale",
            Phrase::Running => "running",
            Phrase::Cancelled => "cancelled",
            Phrase::KeptPrevious => "kept_previous",
            Phrase::MoveUp => "move_up",
            Phrase::MoveDown => "move_down",
            Phrase::Remove => "remove",
            Phrase::Forecast => "forecast",
            Phrase::NoPhase => "no_phase",
            Phrase::ConversionShort => "conversion_short",
            Phrase::InflowShort => "inflow_short",
            Phrase::TornadoTitle => "tornado_title",
            Phrase::TornadoExact => "tornado_exact",
            Phrase::TornadoRun => "tornado_run",
            Phrase::AbTitle => "ab_title",
            Phrase::AbHint => "ab_hint",
            Phrase::AbPin => "ab_pin",
            Phrase::AbRun => "ab_run",
            Phrase::PairedSe => "paired_se",
            Phrase::IndependentSe => "independent_se",
            Phrase::Sharper => "sharper",
            Phrase::DeltaRevenue => "delta_revenue",
            Phrase::Lessons => "lessons",
            Phrase::Editor => "editor",
            Phrase::Presenter => "presenter",
            Phrase::YourGuess => "your_guess",
            Phrase::Reveal => "reveal",
            Phrase::Next => "next",
            Phrase::Prev => "prev",
            Phrase::Arm => "arm",
            Phrase::VsBase => "vs_base",
            Phrase::Pipeline => "pipeline",
            Phrase::ConversionTotal => "conversion_total",
            Phrase::ForecastBias => "forecast_bias",
            Phrase::Mape => "mape",
            Phrase::WarnShape => "warn_shape",
            Phrase::WarnForecast => "warn_forecast",
            Phrase::Guess => "guess",
            Phrase::PredictFirst => "predict_first",
            Phrase::P10Short => "P10",
            Phrase::P90Short => "P90",
            Phrase::Source => "source",
            Phrase::Assumptions => "assumptions",
            Phrase::OpenArm => "open_arm",
            Phrase::ChartBars => "chart_bars",
            Phrase::BarsLegend => "bars_legend",
            Phrase::GuessMarker => "guess_marker",
            Phrase::ChartOverlay => "chart_overlay",
            Phrase::RecordedVsTrue => "recorded_vs_true",
            Phrase::TrueConversion => "true_conversion",
            Phrase::RecordedConv => "recorded_conv",
            Phrase::Difference => "difference",
            Phrase::CheckpointVsPlan => "checkpoint_vs_plan",
            Phrase::DealsAtCheckpoint => "deals_at_checkpoint",
            Phrase::PlanShape => "plan_shape",
            Phrase::Dismiss => "dismiss",
            Phrase::SameEveryMonth => "same_every_month",
            Phrase::BudgetAtCheckpoint => "budget_at_checkpoint",
            Phrase::WarnCurve => "warn_curve",
            Phrase::MidMonthStudy => "mid_month_study",
            Phrase::ReliabilityChart => "reliability_chart",
            Phrase::ReliabilityForecast => "reliability_forecast",
            Phrase::ReliabilityObservedAxis => "reliability_observed_axis",
            Phrase::ReliabilityObserved => "reliability_observed",
            Phrase::ReliabilityPerfect => "reliability_perfect",
            Phrase::Tolerance => "tolerance",
            Phrase::Precision => "precision",
            Phrase::Recall => "recall",
            Phrase::FiringRate => "firing_rate",
            Phrase::BasisBoth => "basis_both",
            Phrase::BasisCount => "basis_count",
            Phrase::BasisBudget => "basis_budget",
            Phrase::WarnForecastShort => "warn_forecast_short",
            Phrase::AtZero => "at_zero",
            Phrase::Team => "team",
            Phrase::TeamP => "team_p",
            Phrase::TeamShare => "team_share",
            Phrase::TeamPlan => "team_plan",
            Phrase::TeamAdd => "team_add",
            Phrase::TeamRun => "team_run",
            Phrase::TeamHint => "team_hint",
            Phrase::RangeIs => "range_is",
            Phrase::Concepts => "concepts",
            Phrase::Ladder => "ladder",
            Phrase::Metrics => "metrics",
            Phrase::Calibrate => "calibrate",
            Phrase::ConceptsTitle => "concepts_title",
            Phrase::ConceptsIntro => "concepts_intro",
            Phrase::ShownIn => "shown_in",
            Phrase::ClosestPlace => "closest_place",
            Phrase::SeeAlso => "see_also",
            Phrase::Permalink => "permalink",
            Phrase::WorkerDied => "worker_died",
            Phrase::WorkerRerun => "worker_rerun",
            Phrase::WorkerWaiting => "worker_waiting",
            Phrase::RunAgain => "run_again",
        }
    }
}

/// A word or phrase of the interface in `lang`.
pub fn tr(lang: Lang, text: Phrase) -> &'static str {
    let (ru, en) = match text {
        Phrase::Title => (
            "Funnel Lab — симулятор воронки продаж",
            "Funnel Lab — sales funnel simulator",
        ),
        Phrase::Subtitle => (
            "Монте-Карло по фактам: сколько шансов выполнить план",
            "Fact-based Monte Carlo: how likely is the plan",
        ),
        Phrase::SwitchLang => ("English", "Русский"),
        Phrase::Preset => ("Сценарий", "Scenario"),
        Phrase::Custom => ("свой", "custom"),
        Phrase::Month => ("Месяц", "Month"),
        Phrase::Plan => ("План", "Plan"),
        Phrase::Horizon => ("Рабочих дней", "Working days"),
        Phrase::Checkpoint => ("День проверки", "Checkpoint day"),
        Phrase::Stages => ("Этапы (процесс → факт выхода)", "Stages (process → exit fact)"),
        Phrase::StageName => ("Этап", "Stage"),
        Phrase::ExitFact => ("Факт выхода", "Exit fact"),
        Phrase::Task => ("Задача на этапе", "Task at this stage"),
        Phrase::TaskHint => ("Задача: Договориться…", "Task: Agree…"),
        Phrase::Conversion => ("Конверсия, %", "Conversion, %"),
        Phrase::Days => ("Дней", "Days"),
        Phrase::Phase => ("Фаза", "Phase"),
        Phrase::AddStage => ("+ этап", "+ stage"),
        Phrase::Inflow => ("Приток новых сделок", "New deals coming in"),
        Phrase::AtStage => ("на этап", "at stage"),
        Phrase::PerDay => ("в день", "a day"),
        Phrase::AddInflow => ("+ приток", "+ inflow"),
        Phrase::Initial => ("Воронка на 1-й день", "Pipeline on day 1"),
        Phrase::Empty => ("пустая", "empty"),
        Phrase::SteadyState => ("по форме (устойчивая)", "at its shape (steady)"),
        Phrase::Counts => ("задать числа", "given counts"),
        Phrase::Deals => ("сделки из CRM", "deals from a CRM"),
        Phrase::Budget => ("Бюджет сделки", "Deal budget"),
        Phrase::Median => ("Медиана", "Median"),
        Phrase::P90 => ("90-й перцентиль", "90th percentile"),
        Phrase::Levers => ("Рычаги", "Levers"),
        Phrase::QuestionEffect => ("Сила вопросов", "Question effect"),
        Phrase::OpenShare => ("Доля открытых вопросов", "Share of open questions"),
        Phrase::Rework => (
            "Доработка: доля сделок в день, которым клиент велит переделать прошлый этап",
            "Rework: share of deals a day the client sends back to redo the previous stage",
        ),
        Phrase::RecordReverse => (
            "Менеджер переносит такие сделки назад в CRM (нарушение правила «воронка обратного хода не имеет»)",
            "The manager moves such deals back in the CRM (breaks the no-reverse rule)",
        ),
        Phrase::Kpi => ("KPI менеджера", "The manager's KPI"),
        Phrase::KpiMinutes => ("минуты разговоров", "talk minutes"),
        Phrase::KpiCalls => ("число звонков", "number of calls"),
        Phrase::CallKpiFactor => (
            "При KPI на звонки: доля нужной длины разговора",
            "Under a calls KPI: share of a talk's needed length",
        ),
        Phrase::ContactsPerDeal => (
            "Участников решения у клиента",
            "People in the client's decision",
        ),
        Phrase::ContactsWorked => ("Из них менеджер работает с", "Of them, the manager works with"),
        Phrase::VetoPerContact => (
            "Вероятность вето неохваченного участника",
            "Veto chance of a contact not worked with",
        ),
        Phrase::BudgetKnownFromStage => ("Бюджет в CRM с этапа", "Budget in the CRM from stage"),
        Phrase::EarlyBudgetSigma => (
            "Разброс ранней оценки бюджета (σ)",
            "Spread of the early budget estimate (σ)",
        ),
        Phrase::DeadlineShare => ("Доля сделок с дедлайном", "Deals with a deadline"),
        Phrase::DeadlineLift => ("Рост конверсии", "Conversion lift"),
        Phrase::DeadlineSpeedup => ("Ускорение", "Speed-up"),
        Phrase::MinutesPerDay => (
            "Минут разговоров в день (пусто — без предела)",
            "Talk minutes a day (empty: no limit)",
        ),
        Phrase::MinutesPerDeal => ("Минут на сделку", "Minutes a deal"),
        Phrase::DepthPenalty => ("Штраф глубины", "Depth penalty"),
        Phrase::RunSettings => ("Прогон", "Run"),
        Phrase::Trials => ("Испытаний", "Trials"),
        Phrase::Seed => ("Зерно", "Seed"),
        Phrase::Run => ("Запустить", "Run"),
        Phrase::Cancel => ("Остановить", "Cancel"),
        Phrase::PPlan => ("Вероятность выполнить план", "Chance of making the plan"),
        Phrase::Revenue => ("Выручка", "Revenue"),
        Phrase::Mean => ("среднее", "mean"),
        Phrase::Wins => ("Выиграно сделок", "Deals won"),
        Phrase::Losses => ("проиграно", "lost"),
        Phrase::ChartHist => (
            "Выполнение плана: доля испытаний",
            "Plan attainment: share of trials",
        ),
        Phrase::ChartFunnel => (
            "Воронка: плановая форма и середина месяца (сделок / бюджет)",
            "The funnel: plan shape vs mid-month (deals / budget)",
        ),
        Phrase::ChartFan => ("Накопленная выручка по дням", "Cumulative revenue by day"),
        Phrase::Shape => ("форма", "shape"),
        Phrase::Day => ("день", "day"),
        Phrase::Band => ("P10–P90", "P10–P90"),
        Phrase::MedianLine => ("медиана", "median"),
        Phrase::PastPlan => ("выше плана", "past the plan"),
        Phrase::Advice => ("Советы по воронке", "Funnel advice"),
        Phrase::Invalid => (
            "Исправьте поля, отмеченные красным: прогон ждёт.",
            "Fix the fields marked red: the run waits.",
        ),
        Phrase::Stale => ("Показан последний верный результат.", "Showing the last good result."),
        Phrase::Running => ("Считаю…", "Running…"),
        Phrase::Cancelled => ("Остановлено.", "Cancelled."),
        Phrase::KeptPrevious => (
            "Что не успело пересчитаться, показано по прежнему расчёту.",
            "What had not been recomputed is shown from the previous run.",
        ),
        Phrase::MoveUp => ("Выше", "Move up"),
        Phrase::MoveDown => ("Ниже", "Move down"),
        Phrase::Remove => ("Удалить", "Remove"),
        Phrase::Forecast => ("Прогноз в середине месяца", "The mid-month forecast"),
        Phrase::NoPhase => ("—", "—"),
        Phrase::ConversionShort => ("Конверсия", "Conversion"),
        Phrase::InflowShort => ("Приток", "Inflow"),
        Phrase::TornadoTitle => (
            "Чувствительность: ΔP(план) при ±10% параметра",
            "Sensitivity: ΔP(plan) at ±10% of each parameter",
        ),
        Phrase::TornadoExact => (" — точно, без выборки", " — exact, no sampling"),
        Phrase::TornadoRun => ("Чувствительность ±10%", "Sensitivity ±10%"),
        Phrase::AbTitle => ("Сравнение A/B", "A/B comparison"),
        Phrase::AbHint => (
            "Закрепите сценарий как A, измените что-нибудь и сравните: оба прогона идут на одних и тех же случайных числах.",
            "Pin the scenario as A, change something, and compare: both runs use the same random numbers.",
        ),
        Phrase::AbPin => ("Закрепить как A", "Pin as A"),
        Phrase::AbRun => ("Сравнить A и текущий", "Compare A with current"),
        Phrase::PairedSe => ("ошибка парная", "paired error"),
        Phrase::IndependentSe => ("независимая", "independent"),
        Phrase::Sharper => ("точнее в", "sharper by"),
        Phrase::DeltaRevenue => ("Δ выручки B − A", "Δ revenue B − A"),
        Phrase::Lessons => ("Уроки", "Lessons"),
        Phrase::Editor => ("Симулятор", "Simulator"),
        Phrase::Presenter => ("Презентация", "Presenter mode"),
        Phrase::YourGuess => ("Ваш прогноз P(план), %", "Your guess of P(plan), %"),
        Phrase::Reveal => ("Показать результат", "Reveal"),
        Phrase::Next => ("Следующий урок →", "Next lesson →"),
        Phrase::Prev => ("← Предыдущий", "← Previous"),
        Phrase::Arm => ("Вариант", "Variant"),
        Phrase::VsBase => ("ΔP к базе, 95%", "ΔP vs base, 95%"),
        Phrase::Pipeline => ("Сделок в середине месяца", "Deals at mid\u{2011}month"),
        Phrase::ConversionTotal => ("Доля выигранных", "Share won"),
        Phrase::ForecastBias => ("Смещение прогноза", "Forecast bias"),
        Phrase::Mape => ("Ошибка прогноза", "Forecast error"),
        Phrase::WarnShape => (
            "«Ниже плановой формы» (сделки или бюджет): точность / полнота",
            "\"Below the plan shape\" (deals or budget): precision / recall",
        ),
        Phrase::WarnForecast => (
            "«Прогноз ниже плана»: точность / полнота",
            "\"Forecast < plan\": precision / recall",
        ),
        Phrase::Guess => ("Прогноз", "Guess"),
        Phrase::PredictFirst => (
            "Сначала прогноз: впишите свои оценки, потом откройте результат.",
            "Predict first: write your guesses, then reveal the result.",
        ),
        Phrase::P10Short => ("P10", "P10"),
        Phrase::P90Short => ("P90", "P90"),
        Phrase::Source => ("Источник", "Source"),
        Phrase::Assumptions => (
            "Допущения: эти числа наши, а не из постов",
            "Assumptions: these numbers are ours, not the posts'",
        ),
        Phrase::OpenArm => ("Открыть в симуляторе", "Open in the simulator"),
        Phrase::ChartBars => (
            "Вероятность выполнить план, по вариантам",
            "Chance of making the plan, by variant",
        ),
        Phrase::BarsLegend => ("P(план) и 95% интервал", "P(plan) and its 95% interval"),
        Phrase::GuessMarker => ("прогноз", "guess"),
        Phrase::ChartOverlay => (
            "Выполнение плана по вариантам: доля испытаний",
            "Plan attainment by variant: share of trials",
        ),
        Phrase::RecordedVsTrue => (
            "Конверсия этапов: настоящая и по записи",
            "Stage conversion: true and as recorded",
        ),
        Phrase::TrueConversion => ("Настоящая", "True"),
        Phrase::RecordedConv => ("По записи", "Recorded"),
        Phrase::Difference => ("Разница", "Difference"),
        Phrase::CheckpointVsPlan => (
            "День проверки против плановой формы",
            "The checkpoint against the plan shape",
        ),
        Phrase::DealsAtCheckpoint => ("Сделок в день проверки", "Deals at the checkpoint"),
        Phrase::PlanShape => ("Плановая форма", "Plan shape"),
        Phrase::Dismiss => ("Понятно", "Got it"),
        Phrase::SameEveryMonth => ("= в каждом месяце так же", "= the same in every month"),
        Phrase::BudgetAtCheckpoint => ("Бюджет в день проверки", "Budget at the checkpoint"),
        Phrase::WarnCurve => (
            "Проверка «ниже плановой формы» по допуску",
            "The \"below the plan shape\" check by tolerance",
        ),
        Phrase::MidMonthStudy => ("Проверяем два утверждения поста", "The post's two claims, tested"),
        Phrase::ReliabilityChart => ("Прогноз P(план) и что случилось", "Forecast P(plan) and what happened"),
        Phrase::ReliabilityForecast => ("прогноз P(план)", "forecast P(plan)"),
        Phrase::ReliabilityObservedAxis => ("доля месяцев с планом", "share of months that made the plan"),
        Phrase::ReliabilityObserved => ("наблюдаемая доля ± ст. ошибка", "observed share ± SE"),
        Phrase::ReliabilityPerfect => ("идеальный прогноз", "perfect forecast"),
        Phrase::Tolerance => ("допуск", "tolerance"),
        Phrase::Precision => ("точность", "precision"),
        Phrase::Recall => ("полнота", "recall"),
        Phrase::FiringRate => ("как часто срабатывает", "how often it fires"),
        Phrase::BasisBoth => ("оба числа", "both numbers"),
        Phrase::BasisCount => ("только сделки", "count only"),
        Phrase::BasisBudget => ("только бюджет", "budget only"),
        Phrase::WarnForecastShort => ("прогноз ниже плана", "forecast below plan"),
        Phrase::AtZero => ("Сигнал при допуске 0", "Warning at tolerance 0"),
        Phrase::Team => ("Команда", "Team"),
        Phrase::TeamP => ("Вероятность плана команды", "Team's chance of its plan"),
        Phrase::TeamShare => (
            "Доля менеджеров, выполнивших свой план (в среднем)",
            "Share of managers on their own plan (average)",
        ),
        Phrase::TeamPlan => ("План команды", "Team plan"),
        Phrase::TeamAdd => ("+ менеджер", "+ manager"),
        Phrase::TeamRun => ("Рассчитать команду", "Run the team"),
        Phrase::TeamHint => (
            "У каждого менеджера своя форма воронки и свой план; план команды задаётся отдельно. В примере он 14 млн ₽ — меньше суммы ожидаемых выручек пятерых (5 × 3 млн = 15 млн ₽), поэтому команда выполняет свой план чаще, чем каждый менеджер — свой: провалы одних покрываются успехами других. Так бывает, только пока план команды ниже суммы ожидаемых выручек: сложение сужает разброс, но не поднимает среднее, а план выше этой суммы команда выполняет тем реже, чем она больше.",
            "Each manager has their own funnel shape and their own plan; the team plan is set separately. In the example it is 14 M RUB, less than the sum of the five members' expected revenues (5 × 3 M = 15 M RUB), so the team makes its plan more often than each member makes theirs: some misses are covered by others' wins. That holds only while the team plan is below the sum of expected revenues: adding up narrows the spread but does not raise the mean, and a plan above that sum is made the more rarely, the bigger the team.",
        ),
        Phrase::RangeIs => ("должно быть в пределах", "must be within"),
        Phrase::Concepts => ("Понятия", "Concepts"),
        Phrase::Ladder => ("Лестница", "Ladder"),
        Phrase::Metrics => ("Метрики", "Metrics"),
        Phrase::Calibrate => ("Из CRM", "From CRM"),
        Phrase::ConceptsTitle => ("Понятия из постов", "Concepts from the posts"),
        Phrase::ConceptsIntro => (
            "Каждая обязанность, форма воронки, требование и ошибка из двух постов, на которых построен Funnel Lab: откуда она (пост и пункт), что значит — нашими словами — и где её показывает приложение. Если пункт не моделируется, сказано почему и что к нему ближе всего.",
            "Every duty, funnel shape, requirement and mistake of the two posts Funnel Lab is built on: where it comes from (post and item), what it means in our own words, and where the app shows it. Where an item is not simulated, it says why and what comes closest.",
        ),
        Phrase::ShownIn => ("Где в приложении:", "Where in the app:"),
        Phrase::ClosestPlace => ("Ближе всего:", "Closest place:"),
        Phrase::SeeAlso => ("См. также", "See also"),
        Phrase::Permalink => ("Ссылка на этот пункт", "Link to this item"),
        Phrase::WorkerDied => (
            "Вычислитель (веб-воркер) остановился с ошибкой и запущен заново; всё введённое на месте.",
            "A simulation worker stopped with an error and was started again; everything you typed is kept.",
        ),
        Phrase::WorkerRerun => (
            "Прерванный расчёт выполняется снова.",
            "The interrupted run is being done again.",
        ),
        Phrase::WorkerWaiting => (
            "Расчёт прервался дважды: запустите его ещё раз кнопкой.",
            "The run was interrupted twice: run it again with the button.",
        ),
        Phrase::RunAgain => ("Запустить ещё раз", "Run again"),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// What reading a schema 1 scenario changed, in words.
pub fn upgrade_text(lang: Lang, u: &crate::sim::scenario::Upgrade) -> String {
    use crate::sim::scenario::UpgradeChange;
    let mut out = match lang {
        Lang::Ru => {
            format!("Сохранённый сценарий был в схеме {}; он прочитан как схема 2.", u.from)
        }
        Lang::En => format!("The saved scenario was schema {}; it was read as schema 2.", u.from),
    };
    for c in &u.changes {
        let text = match (lang, c) {
            (Lang::Ru, UpgradeChange::ReverseToRework { rate }) => format!(
                "Откат {rate} в день стал доработкой {rate} в день, и CRM переносит такие сделки назад (как в версии 1)."
            ),
            (Lang::En, UpgradeChange::ReverseToRework { rate }) => format!(
                "Falling back {rate} a day became rework {rate} a day, with the record moving such deals back (as version 1 did)."
            ),
            (Lang::Ru, UpgradeChange::CapacityToCallsKpi) => {
                "Задан лимит минут: KPI «звонки» с долей 1 сохраняет правило версии 1 (медленнее и мельче).".into()
            }
            (Lang::En, UpgradeChange::CapacityToCallsKpi) => {
                "Talk minutes are limited: a calls KPI with factor 1 keeps version 1's rule (slower and shallower).".into()
            }
            (Lang::Ru, UpgradeChange::SteadyStateShape) => {
                "Старт «по форме» теперь следует форме на конец дня; числа немного изменятся.".into()
            }
            (Lang::En, UpgradeChange::SteadyStateShape) => {
                "The steady-state start now follows the end-of-day shape; the numbers move slightly.".into()
            }
        };
        out.push(' ');
        out.push_str(&text);
    }
    out
}

/// A negotiation phase's name.
pub fn phase_name(lang: Lang, phase: Phase) -> &'static str {
    match (lang, phase) {
        (Lang::Ru, Phase::Forming) => "форминг",
        (Lang::Ru, Phase::Storming) => "шторминг",
        (Lang::Ru, Phase::Norming) => "норминг",
        (Lang::Ru, Phase::Performing) => "перформинг",
        (Lang::En, Phase::Forming) => "forming",
        (Lang::En, Phase::Storming) => "storming",
        (Lang::En, Phase::Norming) => "norming",
        (Lang::En, Phase::Performing) => "performing",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_has_both_languages_and_its_own_key() {
        let mut keys = std::collections::HashSet::new();
        for p in Phrase::ALL {
            assert!(keys.insert(p.key()), "{} twice", p.key());
            for lang in [Lang::Ru, Lang::En] {
                assert!(!tr(lang, p).trim().is_empty(), "{:?} has no {:?} words", p, lang);
            }
        }
    }

    #[test]
    fn russian_words_are_russian() {
        // A Russian phrase either differs from the English or is language-neutral (a symbol, a
        // name such as P10, or the other language's own name on the switch).
        for p in Phrase::ALL {
            let (ru, en) = (tr(Lang::Ru, p), tr(Lang::En, p));
            let latin_words = ru.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 3);
            let english =
                latin_words.filter(|w| !["Funnel", "Monte", "Carlo", "English"].contains(w));
            assert_eq!(english.count(), 0, "{p:?}: {ru:?}");
            assert!(ru != en || !en.chars().any(|c| c.is_ascii_lowercase()), "{p:?} untranslated");
        }
    }
}
