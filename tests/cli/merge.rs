//! Merging a colleague's copy: one-sided changes taken, both-sided changes kept as conflicts
//! for review, tombstones, unification of separately imported articles and speakers,
//! re-anchoring onto a newer text, and hostile files.

use crate::common;

use std::path::{Path, PathBuf};

use common::{ARTICLE, factdesk, ok};
use factdesk::model::{AnchorState, CharRange, Status};
use factdesk::model::{ArticleId, ClaimId};
use factdesk::store::Workspace;
use factdesk::store::dump;
use factdesk::store::merge::{self, Field, Prefer, Resolution};
use factdesk::store::read::{self, ClaimFilter};
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use serde_json::Value;

struct Setup {
    _dir: tempfile::TempDir,
    mine: PathBuf,
    theirs: PathBuf,
    article: ArticleId,
    claims: Vec<ClaimId>,
}

fn char_range(text: &str, needle: &str) -> CharRange {
    let byte = text.find(needle).unwrap();
    let start = text[..byte].chars().count();
    CharRange::new(start, start + needle.chars().count())
}

fn new_article(body: &str) -> NewArticle {
    NewArticle {
        title: "Harbour pier".into(),
        outlet: "Coastal Times".into(),
        url: "https://example.org/pier".into(),
        author: String::new(),
        published: String::new(),
        body: body.into(),
        source: factdesk::model::TextSource::Paste,
    }
}

/// Ana's workspace with one article and three claims; Ben got a copy of it.
fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("ana.factdesk");
    let theirs = dir.path().join("ben.factdesk");
    let mut ws = Workspace::create(&mine).unwrap();
    let (article, claims) = ws
        .write(|tx| {
            let article = write::import_article(tx, &new_article(ARTICLE), "ana")?;
            let mut claims = Vec::new();
            for (quote, speaker) in [
                (
                    "“The pier cost €4 million — not a cent more.”",
                    "Maria Lind",
                ),
                (
                    "“The café owners’ figures show €6.1 million,”",
                    "José Núñez",
                ),
                ("Visitors from 東京 rose 12% 😀", "tourist office"),
            ] {
                claims.push(write::add_claim(
                    tx,
                    &article,
                    char_range(ARTICLE, quote),
                    &ClaimPatch {
                        speaker: Some(Some(speaker.into())),
                        ..ClaimPatch::default()
                    },
                    "ana",
                )?);
            }
            Ok((article, claims))
        })
        .unwrap();
    ws.save_copy(&theirs).unwrap();
    Setup {
        _dir: dir,
        mine,
        theirs,
        article,
        claims,
    }
}

fn edit(
    path: &Path,
    who: &str,
    f: impl FnOnce(&rusqlite::Transaction<'_>, &str) -> factdesk::Result<()>,
) {
    let mut ws = Workspace::open(path).unwrap();
    ws.write(|tx| f(tx, who)).unwrap();
}

fn set(path: &Path, who: &str, claim: &ClaimId, patch: &ClaimPatch) {
    edit(path, who, |tx, who| {
        write::update_claim(tx, claim, patch, who).map(|_| ())
    });
}

fn status(s: Status) -> ClaimPatch {
    ClaimPatch {
        status: Some(s),
        ..ClaimPatch::default()
    }
}

fn summary(s: &str) -> ClaimPatch {
    ClaimPatch {
        summary: Some(s.into()),
        ..ClaimPatch::default()
    }
}

fn merge(mine: &Path, theirs: &Path, prefer: Option<Prefer>) -> merge::MergeReport {
    let mut ws = Workspace::open(mine).unwrap();
    merge::merge_file(&mut ws, theirs, prefer, "ana").unwrap()
}

fn claim(path: &Path, id: &str) -> dump::ClaimRow {
    let ws = Workspace::open(path).unwrap();
    dump::export(ws.conn(), &[])
        .unwrap()
        .claims
        .into_iter()
        .find(|c| c.id == id)
        .unwrap()
}

fn whole(path: &Path) -> dump::Dump {
    let ws = Workspace::open(path).unwrap();
    dump::export(ws.conn(), &[]).unwrap()
}

#[test]
fn changes_made_on_one_side_are_taken_and_mine_are_kept() {
    let s = setup();
    set(&s.theirs, "ben", &s.claims[0], &status(Status::False));
    set(&s.theirs, "ben", &s.claims[0], &summary("Audit: €6.1m"));
    set(
        &s.mine,
        "ana",
        &s.claims[1],
        &summary("Núñez’s figures check out"),
    );
    // The same field changed on different claims is no conflict either.
    set(&s.mine, "ana", &s.claims[2], &status(Status::True));
    set(&s.theirs, "ben", &s.claims[1], &status(Status::MostlyTrue));

    let report = merge(&s.mine, &s.theirs, None);
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(report.claims.updated, 2);
    assert_eq!(report.claims.unchanged, 1);
    assert_eq!(report.claims.added, 0);
    assert_eq!(
        report.history.added, 3,
        "Ben's three changes join my history"
    );

    let c0 = claim(&s.mine, &s.claims[0]);
    assert_eq!(
        (c0.status.as_str(), c0.summary.as_str()),
        ("false", "Audit: €6.1m")
    );
    assert_eq!(c0.updated_by, "ben");
    let c1 = claim(&s.mine, &s.claims[1]);
    assert_eq!(
        (c1.status.as_str(), c1.summary.as_str()),
        ("mostly_true", "Núñez’s figures check out")
    );
    assert_eq!(claim(&s.mine, &s.claims[2]).status, "true");

    // Provenance: who changed what, from both files.
    let ws = Workspace::open(&s.mine).unwrap();
    let history = read::history(ws.conn(), &s.claims[0]).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.by == "ben" && h.field == "status" && h.new_value == "false")
    );
}

