//! The metrics page's and the metrics lab's words, in Russian and English.

crate::words::phrases! {
    /// The metrics page's and the lab's words.
    pub enum LabWord {
        CritiqueTestedSimulation => ("Проверка критики симуляцией", "The critique, tested by simulation"),
        NumbersFieldsAreOur => ("Числа в полях — наши допущения, а не поста; поменяйте их и пересчитайте. Все прогоны с фиксированным зерном.", "The numbers in the fields are our assumptions, not the post's; change them and recompute. Every run has a fixed seed."),
        Recompute => ("Пересчитать", "Recompute"),
        Computing => ("Считаю…", "Computing…"),
        LtvArpuChurnGrowing => ("а) LTV = ARPU / отток в растущей и сокращающейся базе", "a) LTV = ARPU / churn in a growing and a shrinking base"),
        PostLtvArpu1 => ("Пост: формула LTV = ARPU × (1 / отток) с оттоком от клиентов на начало периода даёт «мусорный» показатель, когда база растёт или падает, и даже согласованная по периодам — грубая аппроксимация с погрешностью 30–80%.", "The post: LTV = ARPU × (1 / churn), with churn taken against the clients at the start, turns into a meaningless figure when the base grows or shrinks, and even with matched periods it is a rough approximation with a 30–80% error."),
        GrowthMonth => ("Рост в месяц", "Growth a month"),
        Formula => ("Формула", "Formula"),
        CohortRealised => ("Когорта на деле", "Cohort, realised"),
        ErrorAgainstTrueLtv => ("Ошибка против истинной LTV: медиана (10–90%)", "Error against the true LTV: median (10–90%)"),
        OneCohortSNoise => ("Шум одной когорты (10–90%)", "One cohort's noise (10–90%)"),
        LargeBase => ("В большой базе", "In a large base"),
        BCplTrapCheaper => ("б) Ловушка CPL: лиды дешевле, клиенты дороже", "b) The CPL trap: cheaper leads, dearer clients"),
        PostSectionWeWill => ("Пост, раздел «Сократим ваш CAC с 500 до 300 рублей»: маркетолог отчитывается о падении стоимости лида и умалчивает о конверсии, а стоимость клиента растёт.", "The post, section «We will cut your CAC from 500 to 300 roubles»: the marketer reports a cheaper lead and keeps quiet about conversion, while the cost of a client rises."),
        SourcesOurAssumptionCheaper => ("Источники (наше допущение): чем дешевле лид, тем реже он проходит первый этап типичного B2B-месяца — 500 ₽ и 50%, 400 ₽ и 36%, 300 ₽ и 24%, 250 ₽ и 18%, 200 ₽ и 12%, 150 ₽ и 8%.", "Sources (our assumption): the cheaper the lead, the less often it passes the first stage of the typical B2B month — 500 and 50%, 400 and 36%, 300 and 24%, 250 and 18%, 200 and 12%, 150 and 8%."),
        ThisIllustratesOurAssumption => ("Это иллюстрация нашего допущения, а не проверка критики: что дешёвые лиды слабее, задано нами, и рост стоимости клиента из него следует.", "This illustrates our assumption; it does not test the critique: that cheaper leads are weaker is set by us, and the dearer client follows from it."),
        LeadsDay => ("Лидов в день", "Leads a day"),
        LeadClient => ("Конверсия в клиента", "Lead to client"),
        CRomiAgainstMargin => ("в) ROMI против маржи и возвратов", "c) ROMI against margin and returns"),
        PostSectionRomiYour => ("Пост, раздел о ROMI: «ваш ROMI — 200%», но маржа 10%, а возвраты 30%; считать надо маржинальный ROI — прибыль за вычетом всех расходов на бюджет.", "The post, section on ROMI: «your ROMI is 200%», but the margin is 10% and returns 30%; what to count is the marginal ROI — profit after all costs, over the budget."),
        ThisIllustratesAssumptionsDoes => ("Это иллюстрация допущений, а не проверка критики: вся выручка типичного B2B-месяца приписана рекламному бюджету, как если бы без рекламы продаж не было; возвраты и маржа — наши числа.", "This illustrates assumptions; it does not test the critique: the whole revenue of the typical B2B month is attributed to the advertising budget, as if there were no sales without it; returns and margin are our numbers."),
        DKeep3Plan => ("г) «Держите в воронке 3× плана»", "d) \"Keep 3× the plan in the pipeline\""),
        ThreePlansPipelineRule => ("Правила «трёх планов в воронке» в постах нет — это ходовое правило CRM. Посты предлагают другое: сверять воронку с её собственной формой (обязанность 2). Здесь — какое покрытие нужно каждой из встроенных воронок для шанса 80%.", "The \"three plans in the pipeline\" rule is not in the posts — it is common CRM lore. The posts offer something else: check the funnel against its own shape (duty 2). Here: what coverage each built-in funnel needs for an 80% chance."),
        Funnel => ("Воронка", "Funnel"),
        OpenPipeline => ("Открытые сделки", "Open pipeline"),
        CoverageNow => ("Покрытие сейчас", "Coverage now"),
        P3 => ("При 3×", "At 3×"),
        Needed80 => ("Нужно для 80%", "Needed for 80%"),
        Figure => ("Показатель", "Figure"),
        Post => ("В посте", "The post"),
        Exact => ("Точно", "Exact"),
        MetricsLab => ("Лаборатория метрик", "The metrics lab"),
        SourceAnalyticsThatShows => ("Источник: «Аналитика, которая ничего не показывает» — LTV, отток, ARPU, ROMI, CPL против CAC и воронка как картинка гипотезы.", "Source: «Analytics that shows nothing» — LTV, churn, ARPU, ROMI, CPL against CAC, and the funnel as a picture of a hypothesis."),
        PostSTablesRecomputed => ("Таблицы поста, пересчитанные", "The post's tables, recomputed"),
        LeftFigurePostPrints => ("Слева — число, как его печатает пост, справа — точный расчёт по тем же определениям. Звёздочка — там, где они расходятся; причина — под таблицей.", "On the left the figure as the post prints it, on the right the exact value by the same definitions. A star marks where they differ; the reason is under the table."),
        ErrorLtvArpuChurn => ("Ошибка формулы LTV = ARPU / отток", "Error of LTV = ARPU / churn"),
        MonthlyGrowthClientBase => ("рост клиентской базы за месяц", "monthly growth of the client base"),
        AgainstTrueLtvMedian => ("против истинной LTV: медиана по месяцам, полоса 10–90%", "against the true LTV: median over months, 10–90% band"),
        VeryLargeBase2 => ("в очень большой базе: 2/(2+g) − 1", "in a very large base: 2/(2+g) − 1"),
        NoError => ("без ошибки", "no error"),
        Post3080Error => ("пост: погрешность 30–80%", "the post: a 30–80% error"),
        CostPerLeadCost => ("Стоимость лида и стоимость клиента", "Cost per lead and cost per client"),
        LeadClientConversion => ("конверсия лида в клиента", "lead-to-client conversion"),
        CplPerLead => ("CPL, ₽ за лид", "CPL, per lead"),
        CacPerClient => ("CAC, ₽ за клиента", "CAC, per client"),
        ChanceMeetingPlan => ("Шанс выполнить план", "Chance of meeting the plan"),
        PPlan2Se => ("P(план), полоса ±2 SE", "P(plan), ±2 SE band"),
        RomiReportedWhatLeft => ("ROMI в отчёте и то, что осталось", "ROMI as reported and what is left"),
        ShareSalesReturned => ("доля возвратов", "share of sales returned"),
        RomiReportedReturnsForgotten => ("ROMI в отчёте (возвраты забыты)", "ROMI reported (returns forgotten)"),
        RomiNetReturns => ("ROMI за вычетом возвратов", "ROMI net of returns"),
        MarginalRoi => ("маржинальный ROI", "marginal ROI"),
        PaidBack => ("окупился", "paid back"),
        PipelineCoverageChancePlan => ("Покрытие плана воронкой и шанс его выполнить", "Pipeline coverage and the chance of the plan"),
        OpenPipelinePlan => ("открытые сделки ÷ план", "open pipeline ÷ plan"),
        P3Rule => ("правило 3×", "the 3× rule"),
        DaysLeadFlagshipPurchase => ("Сколько дней от лида до покупки флагмана", "Days from a lead to the flagship purchase"),
        WorkingDays => ("рабочие дни", "working days"),
        ShareBuyingThatDay => ("доля купивших в этот день", "share buying on that day"),
        Mean => ("в среднем", "mean"),
        ArpuPerMonthPost => ("ARPU, ₽ в месяц (пример поста)", "ARPU, per month (the post's example)"),
        LeaveWithinMonth => ("Уходит за месяц, %", "Leave within a month, %"),
        ClientsStart => ("Клиентов в начале", "Clients at the start"),
        AdvertisingBudgetMonth => ("Рекламный бюджет месяца, ₽", "Advertising budget of the month"),
        MarginPostSExample => ("Маржа, % (пример поста: 10)", "Margin, % (the post's example: 10)"),
        CplFinding => ("Самый дешёвый источник снижает стоимость лида на {} ({} → {} ₽), и отчёт назовёт \
             это экономией. Но его лиды становятся клиентами в {} случаев вместо {}: клиент \
             обходится на {} дороже ({} → {} ₽), а шанс выполнить план падает с {} до {}.", "The cheapest source cuts the cost per lead by {} ({} → {} ₽), and the report \
             would call it a saving. But its leads convert at {} instead of {}: a client costs \
             {} more ({} → {} ₽), and P(plan) falls from {} to {}."),
        RomiFinding => ("При {} возвратов и марже {} отчёт показывает ROMI {}, а бюджет на деле приносит {} \
             (маржинальный ROI) и окупается в {} месяцев. Чтобы выйти в ноль, нужна маржа {}.", "At {} returns and a {} margin the report shows ROMI {}, while the budget brings \
             back {} (marginal ROI) and pays for itself in {} of months. It would take a \
             margin of {} to break even."),
        CoverageFinding => ("Для шанса 80% этим воронкам нужно от {} ({}) до {} ({}) плана в открытых \
             сделках. При 3× шанс — от {} до {}: одно число на все воронки одним избыточно, \
             другим мало.", "For an 80% chance these funnels need from {} ({}) to {} ({}) of the plan \
             in open deals. At 3× the chance ranges from {} to {}: one ratio for every funnel \
             is too much for some and too little for others."),
        VipNoSaleFinding => ("; в {} месяцев без единой такой продажи — в {}", "; in the {} of months with no such sale it is met in {}"),
        CohortFinding => ("Утверждение поста: когда база растёт, отток падает, а LTV растёт — ложное \
             «улучшение» (и ложное «ухудшение», когда база сокращается). Когда все клиенты \
             ведут себя одинаково, симуляция находит обратный знак: против истинной \
             пожизненной ценности {} ₽ систематическая ошибка формулы, которая берётся только из \
             роста базы, — {} при росте {} в месяц и {} при {}. Рост заставляет формулу \
             занижать ценность, а не завышать: новые клиенты, ушедшие в первый же месяц, \
             делятся на клиентов на начало месяца. Шум от месяца к месяцу в базе из {} клиентов \
             {} этой ошибки: значение формулы за месяц гуляет на ±{} вокруг своего среднего \
             (10–90%) и в среднем промахивается мимо истинной ценности на {}. Если сверять её с \
             когортой одного месяца, добавится ещё и шум самой когорты: её ценность отклоняется \
             от истинной на ±{} (10–90%).", "The post's claim: when the base grows, churn falls and LTV rises — a false \
             improvement (and a false worsening when it shrinks). With every client behaving \
             alike, the simulation finds the opposite sign: against the true lifetime value of \
             {} RUB the formula's bias, coming only from the base's growth, is {} at {} a month and \
             {} at {}. Growth makes the formula understate, not overstate: new clients who leave \
             in their first month count against the clients at the start. The month-to-month \
             noise of a base of {} clients is {} than that bias: a month's formula strays ±{} \
             around its mean (10–90%) and misses the true value by {} on average. Checked against \
             one month's cohort instead, a further noise would add to it: a cohort's own value \
             strays ±{} from the true one (10–90%)."),
        Larger => ("больше", "larger"),
        Smaller => ("меньше", "smaller"),
        VipFinding => ("Верхняя ступень ({}) продаётся в среднем {} раза за месяц, но на неё приходится {} разброса выручки месяца. Без её продаж план выполнялся бы в {} месяцев вместо {}", "The top rung ({}) sells {} times in an average month, yet it carries {} of the month's revenue variance. Without its sales the plan would be met in {} of months instead of {}"),
        VipMoral => (". Выполнит ли месяц лестницы план, решают несколько продаж верхней ступени.", ". Whether a ladder month meets its plan is decided by a handful of top-rung sales."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_whole_in_both_languages() {
        let found = crate::words::phrases::problems::<LabWord>();
        assert!(found.is_empty(), "{found:#?}");
    }
}
