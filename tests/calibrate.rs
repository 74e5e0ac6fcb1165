//! Calibration from CRM exports: round trips through the engine's own log (coverage of every
//! 95% interval, and the default scenario recovered), each malformed input reported with its
//! row, random input never panics, each CRM format read from a hand-written fixture, the
//! given-deals pipeline, the plan check and the command line.

use funnel_lab::cli::main_with;
use funnel_lab::sim::events::DealEvent;
use funnel_lab::sim::model::Model;
use funnel_lab::sim::rng::TrialRng;
use funnel_lab::sim::scenario::InitialPipeline;
use funnel_lab::sim::trial::Trial;
use funnel_lab::sim::Job;
use funnel_lab::sim::{preset, Method, RunConfig, Scenario, ScenarioSpec, Simulation};
use funnel_lab::studies::calibrate::simlog::{simulate_log, SimLogConfig};
use funnel_lab::studies::calibrate::{
    calibrate, calibrate_bytes, plan_check, CalibrateError, CalibrateOptions, Calibration, Date,
    Format, FormatChoice, PlanCheckConfig, ProblemKind, MAX_BYTES, MAX_ROWS,
};

/// Every tolerance of this file, with where it comes from.
mod tol {
    /// Seeds of the coverage test: with 400, a true 95% coverage shows as 0.95 ± 0.011 (one
    /// standard error), so 0.90..=0.98 is -4.6 .. +2.8 standard errors.
    pub const COVERAGE_SEEDS: u64 = 400;
    /// Working days of each log in the coverage test.
    pub const COVERAGE_DAYS: u32 = 40;
    /// The coverage band the issue asks for.
    pub const COVERAGE: std::ops::RangeInclusive<f64> = 0.90..=0.98;
    /// The issue's tolerances for one 120-day log of the default scenario. They are about
    /// 1.3–2.2 standard errors of the estimates (stage 3's conversion from ~144 exits has
    /// SE 0.038), so they hold for about half of all seeds (94 of seeds 1..=200 measured);
    /// the test uses seed 1, the first, and the bias test below checks the estimator itself.
    pub const CONVERSION_ABS: f64 = 0.05;
    /// Relative error of a mean stay.
    pub const MEAN_DAYS_REL: f64 = 0.15;
    /// Standard errors a statistical check allows (as tests/common's Z).
    pub const Z: f64 = 4.0;
}

/// A three-stage funnel for the coverage test.
const SMALL: &str = r#"{
  "schema": 2, "name": "coverage", "horizon_days": 21, "plan": 1000000,
  "stages": [
    {"name": "Meeting", "conversion": 0.6, "mean_days": 3},
    {"name": "Spec", "conversion": 0.7, "mean_days": 4},
    {"name": "Payment", "conversion": 0.85, "mean_days": 2}
  ],
  "inflow": [{"stage": 1, "per_day": 3.0}],
  "initial_pipeline": "empty",
  "budget": {"median": 100000, "p90": 250000}
}"#;

fn scenario(json: &str) -> Scenario {
    Scenario::from_json(json).expect("test scenario is valid")
}

fn default_scenario() -> Scenario {
    preset("default").expect("default preset").scenario().expect("valid preset")
}

fn log_of(s: &Scenario, days: u32, seed: u64) -> (String, Date) {
    let log = simulate_log(s, &SimLogConfig { days, seed, ..SimLogConfig::default() })
        .expect("log simulates");
    (log.csv, log.last_day)
}

fn calibrate_log(s: &Scenario, days: u32, seed: u64) -> Calibration {
    let (csv, last) = log_of(s, days, seed);
    let options = CalibrateOptions { as_of: Some(last), ..CalibrateOptions::default() };
    calibrate(&csv, &options).expect("a simulated log calibrates")
}

fn opts() -> CalibrateOptions {
    CalibrateOptions::default()
}

fn kinds(cal: &Calibration, kind: ProblemKind) -> Vec<u64> {
    cal.problems.iter().filter(|p| p.kind == kind).filter_map(|p| p.row).collect()
}

