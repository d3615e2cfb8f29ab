//! Conflicts waiting for a person (`merge_conflict`), the one owner of that table: a field
//! both sides changed, found by merging a colleague's file ([`crate::store::merge`]) or by a
//! team sync ([`crate::sync`]), is recorded here under one rule, counted, listed for the
//! review, and settled (mine, theirs, or an edited value).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::Value;

use crate::model::{HistoryField, SpeakerId, new_id, now_timestamp};
use crate::store::dump;
use crate::store::merge::plan::check_quote;
use crate::store::merge::{Conflict, Field, Prefer, field_value, set_field_value};
use crate::store::read;
use crate::{Error, Result};

/// Records a conflict found now, from `source` (their file's name, or the team server).
/// A conflict already open on the same claim and field is brought up to date (both values,
/// who and when), keeping the history entries held back with it when this finding brings
/// none (a sync carries no history); an identical finding changes nothing.
///
/// # Errors
/// SQLite errors.
pub fn record(tx: &Transaction<'_>, c: &Conflict, source: &str, now: &str) -> Result<()> {
    let history = serde_json::to_string(&c.theirs_history)
        .map_err(|e| Error::invalid("merge value", e.to_string()))?;
    tx.prepare_cached(
        "INSERT INTO merge_conflict (id, claim_id, field, mine, theirs, mine_by, mine_at,
             theirs_by, theirs_at, theirs_history, source, found_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)
         ON CONFLICT (claim_id, field) DO UPDATE SET mine = excluded.mine,
             theirs = excluded.theirs, mine_by = excluded.mine_by, mine_at = excluded.mine_at,
             theirs_by = excluded.theirs_by, theirs_at = excluded.theirs_at,
             theirs_history = CASE WHEN excluded.theirs_history = '[]'
                 THEN merge_conflict.theirs_history ELSE excluded.theirs_history END,
             source = excluded.source, found_at = excluded.found_at
         WHERE merge_conflict.mine IS NOT excluded.mine
            OR merge_conflict.theirs IS NOT excluded.theirs
            OR (excluded.theirs_history <> '[]'
                AND merge_conflict.theirs_history IS NOT excluded.theirs_history)",
    )?
    .execute(params![
        new_id(),
        c.claim_id,
        c.field.code(),
        c.mine.to_string(),
        c.theirs.to_string(),
        c.mine_by,
        c.mine_at,
        c.theirs_by,
        c.theirs_at,
        history,
        source,
        now
    ])?;
    Ok(())
}

/// How many conflicts wait.
///
/// # Errors
/// SQLite errors.
pub fn count_open(conn: &Connection) -> Result<usize> {
    let n: i64 = conn.query_row("SELECT count(*) FROM merge_conflict", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// The open conflict on one claim's field, by id.
///
/// # Errors
/// SQLite errors.
pub fn find(conn: &Connection, claim_id: &str, field: Field) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT id FROM merge_conflict WHERE claim_id = ?1 AND field = ?2")?
        .query_row(params![claim_id, field.code()], |r| r.get(0))
        .optional()?)
}

/// The fields held by open conflicts, by claim (fields of a newer build are left out).
///
/// # Errors
/// SQLite errors.
pub fn held_fields(conn: &Connection) -> Result<HashMap<String, Vec<Field>>> {
    let mut stmt = conn.prepare("SELECT claim_id, field FROM merge_conflict")?;
    let mut out: HashMap<String, Vec<Field>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))? {
        let (claim, field) = row?;
        if let Some(f) = Field::parse(&field) {
            out.entry(claim).or_default().push(f);
        }
    }
    Ok(out)
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
                claim_id: claim_id.into(),
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

