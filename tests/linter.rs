//! The funnel linter: every rule fires on a minimal bad example, names its post and item, and
//! stays quiet on the built-in scenarios; a scenario that breaks a rule still runs.

use funnel_lab::cli::main_with;
use funnel_lab::lint::{advise, Advice, AdviceCode};
use funnel_lab::sim::scenario::StageSpec;
use funnel_lab::sim::{preset, Scenario, ScenarioSpec, PRESETS};

fn default_spec() -> ScenarioSpec {
    let json = preset("default").expect("default preset").json;
    ScenarioSpec::from_json(json).expect("default parses")
}

/// The advice on a changed default scenario, which must still be a valid scenario.
fn advice_after(change: impl FnOnce(&mut ScenarioSpec)) -> Vec<Advice> {
    let mut spec = default_spec();
    change(&mut spec);
    let scenario = Scenario::new(spec).expect("the rules are advice: the scenario stays valid");
    advise(scenario.spec())
}

fn codes(advice: &[Advice]) -> Vec<(AdviceCode, Option<usize>)> {
    advice.iter().map(|a| (a.code, a.stage)).collect()
}

/// Renames stage 2 (index 1) in Russian only.
fn named(name: &str) -> Vec<Advice> {
    let name = name.to_owned();
    advice_after(move |s| {
        s.stages[1].name = name;
        s.stages[1].name_en = None;
    })
}

/// Gives stage 3 (index 2) a Russian task only.
fn tasked(task: &str) -> Vec<Advice> {
    let task = task.to_owned();
    advice_after(move |s| {
        s.stages[2].task = Some(task);
        s.stages[2].task_en = None;
    })
}

#[test]
fn built_in_scenarios_are_quiet() {
    for p in PRESETS {
        let s = p.scenario().unwrap_or_else(|e| panic!("preset {}: {e}", p.key));
        assert_eq!(codes(&advise(s.spec())), vec![], "{} breaks the posts' rules", p.key);
    }
}

#[test]
fn default_stages_plan_agreements() {
    for st in &default_spec().stages {
        let ru = st.task.as_deref().unwrap_or_default();
        let en = st.task_en.as_deref().unwrap_or_default();
        assert!(ru.starts_with("Договориться"), "{}: {ru}", st.name);
        assert!(en.starts_with("Agree"), "{}: {en}", st.name);
    }
}

#[test]
fn stage_count_is_four_to_seven() {
    let three = advice_after(|s| s.stages.truncate(3));
    assert_eq!(codes(&three), vec![(AdviceCode::StageCount, None)]);
    assert!(three[0].source.en.contains("requirement 3"), "{}", three[0].source.en);
    assert!(three[0].source.ru.contains("требование 3"), "{}", three[0].source.ru);
    assert!(three[0].message.ru.contains("3 этапа"), "{}", three[0].message.ru);
    let eight = advice_after(|s| {
        let last = s.stages[4].clone();
        s.stages.extend(std::iter::repeat_n(last, 3));
    });
    assert_eq!(codes(&eight), vec![(AdviceCode::StageCount, None)]);
    assert!(eight[0].source.en.contains("requirement 4"), "{}", eight[0].source.en);
    assert!(eight[0].message.en.contains("checklist"), "{}", eight[0].message.en);
    for k in 4..=7 {
        let ok = advice_after(|s| {
            let last = s.stages[4].clone();
            s.stages.resize(k, last);
        });
        assert!(ok.is_empty(), "{k} stages: {ok:?}");
    }
}

#[test]
fn exit_fact_is_a_fact_someone_else_confirms() {
    let empty = advice_after(|s| {
        s.stages[3].exit_fact = String::new();
        s.stages[3].exit_fact_en = None;
    });
    assert_eq!(codes(&empty), vec![(AdviceCode::ExitFact, Some(3))]);
    // Several stages without one (a calibrated scenario has none): said once, for the funnel.
    let none = advice_after(|s| {
        for st in &mut s.stages {
            st.exit_fact = String::new();
            st.exit_fact_en = None;
        }
    });
    assert_eq!(codes(&none), vec![(AdviceCode::ExitFact, None)]);
    assert!(
        none[0].message.en.contains("add the fact that ends each stage"),
        "{}",
        none[0].message.en
    );
    assert!(none[0].message.ru.contains("добавьте факт"), "{}", none[0].message.ru);
    let two = advice_after(|s| {
        for st in &mut s.stages[1..3] {
            st.exit_fact = String::new();
            st.exit_fact_en = None;
        }
    });
    assert_eq!(codes(&two), vec![(AdviceCode::ExitFact, None)]);
    assert!(
        two[0].message.en.starts_with("Stages 2, 3 have no exit fact"),
        "{}",
        two[0].message.en
    );
    assert!(empty[0].source.en.contains("requirement 1"), "{}", empty[0].source.en);
    for (ru, en) in [
        ("Клиент тёплый", None),
        ("Клиент проявил интерес", None),
        ("Менеджер уверен в сделке", None),
        ("Встреча проведена", Some("Lead feels hot")),
        ("КП отправлено", None),
        ("Звонок совершён", None),
        ("Встреча проведена", Some("Proposal sent")),
    ] {
        let a = advice_after(|s| {
            s.stages[0].exit_fact = ru.to_owned();
            s.stages[0].exit_fact_en = en.map(str::to_owned);
        });
        assert_eq!(codes(&a), vec![(AdviceCode::ExitFact, Some(0))], "{ru} / {en:?}");
        assert!(
            a[0].message.en.contains("can be wrong"),
            "the heuristic says so: {}",
            a[0].message.en
        );
    }
    for ok in ["Производство приняло заказ", "Банк подтвердил оплату", "Интересанты согласовали ТЗ"]
    {
        let a = advice_after(|s| {
            s.stages[4].exit_fact = ok.to_owned();
            s.stages[4].exit_fact_en = None;
        });
        assert!(a.is_empty(), "{ok}: {a:?}");
    }
}

