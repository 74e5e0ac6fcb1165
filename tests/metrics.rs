//! The metrics post's worked tables: every figure it prints, to the ruble as it rounds, the
//! exact figures beside them, and one-line errors with exit 2 for bad input to each command.

use funnel_lab::cli::main_with;
use funnel_lab::studies::metrics::{
    cac, company_inputs, growth_input, ltv, romi, seed_tables, CacInput, Figure, LtvInput,
    MetricsError, RomiInput, SeedTables,
};

fn tables() -> SeedTables {
    seed_tables().expect("the post's inputs are valid")
}

fn figure(key: &str) -> Figure {
    let (table, k) = key.split_once('/').expect("table/figure");
    tables()
        .tables
        .into_iter()
        .find(|t| t.key == table)
        .and_then(|t| t.figures.into_iter().find(|f| f.key == k))
        .unwrap_or_else(|| panic!("no figure {key}"))
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}

/// (table/figure, the post's number, our exact number to 0.01).
const FIGURES: &[(&str, f64, f64)] = &[
    ("companies/a.clients_end", 230.0, 230.0),
    ("companies/a.clients_avg", 215.0, 215.0),
    ("companies/a.arpu", 4651.0, 4651.16),
    ("companies/a.churn", 0.25, 0.25),
    ("companies/a.ltv", 18604.0, 18604.65),
    ("companies/a.profit_per_client", 1395.0, 1395.35),
    ("companies/a.net_per_new", 895.0, 895.35),
    ("companies/a.net_from_new", 71600.0, 71627.91),
    ("companies/b.clients_end", 800.0, 800.0),
    ("companies/b.clients_avg", 650.0, 650.0),
    ("companies/b.arpu", 1538.0, 1538.46),
    ("companies/b.churn", 0.4, 0.4),
    ("companies/b.ltv", 3845.0, 3846.15),
    ("companies/b.profit_per_client", 461.0, 461.54),
    ("companies/b.net_per_new", 311.0, 311.54),
    ("companies/b.net_from_new", 155500.0, 155769.23),
    ("companies/b_over_a.net_from_new", 2.2, 2.17),
    ("companies/a.left_share_of_new", 0.625, 0.625),
    ("companies/b.left_share_of_new", 0.4, 0.4),
    ("companies/a.net_growth", 30.0, 30.0),
    ("companies/b.net_growth", 300.0, 300.0),
    ("companies/b_over_a.net_growth", 10.0, 10.0),
    ("growth/clients_end", 200.0, 200.0),
    ("growth/clients_avg", 150.0, 150.0),
    ("growth/arpu", 2000.0, 2000.0),
    ("growth/churn", 0.3, 0.3),
    ("growth/ltv", 6666.0, 6666.67),
    ("growth/ltv_over_arpu", 3.3, 3.33),
    ("romi/absurd.romi", 0.5, 0.5),
    ("romi/absurd.profit", -10_000.0, -110_000.0),
    ("romi/trick.romi", 2.0, 2.0),
    ("romi/delivery.romi", 1.0, 1.0),
    ("romi/delivery.profit", -100.0, -100.0),
    ("romi/case.romi", 1.2, 1.2),
    ("romi/case.profit", -300_000.0, -340_000.0),
    ("cpl_cac/two_of_100.cac", 25_000.0, 25_000.0),
    ("cpl_cac/before.cpl", 500.0, 500.0),
    ("cpl_cac/after.cpl", 300.0, 299.40),
    ("cpl_cac/before.clients", 10.0, 10.0),
    ("cpl_cac/after.clients", 2.0, 2.004),
    ("cpl_cac/before.cac", 5000.0, 5000.0),
    ("cpl_cac/after.cac", 25_000.0, 24_950.10),
    ("cpl_cac/cac_growth", 5.0, 4.99),
];

#[test]
fn every_figure_of_the_post_and_ours() {
    for &(key, post, exact) in FIGURES {
        let f = figure(key);
        assert_eq!(f.post, Some(post), "{key}: the post's figure");
        assert!(close(f.exact, exact, 0.006), "{key}: exact {} vs {exact}", f.exact);
    }
}

#[test]
fn where_the_post_differs_there_is_a_note_in_both_languages() {
    let mut differing = Vec::new();
    for t in tables().tables {
        for f in t.figures {
            if let Some(n) = &f.note {
                assert!(!n.en.is_empty() && !n.ru.is_empty(), "{}", f.key);
            }
            let Some(post) = f.post else { continue };
            if f.unit.round(f.exact) != post {
                assert!(f.note.is_some(), "{} differs without a note", f.key);
                differing.push(format!("{}/{}", t.key, f.key));
            }
        }
    }
    assert_eq!(
        differing,
        [
            "companies/a.ltv",
            "companies/a.net_from_new",
            "companies/b.ltv",
            "companies/b.profit_per_client",
            "companies/b.net_per_new",
            "companies/b.net_from_new",
            "growth/ltv",
            "romi/absurd.profit",
            "romi/case.profit",
            "cpl_cac/after.cpl",
            "cpl_cac/after.cac",
        ]
    );
}

