//! What the ladder and metrics pages show, as plain data in Russian or English: the charts of
//! the lab's experiments ([`crate::studies::lab`]) and of the ladder ([`crate::studies::ladder`]), the findings
//! written from the numbers (so they stay true when the user changes an assumption), and the
//! Russian labels of the metrics post's worked figures. Native code, tested by `cargo test`;
//! the page components only lay it out.

use crate::charts::{LineChart, Rule, Series, Unit};
use crate::host::protocol::LabResult;
use crate::studies::lab::{CohortReport, CoverageRow, CplPoint, RomiPoint, COVERAGE_GRID};
use crate::studies::ladder::{Climb, LadderReport, PeriodRevenue};
use crate::words::figures::FigureLabel;
use crate::words::format::Numbers;
use crate::words::i18n::Lang;
use crate::words::lab::LabWord;
use crate::words::phrases::fill;
use crate::words::text::Named;

/// Picks the words of the page's language.
fn w(en: bool, p: LabWord) -> String {
    p.text(lang(en)).to_owned()
}

/// The page's language.
fn lang(en: bool) -> Lang {
    if en {
        Lang::En
    } else {
        Lang::Ru
    }
}

/// How the page's language writes numbers.
fn nums(en: bool) -> Numbers {
    Numbers(lang(en))
}

fn pct(en: bool, x: f64) -> String {
    nums(en).percent_places(x, 0)
}

fn signed(en: bool, x: f64) -> String {
    nums(en).localize(&format!("{:+.0}%", x * 100.0))
}

/// (a) The formula's error against the base's growth.
pub fn cohort_chart(r: &CohortReport, en: bool) -> LineChart {
    let pts = &r.points;
    LineChart {
        title: w(en, LabWord::ErrorLtvArpuChurn),
        x_label: w(en, LabWord::MonthlyGrowthClientBase),
        x_unit: Some(Unit::SignedPercent),
        y_unit: Some(Unit::SignedPercent),
        series: vec![
            Series {
                label: w(en, LabWord::AgainstTrueLtvMedian),
                colour: 0,
                points: pts.iter().map(|p| (p.growth, p.error.p50)).collect(),
                band: pts.iter().map(|p| (p.growth, p.error.p10, p.error.p90)).collect(),
                dashed: false,
            },
            Series {
                label: w(en, LabWord::VeryLargeBase2),
                colour: 1,
                points: pts.iter().map(|p| (p.growth, p.large_base_bias)).collect(),
                band: Vec::new(),
                dashed: true,
            },
        ],
        h_rules: vec![Rule { at: 0.0, label: w(en, LabWord::NoError) }],
        shade: vec![(0.3, 0.8, w(en, LabWord::Post3080Error)), (-0.8, -0.3, String::new())],
        numbers: nums(en),
        ..LineChart::default()
    }
}

/// (a) in words: the post's claim, then what the simulation finds.
pub fn cohort_finding(r: &CohortReport, en: bool) -> String {
    let (Some(lo), Some(hi)) = (r.points.first(), r.points.last()) else { return String::new() };
    let n = r.points.len() as f64;
    let typical = r.points.iter().map(|p| p.abs_error).sum::<f64>() / n;
    // Half the 10–90% range: how far a month strays either way around its mean.
    let half = |s: &crate::studies::lab::Spread| (s.p90 - s.p10) / 2.0;
    let spread = r.points.iter().map(|p| half(&p.error)).sum::<f64>() / n;
    let noise = r.points.iter().map(|p| half(&p.cohort_noise)).sum::<f64>() / n;
    let bias = r.points.iter().map(|p| p.large_base_bias.abs()).fold(0.0, f64::max);
    let larger = spread > bias;
    let l = lang(en);
    let than = if larger { LabWord::Larger } else { LabWord::Smaller };
    fill(
        LabWord::CohortFinding.text(l),
        &[
            &nums(en).grouped(r.true_ltv.round()),
            &signed(en, hi.large_base_bias),
            &signed(en, hi.growth),
            &signed(en, lo.large_base_bias),
            &signed(en, lo.growth),
            &r.params.start_clients,
            &than.text(l),
            &pct(en, spread),
            &pct(en, typical),
            &pct(en, noise),
        ],
    )
}

