//! One self-contained HTML report: inline CSS (screen and print), no script, no external
//! request. Every string from the data (a received file may hold anything in any field,
//! dates and ids included) is escaped, and only http(s) addresses become links, so the body
//! stays safe without the Content-Security-Policy, which is lost when it is pasted into a CMS.
//! A summary table (counts by verdict and by speaker), then each claim with its quote in
//! its sentence, a verdict badge in the app's colours, summary, evidence, reviewer, dates.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::Status;
use crate::model::report::ReportData;
use crate::report::{byline, sentence_context, web_url};
use crate::text::offsets::CharIndex;

/// Escapes text for HTML element content and quoted attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A link for http(s) URLs; anything else (`javascript:`, `data:`) is shown as text only.
fn link(url: &str, title: &str) -> String {
    if let Some(url) = web_url(url) {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            escape(url),
            escape(title)
        )
    } else {
        format!(
            "{} <span class=\"muted\">({})</span>",
            escape(title),
            escape(url)
        )
    }
}

fn css() -> String {
    let mut css = String::from(
        "body{font:16px/1.5 Georgia,'Times New Roman',serif;color:#1d1d1f;max-width:48rem;margin:2rem auto;padding:0 1rem}\
h1,h2,h3,th,.badge,.meta,.muted{font-family:system-ui,-apple-system,'Segoe UI',sans-serif}\
h1{font-size:1.7rem;margin-bottom:.2rem}h2{font-size:1.3rem;margin-top:2.5rem;border-bottom:1px solid #ccc}\
.meta,.muted{color:#5f6368;font-size:.9rem}\
table{border-collapse:collapse;margin:1rem 0}th,td{border:1px solid #ddd;padding:.25rem .6rem;text-align:left}\
td.n{text-align:right}\
.claim{border-left:4px solid #ccc;padding:.2rem 0 .2rem 1rem;margin:1.5rem 0;break-inside:avoid}\
.context{margin:.3rem 0}.context mark{background:#fff3b0;padding:0 .1em}\
.badge{display:inline-block;border-radius:3px;padding:0 .45em;font-size:.85rem;font-weight:600}\
dl{display:grid;grid-template-columns:max-content 1fr;gap:.1rem 1rem;margin:.4rem 0}dt{font-weight:600}dd{margin:0}\
@media print{body{margin:0;max-width:none;font-size:11pt}a{color:inherit}a[href]::after{content:' (' attr(href) ')';font-size:.8em;color:#555}h2{break-after:avoid}}\n",
    );
    for status in Status::ALL {
        let [r, g, b] = status.rgb();
        let luma = 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
        let fg = if luma > 150.0 { "#000" } else { "#fff" };
        let _ = writeln!(
            css,
            ".s-{code}{{background:#{r:02x}{g:02x}{b:02x};color:{fg}}}.claim.s-{code}-line{{border-left-color:#{r:02x}{g:02x}{b:02x}}}",
            code = status.code()
        );
    }
    css
}

