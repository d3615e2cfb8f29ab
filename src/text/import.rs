//! Turning article files and pasted text into a normalised body plus what metadata the
//! source carries.
//!
//! Decoding rule for bytes: a UTF-8 BOM, a UTF-16 BOM (LE or BE), or valid UTF-8 without a
//! BOM are read as such. Anything else is refused with the offset of the first invalid
//! byte, unless the caller names an encoding (`--encoding windows-1252`; any WHATWG label),
//! which is then used as given. HTML files may also declare their charset in `<meta>`.
//! Bytes with NULs or mostly control characters are refused as binary.

use std::path::Path;

use crate::{Error, Result};

/// Largest article file accepted (a novel is ~1 MB; 64 MB is surely not an article).
pub const MAX_ARTICLE_BYTES: u64 = 64 * 1024 * 1024;

/// What kind of source the text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    /// Plain text.
    Text,
    /// Markdown, rendered to plain paragraphs.
    Markdown,
    /// HTML, visible text only.
    Html,
}

impl SourceKind {
    /// Guesses the kind from a file name's extension (`.md`, `.html`, else text).
    pub fn from_path(path: &Path) -> Self {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("md" | "markdown") => Self::Markdown,
            Some("html" | "htm" | "xhtml") => Self::Html,
            _ => Self::Text,
        }
    }
}

/// An article's text and the metadata found in its source.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportedText {
    /// Normalised body: `\n` line ends, paragraphs separated by one blank line.
    pub body: String,
    /// A title found in the source (`<title>`, first heading, first short line).
    pub title: Option<String>,
    /// Byline found in the source.
    pub author: Option<String>,
    /// Outlet found in the source (`og:site_name`).
    pub outlet: Option<String>,
    /// Publication date `YYYY-MM-DD` found in the source.
    pub published: Option<String>,
    /// Canonical URL found in the source.
    pub url: Option<String>,
}

/// Reads and converts an article file.
///
/// # Errors
/// [`Error::Io`] when the file cannot be read, [`Error::Import`] when it is empty, binary,
/// too large or not decodable.
pub fn import_file(path: &Path, encoding: Option<&str>) -> Result<ImportedText> {
    crate::files::require_regular_file(path, "article")?;
    let io = |source| Error::Io {
        action: "reading the article",
        path: path.to_owned(),
        source,
    };
    let size = std::fs::metadata(path).map_err(io)?.len();
    if size > MAX_ARTICLE_BYTES {
        return Err(Error::import(format!(
            "the file is {size} bytes; articles over {MAX_ARTICLE_BYTES} bytes are refused: {}",
            path.display()
        )));
    }
    let bytes = std::fs::read(path).map_err(io)?;
    let mut imported =
        import_bytes(&bytes, SourceKind::from_path(path), encoding).map_err(|e| match e {
            Error::Import { reason } => Error::import(format!("{reason}: {}", path.display())),
            other => other,
        })?;
    if imported.title.is_none() {
        imported.title = path.file_stem().and_then(|s| s.to_str()).map(str::to_owned);
    }
    Ok(imported)
}

/// Converts article bytes of a known kind.
///
/// # Errors
/// [`Error::Import`] when the bytes are empty, binary or not decodable.
pub fn import_bytes(
    bytes: &[u8],
    kind: SourceKind,
    encoding: Option<&str>,
) -> Result<ImportedText> {
    if bytes.is_empty() {
        return Err(Error::import("the article is empty"));
    }
    let declared = if kind == SourceKind::Html && encoding.is_none() {
        html_declared_charset(bytes)
    } else {
        encoding.map(str::to_owned)
    };
    let text = decode(bytes, declared.as_deref())?;
    match kind {
        SourceKind::Text => from_text(&text),
        SourceKind::Markdown => crate::text::import::markdown::convert(&text),
        SourceKind::Html => crate::text::import::html::convert(&text),
    }
}

/// Converts pasted plain text.
///
/// # Errors
/// [`Error::Import`] when it is empty or contains binary data.
pub fn from_text(text: &str) -> Result<ImportedText> {
    check_not_binary(text)?;
    let body = normalise(text);
    if body.is_empty() {
        return Err(Error::import("the article is empty (only whitespace)"));
    }
    let title = body
        .lines()
        .next()
        .map(str::trim)
        .filter(|line| !line.is_empty() && line.chars().count() <= 200)
        .map(str::to_owned);
    Ok(ImportedText {
        body,
        title,
        ..ImportedText::default()
    })
}

