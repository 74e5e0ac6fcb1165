//! Every lesson file parses, cites the posts, states their claim and lists its own numbers in
//! both languages, and every arm is a valid scenario; each lesson's reveal shows what its moral
//! says, on paired runs of 4000 trials (common random numbers, `Comparison`).

mod common;

use common::Z;
use funnel_lab::content::lessons::{lessons, Lesson, LessonKind, Text};
use funnel_lab::sim::analysis::{Comparison, ComparisonReport};
use funnel_lab::sim::report::{CheckBasis, Report};
use funnel_lab::sim::scenario::{InitialPipeline, Phase};
use funnel_lab::sim::Job;
use funnel_lab::sim::{RunConfig, Scenario, ScenarioSpec};
use funnel_lab::studies::ladder::{
    break_even_share, ladder, ladder_preset_json, period_revenue, read_arms, Ladder, LadderReport,
    LadderSpec, PeriodRevenue,
};

/// A ladder lesson's arms, read and checked.
fn ladder_arms(l: &Lesson) -> Vec<(Text, LadderSpec)> {
    read_arms(&l.ladder_files(ladder_preset_json).expect("a ladder lesson")).expect("valid")
}

/// Trials of every reveal check.
const TRIALS: u64 = 4000;
/// Recorded and true conversion under the posts' rule: the record is the process, so they agree
/// to far less than this.
const SAME_CONVERSION: f64 = 0.01;
/// How far the moving record must shift a conversion for the lesson to show it (it shifts the
/// first stage by about 0.04 at 5% rework a day).
const SHIFTED_CONVERSION: f64 = 0.02;
/// The lesson says the two-number check at tolerance 0 is barely more precise than the share of
/// missed months: it adds less than this many points of precision.
const CHECK_LIFT: f64 = 0.05;

const IDS: [&str; 11] = [
    "shapes",
    "no-reverse",
    "questions",
    "deadline",
    "minutes",
    "pocket",
    "mid-month",
    "budget-first-stage",
    "secondary-contacts",
    "tripwire",
    "lead-magnet",
];

fn all() -> Vec<Lesson> {
    lessons().expect("every lesson file parses")
}

fn lesson(id: &str) -> Lesson {
    all().into_iter().find(|l| l.id == id).unwrap_or_else(|| panic!("lesson {id}"))
}

fn both(t: &Text) -> bool {
    !t.ru.trim().is_empty() && !t.en.trim().is_empty()
}

#[test]
fn eleven_lessons_in_order_each_cited_and_valid() {
    let ls = all();
    let ids: Vec<_> = ls.iter().map(|l| l.id.as_str()).collect();
    assert_eq!(ids, IDS, "the eleven lessons, in course order");
    for (i, l) in ls.iter().enumerate() {
        assert_eq!(l.order as usize, i + 1, "{}: order", l.id);
        for (what, t) in [
            ("title", &l.title),
            ("source", &l.source),
            ("claim", &l.claim),
            ("intro", &l.intro),
            ("question", &l.question),
            ("moral", &l.moral),
        ] {
            assert!(both(t), "{}: {what} in both languages", l.id);
        }
        // A source names a post by its title in guillemets, and an item of it.
        assert!(l.source.ru.contains('«') && l.source.en.contains('«'), "{}: post title", l.id);
        assert!(!l.assumptions.is_empty(), "{}: its own numbers are listed", l.id);
        for (i, a) in l.assumptions.iter().enumerate() {
            assert!(both(a), "{}: assumptions[{i}] in both languages", l.id);
        }
        let arms = match l.kind {
            LessonKind::Funnel => l.scenarios().map(|a| a.len()),
            LessonKind::Ladder => {
                l.ladder_files(ladder_preset_json).and_then(|f| read_arms(&f)).map(|a| a.len())
            }
        };
        assert_eq!(arms.unwrap_or_else(|e| panic!("{e}")), 1 + l.variants.len());
        assert!(!l.variants.is_empty(), "{}: something to compare", l.id);
        assert!(!l.metrics.is_empty());
    }
}

#[test]
fn no_lesson_uses_the_rationing_word_for_norming() {
    // «Нормирование» means rationing; the posts call Tuckman's phase «норминг».
    for l in all() {
        let text = serde_json::to_string(&l).expect("serialises");
        assert!(!text.to_lowercase().contains("нормирован"), "{}", l.id);
    }
}

/// Baseline (A) against one variant (B), on common random numbers.
fn compare(id: &str, variant: usize) -> ComparisonReport {
    let arms = lesson(id).scenarios().expect("valid");
    let a = Scenario::new(arms[0].1.clone()).expect("valid");
    let b = Scenario::new(arms[variant].1.clone()).expect("valid");
    let r = Comparison::new(a, b, RunConfig { trials: TRIALS, seed: 3, ..RunConfig::default() })
        .expect("ok")
        .run();
    // Printed for `--nocapture`, so the measured effects can be quoted beside the lesson.
    eprintln!(
        "{id} arm {variant}: P(plan) {:.4} -> {:.4}, delta {:.4} ± {:.4}",
        r.a.p_plan, r.b.p_plan, r.delta_p_plan, r.delta_p_plan_se_paired
    );
    r
}

fn delta(r: &ComparisonReport) -> (f64, f64) {
    (r.delta_p_plan, r.delta_p_plan_se_paired)
}

#[test]
fn shapes_same_plan_same_odds() {
    // One expected revenue and one budget: the months' wins are alike, whatever the shape.
    for v in 1..=4 {
        let (d, se) = delta(&compare("shapes", v));
        assert!(d.abs() < Z * se, "shape {v} vs trapezoid: {d} ± {se}");
    }
}

fn conversions(r: &Report) -> Vec<(f64, f64)> {
    r.stages
        .iter()
        .map(|s| {
            let c = s.conversion.expect("true conversion");
            let rec = s.recorded_conversion.expect("recorded conversion");
            (c, rec)
        })
        .collect()
}

#[test]
fn no_reverse_the_record_changes_what_is_seen_not_revenue() {
    let r = compare("no-reverse", 1);
    assert_eq!(r.a.p_plan, r.b.p_plan, "same clients, same P(plan)");
    assert_eq!(r.a.revenue.mean, r.b.revenue.mean, "same clients, same revenue");
    assert_eq!((r.delta_revenue.mean, r.delta_revenue.sd), (0.0, 0.0), "trial by trial");
    assert!(r.a.rework_starts.mean > 0.0, "the lesson has rework");
    assert_eq!(r.a.reverse_moves.mean, 0.0, "the rule never records a move back");
    assert!(r.b.reverse_moves.mean > 0.0, "the moving record does");
    for (k, (c, rec)) in conversions(&r.a).into_iter().enumerate() {
        assert!((c - rec).abs() < SAME_CONVERSION, "rule, stage {}: {rec} vs {c}", k + 1);
    }
    let moving = conversions(&r.b);
    let (c1, rec1) = moving[0];
    assert!(rec1 > c1 + SHIFTED_CONVERSION, "moving record flatters stage 1: {rec1} vs {c1}");
    let (ck, reck) = moving[moving.len() - 1];
    assert!(reck < ck, "and makes the last stage look worse: {reck} vs {ck}");
    // The forecast differs between the records; which way is not fixed, so only that it is
    // reported is checked here.
    assert!(r.a.forecast.bias_relative.is_some() && r.b.forecast.bias_relative.is_some());
}

/// Each stage's conversion under the question lever, in closed form from MODEL.md: p · (1 +
/// e·(2·fit − 1)), fit = q in forming and 1 − q in norming, no effect elsewhere.
fn question_conversions(spec: &ScenarioSpec) -> Vec<f64> {
    let l = &spec.levers;
    let e = l.question_effect;
    spec.stages
        .iter()
        .map(|s| {
            let fit = match s.phase {
                Some(Phase::Forming) => Some(l.open_question_share.forming),
                Some(Phase::Norming) => Some(1.0 - l.open_question_share.norming),
                _ => None,
            };
            fit.map_or(s.conversion, |f| (s.conversion * (1.0 + e * (2.0 * f - 1.0))).min(1.0))
        })
        .collect()
}

