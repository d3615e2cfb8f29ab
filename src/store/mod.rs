//! The SQLite workspace file: opening (defensively: received files are untrusted),
//! creating, migrating, and the one door through which writes are committed.
//! Reads take `&Connection` ([`read`]); writes take `&Transaction` ([`write`]).
//! Depends on [`crate::model`] and [`crate::text`]; no GUI.

pub mod assist;
pub mod conflict;
pub mod dump;
pub mod merge;
pub mod read;
pub mod rows;
pub mod sync_state;
pub mod write;

use std::collections::BTreeSet;
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use rusqlite::config::DbConfig;
use rusqlite::limits::Limit;
use rusqlite::{Connection, OpenFlags, Transaction, TransactionBehavior};

use crate::{Error, Result};

/// `PRAGMA application_id` of a factdesk workspace: ASCII "FDK1".
pub const APPLICATION_ID: i32 = 0x4644_4b31;

/// The schema version this build writes (`PRAGMA user_version`).
pub const SCHEMA_VERSION: i64 = 5;

/// The schema, from `schema.sql` at the crate root.
pub const SCHEMA_SQL: &str = include_str!("../../schema.sql");

/// `schema.sql` as released at each older version: `FROZEN_SCHEMAS[i]` is version `i + 1`.
/// A file created at version `s` carries these statements (as edited by the migrations since),
/// so [`Workspace::open`] knows what an untampered file looks like. Never edit them.
const FROZEN_SCHEMAS: &[&str] = &[
    include_str!("frozen/v1.sql"),
    include_str!("frozen/v2.sql"),
    include_str!("frozen/v3.sql"),
    include_str!("frozen/v4.sql"),
];

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

/// Largest string, blob or row SQLite may build or read on a workspace connection
/// (`SQLITE_LIMIT_LENGTH`; SQLite's own default is 1 GB), so a received file cannot make it
/// allocate more. The largest value factdesk stores is a revision's body: an article file is
/// at most [`MAX_ARTICLE_BYTES`](crate::text::import::MAX_ARTICLE_BYTES), and decoding at most
/// triples it (a single-byte encoding's byte becoming a 3-byte UTF-8 char); the row's other
/// columns are short. Fetched pages are kept zlib-compressed and are smaller (20 MB by default).
const MAX_VALUE_BYTES: u64 = 3 * crate::text::import::MAX_ARTICLE_BYTES + 1024 * 1024;
// SQLite takes limits as an `int`.
const _: () = assert!(MAX_VALUE_BYTES <= i32::MAX as u64);

