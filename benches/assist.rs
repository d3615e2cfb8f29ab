//! The claim assistant: speed on a 1 MB article and quality on every labelled set at hand.
//! `cargo bench --bench assist` (release build).
//!
//! 1. Speed: suggestions for a 1 MB article (the labelled articles repeated, so it reads
//!    like news), through the pure function and through the workspace (article and speakers
//!    read from the file, claims and dismissals left out). Target: at most 200 ms.
//! 2. Quality: recall, right speaker and precision on tests/assist (written for factdesk,
//!    tuned on), tests/assist/heldout (written after the tuning, not tuned on) and the
//!    Wikinews development set in ../shared/corpus/wikinews (tuned on), when present.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "a benchmark binary"
)]

use std::path::Path;
use std::time::Instant;

use factdesk::assist::eval::{evaluate, read_labels};
use factdesk::assist::suggest;
use factdesk::store::Workspace;
use factdesk::store::write::{self, NewArticle};

fn big_article(root: &Path) -> String {
    let mut texts = Vec::new();
    for dir in [
        root.join("tests/assist/articles"),
        root.join("../shared/corpus/wikinews"),
    ] {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut paths: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
        paths.sort();
        for p in paths
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        {
            texts.push(std::fs::read_to_string(p).unwrap());
        }
    }
    let mut out = String::new();
    while out.len() < 1_000_000 {
        for t in &texts {
            out.push_str(t.trim());
            out.push_str("\n\n");
        }
    }
    out
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let text = big_article(root);
    let chars = text.chars().count();
    let mut times = Vec::new();
    let mut count = 0;
    for _ in 0..7 {
        let t = Instant::now();
        count = suggest(&text, &[]).len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "suggest(): {} bytes ({chars} chars), {count} suggestions: median {:.1} ms, min {:.1} ms over {} runs (target 200 ms)",
        text.len(),
        median(times.clone()),
        times.iter().copied().fold(f64::INFINITY, f64::min),
        times.len()
    );

    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("bench.factdesk")).unwrap();
    let id = ws
        .write(|tx| {
            write::import_article(
                tx,
                &NewArticle {
                    title: "1 MB".into(),
                    body: text.clone(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "bench",
            )
        })
        .unwrap();
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        count = factdesk::store::assist::suggestions(ws.conn(), &id)
            .unwrap()
            .len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "store::assist::suggestions(): {count} suggestions: median {:.1} ms over {} runs",
        median(times),
        5
    );

    // "Also in": the same statement across articles, looked up in 50,000 claims.
    let mut ws = Workspace::create(&dir.path().join("claims.factdesk")).unwrap();
    // Each article quotes 1,000 different statements, and statement 0 again, so the first
    // claim is the same statement as 49 others among 50,000.
    let mut first = factdesk::model::ClaimId::default();
    ws.write(|tx| {
        for a in 0..50usize {
            let mut body = format!("Article {a}\n\n");
            let mut ranges = Vec::new();
            for c in 0..1_000usize {
                let n = if c == 0 { 0 } else { a * 1_000 + c };
                let statement = format!(
                    "The pier will cost {n} million euros, twice the estimate for berth {n}."
                );
                let start = body.chars().count();
                ranges.push(factdesk::model::CharRange::new(
                    start,
                    start + statement.chars().count(),
                ));
                body.push_str(&statement);
                body.push(' ');
            }
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
            for (c, range) in ranges.into_iter().enumerate() {
                let claim =
                    write::add_claim(tx, &id, range, &write::ClaimPatch::default(), "bench")?;
                if a == 0 && c == 0 {
                    first = claim;
                }
            }
        }
        Ok(())
    })
    .unwrap();
    let mut times = Vec::new();
    let mut linked = 0;
    for _ in 0..5 {
        let t = Instant::now();
        linked = factdesk::store::assist::linked_claims(ws.conn(), &first)
            .unwrap()
            .len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "linked_claims() in 50,000 claims: {linked} linked, median {:.1} ms over 5 runs",
        median(times)
    );

    for (name, articles, labels) in [
        (
            "tests/assist (tuned on)",
            root.join("tests/assist/articles"),
            root.join("tests/assist/labels.json"),
        ),
        (
            "tests/assist/heldout (not tuned on)",
            root.join("tests/assist/heldout/articles"),
            root.join("tests/assist/heldout/labels.json"),
        ),
        (
            "wikinews (tuned on)",
            root.join("../shared/corpus/wikinews"),
            root.join("../shared/corpus/wikinews/attributions.json"),
        ),
    ] {
        match read_labels(&labels) {
            Ok(l) => match evaluate(&articles, &l) {
                Ok(score) => println!("{name}: {}", score.summary()),
                Err(e) => println!("{name}: {e}"),
            },
            Err(_) => println!("{name}: not present, skipped"),
        }
    }
}