/// Asking by phase beats the habit by more than 4 paired SE; "open everywhere" ties with the
/// habit only because the gain and the loss are set equal (±e), so the product of the
/// conversions is the same: an identity, which the lesson must call an assumption, not a result.
#[test]
fn questions_by_phase_beat_the_habit_and_the_tie_is_an_identity() {
    let (d, se) = delta(&compare("questions", 2));
    assert!(d > Z * se, "questions by phase raise P(plan): {d} ± {se}");
    let arms = lesson("questions").scenarios().expect("valid");
    let product = |k: usize| question_conversions(&arms[k].1).iter().product::<f64>();
    assert!((product(0) - product(1)).abs() < 1e-15, "{} vs {}", product(0), product(1));
    assert!(product(2) > 1.2 * product(0), "by phase: {} vs {}", product(2), product(0));
    // Engine against the closed form: the same product means the same month.
    let (d, se) = delta(&compare("questions", 1));
    assert!(d.abs() < Z * se, "open everywhere against the habit: {d} ± {se}");
    // The tie is an assumption on the lesson, and the phases belong to one negotiation.
    let l = lesson("questions");
    assert!(l.moral.ru.contains("не вывод") && l.moral.en.contains("not a finding"));
    assert!(l.intro.ru.contains("одних переговоров") && l.intro.en.contains("one negotiation"));
    assert!(
        !l.moral.ru.contains("приходит туда же"),
        "the old moral presented the tie as a result"
    );
    // The by-phase win is the post's premise fed in (reader 1, item 8): in closed form the arm
    // whose questions always fit beats the habit at any positive strength of the effect, so the
    // lesson says so instead of presenting the win as a test of the advice.
    for e in [0.01, 0.05, 0.1, 0.3] {
        let with = |k: usize| {
            let mut spec = arms[k].1.clone();
            spec.levers.question_effect = e;
            question_conversions(&spec).iter().product::<f64>()
        };
        assert!(with(2) > with(0), "by phase wins at e = {e}: {} vs {}", with(2), with(0));
    }
    assert!(l.moral.ru.contains("сам совет, заложенный в модель"), "{}", l.moral.ru);
    assert!(l.moral.en.contains("the advice itself, built into the model"), "{}", l.moral.en);
    assert!(l.moral.ru.contains("при любой положительной силе эффекта"));
    assert!(l.moral.en.contains("at any positive strength of the effect"));
    // That every talk passes through the phases is our reading, not the posts' statement: the
    // post speaks of the stages of a negotiation and points to another article.
    assert!(l.intro.ru.contains("в другой своей статье") && l.intro.en.contains("another article"));
    let text = serde_json::to_string(&l).expect("serialises");
    for old in [
        "любой разговор с клиентом проходит их по очереди",
        "У Такмана это фазы каждого разговора",
        "any talk with a client passes through them in turn",
        "In Tuckman's model these are phases of every talk",
        "раз фазы проходит каждый разговор",
        "since every talk passes through the phases",
    ] {
        assert!(!text.contains(old), "questions: stated as fact: «{old}»");
    }
}

/// Pains found raise P(plan) through the conversion lift; the 20% speed-up alone cannot move it
/// in a steady-state month (the daily outflow is set by inflow and conversions: an identity),
/// and does raise revenue from an empty funnel.
#[test]
fn deadline_pains_raise_the_plan_through_conversion_not_speed() {
    let (d, se) = delta(&compare("deadline", 2));
    assert!(d > Z * se, "pains found in 60% of deals raise P(plan): {d} ± {se}");
    let arms = lesson("deadline").scenarios().expect("valid");
    let faster = &arms[3].1;
    assert!(faster.levers.deadline_speedup > 0.0 && faster.levers.deadline_lift == 0.0);
    assert!(faster.levers.deadline_share > 0.5);
    assert_eq!(steady_wins_per_day(faster), steady_wins_per_day(&arms[0].1), "same outflow");
    let (d, se) = delta(&compare("deadline", 3));
    assert!(d.abs() < Z * se, "only faster, steady month: {d} ± {se}");
    let r = compare_arms_with("deadline", 0, 3, |s| s.initial_pipeline = InitialPipeline::Empty);
    let (d, se) = (r.delta_revenue.mean, r.delta_revenue.se_paired);
    assert!(d > Z * se, "only faster, from an empty funnel: {d} ± {se}");
    // What the post says and no more (reader 1, item 7): its one example of a deadline is the
    // tax report; a pain found makes the client easier to engage (not "no reason to listen");
    // and mistake 4 is waiting for the client's decision, not asking when it comes.
    let l = lesson("deadline");
    let text = serde_json::to_string(&l).expect("serialises");
    for old in [
        "конец сезона",
        "нового требования",
        "end of a season",
        "new requirement",
        "незачем слушать",
        "no reason to listen",
        "когда он решит",
        "when the client will decide",
        "высмеивают",
        "mock",
    ] {
        assert!(!text.contains(old), "deadline: not in the posts: «{old}»");
    }
    assert!(l.intro.ru.contains("налоговую") && l.intro.en.contains("tax report"));
    assert!(l.moral.ru.contains("а не ждать, что он решит"), "{}", l.moral.ru);
    assert!(l.moral.en.contains("rather than waiting for the client to decide"), "{}", l.moral.en);
}

/// Arm `i` (A) against arm `j` (B) of a lesson, on common random numbers; `edit` changes both.
fn compare_arms_with(
    id: &str,
    i: usize,
    j: usize,
    edit: impl Fn(&mut ScenarioSpec),
) -> ComparisonReport {
    let arms = lesson(id).scenarios().expect("valid");
    let build = |k: usize| {
        let mut spec = arms[k].1.clone();
        edit(&mut spec);
        Scenario::new(spec).expect("valid")
    };
    let r = Comparison::new(
        build(i),
        build(j),
        RunConfig { trials: TRIALS, seed: 3, ..RunConfig::default() },
    )
    .expect("ok")
    .run();
    eprintln!(
        "{id} arm {i} -> {j}: P(plan) {:.4} -> {:.4}, delta {:.4} ± {:.4}; revenue {:.0} -> {:.0}, delta {:.0} ± {:.0}",
        r.a.p_plan,
        r.b.p_plan,
        r.delta_p_plan,
        r.delta_p_plan_se_paired,
        r.a.revenue.mean,
        r.b.revenue.mean,
        r.delta_revenue.mean,
        r.delta_revenue.se_paired
    );
    r
}

fn compare_arms(id: &str, i: usize, j: usize) -> ComparisonReport {
    compare_arms_with(id, i, j, |_| {})
}

/// Wins a day of a steady-state month, in closed form from the scenario alone (MODEL.md: the
/// stationary flow out of the last stage), for scenarios whose only lever is the deadline:
/// each inflow times the product of the conversions from its stage on, per kind of deal.
fn steady_wins_per_day(spec: &ScenarioSpec) -> f64 {
    let l = &spec.levers;
    let kinds = [(1.0 - l.deadline_share, 0.0), (l.deadline_share, l.deadline_lift)];
    spec.inflow
        .iter()
        .map(|i| {
            kinds
                .iter()
                .map(|&(share, lift)| {
                    share
                        * spec.stages[i.stage as usize - 1..]
                            .iter()
                            .map(|s| (s.conversion * (1.0 + lift)).min(1.0))
                            .product::<f64>()
                })
                .sum::<f64>()
                * i.per_day
        })
        .sum()
}

fn deals_at_checkpoint(r: &Report) -> f64 {
    r.stages.iter().map(|s| s.checkpoint_count).sum()
}

/// With the same leads the minutes KPI wins, and the whole gap is our per-stage penalty (calls
/// without it are not behind minutes); when the calls KPI turns its freed time into more
/// conversations it wins at a penalty power of 0.1 and loses at 0.3, either side of the closed
/// form's break-even: (1/0.6) · 0.6^(5·dp) = 1 at dp = 0.2.
#[test]
fn minutes_kpi_beats_calls_kpi_only_by_our_penalty() {
    let (d, se) = delta(&compare("minutes", 1));
    assert!(d > Z * se, "a KPI on minutes beats one on calls: {d} ± {se}");
    let (d, se) = delta(&compare("minutes", 3));
    assert!(d > Z * se, "the penalty is the gap: calls without it gain {d} ± {se}");
    let r = compare_arms("minutes", 1, 3);
    assert!(
        r.delta_revenue.mean > -Z * r.delta_revenue.se_paired,
        "calls without the penalty are not behind minutes: {:?}",
        r.delta_revenue
    );
    let arms = lesson("minutes").scenarios().expect("valid");
    let (calls, more) = (&arms[0].1, &arms[2].1);
    let kf = calls.levers.call_kpi_factor;
    assert!((more.inflow[0].per_day * kf - calls.inflow[0].per_day).abs() < 1e-3, "same minutes");
    let k = calls.stages.len() as f64;
    assert!((1.0 / kf * kf.powf(k * 0.2) - 1.0).abs() < 1e-12, "break-even at 0.2");
    let calls_win = compare_arms("minutes", 1, 2);
    let (d, se) = delta(&calls_win);
    assert!(d > Z * se, "more conversations win at power 0.1: {d} ± {se}");
    // The fifth arm is the third with the stronger penalty, shown on the lesson itself.
    let stronger = &arms[4].1;
    assert_eq!(stronger.inflow[0].per_day, more.inflow[0].per_day, "the same new clients");
    assert_eq!((stronger.levers.depth_penalty, more.levers.depth_penalty), (0.3, 0.1));
    let minutes_win = compare_arms("minutes", 1, 4);
    let (d, se) = delta(&minutes_win);
    assert!(d < -Z * se, "and lose at 0.3: {d} ± {se}");
    // The moral's numbers: minutes 56%, calls with new clients 85% at 0.1 and 30% at 0.3.
    for (p, stated) in
        [(calls_win.a.p_plan, 0.56), (calls_win.b.p_plan, 0.85), (minutes_win.b.p_plan, 0.30)]
    {
        let se = (p * (1.0 - p) / TRIALS as f64).sqrt();
        assert!((p - stated).abs() < 0.005 + Z * se, "P(plan) {p} vs the moral's {stated}");
    }
    let l = lesson("minutes");
    assert!(l.moral.ru.contains("Пятый вариант") && l.moral.en.contains("The fifth arm"));
    // The title asks the question instead of answering it (reader 1, item 2: at our default
    // penalty the calls KPI with new clients wins), and the moral names which answer holds
    // under which penalty, as measured above: calls at 0.1, minutes at 0.3, the border at 0.2.
    assert_eq!(
        (l.title.ru.as_str(), l.title.en.as_str()),
        ("Минуты или звонки?", "Minutes or calls?")
    );
    for (ru, en) in [
        (
            "При нашей степени 0,1 (каждый этап ×0,95) выигрывают звонки",
            "At our power of 0.1 (each stage ×0.95) calls win",
        ),
        (
            "степень 0,3 (каждый этап ×0,86), и при ней выигрывают минуты",
            "a power of 0.3 (each stage ×0.86), and there minutes win",
        ),
        ("Граница — степень 0,2", "The boundary is a power of 0.2"),
        ("ближе к степени 0,3, чем к нашей 0,1", "nearer a power of 0.3 than our 0.1"),
    ] {
        assert!(l.moral.ru.contains(ru) && l.moral.en.contains(en), "the moral says {en}");
    }
    assert!(!l.moral.ru.contains("заголовок урока зависит") && !l.moral.en.contains("headline"));
    // Line 197's balance is not restated in its words.
    assert!(
        !l.claim.ru.contains("уравновешивать глубиной")
            && !l.claim.en.contains("balanced against the depth")
    );
    // The post balances the number of clients, not of talks, against depth, and its words for
    // chasing calls are not repeated.
    assert!(l.claim.ru.contains("число клиентов") && l.claim.en.contains("number of clients"));
    assert!(!l.claim.ru.to_lowercase().contains("погон"), "{}", l.claim.ru);
    assert!(!l.claim.en.contains("number of talks"), "{}", l.claim.en);
}

