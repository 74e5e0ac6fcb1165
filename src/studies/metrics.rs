//! The metrics post («Аналитика, которая ничего не показывает»): calculators for LTV, CPL and
//! CAC, and ROMI with the definitions the post uses, and every worked table of the post
//! recomputed beside the figures it prints.
//!
//! Definitions (the ones that reproduce the post's figures):
//! - clients at the end = start − left + new; average clients = (start + end) / 2;
//! - ARPU = revenue / average clients; churn = left / clients at the **start**;
//! - LTV = ARPU / churn; profit per client = ARPU × margin; net per new client = profit per
//!   client − cost of one lead (the post treats every lead as a client);
//! - CPL = spend / leads; clients = leads × conversion (not rounded); CAC = spend / clients;
//! - ROMI = (revenue − spend) / spend (the post calls the revenue "profit from advertising");
//!   profit = revenue × margin − other costs − spend; marginal ROI = profit / spend.

use serde::{Deserialize, Serialize};

/// Bad input to a calculator, naming the field and why it cannot be used.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum MetricsError {
    /// NaN or infinite.
    #[error("{field}: {value} is not a finite number")]
    NotFinite {
        /// The field.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// Below zero.
    #[error("{field}: {value} is negative; it must be >= 0")]
    Negative {
        /// The field.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// Zero where the field divides.
    #[error("{field} is 0, but {why}")]
    Zero {
        /// The field.
        field: &'static str,
        /// What it divides.
        why: &'static str,
    },
    /// A share above 1.
    #[error("{field}: {value} is above 1; it is a share (0.3 for 30%)")]
    AboveOne {
        /// The field.
        field: &'static str,
        /// Its value.
        value: f64,
    },
    /// More clients left than there were at the start.
    #[error("left: {left} is more than the {start} clients at the start")]
    LeftAboveStart {
        /// Clients who left.
        left: f64,
        /// Clients at the start.
        start: f64,
    },
}

/// A finite number >= 0.
fn non_negative(field: &'static str, value: f64) -> Result<f64, MetricsError> {
    if !value.is_finite() {
        return Err(MetricsError::NotFinite { field, value });
    }
    if value < 0.0 {
        return Err(MetricsError::Negative { field, value });
    }
    Ok(value)
}

/// A finite number > 0; `why` says what it divides.
fn positive(field: &'static str, value: f64, why: &'static str) -> Result<f64, MetricsError> {
    let v = non_negative(field, value)?;
    if v == 0.0 {
        return Err(MetricsError::Zero { field, why });
    }
    Ok(v)
}

/// A share in 0..=1.
fn share(field: &'static str, value: f64) -> Result<f64, MetricsError> {
    let v = non_negative(field, value)?;
    if v > 1.0 {
        return Err(MetricsError::AboveOne { field, value });
    }
    Ok(v)
}

/// The inputs of the LTV table: one period of a customer base.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LtvInput {
    /// Clients at the start of the period.
    pub start: f64,
    /// Clients who left during the period.
    pub left: f64,
    /// New clients of the period.
    pub new: f64,
    /// Revenue of the period, ₽.
    pub revenue: f64,
    /// Margin as a share (0.3 for 30%), for the profit per client.
    pub margin: Option<f64>,
    /// Cost of one lead, ₽, for the net profit from new clients (needs `margin`).
    pub lead_cost: Option<f64>,
}

/// LTV and what it is made of, with the post's definitions.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct LtvReport {
    /// start − left + new.
    pub clients_end: f64,
    /// (start + end) / 2.
    pub clients_avg: f64,
    /// revenue / average clients, ₽.
    pub arpu: f64,
    /// left / start.
    pub churn: f64,
    /// ARPU / churn, ₽.
    pub ltv: f64,
    /// ARPU × margin, ₽, when a margin is given.
    pub profit_per_client: Option<f64>,
    /// Profit per client − lead cost, ₽, when both are given.
    pub net_per_new: Option<f64>,
    /// Net per new client × new clients, ₽.
    pub net_from_new: Option<f64>,
}

