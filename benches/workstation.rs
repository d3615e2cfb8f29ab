//! Frame cost of the workstation on a 1 MB article with 5,000 claims (10% overlapping):
//! (a) a frame when nothing changed, (b) the frame after a claim's verdict changes,
//! (c) the frame after a claim is added, (d) opening the article.
//! Headless egui (`Context::run_ui` + `tessellate`), release build:
//! `cargo bench --bench workstation`. Prints median and p95 per case.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "a benchmark binary"
)]

use std::time::{Duration, Instant};

use factdesk::model::{CharRange, Status};
use factdesk::store::Workspace;
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use factdesk::ui::Action;
use factdesk::ui::app::{FactdeskApp, Settings};

const CLAIMS: usize = 5_000;

fn article_text() -> String {
    let paragraph = "Council leader Renée Duchâtel said: “Steel and concrete prices have gone up by around 40% since 2021, and we are not immune to that.” Critics in Port Wenlow disagreed — the café owners’ figures show €6.1 million. ";
    let mut body = String::new();
    let mut i = 0;
    while body.len() < 1_000_000 {
        body.push_str(paragraph);
        if i % 3 == 2 {
            body.push_str("\n\n");
        }
        i += 1;
    }
    body
}

fn frame(ctx: &egui::Context, app: &mut FactdeskApp, t: &mut f64) -> Duration {
    *t += 1.0 / 60.0;
    let input = egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(
            egui::Pos2::ZERO,
            egui::vec2(1280.0, 800.0),
        )),
        time: Some(*t),
        ..egui::RawInput::default()
    };
    let start = Instant::now();
    let output = ctx.run_ui(input, |ui| app.show(ui));
    let _ = ctx.tessellate(output.shapes, output.pixels_per_point);
    start.elapsed()
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = samples[samples.len() / 2];
    let p95 = samples[(samples.len() * 95 / 100).min(samples.len() - 1)];
    println!(
        "{name:<46} median {:>8.2} ms   p95 {:>8.2} ms   (n={})",
        ms(median),
        ms(p95),
        samples.len()
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.factdesk");
    let body = article_text();
    let chars = body.chars().count();
    let mut ws = Workspace::create(&path).unwrap();
    let (big, small) = ws
        .write(|tx| {
            let big = write::import_article(
                tx,
                &NewArticle {
                    title: "Big".into(),
                    body: body.clone(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "bench",
            )?;
            let small = write::import_article(
                tx,
                &NewArticle {
                    title: "Small".into(),
                    body: "A short article.".into(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "bench",
            )?;
            let step = chars / CLAIMS;
            for i in 0..CLAIMS {
                let start = i * step;
                // Every tenth claim overlaps the next one.
                let len = if i % 10 == 0 {
                    step + step / 2
                } else {
                    step / 2
                };
                let status = Status::ALL[i % Status::ALL.len()];
                let patch = ClaimPatch {
                    status: Some(status),
                    ..ClaimPatch::default()
                };
                write::add_claim(
                    tx,
                    &big,
                    CharRange::new(start, (start + len).min(chars)),
                    &patch,
                    "bench",
                )?;
            }
            Ok((big, small))
        })
        .unwrap();
    drop(ws);
    println!(
        "article: {} bytes, {chars} chars, {CLAIMS} claims",
        body.len()
    );

    let mut app = FactdeskApp::new(Settings {
        reviewer: "bench".into(),
        ..Settings::default()
    });
    app.open_initial(Some(&path), None);
    let ctx = egui::Context::default();
    let mut t = 0.0;
    app.queued.push(Action::SelectArticle(big.clone()));
    for _ in 0..5 {
        frame(&ctx, &mut app, &mut t);
    }

    let idle: Vec<Duration> = (0..200).map(|_| frame(&ctx, &mut app, &mut t)).collect();
    report("(a) frame, nothing changed", idle);

    let mut status_change = Vec::new();
    let mut status_next = Vec::new();
    for i in 0..40 {
        let claim = app.claims()[i * 97 % app.claims().len()].id.clone();
        let status = Status::ALL[i % Status::ALL.len()];
        app.queued.push(Action::Patch(
            claim,
            ClaimPatch {
                status: Some(status),
                ..ClaimPatch::default()
            },
        ));
        status_change.push(frame(&ctx, &mut app, &mut t));
        status_next.push(frame(&ctx, &mut app, &mut t));
    }
    report(
        "(b) frame applying a verdict change (+commit)",
        status_change,
    );
    report("(b) the frame after it", status_next);

    let mut add = Vec::new();
    let mut add_next = Vec::new();
    for i in 0..40 {
        let start = 1000 + i * 5000;
        app.queued
            .push(Action::CreateClaim(CharRange::new(start, start + 40)));
        add.push(frame(&ctx, &mut app, &mut t));
        add_next.push(frame(&ctx, &mut app, &mut t));
    }
    report("(c) frame adding a claim (+commit)", add);
    report("(c) the frame after it", add_next);

    let mut open = Vec::new();
    for _ in 0..10 {
        app.queued.push(Action::SelectArticle(small.clone()));
        frame(&ctx, &mut app, &mut t);
        app.queued.push(Action::SelectArticle(big.clone()));
        let mut total = frame(&ctx, &mut app, &mut t);
        total += frame(&ctx, &mut app, &mut t);
        open.push(total);
    }
    report("(d) opening the article (load + first layout)", open);
    // Sanity: the whole text was laid out, not just a screenful.
    let last = app
        .article_view
        .char_screen_pos(chars - 1)
        .map_or(0.0, |p| p.y);
    println!("laid out: last char at y = {last:.0} px");
    assert!(last > 100_000.0, "the article must be laid out in full");
}
