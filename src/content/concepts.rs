//! The posts' concepts as data: every duty, funnel shape, requirement, the example and every
//! common mistake of the two sales-funnel posts, every rung and idea of the ladder post and every
//! critique of the metrics post, each with its source, a summary in our own words,
//! how far the model covers it, and where the app shows it (`assets/concepts.json`, embedded).
//!
//! Plain Rust on every target: the concepts page only renders what this module groups and
//! links, so the native tests check every link without a browser.

use serde::{Deserialize, Serialize};

use crate::content::lessons::{Lesson, Text};
use crate::lint::AdviceCode;

/// The concepts file, embedded at build time.
const CONCEPTS_JSON: &str = include_str!("../../assets/concepts.json");

/// What kind of item of the posts a concept is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Group {
    /// One of the 12 duties of a head of sales.
    Duty,
    /// One of the five funnel shapes of duty 2.
    Shape,
    /// The mid-month check of duty 2.
    Check,
    /// One of the 12 requirements of the fact-based prospective funnel.
    Requirement,
    /// The five-stage example funnel.
    Example,
    /// One of the 4 common mistakes.
    Mistake,
    /// A rung of the product ladder (the ladder post).
    Rung,
    /// An idea of the ladder post about the ladder as a whole.
    LadderIdea,
    /// A critique of the metrics post.
    Critique,
}

/// How far the simulation covers a concept.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Coverage {
    /// A lesson or a lever shows its effect.
    Simulated,
    /// The engine takes it as given: it holds in every run by construction.
    Assumed,
    /// The linter checks a scenario against it; the model gives it no effect.
    Checked,
    /// Not in the model at all; the note says why.
    NotSimulated,
}

impl Coverage {
    /// The badge shown beside a concept.
    pub fn label(self) -> Text {
        let (ru, en) = match self {
            Coverage::Simulated => ("моделируется", "simulated"),
            Coverage::Assumed => ("заложено в модель", "built into the model"),
            Coverage::Checked => ("проверяет линтер", "checked by the linter"),
            Coverage::NotSimulated => ("не моделируется", "not simulated"),
        };
        Text { ru: ru.into(), en: en.into() }
    }
}

/// Where the app shows a concept.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Link {
    /// A lesson, `#/lesson/<id>`.
    Lesson {
        /// The lesson's id.
        id: String,
    },
    /// A linter rule, shown in the simulator beside the stages.
    Linter {
        /// The rule, by its code; an unknown code fails to parse.
        code: AdviceCode,
    },
    /// A lever in the simulator's editor.
    Lever {
        /// The field of `levers` in a scenario file.
        field: String,
    },
    /// The team view.
    Team,
    /// The simulator's editor.
    Editor,
    /// The simulator's «Что нужно, чтобы…» / "What it takes" panel (issue #21): the value of
    /// each lever that brings P(plan) to a chance you choose.
    Goal,
    /// The product ladder page.
    Ladder,
    /// The metrics post's calculators and lab.
    Metrics,
    /// Calibration from a CRM export.
    Calibrate,
}

/// A linter rule's key as scenario files and the advice list write it (`task_not_agree`).
pub fn rule_key(code: AdviceCode) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// What a simulator link asks the editor to open: a lever by its field or a linter rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Focus {
    /// `#/?lever=<field>`.
    Lever(String),
    /// `#/?rule=<key>`.
    Rule(String),
}

impl Focus {
    /// The target of a hash such as `#/?lever=deadline_share`, if any.
    pub fn parse(hash: &str) -> Option<Focus> {
        let query = hash.trim_start_matches('#').trim_start_matches('/').strip_prefix('?')?;
        let (k, v) = query.split_once('=')?;
        let ok = !v.is_empty() && v.chars().all(|c| c.is_ascii_lowercase() || c == '_');
        match k {
            "lever" if ok => Some(Focus::Lever(v.to_owned())),
            "rule" if ok => Some(Focus::Rule(v.to_owned())),
            _ => None,
        }
    }

    /// The CSS selector of the element it names on the simulator page.
    pub fn selector(&self) -> String {
        match self {
            Focus::Lever(f) => format!("[data-path^=\"levers.{f}\"]"),
            Focus::Rule(r) => format!("[data-code=\"{r}\"]"),
        }
    }
}

/// A linter rule in words: what it looks for.
pub fn rule_words(code: AdviceCode) -> Text {
    let (ru, en) = match code {
        AdviceCode::StageCount => ("число этапов", "the number of stages"),
        AdviceCode::ExitFact => ("факт выхода этапа", "a stage's exit fact"),
        AdviceCode::StatusName => ("этап назван статусом", "a stage named as a status"),
        AdviceCode::Pocket => ("этап-«карман»", "a pocket stage"),
        AdviceCode::BallOnClient => ("мяч на стороне клиента", "the ball on the client's side"),
        AdviceCode::ReverseRecord => ("обратный ход в записи", "moves back in the record"),
        AdviceCode::TaskNotAgree => {
            ("задача начинается не с «Договориться…»", "a task that does not start with \"Agree…\"")
        }
        AdviceCode::TaskAsksDecision => {
            ("задача спрашивает решение клиента", "a task that asks for the client's decision")
        }
        AdviceCode::BudgetLate => ("бюджет известен поздно", "the budget known late"),
    };
    Text { ru: ru.into(), en: en.into() }
}

