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

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use crate::model::{ClaimId, HistoryField, new_id, now_timestamp};
use crate::store::dump::{self, ArticleRow, ClaimRow, Dump, EvidenceRow, HistoryRow, RevisionRow};
use crate::store::{Workspace, read};
use crate::{Error, Result};

mod apply;
pub(crate) mod plan;

pub use apply::apply;
use apply::{apply_dismissals, apply_fetches};
pub use plan::plan;
// The review of what a merge found lives with the table it reads (`store::conflict`).
pub use crate::store::conflict::{Resolution, StoredConflict, conflicts, display_value, resolve};

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
        match HistoryField::parse(field) {
            HistoryField::Deleted | HistoryField::Restored => Some(Self::Deleted),
            HistoryField::Speaker => Some(Self::Speaker),
            HistoryField::Status => Some(Self::Status),
            HistoryField::Summary => Some(Self::Summary),
            HistoryField::Notes => Some(Self::Notes),
            HistoryField::Anchor => Some(Self::Anchor),
            _ => None,
        }
    }

    /// The history entry that records a change of this field (`restored` when a claim
    /// comes back is decided by the caller).
    #[must_use]
    pub fn history_field(self) -> HistoryField {
        match self {
            Self::Speaker => HistoryField::Speaker,
            Self::Status => HistoryField::Status,
            Self::Summary => HistoryField::Summary,
            Self::Notes => HistoryField::Notes,
            Self::Anchor => HistoryField::Anchor,
            Self::Deleted => HistoryField::Deleted,
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
    /// The report's table, one row per kind of row merged, in the order both front ends
    /// show it (`merge` on the command line, the window's merge summary).
    #[must_use]
    pub fn rows(&self) -> [(&'static str, Counts); 7] {
        [
            ("articles", self.articles),
            ("revisions", self.revisions),
            ("speakers", self.speakers),
            ("claims", self.claims),
            ("evidence", self.evidence),
            ("history", self.history),
            ("web pages", self.pages),
        ]
    }

    /// Whether the merge changed nothing in my workspace.
    pub fn changed_nothing(&self) -> bool {
        self.rows()
            .iter()
            .all(|(_, c)| c.added == 0 && c.updated == 0)
            && self.resolved == 0
    }
}

/// A field of a claim changed on both sides since they last shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict {
    /// The claim.
    pub claim_id: ClaimId,
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
        let timing = crate::test_support::merge_timing();
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
                    if let Some(id) = crate::store::conflict::find(tx, &c.claim_id, c.field)? {
                        resolve(tx, &id, &Resolution::from(prefer), who)?;
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
