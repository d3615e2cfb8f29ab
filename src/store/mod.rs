//! The SQLite workspace file: opening (defensively: received files are untrusted),
//! creating, migrating, and the one door through which writes are committed.
//! Reads take `&Connection` ([`read`]); writes take `&Transaction` ([`write`]).
//! Depends on [`crate::model`] and [`crate::text`]; no GUI.

pub mod assist;
pub mod dump;
pub mod merge;
pub mod read;
pub mod write;

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::{Error, Result};

/// `PRAGMA application_id` of a factdesk workspace: ASCII "FDK1".
pub const APPLICATION_ID: i32 = 0x4644_4b31;

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 5;

/// The schema, from `schema.sql` at the crate root.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// Upgrade steps: `MIGRATIONS[i]` turns schema version `i + 1` into `i + 2`. Each runs in the
/// same transaction as the version bump. Version 1 is the first released schema.
const MIGRATIONS: &[&str] = &[
    // 1 → 2: conflicts found by merging a colleague's file wait for review; pages fetched
    // from the web are kept.
    "CREATE TABLE merge_conflict (
        id             TEXT PRIMARY KEY NOT NULL,
        claim_id       TEXT NOT NULL REFERENCES claim (id),
        field          TEXT NOT NULL,
        mine           TEXT NOT NULL,
        theirs         TEXT NOT NULL,
        mine_by        TEXT NOT NULL,
        mine_at        TEXT NOT NULL,
        theirs_by      TEXT NOT NULL,
        theirs_at      TEXT NOT NULL,
        theirs_history TEXT NOT NULL DEFAULT '[]',
        source         TEXT NOT NULL,
        found_at       TEXT NOT NULL,
        UNIQUE (claim_id, field)
    ) STRICT;
    CREATE TABLE page_fetch (
        id           TEXT PRIMARY KEY NOT NULL,
        article_id   TEXT NOT NULL REFERENCES article (id),
        revision_id  TEXT NOT NULL REFERENCES revision (id),
        url          TEXT NOT NULL,
        final_url    TEXT NOT NULL,
        content_type TEXT NOT NULL,
        fetched_at   TEXT NOT NULL,
        fetched_by   TEXT NOT NULL,
        raw_zlib     BLOB NOT NULL,
        raw_bytes    INTEGER NOT NULL CHECK (raw_bytes >= 0)
    ) STRICT;
    CREATE INDEX page_fetch_by_article ON page_fetch (article_id, fetched_at);",
    // 2 → 3: suggestions of the claim assistant a checker dismissed.
    "CREATE TABLE suggestion_dismissal (
        article_id   TEXT NOT NULL REFERENCES article (id),
        quote        TEXT NOT NULL,
        dismissed_at TEXT NOT NULL,
        dismissed_by TEXT NOT NULL,
        PRIMARY KEY (article_id, quote)
    ) STRICT;",
    // 3 → 4: the link to a team workspace on a PostgreSQL server, and its sync state.
    "CREATE TABLE sync_link (
        only_row     INTEGER PRIMARY KEY CHECK (only_row = 1),
        url          TEXT NOT NULL,
        workspace_id TEXT NOT NULL,
        workspace    TEXT NOT NULL,
        cursor       INTEGER NOT NULL DEFAULT 0 CHECK (cursor >= 0),
        linked_at    TEXT NOT NULL,
        synced_at    TEXT NOT NULL DEFAULT ''
    ) STRICT;
    CREATE TABLE sync_base (
        kind           TEXT NOT NULL,
        id             TEXT NOT NULL,
        server_version INTEGER NOT NULL CHECK (server_version >= 1),
        data           TEXT NOT NULL,
        PRIMARY KEY (kind, id)
    ) STRICT;
    CREATE TABLE sync_pending (
        change_id    TEXT PRIMARY KEY NOT NULL,
        kind         TEXT NOT NULL,
        id           TEXT NOT NULL,
        base_version INTEGER NOT NULL CHECK (base_version >= 0),
        data         TEXT NOT NULL,
        sent_at      TEXT NOT NULL
    ) STRICT;",
    // 4 → 5: a checker's final verdict waiting for an editor's sign-off.
    "ALTER TABLE claim ADD COLUMN proposed_status TEXT NOT NULL DEFAULT ''
        CHECK (proposed_status IN ('', 'unreviewed', 'in_progress', 'true', 'mostly_true',
               'half_true', 'mostly_false', 'false', 'misleading', 'unsupported',
               'not_checkable'));
    ALTER TABLE claim ADD COLUMN proposed_by TEXT NOT NULL DEFAULT '';",
];

