//! What a workspace file knows of its team server, the one owner of those tables: the link
//! (`sync_link`: which server workspace, and how far this file has pulled), the last synced
//! copy of every row (`sync_base`, the base of the three-way merge) and the changes sent
//! whose answer has not come back (`sync_pending`). [`crate::sync`] does the talking; it
//! keeps these only through here.

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::Serialize;

use crate::Result;

/// The link of a file to a server workspace (`sync_link`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Link {
    /// The server's URL, without a password.
    pub url: String,
    /// The workspace's id on the server.
    pub workspace_id: String,
    /// Its name.
    pub workspace: String,
    /// The server sequence of the last change pulled.
    pub cursor: i64,
    /// When the file was linked (RFC 3339).
    pub linked_at: String,
    /// When it last synced ('' before the first).
    pub synced_at: String,
}

/// The file's link, if it has one.
///
/// # Errors
/// SQLite errors.
pub fn link(conn: &Connection) -> Result<Option<Link>> {
    Ok(conn
        .query_row(
            "SELECT url, workspace_id, workspace, cursor, linked_at, synced_at FROM sync_link",
            [],
            |r| {
                Ok(Link {
                    url: r.get(0)?,
                    workspace_id: r.get(1)?,
                    workspace: r.get(2)?,
                    cursor: r.get(3)?,
                    linked_at: r.get(4)?,
                    synced_at: r.get(5)?,
                })
            },
        )
        .optional()?)
}

/// Links the file to a server workspace, at cursor 0; a file already linked keeps its link.
///
/// # Errors
/// SQLite errors.
pub fn set_link(
    tx: &Transaction<'_>,
    url: &str,
    workspace_id: &str,
    workspace: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO sync_link (only_row, url, workspace_id, workspace, cursor, linked_at)
         VALUES (1, ?1, ?2, ?3, 0, ?4) ON CONFLICT (only_row) DO NOTHING",
        params![url, workspace_id, workspace, now],
    )?;
    Ok(())
}

/// Forgets the link, every base and every pending change. Returns whether it was linked.
///
/// # Errors
/// SQLite errors.
pub fn unlink(tx: &Transaction<'_>) -> Result<bool> {
    let n = tx.execute("DELETE FROM sync_link", [])?;
    tx.execute("DELETE FROM sync_base", [])?;
    tx.execute("DELETE FROM sync_pending", [])?;
    Ok(n > 0)
}

/// Records how far this file has pulled (the server's change counter).
///
/// # Errors
/// SQLite errors.
pub fn set_cursor(tx: &Transaction<'_>, cursor: i64) -> Result<()> {
    tx.execute("UPDATE sync_link SET cursor = ?1", [cursor])?;
    Ok(())
}

/// Records when the file last synced.
///
/// # Errors
/// SQLite errors.
pub fn set_synced_at(tx: &Transaction<'_>, now: &str) -> Result<()> {
    tx.execute("UPDATE sync_link SET synced_at = ?1", [now])?;
    Ok(())
}