// ---------------------------------------------------------------------------------------
// Round trips

#[test]
fn every_interval_covers_the_truth_in_90_to_98_percent_of_logs() {
    let s = scenario(SMALL);
    let truth: Vec<(f64, f64)> =
        s.spec().stages.iter().map(|st| (st.conversion, st.mean_days)).collect();
    let k = truth.len();
    // Per stage: conversion hits, mean-days hits; then the inflow's.
    let mut hits = vec![[0u64; 2]; k];
    let mut inflow_hits = 0u64;
    let mut sums = vec![[0.0f64; 2]; k];
    for seed in 1..=tol::COVERAGE_SEEDS {
        let cal = calibrate_log(&s, tol::COVERAGE_DAYS, seed);
        assert_eq!(cal.stage_order.names, ["Meeting", "Spec", "Payment"], "seed {seed}");
        for (i, e) in cal.estimates.iter().enumerate() {
            let (p, d) = truth[i];
            hits[i][0] += u64::from(e.conversion_ci.low <= p && p <= e.conversion_ci.high);
            hits[i][1] += u64::from(e.mean_days_ci.low <= d && d <= e.mean_days_ci.high);
            sums[i][0] += e.conversion;
            sums[i][1] += 1.0 / e.mean_days;
        }
        let f = &cal.inflow[0];
        inflow_hits += u64::from(f.per_day_ci.low <= 3.0 && 3.0 <= f.per_day_ci.high);
    }
    let n = tol::COVERAGE_SEEDS as f64;
    let mut report = Vec::new();
    for (i, h) in hits.iter().enumerate() {
        for (what, &c) in ["conversion", "mean_days"].iter().zip(h) {
            report.push((format!("stage {} {what}", i + 1), c as f64 / n));
        }
    }
    report.push(("inflow".into(), inflow_hits as f64 / n));
    eprintln!("coverage: {report:?}");
    for (what, rate) in &report {
        assert!(tol::COVERAGE.contains(rate), "{what}: coverage {rate}");
    }
    // No bias: the average conversion and exit hazard over all logs sit on the truth. Each
    // log's stage 1 has ~100 exits, stage 3 ~40; SE of a log's estimate <= 0.5/sqrt(40).
    for (i, (p, d)) in truth.iter().enumerate() {
        let se = 0.5 / (40.0 * n).sqrt();
        let (mc, mh) = (sums[i][0] / n, sums[i][1] / n);
        assert!((mc - p).abs() < tol::Z * se, "stage {}: mean conversion {mc} vs {p}", i + 1);
        assert!(
            (mh - 1.0 / d).abs() < tol::Z * se,
            "stage {}: mean hazard {mh} vs {}",
            i + 1,
            1.0 / d
        );
    }
}

#[test]
fn a_120_day_log_of_the_default_scenario_recovers_it() {
    let s = default_scenario();
    let cal = calibrate_log(&s, 120, 1);
    for (e, st) in cal.estimates.iter().zip(&s.spec().stages) {
        let dc = (e.conversion - st.conversion).abs();
        let dd = (e.mean_days / st.mean_days - 1.0).abs();
        eprintln!(
            "{}: conversion {:.3} vs {} ({dc:.3}); mean days {:.2} vs {} ({:.1}%)",
            e.stage,
            e.conversion,
            st.conversion,
            e.mean_days,
            st.mean_days,
            dd * 100.0
        );
        assert!(dc <= tol::CONVERSION_ABS, "{}: conversion off by {dc}", e.stage);
        assert!(dd <= tol::MEAN_DAYS_REL, "{}: mean days off by {dd}", e.stage);
    }
    let names: Vec<&str> = s.spec().stages.iter().map(|st| st.name.as_str()).collect();
    assert_eq!(cal.stage_order.names, names, "the inferred order is the scenario's");
    assert!(cal.stage_order.inferred);
    let f = &cal.inflow[0];
    assert!(f.per_day_ci.low <= 4.0 && 4.0 <= f.per_day_ci.high, "inflow {f:?}");
    assert_eq!(cal.inflow.len(), 1, "deals enter only at the first stage");
    // The budget: log-normal median 150,000 and p90 400,000, fitted from won deals' amounts.
    let b = &cal.budget;
    assert_eq!(b.source, "won");
    assert!(b.median_ci.low <= 150_000.0 && 150_000.0 <= b.median_ci.high, "{b:?}");
    assert!(cal.problems.is_empty(), "an engine log has no problems: {:?}", cal.problems);
    // The calibrated scenario is valid and starts from the open deals.
    let spec = &cal.scenario;
    Scenario::new(spec.clone()).expect("valid");
    let InitialPipeline::Deals(deals) = &spec.initial_pipeline else { panic!("deals pipeline") };
    assert_eq!(deals.len() as u64, cal.open_deals.iter().sum::<u64>());
    assert!(deals.iter().all(|d| d.amount.is_some()), "the log has every amount");
}

