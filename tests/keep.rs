//! Nothing lost, results taken away: the scenario library, undo/redo history and the CSV export,
//! all plain Rust the page only wires.

use funnel_lab::io::csv_export::{report_csv, Separator, BOM};
use funnel_lab::io::library::{Library, LibraryError, LIBRARY_VERSION, MAX_NAME_CHARS};
use funnel_lab::sim::Job;
use funnel_lab::sim::{preset, Report, RunConfig, ScenarioSpec, Simulation};
use funnel_lab::ui::history::History;

fn spec(key: &str) -> ScenarioSpec {
    ScenarioSpec::from_json(preset(key).expect("preset").json).expect("parses")
}

fn report() -> Report {
    let s = preset("default").expect("default").scenario().expect("valid");
    Simulation::new(s, RunConfig { trials: 500, seed: 7, ..RunConfig::default() })
        .expect("config")
        .run()
}

// ---- library ----

#[test]
fn library_saves_renames_duplicates_and_deletes() {
    let mut lib = Library::default();
    assert_eq!(lib.save("  Q3 plan ", spec("default")), Ok("Q3 plan".into()));
    assert_eq!(lib.duplicate("q3 PLAN"), Ok("Q3 plan (2)".into()));
    assert_eq!(lib.duplicate("Q3 plan"), Ok("Q3 plan (3)".into()));
    let names: Vec<_> = lib.entries().iter().map(|e| e.name.as_str()).collect();
    // A copy goes right after what it copies.
    assert_eq!(names, ["Q3 plan", "Q3 plan (3)", "Q3 plan (2)"]);
    assert_eq!(lib.rename("Q3 plan (3)", "Q4"), Ok("Q4".into()));
    let deleted = lib.delete("Q4").expect("exists");
    assert_eq!(deleted.name, "Q4");
    assert_eq!(lib.entries().len(), 2);
}

#[test]
fn saving_under_an_existing_name_saves_over_it() {
    let mut lib = Library::default();
    lib.save("A", spec("default")).expect("saves");
    let mut edited = spec("default");
    edited.plan = 123.0;
    assert_eq!(lib.save("a", edited.clone()), Ok("A".into()));
    assert_eq!(lib.entries().len(), 1);
    assert_eq!(lib.get("A").map(|e| &e.spec), Some(&edited));
}

#[test]
fn library_misuse_is_refused_in_words() {
    let mut lib = Library::default();
    assert_eq!(lib.save("   ", spec("default")), Err(LibraryError::EmptyName));
    let long = "я".repeat(MAX_NAME_CHARS + 1);
    assert_eq!(lib.save(&long, spec("default")), Err(LibraryError::NameTooLong));
    assert!(lib.save(&"я".repeat(MAX_NAME_CHARS), spec("default")).is_ok());
    lib.save("B", spec("default")).expect("saves");
    assert_eq!(
        lib.rename("B", &"я".repeat(MAX_NAME_CHARS)),
        Err(LibraryError::NameTaken("я".repeat(MAX_NAME_CHARS)))
    );
    assert_eq!(lib.rename("nope", "C"), Err(LibraryError::NotFound("nope".into())));
    assert_eq!(lib.delete("nope").map(|e| e.name), Err(LibraryError::NotFound("nope".into())));
    // Changing only the case is allowed.
    assert_eq!(lib.rename("B", "b"), Ok("b".into()));
    assert!(LibraryError::NameTaken("X".into()).to_string().contains("'X'"));
}

#[test]
fn unique_names_count_up() {
    let mut lib = Library::default();
    assert_eq!(lib.unique_name("X"), "X");
    lib.save("X", spec("default")).expect("saves");
    lib.save("X (2)", spec("default")).expect("saves");
    assert_eq!(lib.unique_name(" X "), "X (3)");
}

#[test]
fn library_round_trips_with_its_version_and_refuses_newer_or_broken_text() {
    let mut lib = Library::default();
    lib.save("Ёлка, план", spec("default")).expect("saves");
    let mut invalid = spec("default");
    invalid.stages[0].conversion = 1.5; // a draft with an error is kept as it is
    lib.save("draft", invalid).expect("saves");
    let json = lib.to_json();
    assert!(json.contains(&format!("\"version\":{LIBRARY_VERSION}")), "{json}");
    assert_eq!(Library::from_json(&json), Ok(lib.clone()));
    let newer = json.replace(
        &format!("\"version\":{LIBRARY_VERSION}"),
        &format!("\"version\":{}", LIBRARY_VERSION + 1),
    );
    assert_eq!(Library::from_json(&newer), Err(LibraryError::NewerVersion(LIBRARY_VERSION + 1)));
    assert!(matches!(Library::from_json("{"), Err(LibraryError::Unreadable(_))));
    let broken = json.replace("\"horizon_days\"", "\"horizon_dayz\"");
    assert!(matches!(Library::from_json(&broken), Err(LibraryError::Unreadable(_))));
    assert_eq!(Library::from_json("{\"version\":1,\"entries\":[]}"), Ok(Library::default()));
}

// ---- history ----

#[test]
fn undo_and_redo_walk_the_edits_exactly() {
    let mut h = History::new(100);
    assert!(!h.can_undo() && !h.can_redo());
    // States 0 → 1 → 2: record the state before each edit.
    h.record(0);
    h.record(1);
    assert_eq!(h.undo(2), Some(1));
    assert_eq!(h.undo(1), Some(0));
    assert_eq!(h.undo(0), None);
    assert_eq!(h.redo(0), Some(1));
    assert_eq!(h.redo(1), Some(2));
    assert_eq!(h.redo(2), None);
}

