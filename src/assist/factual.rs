//! Check-worthy factual sentences: a quantity that is not a date or a time, weighted for
//! money, percentages and comparison or record words.

use super::segment::{Doc, Kind, Sentence};
use super::*;
use crate::model::CharRange;

pub(super) fn is_year(text: &str) -> bool {
    text.len() == 4 && text.starts_with(['1', '2']) && text.chars().all(|c| c.is_ascii_digit())
}

/// A check-worthy factual sentence: a quantity (not a date or a time) or a comparison or
/// record with a number.
pub(super) fn factual(doc: &Doc, s: &Sentence) -> Option<Found> {
    let last = s.tokens.last()?;
    if !matches!(last.kind, Kind::Punct('.' | '!'))
        || s.tokens.iter().any(|t| matches!(t.kind, Kind::Quote(_)))
    {
        return None;
    }
    let words = s.tokens.iter().filter(|t| t.kind == Kind::Word).count();
    if words < 6 {
        return None;
    }
    let mut quantity = false;
    let mut comparison = false;
    let mut money_or_percent = false;
    for (k, t) in s.tokens.iter().enumerate() {
        match t.kind {
            Kind::Number => {
                let text = doc.tok(*t);
                let prev = low(doc, s, k.wrapping_sub(1));
                let next = low(doc, s, k + 1);
                let month = |w: &str| w == "may" || (lexicon::is_time_word(w) && w.len() > 4);
                let date = is_year(&text)
                    || month(prev)
                    || month(next)
                    || text.contains(':')
                    || lexicon::is_time_word(prev)
                        && prev != "the"
                        && prev != "this"
                        && prev != "on"
                    || lexicon::is_time_word(next)
                        && !matches!(next, "the" | "on" | "also" | "this")
                    || matches!(next, "a.m" | "p.m" | "am" | "pm" | "utc" | "gmt");
                if !date {
                    quantity = true;
                }
                if text.ends_with('%')
                    || ["percent", "per", "million", "billion", "bn", "m"].contains(&next)
                {
                    money_or_percent = true;
                }
            }
            Kind::Punct('€' | '$' | '£' | '¥' | '%') => money_or_percent = true,
            Kind::Word => {
                let w = doc.low(*t);
                if lexicon::is_number_word(w)
                    && !matches!(
                        w,
                        "one" | "half" | "third" | "quarter" | "double" | "triple"
                    )
                {
                    quantity = true;
                }
                if lexicon::is_comparison(w)
                    && !matches!(
                        w,
                        "more"
                            | "than"
                            | "first"
                            | "only"
                            | "most"
                            | "per"
                            | "cut"
                            | "cuts"
                            | "times"
                    )
                {
                    comparison = true;
                }
            }
            _ => {}
        }
    }
    let score: f32 = if quantity { 0.4 } else { 0.0 }
        + if money_or_percent { 0.15 } else { 0.0 }
        + if comparison { 0.15 } else { 0.0 };
    if !quantity || score < 0.4 {
        return None;
    }
    let (start, end) = trim_inner(doc, (s.start, s.end));
    Some(Found {
        range: CharRange::new(start, end),
        kind: SuggestionKind::FactualStatement,
        entity: None,
        evidence: None,
        confidence: score.min(0.65),
        cue: String::new(),
        priority: 3,
        reported_by: None,
    })
}
