//! The posts' mid-month check along its tolerance: precision and recall of "some stage is
//! below (1 − tolerance) of its plan shape" against a missed plan, for the two numbers together
//! (solid), the count alone (dashed) and the budget alone (dotted).

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::room::{header, percent_frame, px, stroke, Key, LABEL};
use super::{palette, Axis, ChartText, DrawResult};
use crate::sim::report::CheckBasis;

/// One point of a line: the check's scores at one tolerance.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CurvePoint {
    /// Warn below (1 − tolerance) × plan shape.
    pub tolerance: f64,
    /// Share of warnings followed by a missed plan.
    pub precision: Option<f64>,
    /// Share of missed plans warned of.
    pub recall: Option<f64>,
}

/// The check on one basis, by tolerance ascending.
#[derive(Clone, Debug, PartialEq)]
pub struct CurveLine {
    /// Which numbers are compared.
    pub basis: CheckBasis,
    /// Its points.
    pub points: Vec<CurvePoint>,
}

/// Colour of precision.
const PRECISION: RGBColor = palette::MAIN;
/// Colour of recall.
const RECALL: RGBColor = palette::GOOD;

/// Runs of consecutive points where `value` exists: a missing value breaks the line.
fn runs(
    points: &[CurvePoint],
    value: impl Fn(&CurvePoint) -> Option<f64>,
    x: Axis,
    y: Axis,
) -> Vec<Vec<(i32, i32)>> {
    let mut out: Vec<Vec<(i32, i32)>> = vec![Vec::new()];
    for p in points {
        match value(p) {
            Some(v) => {
                if let Some(run) = out.last_mut() {
                    run.push((x.at(p.tolerance), y.at(v)));
                }
            }
            None => out.push(Vec::new()),
        }
    }
    out.retain(|r| !r.is_empty());
    out
}

/// Draws the curve. Words: `t.title`, `t.day` under the horizontal axis (the tolerance), and
/// the legend `[precision, recall, both numbers, count only, budget only]`.
pub fn draw_warn_curve<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lines: &[CurveLine],
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let word = |i: usize| t.legend.get(i).map_or("", String::as_str);
    let keys = [
        (Key::Swatch(PRECISION), word(0)),
        (Key::Swatch(RECALL), word(1)),
        (Key::Line(palette::INK), word(2)),
        (Key::Dashed(palette::INK), word(3)),
        (Key::Dotted(palette::INK), word(4)),
    ];
    let top = header(area, &t.title, &keys, s)?;
    let reach = lines.iter().flat_map(|l| &l.points).map(|p| p.tolerance).fold(0.5, f64::max);
    let ticks: Vec<f64> =
        (0..=(reach * 10.0).round() as i32).map(|i| f64::from(i) / 10.0).collect();
    let (x, y) = percent_frame(area, top, (reach, &ticks), &t.day, s)?;
    if lines.is_empty() {
        // Nothing measured (the report has no curve): a dash, as the tables show.
        let centre = plotters::style::text_anchor::Pos::new(HPos::Center, VPos::Center);
        let dash = ("sans-serif", (LABEL * 2.0 * s).round()).into_font().color(&palette::SHAPE);
        let middle = ((x.px_lo + x.px_hi) / 2, (top + y.px_lo) / 2);
        area.draw(&Text::new("—", middle, dash.pos(centre)))?;
    }
    for line in lines {
        for (colour, value) in [
            (PRECISION, (|p: &CurvePoint| p.precision) as fn(&CurvePoint) -> Option<f64>),
            (RECALL, |p: &CurvePoint| p.recall),
        ] {
            for run in runs(&line.points, value, x, y) {
                let pen = stroke(colour, s, 3.0);
                match line.basis {
                    CheckBasis::Both => {
                        for &p in &run {
                            area.draw(&Circle::new(p, px(s, 4.5), colour.filled()))?;
                        }
                        area.draw(&PathElement::new(run, pen))?;
                    }
                    CheckBasis::Count => {
                        area.draw(&DashedPathElement::new(run, px(s, 9.0), px(s, 6.0), pen))?
                    }
                    CheckBasis::Budget => {
                        area.draw(&DashedPathElement::new(run, px(s, 2.0), px(s, 5.0), pen))?
                    }
                }
            }
        }
    }
    Ok(())
}