#[test]
fn rework_in_the_moving_record_is_recovered_as_backward_moves() {
    let mut spec = ScenarioSpec::from_json(SMALL).expect("parses");
    spec.levers.rework_per_day = 0.06;
    spec.levers.record_reverse = true;
    spec.inflow[0].per_day = 8.0;
    let s = Scenario::new(spec.clone()).expect("valid");
    let cal = calibrate_log(&s, 120, 3);
    let r = &cal.rework;
    assert!(r.backward_moves > 50, "{r:?}");
    let se = (r.per_day_ci.high - r.per_day_ci.low) / (2.0 * 1.96);
    assert!((r.per_day - 0.06).abs() < tol::Z * se, "rework {r:?}");
    assert_eq!(cal.problem_counts.get(&ProblemKind::BackwardMove).copied(), Some(r.backward_moves));
    for (e, st) in cal.estimates.iter().zip(&spec.stages) {
        assert!(
            e.conversion_ci.low - 0.02 <= st.conversion
                && st.conversion <= e.conversion_ci.high + 0.02,
            "{}: {e:?}",
            e.stage
        );
        let d = st.mean_days;
        assert!((e.mean_days / d - 1.0).abs() < 0.15, "{}: {} vs {d}", e.stage, e.mean_days);
    }
    assert!(cal.scenario.levers.record_reverse);
    assert!((cal.scenario.levers.rework_per_day - r.per_day).abs() < 1e-12);
}

#[test]
fn the_event_log_does_not_change_the_month() {
    let s = default_scenario();
    let model = Model::new(&s);
    let (mut a, mut b) = (Trial::default(), Trial::default());
    for seed in 0..5 {
        a.simulate_days(&model, &mut TrialRng::for_trial(7, seed));
        let mut events: Vec<DealEvent> = Vec::new();
        b.simulate_days_logged(&model, &mut TrialRng::for_trial(7, seed), &mut events);
        assert_eq!(a.revenue(), b.revenue());
        assert_eq!((a.wins, a.losses, a.created), (b.wins, b.losses, b.created));
        let won = events.iter().filter(|e| matches!(e, DealEvent::Won { .. })).count();
        let lost = events.iter().filter(|e| matches!(e, DealEvent::Lost { .. })).count();
        let created = events.iter().filter(|e| matches!(e, DealEvent::Created { .. })).count();
        assert_eq!((won as u64, lost as u64, created as u64), (b.wins, b.losses, b.created));
    }
}

#[test]
fn the_sample_file_is_the_default_scenario_simulated() {
    let sample =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/assets/samples/generic.csv"))
            .expect("sample exists");
    let (csv, _) = log_of(&default_scenario(), 60, 1);
    assert_eq!(sample, csv, "assets/samples/generic.csv is simulate-log default --days 60");
    let cal = calibrate(&sample, &opts()).expect("calibrates");
    assert_eq!(cal.format, Format::Generic);
    assert_eq!(cal.window_days, 60);
}

// ---------------------------------------------------------------------------------------
// Malformed input: every problem named with its row

const HEAD: &str = "deal_id,stage,entered_at,amount\n";

