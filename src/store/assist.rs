//! The claim assistant against a workspace: suggestions for an article without the ones
//! already made into claims or dismissed, accepting one (a claim with its speaker, role and
//! aliases), dismissing one, and the same statement across articles ("also in").
//! Reads take `&Connection`, writes `&Transaction`.

use std::collections::HashSet;

use rusqlite::{Connection, Transaction, params};

use super::{read, write};
use crate::assist::{self, KnownSpeaker, Suggestion};
use crate::model::{ArticleId, Claim, ClaimId, Status, now_timestamp};
use crate::text::offsets::CharIndex;
use crate::{Error, Result};

/// The assistant's suggestions for the article's current text, minus those that overlap a
/// claim on it and those dismissed before. Speakers already in the workspace are reused.
///
/// # Errors
/// [`Error::NotFound`] for the article; SQLite errors.
pub fn suggestions(conn: &Connection, article_id: &ArticleId) -> Result<Vec<Suggestion>> {
    let article = read::article(conn, article_id)?;
    let known: Vec<KnownSpeaker> = read::speakers(conn)?
        .into_iter()
        .map(|s| KnownSpeaker {
            name: s.name,
            aliases: s.aliases,
        })
        .collect();
    let mut stmt = conn.prepare(
        "SELECT start_char, end_char FROM claim
         WHERE article_id = ?1 AND revision_id = ?2 AND deleted = 0",
    )?;
    let claimed: Vec<(usize, usize)> = stmt
        .query_map(params![article_id, article.current_revision_id], |r| {
            Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
        })?
        .map(|r| {
            r.map(|(s, e)| {
                (
                    usize::try_from(s).unwrap_or(0),
                    usize::try_from(e).unwrap_or(0),
                )
            })
        })
        .collect::<rusqlite::Result<_>>()?;
    let dismissed = dismissed_quotes(conn, article_id)?;
    let index = CharIndex::new(&article.body);
    Ok(assist::suggest(&article.body, &known)
        .into_iter()
        .filter(|s| {
            !claimed
                .iter()
                .any(|(a, b)| s.range.start < *b && *a < s.range.end)
        })
        .filter(|s| index.slice(s.range).is_none_or(|q| !dismissed.contains(q)))
        .collect())
}

