//! The room on the projector as plain Rust: the server's answers read, each arm's guesses
//! summarised (median and quartiles), the room's spread drawn as SVG with the simulation's
//! P(plan) and its interval over it at the reveal, the share of the room within ±10 pp, whose
//! guess was closest, and the same in words for screen readers. The page only wires signals to
//! it; `funnel-lab serve`'s API is in `docs/workshop.md`.

use std::fmt::Write as _;

use serde::{Deserialize, Serialize};

use crate::words::format::Numbers;
use crate::words::i18n::Lang;
use crate::words::page::PageWord;
use crate::words::phrases::fill;

/// How far from the simulation's P(plan) a guess counts as "near", in percentage points (the
/// issue's choice, shown on the slide as ours).
pub const NEAR_PP: f64 = 10.0;

/// `GET /api/health`: the page is served by `funnel-lab serve`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Health {
    /// Always `true` from the server (a static host answers 404 or HTML).
    pub rooms: bool,
    /// The address phones reach, or `None` when the server listens on loopback only.
    #[serde(default)]
    pub join_base: Option<String>,
}

/// `POST /api/rooms` → 201.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Created {
    /// The join code (six characters).
    pub code: String,
    /// The trainer's secret; kept in the tab's session storage, never in the URL.
    pub token: String,
    /// The join path (`/j/<code>`).
    pub join: String,
    /// The full join address for the QR code, `None` on loopback only.
    #[serde(default)]
    pub join_url: Option<String>,
}

/// One round's count in `GET /api/rooms/{code}/status`.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct RoundCount {
    /// The round's number.
    pub round: u32,
    /// How many voters answered in it.
    pub answered: u32,
}

/// `GET /api/rooms/{code}/status`: the live count.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Status {
    /// The latest round (0 = none yet).
    pub round: u32,
    /// Whether it takes votes.
    pub open: bool,
    /// Voters in the room.
    pub voters: u32,
    /// Each round's count.
    pub rounds: Vec<RoundCount>,
}

impl Status {
    /// How many answered in the latest round.
    pub fn answered(&self) -> u32 {
        self.rounds.iter().find(|r| r.round == self.round).map_or(0, |r| r.answered)
    }
}

/// One voter's answer.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct Vote {
    /// The id the phone made.
    pub voter: String,
    /// One guess per arm, in percent.
    pub guesses: Vec<f64>,
    /// The name the voter gave, if any.
    #[serde(default)]
    pub name: Option<String>,
}

/// One round's votes.
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct RoundVotes {
    /// The round's number.
    pub round: u32,
    /// Its votes, in the order voters first voted.
    pub votes: Vec<Vote>,
}

/// `GET /api/rooms/{code}/results`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
pub struct Results {
    /// Every round from 1.
    pub rounds: Vec<RoundVotes>,
}

impl Results {
    /// The latest round with at least one vote.
    pub fn last_voted(&self) -> Option<&RoundVotes> {
        self.rounds.iter().rev().find(|r| !r.votes.is_empty())
    }
}

/// Arm `arm`'s guesses in a round.
pub fn arm_guesses(round: &RoundVotes, arm: usize) -> Vec<f64> {
    round.votes.iter().filter_map(|v| v.guesses.get(arm).copied()).collect()
}

/// An arm's guesses summarised; quartiles by linear interpolation between order statistics
/// (Hyndman–Fan type 7, what spreadsheets' QUARTILE gives).
#[derive(Clone, Debug, PartialEq)]
pub struct Spread {
    /// The guesses, sorted.
    pub sorted: Vec<f64>,
    /// The lower quartile.
    pub q1: f64,
    /// The median.
    pub median: f64,
    /// The upper quartile.
    pub q3: f64,
}

fn quantile(sorted: &[f64], p: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * p;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// The summary of `guesses`, or `None` when there are none.
pub fn spread(guesses: &[f64]) -> Option<Spread> {
    let mut sorted: Vec<f64> = guesses.iter().copied().filter(|g| g.is_finite()).collect();
    if sorted.is_empty() {
        return None;
    }
    sorted.sort_by(f64::total_cmp);
    Some(Spread {
        q1: quantile(&sorted, 0.25),
        median: quantile(&sorted, 0.5),
        q3: quantile(&sorted, 0.75),
        sorted,
    })
}

/// The simulation's answer for one arm, in percent: P(plan) and its 95% interval.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Truth {
    /// P(plan).
    pub p: f64,
    /// The interval's lower end.
    pub lo: f64,
    /// Its upper end.
    pub hi: f64,
}

impl Truth {
    /// From P(plan) and its standard error as fractions; `z` the interval's quantile.
    pub fn of(p: f64, se: f64, z: f64) -> Truth {
        Truth {
            p: 100.0 * p,
            lo: (100.0 * (p - z * se)).max(0.0),
            hi: (100.0 * (p + z * se)).min(100.0),
        }
    }
}

