use std::net::{IpAddr, Ipv4Addr};

use super::*;

const T0: u64 = 1_800_000_000_000;

fn ip(n: u8) -> IpAddr {
    IpAddr::V4(Ipv4Addr::new(10, 0, 0, n))
}

fn text(s: &str) -> Text {
    Text { ru: format!("{s} (ru)"), en: s.to_owned() }
}

fn lessons() -> Vec<LessonInfo> {
    vec![LessonInfo {
        id: "two".into(),
        title: text("Two arms"),
        question: text("Which?"),
        arms: vec![text("A"), text("B")],
    }]
}

fn rooms() -> Rooms<MemoryJournal> {
    Rooms::new(lessons(), Limits::default(), MemoryJournal::default())
}

fn vote_body(voter: &str, round: u32, guesses: &[f64], name: Option<&str>) -> Vec<u8> {
    let mut v = json!({"voter": voter, "round": round, "guesses": guesses});
    if let Some(n) = name {
        v["name"] = json!(n);
    }
    v.to_string().into_bytes()
}

/// A room with round 1 open; returns (rooms, code, token).
fn open_room() -> (Rooms<MemoryJournal>, String, String) {
    let mut r = rooms();
    let c = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("create");
    assert_eq!(r.open_round(&c.code, Some(&c.token), ip(1), T0), Ok(1));
    (r, c.code, c.token)
}

fn results(r: &mut Rooms<MemoryJournal>, code: &str, token: &str) -> Value {
    r.results(code, Some(token), ip(1), T0).expect("results")
}

#[test]
fn codes_and_tokens_are_fresh_and_well_formed() {
    let mut r = rooms();
    let a = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("a");
    let b = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("b");
    for c in [&a, &b] {
        assert_eq!(c.code.len(), CODE_LEN);
        assert!(c.code.bytes().all(|ch| CODE_ALPHABET.contains(&ch)), "{}", c.code);
        assert_eq!(c.token.len(), 43, "32 bytes in URL-safe base64");
        assert_eq!(c.join, format!("/j/{}", c.code));
    }
    assert_ne!(a.code, b.code);
    assert_ne!(a.token, b.token);
    assert_eq!(CODE_ALPHABET.len(), 31);
    assert_eq!(r.journal().records.len(), 2);
    let public = r.public(&a.code, None, ip(2), T0).expect("public");
    assert_eq!(public["lesson"], "two");
    assert_eq!(public["arms"][1]["label"]["en"], "B");
    assert_eq!(public["round"], 0);
    assert_eq!(public["open"], false);
}

#[test]
fn embedded_lessons_give_every_arm() {
    let all = LessonInfo::embedded().expect("lessons parse");
    assert!(!all.is_empty());
    for l in &all {
        assert!(l.arms.len() >= 2, "{}: a baseline and at least one variant", l.id);
    }
}

#[test]
fn opening_a_round_closes_the_previous_and_votes_go_only_to_the_open_one() {
    let mut r = rooms();
    let c = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("create");
    let tok = Some(c.token.as_str());
    // Before any round: 409, nothing stored.
    let e = r.vote(&c.code, &vote_body("p1", 1, &[10.0, 20.0], None), ip(2), T0);
    assert_eq!(e, Err(RoomError::RoundNotOpen { asked: 1, open: 0 }));
    assert_eq!(r.open_round(&c.code, tok, ip(1), T0), Ok(1));
    assert_eq!(r.vote(&c.code, &vote_body("p1", 1, &[10.0, 20.0], None), ip(2), T0), Ok(()));
    // A future round: 409.
    let e = r.vote(&c.code, &vote_body("p1", 2, &[10.0, 20.0], None), ip(2), T0);
    assert_eq!(e.map_err(|e| e.status()), Err(409));
    assert_eq!(r.open_round(&c.code, tok, ip(1), T0), Ok(2));
    // Round 1 is closed now.
    let e = r.vote(&c.code, &vote_body("p2", 1, &[1.0, 2.0], None), ip(2), T0);
    assert_eq!(e, Err(RoomError::RoundNotOpen { asked: 1, open: 2 }));
    assert_eq!(r.vote(&c.code, &vote_body("p1", 2, &[30.0, 40.0], Some("Аня")), ip(2), T0), Ok(()));
    // Closing without a new round: the reveal.
    assert_eq!(r.close_round(&c.code, tok, ip(1), T0), Ok(2));
    let stored = r.journal().records.len();
    assert_eq!(r.close_round(&c.code, tok, ip(1), T0), Ok(2), "closing twice");
    assert_eq!(r.journal().records.len(), stored, "a second close stores nothing");
    assert_eq!(r.public(&c.code, Some("a b"), ip(2), T0).map_err(|e| e.status()), Err(400));
    let e = r.vote(&c.code, &vote_body("p1", 2, &[0.0, 0.0], None), ip(2), T0);
    assert_eq!(e.map_err(|e| e.status()), Err(409));
    assert_eq!(
        results(&mut r, &c.code, &c.token),
        json!({"rounds": [
            {"round": 1, "votes": [{"voter": "p1", "guesses": [10.0, 20.0]}]},
            {"round": 2, "votes": [{"voter": "p1", "guesses": [30.0, 40.0], "name": "Аня"}]},
        ]})
    );
    let s = r.status(&c.code, tok, ip(1), T0).expect("status");
    assert_eq!(
        s,
        json!({"round": 2, "open": false, "voters": 1,
        "rounds": [{"round": 1, "answered": 1}, {"round": 2, "answered": 1}]})
    );
}