/// The post's own way: round ARPU to the ruble, then multiply; cut kopecks of the profit.
#[test]
fn the_posts_rounding_reproduces_its_figures() {
    let (a, b) = company_inputs();
    let (ra, rb) = (ltv(&a).expect("A"), ltv(&b).expect("B"));
    assert_eq!(ra.arpu.round() / ra.churn, 18604.0);
    assert_eq!(rb.arpu.round() / rb.churn, 3845.0);
    assert_eq!(ra.profit_per_client.expect("margin").round(), 1395.0);
    assert_eq!(rb.profit_per_client.expect("margin").floor(), 461.0);
    assert_eq!((1395.0 - 500.0) * a.new, 71600.0);
    assert_eq!((461.0 - 150.0) * b.new, 155500.0);
    assert_eq!(((155500.0_f64 / 71600.0) * 10.0).round() / 10.0, 2.2);
    assert_eq!(ltv(&growth_input()).expect("growth").ltv.floor(), 6666.0);
    assert_eq!(50_000.0 / (167.0_f64 * 0.012).round(), 25_000.0);
    assert_eq!((50_000.0_f64 / 167.0).round(), 299.0);
}

#[test]
fn churn_is_over_the_start_and_arpu_over_the_average() {
    let r = ltv(&LtvInput {
        start: 100.0,
        left: 30.0,
        new: 130.0,
        revenue: 300_000.0,
        margin: None,
        lead_cost: None,
    })
    .expect("valid");
    assert_eq!((r.clients_avg, r.arpu, r.churn), (150.0, 2000.0, 0.3));
    assert_eq!((r.profit_per_client, r.net_per_new, r.net_from_new), (None, None, None));
}

#[test]
fn misuse_returns_an_error_naming_the_field() {
    let ok = company_inputs().0;
    let bad = |i: LtvInput| ltv(&i).expect_err("bad input").to_string();
    assert!(bad(LtvInput { start: 0.0, ..ok }).starts_with("start is 0"));
    assert!(bad(LtvInput { left: 0.0, ..ok }).starts_with("left is 0"));
    assert!(bad(LtvInput { left: 300.0, ..ok }).starts_with("left: 300"));
    assert!(bad(LtvInput { new: -1.0, ..ok }).contains("new: -1 is negative"));
    assert!(bad(LtvInput { revenue: f64::NAN, ..ok }).contains("revenue: NaN is not a finite"));
    assert!(bad(LtvInput { margin: Some(30.0), ..ok }).contains("margin: 30 is above 1"));
    assert!(bad(LtvInput { lead_cost: Some(-5.0), ..ok }).contains("lead-cost"));
    let c = CacInput { spend: 50_000.0, leads: 100.0, conversion: 0.1 };
    assert_eq!(
        cac(&CacInput { conversion: 0.0, ..c }),
        Err(MetricsError::Zero { field: "conversion", why: "CAC is spend / clients" })
    );
    assert!(cac(&CacInput { leads: 0.0, ..c }).is_err());
    assert!(cac(&CacInput { spend: f64::INFINITY, ..c }).is_err());
    let r = RomiInput { spend: 100.0, revenue: 150.0, margin: None, costs: None };
    assert!(romi(&RomiInput { spend: 0.0, ..r }).is_err());
    assert!(romi(&RomiInput { costs: Some(-1.0), ..r }).is_err());
    assert!(romi(&RomiInput { margin: Some(f64::NAN), ..r }).is_err());
}

fn run(line: &str) -> funnel_lab::cli::Outcome {
    let args: Vec<String> = line.split_whitespace().map(str::to_owned).collect();
    main_with(&args)
}

