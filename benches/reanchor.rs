//! Re-anchoring, factdesk against Hypothesis's matcher, and importing a big page.
//! `cargo bench --bench reanchor` (release build). Needs `npm ci --prefix benches/hypothesis`
//! once for the Hypothesis side (Node.js and the npm package approx-string-match); without
//! it that column is skipped.
//!
//! 1. Quality: the generated corrections of tests/common/edits.rs (same seed as
//!    tests/cli/reanchor_quality.rs), judged against the known truth, in one table.
//! 2. Speed: 5,000 claims on a 1 MB article re-anchored after a round of corrections
//!    (target: at most 200 ms), and the time of both matchers on the cases of 1.
//! 3. Import of a 2 MB web page, extraction included (target: at most 500 ms).

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "a benchmark binary"
)]

#[path = "../tests/common/edits.rs"]
mod edits;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Instant;

use edits::{EditKind, Rng, Verdict};
use factdesk::model::{AnchorState, CharRange};
use factdesk::text::anchor::anchor_at;
use factdesk::text::reanchor::Reanchorer;

fn slot(v: Verdict) -> usize {
    match v {
        Verdict::Right => 0,
        Verdict::Orphaned => 1,
        Verdict::Missed => 2,
        Verdict::Wrong => 3,
    }
}

/// Where each case's quote was placed (`None`: not found), and the matching time in ms.
type Placements = (Vec<Option<(usize, usize)>>, f64);

/// Runs the Hypothesis matcher on `cases`; `None` when Node or the package is missing.
fn hypothesis(cases: &[serde_json::Value]) -> Option<Placements> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hypothesis");
    if !dir.join("node_modules/approx-string-match").is_dir() {
        println!("(Hypothesis column skipped: run `npm ci --prefix benches/hypothesis` first)");
        return None;
    }
    let input = std::env::temp_dir().join(format!("factdesk-hyp-{}.json", std::process::id()));
    std::fs::write(&input, serde_json::to_vec(cases).unwrap()).unwrap();
    let out = std::process::Command::new("node")
        .arg(dir.join("match.mjs"))
        .arg(&input)
        .output();
    let _ = std::fs::remove_file(&input);
    let out = match out {
        Ok(o) if o.status.success() => o,
        Ok(o) => {
            println!(
                "(Hypothesis matcher failed: {})",
                String::from_utf8_lossy(&o.stderr)
            );
            return None;
        }
        Err(e) => {
            println!("(Hypothesis column skipped: cannot run node: {e})");
            return None;
        }
    };
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let placements = v["placements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            p.as_array().map(|a| {
                (
                    usize::try_from(a[0].as_u64().unwrap()).unwrap(),
                    usize::try_from(a[1].as_u64().unwrap()).unwrap(),
                )
            })
        })
        .collect();
    Some((placements, v["ms"].as_f64().unwrap_or_default()))
}

fn case_json(old: &str, new: &str, start: usize, end: usize) -> serde_json::Value {
    let a = anchor_at(old, CharRange::new(start, end)).unwrap();
    serde_json::json!({
        "old": old, "new": new, "start": start, "end": end,
        "quote": a.quote, "prefix": a.prefix, "suffix": a.suffix,
    })
}

fn quality() {
    let mut rng = Rng::new(0x00FA_C7DE_5C00);
    let mut cases = Vec::new();
    for (_, text) in edits::texts() {
        cases.extend(edits::cases(&text, 6, &mut rng));
    }
    let t = Instant::now();
    let ours: Vec<Option<(usize, usize)>> = cases
        .iter()
        .map(|c| {
            let anchor = anchor_at(&c.old, CharRange::new(c.start, c.end)).unwrap();
            let p = Reanchorer::new(&c.old, &c.new).place(&anchor);
            (p.state != AnchorState::Orphaned).then_some((p.anchor.range.start, p.anchor.range.end))
        })
        .collect();
    let ours_ms = t.elapsed().as_secs_f64() * 1000.0;
    let json: Vec<_> = cases
        .iter()
        .map(|c| case_json(&c.old, &c.new, c.start, c.end))
        .collect();
    let theirs = hypothesis(&json);

    let mut table: BTreeMap<EditKind, ([usize; 4], [usize; 4])> = BTreeMap::new();
    for (i, c) in cases.iter().enumerate() {
        let row = table.entry(c.kind).or_default();
        row.0[slot(edits::judge(ours[i], c.truth))] += 1;
        if let Some((placements, _)) = &theirs {
            row.1[slot(edits::judge(placements[i], c.truth))] += 1;
        }
    }
    println!(
        "\n{} generated corrections (seed as in tests/cli/reanchor_quality.rs); right = on the true words, wrong = on other words",
        cases.len()
    );
    println!(
        "{:<26} | {:>5} {:>8} {:>6} {:>5} | {:>5} {:>8} {:>6} {:>5}",
        "", "factdesk", "", "", "", "Hypothesis", "", "", ""
    );
    println!(
        "{:<26} | {:>5} {:>8} {:>6} {:>5} | {:>5} {:>8} {:>6} {:>5}",
        "edit", "right", "orphaned", "missed", "WRONG", "right", "orphaned", "missed", "WRONG"
    );
    let mut totals = ([0usize; 4], [0usize; 4]);
    for (kind, (a, b)) in &table {
        println!(
            "{:<26} | {:>5} {:>8} {:>6} {:>5} | {:>5} {:>8} {:>6} {:>5}",
            kind.to_string(),
            a[0],
            a[1],
            a[2],
            a[3],
            b[0],
            b[1],
            b[2],
            b[3]
        );
        for k in 0..4 {
            totals.0[k] += a[k];
            totals.1[k] += b[k];
        }
    }
    let (a, b) = totals;
    println!(
        "{:<26} | {:>5} {:>8} {:>6} {:>5} | {:>5} {:>8} {:>6} {:>5}",
        "all", a[0], a[1], a[2], a[3], b[0], b[1], b[2], b[3]
    );
    match &theirs {
        Some((_, ms)) => println!(
            "time on these cases: factdesk {ours_ms:.0} ms (diff + placement per case), Hypothesis {ms:.0} ms (matching only)"
        ),
        None => println!("time on these cases: factdesk {ours_ms:.0} ms"),
    }
}

