//! Cuts an article into paragraphs, quotations, sentences and word tokens, all by char
//! offsets into the article. Knows typography (curly and straight quotes, apostrophes,
//! abbreviations), nothing about speakers.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::lexicon;

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Letters (with inner apostrophes, hyphens and stops: "O’Neill", "U.S", "Mexico's").
    Word,
    /// Digits ("4", "1,200", "3.5", "12%").
    Number,
    /// One punctuation char.
    Punct(char),
    /// A whole top-level quotation, marks included: the index into [`Paragraph::quotes`].
    Quote(usize),
}

/// A token: kind and char range in the article.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: Kind,
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
}

/// A top-level quotation in a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotation {
    /// The opening mark.
    pub open: usize,
    /// One past the closing mark (or the paragraph's end when the quote runs on).
    pub end: usize,
    /// The words inside the marks.
    pub inner: (usize, usize),
    /// True when the closing mark was missing: the quote runs to the paragraph's end and
    /// (news convention) goes on in the next paragraph.
    pub runs_on: bool,
}

/// A sentence, with quotations as single tokens.
#[derive(Debug, Clone, Default)]
pub struct Sentence {
    /// First char.
    pub start: usize,
    /// One past the last char.
    pub end: usize,
    /// Tokens, quotations collapsed to one `Kind::Quote` token each.
    pub tokens: Vec<Token>,
}

/// A paragraph: its quotations and sentences.
#[derive(Debug, Clone, Default)]
pub struct Paragraph {
    /// Top-level quotations in order.
    pub quotes: Vec<Quotation>,
    /// Sentences in order.
    pub sentences: Vec<Sentence>,
}

/// The article as chars, with lower-cased, diacritic-free word forms at hand.
pub struct Doc {
    /// The article's chars.
    pub chars: Vec<char>,
    /// Paragraphs in order.
    pub paragraphs: Vec<Paragraph>,
    /// Folded forms of the word tokens, by start char: folded once, read many times.
    lows: HashMap<usize, Box<str>, BuildHasherDefault<PosHasher>>,
}

impl Doc {
    /// Segments `text`.
    pub fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut paragraphs = Vec::new();
        let mut start = 0;
        for (i, c) in chars.iter().enumerate() {
            if *c == '\n' {
                push_paragraph(&chars, start, i, &mut paragraphs);
                start = i + 1;
            }
        }
        push_paragraph(&chars, start, chars.len(), &mut paragraphs);
        let mut lows: HashMap<usize, Box<str>, BuildHasherDefault<PosHasher>> = HashMap::default();
        for t in paragraphs
            .iter()
            .flat_map(|p| p.sentences.iter().flat_map(|s| s.tokens.iter()))
        {
            if t.kind == Kind::Word
                && let Some(word) = chars.get(t.start..t.end)
            {
                lows.insert(
                    t.start,
                    fold(&word.iter().collect::<String>()).into_boxed_str(),
                );
            }
        }
        Self {
            chars,
            paragraphs,
            lows,
        }
    }

    /// The chars of `[start, end)` as a string.
    pub fn text(&self, start: usize, end: usize) -> String {
        self.chars
            .get(start..end)
            .map(|s| s.iter().collect())
            .unwrap_or_default()
    }

    /// A token's text.
    pub fn tok(&self, t: Token) -> String {
        self.text(t.start, t.end)
    }

    /// A word token's folded form (lower case, no diacritics, apostrophes straight), folded
    /// once when the article was read; empty for any other token.
    pub fn low(&self, t: Token) -> &str {
        match t.kind {
            Kind::Word => self.lows.get(&t.start).map_or("", |w| w),
            Kind::Quote(_) | Kind::Punct(_) | Kind::Number => "",
        }
    }

    /// The char at `i`, if any.
    pub fn at(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    /// True when the token is a word starting with a capital letter.
    pub fn is_cap(&self, t: Token) -> bool {
        t.kind == Kind::Word && self.at(t.start).is_some_and(char::is_uppercase)
    }
}