/// The pocket's drop is the lost quarter of leads, not the wait: the third arm (the loss alone,
/// no wait: the same quarter lost at once, the rest at stage 1) meets the plan as often as the
/// pocket in a steady month, an identity of the stationary flow, and both lose against taking
/// all leads on, which is the post's remedy when every lead is worth the same. The wait costs
/// only where the month does not start in its steady state.
#[test]
fn pocket_costs_by_loss_not_by_delay() {
    let pocket_drop = compare("pocket", 1);
    let (d, se) = delta(&pocket_drop);
    assert!(d < -Z * se, "the pocket lowers P(plan): {d} ± {se}");
    let loss_alone = compare("pocket", 2);
    let (d, se) = delta(&loss_alone);
    assert!(d < -Z * se, "losing the same quarter at once lowers it too: {d} ± {se}");
    // The moral's numbers: about 59% for the post's remedy (take all), 28% for the pocket and
    // for the loss alone (59.1 / 27.7 / 28.1% at 10,000 trials), within rounding and sampling.
    for (p, stated) in
        [(pocket_drop.a.p_plan, 0.59), (pocket_drop.b.p_plan, 0.28), (loss_alone.b.p_plan, 0.28)]
    {
        let se = (p * (1.0 - p) / TRIALS as f64).sqrt();
        assert!((p - stated).abs() < 0.005 + Z * se, "P(plan) {p} vs the moral's {stated}");
    }
    let arms = lesson("pocket").scenarios().expect("valid");
    let (take_all, pocket, loss_only) = (&arms[0].1, &arms[1].1, &arms[2].1);
    assert!(
        (steady_wins_per_day(pocket) - steady_wins_per_day(loss_only)).abs() < 1e-12,
        "the same flow reaches stage 1 with and without the wait"
    );
    assert!(steady_wins_per_day(loss_only) < 0.8 * steady_wins_per_day(take_all));
    let r = compare_arms("pocket", 2, 1);
    let (d, se) = delta(&r);
    assert!(d.abs() < Z * se, "the wait alone, in a steady month: {d} ± {se}");
    assert!(
        deals_at_checkpoint(&r.b) > deals_at_checkpoint(&compare("pocket", 1).a),
        "the pocket makes the funnel look fuller than taking all"
    );
    assert!(r.b.revenue.mean > 0.5 * r.a.revenue.mean, "the pocket does bring revenue");
    // From an empty funnel the week's wait does cost: the same quarter lost, later starts.
    let r = compare_arms_with("pocket", 2, 1, |s| s.initial_pipeline = InitialPipeline::Empty);
    let (d, se) = (r.delta_revenue.mean, r.delta_revenue.se_paired);
    assert!(d < -Z * se, "the wait from an empty funnel: {d} ± {se}");
    let l = lesson("pocket");
    let moral = &l.moral;
    assert!(!moral.ru.contains("не приносит выручки") && !moral.en.contains("brings no revenue"));
    for (ru, en) in [("59%", "59%"), ("28%", "28%")] {
        assert!(moral.ru.contains(ru) && moral.en.contains(en), "the moral quotes {en}");
    }
    // The third arm is the loss alone, not the post's remedy (reader 1, item 1): the remedy is
    // to decide at once, which with leads of equal worth is the first arm; the pocket costs
    // what it loses, and the 25% going stale is ours (our picture of "no task, no focus").
    let third = &l.variants[1].label;
    assert!(third.ru.starts_with("Только потеря, без ожидания"), "{}", third.ru);
    assert!(third.en.starts_with("The loss alone, no wait"), "{}", third.en);
    assert!(
        l.baseline.label.ru.starts_with("Совет поста: решить сразу"),
        "{}",
        l.baseline.label.ru
    );
    assert!(
        l.baseline.label.en.starts_with("The post's remedy: decide at once"),
        "{}",
        l.baseline.label.en
    );
    let text = serde_json::to_string(&l).expect("serialises");
    for old in [
        "четверть отклонить",
        "Третий делает, как советует пост",
        "как советует пост, сразу отказался",
        "decline a quarter",
        "The third does what the post advises",
        "as the post advises, declined",
    ] {
        assert!(!text.contains(old), "pocket: the remedy is not the decline arm: «{old}»");
    }
    for (ru, en) in [
        (
            "Совет поста — решить сразу — здесь и есть первый вариант",
            "The post's remedy — decide at once — is the first arm",
        ),
        ("Карман стоит ровно столько, сколько теряет", "The pocket costs exactly what it loses"),
        ("лиды различались ценностью", "Were leads to differ in worth"),
    ] {
        assert!(moral.ru.contains(ru) && moral.en.contains(en), "the moral says {en}");
    }
    let stale = &l.assumptions[1];
    assert!(
        stale.ru.contains("25%")
            && stale.ru.contains("фокус")
            && stale.ru.contains("наши допущения")
    );
    assert!(
        stale.en.contains("25%")
            && stale.en.contains("focus")
            && stale.en.contains("our assumptions")
    );
    let remedy = &l.assumptions[2];
    assert!(remedy.ru.contains("первый вариант") && remedy.en.contains("the first arm"));
    assert!(remedy.en.contains("only add to the remedy if leads differed in worth"));
    // What the model cannot show, said plainly: the post's reason (focus) and the remedy's
    // benefit (weeding out weak leads) need leads that differ, and the mid-funnel pockets the post
    // names first are not modelled.
    for (ru, en) in [
        ("все лиды у нас одинаковы", "all our leads are alike"),
        ("фокуса", "focus"),
        ("отсеять слабые лиды", "weeding out weak leads"),
        ("«Думают»", "not modelled"),
    ] {
        assert!(moral.ru.contains(ru) && moral.en.contains(en), "the moral says {en}");
    }
    // The list of line 967 and its "first stage that has a goal" are not copied.
    for close in ["у которого есть цель", "визитки с выставки", "базы для обзвона"]
    {
        assert!(!l.claim.ru.contains(close), "pocket claim: «{close}»");
    }
    assert!(!l.claim.en.contains("business cards from a fair"));
}

fn curve_point(r: &Report, tolerance: f64) -> (Option<f64>, Option<f64>, Option<f64>) {
    let p = r
        .forecast
        .warn_shape_curve
        .iter()
        .find(|p| p.basis == CheckBasis::Both && p.tolerance == tolerance)
        .unwrap_or_else(|| panic!("the curve has the two-number check at tolerance {tolerance}"));
    (p.rate, p.precision, p.recall)
}

#[test]
fn mid_month_check_fires_less_as_the_tolerance_grows() {
    let r = compare("mid-month", 1);
    for rep in [&r.a, &r.b] {
        let rates: Vec<f64> = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5]
            .iter()
            .map(|&t| curve_point(rep, t).0.expect("checked"))
            .collect();
        assert!(rates.windows(2).all(|w| w[0] >= w[1]), "rate falls with tolerance: {rates:?}");
    }
    assert!(r.b.p_plan < r.a.p_plan, "fewer leads, same plan: a harder month");
}

