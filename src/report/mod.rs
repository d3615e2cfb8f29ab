//! Verified-claim reports: Markdown, HTML, CSV, schema.org ClaimReview and W3C Web
//! Annotation, each written to any `io::Write` from a [`ReportData`]. Output is
//! deterministic (stable order, no clock), so reports diff cleanly.
//! Depends on [`crate::model`] and [`crate::text`] only.

pub mod claimreview;
pub mod csv;
pub mod html;
pub mod markdown;
pub mod webannotation;

use std::io::Write;

use crate::model::report::ReportData;
use crate::model::{Article, Claim};
use crate::text::offsets::CharIndex;
use crate::{Error, Result};

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Markdown for CMSs.
    Markdown,
    /// One self-contained HTML file.
    Html,
    /// CSV for spreadsheets.
    Csv,
    /// schema.org ClaimReview JSON-LD.
    ClaimReview,
    /// W3C Web Annotation JSON-LD.
    WebAnnotation,
}

impl Format {
    /// Every format.
    pub const ALL: [Self; 5] = [
        Self::Markdown,
        Self::Html,
        Self::Csv,
        Self::ClaimReview,
        Self::WebAnnotation,
    ];

    /// The name used on the command line.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Csv => "csv",
            Self::ClaimReview => "claimreview",
            Self::WebAnnotation => "webannotation",
        }
    }

    /// Human label.
    pub const fn label(self) -> &'static str {
        match self {
            Self::Markdown => "Markdown",
            Self::Html => "HTML (printable)",
            Self::Csv => "CSV (spreadsheet)",
            Self::ClaimReview => "ClaimReview JSON-LD",
            Self::WebAnnotation => "W3C Web Annotation",
        }
    }

    /// File extension.
    pub const fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Html => "html",
            Self::Csv => "csv",
            Self::ClaimReview => "claimreview.jsonld",
            Self::WebAnnotation => "annotations.jsonld",
        }
    }

    /// Parses a command-line name.
    pub fn parse(code: &str) -> Option<Self> {
        let code = code.trim().to_ascii_lowercase();
        Self::ALL
            .into_iter()
            .find(|f| f.code() == code || (code == "markdown" && *f == Self::Markdown))
    }
}

/// Writes `data` as `format`.
///
/// # Errors
/// I/O errors of `out`.
pub fn write(format: Format, data: &ReportData, out: &mut impl Write) -> Result<()> {
    let io = |source| Error::Io {
        action: "writing the report",
        path: std::path::PathBuf::from("(output)"),
        source,
    };
    match format {
        Format::Markdown => markdown::write_markdown(data, out).map_err(io),
        Format::Html => html::write_html(data, out).map_err(io),
        Format::Csv => csv::write_csv(data, out),
        Format::ClaimReview => claimreview::write_claimreview(data, out),
        Format::WebAnnotation => webannotation::write_webannotation(data, out),
    }
}

/// Writes a report to `path` through a temporary file and a rename, so a failure (a full
/// disk) never leaves half a report where a whole one was. A `path` that names the open
/// `workspace` (or its journal) is refused before anything is written.
///
/// # Errors
/// [`Error::WouldOverwriteWorkspace`]; I/O errors, with the path.
pub fn write_file(
    format: Format,
    data: &ReportData,
    path: &std::path::Path,
    workspace: &std::path::Path,
) -> Result<()> {
    write_file_with(path, workspace, |mut out| write(format, data, &mut out))
}

