//! Schema 1 files are read and upgraded to schema 2, and the upgrade is said, never silent
//! (MODEL.md, "Schema 1 files").

mod common;

use common::four_stages;
use funnel_lab::cli::main_with;
use funnel_lab::sim::scenario::{Kpi, UpgradeChange};
use funnel_lab::sim::ScenarioSpec;

const BODY: &str = r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
    "budget": {"median": 150000, "p90": 400000},
    "levers": {"reverse_per_day": 0.1, "minutes_per_day": 300}"#;

fn schema1() -> String {
    four_stages(BODY).replacen("\"schema\": 2", "\"schema\": 1", 1)
}

#[test]
fn schema_1_levers_are_mapped_and_each_change_named() {
    let (spec, upgrade) = ScenarioSpec::from_json_upgrading(&schema1()).expect("reads schema 1");
    assert_eq!(spec.schema, 2);
    let l = &spec.levers;
    assert_eq!(l.rework_per_day, 0.1);
    assert!(l.record_reverse, "version 1 moved deals back, so its record moved too");
    assert_eq!(l.kpi, Kpi::Calls);
    assert_eq!(l.call_kpi_factor, 1.0, "kf = 1 keeps version 1's overload rule");
    let upgrade = upgrade.expect("an upgrade is reported");
    assert_eq!(upgrade.from, 1);
    assert_eq!(
        upgrade.changes,
        vec![
            UpgradeChange::SteadyStateShape,
            UpgradeChange::ReverseToRework { rate: 0.1 },
            UpgradeChange::CapacityToCallsKpi
        ]
    );
    let said = upgrade.to_string();
    assert!(said.contains("rework_per_day 0.1") && said.contains("calls"), "{said}");
}

#[test]
fn schema_2_files_are_read_as_they_are() {
    let (_, upgrade) = ScenarioSpec::from_json_upgrading(&four_stages(
        r#""inflow": [], "budget": {"median": 1, "p90": 1}"#,
    ))
    .expect("valid");
    assert_eq!(upgrade, None);
    // Schema 2 has no reverse_per_day: an old field in a new file is a typo, and refused.
    let bad =
        four_stages(r#""budget": {"median": 1, "p90": 1}, "levers": {"reverse_per_day": 0.1}"#);
    let err = ScenarioSpec::from_json(&bad).expect_err("unknown field");
    assert!(err.to_string().contains("reverse_per_day"), "{err}");
}

#[test]
fn the_command_line_says_it_upgraded() {
    let dir = std::env::temp_dir().join(format!("funnel-lab-schema-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join("old.json");
    std::fs::write(&path, schema1()).expect("write");
    let path = path.to_string_lossy().into_owned();
    let run = main_with(&["run".into(), path.clone(), "--trials".into(), "50".into()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.contains("read as schema 2 (the file is schema 1)"), "{}", run.stderr);
    let validate = main_with(&["validate".into(), path]);
    assert!(validate.stdout.contains("note: read as schema 2"), "{}", validate.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn prices_are_validated_and_never_on_the_last_stage() {
    let with_price = |stage: &str, price: &str| {
        four_stages(r#""inflow": [], "budget": {"median": 1, "p90": 1}"#).replacen(
            &format!(r#""phase": "{stage}"}}"#),
            &format!(r#""phase": "{stage}", "price": {price}}}"#),
            1,
        )
    };
    let errors = |json: String| match funnel_lab::sim::Scenario::from_json(&json) {
        Ok(_) => Vec::new(),
        Err(e) => e.errors().iter().map(ToString::to_string).collect::<Vec<_>>(),
    };
    assert!(errors(with_price("forming", r#"{"median": 500, "p90": 900}"#)).is_empty());
    assert_eq!(
        errors(with_price("performing", r#"{"median": 500, "p90": 500}"#)),
        vec!["stages[3].price: the last stage earns the deal's budget; give prices to earlier stages"]
    );
    assert_eq!(
        errors(with_price("norming", r#"{"median": 500, "p90": 100}"#)),
        vec!["stages[2].price.p90: 100 must be a finite number >= the median"]
    );
    assert_eq!(
        errors(with_price("storming", r#"{"median": 0, "p90": 100}"#)),
        vec!["stages[1].price.median: 0 must be a finite number > 0"]
    );
}

/// The worker's way in reads what the page's does: the same spec from every preset and from a
/// schema 1 file (upgraded), and a refusal of what the page would refuse, only without a path.
#[test]
fn checked_json_reads_as_the_tracked_parser_does() {
    let mut texts: Vec<String> =
        funnel_lab::sim::PRESETS.iter().map(|p| p.json.to_owned()).collect();
    texts.push(schema1());
    for text in &texts {
        let tracked = ScenarioSpec::from_json(text).expect("reads");
        assert_eq!(ScenarioSpec::from_checked_json(text).expect("reads"), tracked);
    }
    for bad in ["{", r#"{"stages": 3}"#, "[]", &format!("{} x", texts[0])] {
        assert!(ScenarioSpec::from_json(bad).is_err());
        assert!(ScenarioSpec::from_checked_json(bad).is_err(), "{bad}");
    }
    // Where the tracked parser names a field, the checked one names none.
    let wrong = texts[0].replacen("\"horizon_days\": ", "\"horizon_days\": \"x\", \"_\": ", 1);
    let tracked = ScenarioSpec::from_json(&wrong).expect_err("refused").to_string();
    let checked = ScenarioSpec::from_checked_json(&wrong).expect_err("refused").to_string();
    assert!(tracked.contains("horizon_days"), "{tracked}");
    assert_ne!(tracked, checked);
}

/// Both ways of reading a preset give the same scenario.
#[test]
fn presets_read_the_same_either_way() {
    for p in funnel_lab::sim::PRESETS {
        let a = p.scenario().expect("valid");
        let b = p.checked_scenario().expect("valid");
        assert_eq!(a.spec(), b.spec(), "{}", p.key);
    }
}
