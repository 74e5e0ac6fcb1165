//! The preset picker's cards as data: each built-in scenario's names and its funnel shape (the
//! expected deals per stage at the end of a day), written once by the engine into
//! `assets/scenarios/cards.json` and embedded here, so the page draws the picker without
//! building eight models in its first task (issue #20 item 1: constants are computed ahead,
//! not on the page). `tests/presets.rs` checks the file against the engine and rewrites it when
//! asked (`FUNNEL_LAB_BLESS=1`).

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

use crate::words::i18n::Lang;

/// The cards file, embedded at build time.
pub const CARDS_JSON: &str = include_str!("../../assets/scenarios/cards.json");

/// One preset's card.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PresetCard {
    /// The preset's key (`sim::PRESETS`).
    pub key: String,
    /// Its name as its file gives it (Russian).
    pub name: String,
    /// Its English name, if the file has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_en: Option<String>,
    /// Expected deals per stage at the end of a day, rounded to thousandths.
    pub shape: Vec<f64>,
}

impl PresetCard {
    /// The name to show on a page in `lang` (as `words::text::Named` chooses it).
    pub fn name_in(&self, lang: Lang) -> &str {
        match (lang, self.name_en.as_deref()) {
            (Lang::En, Some(en)) if !en.trim().is_empty() => en,
            _ => &self.name,
        }
    }
}

/// Every preset's card, in the presets' order.
pub fn cards() -> &'static [PresetCard] {
    static CARDS: OnceLock<Vec<PresetCard>> = OnceLock::new();
    CARDS.get_or_init(|| serde_json::from_str(CARDS_JSON).unwrap_or_default())
}

/// The card of the preset `key`.
pub fn card(key: &str) -> Option<&'static PresetCard> {
    cards().iter().find(|c| c.key == key)
}
