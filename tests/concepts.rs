//! The concepts page's data: it parses, covers the posts item by item, and every link lands
//! somewhere that exists.

use std::collections::HashSet;

use funnel_lab::content::concepts::{
    anchor, concepts, lever_words, rule_key, sections, Concept, Coverage, Focus, Group, Link,
    Section,
};
use funnel_lab::content::lessons::lessons;
use funnel_lab::lint::AdviceCode;
use funnel_lab::sim::scenario::Levers;

fn all() -> Vec<Concept> {
    concepts().expect("assets/concepts.json parses")
}

#[test]
fn the_file_parses_and_ids_are_unique() {
    let cs = all();
    let mut seen = HashSet::new();
    for c in &cs {
        assert!(seen.insert(c.id.as_str()), "duplicate id {}", c.id);
        // The id is the page anchor: keep it to what a URL carries without escaping.
        assert!(
            c.id.chars().all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '-'),
            "id {} is not lower-case ascii with dashes",
            c.id
        );
    }
}

#[test]
fn counts_match_the_posts() {
    let cs = all();
    let count = |g: Group| cs.iter().filter(|c| c.group == g).count();
    assert_eq!(count(Group::Duty), 12);
    assert_eq!(count(Group::Requirement), 12);
    assert_eq!(count(Group::Mistake), 4);
    assert_eq!(count(Group::Shape), 5);
    assert_eq!(count(Group::Check), 1, "duty 2's mid-month check");
    assert_eq!(count(Group::Example), 1, "the five-stage example");
    // The ladder post: lead magnet, tripwire, flagship, mid-ticket, VIP; the five steps of trust,
    // every product an entry point, the audit. The metrics post: LTV, ROMI, CPL vs CAC, the
    // funnel as a hypothesis, clients skipping stages, the CRM's illusion of control, payback.
    assert_eq!(count(Group::Rung), 5);
    assert_eq!(count(Group::LadderIdea), 3);
    assert_eq!(count(Group::Critique), 7);
    // Each numbered group counts 1..=n, once each.
    for (g, n) in [
        (Group::Duty, 12),
        (Group::Requirement, 12),
        (Group::Mistake, 4),
        (Group::Shape, 5),
        (Group::Rung, 5),
        (Group::LadderIdea, 3),
        (Group::Critique, 7),
    ] {
        let mut nums: Vec<u32> = cs.iter().filter(|c| c.group == g).map(|c| c.number).collect();
        nums.sort_unstable();
        assert_eq!(nums, (1..=n).collect::<Vec<_>>(), "{g:?} numbers");
    }
}

#[test]
fn every_text_is_given_in_both_languages() {
    for c in all() {
        let mut texts = vec![("source", &c.source), ("title", &c.title), ("summary", &c.summary)];
        if let Some(n) = &c.note {
            texts.push(("note", n));
        }
        for (name, t) in texts {
            assert!(!t.ru.trim().is_empty(), "{} {name}: Russian empty", c.id);
            assert!(!t.en.trim().is_empty(), "{} {name}: English empty", c.id);
            assert_ne!(t.ru, t.en, "{} {name}: not translated", c.id);
        }
    }
}

