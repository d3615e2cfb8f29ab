//! The three-way merge of one synced row: its base (the last synced copy), mine and the
//! server's, field by field; and the canonical text that tells whether a row changed.

use std::collections::HashSet;

use serde_json::{Value, json};

use crate::store::dump::ClaimRow;
use crate::store::merge::Field;
use crate::store::rows::{Data, Kind};
use crate::{Error, Result};

/// The canonical JSON text of a row's data: its kind's columns in order (and a speaker's
/// aliases), so equal rows give equal texts whichever side built them.
pub fn canonical(kind: Kind, data: &Data) -> String {
    if !kind.mutable() {
        return String::new();
    }
    let mut out = serde_json::Map::new();
    for key in keys(kind) {
        let value = data.get(*key).cloned().unwrap_or(Value::Null);
        // Keys added later are left out when empty, as entries from before them are.
        if kind.is_later(key) && (value.is_null() || value.as_str() == Some("")) {
            continue;
        }
        out.insert((*key).to_owned(), value);
    }
    Value::Object(out).to_string()
}

/// The keys of a mutable kind's entry that merge and compare: its synced columns
/// ([`Kind::col_names`]) and a speaker's aliases; none for kinds that never change.
pub(super) fn keys(kind: Kind) -> Vec<&'static &'static str> {
    static ALIASES: &str = "aliases";
    if !kind.mutable() {
        return Vec::new();
    }
    let mut out: Vec<_> = kind.col_names().collect();
    if kind == Kind::Speaker {
        out.push(&ALIASES);
    }
    out
}

/// The columns of a claim that make up each field a person settles.
pub(super) const fn field_keys(field: Field) -> &'static [&'static str] {
    match field {
        Field::Speaker => &["speaker_id"],
        Field::Status => &["status"],
        Field::Summary => &["summary"],
        Field::Notes => &["notes"],
        Field::Deleted => &["deleted"],
        Field::Anchor => &[
            "revision_id",
            "start_char",
            "end_char",
            "quote",
            "prefix",
            "suffix",
            "anchor_state",
            "previous_quote",
        ],
    }
}

pub(super) fn project(data: &Data, keys: &[&str]) -> Vec<Value> {
    keys.iter()
        .map(|k| data.get(*k).cloned().unwrap_or(Value::Null))
        .collect()
}

pub(super) fn text<'a>(data: &'a Data, key: &str) -> &'a str {
    data.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// The result of merging a row changed on both sides.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    /// The row to keep here.
    pub data: Data,
    /// Claim fields changed on both sides to different values: mine is in `data`.
    pub conflicts: Vec<Field>,
}

