//! Writes to a workspace. Every function takes the `&Transaction` that
//! [`super::Workspace::write`] opened, so each user edit is one commit.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::model::{AnchorState, CharRange, Status, new_id, now_timestamp};
use crate::store::read;
use crate::text::anchor::anchor_at;
use crate::text::content_hash;
use crate::text::reanchor::Reanchorer;
use crate::{Error, Result};

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
    /// Where the text came from: `file:PATH`, `paste`, `url:URL`.
    pub source: String,
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
pub fn import_article(tx: &Transaction<'_>, new: &NewArticle, who: &str) -> Result<String> {
    if new.body.trim().is_empty() {
        return Err(Error::import("the article is empty"));
    }
    validate_date(&new.published)?;
    let hash = content_hash(&new.body);
    if let Some((existing_id, title)) = read::article_with_hash(tx, &hash)? {
        return Err(Error::DuplicateArticle { existing_id, title });
    }
    let now = now_timestamp();
    let article_id = new_id();
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
        &new.source,
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
    article_id: &str,
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

/// What happened to one claim when its article's text changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimReanchoring {
    /// The claim.
    pub claim_id: String,
    /// Outcome.
    pub state: AnchorState,
    /// Range before, in the claim's old revision.
    pub old_range: CharRange,
    /// Range now (the old one when orphaned).
    pub new_range: CharRange,
    /// Words before.
    pub old_quote: String,
    /// Words now.
    pub new_quote: String,
    /// Similarity of new to old words (1.0 exact).
    pub similarity: f64,
}

/// The result of replacing an article's text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReanchorReport {
    /// The article.
    pub article_id: String,
    /// False when the text was the same and nothing changed.
    pub changed: bool,
    /// Revision number now current.
    pub revision: i64,
    /// One entry per claim that was re-anchored.
    pub claims: Vec<ClaimReanchoring>,
}

impl ReanchorReport {
    /// How many claims ended in `state`.
    pub fn count(&self, state: AnchorState) -> usize {
        self.claims.iter().filter(|c| c.state == state).count()
    }
}

/// Replaces an article's text by a new revision and re-anchors every claim onto it.
/// Claims that cannot be placed are kept, marked orphaned, on their old revision.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Import`] for an empty body, SQLite errors.
pub fn replace_article_text(
    tx: &Transaction<'_>,
    article_id: &str,
    body: &str,
    source: &str,
    who: &str,
) -> Result<ReanchorReport> {
    if body.trim().is_empty() {
        return Err(Error::import("the new text is empty"));
    }
    let article = read::article(tx, article_id)?;
    let hash = content_hash(body);
    if hash == article.content_hash {
        return Ok(ReanchorReport {
            article_id: article_id.to_owned(),
            changed: false,
            revision: article.revision_number,
            claims: Vec::new(),
        });
    }
    let now = now_timestamp();
    let revision_id = new_id();
    let number = read::next_revision_number(tx, article_id)?;
    insert_revision(
        tx,
        &revision_id,
        article_id,
        number,
        body,
        &hash,
        source,
        &now,
        who,
    )?;
    tx.execute(
        "UPDATE article SET current_revision_id = ?2, updated_at = ?3, updated_by = ?4,
             version = version + 1 WHERE id = ?1",
        params![article_id, revision_id, now, who],
    )?;

    reanchor_claims(tx, article_id, &revision_id, number, body, &now, who, false)
}

/// Moves the claims of an article that sit on another text than its current one (and are
/// not orphaned there) onto the current text, as [`replace_article_text`] does: after a
/// sync brought a colleague's newer revision while claims were made here on the older one.
///
/// # Errors
/// [`Error::NotFound`], SQLite errors.
pub fn follow_current_revision(
    tx: &Transaction<'_>,
    article_id: &str,
    who: &str,
) -> Result<ReanchorReport> {
    let article = read::article(tx, article_id)?;
    reanchor_claims(
        tx,
        article_id,
        &article.current_revision_id,
        article.revision_number,
        &article.body,
        &now_timestamp(),
        who,
        true,
    )
}

