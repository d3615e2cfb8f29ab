//! Properties of merging, over generated edit histories on three copies of one workspace
//! (real files): a second merge of the same file changes nothing; without conflicts the order
//! of merging does not matter; nothing is lost (every claim of every side is present, and
//! deleted only by a tombstone someone made); copies that merge each other converge.
//!
//! `PROPTEST_CASES` sets the number of histories (CI runs the default below).

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use common::ARTICLE;
use factdesk::model::{ArticleId, CharRange, ClaimId, Status};
use factdesk::store::Workspace;
use factdesk::store::dump::{self, Dump};
use factdesk::store::merge;
use factdesk::store::write::{self, ClaimPatch, NewArticle};
use proptest::prelude::*;

const QUOTES: [&str; 6] = [
    "“The pier cost €4 million — not a cent more.”",
    "“The café owners’ figures show €6.1 million,”",
    "Visitors from 東京 rose 12% 😀",
    "the best-value project since 2009",
    "Councillor José Núñez disagreed.",
    "according to the tourist office",
];
const SPEAKERS: [&str; 4] = ["Maria Lind", "José Núñez", "tourist office", "Åsa Ærø"];
const TEXTS: [&str; 3] = ["", "Checked by the desk.", "Zahl: 4 → 6,1 Mio. €"];
const STATUSES: [Status; 4] = [
    Status::True,
    Status::False,
    Status::Misleading,
    Status::InProgress,
];

#[derive(Debug, Clone)]
enum Op {
    Status(usize, usize),
    Summary(usize, usize),
    Notes(usize, usize),
    Speaker(usize, usize),
    Delete(usize),
    Restore(usize),
    AddClaim(usize),
    Evidence(usize, usize),
    RemoveEvidence(usize),
    /// Replace the article's text by a corrected version (a new revision).
    Correct(usize),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (0..8usize, 0..STATUSES.len()).prop_map(|(c, s)| Op::Status(c, s)),
        2 => (0..8usize, 0..TEXTS.len()).prop_map(|(c, t)| Op::Summary(c, t)),
        1 => (0..8usize, 0..TEXTS.len()).prop_map(|(c, t)| Op::Notes(c, t)),
        1 => (0..8usize, 0..SPEAKERS.len()).prop_map(|(c, s)| Op::Speaker(c, s)),
        1 => (0..8usize).prop_map(Op::Delete),
        1 => (0..8usize).prop_map(Op::Restore),
        1 => (0..QUOTES.len()).prop_map(Op::AddClaim),
        1 => (0..8usize, 0..2usize).prop_map(|(c, u)| Op::Evidence(c, u)),
        1 => (0..8usize).prop_map(Op::RemoveEvidence),
        1 => (0..2usize).prop_map(Op::Correct),
    ]
}

fn corrected(variant: usize) -> String {
    match variant {
        0 => format!("Updated at 14:00.\n\n{ARTICLE}"),
        _ => ARTICLE
            .replace("not a cent more", "not one cent more")
            .replace(
                "Visitors from 東京 rose 12% 😀, according to the tourist office.",
                "",
            ),
    }
}

fn scratch_dir() -> tempfile::TempDir {
    // tmpfs where there is one: thousands of small files with fsync on every commit.
    let shm = Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().unwrap()
}

/// The common ancestor: one article, three claims, made once and copied for every case.
fn base() -> &'static (tempfile::TempDir, PathBuf) {
    static BASE: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    BASE.get_or_init(|| {
        let dir = scratch_dir();
        let path = dir.path().join("base.factdesk");
        let mut ws = Workspace::create(&path).unwrap();
        ws.write(|tx| {
            let article = write::import_article(
                tx,
                &NewArticle {
                    title: "Harbour pier".into(),
                    outlet: String::new(),
                    url: String::new(),
                    author: String::new(),
                    published: String::new(),
                    body: ARTICLE.into(),
                    source: factdesk::model::TextSource::Paste,
                },
                "base",
            )?;
            for (quote, speaker) in QUOTES.iter().zip(SPEAKERS).take(3) {
                write::add_claim(
                    tx,
                    &article,
                    range_of(ARTICLE, quote).unwrap(),
                    &ClaimPatch {
                        speaker: Some(Some(speaker.into())),
                        ..ClaimPatch::default()
                    },
                    "base",
                )?;
            }
            Ok(())
        })
        .unwrap();
        (dir, path)
    })
}

fn range_of(text: &str, needle: &str) -> Option<CharRange> {
    let byte = text.find(needle)?;
    let start = text[..byte].chars().count();
    Some(CharRange::new(start, start + needle.chars().count()))
}

