//! Writes to a workspace. Every function takes the `&Transaction` that
//! [`super::Workspace::write`] opened, so each user edit is one commit.

use rusqlite::{OptionalExtension, Transaction, params};

use crate::model::{
    AnchorState, ArticleId, CharRange, ClaimId, HistoryField, SpeakerId, Status, TextSource,
    new_id, now_timestamp,
};
use crate::store::read;
use crate::text::anchor::anchor_at;
use crate::text::content_hash;
use crate::text::reanchor::Reanchorer;
use crate::{Error, Result};

mod revision;
mod undo;

pub use revision::*;
pub use undo::*;

/// An article to import.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewArticle {
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
    /// Normalised text ([`crate::text::import::normalise`]).
    pub body: String,
    /// Where the text came from.
    pub source: TextSource,
}

/// The editable fields of a claim; `None` leaves a field as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClaimPatch {
    /// `Some(None)` removes the speaker; `Some(Some(name))` sets it (created if new).
    pub speaker: Option<Option<String>>,
    /// New status.
    pub status: Option<Status>,
    /// New summary.
    pub summary: Option<String>,
    /// New notes.
    pub notes: Option<String>,
}

/// Sets a workspace setting.
///
/// # Errors
/// SQLite errors.
pub fn set_meta(tx: &Transaction<'_>, key: &str, value: &str) -> Result<()> {
    tx.execute(
        "INSERT INTO workspace_meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Sets the organisation that publishes reports (the settings [`read::organisation`]
/// reads); `None` leaves that part as it is. Names and addresses are trimmed.
///
/// # Errors
/// SQLite errors.
pub fn set_organisation(tx: &Transaction<'_>, name: Option<&str>, url: Option<&str>) -> Result<()> {
    if let Some(name) = name {
        set_meta(tx, read::ORGANISATION_NAME, name.trim())?;
    }
    if let Some(url) = url {
        set_meta(tx, read::ORGANISATION_URL, url.trim())?;
    }
    Ok(())
}

fn validate_date(published: &str) -> Result<()> {
    if published.is_empty() || chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d").is_ok() {
        Ok(())
    } else {
        Err(Error::invalid(
            "publication date",
            format!("\"{published}\" is not a date of the form YYYY-MM-DD"),
        ))
    }
}

/// Imports an article; returns its id.
///
/// # Errors
/// [`Error::DuplicateArticle`] if the same text is already in the workspace,
/// [`Error::Import`] for an empty body, [`Error::InvalidInput`] for a malformed date.
pub fn import_article(tx: &Transaction<'_>, new: &NewArticle, who: &str) -> Result<ArticleId> {
    if new.body.trim().is_empty() {
        return Err(Error::import("the article is empty"));
    }
    validate_date(&new.published)?;
    let hash = content_hash(&new.body);
    if let Some((existing_id, title)) = read::article_with_hash(tx, &hash)? {
        return Err(Error::DuplicateArticle { existing_id, title });
    }
    let now = now_timestamp();
    let article_id = ArticleId::generate();
    let revision_id = new_id();
    let title = if new.title.trim().is_empty() {
        "Untitled article"
    } else {
        new.title.trim()
    };
    tx.execute(
        "INSERT INTO article (id, title, outlet, url, author, published, imported_at,
             imported_by, current_revision_id, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?7, ?8)",
        params![
            article_id,
            title,
            new.outlet.trim(),
            new.url.trim(),
            new.author.trim(),
            new.published,
            now,
            who,
            revision_id
        ],
    )?;
    insert_revision(
        tx,
        &revision_id,
        &article_id,
        1,
        &new.body,
        &hash,
        &new.source.code(),
        &now,
        who,
    )?;
    Ok(article_id)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row's columns, named at the one call site each"
)]
fn insert_revision(
    tx: &Transaction<'_>,
    id: &str,
    article_id: &ArticleId,
    number: i64,
    body: &str,
    hash: &str,
    source: &str,
    at: &str,
    who: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO revision (id, article_id, number, body, content_hash, source, created_at,
             created_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![id, article_id, number, body, hash, source, at, who],
    )?;
    Ok(())
}

fn record(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    at: &str,
    who: &str,
    field: &HistoryField,
    old: &str,
    new: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO claim_history (id, claim_id, at, by, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![new_id(), claim_id, at, who, field.code(), old, new],
    )?;
    Ok(())
}

