//! Articles from the web, against a real HTTP server on 127.0.0.1 started by the test
//! (fixture pages in tests/fixtures/web): extraction and metadata, charsets, redirects, and
//! every failure with its message. Nothing here reaches the internet.

use crate::common;

use std::io::{BufRead as _, BufReader, Write as _};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::{factdesk, ok};
use factdesk::store::Workspace;
use factdesk::store::read::{self, ClaimFilter};
use factdesk::web::{self, FetchOptions};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/web")
            .join(name),
    )
    .unwrap()
}

/// A small HTTP/1.1 server: one thread per connection, routes below. `pages` lets a test
/// change what `/live` serves (a corrected article).
struct Server {
    base: String,
    live: Arc<Mutex<Vec<u8>>>,
}

fn serve() -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let live = Arc::new(Mutex::new(fixture("news.html")));
    let shared = Arc::clone(&live);
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            let live = Arc::clone(&shared);
            std::thread::spawn(move || {
                let _ = handle(stream, &live);
            });
        }
    });
    Server { base, live }
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\n",
        body.len()
    )?;
    for (k, v) in headers {
        write!(stream, "{k}: {v}\r\n")?;
    }
    stream.write_all(b"\r\n")?;
    stream.write_all(body)?;
    stream.flush()
}

fn handle(mut stream: TcpStream, live: &Mutex<Vec<u8>>) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" {
            break;
        }
    }
    let path = request.split_whitespace().nth(1).unwrap_or("/").to_owned();
    let html = [("Content-Type", "text/html; charset=utf-8")];
    match path.as_str() {
        "/news" => respond(&mut stream, "200 OK", &html, &fixture("news.html")),
        "/live" => {
            let body = live.lock().unwrap().clone();
            respond(&mut stream, "200 OK", &html, &body)
        }
        // No charset in the header: the page's <meta charset> says windows-1252.
        "/cp1252" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "text/html")],
            &fixture("cp1252.html"),
        ),
        "/paywall" => respond(&mut stream, "200 OK", &html, &fixture("paywall.html")),
        "/r1" => respond(
            &mut stream,
            "301 Moved Permanently",
            &[("Location", "/r2")],
            b"",
        ),
        "/r2" => respond(&mut stream, "302 Found", &[("Location", "/news")], b""),
        "/loop" => respond(&mut stream, "302 Found", &[("Location", "/loop")], b""),
        "/gone" => respond(&mut stream, "404 Not Found", &html, b"<h1>Not found</h1>"),
        "/broken" => respond(&mut stream, "500 Internal Server Error", &html, b"oops"),
        "/image" => respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", "image/png")],
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
        ),
        "/binary-as-html" => respond(
            &mut stream,
            "200 OK",
            &html,
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01",
        ),
        "/endless" => {
            // Chunked, never ending: only the size cap stops it.
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n"
            )?;
            let chunk = "<p>more and more text</p>".repeat(400);
            loop {
                write!(stream, "{:x}\r\n{chunk}\r\n", chunk.len())?;
            }
        }
        "/slow" => {
            write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n<html>"
            )?;
            stream.flush()?;
            std::thread::sleep(Duration::from_secs(20));
            Ok(())
        }
        _ => respond(&mut stream, "404 Not Found", &html, b""),
    }
}

fn quick() -> FetchOptions {
    FetchOptions {
        timeout: Duration::from_secs(2),
        max_redirects: 5,
        max_bytes: 1024 * 1024,
    }
}

fn fetch_err(url: &str) -> String {
    web::fetch(url, &quick(), &AtomicBool::new(false))
        .and_then(|page| web::extract(&page))
        .unwrap_err()
        .to_string()
}

#[test]
fn a_news_page_gives_its_article_text_and_metadata_without_the_clutter() {
    let server = serve();
    let page = web::fetch(
        &format!("{}/news", server.base),
        &quick(),
        &AtomicBool::new(false),
    )
    .unwrap();
    let text = web::extract(&page).unwrap();
    let body = &text.body;
    assert!(
        body.contains(
            "Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”"
        ),
        "{body}"
    );
    assert!(
        body.contains("Visitors from Tōkyō and Zürich rose 12% last summer"),
        "{body}"
    );
    // Paragraphs stay paragraphs.
    assert!(
        body.contains("audited.\n\nCouncillor José Núñez disagreed."),
        "{body}"
    );
    for clutter in [
        "cookies",
        "Accept all",
        "Subscribe",
        "Advertisement",
        "Typical council spin",
        "All rights reserved",
        "tracking",
        "Related stories",
    ] {
        assert!(
            !body.contains(clutter),
            "{clutter:?} leaked into the text:\n{body}"
        );
    }
    assert_eq!(
        text.title.as_deref(),
        Some("Harbour pier “over budget”, critics say")
    );
    assert_eq!(text.author.as_deref(), Some("Åsa Berg, Tomás Ruiz"));
    assert_eq!(text.outlet.as_deref(), Some("Coastal Times"));
    assert_eq!(text.published.as_deref(), Some("2026-03-04"));
    assert_eq!(
        text.url.as_deref(),
        Some("https://coastal-times.example/2026/03/pier-budget")
    );
}