fn cal_of(body: &str) -> Calibration {
    calibrate(&format!("{HEAD}{body}"), &opts()).expect("calibrates with problems")
}

#[test]
fn row_problems_are_reported_with_their_rows() {
    // Line 1 is the header; data starts on line 2.
    let cal = cal_of(
        "a,A,2024-03-04,100\n\
         a,B,2024-03-06,100\n\
         a,won,2024-03-08,100\n\
         b,A,04.03.2024,200\n\
         b,A,04.03.2024,200\n\
         b,lost,2024-13-01,200\n\
         c,A,2024-03-05 09:30,xx\n\
         c,C,2024-03-07,50\n\
         c,B,2024-03-11,50\n\
         d,won,2024-03-05,10\n\
         e,,2024-03-05,10\n\
         f,B,2024-03-06,10\n\
         f,A,2024-03-05,10\n\
         a,C,2024-03-12,100\n",
    );
    assert_eq!(cal.stage_order.names, ["A", "B", "C"]);
    assert_eq!(kinds(&cal, ProblemKind::DuplicateRow), [6]);
    assert_eq!(kinds(&cal, ProblemKind::BadDate), [7]);
    assert_eq!(kinds(&cal, ProblemKind::BadAmount), [8]);
    // Deal a is won from B, passing over C; deal c jumps from A to C.
    assert_eq!(kinds(&cal, ProblemKind::SkippedStage), [4, 9]);
    assert_eq!(kinds(&cal, ProblemKind::BackwardMove), [10]);
    assert_eq!(kinds(&cal, ProblemKind::ClosedAtCreation), [11]);
    assert_eq!(kinds(&cal, ProblemKind::MissingValue), [12]);
    assert_eq!(kinds(&cal, ProblemKind::UnorderedRows), [14]);
    assert_eq!(kinds(&cal, ProblemKind::RowAfterClose), [15]);
    let bad_date = cal.problems.iter().find(|p| p.kind == ProblemKind::BadDate).expect("one");
    assert!(bad_date.detail.contains("2024-13-01"), "{}", bad_date.detail);
    // Every problem is counted.
    assert_eq!(cal.problem_counts.values().sum::<u64>() as usize, cal.problems.len());
}

#[test]
fn stages_not_given_rows_after_the_as_of_date_and_stale_deals_are_reported() {
    let text = format!(
        "{HEAD}a,A,2024-03-04,1\na,B,2024-03-05,1\na,won,2024-03-06,1\n\
         b,A,2024-03-04,1\nb,X,2024-03-05,1\nb,B,2024-03-06,1\nb,lost,2024-03-07,1\n\
         c,A,2024-03-04,1\nc,B,2024-03-05,1\nc,won,2024-03-06,1\n\
         d,A,2024-01-02,1\n\
         e,A,2024-03-04,1\ne,B,2024-03-20,1\n"
    );
    let options = CalibrateOptions {
        stages: Some(vec!["A".into(), "B".into()]),
        as_of: Date::parse_iso("2024-03-08"),
        ..opts()
    };
    let cal = calibrate(&text, &options).expect("calibrates");
    assert_eq!(kinds(&cal, ProblemKind::UnknownStage), [6]);
    assert_eq!(kinds(&cal, ProblemKind::AfterAsOf), [14]);
    assert_eq!(kinds(&cal, ProblemKind::NoRowsAfterCreation), [12]);
    assert!(!cal.stage_order.inferred);
}