/// How long a write waits for another process (a second window) holding the file.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// An open workspace file.
#[derive(Debug)]
pub struct Workspace {
    conn: Connection,
    path: PathBuf,
}

impl Workspace {
    /// Creates a new, empty workspace at `path`.
    ///
    /// # Errors
    /// [`Error::AlreadyExists`] if anything is at `path`; I/O and SQLite errors otherwise.
    pub fn create(path: &Path) -> Result<Self> {
        if path.exists() {
            return Err(Error::AlreadyExists {
                path: path.to_owned(),
            });
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        let mut ws = Self {
            conn,
            path: path.to_owned(),
        };
        ws.write(|tx| {
            tx.execute_batch(SCHEMA_SQL)?;
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            write::set_meta(tx, "workspace_id", &crate::model::new_id())?;
            write::set_meta(tx, "created_at", &crate::model::now_timestamp())?;
            Ok(())
        })?;
        Ok(ws)
    }

    /// Opens an existing workspace, refusing anything that is not a sound factdesk file
    /// of this or an older schema version (older ones are migrated in one transaction).
    ///
    /// # Errors
    /// One of [`Error::EmptyFile`], [`Error::NotSqlite`], [`Error::ForeignDatabase`],
    /// [`Error::NewerVersion`], [`Error::Truncated`], [`Error::Corrupt`],
    /// [`Error::ForeignSchemaObject`], or [`Error::Io`] when it cannot be read.
    pub fn open(path: &Path) -> Result<Self> {
        let io = |source| Error::Io {
            action: "opening the workspace",
            path: path.to_owned(),
            source,
        };
        let mut header = Vec::with_capacity(100);
        std::fs::File::open(path)
            .map_err(io)?
            .take(100)
            .read_to_end(&mut header)
            .map_err(io)?;
        if header.is_empty() {
            return Err(Error::EmptyFile {
                path: path.to_owned(),
            });
        }
        if !header.starts_with(SQLITE_MAGIC) {
            return Err(Error::NotSqlite {
                path: path.to_owned(),
            });
        }
        // After a crash mid-commit, the rollback journal beside the file restores it on the
        // first read; only then is the file's size meaningful.
        let mut journal = path.as_os_str().to_owned();
        journal.push("-journal");
        let hot_journal = std::fs::metadata(&journal).is_ok_and(|m| m.len() > 0);
        if !hot_journal {
            check_size(path)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        let corrupt = |e: rusqlite::Error| Error::Corrupt {
            path: path.to_owned(),
            detail: e.to_string(),
        };
        configure(&conn).map_err(|e| match e {
            Error::Sqlite(e) => corrupt(e),
            other => other,
        })?;
        let first_read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        });
        check_size(path)?;
        first_read.map_err(corrupt)?;

        let app_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(corrupt)?;
        if app_id != APPLICATION_ID {
            return Err(Error::ForeignDatabase {
                path: path.to_owned(),
                found: app_id,
            });
        }
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(corrupt)?;
        if version > SCHEMA_VERSION {
            return Err(Error::NewerVersion {
                path: path.to_owned(),
                found: version,
                supported: SCHEMA_VERSION,
            });
        }
        if version < 1 {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                detail: format!("schema version {version} was never released"),
            });
        }
        let problems = integrity_problems(&conn, "quick_check").map_err(corrupt)?;
        if let Some(first) = problems.first() {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                detail: first.clone(),
            });
        }
        let mut ws = Self {
            conn,
            path: path.to_owned(),
        };
        if version < SCHEMA_VERSION {
            ws.migrate(version)?;
        }
        check_schema_objects(&ws.conn, path)?;
        Ok(ws)
    }

    /// The file this workspace lives in.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The connection, for reads ([`read`]).
    pub const fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Runs `edit` in one immediate transaction and commits it: the one door for writes.
    /// When `edit` fails, nothing of it reaches the file.
    ///
    /// # Errors
    /// Whatever `edit` returns, or SQLite's error (busy, disk full) on begin or commit.
    pub fn write<T>(&mut self, edit: impl FnOnce(&Transaction<'_>) -> Result<T>) -> Result<T> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let out = edit(&tx)?;
        tx.commit()?;
        Ok(out)
    }

    /// Writes one consistent copy of the workspace to `dest` (`VACUUM INTO` a temporary file
    /// beside it, then a rename), even while edits go on. An existing `dest` is replaced.
    ///
    /// # Errors
    /// SQLite errors (disk full) or I/O errors; `dest` is then left as it was.
    pub fn save_copy(&self, dest: &Path) -> Result<()> {
        let io = |action, source| Error::Io {
            action,
            path: dest.to_owned(),
            source,
        };
        let mut tmp_name = dest.as_os_str().to_owned();
        tmp_name.push(format!(".{}.tmp", std::process::id()));
        let tmp = PathBuf::from(tmp_name);
        let _ = std::fs::remove_file(&tmp);
        let Some(tmp_str) = tmp.to_str() else {
            return Err(Error::invalid(
                "path",
                format!("not valid Unicode: {}", tmp.display()),
            ));
        };
        if let Err(e) = self.conn.execute("VACUUM INTO ?1", [tmp_str]) {
            let _ = std::fs::remove_file(&tmp);
            return Err(e.into());
        }
        std::fs::rename(&tmp, dest).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            io("saving the copy", e)
        })
    }

    /// Full `PRAGMA integrity_check`: an empty list means the file is sound.
    ///
    /// # Errors
    /// SQLite errors while checking.
    pub fn integrity_problems(&self) -> Result<Vec<String>> {
        Ok(integrity_problems(&self.conn, "integrity_check")?)
    }

    fn migrate(&mut self, from: i64) -> Result<()> {
        self.write(|tx| {
            for version in from..SCHEMA_VERSION {
                let step = usize::try_from(version - 1)
                    .ok()
                    .and_then(|i| MIGRATIONS.get(i))
                    .ok_or_else(|| Error::Corrupt {
                        path: PathBuf::new(),
                        detail: format!("no upgrade from schema version {version}"),
                    })?;
                tx.execute_batch(step)?;
            }
            tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
            Ok(())
        })
    }
}

