//! Reports end to end: `factdesk export` on a real workspace in every format, scope
//! filters, and the HTML report rendered by headless Chromium with hostile notes.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use common::{ARTICLE, ok};

struct Desk {
    _dir: tempfile::TempDir,
    ws: String,
    dir: PathBuf,
}

fn desk() -> Desk {
    desk_with_organisation(true)
}

/// A workspace with one article and three claims; the organisation is set when `org`.
fn desk_with_organisation(org: bool) -> Desk {
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
    if org {
        ok(&[
            "org",
            &ws,
            "--name",
            "Port Wenlow Fact Desk",
            "--url",
            "https://factdesk.example.org",
        ]);
    }
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

#[test]
fn working_notes_stay_out_of_every_report_unless_asked_for() {
    // Issue 17: the notes field is the fact-checker's private scratchpad.
    let d = desk();
    let list: serde_json::Value = serde_json::from_str(&ok(&["list", &d.ws, "--json"])).unwrap();
    for claim in list.as_array().unwrap() {
        let id = claim["id"].as_str().unwrap();
        ok(&[
            "claim",
            "set",
            &d.ws,
            id,
            "--note",
            "Emailed the press office, no reply yet — Zoë",
        ]);
    }
    let private = "Emailed the press office";
    for format in ["md", "html", "csv", "claimreview", "webannotation"] {
        let public = ok(&["export", &d.ws, "--format", format, "--all-statuses"]);
        assert!(
            !public.contains(private) && !public.contains("Zoë"),
            "{format} printed the notes: {public}"
        );
        assert!(
            public.contains("4 million"),
            "{format} lost its claims: {public}"
        );
    }
    for format in ["md", "html", "csv", "webannotation"] {
        let with = ok(&[
            "export",
            &d.ws,
            "--format",
            format,
            "--all-statuses",
            "--include-notes",
        ]);
        assert!(
            with.contains("no reply yet — Zoë"),
            "{format} left the notes out when asked for them: {with}"
        );
    }
    // The whole-workspace JSON is a copy of the workspace, not a report: it keeps them.
    let json = ok(&["export", &d.ws, "--format", "json"]);
    assert!(json.contains(private));
}

fn chromium() -> Option<PathBuf> {
    ["/usr/bin/chromium", "/usr/bin/chromium-browser"]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// The DOM headless Chromium builds from the HTML file `page`, scripts given time to run.
fn rendered_dom(
    browser: &std::path::Path,
    page: &std::path::Path,
    profile: &std::path::Path,
) -> String {
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
        .arg(format!("file://{}", page.display()))
        .output()
        .unwrap();
    String::from_utf8_lossy(&dom.stdout).into_owned()
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
        "--include-notes",
        "-o",
        out.to_str().unwrap(),
    ]);
    let dom = rendered_dom(&browser, &out, &d.dir.join("chromium-profile"));
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

/// Writes hostile strings straight into the workspace file, as a received file can carry
/// them (issue 15, item 9): every kind of field a report prints, ids and dates included.
fn poison(ws: &str) {
    let conn = rusqlite::Connection::open(ws).unwrap();
    conn.execute_batch(
        r#"
        PRAGMA foreign_keys = OFF;
        UPDATE claim SET created_at = '<script>/*', created_by = '*/alert(document.domain)//',
            updated_at = '</script>x', updated_by = '<b onclick=alert(1)>rev</b>';
        UPDATE claim SET anchor_state = 'quote_changed',
            previous_quote = '<iframe src=javascript:alert(1)></iframe>' WHERE status = 'false';
        UPDATE speaker SET name = '<svg onload=alert(1)>' || name;
        UPDATE claim_history SET claim_id = claim_id || '"><x>';
        UPDATE claim SET id = id || '"><x>';
        UPDATE revision SET article_id = '<a id=x>';
        UPDATE claim SET article_id = '<a id=x>';
        UPDATE article SET id = '<a id=x>', title = '</title><script>alert(1)</script>',
            outlet = '<b>Coastal</b>', author = '- [x](javascript:alert(1))',
            published = '<i>2026</i>', url = 'a onmouseover=alert(1) x';
        UPDATE workspace_meta SET value = '</title><script>alert(2)</script>'
            WHERE key = 'organisation_name';
        UPDATE workspace_meta SET value = 'javascript:alert(3)' WHERE key = 'organisation_url';
        INSERT INTO evidence (id, claim_id, url, title, note, added_at, added_by)
            SELECT 'ev-1', id, 'javascript:alert(4)', '<u>click</u>', '<i>note</i>', '<script>',
                '</script>' FROM claim WHERE status = 'false';
        INSERT INTO evidence (id, claim_id, url, title, note, added_at, added_by)
            SELECT 'ev-2', id, 'https://example.org/a b"><script>alert(5)</script>',
                '](javascript:alert(6))', '', '2026-03-05', 'x' FROM claim WHERE status = 'false';
        "#,
    )
    .unwrap();
}

/// The tag names in `html` (`!doctype` for the doctype), lower case.
fn tag_names(html: &str) -> std::collections::BTreeSet<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            rest.trim_start_matches('/')
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect()
}