#[test]
fn a_windows_1252_page_declared_by_meta_charset_is_decoded() {
    let server = serve();
    let page = web::fetch(
        &format!("{}/cp1252", server.base),
        &quick(),
        &AtomicBool::new(false),
    )
    .unwrap();
    let text = web::extract(&page).unwrap();
    assert!(
        text.body
            .contains("“We have never seen anything like it,” said Renée Duchâtel"),
        "{}",
        text.body
    );
    assert!(text.body.contains("€3.20"));
    assert_eq!(text.title.as_deref(), Some("Café prices “up 30%”"));
}

#[test]
fn redirects_are_followed_and_the_final_address_kept() {
    let server = serve();
    let page = web::fetch(
        &format!("{}/r1", server.base),
        &quick(),
        &AtomicBool::new(false),
    )
    .unwrap();
    assert_eq!(page.final_url, format!("{}/news", server.base));
    assert!(web::extract(&page).unwrap().body.contains("Maria Lind"));
}

#[test]
fn every_failure_says_what_went_wrong() {
    let server = serve();
    let b = &server.base;
    let cases = [
        (format!("{b}/gone"), "404 Not Found"),
        (format!("{b}/broken"), "500 Internal Server Error"),
        (format!("{b}/loop"), "more than 5 redirects"),
        (
            format!("{b}/image"),
            "not a web page: the server sent image/png",
        ),
        (format!("{b}/binary-as-html"), "binary"),
        (format!("{b}/endless"), "larger than 1 MB"),
        (format!("{b}/slow"), "timeout"),
        (format!("{b}/paywall"), "too little article text"),
        (
            "http://no-such-host.invalid/x".to_owned(),
            "not found (DNS)",
        ),
        (
            "ftp://example.org/file".to_owned(),
            "only http:// and https://",
        ),
    ];
    for (url, expected) in cases {
        let err = fetch_err(&url);
        assert!(
            err.contains(expected),
            "{url}: expected {expected:?} in {err:?}"
        );
        assert!(
            err.contains(
                url.trim_start_matches("ftp://")
                    .split('/')
                    .next()
                    .unwrap_or("")
            ) || err.contains("article"),
            "{err}"
        );
    }
    // Nothing listens on this port (bound, then dropped).
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = fetch_err(&format!("http://127.0.0.1:{port}/"));
    assert!(
        err.contains("refused") || err.contains("could not connect"),
        "{err}"
    );
}

#[test]
fn a_cancelled_fetch_stops() {
    let server = serve();
    let err = web::fetch(
        &format!("{}/news", server.base),
        &quick(),
        &AtomicBool::new(true),
    )
    .unwrap_err();
    assert!(err.to_string().contains("cancelled"), "{err}");
}