#[test]
fn a_second_merge_of_the_same_file_changes_nothing() {
    let s = setup();
    set(&s.theirs, "ben", &s.claims[0], &status(Status::False));
    set(&s.mine, "ana", &s.claims[0], &status(Status::True));
    set(&s.theirs, "ben", &s.claims[1], &summary("theirs"));
    merge(&s.mine, &s.theirs, None);
    let before = whole(&s.mine);
    let conflicts_before = {
        let ws = Workspace::open(&s.mine).unwrap();
        merge::conflicts(ws.conn()).unwrap()
    };
    let again = merge(&s.mine, &s.theirs, None);
    assert!(again.changed_nothing(), "{again:?}");
    assert_eq!(whole(&s.mine), before);
    let ws = Workspace::open(&s.mine).unwrap();
    assert_eq!(merge::conflicts(ws.conn()).unwrap(), conflicts_before);
}

#[test]
fn a_field_changed_on_both_sides_is_a_conflict_kept_for_review() {
    let s = setup();
    set(&s.mine, "ana", &s.claims[0], &status(Status::True));
    set(&s.theirs, "ben", &s.claims[0], &status(Status::False));
    set(&s.theirs, "ben", &s.claims[0], &summary("Audit: €6.1m"));

    let report = merge(&s.mine, &s.theirs, None);
    assert_eq!(report.claims.conflicting, 1);
    assert_eq!(report.conflicts.len(), 1);
    let c = &report.conflicts[0];
    assert_eq!(c.field, Field::Status);
    assert_eq!(
        (c.mine.as_str(), c.theirs.as_str()),
        (Some("true"), Some("false"))
    );
    assert_eq!((c.mine_by.as_str(), c.theirs_by.as_str()), ("ana", "ben"));
    // Mine stays until someone chooses; the summary only Ben changed is taken.
    let row = claim(&s.mine, &s.claims[0]);
    assert_eq!(
        (row.status.as_str(), row.summary.as_str()),
        ("true", "Audit: €6.1m")
    );

    // The conflict is in the file, visible to whoever opens it next.
    let ws = Workspace::open(&s.mine).unwrap();
    let open = merge::conflicts(ws.conn()).unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].source, "ben.factdesk");
    drop(ws);

    // Take theirs: the value changes, the history says who chose, the conflict is gone.
    let mut ws = Workspace::open(&s.mine).unwrap();
    ws.write(|tx| merge::resolve(tx, &open[0].id, &Resolution::TakeTheirs, "ana"))
        .unwrap();
    assert!(merge::conflicts(ws.conn()).unwrap().is_empty());
    let history = read::history(ws.conn(), &s.claims[0]).unwrap();
    assert!(
        history
            .iter()
            .any(|h| h.field == "merge" && h.new_value == "took theirs")
    );
    drop(ws);
    assert_eq!(claim(&s.mine, &s.claims[0]).status, "false");

    // Neither merging their file again nor sending mine back raises it again.
    let again = merge(&s.mine, &s.theirs, None);
    assert!(again.conflicts.is_empty(), "{:?}", again.conflicts);
    let back = merge(&s.theirs, &s.mine, None);
    assert!(back.conflicts.is_empty(), "{:?}", back.conflicts);
    assert_eq!(claim(&s.theirs, &s.claims[0]).status, "false");
    assert_eq!(claim(&s.theirs, &s.claims[0]).summary, "Audit: €6.1m");
}