#[test]
fn every_source_names_its_post_and_item() {
    for c in all() {
        let (post_en, item_en, item_ru) = match c.group {
            Group::Duty => (
                "12 non-obvious duties",
                format!("duty {}", c.number),
                format!("обязанность {}", c.number),
            ),
            Group::Shape => (
                "12 non-obvious duties",
                format!("duty 2, shape {}", c.number),
                format!("обязанность 2, форма {}", c.number),
            ),
            Group::Check => ("12 non-obvious duties", "duty 2".into(), "обязанность 2".into()),
            Group::Requirement => (
                "The sales funnel",
                format!("requirement {}", c.number),
                format!("требование {}", c.number),
            ),
            Group::Example => {
                ("The sales funnel", "the funnel example".into(), "пример воронки".into())
            }
            Group::Mistake => (
                "The sales funnel",
                format!("mistake {}", c.number),
                format!("ошибка {}", c.number),
            ),
            Group::Rung => (
                "How to build a product funnel",
                format!("rung {}", c.number),
                format!("ступень {}", c.number),
            ),
            Group::LadderIdea => (
                "How to build a product funnel",
                c.source.en.rsplit(", ").next().unwrap_or_default().to_owned(),
                c.source.ru.rsplit(", ").next().unwrap_or_default().to_owned(),
            ),
            Group::Critique => (
                "Analytics that shows nothing",
                c.source.en.rsplit(", ").next().unwrap_or_default().to_owned(),
                c.source.ru.rsplit(", ").next().unwrap_or_default().to_owned(),
            ),
        };
        if matches!(c.group, Group::LadderIdea | Group::Critique) {
            assert!(item_en.len() > 5 && item_ru.len() > 5, "{}: names its item", c.id);
        }
        assert!(c.source.en.contains(post_en), "{}: source {}", c.id, c.source.en);
        // "duty 1" must not pass for "duty 12": the item ends the text or a comma/colon follows.
        let ends = |s: &str, item: &str| {
            s.ends_with(item) || s.contains(&format!("{item},")) || s.contains(&format!("{item}:"))
        };
        assert!(ends(&c.source.en, &item_en), "{}: source {}", c.id, c.source.en);
        assert!(ends(&c.source.ru, &item_ru), "{}: source {}", c.id, c.source.ru);
    }
}

#[test]
fn every_concept_not_simulated_says_why() {
    for c in all() {
        if c.coverage != Coverage::Simulated {
            assert!(c.note.is_some(), "{} is {:?} but gives no reason", c.id, c.coverage);
        }
    }
    // The brief's list of things the model leaves out: feedback, idiographic evaluation,
    // hiding advantages, and the requirements that only concern the record.
    let cs = all();
    let coverage = |id: &str| cs.iter().find(|c| c.id == id).map(|c| c.coverage);
    for id in ["duty-5", "duty-10", "duty-12", "req-11", "req-12"] {
        assert_eq!(coverage(id), Some(Coverage::NotSimulated), "{id}");
    }
}

#[test]
fn every_concept_has_a_link_with_a_route() {
    for c in all() {
        for l in c.links() {
            let href = l.href();
            assert!(href.starts_with("#/"), "{}: href {href}", c.id);
        }
        // The main link is the one the page always shows.
        assert!(!c.link.href().is_empty(), "{}", c.id);
    }
}

/// Every lesson link names a lesson file that exists (the lesson files must parse).
#[test]
fn lesson_links_name_lessons_that_exist() {
    let ls = lessons().expect("the lesson files parse");
    let ids: HashSet<&str> = ls.iter().map(|l| l.id.as_str()).collect();
    for c in all() {
        for l in c.links() {
            if let Link::Lesson { id } = l {
                assert!(ids.contains(id.as_str()), "{}: no lesson file with id {id}", c.id);
            }
        }
    }
}

#[test]
fn lever_links_name_fields_of_the_levers() {
    let levers = serde_json::to_value(Levers::default()).expect("levers serialise");
    let fields = levers.as_object().expect("levers are an object");
    for c in all() {
        for l in c.links() {
            if let Link::Lever { field } = l {
                assert!(fields.contains_key(field), "{}: no lever {field}", c.id);
            }
        }
    }
}

/// Linter links are typed (an unknown code does not parse); and every rule the linter has is
/// explained by some concept, so the page and the linter cannot drift apart.
#[test]
fn every_linter_rule_is_linked_from_a_concept() {
    let linked: Vec<AdviceCode> = all()
        .iter()
        .flat_map(|c| c.links().cloned().collect::<Vec<_>>())
        .filter_map(|l| if let Link::Linter { code } = l { Some(code) } else { None })
        .collect();
    for code in AdviceCode::ALL {
        assert!(linked.contains(&code), "no concept links the linter rule {code:?}");
    }
}

