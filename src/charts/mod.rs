//! Charts of a [`Report`](crate::sim::Report), generic over the plotters backend: a canvas in the page, SVG in the
//! native tests. Each `draw_*` takes a drawing area, the report, the words to print (already
//! translated) and a pixel scale (the device pixel ratio), and draws with plain primitives so
//! the layout never depends on a backend's font metrics.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor;

mod attainment_overlay;
mod fan;
mod funnel;
mod histogram;
mod lines;
mod reliability;
mod reveal_bars;
mod room;
mod tornado;
mod warn_curve;

pub mod alt;
pub use attainment_overlay::{draw_attainment_overlay, OverlaySeries};
pub use fan::draw_fan;
pub use funnel::draw_funnel;
pub use histogram::draw_histogram;
pub use lines::{draw_lines, LineChart, Rule, Series, Unit};
pub use reliability::{draw_reliability, ReliabilityPoint};
pub use reveal_bars::{draw_reveal_bars, RevealBar, Z95};
pub use room::{arm_colour, ARMS};
pub use tornado::{draw_tornado, TornadoBar};
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
    /// How the chart writes its numbers (the page's language; English by default).
    pub numbers: crate::words::format::Numbers,
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