#[test]
fn a_second_vote_replaces_the_first_in_place() {
    let (mut r, code, token) = open_room();
    for (voter, g) in [("a", 1.0), ("b", 2.0), ("a", 3.0)] {
        assert_eq!(r.vote(&code, &vote_body(voter, 1, &[g, g], None), ip(2), T0), Ok(()));
    }
    assert_eq!(
        results(&mut r, &code, &token)["rounds"][0]["votes"],
        json!([{"voter": "a", "guesses": [3.0, 3.0]}, {"voter": "b", "guesses": [2.0, 2.0]}])
    );
}

#[test]
fn every_refusal_has_its_status_and_stores_nothing() {
    let (mut r, code, token) = open_room();
    let stored = r.journal().records.len();
    let long_name = "я".repeat(41);
    let cases: Vec<(Vec<u8>, u16)> = vec![
        (b"not json".to_vec(), 400),
        (br#"{"voter":"x","round":1}"#.to_vec(), 400),
        (vote_body("x", 1, &[10.0], None), 400),
        (vote_body("x", 1, &[10.0, 100.5], None), 400),
        (vote_body("x", 1, &[-1.0, 5.0], None), 400),
        (vote_body("", 1, &[1.0, 5.0], None), 400),
        (vote_body("a b", 1, &[1.0, 5.0], None), 400),
        (vote_body(&"v".repeat(65), 1, &[1.0, 5.0], None), 400),
        (vote_body("x", 1, &[1.0, 5.0], Some(&long_name)), 400),
        (vote_body("x", 1, &[1.0, 5.0], Some("a\u{7}b")), 400),
        (vote_body("x", 0, &[1.0, 5.0], None), 409),
        (vote_body("x", 2, &[1.0, 5.0], None), 409),
        (vec![b' '; 4097], 413),
    ];
    for (body, status) in cases {
        let e = r.vote(&code, &body, ip(2), T0).expect_err("refused");
        assert_eq!(e.status(), status, "{e} for {}", String::from_utf8_lossy(&body));
        assert!(e.body()["error"].is_string() && e.body()["error_ru"].is_string());
    }
    assert_eq!(
        r.vote("NOSUCH", &vote_body("x", 1, &[1.0, 5.0], None), ip(2), T0).map_err(|e| e.status()),
        Err(404)
    );
    assert_eq!(r.journal().records.len(), stored, "no refused request was stored");
    assert_eq!(results(&mut r, &code, &token)["rounds"][0]["votes"], json!([]));
    // The limits' edges are accepted: 40 characters, 0 and 100.
    let ok = vote_body("x", 1, &[0.0, 100.0], Some(&"я".repeat(40)));
    assert_eq!(r.vote(&code, &ok, ip(2), T0), Ok(()));
    // A blank name is no name.
    assert_eq!(r.vote(&code, &vote_body("y", 1, &[5.0, 5.0], Some("  ")), ip(2), T0), Ok(()));
    assert!(results(&mut r, &code, &token)["rounds"][0]["votes"][1].get("name").is_none());
}

#[test]
fn a_voter_gets_ten_requests_a_second() {
    let (mut r, code, _) = open_room();
    for i in 0..10 {
        assert_eq!(r.vote(&code, &vote_body("fast", 1, &[1.0, 1.0], None), ip(2), T0 + i), Ok(()));
    }
    let stored = r.journal().records.len();
    let e = r.vote(&code, &vote_body("fast", 1, &[9.0, 9.0], None), ip(2), T0 + 10);
    assert_eq!(e, Err(RoomError::TooMany));
    assert_eq!(r.journal().records.len(), stored);
    // Polls that name the voter share its bucket.
    assert_eq!(r.public(&code, Some("fast"), ip(2), T0 + 10).map_err(|e| e.status()), Err(429));
    // Another voter is not slowed; the first one is served again 100 ms later.
    assert_eq!(r.vote(&code, &vote_body("calm", 1, &[1.0, 1.0], None), ip(2), T0 + 10), Ok(()));
    assert_eq!(r.vote(&code, &vote_body("fast", 1, &[9.0, 9.0], None), ip(2), T0 + 120), Ok(()));
}

#[test]
fn a_room_takes_500_voters_and_the_501st_is_refused() {
    let (mut r, code, token) = open_room();
    for i in 0..500 {
        assert_eq!(
            r.vote(&code, &vote_body(&format!("v{i}"), 1, &[1.0, 2.0], None), ip(2), T0),
            Ok(())
        );
    }
    let e = r.vote(&code, &vote_body("late", 1, &[1.0, 2.0], None), ip(2), T0);
    assert_eq!(e, Err(RoomError::RoomFull(500)));
    // Someone already in the room still changes their vote.
    assert_eq!(r.vote(&code, &vote_body("v7", 1, &[50.0, 50.0], None), ip(2), T0 + 1), Ok(()));
    let res = results(&mut r, &code, &token);
    let votes = res["rounds"][0]["votes"].as_array().expect("votes");
    assert_eq!(votes.len(), 500);
    assert!(votes.iter().all(|v| v["voter"] != "late"));
}

#[test]
fn the_server_holds_64_rooms_and_an_address_opens_10_then_one_a_minute() {
    let mut r = rooms();
    for i in 0..64u8 {
        r.create(br#"{"lesson":"two"}"#, ip(i / 8), T0).expect("room");
    }
    let e = r.create(br#"{"lesson":"two"}"#, ip(200), T0).expect_err("65th");
    assert_eq!((e.status(), e), (429, RoomError::TooManyRooms(64)));
    assert_eq!(r.journal().records.len(), 64);

    let mut r = rooms();
    for _ in 0..10 {
        r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("room");
    }
    assert_eq!(r.create(br#"{"lesson":"two"}"#, ip(1), T0), Err(RoomError::TooMany));
    assert!(r.create(br#"{"lesson":"two"}"#, ip(2), T0).is_ok());
    assert!(r.create(br#"{"lesson":"two"}"#, ip(1), T0 + 60_000).is_ok());
    let e = r.create(br#"{"lesson":"nope"}"#, ip(3), T0).expect_err("unknown lesson");
    assert_eq!(e.status(), 400);
    assert_eq!(r.create(br#"{"lesson":"#, ip(3), T0).map_err(|e| e.status()), Err(400));
}

#[test]
fn only_the_rooms_token_opens_rounds_and_reads_results() {
    let mut r = rooms();
    let a = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("a");
    let b = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("b");
    let stored = r.journal().records.len();
    let mut wrong = a.token.clone();
    wrong.replace_range(0..1, if wrong.starts_with('A') { "B" } else { "A" });
    for tok in [None, Some(b.token.as_str()), Some(wrong.as_str()), Some("")] {
        assert_eq!(r.open_round(&a.code, tok, ip(2), T0), Err(RoomError::Unauthorized));
        assert_eq!(r.close_round(&a.code, tok, ip(2), T0), Err(RoomError::Unauthorized));
        assert_eq!(r.results(&a.code, tok, ip(2), T0).map_err(|e| e.status()), Err(401));
        assert_eq!(r.status(&a.code, tok, ip(2), T0).map_err(|e| e.status()), Err(401));
    }
    assert_eq!(r.journal().records.len(), stored);
    assert_eq!(r.open_round(&a.code, Some(&a.token), ip(2), T0), Ok(1));
    assert!(same_secret("abc", "abc") && !same_secret("abc", "abd") && !same_secret("abc", "ab"));
}

#[test]
fn unknown_codes_are_limited_per_address() {
    let mut r = rooms();
    for _ in 0..10 {
        assert_eq!(r.public("ZZZZZZ", None, ip(9), T0).map_err(|e| e.status()), Err(404));
    }
    assert_eq!(r.public("ZZZZZZ", None, ip(9), T0).map_err(|e| e.status()), Err(429));
    assert_eq!(r.public("ZZZZZZ", None, ip(8), T0).map_err(|e| e.status()), Err(404));
    assert_eq!(r.public("ZZZZZZ", None, ip(9), T0 + 6_000).map_err(|e| e.status()), Err(404));
}

#[test]
fn rooms_expire_after_24_hours_idle() {
    let (mut r, code, _) = open_room();
    let day = 24 * 3600 * 1000;
    assert_eq!(r.vote(&code, &vote_body("a", 1, &[1.0, 1.0], None), ip(2), T0 + day - 1), Ok(()));
    assert!(r.public(&code, None, ip(2), T0 + 2 * day - 2).is_ok(), "a vote is activity");
    assert_eq!(r.public(&code, None, ip(2), T0 + 2 * day).map_err(|e| e.status()), Err(404));
    assert!(r.is_empty());
}

#[test]
fn a_journal_that_cannot_write_changes_nothing() {
    let (mut r, code, token) = open_room();
    r.journal_mut().fail = true;
    let e = r.vote(&code, &vote_body("a", 1, &[1.0, 1.0], None), ip(2), T0).expect_err("fail");
    assert_eq!(e.status(), 500);
    assert_eq!(r.open_round(&code, Some(&token), ip(1), T0).map_err(|e| e.status()), Err(500));
    r.journal_mut().fail = false;
    let res = results(&mut r, &code, &token);
    assert_eq!(res, json!({"rounds": [{"round": 1, "votes": []}]}));
}

fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("funnel-room-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn the_file_journal_replays_every_change_and_compacts() {
    let dir = temp_dir("replay");
    let mut r =
        Rooms::new(lessons(), Limits::default(), FileJournal::rewrite(&dir, &[]).expect("open"));
    let c = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("create");
    let tok = Some(c.token.as_str());
    r.open_round(&c.code, tok, ip(1), T0).expect("round 1");
    r.vote(&c.code, &vote_body("a", 1, &[12.5, 30.0], Some("Ann")), ip(2), T0).expect("a");
    r.vote(&c.code, &vote_body("b", 1, &[1.0, 2.0], None), ip(2), T0).expect("b");
    r.vote(&c.code, &vote_body("a", 1, &[13.0, 31.0], Some("Ann")), ip(2), T0).expect("a again");
    r.open_round(&c.code, tok, ip(1), T0 + 5).expect("round 2");
    r.vote(&c.code, &vote_body("b", 2, &[0.1, 99.9], None), ip(2), T0 + 6).expect("b 2");
    let before = r.results(&c.code, tok, ip(1), T0).expect("results").to_string();
    let status = r.status(&c.code, tok, ip(1), T0).expect("status");
    drop(r);

    // A torn last line (a write cut by power loss, never acknowledged) is skipped.
    let path = dir.join("rooms.jsonl");
    let mut text = std::fs::read(&path).expect("journal");
    text.extend_from_slice(br#"{"t":"vote","code":"#);
    std::fs::write(&path, &text).expect("tear");

    let replay = FileJournal::read(&dir).expect("read");
    assert_eq!((replay.records.len(), replay.skipped), (7, 1));
    let mut r2 = Rooms::new(lessons(), Limits::default(), MemoryJournal::default());
    assert_eq!(r2.replay(&replay.records, T0 + 10), 0);
    assert_eq!(r2.results(&c.code, tok, ip(1), T0).expect("results").to_string(), before);
    assert_eq!(r2.status(&c.code, tok, ip(1), T0).expect("status"), status);

    // Compacted: fewer lines, same state, and still appendable.
    let snap = r2.snapshot();
    assert_eq!(snap.len(), 6, "room, round, 2 votes, round, 1 vote");
    let journal = FileJournal::rewrite(&dir, &snap).expect("rewrite");
    let mut r3 = Rooms::new(lessons(), Limits::default(), journal);
    r3.replay(&FileJournal::read(&dir).expect("read").records, T0 + 10);
    assert_eq!(r3.results(&c.code, tok, ip(1), T0).expect("results").to_string(), before);
    r3.vote(&c.code, &vote_body("c", 2, &[5.0, 5.0], None), ip(2), T0 + 20).expect("c");
    let after = FileJournal::read(&dir).expect("read");
    assert_eq!((after.records.len(), after.skipped), (7, 0));

    // A room idle past 24 h is not brought back.
    let mut r4 = Rooms::new(lessons(), Limits::default(), MemoryJournal::default());
    r4.replay(&after.records, T0 + 20 + 24 * 3600 * 1000);
    assert!(r4.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn group_commit_counts_writes_and_syncs_them_together() {
    let dir = temp_dir("group");
    let mut journal = FileJournal::rewrite(&dir, &[]).expect("open");
    let syncer = journal.group_commit().expect("group commit");
    let mut r = Rooms::new(lessons(), Limits::default(), journal);
    let c = r.create(br#"{"lesson":"two"}"#, ip(1), T0).expect("create");
    r.open_round(&c.code, Some(&c.token), ip(1), T0).expect("round");
    assert_eq!(syncer.written(), 2);
    // A refusal writes nothing, so its ticket is the previous one (already covered).
    assert!(r.vote(&c.code, b"{}", ip(2), T0).is_err());
    assert_eq!(syncer.written(), 2);
    r.vote(&c.code, &vote_body("a", 1, &[1.0, 2.0], None), ip(2), T0).expect("vote");
    let ticket = syncer.written();
    syncer.sync_through(ticket).expect("fsync");
    syncer.sync_through(1).expect("an older ticket is already durable");
    assert_eq!(FileJournal::read(&dir).expect("read").records.len(), 3);
    let _ = std::fs::remove_dir_all(&dir);
}