#[test]
fn hrefs_follow_the_routes() {
    assert_eq!(Link::Lesson { id: "pocket".into() }.href(), "#/lesson/pocket");
    assert_eq!(Link::Team.href(), "#/team");
    assert_eq!(Link::Editor.href(), "#/");
    assert_eq!(Link::Linter { code: AdviceCode::TaskNotAgree }.href(), "#/?rule=task_not_agree");
    assert_eq!(Link::Lever { field: "deadline_share".into() }.href(), "#/?lever=deadline_share");
    assert_eq!(Link::Ladder.href(), "#/ladder");
    assert_eq!(Link::Metrics.href(), "#/metrics");
    // The editor reads the target back from the hash, and names what to scroll to.
    let lever = Focus::parse("#/?lever=deadline_share").expect("a lever");
    assert_eq!(lever, Focus::Lever("deadline_share".into()));
    assert_eq!(lever.selector(), "[data-path^=\"levers.deadline_share\"]");
    assert_eq!(Focus::parse("#/?rule=pocket"), Some(Focus::Rule("pocket".into())));
    for bad in ["#/", "#/?lever=", "#/?lever=a\"]", "#/?x=pocket", "#/ladder"] {
        assert_eq!(Focus::parse(bad), None, "{bad}");
    }
    for code in AdviceCode::ALL {
        let href = Link::Linter { code }.href();
        assert_eq!(Focus::parse(&href), Some(Focus::Rule(rule_key(code))), "{href}");
    }
}

#[test]
fn labels_use_lesson_titles_when_known_and_ids_otherwise() {
    let l = Link::Lesson { id: "secondary-contacts".into() };
    assert_eq!(l.label(&[]).en, "Lesson «secondary-contacts»");
    // A title that is itself quoted («Карман»: …) nests its quotes instead of doubling them.
    let all = lessons().expect("built-in lessons load");
    let pocket = Link::Lesson { id: "pocket".into() }.label(&all);
    assert_eq!(pocket.ru, "Урок «„Карман“: этап, где сделки лежат»");
    for lesson in &all {
        let label = Link::Lesson { id: lesson.id.clone() }.label(&all);
        for text in [&label.ru, &label.en] {
            assert!(!text.contains("««") && !text.contains("»»"), "{text}");
            assert_eq!(text.matches('«').count(), 1, "{text}");
        }
    }
    let code = Link::Linter { code: AdviceCode::TaskNotAgree }.label(&[]);
    assert!(code.ru.contains("«задача начинается не с „Договориться…“»"), "{}", code.ru);
    let lever = Link::Lever { field: "deadline_share".into() }.label(&[]);
    assert!(!lever.en.contains("levers.") && !lever.en.contains("deadline_share"), "{}", lever.en);
}

/// Link words never show the code's identifiers: no rule's Rust name, no `levers.` field.
#[test]
fn links_are_labelled_in_words_in_both_languages() {
    let all = lessons().expect("built-in lessons load");
    for c in all_concepts() {
        for link in c.links() {
            if let Link::Lever { field } = link {
                assert!(lever_words(field).is_some(), "{}: lever {field} has no words", c.id);
            }
            let label = link.label(&all);
            for text in [&label.ru, &label.en] {
                assert!(!text.contains("levers.") && !text.contains('_'), "{}: {text}", c.id);
                for code in AdviceCode::ALL {
                    let name = format!("{code:?}");
                    assert!(!text.contains(&name), "{}: {text} shows {name}", c.id);
                }
            }
        }
    }
}

