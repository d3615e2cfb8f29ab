//! Writing a merge plan into my workspace, in the caller's transaction: rows, kept web
//! pages and dismissals.

use rusqlite::{Connection, Transaction, params};

use super::*;
use crate::Result;
use crate::store::dump::ArticleRow;

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
    for c in &plan.report.conflicts {
        crate::store::conflict::record(tx, c, source, now)?;
    }
    Ok(())
}

pub(super) fn write_article(tx: &Connection, a: &ArticleRow) -> Result<()> {
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

/// Their kept pages join mine, on my ids for their articles and revisions.
pub(super) fn apply_fetches(
    tx: &Transaction<'_>,
    plan: &Plan,
    rows: &[FetchRow],
) -> Result<Counts> {
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

/// Suggestions they dismissed stay dismissed here, on my ids for their articles.
pub(super) fn apply_dismissals(
    tx: &Transaction<'_>,
    plan: &Plan,
    rows: &[DismissalRow],
) -> Result<()> {
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
