//! The posts' rules for a fact-based funnel, as advice: a scenario that breaks them still runs.
//!
//! Every rule comes from one of two posts and every piece of advice cites it (post and item, in
//! Russian and English) beside a message in our own words that says why:
//!
//! | code | the posts' item | fires when |
//! |---|---|---|
//! | `StageCount` | funnel post, requirements 3 and 4 | fewer than 4 or more than 7 stages |
//! | `ExitFact` | funnel post, requirement 1 and mistake 2 (duty 7 for own actions) | a stage with no exit fact, or one that reads as the manager's word only (below) |
//! | `StatusName` | funnel post, requirements 7–8 and mistake 3 | a stage named as a status, not a process in the first person |
//! | `Pocket` | funnel post, mistake 1 | a stage named like a store for deals with no goal |
//! | `BallOnClient` | funnel post, mistake 4 | a stage named as waiting for the client's move |
//! | `ReverseRecord` | funnel post, requirements 5–6; duties post, duty 3 | the record moves deals in rework back a stage |
//! | `TaskNotAgree` | duties post, duty 7 | a stage's planned task does not start with «Договориться…» / "Agree…" |
//! | `TaskAsksDecision` | duties post, duty 7; funnel post, mistake 4 | a stage's task asks what the client decided |
//! | `BudgetLate` | duties post, duty 9 | the record holds a deal's budget only from a later stage |
//!
//! Names, exit facts and tasks are read by word lists, matched case-insensitively at the start of
//! a word (so a stem like "неразобран" matches «Неразобранные», and "later" does not match
//! "collateral"; an entry ending in a space is a whole word, so "hot " misses "hotel"), with «ё»
//! read as «е» and punctuation read as a space. The lists are ours, not the posts'; they miss some
//! wordings and can misfire, which is one more reason these are advice and never errors. The
//! exit-fact check is the most modest: it only flags wording that names the manager's feeling or
//! assessment (the posts' cold/warm/hot funnel) or the manager's own solo act (sent, called),
//! i.e. something no client, production or bank confirms.
//!
//! Checked one per stage, in this order, the first that fires: pocket, ball on the client's side,
//! status name (a pocket or a wait is also a status; the more specific advice is the useful one).
//! A task that asks for the client's decision gets only that advice, not also "does not start
//! with «Договориться…»".

use serde::{Deserialize, Serialize};

use crate::sim::scenario::{ScenarioSpec, StageSpec};
use crate::words::text::Text;

/// Which rule a piece of advice is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AdviceCode {
    /// Fewer than 4 or more than 7 stages (requirements 3 and 4).
    StageCount,
    /// A stage with no exit fact, or with one only the manager asserts (requirement 1, mistake 2).
    ExitFact,
    /// A stage named as a status, not a process (requirements 7–8, mistake 3).
    StatusName,
    /// A "pocket": a stage that stores deals with no goal (mistake 1).
    Pocket,
    /// A stage where the ball is on the client's side (mistake 4).
    BallOnClient,
    /// The record moves deals back a stage (requirements 5–6, duty 3).
    ReverseRecord,
    /// A planned task that does not start with «Договориться…» / "Agree…" (duty 7).
    TaskNotAgree,
    /// A planned task that asks what the client decided (duty 7, mistake 4).
    TaskAsksDecision,
    /// The record holds a deal's budget only from a later stage (duty 9).
    BudgetLate,
}

impl AdviceCode {
    /// Every rule, in the order the linter checks them.
    pub const ALL: [AdviceCode; 9] = [
        AdviceCode::StageCount,
        AdviceCode::ExitFact,
        AdviceCode::StatusName,
        AdviceCode::Pocket,
        AdviceCode::BallOnClient,
        AdviceCode::ReverseRecord,
        AdviceCode::TaskNotAgree,
        AdviceCode::TaskAsksDecision,
        AdviceCode::BudgetLate,
    ];
}