/// What the lesson's moral says, measured: at tolerance 0 the two-number check fires in nearly
/// every month and its precision is the share of missed months, at the default volume and at
/// ten times it; the forecast warning is far more precise.
#[test]
fn mid_month_check_as_stated_is_an_alarm_that_always_rings() {
    for variant in [0, 2] {
        let arms = lesson("mid-month").scenarios().expect("valid");
        let s = Scenario::new(arms[variant].1.clone()).expect("valid");
        let r =
            funnel_lab::sim::run(&s, RunConfig { trials: 10_000, seed: 5, ..RunConfig::default() })
                .expect("runs");
        let n = r.trials as f64;
        let check = r.forecast.warn_shape;
        let (precision, rate) = (check.precision.expect("warned"), check.rate.expect("checked"));
        assert_eq!(r.forecast.shape_tolerance, 0.0, "the posts' any downward deviation");
        assert!(rate > 0.85, "arm {variant}: fires in {rate} of months");
        let miss = 1.0 - r.p_plan;
        let se = (miss * (1.0 - miss) / (n * rate)).sqrt();
        assert!(precision - miss < CHECK_LIFT + Z * se, "arm {variant}: {precision} vs {miss}");
        let forecast = r.forecast.warn_forecast.precision.expect("warned");
        let warned = n * r.forecast.warn_forecast.rate.expect("trials");
        let se = (forecast * (1.0 - forecast) / warned).sqrt()
            + (precision * (1.0 - precision) / (n * rate)).sqrt();
        assert!(
            forecast - precision > Z * se,
            "arm {variant}: forecast {forecast} vs check {precision}"
        );
        // The shown curve's tolerance-0 "both" point is the scenario's own check.
        assert_eq!(curve_point(&r, 0.0), (check.rate, check.precision, check.recall));
    }
}

#[test]
fn budget_from_the_first_stage_lets_the_check_and_forecast_see_more() {
    let r = compare("budget-first-stage", 1);
    assert_eq!((r.delta_revenue.mean, r.delta_revenue.sd), (0.0, 0.0), "the record only");
    let (_, _, early) = curve_point(&r.a, 0.0);
    let (_, _, late) = curve_point(&r.b, 0.0);
    let (early, late) = (early.expect("misses"), late.expect("misses"));
    // Budget from stage 1 adds checks to the ones the late record has, so recall cannot fall.
    assert!(early > late, "recall at tolerance 0: from stage 1 {early}, from stage 4 {late}");
    let bias = |r: &Report| r.forecast.bias_relative.expect("revenue");
    assert!(bias(&r.b) < bias(&r.a), "without early budgets the forecast runs lower");
    // The numbers the moral quotes: the forecast short by 29% against 2%, and the share of its
    // warnings that prove right, 81% against 53% (rounding plus sampling error).
    assert!((bias(&r.b) + 0.29).abs() < 0.01, "late bias {}", bias(&r.b));
    assert!((bias(&r.a) + 0.02).abs() < 0.01, "early bias {}", bias(&r.a));
    for (rep, stated) in [(&r.a, 0.81), (&r.b, 0.53)] {
        let w = rep.forecast.warn_forecast;
        let (p, rate) = (w.precision.expect("warned"), w.rate.expect("trials"));
        let se = (p * (1.0 - p) / (TRIALS as f64 * rate)).sqrt();
        assert!((p - stated).abs() < 0.005 + Z * se, "precision {p} vs the moral's {stated}");
    }
    let l = lesson("budget-first-stage");
    for (ru, en) in [
        ("на 29%", "by 29%"),
        ("на 2%", "by 2%"),
        ("53% вместо 81%", "53% prove right instead of 81%"),
    ] {
        assert!(l.moral.ru.contains(ru) && l.moral.en.contains(en), "the moral quotes {en}");
    }
    // Named for what it tests, and it says the posts' own point is not tested.
    assert!(l.title.en.contains("mid-month") && l.intro.en.contains("not what this lesson tests"));
}

/// One decision stage across lessons: every arm that marks one marks "Signing the contract",
/// and the budget lesson marks it (not the default second-to-last stage).
#[test]
fn one_decision_stage_across_lessons() {
    let mut marked = Vec::new();
    for l in all() {
        for (_, spec) in l.scenarios().unwrap_or_default() {
            if let Some(s) = spec.stages.iter().find(|s| s.decision) {
                marked.push((l.id.clone(), s.name.clone()));
            }
        }
    }
    assert!(marked.iter().any(|(id, _)| id == "budget-first-stage"), "{marked:?}");
    assert!(marked.iter().any(|(id, _)| id == "secondary-contacts"), "{marked:?}");
    assert!(marked.iter().all(|(_, name)| name == "Подписываю договор"), "{marked:?}");
}

/// With the same leads, working all three contacts wins, nearly all of it by the vetoes avoided:
/// the slowdown from short minutes costs under half of that (speed alone is free in a
/// steady month). When the minutes saved buy three times the leads, the main contact only wins,
/// as the closed form says: 3 · (1 − v)² > 1 for v below 1 − 1/√3 ≈ 0.42; at v = 0.5 it loses.
#[test]
fn secondary_contacts_pay_off_only_when_the_time_saved_buys_nothing() {
    let gain = compare("secondary-contacts", 1);
    let (d, se) = delta(&gain);
    assert!(d > Z * se, "working all three contacts raises P(plan): {d} ± {se}");
    let slow = compare_arms("secondary-contacts", 3, 1);
    let (ds, ses) = delta(&slow);
    assert!(ds <= 0.0 || ds.abs() < Z * ses, "short minutes cannot help: {ds} ± {ses}");
    assert!(ds.abs() + Z * ses < d / 2.0, "slowdown {ds} ± {ses} against the vetoes {d}");
    let arms = lesson("secondary-contacts").scenarios().expect("valid");
    let (main, all3, more) = (&arms[0].1, &arms[1].1, &arms[2].1);
    let n = main.levers.contacts_per_deal as f64;
    let w = main.levers.contacts_worked as f64;
    assert_eq!(
        (w, all3.levers.contacts_worked as f64, more.levers.contacts_worked as f64),
        (1.0, n, 1.0)
    );
    let k = n / w;
    assert!((more.inflow[0].per_day - k * main.inflow[0].per_day).abs() < 1e-9, "same minutes");
    let v = main.levers.veto_per_contact;
    let break_even = 1.0 - (1.0 / k).powf(1.0 / (n - w));
    assert!((break_even - 0.4226).abs() < 1e-4 && v < break_even, "{break_even}");
    assert!((k * (1.0 - break_even).powf(n - w) - 1.0).abs() < 1e-12);
    let (d, se) = delta(&compare_arms("secondary-contacts", 1, 2));
    assert!(d > Z * se, "the time saved spent on new clients wins: {d} ± {se}");
    let (d, se) =
        delta(&compare_arms_with("secondary-contacts", 1, 2, |s| s.levers.veto_per_contact = 0.5));
    assert!(d < -Z * se, "and loses above the break-even: {d} ± {se}");
    // The reveal's numbers, the identity and the break-even are in the moral; the post's
    // sentence about saving time is not copied.
    let l = lesson("secondary-contacts");
    for (ru, en) in [
        ("56%", "56%"),
        ("35%", "35%"),
        ("59%", "59%"),
        ("100%", "100%"),
        ("42%", "42%"),
        ("установившегося месяца", "steady-state month"),
    ] {
        assert!(l.moral.ru.contains(ru) && l.moral.en.contains(en), "the moral quotes {en}");
    }
    assert!(!l.claim.ru.contains("может обойтись потерей сделки"), "{}", l.claim.ru);
    assert!(!l.claim.en.contains("Time saved on the secondary people can cost"));
    // The third arm reverses duty 8 at a veto we chose (reader 1, item 3): the intro names the
    // veto as ours, and the moral, after the vote, says what follows from it, with the
    // break-even (reader 2, item 2); and line 158's roles and decision scheme are in our own
    // words (reader 1, item 11).
    assert!(l.intro.ru.contains("в 10% случаев — это число выбрали мы"), "{}", l.intro.ru);
    assert!(l.intro.en.contains("10% of the time — our choice of number"), "{}", l.intro.en);
    for (ru, en) in [
        ("против обязанности 8", "goes against duty 8"),
        ("следствие наших чисел, а не поста", "follows from our numbers, not from the post"),
        ("чаще чем в 42% случаев", "more often than 42% of the time"),
    ] {
        assert!(l.moral.ru.contains(ru) && l.moral.en.contains(en), "the moral says: {en}");
        assert!(!l.intro.ru.contains(ru) && !l.intro.en.contains(en), "not before the vote");
    }
    assert!(!l.claim.ru.contains("роли контактных лиц и схему принятия решения"));
    assert!(!l.claim.en.contains("the contacts' roles and how the decision is made"));
}

/// The ladder reading of each arm of a ladder lesson: exact, and a simulated month.
fn ladders(id: &str) -> Vec<(LadderReport, PeriodRevenue, LadderSpec)> {
    ladder_arms(&lesson(id))
        .into_iter()
        .map(|(_, spec)| {
            let l = Ladder::new(spec.clone()).expect("valid");
            (ladder(&l), period_revenue(&l, TRIALS, 3), spec)
        })
        .collect()
}

/// The index of the rung whose English name starts with `name`.
fn rung(spec: &LadderSpec, name: &str) -> usize {
    spec.rungs
        .iter()
        .position(|r| r.name_en.as_deref().is_some_and(|n| n.starts_with(name)))
        .unwrap_or_else(|| panic!("rung {name}"))
}

