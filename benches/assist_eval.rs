//! The claim assistant measured on news nobody here wrote: recall, right / wrong / no
//! speaker and precision of its statements, per set, with its speed.
//!
//! ```text
//! cargo bench --bench assist_eval -- --polnear /path/to/PolNeAR/data [--split train|dev] \
//!     [--wikinews ../shared/corpus/wikinews] [--misses N]
//! ```
//!
//! `--polnear` is PolNeAR's `data` folder (brat standoff: `SPLIT/text`, `SPLIT/attributions`);
//! the split is `train` unless `--split dev` is given: dev is the held-out check, looked at
//! once tuning stops. The test split is never read. The Wikinews set is read from
//! `../shared/corpus/wikinews` when it is there.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    missing_docs,
    reason = "a benchmark binary"
)]

use std::path::PathBuf;
use std::time::Instant;

use factdesk::assist::eval::{Score, brat, evaluate, evaluate_brat, read_labels};

struct Args {
    polnear: Option<PathBuf>,
    split: String,
    wikinews: PathBuf,
    misses: usize,
}

fn args() -> Result<Args, String> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let mut out = Args {
        polnear: None,
        split: "train".into(),
        wikinews: root.join("../shared/corpus/wikinews"),
        misses: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = || it.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--polnear" => out.polnear = Some(PathBuf::from(value()?)),
            "--split" => out.split = value()?,
            "--wikinews" => out.wikinews = PathBuf::from(value()?),
            "--misses" => out.misses = value()?.parse().map_err(|e| format!("--misses: {e}"))?,
            // cargo bench passes --bench to every bench binary.
            "--bench" => {}
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if out.split == "test" {
        return Err("the test split is not for development: use train or dev".into());
    }
    Ok(out)
}

fn show_misses(score: &Score, n: usize) {
    for m in score.misses.iter().take(n) {
        println!("  miss {}", m.line(90));
    }
    for (article, words) in score.false_positives.iter().take(n) {
        let what: String = words.chars().take(90).collect();
        println!("  extra [{article}] «{what}»");
    }
    for (article, words) in score.off_statement.iter().take(n) {
        let what: String = words.chars().take(90).collect();
        println!("  not a statement [{article}] «{what}»");
    }
}

fn main() {
    let args = match args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("assist_eval: {e}");
            std::process::exit(2);
        }
    };
    println!("{}", Score::header());
    if let Some(data) = &args.polnear {
        let dir = data.join(&args.split);
        match brat::read_folder(&dir) {
            Ok(articles) => {
                let bytes: usize = articles.iter().map(|a| a.text.len()).sum();
                let t = Instant::now();
                let score = evaluate_brat(&articles);
                let secs = t.elapsed().as_secs_f64();
                println!("{}", score.row(&format!("polnear/{}", args.split)));
                println!("  {}", score.speaker_notes());
                println!(
                    "  {} articles, {:.1} MB: {:.0} ms per MB (suggest and score)",
                    articles.len(),
                    bytes as f64 / 1e6,
                    secs * 1000.0 / (bytes as f64 / 1e6)
                );
                show_misses(&score, args.misses);
            }
            Err(e) => println!("polnear/{}: {e}", args.split),
        }
    }
    match read_labels(&args.wikinews.join("attributions.json")) {
        Ok(labels) => match evaluate(&args.wikinews, &labels) {
            Ok(score) => {
                println!("{}", score.row("wikinews (tuned on)"));
                println!("  {}", score.speaker_notes());
                show_misses(&score, args.misses);
            }
            Err(e) => println!("wikinews: {e}"),
        },
        Err(_) => println!("wikinews: not present, skipped"),
    }
}