#[expect(
    clippy::too_many_arguments,
    reason = "the two callers share this loop; a struct would only rename the arguments"
)]
fn reanchor_claims(
    tx: &Transaction<'_>,
    article_id: &str,
    revision_id: &str,
    number: i64,
    body: &str,
    now: &str,
    who: &str,
    only_elsewhere: bool,
) -> Result<ReanchorReport> {
    let filter = read::ClaimFilter {
        article_id: Some(article_id.to_owned()),
        ..read::ClaimFilter::default()
    };
    let mut claims = read::claims(tx, &filter)?;
    if only_elsewhere {
        claims.retain(|c| c.revision_id != revision_id && c.anchor_state != AnchorState::Orphaned);
    }
    let mut old_bodies: HashMap<String, String> = HashMap::new();
    for claim in &claims {
        if !old_bodies.contains_key(&claim.revision_id) {
            let old = read::revision_body(tx, &claim.revision_id)?;
            old_bodies.insert(claim.revision_id.clone(), old);
        }
    }
    let matchers: HashMap<&str, Reanchorer<'_>> = old_bodies
        .iter()
        .map(|(id, old)| (id.as_str(), Reanchorer::new(old, body)))
        .collect();

    let mut outcomes = Vec::with_capacity(claims.len());
    for claim in claims {
        let Some(matcher) = matchers.get(claim.revision_id.as_str()) else {
            continue;
        };
        outcomes.push(place_claim(
            tx,
            claim,
            matcher,
            revision_id,
            number,
            now,
            who,
        )?);
    }
    Ok(ReanchorReport {
        article_id: article_id.to_owned(),
        changed: !outcomes.is_empty() || !only_elsewhere,
        revision: number,
        claims: outcomes,
    })
}

/// Moves one claim onto a new revision with `matcher` and records what happened.
///
/// A claim whose words changed earlier and was not yet re-checked (`previous_quote` set)
/// stays "quote changed" wherever it lands, and keeps the words its verdict was made on.
fn place_claim(
    tx: &Transaction<'_>,
    claim: crate::model::Claim,
    matcher: &Reanchorer<'_>,
    revision_id: &str,
    number: i64,
    now: &str,
    who: &str,
) -> Result<ClaimReanchoring> {
    let landing = land(matcher, &claim.anchor, &claim.previous_quote);
    let state = landing.state;
    let orphaned = state == AnchorState::Orphaned;
    let new_revision = if orphaned {
        claim.revision_id.as_str()
    } else {
        revision_id
    };
    let previous_quote = &landing.previous_quote;
    let a = &landing.anchor;
    tx.execute(
        "UPDATE claim SET revision_id = ?2, start_char = ?3, end_char = ?4, quote = ?5,
             prefix = ?6, suffix = ?7, anchor_state = ?8, previous_quote = ?9,
             updated_at = ?10, updated_by = ?11, version = version + 1
         WHERE id = ?1",
        params![
            claim.id,
            new_revision,
            a.range.start as i64,
            a.range.end as i64,
            a.quote,
            a.prefix,
            a.suffix,
            state.code(),
            previous_quote,
            now,
            who
        ],
    )?;
    let old_number: i64 = tx
        .query_row(
            "SELECT number FROM revision WHERE id = ?1",
            [&claim.revision_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default();
    let (old_text, new_text) = describe_landing(
        old_number,
        &claim.anchor,
        if orphaned { old_number } else { number },
        &landing,
    );
    record(tx, &claim.id, now, who, "anchor", &old_text, &new_text)?;
    Ok(ClaimReanchoring {
        claim_id: claim.id,
        state,
        old_range: claim.anchor.range,
        new_range: a.range,
        old_quote: claim.anchor.quote,
        new_quote: a.quote.clone(),
        similarity: landing.similarity,
    })
}

/// Where a claim lands on a new revision.
#[derive(Debug, Clone)]
pub(crate) struct Landing {
    /// The anchor on the new text, or the old one when orphaned.
    pub anchor: crate::model::Anchor,
    /// What happened.
    pub state: AnchorState,
    /// The words the verdict was made on, when they differ from the anchor's.
    pub previous_quote: String,
    /// Similarity of the new words to the old quote.
    pub similarity: f64,
}

/// Places `anchor` with `matcher`. A claim whose words changed earlier and was not yet
/// re-checked (`previous_quote` set) stays "quote changed" wherever it lands, and keeps the
/// words its verdict was made on.
pub(crate) fn land(
    matcher: &Reanchorer<'_>,
    anchor: &crate::model::Anchor,
    previous_quote: &str,
) -> Landing {
    let placement = matcher.place(anchor);
    let pending_recheck = !previous_quote.is_empty();
    let state = match placement.state {
        AnchorState::Placed | AnchorState::Moved if pending_recheck => AnchorState::QuoteChanged,
        other => other,
    };
    let previous_quote = if state == AnchorState::QuoteChanged && !pending_recheck {
        anchor.quote.clone()
    } else {
        previous_quote.to_owned()
    };
    Landing {
        anchor: placement.anchor,
        state,
        previous_quote,
        similarity: placement.similarity,
    }
}

/// The old and new values of the "anchor" history entry for a re-anchoring.
pub(crate) fn describe_landing(
    old_number: i64,
    old: &crate::model::Anchor,
    new_number: i64,
    landing: &Landing,
) -> (String, String) {
    let describe = |rev: i64, r: CharRange, q: &str| format!("r{rev} {}..{} {q}", r.start, r.end);
    (
        describe(old_number, old.range, &old.quote),
        format!(
            "{} ({})",
            describe(new_number, landing.anchor.range, &landing.anchor.quote),
            landing.state.code()
        ),
    )
}

fn record(
    tx: &Transaction<'_>,
    claim_id: &str,
    at: &str,
    who: &str,
    field: &str,
    old: &str,
    new: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO claim_history (id, claim_id, at, by, field, old_value, new_value)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![new_id(), claim_id, at, who, field, old, new],
    )?;
    Ok(())
}

/// The id of the speaker called `name` (canonical or alias, any case), created if new.
///
/// # Errors
/// [`Error::InvalidInput`] for an empty name; SQLite errors.
pub fn speaker_id_for(tx: &Transaction<'_>, name: &str, who: &str) -> Result<String> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Error::invalid("speaker", "the name is empty"));
    }
    if let Some(id) = read::speaker_by_name(tx, name)? {
        return Ok(id);
    }
    let id = new_id();
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
pub fn add_speaker_alias(tx: &Transaction<'_>, speaker_id: &str, alias: &str) -> Result<()> {
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
    article_id: &str,
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
    article_id: &str,
    range: CharRange,
    fields: &ClaimPatch,
    who: &str,
) -> Result<String> {
    let (article, anchor) = anchor_on_current_text(tx, article_id, range)?;
    let id = new_id();
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
    record(tx, &id, &now, who, "created", "", &anchor.quote)?;
    apply_patch(tx, &id, fields, who, &now, false)?;
    Ok(id)
}

/// A field changed by someone (a colleague's sync, another window, a merge) after the edit
/// that an undo or redo would take back: the step is skipped rather than written over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSince {
    /// The field, as the claim's history names it (`status`, `speaker`, `summary`, `notes`).
    pub field: &'static str,
    /// Who changed it last, from the claim's history (empty when the history does not say).
    pub by: String,
    /// When (RFC 3339), or empty.
    pub at: String,
}

