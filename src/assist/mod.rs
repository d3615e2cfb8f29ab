//! The claim assistant: reads an article and proposes the statements worth checking, with
//! who made them. Direct quotations and reported speech with their attribution ("X said",
//! "said X", "according to X", a quote whose speaker is named after it or in the sentence
//! before), and check-worthy factual sentences (numbers, quantities, comparisons, records).
//!
//! Rule-based and offline: word lists ([`lexicon`]), a segmenter that knows news typography
//! ([`segment`]) and a resolver that turns "Ms Lind", "the chair" and "she" into the person
//! an article introduced ([`speaker`]). Depends on [`crate::model`] only; suggestions are
//! proposals: nothing here writes anything.

pub mod eval;
mod lexicon;
mod segment;
mod speaker;

use serde::Serialize;

use crate::model::CharRange;
use segment::{Doc, Kind, Sentence, fold};
use speaker::{Mention, Registry};

/// What a suggestion is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuggestionKind {
    /// Words inside quotation marks, attributed to someone.
    DirectQuote,
    /// What someone said, in the reporter's words ("Lind said the pier would open in May").
    ReportedSpeech,
    /// A sentence with numbers, quantities, comparisons or records, attributed to no one.
    FactualStatement,
}

impl SuggestionKind {
    /// Short label for lists and reports.
    pub const fn label(self) -> &'static str {
        match self {
            Self::DirectQuote => "quote",
            Self::ReportedSpeech => "reported",
            Self::FactualStatement => "factual",
        }
    }
}

/// A speaker already in the workspace, so suggestions reuse it.
#[derive(Debug, Clone, Default)]
pub struct KnownSpeaker {
    /// Canonical name.
    pub name: String,
    /// Other names.
    pub aliases: Vec<String>,
}

/// Who a suggestion is by.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestedSpeaker {
    /// Full name ("Maria Lind"), or the workspace speaker's canonical name when it is known.
    pub name: String,
    /// Title or role from the article ("Harbour Authority chair").
    pub role: String,
    /// An organisation rather than a person.
    pub organisation: bool,
    /// Other names the article uses for it ("Lind", "Ms Lind").
    pub aliases: Vec<String>,
    /// The words at the attribution ("she", "the chair", "said Lind").
    pub mention: String,
    /// True when it matched a speaker already in the workspace.
    pub known: bool,
}

/// A proposed claim.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The statement's chars in the article.
    pub range: CharRange,
    /// Quote, reported speech or factual statement.
    pub kind: SuggestionKind,
    /// Who made it, when the article says.
    pub speaker: Option<SuggestedSpeaker>,
    /// 0–1: how sure the assistant is of the statement and its speaker together.
    pub confidence: f32,
    /// The attribution words it relied on ("said", "according to"), empty for factual ones.
    pub cue: String,
}

/// The words of a text for loose comparison, as hashes of their folded forms (lower case,
/// no diacritics, letters and digits only). No allocation for ASCII text: "also in" runs it
/// over every claim of a workspace.
pub fn word_keys(text: &str) -> Vec<u64> {
    const PRIME: u64 = 0x0100_0000_01b3;
    let mut keys = Vec::new();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut in_word = false;
    let mix = |hash: &mut u64, c: char| {
        *hash ^= u64::from(c);
        *hash = hash.wrapping_mul(PRIME);
    };
    for c in text.chars() {
        if c.is_alphanumeric() {
            in_word = true;
            if c.is_ascii() {
                mix(&mut hash, c.to_ascii_lowercase());
            } else {
                for f in fold(c.encode_utf8(&mut [0; 4])).chars() {
                    mix(&mut hash, f);
                }
            }
        } else if in_word {
            keys.push(hash);
            hash = 0xcbf2_9ce4_8422_2325;
            in_word = false;
        }
    }
    if in_word {
        keys.push(hash);
    }
    keys
}

/// Suggestions for `text`, sorted by position and never overlapping. `known` are the
/// workspace's speakers, reused by name or alias.
pub fn suggest(text: &str, known: &[KnownSpeaker]) -> Vec<Suggestion> {
    let doc = Doc::new(text);
    let mut reg = Registry::prepass(&doc);
    let mut found: Vec<Found> = Vec::new();
    let mut sentence_no = 0usize;
    let mut prev_para_speaker: Option<(usize, f32)> = None;
    let mut prev_para_colon = false;
    for p in &doc.paragraphs {
        let mut prev_quote_speaker: Option<(usize, f32)> = None;
        let mut prev_subject: Option<(Mention, usize)> = None;
        let mut skip_next = false;
        let sentences = &p.sentences;
        for (si, s) in sentences.iter().enumerate() {
            sentence_no += 1;
            reg.start_sentence(s.start);
            if std::mem::take(&mut skip_next) {
                continue;
            }
            let attrs = attributions(&doc, s);
            let mut quoted_any = false;
            for (qi, t) in s.tokens.iter().enumerate() {
                let Kind::Quote(q) = t.kind else { continue };
                let Some(quote) = p.quotes.get(q) else {
                    continue;
                };
                let inner = trim_inner(&doc, quote.inner);
                let n_words = word_count(&doc, inner);
                if n_words == 0 || is_title(&doc, s, qi) {
                    continue;
                }
                let best = attrs
                    .iter()
                    .filter(|a| a.verb_idx != qi)
                    .min_by_key(|a| a.verb_idx.abs_diff(qi));
                if n_words == 1 {
                    // One quoted word (he “can” and “may”) is emphasis, not a statement.
                    continue;
                }
                let short = n_words <= 3;
                let (speaker, base, cue) = if let Some(a) = best {
                    let near = a.verb_idx.abs_diff(qi) <= 5 || a.how == How::AccordingTo;
                    if short && !near {
                        continue;
                    }
                    let base = match a.how {
                        How::Inverted | How::Subject => 0.9,
                        How::AccordingTo | How::By => 0.85,
                    };
                    let r = reg.resolve(&a.mention, a.np_start, Some(sentence_no));
                    (r, base, a.cue.clone())
                } else if qi == 0 && (!short || prev_quote_speaker.is_some()) {
                    // A free-standing quotation: the speaker is named in the next sentence
                    // ("Lind said."), or spoke just before, or introduced it with a colon.
                    let next = sentences
                        .get(si + 1)
                        .and_then(|n| bare_attribution(&doc, n));
                    if let Some(a) = next {
                        skip_next = true;
                        (
                            reg.resolve(&a.mention, a.np_start, Some(sentence_no)),
                            0.85,
                            a.cue,
                        )
                    } else if let Some(sp) = prev_quote_speaker {
                        (Some(sp), 0.7, "continues".into())
                    } else if let Some((m, pos)) = prev_subject.clone() {
                        (
                            reg.resolve(&m, pos, Some(sentence_no)),
                            0.6,
                            "subject before".into(),
                        )
                    } else if si == 0 && (prev_para_speaker.is_some() || prev_para_colon) {
                        (prev_para_speaker, 0.55, "continues".into())
                    } else {
                        continue;
                    }
                } else {
                    continue;
                };
                let Some((entity, sure)) = speaker else {
                    continue;
                };
                let confidence = base * sure * if short { 0.85 } else { 1.0 };
                prev_quote_speaker = Some((entity, sure));
                quoted_any = true;
                found.push(Found {
                    range: CharRange::new(inner.0, inner.1),
                    kind: SuggestionKind::DirectQuote,
                    entity: Some(entity),
                    mention: String::new(),
                    confidence,
                    cue,
                    priority: if short { 2 } else { 0 },
                });
            }
            if let Some(f) = reported(&doc, s, &attrs, &mut reg, sentence_no) {
                if !quoted_any {
                    prev_quote_speaker = f.entity.map(|e| (e, 0.9));
                }
                found.push(f);
            } else if !quoted_any && let Some(f) = factual(&doc, s) {
                found.push(f);
            }
            let subjects = leading_subject(&doc, s);
            prev_subject = subjects.first().cloned();
            let pronouns = |set: &[&str]| s.tokens.iter().any(|t| set.contains(&doc.low(*t)));
            let she = pronouns(&["she", "her", "hers", "herself"]);
            let he = pronouns(&["he", "him", "his", "himself"]);
            reg.prefer(subjects, (she != he).then_some(she));
        }
        prev_para_speaker = prev_quote_speaker;
        prev_para_colon = p
            .sentences
            .last()
            .and_then(|s| s.tokens.last())
            .is_some_and(|t| t.kind == Kind::Punct(':'))
            || p.quotes.last().is_some_and(|q| q.runs_on);
    }
    finish(&doc, &reg, found, known)
}