impl From<Prefer> for Resolution {
    /// The one mapping from a side chosen up front (`merge --prefer`, `conflicts --take`)
    /// to how each conflict is settled.
    fn from(prefer: Prefer) -> Self {
        match prefer {
            Prefer::Mine => Self::KeepMine,
            Prefer::Theirs => Self::TakeTheirs,
        }
    }
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
        id: c.claim_id.to_string(),
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
            && read::speaker_name(tx, &SpeakerId::from(id))?.is_none()
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
            (Field::Deleted, false) => HistoryField::Restored,
            (f, _) => f.history_field(),
        };
        history.execute(params![
            new_id(),
            c.claim_id,
            now,
            who,
            field_name.code(),
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
        HistoryField::Merge.code(),
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
            read::speaker_name(conn, &SpeakerId::from(id))?.unwrap_or_else(|| id.clone())
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CharRange, ClaimId, TextSource};
    use crate::store::Workspace;
    use crate::store::dump::HistoryRow;
    use crate::store::write::{self, ClaimPatch, NewArticle};

    fn workspace_with_claim() -> (tempfile::TempDir, Workspace, ClaimId) {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create(&dir.path().join("w.factdesk")).unwrap();
        let claim = ws
            .write(|tx| {
                let article = write::import_article(
                    tx,
                    &NewArticle {
                        title: "Zürich".into(),
                        body: "Der Bürgermeister sagte, die Steuern würden sinken.".into(),
                        source: TextSource::Paste,
                        ..NewArticle::default()
                    },
                    "ana",
                )?;
                write::add_claim(
                    tx,
                    &article,
                    CharRange::new(27, 50),
                    &ClaimPatch::default(),
                    "ana",
                )
            })
            .unwrap();
        (dir, ws, claim)
    }

    fn conflict(claim: &str, theirs: &str, history: Vec<HistoryRow>) -> Conflict {
        Conflict {
            claim_id: claim.into(),
            field: Field::Summary,
            mine: Value::String("meins".into()),
            theirs: Value::String(theirs.into()),
            mine_by: "ana".into(),
            mine_at: "2026-12-01T10:00:00Z".into(),
            theirs_by: "bea".into(),
            theirs_at: "2026-12-01T11:00:00Z".into(),
            theirs_history: history,
        }
    }

    #[test]
    fn a_sync_finding_again_keeps_the_history_a_merge_held_back() {
        let (_dir, mut ws, claim) = workspace_with_claim();
        let held = HistoryRow {
            id: "h1".into(),
            at: "2026-12-01T11:00:00Z".into(),
            by: "bea".into(),
            field: "summary".into(),
            old_value: String::new(),
            new_value: "ihres".into(),
        };
        ws.write(|tx| {
            record(
                tx,
                &conflict(&claim, "ihres", vec![held.clone()]),
                "bea.factdesk",
                "t1",
            )
        })
        .unwrap();
        // The team server later brings a newer value of theirs, with no history.
        ws.write(|tx| {
            record(
                tx,
                &conflict(&claim, "ihres, neuer", Vec::new()),
                "team",
                "t2",
            )
        })
        .unwrap();
        let open = conflicts(ws.conn()).unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(
            open[0].conflict.theirs,
            Value::String("ihres, neuer".into())
        );
        assert_eq!(open[0].conflict.theirs_history, vec![held]);
        assert_eq!(
            (open[0].source.as_str(), open[0].found_at.as_str()),
            ("team", "t2")
        );
        assert_eq!(count_open(ws.conn()).unwrap(), 1);
        assert_eq!(
            find(ws.conn(), &claim, Field::Summary).unwrap().as_deref(),
            Some(open[0].id.as_str())
        );
        assert_eq!(find(ws.conn(), &claim, Field::Status).unwrap(), None);
    }

    #[test]
    fn the_same_finding_twice_changes_nothing() {
        let (_dir, mut ws, claim) = workspace_with_claim();
        ws.write(|tx| record(tx, &conflict(&claim, "ihres", Vec::new()), "team", "t1"))
            .unwrap();
        ws.write(|tx| record(tx, &conflict(&claim, "ihres", Vec::new()), "team", "t2"))
            .unwrap();
        let open = conflicts(ws.conn()).unwrap();
        assert_eq!(open.len(), 1);
        assert_eq!(open[0].found_at, "t1", "an identical finding is not news");
        assert_eq!(
            held_fields(ws.conn()).unwrap().get(claim.as_str()),
            Some(&vec![Field::Summary])
        );
    }
}
