//! End-to-end CLI session on a real workspace file: import, claims by quote and offsets,
//! edits, listing, JSON output, duplicates, re-import with re-anchoring.

use crate::common;

use common::{ARTICLE, fails, ok};
use serde_json::Value;

#[test]
fn full_session_on_article_with_curly_quotes() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("desk.factdesk");
    let ws = ws.to_str().unwrap();
    let article = dir.path().join("pier.txt");
    std::fs::write(&article, ARTICLE.replace('\n', "\r\n")).unwrap();

    assert!(ok(&["new", ws]).contains("created workspace"));
    let article_id = ok(&[
        "import",
        ws,
        article.to_str().unwrap(),
        "--outlet",
        "Coastal Times",
        "--published",
        "2026-03-04",
    ]);
    let article_id = article_id.trim();
    assert_eq!(article_id.len(), 36);

    // Straight quotes typed in a terminal find the curly ones in the article.
    let quote = "\"The pier cost €4 million — not a cent more.\"";
    let c1 = ok(&[
        "claim",
        "add",
        ws,
        "--article",
        &article_id[..8],
        "--quote",
        quote,
        "--speaker",
        "Maria Lind",
        "--status",
        "False",
    ]);
    let c1 = c1.trim();
    // By char offsets: 東京 and 😀 count one char each.
    let body: String = ARTICLE.trim_end().to_owned();
    let start = body.chars().position(|c| c == '東').unwrap();
    let c2 = ok(&[
        "claim",
        "add",
        ws,
        "--article",
        article_id,
        "--start",
        &start.to_string(),
        "--end",
        &(start + 13).to_string(),
        "--speaker",
        "Tourist office",
    ]);
    let c2 = c2.trim();
    ok(&[
        "claim",
        "set",
        ws,
        c1,
        "--summary",
        "The audit puts it at €6.1m.",
        "--evidence",
        "https://example.org/audit",
        "--evidence-title",
        "Audit 2026",
    ]);
    ok(&[
        "claim",
        "set",
        ws,
        c2,
        "--status",
        "in-progress",
        "--note",
        "Ask the tourist office",
    ]);

    let list: Value = serde_json::from_str(&ok(&["list", ws, "--json"])).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(
        list[0]["quote"],
        "“The pier cost €4 million — not a cent more.”"
    );
    assert_eq!(list[0]["speaker"], "Maria Lind");
    assert_eq!(list[0]["status"], "false");
    assert_eq!(list[0]["evidence"][0], "https://example.org/audit");
    assert_eq!(list[0]["updated_by"], "tester");
    assert_eq!(list[1]["quote"], "東京 rose 12% 😀");
    assert_eq!(list[1]["start"], start);
    assert_eq!(list[1]["end"], start + 13);
    assert_eq!(list[1]["status"], "in_progress");
    assert_eq!(list[1]["notes"], "Ask the tourist office");

    let filtered: Value =
        serde_json::from_str(&ok(&["list", ws, "--status", "false", "--json"])).unwrap();
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    let by_speaker = ok(&["list", ws, "--speaker", "maria lind"]);
    assert_eq!(by_speaker.lines().count(), 1);
    assert!(by_speaker.contains("«“The pier cost €4 million"));

    let articles: Value = serde_json::from_str(&ok(&["articles", ws, "--json"])).unwrap();
    assert_eq!(
        articles[0]["title"],
        "Harbour pier “over budget”, critics say"
    );
    assert_eq!(articles[0]["outlet"], "Coastal Times");
    assert_eq!(articles[0]["claims"], 2);
    assert_eq!(articles[0]["claims_by_status"]["false"], 1);

    // The same text again is reported, not duplicated.
    let dup = fails(&["import", ws, article.to_str().unwrap()]);
    assert!(
        dup.contains("already in the workspace") && dup.contains(article_id),
        "{dup}"
    );

    // A corrected version: a paragraph added before, a number changed inside one quote.
    let v2 = ARTICLE
        .replace(
            "Harbour Authority chair",
            "Correction: an earlier version misspelt a name.\n\nHarbour Authority chair",
        )
        .replace("rose 12%", "rose 14%");
    let v2_path = dir.path().join("pier-v2.txt");
    std::fs::write(&v2_path, &v2).unwrap();
    let report: Value = serde_json::from_str(&ok(&[
        "import",
        ws,
        v2_path.to_str().unwrap(),
        "--replaces",
        article_id,
        "--json",
    ]))
    .unwrap();
    assert_eq!(report["changed"], true);
    assert_eq!(report["revision"], 2);
    let states: Vec<&str> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert_eq!(states, ["moved", "quote_changed"]);
    let list: Value = serde_json::from_str(&ok(&["list", ws, "--json"])).unwrap();
    assert_eq!(list[1]["quote"], "東京 rose 14% 😀");
    assert_eq!(list[1]["anchor_state"], "quote_changed");
    assert_eq!(
        list[0]["quote"],
        "“The pier cost €4 million — not a cent more.”"
    );
    let unchanged = ok(&[
        "import",
        ws,
        v2_path.to_str().unwrap(),
        "--replaces",
        article_id,
    ]);
    assert!(unchanged.contains("text unchanged"), "{unchanged}");

    ok(&["claim", "rm", ws, c2]);
    let list: Value = serde_json::from_str(&ok(&["list", ws, "--json"])).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    let check: Value = serde_json::from_str(&ok(&["check", ws, "--json"])).unwrap();
    assert_eq!(check["integrity"].as_array().unwrap().len(), 0);
    assert_eq!(check["counts"]["claims"], 1);
    assert_eq!(check["counts"]["deleted_claims"], 1);
    assert_eq!(check["counts"]["revisions"], 2);
}

