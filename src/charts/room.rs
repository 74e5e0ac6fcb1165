//! Drawing helpers for the charts a room reads off a projector: larger type, a title with a
//! legend under it, a percent axis, and one colour per lesson arm shared by every reveal chart,
//! so the room can match a bar to its curve.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{palette, Axis, DrawResult};

/// Title size in CSS pixels at scale 1.
pub(super) const TITLE: f64 = 20.0;
/// Labels: arm names, axis ticks, values.
pub(super) const LABEL: f64 = 16.0;

/// Arm colours, baseline first: none of them is the plan line's orange or the guess's ink.
pub const ARMS: [RGBColor; 6] = [
    RGBColor(37, 99, 235),
    RGBColor(147, 51, 234),
    RGBColor(13, 148, 136),
    RGBColor(219, 39, 119),
    RGBColor(161, 98, 7),
    RGBColor(71, 85, 105),
];

/// The colour of arm `i` (the baseline is 0), cycling past the last.
pub fn arm_colour(i: usize) -> RGBColor {
    ARMS[i % ARMS.len()]
}

/// A text style of `size` CSS pixels at scale `s`.
pub(super) fn style(s: f64, size: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    ("sans-serif", (size * s).round()).into_font().color(&colour).pos(Pos::new(h, v))
}

/// About how wide `text` prints at `size` pixels: the layout must not depend on the backend's
/// font metrics, so it is estimated (a sans-serif character is about 0.55 em).
pub(super) fn width(text: &str, size: f64) -> i32 {
    (text.chars().count() as f64 * size * 0.55).round() as i32
}

/// `text` cut to about `room` pixels at `size`, with an ellipsis when cut.
pub(super) fn fit(text: &str, size: f64, room: i32) -> String {
    let max = (f64::from(room.max(0)) / (size * 0.55)) as usize;
    if text.chars().count() <= max {
        return text.to_owned();
    }
    text.chars().take(max.saturating_sub(1)).chain(std::iter::once('…')).collect()
}

/// A stroke of `width` CSS pixels.
pub(super) fn stroke(colour: RGBColor, s: f64, width: f64) -> ShapeStyle {
    ShapeStyle {
        color: colour.to_rgba(),
        filled: false,
        stroke_width: (width * s).round().max(1.0) as u32,
    }
}

/// What a legend entry shows before its words.
#[derive(Clone, Copy)]
pub(super) enum Key {
    /// A filled square.
    Swatch(RGBColor),
    /// A solid line.
    Line(RGBColor),
    /// A dashed line.
    Dashed(RGBColor),
    /// A dotted line.
    Dotted(RGBColor),
    /// The guess marker: an ink triangle.
    Marker,
}

/// Pixels at scale `s`.
pub(super) fn px(s: f64, v: f64) -> i32 {
    (v * s).round() as i32
}

/// Fills the area white, writes the title and, below it, the legend entries (wrapping onto
/// more lines when they do not fit); returns the y where the plot may start.
pub(super) fn header<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    title: &str,
    keys: &[(Key, &str)],
    s: f64,
) -> Result<i32, DrawingAreaErrorKind<DB::ErrorType>> {
    area.fill(&WHITE)?;
    let (w, _) = area.dim_in_pixel();
    let right = w as i32 - px(s, 12.0);
    let title_style = style(s, TITLE, palette::INK, HPos::Left, VPos::Top);
    area.draw(&Text::new(title.to_owned(), (px(s, 12.0), px(s, 8.0)), title_style))?;
    let line = px(s, LABEL * 1.5);
    let (mut x, mut y) = (px(s, 12.0), px(s, 8.0 + TITLE * 1.5));
    for (key, words) in keys {
        let entry = px(s, 30.0) + width(words, LABEL * s) + px(s, 18.0);
        if x + entry > right && x > px(s, 12.0) {
            x = px(s, 12.0);
            y += line;
        }
        draw_key(area, *key, (x, y + px(s, LABEL / 2.0)), s)?;
        let text_style = style(s, LABEL, palette::INK, HPos::Left, VPos::Center);
        area.draw(&Text::new(
            words.to_string(),
            (x + px(s, 30.0), y + px(s, LABEL / 2.0)),
            text_style,
        ))?;
        x += entry;
    }
    let used = if keys.is_empty() { 0 } else { line };
    Ok(y + used + px(s, 8.0))
}