/// Turns on SQLite's defences for untrusted files and the durability settings of DESIGN.md.
fn configure(conn: &Connection) -> Result<()> {
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DEFENSIVE, true)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_TRUSTED_SCHEMA, false)?;
    // factdesk's schema has no triggers or views: a received file's own can never run.
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_TRIGGER, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_ENABLE_VIEW, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DML, false)?;
    conn.set_db_config(DbConfig::SQLITE_DBCONFIG_DQS_DDL, false)?;
    conn.pragma_update(None, "trusted_schema", false)?;
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    // A rollback journal keeps the file whole after every commit (WAL would keep committed
    // data in a side file, which breaks copying, emailing and network drives).
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Compares the file's size with the page count its header promises.
fn check_size(path: &Path) -> Result<()> {
    let io = |source| Error::Io {
        action: "reading the workspace header",
        path: path.to_owned(),
        source,
    };
    let actual_bytes = std::fs::metadata(path).map_err(io)?.len();
    let mut header = [0u8; 100];
    let mut file = std::fs::File::open(path).map_err(io)?;
    if file.read_exact(&mut header).is_err() {
        return Err(Error::Truncated {
            path: path.to_owned(),
            actual_bytes,
            expected_bytes: 100,
        });
    }
    let be16 = |at: usize| {
        header
            .get(at..at + 2)
            .and_then(|b| <[u8; 2]>::try_from(b).ok())
            .map_or(0, u16::from_be_bytes)
    };
    let be32 = |at: usize| {
        header
            .get(at..at + 4)
            .and_then(|b| <[u8; 4]>::try_from(b).ok())
            .map_or(0, u32::from_be_bytes)
    };
    let page_size = match be16(16) {
        1 => 65_536,
        n => u64::from(n),
    };
    let pages = u64::from(be32(28));
    // The in-header page count is valid only when "version-valid-for" equals the change counter.
    if be32(92) == be32(24) && pages > 0 {
        let expected_bytes = pages * page_size;
        if actual_bytes < expected_bytes {
            return Err(Error::Truncated {
                path: path.to_owned(),
                actual_bytes,
                expected_bytes,
            });
        }
    }
    Ok(())
}