/// Three-way merge of one row: `base` is the last synced copy (empty when both sides made
/// the row independently), `mine` the local row, `theirs` the server's. A field changed on
/// one side only takes that side. A claim field changed on both sides to different values
/// is a conflict for a person (mine kept); for the other kinds, which the window does not
/// edit field by field, the later change wins (by `updated_at`), a deletion loses to a
/// keep, and a speaker's aliases are united.
pub fn merge3(kind: Kind, base: &Data, mine: &Data, theirs: &Data) -> Merged {
    let mut data = mine.clone();
    let mut conflicts = Vec::new();
    let theirs_later = text(theirs, "updated_at") > text(mine, "updated_at");
    let mut person_fields: Vec<(&[&str], Option<Field>)> = Vec::new();
    if kind == Kind::Claim {
        for f in Field::ALL {
            person_fields.push((field_keys(f), Some(f)));
        }
        for ks in [&["article_id"], &["created_at"], &["created_by"]] {
            person_fields.push((ks, None));
        }
        // A verdict waiting for sign-off: the later change of it stands.
        person_fields.push((&["proposed_status", "proposed_by"], None));
    } else {
        for k in keys(kind) {
            if !matches!(*k, "updated_at" | "updated_by" | "aliases") {
                person_fields.push((std::slice::from_ref(k), None));
            }
        }
    }
    for (ks, field) in person_fields {
        let (b, m, t) = (project(base, ks), project(mine, ks), project(theirs, ks));
        if m == t || t == b {
            continue;
        }
        let take_theirs = if m == b {
            true
        } else if let Some(f) = field {
            conflicts.push(f);
            false
        } else if ks == ["deleted"] {
            // One side deleted, the other kept it: keep (nothing is lost).
            t.first() == Some(&Value::Bool(false))
        } else {
            theirs_later
        };
        if take_theirs {
            for k in ks {
                data.insert(
                    (*k).to_owned(),
                    theirs.get(*k).cloned().unwrap_or(Value::Null),
                );
            }
        }
    }
    if kind == Kind::Claim && !conflicts.contains(&Field::Deleted) {
        // A deletion on one side against an edit on the other is for a person to settle,
        // as in a file merge.
        let flag = |d: &Data| d.get("deleted") == Some(&Value::Bool(true));
        let edited = |d: &Data| {
            Field::ALL.iter().any(|f| {
                *f != Field::Deleted && project(d, field_keys(*f)) != project(base, field_keys(*f))
            })
        };
        let (b, m, t) = (flag(base), flag(mine), flag(theirs));
        if !b && ((t && !m && edited(mine)) || (m && !t && edited(theirs))) {
            data.insert("deleted".to_owned(), Value::Bool(m));
            conflicts.push(Field::Deleted);
        }
    }
    if kind != Kind::Claim {
        // Deleted on one side, edited on the other: kept (nothing is lost; the window does
        // not review these kinds field by field).
        let flag = |d: &Data| d.get("deleted") == Some(&Value::Bool(true));
        let edited = |d: &Data| {
            keys(kind)
                .into_iter()
                .filter(|k| !matches!(**k, "deleted" | "updated_at" | "updated_by"))
                .any(|k| d.get(*k) != base.get(*k))
        };
        let (b, m, t) = (flag(base), flag(mine), flag(theirs));
        if !b && ((t && !m && edited(mine)) || (m && !t && edited(theirs))) {
            data.insert("deleted".to_owned(), Value::Bool(false));
        }
    }
    if kind == Kind::Speaker {
        let list = |d: &Data| -> HashSet<String> {
            d.get("aliases")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        };
        let (b, m, t) = (list(base), list(mine), list(theirs));
        let mut all: Vec<String> = m
            .union(&t)
            .filter(|a| !(b.contains(*a) && (!m.contains(*a) || !t.contains(*a))))
            .cloned()
            .collect();
        all.sort();
        data.insert(
            "aliases".to_owned(),
            Value::Array(all.into_iter().map(Value::String).collect()),
        );
    }
    // Who changed the row last: three ways like the rest, the later change when both did.
    let stamp: &[&str] = &["updated_at", "updated_by"];
    let (b, m, t) = (
        project(base, stamp),
        project(mine, stamp),
        project(theirs, stamp),
    );
    if m != t && t != b && (m == b || theirs_later) {
        for k in stamp {
            if let Some(v) = theirs.get(*k) {
                data.insert((*k).to_owned(), v.clone());
            }
        }
    }
    Merged { data, conflicts }
}