struct Found {
    range: CharRange,
    kind: SuggestionKind,
    entity: Option<usize>,
    mention: String,
    confidence: f32,
    cue: String,
    priority: u8,
}

fn finish(
    doc: &Doc,
    reg: &Registry,
    mut found: Vec<Found>,
    known: &[KnownSpeaker],
) -> Vec<Suggestion> {
    found.sort_by_key(|f| (f.priority, f.range.start));
    // Kept ranges never overlap, so by start they are also ordered by end: the neighbours
    // of a new range are the only ones it can overlap.
    let mut taken: std::collections::BTreeMap<usize, usize> = std::collections::BTreeMap::new();
    let mut kept: Vec<Found> = Vec::new();
    for f in found {
        let r = f.range;
        let before = taken
            .range(..r.end)
            .next_back()
            .is_some_and(|(_, end)| *end > r.start);
        if r.is_empty() || before {
            continue;
        }
        taken.insert(r.start, r.end);
        kept.push(f);
    }
    kept.sort_by_key(|f| f.range.start);
    let known_keys: Vec<(String, &KnownSpeaker)> = known
        .iter()
        .flat_map(|k| {
            std::iter::once(fold(&k.name))
                .chain(k.aliases.iter().map(|a| fold(a)))
                .map(move |key| (key, k))
        })
        .collect();
    kept.into_iter()
        .map(|f| {
            let speaker = f.entity.and_then(|i| reg.entities.get(i)).map(|e| {
                let key = fold(&e.name);
                let by_alias = || {
                    e.aliases.iter().find_map(|a| {
                        let k = fold(a);
                        known_keys.iter().find(|(kk, _)| *kk == k).map(|(_, s)| *s)
                    })
                };
                let hit = known_keys
                    .iter()
                    .find(|(k, _)| *k == key)
                    .map(|(_, s)| *s)
                    .or_else(by_alias);
                let mut aliases: Vec<String> = e
                    .aliases
                    .iter()
                    .filter(|a| fold(a) != key && a.chars().next().is_some_and(char::is_uppercase))
                    .cloned()
                    .collect();
                aliases.sort();
                aliases.dedup();
                SuggestedSpeaker {
                    name: hit.map_or_else(|| e.name.clone(), |k| k.name.clone()),
                    role: e.role.clone(),
                    organisation: e.org,
                    aliases,
                    mention: f.mention.clone(),
                    known: hit.is_some(),
                }
            });
            let _ = doc;
            Suggestion {
                range: f.range,
                kind: f.kind,
                speaker,
                confidence: (f.confidence * 100.0).round() / 100.0,
                cue: f.cue,
            }
        })
        .collect()
}

/// How an attribution names its speaker.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum How {
    /// "… ,” said Lind".
    Inverted,
    /// "Lind said".
    Subject,
    /// "according to Lind".
    AccordingTo,
    /// "described as … by police".
    By,
}

#[derive(Debug, Clone)]
struct Attribution {
    mention: Mention,
    np_start: usize,
    /// The verb's token index in the sentence.
    verb_idx: usize,
    /// The token index where the noun phrase ends (exclusive) or starts, for clauses.
    np_tokens: (usize, usize),
    how: How,
    cue: String,
}

impl Attribution {
    fn new(
        s: &Sentence,
        mention: Mention,
        np: (usize, usize),
        verb_idx: usize,
        how: How,
        cue: String,
    ) -> Self {
        Self {
            mention,
            np_start: tok_start(s, np.0),
            verb_idx,
            np_tokens: np,
            how,
            cue,
        }
    }
}

fn word_count(doc: &Doc, (s, e): (usize, usize)) -> usize {
    let mut n = 0;
    let mut in_word = false;
    for i in s..e {
        let w = doc.at(i).is_some_and(char::is_alphanumeric);
        if w && !in_word {
            n += 1;
        }
        in_word = w;
    }
    n
}