/// (b) CPL and CAC as the lead-to-client conversion falls.
pub fn cpl_chart(points: &[CplPoint], en: bool) -> LineChart {
    let line = |label: String, colour, f: fn(&CplPoint) -> f64| Series {
        label,
        colour,
        points: points.iter().map(|p| (p.conversion, f(p))).collect(),
        band: Vec::new(),
        dashed: false,
    };
    LineChart {
        title: w(en, LabWord::CostPerLeadCost),
        x_label: w(en, LabWord::LeadClientConversion),
        x_unit: Some(Unit::Percent),
        y_unit: Some(Unit::Money),
        y_log: true,
        series: vec![
            line(w(en, LabWord::CplPerLead), 0, |p| p.source.cpl),
            line(w(en, LabWord::CacPerClient), 1, |p| p.cac),
        ],
        numbers: nums(en),
        ..LineChart::default()
    }
}

/// (b) P(plan) for each source.
pub fn cpl_plan_chart(points: &[CplPoint], en: bool) -> LineChart {
    LineChart {
        title: w(en, LabWord::ChanceMeetingPlan),
        x_label: w(en, LabWord::LeadClientConversion),
        x_unit: Some(Unit::Percent),
        y_unit: Some(Unit::Percent),
        series: vec![Series {
            label: w(en, LabWord::PPlan2Se),
            colour: 2,
            points: points.iter().map(|p| (p.conversion, p.p_plan)).collect(),
            band: points
                .iter()
                .map(|p| (p.conversion, p.p_plan - 2.0 * p.p_plan_se, p.p_plan + 2.0 * p.p_plan_se))
                .collect(),
            dashed: false,
        }],
        numbers: nums(en),
        ..LineChart::default()
    }
}

/// (b) in words.
pub fn cpl_finding(points: &[CplPoint], en: bool) -> String {
    let (Some(a), Some(b)) = (points.first(), points.last()) else { return String::new() };
    let cpl = b.source.cpl / a.source.cpl - 1.0;
    let cac = b.cac / a.cac - 1.0;
    fill(
        LabWord::CplFinding.text(lang(en)),
        &[
            &pct(en, -cpl),
            &nums(en).grouped(a.source.cpl),
            &nums(en).grouped(b.source.cpl),
            &pct(en, b.conversion),
            &pct(en, a.conversion),
            &pct(en, cac),
            &nums(en).grouped(a.cac),
            &nums(en).grouped(b.cac),
            &pct(en, a.p_plan),
            &pct(en, b.p_plan),
        ],
    )
}

/// (c) ROMI, ROMI after returns and marginal ROI against the share returned.
pub fn romi_chart(points: &[RomiPoint], en: bool) -> LineChart {
    let x = |p: &RomiPoint| p.returns;
    LineChart {
        title: w(en, LabWord::RomiReportedWhatLeft),
        x_label: w(en, LabWord::ShareSalesReturned),
        x_unit: Some(Unit::Percent),
        y_unit: Some(Unit::SignedPercent),
        series: vec![
            Series {
                label: w(en, LabWord::RomiReportedReturnsForgotten),
                colour: 0,
                points: points.iter().map(|p| (x(p), p.romi_reported.mean)).collect(),
                band: Vec::new(),
                dashed: true,
            },
            Series {
                label: w(en, LabWord::RomiNetReturns),
                colour: 1,
                points: points.iter().map(|p| (x(p), p.romi_net.mean)).collect(),
                band: points.iter().map(|p| (x(p), p.romi_net.p10, p.romi_net.p90)).collect(),
                dashed: false,
            },
            Series {
                label: w(en, LabWord::MarginalRoi),
                colour: 2,
                points: points.iter().map(|p| (x(p), p.roi.mean)).collect(),
                band: points.iter().map(|p| (x(p), p.roi.p10, p.roi.p90)).collect(),
                dashed: false,
            },
        ],
        h_rules: vec![Rule { at: 0.0, label: w(en, LabWord::PaidBack) }],
        numbers: nums(en),
        ..LineChart::default()
    }
}

