//! The charts' words in their text alternatives, in Russian and English.

crate::words::phrases! {
    /// Words of the charts' text alternatives.
    pub enum ChartWord {
        PlanAttainment => ("выполнение плана", "plan attainment"),
        MonthsPlanAbove => ("месяцев с планом и выше:", "months at plan or above:"),
        Plan => ("план", "plan"),
        PlanShape => ("плановая форма", "plan shape"),
        Day => ("день", "day"),
        RoomSGuess => ("прогноз зала", "the room's guess"),
        DealsBudget => ("сделки или бюджет", "deals or budget"),
        Deals => ("сделки", "deals"),
        Budget => ("бюджет", "budget"),
        Tolerance => ("допуск", "tolerance"),
        PrecisionRecall => ("точность / полнота", "precision / recall"),
        Forecast => ("прогноз", "forecast"),
        Months => ("мес.", "months"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_phrase_is_whole_in_both_languages() {
        let found = crate::words::phrases::problems::<ChartWord>();
        assert!(found.is_empty(), "{found:#?}");
    }
}