#[test]
fn cli_imports_by_url_keeps_the_page_and_refresh_adds_a_revision() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let ws_path = dir.path().join("desk.factdesk");
    let ws = ws_path.to_str().unwrap();
    ok(&["new", ws]);
    let url = format!("{}/live", server.base);
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["import", ws, &url, "--json"])).unwrap();
    let id = json["article_id"].as_str().unwrap().to_owned();
    assert_eq!(json["title"], "Harbour pier “over budget”, critics say");
    assert_eq!(json["author"], "Åsa Berg, Tomás Ruiz");
    assert_eq!(json["published"], "2026-03-04");
    ok(&[
        "claim",
        "add",
        ws,
        "--article",
        &id,
        "--quote",
        "“The pier cost €4 million — not a cent more.”",
        "--speaker",
        "Maria Lind",
    ]);
    ok(&[
        "claim",
        "add",
        ws,
        "--article",
        &id,
        "--quote",
        "the best-value project since 2009",
        "--speaker",
        "Maria Lind",
    ]);

    // The raw page is kept, compressed, with the revision it gave.
    {
        let w = Workspace::open(&ws_path).unwrap();
        let fetches = read::fetches(w.conn(), &id.as_str().into()).unwrap();
        assert_eq!(fetches.len(), 1);
        assert_eq!(fetches[0].url, url);
        assert_eq!(
            read::fetch_raw(w.conn(), &fetches[0].id).unwrap(),
            fixture("news.html")
        );
        assert_eq!(
            read::article(w.conn(), &id.as_str().into())
                .unwrap()
                .revision_number,
            1
        );
    }

    // Unchanged page: no new revision.
    let out = ok(&["refresh", ws]);
    assert!(out.contains("text unchanged (revision 1)"), "{out}");

    // The outlet corrects the article: a paragraph added, Lind's quote reworded.
    let corrected = String::from_utf8(fixture("news.html"))
        .unwrap()
        .replace("not a cent more", "not one cent more")
        .replace(
            "<p>The new harbour pier",
            "<p>Correction: an earlier version misquoted the chair.</p>\n  <p>The new harbour pier",
        );
    *server.live.lock().unwrap() = corrected.into_bytes();
    let json: serde_json::Value =
        serde_json::from_str(&ok(&["refresh", ws, "--article", &id[..8], "--json"])).unwrap();
    let report = &json[0]["report"];
    assert_eq!(report["changed"], true);
    assert_eq!(report["revision"], 2);
    let states: Vec<&str> = report["claims"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["state"].as_str().unwrap())
        .collect();
    assert!(
        states.contains(&"quote_changed") && states.contains(&"moved"),
        "{states:?}"
    );
    let w = Workspace::open(&ws_path).unwrap();
    assert_eq!(
        read::fetches(w.conn(), &id.as_str().into()).unwrap().len(),
        3,
        "every fetch is kept"
    );
    let claims = read::claims(w.conn(), &ClaimFilter::default()).unwrap();
    let body = read::article(w.conn(), &id.as_str().into()).unwrap().body;
    for c in &claims {
        let at: String = body
            .chars()
            .skip(c.anchor.range.start)
            .take(c.anchor.range.len())
            .collect();
        assert_eq!(
            at, c.anchor.quote,
            "each claim sits on its words in the new text"
        );
    }
    drop(w);

    // Reports say which revision each claim is on, and the words its verdict was made on.
    let md = ok(&["export", ws, "--format", "md", "--all-statuses"]);
    assert!(
        md.contains("the quoted words changed in revision 2; the verdict was made on: ““The pier cost €4 million — not a cent more.””"),
        "{md}"
    );
    let csv = ok(&["export", ws, "--format", "csv", "--all-statuses"]);
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let col = reader
        .headers()
        .unwrap()
        .iter()
        .position(|h| h == "revision")
        .unwrap();
    for row in reader.records() {
        assert_eq!(row.unwrap().get(col), Some("2"), "{csv}");
    }

    // A failed fetch is reported and changes nothing.
    let before = common::bytes(&ws_path);
    let out = factdesk(&["import", ws, &format!("{}/gone", server.base)]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("404 Not Found") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(common::bytes(&ws_path), before);
}

mod window {
    use super::*;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable as _;
    use factdesk::ui::Action;
    use factdesk::ui::app::{FactdeskApp, Settings};

