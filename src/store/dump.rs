//! The full-fidelity JSON form of a workspace (`factdesk export --format json`,
//! `factdesk import-json`): every row of every table, tombstones and history included, so a
//! workspace survives a round trip through it unchanged.
//!
//! Format (version 1), documented in the README: an object with `format`
//! (`"factdesk-workspace"`), `version` (1), `organisation`, then `speakers`, `articles`
//! (each with its `revisions`) and `claims` (each with its `evidence` and `history`), all
//! sorted by id. Field names are the columns of `schema.sql`; offsets are chars.

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Deserialize, Serialize};

use crate::model::ArticleId;
use crate::model::report::Organisation;
use crate::store::read;
use crate::{Error, Result};

/// The `format` value of a dump.
pub const FORMAT: &str = "factdesk-workspace";
/// The dump version this build writes and reads.
pub const VERSION: u32 = 1;

/// A whole workspace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dump {
    /// Always [`FORMAT`].
    pub format: String,
    /// [`VERSION`].
    pub version: u32,
    /// Who publishes reports.
    pub organisation: Organisation,
    /// Speakers with aliases.
    pub speakers: Vec<SpeakerRow>,
    /// Articles with revisions.
    pub articles: Vec<ArticleRow>,
    /// Claims with evidence and history.
    pub claims: Vec<ClaimRow>,
}

/// A `speaker` row and its aliases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "fields are the columns of schema.sql")]
pub struct SpeakerRow {
    pub id: String,
    pub name: String,
    pub role: String,
    pub aliases: Vec<String>,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub version: i64,
    pub deleted: bool,
}

/// An `article` row and its revisions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "fields are the columns of schema.sql")]
pub struct ArticleRow {
    pub id: String,
    pub title: String,
    pub outlet: String,
    pub url: String,
    pub author: String,
    pub published: String,
    pub imported_at: String,
    pub imported_by: String,
    pub current_revision_id: String,
    pub updated_at: String,
    pub updated_by: String,
    pub version: i64,
    pub deleted: bool,
    pub revisions: Vec<RevisionRow>,
}

/// A `revision` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "fields are the columns of schema.sql")]
pub struct RevisionRow {
    pub id: String,
    pub number: i64,
    pub body: String,
    pub content_hash: String,
    pub source: String,
    pub created_at: String,
    pub created_by: String,
}

/// A `claim` row with its evidence and history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "fields are the columns of schema.sql")]
pub struct ClaimRow {
    pub id: String,
    pub article_id: String,
    pub revision_id: String,
    pub start_char: i64,
    pub end_char: i64,
    pub quote: String,
    pub prefix: String,
    pub suffix: String,
    pub anchor_state: String,
    pub previous_quote: String,
    pub speaker_id: Option<String>,
    pub status: String,
    pub summary: String,
    pub notes: String,
    pub created_at: String,
    pub created_by: String,
    pub updated_at: String,
    pub updated_by: String,
    pub version: i64,
    pub deleted: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proposed_status: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub proposed_by: String,
    pub evidence: Vec<EvidenceRow>,
    pub history: Vec<HistoryRow>,
}

/// An `evidence` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "fields are the columns of schema.sql")]
pub struct EvidenceRow {
    pub id: String,
    pub url: String,
    pub title: String,
    pub note: String,
    pub added_at: String,
    pub added_by: String,
    pub version: i64,
    pub deleted: bool,
}

/// A `claim_history` row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[expect(missing_docs, reason = "fields are the columns of schema.sql")]
pub struct HistoryRow {
    pub id: String,
    pub at: String,
    pub by: String,
    pub field: String,
    pub old_value: String,
    pub new_value: String,
}