fn push_paragraph(chars: &[char], start: usize, end: usize, out: &mut Vec<Paragraph>) {
    let Some(slice) = chars.get(start..end) else {
        return;
    };
    let Some(first) = slice.iter().position(|c| !c.is_whitespace()) else {
        return;
    };
    let last = slice
        .iter()
        .rposition(|c| !c.is_whitespace())
        .unwrap_or(first);
    let (start, end) = (start + first, start + last + 1);
    let quotes = quotations(chars, start, end);
    let tokens = tokenize(chars, start, end, &quotes);
    let sentences = sentences(chars, &tokens, &quotes);
    out.push(Paragraph { quotes, sentences });
}

/// Hashes a char position for the word table: positions are distinct small integers, so a
/// multiply spreads them well enough and costs a fraction of SipHash.
#[derive(Default)]
pub struct PosHasher(u64);

impl Hasher for PosHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(*b);
        }
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = (n as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Lower case, diacritics removed, apostrophes and quotes straight.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{2018}' | '\u{2019}' | '`' | '\u{00B4}' => out.push('\''),
            'à'..='å' | 'À'..='Å' | 'ā' | 'Ā' | 'ă' | 'Ă' | 'ą' | 'Ą' => out.push('a'),
            'ç' | 'Ç' | 'ć' | 'Ć' | 'č' | 'Č' => out.push('c'),
            'è'..='ë' | 'È'..='Ë' | 'ē' | 'ę' | 'Ę' | 'ě' | 'Ě' | 'ė' => out.push('e'),
            'ì'..='ï' | 'Ì'..='Ï' | 'ı' | 'İ' | 'ī' => out.push('i'),
            'ñ' | 'Ñ' | 'ń' | 'Ń' | 'ň' => out.push('n'),
            'ò'..='ö' | 'Ò'..='Ö' | 'ø' | 'Ø' | 'ő' | 'ō' => out.push('o'),
            'ù'..='ü' | 'Ù'..='Ü' | 'ū' | 'ů' | 'ű' => out.push('u'),
            'ý' | 'ÿ' | 'Ý' => out.push('y'),
            'ß' => out.push_str("ss"),
            'æ' | 'Æ' => out.push_str("ae"),
            'œ' | 'Œ' => out.push_str("oe"),
            'ł' | 'Ł' => out.push('l'),
            'ś' | 'Ś' | 'š' | 'Š' | 'ş' | 'Ş' => out.push('s'),
            'ź' | 'Ź' | 'ż' | 'Ż' | 'ž' | 'Ž' => out.push('z'),
            'ğ' | 'Ğ' => out.push('g'),
            'ř' | 'Ř' => out.push('r'),
            'đ' | 'Đ' | 'ď' => out.push('d'),
            'ť' => out.push('t'),
            c => out.extend(c.to_lowercase()),
        }
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    Double,
    Single,
    Guillemet,
}

fn is_open_context(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{—–-/\u{201C}\u{2018}\"'«:".contains(c))
}

fn is_close_context(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || ".,;:!?)]}—–-/\u{201D}\u{2019}\"'»…".contains(c))
}

/// Top-level quotations of the paragraph `[start, end)`: a stack of opening marks; straight
/// marks open or close by what stands on either side; apostrophes are not quotes. Two
/// straight apostrophes (`''`, the New York Times' style) and a doubled backtick are one
/// double mark.
fn quotations(chars: &[char], start: usize, end: usize) -> Vec<Quotation> {
    // (mark, where it opens, its width in chars)
    let mut stack: Vec<(Mark, usize, usize)> = Vec::new();
    let mut out = Vec::new();
    let get = |i: usize| chars.get(i).copied();
    let mut skip_to = start;
    for i in start..end {
        if i < skip_to {
            continue;
        }
        let Some(c) = get(i) else { break };
        let doubled = matches!(c, '\'' | '`') && i + 1 < end && get(i + 1) == Some(c);
        let width = if doubled { 2 } else { 1 };
        let prev = if i > start { get(i - 1) } else { None };
        let next = if i + width < end {
            get(i + width)
        } else {
            None
        };
        let left = next.is_some_and(|n| !n.is_whitespace()) && is_open_context(prev);
        let right = prev.is_some_and(|p| !p.is_whitespace()) && is_close_context(next);
        let letter_both =
            prev.is_some_and(char::is_alphanumeric) && next.is_some_and(char::is_alphanumeric);
        let open_double = stack.iter().any(|(m, ..)| *m == Mark::Double);
        let action: Option<(bool, Mark)> = match c {
            '`' if doubled => Some((true, Mark::Double)),
            '\'' if doubled => {
                if left && !right {
                    Some((true, Mark::Double))
                } else if right {
                    open_double.then_some((false, Mark::Double))
                } else {
                    None
                }
            }
            // An opening mark used as a closing one ("…here,“ said Clyburn"): after the
            // words of an open quotation and before a space.
            '\u{201C}' if open_double && right && !left => Some((false, Mark::Double)),
            '\u{201C}' | '\u{201E}' => Some((true, Mark::Double)),
            '\u{201D}' => {
                if open_double {
                    Some((false, Mark::Double))
                } else if left && !right {
                    // A closing mark used as an opening one (some sites print ” twice).
                    Some((true, Mark::Double))
                } else {
                    None
                }
            }
            '«' => Some((true, Mark::Guillemet)),
            '»' => Some((false, Mark::Guillemet)),
            '"' => {
                if left && !right {
                    Some((true, Mark::Double))
                } else if right && !left {
                    open_double.then_some((false, Mark::Double))
                } else if open_double {
                    Some((false, Mark::Double))
                } else {
                    Some((true, Mark::Double))
                }
            }
            // "in ‘08", "the ‘90s": an apostrophe before a year, not an opening mark.
            '\u{2018}' if !letter_both && left && !next.is_some_and(|n| n.is_ascii_digit()) => {
                Some((true, Mark::Single))
            }
            '\'' if !letter_both && left && next.is_some_and(char::is_alphabetic) => {
                // A straight single mark opens only where a quote could start, and never
                // as the apostrophe of "'90s" or "'em" inside another quote's words.
                (prev.is_none_or(char::is_whitespace)
                    || prev == Some('"')
                    || prev == Some('\u{201C}'))
                .then_some((true, Mark::Single))
            }
            '\u{2019}' | '\'' if !letter_both && right => stack
                .iter()
                .any(|(m, ..)| *m == Mark::Single)
                .then_some((false, Mark::Single)),
            _ => None,
        };
        if action.is_some() {
            skip_to = i + width;
        }
        match action {
            Some((true, mark)) => stack.push((mark, i, width)),
            Some((false, mark)) => {
                while let Some((m, open, open_width)) = stack.pop() {
                    if m == mark {
                        if stack.is_empty() {
                            out.push(Quotation {
                                open,
                                end: i + width,
                                inner: (open + open_width, i),
                                runs_on: false,
                            });
                        }
                        break;
                    }
                }
            }
            None => {}
        }
    }
    if let Some((mark, open, open_width)) = stack.first().copied() {
        // An unclosed quote at a paragraph's end: the news convention for a quotation that
        // continues in the next paragraph. Only real quote marks, not single ones.
        if mark != Mark::Single {
            out.push(Quotation {
                open,
                end,
                inner: (open + open_width, end),
                runs_on: true,
            });
        }
    }
    out
}