    fn harness(path: &Path) -> Harness<'static, FactdeskApp> {
        let mut app = FactdeskApp::new(Settings {
            reviewer: "Gui Tester".into(),
            ..Settings::default()
        });
        app.open_initial(Some(path), None);
        let mut h = Harness::builder()
            .with_size(egui::vec2(1280.0, 800.0))
            .with_max_steps(24)
            .allow_missing_glyphs()
            .build_ui_state(|ui, app: &mut FactdeskApp| app.show(ui), app);
        h.step();
        h
    }

    /// Draws frames until the fetch is over (the window never waits for it).
    fn until_fetched(h: &mut Harness<'_, FactdeskApp>) {
        for _ in 0..200 {
            h.step();
            if h.state().fetching.is_none() {
                h.step();
                return;
            }
            std::thread::sleep(Duration::from_millis(25));
        }
        panic!("the fetch did not finish");
    }

    #[test]
    fn the_window_fetches_without_freezing_prefills_the_form_and_cancels() {
        let server = serve();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.factdesk");
        drop(Workspace::create(&path).unwrap());
        let mut h = harness(&path);

        // A page that never finishes: frames keep coming, and Cancel ends the wait.
        h.state_mut()
            .queued
            .push(Action::ImportUrl(format!("{}/slow", server.base)));
        h.step();
        assert!(h.state().fetching.is_some());
        for _ in 0..5 {
            h.step();
        }
        assert!(h.query_by_label_contains("Fetching http://").is_some());
        h.get_by_label("Cancel fetch").click();
        h.step();
        h.step();
        assert!(h.state().fetching.is_none());
        assert!(h.state().notice.as_deref().unwrap().contains("cancelled"));

        // A pasted address is fetched; the form comes prefilled from the page.
        h.state_mut()
            .queued
            .push(Action::ImportText(format!("  {}/news \n", server.base)));
        h.step();
        until_fetched(&mut h);
        let form = h
            .state_mut()
            .import_form_mut()
            .expect("the import form opened");
        assert_eq!(form.title, "Harbour pier “over budget”, critics say");
        assert_eq!(form.author, "Åsa Berg, Tomás Ruiz");
        assert_eq!(form.outlet, "Coastal Times");
        assert_eq!(form.published, "2026-03-04");
        assert!(form.body.contains("not a cent more"));
        form.title = "Pier budget (edited title)".into();
        h.state_mut().confirm_import();
        h.step();
        let id = h.state().current().as_ref().unwrap().id.clone();
        {
            let ws = Workspace::open(&path).unwrap();
            let article = read::article(ws.conn(), &id).unwrap();
            assert_eq!(article.title, "Pier budget (edited title)");
            assert_eq!(
                read::fetches(ws.conn(), &id).unwrap().len(),
                1,
                "the page is kept"
            );
        }

        // Check for updates: the same text is reported unchanged.
        h.state_mut()
            .queued
            .push(Action::CheckForUpdates(id.clone()));
        h.step();
        until_fetched(&mut h);
        assert!(
            h.state().notice.as_deref().unwrap().contains("unchanged"),
            "{:?}",
            h.state().notice
        );

        // A failure is shown in the window and changes nothing.
        h.state_mut()
            .queued
            .push(Action::ImportUrl(format!("{}/gone", server.base)));
        h.step();
        until_fetched(&mut h);
        assert!(
            h.state()
                .error
                .as_deref()
                .unwrap()
                .contains("404 Not Found")
        );
        assert!(h.state_mut().import_form_mut().is_none());
    }

    #[test]
    fn the_import_form_keeps_the_short_page_warning_and_imports_it_anyway() {
        let server = serve();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("desk.factdesk");
        drop(Workspace::create(&path).unwrap());
        let mut h = harness(&path);
        h.state_mut()
            .queued
            .push(Action::ImportUrl(format!("{}/paywall", server.base)));
        h.step();
        until_fetched(&mut h);
        let form = h.state_mut().import_form_mut().expect("the form opened");
        assert!(
            form.warning
                .as_deref()
                .unwrap()
                .contains("too little article text"),
            "{:?}",
            form.warning
        );
        h.step();
        assert!(
            h.query_by_label_contains("too little article text")
                .is_some()
        );
        h.get_by_label("Import anyway").click();
        h.step();
        h.step();
        assert!(h.state_mut().import_form_mut().is_none());
        let ws = Workspace::open(&path).unwrap();
        assert_eq!(read::articles(ws.conn()).unwrap().len(), 1, "imported");
    }
}

// Issue 15, small gap: a real but short page can be imported when the user says so.
#[test]
fn a_short_page_is_refused_with_a_warning_unless_the_user_imports_it_anyway() {
    let server = serve();
    let dir = tempfile::tempdir().unwrap();
    let ws_path = dir.path().join("desk.factdesk");
    let ws = ws_path.to_str().unwrap();
    ok(&["new", ws]);
    let url = format!("{}/paywall", server.base);
    let before = common::bytes(&ws_path);
    let out = factdesk(&["import", ws, &url]);
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("too little article text"), "{stderr}");
    assert_eq!(common::bytes(&ws_path), before);
    let out = factdesk(&["import", ws, &url, "--allow-short"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the page has too little article text"),
        "{stderr}"
    );
    let articles: serde_json::Value =
        serde_json::from_str(&ok(&["articles", ws, "--json"])).unwrap();
    assert_eq!(articles.as_array().unwrap().len(), 1);
}
