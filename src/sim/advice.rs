//! The seed's rules for a fact-based funnel, as advice: a scenario that breaks them still runs.
//!
//! 4 to 7 stages; every stage closed by a verifiable exit fact; every stage named as a process
//! in the first person ("Согласовываю ТЗ", "Agreeing the spec"), never a status ("Переговоры",
//! "Negotiations"), a pocket where deals sit with no goal ("Думают", "Thinking about it") or a
//! wait for the client's move ("Жду ответа клиента"); and the funnel has no reverse.

use serde::{Deserialize, Serialize};

use super::scenario::ScenarioSpec;

/// Which rule a piece of advice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceCode {
    /// Fewer than 4 or more than 7 stages.
    StageCount,
    /// A stage with no exit fact.
    NoExitFact,
    /// A stage named as a status, not a process.
    StatusName,
    /// A goal-less "pocket" stage.
    PocketName,
    /// A stage where the ball is on the client's side.
    ClientSide,
    /// Reverse moves are allowed.
    ReverseMoves,
}

/// One piece of advice, worded in both languages, with the reason behind the rule.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Advice {
    /// The rule.
    pub code: AdviceCode,
    /// Stage index (from 0) it concerns, if any.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub stage: Option<usize>,
    /// What to change, in English.
    pub message: String,
    /// What to change, in Russian.
    pub message_ru: String,
    /// Why the rule exists, in English.
    pub why: String,
    /// Why the rule exists, in Russian.
    pub why_ru: String,
}

const POCKET_WORDS: &[&str] = &[
    "думают",
    "думает",
    "подумать",
    "раздум",
    "ждут своего",
    "отложен",
    "на паузе",
    "пауза",
    "заморож",
    "thinking",
    "on hold",
    "parked",
    "postponed",
    "someday",
    "later",
    "frozen",
];
const CLIENT_SIDE_WORDS: &[&str] = &[
    "жду ответ",
    "ждём",
    "ждем",
    "ожидаю",
    "ожидание",
    "клиент решает",
    "клиент принимает",
    "у клиента",
    "на стороне клиента",
    "waiting",
    "awaiting",
    "client decid",
    "client review",
    "pending",
];

fn stage_words_match(name: &str, words: &[&str]) -> bool {
    let lower = name.to_lowercase();
    words.iter().any(|w| lower.contains(w))
}

/// Whether a stage name reads as a process in the first person: a Russian first word ending in
/// "-ю"/"-юсь" ("Согласовываю", "Договариваюсь") or an English "-ing" form ("Agreeing").
pub fn is_process_name(name: &str) -> bool {
    let first = name
        .split(|c: char| !c.is_alphabetic() && c != '-')
        .find(|w| !w.is_empty())
        .unwrap_or("")
        .to_lowercase();
    if first.chars().any(|c| matches!(c, 'а'..='я' | 'ё')) {
        first.ends_with('ю') || first.ends_with("юсь")
    } else {
        first.len() > 4 && first.ends_with("ing")
    }
}

fn advice(code: AdviceCode, stage: Option<usize>, en: String, ru: String) -> Advice {
    let (why, why_ru) = match code {
        AdviceCode::StageCount => (
            "With fewer than 4 stages the funnel hides where deals stall; with more than 7 nobody keeps it up to date.",
            "Меньше 4 этапов скрывают, где застревают сделки; больше 7 никто не будет вести.",
        ),
        AdviceCode::NoExitFact => (
            "A deal moves on only on a verifiable fact; without one, the stage records hopes, not progress.",
            "Сделка переходит дальше только по проверяемому факту; без него этап фиксирует надежды, а не движение.",
        ),
        AdviceCode::StatusName => (
            "A status says where a deal sits; a process says what you do next to move it.",
            "Статус говорит, где лежит сделка; процесс говорит, что вы делаете, чтобы её сдвинуть.",
        ),
        AdviceCode::PocketName => (
            "A pocket has no goal: deals pile up, the funnel looks full and the plan does not move.",
            "У «кармана» нет цели: сделки копятся, воронка выглядит полной, а план не движется.",
        ),
        AdviceCode::ClientSide => (
            "A stage that waits for the client's move leaves you nothing to do; name your own action.",
            "Этап, где «мяч на стороне клиента», не оставляет вам действия; назовите своё действие.",
        ),
        AdviceCode::ReverseMoves => (
            "The funnel has no reverse: a deal that falls back hides lost time and inflates the forecast.",
            "У воронки нет заднего хода: откат сделки прячет потерянное время и завышает прогноз.",
        ),
    };
    Advice { code, stage, message: en, message_ru: ru, why: why.into(), why_ru: why_ru.into() }
}

/// Every piece of advice for a scenario, in stage order.
pub fn advise(spec: &ScenarioSpec) -> Vec<Advice> {
    let mut out = Vec::new();
    let k = spec.stages.len();
    if !(4..=7).contains(&k) {
        out.push(advice(
            AdviceCode::StageCount,
            None,
            format!("The funnel has {k} stages; the seed's rule is 4 to 7."),
            format!("В воронке {k} этапов; правило — от 4 до 7."),
        ));
    }
    for (i, s) in spec.stages.iter().enumerate() {
        let n = i + 1;
        if s.exit_fact.trim().is_empty() {
            out.push(advice(
                AdviceCode::NoExitFact,
                Some(i),
                format!("Stage {n} \"{}\" has no exit fact.", s.name),
                format!("У этапа {n} «{}» нет факта выхода.", s.name),
            ));
        }
        let names = [Some(s.name.as_str()), s.name_en.as_deref()];
        let any = |words: &[&str]| names.iter().flatten().any(|nm| stage_words_match(nm, words));
        if any(POCKET_WORDS) {
            out.push(advice(
                AdviceCode::PocketName,
                Some(i),
                format!("Stage {n} \"{}\" is a pocket with no goal.", s.name),
                format!("Этап {n} «{}» — «карман» без цели.", s.name),
            ));
        } else if any(CLIENT_SIDE_WORDS) {
            out.push(advice(
                AdviceCode::ClientSide,
                Some(i),
                format!(
                    "Stage {n} \"{}\" waits for the client; the ball is on their side.",
                    s.name
                ),
                format!("Этап {n} «{}» ждёт клиента: мяч на его стороне.", s.name),
            ));
        } else if !is_process_name(&s.name) {
            out.push(advice(
                AdviceCode::StatusName,
                Some(i),
                format!(
                    "Stage {n} \"{}\" is named as a status; name it as your process (\"Agreeing the spec\").",
                    s.name
                ),
                format!(
                    "Этап {n} «{}» назван как статус; назовите его процессом («Согласовываю ТЗ»).",
                    s.name
                ),
            ));
        }
    }
    let r = spec.levers.rework_per_day;
    if r > 0.0 && spec.levers.record_reverse {
        out.push(advice(
            AdviceCode::ReverseMoves,
            None,
            format!("Deals move back {:.1}% a day; the funnel should have no reverse.", r * 100.0),
            format!(
                "Сделки откатываются на {:.1}% в день; у воронки не должно быть заднего хода.",
                r * 100.0
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_names() {
        for ok in ["Согласовываю ТЗ", "Договариваюсь о встрече", "Agreeing the spec", "Signing"]
        {
            assert!(is_process_name(ok), "{ok}");
        }
        for bad in ["Переговоры", "Negotiations", "Оплата", "Contract", "ТЗ"] {
            assert!(!is_process_name(bad), "{bad}");
        }
    }
}
