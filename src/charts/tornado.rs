//! The tornado of a sensitivity run.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

use super::{centred, font, frame, legend, palette, Axis, ChartText, DrawResult};

/// One bar pair of a tornado: a parameter's effect on P(plan) at −10% and +10%.
#[derive(Clone, Debug, PartialEq)]
pub struct TornadoBar {
    /// The parameter, in words.
    pub label: String,
    /// ΔP(plan) with the parameter 10% lower.
    pub minus: f64,
    /// ΔP(plan) with the parameter 10% higher.
    pub plus: f64,
}

/// The tornado: per parameter, the change in P(plan) from −10% (light) and +10% (dark), largest
/// first, around a zero line; labels on the left, percentage points on the axis.
pub fn draw_tornado<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[TornadoBar],
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let mut f = frame(area, t, s)?;
    f.left = (f64::from(f.right) * 0.46) as i32;
    let reach =
        bars.iter().map(|b| b.minus.abs().max(b.plus.abs())).fold(0.0, f64::max).max(0.005) * 1.1;
    let x = Axis { lo: -reach, hi: reach, px_lo: f.left, px_hi: f.right };
    let n = bars.len().max(1);
    let row = f64::from(f.bottom - f.top) / n as f64;
    let zero = x.at(0.0);
    for (i, b) in bars.iter().enumerate() {
        let y0 = f.top + (i as f64 * row) as i32;
        let h = ((row * 0.4) as i32).max(2);
        for (v, colour, dy) in [(b.minus, palette::SHAPE, 0), (b.plus, palette::MAIN, h)] {
            let (a, c) = if v < 0.0 { (x.at(v), zero) } else { (zero, x.at(v)) };
            area.draw(&Rectangle::new(
                [(a, y0 + dy + 1), (c.max(a + 1), y0 + dy + h)],
                colour.filled(),
            ))?;
        }
        let style = font(s, 11.0)
            .pos(text_anchor::Pos::new(text_anchor::HPos::Right, text_anchor::VPos::Top));
        // Long names are shortened so they never run off the canvas.
        let room = (f64::from(f.left) / (6.2 * s)) as usize;
        let label: String = if b.label.chars().count() > room {
            b.label.chars().take(room.saturating_sub(1)).chain(std::iter::once('…')).collect()
        } else {
            b.label.clone()
        };
        area.draw(&Text::new(
            label,
            (f.left - (6.0 * s) as i32, y0 + (h as f64 * 0.4) as i32),
            style,
        ))?;
    }
    area.draw(&PathElement::new(vec![(zero, f.top), (zero, f.bottom)], palette::INK))?;
    for v in [-reach, -reach / 2.0, 0.0, reach / 2.0, reach] {
        let label = t.numbers.axis_points(v);
        area.draw(&Text::new(label, (x.at(v), f.bottom + (6.0 * s) as i32), centred(s, 11.0)))?;
    }
    legend(area, t, &[palette::SHAPE, palette::MAIN], s)
}