/// LTV = ARPU / churn of one period; errors name the field that cannot be used.
pub fn ltv(input: &LtvInput) -> Result<LtvReport, MetricsError> {
    let start = positive("start", input.start, "churn is left / start")?;
    let left = positive("left", input.left, "LTV is ARPU / churn and churn would be 0")?;
    let new = non_negative("new", input.new)?;
    let revenue = non_negative("revenue", input.revenue)?;
    if left > start {
        return Err(MetricsError::LeftAboveStart { left, start });
    }
    let margin = input.margin.map(|m| share("margin", m)).transpose()?;
    let lead_cost = input.lead_cost.map(|c| non_negative("lead-cost", c)).transpose()?;
    let clients_end = start - left + new;
    let clients_avg = (start + clients_end) / 2.0;
    let arpu = revenue / clients_avg;
    let churn = left / start;
    let profit_per_client = margin.map(|m| arpu * m);
    let net_per_new = profit_per_client.zip(lead_cost).map(|(p, c)| p - c);
    Ok(LtvReport {
        clients_end,
        clients_avg,
        arpu,
        churn,
        ltv: arpu / churn,
        profit_per_client,
        net_per_new,
        net_from_new: net_per_new.map(|n| n * new),
    })
}

/// The inputs of CPL against CAC.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CacInput {
    /// Advertising spend, ₽.
    pub spend: f64,
    /// Leads it bought.
    pub leads: f64,
    /// Share of leads that buy (0.1 for 10%).
    pub conversion: f64,
}

/// Cost per lead and per client.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CacReport {
    /// spend / leads, ₽.
    pub cpl: f64,
    /// leads × conversion, not rounded to whole clients.
    pub clients: f64,
    /// spend / clients, ₽.
    pub cac: f64,
}

/// CPL and CAC of one campaign.
pub fn cac(input: &CacInput) -> Result<CacReport, MetricsError> {
    let spend = non_negative("spend", input.spend)?;
    let leads = positive("leads", input.leads, "CPL is spend / leads")?;
    let conversion = share("conversion", input.conversion)?;
    if conversion == 0.0 {
        return Err(MetricsError::Zero { field: "conversion", why: "CAC is spend / clients" });
    }
    let clients = leads * conversion;
    Ok(CacReport { cpl: spend / leads, clients, cac: spend / clients })
}

/// The inputs of ROMI and marginal ROI.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RomiInput {
    /// Advertising spend, ₽.
    pub spend: f64,
    /// Revenue credited to the advertising, ₽.
    pub revenue: f64,
    /// Margin as a share of revenue; none means the whole revenue is gross profit.
    pub margin: Option<f64>,
    /// Other costs of the sales (cost of goods, delivery, service), ₽.
    pub costs: Option<f64>,
}

/// ROMI as the post writes it, and the profit it hides.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct RomiReport {
    /// (revenue − spend) / spend.
    pub romi: f64,
    /// revenue × margin − costs − spend, ₽.
    pub profit: f64,
    /// profit / spend ("marginal ROI" of the post).
    pub roi_margin: f64,
}

/// ROMI, profit and marginal ROI of one campaign.
pub fn romi(input: &RomiInput) -> Result<RomiReport, MetricsError> {
    let spend = positive("spend", input.spend, "ROMI divides by the spend")?;
    let revenue = non_negative("revenue", input.revenue)?;
    let margin = input.margin.map(|m| share("margin", m)).transpose()?.unwrap_or(1.0);
    let costs = input.costs.map(|c| non_negative("costs", c)).transpose()?.unwrap_or(0.0);
    let profit = revenue * margin - costs - spend;
    Ok(RomiReport { romi: (revenue - spend) / spend, profit, roi_margin: profit / spend })
}

/// How a figure is rounded when compared with the post.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// Rubles, to the ruble.
    Rub,
    /// A count of clients, whole.
    Clients,
    /// A share (0.25 for 25%), to 0.1 pp.
    Share,
    /// A "times" ratio, to one decimal.
    Ratio,
}

impl Unit {
    /// Rounds `x` the way the post prints this unit.
    pub fn round(self, x: f64) -> f64 {
        match self {
            Unit::Rub | Unit::Clients => x.round(),
            Unit::Share => (x * 1000.0).round() / 1000.0,
            Unit::Ratio => (x * 10.0).round() / 10.0,
        }
    }
}

