//! Markdown for pasting into a CMS: per article a heading with its metadata; per claim the
//! quote as a blockquote, speaker, verdict, summary, evidence, reviewer and date. Text from
//! users is escaped so it cannot turn into links, HTML or formatting.

use std::io::{self, Write};

use crate::model::report::ReportData;
use crate::report::{byline, day};

/// Escapes Markdown syntax in user text (and HTML, which most renderers pass through).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '|' | '!' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

fn link_target(url: &str) -> String {
    // Angle-bracket destinations allow spaces and parentheses; drop what would end them.
    url.chars()
        .filter(|c| !matches!(c, '<' | '>' | '\n' | '\r'))
        .collect()
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
        "{} verified claims in {} articles.",
        data.claim_count(),
        data.articles.len()
    )?;
    for ra in &data.articles {
        let a = &ra.article;
        writeln!(out)?;
        writeln!(out, "## {}", escape(&a.title))?;
        writeln!(out)?;
        let meta = byline(a);
        if !meta.is_empty() {
            writeln!(out, "{}  ", escape(&meta))?;
        }
        if !a.url.is_empty() {
            writeln!(out, "<{}>  ", link_target(&a.url))?;
        }
        writeln!(out, "Revision {} · article {}", a.revision_number, a.id)?;
        for c in &ra.claims {
            writeln!(out)?;
            writeln!(out, "> {}", escape(&c.anchor.quote))?;
            writeln!(out)?;
            let speaker = c.speaker.as_ref().map_or("unknown", |s| s.name.as_str());
            writeln!(out, "- **Speaker:** {}", escape(speaker))?;
            writeln!(out, "- **Verdict:** {}", c.status.label())?;
            if !c.summary.is_empty() {
                writeln!(out, "- **Why:** {}", escape(&c.summary))?;
            }
            for e in &c.evidence {
                let title = if e.title.is_empty() { &e.url } else { &e.title };
                writeln!(
                    out,
                    "- **Evidence:** [{}](<{}>)",
                    escape(title),
                    link_target(&e.url)
                )?;
            }
            writeln!(
                out,
                "- **Reviewed by:** {}, {}",
                escape(&c.updated_by),
                day(&c.updated_at)
            )?;
            if !matches!(
                c.anchor_state,
                crate::model::AnchorState::Placed | crate::model::AnchorState::Moved
            ) {
                writeln!(out, "- **Note:** {}", crate::report::text_change_note(c, a))?;
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
    }
}