#[test]
fn status_names_are_advice_not_errors() {
    for status in ["Переговоры", "Уточнение информации", "Оплата"]
    {
        let a = named(status);
        assert_eq!(codes(&a), vec![(AdviceCode::StatusName, Some(1))], "{status}");
        assert!(a[0].message.ru.contains("совет, не ошибка"), "{}", a[0].message.ru);
        assert!(a[0].message.en.contains("advice, not an error"), "{}", a[0].message.en);
        assert!(a[0].source.en.contains("mistake 3"), "{}", a[0].source.en);
    }
}

#[test]
fn pockets_from_the_post_and_their_remedy() {
    for pocket in ["Пока не нужно", "Неразобранные", "Думают", "Ждут своего часа", "ПОКА НЕ НУЖНО"]
    {
        let a = named(pocket);
        assert_eq!(codes(&a), vec![(AdviceCode::Pocket, Some(1))], "{pocket}");
        let (ru, en) = (&a[0].message.ru, &a[0].message.en);
        assert!(ru.contains("на первом этапе") && ru.contains("не заводите"), "{ru}");
        assert!(en.contains("stage 1") && en.contains("do not open it"), "{en}");
        assert!(a[0].source.ru.contains("ошибка 1"), "{}", a[0].source.ru);
    }
    for pocket in ["On hold", "Unsorted", "Not needed yet", "Thinking about it"] {
        let a = advice_after(|s| s.stages[1].name_en = Some(pocket.to_owned()));
        assert_eq!(codes(&a), vec![(AdviceCode::Pocket, Some(1))], "{pocket}");
    }
}

#[test]
fn ball_on_the_clients_side() {
    for wait in ["Жду ответа клиента", "Ожидаю решения", "Клиент рассматривает КП"]
    {
        let a = named(wait);
        assert_eq!(codes(&a), vec![(AdviceCode::BallOnClient, Some(1))], "{wait}");
        assert!(a[0].source.en.contains("mistake 4"), "{}", a[0].source.en);
    }
    let a = advice_after(|s| s.stages[1].name_en = Some("Waiting for the client".to_owned()));
    assert_eq!(codes(&a), vec![(AdviceCode::BallOnClient, Some(1))]);
    assert!(named("Согласовываю ТЗ с клиентом").is_empty());
}

#[test]
fn only_a_record_that_moves_deals_back_is_advised() {
    let back = advice_after(|s| {
        s.levers.rework_per_day = 0.05;
        s.levers.record_reverse = true;
    });
    assert_eq!(codes(&back), vec![(AdviceCode::ReverseRecord, None)]);
    assert!(back[0].source.en.contains("requirements 5–6"), "{}", back[0].source.en);
    assert!(back[0].source.ru.contains("обязанность 3"), "{}", back[0].source.ru);
    assert!(back[0].message.en.contains("checklist"), "{}", back[0].message.en);
    let rework_only = advice_after(|s| s.levers.rework_per_day = 0.05);
    assert!(rework_only.is_empty(), "rework itself is the client's doing: {rework_only:?}");
    let no_rework = advice_after(|s| s.levers.record_reverse = true);
    assert!(no_rework.is_empty(), "{no_rework:?}");
}

#[test]
fn tasks_start_with_agree() {
    assert!(tasked("Договориться о встрече").is_empty());
    assert!(tasked("«Договориться о дате оплаты»").is_empty());
    for bad in ["Отправить КП", "Созвон", "Мониторинг", "Проинформировать о скидке"]
    {
        let a = tasked(bad);
        assert_eq!(codes(&a), vec![(AdviceCode::TaskNotAgree, Some(2))], "{bad}");
        assert!(a[0].source.ru.contains("обязанность 7"), "{}", a[0].source.ru);
    }
    let en = advice_after(|s| s.stages[2].task_en = Some("Send the proposal".to_owned()));
    assert_eq!(codes(&en), vec![(AdviceCode::TaskNotAgree, Some(2))]);
    assert!(en[0].message.en.contains("Send the proposal"), "{}", en[0].message.en);
}