#[test]
fn every_lesson_is_linked_and_the_ladder_and_metrics_posts_are_answered() {
    let cs = all_concepts();
    let links: Vec<&Link> = cs.iter().flat_map(|c| c.links()).collect();
    for l in lessons().expect("lessons") {
        assert!(
            links.iter().any(|k| matches!(k, Link::Lesson { id } if *id == l.id)),
            "no concept links the lesson {}",
            l.id
        );
    }
    let href_of = |id: &str| cs.iter().find(|c| c.id == id).expect(id).link.href();
    for id in ["rung-flagship", "rung-mid-ticket", "rung-vip", "ladder-entry-points"] {
        assert_eq!(href_of(id), "#/ladder", "{id}");
    }
    assert_eq!(href_of("rung-tripwire"), "#/lesson/tripwire");
    assert_eq!(href_of("rung-lead-magnet"), "#/lesson/lead-magnet");
    for id in ["metric-ltv", "metric-romi", "metric-cpl-cac"] {
        assert_eq!(href_of(id), "#/metrics", "{id}");
    }
    // Duty 1 and the example are how the engine is built, not an effect a run shows.
    let cov = |id: &str| cs.iter().find(|c| c.id == id).expect(id).coverage;
    assert_eq!(cov("duty-1"), Coverage::Assumed);
    assert_eq!(cov("example-five-stages"), Coverage::Assumed);
    assert_eq!(Coverage::Assumed.label().en, "built into the model");
}

fn all_concepts() -> Vec<Concept> {
    all()
}

#[test]
fn sections_keep_the_posts_order_and_every_concept() {
    let cs = all();
    let secs = sections(&cs);
    assert_eq!(secs.iter().map(|(s, _)| *s).collect::<Vec<_>>(), Section::ALL.to_vec());
    assert_eq!(secs.iter().map(|(_, v)| v.len()).sum::<usize>(), cs.len());
    let duties: Vec<&str> = secs[0].1.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(duties.first(), Some(&"duty-1"));
    assert_eq!(duties.last(), Some(&"duty-12"));
    // Duty 2's shapes and check sit right after it.
    let two = duties.iter().position(|&d| d == "duty-2").expect("duty 2");
    assert!(duties[two + 1].starts_with("shape-"));
    assert_eq!(duties[two + 7], "duty-3");
    for s in Section::ALL {
        assert!(!s.title().ru.is_empty() && !s.title().en.is_empty());
    }
}

#[test]
fn anchors_come_from_the_hash() {
    assert_eq!(anchor("#/concepts/duty-3"), Some("duty-3"));
    assert_eq!(anchor("#/concepts"), None);
    assert_eq!(anchor("#/concepts/"), None);
    assert_eq!(anchor("#/lesson/pocket"), None);
}

#[test]
fn markers_number_the_posts_items_and_nest_duty_two() {
    let cs = all();
    let by_id = |id: &str| cs.iter().find(|c| c.id == id).expect(id).clone();
    assert_eq!(by_id("duty-12").marker().as_deref(), Some("12"));
    assert_eq!(by_id("req-6").marker().as_deref(), Some("6"));
    assert_eq!(by_id("shape-pipe").marker(), None);
    assert!(by_id("shape-pipe").is_sub_item() && by_id("check-mid-month").is_sub_item());
    assert!(!by_id("duty-2").is_sub_item());
}

/// Where the posts say the funnel (duty 1) and the manager's own shape (duty 2) show which
/// stage to focus on, the concepts page points at the What it takes panel (issue #21).
#[test]
fn the_duties_that_name_where_to_focus_link_the_what_it_takes_panel() {
    let all = funnel_lab::content::concepts::concepts().expect("the concepts file parses");
    for id in ["duty-1", "duty-2"] {
        let c = all.iter().find(|c| c.id == id).expect("the duty is there");
        assert!(c.links().any(|l| *l == Link::Goal), "{id} links the panel");
    }
    assert_eq!(Link::Goal.href(), "#/");
    assert!(Link::Goal.label(&[]).ru.contains("Что нужно, чтобы"));
    assert!(Link::Goal.label(&[]).en.contains("What it takes"));
}
