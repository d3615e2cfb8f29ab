//! Reads from a workspace; every function takes `&Connection` and changes nothing.

use std::collections::{BTreeMap, HashMap};

use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use crate::model::{
    Anchor, AnchorState, Article, ArticleId, CharRange, Claim, ClaimId, Evidence, HistoryEntry,
    Proposal, Revision, Speaker, SpeakerId, SpeakerRef, Status,
};
use crate::{Error, Result};

/// One line of the article library.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ArticleSummary {
    /// Article id.
    pub id: ArticleId,
    /// Headline.
    pub title: String,
    /// Publication.
    pub outlet: String,
    /// Source URL.
    pub url: String,
    /// Byline.
    pub author: String,
    /// `YYYY-MM-DD` or empty.
    pub published: String,
    /// When it was imported.
    pub imported_at: String,
    /// Current revision number.
    pub revision: i64,
    /// Length of the current text in chars.
    pub chars: usize,
    /// Claims not deleted.
    pub claims: i64,
    /// Claims per verdict (only verdicts that occur); JSON keys are the status codes.
    pub claims_by_status: BTreeMap<Status, i64>,
}

/// Which claims to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimFilter {
    /// Only this article.
    pub article_id: Option<ArticleId>,
    /// Only these statuses (all when empty).
    pub statuses: Vec<Status>,
    /// Only this speaker: canonical name or alias, any case.
    pub speaker: Option<String>,
}

/// Row counts of a workspace, for `check`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Articles.
    pub articles: i64,
    /// Revisions of all articles.
    pub revisions: i64,
    /// Claims (not deleted).
    pub claims: i64,
    /// Deleted claims kept as tombstones.
    pub deleted_claims: i64,
    /// Orphaned claims.
    pub orphaned_claims: i64,
    /// Speakers.
    pub speakers: i64,
    /// Evidence links.
    pub evidence: i64,
    /// History entries.
    pub history: i64,
    /// Merge conflicts waiting for a choice.
    pub open_conflicts: i64,
}

/// A workspace setting from `workspace_meta`.
///
/// # Errors
/// SQLite errors.
pub fn meta(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM workspace_meta WHERE key = ?1",
            [key],
            |r| r.get(0),
        )
        .optional()?)
}

/// The full id of the article whose id starts with `prefix`.
///
/// # Errors
/// [`Error::NotFound`] or [`Error::AmbiguousId`].
pub fn resolve_article(conn: &Connection, prefix: &str) -> Result<ArticleId> {
    resolve_id(conn, "article", prefix).map(ArticleId::from)
}

/// The full id of the claim whose id starts with `prefix`.
///
/// # Errors
/// [`Error::NotFound`] or [`Error::AmbiguousId`].
pub fn resolve_claim(conn: &Connection, prefix: &str) -> Result<ClaimId> {
    resolve_id(conn, "claim", prefix).map(ClaimId::from)
}

fn resolve_id(conn: &Connection, kind: &'static str, prefix: &str) -> Result<String> {
    let table = match kind {
        "article" => "article",
        "claim" => "claim",
        _ => return Err(Error::invalid("kind", kind)),
    };
    let prefix = prefix.trim().to_ascii_lowercase();
    let not_found = || Error::NotFound {
        kind,
        id: prefix.clone(),
    };
    if prefix.is_empty() || !prefix.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(not_found());
    }
    let mut stmt = conn.prepare(&format!(
        "SELECT id FROM {table} WHERE deleted = 0 AND substr(id, 1, length(?1)) = ?1 LIMIT 10"
    ))?;
    let ids: Vec<String> = stmt
        .query_map([&prefix], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    match ids.as_slice() {
        [] => Err(not_found()),
        [one] => Ok(one.clone()),
        many => Err(Error::AmbiguousId {
            kind,
            prefix,
            count: many.len(),
        }),
    }
}