/// The share (0–1) of `guesses` within `pp` points of `truth`, or `None` without guesses.
pub fn share_near(guesses: &[f64], truth: f64, pp: f64) -> Option<f64> {
    if guesses.is_empty() {
        return None;
    }
    let near = guesses.iter().filter(|g| (*g - truth).abs() <= pp + 1e-9).count();
    Some(near as f64 / guesses.len() as f64)
}

/// The named voter whose guesses were on average nearest the truths (mean absolute error in
/// points over the arms), with that error; `None` when nobody gave a name. A tie goes to who
/// voted first.
pub fn closest(round: &RoundVotes, truths: &[Truth]) -> Option<(String, f64)> {
    let mut best: Option<(String, f64)> = None;
    for v in &round.votes {
        let Some(name) = v.name.as_ref().filter(|n| !n.trim().is_empty()) else { continue };
        let n = v.guesses.len().min(truths.len());
        if n == 0 {
            continue;
        }
        let err =
            v.guesses.iter().zip(truths).map(|(g, t)| (g - t.p).abs()).sum::<f64>() / n as f64;
        if best.as_ref().is_none_or(|(_, b)| err < *b) {
            best = Some((name.clone(), err));
        }
    }
    best
}

fn esc(t: &str) -> String {
    t.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// One arm's row of the drawing.
#[derive(Clone, Debug, PartialEq)]
pub struct ArmRow {
    /// Its name.
    pub label: String,
    /// Its colour, `#rrggbb`.
    pub colour: String,
    /// Its guesses summarised (`None`: nobody guessed).
    pub spread: Option<Spread>,
    /// The simulation's answer, at the reveal.
    pub truth: Option<Truth>,
}

/// Width of the drawing's coordinate system.
const W: f64 = 1000.0;
/// Where the 0–100 % axis starts and ends.
const X0: f64 = 300.0;
const X1: f64 = 970.0;
/// Height of an arm's row.
const ROW: f64 = 80.0;

fn x_of(pct: f64) -> f64 {
    X0 + (X1 - X0) * pct.clamp(0.0, 100.0) / 100.0
}

/// The arms' guesses as strips (one dot a guess) with the quartile box and the median, on a
/// 0–100 % axis; at the reveal each arm's P(plan) as a line with its interval as a band over
/// it and the ±`NEAR_PP` zone shaded. An SVG that scales to its box.
pub fn spread_svg(rows: &[ArmRow], axis: &str) -> String {
    let h = ROW * rows.len() as f64 + 50.0;
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {h}\" font-family=\"sans-serif\" font-size=\"22\" aria-hidden=\"true\">"
    );
    for (i, r) in rows.iter().enumerate() {
        let top = ROW * i as f64;
        let mid = top + ROW / 2.0;
        // About 27 characters fit left of the axis at this size; a longer name is cut with "…".
        let label: String = if r.label.chars().count() > 27 {
            r.label.chars().take(26).chain(['…']).collect()
        } else {
            r.label.clone()
        };
        let _ = write!(
            s,
            "<rect x=\"0\" y=\"{:.1}\" width=\"14\" height=\"14\" fill=\"{}\"/><text x=\"22\" y=\"{:.1}\" font-size=\"19\" fill=\"#222\">{}</text>",
            mid - 9.0,
            r.colour,
            mid + 6.0,
            esc(&label)
        );
        let _ = write!(
            s,
            "<line x1=\"{X0}\" x2=\"{X1}\" y1=\"{mid:.1}\" y2=\"{mid:.1}\" stroke=\"#ccc\" stroke-width=\"2\"/>"
        );
        if let Some(t) = r.truth {
            let (a, b) = (x_of(t.p - NEAR_PP), x_of(t.p + NEAR_PP));
            let _ = write!(
                s,
                "<rect class=\"near\" x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#2a9d4a\" fill-opacity=\"0.12\"/>",
                top + 6.0,
                b - a,
                ROW - 12.0
            );
        }
        if let Some(sp) = &r.spread {
            let (a, b) = (x_of(sp.q1), x_of(sp.q3));
            let _ = write!(
                s,
                "<rect class=\"iqr\" x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{}\" fill-opacity=\"0.25\" stroke=\"{}\" stroke-width=\"2\"/>",
                mid - 18.0,
                (b - a).max(2.0),
                36.0,
                r.colour,
                r.colour
            );
            let m = x_of(sp.median);
            let _ = write!(
                s,
                "<line class=\"median\" x1=\"{m:.1}\" x2=\"{m:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#222\" stroke-width=\"4\"/>",
                mid - 22.0,
                mid + 22.0
            );
            for (k, g) in sp.sorted.iter().enumerate() {
                // Equal guesses stack a little, so each is seen.
                let dy = ((k % 5) as f64 - 2.0) * 5.0;
                let _ = write!(
                    s,
                    "<circle class=\"guess\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"6\" fill=\"{}\" fill-opacity=\"0.8\" stroke=\"#fff\"/>",
                    x_of(*g),
                    mid + dy,
                    r.colour
                );
            }
        }
        if let Some(t) = r.truth {
            let (a, b) = (x_of(t.lo), x_of(t.hi));
            let p = x_of(t.p);
            let _ = write!(
                s,
                "<rect class=\"truth-band\" x=\"{a:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#111\" fill-opacity=\"0.35\"/><line class=\"truth\" x1=\"{p:.1}\" x2=\"{p:.1}\" y1=\"{:.1}\" y2=\"{:.1}\" stroke=\"#111\" stroke-width=\"5\"/><text x=\"{p:.1}\" y=\"{:.1}\" text-anchor=\"middle\" font-weight=\"bold\" fill=\"#111\">{:.0}%</text>",
                top + 4.0,
                (b - a).max(3.0),
                ROW - 8.0,
                top + 4.0,
                top + ROW - 4.0,
                top + 2.0 + 14.0,
                t.p
            );
        }
    }
    let base = ROW * rows.len() as f64 + 10.0;
    let _ = write!(
        s,
        "<line x1=\"{X0}\" x2=\"{X1}\" y1=\"{base}\" y2=\"{base}\" stroke=\"#666\" stroke-width=\"2\"/>"
    );
    for pct in [0, 25, 50, 75, 100] {
        let x = x_of(f64::from(pct));
        let _ = write!(
            s,
            "<line x1=\"{x:.1}\" x2=\"{x:.1}\" y1=\"{base}\" y2=\"{:.1}\" stroke=\"#666\" stroke-width=\"2\"/><text x=\"{x:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"#333\">{pct}%</text>",
            base + 8.0,
            base + 32.0
        );
    }
    let _ = write!(s, "<text x=\"0\" y=\"{:.1}\" fill=\"#333\">{}</text>", base + 32.0, esc(axis));
    s.push_str("</svg>");
    s
}

