//! Load on a team workspace (issue #9), against a real PostgreSQL started by
//! tests/pg/server.sh: `cargo bench --bench team`.
//!
//! 1. **Load**: 50 simulated laptops, each a thread with its own workspace file and its own
//!    connection, edit claims (mostly their own share, sometimes anyone's) and sync, for 60 s
//!    (`FACTDESK_LOAD_SECONDS`, `FACTDESK_LOAD_CLIENTS`). Reports pushes per second and sync
//!    latency p50 / p99; afterwards every conflict is settled, everyone syncs, and every
//!    file must equal the server's content, with the server's version increments equal to
//!    the changes it accepted.
//! 2. **Live**: a laptop in `watch` (polling only every 60 s) sees a colleague's edit;
//!    the time from the colleague's sync to the change being in the file, over 20 edits.
//! 3. **New laptop**: the time for an empty file to pull a 50,000-claim workspace
//!    (`FACTDESK_BIG_CLAIMS`).

#![allow(clippy::disallowed_methods, reason = "benchmark threads need no names")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::print_stdout,
    missing_docs,
    reason = "a benchmark binary"
)]

#[path = "../tests/common/pg.rs"]
#[allow(
    dead_code,
    reason = "the crash helpers are for tests/team/team_crash.rs"
)]
mod pg;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use factdesk::model::Status;
use factdesk::store::Workspace;
use factdesk::store::merge::{self, Resolution};
use factdesk::store::write::{self, ClaimPatch};
use factdesk::sync::server::{self, Role};
use serde_json::Value;

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn add_claims(ws: &mut Workspace, n: usize, tag: &str) -> Vec<factdesk::model::ClaimId> {
    pg::add_claims(ws, n, tag, "seed")
}

fn content(conn: &rusqlite::Connection) -> BTreeMap<(String, String), Value> {
    pg::file_content(conn)
}

