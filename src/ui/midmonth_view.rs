//! The mid-month lesson's study (issue #19 item 4) as the reveal shows it: the numbers computed
//! once by [`crate::studies::midmonth::study`] and shipped in `assets/studies/midmonth.json`
//! (a native test recomputes them), put into sentences in both languages and into the
//! reliability chart's points.

use crate::charts::ReliabilityPoint;
use crate::studies::midmonth::MidMonthStudy;
use crate::words::format::Numbers;
use crate::words::i18n::Lang;

/// The shipped study; none if the file does not parse (a native test makes sure it does).
pub fn shipped() -> Option<MidMonthStudy> {
    serde_json::from_str(include_str!("../../assets/studies/midmonth.json")).ok()
}

/// How the page's language writes numbers.
fn nums(en: bool) -> Numbers {
    Numbers(if en { Lang::En } else { Lang::Ru })
}

/// A share in percent with one decimal, a decimal comma in Russian.
fn pc(en: bool, x: f64) -> String {
    nums(en).percent(x)
}

/// A score with three decimals and a decimal comma (the Russian sentences).
fn num3(x: f64) -> String {
    nums(false).decimal(x, 3)
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
    if en {
        vec![
            format!(
                "(a) P(plan) from the record at the end of day {} of {} — deals and budget per stage plus the revenue won so far, the rest of the month simulated from it — over {} simulated months: Brier score {:.3} against {:.3} for always saying the base rate ({}), a skill of {} ± {}. Months forecast under 10% (on average {}) made the plan in {}; over 90% (on average {}), in {}.",
                s.checkpoint, s.horizon, nums(en).grouped(f.months as f64), b.score, b.reference, pc(en, b.base_rate), skill, skill_se, f_lo, o_lo, f_hi, o_hi
            ),
            format!(
                "On the same months the binary \"below the shape\" check fires in {}: it catches {} of the missed months but also {} of the months that made the plan, and the best probability it gives alone has a skill of {}.",
                pc(en, c.fires), dash(c.hit_rate), dash(c.false_alarm_rate), dash(c.skill)
            ),
            format!(
                "(b) With one of stages 1–{k} weakened at random (its conversion × {}), unknown to the manager, over {} months: the largest shortfall against the plan shape sits right after the weakened stage (fewer deals pass its exit) in {} ± {} of months; with nothing weakened that happens in {} (the same months; paired gain {} ± {} points), and a random pick is right in 1/{k} = {}. The weakened stage itself is the shortest in {}: a weaker exit does not thin its own stage.",
                a.weaken, nums(en).grouped(a.months as f64), pc(en, a.next_stage.rate), pc(en, a.next_stage.se), pc(en, ctrl.next_stage.rate), pts(en, g.rate), pc(en, g.se).trim_end_matches('%'), pc(en, a.chance), pc(en, a.same_stage.rate)
            ),
        ]
    } else {
        vec![
            format!(
                "(а) P(план) по записи на конец {}-го из {} дней — сделки и бюджет на каждом этапе плюс уже полученная выручка, остаток месяца смоделирован от неё — на {} смоделированных месяцах: оценка Брайера {} против {} у прогноза «всегда базовая доля» ({}), выигрыш по Брайеру {} ± {}. Месяцы с прогнозом ниже 10% (в среднем {}) выполнили план в {}; выше 90% (в среднем {}) — в {}.",
                s.checkpoint, s.horizon, nums(en).grouped(f.months as f64), num3(b.score), num3(b.reference), pc(en, b.base_rate), skill, skill_se, f_lo, o_lo, f_hi, o_hi
            ),
            format!(
                "На тех же месяцах бинарная проверка «ниже формы» срабатывает в {}: ловит {} месяцев без плана, но и {} месяцев с планом; лучшая вероятность, которую она даёт сама по себе, выигрывает {}.",
                pc(en, c.fires), dash(c.hit_rate), dash(c.false_alarm_rate), dash(c.skill)
            ),
            format!(
                "(б) Один из этапов 1–{k} ослаблен случайно (его конверсия × {}), менеджер об этом не знает; {} месяцев: наибольшая нехватка против плановой формы приходится на этап сразу после ослабленного (через его выход проходит меньше сделок) в {} ± {} месяцев; без ослабления так выходит в {} (те же месяцы; парный прирост {} ± {}\u{a0}п.\u{a0}п.), случайный выбор угадывает в 1/{k} = {}. Сам ослабленный этап оказывается самым коротким в {}: более слабый выход не уменьшает свой собственный этап.",
                nums(false).localize(&a.weaken.to_string()), nums(en).grouped(a.months as f64), pc(en, a.next_stage.rate), pc(en, a.next_stage.se), pc(en, ctrl.next_stage.rate), pts(en, g.rate), pc(en, g.se).trim_end_matches('%'), pc(en, a.chance), pc(en, a.same_stage.rate)
            ),
        ]
    }
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
