//! `funnel-lab serve` from outside: the binary on a free loopback port with a temporary
//! `--data`, driven over HTTP. Bad input (every refusal, nothing stored), a SIGKILL mid-round
//! (every acknowledged vote found after the restart), and a load of 300 phones in two rounds
//! (every acknowledged vote in the results; p99 vote latency and the server's peak memory are
//! printed, not asserted: numbers go in docs/workshop.md).
//!
//! Everything is on 127.0.0.1, bounded in count, and each request has a timeout.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Barrier, Mutex};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The tests run one at a time: the load numbers are not shared with another test's server.
static SERIAL: Mutex<()> = Mutex::new(());

struct Server {
    child: Child,
    port: u16,
}

impl Server {
    fn start(data: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_funnel-lab"))
            .args(["serve", "--addr", "127.0.0.1:0", "--data"])
            .arg(data)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start funnel-lab serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(rest) = line.split("http://127.0.0.1:").nth(1) {
                    let port: String = rest.chars().take_while(char::is_ascii_digit).collect();
                    let _ = tx.send(port.parse::<u16>().ok());
                }
            }
        });
        let port = rx.recv_timeout(Duration::from_secs(60)).ok().flatten();
        let Some(port) = port else {
            let _ = child.kill();
            panic!("the server printed no http://127.0.0.1:PORT line within 60 s");
        };
        Self { child, port }
    }

    fn kill(&mut self) {
        // SIGKILL: no handler, no flush, no goodbye.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    fn peak_rss_kb(&self) -> Option<u64> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).ok()?;
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}

struct Reply {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }
}

/// One HTTP/1.1 request on a fresh connection (`Connection: close`): the test's own client,
/// just enough to see statuses, headers and bodies byte for byte.
fn request(
    port: u16,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Reply> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(20)))?;
    s.set_write_timeout(Some(Duration::from_secs(20)))?;
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    let mut all = req.into_bytes();
    all.extend_from_slice(body);
    s.write_all(&all)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| std::io::Error::other("no header end"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|c| c.parse().ok()).unwrap_or(0);
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect::<HashMap<_, _>>();
    let mut body = raw[split + 4..].to_vec();
    if headers.get("transfer-encoding").is_some_and(|v| v == "chunked") {
        body = dechunk(&body);
    }
    Ok(Reply { status, headers, body })
}

fn dechunk(mut b: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(i) = b.windows(2).position(|w| w == b"\r\n") {
        let n = usize::from_str_radix(String::from_utf8_lossy(&b[..i]).trim(), 16).unwrap_or(0);
        if n == 0 {
            break;
        }
        out.extend_from_slice(&b[i + 2..i + 2 + n]);
        b = &b[i + 2 + n + 2..];
    }
    out
}

fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path, &[], b"").expect("GET")
}

fn post_json(port: u16, path: &str, body: &Value, token: Option<&str>) -> Reply {
    let auth = token.map(|t| format!("Bearer {t}"));
    let mut h = vec![("Content-Type", "application/json")];
    if let Some(a) = &auth {
        h.push(("Authorization", a));
    }
    request(port, "POST", path, &h, body.to_string().as_bytes()).expect("POST")
}

fn with_token(port: u16, method: &str, path: &str, token: &str) -> Reply {
    request(port, method, path, &[("Authorization", &format!("Bearer {token}"))], b"")
        .expect("request")
}

