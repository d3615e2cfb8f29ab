//! Pulling: the entries changed on the server since the file's cursor, applied in one local
//! transaction (each in a savepoint), and the rows a refused push needs merged.

use std::collections::HashSet;

use postgres::{Client, IsolationLevel};
use rusqlite::Transaction;
use serde_json::Value;

use super::*;
use crate::model::{ArticleId, now_timestamp};
use crate::store::Workspace;
use crate::store::merge::Conflict;
use crate::store::merge::field_value;
use crate::store::rows::{self, Data, Kind};
use crate::{Error, Result};

pub(super) struct Pulled {
    kind: Kind,
    id: String,
    version: i64,
    author: String,
    data: Data,
}

pub(super) fn pull(ws: &mut Workspace, client: &mut Client, l: &Link) -> Result<SyncReport> {
    let cursor = link(ws.conn())?.map_or(0, |l| l.cursor);
    let mut report = SyncReport::default();
    let mut tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::RepeatableRead)
        .read_only(true)
        .start()?;
    let head: i64 = tx
        .query_opt(
            "SELECT change_counter FROM factdesk.workspace WHERE id = $1",
            &[&l.workspace_id],
        )?
        .ok_or_else(|| no_access(&l.workspace))?
        .try_get(0)?;
    if head == cursor {
        tx.commit()?;
        return Ok(report);
    }
    if head < cursor {
        return Err(Error::server(format!(
            "the server's workspace {} is at change {head}, behind this file's {cursor}: was the server restored from a backup? Ask its administrator; this file keeps everything",
            l.workspace
        )));
    }
    let rows = tx.query(
        "SELECT kind, id, version, author, data FROM factdesk.entry
         WHERE workspace_id = $1 AND seq > $2 AND seq <= $3 ORDER BY seq",
        &[&l.workspace_id, &cursor, &head],
    )?;
    tx.commit()?;
    let mut entries = entries_of(&rows, &mut report)?;
    // Parents first; within a kind, in server order.
    entries.sort_by_key(|e| e.kind);
    ws.write(|tx| {
        let (articles, _) = apply_entries(tx, l, &entries, false, &mut report)?;
        follow_texts(tx, &articles, &mut report)?;
        unify_speakers(tx, &mut report)?;
        sync_state::set_cursor(tx, head)?;
        Ok(())
    })?;
    Ok(report)
}

/// Two laptops that each made a speaker for the same person end up with two speakers of
/// one name once they sync: they become one ([`crate::store::write::unify_speakers`]), and
/// the changes go up like any other.
pub(super) fn unify_speakers(tx: &Transaction<'_>, report: &mut SyncReport) -> Result<()> {
    report.unified_speakers += crate::store::write::unify_speakers(tx, "factdesk sync")?;
    Ok(())
}

/// Claims made here on an older text of an article a colleague has since updated follow
/// the newer text, as in a file merge (or are kept as orphans); the moves go up as changes.
pub(super) fn follow_texts(
    tx: &Transaction<'_>,
    articles: &[String],
    report: &mut SyncReport,
) -> Result<()> {
    for id in articles {
        tx.execute_batch("SAVEPOINT follow")?;
        match crate::store::write::follow_current_revision(
            tx,
            &ArticleId::from(id),
            "factdesk sync",
        ) {
            Ok(moved) => {
                tx.execute_batch("RELEASE follow")?;
                report.reanchored += moved.claims.len();
            }
            Err(e) => {
                tx.execute_batch("ROLLBACK TO follow; RELEASE follow")?;
                report.rejected.push(format!(
                    "claims of article {id} could not follow its new text: {e}"
                ));
            }
        }
    }
    Ok(())
}

