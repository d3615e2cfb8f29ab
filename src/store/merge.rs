//! Merging a colleague's copy of the workspace into mine (`factdesk merge`, File → Merge).
//!
//! **How changes are told apart.** Every change to a claim's field is a `claim_history`
//! entry with its own UUID, and history entries travel with the file. For each field
//! (speaker, status, summary, notes, anchor, deleted) the entries one side has and the other
//! lacks are the changes the other side has not seen:
//! - only they have new entries: they changed it since we last shared, so theirs is taken;
//! - only I have new entries: mine is newer, kept;
//! - both have new entries and the values differ: a **conflict**. Mine is kept, theirs is
//!   stored in `merge_conflict` (with their entries, held back) until someone chooses.
//!
//! Nothing needs to be remembered per peer: the first merge after sending a copy works as
//! well as the tenth, and a merge is idempotent because the history is a set. A claim deleted
//! on one side while the other edited it is a conflict on "deleted".
//!
//! Rows match by id. An article imported separately by both (a revision with the same content
//! hash, or the same URL) is unified: their revisions join mine, the newer current text wins
//! and claims on an older text are re-anchored onto it. Speakers with the same name or alias
//! (compared in Unicode lower case) are unified. Evidence links match by id; a removal or
//! restoration bumps the link's version, and the higher version wins.
//!
//! The plan ([`plan`]) is a pure function of the two workspaces' [`Dump`]s, so it is tested
//! with generated edit histories; [`merge_file`] applies it in one transaction.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::model::{Anchor, AnchorState, CharRange, new_id, next_counter, now_timestamp};
use crate::store::dump::{self, ArticleRow, ClaimRow, Dump, EvidenceRow, HistoryRow, RevisionRow};
use crate::store::{Workspace, read};
use crate::text::offsets::CharIndex;
use crate::text::reanchor::Reanchorer;
use crate::{Error, Result};

/// Which side wins a conflict when the user says so up front (`--prefer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Prefer {
    /// Keep my value.
    Mine,
    /// Take their value.
    Theirs,
}

/// A claim field as the merge sees it: each is merged on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    /// The speaker.
    Speaker,
    /// The verdict.
    Status,
    /// The verdict's summary.
    Summary,
    /// Private notes.
    Notes,
    /// Where in which revision the claim sits (range, quote, context, state).
    Anchor,
    /// Whether the claim is deleted.
    Deleted,
}

impl Field {
    /// Every field, in display order.
    pub const ALL: [Self; 6] = [
        Self::Speaker,
        Self::Status,
        Self::Summary,
        Self::Notes,
        Self::Anchor,
        Self::Deleted,
    ];

    /// The name stored in `merge_conflict.field`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Speaker => "speaker",
            Self::Status => "status",
            Self::Summary => "summary",
            Self::Notes => "notes",
            Self::Anchor => "anchor",
            Self::Deleted => "deleted",
        }
    }

    /// Parses [`Self::code`].
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|f| f.code() == code)
    }

    /// The field a `claim_history.field` entry changed, if it is one the merge follows.
    fn of_history(field: &str) -> Option<Self> {
        match field {
            "deleted" | "restored" => Some(Self::Deleted),
            other => Self::parse(other),
        }
    }
}

/// Added / updated / unchanged / conflicting rows of one kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Rows of theirs that were new to me.
    pub added: usize,
    /// Rows of mine that took something of theirs.
    pub updated: usize,
    /// Rows that were the same, or where mine was newer.
    pub unchanged: usize,
    /// Rows with a field changed on both sides (claims only).
    pub conflicting: usize,
}

/// What a merge did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// The file merged.
    pub source: String,
    /// Articles.
    pub articles: Counts,
    /// Article revisions (texts).
    pub revisions: Counts,
    /// Speakers.
    pub speakers: Counts,
    /// Claims.
    pub claims: Counts,
    /// Evidence links.
    pub evidence: Counts,
    /// History entries.
    pub history: Counts,
    /// Kept web pages (raw HTML of each fetch).
    pub pages: Counts,
    /// Their articles found to be one of mine imported separately.
    pub unified_articles: usize,
    /// Their speakers found to be one of mine under another id.
    pub unified_speakers: usize,
    /// Claims moved onto a newer text of their article.
    pub reanchored: usize,
    /// Claims whose words are gone from the newer text (kept, listed as orphaned).
    pub orphaned: usize,
    /// Conflicts this merge found (still open unless `resolved` says otherwise).
    pub conflicts: Vec<Conflict>,
    /// Conflicts settled by `--prefer`.
    pub resolved: usize,
    /// Final verdicts of theirs that arrived as proposals waiting for an editor's sign-off
    /// (the workspace belongs to a team workspace that requires sign-off).
    pub held_for_signoff: usize,
}

