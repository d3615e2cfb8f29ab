//! Crashes during a sync, against a real PostgreSQL (tests/pg/server.sh): `kill -9` of the
//! server in the middle of a push, a laptop dying after the server committed its push but
//! before it recorded the answer, and `kill -9` of a laptop in the middle of a pull.
//! Afterwards nothing is lost, nothing is applied twice, and no cursor skips a change.

use crate::common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::pg::{self, Pg};
use factdesk::store::Workspace;
use factdesk::sync::server::{self, Role};
use serde_json::Value;

fn newsroom(pg: &Pg) {
    let admin = pg.newsroom("newsroom");
    server::add_member(&admin, "alice", "politics", Role::Editor, Some("alice-pw")).unwrap();
    server::add_member(&admin, "bob", "politics", Role::Checker, Some("bob-pw")).unwrap();
}

fn url(pg: &Pg, login: &str) -> String {
    pg.url_as(login, &format!("{login}-pw"), "newsroom")
}

fn add_claims(ws: &mut Workspace, n: usize, tag: &str) {
    pg::add_claims(ws, n, tag, "alice");
}

fn file_content(path: &Path) -> BTreeMap<(String, String), Value> {
    pg::file_content(Workspace::open(path).unwrap().conn())
}

fn server_content(pg: &Pg) -> BTreeMap<(String, String), Value> {
    pg.server_content(None)
}

/// Every version increment on the server came from exactly one applied change, and the
/// workspace counter is the last sequence handed out.
fn assert_applied_once(pg: &Pg) {
    let mut c = pg.client("admin", &pg.password, "newsroom");
    let bad: i64 = c
        .query_one(
            "SELECT count(*) FROM factdesk.entry e WHERE e.version <>
                (SELECT count(*) FROM factdesk.applied_change a
                 WHERE a.workspace_id = e.workspace_id AND a.kind = e.kind AND a.id = e.id)",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(
        bad, 0,
        "an entry's version does not match its applied changes"
    );
    let row = c
        .query_one(
            "SELECT w.change_counter, (SELECT max(seq) FROM factdesk.entry) FROM factdesk.workspace w",
            &[],
        )
        .unwrap();
    let (counter, max_seq): (i64, Option<i64>) = (row.get(0), row.get(1));
    assert_eq!(Some(counter), max_seq);
}

fn cursor(path: &Path) -> i64 {
    let ws = Workspace::open(path).unwrap();
    factdesk::sync::link(ws.conn()).unwrap().unwrap().cursor
}

fn counter(pg: &Pg) -> i64 {
    let mut c = pg.client("admin", &pg.password, "newsroom");
    c.query_one("SELECT change_counter FROM factdesk.workspace", &[])
        .unwrap()
        .get(0)
}

#[test]
fn kill_9_of_the_server_in_the_middle_of_a_push_loses_nothing_and_applies_nothing_twice() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.factdesk");
    let mut ws = Workspace::create(&path).unwrap();
    add_claims(&mut ws, 10, "first");
    factdesk::sync::connect(&mut ws, &url(&pg, "alice"), "harbour", None).unwrap();
    add_claims(&mut ws, 4000, "second");
    drop(ws);

    // Push in another thread; kill the server once the push is running.
    let (p, u) = (path.clone(), url(&pg, "alice"));
    let pusher = std::thread::spawn(move || {
        let mut ws = Workspace::open(&p).unwrap();
        factdesk::sync::sync_url(&mut ws, &u)
    });
    let mut watcher = pg.client("admin", &pg.password, "newsroom");
    let start = Instant::now();
    loop {
        let running: i64 = watcher
            .query_one(
                "SELECT count(*) FROM pg_stat_activity
                 WHERE state = 'active' AND query LIKE '%factdesk.push%'
                   AND pid <> pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0);
        if running > 0 {
            break;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the push never ran"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    drop(watcher);
    pg.kill9();
    let outcome = pusher.join().unwrap();
    let err = outcome.expect_err("the push cannot have finished: the server died during it");
    assert!(
        matches!(err, factdesk::Error::Server { offline: true, .. }),
        "{err:?}"
    );
    // The file still has everything, with its changes waiting.
    assert_eq!(
        file_content(&path)
            .keys()
            .filter(|(k, _)| k == "claim")
            .count(),
        4010
    );

    pg.restart();
    let mut ws = Workspace::open(&path).unwrap();
    let report = factdesk::sync::sync_url(&mut ws, &url(&pg, "alice")).unwrap();
    assert_eq!(report.recovered, 0, "the server had rolled the push back");
    assert!(report.pushed >= 4000, "{report:?}");
    // One more sync brings the cursor past its own pushes; nothing else moves.
    let again = factdesk::sync::sync_url(&mut ws, &url(&pg, "alice")).unwrap();
    assert_eq!((again.pushed, again.pulled), (0, 0), "{again:?}");
    drop(ws);
    assert_eq!(file_content(&path), server_content(&pg));
    assert_applied_once(&pg);
    assert_eq!(cursor(&path), counter(&pg));
}

#[test]
fn a_laptop_dying_after_the_server_committed_its_push_sends_nothing_twice() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.factdesk");
    let mut ws = Workspace::create(&path).unwrap();
    add_claims(&mut ws, 5, "first");
    factdesk::sync::connect(&mut ws, &url(&pg, "alice"), "harbour", None).unwrap();
    add_claims(&mut ws, 50, "second");
    drop(ws);
    // The laptop dies right after the server commits the push.
    let out = Command::new(common::bin())
        .args(["sync", path.to_str().unwrap(), "--url", &url(&pg, "alice")])
        .env("FACTDESK_TEST_CRASH_AFTER_PUSH", "1")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success(), "the hook aborts the process");
    let before = counter(&pg);
    // Restarted, it asks the server which changes it applied, and sends none of them again.
    let out = common::ok(&[
        "sync",
        path.to_str().unwrap(),
        "--url",
        &url(&pg, "alice"),
        "--json",
    ]);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(report["recovered"].as_u64().unwrap() >= 50, "{out}");
    assert_eq!(report["pushed"], 0, "{out}");
    assert_eq!(counter(&pg), before, "no change was applied twice");
    assert_eq!(file_content(&path), server_content(&pg));
    assert_applied_once(&pg);
    assert_eq!(cursor(&path), counter(&pg));
}