pub(super) fn entries_of(rows: &[postgres::Row], report: &mut SyncReport) -> Result<Vec<Pulled>> {
    let mut entries = Vec::with_capacity(rows.len());
    for r in rows {
        let code: String = r.try_get(0)?;
        let id: String = r.try_get(1)?;
        let Some(kind) = Kind::parse(&code) else {
            report
                .rejected
                .push(format!("{code} {id}: a kind this build does not know"));
            continue;
        };
        let Value::Object(data) = r.try_get::<_, Value>(4)? else {
            report.rejected.push(format!("{code} {id}: not an object"));
            continue;
        };
        let version: i64 = r.try_get(2)?;
        if !(1..=crate::model::MAX_COUNTER).contains(&version) {
            report
                .rejected
                .push(format!("{code} {id}: version {version} is out of range"));
            continue;
        }
        entries.push(Pulled {
            kind,
            id,
            version,
            author: r.try_get(3)?,
            data,
        });
    }
    Ok(entries)
}

/// The server's current rows for writes it refused, merged here in one transaction. A
/// malformed row this build cannot apply still becomes the base, so the next push replaces
/// it; a row whose parent (a revision, an article, a speaker) has not been pulled yet does
/// not, and the second value says a full pull is needed.
pub(super) fn fetch_and_merge(
    ws: &mut Workspace,
    client: &mut Client,
    l: &Link,
    refused: &[(Kind, String)],
) -> Result<(SyncReport, bool)> {
    let mut report = SyncReport::default();
    let kinds: Vec<&str> = refused.iter().map(|(k, _)| k.code()).collect();
    let ids: Vec<&str> = refused.iter().map(|(_, id)| id.as_str()).collect();
    let rows = client.query(
        "SELECT e.kind, e.id, e.version, e.author, e.data
         FROM factdesk.entry e
         JOIN unnest($2::text[], $3::text[]) AS r (kind, id) ON r.kind = e.kind AND r.id = e.id
         WHERE e.workspace_id = $1",
        &[&l.workspace_id, &kinds, &ids],
    )?;
    let mut entries = entries_of(&rows, &mut report)?;
    entries.sort_by_key(|e| e.kind);
    let parents_missing = ws.write(|tx| {
        let (articles, parents_missing) = apply_entries(tx, l, &entries, true, &mut report)?;
        follow_texts(tx, &articles, &mut report)?;
        unify_speakers(tx, &mut report)?;
        Ok(parents_missing)
    })?;
    Ok((report, parents_missing > 0))
}

/// Whether applying an entry failed because a row it refers to is not in this copy (yet),
/// as opposed to the entry being malformed.
pub(super) fn parent_missing(err: &Error) -> bool {
    match err {
        Error::InvalidInput { what, .. } => *what == rows::PARENT_MISSING,
        Error::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
            e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_FOREIGNKEY
        }
        _ => false,
    }
}

