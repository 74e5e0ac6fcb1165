//! Text alternatives of the charts: the numbers each chart draws, in words, for a screen
//! reader (the page gives the canvas `role="img"` and this as its name). A chart with many points is
//! read at a handful of them, evenly spaced, always with the last.

use super::{ChartText, CurveLine, LineChart, OverlaySeries, RevealBar, TornadoBar, Unit};
use crate::sim::report::{AttainmentHistogram, CheckBasis};
use crate::sim::Report;
use crate::words::charts::ChartWord;
use crate::words::format::Numbers;
use crate::words::i18n::Lang;
use crate::words::text::Named;

/// At most this many points of a series are read out.
const MAX_POINTS: usize = 8;

fn w(en: bool, p: ChartWord) -> &'static str {
    p.text(if en { Lang::En } else { Lang::Ru })
}

/// Indices of at most `MAX_POINTS` of `n` points, evenly spaced, the first and the last kept.
fn sample(n: usize) -> Vec<usize> {
    if n <= MAX_POINTS {
        return (0..n).collect();
    }
    let mut v: Vec<usize> = (0..MAX_POINTS).map(|k| k * (n - 1) / (MAX_POINTS - 1)).collect();
    v.dedup();
    v
}

/// How the page's language writes numbers.
fn nums(en: bool) -> Numbers {
    Numbers(if en { Lang::En } else { Lang::Ru })
}

/// Attainment (share of plan) at quantile `q` of a histogram, at the upper edge of its bin.
fn attainment_quantile(h: &AttainmentHistogram, q: f64) -> f64 {
    let total = h.counts.iter().sum::<u64>().max(1) as f64;
    let mut acc = 0.0;
    for (i, &c) in h.counts.iter().enumerate() {
        acc += c as f64 / total;
        if acc >= q {
            return (i + 1) as f64 * h.bin_width;
        }
    }
    h.counts.len() as f64 * h.bin_width
}

fn attainment_words(en: bool, h: &AttainmentHistogram) -> String {
    let total = h.counts.iter().sum::<u64>().max(1) as f64;
    let past: u64 = h
        .counts
        .iter()
        .enumerate()
        .filter(|(i, _)| (*i as f64) * h.bin_width >= 1.0 - 1e-9)
        .map(|(_, c)| c)
        .sum();
    format!(
        "{} P10 / P50 / P90: {} / {} / {}; {} {}",
        w(en, ChartWord::PlanAttainment),
        nums(en).percent(attainment_quantile(h, 0.1)),
        nums(en).percent(attainment_quantile(h, 0.5)),
        nums(en).percent(attainment_quantile(h, 0.9)),
        w(en, ChartWord::MonthsPlanAbove),
        nums(en).percent(past as f64 / total),
    )
}

/// The editor's attainment histogram.
pub fn histogram(en: bool, title: &str, r: &Report) -> String {
    format!(
        "{title}. {}; P({}) {}.",
        attainment_words(en, &r.attainment),
        w(en, ChartWord::Plan),
        nums(en).percent(r.p_plan)
    )
}