impl ChangedSince {
    /// One line for the status bar: which field, who, when.
    pub fn message(&self) -> String {
        let field = match self.field {
            "status" => "verdict",
            other => other,
        };
        match (self.by.as_str(), self.at.as_str()) {
            ("", _) => format!("its {field} was changed since elsewhere"),
            (by, "") => format!("its {field} was changed since by {by}"),
            (by, at) => format!("its {field} was changed since by {by} at {at}"),
        }
    }
}

/// Who last changed `field` of a claim, from its history.
fn last_change(tx: &Transaction<'_>, claim_id: &str, field: &'static str) -> Result<ChangedSince> {
    let found: Option<(String, String)> = tx
        .query_row(
            "SELECT by, at FROM claim_history WHERE claim_id = ?1 AND field = ?2
             ORDER BY at DESC, id DESC LIMIT 1",
            params![claim_id, field],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (by, at) = found.unwrap_or_default();
    Ok(ChangedSince { field, by, at })
}

/// Applies `restore` (an undo or redo step) only if each field it touches still holds the
/// value `expect` gives, i.e. the value the step being taken back had set. Otherwise
/// nothing is written and the first field someone changed since is returned.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn update_claim_if_unchanged(
    tx: &Transaction<'_>,
    claim_id: &str,
    expect: &ClaimPatch,
    restore: &ClaimPatch,
    who: &str,
) -> Result<Option<ChangedSince>> {
    let current = read::claim(tx, claim_id)?;
    if let Some(speaker) = &expect.speaker {
        let expected_id = match speaker.as_deref().map(str::trim) {
            Some(name) if !name.is_empty() => read::speaker_by_name(tx, name)?,
            _ => None,
        };
        if current.speaker.as_ref().map(|s| &s.id) != expected_id.as_ref() {
            return Ok(Some(last_change(tx, claim_id, "speaker")?));
        }
    }
    if expect.status.is_some_and(|s| s != current.status) {
        return Ok(Some(last_change(tx, claim_id, "status")?));
    }
    for (field, value, now) in [
        ("summary", &expect.summary, &current.summary),
        ("notes", &expect.notes, &current.notes),
    ] {
        if value.as_ref().is_some_and(|v| v != now) {
            return Ok(Some(last_change(tx, claim_id, field)?));
        }
    }
    update_claim(tx, claim_id, restore, who)?;
    Ok(None)
}

