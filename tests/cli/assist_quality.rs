//! The claim assistant measured on hand-labelled articles: five written for factdesk
//! (tests/assist) with the thresholds, and the Wikinews development set from
//! ../shared when it is there (figures printed, as a check on news nobody here wrote).

use std::path::Path;

use factdesk::assist::eval::{Score, evaluate, read_labels};

fn report(name: &str, score: &Score) {
    eprintln!("{name}: {}", score.summary());
    for m in &score.misses {
        eprintln!(
            "  miss [{}] {:?} by {} → {}",
            m.article,
            m.contains,
            m.speaker,
            if m.got.is_empty() {
                "not found"
            } else {
                &m.got
            }
        );
    }
    for (article, words) in &score.false_positives {
        eprintln!("  extra [{article}] {words:?}");
    }
}

/// Recall, right-speaker share and precision at least these.
fn assert_floors(score: &Score, recall: f64, speaker: f64, precision: f64) {
    assert!(score.recall() >= recall, "recall {:.3}", score.recall());
    assert!(
        score.speaker_accuracy() >= speaker,
        "right speaker {:.3}",
        score.speaker_accuracy()
    );
    assert!(
        score.precision() >= precision,
        "precision {:.3}",
        score.precision()
    );
}

#[test]
fn suggestions_on_our_labelled_articles_meet_the_quality_bar() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assist");
    let labels = read_labels(&dir.join("labels.json")).expect("labels");
    let score = evaluate(&dir.join("articles"), &labels).expect("evaluation");
    report("tests/assist", &score);
    assert!(
        score.labelled >= 40,
        "at least 40 labelled statements, got {}",
        score.labelled
    );
    assert_floors(&score, 0.9, 0.85, 0.8);
}

#[test]
fn suggestions_on_the_wikinews_development_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/wikinews");
    let Ok(labels) = read_labels(&dir.join("attributions.json")) else {
        eprintln!("skipped: ../shared/corpus/wikinews is not beside the checkout");
        return;
    };
    let score = evaluate(&dir, &labels).expect("evaluation");
    report("wikinews", &score);
    assert_eq!(score.labelled, 91);
    // Its labels are not exhaustive (several real attributed statements are unlabelled), so
    // precision is a lower bound here; the floors guard against regressions.
    assert_floors(&score, 0.9, 0.85, 0.75);
}

#[test]
fn suggestions_on_the_held_out_set() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/assist/heldout");
    let labels = read_labels(&dir.join("labels.json")).expect("labels");
    let score = evaluate(&dir.join("articles"), &labels).expect("evaluation");
    report("tests/assist/heldout", &score);
    assert!(score.labelled >= 70);
}
