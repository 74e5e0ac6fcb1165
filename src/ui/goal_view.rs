//! The "What it takes" panel's words (issue #21): each lever's row (current → needed and the
//! change, in the page's language, with its error), and the plan you can commit to. Plain Rust
//! over [`GoalResult`], tested natively; `app::editor::goal` only wires it.

use crate::sim::goal::{GoalMethod, GoalResult, LeverGoal};
use crate::sim::ScenarioSpec;
use crate::words::format::{grouped, Numbers};
use crate::words::i18n::Lang;
use crate::words::page::PageWord;
use crate::words::phrases::fill;
use crate::words::text::Named;

/// Where the target slider may go, and where it starts.
pub const TARGET_MIN: u32 = 50;
/// The slider's top.
pub const TARGET_MAX: u32 = 95;
/// The slider's start: the engine's default chance.
pub const TARGET_DEFAULT: u32 = 80;

/// One lever's row, ready to show.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalRowView {
    /// The field path (`stages[2].conversion`), kept to apply the value.
    pub lever: String,
    /// What moves and by how much: «конверсия этапа 3 (Встреча): 70% → 78%, +8 п. п.».
    pub text: String,
    /// The relative change in words (`+12%`), empty when there is none.
    pub relative: String,
    /// Its size, for the bar (0 when none).
    pub relative_size: f64,
    /// The error and how it was found, or why the row cannot be applied.
    pub note: String,
    /// The value to apply, when the lever reaches the target.
    pub needed: Option<f64>,
    /// Whether the target is reachable with this lever.
    pub reachable: bool,
    /// P(plan) at the value, from the verification, and its bound or standard error.
    pub p_at: Option<(f64, f64)>,
}

/// A number with at most `decimals` decimals (trailing zeros dropped), the page's decimal mark
/// and thousands separator: `5.1`, `5,1`, `2 450 000`.
pub fn number(lang: Lang, x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "—".into();
    }
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    };
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let int: f64 = int.parse().unwrap_or(0.0);
    let sign = if x < 0.0 && int == 0.0 && !frac.is_empty() { "-" } else { "" };
    let mark = if lang == Lang::Ru { "," } else { "." };
    let whole = format!("{sign}{}", grouped(int, lang.thousands()));
    if frac.is_empty() {
        whole
    } else {
        format!("{whole}{mark}{frac}")
    }
}

/// A signed number: `+8`, `−2,5` (a true minus sign).
fn signed(lang: Lang, x: f64, decimals: usize) -> String {
    let t = number(lang, x.abs(), decimals);
    if t.chars().all(|c| c == '0' || c == ',' || c == '.') {
        return t;
    }
    format!("{}{t}", if x < 0.0 { "−" } else { "+" })
}

/// A share as a percentage with at most one decimal: `78%`, `78,4%`.
pub fn share(lang: Lang, p: f64) -> String {
    format!("{}%", number(lang, p * 100.0, 1))
}

/// Percentage points: `+8 п. п.`, `+8 pp`.
fn points(lang: Lang, d: f64) -> String {
    let unit = Numbers(lang).pp();
    format!("{}\u{a0}{unit}", signed(lang, d * 100.0, 1))
}

/// The currency as the page writes it (roubles as ₽).
pub fn currency(code: &str) -> &str {
    if code == "RUB" {
        "₽"
    } else {
        code
    }
}

fn money(lang: Lang, x: f64, code: &str) -> String {
    format!("{}\u{a0}{}", grouped(x, lang.thousands()), currency(code))
}

/// A stage's name in the page's language, where the scenario has it.
fn stage_name(lang: Lang, spec: &ScenarioSpec, k: usize) -> Option<String> {
    let st = spec.stages.get(k)?;
    let name = st.name_in(lang).to_owned();
    (!name.trim().is_empty()).then_some(name)
}

/// `stages[2].conversion` → (`stages`, 2, `conversion`).
fn indexed(path: &str) -> Option<(&str, usize, &str)> {
    let (head, rest) = path.split_once('[')?;
    let (k, field) = rest.split_once("].")?;
    Some((head, k.parse().ok()?, field))
}

/// What a lever is called, in the page's language.
pub fn lever_name(lang: Lang, spec: &ScenarioSpec, path: &str) -> String {
    let named = |base: String, k: usize| match stage_name(lang, spec, k) {
        Some(n) => format!("{base} ({n})"),
        None => base,
    };
    let say = |w: PageWord| w.text(lang).to_owned();
    match (path, indexed(path)) {
        ("plan", _) => say(PageWord::LeverPlan),
        ("budget.median", _) => say(PageWord::LeverDealSize),
        ("leads_per_day", _) => say(PageWord::LeverAllLeads),
        (_, Some(("stages", k, "conversion"))) => {
            named(fill(PageWord::LeverConversion.text(lang), &[&(k + 1)]), k)
        }
        (_, Some(("stages", k, "mean_days"))) => {
            named(fill(PageWord::LeverDays.text(lang), &[&(k + 1)]), k)
        }
        (_, Some(("inflow", i, "per_day"))) if spec.inflow.len() <= 1 => {
            let _ = i;
            say(PageWord::LeverLeads)
        }
        (_, Some(("inflow", i, "per_day"))) => fill(PageWord::LeverInflow.text(lang), &[&(i + 1)]),
        _ => path.into(),
    }
}