impl MergeReport {
    /// Whether the merge changed nothing in my workspace.
    pub fn changed_nothing(&self) -> bool {
        let kinds = [
            self.articles,
            self.revisions,
            self.speakers,
            self.claims,
            self.evidence,
            self.history,
        ];
        kinds.iter().all(|c| c.added == 0 && c.updated == 0)
            && self.pages.added == 0
            && self.resolved == 0
    }
}

/// A field of a claim changed on both sides since they last shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The claim.
    pub claim_id: String,
    /// The field.
    pub field: Field,
    /// My value (see [`field_value`] for the JSON shape of each field).
    pub mine: Value,
    /// Their value, with their ids already mapped onto mine.
    pub theirs: Value,
    /// Who made my latest change to the field, and when.
    pub mine_by: String,
    /// RFC 3339.
    pub mine_at: String,
    /// Who made their latest change, and when.
    pub theirs_by: String,
    /// RFC 3339.
    pub theirs_at: String,
    /// Their history entries for the field, added to mine when the conflict is settled.
    pub theirs_history: Vec<HistoryRow>,
}

/// What [`plan`] decided: the rows to write into my workspace.
#[derive(Debug, Clone, Default)]
pub struct Plan {
    /// Speakers to insert.
    pub new_speakers: Vec<dump::SpeakerRow>,
    /// Speakers whose role was empty and is filled from theirs.
    pub speaker_roles: Vec<(String, String)>,
    /// Aliases to add: (speaker id, alias).
    pub new_aliases: Vec<(String, String)>,
    /// Articles to insert (with all their revisions).
    pub new_articles: Vec<ArticleRow>,
    /// Existing articles whose metadata or current revision changes (revisions ignored).
    pub changed_articles: Vec<ArticleRow>,
    /// Revisions to add to existing articles: (article id, revision).
    pub new_revisions: Vec<(String, RevisionRow)>,
    /// Claims to insert or overwrite (evidence and history ignored here).
    pub claims: Vec<ClaimRow>,
    /// Evidence to insert or overwrite: (claim id, row).
    pub evidence: Vec<(String, EvidenceRow)>,
    /// History entries to add: (claim id, row).
    pub history: Vec<(String, HistoryRow)>,
    /// The counts, and the conflicts.
    pub report: MergeReport,
    /// Their article ids → mine.
    pub article_map: HashMap<String, String>,
    /// Their revision ids → mine.
    pub revision_map: HashMap<String, String>,
}

/// The JSON value of `field` of a claim: a string for status, summary and notes, the
/// speaker id or null, `true`/`false` for deleted, and for the anchor an object with
/// `revision_id`, `start`, `end`, `quote`, `prefix`, `suffix`, `state`, `previous_quote`.
pub fn field_value(c: &ClaimRow, field: Field) -> Value {
    match field {
        Field::Speaker => c.speaker_id.clone().map_or(Value::Null, Value::String),
        Field::Status => Value::String(c.status.clone()),
        Field::Summary => Value::String(c.summary.clone()),
        Field::Notes => Value::String(c.notes.clone()),
        Field::Deleted => Value::Bool(c.deleted),
        Field::Anchor => json!({
            "revision_id": c.revision_id,
            "start": c.start_char,
            "end": c.end_char,
            "quote": c.quote,
            "prefix": c.prefix,
            "suffix": c.suffix,
            "state": c.anchor_state,
            "previous_quote": c.previous_quote,
        }),
    }
}

