//! Re-anchoring claims when an article's text is replaced by a newer revision.
//!
//! Order (DESIGN.md): the old position mapped through a token diff, if it still holds the
//! quote → the exact quote elsewhere, chosen by prefix/suffix context and distance → a fuzzy
//! match at the mapped position, accepted only above [`MIN_SIMILARITY`]. Anything else is
//! orphaned: kept with its old anchor, never pointed at other words.

use crate::model::{Anchor, AnchorState, CharRange};
use crate::text::anchor::{anchor_in, occurrences};
use crate::text::offsets::CharIndex;

/// Below this similarity (1 − edit distance / length) a changed quote is orphaned.
pub const MIN_SIMILARITY: f64 = 0.7;

/// Context agreement (0‥1) an exact quote found away from its mapped place needs, unless
/// it is long enough to speak for itself ([`SELF_EVIDENT_QUOTE_CHARS`]).
const MIN_CONTEXT_FOR_RELOCATION: f64 = 0.25;

/// An exact quote of at least this many chars is the same statement wherever it stands.
const SELF_EVIDENT_QUOTE_CHARS: usize = 40;

/// Where a claim landed on the new text.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// What happened.
    pub state: AnchorState,
    /// The anchor on the new text, or the old anchor unchanged when orphaned.
    pub anchor: Anchor,
    /// Similarity of the new words to the old quote (1.0 for exact).
    pub similarity: f64,
}

/// One contiguous piece of the diff, in char offsets of both texts.
#[derive(Debug, Clone, Copy)]
struct Segment {
    old: CharRange,
    new: CharRange,
    equal: bool,
}

/// Maps positions of an old text onto a new one; build once per revision change, then
/// place any number of anchors.
#[derive(Debug)]
pub struct Reanchorer<'a> {
    new: CharIndex<'a>,
    /// Covers the old text without gaps, in order; no segment has an empty old range.
    segments: Vec<Segment>,
}