/// A 1 MB article of many distinct paragraphs (numbered so quotes are unique).
fn big_article(target_chars: usize) -> String {
    let texts = edits::texts();
    let mut paragraphs: Vec<String> = Vec::new();
    for (_, t) in &texts {
        paragraphs.extend(
            t.split("\n\n")
                .filter(|p| p.chars().count() > 80)
                .map(str::to_owned),
        );
    }
    let mut out = String::new();
    let mut n = 0usize;
    while out.chars().count() < target_chars {
        let p = &paragraphs[n % paragraphs.len()];
        out.push_str(&format!("{n}. {p}\n\n"));
        n += 1;
    }
    out.trim_end().to_owned()
}

fn speed() {
    let old = big_article(1_000_000);
    let old_chars: Vec<char> = old.chars().collect();
    // 5,000 claims: 60-char spans at word starts spread over the text.
    let mut rng = Rng::new(7);
    let mut anchors = Vec::new();
    let step = old_chars.len() / 5_000;
    for k in 0..5_000 {
        let mut s = k * step + rng.below(step / 2);
        while s < old_chars.len() && !old_chars[s].is_alphanumeric() {
            s += 1;
        }
        let e = (s + 60).min(old_chars.len());
        anchors.push(anchor_at(&old, CharRange::new(s, e)).unwrap());
    }
    // A round of corrections: a paragraph inserted every ~50, a word changed every ~40,
    // a paragraph removed every ~120.
    let mut new = String::with_capacity(old.len() + 10_000);
    for (i, p) in old.split("\n\n").enumerate() {
        if i % 120 == 60 {
            continue;
        }
        if i % 50 == 0 {
            new.push_str("Update: this paragraph was added after publication.\n\n");
        }
        if i % 40 == 7 {
            new.push_str(&p.replacen(" the ", " a ", 1));
        } else {
            new.push_str(p);
        }
        new.push_str("\n\n");
    }
    let new = new.trim_end().to_owned();
    let t = Instant::now();
    let matcher = Reanchorer::new(&old, &new);
    let diff_ms = t.elapsed().as_secs_f64() * 1000.0;
    let t = Instant::now();
    for a in &anchors {
        let _ = matcher.place(a);
    }
    println!(
        "\n(diff of the two texts {diff_ms:.0} ms, placing 5,000 claims {:.0} ms)",
        t.elapsed().as_secs_f64() * 1000.0
    );
    drop(matcher);
    let mut best = f64::MAX;
    let mut placed = 0;
    for _ in 0..5 {
        let t = Instant::now();
        let matcher = Reanchorer::new(&old, &new);
        placed = anchors
            .iter()
            .filter(|a| matcher.place(a).state != AnchorState::Orphaned)
            .count();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    println!(
        "\nre-anchoring 5,000 claims on a {:.2} MB article after corrections: {best:.0} ms (best of 5; {placed} placed, {} orphaned) — target 200 ms: {}",
        old.len() as f64 / 1e6,
        5_000 - placed,
        if best <= 200.0 { "met" } else { "NOT met" }
    );
    // Hypothesis on a sample of the same claims (a full run takes minutes).
    let sample: Vec<_> = anchors
        .iter()
        .step_by(50)
        .map(|a| case_json(&old, &new, a.range.start, a.range.end))
        .collect();
    if let Some((_, ms)) = hypothesis(&sample) {
        println!(
            "Hypothesis matcher on {} of these claims: {ms:.0} ms, i.e. about {:.0} ms for all 5,000",
            sample.len(),
            ms * 5_000.0 / sample.len() as f64
        );
    }
}

fn big_page() {
    let html = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/web/news.html"),
    )
    .unwrap();
    let (head, rest) = html.split_at(html.find("<p>The new harbour").unwrap());
    let mut body = String::new();
    let mut n = 0;
    while head.len() + body.len() < 2_000_000 {
        body.push_str(&format!(
            "<p>Paragraph {n}: Harbour Authority chair Maria Lind said the pier’s cost was “€4 million — not a cent more”, while councillors asked for the café owners’ figures.</p>\n<div class=\"ad\">Advertisement</div>\n"
        ));
        n += 1;
    }
    let page = format!("{head}{body}{rest}");
    let fetched = factdesk::web::Fetched {
        url: "https://coastal-times.example/big".into(),
        final_url: "https://coastal-times.example/big".into(),
        status: 200,
        content_type: "text/html; charset=utf-8".into(),
        bytes: page.into_bytes(),
    };
    let mut best = f64::MAX;
    let mut chars = 0;
    for _ in 0..3 {
        let t = Instant::now();
        let text = factdesk::web::extract(&fetched).unwrap();
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
        chars = text.body.chars().count();
    }
    println!(
        "\nimport of a {:.1} MB page, extraction included: {best:.0} ms (best of 3; {chars} chars of text) — target 500 ms: {}",
        fetched.bytes.len() as f64 / 1e6,
        if best <= 500.0 { "met" } else { "NOT met" }
    );
}

fn main() {
    if std::env::args().any(|a| a == "--speed-only") {
        speed();
        return;
    }
    quality();
    speed();
    big_page();
}
