//! Every class of bad input gets a clear one-line error naming the file, and the workspace
//! (or the refused file) is left byte-for-byte as it was.

use crate::common;

use std::path::{Path, PathBuf};

use common::{ARTICLE, bytes, fails, ok};
use factdesk::Error;
use factdesk::store::Workspace;

struct Fixture {
    _dir: tempfile::TempDir,
    ws: PathBuf,
    article_id: String,
}

fn workspace_with_claim() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.factdesk");
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    ok(&["new", ws.to_str().unwrap()]);
    let article_id = ok(&["import", ws.to_str().unwrap(), article.to_str().unwrap()])
        .trim()
        .to_owned();
    ok(&[
        "claim",
        "add",
        ws.to_str().unwrap(),
        "--article",
        &article_id,
        "--quote",
        "€6.1 million",
        "--status",
        "false",
    ]);
    Fixture {
        _dir: dir,
        ws,
        article_id,
    }
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// Opening fails with the expected message on the CLI, and the file is unchanged.
fn refused(path: &Path, expect: &str) {
    let before = bytes(path);
    let err = fails(&["list", path.to_str().unwrap()]);
    assert!(err.contains(expect), "expected {expect:?} in {err:?}");
    assert!(
        err.ends_with(path.to_str().unwrap()),
        "the path comes last: {err}"
    );
    assert_eq!(bytes(path), before, "a refused file must not be touched");
}

#[test]
fn newer_schema_version_is_refused_naming_both_versions() {
    let f = workspace_with_claim();
    raw(&f.ws).pragma_update(None, "user_version", 7).unwrap();
    refused(&f.ws, "schema version 7; this build reads versions 1 to 5");
    assert!(matches!(
        Workspace::open(&f.ws),
        Err(Error::NewerVersion { found: 7, .. })
    ));
}

#[test]
fn foreign_sqlite_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("places.sqlite");
    raw(&path)
        .execute_batch("CREATE TABLE moz_places (url TEXT); PRAGMA application_id = 1234;")
        .unwrap();
    refused(&path, "SQLite database of another application");
    let plain = dir.path().join("plain.db");
    raw(&plain).execute_batch("CREATE TABLE t (x)").unwrap();
    refused(&plain, "application_id 0x00000000");
}

#[test]
fn non_sqlite_and_empty_files_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let text = dir.path().join("notes.factdesk");
    std::fs::write(&text, "these are my notes, not a database").unwrap();
    refused(&text, "not an SQLite database");
    let empty = dir.path().join("empty.factdesk");
    std::fs::write(&empty, b"").unwrap();
    refused(&empty, "the file is empty");
}

#[test]
fn truncated_file_is_refused() {
    let f = workspace_with_claim();
    let mut data = bytes(&f.ws);
    assert!(data.len() >= 8 * 4096, "fixture spans several pages");
    data.truncate(data.len() / 2);
    std::fs::write(&f.ws, &data).unwrap();
    refused(&f.ws, "truncated");
}

#[test]
fn corrupt_pages_are_refused() {
    let f = workspace_with_claim();
    let mut data = bytes(&f.ws);
    let page = 4096;
    for b in data.iter_mut().skip(page).take(3 * page) {
        *b = 0x5a;
    }
    std::fs::write(&f.ws, &data).unwrap();
    refused(&f.ws, "corrupt");
}

#[test]
fn foreign_trigger_is_refused_and_never_runs() {
    let f = workspace_with_claim();
    {
        let conn = raw(&f.ws);
        conn.execute_batch(
            "CREATE TRIGGER wipe AFTER INSERT ON claim BEGIN DELETE FROM claim; END;",
        )
        .unwrap();
    }
    refused(&f.ws, "trigger \"wipe\"");
}

#[test]
fn view_in_place_of_a_table_is_refused() {
    let f = workspace_with_claim();
    {
        let conn = raw(&f.ws);
        conn.execute_batch(
            "PRAGMA foreign_keys = OFF;
             DROP TABLE claim_history;
             CREATE VIEW claim_history AS SELECT 1 AS id;",
        )
        .unwrap();
    }
    refused(&f.ws, "view \"claim_history\"");
}