fn pct(en: bool, x: f64) -> String {
    let n = Numbers(if en { Lang::En } else { Lang::Ru });
    n.localize(&format!("{}%", (x * 10.0).round() / 10.0))
}

/// The spread in words (for screen readers): each arm's number of guesses, median and
/// quartiles, and at the reveal the simulation's P(plan) with its interval and the share near it.
pub fn spread_words(en: bool, rows: &[ArmRow]) -> String {
    let mut parts = Vec::new();
    for r in rows {
        let lang = if en { Lang::En } else { Lang::Ru };
        let mut p = match &r.spread {
            None => fill(PageWord::NoGuesses.text(lang), &[&r.label]),
            Some(s) => fill(
                PageWord::Guesses.text(lang),
                &[&r.label, &s.sorted.len(), &pct(en, s.median), &pct(en, s.q1), &pct(en, s.q3)],
            ),
        };
        if let Some(t) = r.truth {
            let near = r.spread.as_ref().and_then(|s| share_near(&s.sorted, t.p, NEAR_PP));
            let near = near.map(|n| format!("{:.0}%", 100.0 * n)).unwrap_or_else(|| "—".into());
            p += &fill(
                PageWord::SpreadTruth.text(lang),
                &[&pct(en, t.p), &pct(en, t.lo), &pct(en, t.hi), &NEAR_PP, &near],
            );
        }
        parts.push(p);
    }
    parts.join(". ") + "."
}

/// The share of every guess in the round (all arms) within `NEAR_PP` of its arm's truth.
pub fn room_near(round: &RoundVotes, truths: &[Truth]) -> Option<f64> {
    let (mut near, mut all) = (0usize, 0usize);
    for v in &round.votes {
        for (g, t) in v.guesses.iter().zip(truths) {
            all += 1;
            if (g - t.p).abs() <= NEAR_PP + 1e-9 {
                near += 1;
            }
        }
    }
    (all > 0).then(|| near as f64 / all as f64)
}