/// Reads the whole workspace, or only `article_ids` (with the speakers their claims use).
///
/// # Errors
/// SQLite errors.
pub fn export(conn: &Connection, article_ids: &[ArticleId]) -> Result<Dump> {
    let wanted = |id: &str| article_ids.is_empty() || article_ids.iter().any(|a| a == id);
    let mut articles = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, title, outlet, url, author, published, imported_at, imported_by,
                    current_revision_id, updated_at, updated_by, version, deleted
             FROM article ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(ArticleRow {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                url: r.get(3)?,
                author: r.get(4)?,
                published: r.get(5)?,
                imported_at: r.get(6)?,
                imported_by: r.get(7)?,
                current_revision_id: r.get(8)?,
                updated_at: r.get(9)?,
                updated_by: r.get(10)?,
                version: r.get(11)?,
                deleted: r.get::<_, i64>(12)? != 0,
                revisions: Vec::new(),
            })
        })?;
        for row in rows {
            let mut row = row?;
            if wanted(&row.id) {
                row.revisions = read::revisions(conn, &ArticleId::from(&row.id))?
                    .into_iter()
                    .map(|r| RevisionRow {
                        id: r.id,
                        number: r.number,
                        body: r.body,
                        content_hash: r.content_hash,
                        source: r.source,
                        created_at: r.created_at,
                        created_by: r.created_by,
                    })
                    .collect();
                articles.push(row);
            }
        }
    }
    let mut claims = Vec::new();
    {
        let mut stmt = conn.prepare(&format!("SELECT {CLAIM_COLUMNS} FROM claim ORDER BY id"))?;
        let rows = stmt.query_map([], claim_row)?;
        // One pass over each child table, grouped by claim (not two queries per claim).
        let mut evidence: HashMap<String, Vec<EvidenceRow>> = HashMap::new();
        let mut stmt_e = conn.prepare(
            "SELECT claim_id, id, url, title, note, added_at, added_by, version, deleted
             FROM evidence ORDER BY claim_id, id",
        )?;
        let rows_e = stmt_e.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                EvidenceRow {
                    id: r.get(1)?,
                    url: r.get(2)?,
                    title: r.get(3)?,
                    note: r.get(4)?,
                    added_at: r.get(5)?,
                    added_by: r.get(6)?,
                    version: r.get(7)?,
                    deleted: r.get::<_, i64>(8)? != 0,
                },
            ))
        })?;
        for row in rows_e {
            let (claim_id, e) = row?;
            evidence.entry(claim_id).or_default().push(e);
        }
        let mut history: HashMap<String, Vec<HistoryRow>> = HashMap::new();
        let mut stmt_h = conn.prepare(
            "SELECT claim_id, id, at, by, field, old_value, new_value FROM claim_history
             ORDER BY claim_id, id",
        )?;
        let rows_h = stmt_h.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                HistoryRow {
                    id: r.get(1)?,
                    at: r.get(2)?,
                    by: r.get(3)?,
                    field: r.get(4)?,
                    old_value: r.get(5)?,
                    new_value: r.get(6)?,
                },
            ))
        })?;
        for row in rows_h {
            let (claim_id, h) = row?;
            history.entry(claim_id).or_default().push(h);
        }
        for row in rows {
            let mut row = row?;
            if !wanted(&row.article_id) {
                continue;
            }
            row.evidence = evidence.remove(&row.id).unwrap_or_default();
            row.history = history.remove(&row.id).unwrap_or_default();
            claims.push(row);
        }
    }
    let used: std::collections::HashSet<&str> = claims
        .iter()
        .filter_map(|c| c.speaker_id.as_deref())
        .collect();
    let mut speakers = Vec::new();
    {
        let mut stmt = conn.prepare(
            "SELECT id, name, role, created_at, created_by, updated_at, updated_by, version, deleted
             FROM speaker ORDER BY id",
        )?;
        let mut aliases =
            conn.prepare("SELECT alias FROM speaker_alias WHERE speaker_id = ?1 ORDER BY alias")?;
        let rows = stmt.query_map([], |r| {
            Ok(SpeakerRow {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                aliases: Vec::new(),
                created_at: r.get(3)?,
                created_by: r.get(4)?,
                updated_at: r.get(5)?,
                updated_by: r.get(6)?,
                version: r.get(7)?,
                deleted: r.get::<_, i64>(8)? != 0,
            })
        })?;
        for row in rows {
            let mut row = row?;
            if article_ids.is_empty() || used.contains(row.id.as_str()) {
                row.aliases = aliases
                    .query_map([&row.id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?;
                speakers.push(row);
            }
        }
    }
    Ok(Dump {
        format: FORMAT.to_owned(),
        version: VERSION,
        organisation: read::organisation(conn)?,
        speakers,
        articles,
        claims,
    })
}

const CLAIM_COLUMNS: &str = "id, article_id, revision_id, start_char, end_char, quote, prefix,
    suffix, anchor_state, previous_quote, speaker_id, status, summary, notes, created_at,
    created_by, updated_at, updated_by, version, deleted, proposed_status, proposed_by";

fn claim_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ClaimRow> {
    Ok(ClaimRow {
        id: r.get(0)?,
        article_id: r.get(1)?,
        revision_id: r.get(2)?,
        start_char: r.get(3)?,
        end_char: r.get(4)?,
        quote: r.get(5)?,
        prefix: r.get(6)?,
        suffix: r.get(7)?,
        anchor_state: r.get(8)?,
        previous_quote: r.get(9)?,
        speaker_id: r.get(10)?,
        status: r.get(11)?,
        summary: r.get(12)?,
        notes: r.get(13)?,
        created_at: r.get(14)?,
        created_by: r.get(15)?,
        updated_at: r.get(16)?,
        updated_by: r.get(17)?,
        version: r.get(18)?,
        deleted: r.get::<_, i64>(19)? != 0,
        proposed_status: r.get(20)?,
        proposed_by: r.get(21)?,
        evidence: Vec::new(),
        history: Vec::new(),
    })
}

/// One claim's row (deleted or not), without its evidence and history.
///
/// # Errors
/// SQLite errors.
pub fn export_claim(conn: &Connection, id: &str) -> Result<Option<ClaimRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {CLAIM_COLUMNS} FROM claim WHERE id = ?1"),
            [id],
            claim_row,
        )
        .optional()?)
}

