//! The mid-month study's reliability chart: each bin's mean P(plan | the checkpoint's record)
//! against the share of its months that made the plan, with ±1 standard error, over the
//! diagonal a perfectly calibrated forecast would follow.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::room::{header, percent_frame, px, stroke, Key, LABEL};
use super::{palette, ChartText, DrawResult};

/// One bin of forecasts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ReliabilityPoint {
    /// The bin's mean forecast.
    pub forecast: f64,
    /// The share of its months that made the plan.
    pub observed: f64,
    /// That share's standard error.
    pub se: f64,
    /// Months in the bin.
    pub months: u64,
}

/// Draws the chart. Words: `t.title`, `t.day` under the horizontal axis (the forecast), `t.plan`
/// beside the vertical one (the observed share), and the legend `[observed ± SE, perfect]`.
pub fn draw_reliability<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    points: &[ReliabilityPoint],
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let word = |i: usize| t.legend.get(i).map_or("", String::as_str);
    let keys = [(Key::Swatch(palette::MAIN), word(0)), (Key::Dashed(palette::INK), word(1))];
    let top = header(area, &t.title, &keys, s)?;
    let ticks: Vec<f64> = (0..=4).map(|i| f64::from(i) / 4.0).collect();
    let (x, y) = percent_frame(area, top, (1.0, &ticks), &t.day, s)?;
    let left = x.px_lo;
    let side = plotters::style::text_anchor::Pos::new(HPos::Left, VPos::Top);
    let side_style = ("sans-serif", (LABEL * s).round()).into_font().color(&palette::INK).pos(side);
    area.draw(&Text::new(t.plan.clone(), (left + px(s, 8.0), top + px(s, 10.0)), side_style))?;
    area.draw(&DashedPathElement::new(
        vec![(x.at(0.0), y.at(0.0)), (x.at(1.0), y.at(1.0))],
        px(s, 9.0),
        px(s, 6.0),
        stroke(palette::INK, s, 1.5),
    ))?;
    let pen = stroke(palette::MAIN, s, 2.5);
    for p in points {
        let (cx, cy) = (x.at(p.forecast), y.at(p.observed));
        let (lo, hi) = (y.at((p.observed - p.se).max(0.0)), y.at((p.observed + p.se).min(1.0)));
        let cap = px(s, 5.0);
        area.draw(&PathElement::new(vec![(cx, lo), (cx, hi)], pen))?;
        area.draw(&PathElement::new(vec![(cx - cap, lo), (cx + cap, lo)], pen))?;
        area.draw(&PathElement::new(vec![(cx - cap, hi), (cx + cap, hi)], pen))?;
        area.draw(&Circle::new((cx, cy), px(s, 5.0), palette::MAIN.filled()))?;
    }
    let line: Vec<(i32, i32)> =
        points.iter().map(|p| (x.at(p.forecast), y.at(p.observed))).collect();
    area.draw(&PathElement::new(line, pen))?;
    Ok(())
}