/// The id of the speaker called `name` (canonical or alias, any case), created if new.
///
/// # Errors
/// [`Error::InvalidInput`] for an empty name; SQLite errors.
pub fn speaker_id_for(tx: &Transaction<'_>, name: &str, who: &str) -> Result<SpeakerId> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("speaker", "the name is empty"));
    }
    if let Some(id) = read::speaker_by_name(tx, name)? {
        return Ok(id);
    }
    let id = SpeakerId::generate();
    let now = now_timestamp();
    tx.execute(
        "INSERT INTO speaker (id, name, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?3, ?4)",
        params![id, name, now, who],
    )?;
    Ok(id)
}

/// Adds an alias to a speaker ("Ms Lind" for "Maria Lind").
///
/// # Errors
/// SQLite errors.
pub fn add_speaker_alias(tx: &Transaction<'_>, speaker_id: &SpeakerId, alias: &str) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
        params![speaker_id, alias.trim()],
    )?;
    Ok(())
}

/// The article and the anchor of `range` on its current text, without the whitespace at
/// the range's edges.
fn anchor_on_current_text(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    range: CharRange,
) -> Result<(crate::model::Article, crate::model::Anchor)> {
    let article = read::article(tx, article_id)?;
    let trimmed = crate::text::anchor::trim_range(&article.body, range);
    let anchor = anchor_at(&article.body, trimmed)?;
    Ok((article, anchor))
}

/// Creates a claim on `range` (char offsets) of the article's current text, then applies
/// `fields`. Whitespace at the range's edges is not part of the claim. Returns its id.
///
/// # Errors
/// [`Error::NotFound`] for the article, [`Error::InvalidAnchor`] for a bad range.
pub fn add_claim(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    range: CharRange,
    fields: &ClaimPatch,
    who: &str,
) -> Result<ClaimId> {
    let (article, anchor) = anchor_on_current_text(tx, article_id, range)?;
    let id = ClaimId::generate();
    let now = now_timestamp();
    tx.execute(
        "INSERT INTO claim (id, article_id, revision_id, start_char, end_char, quote, prefix,
             suffix, created_at, created_by, updated_at, updated_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?9, ?10)",
        params![
            id,
            article_id,
            article.current_revision_id,
            anchor.range.start as i64,
            anchor.range.end as i64,
            anchor.quote,
            anchor.prefix,
            anchor.suffix,
            now,
            who
        ],
    )?;
    record(
        tx,
        &id,
        &now,
        who,
        &HistoryField::Created,
        "",
        &anchor.quote,
    )?;
    apply_patch(tx, &id, fields, who, &now, false)?;
    Ok(id)
}

/// Changes a claim's fields, recording each change in its history. Returns whether
/// anything changed.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn update_claim(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    patch: &ClaimPatch,
    who: &str,
) -> Result<bool> {
    apply_patch(tx, claim_id, patch, who, &now_timestamp(), true)
}

fn apply_patch(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    patch: &ClaimPatch,
    who: &str,
    now: &str,
    bump_version: bool,
) -> Result<bool> {
    let current = read::claim(tx, claim_id)?;
    let mut changed = false;
    if let Some(speaker) = &patch.speaker {
        let new_id = match speaker.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => Some(speaker_id_for(tx, name, who)?),
            _ => None,
        };
        let old_id = current.speaker.as_ref().map(|s| s.id.clone());
        if new_id != old_id {
            let new_name = match &new_id {
                Some(id) => tx
                    .query_row("SELECT name FROM speaker WHERE id = ?1", [id], |r| r.get(0))
                    .optional()?
                    .unwrap_or_default(),
                None => String::new(),
            };
            tx.execute(
                "UPDATE claim SET speaker_id = ?2 WHERE id = ?1",
                params![claim_id, new_id],
            )?;
            let old_name = current
                .speaker
                .as_ref()
                .map(|s| s.name.clone())
                .unwrap_or_default();
            record(
                tx,
                claim_id,
                now,
                who,
                &HistoryField::Speaker,
                &old_name,
                &new_name,
            )?;
            changed = true;
        }
    }
    if let Some(status) = patch.status
        && status != current.status
    {
        // A verdict set by hand settles any verdict that waited for sign-off.
        tx.execute(
            "UPDATE claim SET status = ?2, proposed_status = '', proposed_by = '' WHERE id = ?1",
            params![claim_id, status.code()],
        )?;
        record(
            tx,
            claim_id,
            now,
            who,
            &HistoryField::Status,
            current.status.code(),
            status.code(),
        )?;
        changed = true;
    }
    for (field, value, old) in [
        (HistoryField::Summary, &patch.summary, &current.summary),
        (HistoryField::Notes, &patch.notes, &current.notes),
    ] {
        if let Some(value) = value
            && value != old
        {
            tx.execute(
                &format!("UPDATE claim SET {} = ?2 WHERE id = ?1", field.code()),
                params![claim_id, value],
            )?;
            record(tx, claim_id, now, who, &field, old, value)?;
            changed = true;
        }
    }
    if changed {
        touch(tx, claim_id, now, who, bump_version)?;
    }
    Ok(changed)
}