#[test]
fn tripwire_moral_matches_its_numbers() {
    let l = ladders("tripwire");
    let ((with, pw, spec), (without, pn, _)) = (&l[0], &l[1]);
    // "3,815 RUB per lead against 2,577", "157 RUB per lead" from the tripwire itself, the climb
    // "12.1 working days against 9.9".
    assert!((with.revenue_per_lead - 3_815.0).abs() < 0.5, "{}", with.revenue_per_lead);
    assert!((without.revenue_per_lead - 2_577.0).abs() < 0.5, "{}", without.revenue_per_lead);
    let trip = rung(spec, "Tripwire");
    assert!((with.rungs[trip].revenue_per_lead - 157.0).abs() < 0.5);
    assert!(
        (with.to_flagship.mean - 12.1).abs() < 0.05
            && (without.to_flagship.mean - 9.9).abs() < 0.05
    );
    // The break-even "4.74%" of magnet users straight to the session, against the 1.5% assumed
    // and the 6% × 40% = 2.4% who reach it through the tripwire.
    let arms = ladder_arms(&lesson("tripwire"));
    let x = break_even_share(&arms[0].1, &arms[1].1, 0, 1).expect("exists");
    assert!((x - 0.0474).abs() < 0.00005, "{x}");
    let m = lesson("tripwire").moral;
    assert!(m.ru.contains("4,74%") && m.en.contains("4.74%"));
    // "About 47% of months against 8%", a difference far beyond the sampling error (the two
    // months are independent, so the standard errors add in quadrature).
    assert!(
        (pw.p_plan - 0.47).abs() < 0.03 && (pn.p_plan - 0.08).abs() < 0.02,
        "{} {}",
        pw.p_plan,
        pn.p_plan
    );
    let se = (pw.p_plan_se.powi(2) + pn.p_plan_se.powi(2)).sqrt();
    assert!(pw.p_plan - pn.p_plan > Z * se);
    // "Without them the plan would be met in only 6% and 0% of months."
    assert!((pw.p_plan_without_top - 0.06).abs() < 0.02 && pn.p_plan_without_top < 0.005);
}

#[test]
fn the_tripwire_leads_into_the_flagship_past_the_mid_ticket() {
    // The post's ladder, not a chain: the tripwire leads into the flagship through the selling
    // session, so paths tripwire → session → flagship (no mid-ticket) carry a large part of the
    // flagship's buyers and revenue; and every rung is an entry point. A strict chain (the
    // flagship only through the mid-ticket, one entry) fails both.
    let l = ladders("tripwire");
    let (with, _, spec) = &l[0];
    let (trip, session, mid) =
        (rung(spec, "Tripwire"), rung(spec, "Selling session"), rung(spec, "Mid-ticket"));
    let f = with.flagship;
    let skip: f64 = with
        .to_flagship
        .paths
        .iter()
        .filter(|p| p.rungs.windows(3).any(|w| w == [trip, session, f]) && !p.rungs.contains(&mid))
        .map(|p| p.share)
        .sum();
    assert!(skip > 0.3, "tripwire → session → flagship carries {skip} of flagship buyers");
    let revenue = skip * with.rungs[f].revenue_per_lead;
    assert!(revenue > 500.0, "{revenue} RUB per lead of flagship revenue on that way");
    assert!(spec.rungs.iter().all(|r| r.entry_share > 0.0), "every rung an entry point");
    let direct: f64 =
        with.to_flagship.paths.iter().filter(|p| p.rungs == [f]).map(|p| p.share).sum();
    assert!(direct > 0.05, "{direct}");
}

#[test]
fn lead_magnet_moral_matches_its_numbers() {
    let l = ladders("lead-magnet");
    let ((short, ps, spec), (long, pl, _)) = (&l[0], &l[1]);
    // "From 3,815 to 2,976 RUB, by 22%", although the moves out of the magnet became 2.4 times
    // rarer: with one entry at the magnet revenue would fall by that whole factor (to 42%).
    assert!(
        (short.revenue_per_lead - 3_815.0).abs() < 0.5
            && (long.revenue_per_lead - 2_976.0).abs() < 0.5
    );
    let ratio = long.revenue_per_lead / short.revenue_per_lead;
    assert!((ratio - 0.78).abs() < 0.005, "{ratio}");
    let rarer = spec.rungs[0].next[0].share
        / ladder_arms(&lesson("lead-magnet"))[1].1.rungs[0].next[0].share;
    assert!((rarer - 2.4).abs() < 1e-9 && ratio > 1.5 / rarer, "{rarer}");
    // "12.0 days against 12.1": those through the magnet climb 4 days longer on every path.
    assert!(
        (long.to_flagship.mean - 12.0).abs() < 0.05 && (short.to_flagship.mean - 12.1).abs() < 0.05
    );
    for p in long.to_flagship.paths.iter().filter(|p| p.rungs[0] == 0) {
        let q = short.to_flagship.paths.iter().find(|q| q.rungs == p.rungs).expect("same path");
        assert!((p.mean_days - q.mean_days - 4.0).abs() < 1e-9);
    }
    // "About 17% of months instead of 47%."
    assert!((pl.p_plan - 0.17).abs() < 0.02 && (ps.p_plan - 0.47).abs() < 0.03);
    let se = (ps.p_plan_se.powi(2) + pl.p_plan_se.powi(2)).sqrt();
    assert!(ps.p_plan - pl.p_plan > Z * se);
}

/// Every text file under `dir` (recursively) with one of the extensions, read from the crate.
fn texts(dir: &str, exts: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut stack = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("readable dir").flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else if exts.iter().any(|x| path.extension().is_some_and(|p| p == *x)) {
                let text = std::fs::read_to_string(&path).expect("text");
                out.push((path.display().to_string(), text));
            }
        }
    }
    out
}

/// The posts' own words where they have them (issue 19, item 10), and none of the calques.
#[test]
fn wording_follows_the_posts() {
    let files: Vec<_> = [
        texts("assets/lessons", &["json"]),
        texts("assets/scenarios", &["json"]),
        texts("assets", &["json"])
            .into_iter()
            .filter(|(p, _)| p.ends_with("concepts.json"))
            .collect(),
        texts("src", &["rs"]),
    ]
    .concat();
    assert!(files.len() > 20, "found the sources");
    for (path, text) in &files {
        let low = text.to_lowercase();
        for bad in [
            "заднего хода",
            "передаю в производство",
            "без готового ответа",
            "посты приводят",
            "математика воронки",
            "математики воронки",
            "математикой воронки",
            "математику воронки",
        ] {
            assert!(!low.contains(bad), "{path}: «{bad}»");
        }
    }
    let default =
        files.iter().find(|(p, _)| p.ends_with("scenarios/default.json")).expect("preset");
    assert!(default.1.contains("Передаю в работу"), "stage 5 as in the post's example");
    let concepts = files.iter().find(|(p, _)| p.ends_with("concepts.json")).expect("concepts");
    let concepts: serde_json::Value = serde_json::from_str(&concepts.1).expect("json");
    let concept = |id: &str| {
        concepts
            .as_array()
            .expect("a list")
            .iter()
            .find(|c| c["id"] == id)
            .unwrap_or_else(|| panic!("concept {id}"))
            .to_string()
    };
    assert!(concept("duty-10").contains("Обратная связь"), "duty 10 keeps «обратная связь»");
    assert!(concept("duty-4").contains("открытые вопросы"));
    // The ninety-minute magnet is a video course, not a checklist.
    let magnet = lesson("lead-magnet");
    let arm = &magnet.variants[0].label.ru;
    assert!(!arm.contains("чек-лист") && arm.to_lowercase().contains("видеокурс"), "{arm}");
    // One post, one author; and the two claims that followed the posts too closely.
    assert!(lesson("minutes").claim.ru.contains("Автор приводит"));
    for (id, close) in [
        ("minutes", "баланс между числом клиентов и глубиной проработки"),
        ("shapes", "сколько сделок и на какой бюджет должно быть"),
    ] {
        assert!(!lesson(id).claim.ru.contains(close), "{id}: «{close}»");
    }
}

/// The lessons a fresh reader checked against the posts (01–06, 08, 09).
const READ_AGAINST_THE_POSTS: [&str; 8] = [
    "shapes",
    "no-reverse",
    "questions",
    "deadline",
    "minutes",
    "pocket",
    "budget-first-stage",
    "secondary-contacts",
];

/// The sentences a fresh reader found too close to the posts are in our own words (issue 19:
/// seed lines 89, 118, 142, 158, 168 and duty 4's order), identities of our set-up are labelled
/// as ours, and the English says "the funnel's forecast", not "funnel math".
#[test]
fn near_copies_are_rewritten_and_identities_labelled() {
    for id in READ_AGAINST_THE_POSTS {
        let text = serde_json::to_string(&lesson(id)).expect("serialises");
        assert!(!text.to_lowercase().contains("funnel math"), "{id}: «funnel math»");
    }
    // 01: line 89 opened the claim; the tie of the odds is an identity of our calibration.
    let l = lesson("shapes");
    assert!(!l.claim.ru.contains("своя конверсия") && !l.claim.ru.starts_with("У каждого"));
    assert!(!l.claim.en.starts_with("Each manager has their own stage conversions"));
    assert!(l.moral.ru.starts_with("В нашей калибровке"), "{}", l.moral.ru);
    assert!(l.moral.en.starts_with("In our calibration"), "{}", l.moral.en);
    assert!(!l.moral.ru.contains("Шансы на план задают") && !l.moral.en.contains("are set by"));
    // 02: line 118's last sentence.
    let l = lesson("no-reverse");
    assert!(!l.claim.ru.contains("превращается в список") && !l.claim.en.contains("turns into"));
    assert!(l.moral.en.contains("the funnel's forecast knows nothing"));
    // 03: the claim no longer walks the post sentence by sentence (closed, open, by phase).
    let l = lesson("questions");
    assert!(!l.claim.ru.starts_with("Закрытые вопросы — то, к чему человек склонен"));
    assert!(!l.claim.en.starts_with("Closed questions are what people lean to"));
    assert!(l.claim.ru.contains("Такман") && l.claim.ru.contains("форминг"));
    // 04: line 142's definition is not the title or the claim.
    let l = lesson("deadline");
    for t in [&l.title.ru, &l.claim.ru] {
        assert!(!t.contains("потребность с дедлайном") && !t.contains("потребность, у которой"));
    }
    for t in [&l.title.en, &l.claim.en] {
        assert!(!t.contains("need with a deadline") && !t.contains("need that has a deadline"));
    }
    // 08: line 168's sentence; the 29% is said to be near an identity of the record.
    let l = lesson("budget-first-stage");
    assert!(!l.claim.ru.contains("Ранний бюджет сильно зависит от клиента"));
    assert!(!l.claim.en.contains("The early budget depends heavily on the client"));
    assert!(l.moral.ru.contains("почти тождество") && l.moral.en.contains("close to an identity"));
}

