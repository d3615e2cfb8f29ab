//! A generator of realistic corrections to news text, with the true new place of a quote
//! known for each: the cases that `tests/reanchor_quality.rs` checks factdesk's re-anchoring
//! against, and `benches/reanchor.rs` compares with a Hypothesis-style matcher.
//!
//! Everything is in char offsets. Each case is (old text, quote range, new text, truth),
//! where truth is the quote's range in the new text, or `None` when its words are gone.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    dead_code,
    reason = "test support code"
)]

use std::fmt;

/// What was done to the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EditKind {
    /// A new paragraph before the quote's.
    ParagraphInsertedBefore,
    /// A paragraph before the quote's removed.
    ParagraphDeletedBefore,
    /// A sentence of an earlier paragraph removed.
    SentenceDeletedBefore,
    /// One letter inside the quote fixed.
    TypoFixedInQuote,
    /// One word inside the quote replaced.
    WordChangedInQuote,
    /// A clause added after the quote's sentence.
    ClauseAppended,
    /// Line breaks and spaces changed across the text (inside the quote too).
    WhitespaceReflowed,
    /// Curly quotes and apostrophes made straight across the text.
    QuotesStraightened,
    /// The quote's paragraph swapped with another.
    ParagraphsReordered,
    /// The quote's sentence deleted: its words are gone (truth: orphan).
    QuoteSentenceDeleted,
    /// The quote's words repeated in an earlier paragraph (truth: the original place).
    SameWordsElsewhere,
}

impl EditKind {
    /// Every kind.
    pub const ALL: [Self; 11] = [
        Self::ParagraphInsertedBefore,
        Self::ParagraphDeletedBefore,
        Self::SentenceDeletedBefore,
        Self::TypoFixedInQuote,
        Self::WordChangedInQuote,
        Self::ClauseAppended,
        Self::WhitespaceReflowed,
        Self::QuotesStraightened,
        Self::ParagraphsReordered,
        Self::QuoteSentenceDeleted,
        Self::SameWordsElsewhere,
    ];
}

impl fmt::Display for EditKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self {
            Self::ParagraphInsertedBefore => "paragraph inserted before",
            Self::ParagraphDeletedBefore => "paragraph deleted before",
            Self::SentenceDeletedBefore => "sentence deleted before",
            Self::TypoFixedInQuote => "typo fixed in quote",
            Self::WordChangedInQuote => "word changed in quote",
            Self::ClauseAppended => "clause appended",
            Self::WhitespaceReflowed => "whitespace reflowed",
            Self::QuotesStraightened => "quotes straightened",
            Self::ParagraphsReordered => "paragraphs reordered",
            Self::QuoteSentenceDeleted => "quote's sentence deleted",
            Self::SameWordsElsewhere => "same words elsewhere",
        };
        f.write_str(name)
    }
}

/// One generated case.
#[derive(Debug, Clone)]
pub struct Case {
    /// What was done.
    pub kind: EditKind,
    /// The text the claim was made on.
    pub old: String,
    /// The quote's char range in `old`.
    pub start: usize,
    /// End (exclusive).
    pub end: usize,
    /// The corrected text.
    pub new: String,
    /// Where the quote's words are in `new`, or `None` when they are gone.
    pub truth: Option<(usize, usize)>,
}

/// A small deterministic generator (SplitMix64).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// Seeded.
    pub const fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// Next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next_u64() % (n.max(1) as u64)).unwrap()
    }
}

const NEW_PARAGRAPHS: [&str; 4] = [
    "Update, 14:20: This article has been amended to include a response from the council.",
    "The harbour board met again on Thursday evening, but no vote was taken on the plans.",
    "Correction: an earlier version of this story gave the wrong date for the hearing.",
    "Officials did not respond to a request for comment before publication.",
];
const CLAUSES: [&str; 3] = [
    " Officials later confirmed the figure.",
    " The ministry has not commented.",
    " That claim was repeated on Friday.",
];
const WORDS: [&str; 5] = ["reportedly", "roughly", "entire", "local", "previous"];

/// Paragraphs of `text` as char ranges (separated by blank lines).
fn paragraphs(chars: &[char]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == '\n' && chars.get(i + 1) == Some(&'\n') {
            if i > start {
                out.push((start, i));
            }
            while i < chars.len() && chars[i] == '\n' {
                i += 1;
            }
            start = i;
        } else {
            i += 1;
        }
    }
    if start < chars.len() {
        out.push((start, chars.len()));
    }
    out
}

/// Sentences inside a paragraph: ends at `.`, `?` or `!` (after closing quotes), then a space.
fn sentences(chars: &[char], (from, to): (usize, usize)) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = from;
    let mut i = from;
    while i < to {
        if matches!(chars[i], '.' | '?' | '!') {
            let mut end = i + 1;
            while end < to && matches!(chars[end], '”' | '"' | '’' | '\'' | ')') {
                end += 1;
            }
            if end >= to || chars[end] == ' ' || chars[end] == '\n' {
                if end - start > 1 {
                    out.push((start, end));
                }
                start = end;
                while start < to && (chars[start] == ' ' || chars[start] == '\n') {
                    start += 1;
                }
                i = start;
                continue;
            }
        }
        i += 1;
    }
    if start < to && to - start > 1 {
        out.push((start, to));
    }
    out
}