/// Turns the claim's status into a proposal waiting for sign-off: the status goes back to
/// `keep` and the verdict it had waits as proposed by `who`. Returns whether anything changed.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn propose_verdict(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    keep: Status,
    who: &str,
) -> Result<bool> {
    let current = read::claim(tx, claim_id)?;
    if current.status == keep {
        return Ok(false);
    }
    let now = now_timestamp();
    tx.execute(
        "UPDATE claim SET status = ?2, proposed_status = ?3, proposed_by = ?4 WHERE id = ?1",
        params![claim_id, keep.code(), current.status.code(), who],
    )?;
    let old = current
        .proposal
        .map(|p| p.status.code())
        .unwrap_or_default();
    record(
        tx,
        claim_id,
        &now,
        who,
        &HistoryField::Proposal,
        old,
        current.status.code(),
    )?;
    record(
        tx,
        claim_id,
        &now,
        who,
        &HistoryField::Status,
        current.status.code(),
        keep.code(),
    )?;
    touch(tx, claim_id, &now, who, true)?;
    Ok(true)
}

/// Declines the verdict waiting for sign-off on a claim (its status stays). Returns whether
/// there was one.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn decline_proposal(tx: &Transaction<'_>, claim_id: &ClaimId, who: &str) -> Result<bool> {
    let current = read::claim(tx, claim_id)?;
    let Some(proposal) = current.proposal else {
        return Ok(false);
    };
    let now = now_timestamp();
    tx.execute(
        "UPDATE claim SET proposed_status = '', proposed_by = '' WHERE id = ?1",
        [claim_id],
    )?;
    record(
        tx,
        claim_id,
        &now,
        who,
        &HistoryField::Proposal,
        proposal.status.code(),
        "",
    )?;
    touch(tx, claim_id, &now, who, true)?;
    Ok(true)
}

fn touch(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    now: &str,
    who: &str,
    bump_version: bool,
) -> Result<()> {
    tx.execute(
        "UPDATE claim SET updated_at = ?2, updated_by = ?3, version = version + ?4 WHERE id = ?1",
        params![claim_id, now, who, i64::from(bump_version)],
    )?;
    Ok(())
}

/// Adds an evidence link to a claim; returns its id.
///
/// # Errors
/// [`Error::InvalidInput`] for an empty URL, [`Error::NotFound`] for the claim.
pub fn add_evidence(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    url: &str,
    title: &str,
    note: &str,
    who: &str,
) -> Result<String> {
    let url = url.trim();
    if url.is_empty() {
        return Err(Error::invalid("evidence", "the URL is empty"));
    }
    read::claim(tx, claim_id)?;
    let id = new_id();
    let now = now_timestamp();
    tx.execute(
        "INSERT INTO evidence (id, claim_id, url, title, note, added_at, added_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, claim_id, url, title.trim(), note.trim(), now, who],
    )?;
    record(tx, claim_id, &now, who, &HistoryField::Evidence, "", url)?;
    touch(tx, claim_id, &now, who, true)?;
    Ok(id)
}

/// Removes an evidence link (kept as a tombstone).
///
/// # Errors
/// [`Error::NotFound`]; SQLite errors.
pub fn remove_evidence(tx: &Transaction<'_>, evidence_id: &str, who: &str) -> Result<()> {
    set_evidence_deleted(tx, evidence_id, who, true)
}