/// One piece of advice: what to change and why, in both languages, and the posts' item it rests
/// on. Its JSON keeps the flat keys (`message`, `message_ru`, `source`, `source_ru`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(into = "AdviceFields", from = "AdviceFields")]
pub struct Advice {
    /// The rule.
    pub code: AdviceCode,
    /// Stage index (from 0) it concerns, if any.
    pub stage: Option<usize>,
    /// What to change and why.
    pub message: Text,
    /// The post and item the rule comes from.
    pub source: Text,
}

/// [`Advice`] as its JSON writes it.
#[derive(Serialize, Deserialize)]
struct AdviceFields {
    code: AdviceCode,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    stage: Option<usize>,
    message: String,
    message_ru: String,
    source: String,
    source_ru: String,
}

impl From<Advice> for AdviceFields {
    fn from(a: Advice) -> AdviceFields {
        AdviceFields {
            code: a.code,
            stage: a.stage,
            message: a.message.en,
            message_ru: a.message.ru,
            source: a.source.en,
            source_ru: a.source.ru,
        }
    }
}

impl From<AdviceFields> for Advice {
    fn from(a: AdviceFields) -> Advice {
        Advice {
            code: a.code,
            stage: a.stage,
            message: Text::new(a.message_ru, a.message),
            source: Text::new(a.source_ru, a.source),
        }
    }
}

/// The funnel post, as cited.
const FUNNEL_RU: &str = "«Воронка продаж — опыт и ошибки…»";
const FUNNEL_EN: &str = "\"Sales funnel: experience and mistakes…\"";
/// The duties post, as cited.
const DUTIES_RU: &str = "«12 неочевидных обязанностей руководителя отдела продаж…»";
const DUTIES_EN: &str = "\"12 non-obvious duties of a head of sales…\"";

/// Names of stages that store deals with no goal: the funnel post's own examples (mistake 1:
/// «Думают», «Пока не нужно», «Ждут своего часа», «Неразобранные») and common equivalents.
const POCKET_WORDS: &[&str] = &[
    "думают",
    "думает",
    "подумать",
    "раздум",
    "пока не нужн",
    "ждут своего час",
    "неразобран",
    "отложен",
    "на паузе",
    "пауза",
    "заморож",
    "thinking",
    "not needed yet",
    "no need yet",
    "not now",
    "waiting for their time",
    "waiting for the right time",
    "biding",
    "unsorted",
    "unprocessed",
    "incoming leads",
    "on hold",
    "parked",
    "postponed",
    "someday",
    "later",
    "frozen",
    "backlog",
];

/// Names of stages that wait for the client's move.
const CLIENT_SIDE_WORDS: &[&str] = &[
    "жду",
    "ждем",
    "ожида",
    "клиент решает",
    "принимает решение",
    "решение клиента",
    "на рассмотрении",
    "рассматривает",
    "рассматривают",
    "на стороне клиента",
    "waiting",
    "awaiting",
    "pending",
    "client decid",
    "client is decid",
    "under review",
    "client review",
    "considering",
];

/// Exit facts that name the manager's feeling or assessment rather than an event.
const ASSESSMENT_WORDS: &[&str] = &[
    "тепл",
    "горяч",
    "холодн",
    "чувств",
    "ощущ",
    "уверен",
    "кажется",
    "считаю",
    "думаю",
    "интерес ",
    "заинтересова",
    "по оценке",
    "на мой взгляд",
    "warm",
    "hot ",
    "cold ",
    "feel",
    "sense",
    "confident",
    "seems",
    "i think",
    "believe",
    "interest",
    "likely",
    "probabl",
];

/// Exit facts that name the manager's own solo act, which nobody on the other side confirms.
const SOLO_ACT_WORDS: &[&str] = &[
    "отправ",
    "выслан",
    "позвон",
    "звонок",
    "созвон",
    "написа",
    "проинформир",
    "напомн",
    "sent",
    "send",
    "called",
    "call made",
    "phoned",
    "emailed",
    "mailed",
    "informed",
    "reminded",
    "wrote",
];

/// How a task in Russian may start: «Договориться…» and its close forms.
const AGREE_RU: &[&str] = &["договорит", "договарива", "договорюсь"];
/// How a task in English may start.
const AGREE_EN: &[&str] = &["agree"];