impl<'a> Reanchorer<'a> {
    /// Diffs `old` against `new`: lines first (most corrections leave most paragraphs
    /// alone), then word, space and punctuation tokens inside each changed stretch.
    pub fn new(old: &str, new: &'a str) -> Self {
        let (old_lines, old_starts) = lines(old);
        let (new_lines, new_starts) = lines(new);
        let ops =
            similar::capture_diff_slices(similar::Algorithm::Histogram, &old_lines, &new_lines);
        let at = |starts: &[usize], i: usize| starts.get(i).copied().unwrap_or_default();
        let mut segments: Vec<Segment> = Vec::with_capacity(ops.len() * 2);
        // A run of changed lines, as line index ranges of both texts.
        let mut pending: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
        let flush = |pending: &mut Option<(std::ops::Range<usize>, std::ops::Range<usize>)>,
                     segments: &mut Vec<Segment>| {
            if let Some((o, n)) = pending.take() {
                let old_text = old_lines.get(o.clone()).unwrap_or_default().concat();
                let new_text = new_lines.get(n.clone()).unwrap_or_default().concat();
                token_segments(
                    &old_text,
                    &new_text,
                    at(&old_starts, o.start),
                    at(&new_starts, n.start),
                    segments,
                );
            }
        };
        for op in ops {
            let (tag, o, n) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                flush(&mut pending, &mut segments);
                push_segment(
                    &mut segments,
                    Segment {
                        old: CharRange::new(at(&old_starts, o.start), at(&old_starts, o.end)),
                        new: CharRange::new(at(&new_starts, n.start), at(&new_starts, n.end)),
                        equal: true,
                    },
                );
            } else {
                pending = Some(match pending.take() {
                    Some((po, pn)) => (po.start..o.end, pn.start..n.end),
                    None => (o, n),
                });
            }
        }
        flush(&mut pending, &mut segments);
        segments.retain(|s| !s.old.is_empty());
        Self {
            new: CharIndex::new(new),
            segments,
        }
    }

    /// Where char `pos` of the old text starts in the new one; `true` if it is unchanged.
    fn map_start(&self, pos: usize) -> (usize, bool) {
        let i = self.segments.partition_point(|s| s.old.end <= pos);
        match self.segments.get(i) {
            Some(s) if s.equal => (s.new.start + (pos - s.old.start), true),
            Some(s) => (s.new.start, false),
            None => (self.new.char_len(), true),
        }
    }

    /// Where an old range ending at char `pos` ends in the new text; `true` if unchanged.
    fn map_end(&self, pos: usize) -> (usize, bool) {
        let i = self.segments.partition_point(|s| s.old.end < pos);
        match self.segments.get(i) {
            Some(s) if pos <= s.old.start => (s.new.start, true),
            Some(s) if s.equal => (s.new.start + (pos - s.old.start), true),
            Some(s) => (s.new.end, false),
            None => (self.new.char_len(), true),
        }
    }

    /// Places one anchor made on the old text onto the new text.
    pub fn place(&self, old: &Anchor) -> Placement {
        let (start, start_exact) = self.map_start(old.range.start);
        let (end, end_exact) = self.map_end(old.range.end);
        let mapped = CharRange::new(start, end.max(start));

        // The diff says these very words survived here; trust it unless the quote also
        // stands elsewhere and the context here no longer agrees.
        if start_exact
            && end_exact
            && self.new.slice(mapped) == Some(old.quote.as_str())
            && (self.context_score(old, mapped) >= MIN_CONTEXT_FOR_RELOCATION
                || occurrences(self.new.text(), &old.quote).len() == 1)
        {
            let state = if mapped == old.range {
                AnchorState::Placed
            } else {
                AnchorState::Moved
            };
            return self.placed(state, mapped, 1.0, old);
        }
        if let Some(range) = self.best_exact_occurrence(old, mapped) {
            let state = if range == old.range {
                AnchorState::Placed
            } else {
                AnchorState::Moved
            };
            return self.placed(state, range, 1.0, old);
        }
        if let Some((range, similarity)) = self.fuzzy_at(old, mapped) {
            return self.placed(AnchorState::QuoteChanged, range, similarity, old);
        }
        orphan(old)
    }

    fn placed(
        &self,
        state: AnchorState,
        range: CharRange,
        similarity: f64,
        old: &Anchor,
    ) -> Placement {
        match anchor_in(&self.new, range) {
            Ok(anchor) => Placement {
                state,
                anchor,
                similarity,
            },
            Err(_) => orphan(old),
        }
    }

    /// The exact quote elsewhere, if its context, its length, or its nearness to where the
    /// diff says the old words went vouches for it.
    fn best_exact_occurrence(&self, old: &Anchor, mapped: CharRange) -> Option<CharRange> {
        let found = occurrences(self.new.text(), &old.quote);
        let len = self.new.char_len().max(1) as f64;
        let quote_len = old.quote.chars().count();
        let near =
            |r: CharRange| r.start + quote_len >= mapped.start && r.end <= mapped.end + quote_len;
        let scored = found.into_iter().map(|r| {
            let context = self.context_score(old, r);
            let distance = r.start.abs_diff(mapped.start) as f64 / len;
            let bonus = if near(r) { 0.5 } else { 0.0 };
            (r, context, context + bonus - 0.1 * distance)
        });
        let (range, context, _) = scored.max_by(|a, b| a.2.total_cmp(&b.2))?;
        let long = quote_len >= SELF_EVIDENT_QUOTE_CHARS;
        (long || near(range) || context >= MIN_CONTEXT_FOR_RELOCATION).then_some(range)
    }

    /// How much of the old prefix and suffix stand around `range` (0‥1).
    fn context_score(&self, old: &Anchor, range: CharRange) -> f64 {
        let total = old.prefix.chars().count() + old.suffix.chars().count();
        if total == 0 {
            return 1.0;
        }
        let before = self.new.slice(CharRange::new(0, range.start)).unwrap_or("");
        let after = self
            .new
            .slice(CharRange::new(range.end, self.new.char_len()))
            .unwrap_or("");
        let prefix_match = old
            .prefix
            .chars()
            .rev()
            .zip(before.chars().rev())
            .take_while(|(a, b)| a == b)
            .count();
        let suffix_match = old
            .suffix
            .chars()
            .zip(after.chars())
            .take_while(|(a, b)| a == b)
            .count();
        (prefix_match + suffix_match) as f64 / total as f64
    }

    /// The words now at the mapped position, if similar enough to the old quote.
    fn fuzzy_at(&self, old: &Anchor, mapped: CharRange) -> Option<(CharRange, f64)> {
        let trimmed = trim(&self.new, mapped);
        let words = self.new.slice(trimmed)?;
        if trimmed.is_empty() {
            return None;
        }
        let similarity = similarity(&old.quote, words);
        (similarity >= MIN_SIMILARITY).then_some((trimmed, similarity))
    }
}

