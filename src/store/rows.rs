//! The rows of a workspace file as the team server stores them: each row of a synced table
//! is an entry of one [`Kind`], its columns a JSON object keyed by column name (the server's
//! `factdesk.entry.data`). Reading turns local rows into such objects; writing checks an
//! object's shape (every column present with the right type) before it touches the file,
//! since what comes from the server was written by other people's clients. [`crate::sync`]
//! sends and receives these; the SQL over the store's tables stays here, in the store.
//!
//! Not synced: kept web pages (`page_fetch`, raw HTML up to megabytes each; the text they
//! gave is synced as a revision), the organisation named in reports, and conflicts (each
//! person reviews their own).

use std::collections::HashMap;

use rusqlite::types::Value as SqlValue;
use rusqlite::{Connection, OptionalExtension, Transaction, params_from_iter};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

use crate::{Error, Result};

/// What a synced row is: the table it lives in. Listed parents first, the order rows are
/// written in, so that a row's references exist when it arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// `speaker` (with its aliases as an `aliases` array).
    Speaker,
    /// `article`.
    Article,
    /// `revision`: an article's text; never changes once written.
    Revision,
    /// `claim`.
    Claim,
    /// `evidence`.
    Evidence,
    /// `claim_history`: never changes once written.
    History,
    /// `suggestion_dismissal`: never changes once written. Its id is derived from the
    /// article and the words ([`dismissal_id`]).
    Dismissal,
}

/// The type of a synced column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    Text,
    Int,
    Bool,
    OptText,
    /// Text added to the schema later: left out of an entry when empty, so that entries
    /// written before it compare equal; absent or null means empty.
    LaterText,
}

impl Kind {
    /// Every kind, parents first.
    pub const ALL: [Self; 7] = [
        Self::Speaker,
        Self::Article,
        Self::Revision,
        Self::Claim,
        Self::Evidence,
        Self::History,
        Self::Dismissal,
    ];

    /// The name used on the server (`factdesk.entry.kind`) and in `sync_base`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Speaker => "speaker",
            Self::Article => "article",
            Self::Revision => "revision",
            Self::Claim => "claim",
            Self::Evidence => "evidence",
            Self::History => "history",
            Self::Dismissal => "dismissal",
        }
    }

    /// Parses [`Self::code`].
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == code)
    }

    /// Whether rows of this kind change after they are written (and so need a base for the
    /// three-way merge).
    pub const fn mutable(self) -> bool {
        matches!(
            self,
            Self::Speaker | Self::Article | Self::Claim | Self::Evidence
        )
    }

    const fn table(self) -> &'static str {
        match self {
            Self::Speaker => "speaker",
            Self::Article => "article",
            Self::Revision => "revision",
            Self::Claim => "claim",
            Self::Evidence => "evidence",
            Self::History => "claim_history",
            Self::Dismissal => "suggestion_dismissal",
        }
    }

    /// The names of [`Self::cols`].
    pub fn col_names(self) -> impl Iterator<Item = &'static &'static str> {
        self.cols().iter().map(|(name, _)| name)
    }

    /// Whether `key` is a column added later, left out of an entry when empty
    /// ([`Col::LaterText`]).
    pub fn is_later(self, key: &str) -> bool {
        self.cols()
            .iter()
            .any(|(name, col)| *name == key && *col == Col::LaterText)
    }

    /// The synced columns (the id aside; `version` is each copy's own).
    const fn cols(self) -> &'static [(&'static str, Col)] {
        use Col::{Bool, Int, LaterText, OptText, Text};
        match self {
            Self::Speaker => &[
                ("name", Text),
                ("role", Text),
                ("created_at", Text),
                ("created_by", Text),
                ("updated_at", Text),
                ("updated_by", Text),
                ("deleted", Bool),
            ],
            Self::Article => &[
                ("title", Text),
                ("outlet", Text),
                ("url", Text),
                ("author", Text),
                ("published", Text),
                ("imported_at", Text),
                ("imported_by", Text),
                ("current_revision_id", Text),
                ("updated_at", Text),
                ("updated_by", Text),
                ("deleted", Bool),
            ],
            Self::Revision => &[
                ("article_id", Text),
                ("number", Int),
                ("body", Text),
                ("content_hash", Text),
                ("source", Text),
                ("created_at", Text),
                ("created_by", Text),
            ],
            Self::Claim => &[
                ("article_id", Text),
                ("revision_id", Text),
                ("start_char", Int),
                ("end_char", Int),
                ("quote", Text),
                ("prefix", Text),
                ("suffix", Text),
                ("anchor_state", Text),
                ("previous_quote", Text),
                ("speaker_id", OptText),
                ("status", Text),
                ("summary", Text),
                ("notes", Text),
                ("created_at", Text),
                ("created_by", Text),
                ("updated_at", Text),
                ("updated_by", Text),
                ("deleted", Bool),
                ("proposed_status", LaterText),
                ("proposed_by", LaterText),
            ],
            Self::Evidence => &[
                ("claim_id", Text),
                ("url", Text),
                ("title", Text),
                ("note", Text),
                ("added_at", Text),
                ("added_by", Text),
                ("deleted", Bool),
            ],
            Self::History => &[
                ("claim_id", Text),
                ("at", Text),
                ("by", Text),
                ("field", Text),
                ("old_value", Text),
                ("new_value", Text),
            ],
            Self::Dismissal => &[
                ("article_id", Text),
                ("quote", Text),
                ("dismissed_at", Text),
                ("dismissed_by", Text),
            ],
        }
    }
}

