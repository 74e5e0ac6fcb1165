//! Every validation error is reachable and worded with its field and range; the posts' rules
//! are advice, never refusals (tests/linter.rs checks each rule); the command line answers bad
//! input with one line and exit 2.

mod common;

use common::four_stages;
use funnel_lab::cli::main_with;
use funnel_lab::lint::{advise, AdviceCode};
use funnel_lab::sim::{Scenario, ScenarioSpec};

const OK: &str = r#""inflow": [{"stage": 1, "per_day": 4.0}], "initial_pipeline": "steady_state",
    "budget": {"median": 150000, "p90": 400000}"#;

fn errors_of(json: &str) -> Vec<String> {
    match Scenario::from_json(json) {
        Ok(_) => Vec::new(),
        Err(e) => e.errors().iter().map(ToString::to_string).collect(),
    }
}

/// Replaces `from` by `to` in the valid base scenario and expects exactly one error.
fn one_error(from: &str, to: &str) -> String {
    let base = four_stages(OK);
    assert!(base.contains(from), "pattern {from} not in base");
    let errs = errors_of(&base.replacen(from, to, 1));
    assert_eq!(errs.len(), 1, "{from} -> {to}: {errs:?}");
    errs[0].clone()
}

#[test]
fn base_is_valid() {
    assert!(errors_of(&four_stages(OK)).is_empty());
}

#[test]
fn each_field_error_names_field_and_range() {
    let cases = [
        (
            "\"schema\": 2",
            "\"schema\": 3",
            "schema: 3 is not supported; this engine reads schemas 1 and 2",
        ),
        ("\"horizon_days\": 21", "\"horizon_days\": 400", "horizon_days: 400 is outside 1..=366"),
        (
            "\"checkpoint_day\": 10",
            "\"checkpoint_day\": 22",
            "checkpoint_day: 22 is outside 1..=21 (the horizon)",
        ),
        ("\"plan\": 2000000", "\"plan\": 0", "plan: 0 must be a finite number > 0"),
        (
            "\"conversion\": 0.7",
            "\"conversion\": 1.3",
            "stages[2].conversion: 1.3 is outside 0..=1",
        ),
        (
            "\"mean_days\": 5",
            "\"mean_days\": 0.5",
            "stages[1].mean_days: 0.5 must be a finite number >= 1",
        ),
        ("\"name\": \"Согласовываю ТЗ\"", "\"name\": \" \"", "stages[1].name: must not be empty"),
        ("\"stage\": 1,", "\"stage\": 5,", "inflow[0].stage: 5 is outside 1..=4"),
        ("\"per_day\": 4.0", "\"per_day\": -1", "inflow[0].per_day: -1 is outside 0..=100000"),
        ("\"median\": 150000", "\"median\": -5", "budget.median: -5 must be a finite number > 0"),
        (
            "\"p90\": 400000",
            "\"p90\": 100",
            "budget.p90: 100 must be a finite number >= the median",
        ),
        (
            "\"steady_state\"",
            "{\"counts\": [1, 2]}",
            "initial_pipeline.counts: has 2 numbers; give one per stage (4)",
        ),
        (
            "\"steady_state\"",
            "{\"counts\": [1, 2, -3, 4]}",
            "initial_pipeline.counts[2]: -3 is outside 0..=1000000",
        ),
    ];
    for (from, to, want) in cases {
        assert_eq!(one_error(from, to), want);
    }
}

#[test]
fn a_shorter_horizon_also_flags_the_checkpoint() {
    let errs = errors_of(&four_stages(OK).replace("\"horizon_days\": 21", "\"horizon_days\": 0"));
    assert_eq!(
        errs,
        vec![
            "horizon_days: 0 is outside 1..=366",
            "checkpoint_day: 10 is outside 1..=1 (the horizon)"
        ]
    );
}

