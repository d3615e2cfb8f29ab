//! HTML → plain paragraphs: visible text only; scripts, styles and hidden elements dropped;
//! block elements become blank-line-separated paragraphs; whitespace collapsed as a browser
//! would (except inside `<pre>`). Iterative, so hostile nesting cannot overflow the stack.

use ego_tree::iter::Edge;
use scraper::{Html, Node, Selector};

use super::{ImportedText, normalise};
use crate::{Error, Result};

/// Elements whose content is never shown as article text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed",
    "canvas", "audio", "video", "select", "button", "input", "textarea", "form",
];

/// Elements that end the current paragraph where they open and close.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "dialog",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "caption",
];

/// Converts an HTML document.
///
/// # Errors
/// [`Error::Import`] when the page has no visible text.
pub fn convert(source: &str) -> Result<ImportedText> {
    let doc = Html::parse_document(source);
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut skip_depth = 0usize;
    let mut pre_depth = 0usize;

    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Element(el) => {
                    let name = el.name();
                    if skip_depth > 0 || SKIPPED.contains(&name) || is_hidden(el) {
                        skip_depth += 1;
                        continue;
                    }
                    if name == "br" {
                        current.push('\n');
                    } else if BLOCKS.contains(&name) {
                        flush(&mut current, &mut paragraphs);
                    }
                    if name == "pre" {
                        pre_depth += 1;
                    }
                }
                Node::Text(text) if skip_depth == 0 => {
                    if pre_depth > 0 {
                        current.push_str(text);
                    } else {
                        push_collapsed(&mut current, text);
                    }
                }
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(el) = node.value() {
                    if skip_depth > 0 {
                        skip_depth -= 1;
                        continue;
                    }
                    let name = el.name();
                    if name == "pre" {
                        pre_depth = pre_depth.saturating_sub(1);
                    }
                    if BLOCKS.contains(&name) {
                        flush(&mut current, &mut paragraphs);
                    }
                }
            }
        }
    }
    flush(&mut current, &mut paragraphs);

    let body = normalise(&paragraphs.join("\n\n"));
    if body.is_empty() {
        return Err(Error::import("the page has no visible text"));
    }
    Ok(ImportedText {
        body,
        title: meta(&doc, "meta[property='og:title']")
            .or_else(|| text_of(&doc, "title"))
            .or_else(|| text_of(&doc, "h1")),
        author: meta(&doc, "meta[name='author']")
            .or_else(|| meta(&doc, "meta[property='article:author']")),
        outlet: meta(&doc, "meta[property='og:site_name']"),
        published: meta(&doc, "meta[property='article:published_time']")
            .and_then(|d| d.get(..10).map(str::to_owned))
            .filter(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").is_ok()),
        url: attr(&doc, "link[rel='canonical']", "href")
            .or_else(|| meta(&doc, "meta[property='og:url']")),
    })
}

/// Class or id words of page furniture that is never article text: advertising, cookie
/// and consent banners, share buttons, newsletter boxes.
const CLUTTER: &[&str] = &[
    "ad",
    "ads",
    "advert",
    "advertisement",
    "sponsored",
    "promo",
    "cookie-banner",
    "cookie-consent",
    "consent-banner",
    "newsletter-signup",
    "share-buttons",
    "social-share",
];

/// Whether an element is page furniture (see [`CLUTTER`]).
pub fn is_clutter(el: &scraper::node::Element) -> bool {
    let words = el
        .attr("class")
        .unwrap_or_default()
        .split_whitespace()
        .chain(el.attr("id"));
    words
        .map(str::to_ascii_lowercase)
        .any(|w| CLUTTER.contains(&w.as_str()) || w.starts_with("ad-") || w.starts_with("advert"))
}

fn is_hidden(el: &scraper::node::Element) -> bool {
    if el.attr("hidden").is_some() || el.attr("aria-hidden") == Some("true") || is_clutter(el) {
        return true;
    }
    el.attr("style").is_some_and(|style| {
        let compact: String = style.chars().filter(|c| !c.is_whitespace()).collect();
        let compact = compact.to_ascii_lowercase();
        compact.contains("display:none") || compact.contains("visibility:hidden")
    })
}

fn push_collapsed(out: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{c}') {
            if !out.is_empty() && !out.ends_with([' ', '\n']) {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let lines: Vec<&str> = current.split('\n').map(str::trim).collect();
    let text = lines.join("\n");
    let text = text.trim();
    if !text.is_empty() {
        paragraphs.push(text.to_owned());
    }
    current.clear();
}

fn select<'a>(doc: &'a Html, css: &str) -> Option<scraper::ElementRef<'a>> {
    let selector = Selector::parse(css).ok()?;
    doc.select(&selector).next()
}

fn text_of(doc: &Html, css: &str) -> Option<String> {
    let el = select(doc, css)?;
    let mut out = String::new();
    for piece in el.text() {
        push_collapsed(&mut out, piece);
    }
    let out = out.trim();
    (!out.is_empty()).then(|| out.to_owned())
}

fn attr(doc: &Html, css: &str, name: &str) -> Option<String> {
    let value = select(doc, css)?.value().attr(name)?.trim();
    (!value.is_empty()).then(|| value.to_owned())
}

fn meta(doc: &Html, css: &str) -> Option<String> {
    attr(doc, css, "content")
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = r#"<!doctype html><html><head><title>Harbour pier “over budget”</title>
<meta name="author" content="Ana Núñez"><meta property="og:site_name" content="Coastal Times">
<meta property="article:published_time" content="2026-03-04T10:00:00Z">
<style>p { color: red }</style><script>var x = "<p>not text</p>";</script></head>
<body><nav><a href="/">Home</a></nav>
<article><h1>Harbour pier “over budget”</h1>
<p>The chair   said:
 “It cost <em>€4 million</em>.”</p><p>Critics<br>disagreed.</p>
<div hidden>Secret</div><div style="display: none">Gone</div>
<pre>  kept   spacing</pre>
<ul><li>one</li><li>two</li></ul></article>
<script>document.write("x")</script><noscript>Enable JS</noscript></body></html>"#;

    #[test]
    fn keeps_visible_text_as_paragraphs() {
        let got = convert(PAGE).unwrap();
        assert_eq!(
            got.body,
            "Home\n\nHarbour pier “over budget”\n\nThe chair said: “It cost €4 million.”\n\nCritics\ndisagreed.\n\nkept   spacing\n\none\n\ntwo"
        );
        assert_eq!(got.title.as_deref(), Some("Harbour pier “over budget”"));
        assert_eq!(got.author.as_deref(), Some("Ana Núñez"));
        assert_eq!(got.outlet.as_deref(), Some("Coastal Times"));
        assert_eq!(got.published.as_deref(), Some("2026-03-04"));
    }

    #[test]
    fn page_without_text_is_refused() {
        let err =
            convert("<html><head><title>x</title></head><body><script>1</script></body></html>")
                .unwrap_err();
        assert!(err.to_string().contains("no visible text"));
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = format!("{}text{}", "<div>".repeat(10_000), "</div>".repeat(10_000));
        assert_eq!(convert(&deep).unwrap().body, "text");
    }
}
