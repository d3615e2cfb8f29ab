//! Regressions of issue 15 ("no action or received file can lose an edit or forge a verdict"):
//! each test is named after what it protects, asserts the one-line message, and that the
//! user's file is byte-identical or still holds every acknowledged edit.

use crate::common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{ARTICLE, bytes, fails, ok};

struct Desk {
    dir: tempfile::TempDir,
    ws: PathBuf,
    article_id: String,
    claim_id: String,
}

impl Desk {
    fn ws(&self) -> &str {
        self.ws.to_str().unwrap()
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A workspace with one article and one claim with a final verdict.
fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("desk.factdesk");
    let article = dir.path().join("pier.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    ok(&["new", ws.to_str().unwrap()]);
    ok(&["org", ws.to_str().unwrap(), "--name", "Coastal Checks"]);
    let article_id = ok(&["import", ws.to_str().unwrap(), article.to_str().unwrap()])
        .trim()
        .to_owned();
    let claim_id = ok(&[
        "claim",
        "add",
        ws.to_str().unwrap(),
        "--article",
        &article_id,
        "--quote",
        "€6.1 million",
        "--speaker",
        "José Núñez",
        "--status",
        "false",
    ])
    .trim()
    .to_owned();
    Desk {
        dir,
        ws,
        article_id,
        claim_id,
    }
}

fn mkfifo(path: &Path) -> bool {
    std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .is_ok_and(|s| s.success())
}

/// Runs `factdesk ARGS` but gives up (and fails the test) after `limit`: a hang is the bug.
fn fails_within(args: &[&str], limit: Duration) -> String {
    let mut child = std::process::Command::new(common::bin())
        .args(args)
        .env("FACTDESK_REVIEWER", "tester")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let start = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("factdesk {args:?} still running after {limit:?}");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    assert!(!out.status.success(), "factdesk {args:?} should fail");
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    stderr.trim_end().to_owned()
}

// 1. Writing over the open workspace.

#[test]
fn an_export_or_copy_never_writes_over_the_workspace_under_any_name() {
    let d = desk();
    std::fs::create_dir(d.path("sub")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&d.ws, d.path("alias.factdesk")).unwrap();
    let before = bytes(&d.ws);
    let mut targets = vec![
        d.ws.clone(),
        d.path("sub/../desk.factdesk"),
        d.path("desk.factdesk-journal"),
        d.path("desk.factdesk-wal"),
    ];
    if cfg!(unix) {
        targets.push(d.path("alias.factdesk"));
    }
    for target in &targets {
        let target = target.to_str().unwrap();
        for format in ["html", "md", "json", "csv", "claimreview", "webannotation"] {
            let err = fails(&["export", d.ws(), "--format", format, "-o", target]);
            assert!(err.contains("overwrite the workspace itself"), "{err}");
            assert!(err.ends_with(target), "names the file: {err}");
        }
        let err = fails(&["copy", d.ws(), target]);
        assert!(err.contains("overwrite the workspace itself"), "{err}");
        assert_eq!(bytes(&d.ws), before, "the workspace is untouched");
    }
    assert!(!d.path("desk.factdesk-journal").exists());
    // An ordinary destination still works.
    ok(&[
        "export",
        d.ws(),
        "--format",
        "html",
        "-o",
        d.path("r.html").to_str().unwrap(),
    ]);
    assert!(ok(&["list", d.ws()]).contains(&d.claim_id));
}

// 2. FIFOs and other non-regular files.

#[test]
fn a_fifo_or_folder_given_as_any_input_is_refused_at_once() {
    let d = desk();
    let pipe = d.path("pipe");
    if !mkfifo(&pipe) {
        eprintln!("mkfifo is not available here: skipped");
        return;
    }
    let pipe_s = pipe.to_str().unwrap();
    let before = bytes(&d.ws);
    let limit = Duration::from_secs(20);
    let err = fails_within(&["list", pipe_s], limit);
    assert!(err.contains("workspace: it is a FIFO"), "{err}");
    assert!(err.ends_with(pipe_s), "{err}");
    let err = fails_within(&["import", d.ws(), pipe_s], limit);
    assert!(err.contains("article: it is a FIFO"), "{err}");
    let err = fails_within(&["merge", d.ws(), pipe_s], limit);
    assert!(err.contains("file to merge: it is a FIFO"), "{err}");
    let err = fails_within(&["import-json", d.ws(), pipe_s], limit);
    assert!(err.contains("JSON file: it is a FIFO"), "{err}");
    let folder = d.dir.path().to_str().unwrap();
    let err = fails_within(&["import", d.ws(), folder], limit);
    assert!(err.contains("it is a folder"), "{err}");
    let err = fails_within(&["list", folder], limit);
    assert!(err.contains("it is a folder"), "{err}");
    assert_eq!(bytes(&d.ws), before);
    let _ = &d.article_id;
}

fn raw(path: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(path).unwrap()
}

/// A colleague's copy of `d`'s workspace, to be tampered with.
fn colleague_copy(d: &Desk) -> PathBuf {
    let theirs = d.path("theirs.factdesk");
    ok(&["copy", d.ws(), theirs.to_str().unwrap()]);
    theirs
}

// 3. Numbers from files are range-checked.

#[test]
fn a_received_file_with_an_overflowing_counter_is_refused_and_mine_stays_editable() {
    for (table, column) in [
        ("claim", "version"),
        ("revision", "number"),
        ("speaker", "version"),
        ("article", "version"),
    ] {
        let d = desk();
        let theirs = colleague_copy(&d);
        raw(&theirs)
            .execute(
                &format!("UPDATE {table} SET {column} = 9223372036854775807"),
                [],
            )
            .unwrap();
        let before = bytes(&d.ws);
        let err = fails(&["merge", d.ws(), theirs.to_str().unwrap()]);
        assert!(
            err.contains("9223372036854775807, outside 1 to 2147483647"),
            "{table}.{column}: {err}"
        );
        assert_eq!(
            bytes(&d.ws),
            before,
            "{table}.{column}: my file is untouched"
        );

        // The same numbers in a JSON export are refused too.
        let json = d.path("theirs.json");
        ok(&[
            "export",
            theirs.to_str().unwrap(),
            "--format",
            "json",
            "-o",
            json.to_str().unwrap(),
        ]);
        let fresh = d.path("fresh.factdesk");
        ok(&["new", fresh.to_str().unwrap()]);
        let fresh_before = bytes(&fresh);
        let err = fails(&[
            "import-json",
            fresh.to_str().unwrap(),
            json.to_str().unwrap(),
        ]);
        assert!(err.contains("outside 1 to 2147483647"), "{err}");
        assert_eq!(bytes(&fresh), fresh_before);

        // My claim can still be edited and its article re-imported.
        ok(&[
            "claim",
            "set",
            d.ws(),
            &d.claim_id,
            "--summary",
            "Still editable",
        ]);
        let corrected = d.path("corrected.txt");
        std::fs::write(&corrected, ARTICLE.replace("12%", "13%")).unwrap();
        ok(&[
            "import",
            d.ws(),
            corrected.to_str().unwrap(),
            "--replaces",
            &d.article_id,
        ]);
    }
}

// 4. Revision numbering after a merge.

#[test]
fn a_new_revision_after_a_merge_is_numbered_past_the_highest_not_the_current() {
    let dir = tempfile::tempdir().unwrap();
    let url = "https://news.example/pier";
    let (mine, theirs) = (dir.path().join("a.factdesk"), dir.path().join("b.factdesk"));
    let (text_a, text_b, text_c) = (
        dir.path().join("a.txt"),
        dir.path().join("b.txt"),
        dir.path().join("c.txt"),
    );
    std::fs::write(&text_a, ARTICLE).unwrap();
    std::fs::write(&text_b, ARTICLE.replace("12%", "14%")).unwrap();
    std::fs::write(&text_c, ARTICLE.replace("12%", "15%")).unwrap();
    // Theirs is imported first, so my (newer) text stays current after the merge.
    for (ws, text) in [(&theirs, &text_b), (&mine, &text_a)] {
        ok(&["new", ws.to_str().unwrap()]);
        ok(&[
            "import",
            ws.to_str().unwrap(),
            text.to_str().unwrap(),
            "--url",
            url,
        ]);
    }
    let mine_s = mine.to_str().unwrap();
    ok(&["merge", mine_s, theirs.to_str().unwrap()]);
    let articles: serde_json::Value =
        serde_json::from_str(&ok(&["articles", mine_s, "--json"])).unwrap();
    let articles = articles.as_array().unwrap();
    assert_eq!(articles.len(), 1, "the same URL'd article is one article");
    let id = articles[0]["id"].as_str().unwrap().to_owned();
    let numbers: Vec<i64> = raw(&mine)
        .prepare("SELECT number FROM revision ORDER BY number")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(numbers, [1, 2], "their text is revision 2");
    // A correction now becomes revision 3 (before the fix: a UNIQUE failure, for ever).
    let out = ok(&[
        "import",
        mine_s,
        text_c.to_str().unwrap(),
        "--replaces",
        &id,
        "--json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["revision"], 3, "{out}");
}

// 10. JSON import attaches rows only to the same row.

#[test]
fn a_json_import_cannot_attach_evidence_to_my_claim_by_naming_its_id() {
    let d = desk();
    let json = d.path("dump.json");
    ok(&[
        "export",
        d.ws(),
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    let mut dump: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let claim = &mut dump["claims"][0];
    assert_eq!(claim["id"], d.claim_id.as_str());
    claim["created_by"] = "mallory".into();
    claim["evidence"] = serde_json::json!([{
        "id": "01900000-0000-7000-8000-00000000beef",
        "url": "https://forged.example/proof",
        "title": "Forged", "note": "", "added_at": "2026-01-01T00:00:00Z",
        "added_by": "editor", "version": 1, "deleted": false
    }]);
    std::fs::write(&json, serde_json::to_string(&dump).unwrap()).unwrap();
    let before = bytes(&d.ws);
    let err = fails(&["import-json", d.ws(), json.to_str().unwrap()]);
    assert!(
        err.contains(&format!(
            "claim {} is already in this workspace as another claim",
            d.claim_id
        )),
        "{err}"
    );
    assert_eq!(bytes(&d.ws), before, "nothing was imported");
    // The same file exported again, untouched, still imports as "already present".
    ok(&[
        "export",
        d.ws(),
        "--format",
        "json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(ok(&["import-json", d.ws(), json.to_str().unwrap()]).contains("rows already present"));
}

// 7. A received file does not decide where the password goes.

/// A fake "server" on 127.0.0.1 that answers every startup with authentication request
/// `code` (3: cleartext password, 5: MD5) and records every byte clients send.
fn password_trap(code: i32) -> (u16, std::sync::Arc<std::sync::Mutex<Vec<u8>>>) {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let log = std::sync::Arc::clone(&seen);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let log = std::sync::Arc::clone(&log);
            std::thread::spawn(move || {
                stream
                    .set_read_timeout(Some(Duration::from_secs(5)))
                    .unwrap();
                let mut len = [0u8; 4];
                if stream.read_exact(&mut len).is_err() {
                    return;
                }
                let mut rest = vec![0u8; (i32::from_be_bytes(len) as usize).saturating_sub(4)];
                let _ = stream.read_exact(&mut rest);
                log.lock().unwrap().extend_from_slice(b"<startup>");
                let mut answer = vec![b'R'];
                answer.extend_from_slice(&8_i32.to_be_bytes());
                answer.extend_from_slice(&code.to_be_bytes());
                let _ = stream.write_all(&answer);
                let mut more = Vec::new();
                let _ = stream.read_to_end(&mut more);
                log.lock().unwrap().extend_from_slice(&more);
            });
        }
    });
    (port, seen)
}

#[test]
fn a_team_link_from_another_machine_is_not_used_and_weak_password_methods_are_refused() {
    let d = desk();
    let (port, seen) = password_trap(3);
    let url = format!("postgres://alice@127.0.0.1:{port}/newsroom");
    raw(&d.ws)
        .execute(
            "INSERT INTO sync_link (only_row, url, workspace_id, workspace, cursor, linked_at)
             VALUES (1, ?1, '01900000-0000-7000-8000-000000000001', 'desk', 0, '2026-01-01T00:00:00Z')",
            [&url],
        )
        .unwrap();
    let before = bytes(&d.ws);
    // This machine never named that server: nothing is sent to it.
    let this_machine = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        std::process::Command::new(common::bin())
            .args(args)
            .env("FACTDESK_REVIEWER", "tester")
            .env("FACTDESK_DATA_DIR", this_machine.path())
            .env("PGPASSWORD", "s3cret-password")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap()
    };
    let out = run(&["sync", d.ws()]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("was made on another machine"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
    std::thread::sleep(Duration::from_millis(200));
    assert!(seen.lock().unwrap().is_empty(), "no connection was made");
    assert_eq!(bytes(&d.ws), before);

    // The user gives the address: now it is used, but a request for the password in clear
    // text (or MD5) is refused before the password leaves.
    let out = run(&["sync", d.ws(), "--url", &url]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("password in clear text: refused"), "{err}");
    std::thread::sleep(Duration::from_millis(300));
    let sent = seen.lock().unwrap().clone();
    assert!(sent.starts_with(b"<startup>"), "it asked: {sent:?}");
    assert!(
        !String::from_utf8_lossy(&sent).contains("s3cret-password"),
        "the password never left"
    );
    let (md5_port, md5_seen) = password_trap(5);
    let md5_url = format!("postgres://alice@127.0.0.1:{md5_port}/newsroom");
    let out = run(&["sync", d.ws(), "--url", &md5_url]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("MD5 password hash: refused"), "{err}");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(md5_seen.lock().unwrap().as_slice(), b"<startup>");
    assert_eq!(bytes(&d.ws), before, "nothing was written to the file");
}
