//! Exporting 50,000 claims (50 articles × 1,000) in every format, from a real workspace
//! file: the time to read the report data from SQLite, then each writer into memory.
//! `cargo bench --bench reports`. Target: at most 1 s per format, reading included.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "a benchmark binary"
)]

use std::time::Instant;

use factdesk::model::report::ReportScope;
use factdesk::model::{CharRange, Status};
use factdesk::report::Format;
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use factdesk::store::{Workspace, dump, read};

const ARTICLES: usize = 50;
const CLAIMS_PER_ARTICLE: usize = 1_000;

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("reports.factdesk");
    let mut ws = Workspace::create(&path).unwrap();
    let sentence = "Council leader Renée Duchâtel said: “Steel prices rose 40% since 2021 — café owners’ figures show €6.1 million.” ";
    let setup = Instant::now();
    ws.write(|tx| {
        write::set_meta(tx, "organisation_name", "Port Wenlow Fact Desk")?;
        write::set_meta(tx, "organisation_url", "https://factdesk.example.org")?;
        for a in 0..ARTICLES {
            let body = format!("Article {a}\n\n{}", sentence.repeat(CLAIMS_PER_ARTICLE));
            let id = write::import_article(
                tx,
                &NewArticle {
                    title: format!("Article {a} “quoted”"),
                    outlet: "Gazette".into(),
                    url: format!("https://example.org/{a}"),
                    body,
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "bench",
            )?;
            let step = sentence.chars().count();
            let offset = format!("Article {a}\n\n").chars().count();
            for i in 0..CLAIMS_PER_ARTICLE {
                let start = offset + i * step + 36;
                let patch = ClaimPatch {
                    speaker: Some(Some(format!("Speaker {}", i % 40))),
                    status: Some(Status::ALL[2 + i % 7]),
                    summary: Some("The index shows 24%, not 40%; see the evidence.".into()),
                    notes: Some("Checked against the ONS series.".into()),
                };
                write::add_claim(tx, &id, CharRange::new(start, start + 60), &patch, "bench")?;
            }
        }
        Ok(())
    })
    .unwrap();
    println!(
        "setup: {ARTICLES} articles, {} claims in {:.1} s",
        ARTICLES * CLAIMS_PER_ARTICLE,
        setup.elapsed().as_secs_f64()
    );

    let read_start = Instant::now();
    let data = read::report_data(ws.conn(), &ReportScope::default()).unwrap();
    let read_ms = read_start.elapsed().as_secs_f64() * 1000.0;
    assert_eq!(data.claim_count(), ARTICLES * CLAIMS_PER_ARTICLE);
    println!("read report data from SQLite: {read_ms:.0} ms");
    for format in Format::ALL {
        let mut best = f64::MAX;
        let mut bytes = 0;
        for _ in 0..3 {
            let mut out = Vec::with_capacity(64 << 20);
            let t = Instant::now();
            factdesk::report::write(format, &data, &mut out).unwrap();
            best = best.min(t.elapsed().as_secs_f64() * 1000.0);
            bytes = out.len();
        }
        println!(
            "{:<14} write {best:>6.0} ms   read+write {:>6.0} ms   {:>6.1} MB",
            format.code(),
            best + read_ms,
            bytes as f64 / 1e6
        );
    }
    let t = Instant::now();
    let d = dump::export(ws.conn(), &[]).unwrap();
    let text = serde_json::to_vec_pretty(&d).unwrap();
    println!(
        "{:<14} read+write {:>6.0} ms   {:>6.1} MB",
        "json",
        t.elapsed().as_secs_f64() * 1000.0,
        text.len() as f64 / 1e6
    );
}