/// Longest SQL text a workspace connection parses (`SQLITE_LIMIT_SQL_LENGTH`; SQLite's default
/// is 1 GB). This bounds the CREATE statements a received file can make SQLite parse; the
/// longest factdesk runs is `schema.sql` as one batch.
const MAX_SQL_BYTES: usize = 64 * 1024;

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
    /// Before any migration, each table and index factdesk needs must have exactly the
    /// definition factdesk gives it at the file's version, and no trigger, view or virtual
    /// table factdesk did not create may be there.
    ///
    /// # Errors
    /// One of [`Error::EmptyFile`], [`Error::NotSqlite`], [`Error::ForeignDatabase`],
    /// [`Error::NewerVersion`], [`Error::Truncated`], [`Error::Corrupt`],
    /// [`Error::ForeignSchemaObject`], or [`Error::Io`] when it cannot be read.
    pub fn open(path: &Path) -> Result<Self> {
        crate::files::require_regular_file(path, "workspace")?;
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
        // Before any migration: an upgrade must only ever run on a schema factdesk made.
        check_schema(&conn, path, version)?;
        let mut ws = Self {
            conn,
            path: path.to_owned(),
        };
        if version < SCHEMA_VERSION {
            ws.migrate(version)?;
        }
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
    /// beside it, then a rename), even while edits go on. An existing `dest` is replaced,
    /// unless it is this workspace under any name ([`Error::WouldOverwriteWorkspace`]).
    ///
    /// # Errors
    /// SQLite errors (disk full) or I/O errors; `dest` is then left as it was.
    pub fn save_copy(&self, dest: &Path) -> Result<()> {
        crate::files::refuse_workspace_target(dest, &self.path)?;
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
        // VACUUM INTO attaches the new file to write it: allow that one attachment, only for
        // this statement of ours (workspace connections otherwise refuse ATTACH).
        self.conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 1)?;
        let vacuumed = self.conn.execute("VACUUM INTO ?1", [tmp_str]);
        let restored = self.conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0);
        if let Err(e) = vacuumed.and(restored) {
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
    // Limits first, before anything reads the file's schema.
    let length = i32::try_from(MAX_VALUE_BYTES).unwrap_or(i32::MAX);
    conn.set_limit(Limit::SQLITE_LIMIT_LENGTH, length)?;
    let sql_length = i32::try_from(MAX_SQL_BYTES).unwrap_or(i32::MAX);
    conn.set_limit(Limit::SQLITE_LIMIT_SQL_LENGTH, sql_length)?;
    // factdesk never attaches another database (merging reads a copy through its own
    // connection); `save_copy` lifts this for its one `VACUUM INTO`.
    conn.set_limit(Limit::SQLITE_LIMIT_ATTACHED, 0)?;
    // Check each cell's size as pages are read, so a crafted page is refused, not followed.
    conn.pragma_update(None, "cell_size_check", true)?;
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

/// A schema object as `sqlite_master` lists it.
#[derive(Debug)]
struct SchemaObject {
    /// `table`, `index`, `trigger` or `view`.
    kind: String,
    name: String,
    /// The CREATE statement, as stored.
    sql: String,
}

/// The file's schema objects, except automatic indexes (of PRIMARY KEY and UNIQUE), which
/// have no SQL: their table's statement defines them.
fn schema_objects(conn: &Connection) -> rusqlite::Result<Vec<SchemaObject>> {
    let mut stmt = conn.prepare(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
    )?;
    stmt.query_map([], |r| {
        Ok(SchemaObject {
            kind: r.get(0)?,
            name: r.get(1)?,
            sql: r.get(2)?,
        })
    })?
    .collect()
}

/// One table or index of factdesk's schema at some version.
#[derive(Debug)]
struct KnownObject {
    /// `table` or `index`.
    kind: String,
    name: String,
    /// Its CREATE statement, [normalised](normalise_sql), in every file factdesk can have
    /// made at this version: created then, or created earlier and migrated since.
    accepted: BTreeSet<String>,
}

/// factdesk's schema at every released version.
#[derive(Debug)]
struct Catalogue {
    /// `versions[i]`: the objects of schema version `i + 1`.
    versions: Vec<Vec<KnownObject>>,
}

impl Catalogue {
    /// The catalogue, built once per process (a few in-memory databases: cheap).
    fn get() -> Result<&'static Self> {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        if let Some(catalogue) = CATALOGUE.get() {
            return Ok(catalogue);
        }
        let built = Self::build()?;
        Ok(CATALOGUE.get_or_init(|| built))
    }

    fn build() -> Result<Self> {
        let released = FROZEN_SCHEMAS.iter().copied().chain([SCHEMA_SQL]);
        let mut versions = Vec::with_capacity(FROZEN_SCHEMAS.len() + 1);
        for schema in released {
            let mem = Connection::open_in_memory()?;
            mem.execute_batch(schema)?;
            let objects = schema_objects(&mem)?.into_iter().map(|o| KnownObject {
                accepted: BTreeSet::from([normalise_sql(&o.sql)]),
                kind: o.kind,
                name: o.name,
            });
            versions.push(objects.collect::<Vec<_>>());
        }
        // ALTER TABLE ADD COLUMN edits the stored CREATE statement, so a file created at an
        // older version and migrated has other statements than one created fresh.
        for (start, schema) in FROZEN_SCHEMAS.iter().enumerate() {
            let mem = Connection::open_in_memory()?;
            mem.execute_batch(schema)?;
            // `MIGRATIONS[step]` makes version `step + 2`, kept at `versions[step + 1]`.
            for (step, migration) in MIGRATIONS.iter().enumerate().skip(start) {
                mem.execute_batch(migration)?;
                let Some(known) = versions.get_mut(step + 1) else {
                    break;
                };
                for o in schema_objects(&mem)? {
                    if let Some(k) = known
                        .iter_mut()
                        .find(|k| k.kind == o.kind && k.name == o.name)
                    {
                        k.accepted.insert(normalise_sql(&o.sql));
                    }
                }
            }
        }
        Ok(Self { versions })
    }

    /// The objects of schema `version`; `None` for a version never released.
    fn at(&self, version: i64) -> Option<&[KnownObject]> {
        let index = usize::try_from(version.checked_sub(1)?).ok()?;
        self.versions.get(index).map(Vec::as_slice)
    }

    /// Whether some version of factdesk's schema has an object named `name` (ignoring ASCII
    /// case, as SQLite does).
    fn has_ever_named(&self, name: &str) -> bool {
        self.versions
            .iter()
            .flatten()
            .any(|k| k.name.eq_ignore_ascii_case(name))
    }
}