/// The quote's words without the comma and spaces at its edges ("…justice," → "…justice").
fn trim_inner(doc: &Doc, (mut s, mut e): (usize, usize)) -> (usize, usize) {
    while s < e && doc.at(s).is_some_and(char::is_whitespace) {
        s += 1;
    }
    while e > s
        && doc
            .at(e - 1)
            .is_some_and(|c| c.is_whitespace() || matches!(c, ',' | ';' | ':'))
    {
        e -= 1;
    }
    (s, e)
}

fn low<'a>(doc: &'a Doc, s: &Sentence, i: usize) -> &'a str {
    s.tokens.get(i).map_or("", |t| doc.low(*t))
}

fn is_word(s: &Sentence, i: usize) -> bool {
    s.tokens.get(i).is_some_and(|t| t.kind == Kind::Word)
}

fn is_punct(s: &Sentence, i: usize, c: char) -> bool {
    s.tokens.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
}

fn is_quote(s: &Sentence, i: usize) -> bool {
    s.tokens
        .get(i)
        .is_some_and(|t| matches!(t.kind, Kind::Quote(_)))
}

/// A quotation that names something: a title after "the book", a nickname after
/// "dubbed", a scare-quoted term after "so-called".
fn is_title(doc: &Doc, s: &Sentence, qi: usize) -> bool {
    let Some(prev) = qi.checked_sub(1) else {
        return false;
    };
    let w = low(doc, s, prev);
    let q = s.tokens.get(qi).copied();
    if let Some(q) = q {
        let words: Vec<String> = doc
            .text(q.start, q.end)
            .split(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}')
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect();
        let small = ["of", "the", "and", "a", "an", "in", "on", "for", "to", "at"];
        let title_case = words.len() <= 4
            && words
                .iter()
                .any(|w| w.chars().next().is_some_and(char::is_uppercase))
            && words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase) || small.contains(&w.as_str())
            });
        // "a program … called “Learning Together”" names it; "Trump called it “Fake News”"
        // says something.
        let naming = matches!(w, "called" | "named" | "dubbed" | "titled" | "entitled")
            && !matches!(
                low(doc, s, prev.wrapping_sub(1)),
                "it" | "them" | "him" | "her" | "this" | "that" | "they" | "he" | "she"
            );
        if title_case && ((!lexicon::is_speech_verb(w) && w != "as") || naming) {
            // “Learning Together”, “Harbour Lights”: a name or a title.
            return true;
        }
    }
    let question = s
        .tokens
        .get(qi)
        .is_some_and(|t| doc.at(t.end.saturating_sub(2)) == Some('?'));
    (w == "asked" && question)
        || w == "so-called"
        || (lexicon::is_title_cue(w) && !lexicon::is_speech_verb(w))
}

/// The noun phrase that ends just before token `end` (exclusive): names, titles, roles and
/// possessives, or an apposition closed by a comma ("Nancy Pelosi, the Speaker of the
/// House," / "the company's chief executive, Anna Berg,").
fn np_before(doc: &Doc, s: &Sentence, end: usize) -> Option<(usize, usize)> {
    // "Thomas Gray, 24, who …": an age between commas.
    if end >= 3
        && is_punct(s, end - 1, ',')
        && matches!(s.tokens.get(end - 2).map(|t| t.kind), Some(Kind::Number))
        && is_punct(s, end - 3, ',')
    {
        return walk_back(doc, s, end - 3);
    }
    if end > 0 && is_punct(s, end - 1, ',') {
        let inner = walk_back(doc, s, end - 1)?;
        let open = inner.0.checked_sub(1).filter(|c| is_punct(s, *c, ','));
        return match open.and_then(|o| walk_back(doc, s, o)) {
            Some(head) => Some((head.0, end - 1)),
            // "The other, Anders Kvist, said": the apposition alone.
            None => Some(inner),
        };
    }
    walk_back(doc, s, end)
}

fn walk_back(doc: &Doc, s: &Sentence, end: usize) -> Option<(usize, usize)> {
    let mut j = end;
    let mut start = end;
    let mut words = 0;
    while j > 0 {
        let k = j - 1;
        let Some(t) = s.tokens.get(k) else { break };
        match t.kind {
            Kind::Word => {
                let w = doc.low(*t);
                let cap = doc.is_cap(*t);
                if words == 0 && lexicon::is_pronoun(w) {
                    return Some((k, end));
                }
                let ok = if cap {
                    !lexicon::is_not_name_cap(w)
                } else {
                    lexicon::is_role_word(w)
                        || lexicon::is_org_noun(w)
                        || lexicon::is_document_noun(w)
                        || (words > 0
                            && [
                                "of", "the", "for", "to", "in", "at", "and", "a", "an", "&", "bin",
                                "al", "de", "van", "von", "da", "del", "la", "le", "ibn",
                                "current", "then", "new", "interim", "outgoing", "incoming",
                                "longtime", "own", "local", "top", "lead",
                            ]
                            .contains(&w))
                        || w.ends_with("'s")
                };
                if !ok {
                    break;
                }
                words += 1;
                start = k;
                j = k;
                if words > 14 {
                    break;
                }
            }
            Kind::Punct('.')
                if k > 0
                    && s.tokens
                        .get(k - 1)
                        .is_some_and(|p| p.end == t.start && is_abbrev(doc.low(*p))) =>
            {
                j = k;
            }
            Kind::Punct(')') => {
                // "the Syrian Democratic Forces (SDF)": skip the bracket.
                match (0..k).rev().find(|i| is_punct(s, *i, '(')) {
                    Some(o) if k - o <= 4 => j = o,
                    _ => break,
                }
            }
            _ => break,
        }
    }
    // Do not start on a connector.
    while start < end && ["of", "and", "for", "to", "in", "at"].contains(&low(doc, s, start)) {
        start += 1;
    }
    (start < end && words > 0).then_some((start, end))
}