fn orphan(old: &Anchor) -> Placement {
    Placement {
        state: AnchorState::Orphaned,
        anchor: old.clone(),
        similarity: 0.0,
    }
}

fn trim(index: &CharIndex<'_>, range: CharRange) -> CharRange {
    let mut r = range;
    while r.start < r.end && index.char_at(r.start).is_some_and(char::is_whitespace) {
        r.start += 1;
    }
    while r.end > r.start && index.char_at(r.end - 1).is_some_and(char::is_whitespace) {
        r.end -= 1;
    }
    r
}

/// Splits text into words, whitespace runs and single other chars, with each token's
/// start in chars (plus the total length at the end).
/// One piece of a word-level diff between two texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DiffPiece {
    /// In both texts.
    Same(String),
    /// Only in the old text.
    Deleted(String),
    /// Only in the new text.
    Inserted(String),
}

/// A word-level diff of two revisions (lines first, then words, spaces and punctuation),
/// for showing what a correction changed. Adjacent pieces of one kind are joined.
pub fn word_diff(old: &str, new: &str) -> Vec<DiffPiece> {
    let (old_lines, _) = lines(old);
    let (new_lines, _) = lines(new);
    let mut out: Vec<DiffPiece> = Vec::new();
    let mut push = |piece: DiffPiece| {
        let joined = match (out.last_mut(), &piece) {
            (Some(DiffPiece::Same(a)), DiffPiece::Same(b))
            | (Some(DiffPiece::Deleted(a)), DiffPiece::Deleted(b))
            | (Some(DiffPiece::Inserted(a)), DiffPiece::Inserted(b)) => {
                a.push_str(b);
                true
            }
            _ => false,
        };
        if !joined {
            out.push(piece);
        }
    };
    let words = |o: &str, n: &str, push: &mut dyn FnMut(DiffPiece)| {
        let (ot, _) = tokenize(o);
        let (nt, _) = tokenize(n);
        for op in similar::capture_diff_slices(similar::Algorithm::Histogram, &ot, &nt) {
            let (tag, a, b) = op.as_tag_tuple();
            let old_part = ot.get(a).unwrap_or_default().concat();
            let new_part = nt.get(b).unwrap_or_default().concat();
            match tag {
                similar::DiffTag::Equal => push(DiffPiece::Same(old_part)),
                similar::DiffTag::Delete => push(DiffPiece::Deleted(old_part)),
                similar::DiffTag::Insert => push(DiffPiece::Inserted(new_part)),
                similar::DiffTag::Replace => {
                    push(DiffPiece::Deleted(old_part));
                    push(DiffPiece::Inserted(new_part));
                }
            }
        }
    };
    let mut pending: Option<(std::ops::Range<usize>, std::ops::Range<usize>)> = None;
    let ops = similar::capture_diff_slices(similar::Algorithm::Histogram, &old_lines, &new_lines);
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            if let Some((po, pn)) = pending.take() {
                let a = old_lines.get(po).unwrap_or_default().concat();
                let b = new_lines.get(pn).unwrap_or_default().concat();
                words(&a, &b, &mut push);
            }
            push(DiffPiece::Same(
                old_lines.get(o).unwrap_or_default().concat(),
            ));
        } else {
            pending = Some(match pending.take() {
                Some((po, pn)) => (po.start..o.end, pn.start..n.end),
                None => (o, n),
            });
        }
    }
    if let Some((po, pn)) = pending.take() {
        let a = old_lines.get(po).unwrap_or_default().concat();
        let b = new_lines.get(pn).unwrap_or_default().concat();
        words(&a, &b, &mut push);
    }
    out
}

/// Adds a segment, joining adjacent changes (a delete next to an insert) into one replaced
/// region, and adjacent equal stretches into one.
fn push_segment(segments: &mut Vec<Segment>, seg: Segment) {
    if seg.old.is_empty() && seg.new.is_empty() {
        return;
    }
    match segments.last_mut() {
        Some(last) if last.equal == seg.equal && last.old.end == seg.old.start => {
            last.old.end = seg.old.end;
            last.new.end = seg.new.end;
        }
        _ => segments.push(seg),
    }
}