/// Phrases of a task that asks for the client's decision outright.
const DECISION_PHRASES: &[&str] = &["что решил", "что решат", "что решено", "что надумал"];
/// A task that mentions a decision (first list) and asking for news (second list).
const DECISION_WORDS: &[&str] = &["реш", "decid", "decision"];
const ASK_WORDS: &[&str] = &[
    "узна",
    "уточн",
    "выясн",
    "спрос",
    "получ",
    "что",
    "ask",
    "follow",
    "check",
    "find out",
    "learn",
    "hear",
    "chase",
    "get",
    "what",
];

/// Lower case, «ё» read as «е», every run of punctuation and spaces made one space, and a space
/// at each end: a word starts wherever a space precedes it, so word lists need one spelling.
fn normal(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.to_lowercase().replace('ё', "е").chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

/// Whether any of `words` occurs in `text` at the start of a word. A word is a stem ("неразобран"
/// matches «Неразобранные») unless it ends in a space, which makes it whole ("hot " is not
/// "hotel").
fn has_word(text: &str, words: &[&str]) -> bool {
    has_normal_word(&normal(text), words)
}

/// [`has_word`] on a text already made [`normal`] (the linter reads each text against several
/// word lists, and runs on every edit).
fn has_normal_word(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(&format!(" {w}")))
}

/// Whether the first word of `text` starts with one of `stems`.
fn first_word_starts(text: &str, stems: &[&str]) -> bool {
    let text = normal(text);
    stems.iter().any(|s| text.starts_with(&format!(" {s}")))
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

/// Whether a planned task starts as the duties post wants: «Договориться…» / "Agree…".
pub fn is_agree_task(task: &str) -> bool {
    first_word_starts(task, AGREE_RU) || first_word_starts(task, AGREE_EN)
}

/// Whether a planned task asks what the client decided.
pub fn asks_for_decision(task: &str) -> bool {
    has_word(task, DECISION_PHRASES)
        || (has_word(task, DECISION_WORDS) && has_word(task, ASK_WORDS))
}

/// "этап", "этапа" or "этапов" after a count.
fn ru_stages(k: usize) -> &'static str {
    match (k % 10, k % 100) {
        (1, h) if h != 11 => "этап",
        (2..=4, h) if !(12..=14).contains(&h) => "этапа",
        _ => "этапов",
    }
}

/// Text in both languages, English first as the rules are written.
fn both(en: impl Into<String>, ru: impl Into<String>) -> Text {
    Text::new(ru, en)
}

fn advice(code: AdviceCode, stage: Option<usize>, message: Text, source: Text) -> Advice {
    Advice { code, stage, message, source }
}

fn funnel(item_en: &str, item_ru: &str) -> Text {
    both(format!("{FUNNEL_EN}, {item_en}"), format!("{FUNNEL_RU}, {item_ru}"))
}

fn duties(item_en: &str, item_ru: &str) -> Text {
    both(format!("{DUTIES_EN}, {item_en}"), format!("{DUTIES_RU}, {item_ru}"))
}

/// A stage's name, exit fact or task in each language (English falls back to the Russian).
fn pair<'a>(ru: &'a str, en: Option<&'a str>) -> (&'a str, &'a str) {
    (en.unwrap_or(ru), ru)
}

fn stage_count(k: usize) -> Option<Advice> {
    if k < 4 {
        Some(advice(
            AdviceCode::StageCount,
            None,
            both(
                format!(
                    "The funnel has {k} stages. With fewer than four it cannot show where deals get \
                     stuck, so the picture stays incomplete: split the deal's path into at least 4 \
                     facts."
                ),
                format!(
                    "В воронке {k} {}. Меньше четырёх этапов не показывают, на каком шаге \
                     застревают сделки, и картина остаётся неполной: разбейте путь сделки хотя бы \
                     на 4 факта.",
                    ru_stages(k)
                ),
            ),
            funnel("requirement 3", "требование 3"),
        ))
    } else if k > 7 {
        Some(advice(
            AdviceCode::StageCount,
            None,
            both(
                format!(
                    "The funnel has {k} stages. Past seven it starts to branch into a checklist \
                     that nobody keeps in mind and that no longer focuses the work: merge stages \
                     down to 7."
                ),
                format!(
                    "В воронке {k} {}. Больше семи — и воронка начинает ветвиться, превращается в \
                     чек-лист, который никто не держит в голове и который уже не помогает \
                     сосредоточиться: объедините этапы, чтобы осталось не больше 7.",
                    ru_stages(k)
                ),
            ),
            funnel("requirement 4", "требование 4"),
        ))
    } else {
        None
    }
}