#[test]
fn keeping_mine_then_sending_it_back_gives_them_mine() {
    let s = setup();
    set(&s.mine, "ana", &s.claims[1], &summary("mine"));
    set(&s.theirs, "ben", &s.claims[1], &summary("theirs"));
    merge(&s.mine, &s.theirs, None);
    let mut ws = Workspace::open(&s.mine).unwrap();
    let open = merge::conflicts(ws.conn()).unwrap();
    ws.write(|tx| merge::resolve(tx, &open[0].id, &Resolution::KeepMine, "ana"))
        .unwrap();
    drop(ws);
    assert_eq!(claim(&s.mine, &s.claims[1]).summary, "mine");
    let back = merge(&s.theirs, &s.mine, None);
    assert!(back.conflicts.is_empty());
    assert_eq!(claim(&s.theirs, &s.claims[1]).summary, "mine");
}

#[test]
fn an_edited_resolution_writes_the_new_value() {
    let s = setup();
    set(&s.mine, "ana", &s.claims[1], &summary("mine"));
    set(&s.theirs, "ben", &s.claims[1], &summary("theirs"));
    merge(&s.mine, &s.theirs, None);
    let mut ws = Workspace::open(&s.mine).unwrap();
    let open = merge::conflicts(ws.conn()).unwrap();
    let value = Value::String("mine and theirs".into());
    ws.write(|tx| merge::resolve(tx, &open[0].id, &Resolution::Edited(value), "ana"))
        .unwrap();
    drop(ws);
    assert_eq!(claim(&s.mine, &s.claims[1]).summary, "mine and theirs");
}

#[test]
fn prefer_settles_conflicts_and_says_so() {
    let s = setup();
    set(&s.mine, "ana", &s.claims[0], &status(Status::True));
    set(&s.theirs, "ben", &s.claims[0], &status(Status::False));
    let report = merge(&s.mine, &s.theirs, Some(Prefer::Theirs));
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.resolved, 1);
    assert_eq!(claim(&s.mine, &s.claims[0]).status, "false");
    let ws = Workspace::open(&s.mine).unwrap();
    assert!(merge::conflicts(ws.conn()).unwrap().is_empty());
}

#[test]
fn deletions_travel_and_a_deletion_against_an_edit_is_a_conflict() {
    let s = setup();
    edit(&s.theirs, "ben", |tx, who| {
        write::delete_claim(tx, &s.claims[2], who)
    });
    // Ben deleted claim 1 too, but Ana edited it meanwhile.
    edit(&s.theirs, "ben", |tx, who| {
        write::delete_claim(tx, &s.claims[1], who)
    });
    set(&s.mine, "ana", &s.claims[1], &summary("still needed"));

    let report = merge(&s.mine, &s.theirs, None);
    assert!(
        claim(&s.mine, &s.claims[2]).deleted,
        "the tombstone travelled"
    );
    let c1 = claim(&s.mine, &s.claims[1]);
    assert!(!c1.deleted, "not deleted while Ana's edit is in question");
    assert_eq!(report.conflicts.len(), 1);
    assert_eq!(report.conflicts[0].field, Field::Deleted);
    assert_eq!(report.conflicts[0].claim_id, s.claims[1]);

    // Taking theirs deletes it (a tombstone: still in the file).
    let mut ws = Workspace::open(&s.mine).unwrap();
    let open = merge::conflicts(ws.conn()).unwrap();
    ws.write(|tx| merge::resolve(tx, &open[0].id, &Resolution::TakeTheirs, "ana"))
        .unwrap();
    drop(ws);
    let c1 = claim(&s.mine, &s.claims[1]);
    assert!(c1.deleted);
    assert_eq!(c1.summary, "still needed");
}