/// The latest change to a claim by anyone but `who`, if there is one: undoing the claim's
/// creation would delete their work too.
///
/// # Errors
/// SQLite errors.
pub fn changed_by_others(
    tx: &Transaction<'_>,
    claim_id: &str,
    who: &str,
) -> Result<Option<ChangedSince>> {
    let found: Option<(String, String, String)> = tx
        .query_row(
            "SELECT field, by, at FROM claim_history WHERE claim_id = ?1 AND by <> ?2
             ORDER BY at DESC, id DESC LIMIT 1",
            params![claim_id, who],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    Ok(found.map(|(field, by, at)| ChangedSince {
        field: match field.as_str() {
            "speaker" => "speaker",
            "status" => "status",
            "summary" => "summary",
            "notes" => "notes",
            _ => "claim",
        },
        by,
        at,
    }))
}

/// Changes a claim's fields, recording each change in its history. Returns whether
/// anything changed.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn update_claim(
    tx: &Transaction<'_>,
    claim_id: &str,
    patch: &ClaimPatch,
    who: &str,
) -> Result<bool> {
    apply_patch(tx, claim_id, patch, who, &now_timestamp(), true)
}

fn apply_patch(
    tx: &Transaction<'_>,
    claim_id: &str,
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
            record(tx, claim_id, now, who, "speaker", &old_name, &new_name)?;
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
            "status",
            current.status.code(),
            status.code(),
        )?;
        changed = true;
    }
    for (field, value, old) in [
        ("summary", &patch.summary, &current.summary),
        ("notes", &patch.notes, &current.notes),
    ] {
        if let Some(value) = value
            && value != old
        {
            tx.execute(
                &format!("UPDATE claim SET {field} = ?2 WHERE id = ?1"),
                params![claim_id, value],
            )?;
            record(tx, claim_id, now, who, field, old, value)?;
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
    claim_id: &str,
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
        "proposal",
        old,
        current.status.code(),
    )?;
    record(
        tx,
        claim_id,
        &now,
        who,
        "status",
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
pub fn decline_proposal(tx: &Transaction<'_>, claim_id: &str, who: &str) -> Result<bool> {
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
        "proposal",
        proposal.status.code(),
        "",
    )?;
    touch(tx, claim_id, &now, who, true)?;
    Ok(true)
}

fn touch(
    tx: &Transaction<'_>,
    claim_id: &str,
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
    claim_id: &str,
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
    record(tx, claim_id, &now, who, "evidence", "", url)?;
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
    let found: Option<(String, String)> = tx
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
    record(tx, &claim_id, &now, who, "evidence", old, new)?;
    touch(tx, &claim_id, &now, who, true)
}

/// Puts a claim on `range` of its article's current text and marks it placed: re-attaches
/// an orphan, or confirms a claim whose words changed ("re-checked").
///
/// # Errors
/// [`Error::NotFound`], [`Error::InvalidAnchor`]; SQLite errors.
pub fn reattach_claim(
    tx: &Transaction<'_>,
    claim_id: &str,
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
        "anchor",
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
pub fn delete_claim(tx: &Transaction<'_>, claim_id: &str, who: &str) -> Result<()> {
    set_deleted(tx, claim_id, who, true)
}

/// Undoes [`delete_claim`].
///
/// # Errors
/// [`Error::NotFound`]; SQLite errors.
pub fn restore_claim(tx: &Transaction<'_>, claim_id: &str, who: &str) -> Result<()> {
    set_deleted(tx, claim_id, who, false)
}

fn set_deleted(tx: &Transaction<'_>, claim_id: &str, who: &str, deleted: bool) -> Result<()> {
    let now = now_timestamp();
    let n = tx.execute(
        "UPDATE claim SET deleted = ?2, updated_at = ?3, updated_by = ?4, version = version + 1
         WHERE id = ?1 AND deleted = ?5",
        params![claim_id, i64::from(deleted), now, who, i64::from(!deleted)],
    )?;
    if n == 0 {
        return Err(Error::NotFound {
            kind: "claim",
            id: claim_id.to_owned(),
        });
    }
    let (field, old, new) = if deleted {
        ("deleted", "", "deleted")
    } else {
        ("restored", "deleted", "")
    };
    record(tx, claim_id, &now, who, field, old, new)?;
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

/// Keeps a fetched page, compressed, with the article revision its text gave (or that it
/// confirmed unchanged). Returns the fetch's id.
///
/// # Errors
/// SQLite errors; [`Error::Import`] if compressing fails.
pub fn record_fetch(
    tx: &Transaction<'_>,
    article_id: &str,
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