fn dismissed_quotes(conn: &Connection, article_id: &str) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare("SELECT quote FROM suggestion_dismissal WHERE article_id = ?1")?;
    let out = stmt
        .query_map([article_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// Remembers that the words `quote` of the article are not to be suggested again.
///
/// # Errors
/// SQLite errors.
pub fn dismiss(tx: &Transaction<'_>, article_id: &ArticleId, quote: &str, who: &str) -> Result<()> {
    tx.execute(
        "INSERT OR IGNORE INTO suggestion_dismissal (article_id, quote, dismissed_at, dismissed_by)
         VALUES (?1, ?2, ?3, ?4)",
        params![article_id, quote, now_timestamp(), who],
    )?;
    Ok(())
}

/// Takes a dismissal back: the words are suggested again for the article. Only in this
/// file: a copy already merged elsewhere or synced keeps its dismissal there.
///
/// # Errors
/// SQLite errors.
pub fn undismiss(tx: &Transaction<'_>, article_id: &ArticleId, quote: &str) -> Result<()> {
    tx.execute(
        "DELETE FROM suggestion_dismissal WHERE article_id = ?1 AND quote = ?2",
        params![article_id, quote],
    )?;
    Ok(())
}

/// The words dismissed for an article, the latest first.
///
/// # Errors
/// SQLite errors.
pub fn dismissed(conn: &Connection, article_id: &ArticleId) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(
        "SELECT quote FROM suggestion_dismissal WHERE article_id = ?1
         ORDER BY dismissed_at DESC, quote",
    )?;
    let out = stmt
        .query_map([article_id], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(out)
}

/// Makes a suggestion a claim: the speaker is found by name or alias or created, with the
/// role and the names the article used for it kept as aliases. `speaker` overrides the
/// suggested one (the checker edited it; empty for none). `words` are the suggested words:
/// they must still be at the range, so a text changed since the suggestion was made (in
/// another window, say) is refused rather than claimed on other words.
///
/// # Errors
/// [`Error::InvalidAnchor`] when the words are not there; SQLite errors.
pub fn accept(
    tx: &Transaction<'_>,
    article_id: &ArticleId,
    suggestion: &Suggestion,
    words: &str,
    speaker: Option<&str>,
    who: &str,
) -> Result<ClaimId> {
    let article = read::article(tx, article_id)?;
    let index = CharIndex::new(&article.body);
    if index.slice(suggestion.range) != Some(words) {
        return Err(Error::InvalidAnchor(format!(
            "the article's text changed since the suggestion «{words}» was made; run the assistant again"
        )));
    }
    let suggested = suggestion.speaker.as_ref();
    let name = speaker.map_or_else(
        || suggested.map(|s| s.name.clone()),
        |s| Some(s.trim().to_string()),
    );
    let name = name.filter(|n| !n.is_empty());
    let fields = write::ClaimPatch {
        speaker: Some(name.clone()),
        ..write::ClaimPatch::default()
    };
    let id = write::add_claim(tx, article_id, suggestion.range, &fields, who)?;
    write::record_suggestion(tx, &id, &suggestion.reason(), who)?;
    if let (Some(name), Some(s)) = (name, suggested)
        && name == s.name
    {
        let speaker_id = write::speaker_id_for(tx, &name, who)?;
        if !s.role.is_empty() {
            tx.execute(
                "UPDATE speaker SET role = ?2, updated_at = ?3, updated_by = ?4, version = version + 1
                 WHERE id = ?1 AND role = ''",
                params![speaker_id, s.role, now_timestamp(), who],
            )?;
        }
        for alias in &s.aliases {
            if alias.to_lowercase() != name.to_lowercase() {
                write::add_speaker_alias(tx, &speaker_id, alias)?;
            }
        }
    }
    Ok(id)
}

/// Words of a quote compared loosely: lower case, letters and digits only.
fn loose(quote: &str) -> Vec<u64> {
    crate::assist::word_keys(quote)
}

/// True when two quotes are the same statement: the same words, or one holding nearly all
/// of the other's (a quote trimmed differently, a word changed in a long quote).
fn same_statement(a: &[u64], b: &[u64]) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 5 || short.len() * 10 < long.len() * 7 {
        return false;
    }
    let shared = if long.len() <= 32 {
        short.iter().filter(|w| long.contains(w)).count()
    } else {
        let long_set: HashSet<&u64> = long.iter().collect();
        short.iter().filter(|w| long_set.contains(w)).count()
    };
    shared * 10 >= short.len() * 9
}

/// Claims in other articles that quote the same statement as `claim_id`, oldest first.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn linked_claims(conn: &Connection, claim_id: &ClaimId) -> Result<Vec<Claim>> {
    let claim = read::claim(conn, claim_id)?;
    let words = loose(&claim.anchor.quote);
    // Linked quotes hold 70% of each other's words, so their lengths are within a factor
    // of two (with room for quote marks): SQLite skips the rest without folding them.
    let chars = claim.anchor.quote.chars().count() as i64;
    let mut stmt = conn.prepare(
        "SELECT id, quote FROM claim
         WHERE deleted = 0 AND article_id <> ?1 AND length(quote) BETWEEN ?2 AND ?3
         ORDER BY created_at, id",
    )?;
    let rows = stmt.query_map(params![claim.article_id, chars / 2, chars * 2 + 8], |r| {
        Ok((r.get::<_, ClaimId>(0)?, r.get::<_, String>(1)?))
    })?;
    let mut ids = Vec::new();
    for row in rows {
        let (id, quote) = row?;
        if same_statement(&words, &loose(&quote)) {
            ids.push(id);
        }
    }
    ids.iter().map(|id| read::claim(conn, id)).collect()
}

/// Sets the verdict of `claim_id` and of every claim linked to it. Returns the ids changed.
///
/// # Errors
/// [`Error::NotFound`] for the claim; SQLite errors.
pub fn set_status_linked(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    status: Status,
    who: &str,
) -> Result<Vec<ClaimId>> {
    let mut ids = vec![claim_id.clone()];
    ids.extend(linked_claims(tx, claim_id)?.into_iter().map(|c| c.id));
    let patch = write::ClaimPatch {
        status: Some(status),
        ..write::ClaimPatch::default()
    };
    let mut changed = Vec::new();
    for id in ids {
        if write::update_claim(tx, &id, &patch, who)? {
            changed.push(id);
        }
    }
    Ok(changed)
}
