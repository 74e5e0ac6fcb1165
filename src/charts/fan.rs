//! The fan of cumulative revenue by day.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{
    centred, font, frame, legend, nice_step, palette, y_grid, Axis, ChartText, DrawResult,
};
use crate::sim::Report;

/// Cumulative revenue by day: the P10–P90 band, the median, the plan line and the checkpoint.
pub fn draw_fan<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let f = frame(area, t, s)?;
    let days = r.fan.len().max(1) as f64;
    let top = r.fan.iter().map(|p| p.p90).fold(r.plan, f64::max) * 1.08;
    let x = Axis { lo: 0.0, hi: days, px_lo: f.left, px_hi: f.right };
    let y = Axis { lo: 0.0, hi: top, px_lo: f.bottom, px_hi: f.top };
    y_grid(area, &f, y, s, |v| t.numbers.compact(v))?;
    let mut band: Vec<(i32, i32)> = std::iter::once((x.at(0.0), y.at(0.0)))
        .chain(r.fan.iter().map(|p| (x.at(f64::from(p.day)), y.at(p.p90))))
        .collect();
    band.extend(r.fan.iter().rev().map(|p| (x.at(f64::from(p.day)), y.at(p.p10))));
    area.draw(&Polygon::new(band, palette::MAIN.mix(0.2).filled()))?;
    let median: Vec<(i32, i32)> = std::iter::once((x.at(0.0), y.at(0.0)))
        .chain(r.fan.iter().map(|p| (x.at(f64::from(p.day)), y.at(p.p50))))
        .collect();
    let line = ShapeStyle {
        color: palette::MAIN.to_rgba(),
        filled: false,
        stroke_width: (2.0 * s) as u32,
    };
    area.draw(&PathElement::new(median, line))?;
    let plan_style = ShapeStyle {
        color: palette::PLAN.to_rgba(),
        filled: false,
        stroke_width: (2.0 * s) as u32,
    };
    area.draw(&PathElement::new(
        vec![(f.left, y.at(r.plan)), (f.right, y.at(r.plan))],
        plan_style,
    ))?;
    area.draw(&Text::new(
        t.plan.clone(),
        (f.left + (4.0 * s) as i32, y.at(r.plan) - (16.0 * s) as i32),
        font(s, 12.0).color(&palette::PLAN),
    ))?;
    let cx = x.at(f64::from(r.checkpoint_day));
    area.draw(&PathElement::new(vec![(cx, f.top), (cx, f.bottom)], palette::INK.mix(0.5)))?;
    area.draw(&Text::new(t.checkpoint.clone(), (cx + (4.0 * s) as i32, f.top), font(s, 11.0)))?;
    let step = nice_step(days, 6.0).max(1.0);
    let mut d = 0.0;
    while d <= days + 1e-9 {
        area.draw(&Text::new(
            format!("{d:.0}"),
            (x.at(d), f.bottom + (6.0 * s) as i32),
            centred(s, 11.0),
        ))?;
        d += step;
    }
    area.draw(&Text::new(
        t.day.clone(),
        (f.right - (30.0 * s) as i32, f.bottom + (6.0 * s) as i32),
        font(s, 11.0),
    ))?;
    legend(area, t, &[palette::MAIN.mix(0.35).to_rgba().into_rgb(), palette::MAIN], s)
}

trait IntoRgb {
    fn into_rgb(self) -> RGBColor;
}

impl IntoRgb for RGBAColor {
    fn into_rgb(self) -> RGBColor {
        let (r, g, b) = self.rgb();
        // Blend onto white, as the band is drawn.
        let a = self.alpha();
        let mix = |c: u8| (f64::from(c) * a + 255.0 * (1.0 - a)).round() as u8;
        RGBColor(mix(r), mix(g), mix(b))
    }
}