/// What [`import`] added; rows whose id already exists are left as they are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ImportCounts {
    /// Speakers added.
    pub speakers: usize,
    /// Articles added.
    pub articles: usize,
    /// Revisions added.
    pub revisions: usize,
    /// Claims added.
    pub claims: usize,
    /// Evidence links added.
    pub evidence: usize,
    /// History entries added.
    pub history: usize,
    /// Rows skipped because their id was already in the workspace.
    pub skipped: usize,
}

impl Dump {
    /// Refuses a dump whose counters are outside what factdesk ever writes: versions and
    /// revision numbers in `1..=MAX_COUNTER`, char offsets in `0..=MAX_COUNTER`. A received
    /// file or JSON with `version = 9223372036854775807` would otherwise make its rows
    /// impossible to edit (the next `version + 1` overflows).
    ///
    /// # Errors
    /// [`Error::InvalidInput`] naming the row and the value.
    pub fn check_counters(&self) -> Result<()> {
        use crate::model::MAX_COUNTER;
        let check = |kind: &str, id: &str, field: &str, value: i64, min: i64| {
            if (min..=MAX_COUNTER).contains(&value) {
                Ok(())
            } else {
                Err(Error::invalid(
                    "counter",
                    format!(
                        "{kind} {id} has {field} {value}, outside {min} to {MAX_COUNTER}; the file was not written by factdesk"
                    ),
                ))
            }
        };
        for s in &self.speakers {
            check("speaker", &s.id, "version", s.version, 1)?;
        }
        for a in &self.articles {
            check("article", &a.id, "version", a.version, 1)?;
            for r in &a.revisions {
                check("revision", &r.id, "number", r.number, 1)?;
            }
        }
        for c in &self.claims {
            check("claim", &c.id, "version", c.version, 1)?;
            check("claim", &c.id, "start_char", c.start_char, 0)?;
            check("claim", &c.id, "end_char", c.end_char, 0)?;
            for e in &c.evidence {
                check("evidence", &e.id, "version", e.version, 1)?;
            }
        }
        Ok(())
    }
}

/// When an imported row's id is already in the workspace, its children (`what`) may join
/// the row here only if it is the same row: the same origin (who made it and when, and for
/// a claim, its article). Otherwise a file could attach its evidence, history, aliases or
/// revisions to one of mine by naming my id.
fn same_row(
    tx: &Transaction<'_>,
    kind: &'static str,
    id: &str,
    origin: &[&str],
    what: &str,
) -> Result<()> {
    let sql = match kind {
        "speaker" => "SELECT created_at, created_by FROM speaker WHERE id = ?1",
        "article" => "SELECT imported_at, imported_by FROM article WHERE id = ?1",
        _ => "SELECT article_id, created_at, created_by FROM claim WHERE id = ?1",
    };
    let mine: Vec<String> = tx.query_row(sql, [id], |r| {
        (0..origin.len()).map(|i| r.get::<_, String>(i)).collect()
    })?;
    if mine.iter().map(String::as_str).eq(origin.iter().copied()) {
        return Ok(());
    }
    Err(Error::invalid(
        "JSON",
        format!(
            "{kind} {id} is already in this workspace as another {kind}: {what} would be attached to it; nothing was imported"
        ),
    ))
}