/// A row's columns as JSON.
pub type Data = Map<String, Value>;

/// The entry id of a dismissal: the SHA-256 of its article id and words, so every copy
/// derives the same id for the same dismissal.
pub fn dismissal_id(article_id: &str, quote: &str) -> String {
    let mut h = Sha256::new();
    h.update(article_id.as_bytes());
    h.update([0]);
    h.update(quote.as_bytes());
    h.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write as _;
            let _ = write!(s, "{b:02x}");
            s
        })
}

fn select_sql(kind: Kind, one: bool) -> String {
    let cols: Vec<&str> = kind.cols().iter().map(|(c, _)| *c).collect();
    let id = if kind == Kind::Dismissal { "''" } else { "id" };
    let mut sql = format!("SELECT {id}, {} FROM {}", cols.join(", "), kind.table());
    if one {
        if kind == Kind::Dismissal {
            sql.push_str(" WHERE article_id = ?1 AND quote = ?2");
        } else {
            sql.push_str(" WHERE id = ?1");
        }
    }
    sql
}

fn row_data(kind: Kind, r: &rusqlite::Row<'_>) -> rusqlite::Result<(String, Data)> {
    let mut data = Map::new();
    for (i, (name, col)) in kind.cols().iter().enumerate() {
        let v = match col {
            Col::Text => Value::String(r.get(i + 1)?),
            Col::Int => Value::from(r.get::<_, i64>(i + 1)?),
            Col::Bool => Value::Bool(r.get::<_, i64>(i + 1)? != 0),
            Col::OptText => r
                .get::<_, Option<String>>(i + 1)?
                .map_or(Value::Null, Value::String),
            Col::LaterText => {
                let text: String = r.get(i + 1)?;
                if text.is_empty() {
                    continue;
                }
                Value::String(text)
            }
        };
        data.insert((*name).to_owned(), v);
    }
    let id = if kind == Kind::Dismissal {
        let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
        dismissal_id(text("article_id"), text("quote"))
    } else {
        r.get(0)?
    };
    Ok((id, data))
}

fn aliases_by_speaker(conn: &Connection) -> Result<HashMap<String, Vec<String>>> {
    let mut stmt =
        conn.prepare("SELECT speaker_id, alias FROM speaker_alias ORDER BY speaker_id, alias")?;
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (id, alias) = row?;
        out.entry(id).or_default().push(alias);
    }
    Ok(out)
}