#[test]
fn kill_9_of_a_laptop_in_the_middle_of_a_pull_applies_nothing_twice_and_skips_nothing() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let alice = dir.path().join("alice.factdesk");
    let mut a = Workspace::create(&alice).unwrap();
    add_claims(&mut a, 5, "first");
    factdesk::sync::connect(&mut a, &url(&pg, "alice"), "harbour", None).unwrap();
    let bob = dir.path().join("bob.factdesk");
    let mut b = Workspace::create(&bob).unwrap();
    factdesk::sync::connect(&mut b, &url(&pg, "bob"), "harbour", None).unwrap();
    drop(b);
    let cursor_before = cursor(&bob);
    // Alice pushes a lot; bob's pull of it is killed while its transaction is open.
    add_claims(&mut a, 4000, "second");
    factdesk::sync::sync_url(&mut a, &url(&pg, "alice")).unwrap();
    let journal = dir.path().join("bob.factdesk-journal");
    let mut killed_mid_pull = false;
    for _ in 0..5 {
        let mut child = Command::new(common::bin())
            .args(["sync", bob.to_str().unwrap(), "--url", &url(&pg, "bob")])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let start = Instant::now();
        while !journal.exists() && start.elapsed() < Duration::from_secs(60) {
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::thread::sleep(Duration::from_micros(500));
        }
        let _ = Command::new("kill")
            .args(["-9", &child.id().to_string()])
            .status();
        let _ = child.wait();
        if journal.exists() {
            killed_mid_pull = true;
            break;
        }
    }
    assert!(
        killed_mid_pull,
        "the kill never landed inside the pull's transaction"
    );
    // The hot journal rolls the half-applied pull back: the cursor has not moved.
    assert_eq!(cursor(&bob), cursor_before);
    assert!(
        file_content(&bob)
            .keys()
            .filter(|(k, _)| k == "claim")
            .count()
            <= 5,
        "nothing of the interrupted pull stayed"
    );
    let mut b = Workspace::open(&bob).unwrap();
    let report = factdesk::sync::sync_url(&mut b, &url(&pg, "bob")).unwrap();
    assert_eq!(report.pushed, 0, "{report:?}");
    drop(b);
    drop(a);
    assert_eq!(file_content(&bob), server_content(&pg));
    assert_eq!(file_content(&alice), server_content(&pg));
    assert_eq!(cursor(&bob), counter(&pg));
    assert_applied_once(&pg);
}

#[test]
fn edits_made_while_the_server_is_down_go_up_when_it_comes_back() {
    let Some(pg) = pg::start() else { return };
    newsroom(&pg);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("alice.factdesk");
    let mut ws = Workspace::create(&path).unwrap();
    add_claims(&mut ws, 3, "first");
    factdesk::sync::connect(&mut ws, &url(&pg, "alice"), "harbour", None).unwrap();
    drop(ws);
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let states = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let (flag, seen, p, u) = (
        stop.clone(),
        states.clone(),
        path.clone(),
        url(&pg, "alice"),
    );
    let worker = std::thread::spawn(move || {
        let mut ws = Workspace::open(&p).unwrap();
        factdesk::sync::watch(&mut ws, &u, Duration::from_secs(1), &flag, |s| {
            seen.lock().unwrap().push(s.clone());
        })
        .unwrap();
    });
    let wait_for = |what: &str, test: &dyn Fn(&factdesk::sync::SyncState) -> bool| {
        let t = Instant::now();
        while !states.lock().unwrap().iter().any(test) {
            assert!(t.elapsed() < Duration::from_secs(60), "never {what}");
            std::thread::sleep(Duration::from_millis(20));
        }
        states.lock().unwrap().clear();
    };
    wait_for("online", &|s| {
        matches!(s, factdesk::sync::SyncState::Online { .. })
    });
    pg.kill9();
    wait_for("offline", &|s| {
        matches!(s, factdesk::sync::SyncState::Offline { .. })
    });
    // Offline: the window keeps working on the file.
    let mut ws = Workspace::open(&path).unwrap();
    add_claims(&mut ws, 7, "offline");
    drop(ws);
    pg.restart();
    let t = Instant::now();
    loop {
        let on_server = server_content(&pg)
            .keys()
            .filter(|(k, _)| k == "claim")
            .count();
        if on_server == 10 {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(60),
            "the offline edits never went up"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    worker.join().unwrap();
    assert_eq!(file_content(&path), server_content(&pg));
    assert_applied_once(&pg);
}
