//! The one place where char offsets become byte offsets and back.

use crate::model::CharRange;

/// Number of chars (Unicode scalar values) in `text`.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// Byte offset of char `pos` (`pos == char_len` gives `text.len()`), or `None` past the end.
pub fn byte_of_char(text: &str, pos: usize) -> Option<usize> {
    if pos == 0 {
        return Some(0);
    }
    let mut indices = text.char_indices().map(|(b, _)| b).chain([text.len()]);
    indices.nth(pos)
}

/// The chars `range` of `text`, or `None` when the range is reversed or past the end.
pub fn slice(text: &str, range: CharRange) -> Option<&str> {
    if range.end < range.start {
        return None;
    }
    let start = byte_of_char(text, range.start)?;
    let rest = text.get(start..)?;
    let len = byte_of_char(rest, range.len())?;
    rest.get(..len)
}

/// A precomputed char → byte table for repeated lookups in one long text.
#[derive(Debug, Clone)]
pub struct CharIndex<'a> {
    text: &'a str,
    /// Byte offset of every char, plus `text.len()` at the end.
    byte_starts: Vec<usize>,
}

impl<'a> CharIndex<'a> {
    /// Indexes `text` (O(n) once).
    pub fn new(text: &'a str) -> Self {
        let mut byte_starts: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
        byte_starts.push(text.len());
        Self { text, byte_starts }
    }

    /// The indexed text.
    pub const fn text(&self) -> &'a str {
        self.text
    }

    /// Number of chars.
    pub fn char_len(&self) -> usize {
        self.byte_starts.len().saturating_sub(1)
    }

    /// Byte offset of char `pos`, or `None` past the end.
    pub fn byte(&self, pos: usize) -> Option<usize> {
        self.byte_starts.get(pos).copied()
    }

    /// Char position of a byte offset that lies on a char boundary.
    pub fn char_of_byte(&self, byte: usize) -> Option<usize> {
        self.byte_starts.binary_search(&byte).ok()
    }

    /// The chars `range`, or `None` when it does not fit.
    pub fn slice(&self, range: CharRange) -> Option<&'a str> {
        if range.end < range.start {
            return None;
        }
        self.text
            .get(self.byte(range.start)?..self.byte(range.end)?)
    }

    /// The char at `pos`.
    pub fn char_at(&self, pos: usize) -> Option<char> {
        self.text.get(self.byte(pos)?..)?.chars().next()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "“Café” 😀 東京 end";

    #[test]
    fn slices_by_chars_not_bytes() {
        assert_eq!(char_len(TEXT), 15);
        assert_eq!(slice(TEXT, CharRange::new(0, 6)), Some("“Café”"));
        assert_eq!(slice(TEXT, CharRange::new(7, 8)), Some("😀"));
        assert_eq!(slice(TEXT, CharRange::new(9, 11)), Some("東京"));
        assert_eq!(slice(TEXT, CharRange::new(12, 15)), Some("end"));
        assert_eq!(slice(TEXT, CharRange::new(12, 16)), None);
        assert_eq!(slice(TEXT, CharRange::new(5, 4)), None);
        assert_eq!(slice(TEXT, CharRange::new(15, 15)), Some(""));
    }

    #[test]
    fn index_agrees_with_linear_functions() {
        let index = CharIndex::new(TEXT);
        assert_eq!(index.char_len(), char_len(TEXT));
        for start in 0..=index.char_len() {
            assert_eq!(index.byte(start), byte_of_char(TEXT, start));
            for end in start..=index.char_len() + 1 {
                let r = CharRange::new(start, end);
                assert_eq!(index.slice(r), slice(TEXT, r));
            }
        }
        assert_eq!(index.char_of_byte(TEXT.len()), Some(15));
        assert_eq!(index.char_of_byte(1), None, "inside the curly quote");
        assert_eq!(index.char_at(7), Some('😀'));
    }
}
