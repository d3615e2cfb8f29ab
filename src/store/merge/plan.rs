//! The merge plan: a pure function of my workspace's and theirs' [`Dump`]s that says what
//! to add, update and hold as a conflict (tested with generated edit histories).

use std::collections::{HashMap, HashSet};

use super::*;
use crate::model::{Anchor, AnchorState, CharRange, new_id, next_counter};
use crate::store::dump::{self, ArticleRow, ClaimRow, Dump, EvidenceRow, HistoryRow, RevisionRow};
use crate::text::offsets::CharIndex;
use crate::text::reanchor::Reanchorer;
use crate::{Error, Result};

/// The version a row merged from two copies gets: past both. Both are at most
/// [`crate::model::MAX_COUNTER`] (theirs is checked on the way in), and a row that reached it
/// stays there rather than wrap.
pub(super) fn bumped(mine: i64, theirs: i64) -> i64 {
    next_counter(mine.max(theirs)).unwrap_or(crate::model::MAX_COUNTER)
}

/// Decides how `theirs` comes into `mine`. `who` signs the entries the merge itself makes
/// (re-anchoring); `now` is their time.
///
/// # Errors
/// [`Error::InvalidInput`] when their workspace is inconsistent (a claim on an article or
/// revision they do not have, a quote that is not the text at its offsets, a revision id
/// that is one of my other article's).
#[expect(
    clippy::too_many_lines,
    reason = "one pass per kind, in dependency order; splitting hides the order"
)]
pub fn plan(mine: &Dump, theirs: &Dump, who: &str, now: &str) -> Result<Plan> {
    let mut out = Plan::default();
    let bad = |msg: String| Error::invalid("their workspace", msg);
    theirs.check_counters()?;

    // --- Speakers ----------------------------------------------------------------------
    let mut speaker_map: HashMap<&str, String> = HashMap::new();
    let mine_speakers: HashMap<&str, &dump::SpeakerRow> =
        mine.speakers.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut speaker_by_key: HashMap<String, String> = HashMap::new();
    for s in mine.speakers.iter().filter(|s| !s.deleted) {
        for label in std::iter::once(&s.name).chain(&s.aliases) {
            speaker_by_key
                .entry(speaker_key(label))
                .or_insert_with(|| s.id.clone());
        }
    }
    for t in &theirs.speakers {
        let target = if mine_speakers.contains_key(t.id.as_str()) {
            Some(t.id.clone())
        } else if t.deleted {
            None
        } else {
            std::iter::once(&t.name)
                .chain(&t.aliases)
                .find_map(|label| speaker_by_key.get(&speaker_key(label)).cloned())
        };
        let Some(target) = target else {
            for label in std::iter::once(&t.name).chain(&t.aliases) {
                speaker_by_key
                    .entry(speaker_key(label))
                    .or_insert_with(|| t.id.clone());
            }
            speaker_map.insert(&t.id, t.id.clone());
            out.new_speakers.push(t.clone());
            out.report.speakers.added += 1;
            continue;
        };
        let Some(m) = mine_speakers.get(target.as_str()) else {
            // Unified with a speaker of theirs added just before (duplicates in their file).
            speaker_map.insert(&t.id, target);
            out.report.speakers.unchanged += 1;
            continue;
        };
        let known: HashSet<String> = std::iter::once(&m.name)
            .chain(&m.aliases)
            .map(|l| speaker_key(l))
            .collect();
        let mut changed = false;
        let mut added_keys = HashSet::new();
        for label in std::iter::once(&t.name).chain(&t.aliases) {
            let key = speaker_key(label);
            if !key.is_empty() && !known.contains(&key) && added_keys.insert(key) {
                out.new_aliases
                    .push((m.id.clone(), label.trim().to_owned()));
                changed = true;
            }
        }
        if m.role.trim().is_empty() && !t.role.trim().is_empty() {
            out.speaker_roles.push((m.id.clone(), t.role.clone()));
            changed = true;
        }
        if t.id != m.id {
            out.report.unified_speakers += 1;
        }
        if changed {
            out.report.speakers.updated += 1;
        } else {
            out.report.speakers.unchanged += 1;
        }
        speaker_map.insert(&t.id, m.id.clone());
    }

    // --- Articles and revisions ---------------------------------------------------------
    let mine_articles: HashMap<&str, &ArticleRow> =
        mine.articles.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut mine_revision_article: HashMap<&str, &str> = HashMap::new();
    let mut article_by_hash: HashMap<&str, &str> = HashMap::new();
    let mut article_by_url: HashMap<&str, &str> = HashMap::new();
    for a in &mine.articles {
        for r in &a.revisions {
            mine_revision_article.insert(&r.id, &a.id);
            if !a.deleted {
                article_by_hash.entry(&r.content_hash).or_insert(&a.id);
            }
        }
        if !a.deleted && !a.url.trim().is_empty() {
            article_by_url.entry(a.url.trim()).or_insert(&a.id);
        }
    }
    // Every revision body either side has, by (mapped) revision id, and its number.
    let mut bodies: HashMap<String, (&str, i64)> = HashMap::new();
    for a in &mine.articles {
        for r in &a.revisions {
            bodies.insert(r.id.clone(), (&r.body, r.number));
        }
    }
    let mut article_map: HashMap<&str, String> = HashMap::new();
    let mut revision_map: HashMap<&str, String> = HashMap::new();
    // The current revision of every article after the merge, where it changed.
    let mut new_current: HashMap<String, String> = HashMap::new();
    for t in &theirs.articles {
        for r in &t.revisions {
            if crate::text::content_hash(&r.body) != r.content_hash {
                return Err(bad(format!(
                    "revision {} has a content hash that does not match its text",
                    r.id
                )));
            }
        }
        let target: Option<&str> = if mine_articles.contains_key(t.id.as_str()) {
            Some(t.id.as_str())
        } else {
            t.revisions
                .iter()
                .find_map(|r| article_by_hash.get(r.content_hash.as_str()).copied())
                .or_else(|| {
                    let url = t.url.trim();
                    (!url.is_empty())
                        .then(|| article_by_url.get(url).copied())
                        .flatten()
                })
        };
        let Some(m) = target.and_then(|id| mine_articles.get(id)) else {
            for r in &t.revisions {
                if mine_revision_article.contains_key(r.id.as_str()) {
                    return Err(bad(format!(
                        "revision {} belongs to another article in my workspace",
                        r.id
                    )));
                }
                revision_map.insert(&r.id, r.id.clone());
                bodies.insert(r.id.clone(), (&r.body, r.number));
            }
            if !t.revisions.iter().any(|r| r.id == t.current_revision_id) {
                return Err(bad(format!(
                    "article {} has no revision {}",
                    t.id, t.current_revision_id
                )));
            }
            article_map.insert(&t.id, t.id.clone());
            out.report.articles.added += 1;
            out.report.revisions.added += t.revisions.len();
            out.new_articles.push(t.clone());
            continue;
        };
        article_map.insert(&t.id, m.id.clone());
        if t.id != m.id {
            out.report.unified_articles += 1;
        }
        let highest = m.revisions.iter().map(|r| r.number).max().unwrap_or(0);
        let mut next_number = next_counter(highest)
            .ok_or_else(|| bad(format!("article {} has no revision number left", m.id)))?;
        let mut theirs_revisions: Vec<&RevisionRow> = t.revisions.iter().collect();
        theirs_revisions.sort_by_key(|r| r.number);
        for r in theirs_revisions {
            // The same text may be there twice (a correction undone, then redone): the
            // current one, else the latest, stands for it.
            let same_text = m
                .revisions
                .iter()
                .filter(|x| x.content_hash == r.content_hash)
                .max_by_key(|x| (x.id == m.current_revision_id, x.number));
            if let Some(same) = m.revisions.iter().find(|x| x.id == r.id).or(same_text) {
                revision_map.insert(&r.id, same.id.clone());
                out.report.revisions.unchanged += 1;
                continue;
            }
            if mine_revision_article.contains_key(r.id.as_str()) {
                return Err(bad(format!(
                    "revision {} belongs to another article in my workspace",
                    r.id
                )));
            }
            let mut row = r.clone();
            row.number = next_number;
            next_number = next_counter(next_number)
                .ok_or_else(|| bad(format!("article {} has no revision number left", m.id)))?;
            bodies.insert(row.id.clone(), (&r.body, row.number));
            revision_map.insert(&r.id, row.id.clone());
            out.new_revisions.push((m.id.clone(), row));
            out.report.revisions.added += 1;
        }
        let Some(theirs_current) = revision_map.get(t.current_revision_id.as_str()) else {
            return Err(bad(format!(
                "article {} has no revision {}",
                t.id, t.current_revision_id
            )));
        };
        let mut changed = ArticleRow::clone(m);
        changed.revisions.clear();
        if *theirs_current != m.current_revision_id {
            // Both texts are real versions of the article. One side that already has the
            // other's current text as an older revision is ahead; when the two diverged, the
            // text made later wins (its hash breaks a tie). When each side has the other's
            // text as an older revision (both corrections made on both sides, in opposite
            // orders), no side is ahead and the rows' times differ from copy to copy (a text
            // is one revision per file): the text alone decides, by its hash, so every copy
            // settles on the same current text whatever the order of merging.
            let mine_row = m.revisions.iter().find(|r| r.id == m.current_revision_id);
            let theirs_row = t.revisions.iter().find(|r| r.id == t.current_revision_id);
            if let (Some(mine_row), Some(theirs_row)) = (mine_row, theirs_row) {
                let theirs_saw_mine = t
                    .revisions
                    .iter()
                    .any(|r| r.content_hash == mine_row.content_hash && r.id != theirs_row.id);
                let mine_saw_theirs = m
                    .revisions
                    .iter()
                    .any(|r| r.content_hash == theirs_row.content_hash && r.id != mine_row.id);
                let take = match (theirs_saw_mine, mine_saw_theirs) {
                    (true, false) => true,
                    (false, true) => false,
                    (true, true) => theirs_row.content_hash > mine_row.content_hash,
                    (false, false) => {
                        (&theirs_row.created_at, &theirs_row.content_hash)
                            > (&mine_row.created_at, &mine_row.content_hash)
                    }
                };
                if take {
                    changed.current_revision_id.clone_from(theirs_current);
                    new_current.insert(m.id.clone(), theirs_current.clone());
                }
            }
        }
        for (mine_field, theirs_field) in [
            (&mut changed.outlet, &t.outlet),
            (&mut changed.url, &t.url),
            (&mut changed.author, &t.author),
            (&mut changed.published, &t.published),
        ] {
            if mine_field.trim().is_empty() && !theirs_field.trim().is_empty() {
                mine_field.clone_from(theirs_field);
            }
        }
        let mut plain = (*m).clone();
        plain.revisions.clear();
        if changed == plain {
            out.report.articles.unchanged += 1;
        } else {
            changed.version = bumped(m.version, t.version);
            if changed.updated_at < t.updated_at {
                changed.updated_at.clone_from(&t.updated_at);
                changed.updated_by.clone_from(&t.updated_by);
            }
            out.changed_articles.push(changed);
            out.report.articles.updated += 1;
        }
    }
    let current_of = |article_id: &str| -> Option<String> {
        new_current.get(article_id).cloned().or_else(|| {
            mine_articles
                .get(article_id)
                .map(|a| a.current_revision_id.clone())
                .or_else(|| out_new_article_current(&theirs.articles, &article_map, article_id))
        })
    };

    // --- Claims ---------------------------------------------------------------------------
    let mut revision_created: HashMap<String, String> = HashMap::new();
    for a in &mine.articles {
        for r in &a.revisions {
            revision_created.insert(r.id.clone(), r.created_at.clone());
        }
    }
    for a in &theirs.articles {
        for r in &a.revisions {
            if let Some(mapped) = revision_map.get(r.id.as_str()) {
                revision_created
                    .entry(mapped.clone())
                    .or_insert_with(|| r.created_at.clone());
            }
        }
    }
    let mine_claims: HashMap<&str, &ClaimRow> =
        mine.claims.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut char_index: HashMap<String, CharIndex> = HashMap::new();
    let mut results: Vec<ClaimRow> = Vec::new();
    let mut touched: HashSet<String> = HashSet::new();
    let theirs_revision_article: HashMap<&str, &str> = theirs
        .articles
        .iter()
        .flat_map(|a| {
            a.revisions
                .iter()
                .map(move |r| (r.id.as_str(), a.id.as_str()))
        })
        .collect();
    for t in &theirs.claims {
        let mut tc = shallow(t);
        tc.article_id = article_map
            .get(t.article_id.as_str())
            .cloned()
            .ok_or_else(|| bad(format!("claim {} is on an article they do not have", t.id)))?;
        tc.revision_id = revision_map
            .get(t.revision_id.as_str())
            .cloned()
            .ok_or_else(|| bad(format!("claim {} is on a revision they do not have", t.id)))?;
        if theirs_revision_article.get(t.revision_id.as_str()) != Some(&t.article_id.as_str()) {
            return Err(bad(format!(
                "claim {}: its revision is not a revision of its article",
                t.id
            )));
        }
        if let Some(s) = &t.speaker_id {
            tc.speaker_id =
                Some(speaker_map.get(s.as_str()).cloned().ok_or_else(|| {
                    bad(format!("claim {} names a speaker they do not have", t.id))
                })?);
        }
        check_quote(&tc, &bodies, &mut char_index).map_err(bad)?;
        // Their history entries keep their claim; the same for evidence ids.
        match mine_claims.get(t.id.as_str()) {
            None => {
                out.report.claims.added += 1;
                out.report.evidence.added += t.evidence.len();
                out.report.history.added += t.history.len();
                for e in &t.evidence {
                    out.evidence.push((tc.id.clone(), e.clone()));
                }
                for h in &t.history {
                    out.history.push((tc.id.clone(), h.clone()));
                }
                touched.insert(tc.id.clone());
                results.push(tc);
            }
            Some(m) if m.article_id != tc.article_id => {
                return Err(bad(format!(
                    "claim {} is on another article than the same claim in my workspace",
                    t.id
                )));
            }
            Some(m) => {
                let current = current_of(&tc.article_id).unwrap_or_default();
                let merged =
                    merge_claim(m, &tc, &t.history, &t.evidence, &current, &revision_created);
                out.report.evidence.added += merged.evidence_added;
                out.report.evidence.updated += merged.evidence_updated;
                out.report.evidence.unchanged += merged.evidence_unchanged;
                out.report.history.added += merged.history.len();
                out.report.history.conflicting += merged.held_back;
                out.report.history.unchanged +=
                    t.history.len() - merged.history.len() - merged.held_back;
                for e in merged.evidence {
                    out.evidence.push((tc.id.clone(), e));
                }
                for h in merged.history {
                    out.history.push((tc.id.clone(), h));
                }
                let conflicting = !merged.conflicts.is_empty();
                if conflicting {
                    out.report.claims.conflicting += 1;
                    out.report.conflicts.extend(merged.conflicts);
                }
                if let Some(claim) = merged.claim {
                    out.report.claims.updated += 1;
                    touched.insert(tc.id.clone());
                    results.push(claim);
                } else if !conflicting {
                    out.report.claims.unchanged += 1;
                }
            }
        }
    }
    // Claims left as mine on articles whose current text changed follow it too.
    for m in &mine.claims {
        if new_current.contains_key(&m.article_id) && !touched.contains(&m.id) {
            results.push(shallow(m));
        }
    }

    // --- Re-anchoring onto the current text ---------------------------------------------
    let mut matchers: HashMap<(String, String), Reanchorer<'_>> = HashMap::new();
    for mut c in results {
        let Some(current) = current_of(&c.article_id) else {
            return Err(bad(format!("claim {} is on an unknown article", c.id)));
        };
        let needs_move = !c.deleted
            && c.anchor_state != AnchorState::Orphaned.code()
            && c.revision_id != current;
        if needs_move {
            let (Some((old_body, old_number)), Some((new_body, new_number))) = (
                bodies.get(&c.revision_id).copied(),
                bodies.get(&current).copied(),
            ) else {
                return Err(bad(format!("claim {} is on a revision nobody has", c.id)));
            };
            let matcher = matchers
                .entry((c.revision_id.clone(), current.clone()))
                .or_insert_with(|| Reanchorer::new(old_body, new_body));
            let old = Anchor {
                range: CharRange::new(
                    usize::try_from(c.start_char).unwrap_or_default(),
                    usize::try_from(c.end_char).unwrap_or_default(),
                ),
                quote: c.quote.clone(),
                prefix: c.prefix.clone(),
                suffix: c.suffix.clone(),
            };
            let landing = crate::store::write::land(matcher, &old, &c.previous_quote);
            let orphaned = landing.state == AnchorState::Orphaned;
            let (old_text, new_text) = crate::store::write::describe_landing(
                old_number,
                &old,
                if orphaned { old_number } else { new_number },
                &landing,
            );
            if orphaned {
                out.report.orphaned += 1;
            } else {
                out.report.reanchored += 1;
                c.revision_id.clone_from(&current);
            }
            c.start_char = i64::try_from(landing.anchor.range.start).unwrap_or(i64::MAX);
            c.end_char = i64::try_from(landing.anchor.range.end).unwrap_or(i64::MAX);
            c.quote = landing.anchor.quote;
            c.prefix = landing.anchor.prefix;
            c.suffix = landing.anchor.suffix;
            c.anchor_state = landing.state.code().to_owned();
            c.previous_quote = landing.previous_quote;
            c.updated_at = now.to_owned();
            c.updated_by = who.to_owned();
            c.version += 1;
            out.history.push((
                c.id.clone(),
                HistoryRow {
                    id: new_id(),
                    at: now.to_owned(),
                    by: who.to_owned(),
                    field: "anchor".to_owned(),
                    old_value: old_text,
                    new_value: new_text,
                },
            ));
            out.report.history.added += 1;
            touched.insert(c.id.clone());
        }
        if touched.contains(&c.id) {
            out.claims.push(c);
        }
    }
    out.report
        .conflicts
        .sort_by(|a, b| (a.claim_id.as_str(), a.field).cmp(&(b.claim_id.as_str(), b.field)));
    out.article_map = article_map
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    out.revision_map = revision_map
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect();
    Ok(out)
}