#[test]
fn lever_errors() {
    let with = |levers: &str| errors_of(&four_stages(&format!("{OK}, \"levers\": {{{levers}}}")));
    let cases = [
        ("\"question_effect\": 1.5", "levers.question_effect: 1.5 is outside 0..=0.9"),
        (
            "\"open_question_share\": {\"norming\": -0.1}",
            "levers.open_question_share.norming: -0.1 is outside 0..=1",
        ),
        ("\"rework_per_day\": 1", "levers.rework_per_day: 1 is outside 0..1"),
        ("\"call_kpi_factor\": 1.5", "levers.call_kpi_factor: 1.5 is outside 0..=1"),
        ("\"contacts_per_deal\": 0", "levers.contacts_per_deal: 0 is outside 1..=20"),
        (
            "\"contacts_worked\": 2",
            "levers.contacts_worked: 2 is outside 1..=1 (contacts_per_deal)",
        ),
        ("\"veto_per_contact\": -0.5", "levers.veto_per_contact: -0.5 is outside 0..=1"),
        ("\"budget_known_from_stage\": 5", "levers.budget_known_from_stage: 5 is outside 1..=4"),
        ("\"early_budget_sigma\": 9", "levers.early_budget_sigma: 9 is outside 0..=3"),
        ("\"deadline_share\": 2", "levers.deadline_share: 2 is outside 0..=1"),
        ("\"deadline_lift\": -1", "levers.deadline_lift: -1 must be a finite number >= 0"),
        ("\"deadline_speedup\": 1.2", "levers.deadline_speedup: 1.2 is outside 0..=1"),
        ("\"minutes_per_day\": -10", "levers.minutes_per_day: -10 must be a finite number >= 0"),
        ("\"minutes_per_deal\": 0", "levers.minutes_per_deal: 0 must be a finite number > 0"),
        ("\"depth_penalty\": -2", "levers.depth_penalty: -2 must be a finite number >= 0"),
    ];
    for (levers, want) in cases {
        assert_eq!(with(levers), vec![want.to_owned()], "{levers}");
    }
}

#[test]
fn every_error_is_listed_at_once() {
    let bad = four_stages(OK)
        .replace("\"conversion\": 0.7", "\"conversion\": 7")
        .replace("\"plan\": 2000000", "\"plan\": -1")
        .replace("\"median\": 150000", "\"median\": 0");
    assert_eq!(errors_of(&bad).len(), 3, "{:?}", errors_of(&bad));
}

#[test]
fn parse_errors_name_the_field() {
    let typo = four_stages(OK).replace("\"mean_days\": 5", "\"mean_dayz\": 5");
    let e = errors_of(&typo).join("\n");
    assert!(e.starts_with("stages[1]") && e.contains("unknown field `mean_dayz`"), "{e}");
    let wrong_type = four_stages(OK).replace("\"plan\": 2000000", "\"plan\": \"lots\"");
    let e = errors_of(&wrong_type).join("\n");
    assert!(e.starts_with("plan: invalid type: string"), "{e}");
    let nan = four_stages(OK).replace("\"plan\": 2000000", "\"plan\": NaN");
    assert!(!errors_of(&nan).is_empty());
    assert!(ScenarioSpec::from_json("{").is_err());
}

#[test]
fn seed_rules_are_advice_not_errors() {
    let json = four_stages(OK)
        .replace("\"Согласовываю ТЗ\"", "\"Переговоры\"")
        .replace("\"Подписываю договор\"", "\"Думают\"")
        .replace("\"exit_fact\": \"Оплата получена\",", "");
    let s = Scenario::from_json(&json).expect("rules do not refuse a scenario");
    let codes: Vec<_> = advise(s.spec()).iter().map(|a| (a.code, a.stage)).collect();
    assert_eq!(
        codes,
        vec![
            (AdviceCode::StatusName, Some(1)),
            (AdviceCode::Pocket, Some(2)),
            (AdviceCode::ExitFact, Some(3)),
        ]
    );
    let three = r#"{"schema": 1, "horizon_days": 5, "plan": 1, "budget": {"median": 1, "p90": 1},
        "stages": [{"name": "Agreeing", "exit_fact": "x", "conversion": 1, "mean_days": 1},
                   {"name": "Signing", "exit_fact": "y", "conversion": 1, "mean_days": 1}],
        "levers": {"reverse_per_day": 0.1}}"#;
    let s = Scenario::from_json(three).expect("valid");
    let codes: Vec<_> = advise(s.spec()).iter().map(|a| a.code).collect();
    assert_eq!(codes, vec![AdviceCode::StageCount, AdviceCode::ReverseRecord]);
}

fn cli(args: &[&str]) -> funnel_lab::cli::Outcome {
    main_with(&args.iter().map(|s| s.to_string()).collect::<Vec<_>>())
}