/// Decimals for a count such as leads a day or days: one, two below 1.
fn decimals(x: f64) -> usize {
    if x.abs() < 1.0 {
        2
    } else {
        1
    }
}

/// A value of the lever in its own units.
fn value(lang: Lang, spec: &ScenarioSpec, path: &str, x: f64) -> String {
    if path.ends_with("conversion") {
        share(lang, x)
    } else if path == "plan" || path == "budget.median" {
        money(lang, x, &spec.currency)
    } else {
        number(lang, x, decimals(x))
    }
}

/// The lever's error in its own units: `± 0,1 п. п.`, `± 0,02`, `± 1 200 ₽`.
fn error(lang: Lang, spec: &ScenarioSpec, path: &str, e: f64) -> String {
    let text = if path.ends_with("conversion") {
        let unit = Numbers(lang).pp();
        format!("{}\u{a0}{unit}", number(lang, e * 100.0, if e < 1e-3 { 2 } else { 1 }))
    } else if path == "plan" || path == "budget.median" {
        money(lang, e, &spec.currency)
    } else {
        number(lang, e, if e < 0.01 { 3 } else { 2 })
    };
    format!("±\u{a0}{text}")
}

/// The row of one lever.
pub fn row(lang: Lang, spec: &ScenarioSpec, result: &GoalResult, g: &LeverGoal) -> GoalRowView {
    let name = lever_name(lang, spec, &g.lever);
    let now = value(lang, spec, &g.lever, g.current);
    let mc = result.method == GoalMethod::MonteCarlo;
    let (text, note) = match g.needed.filter(|_| g.reachable) {
        Some(x) => {
            let change = if g.lever.ends_with("conversion") {
                format!(", {}", points(lang, x - g.current))
            } else {
                String::new()
            };
            let text = format!("{name}: {now} → {}{change}", value(lang, spec, &g.lever, x));
            let err = g.needed_error.map(|e| error(lang, spec, &g.lever, e)).unwrap_or_default();
            let note = match (mc, g.holds_to_edge) {
                (_, true) => PageWord::GoalHoldsEverywhere.text(lang).to_owned(),
                (true, _) => {
                    let se = g.p_plan_at_needed_error.unwrap_or(f64::NAN);
                    let se = points(lang, se);
                    fill(
                        PageWord::GoalByMonteCarlo.text(lang),
                        &[&err, &se.trim_start_matches('+')],
                    )
                }
                (false, _) => fill(PageWord::GoalExact.text(lang), &[&err]),
            };
            (text, note)
        }
        None => {
            let text = format!("{name}: {now}");
            let note = if g.no_effect {
                PageWord::GoalNoEffect.text(lang).to_owned()
            } else {
                let best = g.best_p_plan.map(|p| share(lang, p)).unwrap_or_else(|| "—".into());
                let mut n = fill(PageWord::GoalOutOfReach.text(lang), &[&best]);
                if mc {
                    if let Some(se) = g.best_p_plan_error {
                        n.push_str(&format!(" ± {}", points(lang, se).trim_start_matches('+')));
                    }
                }
                n
            };
            (text, note)
        }
    };
    let rel = g.relative_change.filter(|_| g.reachable);
    GoalRowView {
        lever: g.lever.clone(),
        text,
        relative: rel.map(|r| format!("{}%", signed(lang, r * 100.0, 1))).unwrap_or_default(),
        relative_size: rel.map_or(0.0, f64::abs),
        note,
        needed: g.needed.filter(|_| g.reachable),
        reachable: g.reachable,
        p_at: g.p_plan_at_needed.zip(g.p_plan_at_needed_error).filter(|_| g.reachable),
    }
}

/// Every row, in the table's order (the smallest relative change first), with the leads line
/// of several inflows scaled together after them.
pub fn rows(lang: Lang, spec: &ScenarioSpec, result: &GoalResult) -> Vec<GoalRowView> {
    let mut out: Vec<GoalRowView> =
        result.levers.iter().map(|g| row(lang, spec, result, g)).collect();
    if spec.inflow.len() > 1 {
        if let Some(g) = &result.commit.leads_per_day {
            out.push(row(lang, spec, result, g));
        }
    }
    out
}