#[test]
fn files_that_cannot_be_calibrated_say_why_in_one_line() {
    type Is = fn(&CalibrateError) -> bool;
    let cases: Vec<(String, Is, &str)> = vec![
        (String::new(), |e| matches!(e, CalibrateError::Empty), "empty"),
        ("\u{feff}  \n".into(), |e| matches!(e, CalibrateError::Empty), "empty"),
        (HEAD.into(), |e| matches!(e, CalibrateError::NoRows(_)), "no usable rows"),
        (
            "deal_id,stage,amount\na,A,1\n".into(),
            |e| matches!(e, CalibrateError::UnknownFormat { .. }),
            "fits no known export",
        ),
        (
            format!("{HEAD}a,A,2024-03-04,1\na,won,2024-03-05,1\n"),
            |e| matches!(e, CalibrateError::OneStage(_)),
            "only one stage",
        ),
        (format!("{HEAD}a,A,nope,1\n"), |e| matches!(e, CalibrateError::NoRows(_)), "row 2"),
        (
            (0..12)
                .map(|i| format!("d{i},S{i},2024-03-04,1\n"))
                .fold(HEAD.to_owned(), |a, b| a + &b),
            |e| matches!(e, CalibrateError::TooManyStages { count: 12, .. }),
            "at most 10",
        ),
        (
            "\u{1}\u{2}\u{3}binary\u{0}junk".into(),
            |e| matches!(e, CalibrateError::Binary { .. }),
            "not a text export",
        ),
    ];
    for (text, is, words) in cases {
        let err = calibrate(&text, &opts()).expect_err("refused");
        assert!(is(&err), "{text:?}: {err:?}");
        let message = err.to_string();
        assert!(message.contains(words), "{text:?}: '{message}' should say '{words}'");
        assert!(!message.contains('\n'), "one line: {message}");
    }
    // A format given explicitly names the missing columns.
    let err = calibrate(
        "OWNER_ID;CREATED_TIME\n1;2024-03-04\n",
        &CalibrateOptions { format: FormatChoice::Bitrix24, ..opts() },
    )
    .expect_err("refused");
    assert!(err.to_string().contains("STAGE_ID"), "{err}");
}

#[test]
fn oversized_input_is_refused_with_the_limit() {
    let big = vec![b'a'; MAX_BYTES + 1];
    let err = calibrate_bytes(&big, &opts()).expect_err("too large");
    assert!(matches!(err, CalibrateError::TooLarge { .. }) && err.to_string().contains("50 MiB"));
    let mut rows = String::with_capacity(12 * (MAX_ROWS + 2));
    rows.push_str("deal_id,stage,entered_at\n");
    for i in 0..=MAX_ROWS {
        rows.push_str(if i % 2 == 0 { "a,A,x\n" } else { "b,B,y\n" });
    }
    let err = calibrate(&rows, &opts()).expect_err("too many rows");
    assert!(matches!(err, CalibrateError::TooManyRows { .. }), "{err}");
    let err = calibrate_bytes(&[0x01, 0x02, 0x00, 0x41, 0x00, 0x42], &opts()).expect_err("binary");
    assert!(matches!(err, CalibrateError::Binary { .. }), "{err}");
    // A Windows-1251 export ("Этап" in CP1251) and a UTF-16 one are told to save as UTF-8.
    let cp1251 = b"deal_id,\xdd\xf2\xe0\xef,entered_at\n1,\xc0,2024-03-04\n";
    for bytes in [&cp1251[..], &[0xff, 0xfe, b'd', 0, b'e', 0][..]] {
        let err = calibrate_bytes(bytes, &opts()).expect_err("not UTF-8");
        assert!(err.to_string().contains("save it as UTF-8"), "{err}");
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let _ = calibrate_bytes(&bytes, &CalibrateOptions::default());
        }

        #[test]
        fn csv_like_text_never_panics(
            body in "([abcAB,;\"0-9\\-.: \n]|won|lost|2024-0[1-3]-[0-2][1-9]|\r\n){0,120}",
            format in 0usize..6,
        ) {
            let headers = [
                "deal_id,stage,entered_at,amount,manager\n",
                "OWNER_ID;STAGE_ID;CREATED_TIME;STAGE_SEMANTIC_ID\n",
                "OpportunityId,StageName,CreatedDate,Amount,IsWon,IsClosed\n",
                "dealId,property,value,timestamp\n",
                "type,entity_id,created_at,value_after[0].lead_status.id\n",
                "",
            ];
            let text = format!("{}{body}", headers[format]);
            if let Ok(cal) = calibrate(&text, &CalibrateOptions::default()) {
                prop_assert!(Scenario::new(cal.scenario.clone()).is_ok());
                let check = PlanCheckConfig { batches: 2, trials_per_batch: 5, seed: 1 };
                prop_assert!(plan_check(&cal, &check).is_ok());
            }
        }

        #[test]
        fn json_like_text_never_panics(body in "[\\[\\]{}\":,a-z0-9_ ]{0,200}") {
            let _ = calibrate(&body, &CalibrateOptions::default());
        }
    }
}