/// Several stages with no exit fact, said once (`missing` from 0, of `k` stages).
fn missing_exit_facts(missing: &[usize], k: usize) -> Advice {
    let list = missing.iter().map(|i| (i + 1).to_string()).collect::<Vec<_>>().join(", ");
    let (en, ru) = if missing.len() == k {
        ("No stage has an exit fact".to_owned(), "Ни у одного этапа нет факта выхода".to_owned())
    } else {
        (format!("Stages {list} have no exit fact"), format!("У этапов {list} нет факта выхода"))
    };
    advice(
        AdviceCode::ExitFact,
        None,
        both(
            format!(
                "{en}: add the fact that ends each stage. A deal should move on by an event \
                 anyone can check; otherwise the manager's feeling decides, deals spread over the \
                 stages differently each time and the funnel stops forecasting."
            ),
            format!(
                "{ru}: добавьте факт, которым заканчивается каждый этап. Сделка должна \
                 переходить дальше по событию, которое может проверить любой; иначе переход \
                 решает ощущение менеджера, сделки каждый раз раскладываются по этапам по-разному \
                 и воронка перестаёт прогнозировать."
            ),
        ),
        funnel("requirement 1; mistake 2", "требование 1; ошибка 2"),
    )
}

fn exit_fact(i: usize, s: &StageSpec) -> Option<Advice> {
    let n = i + 1;
    let (name_en, name_ru) = pair(&s.name, s.name_en.as_deref());
    let (fact_en, fact_ru) = pair(&s.exit_fact, s.exit_fact_en.as_deref());
    let facts: Vec<String> = [Some(s.exit_fact.as_str()), s.exit_fact_en.as_deref()]
        .into_iter()
        .flatten()
        .map(normal)
        .collect();
    let any = |words: &[&str]| facts.iter().any(|f| has_normal_word(f, words));
    let heuristic = "(This check reads words and can be wrong.)";
    let heuristic_ru = "(Проверка читает слова и может ошибаться.)";
    if s.exit_fact.trim().is_empty() {
        Some(advice(
            AdviceCode::ExitFact,
            Some(i),
            both(
                format!(
                    "Stage {n} \"{name_en}\" has no exit fact. A deal should move on by an event \
                     anyone can check; otherwise the manager's feeling decides, deals spread over \
                     the stages differently each time and the funnel stops forecasting. Write down \
                     the fact that tells you the stage is done."
                ),
                format!(
                    "У этапа {n} «{name_ru}» нет факта выхода. Сделка должна переходить дальше по \
                     событию, которое может проверить любой; иначе переход решает ощущение \
                     менеджера, сделки каждый раз раскладываются по этапам по-разному и воронка \
                     перестаёт прогнозировать. Запишите факт, по которому видно, что этап пройден."
                ),
            ),
            funnel("requirement 1; mistake 2", "требование 1; ошибка 2"),
        ))
    } else if any(ASSESSMENT_WORDS) {
        Some(advice(
            AdviceCode::ExitFact,
            Some(i),
            both(
                format!(
                    "Stage {n}'s exit fact \"{fact_en}\" reads like the manager's judgement (a warm \
                     lead, interest, confidence), not an event the client or another party would \
                     confirm; moves made on it end up argued, not checked. Name an event instead: \
                     meeting held, spec agreed, payment received. {heuristic}"
                ),
                format!(
                    "Факт выхода этапа {n} «{fact_ru}» звучит как оценка менеджера (тёплый клиент, \
                     интерес, уверенность), а не как событие, которое подтвердит клиент или другая \
                     сторона; такой переход приходится доказывать на словах. Назовите событие: \
                     встреча проведена, ТЗ согласовано, оплата получена. {heuristic_ru}"
                ),
            ),
            funnel("requirement 1; mistake 2", "требование 1; ошибка 2"),
        ))
    } else if any(SOLO_ACT_WORDS) {
        let src = funnel("requirement 1", "требование 1");
        let duty = duties("duty 7", "обязанность 7");
        Some(advice(
            AdviceCode::ExitFact,
            Some(i),
            both(
                format!(
                    "Stage {n}'s exit fact \"{fact_en}\" is your own action (sent, called, wrote): \
                     it says nothing about whether the agreement with the client moved. Make the \
                     exit a fact the other side confirms: the client agreed, signed, paid. \
                     {heuristic}"
                ),
                format!(
                    "Факт выхода этапа {n} «{fact_ru}» — ваше собственное действие (отправил, \
                     позвонил, написал): он ничего не говорит о том, сдвинулась ли договорённость \
                     с клиентом. Сделайте фактом выхода то, что подтверждает другая сторона: \
                     клиент согласовал, подписал, оплатил. {heuristic_ru}"
                ),
            ),
            both(format!("{}; {}", src.en, duty.en), format!("{}; {}", src.ru, duty.ru)),
        ))
    } else {
        None
    }
}