/// `sql` with its comments dropped, each run of whitespace made one space and none left
/// beside `(`, `)` or `,`; string literals and quoted names are kept as written, and case
/// is kept. Only spacing SQLite ignores is changed, so two statements with the same result
/// read as the same tokens, and define the same object.
fn normalise_sql(sql: &str) -> String {
    fn separates(c: char) -> bool {
        matches!(c, '(' | ')' | ',')
    }
    let mut out = String::with_capacity(sql.len());
    // Whitespace or a comment came since the last token.
    let mut gap = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '-' if chars.peek() == Some(&'-') => {
                chars.by_ref().find(|&d| d == '\n');
                gap = true;
                continue;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut star = false;
                for d in chars.by_ref() {
                    if star && d == '/' {
                        break;
                    }
                    star = d == '*';
                }
                gap = true;
                continue;
            }
            // SQLite's whitespace is ASCII; anything else is part of a token, and kept.
            c if c.is_ascii_whitespace() => {
                gap = true;
                continue;
            }
            _ => {}
        }
        if gap && !out.is_empty() && !separates(c) && !out.ends_with(separates) {
            out.push(' ');
        }
        gap = false;
        out.push(c);
        let close = match c {
            '\'' | '"' | '`' => c,
            '[' => ']',
            _ => continue,
        };
        // A quoted token, to its closing quote; a doubled quote inside is an escaped one
        // (`[…]` has no escape).
        while let Some(d) = chars.next() {
            out.push(d);
            if d == close {
                if close != ']' && chars.peek() == Some(&close) {
                    chars.next();
                    out.push(close);
                    continue;
                }
                break;
            }
        }
    }
    out
}

/// Whether a normalised CREATE statement makes a virtual table (`CREATE VIRTUAL TABLE`).
fn creates_virtual_table(normalised: &str) -> bool {
    let mut words = normalised.split(' ');
    words
        .next()
        .is_some_and(|w| w.eq_ignore_ascii_case("create"))
        && words
            .next()
            .is_some_and(|w| w.eq_ignore_ascii_case("virtual"))
}

