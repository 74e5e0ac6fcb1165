//! Texts in both languages, one shape for all of them: [`Text`] for a field that always has
//! both (a lesson's title, a linter's message, a metrics table's title), and [`Named`] for the
//! file formats' `name` + optional `name_en` pairs (a scenario, its stages, a ladder's rungs),
//! whose JSON keys stay as they are.

use serde::{Deserialize, Serialize};

use super::i18n::Lang;
use crate::sim::report::StageReport;
use crate::sim::scenario::{ScenarioSpec, StageSpec};

/// A text in Russian and English.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

impl Text {
    /// A text from its Russian and English words.
    pub fn new(ru: impl Into<String>, en: impl Into<String>) -> Text {
        Text { ru: ru.into(), en: en.into() }
    }

    /// The words in `lang`.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ru => &self.ru,
            Lang::En => &self.en,
        }
    }
}

/// Something with a name in the file's own words (`name`, usually Russian) and optionally an
/// English one (`name_en`): the one place that says "the English name if any".
pub trait Named {
    /// The name as written in the file.
    fn name(&self) -> &str;
    /// The English name, if the file gives one.
    fn name_en(&self) -> Option<&str>;

    /// The name to show on a page in `lang`: on an English page the English name when there
    /// is one, else the file's own.
    fn name_in(&self, lang: Lang) -> &str {
        match (lang, self.name_en()) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => self.name(),
        }
    }
}

/// Implements [`Named`] for types with `name: String` and `name_en: Option<String>` fields.
macro_rules! named_by_fields {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::words::text::Named for $t {
            fn name(&self) -> &str {
                &self.name
            }
            fn name_en(&self) -> Option<&str> {
                self.name_en.as_deref()
            }
        }
    )*};
}

pub(crate) use named_by_fields;

named_by_fields!(ScenarioSpec, StageSpec, StageReport);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_text_gives_each_language_its_words() {
        let t = Text::new("Встреча", "Meeting");
        assert_eq!((t.get(Lang::Ru), t.get(Lang::En)), ("Встреча", "Meeting"));
        let json = serde_json::to_string(&t).expect("serialises");
        assert_eq!(serde_json::from_str::<Text>(&json).expect("reads back"), t);
        assert!(serde_json::from_str::<Text>(r#"{"ru":"а","en":"b","de":"c"}"#).is_err());
    }

    #[test]
    fn a_name_falls_back_to_the_files_own_on_an_english_page() {
        let scenario = crate::sim::presets::default_preset().scenario().expect("preset");
        let mut s = scenario.spec().clone();
        let stage = &mut s.stages[0];
        stage.name = "Встреча".into();
        stage.name_en = Some("Meeting".into());
        assert_eq!((stage.name_in(Lang::Ru), stage.name_in(Lang::En)), ("Встреча", "Meeting"));
        stage.name_en = None;
        assert_eq!(stage.name_in(Lang::En), "Встреча");
        stage.name_en = Some("  ".into());
        assert_eq!(stage.name_in(Lang::En), "Встреча", "a blank English name is no name");
    }
}