/// Skips a parenthetical clause before a verb ("McGurk, who was …, criticized"): returns
/// the index just after the subject.
fn skip_parenthetical_back(doc: &Doc, s: &Sentence, mut j: usize) -> usize {
    loop {
        while j > 0 && is_word(s, j - 1) && lexicon::skips_before_verb(low(doc, s, j - 1)) {
            j -= 1;
        }
        if j == 0 || !is_punct(s, j - 1, ',') {
            return j;
        }
        // Find the opening comma of "…, who was …," or "…, also on Twitter,".
        let close = j - 1;
        // "Gabe Sorensen, who runs a chain of bakeries in Columbus, Ohio, posted": a
        // relative clause may hold commas of its own.
        if let Some(rel) = (close.saturating_sub(22)..close).rev().find(|i| {
            is_punct(s, *i, ',') && matches!(low(doc, s, *i + 1), "who" | "which" | "whose")
        }) {
            j = rel;
            continue;
        }
        let Some(open) = (close.saturating_sub(22)..close)
            .rev()
            .find(|i| is_punct(s, *i, ','))
        else {
            return j;
        };
        let first = low(doc, s, open + 1);
        let relative = [
            "who",
            "which",
            "whose",
            "also",
            "speaking",
            "writing",
            "in",
            "on",
            "at",
            "during",
            "after",
            "when",
            "while",
            "however",
            "too",
            "meanwhile",
            "though",
            "earlier",
            "later",
            "for",
            "like",
            "as",
        ]
        .contains(&first);
        // An apposition ("Lind, the chair,") belongs to the subject; any other clause
        // between commas ("Lind, asked whether …,") is skipped.
        let apposition = walk_back(doc, s, close).is_some_and(|(a, _)| a == open + 1);
        if apposition && !relative {
            return j;
        }
        j = open;
    }
}

/// The noun phrase that starts at token `start`, walking forward.
fn np_after(doc: &Doc, s: &Sentence, start: usize) -> Option<(usize, usize)> {
    let mut j = start;
    let mut words = 0;
    let mut end = start;
    while let Some(t) = s.tokens.get(j) {
        match t.kind {
            Kind::Word => {
                let w = doc.low(*t);
                let cap = doc.is_cap(*t);
                let ok = cap
                    && !(words == 0 && lexicon::is_not_name_cap(w) && !lexicon::is_pronoun(w))
                    || lexicon::is_role_word(w)
                    || lexicon::is_org_noun(w)
                    || (["the", "a", "an"].contains(&w) && words == 0)
                    || (words > 0
                        && [
                            "of", "the", "for", "in", "at", "and", "&", "bin", "al", "de", "van",
                            "von", "da", "del", "la", "le",
                        ]
                        .contains(&w))
                    || w.ends_with("'s")
                    || (words == 0 && lexicon::is_pronoun(w));
                if !ok {
                    break;
                }
                words += 1;
                j += 1;
                if !["of", "the", "for", "in", "at", "and", "a", "an"].contains(&w) {
                    end = j;
                }
                if words == 1 && lexicon::is_pronoun(w) {
                    return Some((start, end));
                }
                if words > 14 {
                    break;
                }
            }
            Kind::Punct('.')
                if j > 0
                    && s.tokens
                        .get(j - 1)
                        .is_some_and(|p| p.end == t.start && is_abbrev(doc.low(*p)))
                    && s.tokens.get(j + 1).is_some_and(|n| doc.is_cap(*n)) =>
            {
                j += 1;
            }
            Kind::Punct('(') => {
                let close = (j..(j + 5).min(s.tokens.len())).find(|i| is_punct(s, *i, ')'));
                match close {
                    Some(c) => {
                        j = c + 1;
                        end = j;
                    }
                    None => break,
                }
            }
            Kind::Punct(',') if words > 0 => {
                // "said Lind, the harbour chair," or "according to the mayor, Dee Margo,":
                // take the apposition when a name or a "the …" role follows.
                let next = low(doc, s, j + 1);
                let next_cap = s.tokens.get(j + 1).is_some_and(|t| doc.is_cap(*t))
                    && !lexicon::is_not_name_cap(next);
                if (next == "the" || next_cap) && !matches!(next, "who" | "which") {
                    let save = (j, end, words);
                    j += 1;
                    let mut inner = 0;
                    while let Some(t) = s.tokens.get(j) {
                        if t.kind != Kind::Word {
                            break;
                        }
                        let w = doc.low(*t);
                        let ok = doc.is_cap(*t)
                            || lexicon::is_role_word(w)
                            || ["of", "the", "for", "in", "and"].contains(&w)
                            || w.ends_with("'s");
                        if !ok {
                            break;
                        }
                        j += 1;
                        inner += 1;
                    }
                    let closed = s
                        .tokens
                        .get(j)
                        .is_none_or(|t| matches!(t.kind, Kind::Punct(',' | '.' | ';' | ':' | ')')));
                    if inner > 0 && inner < 10 && closed {
                        end = j;
                        words += inner;
                        continue;
                    }
                    (_, end, words) = save;
                }
                break;
            }
            _ => break,
        }
    }
    (words > 0 && end > start).then_some((start, end))
}

fn is_abbrev(w: &str) -> bool {
    lexicon::is_abbreviation(w) || w.contains('.')
}

fn mention_of(doc: &Doc, s: &Sentence, (a, b): (usize, usize)) -> Option<Mention> {
    let toks = s.tokens.get(a..b)?;
    let m = speaker::parse(&speaker::words(doc, toks))?;
    Some(m)
}

fn tok_start(s: &Sentence, i: usize) -> usize {
    s.tokens.get(i).map_or(s.start, |t| t.start)
}