/// Import failures: clear message, and the workspace file unchanged.
fn import_refused(f: &Fixture, content: &[u8], name: &str, expect: &str) {
    let article = f.ws.with_file_name(name);
    std::fs::write(&article, content).unwrap();
    let before = bytes(&f.ws);
    let err = fails(&["import", f.ws.to_str().unwrap(), article.to_str().unwrap()]);
    assert!(err.contains(expect), "expected {expect:?} in {err:?}");
    assert!(err.contains(name), "names the article file: {err}");
    assert_eq!(bytes(&f.ws), before);
}

#[test]
fn empty_article_is_refused() {
    let f = workspace_with_claim();
    import_refused(&f, b"", "empty.txt", "empty");
    import_refused(&f, b"  \r\n\n\t ", "blank.txt", "empty");
    import_refused(
        &f,
        b"<html><body><script>x()</script></body></html>",
        "blank.html",
        "no visible text",
    );
}

#[test]
fn binary_article_is_refused() {
    let f = workspace_with_claim();
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0";
    import_refused(&f, png, "photo.txt", "binary");
}

#[test]
fn invalid_utf8_article_is_refused_with_a_way_out() {
    let f = workspace_with_claim();
    let latin1 = b"Le maire a dit: \xabLe caf\xe9 co\xfbte 4 millions\xbb.";
    import_refused(
        &f,
        latin1,
        "latin1.txt",
        "not valid UTF-8 (invalid byte at offset 16)",
    );
    // Naming the encoding imports it.
    let article = f.ws.with_file_name("latin1.txt");
    ok(&[
        "import",
        f.ws.to_str().unwrap(),
        article.to_str().unwrap(),
        "--encoding",
        "iso-8859-1",
    ]);
    let list = ok(&["articles", f.ws.to_str().unwrap()]);
    assert!(list.contains(&f.article_id));
    assert_eq!(list.lines().count(), 2);
}

/// A copy of the frozen fixture of schema `version`, as if received.
fn fixture_copy(dir: &Path, version: i64) -> PathBuf {
    let path = dir.join(format!("received-v{version}.factdesk"));
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(format!("workspace-v{version}.factdesk")),
        &path,
    )
    .unwrap();
    path
}

fn user_version(path: &Path) -> i64 {
    raw(path)
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap()
}

/// Rebuilds `table` with the same columns, NOT NULL, DEFAULT and PRIMARY KEY, and the same
/// rows and indexes, but without its CHECK, UNIQUE, foreign key and STRICT constraints.
fn strip_constraints(conn: &rusqlite::Connection, table: &str) {
    let columns: String = conn
        .query_row(
            "SELECT group_concat(name || ' ' || type
                 || CASE WHEN \"notnull\" THEN ' NOT NULL' ELSE '' END
                 || coalesce(' DEFAULT ' || dflt_value, '')
                 || CASE WHEN pk THEN ' PRIMARY KEY' ELSE '' END, ', ')
             FROM pragma_table_info(?1)",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    let indexes: Vec<String> = conn
        .prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL")
        .unwrap()
        .query_map([table], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    conn.execute_batch(&format!(
        "PRAGMA foreign_keys = OFF;
         CREATE TABLE loose ({columns});
         INSERT INTO loose SELECT * FROM {table};
         DROP TABLE {table};
         ALTER TABLE loose RENAME TO {table};
         {};",
        indexes.join(";\n")
    ))
    .unwrap();
}

#[test]
fn a_claim_table_replaced_by_an_fts_table_is_refused() {
    let f = workspace_with_claim();
    {
        let conn = raw(&f.ws);
        let columns: String = conn
            .query_row(
                "SELECT group_concat(name, ', ') FROM pragma_table_info('claim')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        conn.execute_batch(&format!(
            "PRAGMA foreign_keys = OFF;
             CREATE TABLE kept AS SELECT * FROM claim;
             DROP TABLE claim;
             CREATE VIRTUAL TABLE claim USING fts5({columns});
             INSERT INTO claim SELECT * FROM kept;
             DROP TABLE kept;"
        ))
        .unwrap();
    }
    refused(
        &f.ws,
        "virtual table \"claim\" that factdesk did not create",
    );
}

