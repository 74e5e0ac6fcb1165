//! The metrics post's worked figures' labels, in Russian and English, keyed by the figure's
//! key in `studies::metrics`: the English is the study's own label (a test compares them), the
//! Russian the page's.

crate::words::phrases! {
    /// A worked figure's label, its key the figure's.
    pub enum FigureLabel {
        AClientsEnd = "a.clients_end" => ("А: клиентов на конец", "A: clients at the end"),
        AClientsAvg = "a.clients_avg" => ("А: среднее клиентов", "A: average clients"),
        AArpu = "a.arpu" => ("А: ARPU", "A: ARPU"),
        AChurn = "a.churn" => ("А: отток (ушедшие / на начало)", "A: churn (left / start)"),
        ALtv = "a.ltv" => ("А: LTV = ARPU / отток", "A: LTV = ARPU / churn"),
        AProfitPerClient = "a.profit_per_client" => ("А: прибыль с клиента при марже 30%", "A: profit per client at 30%"),
        ANetPerNew = "a.net_per_new" => ("А: чистая прибыль с новичка", "A: net profit per new client"),
        ANetFromNew = "a.net_from_new" => ("А: чистая прибыль от новичков", "A: net profit from new clients"),
        BClientsEnd = "b.clients_end" => ("Б: клиентов на конец", "B: clients at the end"),
        BClientsAvg = "b.clients_avg" => ("Б: среднее клиентов", "B: average clients"),
        BArpu = "b.arpu" => ("Б: ARPU", "B: ARPU"),
        BChurn = "b.churn" => ("Б: отток (ушедшие / на начало)", "B: churn (left / start)"),
        BLtv = "b.ltv" => ("Б: LTV = ARPU / отток", "B: LTV = ARPU / churn"),
        BProfitPerClient = "b.profit_per_client" => ("Б: прибыль с клиента при марже 30%", "B: profit per client at 30%"),
        BNetPerNew = "b.net_per_new" => ("Б: чистая прибыль с новичка", "B: net profit per new client"),
        BNetFromNew = "b.net_from_new" => ("Б: чистая прибыль от новичков", "B: net profit from new clients"),
        BOverANetFromNew = "b_over_a.net_from_new" => ("чистая прибыль от новичков, Б ÷ А", "B's net from new ÷ A's"),
        ALeftShareOfNew = "a.left_share_of_new" => ("А: ушедшие ÷ новые", "A: left ÷ new"),
        BLeftShareOfNew = "b.left_share_of_new" => ("Б: ушедшие ÷ новые", "B: left ÷ new"),
        ANetGrowth = "a.net_growth" => ("А: чистый прирост", "A: net growth"),
        BNetGrowth = "b.net_growth" => ("Б: чистый прирост", "B: net growth"),
        BOverANetGrowth = "b_over_a.net_growth" => ("чистый прирост, Б ÷ А", "B's net growth ÷ A's"),
        ClientsEnd = "clients_end" => ("клиентов на конец", "clients at the end"),
        ClientsAvg = "clients_avg" => ("среднее клиентов", "average clients"),
        Arpu = "arpu" => ("ARPU", "ARPU"),
        Churn = "churn" => ("отток (ушедшие / на начало)", "churn (left / start)"),
        Ltv = "ltv" => ("«LTV» = ARPU / отток", "\"LTV\" = ARPU / churn"),
        LtvOverArpu = "ltv_over_arpu" => ("«LTV» ÷ выручка на клиента", "\"LTV\" ÷ revenue per client"),
        AbsurdRomi = "absurd.romi" => ("100 тыс. → 150 тыс.: ROMI", "100k → 150k: ROMI"),
        AbsurdProfit = "absurd.profit" => ("… после 140 тыс. себестоимости и 20 тыс. логистики", "… after 140k goods and 20k logistics"),
        AbsurdRoiMargin = "absurd.roi_margin" => ("… маржинальный ROI", "… marginal ROI"),
        TrickRomi = "trick.romi" => ("«Ваш ROMI — 200%!»", "\"Your ROMI is 200%!\""),
        TrickProfit = "trick.profit" => ("… при марже 10% и возвратах 30%, на 100 тыс. бюджета", "… at 10% margin and 30% returns, per 100k spent"),
        TrickRoiMargin = "trick.roi_margin" => ("… маржинальный ROI", "… marginal ROI"),
        DeliveryRomi = "delivery.romi" => ("клиент за 500 покупает на 1 000: ROMI", "client for 500 buys for 1,000: ROMI"),
        DeliveryProfit = "delivery.profit" => ("… после 600 на доставку и обслуживание", "… after 600 delivery and service"),
        DeliveryRoiMargin = "delivery.roi_margin" => ("… маржинальный ROI", "… marginal ROI"),
        CaseRomi = "case.romi" => ("бренд: 1 млн на рекламу, ROMI", "brand: 1M spent, ROMI"),
        CaseProfit = "case.profit" => ("… прибыль, если 70% продаж — постоянные клиенты", "… profit when 70% of sales were regulars"),
        TwoOf100Cac = "two_of_100.cac" => ("100 лидов, купили 2: CAC", "100 leads, 2 buy: CAC"),
        BeforeCpl = "before.cpl" => ("было: 50 000 ₽ / 100 лидов", "before: 50,000 ₽ / 100 leads"),
        AfterCpl = "after.cpl" => ("стало: 50 000 ₽ / 167 лидов", "after: 50,000 ₽ / 167 leads"),
        BeforeClients = "before.clients" => ("было: клиентов при 10%", "before: clients at 10%"),
        AfterClients = "after.clients" => ("стало: клиентов при 1,2%", "after: clients at 1.2%"),
        BeforeCac = "before.cac" => ("было: CAC", "before: CAC"),
        AfterCac = "after.cac" => ("стало: CAC", "after: CAC"),
        CacGrowth = "cac_growth" => ("CAC стало ÷ было", "CAC after ÷ before"),
        CplFall = "cpl_fall" => ("CPL стало ÷ было", "CPL after ÷ before"),
    }
}

impl FigureLabel {
    /// The label of the figure keyed `key`, if the table has it.
    pub fn of(key: &str) -> Option<FigureLabel> {
        FigureLabel::ALL.iter().copied().find(|f| f.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::words::i18n::Lang;

    #[test]
    fn the_figure_table_is_sound_and_its_english_is_the_studys() {
        let found = crate::words::phrases::problems::<FigureLabel>();
        assert!(found.is_empty(), "{found:?}");
        let tables = crate::studies::metrics::seed_tables().expect("the post's tables");
        let mut used = std::collections::HashSet::new();
        for t in &tables.tables {
            for f in &t.figures {
                let label =
                    FigureLabel::of(&f.key).unwrap_or_else(|| panic!("no label for {}", f.key));
                assert_eq!(label.text(Lang::En), f.label, "{}", f.key);
                used.insert(label);
            }
        }
        assert_eq!(used.len(), FigureLabel::ALL.len(), "every label names a figure of the post");
        assert_eq!(
            FigureLabel::of("b.churn").map(|f| f.text(Lang::Ru)),
            Some("Б: отток (ушедшие / на начало)")
        );
        assert_eq!(FigureLabel::of("nothing"), None);
    }
}