/// The last synced copy of one row: its server version and canonical text.
///
/// # Errors
/// SQLite errors.
pub fn base(conn: &Connection, kind: &str, id: &str) -> Result<Option<(i64, String)>> {
    Ok(conn
        .prepare_cached("SELECT server_version, data FROM sync_base WHERE kind = ?1 AND id = ?2")?
        .query_row(params![kind, id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// A synced row's name: its kind's code and its id.
pub type RowKey = (String, String);

/// Every base, as `((kind, id), (server version, text))`.
///
/// # Errors
/// SQLite errors.
pub fn bases(conn: &Connection) -> Result<Vec<(RowKey, (i64, String))>> {
    let mut stmt = conn.prepare("SELECT kind, id, server_version, data FROM sync_base")?;
    let rows = stmt.query_map([], |r| Ok(((r.get(0)?, r.get(1)?), (r.get(2)?, r.get(3)?))))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Makes `data` the base of a row at server `version`; an older version never replaces a
/// newer one.
///
/// # Errors
/// SQLite errors.
pub fn set_base(
    tx: &Transaction<'_>,
    kind: &str,
    id: &str,
    version: i64,
    data: &str,
) -> Result<()> {
    tx.prepare_cached(
        "INSERT INTO sync_base (kind, id, server_version, data) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (kind, id) DO UPDATE SET server_version = excluded.server_version,
             data = excluded.data
         WHERE excluded.server_version > sync_base.server_version",
    )?
    .execute(params![kind, id, version, data])?;
    Ok(())
}

/// A change sent to the server whose answer has not been recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pending {
    /// The change's id, by which the server remembers it.
    pub change_id: String,
    /// The row's kind.
    pub kind: String,
    /// The row's id.
    pub id: String,
    /// The server version it was based on.
    pub base_version: i64,
    /// The canonical text sent.
    pub data: String,
}

/// Every pending change.
///
/// # Errors
/// SQLite errors.
pub fn pending(conn: &Connection) -> Result<Vec<Pending>> {
    let mut stmt =
        conn.prepare("SELECT change_id, kind, id, base_version, data FROM sync_pending")?;
    let rows = stmt.query_map([], |r| {
        Ok(Pending {
            change_id: r.get(0)?,
            kind: r.get(1)?,
            id: r.get(2)?,
            base_version: r.get(3)?,
            data: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Records changes about to be sent, before they are.
///
/// # Errors
/// SQLite errors.
pub fn add_pending(tx: &Transaction<'_>, changes: &[Pending], sent_at: &str) -> Result<()> {
    let mut stmt = tx.prepare_cached(
        "INSERT INTO sync_pending (change_id, kind, id, base_version, data, sent_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for c in changes {
        stmt.execute(params![
            c.change_id,
            c.kind,
            c.id,
            c.base_version,
            c.data,
            sent_at
        ])?;
    }
    Ok(())
}

/// Forgets a pending change whose answer is recorded.
///
/// # Errors
/// SQLite errors.
pub fn remove_pending(tx: &Transaction<'_>, change_id: &str) -> Result<()> {
    tx.prepare_cached("DELETE FROM sync_pending WHERE change_id = ?1")?
        .execute([change_id])?;
    Ok(())
}

/// A live claim's verdict beside its base: what deciding which verdicts wait for sign-off
/// reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimBase {
    /// The claim.
    pub id: String,
    /// Its status code here.
    pub status: String,
    /// Who last changed it.
    pub updated_by: String,
    /// The base's canonical text, if the claim was ever synced.
    pub base: Option<String>,
}

/// Every live claim with its base.
///
/// # Errors
/// SQLite errors.
pub fn claims_with_base(conn: &Connection) -> Result<Vec<ClaimBase>> {
    let mut stmt = conn.prepare(
        "SELECT c.id, c.status, c.updated_by, b.data FROM claim c
         LEFT JOIN sync_base b ON b.kind = 'claim' AND b.id = c.id
         WHERE c.deleted = 0",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok(ClaimBase {
            id: r.get(0)?,
            status: r.get(1)?,
            updated_by: r.get(2)?,
            base: r.get(3)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Workspace;

    #[test]
    fn a_base_only_moves_forward_and_unlinking_forgets_everything() {
        let dir = tempfile::tempdir().unwrap();
        let mut ws = Workspace::create(&dir.path().join("w.factdesk")).unwrap();
        assert_eq!(link(ws.conn()).unwrap(), None);
        ws.write(|tx| {
            set_link(tx, "postgres://db/équipe", "w1", "Rédaction", "t0")?;
            set_link(tx, "postgres://other", "w2", "Other", "t9")?;
            set_cursor(tx, 42)?;
            set_base(tx, "claim", "c1", 5, "{\"v\":5}")?;
            set_base(tx, "claim", "c1", 3, "{\"v\":3}")?;
            add_pending(
                tx,
                &[Pending {
                    change_id: "ch1".into(),
                    kind: "claim".into(),
                    id: "c1".into(),
                    base_version: 5,
                    data: "{}".into(),
                }],
                "t1",
            )
        })
        .unwrap();
        let l = link(ws.conn()).unwrap().unwrap();
        assert_eq!(
            (l.workspace.as_str(), l.cursor),
            ("Rédaction", 42),
            "the first link stays"
        );
        assert_eq!(
            base(ws.conn(), "claim", "c1").unwrap(),
            Some((5, "{\"v\":5}".into()))
        );
        assert_eq!(pending(ws.conn()).unwrap().len(), 1);
        ws.write(|tx| remove_pending(tx, "ch1")).unwrap();
        assert!(pending(ws.conn()).unwrap().is_empty());
        assert!(ws.write(unlink).unwrap());
        assert_eq!(link(ws.conn()).unwrap(), None);
        assert!(bases(ws.conn()).unwrap().is_empty());
        assert!(!ws.write(unlink).unwrap());
    }
}