fn stage_name(i: usize, s: &StageSpec) -> Option<Advice> {
    let n = i + 1;
    let (name_en, name_ru) = pair(&s.name, s.name_en.as_deref());
    let names: Vec<String> =
        [Some(s.name.as_str()), s.name_en.as_deref()].into_iter().flatten().map(normal).collect();
    let any = |words: &[&str]| names.iter().any(|nm| has_normal_word(nm, words));
    if any(POCKET_WORDS) {
        Some(advice(
            AdviceCode::Pocket,
            Some(i),
            both(
                format!(
                    "Stage {n} \"{name_en}\" is a pocket: deals are stored there with no task, so \
                     nobody works them and the funnel looks fuller than it is. Decide about each \
                     deal before it enters: if you will work it, open it at stage 1, which has a \
                     goal; if not, do not open it at all."
                ),
                format!(
                    "Этап {n} «{name_ru}» — «карман»: сделки лежат там без задачи, с ними никто не \
                     работает, а воронка выглядит полнее, чем есть. Решайте по каждой сделке до \
                     того, как её заводить: если будете работать — открывайте сразу на первом \
                     этапе, у которого есть цель; если нет — не заводите вовсе."
                ),
            ),
            funnel("mistake 1 (pocket)", "ошибка 1 («Карман»)"),
        ))
    } else if any(CLIENT_SIDE_WORDS) {
        Some(advice(
            AdviceCode::BallOnClient,
            Some(i),
            both(
                format!(
                    "Stage {n} \"{name_en}\" waits for the client's move: the ball is on their side \
                     and you have nothing to do. Asking \"so what have you decided?\" does not move \
                     a deal. Name the stage after what you are getting done, and agree the next \
                     step that takes the deal on."
                ),
                format!(
                    "Этап {n} «{name_ru}» — ожидание хода клиента: мяч на его стороне, а у вас нет \
                     действия. Вопрос «Ну что, решили?» сделку не двигает. Назовите этап тем, чего \
                     вы добиваетесь, и договоритесь о шаге, который переведёт сделку дальше."
                ),
            ),
            funnel("mistake 4 (ball on the client's side)", "ошибка 4 («Мяч на стороне клиента»)"),
        ))
    } else if !is_process_name(&s.name) {
        Some(advice(
            AdviceCode::StatusName,
            Some(i),
            both(
                format!(
                    "Stage {n} \"{name_en}\" is named as a status, not a process. This is advice, \
                     not an error: many funnels work this way. But a status does not say what to \
                     get from the client, so you must read the next stage's name to know; a status \
                     with no goal (\"Negotiations\") helps not at all. Name it as your own action \
                     with its goal, in the first person: \"Agreeing the spec\"."
                ),
                format!(
                    "Этап {n} «{name_ru}» назван статусом, а не процессом. Это совет, не ошибка: \
                     многие воронки так и работают. Но статус не говорит, чего добиваться от \
                     клиента, — за этим приходится смотреть на название следующего этапа, а \
                     статус без цели («Переговоры») не помогает вовсе. Назовите этап своим \
                     действием с целью, от первого лица: «Согласовываю ТЗ»."
                ),
            ),
            funnel("requirements 7–8; mistake 3", "требования 7–8; ошибка 3"),
        ))
    } else {
        None
    }
}