/// Applies pulled entries (parents first) in the caller's transaction, each in a
/// savepoint: one that cannot be applied is reported and skipped, and the others go on.
/// Returns the articles that were applied, and how many entries were held back because a
/// row they refer to is missing (those never become a base).
pub(super) fn apply_entries(
    tx: &Transaction<'_>,
    l: &Link,
    entries: &[Pulled],
    base_even_if_rejected: bool,
    report: &mut SyncReport,
) -> Result<(Vec<String>, usize)> {
    let mut parents_missing = 0;
    let mut articles = Vec::new();
    let source = format!("sync:{}", l.url);
    let mut texts = rows::Texts::default();
    // Articles and revisions refer to each other through foreign keys checked only at
    // commit: each must find the other here or in this batch, or the whole pull would fail.
    let mut batch_articles: HashSet<&str> = HashSet::new();
    let mut batch_revisions: HashSet<&str> = HashSet::new();
    for e in entries {
        if rows::sql_values(e.kind, &e.id, &e.data).is_ok() {
            match e.kind {
                Kind::Article => {
                    batch_articles.insert(e.id.as_str());
                }
                Kind::Revision => {
                    batch_revisions.insert(e.id.as_str());
                }
                _ => {}
            }
        }
    }
    for e in entries {
        let base = sync_state::base(tx, e.kind.code(), &e.id)?;
        if base.as_ref().is_some_and(|(v, _)| *v >= e.version) {
            continue; // already here: my own push coming back
        }
        let parent_missing = match e.kind {
            Kind::Article => {
                let rev = text(&e.data, "current_revision_id");
                !batch_revisions.contains(rev) && !rows::exists(tx, Kind::Revision, rev)?
            }
            Kind::Revision => {
                let art = text(&e.data, "article_id");
                !batch_articles.contains(art) && !rows::exists(tx, Kind::Article, art)?
            }
            _ => false,
        };
        tx.execute_batch("SAVEPOINT entry")?;
        let applied = if parent_missing {
            Err(Error::invalid(
                rows::PARENT_MISSING,
                "it refers to a text or article that did not arrive",
            ))
        } else {
            apply_entry(tx, &mut texts, e, base.as_ref(), &source)
        };
        match applied {
            Ok(conflicts) => {
                tx.execute_batch("RELEASE entry")?;
                report.pulled += 1;
                report.new_conflicts += conflicts;
                if e.kind == Kind::Article {
                    articles.push(e.id.clone());
                }
            }
            Err(err) => {
                tx.execute_batch("ROLLBACK TO entry; RELEASE entry")?;
                match e.kind {
                    Kind::Article => {
                        batch_articles.remove(e.id.as_str());
                    }
                    Kind::Revision => {
                        batch_revisions.remove(e.id.as_str());
                    }
                    _ => {}
                }
                if self::parent_missing(&err) {
                    parents_missing += 1;
                } else if base_even_if_rejected {
                    let theirs = canonical(e.kind, &e.data);
                    sync_state::set_base(tx, e.kind.code(), &e.id, e.version, &theirs)?;
                }
                report
                    .rejected
                    .push(format!("{} {}: {err}", e.kind.code(), e.id));
            }
        }
    }
    Ok((articles, parents_missing))
}

/// Applies one pulled entry; returns the number of conflicts it made.
pub(super) fn apply_entry(
    tx: &Transaction<'_>,
    texts: &mut rows::Texts,
    e: &Pulled,
    base: Option<&(i64, String)>,
    source: &str,
) -> Result<usize> {
    let kind = e.kind;
    let theirs_text = canonical(kind, &e.data);
    let local = rows::read_one(tx, kind, &e.id, &e.data)?;
    let mut conflicts = 0;
    match local {
        None => rows::write(tx, texts, kind, &e.id, &e.data)?,
        Some(_) if !kind.mutable() => {}
        Some(mine) => {
            let base_data: Data = match base {
                Some((_, text)) => match serde_json::from_str(text) {
                    Ok(Value::Object(m)) => m,
                    _ => Data::new(),
                },
                None => Data::new(),
            };
            let merged = merge3(kind, &base_data, &mine, &e.data);
            if merged.data != mine {
                rows::write(tx, texts, kind, &e.id, &merged.data)?;
            }
            if !merged.conflicts.is_empty() {
                let mine_row = claim_row(&e.id, &mine)?;
                let theirs_row = claim_row(&e.id, &e.data)?;
                let now = now_timestamp();
                for f in &merged.conflicts {
                    let conflict = Conflict {
                        claim_id: e.id.clone().into(),
                        field: *f,
                        mine: field_value(&mine_row, *f),
                        theirs: field_value(&theirs_row, *f),
                        mine_by: mine_row.updated_by.clone(),
                        mine_at: mine_row.updated_at.clone(),
                        theirs_by: e.author.clone(),
                        theirs_at: theirs_row.updated_at.clone(),
                        theirs_history: Vec::new(),
                    };
                    crate::store::conflict::record(tx, &conflict, source, &now)?;
                    conflicts += 1;
                }
            }
        }
    }
    sync_state::set_base(tx, kind.code(), &e.id, e.version, &theirs_text)?;
    Ok(conflicts)
}
