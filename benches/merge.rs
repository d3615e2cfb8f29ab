//! Merging two copies of a 50,000-claim workspace (50 articles × 1,000 claims) after both
//! sides edited: 10% of claims changed on both sides (half of them on the same field, so
//! conflicts), 10% more on one side only, and 1,000 claims added on each side.
//! `cargo bench --bench merge`. Target: the merge within 2 s.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "a benchmark binary"
)]

use std::time::Instant;

use factdesk::model::{CharRange, Status};
use factdesk::store::Workspace;
use factdesk::store::merge;
use factdesk::store::write::{self, ClaimPatch, NewArticle};

const ARTICLES: usize = 50;
const CLAIMS_PER_ARTICLE: usize = 1_000;
const SENTENCE: &str = "Council leader Renée Duchâtel said: “Steel prices rose 40% since 2021 — café owners’ figures show €6.1 million.” ";

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("mine.factdesk");
    let theirs = dir.path().join("theirs.factdesk");
    let setup = Instant::now();
    let mut ws = Workspace::create(&mine).unwrap();
    let step = SENTENCE.chars().count();
    let articles: Vec<factdesk::model::ArticleId> = ws
        .write(|tx| {
            let mut ids = Vec::new();
            for a in 0..ARTICLES {
                let body = format!(
                    "Article {a}\n\n{}",
                    SENTENCE.repeat(CLAIMS_PER_ARTICLE + 20)
                );
                let id = write::import_article(
                    tx,
                    &NewArticle {
                        title: format!("Article {a}"),
                        body,
                        source: factdesk::model::TextSource::Paste,
                        ..NewArticle::default()
                    },
                    "bench",
                )?;
                let offset = format!("Article {a}\n\n").chars().count();
                for i in 0..CLAIMS_PER_ARTICLE {
                    let start = offset + i * step + 36;
                    let patch = ClaimPatch {
                        speaker: Some(Some(format!("Speaker {}", i % 40))),
                        status: Some(Status::ALL[2 + i % 7]),
                        summary: Some("The index shows 24%, not 40%.".into()),
                        notes: None,
                    };
                    write::add_claim(tx, &id, CharRange::new(start, start + 60), &patch, "bench")?;
                }
                ids.push(id);
            }
            Ok(ids)
        })
        .unwrap();
    ws.save_copy(&theirs).unwrap();
    drop(ws);
    let claim_ids = |path: &std::path::Path| -> Vec<factdesk::model::ClaimId> {
        let ws = Workspace::open(path).unwrap();
        let mut stmt = ws
            .conn()
            .prepare("SELECT id FROM claim ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    };
    let ids = claim_ids(&mine);
    let total = ids.len();
    for (path, who, own) in [(&mine, "ana", 0usize), (&theirs, "ben", 1usize)] {
        let mut ws = Workspace::open(path).unwrap();
        ws.write(|tx| {
            for (i, id) in ids.iter().enumerate() {
                let both = i % 10 == 0;
                let one_side = i % 10 == 1 + own;
                if both {
                    // Half on the same field (a conflict), half on different fields.
                    let patch = if i % 20 == 0 || own == 0 {
                        ClaimPatch {
                            status: Some(if own == 0 {
                                Status::True
                            } else {
                                Status::False
                            }),
                            ..ClaimPatch::default()
                        }
                    } else {
                        ClaimPatch {
                            notes: Some(format!("{who} checked")),
                            ..ClaimPatch::default()
                        }
                    };
                    write::update_claim(tx, id, &patch, who)?;
                } else if one_side {
                    write::update_claim(
                        tx,
                        id,
                        &ClaimPatch {
                            summary: Some(format!("{who}: see the minutes")),
                            ..ClaimPatch::default()
                        },
                        who,
                    )?;
                }
            }
            for (n, article) in articles.iter().enumerate().take(ARTICLES) {
                let offset = format!("Article {n}\n\n").chars().count();
                for k in 0..20 {
                    let start = offset + (CLAIMS_PER_ARTICLE + k) * step + own * 10;
                    write::add_claim(
                        tx,
                        article,
                        CharRange::new(start, start + 30),
                        &ClaimPatch::default(),
                        who,
                    )?;
                }
            }
            Ok(())
        })
        .unwrap();
    }
    println!(
        "setup: two copies of {total} claims, edited on both sides, in {:.1} s",
        setup.elapsed().as_secs_f64()
    );

    // Where the time goes, piece by piece (read-only; the real merge follows).
    let t = Instant::now();
    let theirs_ws = Workspace::open(&theirs).unwrap();
    let open_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    let theirs_dump = factdesk::store::dump::export(theirs_ws.conn(), &[]).unwrap();
    let read_ms = t.elapsed().as_secs_f64() * 1000.0;
    drop(theirs_ws);
    let mine_ws = Workspace::open(&mine).unwrap();
    let mine_dump = factdesk::store::dump::export(mine_ws.conn(), &[]).unwrap();
    drop(mine_ws);
    let t = Instant::now();
    let plan = merge::plan(&mine_dump, &theirs_dump, "ana", "2026-11-24T00:00:00Z").unwrap();
    let plan_ms = t.elapsed().as_secs_f64() * 1000.0;
    println!(
        "pieces: open+check one file {open_ms:.0} ms, read one file {read_ms:.0} ms, plan {plan_ms:.0} ms ({} claims to write)",
        plan.claims.len()
    );
    drop((mine_dump, theirs_dump, plan));

    let mut ws = Workspace::open(&mine).unwrap();
    let t = Instant::now();
    let report = merge::merge_file(&mut ws, &theirs, None, "ana").unwrap();
    let first = t.elapsed().as_secs_f64();
    println!(
        "merge 1: {:.0} ms — claims added {} updated {} unchanged {} conflicting {}; history added {}",
        first * 1000.0,
        report.claims.added,
        report.claims.updated,
        report.claims.unchanged,
        report.claims.conflicting,
        report.history.added
    );
    assert_eq!(report.claims.added, ARTICLES * 20);
    assert!(report.claims.conflicting > 0);
    let t = Instant::now();
    let again = merge::merge_file(&mut ws, &theirs, None, "ana").unwrap();
    println!(
        "merge 2 (same file again, nothing to do): {:.0} ms, changed nothing: {}",
        t.elapsed().as_secs_f64() * 1000.0,
        again.changed_nothing()
    );
    println!(
        "target: merge within 2,000 ms — {}",
        if first <= 2.0 { "met" } else { "NOT met" }
    );
}