pub(super) fn out_new_article_current(
    theirs: &[ArticleRow],
    article_map: &HashMap<&str, String>,
    article_id: &str,
) -> Option<String> {
    theirs
        .iter()
        .find(|a| {
            article_map
                .get(a.id.as_str())
                .is_some_and(|m| m == article_id)
        })
        .map(|a| a.current_revision_id.clone())
}

/// Refuses a claim whose quote is not the text its offsets point at (orphans excepted: their
/// words are gone from the text by definition).
pub(crate) fn check_quote<'a>(
    c: &ClaimRow,
    bodies: &HashMap<String, (&'a str, i64)>,
    index: &mut HashMap<String, CharIndex<'a>>,
) -> std::result::Result<(), String> {
    if c.end_char <= c.start_char || c.start_char < 0 {
        return Err(format!("claim {} has an empty or negative range", c.id));
    }
    if c.anchor_state == AnchorState::Orphaned.code() {
        return Ok(());
    }
    if AnchorState::from_code(&c.anchor_state).is_none() {
        return Err(format!("claim {} has an unknown anchor state", c.id));
    }
    let Some((body, _)) = bodies.get(&c.revision_id) else {
        return Err(format!("claim {} is on a revision nobody has", c.id));
    };
    if !index.contains_key(&c.revision_id) {
        index.insert(c.revision_id.clone(), CharIndex::new(body));
    }
    let Some(idx) = index.get(&c.revision_id) else {
        return Err(format!("claim {} is on a revision nobody has", c.id));
    };
    let range = CharRange::new(
        usize::try_from(c.start_char).unwrap_or(usize::MAX),
        usize::try_from(c.end_char).unwrap_or(usize::MAX),
    );
    if idx.slice(range) == Some(c.quote.as_str()) {
        Ok(())
    } else {
        Err(format!(
            "claim {}: the quote is not the text at {}..{}",
            c.id, c.start_char, c.end_char
        ))
    }
}