/// The editor's funnel: each stage's plan shape against the checkpoint.
pub fn funnel(en: bool, title: &str, r: &Report) -> String {
    let rows = r
        .stages
        .iter()
        .map(|s| {
            let n = Numbers(if en { Lang::En } else { Lang::Ru });
            format!(
                "{}: {} {}, {} {} {}",
                s.name_in(if en { Lang::En } else { Lang::Ru }),
                w(en, ChartWord::PlanShape),
                n.decimal(s.plan_shape_count, 1),
                w(en, ChartWord::Day),
                r.checkpoint_day,
                n.decimal(s.checkpoint_count, 1)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("{title}. {rows}.")
}

/// The editor's fan: cumulative revenue P10 / P50 / P90 on a few days, and the plan.
pub fn fan(en: bool, title: &str, r: &Report) -> String {
    let n = nums(en);
    let pts = sample(r.fan.len())
        .into_iter()
        .map(|i| {
            let p = &r.fan[i];
            format!(
                "{} {}: {} / {} / {}",
                w(en, ChartWord::Day),
                p.day,
                n.grouped(p.p10),
                n.grouped(p.p50),
                n.grouped(p.p90)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!(
        "{title}. {} {} {}; P10 / P50 / P90: {pts}.",
        w(en, ChartWord::Plan),
        n.grouped(r.plan),
        r.currency
    )
}

/// The sensitivity tornado: ΔP(plan) on each side of each parameter.
pub fn tornado(en: bool, title: &str, bars: &[TornadoBar]) -> String {
    let rows = bars
        .iter()
        .map(|b| {
            let n = nums(en);
            format!("{}: −10% {}, +10% {}", b.label, n.points(b.minus), n.points(b.plus))
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("{title}. ΔP({}): {rows}.", w(en, ChartWord::Plan))
}

fn unit_value(unit: Option<Unit>, v: f64, n: Numbers) -> String {
    match unit {
        Some(Unit::Percent) => n.percent(v),
        Some(Unit::SignedPercent) => n.localize(&format!("{:+.1}%", v * 100.0)),
        Some(Unit::Money) => n.compact(v),
        Some(Unit::Times) => n.localize(&format!("{v}×")),
        Some(Unit::Number) | None => {
            if (v - v.round()).abs() < 1e-9 {
                n.decimal(v, 0)
            } else {
                n.decimal(v, 2)
            }
        }
    }
}

/// A line chart of the ladder or the metrics lab: each series at a few of its points.
pub fn lines(c: &LineChart) -> String {
    let series = c
        .series
        .iter()
        .map(|s| {
            let pts = sample(s.points.len())
                .into_iter()
                .map(|i| {
                    let (x, y) = s.points[i];
                    format!(
                        "{} → {}",
                        unit_value(c.x_unit, x, c.numbers),
                        unit_value(c.y_unit, y, c.numbers)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{}: {pts}", s.label)
        })
        .chain(
            c.h_rules
                .iter()
                .map(|r| format!("{}: {}", r.label, unit_value(c.y_unit, r.at, c.numbers))),
        )
        .chain(
            c.v_rules
                .iter()
                .map(|r| format!("{}: {}", r.label, unit_value(c.x_unit, r.at, c.numbers))),
        )
        .collect::<Vec<_>>()
        .join("; ");
    format!("{} ({}). {series}.", c.title, c.x_label)
}

/// The lesson's bars: each arm's P(plan), its 95% interval, the room's guess and Δ.
pub fn reveal_bars(en: bool, bars: &[RevealBar], t: &ChartText) -> String {
    let rows = bars
        .iter()
        .map(|b| {
            let (lo, hi) = b.interval();
            let mut s = format!(
                "{}: {} (95%: {}–{})",
                b.label,
                nums(en).percent(b.p),
                nums(en).percent(lo),
                nums(en).percent(hi)
            );
            if let Some(g) = b.guess {
                s += &format!(", {} {}", w(en, ChartWord::RoomSGuess), nums(en).percent(g));
            }
            if let Some((d, _)) = b.delta {
                s += &format!(", Δ {}", nums(en).points(d));
            }
            s
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("{}. P({}): {rows}.", t.title, w(en, ChartWord::Plan))
}

/// The lesson's attainment overlay: each arm's attainment quantiles.
pub fn overlay(en: bool, series: &[OverlaySeries], t: &ChartText) -> String {
    let rows = series
        .iter()
        .map(|s| format!("{}: {}", s.label, attainment_words(en, &s.histogram)))
        .collect::<Vec<_>>()
        .join("; ");
    format!("{}. {rows}.", t.title)
}

/// The warning curve: precision and recall of each check by tolerance.
pub fn curve(en: bool, lines: &[CurveLine], t: &ChartText) -> String {
    let dash = |x: Option<f64>| x.map_or("—".to_owned(), |x| nums(en).percent(x));
    let rows = lines
        .iter()
        .map(|l| {
            let basis = match l.basis {
                CheckBasis::Both => w(en, ChartWord::DealsBudget),
                CheckBasis::Count => w(en, ChartWord::Deals),
                CheckBasis::Budget => w(en, ChartWord::Budget),
            };
            let pts = sample(l.points.len())
                .into_iter()
                .map(|i| {
                    let p = &l.points[i];
                    format!(
                        "{} {}: {} / {}",
                        w(en, ChartWord::Tolerance),
                        nums(en).percent(p.tolerance),
                        dash(p.precision),
                        dash(p.recall)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!("{basis}: {pts}")
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("{}. {}: {rows}.", t.title, w(en, ChartWord::PrecisionRecall))
}

/// The mid-month study's reliability chart in words: each bin's mean forecast, the share of its
/// months that made the plan, and how many months it holds.
pub fn reliability(en: bool, points: &[super::ReliabilityPoint], t: &ChartText) -> String {
    let rows = points
        .iter()
        .map(|p| {
            format!(
                "{} {} → {} ({} {})",
                w(en, ChartWord::Forecast),
                nums(en).percent(p.forecast),
                nums(en).percent(p.observed),
                p.months,
                w(en, ChartWord::Months)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    format!("{}. {rows}.", t.title)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sample_keeps_first_and_last_and_at_most_eight() {
        assert_eq!(sample(3), vec![0, 1, 2]);
        let s = sample(31);
        assert_eq!(s.len(), MAX_POINTS);
        assert_eq!((s.first(), s.last()), (Some(&0), Some(&30)));
    }

    #[test]
    fn attainment_quantiles_read_the_histogram() {
        let h = AttainmentHistogram { bin_width: 0.5, counts: vec![1, 1, 2] };
        assert_eq!(attainment_quantile(&h, 0.25), 0.5);
        assert_eq!(attainment_quantile(&h, 0.5), 1.0);
        assert_eq!(attainment_quantile(&h, 0.9), 1.5);
        assert!(attainment_words(true, &h).ends_with("months at plan or above: 50.0%"));
    }
}