#[test]
fn commands_print_json_with_the_documented_keys() {
    let cases = [
        (
            "metrics ltv --start 200 --left 50 --new 80 --revenue 1000000 --margin 0.3 --lead-cost 500 --json",
            &["clients_end", "clients_avg", "arpu", "churn", "ltv", "profit_per_client", "net_per_new", "net_from_new"][..],
        ),
        ("metrics cac --spend 50000 --leads 167 --conversion 0.012 --json", &["cpl", "clients", "cac"]),
        ("metrics romi --spend 100000 --revenue 150000 --costs 160000 --json", &["romi", "profit", "roi_margin"]),
        ("metrics seed --json", &["tables"]),
    ];
    for (line, keys) in cases {
        let out = run(line);
        assert_eq!(out.code, 0, "{line}: {}", out.stderr);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("one JSON object");
        for k in keys {
            assert!(v.get(k).is_some(), "{line}: no key {k}");
        }
    }
    let v: serde_json::Value = serde_json::from_str(
        &run("metrics romi --spend 100000 --revenue 150000 --costs 160000 --json").stdout,
    )
    .expect("json");
    assert_eq!(v["profit"], -110_000.0);
    let seed: SeedTables =
        serde_json::from_str(&run("metrics seed --json").stdout).expect("seed tables read back");
    let (got, want) = (seed.tables, tables().tables);
    assert_eq!(got.len(), want.len());
    for (g, w) in got.iter().zip(&want) {
        assert_eq!((&g.key, g.figures.len()), (&w.key, w.figures.len()));
        for (fg, fw) in g.figures.iter().zip(&w.figures) {
            assert_eq!((&fg.key, fg.post, &fg.note), (&fw.key, fw.post, &fw.note));
            assert!(close(fg.exact, fw.exact, 1e-9), "{}", fw.key);
        }
    }
}

#[test]
fn commands_print_readable_tables() {
    let out = run("metrics ltv --start 200 --left 50 --new 80 --revenue 1000000");
    assert!(out.stdout.contains("18604.65"), "{}", out.stdout);
    assert!(run("metrics cac --spend 50000 --leads 100 --conversion 0.1")
        .stdout
        .contains("5000.00"));
    assert!(run("metrics romi --spend 500 --revenue 1000 --costs 600").stdout.contains("-100"));
    let seed = run("metrics seed").stdout;
    assert!(seed.contains("18,604 ₽") && seed.contains("18604.65 ₽"), "{seed}");
    assert!(run("help").stdout.contains("funnel-lab metrics seed"));
}

#[test]
fn bad_input_is_one_line_and_exit_2() {
    let cases = [
        ("metrics", "metrics needs one of"),
        ("metrics nps", "unknown metrics command 'nps'"),
        ("metrics ltv --start 200 --left 50 --new 80", "--revenue is required"),
        ("metrics ltv --start 0 --left 50 --new 80 --revenue 1", "start is 0"),
        ("metrics ltv --start 200 --left 50 --new -80 --revenue 1", "new: -80 is negative"),
        ("metrics ltv --start 200 --left 50 --new 80 --revenue NaN", "revenue: NaN"),
        ("metrics ltv --start 200 --left 250 --new 80 --revenue 1", "left: 250 is more"),
        ("metrics ltv --start 200 --left 50 --new 80 --revenue 1 --margin 1.5", "margin: 1.5"),
        (
            "metrics ltv --start two --left 50 --new 80 --revenue 1",
            "--start: 'two' is not a number",
        ),
        ("metrics cac --spend 50000 --leads 0 --conversion 0.1", "leads is 0"),
        ("metrics cac --spend 50000 --leads 100 --conversion 0", "conversion is 0"),
        ("metrics cac --spend -1 --leads 100 --conversion 0.1", "spend: -1 is negative"),
        (
            "metrics cac --spend 1 --leads 100 --conversion 0.1 --costs 5",
            "unknown option '--costs'",
        ),
        ("metrics romi --spend 0 --revenue 150000", "spend is 0"),
        ("metrics romi --spend 100 --revenue 150 --costs inf", "costs: inf is not a finite"),
        ("metrics romi --spend 100 --revenue", "--revenue needs a value"),
        ("metrics seed --leads 3", "unknown option '--leads'"),
    ];
    for (line, expected) in cases {
        let out = run(line);
        assert_eq!(out.code, 2, "{line}");
        assert!(out.stdout.is_empty(), "{line}");
        assert_eq!(out.stderr.trim_end().lines().count(), 1, "{line}: {}", out.stderr);
        assert!(out.stderr.contains(expected), "{line}: {}", out.stderr);
    }
}

/// The post's "absurd" (6,666 ₽ is 3.3× the revenue per client) sets a lifetime figure against a
/// monthly one; the table says so beside it: 3.3 months is a client's mean stay at 30% a month.
#[test]
fn the_growth_ratio_is_named_a_lifetime_against_a_month() {
    let f = figure("growth/ltv_over_arpu");
    let note = f.note.expect("a note beside the post's absurd");
    assert!(note.en.contains("lifetime") && note.en.contains("one month"), "{}", note.en);
    assert!(note.ru.contains("за один") && note.ru.contains("месяц"), "{}", note.ru);
    let r = ltv(&growth_input()).expect("growth");
    // ARPU / churn ÷ ARPU is 1 / churn: the mean stay in months of a client leaving at that rate.
    assert!((f.exact - 1.0 / r.churn).abs() < 1e-12);
}
