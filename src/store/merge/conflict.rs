//! The conflict review: conflicts waiting in `merge_conflict`, and settling one (mine,
//! theirs, or an edited value).

use std::collections::HashMap;

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::Value;

use super::plan::check_quote;
use super::*;
use crate::model::{new_id, now_timestamp};
use crate::store::dump;
use crate::store::read;
use crate::{Error, Result};

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

pub(super) fn load_conflicts(conn: &Connection, only: Option<&str>) -> Result<Vec<StoredConflict>> {
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
                claim_id,
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

impl From<super::Prefer> for Resolution {
    /// The one mapping from a side chosen up front (`merge --prefer`, `conflicts --take`)
    /// to how each conflict is settled.
    fn from(prefer: super::Prefer) -> Self {
        match prefer {
            super::Prefer::Mine => Self::KeepMine,
            super::Prefer::Theirs => Self::TakeTheirs,
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
        id: c.claim_id.clone(),
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
            && read::speaker_name(tx, id)?.is_none()
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
            (Field::Deleted, false) => "restored",
            (f, _) => f.code(),
        };
        history.execute(params![
            new_id(),
            c.claim_id,
            now,
            who,
            field_name,
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
        "merge",
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
pub(super) fn history_value(conn: &Connection, field: Field, value: &Value) -> Result<String> {
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
            read::speaker_name(conn, id)?.unwrap_or_else(|| id.clone())
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
