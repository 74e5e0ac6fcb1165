//! The product ladder's words: its page (`#/ladder`) and its lesson, in Russian and English.

crate::words::phrases! {
    /// The ladder page's and the ladder lesson's words.
    pub enum LadderWord {
        Flagship => ("флагман", "flagship"),
        FlagshipMark => (" (флагман)", " (flagship)"),
        RevenueOneLeadOver => ("Выручка с одного лида за весь его путь по лестнице (точно): ", "Revenue from one lead over its whole climb (exact): "),
        SimulatedMonth => ("; за смоделированный месяц: ", "; in a simulated month: "),
        Each => (" на каждый из ", " for each of "),
        NewLeadsMonthS => (" новых лидов (выручка месяца ", " new leads (the month's revenue "),
        MonthSPlan => ("План месяца ", "The month's plan of "),
        MetProbability => (" выполняется с вероятностью ", " is met with probability "),
        RevenueP10 => (" (выручка: P10 ", " (revenue: P10 "),
        Median => (", медиана ", ", median "),
        LeadFlagshipPurchaseAverage => ("От лида до покупки флагмана: в среднем ", "From a lead to the flagship purchase: on average "),
        WorkingDaysMedian => (" рабочих дней, медиана ", " working days, median "),
        P90Within => (", у 90% — не дольше ", ", 90% within "),
        ThoseWhoEnterFlagship => (" (вошедшие прямо во флагман — день 0).", " (those who enter at the flagship: day 0)."),
        ProductLadder => ("Продуктовая лестница", "The product ladder"),
        SourceHowBuildProduct => ("Источник: «Как выстроить продуктовую воронку…» — лид-магнит, трипвайр (200–5 000 ₽), флагман (30 000–500 000 ₽ и выше), среднечек и VIP; каждая ступень — точка входа; трипвайр ведёт в основную программу через продающий урок или личную сессию; среднечек — мост для тех, кто к флагману ещё не готов.", "Source: «How to build a product funnel…» — lead magnet, tripwire (200–5,000 RUB), flagship (30,000–500,000 RUB and more), mid-ticket and VIP; every rung is an entry point; the tripwire leads into the main programme through a selling lesson or a one-to-one session; the mid-ticket is a bridge for those not yet ready for the flagship."),
        HowComputedNewLead => ("Как считается: новый лид входит на любую ступень с её долей входа и сразу её покупает (бесплатную — по цене 0). Купивший ступень через какое-то время переходит на одну из более высоких ступеней с её долей или останавливается. Подняться можно только вверх, поэтому каждую ступень лид покупает не больше одного раза, и выручка с лида — точная сумма «доля дошедших × средняя цена». Месяц моделируется лид за лидом с разогревом, так что он начинается в установившемся режиме.", "How it is computed: a new lead enters at any rung with that rung's entry share and buys it at once (a free rung at price 0). A buyer of a rung later moves to one of the higher rungs with that move's share, or stops. Moves only go up, so a lead buys each rung at most once, and the revenue per lead is the exact sum of reach × mean price. The month is simulated lead by lead after a warm-up, so it starts in the steady state."),
        PostRungsTheirOrder => ("Из поста: ступени и их порядок, то, что каждая — точка входа, переходы (трипвайр → продающая сессия → флагман; среднечек — мост к флагману; VIP — после флагмана) и диапазоны цен трипвайра и флагмана.", "From the post: the rungs and their order, every rung an entry point, the moves (tripwire → selling session → flagship; the mid-ticket a bridge to the flagship; VIP after the flagship) and the price ranges of the tripwire and the flagship."),
        OurAssumptionsPostGives => ("Наши допущения (в посте их нет): все доли входа и переходов, сроки на ступенях, цены внутри диапазонов (трипвайр 1 490 ₽, среднечек 12 000 ₽, флагман 90 000 ₽, VIP — медиана 300 000 ₽, P90 500 000 ₽), 30 лидов в день, 21 рабочий день, план 2 400 000 ₽. Поменяйте их в файле ниже.", "Our assumptions (the post gives none): every entry and move share, the days on each rung, the prices inside the ranges (tripwire 1,490 RUB, mid-ticket 12,000 RUB, flagship 90,000 RUB, VIP median 300,000 RUB, P90 500,000 RUB), 30 leads a day, 21 working days, a plan of 2,400,000 RUB. Change them in the file below."),
        Ladder => ("Лестница", "Ladder"),
        RungsPriceEntryShare => ("Ступени: цена, доля входа, переходы вверх, доля лидов, купивших ступень, выручка с лида за весь путь, выручка месяца (± стандартная ошибка) и доля ступени в разбросе выручки месяца", "Rungs: price, entry share, moves up, share of leads who buy it, revenue per lead over the whole climb, the month's revenue (± standard error) and the rung's part of the month's revenue variance"),
        Rung => ("Ступень", "Rung"),
        Price => ("Цена", "Price"),
        Entry => ("Вход", "Entry"),
        Moves => ("Переходы", "Moves"),
        Reach => ("Доходят", "Reach"),
        PerLead => ("С лида", "Per lead"),
        Month => ("За месяц", "In the month"),
        Variance => ("Разброс", "Variance"),
        ChanceMeetingPlanNumber => ("Шанс выполнить план в зависимости от числа продаж верхней ступени (VIP) за месяц", "The chance of meeting the plan by the number of top-rung (VIP) sales in the month"),
        VipSales => ("Продаж VIP", "VIP sales"),
        ShareMonths => ("Доля месяцев", "Share of months"),
        PlanMet => ("План выполнен", "Plan met"),
        PathsIntoFlagshipWhere => ("Пути во флагман: откуда входят, доля покупателей флагмана и средние рабочие дни до покупки", "Paths into the flagship: where they enter, the share of flagship buyers and the mean working days to the purchase"),
        Path => ("Путь", "Path"),
        Share => ("Доля", "Share"),
        Days => ("Дней", "Days"),
        LadderFileJsonChange => ("Файл лестницы (JSON): поменяйте число и пересчитайте", "The ladder file (JSON): change a number and recompute"),
        LadderFileJson => ("Файл лестницы (JSON)", "The ladder file (JSON)"),
        Recompute => ("Пересчитать", "Recompute"),
        LadderNumbers => ("Лестница за месяц: выручка, путь во флагман, роль VIP", "The ladder's month: revenue, the climb to the flagship, the part VIP plays"),
        PPlan95 => ("P(план) ± 95%", "P(plan) ± 95%"),
        MonthSRevenue => ("Выручка месяца", "Month's revenue"),
        PerLeadExact => ("С лида (точно)", "Per lead (exact)"),
        DaysFlagship => ("Дней до флагмана", "Days to the flagship"),
        PPlanWithoutVip => ("P(план) без VIP", "P(plan) without VIP"),
        EachLadderOwn4 => ("Каждая лестница — отдельные 4 000 смоделированных месяцев, поэтому разница P(план) показана с 95% интервалом независимых выборок. Выручка с лида и дни до флагмана — точные.", "Each ladder is its own 4,000 simulated months, so the P(plan) difference carries the 95% interval of independent samples. Revenue per lead and the days to the flagship are exact."),
        PathsIntoFlagshipRevenue => ("Пути во флагман, выручка по ступеням и роль VIP — на странице «Лестница»", "The paths into the flagship, revenue by rung and the part VIP plays: the Ladder page"),
        BreakEven => ("Точка безубыточности трипвайра: без него на продающую сессию сразу после лид-магнита должны приходить {} изучивших лид-магнит (в файле без трипвайра допущено {}), чтобы выручка с лида была той же, что с трипвайром. Всё остальное — как в лестнице без трипвайра.", "The tripwire's break-even: without it, {} of lead-magnet users would have to go straight to the selling session (the file without it assumes {}) for the ladder to earn as much per lead as with it. Everything else stays as in the ladder without the tripwire."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_whole_in_both_languages() {
        let found = crate::words::phrases::problems::<LadderWord>();
        assert!(found.is_empty(), "{found:#?}");
    }
}