/// A remark in both languages.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// English.
    pub en: String,
    /// Russian.
    pub ru: String,
}

/// One worked figure: as the post prints it, and as we compute it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Stable key, e.g. `a.ltv`.
    pub key: String,
    /// What it is, in English.
    pub label: String,
    /// How to round it for comparison.
    pub unit: Unit,
    /// The number the post prints; none when the post gives no figure.
    pub post: Option<f64>,
    /// Our figure, unrounded.
    pub exact: f64,
    /// How and why the post's figure differs, when it does.
    pub note: Option<Note>,
}

/// One worked table of the post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedTable {
    /// Stable key.
    pub key: String,
    /// Title in English.
    pub title_en: String,
    /// Title in Russian.
    pub title_ru: String,
    /// Its figures.
    pub figures: Vec<Figure>,
}

/// Every worked table of the metrics post.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SeedTables {
    /// The tables in the post's order.
    pub tables: Vec<SeedTable>,
}

fn fig(key: &str, label: &str, unit: Unit, post: Option<f64>, exact: f64) -> Figure {
    Figure { key: key.into(), label: label.into(), unit, post, exact, note: None }
}

impl Figure {
    fn note(mut self, en: &str, ru: &str) -> Self {
        self.note = Some(Note { en: en.into(), ru: ru.into() });
        self
    }
}

/// Companies A and B of the post, with margin 30% and the lead costs it assumes.
pub fn company_inputs() -> (LtvInput, LtvInput) {
    let a = LtvInput {
        start: 200.0,
        left: 50.0,
        new: 80.0,
        revenue: 1_000_000.0,
        margin: Some(0.3),
        lead_cost: Some(500.0),
    };
    let b = LtvInput { start: 500.0, left: 200.0, new: 500.0, lead_cost: Some(150.0), ..a };
    (a, b)
}

/// The figures of one company (`p` is `a` or `b`) next to the post's.
fn company_figures(p: &str, r: &LtvReport, post: [f64; 8]) -> Vec<Figure> {
    let k = |s: &str| format!("{p}.{s}");
    let name = p.to_uppercase();
    let fig = |key: &str, label: &str, unit, post, exact| {
        fig(key, &format!("{name}: {label}"), unit, post, exact)
    };
    let profit = r.profit_per_client.unwrap_or(f64::NAN);
    let net = r.net_per_new.unwrap_or(f64::NAN);
    vec![
        fig(&k("clients_end"), "clients at the end", Unit::Clients, Some(post[0]), r.clients_end),
        fig(&k("clients_avg"), "average clients", Unit::Clients, Some(post[1]), r.clients_avg),
        fig(&k("arpu"), "ARPU", Unit::Rub, Some(post[2]), r.arpu),
        fig(&k("churn"), "churn (left / start)", Unit::Share, Some(post[3]), r.churn),
        fig(&k("ltv"), "LTV = ARPU / churn", Unit::Rub, Some(post[4]), r.ltv),
        fig(&k("profit_per_client"), "profit per client at 30%", Unit::Rub, Some(post[5]), profit),
        fig(&k("net_per_new"), "net profit per new client", Unit::Rub, Some(post[6]), net),
        fig(
            &k("net_from_new"),
            "net profit from new clients",
            Unit::Rub,
            Some(post[7]),
            r.net_from_new.unwrap_or(f64::NAN),
        ),
    ]
}

