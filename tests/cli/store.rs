//! Store behaviour across revisions: the re-check flag survives later revisions, and a
//! claim restored after the text changed is moved onto the current text.

#![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

use crate::common;

use factdesk::model::{AnchorState, CharRange};
use factdesk::model::{ArticleId, ClaimId};
use factdesk::store::Workspace;
use factdesk::store::read;
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use factdesk::text::anchor::find_quote;

fn setup() -> (tempfile::TempDir, Workspace, ArticleId, ClaimId) {
    let dir = tempfile::tempdir().unwrap();
    let mut ws = Workspace::create(&dir.path().join("w.factdesk")).unwrap();
    let body = factdesk::text::import::normalise(common::ARTICLE);
    let quote = "Visitors from 東京 rose 12% 😀";
    let range = find_quote(&body, quote, 1).unwrap();
    let (article, claim) = ws
        .write(|tx| {
            let a = write::import_article(
                tx,
                &NewArticle {
                    title: "Pier".into(),
                    body: body.clone(),
                    source: factdesk::model::TextSource::Paste,
                    ..NewArticle::default()
                },
                "t",
            )?;
            let c = write::add_claim(tx, &a, range, &ClaimPatch::default(), "t")?;
            Ok((a, c))
        })
        .unwrap();
    (dir, ws, article, claim)
}

fn replace(ws: &mut Workspace, article: &ArticleId, body: &str) {
    ws.write(|tx| {
        write::replace_article_text(
            tx,
            article,
            &factdesk::text::import::normalise(body),
            &factdesk::model::TextSource::Paste,
            "t",
        )
    })
    .unwrap();
}

#[test]
fn quote_changed_stays_flagged_with_its_checked_words_through_later_revisions() {
    let (_dir, mut ws, article, claim) = setup();
    let v2 = common::ARTICLE.replace("rose 12%", "rose 14%");
    replace(&mut ws, &article, &v2);
    let c = read::claim(ws.conn(), &claim).unwrap();
    assert_eq!(c.anchor_state, AnchorState::QuoteChanged);
    assert_eq!(c.previous_quote, "Visitors from 東京 rose 12% 😀");
    // An unrelated paragraph later: the words are found exactly, but nobody re-checked yet.
    let v3 = format!("Update: a photo was added.\n\n{v2}");
    replace(&mut ws, &article, &v3);
    let c = read::claim(ws.conn(), &claim).unwrap();
    assert_eq!(
        c.anchor_state,
        AnchorState::QuoteChanged,
        "still needs re-checking"
    );
    assert_eq!(
        c.previous_quote, "Visitors from 東京 rose 12% 😀",
        "the words as checked are kept"
    );
    assert_eq!(c.anchor.quote, "Visitors from 東京 rose 14% 😀");
    // Confirming the re-check clears it.
    ws.write(|tx| write::reattach_claim(tx, &claim, c.anchor.range, "t"))
        .unwrap();
    let c = read::claim(ws.conn(), &claim).unwrap();
    assert_eq!(c.anchor_state, AnchorState::Placed);
    assert!(c.previous_quote.is_empty());
}

#[test]
fn claim_restored_after_the_text_changed_lands_on_the_current_text() {
    let (_dir, mut ws, article, claim) = setup();
    ws.write(|tx| write::delete_claim(tx, &claim, "t")).unwrap();
    let inserted = "Correction: the café’s name was misspelt.\n\n";
    replace(&mut ws, &article, &format!("{inserted}{}", common::ARTICLE));
    ws.write(|tx| write::restore_claim(tx, &claim, "t"))
        .unwrap();
    let c = read::claim(ws.conn(), &claim).unwrap();
    let current = read::article(ws.conn(), &article).unwrap();
    assert_eq!(c.revision_id, current.current_revision_id);
    assert_eq!(c.anchor_state, AnchorState::Moved);
    let by_offsets = factdesk::text::offsets::slice(&current.body, c.anchor.range).unwrap();
    assert_eq!(by_offsets, c.anchor.quote);
    assert_eq!(c.anchor.quote, "Visitors from 東京 rose 12% 😀");
    let _ = CharRange::new(0, 0);
}

#[test]
fn speakers_match_in_any_case_of_any_script() {
    let (_dir, mut ws, article, claim) = setup();
    let body = read::article(ws.conn(), &article).unwrap().body;
    let other = find_quote(&body, "€6.1 million", 1).unwrap();
    ws.write(|tx| {
        write::update_claim(
            tx,
            &claim,
            &ClaimPatch {
                speaker: Some(Some("Søren Ålund".into())),
                ..ClaimPatch::default()
            },
            "t",
        )?;
        write::add_claim(
            tx,
            &article,
            other,
            &ClaimPatch {
                speaker: Some(Some("SØREN ÅLUND".into())),
                ..ClaimPatch::default()
            },
            "t",
        )
    })
    .unwrap();
    assert_eq!(
        read::speakers(ws.conn()).unwrap().len(),
        1,
        "one speaker, not two"
    );
    let filter = read::ClaimFilter {
        speaker: Some("søren ålund".into()),
        ..read::ClaimFilter::default()
    };
    assert_eq!(read::claims(ws.conn(), &filter).unwrap().len(), 2);
}