fn tokenize(chars: &[char], start: usize, end: usize, quotes: &[Quotation]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut q = 0;
    let mut i = start;
    let get = |i: usize| chars.get(i).copied();
    while i < end {
        if let Some(quote) = quotes.get(q)
            && i >= quote.open
        {
            tokens.push(Token {
                kind: Kind::Quote(q),
                start: quote.open,
                end: quote.end,
            });
            i = quote.end;
            q += 1;
            continue;
        }
        let Some(c) = get(i) else { break };
        let stop = quotes.get(q).map_or(end, |quote| quote.open.min(end));
        if c.is_whitespace() {
            i += 1;
        } else if c.is_alphabetic() {
            let s = i;
            i += 1;
            while i < stop {
                let Some(c) = get(i) else { break };
                if c.is_alphanumeric() {
                    i += 1;
                } else if matches!(c, '\'' | '\u{2019}' | '-' | '.' | '\u{00B7}')
                    && i + 1 < stop
                    && get(i + 1).is_some_and(char::is_alphanumeric)
                {
                    // Inner apostrophes, hyphens and stops: "O’Neill", "well-known", "U.S".
                    i += 2;
                } else if matches!(c, '\'' | '\u{2019}')
                    && i > s
                    && get(i - 1) == Some('s')
                    && get(i + 1).is_none_or(char::is_whitespace)
                {
                    // A plural possessive: "Nurses’ Guild".
                    i += 1;
                    break;
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: Kind::Word,
                start: s,
                end: i,
            });
        } else if c.is_ascii_digit() {
            let s = i;
            i += 1;
            while i < stop {
                let Some(c) = get(i) else { break };
                if c.is_alphanumeric() || c == '%' {
                    i += 1;
                } else if matches!(c, ',' | '.' | ':' | '-' | '\u{2013}' | '/')
                    && i + 1 < stop
                    && get(i + 1).is_some_and(|n| n.is_ascii_digit())
                {
                    i += 2;
                } else {
                    break;
                }
            }
            tokens.push(Token {
                kind: Kind::Number,
                start: s,
                end: i,
            });
        } else {
            tokens.push(Token {
                kind: Kind::Punct(c),
                start: i,
                end: i + 1,
            });
            i += 1;
        }
    }
    tokens
}

fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…')
}

/// Sentences over a paragraph's tokens: a terminal stop (outside quotations) or a
/// quotation ending in one, followed by a word that starts a sentence.
fn sentences(chars: &[char], tokens: &[Token], quotes: &[Quotation]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let word_low = |t: &Token| -> String {
        fold(
            &chars
                .get(t.start..t.end)
                .map(|s| s.iter().collect::<String>())
                .unwrap_or_default(),
        )
    };
    for (k, t) in tokens.iter().enumerate() {
        current.push(*t);
        let next = tokens.get(k + 1);
        let Some(next) = next else { break };
        let starts_sentence = match next.kind {
            Kind::Word => chars.get(next.start).is_some_and(|c| c.is_uppercase()),
            Kind::Number | Kind::Quote(_) => true,
            Kind::Punct(c) => matches!(c, '(' | '[' | '—' | '–' | '-' | '•' | '*'),
        };
        if !starts_sentence {
            continue;
        }
        let boundary = match t.kind {
            Kind::Punct(c) if is_terminal(c) => {
                let before = k.checked_sub(1).and_then(|j| tokens.get(j));
                match before {
                    Some(b) if b.kind == Kind::Word && c == '.' && b.end == t.start => {
                        let w = word_low(b);
                        let single_initial = b.end - b.start == 1;
                        if lexicon::is_abbreviation(&w) || single_initial {
                            false
                        } else if w.contains('.') {
                            // "U.S." or "a.m.": a boundary only before a usual sentence opener.
                            next.kind == Kind::Word && lexicon::is_sentence_starter(&word_low(next))
                        } else {
                            true
                        }
                    }
                    _ => true,
                }
            }
            Kind::Punct(')' | ']') => {
                // "… (the SDF.) Next": a stop right before the bracket.
                k.checked_sub(1)
                    .and_then(|j| tokens.get(j))
                    .is_some_and(|b| matches!(b.kind, Kind::Punct(p) if is_terminal(p)))
            }
            Kind::Quote(q) => quotes.get(q).is_some_and(|quote| {
                let (_, inner_end) = quote.inner;
                let last = chars
                    .get(quote.inner.0..inner_end)
                    .and_then(|s| s.iter().rev().find(|c| !c.is_whitespace()).copied());
                last.is_some_and(is_terminal) && next.kind == Kind::Word
            }),
            _ => false,
        };
        if boundary {
            push_sentence(&mut out, std::mem::take(&mut current));
        }
    }
    push_sentence(&mut out, current);
    out
}

