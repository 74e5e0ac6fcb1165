//! The mid-month lesson's study (issue #19 item 4) as the reveal shows it: the numbers computed
//! once by [`crate::studies::midmonth::study`] and shipped in `assets/studies/midmonth.json`
//! (a native test recomputes them), put into sentences in both languages and into the
//! reliability chart's points.

use crate::charts::ReliabilityPoint;
use crate::studies::midmonth::MidMonthStudy;
use crate::words::format::Numbers;
use crate::words::i18n::Lang;
use crate::words::page::PageWord;
use crate::words::phrases::fill;

/// The shipped study; none if the file does not parse (a native test makes sure it does).
pub fn shipped() -> Option<MidMonthStudy> {
    serde_json::from_str(include_str!("../../assets/studies/midmonth.json")).ok()
}

/// The page's language.
fn lang(en: bool) -> Lang {
    if en {
        Lang::En
    } else {
        Lang::Ru
    }
}

/// How the page's language writes numbers.
fn nums(en: bool) -> Numbers {
    Numbers(lang(en))
}

/// A share in percent with one decimal, a decimal comma in Russian.
fn pc(en: bool, x: f64) -> String {
    nums(en).percent(x)
}

/// A signed difference in percentage points (the number; the sentence names the unit).
fn pts(en: bool, x: f64) -> String {
    nums(en).localize(&format!("{:+.1}", x * 100.0))
}

/// The chart's points: every bin that holds months.
pub fn points(s: &MidMonthStudy) -> Vec<ReliabilityPoint> {
    s.forecast
        .bins
        .iter()
        .filter_map(|b| {
            Some(ReliabilityPoint {
                forecast: b.forecast?,
                observed: b.observed?,
                se: b.observed_se?,
                months: b.months,
            })
        })
        .collect()
}

/// The study in words: the forecast's skill, its ends, the binary check beside it, and the
/// attribution against chance.
pub fn sentences(en: bool, s: &MidMonthStudy) -> Vec<String> {
    let f = &s.forecast;
    let b = &f.brier;
    let dash = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| pc(en, x));
    let skill = dash(b.skill);
    let skill_se = dash(b.skill_se);
    let (first, last) = (f.bins.first(), f.bins.last());
    let end = |bin: Option<&crate::studies::midmonth::Bin>| {
        (dash(bin.and_then(|b| b.forecast)), dash(bin.and_then(|b| b.observed)))
    };
    let ((f_lo, o_lo), (f_hi, o_hi)) = (end(first), end(last));
    let c = &f.check;
    let (a, ctrl, g) = (&s.attribution, &s.control, &s.gain);
    let k = a.candidates;
    let l = lang(en);
    let n = nums(en);
    vec![
        fill(
            PageWord::MidmonthSkill.text(l),
            &[
                &s.checkpoint,
                &s.horizon,
                &n.grouped(f.months as f64),
                &n.decimal(b.score, 3),
                &n.decimal(b.reference, 3),
                &pc(en, b.base_rate),
                &skill,
                &skill_se,
                &f_lo,
                &o_lo,
                &f_hi,
                &o_hi,
            ],
        ),
        fill(
            PageWord::MidmonthCheck.text(l),
            &[&pc(en, c.fires), &dash(c.hit_rate), &dash(c.false_alarm_rate), &dash(c.skill)],
        ),
        fill(
            PageWord::MidmonthAttribution.text(l),
            &[
                &k,
                &n.localize(&a.weaken.to_string()),
                &n.grouped(a.months as f64),
                &pc(en, a.next_stage.rate),
                &pc(en, a.next_stage.se),
                &pc(en, ctrl.next_stage.rate),
                &pts(en, g.rate),
                &pc(en, g.se).trim_end_matches('%'),
                &k,
                &pc(en, a.chance),
                &pc(en, a.same_stage.rate),
            ],
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_study_reads_and_says_its_numbers_in_both_languages() {
        let s = shipped().expect("the shipped study parses");
        assert_eq!(points(&s).len(), s.forecast.bins.iter().filter(|b| b.months > 0).count());
        for en in [false, true] {
            let words = sentences(en, &s).join(" ");
            let skill = pc(en, s.forecast.brier.skill.expect("both outcomes happen"));
            assert!(words.contains(&skill), "{words}");
            assert!(words.contains(&pc(en, s.attribution.next_stage.rate)), "{words}");
            assert!(words.contains(&pc(en, s.attribution.chance)), "{words}");
        }
    }
}
