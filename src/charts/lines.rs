//! A plain line chart for the ladder and the metrics lab: a few series over a numeric x, each
//! optionally with a band (p10–p90), reference lines, a shaded claim, and a linear or
//! logarithmic y. The lab's pages fill a [`LineChart`] from their results; the drawing knows
//! nothing of what the numbers mean.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::room::{arm_colour, header, px, stroke, style, Key, LABEL};
use super::{nice_step, palette, Axis, DrawResult};
use crate::words::format::Numbers;

/// The shaded claim: the plan's orange, pale.
const SHADE: RGBColor = RGBColor(253, 230, 210);

/// How a value is written on an axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// 0.25 → "25%".
    Percent,
    /// 0.25 → "+25%" (a signed change).
    SignedPercent,
    /// Money, compact ("1.2M").
    Money,
    /// A plain number ("3.5").
    Number,
    /// A ratio ("3×").
    Times,
}

impl Unit {
    /// `v` on an axis, written as `n` writes numbers.
    fn label(self, v: f64, n: Numbers) -> String {
        match self {
            Unit::Percent => n.percent_places(v, 0),
            Unit::SignedPercent => n.localize(&format!("{:+.0}%", v * 100.0)),
            Unit::Money => n.compact(v),
            Unit::Number => {
                if (v - v.round()).abs() < 1e-9 {
                    n.decimal(v, 0)
                } else {
                    n.decimal(v, 1)
                }
            }
            Unit::Times => n.localize(&format!("{v}×")),
        }
    }
}

/// One series.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend words.
    pub label: String,
    /// Colour index (see [`arm_colour`]); the plan's orange is kept for reference lines.
    pub colour: usize,
    /// Points, by x ascending.
    pub points: Vec<(f64, f64)>,
    /// Optional band: (x, low, high) by x ascending.
    pub band: Vec<(f64, f64, f64)>,
    /// Dashed instead of solid.
    pub dashed: bool,
}

/// A horizontal or vertical reference line.
#[derive(Clone, Debug, PartialEq)]
pub struct Rule {
    /// Where it is, in data units.
    pub at: f64,
    /// Its label.
    pub label: String,
}

/// What to draw.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct LineChart {
    /// Title.
    pub title: String,
    /// Words under the x axis.
    pub x_label: String,
    /// How x values are written.
    pub x_unit: Option<Unit>,
    /// How y values are written.
    pub y_unit: Option<Unit>,
    /// Logarithmic y (all values must be positive).
    pub y_log: bool,
    /// The series.
    pub series: Vec<Series>,
    /// Horizontal reference lines.
    pub h_rules: Vec<Rule>,
    /// Vertical reference lines.
    pub v_rules: Vec<Rule>,
    /// Shaded horizontal bands (y from, y to, label): a claim to test against. Only labelled
    /// bands get a legend entry.
    pub shade: Vec<(f64, f64, String)>,
    /// Ticks on x (the data's x values when empty).
    pub x_ticks: Vec<f64>,
    /// How the numbers are written (the page's language; English by default).
    pub numbers: Numbers,
}

/// y in the chart's scale.
fn scale(c: &LineChart, v: f64) -> f64 {
    if c.y_log {
        v.max(1e-12).log10()
    } else {
        v
    }
}

/// The y range: all points, bands, rules and the shade, with a little room.
fn y_range(c: &LineChart) -> (f64, f64) {
    let mut ys: Vec<f64> = c
        .series
        .iter()
        .flat_map(|s| s.points.iter().map(|p| p.1).chain(s.band.iter().flat_map(|b| [b.1, b.2])))
        .chain(c.h_rules.iter().map(|r| r.at))
        .filter(|v| v.is_finite())
        .collect();
    for (a, b, _) in &c.shade {
        ys.extend([*a, *b]);
    }
    let lo = ys.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = ys.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if c.y_log {
        let (a, b) = (lo.max(1e-9).log10().floor(), hi.max(1e-9).log10().ceil());
        return (a, if b > a { b } else { a + 1.0 });
    }
    let lo = lo.min(0.0);
    let pad = (hi - lo).max(1e-9) * 0.08;
    (lo - if lo < 0.0 { pad } else { 0.0 }, hi + pad)
}

fn y_ticks(c: &LineChart, lo: f64, hi: f64) -> Vec<f64> {
    if c.y_log {
        let mut out = Vec::new();
        let mut e = lo;
        while e <= hi + 1e-9 {
            for m in [1.0, 2.0, 5.0] {
                let v = m * 10f64.powf(e);
                if v.log10() <= hi + 1e-9 {
                    out.push(v);
                }
            }
            e += 1.0;
        }
        return out;
    }
    let step = nice_step(hi - lo, 8.0);
    let mut v = (lo / step).ceil() * step;
    let mut out = Vec::new();
    while v <= hi + 1e-9 {
        out.push(if v.abs() < step * 1e-6 { 0.0 } else { v });
        v += step;
    }
    out
}

