//! A new text for an article: the revision, and every claim re-anchored onto it (or kept,
//! orphaned, on its old text).

use std::collections::HashMap;

use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;

use super::*;
use crate::model::{
    AnchorState, ArticleId, CharRange, ClaimId, HistoryField, TextSource, new_id, now_timestamp,
};
use crate::store::read;
use crate::text::content_hash;
use crate::text::reanchor::Reanchorer;
use crate::{Error, Result};

/// What happened to one claim when its article's text changed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimReanchoring {
    /// The claim.
    pub claim_id: ClaimId,
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
    pub article_id: ArticleId,
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

    /// Whether some claim needs a person's look: orphaned, or its words changed.
    #[must_use]
    pub fn needs_recheck(&self) -> bool {
        self.claims
            .iter()
            .any(|c| matches!(c.state, AnchorState::Orphaned | AnchorState::QuoteChanged))
    }
}

/// Replaces an article's text by a new revision and re-anchors every claim onto it.
/// Claims that cannot be placed are kept, marked orphaned, on their old revision.
///
/// # Errors
/// [`Error::NotFound`], [`Error::Import`] for an empty body, SQLite errors.
pub fn replace_article_text(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    body: &str,
    source: &TextSource,
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
        &source.code(),
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
    article_id: &ArticleId,
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
pub(super) fn reanchor_claims(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
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
pub(super) fn place_claim(
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
    record(
        tx,
        &claim.id,
        now,
        who,
        &HistoryField::Anchor,
        &old_text,
        &new_text,
    )?;
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