/// A lever of the editor in words, by its field of `levers`, as the editor labels it.
pub fn lever_words(field: &str) -> Option<Text> {
    use crate::words::i18n::{tr, Lang, Phrase};
    let phrase = match field {
        "kpi" => Phrase::Kpi,
        "call_kpi_factor" => Phrase::CallKpiFactor,
        "budget_known_from_stage" => Phrase::BudgetKnownFromStage,
        "rework_per_day" => Phrase::Rework,
        "early_budget_sigma" => Phrase::EarlyBudgetSigma,
        "veto_per_contact" => Phrase::VetoPerContact,
        "record_reverse" => Phrase::RecordReverse,
        "question_effect" => Phrase::QuestionEffect,
        "contacts_worked" => Phrase::ContactsWorked,
        "open_question_share" => Phrase::OpenShare,
        "deadline_share" => Phrase::DeadlineShare,
        "deadline_lift" => Phrase::DeadlineLift,
        "deadline_speedup" => Phrase::DeadlineSpeedup,
        "contacts_per_deal" => Phrase::ContactsPerDeal,
        "minutes_per_deal" => Phrase::MinutesPerDeal,
        "depth_penalty" => Phrase::DepthPenalty,
        _ => return None,
    };
    Some(Text { ru: tr(Lang::Ru, phrase).into(), en: tr(Lang::En, phrase).into() })
}

impl Link {
    /// The link's target in the page's hash routes.
    pub fn href(&self) -> String {
        match self {
            Link::Lesson { id } => format!("#/lesson/{id}"),
            Link::Team => "#/team".into(),
            Link::Ladder => "#/ladder".into(),
            Link::Metrics => "#/metrics".into(),
            Link::Calibrate => "#/calibrate".into(),
            Link::Linter { code } => format!("#/?rule={}", rule_key(*code)),
            Link::Lever { field } => format!("#/?lever={field}"),
            Link::Editor | Link::Goal => "#/".into(),
        }
    }

    /// The link's words: a lesson by its title when `lessons` has it, else by its id.
    pub fn label(&self, lessons: &[Lesson]) -> Text {
        match self {
            Link::Lesson { id } => {
                let title = lessons.iter().find(|l| &l.id == id).map(|l| l.title.clone());
                let title = title.unwrap_or_else(|| Text { ru: id.clone(), en: id.clone() });
                Text {
                    ru: format!("Урок {}", quoted(&title.ru)),
                    en: format!("Lesson {}", quoted(&title.en)),
                }
            }
            Link::Linter { code } => {
                let w = rule_words(*code);
                Text {
                    ru: format!("Симулятор → линтер, правило {}", quoted(&w.ru)),
                    en: format!("Simulator → linter rule {}", quoted(&w.en)),
                }
            }
            Link::Lever { field } => {
                let w = lever_words(field)
                    .unwrap_or_else(|| Text { ru: "рычаг".into(), en: "lever".into() });
                Text {
                    ru: format!("Симулятор → рычаг {}", quoted(&w.ru)),
                    en: format!("Simulator → lever {}", quoted(&w.en)),
                }
            }
            Link::Team => Text { ru: "Команда".into(), en: "Team view".into() },
            Link::Editor => Text { ru: "Симулятор".into(), en: "Simulator".into() },
            Link::Goal => Text {
                ru: "Симулятор → «Что нужно, чтобы…»: какой рычаг сдвинуть".into(),
                en: "Simulator → What it takes: which lever to move".into(),
            },
            Link::Ladder => Text {
                ru: "Страница «Лестница»".into(), en: "The Ladder page".into()
            },
            Link::Metrics => Text {
                ru: "Лаборатория метрик".into(), en: "The metrics lab".into()
            },
            Link::Calibrate => Text {
                ru: "Калибровка по выгрузке CRM".into(),
                en: "Calibration from a CRM export".into(),
            },
        }
    }
}

/// One rule, duty, shape, example or mistake of the posts.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Concept {
    /// Stable id, also the anchor on the page (`#/concepts/<id>`).
    pub id: String,
    /// What kind of item it is.
    pub group: Group,
    /// Its number within its group, as the posts count.
    pub number: u32,
    /// Post and item.
    pub source: Text,
    /// A short name.
    pub title: Text,
    /// One sentence in our own words.
    pub summary: Text,
    /// How far the model covers it.
    pub coverage: Coverage,
    /// Why it is not simulated, or which of our numbers stand in for it; required unless
    /// the concept is simulated.
    #[serde(default)]
    pub note: Option<Text>,
    /// The main place the app shows it (for concepts not simulated, the closest place).
    pub link: Link,
    /// Other places worth a look.
    #[serde(default)]
    pub also: Vec<Link>,
}

