//! Workshop lessons, as data: one JSON file per lesson under `assets/lessons/`, embedded at
//! build time. A lesson has a short explanation in the seed's terms, a question for the room, a
//! baseline scenario and variants (a preset, or the baseline with a JSON merge patch), and the
//! numbers its reveal shows.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::sim::{preset, Scenario, ScenarioSpec};

include!(concat!(env!("OUT_DIR"), "/lessons.rs"));

/// A text in both languages.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Text {
    /// Russian.
    pub ru: String,
    /// English.
    pub en: String,
}

/// One scenario of a lesson: a preset, optionally patched, or the baseline patched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Arm {
    /// Its name in the reveal table.
    pub label: Text,
    /// A built-in scenario to start from (the baseline's, when absent).
    #[serde(default)]
    pub preset: Option<String>,
    /// A JSON merge patch (RFC 7396) applied to the starting scenario.
    #[serde(default)]
    pub patch: Option<Value>,
}

/// A number the reveal shows for each arm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// P(plan).
    PPlan,
    /// Mean revenue.
    Mean,
    /// Revenue P10.
    P10,
    /// Revenue P90.
    P90,
    /// Mean deals won.
    Wins,
    /// Deals in the funnel at the checkpoint.
    Pipeline,
    /// Wins over wins and losses.
    Conversion,
    /// Mean forecast − actual, relative.
    ForecastBias,
    /// Forecast's mean absolute percentage error.
    Mape,
    /// Precision and recall of "a stage below its shape".
    WarnShape,
    /// Precision and recall of "forecast below plan".
    WarnForecast,
    /// Per stage: the true conversion beside the one the record shows.
    RecordedConversion,
    /// Per stage: deals and budget at the checkpoint beside the plan shape.
    CheckpointVsPlan,
    /// The two-number mid-month check along its tolerance curve.
    WarnShapeCurve,
    /// The mid-month post's two claims tested once for the lesson (`assets/studies/midmonth.json`,
    /// [`crate::studies::midmonth`]): P(plan | the checkpoint's record) against what happened,
    /// and which stage the largest shortfall points at.
    MidMonthStudy,
}

/// What a lesson's arms are.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LessonKind {
    /// Scenarios of the sales funnel (presets of [`crate::sim::presets`]).
    #[default]
    Funnel,
    /// Product ladders (built-in ladder files, patched; read by the ladder model).
    Ladder,
}

fn is_funnel(k: &LessonKind) -> bool {
    *k == LessonKind::Funnel
}

/// A lesson.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lesson {
    /// Short id, used in the URL (`#/lesson/<id>`).
    pub id: String,
    /// Position in the course.
    pub order: u32,
    /// Funnel scenarios (the default) or product ladders.
    #[serde(default, skip_serializing_if = "is_funnel")]
    pub kind: LessonKind,
    /// Title.
    pub title: Text,
    /// Where the posts say it: post and item (`../shared/seed`), e.g. "duty 3; requirement 6".
    pub source: Text,
    /// The posts' claim, in our own words.
    pub claim: Text,
    /// Every number in the lesson that is ours, not the posts', so a trainer can see and change
    /// it (each arm opens in the editor).
    pub assumptions: Vec<Text>,
    /// The explanation.
    pub intro: Text,
    /// What the room predicts.
    pub question: Text,
    /// What the result means.
    pub moral: Text,
    /// The baseline.
    pub baseline: Arm,
    /// The variants compared with it.
    pub variants: Vec<Arm>,
    /// The numbers the reveal shows.
    pub metrics: Vec<Metric>,
}

/// Applies a JSON merge patch (RFC 7396): objects merge key by key, `null` deletes, anything
/// else (arrays included) replaces.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    match (target, patch) {
        (Value::Object(t), Value::Object(p)) => {
            for (k, v) in p {
                if v.is_null() {
                    t.remove(k);
                } else {
                    merge_patch(t.entry(k.clone()).or_insert(Value::Null), v);
                }
            }
        }
        (t, p) => *t = p.clone(),
    }
}