/// Sets `field` of `c` from a value of the shape [`field_value`] gives.
///
/// # Errors
/// [`Error::InvalidInput`] when the value has another shape.
pub fn set_field_value(c: &mut ClaimRow, field: Field, value: &Value) -> Result<()> {
    let bad = || Error::invalid("merge value", format!("not a valid {}", field.code()));
    let text = |v: &Value| v.as_str().map(str::to_owned).ok_or_else(bad);
    match field {
        Field::Speaker => {
            c.speaker_id = match value {
                Value::Null => None,
                v => Some(text(v)?),
            };
        }
        Field::Status => {
            let code = text(value)?;
            if crate::model::Status::parse(&code).is_none() {
                return Err(bad());
            }
            c.status = code;
        }
        Field::Summary => c.summary = text(value)?,
        Field::Notes => c.notes = text(value)?,
        Field::Deleted => c.deleted = value.as_bool().ok_or_else(bad)?,
        Field::Anchor => {
            let get = |k: &str| value.get(k).ok_or_else(bad);
            let num = |k: &str| get(k).and_then(|v| v.as_i64().ok_or_else(bad));
            c.revision_id = text(get("revision_id")?)?;
            c.start_char = num("start")?;
            c.end_char = num("end")?;
            c.quote = text(get("quote")?)?;
            c.prefix = text(get("prefix")?)?;
            c.suffix = text(get("suffix")?)?;
            c.anchor_state = text(get("state")?)?;
            c.previous_quote = text(get("previous_quote")?)?;
        }
    }
    Ok(())
}

