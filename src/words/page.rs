//! The page's remaining words by place: the navigation, the editor's run bar and goal panel,
//! the team page, the trainer's slides and the room's spread in words, in Russian and English.

crate::words::phrases! {
    /// Words of the page's smaller places.
    pub enum PageWord {
        Sections => ("Разделы", "Sections"),
        Progress => ("Ход расчёта", "Progress"),
        PPlan => ("P(план)", "P(plan)"),
        ManagerName => ("Имя менеджера", "Manager's name"),
        ManagerFunnel => ("Воронка менеджера", "Manager's funnel"),
        RemoveManager => ("Удалить менеджера", "Remove the manager"),
        GoalSolving => ("считаю: {} из {}…", "solving: {} of {}…"),
        GoalTarget => ("Шанс выполнить план: {}%", "Chance to make the plan: {}%"),
        GoalTitle => ("Что нужно, чтобы…", "What it takes"),
        GoalHint => (
            "Каждая строка — один рычаг при прочих равных; нажмите, чтобы подставить значение (отменяется одним шагом). Какой рычаг дешевле, решаете вы: таблица показывает, на каком этапе сосредоточиться (обязанность 2 в постах).",
            "Each row is one lever, all else equal; click to apply its value (one undo step). Which lever is cheapest is yours to judge: the table shows which stage to focus on (duty 2 in the posts)."
        ),
        RunSize => ("испытаний: {} · рабочих дней: {}", "{} trials · {} working days"),
        StageN => ("Этап {}", "Stage {}"),
        SlideClaim => ("Тезис и допущения", "Claim and assumptions"),
        SlideQuestion => ("Вопрос и голоса", "Question and votes"),
        SlideSpread => ("Разброс прогнозов", "The room's spread"),
        SlideReveal => ("Результат", "Reveal"),
        SlideDetails => ("Подробности", "Details"),
        NoGuesses => ("{}: прогнозов нет", "{}: no guesses"),
        Guesses => ("{}: прогнозов {}, медиана {}, квартили от {} до {}", "{}: {} guesses, median {}, quartiles {} to {}"),
        SpreadTruth => (
            "; симуляция {0} (95% интервал от {1} до {2}), в пределах ±{3}\u{a0}п.\u{a0}п. {4} зала",
            "; simulation {0} (95% interval {1} to {2}), {4} of the room within ±{3}\u{a0}pp"
        ),
        MidmonthSkill => ("(а) P(план) по записи на конец {}-го из {} дней — сделки и бюджет на каждом этапе плюс уже полученная выручка, остаток месяца смоделирован от неё — на {} смоделированных месяцах: оценка Брайера {} против {} у прогноза «всегда базовая доля» ({}), выигрыш по Брайеру {} ± {}. Месяцы с прогнозом ниже 10% (в среднем {}) выполнили план в {}; выше 90% (в среднем {}) — в {}.", "(a) P(plan) from the record at the end of day {} of {} — deals and budget per stage plus the revenue won so far, the rest of the month simulated from it — over {} simulated months: Brier score {} against {} for always saying the base rate ({}), a skill of {} ± {}. Months forecast under 10% (on average {}) made the plan in {}; over 90% (on average {}), in {}."),
        MidmonthCheck => ("На тех же месяцах бинарная проверка «ниже формы» срабатывает в {}: ловит {} месяцев без плана, но и {} месяцев с планом; лучшая вероятность, которую она даёт сама по себе, выигрывает {}.", "On the same months the binary \"below the shape\" check fires in {}: it catches {} of the missed months but also {} of the months that made the plan, and the best probability it gives alone has a skill of {}."),
        MidmonthAttribution => ("(б) Один из этапов 1–{} ослаблен случайно (его конверсия × {}), менеджер об этом не знает; {} месяцев: наибольшая нехватка против плановой формы приходится на этап сразу после ослабленного (через его выход проходит меньше сделок) в {} ± {} месяцев; без ослабления так выходит в {} (те же месяцы; парный прирост {} ± {}\u{a0}п.\u{a0}п.), случайный выбор угадывает в 1/{} = {}. Сам ослабленный этап оказывается самым коротким в {}: более слабый выход не уменьшает свой собственный этап.", "(b) With one of stages 1–{} weakened at random (its conversion × {}), unknown to the manager, over {} months: the largest shortfall against the plan shape sits right after the weakened stage (fewer deals pass its exit) in {} ± {} of months; with nothing weakened that happens in {} (the same months; paired gain {} ± {} points), and a random pick is right in 1/{} = {}. The weakened stage itself is the shortest in {}: a weaker exit does not thin its own stage."),
        LeverPlan => ("план", "plan"),
        LeverDealSize => ("сумма сделки, медиана", "deal size, median"),
        LeverAllLeads => ("лидов в день, все потоки", "leads a day, all inflows"),
        LeverConversion => ("конверсия этапа {}", "stage {} conversion"),
        LeverDays => ("дней на этапе {}", "days in stage {}"),
        LeverLeads => ("лидов в день", "leads a day"),
        LeverInflow => ("лидов в день, поток {}", "leads a day, inflow {}"),
        GoalHoldsEverywhere => ("цель держится на всём диапазоне", "the target holds over the whole range"),
        GoalByMonteCarlo => ("Монте-Карло: {}; P(план) там ± {}", "Monte Carlo: {}; P(plan) there ± {}"),
        GoalExact => ("точно, {}", "exact, {}"),
        GoalNoEffect => ("почти не влияет на P(план)", "barely moves P(plan)"),
        GoalOutOfReach => ("не достичь: лучший шанс {}", "out of reach: best chance {}"),
        GoalCommit => ("С вероятностью {} вы сделаете не меньше {}", "With {} probability you will make at least {}"),
        GoalStatusExact => ("Сейчас P(план) {}. Точный расчёт, без выборки.", "P(plan) now: {}. Exact, no sampling."),
        GoalStatusMonteCarlo => (
            "Сейчас P(план) {}. Монте-Карло на общих случайных числах ({} испытаний на точку): у каждого ответа своя стандартная ошибка.",
            "P(plan) now: {}. Monte Carlo on common random numbers ({} trials a point): each answer has its standard error."
        ),
        GoalPrompt => (
            "Вопрос залу: какой рычаг дешевле? Откройте форму кнопкой «Открыть в симуляторе» в таблице: панель «Что нужно, чтобы…» покажет, насколько нужно сдвинуть конверсию каждого этапа, лиды или чек, чтобы выйти на план с выбранным шансом, от самого малого сдвига к самому большому. Форма воронки подсказывает, на каком этапе сосредоточиться («12 неочевидных обязанностей…», обязанность 2); цена сдвига — ваша оценка, не модели.",
            "Ask the room: which lever is cheapest? Open a shape with «Open in the simulator» in the table: the What it takes panel shows how far each stage's conversion, the leads or the deal size must move to make the plan with the chance you choose, the smallest move first. The funnel's shape points at the stage to work on («12 non-obvious duties…», duty 2); what a move costs is your judgement, not the model's."
        ),
        GoalPromptLink => ("Открыть симулятор", "Open the simulator"),
        ForecastSentence => (
            "На {}-й день прогноз по воронке обещает в среднем {}: это {} к факту, ошибка в среднем {}. \
             Сигнал «прогноз ниже плана» прав в {} случаев и ловит {} провалов плана; \
             проверка «сделки или бюджет хоть одного этапа ниже плановой формы{}» срабатывает в {} месяцев, права в {} и ловит {}.",
            "On day {} the funnel forecasts {} on average: {} against the actual, off by {} on average. \
             The warning \"forecast below plan\" is right {} of the time and catches {} of missed plans; \
             the check \"any stage's deals or budget below its plan shape{}\" fires in {} of months, is right {} and catches {}."
        ),
        ByMoreThan => (" более чем на {}", " by more than {}"),
        ExactAgrees => (" Монте-Карло расходится с ним на {} стандартной ошибки.", " The Monte Carlo differs from it by {} standard errors."),
        ExactLine => (
            "Точно, без выборки: P(план) {} (погрешность расчёта ± {}\u{a0}{}), выручка P10 / P50 / P90: {} / {} / {}.",
            "Exact, no sampling: P(plan) {} (computation error ± {}\u{a0}{}), revenue P10 / P50 / P90: {} / {} / {}."
        ),
        ExactRefused => ("Точный расчёт не для этого сценария (только Монте-Карло): ", "The exact path does not serve this scenario (Monte Carlo only): "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_whole_in_both_languages() {
        let found = crate::words::phrases::problems::<PageWord>();
        assert!(found.is_empty(), "{found:#?}");
    }
}