fn integrity_problems(conn: &Connection, pragma: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA {pragma}"))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
    let mut problems = Vec::new();
    for row in rows {
        let row = row?;
        if row != "ok" {
            problems.push(row);
        }
    }
    Ok(problems)
}

/// The schema objects `schema.sql` creates: (type, name, columns for tables).
fn expected_objects() -> Result<Vec<(String, String, Vec<String>)>> {
    let mem = Connection::open_in_memory()?;
    mem.execute_batch(SCHEMA_SQL)?;
    schema_objects(&mem)
}

fn schema_objects(conn: &Connection) -> Result<Vec<(String, String, Vec<String>)>> {
    let mut stmt = conn.prepare(
        "SELECT type, name FROM sqlite_master
         WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
    )?;
    let objects: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut out = Vec::with_capacity(objects.len());
    for (kind, name) in objects {
        let columns = if kind == "table" {
            let mut cols = conn.prepare("SELECT name FROM pragma_table_info(?1)")?;
            cols.query_map([&name], |r| r.get::<_, String>(0))?
                .collect::<rusqlite::Result<Vec<_>>>()?
        } else {
            Vec::new()
        };
        out.push((kind, name, columns));
    }
    Ok(out)
}

/// Refuses files with triggers or views factdesk did not create, or whose tables lack
/// columns factdesk needs. Extra tables and indexes are inert and left alone.
fn check_schema_objects(conn: &Connection, path: &Path) -> Result<()> {
    let expected = expected_objects()?;
    let found = schema_objects(conn)?;
    for (kind, name, _) in &found {
        let ours = expected.iter().any(|(k, n, _)| k == kind && n == name);
        if !ours && (kind == "trigger" || kind == "view") {
            return Err(Error::ForeignSchemaObject {
                path: path.to_owned(),
                kind: kind.clone(),
                name: name.clone(),
            });
        }
    }
    for (kind, name, columns) in expected.iter().filter(|(k, _, _)| k == "table") {
        let Some((found_kind, _, found_columns)) = found.iter().find(|(_, n, _)| n == name) else {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                detail: format!("the {kind} \"{name}\" is missing"),
            });
        };
        if found_kind != kind {
            return Err(Error::ForeignSchemaObject {
                path: path.to_owned(),
                kind: found_kind.clone(),
                name: name.clone(),
            });
        }
        if let Some(missing) = columns.iter().find(|c| !found_columns.contains(c)) {
            return Err(Error::Corrupt {
                path: path.to_owned(),
                detail: format!("table \"{name}\" has no column \"{missing}\""),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schema_sql_declares_the_schema_version() {
        assert!(SCHEMA_SQL.contains(&format!("-- schema version: {SCHEMA_VERSION}\n")));
        assert_eq!(MIGRATIONS.len() as i64, SCHEMA_VERSION - 1);
    }
}