pub(super) struct MergedClaim {
    /// The merged row, when it differs from mine.
    claim: Option<ClaimRow>,
    history: Vec<HistoryRow>,
    evidence: Vec<EvidenceRow>,
    evidence_added: usize,
    evidence_updated: usize,
    evidence_unchanged: usize,
    conflicts: Vec<Conflict>,
    held_back: usize,
}

/// A claim row without its evidence and history (cheap to copy).
pub(super) fn shallow(c: &ClaimRow) -> ClaimRow {
    ClaimRow {
        id: c.id.clone(),
        article_id: c.article_id.clone(),
        revision_id: c.revision_id.clone(),
        start_char: c.start_char,
        end_char: c.end_char,
        quote: c.quote.clone(),
        prefix: c.prefix.clone(),
        suffix: c.suffix.clone(),
        anchor_state: c.anchor_state.clone(),
        previous_quote: c.previous_quote.clone(),
        speaker_id: c.speaker_id.clone(),
        status: c.status.clone(),
        summary: c.summary.clone(),
        notes: c.notes.clone(),
        created_at: c.created_at.clone(),
        created_by: c.created_by.clone(),
        updated_at: c.updated_at.clone(),
        updated_by: c.updated_by.clone(),
        version: c.version,
        deleted: c.deleted,
        proposed_status: c.proposed_status.clone(),
        proposed_by: c.proposed_by.clone(),
        evidence: Vec::new(),
        history: Vec::new(),
    }
}