/// (c) in words, at the return share nearest the post's 30%.
pub fn romi_finding(points: &[RomiPoint], en: bool) -> String {
    let Some(p) =
        points.iter().min_by(|a, b| (a.returns - 0.3).abs().total_cmp(&(b.returns - 0.3).abs()))
    else {
        return String::new();
    };
    let margin = p.margin;
    fill(
        LabWord::RomiFinding.text(lang(en)),
        &[
            &pct(en, p.returns),
            &pct(en, margin),
            &signed(en, p.romi_reported.mean),
            &signed(en, p.roi.mean),
            &pct(en, p.p_profit),
            &pct(en, p.break_even_margin),
        ],
    )
}

/// (d) P(plan) against the coverage ratio, one line per funnel.
pub fn coverage_chart(rows: &[CoverageRow], en: bool) -> LineChart {
    LineChart {
        title: w(en, LabWord::PipelineCoverageChancePlan),
        x_label: w(en, LabWord::OpenPipelinePlan),
        x_unit: Some(Unit::Times),
        y_unit: Some(Unit::Percent),
        series: rows
            .iter()
            .enumerate()
            .map(|(i, r)| Series {
                label: r.name_in(lang(en)).to_owned(),
                colour: i,
                points: COVERAGE_GRID.iter().copied().zip(r.curve.iter().copied()).collect(),
                band: Vec::new(),
                dashed: false,
            })
            .collect(),
        h_rules: vec![Rule { at: 0.8, label: "80%".into() }],
        v_rules: vec![Rule { at: 3.0, label: w(en, LabWord::P3Rule) }],
        x_ticks: COVERAGE_GRID.to_vec(),
        numbers: nums(en),
        ..LineChart::default()
    }
}

/// (d) in words.
pub fn coverage_finding(rows: &[CoverageRow], en: bool) -> String {
    let Some(lo) = rows.iter().min_by(|a, b| a.coverage_for_80.total_cmp(&b.coverage_for_80))
    else {
        return String::new();
    };
    let Some(hi) = rows.iter().max_by(|a, b| a.coverage_for_80.total_cmp(&b.coverage_for_80))
    else {
        return String::new();
    };
    let name = |r: &CoverageRow| r.name_in(lang(en)).to_owned();
    fill(
        LabWord::CoverageFinding.text(lang(en)),
        &[
            &nums(en).times(lo.coverage_for_80, 1),
            &name(lo),
            &nums(en).times(hi.coverage_for_80, 1),
            &name(hi),
            &pct(en, rows.iter().map(|r| r.p_at_3x).fold(1.0, f64::min)),
            &pct(en, rows.iter().map(|r| r.p_at_3x).fold(0.0, f64::max)),
        ],
    )
}

/// Where a ladder month's P(plan) is decided: the top rung's sales, its part of the revenue
/// variance, P(plan) without them and in the months with none.
pub fn ladder_vip_finding(l: &LadderReport, p: &PeriodRevenue, en: bool) -> String {
    let top = &l.rungs[l.top];
    let name = top.name_in(lang(en));
    let none = p.by_top_sales.iter().find(|r| r.sales == 0);
    let sales = nums(en).decimal(p.top_sales, 1);
    let share = pct(en, p.variance_share.get(l.top).copied().unwrap_or(0.0));
    let mut s = fill(
        LabWord::VipFinding.text(lang(en)),
        &[&name, &sales, &share, &pct(en, p.p_plan_without_top), &pct(en, p.p_plan)],
    );
    if let Some(r) = none {
        s += &fill(
            LabWord::VipNoSaleFinding.text(lang(en)),
            &[&pct(en, r.months), &pct(en, r.p_plan)],
        );
    }
    s += LabWord::VipMoral.text(lang(en));
    s
}

/// The ladder: days from a lead to the flagship purchase, drawn up to the day by which 99.9%
/// have bought.
pub fn climb_chart(c: &Climb, en: bool) -> LineChart {
    let mut acc = 0.0;
    let shown = c
        .pmf
        .iter()
        .position(|p| {
            acc += p;
            acc >= 0.999
        })
        .map_or(c.pmf.len(), |i| i + 1);
    LineChart {
        title: w(en, LabWord::DaysLeadFlagshipPurchase),
        x_label: w(en, LabWord::WorkingDays),
        x_unit: Some(Unit::Number),
        y_unit: Some(Unit::Percent),
        series: vec![Series {
            label: w(en, LabWord::ShareBuyingThatDay),
            colour: 0,
            points: c.pmf[..shown].iter().enumerate().map(|(d, p)| (d as f64, *p)).collect(),
            band: Vec::new(),
            dashed: false,
        }],
        v_rules: vec![
            Rule { at: c.mean, label: w(en, LabWord::Mean) },
            Rule { at: f64::from(c.p90), label: "90%".into() },
        ],
        x_ticks: (0..=shown).step_by(10).map(|d| d as f64).collect(),
        numbers: nums(en),
        ..LineChart::default()
    }
}