/// Asserts the HTML has only the report's own elements and only http(s) links.
fn assert_only_report_markup(html: &str) {
    const OWN: [&str; 25] = [
        "!doctype", "html", "head", "meta", "title", "style", "body", "h1", "h2", "p", "table",
        "tbody", "tr", "th", "td", "span", "section", "article", "mark", "strong", "dl", "dt",
        "dd", "a", "br",
    ];
    for tag in tag_names(html) {
        assert!(
            OWN.contains(&tag.as_str()),
            "element <{tag}> from the data in:\n{html}"
        );
    }
    for (i, _) in html.match_indices("<a ") {
        let rest = &html[i..];
        assert!(
            rest.starts_with("<a href=\"https://") || rest.starts_with("<a href=\"http://"),
            "a link that is not http(s): {}",
            &rest[..rest.len().min(120)]
        );
    }
}

#[test]
fn hostile_strings_in_a_received_file_stay_text_in_every_report_format() {
    let d = desk();
    poison(&d.ws);

    // HTML: the report's own elements only, and the dates shown as text.
    let html = ok(&["export", &d.ws, "--format", "html"]);
    assert_only_report_markup(&html);
    assert!(!html.contains("<script"), "{html}");
    assert!(
        html.contains("&lt;/script&gt;x; created by */alert(document.domain)//, &lt;script&gt;/*"),
        "{html}"
    );
    assert!(html.contains("&lt;iframe src=javascript:alert(1)&gt;"));
    assert!(html.contains("&lt;u&gt;click&lt;/u&gt; <span class=\"muted\">(javascript:alert(4))"));
    // Pasted into a CMS the CSP is gone: a browser must still build no element from the data.
    if let Some(browser) = chromium() {
        let page = d.dir.join("pasted.html");
        let without_csp: String = html
            .lines()
            .filter(|l| !l.contains("Content-Security-Policy"))
            .map(|l| format!("{l}\n"))
            .collect();
        std::fs::write(&page, without_csp).unwrap();
        let dom = rendered_dom(&browser, &page, &d.dir.join("chromium-profile"));
        assert!(dom.contains("<mark>"), "page not rendered: {dom}");
        assert_only_report_markup(&dom);
    }

    // Markdown: no raw HTML at all, and no link that is not http(s).
    let md = ok(&["export", &d.ws, "--format", "md"]);
    let parser = pulldown_cmark::Parser::new_ext(&md, pulldown_cmark::Options::all());
    for event in parser {
        match event {
            pulldown_cmark::Event::Html(h) | pulldown_cmark::Event::InlineHtml(h) => {
                panic!("raw HTML {h:?} in the Markdown report:\n{md}")
            }
            pulldown_cmark::Event::Start(
                pulldown_cmark::Tag::Link { dest_url, .. }
                | pulldown_cmark::Tag::Image { dest_url, .. },
            ) => assert!(
                dest_url.starts_with("https://") || dest_url.starts_with("http://"),
                "link to {dest_url} in the Markdown report:\n{md}"
            ),
            _ => {}
        }
    }
    for (i, _) in md.match_indices('<') {
        assert!(
            md[i..].starts_with("<https://") || md[i..].starts_with("<http://"),
            "a < from the data in the Markdown report: {}",
            &md[i..md.len().min(i + 80)]
        );
    }
    assert!(md.contains("&lt;/script&gt;x"), "{md}");
    assert!(
        md.contains("&lt;iframe src=javascript:alert(1)&gt;"),
        "{md}"
    );

    // JSON-LD: no < > & at all, and the values still read back as they were.
    for format in ["claimreview", "webannotation"] {
        let json = ok(&["export", &d.ws, "--format", format]);
        assert!(!json.contains(['<', '>', '&']), "{format}: {json}");
        assert!(json.contains("\\u003c/script\\u003ex"), "{format}: {json}");
        let _: serde_json::Value = serde_json::from_str(&json).unwrap();
    }
    let wa: serde_json::Value =
        serde_json::from_str(&ok(&["export", &d.ws, "--format", "webannotation"])).unwrap();
    assert_eq!(wa[0]["created"], "<script>/*");
    assert_eq!(wa[0]["creator"]["name"], "*/alert(document.domain)//");
    assert_eq!(wa[0]["modified"], "</script>x");
    for annotation in wa.as_array().unwrap() {
        let source = annotation["target"]["source"].as_str().unwrap();
        assert!(
            source.starts_with("urn:uuid:"),
            "not an http(s) source: {source}"
        );
        for body in annotation["body"].as_array().unwrap() {
            if let Some(id) = body["id"].as_str() {
                assert!(id.starts_with("https://"), "a body links to {id}");
            }
        }
    }

    // CSV: the values themselves, as text.
    let csv = ok(&["export", &d.ws, "--format", "csv"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    assert_eq!(&row[17], "</script>x");
    assert_eq!(&row[19], "<script>/*");
}

#[test]
fn claimreview_json_ld_can_sit_inside_a_script_element() {
    let d = desk();
    poison(&d.ws);
    let json = ok(&["export", &d.ws, "--format", "claimreview"]);
    // An HTML parser ends a script element at `</script` and starts a comment state at
    // `<!--`: with no `<` in the JSON, neither can happen.
    assert!(!json.to_ascii_lowercase().contains("</script"), "{json}");
    assert!(!json.contains(['<', '>', '&']), "{json}");
    assert!(json.contains("\\u003c"));
    let cr: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(cr[0]["author"]["name"], "</title><script>alert(2)</script>");
    assert_eq!(cr[0]["datePublished"], "</script>x");
    // Only http(s) addresses become the review's or the article's url.
    for review in cr.as_array().unwrap() {
        assert!(review.get("url").is_none(), "{review}");
        assert!(review["author"].get("url").is_none(), "{review}");
        assert!(
            review["itemReviewed"]["appearance"].get("url").is_none(),
            "{review}"
        );
    }
}

#[test]
fn csv_formulas_behind_spaces_or_quotes_are_neutralised() {
    let d = desk();
    let conn = rusqlite::Connection::open(&d.ws).unwrap();
    conn.execute_batch(
        r#"
        UPDATE claim SET summary = '  =1+1', notes = '"=1+1', updated_by = '''=cmd|'' /C calc''!A0'
            WHERE status = 'false';
        UPDATE claim SET summary = char(9) || '@SUM(A1)', notes = ' "'' +1',
            updated_by = char(13) || char(10) || '-1' WHERE status = 'mostly_true';
        "#,
    )
    .unwrap();
    drop(conn);
    let csv = ok(&["export", &d.ws, "--format", "csv", "--include-notes"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let expected = [
        ["'  =1+1", "'\"=1+1", "''=cmd|' /C calc'!A0"],
        ["'\t@SUM(A1)", "' \"' +1", "'\r\n-1"],
    ];
    for (row, [summary, notes, reviewer]) in rows.iter().zip(expected) {
        assert_eq!(&row[13], summary);
        assert_eq!(&row[14], notes);
        assert_eq!(&row[16], reviewer);
    }
    // Text that only starts with a quotation mark stays as it is.
    assert_eq!(&rows[0][9], "“The pier cost €4 million — not a cent more.”");
}

#[test]
fn claimreview_without_an_organisation_is_refused_saying_how_to_set_it() {
    let d = desk_with_organisation(false);
    let ws = std::path::Path::new(&d.ws);
    let before = common::bytes(ws);
    let expected = "factdesk: error: invalid organisation: no fact-checking organisation is set; \
         set it with `factdesk org FILE --name NAME --url URL` or in the export form";
    assert_eq!(
        common::fails(&["export", &d.ws, "--format", "claimreview"]),
        expected
    );
    let out = d.dir.join("report.claimreview.jsonld");
    let out_s = out.to_str().unwrap();
    assert_eq!(
        common::fails(&["export", &d.ws, "--format", "claimreview", "-o", out_s]),
        expected
    );
    assert!(!out.exists() && !d.dir.join("report.claimreview.jsonld.tmp").exists());
    assert_eq!(common::bytes(ws), before, "the workspace is untouched");
    // Done as the message says, the export works.
    ok(&["org", &d.ws, "--name", "Port Wenlow Fact Desk"]);
    let cr: serde_json::Value =
        serde_json::from_str(&ok(&["export", &d.ws, "--format", "claimreview"])).unwrap();
    assert_eq!(cr[0]["author"]["name"], "Port Wenlow Fact Desk");
}
