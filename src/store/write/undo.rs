//! The guards of undo and redo: a step writes only over the values it left, and says who
//! changed a field since when it cannot.

use rusqlite::{OptionalExtension, Transaction, params};

use super::*;
use crate::Result;
use crate::store::read;

/// A field changed by someone (a colleague's sync, another window, a merge) after the edit
/// that an undo or redo would take back: the step is skipped rather than written over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedSince {
    /// The field.
    pub field: HistoryField,
    /// Who changed it last, from the claim's history (empty when the history does not say).
    pub by: String,
    /// When (RFC 3339), or empty.
    pub at: String,
}

impl ChangedSince {
    /// One line for the status bar: which field, who, when.
    pub fn message(&self) -> String {
        let field = self.field.noun();
        match (self.by.as_str(), self.at.as_str()) {
            ("", _) => format!("its {field} was changed since elsewhere"),
            (by, "") => format!("its {field} was changed since by {by}"),
            (by, at) => format!("its {field} was changed since by {by} at {at}"),
        }
    }
}

/// Who last changed `field` of a claim, from its history.
pub(super) fn last_change(
    tx: &Transaction<'_>,
    claim_id: &ClaimId,
    field: HistoryField,
) -> Result<ChangedSince> {
    let found: Option<(String, String)> = tx
        .query_row(
            "SELECT by, at FROM claim_history WHERE claim_id = ?1 AND field = ?2
             ORDER BY at DESC, id DESC LIMIT 1",
            params![claim_id, field.code()],
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
    claim_id: &ClaimId,
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
            return Ok(Some(last_change(tx, claim_id, HistoryField::Speaker)?));
        }
    }
    if expect.status.is_some_and(|s| s != current.status) {
        return Ok(Some(last_change(tx, claim_id, HistoryField::Status)?));
    }
    for (field, value, now) in [
        (HistoryField::Summary, &expect.summary, &current.summary),
        (HistoryField::Notes, &expect.notes, &current.notes),
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
    claim_id: &ClaimId,
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
        field: HistoryField::parse(&field),
        by,
        at,
    }))
}