/// Every attribution in a sentence: speech verbs with their subject (before the verb or,
/// inverted, after it), "according to X", and "… by X".
fn attributions(doc: &Doc, s: &Sentence) -> Vec<Attribution> {
    let mut out = Vec::new();
    let has_quote = s.tokens.iter().any(|t| matches!(t.kind, Kind::Quote(_)));
    for (k, t) in s.tokens.iter().enumerate() {
        if t.kind != Kind::Word {
            continue;
        }
        let w = doc.low(*t);
        if k > 0 && doc.is_cap(*t) {
            // "the United States": a capitalised word mid-sentence is a name, not a verb.
            continue;
        }
        if w == "according" && low(doc, s, k + 1) == "to" {
            let mut from = k + 2;
            // "according to a statement released by X", "data from X", "a spokesperson for X".
            let upto = (from + 8).min(s.tokens.len());
            if let Some(by) =
                (from..upto).find(|i| ["by", "from", "for", "of"].contains(&low(doc, s, *i)))
            {
                // "figures published by X", "a statement released by X", "data from X".
                let source = (from..by)
                    .filter(|i| is_word(s, *i))
                    .map(|i| low(doc, s, i))
                    .any(|w| {
                        lexicon::is_document_noun(w)
                            || matches!(
                                w,
                                "spokesperson"
                                    | "spokesman"
                                    | "spokeswoman"
                                    | "figures"
                                    | "data"
                                    | "analysis"
                                    | "estimates"
                                    | "reports"
                            )
                    });
                if source {
                    from = by + 1;
                }
            }
            // "according to a preliminary incident report Lumora published": the
            // publisher named right after the document.
            if let Some(doc_noun) =
                (from..upto).find(|i| lexicon::is_document_noun(low(doc, s, *i)))
                && s.tokens.get(doc_noun + 1).is_some_and(|t| doc.is_cap(*t))
                && !(from..doc_noun).any(|i| s.tokens.get(i).is_some_and(|t| doc.is_cap(*t)))
            {
                from = doc_noun + 1;
            }
            if let Some(np) = np_after(doc, s, from)
                && let Some(m) = mention_of(doc, s, np)
            {
                out.push(Attribution::new(
                    s,
                    m,
                    np,
                    k,
                    How::AccordingTo,
                    "according to".into(),
                ));
            }
            continue;
        }
        let speech = lexicon::is_speech_verb(w);
        let stance = !speech
            && lexicon::is_stance_verb(w)
            && has_quote
            && (k + 1..(k + 8).min(s.tokens.len())).any(|i| is_quote(s, i));
        if !speech && !stance {
            continue;
        }
        // Words used as nouns or adjectives ("a report", "the said"): a verb follows a
        // subject or a quote, or starts an inverted attribution.
        if [
            "call",
            "calls",
            "report",
            "reports",
            "post",
            "posts",
            "note",
            "notes",
            "state",
            "states",
            "claim",
            "claims",
            "answer",
            "tweet",
            "tweets",
            "comment",
            "estimate",
            "estimates",
            "promise",
            "vow",
            "cut",
        ]
        .contains(&w)
            && k > 0
            && [
                "the", "a", "an", "his", "her", "their", "its", "this", "that",
            ]
            .contains(&low(doc, s, k - 1))
        {
            continue;
        }
        let before = skip_parenthetical_back(doc, s, k);
        let after_quote = before > 0
            && (is_quote(s, before - 1)
                || (is_punct(s, before - 1, ',') && before >= 2 && is_quote(s, before - 2)));
        if w == "quoted"
            && let Some(np) = np_after(doc, s, k + 1)
            && low(doc, s, np.1) == "as"
            && let Some(m) = mention_of(doc, s, np)
        {
            // "…,” the statement quoted chief executive Graham Pike as saying.
            out.push(Attribution::new(
                s,
                m,
                np,
                k,
                How::Inverted,
                "quoted as saying".into(),
            ));
            continue;
        }
        if lexicon::is_invertible(w)
            && (after_quote || before == 0)
            && w != "told"
            && let Some(np) = np_after(doc, s, k + 1)
            && let Some(m) = mention_of(doc, s, np)
        {
            out.push(Attribution::new(
                s,
                m,
                np,
                k,
                How::Inverted,
                format!(
                    "{w} {}",
                    doc.text(
                        tok_start(s, np.0),
                        s.tokens.get(np.1 - 1).map_or(0, |t| t.end)
                    )
                ),
            ));
            continue;
        }
        let prev = low(doc, s, before.saturating_sub(1));
        let passive = k > 0
            && ["was", "were", "been", "be", "is", "are", "being"].contains(&low(doc, s, k - 1));
        if passive && let Some(a) = by_agent(doc, s, k, w) {
            // "who was described as “knife-obsessed” by the police".
            out.push(a);
            continue;
        }
        let participle = w.ends_with("ing") && before > 0 && is_punct(s, before - 1, ',');
        if participle
            && np_before(doc, s, before).is_none()
            && let Some(last) = out.last().cloned()
        {
            // "…,” she said, asking Cengiz to be “patient”": the same speaker.
            out.push(Attribution {
                verb_idx: k,
                cue: w.to_string(),
                ..last
            });
            continue;
        }
        let subject = if prev == "who" && before > 1 {
            // "tour manager Thomas Gray, 24, who cited …": the noun before "who".
            np_before(doc, s, before - 1)
        } else {
            np_before(doc, s, before)
        };
        let subject = subject.or_else(|| {
            // "… opposed the withdrawal and said …", "…, stating, “…”": the sentence's subject.
            (before > 0 && (prev == "and" || prev == "but" || participle))
                .then(|| leading_np(doc, s))
                .flatten()
        });
        if let Some(np) = subject
            && let Some(m) = mention_of(doc, s, np)
        {
            out.push(Attribution::new(s, m, np, k, How::Subject, w.to_string()));
            continue;
        }
        if let Some(a) = by_agent(doc, s, k, w) {
            out.push(a);
        }
    }
    out
}

/// "described as “…” by police": the agent after "by".
fn by_agent(doc: &Doc, s: &Sentence, k: usize, w: &str) -> Option<Attribution> {
    let by = (k + 1..(k + 6).min(s.tokens.len())).find(|i| low(doc, s, *i) == "by")?;
    let np = np_after(doc, s, by + 1)?;
    let m = mention_of(doc, s, np)?;
    Some(Attribution::new(s, m, np, k, How::By, format!("{w} by")))
}

/// The noun phrase a sentence opens with, after an opening adverbial clause.
fn leading_np(doc: &Doc, s: &Sentence) -> Option<(usize, usize)> {
    let mut start = 0;
    let first = low(doc, s, 0);
    if lexicon::is_not_name_cap(first) && !lexicon::is_pronoun(first) && first != "the" {
        // "On Tuesday, Lind …", "Speaking to reporters, she …".
        let comma = (0..s.tokens.len().min(12)).find(|i| is_punct(s, *i, ','))?;
        start = comma + 1;
    }
    let np = np_after(doc, s, start)?;
    // The subject must be followed by its verb (a lower-case word), not be the whole sentence.
    let next = s.tokens.get(np.1)?;
    ((next.kind == Kind::Word && !doc.is_cap(*next)) || next.kind == Kind::Punct(',')).then_some(np)
}