pub(super) fn claim_row(id: &str, data: &Data) -> Result<ClaimRow> {
    let mut v = data.clone();
    v.insert("id".to_owned(), json!(id));
    v.insert("version".to_owned(), json!(0));
    v.insert("evidence".to_owned(), json!([]));
    v.insert("history".to_owned(), json!([]));
    serde_json::from_value(Value::Object(v))
        .map_err(|e| Error::invalid("team workspace entry", format!("claim {id}: {e}")))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]

    use super::*;
    use crate::store::rows;

    fn claim(status: &str, summary: &str, notes: &str, deleted: bool, at: &str) -> Data {
        let v = json!({
            "article_id": "a", "revision_id": "r", "start_char": 0, "end_char": 3,
            "quote": "abc", "prefix": "", "suffix": "", "anchor_state": "placed",
            "previous_quote": "", "speaker_id": null, "status": status, "summary": summary,
            "notes": notes, "created_at": "t0", "created_by": "x", "updated_at": at,
            "updated_by": at, "deleted": deleted,
        });
        v.as_object().unwrap().clone()
    }

    #[test]
    fn one_sided_changes_merge_and_both_sided_ones_conflict() {
        let base = claim("unreviewed", "", "", false, "t1");
        let mine = claim("false", "", "my note", false, "t3");
        let theirs = claim("misleading", "their summary", "", false, "t2");
        let m = merge3(Kind::Claim, &base, &mine, &theirs);
        assert_eq!(m.conflicts, vec![Field::Status]);
        assert_eq!(m.data["status"], "false", "mine kept while open");
        assert_eq!(m.data["summary"], "their summary");
        assert_eq!(m.data["notes"], "my note");
        assert_eq!(m.data["updated_at"], "t3", "the later change signs the row");
        // The same change on both sides is no conflict.
        let same = merge3(Kind::Claim, &base, &mine, &mine);
        assert!(same.conflicts.is_empty());
        assert_eq!(same.data, mine);
        // Unchanged here: theirs, stamps included.
        let taken = merge3(Kind::Claim, &base, &base, &theirs);
        assert_eq!(taken.data, theirs);
    }

    #[test]
    fn a_proposal_travels_and_entries_written_before_it_existed_still_fit() {
        // Entries from before schema 5 have no proposal keys: they still make a full row.
        let base = claim("in_progress", "", "", false, "t1");
        let values = rows::sql_values(Kind::Claim, "c1", &base).unwrap();
        assert_eq!(values.len(), base.len() + 2);
        assert_eq!(
            canonical(Kind::Claim, &base),
            canonical(Kind::Claim, &{
                let mut d = base.clone();
                d.insert("proposed_status".into(), json!(""));
                d.insert("proposed_by".into(), Value::Null);
                d
            }),
            "an empty proposal reads as none"
        );
        assert_eq!(
            values.last(),
            Some(&rusqlite::types::Value::Text(String::new()))
        );
        // A checker's proposal arrives where nothing else changed.
        let mut proposed = base.clone();
        proposed.insert("proposed_status".into(), json!("false"));
        proposed.insert("proposed_by".into(), json!("bob"));
        let m = merge3(Kind::Claim, &base, &base, &proposed);
        assert!(m.conflicts.is_empty());
        assert_eq!(m.data["proposed_status"], "false");
        assert_eq!(m.data["proposed_by"], "bob");
        // An editor's sign-off clears it (the keys go) while the other side only wrote a
        // note: both stand, and the cleared proposal is written as empty.
        let mut signed = base.clone();
        signed.insert("status".into(), json!("false"));
        signed.insert("updated_at".into(), json!("t3"));
        let mut noted = proposed.clone();
        noted.insert("notes".into(), json!("source called back"));
        let m = merge3(Kind::Claim, &proposed, &noted, &signed);
        assert!(m.conflicts.is_empty(), "{:?}", m.conflicts);
        assert_eq!(m.data["status"], "false");
        assert_eq!(m.data["notes"], "source called back");
        let values = rows::sql_values(Kind::Claim, "c1", &m.data).unwrap();
        assert_eq!(
            values.last(),
            Some(&rusqlite::types::Value::Text(String::new()))
        );
        let bad = {
            let mut d = base;
            d.insert("proposed_status".into(), json!(7));
            d
        };
        assert!(rows::sql_values(Kind::Claim, "c1", &bad).is_err());
    }

    #[test]
    fn a_deletion_against_an_edit_is_a_conflict_for_claims_and_a_keep_for_the_rest() {
        let base = claim("unreviewed", "", "", false, "t1");
        let edited = claim("unreviewed", "checked", "", false, "t2");
        let deleted = claim("unreviewed", "", "", true, "t3");
        let m = merge3(Kind::Claim, &base, &edited, &deleted);
        assert_eq!(m.conflicts, vec![Field::Deleted]);
        assert_eq!(m.data["deleted"], false);
        let m = merge3(Kind::Claim, &base, &deleted, &edited);
        assert_eq!(m.conflicts, vec![Field::Deleted]);
        assert_eq!(m.data["deleted"], true, "mine (deleted) kept while open");
        assert_eq!(m.data["summary"], "checked", "their edit is kept under it");

        let link = |note: &str, deleted: bool| {
            json!({"claim_id": "c", "url": "u", "title": "", "note": note,
                   "added_at": "t", "added_by": "x", "deleted": deleted})
            .as_object()
            .unwrap()
            .clone()
        };
        let m = merge3(
            Kind::Evidence,
            &link("", false),
            &link("minutes", false),
            &link("", true),
        );
        assert!(m.conflicts.is_empty());
        assert_eq!(m.data["deleted"], false);
        assert_eq!(m.data["note"], "minutes");
    }

    #[test]
    fn speaker_aliases_are_merged_as_sets() {
        let sp = |aliases: &[&str]| {
            json!({"name": "Maria Lind", "role": "", "aliases": aliases, "created_at": "t",
                   "created_by": "x", "updated_at": "t", "updated_by": "x", "deleted": false})
            .as_object()
            .unwrap()
            .clone()
        };
        let m = merge3(
            Kind::Speaker,
            &sp(&["Lind", "Ms Lind"]),
            &sp(&["Lind", "Ms Lind", "the chair"]),
            &sp(&["Lind"]),
        );
        assert_eq!(
            m.data["aliases"],
            json!(["Lind", "the chair"]),
            "added here, removed there"
        );
    }
}