/// Token-level segments of one changed stretch, offset by where it starts in each text.
fn token_segments(
    old: &str,
    new: &str,
    old_base: usize,
    new_base: usize,
    segments: &mut Vec<Segment>,
) {
    let (old_tokens, old_starts) = tokenize(old);
    let (new_tokens, new_starts) = tokenize(new);
    let ops = similar::capture_diff_slices(similar::Algorithm::Histogram, &old_tokens, &new_tokens);
    let at = |starts: &[usize], i: usize| starts.get(i).copied().unwrap_or_default();
    for op in ops {
        let (tag, o, n) = op.as_tag_tuple();
        push_segment(
            segments,
            Segment {
                old: CharRange::new(
                    old_base + at(&old_starts, o.start),
                    old_base + at(&old_starts, o.end),
                ),
                new: CharRange::new(
                    new_base + at(&new_starts, n.start),
                    new_base + at(&new_starts, n.end),
                ),
                equal: tag == similar::DiffTag::Equal,
            },
        );
    }
}

/// Lines of `text`, each with its `\n`, and the char offset where each starts (plus one
/// past the end).
fn lines(text: &str) -> (Vec<&str>, Vec<usize>) {
    let mut out = Vec::new();
    let mut starts = vec![0];
    let mut byte = 0;
    let mut chars = 0;
    for line in text.split_inclusive('\n') {
        out.push(line);
        byte += line.len();
        chars += line.chars().count();
        starts.push(chars);
    }
    debug_assert_eq!(byte, text.len());
    (out, starts)
}

fn tokenize(text: &str) -> (Vec<&str>, Vec<usize>) {
    #[derive(PartialEq, Clone, Copy)]
    enum Kind {
        Word,
        Space,
        Other,
    }
    let kind = |c: char| {
        if c.is_alphanumeric() {
            Kind::Word
        } else if c.is_whitespace() {
            Kind::Space
        } else {
            Kind::Other
        }
    };
    let mut tokens = Vec::new();
    let mut starts = Vec::new();
    let mut token_byte = 0;
    let mut prev: Option<Kind> = None;
    for (char_pos, (byte, c)) in text.char_indices().enumerate() {
        let k = kind(c);
        let joins = prev == Some(k) && k != Kind::Other;
        if !joins {
            if prev.is_some() {
                tokens.push(text.get(token_byte..byte).unwrap_or_default());
            }
            starts.push(char_pos);
            token_byte = byte;
        }
        prev = Some(k);
    }
    if prev.is_some() {
        tokens.push(text.get(token_byte..).unwrap_or_default());
    }
    starts.push(text.chars().count());
    (tokens, starts)
}

/// 1 − (char edit distance / length of the longer text), in 0‥1.
pub fn similarity(a: &str, b: &str) -> f64 {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 1.0;
    }
    let floor = ((1.0 - MIN_SIMILARITY) * longest as f64).ceil() as usize;
    if a.len().abs_diff(b.len()) > floor {
        // Too different in length to pass: skip the quadratic work.
        return 1.0 - a.len().abs_diff(b.len()) as f64 / longest as f64;
    }
    1.0 - levenshtein(&a, &b) as f64 / longest as f64
}