fn word_starts(chars: &[char], (from, to): (usize, usize)) -> Vec<usize> {
    (from..to)
        .filter(|&i| chars[i].is_alphanumeric() && (i == from || !chars[i - 1].is_alphanumeric()))
        .collect()
}

fn word_ends(chars: &[char], (from, to): (usize, usize)) -> Vec<usize> {
    (from + 1..=to)
        .filter(|&i| chars[i - 1].is_alphanumeric() && (i == to || !chars[i].is_alphanumeric()))
        .collect()
}

fn splice(chars: &[char], at: (usize, usize), with: &str) -> Vec<char> {
    let mut out: Vec<char> = chars[..at.0].to_vec();
    out.extend(with.chars());
    out.extend_from_slice(&chars[at.1..]);
    out
}

fn text(chars: &[char]) -> String {
    chars.iter().collect()
}

/// Generates up to `per_kind` cases of every kind on `source` (a normalised article: `\n`
/// line ends, paragraphs separated by one blank line).
pub fn cases(source: &str, per_kind: usize, rng: &mut Rng) -> Vec<Case> {
    let chars: Vec<char> = source.chars().collect();
    let paras = paragraphs(&chars);
    if paras.len() < 4 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for kind in EditKind::ALL {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < per_kind * 20 {
            tries += 1;
            // The quote: a clause of a sentence, word-aligned, in a paragraph after the first.
            let p = 1 + rng.below(paras.len() - 1);
            let sents = sentences(&chars, paras[p]);
            let Some(&sent) = sents.get(rng.below(sents.len().max(1))) else {
                continue;
            };
            if sent.1 - sent.0 < 30 {
                continue;
            }
            let starts = word_starts(&chars, sent);
            let ends = word_ends(&chars, sent);
            if starts.is_empty() || ends.is_empty() {
                continue;
            }
            let s = starts[rng.below(starts.len().div_ceil(2))];
            let candidates: Vec<usize> = ends
                .iter()
                .copied()
                .filter(|&e| e > s + 20 && e <= s + 160)
                .collect();
            let Some(&e) = candidates.get(rng.below(candidates.len().max(1))) else {
                continue;
            };
            // Quotes that occur twice already are the "same words" kind's job.
            let quote: String = chars[s..e].iter().collect();
            if source.matches(quote.as_str()).count() != 1 {
                continue;
            }
            if let Some(case) = apply(kind, &chars, &paras, p, sent, (s, e), rng) {
                out.push(case);
                made += 1;
            }
        }
    }
    out
}