fn table_companies() -> Result<SeedTable, MetricsError> {
    let (ia, ib) = company_inputs();
    let (a, b) = (ltv(&ia)?, ltv(&ib)?);
    let mut figures =
        company_figures("a", &a, [230.0, 215.0, 4651.0, 0.25, 18604.0, 1395.0, 895.0, 71600.0]);
    figures.extend(company_figures(
        "b",
        &b,
        [800.0, 650.0, 1538.0, 0.4, 3845.0, 461.0, 311.0, 155500.0],
    ));
    annotate_companies(&mut figures);
    let (na, nb) = (a.net_from_new.unwrap_or(f64::NAN), b.net_from_new.unwrap_or(f64::NAN));
    figures.extend([
        fig("b_over_a.net_from_new", "B's net from new ÷ A's", Unit::Ratio, Some(2.2), nb / na),
        fig("a.left_share_of_new", "A: left ÷ new", Unit::Share, Some(0.625), ia.left / ia.new),
        fig("b.left_share_of_new", "B: left ÷ new", Unit::Share, Some(0.4), ib.left / ib.new),
        fig("a.net_growth", "A: net growth", Unit::Clients, Some(30.0), ia.new - ia.left),
        fig("b.net_growth", "B: net growth", Unit::Clients, Some(300.0), ib.new - ib.left),
        fig(
            "b_over_a.net_growth",
            "B's net growth ÷ A's",
            Unit::Ratio,
            Some(10.0),
            (ib.new - ib.left) / (ia.new - ia.left),
        ),
    ]);
    Ok(SeedTable {
        key: "companies".into(),
        title_en: "LTV of company A (niche) and B (mass market), revenue 1,000,000 ₽ each".into(),
        title_ru: "LTV компаний А (ниша) и Б (масс-маркет), выручка 1 000 000 ₽ у обеих".into(),
        figures,
    })
}

/// The notes on the company table, where the post's rounding moves a figure.
fn annotate_companies(figures: &mut [Figure]) {
    for f in figures.iter_mut() {
        let note = match f.key.as_str() {
            "a.ltv" => Some((
                "The post multiplies ARPU already rounded to 4,651 ₽ by 4; unrounded, LTV is 18,604.65 ₽, 18,605 ₽ to the ruble.",
                "В посте умножен уже округлённый ARPU 4 651 ₽ на 4; без округления LTV 18 604,65 ₽, до рубля 18 605 ₽.",
            )),
            "b.ltv" => Some((
                "The post multiplies ARPU rounded to 1,538 ₽ by 2.5; unrounded, LTV is 3,846.15 ₽, 3,846 ₽ to the ruble.",
                "В посте округлённый ARPU 1 538 ₽ умножен на 2,5; без округления LTV 3 846,15 ₽, до рубля 3 846 ₽.",
            )),
            "b.profit_per_client" => Some((
                "30% of 1,538.46 ₽ is 461.54 ₽: the post cuts it to 461 ₽ instead of rounding to 462 ₽.",
                "30% от 1 538,46 ₽ — это 461,54 ₽: в посте отброшены копейки (461 ₽) вместо округления до 462 ₽.",
            )),
            "b.net_per_new" => Some((
                "From the unrounded profit: 461.54 − 150 = 311.54 ₽ (312 ₽), not 311 ₽.",
                "С неокруглённой прибылью: 461,54 − 150 = 311,54 ₽ (312 ₽), а не 311 ₽.",
            )),
            "a.net_from_new" => Some((
                "895.35 ₽ × 80 = 71,627.91 ₽; the post multiplies rounded figures (895 × 80 = 71,600 ₽), 28 ₽ less.",
                "895,35 ₽ × 80 = 71 627,91 ₽; в посте перемножены округлённые числа (895 × 80 = 71 600 ₽), на 28 ₽ меньше.",
            )),
            "b.net_from_new" => Some((
                "311.54 ₽ × 500 = 155,769.23 ₽; the post's 311 × 500 = 155,500 ₽ is 269 ₽ less. The ratio to A stays 2.17, printed 2.2.",
                "311,54 ₽ × 500 = 155 769,23 ₽; у поста 311 × 500 = 155 500 ₽, на 269 ₽ меньше. Отношение к А остаётся 2,17, в посте 2,2.",
            )),
            _ => None,
        };
        if let Some((en, ru)) = note {
            f.note = Some(Note { en: en.into(), ru: ru.into() });
        }
    }
}

/// The growth artefact: 100 → 200 clients, so 130 new with 30 left.
pub fn growth_input() -> LtvInput {
    LtvInput {
        start: 100.0,
        left: 30.0,
        new: 130.0,
        revenue: 300_000.0,
        margin: None,
        lead_cost: None,
    }
}

