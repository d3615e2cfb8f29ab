//! Sharing the file: consistent copies while another process edits, and two processes
//! editing one file at once with nothing lost.

use crate::common;

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{ARTICLE, ok};
use factdesk::store::Workspace;
use factdesk::store::read::{self, ClaimFilter};

fn workspace() -> (tempfile::TempDir, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir
        .path()
        .join("shared.factdesk")
        .to_str()
        .unwrap()
        .to_owned();
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE.repeat(2).replace("Harbour pier", "Pier")).unwrap();
    ok(&["new", &ws]);
    let id = ok(&["import", &ws, article.to_str().unwrap()])
        .trim()
        .to_owned();
    (dir, ws, id)
}

/// A process editing in a loop, pausing `pause_ms` between edits.
fn stress(ws: &str, article: &str, pause_ms: u32) -> Child {
    Command::new(common::bin())
        .args([
            "__stress-edits",
            ws,
            "--article",
            article,
            "--pause-ms",
            &pause_ms.to_string(),
        ])
        .env("FACTDESK_REVIEWER", "stress")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Kills the child and returns the claim ids it printed as committed, and its stderr.
fn stop(mut child: Child) -> (Vec<String>, String) {
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let ids = BufReader::new(out.stdout.as_slice())
        .lines()
        .map(Result::unwrap)
        .map(|l| l.split(' ').nth(2).unwrap().to_owned())
        .collect();
    (ids, String::from_utf8_lossy(&out.stderr).into_owned())
}

#[test]
fn copies_taken_while_another_process_edits_are_whole() {
    let (dir, ws, article) = workspace();
    let editor = stress(&ws, &article, 0);
    std::thread::sleep(Duration::from_millis(100));
    let mut last_count = 0;
    for i in 0..8 {
        let copy = dir.path().join(format!("copy-{i}.factdesk"));
        ok(&["copy", &ws, copy.to_str().unwrap()]);
        let opened = Workspace::open(&copy).unwrap();
        assert!(opened.integrity_problems().unwrap().is_empty(), "copy {i}");
        let count = read::counts(opened.conn()).unwrap().claims;
        assert!(
            count >= last_count,
            "copies only grow: {count} after {last_count}"
        );
        last_count = count;
        std::thread::sleep(Duration::from_millis(40));
    }
    let (ids, stderr) = stop(editor);
    assert!(stderr.is_empty(), "{stderr}");
    assert!(last_count > 0 && !ids.is_empty());
    let err = common::fails(&["copy", &ws, &ws]);
    assert!(err.contains("overwrite the workspace itself"), "{err}");
}

#[test]
fn two_processes_editing_one_file_lose_nothing() {
    let (_dir, ws, article) = workspace();
    // 2 ms between edits: far faster than a person, slow enough that neither process
    // starves the other (a loop with no pause can hold the rollback journal's lock
    // almost continuously).
    let a = stress(&ws, &article, 2);
    let b = stress(&ws, &article, 2);
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(1500) {
        std::thread::sleep(Duration::from_millis(50));
    }
    let (ids_a, err_a) = stop(a);
    let (ids_b, err_b) = stop(b);
    assert!(
        err_a.is_empty() && err_b.is_empty(),
        "no busy errors: {err_a} {err_b}"
    );
    assert!(
        ids_a.len() >= 3 && ids_b.len() >= 3,
        "both made progress: {} {}",
        ids_a.len(),
        ids_b.len()
    );
    let opened = Workspace::open(std::path::Path::new(&ws)).unwrap();
    assert!(opened.integrity_problems().unwrap().is_empty());
    let claims = read::claims(opened.conn(), &ClaimFilter::default()).unwrap();
    for id in ids_a.iter().chain(&ids_b) {
        assert!(claims.iter().any(|c| &c.id == id), "lost {id}");
    }
}