/// The number a new revision of the article gets: one past the highest it has (not past
/// the current one: after a merge, a colleague's later text may be a higher, non-current
/// revision).
///
/// # Errors
/// [`Error::InvalidInput`] when the numbers have run out; SQLite errors.
pub fn next_revision_number(conn: &Connection, article_id: &ArticleId) -> Result<i64> {
    let highest: i64 = conn.query_row(
        "SELECT coalesce(max(number), 0) FROM revision WHERE article_id = ?1",
        [article_id],
        |r| r.get(0),
    )?;
    crate::model::next_counter(highest).ok_or_else(|| {
        Error::invalid(
            "revision number",
            format!("article {article_id} has no revision number left after {highest}"),
        )
    })
}

/// The article with this exact id, with its current text.
///
/// # Errors
/// [`Error::NotFound`] or SQLite errors.
pub fn article(conn: &Connection, id: &ArticleId) -> Result<Article> {
    conn.query_row(
        "SELECT a.id, a.title, a.outlet, a.url, a.author, a.published, a.imported_at,
                a.imported_by, a.current_revision_id, r.number, r.body, r.content_hash
         FROM article a JOIN revision r ON r.id = a.current_revision_id
         WHERE a.id = ?1 AND a.deleted = 0",
        [id],
        |r| {
            Ok(Article {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                url: r.get(3)?,
                author: r.get(4)?,
                published: r.get(5)?,
                imported_at: r.get(6)?,
                imported_by: r.get(7)?,
                current_revision_id: r.get(8)?,
                revision_number: r.get(9)?,
                body: r.get(10)?,
                content_hash: r.get(11)?,
            })
        },
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "article",
        id: id.to_string(),
    })
}