/// Applies `ops` in one transaction; an op that does not apply (a deleted claim's status,
/// a quote no longer in the text) is skipped, as the window would not offer it.
fn apply_ops(path: &Path, who: &str, ops: &[Op]) {
    let mut ws = Workspace::open(path).unwrap();
    ws.write(|tx| {
        for op in ops {
            let all = dump::export(tx, &[])?;
            let live: Vec<&dump::ClaimRow> = all.claims.iter().filter(|c| !c.deleted).collect();
            let dead: Vec<&dump::ClaimRow> = all.claims.iter().filter(|c| c.deleted).collect();
            let pick = |list: &[&dump::ClaimRow], i: usize| {
                (!list.is_empty()).then(|| ClaimId::from(&list[i % list.len()].id))
            };
            let patch = |p: ClaimPatch, i: usize| -> factdesk::Result<()> {
                if let Some(id) = pick(&live, i) {
                    write::update_claim(tx, &id, &p, who)?;
                }
                Ok(())
            };
            match op {
                Op::Status(i, s) => patch(
                    ClaimPatch {
                        status: Some(STATUSES[*s]),
                        ..ClaimPatch::default()
                    },
                    *i,
                )?,
                Op::Summary(i, t) => patch(
                    ClaimPatch {
                        summary: Some(TEXTS[*t].into()),
                        ..ClaimPatch::default()
                    },
                    *i,
                )?,
                Op::Notes(i, t) => patch(
                    ClaimPatch {
                        notes: Some(TEXTS[*t].into()),
                        ..ClaimPatch::default()
                    },
                    *i,
                )?,
                Op::Speaker(i, s) => patch(
                    ClaimPatch {
                        speaker: Some(Some(SPEAKERS[*s].into())),
                        ..ClaimPatch::default()
                    },
                    *i,
                )?,
                Op::Delete(i) => {
                    if let Some(id) = pick(&live, *i) {
                        write::delete_claim(tx, &id, who)?;
                    }
                }
                Op::Restore(i) => {
                    if let Some(id) = pick(&dead, *i) {
                        write::restore_claim(tx, &id, who)?;
                    }
                }
                Op::AddClaim(q) => {
                    let article = &all.articles[0];
                    let body = &article
                        .revisions
                        .iter()
                        .find(|r| r.id == article.current_revision_id)
                        .unwrap()
                        .body;
                    if let Some(range) = range_of(body, QUOTES[*q]) {
                        write::add_claim(
                            tx,
                            &ArticleId::from(&article.id),
                            range,
                            &ClaimPatch::default(),
                            who,
                        )?;
                    }
                }
                Op::Evidence(i, u) => {
                    if let Some(id) = pick(&live, *i) {
                        let url = format!("https://example.org/source-{u}");
                        write::add_evidence(tx, &id, &url, "", "", who)?;
                    }
                }
                Op::RemoveEvidence(i) => {
                    let links: Vec<&dump::EvidenceRow> = live
                        .iter()
                        .flat_map(|c| c.evidence.iter())
                        .filter(|e| !e.deleted)
                        .collect();
                    if !links.is_empty() {
                        write::remove_evidence(tx, &links[i % links.len()].id, who)?;
                    }
                }
                Op::Correct(v) => {
                    let article = &all.articles[0];
                    write::replace_article_text(
                        tx,
                        &ArticleId::from(&article.id),
                        &corrected(*v),
                        &factdesk::model::TextSource::Paste,
                        who,
                    )?;
                }
            }
        }
        Ok(())
    })
    .unwrap();
}

fn whole(path: &Path) -> Dump {
    dump::export(Workspace::open(path).unwrap().conn(), &[]).unwrap()
}

fn merge_into(mine: &Path, theirs: &Path) -> merge::MergeReport {
    let mut ws = Workspace::open(mine).unwrap();
    merge::merge_file(&mut ws, theirs, None, "merger").unwrap()
}

/// What a reader sees of each claim, independent of ids the merge may choose either way
/// (speakers by name, revisions by content) and of when the merge ran.
type Seen = BTreeMap<String, String>;

fn seen(d: &Dump) -> Seen {
    let speaker = |id: &Option<String>| {
        id.as_ref()
            .and_then(|id| d.speakers.iter().find(|s| &s.id == id))
            .map(|s| s.name.clone())
            .unwrap_or_default()
    };
    let hash = |rev: &str| {
        d.articles
            .iter()
            .flat_map(|a| &a.revisions)
            .find(|r| r.id == rev)
            .map(|r| r.content_hash.clone())
            .unwrap_or_default()
    };
    let mut out: Seen = d
        .claims
        .iter()
        .map(|c| {
            let mut evidence: Vec<String> = c
                .evidence
                .iter()
                .map(|e| format!("{}:{}", e.id, e.deleted))
                .collect();
            evidence.sort();
            let history: BTreeSet<&str> = c
                .history
                .iter()
                .filter(|h| h.field != "anchor")
                .map(|h| h.id.as_str())
                .collect();
            (
                c.id.clone(),
                format!(
                    "deleted={} status={} summary={:?} notes={:?} speaker={:?} quote={:?} at={}..{} \
                     state={} rev={} prev={:?} evidence={evidence:?} history={history:?}",
                    c.deleted,
                    c.status,
                    c.summary,
                    c.notes,
                    speaker(&c.speaker_id),
                    c.quote,
                    c.start_char,
                    c.end_char,
                    // "moved" and "placed" both mean: on its words (how it got there differs).
                    c.anchor_state.replace("moved", "placed"),
                    hash(&c.revision_id),
                    c.previous_quote,
                ),
            )
        })
        .collect();
    for a in &d.articles {
        out.insert(format!("article {}", a.title), hash(&a.current_revision_id));
    }
    out
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap();
}