/// The plan you can commit to: «С вероятностью 80% вы сделаете не меньше 2 450 000 ₽».
pub fn commit_line(lang: Lang, spec: &ScenarioSpec, result: &GoalResult) -> String {
    let q = share(lang, result.target);
    let r = money(lang, result.commit.revenue, &spec.currency);
    fill(PageWord::GoalCommit.text(lang), &[&q, &r])
}

/// P(plan) now, and how the table was found: «Сейчас P(план) 58,8%; точный расчёт» or, by
/// Monte Carlo, with its trials.
pub fn status_line(lang: Lang, result: &GoalResult) -> String {
    let p = share(lang, result.p_plan);
    match result.method {
        GoalMethod::Exact => fill(PageWord::GoalStatusExact.text(lang), &[&p]),
        GoalMethod::MonteCarlo => {
            let trials = Numbers(lang).grouped(result.mc_trials.unwrap_or(0) as f64);
            fill(PageWord::GoalStatusMonteCarlo.text(lang), &[&p, &trials])
        }
    }
}

/// Lessons whose reveal asks the room "which lever is cheapest?" and points at the panel.
const GOAL_LESSONS: &[&str] = &["shapes"];

/// The prompt under a lesson's reveal that sends the room to the panel (duty 2 of the posts:
/// the manager's own shape shows which stage to work on), with the link's words; none for a
/// lesson that is not about levers.
pub fn lesson_prompt(lesson: &str, lang: Lang) -> Option<(String, String)> {
    GOAL_LESSONS.contains(&lesson).then(|| {
        (PageWord::GoalPrompt.text(lang).to_owned(), PageWord::GoalPromptLink.text(lang).to_owned())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::goal::{Commit, Direction};
    use crate::sim::preset;

    fn spec() -> ScenarioSpec {
        preset("default").and_then(|p| ScenarioSpec::from_json(p.json).ok()).expect("default")
    }

    fn lever(path: &str, current: f64, needed: Option<f64>) -> LeverGoal {
        LeverGoal {
            lever: path.into(),
            current,
            needed,
            reachable: needed.is_some(),
            p_plan_at_needed: needed.map(|_| 0.8003),
            p_plan_at_needed_error: needed.map(|_| 0.0009),
            needed_error: needed.map(|_| 0.0004),
            relative_change: needed.map(|n| (n - current) / current),
            direction: Direction::Raise,
            edge: 1.0,
            best_p_plan: if needed.is_none() { Some(0.642) } else { None },
            best_p_plan_error: if needed.is_none() { Some(0.0008) } else { None },
            no_effect: false,
            holds_to_edge: false,
            not_monotone: false,
            evaluations: 10,
        }
    }

    fn result(levers: Vec<LeverGoal>, method: GoalMethod) -> GoalResult {
        GoalResult {
            target: 0.8,
            p_plan: 0.588,
            p_plan_error: 0.001,
            method,
            why_monte_carlo: None,
            mc_trials: Some(4000),
            levers,
            commit: Commit {
                revenue: 2_450_000.0,
                revenue_high: 2_460_000.0,
                probability: 0.8004,
                probability_error: 0.001,
                leads_per_day: None,
            },
        }
    }

    #[test]
    fn numbers_use_the_pages_decimal_mark_and_thousands() {
        assert_eq!(number(Lang::Ru, 5.13, 1), "5,1");
        assert_eq!(number(Lang::En, 5.13, 1), "5.1");
        assert_eq!(number(Lang::Ru, 4.0, 1), "4");
        assert_eq!(number(Lang::Ru, 2_450_000.0, 0), "2\u{202f}450\u{202f}000");
        assert_eq!(number(Lang::En, 2_450_000.0, 0), "2,450,000");
        assert_eq!(number(Lang::Ru, -0.25, 2), "-0,25");
        assert_eq!(share(Lang::Ru, 0.784), "78,4%");
        assert_eq!(share(Lang::En, 0.70), "70%");
    }

    #[test]
    fn a_conversion_row_says_points_in_either_language() {
        let mut s = spec();
        s.stages[2].conversion = 0.70;
        let g = lever("stages[2].conversion", 0.70, Some(0.78));
        let r = result(vec![g.clone()], GoalMethod::Exact);
        let ru = row(Lang::Ru, &s, &r, &g);
        let name_ru = s.stages[2].name.clone();
        assert_eq!(
            ru.text,
            format!("конверсия этапа 3 ({name_ru}): 70% → 78%, +8\u{a0}п.\u{a0}п.")
        );
        assert_eq!(ru.relative, "+11,4%");
        assert_eq!(ru.note, "точно, ±\u{a0}0,04\u{a0}п.\u{a0}п.");
        assert_eq!(ru.needed, Some(0.78));
        let en = row(Lang::En, &s, &r, &g);
        let name_en = s.stages[2].name_en.clone().expect("the preset names its stages in English");
        assert_ne!(name_en, name_ru);
        assert_eq!(en.text, format!("stage 3 conversion ({name_en}): 70% → 78%, +8\u{a0}pp"));
        assert_eq!(en.relative, "+11.4%");
        assert_eq!(en.note, "exact, ±\u{a0}0.04\u{a0}pp");
    }

    #[test]
    fn leads_days_money_and_the_commit_line() {
        let s = spec();
        let g = lever("inflow[0].per_day", 4.0, Some(5.1));
        let r = result(vec![g.clone()], GoalMethod::Exact);
        assert_eq!(row(Lang::Ru, &s, &r, &g).text, "лидов в день: 4 → 5,1");
        assert_eq!(row(Lang::En, &s, &r, &g).text, "leads a day: 4 → 5.1");
        let d = lever("stages[1].mean_days", 12.0, Some(9.5));
        assert!(row(Lang::Ru, &s, &r, &d).text.starts_with("дней на этапе 2"));
        assert!(row(Lang::Ru, &s, &r, &d).text.ends_with(": 12 → 9,5"));
        assert_eq!(row(Lang::Ru, &s, &r, &d).relative, "−20,8%");
        let p = lever("plan", 2_800_000.0, Some(2_450_000.0));
        assert_eq!(
            row(Lang::Ru, &s, &r, &p).text,
            "план: 2\u{202f}800\u{202f}000\u{a0}₽ → 2\u{202f}450\u{202f}000\u{a0}₽"
        );
        assert_eq!(
            commit_line(Lang::Ru, &s, &r),
            "С вероятностью 80% вы сделаете не меньше 2\u{202f}450\u{202f}000\u{a0}₽"
        );
        assert_eq!(
            commit_line(Lang::En, &s, &r),
            "With 80% probability you will make at least 2,450,000\u{a0}₽"
        );
    }

    #[test]
    fn unreachable_rows_give_their_best_chance_and_monte_carlo_says_so() {
        let s = spec();
        let g = lever("stages[0].conversion", 0.5, None);
        let r = result(vec![g.clone()], GoalMethod::Exact);
        let v = row(Lang::Ru, &s, &r, &g);
        assert!(!v.reachable && v.needed.is_none());
        assert_eq!(v.note, "не достичь: лучший шанс 64,2%");
        assert_eq!(row(Lang::En, &s, &r, &g).note, "out of reach: best chance 64.2%");
        let mc = result(vec![g.clone()], GoalMethod::MonteCarlo);
        assert_eq!(
            row(Lang::Ru, &s, &mc, &g).note,
            "не достичь: лучший шанс 64,2% ± 0,1\u{a0}п.\u{a0}п."
        );
        let ok = lever("inflow[0].per_day", 4.0, Some(5.1));
        let note = row(Lang::En, &s, &mc, &ok).note;
        assert!(note.starts_with("Monte Carlo: ±"), "{note}");
        assert!(note.ends_with("P(plan) there ± 0.1\u{a0}pp"), "{note}");
        assert!(status_line(Lang::Ru, &mc).contains("4\u{202f}000 испытаний"));
    }

    #[test]
    fn the_shapes_lesson_asks_which_lever_is_cheapest_in_both_languages() {
        let (ru, _) = lesson_prompt("shapes", Lang::Ru).expect("the shapes lesson");
        assert!(ru.contains("какой рычаг дешевле") && ru.contains("обязанность 2"));
        let (en, link) = lesson_prompt("shapes", Lang::En).expect("the shapes lesson");
        assert!(en.contains("which lever is cheapest") && en.contains("duty 2"));
        assert_eq!(link, "Open the simulator");
        assert!(lesson_prompt("pocket", Lang::Ru).is_none());
        let lessons = crate::content::lessons::lessons().expect("lessons parse");
        for id in GOAL_LESSONS {
            assert!(lessons.iter().any(|l| l.id == *id), "no lesson {id}");
        }
    }

    /// The rows of a real table: every reachable row carries the value to apply, and applying
    /// it through the engine's setter moves the scenario's field to it.
    #[test]
    fn a_real_tables_rows_apply_to_the_scenario() {
        let s = spec();
        let table = crate::host::dispatch::goal_for(&s.to_json(), 0.8).expect("answers");
        let views = rows(Lang::Ru, &s, &table);
        assert_eq!(views.len(), table.levers.len());
        for v in views.iter().filter(|v| v.reachable) {
            let x = v.needed.expect("a value");
            let mut t = s.clone();
            assert!(crate::sim::goal::apply_lever(&mut t, &v.lever, x), "{}", v.lever);
            assert_ne!(t, s, "{} changes the scenario", v.lever);
        }
        let mut t = s.clone();
        assert!(!crate::sim::goal::apply_lever(&mut t, "stages[9].conversion", 0.5));
        assert_eq!(t, s);
    }
}
