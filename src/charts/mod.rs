//! Charts of a [`Report`], generic over the plotters backend: a canvas in the page, SVG in the
//! native tests. Each `draw_*` takes a drawing area, the report, the words to print (already
//! translated) and a pixel scale (the device pixel ratio), and draws with plain primitives so
//! the layout never depends on a backend's font metrics.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

use crate::format::compact;
use crate::sim::Report;

mod attainment_overlay;
mod lines;
mod reveal_bars;
mod room;
mod warn_curve;

pub mod alt;
pub use attainment_overlay::{draw_attainment_overlay, OverlaySeries};
pub use lines::{draw_lines, LineChart, Rule, Series, Unit};
pub use reveal_bars::{draw_reveal_bars, RevealBar, Z95};
pub use room::{arm_colour, ARMS};
pub use warn_curve::{draw_warn_curve, CurveLine, CurvePoint};

/// Result of drawing on backend `DB`.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// Colours of the charts.
pub mod palette {
    use plotters::style::RGBColor;
    /// Bars and bands.
    pub const MAIN: RGBColor = RGBColor(37, 99, 235);
    /// Bars past the plan.
    pub const GOOD: RGBColor = RGBColor(22, 163, 74);
    /// Bars short of the plan.
    pub const BAD: RGBColor = RGBColor(220, 38, 38);
    /// The plan line.
    pub const PLAN: RGBColor = RGBColor(234, 88, 12);
    /// Axes and text.
    pub const INK: RGBColor = RGBColor(31, 41, 55);
    /// Grid lines.
    pub const GRID: RGBColor = RGBColor(229, 231, 235);
    /// The individual shape.
    pub const SHAPE: RGBColor = RGBColor(148, 163, 184);
}

/// Translated words a chart prints.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ChartText {
    /// Title over the chart.
    pub title: String,
    /// Label of the plan line.
    pub plan: String,
    /// Extra line (e.g. the share past the plan).
    pub note: String,
    /// Legend entries, in drawing order.
    pub legend: Vec<String>,
    /// The horizontal axis' word: "day" on the fan chart, "tolerance" on the check's curve.
    pub day: String,
    /// Label of the checkpoint marker.
    pub checkpoint: String,
}

/// A linear map from data to pixels.
#[derive(Clone, Copy)]
struct Axis {
    lo: f64,
    hi: f64,
    px_lo: i32,
    px_hi: i32,
}

impl Axis {
    fn at(&self, v: f64) -> i32 {
        let t = if self.hi > self.lo { (v - self.lo) / (self.hi - self.lo) } else { 0.0 };
        self.px_lo + (t * f64::from(self.px_hi - self.px_lo)).round() as i32
    }
}

/// A "nice" step for about `n` ticks over `0..max`.
fn nice_step(max: f64, n: f64) -> f64 {
    if !(max > 0.0) {
        return 1.0;
    }
    let raw = max / n;
    let mag = 10f64.powf(raw.log10().floor());
    let m = raw / mag;
    let nice = if m <= 1.0 {
        1.0
    } else if m <= 2.0 {
        2.0
    } else if m <= 5.0 {
        5.0
    } else {
        10.0
    };
    nice * mag
}

fn font(s: f64, size: f64) -> TextStyle<'static> {
    ("sans-serif", (size * s).round()).into_font().color(&palette::INK)
}

/// Frame of a chart: the title and the plot rectangle below it.
struct Frame {
    left: i32,
    right: i32,
    top: i32,
    bottom: i32,
}

fn frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &ChartText,
    s: f64,
) -> Result<Frame, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, h) = area.dim_in_pixel();
    let px = |v: f64| (v * s).round() as i32;
    area.draw(&Text::new(t.title.clone(), (px(10.0), px(6.0)), font(s, 15.0)))?;
    if !t.note.is_empty() {
        area.draw(&Text::new(t.note.clone(), (px(10.0), px(26.0)), font(s, 12.0)))?;
    }
    Ok(Frame {
        left: px(64.0),
        right: w as i32 - px(14.0),
        top: px(48.0),
        bottom: h as i32 - px(30.0),
    })
}

fn y_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    f: &Frame,
    y: Axis,
    s: f64,
    label: impl Fn(f64) -> String,
) -> DrawResult<DB> {
    let step = nice_step(y.hi, 4.0);
    let mut v = 0.0;
    while v <= y.hi + 1e-9 {
        let py = y.at(v);
        area.draw(&PathElement::new(vec![(f.left, py), (f.right, py)], palette::GRID))?;
        let pos = ((f.left as f64 - 6.0 * s) as i32, py - (6.0 * s) as i32);
        let style = font(s, 11.0)
            .pos(text_anchor::Pos::new(text_anchor::HPos::Right, text_anchor::VPos::Top));
        area.draw(&Text::new(label(v), pos, style))?;
        v += step;
    }
    area.draw(&PathElement::new(
        vec![(f.left, f.top), (f.left, f.bottom), (f.right, f.bottom)],
        palette::INK,
    ))?;
    Ok(())
}

fn centred(s: f64, size: f64) -> TextStyle<'static> {
    font(s, size).pos(text_anchor::Pos::new(text_anchor::HPos::Center, text_anchor::VPos::Top))
}

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
        let label = format!(
            "{}   {:.1} / {}   →   {:.1} / {}",
            st.name,
            st.plan_shape_count,
            compact(st.plan_shape_budget),
            st.checkpoint_count,
            compact(st.checkpoint_budget)
        );
        area.draw(&Text::new(
            label,
            (f.left - (54.0 * s) as i32, y0 + 2 * bar_h + (2.0 * s) as i32),
            font(s, 11.0),
        ))?;
    }
    legend(area, t, &[palette::SHAPE, palette::MAIN], s)
}

fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    t: &ChartText,
    colours: &[RGBColor],
    s: f64,
) -> DrawResult<DB> {
    let (w, _) = area.dim_in_pixel();
    let mut x = w as i32 - (10.0 * s) as i32;
    for (label, colour) in t.legend.iter().zip(colours).rev() {
        let width = ((label.chars().count() as f64 * 6.5 + 22.0) * s) as i32;
        x -= width;
        let y = (28.0 * s) as i32;
        area.draw(&Rectangle::new(
            [(x, y), (x + (12.0 * s) as i32, y + (10.0 * s) as i32)],
            colour.filled(),
        ))?;
        area.draw(&Text::new(
            label.clone(),
            (x + (16.0 * s) as i32, y - (1.0 * s) as i32),
            font(s, 11.0),
        ))?;
    }
    Ok(())
}

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
    y_grid(area, &f, y, s, compact)?;
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
        let label = format!("{:+.0} pp", v * 100.0).replace("+0 pp", "0");
        area.draw(&Text::new(label, (x.at(v), f.bottom + (6.0 * s) as i32), centred(s, 11.0)))?;
    }
    legend(area, t, &[palette::SHAPE, palette::MAIN], s)
}
