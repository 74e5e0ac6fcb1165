//! The arms' attainment distributions on one axis: each arm's histogram as a stepped outline
//! in its colour over a light fill, and the plan line at 100%.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::room::{arm_colour, header, percent_grid, px, stroke, style, Key, LABEL};
use super::{nice_step, palette, Axis, ChartText, DrawResult};
use crate::sim::report::AttainmentHistogram;

/// One arm's distribution.
#[derive(Clone, Debug, PartialEq)]
pub struct OverlaySeries {
    /// The arm's name (its legend entry).
    pub label: String,
    /// Its attainment histogram.
    pub histogram: AttainmentHistogram,
}

impl OverlaySeries {
    /// Each bin's share of the trials.
    pub fn shares(&self) -> Vec<f64> {
        let total = self.histogram.counts.iter().sum::<u64>().max(1) as f64;
        self.histogram.counts.iter().map(|&c| c as f64 / total).collect()
    }
}

/// Draws the overlay. Words: `t.title`, `t.plan` on the plan line; the legend is the arms'
/// names.
pub fn draw_attainment_overlay<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    series: &[OverlaySeries],
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let keys: Vec<(Key, &str)> = series
        .iter()
        .enumerate()
        .map(|(i, a)| (Key::Swatch(arm_colour(i)), a.label.as_str()))
        .collect();
    let top = header(area, &t.title, &keys, s)?;
    let (w, h) = area.dim_in_pixel();
    let (left, right) = (px(s, 72.0), w as i32 - px(s, 20.0));
    let bottom = h as i32 - px(s, LABEL * 2.0);
    let shares: Vec<Vec<f64>> = series.iter().map(OverlaySeries::shares).collect();
    let peak = shares.iter().flatten().cloned().fold(0.0, f64::max).max(0.01) * 1.1;
    let reach = series
        .iter()
        .map(|a| a.histogram.counts.len() as f64 * a.histogram.bin_width)
        .fold(0.0, f64::max)
        .max(1.5);
    let x = Axis { lo: 0.0, hi: reach, px_lo: left, px_hi: right };
    let y = Axis { lo: 0.0, hi: peak, px_lo: bottom, px_hi: top + px(s, 10.0) };
    percent_grid(area, y, nice_step(peak, 4.0), (left, right), s)?;
    let mut pct = 0.0;
    while pct <= reach + 1e-9 {
        let label = if pct + 0.5 > reach {
            format!("{:.0}%+", pct * 100.0)
        } else {
            format!("{:.0}%", pct * 100.0)
        };
        let st = style(s, LABEL, palette::INK, HPos::Center, VPos::Top);
        area.draw(&Text::new(label, (x.at(pct), bottom + px(s, 6.0)), st))?;
        pct += 0.5;
    }
    for (i, (a, sh)) in series.iter().zip(&shares).enumerate() {
        let bw = a.histogram.bin_width;
        let mut outline = vec![(x.at(0.0), y.at(0.0))];
        for (k, &v) in sh.iter().enumerate() {
            outline.push((x.at(k as f64 * bw), y.at(v)));
            outline.push((x.at((k + 1) as f64 * bw), y.at(v)));
        }
        outline.push((x.at(sh.len() as f64 * bw), y.at(0.0)));
        let colour = arm_colour(i);
        area.draw(&Polygon::new(outline.clone(), colour.mix(0.12).filled()))?;
        area.draw(&PathElement::new(outline, stroke(colour, s, 3.0)))?;
    }
    area.draw(&PathElement::new(vec![(left, bottom), (right, bottom)], palette::INK))?;
    let plan_x = x.at(1.0);
    area.draw(&DashedPathElement::new(
        vec![(plan_x, top), (plan_x, bottom)],
        px(s, 10.0),
        px(s, 6.0),
        stroke(palette::PLAN, s, 3.0),
    ))?;
    let plan_style = style(s, LABEL, palette::PLAN, HPos::Left, VPos::Top);
    area.draw(&Text::new(t.plan.clone(), (plan_x + px(s, 6.0), top), plan_style))?;
    Ok(())
}