fn task(i: usize, s: &StageSpec) -> Option<Advice> {
    let n = i + 1;
    let tasks: Vec<&str> =
        [s.task.as_deref(), s.task_en.as_deref()].into_iter().flatten().collect();
    let ru = s.task.as_deref().or(s.task_en.as_deref())?;
    let (task_en, task_ru) = pair(ru, s.task_en.as_deref());
    if tasks.iter().any(|t| asks_for_decision(t)) {
        Some(advice(
            AdviceCode::TaskAsksDecision,
            Some(i),
            both(
                format!(
                    "Stage {n}'s task \"{task_en}\" asks what the client decided. That call leaves \
                     the ball on their side and tends to end in \"call us next week\", again and \
                     again. Plan the agreement that moves the deal on instead: \"Agree …\"."
                ),
                format!(
                    "Задача этапа {n} «{task_ru}» — спросить, что решил клиент. Такой звонок \
                     оставляет мяч на его стороне и обычно кончается «перезвоните через неделю», \
                     раз за разом. Запланируйте договорённость, которая переведёт сделку дальше: \
                     «Договориться…»."
                ),
            ),
            both(
                format!("{DUTIES_EN}, duty 7; {FUNNEL_EN}, mistake 4"),
                format!("{DUTIES_RU}, обязанность 7; {FUNNEL_RU}, ошибка 4"),
            ),
        ))
    } else if tasks.iter().any(|t| !is_agree_task(t)) {
        Some(advice(
            AdviceCode::TaskNotAgree,
            Some(i),
            both(
                format!(
                    "Stage {n}'s task \"{task_en}\" does not start with \"Agree…\". A call, a send \
                     or \"monitoring\" plans the process, not the result: the task should name the \
                     next agreement with the client, an obligation on both sides, such as \"Agree \
                     a meeting with the technical director\"."
                ),
                format!(
                    "Задача этапа {n} «{task_ru}» не начинается с «Договориться…». Звонок, \
                     отправка или «мониторинг» планируют процесс, а не результат: задача должна \
                     назвать следующую договорённость с клиентом, обязательство обеих сторон, \
                     например «Договориться о встрече с техническим директором»."
                ),
            ),
            duties("duty 7", "обязанность 7"),
        ))
    } else {
        None
    }
}

fn reverse_record(spec: &ScenarioSpec) -> Option<Advice> {
    let l = &spec.levers;
    if !(l.record_reverse && l.rework_per_day > 0.0) {
        return None;
    }
    let r = l.rework_per_day * 100.0;
    let r_ru = format!("{r:.1}").replace('.', ",");
    let src_funnel = funnel("requirements 5–6", "требования 5–6");
    let src_duty = duties("duty 3", "обязанность 3");
    Some(advice(
        AdviceCode::ReverseRecord,
        None,
        both(
            format!(
                "The record moves deals back a stage when the client must redo an earlier \
                 condition (in this scenario each deal from stage 2 on starts such rework with a \
                 {r:.1}% chance a day). Then a deal's stage no longer means the earlier conditions \
                 are met, and the funnel turns into a checklist that shows no progress. Keep the \
                 deal where it is and do what it takes to move it forward."
            ),
            format!(
                "Учёт возвращает сделку на этап назад, когда клиенту нужно заново выполнить \
                 прежнее условие (в этом сценарии каждая сделка со второго этапа уходит на \
                 такую доработку с шансом {r_ru}% в день). Тогда этап сделки уже не означает, \
                 что условия прежних этапов выполнены, и воронка превращается в чек-лист, \
                 который не показывает прогресса. \
                 Оставьте сделку на её этапе и сделайте всё, чтобы перевести её вперёд."
            ),
        ),
        both(
            format!("{}; {}", src_funnel.en, src_duty.en),
            format!("{}; {}", src_funnel.ru, src_duty.ru),
        ),
    ))
}

