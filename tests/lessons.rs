//! Every lesson file parses, has both languages, and every arm is a valid scenario; each lesson
//! actually shows what it claims, at the lesson's default size.

use funnel_lab::lessons::{lessons, Lesson};
use funnel_lab::sim::analysis::Comparison;
use funnel_lab::sim::{RunConfig, Scenario};

fn all() -> Vec<Lesson> {
    lessons().expect("every lesson file parses")
}

#[test]
fn seven_lessons_in_order_each_valid() {
    let ls = all();
    assert!(ls.len() >= 7, "{} lessons", ls.len());
    let ids: Vec<_> = ls.iter().map(|l| l.id.as_str()).collect();
    for id in ["shapes", "no-reverse", "questions", "deadline", "minutes", "pocket", "mid-month"] {
        assert!(ids.contains(&id), "lesson {id}");
    }
    for l in &ls {
        for t in [&l.title, &l.intro, &l.question, &l.moral] {
            assert!(!t.ru.is_empty() && !t.en.is_empty(), "{}: both languages", l.id);
        }
        let arms = l.scenarios().unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(arms.len(), 1 + l.variants.len());
        assert!(!l.metrics.is_empty());
    }
}

fn delta(l: &str, variant: usize, trials: u64) -> (f64, f64) {
    let lesson = all().into_iter().find(|x| x.id == l).expect("lesson");
    let arms = lesson.scenarios().expect("valid");
    let a = Scenario::new(arms[0].1.clone()).expect("valid");
    let b = Scenario::new(arms[variant].1.clone()).expect("valid");
    let r = Comparison::new(a, b, RunConfig { trials, seed: 3, ..RunConfig::default() })
        .expect("ok")
        .run();
    (r.delta_p_plan, r.delta_p_plan_se_paired)
}

#[test]
fn lessons_show_what_they_claim() {
    let (d, se) = delta("no-reverse", 1, 4000);
    assert!(d < -4.0 * se, "reverse moves lower P(plan): {d} ± {se}");
    let (d, se) = delta("questions", 2, 4000);
    assert!(d > 4.0 * se, "questions in phase raise P(plan): {d} ± {se}");
    let (d, se) = delta("deadline", 3, 4000);
    assert!(d > 4.0 * se, "deadlines raise P(plan): {d} ± {se}");
    // Volume pays while there are minutes for it, then stops paying.
    let (d5, se5) = delta("minutes", 1, 4000);
    let (d8, se8) = delta("minutes", 3, 4000);
    assert!(d5 > 4.0 * se5, "5 leads instead of 4 helps: {d5} ± {se5}");
    assert!(d8 < -4.0 * se8, "8 leads on the same minutes hurt: {d8} ± {se8}");
    let (d, se) = delta("pocket", 1, 4000);
    assert!(d < 0.0 + 4.0 * se, "a pocket does not raise P(plan): {d} ± {se}");
}
