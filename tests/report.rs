//! Reports end to end: `factdesk export` on a real workspace in every format, scope
//! filters, and the HTML report rendered by headless Chromium with hostile notes.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    clippy::panic,
    reason = "tests"
)]

mod common;

use std::path::PathBuf;
use std::process::Command;

use common::{ARTICLE, ok};

struct Desk {
    _dir: tempfile::TempDir,
    ws: String,
    dir: PathBuf,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir
        .path()
        .join("desk.factdesk")
        .to_str()
        .unwrap()
        .to_owned();
    let article = dir.path().join("pier.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    ok(&["new", &ws]);
    ok(&[
        "org",
        &ws,
        "--name",
        "Port Wenlow Fact Desk",
        "--url",
        "https://factdesk.example.org",
    ]);
    let id = ok(&[
        "import",
        &ws,
        article.to_str().unwrap(),
        "--outlet",
        "Coastal Times",
        "--url",
        "https://example.org/pier",
        "--published",
        "2026-03-04",
    ]);
    let id = id.trim();
    ok(&[
        "claim",
        "add",
        &ws,
        "--article",
        id,
        "--quote",
        "“The pier cost €4 million — not a cent more.”",
        "--speaker",
        "Maria Lind",
        "--status",
        "false",
        "--summary",
        "The audit says €6.1m.",
        "--note",
        "<script>document.title='pwned'</script>",
    ]);
    ok(&[
        "claim",
        "add",
        &ws,
        "--article",
        id,
        "--quote",
        "Visitors from 東京 rose 12% 😀",
        "--speaker",
        "Tourist office",
        "--status",
        "mostly_true",
        "--note",
        "\"><img src=x onerror=\"document.title='pwned'\">",
    ]);
    ok(&[
        "claim",
        "add",
        &ws,
        "--article",
        id,
        "--quote",
        "the best-value project since 2009",
        "--speaker",
        "Maria Lind",
        "--status",
        "in_progress",
    ]);
    Desk {
        ws,
        dir: dir.path().to_owned(),
        _dir: dir,
    }
}

#[test]
fn export_writes_every_format_with_verified_claims_by_default() {
    let d = desk();
    let md = ok(&["export", &d.ws, "--format", "md"]);
    assert!(md.contains("> “The pier cost €4 million — not a cent more.”"));
    assert!(md.contains("- **Verdict:** Mostly true"));
    assert!(
        !md.contains("best-value"),
        "in progress is not a verified claim"
    );
    let all = ok(&["export", &d.ws, "--format", "md", "--all-statuses"]);
    assert!(all.contains("best-value"));
    let only_false = ok(&["export", &d.ws, "--format", "csv", "--status", "false"]);
    assert_eq!(
        only_false.lines().count(),
        2,
        "header and one row: {only_false}"
    );
    let by_speaker = ok(&[
        "export",
        &d.ws,
        "--format",
        "csv",
        "--speaker",
        "Tourist office",
    ]);
    assert!(by_speaker.contains("東京"));
    assert_eq!(by_speaker.lines().count(), 2);

    let cr: serde_json::Value =
        serde_json::from_str(&ok(&["export", &d.ws, "--format", "claimreview"])).unwrap();
    assert_eq!(cr.as_array().unwrap().len(), 2);
    assert_eq!(cr[0]["author"]["name"], "Port Wenlow Fact Desk");
    let wa: serde_json::Value =
        serde_json::from_str(&ok(&["export", &d.ws, "--format", "webannotation"])).unwrap();
    assert_eq!(
        wa[1]["target"]["selector"][0]["exact"],
        "Visitors from 東京 rose 12% 😀"
    );

    let out = d.dir.join("report.html");
    ok(&[
        "export",
        &d.ws,
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.contains("<mark>Visitors from 東京 rose 12% 😀</mark>"));
    assert!(!html.contains("<script") && !html.contains("<img"));
    // The same data gives the same bytes: reports diff cleanly.
    assert_eq!(ok(&["export", &d.ws, "--format", "html"]), html);
    let err = common::fails(&["export", &d.ws, "--format", "pdf"]);
    assert!(err.contains("not one of"), "{err}");
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

#[test]
fn html_report_renders_in_headless_chromium_and_runs_no_injected_script() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install chromium (.ci/run)"
        );
        eprintln!(
            "skipped: Chromium is not installed (apt-get install chromium); .ci/run installs it"
        );
        return;
    };
    let d = desk();
    let out = d.dir.join("report.html");
    ok(&[
        "export",
        &d.ws,
        "--format",
        "html",
        "-o",
        out.to_str().unwrap(),
    ]);
    let profile = d.dir.join("chromium-profile");
    let dom = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=3000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("file://{}", out.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout).into_owned();
    assert!(
        dom.contains("<title>Fact-check report — Port Wenlow Fact Desk</title>"),
        "title changed or page not rendered: {}",
        &dom[..dom.len().min(400)]
    );
    assert!(dom.contains("<mark>“The pier cost €4 million — not a cent more.”</mark>"));
    assert!(dom.contains("Visitors from 東京 rose 12% 😀"));
    // The escaped notes show the word as text; no script may have made it the title.
    assert!(!dom.contains("<title>pwned"), "an injected script ran");
    assert!(!dom.contains("<img"), "an injected element was created");
    assert!(
        dom.contains("&lt;script&gt;document.title='pwned'&lt;/script&gt;")
            || dom.contains("&lt;script&gt;document.title=\'pwned\'&lt;/script&gt;")
    );
}