/// Decodes bytes by the module's rule (see the module docs).
///
/// # Errors
/// [`Error::Import`] for an unknown encoding label, binary data or invalid UTF-8.
pub fn decode(bytes: &[u8], encoding: Option<&str>) -> Result<String> {
    if let Some((enc, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = enc.decode_without_bom_handling(rest);
        if had_errors {
            return Err(Error::import(format!(
                "the file starts with a {} byte-order mark but is not valid {}",
                enc.name(),
                enc.name()
            )));
        }
        return checked(text.into_owned());
    }
    if let Some(label) = encoding {
        let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
            Error::import(format!(
                "unknown encoding \"{label}\" (try utf-8, windows-1252, iso-8859-15, shift_jis)"
            ))
        })?;
        check_bytes_not_binary(bytes)?;
        let (text, _, _) = enc.decode(bytes);
        return checked(text.into_owned());
    }
    check_bytes_not_binary(bytes)?;
    match std::str::from_utf8(bytes) {
        Ok(text) => checked(text.to_owned()),
        Err(e) => Err(Error::import(format!(
            "the article is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8 or name its encoding, e.g. --encoding windows-1252",
            e.valid_up_to()
        ))),
    }
}

fn checked(text: String) -> Result<String> {
    check_not_binary(&text)?;
    Ok(text)
}

/// Refuses bytes that are evidently not text, before trying to decode them, so a PNG is
/// called binary rather than "invalid UTF-8". UTF-16 is handled by its BOM before this.
fn check_bytes_not_binary(bytes: &[u8]) -> Result<()> {
    let sample = bytes.get(..8192).unwrap_or(bytes);
    let controls = sample
        .iter()
        .filter(|b| matches!(b, 0..=8 | 14..=26 | 28..=31 | 127))
        .count();
    if sample.contains(&0) || controls * 20 > sample.len() {
        return Err(Error::import(
            "the file is binary, not text (it contains NUL or control bytes)",
        ));
    }
    Ok(())
}

fn check_not_binary(text: &str) -> Result<()> {
    let total = text.chars().take(8192).count();
    let controls = text
        .chars()
        .take(8192)
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if text.contains('\0') || controls * 20 > total {
        return Err(Error::import(
            "the file is binary, not text (it contains NUL or control characters)",
        ));
    }
    Ok(())
}

/// Normalises text for storage: no BOM, `\n` line ends, control characters other than
/// tab and line end removed, trailing spaces on each line removed, no blank lines at the
/// start or end, at most one blank line in a row.
pub fn normalise(text: &str) -> String {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let unified = text.replace("\r\n", "\n").replace('\r', "\n");
    let mut out = String::with_capacity(unified.len());
    let mut blank_run = 0;
    for line in unified.split('\n') {
        let clean: String = line
            .chars()
            .filter(|c| !c.is_control() || *c == '\t')
            .map(|c| if c == '\u{feff}' { ' ' } else { c })
            .collect();
        let clean = clean.trim_end();
        if clean.trim().is_empty() {
            blank_run += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_run > 0 { "\n\n" } else { "\n" });
        }
        blank_run = 0;
        out.push_str(clean);
    }
    out
}

