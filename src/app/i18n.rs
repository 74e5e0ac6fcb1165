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

/// A word or phrase of the interface in `lang`.
pub fn tr(lang: Lang, key: &str) -> &'static str {
    let (ru, en) = match key {
        "title" => ("Funnel Lab — симулятор воронки продаж", "Funnel Lab — sales funnel simulator"),
        "subtitle" => (
            "Монте-Карло по фактам: сколько шансов выполнить план",
            "Fact-based Monte Carlo: how likely is the plan",
        ),
        "switch_lang" => ("English", "Русский"),
        "worker_died" => (
            "Вычислитель (веб-воркер) остановился с ошибкой и запущен заново; всё введённое на месте.",
            "A simulation worker stopped with an error and was started again; everything you typed is kept.",
        ),
        "worker_rerun" => ("Прерванный расчёт выполняется снова.", "The interrupted run is being done again."),
        "worker_waiting" => (
            "Расчёт прервался дважды: запустите его ещё раз кнопкой.",
            "The run was interrupted twice: run it again with the button.",
        ),
        "run_again" => ("Запустить ещё раз", "Run again"),
        "preset" => ("Сценарий", "Scenario"),
        "custom" => ("свой", "custom"),
        "month" => ("Месяц", "Month"),
        "plan" => ("План", "Plan"),
        "horizon" => ("Рабочих дней", "Working days"),
        "checkpoint" => ("День проверки", "Checkpoint day"),
        "stages" => ("Этапы (процесс → факт выхода)", "Stages (process → exit fact)"),
        "stage_name" => ("Этап", "Stage"),
        "exit_fact" => ("Факт выхода", "Exit fact"),
        "task" => ("Задача на этапе", "Task at this stage"),
        "task_hint" => ("Задача: Договориться…", "Task: Agree…"),
        "conversion" => ("Конверсия, %", "Conversion, %"),
        "days" => ("Дней", "Days"),
        "phase" => ("Фаза", "Phase"),
        "add_stage" => ("+ этап", "+ stage"),
        "inflow" => ("Приток новых сделок", "New deals coming in"),
        "at_stage" => ("на этап", "at stage"),
        "per_day" => ("в день", "a day"),
        "add_inflow" => ("+ приток", "+ inflow"),
        "initial" => ("Воронка на 1-й день", "Pipeline on day 1"),
        "empty" => ("пустая", "empty"),
        "steady_state" => ("по форме (устойчивая)", "at its shape (steady)"),
        "counts" => ("задать числа", "given counts"),
        "deals" => ("сделки из CRM", "deals from a CRM"),
        "budget" => ("Бюджет сделки", "Deal budget"),
        "median" => ("Медиана", "Median"),
        "p90" => ("90-й перцентиль", "90th percentile"),
        "levers" => ("Рычаги", "Levers"),
        "question_effect" => ("Сила вопросов", "Question effect"),
        "open_share" => ("Доля открытых вопросов", "Share of open questions"),
        "rework" => (
            "Доработка: доля сделок в день, которым клиент велит переделать прошлый этап",
            "Rework: share of deals a day the client sends back to redo the previous stage",
        ),
        "record_reverse" => (
            "Менеджер переносит такие сделки назад в CRM (нарушение правила «нет заднего хода»)",
            "The manager moves such deals back in the CRM (breaks the no-reverse rule)",
        ),
        "kpi" => ("KPI менеджера", "The manager's KPI"),
        "kpi_minutes" => ("минуты разговоров", "talk minutes"),
        "kpi_calls" => ("число звонков", "number of calls"),
        "call_kpi_factor" => (
            "При KPI на звонки: доля нужной длины разговора",
            "Under a calls KPI: share of a talk's needed length",
        ),
        "contacts_per_deal" => ("Участников решения у клиента", "People in the client's decision"),
        "contacts_worked" => ("Из них менеджер работает с", "Of them, the manager works with"),
        "veto_per_contact" => (
            "Вероятность вето неохваченного участника",
            "Veto chance of a contact not worked with",
        ),
        "budget_known_from_stage" => ("Бюджет в CRM с этапа", "Budget in the CRM from stage"),
        "early_budget_sigma" => (
            "Разброс ранней оценки бюджета (σ)",
            "Spread of the early budget estimate (σ)",
        ),
        "deadline_share" => ("Доля сделок с дедлайном", "Deals with a deadline"),
        "deadline_lift" => ("Рост конверсии", "Conversion lift"),
        "deadline_speedup" => ("Ускорение", "Speed-up"),
        "minutes_per_day" => (
            "Минут разговоров в день (пусто — без предела)",
            "Talk minutes a day (empty: no limit)",
        ),
        "minutes_per_deal" => ("Минут на сделку", "Minutes a deal"),
        "depth_penalty" => ("Штраф глубины", "Depth penalty"),
        "run_settings" => ("Прогон", "Run"),
        "trials" => ("Испытаний", "Trials"),
        "seed" => ("Зерно", "Seed"),
        "run" => ("Запустить", "Run"),
        "cancel" => ("Остановить", "Cancel"),
        "p_plan" => ("Вероятность выполнить план", "Chance of making the plan"),
        "revenue" => ("Выручка", "Revenue"),
        "mean" => ("среднее", "mean"),
        "wins" => ("Выиграно сделок", "Deals won"),
        "losses" => ("проиграно", "lost"),
        "chart_hist" => ("Выполнение плана: доля испытаний", "Plan attainment: share of trials"),
        "chart_funnel" => (
            "Воронка: плановая форма и середина месяца (сделок / бюджет)",
            "The funnel: plan shape vs mid-month (deals / budget)",
        ),
        "chart_fan" => ("Накопленная выручка по дням", "Cumulative revenue by day"),
        "shape" => ("форма", "shape"),
        "day" => ("день", "day"),
        "band" => ("P10–P90", "P10–P90"),
        "median_line" => ("медиана", "median"),
        "past_plan" => ("выше плана", "past the plan"),
        "advice" => ("Советы по воронке", "Funnel advice"),
        "invalid" => (
            "Исправьте поля, отмеченные красным: прогон ждёт.",
            "Fix the fields marked red: the run waits.",
        ),
        "stale" => ("Показан последний верный результат.", "Showing the last good result."),
        "running" => ("Считаю…", "Running…"),
        "cancelled" => ("Остановлено.", "Cancelled."),
        "move_up" => ("Выше", "Move up"),
        "move_down" => ("Ниже", "Move down"),
        "remove" => ("Удалить", "Remove"),
        "forecast" => ("Прогноз в середине месяца", "The mid-month forecast"),
        "no_phase" => ("—", "—"),
        "conversion_short" => ("Конверсия", "Conversion"),
        "inflow_short" => ("Приток", "Inflow"),
        "tornado_title" => ("Чувствительность: ΔP(план) при ±10% параметра", "Sensitivity: ΔP(plan) at ±10% of each parameter"),
        "tornado_exact" => (" — точно, без выборки", " — exact, no sampling"),
        "tornado_run" => ("Чувствительность ±10%", "Sensitivity ±10%"),
        "ab_title" => ("Сравнение A/B", "A/B comparison"),
        "ab_hint" => ("Закрепите сценарий как A, измените что-нибудь и сравните: оба прогона идут на одних и тех же случайных числах.", "Pin the scenario as A, change something, and compare: both runs use the same random numbers."),
        "ab_pin" => ("Закрепить как A", "Pin as A"),
        "ab_run" => ("Сравнить A и текущий", "Compare A with current"),
        "paired_se" => ("ошибка парная", "paired error"),
        "independent_se" => ("независимая", "independent"),
        "sharper" => ("точнее в", "sharper by"),
        "delta_revenue" => ("Δ выручки B − A", "Δ revenue B − A"),
        "lessons" => ("Уроки", "Lessons"),
        "editor" => ("Симулятор", "Simulator"),
        "presenter" => ("Режим презентации", "Presenter mode"),
        "your_guess" => ("Ваш прогноз P(план), %", "Your guess of P(plan), %"),
        "reveal" => ("Показать результат", "Reveal"),
        "next" => ("Следующий урок →", "Next lesson →"),
        "prev" => ("← Предыдущий", "← Previous"),
        "arm" => ("Вариант", "Variant"),
        "vs_base" => ("ΔP к базе, 95%", "ΔP vs base, 95%"),
        "pipeline" => ("Сделок в середине месяца", "Deals at mid-month"),
        "conversion_total" => ("Доля выигранных", "Share won"),
        "forecast_bias" => ("Смещение прогноза", "Forecast bias"),
        "mape" => ("Ошибка прогноза", "Forecast error"),
        "warn_shape" => ("«Ниже плановой формы» (сделки или бюджет): точность / полнота", "\"Below the plan shape\" (deals or budget): precision / recall"),
        "warn_forecast" => ("«Прогноз ниже плана»: точность / полнота", "\"Forecast < plan\": precision / recall"),
        "guess" => ("Прогноз", "Guess"),
        "predict_first" => ("Сначала прогноз: впишите свои оценки, потом откройте результат.", "Predict first: write your guesses, then reveal the result."),
        "P10" => ("P10", "P10"),
        "P90" => ("P90", "P90"),
        "source" => ("Источник", "Source"),
        "assumptions" => ("Допущения: эти числа наши, а не из постов", "Assumptions: these numbers are ours, not the posts'"),
        "open_arm" => ("Открыть в симуляторе", "Open in the simulator"),
        "chart_bars" => ("Вероятность выполнить план, по вариантам", "Chance of making the plan, by variant"),
        "bars_legend" => ("P(план) и 95% интервал", "P(plan) and its 95% interval"),
        "guess_marker" => ("прогноз", "guess"),
        "chart_overlay" => ("Выполнение плана по вариантам: доля испытаний", "Plan attainment by variant: share of trials"),
        "recorded_vs_true" => ("Конверсия этапов: настоящая и по записи", "Stage conversion: true and as recorded"),
        "true_conversion" => ("Настоящая", "True"),
        "recorded_conv" => ("По записи", "Recorded"),
        "difference" => ("Разница", "Difference"),
        "checkpoint_vs_plan" => ("День проверки против плановой формы", "The checkpoint against the plan shape"),
        "deals_at_checkpoint" => ("Сделок в день проверки", "Deals at the checkpoint"),
        "plan_shape" => ("Плановая форма", "Plan shape"),
        "dismiss" => ("Понятно", "Got it"),
        "same_every_month" => ("= в каждом месяце так же", "= the same in every month"),
        "budget_at_checkpoint" => ("Бюджет в день проверки", "Budget at the checkpoint"),
        "warn_curve" => ("Проверка «ниже плановой формы» по допуску", "The \"below the plan shape\" check by tolerance"),
        "tolerance" => ("допуск", "tolerance"),
        "precision" => ("точность", "precision"),
        "recall" => ("полнота", "recall"),
        "firing_rate" => ("как часто срабатывает", "how often it fires"),
        "basis_both" => ("оба числа", "both numbers"),
        "basis_count" => ("только сделки", "count only"),
        "basis_budget" => ("только бюджет", "budget only"),
        "warn_forecast_short" => ("прогноз ниже плана", "forecast below plan"),
        "at_zero" => ("Сигнал при допуске 0", "Warning at tolerance 0"),
        "team" => ("Команда", "Team"),
        "team_p" => ("Вероятность плана команды", "Team's chance of its plan"),
        "team_share" => ("Доля менеджеров, выполнивших свой план (в среднем)", "Share of managers on their own plan (average)"),
        "team_plan" => ("План команды", "Team plan"),
        "team_add" => ("+ менеджер", "+ manager"),
        "team_run" => ("Рассчитать команду", "Run the team"),
        "team_hint" => ("У каждого менеджера своя форма воронки и свой план; план команды задаётся отдельно. В примере он 14 млн ₽ — меньше суммы ожидаемых выручек пятерых (5 × 3 млн = 15 млн ₽), поэтому команда выполняет свой план чаще, чем каждый менеджер — свой: провалы одних покрываются успехами других. Так бывает, только пока план команды ниже суммы ожидаемых выручек: сложение сужает разброс, но не поднимает среднее, а план выше этой суммы команда выполняет тем реже, чем она больше.", "Each manager has their own funnel shape and their own plan; the team plan is set separately. In the example it is 14 M RUB, less than the sum of the five members' expected revenues (5 × 3 M = 15 M RUB), so the team makes its plan more often than each member makes theirs: some misses are covered by others' wins. That holds only while the team plan is below the sum of expected revenues: adding up narrows the spread but does not raise the mean, and a plan above that sum is made the more rarely, the bigger the team."),
        "range_is" => ("должно быть в пределах", "must be within"),
        "concepts" => ("Понятия", "Concepts"),
        "ladder" => ("Лестница", "Ladder"),
        "metrics" => ("Метрики", "Metrics"),
        "calibrate" => ("Из CRM", "From CRM"),
        "concepts_title" => ("Понятия из постов", "Concepts from the posts"),
        "concepts_intro" => (
            "Каждая обязанность, форма воронки, требование и ошибка из двух постов, на которых построен Funnel Lab: откуда она (пост и пункт), что значит — нашими словами — и где её показывает приложение. Если пункт не моделируется, сказано почему и что к нему ближе всего.",
            "Every duty, funnel shape, requirement and mistake of the two posts Funnel Lab is built on: where it comes from (post and item), what it means in our own words, and where the app shows it. Where an item is not simulated, it says why and what comes closest.",
        ),
        "shown_in" => ("Где в приложении:", "Where in the app:"),
        "closest_place" => ("Ближе всего:", "Closest place:"),
        "see_also" => ("См. также", "See also"),
        "permalink" => ("Ссылка на этот пункт", "Link to this item"),
        _ => ("?", "?"),
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

/// A validation message in `lang`: the engine words them in English with the allowed range;
/// the Russian keeps the numbers and ranges and translates the words around them.
pub fn field_message(lang: Lang, message: &str) -> String {
    match lang {
        Lang::En => message.to_owned(),
        Lang::Ru => message
            .replace("one trial would create about", "одно испытание создало бы около")
            .replace(" deals (", " сделок (")
            .replace("units of work; the limit is", "единиц работы; предел —")
            .replace("so that a run ends within seconds", "чтобы расчёт шёл секунды")
            .replace(
                "lower the inflow, the working days or the pipeline on day 1",
                "уменьшите приток, число рабочих дней или воронку на 1-й день",
            )
            .replace(
                "is more than this page runs at once for this scenario",
                "— больше, чем страница считает за раз для этого сценария",
            )
            .replace("(at most ", "(не больше ")
            .replace("the command line has no such limit", "в командной строке такого предела нет")
            .replace("is outside", "вне диапазона")
            .replace(
                "must be a finite number >= the median",
                "должно быть числом не меньше медианы",
            )
            .replace("must be a finite number >=", "должно быть числом ≥")
            .replace("must be a finite number >", "должно быть числом >")
            .replace("must not be empty", "не может быть пустым")
            .replace("not a finite number", "не число")
            .replace("(the horizon)", "(горизонт)")
            .replace("has", "содержит")
            .replace("numbers; give one per stage", "чисел; нужно по одному на этап"),
    }
}