impl Lesson {
    fn arm_spec(&self, arm: &Arm, is_baseline: bool) -> Result<ScenarioSpec, String> {
        let key = arm.preset.as_deref().or(self.baseline.preset.as_deref()).unwrap_or("default");
        let p = preset(key).ok_or_else(|| format!("lesson {}: no preset '{key}'", self.id))?;
        let mut value: Value = serde_json::from_str(p.json).map_err(|e| e.to_string())?;
        // A variant without its own preset starts from the patched baseline.
        if arm.preset.is_none() && !is_baseline {
            if let Some(patch) = &self.baseline.patch {
                merge_patch(&mut value, patch);
            }
        }
        if let Some(patch) = &arm.patch {
            merge_patch(&mut value, patch);
        }
        let spec = ScenarioSpec::from_json(&value.to_string())
            .map_err(|e| format!("lesson {}: {e}", self.id))?;
        Scenario::new(spec.clone())
            .map_err(|e| format!("lesson {} ({}): {e}", self.id, arm.label.en))?;
        Ok(spec)
    }

    /// Every arm's scenario, the baseline first, each validated (a ladder lesson has none:
    /// see [`Lesson::ladders`]).
    pub fn scenarios(&self) -> Result<Vec<(Text, ScenarioSpec)>, String> {
        if self.kind == LessonKind::Ladder {
            return Err(format!("lesson {}: its arms are ladders", self.id));
        }
        std::iter::once((&self.baseline, true))
            .chain(self.variants.iter().map(|v| (v, false)))
            .map(|(arm, is_baseline)| Ok((arm.label.clone(), self.arm_spec(arm, is_baseline)?)))
            .collect()
    }
}

impl Lesson {
    /// Every arm's ladder file (JSON), the baseline first: the built-in ladder `preset` returns
    /// for its key, with the arm's merge patch applied (a funnel lesson has none). The caller
    /// reads and checks each with the ladder model, which sits beside this module.
    pub fn ladder_files(
        &self,
        preset: impl Fn(&str) -> Option<&'static str>,
    ) -> Result<Vec<(Text, String)>, String> {
        if self.kind != LessonKind::Ladder {
            return Err(format!("lesson {}: its arms are funnel scenarios", self.id));
        }
        let arm_file = |arm: &Arm, is_baseline: bool| -> Result<String, String> {
            let key = arm.preset.as_deref().or(self.baseline.preset.as_deref()).unwrap_or("ladder");
            let json =
                preset(key).ok_or_else(|| format!("lesson {}: no ladder '{key}'", self.id))?;
            let mut value: Value = serde_json::from_str(json).map_err(|e| e.to_string())?;
            if arm.preset.is_none() && !is_baseline {
                if let Some(patch) = &self.baseline.patch {
                    merge_patch(&mut value, patch);
                }
            }
            if let Some(patch) = &arm.patch {
                merge_patch(&mut value, patch);
            }
            Ok(value.to_string())
        };
        std::iter::once((&self.baseline, true))
            .chain(self.variants.iter().map(|v| (v, false)))
            .map(|(arm, is_baseline)| Ok((arm.label.clone(), arm_file(arm, is_baseline)?)))
            .collect()
    }
}

/// Every lesson, in course order; a file that does not parse is reported, not skipped silently.
pub fn lessons() -> Result<Vec<Lesson>, String> {
    let mut out = LESSON_FILES
        .iter()
        .map(|(name, text)| {
            serde_json::from_str::<Lesson>(text).map_err(|e| format!("{name}: {e}"))
        })
        .collect::<Result<Vec<_>, _>>()?;
    out.sort_by_key(|l| l.order);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_patch_merges_replaces_and_deletes() {
        let mut v: Value = serde_json::json!({"a": {"b": 1, "c": 2}, "d": [1, 2], "e": 3});
        merge_patch(&mut v, &serde_json::json!({"a": {"b": 9}, "d": [7], "e": null}));
        assert_eq!(v, serde_json::json!({"a": {"b": 9, "c": 2}, "d": [7]}));
    }
}