fn table_growth() -> Result<SeedTable, MetricsError> {
    let r = ltv(&growth_input())?;
    let figures = vec![
        fig("clients_end", "clients at the end", Unit::Clients, Some(200.0), r.clients_end),
        fig("clients_avg", "average clients", Unit::Clients, Some(150.0), r.clients_avg),
        fig("arpu", "ARPU", Unit::Rub, Some(2000.0), r.arpu),
        fig("churn", "churn (left / start)", Unit::Share, Some(0.3), r.churn),
        fig("ltv", "\"LTV\" = ARPU / churn", Unit::Rub, Some(6666.0), r.ltv).note(
            "2,000 / 0.3 = 6,666.67 ₽: the post cuts it to 6,666 ₽; to the ruble it is 6,667 ₽.",
            "2 000 / 0,3 = 6 666,67 ₽: в посте отброшены копейки (6 666 ₽); до рубля 6 667 ₽.",
        ),
        fig(
            "ltv_over_arpu",
            "\"LTV\" ÷ revenue per client",
            Unit::Ratio,
            Some(3.3),
            r.ltv / r.arpu,
        )
        .note(
            "The post's \"absurd\" sets a lifetime figure against one month's revenue per client: \
             with 30% leaving each month a client stays about 1 / 0.3 ≈ 3.3 months, so a lifetime \
             value of 3.3 months' revenue is what the formula should give, not its error. The \
             growth artefact is in the churn: see the lab's (a).",
            "«Абсурд» поста сравнивает величину за всю жизнь клиента с выручкой на клиента за один \
             месяц: если за месяц уходят 30%, клиент остаётся в среднем около 1 / 0,3 ≈ 3,3 \
             месяца, так что ценность в 3,3 месячной выручки — то, что формула и должна дать, а не \
             её ошибка. Артефакт роста — в оттоке: см. опыт а) ниже.",
        ),
    ];
    Ok(SeedTable {
        key: "growth".into(),
        title_en: "The growth artefact: 100 → 200 clients, 300,000 ₽, 30 left (130 new)".into(),
        title_ru: "Артефакт роста: 100 → 200 клиентов, 300 000 ₽, ушли 30 (новых 130)".into(),
        figures,
    })
}

fn table_romi() -> Result<SeedTable, MetricsError> {
    let absurd = romi(&RomiInput {
        spend: 100_000.0,
        revenue: 150_000.0,
        margin: None,
        costs: Some(160_000.0),
    })?;
    // "ROMI 200%, but margin 10% and returns 30%": the spend of 100,000 ₽ is ours, the post
    // gives none; the margin is earned on the 70% of revenue that is not returned.
    let trick = romi(&RomiInput {
        spend: 100_000.0,
        revenue: 300_000.0,
        margin: Some(0.1 * 0.7),
        costs: None,
    })?;
    let delivery =
        romi(&RomiInput { spend: 500.0, revenue: 1000.0, margin: None, costs: Some(600.0) })?;
    // The brand's case: ROMI 120% on 1,000,000 ₽ is 2,200,000 ₽ of revenue, 70% of which
    // regular clients would have brought anyway; at best (no cost of goods) the rest is profit.
    let case = romi(&RomiInput {
        spend: 1_000_000.0,
        revenue: 2_200_000.0 * 0.3,
        margin: None,
        costs: None,
    })?;
    let figures = vec![
        fig("absurd.romi", "100k → 150k: ROMI", Unit::Share, Some(0.5), absurd.romi),
        fig("absurd.profit", "… after 140k goods and 20k logistics", Unit::Rub, Some(-10_000.0), absurd.profit)
            .note(
                "The post's loss of 10,000 ₽ is 150,000 − 140,000 − 20,000 and leaves out the 100,000 ₽ spent on the advertising; with it the loss is 110,000 ₽ (marginal ROI −110%).",
                "Убыток 10 000 ₽ в посте — это 150 000 − 140 000 − 20 000, без 100 000 ₽ на рекламу; с ними убыток 110 000 ₽ (маржинальная ROI −110%).",
            ),
        fig("absurd.roi_margin", "… marginal ROI", Unit::Share, None, absurd.roi_margin),
        fig("trick.romi", "\"Your ROMI is 200%!\"", Unit::Share, Some(2.0), trick.romi),
        fig("trick.profit", "… at 10% margin and 30% returns, per 100k spent", Unit::Rub, None, trick.profit),
        fig("trick.roi_margin", "… marginal ROI", Unit::Share, None, trick.roi_margin),
        fig("delivery.romi", "client for 500 buys for 1,000: ROMI", Unit::Share, Some(1.0), delivery.romi),
        fig("delivery.profit", "… after 600 delivery and service", Unit::Rub, Some(-100.0), delivery.profit),
        fig("delivery.roi_margin", "… marginal ROI", Unit::Share, None, delivery.roi_margin),
        fig("case.romi", "brand: 1M spent, ROMI", Unit::Share, Some(1.2), 1.2),
        fig("case.profit", "… profit when 70% of sales were regulars", Unit::Rub, Some(-300_000.0), case.profit)
            .note(
                "The post's −300,000 ₽ does not follow from its figures: ROMI 120% on 1,000,000 ₽ is 2,200,000 ₽ of revenue; the 30% not made by regular clients is 660,000 ₽, so even with no cost of goods the result is −340,000 ₽, and any cost of goods makes it worse.",
                "−300 000 ₽ в посте не следует из его чисел: ROMI 120% на 1 000 000 ₽ — это 2 200 000 ₽ выручки; 30%, сделанные не постоянными клиентами, — 660 000 ₽, так что даже без себестоимости итог −340 000 ₽, а с себестоимостью ещё хуже.",
            ),
    ];
    Ok(SeedTable {
        key: "romi".into(),
        title_en: "ROMI examples".into(),
        title_ru: "Примеры ROMI".into(),
        figures,
    })
}