// ---------------------------------------------------------------------------------------
// CRM exports, from fixtures written by hand from each vendor's field names

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/crm/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// (won, lost, open) deals of a calibration.
fn outcomes(cal: &Calibration) -> (u64, u64, u64) {
    let last = cal.estimates.last().expect("stages");
    let lost: u64 = cal.estimates.iter().map(|e| e.exits - e.forward).sum();
    (last.forward, lost, cal.open_deals.iter().sum())
}

#[test]
fn bitrix24_stage_history_is_recognised() {
    let cal = calibrate(&fixture("bitrix24.csv"), &opts()).expect("reads");
    assert_eq!(cal.format, Format::Bitrix24);
    assert_eq!(cal.delimiter, Some(';'));
    assert_eq!(cal.stage_order.names, ["NEW", "PREPARATION", "PREPAYMENT_INVOICE"]);
    // 7001 won (semantic S), 7002 and 7004 lost (F: LOSE, APOLOGY), 7003 open.
    assert_eq!(outcomes(&cal), (1, 2, 1));
    assert!(cal.problems.is_empty(), "{:?}", cal.problems);
}

#[test]
fn salesforce_opportunity_history_is_recognised() {
    let cal = calibrate(&fixture("salesforce.csv"), &opts()).expect("reads");
    assert_eq!(cal.format, Format::Salesforce);
    assert_eq!(cal.stage_order.names, ["Prospecting", "Qualification", "Proposal/Price Quote"]);
    assert_eq!(outcomes(&cal), (1, 1, 1));
    // The amount change on 2024-03-07 is an update, not a move; the deleted row is reported.
    assert_eq!(kinds(&cal, ProblemKind::IgnoredRow), [12]);
    assert_eq!(cal.problems.len(), 1, "{:?}", cal.problems);
    assert_eq!(cal.budget.source, "all", "one won amount is too few; all amounts are used");
    let open = &cal.scenario.initial_pipeline;
    let InitialPipeline::Deals(d) = open else { panic!("deals") };
    assert_eq!((d[0].stage, d[0].amount), (3, Some(210_000.0)), "the latest amount");
}

#[test]
fn hubspot_dealstage_history_is_recognised() {
    let cal = calibrate(&fixture("hubspot.csv"), &opts()).expect("reads");
    assert_eq!(cal.format, Format::Hubspot);
    assert_eq!(cal.stage_order.names, ["appointmentscheduled", "qualifiedtobuy", "contractsent"]);
    assert_eq!(outcomes(&cal), (1, 1, 1));
    assert_eq!(kinds(&cal, ProblemKind::IgnoredRow), [3], "the amount row is another property");
}

#[test]
fn amocrm_events_are_recognised_as_json_and_csv() {
    for (file, ignored) in [("amocrm.json", 2), ("amocrm.csv", 0)] {
        let cal = calibrate(&fixture(file), &opts()).expect("reads");
        assert_eq!(cal.format, Format::Amocrm, "{file}");
        assert_eq!(cal.stage_order.names, ["40100", "40101", "40102"], "{file}");
        // Lead 2001 won (142), 2002 lost (143), 2003 open; lead_added dates entry to 40100.
        assert_eq!(outcomes(&cal), (1, 1, 1), "{file}");
        assert_eq!(cal.estimates[0].entries, 3, "{file}");
        assert_eq!(cal.problem_counts.get(&ProblemKind::IgnoredRow).copied().unwrap_or(0), ignored);
    }
}