/// The charset a page declares in `<meta charset>` or `http-equiv` (first 4 KB).
pub fn html_declared_charset(bytes: &[u8]) -> Option<String> {
    // The HTML spec's prescan looks at the first 1024 bytes; be a little more generous.
    let head = bytes.get(..4096).unwrap_or(bytes);
    let lower: String = head
        .iter()
        .map(|b| char::from(b.to_ascii_lowercase()))
        .collect();
    let at = lower.find("charset=")?;
    let rest = lower.get(at + "charset=".len()..)?;
    let rest = rest.trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

/// A dateline near the top of an article ("Friday, September 6, 2019", "6 September 2019",
/// "Sept. 6, 2019"), as `YYYY-MM-DD`: the first real date in the first few lines.
pub fn dateline(body: &str) -> Option<String> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head: String = body.lines().take(8).collect::<Vec<_>>().join(" ");
    let words: Vec<String> = head
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .map(|w| w.trim_end_matches('.').to_lowercase())
        .collect();
    let month_of = |w: &str| {
        // "Sept" and "September" both start with a month's three letters; "mayor" does not
        // count as May, nor "march" in "on the march" unless a day and year are beside it.
        let number = MONTHS.iter().position(|m| w.starts_with(m))?;
        let long = [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ];
        let full = long.get(number)?;
        (w.len() <= 4 || *full == w).then_some(number + 1)
    };
    let day_of = |w: &str| {
        let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
        digits.parse::<u32>().ok().filter(|d| (1..=31).contains(d))
    };
    let year_of = |w: &str| w.parse::<i32>().ok().filter(|y| (1900..=2200).contains(y));
    for (i, word) in words.iter().enumerate() {
        let Some(month) = month_of(word) else {
            continue;
        };
        let next = |k: usize| words.get(i + k).map(String::as_str);
        // "September 6, 2019"
        let after = next(1).and_then(day_of).zip(next(2).and_then(year_of));
        // "6 September 2019"
        let before = i
            .checked_sub(1)
            .and_then(|b| words.get(b))
            .and_then(|w| day_of(w))
            .zip(next(1).and_then(year_of));
        if let Some((day, year)) = after.or(before)
            && let Some(date) = u32::try_from(month)
                .ok()
                .and_then(|m| chrono::NaiveDate::from_ymd_opt(year, m, day))
        {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    None
}

/// The body without its first paragraph when that paragraph is only the `title` (a
/// headline pasted with the text); `None` when it is not.
pub fn without_headline(body: &str, title: &str) -> Option<String> {
    let title = title.trim();
    if title.is_empty() {
        return None;
    }
    let (first, rest) = body.split_once("\n\n")?;
    let same = |a: &str, b: &str| {
        let squash = |s: &str| {
            s.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase()
        };
        squash(a) == squash(b)
    };
    (same(first, title) && !rest.trim().is_empty()).then(|| rest.to_owned())
}

pub mod html;
pub(crate) mod markdown;

#[cfg(test)]
mod tests {
    #[test]
    fn a_dateline_near_the_top_becomes_the_publication_date() {
        let body = "Student protest at the harbour\n\nFriday, September 6, 2019\n\nA student said…";
        assert_eq!(super::dateline(body).as_deref(), Some("2019-09-06"));
        assert_eq!(
            super::dateline("By Ana Whitcombe · 6 September 2019\n\nText").as_deref(),
            Some("2019-09-06")
        );
        assert_eq!(
            super::dateline("Sept. 6, 2019 — PORT WENLOW").as_deref(),
            Some("2019-09-06")
        );
        assert_eq!(super::dateline("The mayor said 6 things in 2019."), None);
        assert_eq!(super::dateline("February 30, 2019"), None, "not a day");
    }

    #[test]
    fn a_headline_repeated_as_the_first_paragraph_is_dropped() {
        let body = "Harbour pier over budget\n\nThe pier cost more.";
        assert_eq!(
            super::without_headline(body, "Harbour pier  over budget").as_deref(),
            Some("The pier cost more.")
        );
        assert_eq!(super::without_headline(body, "Another title"), None);
        assert_eq!(
            super::without_headline("Only a headline", "Only a headline"),
            None
        );
    }

    use super::*;

    #[test]
    fn utf8_with_and_without_bom_and_utf16_with_bom_decode_alike() {
        let text = "“Café” 😀 東京\r\nline two\r\n";
        let plain = import_bytes(text.as_bytes(), SourceKind::Text, None).unwrap();
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(text.as_bytes());
        let with_bom = import_bytes(&bom, SourceKind::Text, None).unwrap();
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        let le = import_bytes(&le, SourceKind::Text, None).unwrap();
        let be = import_bytes(&be, SourceKind::Text, None).unwrap();
        assert_eq!(plain.body, "“Café” 😀 東京\nline two");
        assert_eq!(with_bom.body, plain.body);
        assert_eq!(le.body, plain.body);
        assert_eq!(be.body, plain.body);
        assert_eq!(plain.title.as_deref(), Some("“Café” 😀 東京"));
    }

    #[test]
    fn invalid_utf8_is_refused_unless_an_encoding_is_named() {
        let latin1 = b"Caf\xe9 au lait, \x93quoted\x94";
        let err = import_bytes(latin1, SourceKind::Text, None)
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("not valid UTF-8") && err.contains("offset 3"),
            "{err}"
        );
        let ok = import_bytes(latin1, SourceKind::Text, Some("windows-1252")).unwrap();
        assert_eq!(ok.body, "Café au lait, “quoted”");
        let err = import_bytes(latin1, SourceKind::Text, Some("klingon")).unwrap_err();
        assert!(err.to_string().contains("unknown encoding"));
    }

    #[test]
    fn empty_and_binary_are_refused() {
        let empty = import_bytes(b"", SourceKind::Text, None)
            .unwrap_err()
            .to_string();
        assert!(empty.contains("empty"));
        let blank = import_bytes(b" \r\n\t\n", SourceKind::Text, None)
            .unwrap_err()
            .to_string();
        assert!(blank.contains("empty"));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
        let bin = import_bytes(png, SourceKind::Text, None)
            .unwrap_err()
            .to_string();
        assert!(bin.contains("binary"), "{bin}");
        let controls = import_bytes(&[1u8; 64], SourceKind::Text, None).unwrap_err();
        assert!(controls.to_string().contains("binary"));
    }

    #[test]
    fn normalises_line_ends_blank_lines_and_trailing_space() {
        assert_eq!(
            normalise("\u{feff}\n\na  \r\nb\r\r\r\nc\n\n\n\nd\n\n"),
            "a\nb\n\nc\n\nd"
        );
    }

    #[test]
    fn html_meta_charset_is_honoured() {
        let page = b"<html><head><meta charset=\"windows-1252\"><title>T</title></head><body><p>\x93Caf\xe9\x94</p></body></html>";
        let got = import_bytes(page, SourceKind::Html, None).unwrap();
        assert_eq!(got.body, "“Café”");
    }
}