/// Whether `field` is the same in both rows ([`comparable`] without building JSON).
pub(super) fn same_field(a: &ClaimRow, b: &ClaimRow, field: Field) -> bool {
    fn on_words(s: &str) -> &str {
        if s == "moved" { "placed" } else { s }
    }
    match field {
        Field::Speaker => a.speaker_id == b.speaker_id,
        Field::Status => a.status == b.status,
        Field::Summary => a.summary == b.summary,
        Field::Notes => a.notes == b.notes,
        Field::Deleted => a.deleted == b.deleted,
        Field::Anchor => {
            a.revision_id == b.revision_id
                && a.start_char == b.start_char
                && a.end_char == b.end_char
                && a.quote == b.quote
                && a.prefix == b.prefix
                && a.suffix == b.suffix
                && a.previous_quote == b.previous_quote
                && on_words(&a.anchor_state) == on_words(&b.anchor_state)
        }
    }
}

/// Copies `field` from `src` into `dst`.
pub(super) fn copy_field(dst: &mut ClaimRow, src: &ClaimRow, field: Field) {
    match field {
        Field::Speaker => dst.speaker_id.clone_from(&src.speaker_id),
        Field::Status => dst.status.clone_from(&src.status),
        Field::Summary => dst.summary.clone_from(&src.summary),
        Field::Notes => dst.notes.clone_from(&src.notes),
        Field::Deleted => dst.deleted = src.deleted,
        Field::Anchor => {
            dst.revision_id.clone_from(&src.revision_id);
            dst.start_char = src.start_char;
            dst.end_char = src.end_char;
            dst.quote.clone_from(&src.quote);
            dst.prefix.clone_from(&src.prefix);
            dst.suffix.clone_from(&src.suffix);
            dst.anchor_state.clone_from(&src.anchor_state);
            dst.previous_quote.clone_from(&src.previous_quote);
        }
    }
}