/// Writes whatever `fill` writes to `path` through a temporary file beside it and a rename,
/// refusing a `path` that is the open `workspace` under any name, or its journal.
///
/// # Errors
/// [`Error::WouldOverwriteWorkspace`], `fill`'s own error, or I/O errors with the path.
pub fn write_file_with(
    path: &std::path::Path,
    workspace: &std::path::Path,
    fill: impl FnOnce(&mut dyn std::io::Write) -> Result<()>,
) -> Result<()> {
    crate::files::refuse_workspace_target(path, workspace)?;
    let io = |source| Error::Io {
        action: "writing the report",
        path: path.to_owned(),
        source,
    };
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".tmp");
    let tmp = std::path::PathBuf::from(tmp);
    // A stale temporary file (or a link someone left there) is removed, never written through.
    let _ = std::fs::remove_file(&tmp);
    let result = (|| -> Result<()> {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(io)?;
        let mut buffered = std::io::BufWriter::new(file);
        fill(&mut buffered)?;
        let file = buffered.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The sentence(s) around a claim's quote in its article, split as (before, quote, after),
/// when the claim is placed on the current text; just the quote otherwise.
pub fn sentence_context<'a>(
    index: &CharIndex<'a>,
    claim: &'a Claim,
) -> (&'a str, &'a str, &'a str) {
    let quote = claim.anchor.quote.as_str();
    let text = index.text();
    let (Some(start), Some(end)) = (
        index.byte(claim.anchor.range.start),
        index.byte(claim.anchor.range.end),
    ) else {
        return ("", quote, "");
    };
    if text.get(start..end) != Some(quote) {
        return ("", quote, "");
    }
    let before_all = text.get(..start).unwrap_or_default();
    let after_all = text.get(end..).unwrap_or_default();
    // Back to the end of the previous sentence or paragraph (at most 400 bytes).
    let window_start = floor_boundary(before_all, before_all.len().saturating_sub(400));
    let before_window = before_all.get(window_start..).unwrap_or_default();
    let sentence_start = before_window
        .rmatch_indices(['.', '!', '?', '\n'])
        .find(|(i, _)| {
            // A full stop followed by a space (or a line end) ends a sentence.
            let next = before_window.get(i + 1..).and_then(|r| r.chars().next());
            before_window.get(*i..*i + 1) == Some("\n") || next.is_some_and(char::is_whitespace)
        })
        .map_or(0, |(i, _)| i + 1);
    let before = before_window
        .get(sentence_start..)
        .unwrap_or_default()
        .trim_start();
    // A quote that ends its own sentence needs nothing after it.
    let ends_sentence = quote
        .trim_end_matches(['”', '"', '’', '\'', ')'])
        .ends_with(['.', '!', '?']);
    if ends_sentence {
        return (before, quote, "");
    }
    let window_end = ceil_boundary(after_all, 400.min(after_all.len()));
    let after_window = after_all.get(..window_end).unwrap_or_default();
    let sentence_end = after_window
        .match_indices(['.', '!', '?', '\n'])
        .find(|(i, m)| {
            *m == "\n"
                || after_window
                    .get(i + 1..)
                    .and_then(|r| r.chars().next())
                    .is_none_or(|c| c.is_whitespace() || c == '”' || c == '"')
        })
        .map_or(after_window.len(), |(i, m)| {
            let mut end = i + m.len();
            // Keep a closing quotation mark with its sentence.
            for closing in ['”', '"', '’'] {
                if after_window
                    .get(end..)
                    .is_some_and(|r| r.starts_with(closing))
                {
                    end += closing.len_utf8();
                }
            }
            if m == "\n" { i } else { end }
        });
    let after = after_window.get(..sentence_end).unwrap_or_default();
    (before, quote, after)
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// The date part (`YYYY-MM-DD`) of an RFC 3339 timestamp.
pub fn day(timestamp: &str) -> &str {
    timestamp.get(..10).unwrap_or(timestamp)
}

/// "1 claim", "3 claims": a count and its noun, plural when it is not one.
pub fn count_of(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Who stands behind a claim's current state, as a label and unescaped text: "Reviewed"
/// only for a final verdict (anything else was last changed, not reviewed), and who
/// created it only when that adds something ("Ana, 2026-03-05; created by Ben, 2026-03-04").
pub fn provenance(c: &crate::model::Claim) -> (&'static str, String) {
    let label = if c.status.is_final() {
        "Reviewed by"
    } else {
        "Last changed by"
    };
    let mut text = format!("{}, {}", c.updated_by, day(&c.updated_at));
    if c.created_by != c.updated_by {
        text.push_str(&format!(
            "; created by {}, {}",
            c.created_by,
            day(&c.created_at)
        ));
    } else if day(&c.created_at) != day(&c.updated_at) {
        text.push_str(&format!("; created {}", day(&c.created_at)));
    }
    (label, text)
}

/// An http(s) address, trimmed, or `None`: the only kind any report turns into a link (an
/// `href`, a Markdown link, a JSON-LD `url` or `id`). The one rule, [`crate::text::web_url`].
pub use crate::text::web_url;

/// The article's one-line description: outlet, author, date.
pub fn byline(article: &Article) -> String {
    [
        article.outlet.as_str(),
        article.author.as_str(),
        article.published.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join(" · ")
}

/// What a report says of a claim whose article changed after it was checked: which
/// revision its words are in, and the words the verdict was made on.
pub fn text_change_note(c: &crate::model::Claim, a: &crate::model::Article) -> String {
    use crate::model::AnchorState;
    match c.anchor_state {
        AnchorState::QuoteChanged if !c.previous_quote.is_empty() => format!(
            "the quoted words changed in revision {}; the verdict was made on: “{}”",
            c.revision_number, c.previous_quote
        ),
        AnchorState::Orphaned => format!(
            "these words are not in the current text (revision {}); quoted as checked, from revision {}",
            a.revision_number, c.revision_number
        ),
        state => format!(
            "the article's text changed ({}); quote as checked",
            state.code().replace('_', " ")
        ),
    }
}

#[cfg(test)]
pub(crate) mod sample {
    //! A fixed report with multi-byte text for the golden tests.

    use crate::model::report::{Organisation, ReportArticle, ReportData};
    use crate::model::{
        Anchor, AnchorState, Article, CharRange, Claim, Evidence, SpeakerRef, Status,
    };

    fn claim(
        body: &str,
        id: &str,
        quote: &str,
        speaker: &str,
        status: Status,
        summary: &str,
        notes: &str,
    ) -> Claim {
        let range = crate::text::anchor::find_quote(body, quote, 1).unwrap();
        let anchor: Anchor = crate::text::anchor::anchor_at(body, range).unwrap();
        let _ = CharRange::new(0, 0);
        Claim {
            id: id.into(),
            article_id: "01900000-0000-7000-8000-000000000001".into(),
            revision_id: "01900000-0000-7000-8000-0000000000r1".into(),
            revision_number: 1,
            anchor,
            anchor_state: AnchorState::Placed,
            previous_quote: String::new(),
            speaker: Some(SpeakerRef {
                id: format!("sp-{id}").into(),
                name: speaker.into(),
            }),
            status,
            summary: summary.into(),
            notes: notes.into(),
            evidence: vec![Evidence {
                id: format!("ev-{id}"),
                url: "https://example.org/audit?year=2026&part=2".into(),
                title: "Audit “2026” — part 2".into(),
                note: "Table 4".into(),
                added_at: "2026-03-05T09:00:00.000Z".into(),
                added_by: "Ana Núñez".into(),
            }],
            created_at: "2026-03-05T08:00:00.000Z".into(),
            created_by: "Ana Núñez".into(),
            updated_at: "2026-03-06T10:30:00.000Z".into(),
            updated_by: "Søren Ålund".into(),
            version: 3,
            proposal: None,
        }
    }

    /// The sample report.
    pub fn data() -> ReportData {
        let body = "Harbour pier “over budget”\n\nHarbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.” Critics disagreed.\n\nVisitors from 東京 rose 12% 😀, according to the tourist office. =SUM(A1) said a spreadsheet.".to_owned();
        let claims = vec![
            claim(
                &body,
                "01900000-0000-7000-8000-00000000c001",
                "“The pier cost €4 million — not a cent more.”",
                "Maria Lind",
                Status::False,
                "The audit puts the cost at €6.1 million.",
                "<script>alert(1)</script>",
            ),
            claim(
                &body,
                "01900000-0000-7000-8000-00000000c002",
                "Visitors from 東京 rose 12% 😀",
                "Tourist office",
                Status::MostlyTrue,
                "\"><img src=x onerror=alert(1)> Rose 11.6%.",
                "",
            ),
            claim(
                &body,
                "01900000-0000-7000-8000-00000000c003",
                "=SUM(A1)",
                "A spreadsheet",
                Status::Misleading,
                "-2+3",
                "@cmd",
            ),
        ];
        ReportData {
            organisation: Organisation {
                name: "Port Wenlow Fact Desk".into(),
                url: "https://factdesk.example.org".into(),
            },
            articles: vec![ReportArticle {
                article: Article {
                    id: "01900000-0000-7000-8000-000000000001".into(),
                    title: "Harbour pier “over budget”".into(),
                    outlet: "Coastal Times".into(),
                    url: "https://example.org/pier".into(),
                    author: "Renée Duchâtel".into(),
                    published: "2026-03-04".into(),
                    imported_at: "2026-03-05T07:00:00.000Z".into(),
                    imported_by: "Ana Núñez".into(),
                    current_revision_id: "01900000-0000-7000-8000-0000000000r1".into(),
                    revision_number: 1,
                    content_hash: crate::text::content_hash(&body),
                    body,
                },
                claims,
            }],
        }
    }
}

#[cfg(test)]
pub(crate) mod golden {
    //! Golden files under `tests/golden/`; `UPDATE_GOLDEN=1 cargo test` rewrites them.

    /// Compares `actual` with the golden file `name`.
    pub fn check(name: &str, actual: &[u8]) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/golden")
            .join(name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, actual).unwrap();
            return;
        }
        let expected = std::fs::read(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
                path.display()
            )
        });
        assert!(
            expected == actual,
            "{} differs from the output:\n{}",
            path.display(),
            String::from_utf8_lossy(actual)
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_final_verdict_is_reviewed_and_the_creator_is_named_once() {
        let data = sample::data();
        let mut c = data.articles[0].claims[0].clone();
        c.status = crate::model::Status::False;
        c.created_by = "Ana Núñez".into();
        c.updated_by = "Søren Ålund".into();
        assert_eq!(
            provenance(&c),
            (
                "Reviewed by",
                format!(
                    "Søren Ålund, {}; created by Ana Núñez, {}",
                    day(&c.updated_at),
                    day(&c.created_at)
                )
            )
        );
        c.status = crate::model::Status::InProgress;
        c.updated_by = c.created_by.clone();
        c.updated_at = c.created_at.clone();
        assert_eq!(
            provenance(&c),
            (
                "Last changed by",
                format!("Ana Núñez, {}", day(&c.created_at))
            )
        );
        assert_eq!(count_of(1, "article"), "1 article");
        assert_eq!(count_of(0, "claim"), "0 claims");
    }

    #[test]
    fn sentence_context_finds_the_sentence_around_a_quote() {
        let data = sample::data();
        let article = &data.articles[0];
        let index = CharIndex::new(&article.article.body);
        let (before, quote, after) = sentence_context(&index, &article.claims[0]);
        assert_eq!(before, "Harbour Authority chair Maria Lind said: ");
        assert_eq!(quote, "“The pier cost €4 million — not a cent more.”");
        assert_eq!(after, "");
        let (before, _, after) = sentence_context(&index, &article.claims[1]);
        assert_eq!(before, "");
        assert_eq!(after, ", according to the tourist office.");
    }

    #[test]
    fn only_http_and_https_addresses_are_web_urls() {
        assert_eq!(
            web_url(" HTTPS://example.org/a "),
            Some("HTTPS://example.org/a")
        );
        assert_eq!(web_url("http://x"), Some("http://x"));
        for other in [
            "javascript:alert(1)",
            "data:text/html,x",
            "https://",
            "pier",
            "",
            "é",
        ] {
            assert_eq!(web_url(other), None, "{other}");
        }
    }

    #[test]
    fn formats_parse_their_codes() {
        for f in Format::ALL {
            assert_eq!(Format::parse(f.code()), Some(f));
        }
        assert_eq!(Format::parse("markdown"), Some(Format::Markdown));
        assert_eq!(Format::parse("pdf"), None);
    }
}