/// Writes the HTML report.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_html(data: &ReportData, out: &mut impl Write) -> io::Result<()> {
    let org = &data.organisation;
    let title = if org.name.is_empty() {
        "Fact-check report".to_owned()
    } else {
        format!("Fact-check report — {}", org.name)
    };
    let mut html = String::with_capacity(4096 + data.claim_count() * 1500);
    html.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    html.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    html.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let _ = writeln!(
        html,
        "<title>{}</title>\n<style>\n{}</style>\n</head>\n<body>",
        escape(&title),
        css()
    );
    let _ = writeln!(html, "<h1>{}</h1>", escape(&title));
    if !org.url.is_empty() {
        let _ = writeln!(html, "<p class=\"meta\">{}</p>", link(&org.url, &org.url));
    }
    let _ = writeln!(
        html,
        "<p class=\"meta\">{} in {}</p>",
        crate::report::count_of(data.claim_count(), "claim"),
        crate::report::count_of(data.articles.len(), "article")
    );

    // Summary tables.
    let mut by_status: BTreeMap<Status, usize> = BTreeMap::new();
    let mut by_speaker: BTreeMap<String, BTreeMap<Status, usize>> = BTreeMap::new();
    for c in data.articles.iter().flat_map(|a| &a.claims) {
        *by_status.entry(c.status).or_default() += 1;
        let name = c
            .speaker
            .as_ref()
            .map_or_else(|| "(unknown)".to_owned(), |s| s.name.clone());
        *by_speaker
            .entry(name)
            .or_default()
            .entry(c.status)
            .or_default() += 1;
    }
    html.push_str(
        "<h2>Summary</h2>\n<table class=\"by-verdict\"><tr><th>Verdict</th><th>Claims</th></tr>\n",
    );
    for (status, n) in &by_status {
        let _ = writeln!(
            html,
            "<tr><td><span class=\"badge s-{}\">{}</span></td><td class=\"n\">{n}</td></tr>",
            status.code(),
            status.label()
        );
    }
    html.push_str("</table>\n<table class=\"by-speaker\"><tr><th>Speaker</th><th>Claims</th><th>Verdicts</th></tr>\n");
    for (speaker, statuses) in &by_speaker {
        let total: usize = statuses.values().sum();
        let badges: Vec<String> = statuses
            .iter()
            .map(|(s, n)| {
                format!(
                    "<span class=\"badge s-{}\">{} {n}</span>",
                    s.code(),
                    s.label()
                )
            })
            .collect();
        let _ = writeln!(
            html,
            "<tr><td>{}</td><td class=\"n\">{total}</td><td>{}</td></tr>",
            escape(speaker),
            badges.join(" ")
        );
    }
    html.push_str("</table>\n");

    for ra in &data.articles {
        let a = &ra.article;
        let index = CharIndex::new(&a.body);
        let _ = writeln!(
            html,
            "<section class=\"article\">\n<h2>{}</h2>",
            escape(&a.title)
        );
        let _ = writeln!(
            html,
            "<p class=\"meta\">{}{}{} · revision {}</p>",
            escape(&byline(a)),
            if byline(a).is_empty() || a.url.is_empty() {
                ""
            } else {
                " · "
            },
            if a.url.is_empty() {
                String::new()
            } else {
                link(&a.url, &a.url)
            },
            a.revision_number
        );
        for c in &ra.claims {
            let (before, quote, after) = sentence_context(&index, c);
            let _ = writeln!(
                html,
                "<article class=\"claim s-{}-line\" id=\"claim-{}\">",
                c.status.code(),
                escape(&c.id)
            );
            let _ = writeln!(
                html,
                "<p class=\"context\">{}<mark>{}</mark>{}</p>",
                escape(before),
                escape(quote),
                escape(after)
            );
            let speaker = c.speaker.as_ref().map_or("unknown", |s| s.name.as_str());
            let _ = writeln!(
                html,
                "<p><span class=\"badge s-{}\">{}</span> said by <strong>{}</strong></p>",
                c.status.code(),
                c.status.label(),
                escape(speaker)
            );
            html.push_str("<dl>\n");
            if !c.summary.is_empty() {
                let _ = writeln!(html, "<dt>Why</dt><dd>{}</dd>", escape(&c.summary));
            }
            if !c.evidence.is_empty() {
                let items: Vec<String> = c
                    .evidence
                    .iter()
                    .map(|e| {
                        let title = if e.title.is_empty() { &e.url } else { &e.title };
                        let note = if e.note.is_empty() {
                            String::new()
                        } else {
                            format!(" — {}", escape(&e.note))
                        };
                        format!("{}{note}", link(&e.url, title))
                    })
                    .collect();
                let _ = writeln!(html, "<dt>Evidence</dt><dd>{}</dd>", items.join("<br>"));
            }
            if !c.notes.is_empty() {
                let _ = writeln!(html, "<dt>Notes</dt><dd>{}</dd>", escape(&c.notes));
            }
            let (label, who) = crate::report::provenance(c);
            let _ = writeln!(html, "<dt>{label}</dt><dd>{}</dd>", escape(&who));
            if !matches!(
                c.anchor_state,
                crate::model::AnchorState::Placed | crate::model::AnchorState::Moved
            ) {
                let _ = writeln!(
                    html,
                    "<dt>Note</dt><dd>{}</dd>",
                    escape(&crate::report::text_change_note(c, a))
                );
            }
            html.push_str("</dl>\n</article>\n");
        }
        html.push_str("</section>\n");
    }
    html.push_str("</body>\n</html>\n");
    out.write_all(html.as_bytes())
}

#[cfg(test)]
mod tests {
    #[test]
    fn html_matches_golden_file_and_escapes_everything() {
        let mut out = Vec::new();
        super::write_html(&crate::report::sample::data(), &mut out).unwrap();
        crate::report::golden::check("report.html", &out);
        let html = String::from_utf8(out).unwrap();
        assert!(!html.contains("<script"));
        assert!(!html.contains("<img"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("<mark>“The pier cost €4 million — not a cent more.”</mark>"));
    }

    #[test]
    fn only_http_links_are_links() {
        assert!(super::link("javascript:alert(1)", "x").starts_with("x <span"));
        assert!(
            super::link("https://example.org/?a=1&b=2", "t")
                .contains("href=\"https://example.org/?a=1&amp;b=2\"")
        );
    }
}
