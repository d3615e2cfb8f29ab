//! Markdown for pasting into a CMS: per article a heading with its metadata; per claim the
//! quote as a blockquote, speaker, verdict, summary, evidence, reviewer and date. Every string
//! from the data (a received file may hold anything in any field, dates and ids included) is
//! escaped so it cannot turn into HTML, links, formatting or a new block, and only http(s)
//! addresses become links; any other address is shown as text.

use std::fmt::Write as _;
use std::io::{self, Write};

use crate::model::report::ReportData;
use crate::report::{byline, web_url};

/// Escapes Markdown syntax in user text (and HTML, which most renderers pass through), and
/// turns line breaks into spaces so the text stays in the line it is written on.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            // `~` is GFM's strikethrough, `{` `}` the attribute syntax of several renderers
            // (`{onclick=…}` on a heading becomes an attribute).
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' | '~' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' | '\r' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// [`escape`] for text that starts a line (or a blockquote's line): leading spaces (an
/// indented code block) go, and a leading `-`, `+` or `1.` cannot start a list or a rule.
fn escape_block(text: &str) -> String {
    let escaped = escape(text.trim_start());
    let rest = escaped.trim_start_matches(|c: char| c.is_ascii_digit());
    let number = escaped
        .get(..escaped.len() - rest.len())
        .unwrap_or_default();
    if !number.is_empty() && rest.starts_with(['.', ')']) {
        format!("{number}\\{rest}")
    } else if escaped.starts_with(['-', '+']) {
        format!("\\{escaped}")
    } else {
        escaped
    }
}

/// An http(s) address as a link destination inside `<…>`: characters that would end it, break
/// the line, or are not allowed in a URL anyway are percent-encoded.
fn link_target(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '"' | '`' | '\\') {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                let _ = write!(out, "%{b:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Writes the Markdown report.
///
/// # Errors
/// I/O errors of `out`.
pub fn write_markdown(data: &ReportData, out: &mut impl Write) -> io::Result<()> {
    let org = &data.organisation;
    writeln!(
        out,
        "# Fact-check report{}",
        if org.name.is_empty() {
            String::new()
        } else {
            format!(": {}", escape(&org.name))
        }
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "{} in {}.",
        crate::report::count_of(data.claim_count(), "claim"),
        crate::report::count_of(data.articles.len(), "article")
    )?;
    for ra in &data.articles {
        let a = &ra.article;
        writeln!(out)?;
        writeln!(out, "## {}", escape(&a.title))?;
        writeln!(out)?;
        let meta = byline(a);
        if !meta.is_empty() {
            writeln!(out, "{}  ", escape_block(&meta))?;
        }
        if let Some(url) = web_url(&a.url) {
            writeln!(out, "<{}>  ", link_target(url))?;
        } else if !a.url.trim().is_empty() {
            writeln!(out, "{}  ", escape_block(&a.url))?;
        }
        writeln!(
            out,
            "Revision {} · article {}",
            a.revision_number,
            escape(&a.id)
        )?;
        for c in &ra.claims {
            writeln!(out)?;
            writeln!(out, "> {}", escape_block(&c.anchor.quote))?;
            writeln!(out)?;
            let speaker = c.speaker.as_ref().map_or("unknown", |s| s.name.as_str());
            writeln!(out, "- **Speaker:** {}", escape(speaker))?;
            writeln!(out, "- **Verdict:** {}", c.status.label())?;
            if !c.summary.is_empty() {
                writeln!(out, "- **Why:** {}", escape(&c.summary))?;
            }
            // Present only when the report was asked to include them (`ReportScope`).
            if !c.notes.is_empty() {
                writeln!(out, "- **Working notes:** {}", escape(&c.notes))?;
            }
            for e in &c.evidence {
                let title = if e.title.is_empty() { &e.url } else { &e.title };
                match web_url(&e.url) {
                    Some(url) => writeln!(
                        out,
                        "- **Evidence:** [{}](<{}>)",
                        escape(title),
                        link_target(url)
                    )?,
                    None if e.title.is_empty() => {
                        writeln!(out, "- **Evidence:** {}", escape(&e.url))?;
                    }
                    None => writeln!(
                        out,
                        "- **Evidence:** {} ({})",
                        escape(title),
                        escape(&e.url)
                    )?,
                }
            }
            let (label, who) = crate::report::provenance(c);
            writeln!(out, "- **{label}:** {}", escape(&who))?;
            if !matches!(
                c.anchor_state,
                crate::model::AnchorState::Placed | crate::model::AnchorState::Moved
            ) {
                writeln!(
                    out,
                    "- **Note:** {}",
                    escape(&crate::report::text_change_note(c, a))
                )?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_matches_golden_file() {
        let mut out = Vec::new();
        super::write_markdown(&crate::report::sample::data(), &mut out).unwrap();
        crate::report::golden::check("report.md", &out);
    }

    #[test]
    fn user_text_cannot_inject_markup() {
        assert_eq!(
            super::escape("<script>x</script> [a](b) *c*"),
            "&lt;script&gt;x&lt;/script&gt; \\[a\\](b) \\*c\\*"
        );
        assert_eq!(super::escape("a\r- b {#x}"), "a - b \\{\\#x\\}");
    }

    #[test]
    fn text_at_a_line_start_cannot_open_a_block() {
        assert_eq!(super::escape_block("    code"), "code");
        assert_eq!(super::escape_block("- item"), "\\- item");
        assert_eq!(super::escape_block("+ item"), "\\+ item");
        assert_eq!(super::escape_block("2026. year"), "2026\\. year");
        assert_eq!(super::escape_block("1) one"), "1\\) one");
        assert_eq!(super::escape_block("=SUM(A1)"), "=SUM(A1)");
        assert_eq!(super::escape_block("12% more"), "12% more");
    }

    #[test]
    fn link_targets_cannot_end_early_or_break_the_line() {
        assert_eq!(
            super::link_target("https://x.org/a b\"><s>\\`\n"),
            "https://x.org/a%20b%22%3E%3Cs%3E%5C%60%0A"
        );
        assert_eq!(
            super::link_target("https://example.org/audit?year=2026&part=2"),
            "https://example.org/audit?year=2026&part=2"
        );
    }
}