#[test]
fn tasks_never_ask_what_the_client_decided() {
    for ask in ["Узнать, что решили", "Выяснить что решили", "Уточнить решение по КП"]
    {
        let a = tasked(ask);
        assert_eq!(codes(&a), vec![(AdviceCode::TaskAsksDecision, Some(2))], "{ask}");
        assert!(a[0].source.en.contains("duty 7") && a[0].source.en.contains("mistake 4"));
    }
    let en = advice_after(|s| s.stages[2].task_en = Some("Follow up on their decision".into()));
    assert_eq!(codes(&en), vec![(AdviceCode::TaskAsksDecision, Some(2))]);
    assert!(tasked("Договориться о встрече с тем, кто принимает решение").is_empty());
}

#[test]
fn budget_from_the_first_stage() {
    let late = advice_after(|s| s.levers.budget_known_from_stage = 3);
    assert_eq!(codes(&late), vec![(AdviceCode::BudgetLate, None)]);
    assert!(late[0].source.en.contains("duty 9"), "{}", late[0].source.en);
}

/// A scenario that breaks every rule at once.
fn everything_wrong() -> Vec<Advice> {
    let stage = |name: &str, fact: &str, task: &str| StageSpec {
        name: name.to_owned(),
        exit_fact: fact.to_owned(),
        task: Some(task.to_owned()),
        task_en: None,
        ..default_spec().stages[0].clone()
    };
    advice_after(|s| {
        s.stages = vec![
            stage("Переговоры", "", "Узнать, что решили"),
            stage("Неразобранные", "КП отправлено", "Отправить КП"),
            stage("Жду ответа", "Оплата получена", "Договориться о встрече"),
        ];
        s.levers.rework_per_day = 0.1;
        s.levers.record_reverse = true;
        s.levers.budget_known_from_stage = 2;
    })
}

#[test]
fn every_rule_cites_its_source_in_both_languages() {
    let all = everything_wrong();
    let mut seen: Vec<AdviceCode> = all.iter().map(|a| a.code).collect();
    seen.dedup();
    assert_eq!(
        seen,
        vec![
            AdviceCode::StageCount,
            AdviceCode::ExitFact,
            AdviceCode::StatusName,
            AdviceCode::TaskAsksDecision,
            AdviceCode::ExitFact,
            AdviceCode::Pocket,
            AdviceCode::TaskNotAgree,
            AdviceCode::BallOnClient,
            AdviceCode::ReverseRecord,
            AdviceCode::BudgetLate,
        ]
    );
    let cyrillic =
        |t: &str| t.chars().any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap_or(c)));
    for a in &all {
        for text in [&a.message.en, &a.message.ru, &a.source.en, &a.source.ru] {
            assert!(!text.trim().is_empty(), "{a:?}");
        }
        assert!(cyrillic(&a.message.ru) && cyrillic(&a.source.ru), "{a:?}");
        assert!(a.source.en.contains('"') && !cyrillic(&a.source.en), "{a:?}");
        assert!(
            a.source.ru.contains("«Воронка продаж") || a.source.ru.contains("«12 неочевидных"),
            "{a:?}"
        );
        assert!(
            ["requirement", "mistake", "duty"].iter().any(|w| a.source.en.contains(w)),
            "{a:?}"
        );
    }
}

#[test]
fn advice_is_serialised_with_its_source() {
    let all = everything_wrong();
    let v = serde_json::to_value(&all).expect("advice serialises");
    let first = &v[0];
    assert_eq!(first["code"], "stage_count");
    assert!(first.get("stage").is_none(), "no stage, no key: {first}");
    for key in ["message", "message_ru", "source", "source_ru"] {
        assert!(first[key].is_string(), "{key}");
    }
    assert_eq!(v[1]["code"], "exit_fact");
    assert_eq!(v[1]["stage"], 0);
    let back: Vec<Advice> = serde_json::from_value(v).expect("and reads back");
    assert_eq!(back, all);
}

#[test]
fn cli_validate_prints_advice_with_its_source() {
    let dir = std::env::temp_dir().join(format!("funnel-lab-linter-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let mut spec = default_spec();
    spec.stages[1].name = "Пока не нужно".to_owned();
    spec.stages[1].name_en = None;
    let path = dir.join("pocket.json");
    std::fs::write(&path, serde_json::to_string(&spec).expect("json")).expect("write");
    let out = main_with(&["validate".to_owned(), path.to_string_lossy().into_owned()]);
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("advice: Stage 2 \"Пока не нужно\" is a pocket"), "{}", out.stdout);
    assert!(out.stdout.contains("mistake 1 (pocket)]"), "{}", out.stdout);
}
