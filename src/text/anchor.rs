//! Making anchors: a char range plus its quote and context, and finding a quote in a text.

use crate::model::{Anchor, CharRange};
use crate::text::offsets::CharIndex;
use crate::{Error, Result};

/// Chars of context kept on each side of a quote (W3C TextQuoteSelector prefix/suffix).
pub const CONTEXT_CHARS: usize = 32;

/// The anchor of `range` in `text`: its quote and up to [`CONTEXT_CHARS`] of context.
///
/// # Errors
/// [`Error::InvalidAnchor`] when the range is empty, reversed or past the end of the text.
pub fn anchor_at(text: &str, range: CharRange) -> Result<Anchor> {
    anchor_in(&CharIndex::new(text), range)
}

/// [`anchor_at`] on an already indexed text.
///
/// # Errors
/// As [`anchor_at`].
pub fn anchor_in(index: &CharIndex<'_>, range: CharRange) -> Result<Anchor> {
    let len = index.char_len();
    if range.is_empty() || range.end > len {
        return Err(Error::InvalidAnchor(format!(
            "range {}..{} does not fit an article of {len} chars",
            range.start, range.end
        )));
    }
    let quote = index.slice(range).unwrap_or_default();
    let prefix_start = range.start.saturating_sub(CONTEXT_CHARS);
    let suffix_end = (range.end + CONTEXT_CHARS).min(len);
    Ok(Anchor {
        range,
        quote: quote.to_owned(),
        prefix: index
            .slice(CharRange::new(prefix_start, range.start))
            .unwrap_or_default()
            .to_owned(),
        suffix: index
            .slice(CharRange::new(range.end, suffix_end))
            .unwrap_or_default()
            .to_owned(),
    })
}

/// `range` without the whitespace at its edges (a selection usually grabs a space or a
/// line end). An all-whitespace range becomes empty at its start; a range past the end of
/// the text is returned as it is, for [`anchor_at`] to refuse.
pub fn trim_range(text: &str, range: CharRange) -> CharRange {
    let index = CharIndex::new(text);
    if range.end > index.char_len() || range.end < range.start {
        return range;
    }
    let mut start = range.start;
    let mut end = range.end;
    while start < end && index.char_at(start).is_some_and(char::is_whitespace) {
        start += 1;
    }
    while end > start && index.char_at(end - 1).is_some_and(char::is_whitespace) {
        end -= 1;
    }
    CharRange::new(start, end)
}

/// Folds the characters people type differently from what newspapers print: curly quotes
/// and apostrophes, dashes, non-breaking and other spaces. One char in, one char out, so
/// offsets in the folded text are offsets in the original.
pub fn fold_char(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        c if c.is_whitespace() => ' ',
        c => c,
    }
}

fn fold(text: &str) -> String {
    text.chars().map(fold_char).collect()
}

/// The `occurrence`-th (1-based) place where `quote` stands in `text`, as a char range.
///
/// Looks for the exact words first; if they are not there, compares with quotes, dashes and
/// spaces folded ([`fold_char`]), so `--quote "It's"` finds `It’s`.
///
/// # Errors
/// [`Error::InvalidAnchor`] when the quote is empty, absent, or has fewer occurrences.
pub fn find_quote(text: &str, quote: &str, occurrence: usize) -> Result<CharRange> {
    if quote.trim().is_empty() {
        return Err(Error::InvalidAnchor("the quote is empty".into()));
    }
    if occurrence == 0 {
        return Err(Error::InvalidAnchor(
            "occurrences are counted from 1".into(),
        ));
    }
    let exact = occurrences(text, quote);
    let found = if exact.is_empty() {
        occurrences(&fold(text), &fold(quote))
    } else {
        exact
    };
    match found.get(occurrence - 1) {
        Some(range) => Ok(*range),
        None if found.is_empty() => Err(Error::InvalidAnchor(format!(
            "the quote \"{quote}\" is not in the article"
        ))),
        None => Err(Error::InvalidAnchor(format!(
            "the quote occurs {} time(s); occurrence {occurrence} asked for",
            found.len()
        ))),
    }
}

/// Every (possibly overlapping) occurrence of `needle` in `haystack`, as char ranges.
pub fn occurrences(haystack: &str, needle: &str) -> Vec<CharRange> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let needle_chars = needle.chars().count();
    let mut chars_before = 0;
    let mut last_byte = 0;
    let mut from = 0;
    while let Some(found) = haystack.get(from..).and_then(|rest| rest.find(needle)) {
        let byte = from + found;
        chars_before += haystack
            .get(last_byte..byte)
            .map_or(0, |s| s.chars().count());
        last_byte = byte;
        out.push(CharRange::new(chars_before, chars_before + needle_chars));
        // Step one char forward so overlapping occurrences are found too.
        let step = haystack
            .get(byte..)
            .and_then(|s| s.chars().next())
            .map_or(1, char::len_utf8);
        from = byte + step;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const ARTICLE: &str = "The mayor said: “Our café budget is balanced 😀.” Critics said “Our café budget is balanced” too.";

    #[test]
    fn anchor_keeps_quote_and_context_in_chars() {
        let r = find_quote(ARTICLE, "café budget", 1).unwrap();
        let a = anchor_at(ARTICLE, r).unwrap();
        assert_eq!(a.quote, "café budget");
        assert_eq!(a.prefix, "The mayor said: “Our ");
        assert_eq!(a.suffix.chars().count(), CONTEXT_CHARS);
        assert!(a.suffix.starts_with(" is balanced 😀.”"));
    }

    #[test]
    fn finds_nth_occurrence_and_folded_quotes() {
        let first = find_quote(ARTICLE, "café budget", 1).unwrap();
        let second = find_quote(ARTICLE, "café budget", 2).unwrap();
        assert!(second.start > first.start);
        assert!(find_quote(ARTICLE, "café budget", 3).is_err());
        let straight = find_quote(ARTICLE, "\"Our café budget is balanced\"", 1).unwrap();
        let a = anchor_at(ARTICLE, straight).unwrap();
        assert_eq!(a.quote, "“Our café budget is balanced”");
        assert!(find_quote(ARTICLE, "not there", 1).is_err());
        assert!(find_quote(ARTICLE, "  ", 1).is_err());
    }

    #[test]
    fn trims_whitespace_at_edges_only() {
        let text = "a  “é b”\n c";
        assert_eq!(
            trim_range(text, CharRange::new(1, 10)),
            CharRange::new(3, 8)
        );
        assert_eq!(trim_range(text, CharRange::new(1, 3)), CharRange::new(3, 3));
        assert_eq!(
            trim_range(text, CharRange::new(1, 99)),
            CharRange::new(1, 99)
        );
    }

    #[test]
    fn rejects_ranges_outside_text() {
        assert!(anchor_at("abc", CharRange::new(1, 4)).is_err());
        assert!(anchor_at("abc", CharRange::new(2, 2)).is_err());
        assert!(anchor_at("abc", CharRange::new(2, 1)).is_err());
    }

    #[test]
    fn overlapping_occurrences_are_all_found() {
        assert_eq!(occurrences("ééé", "éé").len(), 2);
    }
}