/// Brings a dump into a workspace in the caller's transaction. Rows keep their ids; a row
/// whose id already exists is skipped (not overwritten). Anything that breaks the schema's
/// rules fails the whole import.
///
/// # Errors
/// [`Error::InvalidInput`] for another format or a newer version; SQLite errors for rows
/// that break the schema (the transaction is then rolled back by the caller).
pub fn import(tx: &Transaction<'_>, dump: &Dump) -> Result<ImportCounts> {
    if dump.format != FORMAT {
        return Err(Error::invalid(
            "JSON",
            format!("\"format\" is \"{}\", not \"{FORMAT}\"", dump.format),
        ));
    }
    if dump.version > VERSION {
        return Err(Error::invalid(
            "JSON",
            format!(
                "version {} is newer than this build reads ({VERSION}); update factdesk",
                dump.version
            ),
        ));
    }
    dump.check_counters()?;
    let mut n = ImportCounts::default();
    let count = |added: usize, slot: &mut usize, skipped: &mut usize| {
        if added == 0 {
            *skipped += 1;
        } else {
            *slot += 1;
        }
    };
    for s in &dump.speakers {
        let added = tx.execute(
            "INSERT OR IGNORE INTO speaker (id, name, role, created_at, created_by, updated_at,
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
        count(added, &mut n.speakers, &mut n.skipped);
        if added == 0 {
            same_row(
                tx,
                "speaker",
                &s.id,
                &[&s.created_at, &s.created_by],
                "its aliases",
            )?;
        }
        for alias in &s.aliases {
            tx.execute(
                "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
                params![s.id, alias],
            )?;
        }
    }
    for a in &dump.articles {
        let added = tx.execute(
            "INSERT OR IGNORE INTO article (id, title, outlet, url, author, published, imported_at,
                 imported_by, current_revision_id, updated_at, updated_by, version, deleted)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
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
        count(added, &mut n.articles, &mut n.skipped);
        if added == 0 {
            same_row(
                tx,
                "article",
                &a.id,
                &[&a.imported_at, &a.imported_by],
                "its revisions",
            )?;
        }
        for r in &a.revisions {
            if crate::text::content_hash(&r.body) != r.content_hash {
                return Err(Error::invalid(
                    "JSON",
                    format!(
                        "revision {} has a content hash that does not match its text",
                        r.id
                    ),
                ));
            }
            let added = tx.execute(
                "INSERT OR IGNORE INTO revision (id, article_id, number, body, content_hash, source,
                     created_at, created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![r.id, a.id, r.number, r.body, r.content_hash, r.source, r.created_at, r.created_by],
            )?;
            count(added, &mut n.revisions, &mut n.skipped);
        }
    }
    for c in &dump.claims {
        // Untrusted input: a placed claim's quote must be the words its offsets point at.
        let revision_article: Option<String> = tx
            .query_row(
                "SELECT article_id FROM revision WHERE id = ?1",
                [&c.revision_id],
                |r| r.get(0),
            )
            .optional()?;
        if revision_article.as_deref() != Some(c.article_id.as_str()) {
            return Err(Error::invalid(
                "JSON",
                format!(
                    "claim {}: its revision is not a revision of its article",
                    c.id
                ),
            ));
        }
        if c.anchor_state != "orphaned" {
            let body = read::revision_body(tx, &c.revision_id)?;
            let range = crate::model::CharRange::new(
                usize::try_from(c.start_char).unwrap_or(usize::MAX),
                usize::try_from(c.end_char).unwrap_or(usize::MAX),
            );
            if crate::text::offsets::slice(&body, range) != Some(c.quote.as_str()) {
                return Err(Error::invalid(
                    "JSON",
                    format!(
                        "claim {}: the quote is not the text at {}..{}",
                        c.id, c.start_char, c.end_char
                    ),
                ));
            }
        }
        let added = tx.execute(
            "INSERT OR IGNORE INTO claim (id, article_id, revision_id, start_char, end_char, quote,
                 prefix, suffix, anchor_state, previous_quote, speaker_id, status, summary, notes,
                 created_at, created_by, updated_at, updated_by, version, deleted,
                 proposed_status, proposed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                 ?18, ?19, ?20, ?21, ?22)",
            params![
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
            ],
        )?;
        count(added, &mut n.claims, &mut n.skipped);
        if added == 0 {
            same_row(
                tx,
                "claim",
                &c.id,
                &[&c.article_id, &c.created_at, &c.created_by],
                "its evidence and history",
            )?;
        }
        for e in &c.evidence {
            let added = tx.execute(
                "INSERT OR IGNORE INTO evidence (id, claim_id, url, title, note, added_at, added_by,
                     version, deleted) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![e.id, c.id, e.url, e.title, e.note, e.added_at, e.added_by, e.version, i64::from(e.deleted)],
            )?;
            count(added, &mut n.evidence, &mut n.skipped);
        }
        for h in &c.history {
            let added = tx.execute(
                "INSERT OR IGNORE INTO claim_history (id, claim_id, at, by, field, old_value, new_value)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![h.id, c.id, h.at, h.by, h.field, h.old_value, h.new_value],
            )?;
            count(added, &mut n.history, &mut n.skipped);
        }
    }
    if read::organisation(tx)?.name.is_empty() && !dump.organisation.name.is_empty() {
        crate::store::write::set_organisation(
            tx,
            Some(&dump.organisation.name),
            Some(&dump.organisation.url),
        )?;
    }
    Ok(n)
}