fn budget_late(spec: &ScenarioSpec) -> Option<Advice> {
    let j = spec.levers.budget_known_from_stage;
    if j <= 1 {
        return None;
    }
    Some(advice(
        AdviceCode::BudgetLate,
        None,
        both(
            format!(
                "The record holds a deal's budget only from stage {j}. The budget field is the \
                 seller's financial aim for the deal and is needed from stage 1: ask for what sum \
                 you would work the deal at all, and expect a deal with 5–7 contacts to be worth \
                 more than one with a single contact."
            ),
            format!(
                "Бюджет сделки попадает в учёт только с этапа {j}. Цифра в поле бюджета — \
                 финансовая цель продавца по сделке, и она нужна с первого этапа: спросите себя, \
                 ради какой суммы вы вообще готовы работать по сделке, и учтите, что сделка с 5–7 \
                 контактными лицами должна стоить больше, чем с одним."
            ),
        ),
        duties("duty 9", "обязанность 9"),
    ))
}

/// Every piece of advice for a scenario: the stage count, then stage by stage (exit fact, name,
/// task), then the record (reverse moves, budget).
///
/// Stages with no exit fact at all are said once, for the funnel, when there are two or more
/// (a scenario calibrated from a CRM has none): one sentence asking for the fact that ends each
/// stage reads better than the same warning beside every stage.
pub fn advise(spec: &ScenarioSpec) -> Vec<Advice> {
    let mut out: Vec<Advice> = stage_count(spec.stages.len()).into_iter().collect();
    let missing: Vec<usize> =
        (0..spec.stages.len()).filter(|&i| spec.stages[i].exit_fact.trim().is_empty()).collect();
    let together = missing.len() >= 2;
    if together {
        out.push(missing_exit_facts(&missing, spec.stages.len()));
    }
    for (i, s) in spec.stages.iter().enumerate() {
        if !(together && missing.contains(&i)) {
            out.extend(exit_fact(i, s));
        }
        out.extend(stage_name(i, s));
        out.extend(task(i, s));
    }
    out.extend(reverse_record(spec));
    out.extend(budget_late(spec));
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

    #[test]
    fn words_match_at_word_starts() {
        assert!(has_word("Неразобранные", POCKET_WORDS));
        assert!(has_word("ПОКА НЕ НУЖНО", POCKET_WORDS));
        assert!(has_word("Ждём ответа", CLIENT_SIDE_WORDS));
        assert!(!has_word("Collateral review", &["later"]));
        assert!(has_word("Call back later", &["later"]));
        assert!(has_word("Lead is hot!", ASSESSMENT_WORDS));
        assert!(!has_word("Hotel booked", ASSESSMENT_WORDS));
        assert!(!has_word("Все интересанты согласовали ТЗ", ASSESSMENT_WORDS));
        assert!(has_word("Клиент проявил интерес", ASSESSMENT_WORDS));
    }

    #[test]
    fn tasks() {
        for ok in ["Договориться о встрече", "«Договориться о дате оплаты»", "Agree the date"]
        {
            assert!(is_agree_task(ok) && !asks_for_decision(ok), "{ok}");
        }
        for bad in ["Отправить КП", "Созвон", "Send the proposal", "Договор отправить"]
        {
            assert!(!is_agree_task(bad), "{bad}");
        }
        for ask in [
            "Узнать, что решили",
            "Выяснить что решили",
            "Уточнить решение",
            "Узнать решение по КП",
            "Ask what they decided",
            "Follow up on the decision",
        ] {
            assert!(asks_for_decision(ask), "{ask}");
        }
        assert!(!asks_for_decision("Договориться о встрече с тем, кто принимает решение"));
        assert!(!asks_for_decision("Agree a meeting with the decision maker"));
    }

    #[test]
    fn russian_plurals() {
        assert_eq!(ru_stages(2), "этапа");
        assert_eq!(ru_stages(3), "этапа");
        assert_eq!(ru_stages(8), "этапов");
        assert_eq!(ru_stages(21), "этап");
    }
}