fn levenshtein(a: &[char], b: &[char]) -> usize {
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.iter().enumerate() {
        if let Some(first) = cur.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let substitute = prev.get(j).copied().unwrap_or_default() + usize::from(ca != cb);
            let delete = prev.get(j + 1).copied().unwrap_or_default() + 1;
            let insert = cur.get(j).copied().unwrap_or_default() + 1;
            if let Some(slot) = cur.get_mut(j + 1) {
                *slot = substitute.min(delete).min(insert);
            }
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::anchor::{anchor_at, find_quote};

    const OLD: &str = "Harbour chair Maria Lind said: “The new café pier cost €4 million 😀.”\n\n\
Critics disagreed. 東京 officials said the pier “cost twice that”.\n\n\
Lind added: “The new café pier cost €4 million 😀.” She repeated it.";

    fn anchor(text: &str, quote: &str, n: usize) -> Anchor {
        anchor_at(text, find_quote(text, quote, n).unwrap()).unwrap()
    }

    fn place(old_text: &str, new_text: &str, a: &Anchor) -> Placement {
        Reanchorer::new(old_text, new_text).place(a)
    }

    #[test]
    fn unchanged_text_keeps_every_anchor_in_place() {
        let a = anchor(OLD, "cost twice that", 1);
        let p = place(OLD, OLD, &a);
        assert_eq!(p.state, AnchorState::Placed);
        assert_eq!(p.anchor, a);
    }

    #[test]
    fn insertion_before_quote_moves_it_by_the_inserted_chars() {
        let inserted = "UPDATE — “Corrected” é 😀 東京.\n\n";
        let new = format!("{inserted}{OLD}");
        let a = anchor(OLD, "cost twice that", 1);
        let p = place(OLD, &new, &a);
        assert_eq!(p.state, AnchorState::Moved);
        assert_eq!(p.anchor.quote, a.quote);
        let shift = inserted.chars().count();
        assert_eq!(
            p.anchor.range,
            CharRange::new(a.range.start + shift, a.range.end + shift)
        );
    }

    #[test]
    fn edit_after_quote_leaves_it_placed() {
        let new = OLD.replace("She repeated it.", "She repeated it twice, to reporters.");
        let a = anchor(OLD, "cost twice that", 1);
        let p = place(OLD, &new, &a);
        assert_eq!(p.state, AnchorState::Placed);
        assert_eq!(p.anchor.range, a.range);
    }

    #[test]
    fn repeated_quote_stays_on_its_own_occurrence() {
        let second = anchor(OLD, "The new café pier cost €4 million 😀.", 2);
        let new = OLD.replace(
            "Critics disagreed.",
            "Critics, including two councillors, disagreed.",
        );
        let p = place(OLD, &new, &second);
        assert_eq!(p.state, AnchorState::Moved);
        let expected = find_quote(&new, "The new café pier cost €4 million 😀.", 2).unwrap();
        assert_eq!(p.anchor.range, expected);
    }

    #[test]
    fn word_changed_inside_quote_is_flagged_not_moved_silently() {
        let a = anchor(OLD, "The new café pier cost €4 million 😀.", 1);
        let new = OLD.replacen("cost €4 million", "cost €4.2 million", 1);
        let p = place(OLD, &new, &a);
        assert_eq!(p.state, AnchorState::QuoteChanged);
        assert_eq!(p.anchor.quote, "The new café pier cost €4.2 million 😀.");
        assert!(p.similarity >= MIN_SIMILARITY && p.similarity < 1.0);
    }

    #[test]
    fn deleted_quote_is_orphaned_and_keeps_old_anchor() {
        let a = anchor(OLD, "cost twice that", 1);
        let new = OLD.replace(
            "Critics disagreed. 東京 officials said the pier “cost twice that”.\n\n",
            "",
        );
        let p = place(OLD, &new, &a);
        assert_eq!(p.state, AnchorState::Orphaned);
        assert_eq!(p.anchor, a);
    }

    #[test]
    fn rewritten_quote_is_orphaned_rather_than_placed_on_other_words() {
        let a = anchor(OLD, "cost twice that", 1);
        let new = OLD.replace("“cost twice that”", "was a sensible investment");
        let p = place(OLD, &new, &a);
        assert_eq!(p.state, AnchorState::Orphaned);
    }

    #[test]
    fn reordered_paragraphs_carry_their_quotes() {
        let paragraphs: Vec<&str> = OLD.split("\n\n").collect();
        let new = [paragraphs[1], paragraphs[2], paragraphs[0]].join("\n\n");
        let a = anchor(OLD, "cost twice that", 1);
        let p = place(OLD, &new, &a);
        assert_eq!(p.anchor.quote, "cost twice that");
        assert_eq!(
            p.anchor.range,
            find_quote(&new, "cost twice that", 1).unwrap()
        );
        let first = anchor(OLD, "The new café pier cost €4 million 😀.", 1);
        let p = place(OLD, &new, &first);
        assert_eq!(p.anchor.quote, first.quote);
        assert!(p.anchor.prefix.ends_with("Maria Lind said: “"));
    }

    #[test]
    fn word_diff_marks_changed_words_only() {
        let old = "Intro.\n\nThe pier cost “€4 million”, Lind said.\n\nEnd.";
        let new = "Intro.\n\nThe pier cost “€6.1 million”, Lind said on Tuesday.\n\nEnd.";
        let pieces = word_diff(old, new);
        let deleted: String = pieces
            .iter()
            .filter_map(|p| match p {
                DiffPiece::Deleted(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        let inserted: String = pieces
            .iter()
            .filter_map(|p| match p {
                DiffPiece::Inserted(t) => Some(t.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(deleted, "4");
        assert_eq!(inserted, "6.1 on Tuesday");
        // Both texts can be read back from the pieces.
        let back_old: String = pieces
            .iter()
            .filter_map(|p| match p {
                DiffPiece::Same(t) | DiffPiece::Deleted(t) => Some(t.as_str()),
                DiffPiece::Inserted(_) => None,
            })
            .collect();
        let back_new: String = pieces
            .iter()
            .filter_map(|p| match p {
                DiffPiece::Same(t) | DiffPiece::Inserted(t) => Some(t.as_str()),
                DiffPiece::Deleted(_) => None,
            })
            .collect();
        assert_eq!((back_old.as_str(), back_new.as_str()), (old, new));
    }

    #[test]
    fn tokenizer_counts_chars() {
        let (tokens, starts) = tokenize("Café 😀, 東京!");
        assert_eq!(tokens, ["Café", " ", "😀", ",", " ", "東京", "!"]);
        assert_eq!(starts, [0, 4, 5, 6, 7, 8, 10, 11]);
    }

    #[test]
    fn similarity_bounds() {
        assert!((similarity("abc", "abc") - 1.0).abs() < f64::EPSILON);
        assert!(similarity("abcdefghij", "abcdefghiX") > 0.85);
        assert!(similarity("abc", "xyzxyzxyz") < 0.5);
        assert!((similarity("", "") - 1.0).abs() < f64::EPSILON);
    }
}

#[cfg(test)]
mod properties {
    use proptest::prelude::*;

    use super::*;
    use crate::text::anchor::anchor_at;

    /// Text made of words with multi-byte chars, so byte/char confusion would show.
    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(
            prop::sample::select(vec![
                "the",
                "mayor",
                "said",
                "“café”",
                "é",
                "😀",
                "東京",
                "€4",
                "pier",
                ",",
                ".",
                "\n\n",
                "’s",
            ]),
            5..80,
        )
        .prop_map(|words| words.join(" "))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]

        #[test]
        fn identical_text_places_every_anchor_where_it_was(t in text(), a in 0usize..400, b in 1usize..40) {
            let len = t.chars().count();
            let start = a % len;
            let end = (start + b).min(len);
            prop_assume!(end > start);
            let anchor = anchor_at(&t, CharRange::new(start, end)).unwrap();
            let placed = Reanchorer::new(&t, &t).place(&anchor);
            prop_assert_eq!(placed.state, AnchorState::Placed);
            prop_assert_eq!(placed.anchor, anchor);
        }

        #[test]
        fn edits_outside_the_quote_keep_its_words(
            t in text(), a in 0usize..400, b in 1usize..40, insert in text(), at in 0usize..400
        ) {
            let len = t.chars().count();
            let start = a % len;
            let end = (start + b).min(len);
            prop_assume!(end > start);
            let anchor = anchor_at(&t, CharRange::new(start, end)).unwrap();
            // Insert whole words somewhere outside the quote.
            let insert = format!(" {insert} ");
            let at = if at % 2 == 0 { start.min(at % (start + 1)) } else { end + at % (len - end + 1) };
            let mut new: String = t.chars().take(at).collect();
            new.push_str(&insert);
            new.extend(t.chars().skip(at));
            let placed = Reanchorer::new(&t, &new).place(&anchor);
            // Never other words: either the same words somewhere, or orphaned.
            if placed.state != AnchorState::Orphaned {
                prop_assert!(placed.state != AnchorState::QuoteChanged || placed.similarity >= MIN_SIMILARITY);
                let found: String = new.chars().skip(placed.anchor.range.start).take(placed.anchor.range.len()).collect();
                prop_assert_eq!(&found, &placed.anchor.quote);
            }
            // A quote that is unique in the new text lands exactly on the shifted range.
            if crate::text::anchor::occurrences(&new, &anchor.quote).len() == 1 {
                let shift = if at <= start { insert.chars().count() } else { 0 };
                prop_assert_eq!(placed.anchor.range, CharRange::new(start + shift, end + shift));
                prop_assert_eq!(&placed.anchor.quote, &anchor.quote);
            }
        }
    }
}