#[test]
fn a_new_edit_ends_the_redo_branch() {
    let mut h = History::new(100);
    h.record(0);
    assert_eq!(h.undo(1), Some(0));
    assert!(h.can_redo());
    h.record(0); // edit 0 → 5
    assert!(!h.can_redo());
    assert_eq!(h.undo(5), Some(0));
}

#[test]
fn history_keeps_the_newest_steps_up_to_its_limit() {
    let mut h = History::new(100);
    for i in 0..250 {
        h.record(i);
    }
    assert_eq!(h.undo_len(), 100);
    let mut cur = 250;
    let mut seen = Vec::new();
    while let Some(prev) = h.undo(cur) {
        seen.push(prev);
        cur = prev;
    }
    assert_eq!(seen.len(), 100);
    assert_eq!(seen.last(), Some(&150));
    assert_eq!(funnel_lab::ui::history::History::<u8>::default().undo_len(), 0);
}

#[test]
fn history_of_scenarios_restores_the_exact_spec() {
    let before = spec("default");
    let mut after = before.clone();
    after.stages[1].conversion = 0.37;
    let mut h = History::default();
    h.record(before.clone());
    h.record(before.clone()); // the same state twice is one step
    assert_eq!(h.undo_len(), 1);
    assert_eq!(h.undo(after.clone()), Some(before));
    assert_eq!(h.redo(spec("default")), Some(after));
}

// ---- CSV ----

fn lines(text: &str) -> Vec<&str> {
    text.trim_start_matches(BOM).split("\r\n").collect()
}

#[test]
fn csv_has_the_summary_stages_and_fan_with_commas() {
    let r = report();
    let text = report_csv(&r, Separator::Comma);
    assert!(text.starts_with(BOM));
    let l = lines(&text);
    assert_eq!(&l[..2], ["summary", "metric,value"]);
    assert!(l.contains(&format!("p_plan,{}", r.p_plan).as_str()), "{text}");
    assert!(l.contains(&format!("trials,{}", r.trials).as_str()));
    let stages = l.iter().position(|x| *x == "stages").expect("stages table");
    assert!(l[stages + 1].starts_with("stage,shape_count,"));
    for (i, s) in r.stages.iter().enumerate() {
        let row = l[stages + 2 + i];
        assert_eq!(row.split(',').count(), 11, "{row}");
        assert!(row.contains(&format!("{}", s.end_count)));
    }
    let fan = l.iter().position(|x| *x == "fan").expect("fan table");
    assert_eq!(l[fan + 1], "day,revenue_p10,revenue_p50,revenue_p90");
    let p = r.fan[0];
    assert_eq!(l[fan + 2], format!("{},{},{},{}", p.day, p.p10, p.p50, p.p90));
    assert_eq!(l.len(), fan + 2 + r.fan.len() + 1); // the text ends with CRLF
    assert_eq!(l.last(), Some(&""));
}

#[test]
fn csv_with_semicolons_writes_decimal_commas() {
    let r = report();
    let text = report_csv(&r, Separator::Semicolon);
    let l = lines(&text);
    assert_eq!(l[1], "metric;value");
    let p = format!("p_plan;{}", r.p_plan.to_string().replace('.', ","));
    assert!(l.contains(&p.as_str()), "{text}");
    let fan = l.iter().position(|x| *x == "fan").expect("fan table");
    let f = r.fan[3];
    let d = |x: f64| x.to_string().replace('.', ",");
    assert_eq!(l[fan + 5], format!("{};{};{};{}", f.day, d(f.p10), d(f.p50), d(f.p90)));
    assert!(!text.contains('.') || r.scenario.contains('.'), "no decimal points with ';'");
}

#[test]
fn csv_quotes_text_holding_the_separator_or_quotes() {
    let mut r = report();
    r.scenario = "План; \"Q3\", v2".into();
    r.stages[0].conversion = None;
    let comma = report_csv(&r, Separator::Comma);
    assert!(comma.contains("scenario,\"План; \"\"Q3\"\", v2\"\r\n"), "{comma}");
    let semi = report_csv(&r, Separator::Semicolon);
    assert!(semi.contains("scenario;\"План; \"\"Q3\"\", v2\"\r\n"));
    // An absent ratio is an empty cell, never 0.
    let row = lines(&comma).into_iter().find(|x| x.starts_with(&r.stages[0].name)).expect("row");
    assert_eq!(row.split(',').nth(5), Some(""));
    assert_eq!(Separator::parse(";"), Ok(Separator::Semicolon));
    assert_eq!(Separator::parse(","), Ok(Separator::Comma));
    assert!(Separator::parse("\t").is_err());
}

// ---- CLI ----

fn cli(args: &[&str]) -> funnel_lab::cli::Outcome {
    funnel_lab::cli::main_with(&args.iter().map(|a| (*a).to_owned()).collect::<Vec<_>>())
}

#[test]
fn run_csv_prints_the_same_tables_as_the_page() {
    let out = cli(&["run", "default", "--trials", "500", "--seed", "7", "--csv"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, report_csv(&report(), Separator::Comma));
    let semi = cli(&["run", "default", "--trials", "500", "--seed", "7", "--csv", "--sep", ";"]);
    assert_eq!(semi.stdout, report_csv(&report(), Separator::Semicolon));
}

#[test]
fn run_csv_misuse_is_one_line_and_exit_2() {
    for args in [
        &["run", "default", "--csv", "--sep", "\t"][..],
        &["run", "default", "--sep", ";"],
        &["run", "default", "--csv", "--json"],
        &["run", "default", "--csv", "--sep"],
        &["sensitivity", "default", "--csv"],
    ] {
        let out = cli(args);
        assert_eq!(out.code, 2, "{args:?}");
        assert_eq!(out.stderr.trim_end().lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(out.stdout.is_empty());
    }
}