/// The subject of a sentence that has one, as a mention, for a quotation that follows it.
fn leading_subject(doc: &Doc, s: &Sentence) -> Vec<(Mention, usize)> {
    let mut out = Vec::new();
    if let Some(np) = leading_np(doc, s)
        && let Some(m) = mention_of(doc, s, np)
        && !matches!(&m, Mention::Role { org: false, words, .. } if words.len() > 3)
    {
        out.push((m, tok_start(s, np.0)));
    }
    // "…, and the mayor, Benoît Lachance, has tried …": subjects of later clauses too.
    for (i, t) in s.tokens.iter().enumerate() {
        let joins = matches!(t.kind, Kind::Punct(';'))
            || (matches!(doc.low(*t), "and" | "but") && is_punct(s, i.wrapping_sub(1), ','));
        if joins
            && let Some(np) = np_after(doc, s, i + 1)
            && s.tokens.get(np.1).is_some_and(|n| {
                (n.kind == Kind::Word && !doc.is_cap(*n)) || n.kind == Kind::Punct(',')
            })
            && let Some(m) = mention_of(doc, s, np)
        {
            out.push((m, tok_start(s, np.0)));
        }
    }
    // "PBS revealed that in December, Crown Prince Mohammad bin Salman accepted …": the
    // subject of the reported clause is the next sentence's "he" as often as the reporter.
    if let Some(that) = s.tokens.iter().position(|t| doc.low(*t) == "that") {
        let mut from = that + 1;
        let comma = (from..(from + 6).min(s.tokens.len())).find(|i| is_punct(s, *i, ','));
        if let Some(c) = comma {
            from = c + 1;
        }
        if let Some(np) = np_after(doc, s, from)
            && s.tokens
                .get(np.1)
                .is_some_and(|t| t.kind == Kind::Word && !doc.is_cap(*t))
            && let Some(m) = mention_of(doc, s, np)
        {
            out.push((m, tok_start(s, np.0)));
        }
    }
    out
}

/// "Lind said." or "Graham continued." standing alone after a quotation.
fn bare_attribution(doc: &Doc, s: &Sentence) -> Option<Attribution> {
    if s.tokens.iter().any(|t| matches!(t.kind, Kind::Quote(_))) {
        return None;
    }
    let words = s.tokens.iter().filter(|t| t.kind == Kind::Word).count();
    if words > 8 {
        return None;
    }
    attributions(doc, s).into_iter().find(|a| {
        let tail_ok = s
            .tokens
            .iter()
            .skip(a.verb_idx.max(a.np_tokens.1 - 1) + 1)
            .all(|t| match t.kind {
                Kind::Word => {
                    lexicon::is_time_word(doc.low(*t))
                        || ["to", "reporters", "in", "a", "statement", "at", "on"]
                            .contains(&doc.low(*t))
                }
                Kind::Number => true,
                Kind::Punct(_) => true,
                Kind::Quote(_) => false,
            });
        tail_ok && matches!(a.how, How::Subject | How::Inverted)
    })
}

