//! The funnel: the shape's budget beside the checkpoint's, per stage.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::{font, frame, legend, palette, ChartText, DrawResult};
use crate::sim::Report;
use crate::words::text::Named;

/// The funnel: per stage, the individual shape's budget beside the mean budget at the
/// checkpoint, with the deal counts written on the bars ("two numbers per stage").
pub fn draw_funnel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    r: &Report,
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let f = frame(area, t, s)?;
    let n = r.stages.len().max(1);
    // Widths are deal counts, which every stage has; budgets can be empty before the stage the
    // record holds them from.
    let max = r
        .stages
        .iter()
        .map(|st| st.plan_shape_count.max(st.checkpoint_count))
        .fold(0.0, f64::max)
        .max(1e-9);
    let centre = (f.left + f.right) / 2;
    let half = f64::from(f.right - f.left) / 2.0;
    let row = f64::from(f.bottom - f.top) / n as f64;
    let floor = 1.0 - r.forecast.shape_tolerance;
    for (i, st) in r.stages.iter().enumerate() {
        let y0 = f.top + (i as f64 * row) as i32;
        let bar_h = (row * 0.38) as i32;
        let w_shape = (st.plan_shape_count / max * half) as i32;
        let w_cp = (st.checkpoint_count / max * half) as i32;
        // The posts' check on the mean: a number below its plan shape (budget only where the
        // record holds budgets).
        let below = st.checkpoint_count < floor * st.plan_shape_count
            || (st.plan_shape_budget > 0.0 && st.checkpoint_budget < floor * st.plan_shape_budget);
        let cp_colour = if below { palette::BAD } else { palette::MAIN };
        area.draw(&Rectangle::new(
            [(centre - w_shape, y0 + 2), (centre + w_shape, y0 + bar_h)],
            palette::SHAPE.mix(0.6).filled(),
        ))?;
        area.draw(&Rectangle::new(
            [(centre - w_cp, y0 + bar_h + 2), (centre + w_cp, y0 + 2 * bar_h)],
            cp_colour.mix(0.8).filled(),
        ))?;
        let n = t.numbers;
        let label = format!(
            "{}   {} / {}   →   {} / {}",
            st.name_in(n.0),
            n.decimal(st.plan_shape_count, 1),
            n.compact(st.plan_shape_budget),
            n.decimal(st.checkpoint_count, 1),
            n.compact(st.checkpoint_budget)
        );
        area.draw(&Text::new(
            label,
            (f.left - (54.0 * s) as i32, y0 + 2 * bar_h + (2.0 * s) as i32),
            font(s, 11.0),
        ))?;
    }
    legend(area, t, &[palette::SHAPE, palette::MAIN], s)
}