/// Where `text` cites a line of the seed file: «строка 963», «строки 106–110», "line 108",
/// "lines 106–110" (a word of its own, then a space and a digit).
fn seed_line_citations(text: &str) -> Vec<String> {
    let low = text.to_lowercase();
    let mut found = Vec::new();
    for word in ["строк", "line"] {
        for (i, _) in low.match_indices(word) {
            if low[..i].chars().next_back().is_some_and(char::is_alphanumeric) {
                continue;
            }
            let word: String = low[i..].chars().take_while(|c| c.is_alphabetic()).collect();
            let rest = &low[i + word.len()..];
            if rest.starts_with(' ') && rest[1..].starts_with(|c: char| c.is_ascii_digit()) {
                let number: String = rest[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_digit() || *c == '–' || *c == '-')
                    .collect();
                found.push(format!("{word} {number}"));
            }
        }
    }
    found
}

/// The app does not ship the seed file, so no lesson shows its line numbers (reader 1, item 6):
/// posts are cited by title and item, and quoted exactly where quoted.
#[test]
fn no_lesson_cites_seed_line_numbers() {
    assert_eq!(seed_line_citations("строка 963; Lines 106–110"), ["строка 963", "lines 106–110"]);
    assert!(seed_line_citations("pipeline 3, a line of ticks, строки сделки").is_empty());
    for l in all() {
        let text = serde_json::to_string(&l).expect("serialises");
        assert_eq!(seed_line_citations(&text), Vec::<String>::new(), "{}", l.id);
    }
}

/// 01 and 02 (reader 1, item 10): the measure by the manager's own past moves is cited from the
/// second post; the shapes' claim no longer says conversions alone set the shape (the barrel and
/// the skirt take theirs from where deals enter and from stage days); and the checkpoint day the
/// question asks about is on the assumptions.
#[test]
fn shapes_cite_the_measure_and_both_lessons_state_the_checkpoint() {
    let l = lesson("shapes");
    assert!(l
        .source
        .ru
        .contains("«Воронка продаж — опыт и ошибки…», раздел «Индивидуальная форма воронки»"));
    assert!(l.source.en.contains("section \"The individual funnel shape\""));
    assert!(!l.claim.ru.contains("задают её его собственные конверсии"), "{}", l.claim.ru);
    assert!(!l.claim.en.contains("that manager's own conversions set it"), "{}", l.claim.en);
    assert!(l.claim.ru.contains("вход в середину и в низ воронки и долгие сроки там"));
    assert!(l.claim.en.contains("entries into the middle and the bottom and long stays there"));
    // The claim's reading of the presets is theirs: the barrel's and the skirt's inflow enters
    // below stage 1, and their stays are longest there.
    let arms = l.scenarios().expect("valid");
    for (k, name, entry) in [(2, "barrel", 2), (3, "skirt", 3)] {
        let spec = &arms[k].1;
        assert!(spec.inflow.iter().any(|i| i.stage as usize == entry), "{name}: enters at {entry}");
        let days: Vec<f64> = spec.stages.iter().map(|s| s.mean_days).collect();
        let longest = days.iter().cloned().fold(0.0, f64::max);
        assert!(days[entry - 1..].contains(&longest) && days[0] < longest, "{name}: {days:?}");
    }
    for id in ["shapes", "no-reverse"] {
        let l = lesson(id);
        let a = &l.assumptions;
        assert!(a.iter().any(|a| a.ru.contains("конец 10-го из 21 рабочего дня")), "{id}");
        assert!(a.iter().any(|a| a.en.contains("the end of working day 10 of 21")), "{id}");
        for (_, spec) in l.scenarios().expect("valid") {
            assert_eq!((spec.checkpoint_day, spec.horizon_days), (Some(10), 21), "{id}");
        }
    }
}

/// 02 (reader 1, items 4 and 11): the deals in rework sit a stage above their work under the
/// rule, not the moving record, and the moral says so; the rule's reason is the posts' (the
/// stage proves the earlier conditions; otherwise a list of ticks), not our definition of the
/// record; requirement 5 is not restated in its words.
#[test]
fn no_reverse_names_its_record_and_gives_the_posts_reason() {
    let l = lesson("no-reverse");
    let m = &l.moral;
    assert!(m.ru.contains("По правилу сделка на доработке остаётся на своём этапе"));
    assert!(m.en.contains("Under the rule a deal in rework stays at its stage"));
    assert!(m.ru.contains("на этап выше той работы") && m.en.contains("one stage above the work"));
    assert!(!m.ru.contains("числятся на этап выше, чем на самом деле"), "{}", m.ru);
    assert!(!m.ru.contains("ради этого правило и нужно") && !m.en.contains("what the rule is for"));
    assert!(m.ru.contains("инструмент анализа") && m.en.contains("a tool for analysis"));
    assert!(m.ru.contains("перечень отметок") && m.en.contains("a list of ticks"));
    assert!(m.ru.contains("следствие того, как мы определили запись"));
    assert!(m.en.contains("a consequence of how we defined the record"));
    assert!(!l.claim.ru.contains("условия всех этапов до него выполнены"), "{}", l.claim.ru);
    assert!(!l.claim.en.contains("every stage before it has its condition met"));
    // What the moral says of the rule's record, measured: with rework, the rule records more
    // deals at the later stages at mid-month than the moving record does (the deals in rework
    // stay there), and fewer at the first.
    let r = compare("no-reverse", 1);
    let (rule, moving) = (&r.a.stages, &r.b.stages);
    let later = |s: &[funnel_lab::sim::report::StageReport]| {
        s[1..].iter().map(|x| x.checkpoint_count).sum::<f64>()
    };
    assert!(later(rule) > later(moving), "{} vs {}", later(rule), later(moving));
    assert!(rule[0].checkpoint_count < moving[0].checkpoint_count);
}

/// 07 (reader 1, item 5): the verdicts are as strong as the test: the forecast's skill is an
/// upper bound partly built in, the post's plain reading of the second claim holds by
/// definition and ours is ours, the literal check's firing is nearly built in (tolerance 0 over
/// ten numbers, the measure at about 0.9 of the mean); the shape comes from the manager's own
/// moves in the post, scaled to the plan by us.
#[test]
fn mid_month_verdicts_match_what_was_tested() {
    let l = lesson("mid-month");
    let m = &l.moral;
    for old in ["подтверждается", "Line 108 holds", "line 110 barely holds"] {
        assert!(!m.ru.contains(old) && !m.en.contains(old), "mid-month: «{old}»");
    }
    for (ru, en) in [
        (
            "во многом потому, что так устроен сам расчёт",
            "largely because of how the calculation is built",
        ),
        ("верхняя граница", "upper bound"),
        ("выполняется по определению", "holds by definition"),
        ("своё прочтение", "a stricter reading of our own"),
        ("почти заложено в её постановку", "nearly built into how it is set"),
        ("примерно на 0,9 среднего", "about 0.9 of the mean"),
        ("3,13 млн ₽", "3.13 M RUB"),
    ] {
        assert!(m.ru.contains(ru) && m.en.contains(en), "the moral says {en}");
    }
    assert!(l.intro.ru.contains("по определению") && l.intro.en.contains("by definition"));
    assert!(!l.intro.en.contains("funnel-math"), "{}", l.intro.en);
    assert!(
        !l.claim.ru.contains("выведенной из плана")
            && !l.claim.en.contains("derived from the plan")
    );
    assert!(l.claim.ru.contains("из его собственной статистики переходов"));
    assert!(l.claim.en.contains("from the manager's own record of moves"));
    assert!(l.assumptions.iter().any(|a| a.en.contains("The scaling to the plan is our way")));
    // The numbers of the label: the plan shape is the shape × plan / R*, R* = 3.13 M, so the
    // measure sits at about 0.9 of the mean count at every stage, and the lower stages hold a
    // handful of deals.
    let arms = l.scenarios().expect("valid");
    let s = Scenario::new(arms[0].1.clone()).expect("valid");
    let r = funnel_lab::sim::run(&s, RunConfig { trials: TRIALS, seed: 3, ..RunConfig::default() })
        .expect("runs");
    let scale = r.stages[0].plan_shape_count / r.stages[0].shape_count;
    for st in &r.stages {
        assert!((st.plan_shape_count / st.shape_count - scale).abs() < 1e-9, "one scale");
    }
    let stationary = r.plan / scale;
    assert!((stationary / 1e4).round() == 313.0 && (scale * 10.0).round() == 9.0, "{stationary}");
    let se = r.revenue.sd / (TRIALS as f64).sqrt();
    assert!((r.revenue.mean - stationary).abs() < Z * se, "{} vs {stationary}", r.revenue.mean);
    assert!(r.stages[3..].iter().all(|st| st.shape_count < 3.0), "a handful at the lower stages");
}