#[test]
fn claims_speakers_and_evidence_added_on_either_side_all_arrive() {
    let s = setup();
    let theirs_claim = {
        let mut ws = Workspace::open(&s.theirs).unwrap();
        ws.write(|tx| {
            write::add_evidence(
                tx,
                &s.claims[0],
                "https://example.org/audit",
                "Audit",
                "",
                "ben",
            )?;
            write::add_claim(
                tx,
                &s.article,
                char_range(ARTICLE, "the best-value project since 2009"),
                &ClaimPatch {
                    speaker: Some(Some("Maria Lind".into())),
                    status: Some(Status::Misleading),
                    ..ClaimPatch::default()
                },
                "ben",
            )
        })
        .unwrap()
    };
    edit(&s.mine, "ana", |tx, who| {
        write::add_evidence(
            tx,
            &s.claims[0],
            "https://example.org/minutes",
            "Minutes",
            "",
            who,
        )
        .map(|_| ())
    });
    let report = merge(&s.mine, &s.theirs, None);
    assert_eq!(report.claims.added, 1);
    assert_eq!(report.evidence.added, 1);
    let c = claim(&s.mine, &theirs_claim);
    assert_eq!(c.status, "misleading");
    assert_eq!(c.quote, "the best-value project since 2009");
    let ws = Workspace::open(&s.mine).unwrap();
    let c0 = read::claim(ws.conn(), &s.claims[0]).unwrap();
    let mut urls: Vec<_> = c0.evidence.iter().map(|e| e.url.as_str()).collect();
    urls.sort_unstable();
    assert_eq!(
        urls,
        ["https://example.org/audit", "https://example.org/minutes"]
    );
    // One Maria Lind, not two.
    let lind: Vec<_> = read::speakers(ws.conn())
        .unwrap()
        .into_iter()
        .filter(|s| s.name == "Maria Lind")
        .collect();
    assert_eq!(lind.len(), 1);
}

#[test]
fn the_same_article_imported_separately_is_one_article_and_speakers_unify() {
    let dir = tempfile::tempdir().unwrap();
    let mine = dir.path().join("ana.factdesk");
    let theirs = dir.path().join("ben.factdesk");
    let quote = "“The café owners’ figures show €6.1 million,”";
    for (path, who, speaker) in [
        (&mine, "ana", "José Núñez"),
        (&theirs, "ben", "JOSÉ  NÚÑEZ"),
    ] {
        let mut ws = Workspace::create(path).unwrap();
        ws.write(|tx| {
            let a = write::import_article(tx, &new_article(ARTICLE), who)?;
            write::add_claim(
                tx,
                &a,
                char_range(ARTICLE, quote),
                &ClaimPatch {
                    speaker: Some(Some(speaker.into())),
                    ..ClaimPatch::default()
                },
                who,
            )
        })
        .unwrap();
    }
    let report = merge(&mine, &theirs, None);
    assert_eq!(report.unified_articles, 1);
    assert_eq!(report.articles.added, 0);
    assert_eq!(report.revisions.added, 0);
    assert_eq!(report.unified_speakers, 1);
    assert_eq!(report.claims.added, 1);
    let ws = Workspace::open(&mine).unwrap();
    assert_eq!(read::articles(ws.conn()).unwrap().len(), 1);
    let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
    assert_eq!(claims.len(), 2);
    assert!(claims.iter().all(|c| c.anchor.quote == quote));
    assert_eq!(claims[0].article_id, claims[1].article_id);
    let speakers: Vec<_> = claims
        .iter()
        .map(|c| c.speaker.as_ref().unwrap().id.clone())
        .collect();
    assert_eq!(speakers[0], speakers[1], "one José Núñez");
    assert_eq!(read::speakers(ws.conn()).unwrap().len(), 1);
}

