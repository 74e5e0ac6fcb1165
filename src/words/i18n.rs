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

crate::words::phrases! {
    /// A word or phrase of the interface: one variant per key, so a missing key does not compile.
    pub enum Phrase {
        Title = "title" => ("Funnel Lab — симулятор воронки продаж", "Funnel Lab — sales funnel simulator"),
        Subtitle = "subtitle" => ("Монте-Карло по фактам: сколько шансов выполнить план", "Fact-based Monte Carlo: how likely is the plan"),
        SwitchLang = "switch_lang" => ("English", "Русский"),
        Preset = "preset" => ("Сценарий", "Scenario"),
        Custom = "custom" => ("свой", "custom"),
        Month = "month" => ("Месяц", "Month"),
        Plan = "plan" => ("План", "Plan"),
        Horizon = "horizon" => ("Рабочих дней", "Working days"),
        Checkpoint = "checkpoint" => ("День проверки", "Checkpoint day"),
        Stages = "stages" => ("Этапы (процесс → факт выхода)", "Stages (process → exit fact)"),
        StageName = "stage_name" => ("Этап", "Stage"),
        ExitFact = "exit_fact" => ("Факт выхода", "Exit fact"),
        Task = "task" => ("Задача на этапе", "Task at this stage"),
        TaskHint = "task_hint" => ("Задача: Договориться…", "Task: Agree…"),
        Conversion = "conversion" => ("Конверсия, %", "Conversion, %"),
        Days = "days" => ("Дней", "Days"),
        Phase = "phase" => ("Фаза", "Phase"),
        AddStage = "add_stage" => ("+ этап", "+ stage"),
        Inflow = "inflow" => ("Приток новых сделок", "New deals coming in"),
        AtStage = "at_stage" => ("на этап", "at stage"),
        PerDay = "per_day" => ("в день", "a day"),
        AddInflow = "add_inflow" => ("+ приток", "+ inflow"),
        Initial = "initial" => ("Воронка на 1-й день", "Pipeline on day 1"),
        Empty = "empty" => ("пустая", "empty"),
        SteadyState = "steady_state" => ("по форме (устойчивая)", "at its shape (steady)"),
        Counts = "counts" => ("задать числа", "given counts"),
        Deals = "deals" => ("сделки из CRM", "deals from a CRM"),
        Budget = "budget" => ("Бюджет сделки", "Deal budget"),
        Median = "median" => ("Медиана", "Median"),
        P90 = "p90" => ("90-й перцентиль", "90th percentile"),
        Levers = "levers" => ("Рычаги", "Levers"),
        QuestionEffect = "question_effect" => ("Сила вопросов", "Question effect"),
        OpenShare = "open_share" => ("Доля открытых вопросов", "Share of open questions"),
        Rework = "rework" => ("Доработка: доля сделок в день, которым клиент велит переделать прошлый этап", "Rework: share of deals a day the client sends back to redo the previous stage"),
        RecordReverse = "record_reverse" => ("Менеджер переносит такие сделки назад в CRM (нарушение правила «воронка обратного хода не имеет»)", "The manager moves such deals back in the CRM (breaks the no-reverse rule)"),
        Kpi = "kpi" => ("KPI менеджера", "The manager's KPI"),
        KpiMinutes = "kpi_minutes" => ("минуты разговоров", "talk minutes"),
        KpiCalls = "kpi_calls" => ("число звонков", "number of calls"),
        CallKpiFactor = "call_kpi_factor" => ("При KPI на звонки: доля нужной длины разговора", "Under a calls KPI: share of a talk's needed length"),
        ContactsPerDeal = "contacts_per_deal" => ("Участников решения у клиента", "People in the client's decision"),
        ContactsWorked = "contacts_worked" => ("Из них менеджер работает с", "Of them, the manager works with"),
        VetoPerContact = "veto_per_contact" => ("Вероятность вето неохваченного участника", "Veto chance of a contact not worked with"),
        BudgetKnownFromStage = "budget_known_from_stage" => ("Бюджет в CRM с этапа", "Budget in the CRM from stage"),
        EarlyBudgetSigma = "early_budget_sigma" => ("Разброс ранней оценки бюджета (σ)", "Spread of the early budget estimate (σ)"),
        DeadlineShare = "deadline_share" => ("Доля сделок с дедлайном", "Deals with a deadline"),
        DeadlineLift = "deadline_lift" => ("Рост конверсии", "Conversion lift"),
        DeadlineSpeedup = "deadline_speedup" => ("Ускорение", "Speed-up"),
        MinutesPerDay = "minutes_per_day" => ("Минут разговоров в день (пусто — без предела)", "Talk minutes a day (empty: no limit)"),
        MinutesPerDeal = "minutes_per_deal" => ("Минут на сделку", "Minutes a deal"),
        DepthPenalty = "depth_penalty" => ("Штраф глубины", "Depth penalty"),
        RunSettings = "run_settings" => ("Прогон", "Run"),
        Trials = "trials" => ("Испытаний", "Trials"),
        Seed = "seed" => ("Зерно", "Seed"),
        Run = "run" => ("Запустить", "Run"),
        Cancel = "cancel" => ("Остановить", "Cancel"),
        PPlan = "p_plan" => ("Вероятность выполнить план", "Chance of making the plan"),
        Revenue = "revenue" => ("Выручка", "Revenue"),
        Mean = "mean" => ("среднее", "mean"),
        Wins = "wins" => ("Выиграно сделок", "Deals won"),
        Losses = "losses" => ("проиграно", "lost"),
        ChartHist = "chart_hist" => ("Выполнение плана: доля испытаний", "Plan attainment: share of trials"),
        ChartFunnel = "chart_funnel" => ("Воронка: плановая форма и середина месяца (сделок / бюджет)", "The funnel: plan shape vs mid-month (deals / budget)"),
        ChartFan = "chart_fan" => ("Накопленная выручка по дням", "Cumulative revenue by day"),
        Shape = "shape" => ("форма", "shape"),
        Day = "day" => ("день", "day"),
        Band = "band" => ("P10–P90", "P10–P90"),
        MedianLine = "median_line" => ("медиана", "median"),
        PastPlan = "past_plan" => ("выше плана", "past the plan"),
        Advice = "advice" => ("Советы по воронке", "Funnel advice"),
        Invalid = "invalid" => ("Исправьте поля, отмеченные красным: прогон ждёт.", "Fix the fields marked red: the run waits."),
        Stale = "stale" => ("Показан последний верный результат.", "Showing the last good result."),
        Running = "running" => ("Считаю…", "Running…"),
        Cancelled = "cancelled" => ("Остановлено.", "Cancelled."),
        KeptPrevious = "kept_previous" => ("Что не успело пересчитаться, показано по прежнему расчёту.", "What had not been recomputed is shown from the previous run."),
        MoveUp = "move_up" => ("Выше", "Move up"),
        MoveDown = "move_down" => ("Ниже", "Move down"),
        Remove = "remove" => ("Удалить", "Remove"),
        Forecast = "forecast" => ("Прогноз в середине месяца", "The mid-month forecast"),
        NoPhase = "no_phase" => ("—", "—"),
        ConversionShort = "conversion_short" => ("Конверсия", "Conversion"),
        InflowShort = "inflow_short" => ("Приток", "Inflow"),
        TornadoTitle = "tornado_title" => ("Чувствительность: ΔP(план) при ±10% параметра", "Sensitivity: ΔP(plan) at ±10% of each parameter"),
        TornadoExact = "tornado_exact" => (" — точно, без выборки", " — exact, no sampling"),
        TornadoRun = "tornado_run" => ("Чувствительность ±10%", "Sensitivity ±10%"),
        AbTitle = "ab_title" => ("Сравнение A/B", "A/B comparison"),
        AbHint = "ab_hint" => ("Закрепите сценарий как A, измените что-нибудь и сравните: оба прогона идут на одних и тех же случайных числах.", "Pin the scenario as A, change something, and compare: both runs use the same random numbers."),
        AbPin = "ab_pin" => ("Закрепить как A", "Pin as A"),
        AbRun = "ab_run" => ("Сравнить A и текущий", "Compare A with current"),
        PairedSe = "paired_se" => ("ошибка парная", "paired error"),
        IndependentSe = "independent_se" => ("независимая", "independent"),
        Sharper = "sharper" => ("точнее в", "sharper by"),
        DeltaRevenue = "delta_revenue" => ("Δ выручки B − A", "Δ revenue B − A"),
        Lessons = "lessons" => ("Уроки", "Lessons"),
        Editor = "editor" => ("Симулятор", "Simulator"),
        Presenter = "presenter" => ("Презентация", "Presenter mode"),
        YourGuess = "your_guess" => ("Ваш прогноз P(план), %", "Your guess of P(plan), %"),
        Reveal = "reveal" => ("Показать результат", "Reveal"),
        Next = "next" => ("Следующий урок →", "Next lesson →"),
        Prev = "prev" => ("← Предыдущий", "← Previous"),
        Arm = "arm" => ("Вариант", "Variant"),
        VsBase = "vs_base" => ("ΔP к базе, 95%", "ΔP vs base, 95%"),
        Pipeline = "pipeline" => ("Сделок в середине месяца", "Deals at mid\u{2011}month"),
        ConversionTotal = "conversion_total" => ("Доля выигранных", "Share won"),
        ForecastBias = "forecast_bias" => ("Смещение прогноза", "Forecast bias"),
        Mape = "mape" => ("Ошибка прогноза", "Forecast error"),
        WarnShape = "warn_shape" => ("«Ниже плановой формы» (сделки или бюджет): точность / полнота", "\"Below the plan shape\" (deals or budget): precision / recall"),
        WarnForecast = "warn_forecast" => ("«Прогноз ниже плана»: точность / полнота", "\"Forecast < plan\": precision / recall"),
        Guess = "guess" => ("Прогноз", "Guess"),
        PredictFirst = "predict_first" => ("Сначала прогноз: впишите свои оценки, потом откройте результат.", "Predict first: write your guesses, then reveal the result."),
        P10Short = "P10" => ("P10", "P10"),
        P90Short = "P90" => ("P90", "P90"),
        Source = "source" => ("Источник", "Source"),
        Assumptions = "assumptions" => ("Допущения: эти числа наши, а не из постов", "Assumptions: these numbers are ours, not the posts'"),
        OpenArm = "open_arm" => ("Открыть в симуляторе", "Open in the simulator"),
        ChartBars = "chart_bars" => ("Вероятность выполнить план, по вариантам", "Chance of making the plan, by variant"),
        BarsLegend = "bars_legend" => ("P(план) и 95% интервал", "P(plan) and its 95% interval"),
        GuessMarker = "guess_marker" => ("прогноз", "guess"),
        ChartOverlay = "chart_overlay" => ("Выполнение плана по вариантам: доля испытаний", "Plan attainment by variant: share of trials"),
        RecordedVsTrue = "recorded_vs_true" => ("Конверсия этапов: настоящая и по записи", "Stage conversion: true and as recorded"),
        TrueConversion = "true_conversion" => ("Настоящая", "True"),
        RecordedConv = "recorded_conv" => ("По записи", "Recorded"),
        Difference = "difference" => ("Разница", "Difference"),
        CheckpointVsPlan = "checkpoint_vs_plan" => ("День проверки против плановой формы", "The checkpoint against the plan shape"),
        DealsAtCheckpoint = "deals_at_checkpoint" => ("Сделок в день проверки", "Deals at the checkpoint"),
        PlanShape = "plan_shape" => ("Плановая форма", "Plan shape"),
        Dismiss = "dismiss" => ("Понятно", "Got it"),
        SameEveryMonth = "same_every_month" => ("= в каждом месяце так же", "= the same in every month"),
        BudgetAtCheckpoint = "budget_at_checkpoint" => ("Бюджет в день проверки", "Budget at the checkpoint"),
        WarnCurve = "warn_curve" => ("Проверка «ниже плановой формы» по допуску", "The \"below the plan shape\" check by tolerance"),
        MidMonthStudy = "mid_month_study" => ("Проверяем два утверждения поста", "The post's two claims, tested"),
        ReliabilityChart = "reliability_chart" => ("Прогноз P(план) и что случилось", "Forecast P(plan) and what happened"),
        ReliabilityForecast = "reliability_forecast" => ("прогноз P(план)", "forecast P(plan)"),
        ReliabilityObservedAxis = "reliability_observed_axis" => ("доля месяцев с планом", "share of months that made the plan"),
        ReliabilityObserved = "reliability_observed" => ("наблюдаемая доля ± ст. ошибка", "observed share ± SE"),
        ReliabilityPerfect = "reliability_perfect" => ("идеальный прогноз", "perfect forecast"),
        Tolerance = "tolerance" => ("допуск", "tolerance"),
        Precision = "precision" => ("точность", "precision"),
        Recall = "recall" => ("полнота", "recall"),
        FiringRate = "firing_rate" => ("как часто срабатывает", "how often it fires"),
        BasisBoth = "basis_both" => ("оба числа", "both numbers"),
        BasisCount = "basis_count" => ("только сделки", "count only"),
        BasisBudget = "basis_budget" => ("только бюджет", "budget only"),
        WarnForecastShort = "warn_forecast_short" => ("прогноз ниже плана", "forecast below plan"),
        AtZero = "at_zero" => ("Сигнал при допуске 0", "Warning at tolerance 0"),
        Team = "team" => ("Команда", "Team"),
        TeamP = "team_p" => ("Вероятность плана команды", "Team's chance of its plan"),
        TeamShare = "team_share" => ("Доля менеджеров, выполнивших свой план (в среднем)", "Share of managers on their own plan (average)"),
        TeamPlan = "team_plan" => ("План команды", "Team plan"),
        TeamAdd = "team_add" => ("+ менеджер", "+ manager"),
        TeamRun = "team_run" => ("Рассчитать команду", "Run the team"),
        TeamHint = "team_hint" => ("У каждого менеджера своя форма воронки и свой план; план команды задаётся отдельно. В примере он 14 млн ₽ — меньше суммы ожидаемых выручек пятерых (5 × 3 млн = 15 млн ₽), поэтому команда выполняет свой план чаще, чем каждый менеджер — свой: провалы одних покрываются успехами других. Так бывает, только пока план команды ниже суммы ожидаемых выручек: сложение сужает разброс, но не поднимает среднее, а план выше этой суммы команда выполняет тем реже, чем она больше.", "Each manager has their own funnel shape and their own plan; the team plan is set separately. In the example it is 14 M RUB, less than the sum of the five members' expected revenues (5 × 3 M = 15 M RUB), so the team makes its plan more often than each member makes theirs: some misses are covered by others' wins. That holds only while the team plan is below the sum of expected revenues: adding up narrows the spread but does not raise the mean, and a plan above that sum is made the more rarely, the bigger the team."),
        RangeIs = "range_is" => ("должно быть в пределах", "must be within"),
        Concepts = "concepts" => ("Понятия", "Concepts"),
        Ladder = "ladder" => ("Лестница", "Ladder"),
        Metrics = "metrics" => ("Метрики", "Metrics"),
        Calibrate = "calibrate" => ("Из CRM", "From CRM"),
        ConceptsTitle = "concepts_title" => ("Понятия из постов", "Concepts from the posts"),
        ConceptsIntro = "concepts_intro" => ("Каждая обязанность, форма воронки, требование и ошибка из двух постов, на которых построен Funnel Lab: откуда она (пост и пункт), что значит — нашими словами — и где её показывает приложение. Если пункт не моделируется, сказано почему и что к нему ближе всего.", "Every duty, funnel shape, requirement and mistake of the two posts Funnel Lab is built on: where it comes from (post and item), what it means in our own words, and where the app shows it. Where an item is not simulated, it says why and what comes closest."),
        ShownIn = "shown_in" => ("Где в приложении:", "Where in the app:"),
        ClosestPlace = "closest_place" => ("Ближе всего:", "Closest place:"),
        SeeAlso = "see_also" => ("См. также", "See also"),
        Permalink = "permalink" => ("Ссылка на этот пункт", "Link to this item"),
        WorkerDied = "worker_died" => ("Вычислитель (веб-воркер) остановился с ошибкой и запущен заново; всё введённое на месте.", "A simulation worker stopped with an error and was started again; everything you typed is kept."),
        WorkerRerun = "worker_rerun" => ("Прерванный расчёт выполняется снова.", "The interrupted run is being done again."),
        WorkerWaiting = "worker_waiting" => ("Расчёт прервался дважды: запустите его ещё раз кнопкой.", "The run was interrupted twice: run it again with the button."),
        RunAgain = "run_again" => ("Запустить ещё раз", "Run again"),
    }
}

/// A word or phrase of the interface in `lang`.
pub fn tr(lang: Lang, text: Phrase) -> &'static str {
    text.text(lang)
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
        let found = crate::words::phrases::problems::<Phrase>();
        assert!(found.is_empty(), "{found:#?}");
    }

    #[test]
    fn russian_words_are_russian() {
        // A Russian phrase either differs from the English or is language-neutral (a symbol, a
        // name such as P10, or the other language's own name on the switch).
        for &p in Phrase::ALL {
            let (ru, en) = (tr(Lang::Ru, p), tr(Lang::En, p));
            let latin_words = ru.split(|c: char| !c.is_ascii_alphabetic()).filter(|w| w.len() > 3);
            let english =
                latin_words.filter(|w| !["Funnel", "Monte", "Carlo", "English"].contains(w));
            assert_eq!(english.count(), 0, "{p:?}: {ru:?}");
            assert!(ru != en || !en.chars().any(|c| c.is_ascii_lowercase()), "{p:?} untranslated");
        }
    }
}