/// Speakers are the same person when their names (or aliases) agree in Unicode lower case
/// with runs of white space made one space.
pub(crate) fn speaker_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The version a row merged from two copies gets: past both. Both are at most
/// [`crate::model::MAX_COUNTER`] (theirs is checked on the way in), and a row that reached it
/// stays there rather than wrap.
fn bumped(mine: i64, theirs: i64) -> i64 {
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
            // text made later wins (its hash breaks a tie). Either order of merging agrees.
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
                    _ => {
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

fn out_new_article_current(
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
fn check_quote<'a>(
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

struct MergedClaim {
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
fn shallow(c: &ClaimRow) -> ClaimRow {
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
fn same_field(a: &ClaimRow, b: &ClaimRow, field: Field) -> bool {
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
fn copy_field(dst: &mut ClaimRow, src: &ClaimRow, field: Field) {
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

fn field_index(f: Field) -> usize {
    Field::ALL.iter().position(|x| *x == f).unwrap_or_default()
}

/// Three-way merge of one claim, field by field, by the history entries each side lacks.
/// `t` is their row with ids mapped onto mine (without history and evidence, which are
/// `t_history` and `t_evidence`).
fn merge_claim(
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

fn conflict(
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
        claim_id: m.id.clone(),
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

/// Opens `path` (a received file: untrusted) without changing it: it is copied to a
/// temporary file first, which is opened with all defences and upgraded if older.
/// A kept web page of their file.
struct FetchRow {
    id: String,
    article_id: String,
    revision_id: String,
    url: String,
    final_url: String,
    content_type: String,
    fetched_at: String,
    fetched_by: String,
    raw_zlib: Vec<u8>,
    raw_bytes: i64,
}

fn read_fetch_rows(conn: &Connection) -> Result<Vec<FetchRow>> {
    let mut stmt = conn.prepare(
        "SELECT id, article_id, revision_id, url, final_url, content_type, fetched_at,
                fetched_by, raw_zlib, raw_bytes FROM page_fetch ORDER BY id",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(FetchRow {
            id: r.get(0)?,
            article_id: r.get(1)?,
            revision_id: r.get(2)?,
            url: r.get(3)?,
            final_url: r.get(4)?,
            content_type: r.get(5)?,
            fetched_at: r.get(6)?,
            fetched_by: r.get(7)?,
            raw_zlib: r.get(8)?,
            raw_bytes: r.get(9)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Their kept pages join mine, on my ids for their articles and revisions.
fn apply_fetches(tx: &Transaction<'_>, plan: &Plan, rows: &[FetchRow]) -> Result<Counts> {
    let mut counts = Counts::default();
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO page_fetch (id, article_id, revision_id, url, final_url,
             content_type, fetched_at, fetched_by, raw_zlib, raw_bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for f in rows {
        let (Some(article), Some(revision)) = (
            plan.article_map.get(&f.article_id),
            plan.revision_map.get(&f.revision_id),
        ) else {
            continue;
        };
        let added = insert.execute(params![
            f.id,
            article,
            revision,
            f.url,
            f.final_url,
            f.content_type,
            f.fetched_at,
            f.fetched_by,
            f.raw_zlib,
            f.raw_bytes
        ])?;
        if added == 0 {
            counts.unchanged += 1;
        } else {
            counts.added += 1;
        }
    }
    Ok(counts)
}

/// A dismissed suggestion of their file: article, words, when, by whom.
type DismissalRow = (String, String, String, String);

fn read_dismissals(conn: &Connection) -> Result<Vec<DismissalRow>> {
    let mut stmt = conn.prepare(
        "SELECT article_id, quote, dismissed_at, dismissed_by FROM suggestion_dismissal
         ORDER BY article_id, quote",
    )?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Suggestions they dismissed stay dismissed here, on my ids for their articles.
fn apply_dismissals(tx: &Transaction<'_>, plan: &Plan, rows: &[DismissalRow]) -> Result<()> {
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO suggestion_dismissal (article_id, quote, dismissed_at, dismissed_by)
         VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (article_id, quote, at, by) in rows {
        if let Some(article) = plan.article_map.get(article_id) {
            insert.execute(params![article, quote, at, by])?;
        }
    }
    Ok(())
}

/// What a merge reads from their file: the rows, kept pages and dismissed suggestions.
type Theirs = (Dump, Vec<FetchRow>, Vec<DismissalRow>);

fn read_theirs(path: &Path) -> Result<Theirs> {
    crate::files::require_regular_file(path, "file to merge")?;
    let tmp = std::env::temp_dir().join(format!("factdesk-merge-{}.factdesk", new_id()));
    std::fs::copy(path, &tmp).map_err(|source| Error::Io {
        action: "reading the file to merge",
        path: path.to_owned(),
        source,
    })?;
    let result = Workspace::open(&tmp).and_then(|ws| {
        let d = dump::export(ws.conn(), &[])?;
        let pages = read_fetch_rows(ws.conn())?;
        let dismissals = read_dismissals(ws.conn())?;
        drop(ws);
        Ok((d, pages, dismissals))
    });
    let _ = std::fs::remove_file(&tmp);
    // The error should name their file, not the temporary copy.
    result.map_err(|e| rename_path(e, &tmp, path))
}

fn rename_path(e: Error, tmp: &Path, real: &Path) -> Error {
    let fix = |p: PathBuf| if p == tmp { real.to_owned() } else { p };
    match e {
        Error::NotSqlite { path } => Error::NotSqlite { path: fix(path) },
        Error::EmptyFile { path } => Error::EmptyFile { path: fix(path) },
        Error::ForeignDatabase { path, found } => Error::ForeignDatabase {
            path: fix(path),
            found,
        },
        Error::NewerVersion {
            path,
            found,
            supported,
        } => Error::NewerVersion {
            path: fix(path),
            found,
            supported,
        },
        Error::Truncated {
            path,
            actual_bytes,
            expected_bytes,
        } => Error::Truncated {
            path: fix(path),
            actual_bytes,
            expected_bytes,
        },
        Error::Corrupt { path, detail } => Error::Corrupt {
            path: fix(path),
            detail,
        },
        Error::ForeignSchemaObject { path, kind, name } => Error::ForeignSchemaObject {
            path: fix(path),
            kind,
            name,
        },
        other => other,
    }
}

/// Merges the workspace file at `theirs` into `ws` in one transaction. With `prefer`, the
/// conflicts found are settled that way (and counted in `resolved`); without it they are
/// stored for review ([`conflicts`], [`resolve`]).
///
/// # Errors
/// Anything that makes their file unreadable ([`Error::NotSqlite`], [`Error::Corrupt`],
/// [`Error::ForeignSchemaObject`], …), [`Error::InvalidInput`] when it is inconsistent or is
/// this very workspace, SQLite errors. Nothing is written then.
pub fn merge_file(
    ws: &mut Workspace,
    theirs: &Path,
    prefer: Option<Prefer>,
    who: &str,
) -> Result<MergeReport> {
    if let (Ok(a), Ok(b)) = (ws.path().canonicalize(), theirs.canonicalize())
        && a == b
    {
        return Err(Error::invalid(
            "merge",
            "that is this workspace's own file: choose the copy a colleague sent",
        ));
    }
    let source = theirs.file_name().map_or_else(
        || theirs.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    // Their file is read on a second thread while mine is read in the transaction.
    std::thread::scope(|scope| {
        let reader = scope.spawn(|| read_theirs(theirs));
        let timing = std::env::var_os("FACTDESK_MERGE_TIMING").is_some();
        let t0 = std::time::Instant::now();
        let lap = |what: &str| {
            if timing {
                eprintln!("merge: {what} at {} ms", t0.elapsed().as_millis());
            }
        };
        ws.write(|tx| {
            let mine = dump::export(tx, &[])?;
            lap("read mine");
            let (theirs_dump, theirs_pages, theirs_dismissals) = reader
                .join()
                .map_err(|_| Error::invalid("merge", "reading their file failed"))??;
            lap("read theirs");
            let now = now_timestamp();
            let mut plan = plan(&mine, &theirs_dump, who, &now)?;
            if read::meta(tx, SIGNOFF_META)?.as_deref() == Some("1") {
                plan.report.held_for_signoff = hold_final_verdicts(&mut plan, &mine);
            }
            lap("plan");
            // Freeing two workspaces' worth of rows takes a while: let it overlap the writing.
            scope.spawn(move || drop((mine, theirs_dump)));
            plan.report.source.clone_from(&source);
            apply(tx, &plan, &source, &now)?;
            plan.report.pages = apply_fetches(tx, &plan, &theirs_pages)?;
            apply_dismissals(tx, &plan, &theirs_dismissals)?;
            lap("written");
            if let Some(prefer) = prefer {
                for c in &plan.report.conflicts {
                    let id: Option<String> = tx
                        .query_row(
                            "SELECT id FROM merge_conflict WHERE claim_id = ?1 AND field = ?2",
                            params![c.claim_id, c.field.code()],
                            |r| r.get(0),
                        )
                        .optional()?;
                    if let Some(id) = id {
                        let choice = match prefer {
                            Prefer::Mine => Resolution::KeepMine,
                            Prefer::Theirs => Resolution::TakeTheirs,
                        };
                        resolve(tx, &id, &choice, who)?;
                        plan.report.resolved += 1;
                    }
                }
            }
            Ok(plan.report)
        })
        .inspect(|_| lap("committed"))
    })
}

/// The workspace setting that says the file's team workspace requires sign-off ("1"),
/// written at every sync.
pub const SIGNOFF_META: &str = "team_requires_signoff";

/// In a workspace that requires sign-off, a final verdict that arrives in a colleague's
/// file is not published by the merge: it becomes a proposal (my verdict stays) for an
/// editor to sign off or decline, as if it had come through the server. Returns how many.
pub fn hold_final_verdicts(plan: &mut Plan, mine: &Dump) -> usize {
    use crate::model::Status;
    let is_final = |code: &str| Status::from_code(code).is_some_and(Status::is_final);
    let mine_status: HashMap<&str, &str> = mine
        .claims
        .iter()
        .map(|c| (c.id.as_str(), c.status.as_str()))
        .collect();
    let mut held = 0;
    for c in &mut plan.claims {
        let before = mine_status.get(c.id.as_str()).copied();
        if before == Some(c.status.as_str()) {
            continue;
        }
        if !is_final(&c.status) && !before.is_some_and(is_final) {
            continue;
        }
        let proposer = plan
            .history
            .iter()
            .filter(|(id, h)| *id == c.id && h.field == "status" && h.new_value == c.status)
            .max_by(|(_, a), (_, b)| a.at.cmp(&b.at))
            .map_or_else(|| c.updated_by.clone(), |(_, h)| h.by.clone());
        c.proposed_status = std::mem::take(&mut c.status);
        c.proposed_by = proposer;
        c.status = before.unwrap_or("in_progress").to_owned();
        held += 1;
    }
    held
}

/// Writes a plan into my workspace (the caller's transaction).
///
/// # Errors
/// SQLite errors (a row that breaks the schema's rules fails the whole merge).
pub fn apply(tx: &Transaction<'_>, plan: &Plan, source: &str, now: &str) -> Result<()> {
    for s in &plan.new_speakers {
        tx.execute(
            "INSERT INTO speaker (id, name, role, created_at, created_by, updated_at,
                 updated_by, version, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                s.id,
                s.name,
                s.role,
                s.created_at,
                s.created_by,
                s.updated_at,
                s.updated_by,
                s.version,
                i64::from(s.deleted)
            ],
        )?;
        for alias in &s.aliases {
            tx.execute(
                "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
                params![s.id, alias],
            )?;
        }
    }
    for (id, role) in &plan.speaker_roles {
        tx.execute(
            "UPDATE speaker SET role = ?2, version = version + 1 WHERE id = ?1",
            params![id, role],
        )?;
    }
    for (id, alias) in &plan.new_aliases {
        tx.execute(
            "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
            params![id, alias],
        )?;
    }
    let mut insert_revision = tx.prepare(
        "INSERT INTO revision (id, article_id, number, body, content_hash, source, created_at,
             created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?;
    for a in &plan.new_articles {
        write_article(tx, a)?;
        for r in &a.revisions {
            insert_revision.execute(params![
                r.id,
                a.id,
                r.number,
                r.body,
                r.content_hash,
                r.source,
                r.created_at,
                r.created_by
            ])?;
        }
    }
    for (article_id, r) in &plan.new_revisions {
        insert_revision.execute(params![
            r.id,
            article_id,
            r.number,
            r.body,
            r.content_hash,
            r.source,
            r.created_at,
            r.created_by
        ])?;
    }
    for a in &plan.changed_articles {
        write_article(tx, a)?;
    }
    let mut claim = tx.prepare(
        "INSERT INTO claim (id, article_id, revision_id, start_char, end_char, quote, prefix,
             suffix, anchor_state, previous_quote, speaker_id, status, summary, notes, created_at,
             created_by, updated_at, updated_by, version, deleted, proposed_status, proposed_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
             ?18, ?19, ?20, ?21, ?22)
         ON CONFLICT (id) DO UPDATE SET article_id = excluded.article_id,
             revision_id = excluded.revision_id, start_char = excluded.start_char,
             end_char = excluded.end_char, quote = excluded.quote, prefix = excluded.prefix,
             suffix = excluded.suffix, anchor_state = excluded.anchor_state,
             previous_quote = excluded.previous_quote, speaker_id = excluded.speaker_id,
             status = excluded.status, summary = excluded.summary, notes = excluded.notes,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by,
             version = excluded.version, deleted = excluded.deleted,
             proposed_status = excluded.proposed_status, proposed_by = excluded.proposed_by",
    )?;
    for c in &plan.claims {
        claim.execute(params![
            c.id,
            c.article_id,
            c.revision_id,
            c.start_char,
            c.end_char,
            c.quote,
            c.prefix,
            c.suffix,
            c.anchor_state,
            c.previous_quote,
            c.speaker_id,
            c.status,
            c.summary,
            c.notes,
            c.created_at,
            c.created_by,
            c.updated_at,
            c.updated_by,
            c.version,
            i64::from(c.deleted),
            c.proposed_status,
            c.proposed_by
        ])?;
    }
    let mut evidence = tx.prepare(
        "INSERT INTO evidence (id, claim_id, url, title, note, added_at, added_by, version,
             deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (id) DO UPDATE SET url = excluded.url, title = excluded.title,
             note = excluded.note, version = excluded.version, deleted = excluded.deleted
         WHERE evidence.claim_id = excluded.claim_id",
    )?;
    for (claim_id, e) in &plan.evidence {
        evidence.execute(params![
            e.id,
            claim_id,
            e.url,
            e.title,
            e.note,
            e.added_at,
            e.added_by,
            e.version,
            i64::from(e.deleted)
        ])?;
    }
    let mut history = tx.prepare(
        "INSERT OR IGNORE INTO claim_history (id, claim_id, at, by, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (claim_id, h) in &plan.history {
        history.execute(params![
            h.id,
            claim_id,
            h.at,
            h.by,
            h.field,
            h.old_value,
            h.new_value
        ])?;
    }
    let mut conflict = tx.prepare(
        "INSERT INTO merge_conflict (id, claim_id, field, mine, theirs, mine_by, mine_at,
             theirs_by, theirs_at, theirs_history, source, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (claim_id, field) DO UPDATE SET mine = excluded.mine,
             theirs = excluded.theirs, mine_by = excluded.mine_by, mine_at = excluded.mine_at,
             theirs_by = excluded.theirs_by, theirs_at = excluded.theirs_at,
             theirs_history = excluded.theirs_history, source = excluded.source,
             found_at = excluded.found_at
         WHERE merge_conflict.mine IS NOT excluded.mine
            OR merge_conflict.theirs IS NOT excluded.theirs
            OR merge_conflict.theirs_history IS NOT excluded.theirs_history",
    )?;
    for c in &plan.report.conflicts {
        let history_json = serde_json::to_string(&c.theirs_history).unwrap_or_default();
        conflict.execute(params![
            new_id(),
            c.claim_id,
            c.field.code(),
            c.mine.to_string(),
            c.theirs.to_string(),
            c.mine_by,
            c.mine_at,
            c.theirs_by,
            c.theirs_at,
            history_json,
            source,
            now
        ])?;
    }
    Ok(())
}

fn write_article(tx: &Connection, a: &ArticleRow) -> Result<()> {
    tx.execute(
        "INSERT INTO article (id, title, outlet, url, author, published, imported_at,
             imported_by, current_revision_id, updated_at, updated_by, version, deleted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
         ON CONFLICT (id) DO UPDATE SET outlet = excluded.outlet, url = excluded.url,
             author = excluded.author, published = excluded.published,
             current_revision_id = excluded.current_revision_id,
             updated_at = excluded.updated_at, updated_by = excluded.updated_by,
             version = excluded.version",
        params![
            a.id,
            a.title,
            a.outlet,
            a.url,
            a.author,
            a.published,
            a.imported_at,
            a.imported_by,
            a.current_revision_id,
            a.updated_at,
            a.updated_by,
            a.version,
            i64::from(a.deleted)
        ],
    )?;
    Ok(())
}

/// An open conflict as stored in the file, for review.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredConflict {
    /// Its id (for [`resolve`]).
    pub id: String,
    /// The conflict.
    #[serde(flatten)]
    pub conflict: Conflict,
    /// The file it came from.
    pub source: String,
    /// When it was found.
    pub found_at: String,
}

/// Every open conflict, by claim and field.
///
/// # Errors
/// SQLite errors.
pub fn conflicts(conn: &Connection) -> Result<Vec<StoredConflict>> {
    load_conflicts(conn, None)
}

fn load_conflicts(conn: &Connection, only: Option<&str>) -> Result<Vec<StoredConflict>> {
    let mut stmt = conn.prepare(
        "SELECT id, claim_id, field, mine, theirs, mine_by, mine_at, theirs_by, theirs_at,
                theirs_history, source, found_at
         FROM merge_conflict WHERE ?1 IS NULL OR id = ?1 ORDER BY claim_id, field",
    )?;
    let rows = stmt.query_map([only], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            [
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
            ],
            r.get::<_, String>(9)?,
            r.get::<_, String>(10)?,
            r.get::<_, String>(11)?,
        ))
    })?;
    let mut out = Vec::new();
    for row in rows {
        let (
            id,
            claim_id,
            field,
            mine,
            theirs,
            [mine_by, mine_at, theirs_by, theirs_at],
            history,
            source,
            found_at,
        ) = row?;
        // Rows this build cannot read (a field from a newer build) are skipped, not fatal.
        let Some(field) = Field::parse(&field) else {
            continue;
        };
        let parse = |s: &str| serde_json::from_str::<Value>(s).unwrap_or(Value::Null);
        out.push(StoredConflict {
            id,
            conflict: Conflict {
                claim_id,
                field,
                mine: parse(&mine),
                theirs: parse(&theirs),
                mine_by,
                mine_at,
                theirs_by,
                theirs_at,
                theirs_history: serde_json::from_str(&history).unwrap_or_default(),
            },
            source,
            found_at,
        });
    }
    Ok(out)
}

/// How a conflict is settled.
#[derive(Debug, Clone, PartialEq)]
pub enum Resolution {
    /// My value stays.
    KeepMine,
    /// Their value is taken.
    TakeTheirs,
    /// A new value (same JSON shape as [`field_value`]), for example a merged summary.
    Edited(Value),
}

/// Settles one conflict: the chosen value is written (recorded in the claim's history like
/// any change), their held-back history entries join mine, and the conflict is removed.
/// A later merge of the same file then finds nothing new.
///
/// # Errors
/// [`Error::NotFound`] for an unknown conflict; [`Error::InvalidInput`] for a value of the
/// wrong shape; SQLite errors.
pub fn resolve(
    tx: &Transaction<'_>,
    conflict_id: &str,
    choice: &Resolution,
    who: &str,
) -> Result<()> {
    let Some(stored) = load_conflicts(tx, Some(conflict_id))?.into_iter().next() else {
        return Err(Error::NotFound {
            kind: "conflict",
            id: conflict_id.to_owned(),
        });
    };
    let c = &stored.conflict;
    let mut history = tx.prepare(
        "INSERT OR IGNORE INTO claim_history (id, claim_id, at, by, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for h in &c.theirs_history {
        history.execute(params![
            h.id,
            c.claim_id,
            h.at,
            h.by,
            h.field,
            h.old_value,
            h.new_value
        ])?;
    }
    let current = dump::export_claim(tx, &c.claim_id)?.ok_or_else(|| Error::NotFound {
        kind: "claim",
        id: c.claim_id.clone(),
    })?;
    let chosen = match choice {
        Resolution::KeepMine => field_value(&current, c.field),
        Resolution::TakeTheirs => c.theirs.clone(),
        Resolution::Edited(v) => v.clone(),
    };
    let now = now_timestamp();
    let old = field_value(&current, c.field);
    if chosen != old {
        let mut updated = current.clone();
        set_field_value(&mut updated, c.field, &chosen)?;
        if c.field == Field::Speaker
            && let Some(id) = &updated.speaker_id
            && read::speaker_name(tx, id)?.is_none()
        {
            return Err(Error::NotFound {
                kind: "speaker",
                id: id.clone(),
            });
        }
        if c.field == Field::Anchor {
            let owner: Option<String> = tx
                .query_row(
                    "SELECT article_id FROM revision WHERE id = ?1",
                    [&updated.revision_id],
                    |r| r.get(0),
                )
                .optional()?;
            if owner.as_deref() != Some(updated.article_id.as_str()) {
                return Err(Error::invalid(
                    "merge value",
                    "the position is in a revision of another article",
                ));
            }
            let body = read::revision_body(tx, &updated.revision_id)?;
            let mut bodies = HashMap::new();
            bodies.insert(updated.revision_id.clone(), (body.as_str(), 0));
            check_quote(&updated, &bodies, &mut HashMap::new())
                .map_err(|m| Error::invalid("merge value", m))?;
        }
        tx.execute(
            "UPDATE claim SET revision_id = ?2, start_char = ?3, end_char = ?4, quote = ?5,
                 prefix = ?6, suffix = ?7, anchor_state = ?8, previous_quote = ?9,
                 speaker_id = ?10, status = ?11, summary = ?12, notes = ?13, deleted = ?14,
                 updated_at = ?15, updated_by = ?16, version = version + 1
             WHERE id = ?1",
            params![
                updated.id,
                updated.revision_id,
                updated.start_char,
                updated.end_char,
                updated.quote,
                updated.prefix,
                updated.suffix,
                updated.anchor_state,
                updated.previous_quote,
                updated.speaker_id,
                updated.status,
                updated.summary,
                updated.notes,
                i64::from(updated.deleted),
                now,
                who
            ],
        )?;
        let field_name = match (c.field, updated.deleted) {
            (Field::Deleted, false) => "restored",
            (f, _) => f.code(),
        };
        history.execute(params![
            new_id(),
            c.claim_id,
            now,
            who,
            field_name,
            history_value(tx, c.field, &old)?,
            history_value(tx, c.field, &chosen)?
        ])?;
    }
    let how = match choice {
        Resolution::KeepMine => "kept mine",
        Resolution::TakeTheirs => "took theirs",
        Resolution::Edited(_) => "edited",
    };
    history.execute(params![
        new_id(),
        c.claim_id,
        now,
        who,
        "merge",
        format!(
            "{} conflict with {} ({})",
            c.field.code(),
            c.theirs_by,
            stored.source
        ),
        how
    ])?;
    tx.execute("DELETE FROM merge_conflict WHERE id = ?1", [conflict_id])?;
    Ok(())
}

/// A field value as `claim_history` stores it for ordinary edits.
fn history_value(conn: &Connection, field: Field, value: &Value) -> Result<String> {
    Ok(match (field, value) {
        (Field::Status, Value::String(code)) => code.clone(),
        (Field::Deleted, Value::Bool(true)) => "deleted".to_owned(),
        (Field::Deleted, _) => String::new(),
        _ => display_value(conn, field, value)?,
    })
}

/// A field value as people read it: speaker names instead of ids, anchors as their words.
///
/// # Errors
/// SQLite errors.
pub fn display_value(conn: &Connection, field: Field, value: &Value) -> Result<String> {
    Ok(match (field, value) {
        (_, Value::Null) => String::new(),
        (Field::Speaker, Value::String(id)) => {
            read::speaker_name(conn, id)?.unwrap_or_else(|| id.clone())
        }
        (Field::Status, Value::String(code)) => {
            crate::model::Status::parse(code).map_or_else(|| code.clone(), |s| s.label().to_owned())
        }
        (Field::Deleted, Value::Bool(d)) => if *d { "deleted" } else { "kept" }.to_owned(),
        (Field::Anchor, v) => {
            let quote = v.get("quote").and_then(Value::as_str).unwrap_or_default();
            let state = v.get("state").and_then(Value::as_str).unwrap_or_default();
            let start = v.get("start").and_then(Value::as_i64).unwrap_or_default();
            let end = v.get("end").and_then(Value::as_i64).unwrap_or_default();
            format!("{start}..{end} “{quote}” ({state})")
        }
        (_, Value::String(s)) => s.clone(),
        (_, other) => other.to_string(),
    })
}