#[test]
fn a_newer_text_on_their_side_moves_my_claims_onto_it() {
    let s = setup();
    // Ben gets the corrected article: a paragraph added on top, Lind's quote reworded.
    let corrected = format!(
        "Correction appended on Tuesday.\n\n{}",
        ARTICLE
            .replace("not a cent more", "not one cent more")
            .replace(
                "Visitors from 東京 rose 12% 😀",
                "Tourism numbers were not given"
            )
    );
    edit(&s.theirs, "ben", |tx, who| {
        write::replace_article_text(
            tx,
            &s.article,
            &corrected,
            &factdesk::model::TextSource::Paste,
            who,
        )
        .map(|_| ())
    });
    // Meanwhile Ana added a claim on the old text.
    let mine_new = {
        let mut ws = Workspace::open(&s.mine).unwrap();
        ws.write(|tx| {
            write::add_claim(
                tx,
                &s.article,
                char_range(ARTICLE, "the best-value project since 2009"),
                &ClaimPatch::default(),
                "ana",
            )
        })
        .unwrap()
    };
    let report = merge(&s.mine, &s.theirs, None);
    assert!(report.conflicts.is_empty(), "{:?}", report.conflicts);
    assert_eq!(report.revisions.added, 1);
    assert_eq!(report.articles.updated, 1);
    assert_eq!(report.reanchored, 1, "Ana's new claim follows the text");
    let ws = Workspace::open(&s.mine).unwrap();
    let article = read::article(ws.conn(), &s.article).unwrap();
    assert_eq!(article.body, corrected);
    let claims = read::claims(ws.conn(), &ClaimFilter::default()).unwrap();
    let by_id = |id: &str| claims.iter().find(|c| c.id == id).unwrap();
    let moved = by_id(&mine_new);
    assert_eq!(moved.revision_id, article.current_revision_id);
    let text: String = corrected
        .chars()
        .skip(moved.anchor.range.start)
        .take(moved.anchor.range.len())
        .collect();
    assert_eq!(text, "the best-value project since 2009");
    // Ben's re-anchoring of the old claims came with his file.
    assert_eq!(by_id(&s.claims[0]).anchor_state, AnchorState::QuoteChanged);
    assert_eq!(by_id(&s.claims[2]).anchor_state, AnchorState::Orphaned);
    assert_eq!(by_id(&s.claims[1]).revision_id, article.current_revision_id);

    // And merging again, or the other way round, finds nothing new to do.
    drop(ws);
    assert!(merge(&s.mine, &s.theirs, None).changed_nothing());
    let back = merge(&s.theirs, &s.mine, None);
    assert!(back.conflicts.is_empty());
    assert_eq!(back.reanchored, 0);
    assert_eq!(
        claim(&s.theirs, &mine_new).quote,
        "the best-value project since 2009"
    );
}

#[test]
fn hostile_and_wrong_files_are_refused_and_mine_is_untouched() {
    let s = setup();
    set(&s.theirs, "ben", &s.claims[0], &status(Status::False));
    // A trigger that would wipe claims if it ever ran.
    {
        let conn = rusqlite::Connection::open(&s.theirs).unwrap();
        conn.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON claim_history BEGIN DELETE FROM claim; END;",
        )
        .unwrap();
    }
    let before = common::bytes(&s.mine);
    let theirs_before = common::bytes(&s.theirs);
    let mut ws = Workspace::open(&s.mine).unwrap();
    let err = merge::merge_file(&mut ws, &s.theirs, None, "ana").unwrap_err();
    assert!(err.to_string().contains("wipe"), "{err}");
    assert!(err.to_string().contains("ben.factdesk"), "{err}");
    // Merging a file into itself is refused too.
    let err = merge::merge_file(&mut ws, &s.mine, None, "ana").unwrap_err();
    assert!(err.to_string().contains("own file"), "{err}");
    drop(ws);
    assert_eq!(common::bytes(&s.mine), before);
    assert_eq!(
        common::bytes(&s.theirs),
        theirs_before,
        "their file is only read"
    );

    // Text, not SQLite; and a claim whose quote lies about its text.
    let text = s.mine.with_file_name("notes.factdesk");
    std::fs::write(&text, "just some notes").unwrap();
    let stderr = common::fails(&["merge", s.mine.to_str().unwrap(), text.to_str().unwrap()]);
    assert!(stderr.contains("not an SQLite database"), "{stderr}");
    let liar = s.mine.with_file_name("liar.factdesk");
    Workspace::open(&s.mine).unwrap().save_copy(&liar).unwrap();
    {
        let conn = rusqlite::Connection::open(&liar).unwrap();
        conn.execute("UPDATE claim SET quote = 'words never said'", [])
            .unwrap();
    }
    let stderr = common::fails(&["merge", s.mine.to_str().unwrap(), liar.to_str().unwrap()]);
    assert!(stderr.contains("quote is not the text"), "{stderr}");
    assert_eq!(common::bytes(&s.mine), before);
}

