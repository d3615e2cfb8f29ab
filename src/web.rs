//! Articles from the web: fetching a page (blocking, meant for a worker thread), and turning
//! it into article text and metadata.
//!
//! **Fetching** ([`fetch`]): `ureq` with rustls; a global timeout, at most
//! [`FetchOptions::max_redirects`] redirects, a size cap, the content type checked (HTML or
//! XHTML; plain text is accepted as text), and a cancel flag checked between reads.
//!
//! **Extraction** ([`extract`]): the charset comes from the `Content-Type` header, else the
//! page's `<meta charset>`, else UTF-8 (a BOM wins over both). The main text is found by
//! `dom_smoothie` (a port of Mozilla's Readability) and turned into blank-line-separated
//! paragraphs by the same HTML converter as file imports. Metadata comes from JSON-LD
//! (`NewsArticle`, `Article`, …: headline, author, datePublished, dateModified, publisher),
//! then OpenGraph and `<meta>` tags, then `<title>`. A page with too little text (a paywall,
//! a consent wall, an index page) is refused rather than imported as an article.

use std::io::Read as _;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use scraper::{Html, Selector};
use serde_json::Value;

use crate::text::import::{self, ImportedText};
use crate::{Error, Result};

/// Limits of one fetch.
#[derive(Debug, Clone, Copy)]
pub struct FetchOptions {
    /// The whole fetch, connection to last byte.
    pub timeout: Duration,
    /// Redirects followed before giving up.
    pub max_redirects: u32,
    /// Bytes read before giving up.
    pub max_bytes: u64,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            timeout: Duration::from_secs(30),
            max_redirects: 5,
            max_bytes: 20 * 1024 * 1024,
        }
    }
}

impl FetchOptions {
    /// The defaults, with `FACTDESK_FETCH_TIMEOUT_SECS` and `FACTDESK_FETCH_MAX_BYTES` from
    /// the environment when set (slow networks; tests).
    pub fn from_env() -> Self {
        let mut o = Self::default();
        if let Some(secs) = std::env::var("FACTDESK_FETCH_TIMEOUT_SECS")
            .ok()
            .and_then(|v| v.trim().parse::<f64>().ok())
            .filter(|s| s.is_finite() && *s > 0.0)
        {
            o.timeout = Duration::from_secs_f64(secs.min(3600.0));
        }
        if let Some(bytes) = std::env::var("FACTDESK_FETCH_MAX_BYTES")
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            o.max_bytes = bytes;
        }
        o
    }
}

/// A fetched page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The URL asked for.
    pub url: String,
    /// The URL after redirects.
    pub final_url: String,
    /// HTTP status (2xx).
    pub status: u16,
    /// The `Content-Type` header.
    pub content_type: String,
    /// The raw bytes of the body.
    pub bytes: Vec<u8>,
}

/// Whether `text` is an http(s) URL (what `import` treats as a page to fetch).
pub fn is_url(text: &str) -> bool {
    crate::text::web_url(text).is_some()
}

fn fetch_error(url: &str, reason: impl Into<String>) -> Error {
    Error::Fetch {
        url: url.to_owned(),
        reason: reason.into(),
    }
}