/// Russian labels of the metrics post's worked figures, by key (the English ones are the
/// figures' own).
pub fn figure_label_ru(key: &str) -> Option<String> {
    FigureLabel::of(key).map(|f| f.text(Lang::Ru).to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::studies::lab::{cohort_ltv, CohortParams};

    #[test]
    fn every_worked_figure_has_a_russian_label() {
        let tables = crate::studies::metrics::seed_tables().expect("the post's tables");
        for t in &tables.tables {
            for f in &t.figures {
                assert!(figure_label_ru(&f.key).is_some(), "no Russian label for {}", f.key);
            }
        }
    }

    #[test]
    fn the_cohort_finding_quotes_the_measured_numbers() {
        let p = CohortParams { runs: 2, growth: vec![-0.1, 0.3], ..CohortParams::default() };
        let r = cohort_ltv(&p, 1).expect("runs");
        let text = cohort_finding(&r, true);
        assert!(text.contains("-13%") && text.contains("+30%"), "{text}");
        assert!(
            cohort_finding(&r, false).contains("−13%")
                || cohort_finding(&r, false).contains("-13%")
        );
        // The post's claim stands beside the finding of the opposite sign, and the error is
        // against the true lifetime value, the cohort's own noise apart.
        assert!(text.contains("The post's claim") && text.contains("false improvement"), "{text}");
        assert!(text.contains("opposite sign") && text.contains("true lifetime value"), "{text}");
        assert!(text.contains("one month's cohort"), "{text}");
        let ru = cohort_finding(&r, false);
        assert!(ru.contains("Утверждение поста") && ru.contains("обратный знак"), "{ru}");
        // Whether the noise exceeds the bias is read off the numbers: a tiny base has more, a
        // huge one less.
        let tiny = CohortParams { start_clients: 30, ..p.clone() };
        let tiny = cohort_finding(&cohort_ltv(&tiny, 1).expect("runs"), true);
        assert!(tiny.contains("is larger than that bias"), "{tiny}");
        let big = CohortParams {
            start_clients: 50_000,
            months: 3,
            runs: 1,
            growth: vec![0.3],
            ..CohortParams::default()
        };
        let big = cohort_finding(&cohort_ltv(&big, 1).expect("runs"), true);
        assert!(big.contains("is smaller than that bias"), "{big}");
        let chart = cohort_chart(&r, false);
        assert_eq!(chart.series[0].points.len(), 2);
        assert_eq!(chart.shade.len(), 2);
    }
}

/// The lab's latest results, each filled when its job is done.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LabResults {
    /// The ladder page's ladder.
    pub ladder: Option<(LadderReport, PeriodRevenue)>,
    /// A ladder lesson's arms, each arm's reading in order, with the lesson's id.
    pub ladder_arms: Option<(String, Vec<(LadderReport, PeriodRevenue)>)>,
    /// (a)
    pub cohort: Option<CohortReport>,
    /// (b)
    pub cpl: Option<Vec<CplPoint>>,
    /// (c)
    pub romi: Option<Vec<RomiPoint>>,
    /// (d)
    pub coverage: Option<Vec<CoverageRow>>,
}

impl LabResults {
    /// Files a finished job's result in its place.
    pub fn store(&mut self, r: LabResult) {
        match r {
            LabResult::Ladder(l, p) => self.ladder = Some((*l, *p)),
            // A ladder lesson files its own answer, with its id (`app::lesson::ladder`).
            LabResult::LadderArms(_) => {}
            LabResult::Cohort(c) => self.cohort = Some(*c),
            LabResult::Cpl(c) => self.cpl = Some(c),
            LabResult::Romi(r) => self.romi = Some(r),
            LabResult::Coverage(c) => self.coverage = Some(c),
            // The ladder page keeps its break-even itself.
            LabResult::BreakEven(_) => {}
        }
    }
}