#[test]
fn cli_prints_the_report_and_resolves_only_when_told() {
    let s = setup();
    set(&s.mine, "ana", &s.claims[0], &status(Status::True));
    set(&s.theirs, "ben", &s.claims[0], &status(Status::False));
    set(&s.theirs, "ben", &s.claims[1], &summary("theirs"));
    let mine = s.mine.to_str().unwrap();
    let theirs = s.theirs.to_str().unwrap();
    let text = ok(&["merge", mine, theirs]);
    assert!(text.contains("merged ben.factdesk into"), "{text}");
    assert!(text.contains("1 conflicts need review"), "{text}");
    assert!(text.contains("mine \"True\" (ana"), "{text}");
    assert!(text.contains("theirs \"False\" (ben"), "{text}");
    let claims_line = text.lines().find(|l| l.starts_with("claims")).unwrap();
    let numbers: Vec<&str> = claims_line.split_whitespace().skip(1).collect();
    assert_eq!(numbers, ["0", "1", "1", "1"], "{text}");

    let listed: Value = serde_json::from_str(&ok(&["conflicts", mine, "--json"])).unwrap();
    let id = listed[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(listed[0]["field"], "status");
    assert_eq!(
        claim(&s.mine, &s.claims[0]).status,
        "true",
        "not resolved silently"
    );
    let out = ok(&["conflicts", mine, "--resolve", &id[..8], "--take", "theirs"]);
    assert!(out.contains("took theirs"), "{out}");
    assert!(out.contains("no open conflicts"), "{out}");
    assert_eq!(claim(&s.mine, &s.claims[0]).status, "false");

    // --json gives the counts; --prefer mine on a fresh conflict keeps mine.
    set(&s.mine, "ana", &s.claims[2], &summary("ana’s"));
    set(&s.theirs, "ben", &s.claims[2], &summary("ben’s"));
    let json: Value =
        serde_json::from_str(&ok(&["merge", mine, theirs, "--prefer", "mine", "--json"])).unwrap();
    assert_eq!(json["resolved"], 1);
    assert_eq!(json["claims"]["conflicting"], 1);
    assert_eq!(claim(&s.mine, &s.claims[2]).summary, "ana’s");
    let out = factdesk(&["conflicts", mine]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("no open conflicts"));
}

#[test]
fn kept_web_pages_travel_with_the_merge() {
    let s = setup();
    let raw = "<html><body><p>The pier cost €4 million.</p></body></html>".repeat(50);
    edit(&s.theirs, "ben", |tx, who| {
        let rev = read::article(tx, &s.article)?.current_revision_id;
        write::record_fetch(
            tx,
            &s.article,
            &rev,
            &write::NewFetch {
                url: "https://example.org/pier",
                final_url: "https://example.org/pier?amp",
                content_type: "text/html",
                raw: raw.as_bytes(),
            },
            who,
        )
        .map(|_| ())
    });
    let report = merge(&s.mine, &s.theirs, None);
    assert_eq!(report.pages.added, 1);
    let ws = Workspace::open(&s.mine).unwrap();
    let fetches = read::fetches(ws.conn(), &s.article).unwrap();
    assert_eq!(fetches.len(), 1);
    assert_eq!(fetches[0].fetched_by, "ben");
    assert_eq!(
        read::fetch_raw(ws.conn(), &fetches[0].id).unwrap(),
        raw.as_bytes()
    );
    drop(ws);
    let again = merge(&s.mine, &s.theirs, None);
    assert_eq!(again.pages.unchanged, 1);
    assert!(again.changed_nothing());
}

#[test]
fn a_claim_moved_to_another_article_in_their_file_is_refused() {
    let s = setup();
    let other_text =
        "A different story.\n\nThe ferry timetable changes on Monday, the operator said.\n";
    edit(&s.theirs, "ben", |tx, who| {
        let mut other = new_article(other_text);
        other.url = "https://example.org/ferry".into();
        write::import_article(tx, &other, who).map(|_| ())
    });
    // Hand-edited: claim 0 now points into the other article (a consistent row there).
    {
        let conn = rusqlite::Connection::open(&s.theirs).unwrap();
        let (article, revision): (String, String) = conn
            .query_row(
                "SELECT id, current_revision_id FROM article WHERE id != ?1",
                [&s.article],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        let range = char_range(other_text, "The ferry timetable changes on Monday");
        conn.execute(
            "UPDATE claim SET article_id = ?2, revision_id = ?3, start_char = ?4, end_char = ?5,
                 quote = 'The ferry timetable changes on Monday' WHERE id = ?1",
            rusqlite::params![
                s.claims[0],
                article,
                revision,
                range.start as i64,
                range.end as i64
            ],
        )
        .unwrap();
    }
    let before = common::bytes(&s.mine);
    let mut ws = Workspace::open(&s.mine).unwrap();
    let err = merge::merge_file(&mut ws, &s.theirs, None, "ana").unwrap_err();
    assert!(err.to_string().contains("another article"), "{err}");
    drop(ws);
    assert_eq!(
        common::bytes(&s.mine),
        before,
        "nothing of theirs was written"
    );
}