fn temp_data(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("funnel-lab-room-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// A lesson id and its number of arms, from the embedded lessons.
fn a_lesson() -> (String, usize) {
    let l = &funnel_lab::content::lessons::lessons().expect("lessons")[0];
    (l.id.clone(), 1 + l.variants.len())
}

struct Room {
    code: String,
    token: String,
}

fn create_room(port: u16, lesson: &str) -> Room {
    let r = post_json(port, "/api/rooms", &json!({"lesson": lesson}), None);
    assert_eq!(r.status, 201, "{}", String::from_utf8_lossy(&r.body));
    let v = r.json();
    let code = v["code"].as_str().expect("code").to_owned();
    assert_eq!(v["join"], format!("/j/{code}"));
    assert_eq!(v["join_url"], Value::Null, "loopback only: phones cannot join");
    Room { code, token: v["token"].as_str().expect("token").to_owned() }
}

fn open_round(port: u16, room: &Room) -> u64 {
    let r = with_token(port, "POST", &format!("/api/rooms/{}/rounds", room.code), &room.token);
    assert_eq!(r.status, 200);
    r.json()["round"].as_u64().expect("round")
}

fn results(port: u16, room: &Room) -> Reply {
    let r = with_token(port, "GET", &format!("/api/rooms/{}/results", room.code), &room.token);
    assert_eq!(r.status, 200);
    r
}

fn journal_bytes(data: &Path) -> Vec<u8> {
    std::fs::read(data.join("rooms.jsonl")).unwrap_or_default()
}

#[test]
fn serves_the_contract_and_refuses_bad_input_storing_nothing() {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = temp_data("refusals");
    let server = Server::start(&data);
    let port = server.port;
    let (lesson, arms) = a_lesson();

    // The app (or the page saying how to build it), with the policy as a header.
    let root = get(port, "/");
    assert_eq!(root.status, 200);
    assert!(root.headers["content-type"].starts_with("text/html"));
    assert!(root.headers["content-security-policy"].contains("default-src 'self'"));
    let health = get(port, "/api/health").json();
    assert_eq!((health["rooms"].clone(), health["join_base"].clone()), (json!(true), Value::Null));

    let room = create_room(port, &lesson);
    let public = get(port, &format!("/api/rooms/{}", room.code)).json();
    assert_eq!(public["lesson"], lesson.as_str());
    assert_eq!(public["arms"].as_array().map(Vec::len), Some(arms));
    assert!(public["arms"][0]["label"]["ru"].is_string());
    assert_eq!(public["round"], 0);
    // Codes are case-insensitive for people typing them.
    assert_eq!(get(port, &format!("/api/rooms/{}", room.code.to_lowercase())).status, 200);

    // The phone page: HTML under the policy, its script and style, gzip when asked.
    let page = get(port, &format!("/j/{}", room.code));
    assert_eq!(page.status, 200);
    assert!(page.headers["content-type"].starts_with("text/html"));
    assert!(page.headers.contains_key("content-security-policy"));
    assert!(String::from_utf8_lossy(&page.body).contains("/phone/phone.js"));
    let js = request(port, "GET", "/phone/phone.js", &[("Accept-Encoding", "gzip, br")], b"")
        .expect("js");
    assert_eq!(js.status, 200);
    assert!(js.headers["content-type"].starts_with("text/javascript"));
    assert_eq!(js.headers.get("content-encoding").map(String::as_str), Some("gzip"));
    assert_eq!(js.headers["cache-control"], "no-cache");
    let etag = js.headers["etag"].clone();
    let again =
        request(port, "GET", "/phone/phone.js", &[("If-None-Match", &etag)], b"").expect("304");
    assert_eq!(again.status, 304);

    assert_eq!(open_round(port, &room), 1);
    let votes = format!("/api/rooms/{}/votes", room.code);
    let good = |voter: &str, round: u64| json!({"voter": voter, "round": round, "guesses": vec![40; arms]});
    assert_eq!(post_json(port, &votes, &good("alice", 1), None).status, 204);
    let before_results = results(port, &room).body;
    let before_journal = journal_bytes(&data);

    let mut bad_guesses = good("bob", 1);
    bad_guesses["guesses"] = json!(vec![101; arms]);
    let mut short = good("bob", 1);
    short["guesses"] = json!([10]);
    let mut long_name = good("bob", 1);
    long_name["name"] = json!("x".repeat(41));
    // (what, path, body, Authorization, status)
    type Case<'a> = (&'a str, String, Vec<u8>, Option<&'a str>, u16);
    let cases: Vec<Case> = vec![
        ("malformed JSON", votes.clone(), b"{\"voter\":".to_vec(), None, 400),
        ("a guess over 100", votes.clone(), bad_guesses.to_string().into_bytes(), None, 400),
        ("too few guesses", votes.clone(), short.to_string().into_bytes(), None, 400),
        ("a 41-character name", votes.clone(), long_name.to_string().into_bytes(), None, 400),
        ("a future round", votes.clone(), good("bob", 2).to_string().into_bytes(), None, 409),
        ("a body over 4 KB", votes.clone(), vec![b' '; 5000], None, 413),
        (
            "an unknown room",
            "/api/rooms/ZZZZZZ/votes".into(),
            good("bob", 1).to_string().into_bytes(),
            None,
            404,
        ),
        ("rounds without a token", format!("/api/rooms/{}/rounds", room.code), vec![], None, 401),
        (
            "rounds with a wrong token",
            format!("/api/rooms/{}/rounds", room.code),
            vec![],
            Some("Bearer nope"),
            401,
        ),
        ("closing without a token", format!("/api/rooms/{}/close", room.code), vec![], None, 401),
        (
            "a room for no lesson",
            "/api/rooms".into(),
            br#"{"lesson":"no-such-lesson"}"#.to_vec(),
            None,
            400,
        ),
    ];
    for (what, path, body, auth, status) in &cases {
        let mut h = vec![("Content-Type", "application/json")];
        if let Some(a) = auth {
            h.push(("Authorization", a));
        }
        let r = request(port, "POST", path, &h, body).expect("request");
        assert_eq!(r.status, *status, "{what}: {}", String::from_utf8_lossy(&r.body));
        let e = r.json();
        assert!(
            e["error"].is_string(),
            "{what}: a JSON error, got {}",
            String::from_utf8_lossy(&r.body)
        );
        assert_eq!(r.headers["content-type"], "application/json", "{what}");
    }
    for path in
        [format!("/api/rooms/{}/results", room.code), format!("/api/rooms/{}/status", room.code)]
    {
        let r = get(port, &path);
        assert_eq!((r.status, r.json()["error"].is_string()), (401, true), "{path}");
    }
    assert_eq!(get(port, "/api/rooms/ZZZZZZ").status, 404);

    // 429: a voter's 11th request within a second (bad guesses, so nothing would be stored
    // even when let through).
    let t = Instant::now();
    let statuses: Vec<u16> = (0..30)
        .map(|_| {
            request(
                port,
                "POST",
                &votes,
                &[],
                bad_guesses.to_string().replace("bob", "eve").as_bytes(),
            )
            .expect("vote")
            .status
        })
        .collect();
    let elapsed = t.elapsed().as_secs_f64();
    let let_through = statuses.iter().filter(|&&s| s == 400).count();
    assert!(statuses.contains(&429), "{statuses:?}");
    assert!(let_through as f64 <= 10.0 + 10.0 * elapsed + 1.0, "{let_through} in {elapsed} s");
    // 429: unknown codes from one address, after a burst of 10 (two were spent above).
    let misses: Vec<u16> = (0..12).map(|_| get(port, "/api/rooms/QQQQQQ").status).collect();
    assert_eq!(misses.last(), Some(&429), "{misses:?}");

    // Nothing of a refused request was stored: the journal and the results are unchanged.
    assert_eq!(journal_bytes(&data), before_journal, "the journal grew on a refusal");
    assert_eq!(results(port, &room).body, before_results);

    // Closing, then a vote for the closed round: 409; the status counts answers.
    let r = with_token(port, "POST", &format!("/api/rooms/{}/close", room.code), &room.token);
    assert_eq!((r.status, r.json()["open"].clone()), (200, json!(false)));
    assert_eq!(post_json(port, &votes, &good("alice", 1), None).status, 409);
    let s =
        with_token(port, "GET", &format!("/api/rooms/{}/status", room.code), &room.token).json();
    assert_eq!(s["rounds"], json!([{"round": 1, "answered": 1}]));
    assert!(journal_bytes(&data).len() > before_journal.len(), "the close was journaled");
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}

/// Per voter: the last acknowledged guesses, and the ones in flight when the server died.
#[derive(Clone, Debug, Default)]
struct Track {
    acked: Option<Vec<u64>>,
    in_flight: Option<Vec<u64>>,
}

#[test]
fn a_server_killed_mid_round_finds_every_acknowledged_vote() {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let data = temp_data("fault");
    let mut server = Server::start(&data);
    let port = server.port;
    let (lesson, arms) = a_lesson();
    let room = create_room(port, &lesson);
    open_round(port, &room);
    let votes = format!("/api/rooms/{}/votes", room.code);
    // Round 1, quiet: 20 voters, acknowledged one by one.
    for i in 0..20u64 {
        let v = json!({"voter": format!("q{i}"), "round": 1, "guesses": vec![i; arms], "name": format!("Имя {i}")});
        assert_eq!(post_json(port, &votes, &v, None).status, 204);
    }
    let round1 = results(port, &room).json()["rounds"][0].to_string();
    open_round(port, &room);

    // Round 2, busy: 24 voters change their guesses as fast as they are answered (within the
    // rate limit) until the server is killed under them.
    let tracks: Arc<Vec<Mutex<Track>>> =
        Arc::new((0..24).map(|_| Mutex::new(Track::default())).collect());
    let acks = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let mut threads = Vec::new();
    for v in 0..24usize {
        let (tracks, acks, votes) = (tracks.clone(), acks.clone(), votes.clone());
        threads.push(std::thread::spawn(move || {
            for k in 0..400u64 {
                let guesses: Vec<u64> =
                    (0..arms as u64).map(|a| (k * 7 + a + v as u64) % 101).collect();
                tracks[v].lock().expect("track").in_flight = Some(guesses.clone());
                let body = json!({"voter": format!("b{v}"), "round": 2, "guesses": guesses});
                match request(
                    port,
                    "POST",
                    &votes,
                    &[("Content-Type", "application/json")],
                    body.to_string().as_bytes(),
                ) {
                    Ok(r) if r.status == 204 => {
                        let mut t = tracks[v].lock().expect("track");
                        t.acked = t.in_flight.take();
                        acks.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    }
                    Ok(r) if r.status == 429 => {
                        tracks[v].lock().expect("track").in_flight = None;
                        std::thread::sleep(Duration::from_millis(50));
                    }
                    Ok(r) => panic!("unexpected {}", r.status),
                    // The server is gone: what was in flight may or may not have been stored.
                    Err(_) => return,
                }
                std::thread::sleep(Duration::from_millis(110));
            }
        }));
    }
    let t = Instant::now();
    while acks.load(std::sync::atomic::Ordering::SeqCst) < 150
        && t.elapsed() < Duration::from_secs(60)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    server.kill();
    let acked_at_kill = acks.load(std::sync::atomic::Ordering::SeqCst);
    for th in threads {
        th.join().expect("voter thread");
    }
    assert!(acked_at_kill >= 150, "only {acked_at_kill} votes acknowledged before the kill");

    let server = Server::start(&data);
    let res = results(server.port, &room).json();
    assert_eq!(res["rounds"][0].to_string(), round1, "round 1 byte for byte");
    let stored: HashMap<String, Vec<u64>> = res["rounds"][1]["votes"]
        .as_array()
        .expect("round 2")
        .iter()
        .map(|v| {
            let g = v["guesses"]
                .as_array()
                .expect("guesses")
                .iter()
                .map(|x| x.as_f64().unwrap_or(-1.0) as u64)
                .collect();
            (v["voter"].as_str().unwrap_or("").to_owned(), g)
        })
        .collect();
    let mut in_flight_kept = 0;
    for (v, t) in tracks.iter().enumerate() {
        let t = t.lock().expect("track").clone();
        let got = stored.get(&format!("b{v}"));
        match (&t.acked, got) {
            (Some(a), Some(g)) if a == g => {}
            (_, Some(g)) if t.in_flight.as_ref() == Some(g) => in_flight_kept += 1,
            (None, None) => {}
            other => panic!(
                "voter b{v}: acknowledged {:?}, in flight {:?}, stored {:?}",
                other.0, t.in_flight, other.1
            ),
        }
    }
    let known: Vec<String> = (0..24).map(|v| format!("b{v}")).collect();
    assert!(
        stored.keys().all(|k| known.contains(k)),
        "only the round-2 voters: {:?}",
        stored.keys()
    );
    eprintln!(
        "fault: {acked_at_kill} votes acknowledged in round 2 before SIGKILL; after restart round 1 is \
         byte-identical and each of {} round-2 voters has its last acknowledged vote ({in_flight_kept} \
         had a newer vote in flight that was stored before its answer was lost)",
        stored.len()
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}

#[test]
fn three_hundred_phones_vote_in_two_rounds() {
    let _serial = SERIAL.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    const PHONES: usize = 300;
    let data = temp_data("load");
    let server = Server::start(&data);
    let port = server.port;
    let (lesson, arms) = a_lesson();
    let room = Arc::new(create_room(port, &lesson));
    let start = Arc::new(Barrier::new(PHONES + 1));
    let done = Arc::new(Barrier::new(PHONES + 1));
    let next = Arc::new(Barrier::new(PHONES + 1));
    let latencies = Arc::new(Mutex::new(Vec::new()));
    let acked = Arc::new(Mutex::new(Vec::new()));
    let wall = Instant::now();
    let mut phones = Vec::new();
    for p in 0..PHONES {
        let (room, start, done, next, latencies, acked) = (
            room.clone(),
            start.clone(),
            done.clone(),
            next.clone(),
            latencies.clone(),
            acked.clone(),
        );
        phones.push(std::thread::Builder::new().stack_size(256 * 1024).spawn(move || {
            assert_eq!(get(port, &format!("/j/{}", room.code)).status, 200);
            for round in 1..=2u64 {
                start.wait();
                let r = get(port, &format!("/api/rooms/{}?voter=p{p}", room.code)).json();
                assert_eq!((r["round"].as_u64(), r["open"].as_bool()), (Some(round), Some(true)));
                let guesses: Vec<u64> = (0..arms as u64).map(|a| (p as u64 * 13 + a * 31 + round) % 101).collect();
                let body = json!({"voter": format!("p{p}"), "round": round, "guesses": guesses, "name": format!("Phone {p}")});
                let t = Instant::now();
                let r = post_json(port, &format!("/api/rooms/{}/votes", room.code), &body, None);
                let dt = t.elapsed();
                if r.status == 204 {
                    latencies.lock().expect("lat").push(dt);
                    acked.lock().expect("acked").push((round, format!("p{p}"), guesses));
                }
                done.wait();
                next.wait();
            }
        }).expect("thread"));
    }
    for _ in 1..=2 {
        open_round(port, &room);
        start.wait();
        done.wait();
        next.wait();
    }
    for p in phones {
        p.join().expect("phone");
    }
    let wall = wall.elapsed();
    let res = results(port, &room).json();
    let acked = acked.lock().expect("acked").clone();
    assert_eq!(acked.len(), 2 * PHONES, "every phone's vote was acknowledged");
    for (round, voter, guesses) in &acked {
        let votes = res["rounds"][(*round - 1) as usize]["votes"].as_array().expect("votes");
        let found = votes
            .iter()
            .find(|v| v["voter"] == voter.as_str())
            .expect("the vote is in the results");
        let got: Vec<u64> = found["guesses"]
            .as_array()
            .expect("g")
            .iter()
            .map(|x| x.as_f64().unwrap_or(-1.0) as u64)
            .collect();
        assert_eq!(&got, guesses);
    }
    let mut lat = latencies.lock().expect("lat").clone();
    lat.sort();
    let pct = |q: f64| {
        lat[((lat.len() as f64 * q).ceil() as usize).saturating_sub(1)].as_secs_f64() * 1000.0
    };
    eprintln!(
        "load: {PHONES} phones × 2 rounds = {} votes acknowledged and all in the results; vote latency \
         p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms; wall {:.1} s; server peak RSS {} kB",
        lat.len(),
        pct(0.5),
        pct(0.99),
        pct(1.0),
        wall.as_secs_f64(),
        server.peak_rss_kb().map_or("?".into(), |k| k.to_string())
    );
    drop(server);
    let _ = std::fs::remove_dir_all(&data);
}