/// Refuses a file whose schema factdesk did not make, before any migration or other
/// statement runs on it:
/// - every table and index factdesk has at `version` is there with factdesk's CREATE
///   statement for it (compared [normalised](normalise_sql) with those the released
///   `schema.sql` and migrations make), so no CHECK, UNIQUE, STRICT, foreign key or column
///   was dropped or changed, and none is a virtual table or an object of another type;
/// - no trigger, view or virtual table factdesk did not create (their code would run on
///   factdesk's reads and writes);
/// - no object named like one a later version adds (the upgrade would trip over it).
///
/// Other tables, and indexes factdesk did not create, are left alone: factdesk never reads
/// them, and an index can only make factdesk's writes slower or fail, never change them.
fn check_schema(conn: &Connection, path: &Path, version: i64) -> Result<()> {
    let corrupt = |detail: String| Error::Corrupt {
        path: path.to_owned(),
        detail,
    };
    let foreign = |kind: &str, name: &str| Error::ForeignSchemaObject {
        path: path.to_owned(),
        kind: kind.to_owned(),
        name: name.to_owned(),
    };
    let catalogue = Catalogue::get()?;
    let Some(known) = catalogue.at(version) else {
        return Err(corrupt(format!(
            "schema version {version} was never released"
        )));
    };
    let found = schema_objects(conn).map_err(|e| corrupt(e.to_string()))?;
    for object in &found {
        let sql = normalise_sql(&object.sql);
        let kind = if creates_virtual_table(&sql) {
            "virtual table"
        } else {
            object.kind.as_str()
        };
        let name = object.name.as_str();
        match known.iter().find(|k| k.name.eq_ignore_ascii_case(name)) {
            Some(ours) if ours.kind != kind => return Err(foreign(kind, name)),
            Some(ours) if !ours.accepted.contains(&sql) => {
                return Err(corrupt(format!(
                    "{kind} \"{name}\" does not have factdesk's definition: \
                     its columns or constraints were changed"
                )));
            }
            Some(_) => {}
            None if matches!(kind, "trigger" | "view" | "virtual table")
                || catalogue.has_ever_named(name) =>
            {
                return Err(foreign(kind, name));
            }
            None => {}
        }
    }
    if let Some(missing) = known
        .iter()
        .find(|k| !found.iter().any(|o| o.name.eq_ignore_ascii_case(&k.name)))
    {
        return Err(corrupt(format!(
            "the {} \"{}\" is missing",
            missing.kind, missing.name
        )));
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

    #[test]
    fn every_frozen_schema_declares_its_version() {
        assert_eq!(FROZEN_SCHEMAS.len() as i64, SCHEMA_VERSION - 1);
        for (i, schema) in FROZEN_SCHEMAS.iter().enumerate() {
            let version = i + 1;
            assert!(
                schema.contains(&format!("\n-- schema version: {version}\n")),
                "frozen/v{version}.sql"
            );
        }
    }

    /// Every object of a database with its columns, index columns and foreign keys, as
    /// SQLite understands them (not as written).
    fn shape(conn: &Connection) -> Vec<(String, String, Vec<String>)> {
        let row = |r: &rusqlite::Row<'_>| -> rusqlite::Result<String> {
            let mut parts = Vec::new();
            for i in 0..r.as_ref().column_count() {
                let v: rusqlite::types::Value = r.get(i)?;
                parts.push(format!("{v:?}"));
            }
            Ok(parts.join(" "))
        };
        let pragmas = |kind: &str| match kind {
            "table" => vec![
                "SELECT * FROM pragma_table_xinfo(?1)",
                "SELECT * FROM pragma_foreign_key_list(?1)",
            ],
            _ => vec!["SELECT * FROM pragma_index_xinfo(?1)"],
        };
        let mut out = Vec::new();
        for o in schema_objects(conn).unwrap() {
            let mut details = Vec::new();
            for sql in pragmas(&o.kind) {
                let mut stmt = conn.prepare(sql).unwrap();
                let rows = stmt.query_map([&o.name], row).unwrap();
                details.extend(rows.map(Result::unwrap));
            }
            out.push((o.kind, o.name, details));
        }
        out
    }

    #[test]
    fn every_older_schema_with_its_migrations_has_the_objects_and_columns_of_schema_sql() {
        let fresh = |version: usize| {
            let mem = Connection::open_in_memory().unwrap();
            let schema = FROZEN_SCHEMAS
                .get(version - 1)
                .copied()
                .unwrap_or(SCHEMA_SQL);
            mem.execute_batch(schema).unwrap();
            shape(&mem)
        };
        for (start, schema) in FROZEN_SCHEMAS.iter().enumerate() {
            let mem = Connection::open_in_memory().unwrap();
            mem.execute_batch(schema).unwrap();
            for (step, migration) in MIGRATIONS.iter().enumerate().skip(start) {
                mem.execute_batch(migration).unwrap();
                assert_eq!(
                    shape(&mem),
                    fresh(step + 2),
                    "version {} migrated to {}",
                    start + 1,
                    step + 2
                );
            }
        }
        // Version 1 and all migrations make the objects of schema.sql, nothing more or less.
        assert!(fresh(SCHEMA_VERSION as usize).len() > 20);
    }

    #[test]
    fn a_fresh_or_migrated_schema_of_every_version_passes_the_check() {
        let path = Path::new("memory.factdesk");
        for (start, schema) in FROZEN_SCHEMAS.iter().chain([&SCHEMA_SQL]).enumerate() {
            let mem = Connection::open_in_memory().unwrap();
            mem.execute_batch(schema).unwrap();
            check_schema(&mem, path, start as i64 + 1).unwrap();
            for (step, migration) in MIGRATIONS.iter().enumerate().skip(start) {
                mem.execute_batch(migration).unwrap();
                check_schema(&mem, path, step as i64 + 2).unwrap();
            }
        }
        // A schema is checked against its own version's objects.
        let mem = Connection::open_in_memory().unwrap();
        mem.execute_batch(SCHEMA_SQL).unwrap();
        let err = check_schema(&mem, path, 4).unwrap_err().to_string();
        assert!(
            err.contains("\"claim\" does not have factdesk's definition"),
            "{err}"
        );
    }

    #[test]
    fn normalising_sql_drops_comments_and_spacing_but_keeps_literals_and_case() {
        let written = "CREATE TABLE t (\n    a  TEXT NOT NULL DEFAULT '--  not a comment ' , -- note\n\
                       b /* x */ INTEGER CHECK ( b IN (0,  1) ),\n \"c  d\" [e  f] `g  h`\n) STRICT";
        assert_eq!(
            normalise_sql(written),
            "CREATE TABLE t(a TEXT NOT NULL DEFAULT '--  not a comment ',b INTEGER CHECK(b IN(0,1)),\
             \"c  d\" [e  f] `g  h`)STRICT"
        );
        assert_eq!(
            normalise_sql("x DEFAULT 'it''s  so'"),
            "x DEFAULT 'it''s  so'"
        );
        assert_ne!(
            normalise_sql("create table t(a)"),
            normalise_sql("CREATE TABLE t(a)")
        );
        // Spacing SQLite reads as a separator is kept where it separates.
        assert_ne!(normalise_sql("a x'00'"), normalise_sql("a x '00'"));
        assert_eq!(normalise_sql("a\u{a0}b"), "a\u{a0}b");
        assert!(creates_virtual_table(&normalise_sql(
            "create  virtual table claim using fts5(x)"
        )));
        assert!(!creates_virtual_table("CREATE TABLE virtual(x)"));
    }

    #[test]
    fn the_limits_fit_what_factdesk_stores_and_runs() {
        assert!(
            SCHEMA_SQL.len() * 4 < MAX_SQL_BYTES,
            "schema.sql runs as one batch"
        );
        assert!(MIGRATIONS.iter().all(|m| m.len() * 4 < MAX_SQL_BYTES));
    }
}