#[expect(clippy::too_many_lines, reason = "one arm per kind of edit")]
fn apply(
    kind: EditKind,
    chars: &[char],
    paras: &[(usize, usize)],
    p: usize,
    sent: (usize, usize),
    (s, e): (usize, usize),
    rng: &mut Rng,
) -> Option<Case> {
    let len = e - s;
    let (new, truth): (Vec<char>, Option<(usize, usize)>) = match kind {
        EditKind::ParagraphInsertedBefore => {
            let at = paras[rng.below(p + 1)].0;
            let add = format!("{}\n\n", NEW_PARAGRAPHS[rng.below(NEW_PARAGRAPHS.len())]);
            let n = add.chars().count();
            (splice(chars, (at, at), &add), Some((s + n, e + n)))
        }
        EditKind::ParagraphDeletedBefore => {
            let q = rng.below(p);
            let (a, _) = paras[q];
            let b = paras[q + 1].0;
            (splice(chars, (a, b), ""), Some((s - (b - a), e - (b - a))))
        }
        EditKind::SentenceDeletedBefore => {
            let q = rng.below(p);
            let sents = sentences(chars, paras[q]);
            if sents.len() < 2 {
                return None;
            }
            let (a, b) = sents[rng.below(sents.len())];
            // The sentence and the space after it.
            let b = if chars.get(b) == Some(&' ') { b + 1 } else { b };
            (splice(chars, (a, b), ""), Some((s - (b - a), e - (b - a))))
        }
        EditKind::TypoFixedInQuote => {
            // Swap two adjacent letters of a word inside the quote (a typo, or its fix).
            let spots: Vec<usize> = (s + 1..e - 2)
                .filter(|&i| {
                    chars[i].is_alphabetic()
                        && chars[i + 1].is_alphabetic()
                        && chars[i] != chars[i + 1]
                })
                .collect();
            let &i = spots.get(rng.below(spots.len().max(1)))?;
            let mut new = chars.to_vec();
            new.swap(i, i + 1);
            (new, Some((s, e)))
        }
        EditKind::WordChangedInQuote => {
            let starts = word_starts(chars, (s, e));
            let ends = word_ends(chars, (s, e));
            if starts.len() < 4 {
                return None;
            }
            let k = 1 + rng.below(starts.len() - 2);
            let ws = starts[k];
            let we = *ends.iter().find(|&&x| x > ws)?;
            let word = WORDS[rng.below(WORDS.len())];
            let delta = word.chars().count() as isize - (we - ws) as isize;
            let new = splice(chars, (ws, we), word);
            (new, Some((s, (e as isize + delta) as usize)))
        }
        EditKind::ClauseAppended => {
            let clause = CLAUSES[rng.below(CLAUSES.len())];
            (splice(chars, (sent.1, sent.1), clause), Some((s, e)))
        }
        EditKind::WhitespaceReflowed => {
            // Some spaces become line breaks and some line breaks inside paragraphs spaces;
            // one for one, so offsets stay.
            let mut new = chars.to_vec();
            for c in &mut new {
                if *c == ' ' && rng.below(9) == 0 {
                    *c = '\n';
                }
            }
            (new, Some((s, e)))
        }
        EditKind::QuotesStraightened => {
            let new: Vec<char> = chars
                .iter()
                .map(|c| match c {
                    '“' | '”' | '„' => '"',
                    '‘' | '’' => '\'',
                    other => *other,
                })
                .collect();
            if new == chars {
                return None;
            }
            (new, Some((s, e)))
        }
        EditKind::ParagraphsReordered => {
            let q = loop {
                let q = rng.below(paras.len());
                if q != p {
                    break q;
                }
            };
            let (first, second) = if q < p { (q, p) } else { (p, q) };
            let (a0, a1) = paras[first];
            let (b0, b1) = paras[second];
            let mut new: Vec<char> = chars[..a0].to_vec();
            new.extend_from_slice(&chars[b0..b1]);
            new.extend_from_slice(&chars[a1..b0]);
            new.extend_from_slice(&chars[a0..a1]);
            new.extend_from_slice(&chars[b1..]);
            let moved_start = if p == second {
                a0 + (s - b0)
            } else {
                // The quote's paragraph went after: its new start.
                a0 + (b1 - b0) + (b0 - a1) + (s - a0)
            };
            (new, Some((moved_start, moved_start + len)))
        }
        EditKind::QuoteSentenceDeleted => {
            let b = if chars.get(sent.1) == Some(&' ') {
                sent.1 + 1
            } else {
                sent.1
            };
            let new = splice(chars, (sent.0, b), "");
            let gone: String = chars[s..e].iter().collect();
            if text(&new).contains(gone.as_str()) {
                return None;
            }
            (new, None)
        }
        EditKind::SameWordsElsewhere => {
            // The quote's sentence repeated at the end of an earlier paragraph, as a recap.
            let q = rng.below(p);
            let at = paras[q].1;
            let copy: String = format!(" {}", text(&chars[sent.0..sent.1]));
            let n = copy.chars().count();
            (splice(chars, (at, at), &copy), Some((s + n, e + n)))
        }
    };
    Some(Case {
        kind,
        old: text(chars),
        start: s,
        end: e,
        new: text(&new),
        truth,
    })
}

/// How a placement compares with the truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// On the true words (overlap at least half).
    Right,
    /// Placed on other words: the failure that must never happen.
    Wrong,
    /// Orphaned though the words are still there.
    Missed,
    /// Orphaned, and the words are gone: right.
    Orphaned,
}

/// Judges a placement (`None`: orphaned) against the truth.
pub fn judge(placed: Option<(usize, usize)>, truth: Option<(usize, usize)>) -> Verdict {
    match (placed, truth) {
        (None, None) => Verdict::Orphaned,
        (None, Some(_)) => Verdict::Missed,
        (Some(_), None) => Verdict::Wrong,
        (Some((a, b)), Some((c, d))) => {
            let overlap = b.min(d).saturating_sub(a.max(c));
            if overlap * 2 >= d - c {
                Verdict::Right
            } else {
                Verdict::Wrong
            }
        }
    }
}

/// The texts the cases are made from: the repository's own news-style articles, and the
/// Wikinews development set when it is beside the repository (`../shared/corpus/wikinews`).
pub fn texts() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![
        (
            "demo".to_owned(),
            factdesk::text::import::normalise(include_str!("../../assets/demo/article.txt")),
        ),
        (
            "demo v2".to_owned(),
            factdesk::text::import::normalise(include_str!("../../assets/demo/article-v2.txt")),
        ),
    ];
    if let Ok(html) = std::fs::read_to_string(root.join("tests/fixtures/web/news.html"))
        && let Ok(text) = factdesk::text::import::html::convert(&html)
    {
        out.push(("news fixture".to_owned(), text.body));
    }
    let corpus = root.join("../shared/corpus/wikinews");
    if let Ok(dir) = std::fs::read_dir(&corpus) {
        let mut files: Vec<_> = dir.filter_map(|e| e.ok().map(|e| e.path())).collect();
        files.sort();
        for path in files
            .into_iter()
            .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        {
            if let Ok(t) = std::fs::read_to_string(&path) {
                let name = path
                    .file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default();
                out.push((name, factdesk::text::import::normalise(&t)));
            }
        }
    }
    out
}