fn push_sentence(out: &mut Vec<Sentence>, tokens: Vec<Token>) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    out.push(Sentence {
        start: first.start,
        end: last.end,
        tokens,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quotes_of(text: &str) -> Vec<String> {
        let doc = Doc::new(text);
        doc.paragraphs
            .iter()
            .flat_map(|p| p.quotes.iter().map(|q| doc.text(q.inner.0, q.inner.1)))
            .collect()
    }

    #[test]
    fn doubled_apostrophes_are_double_quote_marks() {
        // The New York Times' style, and the Penn Treebank's ``…''.
        assert_eq!(
            quotes_of(
                "''We will not back down,'' Mr. Núñez said. ''It's our café's ''best'' year.''"
            ),
            vec!["We will not back down,", "It's our café's ''best'' year."]
        );
        assert_eq!(
            quotes_of("``The pier is safe,'' she said."),
            vec!["The pier is safe,"]
        );
        // One apostrophe stays an apostrophe; a quote left open runs on.
        assert_eq!(quotes_of("the '90s and the 2000s"), Vec::<String>::new());
        assert_eq!(
            quotes_of("''The first part of a long quote"),
            vec!["The first part of a long quote"]
        );
    }

    #[test]
    fn curly_straight_and_nested_quotes_are_top_level_spans() {
        assert_eq!(
            quotes_of("Lind said: “It’s the ‘green corridor’ again.” Then “no”."),
            vec!["It’s the ‘green corridor’ again.", "no"]
        );
        assert_eq!(
            quotes_of(r#"He wrote, "The "United States" is not holding any." Next."#),
            vec![r#"The "United States" is not holding any."#]
        );
        assert_eq!(
            quotes_of("Londoners’ courage and the ’90s."),
            Vec::<String>::new()
        );
        assert_eq!(
            quotes_of("She said ‘we will win’ twice."),
            vec!["we will win"]
        );
    }

    #[test]
    fn an_unclosed_quote_runs_to_the_paragraph_end() {
        let doc = Doc::new("“First paragraph goes on.\n\n“And ends here,” she said.");
        let p = doc
            .paragraphs
            .first()
            .map(|p| p.quotes.clone())
            .unwrap_or_default();
        assert_eq!(p.len(), 1);
        assert!(p.first().is_some_and(|q| q.runs_on));
    }

    #[test]
    fn sentences_respect_abbreviations_and_quotes() {
        let doc = Doc::new(
            "Dr. Ana Ribeiro met Mr. Ålund in the U.S. The talks ended. “We won.” Lind said. “Fine,” he said.",
        );
        let s: Vec<String> = doc
            .paragraphs
            .iter()
            .flat_map(|p| p.sentences.iter().map(|s| doc.text(s.start, s.end)))
            .collect();
        assert_eq!(
            s,
            vec![
                "Dr. Ana Ribeiro met Mr. Ålund in the U.S.",
                "The talks ended.",
                "“We won.”",
                "Lind said.",
                "“Fine,” he said."
            ]
        );
    }

    #[test]
    fn folding_drops_diacritics_and_case() {
        assert_eq!(
            fold("Søren ÅLUND Erdoğan Brudziński"),
            "soren alund erdogan brudzinski"
        );
    }
}