/// Ids of the articles whose current text contains `query` (any case, SQLite's ASCII
/// case folding plus exact match for other scripts).
///
/// # Errors
/// SQLite errors.
pub fn search_articles(conn: &Connection, query: &str) -> Result<Vec<String>> {
    let query = query.trim();
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let mut stmt = conn.prepare(
        "SELECT a.id FROM article a JOIN revision r ON r.id = a.current_revision_id
         WHERE a.deleted = 0 AND (instr(lower(r.body), lower(?1)) > 0 OR instr(r.body, ?1) > 0)
         ORDER BY a.imported_at, a.id",
    )?;
    let ids = stmt.query_map([query], |r| r.get(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Every revision of an article, oldest first.
///
/// # Errors
/// SQLite errors.
pub fn revisions(conn: &Connection, article_id: &ArticleId) -> Result<Vec<Revision>> {
    let mut stmt = conn.prepare(
        "SELECT id, article_id, number, body, content_hash, source, created_at, created_by
         FROM revision WHERE article_id = ?1 ORDER BY number",
    )?;
    let rows = stmt.query_map([article_id], |r| {
        Ok(Revision {
            id: r.get(0)?,
            article_id: r.get(1)?,
            number: r.get(2)?,
            body: r.get(3)?,
            content_hash: r.get(4)?,
            source: r.get(5)?,
            created_at: r.get(6)?,
            created_by: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The text of one revision.
///
/// # Errors
/// [`Error::NotFound`] or SQLite errors.
pub fn revision_body(conn: &Connection, revision_id: &str) -> Result<String> {
    conn.query_row(
        "SELECT body FROM revision WHERE id = ?1",
        [revision_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| Error::NotFound {
        kind: "revision",
        id: revision_id.to_owned(),
    })
}

/// The article (not deleted) whose any revision has this content hash.
///
/// # Errors
/// SQLite errors.
pub fn article_with_hash(conn: &Connection, hash: &str) -> Result<Option<(ArticleId, String)>> {
    Ok(conn
        .query_row(
            "SELECT a.id, a.title FROM revision r JOIN article a ON a.id = r.article_id
             WHERE r.content_hash = ?1 AND a.deleted = 0 ORDER BY a.imported_at LIMIT 1",
            [hash],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

/// The article library: every article with its claim counts, oldest import first.
///
/// # Errors
/// SQLite errors.
pub fn articles(conn: &Connection) -> Result<Vec<ArticleSummary>> {
    let mut stmt = conn.prepare(
        "SELECT a.id, a.title, a.outlet, a.url, a.author, a.published, a.imported_at,
                r.number, length(r.body)
         FROM article a JOIN revision r ON r.id = a.current_revision_id
         WHERE a.deleted = 0 ORDER BY a.imported_at, a.id",
    )?;
    let mut out: Vec<ArticleSummary> = stmt
        .query_map([], |r| {
            Ok(ArticleSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                outlet: r.get(2)?,
                url: r.get(3)?,
                author: r.get(4)?,
                published: r.get(5)?,
                imported_at: r.get(6)?,
                revision: r.get(7)?,
                // SQLite's length() of TEXT counts characters, not bytes.
                chars: usize::try_from(r.get::<_, i64>(8)?).unwrap_or_default(),
                claims: 0,
                claims_by_status: BTreeMap::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut counts = conn.prepare(
        "SELECT article_id, status, count(*) FROM claim WHERE deleted = 0
         GROUP BY article_id, status",
    )?;
    let rows = counts.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })?;
    // The total counts every claim; a status this build does not know (a corrupt or newer
    // file) is in the total but in no verdict's count.
    let mut by_article: HashMap<String, (i64, BTreeMap<Status, i64>)> = HashMap::new();
    for row in rows {
        let (article, status, n) = row?;
        let entry = by_article.entry(article).or_default();
        entry.0 += n;
        if let Some(status) = Status::from_code(&status) {
            entry.1.insert(status, n);
        }
    }
    for a in &mut out {
        if let Some((total, counts)) = by_article.remove(a.id.as_str()) {
            a.claims = total;
            a.claims_by_status = counts;
        }
    }
    Ok(out)
}

const CLAIM_COLUMNS: &str = "c.id, c.article_id, c.revision_id, c.start_char, c.end_char,
    c.quote, c.prefix, c.suffix, c.anchor_state, c.previous_quote, c.speaker_id, s.name,
    c.status, c.summary, c.notes, c.created_at, c.created_by, c.updated_at, c.updated_by,
    c.version, (SELECT number FROM revision rv WHERE rv.id = c.revision_id),
    c.proposed_status, c.proposed_by";

/// How many columns [`CLAIM_COLUMNS`] selects (a column added after them has this index).
const CLAIM_COLUMN_COUNT: usize = 23;

fn claim_from_row(r: &Row<'_>) -> rusqlite::Result<Result<Claim>> {
    let id: String = r.get(0)?;
    let offset = |i: usize| -> rusqlite::Result<Option<usize>> {
        Ok(usize::try_from(r.get::<_, i64>(i)?).ok())
    };
    let (Some(start), Some(end)) = (offset(3)?, offset(4)?) else {
        return Ok(Err(bad_row(&id, "negative offset")));
    };
    let state: String = r.get(8)?;
    let Some(anchor_state) = AnchorState::from_code(&state) else {
        return Ok(Err(bad_row(
            &id,
            &format!("unknown anchor state \"{state}\""),
        )));
    };
    let status: String = r.get(12)?;
    let Some(status) = Status::from_code(&status) else {
        return Ok(Err(bad_row(&id, &format!("unknown status \"{status}\""))));
    };
    let proposed: String = r.get(21)?;
    let proposal = if proposed.is_empty() {
        None
    } else {
        let Some(status) = Status::from_code(&proposed) else {
            return Ok(Err(bad_row(
                &id,
                &format!("unknown proposed verdict \"{proposed}\""),
            )));
        };
        Some(Proposal {
            status,
            by: r.get(22)?,
        })
    };
    let speaker = match (
        r.get::<_, Option<String>>(10)?,
        r.get::<_, Option<String>>(11)?,
    ) {
        (Some(id), Some(name)) => Some(SpeakerRef {
            id: id.into(),
            name,
        }),
        _ => None,
    };
    Ok(Ok(Claim {
        id: id.into(),
        article_id: r.get(1)?,
        revision_id: r.get(2)?,
        revision_number: r.get::<_, Option<i64>>(20)?.unwrap_or_default(),
        anchor: Anchor {
            range: CharRange::new(start, end),
            quote: r.get(5)?,
            prefix: r.get(6)?,
            suffix: r.get(7)?,
        },
        anchor_state,
        previous_quote: r.get(9)?,
        speaker,
        status,
        summary: r.get(13)?,
        notes: r.get(14)?,
        evidence: Vec::new(),
        created_at: r.get(15)?,
        created_by: r.get(16)?,
        updated_at: r.get(17)?,
        updated_by: r.get(18)?,
        version: r.get(19)?,
        proposal,
    }))
}

fn bad_row(id: &str, what: &str) -> Error {
    Error::Corrupt {
        path: std::path::PathBuf::from("(workspace)"),
        detail: format!("claim {id} has {what}"),
    }
}

/// Claims matching `filter`, in article import order then text order, with evidence.
///
/// # Errors
/// SQLite errors, or [`Error::Corrupt`] for a row that breaks the schema's rules.
pub fn claims(conn: &Connection, filter: &ClaimFilter) -> Result<Vec<Claim>> {
    // Conditions are added only when set, so SQLite can use the article index (an
    // `?1 IS NULL OR …` condition would scan every claim of the workspace).
    let mut sql = format!(
        "SELECT {CLAIM_COLUMNS} FROM claim c
         JOIN article a ON a.id = c.article_id
         LEFT JOIN speaker s ON s.id = c.speaker_id
         WHERE c.deleted = 0 AND a.deleted = 0"
    );
    let mut args: Vec<&str> = Vec::new();
    if let Some(article) = &filter.article_id {
        args.push(article);
        sql.push_str(&format!(" AND c.article_id = ?{}", args.len()));
    }
    // Speakers are matched in Rust: SQLite's lower() folds ASCII only ("ÅLUND" ≠ "Ålund").
    let speaker_ids = filter
        .speaker
        .as_deref()
        .map(|name| speaker_ids_named(conn, name))
        .transpose()?;
    sql.push_str(" ORDER BY a.imported_at, a.id, c.start_char, c.end_char, c.id");
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter()), claim_from_row)?;
    let mut out = Vec::new();
    for row in rows {
        let claim = row??;
        let speaker_ok = speaker_ids
            .as_ref()
            .is_none_or(|ids| claim.speaker.as_ref().is_some_and(|s| ids.contains(&s.id)));
        if speaker_ok && (filter.statuses.is_empty() || filter.statuses.contains(&claim.status)) {
            out.push(claim);
        }
    }
    attach_evidence(conn, &mut out, filter.article_id.as_deref())?;
    Ok(out)
}

/// One claim (not deleted) by exact id, with evidence.
///
/// # Errors
/// [`Error::NotFound`] or SQLite errors.
pub fn claim(conn: &Connection, id: &ClaimId) -> Result<Claim> {
    claim_any(conn, id)?
        .filter(|(_, deleted)| !deleted)
        .map(|(c, _)| c)
        .ok_or_else(|| Error::NotFound {
            kind: "claim",
            id: id.to_string(),
        })
}

/// One claim by exact id, deleted or not, with its tombstone flag.
///
/// # Errors
/// SQLite errors.
pub fn claim_any(conn: &Connection, id: &ClaimId) -> Result<Option<(Claim, bool)>> {
    let found = conn
        .query_row(
            &format!(
                "SELECT {CLAIM_COLUMNS}, c.deleted FROM claim c
                 LEFT JOIN speaker s ON s.id = c.speaker_id WHERE c.id = ?1"
            ),
            [id],
            |r| {
                Ok((
                    claim_from_row(r)?,
                    r.get::<_, i64>(CLAIM_COLUMN_COUNT)? != 0,
                ))
            },
        )
        .optional()?;
    let Some((claim, deleted)) = found else {
        return Ok(None);
    };
    let mut claims = vec![claim?];
    attach_evidence(conn, &mut claims, None)?;
    Ok(claims.pop().map(|c| (c, deleted)))
}

fn attach_evidence(conn: &Connection, claims: &mut [Claim], article: Option<&str>) -> Result<()> {
    if claims.is_empty() {
        return Ok(());
    }
    let only_claim = match claims {
        [one] => Some(one.id.clone()),
        _ => None,
    };
    let (condition, key) = match (&only_claim, article) {
        (Some(id), _) => ("e.claim_id = ?1", Some(id.as_str())),
        (None, Some(article)) => ("c.article_id = ?1", Some(article)),
        (None, None) => ("?1 IS NULL", None),
    };
    let mut stmt = conn.prepare(&format!(
        "SELECT e.claim_id, e.id, e.url, e.title, e.note, e.added_at, e.added_by
         FROM evidence e JOIN claim c ON c.id = e.claim_id
         WHERE e.deleted = 0 AND c.deleted = 0 AND {condition}
         ORDER BY e.added_at, e.id"
    ))?;
    let rows = stmt.query_map(params![key], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Evidence {
                id: r.get(1)?,
                url: r.get(2)?,
                title: r.get(3)?,
                note: r.get(4)?,
                added_at: r.get(5)?,
                added_by: r.get(6)?,
            },
        ))
    })?;
    let mut by_claim: HashMap<String, Vec<Evidence>> = HashMap::new();
    for row in rows {
        let (claim_id, ev) = row?;
        by_claim.entry(claim_id).or_default().push(ev);
    }
    for c in claims {
        if let Some(ev) = by_claim.remove(c.id.as_str()) {
            c.evidence = ev;
        }
    }
    Ok(())
}

/// A claim's change history, oldest first.
///
/// # Errors
/// SQLite errors.
pub fn history(conn: &Connection, claim_id: &ClaimId) -> Result<Vec<HistoryEntry>> {
    let mut stmt = conn.prepare(
        "SELECT id, claim_id, at, by, field, old_value, new_value FROM claim_history
         WHERE claim_id = ?1 ORDER BY at, id",
    )?;
    let rows = stmt.query_map([claim_id], |r| {
        Ok(HistoryEntry {
            id: r.get(0)?,
            claim_id: r.get(1)?,
            at: r.get(2)?,
            by: r.get(3)?,
            field: crate::model::HistoryField::parse(&r.get::<_, String>(4)?),
            old_value: r.get(5)?,
            new_value: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every speaker with aliases, by name.
///
/// # Errors
/// SQLite errors.
pub fn speakers(conn: &Connection) -> Result<Vec<Speaker>> {
    let mut stmt = conn.prepare(
        "SELECT id, name, role FROM speaker WHERE deleted = 0 ORDER BY name COLLATE NOCASE, id",
    )?;
    let mut out: Vec<Speaker> = stmt
        .query_map([], |r| {
            Ok(Speaker {
                id: r.get(0)?,
                name: r.get(1)?,
                role: r.get(2)?,
                aliases: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut aliases = conn.prepare("SELECT speaker_id, alias FROM speaker_alias ORDER BY alias")?;
    let rows = aliases.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    let mut by_speaker: HashMap<String, Vec<String>> = HashMap::new();
    for row in rows {
        let (id, alias) = row?;
        by_speaker.entry(id).or_default().push(alias);
    }
    for s in &mut out {
        s.aliases = by_speaker.remove(s.id.as_str()).unwrap_or_default();
    }
    Ok(out)
}

/// The speaker whose canonical name or alias is `name` (any case, any script).
///
/// # Errors
/// SQLite errors.
pub fn speaker_by_name(conn: &Connection, name: &str) -> Result<Option<SpeakerId>> {
    Ok(speaker_ids_named(conn, name)?.into_iter().next())
}

/// Every speaker (not deleted) whose canonical name or an alias equals `name`, comparing
/// with Unicode lower case; canonical-name matches first, oldest first.
fn speaker_ids_named(conn: &Connection, name: &str) -> Result<Vec<SpeakerId>> {
    let wanted = name.trim().to_lowercase();
    let mut stmt = conn.prepare(
        "SELECT id, name, 0 FROM speaker WHERE deleted = 0
         UNION ALL
         SELECT s.id, a.alias, 1 FROM speaker_alias a JOIN speaker s ON s.id = a.speaker_id
         WHERE s.deleted = 0
         ORDER BY 3, 1",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, SpeakerId>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut out: Vec<SpeakerId> = Vec::new();
    for row in rows {
        let (id, label) = row?;
        if label.trim().to_lowercase() == wanted && !out.contains(&id) {
            out.push(id);
        }
    }
    Ok(out)
}

/// A speaker's name by id (deleted speakers included), or `None` when there is none.
///
/// # Errors
/// SQLite errors.
pub fn speaker_name(conn: &Connection, id: &SpeakerId) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT name FROM speaker WHERE id = ?1", [id], |r| r.get(0))
        .optional()?)
}

/// The workspace setting holding the name of the organisation publishing reports.
pub const ORGANISATION_NAME: &str = "organisation_name";
/// The workspace setting holding that organisation's address.
pub const ORGANISATION_URL: &str = "organisation_url";

/// The organisation publishing reports (settings [`ORGANISATION_NAME`] and
/// [`ORGANISATION_URL`], written by [`crate::store::write::set_organisation`]).
///
/// # Errors
/// SQLite errors.
pub fn organisation(conn: &Connection) -> Result<crate::model::report::Organisation> {
    Ok(crate::model::report::Organisation {
        name: meta(conn, ORGANISATION_NAME)?.unwrap_or_default(),
        url: meta(conn, ORGANISATION_URL)?.unwrap_or_default(),
    })
}

/// The articles and claims a report covers, in import and text order.
///
/// # Errors
/// [`Error::NotFound`] for an unknown article id; SQLite errors.
pub fn report_data(
    conn: &Connection,
    scope: &crate::model::report::ReportScope,
) -> Result<crate::model::report::ReportData> {
    let ids: Vec<ArticleId> = if scope.article_ids.is_empty() {
        articles(conn)?.into_iter().map(|a| a.id).collect()
    } else {
        scope.article_ids.clone()
    };
    let mut out = crate::model::report::ReportData {
        organisation: organisation(conn)?,
        articles: Vec::new(),
    };
    for id in ids {
        let article = article(conn, &id)?;
        let filter = ClaimFilter {
            article_id: Some(id),
            ..ClaimFilter::default()
        };
        let claims: Vec<Claim> = claims(conn, &filter)?
            .into_iter()
            .filter(|c| scope.admits(c))
            .map(|mut c| {
                // Left out here, once, so no printer can publish them by mistake.
                if !scope.include_notes {
                    c.notes.clear();
                }
                c
            })
            .collect();
        if !claims.is_empty() {
            out.articles
                .push(crate::model::report::ReportArticle { article, claims });
        }
    }
    Ok(out)
}

/// SQLite's `data_version` of this connection: it changes when another connection (another
/// window, the team worker, the command line) wrote the file.
///
/// # Errors
/// SQLite errors.
pub fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// Whether the workspace holds the demo article (`factdesk`'s first-run demo): work done
/// there should move to a workspace of one's own.
///
/// # Errors
/// SQLite errors.
pub fn is_demo(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM revision WHERE source = 'demo')",
        [],
        |r| r.get(0),
    )?)
}

/// Who last changed a claim's status, from its history (`None` before any change).
///
/// # Errors
/// SQLite errors.
pub fn last_status_change_by(conn: &Connection, claim_id: &ClaimId) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT by FROM claim_history WHERE claim_id = ?1 AND field = 'status'
             ORDER BY at DESC LIMIT 1",
            [claim_id],
            |r| r.get(0),
        )
        .optional()?)
}

/// How many claims hold a final verdict waiting for an editor's sign-off.
///
/// # Errors
/// SQLite errors.
pub fn awaiting_signoff(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM claim WHERE proposed_status <> '' AND deleted = 0",
        [],
        |r| r.get(0),
    )?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Row counts.
///
/// # Errors
/// SQLite errors.
pub fn counts(conn: &Connection) -> Result<Counts> {
    let n = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    Ok(Counts {
        articles: n("SELECT count(*) FROM article WHERE deleted = 0")?,
        revisions: n("SELECT count(*) FROM revision")?,
        claims: n("SELECT count(*) FROM claim WHERE deleted = 0")?,
        deleted_claims: n("SELECT count(*) FROM claim WHERE deleted = 1")?,
        orphaned_claims: n(
            "SELECT count(*) FROM claim WHERE deleted = 0 AND anchor_state = 'orphaned'",
        )?,
        speakers: n("SELECT count(*) FROM speaker WHERE deleted = 0")?,
        evidence: n("SELECT count(*) FROM evidence WHERE deleted = 0")?,
        history: n("SELECT count(*) FROM claim_history")?,
        open_conflicts: i64::try_from(crate::store::conflict::count_open(conn)?)
            .unwrap_or(i64::MAX),
    })
}

/// One fetch of an article's web page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct FetchInfo {
    /// Its id.
    pub id: String,
    /// The article.
    pub article_id: ArticleId,
    /// The revision its text gave or confirmed.
    pub revision_id: String,
    /// The address asked for.
    pub url: String,
    /// The address after redirects.
    pub final_url: String,
    /// The `Content-Type` header.
    pub content_type: String,
    /// When (RFC 3339).
    pub fetched_at: String,
    /// Who.
    pub fetched_by: String,
    /// Size of the raw page.
    pub raw_bytes: i64,
}

/// An article's fetches, oldest first.
///
/// # Errors
/// SQLite errors.
pub fn fetches(conn: &Connection, article_id: &ArticleId) -> Result<Vec<FetchInfo>> {
    let mut stmt = conn.prepare(
        "SELECT id, article_id, revision_id, url, final_url, content_type, fetched_at,
                fetched_by, raw_bytes
         FROM page_fetch WHERE article_id = ?1 ORDER BY fetched_at, id",
    )?;
    let rows = stmt.query_map([article_id], |r| {
        Ok(FetchInfo {
            id: r.get(0)?,
            article_id: r.get(1)?,
            revision_id: r.get(2)?,
            url: r.get(3)?,
            final_url: r.get(4)?,
            content_type: r.get(5)?,
            fetched_at: r.get(6)?,
            fetched_by: r.get(7)?,
            raw_bytes: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Largest raw page [`fetch_raw`] unpacks (the data comes from a file: untrusted).
pub const MAX_RAW_PAGE: u64 = 64 * 1024 * 1024;

/// The raw bytes of a kept page.
///
/// # Errors
/// [`Error::NotFound`]; [`Error::InvalidInput`] when the stored data is not a page this build
/// wrote (not zlib, or larger than [`MAX_RAW_PAGE`]); SQLite errors.
pub fn fetch_raw(conn: &Connection, fetch_id: &str) -> Result<Vec<u8>> {
    use std::io::Read as _;
    let packed: Vec<u8> = conn
        .query_row(
            "SELECT raw_zlib FROM page_fetch WHERE id = ?1",
            [fetch_id],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::NotFound {
            kind: "fetch",
            id: fetch_id.to_owned(),
        })?;
    let mut out = Vec::new();
    flate2::read::ZlibDecoder::new(packed.as_slice())
        .take(MAX_RAW_PAGE + 1)
        .read_to_end(&mut out)
        .map_err(|e| Error::invalid("stored page", e.to_string()))?;
    if out.len() as u64 > MAX_RAW_PAGE {
        return Err(Error::invalid("stored page", "larger than 64 MB"));
    }
    Ok(out)
}
