//! Markdown → plain paragraphs, so offsets point at the words a reader sees, not at `**`
//! or link syntax. Headings, paragraphs, list items, quotes and code blocks become
//! paragraphs; raw HTML inside the Markdown is dropped.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{ImportedText, normalise};
use crate::{Error, Result};

/// Converts a Markdown document.
///
/// # Errors
/// [`Error::Import`] when nothing visible remains.
pub fn convert(source: &str) -> Result<ImportedText> {
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut title: Option<String> = None;
    let mut in_first_heading = false;
    let mut heading_text = String::new();

    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) => {
                current.push_str(&t);
                if in_first_heading {
                    heading_text.push_str(&t);
                }
            }
            Event::SoftBreak => current.push(' '),
            Event::HardBreak => current.push('\n'),
            Event::Start(Tag::Heading { .. }) => {
                flush(&mut current, &mut paragraphs);
                in_first_heading = paragraphs.is_empty() && title.is_none();
            }
            Event::Start(Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_)) => {
                flush(&mut current, &mut paragraphs);
            }
            Event::End(TagEnd::Heading(_)) => {
                if in_first_heading {
                    title = Some(heading_text.trim().to_owned()).filter(|t| !t.is_empty());
                    in_first_heading = false;
                }
                flush(&mut current, &mut paragraphs);
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Item | TagEnd::BlockQuote(_) | TagEnd::CodeBlock,
            ) => flush(&mut current, &mut paragraphs),
            _ => {}
        }
    }
    flush(&mut current, &mut paragraphs);
    let body = normalise(&paragraphs.join("\n\n"));
    if body.is_empty() {
        return Err(Error::import(
            "the article is empty (no visible Markdown text)",
        ));
    }
    let title = title.or_else(|| body.lines().next().map(str::to_owned));
    Ok(ImportedText {
        body,
        title,
        ..ImportedText::default()
    })
}

fn flush(current: &mut String, paragraphs: &mut Vec<String>) {
    let text = current.trim();
    if !text.is_empty() {
        paragraphs.push(text.to_owned());
    }
    current.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_markdown_to_reader_text() {
        let md = "# Pier “over budget”\n\nThe chair **said**: “It cost\n[€4 million](http://x).”\n\n- one\n- two\n\n> quoted <b>bold</b>\n";
        let got = convert(md).unwrap();
        assert_eq!(
            got.body,
            "Pier “over budget”\n\nThe chair said: “It cost €4 million.”\n\none\n\ntwo\n\nquoted bold"
        );
        assert_eq!(got.title.as_deref(), Some("Pier “over budget”"));
    }
}