#[test]
fn other_layouts_are_read_through_a_column_map() {
    let text = "Сделка;Этап;Дата;Сумма;Менеджер\n\
                1;Встреча;04.03.2024 10:00;\"1 200,50\";Анна\n\
                1;ТЗ;06.03.2024;\"1 200,50\";Анна\n\
                1;Успешно;11.03.2024;\"1 200,50\";Анна\n\
                2;Встреча;05.03.2024;900;Борис\n\
                2;Провал;07.03.2024;900;Борис\n\
                3;Встреча;05.03.2024;500;Борис\n\
                3;ТЗ;07.03.2024;500;Борис\n";
    let options = CalibrateOptions {
        columns: funnel_lab::studies::calibrate::ColumnMap {
            deal_id: Some("Сделка".into()),
            stage: Some("Этап".into()),
            entered_at: Some("Дата".into()),
            amount: Some("Сумма".into()),
            manager: Some("Менеджер".into()),
        },
        won_labels: vec!["Успешно".into()],
        lost_labels: vec!["Провал".into()],
        ..opts()
    };
    let cal = calibrate(text, &options).expect("reads");
    assert_eq!(cal.stage_order.names, ["Встреча", "ТЗ"]);
    assert_eq!(outcomes(&cal), (1, 1, 1));
    assert_eq!(cal.preview[0].amount, Some(1200.5));
    let names: Vec<&str> = cal.managers.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Анна", "Борис"]);
    let team = cal.team.as_ref().expect("a team file");
    assert_eq!(team.members.len(), 2);
    let members = team.resolve(|_| Err("no files".into())).expect("the team file is valid");
    assert_eq!(members.len(), 2);
}

// ---------------------------------------------------------------------------------------
// The given-deals pipeline (schema extension)

#[test]
fn given_deals_are_validated_with_field_paths() {
    let bad = r#"{"schema": 2, "horizon_days": 5, "plan": 1,
        "stages": [{"name": "A", "conversion": 1, "mean_days": 1},
                   {"name": "B", "conversion": 1, "mean_days": 1}],
        "initial_pipeline": {"deals": [{"stage": 3}, {"stage": 1, "amount": -5}]},
        "budget": {"median": 10, "p90": 10}}"#;
    let err = Scenario::from_json(bad).expect_err("invalid");
    let paths: Vec<String> = err.errors().into_iter().map(|e| e.path).collect();
    assert_eq!(paths, ["initial_pipeline.deals[0].stage", "initial_pipeline.deals[1].amount"]);
    let typo = bad.replace("\"amount\": -5", "\"amont\": 5");
    let err = Scenario::from_json(&typo).expect_err("unknown field");
    assert!(err.to_string().contains("amont"), "{err}");
}

#[test]
fn given_deals_start_in_their_stage_with_their_amounts() {
    // A sure, one-day last stage: every deal there is won on day 1 with its own amount; the
    // deal without an amount draws the fixed budget.
    let json = r#"{"schema": 2, "horizon_days": 3, "plan": 1000,
        "stages": [{"name": "A", "conversion": 0.5, "mean_days": 1000},
                   {"name": "B", "conversion": 1, "mean_days": 1}],
        "initial_pipeline": {"deals": [{"stage": 2, "amount": 300}, {"stage": 2, "amount": 450},
                                       {"stage": 2}, {"stage": 1, "amount": 99999}]},
        "budget": {"median": 250, "p90": 250}}"#;
    let s = scenario(json);
    // Stage A's deal wins by day 3 only if it leaves A on day 1 or 2 and advances (then B's
    // sure one-day stay ends the next day).
    let p_a = 0.5 * (0.001 + 0.999 * 0.001);
    let expected = 300.0 + 450.0 + 250.0 + 99_999.0 * p_a;
    let model = Model::new(&s);
    assert!((model.expected_revenue() - expected).abs() < 1e-9 * expected);
    assert!((model.expected_wins() - (3.0 + p_a)).abs() < 1e-12);
    for method in [Method::Outcomes, Method::PerDeal, Method::DayByDay] {
        let config = RunConfig { trials: 200, seed: 4, method, ..RunConfig::default() };
        let report = Simulation::new(s.clone(), config).expect("runs").run();
        // Every trial wins the three given deals of stage B: 1000 exactly, plus A's rare win.
        let extra_wins = report.wins.mean - 3.0;
        assert!((0.0..0.05).contains(&extra_wins), "{method:?}: {:?}", report.wins);
        let want = 1000.0 + 99_999.0 * extra_wins;
        assert!(
            (report.revenue.mean - want).abs() < 1e-6 * want,
            "{method:?}: {:?}",
            report.revenue
        );
    }
}