/// 08 (reader 1, the budget note): the fall in the forecast's precision is said to follow from
/// the same near-identity as its −29%; measured: the late record warns in more months.
#[test]
fn budget_precision_follows_from_the_shortfall() {
    let l = lesson("budget-first-stage");
    assert!(l.moral.ru.contains("следствие того же занижения, тоже почти тождество"));
    assert!(l.moral.en.contains("follows from the same shortfall and is close to an identity too"));
    let r = compare("budget-first-stage", 1);
    let rate = |rep: &Report| rep.forecast.warn_forecast.rate.expect("trials");
    let (early, late) = (rate(&r.a), rate(&r.b));
    let se = ((early * (1.0 - early) + late * (1.0 - late)) / TRIALS as f64).sqrt();
    assert!(late - early > Z * se, "the short forecast warns more: {late} vs {early}");
}

/// 10 and 11 (reader 1, items 9 and 11): the ladder's first assumption says what the post says
/// (a selling lesson or a one-to-one session; VIP for those who were in other products) and
/// marks what is ours; the claims are in our own words.
#[test]
fn ladder_lessons_say_what_the_post_says() {
    for id in ["tripwire", "lead-magnet"] {
        let a = &lesson(id).assumptions[0];
        assert!(a.ru.contains("продающий урок или личную сессию"), "{id}: {}", a.ru);
        assert!(a.en.contains("a selling lesson or a one-to-one session"), "{id}: {}", a.en);
        assert!(
            a.ru.contains("бесплатность — наше допущение")
                && a.en.contains("free is our assumption")
        );
        assert!(
            a.ru.contains("уже побывавшим в других продуктах") && a.ru.contains("наше упрощение")
        );
        assert!(
            a.en.contains("already been in other products") && a.en.contains("our simplification")
        );
        for old in ["как в посте", "бесплатную продающую сессию", "VIP покупают после флагмана"]
        {
            assert!(!a.ru.contains(old), "{id}: «{old}»");
        }
        for old in ["as in the post", "a free selling session", "VIP is bought after the flagship"]
        {
            assert!(!a.en.contains(old), "{id}: «{old}»");
        }
    }
    let claim = lesson("tripwire").claim;
    for old in ["подтверждает ценность", "помогает окупить рекламу"]
    {
        assert!(!claim.ru.contains(old), "tripwire claim: «{old}»");
    }
    assert!(!claim.en.contains("proves the value") && !claim.en.contains("helps the ads pay"));
    let l = lesson("lead-magnet");
    assert!(
        !l.claim.ru.contains("маленькую острую проблему")
            && !l.claim.ru.contains("маленькую, но острую")
    );
    assert!(!l.claim.en.contains("small, sharp problem"), "{}", l.claim.en);
    // Where the source repeats the post's words, they are quoted.
    assert!(l.source.ru.contains("«быть быстрым в потреблении (до 10 минут)»"));
    assert!(l.source.ru.contains("«один фокус, один результат»"));
}

/// 05 (reader 2, items 1 and 10): the claim says what the post says, a reasonable balance and
/// "most often" (not "never", not "must not grow"); and the minutes KPI is said to be modelled
/// with no padding, the post's sampled listening against abuse left out.
#[test]
fn minutes_claim_keeps_the_posts_balance_and_names_the_honest_kpi() {
    let l = lesson("minutes");
    for old in ["так и не слышит", "в ущерб"] {
        assert!(!l.claim.ru.contains(old), "minutes claim: «{old}»");
    }
    for old in ["never hears", "must not grow"] {
        assert!(!l.claim.en.contains(old), "minutes claim: «{old}»");
    }
    assert!(l.claim.ru.contains("разумный баланс") && l.claim.en.contains("reasonable balance"));
    assert!(l.claim.ru.contains("в большинстве таких разговоров"), "{}", l.claim.ru);
    assert!(l.claim.en.contains("in most such talks"), "{}", l.claim.en);
    let honest = l
        .assumptions
        .iter()
        .find(|a| a.ru.contains("KPI на минуты в модели честный"))
        .expect("the honest minutes KPI is an assumption");
    assert!(honest.ru.contains("злоупотреблен") && honest.ru.contains("наше упрощение"));
    assert!(honest.en.contains("abuse") && honest.en.contains("our simplification"));
    // The model has no padding to speak of: the minutes arm differs from the calls arm by the
    // KPI alone.
    let arms = l.scenarios().expect("valid");
    let (mut calls, minutes) = (arms[0].1.clone(), arms[1].1.clone());
    calls.levers.kpi = minutes.levers.kpi;
    assert_eq!(
        serde_json::to_value(&calls).expect("json"),
        serde_json::to_value(&minutes).expect("json"),
        "the minutes arm is the calls arm with the KPI switched"
    );
}

/// What a lesson shows on its first slide, before the room votes: the claim, the assumptions box
/// (open by default), the intro and the question.
fn pre_vote(l: &Lesson) -> Vec<&Text> {
    let mut out = vec![&l.claim, &l.intro, &l.question];
    out.extend(l.assumptions.iter());
    out
}

/// Reader 2, item 2: no answer on the first slide. Each consequence the reader found before the
/// vote is said in no lesson's claim, assumptions, intro or question, and is said in the moral
/// of the lesson it belongs to; the assumption it followed from stays in the assumptions box.
#[test]
fn no_answer_is_shown_before_the_vote() {
    // (lesson, consequence ru, en: said only after the vote, in the moral)
    let after_the_vote = [
        ("shapes", "не шансы на план", "not the odds of the plan"),
        ("no-reverse", "ведут себя одинаково", "behave identically"),
        ("questions", "ничья", "the tie"),
        ("questions", "при любой положительной силе", "at any positive strength"),
        ("deadline", "вровень с первым", "runs level with the first"),
        ("secondary-contacts", "обходит все остальные", "beats all the others"),
    ];
    // The old words of the first slide, and other ways of saying the same before the vote.
    let old = [
        ("не шансы", "not the odds"),
        ("сходятся точно", "exactly equal"),
        ("при любой силе", "at any strength"),
        ("совпадает с первым", "matches the first"),
        ("вровень", "runs level"),
        ("обходит все", "beats all the others"),
        ("против обязанности 8", "against duty 8"),
    ];
    for l in all() {
        for t in pre_vote(&l) {
            let (ru, en) = (t.ru.to_lowercase(), t.en.to_lowercase());
            for (r, e) in
                after_the_vote.iter().map(|(_, r, e)| (r, e)).chain(old.iter().map(|(r, e)| (r, e)))
            {
                assert!(!ru.contains(r), "{} before the vote: «{r}» in {}", l.id, t.ru);
                assert!(!en.contains(e), "{} before the vote: «{e}» in {}", l.id, t.en);
            }
        }
    }
    for (id, ru, en) in after_the_vote {
        let m = lesson(id).moral;
        assert!(m.ru.to_lowercase().contains(ru), "{id}: the moral says «{ru}»");
        assert!(m.en.to_lowercase().contains(en), "{id}: the moral says «{en}»");
    }
    // The assumptions themselves stay on the first slide.
    for (id, ru, en) in [
        ("shapes", "Сроки этапов в днях (наши)", "Days in a stage (ours)"),
        ("no-reverse", "одни и те же", "the same random numbers"),
        (
            "questions",
            "Выигрыш и проигрыш равны — тоже наше допущение",
            "Gain and loss being equal",
        ),
        ("deadline", "Месяц установившийся", "steady state"),
        ("secondary-contacts", "в 10% случаев", "10% of the time"),
    ] {
        let l = lesson(id);
        let first = pre_vote(&l);
        assert!(first.iter().any(|t| t.ru.contains(ru)), "{id}: «{ru}» before the vote");
        assert!(first.iter().any(|t| t.en.contains(en)), "{id}: «{en}» before the vote");
    }
}

/// 06 (reader 2, item 3): the mid-funnel pockets are the post's names only (all three), their
/// reading as deals stuck after several stages is ours; the post's concession is quoted; the
/// forecast bias, which the lesson never discusses, is off its reveal.
#[test]
fn pocket_names_are_the_posts_and_the_reading_is_ours() {
    let l = lesson("pocket");
    for name in ["«Думают»", "«Пока не нужно»", "«Ждут своего часа»"]
    {
        assert!(l.moral.ru.contains(name), "pocket moral: {name}");
    }
    assert!(l.moral.en.contains("\"Waiting for their hour\""), "{}", l.moral.en);
    assert!(l.moral.ru.contains("но только названия") && l.moral.en.contains("names only"));
    assert!(l.moral.ru.contains("наше прочтение") && l.moral.en.contains("is our reading"));
    assert!(!l.moral.ru.contains("— сделки, застрявшие после нескольких этапов, —"));
    assert!(!l.moral.en.contains("— deals stuck after several stages —"));
    assert!(l.claim.ru.contains("«Их действительно нужно куда-то складывать.»"));
    assert!(l.claim.en.contains("does have to be kept somewhere"));
    assert!(!l.metrics.contains(&funnel_lab::content::lessons::Metric::ForecastBias));
    let text = serde_json::to_string(&l).expect("serialises").to_lowercase();
    assert!(!text.contains("смещение прогноза") && !text.contains("forecast bias"));
}