pub(super) fn field_index(f: Field) -> usize {
    Field::ALL.iter().position(|x| *x == f).unwrap_or_default()
}

/// Three-way merge of one claim, field by field, by the history entries each side lacks.
/// `t` is their row with ids mapped onto mine (without history and evidence, which are
/// `t_history` and `t_evidence`).
pub(super) fn merge_claim(
    m: &ClaimRow,
    t: &ClaimRow,
    t_history: &[HistoryRow],
    t_evidence: &[EvidenceRow],
    current_revision: &str,
    revision_created: &HashMap<String, String>,
) -> MergedClaim {
    // Most claims have a handful of entries: a scan beats hashing; long histories (a
    // received file may hold any number) are hashed so the work stays linear.
    fn ids(list: &[HistoryRow]) -> Option<HashSet<&str>> {
        (list.len() > 32).then(|| list.iter().map(|h| h.id.as_str()).collect())
    }
    let (mine_ids, theirs_ids) = (ids(&m.history), ids(t_history));
    let has = |list: &[HistoryRow], set: &Option<HashSet<&str>>, id: &str| match set {
        Some(set) => set.contains(id),
        None => list.iter().any(|h| h.id == id),
    };
    let theirs_new: Vec<&HistoryRow> = t_history
        .iter()
        .filter(|h| !has(&m.history, &mine_ids, &h.id))
        .collect();
    let mine_new: Vec<&HistoryRow> = m
        .history
        .iter()
        .filter(|h| !has(t_history, &theirs_ids, &h.id))
        .collect();
    let of = |list: &[&HistoryRow], f: Field| -> Vec<HistoryRow> {
        list.iter()
            .filter(|h| Field::of_history(&h.field) == Some(f))
            .map(|h| (*h).clone())
            .collect()
    };
    let changed = |list: &[&HistoryRow], f: Field| {
        list.iter().any(|h| Field::of_history(&h.field) == Some(f))
    };
    let mut claim: Option<ClaimRow> = None;
    let mut conflicts = Vec::new();
    let mut held_back: Vec<Field> = Vec::new();
    // (mine changed it, they changed it), by field.
    let mut changed_by = [(false, false); Field::ALL.len()];
    for f in Field::ALL {
        let (mine_changed, theirs_changed) = (changed(&mine_new, f), changed(&theirs_new, f));
        if let Some(slot) = changed_by.get_mut(field_index(f)) {
            *slot = (mine_changed, theirs_changed);
        }
        if same_field(m, t, f) {
            continue;
        }
        let take_theirs = if mine_changed != theirs_changed {
            // Changed on one side only: that side has the newer value.
            theirs_changed
        } else if f == Field::Anchor {
            // Both moved the claim. Anchors follow the text rather than opinions: the one on
            // the article's current text stands, then the better placed (a claim someone
            // re-attached or re-checked over one the text change orphaned), then the newer
            // text. Whichever side it came from, so the order of merging does not matter;
            // re-anchoring then moves it onto the current text if it is not there yet.
            let key = |c: &ClaimRow| {
                let rank = match AnchorState::from_code(&c.anchor_state) {
                    Some(AnchorState::Placed) => 3,
                    Some(AnchorState::Moved) => 2,
                    Some(AnchorState::QuoteChanged) => 1,
                    _ => 0,
                };
                (
                    c.revision_id == current_revision,
                    rank,
                    revision_created
                        .get(&c.revision_id)
                        .cloned()
                        .unwrap_or_default(),
                    c.revision_id.clone(),
                    c.start_char,
                    c.end_char,
                )
            };
            key(t) > key(m)
        } else {
            held_back.push(f);
            let (mn, tn) = (of(&mine_new, f), of(&theirs_new, f));
            conflicts.push(conflict(
                m,
                t,
                f,
                field_value(m, f),
                field_value(t, f),
                &mn,
                tn,
            ));
            continue;
        };
        if take_theirs {
            copy_field(claim.get_or_insert_with(|| shallow(m)), t, f);
        }
    }
    // A deletion on one side against edits on the other is a conflict, not a silent loss.
    if !held_back.contains(&Field::Deleted) && m.deleted != t.deleted {
        let edited_other = |mine: bool| {
            // Re-anchoring after a text change is not an edit of the claim.
            Field::ALL
                .iter()
                .filter(|f| !matches!(**f, Field::Deleted | Field::Anchor))
                .any(|f| {
                    changed_by
                        .get(field_index(*f))
                        .is_some_and(|(m, t)| if mine { *m } else { *t })
                })
        };
        let (mine_changed_deleted, theirs_changed_deleted) = changed_by
            .get(field_index(Field::Deleted))
            .copied()
            .unwrap_or_default();
        let deletion_by_theirs = t.deleted && theirs_changed_deleted && edited_other(true);
        let deletion_by_mine = m.deleted && mine_changed_deleted && edited_other(false);
        if deletion_by_theirs || deletion_by_mine {
            if let Some(c) = claim.as_mut() {
                c.deleted = m.deleted;
            }
            held_back.push(Field::Deleted);
            let tn = of(&theirs_new, Field::Deleted);
            // Who stands for "mine" is whoever edited the claim here.
            let mn: Vec<HistoryRow> = mine_new.iter().map(|h| (*h).clone()).collect();
            conflicts.push(conflict(
                m,
                t,
                Field::Deleted,
                Value::Bool(m.deleted),
                Value::Bool(t.deleted),
                &mn,
                tn,
            ));
        }
    }
    let history: Vec<HistoryRow> = theirs_new
        .iter()
        .filter(|h| Field::of_history(&h.field).is_none_or(|f| !held_back.contains(&f)))
        .map(|h| (*h).clone())
        .collect();
    let claim = claim
        .filter(|c| Field::ALL.iter().any(|f| !same_field(c, m, *f)))
        .map(|mut c| {
            c.version = bumped(m.version, t.version);
            if c.updated_at < t.updated_at {
                c.updated_at.clone_from(&t.updated_at);
                c.updated_by.clone_from(&t.updated_by);
            }
            c
        });
    // Evidence: by id; a removal or restoration bumps the version, the higher one wins.
    let mut evidence = Vec::new();
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    for te in t_evidence {
        match m.evidence.iter().find(|e| e.id == te.id) {
            None => {
                evidence.push(te.clone());
                added += 1;
            }
            Some(me) if me != te && te.version > me.version => {
                evidence.push(te.clone());
                updated += 1;
            }
            Some(_) => unchanged += 1,
        }
    }
    let held_back = theirs_new.len() - history.len();
    MergedClaim {
        claim,
        history,
        evidence,
        evidence_added: added,
        evidence_updated: updated,
        evidence_unchanged: unchanged,
        conflicts,
        held_back,
    }
}

pub(super) fn conflict(
    m: &ClaimRow,
    t: &ClaimRow,
    field: Field,
    mine: Value,
    theirs: Value,
    mine_new: &[HistoryRow],
    theirs_new: Vec<HistoryRow>,
) -> Conflict {
    let last = |list: &[HistoryRow], row: &ClaimRow| {
        list.iter()
            .max_by(|a, b| a.at.cmp(&b.at))
            .map_or((row.updated_by.clone(), row.updated_at.clone()), |h| {
                (h.by.clone(), h.at.clone())
            })
    };
    let (mine_by, mine_at) = last(mine_new, m);
    let (theirs_by, theirs_at) = last(&theirs_new, t);
    Conflict {
        claim_id: m.id.clone().into(),
        field,
        mine,
        theirs,
        mine_by,
        mine_at,
        theirs_by,
        theirs_at,
        theirs_history: theirs_new,
    }
}
