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
        "preset" => ("Сценарий", "Scenario"),
        "custom" => ("свой", "custom"),
        "month" => ("Месяц", "Month"),
        "plan" => ("План", "Plan"),
        "horizon" => ("Рабочих дней", "Working days"),
        "checkpoint" => ("День проверки", "Checkpoint day"),
        "stages" => ("Этапы (процесс → факт выхода)", "Stages (process → exit fact)"),
        "stage_name" => ("Этап", "Stage"),
        "exit_fact" => ("Факт выхода", "Exit fact"),
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
        "budget" => ("Бюджет сделки", "Deal budget"),
        "median" => ("Медиана", "Median"),
        "p90" => ("90-й перцентиль", "90th percentile"),
        "levers" => ("Рычаги", "Levers"),
        "question_effect" => ("Сила вопросов", "Question effect"),
        "open_share" => ("Доля открытых вопросов", "Share of open questions"),
        "reverse" => ("Откат назад, в день", "Falling back, a day"),
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
            "Воронка: форма и середина месяца (сделок / бюджет)",
            "The funnel: shape vs mid-month (deals / budget)",
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
        "warn_shape" => ("«Ниже формы»: точность / полнота", "\"Below shape\": precision / recall"),
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
        "team_hint" => ("У каждого менеджера своя форма воронки; план команды — сумма. Команда выполняет план чаще, чем каждый по отдельности: провалы одних перекрываются успехами других.", "Each manager has their own funnel shape; the team plan is the sum. A team makes its plan more often than each member alone: some misses are covered by others' wins."),
        "range_is" => ("должно быть в пределах", "must be within"),
        _ => ("?", "?"),
    };
    match lang {
        Lang::Ru => ru,
        Lang::En => en,
    }
}

/// A negotiation phase's name.
pub fn phase_name(lang: Lang, phase: Phase) -> &'static str {
    match (lang, phase) {
        (Lang::Ru, Phase::Forming) => "знакомство",
        (Lang::Ru, Phase::Storming) => "столкновение",
        (Lang::Ru, Phase::Norming) => "нормирование",
        (Lang::Ru, Phase::Performing) => "исполнение",
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