fn table_cac() -> Result<SeedTable, MetricsError> {
    let spend = 50_000.0;
    let before = cac(&CacInput { spend, leads: 100.0, conversion: 0.1 })?;
    let after = cac(&CacInput { spend, leads: 167.0, conversion: 0.012 })?;
    let two = cac(&CacInput { spend, leads: 100.0, conversion: 0.02 })?;
    let figures = vec![
        fig("two_of_100.cac", "100 leads, 2 buy: CAC", Unit::Rub, Some(25_000.0), two.cac),
        fig("before.cpl", "before: 50,000 ₽ / 100 leads", Unit::Rub, Some(500.0), before.cpl),
        fig("after.cpl", "after: 50,000 ₽ / 167 leads", Unit::Rub, Some(300.0), after.cpl).note(
            "50,000 / 167 = 299.40 ₽, which the post writes as ≈ 300 ₽; exactly 300 ₽ would take 166.67 leads.",
            "50 000 / 167 = 299,40 ₽, в посте «≈ 300 ₽»; ровно 300 ₽ было бы при 166,67 лида.",
        ),
        fig("before.clients", "before: clients at 10%", Unit::Clients, Some(10.0), before.clients),
        fig("after.clients", "after: clients at 1.2%", Unit::Clients, Some(2.0), after.clients),
        fig("before.cac", "before: CAC", Unit::Rub, Some(5000.0), before.cac),
        fig("after.cac", "after: CAC", Unit::Rub, Some(25_000.0), after.cac).note(
            "167 × 1.2% = 2.004 clients, which the post rounds to 2; with 2.004 the CAC is 24,950.10 ₽ (25,000 ₽ with two whole clients).",
            "167 × 1,2% = 2,004 клиента, в посте округлено до 2; с 2,004 CAC 24 950,10 ₽ (25 000 ₽ при двух целых клиентах).",
        ),
        fig("cac_growth", "CAC after ÷ before", Unit::Ratio, Some(5.0), after.cac / before.cac),
        fig("cpl_fall", "CPL after ÷ before", Unit::Ratio, None, after.cpl / before.cpl),
    ];
    Ok(SeedTable {
        key: "cpl_cac".into(),
        title_en: "CPL against CAC: 50,000 ₽, 100 leads at 10% or 167 leads at 1.2%".into(),
        title_ru: "CPL против CAC: 50 000 ₽, 100 лидов при 10% или 167 лидов при 1,2%".into(),
        figures,
    })
}

/// Every worked table of the post, recomputed, in the post's order.
pub fn seed_tables() -> Result<SeedTables, MetricsError> {
    Ok(SeedTables {
        tables: vec![table_companies()?, table_growth()?, table_romi()?, table_cac()?],
    })
}