/// Undoes [`remove_evidence`] (or redoes [`add_evidence`] after an undo).
///
/// # Errors
/// [`Error::NotFound`]; SQLite errors.
pub fn restore_evidence(tx: &Transaction<'_>, evidence_id: &str, who: &str) -> Result<()> {
    set_evidence_deleted(tx, evidence_id, who, false)
}

fn set_evidence_deleted(
    tx: &Transaction<'_>,
    evidence_id: &str,
    who: &str,
    deleted: bool,
) -> Result<()> {
    let found: Option<(ClaimId, String)> = tx
        .query_row(
            "SELECT claim_id, url FROM evidence WHERE id = ?1 AND deleted = ?2",
            params![evidence_id, i64::from(!deleted)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let Some((claim_id, url)) = found else {
        return Err(Error::NotFound {
            kind: "evidence",
            id: evidence_id.to_owned(),
        });
    };
    let now = now_timestamp();
    tx.execute(
        "UPDATE evidence SET deleted = ?2, version = version + 1 WHERE id = ?1",
        params![evidence_id, i64::from(deleted)],
    )?;
    let (old, new) = if deleted {
        (url.as_str(), "")
    } else {
        ("", url.as_str())
    };
    record(tx, &claim_id, &now, who, &HistoryField::Evidence, old, new)?;
    touch(tx, &claim_id, &now, who, true)
}

/// Puts a claim on `range` of its article's current text and marks it placed: re-attaches
/// an orphan, or confirms a claim whose words changed ("re-checked").
///
/// # Errors
/// [`Error::NotFound`], [`Error::InvalidAnchor`]; SQLite errors.
pub fn reattach_claim(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    range: CharRange,
    who: &str,
) -> Result<()> {
    let claim = read::claim(tx, claim_id)?;
    let (article, anchor) = anchor_on_current_text(tx, &claim.article_id, range)?;
    let now = now_timestamp();
    tx.execute(
        "UPDATE claim SET revision_id = ?2, start_char = ?3, end_char = ?4, quote = ?5,
             prefix = ?6, suffix = ?7, anchor_state = 'placed', previous_quote = '',
             updated_at = ?8, updated_by = ?9, version = version + 1
         WHERE id = ?1",
        params![
            claim_id,
            article.current_revision_id,
            anchor.range.start as i64,
            anchor.range.end as i64,
            anchor.quote,
            anchor.prefix,
            anchor.suffix,
            now,
            who
        ],
    )?;
    record(
        tx,
        claim_id,
        &now,
        who,
        &HistoryField::Anchor,
        &format!("{} ({})", claim.anchor.quote, claim.anchor_state.code()),
        &format!(
            "r{} {}..{} {}",
            article.revision_number, anchor.range.start, anchor.range.end, anchor.quote
        ),
    )
}

/// Deletes a claim: it becomes a tombstone (so the deletion travels when files merge, and
/// can be undone with [`restore_claim`]).
///
/// # Errors
/// [`Error::NotFound`]; SQLite errors.
pub fn delete_claim(tx: &Transaction<'_>, claim_id: &ClaimId, who: &str) -> Result<()> {
    set_deleted(tx, claim_id, who, true)
}

/// Undoes [`delete_claim`].
///
/// # Errors
/// [`Error::NotFound`]; SQLite errors.
pub fn restore_claim(tx: &Transaction<'_>, claim_id: &ClaimId, who: &str) -> Result<()> {
    set_deleted(tx, claim_id, who, false)
}

fn set_deleted(tx: &Transaction<'_>, claim_id: &ClaimId, who: &str, deleted: bool) -> Result<()> {
    let now = now_timestamp();
    let n = tx.execute(
        "UPDATE claim SET deleted = ?2, updated_at = ?3, updated_by = ?4, version = version + 1
         WHERE id = ?1 AND deleted = ?5",
        params![claim_id, i64::from(deleted), now, who, i64::from(!deleted)],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            kind: "claim",
            id: claim_id.to_string(),
        });
    }
    let (field, old, new) = if deleted {
        (HistoryField::Deleted, "", "deleted")
    } else {
        (HistoryField::Restored, "deleted", "")
    };
    record(tx, claim_id, &now, who, &field, old, new)?;
    if !deleted {
        // The article's text may have changed while the claim was deleted: bring it onto
        // the current revision as a replacement would have.
        let claim = read::claim(tx, claim_id)?;
        let article = read::article(tx, &claim.article_id)?;
        if claim.revision_id != article.current_revision_id
            && claim.anchor_state != AnchorState::Orphaned
        {
            let old_body = read::revision_body(tx, &claim.revision_id)?;
            let matcher = Reanchorer::new(&old_body, &article.body);
            place_claim(
                tx,
                claim,
                &matcher,
                &article.current_revision_id,
                article.revision_number,
                &now,
                who,
            )?;
        }
    }
    Ok(())
}

