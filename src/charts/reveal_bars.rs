//! The reveal drawn: one horizontal bar per arm for its P(plan) with the 95% interval, the
//! room's guess as a marker under the bar, and each variant's paired difference from the
//! baseline written beside it.

use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::room::{arm_colour, fit, header, percent_ticks, px, stroke, style, triangle, width};
use super::room::{Key, LABEL};
use super::{palette, Axis, ChartText, DrawResult};
use crate::words::format::Numbers;

/// z of a two-sided 95% normal interval.
pub const Z95: f64 = 1.96;

/// One arm of the reveal.
#[derive(Clone, Debug, PartialEq)]
pub struct RevealBar {
    /// The arm's name.
    pub label: String,
    /// Its P(plan).
    pub p: f64,
    /// Standard error of `p`.
    pub se: f64,
    /// The room's guess of `p`, if one was typed.
    pub guess: Option<f64>,
    /// ΔP(plan) against the baseline and its paired standard error (variants only).
    pub delta: Option<(f64, f64)>,
}

impl RevealBar {
    /// The 95% interval of `p`, kept inside 0..=1.
    pub fn interval(&self) -> (f64, f64) {
        ((self.p - Z95 * self.se).max(0.0), (self.p + Z95 * self.se).min(1.0))
    }

    /// The words at the end of the bar: `61.2% ± 2.0 pp` / `61,2% ± 2,0 п. п.` (95%).
    pub fn value_text(&self, n: Numbers) -> String {
        format!("{} ± {}\u{a0}{}", n.percent(self.p), n.decimal(Z95 * self.se * 100.0, 1), n.pp())
    }

    /// A variant's paired difference from the baseline, under its name: `Δ -12.3 ± 1.8 pp`
    /// (95%), in `n`'s language.
    pub fn delta_text(&self, n: Numbers) -> Option<String> {
        self.delta.map(|(d, se)| format!("Δ {}", n.points_interval(d, Z95 * se)))
    }
}

/// Draws the bars. Words: `t.title`; `t.legend[0]` names the bar and its interval,
/// `t.legend[1]` the guess marker (shown only when some arm has a guess).
pub fn draw_reveal_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    bars: &[RevealBar],
    t: &ChartText,
    s: f64,
) -> DrawResult<DB> {
    let word = |i: usize| t.legend.get(i).map_or("", String::as_str);
    let mut keys = vec![(Key::Swatch(arm_colour(0)), word(0))];
    if bars.iter().any(|b| b.guess.is_some()) {
        keys.push((Key::Marker, word(1)));
    }
    let top = header(area, &t.title, &keys, s)?;
    let (w, h) = area.dim_in_pixel();
    let (w, h) = (w as i32, h as i32);
    let longest = bars
        .iter()
        .flat_map(|b| std::iter::once(b.label.clone()).chain(b.delta_text(t.numbers)))
        .map(|words| width(&words, LABEL * s))
        .max()
        .unwrap_or(0);
    let left = (longest + px(s, 24.0)).clamp(px(s, 80.0), w * 38 / 100);
    let right = w - px(s, 24.0);
    let bottom = h - px(s, LABEL * 2.0);
    let x = Axis { lo: 0.0, hi: 1.0, px_lo: left, px_hi: right };
    percent_ticks(area, x, &[0.0, 0.2, 0.4, 0.6, 0.8, 1.0], (top, bottom), s)?;
    area.draw(&PathElement::new(vec![(left, top), (left, bottom)], palette::INK))?;
    let row = f64::from(bottom - top) / bars.len().max(1) as f64;
    for (i, b) in bars.iter().enumerate() {
        let y0 = top + (i as f64 * row) as i32;
        let bar = (row * 0.42) as i32;
        let (y_top, y_mid) = (y0 + (row * 0.1) as i32, y0 + (row * 0.1) as i32 + bar / 2);
        let colour = arm_colour(i);
        // The name beside the bar, and a variant's difference from the baseline under it.
        let label_style = style(s, LABEL, palette::INK, HPos::Right, VPos::Center);
        let label = fit(&b.label, LABEL * s, left - px(s, 16.0));
        let shift = if b.delta.is_some() { px(s, LABEL * 0.6) } else { 0 };
        area.draw(&Text::new(label, (left - px(s, 10.0), y_mid - shift), label_style.clone()))?;
        if let Some(delta) = b.delta_text(t.numbers) {
            area.draw(&Text::new(delta, (left - px(s, 10.0), y_mid + shift), label_style))?;
        }
        area.draw(&Rectangle::new(
            [(left, y_top), (x.at(b.p).max(left + 1), y_top + bar)],
            colour.filled(),
        ))?;
        let (lo, hi) = b.interval();
        let cap = bar / 3;
        let ink = stroke(palette::INK, s, 2.5);
        area.draw(&PathElement::new(vec![(x.at(lo), y_mid), (x.at(hi), y_mid)], ink))?;
        for v in [lo, hi] {
            area.draw(&PathElement::new(
                vec![(x.at(v), y_mid - cap), (x.at(v), y_mid + cap)],
                ink,
            ))?;
        }
        let words = b.value_text(t.numbers);
        let after = x.at(hi) + px(s, 10.0);
        let (pos, colour_text, h_pos) = if after + width(&words, LABEL * s) <= right {
            ((after, y_mid), palette::INK, HPos::Left)
        } else {
            ((x.at(lo) - px(s, 10.0), y_mid), WHITE, HPos::Right)
        };
        area.draw(&Text::new(words, pos, style(s, LABEL, colour_text, h_pos, VPos::Center)))?;
        if let Some(g) = b.guess {
            let gx = x.at(g.clamp(0.0, 1.0));
            let gy = y_top + bar + (row * 0.2) as i32;
            area.draw(&DashedPathElement::new(
                vec![(gx, y_top + bar), (gx, gy)],
                px(s, 4.0),
                px(s, 3.0),
                stroke(palette::INK, s, 1.5),
            ))?;
            area.draw(&triangle((gx, gy), s))?;
            let guess_style = style(s, LABEL, palette::INK, HPos::Left, VPos::Center);
            area.draw(&Text::new(
                format!("{} {}", word(1), t.numbers.percent_places(g, 0)),
                (gx + px(s, 12.0), gy),
                guess_style,
            ))?;
        }
    }
    Ok(())
}