#[test]
fn a_table_stripped_of_its_constraints_is_refused() {
    let f = workspace_with_claim();
    strip_constraints(&raw(&f.ws), "claim");
    refused(
        &f.ws,
        "table \"claim\" does not have factdesk's definition: its columns or constraints were changed",
    );
    let f = workspace_with_claim();
    strip_constraints(&raw(&f.ws), "claim_history");
    refused(
        &f.ws,
        "table \"claim_history\" does not have factdesk's definition",
    );
}

#[test]
fn an_older_file_with_a_tampered_schema_is_refused_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path(), 4);
    // The team link's "at most one row" CHECK is gone.
    strip_constraints(&raw(&path), "sync_link");
    refused(
        &path,
        "table \"sync_link\" does not have factdesk's definition",
    );
    assert!(matches!(Workspace::open(&path), Err(Error::Corrupt { .. })));
    assert_eq!(user_version(&path), 4, "no migration ran");

    let path = fixture_copy(dir.path(), 2);
    strip_constraints(&raw(&path), "claim");
    refused(&path, "table \"claim\" does not have factdesk's definition");
    assert_eq!(user_version(&path), 2, "no migration ran");
}

#[test]
fn an_older_file_with_a_table_a_later_version_adds_is_refused_before_migrating() {
    let dir = tempfile::tempdir().unwrap();
    let path = fixture_copy(dir.path(), 3);
    raw(&path)
        .execute_batch("CREATE TABLE sync_link (url TEXT)")
        .unwrap();
    refused(&path, "table \"sync_link\" that factdesk did not create");
    assert_eq!(user_version(&path), 3, "no migration ran");
}

#[test]
fn a_missing_index_is_refused() {
    let f = workspace_with_claim();
    raw(&f.ws)
        .execute_batch("DROP INDEX claim_by_article")
        .unwrap();
    refused(&f.ws, "the index \"claim_by_article\" is missing");
}

#[test]
fn a_schema_statement_over_the_sql_length_limit_is_refused() {
    let f = workspace_with_claim();
    let huge = "x".repeat(200_000);
    raw(&f.ws)
        .execute_batch(&format!("CREATE TABLE notes (a TEXT DEFAULT '{huge}')"))
        .unwrap();
    refused(&f.ws, "malformed database schema (notes)");
}

#[test]
fn workspace_connections_refuse_attach_and_oversized_values() {
    let f = workspace_with_claim();
    let other = f.ws.with_file_name("other.db");
    raw(&other).execute_batch("CREATE TABLE t (x)").unwrap();
    let ws = Workspace::open(&f.ws).unwrap();
    let err = ws
        .conn()
        .execute("ATTACH ?1 AS other", [other.to_str().unwrap()])
        .unwrap_err()
        .to_string();
    assert!(err.contains("too many attached databases"), "{err}");
    let length = |bytes: i64| {
        ws.conn()
            .query_row("SELECT length(zeroblob(?1))", [bytes], |r| {
                r.get::<_, i64>(0)
            })
    };
    // The largest article body (an article file decoded to UTF-8 at most triples) fits ...
    let article = 3 * i64::try_from(factdesk::text::import::MAX_ARTICLE_BYTES).unwrap();
    assert_eq!(length(article).unwrap(), article);
    // ... but not SQLite's own default of 1 GB.
    let err = length(900_000_000).unwrap_err().to_string();
    assert!(err.contains("string or blob too big"), "{err}");
    let cell_size_check: bool = ws
        .conn()
        .pragma_query_value(None, "cell_size_check", |r| r.get(0))
        .unwrap();
    assert!(cell_size_check);
    // Saving a copy (VACUUM INTO attaches it) still works, and attaching is refused after.
    let copy = f.ws.with_file_name("copy.factdesk");
    ws.save_copy(&copy).unwrap();
    drop(Workspace::open(&copy).unwrap());
    assert!(
        ws.conn()
            .execute("ATTACH ?1 AS other", [other.to_str().unwrap()])
            .is_err()
    );
}