/// Fetches `url`. Stops early, with [`Error::Fetch`] "cancelled", when `cancel` becomes true.
///
/// # Errors
/// [`Error::Fetch`] naming the reason: not an http(s) URL, DNS failure, no connection,
/// timeout, too many redirects, an HTTP error status, not a web page, too large, cancelled.
pub fn fetch(url: &str, options: &FetchOptions, cancel: &AtomicBool) -> Result<Fetched> {
    let url = url.trim();
    if !is_url(url) {
        return Err(fetch_error(
            url,
            "only http:// and https:// addresses can be fetched",
        ));
    }
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(options.max_redirects)
        .http_status_as_error(false)
        .user_agent(concat!("factdesk/", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let response = agent
        .get(url)
        .header(
            "Accept",
            "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5",
        )
        .call()
        .map_err(|e| fetch_error(url, describe(&e, options)))?;
    let status = response.status().as_u16();
    let final_url = ureq::ResponseExt::get_uri(&response).to_string();
    if !(200..300).contains(&status) {
        let reason = response.status().canonical_reason().unwrap_or("error");
        return Err(fetch_error(
            url,
            format!("the server answered {status} {reason}"),
        ));
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .trim()
        .to_owned();
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let accepted = mime.is_empty()
        || mime == "text/html"
        || mime == "application/xhtml+xml"
        || mime == "text/plain";
    if !accepted {
        return Err(fetch_error(
            url,
            format!("not a web page: the server sent {mime}"),
        ));
    }
    let mut reader = response.into_body().into_reader();
    let mut bytes = Vec::new();
    let mut chunk = vec![0u8; 64 * 1024];
    loop {
        if cancel.load(Ordering::Relaxed) {
            return Err(fetch_error(url, "cancelled"));
        }
        let n = reader.read(&mut chunk).map_err(|e| {
            let text = e.to_string();
            if text.to_ascii_lowercase().contains("timeout") || text.contains("timed out") {
                fetch_error(url, timeout_text(options))
            } else {
                fetch_error(url, format!("the connection failed while reading: {text}"))
            }
        })?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(chunk.get(..n).unwrap_or_default());
        if bytes.len() as u64 > options.max_bytes {
            return Err(fetch_error(
                url,
                format!(
                    "the page is larger than {} MB; refused",
                    options.max_bytes.div_ceil(1024 * 1024)
                ),
            ));
        }
    }
    Ok(Fetched {
        url: url.to_owned(),
        final_url,
        status,
        content_type,
        bytes,
    })
}

fn timeout_text(options: &FetchOptions) -> String {
    format!(
        "no complete answer within {} s (timeout)",
        options.timeout.as_secs_f64()
    )
}

fn describe(e: &ureq::Error, options: &FetchOptions) -> String {
    match e {
        ureq::Error::HostNotFound => {
            "the host name was not found (DNS); check the address and the network".to_owned()
        }
        ureq::Error::ConnectionFailed => {
            "could not connect (no network, or the server is down)".to_owned()
        }
        ureq::Error::Timeout(_) => timeout_text(options),
        ureq::Error::TooManyRedirects => {
            format!("more than {} redirects; refused", options.max_redirects)
        }
        ureq::Error::RedirectFailed => "a redirect led nowhere".to_owned(),
        ureq::Error::BadUri(u) => format!("not a valid address: {u}"),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => {
                "the connection was refused (is the address right?)".to_owned()
            }
            std::io::ErrorKind::TimedOut => timeout_text(options),
            _ if io.to_string().contains("lookup address")
                || io.to_string().contains("Name or service not known") =>
            {
                "the host name was not found (DNS); check the address and the network".to_owned()
            }
            _ => format!("the connection failed: {io}"),
        },
        other => format!("the fetch failed: {other}"),
    }
}

/// Fewest chars of main text a page must have to count as an article.
pub const MIN_ARTICLE_CHARS: usize = 280;

/// Turns a fetched page into article text and metadata.
///
/// # Errors
/// [`Error::Import`] when the page is binary or not decodable, when no article text is found,
/// or when there is too little of it (paywall, consent page, index page): see
/// [`extract_any_length`] for a page the user has looked at and wants all the same.
pub fn extract(page: &Fetched) -> Result<ImportedText> {
    let text = extract_any_length(page)?;
    match too_short(page, &text) {
        Some(warning) => Err(Error::import(format!("{warning}; paste the text instead"))),
        None => Ok(text),
    }
}

/// The warning for a web page with less main text than an article has (a paywall, a cookie
/// or consent page, an index page), or `None`. Plain-text pages are taken as they are.
pub fn too_short(page: &Fetched, text: &ImportedText) -> Option<String> {
    if is_plain_text(page) {
        return None;
    }
    let chars = text.body.chars().count();
    (chars < MIN_ARTICLE_CHARS).then(|| {
        format!(
            "the page has too little article text ({chars} characters): a paywall, a cookie or consent page, or an index page?"
        )
    })
}

fn is_plain_text(page: &Fetched) -> bool {
    page.content_type
        .to_ascii_lowercase()
        .starts_with("text/plain")
}

/// [`extract`] without its minimum length: for a short page the user chose to import
/// anyway (the window's "Import anyway", `import --allow-short`).
///
/// # Errors
/// [`Error::Import`] when the page is binary or not decodable, or no article text is found.
pub fn extract_any_length(page: &Fetched) -> Result<ImportedText> {
    let charset =
        header_charset(&page.content_type).or_else(|| import::html_declared_charset(&page.bytes));
    let html = import::decode(&page.bytes, charset.as_deref())?;
    if is_plain_text(page) {
        return import::from_text(&html);
    }
    let mut doc = Html::parse_document(&html);
    let meta = PageMeta::from_document(&doc);
    // Readability keeps short blocks such as an "Advertisement" label: drop page furniture
    // (ads, cookie banners, share buttons) first.
    let clutter: Vec<_> = doc
        .tree
        .nodes()
        .filter(|n| n.value().as_element().is_some_and(import::html::is_clutter))
        .map(|n| n.id())
        .collect();
    for id in clutter {
        if let Some(mut node) = doc.tree.get_mut(id) {
            node.detach();
        }
    }
    let html = doc.html();
    drop(doc);
    let config = dom_smoothie::Config {
        max_elements_to_parse: 200_000,
        ..dom_smoothie::Config::default()
    };
    let base = Some(page.final_url.as_str()).filter(|u| is_url(u));
    let content = dom_smoothie::Readability::new(html.as_str(), base, Some(config))
        .and_then(|mut r| r.parse())
        .map(|article| article.content.to_string())
        .map_err(|e| {
            Error::import(format!(
                "no article text found on the page ({e}); paste the text instead"
            ))
        })?;
    let mut text = import::html::convert(&content)
        .map_err(|_| Error::import("no article text found on the page; paste the text instead"))?;
    text.title = meta.title.or(text.title);
    text.author = meta.author.or(text.author);
    text.outlet = meta.publisher.or(text.outlet);
    text.published = meta.published.or(text.published);
    text.url = meta
        .url
        .or(text.url)
        .or_else(|| Some(page.final_url.clone()));
    Ok(text)
}

/// `charset=` of a `Content-Type` header.
fn header_charset(content_type: &str) -> Option<String> {
    content_type.split(';').skip(1).find_map(|part| {
        let (key, value) = part.split_once('=')?;
        (key.trim().eq_ignore_ascii_case("charset"))
            .then(|| value.trim().trim_matches('"').to_owned())
            .filter(|v| !v.is_empty())
    })
}

/// Metadata of a page, best source first: JSON-LD, then OpenGraph and `<meta>`, then
/// `<title>`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// Headline.
    pub title: Option<String>,
    /// Byline (several authors joined by ", ").
    pub author: Option<String>,
    /// Publication date `YYYY-MM-DD`.
    pub published: Option<String>,
    /// Last modification date `YYYY-MM-DD`.
    pub modified: Option<String>,
    /// The outlet.
    pub publisher: Option<String>,
    /// Canonical URL.
    pub url: Option<String>,
}

impl PageMeta {
    /// Reads a page's metadata.
    pub fn read(html: &str) -> Self {
        Self::from_document(&Html::parse_document(html))
    }

    /// Reads a parsed page's metadata.
    pub fn from_document(doc: &Html) -> Self {
        let mut out = Self::default();
        if let Ok(sel) = Selector::parse("script[type='application/ld+json']") {
            for script in doc.select(&sel) {
                let text: String = script.text().collect();
                let Ok(value) = serde_json::from_str::<Value>(text.trim()) else {
                    continue;
                };
                if let Some(article) = find_article(&value, 0) {
                    out.fill_from_json_ld(article);
                    break;
                }
            }
        }
        let meta = |css: &str| {
            Selector::parse(css).ok().and_then(|sel| {
                doc.select(&sel)
                    .filter_map(|el| el.value().attr("content"))
                    .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" "))
                    .find(|c| !c.is_empty())
            })
        };
        let text_of = |css: &str| {
            Selector::parse(css).ok().and_then(|sel| {
                doc.select(&sel)
                    .map(|el| el.text().collect::<String>())
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .find(|t| !t.is_empty())
            })
        };
        out.title = out
            .title
            .or_else(|| meta("meta[property='og:title']"))
            .or_else(|| meta("meta[name='twitter:title']"))
            .or_else(|| text_of("title"));
        out.author = out
            .author
            .or_else(|| meta("meta[name='author']"))
            .or_else(|| meta("meta[property='article:author']"));
        out.published = out
            .published
            .or_else(|| meta("meta[property='article:published_time']").and_then(|d| date(&d)))
            .or_else(|| meta("meta[name='date']").and_then(|d| date(&d)));
        out.modified = out
            .modified
            .or_else(|| meta("meta[property='article:modified_time']").and_then(|d| date(&d)));
        out.publisher = out
            .publisher
            .or_else(|| meta("meta[property='og:site_name']"));
        out.url = out.url.or_else(|| {
            Selector::parse("link[rel='canonical']")
                .ok()
                .and_then(|sel| {
                    doc.select(&sel)
                        .filter_map(|el| el.value().attr("href"))
                        .map(str::trim)
                        .find(|h| is_url(h))
                        .map(str::to_owned)
                })
        });
        out.url = out
            .url
            .or_else(|| meta("meta[property='og:url']").filter(|u| is_url(u)));
        out
    }

    fn fill_from_json_ld(&mut self, a: &Value) {
        let text = |v: &Value| -> Option<String> {
            match v {
                Value::String(s) => Some(s.split_whitespace().collect::<Vec<_>>().join(" ")),
                Value::Object(o) => o.get("name").and_then(|n| n.as_str()).map(str::to_owned),
                Value::Array(items) => {
                    let names: Vec<String> = items
                        .iter()
                        .filter_map(|i| match i {
                            Value::String(s) => Some(s.clone()),
                            Value::Object(o) => {
                                o.get("name").and_then(|n| n.as_str()).map(str::to_owned)
                            }
                            _ => None,
                        })
                        .collect();
                    (!names.is_empty()).then(|| names.join(", "))
                }
                _ => None,
            }
            .filter(|s| !s.trim().is_empty())
        };
        self.title = a.get("headline").and_then(text);
        self.author = a.get("author").and_then(text);
        self.published = a
            .get("datePublished")
            .and_then(Value::as_str)
            .and_then(date);
        self.modified = a.get("dateModified").and_then(Value::as_str).and_then(date);
        self.publisher = a.get("publisher").and_then(text);
        self.url = a
            .get("url")
            .and_then(Value::as_str)
            .filter(|u| is_url(u))
            .map(str::to_owned);
    }
}

