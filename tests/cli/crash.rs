//! Crash safety: a process commits edits in a loop and prints each committed one; we kill it
//! with SIGKILL at random moments. After every kill the file passes `integrity_check` and
//! holds every edit that was printed as committed.

use crate::common;

use std::io::{BufRead as _, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::{ARTICLE, ok};
use factdesk::store::Workspace;
use factdesk::store::read::{self, ClaimFilter};

const KILLS: usize = 50;

/// A small deterministic generator, so a failing run can be repeated.
struct XorShift(u64);
impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn sigkill_at_random_moments_loses_no_committed_edit() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("crash.factdesk");
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE.repeat(3).replace("Harbour pier", "Pier")).unwrap();
    ok(&["new", ws.to_str().unwrap()]);
    let article_id = ok(&["import", ws.to_str().unwrap(), article.to_str().unwrap()])
        .trim()
        .to_owned();

    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    let mut committed: Vec<(u64, String)> = Vec::new();
    for round in 0..KILLS {
        let mut child = Command::new(common::bin())
            .args([
                "__stress-edits",
                ws.to_str().unwrap(),
                "--article",
                &article_id,
            ])
            .env("FACTDESK_REVIEWER", "stress")
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        // Kill somewhere between 5 and 120 ms into the run: mid-commit at times.
        let deadline = Instant::now() + Duration::from_millis(5 + rng.next() % 115);
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(1));
        }
        child.kill().unwrap();
        child.wait().unwrap();
        reader.join().unwrap();
        let printed: Vec<String> = rx.try_iter().collect();
        for line in printed {
            let mut parts = line.split(' ');
            assert_eq!(parts.next(), Some("committed"), "{line}");
            let n: u64 = parts.next().unwrap().parse().unwrap();
            committed.push((n, parts.next().unwrap().to_owned()));
        }

        let opened = Workspace::open(&ws).unwrap_or_else(|e| panic!("round {round}: {e}"));
        assert!(
            opened.integrity_problems().unwrap().is_empty(),
            "round {round}"
        );
        let claims = read::claims(opened.conn(), &ClaimFilter::default()).unwrap();
        for (n, id) in &committed {
            assert!(
                claims.iter().any(|c| &c.id == id),
                "round {round}: edit {n} lost claim {id}"
            );
        }
        if let Some((last, id)) = committed.last() {
            let stored: u64 = read::meta(opened.conn(), "stress_edits")
                .unwrap()
                .unwrap()
                .parse()
                .unwrap();
            assert!(
                stored == *last || stored == last + 1,
                "round {round}: stored {stored}, printed {last}"
            );
            // The claim of the last printed edit holds that edit or the unprinted next one.
            let claim = claims.iter().find(|c| &c.id == id).unwrap();
            let summary_n: u64 = claim.summary.trim_start_matches("edit ").parse().unwrap();
            assert!(
                summary_n == *last || summary_n == last + 1,
                "round {round}: {summary_n} vs {last}"
            );
        }
    }
    assert!(
        committed.len() > KILLS,
        "the loop should commit many edits, got {}",
        committed.len()
    );
}