#[test]
fn json_export_round_trips_a_workspace_through_import_json() {
    let d = desk();
    // Give it a second revision, a deleted claim, evidence and aliases-free speakers.
    let list: serde_json::Value = serde_json::from_str(&ok(&["list", &d.ws, "--json"])).unwrap();
    let first = list[0]["id"].as_str().unwrap().to_owned();
    let article = list[0]["article_id"].as_str().unwrap().to_owned();
    ok(&[
        "claim",
        "set",
        &d.ws,
        &first,
        "--evidence",
        "https://example.org/audit",
        "--evidence-title",
        "Audit",
    ]);
    ok(&["claim", "rm", &d.ws, list[2]["id"].as_str().unwrap()]);
    let v2 = d.dir.join("v2.txt");
    std::fs::write(&v2, ARTICLE.replace("rose 12%", "rose 14%")).unwrap();
    ok(&[
        "import",
        &d.ws,
        v2.to_str().unwrap(),
        "--replaces",
        &article,
    ]);

    let exported = ok(&["export", &d.ws, "--format", "json"]);
    let dump: serde_json::Value = serde_json::from_str(&exported).unwrap();
    assert_eq!(dump["format"], "factdesk-workspace");
    assert_eq!(
        dump["articles"][0]["revisions"].as_array().unwrap().len(),
        2
    );
    assert_eq!(
        dump["claims"].as_array().unwrap().len(),
        3,
        "tombstones travel too"
    );

    let json_file = d.dir.join("ws.json");
    std::fs::write(&json_file, &exported).unwrap();
    let copy = d.dir.join("copy.factdesk");
    let copy = copy.to_str().unwrap();
    ok(&["new", copy]);
    let said = ok(&["import-json", copy, json_file.to_str().unwrap()]);
    assert!(
        said.contains("added 1 articles (2 revisions), 3 claims"),
        "{said}"
    );
    assert_eq!(
        ok(&["export", copy, "--format", "json"]),
        exported,
        "the round trip changes nothing"
    );
    // Importing again adds nothing.
    let again = ok(&["import-json", copy, json_file.to_str().unwrap()]);
    assert!(again.contains("added 0 articles"), "{again}");

    // A tampered file is refused whole and changes nothing.
    let field = "\"quote\": \"“The pier cost €4 million — not a cent more.”\"";
    assert!(exported.contains(field));
    let tampered = exported.replacen(field, "\"quote\": \"“The pier cost nothing.”\"", 1);
    let bad = d.dir.join("bad.json");
    std::fs::write(&bad, tampered).unwrap();
    let fresh = d.dir.join("fresh.factdesk");
    let fresh = fresh.to_str().unwrap();
    ok(&["new", fresh]);
    let before = std::fs::read(fresh).unwrap();
    let err = common::fails(&["import-json", fresh, bad.to_str().unwrap()]);
    assert!(err.contains("quote is not the text"), "{err}");
    assert_eq!(std::fs::read(fresh).unwrap(), before);
}

#[test]
fn json_format_matches_its_golden_file_through_import_and_export() {
    // tests/golden/workspace.json: two revisions, a deleted claim, evidence, history, and
    // multi-byte text. Importing it and exporting again must give the same bytes.
    let golden =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/workspace.json");
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.factdesk");
    let ws = ws.to_str().unwrap();
    ok(&["new", ws]);
    ok(&["import-json", ws, golden.to_str().unwrap()]);
    assert_eq!(
        ok(&["export", ws, "--format", "json"]),
        std::fs::read_to_string(&golden).unwrap()
    );
    let list: serde_json::Value = serde_json::from_str(&ok(&["list", ws, "--json"])).unwrap();
    assert_eq!(
        list[0]["quote"],
        "“The pier cost €4 million — not a cent more.”"
    );
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "the deleted claim stays a tombstone"
    );
}