fn server_content(pg: &pg::Pg, workspace: &str) -> BTreeMap<(String, String), Value> {
    pg.server_content(Some(workspace))
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

struct Xorshift(u64);
impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn main() {
    let Some(pg) = pg::start() else {
        println!("PostgreSQL is not installed: apt-get install postgresql, then run again");
        return;
    };
    let clients = env_num("FACTDESK_LOAD_CLIENTS", 50);
    let seconds = env_num("FACTDESK_LOAD_SECONDS", 60);
    let big = env_num("FACTDESK_BIG_CLAIMS", 50_000);
    let admin = pg.newsroom("newsroom");
    let dir = tempfile::tempdir().unwrap();
    let url = |login: &str| pg.url_as(login, "pw", "newsroom");
    for i in 0..clients {
        server::add_member(&admin, &format!("c{i}"), "news", Role::Editor, Some("pw")).unwrap();
    }

    // --- 1. Load -------------------------------------------------------------------------
    let seed_path = dir.path().join("seed.factdesk");
    let mut seed = Workspace::create(&seed_path).unwrap();
    let claims = add_claims(&mut seed, 400, "load");
    factdesk::sync::connect(&mut seed, &url("c0"), "load", None).unwrap();
    drop(seed);
    let claims = Arc::new(claims);
    let latencies = Arc::new(Mutex::new(Vec::<f64>::new()));
    let pushed_total = Arc::new(Mutex::new((0usize, 0usize, 0usize))); // changes, syncs with a push, conflicts
    let start_line = Arc::new(std::sync::Barrier::new(clients));
    let mut handles = Vec::new();
    for i in 0..clients {
        let path = dir.path().join(format!("c{i}.factdesk"));
        let u = url(&format!("c{i}"));
        let (claims, latencies, pushed_total, start_line) = (
            Arc::clone(&claims),
            Arc::clone(&latencies),
            Arc::clone(&pushed_total),
            Arc::clone(&start_line),
        );
        handles.push(std::thread::spawn(move || {
            let mut ws = Workspace::create(&path).unwrap();
            factdesk::sync::connect(&mut ws, &u, "load", None).unwrap();
            let mut client = server::connect(&u).unwrap();
            let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15 ^ (i as u64 + 1));
            let share = claims.len() / clients.max(1);
            start_line.wait();
            let until = Instant::now() + Duration::from_secs(seconds as u64);
            let (mut mine, mut mine_syncs, mut conflicts, mut lat) = (0, 0, 0, Vec::new());
            let mut n = 0u64;
            while Instant::now() < until {
                n += 1;
                // Mostly my own share of the claims; one edit in ten anywhere.
                let k = if rng.below(10) == 0 {
                    rng.below(claims.len())
                } else {
                    (i * share + rng.below(share.max(1))).min(claims.len() - 1)
                };
                let patch = match rng.below(3) {
                    0 => ClaimPatch {
                        notes: Some(format!("c{i} note {n}")),
                        ..ClaimPatch::default()
                    },
                    1 => ClaimPatch {
                        summary: Some(format!("c{i} summary {n}")),
                        ..ClaimPatch::default()
                    },
                    _ => ClaimPatch {
                        status: Some(Status::ALL[rng.below(Status::ALL.len())]),
                        ..ClaimPatch::default()
                    },
                };
                ws.write(|tx| write::update_claim(tx, &claims[k], &patch, &format!("c{i}")))
                    .unwrap();
                let t = Instant::now();
                let report = factdesk::sync::sync(&mut ws, &mut client).unwrap();
                lat.push(t.elapsed().as_secs_f64() * 1000.0);
                mine += report.pushed;
                conflicts += report.new_conflicts;
                if report.pushed > 0 {
                    mine_syncs += 1;
                }
                std::thread::sleep(Duration::from_millis(50 + rng.below(100) as u64));
            }
            latencies.lock().unwrap().extend(lat);
            let mut t = pushed_total.lock().unwrap();
            t.0 += mine;
            t.1 += mine_syncs;
            t.2 += conflicts;
            (path, u)
        }));
    }
    let t0 = Instant::now();
    let files: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    let elapsed = t0.elapsed().as_secs_f64();
    let (changes, push_syncs, conflicts) = *pushed_total.lock().unwrap();
    let mut lat = latencies.lock().unwrap().clone();
    lat.sort_by(f64::total_cmp);
    println!("load: {clients} clients for {seconds} s (wall {elapsed:.1} s)");
    println!(
        "  syncs: {} ({:.1}/s); syncs that pushed: {push_syncs} ({:.1}/s); changes accepted: {changes} ({:.1}/s)",
        lat.len(),
        lat.len() as f64 / elapsed,
        push_syncs as f64 / elapsed,
        changes as f64 / elapsed
    );
    println!(
        "  sync latency (edit → pushed and pulled): p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0)
    );
    println!("  conflicts found (fields both sides changed): {conflicts}");

    // Settle every conflict (take the server's), then sync until quiet; all must agree.
    for _ in 0..2 {
        for (path, u) in &files {
            let mut ws = Workspace::open(path).unwrap();
            let open = merge::conflicts(ws.conn()).unwrap();
            for c in open {
                ws.write(|tx| merge::resolve(tx, &c.id, &Resolution::TakeTheirs, "bench"))
                    .unwrap();
            }
            factdesk::sync::sync_url(&mut ws, u).unwrap();
        }
    }
    for (path, u) in &files {
        let mut ws = Workspace::open(path).unwrap();
        factdesk::sync::sync_url(&mut ws, u).unwrap();
    }
    let truth = server_content(&pg, "load");
    let mut equal = 0;
    for (path, _) in &files {
        let ws = Workspace::open(path).unwrap();
        if content(ws.conn()) == truth {
            equal += 1;
        } else {
            println!("  MISMATCH: {}", path.display());
        }
    }
    let mut c = pg.client("admin", &pg.password, "newsroom");
    let row = c
        .query_one(
            "SELECT (SELECT coalesce(sum(version), 0)::bigint FROM factdesk.entry e
                     JOIN factdesk.workspace w ON w.id = e.workspace_id WHERE w.name = 'load'),
                    (SELECT count(*) FROM factdesk.applied_change a
                     JOIN factdesk.workspace w ON w.id = a.workspace_id WHERE w.name = 'load')",
            &[],
        )
        .unwrap();
    let (versions, applied): (i64, i64) = (row.get(0), row.get(1));
    println!(
        "  afterwards: {equal}/{clients} files equal the server's content ({} rows); version increments {versions} = changes applied {applied}: {}",
        truth.len(),
        if versions == applied {
            "ok"
        } else {
            "MISMATCH"
        }
    );
    assert_eq!(equal, clients, "every file equals the server");
    assert_eq!(
        versions, applied,
        "version increments equal accepted changes"
    );

    // --- 2. Live ---------------------------------------------------------------------------
    let (watch_path, watch_url) = files[1].clone();
    let (edit_path, edit_url) = files[0].clone();
    let stop = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&stop);
    let watcher = std::thread::spawn(move || {
        let mut ws = Workspace::open(&watch_path).unwrap();
        factdesk::sync::watch(&mut ws, &watch_url, Duration::from_secs(60), &flag, |_| {}).unwrap();
    });
    std::thread::sleep(Duration::from_millis(500));
    let watched = Workspace::open(&files[1].0).unwrap();
    let mut editor = Workspace::open(&edit_path).unwrap();
    let mut live = Vec::new();
    for n in 0..20 {
        let note = format!("live {n}");
        let patch = ClaimPatch {
            notes: Some(note.clone()),
            ..ClaimPatch::default()
        };
        editor
            .write(|tx| write::update_claim(tx, &claims[0], &patch, "c0"))
            .unwrap();
        factdesk::sync::sync_url(&mut editor, &edit_url).unwrap();
        let t = Instant::now();
        loop {
            let seen: String = watched
                .conn()
                .query_row("SELECT notes FROM claim WHERE id = ?1", [&claims[0]], |r| {
                    r.get(0)
                })
                .unwrap();
            if seen == note {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "the edit never arrived"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
        live.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    stop.store(true, Ordering::Relaxed);
    watcher.join().unwrap();
    live.sort_by(f64::total_cmp);
    println!(
        "live: a colleague's edit in a watching file (poll 60 s, so by NOTIFY): p50 {:.0} ms, max {:.0} ms over {} edits",
        percentile(&live, 0.5),
        live.last().copied().unwrap_or(0.0),
        live.len()
    );

    // --- 3. A new laptop pulls a big workspace -------------------------------------------------
    let big_path = dir.path().join("big.factdesk");
    let mut ws = Workspace::create(&big_path).unwrap();
    add_claims(&mut ws, big, "big");
    let t = Instant::now();
    factdesk::sync::connect(&mut ws, &url("c0"), "big", None).unwrap();
    println!(
        "big: first push of {big} claims (with their history): {:.1} s",
        t.elapsed().as_secs_f64()
    );
    drop(ws);
    for run in 0..3 {
        let path = dir.path().join(format!("new{run}.factdesk"));
        let mut fresh = Workspace::create(&path).unwrap();
        let t = Instant::now();
        let done = factdesk::sync::connect(&mut fresh, &url("c1"), "big", None).unwrap();
        let took = t.elapsed().as_secs_f64();
        println!(
            "big: a new laptop pulls {} rows ({big} claims) in {took:.2} s (goal ≤ 5 s)",
            done.sync.pulled
        );
        if run == 0 {
            assert_eq!(content(fresh.conn()), server_content(&pg, "big"));
        }
    }
    let _ = std::fs::remove_dir_all(Path::new(dir.path()));
}