fn check(ops_a: &[Op], ops_b: &[Op], ops_c: &[Op]) -> Result<(), TestCaseError> {
    let dir = scratch_dir();
    let p = |name: &str| dir.path().join(name);
    let (a, b, c) = (p("a.factdesk"), p("b.factdesk"), p("c.factdesk"));
    for (path, who, ops) in [(&a, "ana", ops_a), (&b, "ben", ops_b), (&c, "cleo", ops_c)] {
        copy(&base().1, path);
        apply_ops(path, who, ops);
    }
    let (da, db) = (whole(&a), whole(&b));

    // A + B.
    let ab = p("ab.factdesk");
    copy(&a, &ab);
    let report = merge_into(&ab, &b);
    let dab = whole(&ab);

    // Nothing lost: every claim of either side is there, deleted only if a side deleted it.
    for side in [&da, &db] {
        for claim in &side.claims {
            let merged = dab.claims.iter().find(|m| m.id == claim.id);
            prop_assert!(merged.is_some(), "claim {} lost", claim.id);
            let merged = merged.unwrap();
            if merged.deleted {
                let tombstone = [&da, &db]
                    .iter()
                    .any(|d| d.claims.iter().any(|x| x.id == claim.id && x.deleted));
                prop_assert!(tombstone, "claim {} deleted with no tombstone", claim.id);
            }
            for e in &claim.evidence {
                prop_assert!(
                    merged.evidence.iter().any(|m| m.id == e.id),
                    "evidence lost"
                );
            }
        }
        for h in side.claims.iter().flat_map(|c| &c.history) {
            let held = report
                .conflicts
                .iter()
                .any(|c| c.theirs_history.iter().any(|x| x.id == h.id));
            let present = dab
                .claims
                .iter()
                .flat_map(|c| &c.history)
                .any(|x| x.id == h.id);
            prop_assert!(present || held, "history entry {} lost", h.id);
        }
    }
    // A conflict keeps my value in place and theirs on record.
    for conflict in &report.conflicts {
        let mine_now = dab
            .claims
            .iter()
            .find(|c| conflict.claim_id == c.id)
            .unwrap();
        prop_assert_eq!(
            &merge::field_value(mine_now, conflict.field),
            &conflict.mine
        );
    }

    // Idempotent: the same file again changes nothing at all.
    let again = merge_into(&ab, &b);
    prop_assert!(again.changed_nothing(), "second merge changed: {:?}", again);
    prop_assert_eq!(&whole(&ab), &dab);

    // Order-independent when there is no conflict.
    if report.conflicts.is_empty() {
        let ba = p("ba.factdesk");
        copy(&b, &ba);
        let back = merge_into(&ba, &a);
        prop_assert!(
            back.conflicts.is_empty(),
            "B+A has conflicts A+B had not: {:?}",
            back.conflicts
        );
        prop_assert_eq!(seen(&dab), seen(&whole(&ba)));
    }

    // Three copies: A takes B and C, then sends the result back; all then agree.
    let r_c = merge_into(&ab, &c);
    if report.conflicts.is_empty() && r_c.conflicts.is_empty() {
        let to_b = merge_into(&b, &ab);
        let to_c = merge_into(&c, &ab);
        prop_assert!(to_b.conflicts.is_empty() && to_c.conflicts.is_empty());
        let all = seen(&whole(&ab));
        prop_assert_eq!(&seen(&whole(&b)), &all);
        prop_assert_eq!(&seen(&whole(&c)), &all);
        // And once everyone has everything, merging changes nothing anywhere.
        prop_assert!(merge_into(&ab, &b).changed_nothing());
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        max_shrink_iters: 200,
        ..ProptestConfig::default()
    })]

    #[test]
    fn merging_is_idempotent_order_independent_and_loses_nothing(
        ops_a in prop::collection::vec(op(), 0..8),
        ops_b in prop::collection::vec(op(), 0..8),
        ops_c in prop::collection::vec(op(), 0..5),
    ) {
        check(&ops_a, &ops_b, &ops_c)?;
    }
}