#[test]
fn paste_from_standard_input() {
    use std::io::Write as _;
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.factdesk");
    ok(&["new", ws.to_str().unwrap()]);
    let mut child = std::process::Command::new(common::bin())
        .args(["import", ws.to_str().unwrap(), "-", "--title", "Pasted"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all("“Pasted” text, é.\r\n".as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let articles: Value =
        serde_json::from_str(&ok(&["articles", ws.to_str().unwrap(), "--json"])).unwrap();
    assert_eq!(articles[0]["title"], "Pasted");
    assert_eq!(articles[0]["chars"], 17);
}

#[test]
fn bad_arguments_give_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.factdesk");
    let ws = ws.to_str().unwrap();
    ok(&["new", ws]);
    assert!(fails(&["new", ws]).contains("will not overwrite"));
    let article = dir.path().join("a.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let id = ok(&["import", ws, article.to_str().unwrap()]);
    let id = id.trim();
    assert!(
        fails(&[
            "claim",
            "add",
            ws,
            "--article",
            id,
            "--start",
            "5",
            "--end",
            "5000"
        ])
        .contains("does not fit")
    );
    assert!(
        fails(&["claim", "add", ws, "--article", id, "--quote", "never said"])
            .contains("not in the article")
    );
    assert!(
        fails(&[
            "claim",
            "add",
            ws,
            "--article",
            id,
            "--quote",
            "pier",
            "--occurrence",
            "9"
        ])
        .contains("occurs")
    );
    assert!(
        fails(&[
            "claim",
            "add",
            ws,
            "--article",
            id,
            "--quote",
            "pier",
            "--status",
            "maybe"
        ])
        .contains("not one of")
    );
    assert!(
        fails(&["claim", "add", ws, "--article", "ffff", "--quote", "pier"]).contains("no article")
    );
    assert!(fails(&["claim", "set", ws, "0000", "--status", "true"]).contains("no claim"));
    assert!(
        fails(&[
            "import",
            ws,
            article.to_str().unwrap(),
            "--published",
            "4 March"
        ])
        .contains("YYYY-MM-DD")
    );
    assert!(fails(&["claim", "add", ws]).contains("required"));
    assert!(fails(&["list", "/nonexistent/x.factdesk"]).contains("/nonexistent/x.factdesk"));
}

#[test]
fn a_verdict_awaiting_sign_off_is_listed_and_can_be_declined_or_signed_off() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("desk.factdesk");
    let ws_str = ws.to_str().unwrap();
    ok(&["new", ws_str]);
    let article = dir.path().join("pier.txt");
    std::fs::write(&article, ARTICLE).unwrap();
    let article_id = ok(&["import", ws_str, article.to_str().unwrap()]);
    let add = |quote: &str, status: &str| {
        ok(&[
            "claim",
            "add",
            ws_str,
            "--article",
            article_id.trim(),
            "--quote",
            quote,
            "--status",
            status,
        ])
        .trim()
        .to_owned()
    };
    let first = add("\"The pier cost €4 million — not a cent more.\"", "false");
    let second = add("rose 12% 😀", "mostly_true");
    // A checker's verdicts turned into proposals, as a sync under sign-off does.
    let mut file = factdesk::store::Workspace::open(&ws).unwrap();
    for id in [&first, &second] {
        file.write(|tx| {
            factdesk::store::write::propose_verdict(
                tx,
                &id.into(),
                factdesk::model::Status::InProgress,
                "Bea Núñez",
            )
        })
        .unwrap();
    }
    drop(file);
    let list = ok(&["list", ws_str]);
    assert!(
        list.contains("[awaiting sign-off: false by Bea Núñez]")
            && list.contains("[awaiting sign-off: mostly_true by Bea Núñez]"),
        "{list}"
    );
    let json: Value = serde_json::from_str(&ok(&["list", ws_str, "--json"])).unwrap();
    let waiting: Vec<&Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["proposal"]["by"] == "Bea Núñez")
        .collect();
    assert_eq!(waiting.len(), 2, "{json}");
    // The editor declines one and signs the other off by setting it.
    assert!(ok(&["claim", "decline", ws_str, &first[..13]]).contains("declined"));
    assert!(ok(&["claim", "decline", ws_str, &first[..13]]).contains("no verdict waits"));
    ok(&[
        "claim",
        "set",
        ws_str,
        &second[..13],
        "--status",
        "mostly_true",
    ]);
    let list = ok(&["list", ws_str]);
    assert!(!list.contains("awaiting sign-off"), "{list}");
    let json: Value = serde_json::from_str(&ok(&["list", ws_str, "--json"])).unwrap();
    let statuses: Vec<(&str, bool)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["status"].as_str().unwrap(), c.get("proposal").is_some()))
        .collect();
    assert!(statuses.contains(&("in_progress", false)), "{statuses:?}");
    assert!(statuses.contains(&("mostly_true", false)), "{statuses:?}");
}

#[test]
fn version_names_the_release_and_the_build() {
    let out = ok(&["--version"]);
    assert_eq!(out.trim(), format!("factdesk {}", factdesk::VERSION));
    assert!(out.starts_with(concat!("factdesk ", env!("CARGO_PKG_VERSION"))));
}