/// A fetched web page to keep ([`record_fetch`]).
#[derive(Debug, Clone, Copy)]
pub struct NewFetch<'a> {
    /// The address asked for.
    pub url: &'a str,
    /// The address after redirects.
    pub final_url: &'a str,
    /// The `Content-Type` header.
    pub content_type: &'a str,
    /// The raw bytes of the page.
    pub raw: &'a [u8],
}

/// Records on a claim made from an assistant's suggestion why the assistant suggested it
/// (its cue and how it found the speaker), so the claim's history shows it.
///
/// # Errors
/// SQLite errors.
pub fn record_suggestion(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    reason: &str,
    who: &str,
) -> Result<()> {
    let now = now_timestamp();
    record(
        tx,
        claim_id,
        &now,
        who,
        &HistoryField::Suggested,
        "",
        reason,
    )
}

/// Keeps a fetched page, compressed, with the article revision its text gave (or that it
/// confirmed unchanged). Returns the fetch's id.
///
/// # Errors
/// SQLite errors; [`Error::Import`] if compressing fails.
pub fn record_fetch(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    revision_id: &str,
    page: &NewFetch<'_>,
    who: &str,
) -> Result<String> {
    use std::io::Write as _;
    let mut enc = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    let packed = enc
        .write_all(page.raw)
        .and_then(|()| enc.finish())
        .map_err(|e| Error::import(format!("cannot compress the page: {e}")))?;
    let id = new_id();
    tx.execute(
        "INSERT INTO page_fetch (id, article_id, revision_id, url, final_url, content_type,
             fetched_at, fetched_by, raw_zlib, raw_bytes)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            id,
            article_id,
            revision_id,
            page.url,
            page.final_url,
            page.content_type,
            now_timestamp(),
            who,
            packed,
            i64::try_from(page.raw.len()).unwrap_or(i64::MAX)
        ],
    )?;
    Ok(id)
}

/// Two laptops that each made a speaker for the same person (accepting the assistant's
/// suggestions offline, say) end up with two speakers of one name once they sync. As in a
/// file merge, speakers whose names agree (any case, any spacing) become one: the one with
/// the smallest id, which every copy picks alike, so they all converge. The others' claims
/// move to it, their names and aliases become its aliases, and they are deleted
/// (tombstones). Returns how many speakers were merged into another.
///
/// # Errors
/// SQLite errors.
pub fn unify_speakers(tx: &Transaction<'_>, who: &str) -> Result<usize> {
    let speakers: Vec<(String, String)> = tx
        .prepare("SELECT id, name FROM speaker WHERE deleted = 0 ORDER BY id")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut first: std::collections::HashMap<String, (String, String)> =
        std::collections::HashMap::new();
    let now = now_timestamp();
    let mut unified = 0;
    for (id, name) in speakers {
        let key = crate::store::merge::speaker_key(&name);
        let Some((winner, winner_name)) = first.get(&key).cloned() else {
            first.insert(key, (id, name));
            continue;
        };
        tx.execute(
            "UPDATE claim SET speaker_id = ?1, updated_at = ?3, updated_by = ?4,
                 version = version + 1
             WHERE speaker_id = ?2",
            params![winner, id, now, who],
        )?;
        tx.execute(
            "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias)
             SELECT ?1, alias FROM speaker_alias WHERE speaker_id = ?2",
            params![winner, id],
        )?;
        if name != winner_name {
            tx.execute(
                "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
                params![winner, name],
            )?;
        }
        tx.execute(
            "UPDATE speaker SET deleted = 1, updated_at = ?2, updated_by = ?3,
                 version = version + 1
             WHERE id = ?1",
            params![id, now, who],
        )?;
        unified += 1;
    }
    Ok(unified)
}