impl Concept {
    /// Every link, the main one first.
    pub fn links(&self) -> impl Iterator<Item = &Link> {
        std::iter::once(&self.link).chain(&self.also)
    }

    /// The number shown before the title: the posts number duties, requirements and
    /// mistakes; a shape or the check reads as part of duty 2, the example stands alone.
    pub fn marker(&self) -> Option<String> {
        match self.group {
            Group::Duty | Group::Requirement | Group::Mistake => Some(self.number.to_string()),
            Group::Shape
            | Group::Check
            | Group::Example
            | Group::Rung
            | Group::LadderIdea
            | Group::Critique => None,
        }
    }

    /// Whether the page shows it indented under its parent item (duty 2).
    pub fn is_sub_item(&self) -> bool {
        matches!(self.group, Group::Shape | Group::Check)
    }
}

/// A part of the posts, in page order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    /// The 12 duties, with duty 2's shapes and check.
    Duties,
    /// The 12 requirements.
    Requirements,
    /// The five-stage example.
    Example,
    /// The 4 common mistakes.
    Mistakes,
    /// The ladder post: its rungs and ideas.
    Ladder,
    /// The metrics post's critiques.
    Metrics,
}

impl Section {
    /// Every section, in page order.
    pub const ALL: [Section; 6] = [
        Section::Duties,
        Section::Requirements,
        Section::Example,
        Section::Mistakes,
        Section::Ladder,
        Section::Metrics,
    ];

    /// The section's heading, naming its post.
    pub fn title(self) -> Text {
        let (ru, en) = match self {
            Section::Duties => (
                "Обязанности руководителя отдела продаж — «12 неочевидных обязанностей…»",
                "Duties of a head of sales — «12 non-obvious duties…»",
            ),
            Section::Requirements => (
                "Требования к воронке — «Воронка продаж — опыт и ошибки…»",
                "Requirements of the funnel — «The sales funnel: experience and mistakes…»",
            ),
            Section::Example => (
                "Пример воронки — «Воронка продаж — опыт и ошибки…»",
                "The example funnel — «The sales funnel: experience and mistakes…»",
            ),
            Section::Mistakes => (
                "Частые ошибки — «Воронка продаж — опыт и ошибки…»",
                "Common mistakes — «The sales funnel: experience and mistakes…»",
            ),
            Section::Ladder => (
                "Продуктовая лестница — «Как выстроить продуктовую воронку…»",
                "The product ladder — «How to build a product funnel…»",
            ),
            Section::Metrics => (
                "Критика метрик — «Аналитика, которая ничего не показывает»",
                "The metrics critique — «Analytics that shows nothing»",
            ),
        };
        Text { ru: ru.into(), en: en.into() }
    }
}

impl Group {
    /// The section it is listed in.
    pub fn section(self) -> Section {
        match self {
            Group::Duty | Group::Shape | Group::Check => Section::Duties,
            Group::Requirement => Section::Requirements,
            Group::Example => Section::Example,
            Group::Mistake => Section::Mistakes,
            Group::Rung | Group::LadderIdea => Section::Ladder,
            Group::Critique => Section::Metrics,
        }
    }
}

/// Why the concepts file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum ConceptsError {
    /// The file does not parse; the path inside it says where.
    #[error("assets/concepts.json: {0}")]
    Parse(#[from] serde_path_to_error::Error<serde_json::Error>),
}

/// Every concept, in the file's order (the posts' order).
pub fn concepts() -> Result<Vec<Concept>, ConceptsError> {
    let de = &mut serde_json::Deserializer::from_str(CONCEPTS_JSON);
    Ok(serde_path_to_error::deserialize(de)?)
}

/// The concepts grouped by section, sections in page order, each in the file's order; a
/// section with no concept is left out.
pub fn sections(concepts: &[Concept]) -> Vec<(Section, Vec<&Concept>)> {
    Section::ALL
        .into_iter()
        .map(|s| (s, concepts.iter().filter(|c| c.group.section() == s).collect::<Vec<_>>()))
        .filter(|(_, cs)| !cs.is_empty())
        .collect()
}

/// The concept id in a hash such as `#/concepts/duty-3`, if any.
pub fn anchor(hash: &str) -> Option<&str> {
    let path = hash.trim_start_matches('#').trim_start_matches('/');
    path.strip_prefix("concepts/").filter(|id| !id.is_empty())
}

/// `text` in «…», its own «…» turned into the inner „…“ (Russian nesting), so a title that is
/// itself quoted never shows «« or »».
pub fn quoted(text: &str) -> String {
    let inner: String = text
        .chars()
        .map(|c| match c {
            '«' => '„',
            '»' => '“',
            c => c,
        })
        .collect();
    format!("«{inner}»")
}