/// Reported speech: "Lind said the pier would open in May", "According to police, …",
/// "…, the ministry said."
fn reported(
    doc: &Doc,
    s: &Sentence,
    attrs: &[Attribution],
    reg: &mut Registry,
    sentence_no: usize,
) -> Option<Found> {
    let n = s.tokens.len();
    // Headlines and captions (no closing stop) hold no reported speech: the body says it.
    let closed = s.tokens.last().is_some_and(|t| {
        matches!(t.kind, Kind::Punct('.' | '!' | '?' | '…' | ')'))
            || matches!(t.kind, Kind::Quote(_))
    });
    if !closed {
        return None;
    }
    let end_tok = (0..n)
        .rev()
        .find(|i| {
            !matches!(
                s.tokens.get(*i).map(|t| t.kind),
                Some(Kind::Punct('.' | '!' | '?' | '…' | ')' | ']'))
            )
        })
        .map_or(0, |i| i + 1);
    for a in attrs {
        let verb = low(doc, s, a.verb_idx);
        let negated = (a.verb_idx.saturating_sub(3)..a.verb_idx).any(|i| {
            matches!(
                low(doc, s, i),
                "not" | "never" | "declined" | "refused" | "n't"
            ) || low(doc, s, i).ends_with("n't")
        });
        if negated {
            // "would not say whether …", "declined to say": nothing was said.
            continue;
        }
        let (from, to) = match a.how {
            How::AccordingTo => {
                if a.verb_idx == 0
                    || (a.verb_idx <= 3 && is_punct(s, a.verb_idx.saturating_sub(1), ','))
                {
                    // "According to X, CLAUSE."
                    let comma = (a.np_tokens.1..n).find(|i| is_punct(s, *i, ','))?;
                    (comma + 1, end_tok)
                } else {
                    // "CLAUSE, according to X."
                    let mut to = a.verb_idx;
                    while to > 0 && is_punct(s, to - 1, ',') {
                        to -= 1;
                    }
                    (0, to)
                }
            }
            How::Subject | How::Inverted if lexicon::is_reporting(verb) => {
                let tail_start = match a.how {
                    How::Inverted => a.np_tokens.1,
                    _ => a.verb_idx + 1,
                };
                let rest_is_tail = s
                    .tokens
                    .iter()
                    .skip(tail_start)
                    .take_while(|t| !matches!(t.kind, Kind::Punct('—' | '–')))
                    .all(|t| match t.kind {
                        Kind::Word => {
                            lexicon::is_time_word(doc.low(*t))
                                || [
                                    "to",
                                    "reporters",
                                    "in",
                                    "a",
                                    "statement",
                                    "interview",
                                    "at",
                                    "on",
                                    "news",
                                    "conference",
                                    "briefing",
                                    "press",
                                ]
                                .contains(&doc.low(*t))
                        }
                        Kind::Punct(_) | Kind::Number => true,
                        Kind::Quote(_) => false,
                    });
                let subject_first = a.np_tokens.0.min(a.verb_idx);
                let attribution_end = a.np_tokens.1.max(a.verb_idx + 1);
                let parenthetical = subject_first > 1
                    && is_punct(s, subject_first - 1, ',')
                    && is_punct(s, attribution_end, ',')
                    && a.np_tokens.1 - a.np_tokens.0 <= 4;
                if (rest_is_tail || parenthetical)
                    && subject_first > 1
                    && is_punct(s, subject_first - 1, ',')
                {
                    // "CLAUSE, Lind said." / "CLAUSE, said Lind."
                    (0, subject_first - 1)
                } else if a.how == How::Subject {
                    let mut from = a.verb_idx + 1;
                    let that = (from..(from + 9).min(n))
                        .find(|i| low(doc, s, *i) == "that")
                        .filter(|t| !clause_has_verb(doc, s, from, *t + 1));
                    let mut has_that = false;
                    if let Some(t) = that {
                        from = t + 1;
                        has_that = true;
                    } else {
                        if matches!(verb, "told" | "tells" | "informed" | "informs") {
                            // "told reporters", "told the BBC": the listener, then the clause,
                            // which starts with its subject; "told a rally on …" has none.
                            let capped = |np: &(usize, usize)| {
                                (np.0..np.1)
                                    .any(|i| s.tokens.get(i).is_some_and(|t| doc.is_cap(*t)))
                            };
                            if let Some(np) = np_after(doc, s, from).filter(capped) {
                                from = np.1;
                            } else if is_word(s, from) {
                                let det = matches!(
                                    low(doc, s, from),
                                    "the" | "a" | "an" | "his" | "her" | "their" | "its"
                                );
                                from += if det { 2 } else { 1 };
                            }
                        }
                        while from < n
                            && is_word(s, from)
                            && lexicon::is_time_word(low(doc, s, from))
                            && low(doc, s, from) != "the"
                        {
                            from += 1;
                        }
                        if ["on", "in", "via"].contains(&low(doc, s, from)) {
                            // "said on Twitter the plan …", "said in a statement the …".
                            let mut j = from + 1;
                            while j < n
                                && j < from + 5
                                && is_word(s, j)
                                && !["the", "he", "she", "they", "it", "there"]
                                    .contains(&low(doc, s, j))
                            {
                                j += 1;
                            }
                            from = j;
                        }
                    }
                    if is_punct(s, from, ',') || is_punct(s, from, ':') || is_quote(s, from) {
                        continue;
                    }
                    if !has_that && !clause_has_verb(doc, s, from, end_tok) {
                        // "She added a row of heart emojis": an object, not a statement.
                        continue;
                    }
                    (from, end_tok)
                } else {
                    continue;
                }
            }
            _ => continue,
        };
        if from >= to {
            continue;
        }
        // A clause starts with a word or a number, never with "to …" or "at the …"; an
        // opening adverbial ("in December, …") is stepped over.
        let mut from = from;
        if is_preposition(low(doc, s, from))
            && let Some(comma) = (from..(from + 7).min(to)).find(|i| is_punct(s, *i, ','))
        {
            from = comma + 1;
        }
        let opener = low(doc, s, from);
        let before_number = matches!(
            s.tokens.get(from + 1).map(|t| t.kind),
            Some(Kind::Number | Kind::Punct('$' | '€' | '£'))
        );
        let opener = if before_number { "" } else { opener };
        let word_first = matches!(
            s.tokens.get(from).map(|t| t.kind),
            Some(Kind::Word | Kind::Number | Kind::Quote(_))
        );
        let introduced = a.how == How::AccordingTo || low(doc, s, from.saturating_sub(1)) == "that";
        if from >= to || !word_first || (is_preposition(opener) && !introduced) {
            continue;
        }
        // "… had found the leak, “not because …”": the reporter's words end where a
        // quotation of more than a few words begins; the quotation is a suggestion of its own.
        let mut to = to;
        if let Some(q) = (from + 1..to).find(|i| {
            s.tokens.get(*i).is_some_and(|t| {
                matches!(t.kind, Kind::Quote(_)) && word_count(doc, (t.start, t.end)) > 3
            })
        }) {
            let mut end = q;
            while end > from
                && matches!(
                    s.tokens.get(end - 1).map(|t| t.kind),
                    Some(Kind::Punct(',' | ':' | '—' | '–'))
                )
            {
                end -= 1;
            }
            // Only a quote set off by a comma or a dash: "was given “assurances …”" is one
            // statement, the quote being its object.
            if end < q && (from..end).filter(|i| is_word(s, *i)).count() >= 4 {
                to = end;
            }
        }
        let clause_words = (from..to)
            .filter(|i| {
                is_word(s, *i) || matches!(s.tokens.get(*i).map(|t| t.kind), Some(Kind::Number))
            })
            .count();
        if clause_words < 4 {
            continue;
        }
        let start = tok_start(s, from);
        let end = s.tokens.get(to - 1).map_or(start, |t| t.end);
        let (start, end) = trim_inner(doc, (start, end));
        let Some((entity, sure)) = reg.resolve(&a.mention, a.np_start, Some(sentence_no)) else {
            continue;
        };
        if reg
            .entities
            .get(entity)
            .is_some_and(|e| lexicon::is_document_noun(&fold(&e.name)))
        {
            continue;
        }
        let base = if a.how == How::AccordingTo { 0.75 } else { 0.8 };
        return Some(Found {
            range: CharRange::new(start, end),
            kind: SuggestionKind::ReportedSpeech,
            entity: Some(entity),
            mention: String::new(),
            confidence: base * sure,
            cue: a.cue.clone(),
            priority: 1,
        });
    }
    None
}

/// A preposition (or infinitive "to") that cannot open a reported clause.
fn is_preposition(w: &str) -> bool {
    matches!(
        w,
        "to" | "at"
            | "on"
            | "in"
            | "outside"
            | "inside"
            | "with"
            | "from"
            | "for"
            | "by"
            | "near"
            | "during"
            | "after"
            | "before"
            | "into"
            | "onto"
            | "under"
            | "over"
            | "through"
            | "across"
            | "behind"
            | "about"
            | "against"
            | "without"
            | "via"
            | "of"
            | "among"
            | "between"
            | "towards"
            | "toward"
    )
}