/// The first JSON-LD object whose `@type` is an article type, searching `@graph` and arrays
/// (to a small depth: the JSON comes from the page, untrusted).
fn find_article(v: &Value, depth: usize) -> Option<&Value> {
    const TYPES: &[&str] = &[
        "NewsArticle",
        "Article",
        "ReportageNewsArticle",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BlogPosting",
        "LiveBlogPosting",
        "Report",
    ];
    if depth > 4 {
        return None;
    }
    match v {
        Value::Array(items) => items.iter().find_map(|i| find_article(i, depth + 1)),
        Value::Object(o) => {
            let is_article = match o.get("@type") {
                Some(Value::String(t)) => TYPES.contains(&t.as_str()),
                Some(Value::Array(ts)) => ts
                    .iter()
                    .any(|t| t.as_str().is_some_and(|t| TYPES.contains(&t))),
                _ => false,
            };
            if is_article {
                Some(v)
            } else {
                o.get("@graph").and_then(|g| find_article(g, depth + 1))
            }
        }
        _ => None,
    }
}

/// `YYYY-MM-DD` from an ISO date or date-time.
fn date(text: &str) -> Option<String> {
    let d = text.trim().get(..10)?;
    chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d")
        .ok()
        .map(|_| d.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_graph_and_author_lists_are_read() {
        let html = r#"<html><head><title>Site — Page</title>
            <script type="application/ld+json">{"@context":"https://schema.org","@graph":[
              {"@type":"WebSite","name":"Coastal Times"},
              {"@type":["NewsArticle"],"headline":"Pier “over budget”","author":[{"@type":"Person","name":"Åsa Berg"},"Tom Lee"],
               "datePublished":"2026-03-04T09:00:00+01:00","dateModified":"2026-03-05","publisher":{"@type":"Organization","name":"Coastal Times"}}]}
            </script></head><body></body></html>"#;
        let m = PageMeta::read(html);
        assert_eq!(m.title.as_deref(), Some("Pier “over budget”"));
        assert_eq!(m.author.as_deref(), Some("Åsa Berg, Tom Lee"));
        assert_eq!(m.published.as_deref(), Some("2026-03-04"));
        assert_eq!(m.modified.as_deref(), Some("2026-03-05"));
        assert_eq!(m.publisher.as_deref(), Some("Coastal Times"));
    }

    #[test]
    fn opengraph_then_title_when_there_is_no_json_ld() {
        let html = r#"<html><head><title>Only a title</title>
            <meta property="og:site_name" content="Gazette">
            <script type="application/ld+json">{ not json</script></head></html>"#;
        let m = PageMeta::read(html);
        assert_eq!(m.title.as_deref(), Some("Only a title"));
        assert_eq!(m.publisher.as_deref(), Some("Gazette"));
        assert_eq!(m.author, None);
    }

    #[test]
    fn header_charset_is_found() {
        assert_eq!(
            header_charset("text/html; charset=\"windows-1252\"").as_deref(),
            Some("windows-1252")
        );
        assert_eq!(header_charset("text/html"), None);
    }
}
