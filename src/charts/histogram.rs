//! The attainment histogram of a run.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{centred, font, frame, palette, y_grid, Axis, ChartText, DrawResult};
use crate::sim::Report;

/// The attainment histogram: bars per 5% of plan, coloured by side of the plan, the plan line.
pub fn draw_histogram<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let f = frame(area, t, s)?;
    let h = &r.attainment;
    let total = h.counts.iter().sum::<u64>().max(1) as f64;
    let shares: Vec<f64> = h.counts.iter().map(|&c| c as f64 / total).collect();
    let top = shares.iter().cloned().fold(0.0, f64::max).max(0.01) * 1.1;
    let x =
        Axis { lo: 0.0, hi: h.counts.len() as f64 * h.bin_width, px_lo: f.left, px_hi: f.right };
    let y = Axis { lo: 0.0, hi: top, px_lo: f.bottom, px_hi: f.top };
    y_grid(area, &f, y, s, |v| format!("{:.0}%", v * 100.0))?;
    for (i, &share) in shares.iter().enumerate() {
        if share == 0.0 {
            continue;
        }
        let x0 = i as f64 * h.bin_width;
        let colour = if x0 + 1e-9 >= 1.0 { palette::GOOD } else { palette::BAD };
        let rect = [(x.at(x0) + 1, y.at(share)), (x.at(x0 + h.bin_width) - 1, y.at(0.0))];
        area.draw(&Rectangle::new(rect, colour.mix(0.75).filled()))?;
    }
    for pct in [0.0, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0] {
        let label = if pct >= 3.0 { "300%+".to_owned() } else { format!("{:.0}%", pct * 100.0) };
        area.draw(&Text::new(label, (x.at(pct), f.bottom + (6.0 * s) as i32), centred(s, 11.0)))?;
    }
    let px = x.at(1.0);
    let dash = ShapeStyle {
        color: palette::PLAN.to_rgba(),
        filled: false,
        stroke_width: (2.0 * s) as u32,
    };
    area.draw(&PathElement::new(vec![(px, f.top), (px, f.bottom)], dash))?;
    area.draw(&Text::new(
        t.plan.clone(),
        (px + (4.0 * s) as i32, f.top),
        font(s, 12.0).color(&palette::PLAN),
    ))?;
    Ok(())
}