/// Every local row of `kind`, by id.
///
/// # Errors
/// SQLite errors.
pub fn read_all(conn: &Connection, kind: Kind) -> Result<Vec<(String, Data)>> {
    let mut stmt = conn.prepare(&select_sql(kind, false))?;
    let mut rows = stmt
        .query_map([], |r| row_data(kind, r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    if kind == Kind::Speaker {
        let mut aliases = aliases_by_speaker(conn)?;
        for (id, data) in &mut rows {
            let list = aliases.remove(id.as_str()).unwrap_or_default();
            data.insert(
                "aliases".to_owned(),
                Value::Array(list.into_iter().map(Value::String).collect()),
            );
        }
    }
    Ok(rows)
}

/// The local rows of a kind that never changes (revisions, history) that have no base
/// yet, i.e. were never synced: only these are read, not every text of the workspace.
///
/// # Errors
/// SQLite errors.
pub fn read_unsynced(conn: &Connection, kind: Kind) -> Result<Vec<(String, Data)>> {
    if kind == Kind::Dismissal || kind.mutable() {
        return read_all(conn, kind);
    }
    let sql = format!(
        "{} WHERE id NOT IN (SELECT id FROM sync_base WHERE kind = ?1)",
        select_sql(kind, false)
    );
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt
        .query_map([kind.code()], |r| row_data(kind, r))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Whether a row of `kind` with id `id` is in the file (a dismissal, whose id is derived,
/// is looked up with [`read_one`] instead).
///
/// # Errors
/// SQLite errors.
pub fn exists(conn: &Connection, kind: Kind, id: &str) -> Result<bool> {
    if kind == Kind::Dismissal {
        return Ok(false);
    }
    let sql = format!(
        "SELECT EXISTS (SELECT 1 FROM {} WHERE id = ?1)",
        kind.table()
    );
    Ok(conn.prepare_cached(&sql)?.query_row([id], |r| r.get(0))?)
}

/// The local row of `kind` with entry id `id`, if there is one. For a dismissal, `hint`
/// carries the entry's data, whose article and words find the row.
///
/// # Errors
/// SQLite errors.
pub fn read_one(conn: &Connection, kind: Kind, id: &str, hint: &Data) -> Result<Option<Data>> {
    let sql = select_sql(kind, true);
    let mut stmt = conn.prepare_cached(&sql)?;
    let found = if kind == Kind::Dismissal {
        let text = |k: &str| hint.get(k).and_then(Value::as_str).unwrap_or_default();
        stmt.query_row([text("article_id"), text("quote")], |r| row_data(kind, r))
            .optional()?
    } else {
        stmt.query_row([id], |r| row_data(kind, r)).optional()?
    };
    let Some((_, mut data)) = found else {
        return Ok(None);
    };
    if kind == Kind::Speaker {
        let mut stmt = conn.prepare_cached(
            "SELECT alias FROM speaker_alias WHERE speaker_id = ?1 ORDER BY alias",
        )?;
        let list = stmt
            .query_map([id], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        data.insert(
            "aliases".to_owned(),
            Value::Array(list.into_iter().map(Value::String).collect()),
        );
    }
    Ok(Some(data))
}

/// The `what` of the error for an entry that refers to a row this copy does not have
/// (yet): the sync pulls and tries again rather than take it as malformed.
pub const PARENT_MISSING: &str = "team workspace entry (a row it refers to is missing here)";

fn bad(kind: Kind, id: &str, what: &str) -> Error {
    Error::invalid(
        "team workspace entry",
        format!("{} {id}: {what}", kind.code()),
    )
}

/// Checks that `data` has every column of `kind` with the right type, and returns them as
/// SQL values in column order.
///
/// # Errors
/// [`Error::InvalidInput`] naming the entry and the column.
pub fn sql_values(kind: Kind, id: &str, data: &Data) -> Result<Vec<SqlValue>> {
    if id.is_empty() || id.len() > 200 {
        return Err(bad(kind, id, "an id must have 1 to 200 bytes"));
    }
    let mut out = Vec::with_capacity(kind.cols().len());
    for (name, col) in kind.cols() {
        let wrong = || bad(kind, id, &format!("{name} has the wrong type"));
        if *col == Col::LaterText {
            out.push(match data.get(*name) {
                None | Some(Value::Null) => SqlValue::Text(String::new()),
                Some(Value::String(s)) => SqlValue::Text(s.clone()),
                Some(_) => return Err(wrong()),
            });
            continue;
        }
        let v = data
            .get(*name)
            .ok_or_else(|| bad(kind, id, &format!("no {name}")))?;
        out.push(match (col, v) {
            (Col::Text | Col::OptText, Value::String(s)) => SqlValue::Text(s.clone()),
            (Col::OptText, Value::Null) => SqlValue::Null,
            (Col::Int, v) => {
                let n = v.as_i64().ok_or_else(wrong)?;
                if !(0..=crate::model::MAX_COUNTER).contains(&n) {
                    return Err(bad(kind, id, &format!("{name} {n} is out of range")));
                }
                SqlValue::Integer(n)
            }
            (Col::Bool, Value::Bool(b)) => SqlValue::Integer(i64::from(*b)),
            _ => return Err(wrong()),
        });
    }
    if kind == Kind::Speaker {
        let ok = data
            .get("aliases")
            .and_then(Value::as_array)
            .is_some_and(|a| a.iter().all(Value::is_string));
        if !ok {
            return Err(bad(kind, id, "aliases must be a list of texts"));
        }
    }
    if kind == Kind::Dismissal {
        let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
        if dismissal_id(text("article_id"), text("quote")) != id {
            return Err(bad(
                kind,
                id,
                "the id is not the one of its article and words",
            ));
        }
    }
    Ok(out)
}

/// Writes `data` as the local row `id` of `kind`: inserted, or its synced columns replaced
/// (its local `version` bumped). Rows that never change are only inserted; a revision whose
/// number another revision of the article already has here gets the next free number.
///
/// # Errors
/// [`Error::InvalidInput`] for data of the wrong shape, or a claim whose words are not at
/// its offsets in its revision; SQLite errors (a reference to a row this copy does not
/// have is a foreign-key error at commit).
pub fn write(
    tx: &Transaction<'_>,
    texts: &mut Texts,
    kind: Kind,
    id: &str,
    data: &Data,
) -> Result<()> {
    let mut values = sql_values(kind, id, data)?;
    if kind == Kind::Claim {
        check_anchor(tx, texts, id, data)?;
    }
    if kind == Kind::Revision {
        let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
        if crate::text::content_hash(text("body")) != text("content_hash") {
            return Err(bad(kind, id, "its content hash does not match its text"));
        }
    }
    let names: Vec<&str> = kind.cols().iter().map(|(c, _)| *c).collect();
    if kind == Kind::Revision {
        let article = data.get("article_id").and_then(Value::as_str).unwrap_or("");
        let number = data.get("number").and_then(Value::as_i64).unwrap_or(1);
        let taken: bool = tx
            .prepare_cached(
                "SELECT EXISTS (SELECT 1 FROM revision WHERE article_id = ?1 AND number = ?2
                 AND id <> ?3)",
            )?
            .query_row(rusqlite::params![article, number, id], |r| r.get(0))?;
        if taken {
            let next: i64 = tx
                .prepare_cached(
                    "SELECT coalesce(max(number), 0) + 1 FROM revision WHERE article_id = ?1",
                )?
                .query_row([article], |r| r.get(0))?;
            if let Some(slot) = names
                .iter()
                .position(|n| *n == "number")
                .and_then(|i| values.get_mut(i))
            {
                *slot = SqlValue::Integer(next);
            }
        }
    }
    if kind == Kind::Dismissal {
        let placeholders: Vec<String> = (1..=names.len()).map(|i| format!("?{i}")).collect();
        let sql = format!(
            "INSERT OR IGNORE INTO {} ({}) VALUES ({})",
            kind.table(),
            names.join(", "),
            placeholders.join(", ")
        );
        tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
        return Ok(());
    }
    let placeholders: Vec<String> = (1..=names.len() + 1).map(|i| format!("?{i}")).collect();
    let sql = if kind.mutable() {
        let sets: Vec<String> = names
            .iter()
            .map(|n| format!("{n} = excluded.{n}"))
            .collect();
        format!(
            "INSERT INTO {} (id, {}) VALUES ({}) ON CONFLICT (id) DO UPDATE SET {},
             version = {}.version + 1",
            kind.table(),
            names.join(", "),
            placeholders.join(", "),
            sets.join(", "),
            kind.table()
        )
    } else {
        format!(
            "INSERT OR IGNORE INTO {} (id, {}) VALUES ({})",
            kind.table(),
            names.join(", "),
            placeholders.join(", ")
        )
    };
    values.insert(0, SqlValue::Text(id.to_owned()));
    tx.prepare_cached(&sql)?.execute(params_from_iter(values))?;
    if kind == Kind::Speaker {
        // Aliases as the entry lists them; the merge has already united both sides' lists.
        tx.prepare_cached("DELETE FROM speaker_alias WHERE speaker_id = ?1")?
            .execute([id])?;
        let mut add = tx.prepare_cached(
            "INSERT OR IGNORE INTO speaker_alias (speaker_id, alias) VALUES (?1, ?2)",
        )?;
        for alias in data
            .get("aliases")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            add.execute([id, alias])?;
        }
    }
    Ok(())
}

/// Writes the authorship of a row as the server stamps it (its `updated_by`, a history
/// entry's `by`, a proposal's `proposed_by`), leaving every other column and the row's
/// version as they are.
///
/// # Errors
/// SQLite errors.
pub fn write_authorship(tx: &Transaction<'_>, kind: Kind, id: &str, data: &Data) -> Result<()> {
    let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
    match kind {
        Kind::Speaker | Kind::Article => {
            tx.prepare_cached(&format!(
                "UPDATE {} SET updated_by = ?2 WHERE id = ?1",
                kind.table()
            ))?
            .execute([id, text("updated_by")])?;
        }
        Kind::Claim => {
            tx.prepare_cached("UPDATE claim SET updated_by = ?2, proposed_by = ?3 WHERE id = ?1")?
                .execute([id, text("updated_by"), text("proposed_by")])?;
        }
        Kind::History => {
            tx.prepare_cached("UPDATE claim_history SET by = ?2 WHERE id = ?1")?
                .execute([id, text("by")])?;
        }
        Kind::Revision | Kind::Evidence | Kind::Dismissal => {}
    }
    Ok(())
}

/// The texts claims are checked against while rows are written, each indexed once (a pull
/// of 50,000 claims on long articles would otherwise walk each text once per claim).
#[derive(Debug, Default)]
pub struct Texts {
    /// Revision id → (article id, body, byte offset of every char and of the end).
    bodies: HashMap<String, (String, String, Vec<usize>)>,
}

impl Texts {
    /// The article a revision belongs to and the words at `start..end` in it, or `None`
    /// when this copy has no such revision.
    fn words(
        &mut self,
        tx: &Transaction<'_>,
        revision: &str,
        start: usize,
        end: usize,
    ) -> Result<Option<(String, String)>> {
        if !self.bodies.contains_key(revision) {
            let row: Option<(String, String)> = tx
                .prepare_cached("SELECT article_id, body FROM revision WHERE id = ?1")?
                .query_row([revision], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            let Some((article, body)) = row else {
                return Ok(None);
            };
            let mut starts: Vec<usize> = body.char_indices().map(|(b, _)| b).collect();
            starts.push(body.len());
            self.bodies
                .insert(revision.to_owned(), (article, body, starts));
        }
        let Some((article, body, starts)) = self.bodies.get(revision) else {
            return Ok(None);
        };
        let (Some(&a), Some(&b)) = (starts.get(start), starts.get(end)) else {
            return Ok(Some((article.clone(), String::new())));
        };
        Ok(Some((
            article.clone(),
            body.get(a..b).unwrap_or_default().to_owned(),
        )))
    }
}

/// A claim from the server must quote the words at its offsets in its revision, like every
/// claim in a file (the window relies on it); an orphaned claim keeps its last words.
fn check_anchor(tx: &Transaction<'_>, texts: &mut Texts, id: &str, data: &Data) -> Result<()> {
    let text = |k: &str| data.get(k).and_then(Value::as_str).unwrap_or_default();
    let num = |k: &str| data.get(k).and_then(Value::as_i64).unwrap_or(-1);
    let (start, end) = (num("start_char"), num("end_char"));
    if start < 0 || end <= start {
        return Err(bad(Kind::Claim, id, "its range is empty or negative"));
    }
    let state = text("anchor_state");
    if crate::model::AnchorState::from_code(state).is_none() {
        return Err(bad(Kind::Claim, id, "its anchor state is unknown"));
    }
    if crate::model::Status::from_code(text("status")).is_none() {
        return Err(bad(Kind::Claim, id, "its verdict is unknown"));
    }
    let (Ok(start), Ok(end)) = (usize::try_from(start), usize::try_from(end)) else {
        return Err(bad(Kind::Claim, id, "its range does not fit"));
    };
    let Some((article, words)) = texts.words(tx, text("revision_id"), start, end)? else {
        return Err(Error::invalid(
            PARENT_MISSING,
            format!("claim {id}: its revision is not in this workspace"),
        ));
    };
    if article != text("article_id") {
        return Err(bad(
            Kind::Claim,
            id,
            "its revision is a revision of another article",
        ));
    }
    if state != crate::model::AnchorState::Orphaned.code() && words != text("quote") {
        return Err(bad(
            Kind::Claim,
            id,
            "its words are not the text at its offsets",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Workspace;
    use crate::store::write::{self, ClaimPatch, NewArticle};

    fn object(value: Value) -> Data {
        match value {
            Value::Object(m) => m,
            _ => Data::new(),
        }
    }

    /// Issue 15, items 3 and 10: what a pull writes is checked against the rows it names.
    #[test]
    fn a_pulled_row_with_a_forged_hash_a_foreign_revision_or_a_huge_number_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create(&dir.path().join("w.factdesk")).unwrap();
        let new = |title: &str, body: &str| NewArticle {
            title: title.into(),
            body: body.into(),
            source: crate::model::TextSource::Paste,
            ..NewArticle::default()
        };
        let (a, b) = ws
            .write(|tx| {
                Ok((
                    write::import_article(
                        tx,
                        &new("A", "Lind said: “The pier cost €4 million.”"),
                        "t",
                    )?,
                    write::import_article(
                        tx,
                        &new("B", "Lind wrote from 東京 about the pier."),
                        "t",
                    )?,
                ))
            })
            .unwrap();
        let claim = ws
            .write(|tx| {
                write::add_claim(
                    tx,
                    &a,
                    crate::model::CharRange::new(0, 4),
                    &ClaimPatch::default(),
                    "t",
                )
            })
            .unwrap();
        let rev_b = crate::store::read::article(ws.conn(), &b)
            .unwrap()
            .current_revision_id;
        let mut claim_data = read_one(ws.conn(), Kind::Claim, &claim, &Data::new())
            .unwrap()
            .unwrap();
        let before = crate::store::dump::export(ws.conn(), &[]).unwrap();
        let result = ws.write(|tx| {
            let mut texts = Texts::default();
            // A revision whose hash is not its text's.
            let forged = object(serde_json::json!({
                "article_id": a, "number": 2, "body": "Lind never said that.",
                "content_hash": crate::text::content_hash("Lind said: “The pier cost €4 million.”"),
                "source": "paste", "created_at": "2026-01-01T00:00:00Z", "created_by": "m"
            }));
            let err = write(tx, &mut texts, Kind::Revision, "forged-rev", &forged).unwrap_err();
            assert!(
                err.to_string().contains("content hash does not match"),
                "{err}"
            );
            // A claim of article A placed on a revision of article B.
            claim_data.insert("revision_id".into(), Value::String(rev_b.clone()));
            let err = write(tx, &mut texts, Kind::Claim, &claim, &claim_data).unwrap_err();
            assert!(
                err.to_string().contains("revision of another article"),
                "{err}"
            );
            // A revision number past 2^31 - 1.
            let mut huge = forged.clone();
            huge.insert("body".into(), Value::String("Other text".into()));
            huge.insert(
                "content_hash".into(),
                Value::String(crate::text::content_hash("Other text")),
            );
            huge.insert("number".into(), Value::from(i64::MAX));
            let err = write(tx, &mut texts, Kind::Revision, "huge-rev", &huge).unwrap_err();
            assert!(err.to_string().contains("out of range"), "{err}");
            Ok(())
        });
        result.unwrap();
        assert_eq!(crate::store::dump::export(ws.conn(), &[]).unwrap(), before);
    }
}