/// Draws the chart.
pub fn draw_lines<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    c: &LineChart,
    s: f64,
) -> DrawResult<DB> {
    let keys: Vec<(Key, &str)> = c
        .series
        .iter()
        .map(|se| {
            let colour = arm_colour(se.colour);
            (if se.dashed { Key::Dashed(colour) } else { Key::Line(colour) }, se.label.as_str())
        })
        .chain(
            c.shade
                .iter()
                .filter(|(_, _, l)| !l.is_empty())
                .map(|(_, _, l)| (Key::Swatch(SHADE), l.as_str())),
        )
        .collect();
    let top = header(area, &c.title, &keys, s)?;
    let (w, h) = area.dim_in_pixel();
    let (left, right) = (px(s, 76.0), w as i32 - px(s, 24.0));
    let bottom = h as i32 - px(s, LABEL * 3.4);
    let xs: Vec<f64> = c.series.iter().flat_map(|se| se.points.iter().map(|p| p.0)).collect();
    let x_lo = xs.iter().copied().fold(f64::INFINITY, f64::min);
    let x_hi = xs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    let (x_lo, x_hi) = if x_lo.is_finite() && x_hi > x_lo { (x_lo, x_hi) } else { (0.0, 1.0) };
    let x = Axis { lo: x_lo, hi: x_hi, px_lo: left, px_hi: right };
    let (y_lo, y_hi) = y_range(c);
    let y = Axis { lo: y_lo, hi: y_hi, px_lo: bottom, px_hi: top + px(s, 8.0) };
    let yv = |v: f64| y.at(scale(c, v));
    let x_unit = c.x_unit.unwrap_or(Unit::Number);
    let y_unit = c.y_unit.unwrap_or(Unit::Number);

    for (a, b, _) in &c.shade {
        let rect = [(left, yv(*b)), (right, yv(*a))];
        area.draw(&Rectangle::new(rect, SHADE.filled()))?;
    }
    for v in y_ticks(c, y_lo, y_hi) {
        let py = yv(v);
        area.draw(&PathElement::new(vec![(left, py), (right, py)], palette::GRID))?;
        let st = style(s, LABEL, palette::INK, HPos::Right, VPos::Center);
        area.draw(&Text::new(y_unit.label(v, c.numbers), (left - px(s, 6.0), py), st))?;
    }
    let mut ticks = if c.x_ticks.is_empty() { xs.clone() } else { c.x_ticks.clone() };
    ticks.sort_by(f64::total_cmp);
    ticks.dedup_by(|a, b| (*a - *b).abs() < 1e-12);
    // Labels that would overlap are thinned to every n-th.
    let room = f64::from(right - left) / (LABEL * s * 3.5);
    let every = ((ticks.len() as f64 / room.max(1.0)).ceil() as usize).max(1);
    for (i, &v) in ticks.iter().enumerate() {
        let pxx = x.at(v);
        area.draw(&PathElement::new(vec![(pxx, top + px(s, 8.0)), (pxx, bottom)], palette::GRID))?;
        if i % every == 0 {
            let st = style(s, LABEL, palette::INK, HPos::Center, VPos::Top);
            area.draw(&Text::new(x_unit.label(v, c.numbers), (pxx, bottom + px(s, 6.0)), st))?;
        }
    }
    let caption = style(s, LABEL, palette::INK, HPos::Center, VPos::Top);
    area.draw(&Text::new(
        c.x_label.clone(),
        ((left + right) / 2, bottom + px(s, LABEL * 1.7)),
        caption,
    ))?;
    area.draw(&PathElement::new(
        vec![(left, top + px(s, 8.0)), (left, bottom), (right, bottom)],
        palette::INK,
    ))?;
    for r in &c.h_rules {
        let py = yv(r.at);
        area.draw(&DashedPathElement::new(
            vec![(left, py), (right, py)],
            px(s, 8.0),
            px(s, 5.0),
            stroke(palette::PLAN, s, 2.0),
        ))?;
        let st = style(s, LABEL * 0.85, palette::PLAN, HPos::Right, VPos::Bottom);
        area.draw(&Text::new(r.label.clone(), (right - px(s, 4.0), py - px(s, 3.0)), st))?;
    }
    for r in &c.v_rules {
        let pxx = x.at(r.at);
        area.draw(&DashedPathElement::new(
            vec![(pxx, top + px(s, 8.0)), (pxx, bottom)],
            px(s, 8.0),
            px(s, 5.0),
            stroke(palette::PLAN, s, 2.0),
        ))?;
        let st = style(s, LABEL * 0.85, palette::PLAN, HPos::Left, VPos::Top);
        area.draw(&Text::new(r.label.clone(), (pxx + px(s, 4.0), top + px(s, 10.0)), st))?;
    }
    for se in &c.series {
        let colour = arm_colour(se.colour);
        if se.band.len() >= 2 {
            let mut poly: Vec<(i32, i32)> = se.band.iter().map(|b| (x.at(b.0), yv(b.2))).collect();
            poly.extend(se.band.iter().rev().map(|b| (x.at(b.0), yv(b.1))));
            area.draw(&Polygon::new(poly, colour.mix(0.15).filled()))?;
        }
        let line: Vec<(i32, i32)> =
            se.points.iter().filter(|p| p.1.is_finite()).map(|p| (x.at(p.0), yv(p.1))).collect();
        let pen = stroke(colour, s, 3.0);
        if se.dashed {
            area.draw(&DashedPathElement::new(line.clone(), px(s, 9.0), px(s, 6.0), pen))?;
        } else {
            area.draw(&PathElement::new(line.clone(), pen))?;
        }
        if line.len() <= 40 {
            for p in line {
                area.draw(&Circle::new(p, px(s, 3.5), colour.filled()))?;
            }
        }
    }
    Ok(())
}