/// 08 (reader 2, item 4): «Часто», as the post; the early estimate is centred on the true sum,
/// not an ambition; the effort a deal needs sets its budget (2 h against 40 h), not the other
/// way round; the forecast formula is the app's.
#[test]
fn budget_follows_effort_and_the_estimate_is_centred() {
    let l = lesson("budget-first-stage");
    assert!(!l.claim.ru.contains("Обычно") && l.claim.ru.contains("Часто его вписывают"));
    assert!(!l.claim.en.contains("usually") && l.claim.en.contains("often filled in"));
    let a = &l.assumptions[1];
    assert!(a.ru.contains("медиана множителя — 1") && a.ru.contains("а не амбиция"), "{}", a.ru);
    assert!(a.en.contains("centred on the true sum") && a.en.contains("not a seller's ambition"));
    // Measured: exp(σZ) has median 1 — half the estimates above the true sum, half below.
    let arms = l.scenarios().expect("valid");
    let sigma = arms[0].1.levers.early_budget_sigma;
    assert!((sigma - 0.3).abs() < 1e-12, "σ = {sigma}");
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut above = 0;
    for _ in 0..10_000 {
        let mut u = || {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            (rng >> 11) as f64 / (1u64 << 53) as f64
        };
        let z = (-2.0 * u().max(1e-300).ln()).sqrt() * (std::f64::consts::TAU * u()).cos();
        above += usize::from((sigma * z).exp() > 1.0);
    }
    assert!((above as f64 / 10_000.0 - 0.5).abs() < 0.02, "{above} of 10,000 above");
    for old in ["по которой он решает", "он задаёт, ради каких денег"]
    {
        assert!(!l.intro.ru.contains(old) && !l.moral.ru.contains(old), "budget: «{old}»");
    }
    for old in ["by which they decide", "it sets for what money"] {
        assert!(!l.intro.en.contains(old) && !l.moral.en.contains(old), "budget: «{old}»");
    }
    assert!(l.intro.ru.contains("2 часа") && l.intro.ru.contains("40 часов"));
    assert!(l.intro.ru.contains("тем больше должен быть её бюджет"), "{}", l.intro.ru);
    assert!(l.intro.en.contains("the larger its budget should be"), "{}", l.intro.en);
    assert!(
        l.moral.ru.contains("следует за усилиями") && l.moral.en.contains("follows the effort")
    );
    assert!(l.intro.ru.contains("так прогноз считает наше приложение"));
    assert!(l.intro.en.contains("how our app computes the forecast"));
}

/// 07 (reader 2, item 5): the one-number check is our wording, not in quote marks; the post
/// names no tolerance, and its «план под угрозой» (a prompt to act) is scored as a prediction.
#[test]
fn mid_month_check_is_our_wording_and_the_tolerance_ours() {
    let l = lesson("mid-month");
    let text = serde_json::to_string(&l).expect("serialises");
    for old in [
        "«хоть одна цифра ниже формы»",
        "«хоть одна ниже формы»",
        "\\\"any number below the shape\\\"",
        "\\\"any below the shape\\\"",
        "как в посте",
        "as in the post",
    ] {
        assert!(!text.contains(old), "mid-month: «{old}»");
    }
    assert!(l.intro.ru.contains("формулировка наша") && l.intro.en.contains("the wording is ours"));
    let a = &l.assumptions[2];
    assert!(a.ru.contains("Допуска пост не называет") && a.ru.contains("«план под угрозой»"));
    assert!(a.ru.contains("«отклонения от индивидуальной формы в меньшую сторону»"));
    assert!(a.ru.contains("как предсказание, что план не будет выполнен"), "{}", a.ru);
    assert!(a.en.contains("The post names no tolerance") && a.en.contains("a prompt to act"));
    assert!(a.en.contains("a prediction that the plan will be missed"), "{}", a.en);
}

/// 04 (reader 2, item 6): the lift at every stage, payment and handover included, is ours.
#[test]
fn deadline_lift_at_every_stage_is_ours() {
    let l = lesson("deadline");
    let a = &l.assumptions[0];
    assert!(a.ru.contains("на каждом этапе, включая оплату и передачу в работу, — наше"));
    assert!(a.en.contains("at every stage, payment and handover included, is ours"));
    assert!(a.ru.contains("в начале") && a.en.contains("at the start"));
    // What the words say of the model: the lift is one lever, applied at every stage, so a deal
    // with a pain found reaches payment 1.05⁵ times as often (about +28%).
    let arms = l.scenarios().expect("valid");
    let lift = arms[2].1.levers.deadline_lift;
    assert!((lift - 0.05).abs() < 1e-12, "{lift}");
    let conv: Vec<f64> = arms[0].1.stages.iter().map(|s| s.conversion).collect();
    let with: f64 = conv.iter().map(|c| (c * (1.0 + lift)).min(1.0)).product();
    let without: f64 = conv.iter().product();
    assert!(with / without > 1.2, "{with} vs {without}");
}

/// 10, 11 and the concepts page (reader 2, item 7): the post's tripwire bullet is quoted where
/// it is repeated; the claim says low risk, not no risk.
#[test]
fn tripwire_bullet_is_quoted_and_the_risk_is_low() {
    let bullet = "ведёт в основную программу через продающий урок или личную сессию";
    let mut files = texts("assets/lessons", &["json"]);
    files.extend(
        texts("assets", &["json"]).into_iter().filter(|(p, _)| p.ends_with("concepts.json")),
    );
    let mut seen = 0;
    for (path, text) in &files {
        for (i, _) in text.match_indices(bullet) {
            seen += 1;
            assert!(text[..i].ends_with('«'), "{path}: the post's bullet unquoted");
        }
    }
    assert!(seen >= 4, "source, two assumptions and the concept quote it: {seen}");
    let l = lesson("tripwire");
    assert!(l.source.ru.contains(&format!("«{bullet}»")));
    assert!(l.source.en.contains("(our translation)"));
    assert!(!l.claim.ru.contains("снимает риск") && !l.claim.en.contains("takes the risk out"));
    assert!(l.claim.ru.contains("риск для клиента невелик") && l.claim.en.contains("risks little"));
    let concepts = files.iter().find(|(p, _)| p.ends_with("concepts.json")).expect("concepts");
    for old in ["снимает риск первого платежа", "takes the risk out", "помогает окупить рекламу"]
    {
        assert!(!concepts.1.contains(old), "concepts: «{old}»");
    }
}

/// Reader 2, item 8: the close paraphrases are rewritten (09's English, 11's claim, 02's
/// reason), and the magnet takes "up to" ten minutes, as the post says.
#[test]
fn close_paraphrases_of_reader_two_are_rewritten() {
    let l = lesson("secondary-contacts");
    assert!(!l.claim.en.contains("act on their own but along"), "{}", l.claim.en);
    assert!(l.claim.en.contains("with the manager absent"), "{}", l.claim.en);
    let l = lesson("lead-magnet");
    for old in ["насущную заботу", "небольшую, но", "минут десять"]
    {
        assert!(!l.claim.ru.contains(old), "lead magnet: «{old}»");
    }
    assert!(!l.claim.en.contains("small but pressing") && !l.claim.en.contains("about ten"));
    assert!(l.claim.ru.contains("не больше десяти минут") && l.claim.en.contains("up to ten"));
    let l = lesson("no-reverse");
    for old in ["служит доказательством", "вырождается в перечень"]
    {
        assert!(!l.moral.ru.contains(old), "no reverse: «{old}»");
    }
    for old in ["is a deal's stage proof", "degrades into"] {
        assert!(!l.moral.en.contains(old), "no reverse: «{old}»");
    }
}

/// 01 (reader 2, item 9): the barrel's and the skirt's sources of deals are the post's (the
/// archive, existing clients); the pipe is good at closing in the post, and strong at every
/// stage only in our preset, which the intro says.
#[test]
fn shapes_name_the_posts_entries_and_our_strong_pipe() {
    let l = lesson("shapes");
    assert!(l.claim.ru.contains("из архива") && l.claim.ru.contains("действующих клиентов"));
    assert!(l.claim.en.contains("from the archive") && l.claim.en.contains("existing clients"));
    assert!(l.intro.ru.contains("хорош в дожиме") && l.intro.en.contains("good at closing"));
    assert!(l.intro.ru.contains("включая первый") && l.intro.en.contains("the first included"));
    assert!(l.intro.ru.contains("наше упрощение") && l.intro.en.contains("our simplification"));
    // Measured on the preset: the pipe's weakest stage is its first, at 85%, above every other
    // shape's first stage.
    let arms = l.scenarios().expect("valid");
    let first = |k: usize| arms[k].1.stages[0].conversion;
    let pipe = &arms[1].1;
    let weakest = pipe.stages.iter().map(|s| s.conversion).fold(1.0, f64::min);
    assert!((weakest - 0.85).abs() < 1e-12 && (first(1) - 0.85).abs() < 1e-12, "{weakest}");
    for k in [0, 2, 3, 4] {
        assert!(first(k) < first(1), "arm {k}: {} vs the pipe", first(k));
    }
}