/// What the projector tells the trainer's notes window (over a `BroadcastChannel`): the lesson,
/// the step on screen, each arm's answer once revealed, and the room's count.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct NotesMsg {
    /// The lesson's id.
    pub lesson: String,
    /// The step on screen ([`crate::ui::slides::Slide::key`]).
    pub slide: String,
    /// Each arm's P(plan) and interval in percent, `None` before the reveal.
    pub truths: Vec<Option<(f64, f64, f64)>>,
    /// The join code, with a room open.
    pub code: Option<String>,
    /// The open round.
    pub round: Option<u32>,
    /// How many answered in it.
    pub answered: Option<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(votes: &[(&str, &[f64], Option<&str>)]) -> RoundVotes {
        RoundVotes {
            round: 1,
            votes: votes
                .iter()
                .map(|(v, g, n)| Vote {
                    voter: (*v).into(),
                    guesses: g.to_vec(),
                    name: n.map(str::to_owned),
                })
                .collect(),
        }
    }

    #[test]
    fn quartiles_by_hand() {
        // 1..=5: the order statistics themselves.
        let s = spread(&[5.0, 1.0, 3.0, 2.0, 4.0]).expect("test data");
        assert_eq!((s.q1, s.median, s.q3), (2.0, 3.0, 4.0));
        // 10, 20, 30, 40: h = 0.75, 1.5, 2.25 → 17.5, 25, 32.5.
        let s = spread(&[40.0, 10.0, 30.0, 20.0]).expect("test data");
        assert_eq!((s.q1, s.median, s.q3), (17.5, 25.0, 32.5));
        let s = spread(&[42.0]).expect("test data");
        assert_eq!((s.q1, s.median, s.q3), (42.0, 42.0, 42.0));
        assert_eq!(spread(&[]), None);
    }

    #[test]
    fn near_and_closest() {
        let r = round(&[
            ("a", &[50.0, 10.0], Some("Аня")),
            ("b", &[61.0, 20.0], None),
            ("c", &[45.0, 25.0], Some("Bob")),
        ]);
        let t = [Truth { p: 52.0, lo: 50.0, hi: 54.0 }, Truth { p: 22.0, lo: 20.0, hi: 24.0 }];
        // Arm 0: 50 and 45 are within 10 of 52, 61 is within 10 (9): all three.
        assert_eq!(share_near(&arm_guesses(&r, 0), 52.0, NEAR_PP), Some(1.0));
        // Arm 1: 10 is 12 away; 20 and 25 near.
        assert_eq!(share_near(&arm_guesses(&r, 1), 22.0, NEAR_PP), Some(2.0 / 3.0));
        assert_eq!(room_near(&r, &t), Some(5.0 / 6.0));
        // Аня: (2 + 12) / 2 = 7; Bob: (7 + 3) / 2 = 5; b has no name.
        assert_eq!(closest(&r, &t), Some(("Bob".into(), 5.0)));
        assert_eq!(closest(&round(&[("b", &[52.0, 22.0], None)]), &t), None);
    }

    #[test]
    fn truth_interval_is_clamped() {
        let t = Truth::of(0.01, 0.02, 1.96);
        assert_eq!(t.lo, 0.0);
        assert!((t.p - 1.0).abs() < 1e-12 && (t.hi - 4.92).abs() < 1e-9);
    }

    #[test]
    fn drawing_and_words() {
        let row = ArmRow {
            label: "<b>A</b>".into(),
            colour: "#123456".into(),
            spread: spread(&[10.0, 20.0, 30.0]),
            truth: None,
        };
        let svg = spread_svg(std::slice::from_ref(&row), "P(plan)");
        assert_eq!(svg.matches("class=\"guess\"").count(), 3);
        assert!(svg.contains("&lt;b&gt;A") && !svg.contains("<b>"));
        assert!(!svg.contains("class=\"truth\""), "no answer before the reveal");
        let w = spread_words(true, std::slice::from_ref(&row));
        assert_eq!(w, "<b>A</b>: 3 guesses, median 20%, quartiles 15% to 25%.");
        let revealed = ArmRow { truth: Some(Truth { p: 24.0, lo: 22.0, hi: 26.0 }), ..row };
        let svg = spread_svg(std::slice::from_ref(&revealed), "P(plan)");
        assert!(svg.contains("class=\"truth\"") && svg.contains(">24%<"));
        let w = spread_words(false, &[revealed]);
        assert!(w.contains("медиана 20%") && w.contains("67% зала"), "{w}");
    }

    #[test]
    fn reads_the_servers_answers() {
        let st: Status = serde_json::from_str(
            r#"{"round":2,"open":true,"voters":3,"rounds":[{"round":1,"answered":3},{"round":2,"answered":1}]}"#,
        )
        .expect("test data");
        assert_eq!(st.answered(), 1);
        let r: Results = serde_json::from_str(
            r#"{"rounds":[{"round":1,"votes":[{"voter":"x","guesses":[40.0,5.0],"name":"N"}]},{"round":2,"votes":[]}]}"#,
        )
        .expect("test data");
        assert_eq!(r.last_voted().map(|r| r.round), Some(1));
        let c: Created = serde_json::from_str(
            r#"{"code":"ABC234","token":"t","join":"/j/ABC234","join_url":null}"#,
        )
        .expect("test data");
        assert_eq!(c.join_url, None);
    }
}