// ---------------------------------------------------------------------------------------
// The plan check

#[test]
fn the_plan_check_is_seeded_and_reads_the_funnel_against_the_plan_shape() {
    let cal = calibrate_log(&default_scenario(), 50, 2);
    let config = PlanCheckConfig { batches: 40, trials_per_batch: 50, seed: 9 };
    let a = plan_check(&cal, &config).expect("runs");
    let b = plan_check(&cal, &config).expect("runs");
    assert_eq!(a, b, "same seed, same answer");
    assert!((0.0..=1.0).contains(&a.p_plan) && (0.0..=1.0).contains(&a.p_plan_point));
    assert_eq!(a.shape.len(), 5);
    let below = a.shape.iter().any(|r| r.below_count == Some(true) || r.below_budget == Some(true));
    assert_eq!(a.warn, Some(below));
    assert_eq!(a.target, a.plan - a.won_so_far);
    // A plan already met is met; an unreachable one is not.
    let mut met = cal.clone();
    met.month.plan = met.month.won_so_far * 0.5;
    assert_eq!(plan_check(&met, &config).expect("runs").p_plan, 1.0);
    let mut far = cal.clone();
    far.month.plan = far.month.won_so_far + 1e12;
    far.month.days_left = far.month.days_left.max(3);
    let p = plan_check(&far, &config).expect("runs");
    assert_eq!((p.p_plan, p.p_plan_point), (0.0, 0.0));
}

// ---------------------------------------------------------------------------------------
// The command line

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| (*s).to_owned()).collect()
}

#[test]
fn calibrate_and_simulate_log_on_the_command_line() {
    let sample = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/samples/generic.csv");
    let out = main_with(&args(&["calibrate", sample, "--batches", "5", "--trials", "20"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let spec = ScenarioSpec::from_json(&out.stdout).expect("stdout is the scenario");
    Scenario::new(spec).expect("valid");
    assert!(out.stderr.contains("P(plan)"), "{}", out.stderr);
    let out =
        main_with(&args(&["calibrate", sample, "--json", "--batches", "5", "--trials", "20"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    for key in ["scenario", "estimates", "inflow", "budget", "problems", "plan_check", "preview"] {
        assert!(v.get(key).is_some(), "--json has {key}");
    }
    let e = &v["estimates"][0];
    for key in [
        "stage",
        "conversion",
        "conversion_ci",
        "mean_days",
        "mean_days_ci",
        "entries",
        "exits",
        "censored",
    ] {
        assert!(e.get(key).is_some(), "estimates[0] has {key}");
    }
    let out = main_with(&args(&["simulate-log", "default", "--days", "5", "--seed", "3"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("deal_id,stage,entered_at,amount\n"));
    for bad in [
        args(&["calibrate"]),
        args(&["calibrate", "/no/such/file.csv"]),
        args(&["calibrate", sample, "--as-of", "2025-02-30"]),
        args(&["calibrate", sample, "--format", "excel"]),
        args(&["calibrate", sample, "--calendar", "lunar"]),
        args(&["calibrate", sample, "--stages", "won,lost"]),
        args(&["simulate-log", "default"]),
        args(&["simulate-log", "default", "--days", "400"]),
    ] {
        let out = main_with(&bad);
        assert_eq!(out.code, 2, "{bad:?}");
        assert_eq!(out.stderr.trim().lines().count(), 1, "{bad:?}: {}", out.stderr);
    }
}