fn draw_key<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    key: Key,
    (x, y): (i32, i32),
    s: f64,
) -> DrawResult<DB> {
    let (a, b) = ((x, y), (x + px(s, 24.0), y));
    match key {
        Key::Swatch(c) => area.draw(&Rectangle::new(
            [(x + px(s, 4.0), y - px(s, 8.0)), (x + px(s, 20.0), y + px(s, 8.0))],
            c.filled(),
        )),
        Key::Line(c) => area.draw(&PathElement::new(vec![a, b], stroke(c, s, 3.0))),
        Key::Dashed(c) => area.draw(&DashedPathElement::new(
            vec![a, b],
            px(s, 7.0),
            px(s, 4.0),
            stroke(c, s, 3.0),
        )),
        Key::Dotted(c) => area.draw(&DashedPathElement::new(
            vec![a, b],
            px(s, 2.0),
            px(s, 4.0),
            stroke(c, s, 3.0),
        )),
        Key::Marker => area.draw(&triangle((x + px(s, 12.0), y), s)),
    }
}

/// The guess marker: an ink triangle pointing up at `(x, y)`.
pub(super) fn triangle((x, y): (i32, i32), s: f64) -> Polygon<(i32, i32)> {
    let (half, h) = (px(s, 8.0), px(s, 12.0));
    Polygon::new(vec![(x, y - h / 2), (x - half, y + h / 2), (x + half, y + h / 2)], palette::INK)
}

/// The frame of a chart with percentages on both axes, below its header (which ends at
/// `top`): the horizontal axis from 0 to `x_hi` with labelled `x_ticks` and `caption` centred
/// under it, the vertical one from 0 to 100% in quarters with grid lines, and the axes' lines.
/// Returns the two axes to plot on.
pub(super) fn percent_frame<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    top: i32,
    (x_hi, x_ticks): (f64, &[f64]),
    caption: &str,
    s: f64,
) -> Result<(Axis, Axis), DrawingAreaErrorKind<DB::ErrorType>> {
    let (w, h) = area.dim_in_pixel();
    let (left, right) = (px(s, 64.0), w as i32 - px(s, 24.0));
    let bottom = h as i32 - px(s, LABEL * 3.4);
    let x = Axis { lo: 0.0, hi: x_hi, px_lo: left, px_hi: right };
    let y = Axis { lo: 0.0, hi: 1.0, px_lo: bottom, px_hi: top + px(s, 8.0) };
    percent_grid(area, y, 0.25, (left, right), s)?;
    percent_ticks(area, x, x_ticks, (bottom, bottom), s)?;
    let below = style(s, LABEL, palette::INK, HPos::Center, VPos::Top);
    area.draw(&Text::new(
        caption.to_owned(),
        ((left + right) / 2, bottom + px(s, LABEL * 1.7)),
        below,
    ))?;
    area.draw(&PathElement::new(vec![(left, top), (left, bottom), (right, bottom)], palette::INK))?;
    Ok((x, y))
}

/// Horizontal percent ticks along `y` (labels below it), with light vertical grid lines up to
/// `top`.
pub(super) fn percent_ticks<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    x: Axis,
    ticks: &[f64],
    (top, y): (i32, i32),
    s: f64,
) -> DrawResult<DB> {
    for &v in ticks {
        let px_x = x.at(v);
        area.draw(&PathElement::new(vec![(px_x, top), (px_x, y)], palette::GRID))?;
        let label = format!("{:.0}%", v * 100.0);
        let st = style(s, LABEL, palette::INK, HPos::Center, VPos::Top);
        area.draw(&Text::new(label, (px_x, y + px(s, 6.0)), st))?;
    }
    Ok(())
}

/// Vertical percent ticks along `x` (labels left of it), with light horizontal grid lines to
/// `right`.
pub(super) fn percent_grid<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    y: Axis,
    step: f64,
    (x, right): (i32, i32),
    s: f64,
) -> DrawResult<DB> {
    let mut v = 0.0;
    while v <= y.hi + 1e-9 {
        let py = y.at(v);
        area.draw(&PathElement::new(vec![(x, py), (right, py)], palette::GRID))?;
        let st = style(s, LABEL, palette::INK, HPos::Right, VPos::Center);
        let label =
            if step < 0.01 { format!("{:.1}%", v * 100.0) } else { format!("{:.0}%", v * 100.0) };
        area.draw(&Text::new(label, (x - px(s, 6.0), py), st))?;
        v += step;
    }
    Ok(())
}