/// True when `[from, to)` has a word that is likely a finite verb: an auxiliary, a modal, a
/// copula, a past tense, or a third-person present after a pronoun.
fn clause_has_verb(doc: &Doc, s: &Sentence, from: usize, to: usize) -> bool {
    (from..to).any(|i| {
        let w = low(doc, s, i);
        let prev = if i > from { low(doc, s, i - 1) } else { "" };
        is_word(s, i)
            && (matches!(
                w,
                "is" | "was"
                    | "are"
                    | "were"
                    | "be"
                    | "been"
                    | "has"
                    | "had"
                    | "have"
                    | "will"
                    | "would"
                    | "could"
                    | "can"
                    | "should"
                    | "may"
                    | "might"
                    | "must"
                    | "did"
                    | "does"
                    | "do"
                    | "won't"
                    | "wouldn't"
                    | "can't"
                    | "couldn't"
                    | "isn't"
                    | "wasn't"
                    | "aren't"
                    | "weren't"
                    | "hasn't"
                    | "hadn't"
                    | "haven't"
                    | "didn't"
                    | "doesn't"
                    | "don't"
                    | "shall"
                    | "went"
                    | "came"
                    | "took"
                    | "made"
                    | "gave"
                    | "got"
                    | "saw"
                    | "knew"
                    | "thought"
                    | "found"
                    | "left"
                    | "kept"
                    | "began"
                    | "became"
                    | "paid"
                    | "lost"
                    | "won"
                    | "held"
                    | "ran"
                    | "rose"
                    | "fell"
                    | "grew"
                    | "brought"
                    | "bought"
                    | "sent"
                    | "spent"
                    | "met"
                    | "built"
                    | "led"
                    | "felt"
                    | "heard"
                    | "meant"
                    | "stood"
                    | "told"
                    | "said"
                    | "wrote"
                    | "drove"
                    | "broke"
                    | "spoke"
                    | "chose"
                    | "sold"
                    | "shot"
                    | "fled"
                    | "hid"
                    | "struck"
                    | "sought"
                    | "fought"
                    | "caught"
                    | "taught"
            ) || (w.len() >= 4 && w.ends_with("ed"))
                || (w.len() >= 4
                    && w.ends_with('s')
                    && !w.ends_with("ss")
                    && !w.ends_with("ous")
                    && !w.ends_with("ics")
                    && i > from
                    && i + 1 < to
                    && !matches!(
                        prev,
                        "the"
                            | "a"
                            | "an"
                            | "its"
                            | "his"
                            | "her"
                            | "their"
                            | "our"
                            | "my"
                            | "many"
                            | "some"
                            | "several"
                            | "few"
                            | "these"
                            | "those"
                            | "of"
                            | "all"
                            | "more"
                            | "other"
                            | "two"
                            | "three"
                            | "both"
                            | "no"
                            | "in"
                            | "on"
                            | "at"
                            | "for"
                            | "with"
                            | "by"
                            | "to"
                            | "from"
                    )))
    })
}

fn is_year(text: &str) -> bool {
    text.len() == 4 && text.starts_with(['1', '2']) && text.chars().all(|c| c.is_ascii_digit())
}

/// A check-worthy factual sentence: a quantity (not a date or a time) or a comparison or
/// record with a number.
fn factual(doc: &Doc, s: &Sentence) -> Option<Found> {
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
        mention: String::new(),
        confidence: score.min(0.65),
        cue: String::new(),
        priority: 3,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Vec<(String, SuggestionKind, String)> {
        let chars: Vec<char> = text.chars().collect();
        suggest(text, &[])
            .into_iter()
            .map(|s| {
                let words: String = chars
                    .get(s.range.start..s.range.end)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                (words, s.kind, s.speaker.map(|p| p.name).unwrap_or_default())
            })
            .collect()
    }

    #[test]
    fn quotes_with_speakers_before_after_and_split() {
        let got = run(
            "Harbour Authority chair Maria Lind said: “The pier cost €4 million — not a cent more.”\n\n“We will open in May,” said Lind. “It is on time,” she added, “and on budget.”",
        );
        assert_eq!(
            got,
            vec![
                (
                    "The pier cost €4 million — not a cent more.".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
                (
                    "We will open in May".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
                (
                    "It is on time".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
                (
                    "and on budget.".to_string(),
                    SuggestionKind::DirectQuote,
                    "Maria Lind".to_string()
                ),
            ]
        );
    }

    #[test]
    fn reported_speech_and_according_to() {
        let got = run(
            "Police said the suspected gunman surrendered himself to officers. According to the BBC, the militia is largely made up of volunteers. The pier will open in May, the ministry said.",
        );
        assert_eq!(
            got,
            vec![
                (
                    "the suspected gunman surrendered himself to officers".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "Police".to_string()
                ),
                (
                    "the militia is largely made up of volunteers".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "BBC".to_string()
                ),
                (
                    "The pier will open in May".to_string(),
                    SuggestionKind::ReportedSpeech,
                    "Ministry".to_string()
                ),
            ]
        );
    }

    #[test]
    fn scare_quotes_titles_and_captions_are_not_statements() {
        let got = run(
            "The so-called “green corridor” opened. She watched the film “Harbour Lights” again. The “bridge deal” was signed.\n—Maria Lind on Tuesday",
        );
        assert!(got.is_empty(), "{got:?}");
    }

    #[test]
    fn factual_sentences_need_a_quantity() {
        let got = run(
            "The budget has doubled since 2021 to €48 million. It rained on Tuesday, May 4, 2021 in the city.",
        );
        assert_eq!(got.len(), 1, "{got:?}");
        assert_eq!(
            got.first().map(|g| g.1),
            Some(SuggestionKind::FactualStatement)
        );
    }

    #[test]
    fn offsets_are_chars_in_multibyte_text() {
        let text = "😀 Søren Ålund, the union’s president, said: “Ça coûte 4 € — 東京 too.”";
        let s = suggest(text, &[]);
        let first = s.first().expect("a suggestion");
        let words: String = text
            .chars()
            .skip(first.range.start)
            .take(first.range.len())
            .collect();
        assert_eq!(words, "Ça coûte 4 € — 東京 too.");
        assert_eq!(
            first.speaker.as_ref().map(|p| p.name.as_str()),
            Some("Søren Ålund")
        );
        assert_eq!(
            first.speaker.as_ref().map(|p| p.role.as_str()),
            Some("union’s president")
        );
    }

    #[test]
    fn workspace_speakers_are_reused_by_alias() {
        let known = [KnownSpeaker {
            name: "Maria Lind".into(),
            aliases: vec!["Lind".into()],
        }];
        let s = suggest("“The pier is on time,” Lind said.", &known);
        let sp = s
            .first()
            .and_then(|s| s.speaker.clone())
            .expect("a speaker");
        assert_eq!(sp.name, "Maria Lind");
        assert!(sp.known);
    }
}