fn assert_one_line_error(args: &[&str], needle: &str) {
    let out = cli(args);
    assert_eq!(out.code, 2, "{args:?}");
    assert!(out.stdout.is_empty());
    let line = out.stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{args:?}: {line}");
    assert!(line.contains(needle), "{args:?}: {line}");
}

#[test]
fn cli_bad_input_is_one_line_and_exit_2() {
    let dir = std::env::temp_dir().join(format!("funnel-lab-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).expect("write");
        p.to_string_lossy().into_owned()
    };
    let invalid_json = write("bad.json", "{ this is not json");
    let wrong_type =
        write("type.json", &four_stages(OK).replace("\"plan\": 2000000", "\"plan\": [1]"));
    let nan = write("nan.json", &four_stages(OK).replace("\"plan\": 2000000", "\"plan\": NaN"));
    let negative =
        write("neg.json", &four_stages(OK).replace("\"per_day\": 4.0", "\"per_day\": -4"));

    assert_one_line_error(&["run", "/no/such/file.json"], "cannot read '/no/such/file.json'");
    assert_one_line_error(&["run", &invalid_json], "key must be a string");
    assert_one_line_error(&["run", &wrong_type], "plan: invalid type");
    assert_one_line_error(&["run", &nan], "expected value");
    assert_one_line_error(&["run", &negative], "inflow[0].per_day: -4 is outside");
    assert_one_line_error(
        &["run", "default", "--trials", "0"],
        "trials: 0 is outside 1..=10000000",
    );
    assert_one_line_error(
        &["run", "default", "--trials", "1000000000000"],
        "trials: 1000000000000 is outside",
    );
    assert_one_line_error(
        &["run", "default", "--trials", "10^12"],
        "'10^12' is not a whole number",
    );
    assert_one_line_error(&["run", "default", "--seed", "-1"], "--seed");
    assert_one_line_error(&["run", "default", "--frobnicate"], "unknown option");
    assert_one_line_error(&["preset", "nope"], "no preset 'nope'");
    assert_one_line_error(&["bogus"], "unknown command");

    let out = cli(&["validate", &negative]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stderr, "inflow[0].per_day: -4 is outside 0..=100000\n");
    let many = write(
        "many.json",
        &four_stages(OK)
            .replace("\"plan\": 2000000", "\"plan\": -2")
            .replace("\"per_day\": 4.0", "\"per_day\": -4"),
    );
    assert_eq!(cli(&["validate", &many]).stderr.lines().count(), 2);
    let ok = write("ok.json", &four_stages(OK).replace("\"Согласовываю ТЗ\"", "\"Переговоры\""));
    let out = cli(&["validate", &ok]);
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("advice: Stage 2 \"Переговоры\" is named as a status"),
        "{}",
        out.stdout
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_json_has_the_documented_keys() {
    let out = cli(&["run", "default", "--trials", "300", "--seed", "2", "--json"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON object");
    for key in [
        "trials",
        "seed",
        "plan",
        "p_plan",
        "p_plan_se",
        "revenue",
        "wins",
        "losses",
        "stages",
        "fan",
        "forecast",
        "warnings",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    for key in ["mean", "sd", "p5", "p10", "p50", "p90", "p95"] {
        assert!(v["revenue"][key].is_number(), "revenue.{key}");
    }
    for key in [
        "name",
        "shape_count",
        "shape_budget",
        "checkpoint_count",
        "checkpoint_budget",
        "end_count",
        "end_budget",
        "plan_shape_count",
        "plan_shape_budget",
        "recorded_conversion",
        "conversion",
    ] {
        assert!(v["stages"][0].get(key).is_some(), "stages[0].{key}");
    }
    let curve = v["forecast"]["warn_shape_curve"].as_array().expect("curve");
    assert_eq!(curve.len(), 18, "6 tolerances x 3 bases");
    for point in curve {
        for key in ["tolerance", "basis", "precision", "recall", "rate"] {
            assert!(point.get(key).is_some(), "warn_shape_curve[].{key}");
        }
    }
    assert_eq!(curve[0]["basis"], "both");
    assert_eq!(curve[0]["tolerance"], 0.0);
    for key in ["day", "p10", "p50", "p90"] {
        assert!(v["fan"][0].get(key).is_some(), "fan[0].{key}");
    }
    for path in [
        ["warn_forecast", "precision"],
        ["warn_forecast", "recall"],
        ["warn_shape", "precision"],
        ["warn_shape", "recall"],
    ] {
        assert!(v["forecast"][path[0]].get(path[1]).is_some(), "forecast.{path:?}");
    }
    assert!(v["forecast"].get("bias").is_some() && v["forecast"].get("mape").is_some());
    assert_eq!(v["trials"], 300);
    assert_eq!(v["seed"], 2);
    let table = cli(&["run", "pipe", "--trials", "200"]);
    assert_eq!(table.code, 0);
    assert!(table.stdout.contains("P(plan)"));
    assert_eq!(cli(&["presets"]).stdout.lines().count(), funnel_lab::sim::PRESETS.len());
    assert!(cli(&["presets"]).stdout.contains("ladder-no-tripwire"));
    assert!(cli(&["preset", "guitar"]).stdout.contains("\"schema\": 2"));
}

/// Found by fuzzing (fuzz/artifacts/scenario/timeout-3496…): a stage of 4·10⁶² days with a
/// steady-state start validated, and its first trial drew astronomically many deals and never
/// ended. Such a start is refused before any trial, by the work limit on one trial (README,
/// "Limits"), in well under a second; an empty start with the same stage runs.
#[test]
fn a_steady_state_of_astronomically_many_deals_is_refused() {
    use funnel_lab::sim::{RunConfig, RunError, Simulation};
    for days in ["4e62", "1e308"] {
        let json =
            four_stages(OK).replacen("\"mean_days\": 5", &format!("\"mean_days\": {days}"), 1);
        let scenario = Scenario::from_json(&json).expect("every field is in range");
        let t0 = std::time::Instant::now();
        let Err(err) = Simulation::new(scenario, RunConfig { trials: 1, ..RunConfig::default() })
        else {
            panic!("{days}: refused");
        };
        assert!(matches!(err, RunError::TrialWork { .. }), "{days}: {err}");
        assert!(t0.elapsed().as_secs_f64() < 1.0);
    }
    let empty = four_stages(OK).replacen("\"mean_days\": 5", "\"mean_days\": 4e62", 1).replacen(
        "\"steady_state\"",
        "\"empty\"",
        1,
    );
    let scenario = Scenario::from_json(&empty).expect("valid");
    assert!(Simulation::new(scenario, RunConfig { trials: 1, ..RunConfig::default() }).is_ok());
}

/// Found by fuzzing (fuzz/artifacts/scenario/crash-8d36…): a budget P90 of 5·10⁶⁴ validated and
/// its draws were infinite, so a month's revenue was not a number. Money is capped at
/// `MAX_MONEY` and a log-normal's P90 at `MAX_SPREAD` × its median; the field and the range say so.
#[test]
fn money_that_would_overflow_is_refused() {
    use funnel_lab::sim::scenario::{MAX_MONEY, MAX_SPREAD};
    let with_budget = |median: &str, p90: &str| {
        four_stages(OK).replacen(
            r#""budget": {"median": 150000, "p90": 400000}"#,
            &format!(r#""budget": {{"median": {median}, "p90": {p90}}}"#),
            1,
        )
    };
    assert!(four_stages(OK).contains(r#""budget": {"median": 150000, "p90": 400000}"#));
    let errors = errors_of(&with_budget("150000", "5e64"));
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("budget.p90: 5")
            && errors[0].ends_with(" is outside 150000..=150000000000"),
        "{errors:?}"
    );
    let errors = errors_of(&with_budget("1e300", "1e300"));
    assert!(
        errors.iter().any(|e| e.starts_with("budget.median: 1")
            && e.ends_with(" is outside 0..=1000000000000000")),
        "{errors:?}"
    );
    // The largest accepted spread and amount still validate, and their draws stay finite.
    let edge = with_budget(&format!("{MAX_MONEY:e}"), &format!("{MAX_MONEY:e}"));
    assert!(errors_of(&edge).is_empty(), "{:?}", errors_of(&edge));
    let wide = with_budget("1000", &format!("{:e}", 1000.0 * MAX_SPREAD));
    assert!(errors_of(&wide).is_empty(), "{:?}", errors_of(&wide));
}
